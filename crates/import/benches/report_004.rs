//! Lettura e verifica del prospetto PEG del seed 004 (66 + 200 capitoli, 105 subtotali).
//! `cargo bench -p traguardo-import`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use traguardo_import::report::leggi_report;

fn lettura(c: &mut Criterion) {
    let testo = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/budget/004_previsione_peg_2026.txt"),
    )
    .expect("fixture del prospetto");
    c.bench_function("prospetto_004_lettura_e_verifica", |b| {
        b.iter(|| {
            let l = leggi_report(black_box(&testo), "004.txt").unwrap();
            assert_eq!(l.bilancio.capitoli.len(), 266);
            l
        })
    });
}

criterion_group!(benches, lettura);
criterion_main!(benches);
