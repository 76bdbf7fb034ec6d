//! `traguardo cycle …`: il ciclo nuovo dal precedente.

use crate::cli::{ctx, stampa_rilievi_testo};
use clap::Subcommand;
use std::io::Write;
use traguardo_app::Errore;
use traguardo_app::ciclo_nuovo::{EsitoCicloNuovo, crea_ciclo_successivo};
use traguardo_storage::Store;

#[derive(Subcommand)]
pub enum ComandoCiclo {
    /// Crea il ciclo nuovo dal precedente: struttura, persone, regole SMVP e gli obiettivi non
    /// chiusi (con il loro "1° anno inserimento" e gli step non realizzati).
    New {
        #[arg(long)]
        ente: String,
        /// Anno di inizio del ciclo da cui partire.
        #[arg(long)]
        from: i32,
        /// Anno di inizio del ciclo nuovo.
        #[arg(long)]
        to: i32,
        /// Mostra cosa si riporterebbe, senza scrivere nulla.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn esegui(store: &Store, out: &mut Vec<u8>, comando: ComandoCiclo) -> Result<(), Errore> {
    match comando {
        ComandoCiclo::New {
            ente,
            from,
            to,
            dry_run,
        } => {
            let esito =
                crea_ciclo_successivo(store, &ctx(store, &ente).await?, from, to, dry_run).await?;
            stampa(out, &esito)
                .map_err(|e| Errore::interno_da(format!("scrittura dell'output: {e}"), e))
        }
    }
}

fn stampa(out: &mut Vec<u8>, e: &EsitoCicloNuovo) -> std::io::Result<()> {
    if e.scritto {
        writeln!(
            out,
            "Ciclo {}–{} di {} creato dal ciclo {}–{}.",
            e.a_inizio, e.a_fine, e.ente, e.da_inizio, e.da_fine
        )?;
    } else {
        writeln!(
            out,
            "Prova: il ciclo {}–{} di {} dal ciclo {}–{} non è stato scritto.",
            e.a_inizio, e.a_fine, e.ente, e.da_inizio, e.da_fine
        )?;
    }
    writeln!(out, "Obiettivi riportati ({}):", e.riportati.len())?;
    for o in &e.riportati {
        writeln!(
            out,
            "  {} — {} (1° anno inserimento {}; step riportati {}, realizzati lasciati {})",
            o.codice, o.titolo, o.primo_anno, o.step_riportati, o.step_lasciati
        )?;
    }
    writeln!(out, "Obiettivi chiusi, non riportati ({}):", e.chiusi.len())?;
    for o in &e.chiusi {
        writeln!(out, "  {} — {}", o.codice, o.titolo)?;
    }
    writeln!(
        out,
        "Persone riportate: {}; unità organizzative riportate: {}.",
        e.persone, e.unita
    )?;
    writeln!(
        out,
        "Regole SMVP: {}.",
        if e.regole_copiate {
            "copiate dal ciclo precedente"
        } else {
            "il ciclo precedente usava le predefinite"
        }
    )?;
    if !e.avvisi.is_empty() {
        writeln!(out, "Avvisi:")?;
        stampa_rilievi_testo(out, &e.avvisi)?;
    }
    Ok(())
}
