//! `traguardo plan …`: modifiche puntuali del piano, una per comando (obiettivi, step,
//! indicatori, pesi). Ogni comando scrive un solo obiettivo e tiene gli id di ciò che sposta.

use crate::cli::ctx;
use clap::Subcommand;
use std::io::Write;
use traguardo_app::Errore;
use traguardo_app::comandi_piano::{self as comandi, Modifica};
use traguardo_app::valutazione::percentuale;
use traguardo_domain::numeri::Percentuale;
use traguardo_domain::piano::{Indicatore, Obiettivo, Step, TestiObiettivo, TipoObiettivo};
use traguardo_storage::Store;

/// Argomenti comuni: ente, ciclo, revisione attesa.
#[derive(clap::Args)]
pub struct Dove {
    #[arg(long)]
    ente: String,
    #[arg(long)]
    cycle: i32,
    /// Revisione dell'obiettivo vista da chi scrive: se nel frattempo qualcuno l'ha cambiata, il
    /// comando è rifiutato (predefinita: quella attuale).
    #[arg(long)]
    revision: Option<i64>,
}

#[derive(Subcommand)]
pub enum ComandoPiano {
    #[command(flatten)]
    Assegnazioni(crate::cli_comandi_valutazione::ComandoAssegnazione),
    #[command(flatten)]
    Organizzazione(crate::cli_organizzazione::ComandoPianoOrg),
    #[command(flatten)]
    Versioni(crate::cli_versioni::ComandoVersioni),
    /// Crea un obiettivo (gli step e gli indicatori si aggiungono poi).
    ObjectiveAdd {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        code: String,
        #[arg(long)]
        title: String,
        /// performance, peg, mantenimento, direttore, strategico_relazione, altro_peg
        #[arg(long, default_value = "performance")]
        r#type: String,
        /// Incidenza sul piano (%).
        #[arg(long)]
        weight: Option<String>,
        /// Posizione (da 1; predefinita: in fondo).
        #[arg(long)]
        at: Option<usize>,
    },
    /// Modifica titolo o incidenza di un obiettivo.
    ObjectiveEdit {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        weight: Option<String>,
    },
    /// Elimina un obiettivo (con il suo monitoraggio, solo con --confirm).
    ObjectiveDelete {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        confirm: bool,
    },
    /// Aggiunge uno step a un obiettivo.
    StepAdd {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        description: String,
        #[arg(long)]
        code: Option<String>,
        /// Termine (es. "Entro marzo 2024", "31/12/2026", "al bisogno").
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        weight: Option<String>,
        #[arg(long)]
        at: Option<usize>,
    },
    /// Modifica uno step (i campi non indicati restano come sono).
    StepEdit {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        /// Posizione dello step (da 1).
        #[arg(long)]
        step: usize,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        weight: Option<String>,
    },
    /// Sposta uno step: il suo monitoraggio lo segue.
    StepMove {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        step: usize,
        #[arg(long)]
        to: usize,
    },
    /// Elimina uno step (con il suo monitoraggio, solo con --confirm).
    StepDelete {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        step: usize,
        #[arg(long)]
        confirm: bool,
    },
    /// Imposta i pesi degli step di un obiettivo, nell'ordine: "20;30;50" (o "20,5;29,5;50").
    Weights {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        weights: String,
    },
    /// Aggiunge un indicatore a un obiettivo.
    IndicatorAdd {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        target: Option<String>,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        at: Option<usize>,
    },
    /// Modifica un indicatore (i campi non indicati restano come sono).
    IndicatorEdit {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        indicator: usize,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        target: Option<String>,
    },
    /// Sposta un indicatore: i suoi valori lo seguono.
    IndicatorMove {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        indicator: usize,
        #[arg(long)]
        to: usize,
    },
    /// Elimina un indicatore (con i suoi valori, solo con --confirm).
    IndicatorDelete {
        #[command(flatten)]
        dove: Dove,
        #[arg(long)]
        objective: String,
        #[arg(long)]
        indicator: usize,
        #[arg(long)]
        confirm: bool,
    },
}

