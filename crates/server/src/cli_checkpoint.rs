//! `traguardo monitor checkpoint-*` e `monitor extension-settle`: la vita dei checkpoint
//! (trasmissione con sigillo, chiusura, riapertura, data di redazione, confronto con ciò che è
//! stato inviato) e le dilazioni decise con un atto. Chiama solo `traguardo_app::checkpoint`.

use crate::cli::ctx;
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use traguardo_app::Errore;
use traguardo_app::checkpoint as k;
use traguardo_domain::id::IdDilazione;
use traguardo_storage::Store;

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoConfronto {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Esito {
    Concessa,
    Respinta,
}

#[derive(Subcommand)]
pub enum ComandoCheckpoint {
    /// Elenca i checkpoint del ciclo con il loro stato (aperto, trasmesso, chiuso).
    Checkpoints {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
    /// Trasmette il checkpoint al CdA o al Nucleo: sigilla stati, valori, relazioni, cause e
    /// dilazioni inviati.
    CheckpointTransmit {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        /// Codice o data (gg/mm/aaaa) del checkpoint.
        #[arg(long)]
        checkpoint: String,
        /// Data di redazione, gg/mm/aaaa (la verifica al 31/12 scritta a febbraio).
        #[arg(long)]
        written_on: Option<String>,
    },
    /// Chiude il checkpoint trasmesso: i suoi fatti non si modificano più.
    CheckpointClose {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: String,
        #[arg(long)]
        written_on: Option<String>,
    },
    /// Riapre un checkpoint trasmesso (il sigillo di ciò che era stato inviato resta).
    CheckpointReopen {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: String,
    },
    /// Imposta la data di redazione del checkpoint.
    CheckpointDate {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: String,
        /// gg/mm/aaaa.
        #[arg(long)]
        written_on: String,
    },
    /// Confronta ciò che è stato trasmesso (l'ultimo sigillo) con i fatti di ora.
    CheckpointDiff {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: String,
        #[arg(long, value_enum, default_value_t = FormatoConfronto::Text)]
        format: FormatoConfronto,
    },
    /// Decide con un atto tutte le dilazioni in attesa chieste al checkpoint (o solo alcune).
    ExtensionSettle {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: String,
        /// L'atto: «deliberazione CdA n. 5 del 20/02/2024» (del CdA per gli obiettivi del
        /// direttore).
        #[arg(long)]
        act: String,
        #[arg(long, value_enum)]
        outcome: Esito,
        /// Solo queste dilazioni (id separati da virgola, da `monitor extensions`).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
}

fn io(e: std::io::Error) -> Errore {
    Errore::interno_da(e.to_string(), e)
}

fn data_it(s: &str) -> Result<chrono::NaiveDate, Errore> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y")
        .map_err(|_| Errore::NonValido(format!("data «{s}» non valida: usare gg/mm/aaaa")))
}

fn data_opzionale(s: Option<&str>) -> Result<Option<chrono::NaiveDate>, Errore> {
    s.map(data_it).transpose()
}

fn scrivi_esito(out: &mut Vec<u8>, e: &k::EsitoCheckpoint, cosa: &str) -> Result<(), Errore> {
    write!(
        out,
        "Checkpoint {} {cosa} (stato: {}, revisione {})",
        e.checkpoint,
        e.stato.codice(),
        e.revisione
    )
    .map_err(io)?;
    if let Some((n, impronta)) = &e.sigillo {
        write!(out, "; sigillo n. {n}, SHA-256 {impronta}").map_err(io)?;
    }
    writeln!(out, ".").map_err(io)
}

pub async fn esegui(store: &Store, out: &mut Vec<u8>, c: ComandoCheckpoint) -> Result<(), Errore> {
    match c {
        ComandoCheckpoint::Checkpoints { ente, cycle } => {
            let v = k::elenco(store, &ctx(store, &ente).await?, cycle).await?;
            writeln!(
                out,
                "checkpoint,date,label,final,state,written_on,transmitted_on,transmitted_by,closed_on,closed_by,seals"
            )
            .map_err(io)?;
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(&mut *out);
            for x in v {
                w.write_record([
                    x.codice,
                    x.data,
                    x.etichetta,
                    if x.finale { "yes" } else { "no" }.to_string(),
                    x.stato.codice().to_string(),
                    x.data_redazione.unwrap_or_default(),
                    x.trasmesso_il.unwrap_or_default(),
                    x.trasmesso_da.unwrap_or_default(),
                    x.chiuso_il.unwrap_or_default(),
                    x.chiuso_da.unwrap_or_default(),
                    x.sigilli.to_string(),
                ])
                .map_err(|e| Errore::interno_da(e.to_string(), e))?;
            }
            w.flush().map_err(io)?;
        }
        ComandoCheckpoint::CheckpointTransmit {
            ente,
            cycle,
            checkpoint,
            written_on,
        } => {
            let scritto = data_opzionale(written_on.as_deref())?;
            let e = k::trasmetti(
                store,
                &ctx(store, &ente).await?,
                cycle,
                &checkpoint,
                scritto,
            )
            .await?;
            scrivi_esito(out, &e, "trasmesso")?;
        }
        ComandoCheckpoint::CheckpointClose {
            ente,
            cycle,
            checkpoint,
            written_on,
        } => {
            let scritto = data_opzionale(written_on.as_deref())?;
            let e = k::chiudi(
                store,
                &ctx(store, &ente).await?,
                cycle,
                &checkpoint,
                scritto,
            )
            .await?;
            scrivi_esito(out, &e, "chiuso: i suoi fatti non si modificano più")?;
        }
        ComandoCheckpoint::CheckpointReopen {
            ente,
            cycle,
            checkpoint,
        } => {
            let e = k::riapri(store, &ctx(store, &ente).await?, cycle, &checkpoint).await?;
            scrivi_esito(out, &e, "riaperto")?;
        }
        ComandoCheckpoint::CheckpointDate {
            ente,
            cycle,
            checkpoint,
            written_on,
        } => {
            let d = data_it(&written_on)?;
            let e =
                k::imposta_data_redazione(store, &ctx(store, &ente).await?, cycle, &checkpoint, d)
                    .await?;
            scrivi_esito(out, &e, &format!("redatto il {written_on}"))?;
        }
        ComandoCheckpoint::CheckpointDiff {
            ente,
            cycle,
            checkpoint,
            format,
        } => {
            let c = k::confronto(store, &ctx(store, &ente).await?, cycle, &checkpoint).await?;
            match format {
                FormatoConfronto::Json => {
                    serde_json::to_writer_pretty(&mut *out, &c)
                        .map_err(|e| Errore::interno_da(e.to_string(), e))?;
                    writeln!(out).map_err(io)?;
                }
                FormatoConfronto::Text => {
                    writeln!(
                        out,
                        "Checkpoint {} ({}): sigillo n. {} del {} ({}){}, SHA-256 {} {}",
                        c.checkpoint,
                        c.stato.codice(),
                        c.sigillo_numero,
                        c.sigillato_il,
                        c.sigillato_da,
                        c.data_redazione
                            .as_deref()
                            .map(|d| format!(", redatto il {d}"))
                            .unwrap_or_default(),
                        c.impronta,
                        if c.impronta_verificata {
                            "(verificata)"
                        } else {
                            "(NON corrisponde al contenuto)"
                        }
                    )
                    .map_err(io)?;
                    writeln!(
                        out,
                        "{} fatti inviati o attuali, {} variati dopo la trasmissione",
                        c.voci.len(),
                        c.variate
                    )
                    .map_err(io)?;
                    for v in c.voci.iter().filter(|v| v.variato) {
                        writeln!(
                            out,
                            "\n{} {}{} — {}",
                            v.tipo,
                            v.obiettivo,
                            v.posizione.map(|p| format!(" {p}")).unwrap_or_default(),
                            v.esito
                        )
                        .map_err(io)?;
                        writeln!(
                            out,
                            "  inviato: {}",
                            v.inviato.as_deref().unwrap_or("(niente)")
                        )
                        .map_err(io)?;
                        writeln!(
                            out,
                            "  ora:     {}",
                            v.attuale.as_deref().unwrap_or("(niente)")
                        )
                        .map_err(io)?;
                    }
                }
            }
        }
        ComandoCheckpoint::ExtensionSettle {
            ente,
            cycle,
            checkpoint,
            act,
            outcome,
            only,
        } => {
            let solo = only
                .iter()
                .map(|s| {
                    uuid::Uuid::parse_str(s.trim())
                        .map(IdDilazione)
                        .map_err(|_| {
                            Errore::NonValido(format!("--only: «{s}» non è l'id di una dilazione"))
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let e = k::salda_dilazioni(
                store,
                &ctx(store, &ente).await?,
                cycle,
                &checkpoint,
                &act,
                matches!(outcome, Esito::Concessa),
                (!solo.is_empty()).then_some(solo.as_slice()),
            )
            .await?;
            writeln!(
                out,
                "{} dilazioni {} con {}:",
                e.decise.len(),
                if e.concessa { "concesse" } else { "respinte" },
                e.atto
            )
            .map_err(io)?;
            for (id, obiettivo, step) in &e.decise {
                writeln!(out, "  {obiettivo} step {step} ({id})").map_err(io)?;
            }
        }
    }
    Ok(())
}
