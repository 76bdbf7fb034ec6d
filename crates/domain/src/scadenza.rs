//! Scadenze: il testo come stampato nei documenti, la forma riconosciuta e, quando esiste, la
//! data normalizzata (seeds-analysis §2.13 e §3.6).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Forma riconosciuta di una scadenza.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum FormaScadenza {
    /// `30/06/21`, `31/3/2023`, `30 aprile 2023`.
    Data { data: NaiveDate },
    /// `Giugno`, `Dic`, `Febbraio 2021`: l'anno, se assente, è quello di riferimento del ciclo.
    Mese { mese: u32, anno: Option<i32> },
    /// `Gen-Giu`, `Giugno-Ottobre`, `Apr - Giu`.
    IntervalloMesi { da: u32, a: u32, anno: Option<i32> },
    /// `Entro luglio 2023`, `Entro il 31 dicembre 2023`.
    Entro { data: NaiveDate },
    /// `Annuale`, `Anno`, `Annuale con riferimento all'anno scolastico`,
    /// `secondo la scadenza annualmente prevista`.
    Annuale,
    /// `Al bisogno`.
    AlBisogno,
    /// `Cadenza mensile…`, `Cadenza quadrimestrale e al bisogno`, `mensili`,
    /// `Almeno 2 volte entro il 31 dicembre 2023`.
    Ricorrente {
        periodicita: Periodicita,
        entro: Option<NaiveDate>,
    },
    /// Due scadenze nella stessa cella: quella originale e quella rivista
    /// (`Entro agosto-2023 entro ottobre 2023`: il barrato è andato perso).
    Rivista {
        originale: Box<FormaScadenza>,
        rivista: Box<FormaScadenza>,
    },
    /// Testo non riconosciuto: conservato, senza data.
    Testo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Periodicita {
    Mensile,
    Bimestrale,
    Trimestrale,
    Quadrimestrale,
    Semestrale,
    Annuale,
    AlBisogno,
    Altra,
}

/// Una scadenza: testo originale, forma e data normalizzata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scadenza {
    pub testo: String,
    pub forma: FormaScadenza,
    /// Data entro cui lo step è dovuto, quando si ricava (un mese vale il suo ultimo giorno).
    pub data: Option<NaiveDate>,
}

/// Una revisione della scadenza (dilazione): la nuova scadenza e perché.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisioneScadenza {
    pub scadenza: Scadenza,
    pub motivo: Option<String>,
    pub atto: Option<String>,
    pub data: Option<NaiveDate>,
}

const MESI: [(&str, u32); 12] = [
    ("gennaio", 1),
    ("febbraio", 2),
    ("marzo", 3),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("agosto", 8),
    ("settembre", 9),
    ("ottobre", 10),
    ("novembre", 11),
    ("dicembre", 12),
];

/// Riconosce un mese italiano per esteso o abbreviato (`Gen`, `Sett.`, `dic`).
pub fn mese(parola: &str) -> Option<u32> {
    let p = parola.trim().trim_end_matches('.').to_lowercase();
    if p.len() < 3 {
        return None;
    }
    MESI.iter()
        .find(|(nome, _)| nome.starts_with(p.as_str()) || (p == "sett" && *nome == "settembre"))
        .map(|(_, n)| *n)
}

/// Ultimo giorno del mese.
pub fn fine_mese(anno: i32, mese: u32) -> Option<NaiveDate> {
    let (a, m) = if mese == 12 {
        (anno + 1, 1)
    } else {
        (anno, mese + 1)
    };
    NaiveDate::from_ymd_opt(a, m, 1)?.pred_opt()
}

fn anno(testo: &str) -> Option<i32> {
    let t = testo.trim();
    let n: i32 = t.parse().ok()?;
    match t.len() {
        2 => Some(2000 + n),
        4 if (1900..=2200).contains(&n) => Some(n),
        _ => None,
    }
}

/// `30/06/21`, `31/3/2023`, `30.06.2021`.
fn data_numerica(t: &str) -> Option<NaiveDate> {
    let parti: Vec<&str> = t.split(['/', '.', '-']).collect();
    if parti.len() != 3 || parti.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let g: u32 = parti[0].parse().ok()?;
    let m: u32 = parti[1].parse().ok()?;
    NaiveDate::from_ymd_opt(anno(parti[2])?, m, g)
}

/// `30 aprile 2023`, `31 dicembre 2023`.
fn data_in_lettere(parole: &[&str]) -> Option<NaiveDate> {
    if parole.len() != 3 {
        return None;
    }
    let g: u32 = parole[0].parse().ok()?;
    NaiveDate::from_ymd_opt(anno(parole[2])?, mese(parole[1])?, g)
}

