//! Monitoraggio: checkpoint e fatti (stati, valori, dilazioni, cause, relazioni) legati agli id
//! di step, indicatori, obiettivi e checkpoint; indicatori finanziari ed esecuzione del bilancio.
//!
//! Ogni comando scrive un solo fatto, con la sua revisione: due referenti che salvano step
//! diversi non si intralciano mai, e una scrittura su un fatto cambiato nel frattempo è
//! rifiutata con chi l'ha cambiato e quando.

use crate::nucleo::{Fallimento, delega, esegui, in_transazione, riga, righe};
use crate::piani::conflitto;
use crate::righe::*;
use crate::{Store, StorePostgres, StoreSqlite, nuovo_id, sql};
use std::collections::{HashMap, HashSet};
use traguardo_app::Errore;
use traguardo_app::idempotenza::{ChiaveUsata, IdempotenzaRepo};
use traguardo_app::identita::IdentitaPiano;
use traguardo_app::porte::{
    DilazioneRegistrata, EventoAudit, FattoStato, FattoValore, MonitoraggioRepo, TenantId,
    UltimaModifica,
};
use traguardo_domain::id::{IdCheckpoint, IdCiclo, IdDilazione, IdIndicatore, IdObiettivo, IdStep};
use traguardo_domain::numeri::{Importo, a_scala4};
use traguardo_domain::piano::*;
use traguardo_domain::scadenza::Scadenza;
use uuid::Uuid;

/// Gli id degli elementi del piano, cercati con i riferimenti dei fatti (codice dell'obiettivo e
/// posizione da 1 dello step o dell'indicatore; codice del checkpoint).
struct Indice<'a> {
    obiettivi: HashMap<&'a str, (IdObiettivo, &'a [IdStep], &'a [IdIndicatore])>,
    checkpoint: HashMap<&'a str, IdCheckpoint>,
}

impl<'a> Indice<'a> {
    fn nuovo(piano: &'a Piano, ids: &'a IdentitaPiano) -> Indice<'a> {
        Indice {
            obiettivi: piano
                .obiettivi
                .iter()
                .zip(&ids.obiettivi)
                .map(|(o, i)| {
                    (
                        o.codice.as_str(),
                        (i.id, i.steps.as_slice(), i.indicatori.as_slice()),
                    )
                })
                .collect(),
            checkpoint: piano
                .monitoraggio
                .checkpoint
                .iter()
                .zip(&ids.checkpoint)
                .map(|(c, i)| (c.codice.as_str(), *i))
                .collect(),
        }
    }

    fn obiettivo(&self, codice: &str, dove: &str) -> Result<IdObiettivo, Fallimento> {
        self.obiettivi
            .get(codice)
            .map(|o| o.0)
            .ok_or_else(|| Self::manca(dove, format!("l'obiettivo «{codice}» non esiste")))
    }

    fn step(&self, obiettivo: &str, posizione: u32, dove: &str) -> Result<IdStep, Fallimento> {
        self.obiettivi
            .get(obiettivo)
            .and_then(|o| o.1.get((posizione as usize).wrapping_sub(1)).copied())
            .ok_or_else(|| {
                Self::manca(
                    dove,
                    format!("l'obiettivo «{obiettivo}» non ha uno step {posizione}"),
                )
            })
    }

    fn indicatore(
        &self,
        obiettivo: &str,
        posizione: u32,
        dove: &str,
    ) -> Result<IdIndicatore, Fallimento> {
        self.obiettivi
            .get(obiettivo)
            .and_then(|o| o.2.get((posizione as usize).wrapping_sub(1)).copied())
            .ok_or_else(|| {
                Self::manca(
                    dove,
                    format!("l'obiettivo «{obiettivo}» non ha un indicatore {posizione}"),
                )
            })
    }

    fn checkpoint(&self, codice: &str, dove: &str) -> Result<IdCheckpoint, Fallimento> {
        self.checkpoint
            .get(codice)
            .copied()
            .ok_or_else(|| Self::manca(dove, format!("il checkpoint «{codice}» non esiste")))
    }

    fn manca(dove: &str, m: String) -> Fallimento {
        Fallimento::Caso(Errore::NonValido(format!("{dove}: {m}")))
    }
}

