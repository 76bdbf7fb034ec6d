//! Lettura del prospetto "PREVISIONE P.E.G. PER UNITA' ORGANIZZATIVA" come lo stampa il
//! software di contabilità (testo estratto dal PDF, seed 004), con la verifica di **ogni**
//! subtotale stampato contro la somma dei suoi capitoli.
//!
//! L'estrazione dal PDF mescola le celle: le descrizioni vanno a capo, gli importi si
//! incollano, i blocchi dei subtotali escono in ordine sparso e le pagine delle spese perdono
//! l'intestazione dell'unità organizzativa. Per questo:
//! - i capitoli si riconoscono dal codice (`210110104/0`) e gli importi dalla riga
//!   "previsione di";
//! - l'unità di un capitolo è quella del "Totale UO" che chiude il suo gruppo;
//! - i subtotali non si leggono per posizione: gli importi di una zona di subtotali (tra un
//!   capitolo e il successivo) formano un insieme, e ogni subtotale calcolato deve trovarvi
//!   i suoi importi. Ciò che non si trova è un rilievo, con la riga e le due cifre.

use crate::numeri_report::{ImportoInRiga, estrai_importi, estrai_importi_controllati};
use traguardo_domain::bilancio::{Bilancio, Capitolo, Importi, Lato, UnitaBilancio, VociTestata};
use traguardo_domain::numeri::Importo;
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};

