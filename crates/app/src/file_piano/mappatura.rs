//! Dal file al dominio e ritorno.
//!
//! Il dominio indica step e indicatori con la posizione nell'obiettivo; il file può indicarli
//! anche con l'id (`step_id`, `indicatore_id`). Alla lettura l'id prevale: la posizione del fatto
//! diventa quella dello step con quell'id nello stesso file, così un file in cui uno step è stato
//! spostato resta coerente. Un id che non c'è, o ripetuto, è un errore.
//!
//! Le conversioni smontano ogni struttura campo per campo: un campo nuovo nel dominio non compila
//! finché non si decide come scriverlo nel file.

use super::formato::*;
use crate::identita::{IdDichiarati, IdDichiaratiObiettivo, IdentitaObiettivo, IdentitaPiano};
use std::collections::HashMap;
use traguardo_domain::numeri::{Percentuale, Punti};
use traguardo_domain::piano as d;
use traguardo_domain::rilievi::CodiceRilievo;
use uuid::Uuid;

/// Un passo del percorso di un elemento nel documento JSON (chiave o indice da 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Passo {
    Chiave(String),
    Indice(usize),
}

/// Un problema degli id trovato dopo la lettura della struttura.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemaId {
    /// Dove si trova, per ritrovarne riga e colonna nel testo.
    pub passi: Vec<Passo>,
    /// Percorso leggibile (obiettivi per codice, step e fatti per posizione da 1).
    pub percorso: String,
    pub codice: CodiceRilievo,
    pub messaggio: String,
}

fn chiave(k: &str) -> Passo {
    Passo::Chiave(k.to_string())
}

fn perc(v: Decimale) -> Percentuale {
    Percentuale(v.0)
}

fn punti(v: Decimale) -> Punti {
    Punti(v.0)
}

// ---------------------------------------------------------------------------------------------
// Dal file al dominio
// ---------------------------------------------------------------------------------------------

/// Dove sta ciascun id del file: per segnalare i doppioni e risolvere i fatti.
struct IndiceId<'a> {
    file: &'a PianoFile,
    /// Primo uso di ogni id: percorso leggibile.
    visti: HashMap<Uuid, String>,
    problemi: Vec<ProblemaId>,
}

impl<'a> IndiceId<'a> {
    fn nuovo(file: &'a PianoFile) -> Self {
        let mut indice = IndiceId {
            file,
            visti: HashMap::new(),
            problemi: Vec::new(),
        };
        for (i, o) in file.obiettivi.iter().enumerate() {
            let base = format!("obiettivi[{}]", o.codice);
            let passi = |altri: &[Passo]| {
                let mut v = vec![chiave("obiettivi"), Passo::Indice(i)];
                v.extend_from_slice(altri);
                v
            };
            if let Some(id) = o.id {
                indice.registra(id.0, passi(&[chiave("id")]), format!("{base}.id"));
            }
            for (j, s) in o.steps.iter().enumerate() {
                if let Some(id) = s.id {
                    indice.registra(
                        id.0,
                        passi(&[chiave("steps"), Passo::Indice(j), chiave("id")]),
                        format!("{base}.steps[{}].id", j + 1),
                    );
                }
            }
            for (j, x) in o.indicatori.iter().enumerate() {
                if let Some(id) = x.id {
                    indice.registra(
                        id.0,
                        passi(&[chiave("indicatori"), Passo::Indice(j), chiave("id")]),
                        format!("{base}.indicatori[{}].id", j + 1),
                    );
                }
            }
        }
        for (c, k) in file.monitoraggio.checkpoint.iter().enumerate() {
            if let Some(id) = k.id {
                indice.registra(
                    id.0,
                    vec![
                        chiave("monitoraggio"),
                        chiave("checkpoint"),
                        Passo::Indice(c),
                        chiave("id"),
                    ],
                    format!("monitoraggio.checkpoint[{}].id", k.codice),
                );
            }
        }
        indice
    }

    fn registra(&mut self, id: Uuid, passi: Vec<Passo>, percorso: String) {
        match self.visti.get(&id) {
            Some(primo) => self.problemi.push(ProblemaId {
                passi,
                messaggio: format!(
                    "l'id {id} è già usato in {primo}: ogni elemento deve avere un id suo"
                ),
                percorso,
                codice: CodiceRilievo::IdDuplicato,
            }),
            None => {
                self.visti.insert(id, percorso);
            }
        }
    }

