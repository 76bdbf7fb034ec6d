//! Checkpoint con una vita: aperto → trasmesso → chiuso, decisi dal direttore o dall'ufficio
//! personale ([`Azione::GestisciCheckpoint`]).
//!
//! - Alla **trasmissione** si sigilla ciò che è stato inviato al CdA o al Nucleo: ogni stato,
//!   valore, relazione, dilazione del checkpoint (e, al checkpoint finale, le cause degli
//!   scostamenti), con gli id delle entità e l'impronta SHA-256 del contenuto. Il sigillo si
//!   inserisce soltanto (i trigger rifiutano modifiche e cancellazioni). Le modifiche successive,
//!   finché il checkpoint non è chiuso, sono revisioni: [`confronto`] le mostra contro il sigillo.
//! - Un checkpoint trasmesso si può riaprire (torna aperto; il sigillo resta); uno chiuso no.
//! - Alla **chiusura** i fatti del checkpoint non si modificano più: lo controllano i comandi (con
//!   un messaggio che dice quando è stato chiuso) e, sotto, i trigger dei due database.
//! - La **data di redazione** è distinta dalla data di riferimento: la verifica al 31/12 si
//!   scrive a febbraio.
//!
//! Qui anche le **dilazioni decise con un atto** ([`salda_dilazioni`]): un atto (del CdA per gli
//! obiettivi del direttore, che non decide mai le proprie) chiude tutte le richieste in attesa di
//! un checkpoint.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione, Permesso, ambito_obiettivo};
use crate::comandi_monitoraggio::{carica, codice_checkpoint, permesso_obiettivo};
use crate::contesto::Contesto;
use crate::identita::IdentitaPiano;
use crate::porte::{DilazioneRegistrata, EventoAudit, MonitoraggioRepo, PianiRepo, TenantId};
use crate::viste::data_it;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::future::Future;
use traguardo_domain::atto::RiferimentoAtto;
use traguardo_domain::checkpoint::StatoCheckpoint;
use traguardo_domain::id::{IdAtto, IdCheckpoint, IdCiclo, IdDilazione};
use traguardo_domain::piano::{EsitoDilazione, Piano};
use uuid::Uuid;

/// Un checkpoint memorizzato con il suo stato.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckpointRegistrato {
    pub id: IdCheckpoint,
    pub codice: String,
    pub data: NaiveDate,
    pub etichetta: String,
    pub finale: bool,
    pub stato: StatoCheckpoint,
    pub data_redazione: Option<NaiveDate>,
    pub trasmesso_il: Option<DateTime<Utc>>,
    pub trasmesso_da: Option<String>,
    pub chiuso_il: Option<DateTime<Utc>>,
    pub chiuso_da: Option<String>,
    pub revisione: i64,
}

/// Un sigillo memorizzato: ciò che è stato trasmesso, com'era.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SigilloRegistrato {
    pub id: Uuid,
    pub checkpoint: IdCheckpoint,
    /// 1 alla prima trasmissione, 2 se è stato riaperto e trasmesso di nuovo…
    pub numero: i64,
    pub sigillato_il: DateTime<Utc>,
    pub sigillato_da: String,
    pub data_redazione: Option<NaiveDate>,
    pub contenuto: String,
    pub impronta: String,
}

/// Il sigillo da inserire con un cambio di stato (chi e quando vengono dall'evento di audit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NuovoSigillo {
    pub id: Uuid,
    pub contenuto: String,
    pub impronta: String,
    pub data_redazione: Option<NaiveDate>,
}

/// Il nuovo stato di un checkpoint, scritto se la revisione è ancora quella attesa.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CambioCheckpoint {
    pub id: IdCheckpoint,
    pub revisione_attesa: i64,
    pub stato: StatoCheckpoint,
    pub data_redazione: Option<NaiveDate>,
    pub trasmesso_il: Option<DateTime<Utc>>,
    pub trasmesso_da: Option<String>,
    pub chiuso_il: Option<DateTime<Utc>>,
    pub chiuso_da: Option<String>,
    pub sigillo: Option<NuovoSigillo>,
}

