//! `traguardo relazione …` e `traguardo oiv …`: la Relazione sulla performance (bozza →
//! approvata con l'atto del CdA → validata dal Nucleo/OIV), i fatti del Nucleo/OIV
//! (osservazioni, raggiungimenti accertati, proposta per il direttore), la decisione del CdA
//! sul direttore e la ripartizione del fondo memorizzata (bozza o definitiva).

use crate::cli::ctx;
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use rust_decimal::Decimal;
use std::io::Write;
use traguardo_app::Errore;
use traguardo_app::porte_relazione::RelazioneRegistrata;
use traguardo_app::relazione::{self as rel, Bersaglio, VistaRelazione};
use traguardo_domain::numeri::{Importo, arrotonda, formato_percento_it, interpreta_decimale};
use traguardo_storage::Store;

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoRelazione {
    Text,
    Json,
}

#[derive(Subcommand)]
pub enum ComandoRelazione {
    /// Crea la Relazione sulla performance dell'anno, in bozza.
    Create {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
    /// Registra l'approvazione della Relazione da parte del CdA, con il suo atto.
    Approve {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        /// L'atto: «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>».
        #[arg(long)]
        act: String,
    },
    /// La validazione del Nucleo/OIV (con la data e il testo): da qui l'anno è congelato.
    Validate {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        /// Data della validazione (gg/mm/aaaa).
        #[arg(long)]
        date: String,
        #[arg(long)]
        text: String,
    },
    /// La Relazione, le osservazioni, gli accertamenti accanto ai dichiarati, la proposta per
    /// il direttore e le ripartizioni del fondo memorizzate.
    Show {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long, value_enum, default_value_t = FormatoRelazione::Text)]
        format: FormatoRelazione,
    },
    /// La decisione del CdA sulla valutazione del direttore proposta dal Nucleo/OIV.
    DirectorDecision {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        act: String,
        /// Punteggio deciso (predefinito: quello proposto).
        #[arg(long)]
        score: Option<String>,
    },
    /// Come l'ente chiama il suo organismo di valutazione (predefinito «Nucleo di valutazione»).
    OivName {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        name: String,
    },
    /// Ripartisce il fondo con i punteggi di oggi e memorizza la ripartizione: in bozza, o
    /// definitiva (`--final`, solo a Relazione validata).
    AllocateFund {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        /// Importo del fondo (es. 100000 o 100.000,00).
        #[arg(long)]
        fund: String,
        #[arg(long)]
        checkpoint: Option<String>,
        #[arg(long = "final")]
        definitiva: bool,
    },
}

#[derive(Subcommand)]
pub enum ComandoOiv {
    /// Un'osservazione su un obiettivo o un suo indicatore.
    Observe {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        objective: String,
        /// Posizione dell'indicatore nell'obiettivo (da 1).
        #[arg(long)]
        indicator: Option<usize>,
        #[arg(long)]
        text: String,
    },
    /// Il raggiungimento accertato (%) con il motivo, accanto al dichiarato.
    Assess {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        indicator: Option<usize>,
        /// Raggiungimento accertato (%), anche con la virgola.
        #[arg(long)]
        achievement: String,
        #[arg(long)]
        reason: String,
    },
    /// La proposta per la valutazione del direttore.
    Propose {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        score: String,
        #[arg(long)]
        text: String,
    },
}

fn io(e: std::io::Error) -> Errore {
    Errore::interno(format!("scrittura dell'output: {e}"))
}

fn decimale(opzione: &str, t: &str) -> Result<Decimal, Errore> {
    interpreta_decimale(t).map_err(|m| Errore::NonValido(format!("{opzione} «{t}»: {m}")))
}

fn data(t: &str) -> Result<NaiveDate, Errore> {
    NaiveDate::parse_from_str(t.trim(), "%d/%m/%Y").map_err(|_| {
        Errore::NonValido(format!(
            "--date «{t}»: attesa una data gg/mm/aaaa (es. 30/06/2024)"
        ))
    })
}

fn gg(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| "—".into())
}

fn perc(d: Decimal) -> String {
    formato_percento_it(arrotonda(d, 2))
}

