//! Comandi della CLI di monitoraggio e valutazione.

use crate::cli::{attore, campo_csv, leggi_file, leggi_testo};
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use traguardo_app::Errore;
use traguardo_app::valutazione as v;
use traguardo_domain::fondo::{Partecipante, tabelle_art20};
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::numeri::{
    Importo, arrotonda, formato_it, formato_percento_it, formato_punto,
};
use traguardo_domain::piano::{
    CausaScostamento, CausaScostamentoFile, DilazioneFile, EsitoDilazione, StatoStepFile,
};
use traguardo_domain::valutazione::{
    RigaMonitoraggio, discordanze, indicatori_finanziari, rapporto_monitoraggio, scegli_checkpoint,
    spiega, tempestivita,
};
use traguardo_storage::Store;

#[derive(Clone, Copy, ValueEnum)]
pub enum Formato {
    Csv,
    Json,
    Text,
}

fn io(e: std::io::Error) -> Errore {
    Errore::Interno(e.to_string())
}

fn json(out: &mut Vec<u8>, v: &impl serde::Serialize) -> Result<(), Errore> {
    serde_json::to_writer_pretty(&mut *out, v).map_err(|e| Errore::Interno(e.to_string()))?;
    writeln!(out).map_err(io)
}

fn pct(d: Option<rust_decimal::Decimal>) -> String {
    d.map(|x| formato_punto(x, 2)).unwrap_or_default()
}

/// Argomenti comuni della ripartizione del fondo.
#[derive(clap::Args)]
pub struct ArgomentiFondo {
    #[arg(long)]
    ente: String,
    #[arg(long)]
    cycle: i32,
    /// Importo del fondo (es. 50000,00 o 50000.00).
    #[arg(long)]
    fund: String,
    /// CSV con i partecipanti già valutati altrove:
    /// codice,nome,categoria,ruolo,part_time,giorni_presenza,punteggio.
    #[arg(long)]
    scores: Option<PathBuf>,
    #[arg(long)]
    checkpoint: Option<String>,
}

#[derive(Subcommand)]
pub enum ComandoFondo {
    /// Ripartisce il fondo per la produttività: un premio per persona (Σ premi = fondo).
    Allocate {
        #[command(flatten)]
        argomenti: ArgomentiFondo,
        #[arg(long, value_enum, default_value_t = Formato::Csv)]
        format: Formato,
    },
    /// Le tabelle D.Lgs. 33/2013 art. 20 della ripartizione.
    Tables {
        #[command(flatten)]
        argomenti: ArgomentiFondo,
        #[arg(long, value_enum, default_value_t = Formato::Text)]
        format: Formato,
    },
}

