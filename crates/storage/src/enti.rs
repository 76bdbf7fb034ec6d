//! Enti (i tenant).

use crate::nucleo::{delega, errore_db, esegui, in_transazione};
use crate::righe::RigaEnte;
use crate::{Store, StorePostgres, StoreSqlite, nuovo_id, sql};
use chrono::Utc;
use traguardo_app::Errore;
use traguardo_app::porte::{EnteRegistrato, EntiRepo, EventoAudit, TenantId};

macro_rules! enti_sql {
    ($nome:ident) => {
        impl EntiRepo for $nome {
            async fn crea_ente(
                &self,
                codice: &str,
                nome: &str,
                audit: &EventoAudit,
            ) -> Result<EnteRegistrato, Errore> {
                if self.ente_per_codice(codice).await?.is_some() {
                    return Err(Errore::Conflitto(format!("l'ente «{codice}» esiste già")));
                }
                let id = nuovo_id();
                in_transazione!(self, id, audit, |tx| {
                    esegui!(tx, sql::ENTE_INSERISCI, id, codice, nome, Utc::now());
                    Ok(())
                });
                Ok(EnteRegistrato {
                    tenant_id: TenantId(id),
                    codice: codice.to_string(),
                    nome: nome.to_string(),
                })
            }

            async fn ente_per_codice(
                &self,
                codice: &str,
            ) -> Result<Option<EnteRegistrato>, Errore> {
                Ok(sqlx::query_as::<_, RigaEnte>(sql::ENTE_PER_CODICE)
                    .bind(codice)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .map(|r| EnteRegistrato {
                        tenant_id: TenantId(r.tenant_id),
                        codice: r.codice,
                        nome: r.nome,
                    }))
            }

            async fn elenco_enti(&self) -> Result<Vec<EnteRegistrato>, Errore> {
                Ok(sqlx::query_as::<_, RigaEnte>(sql::ENTI)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(|r| EnteRegistrato {
                        tenant_id: TenantId(r.tenant_id),
                        codice: r.codice,
                        nome: r.nome,
                    })
                    .collect())
            }
        }
    };
}

enti_sql!(StoreSqlite);
enti_sql!(StorePostgres);

impl EntiRepo for Store {
    async fn crea_ente(
        &self,
        codice: &str,
        nome: &str,
        audit: &EventoAudit,
    ) -> Result<EnteRegistrato, Errore> {
        delega!(self, s => s.crea_ente(codice, nome, audit).await)
    }
    async fn ente_per_codice(&self, codice: &str) -> Result<Option<EnteRegistrato>, Errore> {
        delega!(self, s => s.ente_per_codice(codice).await)
    }
    async fn elenco_enti(&self) -> Result<Vec<EnteRegistrato>, Errore> {
        delega!(self, s => s.elenco_enti().await)
    }
}
