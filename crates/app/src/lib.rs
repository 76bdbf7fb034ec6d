//! Strato applicativo: casi d'uso, porte verso la memorizzazione, errori e audit.
//! Dipende solo dal dominio; gli adattatori (storage, server) dipendono da questo crate.

pub mod audit;
pub mod autorizzazione;
pub mod bilancio;
pub mod cache;
pub mod casi_uso;
pub mod checkpoint;
pub mod ciclo_nuovo;
pub mod comandi_bilancio;
pub mod comandi_monitoraggio;
pub mod comandi_piano;
pub mod comandi_valutazione;
pub mod contesto;
pub mod errore;
pub mod file_piano;
pub mod idempotenza;
pub mod identita;
pub mod organizzazione;
pub mod porte;
pub mod porte_accessi;
pub mod porte_fatti;
pub mod porte_organizzazione;
pub mod porte_relazione;
pub mod porte_versioni;
pub mod reimportazione;
pub mod relazione;
pub mod utenti;
pub mod valutazione;
pub mod versioni;
pub mod versioni_diff;
pub mod viste;

pub use errore::Errore;
