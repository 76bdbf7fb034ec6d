//! Memorizzazione con sqlx su SQLite (predefinito, incorporato) e PostgreSQL (produzione).
//!
//! Un solo testo SQL (`sql.rs`) e una sola implementazione dei repository, istanziata per i due
//! backend dalla macro `store_sql!`; [`Store`] sceglie il backend dall'URL e delega.

mod audit;
mod righe;
mod sql;
mod utenti;

use chrono::Utc;
use righe::*;
use sqlx::postgres::{PgPoolOptions, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Pool, Transaction};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;
use traguardo_app::Errore;
use traguardo_app::porte::{
    BilancioRepo, CicloRegistrato, CollegamentoCapitolo, EnteRegistrato, EntiRepo, EventoAudit,
    PianiRepo, PresaVisione, RegoleVersionate, TenantId, ValutazioneRepo, VersioneBilancio,
};
use traguardo_domain::bilancio::{Bilancio, Capitolo, Importi, Lato, UnitaBilancio, VociTestata};
use traguardo_domain::individuale::VotoComportamento;
use traguardo_domain::numeri::Importo;
use traguardo_domain::numeri::a_scala4;
use traguardo_domain::numeri::da_scala4;
use traguardo_domain::piano::*;
use traguardo_domain::scadenza::Scadenza;
use traguardo_domain::smvp::RegoleSmvp;
use traguardo_domain::target::TargetIndicatore;
use uuid::Uuid;

static MIGRAZIONI_SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static MIGRAZIONI_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

fn errore_db(e: sqlx::Error) -> Errore {
    if let sqlx::Error::Database(d) = &e
        && d.is_unique_violation()
    {
        return Errore::Conflitto(format!("dato già presente: {}", d.message()));
    }
    Errore::Interno(format!("database: {e}"))
}

fn nuovo_id() -> Uuid {
    Uuid::now_v7()
}

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