fn peso(t: &Option<String>) -> Result<Option<Percentuale>, Errore> {
    t.as_deref().map(percentuale).transpose()
}

fn vuoto_a_none(t: String) -> Option<String> {
    let t = t.trim().to_string();
    (!t.is_empty()).then_some(t)
}

pub async fn esegui(store: &Store, out: &mut Vec<u8>, comando: ComandoPiano) -> Result<(), Errore> {
    let io = |e: std::io::Error| Errore::interno_da(e.to_string(), e);
    // Le modifiche che partono dallo stato attuale di uno step o di un indicatore lo leggono qui.
    let attuale = |dove: &Dove| {
        let (ente, anno) = (dove.ente.clone(), dove.cycle);
        async move { traguardo_app::casi_uso::piano(store, &ctx(store, &ente).await?, anno).await }
    };
    let (dove, obiettivo, modifica, conferma) = match comando {
        ComandoPiano::Assegnazioni(c) => {
            return crate::cli_comandi_valutazione::assegnazione(store, out, c).await;
        }
        ComandoPiano::Organizzazione(c) => {
            return crate::cli_organizzazione::esegui_piano(store, out, c).await;
        }
        ComandoPiano::Versioni(c) => {
            return crate::cli_versioni::esegui(store, out, c).await;
        }
        ComandoPiano::ObjectiveAdd {
            dove,
            code,
            title,
            r#type,
            weight,
            at,
        } => {
            let tipo = TipoObiettivo::da_codice(&r#type).ok_or_else(|| {
                Errore::NonValido(format!("tipo di obiettivo «{type}» non valido", type = r#type))
            })?;
            let o = Obiettivo {
                codice: code,
                tipo,
                titolo: title,
                primo_anno: Some(dove.cycle),
                programmi: vec![],
                obiettivi_operativi: vec![],
                unita: vec![],
                progetti_peg: vec![],
                servizi: vec![],
                peso: peso(&weight)?,
                punti: None,
                rilevanza_anticorruzione: None,
                operatori_coinvolti: None,
                costi: None,
                testi: TestiObiettivo::default(),
                steps: vec![],
                indicatori: vec![],
                note: None,
            };
            let esito =
                comandi::crea_obiettivo(store, &ctx(store, &dove.ente).await?, dove.cycle, o, at)
                    .await?;
            writeln!(
                out,
                "Obiettivo {} creato (id {}, revisione {}).",
                esito.obiettivo, esito.id, esito.revisione
            )
            .map_err(io)?;
            return Ok(());
        }
        ComandoPiano::ObjectiveDelete {
            dove,
            objective,
            confirm,
        } => {
            comandi::elimina_obiettivo(
                store,
                &ctx(store, &dove.ente).await?,
                dove.cycle,
                &objective,
                dove.revision,
                confirm,
            )
            .await?;
            writeln!(out, "Obiettivo {objective} eliminato.").map_err(io)?;
            return Ok(());
        }
        ComandoPiano::ObjectiveEdit {
            dove,
            objective,
            title,
            weight,
        } => {
            let m = match (title, weight) {
                (Some(t), None) => Modifica::Titolo(t),
                (None, Some(w)) => Modifica::Peso(peso(&Some(w))?),
                _ => {
                    return Err(Errore::NonValido(
                        "indica --title oppure --weight (uno per comando)".into(),
                    ));
                }
            };
            (dove, objective, m, false)
        }
        ComandoPiano::StepAdd {
            dove,
            objective,
            description,
            code,
            deadline,
            weight,
            at,
        } => {
            let step = Step {
                codice: code,
                descrizione: description,
                scadenza: deadline,
                revisioni_scadenza: vec![],
                indicatore: None,
                peso: peso(&weight)?,
                ie: None,
                figure_coinvolte: None,
                note: None,
            };
            let m = Modifica::AggiungiStep {
                posizione: at,
                step,
            };
            (dove, objective, m, false)
        }
        ComandoPiano::StepEdit {
            dove,
            objective,
            step,
            description,
            code,
            deadline,
            weight,
        } => {
            let p = attuale(&dove).await?;
            let mut s = p
                .obiettivo(&objective)
                .and_then(|o| o.steps.get(step.wrapping_sub(1)))
                .cloned()
                .ok_or_else(|| {
                    Errore::NonTrovato(format!("l'obiettivo «{objective}» non ha uno step {step}"))
                })?;
            if let Some(d) = description {
                s.descrizione = d;
            }
            if let Some(c) = code {
                s.codice = vuoto_a_none(c);
            }
            if let Some(d) = deadline {
                s.scadenza = vuoto_a_none(d);
            }
            if weight.is_some() {
                s.peso = peso(&weight)?;
            }
            let m = Modifica::ModificaStep {
                posizione: step,
                step: s,
            };
            (dove, objective, m, false)
        }
        ComandoPiano::StepMove {
            dove,
            objective,
            step,
            to,
        } => (
            dove,
            objective,
            Modifica::SpostaStep { da: step, a: to },
            false,
        ),
        ComandoPiano::StepDelete {
            dove,
            objective,
            step,
            confirm,
        } => (
            dove,
            objective,
            Modifica::EliminaStep { posizione: step },
            confirm,
        ),
        ComandoPiano::Weights {
            dove,
            objective,
            weights,
        } => {
            let pesi = weights
                .split(';')
                .map(|t| {
                    let t = t.trim();
                    if t.is_empty() {
                        Ok(None)
                    } else {
                        percentuale(t).map(Some)
                    }
                })
                .collect::<Result<Vec<_>, Errore>>()?;
            (dove, objective, Modifica::PesiStep(pesi), false)
        }
        ComandoPiano::IndicatorAdd {
            dove,
            objective,
            name,
            target,
            code,
            at,
        } => {
            let indicatore = Indicatore {
                codice: code,
                nome: name,
                descrizione: None,
                dimensione: None,
                unita_misura: None,
                polarita: None,
                baseline: None,
                target,
                fonte: None,
                step: None,
                note: None,
            };
            let m = Modifica::AggiungiIndicatore {
                posizione: at,
                indicatore,
            };
            (dove, objective, m, false)
        }
        ComandoPiano::IndicatorEdit {
            dove,
            objective,
            indicator,
            name,
            target,
        } => {
            let p = attuale(&dove).await?;
            let mut i = p
                .obiettivo(&objective)
                .and_then(|o| o.indicatori.get(indicator.wrapping_sub(1)))
                .cloned()
                .ok_or_else(|| {
                    Errore::NonTrovato(format!(
                        "l'obiettivo «{objective}» non ha un indicatore {indicator}"
                    ))
                })?;
            if let Some(n) = name {
                i.nome = n;
            }
            if let Some(t) = target {
                i.target = vuoto_a_none(t);
            }
            let m = Modifica::ModificaIndicatore {
                posizione: indicator,
                indicatore: i,
            };
            (dove, objective, m, false)
        }
        ComandoPiano::IndicatorMove {
            dove,
            objective,
            indicator,
            to,
        } => (
            dove,
            objective,
            Modifica::SpostaIndicatore {
                da: indicator,
                a: to,
            },
            false,
        ),
        ComandoPiano::IndicatorDelete {
            dove,
            objective,
            indicator,
            confirm,
        } => (
            dove,
            objective,
            Modifica::EliminaIndicatore {
                posizione: indicator,
            },
            confirm,
        ),
    };
    let esito = comandi::modifica_obiettivo(
        store,
        &ctx(store, &dove.ente).await?,
        dove.cycle,
        &obiettivo,
        dove.revision,
        modifica,
        conferma,
    )
    .await?;
    writeln!(
        out,
        "Obiettivo {} salvato (revisione {}).",
        esito.obiettivo, esito.revisione
    )
    .map_err(io)?;
    Ok(())
}
