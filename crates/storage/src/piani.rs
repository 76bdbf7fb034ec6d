//! Piani: struttura del ciclo, obiettivi con step e indicatori, aggiornati sul posto.
//!
//! Obiettivi, step, indicatori e checkpoint si salvano per id (`INSERT … ON CONFLICT (id) DO
//! UPDATE`): reimportare o modificare un piano non cambia l'id di nulla, e i fatti del
//! monitoraggio, legati agli id con chiavi esterne, restano dove sono. Prima di riscrivere le
//! posizioni le si "parcheggia" in negativo, così spostare uno step non urta il vincolo di unicità.
//! CdR, persone (identità dell'ente), progetti PEG e atti si riconoscono per codice e tengono l'id;
//! le assegnazioni puntano a persona, obiettivo e step per id. Le righe senza identità propria
//! (aree, programmi, servizi, note…) si riscrivono per intero.

use crate::nucleo::{Fallimento, delega, esegui, in_lettura, in_transazione, riga, righe};
use crate::righe::*;
use crate::{Store, StorePostgres, StoreSqlite, sql};
use chrono::Utc;
use std::collections::{HashMap, HashSet};
use traguardo_app::Errore;
use traguardo_app::identita::{IdentitaObiettivo, IdentitaPiano};
use traguardo_app::porte::{CicloRegistrato, EventoAudit, PianiRepo, TenantId};
use traguardo_domain::id::{IdCheckpoint, IdCiclo, IdIndicatore, IdObiettivo, IdStep};
use traguardo_domain::numeri::a_scala4;
use traguardo_domain::piano::*;
use traguardo_domain::scadenza::Scadenza;
use traguardo_domain::smvp::RegoleSmvp;
use traguardo_domain::target::TargetIndicatore;
use uuid::Uuid;

/// Tipo della forma di scadenza, memorizzato per le interrogazioni (`data`, `mese`, …).
fn tipo_scadenza(s: &Scadenza) -> String {
    match serde_json::to_value(&s.forma) {
        Ok(v) => v["tipo"].as_str().unwrap_or("testo").to_string(),
        Err(_) => "testo".into(),
    }
}

fn tipo_target(t: &TargetIndicatore) -> String {
    match serde_json::to_value(&t.target) {
        Ok(v) => v["tipo"].as_str().unwrap_or("testo").to_string(),
        Err(_) => "testo".into(),
    }
}

/// Messaggio di conflitto: chi ha salvato per ultimo e quando.
pub(crate) fn conflitto(cosa: &str, ultima: Option<RigaUltimaModifica>) -> Errore {
    match ultima {
        None => Errore::Conflitto(format!(
            "{cosa} è stato eliminato da un altro utente: ricarica e riprova"
        )),
        Some(u) => {
            let da = u.aggiornato_da.as_deref().unwrap_or("un altro utente");
            let il = u
                .aggiornato_il
                .map(|t| t.format(" il %d/%m/%Y alle %H:%M:%S UTC").to_string())
                .unwrap_or_default();
            Errore::Conflitto(format!(
                "{cosa} è stato modificato da {da}{il} (revisione {}) dopo che l'hai letto: \
                 ricarica e riprova, nulla è stato salvato",
                u.revisione
            ))
        }
    }
}