/// Una data, esatta o "mese anno" (che vale come ultimo giorno del mese).
fn data_o_mese_anno(t: &str) -> Option<(NaiveDate, bool)> {
    let t = t.trim().trim_end_matches(['.', ',']);
    if let Some(d) = data_numerica(t) {
        return Some((d, true));
    }
    let norm = t.replace('-', " ");
    let parole: Vec<&str> = norm.split_whitespace().filter(|p| *p != "il").collect();
    if let Some(d) = data_in_lettere(&parole) {
        return Some((d, true));
    }
    if parole.len() == 2 {
        let m = mese(parole[0])?;
        return Some((fine_mese(anno(parole[1])?, m)?, false));
    }
    None
}

fn periodicita(t: &str) -> Option<Periodicita> {
    let coppie = [
        ("mensil", Periodicita::Mensile),
        ("bimestral", Periodicita::Bimestrale),
        ("quadrimestral", Periodicita::Quadrimestrale),
        ("trimestral", Periodicita::Trimestrale),
        ("semestral", Periodicita::Semestrale),
        ("cadenza annual", Periodicita::Annuale),
    ];
    coppie.iter().find(|(k, _)| t.contains(k)).map(|(_, p)| *p)
}

impl FormaScadenza {
    /// Data normalizzata della forma; `anno_riferimento` completa i mesi senza anno.
    pub fn data(&self, anno_riferimento: i32) -> Option<NaiveDate> {
        match self {
            FormaScadenza::Data { data } | FormaScadenza::Entro { data } => Some(*data),
            FormaScadenza::Mese { mese, anno } => {
                fine_mese(anno.unwrap_or(anno_riferimento), *mese)
            }
            FormaScadenza::IntervalloMesi { a, anno, .. } => {
                fine_mese(anno.unwrap_or(anno_riferimento), *a)
            }
            FormaScadenza::Ricorrente { entro, .. } => *entro,
            FormaScadenza::Rivista { rivista, .. } => rivista.data(anno_riferimento),
            FormaScadenza::Annuale | FormaScadenza::AlBisogno | FormaScadenza::Testo => None,
        }
    }

    /// Vero per le attività che si ripetono ogni anno del ciclo (contano in ogni anno).
    pub fn ricorre_ogni_anno(&self) -> bool {
        match self {
            FormaScadenza::Annuale | FormaScadenza::AlBisogno => true,
            FormaScadenza::Ricorrente { entro, .. } => entro.is_none(),
            FormaScadenza::Rivista { rivista, .. } => rivista.ricorre_ogni_anno(),
            _ => false,
        }
    }
}

fn riconosci(testo: &str) -> FormaScadenza {
    let t = testo
        .trim()
        .trim_end_matches(['.', ';'])
        .trim()
        .to_lowercase();
    if t.is_empty() {
        return FormaScadenza::Testo;
    }
    // Due "entro" nella stessa cella: scadenza originale e scadenza rivista.
    let occorrenze: Vec<usize> = t.match_indices("entro").map(|(i, _)| i).collect();
    if occorrenze.len() == 2 && occorrenze[0] == 0 {
        let (prima, seconda) = t.split_at(occorrenze[1]);
        let (a, b) = (riconosci(prima), riconosci(seconda));
        if a != FormaScadenza::Testo && b != FormaScadenza::Testo {
            return FormaScadenza::Rivista {
                originale: Box::new(a),
                rivista: Box::new(b),
            };
        }
    }
    if let Some(resto) = t.strip_prefix("entro") {
        let resto = resto.trim().trim_start_matches("il ").trim();
        if let Some((data, _)) = data_o_mese_anno(resto) {
            return FormaScadenza::Entro { data };
        }
        if let Some(m) = mese(resto) {
            return FormaScadenza::Mese {
                mese: m,
                anno: None,
            };
        }
        return FormaScadenza::Testo;
    }
    if let Some(d) = data_numerica(&t) {
        return FormaScadenza::Data { data: d };
    }
    let parole: Vec<&str> = t.split_whitespace().collect();
    if let Some(d) = data_in_lettere(&parole) {
        return FormaScadenza::Data { data: d };
    }
    if t.contains("al bisogno") && !t.contains("cadenza") {
        return FormaScadenza::AlBisogno;
    }
    if t == "anno"
        || t.starts_with("annuale")
        || t.contains("annualmente")
        || t.starts_with("ogni anno")
    {
        return FormaScadenza::Annuale;
    }
    if let Some(p) = periodicita(&t) {
        let entro = t
            .find("entro")
            .and_then(|i| data_o_mese_anno(t[i + 5..].trim().trim_start_matches("il ")))
            .map(|(d, _)| d);
        return FormaScadenza::Ricorrente {
            periodicita: p,
            entro,
        };
    }
    if t.contains("cadenza") || t.starts_with("almeno") || t.contains("volte") {
        let entro = t
            .find("entro")
            .and_then(|i| data_o_mese_anno(t[i + 5..].trim().trim_start_matches("il ")))
            .map(|(d, _)| d);
        let periodicita = if t.contains("al bisogno") {
            Periodicita::AlBisogno
        } else {
            Periodicita::Altra
        };
        return FormaScadenza::Ricorrente { periodicita, entro };
    }
    // Mese, mese anno, intervallo di mesi.
    let senza_spazi = t.replace(" - ", "-").replace("- ", "-").replace(" -", "-");
    let parole: Vec<&str> = senza_spazi.split_whitespace().collect();
    let (nucleo, anno_) = match parole.as_slice() {
        [n] => (*n, None),
        [n, a] => match anno(a) {
            Some(a) => (*n, Some(a)),
            None => return FormaScadenza::Testo,
        },
        _ => return FormaScadenza::Testo,
    };
    if let Some((da, a)) = nucleo.split_once('-') {
        if let (Some(da), Some(a)) = (mese(da), mese(a)) {
            return FormaScadenza::IntervalloMesi { da, a, anno: anno_ };
        }
        return FormaScadenza::Testo;
    }
    if let Some(m) = mese(nucleo) {
        return FormaScadenza::Mese {
            mese: m,
            anno: anno_,
        };
    }
    FormaScadenza::Testo
}

