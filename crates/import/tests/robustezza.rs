//! Nessun file di bilancio fa andare in panico gli importatori: byte qualsiasi, e mutazioni
//! strutturali del prospetto 004 e della sua versione CSV e XLSX (righe e colonne tolte o
//! ripetute, celle con tipi sbagliati o valori estremi). Ogni file è letto oppure rifiutato
//! con almeno un messaggio.

use proptest::prelude::*;
use std::sync::LazyLock;
use traguardo_app::porte::{FormatoBilancio, LettoreBilancio, LetturaBilancio};
use traguardo_domain::bilancio::{Bilancio, Livello};
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};
use traguardo_import::Lettori;
use traguardo_import::formati::scrivi_csv;
use traguardo_import::report::leggi_report;

static PROSPETTO: LazyLock<String> = LazyLock::new(|| {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/budget/004_previsione_peg_2026.txt"),
    )
    .unwrap()
});

/// Le celle del CSV canonico di 004 (intestazione compresa).
static CELLE: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let b = leggi_report(&PROSPETTO, "004.txt").unwrap().bilancio;
    let csv = scrivi_csv(&b);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
});

/// Valori estremi o sbagliati per celle e importi.
const ESTREMI: &[&str] = &[
    "999.999.999.999.999.999,00",
    "-999.999.999.999.999.999,00",
    "999.999.999.999,99",
    "-999.999.999.999,99",
    "1.000.000.000.000,00",
    "99999999999999999999999999999999999999999999",
    "18446744073709551616",
    "-9223372036854775808",
    "1e308",
    "NaN",
    "inf",
    "-0,00",
    "0,001",
    "33.33333",
    "12,34567",
    "1.234.5",
    "1,234,567",
    "",
    " ",
    "€",
    "-",
    "+",
    ",",
    ".",
    "\u{feff}5",
    "١٢٣",
    "\"",
    "testata",
    "entrate",
    "spese",
    "disavanzo",
    "fondo_cassa_iniziale",
    "0",
    "-1",
];

/// Generatore deterministico (splitmix64): proptest dà il seme, qui si sceglie la mutazione.
struct Caso(u64);

impl Caso {
    fn n(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn sotto(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.n() % n as u64) as usize
        }
    }
    fn estremo(&mut self) -> String {
        match self.sotto(6) {
            0 => "9".repeat(1 + self.sotto(400)),
            1 => (0..self.sotto(30))
                .map(|_| char::from_u32(self.sotto(0x3000) as u32).unwrap_or('?'))
                .collect(),
            _ => ESTREMI[self.sotto(ESTREMI.len())].to_string(),
        }
    }
}

/// Letto, oppure rifiutato con almeno un messaggio non vuoto.
fn letto_o_rifiutato(r: Result<LetturaBilancio, Vec<Rilievo>>) {
    match r {
        Ok(l) => {
            // Anche i totali di un bilancio accettato non devono andare in panico.
            for liv in [
                Livello::Uo,
                Livello::Titolo,
                Livello::Programma,
                Livello::Tipologia,
            ] {
                let _ = l.bilancio.totali(liv, None);
            }
            let _ = l.bilancio.verifica();
        }
        Err(e) => {
            assert!(!e.is_empty(), "rifiuto senza rilievi");
            assert!(e.iter().all(|r| !r.messaggio.trim().is_empty()), "{e:?}");
        }
    }
}

fn leggi(byte: &[u8], formato: FormatoBilancio) -> Result<LetturaBilancio, Vec<Rilievo>> {
    Lettori::default().leggi(byte, "peg", formato, 2026)
}

