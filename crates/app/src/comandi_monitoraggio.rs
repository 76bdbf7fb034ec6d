//! Comandi del monitoraggio: ogni azione scrive **solo il suo fatto**, in una transazione con il
//! suo audit, legato agli id dello step, dell'indicatore o del checkpoint (mai alla posizione).
//!
//! Prima di scrivere, il fatto è applicato a una copia del piano in memoria e validato con le
//! stesse regole dell'importazione: un fatto non valido è rifiutato e nulla cambia. La revisione
//! attesa è quella letta con il piano (o quella data da chi chiama, per esempio un client
//! dell'API): se intanto un altro ha scritto lo stesso fatto, il comando è rifiutato con chi e
//! quando. Due persone che scrivono fatti diversi non si intralciano mai.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione, Permesso, ambito_obiettivo};
use crate::checkpoint::{
    CheckpointRepo, atto_adatto, verifica_finale_non_chiusa, verifica_non_chiuso,
};
use crate::contesto::Contesto;
use crate::idempotenza::{IdempotenzaRepo, gia_creato};
use crate::identita::{IdentitaPiano, nuovo_uuid};
use crate::porte::FattoValore;
use crate::porte::{FattoStato, MonitoraggioRepo, PianiRepo};
use chrono::NaiveDate;
use traguardo_domain::id::{IdCheckpoint, IdDilazione, IdIndicatore, IdStep};
use traguardo_domain::piano::{
    CausaScostamentoFile, DilazioneFile, EsitoDilazione, Piano, RevisioneScadenzaFile,
    StatoStepFile, ValoreIndicatoreFile,
};
use traguardo_domain::rilievi::{Gravita, Rilievo};
use traguardo_domain::scadenza_vigente::ricomponi_revisioni;
use traguardo_domain::validazione::valida;
use uuid::Uuid;

fn json<T: serde::Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

/// Il piano memorizzato dell'ente del contesto, con le sue identità. Non chiede
/// l'autorizzazione: la chiede il comando, con l'ambito che legge dal piano.
pub async fn carica<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<(Piano, IdentitaPiano), Errore> {
    match repo.carica_piano_identificato(ctx.tenant, anno).await? {
        Some((mut p, ids)) => {
            // Le dilazioni concesse tornano anche come revisioni dello step, come nel file.
            ricomponi_revisioni(&mut p);
            Ok((p, ids))
        }
        None => Err(Errore::NonTrovato(format!(
            "l'ente «{}» non ha un ciclo che inizia nel {anno}",
            ctx.ente
        ))),
    }
}

/// L'obiettivo (codice) e la posizione (da 1) dello step con questo id.
pub fn posizione_step(p: &Piano, ids: &IdentitaPiano, id: IdStep) -> Result<(String, u32), Errore> {
    ids.posizione_step(id)
        .map(|(i, j)| (p.obiettivi[i].codice.clone(), j as u32 + 1))
        .ok_or_else(|| Errore::NonTrovato(format!("lo step {id} non esiste nel piano")))
}

/// L'obiettivo (codice) e la posizione (da 1) dell'indicatore con questo id.
pub fn posizione_indicatore(
    p: &Piano,
    ids: &IdentitaPiano,
    id: IdIndicatore,
) -> Result<(String, u32), Errore> {
    ids.posizione_indicatore(id)
        .map(|(i, j)| (p.obiettivi[i].codice.clone(), j as u32 + 1))
        .ok_or_else(|| Errore::NonTrovato(format!("l'indicatore {id} non esiste nel piano")))
}

/// Il codice del checkpoint indicato dal suo codice o dalla sua data (`aaaa-mm-gg` o
/// `gg/mm/aaaa`).
pub fn codice_checkpoint(p: &Piano, testo: &str) -> Result<String, Errore> {
    let data = NaiveDate::parse_from_str(testo, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(testo, "%d/%m/%Y"))
        .ok();
    p.monitoraggio
        .checkpoint
        .iter()
        .find(|c| c.codice == testo || Some(c.data) == data)
        .map(|c| c.codice.clone())
        .ok_or_else(|| non_esiste_checkpoint(p, testo))
}

fn non_esiste_checkpoint(p: &Piano, codice: &str) -> Errore {
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
        .ok_or_else(|| non_esiste_checkpoint(p, codice))
}

