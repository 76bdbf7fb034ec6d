//! Comandi sul piano: creare, modificare ed eliminare obiettivi; aggiungere, modificare,
//! spostare ed eliminare step e indicatori (indicati per id); impostare i pesi degli step.
//!
//! La revisione dell'obiettivo vista da chi scrive va in `If-Match: "<revisione>"` (la scheda
//! dell'obiettivo la riporta); la risposta porta la nuova nell'`ETag`. Una revisione superata è
//! un 409 con chi ha salvato per ultimo e quando. Senza `If-Match` il comando scrive sulla
//! revisione letta ora.

use super::comandi::{ChiaveIdempotenza, Corpo, ErroriScrittura, Revisione, etag, uuid};
use super::dto_comandi::{
    EsitoObiettivoDto, IndicatoreDto, ModificaObiettivoDto, NuovoObiettivoDto, PesiDto, SpostaDto,
    StepDto,
};
use super::{Anno, Parametri, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::ErroreApi;
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use traguardo_app::Errore;
use traguardo_app::autorizzazione::Azione;
use traguardo_app::comandi_piano::{self as comandi, EsitoObiettivo, Modifica};
use traguardo_app::identita::IdentitaObiettivo;
use traguardo_domain::piano::Obiettivo;
use utoipa::IntoParams;

/// Anno e codice dell'obiettivo nel percorso.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnoObiettivo {
    pub anno: i32,
    pub codice: String,
}

/// Anno, obiettivo e id di uno step o di un indicatore nel percorso.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnoElemento {
    pub anno: i32,
    pub codice: String,
    pub id: String,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParametriConferma {
    /// Conferma di voler perdere il monitoraggio dell'elemento eliminato (predefinito: no;
    /// senza conferma la risposta è 422 con il codice `conferma_necessaria`).
    pub conferma: Option<bool>,
}

fn risposta(stato: StatusCode, e: &EsitoObiettivo) -> Response {
    (stato, etag(e.revisione), Json(EsitoObiettivoDto::from(e))).into_response()
}

/// La posizione (da 1) dello step con questo id nell'obiettivo.
fn posizione_step(o: &Obiettivo, ids: &IdentitaObiettivo, id: uuid::Uuid) -> Result<usize, Errore> {
    ids.steps
        .iter()
        .position(|s| s.0 == id)
        .map(|j| j + 1)
        .ok_or_else(|| {
            Errore::NonTrovato(format!("l'obiettivo «{}» non ha lo step {id}", o.codice))
        })
}

fn posizione_indicatore(
    o: &Obiettivo,
    ids: &IdentitaObiettivo,
    id: uuid::Uuid,
) -> Result<usize, Errore> {
    ids.indicatori
        .iter()
        .position(|s| s.0 == id)
        .map(|j| j + 1)
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "l'obiettivo «{}» non ha l'indicatore {id}",
                o.codice
            ))
        })
}

/// Crea un obiettivo (senza step né indicatori). Con `Idempotency-Key`, ripetere la richiesta
/// non crea un secondo obiettivo e risponde con il primo.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("Idempotency-Key" = Option<String>, Header, description = "Chiave di idempotenza: la stessa chiave due volte crea un solo obiettivo"),
    ),
    request_body = NuovoObiettivoDto,
    security(("bearerAuth" = [])),
    responses(
        (status = 201, description = "Obiettivo creato; `ETag` con la revisione", body = EsitoObiettivoDto),
        ErroriScrittura
    )
)]
pub async fn crea_obiettivo(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    chiave: ChiaveIdempotenza,
    Corpo(corpo): Corpo<NuovoObiettivoDto>,
) -> Result<Response, ErroreApi> {
    let (o, posizione) = corpo.in_obiettivo(anno)?;
    let e = comandi::crea_obiettivo_idempotente(
        &s.store,
        ctx.ctx(),
        anno,
        o,
        posizione,
        chiave.as_deref(),
    )
    .await?;
    Ok(risposta(StatusCode::CREATED, &e))
}