/// Porta dei checkpoint e delle decisioni con atto.
pub trait CheckpointRepo: Send + Sync {
    /// I checkpoint del ciclo, nell'ordine del piano.
    fn checkpoint_del_ciclo(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Vec<CheckpointRegistrato>, Errore>> + Send;
    /// Scrive il nuovo stato (e il sigillo, se c'è) con il suo audit; `Errore::Conflitto` se
    /// intanto il checkpoint è cambiato. Restituisce la nuova revisione.
    fn cambia_checkpoint(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        cambio: &CambioCheckpoint,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;
    /// I sigilli del checkpoint, dal primo.
    fn sigilli(
        &self,
        tenant: TenantId,
        checkpoint: IdCheckpoint,
    ) -> impl Future<Output = Result<Vec<SigilloRegistrato>, Errore>> + Send;
    /// Registra l'atto nel ciclo (o riusa quello con lo stesso codice) e vi decide le dilazioni
    /// date (esito, atto e data già impostati in `dati`), ognuna se la sua revisione è ancora
    /// quella: tutte o nessuna. Restituisce l'id dell'atto.
    fn decidi_con_atto(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        atto: &RiferimentoAtto,
        oggetto: &str,
        decisioni: &[DilazioneRegistrata],
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<IdAtto, Errore>> + Send;
}

fn chiuso_il(k: &CheckpointRegistrato) -> String {
    k.chiuso_il
        .map(|d| data_it(d.date_naive()))
        .unwrap_or_else(|| "?".into())
}

fn messaggio_chiuso(k: &CheckpointRegistrato) -> String {
    format!(
        "il checkpoint «{}» è chiuso il {}{}: i suoi stati, valori, relazioni, cause e dilazioni non si modificano più",
        k.codice,
        chiuso_il(k),
        k.chiuso_da
            .as_deref()
            .map(|d| format!(" da {d}"))
            .unwrap_or_default()
    )
}

/// Rifiuta la scrittura di un fatto di un checkpoint chiuso (prima dei trigger, con un messaggio
/// che dice quando è stato chiuso).
pub async fn verifica_non_chiuso<R: CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    ciclo: IdCiclo,
    checkpoint: IdCheckpoint,
) -> Result<(), Errore> {
    let tutti = repo.checkpoint_del_ciclo(ctx.tenant, ciclo).await?;
    match tutti.iter().find(|k| k.id == checkpoint) {
        Some(k) if k.stato == StatoCheckpoint::Chiuso => {
            Err(Errore::Conflitto(messaggio_chiuso(k)))
        }
        _ => Ok(()),
    }
}

/// Le cause degli scostamenti sono della verifica finale: chiusa quella, non si modificano.
pub async fn verifica_finale_non_chiusa<R: CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    ciclo: IdCiclo,
) -> Result<(), Errore> {
    let tutti = repo.checkpoint_del_ciclo(ctx.tenant, ciclo).await?;
    match tutti
        .iter()
        .find(|k| k.finale && k.stato == StatoCheckpoint::Chiuso)
    {
        Some(k) => Err(Errore::Conflitto(messaggio_chiuso(k))),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// Il contenuto del sigillo.

/// Una voce sigillata: un fatto del checkpoint con l'id dell'entità a cui è legato.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoceSigillata {
    /// `stato`, `valore`, `relazione`, `causa`, `dilazione`.
    pub tipo: String,
    /// Step (stato, causa di uno step), indicatore (valore), obiettivo (relazione, causa
    /// dell'obiettivo), dilazione.
    pub id: Uuid,
    /// Più voci dello stesso tipo sulla stessa entità (relazioni): 0, 1…
    #[serde(default)]
    pub n: usize,
    pub obiettivo: String,
    /// Posizione dello step o dell'indicatore (da 1), se c'è.
    pub posizione: Option<u32>,
    pub dati: serde_json::Value,
}

/// Ciò che è stato trasmesso a un checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContenutoSigillo {
    pub ente: String,
    pub anno: i32,
    pub checkpoint_id: Uuid,
    pub checkpoint: String,
    pub data: NaiveDate,
    pub data_redazione: Option<NaiveDate>,
    pub voci: Vec<VoceSigillata>,
}

fn json_di<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// Le voci attuali del checkpoint `codice` nel piano (stessa forma del sigillo).
fn voci_attuali(
    p: &Piano,
    ids: &IdentitaPiano,
    dilazioni: &[DilazioneRegistrata],
    k: &CheckpointRegistrato,
) -> Vec<VoceSigillata> {
    let indice = |codice: &str| p.obiettivi.iter().position(|o| o.codice == codice);
    let m = &p.monitoraggio;
    let mut voci = Vec::new();
    for s in m.stati.iter().filter(|s| s.checkpoint == k.codice) {
        let id = indice(&s.obiettivo)
            .and_then(|i| {
                ids.obiettivi[i]
                    .steps
                    .get((s.step as usize).wrapping_sub(1))
            })
            .map(|x| x.0);
        if let Some(id) = id {
            voci.push(VoceSigillata {
                tipo: "stato".into(),
                id,
                n: 0,
                obiettivo: s.obiettivo.clone(),
                posizione: Some(s.step),
                dati: json_di(s),
            });
        }
    }
    for v in m.valori.iter().filter(|v| v.checkpoint == k.codice) {
        let id = indice(&v.obiettivo)
            .and_then(|i| {
                ids.obiettivi[i]
                    .indicatori
                    .get((v.indicatore as usize).wrapping_sub(1))
            })
            .map(|x| x.0);
        if let Some(id) = id {
            voci.push(VoceSigillata {
                tipo: "valore".into(),
                id,
                n: 0,
                obiettivo: v.obiettivo.clone(),
                posizione: Some(v.indicatore),
                dati: json_di(v),
            });
        }
    }
    let mut contate: BTreeMap<Uuid, usize> = BTreeMap::new();
    for r in m.relazioni.iter().filter(|r| r.checkpoint == k.codice) {
        if let Some(i) = indice(&r.obiettivo) {
            let id = ids.obiettivi[i].id.0;
            let n = contate.entry(id).or_default();
            voci.push(VoceSigillata {
                tipo: "relazione".into(),
                id,
                n: *n,
                obiettivo: r.obiettivo.clone(),
                posizione: None,
                dati: json_di(r),
            });
            *n += 1;
        }
    }
    if k.finale {
        for c in &m.cause_scostamento {
            let Some(i) = indice(&c.obiettivo) else {
                continue;
            };
            let id = match c.step {
                Some(s) => match ids.obiettivi[i].steps.get((s as usize).wrapping_sub(1)) {
                    Some(x) => x.0,
                    None => continue,
                },
                None => ids.obiettivi[i].id.0,
            };
            voci.push(VoceSigillata {
                tipo: "causa".into(),
                id,
                n: 0,
                obiettivo: c.obiettivo.clone(),
                posizione: c.step,
                dati: json_di(c),
            });
        }
    }
    for d in dilazioni.iter().filter(|d| d.dati.checkpoint == k.codice) {
        voci.push(VoceSigillata {
            tipo: "dilazione".into(),
            id: d.id.0,
            n: 0,
            obiettivo: d.dati.obiettivo.clone(),
            posizione: Some(d.dati.step),
            dati: json_di(&d.dati),
        });
    }
    voci
}

/// L'impronta SHA-256 (esadecimale) del contenuto.
pub fn impronta(contenuto: &str) -> String {
    hex::encode(Sha256::digest(contenuto.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// I comandi.

/// Esito di un cambio di stato.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsitoCheckpoint {
    pub checkpoint: String,
    pub stato: StatoCheckpoint,
    pub revisione: i64,
    /// Numero e impronta del sigillo scritto (alla trasmissione).
    pub sigillo: Option<(i64, String)>,
}

struct Caricato {
    piano: Piano,
    ids: IdentitaPiano,
    checkpoint: CheckpointRegistrato,
}

async fn carica_checkpoint<R: PianiRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
) -> Result<Caricato, Errore> {
    let (piano, ids) = carica(repo, ctx, anno).await?;
    let codice = codice_checkpoint(&piano, checkpoint)?;
    let checkpoint = repo
        .checkpoint_del_ciclo(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .find(|k| k.codice == codice)
        .ok_or_else(|| Errore::NonTrovato(format!("il checkpoint «{codice}» non esiste")))?;
    Ok(Caricato {
        piano,
        ids,
        checkpoint,
    })
}

fn cambio_da(k: &CheckpointRegistrato) -> CambioCheckpoint {
    CambioCheckpoint {
        id: k.id,
        revisione_attesa: k.revisione,
        stato: k.stato,
        data_redazione: k.data_redazione,
        trasmesso_il: k.trasmesso_il,
        trasmesso_da: k.trasmesso_da.clone(),
        chiuso_il: k.chiuso_il,
        chiuso_da: k.chiuso_da.clone(),
        sigillo: None,
    }
}

fn data_redazione_valida(k: &CheckpointRegistrato, d: Option<NaiveDate>) -> Result<(), Errore> {
    match d {
        Some(d) if d < k.data => Err(Errore::NonValido(format!(
            "la data di redazione {} precede la data di riferimento del checkpoint «{}» ({})",
            data_it(d),
            k.codice,
            data_it(k.data)
        ))),
        _ => Ok(()),
    }
}

fn stato_json(k: &CheckpointRegistrato) -> Option<String> {
    serde_json::to_string(&serde_json::json!({
        "stato": k.stato,
        "data_redazione": k.data_redazione,
        "revisione": k.revisione,
    }))
    .ok()
}

async fn scrivi<R: CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    permesso: &Permesso,
    c: &Caricato,
    cambio: CambioCheckpoint,
    azione: &str,
    oggetto: String,
) -> Result<EsitoCheckpoint, Errore> {
    let k = &c.checkpoint;
    let dopo = serde_json::to_string(&serde_json::json!({
        "stato": cambio.stato,
        "data_redazione": cambio.data_redazione,
        "sigillo": cambio.sigillo.as_ref().map(|s| &s.impronta),
    }))
    .ok();
    let ev = ctx
        .evento(permesso, azione, oggetto)
        .prima(stato_json(k))
        .dopo(dopo)
        .entita(k.id.0);
    let revisione = repo
        .cambia_checkpoint(ctx.tenant, c.ids.ciclo, &cambio, &ev)
        .await?;
    let numero = match &cambio.sigillo {
        Some(_) => repo.sigilli(ctx.tenant, k.id).await?.len() as i64,
        None => 0,
    };
    Ok(EsitoCheckpoint {
        checkpoint: k.codice.clone(),
        stato: cambio.stato,
        revisione,
        sigillo: cambio.sigillo.map(|s| (numero, s.impronta)),
    })
}

/// Trasmette il checkpoint (aperto → trasmesso) e sigilla ciò che viene inviato.
pub async fn trasmetti<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
    scritto_il: Option<NaiveDate>,
) -> Result<EsitoCheckpoint, Errore> {
    let permesso = ctx.autorizza(Azione::GestisciCheckpoint, Ambito::Ente)?;
    let c = carica_checkpoint(repo, ctx, anno, checkpoint).await?;
    let k = &c.checkpoint;
    match k.stato {
        StatoCheckpoint::Aperto => {}
        StatoCheckpoint::Trasmesso => {
            return Err(Errore::Conflitto(format!(
                "il checkpoint «{}» è già stato trasmesso il {}{}",
                k.codice,
                k.trasmesso_il
                    .map(|d| data_it(d.date_naive()))
                    .unwrap_or_else(|| "?".into()),
                k.trasmesso_da
                    .as_deref()
                    .map(|d| format!(" da {d}"))
                    .unwrap_or_default()
            )));
        }
        StatoCheckpoint::Chiuso => return Err(Errore::Conflitto(messaggio_chiuso(k))),
    }
    let data_redazione = scritto_il.or(k.data_redazione);
    data_redazione_valida(k, data_redazione)?;
    let dilazioni = repo.dilazioni(ctx.tenant, c.ids.ciclo).await?;
    let contenuto = ContenutoSigillo {
        ente: ctx.ente.clone(),
        anno,
        checkpoint_id: k.id.0,
        checkpoint: k.codice.clone(),
        data: k.data,
        data_redazione,
        voci: voci_attuali(&c.piano, &c.ids, &dilazioni, k),
    };
    let testo = serde_json::to_string(&contenuto)
        .map_err(|e| Errore::interno_da("sigillo del checkpoint non serializzabile", e))?;
    let momento = Utc::now();
    let attore = ctx.utente.nome();
    let cambio = CambioCheckpoint {
        stato: StatoCheckpoint::Trasmesso,
        data_redazione,
        trasmesso_il: Some(momento),
        trasmesso_da: Some(attore),
        sigillo: Some(NuovoSigillo {
            id: crate::identita::nuovo_uuid(),
            impronta: impronta(&testo),
            contenuto: testo,
            data_redazione,
        }),
        ..cambio_da(k)
    };
    let oggetto = format!(
        "checkpoint {} trasmesso ({} fatti sigillati)",
        k.codice,
        contenuto.voci.len()
    );
    scrivi(
        repo,
        ctx,
        &permesso,
        &c,
        cambio,
        "checkpoint.trasmetti",
        oggetto,
    )
    .await
}

/// Chiude il checkpoint trasmesso: i suoi fatti non si modificano più. Rifiutato se ci sono
/// dilazioni chieste a quel checkpoint ancora in attesa di atto.
pub async fn chiudi<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
    scritto_il: Option<NaiveDate>,
) -> Result<EsitoCheckpoint, Errore> {
    let permesso = ctx.autorizza(Azione::GestisciCheckpoint, Ambito::Ente)?;
    let c = carica_checkpoint(repo, ctx, anno, checkpoint).await?;
    let k = &c.checkpoint;
    match k.stato {
        StatoCheckpoint::Trasmesso => {}
        StatoCheckpoint::Aperto => {
            return Err(Errore::Conflitto(format!(
                "il checkpoint «{}» è aperto: va prima trasmesso (monitor checkpoint-transmit), poi chiuso",
                k.codice
            )));
        }
        StatoCheckpoint::Chiuso => return Err(Errore::Conflitto(messaggio_chiuso(k))),
    }
    let in_attesa = c
        .piano
        .monitoraggio
        .dilazioni
        .iter()
        .filter(|d| d.checkpoint == k.codice && d.esito == EsitoDilazione::InAttesa)
        .count();
    if in_attesa > 0 {
        return Err(Errore::Conflitto(format!(
            "il checkpoint «{}» ha {in_attesa} dilazion{} in attesa di atto: vanno decise prima della chiusura (monitor extension-settle)",
            k.codice,
            if in_attesa == 1 { "e" } else { "i" }
        )));
    }
    let data_redazione = scritto_il.or(k.data_redazione);
    data_redazione_valida(k, data_redazione)?;
    let cambio = CambioCheckpoint {
        stato: StatoCheckpoint::Chiuso,
        data_redazione,
        chiuso_il: Some(Utc::now()),
        chiuso_da: Some(ctx.utente.nome()),
        ..cambio_da(k)
    };
    let oggetto = format!("checkpoint {} chiuso", k.codice);
    scrivi(
        repo,
        ctx,
        &permesso,
        &c,
        cambio,
        "checkpoint.chiudi",
        oggetto,
    )
    .await
}

