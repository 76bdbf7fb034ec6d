//! `traguardo org …`: l'organizzazione nel tempo (CdR, responsabili, persone che entrano, si
//! spostano ed escono) e la sua vista a una data; `plan matrix` e `plan lead` (matrice
//! persone × obiettivi, capofila degli obiettivi condivisi); `import presenze`.

use crate::cli::ctx;
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use std::path::Path;
use traguardo_app::Errore;
use traguardo_app::organizzazione as org;
use traguardo_app::viste::organizzazione as vista;
use traguardo_domain::piano::LivelloUnita;
use traguardo_storage::Store;

fn io(e: std::io::Error) -> Errore {
    Errore::interno_da(format!("scrittura dell'output: {e}"), e)
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoOrg {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoMatrice {
    Csv,
    Json,
}

#[derive(Subcommand)]
pub enum ComandoOrg {
    /// L'organizzazione a una data: CdR attivi, responsabili, persone.
    Show {
        #[arg(long)]
        ente: String,
        /// Anno di inizio del ciclo (predefinito: il ciclo che contiene la data).
        #[arg(long)]
        cycle: Option<i32>,
        /// Data (gg/mm/aaaa).
        #[arg(long)]
        at: String,
        #[arg(long, value_enum, default_value_t = FormatoOrg::Text)]
        format: FormatoOrg,
    },
    /// Costituisce un CdR (unità organizzativa) dal giorno indicato.
    CdrAdd {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// area, settore, servizio, ufficio, uo
        #[arg(long, default_value = "uo")]
        level: String,
        /// CdR di appartenenza (es. DIR per una U.O. in staff alla Direzione).
        #[arg(long)]
        parent: Option<String>,
        /// Primo giorno (gg/mm/aaaa).
        #[arg(long)]
        from: String,
    },
    /// Chiude un CdR (ultimo giorno compreso); chi vi lavora va prima spostato.
    CdrClose {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        code: String,
        /// Ultimo giorno (gg/mm/aaaa).
        #[arg(long)]
        to: String,
    },
    /// Nomina il responsabile di un CdR dal giorno indicato (il precedente termina il giorno prima).
    CdrHead {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        cdr: String,
        #[arg(long)]
        person: String,
        #[arg(long)]
        from: String,
    },
    /// Una persona entra in servizio (assunzione, arrivo) nel CdR indicato.
    PersonJoin {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        /// Codice (matricola) della persona.
        #[arg(long)]
        person: String,
        /// Cognome e nome (necessario se la persona non è ancora nel ciclo).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        cdr: String,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        from: String,
    },
    /// Una persona passa a un altro CdR o cambia ruolo dal giorno indicato.
    PersonMove {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        person: String,
        #[arg(long)]
        cdr: String,
        /// Nuovo ruolo (predefinito: quello attuale).
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        from: String,
    },
    /// Una persona lascia il servizio (pensione, trasferimento): ultimo giorno compreso.
    PersonLeave {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        person: String,
        #[arg(long)]
        to: String,
    },
    /// Gli obiettivi per CdR: i condivisi compaiono in ogni CdR con il loro capofila.
    Areas {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long, value_enum, default_value_t = FormatoOrg::Text)]
        format: FormatoOrg,
    },
}

/// I comandi di `plan` sull'organizzazione del lavoro.
#[derive(Subcommand)]
pub enum ComandoPianoOrg {
    /// Matrice persone × obiettivi e step, con le quote delle assegnazioni.
    Matrix {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long, value_enum, default_value_t = FormatoMatrice::Csv)]
        format: FormatoMatrice,
    },
    /// Il CdR capofila di un obiettivo condiviso da più CdR.
    Lead {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        cdr: String,
    },
}

fn livello(t: &str) -> Result<LivelloUnita, Errore> {
    serde_json::from_value(serde_json::Value::String(t.trim().to_lowercase())).map_err(|_| {
        Errore::NonValido(format!(
            "--level «{t}» non valido: area, settore, servizio, ufficio o uo"
        ))
    })
}

fn json<T: serde::Serialize>(out: &mut Vec<u8>, v: &T) -> Result<(), Errore> {
    let t = serde_json::to_string_pretty(v)
        .map_err(|e| Errore::interno_da(format!("serializzazione: {e}"), e))?;
    writeln!(out, "{t}").map_err(io)
}