macro_rules! store_sql {
    ($nome:ident, $db:ty) => {
        /// Repository su un pool sqlx di questo backend.
        pub struct $nome {
            pool: Pool<$db>,
        }

        impl Clone for $nome {
            fn clone(&self) -> Self {
                $nome {
                    pool: self.pool.clone(),
                }
            }
        }

        impl $nome {
            pub fn pool(&self) -> &Pool<$db> {
                &self.pool
            }

            /// Le righe di una query filtrata per ente e per un anno (ciclo o esercizio).
            async fn righe_dell_anno<T>(
                &self,
                q: &'static str,
                t: Uuid,
                anno: i32,
            ) -> Result<Vec<T>, Errore>
            where
                T: for<'r> sqlx::FromRow<'r, <$db as sqlx::Database>::Row> + Send + Unpin,
            {
                sqlx::query_as::<_, T>(q)
                    .bind(t)
                    .bind(anno)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)
            }

            async fn audit(
                tx: &mut Transaction<'_, $db>,
                tenant: Uuid,
                ev: &EventoAudit,
            ) -> Result<(), sqlx::Error> {
                sqlx::query(sql::AUDIT_INSERISCI)
                    .bind(tenant)
                    .bind(nuovo_id())
                    .bind(ev.momento)
                    .bind(&ev.attore)
                    .bind(&ev.azione)
                    .bind(&ev.oggetto)
                    .bind(&ev.prima)
                    .bind(&ev.dopo)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            async fn scrivi_piano(
                tx: &mut Transaction<'_, $db>,
                t: Uuid,
                piano: &Piano,
            ) -> Result<(), sqlx::Error> {
                let rif = piano.ciclo.anno_di_riferimento();
                sqlx::query(sql::ENTE_AGGIORNA)
                    .bind(t)
                    .bind(&piano.ente.nome)
                    .bind(&piano.ente.denominazione_estesa)
                    .bind(&piano.ente.note)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(sql::CICLO_CANCELLA)
                    .bind(t)
                    .bind(piano.ciclo.anno_inizio)
                    .execute(&mut **tx)
                    .await?;
                let c = nuovo_id();
                sqlx::query(sql::CICLO_INSERISCI)
                    .bind(t)
                    .bind(c)
                    .bind(piano.ciclo.anno_inizio)
                    .bind(piano.ciclo.anno_fine)
                    .bind(piano.ciclo.anno_riferimento)
                    .bind(&piano.ciclo.titolo)
                    .bind(piano.ciclo.totale_punti.map(|p| a_scala4(p.0)))
                    .bind(Utc::now())
                    .execute(&mut **tx)
                    .await?;
                for (i, u) in piano.unita_organizzative.iter().enumerate() {
                    sqlx::query(sql::UNITA_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&u.codice)
                        .bind(&u.nome)
                        .bind(etichetta(&u.livello))
                        .bind(&u.padre)
                        .bind(&u.responsabile)
                        .bind(&u.note)
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, p) in piano.persone.iter().enumerate() {
                    sqlx::query(sql::PERSONA_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&p.codice)
                        .bind(&p.cognome_nome)
                        .bind(&p.qualifica)
                        .bind(&p.categoria)
                        .bind(&p.ruolo)
                        .bind(&p.unita)
                        .bind(p.part_time.map(|x| a_scala4(x.0)))
                        .bind(p.giorni_presenza.map(|g| g as i32))
                        .bind(&p.note)
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, a) in piano.aree_strategiche.iter().enumerate() {
                    sqlx::query(sql::AREA_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&a.codice)
                        .bind(&a.nome)
                        .execute(&mut **tx)
                        .await?;
                }
                let mut pos_operativo = 0i32;
                for (i, s) in piano.obiettivi_strategici.iter().enumerate() {
                    sqlx::query(sql::STRATEGICO_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&s.codice)
                        .bind(&s.testo)
                        .bind(&s.area)
                        .execute(&mut **tx)
                        .await?;
                    for o in &s.operativi {
                        sqlx::query(sql::OPERATIVO_INSERISCI)
                            .bind(t)
                            .bind(c)
                            .bind(&s.codice)
                            .bind(pos_operativo)
                            .bind(&o.codice)
                            .bind(&o.testo)
                            .execute(&mut **tx)
                            .await?;
                        pos_operativo += 1;
                    }
                }
                for (i, p) in piano.programmi.iter().enumerate() {
                    sqlx::query(sql::PROGRAMMA_CICLO_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(p)
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, p) in piano.progetti_peg.iter().enumerate() {
                    sqlx::query(sql::PROGETTO_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&p.codice)
                        .bind(&p.nome)
                        .bind(&p.area_strategica)
                        .bind(&p.unita)
                        .bind(&p.obiettivo_operativo)
                        .bind(&p.note)
                        .execute(&mut **tx)
                        .await?;
                    for (j, pr) in p.programmi.iter().enumerate() {
                        sqlx::query(sql::PROGETTO_PROGRAMMA_INSERISCI)
                            .bind(t)
                            .bind(c)
                            .bind(&p.codice)
                            .bind(j as i32)
                            .bind(pr)
                            .execute(&mut **tx)
                            .await?;
                    }
                    for (j, s) in p.servizi.iter().enumerate() {
                        sqlx::query(sql::SERVIZIO_INSERISCI)
                            .bind(t)
                            .bind(c)
                            .bind(&p.codice)
                            .bind(j as i32)
                            .bind(&s.codice)
                            .bind(&s.nome)
                            .execute(&mut **tx)
                            .await?;
                    }
                }
                for (i, o) in piano.obiettivi.iter().enumerate() {
                    let oid = nuovo_id();
                    let testi = serde_json::to_string(&o.testi)
                        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
                    sqlx::query(sql::OBIETTIVO_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(oid)
                        .bind(i as i32)
                        .bind(&o.codice)
                        .bind(o.tipo.codice())
                        .bind(&o.titolo)
                        .bind(o.primo_anno)
                        .bind(o.peso.map(|p| a_scala4(p.0)))
                        .bind(o.punti.map(|p| a_scala4(p.0)))
                        .bind(o.rilevanza_anticorruzione.map(|r| etichetta(&r)))
                        .bind(&o.operatori_coinvolti)
                        .bind(&o.costi)
                        .bind(testi)
                        .bind(&o.note)
                        .execute(&mut **tx)
                        .await?;
                    let collegamenti =
                        o.programmi
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
                            .chain(o.servizi.iter().map(|s| {
                                ("servizio", s.progetto.as_str(), Some(s.servizio.as_str()))
                            }));
                    let mut posizioni: HashMap<&str, i32> = HashMap::new();
                    for (tipo, codice, dettaglio) in collegamenti {
                        let pos = posizioni.entry(tipo).or_default();
                        sqlx::query(sql::COLLEGAMENTO_INSERISCI)
                            .bind(t)
                            .bind(oid)
                            .bind(tipo)
                            .bind(*pos)
                            .bind(codice)
                            .bind(dettaglio)
                            .execute(&mut **tx)
                            .await?;
                        *pos += 1;
                    }
                    for (j, s) in o.steps.iter().enumerate() {
                        let sid = nuovo_id();
                        let sc = s.scadenza.as_deref().map(|x| Scadenza::interpreta(x, rif));
                        sqlx::query(sql::STEP_INSERISCI)
                            .bind(t)
                            .bind(oid)
                            .bind(sid)
                            .bind(j as i32)
                            .bind(&s.codice)
                            .bind(&s.descrizione)
                            .bind(&s.scadenza)
                            .bind(sc.as_ref().map(tipo_scadenza))
                            .bind(sc.as_ref().and_then(|x| x.data))
                            .bind(&s.indicatore)
                            .bind(s.peso.map(|p| a_scala4(p.0)))
                            .bind(s.ie.map(|x| x.codice()))
                            .bind(&s.figure_coinvolte)
                            .bind(&s.note)
                            .execute(&mut **tx)
                            .await?;
                        for (k, r) in s.revisioni_scadenza.iter().enumerate() {
                            let d = Scadenza::interpreta(&r.scadenza, rif).data;
                            sqlx::query(sql::REVISIONE_INSERISCI)
                                .bind(t)
                                .bind(sid)
                                .bind(k as i32)
                                .bind(&r.scadenza)
                                .bind(d)
                                .bind(&r.motivo)
                                .bind(&r.atto)
                                .bind(r.data)
                                .execute(&mut **tx)
                                .await?;
                        }
                    }
                    for (j, ind) in o.indicatori.iter().enumerate() {
                        let target = ind.target.as_deref().map(TargetIndicatore::interpreta);
                        sqlx::query(sql::INDICATORE_INSERISCI)
                            .bind(t)
                            .bind(oid)
                            .bind(j as i32)
                            .bind(&ind.codice)
                            .bind(&ind.nome)
                            .bind(&ind.descrizione)
                            .bind(ind.dimensione.map(|x| etichetta(&x)))
                            .bind(&ind.unita_misura)
                            .bind(ind.polarita.map(|x| etichetta(&x)))
                            .bind(&ind.baseline)
                            .bind(&ind.target)
                            .bind(target.as_ref().map(tipo_target))
                            .bind(&ind.fonte)
                            .bind(&ind.step)
                            .bind(&ind.note)
                            .execute(&mut **tx)
                            .await?;
                    }
                }
                for (i, a) in piano.atti.iter().enumerate() {
                    sqlx::query(sql::ATTO_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&a.codice)
                        .bind(&a.tipo)
                        .bind(&a.organo)
                        .bind(&a.numero)
                        .bind(a.data)
                        .bind(&a.oggetto)
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, a) in piano.assegnazioni.iter().enumerate() {
                    sqlx::query(sql::ASSEGNAZIONE_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&a.persona)
                        .bind(&a.obiettivo)
                        .bind(&a.step)
                        .bind(a.quota.map(|q| a_scala4(q.0)))
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, f) in piano.formazione.iter().enumerate() {
                    sqlx::query(sql::FORMAZIONE_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&f.unita)
                        .bind(f.anno)
                        .bind(&f.testo)
                        .execute(&mut **tx)
                        .await?;
                }
                Self::scrivi_monitoraggio(tx, t, c, &piano.monitoraggio).await?;
                for (i, n) in piano.note.iter().enumerate() {
                    sqlx::query(sql::NOTA_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&n.percorso)
                        .bind(&n.testo)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }

            async fn scrivi_monitoraggio(
                tx: &mut Transaction<'_, $db>,
                t: Uuid,
                c: Uuid,
                m: &Monitoraggio,
            ) -> Result<(), sqlx::Error> {
                let json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
                for (i, x) in m.checkpoint.iter().enumerate() {
                    sqlx::query(sql::MON_CHECKPOINT_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&x.codice)
                        .bind(x.data)
                        .bind(&x.etichetta)
                        .bind(x.finale)
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, x) in m.stati.iter().enumerate() {
                    sqlx::query(sql::MON_STATO_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&x.checkpoint)
                        .bind(&x.obiettivo)
                        .bind(x.step as i32)
                        .bind(x.stato.map(|s| etichetta(&s)))
                        .bind(x.percentuale.map(|p| a_scala4(p.0)))
                        .bind(&x.testo)
                        .bind(&x.consuntivo)
                        .bind(json(&x.atti))
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, x) in m.valori.iter().enumerate() {
                    sqlx::query(sql::MON_VALORE_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&x.checkpoint)
                        .bind(&x.obiettivo)
                        .bind(x.indicatore as i32)
                        .bind(&x.valore)
                        .bind(&x.scostamento_stampato)
                        .bind(&x.nota)
                        .bind(x.valutazione.map(|p| a_scala4(p.0)))
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, x) in m.dilazioni.iter().enumerate() {
                    sqlx::query(sql::MON_DILAZIONE_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&x.obiettivo)
                        .bind(x.step as i32)
                        .bind(&x.checkpoint)
                        .bind(&x.motivo)
                        .bind(&x.scadenza_proposta)
                        .bind(etichetta(&x.esito))
                        .bind(&x.atto)
                        .bind(x.data_esito)
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, x) in m.cause_scostamento.iter().enumerate() {
                    sqlx::query(sql::MON_CAUSA_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&x.obiettivo)
                        .bind(x.step.map(|s| s as i32))
                        .bind(etichetta(&x.causa))
                        .bind(&x.testo)
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, x) in m.relazioni.iter().enumerate() {
                    sqlx::query(sql::MON_RELAZIONE_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&x.checkpoint)
                        .bind(&x.obiettivo)
                        .bind(&x.testo)
                        .execute(&mut **tx)
                        .await?;
                }
                for (i, x) in m.indicatori_finanziari.iter().enumerate() {
                    sqlx::query(sql::IND_FIN_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&x.codice)
                        .bind(&x.nome)
                        .bind(&x.numeratore.descrizione)
                        .bind(x.numeratore.importo.centesimi())
                        .bind(&x.denominatore.descrizione)
                        .bind(x.denominatore.importo.centesimi())
                        .bind(&x.target)
                        .bind(&x.valore_stampato)
                        .bind(&x.nota)
                        .execute(&mut **tx)
                        .await?;
                    for (j, r) in x.rettifiche.iter().enumerate() {
                        sqlx::query(sql::IND_FIN_RETTIFICA_INSERISCI)
                            .bind(t)
                            .bind(c)
                            .bind(&x.codice)
                            .bind(j as i32)
                            .bind(&r.descrizione)
                            .bind(r.importo.centesimi())
                            .execute(&mut **tx)
                            .await?;
                    }
                }
                for (i, x) in m.esecuzione_bilancio.iter().enumerate() {
                    sqlx::query(sql::ESECUZIONE_INSERISCI)
                        .bind(t)
                        .bind(c)
                        .bind(i as i32)
                        .bind(&x.unita)
                        .bind(&x.progetto)
                        .bind(&x.titolo)
                        .bind(x.stanziamento_definitivo.centesimi())
                        .bind(x.stanziamento_senza_fpv.centesimi())
                        .bind(x.impegni.centesimi())
                        .bind(&x.percentuale_stampata)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }

            async fn leggi_monitoraggio(
                &self,
                t: Uuid,
                c: Uuid,
            ) -> Result<Monitoraggio, sqlx::Error> {
                macro_rules! righe {
                    ($tipo:ty, $q:expr) => {
                        sqlx::query_as::<_, $tipo>($q)
                            .bind(t)
                            .bind(c)
                            .fetch_all(&self.pool)
                            .await?
                    };
                }
                let corrotto = |m: String| sqlx::Error::Decode(m.into());
                let imp = Importo::da_centesimi;
                let checkpoint = righe!(RigaCheckpoint, sql::MON_CHECKPOINT)
                    .into_iter()
                    .map(|r| CheckpointFile {
                        codice: r.codice,
                        data: r.data,
                        etichetta: r.etichetta,
                        finale: r.finale,
                    })
                    .collect();
                let mut stati = Vec::new();
                for r in righe!(RigaStatoStep, sql::MON_STATI) {
                    stati.push(StatoStepFile {
                        stato: r
                            .stato
                            .as_deref()
                            .map(da_etichetta)
                            .transpose()
                            .map_err(corrotto)?,
                        atti: serde_json::from_str(&r.atti).map_err(|e| corrotto(e.to_string()))?,
                        checkpoint: r.checkpoint,
                        obiettivo: r.obiettivo,
                        step: r.step as u32,
                        percentuale: perc(r.percentuale_e4),
                        testo: r.testo,
                        consuntivo: r.consuntivo,
                    });
                }
                let valori = righe!(RigaValoreIndicatore, sql::MON_VALORI)
                    .into_iter()
                    .map(|r| ValoreIndicatoreFile {
                        checkpoint: r.checkpoint,
                        obiettivo: r.obiettivo,
                        indicatore: r.indicatore as u32,
                        valore: r.valore,
                        scostamento_stampato: r.scostamento_stampato,
                        nota: r.nota,
                        valutazione: perc(r.valutazione_e4),
                    })
                    .collect();
                let mut dilazioni = Vec::new();
                for r in righe!(RigaDilazione, sql::MON_DILAZIONI) {
                    dilazioni.push(DilazioneFile {
                        esito: da_etichetta(&r.esito).map_err(corrotto)?,
                        obiettivo: r.obiettivo,
                        step: r.step as u32,
                        checkpoint: r.checkpoint,
                        motivo: r.motivo,
                        scadenza_proposta: r.scadenza_proposta,
                        atto: r.atto,
                        data_esito: r.data_esito,
                    });
                }
                let mut cause = Vec::new();
                for r in righe!(RigaCausa, sql::MON_CAUSE) {
                    cause.push(CausaScostamentoFile {
                        causa: da_etichetta(&r.causa).map_err(corrotto)?,
                        obiettivo: r.obiettivo,
                        step: r.step.map(|s| s as u32),
                        testo: r.testo,
                    });
                }
                let relazioni = righe!(RigaRelazione, sql::MON_RELAZIONI)
                    .into_iter()
                    .map(|r| RelazioneFile {
                        checkpoint: r.checkpoint,
                        obiettivo: r.obiettivo,
                        testo: r.testo,
                    })
                    .collect();
                let mut rettifiche: HashMap<String, Vec<VoceImporto>> = HashMap::new();
                for r in righe!(RigaRettifica, sql::IND_FIN_RETTIFICHE) {
                    rettifiche
                        .entry(r.indicatore)
                        .or_default()
                        .push(VoceImporto {
                            descrizione: r.descrizione,
                            importo: imp(r.importo_cent),
                        });
                }
                let indicatori_finanziari = righe!(RigaIndicatoreFinanziario, sql::IND_FIN)
                    .into_iter()
                    .map(|r| IndicatoreFinanziario {
                        rettifiche: rettifiche.remove(&r.codice).unwrap_or_default(),
                        codice: r.codice,
                        nome: r.nome,
                        numeratore: VoceImporto {
                            descrizione: r.numeratore_descrizione,
                            importo: imp(r.numeratore_cent),
                        },
                        denominatore: VoceImporto {
                            descrizione: r.denominatore_descrizione,
                            importo: imp(r.denominatore_cent),
                        },
                        target: r.target,
                        valore_stampato: r.valore_stampato,
                        nota: r.nota,
                    })
                    .collect();
                let esecuzione_bilancio = righe!(RigaEsecuzione, sql::ESECUZIONE)
                    .into_iter()
                    .map(|r| RigaEsecuzioneBilancio {
                        unita: r.unita,
                        progetto: r.progetto,
                        titolo: r.titolo,
                        stanziamento_definitivo: imp(r.stanziamento_definitivo_cent),
                        stanziamento_senza_fpv: imp(r.stanziamento_senza_fpv_cent),
                        impegni: imp(r.impegni_cent),
                        percentuale_stampata: r.percentuale_stampata,
                    })
                    .collect();
                Ok(Monitoraggio {
                    checkpoint,
                    stati,
                    valori,
                    dilazioni,
                    cause_scostamento: cause,
                    relazioni,
                    indicatori_finanziari,
                    esecuzione_bilancio,
                })
            }

            async fn leggi_piano(&self, t: Uuid, anno: i32) -> Result<Option<Piano>, sqlx::Error> {
                let Some(ente) = sqlx::query_as::<_, RigaEnte>(sql::ENTE_PER_ID)
                    .bind(t)
                    .fetch_optional(&self.pool)
                    .await?
                else {
                    return Ok(None);
                };
                let Some(ciclo) = sqlx::query_as::<_, RigaCiclo>(sql::CICLO_PER_ANNO)
                    .bind(t)
                    .bind(anno)
                    .fetch_optional(&self.pool)
                    .await?
                else {
                    return Ok(None);
                };
                let c = ciclo.id;
                macro_rules! righe {
                    ($tipo:ty, $q:expr) => {
                        sqlx::query_as::<_, $tipo>($q)
                            .bind(t)
                            .bind(c)
                            .fetch_all(&self.pool)
                            .await?
                    };
                }
                let corrotto = |m: String| sqlx::Error::Decode(m.into());
                let unita = righe!(RigaUnita, sql::UNITA)
                    .into_iter()
                    .map(|u| {
                        Ok(UnitaOrganizzativa {
                            livello: da_etichetta(&u.livello).map_err(corrotto)?,
                            codice: u.codice,
                            nome: u.nome,
                            padre: u.padre,
                            responsabile: u.responsabile,
                            note: u.note,
                        })
                    })
                    .collect::<Result<Vec<_>, sqlx::Error>>()?;
                let persone = righe!(RigaPersona, sql::PERSONE)
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
                let aree = righe!(RigaCodiceNome, sql::AREE)
                    .into_iter()
                    .map(|a| AreaStrategica {
                        codice: a.codice,
                        nome: a.nome,
                    })
                    .collect();
                let mut operativi: HashMap<String, Vec<ObiettivoOperativo>> = HashMap::new();
                for o in righe!(RigaOperativo, sql::OPERATIVI) {
                    operativi
                        .entry(o.strategico)
                        .or_default()
                        .push(ObiettivoOperativo {
                            codice: o.codice,
                            testo: o.testo,
                        });
                }
                let strategici = righe!(RigaStrategico, sql::STRATEGICI)
                    .into_iter()
                    .map(|s| ObiettivoStrategico {
                        operativi: operativi.remove(&s.codice).unwrap_or_default(),
                        codice: s.codice,
                        testo: s.testo,
                        area: s.area,
                    })
                    .collect();
                let programmi = righe!(RigaProgramma, sql::PROGRAMMI_CICLO)
                    .into_iter()
                    .map(|p| p.programma)
                    .collect();
                let mut prog_programmi: HashMap<String, Vec<String>> = HashMap::new();
                for r in righe!(RigaProgettoProgramma, sql::PROGETTO_PROGRAMMI) {
                    prog_programmi
                        .entry(r.progetto)
                        .or_default()
                        .push(r.programma);
                }
                let mut servizi: HashMap<String, Vec<Servizio>> = HashMap::new();
                for r in righe!(RigaServizio, sql::SERVIZI) {
                    servizi.entry(r.progetto).or_default().push(Servizio {
                        codice: r.codice,
                        nome: r.nome,
                    });
                }
                let progetti = righe!(RigaProgetto, sql::PROGETTI)
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
                for r in righe!(RigaCollegamento, sql::COLLEGAMENTI) {
                    collegamenti.entry(r.obiettivo_id).or_default().push(r);
                }
                let mut revisioni: HashMap<Uuid, Vec<RevisioneScadenzaFile>> = HashMap::new();
                for r in righe!(RigaRevisione, sql::REVISIONI) {
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
                let mut steps: HashMap<Uuid, Vec<Step>> = HashMap::new();
                for s in righe!(RigaStep, sql::STEPS) {
                    let ie = match s.ie.as_deref() {
                        Some(x) => Some(
                            FlagIe::da_codice(x)
                                .ok_or_else(|| corrotto(format!("flag I/E «{x}»")))?,
                        ),
                        None => None,
                    };
                    steps.entry(s.obiettivo_id).or_default().push(Step {
                        revisioni_scadenza: revisioni.remove(&s.id).unwrap_or_default(),
                        codice: s.codice,
                        descrizione: s.descrizione,
                        scadenza: s.scadenza_testo,
                        indicatore: s.indicatore,
                        peso: perc(s.peso_e4),
                        ie,
                        figure_coinvolte: s.figure_coinvolte,
                        note: s.note,
                    });
                }
                let mut indicatori: HashMap<Uuid, Vec<Indicatore>> = HashMap::new();
                for i in righe!(RigaIndicatore, sql::INDICATORI) {
                    indicatori
                        .entry(i.obiettivo_id)
                        .or_default()
                        .push(Indicatore {
                            dimensione: i
                                .dimensione
                                .as_deref()
                                .map(da_etichetta)
                                .transpose()
                                .map_err(corrotto)?,
                            polarita: i
                                .polarita
                                .as_deref()
                                .map(da_etichetta)
                                .transpose()
                                .map_err(corrotto)?,
                            codice: i.codice,
                            nome: i.nome,
                            descrizione: i.descrizione,
                            unita_misura: i.unita_misura,
                            baseline: i.baseline,
                            target: i.target_testo,
                            fonte: i.fonte,
                            step: i.step,
                            note: i.note,
                        });
                }
                let mut obiettivi = Vec::new();
                for o in righe!(RigaObiettivo, sql::OBIETTIVI) {
                    let mut ob = Obiettivo {
                        tipo: TipoObiettivo::da_codice(&o.tipo)
                            .ok_or_else(|| corrotto(format!("tipo obiettivo «{}»", o.tipo)))?,
                        testi: serde_json::from_str(&o.testi)
                            .map_err(|e| corrotto(e.to_string()))?,
                        rilevanza_anticorruzione: o
                            .rilevanza_anticorruzione
                            .as_deref()
                            .map(da_etichetta)
                            .transpose()
                            .map_err(corrotto)?,
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
                        steps: steps.remove(&o.id).unwrap_or_default(),
                        indicatori: indicatori.remove(&o.id).unwrap_or_default(),
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
                            altro => return Err(corrotto(format!("collegamento «{altro}»"))),
                        }
                    }
                    obiettivi.push(ob);
                }
                let atti = righe!(RigaAtto, sql::ATTI)
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
                let assegnazioni = righe!(RigaAssegnazione, sql::ASSEGNAZIONI)
                    .into_iter()
                    .map(|a| Assegnazione {
                        persona: a.persona,
                        obiettivo: a.obiettivo,
                        step: a.step,
                        quota: perc(a.quota_e4),
                    })
                    .collect();
                let formazione = righe!(RigaFormazione, sql::FORMAZIONE)
                    .into_iter()
                    .map(|f| PianoFormazione {
                        unita: f.unita,
                        anno: f.anno,
                        testo: f.testo,
                    })
                    .collect();
                let note = righe!(RigaNota, sql::NOTE)
                    .into_iter()
                    .map(|n| NotaTrascrizione {
                        percorso: n.percorso,
                        testo: n.testo,
                    })
                    .collect();
                Ok(Some(Piano {
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
                    monitoraggio: self.leggi_monitoraggio(t, c).await?,
                    note,
                }))
            }
        }

        impl EntiRepo for $nome {
            async fn crea_ente(
                &self,
                codice: &str,
                nome: &str,
                audit: &EventoAudit,
            ) -> Result<EnteRegistrato, Errore> {
                if self.ente_per_codice(codice).await?.is_some() {
                    return Err(Errore::Conflitto(format!("l'ente «{codice}» esiste già")));
                }
                let id = nuovo_id();
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                sqlx::query(sql::ENTE_INSERISCI)
                    .bind(id)
                    .bind(codice)
                    .bind(nome)
                    .bind(Utc::now())
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?;
                Self::audit(&mut tx, id, audit).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)?;
                Ok(EnteRegistrato {
                    tenant_id: TenantId(id),
                    codice: codice.to_string(),
                    nome: nome.to_string(),
                })
            }

            async fn ente_per_codice(
                &self,
                codice: &str,
            ) -> Result<Option<EnteRegistrato>, Errore> {
                Ok(sqlx::query_as::<_, RigaEnte>(sql::ENTE_PER_CODICE)
                    .bind(codice)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .map(|r| EnteRegistrato {
                        tenant_id: TenantId(r.tenant_id),
                        codice: r.codice,
                        nome: r.nome,
                    }))
            }

            async fn elenco_enti(&self) -> Result<Vec<EnteRegistrato>, Errore> {
                Ok(sqlx::query_as::<_, RigaEnte>(sql::ENTI)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(|r| EnteRegistrato {
                        tenant_id: TenantId(r.tenant_id),
                        codice: r.codice,
                        nome: r.nome,
                    })
                    .collect())
            }
        }

        impl PianiRepo for $nome {
            async fn salva_piano(
                &self,
                tenant: TenantId,
                piano: &Piano,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                Self::scrivi_piano(&mut tx, tenant.0, piano)
                    .await
                    .map_err(errore_db)?;
                Self::audit(&mut tx, tenant.0, audit)
                    .await
                    .map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)
            }

            async fn carica_piano(
                &self,
                tenant: TenantId,
                anno_inizio: i32,
            ) -> Result<Option<Piano>, Errore> {
                self.leggi_piano(tenant.0, anno_inizio)
                    .await
                    .map_err(errore_db)
            }

            async fn elenco_cicli(&self, tenant: TenantId) -> Result<Vec<CicloRegistrato>, Errore> {
                Ok(sqlx::query_as::<_, RigaCicloElenco>(sql::CICLI)
                    .bind(tenant.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
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
                    .map_err(errore_db)?
                    .into_iter()
                    .map(|r| EventoAudit {
                        momento: r.momento,
                        attore: r.attore,
                        azione: r.azione,
                        oggetto: r.oggetto,
                        prima: r.prima,
                        dopo: r.dopo,
                    })
                    .collect())
            }
        }

        impl BilancioRepo for $nome {
            async fn salva_bilancio(
                &self,
                tenant: TenantId,
                b: &Bilancio,
                fonte: &str,
                formato: &str,
                audit: &EventoAudit,
            ) -> Result<i32, Errore> {
                let t = tenant.0;
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                let ultima: RigaNumeroVersione = sqlx::query_as(sql::BIL_ULTIMA_VERSIONE)
                    .bind(t)
                    .bind(b.esercizio)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(errore_db)?;
                let versione = ultima.versione + 1;
                let v = nuovo_id();
                let tt = &b.testata;
                sqlx::query(sql::BIL_VERSIONE_INSERISCI)
                    .bind(t)
                    .bind(v)
                    .bind(b.esercizio)
                    .bind(versione)
                    .bind(audit.momento)
                    .bind(fonte)
                    .bind(formato)
                    .bind(tt.fpv_parte_corrente.centesimi())
                    .bind(tt.fpv_conto_capitale.centesimi())
                    .bind(tt.utilizzo_avanzo.centesimi())
                    .bind(tt.avanzo_utilizzato_anticipatamente.centesimi())
                    .bind(tt.fondo_cassa_iniziale.centesimi())
                    .bind(tt.disavanzo.centesimi())
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?;
                for (i, u) in b.unita.iter().enumerate() {
                    sqlx::query(sql::BIL_UO_INSERISCI)
                        .bind(t)
                        .bind(v)
                        .bind(i as i32)
                        .bind(&u.codice)
                        .bind(&u.nome)
                        .execute(&mut *tx)
                        .await
                        .map_err(errore_db)?;
                }
                for (i, c) in b.capitoli.iter().enumerate() {
                    let im = &c.importi;
                    sqlx::query(sql::BIL_CAPITOLO_INSERISCI)
                        .bind(t)
                        .bind(v)
                        .bind(i as i32)
                        .bind(c.lato.codice())
                        .bind(&c.codice)
                        .bind(&c.descrizione)
                        .bind(&c.uo)
                        .bind(&c.titolo)
                        .bind(&c.tipologia)
                        .bind(&c.missione)
                        .bind(&c.programma)
                        .bind(im.anno_precedente.centesimi())
                        .bind(im.previsione.centesimi())
                        .bind(im.aumento.centesimi())
                        .bind(im.diminuzione.centesimi())
                        .bind(im.cassa.centesimi())
                        .bind(im.impegnato.centesimi())
                        .bind(im.fpv.centesimi())
                        .bind(im.anno_2.map(|x| x.centesimi()))
                        .bind(im.anno_3.map(|x| x.centesimi()))
                        .execute(&mut *tx)
                        .await
                        .map_err(errore_db)?;
                }
                Self::audit(&mut tx, t, audit).await.map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)?;
                Ok(versione)
            }

            async fn carica_bilancio(
                &self,
                tenant: TenantId,
                esercizio: i32,
                versione: Option<i32>,
            ) -> Result<Option<Bilancio>, Errore> {
                let t = tenant.0;
                let versione = match versione {
                    Some(v) => v,
                    None => {
                        let r: RigaNumeroVersione = sqlx::query_as(sql::BIL_ULTIMA_VERSIONE)
                            .bind(t)
                            .bind(esercizio)
                            .fetch_one(&self.pool)
                            .await
                            .map_err(errore_db)?;
                        r.versione
                    }
                };
                let Some(v) = sqlx::query_as::<_, RigaBilancioVersione>(sql::BIL_VERSIONE)
                    .bind(t)
                    .bind(esercizio)
                    .bind(versione)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                else {
                    return Ok(None);
                };
                let unita = sqlx::query_as::<_, RigaCodiceNome>(sql::BIL_UO)
                    .bind(t)
                    .bind(v.id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                    .into_iter()
                    .map(|u| UnitaBilancio {
                        codice: u.codice,
                        nome: u.nome,
                    })
                    .collect();
                let mut capitoli = Vec::new();
                for c in sqlx::query_as::<_, RigaCapitolo>(sql::BIL_CAPITOLI)
                    .bind(t)
                    .bind(v.id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(errore_db)?
                {
                    let lato = Lato::da_codice(&c.lato).ok_or_else(|| {
                        Errore::Interno(format!("lato «{}» non valido nel database", c.lato))
                    })?;
                    let i = Importo::da_centesimi;
                    capitoli.push(Capitolo {
                        lato,
                        codice: c.codice,
                        descrizione: c.descrizione,
                        uo: c.uo,
                        titolo: c.titolo,
                        tipologia: c.tipologia,
                        missione: c.missione,
                        programma: c.programma,
                        importi: Importi {
                            anno_precedente: i(c.anno_precedente_cent),
                            previsione: i(c.previsione_cent),
                            aumento: i(c.aumento_cent),
                            diminuzione: i(c.diminuzione_cent),
                            cassa: i(c.cassa_cent),
                            impegnato: i(c.impegnato_cent),
                            fpv: i(c.fpv_cent),
                            anno_2: c.anno2_cent.map(i),
                            anno_3: c.anno3_cent.map(i),
                        },
                    });
                }
                let i = Importo::da_centesimi;
                Ok(Some(Bilancio {
                    esercizio: v.esercizio,
                    testata: VociTestata {
                        fpv_parte_corrente: i(v.fpv_corrente_cent),
                        fpv_conto_capitale: i(v.fpv_capitale_cent),
                        utilizzo_avanzo: i(v.avanzo_cent),
                        avanzo_utilizzato_anticipatamente: i(v.avanzo_anticipato_cent),
                        fondo_cassa_iniziale: i(v.fondo_cassa_cent),
                        disavanzo: i(v.disavanzo_cent),
                    },
                    unita,
                    capitoli,
                }))
            }

            async fn versioni_bilancio(
                &self,
                tenant: TenantId,
                esercizio: i32,
            ) -> Result<Vec<VersioneBilancio>, Errore> {
                Ok(self
                    .righe_dell_anno::<RigaVersioneElenco>(sql::BIL_VERSIONI, tenant.0, esercizio)
                    .await?
                    .into_iter()
                    .map(|r| VersioneBilancio {
                        esercizio: r.esercizio,
                        versione: r.versione,
                        importato_il: r.importato_il,
                        fonte: r.fonte,
                        formato: r.formato,
                        capitoli: r.capitoli,
                    })
                    .collect())
            }

            async fn salva_collegamenti(
                &self,
                tenant: TenantId,
                esercizio: i32,
                collegamenti: &[CollegamentoCapitolo],
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                sqlx::query(sql::BIL_COLLEGAMENTI_CANCELLA)
                    .bind(tenant.0)
                    .bind(esercizio)
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?;
                for c in collegamenti {
                    sqlx::query(sql::BIL_COLLEGAMENTO_INSERISCI)
                        .bind(tenant.0)
                        .bind(esercizio)
                        .bind(c.lato.codice())
                        .bind(&c.capitolo)
                        .bind(etichetta(&c.tipo))
                        .bind(&c.codice)
                        .execute(&mut *tx)
                        .await
                        .map_err(errore_db)?;
                }
                Self::audit(&mut tx, tenant.0, audit)
                    .await
                    .map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)
            }

            async fn collegamenti(
                &self,
                tenant: TenantId,
                esercizio: i32,
            ) -> Result<Vec<CollegamentoCapitolo>, Errore> {
                self.righe_dell_anno::<RigaCollegamentoCapitolo>(
                    sql::BIL_COLLEGAMENTI,
                    tenant.0,
                    esercizio,
                )
                .await?
                .into_iter()
                .map(|r| {
                    Ok(CollegamentoCapitolo {
                        lato: Lato::da_codice(&r.lato)
                            .ok_or_else(|| Errore::Interno(format!("lato «{}»", r.lato)))?,
                        capitolo: r.capitolo,
                        tipo: da_etichetta(&r.tipo).map_err(Errore::Interno)?,
                        codice: r.codice,
                    })
                })
                .collect()
            }
        }

        impl ValutazioneRepo for $nome {
            async fn regole(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
            ) -> Result<Option<RegoleVersionate>, Errore> {
                let Some(r) = sqlx::query_as::<_, RigaRegole>(sql::REGOLE_CORRENTI)
                    .bind(tenant.0)
                    .bind(anno_ciclo)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(errore_db)?
                else {
                    return Ok(None);
                };
                Ok(Some(RegoleVersionate {
                    versione: r.versione,
                    creato_il: Some(r.creato_il),
                    attore: Some(r.attore),
                    regole: serde_json::from_str(&r.regole).map_err(|e| {
                        Errore::Interno(format!("regole SMVP non leggibili nel database: {e}"))
                    })?,
                }))
            }

            async fn salva_regole(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
                regole: &RegoleSmvp,
                audit: &EventoAudit,
            ) -> Result<i32, Errore> {
                let versione = self
                    .regole(tenant, anno_ciclo)
                    .await?
                    .map(|r| r.versione + 1)
                    .unwrap_or(1);
                let testo = serde_json::to_string_pretty(regole)
                    .map_err(|e| Errore::Interno(e.to_string()))?;
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                sqlx::query(sql::REGOLE_INSERISCI)
                    .bind(tenant.0)
                    .bind(anno_ciclo)
                    .bind(versione)
                    .bind(testo)
                    .bind(audit.momento)
                    .bind(&audit.attore)
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?;
                Self::audit(&mut tx, tenant.0, audit)
                    .await
                    .map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)?;
                Ok(versione)
            }

            async fn voti(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
            ) -> Result<Vec<VotoComportamento>, Errore> {
                Ok(self
                    .righe_dell_anno::<RigaVoto>(sql::VOTI, tenant.0, anno_ciclo)
                    .await?
                    .into_iter()
                    .map(|r| VotoComportamento {
                        persona: r.persona,
                        comportamento: r.comportamento,
                        voto: da_scala4(r.voto_e4),
                    })
                    .collect())
            }

            async fn salva_voti(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
                voti: &[VotoComportamento],
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                for v in voti {
                    sqlx::query(sql::VOTO_INSERISCI)
                        .bind(tenant.0)
                        .bind(anno_ciclo)
                        .bind(&v.persona)
                        .bind(&v.comportamento)
                        .bind(a_scala4(v.voto))
                        .bind(audit.momento)
                        .execute(&mut *tx)
                        .await
                        .map_err(errore_db)?;
                }
                Self::audit(&mut tx, tenant.0, audit)
                    .await
                    .map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)
            }

            async fn prese_visione(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
            ) -> Result<Vec<PresaVisione>, Errore> {
                Ok(self
                    .righe_dell_anno::<RigaPresaVisione>(sql::PRESE_VISIONE, tenant.0, anno_ciclo)
                    .await?
                    .into_iter()
                    .map(|r| PresaVisione {
                        persona: r.persona,
                        momento: r.momento,
                        punteggio: r.punteggio_e4.map(da_scala4),
                    })
                    .collect())
            }

            async fn salva_presa_visione(
                &self,
                tenant: TenantId,
                anno_ciclo: i32,
                presa: &PresaVisione,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let mut tx = self.pool.begin().await.map_err(errore_db)?;
                sqlx::query(sql::PRESA_VISIONE_INSERISCI)
                    .bind(tenant.0)
                    .bind(anno_ciclo)
                    .bind(&presa.persona)
                    .bind(presa.momento)
                    .bind(presa.punteggio.map(a_scala4))
                    .execute(&mut *tx)
                    .await
                    .map_err(errore_db)?;
                Self::audit(&mut tx, tenant.0, audit)
                    .await
                    .map_err(errore_db)?;
                tx.commit().await.map_err(errore_db)
            }
        }
    };
}

store_sql!(StoreSqlite, Sqlite);
store_sql!(StorePostgres, Postgres);

/// Il database in uso, scelto dall'URL (`sqlite:…` o `postgres://…`).
#[derive(Clone)]
pub enum Store {
    Sqlite(StoreSqlite),
    Postgres(StorePostgres),
}

macro_rules! delega {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            Store::Sqlite($s) => $e,
            Store::Postgres($s) => $e,
        }
    };
}

