//! Checkpoint con una vita: stato, data di redazione, sigilli (solo inserimenti) e dilazioni
//! decise con un atto registrato come entità del ciclo. I trigger della migrazione 0010
//! congelano i fatti dei checkpoint chiusi e rifiutano modifiche ai sigilli.

use crate::nucleo::{delega, errore_db, esegui, in_transazione, riga};
use crate::righe::etichetta;
use crate::{Store, StorePostgres, StoreSqlite};
use chrono::{DateTime, NaiveDate, Utc};
use traguardo_app::Errore;
use traguardo_app::checkpoint::{
    CambioCheckpoint, CheckpointRegistrato, CheckpointRepo, SigilloRegistrato,
};
use traguardo_app::porte::{DilazioneRegistrata, EventoAudit, TenantId};
use traguardo_domain::atto::RiferimentoAtto;
use traguardo_domain::checkpoint::StatoCheckpoint;
use traguardo_domain::id::{IdAtto, IdCheckpoint, IdCiclo};
use uuid::Uuid;

const CHECKPOINT_DEL_CICLO: &str = "SELECT id, codice, data, etichetta, finale, stato, data_redazione, trasmesso_il, trasmesso_da, chiuso_il, chiuso_da, revisione \
     FROM checkpoint WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
const CHECKPOINT_CAMBIA: &str = "UPDATE checkpoint SET stato = $4, data_redazione = $5, trasmesso_il = $6, trasmesso_da = $7, chiuso_il = $8, chiuso_da = $9, revisione = revisione + 1 \
     WHERE tenant_id = $1 AND id = $2 AND revisione = $3";
const CHECKPOINT_REVISIONE: &str =
    "SELECT revisione FROM checkpoint WHERE tenant_id = $1 AND id = $2";
const SIGILLO_INSERISCI: &str = "INSERT INTO checkpoint_sigillo (tenant_id, id, checkpoint_id, numero, sigillato_il, sigillato_da, data_redazione, contenuto, impronta) \
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(numero), 0) + 1 FROM checkpoint_sigillo WHERE tenant_id = $1 AND checkpoint_id = $3), $4, $5, $6, $7, $8)";
const SIGILLI: &str = "SELECT id, checkpoint_id, numero, sigillato_il, sigillato_da, data_redazione, contenuto, impronta \
     FROM checkpoint_sigillo WHERE tenant_id = $1 AND checkpoint_id = $2 ORDER BY numero";
const DILAZIONE_DECIDI_CON_ATTO: &str = "UPDATE dilazione SET esito = $4, atto = $5, data_esito = $6, atto_id = $7, revisione = revisione + 1, aggiornato_da = $8, aggiornato_il = $9 \
     WHERE tenant_id = $1 AND id = $2 AND revisione = $3";
const CICLO_TOCCA: &str = "UPDATE ciclo SET revisione_dati = revisione_dati + 1, aggiornato_il = $3 WHERE tenant_id = $1 AND id = $2";

#[derive(sqlx::FromRow)]
struct RigaCheckpointStato {
    id: Uuid,
    codice: String,
    data: NaiveDate,
    etichetta: String,
    finale: bool,
    stato: String,
    data_redazione: Option<NaiveDate>,
    trasmesso_il: Option<DateTime<Utc>>,
    trasmesso_da: Option<String>,
    chiuso_il: Option<DateTime<Utc>>,
    chiuso_da: Option<String>,
    revisione: i64,
}

#[derive(sqlx::FromRow)]
struct RigaSigillo {
    id: Uuid,
    checkpoint_id: Uuid,
    numero: i32,
    sigillato_il: DateTime<Utc>,
    sigillato_da: String,
    data_redazione: Option<NaiveDate>,
    contenuto: String,
    impronta: String,
}

#[derive(sqlx::FromRow)]
struct RigaRevisione {
    revisione: i64,
}

fn registrato(r: RigaCheckpointStato) -> Result<CheckpointRegistrato, Errore> {
    Ok(CheckpointRegistrato {
        id: IdCheckpoint(r.id),
        stato: StatoCheckpoint::da_codice(&r.stato).ok_or_else(|| {
            Errore::interno(format!(
                "stato del checkpoint «{}» non riconosciuto nel database",
                r.stato
            ))
        })?,
        codice: r.codice,
        data: r.data,
        etichetta: r.etichetta,
        finale: r.finale,
        data_redazione: r.data_redazione,
        trasmesso_il: r.trasmesso_il,
        trasmesso_da: r.trasmesso_da,
        chiuso_il: r.chiuso_il,
        chiuso_da: r.chiuso_da,
        revisione: r.revisione,
    })
}