pub(crate) fn ultima(r: Option<RigaUltimaModifica>) -> Option<UltimaModifica> {
    r.map(|r| UltimaModifica {
        revisione: r.revisione,
        da: r.aggiornato_da,
        il: r.aggiornato_il,
    })
}

/// I checkpoint chiusi del ciclo.
const CHECKPOINT_CHIUSI: &str = "SELECT id, codice, data, etichetta, finale FROM checkpoint WHERE tenant_id = $1 AND ciclo_id = $2 AND stato = 'chiuso'";

type FattiDelCheckpoint = (
    Vec<StatoStepFile>,
    Vec<ValoreIndicatoreFile>,
    Vec<RelazioneFile>,
    Vec<DilazioneFile>,
    Vec<CausaScostamentoFile>,
);

/// I fatti di un checkpoint (e, se finale, le cause), senza il codice del checkpoint e in un
/// ordine stabile: per confrontare il file con ciò che è memorizzato.
fn fatti_del_checkpoint(m: &Monitoraggio, codice: &str, finale: bool) -> FattiDelCheckpoint {
    let mut stati: Vec<StatoStepFile> = m
        .stati
        .iter()
        .filter(|x| x.checkpoint == codice)
        .map(|x| StatoStepFile {
            checkpoint: String::new(),
            ..x.clone()
        })
        .collect();
    stati.sort_by(|a, b| (&a.obiettivo, a.step).cmp(&(&b.obiettivo, b.step)));
    let mut valori: Vec<ValoreIndicatoreFile> = m
        .valori
        .iter()
        .filter(|x| x.checkpoint == codice)
        .map(|x| ValoreIndicatoreFile {
            checkpoint: String::new(),
            ..x.clone()
        })
        .collect();
    valori.sort_by(|a, b| (&a.obiettivo, a.indicatore).cmp(&(&b.obiettivo, b.indicatore)));
    let mut relazioni: Vec<RelazioneFile> = m
        .relazioni
        .iter()
        .filter(|x| x.checkpoint == codice)
        .map(|x| RelazioneFile {
            checkpoint: String::new(),
            ..x.clone()
        })
        .collect();
    relazioni.sort_by(|a, b| (&a.obiettivo, &a.testo).cmp(&(&b.obiettivo, &b.testo)));
    let mut dilazioni: Vec<DilazioneFile> = m
        .dilazioni
        .iter()
        .filter(|x| x.checkpoint == codice)
        .map(|x| DilazioneFile {
            checkpoint: String::new(),
            ..x.clone()
        })
        .collect();
    dilazioni
        .sort_by(|a, b| (&a.obiettivo, a.step, &a.motivo).cmp(&(&b.obiettivo, b.step, &b.motivo)));
    let mut cause: Vec<CausaScostamentoFile> = if finale {
        m.cause_scostamento.clone()
    } else {
        Vec::new()
    };
    cause.sort_by(|a, b| (&a.obiettivo, a.step).cmp(&(&b.obiettivo, b.step)));
    (stati, valori, relazioni, dilazioni, cause)
}

