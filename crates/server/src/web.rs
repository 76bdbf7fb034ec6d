//! Server HTTP (axum): `/health` e la prima API in sola lettura, con log strutturati.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use traguardo_app::Errore;
use traguardo_app::casi_uso;
use traguardo_app::porte::{EntiRepo, PianiRepo};
use traguardo_storage::Store;

/// Log strutturati: `TRAGUARDO_LOG=info|debug…`, `TRAGUARDO_LOG_FORMAT=json` per JSON.
pub fn inizializza_log() {
    let filtro = tracing_subscriber::EnvFilter::try_from_env("TRAGUARDO_LOG")
        .unwrap_or_else(|_| "info,tower_http=info,sqlx=warn".into());
    let base = tracing_subscriber::fmt()
        .with_env_filter(filtro)
        .with_writer(std::io::stderr);
    let _ = if std::env::var("TRAGUARDO_LOG_FORMAT").as_deref() == Ok("json") {
        base.json().try_init()
    } else {
        base.try_init()
    };
}

/// Errore HTTP in JSON: `{"errore": "...", "stato": 404}`.
pub struct ErroreHttp(Errore);

impl From<Errore> for ErroreHttp {
    fn from(e: Errore) -> Self {
        ErroreHttp(e)
    }
}

impl IntoResponse for ErroreHttp {
    fn into_response(self) -> Response {
        let stato = match &self.0 {
            Errore::NonTrovato(_) => StatusCode::NOT_FOUND,
            Errore::Conflitto(_) => StatusCode::CONFLICT,
            Errore::NonAutorizzato(_) => StatusCode::FORBIDDEN,
            Errore::NonAutenticato => StatusCode::UNAUTHORIZED,
            Errore::NonValido(_) | Errore::Rifiutato(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Errore::Interno(m) => {
                tracing::error!(errore = %m, "errore interno");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({"errore": "errore interno", "stato": 500})),
                )
                    .into_response();
            }
        };
        (
            stato,
            Json(json!({"errore": self.0.to_string(), "stato": stato.as_u16()})),
        )
            .into_response()
    }
}

pub fn router(store: Store) -> Router {
    Router::new()
        .route("/", get(indice))
        .route("/health", get(salute))
        .route("/api/v1/enti", get(enti))
        .route("/api/v1/enti/{ente}/cicli", get(cicli))
        .route("/api/v1/enti/{ente}/piani/{anno}", get(piano))
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/valutazione",
            get(valutazione),
        )
        .route(
            "/api/v1/enti/{ente}/bilanci/{anno}/totali",
            get(totali_bilancio),
        )
        .with_state(store)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(TraceLayer::new_for_http())
}

/// Indice dell'API: cosa c'è e dove (l'interfaccia web arriverà con la sua issue).
async fn indice() -> Json<serde_json::Value> {
    Json(json!({
        "nome": "Traguardo",
        "versione": env!("CARGO_PKG_VERSION"),
        "descrizione": "Ciclo della performance degli enti pubblici: piani, PEG, monitoraggio, valutazione",
        "api": {
            "salute": "/health",
            "enti": "/api/v1/enti",
            "cicli": "/api/v1/enti/{ente}/cicli",
            "piano": "/api/v1/enti/{ente}/piani/{anno}",
            "valutazione": "/api/v1/enti/{ente}/cicli/{anno}/valutazione?checkpoint=gg/mm/aaaa",
            "totali_bilancio": "/api/v1/enti/{ente}/bilanci/{anno}/totali?per=uo,titolo&lato=spese",
        },
    }))
}

async fn salute(State(store): State<Store>) -> Response {
    match store.ping().await {
        Ok(()) => Json(json!({"stato": "ok", "database": store.backend()})).into_response(),
        Err(e) => {
            tracing::error!(errore = %e, "database non raggiungibile");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"stato": "database non raggiungibile", "database": store.backend()})),
            )
                .into_response()
        }
    }
}

async fn enti(State(store): State<Store>) -> Result<Json<serde_json::Value>, ErroreHttp> {
    let elenco = store.elenco_enti().await?;
    Ok(Json(json!(
        elenco
            .iter()
            .map(|e| json!({"codice": e.codice, "nome": e.nome}))
            .collect::<Vec<_>>()
    )))
}

