//! Comandi di modifica del piano, uno per azione dell'utente: creare, modificare, spostare ed
//! eliminare obiettivi, step e indicatori, e impostare i pesi di un obiettivo.
//!
//! La grana è l'obiettivo: ogni comando scrive un solo obiettivo (con i suoi step e indicatori)
//! in una transazione con il suo audit, se la revisione dell'obiettivo è ancora quella vista da
//! chi scrive. Step e indicatori tengono il loro id quando si spostano o si rinominano, e il loro
//! monitoraggio resta con loro. Il piano risultante è validato con le regole dell'importazione
//! prima di scrivere: un comando che lo renderebbe non valido è rifiutato e nulla cambia.

use crate::Errore;
use crate::casi_uso::Attore;
use crate::comandi_monitoraggio::carica;
use crate::identita::{IdentitaObiettivo, nuovo_uuid};
use crate::porte::{EntiRepo, EventoAudit, PianiRepo};
use crate::reimportazione::{fatti_indicatore, fatti_obiettivo, fatti_step};
use chrono::Utc;
use serde::Serialize;
use traguardo_domain::id::{IdIndicatore, IdObiettivo, IdStep};
use traguardo_domain::numeri::Percentuale;
use traguardo_domain::piano::{Indicatore, Obiettivo, Piano, Step};
use traguardo_domain::rilievi::{CodiceRilievo, Gravita, Rilievo};
use traguardo_domain::validazione::valida;

/// Esito di un comando sul piano: l'obiettivo scritto e la sua nuova revisione.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsitoObiettivo {
    pub obiettivo: String,
    pub id: IdObiettivo,
    pub revisione: i64,
}

/// Una modifica a un obiettivo, applicata alla copia in memoria insieme alle sue identità.
pub enum Modifica {
    Titolo(String),
    Peso(Option<Percentuale>),
    AggiungiStep {
        posizione: Option<usize>,
        step: Step,
    },
    ModificaStep {
        posizione: usize,
        step: Step,
    },
    SpostaStep {
        da: usize,
        a: usize,
    },
    EliminaStep {
        posizione: usize,
    },
    /// Pesi degli step, nell'ordine (tanti quanti gli step).
    PesiStep(Vec<Option<Percentuale>>),
    AggiungiIndicatore {
        posizione: Option<usize>,
        indicatore: Indicatore,
    },
    ModificaIndicatore {
        posizione: usize,
        indicatore: Indicatore,
    },
    SpostaIndicatore {
        da: usize,
        a: usize,
    },
    EliminaIndicatore {
        posizione: usize,
    },
}

impl Modifica {
    fn azione(&self) -> &'static str {
        match self {
            Modifica::Titolo(_) | Modifica::Peso(_) => "obiettivo.modifica",
            Modifica::AggiungiStep { .. } => "step.crea",
            Modifica::ModificaStep { .. } => "step.modifica",
            Modifica::SpostaStep { .. } => "step.sposta",
            Modifica::EliminaStep { .. } => "step.elimina",
            Modifica::PesiStep(_) => "obiettivo.pesi",
            Modifica::AggiungiIndicatore { .. } => "indicatore.crea",
            Modifica::ModificaIndicatore { .. } => "indicatore.modifica",
            Modifica::SpostaIndicatore { .. } => "indicatore.sposta",
            Modifica::EliminaIndicatore { .. } => "indicatore.elimina",
        }
    }
}

fn posizione_valida(n: usize, p: usize, cosa: &str, obiettivo: &str) -> Result<usize, Errore> {
    if (1..=n).contains(&p) {
        Ok(p - 1)
    } else {
        Err(Errore::NonValido(format!(
            "l'obiettivo «{obiettivo}» ha {n} {cosa}: la posizione {p} non esiste"
        )))
    }
}

fn sposta<T>(v: &mut Vec<T>, da: usize, a: usize) {
    let x = v.remove(da);
    v.insert(a, x);
}

