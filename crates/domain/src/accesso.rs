//! Utenti e ruoli (PRODUCT.md §1): una persona può avere più ruoli, ognuno per un ente.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ruolo {
    /// Configura l'ente: struttura, persone, utenti, cataloghi, regole SMVP.
    Amministratore,
    /// Titolare del piano: assegna gli obiettivi, valida il monitoraggio.
    Direttore,
    /// Responsabile di un CdR / area: modifica gli obiettivi dell'area, inserisce il monitoraggio.
    Responsabile,
    /// Inserisce il monitoraggio degli obiettivi assegnati.
    Referente,
    /// OIV / Nucleo di valutazione: legge tutto, commenta, valida la Relazione.
    Oiv,
    /// Vede i propri obiettivi e la propria scheda; ne prende visione.
    Dipendente,
}

/// Un utente con i suoi ruoli presso un ente; per i responsabili, le unità di competenza.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utente {
    pub login: String,
    pub nome: String,
    pub ruoli: Vec<Ruolo>,
    #[serde(default)]
    pub unita: Vec<String>,
    /// Collegamento facoltativo alla persona del piano (codice).
    #[serde(default)]
    pub persona: Option<String>,
}

impl Utente {
    pub fn ha_ruolo(&self, r: Ruolo) -> bool {
        self.ruoli.contains(&r)
    }
}
