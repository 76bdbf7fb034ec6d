//! Ciò che serve alle rotte che scrivono: il corpo JSON (400 se non si interpreta), la revisione
//! attesa (`If-Match`), la chiave di idempotenza (`Idempotency-Key`), le risposte di errore
//! documentate e l'`ETag` della revisione scritta.

use crate::errore::{ErroreApi, Problema};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use serde::de::DeserializeOwned;
use traguardo_app::Errore;
use traguardo_domain::numeri::Percentuale;
use utoipa::IntoResponses;

/// Il corpo JSON di una richiesta. Se non è JSON, o non ha la forma attesa, la risposta è 400
/// in problem+json con il punto in cui la lettura si è fermata; stringhe con il carattere NUL
/// sono rifiutate (nessun database le memorizza).
pub struct Corpo<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Corpo<T> {
    type Rejection = ErroreApi;

    async fn from_request(req: Request, s: &S) -> Result<Self, ErroreApi> {
        let byte = Bytes::from_request(req, s).await.map_err(|e| {
            ErroreApi::RichiestaNonValida(format!("corpo della richiesta illeggibile: {e}"))
        })?;
        let valore: serde_json::Value = serde_json::from_slice(&byte).map_err(|e| {
            ErroreApi::RichiestaNonValida(format!(
                "il corpo della richiesta non è JSON valido (riga {}, colonna {}): {e}",
                e.line(),
                e.column()
            ))
        })?;
        if contiene_nul(&valore) {
            return Err(ErroreApi::RichiestaNonValida(
                "il corpo contiene il carattere NUL (\\u0000), non ammesso nei testi".into(),
            ));
        }
        serde_json::from_value(valore).map(Corpo).map_err(|e| {
            ErroreApi::RichiestaNonValida(format!("corpo della richiesta non valido: {e}"))
        })
    }
}

fn contiene_nul(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(a) => a.iter().any(contiene_nul),
        serde_json::Value::Object(o) => o.iter().any(|(k, v)| k.contains('\0') || contiene_nul(v)),
        _ => false,
    }
}

/// La revisione vista da chi scrive, dall'intestazione `If-Match: "<revisione>"`; con
/// `If-None-Match: *` chi scrive dichiara che il fatto non c'è ancora. Senza le due
/// intestazioni la scrittura non controlla la revisione (come la CLI).
#[derive(Debug, Clone, Copy, Default)]
pub struct Revisione {
    pub if_match: Option<i64>,
    pub nessuna: bool,
}

impl Revisione {
    /// Per i comandi sugli obiettivi: la revisione attesa, se indicata.
    pub fn attesa(self) -> Option<i64> {
        self.if_match
    }

    /// Per i fatti del monitoraggio: `None` senza controllo, `Some(None)` se il fatto non deve
    /// esserci ancora, `Some(Some(r))` se deve avere la revisione `r`.
    pub fn del_fatto(self) -> Option<Option<i64>> {
        match (self.if_match, self.nessuna) {
            (Some(r), _) => Some(Some(r)),
            (None, true) => Some(None),
            (None, false) => None,
        }
    }
}

fn testo_intestazione<'a>(h: &'a HeaderMap, nome: &str) -> Result<Option<&'a str>, ErroreApi> {
    h.get(nome)
        .map(|v| {
            v.to_str().map(str::trim).map_err(|_| {
                ErroreApi::RichiestaNonValida(format!(
                    "intestazione «{nome}» non valida: solo caratteri ASCII visibili"
                ))
            })
        })
        .transpose()
}

impl<S: Send + Sync> FromRequestParts<S> for Revisione {
    type Rejection = ErroreApi;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ErroreApi> {
        let if_match = match testo_intestazione(&parts.headers, "if-match")? {
            None => None,
            Some(t) => {
                let n = t.trim_start_matches("W/").trim_matches('"');
                Some(n.parse::<i64>().ok().filter(|r| *r >= 0).ok_or_else(|| {
                    ErroreApi::RichiestaNonValida(format!(
                        "intestazione «If-Match» non valida: «{t}»; atteso il numero della revisione tra virgolette, es. \"3\""
                    ))
                })?)
            }
        };
        let nessuna = match testo_intestazione(&parts.headers, "if-none-match")? {
            None => false,
            Some("*") => true,
            Some(t) => {
                return Err(ErroreApi::RichiestaNonValida(format!(
                    "intestazione «If-None-Match» non valida: «{t}»; ammesso solo *"
                )));
            }
        };
        Ok(Revisione { if_match, nessuna })
    }
}

