//! Il piano di un ente per un ciclo: struttura, persone, obiettivi strategici e operativi,
//! progetti PEG, servizi, obiettivi con step e indicatori, atti, assegnazioni.
//!
//! Questi tipi sono anche il formato canonico del file del piano (`docs/plan-file.md`): i nomi
//! dei campi sono quelli del file.

use crate::numeri::{Percentuale, Punti};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const FORMATO: &str = "traguardo-piano";
pub const VERSIONE_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Piano {
    pub formato: String,
    pub versione_schema: u32,
    pub ente: Ente,
    pub ciclo: Ciclo,
    #[serde(default)]
    pub unita_organizzative: Vec<UnitaOrganizzativa>,
    #[serde(default)]
    pub persone: Vec<Persona>,
    #[serde(default)]
    pub aree_strategiche: Vec<AreaStrategica>,
    #[serde(default)]
    pub obiettivi_strategici: Vec<ObiettivoStrategico>,
    /// Tabella missioni/programmi del Piano Programma (codici a 4 cifre del catalogo).
    #[serde(default)]
    pub programmi: Vec<String>,
    #[serde(default)]
    pub progetti_peg: Vec<ProgettoPeg>,
    #[serde(default)]
    pub obiettivi: Vec<Obiettivo>,
    #[serde(default)]
    pub atti: Vec<Atto>,
    #[serde(default)]
    pub assegnazioni: Vec<Assegnazione>,
    /// Piano della formazione annuale, per unità (004 §4).
    #[serde(default)]
    pub formazione: Vec<PianoFormazione>,
    #[serde(default)]
    pub monitoraggio: Monitoraggio,
    #[serde(default)]
    pub note: Vec<NotaTrascrizione>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PianoFormazione {
    #[serde(default)]
    pub unita: Option<String>,
    #[serde(default)]
    pub anno: Option<i32>,
    pub testo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ente {
    pub codice: String,
    pub nome: String,
    #[serde(default)]
    pub denominazione_estesa: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ciclo {
    pub anno_inizio: i32,
    pub anno_fine: i32,
    #[serde(default)]
    pub anno_riferimento: Option<i32>,
    #[serde(default)]
    pub titolo: Option<String>,
    /// Totale dei punti degli obiettivi (es. "Totale valore max 50").
    #[serde(default)]
    pub totale_punti: Option<Punti>,
}

impl Ciclo {
    pub fn anno_di_riferimento(&self) -> i32 {
        self.anno_riferimento.unwrap_or(self.anno_inizio)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LivelloUnita {
    Area,
    Settore,
    Servizio,
    Ufficio,
    Uo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitaOrganizzativa {
    pub codice: String,
    pub nome: String,
    pub livello: LivelloUnita,
    #[serde(default)]
    pub padre: Option<String>,
    #[serde(default)]
    pub responsabile: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub codice: String,
    pub cognome_nome: String,
    #[serde(default)]
    pub qualifica: Option<String>,
    #[serde(default)]
    pub categoria: Option<String>,
    #[serde(default)]
    pub ruolo: Option<String>,
    #[serde(default)]
    pub unita: Option<String>,
    /// Percentuale di part-time (100 = tempo pieno).
    #[serde(default)]
    pub part_time: Option<Percentuale>,
    #[serde(default)]
    pub giorni_presenza: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaStrategica {
    pub codice: String,
    pub nome: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObiettivoStrategico {
    pub codice: String,
    pub testo: String,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub operativi: Vec<ObiettivoOperativo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObiettivoOperativo {
    pub codice: String,
    pub testo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgettoPeg {
    pub codice: String,
    pub nome: String,
    #[serde(default)]
    pub area_strategica: Option<String>,
    #[serde(default)]
    pub programmi: Vec<String>,
    #[serde(default)]
    pub unita: Option<String>,
    /// Obiettivo operativo del Piano programma (testo).
    #[serde(default)]
    pub obiettivo_operativo: Option<String>,
    #[serde(default)]
    pub servizi: Vec<Servizio>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Servizio {
    pub codice: String,
    pub nome: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipoObiettivo {
    /// "Obiettivo di performance" (000, 002, 004).
    Performance,
    /// "Obiettivo di PEG" (000).
    Peg,
    /// "Obiettivi di mantenimento/miglioramento" (004).
    Mantenimento,
    /// "Obiettivi assegnati dal CDA al Direttore" (003).
    Direttore,
    /// "Obiettivi Strategici" di una relazione (001).
    StrategicoRelazione,
    /// "Altri Obiettivi PEG" (001).
    AltroPeg,
}

impl TipoObiettivo {
    pub fn etichetta(self) -> &'static str {
        match self {
            TipoObiettivo::Performance => "Obiettivo di performance",
            TipoObiettivo::Peg => "Obiettivo di PEG",
            TipoObiettivo::Mantenimento => "Obiettivo di mantenimento/miglioramento",
            TipoObiettivo::Direttore => "Obiettivo assegnato al Direttore",
            TipoObiettivo::StrategicoRelazione => "Obiettivo strategico",
            TipoObiettivo::AltroPeg => "Altro obiettivo PEG",
        }
    }

    pub fn codice(self) -> &'static str {
        match self {
            TipoObiettivo::Performance => "performance",
            TipoObiettivo::Peg => "peg",
            TipoObiettivo::Mantenimento => "mantenimento",
            TipoObiettivo::Direttore => "direttore",
            TipoObiettivo::StrategicoRelazione => "strategico_relazione",
            TipoObiettivo::AltroPeg => "altro_peg",
        }
    }

    pub fn da_codice(c: &str) -> Option<TipoObiettivo> {
        [
            TipoObiettivo::Performance,
            TipoObiettivo::Peg,
            TipoObiettivo::Mantenimento,
            TipoObiettivo::Direttore,
            TipoObiettivo::StrategicoRelazione,
            TipoObiettivo::AltroPeg,
        ]
        .into_iter()
        .find(|t| t.codice() == c)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rilevanza {
    Alto,
    Medio,
    Basso,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitaObiettivo {
    pub unita: String,
    /// Numero locale dell'obiettivo nel CdR (es. "2.1").
    #[serde(default)]
    pub numero: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiferimentoServizio {
    pub progetto: String,
    pub servizio: String,
}

/// Testi descrittivi della scheda obiettivo: l'unione dei campi dei modelli degli enti.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestiObiettivo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situazione_attuale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticita: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situazione_attesa: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vantaggi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descrizione_azioni: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicatore_raggiungimento: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descrizione: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_strategica: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servizi_interessati: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obiettivo_operativo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utenti_finali: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reti_collaborazione: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condizioni_operative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risultati: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attivita: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bisogno: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalita: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stakeholder_finali: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stakeholder_intermedi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impatto_atteso: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obiettivo {
    pub codice: String,
    pub tipo: TipoObiettivo,
    pub titolo: String,
    #[serde(default)]
    pub primo_anno: Option<i32>,
    #[serde(default)]
    pub programmi: Vec<String>,
    #[serde(default)]
    pub obiettivi_operativi: Vec<String>,
    #[serde(default)]
    pub unita: Vec<UnitaObiettivo>,
    #[serde(default)]
    pub progetti_peg: Vec<String>,
    #[serde(default)]
    pub servizi: Vec<RiferimentoServizio>,
    /// Incidenza dell'obiettivo sul totale del piano (%).
    #[serde(default)]
    pub peso: Option<Percentuale>,
    #[serde(default)]
    pub punti: Option<Punti>,
    #[serde(default)]
    pub rilevanza_anticorruzione: Option<Rilevanza>,
    #[serde(default)]
    pub operatori_coinvolti: Option<String>,
    #[serde(default)]
    pub costi: Option<String>,
    #[serde(default)]
    pub testi: TestiObiettivo,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub indicatori: Vec<Indicatore>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisioneScadenzaFile {
    pub scadenza: String,
    #[serde(default)]
    pub motivo: Option<String>,
    #[serde(default)]
    pub atto: Option<String>,
    #[serde(default)]
    pub data: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlagIe {
    #[serde(rename = "I")]
    I,
    #[serde(rename = "E")]
    E,
    #[serde(rename = "I/E")]
    IE,
}

impl FlagIe {
    pub fn codice(self) -> &'static str {
        match self {
            FlagIe::I => "I",
            FlagIe::E => "E",
            FlagIe::IE => "I/E",
        }
    }

    pub fn da_codice(c: &str) -> Option<FlagIe> {
        match c {
            "I" => Some(FlagIe::I),
            "E" => Some(FlagIe::E),
            "I/E" => Some(FlagIe::IE),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[serde(default)]
    pub codice: Option<String>,
    pub descrizione: String,
    #[serde(default)]
    pub scadenza: Option<String>,
    #[serde(default)]
    pub revisioni_scadenza: Vec<RevisioneScadenzaFile>,
    #[serde(default)]
    pub indicatore: Option<String>,
    /// Peso dello step sull'obiettivo (%).
    #[serde(default)]
    pub peso: Option<Percentuale>,
    #[serde(default)]
    pub ie: Option<FlagIe>,
    #[serde(default)]
    pub figure_coinvolte: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensioneIndicatore {
    Efficacia,
    Efficienza,
    Impatto,
    StatoRisorse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarita {
    Crescente,
    Decrescente,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicatore {
    #[serde(default)]
    pub codice: Option<String>,
    pub nome: String,
    #[serde(default)]
    pub descrizione: Option<String>,
    #[serde(default)]
    pub dimensione: Option<DimensioneIndicatore>,
    #[serde(default)]
    pub unita_misura: Option<String>,
    #[serde(default)]
    pub polarita: Option<Polarita>,
    #[serde(default)]
    pub baseline: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub fonte: Option<String>,
    /// Codice dello step a cui l'indicatore appartiene (indicatori di step).
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Atto {
    pub codice: String,
    pub tipo: String,
    #[serde(default)]
    pub organo: Option<String>,
    #[serde(default)]
    pub numero: Option<String>,
    #[serde(default)]
    pub data: Option<NaiveDate>,
    #[serde(default)]
    pub oggetto: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assegnazione {
    pub persona: String,
    pub obiettivo: String,
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub quota: Option<Percentuale>,
}

/// Monitoraggio e verifica: checkpoint, stati degli step, valori degli indicatori,
/// dilazioni, cause degli scostamenti, relazioni, indicatori finanziari, esecuzione del
/// bilancio. Gli step e gli indicatori si indicano con il codice dell'obiettivo e la loro
/// posizione (da 1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monitoraggio {
    #[serde(default)]
    pub checkpoint: Vec<CheckpointFile>,
    #[serde(default)]
    pub stati: Vec<StatoStepFile>,
    #[serde(default)]
    pub valori: Vec<ValoreIndicatoreFile>,
    #[serde(default)]
    pub dilazioni: Vec<DilazioneFile>,
    #[serde(default)]
    pub cause_scostamento: Vec<CausaScostamentoFile>,
    #[serde(default)]
    pub relazioni: Vec<RelazioneFile>,
    #[serde(default)]
    pub indicatori_finanziari: Vec<IndicatoreFinanziario>,
    #[serde(default)]
    pub esecuzione_bilancio: Vec<RigaEsecuzioneBilancio>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckpointFile {
    /// Codice del checkpoint (es. "31/08/2023" o "finale").
    pub codice: String,
    pub data: NaiveDate,
    pub etichetta: String,
    /// Verifica finale (31/12): si indicano le cause degli scostamenti.
    #[serde(default)]
    pub finale: bool,
}

/// Stato di uno step a un checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatoStepFile {
    pub checkpoint: String,
    pub obiettivo: String,
    /// Posizione dello step nell'obiettivo (da 1).
    pub step: u32,
    /// Voce del vocabolario controllato; se assente si ricava dal testo.
    #[serde(default)]
    pub stato: Option<crate::monitoraggio::StatoStep>,
    /// Percentuale di realizzazione (per i parzialmente realizzati).
    #[serde(default)]
    pub percentuale: Option<Percentuale>,
    /// Il testo del monitoraggio come scritto.
    #[serde(default)]
    pub testo: Option<String>,
    /// Quando è stato realmente fatto (es. "Febbraio 2021"), o "No" (seed 002, "Consuntivo").
    #[serde(default)]
    pub consuntivo: Option<String>,
    /// Atti citati come evidenza (codici di `atti` o testo libero).
    #[serde(default)]
    pub atti: Vec<String>,
    /// Data effettiva di completamento dello step ("Tempi effettivi"): quando c'è, la
    /// tempestività la confronta con la scadenza in vigore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_completamento: Option<NaiveDate>,
}

/// Valore rilevato di un indicatore a un checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValoreIndicatoreFile {
    pub checkpoint: String,
    pub obiettivo: String,
    /// Posizione dell'indicatore nell'obiettivo (da 1).
    pub indicatore: u32,
    /// Il valore come scritto ("22", "94,61%", "1 non completato", "Si").
    pub valore: String,
    /// Lo scostamento stampato nel documento, se c'è (per confrontarlo con quello calcolato).
    #[serde(default)]
    pub scostamento_stampato: Option<String>,
    #[serde(default)]
    pub nota: Option<String>,
    /// Raggiungimento attribuito dal valutatore agli indicatori non misurabili (testo), con la
    /// motivazione in `nota`.
    #[serde(default)]
    pub valutazione: Option<Percentuale>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EsitoDilazione {
    InAttesa,
    Concessa,
    Respinta,
}

/// Richiesta di una nuova scadenza per uno step, e il suo esito.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DilazioneFile {
    pub obiettivo: String,
    pub step: u32,
    /// Checkpoint in cui è stata chiesta.
    pub checkpoint: String,
    pub motivo: String,
    /// Nuova scadenza proposta (testo come le scadenze).
    pub scadenza_proposta: String,
    pub esito: EsitoDilazione,
    /// Atto che concede o respinge (codice di `atti` o testo).
    #[serde(default)]
    pub atto: Option<String>,
    #[serde(default)]
    pub data_esito: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CausaScostamento {
    /// Fattori esterni all'ente.
    Esogena,
    /// Fattori interni all'ente.
    Endogena,
    /// Indicatore o valore atteso mal definiti.
    Indicatore,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CausaScostamentoFile {
    pub obiettivo: String,
    #[serde(default)]
    pub step: Option<u32>,
    pub causa: CausaScostamento,
    pub testo: String,
}

/// Relazione narrativa su un obiettivo a un checkpoint ("Report al 31.12.2020").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelazioneFile {
    pub checkpoint: String,
    pub obiettivo: String,
    pub testo: String,
}

/// Un importo con la sua descrizione (componenti degli indicatori finanziari).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoceImporto {
    pub descrizione: String,
    pub importo: crate::numeri::Importo,
}

/// Indicatore finanziario calcolato da importi (seed 001: "Capacità di utilizzo delle
/// risorse" = avanzo disponibile rettificato ÷ entrate correnti accertate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatoreFinanziario {
    pub codice: String,
    pub nome: String,
    pub numeratore: VoceImporto,
    /// Rettifiche del numeratore (con segno), ognuna con la sua motivazione.
    #[serde(default)]
    pub rettifiche: Vec<VoceImporto>,
    pub denominatore: VoceImporto,
    /// Valore atteso (es. "Da 0% a 5 %").
    #[serde(default)]
    pub target: Option<String>,
    /// Il valore stampato nel documento, per confronto.
    #[serde(default)]
    pub valore_stampato: Option<String>,
    #[serde(default)]
    pub nota: Option<String>,
}

/// Una riga del quadro di esecuzione del bilancio per CdR (seed 001).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RigaEsecuzioneBilancio {
    /// Codice dell'unità (CdR).
    pub unita: String,
    pub progetto: String,
    /// Titolo di spesa come stampato ("I", "II").
    pub titolo: String,
    pub stanziamento_definitivo: crate::numeri::Importo,
    pub stanziamento_senza_fpv: crate::numeri::Importo,
    pub impegni: crate::numeri::Importo,
    /// La percentuale stampata, per confronto con quella calcolata.
    #[serde(default)]
    pub percentuale_stampata: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotaTrascrizione {
    pub percorso: String,
    pub testo: String,
}

impl Piano {
    pub fn obiettivo(&self, codice: &str) -> Option<&Obiettivo> {
        self.obiettivi.iter().find(|o| o.codice == codice)
    }
}
