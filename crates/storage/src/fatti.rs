//! Fatti legati a persone e capitoli (voti, prese visione, assegnazioni, collegamenti): uno per
//! comando, per id, con la sua revisione e il suo audit nella stessa transazione.

use crate::bilancio::destinazione;
use crate::monitoraggio::ultima;
use crate::nucleo::{Fallimento, delega, errore_db, esegui, in_transazione, riga};
use crate::piani::conflitto;
use crate::righe::*;
use crate::{Store, StorePostgres, StoreSqlite, nuovo_id, sql};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use traguardo_app::Errore;
use traguardo_app::porte::{EventoAudit, TenantId, UltimaModifica};
use traguardo_app::porte_fatti::{
    AssegnazioneIdentificata, CapitoloIdentificato, CollegamentoIdentificato, DestinazioneCapitolo,
    FattiCollegati, FattiRepo, IdentitaAnagrafica,
};
use traguardo_domain::bilancio::Lato;
use traguardo_domain::id::{IdCapitolo, IdCiclo, IdObiettivo, IdPersona, IdProgetto, IdStep};
use traguardo_domain::numeri::a_scala4;
use uuid::Uuid;

fn coppie<T>(r: Vec<RigaCodiceId>, f: impl Fn(Uuid) -> T) -> Vec<(String, T)> {
    r.into_iter().map(|x| (x.codice, f(x.id))).collect()
}

fn conteggi(r: Vec<RigaConteggio>) -> Vec<(String, usize)> {
    r.into_iter().map(|x| (x.codice, x.n as usize)).collect()
}

fn collegamento(r: RigaCollegamentoId) -> Result<CollegamentoIdentificato, Errore> {
    let destinazione = match (r.progetto_id, r.obiettivo_id) {
        (Some(p), None) => DestinazioneCapitolo::Progetto(IdProgetto(p)),
        (None, Some(o)) => DestinazioneCapitolo::Obiettivo(IdObiettivo(o)),
        _ => {
            return Err(Errore::interno(format!(
                "collegamento {} senza una sola destinazione nel database",
                r.id
            )));
        }
    };
    Ok(CollegamentoIdentificato {
        id: r.id,
        capitolo: IdCapitolo(r.capitolo_id),
        destinazione,
        revisione: r.revisione,
    })
}

