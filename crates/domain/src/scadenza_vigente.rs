//! La scadenza in vigore di uno step alla data D: una sola regola per il punteggio, la
//! tempestività, il rapporto di monitoraggio e (per la parte che la riguarda) i pesi annuali.
//!
//! Regola (esempio svolto in `docs/valutazione.md`, «Scadenza in vigore alla data D»):
//! 1. si parte dalla scadenza originale dello step;
//! 2. si applicano le revisioni del piano in vigore a D: quelle senza data fanno parte del
//!    piano approvato, quelle con data contano dal giorno della loro data; vale l'ultima;
//! 3. si applicano le dilazioni concesse entro D: una dilazione conta dalla data della
//!    decisione o, se manca, dalla data del checkpoint in cui è stata chiesta; vale quella
//!    concessa per ultima.
//!
//! Una revisione uguale a una dilazione concessa dello stesso step (stessa nuova scadenza,
//! atto e data compatibili) è la dilazione stessa, scritta anche nella storia dello step: si
//! conta una volta sola, come dilazione. I pesi annuali usano solo le scadenze della versione
//! del piano (originale e revisioni), mai le dilazioni.

use crate::piano::{DilazioneFile, EsitoDilazione, Obiettivo, Piano, RevisioneScadenzaFile, Step};
use crate::scadenza::Scadenza;
use chrono::NaiveDate;
use serde::Serialize;

/// Da dove viene la scadenza in vigore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum FonteScadenza {
    /// La scadenza scritta nel piano approvato.
    Originale,
    /// Una revisione del piano (variazione), con atto e data se indicati.
    Revisione {
        atto: Option<String>,
        data: Option<NaiveDate>,
        motivo: Option<String>,
    },
    /// Una dilazione concessa: chiesta al checkpoint `checkpoint`, in vigore da `dal` (data
    /// della decisione, o del checkpoint se la decisione non ha data).
    Dilazione {
        checkpoint: String,
        atto: Option<String>,
        data_esito: Option<NaiveDate>,
        dal: NaiveDate,
        motivo: String,
    },
}

/// La scadenza in vigore e la sua provenienza.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScadenzaVigente {
    pub scadenza: Scadenza,
    pub fonte: FonteScadenza,
    /// La scadenza originale, quando quella in vigore è diversa.
    pub originale: Option<Scadenza>,
}

impl ScadenzaVigente {
    /// La data della scadenza in vigore, se si ricava.
    pub fn data(&self) -> Option<NaiveDate> {
        self.scadenza.data
    }

    /// Spiegazione in italiano: `entro ottobre 2023 (dilazione chiesta al 31/08/2023,
    /// concessa; era Entro agosto 2023)`.
    pub fn spiegazione(&self) -> String {
        let era = self
            .originale
            .as_ref()
            .map(|o| format!("; era {}", o.testo))
            .unwrap_or_default();
        let atto = |a: &Option<String>| a.as_ref().map(|a| format!(" con {a}")).unwrap_or_default();
        match &self.fonte {
            FonteScadenza::Originale => format!("{} (scadenza originale)", self.scadenza.testo),
            FonteScadenza::Revisione { atto: a, data, .. } => format!(
                "{} (revisione del piano{}{}{era})",
                self.scadenza.testo,
                atto(a),
                data.map(|d| format!(" del {}", d.format("%d/%m/%Y")))
                    .unwrap_or_default()
            ),
            FonteScadenza::Dilazione {
                checkpoint,
                atto: a,
                data_esito,
                dal,
                ..
            } => format!(
                "{} (dilazione chiesta al {checkpoint}, concessa{}{}{era})",
                self.scadenza.testo,
                atto(a),
                match data_esito {
                    Some(d) => format!(" il {}", d.format("%d/%m/%Y")),
                    None => format!(
                        ", senza data di decisione: in vigore dal checkpoint ({})",
                        dal.format("%d/%m/%Y")
                    ),
                }
            ),
        }
    }
}

