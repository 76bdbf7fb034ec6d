//! Utenti dell'installazione, ruoli presso gli enti e token API. Ogni scrittura e la sua voce
//! di audit stanno nella stessa transazione.

use crate::{Store, StorePostgres, StoreSqlite, errore_db};
use chrono::{DateTime, Utc};
use traguardo_app::Errore;
use traguardo_app::porte::{EnteRegistrato, TenantId};
use traguardo_app::porte_accessi::{
    AccessoConToken, CredenzialiUtente, ModificaUtente, NuovoToken, NuovoUtente, RuoloPresso,
    Token, TokenId, Utente, UtenteId, UtentiRepo, VoceAudit,
};
use traguardo_domain::accesso::{CodicePersona, Ruolo, RuoloAssegnato};
use uuid::Uuid;

const UTENTE_INSERISCI: &str = "INSERT INTO utente (id, login, nome, hash_password, superadmin, attivo, creato_il, aggiornato_il) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const UTENTI: &str = "SELECT id, login, nome, hash_password, superadmin, attivo, creato_il FROM utente ORDER BY login";
const UTENTE_PER_LOGIN: &str = "SELECT id, login, nome, hash_password, superadmin, attivo, creato_il FROM utente WHERE login = $1";
const UTENTE_PER_ID: &str = "SELECT id, login, nome, hash_password, superadmin, attivo, creato_il FROM utente WHERE id = $1";
const UTENTE_MODIFICA: &str = "UPDATE utente SET hash_password = COALESCE($2, hash_password), attivo = COALESCE($3, attivo), superadmin = COALESCE($4, superadmin), aggiornato_il = $5 WHERE id = $1";

const RUOLI_PRESSO: &str = "SELECT r.tenant_id, e.codice AS ente, r.ruolo, r.cdr, r.obiettivi, r.persona FROM ruolo_utente r \
     JOIN ente e ON e.tenant_id = r.tenant_id WHERE r.tenant_id = $1 AND r.utente_id = $2 ORDER BY r.ruolo";
const RUOLI_UTENTE: &str = "SELECT r.tenant_id, e.codice AS ente, r.ruolo, r.cdr, r.obiettivi, r.persona FROM ruolo_utente r \
     JOIN ente e ON e.tenant_id = r.tenant_id WHERE r.utente_id = $1 ORDER BY e.codice, r.ruolo";
const RUOLO_SALVA: &str = "INSERT INTO ruolo_utente (tenant_id, utente_id, ruolo, cdr, obiettivi, persona, concesso_il) VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (tenant_id, utente_id, ruolo) DO UPDATE SET cdr = excluded.cdr, obiettivi = excluded.obiettivi, persona = excluded.persona, concesso_il = excluded.concesso_il";
const RUOLO_ELIMINA: &str =
    "DELETE FROM ruolo_utente WHERE tenant_id = $1 AND utente_id = $2 AND ruolo = $3";

const TOKEN_INSERISCI: &str = "INSERT INTO token_api (id, utente_id, hash, descrizione, creato_il, scade_il) VALUES ($1, $2, $3, $4, $5, $6)";
const TOKEN_PER_HASH: &str = "SELECT id, utente_id, descrizione, creato_il, scade_il, revocato_il FROM token_api WHERE hash = $1";
// Una riga per ruolo dell'utente presso l'ente (almeno una, con le colonne del ruolo nulle,
// se il token esiste): token, utente, ente e ruoli in un solo giro verso il database.
const ACCESSO_CON_TOKEN: &str = "SELECT t.id, t.utente_id, t.descrizione, t.creato_il, t.scade_il, t.revocato_il, \
     u.login, u.nome, u.superadmin, u.attivo, u.creato_il AS utente_creato_il, \
     e.tenant_id AS ente_tenant_id, e.codice AS ente_codice, e.nome AS ente_nome, \
     r.ruolo, r.cdr, r.obiettivi, r.persona \
     FROM token_api t JOIN utente u ON u.id = t.utente_id \
     LEFT JOIN ente e ON e.codice = $2 \
     LEFT JOIN ruolo_utente r ON r.utente_id = u.id AND r.tenant_id = e.tenant_id \
     WHERE t.hash = $1 ORDER BY r.ruolo";
