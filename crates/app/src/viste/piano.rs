//! Il piano: albero (aree, obiettivi, step, indicatori), scheda obiettivo, tabella dei pesi
//! di un anno, rilievi della verifica.

use super::Cifra;
use crate::Errore;
use crate::casi_uso::piano;
use crate::contesto::Contesto;
use crate::porte::PianiRepo;
use serde::Serialize;
use traguardo_domain::pesi::{PesoStep, pesi_anno, pesi_obiettivo};
use traguardo_domain::piano::{Obiettivo, Piano, TestiObiettivo};
use traguardo_domain::rilievi::{Gravita, Rilievo};
use traguardo_domain::scadenza_vigente::scadenza_del_piano;
use traguardo_domain::validazione::valida;

/// L'albero del piano: gli obiettivi con i loro step e indicatori, raggruppati per tipo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlberoPiano {
    pub ente: String,
    pub ente_nome: String,
    pub anno_inizio: i32,
    pub anno_fine: i32,
    pub titolo: Option<String>,
    pub gruppi: Vec<GruppoObiettivi>,
    pub obiettivi: usize,
    pub step: usize,
    pub indicatori: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GruppoObiettivi {
    pub tipo: String,
    pub etichetta: String,
    pub obiettivi: Vec<NodoObiettivo>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodoObiettivo {
    pub codice: String,
    pub titolo: String,
    pub unita: Vec<String>,
    pub peso: Option<Cifra>,
    pub punti: Option<Cifra>,
    pub step: Vec<NodoStep>,
    pub indicatori: Vec<NodoIndicatore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodoStep {
    /// Id dello step (nelle viste lette con le identità: la scheda dell'API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub posizione: usize,
    pub etichetta: String,
    pub descrizione: String,
    /// Scadenza della versione del piano (originale o rivista), come scritta.
    pub scadenza: Option<String>,
    /// La sua data, `gg/mm/aaaa`, quando si ricava.
    pub scadenza_data: Option<String>,
    pub peso: Option<Cifra>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodoIndicatore {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub posizione: usize,
    pub nome: String,
    pub target: Option<String>,
    pub baseline: Option<String>,
    pub unita_misura: Option<String>,
}

fn nodo(piano: &Piano, o: &Obiettivo) -> NodoObiettivo {
    NodoObiettivo {
        codice: o.codice.clone(),
        titolo: o.titolo.clone(),
        unita: o.unita.iter().map(|u| u.unita.clone()).collect(),
        peso: o.peso.map(|p| Cifra::percento(p.0)),
        punti: o.punti.map(|p| Cifra::numero(p.0, 2)),
        step: o
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let sc = scadenza_del_piano(piano, o, i + 1, None);
                NodoStep {
                    id: None,
                    posizione: i + 1,
                    etichetta: s
                        .codice
                        .clone()
                        .unwrap_or_else(|| format!("step {}", i + 1)),
                    descrizione: s.descrizione.clone(),
                    scadenza: sc.as_ref().map(|x| x.scadenza.testo.clone()),
                    scadenza_data: sc.and_then(|x| x.data()).map(super::data_it),
                    peso: s.peso.map(|p| Cifra::percento(p.0)),
                }
            })
            .collect(),
        indicatori: o
            .indicatori
            .iter()
            .enumerate()
            .map(|(i, x)| NodoIndicatore {
                id: None,
                posizione: i + 1,
                nome: x.nome.clone(),
                target: x.target.clone(),
                baseline: x.baseline.clone(),
                unita_misura: x.unita_misura.clone(),
            })
            .collect(),
    }
}

/// Costruttore puro dell'albero del piano (gruppi nell'ordine della prima apparizione).
pub fn albero_piano(piano: &Piano) -> AlberoPiano {
    let mut gruppi: Vec<GruppoObiettivi> = Vec::new();
    for o in &piano.obiettivi {
        let n = nodo(piano, o);
        match gruppi.iter_mut().find(|g| g.tipo == o.tipo.codice()) {
            Some(g) => g.obiettivi.push(n),
            None => gruppi.push(GruppoObiettivi {
                tipo: o.tipo.codice().into(),
                etichetta: o.tipo.etichetta().into(),
                obiettivi: vec![n],
            }),
        }
    }
    AlberoPiano {
        ente: piano.ente.codice.clone(),
        ente_nome: piano.ente.nome.clone(),
        anno_inizio: piano.ciclo.anno_inizio,
        anno_fine: piano.ciclo.anno_fine,
        titolo: piano.ciclo.titolo.clone(),
        obiettivi: piano.obiettivi.len(),
        step: piano.obiettivi.iter().map(|o| o.steps.len()).sum(),
        indicatori: piano.obiettivi.iter().map(|o| o.indicatori.len()).sum(),
        gruppi,
    }
}

/// La scheda di un obiettivo: il nodo dell'albero, i testi descrittivi e i pesi di ogni anno
/// del ciclo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchedaObiettivo {
    /// Id dell'obiettivo e revisione da citare nei comandi (`If-Match`), quando la scheda è
    /// letta con le identità (l'API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revisione: Option<i64>,
    #[serde(flatten)]
    pub obiettivo: NodoObiettivo,
    pub tipo: String,
    pub tipo_etichetta: String,
    pub testi: TestiObiettivo,
    pub note: Option<String>,
    pub pesi_per_anno: Vec<PesiAnno>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PesiAnno {
    pub anno: i32,
    pub righe: Vec<RigaPeso>,
}

pub fn scheda_obiettivo(piano: &Piano, codice: &str) -> Option<SchedaObiettivo> {
    let o = piano.obiettivo(codice)?;
    Some(SchedaObiettivo {
        id: None,
        revisione: None,
        obiettivo: nodo(piano, o),
        tipo: o.tipo.codice().into(),
        tipo_etichetta: o.tipo.etichetta().into(),
        testi: o.testi.clone(),
        note: o.note.clone(),
        pesi_per_anno: (piano.ciclo.anno_inizio..=piano.ciclo.anno_fine)
            .map(|anno| PesiAnno {
                anno,
                righe: pesi_obiettivo(piano, o, anno)
                    .iter()
                    .map(riga_peso)
                    .collect(),
            })
            .collect(),
    })
}

/// Una riga della tabella dei pesi: i numeri del dominio più i testi in formato italiano.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaPeso {
    #[serde(flatten)]
    pub peso: PesoStep,
    pub peso_obiettivo_testo: Option<String>,
    pub peso_anno_testo: Option<String>,
    pub peso_piano_testo: Option<String>,
}