    /// Posizione (da 1) dell'elemento con l'id dato nell'obiettivo indicato dal fatto.
    /// `None` se l'obiettivo non esiste (lo segnala la validazione del piano); altrimenti
    /// la posizione, o un problema se nessun elemento dell'obiettivo ha quell'id.
    fn posizione<T>(
        &mut self,
        obiettivo: &str,
        id: Uuid,
        elenco: fn(&ObiettivoFile) -> &[T],
        id_di: fn(&T) -> Option<Uuid>,
        cosa: &str,
        dove: (Vec<Passo>, String),
    ) -> Option<u32> {
        let o = self.file.obiettivi.iter().find(|o| o.codice == obiettivo)?;
        if let Some(j) = elenco(o).iter().position(|x| id_di(x) == Some(id)) {
            return u32::try_from(j + 1).ok();
        }
        let altrove = self
            .file
            .obiettivi
            .iter()
            .find(|o| elenco(o).iter().any(|x| id_di(x) == Some(id)))
            .map(|o| format!(" (è dell'obiettivo «{}»)", o.codice))
            .unwrap_or_default();
        let (passi, percorso) = dove;
        self.problemi.push(ProblemaId {
            passi,
            percorso,
            codice: CodiceRilievo::RiferimentoSconosciuto,
            messaggio: format!("{cosa} dell'obiettivo «{obiettivo}» ha l'id {id}{altrove}"),
        });
        None
    }

    fn step(&mut self, obiettivo: &str, id: Uuid, dove: (Vec<Passo>, String)) -> Option<u32> {
        self.posizione(
            obiettivo,
            id,
            |o| &o.steps,
            |s| s.id.map(|i| i.0),
            "nessuno step",
            dove,
        )
    }

    fn indicatore(&mut self, obiettivo: &str, id: Uuid, dove: (Vec<Passo>, String)) -> Option<u32> {
        self.posizione(
            obiettivo,
            id,
            |o| &o.indicatori,
            |x| x.id.map(|i| i.0),
            "nessun indicatore",
            dove,
        )
    }
}

/// Il percorso del campo `campo` dell'elemento `i` (da 0) di `monitoraggio.<elenco>`.
fn fatto(elenco: &str, i: usize, campo: &str) -> (Vec<Passo>, String) {
    (
        vec![
            chiave("monitoraggio"),
            chiave(elenco),
            Passo::Indice(i),
            chiave(campo),
        ],
        format!("monitoraggio.{elenco}[{}].{campo}", i + 1),
    )
}

/// Le posizioni dei fatti che portano un id, ricalcolate dagli id del file.
#[derive(Default)]
struct Posizioni {
    stati: Vec<Option<u32>>,
    valori: Vec<Option<u32>>,
    dilazioni: Vec<Option<u32>>,
    cause: Vec<Option<u32>>,
}

fn risolvi(file: &PianoFile) -> Result<Posizioni, Vec<ProblemaId>> {
    let mut indice = IndiceId::nuovo(file);
    let m = &file.monitoraggio;
    let mut pos = Posizioni::default();
    for (i, f) in m.stati.iter().enumerate() {
        let p = f
            .step_id
            .and_then(|id| indice.step(&f.obiettivo, id.0, fatto("stati", i, "step_id")));
        pos.stati.push(p);
    }
    for (i, f) in m.valori.iter().enumerate() {
        let p = f.indicatore_id.and_then(|id| {
            indice.indicatore(&f.obiettivo, id.0, fatto("valori", i, "indicatore_id"))
        });
        pos.valori.push(p);
    }
    for (i, f) in m.dilazioni.iter().enumerate() {
        let p = f
            .step_id
            .and_then(|id| indice.step(&f.obiettivo, id.0, fatto("dilazioni", i, "step_id")));
        pos.dilazioni.push(p);
    }
    for (i, f) in m.cause_scostamento.iter().enumerate() {
        let p = f.step_id.and_then(|id| {
            indice.step(&f.obiettivo, id.0, fatto("cause_scostamento", i, "step_id"))
        });
        pos.cause.push(p);
    }
    if indice.problemi.is_empty() {
        Ok(pos)
    } else {
        Err(indice.problemi)
    }
}

/// Il piano del dominio e gli id dichiarati nel file. Gli errori riguardano solo gli id: la
/// struttura è già stata verificata dal lettore, le regole del piano le verifica il dominio.
pub fn nel_dominio(file: PianoFile) -> Result<(d::Piano, IdDichiarati), Vec<ProblemaId>> {
    let pos = risolvi(&file)?;
    let ids = IdDichiarati {
        obiettivi: file
            .obiettivi
            .iter()
            .map(|o| IdDichiaratiObiettivo {
                id: o.id,
                steps: o.steps.iter().map(|s| s.id).collect(),
                indicatori: o.indicatori.iter().map(|x| x.id).collect(),
            })
            .collect(),
        checkpoint: file.monitoraggio.checkpoint.iter().map(|c| c.id).collect(),
    };
    Ok((piano_dominio(file, pos), ids))
}

