//! Porta delle versioni del piano: elenco, stati, approvazione con l'atto, variazione, errata
//! corrige. Ogni scrittura avviene in una transazione con il suo evento di audit.

use crate::Errore;
use crate::porte::{EventoAudit, TenantId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::future::Future;
use traguardo_domain::atto::RiferimentoAtto;
use traguardo_domain::id::IdCiclo;
use traguardo_domain::piano::Atto;
use uuid::Uuid;

/// Stato di una versione del piano.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatoVersione {
    Bozza,
    Proposta,
    Approvata,
}

impl StatoVersione {
    pub fn codice(self) -> &'static str {
        match self {
            StatoVersione::Bozza => "bozza",
            StatoVersione::Proposta => "proposta",
            StatoVersione::Approvata => "approvata",
        }
    }

    pub fn da_codice(s: &str) -> Option<StatoVersione> {
        match s {
            "bozza" => Some(StatoVersione::Bozza),
            "proposta" => Some(StatoVersione::Proposta),
            "approvata" => Some(StatoVersione::Approvata),
            _ => None,
        }
    }
}

/// Un'errata corrige di una versione approvata: non cambia il testo approvato.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrataCorrige {
    pub motivo: String,
    /// Il testo corretto, se indicato.
    pub testo: Option<String>,
    pub autore: String,
    pub data: DateTime<Utc>,
}

/// Una versione del piano come è memorizzata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersioneRegistrata {
    pub id: Uuid,
    pub numero: i32,
    pub stato: StatoVersione,
    /// L'atto che l'ha approvata.
    pub atto: Option<RiferimentoAtto>,
    pub approvata_il: Option<DateTime<Utc>>,
    pub approvata_da: Option<String>,
    /// Avvertenze della verifica al momento dell'approvazione (JSON: elenco di rilievi).
    pub avvertenze: Option<String>,
    pub forzatura_motivo: Option<String>,
    /// Il contenuto approvato (JSON), solo per le versioni approvate.
    #[serde(skip)]
    pub contenuto: Option<String>,
    pub creata_il: DateTime<Utc>,
    pub creata_da: String,
    pub errata: Vec<ErrataCorrige>,
}

/// Le versioni del piano di un ciclo, dalla 1 alla testa.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersioniCiclo {
    pub ciclo: IdCiclo,
    /// Il contatore dei dati del ciclo (cresce a ogni comando): l'approvazione lo ricontrolla.
    pub revisione_dati: i64,
    pub versioni: Vec<VersioneRegistrata>,
}

impl VersioniCiclo {
    /// La versione di testa (numero più alto), quella delle tabelle di lavoro.
    pub fn testa(&self) -> Option<&VersioneRegistrata> {
        self.versioni.iter().max_by_key(|v| v.numero)
    }
}

/// Un collegamento capitolo ↔ obiettivo o progetto PEG del ciclo, come entra nel contenuto di
/// una versione.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CollegamentoVersione {
    pub esercizio: i32,
    /// `entrata` o `spesa`.
    pub lato: String,
    pub capitolo: String,
    /// `obiettivo` o `progetto`.
    pub tipo: String,
    pub codice: String,
    pub destinazione_id: Uuid,
}

/// Cosa scrive l'approvazione della versione di testa.
#[derive(Debug, Clone)]
pub struct Approvazione {
    pub numero: i32,
    /// Il contatore dei dati letto con il piano: se nel frattempo è cambiato, conflitto.
    pub revisione_dati: i64,
    /// L'atto: la riga del ciclo con questo codice se c'è già, altrimenti si crea.
    pub atto: Atto,
    pub avvertenze: String,
    pub forzatura_motivo: Option<String>,
    pub contenuto: String,
}

pub trait VersioniRepo: Send + Sync {
    /// Le versioni del ciclo che inizia in `anno`; `None` se il ciclo non esiste.
    fn versioni(
        &self,
        tenant: TenantId,
        anno: i32,
    ) -> impl Future<Output = Result<Option<VersioniCiclo>, Errore>> + Send;
    /// Porta la versione `numero` (che deve essere la testa, in uno degli stati `da`) allo
    /// stato `a` (non `approvata`: per quella c'è [`VersioniRepo::approva`]).
    fn cambia_stato(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        numero: i32,
        da: StatoVersione,
        a: StatoVersione,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Approva la versione di testa con il suo atto e il suo contenuto.
    fn approva(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        approvazione: &Approvazione,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Apre la variazione: la versione `testa + 1` in bozza (la testa `testa` deve essere
    /// approvata). Restituisce il numero della nuova versione.
    fn apri_variazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        testa: i32,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i32, Errore>> + Send;
    /// Aggiunge un'errata corrige alla versione (approvata) con questo id.
    fn aggiungi_errata(
        &self,
        tenant: TenantId,
        versione: Uuid,
        errata: &ErrataCorrige,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Apre la variazione (versione `testa + 1` in bozza) e vi salva il piano, nella stessa
    /// transazione (`import plan --as-variation`): o entrambe o nessuna.
    fn salva_piano_in_variazione(
        &self,
        tenant: TenantId,
        piano: &traguardo_domain::piano::Piano,
        identita: &crate::identita::IdentitaPiano,
        testa: i32,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i32, Errore>> + Send;
    /// I collegamenti dei capitoli a obiettivi e progetti PEG del ciclo, in ordine.
    fn collegamenti_del_ciclo(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Vec<CollegamentoVersione>, Errore>> + Send;
}