fn json_atti(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

macro_rules! monitoraggio_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            /// I checkpoint e i fatti del file del piano. I checkpoint e i fatti non più presenti
            /// sono eliminati (il caso d'uso ha chiesto conferma prima).
            pub(crate) async fn scrivi_monitoraggio(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                c: Uuid,
                piano: &Piano,
                ids: &IdentitaPiano,
                audit: &EventoAudit,
            ) -> Result<(), Fallimento> {
                let m = &piano.monitoraggio;
                let (da, il) = (&audit.attore, audit.momento);
                // I fatti dei checkpoint chiusi non si riscrivono (i trigger lo rifiutano): il file
                // li deve riportare uguali, e restano come sono.
                let chiusi: Vec<RigaCheckpoint> =
                    righe!(tx, RigaCheckpoint, CHECKPOINT_CHIUSI, t, c);
                let chiusi_id: HashSet<Uuid> = chiusi.iter().map(|k| k.id).collect();
                let finale_chiuso = chiusi.iter().any(|k| k.finale);
                if !chiusi.is_empty() {
                    let (memorizzato, _) = Self::leggi_monitoraggio(tx, t, c).await?;
                    for k in &chiusi {
                        let nuovo = m
                            .checkpoint
                            .iter()
                            .zip(&ids.checkpoint)
                            .find(|(_, id)| id.0 == k.id)
                            .map(|(x, _)| x.codice.as_str())
                            .unwrap_or("");
                        if fatti_del_checkpoint(&memorizzato, &k.codice, k.finale)
                            != fatti_del_checkpoint(m, nuovo, k.finale)
                        {
                            return Err(Fallimento::Caso(Errore::Conflitto(format!(
                                "il checkpoint «{}» è chiuso: il file ne cambierebbe i fatti (stati, valori, relazioni, dilazioni{}); nulla è stato modificato",
                                k.codice,
                                if k.finale { ", cause" } else { "" }
                            ))));
                        }
                    }
                }
                let tenuti: HashSet<Uuid> = ids.checkpoint.iter().map(|k| k.0).collect();
                for r in righe!(tx, RigaId, sql::CHECKPOINT_ID, t, c) {
                    if !tenuti.contains(&r.id) {
                        esegui!(tx, sql::CHECKPOINT_CANCELLA, t, r.id);
                    }
                }
                esegui!(tx, sql::CHECKPOINT_PARCHEGGIA, t, c);
                for (i, (x, id)) in m.checkpoint.iter().zip(&ids.checkpoint).enumerate() {
                    esegui!(
                        tx,
                        sql::CHECKPOINT_SALVA,
                        t,
                        id.0,
                        c,
                        i as i32,
                        &x.codice,
                        x.data,
                        &x.etichetta,
                        x.finale,
                    );
                }
                let indice = Indice::nuovo(piano, ids);
                let mut chiavi = HashSet::new();
                for (i, x) in m.stati.iter().enumerate() {
                    let dove = format!("monitoraggio.stati[{i}]");
                    let s = indice.step(&x.obiettivo, x.step, &dove)?;
                    let k = indice.checkpoint(&x.checkpoint, &dove)?;
                    if chiusi_id.contains(&k.0) {
                        chiavi.insert((s.0, k.0));
                        continue;
                    }
                    esegui!(
                        tx,
                        sql::STATO_SALVA,
                        t,
                        s.0,
                        k.0,
                        i as i32,
                        x.stato.map(|s| etichetta(&s)),
                        x.percentuale.map(|p| a_scala4(p.0)),
                        &x.testo,
                        &x.consuntivo,
                        json_atti(&x.atti),
                        da,
                        il,
                        x.data_completamento,
                    );
                    chiavi.insert((s.0, k.0));
                }
                for r in righe!(tx, RigaChiave, sql::STATI_CHIAVI, t, c) {
                    if !chiavi.contains(&(r.a, r.b)) && !chiusi_id.contains(&r.b) {
                        esegui!(tx, sql::STATO_CANCELLA, t, r.a, r.b);
                    }
                }
                let mut chiavi = HashSet::new();
                for (i, x) in m.valori.iter().enumerate() {
                    let dove = format!("monitoraggio.valori[{i}]");
                    let ind = indice.indicatore(&x.obiettivo, x.indicatore, &dove)?;
                    let k = indice.checkpoint(&x.checkpoint, &dove)?;
                    if chiusi_id.contains(&k.0) {
                        chiavi.insert((ind.0, k.0));
                        continue;
                    }
                    esegui!(
                        tx,
                        sql::VALORE_SALVA,
                        t,
                        ind.0,
                        k.0,
                        i as i32,
                        &x.valore,
                        &x.scostamento_stampato,
                        &x.nota,
                        x.valutazione.map(|p| a_scala4(p.0)),
                        da,
                        il,
                    );
                    chiavi.insert((ind.0, k.0));
                }
                for r in righe!(tx, RigaChiave, sql::VALORI_CHIAVI, t, c) {
                    if !chiavi.contains(&(r.a, r.b)) && !chiusi_id.contains(&r.b) {
                        esegui!(tx, sql::VALORE_CANCELLA, t, r.a, r.b);
                    }
                }
                // Dilazioni: la stessa richiesta (step, checkpoint) tiene il suo id.
                let mut esistenti: HashMap<(Uuid, Uuid), Vec<Uuid>> = HashMap::new();
                for r in righe!(tx, RigaChiaveDilazione, sql::DILAZIONI_CHIAVI, t, c) {
                    esistenti.entry((r.a, r.b)).or_default().push(r.id);
                }
                let mut tenute = HashSet::new();
                for (i, x) in m.dilazioni.iter().enumerate() {
                    let dove = format!("monitoraggio.dilazioni[{i}]");
                    let s = indice.step(&x.obiettivo, x.step, &dove)?;
                    let k = indice.checkpoint(&x.checkpoint, &dove)?;
                    let id = esistenti
                        .get_mut(&(s.0, k.0))
                        .and_then(|v| (!v.is_empty()).then(|| v.remove(0)))
                        .unwrap_or_else(nuovo_id);
                    if chiusi_id.contains(&k.0) {
                        tenute.insert(id);
                        continue;
                    }
                    esegui!(
                        tx,
                        sql::DILAZIONE_SALVA,
                        t,
                        id,
                        s.0,
                        k.0,
                        i as i32,
                        &x.motivo,
                        &x.scadenza_proposta,
                        etichetta(&x.esito),
                        &x.atto,
                        x.data_esito,
                        da,
                        il,
                    );
                    tenute.insert(id);
                }
                for id in esistenti.into_values().flatten() {
                    if !tenute.contains(&id) {
                        esegui!(tx, sql::DILAZIONE_CANCELLA, t, id);
                    }
                }
                if !finale_chiuso {
                    esegui!(tx, sql::CAUSE_CANCELLA, t, c);
                }
                for (i, x) in m
                    .cause_scostamento
                    .iter()
                    .enumerate()
                    .filter(|_| !finale_chiuso)
                {
                    let dove = format!("monitoraggio.cause_scostamento[{i}]");
                    let o = indice.obiettivo(&x.obiettivo, &dove)?;
                    let s = match x.step {
                        Some(p) => Some(indice.step(&x.obiettivo, p, &dove)?.0),
                        None => None,
                    };
                    esegui!(
                        tx,
                        sql::CAUSA_SALVA,
                        t,
                        nuovo_id(),
                        o.0,
                        s,
                        i as i32,
                        etichetta(&x.causa),
                        &x.testo,
                        da,
                        il,
                    );
                }
                esegui!(tx, sql::RELAZIONI_CANCELLA, t, c);
                for (i, x) in m.relazioni.iter().enumerate() {
                    let dove = format!("monitoraggio.relazioni[{i}]");
                    let o = indice.obiettivo(&x.obiettivo, &dove)?;
                    let k = indice.checkpoint(&x.checkpoint, &dove)?;
                    if chiusi_id.contains(&k.0) {
                        continue;
                    }
                    esegui!(
                        tx,
                        sql::RELAZIONE_SALVA,
                        t,
                        nuovo_id(),
                        o.0,
                        k.0,
                        i as i32,
                        &x.testo,
                        da,
                        il,
                    );
                }
                for (i, x) in m.indicatori_finanziari.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::IND_FIN_INSERISCI,
                        t,
                        c,
                        i as i32,
                        &x.codice,
                        &x.nome,
                        &x.numeratore.descrizione,
                        x.numeratore.importo.centesimi(),
                        &x.denominatore.descrizione,
                        x.denominatore.importo.centesimi(),
                        &x.target,
                        &x.valore_stampato,
                        &x.nota,
                    );
                    for (j, r) in x.rettifiche.iter().enumerate() {
                        esegui!(
                            tx,
                            sql::IND_FIN_RETTIFICA_INSERISCI,
                            t,
                            c,
                            &x.codice,
                            j as i32,
                            &r.descrizione,
                            r.importo.centesimi(),
                        );
                    }
                }
                for (i, x) in m.esecuzione_bilancio.iter().enumerate() {
                    esegui!(
                        tx,
                        sql::ESECUZIONE_INSERISCI,
                        t,
                        c,
                        i as i32,
                        &x.unita,
                        &x.progetto,
                        &x.titolo,
                        x.stanziamento_definitivo.centesimi(),
                        x.stanziamento_senza_fpv.centesimi(),
                        x.impegni.centesimi(),
                        &x.percentuale_stampata,
                    );
                }
                Ok(())
            }

            /// Il monitoraggio del ciclo, con i riferimenti ricalcolati dagli id, e gli id dei
            /// checkpoint nello stesso ordine.
            pub(crate) async fn leggi_monitoraggio(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                c: Uuid,
            ) -> Result<(Monitoraggio, Vec<Uuid>), Fallimento> {
                let imp = Importo::da_centesimi;
                let mut id_checkpoint = Vec::new();
                let checkpoint = righe!(tx, RigaCheckpoint, sql::CHECKPOINTS, t, c)
                    .into_iter()
                    .map(|r| {
                        id_checkpoint.push(r.id);
                        CheckpointFile {
                            codice: r.codice,
                            data: r.data,
                            etichetta: r.etichetta,
                            finale: r.finale,
                        }
                    })
                    .collect();
                let mut stati = Vec::new();
                for r in righe!(tx, RigaStatoStep, sql::STATI, t, c) {
                    stati.push(StatoStepFile {
                        stato: r
                            .stato
                            .as_deref()
                            .map(da_etichetta)
                            .transpose()
                            .map_err(Fallimento::corrotto)?,
                        atti: serde_json::from_str(&r.atti).map_err(Fallimento::corrotto)?,
                        checkpoint: r.checkpoint,
                        obiettivo: r.obiettivo,
                        step: r.step as u32,
                        percentuale: perc(r.percentuale_e4),
                        testo: r.testo,
                        consuntivo: r.consuntivo,
                        data_completamento: r.data_completamento,
                    });
                }
                let valori = righe!(tx, RigaValoreIndicatore, sql::VALORI, t, c)
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
                for r in righe!(tx, RigaDilazione, sql::DILAZIONI, t, c) {
                    dilazioni.push(dilazione(r)?.dati);
                }
                let mut cause = Vec::new();
                for r in righe!(tx, RigaCausa, sql::CAUSE, t, c) {
                    cause.push(CausaScostamentoFile {
                        causa: da_etichetta(&r.causa).map_err(Fallimento::corrotto)?,
                        obiettivo: r.obiettivo,
                        step: r.step.map(|s| s as u32),
                        testo: r.testo,
                    });
                }
                let relazioni = righe!(tx, RigaRelazione, sql::RELAZIONI, t, c)
                    .into_iter()
                    .map(|r| RelazioneFile {
                        checkpoint: r.checkpoint,
                        obiettivo: r.obiettivo,
                        testo: r.testo,
                    })
                    .collect();
                let mut rettifiche: HashMap<String, Vec<VoceImporto>> = HashMap::new();
                for r in righe!(tx, RigaRettifica, sql::IND_FIN_RETTIFICHE, t, c) {
                    rettifiche
                        .entry(r.indicatore)
                        .or_default()
                        .push(VoceImporto {
                            descrizione: r.descrizione,
                            importo: imp(r.importo_cent),
                        });
                }
                let indicatori_finanziari =
                    righe!(tx, RigaIndicatoreFinanziario, sql::IND_FIN, t, c)
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
                let esecuzione_bilancio = righe!(tx, RigaEsecuzione, sql::ESECUZIONE, t, c)
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
                Ok((
                    Monitoraggio {
                        checkpoint,
                        stati,
                        valori,
                        dilazioni,
                        cause_scostamento: cause,
                        relazioni,
                        indicatori_finanziari,
                        esecuzione_bilancio,
                    },
                    id_checkpoint,
                ))
            }
        }

        impl MonitoraggioRepo for $nome {
            async fn registra_stato(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                f: &FattoStato,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let t = tenant.0;
                let x = &f.dati;
                Ok(in_transazione!(self, t, audit, |tx| {
                    let (stato, perc) = (
                        x.stato.map(|s| etichetta(&s)),
                        x.percentuale.map(|p| a_scala4(p.0)),
                    );
                    let toccate = match f.revisione_attesa {
                        None => esegui!(
                            tx,
                            sql::STATO_INSERISCI,
                            t,
                            f.step.0,
                            f.checkpoint.0,
                            stato,
                            perc,
                            &x.testo,
                            &x.consuntivo,
                            json_atti(&x.atti),
                            &audit.attore,
                            audit.momento,
                            ciclo.0,
                            x.data_completamento,
                        ),
                        Some(r) => esegui!(
                            tx,
                            sql::STATO_AGGIORNA,
                            t,
                            f.step.0,
                            f.checkpoint.0,
                            r,
                            stato,
                            perc,
                            &x.testo,
                            &x.consuntivo,
                            json_atti(&x.atti),
                            &audit.attore,
                            audit.momento,
                            x.data_completamento,
                        ),
                    };
                    let dopo = riga!(
                        tx,
                        RigaUltimaModifica,
                        sql::STATO_ULTIMA_MODIFICA,
                        t,
                        f.step.0,
                        f.checkpoint.0
                    );
                    if toccate == 0 {
                        return Err(conflitto(
                            &format!(
                                "Lo stato dello step {} dell'obiettivo {} al {}",
                                x.step, x.obiettivo, x.checkpoint
                            ),
                            dopo,
                        )
                        .into());
                    }
                    esegui!(tx, sql::CICLO_TOCCA, t, ciclo.0, audit.momento);
                    Ok(dopo.map(|r| r.revisione).unwrap_or(1))
                }))
            }

            async fn ultima_modifica_stato(
                &self,
                tenant: TenantId,
                step: IdStep,
                checkpoint: IdCheckpoint,
            ) -> Result<Option<UltimaModifica>, Errore> {
                Ok(ultima(
                    sqlx::query_as::<_, RigaUltimaModifica>(sql::STATO_ULTIMA_MODIFICA)
                        .bind(tenant.0)
                        .bind(step.0)
                        .bind(checkpoint.0)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(crate::nucleo::errore_db)?,
                ))
            }

            async fn registra_valore(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                f: &FattoValore,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let t = tenant.0;
                let x = &f.dati;
                Ok(in_transazione!(self, t, audit, |tx| {
                    let valutazione = x.valutazione.map(|p| a_scala4(p.0));
                    let toccate = match f.revisione_attesa {
                        None => esegui!(
                            tx,
                            sql::VALORE_INSERISCI,
                            t,
                            f.indicatore.0,
                            f.checkpoint.0,
                            &x.valore,
                            &x.scostamento_stampato,
                            &x.nota,
                            valutazione,
                            &audit.attore,
                            audit.momento,
                            ciclo.0,
                        ),
                        Some(r) => esegui!(
                            tx,
                            sql::VALORE_AGGIORNA,
                            t,
                            f.indicatore.0,
                            f.checkpoint.0,
                            r,
                            &x.valore,
                            &x.scostamento_stampato,
                            &x.nota,
                            valutazione,
                            &audit.attore,
                            audit.momento,
                        ),
                    };
                    let dopo = riga!(
                        tx,
                        RigaUltimaModifica,
                        sql::VALORE_ULTIMA_MODIFICA,
                        t,
                        f.indicatore.0,
                        f.checkpoint.0
                    );
                    if toccate == 0 {
                        return Err(conflitto(
                            &format!(
                                "Il valore dell'indicatore {} dell'obiettivo {} al {}",
                                x.indicatore, x.obiettivo, x.checkpoint
                            ),
                            dopo,
                        )
                        .into());
                    }
                    esegui!(tx, sql::CICLO_TOCCA, t, ciclo.0, audit.momento);
                    Ok(dopo.map(|r| r.revisione).unwrap_or(1))
                }))
            }

            async fn ultima_modifica_valore(
                &self,
                tenant: TenantId,
                indicatore: IdIndicatore,
                checkpoint: IdCheckpoint,
            ) -> Result<Option<UltimaModifica>, Errore> {
                Ok(ultima(
                    sqlx::query_as::<_, RigaUltimaModifica>(sql::VALORE_ULTIMA_MODIFICA)
                        .bind(tenant.0)
                        .bind(indicatore.0)
                        .bind(checkpoint.0)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(crate::nucleo::errore_db)?,
                ))
            }

            async fn registra_causa(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                obiettivo: IdObiettivo,
                step: Option<IdStep>,
                causa: &CausaScostamentoFile,
                audit: &EventoAudit,
            ) -> Result<(), Errore> {
                let t = tenant.0;
                let s = step.map(|s| s.0);
                in_transazione!(self, t, audit, |tx| {
                    esegui!(tx, sql::CAUSA_SOSTITUISCI, t, obiettivo.0, s);
                    let pos = riga!(tx, RigaPosizione, sql::CAUSA_PROSSIMA_POSIZIONE, t, ciclo.0)
                        .map(|r| r.posizione)
                        .unwrap_or(0);
                    esegui!(
                        tx,
                        sql::CAUSA_SALVA,
                        t,
                        nuovo_id(),
                        obiettivo.0,
                        s,
                        pos,
                        etichetta(&causa.causa),
                        &causa.testo,
                        &audit.attore,
                        audit.momento,
                    );
                    esegui!(tx, sql::CICLO_TOCCA, t, ciclo.0, audit.momento);
                    Ok(())
                });
                Ok(())
            }

            async fn richiedi_dilazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                id: IdDilazione,
                step: IdStep,
                checkpoint: IdCheckpoint,
                x: &DilazioneFile,
                audit: &EventoAudit,
            ) -> Result<IdDilazione, Errore> {
                let t = tenant.0;
                in_transazione!(self, t, audit, |tx| {
                    esegui!(
                        tx,
                        sql::DILAZIONE_INSERISCI,
                        t,
                        id.0,
                        step.0,
                        checkpoint.0,
                        &x.motivo,
                        &x.scadenza_proposta,
                        etichetta(&x.esito),
                        &x.atto,
                        x.data_esito,
                        &audit.attore,
                        audit.momento,
                        ciclo.0,
                    );
                    esegui!(tx, sql::CICLO_TOCCA, t, ciclo.0, audit.momento);
                    Ok(())
                });
                Ok(id)
            }

            async fn decidi_dilazione(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
                d: &DilazioneRegistrata,
                step: IdStep,
                revisione_scadenza: Option<&RevisioneScadenzaFile>,
                audit: &EventoAudit,
            ) -> Result<i64, Errore> {
                let t = tenant.0;
                let x = &d.dati;
                Ok(in_transazione!(self, t, audit, |tx| {
                    let toccate = esegui!(
                        tx,
                        sql::DILAZIONE_DECIDI,
                        t,
                        d.id.0,
                        d.revisione,
                        etichetta(&x.esito),
                        &x.atto,
                        x.data_esito,
                        &audit.attore,
                        audit.momento,
                    );
                    let dopo = riga!(
                        tx,
                        RigaUltimaModifica,
                        sql::DILAZIONE_ULTIMA_MODIFICA,
                        t,
                        d.id.0
                    );
                    if toccate == 0 {
                        return Err(conflitto(
                            &format!(
                                "La dilazione dello step {} dell'obiettivo {}",
                                x.step, x.obiettivo
                            ),
                            dopo,
                        )
                        .into());
                    }
                    if let Some(r) = revisione_scadenza {
                        let rif = riga!(
                            tx,
                            RigaAnnoRiferimento,
                            sql::CICLO_ANNO_RIFERIMENTO,
                            t,
                            ciclo.0
                        )
                        .map(|r| r.anno)
                        .unwrap_or_default();
                        let pos = riga!(
                            tx,
                            RigaPosizione,
                            sql::REVISIONE_PROSSIMA_POSIZIONE,
                            t,
                            step.0
                        )
                        .map(|r| r.posizione)
                        .unwrap_or(0);
                        esegui!(
                            tx,
                            sql::REVISIONE_INSERISCI,
                            t,
                            step.0,
                            pos,
                            &r.scadenza,
                            Scadenza::interpreta(&r.scadenza, rif).data,
                            &r.motivo,
                            &r.atto,
                            r.data,
                        );
                    }
                    esegui!(tx, sql::CICLO_TOCCA, t, ciclo.0, audit.momento);
                    Ok(dopo.map(|r| r.revisione).unwrap_or(1))
                }))
            }

            async fn dilazioni(
                &self,
                tenant: TenantId,
                ciclo: IdCiclo,
            ) -> Result<Vec<DilazioneRegistrata>, Errore> {
                sqlx::query_as::<_, RigaDilazione>(sql::DILAZIONI)
                    .bind(tenant.0)
                    .bind(ciclo.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(crate::nucleo::errore_db)?
                    .into_iter()
                    .map(|r| dilazione(r).map_err(Fallimento::in_errore))
                    .collect()
            }
        }
    };
}

