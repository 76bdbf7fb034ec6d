//! Numeri decimali del dominio (percentuali, pesi, punti) e loro formati.
//!
//! Mai `f64`: tutto è `rust_decimal::Decimal`, arrotondato "half-up" (al più vicino, la metà
//! lontano da zero), come fanno i documenti degli enti (seeds-analysis §4.5).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Numero massimo di decimali accettati in ingresso per pesi, percentuali e punti.
pub const MAX_DECIMALI: u32 = 4;

/// Arrotonda half-up a `dp` decimali.
pub fn arrotonda(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Interpreta un decimale scritto con il punto (`6.67`) o con la virgola (`6,67`), con o senza
/// `%` finale. Rifiuta separatori delle migliaia ambigui e più di [`MAX_DECIMALI`] decimali.
pub fn interpreta_decimale(testo: &str) -> Result<Decimal, String> {
    let t = testo.trim().trim_end_matches('%').trim();
    if t.is_empty() {
        return Err("valore vuoto".into());
    }
    let t = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t.to_string()
    };
    let ok = t
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')));
    if !ok || t.matches('.').count() > 1 {
        return Err(format!("«{}» non è un numero decimale", testo.trim()));
    }
    let d = Decimal::from_str(t.trim_start_matches('+'))
        .map_err(|_| format!("«{}» non è un numero decimale", testo.trim()))?;
    if d.scale() > MAX_DECIMALI {
        return Err(format!(
            "«{}» ha più di {MAX_DECIMALI} decimali",
            testo.trim()
        ));
    }
    Ok(d.normalize())
}

/// Formato con il punto decimale e `dp` decimali fissi (`6.67`), per CSV e JSON.
pub fn formato_punto(d: Decimal, dp: u32) -> String {
    let r = arrotonda(d, dp);
    let mut s = format!("{r:.prec$}", prec = dp as usize);
    if s.starts_with("-0") && r.is_zero() {
        s.remove(0);
    }
    s
}

/// Formato italiano: migliaia con il punto, decimali con la virgola (`1.234,56`).
pub fn formato_it(d: Decimal, dp: u32) -> String {
    let s = formato_punto(d, dp);
    let (segno, s) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s.as_str()),
    };
    let (intera, decimali) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut raggruppata = String::with_capacity(intera.len() + intera.len() / 3);
    for (i, c) in intera.chars().enumerate() {
        if i > 0 && (intera.len() - i) % 3 == 0 {
            raggruppata.push('.');
        }
        raggruppata.push(c);
    }
    match decimali {
        Some(f) => format!("{segno}{raggruppata},{f}"),
        None => format!("{segno}{raggruppata}"),
    }
}

/// Percentuale in formato italiano con due decimali (`25,00%`).
pub fn formato_percento_it(d: Decimal) -> String {
    format!("{}%", formato_it(d, 2))
}

macro_rules! decimale_newtype {
    ($(#[$doc:meta])* $nome:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $nome(pub Decimal);

        impl $nome {
            pub const ZERO: $nome = $nome(Decimal::ZERO);
            pub fn valore(self) -> Decimal {
                self.0
            }
        }

        impl fmt::Display for $nome {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&formato_punto(self.0, 2))
            }
        }

        impl FromStr for $nome {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                interpreta_decimale(s).map($nome)
            }
        }

        impl Serialize for $nome {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&formato_punto(self.0, 2))
            }
        }

        impl<'de> Deserialize<'de> for $nome {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(VisitaDecimale).map($nome)
            }
        }
    };
}

decimale_newtype!(
    /// Percentuale (peso, incidenza, quota): `50.00` significa 50 %.
    Percentuale
);
decimale_newtype!(
    /// Punti assegnati (obiettivi del direttore: "Valore", su un totale dichiarato).
    Punti
);

/// Importo in euro, esatto al centesimo (memorizzato come centesimi interi).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Importo(Decimal);

impl Importo {
    pub const ZERO: Importo = Importo(Decimal::ZERO);

    pub fn da_centesimi(c: i64) -> Importo {
        Importo(Decimal::new(c, 2))
    }

    pub fn centesimi(self) -> i64 {
        i64::try_from(self.0 * Decimal::ONE_HUNDRED).expect("importo entro i limiti di i64")
    }

    pub fn valore(self) -> Decimal {
        self.0
    }

    /// Interpreta un importo italiano (`1.234,56`, `4.190.401,58`) o col punto (`1234.56`).
    /// Rifiuta più di due decimali: un importo non si arrotonda in silenzio.
    pub fn interpreta(testo: &str) -> Result<Importo, String> {
        let t = testo.trim().trim_start_matches('€').trim();
        let normale = if t.contains(',') {
            t.replace('.', "").replace(',', ".")
        } else if t.matches('.').count() > 1 {
            t.replace('.', "")
        } else {
            t.to_string()
        };
        let d = interpreta_decimale(&normale)
            .map_err(|_| format!("«{}» non è un importo valido", testo.trim()))?;
        if d.scale() > 2 {
            return Err(format!("«{}» ha più di due decimali", testo.trim()));
        }
        Ok(Importo(d.round_dp(2)))
    }

    /// `1.234,56`
    pub fn formato_it(self) -> String {
        formato_it(self.0, 2)
    }
}

