//! Il confronto tra due versioni del piano: obiettivi, step, indicatori, collegamenti dei
//! capitoli e assegnazioni, abbinati per id (obiettivi, step, indicatori) o per chiave
//! (assegnazioni: persona, obiettivo, step; collegamenti: capitolo e destinazione).

use crate::identita::IdDichiarati;
use crate::porte_versioni::CollegamentoVersione;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use traguardo_domain::numeri::{Percentuale, formato_percento_it};
use traguardo_domain::piano::{Indicatore, Obiettivo, Piano, Step};
use uuid::Uuid;

/// Il contenuto di una versione, letto: il piano con i suoi id e i collegamenti dei capitoli.
#[derive(Debug, Clone)]
pub struct ContenutoLetto {
    pub piano: Piano,
    pub ids: IdDichiarati,
    pub collegamenti: Vec<CollegamentoVersione>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TipoVoce {
    Obiettivo,
    Step,
    Indicatore,
    CollegamentoCapitolo,
    Assegnazione,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cambio {
    Aggiunto,
    Tolto,
    Modificato,
}

/// Un campo cambiato: prima e dopo, come si leggono.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampoCambiato {
    pub campo: String,
    pub prima: Option<String>,
    pub dopo: Option<String>,
}

/// Una differenza tra le due versioni.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoceDiff {
    pub tipo: TipoVoce,
    pub cambio: Cambio,
    /// Di cosa si parla, in italiano: «obiettivo A1», «step 2 dell'obiettivo A1»…
    pub oggetto: String,
    pub campi: Vec<CampoCambiato>,
}

/// Vista del confronto tra la versione `da` e la versione `a` del piano di un ciclo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffVersioni {
    pub ente: String,
    pub anno: i32,
    pub da: i32,
    pub a: i32,
    pub voci: Vec<VoceDiff>,
}

fn perc(p: Option<Percentuale>) -> Option<String> {
    p.map(|p| formato_percento_it(p.0))
}

struct Campi(Vec<CampoCambiato>);

impl Campi {
    fn confronta(&mut self, campo: &str, prima: Option<String>, dopo: Option<String>) {
        if prima != dopo {
            self.0.push(CampoCambiato {
                campo: campo.to_string(),
                prima,
                dopo,
            });
        }
    }
}

