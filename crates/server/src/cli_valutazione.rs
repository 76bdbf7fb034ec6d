//! Comandi della CLI di monitoraggio e valutazione.

use crate::cli::{ctx, leggi_file, leggi_testo};
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use traguardo_app::Errore;
use traguardo_app::valutazione as v;
use traguardo_app::viste::Cifra;
use traguardo_app::viste::fondo as vf;
use traguardo_app::viste::monitoraggio as vm;
use traguardo_app::viste::valutazione as vv;
use traguardo_domain::fondo::Partecipante;
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::numeri::{Importo, formato_it, formato_punto};
use traguardo_domain::piano::{
    CausaScostamento, CausaScostamentoFile, DilazioneFile, EsitoDilazione, StatoStepFile,
};
use traguardo_storage::Store;

#[derive(Clone, Copy, ValueEnum)]
pub enum Formato {
    Csv,
    Json,
    Text,
}

fn io(e: std::io::Error) -> Errore {
    Errore::interno_da(e.to_string(), e)
}

fn json(out: &mut Vec<u8>, v: &impl serde::Serialize) -> Result<(), Errore> {
    serde_json::to_writer_pretty(&mut *out, v).map_err(|e| Errore::interno_da(e.to_string(), e))?;
    writeln!(out).map_err(io)
}

/// Una cifra nelle colonne CSV: il valore col punto decimale, 2 decimali.
fn punto(c: Option<&Cifra>) -> String {
    c.map(|x| formato_punto(x.valore, 2)).unwrap_or_default()
}

