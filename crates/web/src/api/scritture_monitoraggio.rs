//! Comandi del monitoraggio: stato di uno step e valore di un indicatore a un checkpoint, causa
//! di uno scostamento, richiesta e decisione di una dilazione. Step, indicatori, obiettivi e
//! dilazioni si indicano per id (UUID), il checkpoint per codice o data (`aaaa-mm-gg`).
//!
//! Un fatto (stato, valore) ha la sua revisione: `If-Match: "<revisione>"` per sostituire quella
//! vista, `If-None-Match: *` per dire che non c'è ancora; un fatto intanto cambiato è un 409 con
//! chi l'ha scritto e quando. La risposta porta la nuova revisione nell'`ETag`.

use super::Percorso;
use super::comandi::{ChiaveIdempotenza, Corpo, ErroriScrittura, Revisione, etag, uuid};
use super::dto_comandi::{
    CausaDto, DecisioneDto, DilazioneCreataDto, EsitoFattoDto, RichiestaDilazioneDto, StatoDto,
    ValoreDto,
};
use crate::autenticazione::NellEnte;
use crate::errore::ErroreApi;
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use traguardo_app::Errore;
use traguardo_app::comandi_monitoraggio::{self as comandi, Decisione};
use traguardo_domain::id::{IdDilazione, IdIndicatore, IdStep};
use traguardo_domain::piano::{DilazioneFile, EsitoDilazione};

/// Anno, checkpoint e id dell'elemento nel percorso.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnoCheckpointElemento {
    pub anno: i32,
    pub checkpoint: String,
    pub id: String,
}

/// Anno e id nel percorso.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnoId {
    pub anno: i32,
    pub id: String,
}

fn fatto(revisione: i64) -> Response {
    (etag(revisione), Json(EsitoFattoDto { revisione })).into_response()
}

/// Registra (o sostituisce) lo stato di uno step a un checkpoint.
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/stati/{id}",
    tag = "comandi del monitoraggio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("checkpoint" = String, Path, description = "Codice o data (aaaa-mm-gg) del checkpoint", example = "2023-12-31"),
        ("id" = String, Path, description = "Id (UUID) dello step"),
        ("If-Match" = Option<String>, Header, description = "Revisione del fatto vista, tra virgolette (es. \"2\")"),
        ("If-None-Match" = Option<String>, Header, description = "`*`: il fatto non deve esserci ancora"),
    ),
    request_body = StatoDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Stato registrato; `ETag` con la sua revisione", body = EsitoFattoDto), ErroriScrittura)
)]
pub async fn registra_stato(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoCheckpointElemento {
        anno,
        checkpoint,
        id,
    }): Percorso<AnnoCheckpointElemento>,
    revisione: Revisione,
    Corpo(corpo): Corpo<StatoDto>,
) -> Result<Response, ErroreApi> {
    let step = IdStep(uuid("id", &id)?);
    let r = comandi::registra_stato_dello_step(
        &s.store,
        ctx.ctx(),
        anno,
        &checkpoint,
        step,
        corpo.in_fatto()?,
        revisione.del_fatto(),
    )
    .await?;
    Ok(fatto(r))
}

/// Registra (o sostituisce) il valore rilevato di un indicatore a un checkpoint.
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/valori/{id}",
    tag = "comandi del monitoraggio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("checkpoint" = String, Path, description = "Codice o data (aaaa-mm-gg) del checkpoint", example = "2023-12-31"),
        ("id" = String, Path, description = "Id (UUID) dell'indicatore"),
        ("If-Match" = Option<String>, Header, description = "Revisione del fatto vista, tra virgolette (es. \"2\")"),
        ("If-None-Match" = Option<String>, Header, description = "`*`: il fatto non deve esserci ancora"),
    ),
    request_body = ValoreDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Valore registrato; `ETag` con la sua revisione", body = EsitoFattoDto), ErroriScrittura)
)]
pub async fn registra_valore(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoCheckpointElemento {
        anno,
        checkpoint,
        id,
    }): Percorso<AnnoCheckpointElemento>,
    revisione: Revisione,
    Corpo(corpo): Corpo<ValoreDto>,
) -> Result<Response, ErroreApi> {
    let indicatore = IdIndicatore(uuid("id", &id)?);
    let r = comandi::registra_valore_dell_indicatore(
        &s.store,
        ctx.ctx(),
        anno,
        &checkpoint,
        indicatore,
        corpo.in_fatto()?,
        revisione.del_fatto(),
    )
    .await?;
    Ok(fatto(r))
}

