//! I tipi del filo: le risposte dell'API, strutture proprie mappate dai risultati di
//! `traguardo_app`. Nessun tipo del dominio è serializzato direttamente, così il modello può
//! cambiare senza cambiare l'API. Importi e percentuali sono stringhe decimali esatte
//! (`"18467766.03"`, `"97.20"`), mai numeri in virgola mobile.

use rust_decimal::Decimal;
use serde::Serialize;
use traguardo_app::porte::{CicloRegistrato, EnteRegistrato, RegoleVersionate, VersioneBilancio};
use traguardo_domain::bilancio::{Importi, Totale};
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::numeri::{Importo, formato_punto};
use traguardo_domain::pesi::PesoStep;
use traguardo_domain::piano::CheckpointFile;
use traguardo_domain::rilievi::{CodiceRilievo, Gravita, Rilievo};
use traguardo_domain::valutazione::{
    Discordanza, EsitoAggregato, EsitoFinanziario, EsitoIndicatore, EsitoObiettivo, EsitoStep,
    RigaMonitoraggio, Tempestivita,
};
use utoipa::ToSchema;

/// Un decimale esatto come stringa (`"97.20"`).
fn d(x: Decimal) -> String {
    x.to_string()
}

/// Un importo in euro con due decimali (`"18467766.03"`).
pub fn euro(x: Importo) -> String {
    formato_punto(x.valore(), 2)
}

fn od(x: Option<Decimal>) -> Option<String> {
    x.map(d)
}

/// Codice dello stato di uno step (`realizzato`, `in_corso`…).
fn codice_stato(s: StatoStep) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnteDto {
    /// Codice dell'ente (es. `CISSA`): è il `{ente}` degli URL.
    pub codice: String,
    pub nome: String,
}

impl From<&EnteRegistrato> for EnteDto {
    fn from(e: &EnteRegistrato) -> Self {
        EnteDto {
            codice: e.codice.clone(),
            nome: e.nome.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CicloDto {
    /// Anno di inizio: è l'`{anno}` degli URL del ciclo.
    pub anno_inizio: i32,
    pub anno_fine: i32,
    pub titolo: Option<String>,
    /// Numero di obiettivi del piano.
    pub obiettivi: i64,
    /// Ultimo aggiornamento (RFC 3339).
    #[schema(format = DateTime)]
    pub aggiornato_il: String,
}

impl From<&CicloRegistrato> for CicloDto {
    fn from(c: &CicloRegistrato) -> Self {
        CicloDto {
            anno_inizio: c.anno_inizio,
            anno_fine: c.anno_fine,
            titolo: c.titolo.clone(),
            obiettivi: c.obiettivi,
            aggiornato_il: c.aggiornato_il.to_rfc3339(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GravitaDto {
    Errore,
    Avviso,
}

/// Il codice di un rilievo, come stringa (`codice_duplicato`). Lo schema elenca i codici
/// ammessi, presi dal dominio; il significato di ciascuno è in `docs/rilievi.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodiceRilievoDto(pub CodiceRilievo);

impl Serialize for CodiceRilievoDto {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.come_testo())
    }
}

impl utoipa::PartialSchema for CodiceRilievoDto {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "Codice del rilievo; il significato di ciascuno è in docs/rilievi.md.",
            ))
            .enum_values(Some(CodiceRilievo::TUTTI.map(CodiceRilievo::come_testo)))
            .into()
    }
}

impl ToSchema for CodiceRilievoDto {}

/// Un rilievo: codice, gravità, messaggio in italiano, percorso nel piano o riga e colonna
/// nel file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RilievoDto {
    pub codice: CodiceRilievoDto,
    pub gravita: GravitaDto,
    pub messaggio: String,
    /// Percorso dell'elemento, es. `obiettivi[I].steps[9].peso`.
    pub percorso: String,
    pub riga: Option<u64>,
    pub colonna: Option<u64>,
}

impl From<&Rilievo> for RilievoDto {
    fn from(r: &Rilievo) -> Self {
        RilievoDto {
            codice: CodiceRilievoDto(r.codice),
            gravita: match r.gravita {
                Gravita::Errore => GravitaDto::Errore,
                Gravita::Avviso => GravitaDto::Avviso,
            },
            messaggio: r.messaggio.clone(),
            percorso: r.percorso.clone(),
            riga: r.riga.map(|x| x as u64),
            colonna: r.colonna.map(|x| x as u64),
        }
    }
}

/// Pesi di uno step in un anno del ciclo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PesoStepDto {
    pub obiettivo: String,
    pub step: String,
    /// Posizione dello step nell'obiettivo, da 1.
    pub posizione: u64,
    pub scadenza: Option<String>,
    /// Peso dello step sull'obiettivo (%).
    pub peso_obiettivo: Option<String>,
    /// Peso dello step nell'anno (%), vuoto se non dovuto nell'anno.
    pub peso_anno: Option<String>,
    /// Peso dello step nel piano (%).
    pub peso_piano: Option<String>,
    /// Come si arriva ai numeri.
    pub spiegazione: String,
}