fn dilazione(r: RigaDilazione) -> Result<DilazioneRegistrata, Fallimento> {
    Ok(DilazioneRegistrata {
        id: IdDilazione(r.id),
        revisione: r.revisione,
        dati: DilazioneFile {
            esito: da_etichetta(&r.esito).map_err(Fallimento::corrotto)?,
            obiettivo: r.obiettivo,
            step: r.step as u32,
            checkpoint: r.checkpoint,
            motivo: r.motivo,
            scadenza_proposta: r.scadenza_proposta,
            atto: r.atto,
            data_esito: r.data_esito,
        },
    })
}

monitoraggio_sql!(StoreSqlite, sqlx::Sqlite);
monitoraggio_sql!(StorePostgres, sqlx::Postgres);

impl MonitoraggioRepo for Store {
    async fn registra_stato(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        f: &FattoStato,
        audit: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.registra_stato(tenant, ciclo, f, audit).await)
    }
    async fn ultima_modifica_stato(
        &self,
        tenant: TenantId,
        step: IdStep,
        checkpoint: IdCheckpoint,
    ) -> Result<Option<UltimaModifica>, Errore> {
        delega!(self, s => s.ultima_modifica_stato(tenant, step, checkpoint).await)
    }
    async fn registra_valore(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        f: &FattoValore,
        audit: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.registra_valore(tenant, ciclo, f, audit).await)
    }
    async fn ultima_modifica_valore(
        &self,
        tenant: TenantId,
        indicatore: IdIndicatore,
        checkpoint: IdCheckpoint,
    ) -> Result<Option<UltimaModifica>, Errore> {
        delega!(self, s => s.ultima_modifica_valore(tenant, indicatore, checkpoint).await)
    }
    async fn registra_causa(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        obiettivo: IdObiettivo,
        step: Option<IdStep>,
        causa: &CausaScostamentoFile,
        audit: &EventoAudit,
    ) -> Result<(), Errore> {
        delega!(self, s => s.registra_causa(tenant, ciclo, obiettivo, step, causa, audit).await)
    }
    async fn richiedi_dilazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        id: IdDilazione,
        step: IdStep,
        checkpoint: IdCheckpoint,
        dati: &DilazioneFile,
        audit: &EventoAudit,
    ) -> Result<IdDilazione, Errore> {
        delega!(self, s => s.richiedi_dilazione(tenant, ciclo, id, step, checkpoint, dati, audit).await)
    }
    async fn decidi_dilazione(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
        d: &DilazioneRegistrata,
        step: IdStep,
        revisione_scadenza: Option<&RevisioneScadenzaFile>,
        audit: &EventoAudit,
    ) -> Result<i64, Errore> {
        delega!(self, s => s.decidi_dilazione(tenant, ciclo, d, step, revisione_scadenza, audit).await)
    }
    async fn dilazioni(
        &self,
        tenant: TenantId,
        ciclo: IdCiclo,
    ) -> Result<Vec<DilazioneRegistrata>, Errore> {
        delega!(self, s => s.dilazioni(tenant, ciclo).await)
    }
}

impl IdempotenzaRepo for Store {
    async fn chiave_usata(
        &self,
        tenant: TenantId,
        chiave: &str,
    ) -> Result<Option<ChiaveUsata>, Errore> {
        let r: Option<RigaIdempotenza> = delega!(self, s => {
            sqlx::query_as::<_, RigaIdempotenza>(sql::IDEMPOTENZA)
                .bind(tenant.0)
                .bind(chiave)
                .fetch_optional(&s.pool)
                .await
                .map_err(crate::nucleo::errore_db)?
        });
        Ok(r.map(|r| ChiaveUsata {
            azione: r.azione,
            entita_id: r.entita_id,
        }))
    }
}
