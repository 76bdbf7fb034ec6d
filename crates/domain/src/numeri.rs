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

/// Cifre massime della parte intera di un numero letto (importi, pesi, percentuali, valori):
/// fino a 999.999.999.999. Entro questo limite ogni importo sta in un `i64` di centesimi e ogni
/// decimale in un `i64` scalato di 10^4 (la memorizzazione), senza arrotondare né troncare.
pub const MAX_CIFRE_INTERE: usize = 12;

/// Il più grande importo accettato, in centesimi: 999.999.999.999,99 €.
pub const IMPORTO_MASSIMO_CENTESIMI: i64 = 99_999_999_999_999;

/// Perché un testo non è un numero accettabile. Il messaggio è in italiano e cita il testo.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErroreNumero {
    #[error("valore vuoto")]
    Vuoto,
    #[error("«{0}» non è un importo valido (forme ammesse: 1.234,56 · 1234,56 · 1234.56 · 1234)")]
    ImportoNonValido(String),
    #[error(
        "«{0}» non è un importo valido: i separatori delle migliaia vanno ogni tre cifre (1.234.567,89)"
    )]
    MigliaiaFuoriPosto(String),
    #[error("«{0}» ha più di due decimali: un importo è in euro e centesimi")]
    ImportoTroppiDecimali(String),
    #[error(
        "«{0}» è fuori dall'intervallo ammesso per un importo (da -999.999.999.999,99 a 999.999.999.999,99)"
    )]
    ImportoFuoriIntervallo(String),
    #[error("«{0}» non è un numero decimale")]
    DecimaleNonValido(String),
    #[error("«{0}» ha più di {MAX_DECIMALI} decimali")]
    DecimaleTroppiDecimali(String),
    #[error(
        "«{0}» è fuori dall'intervallo ammesso (al più {MAX_CIFRE_INTERE} cifre prima della virgola)"
    )]
    DecimaleFuoriIntervallo(String),
}

