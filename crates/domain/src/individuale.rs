//! Performance individuale: risultati degli obiettivi e degli step a cui la persona è
//! assegnata (con la sua quota) e comportamenti valutati su una scala, pesati per gruppo di
//! ruoli (PRODUCT.md §4, peers-and-rules §3.5).

use crate::numeri::{arrotonda, formato_it, formato_percento_it};
use crate::piano::{Persona, Piano};
use crate::rilievi::CodiceRilievo;
use crate::smvp::RegoleSmvp;
use crate::valutazione::Valutazione;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

const CENTO: Decimal = Decimal::ONE_HUNDRED;

/// Il voto di un comportamento di una persona.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotoComportamento {
    pub persona: String,
    pub comportamento: String,
    pub voto: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsitoIndividuale {
    pub persona: String,
    pub nome: String,
    pub cluster: String,
    pub risultati: Option<Decimal>,
    pub comportamenti: Option<Decimal>,
    pub punteggio: Option<Decimal>,
    pub fascia: Option<String>,
    pub spiegazione: String,
}

/// Il gruppo di ruoli della persona: quello la cui chiave (senza l'ultima lettera, es.
/// "responsabil") compare nel ruolo; altrimenti "dipendenti" o il primo.
pub fn cluster_di(p: &Persona, regole: &RegoleSmvp) -> String {
    let ruolo = p.ruolo.clone().unwrap_or_default().to_lowercase();
    let chiavi = &regole.individuale.cluster;
    chiavi
        .keys()
        .find(|k| {
            let radice: String = k
                .chars()
                .take(k.chars().count().saturating_sub(1))
                .collect();
            !radice.is_empty() && ruolo.contains(&radice)
        })
        .or_else(|| chiavi.keys().find(|k| k.as_str() == "dipendenti"))
        .or_else(|| chiavi.keys().next())
        .cloned()
        .unwrap_or_default()
}

/// Valuta ogni persona del piano.
pub fn valuta_persone(
    piano: &Piano,
    valutazione: &Valutazione,
    voti: &[VotoComportamento],
    regole: &RegoleSmvp,
) -> Vec<EsitoIndividuale> {
    let ri = &regole.individuale;
    piano
        .persone
        .iter()
        .map(|p| {
            let cluster = cluster_di(p, regole);
            let pesi = ri.cluster.get(&cluster);
            // Risultati: media pesata (quota) dei raggiungimenti di obiettivi e step assegnati.
            let mut voci = Vec::new();
            for a in piano.assegnazioni.iter().filter(|a| a.persona == p.codice) {
                let Some(o) = valutazione
                    .obiettivi
                    .iter()
                    .find(|o| o.codice == a.obiettivo)
                else {
                    continue;
                };
                let valore = match &a.step {
                    Some(s) => o
                        .steps
                        .iter()
                        .find(|x| &x.codice == s)
                        .and_then(|x| x.valore),
                    None => o.raggiungimento,
                };
                if let Some(v) = valore {
                    let quota = a.quota.map(|q| q.0).unwrap_or(CENTO);
                    let etichetta = match &a.step {
                        Some(s) => format!("{} step {s}", a.obiettivo),
                        None => a.obiettivo.clone(),
                    };
                    voci.push((etichetta, v, quota));
                }
            }
            let quote: Decimal = voci.iter().map(|x| x.2).sum();
            let risultati = (!quote.is_zero())
                .then(|| voci.iter().map(|(_, v, q)| *v * *q).sum::<Decimal>() / quote);
            // Comportamenti: voto ÷ voto massimo × 100, pesato per il cluster.
            let miei: Vec<&VotoComportamento> =
                voti.iter().filter(|v| v.persona == p.codice).collect();
            let mut comp = Vec::new();
            if let Some(pesi) = pesi {
                for v in &miei {
                    if let Some(peso) = pesi.comportamenti.get(&v.comportamento) {
                        comp.push((
                            v.comportamento.clone(),
                            v.voto / ri.voto_massimo * CENTO,
                            peso.0,
                        ));
                    }
                }
            }
            let pesi_c: Decimal = comp.iter().map(|x| x.2).sum();
            let comportamenti = (!pesi_c.is_zero())
                .then(|| comp.iter().map(|(_, v, p)| *v * *p).sum::<Decimal>() / pesi_c);
            let peso_r = pesi.map(|x| x.risultati.0).unwrap_or(CENTO);
            let punteggio = match (risultati, comportamenti) {
                (Some(r), Some(c)) => Some((r * peso_r + c * (CENTO - peso_r)) / CENTO),
                (Some(r), None) if comp.is_empty() && miei.is_empty() && peso_r == CENTO => Some(r),
                (None, Some(c)) if voci.is_empty() && peso_r.is_zero() => Some(c),
                _ => None,
            }
            .map(|x| arrotonda(x, 4));
            let spiegazione = format!(
                "cluster «{cluster}»: risultati {} (pesi {}) e comportamenti {} (pesi {}); {}",
                risultati
                    .map(|r| format!(
                        "{} = ({})",
                        formato_percento_it(arrotonda(r, 2)),
                        voci.iter()
                            .map(|(e, v, q)| format!(
                                "{e} {} × quota {}",
                                formato_percento_it(arrotonda(*v, 2)),
                                formato_it(*q, 2)
                            ))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ))
                    .unwrap_or_else(|| "non disponibili".into()),
                formato_percento_it(peso_r),
                comportamenti
                    .map(|c| format!(
                        "{} = ({})",
                        formato_percento_it(arrotonda(c, 2)),
                        comp.iter()
                            .map(|(k, v, p)| format!(
                                "{k} {} × {}",
                                formato_it(arrotonda(*v, 2), 2),
                                formato_it(*p, 2)
                            ))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ))
                    .unwrap_or_else(|| "non valutati".into()),
                formato_percento_it(CENTO - peso_r),
                match punteggio {
                    Some(x) => format!("punteggio {}", formato_percento_it(arrotonda(x, 2))),
                    None => "punteggio non calcolabile (mancano risultati o comportamenti)".into(),
                }
            );
            EsitoIndividuale {
                persona: p.codice.clone(),
                nome: p.cognome_nome.clone(),
                cluster,
                risultati: risultati.map(|x| arrotonda(x, 4)),
                comportamenti: comportamenti.map(|x| arrotonda(x, 4)),
                punteggio,
                fascia: punteggio.map(|x| regole.fascia(x)),
                spiegazione,
            }
        })
        .collect()
}

