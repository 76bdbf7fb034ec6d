//! Calcolo una volta per modifica, corretto con più server: si scrive attraverso un server (un
//! `Store` con le sue connessioni) e si legge attraverso un altro, che ha la valutazione in cache;
//! la lettura vede subito il cambiamento, perché confronta la revisione dei dati del database.

mod comune;

use comune::{PIANI, TestApp};
use std::sync::Arc;
use traguardo_app::comandi_monitoraggio::registra_stato;
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::piano::StatoStepFile;
use traguardo_storage::Store;
use traguardo_testkit::DbDiProva;
use traguardo_web::TokenStatici;

async fn scrivi_da_un_server_leggi_da_un_altro(db: DbDiProva) {
    let url = db.url.clone();
    let token = TokenStatici::default().con("t", "lettore", &[("CISSA", "lettore")]);
    let lettore = TestApp::nuova(db, PIANI, Arc::new(token)).await;
    let rotta = "/api/v1/enti/CISSA/cicli/2023/valutazione";
    let prima = lettore.get_con_token(rotta, "t").await;
    assert_eq!(prima.stato.as_u16(), 200);
    // Di nuovo senza modifiche: stesso risultato (dalla cache).
    assert_eq!(lettore.get_con_token(rotta, "t").await.corpo, prima.corpo);
    // Un altro server (altre connessioni) registra uno stato.
    let altro = Store::connetti(&url).await.unwrap();
    let stato = StatoStepFile {
        checkpoint: "31/12/2023".into(),
        obiettivo: "D6".into(),
        step: 1,
        stato: Some(StatoStep::NonRealizzato),
        percentuale: None,
        testo: Some("non realizzato".into()),
        consuntivo: None,
        data_completamento: None,
        atti: vec![],
    };
    registra_stato(
        &altro,
        &traguardo_app::contesto::Contesto::sistema_presso(&altro, "CISSA", "altro-server")
            .await
            .unwrap(),
        2023,
        stato,
    )
    .await
    .unwrap();
    let dopo = lettore.get_con_token(rotta, "t").await;
    assert_eq!(dopo.stato.as_u16(), 200);
    assert_ne!(
        dopo.corpo, prima.corpo,
        "la cache ha servito una valutazione vecchia"
    );
    let d6 = |r: &comune::Risposta| {
        r.json()["obiettivi"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["codice"] == "D6")
            .unwrap()
            .clone()
    };
    assert_ne!(d6(&dopo), d6(&prima));

    // La scheda dell'obiettivo (piano con le identità, in cache per revisione dei dati): un
    // titolo cambiato da un altro server si vede alla lettura successiva, con la nuova revisione.
    let scheda = "/api/v1/enti/CISSA/cicli/2023/obiettivi/D6";
    let s1 = lettore.get_con_token(scheda, "t").await.json();
    assert_eq!(lettore.get_con_token(scheda, "t").await.json(), s1);
    let ctx = traguardo_app::contesto::Contesto::sistema_presso(&altro, "CISSA", "altro-server")
        .await
        .unwrap();
    traguardo_app::comandi_piano::modifica_obiettivo(
        &altro,
        &ctx,
        2023,
        "D6",
        None,
        traguardo_app::comandi_piano::Modifica::Titolo("Titolo cambiato da un altro server".into()),
        false,
    )
    .await
    .unwrap();
    let s2 = lettore.get_con_token(scheda, "t").await.json();
    assert_eq!(
        s2["titolo"], "Titolo cambiato da un altro server",
        "la cache ha servito una scheda vecchia: {s2}"
    );
    assert!(s2["revisione"].as_i64().unwrap() > s1["revisione"].as_i64().unwrap());
    assert_eq!(s2["id"], s1["id"]);
    lettore.db.chiudi().await;
}

#[tokio::test]
async fn sqlite_su_file() {
    let dir = tempfile::tempdir().unwrap();
    scrivi_da_un_server_leggi_da_un_altro(DbDiProva::sqlite_file(dir.path()).await).await;
}

#[tokio::test]
async fn postgres() {
    let Some(db) = DbDiProva::postgres().await else {
        eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
        return;
    };
    scrivi_da_un_server_leggi_da_un_altro(db).await;
}
