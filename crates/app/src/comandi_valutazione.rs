//! Comandi sulle persone di un ciclo, uno per azione dell'utente: valutare un comportamento,
//! prendere visione della propria scheda, assegnare una persona a un obiettivo (o a uno step) e
//! togliere l'assegnazione.
//!
//! Ogni comando chiede prima il permesso al contesto (la tabella delle autorizzazioni: nessuno
//! valuta sé stesso, il dipendente prende visione solo della propria scheda), valida con le
//! regole del dominio e scrive un solo fatto, legato agli id della persona, dell'obiettivo e
//! dello step, in una transazione con il suo audit. La revisione attesa protegge da chi ha
//! scritto lo stesso fatto nel frattempo.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione, Permesso, ambito_obiettivo, ambito_persona};
use crate::comandi_monitoraggio::carica;
use crate::contesto::Contesto;
use crate::identita::{IdentitaPiano, nuovo_uuid};
use crate::porte::{EntiRepo, EventoAudit, PianiRepo, ValutazioneRepo};
use crate::porte_fatti::{AssegnazioneIdentificata, FattiRepo};
use crate::valutazione::{regole, valutazione_individuale};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use traguardo_domain::id::{IdObiettivo, IdPersona, IdStep};
use traguardo_domain::individuale::{VotoComportamento, valida_voto};
use traguardo_domain::numeri::Percentuale;
use traguardo_domain::piano::{Assegnazione, Piano};
use traguardo_domain::rilievi::{Gravita, Rilievo, ha_errori};
use traguardo_domain::validazione::valida;
use uuid::Uuid;

/// L'evento di audit di un comando del contesto.
pub(crate) fn evento(
    ctx: &Contesto,
    permesso: &Permesso,
    azione: &str,
    entita: Uuid,
    oggetto: String,
    prima: Option<String>,
    dopo: Option<String>,
) -> EventoAudit {
    ctx.evento(permesso, azione, oggetto)
        .entita(entita)
        .prima(prima)
        .dopo(dopo)
}

pub(crate) fn json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

/// L'ambito di una persona del piano; `NonTrovato` se il piano non l'ha.
fn persona_del_piano(p: &Piano, persona: &str) -> Result<Ambito, Errore> {
    ambito_persona(p, persona).ok_or_else(|| {
        Errore::NonTrovato(format!(
            "la persona «{persona}» non è nel piano {}",
            p.ciclo.anno_inizio
        ))
    })
}

async fn id_persona<R: FattiRepo>(
    repo: &R,
    ctx: &Contesto,
    ids: &IdentitaPiano,
    persona: &str,
) -> Result<IdPersona, Errore> {
    repo.anagrafica(ctx.tenant, ids.ciclo)
        .await?
        .persona(persona)
        .ok_or_else(|| Errore::NonTrovato(format!("la persona «{persona}» non è nel piano")))
}

/// Esito di un comando che scrive un fatto: la sua nuova revisione.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsitoFatto {
    pub id: Uuid,
    pub revisione: i64,
}

/// Esprime (o cambia) il voto di un comportamento di una persona. `revisione_attesa`: `None`
/// per scrivere subito sulla revisione attuale (la CLI); `Some(None)` se chi scrive crede che
/// il voto non ci sia ancora; `Some(Some(n))` se ha visto la revisione `n`.
pub async fn valuta_comportamento<R: EntiRepo + PianiRepo + ValutazioneRepo + FattiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    persona: &str,
    comportamento: &str,
    voto: Decimal,
    revisione_attesa: Option<Option<i64>>,
) -> Result<EsitoFatto, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let ambito = persona_del_piano(&p, persona)?;
    let permesso = ctx.autorizza(Azione::ValutaComportamento, ambito)?;
    let r = regole(repo, ctx, anno).await?;
    let nuovo = VotoComportamento {
        persona: persona.to_string(),
        comportamento: comportamento.to_string(),
        voto,
    };
    let rilievi = valida_voto(&p, &nuovo, &r.regole);
    if ha_errori(&rilievi) {
        return Err(Errore::Rifiutato(rilievi));
    }
    let id = id_persona(repo, ctx, &ids, persona).await?;
    let revisione_attesa = match revisione_attesa {
        Some(r) => r,
        None => repo
            .ultima_modifica_voto(ctx.tenant, ids.ciclo, id, comportamento)
            .await?
            .map(|u| u.revisione),
    };
    let prima = repo
        .voti(ctx.tenant, anno)
        .await?
        .into_iter()
        .find(|v| v.persona == persona && v.comportamento == comportamento);
    let ev = evento(
        ctx,
        &permesso,
        "valutazione.voto",
        id.0,
        format!(
            "voto del comportamento {comportamento} di {persona} ({} {anno})",
            ctx.ente
        ),
        prima.as_ref().and_then(json),
        json(&nuovo),
    );
    let revisione = repo
        .registra_voto(
            ctx.tenant,
            ids.ciclo,
            id,
            comportamento,
            voto,
            revisione_attesa,
            &ev,
        )
        .await?;
    Ok(EsitoFatto {
        id: id.0,
        revisione,
    })
}