fn piano_dominio(f: PianoFile, pos: Posizioni) -> d::Piano {
    let PianoFile {
        formato,
        versione_schema,
        ente,
        ciclo,
        unita_organizzative,
        persone,
        aree_strategiche,
        obiettivi_strategici,
        programmi,
        progetti_peg,
        obiettivi,
        atti,
        assegnazioni,
        formazione,
        monitoraggio,
        note,
    } = f;
    d::Piano {
        formato,
        versione_schema,
        ente: d::Ente {
            codice: ente.codice,
            nome: ente.nome,
            denominazione_estesa: ente.denominazione_estesa,
            note: ente.note,
        },
        ciclo: d::Ciclo {
            anno_inizio: ciclo.anno_inizio,
            anno_fine: ciclo.anno_fine,
            anno_riferimento: ciclo.anno_riferimento,
            titolo: ciclo.titolo,
            totale_punti: ciclo.totale_punti.map(punti),
        },
        unita_organizzative: unita_organizzative
            .into_iter()
            .map(|u| d::UnitaOrganizzativa {
                codice: u.codice,
                nome: u.nome,
                livello: u.livello.into(),
                padre: u.padre,
                responsabile: u.responsabile,
                note: u.note,
            })
            .collect(),
        persone: persone
            .into_iter()
            .map(|p| d::Persona {
                codice: p.codice,
                cognome_nome: p.cognome_nome,
                qualifica: p.qualifica,
                categoria: p.categoria,
                ruolo: p.ruolo,
                unita: p.unita,
                part_time: p.part_time.map(perc),
                giorni_presenza: p.giorni_presenza,
                note: p.note,
            })
            .collect(),
        aree_strategiche: aree_strategiche
            .into_iter()
            .map(|a| d::AreaStrategica {
                codice: a.codice,
                nome: a.nome,
            })
            .collect(),
        obiettivi_strategici: obiettivi_strategici
            .into_iter()
            .map(|s| d::ObiettivoStrategico {
                codice: s.codice,
                testo: s.testo,
                area: s.area,
                operativi: s
                    .operativi
                    .into_iter()
                    .map(|o| d::ObiettivoOperativo {
                        codice: o.codice,
                        testo: o.testo,
                    })
                    .collect(),
            })
            .collect(),
        programmi,
        progetti_peg: progetti_peg
            .into_iter()
            .map(|p| d::ProgettoPeg {
                codice: p.codice,
                nome: p.nome,
                area_strategica: p.area_strategica,
                programmi: p.programmi,
                unita: p.unita,
                obiettivo_operativo: p.obiettivo_operativo,
                servizi: p
                    .servizi
                    .into_iter()
                    .map(|s| d::Servizio {
                        codice: s.codice,
                        nome: s.nome,
                    })
                    .collect(),
                note: p.note,
            })
            .collect(),
        obiettivi: obiettivi.into_iter().map(obiettivo_dominio).collect(),
        atti: atti
            .into_iter()
            .map(|a| d::Atto {
                codice: a.codice,
                tipo: a.tipo,
                organo: a.organo,
                numero: a.numero,
                data: a.data,
                oggetto: a.oggetto,
            })
            .collect(),
        assegnazioni: assegnazioni
            .into_iter()
            .map(|a| d::Assegnazione {
                persona: a.persona,
                obiettivo: a.obiettivo,
                step: a.step,
                quota: a.quota.map(perc),
            })
            .collect(),
        formazione: formazione
            .into_iter()
            .map(|x| d::PianoFormazione {
                unita: x.unita,
                anno: x.anno,
                testo: x.testo,
            })
            .collect(),
        monitoraggio: monitoraggio_dominio(monitoraggio, pos),
        note: note
            .into_iter()
            .map(|n| d::NotaTrascrizione {
                percorso: n.percorso,
                testo: n.testo,
            })
            .collect(),
    }
}

fn obiettivo_dominio(o: ObiettivoFile) -> d::Obiettivo {
    let ObiettivoFile {
        id: _,
        codice,
        tipo,
        titolo,
        primo_anno,
        programmi,
        obiettivi_operativi,
        unita,
        progetti_peg,
        servizi,
        peso,
        punti: pt,
        rilevanza_anticorruzione,
        operatori_coinvolti,
        costi,
        testi,
        steps,
        indicatori,
        note,
    } = o;
    d::Obiettivo {
        codice,
        tipo: tipo.into(),
        titolo,
        primo_anno,
        programmi,
        obiettivi_operativi,
        unita: unita
            .into_iter()
            .map(|u| d::UnitaObiettivo {
                unita: u.unita,
                numero: u.numero,
            })
            .collect(),
        progetti_peg,
        servizi: servizi
            .into_iter()
            .map(|s| d::RiferimentoServizio {
                progetto: s.progetto,
                servizio: s.servizio,
            })
            .collect(),
        peso: peso.map(perc),
        punti: pt.map(punti),
        rilevanza_anticorruzione: rilevanza_anticorruzione.map(Into::into),
        operatori_coinvolti,
        costi,
        testi: testi_dominio(testi),
        steps: steps
            .into_iter()
            .map(|s| d::Step {
                codice: s.codice,
                descrizione: s.descrizione,
                scadenza: s.scadenza,
                revisioni_scadenza: s
                    .revisioni_scadenza
                    .into_iter()
                    .map(|r| d::RevisioneScadenzaFile {
                        scadenza: r.scadenza,
                        motivo: r.motivo,
                        atto: r.atto,
                        data: r.data,
                    })
                    .collect(),
                indicatore: s.indicatore,
                peso: s.peso.map(perc),
                ie: s.ie.map(Into::into),
                figure_coinvolte: s.figure_coinvolte,
                note: s.note,
            })
            .collect(),
        indicatori: indicatori
            .into_iter()
            .map(|x| d::Indicatore {
                codice: x.codice,
                nome: x.nome,
                descrizione: x.descrizione,
                dimensione: x.dimensione.map(Into::into),
                unita_misura: x.unita_misura,
                polarita: x.polarita.map(Into::into),
                baseline: x.baseline,
                target: x.target,
                fonte: x.fonte,
                step: x.step,
                note: x.note,
            })
            .collect(),
        note,
    }
}

