//! Reimportazione di un file del piano in un ciclo già memorizzato: gli elementi si riconoscono e
//! tengono il loro id, **mai per posizione**.
//!
//! - Obiettivi: per id (file scritto con `export plan --with-ids`), poi per codice.
//! - Step e indicatori: per id, poi per codice, poi — per quelli senza codice — per descrizione
//!   (nome, per gli indicatori) identica nello stesso obiettivo.
//! - Checkpoint: per id, poi per codice.
//!
//! - Persone e progetti PEG: per codice.
//!
//! Ciò che non si riconosce è "tolto" più "aggiunto". Se qualcosa di tolto porta con sé fatti del
//! monitoraggio (stati, valori, dilazioni, cause, relazioni), voti o prese visione (una persona),
//! collegamenti a capitoli di bilancio (un obiettivo, un progetto), o se il file non riporta fatti
//! che il database ha, l'elenco di ciò che andrebbe perso è mostrato e serve una conferma esplicita.

use crate::identita::{
    IdDichiarati, IdDichiaratiObiettivo, IdentitaObiettivo, IdentitaPiano, nuovo_uuid,
};
use crate::porte_fatti::FattiCollegati;
use serde::Serialize;
use std::collections::HashSet;
use traguardo_domain::id::{IdCheckpoint, IdCiclo, IdIndicatore, IdObiettivo, IdStep};
use traguardo_domain::piano::{Obiettivo, Piano};

/// Un elemento del piano che la reimportazione toglie o aggiunge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Elemento {
    /// `obiettivo`, `step`, `indicatore`, `checkpoint`, `persona`, `progetto`.
    pub tipo: &'static str,
    /// Come lo legge una persona: "D4", "D4 step 5 «Avvio del servizio»".
    pub descrizione: String,
    /// I fatti che lo riguardano (persi se è tolto): monitoraggio, voti, prese visione,
    /// collegamenti dei capitoli.
    pub fatti: usize,
    /// Quali fatti, per una persona: "3 fatti di monitoraggio", "2 voti e 1 presa visione".
    pub perdite: String,
}

/// "3 fatti di monitoraggio e 2 collegamenti a capitoli di bilancio": le voci non nulle.
fn perdite(voci: &[(usize, &str, &str)]) -> String {
    let v: Vec<String> = voci
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, uno, molti)| format!("{n} {}", if *n == 1 { uno } else { molti }))
        .collect();
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        _ => format!("{} e {}", v[..v.len() - 1].join(", "), v[v.len() - 1]),
    }
}

fn elemento(tipo: &'static str, descrizione: String, voci: &[(usize, &str, &str)]) -> Elemento {
    Elemento {
        tipo,
        descrizione,
        fatti: voci.iter().map(|x| x.0).sum(),
        perdite: perdite(voci),
    }
}

/// Un obiettivo tolto dal piano, con ciò che perde: il monitoraggio e i collegamenti dei
/// capitoli. La stessa regola per la reimportazione e per il comando che elimina un obiettivo.
pub(crate) fn obiettivo_tolto(p: &Piano, o: &Obiettivo, collegati: &FattiCollegati) -> Elemento {
    elemento(
        "obiettivo",
        format!("{} «{}»", o.codice, o.titolo),
        &[
            monitoraggio(fatti_obiettivo(p, o)),
            (
                conteggio(&collegati.obiettivi, &o.codice),
                "collegamento a un capitolo di bilancio",
                "collegamenti a capitoli di bilancio",
            ),
        ],
    )
}

const MONITORAGGIO: (&str, &str) = ("fatto di monitoraggio", "fatti di monitoraggio");

fn monitoraggio(n: usize) -> (usize, &'static str, &'static str) {
    (n, MONITORAGGIO.0, MONITORAGGIO.1)
}

fn conteggio(v: &[(String, usize)], codice: &str) -> usize {
    v.iter()
        .find(|(c, _)| c == codice)
        .map(|x| x.1)
        .unwrap_or(0)
}

/// Un fatto del database che il file non riporta (andrebbe perso).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FattoPerso {
    pub tipo: &'static str,
    pub descrizione: String,
}

/// L'esito del confronto tra il piano memorizzato e il file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Differenze {
    /// Elementi riconosciuti (tengono il loro id).
    pub riconosciuti: usize,
    pub tolti: Vec<Elemento>,
    pub aggiunti: Vec<Elemento>,
    pub fatti_persi: Vec<FattoPerso>,
}