fn riga_relazione(r: &RelazioneRegistrata) -> String {
    let mut s = format!("Relazione sulla performance {}: {}", r.anno, r.stato);
    if let Some(a) = &r.atto_approvazione {
        s.push_str(&format!(
            "; approvata con {a} (registrata da {})",
            r.approvata_da.as_deref().unwrap_or("—")
        ));
    }
    if r.validata_il.is_some() {
        s.push_str(&format!(
            "; validata il {} da {}: «{}»",
            gg(r.validata_il),
            r.validata_da.as_deref().unwrap_or("—"),
            r.validazione_testo.as_deref().unwrap_or("")
        ));
    }
    s
}

pub async fn relazione(
    store: &Store,
    out: &mut Vec<u8>,
    c: ComandoRelazione,
) -> Result<(), Errore> {
    match c {
        ComandoRelazione::Create { ente, cycle } => {
            let r = rel::crea(store, &ctx(store, &ente).await?, cycle).await?;
            writeln!(out, "{}.", riga_relazione(&r)).map_err(io)
        }
        ComandoRelazione::Approve { ente, cycle, act } => {
            let r = rel::approva(store, &ctx(store, &ente).await?, cycle, &act).await?;
            writeln!(out, "{}.", riga_relazione(&r)).map_err(io)
        }
        ComandoRelazione::Validate {
            ente,
            cycle,
            date,
            text,
        } => {
            let d = data(&date)?;
            let r = rel::valida(store, &ctx(store, &ente).await?, cycle, d, &text).await?;
            writeln!(out, "{}.", riga_relazione(&r)).map_err(io)?;
            writeln!(
                out,
                "Da ora voti, prese visione, ripartizioni del fondo e fatti del Nucleo/OIV del {cycle} sono congelati; i punteggi usano i raggiungimenti accertati."
            )
            .map_err(io)
        }
        ComandoRelazione::Show {
            ente,
            cycle,
            format,
        } => {
            let v = rel::mostra(store, &ctx(store, &ente).await?, cycle).await?;
            match format {
                FormatoRelazione::Json => {
                    let s = serde_json::to_string_pretty(&v)
                        .map_err(|e| Errore::interno(format!("JSON: {e}")))?;
                    writeln!(out, "{s}").map_err(io)
                }
                FormatoRelazione::Text => stampa(out, &v).map_err(io),
            }
        }
        ComandoRelazione::DirectorDecision {
            ente,
            cycle,
            act,
            score,
        } => {
            let s = score
                .as_deref()
                .map(|s| decimale("--score", s))
                .transpose()?;
            let p = rel::decidi_direttore(store, &ctx(store, &ente).await?, cycle, &act, s).await?;
            writeln!(
                out,
                "Decisione del CdA sulla valutazione del direttore registrata: {} ({}; proposta del Nucleo/OIV {}).",
                p.decisione_punteggio.map(perc).unwrap_or_default(),
                p.decisione_atto.as_deref().unwrap_or(""),
                perc(p.punteggio)
            )
            .map_err(io)
        }
        ComandoRelazione::OivName { ente, name } => {
            let n = rel::imposta_denominazione_oiv(store, &ctx(store, &ente).await?, &name).await?;
            writeln!(
                out,
                "L'organismo di valutazione di {ente} si chiama ora «{n}»."
            )
            .map_err(io)
        }
        ComandoRelazione::AllocateFund {
            ente,
            cycle,
            fund,
            checkpoint,
            definitiva,
        } => {
            let fondo = Importo::interpreta(&fund).map_err(Errore::NonValido)?;
            let (x, rip) = rel::ripartisci_e_memorizza(
                store,
                &ctx(store, &ente).await?,
                cycle,
                fondo,
                checkpoint.as_deref(),
                definitiva,
            )
            .await?;
            writeln!(
                out,
                "Ripartizione n. {} del fondo {cycle} memorizzata {}: distribuiti {} su {} a {} persone.",
                x.numero,
                if x.definitiva {
                    "come DEFINITIVA"
                } else {
                    "in bozza (i premi sono definitivi solo dopo la validazione della Relazione)"
                },
                x.distribuito.formato_it(),
                x.fondo.formato_it(),
                x.righe.iter().filter(|r| r.ammesso).count()
            )
            .map_err(io)?;
            writeln!(out, "persona;nome;ammesso;punteggio;premio").map_err(io)?;
            for r in &x.righe {
                writeln!(
                    out,
                    "{};{};{};{};{}",
                    r.persona,
                    r.nome,
                    if r.ammesso { "sì" } else { "no" },
                    perc(r.punteggio),
                    r.premio.formato_it()
                )
                .map_err(io)?;
            }
            let _ = rip;
            Ok(())
        }
    }
}