/// Riapre un checkpoint trasmesso (torna aperto; il sigillo di ciò che era stato inviato
/// resta). Un checkpoint chiuso non si riapre.
pub async fn riapri<R: PianiRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
) -> Result<EsitoCheckpoint, Errore> {
    let permesso = ctx.autorizza(Azione::GestisciCheckpoint, Ambito::Ente)?;
    let c = carica_checkpoint(repo, ctx, anno, checkpoint).await?;
    let k = &c.checkpoint;
    match k.stato {
        StatoCheckpoint::Trasmesso => {}
        StatoCheckpoint::Aperto => {
            return Err(Errore::Conflitto(format!(
                "il checkpoint «{}» è già aperto",
                k.codice
            )));
        }
        StatoCheckpoint::Chiuso => {
            return Err(Errore::Conflitto(format!(
                "{}; la chiusura è definitiva",
                messaggio_chiuso(k)
            )));
        }
    }
    let cambio = CambioCheckpoint {
        stato: StatoCheckpoint::Aperto,
        ..cambio_da(k)
    };
    let oggetto = format!("checkpoint {} riaperto", k.codice);
    scrivi(
        repo,
        ctx,
        &permesso,
        &c,
        cambio,
        "checkpoint.riapri",
        oggetto,
    )
    .await
}

