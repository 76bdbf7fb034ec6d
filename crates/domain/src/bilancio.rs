//! PEG finanziario: capitoli di entrata e di spesa per unità organizzativa, con la
//! classificazione D.Lgs. 118/2011 e tutti gli importi (seeds-analysis §2.16, §4.8).
//! Importi esatti al centesimo ([`Importo`]); totali a ogni livello e verifiche.

use crate::numeri::Importo;
use crate::rilievi::{CodiceRilievo, Rilievo};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lato {
    Entrate,
    Spese,
}

impl Lato {
    pub fn codice(self) -> &'static str {
        match self {
            Lato::Entrate => "entrate",
            Lato::Spese => "spese",
        }
    }

    pub fn da_codice(s: &str) -> Option<Lato> {
        match s.trim().to_lowercase().as_str() {
            "entrate" | "entrata" | "e" => Some(Lato::Entrate),
            "spese" | "spesa" | "s" | "u" | "uscite" => Some(Lato::Spese),
            _ => None,
        }
    }
}

/// Gli importi di un capitolo per l'esercizio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Importi {
    /// Previsioni definitive dell'anno precedente.
    pub anno_precedente: Importo,
    /// Previsione di competenza dell'esercizio.
    pub previsione: Importo,
    pub aumento: Importo,
    pub diminuzione: Importo,
    /// Previsione di cassa.
    pub cassa: Importo,
    /// Di cui già impegnato (solo spese).
    pub impegnato: Importo,
    /// Di cui a fondo pluriennale vincolato (solo spese).
    pub fpv: Importo,
    /// Previsioni di competenza degli anni successivi del bilancio triennale (N+1, N+2).
    pub anno_2: Option<Importo>,
    pub anno_3: Option<Importo>,
}

impl Importi {
    fn somma(&mut self, o: &Importi) {
        self.anno_precedente = self.anno_precedente + o.anno_precedente;
        self.previsione = self.previsione + o.previsione;
        self.aumento = self.aumento + o.aumento;
        self.diminuzione = self.diminuzione + o.diminuzione;
        self.cassa = self.cassa + o.cassa;
        self.impegnato = self.impegnato + o.impegnato;
        self.fpv = self.fpv + o.fpv;
        self.anno_2 = somma_opzionale(self.anno_2, o.anno_2);
        self.anno_3 = somma_opzionale(self.anno_3, o.anno_3);
    }
}

fn somma_opzionale(a: Option<Importo>, b: Option<Importo>) -> Option<Importo> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    }
}

/// Un capitolo del PEG. Il codice è opaco (`1213011/0`, con l'articolo dopo la barra): non se
/// ne ricava la classificazione, che è un attributo del capitolo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capitolo {
    pub lato: Lato,
    pub codice: String,
    pub descrizione: String,
    /// Unità organizzativa che gestisce il capitolo (codice, es. `DIR`).
    pub uo: String,
    /// Entrate e spese: titolo (`2`, `1`).
    pub titolo: String,
    /// Entrate: tipologia a 5 cifre (`20101`).
    pub tipologia: Option<String>,
    /// Spese: missione a 2 cifre e programma a 4 cifre (`12`, `1207`).
    pub missione: Option<String>,
    pub programma: Option<String>,
    pub importi: Importi,
}

/// Le voci della testata del prospetto (prima dei capitoli).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VociTestata {
    pub fpv_parte_corrente: Importo,
    pub fpv_conto_capitale: Importo,
    pub utilizzo_avanzo: Importo,
    pub avanzo_utilizzato_anticipatamente: Importo,
    pub fondo_cassa_iniziale: Importo,
    pub disavanzo: Importo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitaBilancio {
    pub codice: String,
    pub nome: String,
}

/// Il PEG finanziario di un ente per un esercizio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Bilancio {
    pub esercizio: i32,
    pub testata: VociTestata,
    pub unita: Vec<UnitaBilancio>,
    pub capitoli: Vec<Capitolo>,
}

/// Livello di aggregazione dei totali.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Livello {
    Uo,
    Missione,
    Programma,
    Titolo,
    Tipologia,
    Totale,
}

/// Un totale: lato, chiave (es. `DIR`, `1207`, `2`), nome e importi sommati.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totale {
    pub lato: Lato,
    pub chiave: String,
    pub nome: String,
    pub capitoli: usize,
    pub importi: Importi,
}

impl Bilancio {
    pub fn nome_uo(&self, codice: &str) -> String {
        self.unita
            .iter()
            .find(|u| u.codice == codice)
            .map(|u| u.nome.clone())
            .unwrap_or_default()
    }