/// Vero se la revisione è la stessa dilazione concessa, scritta nella storia dello step.
pub fn revisione_della_dilazione(r: &RevisioneScadenzaFile, d: &DilazioneFile) -> bool {
    d.esito == EsitoDilazione::Concessa
        && r.scadenza.trim().to_lowercase() == d.scadenza_proposta.trim().to_lowercase()
        && r.atto.as_ref().is_none_or(|a| d.atto.as_ref() == Some(a))
        && r.data.is_none_or(|x| d.data_esito == Some(x))
}

fn dilazioni_dello_step<'a>(
    piano: &'a Piano,
    obiettivo: &'a str,
    posizione: usize,
) -> impl Iterator<Item = &'a DilazioneFile> {
    piano
        .monitoraggio
        .dilazioni
        .iter()
        .filter(move |d| d.obiettivo == obiettivo && d.step as usize == posizione)
}

/// Le revisioni dello step che appartengono al piano (escluse quelle che ripetono una
/// dilazione concessa).
fn revisioni_del_piano<'a>(
    piano: &'a Piano,
    obiettivo: &'a Obiettivo,
    posizione: usize,
    step: &'a Step,
) -> impl Iterator<Item = &'a RevisioneScadenzaFile> {
    step.revisioni_scadenza.iter().filter(move |r| {
        !dilazioni_dello_step(piano, &obiettivo.codice, posizione)
            .any(|d| revisione_della_dilazione(r, d))
    })
}

/// Data da cui una dilazione concessa è in vigore: la decisione, altrimenti il checkpoint in
/// cui è stata chiesta (codice o data gg/mm/aaaa). `None` se non si ricava.
pub fn in_vigore_dal(piano: &Piano, d: &DilazioneFile) -> Option<NaiveDate> {
    d.data_esito.or_else(|| {
        piano
            .monitoraggio
            .checkpoint
            .iter()
            .find(|c| c.codice == d.checkpoint)
            .map(|c| c.data)
            .or_else(|| NaiveDate::parse_from_str(&d.checkpoint, "%d/%m/%Y").ok())
    })
}

fn vigente(
    rif: i32,
    originale: Option<&str>,
    nuova: &str,
    fonte: FonteScadenza,
) -> ScadenzaVigente {
    let scadenza = Scadenza::interpreta(nuova, rif);
    let originale = originale
        .map(|t| Scadenza::interpreta(t, rif))
        .filter(|o| o.testo != scadenza.testo);
    ScadenzaVigente {
        scadenza,
        fonte,
        originale,
    }
}

/// Scadenza della versione del piano (originale, poi revisioni del piano; mai le dilazioni):
/// è quella che decide in che anno lo step pesa. `al` limita le revisioni datate a quelle in
/// vigore a quella data; `None` le prende tutte.
pub fn scadenza_del_piano(
    piano: &Piano,
    obiettivo: &Obiettivo,
    posizione: usize,
    al: Option<NaiveDate>,
) -> Option<ScadenzaVigente> {
    let step = obiettivo.steps.get(posizione.checked_sub(1)?)?;
    let rif = piano.ciclo.anno_di_riferimento();
    let revisione = revisioni_del_piano(piano, obiettivo, posizione, step)
        .filter(|r| match (r.data, al) {
            (Some(d), Some(al)) => d <= al,
            _ => true,
        })
        .last();
    match revisione {
        Some(r) => Some(vigente(
            rif,
            step.scadenza.as_deref(),
            &r.scadenza,
            FonteScadenza::Revisione {
                atto: r.atto.clone(),
                data: r.data,
                motivo: r.motivo.clone(),
            },
        )),
        None => step.scadenza.as_deref().map(|t| ScadenzaVigente {
            scadenza: Scadenza::interpreta(t, rif),
            fonte: FonteScadenza::Originale,
            originale: None,
        }),
    }
}