fn riga_peso(p: &PesoStep) -> RigaPeso {
    use traguardo_domain::numeri::{formato_it, formato_percento_it};
    RigaPeso {
        peso_obiettivo_testo: p.peso_obiettivo.map(formato_percento_it),
        peso_anno_testo: p.peso_anno.map(formato_percento_it),
        peso_piano_testo: p.peso_piano.map(|x| formato_it(x, 4)),
        peso: p.clone(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TabellaPesi {
    pub anno: i32,
    pub righe: Vec<RigaPeso>,
}

/// Costruttore puro della tabella dei pesi dell'anno `anno`; errore se fuori dal ciclo.
pub fn tabella_pesi(piano: &Piano, anno: i32) -> Result<TabellaPesi, Errore> {
    if !(piano.ciclo.anno_inizio..=piano.ciclo.anno_fine).contains(&anno) {
        return Err(Errore::NonValido(format!(
            "l'anno {anno} è fuori dal ciclo {}–{}",
            piano.ciclo.anno_inizio, piano.ciclo.anno_fine
        )));
    }
    Ok(TabellaPesi {
        anno,
        righe: pesi_anno(piano, anno).iter().map(riga_peso).collect(),
    })
}

/// I rilievi della verifica del piano, con i conteggi per gravità.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verifica {
    pub errori: usize,
    pub avvisi: usize,
    pub rilievi: Vec<Rilievo>,
}

pub fn verifica(piano: &Piano) -> Verifica {
    let rilievi = valida(piano);
    Verifica {
        errori: rilievi
            .iter()
            .filter(|r| r.gravita == Gravita::Errore)
            .count(),
        avvisi: rilievi
            .iter()
            .filter(|r| r.gravita != Gravita::Errore)
            .count(),
        rilievi,
    }
}

pub async fn albero<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<AlberoPiano, Errore> {
    Ok(albero_piano(&piano(repo, ctx, anno).await?))
}

pub async fn scheda<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    obiettivo: &str,
) -> Result<SchedaObiettivo, Errore> {
    scheda_obiettivo(&piano(repo, ctx, anno).await?, obiettivo).ok_or_else(|| {
        Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non è nel piano {anno}"))
    })
}

pub async fn pesi<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    anno_pesi: i32,
) -> Result<TabellaPesi, Errore> {
    tabella_pesi(&piano(repo, ctx, anno).await?, anno_pesi)
}

pub async fn rilievi<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<Verifica, Errore> {
    Ok(verifica(&piano(repo, ctx, anno).await?))
}

/// La scheda con gli id dell'obiettivo, dei suoi step e indicatori e la revisione da citare nei
/// comandi: quella che l'API serve a chi poi scrive.
pub async fn scheda_identificata<R: PianiRepo>(
    repo: &R,
    cache: &crate::cache::CacheValutazioni,
    ctx: &Contesto,
    anno: i32,
    obiettivo: &str,
) -> Result<SchedaObiettivo, Errore> {
    ctx.autorizza(
        crate::autorizzazione::Azione::LeggiPiano,
        crate::autorizzazione::Ambito::Ente,
    )?;
    // Dalla cache (piano con identità, per revisione dei dati): una query invece di 29.
    let letto = cache.piano_identificato(repo, ctx, anno).await?;
    let (p, ids) = &*letto;
    let non_trovato = || {
        Errore::NonTrovato(format!(
            "l'obiettivo «{obiettivo}» non esiste nel ciclo {anno}"
        ))
    };
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == obiettivo)
        .ok_or_else(non_trovato)?;
    let mut s = scheda_obiettivo(p, obiettivo).ok_or_else(non_trovato)?;
    let id = &ids.obiettivi[i];
    s.id = Some(id.id.to_string());
    s.revisione = Some(id.revisione);
    for (n, x) in s.obiettivo.step.iter_mut().zip(&id.steps) {
        n.id = Some(x.to_string());
    }
    for (n, x) in s.obiettivo.indicatori.iter_mut().zip(&id.indicatori) {
        n.id = Some(x.to_string());
    }
    Ok(s)
}
