//! PEG finanziario: versioni del bilancio, capitoli, collegamenti ai progetti e agli obiettivi.

use crate::nucleo::{Fallimento, delega, errore_db, esegui, in_transazione, riga};
use crate::righe::*;
use crate::{Store, StorePostgres, StoreSqlite, nuovo_id, sql};
use traguardo_app::Errore;
use traguardo_app::porte::{
    BilancioRepo, CollegamentoCapitolo, EventoAudit, TenantId, VersioneBilancio,
};
use traguardo_app::porte_fatti::DestinazioneCapitolo;
use traguardo_domain::bilancio::{Bilancio, Capitolo, Importi, Lato, UnitaBilancio, VociTestata};
use traguardo_domain::id::IdCapitolo;
use traguardo_domain::numeri::Importo;
use uuid::Uuid;

/// Le colonne (progetto, obiettivo) di un collegamento: una sola è piena.
pub(crate) fn destinazione(d: &DestinazioneCapitolo) -> (Option<Uuid>, Option<Uuid>) {
    match d {
        DestinazioneCapitolo::Progetto(p) => (Some(p.0), None),
        DestinazioneCapitolo::Obiettivo(o) => (None, Some(o.0)),
    }
}

macro_rules! bilancio_sql {
    ($nome:ident) => {
        impl BilancioRepo for $nome {
            async fn salva_bilancio(
                &self,
                tenant: TenantId,
                b: &Bilancio,
                fonte: &str,
                formato: &str,
                audit: &EventoAudit,
            ) -> Result<i32, Errore> {
                let t = tenant.0;
                Ok(in_transazione!(self, t, audit, |tx| {
                    let ultima: RigaNumeroVersione = sqlx::query_as(sql::BIL_ULTIMA_VERSIONE)
                        .bind(t)
                        .bind(b.esercizio)
                        .fetch_one(&mut **tx)
                        .await?;
                    let versione = ultima.versione + 1;
                    let v = nuovo_id();
                    let tt = &b.testata;
                    esegui!(
                        tx,
                        sql::BIL_VERSIONE_INSERISCI,
                        t,
                        v,
                        b.esercizio,
                        versione,
                        audit.momento,
                        fonte,
                        formato,
                        tt.fpv_parte_corrente.centesimi(),
                        tt.fpv_conto_capitale.centesimi(),
                        tt.utilizzo_avanzo.centesimi(),
                        tt.avanzo_utilizzato_anticipatamente.centesimi(),
                        tt.fondo_cassa_iniziale.centesimi(),
                        tt.disavanzo.centesimi(),
                    );
                    for (i, u) in b.unita.iter().enumerate() {
                        esegui!(
                            tx,
                            sql::BIL_UO_INSERISCI,
                            t,
                            v,
                            i as i32,
                            &u.codice,
                            &u.nome
                        );
                    }
                    for (i, c) in b.capitoli.iter().enumerate() {
                        let im = &c.importi;
                        // Lo stesso capitolo in ogni versione dell'esercizio: identità per codice.
                        esegui!(
                            tx,
                            sql::BIL_CAPITOLO_IDENTITA_INSERISCI,
                            t,
                            nuovo_id(),
                            b.esercizio,
                            c.lato.codice(),
                            &c.codice,
                        );
                        let id = riga!(
                            tx,
                            RigaId,
                            sql::BIL_CAPITOLO_IDENTITA,
                            t,
                            b.esercizio,
                            c.lato.codice(),
                            &c.codice
                        )
                        .ok_or_else(|| Fallimento::corrotto("identità del capitolo mancante"))?
                        .id;
                        esegui!(
                            tx,
                            sql::BIL_CAPITOLO_INSERISCI,
                            t,
                            v,
                            i as i32,
                            c.lato.codice(),
                            &c.codice,
                            &c.descrizione,
                            &c.uo,
                            &c.titolo,
                            &c.tipologia,
                            &c.missione,
                            &c.programma,
                            im.anno_precedente.centesimi(),
                            im.previsione.centesimi(),
                            im.aumento.centesimi(),
                            im.diminuzione.centesimi(),
                            im.cassa.centesimi(),
                            im.impegnato.centesimi(),
                            im.fpv.centesimi(),
                            im.anno_2.map(|x| x.centesimi()),
                            im.anno_3.map(|x| x.centesimi()),
                            id,
                        );
                    }
                    Ok(versione)
                }))
            }

            async fn versione_corrente_bilancio(
                &self,
                tenant: TenantId,
                esercizio: i32,
            ) -> Result<i32, Errore> {
                let r: RigaNumeroVersione = sqlx::query_as(sql::BIL_ULTIMA_VERSIONE)
                    .bind(tenant.0)
                    .bind(esercizio)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(errore_db)?;
                Ok(r.versione)
            }

            async fn carica_bilancio(
                &self,
                tenant: TenantId,
                esercizio: i32,
                versione: Option<i32>,
            ) -> Result<Option<Bilancio>, Errore> {
                let t = tenant.0;
                let versione = match versione {
                    Some(v) => v,
                    None => {
                        let r: RigaNumeroVersione = sqlx::query_as(sql::BIL_ULTIMA_VERSIONE)
                            .bind(t)
                            .bind(esercizio)
                            .fetch_one(&self.pool)
                            .await
                            .map_err(errore_db)?;
                        r.versione
                    }
                };
                let Some(v) = sqlx::query_as::<_, RigaBilancioVersione>(sql::BIL_VERSIONE)
                    .bind(t)
                    .bind(esercizio)
                    .bind(versione)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                else {
                    return Ok(None);
                };
                let unita = sqlx::query_as::<_, RigaCodiceNome>(sql::BIL_UO)
                    .bind(t)
                    .bind(v.id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(|u| UnitaBilancio {
                        codice: u.codice,
                        nome: u.nome,
                    })
                    .collect();
                let mut capitoli = Vec::new();
                for c in sqlx::query_as::<_, RigaCapitolo>(sql::BIL_CAPITOLI)
                    .bind(t)
                    .bind(v.id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                {
                    let lato = Lato::da_codice(&c.lato).ok_or_else(|| {
                        Errore::interno(format!("lato «{}» non valido nel database", c.lato))
                    })?;
                    let i = Importo::da_centesimi;
                    capitoli.push(Capitolo {
                        lato,
                        codice: c.codice,
                        descrizione: c.descrizione,
                        uo: c.uo,
                        titolo: c.titolo,
                        tipologia: c.tipologia,
                        missione: c.missione,
                        programma: c.programma,
                        importi: Importi {
                            anno_precedente: i(c.anno_precedente_cent),
                            previsione: i(c.previsione_cent),
                            aumento: i(c.aumento_cent),
                            diminuzione: i(c.diminuzione_cent),
                            cassa: i(c.cassa_cent),
                            impegnato: i(c.impegnato_cent),
                            fpv: i(c.fpv_cent),
                            anno_2: c.anno2_cent.map(i),
                            anno_3: c.anno3_cent.map(i),
                        },
                    });
                }
                let i = Importo::da_centesimi;
                Ok(Some(Bilancio {
                    esercizio: v.esercizio,
                    testata: VociTestata {
                        fpv_parte_corrente: i(v.fpv_corrente_cent),
                        fpv_conto_capitale: i(v.fpv_capitale_cent),
                        utilizzo_avanzo: i(v.avanzo_cent),
                        avanzo_utilizzato_anticipatamente: i(v.avanzo_anticipato_cent),
                        fondo_cassa_iniziale: i(v.fondo_cassa_cent),
                        disavanzo: i(v.disavanzo_cent),
                    },
                    unita,
                    capitoli,
                }))
            }

            async fn versioni_bilancio(
                &self,
                tenant: TenantId,
                esercizio: i32,
            ) -> Result<Vec<VersioneBilancio>, Errore> {
                Ok(self
                    .righe_dell_anno::<RigaVersioneElenco>(sql::BIL_VERSIONI, tenant.0, esercizio)
                    .await?
                    .into_iter()
                    .map(|r| VersioneBilancio {
                        esercizio: r.esercizio,
                        versione: r.versione,
                        importato_il: r.importato_il,
                        fonte: r.fonte,
                        formato: r.formato,
                        capitoli: r.capitoli,
                    })
                    .collect())
            }

            async fn salva_collegamenti(
                &self,
                tenant: TenantId,
                esercizio: i32,
                collegamenti: &[(IdCapitolo, DestinazioneCapitolo)],
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                in_transazione!(self, tenant.0, audit, |tx| {
                    esegui!(tx, sql::BIL_COLLEGAMENTI_CANCELLA, tenant.0, esercizio);
                    for (capitolo, d) in collegamenti {
                        let (progetto, obiettivo) = destinazione(d);
                        esegui!(
                            tx,
                            sql::BIL_COLLEGAMENTO_INSERISCI,
                            tenant.0,
                            nuovo_id(),
                            capitolo.0,
                            progetto,
                            obiettivo,
                            &audit.attore,
                            audit.momento,
                        );
                    }
                    Ok(())
                });
                Ok(())
            }

            async fn collegamenti(
                &self,
                tenant: TenantId,
                esercizio: i32,
            ) -> Result<Vec<CollegamentoCapitolo>, Errore> {
                self.righe_dell_anno::<RigaCollegamentoCapitolo>(
                    sql::BIL_COLLEGAMENTI,
                    tenant.0,
                    esercizio,
                )
                .await?
                .into_iter()
                .map(|r| {
                    Ok(CollegamentoCapitolo {
                        lato: Lato::da_codice(&r.lato)
                            .ok_or_else(|| Errore::interno(format!("lato «{}»", r.lato)))?,
                        capitolo: r.capitolo,
                        tipo: da_etichetta(&r.tipo).map_err(Errore::interno)?,
                        codice: r.codice,
                    })
                })
                .collect()
            }
        }
    };
}

bilancio_sql!(StoreSqlite);
bilancio_sql!(StorePostgres);

impl BilancioRepo for Store {
    async fn salva_bilancio(
        &self,
        tenant: TenantId,
        b: &Bilancio,
        fonte: &str,
        formato: &str,
        audit: &EventoAudit,
    ) -> Result<i32, Errore> {
        delega!(self, s => s.salva_bilancio(tenant, b, fonte, formato, audit).await)
    }
    async fn versione_corrente_bilancio(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> Result<i32, Errore> {
        delega!(self, s => s.versione_corrente_bilancio(tenant, esercizio).await)
    }
    async fn carica_bilancio(
        &self,
        tenant: TenantId,
        esercizio: i32,
        versione: Option<i32>,
    ) -> Result<Option<Bilancio>, Errore> {
        delega!(self, s => s.carica_bilancio(tenant, esercizio, versione).await)
    }
    async fn versioni_bilancio(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> Result<Vec<VersioneBilancio>, Errore> {
        delega!(self, s => s.versioni_bilancio(tenant, esercizio).await)
    }
    async fn salva_collegamenti(
        &self,
        tenant: TenantId,
        esercizio: i32,
        collegamenti: &[(IdCapitolo, DestinazioneCapitolo)],
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.salva_collegamenti(tenant, esercizio, collegamenti, audit).await)
    }
    async fn collegamenti(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> Result<Vec<CollegamentoCapitolo>, Errore> {
        delega!(self, s => s.collegamenti(tenant, esercizio).await)
    }
}
