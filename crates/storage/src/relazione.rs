//! La Relazione sulla performance, i fatti del Nucleo/OIV e le ripartizioni del fondo
//! memorizzate: una scrittura per comando, con il suo audit nella stessa transazione. Dopo la
//! validazione i trigger della migrazione 0011 rifiutano ogni modifica dei fatti congelati;
//! l'errore del trigger arriva come `Errore::Conflitto` con il suo messaggio (`nucleo::errore_db`).

use crate::nucleo::{Fallimento, delega, errore_db, esegui, in_transazione, riga};
use crate::{Store, StorePostgres, StoreSqlite, sql};
use chrono::{DateTime, NaiveDate, Utc};
use traguardo_app::Errore;
use traguardo_app::porte::{EventoAudit, TenantId};
use traguardo_app::porte_relazione::{
    AccertamentoRegistrato, OsservazioneRegistrata, PropostaDirettore, RelazioneRegistrata,
    RelazioneRepo, RigaRipartizione, RipartizioneSalvata,
};
use traguardo_domain::id::{IdCiclo, IdIndicatore, IdObiettivo, IdPersona};
use traguardo_domain::numeri::{Importo, a_scala4, da_scala4};
use traguardo_domain::piano::Atto;
use traguardo_domain::relazione::{AccertamentiOiv, Accertamento, StatoRelazione};
use uuid::Uuid;

const DENOMINAZIONE_OIV: &str = "SELECT denominazione_oiv FROM ente WHERE tenant_id = $1";
const DENOMINAZIONE_OIV_IMPOSTA: &str =
    "UPDATE ente SET denominazione_oiv = $2 WHERE tenant_id = $1";
const ACCERTAMENTI_PER_CODICE: &str = "SELECT o.codice AS obiettivo, i.posizione AS indicatore, a.raggiungimento_e4, a.motivo \
     FROM oiv_accertamento a JOIN ciclo c ON c.tenant_id = a.tenant_id AND c.id = a.ciclo_id \
     JOIN obiettivo o ON o.tenant_id = a.tenant_id AND o.id = a.obiettivo_id \
     LEFT JOIN indicatore i ON i.tenant_id = a.tenant_id AND i.id = a.indicatore_id \
     WHERE a.tenant_id = $1 AND c.anno_inizio = $2 ORDER BY o.posizione, i.posizione";
const VALIDATE_DEL_CICLO: &str = "SELECT COUNT(*) AS n FROM relazione_performance r \
     JOIN ciclo c ON c.tenant_id = r.tenant_id AND c.id = r.ciclo_id \
     WHERE r.tenant_id = $1 AND c.anno_inizio = $2 AND r.stato = 'validata'";
const RELAZIONE: &str = "SELECT id, anno, stato, atto_approvazione, approvata_il, approvata_da, validata_il, validazione_testo, validata_da, creata_da, creata_il, revisione \
     FROM relazione_performance WHERE tenant_id = $1 AND ciclo_id = $2 AND anno = $3";
const RELAZIONE_INSERISCI: &str = "INSERT INTO relazione_performance (tenant_id, id, ciclo_id, anno, stato, creata_da, creata_il, revisione) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1)";
const RELAZIONE_AGGIORNA: &str = "UPDATE relazione_performance SET stato = $4, atto_approvazione = $5, approvata_il = $6, approvata_da = $7, \
     validata_il = $8, validazione_testo = $9, validata_da = $10, atto_approvazione_id = COALESCE($12, atto_approvazione_id), revisione = revisione + 1 \
     WHERE tenant_id = $1 AND ciclo_id = $2 AND id = $3 AND revisione = $11";
const OSSERVAZIONI: &str = "SELECT id, obiettivo_id, indicatore_id, testo, registrata_da, registrata_il FROM oiv_osservazione \
     WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY registrata_il, id";
const OSSERVAZIONE_INSERISCI: &str = "INSERT INTO oiv_osservazione (tenant_id, id, ciclo_id, obiettivo_id, indicatore_id, testo, registrata_da, registrata_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const ACCERTAMENTI: &str = "SELECT id, obiettivo_id, indicatore_id, raggiungimento_e4, motivo, revisione, aggiornato_da, aggiornato_il \
     FROM oiv_accertamento WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY aggiornato_il, id";