macro_rules! checkpoint_sql {
    ($nome:ident) => {
        impl CheckpointRepo for $nome {
            async fn checkpoint_del_ciclo(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Vec<CheckpointRegistrato>, Errore> {
                sqlx::query_as::<_, RigaCheckpointStato>(CHECKPOINT_DEL_CICLO)
                    .bind(tenant.0)
                    .bind(ciclo.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(registrato)
                    .collect()
            }

            async fn cambia_checkpoint(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                c: &CambioCheckpoint,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let t = tenant.0;
                Ok(in_transazione!(self, t, audit, |tx| {
                    let toccate = esegui!(
                        tx,
                        CHECKPOINT_CAMBIA,
                        t,
                        c.id.0,
                        c.revisione_attesa,
                        c.stato.codice(),
                        c.data_redazione,
                        c.trasmesso_il,
                        &c.trasmesso_da,
                        c.chiuso_il,
                        &c.chiuso_da,
                    );
                    if toccate == 0 {
                        return Err(Errore::Conflitto(
                            "il checkpoint è stato cambiato da un altro utente dopo che l'hai letto: ricarica e riprova, nulla è stato salvato"
                                .into(),
                        )
                        .into());
                    }
                    if let Some(s) = &c.sigillo {
                        esegui!(
                            tx,
                            SIGILLO_INSERISCI,
                            t,
                            s.id,
                            c.id.0,
                            audit.momento,
                            &audit.attore,
                            s.data_redazione,
                            &s.contenuto,
                            &s.impronta,
                        );
                    }
                    esegui!(tx, CICLO_TOCCA, t, ciclo.0, audit.momento);
                    let r = riga!(tx, RigaRevisione, CHECKPOINT_REVISIONE, t, c.id.0);
                    Ok(r.map(|r| r.revisione).unwrap_or(c.revisione_attesa + 1))
                }))
            }

            async fn sigilli(
                &self,
                tenant: TenantId,
                checkpoint: IdCheckpoint,
            ) -> Result<Vec<SigilloRegistrato>, Errore> {
                Ok(sqlx::query_as::<_, RigaSigillo>(SIGILLI)
                    .bind(tenant.0)
                    .bind(checkpoint.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(|r| SigilloRegistrato {
                        id: r.id,
                        checkpoint: IdCheckpoint(r.checkpoint_id),
                        numero: i64::from(r.numero),
                        sigillato_il: r.sigillato_il,
                        sigillato_da: r.sigillato_da,
                        data_redazione: r.data_redazione,
                        contenuto: r.contenuto,
                        impronta: r.impronta,
                    })
                    .collect())
            }

            async fn decidi_con_atto(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                atto: &RiferimentoAtto,
                oggetto: &str,
                decisioni: &[DilazioneRegistrata],
                audit: &EventoAudit,
            ) -> Result<IdAtto, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                let riga_atto = atto.riga(oggetto);
                Ok(in_transazione!(self, t, audit, |tx| {
                    let id = Self::trova_o_crea_atto(tx, t, c, &riga_atto).await?;
                    for d in decisioni {
                        let x = &d.dati;
                        let toccate = esegui!(
                            tx,
                            DILAZIONE_DECIDI_CON_ATTO,
                            t,
                            d.id.0,
                            d.revisione,
                            etichetta(&x.esito),
                            &x.atto,
                            x.data_esito,
                            id,
                            &audit.attore,
                            audit.momento,
                        );
                        if toccate == 0 {
                            return Err(Errore::Conflitto(format!(
                                "la dilazione dello step {} dell'obiettivo {} è stata cambiata da un altro utente dopo che l'hai letta: ricarica e riprova, nulla è stato salvato",
                                x.step, x.obiettivo
                            ))
                            .into());
                        }
                    }
                    esegui!(tx, CICLO_TOCCA, t, c, audit.momento);
                    Ok(IdAtto(id))
                }))
            }
        }
    };
}

checkpoint_sql!(StoreSqlite);
checkpoint_sql!(StorePostgres);

impl CheckpointRepo for Store {
    async fn checkpoint_del_ciclo(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> Result<Vec<CheckpointRegistrato>, Errore> {
        delega!(self, s => s.checkpoint_del_ciclo(tenant, ciclo).await)
    }

    async fn cambia_checkpoint(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        cambio: &CambioCheckpoint,
        audit: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.cambia_checkpoint(tenant, ciclo, cambio, audit).await)
    }

    async fn sigilli(
        &self,
        tenant: TenantId,
        checkpoint: IdCheckpoint,
    ) -> Result<Vec<SigilloRegistrato>, Errore> {
        delega!(self, s => s.sigilli(tenant, checkpoint).await)
    }

    async fn decidi_con_atto(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        atto: &RiferimentoAtto,
        oggetto: &str,
        decisioni: &[DilazioneRegistrata],
        audit: &EventoAudit,
    ) -> Result<IdAtto, Errore> {
        delega!(self, s => s.decidi_con_atto(tenant, ciclo, atto, oggetto, decisioni, audit).await)
    }
}
