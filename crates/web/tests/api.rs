//! L'API sui dati dimostrativi, in processo (TestApp), su SQLite e PostgreSQL.

mod comune;

use comune::{PIANI, TestApp};
use rust_decimal::Decimal;
use std::str::FromStr;
use traguardo_testkit::{DbDiProva, fixture};

fn dec(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(
        v.as_str()
            .unwrap_or_else(|| panic!("non è una stringa: {v}")),
    )
    .unwrap()
}

/// Quello che serviva `crates/server/src/web.rs`, ora con i tipi del filo e problem+json.
async fn rotte_di_prima(db: DbDiProva) {
    let app = TestApp::aperta(db, PIANI).await;
    let r = app.get("/").await;
    assert_eq!(r.stato, 200);
    assert!(
        r.testo()
            .contains("\"piano\":\"/api/v1/enti/{ente}/piani/{anno}\""),
        "{}",
        r.testo()
    );
    let r = app.get("/health").await;
    assert_eq!(r.stato, 200);
    assert_eq!(r.json()["stato"], "ok");
    assert_eq!(r.json()["database"], app.db.store.backend());

    // Il piano esportato è il file importato, byte per byte.
    let r = app.get("/api/v1/enti/CSSM/piani/2021").await;
    assert_eq!(r.stato, 200);
    assert_eq!(r.tipo, "application/json");
    assert_eq!(
        r.testo(),
        std::fs::read_to_string(fixture("plans/000.json")).unwrap()
    );

    let r = app.get("/api/v1/enti").await;
    assert_eq!(r.stato, 200);
    let enti = r.json();
    assert_eq!(enti["totale"], 4, "{enti}");
    assert!(
        enti["elementi"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["codice"] == "CSSM")
    );

    let d = app.get("/api/v1/enti/CSSM/piani/2030").await.problema(404);
    assert!(d.contains("non ha un ciclo che inizia nel 2030"), "{d}");
    let d = app.get("/api/v1/enti/NESSUNO/cicli").await.problema(404);
    assert_eq!(d, "l'ente «NESSUNO» non esiste");

    let r = app
        .get("/api/v1/enti/INRETE/bilanci/2026/totali?per=uo&lato=spese")
        .await;
    assert_eq!(r.stato, 200);
    let t = r.json();
    assert_eq!(t["totali"].as_array().unwrap().len(), 6);
    assert_eq!(t["totale_generale"]["entrate"]["competenza"], "18467766.03");
    assert_eq!(t["totale_generale"]["spese"]["competenza"], "18467766.03");
    let d = app
        .get("/api/v1/enti/INRETE/bilanci/2026/totali?per=capitolo")
        .await
        .problema(422);
    assert!(d.contains("livello «capitolo» non valido"), "{d}");

    let r = app.get("/api/v1/enti/CISSA/cicli/2023/valutazione").await;
    assert_eq!(r.stato, 200);
    let v = r.json();
    let direttore = v["aggregati"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["livello"] == "director")
        .unwrap()
        .clone();
    assert_eq!(
        dec(&direttore["raggiungimento"]),
        Decimal::from_str("97.2").unwrap()
    );
    let d = app
        .get("/api/v1/enti/CISSA/cicli/2023/valutazione?checkpoint=01/01/2023")
        .await
        .problema(422);
    assert!(d.contains("checkpoint «01/01/2023» inesistente"), "{d}");
    app.chiudi().await;
}

