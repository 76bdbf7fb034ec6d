//! Costruzione del router con i suoi strati, ascolto e arresto ordinato.

use crate::config::Configurazione;
use crate::errore::{ErroreApi, PROBLEM_JSON, risposta_al_panic};
use crate::stato::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use traguardo_app::Errore;

/// Il router completo: rotte, risposte problem+json per percorsi e metodi sconosciuti, e gli
/// strati (log delle richieste, tempo massimo, panic → 500, corpo massimo).
pub fn router(stato: AppState, config: &Configurazione) -> Router {
    con_strati(crate::api::rotte().with_state(stato), config)
}

/// Gli strati comuni attorno a un router qualsiasi (separati per poterli provare).
pub fn con_strati(rotte: Router, config: &Configurazione) -> Router {
    rotte
        .fallback(|uri: Uri| async move { ErroreApi::RottaInesistente(uri.path().to_string()) })
        .method_not_allowed_fallback(|| async { ErroreApi::MetodoNonAmmesso })
        .layer(DefaultBodyLimit::max(config.limite_corpo))
        .layer(RequestBodyLimitLayer::new(config.limite_corpo))
        .layer(CatchPanicLayer::custom(risposta_al_panic))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.timeout,
        ))
        .layer(axum::middleware::map_response(errore_senza_corpo))
        .layer(TraceLayer::new_for_http())
}

/// Gli errori prodotti dagli strati (tempo scaduto, corpo troppo grande) non hanno corpo:
/// diventano anch'essi problem+json.
async fn errore_senza_corpo(r: Response) -> Response {
    let s = r.status();
    if !(s.is_client_error() || s.is_server_error()) {
        return r;
    }
    let tipo = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if tipo == Some(PROBLEM_JSON) {
        return r;
    }
    let dettaglio = match s {
        StatusCode::REQUEST_TIMEOUT => "tempo massimo della richiesta superato".to_string(),
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "corpo della richiesta troppo grande: al massimo {} MB",
            crate::config::LIMITE_CORPO / (1024 * 1024)
        ),
        altro => format!(
            "errore {}",
            altro.canonical_reason().unwrap_or("della richiesta")
        ),
    };
    let mut p = ErroreApi::App(Errore::NonValido(dettaglio)).problema();
    p.status = s.as_u16();
    p.title = s.canonical_reason().unwrap_or("Errore").to_string();
    p.tipo = "urn:traguardo:problema:richiesta".into();
    p.into_response()
}

/// Ascolta su `config.bind` fino a Ctrl-C o SIGTERM, poi chiude dopo le richieste in corso.
pub async fn servi(stato: AppState, config: &Configurazione) -> Result<(), Errore> {
    let bind = &config.bind;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| Errore::NonValido(format!("impossibile ascoltare su {bind}: {e}")))?;
    tracing::info!(
        indirizzo = %bind,
        database = stato.store.backend(),
        "Traguardo in ascolto"
    );
    let mut stato = stato;
    stato.url_pubblico = config.url_pubblico.clone();
    axum::serve(listener, router(stato, config))
        .with_graceful_shutdown(arresto())
        .await
        .map_err(|e| Errore::interno_da(format!("server: {e}"), e))
}

async fn arresto() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("arresto richiesto");
}

#[cfg(test)]
mod test {
    use super::*;
    use axum::body::{Body, Bytes, to_bytes};
    use axum::http::Request;
    use axum::routing::{get, post};
    use std::time::Duration;
    use tower::ServiceExt;

    async fn chiama(app: Router, r: Request<Body>) -> (StatusCode, String, serde_json::Value) {
        let risposta = app.oneshot(r).await.unwrap();
        let stato = risposta.status();
        let tipo = risposta
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let corpo = to_bytes(risposta.into_body(), usize::MAX).await.unwrap();
        (
            stato,
            tipo,
            serde_json::from_slice(&corpo).unwrap_or_default(),
        )
    }

    fn prova() -> Router {
        let config = Configurazione {
            timeout: Duration::from_millis(200),
            ..Configurazione::default()
        };
        con_strati(
            Router::new()
                .route(
                    "/panico",
                    get(|| async {
                        let v: Vec<u8> = Vec::new();
                        #[allow(clippy::unnecessary_literal_unwrap)]
                        v.first()
                            .copied()
                            .expect("indice fuori dai limiti")
                            .to_string()
                    }),
                )
                .route(
                    "/corpo",
                    post(|b: Bytes| async move { b.len().to_string() }),
                )
                .route(
                    "/lento",
                    get(|| async {
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        "tardi"
                    }),
                ),
            &config,
        )
    }

    #[tokio::test]
    async fn un_panic_diventa_un_500_in_problem_json() {
        let (s, tipo, p) = chiama(
            prova(),
            Request::get("/panico").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(tipo, PROBLEM_JSON);
        assert_eq!(p["status"], 500);
        assert_eq!(p["type"], "urn:traguardo:problema:interno");
        // Il messaggio del panic resta nel log, non va al client.
        assert!(!p["detail"].as_str().unwrap().contains("indice"), "{p}");
    }

    #[tokio::test]
    async fn corpo_oltre_10_mb_rifiutato_con_413() {
        let grande = vec![b'x'; 10 * 1024 * 1024 + 1];
        let (s, tipo, p) = chiama(
            prova(),
            Request::post("/corpo")
                .header(header::CONTENT_LENGTH, grande.len())
                .body(Body::from(grande))
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(tipo, PROBLEM_JSON);
        assert!(p["detail"].as_str().unwrap().contains("10 MB"), "{p}");
        let (s, _, _) = chiama(
            prova(),
            Request::post("/corpo")
                .body(Body::from(vec![b'x'; 1024]))
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
    }

    #[tokio::test]
    async fn tempo_scaduto_408_percorso_e_metodo_sconosciuti() {
        let (s, tipo, p) =
            chiama(prova(), Request::get("/lento").body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::REQUEST_TIMEOUT);
        assert_eq!(tipo, PROBLEM_JSON);
        assert_eq!(p["status"], 408);
        let (s, tipo, p) =
            chiama(prova(), Request::get("/nulla").body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(tipo, PROBLEM_JSON);
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .contains("«/nulla» non esiste")
        );
        let (s, tipo, _) = chiama(
            prova(),
            Request::delete("/panico").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(tipo, PROBLEM_JSON);
    }
}
