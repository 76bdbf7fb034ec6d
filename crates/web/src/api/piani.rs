//! Il piano di un ciclo, i suoi rilievi e i pesi degli step.

use super::dto::{PesoStepDto, RilievoDto};
use super::{Anno, Pagina, Paginazione, Parametri, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use traguardo_app::casi_uso;
use utoipa::IntoParams;

/// `?versione=N`: il piano di una versione (predefinita: la più recente).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionePiano {
    /// Numero della versione del piano da esportare (1, 2, …).
    pub versione: Option<i32>,
}

/// Il piano del ciclo che inizia in `anno`, nel formato canonico del file del piano
/// (`docs/plan-file.md`): lo stesso che `traguardo export plan` scrive.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/piani/{anno}",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        VersionePiano,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Il file del piano", body = Object), ErroriComuni)
)]
pub async fn piano(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(q): Parametri<VersionePiano>,
) -> Result<Response, ErroreApi> {
    if let Some(n) = q.versione {
        let testo =
            traguardo_app::versioni::esporta_versione(&s.store, ctx.ctx(), anno, n, false).await?;
        return Ok((
            [(
                axum::http::header::CONTENT_TYPE,
                "application/json".to_string(),
            )],
            testo,
        )
            .into_response());
    }
    // Dati personali (persone, part-time, presenze, assegnazioni) solo a chi ne ha diritto:
    // agli altri il piano arriva senza, e l'intestazione `Traguardo-Dati-Personali` lo dice.
    let contesto = ctx.ctx();
    let mut p = casi_uso::piano(&s.store, ctx.ctx(), anno).await?;
    let omissioni = contesto.oscura_piano(&mut p);
    let testo = traguardo_app::file_piano::scrivi_piano(&p);
    let nota = if omissioni.dati_personali_omessi {
        format!(
            "omessi: {} persone e {} assegnazioni non visibili al tuo ruolo",
            omissioni.persone_omesse, omissioni.assegnazioni_omesse
        )
    } else {
        "completi".to_string()
    };
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/json".to_string(),
            ),
            (
                axum::http::HeaderName::from_static("traguardo-dati-personali"),
                nota,
            ),
        ],
        testo,
    )
        .into_response())
}

/// I rilievi del piano memorizzato: errori strutturali e avvisi (come `traguardo check`).
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/rilievi",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        Paginazione,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Rilievi del piano", body = Pagina<RilievoDto>), ErroriComuni)
)]
pub async fn rilievi(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(pag): Parametri<Paginazione>,
) -> Result<Json<Pagina<RilievoDto>>, ErroreApi> {
    let r = casi_uso::verifica(&s.store, ctx.ctx(), anno).await?;
    Ok(Json(pag.applica(&r, RilievoDto::from)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParametriPesi {
    /// Anno del ciclo di cui calcolare i pesi (es. 2022 nel ciclo 2021–2023).
    #[param(example = 2026)]
    pub anno_pesi: i32,
}

/// Pesi degli step in un anno del ciclo: sull'obiettivo, nell'anno, nel piano.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/pesi",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ParametriPesi,
        Paginazione,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Pesi degli step", body = Pagina<PesoStepDto>), ErroriComuni)
)]
pub async fn pesi(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(p): Parametri<ParametriPesi>,
    Parametri(pag): Parametri<Paginazione>,
) -> Result<Json<Pagina<PesoStepDto>>, ErroreApi> {
    let r = casi_uso::pesi(&s.store, ctx.ctx(), anno, p.anno_pesi).await?;
    Ok(Json(pag.applica(&r, PesoStepDto::from)?))
}

/// Anno e codice di un obiettivo nel percorso.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnoObiettivo {
    pub anno: i32,
    pub codice: String,
}

/// La scheda di un obiettivo: testi, step con termine, indicatore e pesi per anno, indicatori
/// (la vista `viste::piano::SchedaObiettivo`, la stessa della CLI e dei documenti), con gli id
/// di obiettivo, step e indicatori e la `revisione` da citare in `If-Match` nei comandi.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
        ("codice" = String, Path, description = "Codice dell'obiettivo", example = "DIR-2.1"),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "La scheda dell'obiettivo", body = Object), ErroriComuni)
)]
pub async fn scheda(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoObiettivo { anno, codice }): Percorso<AnnoObiettivo>,
) -> Result<Json<traguardo_app::viste::piano::SchedaObiettivo>, ErroreApi> {
    // Con gli id di obiettivo, step e indicatori e la revisione da citare nei comandi.
    Ok(Json(
        traguardo_app::viste::piano::scheda_identificata(
            &s.store,
            &s.valutazioni,
            ctx.ctx(),
            anno,
            &codice,
        )
        .await?,
    ))
}
