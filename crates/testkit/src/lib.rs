//! Database di prova: SQLite in memoria sempre, PostgreSQL quando `TRAGUARDO_TEST_PG_URL` è
//! impostata (ogni test ha il suo database, creato e poi eliminato).

use std::path::PathBuf;
use traguardo_storage::Store;

/// Variabile d'ambiente con l'URL di un PostgreSQL su cui creare i database di prova.
pub const VAR_PG: &str = "TRAGUARDO_TEST_PG_URL";

/// Un database di prova migrato. Per PostgreSQL il database viene eliminato alla fine.
pub struct DbDiProva {
    pub store: Store,
    pub url: String,
    pg: Option<(String, String)>,
}

impl DbDiProva {
    /// SQLite in memoria.
    pub async fn sqlite() -> DbDiProva {
        let url = "sqlite::memory:".to_string();
        let store = Store::connetti(&url).await.expect("sqlite in memoria");
        store.migra().await.expect("migrazioni sqlite");
        DbDiProva {
            store,
            url,
            pg: None,
        }
    }

    /// SQLite su file (in una cartella temporanea), per i test che lanciano più processi.
    pub async fn sqlite_file(dir: &std::path::Path) -> DbDiProva {
        let url = format!("sqlite://{}", dir.join("traguardo.db").display());
        let store = Store::connetti(&url).await.expect("sqlite su file");
        store.migra().await.expect("migrazioni sqlite");
        DbDiProva {
            store,
            url,
            pg: None,
        }
    }

    /// Un nuovo database PostgreSQL, se `TRAGUARDO_TEST_PG_URL` è impostata.
    pub async fn postgres() -> Option<DbDiProva> {
        let db = Self::postgres_vuoto().await?;
        db.store.migra().await.expect("migrazioni postgres");
        Some(db)
    }

    /// SQLite su file, senza migrazioni (per caricare un database di una versione precedente).
    pub async fn sqlite_file_vuoto(dir: &std::path::Path) -> DbDiProva {
        let url = format!("sqlite://{}", dir.join("traguardo.db").display());
        let store = Store::connetti(&url).await.expect("sqlite su file");
        DbDiProva {
            store,
            url,
            pg: None,
        }
    }

    /// Un nuovo database PostgreSQL senza migrazioni.
    pub async fn postgres_vuoto() -> Option<DbDiProva> {
        let base = std::env::var(VAR_PG).ok().filter(|s| !s.is_empty())?;
        let nome = format!("traguardo_test_{}", uuid::Uuid::now_v7().simple());
        let admin = sqlx::PgPool::connect(&base)
            .await
            .unwrap_or_else(|e| panic!("{VAR_PG}={base}: connessione non riuscita: {e}"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {nome}")))
            .execute(&admin)
            .await
            .expect("creazione database di prova");
        admin.close().await;
        let url = con_database(&base, &nome);
        let store = Store::connetti(&url).await.expect("postgres di prova");
        Some(DbDiProva {
            store,
            url,
            pg: Some((base, nome)),
        })
    }

    /// Riapre le connessioni (per esempio dopo aver caricato un dump con le sue `PRAGMA`).
    pub async fn riapri(&mut self) {
        self.store = Store::connetti(&self.url).await.expect("riapertura");
    }

    /// Chiude le connessioni ed elimina il database PostgreSQL di prova.
    pub async fn chiudi(self) {
        if let Some((base, nome)) = self.pg {
            drop(self.store);
            if let Ok(admin) = sqlx::PgPool::connect(&base).await {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {nome} WITH (FORCE)"
                )))
                .execute(&admin)
                .await;
            }
        }
    }
}

/// Sostituisce il nome del database nell'URL PostgreSQL.
pub fn con_database(url: &str, nome: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let dopo_schema = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[dopo_schema..].find('/') {
        Some(i) => &base[..dopo_schema + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{nome}?{q}"),
        None => format!("{base}/{nome}"),
    }
}

/// Radice del repository (per leggere `fixtures/`).
pub fn radice() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("radice del repository")
}

pub fn fixture(percorso: &str) -> PathBuf {
    radice().join("fixtures").join(percorso)
}

/// Genera, per ogni funzione `async fn nome(store: Store)`, un test su SQLite e uno su
/// PostgreSQL (quest'ultimo passa senza fare nulla, dichiarandolo, se manca
/// `TRAGUARDO_TEST_PG_URL`).
#[macro_export]
macro_rules! su_entrambi {
    ($($nome:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $nome() {
                    let db = $crate::DbDiProva::sqlite().await;
                    super::$nome(db.store.clone()).await;
                    db.chiudi().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $nome() {
                    let Some(db) = $crate::DbDiProva::postgres().await else {
                        eprintln!("{} non impostata: test PostgreSQL non eseguito", $crate::VAR_PG);
                        return;
                    };
                    super::$nome(db.store.clone()).await;
                    db.chiudi().await;
                }
            )*
        }
    };
}

/// Il contesto del sistema (`sistema:test`) presso l'ente `codice`, che deve esistere.
pub async fn ctx(
    store: &traguardo_storage::Store,
    codice: &str,
) -> traguardo_app::contesto::Contesto {
    traguardo_app::contesto::Contesto::sistema_presso(store, codice, "test")
        .await
        .unwrap_or_else(|e| panic!("contesto presso {codice}: {e}"))
}

/// Il contesto del sistema con la descrizione data (es. l'attore di un test di concorrenza).
pub async fn ctx_come(
    store: &traguardo_storage::Store,
    codice: &str,
    descrizione: &str,
) -> traguardo_app::contesto::Contesto {
    traguardo_app::contesto::Contesto::sistema_presso(store, codice, descrizione)
        .await
        .unwrap_or_else(|e| panic!("contesto presso {codice}: {e}"))
}

#[cfg(test)]
mod test {
    #[test]
    fn url_con_database() {
        assert_eq!(
            super::con_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::con_database("postgres://u:p@h/db?sslmode=disable", "y"),
            "postgres://u:p@h/y?sslmode=disable"
        );
        assert_eq!(super::con_database("postgres://h", "z"), "postgres://h/z");
    }
}
