//! Comandi del monitoraggio: ogni azione scrive **solo il suo fatto**, in una transazione con il
//! suo audit, legato agli id dello step, dell'indicatore o del checkpoint (mai alla posizione).
//!
//! Prima di scrivere, il fatto è applicato a una copia del piano in memoria e validato con le
//! stesse regole dell'importazione: un fatto non valido è rifiutato e nulla cambia. La revisione
//! attesa è quella letta con il piano (o quella data da chi chiama, per esempio un client
//! dell'API): se intanto un altro ha scritto lo stesso fatto, il comando è rifiutato con chi e
//! quando. Due persone che scrivono fatti diversi non si intralciano mai.

use crate::Errore;
use crate::casi_uso::{Attore, ente};
use crate::identita::{IdentitaPiano, nuovo_uuid};
use crate::porte::FattoValore;
use crate::porte::{
    EnteRegistrato, EntiRepo, EventoAudit, FattoStato, MonitoraggioRepo, PianiRepo,
};
use chrono::{NaiveDate, Utc};
use traguardo_domain::id::{IdCheckpoint, IdDilazione, IdStep};
use traguardo_domain::piano::{
    CausaScostamentoFile, DilazioneFile, EsitoDilazione, Piano, RevisioneScadenzaFile,
    StatoStepFile, ValoreIndicatoreFile,
};
use traguardo_domain::rilievi::{Gravita, Rilievo};
use traguardo_domain::scadenza_vigente::ricomponi_revisioni;
use traguardo_domain::validazione::valida;

fn evento(
    attore: &Attore,
    azione: &str,
    oggetto: String,
    prima: Option<String>,
    dopo: Option<String>,
) -> EventoAudit {
    EventoAudit {
        momento: Utc::now(),
        attore: attore.0.clone(),
        azione: azione.into(),
        oggetto,
        prima,
        dopo,
        entita_id: None,
    }
}

fn json<T: serde::Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

/// Il piano memorizzato con le sue identità.
pub async fn carica<R: EntiRepo + PianiRepo>(
    repo: &R,
    codice_ente: &str,
    anno: i32,
) -> Result<(EnteRegistrato, Piano, IdentitaPiano), Errore> {
    let e = ente(repo, codice_ente).await?;
    match repo.carica_piano_identificato(e.tenant_id, anno).await? {
        Some((mut p, ids)) => {
            // Le dilazioni concesse tornano anche come revisioni dello step, come nel file.
            ricomponi_revisioni(&mut p);
            Ok((e, p, ids))
        }
        None => Err(Errore::NonTrovato(format!(
            "l'ente «{codice_ente}» non ha un ciclo che inizia nel {anno}"
        ))),
    }
}

/// Valida il piano con il fatto applicato: gli errori (non gli avvisi) rifiutano il comando.
fn valida_candidato(p: &Piano) -> Result<(), Errore> {
    let errori: Vec<Rilievo> = valida(p)
        .into_iter()
        .filter(|r| r.gravita == Gravita::Errore)
        .collect();
    if errori.is_empty() {
        Ok(())
    } else {
        Err(Errore::Rifiutato(errori))
    }
}

fn id_step(p: &Piano, ids: &IdentitaPiano, obiettivo: &str, step: u32) -> Result<IdStep, Errore> {
    p.obiettivi
        .iter()
        .position(|o| o.codice == obiettivo)
        .and_then(|i| {
            ids.obiettivi[i]
                .steps
                .get((step as usize).wrapping_sub(1))
                .copied()
        })
        .ok_or_else(|| {
            Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non ha uno step {step}"))
        })
}

