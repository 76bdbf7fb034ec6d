//! Le rotte leggibili senza accesso: indice, salute, documento OpenAPI.

use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::OnceLock;
use utoipa::ToSchema;

/// Dove si trova ciascuna risorsa.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndiceApiDto {
    pub salute: &'static str,
    pub openapi: &'static str,
    pub enti: &'static str,
    pub cicli: &'static str,
    pub piano: &'static str,
    pub rilievi: &'static str,
    pub pesi: &'static str,
    pub valutazione: &'static str,
    pub scostamenti: &'static str,
    pub tempestivita: &'static str,
    pub monitoraggio: &'static str,
    pub regole: &'static str,
    pub totali_bilancio: &'static str,
    pub versioni_bilancio: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndiceDto {
    pub nome: &'static str,
    pub versione: &'static str,
    pub descrizione: &'static str,
    /// Come accedere: il token va nell'intestazione `Authorization: Bearer <token>`.
    pub accesso: &'static str,
    pub api: IndiceApiDto,
}

/// Indice dell'API: cosa c'è e dove.
#[utoipa::path(
    get,
    path = "/",
    tag = "generale",
    responses((status = 200, description = "Indice dell'API", body = IndiceDto))
)]
pub async fn indice() -> Json<IndiceDto> {
    Json(IndiceDto {
        nome: "Traguardo",
        versione: env!("CARGO_PKG_VERSION"),
        descrizione: "Ciclo della performance degli enti pubblici: piani, PEG, monitoraggio, valutazione",
        accesso: "Authorization: Bearer <token> (traguardo token create LOGIN); senza accesso solo /, /health e /api/v1/openapi.json",
        api: IndiceApiDto {
            salute: "/health",
            openapi: "/api/v1/openapi.json",
            enti: "/api/v1/enti",
            cicli: "/api/v1/enti/{ente}/cicli",
            piano: "/api/v1/enti/{ente}/piani/{anno}",
            rilievi: "/api/v1/enti/{ente}/cicli/{anno}/rilievi",
            pesi: "/api/v1/enti/{ente}/cicli/{anno}/pesi?anno_pesi=aaaa",
            valutazione: "/api/v1/enti/{ente}/cicli/{anno}/valutazione?checkpoint=gg/mm/aaaa",
            scostamenti: "/api/v1/enti/{ente}/cicli/{anno}/scostamenti?checkpoint=gg/mm/aaaa",
            tempestivita: "/api/v1/enti/{ente}/cicli/{anno}/tempestivita?checkpoint=gg/mm/aaaa",
            monitoraggio: "/api/v1/enti/{ente}/cicli/{anno}/monitoraggio?checkpoint=gg/mm/aaaa",
            regole: "/api/v1/enti/{ente}/cicli/{anno}/regole",
            totali_bilancio: "/api/v1/enti/{ente}/bilanci/{anno}/totali?per=uo,titolo&lato=spese",
            versioni_bilancio: "/api/v1/enti/{ente}/bilanci/{anno}/versioni",
        },
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SaluteDto {
    /// `ok`, oppure `database non raggiungibile`.
    pub stato: &'static str,
    /// `sqlite` o `postgres`.
    pub database: &'static str,
}

/// Salute del server e del database.
#[utoipa::path(
    get,
    path = "/health",
    tag = "generale",
    responses(
        (status = 200, description = "Server e database funzionanti", body = SaluteDto),
        (status = 503, description = "Database non raggiungibile", body = SaluteDto),
    )
)]
pub async fn salute(State(s): State<AppState>) -> Response {
    match s.store.ping().await {
        Ok(()) => Json(SaluteDto {
            stato: "ok",
            database: s.store.backend(),
        })
        .into_response(),
        Err(e) => {
            tracing::error!(errore = %e, "database non raggiungibile");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(SaluteDto {
                    stato: "database non raggiungibile",
                    database: s.store.backend(),
                }),
            )
                .into_response()
        }
    }
}

/// Il documento OpenAPI 3.1 di questa API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "generale",
    responses((status = 200, description = "Documento OpenAPI 3.1", body = Object))
)]
pub async fn openapi(State(s): State<AppState>) -> Response {
    static DOC: OnceLock<Vec<u8>> = OnceLock::new();
    static CON_SERVER: OnceLock<Vec<u8>> = OnceLock::new();
    let byte = match &s.url_pubblico {
        None => DOC.get_or_init(|| {
            super::documento()
                .to_json()
                .unwrap_or_default()
                .into_bytes()
        }),
        Some(u) => CON_SERVER.get_or_init(|| {
            let mut d = super::documento();
            d.servers = Some(vec![utoipa::openapi::Server::new(u.clone())]);
            d.to_json().unwrap_or_default().into_bytes()
        }),
    };
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        byte.clone(),
    )
        .into_response()
}
