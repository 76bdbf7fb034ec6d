//! L'organizzazione nel tempo: i CdR con la loro validità, i loro responsabili e l'incarico di
//! ogni persona (CdR e ruolo) per periodi con una data di inizio e, se finiti, di fine.
//!
//! La regola è una sola, qui: [`StoriaOrganizzazione::alla_data`] dice quali CdR esistono a una
//! data, chi li guida e chi vi lavora. Ciò che il piano dice senza date vale per tutto il ciclo:
//! - un CdR senza periodi di validità esiste per tutto il ciclo;
//! - un CdR ha per responsabile il testo del piano fino al suo primo periodo di responsabilità;
//! - una persona senza incarichi è, per tutto il ciclo, nel CdR e con il ruolo del piano.
//!
//! Appena una cosa ha periodi, contano solo i periodi (una persona assunta a luglio non è
//! nell'organizzazione di giugno). I periodi della stessa cosa non si sovrappongono
//! ([`verifica_sovrapposizione`]): una persona è in un solo CdR alla volta, un CdR ha un solo
//! responsabile alla volta.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// Un periodo: dal (compreso) al (compreso); `al` assente = ancora in corso.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Periodo {
    pub dal: NaiveDate,
    pub al: Option<NaiveDate>,
}

fn it(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

impl Periodo {
    pub fn new(dal: NaiveDate, al: Option<NaiveDate>) -> Periodo {
        Periodo { dal, al }
    }

    pub fn contiene(&self, d: NaiveDate) -> bool {
        self.dal <= d && self.al.is_none_or(|a| d <= a)
    }

    pub fn si_sovrappone(&self, altro: &Periodo) -> bool {
        self.al.is_none_or(|a| altro.dal <= a) && altro.al.is_none_or(|a| self.dal <= a)
    }

    /// «dal 01/07/2026» oppure «dal 01/01/2026 al 30/06/2026».
    pub fn descrizione(&self) -> String {
        match self.al {
            Some(a) => format!("dal {} al {}", it(self.dal), it(a)),
            None => format!("dal {}", it(self.dal)),
        }
    }
}

/// Il nuovo periodo non si sovrappone a nessuno degli esistenti (della stessa cosa, descritta
/// da `cosa`: «la validità del CdR AFIN», «gli incarichi di P01»…); altrimenti il messaggio.
pub fn verifica_sovrapposizione(
    esistenti: &[Periodo],
    nuovo: &Periodo,
    cosa: &str,
) -> Result<(), String> {
    if let Some(a) = nuovo.al
        && a < nuovo.dal
    {
        return Err(format!(
            "{cosa}: la fine {} viene prima dell'inizio {}",
            it(a),
            it(nuovo.dal)
        ));
    }
    match esistenti.iter().find(|p| p.si_sovrappone(nuovo)) {
        Some(p) => Err(format!(
            "{cosa}: il periodo {} si sovrappone a quello {}",
            nuovo.descrizione(),
            p.descrizione()
        )),
        None => Ok(()),
    }
}

/// Un CdR del ciclo con i suoi periodi di validità (vuoti: tutto il ciclo).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CdrStorico {
    pub id: Uuid,
    pub codice: String,
    pub nome: String,
    pub padre: Option<String>,
    /// Il responsabile scritto nel piano (testo libero).
    pub responsabile_piano: Option<String>,
    pub validita: Vec<(Uuid, Periodo)>,
}

/// Un periodo di responsabilità di un CdR.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Responsabilita {
    pub id: Uuid,
    pub cdr: String,
    pub persona: String,
    pub periodo: Periodo,
}

/// Un incarico di una persona: il CdR e il ruolo in un periodo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incarico {
    pub id: Uuid,
    pub cdr: String,
    pub ruolo: Option<String>,
    pub periodo: Periodo,
}

/// Una persona del ciclo con il CdR e il ruolo del piano e i suoi incarichi datati.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonaStorica {
    pub id: Uuid,
    pub codice: String,
    pub nome: String,
    pub cdr_piano: Option<String>,
    pub ruolo_piano: Option<String>,
    pub incarichi: Vec<Incarico>,
}

/// La storia dell'organizzazione di un ciclo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoriaOrganizzazione {
    /// Il periodo del ciclo (1° gennaio dell'anno di inizio – 31 dicembre dell'anno di fine).
    pub ciclo: Periodo,
    pub cdr: Vec<CdrStorico>,
    pub responsabili: Vec<Responsabilita>,
    pub persone: Vec<PersonaStorica>,
}

/// Una persona in un CdR a una data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonaAllaData {
    pub codice: String,
    pub nome: String,
    pub ruolo: Option<String>,
    /// Da quando è nel CdR (assente: dal piano, per tutto il ciclo).
    pub dal: Option<NaiveDate>,
}

