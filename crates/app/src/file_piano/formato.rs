//! I tipi del file del piano (`docs/plan-file.md`, schema versione 1): il formato di scambio,
//! separato dai tipi del dominio perché il modello possa cambiare senza rompere i file.
//!
//! Nomi, ordine dei campi, valori predefiniti e campi omessi sono quelli del formato: cambiarli
//! cambia i file esportati. Le sole aggiunte rispetto al formato originale sono gli id
//! facoltativi (`id` di obiettivi, step, indicatori e checkpoint; `step_id` e `indicatore_id` nei
//! fatti del monitoraggio), scritti solo quando ci sono.
//!
//! I nomi serde dei contenitori restano quelli dei tipi del dominio, così i messaggi d'errore
//! del lettore JSON («atteso oggetto Obiettivo») non cambiano.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use traguardo_domain::id::{IdCheckpoint, IdIndicatore, IdObiettivo, IdStep};
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::numeri::{Importo, MAX_DECIMALI, Percentuale, arrotonda, formato_punto};
use traguardo_domain::piano as d;
use uuid::Uuid;

/// Un numero decimale del file (pesi, percentuali, quote, punti). Si legge con la regola del
/// dominio (stringa o numero, al massimo [`MAX_DECIMALI`] decimali, mai arrotondato); si scrive
/// come stringa con almeno 2 decimali e fino a 4, così `33.3333` torna `33.3333` e `50` resta
/// `50.00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimale(pub Decimal);

impl Decimale {
    /// Il testo scritto nel file.
    pub fn testo(self) -> String {
        let d = arrotonda(self.0, MAX_DECIMALI).normalize();
        formato_punto(d, d.scale().max(2))
    }
}

impl Serialize for Decimale {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.testo())
    }
}

impl<'de> Deserialize<'de> for Decimale {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        // Una sola grammatica dei decimali: quella del dominio.
        Percentuale::deserialize(de).map(|p| Decimale(p.0))
    }
}

/// Un id facoltativo: un UUID come stringa (`null` = assente), con un messaggio in italiano se
/// non lo è.
fn id<'de, D: Deserializer<'de>, T: From<Uuid>>(de: D) -> Result<Option<T>, D::Error> {
    let Some(testo) = Option::<String>::deserialize(de)? else {
        return Ok(None);
    };
    match Uuid::parse_str(&testo) {
        Ok(u) => Ok(Some(T::from(u))),
        Err(_) => Err(serde::de::Error::custom(format!(
            "«{testo}» non è un id valido: atteso un UUID come \"0192f0c1-7c5e-7d4a-9f1e-3b2a1c0d9e8f\""
        ))),
    }
}