impl Store {
    /// Si collega al database indicato dall'URL. Per SQLite crea il file se manca.
    pub async fn connetti(url: &str) -> Result<Store, Errore> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(|e| {
                    Errore::Interno(format!("connessione a PostgreSQL non riuscita: {e}"))
                })?;
            Ok(Store::Postgres(StorePostgres { pool }))
        } else if url.starts_with("sqlite:") {
            let memoria = url.contains(":memory:") || url.contains("mode=memory");
            let opzioni = SqliteConnectOptions::from_str(url)
                .map_err(|e| Errore::NonValido(format!("URL SQLite non valido «{url}»: {e}")))?
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .journal_mode(if memoria {
                    SqliteJournalMode::Memory
                } else {
                    SqliteJournalMode::Wal
                });
            let pool = SqlitePoolOptions::new()
                // In memoria ogni connessione sarebbe un database diverso.
                .max_connections(if memoria { 1 } else { 8 })
                .connect_with(opzioni)
                .await
                .map_err(|e| {
                    Errore::Interno(format!("apertura del database SQLite non riuscita: {e}"))
                })?;
            Ok(Store::Sqlite(StoreSqlite { pool }))
        } else {
            Err(Errore::NonValido(format!(
                "URL del database non riconosciuto «{url}»: usare sqlite:percorso.db oppure postgres://utente@host/db"
            )))
        }
    }

    /// Applica le migrazioni mancanti.
    pub async fn migra(&self) -> Result<(), Errore> {
        let r = match self {
            Store::Sqlite(s) => MIGRAZIONI_SQLITE.run(&s.pool).await,
            Store::Postgres(s) => MIGRAZIONI_POSTGRES.run(&s.pool).await,
        };
        r.map_err(|e| Errore::Interno(format!("migrazione non riuscita: {e}")))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Verifica che il database risponda (per `/health`).
    pub async fn ping(&self) -> Result<(), Errore> {
        delega!(self, s => sqlx::query("SELECT 1").execute(&s.pool).await.map(|_| ()).map_err(errore_db))
    }
}

