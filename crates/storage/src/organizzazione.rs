//! L'organizzazione nel tempo (migrazione 0012): periodi di validità dei CdR, responsabili,
//! incarichi delle persone, presenze per anno, CdR capofila. Le righe che il caso d'uso decide
//! si scrivono in una transazione con il loro audit; i trigger rifiutano i periodi sovrapposti e
//! il loro messaggio torna come `Errore::Conflitto` in italiano.

use crate::nucleo::{Fallimento, delega, errore_db, in_transazione, riga};
use crate::righe::etichetta;
use crate::{Store, StorePostgres, StoreSqlite, sql};
use chrono::NaiveDate;
use std::collections::HashMap;
use traguardo_app::Errore;
use traguardo_app::porte::{EventoAudit, TenantId};
use traguardo_app::porte_organizzazione::{
    OrganizzazioneRepo, PresenzaAnnua, ScritturaOrganizzazione, TabellaPeriodi,
};
use traguardo_domain::id::{IdCdr, IdCiclo, IdObiettivo, IdPersona};
use traguardo_domain::numeri::{a_scala4, da_scala4};
use traguardo_domain::organizzazione::{
    CdrStorico, Incarico, Periodo, PersonaStorica, Responsabilita, StoriaOrganizzazione,
};
use uuid::Uuid;

const CICLO: &str = "SELECT anno_inizio, anno_fine FROM ciclo WHERE tenant_id = $1 AND id = $2";
const CDR: &str = "SELECT id, codice, nome, padre, responsabile FROM unita_organizzativa \
     WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
const CDR_PERIODI: &str = "SELECT p.id, p.cdr_id, p.dal, p.al FROM cdr_periodo p \
     JOIN unita_organizzativa u ON u.tenant_id = p.tenant_id AND u.id = p.cdr_id \
     WHERE p.tenant_id = $1 AND u.ciclo_id = $2 ORDER BY p.dal";
const RESPONSABILI: &str = "SELECT r.id, u.codice AS cdr, e.codice AS persona, r.dal, r.al \
     FROM cdr_responsabile r \
     JOIN unita_organizzativa u ON u.tenant_id = r.tenant_id AND u.id = r.cdr_id \
     JOIN persona_ente e ON e.tenant_id = r.tenant_id AND e.id = r.persona_id \
     WHERE r.tenant_id = $1 AND u.ciclo_id = $2 ORDER BY r.dal";
const PERSONE: &str = "SELECT e.id, e.codice, p.cognome_nome, p.unita, COALESCE(p.ruolo, p.qualifica) AS ruolo \
     FROM persona p JOIN persona_ente e ON e.tenant_id = p.tenant_id AND e.id = p.persona_id \
     WHERE p.tenant_id = $1 AND p.ciclo_id = $2 ORDER BY p.posizione";
const INCARICHI: &str = "SELECT i.id, i.persona_id, u.codice AS cdr, i.ruolo, i.dal, i.al \
     FROM persona_incarico i \
     JOIN unita_organizzativa u ON u.tenant_id = i.tenant_id AND u.id = i.cdr_id \
     WHERE i.tenant_id = $1 AND u.ciclo_id = $2 ORDER BY i.dal";