fn id_checkpoint(p: &Piano, ids: &IdentitaPiano, codice: &str) -> Result<IdCheckpoint, Errore> {
    p.monitoraggio
        .checkpoint
        .iter()
        .position(|c| c.codice == codice)
        .map(|i| ids.checkpoint[i])
        .ok_or_else(|| {
            let noti: Vec<&str> = p
                .monitoraggio
                .checkpoint
                .iter()
                .map(|c| c.codice.as_str())
                .collect();
            Errore::NonTrovato(format!(
                "il checkpoint «{codice}» non esiste (checkpoint del ciclo: {})",
                if noti.is_empty() {
                    "nessuno".to_string()
                } else {
                    noti.join(", ")
                }
            ))
        })
}

/// Registra (o sostituisce) lo stato di uno step a un checkpoint. `revisione_attesa`: quella
/// vista da chi scrive; se `None`, quella letta ora (scrittura immediata, per la CLI).
/// Restituisce la nuova revisione del fatto.
pub async fn registra_stato<R: EntiRepo + PianiRepo + MonitoraggioRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    stato: StatoStepFile,
) -> Result<i64, Errore> {
    registra_stato_con_revisione(repo, attore, codice_ente, anno, stato, None).await
}

pub async fn registra_stato_con_revisione<R: EntiRepo + PianiRepo + MonitoraggioRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    stato: StatoStepFile,
    revisione_attesa: Option<Option<i64>>,
) -> Result<i64, Errore> {
    let (e, p, ids) = carica(repo, codice_ente, anno).await?;
    let prima = p.monitoraggio.stati.iter().find(|s| {
        s.checkpoint == stato.checkpoint && s.obiettivo == stato.obiettivo && s.step == stato.step
    });
    let mut candidato = p.clone();
    candidato.monitoraggio.stati.retain(|s| {
        !(s.checkpoint == stato.checkpoint
            && s.obiettivo == stato.obiettivo
            && s.step == stato.step)
    });
    candidato.monitoraggio.stati.push(stato.clone());
    valida_candidato(&candidato)?;
    let step = id_step(&p, &ids, &stato.obiettivo, stato.step)?;
    let checkpoint = id_checkpoint(&p, &ids, &stato.checkpoint)?;
    let revisione_attesa = match revisione_attesa {
        Some(r) => r,
        None => repo
            .ultima_modifica_stato(e.tenant_id, step, checkpoint)
            .await?
            .map(|u| u.revisione),
    };
    let ev = evento(
        attore,
        "monitoraggio.stato",
        format!(
            "stato dello step {} dell'obiettivo {} al {} (step {})",
            stato.step, stato.obiettivo, stato.checkpoint, step
        ),
        prima.and_then(json),
        json(&stato),
    );
    let ev = EventoAudit {
        entita_id: Some(step.0),
        ..ev
    };
    let fatto = FattoStato {
        step,
        checkpoint,
        revisione_attesa,
        dati: stato,
    };
    repo.registra_stato(e.tenant_id, ids.ciclo, &fatto, &ev)
        .await
}

