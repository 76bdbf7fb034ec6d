//! Regole del Sistema di Misurazione e Valutazione della Performance (SMVP) di un ente per
//! un ciclo: come si misura un indicatore, quanto vale uno stato, come si pesano step e
//! indicatori, le fasce di giudizio, i comportamenti, il fondo. Memorizzate con versione;
//! leggibili (JSON con nomi italiani) da chi valuta e dall'OIV.

use crate::numeri::Percentuale;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn p(v: i64) -> Percentuale {
    Percentuale(Decimal::from(v))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegoleSmvp {
    /// Descrizione leggibile delle regole (es. "SMVP approvato con deliberazione n. …").
    pub descrizione: String,
    pub indicatori: RegoleIndicatori,
    pub step: RegoleStep,
    pub obiettivi: RegoleObiettivi,
    /// Fasce di giudizio, dalla più alta: si applica la prima con `minimo` ≤ raggiungimento.
    pub fasce: Vec<Fascia>,
    pub individuale: RegoleIndividuali,
    pub fondo: RegoleFondo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegoleIndicatori {
    /// Tetto del raggiungimento di un indicatore (100 = oltre il valore atteso non si va).
    pub tetto: Percentuale,
    /// Per gli indicatori "più basso è meglio" (≤, <) non rispettati: quanti punti di
    /// raggiungimento si perdono per ogni punto percentuale di sforamento del valore atteso.
    pub penalita_per_punto_di_sforamento: Percentuale,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegoleStep {
    /// Valore di "in itinere" (attività continuativa in linea con i tempi).
    pub in_itinere: Percentuale,
    /// Valore di un "parzialmente realizzato" senza percentuale indicata.
    pub parziale_senza_percentuale: Percentuale,
    /// Valore di "realizzato a titolo sperimentale".
    pub realizzato_sperimentale: Percentuale,
    /// Valore di uno step in corso (o da avviare) già scaduto al checkpoint.
    pub in_corso_scaduto: Percentuale,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegoleObiettivi {
    /// Quota degli indicatori nel raggiungimento di un obiettivo che ha sia step sia
    /// indicatori misurati (il resto agli step).
    pub quota_indicatori: Percentuale,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fascia {
    pub minimo: Percentuale,
    pub giudizio: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comportamento {
    pub codice: String,
    pub nome: String,
}

/// Pesi per un gruppo di ruoli (es. "responsabili", "dipendenti").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PesiCluster {
    /// Peso dei risultati (obiettivi assegnati); il resto ai comportamenti.
    pub risultati: Percentuale,
    /// Peso di ciascun comportamento (codice → peso); devono sommare a 100.
    pub comportamenti: BTreeMap<String, Percentuale>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegoleIndividuali {
    pub comportamenti: Vec<Comportamento>,
    /// Scala dei voti dei comportamenti (es. da 1 a 5).
    pub voto_minimo: Decimal,
    pub voto_massimo: Decimal,
    /// Cluster per ruolo: il ruolo della persona che contiene la chiave (minuscolo) sceglie il
    /// cluster; altrimenti "dipendenti".
    pub cluster: BTreeMap<String, PesiCluster>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegoleFondo {
    /// Giorni di presenza minimi per partecipare.
    pub giorni_minimi: u32,
    /// Giorni di riferimento per il riproporzionamento della presenza.
    pub giorni_riferimento: u32,
    /// Punteggio individuale minimo (%).
    pub punteggio_minimo: Percentuale,
    /// Ruoli esclusi (es. direttore, titolari di E.Q. pagati con la retribuzione di risultato).
    pub ruoli_esclusi: Vec<String>,
    /// Coefficiente per categoria (es. operatori 1,00; funzionari 1,30).
    pub coefficienti_categoria: BTreeMap<String, Decimal>,
    /// Coefficiente per le categorie non elencate.
    pub coefficiente_predefinito: Decimal,
    /// Maggiorazione CCNL art. 81: percentuale del premio medio (almeno 30).
    pub maggiorazione: Percentuale,
    /// Quota massima del personale ammesso che riceve la maggiorazione.
    pub quota_maggiorazione: Percentuale,
}

impl Default for RegoleSmvp {
    fn default() -> Self {
        let comportamenti = vec![
            Comportamento {
                codice: "C1".into(),
                nome: "Orientamento al risultato e all'utenza".into(),
            },
            Comportamento {
                codice: "C2".into(),
                nome: "Collaborazione e lavoro di gruppo".into(),
            },
            Comportamento {
                codice: "C3".into(),
                nome: "Affidabilità, precisione e rispetto dei tempi".into(),
            },
            Comportamento {
                codice: "C4".into(),
                nome: "Iniziativa, flessibilità e capacità di innovare".into(),
            },
        ];
        let pesi = |r: i64, c: [i64; 4]| PesiCluster {
            risultati: p(r),
            comportamenti: comportamenti
                .iter()
                .zip(c)
                .map(|(x, v)| (x.codice.clone(), p(v)))
                .collect(),
        };
        RegoleSmvp {
            descrizione: "Regole predefinite di Traguardo (PRODUCT.md §4): da sostituire con il \
                          SMVP approvato dall'ente"
                .into(),
            indicatori: RegoleIndicatori {
                tetto: p(100),
                penalita_per_punto_di_sforamento: p(1),
            },
            step: RegoleStep {
                in_itinere: p(100),
                parziale_senza_percentuale: p(50),
                realizzato_sperimentale: p(100),
                in_corso_scaduto: p(0),
            },
            obiettivi: RegoleObiettivi {
                quota_indicatori: p(50),
            },
            fasce: vec![
                Fascia {
                    minimo: p(90),
                    giudizio: "pienamente raggiunto".into(),
                },
                Fascia {
                    minimo: p(70),
                    giudizio: "prevalentemente raggiunto".into(),
                },
                Fascia {
                    minimo: p(50),
                    giudizio: "parzialmente raggiunto".into(),
                },
                Fascia {
                    minimo: p(0),
                    giudizio: "non raggiunto".into(),
                },
            ],
            individuale: RegoleIndividuali {
                comportamenti: comportamenti.clone(),
                voto_minimo: Decimal::ONE,
                voto_massimo: Decimal::from(5),
                cluster: [
                    ("responsabili".to_string(), pesi(60, [25, 25, 25, 25])),
                    ("dipendenti".to_string(), pesi(40, [25, 25, 25, 25])),
                ]
                .into_iter()
                .collect(),
            },
            fondo: RegoleFondo {
                giorni_minimi: 30,
                giorni_riferimento: 365,
                punteggio_minimo: p(60),
                ruoli_esclusi: vec!["direttore".into(), "direttrice".into()],
                coefficienti_categoria: [
                    ("operatori", "1.00"),
                    ("operatori esperti", "1.10"),
                    ("istruttori", "1.20"),
                    ("funzionari", "1.30"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.parse().unwrap()))
                .collect(),
                coefficiente_predefinito: Decimal::ONE,
                maggiorazione: p(30),
                quota_maggiorazione: p(10),
            },
        }
    }
}

impl RegoleSmvp {
    pub fn fascia(&self, raggiungimento: Decimal) -> String {
        self.fasce
            .iter()
            .find(|f| raggiungimento >= f.minimo.0)
            .map(|f| f.giudizio.clone())
            .unwrap_or_default()
    }

    /// Errori che rendono le regole inutilizzabili.
    pub fn valida(&self) -> Vec<crate::rilievi::Rilievo> {
        use crate::rilievi::{CodiceRilievo, Rilievo};
        let mut r = Vec::new();
        let cento = Decimal::ONE_HUNDRED;
        let fuori = |x: Percentuale| x.0.is_sign_negative() || x.0 > cento;
        if self.fasce.is_empty() || self.fasce.iter().all(|f| !f.minimo.0.is_zero()) {
            r.push(Rilievo::errore(
                CodiceRilievo::RegoleNonValide,
                "fasce",
                "le fasce di giudizio devono coprire anche lo 0% (una fascia con minimo 0)",
            ));
        }
        if self.fasce.windows(2).any(|w| w[0].minimo <= w[1].minimo) {
            r.push(Rilievo::errore(
                CodiceRilievo::RegoleNonValide,
                "fasce",
                "le fasce vanno dalla più alta alla più bassa, con minimi decrescenti",
            ));
        }
        for (k, c) in &self.individuale.cluster {
            let s: Decimal = c.comportamenti.values().map(|x| x.0).sum();
            if s != cento {
                r.push(Rilievo::errore(
                    CodiceRilievo::RegoleNonValide,
                    format!("individuale.cluster[{k}].comportamenti"),
                    format!(
                        "i pesi dei comportamenti del cluster «{k}» sommano a {} invece di 100",
                        crate::numeri::formato_it(s, 2)
                    ),
                ));
            }
            for cod in c.comportamenti.keys() {
                if !self
                    .individuale
                    .comportamenti
                    .iter()
                    .any(|x| &x.codice == cod)
                {
                    r.push(Rilievo::errore(
                        CodiceRilievo::RegoleNonValide,
                        format!("individuale.cluster[{k}].comportamenti"),
                        format!("il comportamento «{cod}» non è nel catalogo"),
                    ));
                }
            }
            if fuori(c.risultati) {
                r.push(Rilievo::errore(
                    CodiceRilievo::RegoleNonValide,
                    format!("individuale.cluster[{k}].risultati"),
                    "il peso dei risultati deve stare tra 0 e 100",
                ));
            }
        }
        if self.individuale.voto_massimo <= self.individuale.voto_minimo {
            r.push(Rilievo::errore(
                CodiceRilievo::RegoleNonValide,
                "individuale.voto_massimo",
                "il voto massimo deve superare il minimo",
            ));
        }
        if self.fondo.maggiorazione.0 < Decimal::from(30) {
            r.push(Rilievo::errore(
                CodiceRilievo::RegoleNonValide,
                "fondo.maggiorazione",
                "la maggiorazione (CCNL art. 81) non può essere inferiore al 30% del premio medio",
            ));
        }
        if fuori(self.fondo.quota_maggiorazione) || self.fondo.giorni_riferimento == 0 {
            r.push(Rilievo::errore(
                CodiceRilievo::RegoleNonValide,
                "fondo",
                "quota della maggiorazione tra 0 e 100 e giorni di riferimento maggiori di 0",
            ));
        }
        for (nome, v) in [
            ("indicatori.tetto", self.indicatori.tetto),
            ("step.in_itinere", self.step.in_itinere),
            (
                "step.parziale_senza_percentuale",
                self.step.parziale_senza_percentuale,
            ),
            (
                "obiettivi.quota_indicatori",
                self.obiettivi.quota_indicatori,
            ),
        ] {
            if v.0.is_sign_negative() || (nome != "indicatori.tetto" && v.0 > cento) {
                r.push(Rilievo::errore(
                    CodiceRilievo::RegoleNonValide,
                    nome,
                    format!("valore {v} non ammesso"),
                ));
            }
        }
        r
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn regole_predefinite_valide_e_leggibili() {
        let r = RegoleSmvp::default();
        assert!(r.valida().is_empty(), "{:?}", r.valida());
        let json = serde_json::to_string_pretty(&r).unwrap();
        let indietro: RegoleSmvp = serde_json::from_str(&json).unwrap();
        assert_eq!(indietro, r);
        assert_eq!(r.fascia(Decimal::from(95)), "pienamente raggiunto");
        assert_eq!(r.fascia(Decimal::from(50)), "parzialmente raggiunto");
        assert_eq!(r.fascia(Decimal::ZERO), "non raggiunto");
        let mut rotte = r.clone();
        rotte.fondo.maggiorazione = p(20);
        rotte.fasce.pop();
        assert_eq!(rotte.valida().len(), 2);
    }
}
