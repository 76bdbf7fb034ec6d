//! Errori dell'API in `application/problem+json` (RFC 9457): `type`, `title`, `status`,
//! `detail` con il messaggio in italiano, più `codici` (i codici dei rilievi) e `rilievi`.

use crate::api::dto::{CodiceRilievoDto, RilievoDto};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use traguardo_app::Errore;
use traguardo_domain::rilievi::Rilievo;
use utoipa::{IntoResponses, ToSchema};

pub const PROBLEM_JSON: &str = "application/problem+json";

/// Un problema (RFC 9457), con i rilievi che lo spiegano.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problema {
    /// URI del tipo di problema (`urn:traguardo:problema:…`).
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub tipo: String,
    /// Titolo breve del tipo di problema.
    pub title: String,
    /// Codice di stato HTTP.
    pub status: u16,
    /// Il messaggio in italiano, per chi usa l'API.
    pub detail: String,
    /// I codici dei rilievi, senza ripetizioni, nell'ordine in cui compaiono.
    pub codici: Vec<CodiceRilievoDto>,
    /// I rilievi (con percorso, ed eventualmente riga e colonna del file).
    pub rilievi: Vec<RilievoDto>,
}

/// Errore di un gestore: diventa una risposta problem+json.
#[derive(Debug)]
pub enum ErroreApi {
    /// Errore di un caso d'uso.
    App(Errore),
    /// Token mancante, sconosciuto, scaduto o revocato.
    NonAutenticato,
    /// Parametri di percorso o di query non interpretabili.
    RichiestaNonValida(String),
    /// Percorso inesistente.
    RottaInesistente(String),
    /// Metodo non previsto per il percorso.
    MetodoNonAmmesso,
}

impl From<Errore> for ErroreApi {
    fn from(e: Errore) -> Self {
        ErroreApi::App(e)
    }
}

impl Problema {
    pub fn new(stato: StatusCode, tipo: &str, detail: String, rilievi: &[Rilievo]) -> Problema {
        let mut codici = Vec::new();
        for r in rilievi {
            let c = CodiceRilievoDto(r.codice);
            if !codici.contains(&c) {
                codici.push(c);
            }
        }
        Problema {
            tipo: format!("urn:traguardo:problema:{tipo}"),
            title: stato.canonical_reason().unwrap_or("Errore").to_string(),
            status: stato.as_u16(),
            detail,
            codici,
            rilievi: rilievi.iter().map(RilievoDto::from).collect(),
        }
    }
}

impl IntoResponse for Problema {
    fn into_response(self) -> Response {
        let stato = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let corpo = serde_json::to_vec(&self).unwrap_or_default();
        let mut r = (stato, corpo).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        r
    }
}

impl ErroreApi {
    pub fn problema(&self) -> Problema {
        match self {
            ErroreApi::App(e) => match e {
                Errore::NonTrovato(m) => {
                    Problema::new(StatusCode::NOT_FOUND, "non-trovato", m.clone(), &[])
                }
                Errore::Conflitto(m) => {
                    Problema::new(StatusCode::CONFLICT, "conflitto", m.clone(), &[])
                }
                Errore::NonAutorizzato(m) => {
                    Problema::new(StatusCode::FORBIDDEN, "non-autorizzato", m.clone(), &[])
                }
                Errore::NonAutenticato => Problema::new(
                    StatusCode::UNAUTHORIZED,
                    "non-autenticato",
                    e.to_string(),
                    &[],
                ),
                Errore::NonValido(m) => Problema::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "non-valido",
                    m.clone(),
                    &[],
                ),
                Errore::Rifiutato(r) => Problema::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "rifiutato",
                    e.to_string(),
                    r,
                ),
                Errore::Interno { messaggio, causa } => {
                    // Il dettaglio va nel log, non al client; la causa con tutti i suoi dati.
                    match causa {
                        Some(c) => tracing::error!(errore = %messaggio, causa = ?c, "errore interno"),
                        None => tracing::error!(errore = %messaggio, "errore interno"),
                    }
                    Problema::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "interno",
                        "errore interno: è stato registrato nel log del server".into(),
                        &[],
                    )
                }
            },
            ErroreApi::NonAutenticato => Problema::new(
                StatusCode::UNAUTHORIZED,
                "non-autenticato",
                "accesso richiesto: inviare l'intestazione «Authorization: Bearer <token>» con un token valido".into(),
                &[],
            ),
            ErroreApi::RichiestaNonValida(m) => {
                Problema::new(StatusCode::BAD_REQUEST, "richiesta-non-valida", m.clone(), &[])
            }
            ErroreApi::RottaInesistente(p) => Problema::new(
                StatusCode::NOT_FOUND,
                "non-trovato",
                format!("il percorso «{p}» non esiste: l'indice dell'API è a /"),
                &[],
            ),
            ErroreApi::MetodoNonAmmesso => Problema::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "metodo-non-ammesso",
                "metodo non ammesso per questo percorso".into(),
                &[],
            ),
        }
    }
}

