//! Gli atti che approvano e variano il piano: «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>»,
//! per esempio «deliberazione CdA n. 23 del 30/01/2023». Il testo si legge in un [`RiferimentoAtto`]
//! e, riscritto, torna identico (a meno degli spazi in più).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Un atto citato per tipo, organo (facoltativo), numero e data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiferimentoAtto {
    /// Tipo dell'atto: deliberazione, decreto, determinazione…
    pub tipo: String,
    /// Organo che lo adotta (CdA, Assemblea, Presidente…), se indicato.
    pub organo: Option<String>,
    /// Numero dell'atto, così come è scritto (può contenere lettere o barre: «12/bis»).
    pub numero: String,
    pub data: NaiveDate,
}

impl RiferimentoAtto {
    /// Legge «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>». L'errore dice in italiano cosa
    /// manca o non va.
    pub fn leggi(testo: &str) -> Result<RiferimentoAtto, String> {
        let parole: Vec<&str> = testo.split_whitespace().collect();
        let forma = "atteso «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>», per esempio «deliberazione CdA n. 23 del 30/01/2023»";
        if parole.is_empty() {
            return Err(format!("l'atto è vuoto: {forma}"));
        }
        // «n.», «n», «n°» (maiuscole indifferenti), anche attaccato al numero: «n.23», «n°23».
        let segno_numero = |p: &str| -> Option<usize> {
            let b = p.to_lowercase();
            if b == "n." || b == "n" || b == "n°" {
                return Some(0);
            }
            ["n.", "n°"]
                .iter()
                // «n.» e «n°» da soli sono tornati sopra: qui c'è sempre il numero attaccato.
                .find(|m| b.starts_with(**m))
                .map(|m| m.len())
        };
        let Some((pos_n, attaccato)) = parole
            .iter()
            .enumerate()
            .find_map(|(i, p)| segno_numero(p).map(|l| (i, l)))
        else {
            return Err(format!("nell'atto «{}» manca «n.»: {forma}", testo.trim()));
        };
        if pos_n == 0 {
            return Err(format!(
                "nell'atto «{}» manca il tipo (deliberazione, decreto…): {forma}",
                testo.trim()
            ));
        }
        let tipo = parole[0].to_lowercase();
        if !tipo.chars().all(char::is_alphabetic) {
            return Err(format!(
                "nell'atto «{}» il tipo «{}» non è una parola (deliberazione, decreto…): {forma}",
                testo.trim(),
                parole[0]
            ));
        }
        let organo = (pos_n > 1).then(|| parole[1..pos_n].join(" "));
        let mut resto: Vec<&str> = Vec::new();
        if attaccato > 0 {
            // «N»/«n» e «.»/«°» hanno la stessa lunghezza in byte nel minuscolo e nel testo.
            resto.push(&parole[pos_n][attaccato..]);
        }
        resto.extend_from_slice(&parole[pos_n + 1..]);
        let (numero, data) = match resto.as_slice() {
            [numero, del, data] if del.eq_ignore_ascii_case("del") => (*numero, *data),
            [] | [_] => {
                return Err(format!(
                    "nell'atto «{}» mancano il numero o la data: {forma}",
                    testo.trim()
                ));
            }
            _ => {
                return Err(format!(
                    "l'atto «{}» non è nella forma attesa: {forma}",
                    testo.trim()
                ));
            }
        };
        if !numero.chars().any(|c| c.is_ascii_digit()) {
            return Err(format!(
                "nell'atto «{}» il numero «{numero}» non contiene cifre: {forma}",
                testo.trim()
            ));
        }
        let data = NaiveDate::parse_from_str(data, "%d/%m/%Y").map_err(|_| {
            format!(
                "la data «{data}» dell'atto «{}» non è una data gg/mm/aaaa valida",
                testo.trim()
            )
        })?;
        if data.format("%d/%m/%Y").to_string().len() != 10 {
            return Err(format!("la data dell'atto «{}» non è valida", testo.trim()));
        }
        Ok(RiferimentoAtto {
            tipo,
            organo,
            numero: numero.to_string(),
            data,
        })
    }

    /// L'atto è del Consiglio di amministrazione («CdA», «C.d.A.», «Consiglio di
    /// Amministrazione»)? Le dilazioni degli obiettivi del direttore lo richiedono.
    pub fn del_cda(&self) -> bool {
        self.organo.as_deref().is_some_and(|o| {
            let o: String = o
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            o == "cda" || o == "consigliodiamministrazione"
        })
    }

    /// La riga dell'atto nel ciclo (codice [`RiferimentoAtto::codice`]), con il suo oggetto.
    pub fn riga(&self, oggetto: impl Into<String>) -> crate::piano::Atto {
        crate::piano::Atto {
            codice: self.codice(),
            tipo: self.tipo.clone(),
            organo: self.organo.clone(),
            numero: Some(self.numero.clone()),
            data: Some(self.data),
            oggetto: Some(oggetto.into()),
        }
    }

    /// Un codice per la riga dell'atto nel ciclo, es. `DELIBERAZIONE-CDA-23-2023`.
    pub fn codice(&self) -> String {
        let mut parti = vec![self.tipo.clone()];
        if let Some(o) = &self.organo {
            parti.push(o.clone());
        }
        parti.push(self.numero.clone());
        parti.push(self.data.format("%Y%m%d").to_string());
        parti
            .join("-")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '-'
                }
            })
            .collect()
    }
}