impl EntiRepo for Store {
    async fn crea_ente(
        &self,
        codice: &str,
        nome: &str,
        audit: &EventoAudit,
    ) -> Result<EnteRegistrato, Errore> {
        delega!(self, s => s.crea_ente(codice, nome, audit).await)
    }
    async fn ente_per_codice(&self, codice: &str) -> Result<Option<EnteRegistrato>, Errore> {
        delega!(self, s => s.ente_per_codice(codice).await)
    }
    async fn elenco_enti(&self) -> Result<Vec<EnteRegistrato>, Errore> {
        delega!(self, s => s.elenco_enti().await)
    }
}

impl PianiRepo for Store {
    async fn salva_piano(
        &self,
        tenant: TenantId,
        piano: &Piano,
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.salva_piano(tenant, piano, audit).await)
    }
    async fn carica_piano(&self, tenant: TenantId, anno: i32) -> Result<Option<Piano>, Errore> {
        delega!(self, s => s.carica_piano(tenant, anno).await)
    }
    async fn elenco_cicli(&self, tenant: TenantId) -> Result<Vec<CicloRegistrato>, Errore> {
        delega!(self, s => s.elenco_cicli(tenant).await)
    }
    async fn eventi_audit(&self, tenant: TenantId) -> Result<Vec<EventoAudit>, Errore> {
        delega!(self, s => s.eventi_audit(tenant).await)
    }
}

