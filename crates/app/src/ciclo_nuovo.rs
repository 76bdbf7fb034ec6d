//! Il ciclo nuovo nasce dal precedente (`traguardo cycle new`): "ogni gennaio il piano riparte
//! dall'ultimo", con gli obiettivi non chiusi "in continuità con quanto avviato".
//!
//! Si riportano struttura (unità, aree, obiettivi strategici e operativi, programmi, progetti
//! PEG con i servizi), persone, regole SMVP e gli obiettivi non chiusi con i soli step non
//! realizzati. Non si riportano i fatti dell'anno: monitoraggio, atti, formazione, note di
//! trascrizione, giorni di presenza, revisioni delle scadenze (legate ad atti e dilazioni del
//! ciclo vecchio). Tutto ha id nuovi: il ciclo nuovo è fatto di entità nuove.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::casi_uso::piano_del_tenant;
use crate::contesto::Contesto;
use crate::identita::IdentitaPiano;
use crate::porte::{PianiRepo, ValutazioneRepo};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use traguardo_domain::monitoraggio::{StatoStep, riconosci_stato};
use traguardo_domain::piano::{Ciclo, Monitoraggio, Obiettivo, Piano};
use traguardo_domain::rilievi::{Gravita, Rilievo, ha_errori};
use traguardo_domain::validazione::valida;

/// Inizio della nota che lega un obiettivo riportato al suo predecessore (il dominio non ha un
/// campo per il collegamento: la nota è l'unico posto che il file del piano conserva).
pub const NOTA_CONTINUITA: &str = "In continuità con l'obiettivo ";

/// Anni ammessi per il ciclo nuovo: le date del piano si spostano di `a - da` anni e devono
/// restare date del calendario.
const ANNO_MINIMO: i32 = 1900;
const ANNO_MASSIMO: i32 = 2999;

/// Un obiettivo riportato nel ciclo nuovo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObiettivoRiportato {
    pub codice: String,
    pub titolo: String,
    /// "1° anno inserimento": quello del predecessore o, se mancava, il primo anno del ciclo vecchio.
    pub primo_anno: i32,
    /// Step non realizzati, riportati.
    pub step_riportati: usize,
    /// Step realizzati, lasciati nel ciclo vecchio.
    pub step_lasciati: usize,
}

/// Un obiettivo chiuso (tutti gli step realizzati): resta nel ciclo vecchio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObiettivoChiuso {
    pub codice: String,
    pub titolo: String,
}

/// Vista dell'esito di `crea_ciclo_successivo`.
#[derive(Debug, Clone, Serialize)]
pub struct EsitoCicloNuovo {
    pub ente: String,
    pub da_inizio: i32,
    pub da_fine: i32,
    pub a_inizio: i32,
    pub a_fine: i32,
    pub riportati: Vec<ObiettivoRiportato>,
    pub chiusi: Vec<ObiettivoChiuso>,
    pub persone: usize,
    pub unita: usize,
    /// Vero se il ciclo vecchio aveva regole SMVP salvate (copiate); altrimenti valgono le predefinite.
    pub regole_copiate: bool,
    /// Avvisi della validazione del piano nuovo (es. pesi da rivedere).
    pub avvisi: Vec<Rilievo>,
    /// Falso in prova (`--dry-run`): nulla è stato scritto.
    pub scritto: bool,
}

/// Vero se lo stato conclude lo step: realizzato (anche a titolo sperimentale). Uno step "in
/// itinere" è un'attività continuativa, quindi non chiusa; uno "non realizzabile" non è stato
/// fatto e chi pianifica decide se tenerlo.
fn concluso(s: StatoStep) -> bool {
    matches!(s, StatoStep::Realizzato | StatoStep::RealizzatoSperimentale)
}

/// Per ogni obiettivo, quali step sono realizzati: conta l'ultimo stato rilevato di ogni step
/// (quello al checkpoint più recente, per data, in cui lo step ha uno stato; se la voce manca si
/// ricava dal testo). Uno step mai rilevato non è realizzato. Un obiettivo è **chiuso** quando
/// tutti i suoi step sono realizzati (e ne ha almeno uno).
///
/// Esempio (CISSA 2023): D3 ha i quattro step "realizzato" al 31/12/2023, quindi è chiuso; D2 ha
/// lo step 1 "realizzato" e gli step 2–5 "in itinere", quindi si riporta con gli step 2–5.
pub fn step_realizzati(piano: &Piano) -> HashMap<String, Vec<bool>> {
    let date: HashMap<&str, chrono::NaiveDate> = piano
        .monitoraggio
        .checkpoint
        .iter()
        .map(|c| (c.codice.as_str(), c.data))
        .collect();
    let mut ultimo: HashMap<(&str, u32), (chrono::NaiveDate, Option<StatoStep>)> = HashMap::new();
    for s in &piano.monitoraggio.stati {
        let Some(&data) = date.get(s.checkpoint.as_str()) else {
            continue;
        };
        let stato = s
            .stato
            .or_else(|| s.testo.as_deref().and_then(riconosci_stato));
        let voce = ultimo
            .entry((s.obiettivo.as_str(), s.step))
            .or_insert((data, stato));
        if data >= voce.0 {
            *voce = (data, stato);
        }
    }
    piano
        .obiettivi
        .iter()
        .map(|o| {
            let fatti = (1..=o.steps.len() as u32)
                .map(|n| {
                    ultimo
                        .get(&(o.codice.as_str(), n))
                        .and_then(|(_, s)| *s)
                        .is_some_and(concluso)
                })
                .collect();
            (o.codice.clone(), fatti)
        })
        .collect()
}

