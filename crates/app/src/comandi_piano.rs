//! Comandi di modifica del piano, uno per azione dell'utente: creare, modificare, spostare ed
//! eliminare obiettivi, step e indicatori, e impostare i pesi di un obiettivo.
//!
//! La grana è l'obiettivo: ogni comando scrive un solo obiettivo (con i suoi step e indicatori)
//! in una transazione con il suo audit, se la revisione dell'obiettivo è ancora quella vista da
//! chi scrive. Step e indicatori tengono il loro id quando si spostano o si rinominano, e il loro
//! monitoraggio resta con loro. Il piano risultante è validato con le regole dell'importazione
//! prima di scrivere: un comando che lo renderebbe non valido è rifiutato e nulla cambia.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::comandi_monitoraggio::{carica, permesso_obiettivo};
use crate::contesto::Contesto;
use crate::idempotenza::{IdempotenzaRepo, gia_creato};
use crate::identita::{IdentitaObiettivo, nuovo_uuid};
use crate::porte::PianiRepo;
use crate::porte_fatti::FattiRepo;
use crate::porte_versioni::VersioniRepo;
use crate::reimportazione::{fatti_indicatore, fatti_step, obiettivo_tolto};
use crate::versioni::rifiuta_se_approvata;
use serde::Serialize;
use traguardo_domain::accesso::{CodiceCdr, CodiceObiettivo};
use traguardo_domain::id::{IdIndicatore, IdObiettivo, IdStep};
use traguardo_domain::numeri::Percentuale;
use traguardo_domain::piano::{Indicatore, Obiettivo, Piano, Step, TipoObiettivo};
use traguardo_domain::rilievi::{CodiceRilievo, Gravita, Rilievo};
use traguardo_domain::validazione::valida;
use uuid::Uuid;

/// Esito di un comando sul piano: l'obiettivo scritto e la sua nuova revisione.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsitoObiettivo {
    pub obiettivo: String,
    pub id: IdObiettivo,
    pub revisione: i64,
    /// Lo step o l'indicatore creato o toccato dal comando, se ce n'è uno.
    pub elemento: Option<Uuid>,
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

    /// L'azione della tabella delle autorizzazioni.
    fn permesso_richiesto(&self) -> Azione {
        match self {
            Modifica::Titolo(_) | Modifica::Peso(_) => Azione::ModificaObiettivo,
            Modifica::AggiungiStep { .. }
            | Modifica::ModificaStep { .. }
            | Modifica::SpostaStep { .. }
            | Modifica::EliminaStep { .. } => Azione::ModificaStep,
            Modifica::PesiStep(_) => Azione::ImpostaPesi,
            Modifica::AggiungiIndicatore { .. }
            | Modifica::ModificaIndicatore { .. }
            | Modifica::SpostaIndicatore { .. }
            | Modifica::EliminaIndicatore { .. } => Azione::ModificaIndicatore,
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
) -> Result<(String, Option<Uuid>), Errore> {
    let codice = p.obiettivi[i].codice.clone();
    let mut elemento = None;
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
            let id = IdStep(nuovo_uuid());
            ids.steps.insert(dove, id);
            elemento = Some(id.0);
            let d = dove as u32 + 1;
            rimappa_step(p, &|s| dopo_inserimento(s, d));
            format!("nuovo step {d} dell'obiettivo {codice}")
        }
        Modifica::ModificaStep { posizione, step } => {
            let j = posizione_valida(n_step, posizione, "step", &codice)?;
            p.obiettivi[i].steps[j] = step;
            elemento = Some(ids.steps[j].0);
            format!("step {posizione} dell'obiettivo {codice}")
        }
        Modifica::SpostaStep { da, a } => {
            let (x, y) = (
                posizione_valida(n_step, da, "step", &codice)?,
                posizione_valida(n_step, a, "step", &codice)?,
            );
            sposta(&mut p.obiettivi[i].steps, x, y);
            sposta(&mut ids.steps, x, y);
            let ordine = ordine_dopo_spostamento(n_step, x, y);
            rimappa_step(p, &|s| dopo_spostamento(&ordine, s));
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
            rimappa_step(p, &|s| dopo_eliminazione(s, d));
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
            let id = IdIndicatore(nuovo_uuid());
            ids.indicatori.insert(dove, id);
            elemento = Some(id.0);
            let d = dove as u32 + 1;
            rimappa_ind(p, &|s| dopo_inserimento(s, d));
            format!("nuovo indicatore {d} dell'obiettivo {codice}")
        }
        Modifica::ModificaIndicatore {
            posizione,
            indicatore,
        } => {
            let j = posizione_valida(n_ind, posizione, "indicatori", &codice)?;
            p.obiettivi[i].indicatori[j] = indicatore;
            elemento = Some(ids.indicatori[j].0);
            format!("indicatore {posizione} dell'obiettivo {codice}")
        }
        Modifica::SpostaIndicatore { da, a } => {
            let (x, y) = (
                posizione_valida(n_ind, da, "indicatori", &codice)?,
                posizione_valida(n_ind, a, "indicatori", &codice)?,
            );
            sposta(&mut p.obiettivi[i].indicatori, x, y);
            sposta(&mut ids.indicatori, x, y);
            let ordine = ordine_dopo_spostamento(n_ind, x, y);
            rimappa_ind(p, &|s| dopo_spostamento(&ordine, s));
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
            rimappa_ind(p, &|s| dopo_eliminazione(s, d));
            format!("indicatore {posizione} dell'obiettivo {codice} eliminato")
        }
    };
    Ok((descrizione, elemento))
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

