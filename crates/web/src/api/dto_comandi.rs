//! I corpi delle rotte che scrivono e le loro risposte: strutture proprie, mappate ai tipi dello
//! strato applicativo. Percentuali come stringhe decimali (`"25.50"`, anche `"25,5"`), voci dei
//! vocabolari come stringhe (`in_corso`, `esogena`…), id come UUID.

use super::comandi::{percentuale, voce};
use serde::{Deserialize, Deserializer, Serialize};
use traguardo_app::Errore;
use traguardo_app::comandi_piano::EsitoObiettivo;
use traguardo_domain::numeri::Percentuale;
use traguardo_domain::piano::{
    CausaScostamentoFile, Indicatore, Obiettivo, StatoStepFile, Step, TestiObiettivo,
    UnitaObiettivo, ValoreIndicatoreFile,
};
use utoipa::ToSchema;

/// Un campo che può mancare (resta com'è), essere `null` (si toglie) o avere un valore.
fn doppio<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn perc(campo: &str, p: &Option<String>) -> Result<Option<Percentuale>, Errore> {
    p.as_deref().map(|t| percentuale(campo, t)).transpose()
}

/// Esito di un comando su un obiettivo: la nuova revisione (anche nell'`ETag`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EsitoObiettivoDto {
    /// Codice dell'obiettivo.
    pub obiettivo: String,
    /// Id (UUID) dell'obiettivo.
    pub id: String,
    /// Revisione dell'obiettivo dopo il comando: da citare in `If-Match` al comando successivo.
    pub revisione: i64,
    /// Id (UUID) dello step o dell'indicatore creato o toccato dal comando.
    pub elemento: Option<String>,
}

impl From<&EsitoObiettivo> for EsitoObiettivoDto {
    fn from(e: &EsitoObiettivo) -> Self {
        EsitoObiettivoDto {
            obiettivo: e.obiettivo.clone(),
            id: e.id.to_string(),
            revisione: e.revisione,
            elemento: e.elemento.map(|u| u.to_string()),
        }
    }
}

/// Un nuovo obiettivo (senza step né indicatori, che si aggiungono dopo).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NuovoObiettivoDto {
    #[schema(example = "D9")]
    pub codice: String,
    /// Tipo: performance, peg, mantenimento, direttore, strategico_relazione, altro_peg.
    #[schema(example = "performance")]
    pub tipo: String,
    pub titolo: String,
    /// Codici dei CdR (unità organizzative) a cui l'obiettivo è assegnato.
    #[serde(default)]
    pub unita: Vec<String>,
    /// Incidenza sul totale del piano (%), es. `"10"`.
    pub peso: Option<String>,
    pub note: Option<String>,
    /// Posizione nel piano (da 1; predefinita: in fondo).
    #[schema(minimum = 1)]
    pub posizione: Option<usize>,
}

impl NuovoObiettivoDto {
    pub fn in_obiettivo(self, anno: i32) -> Result<(Obiettivo, Option<usize>), Errore> {
        let tipo = voce(
            "tipo",
            &self.tipo,
            "performance, peg, mantenimento, direttore, strategico_relazione, altro_peg",
        )?;
        Ok((
            Obiettivo {
                codice: self.codice,
                tipo,
                titolo: self.titolo,
                primo_anno: Some(anno),
                programmi: vec![],
                obiettivi_operativi: vec![],
                unita: self
                    .unita
                    .into_iter()
                    .map(|unita| UnitaObiettivo {
                        unita,
                        numero: None,
                    })
                    .collect(),
                progetti_peg: vec![],
                servizi: vec![],
                peso: perc("peso", &self.peso)?,
                punti: None,
                rilevanza_anticorruzione: None,
                operatori_coinvolti: None,
                costi: None,
                testi: TestiObiettivo::default(),
                steps: vec![],
                indicatori: vec![],
                note: self.note,
            },
            self.posizione,
        ))
    }
}

/// Modifica dei campi di un obiettivo: quelli assenti restano come sono.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModificaObiettivoDto {
    pub titolo: Option<String>,
    /// Incidenza sul totale del piano (%); `null` la toglie.
    #[serde(default, deserialize_with = "doppio")]
    #[schema(value_type = Option<String>)]
    pub peso: Option<Option<String>>,
}

