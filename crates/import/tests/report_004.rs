use traguardo_domain::bilancio::{Lato, Livello};
use traguardo_import::report::leggi_report;

fn seed() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/budget/004_previsione_peg_2026.txt"),
    )
    .unwrap()
}

#[test]
fn seed_004_completo_e_coerente() {
    let l = leggi_report(&seed(), "004.txt").unwrap_or_else(|e| panic!("{e:#?}"));
    for r in &l.rilievi {
        eprintln!("{r}");
    }
    let b = &l.bilancio;
    let n = |lato| b.capitoli.iter().filter(|c| c.lato == lato).count();
    assert_eq!((n(Lato::Entrate), n(Lato::Spese)), (66, 200));
    assert!(l.rilievi.is_empty(), "{} rilievi", l.rilievi.len());
    let (e, _) = b.totale_generale_entrate();
    let (s, _) = b.totale_generale_spese();
    assert_eq!(e.formato_it(), "18.467.766,03");
    assert_eq!(s.formato_it(), "18.467.766,03");
    eprintln!("subtotali verificati: {}", l.subtotali_verificati);
    for t in b.totali(Livello::Uo, None) {
        eprintln!(
            "{:?} {} {} {}",
            t.lato,
            t.chiave,
            t.nome,
            t.importi.previsione.formato_it()
        );
    }
}