/// Imposta la data di redazione (la verifica al 31/12 scritta a febbraio); non su un
/// checkpoint chiuso.
pub async fn imposta_data_redazione<R: PianiRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
    scritto_il: NaiveDate,
) -> Result<EsitoCheckpoint, Errore> {
    let permesso = ctx.autorizza(Azione::GestisciCheckpoint, Ambito::Ente)?;
    let c = carica_checkpoint(repo, ctx, anno, checkpoint).await?;
    let k = &c.checkpoint;
    if k.stato == StatoCheckpoint::Chiuso {
        return Err(Errore::Conflitto(messaggio_chiuso(k)));
    }
    data_redazione_valida(k, Some(scritto_il))?;
    let cambio = CambioCheckpoint {
        data_redazione: Some(scritto_il),
        ..cambio_da(k)
    };
    let oggetto = format!(
        "data di redazione del checkpoint {}: {}",
        k.codice,
        data_it(scritto_il)
    );
    scrivi(
        repo,
        ctx,
        &permesso,
        &c,
        cambio,
        "checkpoint.data_redazione",
        oggetto,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Le viste.

/// Un checkpoint con il suo stato, pronto da mostrare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VistaStatoCheckpoint {
    pub id: String,
    pub codice: String,
    /// Data di riferimento, `gg/mm/aaaa`.
    pub data: String,
    pub etichetta: String,
    pub finale: bool,
    pub stato: StatoCheckpoint,
    /// Data di redazione, `gg/mm/aaaa`.
    pub data_redazione: Option<String>,
    pub trasmesso_il: Option<String>,
    pub trasmesso_da: Option<String>,
    pub chiuso_il: Option<String>,
    pub chiuso_da: Option<String>,
    pub sigilli: usize,
    pub revisione: i64,
}

/// I checkpoint del ciclo con il loro stato.
pub async fn elenco<R: PianiRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<Vec<VistaStatoCheckpoint>, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let (_, ids) = carica(repo, ctx, anno).await?;
    let mut out = Vec::new();
    for k in repo.checkpoint_del_ciclo(ctx.tenant, ids.ciclo).await? {
        let sigilli = repo.sigilli(ctx.tenant, k.id).await?.len();
        out.push(VistaStatoCheckpoint {
            id: k.id.to_string(),
            codice: k.codice.clone(),
            data: data_it(k.data),
            etichetta: k.etichetta.clone(),
            finale: k.finale,
            stato: k.stato,
            data_redazione: k.data_redazione.map(data_it),
            trasmesso_il: k.trasmesso_il.map(|d| data_it(d.date_naive())),
            trasmesso_da: k.trasmesso_da.clone(),
            chiuso_il: k.chiuso_il.map(|d| data_it(d.date_naive())),
            chiuso_da: k.chiuso_da.clone(),
            sigilli,
            revisione: k.revisione,
        });
    }
    Ok(out)
}

