//! I codici dei rilievi: un elenco chiuso, ognuno con la sua descrizione in italiano.
//!
//! Il testo del codice (`codice_duplicato`) è quello che compare nell'output della riga di
//! comando, nel JSON e nei problem+json dell'API: non va mai cambiato per un codice esistente.
//! La tabella dei codici per gli utenti è `docs/rilievi.md`, generata da [`tabella_markdown`].

use crate::rilievi::Gravita;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Il codice di un rilievo: dice che tipo di problema è, in generale. Il messaggio del rilievo
/// dice il caso specifico, con nomi e valori.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodiceRilievo {
    // Lettura dei file (piano, bilancio, voti, collegamenti).
    FileVuoto,
    FileBinario,
    CodificaNonValida,
    JsonNonValido,
    CsvNonValido,
    XlsxNonValido,
    FoglioMancante,
    RigaNonValida,
    CampoMancante,
    CampoSconosciuto,
    TipoErrato,
    ColonnaMancante,
    ColonnaSconosciuta,
    // Valori e riferimenti.
    ValoreNonValido,
    CodiceDuplicato,
    IdDuplicato,
    RiferimentoSconosciuto,
    ProgrammaSconosciuto,
    FormatoNonSupportato,
    CicloNonValido,
    // Importazione del piano.
    EnteDiverso,
    ConfermaNecessaria,
    // Pesi del piano.
    #[serde(rename = "pesi_obiettivi_non_100")]
    PesiObiettiviNon100,
    #[serde(rename = "pesi_step_non_100")]
    PesiStepNon100,
    PuntiNonAlTotale,
    // Regole del sistema di misurazione e valutazione.
    RegoleNonValide,
    // Bilancio.
    EsercizioDiverso,
    EsercizioMancante,
    FormatoNonRiconosciuto,
    CapitoloDuplicato,
    VoceTestataDuplicata,
    UoMancante,
    ClassificazioneMancante,
    ClassificazioneNonValida,
    ImportoNonValido,
    ImportiMancanti,
    ImportiNonValidi,
    RigaNonRiconosciuta,
    SubtotaleNonCorrisponde,
    VariazioniIncoerenti,
    PareggioNonRispettato,
}

use CodiceRilievo as C;

impl CodiceRilievo {
    /// Tutti i codici, nell'ordine della tabella di `docs/rilievi.md`.
    pub const TUTTI: [CodiceRilievo; 41] = [
        C::FileVuoto,
        C::FileBinario,
        C::CodificaNonValida,
        C::JsonNonValido,
        C::CsvNonValido,
        C::XlsxNonValido,
        C::FoglioMancante,
        C::RigaNonValida,
        C::CampoMancante,
        C::CampoSconosciuto,
        C::TipoErrato,
        C::ColonnaMancante,
        C::ColonnaSconosciuta,
        C::ValoreNonValido,
        C::CodiceDuplicato,
        C::IdDuplicato,
        C::RiferimentoSconosciuto,
        C::ProgrammaSconosciuto,
        C::FormatoNonSupportato,
        C::CicloNonValido,
        C::EnteDiverso,
        C::ConfermaNecessaria,
        C::PesiObiettiviNon100,
        C::PesiStepNon100,
        C::PuntiNonAlTotale,
        C::RegoleNonValide,
        C::EsercizioDiverso,
        C::EsercizioMancante,
        C::FormatoNonRiconosciuto,
        C::CapitoloDuplicato,
        C::VoceTestataDuplicata,
        C::UoMancante,
        C::ClassificazioneMancante,
        C::ClassificazioneNonValida,
        C::ImportoNonValido,
        C::ImportiMancanti,
        C::ImportiNonValidi,
        C::RigaNonRiconosciuta,
        C::SubtotaleNonCorrisponde,
        C::VariazioniIncoerenti,
        C::PareggioNonRispettato,
    ];

