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
        data_completamento: None,
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
    fatti_con_chiavi_esterne(store).await;
}

async fn scalare(store: &Store, q: &str) -> i64 {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await.unwrap(),
        Store::Postgres(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await.unwrap(),
    }
}

async fn esegui(store: &Store, q: &str) -> Result<u64, sqlx::Error> {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => sqlx::query(q)
            .execute(s.pool())
            .await
            .map(|r| r.rows_affected()),
        Store::Postgres(s) => sqlx::query(q)
            .execute(s.pool())
            .await
            .map(|r| r.rows_affected()),
    }
}

/// Voti, prese visione e collegamenti dei capitoli riportati dalla migrazione 0008 puntano alla
/// persona del ciclo, al capitolo e al progetto per id, con chiavi esterne vere; nulla è finito
/// tra i dati non collegati; i comandi per fatto funzionano sui dati migrati.
async fn fatti_con_chiavi_esterne(store: &Store) {
    assert_eq!(
        scalare(store, "SELECT COUNT(*) FROM dato_non_collegato").await,
        0
    );
    // I 5 voti e la presa visione: di P01 (4 voti) e P02 (1), nel ciclo 2023 del CISSA.
    let voti_p01 = "SELECT COUNT(*) FROM voto_comportamento v \
        JOIN persona p ON p.tenant_id = v.tenant_id AND p.ciclo_id = v.ciclo_id AND p.persona_id = v.persona_id \
        JOIN persona_ente e ON e.tenant_id = p.tenant_id AND e.id = p.persona_id \
        JOIN ciclo c ON c.tenant_id = v.tenant_id AND c.id = v.ciclo_id \
        WHERE e.codice = 'P01' AND c.anno_inizio = 2023";
    assert_eq!(scalare(store, voti_p01).await, 4);
    assert_eq!(
        scalare(
            store,
            "SELECT COUNT(*) FROM presa_visione v JOIN persona_ente e ON e.tenant_id = v.tenant_id AND e.id = v.persona_id WHERE e.codice = 'P01'"
        )
        .await,
        1
    );
    // I 225 collegamenti: al capitolo (identità dell'esercizio 2026) e al progetto PEG del
    // ciclo 2026 dell'INRETE.
    assert_eq!(
        scalare(
            store,
            "SELECT COUNT(*) FROM collegamento_capitolo l \
             JOIN capitolo_identita i ON i.tenant_id = l.tenant_id AND i.id = l.capitolo_id \
             JOIN progetto_peg g ON g.tenant_id = l.tenant_id AND g.id = l.progetto_id \
             JOIN ciclo c ON c.tenant_id = g.tenant_id AND c.id = g.ciclo_id \
             WHERE i.esercizio = 2026 AND c.anno_inizio = 2026"
        )
        .await,
        225
    );
    // Ogni riga del capitolo (versione 1) rimanda alla sua identità.
    assert_eq!(
        scalare(
            store,
            "SELECT COUNT(*) FROM capitolo c JOIN capitolo_identita i ON i.tenant_id = c.tenant_id AND i.id = c.capitolo_id AND i.codice = c.codice AND i.lato = c.lato"
        )
        .await,
        266
    );
    // Le chiavi esterne ci sono davvero: un voto per una persona che non esiste è rifiutato…
    let r = esegui(
        store,
        "INSERT INTO voto_comportamento (tenant_id, ciclo_id, persona_id, comportamento, voto_e4, revisione, aggiornato_da, aggiornato_il) \
         SELECT tenant_id, ciclo_id, tenant_id, 'C9', 10000, 1, 'test', aggiornato_il FROM voto_comportamento LIMIT 1",
    )
    .await;
    assert!(r.is_err(), "{r:?}");
    // …e togliere la persona dal ciclo porta via i suoi voti e la sua presa visione.
    let n = esegui(
        store,
        "DELETE FROM persona WHERE persona_id IN (SELECT id FROM persona_ente WHERE codice = 'P01')",
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    assert_eq!(scalare(store, voti_p01).await, 0);
    assert_eq!(
        scalare(store, "SELECT COUNT(*) FROM presa_visione").await,
        0
    );
    assert_eq!(
        scalare(store, "SELECT COUNT(*) FROM voto_comportamento").await,
        1
    );
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