/// Mutazioni di una tabella (CSV o XLSX).
fn muta_tabella(c: &mut Caso, righe: &mut Vec<Vec<String>>) {
    for _ in 0..1 + c.sotto(4) {
        let nr = righe.len();
        let nc = righe.first().map_or(0, Vec::len);
        match c.sotto(11) {
            0 => {
                let j = c.sotto(nc);
                righe.iter_mut().for_each(|r| {
                    if j < r.len() {
                        r.remove(j);
                    }
                })
            }
            1 => {
                let j = c.sotto(nc);
                righe.iter_mut().for_each(|r| {
                    if let Some(v) = r.get(j).cloned() {
                        r.insert(j, v);
                    }
                })
            }
            // Una riga ripetuta (anche della testata: `disavanzo` due volte).
            2 if nr > 1 => {
                let i = 1 + c.sotto(nr - 1);
                let r = righe[i].clone();
                let k = 1 + c.sotto(nr - 1);
                righe.insert(k, r);
            }
            3 if nr > 1 => {
                righe.remove(1 + c.sotto(nr - 1));
            }
            4..=6 if nr > 0 => {
                let i = c.sotto(nr);
                let j = c.sotto(righe[i].len().max(1));
                if let Some(x) = righe[i].get_mut(j) {
                    *x = c.estremo();
                }
            }
            7 => righe.truncate(c.sotto(nr + 1)),
            8 if nr > 2 => {
                let (a, b) = (c.sotto(nr), c.sotto(nr));
                righe.swap(a, b);
            }
            9 if nr > 0 => {
                let i = c.sotto(nr);
                if c.sotto(2) == 0 {
                    righe[i].pop();
                } else {
                    let v = c.estremo();
                    righe[i].push(v);
                }
            }
            _ => {
                // Una voce di testata ripetuta con un altro valore.
                if let Some(i) = righe
                    .iter()
                    .position(|r| r.first().is_some_and(|x| x == "testata"))
                {
                    let mut r = righe[i].clone();
                    if let Some(x) = r.get_mut(10) {
                        *x = c.estremo();
                    }
                    righe.push(r);
                }
            }
        }
    }
}

fn scrivi_csv_grezzo(c: &mut Caso, righe: &[Vec<String>]) -> Vec<u8> {
    let sep = [b',', b';', b'\t'][c.sotto(3)];
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .from_writer(Vec::new());
    for r in righe {
        w.write_record(r).unwrap();
    }
    let mut byte = w.into_inner().unwrap();
    match c.sotto(8) {
        0 => byte.splice(0..0, *b"\xef\xbb\xbf").for_each(drop),
        // Un byte qualsiasi sostituito (anche non UTF-8).
        1 if !byte.is_empty() => {
            let i = c.sotto(byte.len());
            byte[i] = c.n() as u8;
        }
        2 => byte.truncate(c.sotto(byte.len() + 1)),
        _ => {}
    }
    byte
}

fn scrivi_xlsx_grezzo(c: &mut Caso, righe: &[Vec<String>]) -> Vec<u8> {
    let mut libro = rust_xlsxwriter::Workbook::new();
    let f = libro.add_worksheet();
    for (i, r) in righe.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            let (i, j) = (i as u32, j as u16);
            // Celle numeriche, anche estreme, oltre al testo.
            let _ = match c.sotto(10) {
                0 => f.write_number(
                    i,
                    j,
                    [
                        1e300,
                        -1e300,
                        1e-300,
                        12.345,
                        f64::MAX,
                        1e12,
                        999_999_999_999.99,
                        0.1 + 0.2,
                        -0.0,
                        4.5e15,
                    ][c.sotto(10)],
                ),
                1 => f.write_boolean(i, j, c.sotto(2) == 0),
                2..=5 => match v.parse::<f64>() {
                    Ok(n) => f.write_number(i, j, n),
                    Err(_) => f.write_string(i, j, v),
                },
                _ => f.write_string(i, j, v),
            };
        }
    }
    let mut byte = libro.save_to_buffer().unwrap();
    if c.sotto(6) == 0 && !byte.is_empty() {
        // Il contenitore ZIP danneggiato.
        for _ in 0..1 + c.sotto(4) {
            let i = c.sotto(byte.len());
            byte[i] = c.n() as u8;
        }
    }
    byte
}

fn configurazione(casi: u32) -> ProptestConfig {
    ProptestConfig {
        cases: casi,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(configurazione(256))]

    #[test]
    fn byte_qualsiasi_come_prospetto(byte in proptest::collection::vec(any::<u8>(), 0..2048)) {
        letto_o_rifiutato(leggi(&byte, FormatoBilancio::Report));
    }

    #[test]
    fn byte_qualsiasi_come_csv(byte in proptest::collection::vec(any::<u8>(), 0..2048)) {
        letto_o_rifiutato(leggi(&byte, FormatoBilancio::Csv));
    }

    #[test]
    fn byte_qualsiasi_come_xlsx(byte in proptest::collection::vec(any::<u8>(), 0..2048)) {
        letto_o_rifiutato(leggi(&byte, FormatoBilancio::Xlsx));
    }

    #[test]
    fn testo_qualsiasi_come_csv(testo in "(\\PC{0,12}[,;\\n]){0,60}") {
        letto_o_rifiutato(leggi(testo.as_bytes(), FormatoBilancio::Csv));
    }
}

