//! Valutazione: regole SMVP versionate, voti dei comportamenti, prese visione.

use crate::nucleo::{delega, errore_db, esegui, in_transazione, riga};
use crate::righe::*;
use crate::{Store, StorePostgres, StoreSqlite, sql};
use traguardo_app::Errore;
use traguardo_app::porte::{
    EventoAudit, PresaVisione, RegoleVersionate, TenantId, ValutazioneRepo,
};
use traguardo_domain::id::{IdCiclo, IdPersona};
use traguardo_domain::individuale::VotoComportamento;
use traguardo_domain::numeri::{a_scala4, da_scala4};
use traguardo_domain::smvp::RegoleSmvp;

macro_rules! valutazione_sql {
    ($nome:ident) => {
        impl ValutazioneRepo for $nome {
            async fn regole(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
            ) -> Result<Option<RegoleVersionate>, Errore> {
                let Some(r) = sqlx::query_as::<_, RigaRegole>(sql::REGOLE_CORRENTI)
                    .bind(tenant.0)
                    .bind(anno_ciclo)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                else {
                    return Ok(None);
                };
                Ok(Some(RegoleVersionate {
                    versione: r.versione,
                    creato_il: Some(r.creato_il),
                    attore: Some(r.attore),
                    regole: serde_json::from_str(&r.regole).map_err(|e| {
                        Errore::interno_da(
                            format!("regole SMVP non leggibili nel database: {e}"),
                            e,
                        )
                    })?,
                }))
            }

            async fn salva_regole(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
                regole: &RegoleSmvp,
                audit: &EventoAudit,
            ) -> Result<i32, Errore> {
                let testo = serde_json::to_string_pretty(regole)
                    .map_err(|e| Errore::interno_da(e.to_string(), e))?;
                Ok(in_transazione!(self, tenant.0, audit, |tx| {
                    // Il numero di versione si legge nella stessa transazione che la scrive.
                    let ultima = riga!(tx, RigaRegole, sql::REGOLE_CORRENTI, tenant.0, anno_ciclo);
                    let versione = ultima.map(|r| r.versione + 1).unwrap_or(1);
                    esegui!(
                        tx,
                        sql::REGOLE_INSERISCI,
                        tenant.0,
                        anno_ciclo,
                        versione,
                        &testo,
                        audit.momento,
                        &audit.attore,
                    );
                    esegui!(tx, sql::CICLO_TOCCA_ANNO, tenant.0, anno_ciclo);
                    Ok(versione)
                }))
            }

            async fn voti(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
            ) -> Result<Vec<VotoComportamento>, Errore> {
                Ok(self
                    .righe_dell_anno::<RigaVoto>(sql::VOTI, tenant.0, anno_ciclo)
                    .await?
                    .into_iter()
                    .map(|r| VotoComportamento {
                        persona: r.persona,
                        comportamento: r.comportamento,
                        voto: da_scala4(r.voto_e4),
                    })
                    .collect())
            }

            async fn salva_voti(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                voti: &[(IdPersona, VotoComportamento)],
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                in_transazione!(self, tenant.0, audit, |tx| {
                    for (persona, v) in voti {
                        esegui!(
                            tx,
                            sql::VOTO_SALVA,
                            tenant.0,
                            ciclo.0,
                            persona.0,
                            &v.comportamento,
                            a_scala4(v.voto),
                            &audit.attore,
                            audit.momento,
                        );
                    }
                    esegui!(tx, sql::CICLO_TOCCA_DATI, tenant.0, ciclo.0);
                    Ok(())
                });
                Ok(())
            }

            async fn prese_visione(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
            ) -> Result<Vec<PresaVisione>, Errore> {
                Ok(self
                    .righe_dell_anno::<RigaPresaVisione>(sql::PRESE_VISIONE, tenant.0, anno_ciclo)
                    .await?
                    .into_iter()
                    .map(|r| PresaVisione {
                        persona: r.persona,
                        momento: r.momento,
                        punteggio: r.punteggio_e4.map(da_scala4),
                    })
                    .collect())
            }
        }
    };
}

valutazione_sql!(StoreSqlite);
valutazione_sql!(StorePostgres);

impl ValutazioneRepo for Store {
    async fn regole(&self, t: TenantId, anno: i32) -> Result<Option<RegoleVersionate>, Errore> {
        delega!(self, s => s.regole(t, anno).await)
    }
    async fn salva_regole(
        &self,
        t: TenantId,
        anno: i32,
        r: &RegoleSmvp,
        a: &EventoAudit,
    ) -> Result<i32, Errore> {
        delega!(self, s => s.salva_regole(t, anno, r, a).await)
    }
    async fn voti(&self, t: TenantId, anno: i32) -> Result<Vec<VotoComportamento>, Errore> {
        delega!(self, s => s.voti(t, anno).await)
    }
    async fn salva_voti(
        &self,
        t: TenantId,
        ciclo: IdCiclo,
        v: &[(IdPersona, VotoComportamento)],
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.salva_voti(t, ciclo, v, a).await)
    }
    async fn prese_visione(&self, t: TenantId, anno: i32) -> Result<Vec<PresaVisione>, Errore> {
        delega!(self, s => s.prese_visione(t, anno).await)
    }
}