/// Registra (o sostituisce) il valore rilevato di un indicatore a un checkpoint, con la stessa
/// concorrenza ottimistica degli stati. Restituisce la nuova revisione del fatto.
pub async fn registra_valore<R: EntiRepo + PianiRepo + MonitoraggioRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    valore: ValoreIndicatoreFile,
    revisione_attesa: Option<Option<i64>>,
) -> Result<i64, Errore> {
    let (e, p, ids) = carica(repo, codice_ente, anno).await?;
    let stesso = |v: &ValoreIndicatoreFile| {
        v.checkpoint == valore.checkpoint
            && v.obiettivo == valore.obiettivo
            && v.indicatore == valore.indicatore
    };
    let prima = p.monitoraggio.valori.iter().find(|v| stesso(v));
    let mut candidato = p.clone();
    candidato.monitoraggio.valori.retain(|v| !stesso(v));
    candidato.monitoraggio.valori.push(valore.clone());
    valida_candidato(&candidato)?;
    let indicatore = p
        .obiettivi
        .iter()
        .position(|o| o.codice == valore.obiettivo)
        .and_then(|i| {
            ids.obiettivi[i]
                .indicatori
                .get((valore.indicatore as usize).wrapping_sub(1))
                .copied()
        })
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "l'obiettivo «{}» non ha un indicatore {}",
                valore.obiettivo, valore.indicatore
            ))
        })?;
    let checkpoint = id_checkpoint(&p, &ids, &valore.checkpoint)?;
    let revisione_attesa = match revisione_attesa {
        Some(r) => r,
        None => repo
            .ultima_modifica_valore(e.tenant_id, indicatore, checkpoint)
            .await?
            .map(|u| u.revisione),
    };
    let ev = evento(
        attore,
        "monitoraggio.valore",
        format!(
            "valore dell'indicatore {} dell'obiettivo {} al {} (indicatore {})",
            valore.indicatore, valore.obiettivo, valore.checkpoint, indicatore
        ),
        prima.and_then(json),
        json(&valore),
    );
    let ev = EventoAudit {
        entita_id: Some(indicatore.0),
        ..ev
    };
    let fatto = FattoValore {
        indicatore,
        checkpoint,
        revisione_attesa,
        dati: valore,
    };
    repo.registra_valore(e.tenant_id, ids.ciclo, &fatto, &ev)
        .await
}

/// Registra la causa di uno scostamento (alla verifica finale): esogena, endogena o
/// dovuta alla definizione dell'indicatore. Sostituisce quella dello stesso obiettivo e step.
pub async fn registra_causa<R: EntiRepo + PianiRepo + MonitoraggioRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    causa: CausaScostamentoFile,
) -> Result<(), Errore> {
    let (e, p, ids) = carica(repo, codice_ente, anno).await?;
    if !p.monitoraggio.checkpoint.iter().any(|c| c.finale) {
        return Err(Errore::NonValido(
            "le cause degli scostamenti si indicano alla verifica finale: il ciclo non ha un checkpoint finale".into(),
        ));
    }
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == causa.obiettivo)
        .ok_or_else(|| {
            Errore::NonTrovato(format!("l'obiettivo «{}» non esiste", causa.obiettivo))
        })?;
    let mut candidato = p.clone();
    let cause = &mut candidato.monitoraggio.cause_scostamento;
    cause.retain(|c| !(c.obiettivo == causa.obiettivo && c.step == causa.step));
    cause.push(causa.clone());
    valida_candidato(&candidato)?;
    let step = match causa.step {
        Some(s) => Some(id_step(&p, &ids, &causa.obiettivo, s)?),
        None => None,
    };
    let ev = evento(
        attore,
        "monitoraggio.causa",
        format!(
            "causa dello scostamento dell'obiettivo {}{}",
            causa.obiettivo,
            causa
                .step
                .map(|s| format!(", step {s}"))
                .unwrap_or_default()
        ),
        None,
        json(&causa),
    );
    let ev = EventoAudit {
        entita_id: Some(ids.obiettivi[i].id.0),
        ..ev
    };
    repo.registra_causa(
        e.tenant_id,
        ids.ciclo,
        ids.obiettivi[i].id,
        step,
        &causa,
        &ev,
    )
    .await
}

/// Richiesta di dilazione: resta in attesa finché un atto non la concede o la respinge. Con una
/// chiave di idempotenza, ripetere la richiesta (un doppio tocco) non ne crea una seconda.
pub async fn richiedi_dilazione<R: EntiRepo + PianiRepo + MonitoraggioRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    richiesta: DilazioneFile,
) -> Result<IdDilazione, Errore> {
    richiedi_dilazione_idempotente(repo, attore, codice_ente, anno, richiesta, None).await
}