fn si_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// Una tabella CSV (intestazione e righe) scritta con il crate `csv`.
fn tabella(
    out: &mut Vec<u8>,
    intestazione: &[&str],
    righe: impl IntoIterator<Item = Vec<String>>,
) -> Result<(), Errore> {
    let csv_err = |e: csv::Error| Errore::interno_da(e.to_string(), e);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(&mut *out);
    w.write_record(intestazione).map_err(csv_err)?;
    for r in righe {
        w.write_record(&r).map_err(csv_err)?;
    }
    w.flush().map_err(io)
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
    #[command(flatten)]
    Voto(crate::cli_comandi_valutazione::ComandoVoto),
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
        /// Data effettiva di completamento dello step, gg/mm/aaaa (per la tempestività).
        #[arg(long)]
        completed_on: Option<String>,
    },
    /// Registra il valore rilevato di un indicatore a un checkpoint (come scritto: "22",
    /// "94,61%", "Si").
    Value {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: String,
        #[arg(long)]
        objective: String,
        /// Posizione dell'indicatore nell'obiettivo (da 1).
        #[arg(long)]
        indicator: u32,
        #[arg(long)]
        value: String,
        #[arg(long)]
        note: Option<String>,
        /// Revisione del valore vista da chi scrive (predefinita: quella attuale).
        #[arg(long)]
        revision: Option<i64>,
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
    /// Vita dei checkpoint e dilazioni decise con un atto (`cli_checkpoint`).
    #[command(flatten)]
    Checkpoint(crate::cli_checkpoint::ComandoCheckpoint),
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
                traguardo_domain::rilievi::CodiceRilievo::RigaNonValida,
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
    let vista =
        vv::punteggi_al_checkpoint(store, &ctx(store, ente).await?, anno, checkpoint).await?;
    match formato {
        Formato::Json => json(out, &vista)?,
        Formato::Csv | Formato::Text => tabella(
            out,
            &["level", "code", "name", "weight", "achievement", "band"],
            vista.righe.iter().map(|r| {
                vec![
                    r.livello.clone(),
                    r.codice.clone(),
                    r.nome.clone(),
                    punto(r.peso.as_ref()),
                    punto(r.raggiungimento.as_ref()),
                    r.fascia.clone().unwrap_or_default(),
                ]
            }),
        )?,
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
    let s = vv::spiegazione(store, &ctx(store, ente).await?, anno, obiettivo, checkpoint).await?;
    write!(out, "{}", s.testo).map_err(io)?;
    writeln!(
        out,
        "Regole SMVP: versione {} ({}).",
        s.regole_versione, s.regole_origine
    )
    .map_err(io)?;
    if let Some(d) = &s.direttore {
        writeln!(out, "\nDirettore: {d}").map_err(io)?;
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
    let vista =
        vv::scostamenti_al_checkpoint(store, &ctx(store, ente).await?, anno, checkpoint).await?;
    match formato {
        Formato::Json => json(out, &vista)?,
        Formato::Csv => tabella(
            out,
            &[
                "objective",
                "indicator",
                "target",
                "actual",
                "delta",
                "delta_pct",
                "met",
            ],
            vista.righe.iter().map(|r| {
                vec![
                    r.obiettivo.clone(),
                    r.indicatore.to_string(),
                    r.atteso_valore
                        .map(|x| formato_punto(x, 2))
                        .unwrap_or_else(|| r.atteso.clone()),
                    r.rilevato_valore
                        .map(|x| formato_punto(x, 2))
                        .unwrap_or_else(|| r.rilevato.clone()),
                    punto(r.scostamento.as_ref()),
                    punto(r.scostamento_percento.as_ref()),
                    match r.rispettato {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "",
                    }
                    .to_string(),
                ]
            }),
        )?,
        Formato::Text => {
            writeln!(out, "Convenzione: scostamento = valore rilevato − valore atteso (b − a), e in % del valore atteso.").map_err(io)?;
            writeln!(
                out,
                "Indicatori con un valore rilevato: {}; misurati: {}; da valutare: {}.",
                vista.righe.len(),
                vista.misurati,
                vista.righe.len() - vista.misurati
            )
            .map_err(io)?;
            let disc = &vista.discordanze_con_lo_stampato;
            writeln!(
                out,
                "\nScostamenti stampati che non concordano con la convenzione ({}):",
                disc.len()
            )
            .map_err(io)?;
            for d in disc {
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
            for f in &vista.indicatori_finanziari {
                let f = &f.esito;
                writeln!(
                    out,
                    "\nIndicatore finanziario {} — {}: {}{}",
                    f.codice,
                    f.nome,
                    f.spiegazione,
                    f.stampato
                        .as_ref()
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
    let righe = vv::tempi_al_checkpoint(store, &ctx(store, ente).await?, anno, checkpoint).await?;
    tabella(
        out,
        &[
            "objective",
            "step",
            "planned",
            "actual",
            "months_late",
            "outcome",
        ],
        righe.iter().map(|t| {
            vec![
                t.obiettivo.clone(),
                t.step.to_string(),
                t.previsto.clone(),
                t.consuntivo.clone(),
                t.mesi.map(|m| m.to_string()).unwrap_or_default(),
                t.esito.clone(),
            ]
        }),
    )
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
    let (rip, art20) = vf::ripartizione(
        store,
        &ctx(store, &ente).await?,
        anno,
        importo,
        checkpoint.as_deref(),
        partecipanti,
    )
    .await?;
    if tabelle {
        match formato {
            Formato::Json => json(out, &art20)?,
            _ => write!(out, "{}", art20.testo()).map_err(io)?,
        }
        return Ok(());
    }
    match formato {
        Formato::Json => json(out, &rip)?,
        _ => {
            tabella(
                out,
                &[
                    "person",
                    "name",
                    "eligible",
                    "reason",
                    "score",
                    "coefficient",
                    "parameter",
                    "maggiorazione",
                    "premium",
                ],
                rip.righe.iter().map(|p| {
                    vec![
                        p.persona.clone(),
                        p.nome.clone(),
                        si_no(p.ammesso),
                        p.motivo.clone(),
                        formato_punto(p.punteggio.valore, 2),
                        formato_punto(p.coefficiente.valore, 2),
                        formato_punto(p.parametro.valore, 6),
                        si_no(p.maggiorazione),
                        formato_punto(p.premio.valore, 2),
                    ]
                }),
            )?;
            eprintln!("{}", rip.riepilogo);
        }
    }
    Ok(())
}

pub async fn regole(store: &Store, out: &mut Vec<u8>, c: ComandoRegole) -> Result<(), Errore> {
    match c {
        ComandoRegole::Show { ente, cycle } => {
            let r = v::regole(store, &ctx(store, &ente).await?, cycle).await?;
            json(
                out,
                &serde_json::json!({"versione": r.versione, "creato_il": r.creato_il, "attore": r.attore, "regole": r.regole}),
            )?;
        }
        ComandoRegole::Set { file, ente, cycle } => {
            let byte = leggi_file(&file)?;
            let n = v::imposta_regole(
                store,
                &ctx(store, &ente).await?,
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
                &ctx(store, &ente).await?,
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
            let schede = vv::schede(
                store,
                &ctx(store, &ente).await?,
                cycle,
                checkpoint.as_deref(),
            )
            .await?;
            match format {
                Formato::Json => json(out, &schede)?,
                Formato::Text => {
                    for e in &schede {
                        writeln!(out, "{} {}: {}", e.persona, e.nome, e.spiegazione).map_err(io)?;
                    }
                }
                Formato::Csv => tabella(
                    out,
                    &[
                        "person",
                        "name",
                        "cluster",
                        "results",
                        "behaviours",
                        "score",
                        "band",
                    ],
                    schede.iter().map(|e| {
                        vec![
                            e.persona.clone(),
                            e.nome.clone(),
                            e.cluster.clone(),
                            punto(e.risultati.as_ref()),
                            punto(e.comportamenti.as_ref()),
                            punto(e.punteggio.as_ref()),
                            e.fascia.clone().unwrap_or_default(),
                        ]
                    }),
                )?,
            }
        }
        ComandoValutazione::Acknowledge {
            ente,
            cycle,
            person,
        } => {
            crate::cli_comandi_valutazione::presa_visione(store, out, &ente, cycle, &person)
                .await?;
        }
        ComandoValutazione::Voto(c) => crate::cli_comandi_valutazione::voto(store, out, c).await?,
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
            v::registra_causa(store, &ctx(store, &ente).await?, cycle, causa).await?;
            writeln!(out, "Causa dello scostamento registrata.").map_err(io)?;
        }
        ComandoMonitoraggio::Checkpoint(c) => {
            crate::cli_checkpoint::esegui(store, out, c).await?;
        }
        ComandoMonitoraggio::Extensions { ente, cycle } => {
            let righe = traguardo_app::checkpoint::elenco_dilazioni(
                store,
                &ctx(store, &ente).await?,
                cycle,
            )
            .await?;
            tabella(
                out,
                &[
                    "objective",
                    "step",
                    "requested_at",
                    "proposed_deadline",
                    "outcome",
                    "act",
                    "decided_on",
                    "reason",
                    "label",
                    "decided_by",
                    "id",
                ],
                righe.iter().map(|d| {
                    vec![
                        d.obiettivo.clone(),
                        d.step.to_string(),
                        d.checkpoint.clone(),
                        d.scadenza_proposta.clone(),
                        match d.esito {
                            EsitoDilazione::InAttesa => "in_attesa",
                            EsitoDilazione::Concessa => "concessa",
                            EsitoDilazione::Respinta => "respinta",
                        }
                        .to_string(),
                        d.atto.clone().unwrap_or_default(),
                        d.data_esito.clone().unwrap_or_default(),
                        d.motivo.clone(),
                        d.esito_etichetta.clone(),
                        d.decide.clone(),
                        d.id.clone(),
                    ]
                }),
            )?;
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
            completed_on,
        } => {
            let stato = StatoStepFile {
                checkpoint,
                obiettivo: objective,
                step,
                stato: Some(status.into()),
                percentuale: percent.as_deref().map(v::percentuale).transpose()?,
                testo: text,
                consuntivo: None,
                data_completamento: completed_on.as_deref().map(data_it).transpose()?,
                atti: Vec::new(),
            };
            v::registra_stato(store, &ctx(store, &ente).await?, cycle, stato).await?;
            writeln!(out, "Stato registrato.").map_err(io)?;
        }
        ComandoMonitoraggio::Value {
            ente,
            cycle,
            checkpoint,
            objective,
            indicator,
            value,
            note,
            revision,
        } => {
            let valore = traguardo_domain::piano::ValoreIndicatoreFile {
                checkpoint,
                obiettivo: objective,
                indicatore: indicator,
                valore: value,
                scostamento_stampato: None,
                nota: note,
                valutazione: None,
            };
            let r = traguardo_app::comandi_monitoraggio::registra_valore(
                store,
                &ctx(store, &ente).await?,
                cycle,
                valore,
                revision.map(Some),
            )
            .await?;
            writeln!(out, "Valore registrato (revisione {r}).").map_err(io)?;
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
            v::richiedi_dilazione(store, &ctx(store, &ente).await?, cycle, d).await?;
            writeln!(out, "Dilazione richiesta: in attesa di atto.").map_err(io)?;
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
                &ctx(store, &ente).await?,
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
    let r = vm::rapporto(store, &ctx(store, ente).await?, anno, checkpoint).await?;
    match formato {
        Formato::Json => json(out, &r)?,
        Formato::Csv => tabella(
            out,
            &[
                "objective",
                "step",
                "code",
                "deadline",
                "original_deadline",
                "status",
                "percent",
                "text",
            ],
            r.obiettivi.iter().flat_map(|o| {
                o.step.iter().map(|s| {
                    vec![
                        o.codice.clone(),
                        s.posizione.to_string(),
                        s.codice.clone().unwrap_or_default(),
                        s.scadenza.clone().unwrap_or_default(),
                        s.scadenza_originale.clone().unwrap_or_default(),
                        s.stato_etichetta.clone(),
                        punto(s.percentuale.as_ref()),
                        s.testo.clone().unwrap_or_default(),
                    ]
                })
            }),
        )?,
        Formato::Text => {
            writeln!(out, "{}", r.titolo).map_err(io)?;
            for o in &r.obiettivi {
                writeln!(
                    out,
                    "\nObiettivo {} — {}",
                    o.codice,
                    o.titolo.chars().take(100).collect::<String>()
                )
                .map_err(io)?;
                for s in &o.step {
                    writeln!(
                        out,
                        "  {:<6} scadenza {:<28} {:<32} {}",
                        s.etichetta,
                        match &s.scadenza_originale {
                            Some(orig) =>
                                format!("{} (era {orig})", s.scadenza.as_deref().unwrap_or("")),
                            None => s.scadenza.clone().unwrap_or_default(),
                        },
                        match &s.percentuale {
                            Some(x) => format!("{} {}", s.stato_etichetta, x.testo),
                            None => s.stato_etichetta.clone(),
                        },
                        s.testo
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
                for d in &o.dilazioni {
                    writeln!(
                        out,
                        "  dilazione step {}: chiesta al {} ({}) → {}{}{}",
                        d.step,
                        d.checkpoint,
                        d.scadenza_proposta,
                        d.esito_etichetta,
                        d.atto
                            .as_deref()
                            .map(|a| format!(" {a}"))
                            .unwrap_or_default(),
                        match (&d.in_vigore_dal, &d.data_esito) {
                            (Some(dal), None) =>
                                format!("; decisione senza data: in vigore dal checkpoint ({dal})"),
                            (Some(dal), Some(_)) => format!("; in vigore dal {dal}"),
                            _ => String::new(),
                        }
                    )
                    .map_err(io)?;
                }
                for v in &o.indicatori {
                    writeln!(
                        out,
                        "  indicatore {} «{}»: rilevato {} (atteso {})",
                        v.indicatore,
                        v.nome.chars().take(60).collect::<String>(),
                        v.valore,
                        v.atteso
                    )
                    .map_err(io)?;
                }
                for c in &o.cause {
                    writeln!(
                        out,
                        "  causa dello scostamento{}: {} — {}",
                        c.step.map(|s| format!(" (step {s})")).unwrap_or_default(),
                        c.causa_etichetta,
                        c.testo.chars().take(90).collect::<String>()
                    )
                    .map_err(io)?;
                }
            }
            writeln!(
                out,
                "\nRiepilogo: {} step — {}",
                r.totale_step,
                r.riepilogo
                    .iter()
                    .map(|c| format!("{} {}", c.stato, c.step))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .map_err(io)?;
        }
    }
    Ok(())
}