/// Applica la modifica all'obiettivo e alle sue identità; aggiorna i riferimenti posizionali
/// dei fatti nella copia del piano, così che la validazione veda il piano come sarà riletto.
fn applica(
    p: &mut Piano,
    i: usize,
    ids: &mut IdentitaObiettivo,
    m: Modifica,
    conferma: bool,
) -> Result<String, Errore> {
    let codice = p.obiettivi[i].codice.clone();
    let n_step = p.obiettivi[i].steps.len();
    let n_ind = p.obiettivi[i].indicatori.len();
    // Rimappa le posizioni (da 1) dei fatti degli step/indicatori dell'obiettivo.
    let rimappa_step = |p: &mut Piano, f: &dyn Fn(u32) -> Option<u32>| {
        let m = &mut p.monitoraggio;
        m.stati
            .retain_mut(|x| x.obiettivo != codice || f(x.step).map(|n| x.step = n).is_some());
        m.dilazioni
            .retain_mut(|x| x.obiettivo != codice || f(x.step).map(|n| x.step = n).is_some());
        m.cause_scostamento.retain_mut(|x| match x.step {
            Some(s) if x.obiettivo == codice => f(s).map(|n| x.step = Some(n)).is_some(),
            _ => true,
        });
    };
    let rimappa_ind = |p: &mut Piano, f: &dyn Fn(u32) -> Option<u32>| {
        p.monitoraggio.valori.retain_mut(|x| {
            x.obiettivo != codice || f(x.indicatore).map(|n| x.indicatore = n).is_some()
        });
    };
    let descrizione = match m {
        Modifica::Titolo(t) => {
            p.obiettivi[i].titolo = t;
            format!("titolo dell'obiettivo {codice}")
        }
        Modifica::Peso(peso) => {
            p.obiettivi[i].peso = peso;
            format!("incidenza dell'obiettivo {codice}")
        }
        Modifica::AggiungiStep { posizione, step } => {
            let dove = match posizione {
                Some(x) => posizione_valida(n_step + 1, x, "posizioni per un nuovo step", &codice)?,
                None => n_step,
            };
            p.obiettivi[i].steps.insert(dove, step);
            ids.steps.insert(dove, IdStep(nuovo_uuid()));
            let d = dove as u32 + 1;
            rimappa_step(p, &|s| Some(if s >= d { s + 1 } else { s }));
            format!("nuovo step {d} dell'obiettivo {codice}")
        }
        Modifica::ModificaStep { posizione, step } => {
            let j = posizione_valida(n_step, posizione, "step", &codice)?;
            p.obiettivi[i].steps[j] = step;
            format!("step {posizione} dell'obiettivo {codice}")
        }
        Modifica::SpostaStep { da, a } => {
            let (x, y) = (
                posizione_valida(n_step, da, "step", &codice)?,
                posizione_valida(n_step, a, "step", &codice)?,
            );
            sposta(&mut p.obiettivi[i].steps, x, y);
            sposta(&mut ids.steps, x, y);
            let mut ordine: Vec<u32> = (1..=n_step as u32).collect();
            sposta(&mut ordine, x, y);
            rimappa_step(p, &|s| {
                ordine.iter().position(|&o| o == s).map(|n| n as u32 + 1)
            });
            format!("step {da} dell'obiettivo {codice} spostato in posizione {a}")
        }
        Modifica::EliminaStep { posizione } => {
            let j = posizione_valida(n_step, posizione, "step", &codice)?;
            let persi = fatti_step(p, &codice, j);
            if persi > 0 && !conferma {
                return Err(Errore::Rifiutato(vec![Rilievo::errore(
                    CodiceRilievo::ConfermaNecessaria,
                    format!("obiettivi[{codice}].steps[{posizione}]"),
                    format!(
                        "lo step {posizione} dell'obiettivo {codice} ha {persi} fatti di monitoraggio che andrebbero persi: usa --confirm per eliminarlo comunque"
                    ),
                )]));
            }
            p.obiettivi[i].steps.remove(j);
            ids.steps.remove(j);
            let d = posizione as u32;
            rimappa_step(p, &|s| match s.cmp(&d) {
                std::cmp::Ordering::Less => Some(s),
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Greater => Some(s - 1),
            });
            format!("step {posizione} dell'obiettivo {codice} eliminato")
        }
        Modifica::PesiStep(pesi) => {
            if pesi.len() != n_step {
                return Err(Errore::NonValido(format!(
                    "l'obiettivo «{codice}» ha {n_step} step: servono {n_step} pesi, ne sono stati dati {}",
                    pesi.len()
                )));
            }
            for (s, peso) in p.obiettivi[i].steps.iter_mut().zip(pesi) {
                s.peso = peso;
            }
            format!("pesi degli step dell'obiettivo {codice}")
        }
        Modifica::AggiungiIndicatore {
            posizione,
            indicatore,
        } => {
            let dove = match posizione {
                Some(x) => {
                    posizione_valida(n_ind + 1, x, "posizioni per un nuovo indicatore", &codice)?
                }
                None => n_ind,
            };
            p.obiettivi[i].indicatori.insert(dove, indicatore);
            ids.indicatori.insert(dove, IdIndicatore(nuovo_uuid()));
            let d = dove as u32 + 1;
            rimappa_ind(p, &|s| Some(if s >= d { s + 1 } else { s }));
            format!("nuovo indicatore {d} dell'obiettivo {codice}")
        }
        Modifica::ModificaIndicatore {
            posizione,
            indicatore,
        } => {
            let j = posizione_valida(n_ind, posizione, "indicatori", &codice)?;
            p.obiettivi[i].indicatori[j] = indicatore;
            format!("indicatore {posizione} dell'obiettivo {codice}")
        }
        Modifica::SpostaIndicatore { da, a } => {
            let (x, y) = (
                posizione_valida(n_ind, da, "indicatori", &codice)?,
                posizione_valida(n_ind, a, "indicatori", &codice)?,
            );
            sposta(&mut p.obiettivi[i].indicatori, x, y);
            sposta(&mut ids.indicatori, x, y);
            let mut ordine: Vec<u32> = (1..=n_ind as u32).collect();
            sposta(&mut ordine, x, y);
            rimappa_ind(p, &|s| {
                ordine.iter().position(|&o| o == s).map(|n| n as u32 + 1)
            });
            format!("indicatore {da} dell'obiettivo {codice} spostato in posizione {a}")
        }
        Modifica::EliminaIndicatore { posizione } => {
            let j = posizione_valida(n_ind, posizione, "indicatori", &codice)?;
            let persi = fatti_indicatore(p, &codice, j);
            if persi > 0 && !conferma {
                return Err(Errore::Rifiutato(vec![Rilievo::errore(
                    CodiceRilievo::ConfermaNecessaria,
                    format!("obiettivi[{codice}].indicatori[{posizione}]"),
                    format!(
                        "l'indicatore {posizione} dell'obiettivo {codice} ha {persi} valori rilevati che andrebbero persi: usa --confirm per eliminarlo comunque"
                    ),
                )]));
            }
            p.obiettivi[i].indicatori.remove(j);
            ids.indicatori.remove(j);
            let d = posizione as u32;
            rimappa_ind(p, &|s| match s.cmp(&d) {
                std::cmp::Ordering::Less => Some(s),
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Greater => Some(s - 1),
            });
            format!("indicatore {posizione} dell'obiettivo {codice} eliminato")
        }
    };
    Ok(descrizione)
}

