//! Pesi (PRODUCT.md §4, seeds-analysis §4.1–4.2): peso dello step per anno, peso dello step
//! nel piano e verifiche delle somme.
//!
//! Regola del peso annuale, verificata su tutti i 102 valori stampati nel seed 000:
//! `peso step/anno = peso step/obiettivo ÷ Σ peso step/obiettivo degli step dello stesso
//! obiettivo dovuti in quell'anno × 100`, arrotondato half-up a 2 decimali.
//! I pesi annuali sono calcolati, quindi le loro somme arrotondate (100,01 %, 99,97 %) non sono
//! mai verificate: nessun falso rilievo.

use crate::numeri::{arrotonda, formato_it, formato_percento_it};
use crate::piano::{Obiettivo, Piano, Step};
use crate::rilievi::{CodiceRilievo, Rilievo};
use crate::scadenza::Scadenza;
use crate::scadenza_vigente::scadenza_del_piano;
use rust_decimal::Decimal;
use serde::Serialize;

const CENTO: Decimal = Decimal::ONE_HUNDRED;

/// La scadenza che decide l'anno dello step: quella della versione del piano (originale e
/// revisioni), mai le dilazioni concesse dopo (`scadenza_vigente`, la regola unica).
pub fn scadenza_in_vigore(
    piano: &Piano,
    obiettivo: &Obiettivo,
    posizione: usize,
) -> Option<Scadenza> {
    scadenza_del_piano(piano, obiettivo, posizione, None).map(|s| s.scadenza)
}

/// Una riga della tabella dei pesi di un anno.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PesoStep {
    pub obiettivo: String,
    pub step: String,
    pub posizione: usize,
    pub scadenza: Option<String>,
    pub peso_obiettivo: Option<Decimal>,
    /// Peso dello step nell'anno (vuoto se lo step non è dovuto nell'anno).
    pub peso_anno: Option<Decimal>,
    /// Peso dello step nel piano = incidenza dell'obiettivo × peso step/obiettivo.
    pub peso_piano: Option<Decimal>,
    /// Come si è arrivati ai numeri: ingressi → regola → risultato.
    pub spiegazione: String,
}

fn etichetta_step(step: &Step, posizione: usize) -> String {
    step.codice
        .clone()
        .unwrap_or_else(|| format!("step {posizione}"))
}

/// Pesi degli step di un obiettivo nell'anno `anno`.
pub fn pesi_obiettivo(piano: &Piano, obiettivo: &Obiettivo, anno: i32) -> Vec<PesoStep> {
    let (inizio, fine) = (piano.ciclo.anno_inizio, piano.ciclo.anno_fine);
    let dovuti: Vec<bool> = (1..=obiettivo.steps.len())
        .map(|n| {
            scadenza_in_vigore(piano, obiettivo, n)
                .map(|sc| sc.anni(inizio, fine).contains(&anno))
                .unwrap_or(false)
        })
        .collect();
    let nell_anno: Vec<(String, Decimal)> = obiettivo
        .steps
        .iter()
        .enumerate()
        .filter(|(i, _)| dovuti[*i])
        .filter_map(|(i, s)| s.peso.map(|p| (etichetta_step(s, i + 1), p.0)))
        .collect();
    let denominatore: Decimal = nell_anno.iter().map(|(_, p)| *p).sum();
    let elenco = nell_anno
        .iter()
        .map(|(c, p)| format!("{c} {}", formato_it(*p, 2)))
        .collect::<Vec<_>>()
        .join(" + ");
    obiettivo
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let codice = etichetta_step(s, i + 1);
            let scadenza = scadenza_in_vigore(piano, obiettivo, i + 1);
            let peso = s.peso.map(|p| p.0);
            let peso_anno = match peso {
                Some(p) if dovuti[i] && !denominatore.is_zero() => {
                    Some(arrotonda(p / denominatore * CENTO, 2))
                }
                _ => None,
            };
            let peso_piano = match (obiettivo.peso, peso) {
                (Some(inc), Some(p)) => Some(arrotonda(inc.0 * p / CENTO, 4)),
                _ => None,
            };
            let spiegazione = match (peso, peso_anno) {
                (Some(p), Some(pa)) => format!(
                    "peso step/{anno} di {codice} = {} ÷ ({elenco} = {}) × 100 = {} \
                     (step dell'obiettivo {} con scadenza nel {anno}; arrotondamento half-up a 2 decimali)",
                    formato_it(p, 2),
                    formato_it(denominatore, 2),
                    formato_percento_it(pa),
                    obiettivo.codice
                ),
                (Some(_), None) if !dovuti[i] => format!(
                    "{codice} non è dovuto nel {anno} (scadenza: {}): nessun peso per l'anno",
                    scadenza
                        .as_ref()
                        .map(|s| s.testo.clone())
                        .unwrap_or_else(|| "non indicata".into())
                ),
                (Some(_), None) => format!(
                    "gli step dell'obiettivo {} dovuti nel {anno} pesano 0: peso annuale non definito",
                    obiettivo.codice
                ),
                (None, _) => format!("{codice} non ha un peso sull'obiettivo"),
            };
            PesoStep {
                obiettivo: obiettivo.codice.clone(),
                step: codice,
                posizione: i + 1,
                scadenza: scadenza.map(|s| s.per_esteso()),
                peso_obiettivo: peso,
                peso_anno,
                peso_piano,
                spiegazione,
            }
        })
        .collect()
}