const TOKEN_ELENCO: &str = "SELECT id, utente_id, descrizione, creato_il, scade_il, revocato_il FROM token_api WHERE ($1 IS NULL OR utente_id = $1) ORDER BY creato_il, id";
const TOKEN_REVOCA: &str =
    "UPDATE token_api SET revocato_il = $2 WHERE id = $1 AND revocato_il IS NULL";

#[derive(sqlx::FromRow)]
struct RigaUtente {
    id: Uuid,
    login: String,
    nome: String,
    hash_password: Option<String>,
    superadmin: bool,
    attivo: bool,
    creato_il: DateTime<Utc>,
}

impl RigaUtente {
    fn credenziali(self) -> CredenzialiUtente {
        CredenzialiUtente {
            hash_password: self.hash_password,
            utente: Utente {
                id: UtenteId(self.id),
                login: self.login,
                nome: self.nome,
                superadmin: self.superadmin,
                attivo: self.attivo,
                creato_il: self.creato_il,
            },
        }
    }
}

#[derive(sqlx::FromRow)]
struct RigaRuolo {
    tenant_id: Uuid,
    ente: String,
    ruolo: String,
    cdr: String,
    obiettivi: String,
    persona: Option<String>,
}

impl RigaRuolo {
    /// Un ruolo illeggibile (scritto a mano male) è un errore, non un ruolo ignorato.
    fn ruolo(self) -> Result<RuoloPresso, Errore> {
        let guasto = |cosa: &str| {
            Errore::interno(format!(
                "ruolo_utente dell'ente {}: {cosa} non leggibile",
                self.ente
            ))
        };
        let ruolo = Ruolo::da_codice(&self.ruolo).ok_or_else(|| guasto("ruolo"))?;
        let cdr = serde_json::from_str(&self.cdr).map_err(|_| guasto("cdr"))?;
        let obiettivi = serde_json::from_str(&self.obiettivi).map_err(|_| guasto("obiettivi"))?;
        Ok(RuoloPresso {
            tenant: TenantId(self.tenant_id),
            ente: self.ente,
            ruolo: RuoloAssegnato {
                ruolo,
                cdr,
                obiettivi,
                persona: self.persona.map(CodicePersona),
            },
        })
    }
}

#[derive(sqlx::FromRow)]
struct RigaToken {
    id: Uuid,
    utente_id: Uuid,
    descrizione: Option<String>,
    creato_il: DateTime<Utc>,
    scade_il: Option<DateTime<Utc>>,
    revocato_il: Option<DateTime<Utc>>,
}

impl From<RigaToken> for Token {
    fn from(r: RigaToken) -> Token {
        Token {
            id: TokenId(r.id),
            utente_id: UtenteId(r.utente_id),
            descrizione: r.descrizione,
            creato_il: r.creato_il,
            scade_il: r.scade_il,
            revocato_il: r.revocato_il,
        }
    }
}

#[derive(sqlx::FromRow)]
struct RigaAccesso {
    #[sqlx(flatten)]
    token: RigaToken,
    login: String,
    nome: String,
    superadmin: bool,
    attivo: bool,
    utente_creato_il: DateTime<Utc>,
    ente_tenant_id: Option<Uuid>,
    ente_codice: Option<String>,
    ente_nome: Option<String>,
    ruolo: Option<String>,
    cdr: Option<String>,
    obiettivi: Option<String>,
    persona: Option<String>,
}