impl fmt::Display for Importo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&formato_punto(self.0, 2))
    }
}

impl Serialize for Importo {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&formato_punto(self.0, 2))
    }
}

impl<'de> Deserialize<'de> for Importo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = d.deserialize_any(VisitaDecimale)?;
        if v.scale() > 2 {
            return Err(serde::de::Error::custom(format!(
                "«{v}» ha più di due decimali"
            )));
        }
        Ok(Importo(v))
    }
}

impl std::ops::Add for Importo {
    type Output = Importo;
    fn add(self, o: Importo) -> Importo {
        Importo(self.0 + o.0)
    }
}

impl std::ops::Sub for Importo {
    type Output = Importo;
    fn sub(self, o: Importo) -> Importo {
        Importo(self.0 - o.0)
    }
}

impl std::iter::Sum for Importo {
    fn sum<I: Iterator<Item = Importo>>(iter: I) -> Importo {
        iter.fold(Importo::ZERO, |a, b| a + b)
    }
}

struct VisitaDecimale;

impl serde::de::Visitor<'_> for VisitaDecimale {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("un numero decimale scritto come stringa (es. \"50.00\")")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
        interpreta_decimale(v).map_err(E::custom)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
        // Un numero JSON con decimali passa da f64: lo si accetta solo se la sua forma breve
        // è esatta, così `6.67` resta 6.67.
        interpreta_decimale(&v.to_string()).map_err(E::custom)
    }
}

/// Converte in intero scalato di 10^4 (per la memorizzazione: niente decimali nel database).
pub fn a_scala4(d: Decimal) -> i64 {
    let r = arrotonda(d * Decimal::from(10_000), 0);
    i64::try_from(r).unwrap_or(if r.is_sign_negative() {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// Inverso di [`a_scala4`].
pub fn da_scala4(v: i64) -> Decimal {
    Decimal::new(v, 4).normalize()
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn formati_italiani() {
        assert_eq!(formato_it(d("1234.56"), 2), "1.234,56");
        assert_eq!(formato_it(d("18467766.03"), 2), "18.467.766,03");
        assert_eq!(formato_it(d("-1234567"), 2), "-1.234.567,00");
        assert_eq!(formato_it(d("999"), 2), "999,00");
        assert_eq!(formato_percento_it(d("25")), "25,00%");
        assert_eq!(formato_punto(d("6.666666"), 2), "6.67");
        assert_eq!(formato_punto(d("53.375"), 2), "53.38");
        assert_eq!(formato_punto(d("-0.001"), 2), "0.00");
    }

    #[test]
    fn interpreta() {
        assert_eq!(interpreta_decimale("50,00%").unwrap(), d("50"));
        assert_eq!(interpreta_decimale(" 6.67 ").unwrap(), d("6.67"));
        assert!(interpreta_decimale("abc").is_err());
        assert!(interpreta_decimale("1.2.3").is_err());
        assert!(interpreta_decimale("1.23456").is_err());
        assert!(interpreta_decimale("").is_err());
    }

    #[test]
    fn serde_percentuale() {
        let p: Percentuale = serde_json::from_str("\"6.67\"").unwrap();
        assert_eq!(p.0, d("6.67"));
        let p: Percentuale = serde_json::from_str("50").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"50.00\"");
        let e = serde_json::from_str::<Percentuale>("\"abc\"").unwrap_err();
        assert!(e.to_string().contains("non è un numero decimale"), "{e}");
    }

    #[test]
    fn importi() {
        let i = Importo::interpreta("4.190.401,58").unwrap();
        assert_eq!(i.centesimi(), 419_040_158);
        assert_eq!(i.formato_it(), "4.190.401,58");
        assert_eq!(Importo::interpreta("1234.56").unwrap().centesimi(), 123_456);
        assert_eq!(Importo::interpreta("0,00").unwrap(), Importo::ZERO);
        assert!(Importo::interpreta("1,234").is_err());
        assert!(Importo::interpreta("dieci").is_err());
        let somma: Importo = ["0,10", "0,20"]
            .iter()
            .map(|s| Importo::interpreta(s).unwrap())
            .sum();
        assert_eq!(somma.centesimi(), 30);
    }

    proptest! {
        #[test]
        fn importo_si_inverte(c in -100_000_000_000i64..100_000_000_000i64) {
            let i = Importo::da_centesimi(c);
            prop_assert_eq!(Importo::interpreta(&i.formato_it()).unwrap(), i);
            prop_assert_eq!(i.centesimi(), c);
        }

        #[test]
        fn formato_e_interpretazione_si_invertono(cent in -10_000_000_000i64..10_000_000_000i64) {
            let v = Decimal::new(cent, 2);
            let punto = formato_punto(v, 2);
            prop_assert_eq!(interpreta_decimale(&punto).unwrap(), v.normalize());
            let it = formato_it(v, 2);
            let ricostruito = it.replace('.', "").replace(',', ".");
            prop_assert_eq!(Decimal::from_str(&ricostruito).unwrap(), v);
        }

        #[test]
        fn scala4_si_inverte(v in -1_000_000_000i64..1_000_000_000i64) {
            let dd = Decimal::new(v, 4);
            prop_assert_eq!(a_scala4(dd), v);
            prop_assert_eq!(da_scala4(v), dd.normalize());
        }
    }
}
