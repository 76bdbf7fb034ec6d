//! Ripartizione del fondo per la produttività (PRODUCT.md §4, CCNL Funzioni locali art. 81):
//! ammissione, riproporzionamento per presenza e part-time, coefficienti di categoria,
//! maggiorazione per una quota limitata dei migliori, arrotondamento ai resti maggiori così che
//! **la somma dei premi sia il fondo al centesimo**. Tabelle D.Lgs. 33/2013 art. 20.

use crate::numeri::{Importo, arrotonda, formato_it, formato_percento_it};
use crate::smvp::{RegoleFondo, RegoleSmvp};
use rust_decimal::Decimal;
use serde::Serialize;

const CENTO: Decimal = Decimal::ONE_HUNDRED;

/// Una persona valutata, come entra nella ripartizione.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partecipante {
    pub codice: String,
    pub nome: String,
    pub categoria: Option<String>,
    pub ruolo: Option<String>,
    /// Percentuale di part-time (100 = tempo pieno).
    pub part_time: Decimal,
    pub giorni_presenza: u32,
    /// Punteggio individuale (%).
    pub punteggio: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Premio {
    pub codice: String,
    pub nome: String,
    pub ammesso: bool,
    pub motivo: String,
    pub punteggio: Decimal,
    pub coefficiente: Decimal,
    /// Parametro = coefficiente × part-time × presenza × punteggio.
    pub parametro: Decimal,
    pub maggiorazione: bool,
    pub premio: Importo,
    pub spiegazione: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ripartizione {
    pub fondo: Importo,
    pub distribuito: Importo,
    pub non_distribuito: Importo,
    pub premio_medio: Importo,
    /// Importo di ciascuna maggiorazione (ai premi di base dei migliori).
    pub maggiorazione_unitaria: Importo,
    pub premi: Vec<Premio>,
    pub regola: String,
}

fn coefficiente(r: &RegoleFondo, categoria: Option<&str>) -> Decimal {
    categoria
        .and_then(|c| {
            r.coefficienti_categoria
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(c.trim()))
                .map(|(_, v)| *v)
        })
        .unwrap_or(r.coefficiente_predefinito)
}

/// Arrotonda al centesimo quote esatte così che la loro somma sia `totale_cent`: parte intera,
/// poi un centesimo ai resti maggiori (a parità di resto, nell'ordine dato).
pub fn resti_maggiori(quote: &[Decimal], totale_cent: i64) -> Vec<i64> {
    let mut base: Vec<i64> = quote
        .iter()
        .map(|q| i64::try_from(q.floor()).unwrap_or(0))
        .collect();
    let assegnati: i64 = base.iter().sum();
    let mut resto = totale_cent - assegnati;
    let mut ordine: Vec<usize> = (0..quote.len()).collect();
    ordine.sort_by(|&a, &b| {
        let ra = quote[a] - quote[a].floor();
        let rb = quote[b] - quote[b].floor();
        rb.cmp(&ra).then(a.cmp(&b))
    });
    let mut i = 0;
    while resto > 0 && !ordine.is_empty() {
        base[ordine[i % ordine.len()]] += 1;
        resto -= 1;
        i += 1;
    }
    base
}