fn campi_obiettivo(a: &Obiettivo, b: &Obiettivo) -> Vec<CampoCambiato> {
    let mut c = Campi(Vec::new());
    c.confronta("codice", Some(a.codice.clone()), Some(b.codice.clone()));
    c.confronta("titolo", Some(a.titolo.clone()), Some(b.titolo.clone()));
    c.confronta(
        "tipo",
        Some(a.tipo.codice().to_string()),
        Some(b.tipo.codice().to_string()),
    );
    c.confronta("peso", perc(a.peso), perc(b.peso));
    c.confronta(
        "punti",
        a.punti.map(|p| p.to_string()),
        b.punti.map(|p| p.to_string()),
    );
    c.confronta(
        "primo anno",
        a.primo_anno.map(|x| x.to_string()),
        b.primo_anno.map(|x| x.to_string()),
    );
    let cdr = |o: &Obiettivo| {
        Some(
            o.unita
                .iter()
                .map(|u| u.unita.clone())
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    c.confronta("CdR", cdr(a), cdr(b));
    c.0
}

fn campi_step(a: &Step, b: &Step) -> Vec<CampoCambiato> {
    let mut c = Campi(Vec::new());
    c.confronta("codice", a.codice.clone(), b.codice.clone());
    c.confronta(
        "descrizione",
        Some(a.descrizione.clone()),
        Some(b.descrizione.clone()),
    );
    c.confronta("scadenza", a.scadenza.clone(), b.scadenza.clone());
    c.confronta("peso", perc(a.peso), perc(b.peso));
    c.confronta("indicatore", a.indicatore.clone(), b.indicatore.clone());
    c.0
}

fn campi_indicatore(a: &Indicatore, b: &Indicatore) -> Vec<CampoCambiato> {
    let mut c = Campi(Vec::new());
    c.confronta("codice", a.codice.clone(), b.codice.clone());
    c.confronta("nome", Some(a.nome.clone()), Some(b.nome.clone()));
    c.confronta("baseline", a.baseline.clone(), b.baseline.clone());
    c.confronta("target", a.target.clone(), b.target.clone());
    c.confronta(
        "unità di misura",
        a.unita_misura.clone(),
        b.unita_misura.clone(),
    );
    c.confronta("fonte", a.fonte.clone(), b.fonte.clone());
    c.0
}

/// Chiave di abbinamento di un elemento: il suo id se c'è, altrimenti la posizione nel genitore
/// (per obiettivi il codice).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Chiave {
    Id(Uuid),
    Altro(String),
}

/// Abbina due elenchi per chiave: (prima, dopo) nell'ordine di `dopo`, poi i tolti.
fn abbina<'x, T>(
    prima: &[(Chiave, &'x T)],
    dopo: &[(Chiave, &'x T)],
) -> Vec<(Option<&'x T>, Option<&'x T>)> {
    let indice: HashMap<&Chiave, &T> = prima.iter().map(|(k, v)| (k, *v)).collect();
    let mut visti = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (k, v) in dopo {
        visti.insert(k.clone());
        out.push((indice.get(k).copied(), Some(*v)));
    }
    for (k, v) in prima {
        if !visti.contains(k) {
            out.push((Some(*v), None));
        }
    }
    out
}

fn chiavi_obiettivi(c: &ContenutoLetto) -> Vec<(Chiave, &Obiettivo)> {
    c.piano
        .obiettivi
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let k = match c.ids.obiettivi.get(i).and_then(|x| x.id) {
                Some(id) => Chiave::Id(id.0),
                None => Chiave::Altro(o.codice.clone()),
            };
            (k, o)
        })
        .collect()
}

fn ids_obiettivo(c: &ContenutoLetto, o: &Obiettivo) -> Option<usize> {
    c.piano.obiettivi.iter().position(|x| std::ptr::eq(x, o))
}

fn voce(tipo: TipoVoce, cambio: Cambio, oggetto: String, campi: Vec<CampoCambiato>) -> VoceDiff {
    VoceDiff {
        tipo,
        cambio,
        oggetto,
        campi,
    }
}

/// Il confronto tra due contenuti (`prima` della versione `da`, `dopo` della versione `a`).
pub fn confronta(
    ente: &str,
    anno: i32,
    da: i32,
    a: i32,
    prima: &ContenutoLetto,
    dopo: &ContenutoLetto,
) -> DiffVersioni {
    let mut voci = Vec::new();
    for (x, y) in abbina(&chiavi_obiettivi(prima), &chiavi_obiettivi(dopo)) {
        match (x, y) {
            (None, Some(y)) => voci.push(voce(
                TipoVoce::Obiettivo,
                Cambio::Aggiunto,
                format!("obiettivo {} «{}»", y.codice, y.titolo),
                Vec::new(),
            )),
            (Some(x), None) => voci.push(voce(
                TipoVoce::Obiettivo,
                Cambio::Tolto,
                format!("obiettivo {} «{}»", x.codice, x.titolo),
                Vec::new(),
            )),
            (Some(x), Some(y)) => {
                let campi = campi_obiettivo(x, y);
                if !campi.is_empty() {
                    voci.push(voce(
                        TipoVoce::Obiettivo,
                        Cambio::Modificato,
                        format!("obiettivo {}", y.codice),
                        campi,
                    ));
                }
                let (ix, iy) = (ids_obiettivo(prima, x), ids_obiettivo(dopo, y));
                voci.extend(confronta_figli(prima, dopo, ix, iy, x, y));
            }
            (None, None) => {}
        }
    }
    // Collegamenti dei capitoli.
    let chiave_coll = |c: &CollegamentoVersione| {
        (
            c.esercizio,
            c.lato.clone(),
            c.capitolo.clone(),
            c.destinazione_id,
        )
    };
    let pc: BTreeMap<_, _> = prima
        .collegamenti
        .iter()
        .map(|c| (chiave_coll(c), c))
        .collect();
    let dc: BTreeMap<_, _> = dopo
        .collegamenti
        .iter()
        .map(|c| (chiave_coll(c), c))
        .collect();
    let descr = |c: &CollegamentoVersione| {
        format!(
            "capitolo {} {} {} → {} {}",
            c.esercizio, c.lato, c.capitolo, c.tipo, c.codice
        )
    };
    for (k, c) in &dc {
        if !pc.contains_key(k) {
            voci.push(voce(
                TipoVoce::CollegamentoCapitolo,
                Cambio::Aggiunto,
                descr(c),
                Vec::new(),
            ));
        }
    }
    for (k, c) in &pc {
        if !dc.contains_key(k) {
            voci.push(voce(
                TipoVoce::CollegamentoCapitolo,
                Cambio::Tolto,
                descr(c),
                Vec::new(),
            ));
        }
    }
    // Assegnazioni: persona × obiettivo (× step), con la quota.
    let chiave_ass = |p: &Piano| {
        p.assegnazioni
            .iter()
            .map(|a| {
                (
                    (a.persona.clone(), a.obiettivo.clone(), a.step.clone()),
                    perc(a.quota),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    let (pa, da_) = (chiave_ass(&prima.piano), chiave_ass(&dopo.piano));
    let descr_ass = |(persona, obiettivo, step): &(String, String, Option<String>)| match step {
        Some(s) => format!("assegnazione di {persona} allo step {s} dell'obiettivo {obiettivo}"),
        None => format!("assegnazione di {persona} all'obiettivo {obiettivo}"),
    };
    for (k, q) in &da_ {
        match pa.get(k) {
            None => voci.push(voce(
                TipoVoce::Assegnazione,
                Cambio::Aggiunto,
                descr_ass(k),
                Vec::new(),
            )),
            Some(qp) if qp != q => voci.push(voce(
                TipoVoce::Assegnazione,
                Cambio::Modificato,
                descr_ass(k),
                vec![CampoCambiato {
                    campo: "quota".into(),
                    prima: qp.clone(),
                    dopo: q.clone(),
                }],
            )),
            Some(_) => {}
        }
    }
    for k in pa.keys() {
        if !da_.contains_key(k) {
            voci.push(voce(
                TipoVoce::Assegnazione,
                Cambio::Tolto,
                descr_ass(k),
                Vec::new(),
            ));
        }
    }
    DiffVersioni {
        ente: ente.to_string(),
        anno,
        da,
        a,
        voci,
    }
}

fn chiavi_step<'x>(
    c: &ContenutoLetto,
    i: Option<usize>,
    o: &'x Obiettivo,
) -> Vec<(Chiave, &'x Step)> {
    o.steps
        .iter()
        .enumerate()
        .map(|(j, s)| {
            let id = i
                .and_then(|i| c.ids.obiettivi.get(i))
                .and_then(|d| d.steps.get(j).copied().flatten());
            let k = match id {
                Some(id) => Chiave::Id(id.0),
                None => Chiave::Altro(format!("{j}")),
            };
            (k, s)
        })
        .collect()
}

fn chiavi_ind<'x>(
    c: &ContenutoLetto,
    i: Option<usize>,
    o: &'x Obiettivo,
) -> Vec<(Chiave, &'x Indicatore)> {
    o.indicatori
        .iter()
        .enumerate()
        .map(|(j, s)| {
            let id = i
                .and_then(|i| c.ids.obiettivi.get(i))
                .and_then(|d| d.indicatori.get(j).copied().flatten());
            let k = match id {
                Some(id) => Chiave::Id(id.0),
                None => Chiave::Altro(format!("{j}")),
            };
            (k, s)
        })
        .collect()
}

fn confronta_figli(
    prima: &ContenutoLetto,
    dopo: &ContenutoLetto,
    ix: Option<usize>,
    iy: Option<usize>,
    x: &Obiettivo,
    y: &Obiettivo,
) -> Vec<VoceDiff> {
    let mut voci = Vec::new();
    let pos_step = |o: &Obiettivo, s: &Step| {
        o.steps
            .iter()
            .position(|z| std::ptr::eq(z, s))
            .map(|p| p + 1)
            .unwrap_or(0)
    };
    let sx = chiavi_step(prima, ix, x);
    let sy = chiavi_step(dopo, iy, y);
    for (a, b) in abbina(&sx, &sy) {
        match (a, b) {
            (None, Some(b)) => voci.push(voce(
                TipoVoce::Step,
                Cambio::Aggiunto,
                format!(
                    "step {} dell'obiettivo {} «{}»",
                    pos_step(y, b),
                    y.codice,
                    b.descrizione
                ),
                Vec::new(),
            )),
            (Some(a), None) => voci.push(voce(
                TipoVoce::Step,
                Cambio::Tolto,
                format!(
                    "step {} dell'obiettivo {} «{}»",
                    pos_step(x, a),
                    x.codice,
                    a.descrizione
                ),
                Vec::new(),
            )),
            (Some(a), Some(b)) => {
                let mut campi = campi_step(a, b);
                let (pa, pb) = (pos_step(x, a), pos_step(y, b));
                if pa != pb {
                    campi.insert(
                        0,
                        CampoCambiato {
                            campo: "posizione".into(),
                            prima: Some(pa.to_string()),
                            dopo: Some(pb.to_string()),
                        },
                    );
                }
                if !campi.is_empty() {
                    voci.push(voce(
                        TipoVoce::Step,
                        Cambio::Modificato,
                        format!("step {pb} dell'obiettivo {}", y.codice),
                        campi,
                    ));
                }
            }
            (None, None) => {}
        }
    }
    let ix_ = chiavi_ind(prima, ix, x);
    let iy_ = chiavi_ind(dopo, iy, y);
    for (a, b) in abbina(&ix_, &iy_) {
        match (a, b) {
            (None, Some(b)) => voci.push(voce(
                TipoVoce::Indicatore,
                Cambio::Aggiunto,
                format!("indicatore «{}» dell'obiettivo {}", b.nome, y.codice),
                Vec::new(),
            )),
            (Some(a), None) => voci.push(voce(
                TipoVoce::Indicatore,
                Cambio::Tolto,
                format!("indicatore «{}» dell'obiettivo {}", a.nome, x.codice),
                Vec::new(),
            )),
            (Some(a), Some(b)) => {
                let campi = campi_indicatore(a, b);
                if !campi.is_empty() {
                    voci.push(voce(
                        TipoVoce::Indicatore,
                        Cambio::Modificato,
                        format!("indicatore «{}» dell'obiettivo {}", b.nome, y.codice),
                        campi,
                    ));
                }
            }
            (None, None) => {}
        }
    }
    voci
}

impl fmt::Display for CampoCambiato {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = |x: &Option<String>| match x {
            Some(s) if !s.is_empty() => format!("«{s}»"),
            _ => "(vuoto)".to_string(),
        };
        write!(f, "{}: {} → {}", self.campo, v(&self.prima), v(&self.dopo))
    }
}

impl fmt::Display for VoceDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let segno = match self.cambio {
            Cambio::Aggiunto => "+ aggiunto",
            Cambio::Tolto => "- tolto",
            Cambio::Modificato => "~ modificato",
        };
        write!(f, "{segno}: {}", self.oggetto)?;
        for c in &self.campi {
            write!(f, "\n    {c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for DiffVersioni {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Piano {} {}: dalla versione {} alla versione {}",
            self.ente, self.anno, self.da, self.a
        )?;
        if self.voci.is_empty() {
            writeln!(f, "Nessuna differenza.")?;
        }
        for v in &self.voci {
            writeln!(f, "{v}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::file_piano::leggi_file_piano;
    use traguardo_domain::piano::Assegnazione;

    fn contenuto_003() -> ContenutoLetto {
        let p =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/plans/003.json");
        let (piano, ids) = leggi_file_piano(&std::fs::read(p).unwrap(), "003.json").unwrap();
        ContenutoLetto {
            piano,
            ids,
            collegamenti: Vec::new(),
        }
    }

    #[test]
    fn indicatori_assegnazioni_collegamenti_e_obiettivi_tolti() {
        let prima = contenuto_003();
        let mut dopo = prima.clone();
        let d2 = dopo
            .piano
            .obiettivi
            .iter_mut()
            .find(|o| o.codice == "D2")
            .unwrap();
        d2.indicatori[1].target = Some("100%".into());
        dopo.piano.assegnazioni.push(Assegnazione {
            persona: "P01".into(),
            obiettivo: "D1".into(),
            step: None,
            quota: Some(Percentuale("50".parse().unwrap())),
        });
        let id = Uuid::nil();
        dopo.collegamenti.push(CollegamentoVersione {
            esercizio: 2023,
            lato: "spesa".into(),
            capitolo: "1111/0".into(),
            tipo: "obiettivo".into(),
            codice: "D1".into(),
            destinazione_id: id,
        });
        let i6 = dopo
            .piano
            .obiettivi
            .iter()
            .position(|o| o.codice == "D6")
            .unwrap();
        let d6 = dopo.piano.obiettivi.remove(i6);
        dopo.ids.obiettivi.remove(i6);
        let d = confronta("CISSA", 2023, 1, 2, &prima, &dopo);
        assert_eq!(
            d.voci,
            vec![
                voce(
                    TipoVoce::Indicatore,
                    Cambio::Modificato,
                    "indicatore «avvio delle attività progettuali» dell'obiettivo D2".into(),
                    vec![CampoCambiato {
                        campo: "target".into(),
                        prima: None,
                        dopo: Some("100%".into()),
                    }],
                ),
                voce(
                    TipoVoce::Obiettivo,
                    Cambio::Tolto,
                    format!("obiettivo D6 «{}»", d6.titolo),
                    vec![],
                ),
                voce(
                    TipoVoce::CollegamentoCapitolo,
                    Cambio::Aggiunto,
                    "capitolo 2023 spesa 1111/0 → obiettivo D1".into(),
                    vec![],
                ),
                voce(
                    TipoVoce::Assegnazione,
                    Cambio::Aggiunto,
                    "assegnazione di P01 all'obiettivo D1".into(),
                    vec![],
                ),
            ]
        );
        // Nessuna differenza con sé stesso.
        assert!(
            confronta("CISSA", 2023, 1, 1, &prima, &prima)
                .voci
                .is_empty()
        );
    }
}
