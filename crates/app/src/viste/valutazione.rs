//! Punteggi con le spiegazioni, scheda del direttore, schede individuali, scostamenti degli
//! indicatori e tempestività.

use super::{Cifra, VistaCheckpoint};
use crate::Errore;
use crate::contesto::Contesto;
use crate::porte::{PianiRepo, ValutazioneRepo};
use crate::valutazione::{valuta, valutazione_individuale};
use rust_decimal::Decimal;
use serde::Serialize;
use traguardo_domain::individuale::EsitoIndividuale;
use traguardo_domain::numeri::arrotonda;
use traguardo_domain::piano::Piano;
use traguardo_domain::valutazione::{
    Discordanza, EsitoFinanziario, EsitoIndicatore, EsitoObiettivo, Valutazione, discordanze,
    indicatori_finanziari, spiega, tempestivita,
};

const CENTO: Decimal = Decimal::ONE_HUNDRED;

/// I punteggi al checkpoint: la valutazione completa (con ogni spiegazione) e le righe pronte
/// da mostrare, obiettivi e poi aggregati (CdR, ente, direttore).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Punteggi {
    pub regole_versione: i32,
    pub checkpoint: Option<VistaCheckpoint>,
    pub valutazione: Valutazione,
    pub righe: Vec<RigaPunteggio>,
    pub direttore: Option<SchedaDirettore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaPunteggio {
    /// `objective`, `cdr`, `ente`, `director`.
    pub livello: String,
    pub codice: String,
    pub nome: String,
    /// Incidenza (o punti, per gli obiettivi del direttore).
    pub peso: Option<Cifra>,
    pub raggiungimento: Option<Cifra>,
    pub fascia: Option<String>,
    pub spiegazione: String,
}

/// La scheda del direttore: punti di ogni obiettivo, punti ottenuti, raggiungimento.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchedaDirettore {
    pub obiettivi: Vec<ObiettivoDirettore>,
    pub punti_totali: Cifra,
    pub punti_ottenuti: Cifra,
    pub raggiungimento: Option<Cifra>,
    pub fascia: Option<String>,
    pub spiegazione: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObiettivoDirettore {
    pub codice: String,
    pub titolo: String,
    pub punti: Cifra,
    pub raggiungimento: Option<Cifra>,
    pub punti_ottenuti: Option<Cifra>,
}

/// Costruttore puro dei punteggi.
pub fn punteggi(val: &Valutazione, regole_versione: i32) -> Punteggi {
    let mut righe: Vec<RigaPunteggio> = val
        .obiettivi
        .iter()
        .map(|o| RigaPunteggio {
            livello: "objective".into(),
            codice: o.codice.clone(),
            nome: o.titolo.clone(),
            peso: o.peso.or(o.punti).map(|x| Cifra::numero(x, 2)),
            raggiungimento: o.raggiungimento.map(Cifra::percento),
            fascia: o.fascia.clone(),
            spiegazione: o.spiegazione.join("; "),
        })
        .collect();
    righe.extend(val.aggregati.iter().map(|a| RigaPunteggio {
        livello: a.livello.into(),
        codice: a.codice.clone(),
        nome: a.nome.clone(),
        peso: a.peso.map(|x| Cifra::numero(x, 2)),
        raggiungimento: a.raggiungimento.map(Cifra::percento),
        fascia: a.fascia.clone(),
        spiegazione: a.spiegazione.clone(),
    }));
    Punteggi {
        regole_versione,
        checkpoint: val.checkpoint.as_ref().map(Into::into),
        valutazione: val.clone(),
        righe,
        direttore: scheda_direttore(val),
    }
}

