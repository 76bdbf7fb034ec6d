//! Il nucleo comune ai due backend: l'errore interno, l'esecuzione di una query con i suoi
//! parametri, la transazione di scrittura con il suo evento di audit e la lettura coerente.
//!
//! Ogni comando scrive in una sola transazione i suoi dati e la riga di audit: o tutto o niente.
//! Le macro si espandono dentro i metodi dei due backend (`StoreSqlite`, `StorePostgres`), così
//! lo stesso testo SQL e la stessa logica servono SQLite e PostgreSQL senza ripetersi.

use traguardo_app::Errore;

/// Errore durante un lavoro sul database: un guasto di sqlx o un rifiuto del caso d'uso (per
/// esempio un conflitto di revisione). Si converte in `Errore` alla fine della transazione.
#[derive(Debug)]
pub(crate) enum Fallimento {
    Db(sqlx::Error),
    Caso(Errore),
}

impl From<sqlx::Error> for Fallimento {
    fn from(e: sqlx::Error) -> Self {
        Fallimento::Db(e)
    }
}

impl From<Errore> for Fallimento {
    fn from(e: Errore) -> Self {
        Fallimento::Caso(e)
    }
}

impl Fallimento {
    pub(crate) fn in_errore(self) -> Errore {
        match self {
            Fallimento::Db(e) => errore_db(e),
            Fallimento::Caso(e) => e,
        }
    }

    /// Dato del database che il dominio non riconosce (valore fuori vocabolario, JSON rotto).
    pub(crate) fn corrotto(m: impl std::fmt::Display) -> Fallimento {
        Fallimento::Db(sqlx::Error::Decode(m.to_string().into()))
    }
}

pub(crate) fn errore_db(e: sqlx::Error) -> Errore {
    if let sqlx::Error::Database(d) = &e
        && d.is_unique_violation()
    {
        return Errore::Conflitto(format!("dato già presente: {}", d.message()));
    }
    // Un rifiuto di un trigger (dati congelati: versione approvata del piano, checkpoint chiuso,
    // anno validato, sigillo): il suo messaggio è già in italiano. SQLite: RAISE(ABORT) →
    // SQLITE_CONSTRAINT_TRIGGER (1811); PostgreSQL: RAISE EXCEPTION → P0001.
    if let sqlx::Error::Database(d) = &e
        && matches!(d.code().as_deref(), Some("1811") | Some("P0001"))
    {
        return Errore::Conflitto(d.message().to_string());
    }
    Errore::interno_da(format!("database: {e}"), e)
}

/// `esegui!(tx, sql::X, a, b, c)`: la query con i suoi parametri, nella transazione; restituisce
/// il numero di righe toccate.
macro_rules! esegui {
    ($tx:expr, $q:expr $(, $p:expr)* $(,)?) => {
        sqlx::query($q)$(.bind($p))*.execute(&mut **$tx).await?.rows_affected()
    };
}
pub(crate) use esegui;

/// `righe!(tx, Tipo, sql::X, a, b)`: tutte le righe di una query, lette come `Tipo`.
macro_rules! righe {
    ($tx:expr, $tipo:ty, $q:expr $(, $p:expr)* $(,)?) => {
        sqlx::query_as::<_, $tipo>($q)$(.bind($p))*.fetch_all(&mut **$tx).await?
    };
}
pub(crate) use righe;

/// `riga!(tx, Tipo, sql::X, a, b)`: la riga, se c'è.
macro_rules! riga {
    ($tx:expr, $tipo:ty, $q:expr $(, $p:expr)* $(,)?) => {
        sqlx::query_as::<_, $tipo>($q)$(.bind($p))*.fetch_optional(&mut **$tx).await?
    };
}
pub(crate) use riga;

/// `in_transazione!(self, tenant, &evento, |tx| { … })`: apre la transazione, esegue il corpo
/// (che può usare `?` su errori sqlx o `Errore`), scrive l'evento di audit e conferma. Se il corpo
/// fallisce, la transazione si annulla e nulla resta scritto, audit compreso.
macro_rules! in_transazione {
    ($self:ident, $tenant:expr, $audit:expr, |$tx:ident| $corpo:block) => {{
        // Su SQLite la transazione prende subito il lock di scrittura (`BEGIN IMMEDIATE`): una
        // transazione che prima legge e poi scrive fallirebbe con "database is locked" invece di
        // attendere il suo turno.
        let mut transazione = $self
            .pool
            .begin_with(Self::INIZIO_SCRITTURA)
            .await
            .map_err($crate::nucleo::errore_db)?;
        let esito: Result<_, $crate::nucleo::Fallimento> = async {
            let $tx = &mut transazione;
            $corpo
        }
        .await;
        let valore = esito.map_err($crate::nucleo::Fallimento::in_errore)?;
        Self::audit(&mut transazione, $tenant, $audit)
            .await
            .map_err($crate::nucleo::errore_db)?;
        transazione
            .commit()
            .await
            .map_err($crate::nucleo::errore_db)?;
        valore
    }};
}
pub(crate) use in_transazione;

/// `in_lettura!(self, |tx| { … })`: tutte le query del corpo vedono la stessa istantanea del
/// database (su PostgreSQL `REPEATABLE READ`), così una lettura non vede mai metà di un salvataggio.
macro_rules! in_lettura {
    ($self:ident, |$tx:ident| $corpo:block) => {{
        let mut transazione = $self
            .pool
            .begin()
            .await
            .map_err($crate::nucleo::errore_db)?;
        if let Some(istantanea) = Self::ISTANTANEA {
            sqlx::query(istantanea)
                .execute(&mut *transazione)
                .await
                .map_err($crate::nucleo::errore_db)?;
        }
        let esito: Result<_, $crate::nucleo::Fallimento> = async {
            let $tx = &mut transazione;
            $corpo
        }
        .await;
        let valore = esito.map_err($crate::nucleo::Fallimento::in_errore)?;
        transazione
            .rollback()
            .await
            .map_err($crate::nucleo::errore_db)?;
        valore
    }};
}
pub(crate) use in_lettura;

/// `delega!(self, s => s.metodo(…).await)`: chiama lo stesso metodo sul backend in uso.
macro_rules! delega {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            $crate::Store::Sqlite($s) => $e,
            $crate::Store::Postgres($s) => $e,
        }
    };
}
pub(crate) use delega;