impl Differenze {
    /// Vero se applicare il file fa perdere monitoraggio: serve `--confirm`.
    pub fn perde_dati(&self) -> bool {
        !self.fatti_persi.is_empty() || self.tolti.iter().any(|e| e.fatti > 0)
    }
}

fn etichetta_step(o: &Obiettivo, j: usize) -> String {
    let s = &o.steps[j];
    format!(
        "{} step {}{} «{}»",
        o.codice,
        j + 1,
        s.codice
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default(),
        s.descrizione
    )
}

fn etichetta_indicatore(o: &Obiettivo, j: usize) -> String {
    format!(
        "{} indicatore {} «{}»",
        o.codice,
        j + 1,
        o.indicatori[j].nome
    )
}

/// Abbina gli elementi di una lista nuova a quelli di una vecchia: per id dichiarato, poi per
/// chiave (codice), poi per seconda chiave (descrizione) dove la chiave manca. Ogni vecchio
/// elemento si usa una volta sola. Restituisce, per ogni nuovo, l'indice del vecchio abbinato.
fn abbina<Id: Copy + PartialEq>(
    vecchi_id: &[Id],
    vecchie_chiavi: &[(Option<String>, String)],
    nuovi_id: &[Option<Id>],
    nuove_chiavi: &[(Option<String>, String)],
) -> Vec<Option<usize>> {
    let mut usati = vec![false; vecchi_id.len()];
    let mut esito = vec![None; nuove_chiavi.len()];
    // Prima gli id dichiarati, poi i codici, poi le descrizioni: un id vince sempre su un codice.
    for (n, id) in nuovi_id.iter().enumerate() {
        if let Some(id) = id
            && let Some(v) = vecchi_id.iter().position(|x| x == id)
            && !usati[v]
        {
            usati[v] = true;
            esito[n] = Some(v);
        }
    }
    for (n, (codice, _)) in nuove_chiavi.iter().enumerate() {
        if esito[n].is_some() {
            continue;
        }
        if let Some(c) = codice
            && let Some(v) = (0..vecchi_id.len())
                .find(|&v| !usati[v] && vecchie_chiavi[v].0.as_deref() == Some(c.as_str()))
        {
            usati[v] = true;
            esito[n] = Some(v);
        }
    }
    for (n, (codice, descrizione)) in nuove_chiavi.iter().enumerate() {
        if esito[n].is_some() || codice.is_some() {
            continue;
        }
        if let Some(v) = (0..vecchi_id.len()).find(|&v| {
            !usati[v] && vecchie_chiavi[v].0.is_none() && &vecchie_chiavi[v].1 == descrizione
        }) {
            usati[v] = true;
            esito[n] = Some(v);
        }
    }
    esito
}

/// Quanti fatti del monitoraggio riguardano lo step `j` (da 0) dell'obiettivo: ciò che si
/// perderebbe togliendolo (regola unica per reimportazione e comandi del piano).
pub(crate) fn fatti_step(p: &Piano, obiettivo: &str, j: usize) -> usize {
    let pos = j as u32 + 1;
    let m = &p.monitoraggio;
    m.stati
        .iter()
        .filter(|s| s.obiettivo == obiettivo && s.step == pos)
        .count()
        + m.dilazioni
            .iter()
            .filter(|s| s.obiettivo == obiettivo && s.step == pos)
            .count()
        + m.cause_scostamento
            .iter()
            .filter(|s| s.obiettivo == obiettivo && s.step == Some(pos))
            .count()
}

pub(crate) fn fatti_indicatore(p: &Piano, obiettivo: &str, j: usize) -> usize {
    let pos = j as u32 + 1;
    p.monitoraggio
        .valori
        .iter()
        .filter(|v| v.obiettivo == obiettivo && v.indicatore == pos)
        .count()
}

pub(crate) fn fatti_obiettivo(p: &Piano, o: &Obiettivo) -> usize {
    (0..o.steps.len())
        .map(|j| fatti_step(p, &o.codice, j))
        .sum::<usize>()
        + (0..o.indicatori.len())
            .map(|j| fatti_indicatore(p, &o.codice, j))
            .sum::<usize>()
        + p.monitoraggio
            .cause_scostamento
            .iter()
            .filter(|c| c.obiettivo == o.codice && c.step.is_none())
            .count()
        + p.monitoraggio
            .relazioni
            .iter()
            .filter(|r| r.obiettivo == o.codice)
            .count()
}