/// La scheda del direttore, se il piano assegna punti agli obiettivi.
pub fn scheda_direttore(val: &Valutazione) -> Option<SchedaDirettore> {
    let a = val.aggregati.iter().find(|a| a.livello == "director")?;
    let obiettivi: Vec<ObiettivoDirettore> = val
        .obiettivi
        .iter()
        .filter_map(|o| {
            let punti = o.punti?;
            Some(ObiettivoDirettore {
                codice: o.codice.clone(),
                titolo: o.titolo.clone(),
                punti: Cifra::numero(punti, 2),
                raggiungimento: o.raggiungimento.map(Cifra::percento),
                punti_ottenuti: o
                    .raggiungimento
                    .map(|r| Cifra::numero(arrotonda(punti * r / CENTO, 2), 2)),
            })
        })
        .collect();
    // Stessa somma della regola del dominio (valori esatti, arrotondati solo alla fine).
    let ottenuti: Decimal = val
        .obiettivi
        .iter()
        .filter_map(|o| Some(o.punti? * o.raggiungimento? / CENTO))
        .sum();
    let totale = a.peso.unwrap_or_default();
    Some(SchedaDirettore {
        obiettivi,
        punti_totali: Cifra::numero(totale, 2),
        punti_ottenuti: Cifra::numero(arrotonda(ottenuti, 2), 2),
        raggiungimento: a.raggiungimento.map(Cifra::percento),
        fascia: a.fascia.clone(),
        spiegazione: a.spiegazione.clone(),
    })
}

pub async fn punteggi_al_checkpoint<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: Option<&str>,
) -> Result<Punteggi, Errore> {
    let (_, val, r) = valuta(repo, ctx, anno, checkpoint).await?;
    Ok(punteggi(&val, r.versione))
}

/// La spiegazione di un obiettivo: l'esito con ogni passaggio, il testo in italiano, le
/// regole usate e, per gli obiettivi del direttore, il calcolo dei suoi punti.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpiegazioneObiettivo {
    pub esito: EsitoObiettivo,
    /// Le scadenze in vigore degli step al checkpoint, con la loro provenienza.
    pub scadenze: Vec<Option<String>>,
    pub testo: String,
    pub regole_versione: i32,
    /// `predefinite` (versione 0) o `dell'ente`.
    pub regole_origine: String,
    pub direttore: Option<String>,
}

/// Costruttore puro; `None` se l'obiettivo non è nel piano.
pub fn spiegazione_obiettivo(
    piano: &Piano,
    val: &Valutazione,
    regole_versione: i32,
    codice: &str,
) -> Option<SpiegazioneObiettivo> {
    let e = val.obiettivi.iter().find(|o| o.codice == codice)?;
    Some(SpiegazioneObiettivo {
        scadenze: e
            .steps
            .iter()
            .map(|s| s.scadenza.as_ref().map(|x| x.spiegazione()))
            .collect(),
        testo: spiega(piano, e, val.checkpoint.as_ref()),
        regole_versione,
        regole_origine: if regole_versione == 0 {
            "predefinite"
        } else {
            "dell'ente"
        }
        .into(),
        direttore: e
            .punti
            .and(val.aggregati.iter().find(|a| a.livello == "director"))
            .map(|d| d.spiegazione.clone()),
        esito: e.clone(),
    })
}

pub async fn spiegazione<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    obiettivo: &str,
    checkpoint: Option<&str>,
) -> Result<SpiegazioneObiettivo, Errore> {
    let (p, val, r) = valuta(repo, ctx, anno, checkpoint).await?;
    spiegazione_obiettivo(&p, &val, r.versione, obiettivo).ok_or_else(|| {
        Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non è nel piano {anno}"))
    })
}

/// La scheda individuale di una persona: risultati, comportamenti, punteggio, fascia.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchedaIndividuale {
    pub persona: String,
    pub nome: String,
    pub cluster: String,
    pub risultati: Option<Cifra>,
    pub comportamenti: Option<Cifra>,
    pub punteggio: Option<Cifra>,
    pub fascia: Option<String>,
    pub spiegazione: String,
}

pub fn schede_individuali(esiti: &[EsitoIndividuale]) -> Vec<SchedaIndividuale> {
    esiti
        .iter()
        .map(|e| SchedaIndividuale {
            persona: e.persona.clone(),
            nome: e.nome.clone(),
            cluster: e.cluster.clone(),
            risultati: e.risultati.map(Cifra::percento),
            comportamenti: e.comportamenti.map(Cifra::percento),
            punteggio: e.punteggio.map(Cifra::percento),
            fascia: e.fascia.clone(),
            spiegazione: e.spiegazione.clone(),
        })
        .collect()
}

pub async fn schede<
    R: PianiRepo + ValutazioneRepo + crate::porte_organizzazione::OrganizzazioneRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: Option<&str>,
) -> Result<Vec<SchedaIndividuale>, Errore> {
    Ok(schede_individuali(
        &valutazione_individuale(repo, ctx, anno, checkpoint).await?,
    ))
}