/// Sposta di `scarto` gli anni tra `da` e `a` scritti nel titolo ("PIANO … 2023" → "… 2026").
fn sposta_anni(testo: &str, da: i32, a: i32, scarto: i32) -> String {
    let mut out = String::new();
    let car: Vec<char> = testo.chars().collect();
    let mut i = 0;
    while i < car.len() {
        let inizio = i;
        while i < car.len() && car[i].is_ascii_digit() {
            i += 1;
        }
        if i > inizio {
            let cifre: String = car[inizio..i].iter().collect();
            match cifre.parse::<i32>() {
                Ok(y) if cifre.len() == 4 && (da..=a).contains(&y) => {
                    out.push_str(&(y + scarto).to_string())
                }
                _ => out.push_str(&cifre),
            }
        } else {
            out.push(car[i]);
            i += 1;
        }
    }
    out
}

/// Il piano del ciclo che inizia in `a`, costruito da `vecchio`: vedi il modulo.
fn costruisci(vecchio: &Piano, a: i32) -> (Piano, Vec<ObiettivoRiportato>, Vec<ObiettivoChiuso>) {
    let da = vecchio.ciclo.anno_inizio;
    let scarto = a - da;
    let etichetta_vecchio = format!("{}–{}", da, vecchio.ciclo.anno_fine);
    let realizzati = step_realizzati(vecchio);
    let mut riportati = Vec::new();
    let mut chiusi = Vec::new();
    let mut obiettivi: Vec<Obiettivo> = Vec::new();
    for o in &vecchio.obiettivi {
        let fatti = &realizzati[&o.codice];
        if !fatti.is_empty() && fatti.iter().all(|f| *f) {
            chiusi.push(ObiettivoChiuso {
                codice: o.codice.clone(),
                titolo: o.titolo.clone(),
            });
            continue;
        }
        let mut n = o.clone();
        n.primo_anno = Some(o.primo_anno.unwrap_or(da));
        n.steps = o
            .steps
            .iter()
            .zip(fatti)
            .filter(|(_, f)| !**f)
            .map(|(s, _)| {
                let mut s = s.clone();
                s.revisioni_scadenza.clear();
                s
            })
            .collect();
        let codici_step: HashSet<&str> =
            n.steps.iter().filter_map(|s| s.codice.as_deref()).collect();
        n.indicatori
            .retain(|i| i.step.as_deref().is_none_or(|c| codici_step.contains(c)));
        // Il collegamento al predecessore: codice e ciclo; una nota di continuità più vecchia
        // lascia il posto a quella nuova.
        let resto: Vec<&str> = o
            .note
            .as_deref()
            .unwrap_or("")
            .lines()
            .filter(|l| !l.starts_with(NOTA_CONTINUITA) && !l.trim().is_empty())
            .collect();
        let mut nota = format!(
            "{NOTA_CONTINUITA}{} del ciclo {etichetta_vecchio}.",
            o.codice
        );
        for r in resto {
            nota.push('\n');
            nota.push_str(r);
        }
        n.note = Some(nota);
        riportati.push(ObiettivoRiportato {
            codice: n.codice.clone(),
            titolo: n.titolo.clone(),
            primo_anno: n.primo_anno.unwrap_or(da),
            step_riportati: n.steps.len(),
            step_lasciati: o.steps.len() - n.steps.len(),
        });
        obiettivi.push(n);
    }
    let tenuti: HashMap<&str, HashSet<&str>> = obiettivi
        .iter()
        .map(|o| {
            (
                o.codice.as_str(),
                o.steps.iter().filter_map(|s| s.codice.as_deref()).collect(),
            )
        })
        .collect();
    let assegnazioni = vecchio
        .assegnazioni
        .iter()
        .filter(
            |x| match (tenuti.get(x.obiettivo.as_str()), x.step.as_deref()) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(step), Some(c)) => step.contains(c),
            },
        )
        .cloned()
        .collect();
    let persone = vecchio
        .persone
        .iter()
        .cloned()
        .map(|mut p| {
            // I giorni di presenza sono dell'anno passato.
            p.giorni_presenza = None;
            p
        })
        .collect();
    let nuovo = Piano {
        formato: vecchio.formato.clone(),
        versione_schema: vecchio.versione_schema,
        ente: vecchio.ente.clone(),
        ciclo: Ciclo {
            anno_inizio: a,
            anno_fine: vecchio.ciclo.anno_fine + scarto,
            anno_riferimento: vecchio.ciclo.anno_riferimento.map(|r| r + scarto),
            titolo: vecchio
                .ciclo
                .titolo
                .as_deref()
                .map(|t| sposta_anni(t, da, vecchio.ciclo.anno_fine, scarto)),
            totale_punti: vecchio.ciclo.totale_punti,
        },
        unita_organizzative: vecchio.unita_organizzative.clone(),
        persone,
        aree_strategiche: vecchio.aree_strategiche.clone(),
        obiettivi_strategici: vecchio.obiettivi_strategici.clone(),
        programmi: vecchio.programmi.clone(),
        progetti_peg: vecchio.progetti_peg.clone(),
        obiettivi,
        atti: Vec::new(),
        assegnazioni,
        formazione: Vec::new(),
        monitoraggio: Monitoraggio::default(),
        note: Vec::new(),
    };
    (nuovo, riportati, chiusi)
}