/// Un CdR a una data: chi lo guida e chi vi lavora.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CdrAllaData {
    pub codice: String,
    pub nome: String,
    pub padre: Option<String>,
    /// Codice della persona responsabile (se data con un periodo).
    pub responsabile: Option<String>,
    /// Nome del responsabile (della persona, o il testo del piano).
    pub responsabile_nome: Option<String>,
    pub persone: Vec<PersonaAllaData>,
}

/// L'organizzazione a una data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganizzazioneAllaData {
    pub data: NaiveDate,
    pub cdr: Vec<CdrAllaData>,
    /// Persone in servizio senza CdR (né nel piano né in un incarico).
    pub senza_cdr: Vec<PersonaAllaData>,
}

impl CdrStorico {
    /// Il CdR esiste alla data?
    pub fn attivo(&self, ciclo: &Periodo, d: NaiveDate) -> bool {
        if self.validita.is_empty() {
            ciclo.contiene(d)
        } else {
            self.validita.iter().any(|(_, p)| p.contiene(d))
        }
    }
}

impl PersonaStorica {
    /// CdR e ruolo della persona alla data, con l'inizio dell'incarico; `None` se non è in
    /// servizio alla data. `Some((None, …))`: in servizio senza CdR.
    pub fn alla_data(
        &self,
        ciclo: &Periodo,
        d: NaiveDate,
    ) -> Option<(Option<String>, Option<String>, Option<NaiveDate>)> {
        if self.incarichi.is_empty() {
            return ciclo
                .contiene(d)
                .then(|| (self.cdr_piano.clone(), self.ruolo_piano.clone(), None));
        }
        self.incarichi
            .iter()
            .find(|i| i.periodo.contiene(d))
            .map(|i| (Some(i.cdr.clone()), i.ruolo.clone(), Some(i.periodo.dal)))
    }

    /// I periodi degli incarichi (per la verifica delle sovrapposizioni).
    pub fn periodi(&self) -> Vec<Periodo> {
        self.incarichi.iter().map(|i| i.periodo).collect()
    }
}

impl StoriaOrganizzazione {
    pub fn cdr(&self, codice: &str) -> Option<&CdrStorico> {
        self.cdr.iter().find(|c| c.codice == codice)
    }

    pub fn persona(&self, codice: &str) -> Option<&PersonaStorica> {
        self.persone.iter().find(|p| p.codice == codice)
    }

    /// I periodi di responsabilità di un CdR.
    pub fn responsabilita(&self, cdr: &str) -> Vec<&Responsabilita> {
        self.responsabili.iter().filter(|r| r.cdr == cdr).collect()
    }

    /// Il CdR di una persona alla data (quello dell'incarico in corso, o del piano).
    pub fn cdr_di(&self, persona: &str, d: NaiveDate) -> Option<String> {
        self.persona(persona)
            .and_then(|p| p.alla_data(&self.ciclo, d))
            .and_then(|(c, _, _)| c)
    }

    /// Il CdR con cui la persona è valutata alla data di riferimento `d` (la data del
    /// checkpoint, o il 31/12 dell'anno di riferimento per la verifica finale): quello in cui
    /// lavora alla data; se alla data non è più in servizio, quello del suo ultimo incarico
    /// iniziato entro la data; altrimenti quello del piano.
    pub fn cdr_per_la_valutazione(&self, persona: &str, d: NaiveDate) -> Option<String> {
        let p = self.persona(persona)?;
        self.cdr_di(persona, d)
            .or_else(|| {
                p.incarichi
                    .iter()
                    .filter(|i| i.periodo.dal <= d)
                    .max_by_key(|i| i.periodo.dal)
                    .map(|i| i.cdr.clone())
            })
            .or_else(|| p.cdr_piano.clone())
    }