pub async fn esegui(store: &Store, out: &mut Vec<u8>, c: ComandoOrg) -> Result<(), Errore> {
    let esito = match c {
        ComandoOrg::Show {
            ente,
            cycle,
            at,
            format,
        } => {
            let d = org::leggi_data(&at)?;
            let ctx = ctx(store, &ente).await?;
            let v = vista::organizzazione_alla_data(store, &ctx, cycle, d).await?;
            return match format {
                FormatoOrg::Text => write!(out, "{}", v.testo()).map_err(io),
                FormatoOrg::Json => json(out, &v),
            };
        }
        ComandoOrg::Areas {
            ente,
            cycle,
            format,
        } => {
            let ctx = ctx(store, &ente).await?;
            let v = vista::vista_obiettivi_per_area(store, &ctx, cycle).await?;
            return match format {
                FormatoOrg::Text => write!(out, "{}", v.testo()).map_err(io),
                FormatoOrg::Json => json(out, &v),
            };
        }
        ComandoOrg::CdrAdd {
            ente,
            cycle,
            code,
            name,
            level,
            parent,
            from,
        } => {
            let nuovo = org::NuovoCdr {
                codice: code,
                nome: name,
                livello: livello(&level)?,
                padre: parent,
            };
            let dal = org::leggi_data(&from)?;
            let ctx = ctx(store, &ente).await?;
            org::aggiungi_cdr(store, &ctx, cycle, nuovo, dal).await?
        }
        ComandoOrg::CdrClose {
            ente,
            cycle,
            code,
            to,
        } => {
            let al = org::leggi_data(&to)?;
            let ctx = ctx(store, &ente).await?;
            org::chiudi_cdr(store, &ctx, cycle, &code, al).await?
        }
        ComandoOrg::CdrHead {
            ente,
            cycle,
            cdr,
            person,
            from,
        } => {
            let dal = org::leggi_data(&from)?;
            let ctx = ctx(store, &ente).await?;
            org::nomina_responsabile(store, &ctx, cycle, &cdr, &person, dal).await?
        }
        ComandoOrg::PersonJoin {
            ente,
            cycle,
            person,
            name,
            cdr,
            role,
            from,
        } => {
            let dal = org::leggi_data(&from)?;
            let ctx = ctx(store, &ente).await?;
            org::persona_entra(
                store,
                &ctx,
                cycle,
                &person,
                name.as_deref(),
                &cdr,
                role.as_deref(),
                dal,
            )
            .await?
        }
        ComandoOrg::PersonMove {
            ente,
            cycle,
            person,
            cdr,
            role,
            from,
        } => {
            let dal = org::leggi_data(&from)?;
            let ctx = ctx(store, &ente).await?;
            org::persona_sposta(store, &ctx, cycle, &person, &cdr, role.as_deref(), dal).await?
        }
        ComandoOrg::PersonLeave {
            ente,
            cycle,
            person,
            to,
        } => {
            let al = org::leggi_data(&to)?;
            let ctx = ctx(store, &ente).await?;
            org::persona_esce(store, &ctx, cycle, &person, al).await?
        }
    };
    writeln!(out, "Registrato: {}.", esito.messaggio).map_err(io)
}

pub async fn esegui_piano(
    store: &Store,
    out: &mut Vec<u8>,
    c: ComandoPianoOrg,
) -> Result<(), Errore> {
    match c {
        ComandoPianoOrg::Matrix {
            ente,
            cycle,
            format,
        } => {
            let ctx = ctx(store, &ente).await?;
            let v = vista::matrice_assegnazioni(store, &ctx, cycle).await?;
            match format {
                FormatoMatrice::Csv => write!(out, "{}", v.csv()).map_err(io),
                FormatoMatrice::Json => json(out, &v),
            }
        }
        ComandoPianoOrg::Lead {
            ente,
            cycle,
            objective,
            cdr,
        } => {
            let ctx = ctx(store, &ente).await?;
            let e = org::imposta_capofila(store, &ctx, cycle, &objective, &cdr).await?;
            writeln!(out, "Registrato: {}.", e.messaggio).map_err(io)
        }
    }
}

/// `import presenze --ente C --year Y file.csv`.
pub async fn importa_presenze(
    store: &Store,
    out: &mut Vec<u8>,
    ente: &str,
    anno: i32,
    file: &Path,
) -> Result<(), Errore> {
    let byte = crate::cli::leggi_file(file)?;
    let nome = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let ctx = ctx(store, ente).await?;
    let e = org::importa_presenze(store, &ctx, anno, &byte, &nome).await?;
    writeln!(
        out,
        "Presenze {anno} importate da {nome}: {} persone (ciclo {}).",
        e.persone, e.ciclo
    )
    .map_err(io)
}