/// Esito della lettura: il bilancio e i rilievi (le discordanze dei subtotali non bloccano;
/// gli errori di struttura sì).
#[derive(Debug, Clone)]
pub struct LetturaReport {
    pub bilancio: Bilancio,
    pub rilievi: Vec<Rilievo>,
    pub righe_lette: usize,
    /// Numero di subtotali stampati verificati.
    pub subtotali_verificati: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LivelloReport {
    Tipologia,
    TitoloEntrata,
    Titolo,
    Programma,
    Missione,
    Uo,
    TotaleUo,
    Generale,
}

/// Somme correnti per livello (si azzerano quando il subtotale del livello è stampato).
#[derive(Default, Clone, Copy)]
struct Somma {
    prec: i64,
    prev: i64,
    aum: i64,
    dim: i64,
    cassa: i64,
    imp: i64,
    fpv: i64,
}

impl Somma {
    fn aggiungi(&mut self, i: &Importi) {
        // Ogni importo è entro ±10^14 centesimi: solo un file con oltre 90.000 importi massimi
        // satura la somma (e poi non corrisponde al subtotale stampato), senza panico.
        self.prec = self.prec.saturating_add(i.anno_precedente.centesimi());
        self.prev = self.prev.saturating_add(i.previsione.centesimi());
        self.aum = self.aum.saturating_add(i.aumento.centesimi());
        self.dim = self.dim.saturating_add(i.diminuzione.centesimi());
        self.cassa = self.cassa.saturating_add(i.cassa.centesimi());
        self.imp = self.imp.saturating_add(i.impegnato.centesimi());
        self.fpv = self.fpv.saturating_add(i.fpv.centesimi());
    }
}

struct Etichetta {
    riga: usize,
    colonna: usize,
    testo: String,
    attese: Vec<(&'static str, i64)>,
}

#[derive(Default)]
struct Zona {
    etichette: Vec<Etichetta>,
    importi: Vec<(ImportoInRiga, usize)>,
}

struct CapitoloInCorso {
    riga: usize,
    codice: String,
    descrizione: Vec<String>,
    importi: Option<Importi>,
}

#[derive(Default)]
struct Stato {
    lato: Option<Lato>,
    esercizio: Option<i32>,
    titolo: Option<String>,
    tipologia: Option<String>,
    /// Nome della tipologia come stampato nell'intestazione: alcune la chiudono con
    /// "Totale <nome>" invece di "Totale Tipologia …" (70100 Anticipazioni…).
    nome_tipologia: Option<String>,
    missione: Option<String>,
    programma: Option<String>,
    capitolo: Option<CapitoloInCorso>,
    /// Capitoli in attesa del "Totale UO" che dirà la loro unità.
    in_attesa_uo: Vec<(Capitolo, usize)>,
    capitoli: Vec<Capitolo>,
    unita: Vec<UnitaBilancio>,
    testata: VociTestata,
    somme: Vec<(LivelloReport, Somma)>,
    totale: Somma,
    zona: Option<Zona>,
    rilievi: Vec<Rilievo>,
    verificati: usize,
    /// Capitoli già letti per lato, con la loro riga (per i duplicati).
    visti: std::collections::HashMap<(Lato, String), usize>,
    /// Voci della testata già lette, con la loro riga (per i duplicati).
    testata_vista: std::collections::HashMap<&'static str, usize>,
    /// La riga precedente era un "Totale" isolato (l'etichetta continua alla riga dopo).
    totale_sospeso: Option<(usize, usize)>,
}

fn somma_di(stato: &mut Stato, l: LivelloReport) -> &mut Somma {
    if let Some(i) = stato.somme.iter().position(|(x, _)| *x == l) {
        return &mut stato.somme[i].1;
    }
    stato.somme.push((l, Somma::default()));
    &mut stato.somme.last_mut().unwrap().1
}

fn e_codice_capitolo(riga: &str) -> Option<(String, String)> {
    let t = riga.trim_start();
    let fine = t.find(|c: char| c.is_whitespace()).unwrap_or(t.len());
    let codice = &t[..fine];
    let (a, b) = codice.split_once('/')?;
    if a.len() >= 3
        && a.chars().all(|c| c.is_ascii_digit())
        && !b.is_empty()
        && b.chars().all(|c| c.is_ascii_digit())
    {
        Some((codice.to_string(), t[fine..].trim().to_string()))
    } else {
        None
    }
}

/// Rumore di pagina: intestazioni ripetute, etichette di colonna, numeri di pagina.
fn e_rumore(t: &str) -> bool {
    const RUMORE: [&str; 20] = [
        "PREVISIONE P.E.G.",
        "TITOLO",
        "TIPOLOGIA",
        "CAPITOLO",
        "DENOMINAZIONE",
        "DELL'ANNO",
        "PREVISIONI",
        "dell'anno",
        "VARIAZIONI",
        "in aumento",
        "ANNO 20",
        "MISSIONE,PROGRAMMA,TITOLO",
        "CAPITOLO DENOMINAZIONE",
        "ORGANIZZATIVE",
        "DELLE ENTRATE",
        "5. Budget finanziario",
        "CENTRO DI RESPONSABILITA",
        "ENTRATE",
        "SPESE",
        "Totale",
    ];
    t.is_empty()
        || t.contains("Esercizio 20") && t.contains(" di")
        || RUMORE.contains(&t)
        || t.starts_with("DENOMINAZIONE PREVISIONI")
        || t.starts_with("PREVISIONE P.E.G.")
        || t.starts_with("VARIAZIONI rispetto")
        || t.starts_with("in aumento in diminuzione")
}

fn e_intestazione_uo(t: &str) -> Option<(String, String)> {
    let (codice, nome) = t.split_once(" - ")?;
    let ok = (2..=6).contains(&codice.len())
        && codice
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && nome
            .chars()
            .all(|c| !c.is_lowercase() && !c.is_ascii_digit());
    ok.then(|| (codice.to_string(), nome.trim().to_string()))
}

fn etichetta_totale(
    t: &str,
    lato: Lato,
    nome_tipologia: Option<&str>,
) -> Option<(LivelloReport, usize)> {
    let cerca = |s: &str| t.find(s);
    if let Some(i) = cerca("TOTALE GENERALE") {
        return Some((LivelloReport::Generale, i));
    }
    if let Some(i) = cerca("TOTALE UNITA") {
        return Some((LivelloReport::TotaleUo, i));
    }
    if let Some(i) = cerca("Totale UO") {
        return Some((LivelloReport::Uo, i));
    }
    match lato {
        Lato::Entrate => {
            if let Some(i) = cerca("Totale TITOLO") {
                return Some((LivelloReport::TitoloEntrata, i));
            }
            if let Some(i) = cerca("Totale Tipologia") {
                return Some((LivelloReport::Tipologia, i));
            }
            if let Some(nome) = nome_tipologia
                && let Some(i) = cerca(&format!("Totale {nome}"))
            {
                return Some((LivelloReport::Tipologia, i));
            }
        }
        Lato::Spese => {
            if let Some(i) = cerca("Totale MISSIONE") {
                return Some((LivelloReport::Missione, i));
            }
            if let Some(i) = cerca("Totale Programma") {
                return Some((LivelloReport::Programma, i));
            }
            if let Some(i) = cerca("Totale Titolo") {
                return Some((LivelloReport::Titolo, i));
            }
        }
    }
    None
}

fn livelli(lato: Lato) -> &'static [LivelloReport] {
    match lato {
        Lato::Entrate => &[
            LivelloReport::Tipologia,
            LivelloReport::TitoloEntrata,
            LivelloReport::Uo,
        ],
        Lato::Spese => &[
            LivelloReport::Titolo,
            LivelloReport::Programma,
            LivelloReport::Missione,
            LivelloReport::Uo,
        ],
    }
}

fn attese(stato: &Stato, lato: Lato, l: LivelloReport, s: Somma) -> Vec<(&'static str, i64)> {
    let mut v = vec![
        ("previsioni definitive dell'anno precedente", s.prec),
        ("previsione di competenza", s.prev),
        ("variazione in aumento", s.aum),
        ("variazione in diminuzione", s.dim),
        ("previsione di cassa", s.cassa),
    ];
    if lato == Lato::Spese {
        if s.imp != 0 {
            v.push(("di cui già impegnato", s.imp));
        }
        if s.fpv != 0 {
            v.push(("di cui fondo pluriennale vincolato", s.fpv));
        }
    }
    if l == LivelloReport::Generale {
        let t = &stato.testata;
        v = match lato {
            Lato::Entrate => vec![
                (
                    "previsione di competenza (con FPV e avanzo)",
                    s.prev
                        .saturating_add(t.fpv_parte_corrente.centesimi())
                        .saturating_add(t.fpv_conto_capitale.centesimi())
                        .saturating_add(t.utilizzo_avanzo.centesimi()),
                ),
                (
                    "previsione di cassa (con fondo di cassa iniziale)",
                    s.cassa.saturating_add(t.fondo_cassa_iniziale.centesimi()),
                ),
            ],
            Lato::Spese => vec![
                ("previsioni definitive dell'anno precedente", s.prec),
                (
                    "previsione di competenza (con disavanzo)",
                    s.prev.saturating_add(t.disavanzo.centesimi()),
                ),
                (
                    "variazione netta",
                    s.prec.saturating_sub(s.prev).saturating_abs(),
                ),
                ("di cui fondo pluriennale vincolato", s.fpv),
                ("di cui già impegnato", s.imp),
                ("previsione di cassa", s.cassa),
            ],
        };
    }
    v
}

fn fmt(c: i64) -> String {
    Importo::da_centesimi(c).formato_it()
}

impl Stato {
    fn chiudi_capitolo(&mut self) {
        let Some(c) = self.capitolo.take() else {
            return;
        };
        let lato = self.lato.unwrap_or(Lato::Entrate);
        let Some(importi) = c.importi else {
            self.rilievi.push(
                Rilievo::errore(
                    CodiceRilievo::ImportiMancanti,
                    format!("{}[{}]", lato.codice(), c.codice),
                    format!(
                        "riga {}: il capitolo {} non ha la riga «previsione di» con i quattro importi",
                        c.riga, c.codice
                    ),
                )
                .alla_posizione(c.riga, Some(1)),
            );
            return;
        };
        if let Some(prima) = self.visti.insert((lato, c.codice.clone()), c.riga) {
            self.rilievi.push(
                Rilievo::errore(
                    CodiceRilievo::CapitoloDuplicato,
                    format!("{}[{}]", lato.codice(), c.codice),
                    format!(
                        "riga {}: il capitolo {} compare già alla riga {prima}",
                        c.riga, c.codice
                    ),
                )
                .alla_posizione(c.riga, Some(1)),
            );
            return;
        }
        let (titolo, mancante) = match &self.titolo {
            Some(t) => (t.clone(), false),
            None => (String::new(), true),
        };
        if mancante {
            self.rilievi.push(
                Rilievo::errore(
                    CodiceRilievo::ClassificazioneMancante,
                    format!("{}[{}]", lato.codice(), c.codice),
                    format!(
                        "riga {}: il capitolo {} non è preceduto da un titolo",
                        c.riga, c.codice
                    ),
                )
                .alla_posizione(c.riga, Some(1)),
            );
        }
        let capitolo = Capitolo {
            lato,
            codice: c.codice,
            descrizione: c
                .descrizione
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            uo: String::new(),
            titolo,
            tipologia: if lato == Lato::Entrate {
                self.tipologia.clone()
            } else {
                None
            },
            missione: if lato == Lato::Spese {
                self.missione.clone()
            } else {
                None
            },
            programma: if lato == Lato::Spese {
                self.programma.clone()
            } else {
                None
            },
            importi,
        };
        for l in livelli(lato) {
            somma_di(self, *l).aggiungi(&capitolo.importi);
        }
        self.totale.aggiungi(&capitolo.importi);
        self.in_attesa_uo.push((capitolo, c.riga));
    }

