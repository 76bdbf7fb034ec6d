//! Una grammatica degli importi, cinque lettori: la stessa tabella di stringhe data a ognuno
//! (argomento `--fund` della riga di comando, cella CSV, cella di testo XLSX, importo del file
//! del piano, prospetto di contabilità dove la forma stampata si applica) dà lo stesso valore
//! o lo stesso rifiuto, con lo stesso messaggio.

use traguardo_app::file_piano::leggi_piano;
use traguardo_domain::numeri::{ErroreNumero, IMPORTO_MASSIMO_CENTESIMI, Importo, leggi_importo};
use traguardo_domain::rilievi::CodiceRilievo;
use traguardo_import::formati::{leggi_csv, leggi_xlsx};
use traguardo_import::numeri_report::estrai_importi_controllati;

/// Atteso: i centesimi, oppure il rifiuto (con il suo messaggio).
type Esito = Result<i64, String>;

const ACCETTATI: &[(&str, i64)] = &[
    ("1.234,56", 123_456),
    ("1234,56", 123_456),
    ("1234.56", 123_456),
    ("1234", 123_400),
    ("50.000", 5_000_000),
    ("50.000,00", 5_000_000),
    ("1.234.567", 123_456_700),
    ("-1.234,56", -123_456),
    ("-5,00", -500),
    ("€ 12,00", 1_200),
    ("12,00 €", 1_200),
    ("  7,5  ", 750),
    ("1 234,56", 123_456),
    ("1,234.56", 123_456),
    ("0,01", 1),
    ("0,00", 0),
    ("1.5", 150),
    ("999.999.999.999,99", IMPORTO_MASSIMO_CENTESIMI),
    ("-999.999.999.999,99", -IMPORTO_MASSIMO_CENTESIMI),
];

const RIFIUTATI: &[&str] = &[
    "1,234",
    "12,345",
    "1.2345",
    "0,001",
    "1234.567",
    "1.23.456",
    "1,234,567",
    "dieci",
    "12,3a",
    "1e5",
    "--5",
    "12,",
    "999.999.999.999.999.999,00",
    "1.000.000.000.000,00",
    "1000000000000",
    "99999999999999999999999999999999999999",
];

fn csv_con(valore: &str) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "lato",
        "uo",
        "titolo",
        "capitolo",
        "descrizione",
        "previsione",
    ])
    .unwrap();
    w.write_record(["spese", "DIR", "1", "100", "prova", valore])
        .unwrap();
    w.into_inner().unwrap()
}

fn xlsx_con(valore: &str) -> Vec<u8> {
    let mut libro = rust_xlsxwriter::Workbook::new();
    let f = libro.add_worksheet();
    for (j, c) in [
        "lato",
        "uo",
        "titolo",
        "capitolo",
        "descrizione",
        "previsione",
    ]
    .iter()
    .enumerate()
    {
        f.write_string(0, j as u16, *c).unwrap();
    }
    for (j, c) in ["spese", "DIR", "1", "100", "prova", valore]
        .iter()
        .enumerate()
    {
        f.write_string(1, j as u16, *c).unwrap();
    }
    libro.save_to_buffer().unwrap()
}