/// Le righe di [`ACCESSO_CON_TOKEN`] ricomposte: la prima dà token, utente ed ente, ognuna un
/// ruolo (se c'è).
fn accesso(righe: Vec<RigaAccesso>) -> Result<Option<AccessoConToken>, Errore> {
    let mut righe = righe.into_iter();
    let Some(prima) = righe.next() else {
        return Ok(None);
    };
    let ente = match (prima.ente_tenant_id, &prima.ente_codice, &prima.ente_nome) {
        (Some(t), Some(c), Some(n)) => Some(EnteRegistrato {
            tenant_id: TenantId(t),
            codice: c.clone(),
            nome: n.clone(),
        }),
        _ => None,
    };
    let utente = Utente {
        id: UtenteId(prima.token.utente_id),
        login: prima.login.clone(),
        nome: prima.nome.clone(),
        superadmin: prima.superadmin,
        attivo: prima.attivo,
        creato_il: prima.utente_creato_il,
    };
    let mut ruoli = Vec::new();
    let mut token = None;
    for r in std::iter::once(prima).chain(righe) {
        if let (Some(e), Some(ruolo)) = (&ente, r.ruolo) {
            let riga = RigaRuolo {
                tenant_id: e.tenant_id.0,
                ente: e.codice.clone(),
                ruolo,
                cdr: r.cdr.unwrap_or_else(|| "[]".into()),
                obiettivi: r.obiettivi.unwrap_or_else(|| "[]".into()),
                persona: r.persona,
            };
            ruoli.push(riga.ruolo()?.ruolo);
        }
        token.get_or_insert(r.token);
    }
    Ok(token.map(|t| AccessoConToken {
        token: t.into(),
        utente,
        ente,
        ruoli,
    }))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, Errore> {
    serde_json::to_string(v).map_err(|e| Errore::interno_da(format!("serializzazione: {e}"), e))
}

macro_rules! utenti_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            async fn ruoli(
                &self,
                q: &'static str,
                tenant: Option<Uuid>,
                utente: UtenteId,
            ) -> Result<Vec<RuoloPresso>, Errore> {
                let mut query = sqlx::query_as::<_, RigaRuolo>(q);
                if let Some(t) = tenant {
                    query = query.bind(t);
                }
                query
                    .bind(utente.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(RigaRuolo::ruolo)
                    .collect()
            }
        }

        impl UtentiRepo for $nome {
            async fn crea_utente(
                &self,
                nuovo: &NuovoUtente,
                audit: &VoceAudit,
            ) -> Result<Utente, Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                let r = sqlx::query(UTENTE_INSERISCI)
                    .bind(nuovo.id.0)
                    .bind(&nuovo.login)
                    .bind(&nuovo.nome)
                    .bind(&nuovo.hash_password)
                    .bind(nuovo.superadmin)
                    .bind(true)
                    .bind(nuovo.creato_il)
                    .bind(nuovo.creato_il)
                    .execute(&mut *tx)
                    .await;
                if let Err(sqlx::Error::Database(d)) = &r
                    && d.is_unique_violation()
                {
                    return Err(Errore::Conflitto(format!(
                        "l'utente «{}» esiste già",
                        nuovo.login
                    )));
                }
                r.map_err(errore_db)?;
                Self::scrivi_voce(&mut tx, audit).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)?;
                Ok(Utente {
                    id: nuovo.id,
                    login: nuovo.login.clone(),
                    nome: nuovo.nome.clone(),
                    superadmin: nuovo.superadmin,
                    attivo: true,
                    creato_il: nuovo.creato_il,
                })
            }

            async fn credenziali(&self, login: &str) -> Result<Option<CredenzialiUtente>, Errore> {
                Ok(sqlx::query_as::<_, RigaUtente>(UTENTE_PER_LOGIN)
                    .bind(login)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .map(RigaUtente::credenziali))
            }

            async fn utente(&self, id: UtenteId) -> Result<Option<Utente>, Errore> {
                Ok(sqlx::query_as::<_, RigaUtente>(UTENTE_PER_ID)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .map(|r| r.credenziali().utente))
            }

            async fn elenco_utenti(&self) -> Result<Vec<Utente>, Errore> {
                Ok(sqlx::query_as::<_, RigaUtente>(UTENTI)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(|r| r.credenziali().utente)
                    .collect())
            }

            async fn modifica_utente(
                &self,
                id: UtenteId,
                m: &ModificaUtente,
                audit: &VoceAudit,
            ) -> Result<(), Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                let n = sqlx::query(UTENTE_MODIFICA)
                    .bind(id.0)
                    .bind(&m.hash_password)
                    .bind(m.attivo)
                    .bind(m.superadmin)
                    .bind(Utc::now())
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?
                    .rows_affected();
                if n == 0 {
                    return Err(Errore::NonTrovato(format!("l'utente {} non esiste", id.0)));
                }
                Self::scrivi_voce(&mut tx, audit).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)
            }

            async fn ruoli_presso(
                &self,
                utente: UtenteId,
                tenant: TenantId,
            ) -> Result<Vec<RuoloAssegnato>, Errore> {
                Ok(self
                    .ruoli(RUOLI_PRESSO, Some(tenant.0), utente)
                    .await?
                    .into_iter()
                    .map(|r| r.ruolo)
                    .collect())
            }

            async fn ruoli_utente(&self, utente: UtenteId) -> Result<Vec<RuoloPresso>, Errore> {
                self.ruoli(RUOLI_UTENTE, None, utente).await
            }

            async fn salva_ruolo(
                &self,
                tenant: TenantId,
                utente: UtenteId,
                ruolo: &RuoloAssegnato,
                audit: &VoceAudit,
            ) -> Result<(), Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                sqlx::query(RUOLO_SALVA)
                    .bind(tenant.0)
                    .bind(utente.0)
                    .bind(ruolo.ruolo.codice())
                    .bind(json(&ruolo.cdr)?)
                    .bind(json(&ruolo.obiettivi)?)
                    .bind(ruolo.persona.as_ref().map(|p| p.as_str()))
                    .bind(audit.momento)
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?;
                Self::scrivi_voce(&mut tx, audit).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)
            }

            async fn elimina_ruolo(
                &self,
                tenant: TenantId,
                utente: UtenteId,
                ruolo: Ruolo,
                audit: &VoceAudit,
            ) -> Result<bool, Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                let n = sqlx::query(RUOLO_ELIMINA)
                    .bind(tenant.0)
                    .bind(utente.0)
                    .bind(ruolo.codice())
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?
                    .rows_affected();
                if n == 0 {
                    return Ok(false);
                }
                Self::scrivi_voce(&mut tx, audit).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)?;
                Ok(true)
            }

            async fn crea_token(&self, t: &NuovoToken, audit: &VoceAudit) -> Result<Token, Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                sqlx::query(TOKEN_INSERISCI)
                    .bind(t.id.0)
                    .bind(t.utente_id.0)
                    .bind(&t.hash)
                    .bind(&t.descrizione)
                    .bind(t.creato_il)
                    .bind(t.scade_il)
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?;
                Self::scrivi_voce(&mut tx, audit).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)?;
                Ok(Token {
                    id: t.id,
                    utente_id: t.utente_id,
                    descrizione: t.descrizione.clone(),
                    creato_il: t.creato_il,
                    scade_il: t.scade_il,
                    revocato_il: None,
                })
            }

            async fn accesso_con_token(
                &self,
                hash: &str,
                codice_ente: &str,
            ) -> Result<Option<AccessoConToken>, Errore> {
                let righe = sqlx::query_as::<_, RigaAccesso>(ACCESSO_CON_TOKEN)
                    .bind(hash)
                    .bind(codice_ente)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?;
                accesso(righe)
            }

            async fn token_per_hash(&self, hash: &str) -> Result<Option<Token>, Errore> {
                Ok(sqlx::query_as::<_, RigaToken>(TOKEN_PER_HASH)
                    .bind(hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .map(Token::from))
            }

            async fn elenco_token(&self, utente: Option<UtenteId>) -> Result<Vec<Token>, Errore> {
                Ok(sqlx::query_as::<_, RigaToken>(TOKEN_ELENCO)
                    .bind(utente.map(|u| u.0))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(Token::from)
                    .collect())
            }

            async fn revoca_token(
                &self,
                id: TokenId,
                quando: DateTime<Utc>,
                audit: &VoceAudit,
            ) -> Result<bool, Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                let n = sqlx::query(TOKEN_REVOCA)
                    .bind(id.0)
                    .bind(quando)
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?
                    .rows_affected();
                if n == 0 {
                    return Ok(false);
                }
                Self::scrivi_voce(&mut tx, audit).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)?;
                Ok(true)
            }
        }
    };
}