/// La presa visione registrata: il momento e il punteggio mostrato.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresaVisioneRegistrata {
    pub persona: String,
    pub momento: DateTime<Utc>,
    pub punteggio: Option<Decimal>,
    pub revisione: i64,
}

/// La persona prende visione della propria scheda: si registra il momento e il punteggio che
/// vede. Solo per sé stessi (la CLI, come sistema, la registra per chiunque).
pub async fn prendi_visione<
    R: EntiRepo
        + PianiRepo
        + ValutazioneRepo
        + FattiRepo
        + crate::porte_organizzazione::OrganizzazioneRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    persona: &str,
) -> Result<PresaVisioneRegistrata, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let ambito = persona_del_piano(&p, persona)?;
    let permesso = ctx.autorizza(Azione::PrendiVisione, ambito)?;
    let punteggio = valutazione_individuale(repo, ctx, anno, None)
        .await?
        .into_iter()
        .find(|x| x.persona == persona)
        .and_then(|x| x.punteggio);
    let id = id_persona(repo, ctx, &ids, persona).await?;
    let momento = Utc::now();
    let ev = evento(
        ctx,
        &permesso,
        "valutazione.presa_visione",
        id.0,
        format!("presa visione di {persona} ({} {anno})", ctx.ente),
        None,
        json(&serde_json::json!({ "punteggio": punteggio })),
    );
    let revisione = repo
        .registra_presa_visione(ctx.tenant, ids.ciclo, id, momento, punteggio, &ev)
        .await?;
    Ok(PresaVisioneRegistrata {
        persona: persona.to_string(),
        momento,
        punteggio,
        revisione,
    })
}

/// Gli id di persona, obiettivo e step di un'assegnazione (step per codice nell'obiettivo).
async fn chiave_assegnazione<R: FattiRepo>(
    repo: &R,
    ctx: &Contesto,
    p: &Piano,
    ids: &IdentitaPiano,
    persona: &str,
    obiettivo: &str,
    step: Option<&str>,
) -> Result<(IdPersona, IdObiettivo, Option<IdStep>), Errore> {
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == obiettivo)
        .ok_or_else(|| Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non esiste")))?;
    let step = match step {
        None => None,
        Some(s) => Some(
            p.obiettivi[i]
                .steps
                .iter()
                .position(|x| x.codice.as_deref() == Some(s))
                .map(|j| ids.obiettivi[i].steps[j])
                .ok_or_else(|| {
                    Errore::NonTrovato(format!(
                        "l'obiettivo «{obiettivo}» non ha uno step con codice «{s}»"
                    ))
                })?,
        ),
    };
    Ok((
        id_persona(repo, ctx, ids, persona).await?,
        ids.obiettivi[i].id,
        step,
    ))
}

fn descrizione_assegnazione(persona: &str, obiettivo: &str, step: Option<&str>) -> String {
    match step {
        Some(s) => format!("assegnazione di {persona} allo step {s} dell'obiettivo {obiettivo}"),
        None => format!("assegnazione di {persona} all'obiettivo {obiettivo}"),
    }
}

