//! Versioni del piano (migrazione 0009): elenco con atti ed errata corrige, cambi di stato,
//! approvazione, variazione. I trigger della migrazione congelano le tabelle di lavoro di un
//! ciclo la cui versione di testa è approvata; qui ogni scrittura controlla lo stato atteso
//! dentro la transazione (due approvazioni concorrenti: una sola passa).

use crate::nucleo::{Fallimento, delega, esegui, in_lettura, in_transazione, riga, righe};
use crate::{Store, StorePostgres, StoreSqlite, nuovo_id};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use traguardo_app::Errore;
use traguardo_app::identita::IdentitaPiano;
use traguardo_app::porte::{EventoAudit, TenantId};
use traguardo_app::porte_versioni::{
    Approvazione, CollegamentoVersione, ErrataCorrige, StatoVersione, VersioneRegistrata,
    VersioniCiclo, VersioniRepo,
};
use traguardo_domain::atto::RiferimentoAtto;
use traguardo_domain::id::IdCiclo;
use traguardo_domain::piano::Piano;
use uuid::Uuid;

const CICLO: &str =
    "SELECT id, revisione_dati FROM ciclo WHERE tenant_id = $1 AND anno_inizio = $2";
const CICLO_REVISIONE: &str = "SELECT revisione_dati FROM ciclo WHERE tenant_id = $1 AND id = $2";
const VERSIONI: &str = "SELECT v.id, v.numero, v.stato, a.tipo AS atto_tipo, a.organo AS atto_organo, \
     a.numero AS atto_numero, a.data AS atto_data, v.approvata_il, v.approvata_da, v.avvertenze, \
     v.forzatura_motivo, v.contenuto, v.creata_il, v.creata_da \
     FROM piano_versione v LEFT JOIN atto a ON a.tenant_id = v.tenant_id AND a.id = v.atto_id \
     WHERE v.tenant_id = $1 AND v.ciclo_id = $2 ORDER BY v.numero";
const ERRATA: &str = "SELECT e.versione_id, e.motivo, e.testo, e.autore, e.data FROM errata_corrige e \
     JOIN piano_versione v ON v.tenant_id = e.tenant_id AND v.id = e.versione_id \
     WHERE e.tenant_id = $1 AND v.ciclo_id = $2 ORDER BY e.data, e.id";
/// La versione 1 in bozza di un ciclo appena creato (nulla se il ciclo ha già le sue versioni).
pub(crate) const VERSIONE_PRIMA: &str = "INSERT INTO piano_versione (tenant_id, id, ciclo_id, numero, stato, creata_il, creata_da) \
     VALUES ($1, $2, $3, 1, 'bozza', $4, $5) ON CONFLICT (tenant_id, ciclo_id, numero) DO NOTHING";
const STATO_CAMBIA: &str = "UPDATE piano_versione SET stato = $4 WHERE tenant_id = $1 AND ciclo_id = $2 AND numero = $3 AND stato = $5 \
     AND numero = (SELECT MAX(w.numero) FROM piano_versione w WHERE w.tenant_id = $1 AND w.ciclo_id = $2)";
const APPROVA: &str = "UPDATE piano_versione SET stato = 'approvata', atto_id = $4, approvata_il = $5, approvata_da = $6, \
     avvertenze = $7, forzatura_motivo = $8, contenuto = $9 \
     WHERE tenant_id = $1 AND ciclo_id = $2 AND numero = $3 AND stato IN ('bozza', 'proposta') \
     AND numero = (SELECT MAX(w.numero) FROM piano_versione w WHERE w.tenant_id = $1 AND w.ciclo_id = $2)";
const VARIAZIONE: &str = "INSERT INTO piano_versione (tenant_id, id, ciclo_id, numero, stato, creata_il, creata_da) \
     SELECT v.tenant_id, $4, v.ciclo_id, v.numero + 1, 'bozza', $5, $6 FROM piano_versione v \
     WHERE v.tenant_id = $1 AND v.ciclo_id = $2 AND v.numero = $3 AND v.stato = 'approvata' \
     AND v.numero = (SELECT MAX(w.numero) FROM piano_versione w WHERE w.tenant_id = $1 AND w.ciclo_id = $2)";
const ERRATA_INSERISCI: &str = "INSERT INTO errata_corrige (tenant_id, id, versione_id, motivo, testo, autore, data) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";
const CICLO_TOCCA: &str = "UPDATE ciclo SET revisione_dati = revisione_dati + 1, aggiornato_il = $3 WHERE tenant_id = $1 AND id = $2";
const COLLEGAMENTI: &str = "SELECT i.esercizio, i.lato, i.codice AS capitolo, \
     CASE WHEN l.obiettivo_id IS NULL THEN 'progetto' ELSE 'obiettivo' END AS tipo, \
     COALESCE(o.codice, g.codice) AS codice, COALESCE(l.obiettivo_id, l.progetto_id) AS destinazione_id \
     FROM collegamento_capitolo l \
     JOIN capitolo_identita i ON i.tenant_id = l.tenant_id AND i.id = l.capitolo_id \
     LEFT JOIN obiettivo o ON o.tenant_id = l.tenant_id AND o.id = l.obiettivo_id \
     LEFT JOIN progetto_peg g ON g.tenant_id = l.tenant_id AND g.id = l.progetto_id \
     WHERE l.tenant_id = $1 AND (o.ciclo_id = $2 OR g.ciclo_id = $2) \
     ORDER BY i.esercizio, i.lato, i.codice, 4, 5";