/// Un'enumerazione del file con la sua corrispondenza, voce per voce, con quella del dominio:
/// una voce nuova nel dominio non compila finché il formato non decide come scriverla.
macro_rules! voci {
    ($(#[$doc:meta])* $nome:ident <-> $dominio:ty { $($voce:ident = $testo:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $nome {
            $(#[serde(rename = $testo)] $voce),*
        }

        impl From<$dominio> for $nome {
            fn from(v: $dominio) -> Self {
                match v {
                    $(<$dominio>::$voce => $nome::$voce),*
                }
            }
        }

        impl From<$nome> for $dominio {
            fn from(v: $nome) -> Self {
                match v {
                    $($nome::$voce => <$dominio>::$voce),*
                }
            }
        }
    };
}

voci!(LivelloUnitaFile <-> d::LivelloUnita {
    Area = "area", Settore = "settore", Servizio = "servizio", Ufficio = "ufficio", Uo = "uo",
});

voci!(TipoObiettivoFile <-> d::TipoObiettivo {
    Performance = "performance",
    Peg = "peg",
    Mantenimento = "mantenimento",
    Direttore = "direttore",
    StrategicoRelazione = "strategico_relazione",
    AltroPeg = "altro_peg",
});

voci!(RilevanzaFile <-> d::Rilevanza { Alto = "alto", Medio = "medio", Basso = "basso" });

voci!(FlagIeFile <-> d::FlagIe { I = "I", E = "E", IE = "I/E" });

voci!(DimensioneIndicatoreFile <-> d::DimensioneIndicatore {
    Efficacia = "efficacia",
    Efficienza = "efficienza",
    Impatto = "impatto",
    StatoRisorse = "stato_risorse",
});

voci!(PolaritaFile <-> d::Polarita { Crescente = "crescente", Decrescente = "decrescente" });

voci!(VoceStatoStep <-> StatoStep {
    DaAvviare = "da_avviare",
    InCorso = "in_corso",
    InItinere = "in_itinere",
    Parziale = "parziale",
    Realizzato = "realizzato",
    RealizzatoSperimentale = "realizzato_sperimentale",
    NonRealizzato = "non_realizzato",
    NonRealizzabile = "non_realizzabile",
    DilazioneRichiesta = "dilazione_richiesta",
    DilazioneConcessa = "dilazione_concessa",
});

voci!(EsitoDilazioneFile <-> d::EsitoDilazione {
    InAttesa = "in_attesa", Concessa = "concessa", Respinta = "respinta",
});

voci!(VoceCausaScostamento <-> d::CausaScostamento {
    Esogena = "esogena", Endogena = "endogena", Indicatore = "indicatore",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Piano", deny_unknown_fields)]
pub struct PianoFile {
    pub formato: String,
    pub versione_schema: u32,
    pub ente: EnteFile,
    pub ciclo: CicloFile,
    #[serde(default)]
    pub unita_organizzative: Vec<UnitaOrganizzativaFile>,
    #[serde(default)]
    pub persone: Vec<PersonaFile>,
    #[serde(default)]
    pub aree_strategiche: Vec<AreaStrategicaFile>,
    #[serde(default)]
    pub obiettivi_strategici: Vec<ObiettivoStrategicoFile>,
    #[serde(default)]
    pub programmi: Vec<String>,
    #[serde(default)]
    pub progetti_peg: Vec<ProgettoPegFile>,
    #[serde(default)]
    pub obiettivi: Vec<ObiettivoFile>,
    #[serde(default)]
    pub atti: Vec<AttoFile>,
    #[serde(default)]
    pub assegnazioni: Vec<AssegnazioneFile>,
    #[serde(default)]
    pub formazione: Vec<PianoFormazioneFile>,
    #[serde(default)]
    pub monitoraggio: MonitoraggioFile,
    #[serde(default)]
    pub note: Vec<NotaTrascrizioneFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "PianoFormazione", deny_unknown_fields)]
pub struct PianoFormazioneFile {
    #[serde(default)]
    pub unita: Option<String>,
    #[serde(default)]
    pub anno: Option<i32>,
    pub testo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Ente", deny_unknown_fields)]
pub struct EnteFile {
    pub codice: String,
    pub nome: String,
    #[serde(default)]
    pub denominazione_estesa: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Ciclo", deny_unknown_fields)]
pub struct CicloFile {
    pub anno_inizio: i32,
    pub anno_fine: i32,
    #[serde(default)]
    pub anno_riferimento: Option<i32>,
    #[serde(default)]
    pub titolo: Option<String>,
    #[serde(default)]
    pub totale_punti: Option<Decimale>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "UnitaOrganizzativa", deny_unknown_fields)]
pub struct UnitaOrganizzativaFile {
    pub codice: String,
    pub nome: String,
    pub livello: LivelloUnitaFile,
    #[serde(default)]
    pub padre: Option<String>,
    #[serde(default)]
    pub responsabile: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Persona", deny_unknown_fields)]
pub struct PersonaFile {
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
    #[serde(default)]
    pub part_time: Option<Decimale>,
    #[serde(default)]
    pub giorni_presenza: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "AreaStrategica", deny_unknown_fields)]
pub struct AreaStrategicaFile {
    pub codice: String,
    pub nome: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ObiettivoStrategico", deny_unknown_fields)]
pub struct ObiettivoStrategicoFile {
    pub codice: String,
    pub testo: String,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub operativi: Vec<ObiettivoOperativoFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ObiettivoOperativo", deny_unknown_fields)]
pub struct ObiettivoOperativoFile {
    pub codice: String,
    pub testo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ProgettoPeg", deny_unknown_fields)]
pub struct ProgettoPegFile {
    pub codice: String,
    pub nome: String,
    #[serde(default)]
    pub area_strategica: Option<String>,
    #[serde(default)]
    pub programmi: Vec<String>,
    #[serde(default)]
    pub unita: Option<String>,
    #[serde(default)]
    pub obiettivo_operativo: Option<String>,
    #[serde(default)]
    pub servizi: Vec<ServizioFile>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Servizio", deny_unknown_fields)]
pub struct ServizioFile {
    pub codice: String,
    pub nome: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "UnitaObiettivo", deny_unknown_fields)]
pub struct UnitaObiettivoFile {
    pub unita: String,
    #[serde(default)]
    pub numero: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "RiferimentoServizio", deny_unknown_fields)]
pub struct RiferimentoServizioFile {
    pub progetto: String,
    pub servizio: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "TestiObiettivo", deny_unknown_fields)]
pub struct TestiObiettivoFile {
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
#[serde(rename = "Obiettivo", deny_unknown_fields)]
pub struct ObiettivoFile {
    /// Id per la vita (file esportati con `--with-ids`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub id: Option<IdObiettivo>,
    pub codice: String,
    pub tipo: TipoObiettivoFile,
    pub titolo: String,
    #[serde(default)]
    pub primo_anno: Option<i32>,
    #[serde(default)]
    pub programmi: Vec<String>,
    #[serde(default)]
    pub obiettivi_operativi: Vec<String>,
    #[serde(default)]
    pub unita: Vec<UnitaObiettivoFile>,
    #[serde(default)]
    pub progetti_peg: Vec<String>,
    #[serde(default)]
    pub servizi: Vec<RiferimentoServizioFile>,
    #[serde(default)]
    pub peso: Option<Decimale>,
    #[serde(default)]
    pub punti: Option<Decimale>,
    #[serde(default)]
    pub rilevanza_anticorruzione: Option<RilevanzaFile>,
    #[serde(default)]
    pub operatori_coinvolti: Option<String>,
    #[serde(default)]
    pub costi: Option<String>,
    #[serde(default)]
    pub testi: TestiObiettivoFile,
    #[serde(default)]
    pub steps: Vec<StepFile>,
    #[serde(default)]
    pub indicatori: Vec<IndicatoreFile>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "RevisioneScadenzaFile", deny_unknown_fields)]
pub struct RevisioneScadenzaFile {
    pub scadenza: String,
    #[serde(default)]
    pub motivo: Option<String>,
    #[serde(default)]
    pub atto: Option<String>,
    #[serde(default)]
    pub data: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Step", deny_unknown_fields)]
pub struct StepFile {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub id: Option<IdStep>,
    #[serde(default)]
    pub codice: Option<String>,
    pub descrizione: String,
    #[serde(default)]
    pub scadenza: Option<String>,
    #[serde(default)]
    pub revisioni_scadenza: Vec<RevisioneScadenzaFile>,
    #[serde(default)]
    pub indicatore: Option<String>,
    #[serde(default)]
    pub peso: Option<Decimale>,
    #[serde(default)]
    pub ie: Option<FlagIeFile>,
    #[serde(default)]
    pub figure_coinvolte: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Indicatore", deny_unknown_fields)]
pub struct IndicatoreFile {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub id: Option<IdIndicatore>,
    #[serde(default)]
    pub codice: Option<String>,
    pub nome: String,
    #[serde(default)]
    pub descrizione: Option<String>,
    #[serde(default)]
    pub dimensione: Option<DimensioneIndicatoreFile>,
    #[serde(default)]
    pub unita_misura: Option<String>,
    #[serde(default)]
    pub polarita: Option<PolaritaFile>,
    #[serde(default)]
    pub baseline: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub fonte: Option<String>,
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Atto", deny_unknown_fields)]
pub struct AttoFile {
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
#[serde(rename = "Assegnazione", deny_unknown_fields)]
pub struct AssegnazioneFile {
    pub persona: String,
    pub obiettivo: String,
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub quota: Option<Decimale>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Monitoraggio", deny_unknown_fields)]
pub struct MonitoraggioFile {
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
    pub indicatori_finanziari: Vec<IndicatoreFinanziarioFile>,
    #[serde(default)]
    pub esecuzione_bilancio: Vec<RigaEsecuzioneBilancioFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "CheckpointFile", deny_unknown_fields)]
pub struct CheckpointFile {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub id: Option<IdCheckpoint>,
    pub codice: String,
    pub data: NaiveDate,
    pub etichetta: String,
    #[serde(default)]
    pub finale: bool,
}

/// Stato di uno step a un checkpoint. Lo step si indica con la posizione (`step`, da 1) e,
/// nei file con gli id, anche con `step_id`, che prevale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "StatoStepFile", deny_unknown_fields)]
pub struct StatoStepFile {
    pub checkpoint: String,
    pub obiettivo: String,
    pub step: u32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub step_id: Option<IdStep>,
    #[serde(default)]
    pub stato: Option<VoceStatoStep>,
    #[serde(default)]
    pub percentuale: Option<Decimale>,
    #[serde(default)]
    pub testo: Option<String>,
    #[serde(default)]
    pub consuntivo: Option<String>,
    #[serde(default)]
    pub atti: Vec<String>,
    /// Data effettiva di completamento dello step (aaaa-mm-gg).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_completamento: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ValoreIndicatoreFile", deny_unknown_fields)]
pub struct ValoreIndicatoreFile {
    pub checkpoint: String,
    pub obiettivo: String,
    pub indicatore: u32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub indicatore_id: Option<IdIndicatore>,
    pub valore: String,
    #[serde(default)]
    pub scostamento_stampato: Option<String>,
    #[serde(default)]
    pub nota: Option<String>,
    #[serde(default)]
    pub valutazione: Option<Decimale>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "DilazioneFile", deny_unknown_fields)]
pub struct DilazioneFile {
    pub obiettivo: String,
    pub step: u32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub step_id: Option<IdStep>,
    pub checkpoint: String,
    pub motivo: String,
    pub scadenza_proposta: String,
    pub esito: EsitoDilazioneFile,
    #[serde(default)]
    pub atto: Option<String>,
    #[serde(default)]
    pub data_esito: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "CausaScostamentoFile", deny_unknown_fields)]
pub struct CausaScostamentoFile {
    pub obiettivo: String,
    #[serde(default)]
    pub step: Option<u32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id"
    )]
    pub step_id: Option<IdStep>,
    pub causa: VoceCausaScostamento,
    pub testo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "RelazioneFile", deny_unknown_fields)]
pub struct RelazioneFile {
    pub checkpoint: String,
    pub obiettivo: String,
    pub testo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "VoceImporto", deny_unknown_fields)]
pub struct VoceImportoFile {
    pub descrizione: String,
    pub importo: Importo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "IndicatoreFinanziario", deny_unknown_fields)]
pub struct IndicatoreFinanziarioFile {
    pub codice: String,
    pub nome: String,
    pub numeratore: VoceImportoFile,
    #[serde(default)]
    pub rettifiche: Vec<VoceImportoFile>,
    pub denominatore: VoceImportoFile,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub valore_stampato: Option<String>,
    #[serde(default)]
    pub nota: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "RigaEsecuzioneBilancio", deny_unknown_fields)]
pub struct RigaEsecuzioneBilancioFile {
    pub unita: String,
    pub progetto: String,
    pub titolo: String,
    pub stanziamento_definitivo: Importo,
    pub stanziamento_senza_fpv: Importo,
    pub impegni: Importo,
    #[serde(default)]
    pub percentuale_stampata: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "NotaTrascrizione", deny_unknown_fields)]