    /// L'organizzazione alla data: i CdR che esistono (nell'ordine del piano), il loro
    /// responsabile e le persone che vi lavorano (nell'ordine del piano).
    pub fn alla_data(&self, d: NaiveDate) -> OrganizzazioneAllaData {
        let mut cdr: Vec<CdrAllaData> = self
            .cdr
            .iter()
            .filter(|c| c.attivo(&self.ciclo, d))
            .map(|c| {
                let periodi = self.responsabilita(&c.codice);
                // Prima del primo periodo vale il responsabile scritto nel piano.
                let (responsabile, responsabile_nome) = if periodi.iter().all(|r| r.periodo.dal > d)
                {
                    (None, c.responsabile_piano.clone())
                } else {
                    match periodi.iter().find(|r| r.periodo.contiene(d)) {
                        Some(r) => (
                            Some(r.persona.clone()),
                            Some(
                                self.persona(&r.persona)
                                    .map(|p| p.nome.clone())
                                    .unwrap_or_else(|| r.persona.clone()),
                            ),
                        ),
                        None => (None, None),
                    }
                };
                CdrAllaData {
                    codice: c.codice.clone(),
                    nome: c.nome.clone(),
                    padre: c.padre.clone(),
                    responsabile,
                    responsabile_nome,
                    persone: Vec::new(),
                }
            })
            .collect();
        let mut senza_cdr = Vec::new();
        for p in &self.persone {
            let Some((c, ruolo, dal)) = p.alla_data(&self.ciclo, d) else {
                continue;
            };
            let voce = PersonaAllaData {
                codice: p.codice.clone(),
                nome: p.nome.clone(),
                ruolo,
                dal,
            };
            match c.and_then(|c| cdr.iter_mut().find(|x| x.codice == c)) {
                Some(x) => x.persone.push(voce),
                None => senza_cdr.push(voce),
            }
        }
        OrganizzazioneAllaData {
            data: d,
            cdr,
            senza_cdr,
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn d(g: u32, m: u32, a: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(a, m, g).unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn cdr(codice: &str, validita: Vec<Periodo>) -> CdrStorico {
        CdrStorico {
            id: id(0),
            codice: codice.into(),
            nome: format!("Area {codice}"),
            padre: None,
            responsabile_piano: Some(format!("RESPONSABILE {codice}")),
            validita: validita.into_iter().map(|p| (id(1), p)).collect(),
        }
    }

    fn persona(codice: &str, cdr: &str, incarichi: Vec<(&str, Periodo)>) -> PersonaStorica {
        PersonaStorica {
            id: id(2),
            codice: codice.into(),
            nome: format!("PERSONA {codice}"),
            cdr_piano: Some(cdr.into()),
            ruolo_piano: Some("Istruttore".into()),
            incarichi: incarichi
                .into_iter()
                .map(|(c, p)| Incarico {
                    id: id(3),
                    cdr: c.into(),
                    ruolo: Some("Referente".into()),
                    periodo: p,
                })
                .collect(),
        }
    }

    /// INRETE 2026 (seed 004): la U.O. «Sistemi informativi e transizione digitale» nasce
    /// durante l'anno, in staff alla Direzione, con una persona che viene dall'Area
    /// Amministrativa (001). Prima del 01/07/2026 i CdR sono sei, dopo sette; la persona P03
    /// lascia 001 il 30/06/2026; P04 è assunta il 15/09/2026; P02 va in pensione il 31/10/2026.
    fn inrete_2026() -> StoriaOrganizzazione {
        let ciclo = Periodo::new(d(1, 1, 2026), Some(d(31, 12, 2028)));
        let mut sit = cdr("SIT", vec![Periodo::new(d(1, 7, 2026), None)]);
        sit.padre = Some("DIR".into());
        sit.responsabile_piano = None;
        StoriaOrganizzazione {
            ciclo,
            cdr: vec![
                cdr("DIR", vec![]),
                cdr("001", vec![]),
                cdr("AFIN", vec![]),
                cdr("AMIN", vec![]),
                cdr("AINTE", vec![]),
                cdr("ATERR", vec![]),
                sit,
            ],
            responsabili: vec![Responsabilita {
                id: id(4),
                cdr: "SIT".into(),
                persona: "P03".into(),
                periodo: Periodo::new(d(1, 7, 2026), None),
            }],
            persone: vec![
                persona("P01", "DIR", vec![]),
                persona(
                    "P02",
                    "AFIN",
                    vec![("AFIN", Periodo::new(d(1, 1, 2026), Some(d(31, 10, 2026))))],
                ),
                persona(
                    "P03",
                    "001",
                    vec![
                        ("001", Periodo::new(d(1, 1, 2026), Some(d(30, 6, 2026)))),
                        ("SIT", Periodo::new(d(1, 7, 2026), None)),
                    ],
                ),
                persona(
                    "P04",
                    "AMIN",
                    vec![("AMIN", Periodo::new(d(15, 9, 2026), None))],
                ),
            ],
        }
    }

    fn codici(o: &OrganizzazioneAllaData) -> Vec<(String, Vec<String>)> {
        o.cdr
            .iter()
            .map(|c| {
                (
                    c.codice.clone(),
                    c.persone.iter().map(|p| p.codice.clone()).collect(),
                )
            })
            .collect()
    }

    fn atteso(v: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        v.iter()
            .map(|(c, p)| (c.to_string(), p.iter().map(|x| x.to_string()).collect()))
            .collect()
    }

    #[test]
    fn la_nuova_uo_esiste_dal_giorno_della_sua_costituzione() {
        let s = inrete_2026();
        let giugno = s.alla_data(d(30, 6, 2026));
        assert_eq!(
            codici(&giugno),
            atteso(&[
                ("DIR", &["P01"]),
                ("001", &["P03"]),
                ("AFIN", &["P02"]),
                ("AMIN", &[]),
                ("AINTE", &[]),
                ("ATERR", &[]),
            ])
        );
        let luglio = s.alla_data(d(1, 7, 2026));
        assert_eq!(
            codici(&luglio),
            atteso(&[
                ("DIR", &["P01"]),
                ("001", &[]),
                ("AFIN", &["P02"]),
                ("AMIN", &[]),
                ("AINTE", &[]),
                ("ATERR", &[]),
                ("SIT", &["P03"]),
            ])
        );
        let sit = luglio.cdr.iter().find(|c| c.codice == "SIT").unwrap();
        assert_eq!(sit.responsabile.as_deref(), Some("P03"));
        assert_eq!(sit.responsabile_nome.as_deref(), Some("PERSONA P03"));
        assert_eq!(sit.persone[0].dal, Some(d(1, 7, 2026)));
        assert_eq!(sit.padre.as_deref(), Some("DIR"));
        // Senza periodi vale il responsabile del piano.
        assert_eq!(
            luglio.cdr[1].responsabile_nome.as_deref(),
            Some("RESPONSABILE 001")
        );
        assert_eq!(luglio.cdr[1].responsabile, None);
    }

    #[test]
    fn chi_entra_e_chi_esce() {
        let s = inrete_2026();
        // P04 assunta il 15/09: non c'è il 14, c'è il 15.
        assert_eq!(s.cdr_di("P04", d(14, 9, 2026)), None);
        assert_eq!(s.cdr_di("P04", d(15, 9, 2026)).as_deref(), Some("AMIN"));
        // P02 in pensione dal 01/11: c'è il 31/10, non il 01/11.
        assert_eq!(s.cdr_di("P02", d(31, 10, 2026)).as_deref(), Some("AFIN"));
        assert_eq!(s.cdr_di("P02", d(1, 11, 2026)), None);
        let dicembre = s.alla_data(d(31, 12, 2026));
        assert_eq!(
            codici(&dicembre),
            atteso(&[
                ("DIR", &["P01"]),
                ("001", &[]),
                ("AFIN", &[]),
                ("AMIN", &["P04"]),
                ("AINTE", &[]),
                ("ATERR", &[]),
                ("SIT", &["P03"]),
            ])
        );
        // Per la valutazione al 31/12: P02, uscita il 31/10, resta valutata con AFIN; P03 con
        // il CdR in cui lavora al 31/12 (SIT), non con quello di inizio anno.
        assert_eq!(
            s.cdr_per_la_valutazione("P02", d(31, 12, 2026)).as_deref(),
            Some("AFIN")
        );
        assert_eq!(
            s.cdr_per_la_valutazione("P03", d(31, 12, 2026)).as_deref(),
            Some("SIT")
        );
        assert_eq!(
            s.cdr_per_la_valutazione("P03", d(31, 5, 2026)).as_deref(),
            Some("001")
        );
        // Fuori dal ciclo, chi ha solo il CdR del piano non c'è.
        assert_eq!(s.cdr_di("P01", d(31, 12, 2025)), None);
        assert_eq!(s.cdr_di("P01", d(31, 12, 2028)).as_deref(), Some("DIR"));
        // Un CdR del piano senza periodi non esiste fuori dal ciclo.
        assert!(
            s.alla_data(d(1, 1, 2029))
                .cdr
                .iter()
                .all(|c| c.codice == "SIT")
        );
    }

    #[test]
    fn i_periodi_non_si_sovrappongono() {
        let esistenti = [
            Periodo::new(d(1, 1, 2026), Some(d(30, 6, 2026))),
            Periodo::new(d(1, 9, 2026), None),
        ];
        assert_eq!(
            verifica_sovrapposizione(
                &esistenti,
                &Periodo::new(d(1, 7, 2026), Some(d(31, 8, 2026))),
                "gli incarichi di P03"
            ),
            Ok(())
        );
        assert_eq!(
            verifica_sovrapposizione(
                &esistenti,
                &Periodo::new(d(30, 6, 2026), Some(d(31, 7, 2026))),
                "gli incarichi di P03"
            ),
            Err(
                "gli incarichi di P03: il periodo dal 30/06/2026 al 31/07/2026 si sovrappone \
                 a quello dal 01/01/2026 al 30/06/2026"
                    .into()
            )
        );
        assert_eq!(
            verifica_sovrapposizione(
                &esistenti,
                &Periodo::new(d(1, 7, 2026), None),
                "la validità del CdR SIT"
            ),
            Err(
                "la validità del CdR SIT: il periodo dal 01/07/2026 si sovrappone a quello \
                 dal 01/09/2026"
                    .into()
            )
        );
        assert_eq!(
            verifica_sovrapposizione(&[], &Periodo::new(d(2, 7, 2026), Some(d(1, 7, 2026))), "x"),
            Err("x: la fine 01/07/2026 viene prima dell'inizio 02/07/2026".into())
        );
    }
}