macro_rules! piani_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            /// Un obiettivo con i suoi collegamenti, step (con la storia delle scadenze) e
            /// indicatori, salvati per id. Step e indicatori non più presenti sono eliminati.
            #[allow(clippy::too_many_arguments)]
            async fn scrivi_obiettivo(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                c: Uuid,
                posizione: usize,
                o: &Obiettivo,
                ids: &IdentitaObiettivo,
                rif: i32,
                audit: &EventoAudit,
            ) -> Result<(), Fallimento> {
                let oid = ids.id.0;
                let testi = serde_json::to_string(&o.testi).map_err(Fallimento::corrotto)?;
                esegui!(
                    tx,
                    sql::OBIETTIVO_SALVA,
                    t,
                    c,
                    oid,
                    posizione as i32,
                    &o.codice,
                    o.tipo.codice(),
                    &o.titolo,
                    o.primo_anno,
                    o.peso.map(|p| a_scala4(p.0)),
                    o.punti.map(|p| a_scala4(p.0)),
                    o.rilevanza_anticorruzione.map(|r| etichetta(&r)),
                    &o.operatori_coinvolti,
                    &o.costi,
                    testi,
                    &o.note,
                    &audit.attore,
                    audit.momento,
                );
                esegui!(tx, sql::COLLEGAMENTI_CANCELLA, t, oid);
                let collegamenti = o
                    .programmi
                    .iter()
                    .map(|p| ("programma", p.as_str(), None))
                    .chain(
                        o.obiettivi_operativi
                            .iter()
                            .map(|p| ("operativo", p.as_str(), None)),
                    )
                    .chain(
                        o.unita
                            .iter()
                            .map(|u| ("unita", u.unita.as_str(), u.numero.as_deref())),
                    )
                    .chain(
                        o.progetti_peg
                            .iter()
                            .map(|p| ("progetto", p.as_str(), None)),
                    )
                    .chain(
                        o.servizi
                            .iter()
                            .map(|s| ("servizio", s.progetto.as_str(), Some(s.servizio.as_str()))),
                    );
                let mut posizioni: HashMap<&str, i32> = HashMap::new();
                for (tipo, codice, dettaglio) in collegamenti {
                    let pos = posizioni.entry(tipo).or_default();
                    esegui!(
                        tx,
                        sql::COLLEGAMENTO_INSERISCI,
                        t,
                        oid,
                        tipo,
                        *pos,
                        codice,
                        dettaglio
                    );
                    *pos += 1;
                }
                // Step: via quelli tolti (con i loro fatti), posizioni parcheggiate, poi salvataggio.
                let tenuti: HashSet<Uuid> = ids.steps.iter().map(|s| s.0).collect();
                for r in righe!(tx, RigaId, sql::STEPS_ID, t, oid) {
                    if !tenuti.contains(&r.id) {
                        esegui!(tx, sql::STEP_CANCELLA, t, r.id);
                    }
                }
                esegui!(tx, sql::STEPS_PARCHEGGIA, t, oid);
                for (j, (s, sid)) in o.steps.iter().zip(&ids.steps).enumerate() {
                    let sc = s.scadenza.as_deref().map(|x| Scadenza::interpreta(x, rif));
                    esegui!(
                        tx,
                        sql::STEP_SALVA,
                        t,
                        oid,
                        sid.0,
                        j as i32,
                        &s.codice,
                        &s.descrizione,
                        &s.scadenza,
                        sc.as_ref().map(tipo_scadenza),
                        sc.as_ref().and_then(|x| x.data),
                        &s.indicatore,
                        s.peso.map(|p| a_scala4(p.0)),
                        s.ie.map(|x| x.codice()),
                        &s.figure_coinvolte,
                        &s.note,
                    );
                    esegui!(tx, sql::REVISIONI_CANCELLA, t, sid.0);
                    for (k, r) in s.revisioni_scadenza.iter().enumerate() {
                        let d = Scadenza::interpreta(&r.scadenza, rif).data;
                        esegui!(
                            tx,
                            sql::REVISIONE_INSERISCI,
                            t,
                            sid.0,
                            k as i32,
                            &r.scadenza,
                            d,
                            &r.motivo,
                            &r.atto,
                            r.data,
                        );
                    }
                }
                let tenuti: HashSet<Uuid> = ids.indicatori.iter().map(|s| s.0).collect();
                for r in righe!(tx, RigaId, sql::INDICATORI_ID, t, oid) {
                    if !tenuti.contains(&r.id) {
                        esegui!(tx, sql::INDICATORE_CANCELLA, t, r.id);
                    }
                }
                esegui!(tx, sql::INDICATORI_PARCHEGGIA, t, oid);
                for (j, (ind, iid)) in o.indicatori.iter().zip(&ids.indicatori).enumerate() {
                    let target = ind.target.as_deref().map(TargetIndicatore::interpreta);
                    esegui!(
                        tx,
                        sql::INDICATORE_SALVA,
                        t,
                        oid,
                        iid.0,
                        j as i32,
                        &ind.codice,
                        &ind.nome,
                        &ind.descrizione,
                        ind.dimensione.map(|x| etichetta(&x)),
                        &ind.unita_misura,
                        ind.polarita.map(|x| etichetta(&x)),
                        &ind.baseline,
                        &ind.target,
                        target.as_ref().map(tipo_target),
                        &ind.fonte,
                        &ind.step,
                        &ind.note,
                    );
                }
                Ok(())
            }

            pub(crate) async fn scrivi_piano(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                piano: &Piano,
                ids: &IdentitaPiano,
                audit: &EventoAudit,
            ) -> Result<(), Fallimento> {
                if !ids.corrisponde(piano) {
                    return Err(Errore::interno("le identità non hanno la forma del piano").into());
                }
                let rif = piano.ciclo.anno_di_riferimento();
                esegui!(
                    tx,
                    sql::ENTE_AGGIORNA,
                    t,
                    &piano.ente.nome,
                    &piano.ente.denominazione_estesa,
                    &piano.ente.note,
                );
                let c = ids.ciclo.0;
                esegui!(
                    tx,
                    sql::CICLO_SALVA,
                    t,
                    c,
                    piano.ciclo.anno_inizio,
                    piano.ciclo.anno_fine,
                    piano.ciclo.anno_riferimento,
                    &piano.ciclo.titolo,
                    piano.ciclo.totale_punti.map(|p| a_scala4(p.0)),
                    Utc::now(),
                );
                // Un ciclo nuovo nasce con la versione 1 del piano, in bozza.
                esegui!(
                    tx,
                    crate::versioni::VERSIONE_PRIMA,
                    t,
                    crate::nuovo_id(),
                    c,
                    audit.momento,
                    &audit.attore,
                );
                let persone = Self::scrivi_struttura(tx, t, c, piano).await?;
                let tenuti: HashSet<Uuid> = ids.obiettivi.iter().map(|o| o.id.0).collect();
                for r in righe!(tx, RigaId, sql::OBIETTIVI_ID, t, c) {
                    if !tenuti.contains(&r.id) {
                        esegui!(tx, sql::OBIETTIVO_CANCELLA, t, r.id);
                    }
                }
                esegui!(tx, sql::OBIETTIVI_PARCHEGGIA, t, c);
                for (i, (o, oid)) in piano.obiettivi.iter().zip(&ids.obiettivi).enumerate() {
                    Self::scrivi_obiettivo(tx, t, c, i, o, oid, rif, audit).await?;
                }
                Self::scrivi_assegnazioni(tx, t, c, piano, ids, &persone, audit).await?;
                Self::scrivi_monitoraggio(tx, t, c, piano, ids, audit).await?;
                Ok(())
            }

            async fn leggi_piano(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                anno: i32,
            ) -> Result<Option<(Piano, IdentitaPiano)>, Fallimento> {
                let Some(ente) = riga!(tx, RigaEnte, sql::ENTE_PER_ID, t) else {
                    return Ok(None);
                };
                let Some(ciclo) = riga!(tx, RigaCiclo, sql::CICLO_PER_ANNO, t, anno) else {
                    return Ok(None);
                };
                let c = ciclo.id;
                let unita = righe!(tx, RigaUnita, sql::UNITA, t, c)
                    .into_iter()
                    .map(|u| {
                        Ok(UnitaOrganizzativa {
                            livello: da_etichetta(&u.livello).map_err(Fallimento::corrotto)?,
                            codice: u.codice,
                            nome: u.nome,
                            padre: u.padre,
                            responsabile: u.responsabile,
                            note: u.note,
                        })
                    })
                    .collect::<Result<Vec<_>, Fallimento>>()?;
                let persone = righe!(tx, RigaPersona, sql::PERSONE, t, c)
                    .into_iter()
                    .map(|p| Persona {
                        codice: p.codice,
                        cognome_nome: p.cognome_nome,
                        qualifica: p.qualifica,
                        categoria: p.categoria,
                        ruolo: p.ruolo,
                        unita: p.unita,
                        part_time: perc(p.part_time_e4),
                        giorni_presenza: p.giorni_presenza.map(|g| g as u32),
                        note: p.note,
                    })
                    .collect();
                let aree = righe!(tx, RigaCodiceNome, sql::AREE, t, c)
                    .into_iter()
                    .map(|a| AreaStrategica {
                        codice: a.codice,
                        nome: a.nome,
                    })
                    .collect();
                let mut operativi: HashMap<String, Vec<ObiettivoOperativo>> = HashMap::new();
                for o in righe!(tx, RigaOperativo, sql::OPERATIVI, t, c) {
                    operativi
                        .entry(o.strategico)
                        .or_default()
                        .push(ObiettivoOperativo {
                            codice: o.codice,
                            testo: o.testo,
                        });
                }
                let strategici = righe!(tx, RigaStrategico, sql::STRATEGICI, t, c)
                    .into_iter()
                    .map(|s| ObiettivoStrategico {
                        operativi: operativi.remove(&s.codice).unwrap_or_default(),
                        codice: s.codice,
                        testo: s.testo,
                        area: s.area,
                    })
                    .collect();
                let programmi = righe!(tx, RigaProgramma, sql::PROGRAMMI_CICLO, t, c)
                    .into_iter()
                    .map(|p| p.programma)
                    .collect();
                let mut prog_programmi: HashMap<String, Vec<String>> = HashMap::new();
                for r in righe!(tx, RigaProgettoProgramma, sql::PROGETTO_PROGRAMMI, t, c) {
                    prog_programmi
                        .entry(r.progetto)
                        .or_default()
                        .push(r.programma);
                }
                let mut servizi: HashMap<String, Vec<Servizio>> = HashMap::new();
                for r in righe!(tx, RigaServizio, sql::SERVIZI, t, c) {
                    servizi.entry(r.progetto).or_default().push(Servizio {
                        codice: r.codice,
                        nome: r.nome,
                    });
                }
                let progetti = righe!(tx, RigaProgetto, sql::PROGETTI, t, c)
                    .into_iter()
                    .map(|p| ProgettoPeg {
                        programmi: prog_programmi.remove(&p.codice).unwrap_or_default(),
                        servizi: servizi.remove(&p.codice).unwrap_or_default(),
                        codice: p.codice,
                        nome: p.nome,
                        area_strategica: p.area_strategica,
                        unita: p.unita,
                        obiettivo_operativo: p.obiettivo_operativo,
                        note: p.note,
                    })
                    .collect();
                let mut collegamenti: HashMap<Uuid, Vec<RigaCollegamento>> = HashMap::new();
                for r in righe!(tx, RigaCollegamento, sql::COLLEGAMENTI, t, c) {
                    collegamenti.entry(r.obiettivo_id).or_default().push(r);
                }
                let mut revisioni: HashMap<Uuid, Vec<RevisioneScadenzaFile>> = HashMap::new();
                for r in righe!(tx, RigaRevisione, sql::REVISIONI, t, c) {
                    revisioni
                        .entry(r.step_id)
                        .or_default()
                        .push(RevisioneScadenzaFile {
                            scadenza: r.scadenza_testo,
                            motivo: r.motivo,
                            atto: r.atto,
                            data: r.data,
                        });
                }
                let mut steps: HashMap<Uuid, Vec<(IdStep, Step)>> = HashMap::new();
                for s in righe!(tx, RigaStep, sql::STEPS, t, c) {
                    let ie = match s.ie.as_deref() {
                        Some(x) => Some(
                            FlagIe::da_codice(x)
                                .ok_or_else(|| Fallimento::corrotto(format!("flag I/E «{x}»")))?,
                        ),
                        None => None,
                    };
                    steps.entry(s.obiettivo_id).or_default().push((
                        IdStep(s.id),
                        Step {
                            revisioni_scadenza: revisioni.remove(&s.id).unwrap_or_default(),
                            codice: s.codice,
                            descrizione: s.descrizione,
                            scadenza: s.scadenza_testo,
                            indicatore: s.indicatore,
                            peso: perc(s.peso_e4),
                            ie,
                            figure_coinvolte: s.figure_coinvolte,
                            note: s.note,
                        },
                    ));
                }
                let mut indicatori: HashMap<Uuid, Vec<(IdIndicatore, Indicatore)>> = HashMap::new();
                for i in righe!(tx, RigaIndicatore, sql::INDICATORI, t, c) {
                    indicatori.entry(i.obiettivo_id).or_default().push((
                        IdIndicatore(i.id),
                        Indicatore {
                            dimensione: i
                                .dimensione
                                .as_deref()
                                .map(da_etichetta)
                                .transpose()
                                .map_err(Fallimento::corrotto)?,
                            polarita: i
                                .polarita
                                .as_deref()
                                .map(da_etichetta)
                                .transpose()
                                .map_err(Fallimento::corrotto)?,
                            codice: i.codice,
                            nome: i.nome,
                            descrizione: i.descrizione,
                            unita_misura: i.unita_misura,
                            baseline: i.baseline,
                            target: i.target_testo,
                            fonte: i.fonte,
                            step: i.step,
                            note: i.note,
                        },
                    ));
                }
                let mut obiettivi = Vec::new();
                let mut id_obiettivi = Vec::new();
                for o in righe!(tx, RigaObiettivo, sql::OBIETTIVI, t, c) {
                    let (id_steps, steps): (Vec<IdStep>, Vec<Step>) =
                        steps.remove(&o.id).unwrap_or_default().into_iter().unzip();
                    let (id_ind, indicatori): (Vec<IdIndicatore>, Vec<Indicatore>) = indicatori
                        .remove(&o.id)
                        .unwrap_or_default()
                        .into_iter()
                        .unzip();
                    id_obiettivi.push(IdentitaObiettivo {
                        id: IdObiettivo(o.id),
                        revisione: o.revisione,
                        steps: id_steps,
                        indicatori: id_ind,
                    });
                    let mut ob = Obiettivo {
                        tipo: TipoObiettivo::da_codice(&o.tipo).ok_or_else(|| {
                            Fallimento::corrotto(format!("tipo obiettivo «{}»", o.tipo))
                        })?,
                        testi: serde_json::from_str(&o.testi).map_err(Fallimento::corrotto)?,
                        rilevanza_anticorruzione: o
                            .rilevanza_anticorruzione
                            .as_deref()
                            .map(da_etichetta)
                            .transpose()
                            .map_err(Fallimento::corrotto)?,
                        codice: o.codice,
                        titolo: o.titolo,
                        primo_anno: o.primo_anno,
                        programmi: Vec::new(),
                        obiettivi_operativi: Vec::new(),
                        unita: Vec::new(),
                        progetti_peg: Vec::new(),
                        servizi: Vec::new(),
                        peso: perc(o.peso_e4),
                        punti: punti(o.punti_e4),
                        operatori_coinvolti: o.operatori_coinvolti,
                        costi: o.costi,
                        steps,
                        indicatori,
                        note: o.note,
                    };
                    for l in collegamenti.remove(&o.id).unwrap_or_default() {
                        match l.tipo.as_str() {
                            "programma" => ob.programmi.push(l.codice),
                            "operativo" => ob.obiettivi_operativi.push(l.codice),
                            "unita" => ob.unita.push(UnitaObiettivo {
                                unita: l.codice,
                                numero: l.dettaglio,
                            }),
                            "progetto" => ob.progetti_peg.push(l.codice),
                            "servizio" => ob.servizi.push(RiferimentoServizio {
                                progetto: l.codice,
                                servizio: l.dettaglio.unwrap_or_default(),
                            }),
                            altro => {
                                return Err(Fallimento::corrotto(format!(
                                    "collegamento «{altro}»"
                                )));
                            }
                        }
                    }
                    obiettivi.push(ob);
                }
                let atti = righe!(tx, RigaAtto, sql::ATTI, t, c)
                    .into_iter()
                    .map(|a| Atto {
                        codice: a.codice,
                        tipo: a.tipo,
                        organo: a.organo,
                        numero: a.numero,
                        data: a.data,
                        oggetto: a.oggetto,
                    })
                    .collect();
                let assegnazioni = righe!(tx, RigaAssegnazione, sql::ASSEGNAZIONI, t, c)
                    .into_iter()
                    .map(|a| Assegnazione {
                        persona: a.persona,
                        obiettivo: a.obiettivo,
                        step: a.step,
                        quota: perc(a.quota_e4),
                    })
                    .collect();
                let formazione = righe!(tx, RigaFormazione, sql::FORMAZIONE, t, c)
                    .into_iter()
                    .map(|f| PianoFormazione {
                        unita: f.unita,
                        anno: f.anno,
                        testo: f.testo,
                    })
                    .collect();
                let note = righe!(tx, RigaNota, sql::NOTE, t, c)
                    .into_iter()
                    .map(|n| NotaTrascrizione {
                        percorso: n.percorso,
                        testo: n.testo,
                    })
                    .collect();
                let (monitoraggio, id_checkpoint) = Self::leggi_monitoraggio(tx, t, c).await?;
                let piano = Piano {
                    formato: FORMATO.to_string(),
                    versione_schema: VERSIONE_SCHEMA,
                    ente: Ente {
                        codice: ente.codice,
                        nome: ente.nome,
                        denominazione_estesa: ente.denominazione_estesa,
                        note: ente.note,
                    },
                    ciclo: Ciclo {
                        anno_inizio: ciclo.anno_inizio,
                        anno_fine: ciclo.anno_fine,
                        anno_riferimento: ciclo.anno_riferimento,
                        titolo: ciclo.titolo,
                        totale_punti: punti(ciclo.totale_punti_e4),
                    },
                    unita_organizzative: unita,
                    persone,
                    aree_strategiche: aree,
                    obiettivi_strategici: strategici,
                    programmi,
                    progetti_peg: progetti,
                    obiettivi,
                    atti,
                    assegnazioni,
                    formazione,
                    monitoraggio,
                    note,
                };
                let identita = IdentitaPiano {
                    ciclo: IdCiclo(c),
                    obiettivi: id_obiettivi,
                    checkpoint: id_checkpoint.into_iter().map(IdCheckpoint).collect(),
                };
                Ok(Some((piano, identita)))
            }
        }

        impl PianiRepo for $nome {
            async fn salva_piano(
                &self,
                tenant: TenantId,
                piano: &Piano,
                identita: &IdentitaPiano,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                in_transazione!(self, tenant.0, audit, |tx| {
                    Self::scrivi_piano(tx, tenant.0, piano, identita, audit).await
                });
                Ok(())
            }

            async fn crea_ciclo(
                &self,
                tenant: TenantId,
                piano: &Piano,
                identita: &IdentitaPiano,
                regole: Option<&RegoleSmvp>,
                capofila: &[(String, String)],
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let testo = regole
                    .map(serde_json::to_string_pretty)
                    .transpose()
                    .map_err(|e| Errore::interno_da(e.to_string(), e))?;
                let (t, anno) = (tenant.0, piano.ciclo.anno_inizio);
                in_transazione!(self, t, audit, |tx| {
                    // Controllo dentro la transazione: due creazioni concorrenti non si sovrappongono.
                    if let Some(c) = riga!(tx, RigaCiclo, sql::CICLO_PER_ANNO, t, anno) {
                        return Err(Errore::Conflitto(format!(
                            "l'ente ha già il ciclo {}–{}: il nuovo ciclo non è stato creato",
                            c.anno_inizio, c.anno_fine
                        ))
                        .into());
                    }
                    Self::scrivi_piano(tx, t, piano, identita, audit).await?;
                    for (obiettivo, cdr) in capofila {
                        esegui!(
                            tx,
                            sql::CAPOFILA_PER_CODICE,
                            t,
                            identita.ciclo.0,
                            obiettivo,
                            cdr,
                            &audit.attore,
                            audit.momento,
                        );
                    }
                    if let Some(testo) = &testo {
                        // Regole rimaste da un ciclo eliminato dello stesso anno: si va oltre.
                        let ultima = riga!(tx, RigaRegole, sql::REGOLE_CORRENTI, t, anno);
                        let versione = ultima.map(|r| r.versione + 1).unwrap_or(1);
                        esegui!(
                            tx,
                            sql::REGOLE_INSERISCI,
                            t,
                            anno,
                            versione,
                            testo,
                            audit.momento,
                            &audit.attore,
                        );
                    }
                    Ok(())
                });
                Ok(())
            }

            async fn carica_piano_identificato(
                &self,
                tenant: TenantId,
                anno_inizio: i32,
            ) -> Result<Option<(Piano, IdentitaPiano)>, Errore> {
                Ok(in_lettura!(self, |tx| {
                    Self::leggi_piano(tx, tenant.0, anno_inizio).await
                }))
            }

            async fn salva_obiettivo(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                posizione: usize,
                obiettivo: &Obiettivo,
                ids: &IdentitaObiettivo,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let t = tenant.0;
                Ok(in_transazione!(self, t, audit, |tx| {
                    let rif = riga!(
                        tx,
                        RigaAnnoRiferimento,
                        sql::CICLO_ANNO_RIFERIMENTO,
                        t,
                        ciclo.0
                    )
                    .ok_or_else(|| Errore::NonTrovato("il ciclo non esiste più".into()))?
                    .anno;
                    if ids.revisione > 0 {
                        // Prenota la revisione attesa: se un altro l'ha già cambiata, nessuna riga.
                        let toccate =
                            esegui!(tx, sql::OBIETTIVO_PRENOTA, t, ids.id.0, ids.revisione);
                        if toccate == 0 {
                            let ultima = riga!(
                                tx,
                                RigaUltimaModifica,
                                sql::OBIETTIVO_ULTIMA_MODIFICA,
                                t,
                                ids.id.0
                            );
                            return Err(conflitto(
                                &format!("L'obiettivo {}", obiettivo.codice),
                                ultima,
                            )
                            .into());
                        }
                    }
                    // L'obiettivo va all'indice `posizione` dell'ordine attuale; si riscrivono solo
                    // le posizioni che cambiano.
                    let attuali = righe!(tx, RigaIdPosizione, sql::OBIETTIVI_ORDINE, t, ciclo.0);
                    let mut ordine: Vec<Uuid> = attuali
                        .iter()
                        .map(|r| r.id)
                        .filter(|id| *id != ids.id.0)
                        .collect();
                    ordine.insert(posizione.min(ordine.len()), ids.id.0);
                    let attuali: HashMap<Uuid, i32> =
                        attuali.into_iter().map(|r| (r.id, r.posizione)).collect();
                    for (k, id) in ordine.iter().enumerate() {
                        if *id != ids.id.0 && attuali.get(id) != Some(&(k as i32)) {
                            esegui!(tx, sql::OBIETTIVO_POSIZIONE, t, *id, k as i32);
                        }
                    }
                    Self::scrivi_obiettivo(tx, t, ciclo.0, posizione, obiettivo, ids, rif, audit)
                        .await?;
                    esegui!(tx, sql::CICLO_TOCCA, t, ciclo.0, audit.momento);
                    let nuova = riga!(
                        tx,
                        RigaUltimaModifica,
                        sql::OBIETTIVO_ULTIMA_MODIFICA,
                        t,
                        ids.id.0
                    )
                    .map(|r| r.revisione)
                    .unwrap_or(1);
                    Ok(nuova)
                }))
            }

            async fn elimina_obiettivo(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                id: IdObiettivo,
                revisione_attesa: i64,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    let toccate = esegui!(tx, sql::OBIETTIVO_PRENOTA, t, id.0, revisione_attesa);
                    if toccate == 0 {
                        let ultima = riga!(
                            tx,
                            RigaUltimaModifica,
                            sql::OBIETTIVO_ULTIMA_MODIFICA,
                            t,
                            id.0
                        );
                        return Err(conflitto("L'obiettivo", ultima).into());
                    }
                    esegui!(tx, sql::OBIETTIVO_CANCELLA, t, id.0);
                    esegui!(tx, sql::CICLO_TOCCA, t, ciclo.0, audit.momento);
                    Ok(())
                });
                Ok(())
            }

            async fn revisione_dati(
                &self,
                tenant: TenantId,
                anno_inizio: i32,
            ) -> Result<Option<i64>, Errore> {
                Ok(
                    sqlx::query_as::<_, RigaRevisioneDati>(sql::CICLO_REVISIONE_DATI)
                        .bind(tenant.0)
                        .bind(anno_inizio)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(crate::nucleo::errore_db)?
                        .map(|r| r.revisione_dati),
                )
            }

            async fn elenco_cicli(&self, tenant: TenantId) -> Result<Vec<CicloRegistrato>, Errore> {
                Ok(sqlx::query_as::<_, RigaCicloElenco>(sql::CICLI)
                    .bind(tenant.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(crate::nucleo::errore_db)?
                    .into_iter()
                    .map(|r| CicloRegistrato {
                        anno_inizio: r.anno_inizio,
                        anno_fine: r.anno_fine,
                        titolo: r.titolo,
                        obiettivi: r.obiettivi,
                        aggiornato_il: r.aggiornato_il,
                    })
                    .collect())
            }

            async fn eventi_audit(&self, tenant: TenantId) -> Result<Vec<EventoAudit>, Errore> {
                Ok(sqlx::query_as::<_, RigaAudit>(sql::AUDIT_ELENCO)
                    .bind(tenant.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(crate::nucleo::errore_db)?
                    .into_iter()
                    .map(|r| EventoAudit {
                        momento: r.momento,
                        attore: r.attore,
                        azione: r.azione,
                        oggetto: r.oggetto,
                        prima: r.prima,
                        dopo: r.dopo,
                        entita_id: None,
                        utente_id: None,
                        idempotenza: None,
                    })
                    .collect())
            }
        }
    };
}