const CDR_INSERISCI: &str = "INSERT INTO unita_organizzativa (tenant_id, ciclo_id, id, posizione, codice, nome, livello, padre, responsabile, note) \
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(posizione), -1) + 1 FROM unita_organizzativa WHERE tenant_id = $1 AND ciclo_id = $2), $4, $5, $6, $7, NULL, NULL)";
const PERSONA_INSERISCI: &str = "INSERT INTO persona (tenant_id, ciclo_id, persona_id, posizione, cognome_nome, qualifica, categoria, ruolo, unita, part_time_e4, giorni_presenza, note) \
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(posizione), -1) + 1 FROM persona WHERE tenant_id = $1 AND ciclo_id = $2), $4, NULL, NULL, $5, $6, NULL, NULL, NULL)";
const PERIODO_CDR_INSERISCI: &str = "INSERT INTO cdr_periodo (tenant_id, id, cdr_id, dal, al, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";
const RESPONSABILE_INSERISCI: &str = "INSERT INTO cdr_responsabile (tenant_id, id, cdr_id, persona_id, dal, al, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const INCARICO_INSERISCI: &str = "INSERT INTO persona_incarico (tenant_id, id, persona_id, cdr_id, ruolo, dal, al, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
const CHIUDI_CDR: &str = "UPDATE cdr_periodo SET al = $3, aggiornato_da = $4, aggiornato_il = $5 WHERE tenant_id = $1 AND id = $2";
const CHIUDI_RESPONSABILE: &str = "UPDATE cdr_responsabile SET al = $3, aggiornato_da = $4, aggiornato_il = $5 WHERE tenant_id = $1 AND id = $2";
const CHIUDI_INCARICO: &str = "UPDATE persona_incarico SET al = $3, aggiornato_da = $4, aggiornato_il = $5 WHERE tenant_id = $1 AND id = $2";

const PRESENZE: &str = "SELECT e.codice AS persona, p.giorni_presenza, p.part_time_e4, p.origine \
     FROM presenza_annua p JOIN persona_ente e ON e.tenant_id = p.tenant_id AND e.id = p.persona_id \
     WHERE p.tenant_id = $1 AND p.anno = $2 ORDER BY e.codice";
const PRESENZA_SALVA: &str = "INSERT INTO presenza_annua (tenant_id, persona_id, anno, giorni_presenza, part_time_e4, origine, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (tenant_id, persona_id, anno) DO UPDATE SET giorni_presenza = excluded.giorni_presenza, \
     part_time_e4 = excluded.part_time_e4, origine = excluded.origine, aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";

const CAPOFILA: &str = "SELECT o.codice AS obiettivo, u.codice AS cdr FROM obiettivo_capofila c \
     JOIN obiettivo o ON o.tenant_id = c.tenant_id AND o.id = c.obiettivo_id \
     JOIN unita_organizzativa u ON u.tenant_id = c.tenant_id AND u.id = c.cdr_id \
     WHERE c.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY o.posizione";
const CAPOFILA_SALVA: &str = "INSERT INTO obiettivo_capofila (tenant_id, obiettivo_id, cdr_id, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (tenant_id, obiettivo_id) DO UPDATE SET cdr_id = excluded.cdr_id, \
     aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";

#[derive(sqlx::FromRow)]
struct RigaAnni {
    anno_inizio: i32,
    anno_fine: i32,
}

#[derive(sqlx::FromRow)]
struct RigaCdr {
    id: Uuid,
    codice: String,
    nome: String,
    padre: Option<String>,
    responsabile: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RigaPeriodoCdr {
    id: Uuid,
    cdr_id: Uuid,
    dal: NaiveDate,
    al: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct RigaResponsabile {
    id: Uuid,
    cdr: String,
    persona: String,
    dal: NaiveDate,
    al: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct RigaPersona {
    id: Uuid,
    codice: String,
    cognome_nome: String,
    unita: Option<String>,
    ruolo: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RigaIncarico {
    id: Uuid,
    persona_id: Uuid,
    cdr: String,
    ruolo: Option<String>,
    dal: NaiveDate,
    al: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct RigaPresenza {
    persona: String,
    giorni_presenza: i32,
    part_time_e4: i64,
    origine: String,
}

#[derive(sqlx::FromRow)]
struct RigaCapofila {
    obiettivo: String,
    cdr: String,
}

#[derive(sqlx::FromRow)]
struct RigaId {
    id: Uuid,
}

/// Il rifiuto di un trigger dei periodi (o di un vincolo) in un messaggio per l'utente.
fn rifiuto(e: sqlx::Error) -> Fallimento {
    if let sqlx::Error::Database(d) = &e {
        let m = d.message();
        if let Some(i) = m.find("periodi sovrapposti") {
            return Fallimento::Caso(Errore::Conflitto(m[i..].to_string()));
        }
    }
    Fallimento::Db(e)
}

fn data_ciclo(a: i32, m: u32, g: u32) -> Result<NaiveDate, Errore> {
    NaiveDate::from_ymd_opt(a, m, g)
        .ok_or_else(|| Errore::interno(format!("anno del ciclo {a} fuori scala")))
}

macro_rules! organizzazione_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            async fn righe_org<T>(&self, q: &'static str, t: Uuid, c: Uuid) -> Result<Vec<T>, Errore>
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

        impl OrganizzazioneRepo for $nome {
            async fn storia_organizzazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<StoriaOrganizzazione, Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                let anni: Vec<RigaAnni> = self.righe_org(CICLO, t, c).await?;
                let anni = anni
                    .first()
                    .ok_or_else(|| Errore::NonTrovato(format!("il ciclo {c} non esiste")))?;
                let ciclo = Periodo::new(
                    data_ciclo(anni.anno_inizio, 1, 1)?,
                    Some(data_ciclo(anni.anno_fine, 12, 31)?),
                );
                let periodi: Vec<RigaPeriodoCdr> = self.righe_org(CDR_PERIODI, t, c).await?;
                let cdr: Vec<RigaCdr> = self.righe_org(CDR, t, c).await?;
                let cdr = cdr
                    .into_iter()
                    .map(|u| CdrStorico {
                        validita: periodi
                            .iter()
                            .filter(|p| p.cdr_id == u.id)
                            .map(|p| (p.id, Periodo::new(p.dal, p.al)))
                            .collect(),
                        id: u.id,
                        codice: u.codice,
                        nome: u.nome,
                        padre: u.padre,
                        responsabile_piano: u.responsabile,
                    })
                    .collect();
                let responsabili: Vec<RigaResponsabile> =
                    self.righe_org(RESPONSABILI, t, c).await?;
                let incarichi: Vec<RigaIncarico> = self.righe_org(INCARICHI, t, c).await?;
                let persone: Vec<RigaPersona> = self.righe_org(PERSONE, t, c).await?;
                Ok(StoriaOrganizzazione {
                    ciclo,
                    cdr,
                    responsabili: responsabili
                        .into_iter()
                        .map(|r| Responsabilita {
                            id: r.id,
                            cdr: r.cdr,
                            persona: r.persona,
                            periodo: Periodo::new(r.dal, r.al),
                        })
                        .collect(),
                    persone: persone
                        .into_iter()
                        .map(|p| PersonaStorica {
                            incarichi: incarichi
                                .iter()
                                .filter(|i| i.persona_id == p.id)
                                .map(|i| Incarico {
                                    id: i.id,
                                    cdr: i.cdr.clone(),
                                    ruolo: i.ruolo.clone(),
                                    periodo: Periodo::new(i.dal, i.al),
                                })
                                .collect(),
                            id: p.id,
                            codice: p.codice,
                            nome: p.cognome_nome,
                            cdr_piano: p.unita,
                            ruolo_piano: p.ruolo,
                        })
                        .collect(),
                })
            }

            async fn scrivi_organizzazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                scritture: &[ScritturaOrganizzazione],
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let (t, c) = (tenant.0, ciclo.0);
                let (chi, quando) = (&audit.attore, audit.momento);
                in_transazione!(self, t, audit, |tx| {
                    // L'id di una persona già nell'ente sostituisce quello proposto.
                    let mut ids: HashMap<Uuid, Uuid> = HashMap::new();
                    for s in scritture {
                        match s {
                            ScritturaOrganizzazione::NuovoCdr {
                                id,
                                codice,
                                nome,
                                livello,
                                padre,
                            } => {
                                sqlx::query(CDR_INSERISCI)
                                    .bind(t)
                                    .bind(c)
                                    .bind(id.0)
                                    .bind(codice)
                                    .bind(nome)
                                    .bind(etichetta(livello))
                                    .bind(padre)
                                    .execute(&mut **tx)
                                    .await
                                    .map_err(rifiuto)?;
                            }
                            ScritturaOrganizzazione::NuovaPersona {
                                id,
                                codice,
                                nome,
                                ruolo,
                                cdr,
                            } => {
                                sqlx::query(sql::PERSONA_ENTE_INSERISCI)
                                    .bind(t)
                                    .bind(id.0)
                                    .bind(codice)
                                    .execute(&mut **tx)
                                    .await?;
                                let vero = riga!(tx, RigaId, sql::PERSONA_ENTE_ID, t, codice)
                                    .map(|r| r.id)
                                    .unwrap_or(id.0);
                                ids.insert(id.0, vero);
                                sqlx::query(PERSONA_INSERISCI)
                                    .bind(t)
                                    .bind(c)
                                    .bind(vero)
                                    .bind(nome)
                                    .bind(ruolo)
                                    .bind(cdr)
                                    .execute(&mut **tx)
                                    .await
                                    .map_err(rifiuto)?;
                            }
                            ScritturaOrganizzazione::NuovoPeriodo {
                                tabella,
                                id,
                                cdr,
                                persona,
                                ruolo,
                                dal,
                                al,
                            } => {
                                let persona = persona.map(|p| *ids.get(&p.0).unwrap_or(&p.0));
                                let q = match tabella {
                                    TabellaPeriodi::Cdr => sqlx::query(PERIODO_CDR_INSERISCI)
                                        .bind(t)
                                        .bind(id)
                                        .bind(cdr.0)
                                        .bind(dal)
                                        .bind(al)
                                        .bind(chi)
                                        .bind(quando),
                                    TabellaPeriodi::Responsabile => {
                                        sqlx::query(RESPONSABILE_INSERISCI)
                                            .bind(t)
                                            .bind(id)
                                            .bind(cdr.0)
                                            .bind(persona)
                                            .bind(dal)
                                            .bind(al)
                                            .bind(chi)
                                            .bind(quando)
                                    }
                                    TabellaPeriodi::Incarico => sqlx::query(INCARICO_INSERISCI)
                                        .bind(t)
                                        .bind(id)
                                        .bind(persona)
                                        .bind(cdr.0)
                                        .bind(ruolo)
                                        .bind(dal)
                                        .bind(al)
                                        .bind(chi)
                                        .bind(quando),
                                };
                                q.execute(&mut **tx).await.map_err(rifiuto)?;
                            }
                            ScritturaOrganizzazione::ChiudiPeriodo { tabella, id, al } => {
                                let q = match tabella {
                                    TabellaPeriodi::Cdr => CHIUDI_CDR,
                                    TabellaPeriodi::Responsabile => CHIUDI_RESPONSABILE,
                                    TabellaPeriodi::Incarico => CHIUDI_INCARICO,
                                };
                                let n = sqlx::query(q)
                                    .bind(t)
                                    .bind(id)
                                    .bind(al)
                                    .bind(chi)
                                    .bind(quando)
                                    .execute(&mut **tx)
                                    .await
                                    .map_err(rifiuto)?
                                    .rows_affected();
                                if n == 0 {
                                    return Err(Errore::Conflitto(format!(
                                        "il periodo {id} non c'è più: qualcuno l'ha cambiato nel frattempo, riprova"
                                    ))
                                    .into());
                                }
                            }
                        }
                    }
                    sqlx::query(sql::CICLO_TOCCA_DATI)
                        .bind(t)
                        .bind(c)
                        .execute(&mut **tx)
                        .await?;
                    Ok(())
                });
                Ok(())
            }

            async fn presenze(
                &self,
                tenant: TenantId,
                anno: i32,
            ) -> Result<Vec<PresenzaAnnua>, Errore> {
                let r: Vec<RigaPresenza> = self.righe_dell_anno(PRESENZE, tenant.0, anno).await?;
                Ok(r.into_iter()
                    .map(|r| PresenzaAnnua {
                        persona: r.persona,
                        giorni_presenza: r.giorni_presenza.max(0) as u32,
                        part_time: da_scala4(r.part_time_e4),
                        origine: r.origine,
                    })
                    .collect())
            }

            async fn salva_presenze(
                &self,
                tenant: TenantId,
                anno: i32,
                righe: &[(IdPersona, PresenzaAnnua)],
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    for (id, p) in righe {
                        sqlx::query(PRESENZA_SALVA)
                            .bind(t)
                            .bind(id.0)
                            .bind(anno)
                            .bind(p.giorni_presenza as i32)
                            .bind(a_scala4(p.part_time))
                            .bind(&p.origine)
                            .bind(&audit.attore)
                            .bind(audit.momento)
                            .execute(&mut **tx)
                            .await?;
                    }
                    Ok(())
                });
                Ok(())
            }

            async fn capofila(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Vec<(String, String)>, Errore> {
                let r: Vec<RigaCapofila> = self.righe_org(CAPOFILA, tenant.0, ciclo.0).await?;
                Ok(r.into_iter().map(|r| (r.obiettivo, r.cdr)).collect())
            }

            async fn imposta_capofila(
                &self,
                tenant: TenantId,
                obiettivo: IdObiettivo,
                cdr: IdCdr,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    sqlx::query(CAPOFILA_SALVA)
                        .bind(t)
                        .bind(obiettivo.0)
                        .bind(cdr.0)
                        .bind(&audit.attore)
                        .bind(audit.momento)
                        .execute(&mut **tx)
                        .await?;
                    Ok(())
                });
                Ok(())
            }
        }
    };
}