/// Una voce del confronto tra ciò che è stato trasmesso e ciò che c'è ora.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoceConfronto {
    pub tipo: String,
    pub id: String,
    pub obiettivo: String,
    pub posizione: Option<u32>,
    /// Come è stato inviato (riassunto), se c'era.
    pub inviato: Option<String>,
    /// Com'è ora, se c'è.
    pub attuale: Option<String>,
    /// `invariato`, `variato dopo la trasmissione`, `aggiunto dopo la trasmissione`,
    /// `tolto dopo la trasmissione`.
    pub esito: String,
    pub variato: bool,
}

/// Il confronto tra l'ultimo sigillo di un checkpoint e i suoi fatti di ora.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfrontoCheckpoint {
    pub checkpoint: String,
    pub stato: StatoCheckpoint,
    pub sigillo_numero: i64,
    pub sigillato_il: String,
    pub sigillato_da: String,
    pub data_redazione: Option<String>,
    pub impronta: String,
    /// Il contenuto memorizzato ha ancora la sua impronta?
    pub impronta_verificata: bool,
    pub voci: Vec<VoceConfronto>,
    /// Quante voci sono variate, aggiunte o tolte dopo la trasmissione.
    pub variate: usize,
}

/// Riassunto leggibile dei dati di una voce: i campi con un valore, tranne i riferimenti.
fn riassunto(dati: &serde_json::Value) -> String {
    const RIFERIMENTI: [&str; 5] = ["checkpoint", "obiettivo", "step", "indicatore", "atti"];
    let mut parti = Vec::new();
    if let serde_json::Value::Object(m) = dati {
        for (k, v) in m {
            if RIFERIMENTI.contains(&k.as_str()) {
                continue;
            }
            let testo = match v {
                serde_json::Value::Null => continue,
                // Le date del sigillo sono ISO (aaaa-mm-gg): si mostrano come gg/mm/aaaa.
                serde_json::Value::String(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(|_| s.replace(['\n', '\r'], " ")),
                serde_json::Value::Array(a) if a.is_empty() => continue,
                altro => altro.to_string(),
            };
            let testo: String = if testo.chars().count() > 80 {
                format!("{}…", testo.chars().take(80).collect::<String>())
            } else {
                testo
            };
            parti.push(format!("{k}: {testo}"));
        }
    }
    parti.join("; ")
}

/// Ciò che è stato trasmesso all'ultimo sigillo del checkpoint contro ciò che c'è ora: ogni
/// fatto variato dopo la trasmissione è marcato.
pub async fn confronto<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
) -> Result<ConfrontoCheckpoint, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let c = carica_checkpoint(repo, ctx, anno, checkpoint).await?;
    let k = &c.checkpoint;
    let sigillo = repo
        .sigilli(ctx.tenant, k.id)
        .await?
        .into_iter()
        .max_by_key(|s| s.numero)
        .ok_or_else(|| {
            Errore::NonValido(format!(
                "il checkpoint «{}» non è mai stato trasmesso: non c'è un sigillo da confrontare",
                k.codice
            ))
        })?;
    let inviato: ContenutoSigillo = serde_json::from_str(&sigillo.contenuto)
        .map_err(|e| Errore::interno_da("sigillo del checkpoint illeggibile", e))?;
    let dilazioni = repo.dilazioni(ctx.tenant, c.ids.ciclo).await?;
    let ora = voci_attuali(&c.piano, &c.ids, &dilazioni, k);
    let chiave = |v: &VoceSigillata| (v.tipo.clone(), v.id, v.n);
    let mut voci = Vec::new();
    for v in &inviato.voci {
        let attuale = ora.iter().find(|x| chiave(x) == chiave(v));
        let (esito, variato) = match attuale {
            Some(a) if a.dati == v.dati => ("invariato", false),
            Some(_) => ("variato dopo la trasmissione", true),
            None => ("tolto dopo la trasmissione", true),
        };
        voci.push(VoceConfronto {
            tipo: v.tipo.clone(),
            id: v.id.to_string(),
            obiettivo: v.obiettivo.clone(),
            posizione: v.posizione,
            inviato: Some(riassunto(&v.dati)),
            attuale: attuale.map(|a| riassunto(&a.dati)),
            esito: esito.into(),
            variato,
        });
    }
    for a in ora
        .iter()
        .filter(|a| !inviato.voci.iter().any(|v| chiave(v) == chiave(a)))
    {
        voci.push(VoceConfronto {
            tipo: a.tipo.clone(),
            id: a.id.to_string(),
            obiettivo: a.obiettivo.clone(),
            posizione: a.posizione,
            inviato: None,
            attuale: Some(riassunto(&a.dati)),
            esito: "aggiunto dopo la trasmissione".into(),
            variato: true,
        });
    }
    Ok(ConfrontoCheckpoint {
        checkpoint: k.codice.clone(),
        stato: k.stato,
        sigillo_numero: sigillo.numero,
        sigillato_il: data_it(sigillo.sigillato_il.date_naive()),
        sigillato_da: sigillo.sigillato_da.clone(),
        data_redazione: sigillo.data_redazione.map(data_it),
        impronta_verificata: impronta(&sigillo.contenuto) == sigillo.impronta,
        impronta: sigillo.impronta,
        variate: voci.iter().filter(|v| v.variato).count(),
        voci,
    })
}