    /// Il testo del codice, come appare nell'output e nel JSON (uguale alla forma serde).
    pub fn come_testo(self) -> &'static str {
        match self {
            C::FileVuoto => "file_vuoto",
            C::FileBinario => "file_binario",
            C::CodificaNonValida => "codifica_non_valida",
            C::JsonNonValido => "json_non_valido",
            C::CsvNonValido => "csv_non_valido",
            C::XlsxNonValido => "xlsx_non_valido",
            C::FoglioMancante => "foglio_mancante",
            C::RigaNonValida => "riga_non_valida",
            C::CampoMancante => "campo_mancante",
            C::CampoSconosciuto => "campo_sconosciuto",
            C::TipoErrato => "tipo_errato",
            C::ColonnaMancante => "colonna_mancante",
            C::ColonnaSconosciuta => "colonna_sconosciuta",
            C::ValoreNonValido => "valore_non_valido",
            C::CodiceDuplicato => "codice_duplicato",
            C::IdDuplicato => "id_duplicato",
            C::RiferimentoSconosciuto => "riferimento_sconosciuto",
            C::ProgrammaSconosciuto => "programma_sconosciuto",
            C::FormatoNonSupportato => "formato_non_supportato",
            C::CicloNonValido => "ciclo_non_valido",
            C::EnteDiverso => "ente_diverso",
            C::ConfermaNecessaria => "conferma_necessaria",
            C::PesiObiettiviNon100 => "pesi_obiettivi_non_100",
            C::PesiStepNon100 => "pesi_step_non_100",
            C::PuntiNonAlTotale => "punti_non_al_totale",
            C::RegoleNonValide => "regole_non_valide",
            C::EsercizioDiverso => "esercizio_diverso",
            C::EsercizioMancante => "esercizio_mancante",
            C::FormatoNonRiconosciuto => "formato_non_riconosciuto",
            C::CapitoloDuplicato => "capitolo_duplicato",
            C::VoceTestataDuplicata => "voce_testata_duplicata",
            C::UoMancante => "uo_mancante",
            C::ClassificazioneMancante => "classificazione_mancante",
            C::ClassificazioneNonValida => "classificazione_non_valida",
            C::ImportoNonValido => "importo_non_valido",
            C::ImportiMancanti => "importi_mancanti",
            C::ImportiNonValidi => "importi_non_validi",
            C::RigaNonRiconosciuta => "riga_non_riconosciuta",
            C::SubtotaleNonCorrisponde => "subtotale_non_corrisponde",
            C::VariazioniIncoerenti => "variazioni_incoerenti",
            C::PareggioNonRispettato => "pareggio_non_rispettato",
        }
    }

    /// Che cosa significa il rilievo, in generale.
    pub fn descrizione(self) -> &'static str {
        match self {
            C::FileVuoto => "Il file è vuoto o non contiene dati (per esempio nessun capitolo).",
            C::FileBinario => {
                "Il file non è di testo (per esempio è un XLSX o un PDF letto come CSV)."
            }
            C::CodificaNonValida => {
                "Il file non è in una codifica di caratteri ammessa (UTF-8, o Windows-1252 per i CSV)."
            }
            C::JsonNonValido => "Il file JSON è vuoto, troncato o ha una sintassi errata.",
            C::CsvNonValido => "Il file CSV non si lascia leggere (righe o virgolette malformate).",
            C::XlsxNonValido => "Il file XLSX non si lascia leggere, o non ha fogli.",
            C::FoglioMancante => "Il foglio indicato non esiste nel file XLSX.",
            C::RigaNonValida => "Una riga del file non ha le colonne attese.",
            C::CampoMancante => "Manca un campo o un valore obbligatorio.",
            C::CampoSconosciuto => "Il file contiene un campo che il formato non prevede.",
            C::TipoErrato => {
                "Un campo ha un valore del tipo sbagliato (per esempio un testo dove serve un numero)."
            }
            C::ColonnaMancante => "Manca una colonna obbligatoria nella riga di intestazione.",
            C::ColonnaSconosciuta => "La riga di intestazione contiene una colonna non prevista.",
            C::ValoreNonValido => {
                "Un valore non è ammesso (vuoto, fuori intervallo o non previsto)."
            }
            C::CodiceDuplicato => {
                "Un codice o un dato che deve essere unico compare più di una volta."
            }
            C::IdDuplicato => "Lo stesso id è dato a due elementi diversi.",
            C::RiferimentoSconosciuto => {
                "Un riferimento punta a un elemento che non esiste (obiettivo, step, indicatore, persona, capitolo…)."
            }
            C::ProgrammaSconosciuto => "Il programma indicato non esiste nel catalogo.",
            C::FormatoNonSupportato => {
                "Il formato o la versione dello schema del file non sono supportati."
            }
            C::CicloNonValido => "Gli anni del ciclo della performance non sono coerenti.",
            C::EnteDiverso => "Il file appartiene a un ente diverso da quello indicato.",
            C::ConfermaNecessaria => {
                "L'importazione cancellerebbe dati di monitoraggio: serve una conferma esplicita."
            }
            C::PesiObiettiviNon100 => "La somma dei pesi degli obiettivi non è 100%.",
            C::PesiStepNon100 => "La somma dei pesi degli step di un obiettivo non è 100%.",
            C::PuntiNonAlTotale => {
                "La somma dei punti degli obiettivi è diversa dal totale dichiarato."
            }
            C::RegoleNonValide => {
                "Le regole del sistema di misurazione e valutazione sono incoerenti (fasce, pesi, voti)."
            }
            C::EsercizioDiverso => "Il bilancio è di un esercizio diverso da quello indicato.",
            C::EsercizioMancante => "Il prospetto di bilancio non indica l'esercizio.",
            C::FormatoNonRiconosciuto => {
                "Il file non contiene un prospetto di bilancio nel formato atteso."
            }
            C::CapitoloDuplicato => {
                "Lo stesso capitolo compare più di una volta nello stesso lato."
            }
            C::VoceTestataDuplicata => "Una voce di testata del bilancio compare più di una volta.",
            C::UoMancante => "Un capitolo non indica l'unità organizzativa.",
            C::ClassificazioneMancante => {
                "Un capitolo non ha la classificazione di bilancio (titolo, missione, programma)."
            }
            C::ClassificazioneNonValida => {
                "La classificazione di bilancio di un capitolo non è coerente con quella già nota."
            }
            C::ImportoNonValido => "Un importo non è un numero valido.",
            C::ImportiMancanti => "Un capitolo non ha gli importi della previsione.",
            C::ImportiNonValidi => {
                "Un capitolo ha un numero di importi della previsione diverso da quattro."
            }
            C::RigaNonRiconosciuta => {
                "Una riga del prospetto ha importi ma non appartiene a un capitolo né a un totale."
            }
            C::SubtotaleNonCorrisponde => {
                "Un subtotale stampato nel prospetto non corrisponde alla somma dei capitoli."
            }
            C::VariazioniIncoerenti => {
                "Anno precedente più aumenti meno diminuzioni non dà la previsione del capitolo."
            }
            C::PareggioNonRispettato => "Il totale delle entrate è diverso dal totale delle spese.",
        }
    }

    /// Le gravità con cui il codice si usa: un codice di errore non diventa un avviso per caso.
    pub fn gravita(self) -> &'static [Gravita] {
        match self {
            C::PesiObiettiviNon100
            | C::PesiStepNon100
            | C::PuntiNonAlTotale
            | C::RigaNonRiconosciuta
            | C::SubtotaleNonCorrisponde
            | C::VariazioniIncoerenti
            | C::PareggioNonRispettato => &[Gravita::Avviso],
            _ => &[Gravita::Errore],
        }
    }
}