/// La scadenza in vigore alla data `al` dello step in posizione `posizione` (da 1)
/// dell'obiettivo: originale, poi revisioni del piano in vigore, poi dilazioni concesse entro
/// quella data. `None` se lo step non esiste o non ha scadenza.
pub fn scadenza_vigente(
    piano: &Piano,
    obiettivo: &Obiettivo,
    posizione: usize,
    al: NaiveDate,
) -> Option<ScadenzaVigente> {
    let step = obiettivo.steps.get(posizione.checked_sub(1)?)?;
    let rif = piano.ciclo.anno_di_riferimento();
    // A parità di data vale l'ultima dilazione nell'elenco (max_by_key tiene l'ultima).
    let dilazione = dilazioni_dello_step(piano, &obiettivo.codice, posizione)
        .filter(|d| d.esito == EsitoDilazione::Concessa)
        .filter_map(|d| in_vigore_dal(piano, d).map(|dal| (d, dal)))
        .filter(|(_, dal)| *dal <= al)
        .max_by_key(|(_, dal)| *dal);
    match dilazione {
        Some((d, dal)) => Some(vigente(
            rif,
            step.scadenza.as_deref(),
            &d.scadenza_proposta,
            FonteScadenza::Dilazione {
                checkpoint: d.checkpoint.clone(),
                atto: d.atto.clone(),
                data_esito: d.data_esito,
                dal,
                motivo: d.motivo.clone(),
            },
        )),
        None => scadenza_del_piano(piano, obiettivo, posizione, Some(al)),
    }
}

/// Memorizzazione: toglie dalla storia degli step le revisioni che ripetono una dilazione
/// concessa dello stesso step, così il fatto è memorizzato una volta, come dilazione.
/// `ricomponi_revisioni` le rimette per l'esportazione. Uno step è toccato solo se la
/// ricomposizione ne restituisce esattamente la storia (testo, motivo, atto, data, ordine):
/// l'esportazione resta identica byte per byte.
pub fn assorbi_revisioni(piano: &mut Piano) {
    let dilazioni = piano.monitoraggio.dilazioni.clone();
    for o in &mut piano.obiettivi {
        for (i, s) in o.steps.iter_mut().enumerate() {
            let sue: Vec<&DilazioneFile> = dilazioni
                .iter()
                .filter(|d| d.obiettivo == o.codice && d.step as usize == i + 1)
                .collect();
            if sue.is_empty() || s.revisioni_scadenza.is_empty() {
                continue;
            }
            let mut ridotto = s.clone();
            ridotto
                .revisioni_scadenza
                .retain(|r| !sue.iter().any(|d| *r == revisione_scritta(d)));
            let mut prova = ridotto.clone();
            for d in &sue {
                ricomponi_step(&mut prova, d);
            }
            if prova == *s {
                *s = ridotto;
            }
        }
    }
}

/// La revisione che la decisione di una dilazione scrive nella storia dello step.
fn revisione_scritta(d: &DilazioneFile) -> RevisioneScadenzaFile {
    RevisioneScadenzaFile {
        scadenza: d.scadenza_proposta.clone(),
        motivo: Some(d.motivo.clone()),
        atto: d.atto.clone(),
        data: d.data_esito,
    }
}

fn ricomponi_step(s: &mut Step, d: &DilazioneFile) {
    if d.esito != EsitoDilazione::Concessa {
        return;
    }
    let r = revisione_scritta(d);
    if !s.revisioni_scadenza.contains(&r) {
        s.revisioni_scadenza.push(r);
    }
}

