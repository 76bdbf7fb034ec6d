//! Comandi della CLI. Ogni errore termina con un messaggio in italiano e codice di uscita non
//! zero; nulla viene scritto se un comando fallisce.

use crate::cli_bilancio::{self, ComandoBudget, FormatoOrigine};
use crate::cli_cartella;
use crate::cli_utenti::{self, ComandoAudit, ComandoToken, ComandoUtente};
use crate::cli_valutazione::{
    self as cv, ComandoFondo, ComandoMonitoraggio, ComandoRegole, ComandoValutazione, Formato,
};
use crate::demo;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use traguardo_app::Errore;
use traguardo_app::casi_uso;
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::porte::EntiRepo;
use traguardo_domain::numeri::formato_punto;
use traguardo_domain::rilievi::Rilievo;
use traguardo_storage::Store;

/// Traguardo: il ciclo della performance degli enti pubblici (piani, PEG, monitoraggio,
/// valutazione e documenti).
#[derive(Parser)]
#[command(name = "traguardo", version, about)]
struct Cli {
    /// Database: `sqlite://percorso.db` (predefinito: traguardo.db nella cartella corrente)
    /// oppure `postgres://utente@host:5432/db`.
    #[arg(
        long,
        global = true,
        env = "TRAGUARDO_DATABASE_URL",
        default_value = "sqlite://traguardo.db"
    )]
    database: String,
    #[command(subcommand)]
    comando: Comando,
}

#[derive(Subcommand)]
enum Comando {
    /// Applica le migrazioni del database.
    Migrate,
    /// Gestione degli enti.
    Ente {
        #[command(subcommand)]
        comando: ComandoEnte,
    },
    /// Importa dati da un file.
    Import {
        #[command(subcommand)]
        comando: ComandoImport,
    },
    /// Esporta dati in un file.
    Export {
        #[command(subcommand)]
        comando: ComandoExport,
    },
    /// Cicli: il ciclo nuovo dal precedente (`cycle new`).
    Cycle {
        #[command(subcommand)]
        comando: crate::cli_ciclo::ComandoCiclo,
    },
    /// La Relazione sulla performance: create, approve (atto del CdA), validate (Nucleo/OIV),
    /// show, director-decision, allocate-fund.
    Relazione {
        #[command(subcommand)]
        comando: crate::cli_relazione::ComandoRelazione,
    },
    /// Il Nucleo di valutazione / OIV: observe, assess, propose.
    Oiv {
        #[command(subcommand)]
        comando: crate::cli_relazione::ComandoOiv,
    },
    /// Verifica il piano di un ciclo e stampa i rilievi.
    Check {
        #[arg(long)]
        ente: String,
        /// Anno di inizio del ciclo (es. 2021 per il ciclo 2021–2023).
        #[arg(long)]
        cycle: i32,
        #[arg(long, value_enum, default_value_t = FormatoTesto::Text)]
        format: FormatoTesto,
    },
    /// Pesi degli step in un anno del ciclo (peso step/obiettivo, step/anno, step nel piano).
    Weights {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t = FormatoPesi::Csv)]
        format: FormatoPesi,
    },
    /// PEG finanziario: totali, esportazione, modelli, versioni, verifiche, collegamenti.
    Budget {
        #[command(subcommand)]
        comando: ComandoBudget,
    },
    /// Modifiche puntuali del piano: obiettivi, step, indicatori, pesi (una per comando).
    Plan {
        #[command(subcommand)]
        comando: crate::cli_piano::ComandoPiano,
    },
    /// Organizzazione nel tempo: CdR, responsabili, persone che entrano, si spostano, escono.
    Org {
        #[command(subcommand)]
        comando: crate::cli_organizzazione::ComandoOrg,
    },
    /// Monitoraggio: stati degli step, richieste e decisioni di dilazione.
    Monitor {
        #[command(subcommand)]
        comando: ComandoMonitoraggio,
    },
    /// Punteggi di obiettivi, CdR, ente e direttore (CSV: level,code,name,weight,achievement,band).
    Score {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        /// Checkpoint (codice o gg/mm/aaaa); predefinito: la verifica finale.
        #[arg(long)]
        checkpoint: Option<String>,
        #[arg(long, value_enum, default_value_t = Formato::Csv)]
        format: Formato,
    },
    /// Spiega in italiano come si arriva al raggiungimento di un obiettivo.
    Explain {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        checkpoint: Option<String>,
    },
    /// Scostamenti degli indicatori (b − a) e discordanze con quelli stampati.
    Deviations {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: Option<String>,
        #[arg(long, value_enum, default_value_t = Formato::Csv)]
        format: Formato,
    },
    /// Tempestività delle attività: mese previsto contro consuntivo.
    Timeliness {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        checkpoint: Option<String>,
    },
    /// Fondo per la produttività: ripartizione e tabelle art. 20.
    Fund {
        #[command(subcommand)]
        comando: ComandoFondo,
    },
    /// Regole SMVP dell'ente per il ciclo.
    Rules {
        #[command(subcommand)]
        comando: ComandoRegole,
    },
    /// Valutazione individuale: comportamenti, punteggi, presa visione.
    Evaluate {
        #[command(subcommand)]
        comando: ComandoValutazione,
    },
    /// Utenti e ruoli presso gli enti.
    User {
        #[command(subcommand)]
        comando: ComandoUtente,
    },
    /// Token API personali.
    Token {
        #[command(subcommand)]
        comando: ComandoToken,
    },
    /// Registro di audit.
    Audit {
        #[command(subcommand)]
        comando: ComandoAudit,
    },
    /// Avvia il server HTTP.
    Serve {
        /// Indirizzo di ascolto.
        #[arg(long, env = "TRAGUARDO_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Carica i piani dimostrativi degli enti dei seed (solo se non ancora presenti).
        #[arg(long)]
        demo: bool,
    },
    /// Carica i piani dimostrativi degli enti dei seed.
    Demo,
}