fn errori(p: &Piano) -> Result<(), Errore> {
    let e: Vec<Rilievo> = valida(p)
        .into_iter()
        .filter(|r| r.gravita == Gravita::Errore)
        .collect();
    if e.is_empty() {
        Ok(())
    } else {
        Err(Errore::Rifiutato(e))
    }
}

fn evento(
    attore: &Attore,
    azione: &str,
    oggetto: String,
    prima: &Obiettivo,
    dopo: &Obiettivo,
) -> EventoAudit {
    EventoAudit {
        momento: Utc::now(),
        attore: attore.0.clone(),
        azione: azione.into(),
        oggetto,
        prima: serde_json::to_string(prima).ok(),
        dopo: serde_json::to_string(dopo).ok(),
        entita_id: None,
    }
}

/// Applica una modifica all'obiettivo `codice`. `revisione_attesa`: la revisione dell'obiettivo
/// vista da chi scrive (`None`: quella letta ora, per la CLI). `conferma`: necessaria per
/// eliminare uno step o un indicatore che ha monitoraggio.
#[allow(clippy::too_many_arguments)]
pub async fn modifica_obiettivo<R: EntiRepo + PianiRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    codice: &str,
    revisione_attesa: Option<i64>,
    modifica: Modifica,
    conferma: bool,
) -> Result<EsitoObiettivo, Errore> {
    let (e, p, ids) = carica(repo, codice_ente, anno).await?;
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == codice)
        .ok_or_else(|| Errore::NonTrovato(format!("l'obiettivo «{codice}» non esiste")))?;
    let mut candidato = p.clone();
    let mut id = ids.obiettivi[i].clone();
    let azione = modifica.azione();
    let descrizione = applica(&mut candidato, i, &mut id, modifica, conferma)?;
    errori(&candidato)?;
    if let Some(r) = revisione_attesa {
        id.revisione = r;
    }
    let ev = evento(
        attore,
        azione,
        descrizione,
        &p.obiettivi[i],
        &candidato.obiettivi[i],
    );
    let ev = EventoAudit {
        entita_id: Some(id.id.0),
        ..ev
    };
    let revisione = repo
        .salva_obiettivo(e.tenant_id, ids.ciclo, i, &candidato.obiettivi[i], &id, &ev)
        .await?;
    Ok(EsitoObiettivo {
        obiettivo: codice.to_string(),
        id: id.id,
        revisione,
    })
}