/// Il permesso per `azione` sull'obiettivo `codice`. Un obiettivo sconosciuto è un 404 per un
/// utente; per il sistema (la CLI) il comando prosegue e la validazione dice cosa non va.
pub fn permesso_obiettivo(
    ctx: &Contesto,
    p: &Piano,
    codice: &str,
    azione: Azione,
) -> Result<Permesso, Errore> {
    match ambito_obiettivo(p, codice) {
        Some(a) => ctx.autorizza(azione, a),
        None if ctx.e_sistema() => ctx.autorizza(azione, Ambito::Ente),
        None => Err(Errore::NonTrovato(format!(
            "l'obiettivo «{codice}» non esiste"
        ))),
    }
}

/// Registra (o sostituisce) lo stato di uno step a un checkpoint. `revisione_attesa`: quella
/// vista da chi scrive; se `None`, quella letta ora (scrittura immediata, per la CLI).
/// Restituisce la nuova revisione del fatto.
pub async fn registra_stato<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    stato: StatoStepFile,
) -> Result<i64, Errore> {
    registra_stato_con_revisione(repo, ctx, anno, stato, None).await
}

pub async fn registra_stato_con_revisione<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    stato: StatoStepFile,
    revisione_attesa: Option<Option<i64>>,
) -> Result<i64, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    scrivi_stato(repo, ctx, &p, &ids, stato, revisione_attesa).await
}

/// Come [`registra_stato_con_revisione`], con lo step indicato dal suo id e il checkpoint dal
/// suo codice o dalla sua data (l'API): `obiettivo`, `step` e `checkpoint` di `stato` sono
/// ricavati da qui.
pub async fn registra_stato_dello_step<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
    step: IdStep,
    mut stato: StatoStepFile,
    revisione_attesa: Option<Option<i64>>,
) -> Result<i64, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    (stato.obiettivo, stato.step) = posizione_step(&p, &ids, step)?;
    stato.checkpoint = codice_checkpoint(&p, checkpoint)?;
    scrivi_stato(repo, ctx, &p, &ids, stato, revisione_attesa).await
}

async fn scrivi_stato<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    p: &Piano,
    ids: &IdentitaPiano,
    stato: StatoStepFile,
    revisione_attesa: Option<Option<i64>>,
) -> Result<i64, Errore> {
    let permesso = permesso_obiettivo(ctx, p, &stato.obiettivo, Azione::RegistraStato)?;
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
    let step = id_step(p, ids, &stato.obiettivo, stato.step)?;
    let checkpoint = id_checkpoint(p, ids, &stato.checkpoint)?;
    verifica_non_chiuso(repo, ctx, ids.ciclo, checkpoint).await?;
    let revisione_attesa = match revisione_attesa {
        Some(r) => r,
        None => repo
            .ultima_modifica_stato(ctx.tenant, step, checkpoint)
            .await?
            .map(|u| u.revisione),
    };
    let ev = ctx
        .evento(
            &permesso,
            "monitoraggio.stato",
            format!(
                "stato dello step {} dell'obiettivo {} al {} (step {})",
                stato.step, stato.obiettivo, stato.checkpoint, step
            ),
        )
        .prima(prima.and_then(json))
        .dopo(json(&stato))
        .entita(step.0);
    let fatto = FattoStato {
        step,
        checkpoint,
        revisione_attesa,
        dati: stato,
    };
    repo.registra_stato(ctx.tenant, ids.ciclo, &fatto, &ev)
        .await
}

/// Registra (o sostituisce) il valore rilevato di un indicatore a un checkpoint, con la stessa
/// concorrenza ottimistica degli stati. Restituisce la nuova revisione del fatto.
pub async fn registra_valore<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    valore: ValoreIndicatoreFile,
    revisione_attesa: Option<Option<i64>>,
) -> Result<i64, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    scrivi_valore(repo, ctx, &p, &ids, valore, revisione_attesa).await
}

/// Come [`registra_valore`], con l'indicatore indicato dal suo id e il checkpoint dal suo
/// codice o dalla sua data (l'API).
pub async fn registra_valore_dell_indicatore<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
    indicatore: IdIndicatore,
    mut valore: ValoreIndicatoreFile,
    revisione_attesa: Option<Option<i64>>,
) -> Result<i64, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    (valore.obiettivo, valore.indicatore) = posizione_indicatore(&p, &ids, indicatore)?;
    valore.checkpoint = codice_checkpoint(&p, checkpoint)?;
    scrivi_valore(repo, ctx, &p, &ids, valore, revisione_attesa).await
}