/// Pesi di tutti gli step del piano nell'anno `anno`, nell'ordine del piano.
pub fn pesi_anno(piano: &Piano, anno: i32) -> Vec<PesoStep> {
    piano
        .obiettivi
        .iter()
        .flat_map(|o| pesi_obiettivo(piano, o, anno))
        .collect()
}

/// Verifiche delle somme: step di ogni obiettivo = 100 %, incidenze degli obiettivi = 100 %,
/// punti = totale dichiarato. Ogni violazione è un avviso con le cifre esatte.
pub fn verifica_pesi(piano: &Piano) -> Vec<Rilievo> {
    let mut rilievi = Vec::new();
    for o in &piano.obiettivi {
        if o.steps.iter().all(|s| s.peso.is_none()) {
            continue;
        }
        let somma: Decimal = o.steps.iter().filter_map(|s| s.peso.map(|p| p.0)).sum();
        let senza_peso: Vec<String> = o
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.peso.is_none())
            .map(|(i, s)| etichetta_step(s, i + 1))
            .collect();
        if somma != CENTO || !senza_peso.is_empty() {
            let zero: Vec<String> = o
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.peso.is_some_and(|p| p.0.is_zero()))
                .map(|(i, s)| etichetta_step(s, i + 1))
                .collect();
            let mut msg = format!(
                "la somma dei pesi degli step dell'obiettivo {} è {} invece di 100,00% (differenza {})",
                o.codice,
                formato_percento_it(somma),
                formato_percento_it(somma - CENTO)
            );
            if !zero.is_empty() {
                msg.push_str(&format!("; step con peso 0: {}", zero.join(", ")));
            }
            if !senza_peso.is_empty() {
                msg.push_str(&format!("; step senza peso: {}", senza_peso.join(", ")));
            }
            rilievi.push(Rilievo::avviso(
                CodiceRilievo::PesiStepNon100,
                format!("obiettivi[{}].steps", o.codice),
                msg,
            ));
        }
    }
    let pesati: Vec<&Obiettivo> = piano
        .obiettivi
        .iter()
        .filter(|o| o.peso.is_some())
        .collect();
    if !pesati.is_empty() {
        let somma: Decimal = pesati.iter().filter_map(|o| o.peso.map(|p| p.0)).sum();
        let senza: Vec<&str> = piano
            .obiettivi
            .iter()
            .filter(|o| o.peso.is_none() && o.punti.is_none())
            .map(|o| o.codice.as_str())
            .collect();
        if somma != CENTO {
            let dettaglio = pesati
                .iter()
                .map(|o| format!("{} {}", o.codice, formato_it(o.peso.unwrap().0, 2)))
                .collect::<Vec<_>>()
                .join(", ");
            let mut msg = format!(
                "la somma delle incidenze degli obiettivi sul totale del piano è {} invece di 100,00% \
                 (differenza {}): {dettaglio}",
                formato_percento_it(somma),
                formato_percento_it(somma - CENTO)
            );
            if !senza.is_empty() {
                msg.push_str(&format!(
                    "; obiettivi senza incidenza: {}",
                    senza.join(", ")
                ));
            }
            rilievi.push(Rilievo::avviso(
                CodiceRilievo::PesiObiettiviNon100,
                "obiettivi[*].peso",
                msg,
            ));
        }
    }
    if let Some(totale) = piano.ciclo.totale_punti {
        let somma: Decimal = piano
            .obiettivi
            .iter()
            .filter_map(|o| o.punti.map(|p| p.0))
            .sum();
        if somma != totale.0 {
            rilievi.push(Rilievo::avviso(
                CodiceRilievo::PuntiNonAlTotale,
                "obiettivi[*].punti",
                format!(
                    "la somma dei punti degli obiettivi è {} invece del totale dichiarato {}",
                    formato_it(somma, 2),
                    formato_it(totale.0, 2)
                ),
            ));
        }
    }
    rilievi
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::numeri::Percentuale;
    use crate::piano::*;
    use std::str::FromStr;

    fn step(codice: &str, scadenza: &str, peso: &str) -> Step {
        Step {
            codice: Some(codice.into()),
            descrizione: codice.into(),
            scadenza: Some(scadenza.into()),
            revisioni_scadenza: vec![],
            indicatore: None,
            peso: Some(Percentuale::from_str(peso).unwrap()),
            ie: None,
            figure_coinvolte: None,
            note: None,
        }
    }

    fn piano(steps: Vec<Step>, incidenza: Option<&str>) -> Piano {
        let json = r#"{"formato":"traguardo-piano","versione_schema":1,
            "ente":{"codice":"PROVA","nome":"Prova"},"ciclo":{"anno_inizio":2026,"anno_fine":2028},
            "obiettivi":[{"codice":"X","tipo":"peg","titolo":"X"}]}"#;
        let mut p: Piano = serde_json::from_str(json).unwrap();
        p.obiettivi[0].steps = steps;
        p.obiettivi[0].peso = incidenza.map(|i| Percentuale::from_str(i).unwrap());
        p
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn regola_del_peso_annuale() {
        let p = piano(
            vec![
                step("X.1", "30/06/26", "20"),
                step("X.2", "Dicembre", "40"),
                step("X.3", "31/03/27", "30"),
                step("X.4", "Annuale", "10"),
            ],
            Some("8"),
        );
        let r = pesi_anno(&p, 2026);
        // 2026: X.1, X.2 (mese dell'anno di riferimento) e X.4 (annuale): 20 + 40 + 10 = 70.
        assert_eq!(r[0].peso_anno, Some(d("28.57")));
        assert_eq!(r[1].peso_anno, Some(d("57.14")));
        assert_eq!(r[2].peso_anno, None);
        assert_eq!(r[3].peso_anno, Some(d("14.29")));
        assert_eq!(r[0].peso_piano, Some(d("1.6")));
        assert!(
            r[0].spiegazione
                .contains("20,00 ÷ (X.1 20,00 + X.2 40,00 + X.4 10,00 = 70,00)")
        );
        assert!(r[2].spiegazione.contains("non è dovuto nel 2026"));
        let r = pesi_anno(&p, 2027);
        assert_eq!(r[2].peso_anno, Some(d("75")));
        assert_eq!(r[3].peso_anno, Some(d("25")));
        let r = pesi_anno(&p, 2028);
        assert_eq!(r[3].peso_anno, Some(d("100")));
    }

    #[test]
    fn la_scadenza_rivista_sposta_lo_step() {
        let mut s = step("X.1", "30/11/26", "50");
        s.revisioni_scadenza.push(RevisioneScadenzaFile {
            scadenza: "Entro febbraio 2027".into(),
            motivo: Some("stand still".into()),
            atto: None,
            data: None,
        });
        let p = piano(vec![s, step("X.2", "31/12/26", "50")], None);
        assert_eq!(pesi_anno(&p, 2026)[1].peso_anno, Some(d("100")));
        assert_eq!(pesi_anno(&p, 2027)[0].peso_anno, Some(d("100")));
        assert_eq!(pesi_anno(&p, 2026)[0].peso_piano, None);
    }

    #[test]
    fn verifiche_delle_somme() {
        let p = piano(
            vec![step("X.1", "30/06/26", "60"), step("X.2", "30/06/26", "40")],
            Some("100"),
        );
        assert!(verifica_pesi(&p).is_empty());
        let p = piano(
            vec![step("X.1", "30/06/26", "60"), step("X.2", "30/06/26", "30")],
            Some("90"),
        );
        let r = verifica_pesi(&p);
        assert_eq!(r.len(), 2);
        assert!(
            r[0].messaggio
                .contains("è 90,00% invece di 100,00% (differenza -10,00%)")
        );
        assert!(r[1].messaggio.contains("incidenze"));
        // Pesi annuali arrotondati che sommano 99,99 non sono mai un rilievo: non si verificano.
        let p = piano(
            vec![
                step("X.1", "30/06/26", "33.33"),
                step("X.2", "30/06/26", "33.33"),
                step("X.3", "30/06/26", "33.34"),
            ],
            None,
        );
        assert!(verifica_pesi(&p).is_empty());
    }
}
