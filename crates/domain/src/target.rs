//! Valori attesi degli indicatori: comparatore, valore, unità, intervalli, SI/NO, scale,
//! testo (seeds-analysis §3.4).

use crate::numeri::interpreta_decimale;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparatore {
    /// `>=`, `> =`, `≥`, `\geq`
    AlMeno,
    /// `>`
    Maggiore,
    /// `<=`, `≤`
    AlPiu,
    /// `<`
    Minore,
    /// `=`
    Uguale,
}

impl Comparatore {
    pub fn simbolo(self) -> &'static str {
        match self {
            Comparatore::AlMeno => "≥",
            Comparatore::Maggiore => ">",
            Comparatore::AlPiu => "≤",
            Comparatore::Minore => "<",
            Comparatore::Uguale => "=",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitaValore {
    Numero,
    Percentuale,
    Euro,
}

/// Valore atteso interpretato.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Target {
    /// Un confronto: `>= 8`, `< 20%`, `= 100%`. Un numero senza comparatore
    /// (`75`, `100%`) è `Valore` con comparatore assente.
    Confronto {
        comparatore: Option<Comparatore>,
        valore: Decimal,
        unita: UnitaValore,
        /// Scala di valutazione, es. `(scala 1:10)` → (1, 10).
        scala: Option<(Decimal, Decimal)>,
        /// Testo che segue il numero (`dei progetti attivati`).
        qualificazione: Option<String>,
    },
    /// `>= 4 e <= 6`, `Da 0% a 5 %`.
    Intervallo {
        minimo: Decimal,
        massimo: Decimal,
        unita: UnitaValore,
    },
    /// `SI` / `NO`.
    SiNo { valore: bool },
    /// Testo non misurabile automaticamente: valutato dal valutatore.
    Testo,
}

/// Il valore atteso: testo originale e interpretazione.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetIndicatore {
    pub testo: String,
    pub target: Target,
}

fn normalizza(t: &str) -> String {
    t.replace("\\geq", "≥")
        .replace("\\leq", "≤")
        .replace("> =", ">=")
        .replace("< =", "<=")
        .replace('≥', ">=")
        .replace('≤', "<=")
        .replace('€', " euro ")
        .replace('\u{a0}', " ")
}

/// Stacca il comparatore iniziale.
fn comparatore(t: &str) -> (Option<Comparatore>, &str) {
    for (s, c) in [
        (">=", Comparatore::AlMeno),
        ("<=", Comparatore::AlPiu),
        ("=>", Comparatore::AlMeno),
        ("=<", Comparatore::AlPiu),
        (">", Comparatore::Maggiore),
        ("<", Comparatore::Minore),
        ("=", Comparatore::Uguale),
    ] {
        if let Some(r) = t.strip_prefix(s) {
            return (Some(c), r.trim_start());
        }
    }
    (None, t)
}

/// Numero all'inizio del testo (`93498,62`, `1.234,56`, `85 %`), con unità e resto.
pub fn numero(t: &str) -> Option<(Decimal, UnitaValore, &str)> {
    let t = t.trim_start();
    let t = t
        .strip_prefix("n°")
        .or_else(|| t.strip_prefix("n.°"))
        .or_else(|| t.strip_prefix("n."))
        .or_else(|| t.strip_prefix("n "))
        .or_else(|| t.strip_prefix("al "))
        .unwrap_or(t)
        .trim_start();
    let fine = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.' || *c == '-'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let grezzo = t[..fine].trim_end_matches(['.', ',']);
    if grezzo.is_empty() || !grezzo.chars().next()?.is_ascii_digit() {
        return None;
    }
    let fine = grezzo.len();
    // `1.234,56` (migliaia col punto) oppure `93498,62` oppure `6.67`.
    let pulito = if grezzo.contains(',') {
        grezzo.replace('.', "").replace(',', ".")
    } else if grezzo.matches('.').count() == 1 && grezzo.split('.').nth(1)?.len() == 3 {
        grezzo.replace('.', "")
    } else {
        grezzo.to_string()
    };
    let valore = interpreta_decimale(&pulito).ok()?;
    let resto = t[fine..].trim_start();
    if let Some(r) = resto.strip_prefix('%') {
        return Some((valore, UnitaValore::Percentuale, r.trim_start()));
    }
    if let Some(r) = resto.strip_prefix("euro") {
        return Some((valore, UnitaValore::Euro, r.trim_start()));
    }
    Some((valore, UnitaValore::Numero, resto))
}

