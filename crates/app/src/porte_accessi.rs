//! Porte degli accessi: utenti dell'installazione, ruoli presso gli enti, token API e registro
//! di audit. Ogni scrittura riceve la sua voce di audit e la scrive nella stessa transazione.

use crate::Errore;
use crate::porte::TenantId;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::future::Future;
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use uuid::Uuid;

/// Identificativo di un utente, stabile per sempre (il login si può cambiare).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct UtenteId(pub Uuid);

/// Identificativo di un token API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TokenId(pub Uuid);

/// Un utente dell'installazione (senza segreti).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Utente {
    pub id: UtenteId,
    pub login: String,
    pub nome: String,
    /// Amministratore dell'installazione: opera su ogni ente.
    pub superadmin: bool,
    /// Un utente disattivato non accede né con password né con token.
    pub attivo: bool,
    pub creato_il: DateTime<Utc>,
}

/// Un utente con l'hash della password (argon2id, formato PHC), solo per la verifica.
#[derive(Debug, Clone)]
pub struct CredenzialiUtente {
    pub utente: Utente,
    pub hash_password: Option<String>,
}

/// Un nuovo utente da memorizzare.
#[derive(Debug, Clone)]
pub struct NuovoUtente {
    pub id: UtenteId,
    pub login: String,
    pub nome: String,
    pub hash_password: Option<String>,
    pub superadmin: bool,
    pub creato_il: DateTime<Utc>,
}

/// Modifica di un utente: i campi `None` restano come sono.
#[derive(Debug, Clone, Default)]
pub struct ModificaUtente {
    pub hash_password: Option<String>,
    pub attivo: Option<bool>,
    pub superadmin: Option<bool>,
}

/// Un ruolo di un utente presso un ente, per gli elenchi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuoloPresso {
    pub tenant: TenantId,
    pub ente: String,
    pub ruolo: RuoloAssegnato,
}

/// Un token memorizzato: del segreto resta solo lo SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub id: TokenId,
    pub utente_id: UtenteId,
    pub descrizione: Option<String>,
    pub creato_il: DateTime<Utc>,
    pub scade_il: Option<DateTime<Utc>>,
    pub revocato_il: Option<DateTime<Utc>>,
}

impl Token {
    /// Valido adesso: non revocato e non scaduto.
    pub fn valido(&self, adesso: DateTime<Utc>) -> bool {
        self.revocato_il.is_none() && self.scade_il.is_none_or(|s| adesso < s)
    }
}

/// Un nuovo token: `hash` è lo SHA-256 del segreto, in esadecimale minuscolo.
#[derive(Debug, Clone)]
pub struct NuovoToken {
    pub id: TokenId,
    pub utente_id: UtenteId,
    pub hash: String,
    pub descrizione: Option<String>,
    pub creato_il: DateTime<Utc>,
    pub scade_il: Option<DateTime<Utc>>,
}

/// Una voce del registro di audit: chi, quando, cosa, su quale entità, prima e dopo (JSON).
/// `tenant: None` è un evento dell'installazione (utenti, accessi, token), senza ente.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoceAudit {
    pub tenant: Option<TenantId>,
    pub momento: DateTime<Utc>,
    /// L'utente che agisce; `None` per il sistema (CLI) o per un accesso fallito.
    pub utente_id: Option<UtenteId>,
    /// Login dell'utente, o `sistema:…` per la CLI.
    pub attore: String,
    pub azione: String,
    pub entita_id: Option<Uuid>,
    /// Descrizione leggibile dell'oggetto (es. «utente mario.rossi»).
    pub oggetto: String,
    pub prima: Option<String>,
    pub dopo: Option<String>,
}

/// Filtri dell'elenco di audit; tutti facoltativi. Le date sono incluse.
#[derive(Debug, Clone, Default)]
pub struct FiltroAudit {
    pub utente_id: Option<UtenteId>,
    /// Confronto sul testo dell'attore (login o `sistema:…`), in alternativa all'id.
    pub attore: Option<String>,
    pub entita_id: Option<Uuid>,
    pub dal: Option<DateTime<Utc>>,
    pub al: Option<DateTime<Utc>>,
    pub limite: Option<u32>,
}