/// Uno step nuovo, o i campi di uno step da modificare (quelli assenti restano come sono).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepDto {
    pub descrizione: Option<String>,
    pub codice: Option<String>,
    /// Scadenza come si scrive nel piano (`31/12/2026`, `entro giugno 2026`…).
    pub scadenza: Option<String>,
    /// Indicatore di realizzazione dello step (testo).
    pub indicatore: Option<String>,
    /// Peso sull'obiettivo (%).
    pub peso: Option<String>,
    pub note: Option<String>,
    /// Per un nuovo step: posizione nell'obiettivo (da 1; predefinita: in fondo).
    #[schema(minimum = 1)]
    pub posizione: Option<usize>,
}

impl StepDto {
    /// Applica i campi indicati a `base` (uno step vuoto per uno nuovo).
    pub fn applica(&self, base: &Step) -> Result<Step, Errore> {
        let mut s = base.clone();
        if let Some(d) = &self.descrizione {
            s.descrizione = d.clone();
        }
        if self.codice.is_some() {
            s.codice = self.codice.clone();
        }
        if self.scadenza.is_some() {
            s.scadenza = self.scadenza.clone();
        }
        if self.indicatore.is_some() {
            s.indicatore = self.indicatore.clone();
        }
        if self.peso.is_some() {
            s.peso = perc("peso", &self.peso)?;
        }
        if self.note.is_some() {
            s.note = self.note.clone();
        }
        Ok(s)
    }

    pub fn nuovo(&self) -> Result<Step, Errore> {
        if self
            .descrizione
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            return Err(Errore::NonValido(
                "descrizione: obbligatoria per un nuovo step".into(),
            ));
        }
        self.applica(&Step {
            codice: None,
            descrizione: String::new(),
            scadenza: None,
            revisioni_scadenza: vec![],
            indicatore: None,
            peso: None,
            ie: None,
            figure_coinvolte: None,
            note: None,
        })
    }
}

/// Un indicatore nuovo, o i campi di uno da modificare (quelli assenti restano come sono).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatoreDto {
    pub nome: Option<String>,
    pub codice: Option<String>,
    pub descrizione: Option<String>,
    /// efficacia, efficienza, impatto, stato_risorse.
    pub dimensione: Option<String>,
    pub unita_misura: Option<String>,
    /// crescente o decrescente.
    pub polarita: Option<String>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub fonte: Option<String>,
    pub note: Option<String>,
    /// Per un nuovo indicatore: posizione nell'obiettivo (da 1; predefinita: in fondo).
    #[schema(minimum = 1)]
    pub posizione: Option<usize>,
}

impl IndicatoreDto {
    pub fn applica(&self, base: &Indicatore) -> Result<Indicatore, Errore> {
        let mut x = base.clone();
        if let Some(n) = &self.nome {
            x.nome = n.clone();
        }
        for (campo, dove) in [
            (&self.codice, &mut x.codice),
            (&self.descrizione, &mut x.descrizione),
            (&self.unita_misura, &mut x.unita_misura),
            (&self.baseline, &mut x.baseline),
            (&self.target, &mut x.target),
            (&self.fonte, &mut x.fonte),
            (&self.note, &mut x.note),
        ] {
            if campo.is_some() {
                *dove = campo.clone();
            }
        }
        if let Some(d) = &self.dimensione {
            x.dimensione = Some(voce(
                "dimensione",
                d,
                "efficacia, efficienza, impatto, stato_risorse",
            )?);
        }
        if let Some(p) = &self.polarita {
            x.polarita = Some(voce("polarita", p, "crescente, decrescente")?);
        }
        Ok(x)
    }

    pub fn nuovo(&self) -> Result<Indicatore, Errore> {
        if self.nome.as_deref().is_none_or(|d| d.trim().is_empty()) {
            return Err(Errore::NonValido(
                "nome: obbligatorio per un nuovo indicatore".into(),
            ));
        }
        self.applica(&Indicatore {
            codice: None,
            nome: String::new(),
            descrizione: None,
            dimensione: None,
            unita_misura: None,
            polarita: None,
            baseline: None,
            target: None,
            fonte: None,
            step: None,
            note: None,
        })
    }
}

/// La nuova posizione (da 1) di uno step o di un indicatore nell'obiettivo.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpostaDto {
    #[schema(minimum = 1)]
    pub posizione: usize,
}

/// Il peso di uno step.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PesoStepInDto {
    /// UUID.
    pub step_id: String,
    /// Peso sull'obiettivo (%); `null` lo toglie.
    pub peso: Option<String>,
}