/// Modifica titolo e incidenza di un obiettivo.
#[utoipa::path(
    patch,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
    ),
    request_body = ModificaObiettivoDto,
    security(("bearerAuth" = [])),
    responses(
        (status = 200, description = "Obiettivo salvato; `ETag` con la nuova revisione", body = EsitoObiettivoDto),
        ErroriScrittura
    )
)]
pub async fn modifica_obiettivo(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoObiettivo { anno, codice }): Percorso<AnnoObiettivo>,
    revisione: Revisione,
    Corpo(corpo): Corpo<ModificaObiettivoDto>,
) -> Result<Response, ErroreApi> {
    let mut modifiche = Vec::new();
    if let Some(t) = corpo.titolo {
        modifiche.push(Modifica::Titolo(t));
    }
    if let Some(p) = corpo.peso {
        modifiche.push(Modifica::Peso(
            p.as_deref()
                .map(|t| super::comandi::percentuale("peso", t))
                .transpose()?,
        ));
    }
    if modifiche.is_empty() {
        return Err(Errore::NonValido("nessun campo da modificare: titolo o peso".into()).into());
    }
    let mut attesa = revisione.attesa();
    let mut esito = None;
    for m in modifiche {
        let e = comandi::modifica_obiettivo(&s.store, ctx.ctx(), anno, &codice, attesa, m, false)
            .await?;
        attesa = Some(e.revisione);
        esito = Some(e);
    }
    let e = esito.ok_or_else(|| Errore::interno("nessuna modifica"))?;
    Ok(risposta(StatusCode::OK, &e))
}

/// Elimina un obiettivo; se ha monitoraggio serve `?conferma=true`.
#[utoipa::path(
    delete,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
        ParametriConferma,
    ),
    security(("bearerAuth" = [])),
    responses((status = 204, description = "Obiettivo eliminato"), ErroriScrittura)
)]
pub async fn elimina_obiettivo(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoObiettivo { anno, codice }): Percorso<AnnoObiettivo>,
    revisione: Revisione,
    Parametri(q): Parametri<ParametriConferma>,
) -> Result<StatusCode, ErroreApi> {
    comandi::elimina_obiettivo(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        q.conferma.unwrap_or(false),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Aggiunge uno step all'obiettivo. Con `Idempotency-Key`, ripetere la richiesta non aggiunge
/// un secondo step.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/step",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
        ("Idempotency-Key" = Option<String>, Header, description = "Chiave di idempotenza: la stessa chiave due volte aggiunge un solo step"),
    ),
    request_body = StepDto,
    security(("bearerAuth" = [])),
    responses(
        (status = 201, description = "Step aggiunto (`elemento` è il suo id); `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto),
        ErroriScrittura
    )
)]
pub async fn aggiungi_step(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoObiettivo { anno, codice }): Percorso<AnnoObiettivo>,
    revisione: Revisione,
    chiave: ChiaveIdempotenza,
    Corpo(corpo): Corpo<StepDto>,
) -> Result<Response, ErroreApi> {
    let step = corpo.nuovo()?;
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        chiave.as_deref(),
        Azione::ModificaStep,
        |_, _| {
            Ok(Modifica::AggiungiStep {
                posizione: corpo.posizione,
                step,
            })
        },
        false,
    )
    .await?;
    Ok(risposta(StatusCode::CREATED, &e))
}

