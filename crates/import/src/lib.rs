//! Importatori del PEG finanziario: il prospetto del software di contabilità (testo), CSV e
//! XLSX. Tutti producono lo stesso [`traguardo_domain::bilancio::Bilancio`] e rilievi con riga
//! e colonna; nessuno scrive nulla (la scrittura, tutta o niente, è dei casi d'uso).

pub mod numeri_report;
pub mod report;
