//! Scambio del PEG finanziario: il prospetto del software di contabilità (testo), CSV e XLSX
//! in lettura; CSV e XLSX (e i loro modelli vuoti) in scrittura. Tutti i lettori producono lo
//! stesso [`traguardo_domain::bilancio::Bilancio`] e rilievi con riga e colonna; nessuno
//! scrive nel database (la scrittura, tutta o niente, è dei casi d'uso).

pub mod cartella_piano;
pub mod formati;
pub mod numeri_report;
pub mod report;
pub mod tabella;

pub use formati::Lettori;