fn scala(t: &str) -> Option<(Decimal, Decimal)> {
    let i = t.find("scala")?;
    let r = t[i + 5..].trim_start();
    let (a, b) = r.split_once(':')?;
    let b: String = b.chars().take_while(|c| c.is_ascii_digit()).collect();
    Some((
        interpreta_decimale(a.trim()).ok()?,
        interpreta_decimale(&b).ok()?,
    ))
}

fn pulisci_qualificazione(r: &str) -> Option<String> {
    let r = r.trim().trim_matches(['(', ')']).trim();
    (!r.is_empty()).then(|| r.to_string())
}

impl TargetIndicatore {
    pub fn interpreta(testo: &str) -> TargetIndicatore {
        TargetIndicatore {
            testo: testo.to_string(),
            target: interpreta_target(testo),
        }
    }
}

fn interpreta_target(testo: &str) -> Target {
    let norm = normalizza(testo.trim());
    let minuscolo = norm.to_lowercase();
    let t = minuscolo.trim();
    match t {
        "si" | "sì" | "si/no si" | "sì/no sì" => return Target::SiNo { valore: true },
        "no" | "si/no no" => return Target::SiNo { valore: false },
        _ => {}
    }
    // "Da 0% a 5 %"
    if let Some(r) = t.strip_prefix("da ")
        && let Some((a, b)) = r.split_once(" a ")
        && let (Some((min, u, ra)), Some((max, _, rb))) = (numero(a), numero(b))
        && ra.is_empty()
        && rb.is_empty()
    {
        return Target::Intervallo {
            minimo: min,
            massimo: max,
            unita: u,
        };
    }
    // Un comparatore può stare anche dopo un'etichetta ("N. riunioni … >= 4 e <=6").
    let inizio = t.find(['>', '<', '=']).unwrap_or(0);
    let (etichetta, corpo) = t.split_at(inizio);
    let (comp, resto) = comparatore(corpo);
    // ">= 4 e <= 6"
    if comp.is_some()
        && let Some((a, b)) = resto.split_once(" e ")
        && let (c2 @ Some(_), rb) = comparatore(b.trim())
        && let (Some((min, u, ra)), Some((max, _, rb))) = (numero(a), numero(rb))
        && ra.is_empty()
        && rb.is_empty()
    {
        let (minimo, massimo) = match (comp, c2) {
            (Some(Comparatore::AlPiu | Comparatore::Minore), _) => (max, min),
            _ => (min, max),
        };
        return Target::Intervallo {
            minimo,
            massimo,
            unita: u,
        };
    }
    if !etichetta.trim().is_empty() && comp.is_none() {
        return Target::Testo;
    }
    let Some((valore, unita, resto)) = numero(resto) else {
        return Target::Testo;
    };
    let scala = scala(resto);
    let qualificazione = if scala.is_some() {
        None
    } else {
        pulisci_qualificazione(resto)
    };
    // Un numero seguito da una frase lunga senza comparatore ("20 persone interessate") resta
    // un confronto: il numero è il valore atteso, la frase lo qualifica.
    Target::Confronto {
        comparatore: comp,
        valore,
        unita,
        scala,
        qualificazione,
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn t(s: &str) -> Target {
        TargetIndicatore::interpreta(s).target
    }

    fn confronto(c: Option<Comparatore>, v: &str, u: UnitaValore) -> Target {
        Target::Confronto {
            comparatore: c,
            valore: d(v),
            unita: u,
            scala: None,
            qualificazione: None,
        }
    }

    #[test]
    fn comparatori() {
        use Comparatore::*;
        use UnitaValore::*;
        assert_eq!(t("> = 8"), confronto(Some(AlMeno), "8", Numero));
        assert_eq!(t(">= 20%"), confronto(Some(AlMeno), "20", Percentuale));
        assert_eq!(t(">=15%"), confronto(Some(AlMeno), "15", Percentuale));
        assert_eq!(t(">=85 %"), confronto(Some(AlMeno), "85", Percentuale));
        assert_eq!(t("= 100%"), confronto(Some(Uguale), "100", Percentuale));
        assert_eq!(t("<= 15%"), confronto(Some(AlPiu), "15", Percentuale));
        assert_eq!(t("< 20%"), confronto(Some(Minore), "20", Percentuale));
        assert_eq!(t("<25%"), confronto(Some(Minore), "25", Percentuale));
        assert_eq!(t(">2400"), confronto(Some(Maggiore), "2400", Numero));
        assert_eq!(t("≥ 90%"), confronto(Some(AlMeno), "90", Percentuale));
        assert_eq!(t("\\geq 30%"), confronto(Some(AlMeno), "30", Percentuale));
        assert_eq!(
            t("\\geq al 90%"),
            confronto(Some(AlMeno), "90", Percentuale)
        );
        assert_eq!(t("100%"), confronto(None, "100", Percentuale));
        assert_eq!(t("75"), confronto(None, "75", Numero));
        assert_eq!(t("n.54"), confronto(None, "54", Numero));
        assert_eq!(t("n°1"), confronto(None, "1", Numero));
        assert_eq!(t("n° 2"), confronto(None, "2", Numero));
        assert_eq!(t("n. 5"), confronto(None, "5", Numero));
        assert_eq!(t("n 2"), confronto(None, "2", Numero));
    }

    #[test]
    fn scale_e_qualificazioni() {
        assert_eq!(
            t("≥ 8 (scala 1:10)"),
            Target::Confronto {
                comparatore: Some(Comparatore::AlMeno),
                valore: d("8"),
                unita: UnitaValore::Numero,
                scala: Some((d("1"), d("10"))),
                qualificazione: None
            }
        );
        match t("≥ 50% dei progetti attivati") {
            Target::Confronto {
                valore,
                unita,
                qualificazione,
                ..
            } => {
                assert_eq!(valore, d("50"));
                assert_eq!(unita, UnitaValore::Percentuale);
                assert_eq!(qualificazione.as_deref(), Some("dei progetti attivati"));
            }
            altro => panic!("{altro:?}"),
        }
        match t("Spesa pari a 93498,62") {
            Target::Testo => {}
            altro => panic!("{altro:?}"),
        }
        match t("402699,46 (pari all'80% dell'assegnato)") {
            Target::Confronto { valore, .. } => assert_eq!(valore, d("402699.46")),
            altro => panic!("{altro:?}"),
        }
    }

    #[test]
    fn intervalli() {
        assert_eq!(
            t(">= 4 e <= 6"),
            Target::Intervallo {
                minimo: d("4"),
                massimo: d("6"),
                unita: UnitaValore::Numero
            }
        );
        assert_eq!(
            t("N. riunioni per ogni laboratorio tematico attivato >= 4 e <=6"),
            Target::Intervallo {
                minimo: d("4"),
                massimo: d("6"),
                unita: UnitaValore::Numero
            }
        );
        assert_eq!(
            t("Da 0% a 5 %"),
            Target::Intervallo {
                minimo: d("0"),
                massimo: d("5"),
                unita: UnitaValore::Percentuale
            }
        );
    }

    #[test]
    fn si_no_e_testo() {
        assert_eq!(t("SI"), Target::SiNo { valore: true });
        assert_eq!(t("Si"), Target::SiNo { valore: true });
        assert_eq!(t("si"), Target::SiNo { valore: true });
        assert_eq!(t("Si/No SI"), Target::SiNo { valore: true });
        assert_eq!(t("NO"), Target::SiNo { valore: false });
        assert_eq!(t("Tutti i progetti attivi"), Target::Testo);
        assert_eq!(t(""), Target::Testo);
        assert_eq!(t("abc"), Target::Testo);
        assert_eq!(TargetIndicatore::interpreta("Tutti").testo, "Tutti");
    }
}
