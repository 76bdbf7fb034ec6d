//! Enti e cicli.

use super::dto::{CicloDto, EnteDto};
use super::{Pagina, Paginazione, Parametri};
use crate::autenticazione::{Autenticato, NellEnte};
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use traguardo_app::casi_uso;

/// Gli enti in cui l'utente ha almeno un ruolo.
#[utoipa::path(
    get,
    path = "/api/v1/enti",
    tag = "enti",
    params(Paginazione),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Enti visibili all'utente", body = Pagina<EnteDto>), ErroriComuni)
)]
pub async fn enti(
    State(s): State<AppState>,
    Autenticato(utente): Autenticato,
    Parametri(pag): Parametri<Paginazione>,
) -> Result<Json<Pagina<EnteDto>>, ErroreApi> {
    let mut visibili = Vec::new();
    for e in casi_uso::elenco_enti(&s.store).await? {
        if s.autenticatore
            .contesto(&s.store, &utente, &e.codice)
            .await?
            .is_some()
        {
            visibili.push(e);
        }
    }
    Ok(Json(pag.applica(&visibili, EnteDto::from)?))
}

/// I cicli caricati per l'ente.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli",
    tag = "enti",
    params(("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"), Paginazione),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Cicli dell'ente", body = Pagina<CicloDto>), ErroriComuni)
)]
pub async fn cicli(
    State(s): State<AppState>,
    ctx: NellEnte,
    Parametri(pag): Parametri<Paginazione>,
) -> Result<Json<Pagina<CicloDto>>, ErroreApi> {
    let cicli = casi_uso::cicli(&s.store, ctx.ctx()).await?;
    Ok(Json(pag.applica(&cicli, CicloDto::from)?))
}