/// Le identità da dare al piano del file: quelle del piano memorizzato dove gli elementi si
/// riconoscono, nuove altrove; e le differenze da mostrare all'utente.
pub fn abbina_piano(
    vecchio: Option<(&Piano, &IdentitaPiano)>,
    nuovo: &Piano,
    dichiarati: &IdDichiarati,
) -> (IdentitaPiano, Differenze) {
    abbina_piano_con(vecchio, nuovo, dichiarati, &FattiCollegati::default())
}

/// Come [`abbina_piano`], sapendo quali fatti fuori dal file (voti, prese visione,
/// collegamenti dei capitoli) riguardano le persone, gli obiettivi e i progetti memorizzati.
pub fn abbina_piano_con(
    vecchio: Option<(&Piano, &IdentitaPiano)>,
    nuovo: &Piano,
    dichiarati: &IdDichiarati,
    collegati: &FattiCollegati,
) -> (IdentitaPiano, Differenze) {
    let Some((vp, vi)) = vecchio else {
        let mut ids = IdentitaPiano::nuova(nuovo);
        // Un piano nuovo tiene gli id scritti nel file, se ci sono.
        applica_dichiarati(&mut ids, dichiarati);
        let aggiunti = nuovo
            .obiettivi
            .iter()
            .map(|o| Elemento {
                tipo: "obiettivo",
                descrizione: o.codice.clone(),
                fatti: 0,
                perdite: String::new(),
            })
            .collect();
        return (
            ids,
            Differenze {
                aggiunti,
                ..Default::default()
            },
        );
    };
    let mut diff = Differenze::default();
    let vuoto = IdDichiaratiObiettivo::default();
    let chiavi_obiettivi = |p: &Piano| -> Vec<(Option<String>, String)> {
        p.obiettivi
            .iter()
            .map(|o| (Some(o.codice.clone()), o.titolo.clone()))
            .collect()
    };
    let vecchi_obiettivi: Vec<IdObiettivo> = vi.obiettivi.iter().map(|o| o.id).collect();
    let dichiarati_obiettivi: Vec<Option<IdObiettivo>> = (0..nuovo.obiettivi.len())
        .map(|i| dichiarati.obiettivi.get(i).and_then(|d| d.id))
        .collect();
    let abbinati = abbina(
        &vecchi_obiettivi,
        &chiavi_obiettivi(vp),
        &dichiarati_obiettivi,
        &chiavi_obiettivi(nuovo),
    );
    let mut obiettivi = Vec::new();
    for (i, o) in nuovo.obiettivi.iter().enumerate() {
        let d = dichiarati.obiettivi.get(i).unwrap_or(&vuoto);
        match abbinati[i] {
            Some(v) => {
                diff.riconosciuti += 1;
                let vo = &vp.obiettivi[v];
                let vid = &vi.obiettivi[v];
                let chiavi_step = |o: &Obiettivo| -> Vec<(Option<String>, String)> {
                    o.steps
                        .iter()
                        .map(|s| (s.codice.clone(), s.descrizione.clone()))
                        .collect()
                };
                let dich_step: Vec<Option<IdStep>> = (0..o.steps.len())
                    .map(|j| d.steps.get(j).copied().flatten())
                    .collect();
                let ab_step = abbina(&vid.steps, &chiavi_step(vo), &dich_step, &chiavi_step(o));
                let chiavi_ind = |o: &Obiettivo| -> Vec<(Option<String>, String)> {
                    o.indicatori
                        .iter()
                        .map(|s| (s.codice.clone(), s.nome.clone()))
                        .collect()
                };
                let dich_ind: Vec<Option<IdIndicatore>> = (0..o.indicatori.len())
                    .map(|j| d.indicatori.get(j).copied().flatten())
                    .collect();
                let ab_ind = abbina(&vid.indicatori, &chiavi_ind(vo), &dich_ind, &chiavi_ind(o));
                let steps = ab_step
                    .iter()
                    .enumerate()
                    .map(|(j, a)| match a {
                        Some(v) => {
                            diff.riconosciuti += 1;
                            vid.steps[*v]
                        }
                        None => {
                            diff.aggiunti.push(Elemento {
                                tipo: "step",
                                descrizione: etichetta_step(o, j),
                                fatti: 0,
                                perdite: String::new(),
                            });
                            IdStep(nuovo_uuid())
                        }
                    })
                    .collect();
                let usati: HashSet<usize> = ab_step.iter().flatten().copied().collect();
                for j in (0..vo.steps.len()).filter(|j| !usati.contains(j)) {
                    diff.tolti.push(elemento(
                        "step",
                        etichetta_step(vo, j),
                        &[monitoraggio(fatti_step(vp, &vo.codice, j))],
                    ));
                }
                let indicatori = ab_ind
                    .iter()
                    .enumerate()
                    .map(|(j, a)| match a {
                        Some(v) => {
                            diff.riconosciuti += 1;
                            vid.indicatori[*v]
                        }
                        None => {
                            diff.aggiunti.push(Elemento {
                                tipo: "indicatore",
                                descrizione: etichetta_indicatore(o, j),
                                fatti: 0,
                                perdite: String::new(),
                            });
                            IdIndicatore(nuovo_uuid())
                        }
                    })
                    .collect();
                let usati: HashSet<usize> = ab_ind.iter().flatten().copied().collect();
                for j in (0..vo.indicatori.len()).filter(|j| !usati.contains(j)) {
                    diff.tolti.push(elemento(
                        "indicatore",
                        etichetta_indicatore(vo, j),
                        &[monitoraggio(fatti_indicatore(vp, &vo.codice, j))],
                    ));
                }
                obiettivi.push(IdentitaObiettivo {
                    id: vid.id,
                    revisione: vid.revisione,
                    steps,
                    indicatori,
                });
            }
            None => {
                diff.aggiunti.push(Elemento {
                    tipo: "obiettivo",
                    descrizione: o.codice.clone(),
                    fatti: 0,
                    perdite: String::new(),
                });
                obiettivi.push(IdentitaObiettivo {
                    id: d.id.unwrap_or_else(|| IdObiettivo(nuovo_uuid())),
                    revisione: 0,
                    steps: (0..o.steps.len())
                        .map(|j| {
                            d.steps
                                .get(j)
                                .copied()
                                .flatten()
                                .unwrap_or_else(|| IdStep(nuovo_uuid()))
                        })
                        .collect(),
                    indicatori: (0..o.indicatori.len())
                        .map(|j| {
                            d.indicatori
                                .get(j)
                                .copied()
                                .flatten()
                                .unwrap_or_else(|| IdIndicatore(nuovo_uuid()))
                        })
                        .collect(),
                });
            }
        }
    }
    let usati: HashSet<usize> = abbinati.iter().flatten().copied().collect();
    for (v, vo) in vp.obiettivi.iter().enumerate() {
        if !usati.contains(&v) {
            diff.tolti.push(obiettivo_tolto(vp, vo, collegati));
        }
    }
    // Persone e progetti PEG si riconoscono per codice; tolti, perdono voti, prese visione e
    // collegamenti dei capitoli.
    for x in &vp.persone {
        if !nuovo.persone.iter().any(|n| n.codice == x.codice) {
            let (voti, prese) = collegati
                .persone
                .iter()
                .find(|(c, _, _)| *c == x.codice)
                .map(|(_, v, p)| (*v, *p))
                .unwrap_or((0, 0));
            diff.tolti.push(elemento(
                "persona",
                format!("{} «{}»", x.codice, x.cognome_nome),
                &[
                    (voti, "voto di comportamento", "voti di comportamento"),
                    (
                        prese,
                        "presa visione della scheda",
                        "prese visione della scheda",
                    ),
                ],
            ));
        }
    }
    for x in &vp.progetti_peg {
        if !nuovo.progetti_peg.iter().any(|n| n.codice == x.codice) {
            diff.tolti.push(elemento(
                "progetto",
                format!("{} «{}»", x.codice, x.nome),
                &[(
                    conteggio(&collegati.progetti, &x.codice),
                    "collegamento a un capitolo di bilancio",
                    "collegamenti a capitoli di bilancio",
                )],
            ));
        }
    }
    // Checkpoint.
    let chiavi_cp = |p: &Piano| -> Vec<(Option<String>, String)> {
        p.monitoraggio
            .checkpoint
            .iter()
            .map(|c| (Some(c.codice.clone()), c.etichetta.clone()))
            .collect()
    };
    let dich_cp: Vec<Option<IdCheckpoint>> = (0..nuovo.monitoraggio.checkpoint.len())
        .map(|i| dichiarati.checkpoint.get(i).copied().flatten())
        .collect();
    let ab_cp = abbina(&vi.checkpoint, &chiavi_cp(vp), &dich_cp, &chiavi_cp(nuovo));
    let checkpoint = ab_cp
        .iter()
        .enumerate()
        .map(|(i, a)| match a {
            Some(v) => vi.checkpoint[*v],
            None => dich_cp[i].unwrap_or_else(|| IdCheckpoint(nuovo_uuid())),
        })
        .collect();
    let ids = IdentitaPiano {
        ciclo: vi.ciclo,
        obiettivi,
        checkpoint,
    };
    diff.fatti_persi = fatti_persi(vp, vi, nuovo, &ids);
    (ids, diff)
}

