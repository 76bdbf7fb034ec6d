//! Misurazione e valutazione della performance organizzativa (PRODUCT.md §4): indicatori
//! (raggiungimento e scostamento), step, obiettivi, CdR, ente, punti del direttore, tempestività
//! delle attività. Aritmetica decimale e deterministica; ogni numero porta con sé la sua
//! spiegazione (ingressi → regola → risultato).

use crate::monitoraggio::{StatoStep, riconosci_stato};
use crate::numeri::{arrotonda, formato_it, formato_percento_it};
use crate::piano::{CheckpointFile, Indicatore, Obiettivo, Piano, Polarita};
use crate::relazione::{AccertamentiOiv, RaggiungimentoAccertato};
use crate::scadenza::{fine_mese, mese};
use crate::scadenza_vigente::{ScadenzaVigente, scadenza_vigente};
use crate::smvp::RegoleSmvp;
use crate::target::{Comparatore, Target, TargetIndicatore, UnitaValore, numero};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

const CENTO: Decimal = Decimal::ONE_HUNDRED;

/// Valore rilevato di un indicatore, interpretato.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValoreRilevato {
    pub testo: String,
    pub numero: Option<Decimal>,
    pub percentuale: bool,
    pub si_no: Option<bool>,
}

impl ValoreRilevato {
    /// `22`, `94,61%`, `=11%`, `100%(21/21)`, `11*`, `n.52`, `26 = 26`, `Si`, `No`; il testo
    /// libero ("1 non completato", "parziale*") resta testo, da valutare.
    pub fn interpreta(testo: &str) -> ValoreRilevato {
        let t = testo.trim();
        let minuscolo = t.to_lowercase();
        let si_no = if minuscolo == "si"
            || minuscolo == "sì"
            || minuscolo.starts_with("si –")
            || minuscolo.starts_with("si -")
        {
            Some(true)
        } else if minuscolo == "no" {
            Some(false)
        } else {
            None
        };
        let senza_uguale = t.trim_start_matches('=').trim();
        let mut num = None;
        let mut perc = false;
        if si_no.is_none()
            && let Some((v, u, resto)) = numero(senza_uguale)
        {
            let resto = resto.trim().trim_start_matches('*').trim();
            // Ammessi dopo il numero: nulla, una parentesi, "= <stesso numero>".
            let ok = resto.is_empty()
                || (resto.starts_with('(') && resto.ends_with(')'))
                || resto
                    .strip_prefix('=')
                    .and_then(|r| numero(r.trim()))
                    .is_some_and(|(w, _, r)| w == v && r.trim().is_empty());
            if ok {
                num = Some(v);
                perc = u == UnitaValore::Percentuale;
            }
        }
        ValoreRilevato {
            testo: testo.to_string(),
            numero: num,
            percentuale: perc,
            si_no,
        }
    }
}

/// Esito di un indicatore a un checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsitoIndicatore {
    pub obiettivo: String,
    pub posizione: usize,
    pub nome: String,
    pub target: String,
    pub valore: Option<String>,
    /// Valore atteso numerico effettivo (anche quando relativo a un valore di partenza).
    pub atteso: Option<Decimal>,
    pub rilevato: Option<Decimal>,
    /// Scostamento = valore rilevato − valore atteso (convenzione b − a).
    pub scostamento: Option<Decimal>,
    /// Scostamento in % del valore atteso.
    pub scostamento_percento: Option<Decimal>,
    pub rispettato: Option<bool>,
    /// Raggiungimento (%), `None` se da valutare.
    pub raggiungimento: Option<Decimal>,
    pub spiegazione: String,
    pub scostamento_stampato: Option<String>,
    /// Il raggiungimento accertato dal Nucleo/OIV accanto al dichiarato, se c'è.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accertamento: Option<RaggiungimentoAccertato>,
}

/// Il valore atteso effettivo: numero, comparatore, eventuale intervallo e come lo si è
/// ricavato.
struct Atteso {
    valore: Decimal,
    comparatore: Option<Comparatore>,
    intervallo: Option<(Decimal, Decimal)>,
    nota: String,
}

/// Valore di partenza: il campo `baseline`, oppure "valore AAAA: N" scritto nel nome o nel
/// valore atteso ("Incremento … rispetto al 2018 (valore 2018: 177)").
fn valore_di_partenza(ind: &Indicatore) -> Option<Decimal> {
    if let Some((b, u, _)) = ind.baseline.as_deref().and_then(|b| numero(b.trim()))
        && u != UnitaValore::Percentuale
    {
        return Some(b);
    }
    [ind.nome.as_str(), ind.target.as_deref().unwrap_or("")]
        .iter()
        .find_map(|t| {
            let i = t.to_lowercase().find("valore ")?;
            let dopo = &t[i..];
            let d = dopo.find(':')?;
            numero(dopo[d + 1..].trim()).map(|(v, _, _)| v)
        })
}