impl From<&PesoStep> for PesoStepDto {
    fn from(p: &PesoStep) -> Self {
        PesoStepDto {
            obiettivo: p.obiettivo.clone(),
            step: p.step.clone(),
            posizione: p.posizione as u64,
            scadenza: p.scadenza.clone(),
            peso_obiettivo: od(p.peso_obiettivo),
            peso_anno: od(p.peso_anno),
            peso_piano: od(p.peso_piano),
            spiegazione: p.spiegazione.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LatoDto {
    Entrate,
    Spese,
}

impl From<traguardo_domain::bilancio::Lato> for LatoDto {
    fn from(l: traguardo_domain::bilancio::Lato) -> Self {
        match l {
            traguardo_domain::bilancio::Lato::Entrate => LatoDto::Entrate,
            traguardo_domain::bilancio::Lato::Spese => LatoDto::Spese,
        }
    }
}

/// Gli importi di un totale, in euro.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportiDto {
    /// Previsioni definitive dell'anno precedente.
    pub anno_precedente: String,
    /// Previsione di competenza dell'esercizio.
    pub previsione: String,
    pub aumento: String,
    pub diminuzione: String,
    /// Previsione di cassa.
    pub cassa: String,
    /// Di cui già impegnato (spese).
    pub impegnato: String,
    /// Di cui a fondo pluriennale vincolato (spese).
    pub fpv: String,
}

impl From<&Importi> for ImportiDto {
    fn from(i: &Importi) -> Self {
        ImportiDto {
            anno_precedente: euro(i.anno_precedente),
            previsione: euro(i.previsione),
            aumento: euro(i.aumento),
            diminuzione: euro(i.diminuzione),
            cassa: euro(i.cassa),
            impegnato: euro(i.impegnato),
            fpv: euro(i.fpv),
        }
    }
}

/// Un totale del bilancio a uno o più livelli.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotaleDto {
    pub lato: LatoDto,
    /// Codici dei livelli uniti da `/` (es. `U01/1`).
    pub chiave: String,
    /// Nomi dei livelli uniti da ` / `.
    pub nome: String,
    /// Numero di capitoli sommati.
    pub capitoli: u64,
    pub importi: ImportiDto,
}

impl From<&Totale> for TotaleDto {
    fn from(t: &Totale) -> Self {
        TotaleDto {
            lato: t.lato.into(),
            chiave: t.chiave.clone(),
            nome: t.nome.clone(),
            capitoli: t.capitoli as u64,
            importi: (&t.importi).into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompetenzaCassaDto {
    pub competenza: String,
    pub cassa: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotaleGeneraleDto {
    pub entrate: CompetenzaCassaDto,
    pub spese: CompetenzaCassaDto,
}

/// Totali del bilancio di un esercizio.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotaliBilancioDto {
    pub esercizio: i32,
    /// Livelli richiesti, dal più esterno.
    pub livelli: Vec<String>,
    pub totali: Vec<TotaleDto>,
    pub totale_generale: TotaleGeneraleDto,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersioneBilancioDto {
    pub esercizio: i32,
    pub versione: i32,
    #[schema(format = DateTime)]
    pub importato_il: String,
    /// File da cui è stata importata.
    pub fonte: String,
    pub formato: String,
    pub capitoli: i64,
}

impl From<&VersioneBilancio> for VersioneBilancioDto {
    fn from(v: &VersioneBilancio) -> Self {
        VersioneBilancioDto {
            esercizio: v.esercizio,
            versione: v.versione,
            importato_il: v.importato_il.to_rfc3339(),
            fonte: v.fonte.clone(),
            formato: v.formato.clone(),
            capitoli: v.capitoli,
        }
    }
}

/// Un checkpoint di monitoraggio (es. la verifica intermedia al 31/08).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckpointDto {
    pub codice: String,
    /// Data (ISO 8601).
    #[schema(format = Date)]
    pub data: String,
    pub etichetta: String,
    /// Verifica finale.
    pub finale: bool,
}

impl From<&CheckpointFile> for CheckpointDto {
    fn from(c: &CheckpointFile) -> Self {
        CheckpointDto {
            codice: c.codice.clone(),
            data: c.data.to_string(),
            etichetta: c.etichetta.clone(),
            finale: c.finale,
        }
    }
}

/// Esito di uno step a un checkpoint.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepValutatoDto {
    pub posizione: u64,
    pub codice: String,
    pub peso: String,
    /// Stato al checkpoint (`realizzato`, `in_corso`, `non_realizzabile`…).
    pub stato: Option<String>,
    /// Valore (%); vuoto se neutralizzato o non ancora dovuto.
    pub valore: Option<String>,
    pub spiegazione: String,
}

impl From<&EsitoStep> for StepValutatoDto {
    fn from(s: &EsitoStep) -> Self {
        StepValutatoDto {
            posizione: s.posizione as u64,
            codice: s.codice.clone(),
            peso: d(s.peso),
            stato: s.stato.map(codice_stato),
            valore: od(s.valore),
            spiegazione: s.spiegazione.clone(),
        }
    }
}

/// Esito di un indicatore a un checkpoint; scostamento = rilevato − atteso (b − a).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatoreValutatoDto {
    pub obiettivo: String,
    /// Posizione dell'indicatore nell'obiettivo, da 1.
    pub posizione: u64,
    pub nome: String,
    /// Valore atteso come scritto nel piano.
    pub target: String,
    /// Valore rilevato come scritto.
    pub valore: Option<String>,
    pub atteso: Option<String>,
    pub rilevato: Option<String>,
    pub scostamento: Option<String>,
    /// Scostamento in % del valore atteso.
    pub scostamento_percento: Option<String>,
    pub rispettato: Option<bool>,
    /// Raggiungimento (%), vuoto se da valutare.
    pub raggiungimento: Option<String>,
    pub spiegazione: String,
    /// Lo scostamento stampato nel documento, per confronto.
    pub scostamento_stampato: Option<String>,
}

impl From<&EsitoIndicatore> for IndicatoreValutatoDto {
    fn from(e: &EsitoIndicatore) -> Self {
        IndicatoreValutatoDto {
            obiettivo: e.obiettivo.clone(),
            posizione: e.posizione as u64,
            nome: e.nome.clone(),
            target: e.target.clone(),
            valore: e.valore.clone(),
            atteso: od(e.atteso),
            rilevato: od(e.rilevato),
            scostamento: od(e.scostamento),
            scostamento_percento: od(e.scostamento_percento),
            rispettato: e.rispettato,
            raggiungimento: od(e.raggiungimento),
            spiegazione: e.spiegazione.clone(),
            scostamento_stampato: e.scostamento_stampato.clone(),
        }
    }
}

/// Esito di un obiettivo: raggiungimento con la sua spiegazione.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObiettivoValutatoDto {
    pub codice: String,
    pub titolo: String,
    /// Peso (%) dell'obiettivo.
    pub peso: Option<String>,
    /// Punti (obiettivi del direttore).
    pub punti: Option<String>,
    /// Unità organizzative (CdR) responsabili.
    pub unita: Vec<String>,
    pub steps: Vec<StepValutatoDto>,
    pub indicatori: Vec<IndicatoreValutatoDto>,
    pub raggiungimento_step: Option<String>,
    pub raggiungimento_indicatori: Option<String>,
    pub raggiungimento: Option<String>,
    pub fascia: Option<String>,
    pub spiegazione: Vec<String>,
}

impl From<&EsitoObiettivo> for ObiettivoValutatoDto {
    fn from(o: &EsitoObiettivo) -> Self {
        ObiettivoValutatoDto {
            codice: o.codice.clone(),
            titolo: o.titolo.clone(),
            peso: od(o.peso),
            punti: od(o.punti),
            unita: o.unita.clone(),
            steps: o.steps.iter().map(Into::into).collect(),
            indicatori: o.indicatori.iter().map(Into::into).collect(),
            raggiungimento_step: od(o.raggiungimento_step),
            raggiungimento_indicatori: od(o.raggiungimento_indicatori),
            raggiungimento: od(o.raggiungimento),
            fascia: o.fascia.clone(),
            spiegazione: o.spiegazione.clone(),
        }
    }
}

/// Esito aggregato: CdR (`cdr`), ente (`ente`) o direttore (`director`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AggregatoDto {
    pub livello: String,
    pub codice: String,
    pub nome: String,
    pub peso: Option<String>,
    pub raggiungimento: Option<String>,
    pub fascia: Option<String>,
    pub spiegazione: String,
}

