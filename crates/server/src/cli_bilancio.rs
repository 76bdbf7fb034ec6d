//! Comandi della CLI per il PEG finanziario.

use crate::cli::{ctx, leggi_file, leggi_testo, stampa_rilievi_testo};
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use traguardo_app::Errore;
use traguardo_app::bilancio;
use traguardo_app::porte::FormatoBilancio;
use traguardo_domain::bilancio::{Lato, Livello};
use traguardo_domain::rilievi::CodiceRilievo;
use traguardo_import::Lettori;
use traguardo_import::formati::{
    leggi_collegamenti, modello_csv, modello_xlsx, scrivi_csv, scrivi_xlsx,
};
use traguardo_storage::Store;

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoOrigine {
    Report,
    Csv,
    Xlsx,
}

impl From<FormatoOrigine> for FormatoBilancio {
    fn from(f: FormatoOrigine) -> Self {
        match f {
            FormatoOrigine::Report => FormatoBilancio::Report,
            FormatoOrigine::Csv => FormatoBilancio::Csv,
            FormatoOrigine::Xlsx => FormatoBilancio::Xlsx,
        }
    }
}

/// Formato dal nome del file quando non è indicato: .xlsx, .csv, altrimenti il prospetto.
pub fn formato_da_file(p: &Path) -> FormatoBilancio {
    match p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_lowercase())
        .as_deref()
    {
        Some("xlsx") => FormatoBilancio::Xlsx,
        Some("csv") => FormatoBilancio::Csv,
        _ => FormatoBilancio::Report,
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoTabella {
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoTotali {
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LivelloCli {
    Uo,
    Missione,
    Programma,
    Titolo,
    Tipologia,
    Totale,
}

impl From<LivelloCli> for Livello {
    fn from(l: LivelloCli) -> Self {
        match l {
            LivelloCli::Uo => Livello::Uo,
            LivelloCli::Missione => Livello::Missione,
            LivelloCli::Programma => Livello::Programma,
            LivelloCli::Titolo => Livello::Titolo,
            LivelloCli::Tipologia => Livello::Tipologia,
            LivelloCli::Totale => Livello::Totale,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LatoCli {
    Entrate,
    Spese,
}

impl From<LatoCli> for Lato {
    fn from(l: LatoCli) -> Self {
        match l {
            LatoCli::Entrate => Lato::Entrate,
            LatoCli::Spese => Lato::Spese,
        }
    }
}

#[derive(Subcommand)]
pub enum ComandoBudget {
    /// Totali per livello (anche annidati: `--by uo,titolo,tipologia`), competenza e cassa.
    Totals {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
        #[arg(long, value_delimiter = ',', required = true)]
        by: Vec<LivelloCli>,
        #[arg(long)]
        side: Option<LatoCli>,
        #[arg(long, value_enum, default_value_t = FormatoTotali::Csv)]
        format: FormatoTotali,
        /// Versione del bilancio (predefinita: la corrente).
        #[arg(long)]
        version: Option<i32>,
    },
    /// Esporta il bilancio (CSV o XLSX, reimportabili).
    Export {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum)]
        format: FormatoTabella,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        version: Option<i32>,
    },
    /// Scrive un modello vuoto da compilare (CSV o XLSX).
    Template {
        #[arg(long, value_enum)]
        format: FormatoTabella,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Elenca le versioni importate del bilancio.
    Versions {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
    },
    /// Verifiche del bilancio corrente: pareggio, variazioni.
    Check {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
    },
    /// Collega i capitoli a progetti PEG e obiettivi: da un CSV `lato,capitolo,tipo,codice`
    /// (tipo: progetto | obiettivo), che sostituisce i collegamenti dell'esercizio, oppure uno
    /// alla volta con --side, --chapter e --project o --objective.
    Link {
        file: Option<PathBuf>,
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
        /// Anno di inizio del ciclo del piano che contiene progetti e obiettivi (con il file;
        /// per un solo collegamento è il ciclo che contiene l'esercizio).
        #[arg(long)]
        cycle: Option<i32>,
        #[command(flatten)]
        uno: crate::cli_comandi_valutazione::UnCollegamento,
    },
    #[command(flatten)]
    Scollega(crate::cli_comandi_valutazione::ComandoScollega),
}

fn scrivi_file(p: &Path, byte: &[u8]) -> Result<(), Errore> {
    let tmp = p.with_extension("tmp-traguardo");
    std::fs::write(&tmp, byte)
        .and_then(|_| std::fs::rename(&tmp, p))
        .map_err(|e| Errore::interno_da(format!("scrittura di {}: {e}", p.display()), e))
}

fn uscita(out: &mut Vec<u8>, dest: Option<PathBuf>, byte: Vec<u8>) -> Result<(), Errore> {
    match dest {
        Some(p) => {
            scrivi_file(&p, &byte)?;
            eprintln!("Scritto {}", p.display());
            Ok(())
        }
        None => {
            out.extend(byte);
            Ok(())
        }
    }
}

pub async fn importa(
    store: &Store,
    out: &mut Vec<u8>,
    file: &Path,
    ente: &str,
    anno: i32,
    formato: Option<FormatoOrigine>,
    foglio: Option<String>,
) -> Result<(), Errore> {
    let byte = leggi_file(file)?;
    let formato = formato
        .map(FormatoBilancio::from)
        .unwrap_or_else(|| formato_da_file(file));
    let lettori = Lettori { foglio };
    let nome = file.display().to_string();
    let e = bilancio::importa_bilancio(
        store,
        &lettori,
        &ctx(store, ente).await?,
        &byte,
        &nome,
        anno,
        formato,
    )
    .await?;
    let io = |e: std::io::Error| Errore::interno_da(e.to_string(), e);
    let d = &e.differenze;
    writeln!(
        out,
        "Bilancio {} {} ({}): {} righe lette, {} capitoli di entrata e {} di spesa.",
        e.ente,
        e.esercizio,
        e.formato.codice(),
        e.righe_lette,
        e.capitoli_entrate,
        e.capitoli_spese
    )
    .map_err(io)?;
    writeln!(
        out,
        "Capitoli: {} creati, {} aggiornati, {} invariati, {} rimossi.",
        d.creati, d.aggiornati, d.invariati, d.rimossi
    )
    .map_err(io)?;
    match e.versione {
        Some(v) => writeln!(
            out,
            "Salvato come versione {v} (le precedenti restano nella storia)."
        )
        .map_err(io)?,
        None => {
            writeln!(out, "Nessuna modifica: il bilancio corrente è già questo.").map_err(io)?
        }
    }
    if let Some(n) = e.subtotali_verificati {
        let discordanti = e
            .rilievi
            .iter()
            .filter(|r| r.codice == CodiceRilievo::SubtotaleNonCorrisponde)
            .count();
        writeln!(
            out,
            "Subtotali stampati verificati: {n}; importi che non tornano: {discordanti}."
        )
        .map_err(io)?;
    }
    if !e.rilievi.is_empty() {
        writeln!(out, "{} rilievi:", e.rilievi.len()).map_err(io)?;
        stampa_rilievi_testo(out, &e.rilievi).map_err(io)?;
    }
    Ok(())
}

pub async fn esegui(
    store: &Store,
    out: &mut Vec<u8>,
    comando: ComandoBudget,
) -> Result<(), Errore> {
    let io = |e: std::io::Error| Errore::interno_da(e.to_string(), e);
    match comando {
        ComandoBudget::Totals {
            ente,
            year,
            by,
            side,
            format,
            version,
        } => {
            let livelli: Vec<Livello> = by.into_iter().map(Livello::from).collect();
            let vista = traguardo_app::viste::bilancio::totali(
                store,
                &ctx(store, &ente).await?,
                year,
                version,
                &livelli,
                side.map(Lato::from),
            )
            .await?;
            match format {
                FormatoTotali::Csv => {
                    let csv_err = |e: csv::Error| Errore::interno_da(e.to_string(), e);
                    let mut w = csv::WriterBuilder::new()
                        .terminator(csv::Terminator::Any(b'\n'))
                        .from_writer(&mut *out);
                    w.write_record([
                        "side",
                        "key",
                        "name",
                        "prev_year",
                        "forecast",
                        "increase",
                        "decrease",
                        "cash",
                        "committed",
                    ])
                    .map_err(csv_err)?;
                    for r in &vista.righe {
                        let t = &r.totale;
                        let i = &t.importi;
                        w.write_record([
                            t.lato.codice().to_string(),
                            t.chiave.clone(),
                            t.nome.clone(),
                            i.anno_precedente.to_string(),
                            i.previsione.to_string(),
                            i.aumento.to_string(),
                            i.diminuzione.to_string(),
                            i.cassa.to_string(),
                            i.impegnato.to_string(),
                        ])
                        .map_err(csv_err)?;
                    }
                    w.flush().map_err(io)?;
                }
                FormatoTotali::Json => {
                    serde_json::to_writer_pretty(&mut *out, &vista.righe)
                        .map_err(|e| Errore::interno_da(e.to_string(), e))?;
                    writeln!(out).map_err(io)?;
                }
            }
        }
        ComandoBudget::Export {
            ente,
            year,
            format,
            out: dest,
            version,
        } => {
            let b = bilancio::bilancio(store, &ctx(store, &ente).await?, year, version).await?;
            let byte = match format {
                FormatoTabella::Csv => scrivi_csv(&b),
                FormatoTabella::Xlsx => scrivi_xlsx(&b).map_err(Errore::interno)?,
            };
            uscita(out, dest, byte)?;
        }
        ComandoBudget::Template { format, out: dest } => {
            let byte = match format {
                FormatoTabella::Csv => modello_csv(),
                FormatoTabella::Xlsx => modello_xlsx().map_err(Errore::interno)?,
            };
            uscita(out, dest, byte)?;
        }
        ComandoBudget::Versions { ente, year } => {
            for v in bilancio::versioni(store, &ctx(store, &ente).await?, year).await? {
                writeln!(
                    out,
                    "versione {}\t{}\t{}\t{}\t{} capitoli",
                    v.versione,
                    v.importato_il.format("%d/%m/%Y %H:%M"),
                    v.formato,
                    v.fonte,
                    v.capitoli
                )
                .map_err(io)?;
            }
        }
        ComandoBudget::Check { ente, year } => {
            let b = bilancio::bilancio(store, &ctx(store, &ente).await?, year, None).await?;
            let (e, ec) = b.totale_generale_entrate();
            let (s, sc) = b.totale_generale_spese();
            writeln!(
                out,
                "Totale generale entrate: competenza {}, cassa {}",
                e.formato_it(),
                ec.formato_it()
            )
            .map_err(io)?;
            writeln!(
                out,
                "Totale generale spese:   competenza {}, cassa {}",
                s.formato_it(),
                sc.formato_it()
            )
            .map_err(io)?;
            let mut r = b.verifica();
            r.extend(b.valida_struttura());
            stampa_rilievi_testo(out, &r).map_err(io)?;
        }
        ComandoBudget::Scollega(c) => {
            crate::cli_comandi_valutazione::scollega(store, out, c).await?
        }
        ComandoBudget::Link {
            file: None,
            ente,
            year,
            uno,
            ..
        } => crate::cli_comandi_valutazione::collega(store, out, &ente, year, &uno).await?,
        ComandoBudget::Link {
            file: Some(file),
            ente,
            year,
            cycle,
            ..
        } => {
            let cycle = cycle.ok_or_else(|| {
                Errore::NonValido(
                    "con un file di collegamenti serve --cycle (l'anno di inizio del ciclo del piano)".into(),
                )
            })?;
            let testo = leggi_testo(&file)?;
            let collegamenti = leggi_collegamenti(&testo, &file.display().to_string())
                .map_err(Errore::Rifiutato)?;
            let ctx = ctx(store, &ente).await?;
            let n = bilancio::collega_capitoli(store, &ctx, year, cycle, &collegamenti).await?;
            writeln!(out, "{n} collegamenti capitolo ↔ piano salvati.").map_err(io)?;
        }
    }
    Ok(())
}