/// "+20% rispetto al 2018", "-10% rispetto all'anno precedente".
fn variazione_relativa(testo: &str) -> Option<Decimal> {
    let t = testo.trim();
    if !t.to_lowercase().contains("rispetto") {
        return None;
    }
    let (segno, resto) = match t.chars().next()? {
        '+' => (Decimal::ONE, &t[1..]),
        '-' | '−' => (-Decimal::ONE, &t[t.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let (v, u, _) = numero(resto.trim_start())?;
    (u == UnitaValore::Percentuale).then_some(segno * v)
}

fn atteso(ind: &Indicatore, t: &Target, valore: &ValoreRilevato) -> Option<Atteso> {
    if let Some(var) = ind.target.as_deref().and_then(variazione_relativa) {
        let b = valore_di_partenza(ind)?;
        let a = b * (CENTO + var) / CENTO;
        let comparatore = if var.is_sign_negative() {
            Comparatore::AlPiu
        } else {
            Comparatore::AlMeno
        };
        return Some(Atteso {
            valore: a,
            comparatore: Some(comparatore),
            intervallo: None,
            nota: format!(
                "valore atteso relativo: {} × (100 {} {}) / 100 = {}",
                formato_it(b, 2),
                if var.is_sign_negative() { "−" } else { "+" },
                formato_it(var.abs(), 2),
                formato_it(a, 2)
            ),
        });
    }
    match t {
        Target::Confronto {
            comparatore,
            valore: v,
            unita,
            ..
        } => {
            let base = valore_di_partenza(ind);
            // Valore atteso in % su un indicatore che misura quantità rispetto a un valore
            // di partenza: è un incremento (o decremento) relativo.
            if *unita == UnitaValore::Percentuale
                && !valore.percentuale
                && let Some(b) = base
            {
                let segno = if ind.polarita == Some(Polarita::Decrescente) {
                    -Decimal::ONE
                } else {
                    Decimal::ONE
                };
                let a = b * (CENTO + segno * *v) / CENTO;
                return Some(Atteso {
                    valore: a,
                    comparatore: *comparatore,
                    intervallo: None,
                    nota: format!(
                        "valore atteso relativo: {} × (100 {} {}) / 100 = {}",
                        formato_it(b, 2),
                        if segno.is_sign_negative() { "−" } else { "+" },
                        formato_it(*v, 2),
                        formato_it(a, 2)
                    ),
                });
            }
            Some(Atteso {
                valore: *v,
                comparatore: *comparatore,
                intervallo: None,
                nota: String::new(),
            })
        }
        Target::Intervallo {
            minimo, massimo, ..
        } => Some(Atteso {
            valore: *minimo,
            comparatore: None,
            intervallo: Some((*minimo, *massimo)),
            nota: String::new(),
        }),
        _ => None,
    }
}

/// Misura un indicatore con le regole SMVP.
pub fn misura_indicatore(
    obiettivo: &str,
    posizione: usize,
    ind: &Indicatore,
    valore: Option<&crate::piano::ValoreIndicatoreFile>,
    regole: &RegoleSmvp,
) -> EsitoIndicatore {
    let target_testo = ind.target.clone().unwrap_or_default();
    let t = TargetIndicatore::interpreta(&target_testo).target;
    let mut e = EsitoIndicatore {
        obiettivo: obiettivo.to_string(),
        posizione,
        nome: ind.nome.clone(),
        target: target_testo.clone(),
        valore: valore.map(|v| v.valore.clone()),
        atteso: None,
        rilevato: None,
        scostamento: None,
        scostamento_percento: None,
        rispettato: None,
        raggiungimento: None,
        spiegazione: String::new(),
        scostamento_stampato: valore.and_then(|v| v.scostamento_stampato.clone()),
        accertamento: None,
    };
    let Some(v) = valore else {
        e.spiegazione = "nessun valore rilevato al checkpoint".into();
        return e;
    };
    if let Some(p) = v.valutazione {
        e.raggiungimento = Some(p.0);
        e.spiegazione = format!(
            "valutato da chi valuta: {}{}",
            formato_percento_it(p.0),
            v.nota
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
        return e;
    }
    let r = ValoreRilevato::interpreta(&v.valore);
    let tetto = regole.indicatori.tetto.0;
    if let Target::SiNo { valore: atteso } = t {
        match r.si_no {
            Some(b) => {
                e.rispettato = Some(b == atteso);
                e.raggiungimento = Some(if b == atteso { CENTO } else { Decimal::ZERO });
                e.spiegazione = format!(
                    "atteso {}, rilevato {}: {}",
                    if atteso { "SI" } else { "NO" },
                    if b { "SI" } else { "NO" },
                    if b == atteso { "100%" } else { "0%" }
                );
            }
            None => e.spiegazione = format!("atteso SI/NO, rilevato «{}»: da valutare", v.valore),
        }
        return e;
    }
    let Some(Atteso {
        valore: a,
        comparatore: comp,
        intervallo,
        nota: nota_atteso,
    }) = atteso(ind, &t, &r)
    else {
        e.spiegazione =
            format!("valore atteso «{target_testo}» non misurabile automaticamente: da valutare");
        return e;
    };
    let Some(b) = r.numero else {
        e.atteso = Some(a);
        e.spiegazione = format!("valore rilevato «{}» non numerico: da valutare", v.valore);
        return e;
    };
    // Atteso in %, rilevato come numero senza % su un indicatore che non misura in %: le unità
    // non sono confrontabili (es. "26 = 26" contro "100%").
    let unita_percento = ind.unita_misura.as_deref().is_some_and(|u| u.contains('%'));
    if matches!(
        t,
        Target::Confronto {
            unita: UnitaValore::Percentuale,
            ..
        }
    ) && !r.percentuale
        && !unita_percento
        && nota_atteso.is_empty()
    {
        e.atteso = Some(a);
        e.spiegazione = format!(
            "atteso in percentuale («{target_testo}»), rilevato un numero ({}): unità non confrontabili, da valutare",
            v.valore
        );
        return e;
    }
    e.atteso = Some(a);
    e.rilevato = Some(b);
    let prefisso = if nota_atteso.is_empty() {
        String::new()
    } else {
        format!("{nota_atteso}; ")
    };
    // Scostamento con la convenzione b − a; per gli intervalli, dal limite superato.
    let (delta, base_delta) = match intervallo {
        Some((min, _)) if b < min => (b - min, min),
        Some((_, max)) if b > max => (b - max, max),
        Some((min, _)) => (Decimal::ZERO, min),
        None => (b - a, a),
    };
    e.scostamento = Some(delta);
    e.scostamento_percento =
        (!base_delta.is_zero()).then(|| arrotonda(delta / base_delta * CENTO, 2));
    let decrescente = matches!(comp, Some(Comparatore::AlPiu | Comparatore::Minore))
        || (comp.is_none() && ind.polarita == Some(Polarita::Decrescente));
    let (rispettato, ragg, regola) = if let Some((min, max)) = intervallo {
        if b >= min && b <= max {
            (true, CENTO, "dentro l'intervallo: 100%".to_string())
        } else if b < min {
            let x = if min.is_zero() {
                Decimal::ZERO
            } else {
                (b / min * CENTO).max(Decimal::ZERO)
            };
            (
                false,
                x,
                format!(
                    "sotto il minimo: {} ÷ {} × 100",
                    formato_it(b, 2),
                    formato_it(min, 2)
                ),
            )
        } else {
            let sforo = (b - max) / max * CENTO;
            let x = (CENTO - sforo * regole.indicatori.penalita_per_punto_di_sforamento.0)
                .max(Decimal::ZERO);
            (
                false,
                x,
                format!(
                    "oltre il massimo del {}%: 100 − sforamento",
                    formato_it(sforo, 2)
                ),
            )
        }
    } else if decrescente {
        let ok = match comp {
            Some(Comparatore::Minore) => b < a,
            _ => b <= a,
        };
        if ok {
            (
                true,
                CENTO,
                format!(
                    "{} ≤ {}: rispettato, 100%",
                    formato_it(b, 2),
                    formato_it(a, 2)
                ),
            )
        } else if a.is_zero() {
            (
                false,
                Decimal::ZERO,
                "valore atteso 0 superato: 0%".to_string(),
            )
        } else {
            let sforo = (b - a) / a * CENTO;
            let x = (CENTO - sforo * regole.indicatori.penalita_per_punto_di_sforamento.0)
                .max(Decimal::ZERO);
            (
                false,
                x,
                format!(
                    "«più basso è meglio» non rispettato: sforamento {}% ⇒ 100 − {} × {} = {}",
                    formato_it(sforo, 2),
                    formato_it(sforo, 2),
                    formato_it(regole.indicatori.penalita_per_punto_di_sforamento.0, 2),
                    formato_percento_it(x)
                ),
            )
        }
    } else {
        let ok = match comp {
            Some(Comparatore::Maggiore) => b > a,
            Some(Comparatore::Uguale) => b == a,
            _ => b >= a,
        };
        if a.is_zero() {
            (
                b >= a,
                CENTO.min(tetto),
                "valore atteso 0: raggiunto".to_string(),
            )
        } else {
            let x = (b / a * CENTO).min(tetto).max(Decimal::ZERO);
            (
                ok,
                x,
                format!(
                    "min({} ÷ {} × 100; tetto {}) = {}",
                    formato_it(b, 2),
                    formato_it(a, 2),
                    formato_percento_it(tetto),
                    formato_percento_it(arrotonda(x, 2))
                ),
            )
        }
    };
    e.rispettato = Some(rispettato);
    e.raggiungimento = Some(arrotonda(ragg, 4));
    e.spiegazione = format!(
        "{prefisso}atteso «{target_testo}», rilevato {}; {regola}",
        formato_it(b, 2)
    );
    e
}

/// Interpreta uno scostamento stampato come numero (`+ 14`, `-21`, `+44 (pari a +20%)`, `0`).
pub fn scostamento_stampato(testo: &str) -> Option<Decimal> {
    let t = testo.trim();
    let (segno, resto) = match t.chars().next()? {
        '+' => (Decimal::ONE, t[1..].trim_start()),
        '-' | '−' => (
            -Decimal::ONE,
            t[t.chars().next()?.len_utf8()..].trim_start(),
        ),
        _ => (Decimal::ONE, t),
    };
    let (v, u, _) = numero(resto)?;
    (u != UnitaValore::Percentuale).then_some(segno * v)
}

/// Confronto tra lo scostamento stampato e quello calcolato (b − a).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discordanza {
    pub obiettivo: String,
    pub indicatore: usize,
    pub nome: String,
    pub stampato: String,
    pub calcolato: Decimal,
    pub spiegazione: String,
}

pub fn discordanze(esiti: &[EsitoIndicatore]) -> Vec<Discordanza> {
    let mut v = Vec::new();
    for e in esiti {
        let (Some(s), Some(calc)) = (e.scostamento_stampato.as_deref(), e.scostamento) else {
            continue;
        };
        let Some(stampato) = scostamento_stampato(s) else {
            continue;
        };
        if stampato == calc {
            continue;
        }
        let spiegazione = if arrotonda(calc, 0) == stampato {
            format!(
                "stampato arrotondato all'unità (calcolato {})",
                formato_it(calc, 2)
            )
        } else if stampato == -calc {
            "stampato con il segno opposto (a − b, come nell'intestazione «c = a − b»)".to_string()
        } else if stampato.is_zero() && e.rispettato == Some(true) {
            "stampato 0 perché il valore atteso è rispettato".to_string()
        } else {
            format!(
                "errore aritmetico: {} − {} = {}",
                formato_it(e.rilevato.unwrap_or_default(), 2),
                formato_it(e.atteso.unwrap_or_default(), 2),
                formato_it(calc, 2)
            )
        };
        v.push(Discordanza {
            obiettivo: e.obiettivo.clone(),
            indicatore: e.posizione,
            nome: e.nome.clone(),
            stampato: s.to_string(),
            calcolato: calc,
            spiegazione,
        });
    }
    v
}

/// Esito di uno step a un checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsitoStep {
    pub posizione: usize,
    pub codice: String,
    pub peso: Decimal,
    pub stato: Option<StatoStep>,
    /// `None` = neutralizzato o non ancora dovuto (fuori dal calcolo).
    pub valore: Option<Decimal>,
    pub spiegazione: String,
    /// Scadenza in vigore al checkpoint e da dove viene.
    pub scadenza: Option<ScadenzaVigente>,
}

/// La data D a cui si legge la scadenza in vigore: il checkpoint, altrimenti la fine del ciclo.
pub fn data_di_riferimento(piano: &Piano, cp: Option<&CheckpointFile>) -> NaiveDate {
    cp.map(|c| c.data)
        .or_else(|| NaiveDate::from_ymd_opt(piano.ciclo.anno_fine, 12, 31))
        .unwrap_or(NaiveDate::MAX)
}

/// Esito di un obiettivo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsitoObiettivo {
    pub codice: String,
    pub titolo: String,
    pub peso: Option<Decimal>,
    pub punti: Option<Decimal>,
    pub unita: Vec<String>,
    pub steps: Vec<EsitoStep>,
    pub indicatori: Vec<EsitoIndicatore>,
    pub raggiungimento_step: Option<Decimal>,
    pub raggiungimento_indicatori: Option<Decimal>,
    pub raggiungimento: Option<Decimal>,
    pub fascia: Option<String>,
    pub spiegazione: Vec<String>,
    /// Il raggiungimento accertato dal Nucleo/OIV accanto al dichiarato, se c'è.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accertamento: Option<RaggiungimentoAccertato>,
}

/// Esito aggregato (CdR, ente, direttore).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsitoAggregato {
    pub livello: &'static str,
    pub codice: String,
    pub nome: String,
    pub peso: Option<Decimal>,
    pub raggiungimento: Option<Decimal>,
    pub fascia: Option<String>,
    pub spiegazione: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Valutazione {
    pub checkpoint: Option<CheckpointFile>,
    pub obiettivi: Vec<EsitoObiettivo>,
    pub aggregati: Vec<EsitoAggregato>,
}

/// Il checkpoint richiesto (codice o data gg/mm/aaaa), altrimenti quello finale o l'ultimo.
pub fn scegli_checkpoint<'a>(
    piano: &'a Piano,
    richiesto: Option<&str>,
) -> Result<Option<&'a CheckpointFile>, String> {
    let cp = &piano.monitoraggio.checkpoint;
    match richiesto {
        Some(r) => cp
            .iter()
            .find(|c| {
                c.codice == r
                    || c.data.format("%d/%m/%Y").to_string() == r
                    || c.data.to_string() == r
            })
            .map(Some)
            .ok_or_else(|| {
                format!(
                    "checkpoint «{r}» inesistente; checkpoint del ciclo: {}",
                    if cp.is_empty() {
                        "nessuno".to_string()
                    } else {
                        cp.iter()
                            .map(|c| c.codice.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                )
            }),
        None => Ok(cp
            .iter()
            .filter(|c| c.finale)
            .max_by_key(|c| c.data)
            .or_else(|| cp.iter().max_by_key(|c| c.data))),
    }
}

fn valore_stato(
    stato: Option<StatoStep>,
    percentuale: Option<Decimal>,
    dovuto: bool,
    finale: bool,
    regole: &RegoleSmvp,
) -> (Option<Decimal>, String) {
    let r = &regole.step;
    match stato {
        Some(StatoStep::Realizzato) => (Some(CENTO), "realizzato: 100%".into()),
        Some(StatoStep::RealizzatoSperimentale) => (
            Some(r.realizzato_sperimentale.0),
            format!(
                "realizzato a titolo sperimentale: {}",
                formato_percento_it(r.realizzato_sperimentale.0)
            ),
        ),
        Some(StatoStep::InItinere) => (
            Some(r.in_itinere.0),
            format!(
                "in itinere (attività continuativa nei tempi): {}",
                formato_percento_it(r.in_itinere.0)
            ),
        ),
        Some(StatoStep::Parziale) => {
            let p = percentuale.unwrap_or(r.parziale_senza_percentuale.0);
            (
                Some(p),
                match percentuale {
                    Some(_) => format!("parzialmente realizzato al {}", formato_percento_it(p)),
                    None => format!(
                        "parzialmente realizzato, percentuale non indicata: {} (regola)",
                        formato_percento_it(p)
                    ),
                },
            )
        }
        Some(StatoStep::NonRealizzato) => (Some(Decimal::ZERO), "non realizzato: 0%".into()),
        Some(StatoStep::NonRealizzabile) => (
            None,
            "non realizzabile per cause esterne: neutralizzato (escluso dal denominatore)".into(),
        ),
        Some(StatoStep::DilazioneRichiesta) if !finale => (
            None,
            "dilazione richiesta, in attesa di decisione: escluso".into(),
        ),
        Some(
            StatoStep::DaAvviare
            | StatoStep::InCorso
            | StatoStep::DilazioneConcessa
            | StatoStep::DilazioneRichiesta,
        ) => {
            if dovuto || finale {
                (
                    Some(r.in_corso_scaduto.0),
                    format!(
                        "non concluso alla scadenza: {}",
                        formato_percento_it(r.in_corso_scaduto.0)
                    ),
                )
            } else {
                (None, "in corso, non ancora scaduto: escluso".into())
            }
        }
        None => (None, "nessuno stato rilevato: escluso".into()),
    }
}

fn media_pesata(v: &[(Decimal, Decimal)]) -> Option<Decimal> {
    let pesi: Decimal = v.iter().map(|(_, p)| *p).sum();
    (!pesi.is_zero()).then(|| v.iter().map(|(x, p)| *x * *p).sum::<Decimal>() / pesi)
}

fn fmt_media(v: &[(String, Decimal, Decimal)]) -> String {
    v.iter()
        .map(|(c, x, p)| format!("{c} {} × {}", formato_it(*x, 2), formato_it(*p, 2)))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Valuta un obiettivo al checkpoint.
pub fn valuta_obiettivo(
    piano: &Piano,
    o: &Obiettivo,
    cp: Option<&CheckpointFile>,
    regole: &RegoleSmvp,
) -> EsitoObiettivo {
    valuta_obiettivo_con(piano, o, cp, regole, &AccertamentiOiv::default())
}

/// Come [`valuta_obiettivo`], con gli accertamenti del Nucleo/OIV: l'unico punto in cui il
/// raggiungimento accertato entra nel calcolo. Ogni accertamento si mostra accanto al
/// dichiarato; vale al suo posto (per l'indicatore o per l'obiettivo) solo a Relazione validata.
pub fn valuta_obiettivo_con(
    piano: &Piano,
    o: &Obiettivo,
    cp: Option<&CheckpointFile>,
    regole: &RegoleSmvp,
    oiv: &AccertamentiOiv,
) -> EsitoObiettivo {
    let m = &piano.monitoraggio;
    let finale = cp.is_some_and(|c| c.finale);
    let pesati = o.steps.iter().any(|s| s.peso.is_some());
    let mut spiegazione = Vec::new();
    let mut steps = Vec::new();
    for (i, s) in o.steps.iter().enumerate() {
        let n = (i + 1) as u32;
        let codice = s.codice.clone().unwrap_or_else(|| format!("step {n}"));
        let peso = if pesati {
            s.peso.map(|p| p.0).unwrap_or_default()
        } else {
            Decimal::ONE
        };
        let rilevato = cp.and_then(|c| {
            m.stati
                .iter()
                .find(|x| x.checkpoint == c.codice && x.obiettivo == o.codice && x.step == n)
        });
        let stato = rilevato.and_then(|x| {
            x.stato
                .or_else(|| x.testo.as_deref().and_then(riconosci_stato))
                .or_else(|| {
                    x.consuntivo.as_deref().map(|c| {
                        if c.trim().eq_ignore_ascii_case("no") {
                            StatoStep::NonRealizzato
                        } else {
                            StatoStep::Realizzato
                        }
                    })
                })
        });
        // Scadenza in vigore al checkpoint (senza checkpoint: a fine ciclo), regola unica.
        let scadenza = scadenza_vigente(piano, o, i + 1, data_di_riferimento(piano, cp));
        let data = scadenza.as_ref().and_then(|x| x.data());
        let dovuto = match (cp, data) {
            (Some(c), Some(d)) => d <= c.data,
            (Some(_), None) => true,
            (None, _) => true,
        };
        let (valore, perche) = if cp.is_none() {
            (
                None,
                "nessun checkpoint di monitoraggio: non valutabile".into(),
            )
        } else {
            valore_stato(
                stato,
                rilevato.and_then(|x| x.percentuale.map(|p| p.0)),
                dovuto,
                finale,
                regole,
            )
        };
        steps.push(EsitoStep {
            posizione: i + 1,
            codice,
            peso,
            stato,
            valore,
            spiegazione: perche,
            scadenza,
        });
    }
    let mut indicatori = Vec::new();
    for (i, ind) in o.indicatori.iter().enumerate() {
        let n = (i + 1) as u32;
        let v = cp.and_then(|c| {
            m.valori
                .iter()
                .find(|x| x.checkpoint == c.codice && x.obiettivo == o.codice && x.indicatore == n)
        });
        let mut e = misura_indicatore(&o.codice, i + 1, ind, v, regole);
        if let Some(a) = oiv.dell_indicatore(&o.codice, i + 1) {
            let acc = RaggiungimentoAccertato::nuovo(e.raggiungimento, a, oiv.validata);
            e.raggiungimento = acc.vigente();
            e.spiegazione = format!("{}; {}", e.spiegazione, acc.spiegazione());
            e.accertamento = Some(acc);
        }
        indicatori.push(e);
    }
    let misurati_s: Vec<(String, Decimal, Decimal)> = steps
        .iter()
        .filter_map(|s| s.valore.map(|v| (s.codice.clone(), v, s.peso)))
        .collect();
    let r_step = media_pesata(
        &misurati_s
            .iter()
            .map(|(_, v, p)| (*v, *p))
            .collect::<Vec<_>>(),
    );
    if let Some(r) = r_step {
        let peso_tot: Decimal = misurati_s.iter().map(|x| x.2).sum();
        spiegazione.push(format!(
            "step: ({}) ÷ {} = {}{}",
            fmt_media(&misurati_s),
            formato_it(peso_tot, 2),
            formato_percento_it(arrotonda(r, 2)),
            if pesati {
                " (pesi step/obiettivo)"
            } else {
                " (pesi uguali)"
            }
        ));
    }
    let misurati_i: Vec<(String, Decimal, Decimal)> = indicatori
        .iter()
        .filter_map(|e| {
            e.raggiungimento
                .map(|r| (format!("ind. {}", e.posizione), r, Decimal::ONE))
        })
        .collect();
    let r_ind = media_pesata(
        &misurati_i
            .iter()
            .map(|(_, v, p)| (*v, *p))
            .collect::<Vec<_>>(),
    );
    if let Some(r) = r_ind {
        spiegazione.push(format!(
            "indicatori (pesi uguali): ({}) ÷ {} = {}",
            fmt_media(&misurati_i),
            misurati_i.len(),
            formato_percento_it(arrotonda(r, 2))
        ));
    }
    let q = regole.obiettivi.quota_indicatori.0;
    let ragg = match (r_step, r_ind) {
        (Some(s), Some(i)) => {
            let x = (s * (CENTO - q) + i * q) / CENTO;
            spiegazione.push(format!(
                "obiettivo: step {} × {} + indicatori {} × {} = {}",
                formato_percento_it(arrotonda(s, 2)),
                formato_percento_it(CENTO - q),
                formato_percento_it(arrotonda(i, 2)),
                formato_percento_it(q),
                formato_percento_it(arrotonda(x, 2))
            ));
            Some(x)
        }
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => {
            spiegazione
                .push("nessuno step né indicatore misurato al checkpoint: non valutabile".into());
            None
        }
    };
    let mut ragg = ragg.map(|x| arrotonda(x, 4));
    let accertamento = oiv.dell_obiettivo(&o.codice).map(|a| {
        let acc = RaggiungimentoAccertato::nuovo(ragg, a, oiv.validata);
        spiegazione.push(acc.spiegazione());
        ragg = acc.vigente();
        acc
    });
    EsitoObiettivo {
        codice: o.codice.clone(),
        titolo: o.titolo.clone(),
        peso: o.peso.map(|p| p.0),
        punti: o.punti.map(|p| p.0),
        unita: o.unita.iter().map(|u| u.unita.clone()).collect(),
        steps,
        indicatori,
        raggiungimento_step: r_step.map(|x| arrotonda(x, 4)),
        raggiungimento_indicatori: r_ind.map(|x| arrotonda(x, 4)),
        raggiungimento: ragg,
        fascia: ragg.map(|x| regole.fascia(x)),
        spiegazione,
        accertamento,
    }
}

fn aggrega(
    livello: &'static str,
    codice: &str,
    nome: &str,
    obiettivi: &[&EsitoObiettivo],
    regole: &RegoleSmvp,
) -> EsitoAggregato {
    let pesati = obiettivi.iter().any(|o| o.peso.is_some());
    let voci: Vec<(String, Decimal, Decimal)> = obiettivi
        .iter()
        .filter_map(|o| {
            o.raggiungimento.map(|r| {
                (
                    o.codice.clone(),
                    r,
                    if pesati {
                        o.peso.unwrap_or_default()
                    } else {
                        Decimal::ONE
                    },
                )
            })
        })
        .collect();
    let r = media_pesata(&voci.iter().map(|(_, v, p)| (*v, *p)).collect::<Vec<_>>())
        .map(|x| arrotonda(x, 4));
    let peso: Decimal = voci.iter().map(|x| x.2).sum();
    EsitoAggregato {
        livello,
        codice: codice.to_string(),
        nome: nome.to_string(),
        peso: pesati.then_some(peso),
        raggiungimento: r,
        fascia: r.map(|x| regole.fascia(x)),
        spiegazione: match r {
            Some(x) => format!(
                "media {} dei raggiungimenti degli obiettivi: ({}) ÷ {} = {}",
                if pesati {
                    "pesata con l'incidenza"
                } else {
                    "semplice"
                },
                fmt_media(&voci),
                formato_it(peso, 2),
                formato_percento_it(arrotonda(x, 2))
            ),
            None => "nessun obiettivo valutabile".into(),
        },
    }
}

/// Valutazione completa al checkpoint: obiettivi, CdR, ente, direttore.
pub fn valuta(piano: &Piano, cp: Option<&CheckpointFile>, regole: &RegoleSmvp) -> Valutazione {
    valuta_con(piano, cp, regole, &AccertamentiOiv::default())
}

/// Valutazione completa con gli accertamenti del Nucleo/OIV (vedi [`valuta_obiettivo_con`]):
/// CdR, ente e direttore aggregano il raggiungimento che vale.
pub fn valuta_con(
    piano: &Piano,
    cp: Option<&CheckpointFile>,
    regole: &RegoleSmvp,
    oiv: &AccertamentiOiv,
) -> Valutazione {
    let obiettivi: Vec<EsitoObiettivo> = piano
        .obiettivi
        .iter()
        .map(|o| valuta_obiettivo_con(piano, o, cp, regole, oiv))
        .collect();
    let mut aggregati = Vec::new();
    for u in &piano.unita_organizzative {
        let suoi: Vec<&EsitoObiettivo> = obiettivi
            .iter()
            .filter(|o| o.unita.contains(&u.codice))
            .collect();
        if !suoi.is_empty() {
            aggregati.push(aggrega("cdr", &u.codice, &u.nome, &suoi, regole));
        }
    }
    let tutti: Vec<&EsitoObiettivo> = obiettivi.iter().collect();
    aggregati.push(aggrega(
        "ente",
        &piano.ente.codice,
        &piano.ente.nome,
        &tutti,
        regole,
    ));
    let con_punti: Vec<&EsitoObiettivo> = obiettivi.iter().filter(|o| o.punti.is_some()).collect();
    if !con_punti.is_empty() {
        let totale = piano
            .ciclo
            .totale_punti
            .map(|p| p.0)
            .unwrap_or_else(|| con_punti.iter().filter_map(|o| o.punti).sum());
        let valutati: Vec<&&EsitoObiettivo> = con_punti
            .iter()
            .filter(|o| o.raggiungimento.is_some())
            .collect();
        let ottenuti: Decimal = valutati
            .iter()
            .map(|o| o.punti.unwrap() * o.raggiungimento.unwrap() / CENTO)
            .sum();
        let esclusi: Decimal = con_punti
            .iter()
            .filter(|o| o.raggiungimento.is_none())
            .filter_map(|o| o.punti)
            .sum();
        let base = totale - esclusi;
        let r = (!base.is_zero()).then(|| arrotonda(ottenuti / base * CENTO, 4));
        let dettaglio = valutati
            .iter()
            .map(|o| {
                format!(
                    "{} {} × {}",
                    o.codice,
                    formato_it(o.punti.unwrap(), 2),
                    formato_percento_it(arrotonda(o.raggiungimento.unwrap(), 2))
                )
            })
            .collect::<Vec<_>>()
            .join(" + ");
        aggregati.push(EsitoAggregato {
            livello: "director",
            codice: "DIRETTORE".into(),
            nome: "Obiettivi assegnati al Direttore".into(),
            peso: Some(totale),
            raggiungimento: r,
            fascia: r.map(|x| regole.fascia(x)),
            spiegazione: format!(
                "punti ottenuti = Σ punti × raggiungimento = {dettaglio} = {} su {}{}; {}",
                formato_it(arrotonda(ottenuti, 2), 2),
                formato_it(totale, 2),
                if esclusi.is_zero() {
                    String::new()
                } else {
                    format!(
                        " (esclusi {} punti di obiettivi non valutabili)",
                        formato_it(esclusi, 2)
                    )
                },
                r.map(|x| format!("pari al {}", formato_percento_it(arrotonda(x, 2))))
                    .unwrap_or_default()
            ),
        });
    }
    Valutazione {
        checkpoint: cp.cloned(),
        obiettivi,
        aggregati,
    }
}

/// Spiegazione completa di un obiettivo, in italiano.
pub fn spiega(piano: &Piano, e: &EsitoObiettivo, cp: Option<&CheckpointFile>) -> String {
    let mut s = String::new();
    s.push_str(&format!("Obiettivo {} — {}\n", e.codice, e.titolo));
    match cp {
        Some(c) => s.push_str(&format!(
            "Checkpoint: {} ({})\n",
            c.etichetta,
            c.data.format("%d/%m/%Y")
        )),
        None => s.push_str("Nessun checkpoint di monitoraggio nel ciclo.\n"),
    }
    if let Some(p) = e.peso {
        s.push_str(&format!(
            "Incidenza sul piano: {}\n",
            formato_percento_it(p)
        ));
    }
    if let Some(p) = e.punti {
        s.push_str(&format!("Punti assegnati: {}\n", formato_it(p, 2)));
    }
    let o = piano.obiettivo(&e.codice);
    if !e.steps.is_empty() {
        s.push_str("\nStep (stato al checkpoint → valore):\n");
        for st in &e.steps {
            let descr = o
                .and_then(|o| o.steps.get(st.posizione - 1))
                .map(|x| x.descrizione.chars().take(70).collect::<String>())
                .unwrap_or_default();
            s.push_str(&format!(
                "  {:<8} peso {:>6}  {} — {}\n",
                st.codice,
                formato_it(st.peso, 2),
                st.spiegazione,
                descr
            ));
        }
    }
    if !e.indicatori.is_empty() {
        s.push_str(
            "\nIndicatori (convenzione dello scostamento: valore rilevato − valore atteso):\n",
        );
        for i in &e.indicatori {
            s.push_str(&format!(
                "  {}. {}: {}{}\n",
                i.posizione,
                i.nome.chars().take(70).collect::<String>(),
                i.spiegazione,
                i.scostamento
                    .map(|d| format!("; scostamento {}", formato_it(d, 2)))
                    .unwrap_or_default()
            ));
        }
    }
    s.push_str("\nCalcolo:\n");
    for r in &e.spiegazione {
        s.push_str(&format!("  {r}\n"));
    }
    match (e.raggiungimento, &e.fascia) {
        (Some(r), Some(f)) => s.push_str(&format!(
            "\nRaggiungimento: {} — {}\n",
            formato_percento_it(arrotonda(r, 2)),
            f
        )),
        _ => s.push_str("\nRaggiungimento: non valutabile\n"),
    }
    s
}

/// Tempestività di un'attività: mese previsto contro mese del consuntivo (seed 002).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tempestivita {
    pub obiettivo: String,
    pub step: usize,
    pub previsto: String,
    pub consuntivo: String,
    /// Mesi di differenza (positivo = in ritardo); `None` se non realizzata o non confrontabile.
    pub mesi: Option<i32>,
    /// Con la data effettiva di completamento: giorni dalla scadenza in vigore (positivo = in
    /// ritardo, zero o negativo = nei tempi).
    pub giorni: Option<i64>,
    /// La data effettiva di completamento, se registrata.
    pub completato_il: Option<NaiveDate>,
    pub esito: String,
    /// Scadenza in vigore al checkpoint (quella di `previsto`) e da dove viene.
    pub scadenza: Option<ScadenzaVigente>,
}

fn mese_consuntivo(t: &str, anno: i32) -> Option<NaiveDate> {
    let parole: Vec<&str> = t.split_whitespace().collect();
    let m = mese(parole.first()?)?;
    let a = parole.get(1).and_then(|x| x.parse().ok()).unwrap_or(anno);
    fine_mese(a, m)
}

pub fn tempestivita(piano: &Piano, cp: Option<&CheckpointFile>) -> Vec<Tempestivita> {
    let rif = piano.ciclo.anno_di_riferimento();
    let mut out = Vec::new();
    let Some(cp) = cp else { return out };
    for s in piano
        .monitoraggio
        .stati
        .iter()
        .filter(|s| s.checkpoint == cp.codice)
    {
        // La data effettiva di completamento, quando c'è, vale più del consuntivo scritto.
        let c = match (s.consuntivo.as_deref(), s.data_completamento) {
            (Some(c), _) => c.to_string(),
            (None, Some(d)) => d.format("%d/%m/%Y").to_string(),
            (None, None) => continue,
        };
        let c = c.as_str();
        let Some(o) = piano.obiettivo(&s.obiettivo) else {
            continue;
        };
        if (s.step as usize)
            .checked_sub(1)
            .and_then(|i| o.steps.get(i))
            .is_none()
        {
            continue;
        }
        let scadenza = scadenza_vigente(piano, o, s.step as usize, cp.data);
        let previsto = scadenza
            .as_ref()
            .map(|x| x.scadenza.testo.clone())
            .unwrap_or_default();
        let data_prevista = scadenza.as_ref().and_then(|x| x.data());
        let mut giorni = None;
        let (mesi, esito) = if let Some(effettiva) = s.data_completamento {
            match data_prevista {
                Some(p) => {
                    let (m, g, e) = crate::checkpoint::tempestivita_effettiva(p, effettiva);
                    giorni = Some(g);
                    (Some(m), e)
                }
                None => (None, "non confrontabile".to_string()),
            }
        } else if c.trim().eq_ignore_ascii_case("no") {
            (None, "non realizzata".to_string())
        } else {
            match (data_prevista, mese_consuntivo(c, rif)) {
                (Some(p), Some(a)) => {
                    let d = (a.year() * 12 + a.month() as i32) - (p.year() * 12 + p.month() as i32);
                    (
                        Some(d),
                        match d {
                            0 => "nei tempi".to_string(),
                            d if d < 0 => format!(
                                "in anticipo di {} mes{}",
                                -d,
                                if d == -1 { "e" } else { "i" }
                            ),
                            d => format!("in ritardo di {d} mes{}", if d == 1 { "e" } else { "i" }),
                        },
                    )
                }
                _ => (None, "non confrontabile".to_string()),
            }
        };
        out.push(Tempestivita {
            obiettivo: s.obiettivo.clone(),
            step: s.step as usize,
            previsto,
            consuntivo: c.to_string(),
            mesi,
            giorni,
            completato_il: s.data_completamento,
            esito,
            scadenza,
        });
    }
    out
}

/// Indicatore finanziario: (numeratore + rettifiche) ÷ denominatore × 100.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsitoFinanziario {
    pub codice: String,
    pub nome: String,
    pub numeratore_rettificato: Decimal,
    pub valore: Decimal,
    pub stampato: Option<String>,
    pub spiegazione: String,
}

