//! Cataloghi ufficiali D.Lgs. 118/2011: missioni e programmi, titoli e tipologie di entrata,
//! titoli e macroaggregati di spesa. Dati incorporati nel binario (`data/*.csv`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missione {
    pub codice: String,
    pub nome: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programma {
    /// Codice a 4 cifre: missione + programma (`1207`).
    pub codice: String,
    pub missione: String,
    pub numero: String,
    pub nome: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoceClassificazione {
    pub titolo: String,
    pub titolo_nome: String,
    pub codice: String,
    pub nome: String,
}

#[derive(Debug)]
pub struct Catalogo {
    pub missioni: BTreeMap<String, Missione>,
    pub programmi: BTreeMap<String, Programma>,
    pub tipologie_entrata: BTreeMap<String, VoceClassificazione>,
    pub macroaggregati_spesa: BTreeMap<String, VoceClassificazione>,
}

const MISSIONI_PROGRAMMI: &str = include_str!("../data/missioni_programmi.csv");
const ENTRATE: &str = include_str!("../data/entrate_titoli_tipologie.csv");
const SPESE: &str = include_str!("../data/spese_titoli_macroaggregati.csv");

/// Divide una riga CSV (virgole, campi tra virgolette con `""` come virgoletta).
pub fn campi_csv(riga: &str) -> Vec<String> {
    let mut campi = Vec::new();
    let mut campo = String::new();
    let mut tra_virgolette = false;
    let mut caratteri = riga.chars().peekable();
    while let Some(c) = caratteri.next() {
        match c {
            '"' if tra_virgolette && caratteri.peek() == Some(&'"') => {
                campo.push('"');
                caratteri.next();
            }
            '"' => tra_virgolette = !tra_virgolette,
            ',' if !tra_virgolette => campi.push(std::mem::take(&mut campo)),
            _ => campo.push(c),
        }
    }
    campi.push(campo);
    campi
}

fn righe(csv: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    csv.lines()
        .skip(1)
        .filter(|r| !r.trim().is_empty())
        .map(campi_csv)
}

fn classificazione(csv: &str) -> BTreeMap<String, VoceClassificazione> {
    righe(csv)
        .map(|c| {
            (
                c[2].clone(),
                VoceClassificazione {
                    titolo: c[0].clone(),
                    titolo_nome: c[1].clone(),
                    codice: c[2].clone(),
                    nome: c[3].clone(),
                },
            )
        })
        .collect()
}

impl Catalogo {
    fn carica() -> Catalogo {
        let mut missioni = BTreeMap::new();
        let mut programmi = BTreeMap::new();
        for c in righe(MISSIONI_PROGRAMMI) {
            missioni.entry(c[0].clone()).or_insert_with(|| Missione {
                codice: c[0].clone(),
                nome: c[1].clone(),
            });
            programmi.insert(
                c[3].clone(),
                Programma {
                    codice: c[3].clone(),
                    missione: c[0].clone(),
                    numero: c[2].clone(),
                    nome: c[4].clone(),
                },
            );
        }
        Catalogo {
            missioni,
            programmi,
            tipologie_entrata: classificazione(ENTRATE),
            macroaggregati_spesa: classificazione(SPESE),
        }
    }

    /// Il catalogo ufficiale, caricato una volta.
    pub fn ufficiale() -> &'static Catalogo {
        static C: OnceLock<Catalogo> = OnceLock::new();
        C.get_or_init(Catalogo::carica)
    }

    pub fn programma(&self, codice: &str) -> Option<&Programma> {
        self.programmi.get(codice)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn catalogo_completo() {
        let c = Catalogo::ufficiale();
        // Allegato 14 D.Lgs. 118/2011: 23 missioni, ognuna con i suoi programmi.
        assert_eq!(c.missioni.len(), 23, "{:?}", c.missioni.keys());
        assert_eq!(c.programmi.len(), 99);
        let p = c.programma("1207").unwrap();
        assert_eq!(p.missione, "12");
        assert_eq!(
            p.nome,
            "Programmazione e governo della rete dei servizi sociosanitari e sociali"
        );
        assert_eq!(
            c.missioni["12"].nome,
            "Diritti sociali, politiche sociali e famiglia"
        );
        assert!(c.programma("0103").is_some());
        assert!(c.programma("9999").is_none());
        assert_eq!(c.tipologie_entrata["20101"].titolo, "2");
        assert_eq!(c.macroaggregati_spesa["101"].titolo, "1");
    }

    #[test]
    fn csv_con_virgolette() {
        assert_eq!(
            campi_csv(r#"01,"Servizi, generali",01,"a ""b"" c""#),
            vec!["01", "Servizi, generali", "01", "a \"b\" c"]
        );
    }
}