macro_rules! fatti_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            /// Le righe di una query filtrata per ente e ciclo.
            async fn righe_del_ciclo<T>(
                &self,
                q: &'static str,
                t: Uuid,
                c: Uuid,
            ) -> Result<Vec<T>, Errore>
            where
                T: for<'r> sqlx::FromRow<'r, <$db as sqlx::Database>::Row> + Send + Unpin,
            {
                sqlx::query_as::<_, T>(q)
                    .bind(t)
                    .bind(c)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)
            }
        }

        impl FattiRepo for $nome {
            async fn anagrafica(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<IdentitaAnagrafica, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                Ok(IdentitaAnagrafica {
                    persone: coppie(
                        self.righe_del_ciclo(sql::PERSONE_CODICE_ID, t, c).await?,
                        IdPersona,
                    ),
                    unita: coppie(self.righe_del_ciclo(sql::UNITA_ID, t, c).await?, Into::into),
                    atti: coppie(self.righe_del_ciclo(sql::ATTI_ID, t, c).await?, Into::into),
                    progetti: coppie(
                        self.righe_del_ciclo(sql::PROGETTI_ID, t, c).await?,
                        IdProgetto,
                    ),
                })
            }

            async fn fatti_collegati(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<FattiCollegati, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                let persone: Vec<RigaFattiPersona> =
                    self.righe_del_ciclo(sql::FATTI_PER_PERSONA, t, c).await?;
                Ok(FattiCollegati {
                    persone: persone
                        .into_iter()
                        .map(|r| (r.codice, r.voti as usize, r.prese as usize))
                        .collect(),
                    obiettivi: conteggi(
                        self.righe_del_ciclo(sql::COLLEGAMENTI_PER_OBIETTIVO, t, c)
                            .await?,
                    ),
                    progetti: conteggi(
                        self.righe_del_ciclo(sql::COLLEGAMENTI_PER_PROGETTO, t, c)
                            .await?,
                    ),
                })
            }

            async fn registra_voto(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                persona: IdPersona,
                comportamento: &str,
                voto: Decimal,
                revisione_attesa: Option<i64>,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let (t, c, p) = (tenant.0, ciclo.0, persona.0);
                Ok(in_transazione!(self, t, audit, |tx| {
                    let toccate = match revisione_attesa {
                        None => esegui!(
                            tx,
                            sql::VOTO_INSERISCI,
                            t,
                            c,
                            p,
                            comportamento,
                            a_scala4(voto),
                            &audit.attore,
                            audit.momento,
                        ),
                        Some(r) => esegui!(
                            tx,
                            sql::VOTO_AGGIORNA,
                            t,
                            c,
                            p,
                            comportamento,
                            a_scala4(voto),
                            &audit.attore,
                            audit.momento,
                            r,
                        ),
                    };
                    let dopo = riga!(
                        tx,
                        RigaUltimaModifica,
                        sql::VOTO_ULTIMA_MODIFICA,
                        t,
                        c,
                        p,
                        comportamento
                    );
                    if toccate == 0 {
                        return Err(conflitto(&format!("Il {}", audit.oggetto), dopo).into());
                    }
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    Ok(dopo.map(|r| r.revisione).unwrap_or(1))
                }))
            }

            async fn ultima_modifica_voto(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                persona: IdPersona,
                comportamento: &str,
            ) -> Result<Option<UltimaModifica>, Errore> {
                Ok(ultima(
                    sqlx::query_as::<_, RigaUltimaModifica>(sql::VOTO_ULTIMA_MODIFICA)
                        .bind(tenant.0)
                        .bind(ciclo.0)
                        .bind(persona.0)
                        .bind(comportamento)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(errore_db)?,
                ))
            }

            async fn registra_presa_visione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                persona: IdPersona,
                momento: DateTime<Utc>,
                punteggio: Option<Decimal>,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let (t, c, p) = (tenant.0, ciclo.0, persona.0);
                Ok(in_transazione!(self, t, audit, |tx| {
                    esegui!(
                        tx,
                        sql::PRESA_VISIONE_SALVA,
                        t,
                        c,
                        p,
                        momento,
                        punteggio.map(a_scala4),
                        &audit.attore,
                        audit.momento,
                    );
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    let r = riga!(
                        tx,
                        RigaUltimaModifica,
                        sql::PRESA_VISIONE_REVISIONE,
                        t,
                        c,
                        p
                    );
                    Ok(r.map(|r| r.revisione).unwrap_or(1))
                }))
            }

            async fn assegnazioni(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Vec<AssegnazioneIdentificata>, Errore> {
                let r: Vec<RigaAssegnazioneId> = self
                    .righe_del_ciclo(sql::ASSEGNAZIONI_ID, tenant.0, ciclo.0)
                    .await?;
                Ok(r.into_iter()
                    .map(|r| AssegnazioneIdentificata {
                        id: r.id,
                        persona: IdPersona(r.persona_id),
                        obiettivo: IdObiettivo(r.obiettivo_id),
                        step: r.step_id.map(IdStep),
                        quota: perc(r.quota_e4),
                        revisione: r.revisione,
                    })
                    .collect())
            }

            async fn salva_assegnazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                a: &AssegnazioneIdentificata,
                revisione_attesa: Option<i64>,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                let quota = a.quota.map(|q| a_scala4(q.0));
                Ok(in_transazione!(self, t, audit, |tx| {
                    let toccate = match revisione_attesa {
                        None => esegui!(
                            tx,
                            sql::ASSEGNAZIONE_INSERISCI,
                            t,
                            a.id,
                            c,
                            a.persona.0,
                            a.obiettivo.0,
                            a.step.map(|s| s.0),
                            quota,
                            &audit.attore,
                            audit.momento,
                        ),
                        Some(r) => esegui!(
                            tx,
                            sql::ASSEGNAZIONE_AGGIORNA,
                            t,
                            a.id,
                            r,
                            quota,
                            &audit.attore,
                            audit.momento,
                        ),
                    };
                    let dopo = riga!(
                        tx,
                        RigaUltimaModifica,
                        sql::ASSEGNAZIONE_ULTIMA_MODIFICA,
                        t,
                        a.id
                    );
                    if toccate == 0 {
                        return Err(conflitto(&format!("L'{}", audit.oggetto), dopo).into());
                    }
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    Ok(dopo.map(|r| r.revisione).unwrap_or(1))
                }))
            }

            async fn rimuovi_assegnazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                id: Uuid,
                revisione_attesa: i64,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    if esegui!(tx, sql::ASSEGNAZIONE_RIMUOVI, t, id, revisione_attesa) == 0 {
                        let ultima = riga!(
                            tx,
                            RigaUltimaModifica,
                            sql::ASSEGNAZIONE_ULTIMA_MODIFICA,
                            t,
                            id
                        );
                        return Err(conflitto(&format!("L'{}", audit.oggetto), ultima).into());
                    }
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, ciclo.0);
                    Ok(())
                });
                Ok(())
            }

            async fn capitoli_identificati(
                &self,
                tenant: TenantId,
                esercizio: i32,
            ) -> Result<Vec<CapitoloIdentificato>, Errore> {
                self.righe_dell_anno::<RigaCapitoloIdentita>(
                    sql::BIL_CAPITOLI_IDENTITA,
                    tenant.0,
                    esercizio,
                )
                .await?
                .into_iter()
                .map(|r| {
                    Ok(CapitoloIdentificato {
                        id: IdCapitolo(r.id),
                        lato: Lato::da_codice(&r.lato)
                            .ok_or_else(|| Errore::interno(format!("lato «{}»", r.lato)))?,
                        codice: r.codice,
                    })
                })
                .collect()
            }

            async fn collegamenti_identificati(
                &self,
                tenant: TenantId,
                esercizio: i32,
            ) -> Result<Vec<CollegamentoIdentificato>, Errore> {
                self.righe_dell_anno::<RigaCollegamentoId>(
                    sql::BIL_COLLEGAMENTI_ID,
                    tenant.0,
                    esercizio,
                )
                .await?
                .into_iter()
                .map(collegamento)
                .collect()
            }

            async fn collega_capitolo(
                &self,
                tenant: TenantId,
                capitolo: IdCapitolo,
                d: DestinazioneCapitolo,
                audit: &EventoAudit,
            ) -> Result<CollegamentoIdentificato, Errore> {
                let t = tenant.0;
                let id = nuovo_id();
                let (progetto, obiettivo) = destinazione(&d);
                in_transazione!(self, t, audit, |tx| {
                    let toccate = esegui!(
                        tx,
                        sql::BIL_COLLEGAMENTO_INSERISCI,
                        t,
                        id,
                        capitolo.0,
                        progetto,
                        obiettivo,
                        &audit.attore,
                        audit.momento,
                    );
                    if toccate == 0 {
                        return Err(Fallimento::Caso(Errore::Conflitto(format!(
                            "il {} c'è già: nulla è stato salvato",
                            audit.oggetto
                        ))));
                    }
                    Ok(())
                });
                Ok(CollegamentoIdentificato {
                    id,
                    capitolo,
                    destinazione: d,
                    revisione: 1,
                })
            }

            async fn scollega_capitolo(
                &self,
                tenant: TenantId,
                id: Uuid,
                revisione_attesa: i64,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    if esegui!(tx, sql::BIL_COLLEGAMENTO_RIMUOVI, t, id, revisione_attesa) == 0 {
                        let ultima = riga!(
                            tx,
                            RigaUltimaModifica,
                            sql::BIL_COLLEGAMENTO_ULTIMA_MODIFICA,
                            t,
                            id
                        );
                        return Err(conflitto(&format!("Il {}", audit.oggetto), ultima).into());
                    }
                    Ok(())
                });
                Ok(())
            }
        }
    };
}

