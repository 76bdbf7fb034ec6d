//! Estrattori dell'accesso: ogni rotta fuori da `/health`, `/` e dal documento OpenAPI passa
//! per [`Autenticato`] (token `Authorization: Bearer …`) o per [`NellEnte`] (token più ruoli
//! nell'ente `{ente}` dell'URL).

use crate::errore::ErroreApi;
use crate::stato::{Accesso, AppState, ContestoEnte, Utente};
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use traguardo_app::Errore;

/// Un utente riconosciuto dal suo token.
#[derive(Debug, Clone)]
pub struct Autenticato(pub Utente);

impl FromRequestParts<AppState> for Autenticato {
    type Rejection = ErroreApi;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, ErroreApi> {
        match s.autenticatore.autentica(token(parts)?).await? {
            Some(u) => Ok(Autenticato(u)),
            None => Err(ErroreApi::NonAutenticato),
        }
    }
}

/// Il token dell'intestazione `Authorization: Bearer …`; `None` senza intestazione.
fn token(parts: &Parts) -> Result<Option<&str>, ErroreApi> {
    match parts.headers.get(header::AUTHORIZATION) {
        None => Ok(None),
        Some(v) => {
            let v = v.to_str().map_err(|_| ErroreApi::NonAutenticato)?;
            let (schema, t) = v.split_once(' ').ok_or(ErroreApi::NonAutenticato)?;
            if !schema.eq_ignore_ascii_case("bearer") || t.trim().is_empty() {
                return Err(ErroreApi::NonAutenticato);
            }
            Ok(Some(t.trim()))
        }
    }
}

/// L'utente nell'ente `{ente}` del percorso: 404 se non vi ha ruoli, come se l'ente non
/// esistesse (un utente non scopre quali enti ci sono).
#[derive(Debug, Clone)]
pub struct NellEnte(pub ContestoEnte);

impl NellEnte {
    /// Il codice dell'ente: i casi d'uso lo prendono dal contesto, mai dal corpo.
    pub fn ente(&self) -> &str {
        &self.0.ente
    }

    /// Il contesto dello strato applicativo: ogni caso d'uso lo riceve.
    pub fn ctx(&self) -> &traguardo_app::contesto::Contesto {
        &self.0.contesto
    }
}

impl FromRequestParts<AppState> for NellEnte {
    type Rejection = ErroreApi;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, ErroreApi> {
        let parametri = RawPathParams::from_request_parts(parts, s)
            .await
            .map_err(|_| ErroreApi::RichiestaNonValida("percorso non valido".into()))?;
        let ente = parametri
            .iter()
            .find(|(k, _)| *k == "ente")
            .map(|(_, v)| v.to_string())
            .ok_or_else(|| Errore::interno("rotta senza {ente}"))?;
        match s
            .autenticatore
            .contesto_con_token(&s.store, token(parts)?, &ente)
            .await?
        {
            Accesso::Ente(c) => Ok(NellEnte(*c)),
            Accesso::Anonimo => Err(ErroreApi::NonAutenticato),
            Accesso::FuoriEnte => {
                Err(Errore::NonTrovato(format!("l'ente «{ente}» non esiste")).into())
            }
        }
    }
}