impl From<&EsitoAggregato> for AggregatoDto {
    fn from(a: &EsitoAggregato) -> Self {
        AggregatoDto {
            livello: a.livello.to_string(),
            codice: a.codice.clone(),
            nome: a.nome.clone(),
            peso: od(a.peso),
            raggiungimento: od(a.raggiungimento),
            fascia: a.fascia.clone(),
            spiegazione: a.spiegazione.clone(),
        }
    }
}

/// Valutazione organizzativa del ciclo a un checkpoint.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ValutazioneDto {
    /// Versione delle regole SMVP applicate (0 = predefinite).
    pub regole_versione: i32,
    pub checkpoint: Option<CheckpointDto>,
    pub obiettivi: Vec<ObiettivoValutatoDto>,
    pub aggregati: Vec<AggregatoDto>,
}

/// Uno scostamento stampato che non concorda con la convenzione b − a.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DiscordanzaDto {
    pub obiettivo: String,
    pub indicatore: u64,
    pub nome: String,
    pub stampato: String,
    pub calcolato: String,
    pub spiegazione: String,
}

impl From<&Discordanza> for DiscordanzaDto {
    fn from(x: &Discordanza) -> Self {
        DiscordanzaDto {
            obiettivo: x.obiettivo.clone(),
            indicatore: x.indicatore as u64,
            nome: x.nome.clone(),
            stampato: x.stampato.clone(),
            calcolato: d(x.calcolato),
            spiegazione: x.spiegazione.clone(),
        }
    }
}

