//! Porte: ciò che i casi d'uso chiedono alla memorizzazione. Ogni metodo che tocca dati di un
//! ente riceve il suo `TenantId`: nessuna lettura o scrittura senza l'ente.

use crate::Errore;
use crate::identita::{IdentitaObiettivo, IdentitaPiano};
use crate::porte_fatti::DestinazioneCapitolo;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::future::Future;
use traguardo_domain::bilancio::{Bilancio, Lato};
use traguardo_domain::id::{
    IdCapitolo, IdCheckpoint, IdCiclo, IdDilazione, IdIndicatore, IdObiettivo, IdPersona, IdStep,
};
use traguardo_domain::individuale::VotoComportamento;
use traguardo_domain::piano::{
    CausaScostamentoFile, DilazioneFile, Obiettivo, Piano, RevisioneScadenzaFile, StatoStepFile,
    ValoreIndicatoreFile,
};
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
    /// L'id dell'entità toccata (obiettivo, step, indicatore, dilazione…): `audit list --entity`.
    pub entita_id: Option<Uuid>,
    /// L'utente che agisce (`None` per il sistema): la colonna `utente_id` dell'audit.
    pub utente_id: Option<crate::porte_accessi::UtenteId>,
    /// Chiave di idempotenza di un comando di creazione e id dell'elemento creato: la
    /// memorizzazione la scrive con l'audit (stessa transazione), legata ad `azione`. Vedi
    /// `crate::idempotenza`.
    pub idempotenza: Option<(String, Uuid)>,
}

impl EventoAudit {
    /// Un evento senza prima/dopo né entità, con il momento attuale.
    pub fn nuovo(attore: &crate::contesto::Attore, azione: &str, oggetto: String) -> EventoAudit {
        EventoAudit {
            momento: Utc::now(),
            attore: attore.nome(),
            azione: azione.to_string(),
            oggetto,
            prima: None,
            dopo: None,
            entita_id: None,
            utente_id: attore.utente_id(),
            idempotenza: None,
        }
    }

    pub fn prima(mut self, prima: Option<String>) -> EventoAudit {
        self.prima = prima;
        self
    }

    pub fn dopo(mut self, dopo: Option<String>) -> EventoAudit {
        self.dopo = dopo;
        self
    }

    pub fn entita(mut self, id: Uuid) -> EventoAudit {
        self.entita_id = Some(id);
        self
    }