/// Un solo voto, dato con un comando: la persona deve essere nel piano, il comportamento nel
/// catalogo delle regole del ciclo e il voto nella loro scala. Gli stessi controlli di
/// [`valida_voti`], con messaggi che non parlano di righe.
pub fn valida_voto(
    piano: &Piano,
    v: &VotoComportamento,
    regole: &RegoleSmvp,
) -> Vec<crate::rilievi::Rilievo> {
    use crate::rilievi::Rilievo;
    let ri = &regole.individuale;
    let mut r = Vec::new();
    if !piano.persone.iter().any(|p| p.codice == v.persona) {
        r.push(Rilievo::errore(
            CodiceRilievo::RiferimentoSconosciuto,
            "persona",
            format!(
                "la persona «{}» non è nel piano {}",
                v.persona, piano.ciclo.anno_inizio
            ),
        ));
    }
    if !ri.comportamenti.iter().any(|c| c.codice == v.comportamento) {
        r.push(Rilievo::errore(
            CodiceRilievo::RiferimentoSconosciuto,
            "comportamento",
            format!(
                "il comportamento «{}» non è nel catalogo delle regole del ciclo ({})",
                v.comportamento,
                ri.comportamenti
                    .iter()
                    .map(|c| c.codice.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if v.voto < ri.voto_minimo || v.voto > ri.voto_massimo {
        r.push(Rilievo::errore(
            CodiceRilievo::ValoreNonValido,
            "voto",
            format!(
                "voto {} fuori dalla scala {}–{} delle regole del ciclo",
                formato_it(v.voto, 2),
                formato_it(ri.voto_minimo, 0),
                formato_it(ri.voto_massimo, 0)
            ),
        ));
    }
    r
}

/// I voti di un file (con il numero di riga): per ognuno la regola di [`valida_voto`], con la
/// riga e la colonna del campo, più i doppioni (stessa persona e stesso comportamento).
pub fn valida_voti(
    piano: &Piano,
    voti: &[(usize, VotoComportamento)],
    regole: &RegoleSmvp,
) -> Vec<crate::rilievi::Rilievo> {
    use crate::rilievi::{CodiceRilievo, Rilievo};
    let mut r = Vec::new();
    let mut visti = std::collections::HashMap::new();
    for (riga, v) in voti {
        for x in valida_voto(piano, v, regole) {
            let colonna = match x.percorso.as_str() {
                "persona" => 1,
                "comportamento" => 2,
                _ => 3,
            };
            r.push(
                Rilievo {
                    percorso: format!("riga {riga}"),
                    messaggio: format!("riga {riga}: {}", x.messaggio),
                    ..x
                }
                .alla_posizione(*riga, Some(colonna)),
            );
        }
        if let Some(prima) = visti.insert((v.persona.clone(), v.comportamento.clone()), *riga) {
            r.push(
                Rilievo::errore(
                    CodiceRilievo::CodiceDuplicato,
                    format!("riga {riga}"),
                    format!(
                        "riga {riga}: voto di «{}» per «{}» già dato alla riga {prima}",
                        v.persona, v.comportamento
                    ),
                )
                .alla_posizione(*riga, None),
            );
        }
    }
    r
}
