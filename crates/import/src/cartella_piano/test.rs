use super::*;
use calamine::{Data, Reader, Xlsx};
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;
use std::io::Cursor;
use traguardo_app::file_piano::formato::PianoFile;
use traguardo_domain::rilievi::CodiceRilievo;

fn fixture(n: &str) -> PianoFile {
    let p = format!(
        "{}/../../fixtures/plans/{n}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

type Griglia = Vec<(String, Vec<Vec<Data>>)>;

/// Le celle di ogni foglio, come le rilegge un utente che apre il file.
fn griglia(byte: &[u8]) -> Griglia {
    let mut libro: Xlsx<_> = Xlsx::new(Cursor::new(byte)).unwrap();
    libro
        .sheet_names()
        .into_iter()
        .map(|n| {
            let area = libro.worksheet_range(&n).unwrap();
            let (fr, fc) = area.end().unwrap_or((0, 0));
            let righe = (0..=fr)
                .map(|r| {
                    (0..=fc)
                        .map(|c| area.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                        .collect()
                })
                .collect();
            (n, righe)
        })
        .collect()
}

/// Riscrive le celle come farebbe un foglio di calcolo che salva la cartella modificata.
fn riscrivi(g: &Griglia) -> Vec<u8> {
    let mut libro = Workbook::new();
    for (nome, righe) in g {
        let f = libro.add_worksheet().set_name(nome).unwrap();
        for (r, riga) in righe.iter().enumerate() {
            for (c, d) in riga.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match d {
                    Data::String(s) => f.write_string(r, c, s).map(|_| ()),
                    Data::Float(x) => f.write_number(r, c, *x).map(|_| ()),
                    Data::Int(x) => f.write_number(r, c, *x as f64).map(|_| ()),
                    Data::Bool(b) => f.write_boolean(r, c, *b).map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
    }
    libro.save_to_buffer().unwrap()
}

fn foglio<'a>(g: &'a mut Griglia, nome: &str) -> &'a mut Vec<Vec<Data>> {
    &mut g.iter_mut().find(|(n, _)| n == nome).unwrap().1
}

fn colonna(g: &mut Griglia, foglio_: &str, nome: &str) -> usize {
    foglio(g, foglio_)[0]
        .iter()
        .position(|d| *d == Data::String(nome.into()))
        .unwrap()
}

#[test]
fn inrete_2026_e_cissa_fanno_il_giro_senza_perdite() {
    for n in ["004", "003", "000"] {
        let file = fixture(n);
        let byte = scrivi_cartella(&file).unwrap();
        let letto = leggi_cartella(&byte, "piano.xlsx").unwrap();
        assert_eq!(letto, file, "piano {n}");
        // Anche dopo il salvataggio di un foglio di calcolo (celle riscritte una per una).
        let riletto = leggi_cartella(&riscrivi(&griglia(&byte)), "piano.xlsx").unwrap();
        assert_eq!(riletto, file, "piano {n} risalvato");
    }
}

#[test]
fn fogli_intestazioni_e_numeri() {
    let byte = scrivi_cartella(&fixture("004")).unwrap();
    let g = griglia(&byte);
    let nomi: Vec<&str> = g.iter().map(|(n, _)| n.as_str()).collect();
    for atteso in [
        "Piano",
        "Obiettivi",
        "Step",
        "Indicatori",
        "Assegnazioni",
        "Collegamenti",
    ] {
        assert!(nomi.contains(&atteso), "manca {atteso} in {nomi:?}");
    }
    // I pesi sono numeri, non testo (INRETE non ne ha: quelli di CSSM 2021).
    let mut g000 = griglia(&scrivi_cartella(&fixture("000")).unwrap());
    let j = colonna(&mut g000, "Step", "peso");
    let step = foglio(&mut g000, "Step");
    assert!(step.iter().skip(1).any(|r| r[j] == Data::Float(50.0)));
    assert!(
        step.iter()
            .skip(1)
            .all(|r| matches!(r[j], Data::Float(_) | Data::Empty))
    );
    let (_, piano) = g.iter().find(|(n, _)| n == "Piano").unwrap();
    assert!(piano.iter().any(
        |r| r[0] == Data::String("ente.codice".into()) && r[1] == Data::String("INRETE".into())
    ));
}

#[test]
fn modifica_di_una_cella_e_riga_aggiunta() {
    let file = fixture("004");
    let mut g = griglia(&scrivi_cartella(&file).unwrap());
    let desc = colonna(&mut g, "Step", "descrizione");
    let ob = colonna(&mut g, "Step", "obiettivo");
    let step = foglio(&mut g, "Step");
    let obiettivo = step[1][ob].clone();
    step[1][desc] = Data::String("Descrizione rinominata".into());
    let mut nuova = vec![Data::Empty; step[0].len()];
    nuova[ob] = obiettivo.clone();
    nuova[desc] = Data::String("Step aggiunto nel foglio".into());
    step.push(nuova);
    let letto = leggi_cartella(&riscrivi(&g), "piano.xlsx").unwrap();
    let Data::String(codice) = obiettivo else {
        panic!("codice obiettivo")
    };
    let o = letto.obiettivi.iter().find(|o| o.codice == codice).unwrap();
    let prima = file.obiettivi.iter().find(|o| o.codice == codice).unwrap();
    assert_eq!(o.steps[0].descrizione, "Descrizione rinominata");
    assert_eq!(o.steps.len(), prima.steps.len() + 1);
    assert_eq!(
        o.steps.last().unwrap().descrizione,
        "Step aggiunto nel foglio"
    );
    assert_eq!(o.steps.last().unwrap().id, None);
}

fn errori(g: &Griglia) -> Vec<traguardo_domain::rilievi::Rilievo> {
    leggi_cartella(&riscrivi(g), "piano.xlsx").unwrap_err()
}

#[test]
fn errori_con_foglio_riga_colonna_e_campo() {
    let base = griglia(&scrivi_cartella(&fixture("004")).unwrap());

    let mut g = base.clone();
    let j = colonna(&mut g, "Step", "peso");
    foglio(&mut g, "Step")[3][j] = Data::String("abc".into());
    let e = errori(&g);
    assert_eq!(e.len(), 1, "{e:?}");
    let atteso = format!(
        "piano.xlsx, foglio «Step», riga 4, colonna {} (peso):",
        lettera(j)
    );
    assert!(e[0].messaggio.starts_with(&atteso), "{}", e[0].messaggio);
    assert_eq!((e[0].riga, e[0].colonna), (Some(4), Some(j + 1)));

    let mut g = base.clone();
    let j = colonna(&mut g, "Indicatori", "obiettivo");
    foglio(&mut g, "Indicatori")[2][j] = Data::String("NON-ESISTE".into());
    let e = errori(&g);
    assert_eq!(e[0].codice, CodiceRilievo::RiferimentoSconosciuto);
    assert!(
        e[0].messaggio.contains("foglio «Indicatori», riga 3"),
        "{}",
        e[0].messaggio
    );
    assert!(
        e[0].messaggio
            .contains("«NON-ESISTE» non è nel foglio «Obiettivi»")
    );

    let mut g = base.clone();
    let j = colonna(&mut g, "Obiettivi", "tipo");
    foglio(&mut g, "Obiettivi")[5][j] = Data::String("segreto".into());
    let e = errori(&g);
    assert_eq!(e[0].codice, CodiceRilievo::ValoreNonValido);
    assert!(
        e[0].messaggio.contains("riga 6, colonna C (tipo)"),
        "{}",
        e[0].messaggio
    );
    assert!(
        e[0].messaggio.contains("«segreto» non ammesso"),
        "{}",
        e[0].messaggio
    );

    let mut g = base.clone();
    let j = colonna(&mut g, "Step", "descrizione");
    foglio(&mut g, "Step")[7][j] = Data::Empty;
    let e = errori(&g);
    assert_eq!(e[0].codice, CodiceRilievo::CampoMancante);
    assert!(
        e[0].messaggio.contains("riga 8, colonna D (descrizione)"),
        "{}",
        e[0].messaggio
    );

    let mut g = base.clone();
    let j = colonna(&mut g, "Assegnazioni", "quota");
    foglio(&mut g, "Assegnazioni")[0][j] = Data::String("quote".into());
    let e = errori(&g);
    assert!(
        e.iter()
            .any(|r| r.codice == CodiceRilievo::ColonnaSconosciuta)
    );
    assert!(
        e.iter()
            .any(|r| r.codice == CodiceRilievo::ColonnaMancante && r.messaggio.contains("«quota»"))
    );

    let mut g = base.clone();
    g.retain(|(n, _)| n != "Collegamenti");
    let e = errori(&g);
    assert_eq!(e[0].codice, CodiceRilievo::FoglioMancante);
    assert!(e[0].messaggio.contains("manca il foglio «Collegamenti»"));

    let mut g = base.clone();
    let j = colonna(&mut g, "Obiettivi", "primo_anno");
    foglio(&mut g, "Obiettivi")[2][j] = Data::String("duemila".into());
    let e = errori(&g);
    assert_eq!(e[0].codice, CodiceRilievo::TipoErrato);
    assert!(
        e[0].messaggio
            .contains("atteso un numero intero, trovato «duemila»")
    );

    let e = leggi_cartella(b"PK\x03\x04 non proprio", "x.xlsx").unwrap_err();
    assert_eq!(e[0].codice, CodiceRilievo::XlsxNonValido);
}

#[test]
fn celle_data_lette_come_nel_file() {
    use calamine::{ExcelDateTime, ExcelDateTimeType};
    let giorno = Data::DateTime(ExcelDateTime::new(
        46387.0,
        ExcelDateTimeType::DateTime,
        false,
    ));
    let v = |nome| lettura_valore(&giorno, Tipo::T, nome);
    assert_eq!(v("scadenza"), Some(serde_json::json!("31/12/2026")));
    assert_eq!(v("data"), Some(serde_json::json!("2026-12-31")));
    let intero = lettura_valore(&Data::Float(2026.0), Tipo::I, "primo_anno");
    assert_eq!(intero, Some(serde_json::json!(2026)));
    let testo = lettura_valore(&Data::Float(12.0), Tipo::T, "codice");
    assert_eq!(testo, Some(serde_json::json!("12")));
}

fn lettura_valore(d: &Data, t: Tipo, nome: &str) -> Option<serde_json::Value> {
    lettura::valore(d, t, nome).unwrap()
}

#[test]
fn lettere_delle_colonne() {
    assert_eq!(lettera(0), "A");
    assert_eq!(lettera(25), "Z");
    assert_eq!(lettera(26), "AA");
    assert_eq!(lettera(30), "AE");
}

/// Il file si apre con LibreOffice (se è installato; la CI non lo installa ancora).
#[test]
fn si_apre_con_libreoffice() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("LibreOffice non installato: verifica dell'apertura non eseguita");
        return;
    };
    let dir = std::env::temp_dir().join(format!("cartella-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("piano.xlsx");
    std::fs::write(&p, scrivi_cartella(&fixture("004")).unwrap()).unwrap();
    let o = std::process::Command::new(soffice)
        .args(["--headless", "--convert-to", "csv", "--outdir"])
        .arg(&dir)
        .arg(&p)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(dir.join("piano.csv")).unwrap();
    assert!(csv.contains("INRETE"), "{csv}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn piccola() -> Griglia {
    let mut file = fixture("004");
    file.obiettivi.truncate(2);
    file.note.truncate(2);
    file.progetti_peg.truncate(2);
    griglia(&scrivi_cartella(&file).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn byte_qualsiasi_rifiutati_senza_panico(byte in proptest::collection::vec(any::<u8>(), 0..2000)) {
        prop_assert!(leggi_cartella(&byte, "x.xlsx").is_err());
    }

    #[test]
    fn celle_alterate_importate_o_rifiutate(
        f in 0usize..30, r in 0usize..12, c in 0usize..40,
        cella in prop_oneof![
            any::<String>().prop_map(Data::String),
            any::<f64>().prop_map(Data::Float),
            any::<bool>().prop_map(Data::Bool),
            Just(Data::Empty),
        ],
    ) {
        let mut g = piccola();
        let n = g.len();
        let righe = &mut g[f % n].1;
        let r = r % (righe.len() + 1);
        if r == righe.len() {
            righe.push(Vec::new());
        }
        let riga = &mut righe[r];
        if c >= riga.len() {
            riga.resize(c + 1, Data::Empty);
        }
        riga[c] = cella;
        match leggi_cartella(&riscrivi(&g), "x.xlsx") {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.is_empty() && e.iter().all(|r| r.messaggio.starts_with("x.xlsx"))),
        }
    }
}