async fn cicli(
    State(store): State<Store>,
    Path(ente): Path<String>,
) -> Result<Json<serde_json::Value>, ErroreHttp> {
    let e = casi_uso::ente(&store, &ente).await?;
    Ok(Json(json!(store.elenco_cicli(e.tenant_id).await?)))
}

/// Il piano del ciclo che inizia in `anno`, nel formato canonico del file del piano.
async fn piano(
    State(store): State<Store>,
    Path((ente, anno)): Path<(String, i32)>,
) -> Result<Response, ErroreHttp> {
    let testo = casi_uso::esporta_piano(&store, &ente, anno).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        testo,
    )
        .into_response())
}

#[derive(serde::Deserialize)]
struct ParametriValutazione {
    /// Checkpoint (codice o gg/mm/aaaa); predefinito: la verifica finale.
    checkpoint: Option<String>,
}

/// Valutazione del ciclo: obiettivi (con step, indicatori e spiegazioni), CdR, ente, direttore.
async fn valutazione(
    State(store): State<Store>,
    Path((ente, anno)): Path<(String, i32)>,
    axum::extract::Query(q): axum::extract::Query<ParametriValutazione>,
) -> Result<Json<serde_json::Value>, ErroreHttp> {
    let (_, v, r) =
        traguardo_app::valutazione::valuta(&store, &ente, anno, q.checkpoint.as_deref()).await?;
    Ok(Json(
        json!({"regole_versione": r.versione, "valutazione": v}),
    ))
}

#[derive(serde::Deserialize)]
struct ParametriTotali {
    /// Livelli separati da virgola: uo, missione, programma, titolo, tipologia, totale.
    per: Option<String>,
    /// entrate | spese
    lato: Option<String>,
    versione: Option<i32>,
}

/// Totali del bilancio, anche annidati (`?per=uo,titolo&lato=spese`).
async fn totali_bilancio(
    State(store): State<Store>,
    Path((ente, anno)): Path<(String, i32)>,
    axum::extract::Query(q): axum::extract::Query<ParametriTotali>,
) -> Result<Json<serde_json::Value>, ErroreHttp> {
    use traguardo_domain::bilancio::{Lato, Livello};
    let mut livelli = Vec::new();
    for l in q.per.as_deref().unwrap_or("uo").split(',') {
        livelli.push(match l.trim() {
            "uo" => Livello::Uo,
            "missione" => Livello::Missione,
            "programma" => Livello::Programma,
            "titolo" => Livello::Titolo,
            "tipologia" => Livello::Tipologia,
            "totale" => Livello::Totale,
            altro => {
                return Err(Errore::NonValido(format!(
                    "livello «{altro}» non valido: uo, missione, programma, titolo, tipologia, totale"
                ))
                .into());
            }
        });
    }
    let lato =
        match q.lato.as_deref() {
            None => None,
            Some(l) => Some(Lato::da_codice(l).ok_or_else(|| {
                Errore::NonValido(format!("lato «{l}» non valido: entrate o spese"))
            })?),
        };
    let b = traguardo_app::bilancio::bilancio(&store, &ente, anno, q.versione).await?;
    let (ec, ecassa) = b.totale_generale_entrate();
    let (sc, scassa) = b.totale_generale_spese();
    Ok(Json(json!({
        "esercizio": b.esercizio,
        "totali": traguardo_app::bilancio::totali_annidati(&b, &livelli, lato),
        "totale_generale": {
            "entrate": {"competenza": ec, "cassa": ecassa},
            "spese": {"competenza": sc, "cassa": scassa},
        },
    })))
}

pub async fn servi(store: Store, bind: &str) -> Result<(), Errore> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| Errore::NonValido(format!("impossibile ascoltare su {bind}: {e}")))?;
    tracing::info!(indirizzo = %bind, database = store.backend(), "Traguardo in ascolto");
    axum::serve(listener, router(store))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("arresto richiesto");
        })
        .await
        .map_err(|e| Errore::Interno(format!("server: {e}")))
}