utenti_sql!(StoreSqlite, Sqlite);
utenti_sql!(StorePostgres, Postgres);

macro_rules! su_store {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            Store::Sqlite($s) => $e,
            Store::Postgres($s) => $e,
        }
    };
}

impl UtentiRepo for Store {
    async fn crea_utente(&self, n: &NuovoUtente, a: &VoceAudit) -> Result<Utente, Errore> {
        su_store!(self, s => s.crea_utente(n, a).await)
    }
    async fn credenziali(&self, login: &str) -> Result<Option<CredenzialiUtente>, Errore> {
        su_store!(self, s => s.credenziali(login).await)
    }
    async fn utente(&self, id: UtenteId) -> Result<Option<Utente>, Errore> {
        su_store!(self, s => s.utente(id).await)
    }
    async fn elenco_utenti(&self) -> Result<Vec<Utente>, Errore> {
        su_store!(self, s => s.elenco_utenti().await)
    }
    async fn modifica_utente(
        &self,
        id: UtenteId,
        m: &ModificaUtente,
        a: &VoceAudit,
    ) -> Result<(), Errore> {
        su_store!(self, s => s.modifica_utente(id, m, a).await)
    }
    async fn ruoli_presso(&self, u: UtenteId, t: TenantId) -> Result<Vec<RuoloAssegnato>, Errore> {
        su_store!(self, s => s.ruoli_presso(u, t).await)
    }
    async fn ruoli_utente(&self, u: UtenteId) -> Result<Vec<RuoloPresso>, Errore> {
        su_store!(self, s => s.ruoli_utente(u).await)
    }
    async fn salva_ruolo(
        &self,
        t: TenantId,
        u: UtenteId,
        r: &RuoloAssegnato,
        a: &VoceAudit,
    ) -> Result<(), Errore> {
        su_store!(self, s => s.salva_ruolo(t, u, r, a).await)
    }
    async fn elimina_ruolo(
        &self,
        t: TenantId,
        u: UtenteId,
        r: Ruolo,
        a: &VoceAudit,
    ) -> Result<bool, Errore> {
        su_store!(self, s => s.elimina_ruolo(t, u, r, a).await)
    }
    async fn crea_token(&self, t: &NuovoToken, a: &VoceAudit) -> Result<Token, Errore> {
        su_store!(self, s => s.crea_token(t, a).await)
    }
    async fn token_per_hash(&self, h: &str) -> Result<Option<Token>, Errore> {
        su_store!(self, s => s.token_per_hash(h).await)
    }
    async fn accesso_con_token(&self, h: &str, e: &str) -> Result<Option<AccessoConToken>, Errore> {
        su_store!(self, s => s.accesso_con_token(h, e).await)
    }
    async fn elenco_token(&self, u: Option<UtenteId>) -> Result<Vec<Token>, Errore> {
        su_store!(self, s => s.elenco_token(u).await)
    }
    async fn revoca_token(
        &self,
        id: TokenId,
        q: DateTime<Utc>,
        a: &VoceAudit,
    ) -> Result<bool, Errore> {
        su_store!(self, s => s.revoca_token(id, q, a).await)
    }
}
