//! L'API REST `/api/v1` di Traguardo: router, configurazione, stato dell'applicazione, errori
//! `application/problem+json`, documento OpenAPI 3.1 generato dal codice.
//!
//! I gestori sono sottili: leggono i parametri, chiamano un caso d'uso di `traguardo_app` e
//! convertono il risultato nei tipi del filo (`api::dto`). Nessuna regola e nessun accesso ai
//! repository qui.

pub mod api;
pub mod autenticazione;
pub mod config;
pub mod errore;
pub mod startup;
pub mod stato;
pub mod telemetria;

pub use config::Configurazione;
pub use startup::{router, servi};
pub use stato::{AccessoAperto, AccessoApp, AppState, Autenticatore, TokenStatici};
pub use telemetria::inizializza_log;