proptest! {
    #![proptest_config(configurazione(1500))]

    /// 1.500 mutazioni del prospetto 004: righe tolte, ripetute, scambiate, troncate;
    /// importi sostituiti da valori estremi; caratteri a caso. Per tenere i tempi brevi una
    /// volta su dieci si muta il file intero, le altre la testata e 150 righe consecutive.
    #[test]
    fn mutazioni_del_prospetto(seme in any::<u64>()) {
        let mut c = Caso(seme);
        let tutte: Vec<&str> = PROSPETTO.lines().collect();
        let mut righe: Vec<String> = if c.sotto(10) == 0 {
            tutte.iter().map(|r| r.to_string()).collect()
        } else {
            let da = 25 + c.sotto(tutte.len() - 175);
            tutte[..25].iter().chain(&tutte[da..da + 150]).map(|r| r.to_string()).collect()
        };
        for _ in 0..1 + c.sotto(4) {
            let n = righe.len();
            match c.sotto(9) {
                0 if n > 0 => { righe.remove(c.sotto(n)); }
                1 if n > 0 => { let r = righe[c.sotto(n)].clone(); righe.insert(c.sotto(n), r); }
                2 if n > 0 => { let (a, b) = (c.sotto(n), c.sotto(n)); righe.swap(a, b); }
                3 | 4 if n > 0 => {
                    // Un importo stampato sostituito da un valore estremo.
                    let i = c.sotto(n);
                    if let Some(p) = righe[i].find(',') {
                        let inizio = righe[i][..p].rfind(' ').map_or(0, |x| x + 1);
                        let fine = (p + 3).min(righe[i].len());
                        if righe[i].is_char_boundary(fine) {
                            let v = c.estremo();
                            righe[i].replace_range(inizio..fine, &v);
                        }
                    }
                }
                5 => righe.truncate(c.sotto(n + 1)),
                6 if n > 0 => {
                    let i = c.sotto(n);
                    let riga: Vec<char> = righe[i].chars().collect();
                    if !riga.is_empty() {
                        let k = c.sotto(riga.len());
                        let mut nuova = riga.clone();
                        nuova[k] = char::from_u32(c.sotto(0x250) as u32).unwrap_or('?');
                        righe[i] = nuova.into_iter().collect();
                    }
                }
                7 => {
                    let k = c.sotto(n + 1);
                    let v = c.estremo();
                    righe.insert(k, format!("Totale UO DIR {v}"));
                }
                _ => {
                    let k = c.sotto(n + 1);
                    righe.insert(k, "DISAVANZO DI AMMINISTRAZIONE 999.999.999.999,99 0,00".into());
                }
            }
        }
        let testo = righe.join("\n");
        letto_o_rifiutato(leggi(testo.as_bytes(), FormatoBilancio::Report));
    }

    /// 1.500 mutazioni del CSV di 004.
    #[test]
    fn mutazioni_del_csv(seme in any::<u64>()) {
        let mut c = Caso(seme);
        let mut righe = CELLE.clone();
        muta_tabella(&mut c, &mut righe);
        let byte = scrivi_csv_grezzo(&mut c, &righe);
        letto_o_rifiutato(leggi(&byte, FormatoBilancio::Csv));
    }
}

proptest! {
    #![proptest_config(configurazione(1000))]

    /// 1.000 mutazioni dell'XLSX di 004 (intestazione, testata e 20 capitoli a caso per
    /// tenere i tempi brevi), con celle numeriche estreme e contenitore danneggiato.
    #[test]
    fn mutazioni_dell_xlsx(seme in any::<u64>()) {
        let mut c = Caso(seme);
        let tutte = &*CELLE;
        let inizio = 7 + c.sotto(tutte.len() - 27);
        let mut righe: Vec<Vec<String>> = tutte[..7].iter().chain(&tutte[inizio..inizio + 20]).cloned().collect();
        muta_tabella(&mut c, &mut righe);
        let byte = scrivi_xlsx_grezzo(&mut c, &righe);
        letto_o_rifiutato(leggi(&byte, FormatoBilancio::Xlsx));
    }
}