impl BilancioRepo for Store {
    async fn salva_bilancio(
        &self,
        tenant: TenantId,
        b: &Bilancio,
        fonte: &str,
        formato: &str,
        audit: &EventoAudit,
    ) -> Result<i32, Errore> {
        delega!(self, s => s.salva_bilancio(tenant, b, fonte, formato, audit).await)
    }
    async fn carica_bilancio(
        &self,
        tenant: TenantId,
        esercizio: i32,
        versione: Option<i32>,
    ) -> Result<Option<Bilancio>, Errore> {
        delega!(self, s => s.carica_bilancio(tenant, esercizio, versione).await)
    }
    async fn versioni_bilancio(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> Result<Vec<VersioneBilancio>, Errore> {
        delega!(self, s => s.versioni_bilancio(tenant, esercizio).await)
    }
    async fn salva_collegamenti(
        &self,
        tenant: TenantId,
        esercizio: i32,
        collegamenti: &[CollegamentoCapitolo],
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.salva_collegamenti(tenant, esercizio, collegamenti, audit).await)
    }
    async fn collegamenti(
        &self,
        tenant: TenantId,
        esercizio: i32,
    ) -> Result<Vec<CollegamentoCapitolo>, Errore> {
        delega!(self, s => s.collegamenti(tenant, esercizio).await)
    }
}

impl ValutazioneRepo for Store {
    async fn regole(&self, t: TenantId, anno: i32) -> Result<Option<RegoleVersionate>, Errore> {
        delega!(self, s => s.regole(t, anno).await)
    }
    async fn salva_regole(
        &self,
        t: TenantId,
        anno: i32,
        r: &RegoleSmvp,
        a: &EventoAudit,
    ) -> Result<i32, Errore> {
        delega!(self, s => s.salva_regole(t, anno, r, a).await)
    }
    async fn voti(&self, t: TenantId, anno: i32) -> Result<Vec<VotoComportamento>, Errore> {
        delega!(self, s => s.voti(t, anno).await)
    }
    async fn salva_voti(
        &self,
        t: TenantId,
        anno: i32,
        v: &[VotoComportamento],
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.salva_voti(t, anno, v, a).await)
    }
    async fn prese_visione(&self, t: TenantId, anno: i32) -> Result<Vec<PresaVisione>, Errore> {
        delega!(self, s => s.prese_visione(t, anno).await)
    }
    async fn salva_presa_visione(
        &self,
        t: TenantId,
        anno: i32,
        p: &PresaVisione,
        a: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.salva_presa_visione(t, anno, p, a).await)
    }
}
