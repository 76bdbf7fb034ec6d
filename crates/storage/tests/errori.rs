//! Gli errori del database arrivano all'app come `Errore` senza perdere la causa: il testo per
//! l'utente resta quello di sempre, e chi scrive il log risale fino all'errore di sqlx.

use std::error::Error as _;
use traguardo_app::Errore;
use traguardo_app::porte::EntiRepo;
use traguardo_storage::Store;
use traguardo_testkit::DbDiProva;

/// Su un database senza migrazioni la tabella degli enti non esiste: la query fallisce nel
/// database, e l'errore di sqlx resta la causa dell'`Errore::Interno`.
async fn la_causa_resta_attaccata(store: &Store) {
    let e = store.elenco_enti().await.expect_err("tabella inesistente");
    assert!(matches!(e, Errore::Interno { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with("errore interno: database: "),
        "{e}"
    );
    let causa = e.source().expect("la causa è tenuta");
    let sqlx = causa
        .downcast_ref::<sqlx::Error>()
        .unwrap_or_else(|| panic!("la causa non è un errore di sqlx: {causa:?}"));
    let sqlx::Error::Database(d) = sqlx else {
        panic!("attesa un errore del database, trovato {sqlx:?}");
    };
    assert!(
        d.message().contains("ente"),
        "il messaggio del database nomina la tabella: {}",
        d.message()
    );
    // Il testo per l'utente contiene già quello della causa: niente si perde neanche lì.
    assert!(e.to_string().contains(d.message()), "{e}");
}

#[tokio::test]
async fn sqlite_errore_del_database_con_causa() {
    let store = Store::connetti("sqlite::memory:").await.unwrap();
    la_causa_resta_attaccata(&store).await;
}

#[tokio::test]
async fn postgres_errore_del_database_con_causa() {
    let Some(db) = DbDiProva::postgres_vuoto().await else {
        eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
        return;
    };
    la_causa_resta_attaccata(&db.store).await;
    db.chiudi().await;
}

#[tokio::test]
async fn connessione_non_riuscita_con_causa() {
    // Nessuno ascolta sulla porta 1: la connessione è rifiutata subito.
    let e = match Store::connetti("postgres://nessuno@127.0.0.1:1/nulla").await {
        Ok(_) => panic!("connessione riuscita su una porta chiusa"),
        Err(e) => e,
    };
    assert!(
        e.to_string()
            .starts_with("errore interno: connessione a PostgreSQL non riuscita: "),
        "{e}"
    );
    let causa = e.source().expect("la causa è tenuta");
    assert!(causa.downcast_ref::<sqlx::Error>().is_some(), "{causa:?}");
}
