//! Strato applicativo: casi d'uso, porte verso la memorizzazione, errori e audit.
//! Dipende solo dal dominio; gli adattatori (storage, server) dipendono da questo crate.

pub mod audit;
pub mod autorizzazione;
pub mod bilancio;
pub mod casi_uso;
pub mod contesto;
pub mod errore;
pub mod file_piano;
pub mod porte;
pub mod porte_accessi;
pub mod utenti;
pub mod valutazione;

pub use errore::Errore;