#[derive(sqlx::FromRow)]
struct RigaCicloVersioni {
    id: Uuid,
    revisione_dati: i64,
}

#[derive(sqlx::FromRow)]
struct RigaRevisione {
    revisione_dati: i64,
}

#[derive(sqlx::FromRow)]
struct RigaVersione {
    id: Uuid,
    numero: i32,
    stato: String,
    atto_tipo: Option<String>,
    atto_organo: Option<String>,
    atto_numero: Option<String>,
    atto_data: Option<NaiveDate>,
    approvata_il: Option<DateTime<Utc>>,
    approvata_da: Option<String>,
    avvertenze: Option<String>,
    forzatura_motivo: Option<String>,
    contenuto: Option<String>,
    creata_il: DateTime<Utc>,
    creata_da: String,
}

#[derive(sqlx::FromRow)]
struct RigaErrata {
    versione_id: Uuid,
    motivo: String,
    testo: Option<String>,
    autore: String,
    data: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct RigaCollegamento {
    esercizio: i32,
    lato: String,
    capitolo: String,
    tipo: String,
    codice: String,
    destinazione_id: Uuid,
}

fn conflitto_versione() -> Fallimento {
    Fallimento::Caso(Errore::Conflitto(
        "le versioni del piano sono cambiate nel frattempo (un altro utente le ha aggiornate): ricarica e riprova, nulla è stato salvato".into(),
    ))
}

macro_rules! versioni_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            /// Apre la versione `testa + 1` in bozza, se la testa è `testa` ed è approvata.
            async fn inserisci_variazione(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                ciclo: Uuid,
                testa: i32,
                audit: &EventoAudit,
            ) -> Result<i32, Fallimento> {
                let n = esegui!(
                    tx,
                    VARIAZIONE,
                    t,
                    ciclo,
                    testa,
                    nuovo_id(),
                    audit.momento,
                    &audit.attore
                );
                if n == 0 {
                    return Err(conflitto_versione());
                }
                esegui!(tx, CICLO_TOCCA, t, ciclo, audit.momento);
                Ok(testa + 1)
            }
        }

        impl VersioniRepo for $nome {
            async fn versioni(
                &self,
                tenant: TenantId,
                anno: i32,
            ) -> Result<Option<VersioniCiclo>, Errore> {
                let t = tenant.0;
                Ok(in_lettura!(self, |tx| {
                    let Some(c) = riga!(tx, RigaCicloVersioni, CICLO, t, anno) else {
                        return Ok(None);
                    };
                    let mut errata: HashMap<Uuid, Vec<ErrataCorrige>> = HashMap::new();
                    for e in righe!(tx, RigaErrata, ERRATA, t, c.id) {
                        errata.entry(e.versione_id).or_default().push(ErrataCorrige {
                            motivo: e.motivo,
                            testo: e.testo,
                            autore: e.autore,
                            data: e.data,
                        });
                    }
                    let mut versioni = Vec::new();
                    for r in righe!(tx, RigaVersione, VERSIONI, t, c.id) {
                        let atto = match (r.atto_tipo, r.atto_numero, r.atto_data) {
                            (Some(tipo), Some(numero), Some(data)) => Some(RiferimentoAtto {
                                tipo,
                                organo: r.atto_organo,
                                numero,
                                data,
                            }),
                            _ => None,
                        };
                        versioni.push(VersioneRegistrata {
                            id: r.id,
                            numero: r.numero,
                            stato: StatoVersione::da_codice(&r.stato).ok_or_else(|| {
                                Fallimento::corrotto(format!("stato della versione «{}»", r.stato))
                            })?,
                            atto,
                            approvata_il: r.approvata_il,
                            approvata_da: r.approvata_da,
                            avvertenze: r.avvertenze,
                            forzatura_motivo: r.forzatura_motivo,
                            contenuto: r.contenuto,
                            creata_il: r.creata_il,
                            creata_da: r.creata_da,
                            errata: errata.remove(&r.id).unwrap_or_default(),
                        });
                    }
                    Ok(Some(VersioniCiclo {
                        ciclo: IdCiclo(c.id),
                        revisione_dati: c.revisione_dati,
                        versioni,
                    }))
                }))
            }

            async fn cambia_stato(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                numero: i32,
                da: StatoVersione,
                a: StatoVersione,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                if a == StatoVersione::Approvata {
                    return Err(Errore::interno("l'approvazione passa da `approva`"));
                }
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    let n = esegui!(tx, STATO_CAMBIA, t, ciclo.0, numero, a.codice(), da.codice());
                    if n == 0 {
                        return Err(conflitto_versione());
                    }
                    esegui!(tx, CICLO_TOCCA, t, ciclo.0, audit.momento);
                    Ok(())
                });
                Ok(())
            }

            async fn approva(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                x: &Approvazione,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    let attuale = riga!(tx, RigaRevisione, CICLO_REVISIONE, t, ciclo.0)
                        .ok_or_else(|| Errore::NonTrovato("il ciclo non esiste più".into()))?;
                    if attuale.revisione_dati != x.revisione_dati {
                        return Err(Errore::Conflitto(
                            "il piano è cambiato mentre lo approvavi (un altro comando ha scritto nel ciclo): ricontrolla e riprova, nulla è stato approvato".into(),
                        )
                        .into());
                    }
                    let atto = Self::trova_o_crea_atto(tx, t, ciclo.0, &x.atto).await?;
                    let n = esegui!(
                        tx,
                        APPROVA,
                        t,
                        ciclo.0,
                        x.numero,
                        atto,
                        audit.momento,
                        &audit.attore,
                        &x.avvertenze,
                        &x.forzatura_motivo,
                        &x.contenuto
                    );
                    if n == 0 {
                        return Err(conflitto_versione());
                    }
                    esegui!(tx, CICLO_TOCCA, t, ciclo.0, audit.momento);
                    Ok(())
                });
                Ok(())
            }

            async fn apri_variazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                testa: i32,
                audit: &EventoAudit,
            ) -> Result<i32, Errore> {
                let t = tenant.0;
                Ok(in_transazione!(self, t, audit, |tx| {
                    Self::inserisci_variazione(tx, t, ciclo.0, testa, audit).await
                }))
            }

            async fn salva_piano_in_variazione(
                &self,
                tenant: TenantId,
                piano: &Piano,
                identita: &IdentitaPiano,
                testa: i32,
                audit: &EventoAudit,
            ) -> Result<i32, Errore> {
                let t = tenant.0;
                Ok(in_transazione!(self, t, audit, |tx| {
                    let n = Self::inserisci_variazione(tx, t, identita.ciclo.0, testa, audit)
                        .await?;
                    Self::scrivi_piano(tx, t, piano, identita, audit).await?;
                    Ok(n)
                }))
            }

            async fn aggiungi_errata(
                &self,
                tenant: TenantId,
                versione: Uuid,
                e: &ErrataCorrige,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    esegui!(
                        tx,
                        ERRATA_INSERISCI,
                        t,
                        nuovo_id(),
                        versione,
                        &e.motivo,
                        &e.testo,
                        &e.autore,
                        e.data
                    );
                    Ok(())
                });
                Ok(())
            }

            async fn collegamenti_del_ciclo(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Vec<CollegamentoVersione>, Errore> {
                let t = tenant.0;
                Ok(in_lettura!(self, |tx| {
                    Ok(righe!(tx, RigaCollegamento, COLLEGAMENTI, t, ciclo.0)
                        .into_iter()
                        .map(|r| CollegamentoVersione {
                            esercizio: r.esercizio,
                            lato: r.lato,
                            capitolo: r.capitolo,
                            tipo: r.tipo,
                            codice: r.codice,
                            destinazione_id: r.destinazione_id,
                        })
                        .collect::<Vec<_>>())
                }))
            }
        }
    };
}

