//! Porte: ciò che i casi d'uso chiedono alla memorizzazione. Ogni metodo che tocca dati di un
//! ente riceve il suo `TenantId`: nessuna lettura o scrittura senza l'ente.

use crate::Errore;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::future::Future;
use traguardo_domain::bilancio::{Bilancio, Lato};
use traguardo_domain::individuale::VotoComportamento;
use traguardo_domain::piano::Piano;
use traguardo_domain::rilievi::Rilievo;
use traguardo_domain::smvp::RegoleSmvp;
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

/// Una versione memorizzata del bilancio di un esercizio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersioneBilancio {
    pub esercizio: i32,
    pub versione: i32,
    pub importato_il: DateTime<Utc>,
    pub fonte: String,
    pub formato: String,
    pub capitoli: i64,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TipoCollegamentoCapitolo {
    Progetto,
    Obiettivo,
}

/// Collegamento n–m tra un capitolo e un progetto PEG o un obiettivo.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct CollegamentoCapitolo {
    pub lato: Lato,
    pub capitolo: String,
    pub tipo: TipoCollegamentoCapitolo,
    pub codice: String,
}

pub trait BilancioRepo: Send + Sync {
    /// Memorizza il bilancio come nuova versione corrente dell'esercizio (transazione unica).
    /// Restituisce il numero della versione.
    fn salva_bilancio(
        &self,
        tenant: TenantId,
        bilancio: &Bilancio,
        fonte: &str,
        formato: &str,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i32, Errore>> + Send;
    /// La versione indicata, o la corrente.
    fn carica_bilancio(
        &self,
        tenant: TenantId,
        esercizio: i32,
        versione: Option<i32>,
    ) -> impl Future<Output = Result<Option<Bilancio>, Errore>> + Send;
    fn versioni_bilancio(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> impl Future<Output = Result<Vec<VersioneBilancio>, Errore>> + Send;
    /// Sostituisce i collegamenti capitolo ↔ progetto/obiettivo dell'esercizio.
    fn salva_collegamenti(
        &self,
        tenant: TenantId,
        esercizio: i32,
        collegamenti: &[CollegamentoCapitolo],
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    fn collegamenti(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> impl Future<Output = Result<Vec<CollegamentoCapitolo>, Errore>> + Send;
}

/// Formati di origine di un bilancio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatoBilancio {
    /// Il prospetto "PREVISIONE P.E.G. PER UNITA' ORGANIZZATIVA" del software di contabilità, come testo.
    Report,
    Csv,
    Xlsx,
}

impl FormatoBilancio {
    pub fn codice(self) -> &'static str {
        match self {
            FormatoBilancio::Report => "report",
            FormatoBilancio::Csv => "csv",
            FormatoBilancio::Xlsx => "xlsx",
        }
    }
}

/// Ciò che un lettore ricava da un file di bilancio.
#[derive(Debug, Clone)]
pub struct LetturaBilancio {
    pub bilancio: Bilancio,
    /// Rilievi non bloccanti (subtotali che non tornano, variazioni incoerenti…).
    pub rilievi: Vec<Rilievo>,
    pub righe_lette: usize,
    /// Per il prospetto: quanti subtotali stampati sono stati verificati.
    pub subtotali_verificati: Option<usize>,
}

/// Porta verso i lettori di file di bilancio (adattatore `import`). `esercizio` è l'anno
/// indicato dall'utente: i formati che non lo contengono lo usano, gli altri lo verificano.
pub trait LettoreBilancio: Send + Sync {
    fn leggi(
        &self,
        byte: &[u8],
        nome_file: &str,
        formato: FormatoBilancio,
        esercizio: i32,
    ) -> Result<LetturaBilancio, Vec<Rilievo>>;
}

/// Regole SMVP memorizzate con la loro versione.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegoleVersionate {
    pub versione: i32,
    pub creato_il: Option<DateTime<Utc>>,
    pub attore: Option<String>,
    pub regole: RegoleSmvp,
}

/// Presa visione della propria valutazione da parte di una persona.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresaVisione {
    pub persona: String,
    pub momento: DateTime<Utc>,
    pub punteggio: Option<rust_decimal::Decimal>,
}

pub trait ValutazioneRepo: Send + Sync {
    /// Le regole correnti (versione più alta) del ciclo, se ne sono state salvate.
    fn regole(
        &self,
        tenant: TenantId,
        anno_ciclo: i32,
    ) -> impl Future<Output = Result<Option<RegoleVersionate>, Errore>> + Send;
    /// Salva una nuova versione delle regole; restituisce il numero di versione.
    fn salva_regole(
        &self,
        tenant: TenantId,
        anno_ciclo: i32,
        regole: &RegoleSmvp,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i32, Errore>> + Send;
    fn voti(
        &self,
        tenant: TenantId,
        anno_ciclo: i32,
    ) -> impl Future<Output = Result<Vec<VotoComportamento>, Errore>> + Send;
    /// Inserisce o sostituisce i voti indicati (gli altri restano).
    fn salva_voti(
        &self,
        tenant: TenantId,
        anno_ciclo: i32,
        voti: &[VotoComportamento],
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    fn prese_visione(
        &self,
        tenant: TenantId,
        anno_ciclo: i32,
    ) -> impl Future<Output = Result<Vec<PresaVisione>, Errore>> + Send;
    fn salva_presa_visione(
        &self,
        tenant: TenantId,
        anno_ciclo: i32,
        presa: &PresaVisione,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
}