/// Arrotonda half-up a `dp` decimali.
pub fn arrotonda(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Spazi ammessi attorno ai numeri e, negli importi, come separatori delle migliaia
/// (Excel in francese o con lo spazio "non separabile").
fn e_spazio(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

/// Interpreta un decimale (peso, percentuale, punti, valore di un indicatore) scritto con il
/// punto (`6.67`) o con la virgola (`6,67`), con o senza `%` finale. Nessun separatore delle
/// migliaia: `33.333` è trentatré virgola trecentotrentatré. Al più [`MAX_DECIMALI`] decimali
/// (un quinto è rifiutato, mai arrotondato) e [`MAX_CIFRE_INTERE`] cifre intere.
pub fn leggi_decimale(testo: &str) -> Result<Decimal, ErroreNumero> {
    let originale = testo.trim_matches(e_spazio);
    let t = originale.trim_end_matches('%').trim_matches(e_spazio);
    if t.is_empty() {
        return Err(ErroreNumero::Vuoto);
    }
    let non_valido = || ErroreNumero::DecimaleNonValido(originale.to_string());
    let (negativo, corpo) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (intera, decimali) = match corpo.find(['.', ',']) {
        Some(i) => (&corpo[..i], &corpo[i + 1..]),
        None => (corpo, ""),
    };
    let cifre = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !cifre(intera) || !cifre(decimali) || (intera.is_empty() && decimali.is_empty()) {
        return Err(non_valido());
    }
    if corpo.ends_with(['.', ',']) {
        return Err(non_valido());
    }
    if intera.trim_start_matches('0').len() > MAX_CIFRE_INTERE {
        return Err(ErroreNumero::DecimaleFuoriIntervallo(originale.to_string()));
    }
    if decimali.len() > MAX_DECIMALI as usize {
        return Err(ErroreNumero::DecimaleTroppiDecimali(originale.to_string()));
    }
    // Al più 12 + 4 cifre: stanno in un i64 senza perdita.
    let intera = intera.trim_start_matches('0');
    let mantissa: i64 = format!("{intera}{decimali}0")
        .parse::<i64>()
        .map_err(|_| non_valido())?
        / 10;
    let d = Decimal::new(mantissa, decimali.len() as u32);
    Ok(if negativo { -d } else { d }.normalize())
}

/// Come [`leggi_decimale`], con il messaggio come testo (per chi raccoglie rilievi testuali).
pub fn interpreta_decimale(testo: &str) -> Result<Decimal, String> {
    leggi_decimale(testo).map_err(|e| e.to_string())
}

/// **La** grammatica degli importi, la stessa per argomenti della riga di comando, celle CSV,
/// celle di testo XLSX, file del piano e prospetto di contabilità (`docs/numeri.md`):
///
/// - `1.234,56`, `1234,56`, `1234.56`, `1234`, con `-` o `+` davanti, `€` prima o dopo, spazi
///   attorno; spazi o punti come separatori delle migliaia (a gruppi di tre cifre);
/// - un `.` seguito da esattamente tre cifre e senza `,` separa le migliaia (`50.000` =
///   50.000,00; `1.234.567` = 1.234.567,00);
/// - se compaiono sia `.` sia `,`, l'ultimo dei due è il separatore decimale (`1,234.56` è
///   accettato come 1.234,56);
/// - al più due decimali e 999.999.999.999,99 in valore assoluto: il resto è rifiutato, mai
///   arrotondato o troncato.
pub fn leggi_importo(testo: &str) -> Result<Importo, ErroreNumero> {
    let originale = testo.trim_matches(e_spazio);
    if originale.is_empty() {
        return Err(ErroreNumero::Vuoto);
    }
    let non_valido = || ErroreNumero::ImportoNonValido(originale.to_string());
    // Segno ed euro ai bordi: `-5,00`, `€ -5,00`, `-€ 5,00`, `5,00 €`.
    let mut s = originale;
    let mut negativo = false;
    let (mut segno, mut euro) = (false, false);
    loop {
        s = s.trim_matches(e_spazio);
        if !euro && let Some(r) = s.strip_prefix('€').or_else(|| s.strip_suffix('€')) {
            euro = true;
            s = r;
        } else if !segno && let Some(r) = s.strip_prefix('-') {
            (segno, negativo, s) = (true, true, r);
        } else if !segno && let Some(r) = s.strip_prefix('+') {
            (segno, s) = (true, r);
        } else {
            break;
        }
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || e_spazio(c))
    {
        return Err(non_valido());
    }
    let (intera, decimali) = match (s.rfind(','), s.rfind('.')) {
        // Entrambi: l'ultimo separa i decimali e deve comparire una volta sola.
        (Some(v), Some(p)) => {
            let (i, c) = if v > p { (v, ',') } else { (p, '.') };
            if s.matches(c).count() > 1 {
                return Err(non_valido());
            }
            (&s[..i], Some(&s[i + 1..]))
        }
        (Some(v), None) => {
            if s.matches(',').count() > 1 {
                return Err(non_valido());
            }
            (&s[..v], Some(&s[v + 1..]))
        }
        (None, Some(p)) => {
            let dopo = &s[p + 1..];
            if s.matches('.').count() > 1
                || (dopo.len() == 3 && dopo.bytes().all(|b| b.is_ascii_digit()))
            {
                (s, None)
            } else {
                (&s[..p], Some(dopo))
            }
        }
        (None, None) => (s, None),
    };
    // Parte intera: cifre, eventualmente a gruppi di tre con un solo tipo di separatore.
    let separatori: Vec<char> = intera.chars().filter(|c| !c.is_ascii_digit()).collect();
    let cifre_intere: String = if separatori.is_empty() {
        intera.to_string()
    } else {
        let tipo = |c: char| if e_spazio(c) { ' ' } else { c };
        let primo = tipo(separatori[0]);
        if separatori.iter().any(|c| tipo(*c) != primo) {
            return Err(ErroreNumero::MigliaiaFuoriPosto(originale.to_string()));
        }
        let gruppi: Vec<&str> = intera.split(|c: char| !c.is_ascii_digit()).collect();
        let ben_fatti =
            (1..=3).contains(&gruppi[0].len()) && gruppi[1..].iter().all(|g| g.len() == 3);
        if !ben_fatti {
            return Err(ErroreNumero::MigliaiaFuoriPosto(originale.to_string()));
        }
        gruppi.concat()
    };
    if cifre_intere.is_empty() {
        return Err(non_valido());
    }
    let decimali = decimali.unwrap_or("");
    if !decimali.bytes().all(|b| b.is_ascii_digit()) {
        return Err(non_valido());
    }
    if s.ends_with(['.', ',']) {
        return Err(non_valido());
    }
    if decimali.len() > 2 {
        return Err(ErroreNumero::ImportoTroppiDecimali(originale.to_string()));
    }
    let significative = cifre_intere.trim_start_matches('0');
    if significative.len() > MAX_CIFRE_INTERE {
        return Err(ErroreNumero::ImportoFuoriIntervallo(originale.to_string()));
    }
    // Al più 12 cifre intere e 2 decimali: nessun traboccamento possibile.
    let centesimi: i64 = format!("0{significative}{decimali:0<2}")
        .parse()
        .map_err(|_| non_valido())?;
    Ok(Importo::da_centesimi(if negativo {
        -centesimi
    } else {
        centesimi
    }))
}

/// Un importo arrivato come numero binario (cella numerica XLSX, numero JSON): il punto è il
/// separatore decimale, al più due decimali, stesso intervallo di [`leggi_importo`].
/// Excel salva i double con 17 cifre: il "rumore" oltre la quindicesima cifra significativa
/// (`0.30000000000000004`) non è un decimale in più.
pub fn importo_da_numero(f: f64) -> Result<Importo, ErroreNumero> {
    let testo = f.to_string();
    if !f.is_finite() {
        return Err(ErroreNumero::ImportoNonValido(testo));
    }
    if f.abs() >= 1e12 {
        return Err(ErroreNumero::ImportoFuoriIntervallo(testo));
    }
    if f != 0.0 && f.abs() < 0.005 {
        return Err(ErroreNumero::ImportoTroppiDecimali(testo));
    }
    let d = Decimal::from_str(&testo).map_err(|_| ErroreNumero::ImportoNonValido(testo.clone()))?;
    let d = if d.scale() > 2 {
        d.round_sf(15).unwrap_or(d).normalize()
    } else {
        d
    };
    if d.scale() > 2 {
        return Err(ErroreNumero::ImportoTroppiDecimali(testo));
    }
    let centesimi = i64::try_from(d * Decimal::ONE_HUNDRED)
        .map_err(|_| ErroreNumero::ImportoFuoriIntervallo(testo.clone()))?;
    if centesimi.abs() > IMPORTO_MASSIMO_CENTESIMI {
        return Err(ErroreNumero::ImportoFuoriIntervallo(testo));
    }
    Ok(Importo::da_centesimi(centesimi))
}

/// Un importo arrivato come intero binario (cella XLSX intera, numero JSON intero): euro.
pub fn importo_da_intero(v: i128) -> Result<Importo, ErroreNumero> {
    match v.checked_mul(100).and_then(|c| i64::try_from(c).ok()) {
        Some(c) if c.abs() <= IMPORTO_MASSIMO_CENTESIMI => Ok(Importo::da_centesimi(c)),
        _ => Err(ErroreNumero::ImportoFuoriIntervallo(v.to_string())),
    }
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

    /// I centesimi. Ogni importo letto sta entro ±10^14 centesimi; solo la somma di oltre
    /// 90.000 importi massimi uscirebbe da `i64`: allora satura, invece di andare in panico.
    pub fn centesimi(self) -> i64 {
        let c = self
            .0
            .checked_mul(Decimal::ONE_HUNDRED)
            .unwrap_or(if self.0.is_sign_negative() {
                Decimal::MIN
            } else {
                Decimal::MAX
            });
        i64::try_from(c.round()).unwrap_or(if c.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    pub fn valore(self) -> Decimal {
        self.0
    }

    /// [`leggi_importo`], con il messaggio come testo.
    pub fn interpreta(testo: &str) -> Result<Importo, String> {
        leggi_importo(testo).map_err(|e| e.to_string())
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
        d.deserialize_any(VisitaImporto)
    }
}

/// Un importo nel file del piano: stringa con la grammatica degli importi, oppure numero JSON.
struct VisitaImporto;

impl serde::de::Visitor<'_> for VisitaImporto {
    type Value = Importo;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("un importo scritto come stringa (es. \"1234.56\")")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Importo, E> {
        leggi_importo(v).map_err(E::custom)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Importo, E> {
        importo_da_intero(v.into()).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Importo, E> {
        importo_da_intero(v.into()).map_err(E::custom)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Importo, E> {
        importo_da_numero(v).map_err(E::custom)
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
        leggi_decimale(v).map_err(E::custom)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
        leggi_decimale(&v.to_string()).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
        leggi_decimale(&v.to_string()).map_err(E::custom)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
        // Un numero JSON con decimali passa da f64: lo si accetta solo se la sua forma breve
        // è esatta, così `6.67` resta 6.67 e `33.33333` è rifiutato (quinto decimale).
        if !v.is_finite() {
            return Err(E::custom(ErroreNumero::DecimaleNonValido(v.to_string())));
        }
        leggi_decimale(&v.to_string()).map_err(E::custom)
    }
}

/// Converte in intero scalato di 10^4 (per la memorizzazione: niente decimali nel database).
pub fn a_scala4(d: Decimal) -> i64 {
    // Un decimale letto ha al più 12 cifre intere: qui non si satura mai; un valore calcolato
    // fuori scala satura invece di andare in panico.
    let r = match d.checked_mul(Decimal::from(10_000)) {
        Some(x) => arrotonda(x, 0),
        None if d.is_sign_negative() => Decimal::MIN,
        None => Decimal::MAX,
    };
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

    #[test]
    fn grammatica_degli_importi() {
        let c = |s: &str| leggi_importo(s).map(|i| i.centesimi());
        for (testo, attesi) in [
            ("1.234,56", 123_456),
            ("1234,56", 123_456),
            ("1234.56", 123_456),
            ("1234", 123_400),
            ("50.000", 5_000_000),
            ("1.234.567", 123_456_700),
            ("1,234.56", 123_456),
            ("-5,00", -500),
            ("+5", 500),
            ("€ 12,00", 1_200),
            ("12,00 €", 1_200),
            ("-€ 5,5", -550),
            ("1 234,56", 123_456),
            ("1\u{a0}234,56", 123_456),
            ("0,5", 50),
            ("1.5", 150),
            ("999.999.999.999,99", IMPORTO_MASSIMO_CENTESIMI),
            ("-999999999999.99", -IMPORTO_MASSIMO_CENTESIMI),
            ("000000000000001234,00", 123_400),
        ] {
            assert_eq!(c(testo), Ok(attesi), "{testo}");
        }
        for (testo, errore) in [
            ("", ErroreNumero::Vuoto),
            ("1,234", ErroreNumero::ImportoTroppiDecimali("1,234".into())),
            (
                "1.2345",
                ErroreNumero::ImportoTroppiDecimali("1.2345".into()),
            ),
            (
                "1234.567",
                ErroreNumero::MigliaiaFuoriPosto("1234.567".into()),
            ),
            (
                "1.23.456",
                ErroreNumero::MigliaiaFuoriPosto("1.23.456".into()),
            ),
            (
                "1 234.567",
                ErroreNumero::MigliaiaFuoriPosto("1 234.567".into()),
            ),
            (
                "1,234,567",
                ErroreNumero::ImportoNonValido("1,234,567".into()),
            ),
            ("dieci", ErroreNumero::ImportoNonValido("dieci".into())),
            ("12,", ErroreNumero::ImportoNonValido("12,".into())),
            (",50", ErroreNumero::ImportoNonValido(",50".into())),
            ("--5", ErroreNumero::ImportoNonValido("--5".into())),
            ("1e5", ErroreNumero::ImportoNonValido("1e5".into())),
            (
                "999.999.999.999.999.999,00",
                ErroreNumero::ImportoFuoriIntervallo("999.999.999.999.999.999,00".into()),
            ),
            (
                "1.000.000.000.000,00",
                ErroreNumero::ImportoFuoriIntervallo("1.000.000.000.000,00".into()),
            ),
        ] {
            assert_eq!(leggi_importo(testo), Err(errore), "{testo}");
        }
        let e = leggi_importo("1,234").unwrap_err().to_string();
        assert!(e.contains("più di due decimali"), "{e}");
    }

    #[test]
    fn importi_da_numeri_binari() {
        let c = |f: f64| importo_da_numero(f).map(|i| i.centesimi());
        assert_eq!(c(1234.56), Ok(123_456));
        assert_eq!(c(0.1 + 0.2), Ok(30));
        assert_eq!(c(-0.0), Ok(0));
        assert_eq!(c(999_999_999_999.99), Ok(IMPORTO_MASSIMO_CENTESIMI));
        assert!(matches!(
            c(12.345),
            Err(ErroreNumero::ImportoTroppiDecimali(_))
        ));
        assert!(matches!(
            c(1e-300),
            Err(ErroreNumero::ImportoTroppiDecimali(_))
        ));
        assert!(matches!(
            c(1e12),
            Err(ErroreNumero::ImportoFuoriIntervallo(_))
        ));
        assert!(matches!(
            c(f64::NAN),
            Err(ErroreNumero::ImportoNonValido(_))
        ));
        assert!(matches!(
            c(f64::INFINITY),
            Err(ErroreNumero::ImportoNonValido(_))
        ));
        assert_eq!(importo_da_intero(50_000).unwrap().centesimi(), 5_000_000);
        assert!(importo_da_intero(i64::MAX.into()).is_err());
        assert!(importo_da_intero(1_000_000_000_000).is_err());
        // Nel file del piano: stringa con la grammatica, oppure numero JSON.
        let i: Importo = serde_json::from_str("\"50.000\"").unwrap();
        assert_eq!(i.centesimi(), 5_000_000);
        let i: Importo = serde_json::from_str("1234.5").unwrap();
        assert_eq!(i.centesimi(), 123_450);
        assert!(serde_json::from_str::<Importo>("1e300").is_err());
        assert!(serde_json::from_str::<Importo>("\"1,234\"").is_err());
    }

    #[test]
    fn pesi_fino_a_quattro_decimali() {
        assert_eq!(leggi_decimale("33,3333").unwrap(), d("33.3333"));
        assert_eq!(leggi_decimale("33.333").unwrap(), d("33.333"));
        assert_eq!(
            leggi_decimale("33.33333"),
            Err(ErroreNumero::DecimaleTroppiDecimali("33.33333".into()))
        );
        assert_eq!(
            leggi_decimale("1234567890123"),
            Err(ErroreNumero::DecimaleFuoriIntervallo(
                "1234567890123".into()
            ))
        );
        assert_eq!(leggi_decimale("-0,5%").unwrap(), d("-0.5"));
        assert!(leggi_decimale("5.").is_err());
        assert!(leggi_decimale("+").is_err());
        let e = serde_json::from_str::<Percentuale>("33.33333").unwrap_err();
        assert!(e.to_string().contains("più di 4 decimali"), "{e}");
        let e = serde_json::from_str::<Percentuale>("18446744073709551615").unwrap_err();
        assert!(e.to_string().contains("fuori dall'intervallo"), "{e}");
        assert_eq!(a_scala4(Decimal::MAX), i64::MAX);
        assert_eq!(Importo(Decimal::MAX).centesimi(), i64::MAX);
        assert_eq!(Importo(Decimal::MIN).centesimi(), i64::MIN);
    }

    proptest! {
        #[test]
        fn nessun_panico_sui_numeri(s in "\\PC{0,40}") {
            let _ = leggi_importo(&s);
            let _ = leggi_decimale(&s);
        }

        #[test]
        fn nessun_panico_sui_binari(f in proptest::num::f64::ANY) {
            let _ = importo_da_numero(f);
        }

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
