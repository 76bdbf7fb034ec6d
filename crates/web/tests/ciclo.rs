//! Il ciclo nuovo e la cartella XLSX del piano dall'API: gli stessi casi d'uso della CLI.

#[macro_use]
mod comune;

use comune::{PIANI, TestApp};
use traguardo_app::casi_uso;
use traguardo_testkit::DbDiProva;

async fn cartella_del_piano_come_l_export_con_id(db: DbDiProva) {
    let app = TestApp::aperta(db, PIANI).await;
    let r = app.get("/api/v1/enti/INRETE/piani/2026/cartella").await;
    assert_eq!(r.stato.as_u16(), 200, "{}", r.testo());
    assert_eq!(
        r.tipo,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        r.intestazioni["content-disposition"],
        "attachment; filename=\"piano-INRETE-2026.xlsx\""
    );
    // Riletta, la cartella è il file del piano con gli id: nulla perso né aggiunto.
    let riletto = traguardo_import::cartella_piano::cartella_in_json(&r.corpo, "piano.xlsx")
        .unwrap_or_else(|e| panic!("{e:?}"));
    let riletto: serde_json::Value = serde_json::from_slice(&riletto).unwrap();
    let ctx = traguardo_testkit::ctx(&app.db.store, "INRETE").await;
    let atteso = casi_uso::esporta_piano_con_id(&app.db.store, &ctx, 2026)
        .await
        .unwrap();
    let atteso: serde_json::Value = serde_json::from_str(&atteso).unwrap();
    assert_eq!(riletto, atteso);
    app.get("/api/v1/enti/INRETE/piani/2019/cartella")
        .await
        .problema(404);
    app.chiudi().await;
}

async fn ciclo_nuovo_dal_precedente(db: DbDiProva) {
    let app = TestApp::aperta(db, PIANI).await;
    let corpo = r#"{"da":2023,"a":2024,"prova":true}"#;
    let prova = app
        .invia("POST", "/api/v1/enti/CISSA/cicli", None, Some(corpo), &[])
        .await;
    assert_eq!(prova.stato.as_u16(), 200, "{}", prova.testo());
    let p = prova.json();
    assert_eq!(p["scritto"], false);
    let cicli = app.get("/api/v1/enti/CISSA/cicli").await.json();
    assert_eq!(cicli["totale"], 1, "la prova non scrive: {cicli}");

    let r = app
        .invia(
            "POST",
            "/api/v1/enti/CISSA/cicli",
            None,
            Some(r#"{"da":2023,"a":2024}"#),
            &[],
        )
        .await;
    assert_eq!(r.stato.as_u16(), 201, "{}", r.testo());
    let e = r.json();
    assert_eq!(e["scritto"], true);
    assert_eq!(
        (e["a_inizio"].clone(), e["a_fine"].clone()),
        (2024.into(), 2024.into())
    );
    let riportati: Vec<&str> = e["riportati"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["codice"].as_str().unwrap())
        .collect();
    assert_eq!(riportati, ["D1", "D2", "D4", "D5"]);
    let d5 = &e["riportati"][3];
    assert_eq!(d5["primo_anno"], 2023);
    assert_eq!(d5["step_riportati"], 1);
    assert_eq!(d5["step_lasciati"], 4);
    let chiusi: Vec<&str> = e["chiusi"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["codice"].as_str().unwrap())
        .collect();
    assert_eq!(chiusi, ["D3", "D6"]);
    assert_eq!(e["persone"], 40);
    let cicli = app.get("/api/v1/enti/CISSA/cicli").await.json();
    assert_eq!(cicli["totale"], 2, "{cicli}");

    // Di nuovo: il ciclo c'è già.
    let d = app
        .invia(
            "POST",
            "/api/v1/enti/CISSA/cicli",
            None,
            Some(r#"{"da":2023,"a":2024}"#),
            &[],
        )
        .await
        .problema(409);
    assert!(d.contains("ha già il ciclo 2024–2024"), "{d}");
    // Campi sconosciuti: 400.
    app.invia(
        "POST",
        "/api/v1/enti/CISSA/cicli",
        None,
        Some(r#"{"da":2023,"a":2025,"anno":1}"#),
        &[],
    )
    .await
    .problema(400);
    app.chiudi().await;
}

su_entrambi_db!(
    cartella_del_piano_come_l_export_con_id,
    ciclo_nuovo_dal_precedente
);