pub async fn richiedi_dilazione_idempotente<R: EntiRepo + PianiRepo + MonitoraggioRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    mut richiesta: DilazioneFile,
    chiave_idempotenza: Option<&str>,
) -> Result<IdDilazione, Errore> {
    richiesta.esito = EsitoDilazione::InAttesa;
    richiesta.atto = None;
    richiesta.data_esito = None;
    let (e, p, ids) = carica(repo, codice_ente, anno).await?;
    let in_attesa = |d: &DilazioneFile| {
        d.obiettivo == richiesta.obiettivo
            && d.step == richiesta.step
            && d.esito == EsitoDilazione::InAttesa
    };
    if chiave_idempotenza.is_none() && p.monitoraggio.dilazioni.iter().any(in_attesa) {
        return Err(Errore::Conflitto(format!(
            "lo step {} dell'obiettivo {} ha già una dilazione in attesa di decisione",
            richiesta.step, richiesta.obiettivo
        )));
    }
    let mut candidato = p.clone();
    candidato.monitoraggio.dilazioni.push(richiesta.clone());
    valida_candidato(&candidato)?;
    let step = id_step(&p, &ids, &richiesta.obiettivo, richiesta.step)?;
    let checkpoint = id_checkpoint(&p, &ids, &richiesta.checkpoint)?;
    let id_dilazione = IdDilazione(nuovo_uuid());
    let ev = evento(
        attore,
        "dilazione.richiedi",
        format!(
            "dilazione richiesta per lo step {} dell'obiettivo {}: {}",
            richiesta.step, richiesta.obiettivo, richiesta.scadenza_proposta
        ),
        None,
        json(&richiesta),
    );
    let ev = EventoAudit {
        entita_id: Some(id_dilazione.0),
        ..ev
    };
    repo.richiedi_dilazione(
        e.tenant_id,
        ids.ciclo,
        id_dilazione,
        step,
        checkpoint,
        &richiesta,
        chiave_idempotenza,
        &ev,
    )
    .await
}

/// Decide la dilazione in attesa: se concessa, la nuova scadenza entra nella storia dello step.
#[allow(clippy::too_many_arguments)]
pub async fn decidi_dilazione<R: EntiRepo + PianiRepo + MonitoraggioRepo>(
    repo: &R,
    attore: &Attore,
    codice_ente: &str,
    anno: i32,
    obiettivo: &str,
    step: u32,
    concessa: bool,
    atto: &str,
    data: NaiveDate,
) -> Result<(), Errore> {
    let (e, p, ids) = carica(repo, codice_ente, anno).await?;
    let id_step = id_step(&p, &ids, obiettivo, step)?;
    let mut d = repo
        .dilazioni(e.tenant_id, ids.ciclo)
        .await?
        .into_iter()
        .find(|d| {
            d.dati.obiettivo == obiettivo
                && d.dati.step == step
                && d.dati.esito == EsitoDilazione::InAttesa
        })
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "nessuna dilazione in attesa per lo step {step} dell'obiettivo {obiettivo}"
            ))
        })?;
    let prima = json(&d.dati);
    d.dati.esito = if concessa {
        EsitoDilazione::Concessa
    } else {
        EsitoDilazione::Respinta
    };
    d.dati.atto = Some(atto.to_string());
    d.dati.data_esito = Some(data);
    // La nuova scadenza vale dalla decisione (regola della scadenza in vigore): è memorizzata
    // una volta sola, come dilazione concessa, e il piano la mostra anche tra le revisioni.
    let revisione: Option<RevisioneScadenzaFile> = None;
    let ev = evento(
        attore,
        "dilazione.decidi",
        format!(
            "dilazione {} per lo step {step} dell'obiettivo {obiettivo} ({atto})",
            if concessa { "concessa" } else { "respinta" }
        ),
        prima,
        json(&d.dati),
    );
    let ev = EventoAudit {
        entita_id: Some(d.id.0),
        ..ev
    };
    repo.decidi_dilazione(e.tenant_id, ids.ciclo, &d, id_step, revisione.as_ref(), &ev)
        .await?;
    Ok(())
}