    /// La chiave di idempotenza (se c'è) con cui si crea l'elemento `creato`.
    pub fn chiave(mut self, chiave: Option<&str>, creato: Uuid) -> EventoAudit {
        self.idempotenza = chiave.map(|c| (c.to_string(), creato));
        self
    }
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
    /// Salva il piano del ciclo **aggiornando sul posto**, in una transazione: ogni elemento
    /// con un id di `identita` già memorizzato resta lo stesso (con i suoi fatti); quelli non più
    /// presenti sono eliminati, con i fatti che li riguardano (il caso d'uso chiede conferma
    /// prima). `identita` deve avere la forma del piano (`IdentitaPiano::corrisponde`).
    fn salva_piano(
        &self,
        tenant: TenantId,
        piano: &Piano,
        identita: &IdentitaPiano,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Crea un ciclo nuovo, in una transazione: il piano (identità tutte nuove), se date le
    /// regole SMVP del ciclo e i CdR capofila degli obiettivi condivisi (codice obiettivo,
    /// codice CdR), con l'evento di audit. `Errore::Conflitto` se l'ente ha già un
    /// ciclo che inizia in `piano.ciclo.anno_inizio`: nulla viene scritto.
    fn crea_ciclo(
        &self,
        tenant: TenantId,
        piano: &Piano,
        identita: &IdentitaPiano,
        regole: Option<&RegoleSmvp>,
        capofila: &[(String, String)],
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Il piano del ciclo con le identità dei suoi elementi, letto in un'unica istantanea.
    fn carica_piano_identificato(
        &self,
        tenant: TenantId,
        anno_inizio: i32,
    ) -> impl Future<Output = Result<Option<(Piano, IdentitaPiano)>, Errore>> + Send;
    fn carica_piano(
        &self,
        tenant: TenantId,
        anno_inizio: i32,
    ) -> impl Future<Output = Result<Option<Piano>, Errore>> + Send {
        async move {
            Ok(self
                .carica_piano_identificato(tenant, anno_inizio)
                .await?
                .map(|(p, _)| p))
        }
    }
    /// Salva un solo obiettivo (con step e indicatori) alla posizione data, se la sua revisione
    /// è ancora `ids.revisione` (altrimenti `Errore::Conflitto` con chi ha salvato e quando).
    /// Un obiettivo nuovo si crea con `ids.revisione = 0`. Restituisce la nuova revisione.
    fn salva_obiettivo(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        posizione: usize,
        obiettivo: &Obiettivo,
        ids: &IdentitaObiettivo,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;
    /// Elimina un obiettivo (e i fatti che lo riguardano) se la revisione è quella attesa.
    fn elimina_obiettivo(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        id: IdObiettivo,
        revisione_attesa: i64,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Il contatore dei dati del ciclo: cresce a ogni comando (chiave delle cache).
    fn revisione_dati(
        &self,
        tenant: TenantId,
        anno_inizio: i32,
    ) -> impl Future<Output = Result<Option<i64>, Errore>> + Send;
    fn elenco_cicli(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = Result<Vec<CicloRegistrato>, Errore>> + Send;
    fn eventi_audit(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = Result<Vec<EventoAudit>, Errore>> + Send;
}

/// Chi ha scritto per ultimo un elemento: per il messaggio di conflitto.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UltimaModifica {
    pub revisione: i64,
    pub da: Option<String>,
    pub il: Option<DateTime<Utc>>,
}

/// Lo stato di uno step a un checkpoint, da registrare. `revisione_attesa`: `None` se chi
/// scrive crede che non ci sia ancora, altrimenti la revisione che ha visto.
#[derive(Debug, Clone)]
pub struct FattoStato {
    pub step: IdStep,
    pub checkpoint: IdCheckpoint,
    pub revisione_attesa: Option<i64>,
    pub dati: StatoStepFile,
}

#[derive(Debug, Clone)]
pub struct FattoValore {
    pub indicatore: IdIndicatore,
    pub checkpoint: IdCheckpoint,
    pub revisione_attesa: Option<i64>,
    pub dati: ValoreIndicatoreFile,
}

/// Una dilazione memorizzata, con il suo id e la sua revisione.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DilazioneRegistrata {
    pub id: IdDilazione,
    pub revisione: i64,
    pub dati: DilazioneFile,
}

/// Porta dei fatti del monitoraggio: ogni comando scrive solo il suo fatto, in una transazione con
/// il suo audit, e due persone che scrivono fatti diversi non si intralciano mai.
pub trait MonitoraggioRepo: Send + Sync {
    /// Registra lo stato; restituisce la nuova revisione del fatto.
    fn registra_stato(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        fatto: &FattoStato,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;
    fn ultima_modifica_stato(
        &self,
        tenant: TenantId,
        step: IdStep,
        checkpoint: IdCheckpoint,
    ) -> impl Future<Output = Result<Option<UltimaModifica>, Errore>> + Send;
    fn registra_valore(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        fatto: &FattoValore,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;
    fn ultima_modifica_valore(
        &self,
        tenant: TenantId,
        indicatore: IdIndicatore,
        checkpoint: IdCheckpoint,
    ) -> impl Future<Output = Result<Option<UltimaModifica>, Errore>> + Send;
    /// Registra la causa di uno scostamento, sostituendo quella dello stesso (obiettivo, step).
    fn registra_causa(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        obiettivo: IdObiettivo,
        step: Option<IdStep>,
        causa: &CausaScostamentoFile,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Nuova richiesta di dilazione con l'id dato (la chiave di idempotenza, se c'è, viaggia
    /// nell'evento di audit: vedi `crate::idempotenza`).
    #[allow(clippy::too_many_arguments)]
    fn richiedi_dilazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        id: IdDilazione,
        step: IdStep,
        checkpoint: IdCheckpoint,
        dati: &DilazioneFile,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<IdDilazione, Errore>> + Send;
    /// Decide una dilazione (se la revisione è quella attesa); se concessa, la nuova scadenza
    /// entra nella storia dello step.
    fn decidi_dilazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        dilazione: &DilazioneRegistrata,
        step: IdStep,
        revisione_scadenza: Option<&RevisioneScadenzaFile>,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;
    fn dilazioni(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Vec<DilazioneRegistrata>, Errore>> + Send;
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
    /// Il numero della versione corrente del bilancio dell'esercizio (0 se non ce n'è):
    /// una query su indice, per le cache.
    fn versione_corrente_bilancio(
        &self,
        tenant: TenantId,
        esercizio: i32,
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
    /// Sostituisce i collegamenti capitolo ↔ progetto/obiettivo dell'esercizio (per id).
    fn salva_collegamenti(
        &self,
        tenant: TenantId,
        esercizio: i32,
        collegamenti: &[(IdCapitolo, DestinazioneCapitolo)],
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

/// Chi valuta legge anche gli accertamenti del Nucleo/OIV (`valutazione::valuta`): la porta
/// della Relazione ne è una parte.
pub trait ValutazioneRepo: crate::porte_relazione::RelazioneRepo + Send + Sync {
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
    /// Inserisce o sostituisce i voti indicati (gli altri restano), ciascuno con l'id della
    /// persona nel ciclo.
    fn salva_voti(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        voti: &[(IdPersona, VotoComportamento)],
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    fn prese_visione(
        &self,
        tenant: TenantId,
        anno_ciclo: i32,
    ) -> impl Future<Output = Result<Vec<PresaVisione>, Errore>> + Send;
}