/// Applica una modifica all'obiettivo `codice`. `revisione_attesa`: la revisione dell'obiettivo
/// vista da chi scrive (`None`: quella letta ora, per la CLI). `conferma`: necessaria per
/// eliminare uno step o un indicatore che ha monitoraggio.
#[allow(clippy::too_many_arguments)]
pub async fn modifica_obiettivo<R: PianiRepo + IdempotenzaRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    codice: &str,
    revisione_attesa: Option<i64>,
    modifica: Modifica,
    conferma: bool,
) -> Result<EsitoObiettivo, Errore> {
    let azione = modifica.permesso_richiesto();
    modifica_obiettivo_con(
        repo,
        ctx,
        anno,
        codice,
        revisione_attesa,
        None,
        azione,
        |_, _| Ok(modifica),
        conferma,
    )
    .await
}

/// Come [`modifica_obiettivo`], con la modifica costruita dall'obiettivo e dalle sue identità
/// così come sono lette ora (l'API indica step e indicatori per id: la posizione si ricava
/// qui, nella stessa lettura). `chiave`: chiave di idempotenza per le aggiunte di step e
/// indicatori (la stessa chiave due volte crea un solo elemento). `permesso`: l'azione della
/// tabella che la modifica richiede, chiesta prima di costruirla (un 403 viene prima di un
/// errore nei dati).
#[allow(clippy::too_many_arguments)]
pub async fn modifica_obiettivo_con<R: PianiRepo + IdempotenzaRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    codice: &str,
    revisione_attesa: Option<i64>,
    chiave: Option<&str>,
    permesso: Azione,
    costruisci: impl FnOnce(&Obiettivo, &IdentitaObiettivo) -> Result<Modifica, Errore>,
    conferma: bool,
) -> Result<EsitoObiettivo, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == codice)
        .ok_or_else(|| Errore::NonTrovato(format!("l'obiettivo «{codice}» non esiste")))?;
    let permesso = permesso_obiettivo(ctx, &p, codice, permesso)?;
    let modifica = costruisci(&p.obiettivi[i], &ids.obiettivi[i])?;
    if modifica.permesso_richiesto() != permesso.azione() {
        return Err(Errore::interno(format!(
            "la modifica richiede {:?}, non {:?}",
            modifica.permesso_richiesto(),
            permesso.azione()
        )));
    }
    let azione = modifica.azione();
    if let Some(creato) = gia_creato(repo, ctx, chiave, azione).await? {
        return gia_aggiunto(&p, &ids, creato);
    }
    rifiuta_se_approvata(repo, ctx.tenant, anno).await?;
    let mut candidato = p.clone();
    let mut id = ids.obiettivi[i].clone();
    let (descrizione, elemento) = applica(&mut candidato, i, &mut id, modifica, conferma)?;
    errori(&candidato)?;
    if let Some(r) = revisione_attesa {
        id.revisione = r;
    }
    let mut ev = ctx
        .evento(&permesso, azione, descrizione)
        .prima(serde_json::to_string(&p.obiettivi[i]).ok())
        .dopo(serde_json::to_string(&candidato.obiettivi[i]).ok())
        .entita(id.id.0);
    if let (Some(c), Some(e)) = (chiave, elemento) {
        ev = ev.chiave(Some(c), e);
    }
    let revisione = repo
        .salva_obiettivo(ctx.tenant, ids.ciclo, i, &candidato.obiettivi[i], &id, &ev)
        .await?;
    Ok(EsitoObiettivo {
        obiettivo: codice.to_string(),
        id: id.id,
        revisione,
        elemento,
    })
}

/// L'esito di un'aggiunta già fatta con la stessa chiave: l'obiettivo che contiene l'elemento,
/// con la sua revisione di ora.
fn gia_aggiunto(
    p: &Piano,
    ids: &crate::identita::IdentitaPiano,
    creato: Uuid,
) -> Result<EsitoObiettivo, Errore> {
    ids.obiettivi
        .iter()
        .enumerate()
        .find(|(_, o)| {
            o.id.0 == creato
                || o.steps.iter().any(|s| s.0 == creato)
                || o.indicatori.iter().any(|x| x.0 == creato)
        })
        .map(|(i, o)| EsitoObiettivo {
            obiettivo: p.obiettivi[i].codice.clone(),
            id: o.id,
            revisione: o.revisione,
            elemento: (o.id.0 != creato).then_some(creato),
        })
        .ok_or_else(|| {
            Errore::Conflitto(format!(
                "la chiave di idempotenza è già stata usata per creare {creato}, che nel frattempo è stato eliminato"
            ))
        })
}

