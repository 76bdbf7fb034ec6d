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

/// Un atto citato in una decisione: «deliberazione CdA n. 5 del 20/02/2024».
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttoCitato {
    /// `deliberazione`, `determinazione`, `decreto`… (minuscolo).
    pub tipo: String,
    pub organo: Option<String>,
    pub numero: String,
    pub data: NaiveDate,
}

const FORMA_ATTO: &str = "scrivere <tipo> [<organo>] n. <numero> del <gg/mm/aaaa> (es. «deliberazione CdA n. 5 del 20/02/2024»)";

impl AttoCitato {
    /// Riconosce `<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>` (maiuscole indifferenti,
    /// anche `n°`).
    pub fn interpreta(testo: &str) -> Result<AttoCitato, String> {
        let t = testo.trim();
        let errore = |perche: &str| format!("atto «{t}» non riconosciuto ({perche}): {FORMA_ATTO}");
        // Minuscole ASCII: gli indici restano quelli del testo.
        let basso = t.to_ascii_lowercase();
        let del = basso
            .rfind(" del ")
            .ok_or_else(|| errore("manca «del <data>»"))?;
        let data_testo = t[del + 5..].trim();
        let data = NaiveDate::parse_from_str(data_testo, "%d/%m/%Y")
            .map_err(|_| errore(&format!("«{data_testo}» non è una data gg/mm/aaaa")))?;
        let prima = &t[..del];
        let prima_basso = &basso[..del];
        let n = [" n. ", " n.", " n° ", " n°", " n "]
            .iter()
            .find_map(|m| prima_basso.rfind(m).map(|i| (i, m.len())))
            .ok_or_else(|| errore("manca «n. <numero>»"))?;
        let numero = prima[n.0 + n.1..].trim().to_string();
        if numero.is_empty() || !numero.chars().any(|c| c.is_ascii_digit()) {
            return Err(errore("manca il numero"));
        }
        let testa = prima[..n.0].trim();
        let mut parole = testa.splitn(2, char::is_whitespace);
        let tipo = parole.next().unwrap_or("").trim().to_lowercase();
        if tipo.is_empty() || !tipo.chars().all(char::is_alphabetic) {
            return Err(errore("manca il tipo dell'atto"));
        }
        let organo = parole
            .next()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string);
        Ok(AttoCitato {
            tipo,
            organo,
            numero,
            data,
        })
    }

    /// L'atto è del Consiglio di amministrazione (CdA)?
    pub fn del_cda(&self) -> bool {
        self.organo.as_deref().is_some_and(|o| {
            let o: String = o
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            o == "cda" || o == "consigliodiamministrazione" || o == "consigliodiamministrazion"
        })
    }

    /// Il codice dell'atto nel ciclo, nella forma dei piani (`DEL-5-2024`).
    pub fn codice(&self) -> String {
        let prefisso: String = self
            .tipo
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .take(3)
            .collect::<String>()
            .to_uppercase();
        format!("{prefisso}-{}-{}", self.numero, self.data.year())
    }

    /// Il testo leggibile: `deliberazione CdA n. 5 del 20/02/2024`.
    pub fn testo(&self) -> String {
        format!(
            "{}{} n. {} del {}",
            self.tipo,
            self.organo
                .as_deref()
                .map(|o| format!(" {o}"))
                .unwrap_or_default(),
            self.numero,
            self.data.format("%d/%m/%Y")
        )
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
    fn atti_riconosciuti() {
        let a = AttoCitato::interpreta("deliberazione CdA n. 5 del 20/02/2024").unwrap();
        assert_eq!(a.tipo, "deliberazione");
        assert_eq!(a.organo.as_deref(), Some("CdA"));
        assert_eq!(a.numero, "5");
        assert_eq!(a.data, d(2024, 2, 20));
        assert!(a.del_cda());
        assert_eq!(a.codice(), "DEL-5-2024");
        assert_eq!(a.testo(), "deliberazione CdA n. 5 del 20/02/2024");
        let b =
            AttoCitato::interpreta("Determinazione del Direttore n° 125 del 05/05/2023").unwrap();
        assert_eq!(b.tipo, "determinazione");
        assert_eq!(b.organo.as_deref(), Some("del Direttore"));
        assert_eq!(b.numero, "125");
        assert!(!b.del_cda());
        assert_eq!(b.codice(), "DET-125-2023");
        let c = AttoCitato::interpreta(
            "Deliberazione Consiglio di Amministrazione n. 40 del 15/09/2023",
        )
        .unwrap();
        assert!(c.del_cda());
        let e = AttoCitato::interpreta("Delibera 7/2023").unwrap_err();
        assert!(
            e.starts_with("atto «Delibera 7/2023» non riconosciuto"),
            "{e}"
        );
        assert!(AttoCitato::interpreta("deliberazione CdA n. 5 del 31/02/2024").is_err());
        assert!(AttoCitato::interpreta("n. 5 del 20/02/2024").is_err());
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