async fn scrivi_valore<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    p: &Piano,
    ids: &IdentitaPiano,
    valore: ValoreIndicatoreFile,
    revisione_attesa: Option<Option<i64>>,
) -> Result<i64, Errore> {
    let permesso = permesso_obiettivo(ctx, p, &valore.obiettivo, Azione::RegistraValore)?;
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
    let checkpoint = id_checkpoint(p, ids, &valore.checkpoint)?;
    verifica_non_chiuso(repo, ctx, ids.ciclo, checkpoint).await?;
    let revisione_attesa = match revisione_attesa {
        Some(r) => r,
        None => repo
            .ultima_modifica_valore(ctx.tenant, indicatore, checkpoint)
            .await?
            .map(|u| u.revisione),
    };
    let ev = ctx
        .evento(
            &permesso,
            "monitoraggio.valore",
            format!(
                "valore dell'indicatore {} dell'obiettivo {} al {} (indicatore {})",
                valore.indicatore, valore.obiettivo, valore.checkpoint, indicatore
            ),
        )
        .prima(prima.and_then(json))
        .dopo(json(&valore))
        .entita(indicatore.0);
    let fatto = FattoValore {
        indicatore,
        checkpoint,
        revisione_attesa,
        dati: valore,
    };
    repo.registra_valore(ctx.tenant, ids.ciclo, &fatto, &ev)
        .await
}

/// Registra la causa di uno scostamento (alla verifica finale): esogena, endogena o
/// dovuta alla definizione dell'indicatore. Sostituisce quella dello stesso obiettivo e step.
pub async fn registra_causa<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    causa: CausaScostamentoFile,
) -> Result<(), Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    scrivi_causa(repo, ctx, &p, &ids, causa).await
}

/// Come [`registra_causa`], per l'obiettivo o lo step con questo id (l'API): `obiettivo` e
/// `step` di `causa` sono ricavati da qui.
pub async fn registra_causa_per_id<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    id: Uuid,
    mut causa: CausaScostamentoFile,
) -> Result<(), Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    if let Some(i) = ids.obiettivi.iter().position(|o| o.id.0 == id) {
        causa.obiettivo = p.obiettivi[i].codice.clone();
        causa.step = None;
    } else {
        let (o, s) = posizione_step(&p, &ids, IdStep(id)).map_err(|_| {
            Errore::NonTrovato(format!("nessun obiettivo né step ha l'id {id} nel piano"))
        })?;
        causa.obiettivo = o;
        causa.step = Some(s);
    }
    scrivi_causa(repo, ctx, &p, &ids, causa).await
}

async fn scrivi_causa<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    p: &Piano,
    ids: &IdentitaPiano,
    causa: CausaScostamentoFile,
) -> Result<(), Errore> {
    let permesso = permesso_obiettivo(ctx, p, &causa.obiettivo, Azione::RegistraCausa)?;
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
    verifica_finale_non_chiusa(repo, ctx, ids.ciclo).await?;
    let mut candidato = p.clone();
    let cause = &mut candidato.monitoraggio.cause_scostamento;
    cause.retain(|c| !(c.obiettivo == causa.obiettivo && c.step == causa.step));
    cause.push(causa.clone());
    valida_candidato(&candidato)?;
    let step = match causa.step {
        Some(s) => Some(id_step(p, ids, &causa.obiettivo, s)?),
        None => None,
    };
    let ev = ctx
        .evento(
            &permesso,
            "monitoraggio.causa",
            format!(
                "causa dello scostamento dell'obiettivo {}{}",
                causa.obiettivo,
                causa
                    .step
                    .map(|s| format!(", step {s}"))
                    .unwrap_or_default()
            ),
        )
        .dopo(json(&causa))
        .entita(ids.obiettivi[i].id.0);
    repo.registra_causa(
        ctx.tenant,
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
pub async fn richiedi_dilazione<
    R: PianiRepo + MonitoraggioRepo + CheckpointRepo + IdempotenzaRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    richiesta: DilazioneFile,
) -> Result<IdDilazione, Errore> {
    richiedi_dilazione_idempotente(repo, ctx, anno, richiesta, None).await
}

pub async fn richiedi_dilazione_idempotente<
    R: PianiRepo + MonitoraggioRepo + CheckpointRepo + IdempotenzaRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    richiesta: DilazioneFile,
    chiave_idempotenza: Option<&str>,
) -> Result<IdDilazione, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    scrivi_richiesta(repo, ctx, &p, &ids, richiesta, chiave_idempotenza).await
}