impl fmt::Display for CodiceRilievo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.come_testo())
    }
}

/// La tabella dei codici in Markdown, il contenuto di `docs/rilievi.md`.
pub fn tabella_markdown() -> String {
    let mut s = String::from(
        "# Codici dei rilievi\n\n\
         <!-- Generato da crates/domain/src/codici.rs: non modificare a mano. \
         Per aggiornarlo: AGGIORNA_DOC=1 cargo test -p traguardo-domain codici -->\n\n\
         Ogni rilievo (errore o avviso) ha un codice stabile, che compare nell'output della riga di \
         comando (`ERRORE [codice] percorso: messaggio`), nel JSON (`\"codice\"`) e nelle risposte \
         di errore dell'API (`codici`). Il messaggio del rilievo dice il caso specifico; qui il \
         significato generale.\n\n\
         Un **errore** rifiuta i dati: nulla viene scritto. Un **avviso** accetta i dati e segnala \
         un'incoerenza a chi li ha scritti.\n\n\
         | Codice | Gravità | Descrizione |\n\
         |---|---|---|\n",
    );
    for c in CodiceRilievo::TUTTI {
        let gravita: Vec<&str> = c
            .gravita()
            .iter()
            .map(|g| match g {
                Gravita::Errore => "errore",
                Gravita::Avviso => "avviso",
            })
            .collect();
        s.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.come_testo(),
            gravita.join(", "),
            c.descrizione()
        ));
    }
    s
}

