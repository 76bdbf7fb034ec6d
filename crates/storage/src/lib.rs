//! Memorizzazione con sqlx su SQLite (predefinito, incorporato) e PostgreSQL (produzione).
//!
//! Un solo testo SQL (`sql.rs`) e una sola implementazione dei repository per i due backend:
//! ogni aggregato ha il suo modulo (enti, piani, monitoraggio, bilancio, valutazione), scritto
//! una volta in una macro istanziata per `StoreSqlite` e `StorePostgres`. Il nucleo comune
//! (`nucleo.rs`) dà la transazione con il suo audit e la lettura coerente. [`Store`] sceglie il
//! backend dall'URL e delega.

mod anagrafica;
mod atti;
mod audit;
mod bilancio;
mod checkpoint;
mod enti;
mod fatti;
mod monitoraggio;
mod nucleo;
mod organizzazione;
mod piani;
mod relazione;
mod righe;
mod sql;
mod utenti;
mod valutazione;
mod versioni;

use nucleo::{delega, errore_db};
use sqlx::postgres::{PgPoolOptions, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Pool, Transaction};
use std::str::FromStr;
use std::time::Duration;
use traguardo_app::Errore;
use traguardo_app::porte::EventoAudit;
use uuid::Uuid;

static MIGRAZIONI_SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static MIGRAZIONI_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

fn nuovo_id() -> Uuid {
    Uuid::now_v7()
}

macro_rules! backend {
    ($nome:ident, $db:ty, $istantanea:expr, $inizio_scrittura:expr) => {
        /// Repository su un pool sqlx di questo backend.
        pub struct $nome {
            pub(crate) pool: Pool<$db>,
        }

        impl Clone for $nome {
            fn clone(&self) -> Self {
                $nome {
                    pool: self.pool.clone(),
                }
            }
        }

        impl $nome {
            /// Istruzione che apre una lettura coerente (istantanea unica), se il backend la chiede.
            pub(crate) const ISTANTANEA: Option<&'static str> = $istantanea;
            /// Istruzione che apre una transazione di scrittura.
            pub(crate) const INIZIO_SCRITTURA: &'static str = $inizio_scrittura;

            pub fn pool(&self) -> &Pool<$db> {
                &self.pool
            }

            /// Le righe di una query filtrata per ente e per un anno (ciclo o esercizio).
            pub(crate) async fn righe_dell_anno<T>(
                &self,
                q: &'static str,
                t: Uuid,
                anno: i32,
            ) -> Result<Vec<T>, Errore>
            where
                T: for<'r> sqlx::FromRow<'r, <$db as sqlx::Database>::Row> + Send + Unpin,
            {
                sqlx::query_as::<_, T>(q)
                    .bind(t)
                    .bind(anno)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)
            }

            /// La riga di audit, nella transazione del comando che descrive.
            pub(crate) async fn audit(
                tx: &mut Transaction<'static, $db>,
                tenant: Uuid,
                ev: &EventoAudit,
            ) -> Result<(), sqlx::Error> {
                sqlx::query(sql::AUDIT_INSERISCI)
                    .bind(tenant)
                    .bind(nuovo_id())
                    .bind(ev.momento)
                    .bind(&ev.attore)
                    .bind(&ev.azione)
                    .bind(&ev.oggetto)
                    .bind(&ev.prima)
                    .bind(&ev.dopo)
                    .bind(ev.entita_id)
                    .bind(ev.utente_id.map(|u| u.0))
                    .execute(&mut **tx)
                    .await?;
                // La chiave di idempotenza di una creazione, nella stessa transazione: una seconda
                // richiesta contemporanea con la stessa chiave urta la chiave primaria.
                if let Some((chiave, creato)) = &ev.idempotenza {
                    sqlx::query(sql::IDEMPOTENZA_INSERISCI)
                        .bind(tenant)
                        .bind(chiave)
                        .bind(&ev.azione)
                        .bind(creato)
                        .bind(ev.momento)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }
        }
    };
}

backend!(StoreSqlite, Sqlite, None, "BEGIN IMMEDIATE");
// In READ COMMITTED ogni istruzione vedrebbe i dati confermati fino a quel momento: una lettura
// di più query potrebbe vedere metà di un salvataggio.
backend!(
    StorePostgres,
    Postgres,
    Some("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
    "BEGIN"
);

/// Il database in uso, scelto dall'URL (`sqlite:…` o `postgres://…`).
#[derive(Clone)]
pub enum Store {
    Sqlite(StoreSqlite),
    Postgres(StorePostgres),
}

impl Store {
    /// Si collega al database indicato dall'URL. Per SQLite crea il file se manca.
    pub async fn connetti(url: &str) -> Result<Store, Errore> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(|e| {
                    Errore::interno_da(format!("connessione a PostgreSQL non riuscita: {e}"), e)
                })?;
            Ok(Store::Postgres(StorePostgres { pool }))
        } else if url.starts_with("sqlite:") {
            let memoria = url.contains(":memory:") || url.contains("mode=memory");
            let opzioni = SqliteConnectOptions::from_str(url)
                .map_err(|e| Errore::NonValido(format!("URL SQLite non valido «{url}»: {e}")))?
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .journal_mode(if memoria {
                    SqliteJournalMode::Memory
                } else {
                    SqliteJournalMode::Wal
                });
            let pool = SqlitePoolOptions::new()
                // In memoria ogni connessione sarebbe un database diverso.
                .max_connections(if memoria { 1 } else { 8 })
                .connect_with(opzioni)
                .await
                .map_err(|e| {
                    Errore::interno_da(format!("apertura del database SQLite non riuscita: {e}"), e)
                })?;
            Ok(Store::Sqlite(StoreSqlite { pool }))
        } else {
            Err(Errore::NonValido(format!(
                "URL del database non riconosciuto «{url}»: usare sqlite:percorso.db oppure postgres://utente@host/db"
            )))
        }
    }

    /// Applica le migrazioni mancanti.
    pub async fn migra(&self) -> Result<(), Errore> {
        let r = match self {
            Store::Sqlite(s) => MIGRAZIONI_SQLITE.run(&s.pool).await,
            Store::Postgres(s) => MIGRAZIONI_POSTGRES.run(&s.pool).await,
        };
        r.map_err(|e| Errore::interno_da(format!("migrazione non riuscita: {e}"), e))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Verifica che il database risponda (per `/health`).
    pub async fn ping(&self) -> Result<(), Errore> {
        delega!(self, s => sqlx::query("SELECT 1").execute(&s.pool).await.map(|_| ()).map_err(errore_db))
    }
}
