//! Dominio di Traguardo: tipi e regole del ciclo della performance degli enti pubblici.
//! Puro: niente IO, niente async, niente database.

pub mod accesso;
pub mod atto;
pub mod bilancio;
pub mod catalogo;
pub mod checkpoint;
pub mod codici;
pub mod fondo;
pub mod id;
pub mod individuale;
pub mod monitoraggio;
pub mod numeri;
pub mod organizzazione;
pub mod pesi;
pub mod piano;
pub mod relazione;
pub mod rilievi;
pub mod scadenza;
pub mod scadenza_vigente;
pub mod smvp;
pub mod target;
pub mod validazione;
pub mod valutazione;
