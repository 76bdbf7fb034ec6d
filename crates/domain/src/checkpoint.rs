//! Checkpoint con una vita (aperto → trasmesso → chiuso), gli atti citati nelle decisioni
//! (`<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>`) e la tempestività misurata con la data
//! effettiva di completamento di uno step.
//!
//! Il riconoscimento degli atti qui è minimo (quello che serve alle decisioni sulle dilazioni):
//! se il dominio avrà un modulo degli atti, questo vi rimanderà.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Lo stato di un checkpoint: aperto (si scrive), trasmesso (inviato al CdA o al Nucleo, con un
/// sigillo di ciò che è stato inviato; le modifiche successive sono revisioni), chiuso (i suoi
/// fatti non si modificano più, in nessuno strato).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatoCheckpoint {
    Aperto,
    Trasmesso,
    Chiuso,
}

impl StatoCheckpoint {
    pub fn codice(self) -> &'static str {
        match self {
            StatoCheckpoint::Aperto => "aperto",
            StatoCheckpoint::Trasmesso => "trasmesso",
            StatoCheckpoint::Chiuso => "chiuso",
        }
    }

    pub fn da_codice(s: &str) -> Option<StatoCheckpoint> {
        match s {
            "aperto" => Some(StatoCheckpoint::Aperto),
            "trasmesso" => Some(StatoCheckpoint::Trasmesso),
            "chiuso" => Some(StatoCheckpoint::Chiuso),
            _ => None,
        }
    }
}

/// La tempestività di uno step completato il giorno `completato` contro la scadenza in vigore
/// `scadenza`: (mesi di differenza, giorni di ritardo — negativi se in anticipo — ed esito).
/// Nei tempi se completato entro la scadenza (il giorno stesso compreso), altrimenti in ritardo
/// dei giorni che passano dalla scadenza al completamento.
pub fn tempestivita_effettiva(scadenza: NaiveDate, completato: NaiveDate) -> (i32, i64, String) {
    let mesi = (completato.year() * 12 + completato.month() as i32)
        - (scadenza.year() * 12 + scadenza.month() as i32);
    let giorni = (completato - scadenza).num_days();
    let esito = if giorni <= 0 {
        format!(
            "nei tempi (completato il {}, scadenza {})",
            completato.format("%d/%m/%Y"),
            scadenza.format("%d/%m/%Y")
        )
    } else {
        format!(
            "in ritardo di {giorni} giorn{} (completato il {}, scadenza {})",
            if giorni == 1 { "o" } else { "i" },
            completato.format("%d/%m/%Y"),
            scadenza.format("%d/%m/%Y")
        )
    };
    (mesi, giorni, esito)
}

#[cfg(test)]
mod test {
    use super::*;

    fn d(a: i32, m: u32, g: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(a, m, g).unwrap()
    }

    #[test]
    fn tempestivita_con_la_data_effettiva() {
        // Scadenza 31/10/2023, completato il 10/10/2023: nei tempi, 21 giorni prima.
        let (m, g, e) = tempestivita_effettiva(d(2023, 10, 31), d(2023, 10, 10));
        assert_eq!((m, g), (0, -21));
        assert_eq!(
            e,
            "nei tempi (completato il 10/10/2023, scadenza 31/10/2023)"
        );
        // Scadenza 31/08/2023: dal 31/08 al 10/10 passano 30 + 10 = 40 giorni.
        let (m, g, e) = tempestivita_effettiva(d(2023, 8, 31), d(2023, 10, 10));
        assert_eq!((m, g), (2, 40));
        assert_eq!(
            e,
            "in ritardo di 40 giorni (completato il 10/10/2023, scadenza 31/08/2023)"
        );
        let (_, g, e) = tempestivita_effettiva(d(2023, 8, 31), d(2023, 8, 31));
        assert_eq!(g, 0);
        assert!(e.starts_with("nei tempi"));
    }
}