/// Le letture che la CLI già calcola, con i numeri dei seed.
async fn letture_dei_casi_d_uso(db: DbDiProva) {
    let app = TestApp::aperta(db, PIANI).await;

    // Pesi 2021 di CSSM: i 102 valori stampati nel seed.
    let r = app
        .get("/api/v1/enti/CSSM/cicli/2021/pesi?anno_pesi=2021&per_pagina=500")
        .await;
    assert_eq!(r.stato, 200);
    let p = r.json();
    assert_eq!(p["totale"], 141);
    let attesi = std::fs::read_to_string(fixture("expected/000_pesi_2021.csv")).unwrap();
    let mut confrontati = 0;
    for (riga, a) in p["elementi"]
        .as_array()
        .unwrap()
        .iter()
        .zip(attesi.lines().skip(1))
    {
        let a: Vec<&str> = a.split(',').collect();
        assert_eq!(
            (
                riga["obiettivo"].as_str().unwrap(),
                riga["step"].as_str().unwrap()
            ),
            (a[0], a[1])
        );
        if a[4] != "–" {
            assert_eq!(
                dec(&riga["peso_anno"]),
                Decimal::from_str(a[4]).unwrap(),
                "{}",
                a[1]
            );
            confrontati += 1;
        }
    }
    assert_eq!(confrontati, 102);
    let d = app
        .get("/api/v1/enti/CSSM/cicli/2021/pesi?anno_pesi=2030")
        .await
        .problema(422);
    assert!(d.contains("fuori dal ciclo 2021–2023"), "{d}");
    let d = app
        .get("/api/v1/enti/CSSM/cicli/2021/pesi")
        .await
        .problema(400);
    assert!(d.contains("anno_pesi"), "{d}");

    // Paginazione: stessa forma per ogni elenco.
    let r = app
        .get("/api/v1/enti/CSSM/cicli/2021/pesi?anno_pesi=2021&pagina=2&per_pagina=10")
        .await;
    let p = r.json();
    assert_eq!(
        (
            p["pagina"].clone(),
            p["per_pagina"].clone(),
            p["totale"].clone()
        ),
        (2.into(), 10.into(), 141.into())
    );
    assert_eq!(p["elementi"].as_array().unwrap().len(), 10);
    let tutti = app
        .get("/api/v1/enti/CSSM/cicli/2021/pesi?anno_pesi=2021&per_pagina=500")
        .await
        .json();
    assert_eq!(p["elementi"][0], tutti["elementi"][10]);
    let p = app
        .get("/api/v1/enti/CSSM/cicli/2021/pesi?anno_pesi=2021&pagina=99")
        .await
        .json();
    assert_eq!(p["elementi"].as_array().unwrap().len(), 0);
    for q in [
        "pagina=0",
        "per_pagina=0",
        "per_pagina=501",
        "pagina=x",
        "per_pagina=-1",
    ] {
        let d = app
            .get(&format!("/api/v1/enti/CSSM/cicli?{q}"))
            .await
            .problema(400);
        assert!(d.contains("pagina") || d.contains("non validi"), "{q}: {d}");
    }
    let d = app
        .get("/api/v1/enti/CSSM/piani/duemila")
        .await
        .problema(400);
    assert!(d.contains("«anno»") && d.contains("«duemila»"), "{d}");

    // Cicli e rilievi.
    let c = app.get("/api/v1/enti/CSSM/cicli").await.json();
    assert_eq!(c["totale"], 1);
    assert_eq!(c["elementi"][0]["anno_inizio"], 2021);
    assert_eq!(c["elementi"][0]["anno_fine"], 2023);
    let r = app
        .get("/api/v1/enti/CSSM/cicli/2021/rilievi?per_pagina=500")
        .await;
    assert_eq!(r.stato, 200);
    let rilievi = r.json();
    assert!(
        rilievi["elementi"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["gravita"] == "avviso")
    );

    // Monitoraggio di CISSA 2023 al 31/08: la scadenza in vigore dopo le dilazioni.
    let r = app
        .get("/api/v1/enti/CISSA/cicli/2023/monitoraggio?checkpoint=31/08/2023")
        .await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    let m = r.json();
    assert_eq!(m["checkpoint"]["data"], "2023-08-31");
    assert!(!m["step"].as_array().unwrap().is_empty());
    assert!(
        m["step"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["scadenza_originale"].is_string())
    );

    // Scostamenti di 001 (b − a) e tempestività di 002.
    let cicli_001 = app.get("/api/v1/enti").await.json();
    let mut trovati = 0;
    for e in cicli_001["elementi"].as_array().unwrap() {
        let codice = e["codice"].as_str().unwrap();
        let c = app
            .get(&format!("/api/v1/enti/{codice}/cicli"))
            .await
            .json();
        for ciclo in c["elementi"].as_array().unwrap() {
            let anno = &ciclo["anno_inizio"];
            for area in [
                "scostamenti",
                "tempestivita",
                "valutazione",
                "regole",
                "rilievi",
            ] {
                let r = app
                    .get(&format!("/api/v1/enti/{codice}/cicli/{anno}/{area}"))
                    .await;
                assert_eq!(r.stato, 200, "{codice} {anno} {area}: {}", r.testo());
                trovati += 1;
            }
        }
    }
    assert_eq!(trovati, 25);
    let s = app
        .get("/api/v1/enti/CISSA/cicli/2023/scostamenti")
        .await
        .json();
    assert!(s["convenzione"].as_str().unwrap().contains("b − a"));
    let regole = app.get("/api/v1/enti/CISSA/cicli/2023/regole").await.json();
    assert_eq!(regole["versione"], 0);
    app.get("/api/v1/enti/CISSA/cicli/1999/regole")
        .await
        .problema(404);

    // Totali INRETE 2026 per UO e titolo, e versioni.
    let t = app
        .get("/api/v1/enti/INRETE/bilanci/2026/totali?per=uo,titolo")
        .await
        .json();
    assert_eq!(t["livelli"], serde_json::json!(["uo", "titolo"]));
    let righe = t["totali"].as_array().unwrap();
    assert!(
        righe
            .iter()
            .all(|r| r["chiave"].as_str().unwrap().contains('/'))
    );
    let somma: Decimal = righe
        .iter()
        .filter(|r| r["lato"] == "spese")
        .map(|r| dec(&r["importi"]["previsione"]))
        .sum();
    assert_eq!(somma, Decimal::from_str("18467766.03").unwrap());
    let v = app
        .get("/api/v1/enti/INRETE/bilanci/2026/versioni")
        .await
        .json();
    assert_eq!(v["totale"], 1);
    assert_eq!(v["elementi"][0]["versione"], 1);
    app.get("/api/v1/enti/INRETE/bilanci/2025/totali")
        .await
        .problema(404);
    app.get("/api/v1/enti/INRETE/bilanci/2026/totali?lato=nessuno")
        .await
        .problema(422);
    app.chiudi().await;
}

su_entrambi_db!(rotte_di_prima, letture_dei_casi_d_uso);