/// I fatti del piano memorizzato che, con le identità nuove, il file non riporta.
fn fatti_persi(vp: &Piano, vi: &IdentitaPiano, np: &Piano, ni: &IdentitaPiano) -> Vec<FattoPerso> {
    let chiave_step = |p: &Piano, ids: &IdentitaPiano, ob: &str, pos: u32| {
        p.obiettivi
            .iter()
            .position(|o| o.codice == ob)
            .and_then(|i| ids.obiettivi[i].steps.get(pos as usize - 1).copied())
    };
    let chiave_ind = |p: &Piano, ids: &IdentitaPiano, ob: &str, pos: u32| {
        p.obiettivi
            .iter()
            .position(|o| o.codice == ob)
            .and_then(|i| ids.obiettivi[i].indicatori.get(pos as usize - 1).copied())
    };
    let chiave_cp = |p: &Piano, ids: &IdentitaPiano, c: &str| {
        p.monitoraggio
            .checkpoint
            .iter()
            .position(|k| k.codice == c)
            .map(|i| ids.checkpoint[i])
    };
    let nuovi_stati: HashSet<_> = np
        .monitoraggio
        .stati
        .iter()
        .map(|s| {
            (
                chiave_step(np, ni, &s.obiettivo, s.step),
                chiave_cp(np, ni, &s.checkpoint),
            )
        })
        .collect();
    let nuovi_valori: HashSet<_> = np
        .monitoraggio
        .valori
        .iter()
        .map(|s| {
            (
                chiave_ind(np, ni, &s.obiettivo, s.indicatore),
                chiave_cp(np, ni, &s.checkpoint),
            )
        })
        .collect();
    let nuove_dilazioni: HashSet<_> = np
        .monitoraggio
        .dilazioni
        .iter()
        .map(|s| {
            (
                chiave_step(np, ni, &s.obiettivo, s.step),
                chiave_cp(np, ni, &s.checkpoint),
            )
        })
        .collect();
    let mut persi = Vec::new();
    for s in &vp.monitoraggio.stati {
        let k = (
            chiave_step(vp, vi, &s.obiettivo, s.step),
            chiave_cp(vp, vi, &s.checkpoint),
        );
        if !nuovi_stati.contains(&k) {
            persi.push(FattoPerso {
                tipo: "stato",
                descrizione: format!(
                    "stato dello step {} dell'obiettivo {} al {}",
                    s.step, s.obiettivo, s.checkpoint
                ),
            });
        }
    }
    for s in &vp.monitoraggio.valori {
        let k = (
            chiave_ind(vp, vi, &s.obiettivo, s.indicatore),
            chiave_cp(vp, vi, &s.checkpoint),
        );
        if !nuovi_valori.contains(&k) {
            persi.push(FattoPerso {
                tipo: "valore",
                descrizione: format!(
                    "valore dell'indicatore {} dell'obiettivo {} al {}",
                    s.indicatore, s.obiettivo, s.checkpoint
                ),
            });
        }
    }
    for s in &vp.monitoraggio.dilazioni {
        let k = (
            chiave_step(vp, vi, &s.obiettivo, s.step),
            chiave_cp(vp, vi, &s.checkpoint),
        );
        if !nuove_dilazioni.contains(&k) {
            persi.push(FattoPerso {
                tipo: "dilazione",
                descrizione: format!(
                    "dilazione dello step {} dell'obiettivo {} chiesta al {}",
                    s.step, s.obiettivo, s.checkpoint
                ),
            });
        }
    }
    persi
}

fn applica_dichiarati(ids: &mut IdentitaPiano, d: &IdDichiarati) {
    for (o, dd) in ids.obiettivi.iter_mut().zip(&d.obiettivi) {
        if let Some(id) = dd.id {
            o.id = id;
        }
        for (s, ds) in o.steps.iter_mut().zip(&dd.steps) {
            if let Some(id) = ds {
                *s = *id;
            }
        }
        for (s, ds) in o.indicatori.iter_mut().zip(&dd.indicatori) {
            if let Some(id) = ds {
                *s = *id;
            }
        }
    }
    for (c, dc) in ids.checkpoint.iter_mut().zip(&d.checkpoint) {
        if let Some(id) = dc {
            *c = *id;
        }
    }
}

/// Un ciclo nuovo con id nuovo (quando l'ente non ha ancora quel ciclo).
pub fn ciclo_nuovo() -> IdCiclo {
    IdCiclo(nuovo_uuid())
}