/// Crea un obiettivo nuovo (senza step né indicatori, che si aggiungono dopo) alla posizione
/// data (da 1; predefinita: in fondo).
pub async fn crea_obiettivo<R: EntiRepo + PianiRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    obiettivo: Obiettivo,
    posizione: Option<usize>,
) -> Result<EsitoObiettivo, Errore> {
    let (e, p, ids) = carica(repo, codice_ente, anno).await?;
    let dove = match posizione {
        Some(x) => posizione_valida(
            p.obiettivi.len() + 1,
            x,
            "posizioni per un nuovo obiettivo",
            "del piano",
        )?,
        None => p.obiettivi.len(),
    };
    let mut candidato = p.clone();
    candidato.obiettivi.insert(dove, obiettivo.clone());
    errori(&candidato)?;
    let id = IdentitaObiettivo {
        id: IdObiettivo(nuovo_uuid()),
        revisione: 0,
        steps: obiettivo
            .steps
            .iter()
            .map(|_| IdStep(nuovo_uuid()))
            .collect(),
        indicatori: obiettivo
            .indicatori
            .iter()
            .map(|_| IdIndicatore(nuovo_uuid()))
            .collect(),
    };
    let ev = EventoAudit {
        momento: Utc::now(),
        attore: attore.0.clone(),
        azione: "obiettivo.crea".into(),
        oggetto: format!("obiettivo {} ({})", obiettivo.codice, id.id),
        prima: None,
        dopo: serde_json::to_string(&obiettivo).ok(),
        entita_id: Some(id.id.0),
    };
    let revisione = repo
        .salva_obiettivo(e.tenant_id, ids.ciclo, dove, &obiettivo, &id, &ev)
        .await?;
    Ok(EsitoObiettivo {
        obiettivo: obiettivo.codice,
        id: id.id,
        revisione,
    })
}

/// Elimina un obiettivo; se ha monitoraggio serve la conferma.
#[allow(clippy::too_many_arguments)]
pub async fn elimina_obiettivo<R: EntiRepo + PianiRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    codice: &str,
    revisione_attesa: Option<i64>,
    conferma: bool,
) -> Result<(), Errore> {
    let (e, p, ids) = carica(repo, codice_ente, anno).await?;
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == codice)
        .ok_or_else(|| Errore::NonTrovato(format!("l'obiettivo «{codice}» non esiste")))?;
    let o = &p.obiettivi[i];
    let persi = fatti_obiettivo(&p, o);
    if persi > 0 && !conferma {
        return Err(Errore::Rifiutato(vec![Rilievo::errore(
            CodiceRilievo::ConfermaNecessaria,
            format!("obiettivi[{codice}]"),
            format!(
                "l'obiettivo {codice} ha {persi} fatti di monitoraggio che andrebbero persi: usa --confirm per eliminarlo comunque"
            ),
        )]));
    }
    let mut candidato = p.clone();
    candidato.obiettivi.remove(i);
    candidato
        .monitoraggio
        .stati
        .retain(|x| x.obiettivo != codice);
    candidato
        .monitoraggio
        .valori
        .retain(|x| x.obiettivo != codice);
    candidato
        .monitoraggio
        .dilazioni
        .retain(|x| x.obiettivo != codice);
    candidato
        .monitoraggio
        .cause_scostamento
        .retain(|x| x.obiettivo != codice);
    candidato
        .monitoraggio
        .relazioni
        .retain(|x| x.obiettivo != codice);
    errori(&candidato)?;
    let ev = EventoAudit {
        momento: Utc::now(),
        attore: attore.0.clone(),
        azione: "obiettivo.elimina".into(),
        oggetto: format!("obiettivo {codice} ({})", ids.obiettivi[i].id),
        prima: serde_json::to_string(o).ok(),
        dopo: None,
        entita_id: Some(ids.obiettivi[i].id.0),
    };
    repo.elimina_obiettivo(
        e.tenant_id,
        ids.ciclo,
        ids.obiettivi[i].id,
        revisione_attesa.unwrap_or(ids.obiettivi[i].revisione),
        &ev,
    )
    .await
}
