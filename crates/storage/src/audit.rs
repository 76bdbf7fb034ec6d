//! Registro di audit: scrittura di una voce (dentro la transazione di chi modifica) ed elenco
//! filtrato. La tabella rifiuta UPDATE e DELETE con trigger (migrazione 0006).

use crate::{Store, StorePostgres, StoreSqlite, errore_db, nuovo_id};
use chrono::{DateTime, Utc};
use sqlx::Transaction;
use sqlx::postgres::Postgres;
use sqlx::sqlite::Sqlite;
use traguardo_app::Errore;
use traguardo_app::porte::TenantId;
use traguardo_app::porte_accessi::{AuditRepo, FiltroAudit, UtenteId, VoceAudit};
use uuid::Uuid;

/// Il tenant degli eventi dell'installazione (senza ente): nessun ente ha l'UUID nullo.
pub(crate) const TENANT_INSTALLAZIONE: Uuid = Uuid::nil();

pub(crate) fn tenant_di(t: Option<TenantId>) -> Uuid {
    t.map(|t| t.0).unwrap_or(TENANT_INSTALLAZIONE)
}

const VOCE_INSERISCI: &str = "INSERT INTO audit (tenant_id, id, momento, attore, azione, oggetto, prima, dopo, utente_id, entita_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const VOCI: &str = "SELECT tenant_id, momento, utente_id, attore, azione, entita_id, oggetto, prima, dopo FROM audit \
     WHERE tenant_id = $1 \
     AND ($2 IS NULL OR utente_id = $2) \
     AND ($3 IS NULL OR attore = $3) \
     AND ($4 IS NULL OR entita_id = $4) \
     AND ($5 IS NULL OR momento >= $5) \
     AND ($6 IS NULL OR momento <= $6) \
     ORDER BY momento, id LIMIT $7";

#[derive(sqlx::FromRow)]
struct RigaVoce {
    tenant_id: Uuid,
    momento: DateTime<Utc>,
    utente_id: Option<Uuid>,
    attore: String,
    azione: String,
    entita_id: Option<Uuid>,
    oggetto: String,
    prima: Option<String>,
    dopo: Option<String>,
}

impl From<RigaVoce> for VoceAudit {
    fn from(r: RigaVoce) -> VoceAudit {
        VoceAudit {
            tenant: (r.tenant_id != TENANT_INSTALLAZIONE).then_some(TenantId(r.tenant_id)),
            momento: r.momento,
            utente_id: r.utente_id.map(UtenteId),
            attore: r.attore,
            azione: r.azione,
            entita_id: r.entita_id,
            oggetto: r.oggetto,
            prima: r.prima,
            dopo: r.dopo,
        }
    }
}

macro_rules! audit_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            /// Scrive una voce di audit nella transazione di chi modifica: o entrambe o
            /// nessuna.
            pub(crate) async fn scrivi_voce(
                tx: &mut Transaction<'_, $db>,
                voce: &VoceAudit,
            ) -> Result<(), sqlx::Error> {
                sqlx::query(VOCE_INSERISCI)
                    .bind(tenant_di(voce.tenant))
                    .bind(nuovo_id())
                    .bind(voce.momento)
                    .bind(&voce.attore)
                    .bind(&voce.azione)
                    .bind(&voce.oggetto)
                    .bind(&voce.prima)
                    .bind(&voce.dopo)
                    .bind(voce.utente_id.map(|u| u.0))
                    .bind(voce.entita_id)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }
        }

        impl AuditRepo for $nome {
            async fn registra_audit(&self, voce: &VoceAudit) -> Result<(), Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                Self::scrivi_voce(&mut tx, voce).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)
            }

            async fn elenco_audit(
                &self,
                tenant: Option<TenantId>,
                filtro: &FiltroAudit,
            ) -> Result<Vec<VoceAudit>, Errore> {
                Ok(sqlx::query_as::<_, RigaVoce>(VOCI)
                    .bind(tenant_di(tenant))
                    .bind(filtro.utente_id.map(|u| u.0))
                    .bind(&filtro.attore)
                    .bind(filtro.entita_id)
                    .bind(filtro.dal)
                    .bind(filtro.al)
                    .bind(filtro.limite.map(i64::from).unwrap_or(i64::MAX))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(VoceAudit::from)
                    .collect())
            }
        }
    };
}

audit_sql!(StoreSqlite, Sqlite);
audit_sql!(StorePostgres, Postgres);

impl AuditRepo for Store {
    async fn registra_audit(&self, voce: &VoceAudit) -> Result<(), Errore> {
        match self {
            Store::Sqlite(s) => s.registra_audit(voce).await,
            Store::Postgres(s) => s.registra_audit(voce).await,
        }
    }

    async fn elenco_audit(
        &self,
        tenant: Option<TenantId>,
        filtro: &FiltroAudit,
    ) -> Result<Vec<VoceAudit>, Errore> {
        match self {
            Store::Sqlite(s) => s.elenco_audit(tenant, filtro).await,
            Store::Postgres(s) => s.elenco_audit(tenant, filtro).await,
        }
    }
}