/// Scostamenti degli indicatori misurati, discordanze con quelli stampati, indicatori
/// finanziari.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scostamenti {
    pub convenzione: String,
    pub indicatori: Vec<EsitoIndicatore>,
    pub righe: Vec<RigaScostamento>,
    pub misurati: usize,
    pub discordanze_con_lo_stampato: Vec<Discordanza>,
    pub indicatori_finanziari: Vec<VistaFinanziario>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaScostamento {
    pub obiettivo: String,
    pub indicatore: usize,
    pub nome: String,
    /// Valore atteso (o il target come scritto, se non numerico).
    pub atteso: String,
    pub atteso_valore: Option<Decimal>,
    pub rilevato: String,
    pub rilevato_valore: Option<Decimal>,
    pub scostamento: Option<Cifra>,
    pub scostamento_percento: Option<Cifra>,
    pub rispettato: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaFinanziario {
    #[serde(flatten)]
    pub esito: EsitoFinanziario,
    pub valore_testo: String,
}

pub fn scostamenti(piano: &Piano, val: &Valutazione) -> Scostamenti {
    use traguardo_domain::numeri::formato_it;
    let indicatori: Vec<EsitoIndicatore> = val
        .obiettivi
        .iter()
        .flat_map(|o| o.indicatori.iter().cloned())
        .filter(|e| e.valore.is_some())
        .collect();
    let righe = indicatori
        .iter()
        .map(|e| RigaScostamento {
            obiettivo: e.obiettivo.clone(),
            indicatore: e.posizione,
            nome: e.nome.clone(),
            atteso: e
                .atteso
                .map(|x| formato_it(x, 2))
                .unwrap_or_else(|| e.target.clone()),
            atteso_valore: e.atteso,
            rilevato: e
                .rilevato
                .map(|x| formato_it(x, 2))
                .unwrap_or_else(|| e.valore.clone().unwrap_or_default()),
            rilevato_valore: e.rilevato,
            scostamento: e.scostamento.map(|x| Cifra::numero(x, 2)),
            scostamento_percento: e.scostamento_percento.map(Cifra::percento),
            rispettato: e.rispettato,
        })
        .collect();
    Scostamenti {
        convenzione:
            "scostamento = valore rilevato − valore atteso (b − a); in % del valore atteso".into(),
        misurati: indicatori
            .iter()
            .filter(|e| e.scostamento.is_some())
            .count(),
        discordanze_con_lo_stampato: discordanze(&indicatori),
        righe,
        indicatori,
        indicatori_finanziari: indicatori_finanziari(piano)
            .into_iter()
            .map(|f| VistaFinanziario {
                valore_testo: super::Cifra::percento(f.valore).testo,
                esito: f,
            })
            .collect(),
    }
}

pub async fn scostamenti_al_checkpoint<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: Option<&str>,
) -> Result<Scostamenti, Errore> {
    let (p, val, _) = valuta(repo, ctx, anno, checkpoint).await?;
    Ok(scostamenti(&p, &val))
}

/// Tempestività: scadenza in vigore al checkpoint contro consuntivo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaTempi {
    pub obiettivo: String,
    pub step: usize,
    pub previsto: String,
    /// Data della scadenza in vigore (`gg/mm/aaaa`) e da dove viene.
    pub previsto_data: Option<String>,
    pub previsto_spiegazione: Option<String>,
    pub consuntivo: String,
    pub mesi: Option<i32>,
    pub esito: String,
}

pub fn tempi(piano: &Piano, val: &Valutazione) -> Vec<RigaTempi> {
    tempestivita(piano, val.checkpoint.as_ref())
        .into_iter()
        .map(|t| RigaTempi {
            previsto_data: t
                .scadenza
                .as_ref()
                .and_then(|s| s.data())
                .map(super::data_it),
            previsto_spiegazione: t.scadenza.as_ref().map(|s| s.spiegazione()),
            obiettivo: t.obiettivo,
            step: t.step,
            previsto: t.previsto,
            consuntivo: t.consuntivo,
            mesi: t.mesi,
            esito: t.esito,
        })
        .collect()
}

pub async fn tempi_al_checkpoint<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: Option<&str>,
) -> Result<Vec<RigaTempi>, Errore> {
    let (p, val, _) = valuta(repo, ctx, anno, checkpoint).await?;
    Ok(tempi(&p, &val))
}