organizzazione_sql!(StoreSqlite, sqlx::Sqlite);
organizzazione_sql!(StorePostgres, sqlx::Postgres);

impl OrganizzazioneRepo for Store {
    async fn storia_organizzazione(
        &self,
        t: TenantId,
        c: IdCiclo,
    ) -> Result<StoriaOrganizzazione, Errore> {
        delega!(self, s => s.storia_organizzazione(t, c).await)
    }
    async fn scrivi_organizzazione(
        &self,
        t: TenantId,
        c: IdCiclo,
        scritture: &[ScritturaOrganizzazione],
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.scrivi_organizzazione(t, c, scritture, a).await)
    }
    async fn presenze(&self, t: TenantId, anno: i32) -> Result<Vec<PresenzaAnnua>, Errore> {
        delega!(self, s => s.presenze(t, anno).await)
    }
    async fn salva_presenze(
        &self,
        t: TenantId,
        anno: i32,
        righe: &[(IdPersona, PresenzaAnnua)],
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.salva_presenze(t, anno, righe, a).await)
    }
    async fn capofila(&self, t: TenantId, c: IdCiclo) -> Result<Vec<(String, String)>, Errore> {
        delega!(self, s => s.capofila(t, c).await)
    }
    async fn imposta_capofila(
        &self,
        t: TenantId,
        o: IdObiettivo,
        cdr: IdCdr,
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.imposta_capofila(t, o, cdr, a).await)
    }
}
