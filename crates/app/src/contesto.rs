//! Il contesto di ogni caso d'uso: presso quale ente, chi agisce, con quali ruoli.
//!
//! Un contesto si costruisce solo se l'utente ha un ruolo presso l'ente (o è superadmin):
//! altrimenti `Errore::NonTrovato`, lo stesso errore di un ente che non esiste, così l'API
//! risponde 404 senza rivelare quali enti ci sono. I ruoli si leggono a ogni richiesta: una
//! revoca vale subito.

use crate::Errore;
use crate::autorizzazione::Permesso;
use crate::casi_uso;
use crate::porte::{EnteRegistrato, EntiRepo, EventoAudit, TenantId};
use crate::porte_accessi::{Utente, UtenteId, UtentiRepo, VoceAudit};
use chrono::Utc;
use serde::Serialize;
use traguardo_domain::accesso::RuoloAssegnato;
use uuid::Uuid;

/// Chi agisce: un utente, o il sistema (la CLI, i caricamenti dimostrativi).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "tipo")]
pub enum Attore {
    Utente { id: UtenteId, login: String },
    Sistema { descrizione: String },
}

impl Attore {
    /// Il sistema, con una descrizione (es. `cli:mario`).
    pub fn sistema(descrizione: &str) -> Attore {
        Attore::Sistema {
            descrizione: descrizione.to_string(),
        }
    }

    pub fn di(utente: &Utente) -> Attore {
        Attore::Utente {
            id: utente.id,
            login: utente.login.clone(),
        }
    }

    /// Il testo della colonna `attore` dell'audit: il login, o `sistema:…`.
    pub fn nome(&self) -> String {
        match self {
            Attore::Utente { login, .. } => login.clone(),
            Attore::Sistema { descrizione } => format!("sistema:{descrizione}"),
        }
    }

    pub fn utente_id(&self) -> Option<UtenteId> {
        match self {
            Attore::Utente { id, .. } => Some(*id),
            Attore::Sistema { .. } => None,
        }
    }

    /// Una voce di audit di questo attore; `tenant: None` per gli eventi dell'installazione.
    pub fn voce(
        &self,
        tenant: Option<TenantId>,
        azione: &str,
        entita_id: Option<Uuid>,
        oggetto: String,
        prima: Option<String>,
        dopo: Option<String>,
    ) -> VoceAudit {
        VoceAudit {
            tenant,
            momento: Utc::now(),
            utente_id: self.utente_id(),
            attore: self.nome(),
            azione: azione.to_string(),
            entita_id,
            oggetto,
            prima,
            dopo,
        }
    }

    /// Un evento di audit di questo attore (per i dati di un ente): vedi [`EventoAudit::nuovo`].
    pub fn evento(&self, azione: &str, oggetto: String) -> EventoAudit {
        EventoAudit::nuovo(self, azione, oggetto)
    }
}

/// Il contesto di una richiesta presso un ente.
#[derive(Debug, Clone, Serialize)]
pub struct Contesto {
    pub tenant: TenantId,
    /// Codice dell'ente.
    pub ente: String,
    pub utente: Attore,
    /// I ruoli presso questo ente, letti all'inizio della richiesta.
    pub ruoli: Vec<RuoloAssegnato>,
    /// Superadmin dell'installazione: i permessi dell'amministratore di sistema in ogni ente.
    pub superadmin: bool,
}

impl Contesto {
    /// Il contesto del sistema (la CLI), che può tutto ed è registrato come `sistema:cli`.
    pub fn sistema(tenant: TenantId, ente: &str) -> Contesto {
        Contesto::sistema_come(tenant, ente, "cli")
    }

    /// Come [`Contesto::sistema`], con la descrizione dell'attore (es. `cli:mario`, `demo`).
    pub fn sistema_come(tenant: TenantId, ente: &str, descrizione: &str) -> Contesto {
        Contesto {
            tenant,
            ente: ente.to_string(),
            utente: Attore::sistema(descrizione),
            ruoli: Vec::new(),
            superadmin: false,
        }
    }

