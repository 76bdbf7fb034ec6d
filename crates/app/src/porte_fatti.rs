//! Porta dei fatti legati alle persone e ai capitoli: voti dei comportamenti, prese visione,
//! assegnazioni, collegamenti capitolo ↔ progetto/obiettivo. Ogni fatto punta agli id (persona,
//! obiettivo, step, capitolo, progetto) e ha la sua revisione; ogni comando ne scrive uno solo,
//! in una transazione con il suo audit.

use crate::Errore;
use crate::porte::{EventoAudit, TenantId, UltimaModifica};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use std::future::Future;
use traguardo_domain::bilancio::Lato;
use traguardo_domain::id::{
    IdAtto, IdCapitolo, IdCdr, IdCiclo, IdObiettivo, IdPersona, IdProgetto, IdStep,
};
use traguardo_domain::numeri::Percentuale;
use uuid::Uuid;

/// Gli id dell'anagrafica di un ciclo, per codice (nell'ordine del piano): persone, CdR, atti,
/// progetti PEG. Al salvataggio del piano queste righe si riconoscono per codice e tengono l'id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IdentitaAnagrafica {
    pub persone: Vec<(String, IdPersona)>,
    pub unita: Vec<(String, IdCdr)>,
    pub atti: Vec<(String, IdAtto)>,
    pub progetti: Vec<(String, IdProgetto)>,
}

impl IdentitaAnagrafica {
    pub fn persona(&self, codice: &str) -> Option<IdPersona> {
        self.persone
            .iter()
            .find(|(c, _)| c == codice)
            .map(|(_, i)| *i)
    }

    pub fn progetto(&self, codice: &str) -> Option<IdProgetto> {
        self.progetti
            .iter()
            .find(|(c, _)| c == codice)
            .map(|(_, i)| *i)
    }
}

/// Un capitolo dell'esercizio con la sua identità (la stessa in ogni versione del bilancio).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapitoloIdentificato {
    pub id: IdCapitolo,
    pub lato: Lato,
    pub codice: String,
}

/// A cosa è collegato un capitolo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "tipo", content = "id")]
pub enum DestinazioneCapitolo {
    Progetto(IdProgetto),
    Obiettivo(IdObiettivo),
}

/// Un collegamento memorizzato, con il suo id e la sua revisione.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollegamentoIdentificato {
    pub id: Uuid,
    pub capitolo: IdCapitolo,
    pub destinazione: DestinazioneCapitolo,
    pub revisione: i64,
}

/// Un'assegnazione di una persona a un obiettivo (o a uno step), con la quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssegnazioneIdentificata {
    pub id: Uuid,
    pub persona: IdPersona,
    pub obiettivo: IdObiettivo,
    pub step: Option<IdStep>,
    pub quota: Option<Percentuale>,
    pub revisione: i64,
}

/// Quanti fatti riguardano le persone e i progetti di un ciclo e i suoi obiettivi fuori dal
/// file del piano (voti, prese visione, collegamenti dei capitoli): ciò che andrebbe perso
/// togliendoli. Per codice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FattiCollegati {
    /// Voti e prese visione per codice della persona: (voti, prese visione).
    pub persone: Vec<(String, usize, usize)>,
    /// Collegamenti a capitoli per codice dell'obiettivo.
    pub obiettivi: Vec<(String, usize)>,
    /// Collegamenti a capitoli per codice del progetto PEG.
    pub progetti: Vec<(String, usize)>,
}

pub trait FattiRepo: Send + Sync {
    /// Gli id dell'anagrafica del ciclo.
    fn anagrafica(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<IdentitaAnagrafica, Errore>> + Send;
    /// I fatti fuori dal piano legati alle persone, agli obiettivi e ai progetti del ciclo.
    fn fatti_collegati(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<FattiCollegati, Errore>> + Send;

    /// Registra il voto. `revisione_attesa`: `None` se chi scrive crede che non ci sia ancora,
    /// altrimenti la revisione che ha visto. Restituisce la nuova revisione.
    #[allow(clippy::too_many_arguments)]
    fn registra_voto(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        persona: IdPersona,
        comportamento: &str,
        voto: Decimal,
        revisione_attesa: Option<i64>,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;
    fn ultima_modifica_voto(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        persona: IdPersona,
        comportamento: &str,
    ) -> impl Future<Output = Result<Option<UltimaModifica>, Errore>> + Send;
    /// Registra (o rinnova) la presa visione; restituisce la nuova revisione.
    fn registra_presa_visione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        persona: IdPersona,
        momento: DateTime<Utc>,
        punteggio: Option<Decimal>,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;

    fn assegnazioni(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Vec<AssegnazioneIdentificata>, Errore>> + Send;
    /// Crea l'assegnazione (`revisione_attesa = None`: non deve esistere) o ne cambia la quota
    /// (se la revisione è ancora quella). Restituisce la nuova revisione.
    fn salva_assegnazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        assegnazione: &AssegnazioneIdentificata,
        revisione_attesa: Option<i64>,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;
    fn rimuovi_assegnazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        id: Uuid,
        revisione_attesa: i64,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;

    /// Le identità dei capitoli dell'esercizio (di ogni versione).
    fn capitoli_identificati(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> impl Future<Output = Result<Vec<CapitoloIdentificato>, Errore>> + Send;
    fn collegamenti_identificati(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> impl Future<Output = Result<Vec<CollegamentoIdentificato>, Errore>> + Send;
    /// Un nuovo collegamento (revisione 1); `Errore::Conflitto` se c'è già.
    fn collega_capitolo(
        &self,
        tenant: TenantId,
        capitolo: IdCapitolo,
        destinazione: DestinazioneCapitolo,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<CollegamentoIdentificato, Errore>> + Send;
    /// Toglie il collegamento se la revisione è ancora quella attesa.
    fn scollega_capitolo(
        &self,
        tenant: TenantId,
        id: Uuid,
        revisione_attesa: i64,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
}
