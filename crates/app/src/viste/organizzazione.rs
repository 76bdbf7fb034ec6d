//! Viste dell'organizzazione: l'organizzazione a una data (CdR, responsabili, persone), la
//! matrice persone × obiettivi con le quote (la matrice dipendenti × attività di 003) e gli
//! obiettivi per CdR, con quelli condivisi in ogni CdR e il loro capofila.

use super::{Cifra, data_it};
use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::comandi_monitoraggio::carica;
use crate::contesto::Contesto;
use crate::organizzazione::{ciclo_della_data, verifica_capofila};
use crate::porte::PianiRepo;
use crate::porte_fatti::FattiRepo;
use crate::porte_organizzazione::OrganizzazioneRepo;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use traguardo_domain::accesso::{CodiceCdr, CodicePersona};
use traguardo_domain::organizzazione::{CdrAllaData, PersonaAllaData};
use traguardo_domain::piano::Piano;

/// L'organizzazione di un ente a una data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaOrganizzazione {
    pub ente: String,
    /// Anno di inizio del ciclo a cui appartiene la data.
    pub ciclo: i32,
    pub data: NaiveDate,
    pub data_testo: String,
    pub cdr: Vec<CdrAllaData>,
    pub senza_cdr: Vec<PersonaAllaData>,
    /// Vero se qualche persona è stata omessa (dati personali che il ruolo non vede).
    pub dati_personali_omessi: bool,
}

impl VistaOrganizzazione {
    pub fn testo(&self) -> String {
        let mut s = format!(
            "Organizzazione di {} al {} (ciclo {}): {} CdR\n",
            self.ente,
            self.data_testo,
            self.ciclo,
            self.cdr.len()
        );
        let persona = |p: &PersonaAllaData| {
            format!(
                "    {} {}{}{}\n",
                p.codice,
                p.nome,
                p.ruolo
                    .as_deref()
                    .map(|r| format!(" — {r}"))
                    .unwrap_or_default(),
                p.dal
                    .map(|d| format!(" (dal {})", data_it(d)))
                    .unwrap_or_default()
            )
        };
        for c in &self.cdr {
            s.push_str(&format!(
                "{} {}{}: responsabile {}; {}\n",
                c.codice,
                c.nome,
                c.padre
                    .as_deref()
                    .map(|p| format!(" (in {p})"))
                    .unwrap_or_default(),
                match (&c.responsabile, &c.responsabile_nome) {
                    (Some(cod), Some(n)) => format!("{n} ({cod})"),
                    (None, Some(n)) => n.clone(),
                    _ => "nessuno".into(),
                },
                match c.persone.len() {
                    1 => "1 persona".to_string(),
                    n => format!("{n} persone"),
                }
            ));
            for p in &c.persone {
                s.push_str(&persona(p));
            }
        }
        if !self.senza_cdr.is_empty() {
            s.push_str(&format!("Senza CdR: {} persone\n", self.senza_cdr.len()));
            for p in &self.senza_cdr {
                s.push_str(&persona(p));
            }
        }
        if self.dati_personali_omessi {
            s.push_str("Alcune persone sono omesse: il ruolo non ne vede i dati.\n");
        }
        s
    }
}

/// L'organizzazione alla data, nel ciclo indicato o in quello che contiene la data.
pub async fn organizzazione_alla_data<R: PianiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    ciclo: Option<i32>,
    data: NaiveDate,
) -> Result<VistaOrganizzazione, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let anno = match ciclo {
        Some(a) => a,
        None => ciclo_della_data(repo, ctx, data).await?,
    };
    let (_, _, s) = crate::organizzazione::storia(repo, ctx, anno).await?;
    if !s.ciclo.contiene(data) {
        return Err(Errore::NonValido(format!(
            "la data {} è fuori dal ciclo {anno} ({})",
            data_it(data),
            s.ciclo.descrizione()
        )));
    }
    let mut o = s.alla_data(data);
    let mut omesse = 0;
    for c in &mut o.cdr {
        let cdr = CodiceCdr::new(c.codice.as_str());
        let prima = c.persone.len();
        c.persone
            .retain(|p| ctx.vede_persona(&CodicePersona::new(p.codice.as_str()), Some(&cdr)));
        omesse += prima - c.persone.len();
    }
    omesse += ctx.filtra_persone(&mut o.senza_cdr, |p| (p.codice.as_str(), None));
    Ok(VistaOrganizzazione {
        ente: ctx.ente.clone(),
        ciclo: anno,
        data,
        data_testo: data_it(data),
        cdr: o.cdr,
        senza_cdr: o.senza_cdr,
        dati_personali_omessi: omesse > 0,
    })
}

