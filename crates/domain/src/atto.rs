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
        let Some(pos_n) = parole.iter().position(|p| *p == "n." || *p == "n") else {
            return Err(format!("nell'atto «{}» manca «n.»: {forma}", testo.trim()));
        };
        if pos_n == 0 {
            return Err(format!(
                "nell'atto «{}» manca il tipo (deliberazione, decreto…): {forma}",
                testo.trim()
            ));
        }
        let tipo = parole[0].to_string();
        let organo = (pos_n > 1).then(|| parole[1..pos_n].join(" "));
        let resto = &parole[pos_n + 1..];
        let (numero, data) = match resto {
            [numero, "del", data] => (*numero, *data),
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
    }
}