/// Come [`richiedi_dilazione_idempotente`], con lo step indicato dal suo id e il checkpoint dal
/// suo codice o dalla sua data (l'API).
#[allow(clippy::too_many_arguments)]
pub async fn richiedi_dilazione_dello_step<
    R: PianiRepo + MonitoraggioRepo + CheckpointRepo + IdempotenzaRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    step: IdStep,
    checkpoint: &str,
    mut richiesta: DilazioneFile,
    chiave_idempotenza: Option<&str>,
) -> Result<IdDilazione, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    (richiesta.obiettivo, richiesta.step) = posizione_step(&p, &ids, step)?;
    richiesta.checkpoint = codice_checkpoint(&p, checkpoint)?;
    scrivi_richiesta(repo, ctx, &p, &ids, richiesta, chiave_idempotenza).await
}

async fn scrivi_richiesta<R: PianiRepo + MonitoraggioRepo + CheckpointRepo + IdempotenzaRepo>(
    repo: &R,
    ctx: &Contesto,
    p: &Piano,
    ids: &IdentitaPiano,
    mut richiesta: DilazioneFile,
    chiave_idempotenza: Option<&str>,
) -> Result<IdDilazione, Errore> {
    const AZIONE: &str = "dilazione.richiedi";
    let permesso = permesso_obiettivo(ctx, p, &richiesta.obiettivo, Azione::RichiediDilazione)?;
    if let Some(id) = gia_creato(repo, ctx, chiave_idempotenza, AZIONE).await? {
        return Ok(IdDilazione(id));
    }
    richiesta.esito = EsitoDilazione::InAttesa;
    richiesta.atto = None;
    richiesta.data_esito = None;
    let in_attesa = |d: &DilazioneFile| {
        d.obiettivo == richiesta.obiettivo
            && d.step == richiesta.step
            && d.esito == EsitoDilazione::InAttesa
    };
    if p.monitoraggio.dilazioni.iter().any(in_attesa) {
        return Err(Errore::Conflitto(format!(
            "lo step {} dell'obiettivo {} ha già una dilazione in attesa di decisione",
            richiesta.step, richiesta.obiettivo
        )));
    }
    let mut candidato = p.clone();
    candidato.monitoraggio.dilazioni.push(richiesta.clone());
    valida_candidato(&candidato)?;
    let step = id_step(p, ids, &richiesta.obiettivo, richiesta.step)?;
    let checkpoint = id_checkpoint(p, ids, &richiesta.checkpoint)?;
    verifica_non_chiuso(repo, ctx, ids.ciclo, checkpoint).await?;
    let id_dilazione = IdDilazione(nuovo_uuid());
    let ev = ctx
        .evento(
            &permesso,
            AZIONE,
            format!(
                "dilazione richiesta per lo step {} dell'obiettivo {}: {}",
                richiesta.step, richiesta.obiettivo, richiesta.scadenza_proposta
            ),
        )
        .dopo(json(&richiesta))
        .entita(id_dilazione.0)
        .chiave(chiave_idempotenza, id_dilazione.0);
    repo.richiedi_dilazione(
        ctx.tenant,
        ids.ciclo,
        id_dilazione,
        step,
        checkpoint,
        &richiesta,
        &ev,
    )
    .await
}

/// La decisione su una dilazione: concessa o respinta, con l'atto e la sua data.
#[derive(Debug, Clone)]
pub struct Decisione {
    pub concessa: bool,
    pub atto: String,
    pub data: NaiveDate,
}

