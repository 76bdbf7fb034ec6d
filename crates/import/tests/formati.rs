//! CSV, XLSX e prospetto: stessi capitoli da ogni formato, file malformati rifiutati con
//! riga e colonna, un importo alterato nel prospetto segnalato esattamente dove non torna.

use traguardo_domain::bilancio::{Bilancio, Lato, Livello};
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};
use traguardo_import::formati::{
    leggi_csv, leggi_xlsx, modello_csv, modello_xlsx, scrivi_csv, scrivi_xlsx,
};
use traguardo_import::report::leggi_report;

fn prospetto() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/budget/004_previsione_peg_2026.txt"),
    )
    .unwrap()
}

fn bilancio_004() -> Bilancio {
    leggi_report(&prospetto(), "004.txt").unwrap().bilancio
}

/// Stessi capitoli, stessa testata, stesse unità (l'ordine delle unità può cambiare).
fn stesso_bilancio(a: &Bilancio, b: &Bilancio) {
    assert_eq!(a.capitoli, b.capitoli);
    assert_eq!(a.testata, b.testata);
    let mut ua = a.unita.clone();
    let mut ub = b.unita.clone();
    ua.sort_by(|x, y| x.codice.cmp(&y.codice));
    ub.sort_by(|x, y| x.codice.cmp(&y.codice));
    assert_eq!(ua, ub);
    for l in [
        Livello::Uo,
        Livello::Titolo,
        Livello::Programma,
        Livello::Tipologia,
    ] {
        assert_eq!(a.totali(l, None), b.totali(l, None));
    }
}

fn errori(r: Result<impl std::fmt::Debug, Vec<Rilievo>>) -> Vec<Rilievo> {
    match r {
        Ok(x) => panic!("atteso un rifiuto, letto {x:?}"),
        Err(e) => e,
    }
}

#[test]
fn csv_fa_il_giro() {
    let b = bilancio_004();
    let csv = scrivi_csv(&b);
    let letto = leggi_csv(&csv, "peg.csv", 2026).unwrap();
    stesso_bilancio(&b, &letto.bilancio);
    assert_eq!(letto.righe_lette, 266 + 6 + 1);
    // Il CSV riesportato è identico.
    assert_eq!(scrivi_csv(&letto.bilancio), csv);
}

#[test]
fn xlsx_fa_il_giro() {
    let b = bilancio_004();
    let xlsx = scrivi_xlsx(&b).unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let letto = leggi_xlsx(&xlsx, "peg.xlsx", None, 2026).unwrap();
    stesso_bilancio(&b, &letto.bilancio);
    let per_nome = leggi_xlsx(&xlsx, "peg.xlsx", Some("Capitoli"), 2026).unwrap();
    stesso_bilancio(&b, &per_nome.bilancio);
    let e = errori(leggi_xlsx(&xlsx, "peg.xlsx", Some("Foglio9"), 2026));
    assert!(
        e[0].messaggio
            .contains("il foglio «Foglio9» non esiste (fogli: Capitoli, Istruzioni)")
    );
}

