//! Ogni scadenza stampata nei cinque documenti reali è riconosciuta (nessuna resta testo).

use traguardo_domain::piano::Piano;
use traguardo_domain::scadenza::{FormaScadenza, Scadenza};

#[test]
fn tutte_le_scadenze_dei_seed_sono_riconosciute() {
    let mut viste = 0;
    let mut non_riconosciute = Vec::new();
    for seed in ["000", "001", "002", "003", "004"] {
        let testo = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("../../fixtures/plans/{seed}.json")),
        )
        .unwrap();
        let p: Piano = serde_json::from_str(&testo).unwrap();
        let rif = p.ciclo.anno_di_riferimento();
        for o in &p.obiettivi {
            for s in &o.steps {
                let testi = s
                    .scadenza
                    .iter()
                    .chain(s.revisioni_scadenza.iter().map(|r| &r.scadenza));
                for t in testi {
                    viste += 1;
                    let sc = Scadenza::interpreta(t, rif);
                    if sc.forma == FormaScadenza::Testo {
                        non_riconosciute.push(format!("{seed} {}: «{t}»", o.codice));
                    }
                }
            }
        }
    }
    assert!(viste > 700, "{viste}");
    assert!(non_riconosciute.is_empty(), "{non_riconosciute:#?}");
}