/// La chiave di idempotenza (`Idempotency-Key`) di un comando di creazione.
#[derive(Debug, Clone, Default)]
pub struct ChiaveIdempotenza(pub Option<String>);

impl ChiaveIdempotenza {
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ChiaveIdempotenza {
    type Rejection = ErroreApi;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ErroreApi> {
        let chiave = testo_intestazione(&parts.headers, "idempotency-key")?;
        match chiave {
            Some(c) if c.is_empty() || c.len() > traguardo_app::idempotenza::LUNGHEZZA_MASSIMA => {
                Err(ErroreApi::RichiestaNonValida(format!(
                    "intestazione «Idempotency-Key» non valida: da 1 a {} caratteri",
                    traguardo_app::idempotenza::LUNGHEZZA_MASSIMA
                )))
            }
            c => Ok(ChiaveIdempotenza(c.map(str::to_string))),
        }
    }
}

/// L'intestazione `ETag` con la revisione scritta.
pub fn etag(revisione: i64) -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{revisione}\""))
            .unwrap_or(HeaderValue::from_static("\"0\"")),
    )]
}

/// Una percentuale da testo (`"25"`, `"25,5"`, `"25.50"`), con il campo nel messaggio.
pub fn percentuale(campo: &str, testo: &str) -> Result<Percentuale, Errore> {
    traguardo_domain::numeri::interpreta_decimale(testo)
        .map(Percentuale)
        .map_err(|m| Errore::NonValido(format!("{campo}: {m}")))
}

/// Una voce di un vocabolario controllato (`in_corso`, `esogena`…), con le voci ammesse nel
/// messaggio se non c'è.
pub fn voce<T: DeserializeOwned>(campo: &str, testo: &str, ammesse: &str) -> Result<T, Errore> {
    serde_json::from_value(serde_json::Value::String(testo.to_string())).map_err(|_| {
        Errore::NonValido(format!(
            "{campo}: «{testo}» non è una voce ammessa ({ammesse})"
        ))
    })
}

/// Un id (UUID) da un parametro del percorso.
pub fn uuid(campo: &str, testo: &str) -> Result<uuid::Uuid, ErroreApi> {
    uuid::Uuid::parse_str(testo).map_err(|_| {
        ErroreApi::RichiestaNonValida(format!(
            "parametro «{campo}» del percorso non valido: «{testo}» non è un UUID"
        ))
    })
}

/// Le risposte di errore delle rotte che scrivono.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum ErroriScrittura {
    /// Percorso, intestazioni o corpo non interpretabili (JSON non valido o di forma diversa).
    #[response(status = 400, content_type = "application/problem+json")]
    RichiestaNonValida(Problema),
    /// Token mancante o non valido.
    #[response(status = 401, content_type = "application/problem+json")]
    NonAutenticato(Problema),
    /// Il ruolo dell'utente non consente l'operazione su questo elemento.
    #[response(status = 403, content_type = "application/problem+json")]
    NonAutorizzato(Problema),
    /// Ente inesistente o senza ruoli per l'utente, o elemento inesistente.
    #[response(status = 404, content_type = "application/problem+json")]
    NonTrovato(Problema),
    /// Revisione superata (il messaggio dice chi ha salvato e quando), chiave di idempotenza
    /// usata per un'altra operazione, dilazione già decisa o già in attesa.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflitto(Problema),
    /// Dati rifiutati dalla validazione, con i codici dei rilievi; nulla è stato scritto.
    #[response(status = 422, content_type = "application/problem+json")]
    NonValido(Problema),
    /// Errore interno (il dettaglio è nel log).
    #[response(status = 500, content_type = "application/problem+json")]
    Interno(Problema),
}
