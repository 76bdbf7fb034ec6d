//! La vista dei totali del bilancio sul prospetto PEG 2026 del seed 004: istantanea (insta) e
//! confronto con tutti i totali stampati (`fixtures/expected/004_totali_stampati.csv`).

use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;
use traguardo_app::porte::{FormatoBilancio, LettoreBilancio};
use traguardo_app::viste::bilancio::totali_bilancio;
use traguardo_domain::bilancio::{Bilancio, Lato, Livello};
use traguardo_import::formati::Lettori;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn bilancio_004() -> Bilancio {
    let byte = std::fs::read(fixtures().join("budget/004_previsione_peg_2026.txt")).unwrap();
    Lettori::default()
        .leggi(
            &byte,
            "004_previsione_peg_2026.txt",
            FormatoBilancio::Report,
            2026,
        )
        .unwrap()
        .bilancio
}

fn livelli(by: &str) -> Vec<Livello> {
    by.split('+')
        .map(|l| match l {
            "uo" => Livello::Uo,
            "titolo" => Livello::Titolo,
            "tipologia" => Livello::Tipologia,
            "missione" => Livello::Missione,
            "programma" => Livello::Programma,
            altro => panic!("livello {altro}"),
        })
        .collect()
}

#[test]
fn totali_stampati_del_004() {
    let b = bilancio_004();
    let mut r =
        csv::Reader::from_path(fixtures().join("expected/004_totali_stampati.csv")).unwrap();
    let mut confrontati = 0;
    for riga in r.records() {
        let riga = riga.unwrap();
        let lato = Lato::da_codice(&riga[0]).unwrap();
        let vista = totali_bilancio(&b, &livelli(&riga[1]), Some(lato));
        let t = vista
            .righe
            .iter()
            .find(|t| t.totale.chiave == riga[2])
            .unwrap_or_else(|| panic!("{riga:?}: totale assente"));
        let i = &t.totale.importi;
        let attesi: Vec<Decimal> = (3..9)
            .map(|k| Decimal::from_str(&riga[k]).unwrap())
            .collect();
        assert_eq!(
            vec![
                i.anno_precedente.valore(),
                i.previsione.valore(),
                i.aumento.valore(),
                i.diminuzione.valore(),
                i.cassa.valore(),
                i.impegnato.valore()
            ],
            attesi,
            "{riga:?}"
        );
        // Il testo in formato italiano è lo stesso importo.
        assert_eq!(t.testi.previsione, i.previsione.formato_it());
        confrontati += 1;
    }
    assert_eq!(confrontati, 55);
}

#[test]
fn istantanee_dei_totali_004() {
    let b = bilancio_004();
    insta::assert_json_snapshot!("totali_004_uo", totali_bilancio(&b, &[Livello::Uo], None));
    insta::assert_json_snapshot!(
        "totali_004_uo_titolo",
        totali_bilancio(&b, &[Livello::Uo, Livello::Titolo], None)
    );
    insta::assert_json_snapshot!("totali_004_generale", totali_bilancio(&b, &[], None));
}