#[cfg(test)]
mod test {
    use super::*;
    use std::collections::HashSet;

    /// Non compila se si aggiunge un codice senza metterlo in `TUTTI`: il match è esaustivo
    /// e ogni ramo rimanda alla posizione attesa nell'elenco.
    fn posizione(c: CodiceRilievo) -> usize {
        match c {
            C::FileVuoto => 0,
            C::FileBinario => 1,
            C::CodificaNonValida => 2,
            C::JsonNonValido => 3,
            C::CsvNonValido => 4,
            C::XlsxNonValido => 5,
            C::FoglioMancante => 6,
            C::RigaNonValida => 7,
            C::CampoMancante => 8,
            C::CampoSconosciuto => 9,
            C::TipoErrato => 10,
            C::ColonnaMancante => 11,
            C::ColonnaSconosciuta => 12,
            C::ValoreNonValido => 13,
            C::CodiceDuplicato => 14,
            C::IdDuplicato => 15,
            C::RiferimentoSconosciuto => 16,
            C::ProgrammaSconosciuto => 17,
            C::FormatoNonSupportato => 18,
            C::CicloNonValido => 19,
            C::EnteDiverso => 20,
            C::ConfermaNecessaria => 21,
            C::PesiObiettiviNon100 => 22,
            C::PesiStepNon100 => 23,
            C::PuntiNonAlTotale => 24,
            C::RegoleNonValide => 25,
            C::EsercizioDiverso => 26,
            C::EsercizioMancante => 27,
            C::FormatoNonRiconosciuto => 28,
            C::CapitoloDuplicato => 29,
            C::VoceTestataDuplicata => 30,
            C::UoMancante => 31,
            C::ClassificazioneMancante => 32,
            C::ClassificazioneNonValida => 33,
            C::ImportoNonValido => 34,
            C::ImportiMancanti => 35,
            C::ImportiNonValidi => 36,
            C::RigaNonRiconosciuta => 37,
            C::SubtotaleNonCorrisponde => 38,
            C::VariazioniIncoerenti => 39,
            C::PareggioNonRispettato => 40,
        }
    }

    #[test]
    fn tutti_contiene_ogni_codice_una_volta() {
        for (i, c) in CodiceRilievo::TUTTI.iter().enumerate() {
            assert_eq!(posizione(*c), i, "{c} fuori posto in TUTTI");
        }
    }

    #[test]
    fn testi_unici_e_in_snake_case() {
        let mut visti = HashSet::new();
        for c in CodiceRilievo::TUTTI {
            let t = c.come_testo();
            assert!(visti.insert(t), "codice ripetuto: {t}");
            assert!(
                !t.is_empty()
                    && t.chars()
                        .all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || x == '_'),
                "{t}"
            );
            assert_eq!(c.to_string(), t);
        }
    }

    #[test]
    fn descrizioni_in_italiano_e_non_vuote() {
        let mut viste = HashSet::new();
        for c in CodiceRilievo::TUTTI {
            let d = c.descrizione();
            assert!(d.len() > 15, "{c}: descrizione troppo corta");
            assert!(
                d.starts_with(char::is_uppercase) && d.ends_with('.'),
                "{c}: {d}"
            );
            assert!(viste.insert(d), "{c}: descrizione ripetuta");
            assert!(!c.gravita().is_empty(), "{c}: nessuna gravità");
        }
    }

    #[test]
    fn serde_usa_il_testo_del_codice_e_torna_indietro() {
        for c in CodiceRilievo::TUTTI {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.come_testo()));
            let indietro: CodiceRilievo = serde_json::from_str(&json).unwrap();
            assert_eq!(indietro, c);
        }
        assert!(serde_json::from_str::<CodiceRilievo>("\"codice_inventato\"").is_err());
    }

    #[test]
    fn la_documentazione_e_aggiornata() {
        let percorso = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rilievi.md");
        let attesa = tabella_markdown();
        if std::env::var_os("AGGIORNA_DOC").is_some() {
            std::fs::write(percorso, &attesa).unwrap();
        }
        let attuale = std::fs::read_to_string(percorso).unwrap_or_default();
        assert!(
            attuale == attesa,
            "docs/rilievi.md non è aggiornato: rigenerarlo con \
             AGGIORNA_DOC=1 cargo test -p traguardo-domain codici"
        );
    }
}