    /// Il contesto del sistema presso l'ente con questo codice; `NonTrovato` se non esiste.
    pub async fn sistema_presso<R: EntiRepo>(
        repo: &R,
        codice_ente: &str,
        descrizione: &str,
    ) -> Result<Contesto, Errore> {
        let e = casi_uso::ente(repo, codice_ente).await?;
        Ok(Contesto::sistema_come(e.tenant_id, &e.codice, descrizione))
    }

    /// Il contesto di un utente autenticato presso l'ente `codice_ente` (il `{ente}` di un
    /// URL). `NonTrovato` se l'ente non esiste o l'utente non vi ha ruoli (e non è superadmin),
    /// con lo stesso messaggio nei due casi; `NonAutenticato` se l'utente è disattivato.
    pub async fn per_utente<R: EntiRepo + UtentiRepo>(
        repo: &R,
        utente: &Utente,
        codice_ente: &str,
    ) -> Result<Contesto, Errore> {
        if !utente.attivo {
            return Err(Errore::NonAutenticato);
        }
        let Some(e) = repo.ente_per_codice(codice_ente).await? else {
            return Contesto::di(utente, None, Vec::new(), codice_ente);
        };
        let ruoli = repo.ruoli_presso(utente.id, e.tenant_id).await?;
        Contesto::di(utente, Some(e), ruoli, codice_ente)
    }

    /// La regola del contesto, dati utente, ente (se esiste) e ruoli presso l'ente: un utente
    /// disattivato non entra; un ente inesistente e un ente senza ruoli (per chi non è
    /// superadmin) danno lo stesso `NonTrovato`.
    pub fn di(
        utente: &Utente,
        ente: Option<EnteRegistrato>,
        ruoli: Vec<RuoloAssegnato>,
        codice_ente: &str,
    ) -> Result<Contesto, Errore> {
        if !utente.attivo {
            return Err(Errore::NonAutenticato);
        }
        let non_trovato = || Errore::NonTrovato(format!("l'ente «{codice_ente}» non esiste"));
        let Some(e) = ente else {
            return Err(non_trovato());
        };
        if ruoli.is_empty() && !utente.superadmin {
            return Err(non_trovato());
        }
        Ok(Contesto {
            tenant: e.tenant_id,
            ente: e.codice,
            utente: Attore::di(utente),
            ruoli,
            superadmin: utente.superadmin,
        })
    }

    /// L'evento di audit di una scrittura in questo contesto (con l'`utente_id` di chi agisce):
    /// chiede il [`Permesso`], così nessuna scrittura si registra senza l'autorizzazione.
    pub fn evento(&self, _permesso: &Permesso, azione: &str, oggetto: String) -> EventoAudit {
        self.utente.evento(azione, oggetto)
    }

    pub fn e_sistema(&self) -> bool {
        matches!(self.utente, Attore::Sistema { .. })
    }

    /// Una voce di audit di questo contesto, per l'ente del contesto.
    pub fn voce(
        &self,
        azione: &str,
        entita_id: Option<Uuid>,
        oggetto: String,
        prima: Option<String>,
        dopo: Option<String>,
    ) -> VoceAudit {
        self.utente
            .voce(Some(self.tenant), azione, entita_id, oggetto, prima, dopo)
    }
}

/// Gli enti in cui l'utente può costruire un contesto (tutti, per il superadmin).
pub async fn enti_dell_utente<R: EntiRepo + UtentiRepo>(
    repo: &R,
    utente: &Utente,
) -> Result<Vec<EnteRegistrato>, Errore> {
    if !utente.attivo {
        return Err(Errore::NonAutenticato);
    }
    let enti = repo.elenco_enti().await?;
    if utente.superadmin {
        return Ok(enti);
    }
    let ruoli = repo.ruoli_utente(utente.id).await?;
    Ok(enti
        .into_iter()
        .filter(|e| ruoli.iter().any(|r| r.tenant == e.tenant_id))
        .collect())
}