const ACCERTAMENTO_INSERISCI: &str = "INSERT INTO oiv_accertamento (tenant_id, id, ciclo_id, obiettivo_id, indicatore_id, raggiungimento_e4, motivo, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)";
const ACCERTAMENTO_AGGIORNA: &str = "UPDATE oiv_accertamento SET raggiungimento_e4 = $4, motivo = $5, revisione = revisione + 1, aggiornato_da = $6, aggiornato_il = $7 \
     WHERE tenant_id = $1 AND ciclo_id = $2 AND id = $3 AND revisione = $8";
const PROPOSTA: &str = "SELECT id, punteggio_e4, testo, proposta_da, proposta_il, decisione_atto, decisione_punteggio_e4, decisione_da, decisione_il, revisione \
     FROM oiv_proposta_direttore WHERE tenant_id = $1 AND ciclo_id = $2";
const PROPOSTA_INSERISCI: &str = "INSERT INTO oiv_proposta_direttore (tenant_id, id, ciclo_id, punteggio_e4, testo, proposta_da, proposta_il, revisione) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1)";
const PROPOSTA_DECIDI: &str = "UPDATE oiv_proposta_direttore SET decisione_atto = $4, decisione_punteggio_e4 = $5, decisione_da = $6, decisione_il = $7, decisione_atto_id = $9, revisione = revisione + 1 \
     WHERE tenant_id = $1 AND ciclo_id = $2 AND id = $3 AND revisione = $8 AND decisione_atto IS NULL";
const PROPOSTA_AGGIORNA: &str = "UPDATE oiv_proposta_direttore SET punteggio_e4 = $4, testo = $5, proposta_da = $6, proposta_il = $7, revisione = revisione + 1 \
     WHERE tenant_id = $1 AND ciclo_id = $2 AND id = $3 AND revisione = $8 AND decisione_atto IS NULL";
const RIPARTIZIONI: &str = "SELECT id, numero, stato, fondo_cent, distribuito_cent, checkpoint, regola, creata_da, creata_il \
     FROM ripartizione_fondo WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY numero";
const RIPARTIZIONE_RIGHE: &str = "SELECT ripartizione_id, persona_codice, persona_id, nome, ammesso, punteggio_e4, premio_cent \
     FROM ripartizione_fondo_riga WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY ripartizione_id, posizione";
const RIPARTIZIONE_NUMERO: &str = "SELECT COALESCE(MAX(numero), 0) + 1 AS n FROM ripartizione_fondo WHERE tenant_id = $1 AND ciclo_id = $2";
const RIPARTIZIONE_INSERISCI: &str = "INSERT INTO ripartizione_fondo (tenant_id, id, ciclo_id, numero, stato, fondo_cent, distribuito_cent, checkpoint, regola, creata_da, creata_il) \
     VALUES ($1, $2, $3, $4, 'bozza', $5, $6, $7, $8, $9, $10)";
const RIPARTIZIONE_RIGA_INSERISCI: &str = "INSERT INTO ripartizione_fondo_riga (tenant_id, ripartizione_id, ciclo_id, posizione, persona_codice, persona_id, nome, ammesso, punteggio_e4, premio_cent) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const RIPARTIZIONE_RENDI_DEFINITIVA: &str =
    "UPDATE ripartizione_fondo SET stato = 'definitiva' WHERE tenant_id = $1 AND id = $2";

#[derive(sqlx::FromRow)]
struct RigaTesto {
    denominazione_oiv: String,
}

#[derive(sqlx::FromRow)]
struct RigaConta {
    n: i64,
}

#[derive(sqlx::FromRow)]
struct RigaAccertamentoCodice {
    obiettivo: String,
    indicatore: Option<i32>,
    raggiungimento_e4: i64,
    motivo: String,
}

#[derive(sqlx::FromRow)]
struct RigaRelazione {
    id: Uuid,
    anno: i32,
    stato: String,
    atto_approvazione: Option<String>,
    approvata_il: Option<NaiveDate>,
    approvata_da: Option<String>,
    validata_il: Option<NaiveDate>,
    validazione_testo: Option<String>,
    validata_da: Option<String>,
    creata_da: String,
    creata_il: DateTime<Utc>,
    revisione: i64,
}