/// L'ambito di un obiettivo non ancora nel piano: i suoi CdR e se è del direttore.
fn ambito_nuovo(o: &Obiettivo) -> Ambito {
    Ambito::Obiettivo {
        obiettivo: CodiceObiettivo::new(o.codice.as_str()),
        cdr: o
            .unita
            .iter()
            .map(|u| CodiceCdr::new(u.unita.as_str()))
            .collect(),
        del_direttore: o.tipo == TipoObiettivo::Direttore,
    }
}

/// Crea un obiettivo nuovo (senza step né indicatori, che si aggiungono dopo) alla posizione
/// data (da 1; predefinita: in fondo).
pub async fn crea_obiettivo<R: PianiRepo + IdempotenzaRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    obiettivo: Obiettivo,
    posizione: Option<usize>,
) -> Result<EsitoObiettivo, Errore> {
    crea_obiettivo_idempotente(repo, ctx, anno, obiettivo, posizione, None).await
}

/// Come [`crea_obiettivo`]; con una chiave di idempotenza, ripetere la richiesta non crea un
/// secondo obiettivo e risponde con quello creato la prima volta.
pub async fn crea_obiettivo_idempotente<R: PianiRepo + IdempotenzaRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    obiettivo: Obiettivo,
    posizione: Option<usize>,
    chiave: Option<&str>,
) -> Result<EsitoObiettivo, Errore> {
    const AZIONE: &str = "obiettivo.crea";
    let permesso = ctx.autorizza(Azione::ModificaObiettivo, ambito_nuovo(&obiettivo))?;
    let (p, ids) = carica(repo, ctx, anno).await?;
    if let Some(creato) = gia_creato(repo, ctx, chiave, AZIONE).await? {
        return gia_aggiunto(&p, &ids, creato);
    }
    rifiuta_se_approvata(repo, ctx.tenant, anno).await?;
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
    let ev = ctx
        .evento(
            &permesso,
            AZIONE,
            format!("obiettivo {} ({})", obiettivo.codice, id.id),
        )
        .dopo(serde_json::to_string(&obiettivo).ok())
        .entita(id.id.0)
        .chiave(chiave, id.id.0);
    let revisione = repo
        .salva_obiettivo(ctx.tenant, ids.ciclo, dove, &obiettivo, &id, &ev)
        .await?;
    Ok(EsitoObiettivo {
        obiettivo: obiettivo.codice,
        id: id.id,
        revisione,
        elemento: None,
    })
}

/// Elimina un obiettivo; se ha monitoraggio serve la conferma.
pub async fn elimina_obiettivo<R: PianiRepo + FattiRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    codice: &str,
    revisione_attesa: Option<i64>,
    conferma: bool,
) -> Result<(), Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == codice)
        .ok_or_else(|| Errore::NonTrovato(format!("l'obiettivo «{codice}» non esiste")))?;
    let permesso = permesso_obiettivo(ctx, &p, codice, Azione::ModificaObiettivo)?;
    rifiuta_se_approvata(repo, ctx.tenant, anno).await?;
    let o = &p.obiettivi[i];
    let collegati = repo.fatti_collegati(ctx.tenant, ids.ciclo).await?;
    let tolto = obiettivo_tolto(&p, o, &collegati);
    if tolto.fatti > 0 && !conferma {
        return Err(Errore::Rifiutato(vec![Rilievo::errore(
            CodiceRilievo::ConfermaNecessaria,
            format!("obiettivi[{codice}]"),
            format!(
                "l'obiettivo {codice} ha {} che andrebbero persi: usa --confirm per eliminarlo comunque",
                tolto.perdite
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
    let ev = ctx
        .evento(
            &permesso,
            "obiettivo.elimina",
            format!("obiettivo {codice} ({})", ids.obiettivi[i].id),
        )
        .prima(serde_json::to_string(o).ok())
        .entita(ids.obiettivi[i].id.0);
    repo.elimina_obiettivo(
        ctx.tenant,
        ids.ciclo,
        ids.obiettivi[i].id,
        revisione_attesa.unwrap_or(ids.obiettivi[i].revisione),
        &ev,
    )
    .await
}

// Come cambia la posizione (da 1) di uno step o di un indicatore, per i fatti che la citano,
// dopo un inserimento, uno spostamento o un'eliminazione nella stessa lista. `None`: l'elemento
// non c'è più.

fn dopo_inserimento(s: u32, inserito: u32) -> Option<u32> {
    Some(if s >= inserito { s + 1 } else { s })
}

/// Le vecchie posizioni nel nuovo ordine, dopo lo spostamento da `x` a `y` (da 0).
fn ordine_dopo_spostamento(n: usize, x: usize, y: usize) -> Vec<u32> {
    let mut ordine: Vec<u32> = (1..=n as u32).collect();
    sposta(&mut ordine, x, y);
    ordine
}

fn dopo_spostamento(ordine: &[u32], s: u32) -> Option<u32> {
    ordine.iter().position(|&o| o == s).map(|n| n as u32 + 1)
}

fn dopo_eliminazione(s: u32, eliminato: u32) -> Option<u32> {
    match s.cmp(&eliminato) {
        std::cmp::Ordering::Less => Some(s),
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(s - 1),
    }
}