/// Crea il ciclo che inizia in `a` dal ciclo che inizia in `da` (vedi il modulo): validato come
/// un'importazione e scritto in una sola transazione con l'evento `ciclo.nuovo`, o per nulla.
/// In `prova` restituisce l'elenco senza scrivere.
pub async fn crea_ciclo_successivo<
    R: PianiRepo + ValutazioneRepo + crate::porte_organizzazione::OrganizzazioneRepo,
>(
    repo: &R,
    ctx: &Contesto,
    da: i32,
    a: i32,
    prova: bool,
) -> Result<EsitoCicloNuovo, Errore> {
    let permesso = ctx.autorizza(Azione::ImportaPiano, Ambito::Ente)?;
    if !(ANNO_MINIMO..=ANNO_MASSIMO).contains(&a) {
        return Err(Errore::NonValido(format!(
            "anno del ciclo nuovo {a} non valido: da {ANNO_MINIMO} a {ANNO_MASSIMO}"
        )));
    }
    if a <= da {
        return Err(Errore::NonValido(format!(
            "il ciclo nuovo deve iniziare dopo quello da cui parte: --to {a} non è dopo --from {da}"
        )));
    }
    let vecchio = piano_del_tenant(repo, ctx, da).await?;
    if let Some(c) = repo
        .elenco_cicli(ctx.tenant)
        .await?
        .into_iter()
        .find(|c| c.anno_inizio == a)
    {
        return Err(Errore::Conflitto(format!(
            "l'ente «{}» ha già il ciclo {}–{}: il nuovo ciclo non è stato creato",
            ctx.ente, c.anno_inizio, c.anno_fine
        )));
    }
    let (nuovo, riportati, chiusi) = costruisci(&vecchio, a);
    let rilievi = valida(&nuovo);
    if ha_errori(&rilievi) {
        return Err(Errore::Rifiutato(
            rilievi
                .into_iter()
                .filter(|r| r.gravita == Gravita::Errore)
                .map(|mut r| {
                    r.messaggio = format!("ciclo nuovo {a}: {}", r.messaggio);
                    r
                })
                .collect(),
        ));
    }
    let regole = repo.regole(ctx.tenant, da).await?.map(|r| r.regole);
    let mut esito = EsitoCicloNuovo {
        ente: ctx.ente.clone(),
        da_inizio: da,
        da_fine: vecchio.ciclo.anno_fine,
        a_inizio: nuovo.ciclo.anno_inizio,
        a_fine: nuovo.ciclo.anno_fine,
        riportati,
        chiusi,
        persone: nuovo.persone.len(),
        unita: nuovo.unita_organizzative.len(),
        regole_copiate: regole.is_some(),
        avvisi: rilievi,
        scritto: false,
    };
    if prova {
        return Ok(esito);
    }
    let ev = ctx
        .evento(
            &permesso,
            "ciclo.nuovo",
            format!(
                "ciclo {}–{} di {} dal ciclo {da}–{}",
                esito.a_inizio, esito.a_fine, ctx.ente, esito.da_fine
            ),
        )
        .dopo(
            serde_json::to_string(&serde_json::json!({
                "riportati": esito.riportati.iter().map(|o| &o.codice).collect::<Vec<_>>(),
                "chiusi": esito.chiusi.iter().map(|o| &o.codice).collect::<Vec<_>>(),
                "persone": esito.persone,
                "unita": esito.unita,
                "regole_copiate": esito.regole_copiate,
            }))
            .ok(),
        );
    // I capofila degli obiettivi condivisi riportati restano quelli del ciclo vecchio.
    let capofila: Vec<(String, String)> =
        match repo.carica_piano_identificato(ctx.tenant, da).await? {
            Some((_, ids)) => repo
                .capofila(ctx.tenant, ids.ciclo)
                .await?
                .into_iter()
                .filter(|(o, _)| esito.riportati.iter().any(|r| &r.codice == o))
                .collect(),
            None => Vec::new(),
        };
    let identita = IdentitaPiano::nuova(&nuovo);
    repo.crea_ciclo(
        ctx.tenant,
        &nuovo,
        &identita,
        regole.as_ref(),
        &capofila,
        &ev,
    )
    .await?;
    esito.scritto = true;
    Ok(esito)
}