// ---------------------------------------------------------------------------------------------
// Le dilazioni decise con un atto.

/// Chi decide una dilazione: il CdA con un atto per gli obiettivi del direttore, il direttore
/// per quelli delle aree.
pub fn chi_decide(del_direttore: bool) -> &'static str {
    if del_direttore {
        "CdA (con atto)"
    } else {
        "direttore"
    }
}

/// L'etichetta dell'esito: «richiesta, in attesa di atto» finché non è decisa.
pub fn etichetta_esito(e: EsitoDilazione) -> &'static str {
    match e {
        EsitoDilazione::InAttesa => "richiesta, in attesa di atto",
        EsitoDilazione::Concessa => "concessa",
        EsitoDilazione::Respinta => "respinta",
    }
}

/// Una dilazione del ciclo, con il suo id, pronta da mostrare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VistaDilazione {
    pub id: String,
    pub obiettivo: String,
    pub step: u32,
    pub checkpoint: String,
    pub scadenza_proposta: String,
    pub esito: EsitoDilazione,
    /// `richiesta, in attesa di atto`, `concessa`, `respinta`.
    pub esito_etichetta: String,
    pub atto: Option<String>,
    /// `gg/mm/aaaa`.
    pub data_esito: Option<String>,
    pub motivo: String,
    pub del_direttore: bool,
    /// Chi la decide: `CdA (con atto)` o `direttore`.
    pub decide: String,
}

