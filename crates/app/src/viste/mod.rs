//! Viste (view model): una struttura serializzabile per schermata o documento, costruita da
//! una funzione pura sui dati del dominio, più una funzione asincrona sottile che carica ciò
//! che serve attraverso le porte. CLI, pagine, documenti e API formattano queste stesse
//! strutture: ogni cifra porta il valore decimale (stringa) e il testo in formato italiano.

pub mod bilancio;
pub mod fondo;
pub mod monitoraggio;
pub mod organizzazione;
pub mod piano;
pub mod valutazione;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use traguardo_domain::numeri::{Importo, arrotonda, formato_it, formato_percento_it};
use traguardo_domain::piano::CheckpointFile;

/// Una cifra: il valore esatto e il testo da mostrare (`1.234,56`, `25,00%`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cifra {
    pub valore: Decimal,
    pub testo: String,
}

impl Cifra {
    /// Percentuale: valore esatto, testo arrotondato a 2 decimali (`97,20%`).
    pub fn percento(d: Decimal) -> Cifra {
        Cifra {
            valore: d,
            testo: formato_percento_it(arrotonda(d, 2)),
        }
    }

    /// Numero con `dp` decimali nel testo (`48,60`).
    pub fn numero(d: Decimal, dp: u32) -> Cifra {
        Cifra {
            valore: d,
            testo: formato_it(d, dp),
        }
    }

    /// Importo in euro (`1.234,56`).
    pub fn importo(i: Importo) -> Cifra {
        Cifra {
            valore: i.valore(),
            testo: i.formato_it(),
        }
    }
}

/// Data in formato italiano (`31/12/2026`).
pub fn data_it(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Un checkpoint pronto da mostrare.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaCheckpoint {
    pub codice: String,
    pub data: NaiveDate,
    pub data_testo: String,
    pub etichetta: String,
    pub finale: bool,
}

impl From<&CheckpointFile> for VistaCheckpoint {
    fn from(c: &CheckpointFile) -> Self {
        VistaCheckpoint {
            codice: c.codice.clone(),
            data: c.data,
            data_testo: data_it(c.data),
            etichetta: c.etichetta.clone(),
            finale: c.finale,
        }
    }
}
