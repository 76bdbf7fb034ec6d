//! Porta della Relazione sulla performance, dei fatti del Nucleo/OIV e delle ripartizioni del
//! fondo memorizzate. Ogni scrittura è una transazione con il suo audit; dopo la validazione
//! della Relazione i trigger del database rifiutano ogni modifica di voti, prese visione,
//! ripartizioni e fatti del Nucleo/OIV del ciclo.

use crate::Errore;
use crate::porte::{EventoAudit, TenantId};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use std::future::Future;
use traguardo_domain::id::{IdCiclo, IdIndicatore, IdObiettivo, IdPersona};
use traguardo_domain::numeri::Importo;
use traguardo_domain::piano::Atto;
use traguardo_domain::relazione::{AccertamentiOiv, StatoRelazione};
use uuid::Uuid;

/// La Relazione di un anno del ciclo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelazioneRegistrata {
    pub id: Uuid,
    pub anno: i32,
    pub stato: StatoRelazione,
    /// L'atto del CdA che la approva, in forma normalizzata.
    pub atto_approvazione: Option<String>,
    /// La data dell'atto di approvazione.
    pub approvata_il: Option<NaiveDate>,
    pub approvata_da: Option<String>,
    /// La data della validazione del Nucleo/OIV.
    pub validata_il: Option<NaiveDate>,
    pub validazione_testo: Option<String>,
    pub validata_da: Option<String>,
    pub creata_da: String,
    pub creata_il: DateTime<Utc>,
    pub revisione: i64,
}

/// Un'osservazione del Nucleo/OIV su un obiettivo o un suo indicatore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OsservazioneRegistrata {
    pub id: Uuid,
    pub obiettivo: IdObiettivo,
    pub indicatore: Option<IdIndicatore>,
    pub testo: String,
    pub registrata_da: String,
    pub registrata_il: DateTime<Utc>,
}

/// Un raggiungimento accertato dal Nucleo/OIV, per id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccertamentoRegistrato {
    pub id: Uuid,
    pub obiettivo: IdObiettivo,
    pub indicatore: Option<IdIndicatore>,
    pub raggiungimento: Decimal,
    pub motivo: String,
    pub revisione: i64,
    pub aggiornato_da: String,
    pub aggiornato_il: DateTime<Utc>,
}

/// La proposta del Nucleo/OIV per la valutazione del direttore e la decisione del CdA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropostaDirettore {
    pub id: Uuid,
    pub punteggio: Decimal,
    pub testo: String,
    pub proposta_da: String,
    pub proposta_il: DateTime<Utc>,
    pub decisione_atto: Option<String>,
    pub decisione_punteggio: Option<Decimal>,
    pub decisione_da: Option<String>,
    pub decisione_il: Option<NaiveDate>,
    pub revisione: i64,
}

/// Una riga (una persona) di una ripartizione del fondo memorizzata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RigaRipartizione {
    pub persona: String,
    pub persona_id: Option<IdPersona>,
    pub nome: String,
    pub ammesso: bool,
    pub punteggio: Decimal,
    pub premio: Importo,
}

/// Una ripartizione del fondo memorizzata: bozza o definitiva.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RipartizioneSalvata {
    pub id: Uuid,
    pub numero: i64,
    pub definitiva: bool,
    pub fondo: Importo,
    pub distribuito: Importo,
    pub checkpoint: Option<String>,
    pub regola: String,
    pub creata_da: String,
    pub creata_il: DateTime<Utc>,
    pub righe: Vec<RigaRipartizione>,
}

pub trait RelazioneRepo: Send + Sync {
    /// Come l'ente chiama il suo organismo di valutazione («Nucleo di valutazione», «OIV»…).
    fn denominazione_oiv(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = Result<String, Errore>> + Send;
    /// Cambia come l'ente chiama il suo organismo di valutazione.
    fn imposta_denominazione_oiv(
        &self,
        tenant: TenantId,
        nome: &str,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Gli accertamenti del ciclo che inizia in `anno_ciclo` (per codice dell'obiettivo e
    /// posizione dell'indicatore) e se una sua Relazione è validata.
    fn accertamenti_oiv(
        &self,
        tenant: TenantId,
        anno_ciclo: i32,
    ) -> impl Future<Output = Result<AccertamentiOiv, Errore>> + Send;

    fn relazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        anno: i32,
    ) -> impl Future<Output = Result<Option<RelazioneRegistrata>, Errore>> + Send;
    /// Crea la Relazione in bozza.
    fn crea_relazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        relazione: &RelazioneRegistrata,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;
    /// Aggiorna stato, approvazione e validazione se la revisione è ancora `revisione_attesa`;
    /// restituisce la nuova revisione. Con `atto` (l'approvazione), la Relazione punta alla riga
    /// dell'atto del ciclo, trovata o creata nella stessa transazione.
    fn aggiorna_relazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        relazione: &RelazioneRegistrata,
        atto: Option<&Atto>,
        revisione_attesa: i64,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;

    fn osservazioni(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Vec<OsservazioneRegistrata>, Errore>> + Send;
    fn aggiungi_osservazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        osservazione: &OsservazioneRegistrata,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<(), Errore>> + Send;

    fn accertamenti(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Vec<AccertamentoRegistrato>, Errore>> + Send;
    /// Crea (`revisione_attesa = None`) o aggiorna l'accertamento; restituisce la nuova revisione.
    fn salva_accertamento(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        accertamento: &AccertamentoRegistrato,
        revisione_attesa: Option<i64>,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;

    fn proposta_direttore(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Option<PropostaDirettore>, Errore>> + Send;
    /// Crea (`revisione_attesa = None`) o aggiorna la proposta (con la decisione del CdA, se
    /// c'è, con `atto`: la riga dell'atto del ciclo, trovata o creata nella stessa transazione);
    /// restituisce la nuova revisione.
    fn salva_proposta_direttore(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        proposta: &PropostaDirettore,
        atto: Option<&Atto>,
        revisione_attesa: Option<i64>,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;

    /// Le ripartizioni del fondo memorizzate per il ciclo, in ordine di numero.
    fn ripartizioni(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> impl Future<Output = Result<Vec<RipartizioneSalvata>, Errore>> + Send;
    /// Memorizza la ripartizione con il numero seguente (in bozza; poi definitiva se
    /// `ripartizione.definitiva`, nella stessa transazione). Restituisce il numero.
    fn salva_ripartizione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        ripartizione: &RipartizioneSalvata,
        audit: &EventoAudit,
    ) -> impl Future<Output = Result<i64, Errore>> + Send;
}
