//! I totali del bilancio si calcolano una volta per versione: una nuova importazione (da un
//! altro server, con altre connessioni) è vista alla richiesta successiva, e le versioni
//! precedenti restano leggibili con i loro totali.

mod comune;

use comune::TestApp;
use std::sync::Arc;
use traguardo_app::bilancio;
use traguardo_app::porte::FormatoBilancio;
use traguardo_import::Lettori;
use traguardo_storage::Store;
use traguardo_testkit::DbDiProva;
use traguardo_web::TokenStatici;

fn peg(previsione: &str) -> String {
    format!(
        "lato;uo;uo_nome;titolo;programma;capitolo;descrizione;previsione;cassa\n\
         spese;DIR;Direzione;1;1207;1001/0;Personale;{previsione};{previsione}\n\
         spese;SOC;Servizi sociali;1;1204;2001/0;Assistenza;1.000,00;1.000,00\n"
    )
}

async fn importa(store: &Store, testo: &str) {
    bilancio::importa_bilancio(
        store,
        &Lettori::default(),
        &traguardo_testkit::ctx_come(store, "INRETE", "altro-server").await,
        testo.as_bytes(),
        "peg.csv",
        2027,
        FormatoBilancio::Csv,
    )
    .await
    .unwrap();
}

fn previsioni(v: &serde_json::Value) -> Vec<(String, String)> {
    v["totali"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["chiave"].as_str().unwrap().to_string(),
                t["importi"]["previsione"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

async fn nuova_versione_vista_subito(db: DbDiProva) {
    let url = db.url.clone();
    let token = TokenStatici::default().con("t", "ragioneria", &[("INRETE", "ragioneria")]);
    let app = TestApp::nuova(db, &["004"], Arc::new(token)).await;
    let altro = Store::connetti(&url).await.unwrap();
    importa(&altro, &peg("2.500,00")).await;
    let rotta = "/api/v1/enti/INRETE/bilanci/2027/totali?per=uo,titolo";
    let prima = app.get_con_token(rotta, "t").await.json();
    assert_eq!(
        previsioni(&prima),
        [
            ("DIR/1".to_string(), "2500.00".to_string()),
            ("SOC/1".to_string(), "1000.00".to_string())
        ]
    );
    // Dalla cache, identico.
    assert_eq!(app.get_con_token(rotta, "t").await.json(), prima);

    // Un altro server importa una versione diversa: la lettura successiva la vede.
    importa(&altro, &peg("3.000,50")).await;
    let dopo = app.get_con_token(rotta, "t").await.json();
    assert_eq!(previsioni(&dopo)[0].1, "3000.50");
    assert_eq!(dopo["totale_generale"]["spese"]["competenza"], "4000.50");
    // La versione 1 resta com'era, anche dalla cache.
    let v1 = app
        .get_con_token(&format!("{rotta}&versione=1"), "t")
        .await
        .json();
    assert_eq!(v1, prima);
    // Altri livelli della stessa versione: un'altra voce della cache.
    let per_uo = app
        .get_con_token("/api/v1/enti/INRETE/bilanci/2027/totali?per=uo", "t")
        .await
        .json();
    assert_eq!(
        previsioni(&per_uo),
        [
            ("DIR".to_string(), "3000.50".to_string()),
            ("SOC".to_string(), "1000.00".to_string())
        ]
    );
    app.chiudi().await;
}

#[tokio::test]
async fn sqlite_su_file() {
    let dir = tempfile::tempdir().unwrap();
    nuova_versione_vista_subito(DbDiProva::sqlite_file(dir.path()).await).await;
}

#[tokio::test]
async fn postgres() {
    let Some(db) = DbDiProva::postgres().await else {
        eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
        return;
    };
    nuova_versione_vista_subito(db).await;
}