pub trait UtentiRepo: Send + Sync {
    /// Crea l'utente; `Errore::Conflitto` se il login esiste già.
    fn crea_utente(
        &self,
        nuovo: &NuovoUtente,
        audit: &VoceAudit,
    ) -> impl Future<Output = Result<Utente, Errore>> + Send;
    fn credenziali(
        &self,
        login: &str,
    ) -> impl Future<Output = Result<Option<CredenzialiUtente>, Errore>> + Send;
    fn utente(&self, id: UtenteId) -> impl Future<Output = Result<Option<Utente>, Errore>> + Send;
    fn elenco_utenti(&self) -> impl Future<Output = Result<Vec<Utente>, Errore>> + Send;
    /// `Errore::NonTrovato` se l'utente non esiste.
    fn modifica_utente(
        &self,
        id: UtenteId,
        modifica: &ModificaUtente,
        audit: &VoceAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// I ruoli dell'utente presso un ente, letti ora (una revoca vale subito).
    fn ruoli_presso(
        &self,
        utente: UtenteId,
        tenant: TenantId,
    ) -> impl Future<Output = Result<Vec<RuoloAssegnato>, Errore>> + Send;
    /// Tutti i ruoli dell'utente, in ogni ente.
    fn ruoli_utente(
        &self,
        utente: UtenteId,
    ) -> impl Future<Output = Result<Vec<RuoloPresso>, Errore>> + Send;
    /// Inserisce o sostituisce il ruolo (la portata memorizzata è quella data).
    fn salva_ruolo(
        &self,
        tenant: TenantId,
        utente: UtenteId,
        ruolo: &RuoloAssegnato,
        audit: &VoceAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Elimina il ruolo; `false` se l'utente non l'aveva (e allora niente audit).
    fn elimina_ruolo(
        &self,
        tenant: TenantId,
        utente: UtenteId,
        ruolo: Ruolo,
        audit: &VoceAudit,
    ) -> impl Future<Output = Result<bool, Errore>> + Send;
    fn crea_token(
        &self,
        token: &NuovoToken,
        audit: &VoceAudit,
    ) -> impl Future<Output = Result<Token, Errore>> + Send;
    /// Il token con questo hash (per un indice unico), valido o no.
    fn token_per_hash(
        &self,
        hash: &str,
    ) -> impl Future<Output = Result<Option<Token>, Errore>> + Send;
    /// In una sola lettura: il token con questo hash, il suo utente, l'ente con questo codice
    /// (se esiste) e i ruoli dell'utente presso quell'ente. È la lettura di ogni richiesta
    /// dell'API: una query invece di quattro.
    fn accesso_con_token(
        &self,
        hash: &str,
        codice_ente: &str,
    ) -> impl Future<Output = Result<Option<AccessoConToken>, Errore>> + Send;
    fn elenco_token(
        &self,
        utente: Option<UtenteId>,
    ) -> impl Future<Output = Result<Vec<Token>, Errore>> + Send;
    /// Revoca il token; `false` se non esiste o era già revocato (e allora niente audit).
    fn revoca_token(
        &self,
        id: TokenId,
        quando: DateTime<Utc>,
        audit: &VoceAudit,
    ) -> impl Future<Output = Result<bool, Errore>> + Send;
}

/// Ciò che serve a riconoscere una richiesta con token presso un ente, letto insieme.
#[derive(Debug, Clone)]
pub struct AccessoConToken {
    pub token: Token,
    pub utente: Utente,
    /// L'ente del percorso; `None` se non esiste.
    pub ente: Option<crate::porte::EnteRegistrato>,
    /// I ruoli dell'utente presso quell'ente (vuoto se non ne ha, o se l'ente non esiste).
    pub ruoli: Vec<RuoloAssegnato>,
}

pub trait AuditRepo: Send + Sync {
    /// Scrive una voce da sola (accessi, accessi falliti): per le modifiche la voce va invece
    /// al metodo che scrive, nella stessa transazione.
    fn registra_audit(&self, voce: &VoceAudit) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Le voci di un ente (`None`: dell'installazione), in ordine di tempo.
    fn elenco_audit(
        &self,
        tenant: Option<TenantId>,
        filtro: &FiltroAudit,
    ) -> impl Future<Output = Result<Vec<VoceAudit>, Errore>> + Send;
}
