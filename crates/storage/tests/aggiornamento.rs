//! Un database scritto da una versione già in uso (commit e68e268, migrazioni 0001–0005, dati
//! dimostrativi dei cinque seed) migra alle migrazioni correnti senza perdere nulla: ogni piano
//! esportato è identico al file da cui era stato importato, i fatti del monitoraggio puntano
//! agli stessi step e la valutazione dà gli stessi numeri.

use traguardo_app::casi_uso;
use traguardo_app::porte::{BilancioRepo, EntiRepo, ValutazioneRepo};
use traguardo_storage::Store;
use traguardo_testkit::{DbDiProva, fixture};

async fn carica_dump(store: &Store, file: &str) {
    let sql = std::fs::read_to_string(fixture(&format!("db/{file}"))).unwrap();
    let r = match store {
        Store::Sqlite(s) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(s.pool())
            .await
            .map(|_| ()),
        Store::Postgres(s) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(s.pool())
            .await
            .map(|_| ()),
    };
    r.unwrap_or_else(|e| panic!("caricamento di {file}: {e}"));
}

async fn verifica(store: &Store) {
    let enti: Vec<String> = store
        .elenco_enti()
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.codice)
        .collect();
    assert_eq!(enti, ["CISSA", "CSSM", "INRETE", "IRIS"]);
    // Ogni piano torna identico al file del seed da cui fu importato.
    for (ente, anno, seed) in [
        ("CSSM", 2021, "000"),
        ("IRIS", 2019, "001"),
        ("INRETE", 2020, "002"),
        ("CISSA", 2023, "003"),
        ("INRETE", 2026, "004"),
    ] {
        let esportato =
            casi_uso::esporta_piano(store, &traguardo_testkit::ctx(store, ente).await, anno)
                .await
                .unwrap();
        let atteso = std::fs::read_to_string(fixture(&format!("plans/{seed}.json"))).unwrap();
        assert!(
            esportato == atteso,
            "{ente} {anno}: il piano migrato differisce da fixtures/plans/{seed}.json"
        );
    }
    // Valutazione, regole, voti, prese visione e bilancio sopravvivono.
    let e = store.ente_per_codice("CISSA").await.unwrap().unwrap();
    assert_eq!(
        store
            .regole(e.tenant_id, 2023)
            .await
            .unwrap()
            .unwrap()
            .versione,
        1
    );
    assert_eq!(store.voti(e.tenant_id, 2023).await.unwrap().len(), 5);
    assert_eq!(
        store.prese_visione(e.tenant_id, 2023).await.unwrap().len(),
        1
    );
    let (p, v, _) = traguardo_app::valutazione::valuta(
        store,
        &traguardo_testkit::ctx(store, "CISSA").await,
        2023,
        None,
    )
    .await
    .unwrap();
    assert_eq!(p.monitoraggio.dilazioni.len(), 2);
    let direttore = v
        .aggregati
        .iter()
        .find(|a| a.livello == "director")
        .expect("punteggio del direttore");
    assert_eq!(
        direttore.raggiungimento.unwrap().round_dp(2).to_string(),
        "97.20"
    );
    let i = store.ente_per_codice("INRETE").await.unwrap().unwrap();
    let b = store
        .carica_bilancio(i.tenant_id, 2026, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.capitoli.len(), 266);
    assert_eq!(
        store.collegamenti(i.tenant_id, 2026).await.unwrap().len(),
        225
    );
    // Dopo l'aggiornamento i comandi per fatto funzionano sui dati migrati.
    let stato = traguardo_domain::piano::StatoStepFile {
        checkpoint: "31/12/2023".into(),
        obiettivo: "D6".into(),
        step: 1,
        stato: Some(traguardo_domain::monitoraggio::StatoStep::Realizzato),
        percentuale: None,
        testo: Some("dopo la migrazione".into()),
        consuntivo: None,
        atti: vec![],
    };
    traguardo_app::comandi_monitoraggio::registra_stato(
        store,
        &traguardo_testkit::ctx(store, "CISSA").await,
        2023,
        stato,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn sqlite_scritto_da_e68e268() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = DbDiProva::sqlite_file_vuoto(dir.path()).await;
    carica_dump(&db.store, "e68e268.sqlite.sql").await;
    // Il dump spegne le chiavi esterne sulla sua connessione: si riparte da connessioni nuove.
    db.riapri().await;
    db.store.migra().await.unwrap();
    verifica(&db.store).await;
    db.chiudi().await;
}

#[tokio::test]
async fn postgres_scritto_da_e68e268() {
    let Some(mut db) = DbDiProva::postgres_vuoto().await else {
        eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
        return;
    };
    carica_dump(&db.store, "e68e268.postgres.sql").await;
    db.riapri().await;
    db.store.migra().await.unwrap();
    verifica(&db.store).await;
    db.chiudi().await;
}
