//! Il piano come cartella XLSX, nei due sensi (`docs/plan-file.md`, «La cartella XLSX»).
//!
//! La cartella è solo un altro formato dello stesso file del piano: si legge e si scrive dai
//! tipi di [`traguardo_app::file_piano::formato`], così l'importazione (abbinamento, prova,
//! conferma) è quella del JSON, senza copie. Un foglio per elenco: obiettivi, step, indicatori,
//! assegnazioni e collegamenti sono quelli che si compilano; gli altri fogli portano il resto del
//! file (unità, persone, aree, note, monitoraggio…) perché nulla si perda nel giro.
//!
//! Le righe passano per `serde_json::Value`: ogni foglio è una tabella di oggetti con le chiavi
//! del file JSON come intestazioni, e ogni riga si verifica con il suo tipo del formato, così
//! un errore nomina foglio, riga, colonna e campo.

mod lettura;
mod scrittura;

pub use lettura::{cartella_in_json, leggi_cartella};
pub use scrittura::{cartella_da_json, scrivi_cartella};

/// Come una colonna si scrive nella cella e si rilegge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tipo {
    /// Testo (un numero scritto nella cella si rilegge come testo: `12` resta il codice «12»).
    T,
    /// Numero intero (anni, posizioni).
    I,
    /// Decimale (pesi, punti, quote, percentuali): numero con fino a 4 decimali.
    D,
    /// Vero/falso.
    B,
    /// Elenco o oggetto annidato, scritto come testo JSON nella cella.
    J,
}

use Tipo::*;

/// Da dove vengono le righe di un foglio nel file del piano.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origine {
    /// Un elenco del piano (`persone`, `monitoraggio.stati`…); `testo` = elenco di stringhe.
    Elenco {
        percorso: &'static [&'static str],
        testo: bool,
    },
    Obiettivi,
    /// Un elenco dentro ogni obiettivo (`steps`, `indicatori`), con il codice dell'obiettivo.
    DiObiettivo(&'static str),
    Collegamenti,
}

struct Foglio {
    nome: &'static str,
    origine: Origine,
    colonne: &'static [(&'static str, Tipo)],
}

/// Il foglio dei metadati: una riga per campo (`ente.codice`, `ciclo.anno_inizio`…).
const FOGLIO_PIANO: &str = "Piano";
const CAMPI_PIANO: &[(&str, Tipo)] = &[
    ("formato", T),
    ("versione_schema", I),
    ("ente.codice", T),
    ("ente.nome", T),
    ("ente.denominazione_estesa", T),
    ("ente.note", T),
    ("ciclo.anno_inizio", I),
    ("ciclo.anno_fine", I),
    ("ciclo.anno_riferimento", I),
    ("ciclo.titolo", T),
    ("ciclo.totale_punti", D),
];

/// I testi descrittivi dell'obiettivo (`testi.*` nel JSON), colonne del foglio Obiettivi.
const TESTI: &[&str] = &[
    "situazione_attuale",
    "criticita",
    "situazione_attesa",
    "vantaggi",
    "descrizione_azioni",
    "indicatore_raggiungimento",
    "descrizione",
    "area_strategica",
    "servizi_interessati",
    "obiettivo_operativo",
    "utenti_finali",
    "reti_collaborazione",
    "condizioni_operative",
    "risultati",
    "attivita",
    "bisogno",
    "finalita",
    "stakeholder_finali",
    "stakeholder_intermedi",
    "impatto_atteso",
];

/// I collegamenti dell'obiettivo: tipo nel foglio → elenco nel JSON.
const COLLEGAMENTI: &[(&str, &str)] = &[
    ("programma", "programmi"),
    ("obiettivo_operativo", "obiettivi_operativi"),
    ("unita", "unita"),
    ("progetto_peg", "progetti_peg"),
    ("servizio", "servizi"),
];

const fn elenco(percorso: &'static [&'static str]) -> Origine {
    Origine::Elenco {
        percorso,
        testo: false,
    }
}