#[derive(Subcommand)]
pub enum ComandoRegole {
    /// Mostra le regole SMVP in vigore (JSON leggibile; versione 0 = predefinite).
    Show {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
    /// Salva una nuova versione delle regole da un file JSON.
    Set {
        file: PathBuf,
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
}

#[derive(Subcommand)]
pub enum ComandoValutazione {
    /// Registra i voti dei comportamenti da un CSV persona,comportamento,voto.
    Behaviours {
        file: PathBuf,
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
    /// Punteggi individuali (risultati + comportamenti).
    Individual {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: Option<String>,
        #[arg(long, value_enum, default_value_t = Formato::Csv)]
        format: Formato,
    },
    /// Registra la presa visione della propria valutazione da parte di una persona.
    Acknowledge {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        person: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatoCli {
    DaAvviare,
    InCorso,
    InItinere,
    Parziale,
    Realizzato,
    RealizzatoSperimentale,
    NonRealizzato,
    NonRealizzabile,
    DilazioneRichiesta,
}

impl From<StatoCli> for StatoStep {
    fn from(s: StatoCli) -> Self {
        match s {
            StatoCli::DaAvviare => StatoStep::DaAvviare,
            StatoCli::InCorso => StatoStep::InCorso,
            StatoCli::InItinere => StatoStep::InItinere,
            StatoCli::Parziale => StatoStep::Parziale,
            StatoCli::Realizzato => StatoStep::Realizzato,
            StatoCli::RealizzatoSperimentale => StatoStep::RealizzatoSperimentale,
            StatoCli::NonRealizzato => StatoStep::NonRealizzato,
            StatoCli::NonRealizzabile => StatoStep::NonRealizzabile,
            StatoCli::DilazioneRichiesta => StatoStep::DilazioneRichiesta,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CausaCli {
    Esogena,
    Endogena,
    Indicatore,
}

#[derive(Subcommand)]
pub enum ComandoMonitoraggio {
    /// Rapporto di monitoraggio a un checkpoint: stato di ogni step, dilazioni, valori degli
    /// indicatori, cause degli scostamenti.
    Report {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: Option<String>,
        #[arg(long, value_enum, default_value_t = Formato::Text)]
        format: Formato,
    },
    /// Registra la causa di uno scostamento alla verifica finale.
    Cause {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        objective: String,
        /// Step (da 1); senza, la causa riguarda l'obiettivo.
        #[arg(long)]
        step: Option<u32>,
        #[arg(long, value_enum)]
        cause: CausaCli,
        #[arg(long)]
        text: String,
    },
    /// Elenca le dilazioni del ciclo con il loro esito e la scadenza in vigore.
    Extensions {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
    /// Registra lo stato di uno step a un checkpoint.
    Status {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: String,
        #[arg(long)]
        objective: String,
        /// Posizione dello step (da 1).
        #[arg(long)]
        step: u32,
        #[arg(long, value_enum)]
        status: StatoCli,
        #[arg(long)]
        percent: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
    /// Chiede una nuova scadenza per uno step.
    RequestExtension {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: String,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        step: u32,
        /// Nuova scadenza proposta (es. "entro ottobre 2023").
        #[arg(long)]
        deadline: String,
        #[arg(long)]
        reason: String,
    },
    /// Concede o respinge la dilazione in attesa, con l'atto che lo decide.
    DecideExtension {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        step: u32,
        #[arg(long)]
        grant: bool,
        /// Atto (es. "Deliberazione CdA n. 40 del 15/09/2023").
        #[arg(long)]
        act: String,
        /// Data dell'atto, gg/mm/aaaa.
        #[arg(long)]
        date: String,
    },
}

fn leggi_partecipanti(f: &std::path::Path) -> Result<Vec<Partecipante>, Errore> {
    let testo = leggi_testo(f)?;
    let sep = if testo.lines().next().unwrap_or("").contains(';') {
        ';'
    } else {
        ','
    };
    let mut out = Vec::new();
    let mut errori = Vec::new();
    for (i, riga) in testo.lines().enumerate().skip(1) {
        if riga.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = riga.split(sep).map(str::trim).collect();
        let dec = |s: &str| traguardo_domain::numeri::interpreta_decimale(s);
        match (c.len(), c.get(4).map(|x| dec(x)), c.get(5).map(|x| x.parse::<u32>()), c.get(6).map(|x| dec(x))) {
            (7, Some(Ok(pt)), Some(Ok(g)), Some(Ok(s))) => out.push(Partecipante {
                codice: c[0].into(),
                nome: c[1].into(),
                categoria: (!c[2].is_empty()).then(|| c[2].into()),
                ruolo: (!c[3].is_empty()).then(|| c[3].into()),
                part_time: pt,
                giorni_presenza: g,
                punteggio: s,
            }),
            _ => errori.push(traguardo_domain::rilievi::Rilievo::errore(
                "riga_non_valida",
                format!("riga {}", i + 1),
                format!(
                    "{}, riga {}: attese 7 colonne codice,nome,categoria,ruolo,part_time,giorni_presenza,punteggio con numeri validi",
                    f.display(),
                    i + 1
                ),
            )),
        }
    }
    if errori.is_empty() {
        Ok(out)
    } else {
        Err(Errore::Rifiutato(errori))
    }
}

fn data_it(s: &str) -> Result<chrono::NaiveDate, Errore> {
    chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .map_err(|_| Errore::NonValido(format!("data «{s}» non valida: usare gg/mm/aaaa")))
}

pub async fn punteggi(
    store: &Store,
    out: &mut Vec<u8>,
    ente: &str,
    anno: i32,
    checkpoint: Option<&str>,
    formato: Formato,
) -> Result<(), Errore> {
    let (_, val, r) = v::valuta(store, ente, anno, checkpoint).await?;
    match formato {
        Formato::Json => json(
            out,
            &serde_json::json!({"regole_versione": r.versione, "valutazione": val}),
        )?,
        Formato::Csv | Formato::Text => {
            writeln!(out, "level,code,name,weight,achievement,band").map_err(io)?;
            for o in &val.obiettivi {
                writeln!(
                    out,
                    "objective,{},{},{},{},{}",
                    campo_csv(&o.codice),
                    campo_csv(&o.titolo),
                    pct(o.peso.or(o.punti)),
                    pct(o.raggiungimento),
                    campo_csv(o.fascia.as_deref().unwrap_or(""))
                )
                .map_err(io)?;
            }
            for a in &val.aggregati {
                writeln!(
                    out,
                    "{},{},{},{},{},{}",
                    a.livello,
                    campo_csv(&a.codice),
                    campo_csv(&a.nome),
                    pct(a.peso),
                    pct(a.raggiungimento),
                    campo_csv(a.fascia.as_deref().unwrap_or(""))
                )
                .map_err(io)?;
            }
        }
    }
    Ok(())
}

pub async fn spiegazione(
    store: &Store,
    out: &mut Vec<u8>,
    ente: &str,
    anno: i32,
    obiettivo: &str,
    checkpoint: Option<&str>,
) -> Result<(), Errore> {
    let (p, val, r) = v::valuta(store, ente, anno, checkpoint).await?;
    let e = val
        .obiettivi
        .iter()
        .find(|o| o.codice == obiettivo)
        .ok_or_else(|| {
            Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non è nel piano {anno}"))
        })?;
    write!(out, "{}", spiega(&p, e, val.checkpoint.as_ref())).map_err(io)?;
    writeln!(
        out,
        "Regole SMVP: versione {} ({}).",
        r.versione,
        if r.versione == 0 {
            "predefinite"
        } else {
            "dell'ente"
        }
    )
    .map_err(io)?;
    if e.punti.is_some()
        && let Some(d) = val.aggregati.iter().find(|a| a.livello == "director")
    {
        writeln!(out, "\nDirettore: {}", d.spiegazione).map_err(io)?;
    }
    Ok(())
}

pub async fn scostamenti(
    store: &Store,
    out: &mut Vec<u8>,
    ente: &str,
    anno: i32,
    checkpoint: Option<&str>,
    formato: Formato,
) -> Result<(), Errore> {
    let (p, val, _) = v::valuta(store, ente, anno, checkpoint).await?;
    let esiti: Vec<_> = val
        .obiettivi
        .iter()
        .flat_map(|o| o.indicatori.iter().cloned())
        .filter(|e| e.valore.is_some())
        .collect();
    let disc = discordanze(&esiti);
    match formato {
        Formato::Json => json(
            out,
            &serde_json::json!({
                "convenzione": "scostamento = valore rilevato − valore atteso (b − a); in % del valore atteso",
                "indicatori": esiti, "discordanze_con_lo_stampato": disc,
                "indicatori_finanziari": indicatori_finanziari(&p),
            }),
        )?,
        Formato::Csv => {
            writeln!(out, "objective,indicator,target,actual,delta,delta_pct,met").map_err(io)?;
            for e in &esiti {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{}",
                    campo_csv(&e.obiettivo),
                    e.posizione,
                    campo_csv(
                        &e.atteso
                            .map(|x| formato_punto(x, 2))
                            .unwrap_or_else(|| e.target.clone())
                    ),
                    campo_csv(
                        &e.rilevato
                            .map(|x| formato_punto(x, 2))
                            .unwrap_or_else(|| e.valore.clone().unwrap_or_default())
                    ),
                    e.scostamento
                        .map(|x| formato_punto(x, 2))
                        .unwrap_or_default(),
                    pct(e.scostamento_percento),
                    match e.rispettato {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "",
                    }
                )
                .map_err(io)?;
            }
        }
        Formato::Text => {
            writeln!(out, "Convenzione: scostamento = valore rilevato − valore atteso (b − a), e in % del valore atteso.").map_err(io)?;
            let misurati = esiti.iter().filter(|e| e.scostamento.is_some()).count();
            writeln!(
                out,
                "Indicatori con un valore rilevato: {}; misurati: {misurati}; da valutare: {}.",
                esiti.len(),
                esiti.len() - misurati
            )
            .map_err(io)?;
            writeln!(
                out,
                "\nScostamenti stampati che non concordano con la convenzione ({}):",
                disc.len()
            )
            .map_err(io)?;
            for d in &disc {
                writeln!(
                    out,
                    "  {} ind. {} «{}»: stampato «{}», calcolato {} — {}",
                    d.obiettivo,
                    d.indicatore,
                    d.nome.chars().take(60).collect::<String>(),
                    d.stampato,
                    formato_it(d.calcolato, 2),
                    d.spiegazione
                )
                .map_err(io)?;
            }
            for f in indicatori_finanziari(&p) {
                writeln!(
                    out,
                    "\nIndicatore finanziario {} — {}: {}{}",
                    f.codice,
                    f.nome,
                    f.spiegazione,
                    f.stampato
                        .map(|s| format!(" (stampato {s})"))
                        .unwrap_or_default()
                )
                .map_err(io)?;
            }
        }
    }
    Ok(())
}

pub async fn tempi(
    store: &Store,
    out: &mut Vec<u8>,
    ente: &str,
    anno: i32,
    checkpoint: Option<&str>,
) -> Result<(), Errore> {
    let (p, val, _) = v::valuta(store, ente, anno, checkpoint).await?;
    writeln!(out, "objective,step,planned,actual,months_late,outcome").map_err(io)?;
    for t in tempestivita(&p, val.checkpoint.as_ref()) {
        writeln!(
            out,
            "{},{},{},{},{},{}",
            campo_csv(&t.obiettivo),
            t.step,
            campo_csv(&t.previsto),
            campo_csv(&t.consuntivo),
            t.mesi.map(|m| m.to_string()).unwrap_or_default(),
            campo_csv(&t.esito)
        )
        .map_err(io)?;
    }
    Ok(())
}

pub async fn fondo(store: &Store, out: &mut Vec<u8>, c: ComandoFondo) -> Result<(), Errore> {
    let (a, formato, tabelle) = match c {
        ComandoFondo::Allocate { argomenti, format } => (argomenti, format, false),
        ComandoFondo::Tables { argomenti, format } => (argomenti, format, true),
    };
    let ArgomentiFondo {
        ente,
        cycle: anno,
        fund,
        scores,
        checkpoint,
    } = a;
    let importo = Importo::interpreta(&fund).map_err(Errore::NonValido)?;
    let partecipanti = scores.as_deref().map(leggi_partecipanti).transpose()?;
    let (rip, regole) = v::ripartisci_fondo(
        store,
        &ente,
        anno,
        importo,
        checkpoint.as_deref(),
        partecipanti,
    )
    .await?;
    if tabelle {
        let t = tabelle_art20(&rip, &regole);
        match formato {
            Formato::Json => json(out, &t)?,
            _ => {
                writeln!(
                    out,
                    "Premi collegati alla performance — D.Lgs. 33/2013, art. 20"
                )
                .map_err(io)?;
                writeln!(
                    out,
                    "Ammontare complessivo stanziato:   {}",
                    t.stanziato.formato_it()
                )
                .map_err(io)?;
                writeln!(
                    out,
                    "Ammontare effettivamente distribuito: {}",
                    t.distribuito.formato_it()
                )
                .map_err(io)?;
                writeln!(
                    out,
                    "Dipendenti valutati: {}; premiati: {}",
                    t.valutati, t.premiati
                )
                .map_err(io)?;
                writeln!(
                    out,
                    "Premio medio: {}; minimo: {}; massimo: {}",
                    t.premio_medio.formato_it(),
                    t.premio_minimo.formato_it(),
                    t.premio_massimo.formato_it()
                )
                .map_err(io)?;
                writeln!(out, "\nDistribuzione per fascia di giudizio:").map_err(io)?;
                for f in &t.distribuzione {
                    writeln!(
                        out,
                        "  {:<28} {:>4} persone ({:>7})  {:>14} ({:>7})",
                        f.fascia,
                        f.persone,
                        formato_percento_it(f.percentuale_persone),
                        f.importo.formato_it(),
                        formato_percento_it(f.percentuale_importo)
                    )
                    .map_err(io)?;
                }
                writeln!(out, "\nGrado di differenziazione: premio massimo / minimo = {}; quota del fondo al quinto dei premiati con i premi più alti = {}",
                    t.rapporto_massimo_minimo.map(|x| formato_it(x, 2)).unwrap_or_else(|| "—".into()),
                    t.quota_al_primo_quinto.map(formato_percento_it).unwrap_or_else(|| "—".into())).map_err(io)?;
            }
        }
        return Ok(());
    }
    match formato {
        Formato::Json => json(out, &rip)?,
        _ => {
            writeln!(
                out,
                "person,name,eligible,reason,score,coefficient,parameter,maggiorazione,premium"
            )
            .map_err(io)?;
            for p in &rip.premi {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{}",
                    campo_csv(&p.codice),
                    campo_csv(&p.nome),
                    if p.ammesso { "yes" } else { "no" },
                    campo_csv(&p.motivo),
                    formato_punto(p.punteggio, 2),
                    formato_punto(p.coefficiente, 2),
                    formato_punto(arrotonda(p.parametro, 6), 6),
                    if p.maggiorazione { "yes" } else { "no" },
                    p.premio
                )
                .map_err(io)?;
            }
            eprintln!(
                "Fondo {}: distribuiti {}, non distribuiti {}. {}",
                rip.fondo.formato_it(),
                rip.distribuito.formato_it(),
                rip.non_distribuito.formato_it(),
                rip.regola
            );
        }
    }
    Ok(())
}

pub async fn regole(store: &Store, out: &mut Vec<u8>, c: ComandoRegole) -> Result<(), Errore> {
    match c {
        ComandoRegole::Show { ente, cycle } => {
            let r = v::regole(store, &ente, cycle).await?;
            json(
                out,
                &serde_json::json!({"versione": r.versione, "creato_il": r.creato_il, "attore": r.attore, "regole": r.regole}),
            )?;
        }
        ComandoRegole::Set { file, ente, cycle } => {
            let byte = leggi_file(&file)?;
            let n = v::imposta_regole(
                store,
                &attore(),
                &ente,
                cycle,
                &byte,
                &file.display().to_string(),
            )
            .await?;
            writeln!(out, "Regole SMVP salvate: versione {n}.").map_err(io)?;
        }
    }
    Ok(())
}

pub async fn valutazione(
    store: &Store,
    out: &mut Vec<u8>,
    c: ComandoValutazione,
) -> Result<(), Errore> {
    match c {
        ComandoValutazione::Behaviours { file, ente, cycle } => {
            let t = leggi_testo(&file)?;
            let n = v::registra_voti(
                store,
                &attore(),
                &ente,
                cycle,
                &t,
                &file.display().to_string(),
            )
            .await?;
            writeln!(out, "{n} voti registrati.").map_err(io)?;
        }
        ComandoValutazione::Individual {
            ente,
            cycle,
            checkpoint,
            format,
        } => {
            let esiti =
                v::valutazione_individuale(store, &ente, cycle, checkpoint.as_deref()).await?;
            match format {
                Formato::Json => json(out, &esiti)?,
                Formato::Text => {
                    for e in &esiti {
                        writeln!(out, "{} {}: {}", e.persona, e.nome, e.spiegazione).map_err(io)?;
                    }
                }
                Formato::Csv => {
                    writeln!(out, "person,name,cluster,results,behaviours,score,band")
                        .map_err(io)?;
                    for e in &esiti {
                        writeln!(
                            out,
                            "{},{},{},{},{},{},{}",
                            campo_csv(&e.persona),
                            campo_csv(&e.nome),
                            campo_csv(&e.cluster),
                            pct(e.risultati),
                            pct(e.comportamenti),
                            pct(e.punteggio),
                            campo_csv(e.fascia.as_deref().unwrap_or(""))
                        )
                        .map_err(io)?;
                    }
                }
            }
        }
        ComandoValutazione::Acknowledge {
            ente,
            cycle,
            person,
        } => {
            let p = v::prendi_visione(store, &attore(), &ente, cycle, &person).await?;
            writeln!(
                out,
                "Presa visione di {} registrata il {}{}.",
                p.persona,
                p.momento.format("%d/%m/%Y alle %H:%M:%S UTC"),
                p.punteggio
                    .map(|x| format!(" (punteggio {})", formato_percento_it(arrotonda(x, 2))))
                    .unwrap_or_default()
            )
            .map_err(io)?;
        }
    }
    Ok(())
}

pub async fn monitoraggio(
    store: &Store,
    out: &mut Vec<u8>,
    c: ComandoMonitoraggio,
) -> Result<(), Errore> {
    match c {
        ComandoMonitoraggio::Report {
            ente,
            cycle,
            checkpoint,
            format,
        } => rapporto(store, out, &ente, cycle, checkpoint.as_deref(), format).await?,
        ComandoMonitoraggio::Cause {
            ente,
            cycle,
            objective,
            step,
            cause,
            text,
        } => {
            let causa = CausaScostamentoFile {
                obiettivo: objective,
                step,
                causa: match cause {
                    CausaCli::Esogena => CausaScostamento::Esogena,
                    CausaCli::Endogena => CausaScostamento::Endogena,
                    CausaCli::Indicatore => CausaScostamento::Indicatore,
                },
                testo: text,
            };
            v::registra_causa(store, &attore(), &ente, cycle, causa).await?;
            writeln!(out, "Causa dello scostamento registrata.").map_err(io)?;
        }
        ComandoMonitoraggio::Extensions { ente, cycle } => {
            let p = traguardo_app::casi_uso::piano(store, &ente, cycle).await?;
            writeln!(
                out,
                "objective,step,requested_at,proposed_deadline,outcome,act,decided_on,reason"
            )
            .map_err(io)?;
            for d in &p.monitoraggio.dilazioni {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{}",
                    campo_csv(&d.obiettivo),
                    d.step,
                    campo_csv(&d.checkpoint),
                    campo_csv(&d.scadenza_proposta),
                    match d.esito {
                        EsitoDilazione::InAttesa => "in_attesa",
                        EsitoDilazione::Concessa => "concessa",
                        EsitoDilazione::Respinta => "respinta",
                    },
                    campo_csv(d.atto.as_deref().unwrap_or("")),
                    d.data_esito
                        .map(|x| x.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                    campo_csv(&d.motivo)
                )
                .map_err(io)?;
            }
        }
        ComandoMonitoraggio::Status {
            ente,
            cycle,
            checkpoint,
            objective,
            step,
            status,
            percent,
            text,
        } => {
            let stato = StatoStepFile {
                checkpoint,
                obiettivo: objective,
                step,
                stato: Some(status.into()),
                percentuale: percent.as_deref().map(v::percentuale).transpose()?,
                testo: text,
                consuntivo: None,
                atti: Vec::new(),
            };
            v::registra_stato(store, &attore(), &ente, cycle, stato).await?;
            writeln!(out, "Stato registrato.").map_err(io)?;
        }
        ComandoMonitoraggio::RequestExtension {
            ente,
            cycle,
            checkpoint,
            objective,
            step,
            deadline,
            reason,
        } => {
            let d = DilazioneFile {
                obiettivo: objective,
                step,
                checkpoint,
                motivo: reason,
                scadenza_proposta: deadline,
                esito: EsitoDilazione::InAttesa,
                atto: None,
                data_esito: None,
            };
            v::richiedi_dilazione(store, &attore(), &ente, cycle, d).await?;
            writeln!(out, "Dilazione richiesta: in attesa di decisione.").map_err(io)?;
        }
        ComandoMonitoraggio::DecideExtension {
            ente,
            cycle,
            objective,
            step,
            grant,
            act,
            date,
        } => {
            v::decidi_dilazione(
                store,
                &attore(),
                &ente,
                cycle,
                &objective,
                step,
                grant,
                &act,
                data_it(&date)?,
            )
            .await?;
            writeln!(
                out,
                "Dilazione {}.",
                if grant {
                    "concessa: la nuova scadenza è in vigore"
                } else {
                    "respinta"
                }
            )
            .map_err(io)?;
        }
    }
    Ok(())
}

async fn rapporto(
    store: &Store,
    out: &mut Vec<u8>,
    ente: &str,
    anno: i32,
    checkpoint: Option<&str>,
    formato: Formato,
) -> Result<(), Errore> {
    let p = traguardo_app::casi_uso::piano(store, ente, anno).await?;
    let cp = scegli_checkpoint(&p, checkpoint)
        .map_err(Errore::NonValido)?
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "il ciclo {anno} di «{ente}» non ha checkpoint di monitoraggio"
            ))
        })?;
    let righe = rapporto_monitoraggio(&p, cp);
    let stato = |r: &RigaMonitoraggio| r.stato.map(|s| s.etichetta()).unwrap_or("senza stato");
    match formato {
        Formato::Json => json(out, &serde_json::json!({"checkpoint": cp, "step": righe}))?,
        Formato::Csv => {
            writeln!(
                out,
                "objective,step,code,deadline,original_deadline,status,percent,text"
            )
            .map_err(io)?;
            for r in &righe {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{}",
                    campo_csv(&r.obiettivo),
                    r.step,
                    campo_csv(r.codice.as_deref().unwrap_or("")),
                    campo_csv(r.scadenza.as_deref().unwrap_or("")),
                    campo_csv(r.scadenza_originale.as_deref().unwrap_or("")),
                    campo_csv(stato(r)),
                    pct(r.percentuale),
                    campo_csv(r.testo.as_deref().unwrap_or(""))
                )
                .map_err(io)?;
            }
        }
        Formato::Text => {
            writeln!(
                out,
                "{} — {}, ciclo {}–{}",
                cp.etichetta, p.ente.nome, p.ciclo.anno_inizio, p.ciclo.anno_fine
            )
            .map_err(io)?;
            let m = &p.monitoraggio;
            for o in &p.obiettivi {
                let sue: Vec<&RigaMonitoraggio> =
                    righe.iter().filter(|r| r.obiettivo == o.codice).collect();
                if sue.is_empty() {
                    continue;
                }
                writeln!(
                    out,
                    "\nObiettivo {} — {}",
                    o.codice,
                    o.titolo.chars().take(100).collect::<String>()
                )
                .map_err(io)?;
                for r in sue {
                    writeln!(
                        out,
                        "  {:<6} scadenza {:<28} {:<32} {}",
                        r.codice.clone().unwrap_or_else(|| r.step.to_string()),
                        match &r.scadenza_originale {
                            Some(orig) =>
                                format!("{} (era {orig})", r.scadenza.as_deref().unwrap_or("")),
                            None => r.scadenza.clone().unwrap_or_default(),
                        },
                        match r.percentuale {
                            Some(x) => format!("{} {}", stato(r), formato_percento_it(x)),
                            None => stato(r).to_string(),
                        },
                        r.testo
                            .as_deref()
                            .map(|t| {
                                t.replace(['\n', '\r'], " ")
                                    .chars()
                                    .take(90)
                                    .collect::<String>()
                            })
                            .unwrap_or_default()
                    )
                    .map_err(io)?;
                }
                for d in m.dilazioni.iter().filter(|d| d.obiettivo == o.codice) {
                    writeln!(
                        out,
                        "  dilazione step {}: chiesta al {} ({}) → {} {}",
                        d.step,
                        d.checkpoint,
                        d.scadenza_proposta,
                        match d.esito {
                            EsitoDilazione::InAttesa => "in attesa",
                            EsitoDilazione::Concessa => "concessa",
                            EsitoDilazione::Respinta => "respinta",
                        },
                        d.atto.as_deref().unwrap_or("")
                    )
                    .map_err(io)?;
                }
                for v in m
                    .valori
                    .iter()
                    .filter(|v| v.obiettivo == o.codice && v.checkpoint == cp.codice)
                {
                    let nome = o
                        .indicatori
                        .get(v.indicatore as usize - 1)
                        .map(|i| i.nome.chars().take(60).collect::<String>())
                        .unwrap_or_default();
                    let atteso = o
                        .indicatori
                        .get(v.indicatore as usize - 1)
                        .and_then(|i| i.target.clone())
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "  indicatore {} «{nome}»: rilevato {} (atteso {atteso})",
                        v.indicatore, v.valore
                    )
                    .map_err(io)?;
                }
                for c in m
                    .cause_scostamento
                    .iter()
                    .filter(|c| c.obiettivo == o.codice)
                {
                    writeln!(
                        out,
                        "  causa dello scostamento{}: {} — {}",
                        c.step.map(|s| format!(" (step {s})")).unwrap_or_default(),
                        match c.causa {
                            CausaScostamento::Esogena => "esogena",
                            CausaScostamento::Endogena => "endogena",
                            CausaScostamento::Indicatore => "indicatore mal definito",
                        },
                        c.testo.chars().take(90).collect::<String>()
                    )
                    .map_err(io)?;
                }
            }
            let mut conteggio: std::collections::BTreeMap<&str, usize> = Default::default();
            for r in &righe {
                *conteggio.entry(stato(r)).or_default() += 1;
            }
            writeln!(
                out,
                "\nRiepilogo: {} step — {}",
                righe.len(),
                conteggio
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .map_err(io)?;
        }
    }
    Ok(())
}