pub async fn oiv(store: &Store, out: &mut Vec<u8>, c: ComandoOiv) -> Result<(), Errore> {
    match c {
        ComandoOiv::Observe {
            ente,
            cycle,
            objective,
            indicator,
            text,
        } => {
            let b = Bersaglio {
                obiettivo: objective,
                indicatore: indicator,
            };
            rel::osserva(store, &ctx(store, &ente).await?, cycle, &b, &text).await?;
            writeln!(out, "Osservazione registrata su {}.", descrivi(&b)).map_err(io)
        }
        ComandoOiv::Assess {
            ente,
            cycle,
            objective,
            indicator,
            achievement,
            reason,
        } => {
            let v = decimale("--achievement", &achievement)?;
            let b = Bersaglio {
                obiettivo: objective,
                indicatore: indicator,
            };
            let e = rel::accerta(store, &ctx(store, &ente).await?, cycle, &b, v, &reason).await?;
            writeln!(
                out,
                "Raggiungimento accertato per {}: {} (revisione {}). Vale nei punteggi dopo la validazione della Relazione.",
                descrivi(&b),
                perc(v),
                e.revisione
            )
            .map_err(io)
        }
        ComandoOiv::Propose {
            ente,
            cycle,
            score,
            text,
        } => {
            let v = decimale("--score", &score)?;
            rel::proponi_direttore(store, &ctx(store, &ente).await?, cycle, v, &text).await?;
            writeln!(
                out,
                "Proposta di valutazione del direttore registrata: {}.",
                perc(v)
            )
            .map_err(io)
        }
    }
}

fn descrivi(b: &Bersaglio) -> String {
    match b.indicatore {
        Some(i) => format!("l'indicatore {i} dell'obiettivo {}", b.obiettivo),
        None => format!("l'obiettivo {}", b.obiettivo),
    }
}

fn stampa(out: &mut Vec<u8>, v: &VistaRelazione) -> std::io::Result<()> {
    writeln!(out, "{} — {} {}", v.ente, v.denominazione_oiv, v.anno)?;
    match &v.relazione {
        Some(r) => writeln!(out, "{}.", riga_relazione(r))?,
        None => writeln!(
            out,
            "Relazione sulla performance {}: non ancora creata (relazione create).",
            v.anno
        )?,
    }
    writeln!(out, "Osservazioni ({}):", v.osservazioni.len())?;
    for o in &v.osservazioni {
        writeln!(
            out,
            "  {}: {} ({}, {})",
            descrivi(&o.bersaglio),
            o.testo,
            o.registrata_da,
            o.registrata_il.format("%d/%m/%Y")
        )?;
    }
    writeln!(
        out,
        "Raggiungimenti accertati ({}): dichiarato → accertato",
        v.accertamenti.len()
    )?;
    for a in &v.accertamenti {
        writeln!(
            out,
            "  {}: {} → {} ({}){}",
            descrivi(&a.bersaglio),
            a.dichiarato
                .map(perc)
                .unwrap_or_else(|| "non valutabile".into()),
            perc(a.accertato),
            a.motivo,
            if a.in_uso {
                ", vale l'accertato"
            } else {
                ", vale il dichiarato finché la Relazione non è validata"
            }
        )?;
    }
    match &v.proposta_direttore {
        None => writeln!(out, "Proposta per il direttore: nessuna.")?,
        Some(p) => {
            writeln!(
                out,
                "Proposta per il direttore: {} ({}).",
                perc(p.punteggio),
                p.testo
            )?;
            if let Some(a) = &p.decisione_atto {
                writeln!(
                    out,
                    "Decisione del CdA: {} ({a}).",
                    p.decisione_punteggio.map(perc).unwrap_or_default()
                )?;
            }
        }
    }
    writeln!(out, "Ripartizioni del fondo ({}):", v.ripartizioni.len())?;
    for r in &v.ripartizioni {
        writeln!(
            out,
            "  n. {} {}: {} distribuiti su {} ({} persone, {} il {})",
            r.numero,
            if r.definitiva { "definitiva" } else { "bozza" },
            r.distribuito.formato_it(),
            r.fondo.formato_it(),
            r.persone,
            r.creata_da,
            r.creata_il.format("%d/%m/%Y")
        )?;
    }
    Ok(())
}
