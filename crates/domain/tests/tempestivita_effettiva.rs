//! La tempestività con la data effettiva di completamento (una regola, in
//! `checkpoint::tempestivita_effettiva`, usata da `valutazione::tempestivita`), sul seed 003:
//! D4 step 5 («Entro agosto 2023»), dilazione chiesta al 31/08 e concessa: «entro ottobre 2023».
//! Completato il 10/10/2023:
//! - con la dilazione la scadenza in vigore al 31/12 è il 31/10/2023: nei tempi, 21 giorni prima;
//! - senza, è il 31/08/2023: in ritardo di 30 (settembre) + 10 = 40 giorni, 2 mesi.

use chrono::NaiveDate;
use traguardo_domain::piano::Piano;
use traguardo_domain::valutazione::tempestivita;

fn seed_003() -> Piano {
    let testo = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/plans/003.json"),
    )
    .unwrap();
    serde_json::from_str(&testo).unwrap()
}

fn d(a: i32, m: u32, g: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(a, m, g).unwrap()
}

fn completato_il_10_ottobre(p: &mut Piano) {
    for s in &mut p.monitoraggio.stati {
        if s.obiettivo == "D4" && s.step == 5 && s.checkpoint == "31/12/2023" {
            s.data_completamento = Some(d(2023, 10, 10));
        }
    }
}

#[test]
fn completato_dopo_la_scadenza_originale_ma_nei_tempi_della_dilazione() {
    let mut p = seed_003();
    completato_il_10_ottobre(&mut p);
    let cp = p.monitoraggio.checkpoint[1].clone();
    assert_eq!(cp.codice, "31/12/2023");
    let t = tempestivita(&p, Some(&cp));
    // Nel seed nessuno stato ha un consuntivo: l'unica riga è quella con la data.
    assert_eq!(t.len(), 1);
    let r = &t[0];
    assert_eq!((r.obiettivo.as_str(), r.step), ("D4", 5));
    assert_eq!(r.previsto, "entro ottobre 2023");
    assert_eq!(r.consuntivo, "10/10/2023");
    assert_eq!(r.completato_il, Some(d(2023, 10, 10)));
    assert_eq!((r.mesi, r.giorni), (Some(0), Some(-21)));
    assert_eq!(
        r.esito,
        "nei tempi (completato il 10/10/2023, scadenza 31/10/2023)"
    );

    // Senza la dilazione (e la sua revisione nella storia dello step): in ritardo.
    let mut senza = seed_003();
    completato_il_10_ottobre(&mut senza);
    senza
        .monitoraggio
        .dilazioni
        .retain(|x| !(x.obiettivo == "D4" && x.step == 5));
    senza
        .obiettivi
        .iter_mut()
        .find(|o| o.codice == "D4")
        .unwrap()
        .steps[4]
        .revisioni_scadenza
        .clear();
    let t = tempestivita(&senza, Some(&cp));
    let r = &t[0];
    assert_eq!(r.previsto, "Entro agosto 2023");
    assert_eq!((r.mesi, r.giorni), (Some(2), Some(40)));
    assert_eq!(
        r.esito,
        "in ritardo di 40 giorni (completato il 10/10/2023, scadenza 31/08/2023)"
    );
}

#[test]
fn la_data_effettiva_vale_piu_del_consuntivo_scritto() {
    let mut p = seed_003();
    completato_il_10_ottobre(&mut p);
    for s in &mut p.monitoraggio.stati {
        if s.obiettivo == "D4" && s.step == 5 && s.checkpoint == "31/12/2023" {
            // Il testo direbbe «dicembre» (in ritardo di 2 mesi); la data dice il 10/10.
            s.consuntivo = Some("Dicembre 2023".into());
        }
    }
    let cp = p.monitoraggio.checkpoint[1].clone();
    let r = &tempestivita(&p, Some(&cp))[0];
    assert_eq!(r.consuntivo, "Dicembre 2023");
    assert_eq!(r.giorni, Some(-21));
    assert!(r.esito.starts_with("nei tempi"), "{}", r.esito);
}