/// Indicatore finanziario calcolato dagli importi.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatoreFinanziarioDto {
    pub codice: String,
    pub nome: String,
    pub numeratore_rettificato: String,
    pub valore: String,
    pub stampato: Option<String>,
    pub spiegazione: String,
}

impl From<&EsitoFinanziario> for IndicatoreFinanziarioDto {
    fn from(f: &EsitoFinanziario) -> Self {
        IndicatoreFinanziarioDto {
            codice: f.codice.clone(),
            nome: f.nome.clone(),
            numeratore_rettificato: d(f.numeratore_rettificato),
            valore: d(f.valore),
            stampato: f.stampato.clone(),
            spiegazione: f.spiegazione.clone(),
        }
    }
}

/// Scostamenti degli indicatori con un valore rilevato.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScostamentiDto {
    pub convenzione: String,
    pub checkpoint: Option<CheckpointDto>,
    pub indicatori: Vec<IndicatoreValutatoDto>,
    pub discordanze_con_lo_stampato: Vec<DiscordanzaDto>,
    pub indicatori_finanziari: Vec<IndicatoreFinanziarioDto>,
}

/// Tempestività di un'attività: mese previsto contro consuntivo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TempestivitaDto {
    pub obiettivo: String,
    pub step: u64,
    pub previsto: String,
    pub consuntivo: String,
    /// Mesi di ritardo (negativo = in anticipo); vuoto se non confrontabile.
    pub mesi: Option<i32>,
    pub esito: String,
}

impl From<&Tempestivita> for TempestivitaDto {
    fn from(t: &Tempestivita) -> Self {
        TempestivitaDto {
            obiettivo: t.obiettivo.clone(),
            step: t.step as u64,
            previsto: t.previsto.clone(),
            consuntivo: t.consuntivo.clone(),
            mesi: t.mesi,
            esito: t.esito.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TempiDto {
    pub checkpoint: Option<CheckpointDto>,
    pub attivita: Vec<TempestivitaDto>,
}

/// Lo stato di uno step a un checkpoint, con la scadenza in vigore.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RigaMonitoraggioDto {
    pub obiettivo: String,
    pub step: u64,
    pub codice: Option<String>,
    pub descrizione: String,
    /// Scadenza in vigore (dopo le dilazioni concesse), come scritta.
    pub scadenza: Option<String>,
    /// La scadenza originale, se diversa.
    pub scadenza_originale: Option<String>,
    pub stato: Option<String>,
    pub percentuale: Option<String>,
    pub testo: Option<String>,
}

impl From<&RigaMonitoraggio> for RigaMonitoraggioDto {
    fn from(r: &RigaMonitoraggio) -> Self {
        RigaMonitoraggioDto {
            obiettivo: r.obiettivo.clone(),
            step: r.step as u64,
            codice: r.codice.clone(),
            descrizione: r.descrizione.clone(),
            scadenza: r.scadenza.clone(),
            scadenza_originale: r.scadenza_originale.clone(),
            stato: r.stato.map(codice_stato),
            percentuale: od(r.percentuale),
            testo: r.testo.clone(),
        }
    }
}

/// Rapporto di monitoraggio a un checkpoint.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RapportoMonitoraggioDto {
    pub checkpoint: CheckpointDto,
    pub step: Vec<RigaMonitoraggioDto>,
}

/// Le regole SMVP in vigore per il ciclo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegoleDto {
    /// Versione (0 = regole predefinite).
    pub versione: i32,
    #[schema(format = DateTime)]
    pub creato_il: Option<String>,
    pub attore: Option<String>,
    pub descrizione: String,
}

impl From<&RegoleVersionate> for RegoleDto {
    fn from(r: &RegoleVersionate) -> Self {
        RegoleDto {
            versione: r.versione,
            creato_il: r.creato_il.map(|t| t.to_rfc3339()),
            attore: r.attore.clone(),
            descrizione: r.regole.descrizione.clone(),
        }
    }
}
