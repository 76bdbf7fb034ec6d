//! Esempi svolti dei pesi: gli stessi numeri, passo per passo, sono in `docs/valutazione.md`,
//! sezione «Esempi svolti», paragrafi P1–P3.

use rust_decimal::Decimal;
use std::str::FromStr;
use traguardo_domain::numeri::{Percentuale, Punti};
use traguardo_domain::pesi::{PesoStep, pesi_anno, verifica_pesi};
use traguardo_domain::piano::{Piano, RevisioneScadenzaFile, Step};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn step(codice: Option<&str>, scadenza: &str, peso: Option<&str>) -> Step {
    Step {
        codice: codice.map(Into::into),
        descrizione: "attività".into(),
        scadenza: Some(scadenza.into()),
        revisioni_scadenza: vec![],
        indicatore: None,
        peso: peso.map(|p| Percentuale::from_str(p).unwrap()),
        ie: None,
        figure_coinvolte: None,
        note: None,
    }
}

/// Un piano 2026–2028 con gli obiettivi indicati (codice, incidenza, step).
fn piano(obiettivi: Vec<(&str, Option<&str>, Vec<Step>)>) -> Piano {
    let json = r#"{"formato":"traguardo-piano","versione_schema":1,
        "ente":{"codice":"PROVA","nome":"Prova"},"ciclo":{"anno_inizio":2026,"anno_fine":2028}}"#;
    let mut p: Piano = serde_json::from_str(json).unwrap();
    for (codice, incidenza, steps) in obiettivi {
        let o = format!(r#"{{"codice":"{codice}","tipo":"peg","titolo":"{codice}"}}"#);
        let mut o: traguardo_domain::piano::Obiettivo = serde_json::from_str(&o).unwrap();
        o.peso = incidenza.map(|i| Percentuale::from_str(i).unwrap());
        o.steps = steps;
        p.obiettivi.push(o);
    }
    p
}

fn annuali(r: &[PesoStep]) -> Vec<Option<Decimal>> {
    r.iter().map(|p| p.peso_anno).collect()
}

fn piano_p1() -> Piano {
    piano(vec![(
        "X",
        Some("8"),
        vec![
            step(Some("X.1"), "30/06/2026", Some("20")),
            step(None, "Dicembre", Some("40")),
            step(Some("X.3"), "31/03/2027", Some("30")),
            step(Some("X.4"), "Annuale", Some("10")),
        ],
    )])
}

/// docs/valutazione.md, «P1 — Peso dello step nell'anno e nel piano».
#[test]
fn p1_peso_annuale_e_nel_piano() {
    let p = piano_p1();
    let r = pesi_anno(&p, 2026);
    assert_eq!(
        annuali(&r),
        [Some(d("28.57")), Some(d("57.14")), None, Some(d("14.29"))]
    );
    let piano: Vec<Option<Decimal>> = r.iter().map(|p| p.peso_piano).collect();
    assert_eq!(
        piano,
        [
            Some(d("1.6")),
            Some(d("3.2")),
            Some(d("2.4")),
            Some(d("0.8"))
        ]
    );
    let etichette: Vec<(&str, usize)> = r.iter().map(|p| (p.step.as_str(), p.posizione)).collect();
    assert_eq!(
        etichette,
        [("X.1", 1), ("step 2", 2), ("X.3", 3), ("X.4", 4)]
    );
    assert_eq!(r[0].scadenza.as_deref(), Some("30/06/2026"));
    assert_eq!(
        r[1].spiegazione,
        "peso step/2026 di step 2 = 40,00 ÷ (X.1 20,00 + step 2 40,00 + X.4 10,00 = 70,00) × 100 \
         = 57,14% (step dell'obiettivo X con scadenza nel 2026; arrotondamento half-up a 2 decimali)"
    );
    assert_eq!(
        r[2].spiegazione,
        "X.3 non è dovuto nel 2026 (scadenza: 31/03/2027): nessun peso per l'anno"
    );
    assert_eq!(
        annuali(&pesi_anno(&p, 2027)),
        [None, None, Some(d("75")), Some(d("25"))]
    );
    assert_eq!(
        annuali(&pesi_anno(&p, 2028)),
        [None, None, None, Some(d("100"))]
    );
}

/// docs/valutazione.md, «P2 — Dal seed 000: obiettivo G».
#[test]
fn p2_seed_000_obiettivo_g() {
    let testo = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/plans/000.json"),
    )
    .unwrap();
    let p: Piano = serde_json::from_str(&testo).unwrap();
    let g: Vec<PesoStep> = pesi_anno(&p, 2021)
        .into_iter()
        .filter(|r| r.obiettivo == "G")
        .collect();
    let righe: Vec<(&str, Option<Decimal>, Option<Decimal>)> = g
        .iter()
        .map(|r| (r.step.as_str(), r.peso_obiettivo, r.peso_anno))
        .collect();
    assert_eq!(
        righe,
        [
            ("G.1", Some(d("40")), Some(d("57.14"))),
            ("G.2", Some(d("20")), Some(d("28.57"))),
            ("G.3", Some(d("10")), Some(d("14.29"))),
            ("G.4", Some(d("10")), None),
            ("G.5", Some(d("20")), None),
        ]
    );
    // Peso nel piano: incidenza di G (5%) × peso step/obiettivo.
    assert_eq!(g[0].peso_piano, Some(d("2")));
}