/// Registra (o sostituisce) la causa dello scostamento di un obiettivo o di uno step, indicato
/// dal suo id, alla verifica finale.
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/cicli/{anno}/cause/{id}",
    tag = "comandi del monitoraggio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("id" = String, Path, description = "Id (UUID) dell'obiettivo o dello step"),
    ),
    request_body = CausaDto,
    security(("bearerAuth" = [])),
    responses((status = 204, description = "Causa registrata"), ErroriScrittura)
)]
pub async fn registra_causa(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoId { anno, id }): Percorso<AnnoId>,
    Corpo(corpo): Corpo<CausaDto>,
) -> Result<StatusCode, ErroreApi> {
    let id = uuid("id", &id)?;
    comandi::registra_causa_per_id(&s.store, ctx.ctx(), anno, id, corpo.in_fatto()?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Chiede una dilazione per uno step: resta in attesa finché non è decisa. Con
/// `Idempotency-Key`, ripetere la richiesta non ne crea una seconda e risponde con la prima.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/dilazioni",
    tag = "comandi del monitoraggio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("Idempotency-Key" = Option<String>, Header, description = "Chiave di idempotenza: la stessa chiave due volte crea una sola richiesta"),
    ),
    request_body = RichiestaDilazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 201, description = "Dilazione chiesta, in attesa di decisione", body = DilazioneCreataDto), ErroriScrittura)
)]
pub async fn richiedi_dilazione(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(super::Anno { anno }): Percorso<super::Anno>,
    chiave: ChiaveIdempotenza,
    Corpo(corpo): Corpo<RichiestaDilazioneDto>,
) -> Result<Response, ErroreApi> {
    let step =
        IdStep(uuid::Uuid::parse_str(&corpo.step_id).map_err(|_| {
            Errore::NonValido(format!("step_id: «{}» non è un UUID", corpo.step_id))
        })?);
    let richiesta = DilazioneFile {
        obiettivo: String::new(),
        step: 0,
        checkpoint: String::new(),
        motivo: corpo.motivo,
        scadenza_proposta: corpo.scadenza_proposta,
        esito: EsitoDilazione::InAttesa,
        atto: None,
        data_esito: None,
    };
    let id = comandi::richiedi_dilazione_dello_step(
        &s.store,
        ctx.ctx(),
        anno,
        step,
        &corpo.checkpoint,
        richiesta,
        chiave.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(DilazioneCreataDto { id: id.to_string() }),
    )
        .into_response())
}

/// Decide una dilazione in attesa: concessa (la nuova scadenza entra nella storia dello step) o
/// respinta. Le dilazioni degli obiettivi del direttore le decide il CdA con un atto (che qui
/// registrano l'amministratore o l'ufficio personale), mai il direttore.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/dilazioni/{id}/decisione",
    tag = "comandi del monitoraggio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("id" = String, Path, description = "Id (UUID) della dilazione"),
    ),
    request_body = DecisioneDto,
    security(("bearerAuth" = [])),
    responses((status = 204, description = "Dilazione decisa"), ErroriScrittura)
)]
pub async fn decidi_dilazione(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoId { anno, id }): Percorso<AnnoId>,
    Corpo(corpo): Corpo<DecisioneDto>,
) -> Result<StatusCode, ErroreApi> {
    let id = IdDilazione(uuid("id", &id)?);
    let data = chrono::NaiveDate::parse_from_str(&corpo.data, "%Y-%m-%d").map_err(|_| {
        Errore::NonValido(format!(
            "data: «{}» non è una data aaaa-mm-gg valida",
            corpo.data
        ))
    })?;
    comandi::decidi_dilazione_per_id(
        &s.store,
        ctx.ctx(),
        anno,
        id,
        Decisione {
            concessa: corpo.concessa,
            atto: corpo.atto,
            data,
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