/// Modifica i campi indicati di uno step (gli altri restano).
#[utoipa::path(
    patch,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/step/{id}",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("id" = String, Path, description = "Id (UUID) dello step"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
    ),
    request_body = StepDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Step salvato; `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto), ErroriScrittura)
)]
pub async fn modifica_step(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoElemento { anno, codice, id }): Percorso<AnnoElemento>,
    revisione: Revisione,
    Corpo(corpo): Corpo<StepDto>,
) -> Result<Response, ErroreApi> {
    let id = uuid("id", &id)?;
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        None,
        Azione::ModificaStep,
        |o, ids| {
            let posizione = posizione_step(o, ids, id)?;
            Ok(Modifica::ModificaStep {
                posizione,
                step: corpo.applica(&o.steps[posizione - 1])?,
            })
        },
        false,
    )
    .await?;
    Ok(risposta(StatusCode::OK, &e))
}

/// Elimina uno step; se ha monitoraggio serve `?conferma=true`.
#[utoipa::path(
    delete,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/step/{id}",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("id" = String, Path, description = "Id (UUID) dello step"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
        ParametriConferma,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Step eliminato; `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto), ErroriScrittura)
)]
pub async fn elimina_step(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoElemento { anno, codice, id }): Percorso<AnnoElemento>,
    revisione: Revisione,
    Parametri(q): Parametri<ParametriConferma>,
) -> Result<Response, ErroreApi> {
    let id = uuid("id", &id)?;
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        None,
        Azione::ModificaStep,
        |o, ids| {
            Ok(Modifica::EliminaStep {
                posizione: posizione_step(o, ids, id)?,
            })
        },
        q.conferma.unwrap_or(false),
    )
    .await?;
    Ok(risposta(StatusCode::OK, &e))
}

/// Sposta uno step in un'altra posizione dell'obiettivo (il suo monitoraggio resta con lui).
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/step/{id}/sposta",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("id" = String, Path, description = "Id (UUID) dello step"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
    ),
    request_body = SpostaDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Step spostato; `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto), ErroriScrittura)
)]
pub async fn sposta_step(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoElemento { anno, codice, id }): Percorso<AnnoElemento>,
    revisione: Revisione,
    Corpo(corpo): Corpo<SpostaDto>,
) -> Result<Response, ErroreApi> {
    let id = uuid("id", &id)?;
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        None,
        Azione::ModificaStep,
        |o, ids| {
            Ok(Modifica::SpostaStep {
                da: posizione_step(o, ids, id)?,
                a: corpo.posizione,
            })
        },
        false,
    )
    .await?;
    Ok(risposta(StatusCode::OK, &e))
}

/// Imposta i pesi di tutti gli step dell'obiettivo, indicati per id.
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/pesi",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
    ),
    request_body = PesiDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Pesi salvati; `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto), ErroriScrittura)
)]
pub async fn imposta_pesi(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoObiettivo { anno, codice }): Percorso<AnnoObiettivo>,
    revisione: Revisione,
    Corpo(corpo): Corpo<PesiDto>,
) -> Result<Response, ErroreApi> {
    let mut dati = Vec::new();
    for (i, p) in corpo.pesi.iter().enumerate() {
        let id = uuid::Uuid::parse_str(&p.step_id).map_err(|_| {
            Errore::NonValido(format!(
                "pesi[{}].step_id: «{}» non è un UUID",
                i + 1,
                p.step_id
            ))
        })?;
        let peso = p
            .peso
            .as_deref()
            .map(|t| super::comandi::percentuale(&format!("pesi[{}].peso", i + 1), t))
            .transpose()?;
        dati.push((id, peso));
    }
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        None,
        Azione::ImpostaPesi,
        |o, ids| {
            let mut pesi = vec![None; ids.steps.len()];
            let mut visti = vec![false; ids.steps.len()];
            for (id, peso) in &dati {
                let j = posizione_step(o, ids, *id)? - 1;
                if visti[j] {
                    return Err(Errore::NonValido(format!("lo step {id} compare due volte")));
                }
                visti[j] = true;
                pesi[j] = *peso;
            }
            if visti.iter().any(|v| !v) {
                return Err(Errore::NonValido(format!(
                    "l'obiettivo «{}» ha {} step: servono i pesi di tutti, ne sono stati dati {}",
                    o.codice,
                    ids.steps.len(),
                    dati.len()
                )));
            }
            Ok(Modifica::PesiStep(pesi))
        },
        false,
    )
    .await?;
    Ok(risposta(StatusCode::OK, &e))
}