/// Le dilazioni del ciclo con il loro id, esito e chi le decide.
pub async fn elenco_dilazioni<R: PianiRepo + MonitoraggioRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<Vec<VistaDilazione>, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let (p, ids) = carica(repo, ctx, anno).await?;
    Ok(repo
        .dilazioni(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .map(|d| {
            let del_direttore = matches!(
                ambito_obiettivo(&p, &d.dati.obiettivo),
                Some(Ambito::Obiettivo {
                    del_direttore: true,
                    ..
                })
            );
            VistaDilazione {
                id: d.id.to_string(),
                obiettivo: d.dati.obiettivo.clone(),
                step: d.dati.step,
                checkpoint: d.dati.checkpoint.clone(),
                scadenza_proposta: d.dati.scadenza_proposta.clone(),
                esito: d.dati.esito,
                esito_etichetta: etichetta_esito(d.dati.esito).into(),
                atto: d.dati.atto.clone(),
                data_esito: d.dati.data_esito.map(data_it),
                motivo: d.dati.motivo.clone(),
                del_direttore,
                decide: chi_decide(del_direttore).into(),
            }
        })
        .collect())
}

/// Controlla che l'atto possa decidere le dilazioni di questo obiettivo: per gli obiettivi del
/// direttore (assegnati dal CdA) serve un atto del CdA.
pub fn atto_adatto(
    permesso: &Permesso,
    obiettivo: &str,
    atto: &Result<RiferimentoAtto, String>,
) -> Result<(), Errore> {
    let del_direttore = matches!(
        permesso.ambito(),
        Ambito::Obiettivo {
            del_direttore: true,
            ..
        }
    );
    if !del_direttore {
        return Ok(());
    }
    match atto {
        Ok(a) if a.del_cda() => Ok(()),
        Ok(a) => Err(Errore::NonValido(format!(
            "l'obiettivo {obiettivo} è assegnato al direttore dal CdA: la dilazione si decide con un atto del CdA, non con «{}» (es. «deliberazione CdA n. 5 del 20/02/2024»)",
            a
        ))),
        Err(e) => Err(Errore::NonValido(format!(
            "l'obiettivo {obiettivo} è assegnato al direttore dal CdA: la dilazione si decide con un atto del CdA; {e}"
        ))),
    }
}

