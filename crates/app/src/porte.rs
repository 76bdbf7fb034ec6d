//! Porte: ciò che i casi d'uso chiedono alla memorizzazione. Ogni metodo che tocca dati di un
//! ente riceve il suo `TenantId`: nessuna lettura o scrittura senza l'ente.

use crate::Errore;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::future::Future;
use traguardo_domain::piano::Piano;
use uuid::Uuid;

/// Identificativo dell'ente (il tenant): ogni riga dei dati di un ente lo porta per primo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TenantId(pub Uuid);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnteRegistrato {
    pub tenant_id: TenantId,
    pub codice: String,
    pub nome: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CicloRegistrato {
    pub anno_inizio: i32,
    pub anno_fine: i32,
    pub titolo: Option<String>,
    pub obiettivi: i64,
    pub aggiornato_il: DateTime<Utc>,
}

/// Evento di audit: chi, quando, cosa, prima e dopo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventoAudit {
    pub momento: DateTime<Utc>,
    pub attore: String,
    pub azione: String,
    pub oggetto: String,
    pub prima: Option<String>,
    pub dopo: Option<String>,
}

pub trait EntiRepo: Send + Sync {
    /// Crea un ente; `Errore::Conflitto` se il codice esiste già.
    fn crea_ente(
        &self,
        codice: &str,
        nome: &str,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<EnteRegistrato, Errore>> + Send;
    fn ente_per_codice(
        &self,
        codice: &str,
    ) -> impl Future<Output = Result<Option<EnteRegistrato>, Errore>> + Send;
    fn elenco_enti(&self) -> impl Future<Output = Result<Vec<EnteRegistrato>, Errore>> + Send;
}

pub trait PianiRepo: Send + Sync {
    /// Sostituisce per intero il piano del ciclo (stesso anno di inizio) in una transazione:
    /// o tutto o niente.
    fn salva_piano(
        &self,
        tenant: TenantId,
        piano: &Piano,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    fn carica_piano(
        &self,
        tenant: TenantId,
        anno_inizio: i32,
    ) -> impl Future<Output = Result<Option<Piano>, Errore>> + Send;
    fn elenco_cicli(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = Result<Vec<CicloRegistrato>, Errore>> + Send;
    fn eventi_audit(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = Result<Vec<EventoAudit>, Errore>> + Send;
}
