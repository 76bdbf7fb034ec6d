//! L'organizzazione a una data e la matrice dall'API, su SQLite e PostgreSQL: un rapporto a una
//! data usa l'organizzazione di quella data.

mod comune;

use chrono::NaiveDate;
use comune::TestApp;
use traguardo_app::organizzazione as org;
use traguardo_testkit::DbDiProva;

async fn organizzazione_a_una_data(db: DbDiProva) {
    let app = TestApp::aperta(db, &["003"]).await;
    let r = app
        .get("/api/v1/enti/CISSA/organizzazione?data=2023-06-30")
        .await;
    assert_eq!(r.stato.as_u16(), 200, "{}", r.testo());
    let o = r.json();
    assert_eq!(
        (o["ciclo"].as_i64(), o["data_testo"].as_str()),
        (Some(2023), Some("30/06/2023"))
    );
    assert_eq!(o["cdr"].as_array().unwrap().len(), 1, "{o}");
    assert_eq!(o["cdr"][0]["codice"], "DIR");
    assert_eq!(o["cdr"][0]["persone"].as_array().unwrap().len(), 40);
    // P40 lascia il servizio il 30/09: il 01/10 i dipendenti sono 39, il 30/06 ancora 40.
    let ctx = traguardo_testkit::ctx(&app.db.store, "CISSA").await;
    org::persona_esce(
        &app.db.store,
        &ctx,
        2023,
        "P40",
        NaiveDate::from_ymd_opt(2023, 9, 30).unwrap(),
    )
    .await
    .unwrap();
    let ottobre = app
        .get("/api/v1/enti/CISSA/organizzazione?data=01/10/2023")
        .await
        .json();
    let persone = ottobre["cdr"][0]["persone"].as_array().unwrap();
    assert_eq!(persone.len(), 39);
    assert!(persone.iter().all(|p| p["codice"] != "P40"));
    let giugno = app
        .get("/api/v1/enti/CISSA/organizzazione?data=2023-06-30")
        .await
        .json();
    let p40 = giugno["cdr"][0]["persone"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["codice"] == "P40")
        .unwrap()
        .clone();
    assert_eq!(p40["dal"], "2023-01-01", "{p40}");
    // Date non valide o fuori da ogni ciclo.
    let d = app
        .get("/api/v1/enti/CISSA/organizzazione?data=31-02-2023")
        .await
        .problema(400);
    assert_eq!(d, "data «31-02-2023» non valida: usare gg/mm/aaaa");
    let d = app
        .get("/api/v1/enti/CISSA/organizzazione?data=2030-01-01")
        .await
        .problema(404);
    assert_eq!(
        d,
        "l'ente «CISSA» non ha un ciclo che comprenda il 01/01/2030"
    );
    // La matrice: 40 righe, nessuna colonna (il piano 003 non ha assegnazioni).
    let m = app
        .get("/api/v1/enti/CISSA/cicli/2023/matrice")
        .await
        .json();
    assert_eq!(m["righe"].as_array().unwrap().len(), 40);
    assert_eq!(m["colonne"].as_array().unwrap().len(), 0);
    app.db.chiudi().await;
}

async fn presenze_dal_corpo_csv(db: DbDiProva) {
    let app = TestApp::aperta(db, &["003"]).await;
    let cattivo = "matricola;cognome_nome;giorni_presenza;part_time\nP01;ALDEGHERI FRANCESCA;200;50\nP99;NESSUNO;10;\n";
    let r = app
        .invia(
            "PUT",
            "/api/v1/enti/CISSA/presenze/2023",
            None,
            Some(cattivo),
            &[],
        )
        .await;
    let d = r.problema(422);
    let p = r.json();
    assert!(
        p["rilievi"].to_string().contains("presenze.csv, riga 3, campo matricola: la matricola «P99» non è tra le persone del ciclo 2023 di CISSA"),
        "{d} {p}"
    );
    let buono = "matricola;cognome_nome;giorni_presenza;part_time\nP01;ALDEGHERI FRANCESCA;200;50\nP02;ANDREIS ERIKA;218;83,33\n";
    let r = app
        .invia(
            "PUT",
            "/api/v1/enti/CISSA/presenze/2023",
            None,
            Some(buono),
            &[],
        )
        .await;
    assert_eq!(r.stato.as_u16(), 200, "{}", r.testo());
    let e = r.json();
    assert_eq!(
        (e["anno"].clone(), e["ciclo"].clone(), e["persone"].clone()),
        (2023.into(), 2023.into(), 2.into())
    );
    app.chiudi().await;
}

mod sqlite {
    #[tokio::test]
    async fn organizzazione_a_una_data() {
        super::organizzazione_a_una_data(traguardo_testkit::DbDiProva::sqlite().await).await;
    }

    #[tokio::test]
    async fn presenze_dal_corpo_csv() {
        super::presenze_dal_corpo_csv(traguardo_testkit::DbDiProva::sqlite().await).await;
    }
}

mod postgres {
    #[tokio::test]
    async fn organizzazione_a_una_data() {
        let Some(db) = traguardo_testkit::DbDiProva::postgres().await else {
            eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
            return;
        };
        super::organizzazione_a_una_data(db).await;
    }

    #[tokio::test]
    async fn presenze_dal_corpo_csv() {
        let Some(db) = traguardo_testkit::DbDiProva::postgres().await else {
            eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
            return;
        };
        super::presenze_dal_corpo_csv(db).await;
    }
}