#[cfg(test)]
mod test {
    use super::*;

    fn piano(stati: serde_json::Value) -> Piano {
        serde_json::from_value(serde_json::json!({
            "formato": "traguardo-piano", "versione_schema": 1,
            "ente": {"codice": "PROVA", "nome": "Prova"},
            "ciclo": {"anno_inizio": 2023, "anno_fine": 2025},
            "obiettivi": [{"codice": "A", "tipo": "performance", "titolo": "A",
                "steps": [{"descrizione": "uno"}, {"descrizione": "due"}, {"descrizione": "tre"}]}],
            "monitoraggio": {
                "checkpoint": [
                    {"codice": "dic", "data": "2023-12-31", "etichetta": "31/12", "finale": true},
                    {"codice": "ago", "data": "2023-08-31", "etichetta": "31/08"}
                ],
                "stati": stati
            }
        }))
        .unwrap()
    }

    #[test]
    fn conta_l_ultimo_stato_per_data_e_il_testo_se_manca_la_voce() {
        let p = piano(serde_json::json!([
            // Realizzato ad agosto, ma a dicembre di nuovo in corso: non concluso.
            {"checkpoint": "ago", "obiettivo": "A", "step": 1, "stato": "realizzato"},
            {"checkpoint": "dic", "obiettivo": "A", "step": 1, "stato": "in_corso"},
            // Voce assente: si ricava dal testo.
            {"checkpoint": "dic", "obiettivo": "A", "step": 2, "testo": "Obiettivo realizzato."},
            // Solo ad agosto: vale quello.
            {"checkpoint": "ago", "obiettivo": "A", "step": 3, "stato": "realizzato_sperimentale"}
        ]));
        assert_eq!(step_realizzati(&p)["A"], [false, true, true]);
        let (nuovo, riportati, chiusi) = costruisci(&p, 2026);
        assert!(chiusi.is_empty());
        assert_eq!(riportati[0].step_riportati, 1);
        assert_eq!(nuovo.obiettivi[0].steps[0].descrizione, "uno");
        assert_eq!(
            (nuovo.ciclo.anno_inizio, nuovo.ciclo.anno_fine),
            (2026, 2028)
        );
    }

    #[test]
    fn in_itinere_e_non_realizzabile_non_chiudono() {
        let p = piano(serde_json::json!([
            {"checkpoint": "dic", "obiettivo": "A", "step": 1, "stato": "realizzato"},
            {"checkpoint": "dic", "obiettivo": "A", "step": 2, "stato": "in_itinere"},
            {"checkpoint": "dic", "obiettivo": "A", "step": 3, "stato": "non_realizzabile"}
        ]));
        assert_eq!(step_realizzati(&p)["A"], [true, false, false]);
        let tutti = piano(serde_json::json!([
            {"checkpoint": "dic", "obiettivo": "A", "step": 1, "stato": "realizzato"},
            {"checkpoint": "dic", "obiettivo": "A", "step": 2, "stato": "realizzato"},
            {"checkpoint": "ago", "obiettivo": "A", "step": 3, "stato": "realizzato"}
        ]));
        let (nuovo, riportati, chiusi) = costruisci(&tutti, 2026);
        assert!(riportati.is_empty() && nuovo.obiettivi.is_empty());
        assert_eq!(chiusi[0].codice, "A");
    }

    #[test]
    fn anni_del_titolo_spostati() {
        assert_eq!(
            sposta_anni("PIANO DELLE PERFORMANCE 2023", 2023, 2023, 3),
            "PIANO DELLE PERFORMANCE 2026"
        );
        assert_eq!(
            sposta_anni("Piano 2021-2023, art. 10 del 150/2009", 2021, 2023, 1),
            "Piano 2022-2024, art. 10 del 150/2009"
        );
    }
}
