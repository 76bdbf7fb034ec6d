//! Porta dell'organizzazione nel tempo: validità dei CdR, responsabili, incarichi delle persone,
//! presenze e part-time per anno, CdR capofila degli obiettivi condivisi.
//!
//! Il caso d'uso decide con la regola del dominio (`traguardo_domain::organizzazione`) quali
//! righe scrivere; la memorizzazione le scrive tutte in una transazione con il loro audit (i
//! trigger rifiutano comunque i periodi sovrapposti).

use crate::Errore;
use crate::porte::{EventoAudit, TenantId};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::future::Future;
use traguardo_domain::id::{IdCdr, IdCiclo, IdObiettivo, IdPersona};
use traguardo_domain::organizzazione::StoriaOrganizzazione;
use traguardo_domain::piano::LivelloUnita;
use uuid::Uuid;

/// Le tabelle dei periodi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TabellaPeriodi {
    /// Validità di un CdR.
    Cdr,
    /// Responsabile di un CdR.
    Responsabile,
    /// Incarico di una persona (CdR e ruolo).
    Incarico,
}

/// Una riga da scrivere, nell'ordine dato.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "tipo")]
pub enum ScritturaOrganizzazione {
    /// Un nuovo CdR del ciclo (in fondo all'elenco del piano).
    NuovoCdr {
        id: IdCdr,
        codice: String,
        nome: String,
        livello: LivelloUnita,
        padre: Option<String>,
    },
    /// Una persona nuova nel ciclo (e nell'ente, se non c'era), con CdR e ruolo del piano.
    NuovaPersona {
        /// L'id dell'ente da usare se la persona non c'è ancora (se c'è, tiene il suo).
        id: IdPersona,
        codice: String,
        nome: String,
        ruolo: Option<String>,
        cdr: Option<String>,
    },
    /// Un nuovo periodo: `persona` per responsabili e incarichi, `ruolo` per gli incarichi.
    NuovoPeriodo {
        tabella: TabellaPeriodi,
        id: Uuid,
        cdr: IdCdr,
        persona: Option<IdPersona>,
        ruolo: Option<String>,
        dal: NaiveDate,
        al: Option<NaiveDate>,
    },
    /// La fine di un periodo esistente.
    ChiudiPeriodo {
        tabella: TabellaPeriodi,
        id: Uuid,
        al: NaiveDate,
    },
}

/// Presenze e part-time di una persona in un anno.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresenzaAnnua {
    /// Codice (matricola) della persona.
    pub persona: String,
    pub giorni_presenza: u32,
    /// Percentuale di part-time (100 = tempo pieno).
    pub part_time: Decimal,
    /// Il file da cui viene.
    pub origine: String,
}

pub trait OrganizzazioneRepo: Send + Sync {
    /// La storia dell'organizzazione del ciclo: CdR (nell'ordine del piano) con la loro
    /// validità, responsabili, persone con CdR e ruolo del piano e incarichi.
    fn storia_organizzazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<StoriaOrganizzazione, Errore>> + Send;
    /// Scrive le righe in una transazione con il loro audit: tutte o nessuna.
    fn scrivi_organizzazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        scritture: &[ScritturaOrganizzazione],
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Le presenze importate per l'anno.
    fn presenze(
        &self,
        tenant: TenantId,
        anno: i32,
    ) -> impl Future<Output = Result<Vec<PresenzaAnnua>, Errore>> + Send;
    /// Salva (o sostituisce) le presenze dell'anno delle persone indicate, in una transazione.
    fn salva_presenze(
        &self,
        tenant: TenantId,
        anno: i32,
        righe: &[(IdPersona, PresenzaAnnua)],
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// I CdR capofila degli obiettivi del ciclo: (codice obiettivo, codice CdR).
    fn capofila(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Vec<(String, String)>, Errore>> + Send;
    /// Imposta (o cambia) il CdR capofila di un obiettivo.
    fn imposta_capofila(
        &self,
        tenant: TenantId,
        obiettivo: IdObiettivo,
        cdr: IdCdr,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
}
