//! Valutazione organizzativa, scostamenti, tempestività, rapporto di monitoraggio e regole.

use super::dto::{
    AggregatoDto, CheckpointDto, DiscordanzaDto, IndicatoreFinanziarioDto, IndicatoreValutatoDto,
    ObiettivoValutatoDto, RapportoMonitoraggioDto, RegoleDto, RigaMonitoraggioDto, ScostamentiDto,
    TempestivitaDto, TempiDto, ValutazioneDto,
};
use super::{Anno, Parametri, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use traguardo_app::{Errore, casi_uso, valutazione as v};
use traguardo_domain::valutazione::tempestivita as tempestivita_attivita;
use traguardo_domain::valutazione::{
    discordanze, indicatori_finanziari, rapporto_monitoraggio, scegli_checkpoint,
};
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParametriCheckpoint {
    /// Checkpoint: codice o data gg/mm/aaaa (predefinito: la verifica finale, o l'ultima).
    pub checkpoint: Option<String>,
}

/// Valutazione del ciclo: obiettivi (con step, indicatori e spiegazioni), CdR, ente, direttore.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/valutazione",
    tag = "valutazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ParametriCheckpoint,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Valutazione al checkpoint", body = ValutazioneDto), ErroriComuni)
)]
pub async fn valutazione(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(q): Parametri<ParametriCheckpoint>,
) -> Result<Json<ValutazioneDto>, ErroreApi> {
    let calcolata = s
        .valutazioni
        .valuta(&s.store, ctx.ctx(), anno, q.checkpoint.as_deref())
        .await?;
    let (_, val, r) = &*calcolata;
    Ok(Json(ValutazioneDto {
        regole_versione: r.versione,
        checkpoint: val.checkpoint.as_ref().map(CheckpointDto::from),
        obiettivi: val
            .obiettivi
            .iter()
            .map(ObiettivoValutatoDto::from)
            .collect(),
        aggregati: val.aggregati.iter().map(AggregatoDto::from).collect(),
    }))
}

/// Scostamenti degli indicatori (b − a) e discordanze con quelli stampati.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/scostamenti",
    tag = "valutazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ParametriCheckpoint,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Scostamenti al checkpoint", body = ScostamentiDto), ErroriComuni)
)]
pub async fn scostamenti(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(q): Parametri<ParametriCheckpoint>,
) -> Result<Json<ScostamentiDto>, ErroreApi> {
    let calcolata = s
        .valutazioni
        .valuta(&s.store, ctx.ctx(), anno, q.checkpoint.as_deref())
        .await?;
    let (p, val, _) = &*calcolata;
    let esiti: Vec<_> = val
        .obiettivi
        .iter()
        .flat_map(|o| o.indicatori.iter().cloned())
        .filter(|e| e.valore.is_some())
        .collect();
    Ok(Json(ScostamentiDto {
        convenzione:
            "scostamento = valore rilevato − valore atteso (b − a); in % del valore atteso".into(),
        checkpoint: val.checkpoint.as_ref().map(CheckpointDto::from),
        discordanze_con_lo_stampato: discordanze(&esiti)
            .iter()
            .map(DiscordanzaDto::from)
            .collect(),
        indicatori: esiti.iter().map(IndicatoreValutatoDto::from).collect(),
        indicatori_finanziari: indicatori_finanziari(p)
            .iter()
            .map(IndicatoreFinanziarioDto::from)
            .collect(),
    }))
}

/// Tempestività delle attività: mese previsto contro consuntivo.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/tempestivita",
    tag = "valutazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ParametriCheckpoint,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Tempestività al checkpoint", body = TempiDto), ErroriComuni)
)]
pub async fn tempestivita(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(q): Parametri<ParametriCheckpoint>,
) -> Result<Json<TempiDto>, ErroreApi> {
    let calcolata = s
        .valutazioni
        .valuta(&s.store, ctx.ctx(), anno, q.checkpoint.as_deref())
        .await?;
    let (p, val, _) = &*calcolata;
    Ok(Json(TempiDto {
        checkpoint: val.checkpoint.as_ref().map(CheckpointDto::from),
        attivita: tempestivita_attivita(p, val.checkpoint.as_ref())
            .iter()
            .map(TempestivitaDto::from)
            .collect(),
    }))
}

/// Rapporto di monitoraggio: lo stato di ogni step al checkpoint, con la scadenza in vigore.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/monitoraggio",
    tag = "valutazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ParametriCheckpoint,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Rapporto di monitoraggio", body = RapportoMonitoraggioDto), ErroriComuni)
)]
pub async fn monitoraggio(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(q): Parametri<ParametriCheckpoint>,
) -> Result<Json<RapportoMonitoraggioDto>, ErroreApi> {
    let p = casi_uso::piano(&s.store, ctx.ctx(), anno).await?;
    let cp = scegli_checkpoint(&p, q.checkpoint.as_deref())
        .map_err(Errore::NonValido)?
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "il ciclo {anno} di «{}» non ha checkpoint di monitoraggio",
                ctx.ente()
            ))
        })?;
    Ok(Json(RapportoMonitoraggioDto {
        checkpoint: cp.into(),
        step: rapporto_monitoraggio(&p, cp)
            .iter()
            .map(RigaMonitoraggioDto::from)
            .collect(),
    }))
}

/// Le regole SMVP in vigore per il ciclo.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/regole",
    tag = "valutazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Regole in vigore", body = RegoleDto), ErroriComuni)
)]
pub async fn regole(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Json<RegoleDto>, ErroreApi> {
    // Il ciclo deve esistere: le regole di un ciclo inesistente sono un 404.
    casi_uso::piano(&s.store, ctx.ctx(), anno).await?;
    let r = v::regole(&s.store, ctx.ctx(), anno).await?;
    Ok(Json((&r).into()))
}