#[derive(Subcommand)]
enum ComandoEnte {
    /// Crea un ente.
    Create {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    /// Elenca gli enti.
    List,
}

#[derive(Subcommand)]
enum ComandoImport {
    /// Importa un file del piano (JSON, docs/plan-file.md, o la cartella XLSX se il file
    /// termina in .xlsx). Tutto o niente.
    Plan {
        file: PathBuf,
        /// Se indicato, il file deve appartenere a questo ente.
        #[arg(long)]
        ente: Option<String>,
        /// Mostra cosa cambierebbe (elementi riconosciuti, tolti, aggiunti, fatti persi) senza
        /// scrivere nulla.
        #[arg(long)]
        dry_run: bool,
        /// Applica il file anche se toglie elementi con monitoraggio o fatti del monitoraggio.
        #[arg(long)]
        confirm: bool,
        /// Il piano del ciclo è approvato: il file diventa una variazione (versione N+1 in
        /// bozza), nella stessa transazione.
        #[arg(long)]
        as_variation: bool,
    },
    /// Importa il PEG finanziario di un esercizio (prospetto del software di contabilità,
    /// CSV o XLSX). Tutto o niente, con resoconto; una nuova versione sostituisce la corrente.
    Budget {
        file: PathBuf,
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
        /// Formato (predefinito dall'estensione: .csv, .xlsx, altrimenti il prospetto di testo).
        #[arg(long, value_enum)]
        format: Option<FormatoOrigine>,
        /// Foglio XLSX da leggere (predefinito: il primo).
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Importa presenze e part-time dell'anno dal sistema delle presenze (CSV
    /// `matricola;cognome_nome;giorni_presenza;part_time`, docs/presenze.md). Tutto o niente.
    Presenze {
        file: PathBuf,
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
    },
}

#[derive(Subcommand)]
enum ComandoExport {
    /// Esporta il piano di un ciclo nel formato canonico.
    Plan {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        /// File di destinazione (predefinito: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Scrive anche gli id di obiettivi, step, indicatori e checkpoint: reimportato, il file
        /// riconosce ogni elemento anche se spostato o rinominato.
        #[arg(long)]
        with_ids: bool,
        /// Formato: json (predefinito) o xlsx, la cartella con un foglio per elenco e gli id
        /// (predefinito xlsx se il file di destinazione termina in .xlsx).
        #[arg(long, value_enum)]
        format: Option<cli_cartella::FormatoPiano>,
        /// Esporta la versione N del piano (predefinita: quella in vigore nelle tabelle).
        #[arg(long)]
        version: Option<i32>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatoTesto {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatoPesi {
    Csv,
    Json,
    Text,
}

/// La descrizione dell'attore della CLI nell'audit: `cli:<utente del sistema operativo>`.
pub fn descrizione_sistema() -> String {
    let utente = std::env::var("USER").unwrap_or_else(|_| "sconosciuto".into());
    format!("cli:{utente}")
}

/// L'attore della CLI (`sistema:cli:<utente>` nell'audit), per le operazioni dell'installazione.
pub fn attore() -> Attore {
    Attore::sistema(&descrizione_sistema())
}

/// Il contesto della CLI presso l'ente `codice`: il sistema, che può tutto ed è registrato
/// come tale nell'audit. `NonTrovato` se l'ente non esiste.
pub async fn ctx(store: &Store, codice: &str) -> Result<Contesto, Errore> {
    Contesto::sistema_presso(store, codice, &descrizione_sistema()).await
}

/// Legge un file indicato dall'utente; l'errore dice quale file e perché.
pub fn leggi_file(p: &std::path::Path) -> Result<Vec<u8>, Errore> {
    std::fs::read(p)
        .map_err(|e| Errore::NonValido(format!("impossibile leggere {}: {e}", p.display())))
}

/// Come [`leggi_file`], per i file di testo UTF-8.
pub fn leggi_testo(p: &std::path::Path) -> Result<String, Errore> {
    String::from_utf8(leggi_file(p)?).map_err(|e| {
        Errore::NonValido(format!(
            "{}: il file non è in UTF-8 (byte non valido alla posizione {})",
            p.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Campo CSV (RFC 4180): tra virgolette se contiene separatori, virgolette o a capo.
pub fn stampa_rilievi_testo(out: &mut impl Write, rilievi: &[Rilievo]) -> std::io::Result<()> {
    if rilievi.is_empty() {
        writeln!(out, "Nessun rilievo.")?;
    }
    for r in rilievi {
        writeln!(out, "{r}")?;
    }
    Ok(())
}

pub async fn esegui() -> ExitCode {
    let cli = Cli::parse();
    let mut out = Vec::new();
    let esito = esegui_comando(cli, &mut out).await;
    // L'output è scritto solo alla fine: un comando fallito non lascia output a metà, e un
    // lettore che chiude la pipe (`| head`) non è un errore.
    if let Err(e) = std::io::stdout()
        .write_all(&out)
        .and_then(|_| std::io::stdout().flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("traguardo: scrittura dell'output non riuscita: {e}");
        return ExitCode::FAILURE;
    }
    match esito {
        Ok(code) => code,
        Err(e) => {
            eprintln!("traguardo: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn apri(url: &str) -> Result<Store, Errore> {
    let store = Store::connetti(url).await?;
    store.migra().await?;
    Ok(store)
}

async fn esegui_comando(cli: Cli, out: &mut Vec<u8>) -> Result<ExitCode, Errore> {
    let io = |e: std::io::Error| Errore::interno_da(format!("scrittura dell'output: {e}"), e);
    match cli.comando {
        Comando::Migrate => {
            let store = apri(&cli.database).await?;
            writeln!(out, "Database aggiornato ({}).", store.backend()).map_err(io)?;
        }
        Comando::Ente { comando } => {
            let store = apri(&cli.database).await?;
            match comando {
                ComandoEnte::Create { code, name } => {
                    let e = casi_uso::crea_ente(&store, &attore(), &code, &name).await?;
                    writeln!(out, "Ente creato: {} — {}", e.codice, e.nome).map_err(io)?;
                }
                ComandoEnte::List => {
                    for e in store.elenco_enti().await? {
                        writeln!(out, "{}\t{}", e.codice, e.nome).map_err(io)?;
                    }
                }
            }
        }
        Comando::Import {
            comando: ComandoImport::Presenze { file, ente, year },
        } => {
            let store = apri(&cli.database).await?;
            crate::cli_organizzazione::importa_presenze(&store, out, &ente, year, &file).await?;
        }
        Comando::Org { comando } => {
            let store = apri(&cli.database).await?;
            crate::cli_organizzazione::esegui(&store, out, comando).await?;
        }
        Comando::Import {
            comando:
                ComandoImport::Plan {
                    file,
                    ente,
                    dry_run,
                    confirm,
                    as_variation,
                },
        } => {
            let (byte, nome) = cli_cartella::byte_da_importare(&file, leggi_file(&file)?)?;
            let store = apri(&cli.database).await?;
            let esito = casi_uso::importa_piano_con(
                &store,
                &attore(),
                &byte,
                &nome,
                ente.as_deref(),
                casi_uso::OpzioniImportPiano {
                    prova: dry_run,
                    conferma: confirm,
                    come_variazione: as_variation,
                },
            )
            .await?;
            if esito.piano_sostituito || !esito.scritto {
                stampa_differenze(out, &esito.differenze).map_err(io)?;
            }
            if !esito.scritto {
                writeln!(out, "Prova (--dry-run): nulla è stato scritto.").map_err(io)?;
                return Ok(ExitCode::SUCCESS);
            }
            writeln!(
                out,
                "Piano importato: ente {}{}, ciclo {}–{}{}: {} obiettivi, {} step, {} indicatori.",
                esito.ente,
                if esito.ente_creato { " (creato)" } else { "" },
                esito.anno_inizio,
                esito.anno_fine,
                if esito.piano_sostituito {
                    " (aggiorna il precedente)"
                } else {
                    ""
                },
                esito.obiettivi,
                esito.steps,
                esito.indicatori
            )
            .map_err(io)?;
            if let Some(n) = esito.variazione {
                writeln!(
                    out,
                    "Variazione: il file è la versione {n} del piano, in bozza (si approva con `plan approve`)."
                )
                .map_err(io)?;
            }
            if !esito.avvisi.is_empty() {
                writeln!(
                    out,
                    "{} avvisi (vedi `traguardo check`):",
                    esito.avvisi.len()
                )
                .map_err(io)?;
                stampa_rilievi_testo(out, &esito.avvisi).map_err(io)?;
            }
        }
        Comando::Import {
            comando:
                ComandoImport::Budget {
                    file,
                    ente,
                    year,
                    format,
                    sheet,
                },
        } => {
            let store = apri(&cli.database).await?;
            cli_bilancio::importa(&store, out, &file, &ente, year, format, sheet).await?;
        }
        Comando::Monitor { comando } => {
            let store = apri(&cli.database).await?;
            cv::monitoraggio(&store, out, comando).await?;
        }
        Comando::Score {
            ente,
            cycle,
            checkpoint,
            format,
        } => {
            let store = apri(&cli.database).await?;
            cv::punteggi(&store, out, &ente, cycle, checkpoint.as_deref(), format).await?;
        }
        Comando::Explain {
            ente,
            cycle,
            objective,
            checkpoint,
        } => {
            let store = apri(&cli.database).await?;
            cv::spiegazione(&store, out, &ente, cycle, &objective, checkpoint.as_deref()).await?;
        }
        Comando::Deviations {
            ente,
            cycle,
            checkpoint,
            format,
        } => {
            let store = apri(&cli.database).await?;
            cv::scostamenti(&store, out, &ente, cycle, checkpoint.as_deref(), format).await?;
        }
        Comando::Timeliness {
            ente,
            cycle,
            checkpoint,
        } => {
            let store = apri(&cli.database).await?;
            cv::tempi(&store, out, &ente, cycle, checkpoint.as_deref()).await?;
        }
        Comando::Fund { comando } => {
            let store = apri(&cli.database).await?;
            cv::fondo(&store, out, comando).await?;
        }
        Comando::Rules { comando } => {
            let store = apri(&cli.database).await?;
            cv::regole(&store, out, comando).await?;
        }
        Comando::Evaluate { comando } => {
            let store = apri(&cli.database).await?;
            cv::valutazione(&store, out, comando).await?;
        }
        Comando::Plan { comando } => {
            let store = apri(&cli.database).await?;
            crate::cli_piano::esegui(&store, out, comando).await?;
        }
        Comando::Relazione { comando } => {
            let store = apri(&cli.database).await?;
            crate::cli_relazione::relazione(&store, out, comando).await?;
        }
        Comando::Oiv { comando } => {
            let store = apri(&cli.database).await?;
            crate::cli_relazione::oiv(&store, out, comando).await?;
        }
        Comando::Cycle { comando } => {
            let store = apri(&cli.database).await?;
            crate::cli_ciclo::esegui(&store, out, comando).await?;
        }
        Comando::Budget { comando } => {
            let store = apri(&cli.database).await?;
            cli_bilancio::esegui(&store, out, comando).await?;
        }
        Comando::Export {
            comando:
                ComandoExport::Plan {
                    ente,
                    cycle,
                    out: f,
                    with_ids,
                    format,
                    version,
                },
        } => {
            let store = apri(&cli.database).await?;
            let xlsx = cli_cartella::formato_export(format, f.as_deref())
                == cli_cartella::FormatoPiano::Xlsx;
            let testo = if let Some(n) = version {
                traguardo_app::versioni::esporta_versione(
                    &store,
                    &ctx(&store, &ente).await?,
                    cycle,
                    n,
                    with_ids || xlsx,
                )
                .await?
            } else if with_ids || xlsx {
                casi_uso::esporta_piano_con_id(&store, &ctx(&store, &ente).await?, cycle).await?
            } else {
                casi_uso::esporta_piano(&store, &ctx(&store, &ente).await?, cycle).await?
            };
            let testo = match xlsx {
                true => cli_cartella::cartella(&testo)?,
                false => testo.into_bytes(),
            };
            match f {
                Some(p) => {
                    // Scrittura atomica: file temporaneo e rinomina.
                    let tmp = p.with_extension("tmp");
                    std::fs::write(&tmp, &testo)
                        .and_then(|_| std::fs::rename(&tmp, &p))
                        .map_err(|e| {
                            Errore::interno_da(format!("scrittura di {}: {e}", p.display()), e)
                        })?;
                    eprintln!("Piano esportato in {}", p.display());
                }
                None => out.write_all(&testo).map_err(io)?,
            }
        }
        Comando::Check {
            ente,
            cycle,
            format,
        } => {
            let store = apri(&cli.database).await?;
            let verifica =
                traguardo_app::viste::piano::rilievi(&store, &ctx(&store, &ente).await?, cycle)
                    .await?;
            let rilievi = &verifica.rilievi;
            match format {
                FormatoTesto::Text => stampa_rilievi_testo(out, rilievi).map_err(io)?,
                FormatoTesto::Json => {
                    serde_json::to_writer_pretty(&mut *out, rilievi)
                        .map_err(|e| Errore::interno_da(e.to_string(), e))?;
                    writeln!(out).map_err(io)?;
                }
            }
            if verifica.errori > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Comando::Weights {
            ente,
            cycle,
            year,
            format,
        } => {
            let store = apri(&cli.database).await?;
            let tabella =
                traguardo_app::viste::piano::pesi(&store, &ctx(&store, &ente).await?, cycle, year)
                    .await?;
            let righe = &tabella.righe;
            let p = |d: Option<rust_decimal::Decimal>| d.map(|x| formato_punto(x, 2));
            match format {
                FormatoPesi::Csv => {
                    let mut w = csv::WriterBuilder::new()
                        .terminator(csv::Terminator::Any(b'\n'))
                        .from_writer(&mut *out);
                    let csv_err = |e: csv::Error| Errore::interno_da(e.to_string(), e);
                    w.write_record([
                        "objective",
                        "step",
                        "deadline",
                        "weight_on_objective",
                        "weight_in_year",
                        "weight_in_plan",
                    ])
                    .map_err(csv_err)?;
                    for r in righe.iter().map(|r| &r.peso) {
                        w.write_record([
                            r.obiettivo.clone(),
                            r.step.clone(),
                            r.scadenza.clone().unwrap_or_default(),
                            p(r.peso_obiettivo).unwrap_or_default(),
                            p(r.peso_anno).unwrap_or_default(),
                            p(r.peso_piano).unwrap_or_default(),
                        ])
                        .map_err(csv_err)?;
                    }
                    w.flush().map_err(io)?;
                }
                FormatoPesi::Json => {
                    serde_json::to_writer_pretty(&mut *out, righe)
                        .map_err(|e| Errore::interno_da(e.to_string(), e))?;
                    writeln!(out).map_err(io)?;
                }
                FormatoPesi::Text => {
                    for r in righe {
                        writeln!(out, "{}", r.peso.spiegazione).map_err(io)?;
                    }
                }
            }
        }
        Comando::User { comando } => {
            cli_utenti::utente(&apri(&cli.database).await?, out, comando).await?
        }
        Comando::Token { comando } => {
            cli_utenti::token(&apri(&cli.database).await?, out, comando).await?
        }
        Comando::Audit { comando } => {
            cli_utenti::registro(&apri(&cli.database).await?, out, comando).await?
        }
        Comando::Serve { bind, demo: d } => {
            let mut config =
                traguardo_web::Configurazione::da_ambiente().map_err(Errore::NonValido)?;
            config.bind = bind;
            let store = apri(&cli.database).await?;
            traguardo_web::inizializza_log();
            if d {
                demo::carica(&store).await?;
                // Le password vanno su stdout, subito (il server poi non termina), mai nel log.
                let tabella = demo::tabella_utenti(&demo::utenti(&store).await?);
                let mut o = std::io::stdout().lock();
                let _ = o.write_all(tabella.as_bytes()).and_then(|_| o.flush());
            }
            // Ogni rotta, tranne /health, l'indice e il documento OpenAPI, chiede un token.
            let accesso = std::sync::Arc::new(traguardo_web::AccessoApp(store.clone()));
            let stato = traguardo_web::AppState::new(store, accesso);
            traguardo_web::servi(stato, &config).await?;
        }
        Comando::Demo => {
            let store = apri(&cli.database).await?;
            for riga in demo::carica(&store).await? {
                writeln!(out, "{riga}").map_err(io)?;
            }
            let tabella = demo::tabella_utenti(&demo::utenti(&store).await?);
            out.write_all(tabella.as_bytes()).map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Le differenze di una reimportazione, in italiano.
fn stampa_differenze(
    out: &mut dyn Write,
    d: &traguardo_app::reimportazione::Differenze,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Confronto con il piano memorizzato: {} elementi riconosciuti (tengono id e monitoraggio), {} tolti, {} aggiunti, {} fatti del monitoraggio persi.",
        d.riconosciuti,
        d.tolti.len(),
        d.aggiunti.len(),
        d.fatti_persi.len()
    )?;
    for e in &d.tolti {
        let fatti = if e.fatti > 0 {
            format!(" — perde {}", e.perdite)
        } else {
            String::new()
        };
        writeln!(out, "  - tolto {} {}{fatti}", e.tipo, e.descrizione)?;
    }
    for e in &d.aggiunti {
        writeln!(out, "  + aggiunto {} {}", e.tipo, e.descrizione)?;
    }
    for f in &d.fatti_persi {
        writeln!(out, "  - perso {}", f.descrizione)?;
    }
    Ok(())
}