impl fmt::Display for RiferimentoAtto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.tipo)?;
        if let Some(o) = &self.organo {
            write!(f, " {o}")?;
        }
        write!(
            f,
            " n. {} del {}",
            self.numero,
            self.data.format("%d/%m/%Y")
        )
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn legge_e_riscrive_uguale() {
        for t in [
            "deliberazione CdA n. 23 del 30/01/2023",
            "decreto Presidente n. 1 del 08/01/2018",
            "deliberazione n. 5 del 01/02/2024",
            "deliberazione Assemblea dei Sindaci n. 12/bis del 31/12/2025",
        ] {
            let a = RiferimentoAtto::leggi(t).unwrap();
            assert_eq!(a.to_string(), t);
        }
        let a = RiferimentoAtto::leggi("  deliberazione   CdA n. 23  del 30/01/2023 ").unwrap();
        assert_eq!(a.tipo, "deliberazione");
        assert_eq!(a.organo.as_deref(), Some("CdA"));
        assert_eq!(a.numero, "23");
        assert_eq!(a.data, NaiveDate::from_ymd_opt(2023, 1, 30).unwrap());
        assert_eq!(a.to_string(), "deliberazione CdA n. 23 del 30/01/2023");
        assert_eq!(a.codice(), "DELIBERAZIONE-CDA-23-20230130");
        let senza = RiferimentoAtto::leggi("deliberazione n. 5 del 01/02/2024").unwrap();
        assert_eq!(senza.organo, None);
    }

    #[test]
    fn forme_ammesse_dei_vecchi_lettori() {
        // Maiuscole, «n°», organo di più parole con «del»: il tipo si scrive minuscolo.
        let b =
            RiferimentoAtto::leggi("Determinazione del Direttore n° 125 del 05/05/2023").unwrap();
        assert_eq!(b.tipo, "determinazione");
        assert_eq!(b.organo.as_deref(), Some("del Direttore"));
        assert_eq!(b.numero, "125");
        assert!(!b.del_cda());
        assert_eq!(
            b.to_string(),
            "determinazione del Direttore n. 125 del 05/05/2023"
        );
        // «n.7» attaccato, «N.» e «DEL» maiuscoli.
        let c = RiferimentoAtto::leggi("  verbale   n.7 del 02/05/2024 ").unwrap();
        assert_eq!(c.to_string(), "verbale n. 7 del 02/05/2024");
        assert_eq!(c.organo, None);
        let d = RiferimentoAtto::leggi("Deliberazione CdA N. 5 DEL 20/02/2024").unwrap();
        assert_eq!(d.to_string(), "deliberazione CdA n. 5 del 20/02/2024");
        assert_eq!(d.codice(), "DELIBERAZIONE-CDA-5-20240220");
        let e = RiferimentoAtto::leggi("decreto n°12 del 01/03/2024").unwrap();
        assert_eq!(e.numero, "12");
        // L'organo CdA, comunque scritto.
        assert!(d.del_cda());
        for t in [
            "deliberazione C.d.A. n. 1 del 01/01/2024",
            "Deliberazione Consiglio di Amministrazione n. 40 del 15/09/2023",
        ] {
            assert!(RiferimentoAtto::leggi(t).unwrap().del_cda(), "{t}");
        }
        assert!(
            !RiferimentoAtto::leggi("deliberazione n. 1 del 01/01/2024")
                .unwrap()
                .del_cda()
        );
    }

    #[test]
    fn rifiuta_testi_sbagliati() {
        let e = RiferimentoAtto::leggi("").unwrap_err();
        assert!(e.starts_with("l'atto è vuoto"), "{e}");
        let e = RiferimentoAtto::leggi("deliberazione CdA 23 del 30/01/2023").unwrap_err();
        assert!(e.contains("manca «n.»"), "{e}");
        let e = RiferimentoAtto::leggi("n. 23 del 30/01/2023").unwrap_err();
        assert!(e.contains("manca il tipo"), "{e}");
        let e = RiferimentoAtto::leggi("deliberazione CdA n. 23").unwrap_err();
        assert!(e.contains("mancano il numero o la data"), "{e}");
        let e = RiferimentoAtto::leggi("deliberazione CdA n. 23 del 31/02/2023").unwrap_err();
        assert_eq!(
            e,
            "la data «31/02/2023» dell'atto «deliberazione CdA n. 23 del 31/02/2023» non è una data gg/mm/aaaa valida"
        );
        let e = RiferimentoAtto::leggi("deliberazione CdA n. 23 del 2023-01-30").unwrap_err();
        assert!(e.contains("non è una data gg/mm/aaaa valida"), "{e}");
        let e = RiferimentoAtto::leggi("deliberazione CdA n. 23 30/01/2023").unwrap_err();
        assert!(e.contains("non è nella forma attesa"), "{e}");
        let e = RiferimentoAtto::leggi("deliberazione CdA n. 23 al 30/01/2023").unwrap_err();
        assert!(e.contains("non è nella forma attesa"), "{e}");
        let e = RiferimentoAtto::leggi("Delibera 7/2023").unwrap_err();
        assert!(e.contains("manca «n.»"), "{e}");
        let e = RiferimentoAtto::leggi("deliberazione n. bis del 01/01/2024").unwrap_err();
        assert!(e.contains("non contiene cifre"), "{e}");
        let e = RiferimentoAtto::leggi("12 n. 3 del 01/01/2024").unwrap_err();
        assert!(e.contains("non è una parola"), "{e}");
    }
}
