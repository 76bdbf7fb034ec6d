//! Righe lette dal database (una struct per tabella) e conversioni verso il dominio.
//! Le stesse struct servono per SQLite e PostgreSQL.

use chrono::{DateTime, NaiveDate, Utc};
use traguardo_domain::numeri::{Percentuale, Punti, da_scala4};
use uuid::Uuid;

pub fn perc(v: Option<i64>) -> Option<Percentuale> {
    v.map(|x| Percentuale(da_scala4(x)))
}

pub fn punti(v: Option<i64>) -> Option<Punti> {
    v.map(|x| Punti(da_scala4(x)))
}

#[derive(sqlx::FromRow)]
pub struct RigaEnte {
    pub tenant_id: Uuid,
    pub codice: String,
    pub nome: String,
    pub denominazione_estesa: Option<String>,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaCiclo {
    pub id: Uuid,
    pub anno_inizio: i32,
    pub anno_fine: i32,
    pub anno_riferimento: Option<i32>,
    pub titolo: Option<String>,
    pub totale_punti_e4: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct RigaUnita {
    pub codice: String,
    pub nome: String,
    pub livello: String,
    pub padre: Option<String>,
    pub responsabile: Option<String>,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaPersona {
    pub codice: String,
    pub cognome_nome: String,
    pub qualifica: Option<String>,
    pub categoria: Option<String>,
    pub ruolo: Option<String>,
    pub unita: Option<String>,
    pub part_time_e4: Option<i64>,
    pub giorni_presenza: Option<i32>,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaCodiceNome {
    pub codice: String,
    pub nome: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaStrategico {
    pub codice: String,
    pub testo: String,
    pub area: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaOperativo {
    pub strategico: String,
    pub codice: String,
    pub testo: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaProgetto {
    pub codice: String,
    pub nome: String,
    pub area_strategica: Option<String>,
    pub unita: Option<String>,
    pub obiettivo_operativo: Option<String>,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaServizio {
    pub progetto: String,
    pub codice: String,
    pub nome: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaProgettoProgramma {
    pub progetto: String,
    pub programma: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaProgramma {
    pub programma: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaObiettivo {
    pub id: Uuid,
    pub revisione: i64,
    pub codice: String,
    pub tipo: String,
    pub titolo: String,
    pub primo_anno: Option<i32>,
    pub peso_e4: Option<i64>,
    pub punti_e4: Option<i64>,
    pub rilevanza_anticorruzione: Option<String>,
    pub operatori_coinvolti: Option<String>,
    pub costi: Option<String>,
    pub testi: String,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaCollegamento {
    pub obiettivo_id: Uuid,
    pub tipo: String,
    pub codice: String,
    pub dettaglio: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaStep {
    pub obiettivo_id: Uuid,
    pub id: Uuid,
    pub codice: Option<String>,
    pub descrizione: String,
    pub scadenza_testo: Option<String>,
    pub indicatore: Option<String>,
    pub peso_e4: Option<i64>,
    pub ie: Option<String>,
    pub figure_coinvolte: Option<String>,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaRevisione {
    pub step_id: Uuid,
    pub scadenza_testo: String,
    pub motivo: Option<String>,
    pub atto: Option<String>,
    pub data: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
pub struct RigaIndicatore {
    pub obiettivo_id: Uuid,
    pub id: Uuid,
    pub codice: Option<String>,
    pub nome: String,
    pub descrizione: Option<String>,
    pub dimensione: Option<String>,
    pub unita_misura: Option<String>,
    pub polarita: Option<String>,
    pub baseline: Option<String>,
    pub target_testo: Option<String>,
    pub fonte: Option<String>,
    pub step: Option<String>,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaAtto {
    pub codice: String,
    pub tipo: String,
    pub organo: Option<String>,
    pub numero: Option<String>,
    pub data: Option<NaiveDate>,
    pub oggetto: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaAssegnazione {
    pub persona: String,
    pub obiettivo: String,
    pub step: Option<String>,
    pub quota_e4: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct RigaNota {
    pub percorso: String,
    pub testo: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaCicloElenco {
    pub anno_inizio: i32,
    pub anno_fine: i32,
    pub titolo: Option<String>,
    pub obiettivi: i64,
    pub aggiornato_il: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
pub struct RigaAudit {
    pub momento: DateTime<Utc>,
    pub attore: String,
    pub azione: String,
    pub oggetto: String,
    pub prima: Option<String>,
    pub dopo: Option<String>,
}

/// Serializza un enum del dominio nella sua etichetta serde (`"area"`, `"direttore"`).
pub fn etichetta<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        altro => panic!("etichetta non testuale: {altro:?}"),
    }
}

/// Inverso di [`etichetta`].
pub fn da_etichetta<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| format!("valore «{s}» non riconosciuto nel database"))
}

#[derive(sqlx::FromRow)]
pub struct RigaFormazione {
    pub unita: Option<String>,
    pub anno: Option<i32>,
    pub testo: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaNumeroVersione {
    pub versione: i32,
}

#[derive(sqlx::FromRow)]
pub struct RigaBilancioVersione {
    pub id: Uuid,
    pub esercizio: i32,
    pub fpv_corrente_cent: i64,
    pub fpv_capitale_cent: i64,
    pub avanzo_cent: i64,
    pub avanzo_anticipato_cent: i64,
    pub fondo_cassa_cent: i64,
    pub disavanzo_cent: i64,
}

#[derive(sqlx::FromRow)]
pub struct RigaCapitolo {
    pub lato: String,
    pub codice: String,
    pub descrizione: String,
    pub uo: String,
    pub titolo: String,
    pub tipologia: Option<String>,
    pub missione: Option<String>,
    pub programma: Option<String>,
    pub anno_precedente_cent: i64,
    pub previsione_cent: i64,
    pub aumento_cent: i64,
    pub diminuzione_cent: i64,
    pub cassa_cent: i64,
    pub impegnato_cent: i64,
    pub fpv_cent: i64,
    pub anno2_cent: Option<i64>,
    pub anno3_cent: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct RigaVersioneElenco {
    pub esercizio: i32,
    pub versione: i32,
    pub importato_il: DateTime<Utc>,
    pub fonte: String,
    pub formato: String,
    pub capitoli: i64,
}

#[derive(sqlx::FromRow)]
pub struct RigaCollegamentoCapitolo {
    pub lato: String,
    pub capitolo: String,
    pub tipo: String,
    pub codice: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaRegole {
    pub versione: i32,
    pub regole: String,
    pub creato_il: DateTime<Utc>,
    pub attore: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaVoto {
    pub persona: String,
    pub comportamento: String,
    pub voto_e4: i64,
}

#[derive(sqlx::FromRow)]
pub struct RigaPresaVisione {
    pub persona: String,
    pub momento: DateTime<Utc>,
    pub punteggio_e4: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct RigaCheckpoint {
    pub id: Uuid,
    pub codice: String,
    pub data: NaiveDate,
    pub etichetta: String,
    pub finale: bool,
}

#[derive(sqlx::FromRow)]
pub struct RigaStatoStep {
    pub checkpoint: String,
    pub obiettivo: String,
    pub step: i32,
    pub stato: Option<String>,
    pub percentuale_e4: Option<i64>,
    pub testo: Option<String>,
    pub consuntivo: Option<String>,
    pub atti: String,
    pub data_completamento: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
pub struct RigaValoreIndicatore {
    pub checkpoint: String,
    pub obiettivo: String,
    pub indicatore: i32,
    pub valore: String,
    pub scostamento_stampato: Option<String>,
    pub nota: Option<String>,
    pub valutazione_e4: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct RigaDilazione {
    pub id: Uuid,
    pub revisione: i64,
    pub obiettivo: String,
    pub step: i32,
    pub checkpoint: String,
    pub motivo: String,
    pub scadenza_proposta: String,
    pub esito: String,
    pub atto: Option<String>,
    pub data_esito: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
pub struct RigaCausa {
    pub obiettivo: String,
    pub step: Option<i32>,
    pub causa: String,
    pub testo: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaRelazione {
    pub checkpoint: String,
    pub obiettivo: String,
    pub testo: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaIndicatoreFinanziario {
    pub codice: String,
    pub nome: String,
    pub numeratore_descrizione: String,
    pub numeratore_cent: i64,
    pub denominatore_descrizione: String,
    pub denominatore_cent: i64,
    pub target: Option<String>,
    pub valore_stampato: Option<String>,
    pub nota: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaRettifica {
    pub indicatore: String,
    pub descrizione: String,
    pub importo_cent: i64,
}

#[derive(sqlx::FromRow)]
pub struct RigaEsecuzione {
    pub unita: String,
    pub progetto: String,
    pub titolo: String,
    pub stanziamento_definitivo_cent: i64,
    pub stanziamento_senza_fpv_cent: i64,
    pub impegni_cent: i64,
    pub percentuale_stampata: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct RigaId {
    pub id: Uuid,
}

/// Chiave di un fatto a due id (step o indicatore, checkpoint).
#[derive(sqlx::FromRow)]
pub struct RigaChiave {
    pub a: Uuid,
    pub b: Uuid,
}

#[derive(sqlx::FromRow)]
pub struct RigaChiaveDilazione {
    pub id: Uuid,
    pub a: Uuid,
    pub b: Uuid,
}

/// Chi ha scritto per ultimo un elemento, e con quale revisione.
#[derive(sqlx::FromRow)]
pub struct RigaUltimaModifica {
    pub revisione: i64,
    pub aggiornato_da: Option<String>,
    pub aggiornato_il: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
pub struct RigaPosizione {
    pub posizione: i32,
}

#[derive(sqlx::FromRow)]
pub struct RigaIdempotenza {
    pub azione: String,
    pub entita_id: Uuid,
}

#[derive(sqlx::FromRow)]
pub struct RigaRevisioneDati {
    pub revisione_dati: i64,
}

#[derive(sqlx::FromRow)]
pub struct RigaAnnoRiferimento {
    pub anno: i32,
}

#[derive(sqlx::FromRow)]
pub struct RigaIdPosizione {
    pub id: Uuid,
    pub posizione: i32,
}

#[derive(sqlx::FromRow)]
pub struct RigaCodice {
    pub codice: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaCodiceId {
    pub codice: String,
    pub id: Uuid,
}

#[derive(sqlx::FromRow)]
pub struct RigaAssegnazioneId {
    pub id: Uuid,
    pub persona_id: Uuid,
    pub obiettivo_id: Uuid,
    pub step_id: Option<Uuid>,
    pub quota_e4: Option<i64>,
    pub revisione: i64,
}

#[derive(sqlx::FromRow)]
pub struct RigaCapitoloIdentita {
    pub id: Uuid,
    pub lato: String,
    pub codice: String,
}

#[derive(sqlx::FromRow)]
pub struct RigaCollegamentoId {
    pub id: Uuid,
    pub capitolo_id: Uuid,
    pub progetto_id: Option<Uuid>,
    pub obiettivo_id: Option<Uuid>,
    pub revisione: i64,
}

#[derive(sqlx::FromRow)]
pub struct RigaConteggio {
    pub codice: String,
    pub n: i64,
}

#[derive(sqlx::FromRow)]
pub struct RigaFattiPersona {
    pub codice: String,
    pub voti: i64,
    pub prese: i64,
}