const FOGLI: &[Foglio] = &[
    Foglio {
        nome: "Obiettivi",
        origine: Origine::Obiettivi,
        colonne: &[
            ("id", T),
            ("codice", T),
            ("tipo", T),
            ("titolo", T),
            ("primo_anno", I),
            ("peso", D),
            ("punti", D),
            ("rilevanza_anticorruzione", T),
            ("operatori_coinvolti", T),
            ("costi", T),
            ("note", T),
            ("situazione_attuale", T),
            ("criticita", T),
            ("situazione_attesa", T),
            ("vantaggi", T),
            ("descrizione_azioni", T),
            ("indicatore_raggiungimento", T),
            ("descrizione", T),
            ("area_strategica", T),
            ("servizi_interessati", T),
            ("obiettivo_operativo", T),
            ("utenti_finali", T),
            ("reti_collaborazione", T),
            ("condizioni_operative", T),
            ("risultati", T),
            ("attivita", T),
            ("bisogno", T),
            ("finalita", T),
            ("stakeholder_finali", T),
            ("stakeholder_intermedi", T),
            ("impatto_atteso", T),
        ],
    },
    Foglio {
        nome: "Step",
        origine: Origine::DiObiettivo("steps"),
        colonne: &[
            ("obiettivo", T),
            ("id", T),
            ("codice", T),
            ("descrizione", T),
            ("scadenza", T),
            ("indicatore", T),
            ("peso", D),
            ("ie", T),
            ("figure_coinvolte", T),
            ("note", T),
            ("revisioni_scadenza", J),
        ],
    },
    Foglio {
        nome: "Indicatori",
        origine: Origine::DiObiettivo("indicatori"),
        colonne: &[
            ("obiettivo", T),
            ("id", T),
            ("codice", T),
            ("nome", T),
            ("descrizione", T),
            ("dimensione", T),
            ("unita_misura", T),
            ("polarita", T),
            ("baseline", T),
            ("target", T),
            ("fonte", T),
            ("step", T),
            ("note", T),
        ],
    },
    Foglio {
        nome: "Assegnazioni",
        origine: elenco(&["assegnazioni"]),
        colonne: &[("persona", T), ("obiettivo", T), ("step", T), ("quota", D)],
    },
    Foglio {
        nome: "Collegamenti",
        origine: Origine::Collegamenti,
        colonne: &[
            ("obiettivo", T),
            ("tipo", T),
            ("codice", T),
            ("dettaglio", T),
        ],
    },
    Foglio {
        nome: "Unita",
        origine: elenco(&["unita_organizzative"]),
        colonne: &[
            ("codice", T),
            ("nome", T),
            ("livello", T),
            ("padre", T),
            ("responsabile", T),
            ("note", T),
        ],
    },
    Foglio {
        nome: "Persone",
        origine: elenco(&["persone"]),
        colonne: &[
            ("codice", T),
            ("cognome_nome", T),
            ("qualifica", T),
            ("categoria", T),
            ("ruolo", T),
            ("unita", T),
            ("part_time", D),
            ("giorni_presenza", I),
            ("note", T),
        ],
    },
    Foglio {
        nome: "Aree",
        origine: elenco(&["aree_strategiche"]),
        colonne: &[("codice", T), ("nome", T)],
    },
    Foglio {
        nome: "ObiettiviStrategici",
        origine: elenco(&["obiettivi_strategici"]),
        colonne: &[("codice", T), ("testo", T), ("area", T), ("operativi", J)],
    },
    Foglio {
        nome: "Programmi",
        origine: Origine::Elenco {
            percorso: &["programmi"],
            testo: true,
        },
        colonne: &[("codice", T)],
    },
    Foglio {
        nome: "ProgettiPeg",
        origine: elenco(&["progetti_peg"]),
        colonne: &[
            ("codice", T),
            ("nome", T),
            ("area_strategica", T),
            ("unita", T),
            ("obiettivo_operativo", T),
            ("note", T),
            ("programmi", J),
            ("servizi", J),
        ],
    },
    Foglio {
        nome: "Atti",
        origine: elenco(&["atti"]),
        colonne: &[
            ("codice", T),
            ("tipo", T),
            ("organo", T),
            ("numero", T),
            ("data", T),
            ("oggetto", T),
        ],
    },
    Foglio {
        nome: "Formazione",
        origine: elenco(&["formazione"]),
        colonne: &[("unita", T), ("anno", I), ("testo", T)],
    },
    Foglio {
        nome: "Checkpoint",
        origine: elenco(&["monitoraggio", "checkpoint"]),
        colonne: &[
            ("id", T),
            ("codice", T),
            ("data", T),
            ("etichetta", T),
            ("finale", B),
        ],
    },
    Foglio {
        nome: "Stati",
        origine: elenco(&["monitoraggio", "stati"]),
        colonne: &[
            ("checkpoint", T),
            ("obiettivo", T),
            ("step", I),
            ("step_id", T),
            ("stato", T),
            ("percentuale", D),
            ("testo", T),
            ("consuntivo", T),
            ("atti", J),
            ("data_completamento", T),
        ],
    },
    Foglio {
        nome: "Valori",
        origine: elenco(&["monitoraggio", "valori"]),
        colonne: &[
            ("checkpoint", T),
            ("obiettivo", T),
            ("indicatore", I),
            ("indicatore_id", T),
            ("valore", T),
            ("scostamento_stampato", T),
            ("nota", T),
            ("valutazione", D),
        ],
    },
    Foglio {
        nome: "Dilazioni",
        origine: elenco(&["monitoraggio", "dilazioni"]),
        colonne: &[
            ("obiettivo", T),
            ("step", I),
            ("step_id", T),
            ("checkpoint", T),
            ("motivo", T),
            ("scadenza_proposta", T),
            ("esito", T),
            ("atto", T),
            ("data_esito", T),
        ],
    },
    Foglio {
        nome: "CauseScostamento",
        origine: elenco(&["monitoraggio", "cause_scostamento"]),
        colonne: &[
            ("obiettivo", T),
            ("step", I),
            ("step_id", T),
            ("causa", T),
            ("testo", T),
        ],
    },
    Foglio {
        nome: "Relazioni",
        origine: elenco(&["monitoraggio", "relazioni"]),
        colonne: &[("checkpoint", T), ("obiettivo", T), ("testo", T)],
    },
    Foglio {
        nome: "IndicatoriFinanziari",
        origine: elenco(&["monitoraggio", "indicatori_finanziari"]),
        colonne: &[
            ("codice", T),
            ("nome", T),
            ("numeratore", J),
            ("rettifiche", J),
            ("denominatore", J),
            ("target", T),
            ("valore_stampato", T),
            ("nota", T),
        ],
    },
    Foglio {
        nome: "EsecuzioneBilancio",
        origine: elenco(&["monitoraggio", "esecuzione_bilancio"]),
        colonne: &[
            ("unita", T),
            ("progetto", T),
            ("titolo", T),
            ("stanziamento_definitivo", T),
            ("stanziamento_senza_fpv", T),
            ("impegni", T),
            ("percentuale_stampata", T),
        ],
    },
    Foglio {
        nome: "Note",
        origine: elenco(&["note"]),
        colonne: &[("percorso", T), ("testo", T)],
    },
];

/// Lettera della colonna (0 → A, 26 → AA).
fn lettera(mut j: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (j % 26) as u8);
        if j < 26 {
            break;
        }
        j = j / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("lettere ASCII")
}

#[cfg(test)]
mod test;