    fn etichetta(&mut self, livello: LivelloReport, riga: usize, colonna: usize, testo: &str) {
        let lato = self.lato.unwrap_or(Lato::Entrate);
        let somma = match livello {
            LivelloReport::TotaleUo | LivelloReport::Generale => self.totale,
            l => std::mem::take(somma_di(self, l)),
        };
        let mut nome_uo = String::new();
        if livello == LivelloReport::Uo {
            nome_uo = self.assegna_uo(testo, riga);
        }
        let v = |x: &Option<String>| x.clone().unwrap_or_else(|| "?".into());
        // Il nome del subtotale dalla classificazione in corso: il testo stampato è spesso
        // mescolato agli importi.
        let testo = match livello {
            LivelloReport::Tipologia => format!("Totale Tipologia {}", v(&self.tipologia)),
            LivelloReport::TitoloEntrata => format!("Totale TITOLO {}", v(&self.titolo)),
            LivelloReport::Titolo => format!(
                "Totale Titolo {} del programma {}",
                v(&self.titolo),
                v(&self.programma)
            ),
            LivelloReport::Programma => format!("Totale Programma {}", v(&self.programma)),
            LivelloReport::Missione => format!("Totale MISSIONE {}", v(&self.missione)),
            LivelloReport::Uo => format!("Totale UO {nome_uo}"),
            LivelloReport::TotaleUo => format!("TOTALE UNITA' ORGANIZZATIVE ({})", lato.codice()),
            LivelloReport::Generale => {
                format!("TOTALE GENERALE DELLE {}", lato.codice().to_uppercase())
            }
        };
        let attese = attese(self, lato, livello, somma);
        self.zona
            .get_or_insert_with(Zona::default)
            .etichette
            .push(Etichetta {
                riga,
                colonna,
                testo,
                attese,
            });
    }