/// Esito di [`salda_dilazioni`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsitoSaldo {
    pub atto: String,
    pub atto_id: String,
    pub concessa: bool,
    /// Le dilazioni decise: (id, obiettivo, step).
    pub decise: Vec<(String, String, u32)>,
}

/// Un atto decide tutte le dilazioni in attesa chieste al checkpoint (o solo quelle in `solo`):
/// tutte concesse o tutte respinte, con la data dell'atto. Tutte o nessuna: se una non si può
/// decidere (permesso, atto non del CdA per un obiettivo del direttore, revisione cambiata),
/// nulla cambia.
pub async fn salda_dilazioni<R: PianiRepo + MonitoraggioRepo + CheckpointRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: &str,
    atto: &str,
    concessa: bool,
    solo: Option<&[IdDilazione]>,
) -> Result<EsitoSaldo, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let codice = codice_checkpoint(&p, checkpoint)?;
    let citato = RiferimentoAtto::leggi(atto).map_err(Errore::NonValido)?;
    let k = repo
        .checkpoint_del_ciclo(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .find(|k| k.codice == codice)
        .ok_or_else(|| Errore::NonTrovato(format!("il checkpoint «{codice}» non esiste")))?;
    if k.stato == StatoCheckpoint::Chiuso {
        return Err(Errore::Conflitto(messaggio_chiuso(&k)));
    }
    let tutte = repo.dilazioni(ctx.tenant, ids.ciclo).await?;
    if let Some(solo) = solo {
        for id in solo {
            match tutte.iter().find(|d| d.id == *id) {
                None => {
                    return Err(Errore::NonTrovato(format!(
                        "la dilazione {id} non esiste nel ciclo {anno}"
                    )));
                }
                Some(d) if d.dati.checkpoint != codice => {
                    return Err(Errore::NonValido(format!(
                        "la dilazione {id} è stata chiesta al checkpoint «{}», non al «{codice}»",
                        d.dati.checkpoint
                    )));
                }
                Some(d) if d.dati.esito != EsitoDilazione::InAttesa => {
                    return Err(Errore::Conflitto(format!(
                        "la dilazione {id} è già stata decisa ({}{})",
                        etichetta_esito(d.dati.esito),
                        d.dati
                            .atto
                            .as_ref()
                            .map(|a| format!(", {a}"))
                            .unwrap_or_default()
                    )));
                }
                Some(_) => {}
            }
        }
    }
    let mut decise = Vec::new();
    let mut permesso = None;
    for mut d in tutte.into_iter().filter(|d| {
        d.dati.checkpoint == codice
            && d.dati.esito == EsitoDilazione::InAttesa
            && solo.is_none_or(|s| s.contains(&d.id))
    }) {
        let pm = permesso_obiettivo(ctx, &p, &d.dati.obiettivo, Azione::DecidiDilazione)?;
        atto_adatto(&pm, &d.dati.obiettivo, &Ok(citato.clone()))?;
        permesso.get_or_insert(pm);
        d.dati.esito = if concessa {
            EsitoDilazione::Concessa
        } else {
            EsitoDilazione::Respinta
        };
        d.dati.atto = Some(citato.to_string());
        d.dati.data_esito = Some(citato.data);
        decise.push(d);
    }
    let Some(permesso) = permesso else {
        return Err(Errore::NonTrovato(format!(
            "nessuna dilazione chiesta al checkpoint «{codice}» è in attesa di atto"
        )));
    };
    let elenco: Vec<String> = decise
        .iter()
        .map(|d| format!("{} step {}", d.dati.obiettivo, d.dati.step))
        .collect();
    let ev = ctx
        .evento(
            &permesso,
            "dilazione.salda",
            format!(
                "{} dilazion{} chiest{} al {codice} {} con {}: {}",
                decise.len(),
                if decise.len() == 1 { "e" } else { "i" },
                if decise.len() == 1 { "a" } else { "e" },
                match (concessa, decise.len() == 1) {
                    (true, true) => "concessa",
                    (true, false) => "concesse",
                    (false, true) => "respinta",
                    (false, false) => "respinte",
                },
                citato,
                elenco.join(", ")
            ),
        )
        .dopo(serde_json::to_string(&decise.iter().map(|d| &d.dati).collect::<Vec<_>>()).ok());
    let oggetto = format!("Decisione sulle dilazioni chieste al {codice}");
    let id_atto = repo
        .decidi_con_atto(ctx.tenant, ids.ciclo, &citato, &oggetto, &decise, &ev)
        .await?;
    Ok(EsitoSaldo {
        atto: citato.to_string(),
        atto_id: id_atto.to_string(),
        concessa,
        decise: decise
            .iter()
            .map(|d| (d.id.to_string(), d.dati.obiettivo.clone(), d.dati.step))
            .collect(),
    })
}