    /// Totali per livello (solo i capitoli del lato indicato, o di entrambi).
    pub fn totali(&self, livello: Livello, lato: Option<Lato>) -> Vec<Totale> {
        let cat = crate::catalogo::Catalogo::ufficiale();
        let mut mappa: BTreeMap<(Lato, String), Totale> = BTreeMap::new();
        for c in self
            .capitoli
            .iter()
            .filter(|c| lato.is_none_or(|l| l == c.lato))
        {
            let (chiave, nome) = match livello {
                Livello::Uo => (c.uo.clone(), self.nome_uo(&c.uo)),
                Livello::Titolo => {
                    let nome = match c.lato {
                        Lato::Entrate => cat
                            .tipologie_entrata
                            .values()
                            .find(|v| v.titolo == c.titolo)
                            .map(|v| v.titolo_nome.clone()),
                        Lato::Spese => cat
                            .macroaggregati_spesa
                            .values()
                            .find(|v| v.titolo == c.titolo)
                            .map(|v| v.titolo_nome.clone()),
                    };
                    (c.titolo.clone(), nome.unwrap_or_default())
                }
                Livello::Tipologia => match &c.tipologia {
                    Some(t) => (
                        t.clone(),
                        cat.tipologie_entrata
                            .get(t)
                            .map(|v| v.nome.clone())
                            .unwrap_or_default(),
                    ),
                    None => continue,
                },
                Livello::Missione => match &c.missione {
                    Some(m) => (
                        m.clone(),
                        cat.missioni
                            .get(m)
                            .map(|v| v.nome.clone())
                            .unwrap_or_default(),
                    ),
                    None => continue,
                },
                Livello::Programma => match &c.programma {
                    Some(p) => (
                        p.clone(),
                        cat.programma(p).map(|v| v.nome.clone()).unwrap_or_default(),
                    ),
                    None => continue,
                },
                Livello::Totale => (
                    "totale".into(),
                    match c.lato {
                        Lato::Entrate => "Totale unità organizzative - entrate".into(),
                        Lato::Spese => "Totale unità organizzative - spese".into(),
                    },
                ),
            };
            let t = mappa
                .entry((c.lato, chiave.clone()))
                .or_insert_with(|| Totale {
                    lato: c.lato,
                    chiave,
                    nome,
                    capitoli: 0,
                    importi: Importi::default(),
                });
            t.capitoli += 1;
            t.importi.somma(&c.importi);
        }
        mappa.into_values().collect()
    }

    fn totale_lato(&self, lato: Lato) -> Importi {
        let mut t = Importi::default();
        for c in self.capitoli.iter().filter(|c| c.lato == lato) {
            t.somma(&c.importi);
        }
        t
    }

    /// Totale generale delle entrate (competenza, cassa): capitoli + FPV + avanzo utilizzato;
    /// cassa: capitoli + fondo di cassa iniziale.
    pub fn totale_generale_entrate(&self) -> (Importo, Importo) {
        let t = self.totale_lato(Lato::Entrate);
        (
            t.previsione
                + self.testata.fpv_parte_corrente
                + self.testata.fpv_conto_capitale
                + self.testata.utilizzo_avanzo,
            t.cassa + self.testata.fondo_cassa_iniziale,
        )
    }

    /// Totale generale delle spese (competenza, cassa): capitoli + disavanzo.
    pub fn totale_generale_spese(&self) -> (Importo, Importo) {
        let t = self.totale_lato(Lato::Spese);
        (t.previsione + self.testata.disavanzo, t.cassa)
    }

    /// Verifiche: pareggio di competenza, coerenza delle variazioni di ogni capitolo
    /// (`precedente + aumento − diminuzione = previsione`).
    pub fn verifica(&self) -> Vec<Rilievo> {
        let mut r = Vec::new();
        for c in &self.capitoli {
            let i = &c.importi;
            let calcolata = i.anno_precedente + i.aumento - i.diminuzione;
            if calcolata != i.previsione {
                r.push(Rilievo::avviso(
                    CodiceRilievo::VariazioniIncoerenti,
                    format!("{}[{}]", c.lato.codice(), c.codice),
                    format!(
                        "capitolo {}: {} + {} − {} = {}, ma la previsione è {}",
                        c.codice,
                        i.anno_precedente.formato_it(),
                        i.aumento.formato_it(),
                        i.diminuzione.formato_it(),
                        calcolata.formato_it(),
                        i.previsione.formato_it()
                    ),
                ));
            }
        }
        let (entrate, _) = self.totale_generale_entrate();
        let (spese, _) = self.totale_generale_spese();
        if entrate != spese && self.capitoli.iter().any(|c| c.lato == Lato::Spese) {
            r.push(Rilievo::avviso(
                CodiceRilievo::PareggioNonRispettato,
                "totale_generale",
                format!(
                    "il bilancio non è in pareggio: entrate {} (competenza, con FPV e avanzo), spese {}; differenza {}",
                    entrate.formato_it(),
                    spese.formato_it(),
                    (entrate - spese).formato_it()
                ),
            ));
        }
        r
    }
}

/// Confronto tra la versione corrente e quella importata, capitolo per capitolo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Differenze {
    pub creati: usize,
    pub aggiornati: usize,
    pub invariati: usize,
    pub rimossi: usize,
    pub testata_cambiata: bool,
    pub unita_cambiate: bool,
}