#[test]
fn scadenza_rivista_e_step_senza_peso() {
    let mut rivisto = step(Some("Y.1"), "30/11/2026", Some("50"));
    rivisto.revisioni_scadenza.push(RevisioneScadenzaFile {
        scadenza: "28/02/2027".into(),
        motivo: None,
        atto: None,
        data: None,
    });
    let p = piano(vec![
        (
            "Y",
            None,
            vec![
                rivisto,
                step(Some("Y.2"), "31/12/2026", Some("50")),
                step(Some("Y.3"), "31/12/2026", None),
            ],
        ),
        (
            "Z",
            None,
            vec![
                step(Some("Z.1"), "30/06/2026", Some("0")),
                step(Some("Z.2"), "30/06/2027", Some("100")),
            ],
        ),
    ]);
    let r = pesi_anno(&p, 2026);
    assert_eq!(r[0].scadenza.as_deref(), Some("28/02/2027"));
    assert_eq!(annuali(&r), [None, Some(d("100")), None, None, None]);
    assert_eq!(r[0].peso_piano, None);
    assert_eq!(r[2].spiegazione, "Y.3 non ha un peso sull'obiettivo");
    // Z.1 è dovuto nel 2026 ma pesa 0: il peso annuale non è definito.
    assert_eq!(
        r[3].spiegazione,
        "gli step dell'obiettivo Z dovuti nel 2026 pesano 0: peso annuale non definito"
    );
    assert_eq!(pesi_anno(&p, 2027)[0].peso_anno, Some(d("100")));
}

/// docs/valutazione.md, «P3 — Verifiche delle somme».
#[test]
fn p3_verifiche_delle_somme() {
    let mut p = piano(vec![
        (
            "A",
            Some("60"),
            vec![
                step(Some("A.1"), "30/06/2026", Some("60")),
                step(None, "30/06/2026", Some("0")),
                step(None, "30/06/2026", None),
            ],
        ),
        (
            "B",
            Some("30"),
            vec![
                step(Some("B.1"), "30/06/2026", Some("60")),
                step(Some("B.2"), "30/06/2026", Some("40")),
                step(Some("B.3"), "30/06/2026", None),
            ],
        ),
        (
            "C",
            None,
            vec![
                step(Some("C.1"), "30/06/2026", Some("50")),
                step(Some("C.2"), "30/06/2026", Some("50")),
            ],
        ),
        ("D", None, vec![step(Some("D.1"), "30/06/2026", None)]),
    ]);
    p.obiettivi[2].punti = Some(Punti(d("30")));
    p.obiettivi[3].punti = Some(Punti(d("15")));
    p.ciclo.totale_punti = Some(Punti(d("50")));
    let r = verifica_pesi(&p);
    let messaggi: Vec<(&str, &str, &str)> = r
        .iter()
        .map(|x| {
            (
                x.codice.come_testo(),
                x.percorso.as_str(),
                x.messaggio.as_str(),
            )
        })
        .collect();
    assert_eq!(
        messaggi,
        [
            (
                "pesi_step_non_100",
                "obiettivi[A].steps",
                "la somma dei pesi degli step dell'obiettivo A è 60,00% invece di 100,00% \
                 (differenza -40,00%); step con peso 0: step 2; step senza peso: step 3"
            ),
            (
                "pesi_step_non_100",
                "obiettivi[B].steps",
                "la somma dei pesi degli step dell'obiettivo B è 100,00% invece di 100,00% \
                 (differenza 0,00%); step senza peso: B.3"
            ),
            (
                "pesi_obiettivi_non_100",
                "obiettivi[*].peso",
                "la somma delle incidenze degli obiettivi sul totale del piano è 90,00% invece \
                 di 100,00% (differenza -10,00%): A 60,00, B 30,00"
            ),
            (
                "punti_non_al_totale",
                "obiettivi[*].punti",
                "la somma dei punti degli obiettivi è 45,00 invece del totale dichiarato 50,00"
            ),
        ]
    );
    // C e D hanno i punti: non sono «senza incidenza». Tolti i punti a D, lo è.
    p.obiettivi[3].punti = None;
    let r = verifica_pesi(&p);
    assert!(
        r[2].messaggio.ends_with("; obiettivi senza incidenza: D"),
        "{}",
        r[2].messaggio
    );

    // Tutto a posto: nessun rilievo.
    let mut p = piano(vec![
        (
            "A",
            Some("70"),
            vec![
                step(Some("A.1"), "30/06/2026", Some("60")),
                step(Some("A.2"), "30/06/2026", Some("40")),
            ],
        ),
        ("B", Some("30"), vec![step(Some("B.1"), "30/06/2026", None)]),
    ]);
    p.obiettivi[0].punti = Some(Punti(d("50")));
    p.ciclo.totale_punti = Some(Punti(d("50")));
    assert_eq!(verifica_pesi(&p), []);
    // Nessuna incidenza indicata: la somma delle incidenze non si verifica.
    let p = piano(vec![("A", None, vec![])]);
    assert_eq!(verifica_pesi(&p), []);
}