    /// Assegna l'unità ai capitoli in attesa; restituisce il codice.
    fn assegna_uo(&mut self, testo: &str, riga: usize) -> String {
        let dopo = testo.split("Totale UO").nth(1).unwrap_or("").trim();
        let codice: String = dopo.chars().take_while(|c| !c.is_whitespace()).collect();
        if codice.is_empty() {
            self.rilievi.push(
                Rilievo::errore(
                    CodiceRilievo::UoMancante,
                    format!("riga {riga}"),
                    format!("riga {riga}: «Totale UO» senza codice dell'unità organizzativa"),
                )
                .alla_posizione(riga, None),
            );
            return codice;
        }
        if !self.unita.iter().any(|u| u.codice == codice) {
            self.unita.push(UnitaBilancio {
                codice: codice.clone(),
                nome: String::new(),
            });
        }
        for (mut c, _) in self.in_attesa_uo.drain(..) {
            c.uo = codice.clone();
            self.capitoli.push(c);
        }
        codice
    }

    /// Chiude la zona dei subtotali: ogni importo atteso deve trovarsi tra quelli stampati.
    fn chiudi_zona(&mut self) {
        let Some(zona) = self.zona.take() else {
            return;
        };
        let mut stampati: Vec<Option<(ImportoInRiga, usize)>> =
            zona.importi.into_iter().map(Some).collect();
        let mut mancanti: Vec<(&Etichetta, &'static str, i64)> = Vec::new();
        for e in &zona.etichette {
            self.verificati += 1;
            for (nome, valore) in &e.attese {
                let pos = stampati
                    .iter()
                    .position(|s| s.is_some_and(|(i, _)| i.importo.centesimi() == *valore));
                match pos {
                    Some(p) => stampati[p] = None,
                    None => mancanti.push((e, nome, *valore)),
                }
            }
        }
        let mut avanzi: Vec<(ImportoInRiga, usize)> = stampati.into_iter().flatten().collect();
        for (e, nome, valore) in mancanti {
            // La cifra stampata al posto di quella calcolata: fra gli importi non usati della
            // zona, la più vicina.
            let vicino = avanzi
                .iter()
                .enumerate()
                .min_by_key(|(_, (i, _))| {
                    i.importo
                        .centesimi()
                        .saturating_sub(valore)
                        .saturating_abs()
                })
                .map(|(k, _)| k);
            let (stampato, riga, colonna) = match vicino {
                Some(k) => {
                    let (i, r) = avanzi.remove(k);
                    (
                        format!("stampato {}", fmt(i.importo.centesimi())),
                        r,
                        i.colonna,
                    )
                }
                None => ("non stampato".to_string(), e.riga, e.colonna),
            };
            self.rilievi.push(
                Rilievo::avviso(
                    CodiceRilievo::SubtotaleNonCorrisponde,
                    e.testo.clone(),
                    format!(
                        "riga {}: {} calcolata dai capitoli {}, {stampato}",
                        e.riga,
                        nome,
                        fmt(valore)
                    ),
                )
                .alla_posizione(riga, Some(colonna)),
            );
        }
    }
}

#[derive(Clone, Copy)]
enum Classe {
    Titolo,
    Tipologia,
    Missione,
    Programma,
}

/// Un'intestazione di classificazione. Se ripete il valore in corso è l'intestazione di una
/// nuova pagina: non chiude nulla (un subtotale può continuare dopo il salto pagina).
/// Restituisce vero se la classificazione è cambiata.
fn intestazione(s: &mut Stato, classe: Classe, valore: &str) -> bool {
    let campo = match classe {
        Classe::Titolo => &mut s.titolo,
        Classe::Tipologia => &mut s.tipologia,
        Classe::Missione => &mut s.missione,
        Classe::Programma => &mut s.programma,
    };
    if campo.as_deref() == Some(valore) {
        return false;
    }
    *campo = Some(valore.to_string());
    s.chiudi_capitolo();
    s.chiudi_zona();
    true
}

/// Una voce della testata (FPV, avanzo, fondo di cassa, disavanzo). Una voce stampata due
/// volte è un errore: l'ultima non vince in silenzio.
fn voce_testata(t: &str, stato: &mut Stato, importi: &[ImportoInRiga], riga: usize) -> bool {
    let Some(primo) = importi.first() else {
        return false;
    };
    let v = &mut stato.testata;
    let (nome, campo) = if t.starts_with("Fondo pluriennale vincolato per spese correnti") {
        ("fpv_parte_corrente", &mut v.fpv_parte_corrente)
    } else if t.starts_with("Fondo pluriennale vincolato per spese in conto capitale") {
        ("fpv_conto_capitale", &mut v.fpv_conto_capitale)
    } else if t.starts_with("Utilizzo avanzo di amministrazione") {
        ("utilizzo_avanzo", &mut v.utilizzo_avanzo)
    } else if t.starts_with("-di cui avanzo") || t.starts_with("di cui avanzo") {
        (
            "avanzo_utilizzato_anticipatamente",
            &mut v.avanzo_utilizzato_anticipatamente,
        )
    } else if t.starts_with("Fondo di Cassa") {
        ("fondo_cassa_iniziale", &mut v.fondo_cassa_iniziale)
    } else if t.starts_with("DISAVANZO DI AMMINISTRAZIONE") {
        ("disavanzo", &mut v.disavanzo)
    } else {
        return false;
    };
    *campo = primo.importo;
    if let Some(prima) = stato.testata_vista.insert(nome, riga) {
        stato.rilievi.push(
            Rilievo::errore(
                CodiceRilievo::VoceTestataDuplicata,
                nome,
                format!("riga {riga}: la voce di testata «{nome}» compare già alla riga {prima}"),
            )
            .alla_posizione(riga, Some(primo.colonna)),
        );
    }
    true
}

/// Legge il prospetto. `nome_file` compare nei messaggi.
pub fn leggi_report(testo: &str, nome_file: &str) -> Result<LetturaReport, Vec<Rilievo>> {
    let mut s = Stato::default();
    let mut righe = 0;
    let mut visto_prospetto = false;
    for (n, grezza) in testo.lines().enumerate() {
        let riga = n + 1;
        righe += 1;
        let t = grezza.trim();
        if t.starts_with("PREVISIONE P.E.G. PER UNITA") {
            visto_prospetto = true;
        }
        if !visto_prospetto {
            continue;
        }
        if t == "ENTRATE" || t == "SPESE" {
            let nuovo = if t == "ENTRATE" {
                Lato::Entrate
            } else {
                Lato::Spese
            };
            if s.lato != Some(nuovo) {
                s.chiudi_capitolo();
                s.chiudi_zona();
                s.lato = Some(nuovo);
                s.titolo = None;
                s.tipologia = None;
                s.missione = None;
                s.programma = None;
                s.somme.clear();
                s.totale = Somma::default();
            }
            continue;
        }
        if s.esercizio.is_none()
            && let Some(i) = t.find("Esercizio ")
        {
            s.esercizio = t[i + 10..].get(..4).and_then(|a| a.parse().ok());
        }
        let Some(lato) = s.lato else { continue };
        let (importi, rifiutati) = estrai_importi_controllati(grezza);
        for r in rifiutati {
            s.rilievi.push(
                Rilievo::errore(
                    CodiceRilievo::ImportoNonValido,
                    format!("riga {riga}"),
                    format!("riga {riga}, colonna {}: {}", r.colonna, r.errore),
                )
                .alla_posizione(riga, Some(r.colonna)),
            );
        }
        // Un "Totale" isolato: l'etichetta continua alla riga seguente ("Tipologia 101: …").
        if t == "Totale" {
            s.chiudi_capitolo();
            s.totale_sospeso = Some((riga, grezza.find("Totale").unwrap_or(0) + 1));
            continue;
        }
        if let Some((r, c)) = s.totale_sospeso.take() {
            let livello = if t.starts_with("Tipologia")
                || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && lato == Lato::Entrate
            {
                Some(LivelloReport::Tipologia)
            } else {
                etichetta_totale(&format!("Totale {t}"), lato, s.nome_tipologia.as_deref())
                    .map(|x| x.0)
            };
            if let Some(l) = livello {
                s.etichetta(l, r, c, &format!("Totale {t}"));
                let z = s.zona.get_or_insert_with(Zona::default);
                z.importi.extend(importi.iter().map(|i| (*i, riga)));
                continue;
            }
        }
        if let Some((livello, col)) = etichetta_totale(grezza, lato, s.nome_tipologia.as_deref()) {
            s.chiudi_capitolo();
            s.etichetta(livello, riga, col + 1, grezza);
            let z = s.zona.get_or_insert_with(Zona::default);
            z.importi.extend(importi.iter().map(|i| (*i, riga)));
            continue;
        }
        if let Some((codice, resto)) = e_codice_capitolo(grezza) {
            s.chiudi_capitolo();
            s.chiudi_zona();
            s.capitolo = Some(CapitoloInCorso {
                riga,
                codice,
                descrizione: Vec::new(),
                importi: None,
            });
            // Il resto della riga: descrizione ed eventualmente "previsione di …".
            leggi_dentro_capitolo(&mut s, &resto, &importi, lato, riga);
            continue;
        }
        if voce_testata(t, &mut s, &importi, riga) {
            continue;
        }
        // Intestazioni di classificazione.
        if lato == Lato::Entrate {
            if let Some(r) = t.strip_prefix("TITOLO ")
                && let Some(num) = r.split_whitespace().next()
                && num.chars().all(|c| c.is_ascii_digit())
            {
                intestazione(&mut s, Classe::Titolo, num);
                continue;
            }
            let primo: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
            if primo.len() == 5 && t.len() > 6 && importi.is_empty() {
                if intestazione(&mut s, Classe::Tipologia, &primo) {
                    let nome = t[5..].trim();
                    let nome = match nome.split_once(':') {
                        Some((_, n)) if nome.starts_with("Tipologia") => n.trim(),
                        _ => nome,
                    };
                    s.nome_tipologia = Some(nome.to_string());
                }
                continue;
            }
        } else {
            if let Some(r) = t.strip_prefix("MISSIONE ")
                && let Some(num) = r.split_whitespace().next()
                && num.len() == 2
                && num.chars().all(|c| c.is_ascii_digit())
            {
                intestazione(&mut s, Classe::Missione, num);
                continue;
            }
            let primo: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
            if primo.len() == 4 && t[4..].trim_start().starts_with("Programma") {
                intestazione(&mut s, Classe::Programma, &primo);
                continue;
            }
            if let Some(r) = t.strip_prefix("Titolo ")
                && let Some(num) = r.split_whitespace().next()
                && num.chars().all(|c| c.is_ascii_digit())
            {
                intestazione(&mut s, Classe::Titolo, num);
                continue;
            }
        }
        if let Some((codice, nome)) = e_intestazione_uo(t) {
            s.chiudi_capitolo();
            match s.unita.iter_mut().find(|u| u.codice == codice) {
                Some(u) if u.nome.is_empty() => u.nome = nome,
                Some(_) => {}
                None => s.unita.push(UnitaBilancio { codice, nome }),
            }
            continue;
        }
        if s.capitolo.is_some() {
            leggi_dentro_capitolo(&mut s, t, &importi, lato, riga);
            continue;
        }
        if let Some(z) = s.zona.as_mut() {
            z.importi.extend(importi.iter().map(|i| (*i, riga)));
            continue;
        }
        if !importi.is_empty() && !e_rumore(t) {
            s.rilievi.push(
                Rilievo::avviso(
                    CodiceRilievo::RigaNonRiconosciuta,
                    format!("riga {riga}"),
                    format!("riga {riga}: importi fuori da un capitolo o da un totale: «{t}»"),
                )
                .alla_posizione(riga, Some(importi[0].colonna)),
            );
        }
    }
    s.chiudi_capitolo();
    s.chiudi_zona();
    if !s.in_attesa_uo.is_empty() {
        let (c, r) = &s.in_attesa_uo[0];
        s.rilievi.push(
            Rilievo::errore(
                CodiceRilievo::UoMancante,
                format!("riga {r}"),
                format!(
                    "riga {r}: il capitolo {} e i successivi ({}) non sono chiusi da un «Totale UO»: il file è troncato?",
                    c.codice,
                    s.in_attesa_uo.len()
                ),
            )
            .alla_posizione(*r, Some(1)),
        );
    }
    let mut errori: Vec<Rilievo> = s
        .rilievi
        .iter()
        .filter(|r| r.gravita == traguardo_domain::rilievi::Gravita::Errore)
        .cloned()
        .collect();
    if !visto_prospetto || s.capitoli.is_empty() && errori.is_empty() {
        errori.push(Rilievo::errore(
            CodiceRilievo::FormatoNonRiconosciuto,
            "",
            format!(
                "{nome_file}: non contiene un prospetto «PREVISIONE P.E.G. PER UNITA' ORGANIZZATIVA» con capitoli"
            ),
        ));
    }
    let Some(esercizio) = s.esercizio else {
        errori.push(Rilievo::errore(
            CodiceRilievo::EsercizioMancante,
            "",
            format!("{nome_file}: manca l'indicazione «Esercizio AAAA»"),
        ));
        return Err(prefissa(errori, nome_file));
    };
    if !errori.is_empty() {
        return Err(prefissa(errori, nome_file));
    }
    let mut rilievi = prefissa(s.rilievi, nome_file);
    let bilancio = Bilancio {
        esercizio,
        testata: s.testata,
        unita: s.unita,
        capitoli: s.capitoli,
    };
    rilievi.extend(bilancio.verifica());
    Ok(LetturaReport {
        bilancio,
        rilievi,
        righe_lette: righe,
        subtotali_verificati: s.verificati,
    })
}

fn prefissa(rilievi: Vec<Rilievo>, nome_file: &str) -> Vec<Rilievo> {
    rilievi
        .into_iter()
        .map(|mut r| {
            if !r.messaggio.starts_with(nome_file) {
                r.messaggio = format!("{nome_file}, {}", r.messaggio);
            }
            r
        })
        .collect()
}

/// Una riga dentro un capitolo: descrizione, "previsione di" (4 importi), impegnato, FPV, cassa.
fn leggi_dentro_capitolo(
    s: &mut Stato,
    t: &str,
    importi: &[ImportoInRiga],
    lato: Lato,
    riga: usize,
) {
    let Some(c) = s.capitolo.as_mut() else {
        return;
    };
    if t.is_empty() {
        return;
    }
    let valori: Vec<Importo> = importi.iter().map(|i| i.importo).collect();
    if let Some(i) = t.find("previsione di cassa") {
        let imp = c.importi.get_or_insert_with(Importi::default);
        if let Some(v) = estrai_importi(&t[i..]).first() {
            imp.cassa = v.importo;
        }
        return;
    }
    if t.contains("di cui già impegnato") {
        if let Some(v) = valori.first() {
            c.importi.get_or_insert_with(Importi::default).impegnato = *v;
        }
        return;
    }
    if t.contains("fondo pluriennale vincolato") {
        if let Some(v) = valori.first() {
            c.importi.get_or_insert_with(Importi::default).fpv = *v;
        }
        return;
    }
    if let Some(i) = t.find("previsione di") {
        let descr = t[..i].trim();
        if !descr.is_empty() {
            c.descrizione.push(descr.to_string());
        }
        let numeri = estrai_importi(&t[i..]);
        if numeri.len() != 4 {
            s.rilievi.push(
                Rilievo::errore(
                    CodiceRilievo::ImportiNonValidi,
                    format!("{}[{}]", lato.codice(), c.codice),
                    format!(
                        "riga {riga}: il capitolo {} ha {} importi nella riga «previsione di» invece di 4 (anno precedente, previsione, aumento, diminuzione)",
                        c.codice,
                        numeri.len()
                    ),
                )
                .alla_posizione(riga, Some(i + 1)),
            );
            return;
        }
        let imp = c.importi.get_or_insert_with(Importi::default);
        imp.anno_precedente = numeri[0].importo;
        imp.previsione = numeri[1].importo;
        imp.aumento = numeri[2].importo;
        imp.diminuzione = numeri[3].importo;
        return;
    }
    if c.importi.is_none() {
        c.descrizione.push(t.to_string());
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    fn importo(c: i64) -> String {
        Importo::da_centesimi(c).formato_it()
    }

    proptest! {
        #[test]
        fn nessun_panico_su_testo_qualsiasi(righe in proptest::collection::vec("\\PC{0,80}", 0..60)) {
            let mut t = String::from("PREVISIONE P.E.G. PER UNITA' ORGANIZZATIVA\nENTRATE\nEsercizio 2026\n");
            t.push_str(&righe.join("\n"));
            let _ = leggi_report(&t, "x.txt");
        }

        /// Le righe dei capitoli, con descrizioni su una o più righe e importi anche incollati,
        /// restituiscono esattamente gli importi scritti.
        #[test]
        fn capitoli_generati_si_rileggono(
            capitoli in proptest::collection::vec(
                ("[1-9][0-9]{5,8}", "[a-z][a-z ]{0,30}", proptest::array::uniform4(0i64..10_000_000_000), 0i64..10_000_000_000, any::<bool>(), any::<bool>()),
                1..20,
            )
        ) {
            let mut t = String::from(
                "PREVISIONE P.E.G. PER UNITA' ORGANIZZATIVA\nENTRATE\n\nDIR - DIRETTORE\n1 diEsercizio 2026  16\nTITOLO 2 Trasferimenti correnti\n20101 Tipologia 101: Trasferimenti correnti da Amministrazioni pubbliche\n",
            );
            let mut visti = std::collections::HashSet::new();
            let mut attesi = Vec::new();
            for (codice, descr, imp, cassa, a_capo, incollati) in &capitoli {
                if !visti.insert(codice.clone()) {
                    continue;
                }
                let sep = if *incollati { "" } else { " " };
                let importi = imp.iter().map(|c| importo(*c)).collect::<Vec<_>>().join(sep);
                if *a_capo {
                    t.push_str(&format!("{codice}/0\n{descr}\n\nprevisione di {importi}\n\n"));
                } else {
                    t.push_str(&format!("{codice}/0 {descr} previsione di {importi}\n"));
                }
                t.push_str(&format!("previsione di cassa {}\n\n", importo(*cassa)));
                attesi.push((format!("{codice}/0"), *imp, *cassa));
            }
            t.push_str("Totale UO DIR\n");
            let l = leggi_report(&t, "gen.txt").map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(l.bilancio.capitoli.len(), attesi.len());
            for (c, (codice, imp, cassa)) in l.bilancio.capitoli.iter().zip(&attesi) {
                prop_assert_eq!(&c.codice, codice);
                prop_assert_eq!(c.uo.as_str(), "DIR");
                prop_assert_eq!(c.tipologia.as_deref(), Some("20101"));
                prop_assert_eq!(
                    [c.importi.anno_precedente.centesimi(), c.importi.previsione.centesimi(), c.importi.aumento.centesimi(), c.importi.diminuzione.centesimi()],
                    *imp
                );
                prop_assert_eq!(c.importi.cassa.centesimi(), *cassa);
            }
        }
    }
}