fatti_sql!(StoreSqlite, sqlx::Sqlite);
fatti_sql!(StorePostgres, sqlx::Postgres);

impl FattiRepo for Store {
    async fn anagrafica(&self, t: TenantId, c: IdCiclo) -> Result<IdentitaAnagrafica, Errore> {
        delega!(self, s => s.anagrafica(t, c).await)
    }
    async fn fatti_collegati(&self, t: TenantId, c: IdCiclo) -> Result<FattiCollegati, Errore> {
        delega!(self, s => s.fatti_collegati(t, c).await)
    }
    async fn registra_voto(
        &self,
        t: TenantId,
        c: IdCiclo,
        p: IdPersona,
        comportamento: &str,
        voto: Decimal,
        revisione_attesa: Option<i64>,
        a: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.registra_voto(t, c, p, comportamento, voto, revisione_attesa, a).await)
    }
    async fn ultima_modifica_voto(
        &self,
        t: TenantId,
        c: IdCiclo,
        p: IdPersona,
        comportamento: &str,
    ) -> Result<Option<UltimaModifica>, Errore> {
        delega!(self, s => s.ultima_modifica_voto(t, c, p, comportamento).await)
    }
    async fn registra_presa_visione(
        &self,
        t: TenantId,
        c: IdCiclo,
        p: IdPersona,
        momento: DateTime<Utc>,
        punteggio: Option<Decimal>,
        a: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.registra_presa_visione(t, c, p, momento, punteggio, a).await)
    }
    async fn assegnazioni(
        &self,
        t: TenantId,
        c: IdCiclo,
    ) -> Result<Vec<AssegnazioneIdentificata>, Errore> {
        delega!(self, s => s.assegnazioni(t, c).await)
    }
    async fn salva_assegnazione(
        &self,
        t: TenantId,
        c: IdCiclo,
        x: &AssegnazioneIdentificata,
        revisione_attesa: Option<i64>,
        a: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.salva_assegnazione(t, c, x, revisione_attesa, a).await)
    }
    async fn rimuovi_assegnazione(
        &self,
        t: TenantId,
        c: IdCiclo,
        id: Uuid,
        revisione_attesa: i64,
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.rimuovi_assegnazione(t, c, id, revisione_attesa, a).await)
    }
    async fn capitoli_identificati(
        &self,
        t: TenantId,
        esercizio: i32,
    ) -> Result<Vec<CapitoloIdentificato>, Errore> {
        delega!(self, s => s.capitoli_identificati(t, esercizio).await)
    }
    async fn collegamenti_identificati(
        &self,
        t: TenantId,
        esercizio: i32,
    ) -> Result<Vec<CollegamentoIdentificato>, Errore> {
        delega!(self, s => s.collegamenti_identificati(t, esercizio).await)
    }
    async fn collega_capitolo(
        &self,
        t: TenantId,
        capitolo: IdCapitolo,
        d: DestinazioneCapitolo,
        a: &EventoAudit,
    ) -> Result<CollegamentoIdentificato, Errore> {
        delega!(self, s => s.collega_capitolo(t, capitolo, d, a).await)
    }
    async fn scollega_capitolo(
        &self,
        t: TenantId,
        id: Uuid,
        revisione_attesa: i64,
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.scollega_capitolo(t, id, revisione_attesa, a).await)
    }
}