fn messaggi(e: &[traguardo_domain::rilievi::Rilievo]) -> String {
    e.iter()
        .map(|r| r.messaggio.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Il rifiuto di un lettore deve contenere il messaggio della grammatica.
fn rifiuto_con(messaggio: String, atteso: &ErroreNumero) -> Esito {
    assert!(
        messaggio.contains(&atteso.to_string()),
        "il messaggio «{messaggio}» non riporta «{atteso}»"
    );
    Err(atteso.to_string())
}

struct Lettori {
    piano_001: String,
}

impl Lettori {
    /// `traguardo fund allocate --fund X`: la riga di comando chiama `Importo::interpreta`.
    fn cli(&self, s: &str) -> Esito {
        Importo::interpreta(s).map(Importo::centesimi)
    }

    fn csv(&self, s: &str, atteso: &Result<i64, ErroreNumero>) -> Esito {
        match leggi_csv(&csv_con(s), "peg.csv", 2026) {
            Ok(l) => Ok(l.bilancio.capitoli[0].importi.previsione.centesimi()),
            Err(e) => rifiuto_con(messaggi(&e), atteso.as_ref().unwrap_err()),
        }
    }

    fn xlsx(&self, s: &str, atteso: &Result<i64, ErroreNumero>) -> Esito {
        match leggi_xlsx(&xlsx_con(s), "peg.xlsx", None, 2026) {
            Ok(l) => Ok(l.bilancio.capitoli[0].importi.previsione.centesimi()),
            Err(e) => rifiuto_con(messaggi(&e), atteso.as_ref().unwrap_err()),
        }
    }

    /// L'importo del numeratore del primo indicatore finanziario di 001.
    fn piano(&self, s: &str, atteso: &Result<i64, ErroreNumero>) -> Esito {
        let originale = "\"importo\": \"629520.12\"";
        assert!(self.piano_001.contains(originale));
        let testo = self.piano_001.replacen(
            originale,
            &format!("\"importo\": {}", serde_json::to_string(s).unwrap()),
            1,
        );
        match leggi_piano(testo.as_bytes(), "001.json") {
            Ok(p) => Ok(p.monitoraggio.indicatori_finanziari[0]
                .numeratore
                .importo
                .centesimi()),
            Err(e) => rifiuto_con(messaggi(&e), atteso.as_ref().unwrap_err()),
        }
    }

    /// Il prospetto stampa solo `[-]d{1,3}(.ddd)*,dd`: per le altre forme non si applica.
    fn report(&self, s: &str) -> Option<Esito> {
        let riga = format!("Totale {s}");
        let (letti, rifiutati) = estrai_importi_controllati(&riga);
        match (letti.as_slice(), rifiutati.as_slice()) {
            ([i], []) if i.colonna == 8 && forma_stampata(s) => Some(Ok(i.importo.centesimi())),
            ([], [r]) if r.colonna == 8 && r.testo == s => Some(Err(r.errore.to_string())),
            _ => None,
        }
    }
}

fn forma_stampata(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some((intera, dec)) = s.split_once(',') else {
        return false;
    };
    let gruppi: Vec<&str> = intera.split('.').collect();
    dec.len() == 2
        && dec.bytes().all(|b| b.is_ascii_digit())
        && (1..=3).contains(&gruppi[0].len())
        && gruppi[1..].iter().all(|g| g.len() == 3)
        && gruppi.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

#[test]
fn ogni_lettore_la_stessa_grammatica() {
    let l = Lettori {
        piano_001: std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/plans/001.json"),
        )
        .unwrap(),
    };
    let mut casi: Vec<(&str, Result<i64, ErroreNumero>)> = ACCETTATI
        .iter()
        .map(|(s, c)| {
            assert_eq!(leggi_importo(s).map(Importo::centesimi), Ok(*c), "{s}");
            (*s, Ok(*c))
        })
        .collect();
    for s in RIFIUTATI {
        let e = leggi_importo(s).expect_err(s);
        casi.push((s, Err(e)));
    }
    let mut dal_report = 0;
    for (s, atteso) in &casi {
        let esito: Esito = atteso.clone().map_err(|e| e.to_string());
        assert_eq!(l.cli(s), esito, "riga di comando, «{s}»");
        assert_eq!(l.csv(s, atteso), esito, "cella CSV, «{s}»");
        assert_eq!(l.xlsx(s, atteso), esito, "cella di testo XLSX, «{s}»");
        assert_eq!(l.piano(s, atteso), esito, "file del piano, «{s}»");
        if let Some(r) = l.report(s) {
            assert_eq!(r, esito, "prospetto, «{s}»");
            dal_report += 1;
        }
    }
    // Le forme stampate della tabella passano davvero anche dal prospetto.
    assert!(dal_report >= 8, "solo {dal_report} casi dal prospetto");
}

#[test]
fn rifiuti_con_file_riga_e_colonna() {
    let e = leggi_csv(&csv_con("999.999.999.999.999.999,00"), "peg.csv", 2026).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].codice, CodiceRilievo::ImportoNonValido);
    assert!(
        e[0].messaggio
            .starts_with("peg.csv, riga 2, colonna 6 (previsione): «999.999.999.999.999.999,00» è fuori dall'intervallo"),
        "{}",
        e[0].messaggio
    );
    let e = leggi_csv(&csv_con("1.234,567"), "peg.csv", 2026).unwrap_err();
    assert!(
        e[0].messaggio.contains("più di due decimali"),
        "{}",
        e[0].messaggio
    );
}