/// Ripartisce il fondo. Deterministico: a parità di punteggio l'ordine è quello dei codici.
pub fn ripartisci(fondo: Importo, persone: &[Partecipante], regole: &RegoleSmvp) -> Ripartizione {
    let r = &regole.fondo;
    let mut premi: Vec<Premio> = persone
        .iter()
        .map(|p| {
            let escluso_ruolo = p.ruolo.as_deref().is_some_and(|ruolo| {
                r.ruoli_esclusi
                    .iter()
                    .any(|x| ruolo.to_lowercase().contains(&x.to_lowercase()))
            });
            let coeff = coefficiente(r, p.categoria.as_deref());
            let presenza = (Decimal::from(p.giorni_presenza) / Decimal::from(r.giorni_riferimento))
                .min(Decimal::ONE);
            let (ammesso, motivo) = if escluso_ruolo {
                (
                    false,
                    format!("ruolo escluso ({})", p.ruolo.clone().unwrap_or_default()),
                )
            } else if p.giorni_presenza < r.giorni_minimi {
                (
                    false,
                    format!(
                        "presenza {} giorni, sotto il minimo di {}",
                        p.giorni_presenza, r.giorni_minimi
                    ),
                )
            } else if p.punteggio < r.punteggio_minimo.0 {
                (
                    false,
                    format!(
                        "punteggio {} sotto il minimo {}",
                        formato_percento_it(p.punteggio),
                        formato_percento_it(r.punteggio_minimo.0)
                    ),
                )
            } else {
                (true, "ammesso".to_string())
            };
            let parametro = if ammesso {
                coeff * p.part_time / CENTO * presenza * p.punteggio / CENTO
            } else {
                Decimal::ZERO
            };
            Premio {
                codice: p.codice.clone(),
                nome: p.nome.clone(),
                ammesso,
                motivo,
                punteggio: p.punteggio,
                coefficiente: coeff,
                parametro,
                maggiorazione: false,
                premio: Importo::ZERO,
                spiegazione: format!(
                    "coefficiente {} × part-time {} × presenza {}/{} × punteggio {}",
                    formato_it(coeff, 2),
                    formato_percento_it(p.part_time),
                    p.giorni_presenza.min(r.giorni_riferimento),
                    r.giorni_riferimento,
                    formato_percento_it(p.punteggio)
                ),
            }
        })
        .collect();
    let ammessi: Vec<usize> = (0..premi.len())
        .filter(|&i| premi[i].ammesso && !premi[i].parametro.is_zero())
        .collect();
    let fondo_cent = fondo.centesimi();
    if ammessi.is_empty() || fondo_cent <= 0 {
        return Ripartizione {
            fondo,
            distribuito: Importo::ZERO,
            non_distribuito: fondo,
            premio_medio: Importo::ZERO,
            maggiorazione_unitaria: Importo::ZERO,
            premi,
            regola: if ammessi.is_empty() {
                "nessun dipendente ammesso: il fondo non è distribuito".into()
            } else {
                format!("fondo di {}: nulla da distribuire", fondo.formato_it())
            },
        };
    }
    let n = Decimal::from(ammessi.len() as i64);
    let fondo_d = Decimal::from(fondo_cent);
    let medio = fondo_d / n;
    // Maggiorazione: ai migliori per punteggio, al massimo la quota indicata (almeno 1 se la
    // quota è positiva), pari alla percentuale del premio medio.
    let k = if r.quota_maggiorazione.0.is_zero() {
        0
    } else {
        let q = (n * r.quota_maggiorazione.0 / CENTO).floor();
        (i64::try_from(q).unwrap_or(0).max(1) as usize).min(ammessi.len())
    };
    let mut per_merito = ammessi.clone();
    per_merito.sort_by(|&a, &b| {
        premi[b]
            .punteggio
            .cmp(&premi[a].punteggio)
            .then(premi[a].codice.cmp(&premi[b].codice))
    });
    let magg_unit = if k > 0 && ammessi.len() > 1 {
        medio * r.maggiorazione.0 / CENTO
    } else {
        Decimal::ZERO
    };
    let migliori: Vec<usize> = if magg_unit.is_zero() {
        Vec::new()
    } else {
        per_merito[..k].to_vec()
    };
    let totale_magg = magg_unit * Decimal::from(migliori.len() as i64);
    let da_ripartire = fondo_d - totale_magg;
    let somma_parametri: Decimal = ammessi.iter().map(|&i| premi[i].parametro).sum();
    let quote: Vec<Decimal> = ammessi
        .iter()
        .map(|&i| {
            let base = da_ripartire * premi[i].parametro / somma_parametri;
            if migliori.contains(&i) {
                base + magg_unit
            } else {
                base
            }
        })
        .collect();
    let cent = resti_maggiori(&quote, fondo_cent);
    for (j, &i) in ammessi.iter().enumerate() {
        premi[i].premio = Importo::da_centesimi(cent[j]);
        premi[i].maggiorazione = migliori.contains(&i);
        premi[i].spiegazione = format!(
            "{} = parametro {}; quota = {} × {} ÷ {}{} = {} → {} (resti maggiori)",
            premi[i].spiegazione,
            formato_it(arrotonda(premi[i].parametro, 6), 6),
            Importo::da_centesimi(i64::try_from(da_ripartire.floor()).unwrap_or(0)).formato_it(),
            formato_it(arrotonda(premi[i].parametro, 6), 6),
            formato_it(arrotonda(somma_parametri, 6), 6),
            if premi[i].maggiorazione {
                format!(
                    " + maggiorazione {}",
                    formato_it(arrotonda(magg_unit / CENTO, 2), 2)
                )
            } else {
                String::new()
            },
            formato_it(arrotonda(quote[j] / CENTO, 4), 4),
            premi[i].premio.formato_it()
        );
    }
    Ripartizione {
        fondo,
        distribuito: fondo,
        non_distribuito: Importo::ZERO,
        premio_medio: Importo::da_centesimi(i64::try_from(arrotonda(medio, 0)).unwrap_or(0)),
        maggiorazione_unitaria: Importo::da_centesimi(
            i64::try_from(arrotonda(magg_unit, 0)).unwrap_or(0),
        ),
        premi,
        regola: format!(
            "fondo {} − maggiorazioni ({} × {}% del premio medio {}) ripartito in proporzione al parametro; \
             premi arrotondati al centesimo con il metodo dei resti maggiori",
            fondo.formato_it(),
            migliori.len(),
            formato_it(r.maggiorazione.0, 2),
            Importo::da_centesimi(i64::try_from(arrotonda(medio, 0)).unwrap_or(0)).formato_it()
        ),
    }
}