#[derive(sqlx::FromRow)]
struct RigaOsservazione {
    id: Uuid,
    obiettivo_id: Uuid,
    indicatore_id: Option<Uuid>,
    testo: String,
    registrata_da: String,
    registrata_il: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct RigaAccertamento {
    id: Uuid,
    obiettivo_id: Uuid,
    indicatore_id: Option<Uuid>,
    raggiungimento_e4: i64,
    motivo: String,
    revisione: i64,
    aggiornato_da: String,
    aggiornato_il: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct RigaProposta {
    id: Uuid,
    punteggio_e4: i64,
    testo: String,
    proposta_da: String,
    proposta_il: DateTime<Utc>,
    decisione_atto: Option<String>,
    decisione_punteggio_e4: Option<i64>,
    decisione_da: Option<String>,
    decisione_il: Option<NaiveDate>,
    revisione: i64,
}

#[derive(sqlx::FromRow)]
struct RigaRipartizioneFondo {
    id: Uuid,
    numero: i64,
    stato: String,
    fondo_cent: i64,
    distribuito_cent: i64,
    checkpoint: Option<String>,
    regola: String,
    creata_da: String,
    creata_il: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct RigaPremio {
    ripartizione_id: Uuid,
    persona_codice: String,
    persona_id: Option<Uuid>,
    nome: String,
    ammesso: bool,
    punteggio_e4: i64,
    premio_cent: i64,
}

fn relazione(r: RigaRelazione) -> Result<RelazioneRegistrata, Errore> {
    let stato = StatoRelazione::da_testo(&r.stato).ok_or_else(|| {
        Errore::interno(format!(
            "stato della Relazione «{}» non riconosciuto nel database",
            r.stato
        ))
    })?;
    Ok(RelazioneRegistrata {
        id: r.id,
        anno: r.anno,
        stato,
        atto_approvazione: r.atto_approvazione,
        approvata_il: r.approvata_il,
        approvata_da: r.approvata_da,
        validata_il: r.validata_il,
        validazione_testo: r.validazione_testo,
        validata_da: r.validata_da,
        creata_da: r.creata_da,
        creata_il: r.creata_il,
        revisione: r.revisione,
    })
}

fn proposta(r: RigaProposta) -> PropostaDirettore {
    PropostaDirettore {
        id: r.id,
        punteggio: da_scala4(r.punteggio_e4),
        testo: r.testo,
        proposta_da: r.proposta_da,
        proposta_il: r.proposta_il,
        decisione_atto: r.decisione_atto,
        decisione_punteggio: r.decisione_punteggio_e4.map(da_scala4),
        decisione_da: r.decisione_da,
        decisione_il: r.decisione_il,
        revisione: r.revisione,
    }
}

/// Nessuna riga toccata dall'aggiornamento: qualcuno ha scritto nel frattempo.
fn cambiato(cosa: &str) -> Fallimento {
    Fallimento::Caso(Errore::Conflitto(format!(
        "{cosa} è stata modificata da un altro utente dopo che l'hai letta: ricarica e riprova, nulla è stato salvato"
    )))
}

macro_rules! relazione_sql {
    ($nome:ident) => {
        impl RelazioneRepo for $nome {
            async fn denominazione_oiv(&self, tenant: TenantId) -> Result<String, Errore> {
                let r = sqlx::query_as::<_, RigaTesto>(DENOMINAZIONE_OIV)
                    .bind(tenant.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?;
                Ok(r.map(|r| r.denominazione_oiv)
                    .unwrap_or_else(|| "Nucleo di valutazione".into()))
            }

            async fn imposta_denominazione_oiv(
                &self,
                tenant: TenantId,
                nome: &str,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    esegui!(tx, DENOMINAZIONE_OIV_IMPOSTA, t, nome);
                    Ok(())
                });
                Ok(())
            }

            async fn accertamenti_oiv(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
            ) -> Result<AccertamentiOiv, Errore> {
                let voci: Vec<RigaAccertamentoCodice> = self
                    .righe_dell_anno(ACCERTAMENTI_PER_CODICE, tenant.0, anno_ciclo)
                    .await?;
                let validate: Vec<RigaConta> = self
                    .righe_dell_anno(VALIDATE_DEL_CICLO, tenant.0, anno_ciclo)
                    .await?;
                Ok(AccertamentiOiv {
                    voci: voci
                        .into_iter()
                        .map(|r| Accertamento {
                            obiettivo: r.obiettivo,
                            indicatore: r.indicatore.map(|p| p as usize + 1),
                            raggiungimento: da_scala4(r.raggiungimento_e4),
                            motivo: r.motivo,
                        })
                        .collect(),
                    validata: validate.first().is_some_and(|r| r.n > 0),
                })
            }

            async fn relazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                anno: i32,
            ) -> Result<Option<RelazioneRegistrata>, Errore> {
                sqlx::query_as::<_, RigaRelazione>(RELAZIONE)
                    .bind(tenant.0)
                    .bind(ciclo.0)
                    .bind(anno)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .map(relazione)
                    .transpose()
            }

            async fn crea_relazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                r: &RelazioneRegistrata,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                in_transazione!(self, t, audit, |tx| {
                    esegui!(
                        tx,
                        RELAZIONE_INSERISCI,
                        t,
                        r.id,
                        c,
                        r.anno,
                        r.stato.come_testo(),
                        &r.creata_da,
                        r.creata_il,
                    );
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    Ok(())
                });
                Ok(())
            }

            async fn aggiorna_relazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                r: &RelazioneRegistrata,
                atto: Option<&Atto>,
                revisione_attesa: i64,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                Ok(in_transazione!(self, t, audit, |tx| {
                    let atto_id = match atto {
                        Some(a) => Some(Self::trova_o_crea_atto(tx, t, c, a).await?),
                        None => None,
                    };
                    let n = esegui!(
                        tx,
                        RELAZIONE_AGGIORNA,
                        t,
                        c,
                        r.id,
                        r.stato.come_testo(),
                        &r.atto_approvazione,
                        r.approvata_il,
                        &r.approvata_da,
                        r.validata_il,
                        &r.validazione_testo,
                        &r.validata_da,
                        revisione_attesa,
                        atto_id,
                    );
                    if n == 0 {
                        return Err(cambiato("la Relazione sulla performance"));
                    }
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    Ok(revisione_attesa + 1)
                }))
            }

            async fn osservazioni(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Vec<OsservazioneRegistrata>, Errore> {
                let r = sqlx::query_as::<_, RigaOsservazione>(OSSERVAZIONI)
                    .bind(tenant.0)
                    .bind(ciclo.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?;
                Ok(r.into_iter()
                    .map(|r| OsservazioneRegistrata {
                        id: r.id,
                        obiettivo: IdObiettivo(r.obiettivo_id),
                        indicatore: r.indicatore_id.map(IdIndicatore),
                        testo: r.testo,
                        registrata_da: r.registrata_da,
                        registrata_il: r.registrata_il,
                    })
                    .collect())
            }

            async fn aggiungi_osservazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                o: &OsservazioneRegistrata,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                in_transazione!(self, t, audit, |tx| {
                    esegui!(
                        tx,
                        OSSERVAZIONE_INSERISCI,
                        t,
                        o.id,
                        c,
                        o.obiettivo.0,
                        o.indicatore.map(|i| i.0),
                        &o.testo,
                        &o.registrata_da,
                        o.registrata_il,
                    );
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    Ok(())
                });
                Ok(())
            }

            async fn accertamenti(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Vec<AccertamentoRegistrato>, Errore> {
                let r = sqlx::query_as::<_, RigaAccertamento>(ACCERTAMENTI)
                    .bind(tenant.0)
                    .bind(ciclo.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?;
                Ok(r.into_iter()
                    .map(|r| AccertamentoRegistrato {
                        id: r.id,
                        obiettivo: IdObiettivo(r.obiettivo_id),
                        indicatore: r.indicatore_id.map(IdIndicatore),
                        raggiungimento: da_scala4(r.raggiungimento_e4),
                        motivo: r.motivo,
                        revisione: r.revisione,
                        aggiornato_da: r.aggiornato_da,
                        aggiornato_il: r.aggiornato_il,
                    })
                    .collect())
            }

            async fn salva_accertamento(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                a: &AccertamentoRegistrato,
                revisione_attesa: Option<i64>,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                Ok(in_transazione!(self, t, audit, |tx| {
                    let nuova = match revisione_attesa {
                        None => {
                            esegui!(
                                tx,
                                ACCERTAMENTO_INSERISCI,
                                t,
                                a.id,
                                c,
                                a.obiettivo.0,
                                a.indicatore.map(|i| i.0),
                                a_scala4(a.raggiungimento),
                                &a.motivo,
                                &a.aggiornato_da,
                                a.aggiornato_il,
                            );
                            1
                        }
                        Some(r) => {
                            let n = esegui!(
                                tx,
                                ACCERTAMENTO_AGGIORNA,
                                t,
                                c,
                                a.id,
                                a_scala4(a.raggiungimento),
                                &a.motivo,
                                &a.aggiornato_da,
                                a.aggiornato_il,
                                r,
                            );
                            if n == 0 {
                                return Err(cambiato("l'accertamento"));
                            }
                            r + 1
                        }
                    };
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    Ok(nuova)
                }))
            }

            async fn proposta_direttore(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Option<PropostaDirettore>, Errore> {
                Ok(sqlx::query_as::<_, RigaProposta>(PROPOSTA)
                    .bind(tenant.0)
                    .bind(ciclo.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .map(proposta))
            }

            async fn salva_proposta_direttore(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                p: &PropostaDirettore,
                atto: Option<&Atto>,
                revisione_attesa: Option<i64>,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                Ok(in_transazione!(self, t, audit, |tx| {
                    let nuova = match revisione_attesa {
                        None => {
                            esegui!(
                                tx,
                                PROPOSTA_INSERISCI,
                                t,
                                p.id,
                                c,
                                a_scala4(p.punteggio),
                                &p.testo,
                                &p.proposta_da,
                                p.proposta_il,
                            );
                            1
                        }
                        // La decisione del CdA tocca solo le sue colonne (il trigger lo
                        // consente anche a Relazione validata).
                        Some(r) if p.decisione_atto.is_some() => {
                            let atto_id = match atto {
                                Some(a) => Some(Self::trova_o_crea_atto(tx, t, c, a).await?),
                                None => None,
                            };
                            let n = esegui!(
                                tx,
                                PROPOSTA_DECIDI,
                                t,
                                c,
                                p.id,
                                &p.decisione_atto,
                                p.decisione_punteggio.map(a_scala4),
                                &p.decisione_da,
                                p.decisione_il,
                                r,
                                atto_id,
                            );
                            if n == 0 {
                                return Err(cambiato("la proposta di valutazione del direttore"));
                            }
                            r + 1
                        }
                        Some(r) => {
                            let n = esegui!(
                                tx,
                                PROPOSTA_AGGIORNA,
                                t,
                                c,
                                p.id,
                                a_scala4(p.punteggio),
                                &p.testo,
                                &p.proposta_da,
                                p.proposta_il,
                                r,
                            );
                            if n == 0 {
                                return Err(cambiato("la proposta di valutazione del direttore"));
                            }
                            r + 1
                        }
                    };
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    Ok(nuova)
                }))
            }

            async fn ripartizioni(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Vec<RipartizioneSalvata>, Errore> {
                let teste = sqlx::query_as::<_, RigaRipartizioneFondo>(RIPARTIZIONI)
                    .bind(tenant.0)
                    .bind(ciclo.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?;
                let righe = sqlx::query_as::<_, RigaPremio>(RIPARTIZIONE_RIGHE)
                    .bind(tenant.0)
                    .bind(ciclo.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?;
                Ok(teste
                    .into_iter()
                    .map(|r| RipartizioneSalvata {
                        id: r.id,
                        numero: r.numero,
                        definitiva: r.stato == "definitiva",
                        fondo: Importo::da_centesimi(r.fondo_cent),
                        distribuito: Importo::da_centesimi(r.distribuito_cent),
                        checkpoint: r.checkpoint,
                        regola: r.regola,
                        creata_da: r.creata_da,
                        creata_il: r.creata_il,
                        righe: righe
                            .iter()
                            .filter(|x| x.ripartizione_id == r.id)
                            .map(|x| RigaRipartizione {
                                persona: x.persona_codice.clone(),
                                persona_id: x.persona_id.map(IdPersona),
                                nome: x.nome.clone(),
                                ammesso: x.ammesso,
                                punteggio: da_scala4(x.punteggio_e4),
                                premio: Importo::da_centesimi(x.premio_cent),
                            })
                            .collect(),
                    })
                    .collect())
            }

            async fn salva_ripartizione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                x: &RipartizioneSalvata,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                Ok(in_transazione!(self, t, audit, |tx| {
                    let numero = riga!(tx, RigaConta, RIPARTIZIONE_NUMERO, t, c)
                        .map(|r| r.n)
                        .unwrap_or(1);
                    esegui!(
                        tx,
                        RIPARTIZIONE_INSERISCI,
                        t,
                        x.id,
                        c,
                        numero,
                        x.fondo.centesimi(),
                        x.distribuito.centesimi(),
                        &x.checkpoint,
                        &x.regola,
                        &x.creata_da,
                        x.creata_il,
                    );
                    for (i, r) in x.righe.iter().enumerate() {
                        esegui!(
                            tx,
                            RIPARTIZIONE_RIGA_INSERISCI,
                            t,
                            x.id,
                            c,
                            i as i32,
                            &r.persona,
                            r.persona_id.map(|p| p.0),
                            &r.nome,
                            r.ammesso,
                            a_scala4(r.punteggio),
                            r.premio.centesimi(),
                        );
                    }
                    if x.definitiva {
                        esegui!(tx, RIPARTIZIONE_RENDI_DEFINITIVA, t, x.id);
                    }
                    esegui!(tx, sql::CICLO_TOCCA_DATI, t, c);
                    Ok(numero)
                }))
            }
        }
    };
}

relazione_sql!(StoreSqlite);
relazione_sql!(StorePostgres);

impl RelazioneRepo for Store {
    async fn denominazione_oiv(&self, t: TenantId) -> Result<String, Errore> {
        delega!(self, s => s.denominazione_oiv(t).await)
    }
    async fn imposta_denominazione_oiv(
        &self,
        t: TenantId,
        nome: &str,
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.imposta_denominazione_oiv(t, nome, a).await)
    }
    async fn accertamenti_oiv(&self, t: TenantId, anno: i32) -> Result<AccertamentiOiv, Errore> {
        delega!(self, s => s.accertamenti_oiv(t, anno).await)
    }
    async fn relazione(
        &self,
        t: TenantId,
        c: IdCiclo,
        anno: i32,
    ) -> Result<Option<RelazioneRegistrata>, Errore> {
        delega!(self, s => s.relazione(t, c, anno).await)
    }
    async fn crea_relazione(
        &self,
        t: TenantId,
        c: IdCiclo,
        r: &RelazioneRegistrata,
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.crea_relazione(t, c, r, a).await)
    }
    async fn aggiorna_relazione(
        &self,
        t: TenantId,
        c: IdCiclo,
        r: &RelazioneRegistrata,
        atto: Option<&Atto>,
        revisione_attesa: i64,
        a: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.aggiorna_relazione(t, c, r, atto, revisione_attesa, a).await)
    }
    async fn osservazioni(
        &self,
        t: TenantId,
        c: IdCiclo,
    ) -> Result<Vec<OsservazioneRegistrata>, Errore> {
        delega!(self, s => s.osservazioni(t, c).await)
    }
    async fn aggiungi_osservazione(
        &self,
        t: TenantId,
        c: IdCiclo,
        o: &OsservazioneRegistrata,
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.aggiungi_osservazione(t, c, o, a).await)
    }
    async fn accertamenti(
        &self,
        t: TenantId,
        c: IdCiclo,
    ) -> Result<Vec<AccertamentoRegistrato>, Errore> {
        delega!(self, s => s.accertamenti(t, c).await)
    }
    async fn salva_accertamento(
        &self,
        t: TenantId,
        c: IdCiclo,
        x: &AccertamentoRegistrato,
        revisione_attesa: Option<i64>,
        a: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.salva_accertamento(t, c, x, revisione_attesa, a).await)
    }
    async fn proposta_direttore(
        &self,
        t: TenantId,
        c: IdCiclo,
    ) -> Result<Option<PropostaDirettore>, Errore> {
        delega!(self, s => s.proposta_direttore(t, c).await)
    }
    async fn salva_proposta_direttore(
        &self,
        t: TenantId,
        c: IdCiclo,
        x: &PropostaDirettore,
        atto: Option<&Atto>,
        revisione_attesa: Option<i64>,
        a: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.salva_proposta_direttore(t, c, x, atto, revisione_attesa, a).await)
    }
    async fn ripartizioni(
        &self,
        t: TenantId,
        c: IdCiclo,
    ) -> Result<Vec<RipartizioneSalvata>, Errore> {
        delega!(self, s => s.ripartizioni(t, c).await)
    }
    async fn salva_ripartizione(
        &self,
        t: TenantId,
        c: IdCiclo,
        x: &RipartizioneSalvata,
        a: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.salva_ripartizione(t, c, x, a).await)
    }
}
