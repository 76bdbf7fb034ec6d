//! L'anagrafica del ciclo nel salvataggio del piano: CdR, persone (identità dell'ente), progetti
//! PEG e atti riconosciuti per codice (tengono l'id), e le assegnazioni per id di persona,
//! obiettivo e step. Le righe senza identità propria si riscrivono per intero.

use crate::nucleo::{Fallimento, esegui, riga, righe};
use crate::righe::*;
use crate::{StorePostgres, StoreSqlite, nuovo_id, sql};
use std::collections::{HashMap, HashSet};
use traguardo_app::Errore;
use traguardo_app::identita::IdentitaPiano;
use traguardo_app::porte::EventoAudit;
use traguardo_domain::numeri::a_scala4;
use traguardo_domain::piano::*;
use uuid::Uuid;

macro_rules! anagrafica_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            /// Le righe del ciclo: CdR, persone, progetti PEG e atti si aggiornano sul posto (per
            /// codice, tengono l'id; quelli tolti si cancellano con i loro fatti, dopo la conferma
            /// chiesta dal caso d'uso); le altre, senza identità propria, si riscrivono per intero.
            /// Restituisce gli id delle persone del ciclo per codice.
            pub(crate) async fn scrivi_struttura(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                c: Uuid,
                piano: &Piano,
            ) -> Result<HashMap<String, Uuid>, Fallimento> {
                for q in sql::CICLO_RIGHE_CANCELLA {
                    esegui!(tx, q, t, c);
                }
                let tenuti: HashSet<&str> = piano
                    .unita_organizzative
                    .iter()
                    .map(|u| u.codice.as_str())
                    .collect();
                for r in righe!(tx, RigaCodice, sql::UNITA_CODICI, t, c) {
                    if !tenuti.contains(r.codice.as_str()) {
                        esegui!(tx, sql::UNITA_CANCELLA, t, c, &r.codice);
                    }
                }
                for (i, u) in piano.unita_organizzative.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::UNITA_SALVA,
                        t,
                        c,
                        nuovo_id(),
                        i as i32,
                        &u.codice,
                        &u.nome,
                        etichetta(&u.livello),
                        &u.padre,
                        &u.responsabile,
                        &u.note,
                    );
                }
                // Persone: l'identità dell'ente per codice (creata alla prima comparsa), poi la
                // riga del ciclo.
                let mut persone = HashMap::new();
                for p in &piano.persone {
                    esegui!(tx, sql::PERSONA_ENTE_INSERISCI, t, nuovo_id(), &p.codice);
                    let id = riga!(tx, RigaId, sql::PERSONA_ENTE_ID, t, &p.codice)
                        .ok_or_else(|| Fallimento::corrotto("identità della persona mancante"))?
                        .id;
                    persone.insert(p.codice.clone(), id);
                }
                let tenute: HashSet<Uuid> = persone.values().copied().collect();
                for r in righe!(tx, RigaId, sql::PERSONE_ID, t, c) {
                    if !tenute.contains(&r.id) {
                        esegui!(tx, sql::PERSONA_CANCELLA, t, c, r.id);
                    }
                }
                for (i, p) in piano.persone.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::PERSONA_SALVA,
                        t,
                        c,
                        persone[&p.codice],
                        i as i32,
                        &p.cognome_nome,
                        &p.qualifica,
                        &p.categoria,
                        &p.ruolo,
                        &p.unita,
                        p.part_time.map(|x| a_scala4(x.0)),
                        p.giorni_presenza.map(|g| g as i32),
                        &p.note,
                    );
                }
                for (i, a) in piano.aree_strategiche.iter().enumerate() {
                    esegui!(tx, sql::AREA_INSERISCI, t, c, i as i32, &a.codice, &a.nome);
                }
                let mut pos_operativo = 0i32;
                for (i, s) in piano.obiettivi_strategici.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::STRATEGICO_INSERISCI,
                        t,
                        c,
                        i as i32,
                        &s.codice,
                        &s.testo,
                        &s.area
                    );
                    for o in &s.operativi {
                        esegui!(
                            tx,
                            sql::OPERATIVO_INSERISCI,
                            t,
                            c,
                            &s.codice,
                            pos_operativo,
                            &o.codice,
                            &o.testo
                        );
                        pos_operativo += 1;
                    }
                }
                for (i, p) in piano.programmi.iter().enumerate() {
                    esegui!(tx, sql::PROGRAMMA_CICLO_INSERISCI, t, c, i as i32, p);
                }
                let tenuti: HashSet<&str> = piano
                    .progetti_peg
                    .iter()
                    .map(|p| p.codice.as_str())
                    .collect();
                for r in righe!(tx, RigaCodice, sql::PROGETTI_CODICI, t, c) {
                    if !tenuti.contains(r.codice.as_str()) {
                        esegui!(tx, sql::PROGETTO_CANCELLA, t, c, &r.codice);
                    }
                }
                for (i, p) in piano.progetti_peg.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::PROGETTO_SALVA,
                        t,
                        c,
                        nuovo_id(),
                        i as i32,
                        &p.codice,
                        &p.nome,
                        &p.area_strategica,
                        &p.unita,
                        &p.obiettivo_operativo,
                        &p.note,
                    );
                    for (j, pr) in p.programmi.iter().enumerate() {
                        esegui!(
                            tx,
                            sql::PROGETTO_PROGRAMMA_INSERISCI,
                            t,
                            c,
                            &p.codice,
                            j as i32,
                            pr
                        );
                    }
                    for (j, s) in p.servizi.iter().enumerate() {
                        esegui!(
                            tx,
                            sql::SERVIZIO_INSERISCI,
                            t,
                            c,
                            &p.codice,
                            j as i32,
                            &s.codice,
                            &s.nome
                        );
                    }
                }
                let tenuti: HashSet<&str> = piano.atti.iter().map(|a| a.codice.as_str()).collect();
                for r in righe!(tx, RigaCodice, sql::ATTI_CODICI, t, c) {
                    if !tenuti.contains(r.codice.as_str()) {
                        esegui!(tx, sql::ATTO_CANCELLA, t, c, &r.codice);
                    }
                }
                for (i, a) in piano.atti.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::ATTO_SALVA,
                        t,
                        c,
                        nuovo_id(),
                        i as i32,
                        &a.codice,
                        &a.tipo,
                        &a.organo,
                        &a.numero,
                        a.data,
                        &a.oggetto,
                    );
                }
                for (i, f) in piano.formazione.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::FORMAZIONE_INSERISCI,
                        t,
                        c,
                        i as i32,
                        &f.unita,
                        f.anno,
                        &f.testo
                    );
                }
                for (i, n) in piano.note.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::NOTA_INSERISCI,
                        t,
                        c,
                        i as i32,
                        &n.percorso,
                        &n.testo
                    );
                }
                Ok(persone)
            }

            /// Le assegnazioni del piano, per id di persona, obiettivo e step: quella con la stessa
            /// persona, obiettivo e step tiene il suo id; le altre si tolgono.
            pub(crate) async fn scrivi_assegnazioni(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                c: Uuid,
                piano: &Piano,
                ids: &IdentitaPiano,
                persone: &HashMap<String, Uuid>,
                audit: &EventoAudit,
            ) -> Result<(), Fallimento> {
                let mut esistenti = righe!(tx, RigaAssegnazioneId, sql::ASSEGNAZIONI_ID, t, c);
                for (i, a) in piano.assegnazioni.iter().enumerate() {
                    let dove = format!("assegnazioni[{}]", i + 1);
                    let manca =
                        |m: String| Fallimento::Caso(Errore::NonValido(format!("{dove}: {m}")));
                    let persona = *persone.get(&a.persona).ok_or_else(|| {
                        manca(format!("la persona «{}» non è nel piano", a.persona))
                    })?;
                    let k = piano
                        .obiettivi
                        .iter()
                        .position(|o| o.codice == a.obiettivo)
                        .ok_or_else(|| {
                            manca(format!("l'obiettivo «{}» non esiste", a.obiettivo))
                        })?;
                    let obiettivo = ids.obiettivi[k].id.0;
                    let step = match &a.step {
                        None => None,
                        Some(s) => Some(
                            piano.obiettivi[k]
                                .steps
                                .iter()
                                .position(|x| x.codice.as_deref() == Some(s.as_str()))
                                .map(|j| ids.obiettivi[k].steps[j].0)
                                .ok_or_else(|| {
                                    manca(format!(
                                        "lo step «{s}» non esiste nell'obiettivo «{}»",
                                        a.obiettivo
                                    ))
                                })?,
                        ),
                    };
                    let id = match esistenti.iter().position(|r| {
                        r.persona_id == persona && r.obiettivo_id == obiettivo && r.step_id == step
                    }) {
                        Some(x) => esistenti.remove(x).id,
                        None => nuovo_id(),
                    };
                    esegui!(
                        tx,
                        sql::ASSEGNAZIONE_SALVA,
                        t,
                        id,
                        c,
                        persona,
                        obiettivo,
                        step,
                        i as i32,
                        a.quota.map(|q| a_scala4(q.0)),
                        &audit.attore,
                        audit.momento,
                    );
                }
                for r in esistenti {
                    esegui!(tx, sql::ASSEGNAZIONE_CANCELLA, t, r.id);
                }
                Ok(())
            }
        }
    };
}

anagrafica_sql!(StoreSqlite, sqlx::Sqlite);
anagrafica_sql!(StorePostgres, sqlx::Postgres);
