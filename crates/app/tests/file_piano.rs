//! Il file del piano: le cinque fixture si leggono e si riscrivono identiche byte per byte.

use traguardo_app::file_piano::{leggi_piano, scrivi_piano};

fn fixture(nome: &str) -> Vec<u8> {
    let percorso = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/plans/");
    std::fs::read(format!("{percorso}{nome}")).unwrap()
}

const FIXTURE: [&str; 5] = ["000.json", "001.json", "002.json", "003.json", "004.json"];

#[test]
fn fixture_riscritte_identiche() {
    for nome in FIXTURE {
        let byte = fixture(nome);
        let piano = leggi_piano(&byte, nome).unwrap_or_else(|r| panic!("{nome}: {r:?}"));
        let scritto = scrivi_piano(&piano);
        assert!(
            scritto.as_bytes() == byte.as_slice(),
            "{nome}: la riscrittura differisce dal file"
        );
    }
}