/// I pesi degli step di un obiettivo: uno per ogni step, indicato per id.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PesiDto {
    pub pesi: Vec<PesoStepInDto>,
}

/// Lo stato di uno step a un checkpoint.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatoDto {
    /// da_avviare, in_corso, in_itinere, parziale, realizzato, realizzato_sperimentale,
    /// non_realizzato, non_realizzabile, dilazione_richiesta, dilazione_concessa…; se assente
    /// si ricava dal testo.
    pub stato: Option<String>,
    /// Percentuale di realizzazione (per i parzialmente realizzati).
    pub percentuale: Option<String>,
    /// Il testo del monitoraggio.
    pub testo: Option<String>,
    /// Quando è stato realmente fatto (es. "Febbraio 2026").
    pub consuntivo: Option<String>,
    /// Atti citati come evidenza.
    #[serde(default)]
    pub atti: Vec<String>,
    /// Data effettiva di completamento dello step, `aaaa-mm-gg`: la tempestività la confronta
    /// con la scadenza in vigore.
    #[schema(example = "2023-10-10")]
    pub data_completamento: Option<String>,
}

impl StatoDto {
    /// Il fatto, senza obiettivo, step e checkpoint (li ricava il caso d'uso dagli id).
    pub fn in_fatto(self) -> Result<StatoStepFile, Errore> {
        Ok(StatoStepFile {
            checkpoint: String::new(),
            obiettivo: String::new(),
            step: 0,
            stato: self
                .stato
                .as_deref()
                .map(|s| voce("stato", s, "vedi la documentazione del campo"))
                .transpose()?,
            percentuale: perc("percentuale", &self.percentuale)?,
            testo: self.testo,
            consuntivo: self.consuntivo,
            atti: self.atti,
            data_completamento: self
                .data_completamento
                .as_deref()
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                        Errore::NonValido(format!(
                            "data_completamento: «{d}» non è una data aaaa-mm-gg valida"
                        ))
                    })
                })
                .transpose()?,
        })
    }
}

/// Il valore rilevato di un indicatore a un checkpoint.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValoreDto {
    /// Il valore come scritto ("22", "94,61%", "Si").
    pub valore: String,
    pub scostamento_stampato: Option<String>,
    pub nota: Option<String>,
    /// Raggiungimento attribuito dal valutatore (%) agli indicatori non misurabili.
    pub valutazione: Option<String>,
}

impl ValoreDto {
    pub fn in_fatto(self) -> Result<ValoreIndicatoreFile, Errore> {
        Ok(ValoreIndicatoreFile {
            checkpoint: String::new(),
            obiettivo: String::new(),
            indicatore: 0,
            valore: self.valore,
            scostamento_stampato: self.scostamento_stampato,
            nota: self.nota,
            valutazione: perc("valutazione", &self.valutazione)?,
        })
    }
}

/// Revisione di un fatto del monitoraggio dopo la scrittura (anche nell'`ETag`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EsitoFattoDto {
    pub revisione: i64,
}

/// La causa di uno scostamento (alla verifica finale).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CausaDto {
    /// esogena, endogena o definizione_indicatore.
    pub causa: String,
    pub testo: String,
}

impl CausaDto {
    pub fn in_fatto(self) -> Result<CausaScostamentoFile, Errore> {
        Ok(CausaScostamentoFile {
            obiettivo: String::new(),
            step: None,
            causa: voce(
                "causa",
                &self.causa,
                "esogena, endogena, definizione_indicatore",
            )?,
            testo: self.testo,
        })
    }
}

/// Una richiesta di dilazione per uno step.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RichiestaDilazioneDto {
    /// UUID.
    pub step_id: String,
    /// Checkpoint in cui è chiesta: codice o data (`aaaa-mm-gg`).
    pub checkpoint: String,
    pub motivo: String,
    /// Nuova scadenza proposta, come si scrive nel piano.
    pub scadenza_proposta: String,
}

/// La dilazione creata.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DilazioneCreataDto {
    /// UUID.
    pub id: String,
}

/// La decisione su una dilazione in attesa.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisioneDto {
    pub concessa: bool,
    /// L'atto che decide (es. "Decreto 12/2026").
    pub atto: String,
    /// Data dell'atto (`aaaa-mm-gg`).
    #[schema(format = Date)]
    pub data: String,
}