fn testi_dominio(t: TestiObiettivoFile) -> d::TestiObiettivo {
    let TestiObiettivoFile {
        situazione_attuale,
        criticita,
        situazione_attesa,
        vantaggi,
        descrizione_azioni,
        indicatore_raggiungimento,
        descrizione,
        area_strategica,
        servizi_interessati,
        obiettivo_operativo,
        utenti_finali,
        reti_collaborazione,
        condizioni_operative,
        risultati,
        attivita,
        bisogno,
        finalita,
        stakeholder_finali,
        stakeholder_intermedi,
        impatto_atteso,
    } = t;
    d::TestiObiettivo {
        situazione_attuale,
        criticita,
        situazione_attesa,
        vantaggi,
        descrizione_azioni,
        indicatore_raggiungimento,
        descrizione,
        area_strategica,
        servizi_interessati,
        obiettivo_operativo,
        utenti_finali,
        reti_collaborazione,
        condizioni_operative,
        risultati,
        attivita,
        bisogno,
        finalita,
        stakeholder_finali,
        stakeholder_intermedi,
        impatto_atteso,
    }
}

fn voce_importo_dominio(v: VoceImportoFile) -> d::VoceImporto {
    d::VoceImporto {
        descrizione: v.descrizione,
        importo: v.importo,
    }
}