/// Assegna una persona a un obiettivo (o a uno step, per codice) con la sua quota; se
/// l'assegnazione c'è già ne cambia la quota. `revisione_attesa` come in
/// [`valuta_comportamento`].
#[allow(clippy::too_many_arguments)]
pub async fn assegna_persona<
    R: EntiRepo + PianiRepo + FattiRepo + crate::porte_versioni::VersioniRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    persona: &str,
    obiettivo: &str,
    step: Option<&str>,
    quota: Option<Percentuale>,
    revisione_attesa: Option<Option<i64>>,
) -> Result<EsitoFatto, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let ambito = ambito_obiettivo(&p, obiettivo)
        .ok_or_else(|| Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non esiste")))?;
    let permesso = ctx.autorizza(Azione::AssegnaPersona, ambito)?;
    // Le assegnazioni sono nel piano: su una versione approvata servono una variazione.
    crate::versioni::rifiuta_se_approvata(repo, ctx.tenant, anno).await?;
    persona_del_piano(&p, persona)?;
    let nuova = Assegnazione {
        persona: persona.to_string(),
        obiettivo: obiettivo.to_string(),
        step: step.map(str::to_string),
        quota,
    };
    let stessa = |a: &Assegnazione| {
        a.persona == persona && a.obiettivo == obiettivo && a.step.as_deref() == step
    };
    let prima = p.assegnazioni.iter().find(|a| stessa(a)).cloned();
    let mut candidato = p.clone();
    candidato.assegnazioni.retain(|a| !stessa(a));
    candidato.assegnazioni.push(nuova.clone());
    valida_candidato(&candidato)?;
    let (pid, oid, sid) =
        chiave_assegnazione(repo, ctx, &p, &ids, persona, obiettivo, step).await?;
    let esistente = repo
        .assegnazioni(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .find(|a| a.persona == pid && a.obiettivo == oid && a.step == sid);
    let revisione_attesa = match revisione_attesa {
        Some(r) => r,
        None => esistente.as_ref().map(|a| a.revisione),
    };
    let id = match (&esistente, revisione_attesa) {
        (Some(a), _) => a.id,
        (None, Some(r)) => {
            return Err(Errore::Conflitto(format!(
                "l'{} non c'è più (la revisione {r} vista è stata tolta da un altro utente): \
                 ricarica e riprova, nulla è stato salvato",
                descrizione_assegnazione(persona, obiettivo, step)
            )));
        }
        (None, None) => nuovo_uuid(),
    };
    let ev = evento(
        ctx,
        &permesso,
        if esistente.is_some() {
            "persona.assegnazione_modifica"
        } else {
            "persona.assegna"
        },
        id,
        descrizione_assegnazione(persona, obiettivo, step),
        prima.as_ref().and_then(json),
        json(&nuova),
    );
    let a = AssegnazioneIdentificata {
        id,
        persona: pid,
        obiettivo: oid,
        step: sid,
        quota,
        revisione: esistente.map(|a| a.revisione).unwrap_or(0),
    };
    let revisione = repo
        .salva_assegnazione(ctx.tenant, ids.ciclo, &a, revisione_attesa, &ev)
        .await?;
    Ok(EsitoFatto { id, revisione })
}

/// Toglie l'assegnazione di una persona a un obiettivo (o a uno step). `revisione_attesa`:
/// quella vista da chi scrive; `None` per la revisione attuale. Restituisce l'id e l'ultima
/// revisione dell'assegnazione tolta.
#[allow(clippy::too_many_arguments)]
pub async fn rimuovi_assegnazione<
    R: EntiRepo + PianiRepo + FattiRepo + crate::porte_versioni::VersioniRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    persona: &str,
    obiettivo: &str,
    step: Option<&str>,
    revisione_attesa: Option<i64>,
) -> Result<EsitoFatto, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let ambito = ambito_obiettivo(&p, obiettivo)
        .ok_or_else(|| Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non esiste")))?;
    let permesso = ctx.autorizza(Azione::AssegnaPersona, ambito)?;
    // Le assegnazioni sono nel piano: su una versione approvata servono una variazione.
    crate::versioni::rifiuta_se_approvata(repo, ctx.tenant, anno).await?;
    persona_del_piano(&p, persona)?;
    let (pid, oid, sid) =
        chiave_assegnazione(repo, ctx, &p, &ids, persona, obiettivo, step).await?;
    let descrizione = descrizione_assegnazione(persona, obiettivo, step);
    let a = repo
        .assegnazioni(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .find(|a| a.persona == pid && a.obiettivo == oid && a.step == sid)
        .ok_or_else(|| Errore::NonTrovato(format!("l'{descrizione} non esiste")))?;
    let prima = p
        .assegnazioni
        .iter()
        .find(|x| x.persona == persona && x.obiettivo == obiettivo && x.step.as_deref() == step);
    let ev = evento(
        ctx,
        &permesso,
        "persona.assegnazione_rimuovi",
        a.id,
        descrizione,
        prima.and_then(json),
        None,
    );
    let revisione = revisione_attesa.unwrap_or(a.revisione);
    repo.rimuovi_assegnazione(ctx.tenant, ids.ciclo, a.id, revisione, &ev)
        .await?;
    Ok(EsitoFatto {
        id: a.id,
        revisione,
    })
}

/// Valida il piano con la modifica applicata: gli errori (non gli avvisi) rifiutano il comando.
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