/// Una colonna della matrice: un obiettivo o uno step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColonnaMatrice {
    pub obiettivo: String,
    pub step: Option<String>,
    pub titolo: String,
}

impl ColonnaMatrice {
    pub fn etichetta(&self) -> String {
        match &self.step {
            Some(s) => format!("{}/{s}", self.obiettivo),
            None => self.obiettivo.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaMatrice {
    pub persona: String,
    pub nome: String,
    pub qualifica: Option<String>,
    pub cdr: Option<String>,
    /// Una cella per colonna: la quota della persona (100% se l'assegnazione non la dice).
    pub quote: Vec<Option<Cifra>>,
    pub assegnazioni: usize,
}

/// La matrice persone × obiettivi e step, con le quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaMatrice {
    pub ente: String,
    pub ciclo: i32,
    pub colonne: Vec<ColonnaMatrice>,
    pub righe: Vec<RigaMatrice>,
    pub dati_personali_omessi: bool,
}

/// La matrice dalle assegnazioni del piano: colonne nell'ordine del piano (l'obiettivo prima
/// dei suoi step), righe per ogni persona del piano (anche senza assegnazioni).
pub fn matrice(p: &Piano) -> (Vec<ColonnaMatrice>, Vec<RigaMatrice>) {
    let mut colonne = Vec::new();
    for o in &p.obiettivi {
        let mie: Vec<_> = p
            .assegnazioni
            .iter()
            .filter(|a| a.obiettivo == o.codice)
            .collect();
        if mie.iter().any(|a| a.step.is_none()) {
            colonne.push(ColonnaMatrice {
                obiettivo: o.codice.clone(),
                step: None,
                titolo: o.titolo.clone(),
            });
        }
        for s in &o.steps {
            if let Some(c) = &s.codice
                && mie.iter().any(|a| a.step.as_ref() == Some(c))
            {
                colonne.push(ColonnaMatrice {
                    obiettivo: o.codice.clone(),
                    step: Some(c.clone()),
                    titolo: s.descrizione.clone(),
                });
            }
        }
    }
    let righe = p
        .persone
        .iter()
        .map(|x| {
            let mie: Vec<_> = p
                .assegnazioni
                .iter()
                .filter(|a| a.persona == x.codice)
                .collect();
            RigaMatrice {
                persona: x.codice.clone(),
                nome: x.cognome_nome.clone(),
                qualifica: x.qualifica.clone().or_else(|| x.ruolo.clone()),
                cdr: x.unita.clone(),
                quote: colonne
                    .iter()
                    .map(|c| {
                        mie.iter()
                            .find(|a| a.obiettivo == c.obiettivo && a.step == c.step)
                            .map(|a| {
                                Cifra::percento(
                                    a.quota.map(|q| q.0).unwrap_or(Decimal::ONE_HUNDRED),
                                )
                            })
                    })
                    .collect(),
                assegnazioni: mie.len(),
            }
        })
        .collect();
    (colonne, righe)
}

impl VistaMatrice {
    /// CSV con `;`: persona, nome, qualifica, CdR, una colonna per obiettivo o step.
    pub fn csv(&self) -> String {
        let mut s = String::from("persona;nome;qualifica;cdr");
        for c in &self.colonne {
            s.push(';');
            s.push_str(&c.etichetta());
        }
        s.push('\n');
        for r in &self.righe {
            s.push_str(&format!(
                "{};{};{};{}",
                r.persona,
                r.nome,
                r.qualifica.as_deref().unwrap_or(""),
                r.cdr.as_deref().unwrap_or("")
            ));
            for q in &r.quote {
                s.push(';');
                if let Some(q) = q {
                    s.push_str(&q.testo);
                }
            }
            s.push('\n');
        }
        s
    }
}

pub async fn matrice_assegnazioni<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<VistaMatrice, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let (mut p, _) = carica(repo, ctx, anno).await?;
    let o = ctx.oscura_piano(&mut p);
    let (colonne, righe) = matrice(&p);
    Ok(VistaMatrice {
        ente: ctx.ente.clone(),
        ciclo: anno,
        colonne,
        righe,
        dati_personali_omessi: o.dati_personali_omessi,
    })
}

/// Un obiettivo sotto un CdR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObiettivoDiArea {
    pub codice: String,
    pub titolo: String,
    /// Il numero locale dell'obiettivo nel CdR (es. «2.2»).
    pub numero: Option<String>,
    pub condiviso: bool,
    pub capofila: Option<String>,
    /// «condiviso, capofila: AMIN» (o «condiviso, capofila: non indicato»).
    pub nota: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaConObiettivi {
    pub cdr: String,
    pub nome: String,
    pub obiettivi: Vec<ObiettivoDiArea>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaObiettiviPerArea {
    pub ente: String,
    pub ciclo: i32,
    pub aree: Vec<AreaConObiettivi>,
    /// Avvisi: obiettivi condivisi senza un capofila valido.
    pub avvisi: Vec<String>,
}

/// Gli obiettivi per CdR: un obiettivo condiviso, scritto una volta, compare sotto ogni suo
/// CdR con il suo capofila.
pub fn obiettivi_per_area(p: &Piano, capofila: &[(String, String)]) -> Vec<AreaConObiettivi> {
    p.unita_organizzative
        .iter()
        .map(|u| AreaConObiettivi {
            cdr: u.codice.clone(),
            nome: u.nome.clone(),
            obiettivi: p
                .obiettivi
                .iter()
                .flat_map(|o| {
                    let mut cdr: Vec<&str> = o.unita.iter().map(|x| x.unita.as_str()).collect();
                    cdr.sort();
                    cdr.dedup();
                    let condiviso = cdr.len() > 1;
                    let capo = capofila
                        .iter()
                        .find(|(x, _)| x == &o.codice)
                        .map(|(_, c)| c.clone());
                    o.unita
                        .iter()
                        .filter(|x| x.unita == u.codice)
                        .map(move |x| ObiettivoDiArea {
                            codice: o.codice.clone(),
                            titolo: o.titolo.clone(),
                            numero: x.numero.clone(),
                            condiviso,
                            capofila: capo.clone(),
                            nota: condiviso.then(|| {
                                format!(
                                    "condiviso, capofila: {}",
                                    capo.as_deref().unwrap_or("non indicato")
                                )
                            }),
                        })
                        .collect::<Vec<_>>()
                })
                .collect(),
        })
        .collect()
}

impl VistaObiettiviPerArea {
    pub fn testo(&self) -> String {
        let mut s = String::new();
        for a in &self.aree {
            s.push_str(&format!(
                "{} {}: {} obiettivi\n",
                a.cdr,
                a.nome,
                a.obiettivi.len()
            ));
            for o in &a.obiettivi {
                s.push_str(&format!(
                    "  {}{} {}{}\n",
                    o.numero
                        .as_deref()
                        .map(|n| format!("{n} "))
                        .unwrap_or_default(),
                    o.codice,
                    o.titolo,
                    o.nota
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                ));
            }
        }
        for a in &self.avvisi {
            s.push_str(&format!("AVVISO: {a}\n"));
        }
        s
    }
}

pub async fn vista_obiettivi_per_area<R: PianiRepo + OrganizzazioneRepo + FattiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<VistaObiettiviPerArea, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let (p, ids) = carica(repo, ctx, anno).await?;
    let capofila = repo.capofila(ctx.tenant, ids.ciclo).await?;
    Ok(VistaObiettiviPerArea {
        ente: ctx.ente.clone(),
        ciclo: anno,
        aree: obiettivi_per_area(&p, &capofila),
        avvisi: verifica_capofila(&p, &capofila),
    })
}