/// Come salva Excel in italiano: `;`, `1.234,56`, Windows-1252 (oppure UTF-8 con BOM).
fn csv_excel_italiano(b: &Bilancio) -> String {
    let csv = String::from_utf8(scrivi_csv(b)).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for (i, rec) in r.records().enumerate() {
        let rec = rec.unwrap();
        let campi: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(j, v)| {
                if i > 0 && j >= 9 && !v.is_empty() {
                    let d: rust_decimal::Decimal = v.parse().unwrap();
                    traguardo_domain::numeri::formato_it(d, 2)
                } else {
                    v.to_string()
                }
            })
            .collect();
        w.write_record(&campi).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn csv_di_excel_in_italiano() {
    let mut b = bilancio_004();
    // Accenti veri, per provare la codifica.
    b.capitoli[0].descrizione = "Attività di coordinamento è già città".into();
    let testo = csv_excel_italiano(&b);
    assert!(testo.contains(";13.800,00;"), "{}", &testo[..600]);
    let (win, _, _) = encoding_rs::WINDOWS_1252.encode(&testo);
    assert!(
        std::str::from_utf8(&win).is_err(),
        "deve essere davvero Windows-1252"
    );
    let letto = leggi_csv(&win, "excel.csv", 2026).unwrap();
    stesso_bilancio(&b, &letto.bilancio);
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(testo.as_bytes());
    let letto = leggi_csv(&bom, "excel-utf8.csv", 2026).unwrap();
    stesso_bilancio(&b, &letto.bilancio);
}

#[test]
fn modelli_vuoti() {
    let m = String::from_utf8(modello_csv()).unwrap();
    assert!(
        m.starts_with("lato,uo,uo_nome,titolo,tipologia,missione,programma,capitolo,descrizione,")
    );
    let e = errori(leggi_csv(m.as_bytes(), "modello.csv", 2026));
    assert_eq!(e[0].codice, CodiceRilievo::FileVuoto);
    let x = modello_xlsx().unwrap();
    let e = errori(leggi_xlsx(&x, "modello.xlsx", None, 2026));
    assert_eq!(e[0].codice, CodiceRilievo::FileVuoto);
}

fn csv_004() -> String {
    String::from_utf8(scrivi_csv(&bilancio_004())).unwrap()
}

#[test]
fn csv_malformati() {
    let buono = csv_004();
    // Troncato a metà di una riga.
    let troncato = &buono[..buono.len() / 2];
    let e = errori(leggi_csv(troncato.as_bytes(), "t.csv", 2026));
    assert_eq!(e[0].codice, CodiceRilievo::CsvNonValido);
    assert!(
        e[0].messaggio.contains("t.csv, riga "),
        "{}",
        e[0].messaggio
    );
    assert!(
        e[0].messaggio.contains("file troncato"),
        "{}",
        e[0].messaggio
    );
    // Binario.
    let e = errori(leggi_csv(&[0x50, 0x4b, 0x03, 0x04, 0, 1, 2], "b.csv", 2026));
    assert_eq!(e[0].codice, CodiceRilievo::FileBinario);
    assert!(e[0].messaggio.contains("XLSX"));
    let e = errori(leggi_csv(&[0x00, 0x9f, 0x92, 0x96], "b2.csv", 2026));
    assert_eq!(e[0].codice, CodiceRilievo::FileBinario);
    // Codifica: UTF-16.
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(buono.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let e = errori(leggi_csv(&utf16, "u.csv", 2026));
    assert_eq!(e[0].codice, CodiceRilievo::CodificaNonValida);
    // Un importo scritto come testo: riga e colonna.
    let t = buono.replacen(",13800.00,13800.00,", ",13800.00,tredicimila,", 1);
    let e = errori(leggi_csv(t.as_bytes(), "a.csv", 2026));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].codice, CodiceRilievo::ImportoNonValido);
    assert_eq!((e[0].riga, e[0].colonna), (Some(8), Some(11)));
    assert!(
        e[0].messaggio
            .contains("a.csv, riga 8, colonna 11 (previsione): «tredicimila» non è un importo")
    );
    // Colonna mancante.
    let senza: String = buono
        .lines()
        .map(|r| {
            let mut c: Vec<&str> = r.split(',').collect();
            c.remove(10);
            c.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let e = errori(leggi_csv(senza.as_bytes(), "m.csv", 2026));
    assert!(e.iter().any(
        |r| r.codice == CodiceRilievo::ColonnaMancante && r.messaggio.contains("«previsione»")
    ));
    // Capitolo ripetuto.
    let riga8 = buono.lines().nth(7).unwrap();
    let doppio = format!("{buono}{riga8}\n");
    let e = errori(leggi_csv(doppio.as_bytes(), "d.csv", 2026));
    assert_eq!(e[0].codice, CodiceRilievo::CapitoloDuplicato);
    assert!(
        e[0].messaggio.contains("compare già alla riga 8"),
        "{}",
        e[0].messaggio
    );
    // Lato sconosciuto.
    let t = buono.replacen("\nentrate,DIR", "\nentrata?,DIR", 1);
    let e = errori(leggi_csv(t.as_bytes(), "l.csv", 2026));
    assert_eq!(e[0].codice, CodiceRilievo::ValoreNonValido);
}

#[test]
fn xlsx_malformato() {
    let e = errori(leggi_xlsx(b"non sono un xlsx", "x.xlsx", None, 2026));
    assert_eq!(e[0].codice, CodiceRilievo::XlsxNonValido);
    let mut x = scrivi_xlsx(&bilancio_004()).unwrap();
    x.truncate(x.len() / 2);
    let e = errori(leggi_xlsx(&x, "t.xlsx", None, 2026));
    assert_eq!(e[0].codice, CodiceRilievo::XlsxNonValido);
}

/// Altera un solo importo di un capitolo: i rilievi nominano esattamente i subtotali che non
/// tornano più (tipologia, titolo, UO, totale delle unità, totale generale), alle loro righe.
#[test]
fn importo_alterato_nel_prospetto() {
    let p = prospetto();
    let vecchia = "210110104/0 Trasferimento coordinamento regionale quota enti gestori previsione di 13.800,00 13.800,00 0,00 0,00";
    assert!(p.contains(vecchia));
    let alterato = p.replacen(
        vecchia,
        "210110104/0 Trasferimento coordinamento regionale quota enti gestori previsione di 13.800,00 13.900,00 0,00 0,00",
        1,
    );
    let l = leggi_report(&alterato, "alterato.txt").unwrap();
    let sub: Vec<&Rilievo> = l
        .rilievi
        .iter()
        .filter(|r| r.codice == CodiceRilievo::SubtotaleNonCorrisponde)
        .collect();
    for r in &sub {
        eprintln!("{r}");
    }
    let righe: Vec<usize> = sub.iter().map(|r| r.riga.unwrap()).collect();
    assert_eq!(sub.len(), 5, "{sub:?}");
    for (r, (riga, etichetta)) in sub.iter().zip([
        (93, "Totale Tipologia 20101"),
        (127, "Totale TITOLO 2"),
        (208, "Totale UO DIR"),
        (823, "TOTALE UNITA' ORGANIZZATIVE (entrate)"),
        (826, "TOTALE GENERALE DELLE ENTRATE"),
    ]) {
        assert_eq!(r.percorso, etichetta);
        assert!(
            r.messaggio.contains(&format!("riga {riga}: ")),
            "{}",
            r.messaggio
        );
    }
    // Ogni rilievo porta la cifra calcolata e quella stampata, alla riga della cifra stampata.
    assert!(
        sub[0].messaggio.contains(
            "previsione di competenza calcolata dai capitoli 4.185.501,58, stampato 4.185.401,58"
        ),
        "{}",
        sub[0].messaggio
    );
    assert!(
        sub[4]
            .messaggio
            .contains("18.467.866,03, stampato 18.467.766,03"),
        "{}",
        sub[4].messaggio
    );
    let testo: Vec<&str> = alterato.lines().collect();
    for (r, riga) in sub.iter().zip(&righe) {
        let cifra = r
            .messaggio
            .split("stampato ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        assert!(
            testo[riga - 1].contains(cifra),
            "riga {riga}: «{}» non contiene {cifra}",
            testo[riga - 1]
        );
    }
    // La variazione del capitolo non torna più: anche questo è detto.
    assert!(
        l.rilievi
            .iter()
            .any(|r| r.codice == CodiceRilievo::VariazioniIncoerenti
                && r.percorso == "entrate[210110104/0]")
    );
    // E il bilancio non è più in pareggio.
    assert!(
        l.rilievi
            .iter()
            .any(|r| r.codice == CodiceRilievo::PareggioNonRispettato)
    );
    // Un importo alterato in un subtotale segnala solo quel subtotale.
    let sub_alterato = p.replacen(
        "Totale UO AMIN 0,00previsione di 212.293,60",
        "Totale UO AMIN 0,00previsione di 212.293,61",
        1,
    );
    let l = leggi_report(&sub_alterato, "s.txt").unwrap();
    assert_eq!(l.rilievi.len(), 1, "{:?}", l.rilievi);
    assert_eq!(l.rilievi[0].percorso, "Totale UO AMIN");
    assert!(l.rilievi[0].messaggio.contains(
        "variazione in diminuzione calcolata dai capitoli 212.293,60, stampato 212.293,61"
    ));
}

#[test]
fn prospetti_malformati() {
    let p = prospetto();
    // Troncato: gli ultimi capitoli non sono chiusi da un "Totale UO".
    let troncato = &p[..p.len() * 3 / 4];
    let e = errori(leggi_report(troncato, "t.txt").map(|l| l.bilancio.capitoli.len()));
    assert!(
        e.iter().any(|r| r.codice == CodiceRilievo::UoMancante),
        "{e:?}"
    );
    // Non è un prospetto.
    let e = errori(leggi_report("Relazione sulla performance\n1,00 2,00", "r.txt").map(|_| ()));
    assert_eq!(e[0].codice, CodiceRilievo::FormatoNonRiconosciuto);
    // Un capitolo ripetuto.
    let cap = "210110201/0 Trasferimenti correnti dalla Regione politiche sociali previsione di 675.566,30 675.000,00 0,00 566,30\nprevisione di cassa 1.350.566,30\n";
    let doppio = p.replacen(cap, &format!("{cap}\n{cap}"), 1);
    let e = errori(leggi_report(&doppio, "d.txt").map(|_| ()));
    assert_eq!(e[0].codice, CodiceRilievo::CapitoloDuplicato);
    assert!(e[0].messaggio.contains("compare già alla riga"));
    // Un capitolo senza la riga degli importi.
    let senza = p.replacen(
        "210110201/0 Trasferimenti correnti dalla Regione politiche sociali previsione di 675.566,30 675.000,00 0,00 566,30",
        "210110201/0 Trasferimenti correnti dalla Regione politiche sociali previsione di 675.566,30 675.000,00 0,00",
        1,
    );
    let e = errori(leggi_report(&senza, "i.txt").map(|_| ()));
    assert_eq!(e[0].codice, CodiceRilievo::ImportiNonValidi);
    assert!(e[0].messaggio.contains("3 importi"));
}

#[test]
fn capitoli_e_classificazioni_del_seed() {
    let b = bilancio_004();
    let c = |lato: Lato, cod: &str| {
        b.capitoli
            .iter()
            .find(|c| c.lato == lato && c.codice == cod)
            .unwrap()
            .clone()
    };
    // Descrizione su più righe, nessuna riga di cassa.
    let x = c(Lato::Entrate, "210120603/0");
    assert_eq!(
        x.descrizione,
        "Trasferimento Regionale DGR 3/2021 - allegato A - Interventi a sostegno del ruolo di cura e di assistenza del caregiver familiare"
    );
    assert_eq!(
        (x.uo.as_str(), x.titolo.as_str(), x.tipologia.as_deref()),
        ("AINTE", "2", Some("20101"))
    );
    assert_eq!(x.importi.cassa.centesimi(), 0);
    // Spesa: UO assegnata dal "Totale UO" anche dove la pagina ha perso l'intestazione.
    let y = c(Lato::Spese, "1241400/0");
    assert_eq!(
        (y.uo.as_str(), y.missione.as_deref(), y.programma.as_deref()),
        ("AINTE", Some("12"), Some("1204"))
    );
    let z = c(Lato::Spese, "2135000/0");
    assert_eq!(
        (z.programma.as_deref(), z.titolo.as_str()),
        (Some("0103"), "2")
    );
    let fcde = c(Lato::Spese, "202241/0");
    assert_eq!(fcde.importi.cassa.centesimi(), 0);
    // Il codice è opaco: stesso numero in entrata e in spesa per le partite di giro.
    assert!(
        b.capitoli
            .iter()
            .any(|c| c.lato == Lato::Entrate && c.codice == "9901610/0")
    );
    assert_eq!(b.testata.utilizzo_avanzo.formato_it(), "963.862,64");
    assert_eq!(b.testata.fondo_cassa_iniziale.formato_it(), "543.406,45");
    let imp: i64 = b
        .capitoli
        .iter()
        .map(|c| c.importi.impegnato.centesimi())
        .sum();
    assert_eq!(imp, 44_172_724);
}