/// Aggiunge un indicatore all'obiettivo. Con `Idempotency-Key`, ripetere la richiesta non
/// aggiunge un secondo indicatore.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/indicatori",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
        ("Idempotency-Key" = Option<String>, Header, description = "Chiave di idempotenza: la stessa chiave due volte aggiunge un solo indicatore"),
    ),
    request_body = IndicatoreDto,
    security(("bearerAuth" = [])),
    responses(
        (status = 201, description = "Indicatore aggiunto (`elemento` è il suo id); `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto),
        ErroriScrittura
    )
)]
pub async fn aggiungi_indicatore(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoObiettivo { anno, codice }): Percorso<AnnoObiettivo>,
    revisione: Revisione,
    chiave: ChiaveIdempotenza,
    Corpo(corpo): Corpo<IndicatoreDto>,
) -> Result<Response, ErroreApi> {
    let indicatore = corpo.nuovo()?;
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        chiave.as_deref(),
        Azione::ModificaIndicatore,
        |_, _| {
            Ok(Modifica::AggiungiIndicatore {
                posizione: corpo.posizione,
                indicatore,
            })
        },
        false,
    )
    .await?;
    Ok(risposta(StatusCode::CREATED, &e))
}

/// Modifica i campi indicati di un indicatore (gli altri restano).
#[utoipa::path(
    patch,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/indicatori/{id}",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("id" = String, Path, description = "Id (UUID) dell'indicatore"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
    ),
    request_body = IndicatoreDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Indicatore salvato; `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto), ErroriScrittura)
)]
pub async fn modifica_indicatore(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoElemento { anno, codice, id }): Percorso<AnnoElemento>,
    revisione: Revisione,
    Corpo(corpo): Corpo<IndicatoreDto>,
) -> Result<Response, ErroreApi> {
    let id = uuid("id", &id)?;
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        None,
        Azione::ModificaIndicatore,
        |o, ids| {
            let posizione = posizione_indicatore(o, ids, id)?;
            Ok(Modifica::ModificaIndicatore {
                posizione,
                indicatore: corpo.applica(&o.indicatori[posizione - 1])?,
            })
        },
        false,
    )
    .await?;
    Ok(risposta(StatusCode::OK, &e))
}

/// Elimina un indicatore; se ha valori rilevati serve `?conferma=true`.
#[utoipa::path(
    delete,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/indicatori/{id}",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("id" = String, Path, description = "Id (UUID) dell'indicatore"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
        ParametriConferma,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Indicatore eliminato; `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto), ErroriScrittura)
)]
pub async fn elimina_indicatore(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoElemento { anno, codice, id }): Percorso<AnnoElemento>,
    revisione: Revisione,
    Parametri(q): Parametri<ParametriConferma>,
) -> Result<Response, ErroreApi> {
    let id = uuid("id", &id)?;
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        None,
        Azione::ModificaIndicatore,
        |o, ids| {
            Ok(Modifica::EliminaIndicatore {
                posizione: posizione_indicatore(o, ids, id)?,
            })
        },
        q.conferma.unwrap_or(false),
    )
    .await?;
    Ok(risposta(StatusCode::OK, &e))
}

/// Sposta un indicatore in un'altra posizione dell'obiettivo (i suoi valori restano con lui).
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/indicatori/{id}/sposta",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
        ("id" = String, Path, description = "Id (UUID) dell'indicatore"),
        ("If-Match" = Option<String>, Header, description = "Revisione dell'obiettivo vista, tra virgolette (es. \"3\")"),
    ),
    request_body = SpostaDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Indicatore spostato; `ETag` con la nuova revisione dell'obiettivo", body = EsitoObiettivoDto), ErroriScrittura)
)]
pub async fn sposta_indicatore(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoElemento { anno, codice, id }): Percorso<AnnoElemento>,
    revisione: Revisione,
    Corpo(corpo): Corpo<SpostaDto>,
) -> Result<Response, ErroreApi> {
    let id = uuid("id", &id)?;
    let e = comandi::modifica_obiettivo_con(
        &s.store,
        ctx.ctx(),
        anno,
        &codice,
        revisione.attesa(),
        None,
        Azione::ModificaIndicatore,
        |o, ids| {
            Ok(Modifica::SpostaIndicatore {
                da: posizione_indicatore(o, ids, id)?,
                a: corpo.posizione,
            })
        },
        false,
    )
    .await?;
    Ok(risposta(StatusCode::OK, &e))
}