impl Differenze {
    pub fn nessuna(&self) -> bool {
        self.creati == 0
            && self.aggiornati == 0
            && self.rimossi == 0
            && !self.testata_cambiata
            && !self.unita_cambiate
    }
}

pub fn confronta(vecchio: Option<&Bilancio>, nuovo: &Bilancio) -> Differenze {
    let mut d = Differenze::default();
    let prima: BTreeMap<(Lato, &str), &Capitolo> = vecchio
        .map(|b| {
            b.capitoli
                .iter()
                .map(|c| ((c.lato, c.codice.as_str()), c))
                .collect()
        })
        .unwrap_or_default();
    for c in &nuovo.capitoli {
        match prima.get(&(c.lato, c.codice.as_str())) {
            None => d.creati += 1,
            Some(v) if *v == c => d.invariati += 1,
            Some(_) => d.aggiornati += 1,
        }
    }
    let ora: std::collections::BTreeSet<(Lato, &str)> = nuovo
        .capitoli
        .iter()
        .map(|c| (c.lato, c.codice.as_str()))
        .collect();
    d.rimossi = prima.keys().filter(|k| !ora.contains(*k)).count();
    if let Some(v) = vecchio {
        d.testata_cambiata = v.testata != nuovo.testata;
        d.unita_cambiate = v.unita != nuovo.unita;
    } else {
        d.testata_cambiata = nuovo.testata != VociTestata::default();
        d.unita_cambiate = !nuovo.unita.is_empty();
    }
    d
}

impl Bilancio {
    /// Errori che rendono il bilancio inaccettabile: capitoli ripetuti, unità o
    /// classificazioni mancanti o fuori catalogo.
    pub fn valida_struttura(&self) -> Vec<Rilievo> {
        let cat = crate::catalogo::Catalogo::ufficiale();
        let mut r = Vec::new();
        let mut visti: BTreeMap<(Lato, &str), usize> = BTreeMap::new();
        for (i, c) in self.capitoli.iter().enumerate() {
            let p = format!("{}[{}]", c.lato.codice(), c.codice);
            if let Some(prima) = visti.insert((c.lato, c.codice.as_str()), i + 1) {
                r.push(Rilievo::errore(
                    CodiceRilievo::CapitoloDuplicato,
                    p.clone(),
                    format!(
                        "il capitolo {} ({}) compare due volte (capitoli n. {prima} e {})",
                        c.codice,
                        c.lato.codice(),
                        i + 1
                    ),
                ));
            }
            if c.uo.trim().is_empty() {
                r.push(Rilievo::errore(
                    CodiceRilievo::UoMancante,
                    p.clone(),
                    format!("il capitolo {} non ha l'unità organizzativa", c.codice),
                ));
            }
            match c.lato {
                Lato::Entrate => match &c.tipologia {
                    Some(t) => match cat.tipologie_entrata.get(t) {
                        Some(v) if v.titolo == c.titolo => {}
                        Some(v) => r.push(Rilievo::errore(
                            CodiceRilievo::ClassificazioneNonValida,
                            p.clone(),
                            format!(
                                "capitolo {}: la tipologia {t} appartiene al titolo {}, non al titolo {}",
                                c.codice, v.titolo, c.titolo
                            ),
                        )),
                        None => r.push(Rilievo::errore(
                            CodiceRilievo::ClassificazioneNonValida,
                            p.clone(),
                            format!(
                                "capitolo {}: tipologia «{t}» non presente nel catalogo D.Lgs. 118/2011",
                                c.codice
                            ),
                        )),
                    },
                    None => r.push(Rilievo::errore(
                        CodiceRilievo::ClassificazioneMancante,
                        p.clone(),
                        format!("il capitolo di entrata {} non ha la tipologia", c.codice),
                    )),
                },
                Lato::Spese => match (&c.missione, &c.programma) {
                    (Some(m), Some(pr)) => match cat.programma(pr) {
                        Some(v) if &v.missione == m => {}
                        Some(v) => r.push(Rilievo::errore(
                            CodiceRilievo::ClassificazioneNonValida,
                            p.clone(),
                            format!(
                                "capitolo {}: il programma {pr} appartiene alla missione {}, non alla {m}",
                                c.codice, v.missione
                            ),
                        )),
                        None => r.push(Rilievo::errore(
                            CodiceRilievo::ClassificazioneNonValida,
                            p.clone(),
                            format!(
                                "capitolo {}: programma «{pr}» non presente nel catalogo D.Lgs. 118/2011",
                                c.codice
                            ),
                        )),
                    },
                    _ => r.push(Rilievo::errore(
                        CodiceRilievo::ClassificazioneMancante,
                        p.clone(),
                        format!(
                            "il capitolo di spesa {} non ha missione e programma",
                            c.codice
                        ),
                    )),
                },
            }
            if c.titolo.trim().is_empty() {
                r.push(Rilievo::errore(
                    CodiceRilievo::ClassificazioneMancante,
                    p.clone(),
                    format!("il capitolo {} non ha il titolo", c.codice),
                ));
            }
        }
        r
    }
}