piani_sql!(StoreSqlite, sqlx::Sqlite);
piani_sql!(StorePostgres, sqlx::Postgres);

impl PianiRepo for Store {
    async fn salva_piano(
        &self,
        tenant: TenantId,
        piano: &Piano,
        identita: &IdentitaPiano,
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.salva_piano(tenant, piano, identita, audit).await)
    }
    async fn crea_ciclo(
        &self,
        tenant: TenantId,
        piano: &Piano,
        identita: &IdentitaPiano,
        regole: Option<&RegoleSmvp>,
        capofila: &[(String, String)],
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.crea_ciclo(tenant, piano, identita, regole, capofila, audit).await)
    }
    async fn carica_piano_identificato(
        &self,
        tenant: TenantId,
        anno: i32,
    ) -> Result<Option<(Piano, IdentitaPiano)>, Errore> {
        delega!(self, s => s.carica_piano_identificato(tenant, anno).await)
    }
    async fn salva_obiettivo(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        posizione: usize,
        obiettivo: &Obiettivo,
        ids: &IdentitaObiettivo,
        audit: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.salva_obiettivo(tenant, ciclo, posizione, obiettivo, ids, audit).await)
    }
    async fn elimina_obiettivo(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        id: IdObiettivo,
        revisione_attesa: i64,
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.elimina_obiettivo(tenant, ciclo, id, revisione_attesa, audit).await)
    }
    async fn revisione_dati(&self, tenant: TenantId, anno: i32) -> Result<Option<i64>, Errore> {
        delega!(self, s => s.revisione_dati(tenant, anno).await)
    }
    async fn elenco_cicli(&self, tenant: TenantId) -> Result<Vec<CicloRegistrato>, Errore> {
        delega!(self, s => s.elenco_cicli(tenant).await)
    }
    async fn eventi_audit(&self, tenant: TenantId) -> Result<Vec<EventoAudit>, Errore> {
        delega!(self, s => s.eventi_audit(tenant).await)
    }
}