/// Esportazione: ogni dilazione concessa torna anche nella storia del suo step, in coda,
/// come la scrive la decisione della dilazione (inverso di `assorbi_revisioni`).
pub fn ricomponi_revisioni(piano: &mut Piano) {
    let dilazioni = piano.monitoraggio.dilazioni.clone();
    for d in &dilazioni {
        if let Some(s) = piano
            .obiettivi
            .iter_mut()
            .find(|o| o.codice == d.obiettivo)
            .and_then(|o| o.steps.get_mut((d.step as usize).checked_sub(1)?))
        {
            ricomponi_step(s, d);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::piano::CheckpointFile;

    fn d(a: i32, m: u32, g: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(a, m, g).unwrap()
    }

    fn rev(scadenza: &str, atto: Option<&str>, data: Option<NaiveDate>) -> RevisioneScadenzaFile {
        RevisioneScadenzaFile {
            scadenza: scadenza.into(),
            motivo: Some("motivo".into()),
            atto: atto.map(str::to_string),
            data,
        }
    }

    fn dil(
        cp: &str,
        scadenza: &str,
        esito: EsitoDilazione,
        atto: Option<&str>,
        data: Option<NaiveDate>,
    ) -> DilazioneFile {
        DilazioneFile {
            obiettivo: "X".into(),
            step: 1,
            checkpoint: cp.into(),
            motivo: "motivo".into(),
            scadenza_proposta: scadenza.into(),
            esito,
            atto: atto.map(str::to_string),
            data_esito: data,
        }
    }

    /// Il piano dell'esempio svolto di `docs/valutazione.md` («Scadenza in vigore alla data
    /// D»): step X.1 con scadenza originale 30/06/2026, una revisione del piano datata
    /// 15/07/2026 a settembre, una dilazione chiesta al 31/08 e concessa senza data a ottobre,
    /// un'altra chiesta al 31/10 e concessa il 20/11/2026 a dicembre, una respinta.
    fn piano_esempio() -> Piano {
        let json = r#"{"formato":"traguardo-piano","versione_schema":1,
            "ente":{"codice":"PROVA","nome":"Prova"},"ciclo":{"anno_inizio":2026,"anno_fine":2026},
            "obiettivi":[{"codice":"X","tipo":"peg","titolo":"X","steps":[
              {"codice":"X.1","descrizione":"gara","scadenza":"30/06/2026"}]}]}"#;
        let mut p: Piano = serde_json::from_str(json).unwrap();
        p.obiettivi[0].steps[0].revisioni_scadenza.push(rev(
            "Settembre 2026",
            Some("DEL-10"),
            Some(d(2026, 7, 15)),
        ));
        p.monitoraggio.checkpoint = vec![
            CheckpointFile {
                codice: "31/08/2026".into(),
                data: d(2026, 8, 31),
                etichetta: "intermedio".into(),
                finale: false,
            },
            CheckpointFile {
                codice: "31/10/2026".into(),
                data: d(2026, 10, 31),
                etichetta: "secondo".into(),
                finale: false,
            },
        ];
        p.monitoraggio.dilazioni = vec![
            dil(
                "31/08/2026",
                "Entro ottobre 2026",
                EsitoDilazione::Concessa,
                None,
                None,
            ),
            dil(
                "31/10/2026",
                "Entro dicembre 2026",
                EsitoDilazione::Concessa,
                Some("DEL-20"),
                Some(d(2026, 11, 20)),
            ),
            dil(
                "31/10/2026",
                "Entro marzo 2027",
                EsitoDilazione::Respinta,
                Some("DEL-21"),
                Some(d(2026, 11, 25)),
            ),
        ];
        p
    }

    fn data_al(p: &Piano, al: NaiveDate) -> Option<NaiveDate> {
        scadenza_vigente(p, &p.obiettivi[0], 1, al).and_then(|s| s.data())
    }

    /// `docs/valutazione.md`, «Scadenza in vigore alla data D»: la tabella delle cinque date.
    #[test]
    fn esempio_svolto_della_guida() {
        let p = piano_esempio();
        // D = 30/06/2026: nessuna revisione ancora in vigore (la variazione è del 15/07).
        let s = scadenza_vigente(&p, &p.obiettivi[0], 1, d(2026, 6, 30)).unwrap();
        assert_eq!(s.data(), Some(d(2026, 6, 30)));
        assert_eq!(s.fonte, FonteScadenza::Originale);
        assert_eq!(s.originale, None);
        // D = 31/07/2026: la revisione del 15/07 porta a settembre.
        let s = scadenza_vigente(&p, &p.obiettivi[0], 1, d(2026, 7, 31)).unwrap();
        assert_eq!(s.data(), Some(d(2026, 9, 30)));
        assert!(matches!(s.fonte, FonteScadenza::Revisione { .. }));
        assert_eq!(
            s.spiegazione(),
            "Settembre 2026 (revisione del piano con DEL-10 del 15/07/2026; era 30/06/2026)"
        );
        // D = 31/08/2026: la dilazione chiesta al 31/08, concessa senza data, conta dal
        // checkpoint e prevale sulla revisione.
        let s = scadenza_vigente(&p, &p.obiettivi[0], 1, d(2026, 8, 31)).unwrap();
        assert_eq!(s.data(), Some(d(2026, 10, 31)));
        assert_eq!(
            s.spiegazione(),
            "Entro ottobre 2026 (dilazione chiesta al 31/08/2026, concessa, senza data di \
             decisione: in vigore dal checkpoint (31/08/2026); era 30/06/2026)"
        );
        // D = 19/11/2026: la seconda dilazione non è ancora decisa.
        assert_eq!(data_al(&p, d(2026, 11, 19)), Some(d(2026, 10, 31)));
        // D = 31/12/2026: vale la seconda, concessa il 20/11; la respinta non conta mai.
        let s = scadenza_vigente(&p, &p.obiettivi[0], 1, d(2026, 12, 31)).unwrap();
        assert_eq!(s.data(), Some(d(2026, 12, 31)));
        assert!(matches!(
            s.fonte,
            FonteScadenza::Dilazione { ref atto, .. } if atto.as_deref() == Some("DEL-20")
        ));
        // I pesi vedono solo la versione del piano: settembre, mai le dilazioni.
        let s = scadenza_del_piano(&p, &p.obiettivi[0], 1, None).unwrap();
        assert_eq!(s.data(), Some(d(2026, 9, 30)));
    }

    #[test]
    fn revisione_uguale_alla_dilazione_conta_una_volta() {
        let mut p = piano_esempio();
        p.monitoraggio.dilazioni.truncate(1);
        // La stessa dilazione scritta anche nella storia dello step (come nel seed 003).
        p.obiettivi[0].steps[0]
            .revisioni_scadenza
            .push(rev("Entro ottobre 2026", None, None));
        // Prima del checkpoint la revisione senza data non vale: è la dilazione non ancora
        // chiesta; resta la revisione del piano del 15/07.
        assert_eq!(data_al(&p, d(2026, 7, 31)), Some(d(2026, 9, 30)));
        assert_eq!(data_al(&p, d(2026, 8, 31)), Some(d(2026, 10, 31)));
        let s = scadenza_del_piano(&p, &p.obiettivi[0], 1, None).unwrap();
        assert_eq!(s.data(), Some(d(2026, 9, 30)));
        // Memorizzata una volta, esportata come prima.
        let prima = p.clone();
        assorbi_revisioni(&mut p);
        assert_eq!(p.obiettivi[0].steps[0].revisioni_scadenza.len(), 1);
        ricomponi_revisioni(&mut p);
        assert_eq!(p, prima);
        // Scritta diversamente (maiuscole): conta una volta nella regola, ma resta memorizzata
        // com'è, perché l'esportazione non potrebbe riscriverla identica.
        p.obiettivi[0].steps[0].revisioni_scadenza[1].scadenza = "entro ottobre 2026".into();
        assert_eq!(data_al(&p, d(2026, 8, 31)), Some(d(2026, 10, 31)));
        let prima = p.clone();
        assorbi_revisioni(&mut p);
        assert_eq!(p, prima);
    }

    #[test]
    fn step_inesistente_o_senza_scadenza() {
        let mut p = piano_esempio();
        assert!(scadenza_vigente(&p, &p.obiettivi[0], 0, d(2026, 1, 1)).is_none());
        assert!(scadenza_vigente(&p, &p.obiettivi[0], 2, d(2026, 1, 1)).is_none());
        p.obiettivi[0].steps[0].scadenza = None;
        p.obiettivi[0].steps[0].revisioni_scadenza.clear();
        p.monitoraggio.dilazioni.clear();
        assert!(scadenza_vigente(&p, &p.obiettivi[0], 1, d(2026, 1, 1)).is_none());
    }
}