/// Il caso dell'issue: un importo di 999.999.999.999.999.999,00 nel CSV è rifiutato con file,
/// riga e colonna (prima mandava in panico l'importatore).
#[test]
fn importo_enorme_nel_csv_rifiutato() {
    let mut righe = CELLE.clone();
    righe[8][10] = "999.999.999.999.999.999,00".into();
    let mut w = csv::Writer::from_writer(Vec::new());
    righe.iter().for_each(|r| w.write_record(r).unwrap());
    let e = leggi(&w.into_inner().unwrap(), FormatoBilancio::Csv).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].riga, Some(9));
    assert!(
        e[0].messaggio.starts_with("peg, riga 9, colonna 11 (previsione): «999.999.999.999.999.999,00» è fuori dall'intervallo"),
        "{}",
        e[0].messaggio
    );
}

/// Una voce della testata data due volte (due righe `disavanzo`) è rifiutata: l'ultima non
/// vince più in silenzio. Lo stesso nell'XLSX e nel prospetto.
#[test]
fn voce_di_testata_ripetuta_rifiutata() {
    let mut righe = CELLE.clone();
    let i = righe
        .iter()
        .position(|r| r[0] == "testata" && r[7] == "disavanzo")
        .unwrap();
    let mut doppia = righe[i].clone();
    doppia[10] = "5.000,00".into();
    righe.push(doppia);
    let n = righe.len();
    let mut w = csv::Writer::from_writer(Vec::new());
    righe.iter().for_each(|r| w.write_record(r).unwrap());
    let e = leggi(&w.into_inner().unwrap(), FormatoBilancio::Csv).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].codice, CodiceRilievo::VoceTestataDuplicata);
    assert_eq!(
        e[0].messaggio,
        format!(
            "peg, riga {n}, colonna 8 (capitolo): la voce di testata «disavanzo» compare già alla riga {}",
            i + 1
        )
    );

    let mut libro = rust_xlsxwriter::Workbook::new();
    let f = libro.add_worksheet();
    for (r, riga) in righe.iter().enumerate() {
        for (j, v) in riga.iter().enumerate() {
            f.write_string(r as u32, j as u16, v).unwrap();
        }
    }
    let e = leggi(&libro.save_to_buffer().unwrap(), FormatoBilancio::Xlsx).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].codice, CodiceRilievo::VoceTestataDuplicata);
    assert!(
        e[0].messaggio
            .contains(&format!("riga {n}, colonna 8 (capitolo)")),
        "{}",
        e[0].messaggio
    );

    let testo = PROSPETTO.replacen(
        "DISAVANZO DI AMMINISTRAZIONE 0,000,00 0,00 0,00",
        "DISAVANZO DI AMMINISTRAZIONE 0,000,00 0,00 0,00\nDISAVANZO DI AMMINISTRAZIONE 5,000,00 0,00 0,00",
        1,
    );
    let e = leggi(testo.as_bytes(), FormatoBilancio::Report).unwrap_err();
    assert!(
        e.iter()
            .any(|r| r.codice == CodiceRilievo::VoceTestataDuplicata),
        "{e:?}"
    );
}

/// Il bilancio 004 si legge ancora per intero (i generatori partono da qui).
#[test]
fn il_punto_di_partenza_e_valido() {
    let b: &Bilancio = &leggi(
        scrivi_csv(&leggi_report(&PROSPETTO, "004.txt").unwrap().bilancio).as_slice(),
        FormatoBilancio::Csv,
    )
    .unwrap()
    .bilancio;
    assert_eq!(b.capitoli.len(), 266);
    assert_eq!(CELLE.len(), 1 + 6 + 266);
}

/// Le mutazioni del CSV esplorano sia la lettura sia il rifiuto.
#[test]
fn le_mutazioni_leggono_e_rifiutano() {
    let (mut letti, mut rifiutati) = (0, 0);
    for seme in 0..300u64 {
        let mut c = Caso(seme);
        let mut righe = CELLE.clone();
        muta_tabella(&mut c, &mut righe);
        let byte = scrivi_csv_grezzo(&mut c, &righe);
        match leggi(&byte, FormatoBilancio::Csv) {
            Ok(_) => letti += 1,
            Err(_) => rifiutati += 1,
        }
    }
    eprintln!("mutazioni del CSV: {letti} lette, {rifiutati} rifiutate");
    assert!(
        letti >= 30 && rifiutati >= 30,
        "{letti} lette, {rifiutati} rifiutate"
    );
}
