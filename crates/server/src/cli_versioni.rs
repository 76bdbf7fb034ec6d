//! `traguardo plan versions|submit|approve|vary|errata|diff`: le versioni del piano approvate
//! con un atto, le variazioni, le errata corrige e il confronto tra due versioni.

use crate::cli::ctx;
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use traguardo_app::Errore;
use traguardo_app::versioni;
use traguardo_storage::Store;

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoDiff {
    Text,
    Json,
}

#[derive(Subcommand)]
pub enum ComandoVersioni {
    /// Elenca le versioni del piano del ciclo, con atti, avvertenze ed errata corrige.
    Versions {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
    /// Propone la bozza di testa all'organo che la approva (bozza → proposta).
    Submit {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
    /// Approva la versione di testa (bozza o proposta) con l'atto, es. --act "deliberazione CdA
    /// n. 23 del 30/01/2023". Rifiutata se `traguardo check` dà errori, salvo --override.
    Approve {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        /// L'atto: "<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>".
        #[arg(long)]
        act: String,
        /// Approva nonostante gli errori della verifica: il motivo scritto resta nella versione
        /// e nell'audit.
        #[arg(long = "override")]
        forzatura: Option<String>,
    },
    /// Apre una variazione: la versione N+1 in bozza da una versione approvata (l'atto della
    /// variazione si indica all'approvazione).
    Vary {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
    },
    /// Errata corrige di una versione approvata: il testo approvato non cambia.
    Errata {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        version: i32,
        #[arg(long)]
        reason: String,
        /// Il testo corretto.
        #[arg(long)]
        text: Option<String>,
    },
    /// Le differenze tra due versioni: obiettivi, step, pesi, scadenze, indicatori, target,
    /// collegamenti dei capitoli e assegnazioni.
    Diff {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        from_version: i32,
        #[arg(long)]
        to_version: i32,
        #[arg(long, value_enum, default_value_t = FormatoDiff::Text)]
        format: FormatoDiff,
    },
}

pub async fn esegui(
    store: &Store,
    out: &mut Vec<u8>,
    comando: ComandoVersioni,
) -> Result<(), Errore> {
    let io = |e: std::io::Error| Errore::interno_da(format!("scrittura dell'output: {e}"), e);
    match comando {
        ComandoVersioni::Versions { ente, cycle } => {
            let v = versioni::versioni(store, &ctx(store, &ente).await?, cycle).await?;
            write!(out, "{}", versioni::testo_versioni(&v)).map_err(io)?;
        }
        ComandoVersioni::Submit { ente, cycle } => {
            let v = versioni::sottoponi(store, &ctx(store, &ente).await?, cycle).await?;
            writeln!(
                out,
                "Versione {} del piano {ente} {cycle} proposta per l'approvazione.",
                v.numero
            )
            .map_err(io)?;
        }
        ComandoVersioni::Approve {
            ente,
            cycle,
            act,
            forzatura,
        } => {
            let e = versioni::approva(
                store,
                &ctx(store, &ente).await?,
                cycle,
                &act,
                forzatura.as_deref(),
            )
            .await?;
            writeln!(
                out,
                "Versione {} del piano {ente} {cycle} approvata con {}.",
                e.numero, e.atto
            )
            .map_err(io)?;
            if !e.errori_forzati.is_empty() {
                writeln!(
                    out,
                    "Errori della verifica superati con la forzatura ({}):",
                    e.errori_forzati.len()
                )
                .map_err(io)?;
                for r in &e.errori_forzati {
                    writeln!(out, "  {} {}", r.codice, r.messaggio).map_err(io)?;
                }
            }
            if !e.avvertenze.is_empty() {
                writeln!(out, "Avvertenze registrate ({}):", e.avvertenze.len()).map_err(io)?;
                for r in &e.avvertenze {
                    writeln!(out, "  {} {}", r.codice, r.messaggio).map_err(io)?;
                }
            }
        }
        ComandoVersioni::Vary { ente, cycle } => {
            let v = versioni::varia(store, &ctx(store, &ente).await?, cycle).await?;
            writeln!(
                out,
                "Variazione aperta: versione {} del piano {ente} {cycle} in bozza.",
                v.numero
            )
            .map_err(io)?;
        }
        ComandoVersioni::Errata {
            ente,
            cycle,
            version,
            reason,
            text,
        } => {
            let v = versioni::errata(
                store,
                &ctx(store, &ente).await?,
                cycle,
                version,
                &reason,
                text.as_deref(),
            )
            .await?;
            writeln!(
                out,
                "Errata corrige registrata sulla versione {} del piano {ente} {cycle} (il testo approvato non cambia).",
                v.numero
            )
            .map_err(io)?;
            write!(out, "{}", versioni::testo_versione(&v)).map_err(io)?;
        }
        ComandoVersioni::Diff {
            ente,
            cycle,
            from_version,
            to_version,
            format,
        } => {
            let d = versioni::diff(
                store,
                &ctx(store, &ente).await?,
                cycle,
                from_version,
                to_version,
            )
            .await?;
            match format {
                FormatoDiff::Text => write!(out, "{d}").map_err(io)?,
                FormatoDiff::Json => {
                    let s = serde_json::to_string_pretty(&d)
                        .map_err(|e| Errore::interno_da("diff in JSON", e))?;
                    writeln!(out, "{s}").map_err(io)?;
                }
            }
        }
    }
    Ok(())
}