/// Riga della distribuzione per fascia di giudizio (D.Lgs. 33/2013 art. 20).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaFascia {
    pub fascia: String,
    pub persone: usize,
    pub percentuale_persone: Decimal,
    pub importo: Importo,
    pub percentuale_importo: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TabelleArt20 {
    pub stanziato: Importo,
    pub distribuito: Importo,
    pub valutati: usize,
    pub premiati: usize,
    pub premio_medio: Importo,
    pub premio_minimo: Importo,
    pub premio_massimo: Importo,
    pub distribuzione: Vec<RigaFascia>,
    /// Grado di differenziazione: rapporto tra premio massimo e minimo, e quota del fondo che
    /// va al 20% dei premiati con i premi più alti.
    pub rapporto_massimo_minimo: Option<Decimal>,
    pub quota_al_primo_quinto: Option<Decimal>,
}

pub fn tabelle_art20(rip: &Ripartizione, regole: &RegoleSmvp) -> TabelleArt20 {
    let premiati: Vec<&Premio> = rip
        .premi
        .iter()
        .filter(|p| p.premio.centesimi() > 0)
        .collect();
    let tot = rip.distribuito.centesimi();
    let pct = |a: i64, b: i64| {
        if b == 0 {
            Decimal::ZERO
        } else {
            arrotonda(Decimal::from(a) / Decimal::from(b) * CENTO, 2)
        }
    };
    let n = rip.premi.len();
    let distribuzione = regole
        .fasce
        .iter()
        .map(|f| {
            let qui: Vec<&Premio> = rip
                .premi
                .iter()
                .filter(|p| regole.fascia(p.punteggio) == f.giudizio)
                .collect();
            let importo: i64 = qui.iter().map(|p| p.premio.centesimi()).sum();
            RigaFascia {
                fascia: f.giudizio.clone(),
                persone: qui.len(),
                percentuale_persone: pct(qui.len() as i64, n as i64),
                importo: Importo::da_centesimi(importo),
                percentuale_importo: pct(importo, tot),
            }
        })
        .collect();
    let mut valori: Vec<i64> = premiati.iter().map(|p| p.premio.centesimi()).collect();
    valori.sort_unstable_by(|a, b| b.cmp(a));
    let min = valori.last().copied().unwrap_or(0);
    let max = valori.first().copied().unwrap_or(0);
    let quinto = valori.len().div_ceil(5);
    TabelleArt20 {
        stanziato: rip.fondo,
        distribuito: rip.distribuito,
        valutati: n,
        premiati: premiati.len(),
        premio_medio: if premiati.is_empty() {
            Importo::ZERO
        } else {
            Importo::da_centesimi(
                i64::try_from(arrotonda(
                    Decimal::from(tot) / Decimal::from(premiati.len() as i64),
                    0,
                ))
                .unwrap_or(0),
            )
        },
        premio_minimo: Importo::da_centesimi(min),
        premio_massimo: Importo::da_centesimi(max),
        distribuzione,
        rapporto_massimo_minimo: (min > 0)
            .then(|| arrotonda(Decimal::from(max) / Decimal::from(min), 2)),
        quota_al_primo_quinto: (!valori.is_empty())
            .then(|| pct(valori[..quinto].iter().sum(), tot)),
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    fn persona(codice: &str, punteggio: i64, giorni: u32, part_time: i64) -> Partecipante {
        Partecipante {
            codice: codice.into(),
            nome: codice.into(),
            categoria: Some("istruttori".into()),
            ruolo: None,
            part_time: Decimal::from(part_time),
            giorni_presenza: giorni,
            punteggio: Decimal::from(punteggio),
        }
    }

    fn somma(r: &Ripartizione) -> i64 {
        r.premi.iter().map(|p| p.premio.centesimi()).sum()
    }

    #[test]
    fn casi_limite() {
        let regole = RegoleSmvp::default();
        let fondo = Importo::interpreta("10000,00").unwrap();
        // Una persona sola: tutto il fondo.
        let r = ripartisci(fondo, &[persona("A", 80, 365, 100)], &regole);
        assert_eq!(r.premi[0].premio, fondo);
        // Nessun ammesso: nulla distribuito, fondo intatto.
        let r = ripartisci(fondo, &[persona("A", 10, 365, 100)], &regole);
        assert_eq!((somma(&r), r.non_distribuito), (0, fondo));
        assert!(r.premi[0].motivo.contains("sotto il minimo"));
        let r = ripartisci(fondo, &[], &regole);
        assert_eq!(r.distribuito, Importo::ZERO);
        // Fondo non divisibile per il numero di persone, parità di punteggio.
        let tre = [
            persona("A", 80, 365, 100),
            persona("B", 80, 365, 100),
            persona("C", 80, 365, 100),
        ];
        let r = ripartisci(Importo::da_centesimi(100), &tre, &regole);
        assert_eq!(somma(&r), 100);
        let mut v: Vec<i64> = r.premi.iter().map(|p| p.premio.centesimi()).collect();
        v.sort();
        assert!(v[2] - v[0] <= 1 + 10, "{v:?}");
        // Esclusioni per ruolo e presenza.
        let mut dir = persona("D", 100, 365, 100);
        dir.ruolo = Some("Direttrice".into());
        let r = ripartisci(
            fondo,
            &[dir, persona("E", 90, 10, 100), persona("F", 70, 365, 50)],
            &regole,
        );
        assert!(!r.premi[0].ammesso && !r.premi[1].ammesso && r.premi[2].ammesso);
        assert_eq!(r.premi[2].premio, fondo);
    }

    #[test]
    fn maggiorazione_al_migliore() {
        let regole = RegoleSmvp::default();
        let persone: Vec<Partecipante> = (0..10)
            .map(|i| persona(&format!("P{i:02}"), 70 + i, 365, 100))
            .collect();
        let r = ripartisci(Importo::interpreta("50000,00").unwrap(), &persone, &regole);
        assert_eq!(somma(&r), 5_000_000);
        let magg: Vec<&str> = r
            .premi
            .iter()
            .filter(|p| p.maggiorazione)
            .map(|p| p.codice.as_str())
            .collect();
        assert_eq!(magg, ["P09"]);
        // Maggiorazione = 30% del premio medio (5.000,00) = 1.500,00.
        assert_eq!(r.maggiorazione_unitaria.formato_it(), "1.500,00");
        let t = tabelle_art20(&r, &regole);
        assert_eq!(t.distribuito.formato_it(), "50.000,00");
        assert_eq!(t.premiati, 10);
        assert_eq!(t.premio_medio.formato_it(), "5.000,00");
        let per_fascia: usize = t.distribuzione.iter().map(|f| f.persone).sum();
        assert_eq!(per_fascia, 10);
    }

    proptest! {
        /// Σ premi = fondo al centesimo, per ogni fondo e ogni insieme di persone con almeno un
        /// ammesso; nessun premio negativo; gli esclusi hanno 0.
        #[test]
        fn la_somma_dei_premi_e_il_fondo(
            fondo in 0i64..1_000_000_000,
            persone in proptest::collection::vec((0i64..=100, 0u32..=400, 1i64..=100, 0usize..5), 0..40),
        ) {
            let regole = RegoleSmvp::default();
            let cat = ["operatori", "operatori esperti", "istruttori", "funzionari", "altra"];
            let ps: Vec<Partecipante> = persone
                .iter()
                .enumerate()
                .map(|(i, (s, g, pt, c))| Partecipante {
                    codice: format!("P{i:03}"),
                    nome: String::new(),
                    categoria: Some(cat[*c].into()),
                    ruolo: None,
                    part_time: Decimal::from(*pt),
                    giorni_presenza: *g,
                    punteggio: Decimal::from(*s),
                })
                .collect();
            let r = ripartisci(Importo::da_centesimi(fondo), &ps, &regole);
            let ammessi = r.premi.iter().filter(|p| p.ammesso && !p.parametro.is_zero()).count();
            if ammessi > 0 {
                prop_assert_eq!(somma(&r), fondo);
                prop_assert_eq!(r.distribuito.centesimi() + r.non_distribuito.centesimi(), fondo);
            } else {
                prop_assert_eq!(somma(&r), 0);
                prop_assert_eq!(r.non_distribuito.centesimi(), fondo);
            }
            for p in &r.premi {
                prop_assert!(p.premio.centesimi() >= 0);
                if !p.ammesso { prop_assert_eq!(p.premio.centesimi(), 0); }
            }
        }

        #[test]
        fn resti_maggiori_sommano(quote in proptest::collection::vec(0u32..1_000_000, 1..30)) {
            let q: Vec<Decimal> = quote.iter().map(|x| Decimal::from(*x) / Decimal::from(7)).collect();
            let totale = i64::try_from(q.iter().copied().sum::<Decimal>().round()).unwrap();
            let c = resti_maggiori(&q, totale);
            prop_assert_eq!(c.iter().sum::<i64>(), totale);
            for (x, y) in c.iter().zip(&q) {
                prop_assert!((Decimal::from(*x) - y).abs() < Decimal::ONE);
            }
        }
    }
}