pub struct NotaTrascrizioneFile {
    pub percorso: String,
    pub testo: String,
}

#[cfg(test)]
mod test {
    use super::*;
    use std::str::FromStr;

    fn testo(s: &str) -> String {
        Decimale(Decimal::from_str(s).unwrap()).testo()
    }

    #[test]
    fn decimali_scritti_da_2_a_4() {
        assert_eq!(testo("50"), "50.00");
        assert_eq!(testo("6.67"), "6.67");
        assert_eq!(testo("12.5"), "12.50");
        assert_eq!(testo("33.3333"), "33.3333");
        assert_eq!(testo("10.120"), "10.12");
        assert_eq!(testo("0"), "0.00");
        assert_eq!(testo("-1.5"), "-1.50");
        // Un valore calcolato con più decimali si arrotonda half-up al quarto.
        assert_eq!(testo("1.23455"), "1.2346");
        assert_eq!(testo("-0.00001"), "0.00");
    }

    #[test]
    fn decimali_letti_con_la_regola_del_dominio() {
        let d: Decimale = serde_json::from_str("\"33,3333\"").unwrap();
        assert_eq!(d.testo(), "33.3333");
        let d: Decimale = serde_json::from_str("7").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"7.00\"");
        let e = serde_json::from_str::<Decimale>("\"1.00001\"").unwrap_err();
        assert!(e.to_string().contains("più di 4 decimali"), "{e}");
    }

    #[test]
    fn voci_come_nel_dominio() {
        // Le voci del file si scrivono come quelle del dominio (stesso testo nei file esistenti).
        for t in [
            d::TipoObiettivo::Performance,
            d::TipoObiettivo::StrategicoRelazione,
            d::TipoObiettivo::AltroPeg,
        ] {
            let file = serde_json::to_string(&TipoObiettivoFile::from(t)).unwrap();
            assert_eq!(file, format!("\"{}\"", t.codice()));
        }
        let ie = serde_json::to_string(&FlagIeFile::from(d::FlagIe::IE)).unwrap();
        assert_eq!(ie, "\"I/E\"");
        let s: VoceStatoStep = serde_json::from_str("\"dilazione_concessa\"").unwrap();
        assert_eq!(StatoStep::from(s), StatoStep::DilazioneConcessa);
    }
}