fn monitoraggio_dominio(m: MonitoraggioFile, pos: Posizioni) -> d::Monitoraggio {
    let MonitoraggioFile {
        checkpoint,
        stati,
        valori,
        dilazioni,
        cause_scostamento,
        relazioni,
        indicatori_finanziari,
        esecuzione_bilancio,
    } = m;
    let da_id = |v: &[Option<u32>], i: usize| v.get(i).copied().flatten();
    d::Monitoraggio {
        checkpoint: checkpoint
            .into_iter()
            .map(|c| d::CheckpointFile {
                codice: c.codice,
                data: c.data,
                etichetta: c.etichetta,
                finale: c.finale,
            })
            .collect(),
        stati: stati
            .into_iter()
            .enumerate()
            .map(|(i, s)| d::StatoStepFile {
                checkpoint: s.checkpoint,
                obiettivo: s.obiettivo,
                step: da_id(&pos.stati, i).unwrap_or(s.step),
                stato: s.stato.map(Into::into),
                percentuale: s.percentuale.map(perc),
                testo: s.testo,
                consuntivo: s.consuntivo,
                atti: s.atti,
                data_completamento: s.data_completamento,
            })
            .collect(),
        valori: valori
            .into_iter()
            .enumerate()
            .map(|(i, v)| d::ValoreIndicatoreFile {
                checkpoint: v.checkpoint,
                obiettivo: v.obiettivo,
                indicatore: da_id(&pos.valori, i).unwrap_or(v.indicatore),
                valore: v.valore,
                scostamento_stampato: v.scostamento_stampato,
                nota: v.nota,
                valutazione: v.valutazione.map(perc),
            })
            .collect(),
        dilazioni: dilazioni
            .into_iter()
            .enumerate()
            .map(|(i, x)| d::DilazioneFile {
                obiettivo: x.obiettivo,
                step: da_id(&pos.dilazioni, i).unwrap_or(x.step),
                checkpoint: x.checkpoint,
                motivo: x.motivo,
                scadenza_proposta: x.scadenza_proposta,
                esito: x.esito.into(),
                atto: x.atto,
                data_esito: x.data_esito,
            })
            .collect(),
        cause_scostamento: cause_scostamento
            .into_iter()
            .enumerate()
            .map(|(i, c)| d::CausaScostamentoFile {
                obiettivo: c.obiettivo,
                step: da_id(&pos.cause, i).or(c.step),
                causa: c.causa.into(),
                testo: c.testo,
            })
            .collect(),
        relazioni: relazioni
            .into_iter()
            .map(|r| d::RelazioneFile {
                checkpoint: r.checkpoint,
                obiettivo: r.obiettivo,
                testo: r.testo,
            })
            .collect(),
        indicatori_finanziari: indicatori_finanziari
            .into_iter()
            .map(|x| d::IndicatoreFinanziario {
                codice: x.codice,
                nome: x.nome,
                numeratore: voce_importo_dominio(x.numeratore),
                rettifiche: x.rettifiche.into_iter().map(voce_importo_dominio).collect(),
                denominatore: voce_importo_dominio(x.denominatore),
                target: x.target,
                valore_stampato: x.valore_stampato,
                nota: x.nota,
            })
            .collect(),
        esecuzione_bilancio: esecuzione_bilancio
            .into_iter()
            .map(|r| d::RigaEsecuzioneBilancio {
                unita: r.unita,
                progetto: r.progetto,
                titolo: r.titolo,
                stanziamento_definitivo: r.stanziamento_definitivo,
                stanziamento_senza_fpv: r.stanziamento_senza_fpv,
                impegni: r.impegni,
                percentuale_stampata: r.percentuale_stampata,
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Dal dominio al file
// ---------------------------------------------------------------------------------------------

fn dec_p(p: &Option<Percentuale>) -> Option<Decimale> {
    p.map(|x| Decimale(x.0))
}

fn dec_t(p: &Option<Punti>) -> Option<Decimale> {
    p.map(|x| Decimale(x.0))
}

/// Gli id da scrivere, se richiesti: cercati per posizione, mai inventati. Se le identità non
/// hanno la forma del piano, gli elementi senza id corrispondente si scrivono senza id.
struct IdDaScrivere<'a> {
    piano: &'a d::Piano,
    ids: Option<&'a IdentitaPiano>,
}

impl IdDaScrivere<'_> {
    fn obiettivo(&self, i: usize) -> Option<&IdentitaObiettivo> {
        self.ids.and_then(|x| x.obiettivi.get(i))
    }

    fn per_codice(&self, codice: &str) -> Option<&IdentitaObiettivo> {
        let i = self
            .piano
            .obiettivi
            .iter()
            .position(|o| o.codice == codice)?;
        self.obiettivo(i)
    }

    fn step(&self, obiettivo: &str, posizione: u32) -> Option<traguardo_domain::id::IdStep> {
        let j = usize::try_from(posizione.checked_sub(1)?).ok()?;
        self.per_codice(obiettivo)?.steps.get(j).copied()
    }

    fn indicatore(
        &self,
        obiettivo: &str,
        posizione: u32,
    ) -> Option<traguardo_domain::id::IdIndicatore> {
        let j = usize::try_from(posizione.checked_sub(1)?).ok()?;
        self.per_codice(obiettivo)?.indicatori.get(j).copied()
    }
}

/// Il file di un piano, con gli id se `ids` è dato.
pub fn dal_dominio(piano: &d::Piano, ids: Option<&IdentitaPiano>) -> PianoFile {
    let scrivi = IdDaScrivere { piano, ids };
    let d::Piano {
        formato,
        versione_schema,
        ente,
        ciclo,
        unita_organizzative,
        persone,
        aree_strategiche,
        obiettivi_strategici,
        programmi,
        progetti_peg,
        obiettivi,
        atti,
        assegnazioni,
        formazione,
        monitoraggio,
        note,
    } = piano;
    let d::Ente {
        codice,
        nome,
        denominazione_estesa,
        note: note_ente,
    } = ente;
    let d::Ciclo {
        anno_inizio,
        anno_fine,
        anno_riferimento,
        titolo,
        totale_punti,
    } = ciclo;
    PianoFile {
        formato: formato.clone(),
        versione_schema: *versione_schema,
        ente: EnteFile {
            codice: codice.clone(),
            nome: nome.clone(),
            denominazione_estesa: denominazione_estesa.clone(),
            note: note_ente.clone(),
        },
        ciclo: CicloFile {
            anno_inizio: *anno_inizio,
            anno_fine: *anno_fine,
            anno_riferimento: *anno_riferimento,
            titolo: titolo.clone(),
            totale_punti: dec_t(totale_punti),
        },
        unita_organizzative: unita_organizzative
            .iter()
            .map(|u| {
                let d::UnitaOrganizzativa {
                    codice,
                    nome,
                    livello,
                    padre,
                    responsabile,
                    note,
                } = u;
                UnitaOrganizzativaFile {
                    codice: codice.clone(),
                    nome: nome.clone(),
                    livello: (*livello).into(),
                    padre: padre.clone(),
                    responsabile: responsabile.clone(),
                    note: note.clone(),
                }
            })
            .collect(),
        persone: persone
            .iter()
            .map(|p| {
                let d::Persona {
                    codice,
                    cognome_nome,
                    qualifica,
                    categoria,
                    ruolo,
                    unita,
                    part_time,
                    giorni_presenza,
                    note,
                } = p;
                PersonaFile {
                    codice: codice.clone(),
                    cognome_nome: cognome_nome.clone(),
                    qualifica: qualifica.clone(),
                    categoria: categoria.clone(),
                    ruolo: ruolo.clone(),
                    unita: unita.clone(),
                    part_time: dec_p(part_time),
                    giorni_presenza: *giorni_presenza,
                    note: note.clone(),
                }
            })
            .collect(),
        aree_strategiche: aree_strategiche
            .iter()
            .map(|a| {
                let d::AreaStrategica { codice, nome } = a;
                AreaStrategicaFile {
                    codice: codice.clone(),
                    nome: nome.clone(),
                }
            })
            .collect(),
        obiettivi_strategici: obiettivi_strategici
            .iter()
            .map(|s| {
                let d::ObiettivoStrategico {
                    codice,
                    testo,
                    area,
                    operativi,
                } = s;
                ObiettivoStrategicoFile {
                    codice: codice.clone(),
                    testo: testo.clone(),
                    area: area.clone(),
                    operativi: operativi
                        .iter()
                        .map(|o| {
                            let d::ObiettivoOperativo { codice, testo } = o;
                            ObiettivoOperativoFile {
                                codice: codice.clone(),
                                testo: testo.clone(),
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
        programmi: programmi.clone(),
        progetti_peg: progetti_peg
            .iter()
            .map(|p| {
                let d::ProgettoPeg {
                    codice,
                    nome,
                    area_strategica,
                    programmi,
                    unita,
                    obiettivo_operativo,
                    servizi,
                    note,
                } = p;
                ProgettoPegFile {
                    codice: codice.clone(),
                    nome: nome.clone(),
                    area_strategica: area_strategica.clone(),
                    programmi: programmi.clone(),
                    unita: unita.clone(),
                    obiettivo_operativo: obiettivo_operativo.clone(),
                    servizi: servizi
                        .iter()
                        .map(|s| {
                            let d::Servizio { codice, nome } = s;
                            ServizioFile {
                                codice: codice.clone(),
                                nome: nome.clone(),
                            }
                        })
                        .collect(),
                    note: note.clone(),
                }
            })
            .collect(),
        obiettivi: obiettivi
            .iter()
            .enumerate()
            .map(|(i, o)| obiettivo_file(o, scrivi.obiettivo(i)))
            .collect(),
        atti: atti
            .iter()
            .map(|a| {
                let d::Atto {
                    codice,
                    tipo,
                    organo,
                    numero,
                    data,
                    oggetto,
                } = a;
                AttoFile {
                    codice: codice.clone(),
                    tipo: tipo.clone(),
                    organo: organo.clone(),
                    numero: numero.clone(),
                    data: *data,
                    oggetto: oggetto.clone(),
                }
            })
            .collect(),
        assegnazioni: assegnazioni
            .iter()
            .map(|a| {
                let d::Assegnazione {
                    persona,
                    obiettivo,
                    step,
                    quota,
                } = a;
                AssegnazioneFile {
                    persona: persona.clone(),
                    obiettivo: obiettivo.clone(),
                    step: step.clone(),
                    quota: dec_p(quota),
                }
            })
            .collect(),
        formazione: formazione
            .iter()
            .map(|x| {
                let d::PianoFormazione { unita, anno, testo } = x;
                PianoFormazioneFile {
                    unita: unita.clone(),
                    anno: *anno,
                    testo: testo.clone(),
                }
            })
            .collect(),
        monitoraggio: monitoraggio_file(monitoraggio, &scrivi),
        note: note
            .iter()
            .map(|n| {
                let d::NotaTrascrizione { percorso, testo } = n;
                NotaTrascrizioneFile {
                    percorso: percorso.clone(),
                    testo: testo.clone(),
                }
            })
            .collect(),
    }
}

fn obiettivo_file(o: &d::Obiettivo, ids: Option<&IdentitaObiettivo>) -> ObiettivoFile {
    let d::Obiettivo {
        codice,
        tipo,
        titolo,
        primo_anno,
        programmi,
        obiettivi_operativi,
        unita,
        progetti_peg,
        servizi,
        peso,
        punti,
        rilevanza_anticorruzione,
        operatori_coinvolti,
        costi,
        testi,
        steps,
        indicatori,
        note,
    } = o;
    ObiettivoFile {
        id: ids.map(|x| x.id),
        codice: codice.clone(),
        tipo: (*tipo).into(),
        titolo: titolo.clone(),
        primo_anno: *primo_anno,
        programmi: programmi.clone(),
        obiettivi_operativi: obiettivi_operativi.clone(),
        unita: unita
            .iter()
            .map(|u| {
                let d::UnitaObiettivo { unita, numero } = u;
                UnitaObiettivoFile {
                    unita: unita.clone(),
                    numero: numero.clone(),
                }
            })
            .collect(),
        progetti_peg: progetti_peg.clone(),
        servizi: servizi
            .iter()
            .map(|s| {
                let d::RiferimentoServizio { progetto, servizio } = s;
                RiferimentoServizioFile {
                    progetto: progetto.clone(),
                    servizio: servizio.clone(),
                }
            })
            .collect(),
        peso: dec_p(peso),
        punti: dec_t(punti),
        rilevanza_anticorruzione: rilevanza_anticorruzione.map(Into::into),
        operatori_coinvolti: operatori_coinvolti.clone(),
        costi: costi.clone(),
        testi: testi_file(testi),
        steps: steps
            .iter()
            .enumerate()
            .map(|(j, s)| {
                let d::Step {
                    codice,
                    descrizione,
                    scadenza,
                    revisioni_scadenza,
                    indicatore,
                    peso,
                    ie,
                    figure_coinvolte,
                    note,
                } = s;
                StepFile {
                    id: ids.and_then(|x| x.steps.get(j).copied()),
                    codice: codice.clone(),
                    descrizione: descrizione.clone(),
                    scadenza: scadenza.clone(),
                    revisioni_scadenza: revisioni_scadenza
                        .iter()
                        .map(|r| {
                            let d::RevisioneScadenzaFile {
                                scadenza,
                                motivo,
                                atto,
                                data,
                            } = r;
                            RevisioneScadenzaFile {
                                scadenza: scadenza.clone(),
                                motivo: motivo.clone(),
                                atto: atto.clone(),
                                data: *data,
                            }
                        })
                        .collect(),
                    indicatore: indicatore.clone(),
                    peso: dec_p(peso),
                    ie: ie.map(Into::into),
                    figure_coinvolte: figure_coinvolte.clone(),
                    note: note.clone(),
                }
            })
            .collect(),
        indicatori: indicatori
            .iter()
            .enumerate()
            .map(|(j, x)| {
                let d::Indicatore {
                    codice,
                    nome,
                    descrizione,
                    dimensione,
                    unita_misura,
                    polarita,
                    baseline,
                    target,
                    fonte,
                    step,
                    note,
                } = x;
                IndicatoreFile {
                    id: ids.and_then(|x| x.indicatori.get(j).copied()),
                    codice: codice.clone(),
                    nome: nome.clone(),
                    descrizione: descrizione.clone(),
                    dimensione: dimensione.map(Into::into),
                    unita_misura: unita_misura.clone(),
                    polarita: polarita.map(Into::into),
                    baseline: baseline.clone(),
                    target: target.clone(),
                    fonte: fonte.clone(),
                    step: step.clone(),
                    note: note.clone(),
                }
            })
            .collect(),
        note: note.clone(),
    }
}

fn testi_file(t: &d::TestiObiettivo) -> TestiObiettivoFile {
    let d::TestiObiettivo {
        situazione_attuale,
        criticita,
        situazione_attesa,
        vantaggi,
        descrizione_azioni,
        indicatore_raggiungimento,
        descrizione,
        area_strategica,
        servizi_interessati,
        obiettivo_operativo,
        utenti_finali,
        reti_collaborazione,
        condizioni_operative,
        risultati,
        attivita,
        bisogno,
        finalita,
        stakeholder_finali,
        stakeholder_intermedi,
        impatto_atteso,
    } = t.clone();
    TestiObiettivoFile {
        situazione_attuale,
        criticita,
        situazione_attesa,
        vantaggi,
        descrizione_azioni,
        indicatore_raggiungimento,
        descrizione,
        area_strategica,
        servizi_interessati,
        obiettivo_operativo,
        utenti_finali,
        reti_collaborazione,
        condizioni_operative,
        risultati,
        attivita,
        bisogno,
        finalita,
        stakeholder_finali,
        stakeholder_intermedi,
        impatto_atteso,
    }
}

fn voce_importo_file(v: &d::VoceImporto) -> VoceImportoFile {
    let d::VoceImporto {
        descrizione,
        importo,
    } = v;
    VoceImportoFile {
        descrizione: descrizione.clone(),
        importo: *importo,
    }
}

fn monitoraggio_file(m: &d::Monitoraggio, ids: &IdDaScrivere) -> MonitoraggioFile {
    let d::Monitoraggio {
        checkpoint,
        stati,
        valori,
        dilazioni,
        cause_scostamento,
        relazioni,
        indicatori_finanziari,
        esecuzione_bilancio,
    } = m;
    MonitoraggioFile {
        checkpoint: checkpoint
            .iter()
            .enumerate()
            .map(|(c, k)| {
                let d::CheckpointFile {
                    codice,
                    data,
                    etichetta,
                    finale,
                } = k;
                CheckpointFile {
                    id: ids.ids.and_then(|x| x.checkpoint.get(c).copied()),
                    codice: codice.clone(),
                    data: *data,
                    etichetta: etichetta.clone(),
                    finale: *finale,
                }
            })
            .collect(),
        stati: stati
            .iter()
            .map(|s| {
                let d::StatoStepFile {
                    checkpoint,
                    obiettivo,
                    step,
                    stato,
                    percentuale,
                    testo,
                    consuntivo,
                    atti,
                    data_completamento,
                } = s;
                StatoStepFile {
                    checkpoint: checkpoint.clone(),
                    obiettivo: obiettivo.clone(),
                    step: *step,
                    step_id: ids.step(obiettivo, *step),
                    stato: stato.map(Into::into),
                    percentuale: dec_p(percentuale),
                    testo: testo.clone(),
                    consuntivo: consuntivo.clone(),
                    atti: atti.clone(),
                    data_completamento: *data_completamento,
                }
            })
            .collect(),
        valori: valori
            .iter()
            .map(|v| {
                let d::ValoreIndicatoreFile {
                    checkpoint,
                    obiettivo,
                    indicatore,
                    valore,
                    scostamento_stampato,
                    nota,
                    valutazione,
                } = v;
                ValoreIndicatoreFile {
                    checkpoint: checkpoint.clone(),
                    obiettivo: obiettivo.clone(),
                    indicatore: *indicatore,
                    indicatore_id: ids.indicatore(obiettivo, *indicatore),
                    valore: valore.clone(),
                    scostamento_stampato: scostamento_stampato.clone(),
                    nota: nota.clone(),
                    valutazione: dec_p(valutazione),
                }
            })
            .collect(),
        dilazioni: dilazioni
            .iter()
            .map(|x| {
                let d::DilazioneFile {
                    obiettivo,
                    step,
                    checkpoint,
                    motivo,
                    scadenza_proposta,
                    esito,
                    atto,
                    data_esito,
                } = x;
                DilazioneFile {
                    obiettivo: obiettivo.clone(),
                    step: *step,
                    step_id: ids.step(obiettivo, *step),
                    checkpoint: checkpoint.clone(),
                    motivo: motivo.clone(),
                    scadenza_proposta: scadenza_proposta.clone(),
                    esito: (*esito).into(),
                    atto: atto.clone(),
                    data_esito: *data_esito,
                }
            })
            .collect(),
        cause_scostamento: cause_scostamento
            .iter()
            .map(|c| {
                let d::CausaScostamentoFile {
                    obiettivo,
                    step,
                    causa,
                    testo,
                } = c;
                CausaScostamentoFile {
                    obiettivo: obiettivo.clone(),
                    step: *step,
                    step_id: step.and_then(|s| ids.step(obiettivo, s)),
                    causa: (*causa).into(),
                    testo: testo.clone(),
                }
            })
            .collect(),
        relazioni: relazioni
            .iter()
            .map(|r| {
                let d::RelazioneFile {
                    checkpoint,
                    obiettivo,
                    testo,
                } = r;
                RelazioneFile {
                    checkpoint: checkpoint.clone(),
                    obiettivo: obiettivo.clone(),
                    testo: testo.clone(),
                }
            })
            .collect(),
        indicatori_finanziari: indicatori_finanziari
            .iter()
            .map(|x| {
                let d::IndicatoreFinanziario {
                    codice,
                    nome,
                    numeratore,
                    rettifiche,
                    denominatore,
                    target,
                    valore_stampato,
                    nota,
                } = x;
                IndicatoreFinanziarioFile {
                    codice: codice.clone(),
                    nome: nome.clone(),
                    numeratore: voce_importo_file(numeratore),
                    rettifiche: rettifiche.iter().map(voce_importo_file).collect(),
                    denominatore: voce_importo_file(denominatore),
                    target: target.clone(),
                    valore_stampato: valore_stampato.clone(),
                    nota: nota.clone(),
                }
            })
            .collect(),
        esecuzione_bilancio: esecuzione_bilancio
            .iter()
            .map(|r| {
                let d::RigaEsecuzioneBilancio {
                    unita,
                    progetto,
                    titolo,
                    stanziamento_definitivo,
                    stanziamento_senza_fpv,
                    impegni,
                    percentuale_stampata,
                } = r;
                RigaEsecuzioneBilancioFile {
                    unita: unita.clone(),
                    progetto: progetto.clone(),
                    titolo: titolo.clone(),
                    stanziamento_definitivo: *stanziamento_definitivo,
                    stanziamento_senza_fpv: *stanziamento_senza_fpv,
                    impegni: *impegni,
                    percentuale_stampata: percentuale_stampata.clone(),
                }
            })
            .collect(),
    }
}