impl IntoResponse for ErroreApi {
    fn into_response(self) -> Response {
        let mut r = self.problema().into_response();
        if matches!(self, ErroreApi::NonAutenticato) {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

/// Risposta a un panic in un gestore (strato catch-panic): 500 in problem+json.
pub fn risposta_al_panic(dettaglio: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = dettaglio
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| dettaglio.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    tracing::error!(panic = %msg, "panic in un gestore");
    ErroreApi::App(Errore::interno(format!("panic: {msg}")))
        .problema()
        .into_response()
}

/// Le risposte di errore comuni alle rotte che richiedono l'accesso.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum ErroriComuni {
    /// Parametri di percorso o di query non validi.
    #[response(status = 400, content_type = "application/problem+json")]
    RichiestaNonValida(Problema),
    /// Token mancante o non valido.
    #[response(status = 401, content_type = "application/problem+json")]
    NonAutenticato(Problema),
    /// Ente inesistente o senza ruoli per l'utente, o elemento inesistente.
    #[response(status = 404, content_type = "application/problem+json")]
    NonTrovato(Problema),
    /// Parametri validi nella forma ma non accettabili (con i rilievi).
    #[response(status = 422, content_type = "application/problem+json")]
    NonValido(Problema),
    /// Errore interno (il dettaglio è nel log).
    #[response(status = 500, content_type = "application/problem+json")]
    Interno(Problema),
}

#[cfg(test)]
mod test {
    use super::*;
    use traguardo_domain::rilievi::CodiceRilievo;

    #[test]
    fn rifiuto_con_codici_senza_ripetizioni_e_rilievi() {
        let rilievi = vec![
            Rilievo::errore(
                CodiceRilievo::ValoreNonValido,
                "obiettivi[A].peso",
                "peso «x» non valido",
            )
            .alla_posizione(12, Some(3)),
            Rilievo::errore(
                CodiceRilievo::RiferimentoSconosciuto,
                "obiettivi[A].steps[1]",
                "step «9» inesistente",
            ),
            Rilievo::errore(
                CodiceRilievo::ValoreNonValido,
                "obiettivi[B].peso",
                "peso «y» non valido",
            ),
        ];
        let p = ErroreApi::App(Errore::Rifiutato(rilievi)).problema();
        assert_eq!(p.status, 422);
        assert_eq!(p.tipo, "urn:traguardo:problema:rifiutato");
        assert_eq!(
            p.codici,
            [
                CodiceRilievoDto(CodiceRilievo::ValoreNonValido),
                CodiceRilievoDto(CodiceRilievo::RiferimentoSconosciuto)
            ]
        );
        assert_eq!(p.rilievi.len(), 3);
        assert!(
            p.detail.starts_with("dati rifiutati (3 errori)"),
            "{}",
            p.detail
        );
        let j = serde_json::to_value(&p).unwrap();
        assert_eq!(j["type"], "urn:traguardo:problema:rifiutato");
        // Sul filo i codici restano le stringhe di sempre.
        assert_eq!(
            j["codici"],
            serde_json::json!(["valore_non_valido", "riferimento_sconosciuto"])
        );
        assert_eq!(j["rilievi"][0]["codice"], "valore_non_valido");
        assert_eq!(j["rilievi"][0]["riga"], 12);
        assert_eq!(j["rilievi"][0]["colonna"], 3);
        assert_eq!(j["rilievi"][0]["gravita"], "errore");
        assert!(j["rilievi"][1]["riga"].is_null());
    }

    #[test]
    fn errore_interno_senza_dettagli_al_client() {
        let r = ErroreApi::App(Errore::interno("password=segreta")).into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(r.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
        let p = ErroreApi::App(Errore::interno("password=segreta")).problema();
        assert!(!p.detail.contains("segreta"));
        let r = ErroreApi::NonAutenticato.into_response();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.headers()[header::WWW_AUTHENTICATE], "Bearer");
    }
}