/// Decide la dilazione in attesa: se concessa, la nuova scadenza entra nella storia dello step.
/// Le dilazioni degli obiettivi del direttore le decide il CdA con un atto, mai il direttore.
#[allow(clippy::too_many_arguments)]
pub async fn decidi_dilazione<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    obiettivo: &str,
    step: u32,
    concessa: bool,
    atto: &str,
    data: NaiveDate,
) -> Result<(), Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let permesso = permesso_obiettivo(ctx, &p, obiettivo, Azione::DecidiDilazione)?;
    let id_step = id_step(&p, &ids, obiettivo, step)?;
    let d = repo
        .dilazioni(ctx.tenant, ids.ciclo)
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
    let decisione = Decisione {
        concessa,
        atto: atto.to_string(),
        data,
    };
    scrivi_decisione(repo, ctx, &permesso, &p, &ids, d, id_step, decisione).await
}

/// Decide la dilazione con questo id (l'API); `Conflitto` se è già stata decisa.
pub async fn decidi_dilazione_per_id<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    id: IdDilazione,
    decisione: Decisione,
) -> Result<(), Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let d = repo
        .dilazioni(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| {
            Errore::NonTrovato(format!("la dilazione {id} non esiste nel ciclo {anno}"))
        })?;
    let permesso = permesso_obiettivo(ctx, &p, &d.dati.obiettivo, Azione::DecidiDilazione)?;
    if d.dati.esito != EsitoDilazione::InAttesa {
        return Err(Errore::Conflitto(format!(
            "la dilazione {id} è già stata decisa ({}{})",
            crate::viste::monitoraggio::etichetta_esito(d.dati.esito),
            d.dati
                .atto
                .as_ref()
                .map(|a| format!(", {a}"))
                .unwrap_or_default()
        )));
    }
    let id_step = id_step(&p, &ids, &d.dati.obiettivo, d.dati.step)?;
    scrivi_decisione(repo, ctx, &permesso, &p, &ids, d, id_step, decisione).await
}

#[allow(clippy::too_many_arguments)]
async fn scrivi_decisione<R: MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    permesso: &Permesso,
    p: &Piano,
    ids: &IdentitaPiano,
    mut d: crate::porte::DilazioneRegistrata,
    id_step: IdStep,
    decisione: Decisione,
) -> Result<(), Errore> {
    if decisione.atto.trim().is_empty() {
        return Err(Errore::NonValido(
            "l'atto che decide la dilazione è obbligatorio".into(),
        ));
    }
    // Gli obiettivi del direttore: solo con un atto del CdA. Un atto riconosciuto diventa
    // un'entità del ciclo a cui la dilazione punta; per gli obiettivi delle aree basta il testo
    // (es. una determinazione del direttore scritta liberamente).
    let citato = traguardo_domain::atto::RiferimentoAtto::leggi(&decisione.atto);
    atto_adatto(permesso, &d.dati.obiettivo, &citato)?;
    let checkpoint = id_checkpoint(p, ids, &d.dati.checkpoint)?;
    verifica_non_chiuso(repo, ctx, ids.ciclo, checkpoint).await?;
    let prima = json(&d.dati);
    let Decisione {
        concessa,
        atto,
        data,
    } = decisione;
    d.dati.esito = if concessa {
        EsitoDilazione::Concessa
    } else {
        EsitoDilazione::Respinta
    };
    d.dati.atto = Some(atto.clone());
    d.dati.data_esito = Some(data);
    // La nuova scadenza vale dalla decisione (regola della scadenza in vigore): è memorizzata
    // una volta sola, come dilazione concessa, e il piano la mostra anche tra le revisioni.
    let revisione: Option<RevisioneScadenzaFile> = None;
    let (obiettivo, step) = (d.dati.obiettivo.clone(), d.dati.step);
    let ev = ctx
        .evento(
            permesso,
            "dilazione.decidi",
            format!(
                "dilazione {} per lo step {step} dell'obiettivo {obiettivo} ({atto})",
                if concessa { "concessa" } else { "respinta" }
            ),
        )
        .prima(prima)
        .dopo(json(&d.dati))
        .entita(d.id.0);
    match citato {
        Ok(a) => {
            let oggetto =
                format!("Decisione sulla dilazione dello step {step} dell'obiettivo {obiettivo}");
            repo.decidi_con_atto(
                ctx.tenant,
                ids.ciclo,
                &a,
                &oggetto,
                std::slice::from_ref(&d),
                &ev,
            )
            .await?;
        }
        Err(_) => {
            repo.decidi_dilazione(ctx.tenant, ids.ciclo, &d, id_step, revisione.as_ref(), &ev)
                .await?;
        }
    }
    Ok(())
}
