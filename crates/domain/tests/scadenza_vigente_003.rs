//! Seed 003 (CISSA, ciclo 2023): D4 step 5 e D5 step 4 hanno una dilazione chiesta al 31/08
//! e concessa senza data di decisione, scritta anche come revisione dello step. Il rapporto di
//! monitoraggio, il punteggio e la tempestività leggono la stessa scadenza in vigore, al 31/08
//! e al 31/12 (`docs/valutazione.md`, «Scadenza in vigore alla data D»).

use chrono::NaiveDate;
use traguardo_domain::piano::Piano;
use traguardo_domain::scadenza_vigente::{FonteScadenza, scadenza_vigente};
use traguardo_domain::smvp::RegoleSmvp;
use traguardo_domain::valutazione::{rapporto_monitoraggio, tempestivita, valuta};

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

#[test]
fn stessa_scadenza_nel_rapporto_nel_punteggio_e_nella_tempestivita() {
    let mut p = seed_003();
    // La tempestività confronta il consuntivo con la scadenza: il seed non ne ha, se ne dà uno
    // agli stati dei due step (realizzati a ottobre e a novembre, nei tempi della dilazione).
    for s in &mut p.monitoraggio.stati {
        match (s.obiettivo.as_str(), s.step) {
            ("D4", 5) => s.consuntivo = Some("Ottobre 2023".into()),
            ("D5", 4) => s.consuntivo = Some("Novembre 2023".into()),
            _ => {}
        }
    }
    let casi = [("D4", 5, d(2023, 10, 31)), ("D5", 4, d(2023, 11, 30))];
    for cp in &p.monitoraggio.checkpoint {
        let val = valuta(&p, Some(cp), &RegoleSmvp::default());
        let rapporto = rapporto_monitoraggio(&p, cp);
        let tempi = tempestivita(&p, Some(cp));
        for (ob, n, attesa) in casi {
            let o = p.obiettivo(ob).unwrap();
            let regola = scadenza_vigente(&p, o, n, cp.data).unwrap();
            assert_eq!(regola.data(), Some(attesa), "{ob}.{n} al {}", cp.codice);
            // Conta dal checkpoint della richiesta: la decisione non ha data.
            assert!(
                matches!(&regola.fonte, FonteScadenza::Dilazione { dal, .. } if *dal == d(2023, 8, 31)),
                "{:?}",
                regola.fonte
            );
            let punteggio = val
                .obiettivi
                .iter()
                .find(|e| e.codice == ob)
                .and_then(|e| e.steps.get(n - 1))
                .and_then(|s| s.scadenza.as_ref())
                .and_then(|s| s.data());
            let riga = rapporto
                .iter()
                .find(|r| r.obiettivo == ob && r.step == n)
                .unwrap();
            let nel_rapporto = riga.vigente.as_ref().and_then(|s| s.data());
            let t = tempi
                .iter()
                .find(|t| t.obiettivo == ob && t.step == n)
                .unwrap();
            let nei_tempi = t.scadenza.as_ref().and_then(|s| s.data());
            assert_eq!(
                (punteggio, nel_rapporto, nei_tempi),
                (Some(attesa), Some(attesa), Some(attesa)),
                "{ob}.{n} al {}",
                cp.codice
            );
            assert_eq!(t.mesi, Some(0), "{ob}.{n}: {}", t.esito);
            assert_eq!(
                riga.scadenza.as_deref(),
                Some(regola.scadenza.testo.as_str())
            );
            assert!(riga.scadenza_originale.is_some());
        }
    }
}

#[test]
fn prima_della_richiesta_vale_la_scadenza_originale() {
    let p = seed_003();
    let o = p.obiettivo("D4").unwrap();
    // Al 31/07 la dilazione non era ancora chiesta: la revisione che la ripete non conta.
    let s = scadenza_vigente(&p, o, 5, d(2023, 7, 31)).unwrap();
    assert_eq!(s.data(), Some(d(2023, 8, 31)));
    assert_eq!(s.fonte, FonteScadenza::Originale);
}

#[test]
fn revisione_uguale_alla_dilazione_memorizzata_una_volta() {
    use traguardo_domain::scadenza_vigente::{assorbi_revisioni, ricomponi_revisioni};
    let originale = seed_003();
    let mut p = originale.clone();
    assorbi_revisioni(&mut p);
    let revisioni: usize = p
        .obiettivi
        .iter()
        .flat_map(|o| &o.steps)
        .map(|s| s.revisioni_scadenza.len())
        .sum();
    assert_eq!(revisioni, 0, "le due revisioni sono le due dilazioni");
    assert_eq!(p.monitoraggio.dilazioni.len(), 2);
    // La regola dà la stessa scadenza prima e dopo: il fatto è uno.
    for cp in &originale.monitoraggio.checkpoint {
        for (ob, n) in [("D4", 5), ("D5", 4)] {
            assert_eq!(
                scadenza_vigente(&p, p.obiettivo(ob).unwrap(), n, cp.data),
                scadenza_vigente(&originale, originale.obiettivo(ob).unwrap(), n, cp.data)
            );
        }
    }
    ricomponi_revisioni(&mut p);
    assert_eq!(p, originale);
}
