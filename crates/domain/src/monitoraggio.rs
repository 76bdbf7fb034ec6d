//! Checkpoint di monitoraggio e stato degli step: un vocabolario controllato più il testo
//! originale (seeds-analysis §2.14 e §3.1). Il testo libero è ricondotto al vocabolario ma
//! sempre conservato.

use crate::numeri::Percentuale;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Un momento di verifica del ciclo (es. 31/08 intermedio, 31/12 finale).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub data: NaiveDate,
    pub etichetta: String,
    /// Vero per la verifica finale (31/12), dove si indicano le cause degli scostamenti.
    #[serde(default)]
    pub finale: bool,
}

/// Vocabolario controllato dello stato di uno step a un checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatoStep {
    /// "Obiettivo da realizzare."
    DaAvviare,
    /// "IN FASE DI REALIZZAZIONE", "in corso di realizzazione", "in lavorazione".
    InCorso,
    /// Attività continuativa o ricorrente: "con realizzazione in itinere".
    InItinere,
    /// "parzialmente realizzato" (con percentuale, se indicata).
    Parziale,
    /// "REALIZZATO", "Obiettivo realizzato.", "raggiunto".
    Realizzato,
    /// "Obiettivo realizzato a titolo sperimentale."
    RealizzatoSperimentale,
    /// "non realizzato", "al momento non realizzato".
    NonRealizzato,
    /// "non realizzabile per …" (causa esterna): neutralizzato nel punteggio.
    NonRealizzabile,
    /// "si chiede la dilazione temporale".
    DilazioneRichiesta,
    /// Dilazione concessa con nuova scadenza.
    DilazioneConcessa,
}

impl StatoStep {
    pub fn etichetta(self) -> &'static str {
        match self {
            StatoStep::DaAvviare => "da avviare",
            StatoStep::InCorso => "in corso",
            StatoStep::InItinere => "in itinere",
            StatoStep::Parziale => "parzialmente realizzato",
            StatoStep::Realizzato => "realizzato",
            StatoStep::RealizzatoSperimentale => "realizzato a titolo sperimentale",
            StatoStep::NonRealizzato => "non realizzato",
            StatoStep::NonRealizzabile => "non realizzabile per cause esterne",
            StatoStep::DilazioneRichiesta => "dilazione richiesta",
            StatoStep::DilazioneConcessa => "dilazione concessa",
        }
    }
}

/// Lo stato di uno step a un checkpoint: voce del vocabolario, percentuale (per i parziali) e
/// testo originale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatoRilevato {
    pub stato: Option<StatoStep>,
    pub percentuale: Option<Percentuale>,
    pub testo: String,
}

/// Riconduce una frase di monitoraggio al vocabolario. `None` se la frase è solo narrativa
/// (es. "A causa di una contrazione delle risorse…"): la decide chi valuta.
pub fn riconosci_stato(testo: &str) -> Option<StatoStep> {
    let t = testo
        .to_lowercase()
        .replace("<u>", "")
        .replace("</u>", "")
        .replace(['\n', '\t'], " ");
    let t = t.trim();
    let contiene = |k: &str| t.contains(k);
    if contiene("dilazione") && (contiene("concess") || contiene("accordat")) {
        return Some(StatoStep::DilazioneConcessa);
    }
    if contiene("dilazione") {
        return Some(StatoStep::DilazioneRichiesta);
    }
    if contiene("non realizzabile") || contiene("non potrà") || contiene("non e' realizzabile") {
        return Some(StatoStep::NonRealizzabile);
    }
    if contiene("non realizzato") || contiene("non completato") || contiene("non raggiunto") {
        return Some(StatoStep::NonRealizzato);
    }
    if contiene("parzialmente") || t.starts_with("parziale") {
        return Some(StatoStep::Parziale);
    }
    if contiene("titolo sperimentale") {
        return Some(StatoStep::RealizzatoSperimentale);
    }
    if contiene("in itinere") && !contiene("raggiunto") {
        return Some(StatoStep::InItinere);
    }
    if contiene("in fase di realizzazione")
        || contiene("in corso di realizzazione")
        || contiene("in lavorazione")
        || contiene("in corso")
    {
        return Some(StatoStep::InCorso);
    }
    if contiene("da realizzare") || contiene("da avviare") || contiene("non avviato") {
        return Some(StatoStep::DaAvviare);
    }
    if contiene("realizzato") || contiene("raggiunto") || contiene("concluso") {
        return Some(StatoStep::Realizzato);
    }
    None
}

#[cfg(test)]
mod test {
    use super::StatoStep::*;
    use super::*;

    #[test]
    fn frasi_del_seed_003() {
        let casi = [
            (
                "REALIZZATO sono stati individuati gli operatori",
                Realizzato,
            ),
            ("IN FASE DI REALIZZAZIONE", InCorso),
            ("Obiettivo realizzato.", Realizzato),
            ("Obiettivo realizzato", Realizzato),
            (
                "Obiettivo realizzato, con deliberazione n.53 del 21/11/2023",
                Realizzato,
            ),
            (
                "Obiettivo realizzato con determinazione n.338 del 16/10/2023",
                Realizzato,
            ),
            (
                "Obiettivo realizzato a titolo sperimentale.",
                RealizzatoSperimentale,
            ),
            ("Obiettivo con realizzazione in itinere.", InItinere),
            (
                "Obiettivo con realizzazione in itinere in linea con quanto previsto dal cronoprogramma dell'Avviso P.n.r.r.",
                InItinere,
            ),
            (
                "Obiettivo raggiunto e con realizzazione in itinere.",
                Realizzato,
            ),
            ("Obiettivo in fase di realizzazione", InCorso),
            ("Obiettivo in corso di realizzazione.", InCorso),
            ("Obiettivo in lavorazione.", InCorso),
            ("Obiettivo da realizzare.", DaAvviare),
            ("Obiettivo, al momento non realizzato.", NonRealizzato),
            ("Obiettivo parzialmente realizzato.", Parziale),
            (
                "<u>Obiettivo per cui si chiede la dilazione temporale.</u>",
                DilazioneRichiesta,
            ),
            (
                "Obiettivo per il quale si chiede una dilazione temporale",
                DilazioneRichiesta,
            ),
            (
                "Obiettivo non realizzato in relazione alle modalità di utilizzo del portale FB",
                NonRealizzato,
            ),
            (
                "Obiettivo non realizzabile per mancanza di risorse da parte della Città metropolitana.",
                NonRealizzabile,
            ),
            ("parziale*", Parziale),
            ("1 non completato", NonRealizzato),
        ];
        for (testo, atteso) in casi {
            assert_eq!(riconosci_stato(testo), Some(atteso), "{testo}");
        }
        assert_eq!(
            riconosci_stato("A causa di una contrazione delle risorse sul Piano 2022"),
            None
        );
    }
}