pub fn indicatori_finanziari(piano: &Piano) -> Vec<EsitoFinanziario> {
    piano
        .monitoraggio
        .indicatori_finanziari
        .iter()
        .map(|f| {
            let num = f.numeratore.importo.valore()
                + f.rettifiche
                    .iter()
                    .map(|r| r.importo.valore())
                    .sum::<Decimal>();
            let den = f.denominatore.importo.valore();
            let v = if den.is_zero() {
                Decimal::ZERO
            } else {
                arrotonda(num / den * CENTO, 2)
            };
            let rett = f
                .rettifiche
                .iter()
                .map(|r| {
                    format!(
                        " {} {} ({})",
                        if r.importo.valore().is_sign_negative() {
                            "−"
                        } else {
                            "+"
                        },
                        formato_it(r.importo.valore().abs(), 2),
                        r.descrizione
                    )
                })
                .collect::<String>();
            EsitoFinanziario {
                codice: f.codice.clone(),
                nome: f.nome.clone(),
                numeratore_rettificato: num,
                valore: v,
                stampato: f.valore_stampato.clone(),
                spiegazione: format!(
                    "({} ({}){rett} = {}) ÷ {} ({}) × 100 = {}{}",
                    formato_it(f.numeratore.importo.valore(), 2),
                    f.numeratore.descrizione,
                    formato_it(num, 2),
                    formato_it(den, 2),
                    f.denominatore.descrizione,
                    formato_percento_it(v),
                    f.target
                        .as_deref()
                        .map(|t| format!("; valore atteso {t}"))
                        .unwrap_or_default()
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod test {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn valori_rilevati() {
        let v = |t: &str| ValoreRilevato::interpreta(t);
        assert_eq!(v("22").numero, Some(d("22")));
        assert_eq!(v("94,61%").numero, Some(d("94.61")));
        assert!(v("94,61%").percentuale);
        assert_eq!(v("=11%").numero, Some(d("11")));
        assert_eq!(v("100%(21/21)").numero, Some(d("100")));
        assert_eq!(v("11*").numero, Some(d("11")));
        assert_eq!(v("0**").numero, Some(d("0")));
        assert_eq!(v("n.52").numero, Some(d("52")));
        assert_eq!(v("26 = 26").numero, Some(d("26")));
        assert_eq!(v("46.012").numero, Some(d("46012")));
        assert_eq!(v("Si").si_no, Some(true));
        assert_eq!(v("Si – nuove fasce ISEE proposte").si_no, Some(true));
        assert_eq!(v("No").si_no, Some(false));
        assert_eq!(v("1 non completato").numero, None);
        assert_eq!(v("parziale*").numero, None);
        assert_eq!(v("Adottato a inizio 2020").numero, None);
    }

    fn indicatore(nome: &str, target: &str, baseline: Option<&str>) -> Indicatore {
        Indicatore {
            codice: None,
            nome: nome.into(),
            descrizione: None,
            dimensione: None,
            unita_misura: None,
            polarita: None,
            baseline: baseline.map(String::from),
            target: Some(target.into()),
            fonte: None,
            step: None,
            note: None,
        }
    }

    fn valore(v: &str) -> crate::piano::ValoreIndicatoreFile {
        crate::piano::ValoreIndicatoreFile {
            checkpoint: "c".into(),
            obiettivo: "X".into(),
            indicatore: 1,
            valore: v.into(),
            scostamento_stampato: None,
            nota: None,
            valutazione: None,
        }
    }

    #[test]
    fn valori_attesi_relativi_al_valore_di_partenza() {
        let r = RegoleSmvp::default();
        // Esplicito: "+20% rispetto al 2018", partenza nel campo baseline.
        let e = misura_indicatore(
            "X",
            1,
            &indicatore("Utenti", "+20% rispetto al 2018", Some("177")),
            Some(&valore("191")),
            &r,
        );
        assert_eq!(e.atteso, Some(d("212.4")));
        assert_eq!(e.scostamento, Some(d("-21.4")));
        assert_eq!(e.rispettato, Some(false));
        assert!(
            e.spiegazione
                .contains("177,00 × (100 + 20,00) / 100 = 212,40"),
            "{}",
            e.spiegazione
        );
        // Implicito: ">= 20%" su un conteggio, partenza scritta nel nome.
        let e = misura_indicatore(
            "X",
            1,
            &indicatore(
                "Incremento rispetto al 2018 (valore 2018: 177)",
                ">= 20%",
                None,
            ),
            Some(&valore("213")),
            &r,
        );
        assert_eq!(e.atteso, Some(d("212.4")));
        assert_eq!(e.rispettato, Some(true));
        // Riduzione: "-10% rispetto al 2022" è un massimo.
        let e = misura_indicatore(
            "X",
            1,
            &indicatore("Reclami", "-10% rispetto al 2022", Some("50")),
            Some(&valore("44")),
            &r,
        );
        assert_eq!(e.atteso, Some(d("45")));
        assert_eq!(e.rispettato, Some(true));
        // Senza valore di partenza: da valutare, non un numero inventato.
        let e = misura_indicatore(
            "X",
            1,
            &indicatore("Utenti", "+20% rispetto al 2018", None),
            Some(&valore("191")),
            &r,
        );
        assert_eq!(e.raggiungimento, None);
    }

    #[test]
    fn comparatori_e_raggiungimento() {
        let r = RegoleSmvp::default();
        let m = |t: &str, v: &str| {
            misura_indicatore("X", 1, &indicatore("i", t, None), Some(&valore(v)), &r)
        };
        assert_eq!(m("> = 8", "22").raggiungimento, Some(d("100")));
        assert_eq!(m("> = 2", "1").raggiungimento, Some(d("50")));
        assert_eq!(m("<= 15%", "=11%").rispettato, Some(true));
        assert_eq!(m("< 20%", "25%").raggiungimento, Some(d("75")));
        assert_eq!(m(">= 4 e <= 6", "5").raggiungimento, Some(d("100")));
        assert_eq!(m(">= 4 e <= 6", "2").raggiungimento, Some(d("50")));
        assert_eq!(m("SI", "Si").raggiungimento, Some(d("100")));
        assert_eq!(m("SI", "No").raggiungimento, Some(d("0")));
        assert_eq!(m("Tutti i progetti attivi", "0").raggiungimento, None);
        assert_eq!(m("1", "1 non completato").raggiungimento, None);
        assert_eq!(m("≥ 8 (scala 1:10)", "9,5").raggiungimento, Some(d("100")));
    }

    #[test]
    fn scostamenti_stampati() {
        assert_eq!(scostamento_stampato("+ 14"), Some(d("14")));
        assert_eq!(scostamento_stampato("-21"), Some(d("-21")));
        assert_eq!(scostamento_stampato("+44 (pari a +20%)"), Some(d("44")));
        assert_eq!(scostamento_stampato("0"), Some(d("0")));
        assert_eq!(scostamento_stampato("+8%"), None);
        assert_eq!(scostamento_stampato("Si"), None);
    }
}

/// Una riga del rapporto di monitoraggio: lo stato di uno step a un checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaMonitoraggio {
    pub obiettivo: String,
    pub step: usize,
    pub codice: Option<String>,
    pub descrizione: String,
    /// Scadenza in vigore al checkpoint (`scadenza_vigente`), come scritta.
    pub scadenza: Option<String>,
    /// La scadenza originale, quando quella in vigore è diversa.
    pub scadenza_originale: Option<String>,
    pub stato: Option<StatoStep>,
    pub percentuale: Option<Decimal>,
    pub testo: Option<String>,
    /// La scadenza in vigore con la sua provenienza (originale, revisione, dilazione).
    pub vigente: Option<ScadenzaVigente>,
}

/// Lo stato di ogni step al checkpoint, con la scadenza in vigore.
pub fn rapporto_monitoraggio(piano: &Piano, cp: &CheckpointFile) -> Vec<RigaMonitoraggio> {
    let m = &piano.monitoraggio;
    let mut out = Vec::new();
    for o in &piano.obiettivi {
        for (i, s) in o.steps.iter().enumerate() {
            let n = (i + 1) as u32;
            let rilevato = m
                .stati
                .iter()
                .find(|x| x.checkpoint == cp.codice && x.obiettivo == o.codice && x.step == n);
            let vigente = scadenza_vigente(piano, o, i + 1, cp.data);
            out.push(RigaMonitoraggio {
                obiettivo: o.codice.clone(),
                step: i + 1,
                codice: s.codice.clone(),
                descrizione: s.descrizione.clone(),
                scadenza: vigente
                    .as_ref()
                    .map(|v| v.scadenza.testo.clone())
                    .or_else(|| s.scadenza.clone()),
                scadenza_originale: vigente
                    .as_ref()
                    .and_then(|v| v.originale.as_ref().map(|o| o.testo.clone())),
                stato: rilevato.and_then(|x| {
                    x.stato
                        .or_else(|| x.testo.as_deref().and_then(riconosci_stato))
                }),
                percentuale: rilevato.and_then(|x| x.percentuale.map(|p| p.0)),
                testo: rilevato.and_then(|x| x.testo.clone().or_else(|| x.consuntivo.clone())),
                vigente,
            });
        }
    }
    out
}