impl Scadenza {
    /// Interpreta il testo di una scadenza. `anno_riferimento` (l'anno del piano) completa le
    /// scadenze espresse solo come mese.
    pub fn interpreta(testo: &str, anno_riferimento: i32) -> Scadenza {
        let forma = riconosci(testo);
        let data = forma.data(anno_riferimento);
        Scadenza {
            testo: testo.to_string(),
            forma,
            data,
        }
    }

    /// Anni del ciclo `[inizio, fine]` in cui lo step è dovuto: l'anno della data, oppure tutti
    /// gli anni per le attività ricorrenti; nessuno per il testo libero.
    pub fn anni(&self, inizio: i32, fine: i32) -> Vec<i32> {
        if let Some(d) = self.data {
            return vec![d.year()];
        }
        if self.forma.ricorre_ogni_anno() {
            return (inizio..=fine).collect();
        }
        Vec::new()
    }

    /// Data in formato italiano (`31/12/2026`) se esiste, altrimenti il testo originale.
    pub fn per_esteso(&self) -> String {
        match (&self.forma, self.data) {
            (FormaScadenza::Data { .. } | FormaScadenza::Entro { .. }, Some(d)) => {
                d.format("%d/%m/%Y").to_string()
            }
            _ => self.testo.clone(),
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn d(a: i32, m: u32, g: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(a, m, g).unwrap()
    }

    fn forma(t: &str) -> FormaScadenza {
        Scadenza::interpreta(t, 2026).forma
    }

    fn data(t: &str) -> Option<NaiveDate> {
        Scadenza::interpreta(t, 2026).data
    }

    #[test]
    fn date_esatte() {
        assert_eq!(data("30/06/21"), Some(d(2021, 6, 30)));
        assert_eq!(data("28/02/22"), Some(d(2022, 2, 28)));
        assert_eq!(data("31/3/2023"), Some(d(2023, 3, 31)));
        assert_eq!(data("31/03/2023"), Some(d(2023, 3, 31)));
        assert_eq!(data("30 aprile 2023"), Some(d(2023, 4, 30)));
        assert_eq!(data("31 dicembre 2023"), Some(d(2023, 12, 31)));
        assert_eq!(data("30 aprile 2024"), Some(d(2024, 4, 30)));
        assert!(matches!(forma("30/06/21"), FormaScadenza::Data { .. }));
        // Data impossibile: resta testo, non si inventa nulla.
        assert_eq!(forma("31/02/21"), FormaScadenza::Testo);
    }

    #[test]
    fn mesi_e_intervalli() {
        assert_eq!(
            forma("Giugno"),
            FormaScadenza::Mese {
                mese: 6,
                anno: None
            }
        );
        assert_eq!(data("Giugno"), Some(d(2026, 6, 30)));
        assert_eq!(data("giugno"), Some(d(2026, 6, 30)));
        assert_eq!(data("Dic"), Some(d(2026, 12, 31)));
        assert_eq!(data("Febbraio"), Some(d(2026, 2, 28)));
        assert_eq!(data("Febbraio 2021"), Some(d(2021, 2, 28)));
        assert_eq!(
            forma("Gen-Giu"),
            FormaScadenza::IntervalloMesi {
                da: 1,
                a: 6,
                anno: None
            }
        );
        assert_eq!(data("Apr - Giu"), Some(d(2026, 6, 30)));
        assert_eq!(data("Set-Dic"), Some(d(2026, 12, 31)));
        assert_eq!(data("Giugno-Ottobre"), Some(d(2026, 10, 31)));
        assert_eq!(data("Novembre-Dicembre"), Some(d(2026, 12, 31)));
        assert_eq!(data("Gen-Mar"), Some(d(2026, 3, 31)));
    }

    #[test]
    fn entro() {
        assert_eq!(data("Entro luglio 2023"), Some(d(2023, 7, 31)));
        assert_eq!(data("Entro marzo 2023"), Some(d(2023, 3, 31)));
        assert_eq!(data("Entro il 31 dicembre 2023"), Some(d(2023, 12, 31)));
        assert_eq!(data("Entro agosto 2023"), Some(d(2023, 8, 31)));
        assert!(matches!(
            forma("Entro novembre 2023"),
            FormaScadenza::Entro { .. }
        ));
    }

    #[test]
    fn annuali_al_bisogno_ricorrenze() {
        assert_eq!(forma("Annuale"), FormaScadenza::Annuale);
        assert_eq!(forma("Annuale "), FormaScadenza::Annuale);
        assert_eq!(forma("Anno"), FormaScadenza::Annuale);
        assert_eq!(
            forma("Annuale con riferimento all'anno scolastico"),
            FormaScadenza::Annuale
        );
        assert_eq!(
            forma("secondo la scadenza annualmente prevista"),
            FormaScadenza::Annuale
        );
        assert_eq!(forma("Al bisogno"), FormaScadenza::AlBisogno);
        assert_eq!(forma("al bisogno"), FormaScadenza::AlBisogno);
        assert_eq!(
            forma("Cadenza mensile e secondo le indicazioni del Ministero"),
            FormaScadenza::Ricorrente {
                periodicita: Periodicita::Mensile,
                entro: None
            }
        );
        assert_eq!(
            forma("Cadenza quadrimestrale e al bisogno"),
            FormaScadenza::Ricorrente {
                periodicita: Periodicita::Quadrimestrale,
                entro: None
            }
        );
        assert_eq!(
            forma("mensili"),
            FormaScadenza::Ricorrente {
                periodicita: Periodicita::Mensile,
                entro: None
            }
        );
        let s = Scadenza::interpreta("Almeno 2 volte entro il 31 dicembre 2023", 2023);
        assert_eq!(s.data, Some(d(2023, 12, 31)));
        assert!(matches!(s.forma, FormaScadenza::Ricorrente { .. }));
        assert_eq!(data("Annuale"), None);
        assert_eq!(
            Scadenza::interpreta("Annuale", 2026).anni(2026, 2028),
            vec![2026, 2027, 2028]
        );
    }

    #[test]
    fn scadenze_riviste_nella_stessa_cella() {
        let s = Scadenza::interpreta("Entro agosto-2023 entro ottobre 2023", 2023);
        assert_eq!(s.data, Some(d(2023, 10, 31)));
        match s.forma {
            FormaScadenza::Rivista { originale, .. } => {
                assert_eq!(originale.data(2023), Some(d(2023, 8, 31)))
            }
            altro => panic!("{altro:?}"),
        }
        let s = Scadenza::interpreta("Entro settembre 2023 Entro novembre 2023", 2023);
        assert_eq!(s.data, Some(d(2023, 11, 30)));
    }

    #[test]
    fn testo_libero_conservato() {
        let s = Scadenza::interpreta("quando la Regione lo chiederà", 2026);
        assert_eq!(s.forma, FormaScadenza::Testo);
        assert_eq!(s.data, None);
        assert_eq!(s.testo, "quando la Regione lo chiederà");
        assert!(s.anni(2026, 2028).is_empty());
        assert_eq!(forma(""), FormaScadenza::Testo);
    }

    #[test]
    fn per_esteso() {
        assert_eq!(
            Scadenza::interpreta("30/06/21", 2021).per_esteso(),
            "30/06/2021"
        );
        assert_eq!(Scadenza::interpreta("Giugno", 2021).per_esteso(), "Giugno");
    }
}