versioni_sql!(StoreSqlite, sqlx::Sqlite);
versioni_sql!(StorePostgres, sqlx::Postgres);

impl VersioniRepo for Store {
    async fn versioni(&self, tenant: TenantId, anno: i32) -> Result<Option<VersioniCiclo>, Errore> {
        delega!(self, s => s.versioni(tenant, anno).await)
    }
    async fn cambia_stato(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        numero: i32,
        da: StatoVersione,
        a: StatoVersione,
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.cambia_stato(tenant, ciclo, numero, da, a, audit).await)
    }
    async fn approva(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        approvazione: &Approvazione,
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.approva(tenant, ciclo, approvazione, audit).await)
    }
    async fn apri_variazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        testa: i32,
        audit: &EventoAudit,
    ) -> Result<i32, Errore> {
        delega!(self, s => s.apri_variazione(tenant, ciclo, testa, audit).await)
    }
    async fn salva_piano_in_variazione(
        &self,
        tenant: TenantId,
        piano: &Piano,
        identita: &IdentitaPiano,
        testa: i32,
        audit: &EventoAudit,
    ) -> Result<i32, Errore> {
        delega!(self, s => s.salva_piano_in_variazione(tenant, piano, identita, testa, audit).await)
    }
    async fn aggiungi_errata(
        &self,
        tenant: TenantId,
        versione: Uuid,
        errata: &ErrataCorrige,
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.aggiungi_errata(tenant, versione, errata, audit).await)
    }
    async fn collegamenti_del_ciclo(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> Result<Vec<CollegamentoVersione>, Errore> {
        delega!(self, s => s.collegamenti_del_ciclo(tenant, ciclo).await)
    }
}
