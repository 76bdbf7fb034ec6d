//! Calcolare una volta per modifica, non una volta per richiesta.
//!
//! La valutazione di un ciclo (piano, regole SMVP, punteggi) dipende solo dai dati del ciclo, e
//! ogni comando che li cambia incrementa il contatore `revisione_dati` del ciclo nella stessa
//! transazione. Una lettura chiede il contatore (una query su indice) e riusa il risultato
//! calcolato per quella revisione; se il contatore è cambiato, ricalcola. Più server sullo stesso
//! PostgreSQL restano corretti senza condividere memoria: ognuno confronta il contatore del
//! database, non il proprio.
//!
//! Il contatore si legge *prima* dei dati: un risultato calcolato su dati più nuovi del contatore
//! letto è solo ricalcolato una volta di troppo, mai servito vecchio.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::contesto::Contesto;
use crate::porte::{PianiRepo, RegoleVersionate, TenantId, ValutazioneRepo};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use traguardo_domain::bilancio::{Lato, Livello, Totale};
use traguardo_domain::numeri::Importo;
use traguardo_domain::piano::Piano;
use traguardo_domain::valutazione::Valutazione;

/// Piano, valutazione e regole di un ciclo a un checkpoint.
pub type ValutazioneCalcolata = (Piano, Valutazione, RegoleVersionate);

type Chiave = (TenantId, i32, Option<String>);

/// Cache in memoria delle valutazioni, per (ente, ciclo, checkpoint) con la revisione dei dati;
/// e dei piani con le loro identità (la scheda di un obiettivo, con gli id da citare nei
/// comandi), per (ente, ciclo), con la stessa revisione.
pub struct CacheValutazioni {
    voci: Mutex<HashMap<Chiave, (i64, Arc<ValutazioneCalcolata>)>>,
    piani: Mutex<HashMap<(TenantId, i32), PianoInCache>>,
    capienza: usize,
}

/// Il piano memorizzato con le identità dei suoi elementi.
pub type PianoIdentificato = (Piano, crate::identita::IdentitaPiano);

/// Un piano in cache con la revisione dei dati su cui è stato letto.
type PianoInCache = (i64, Arc<PianoIdentificato>);

impl CacheValutazioni {
    /// Una cache che tiene al più `capienza` valutazioni (oltre, ne toglie una qualsiasi).
    pub fn new(capienza: usize) -> CacheValutazioni {
        CacheValutazioni {
            voci: Mutex::new(HashMap::new()),
            piani: Mutex::new(HashMap::new()),
            capienza: capienza.max(1),
        }
    }

    /// La valutazione del ciclo che inizia in `anno` al checkpoint indicato (o a quello finale),
    /// ricalcolata solo se i dati del ciclo sono cambiati dall'ultima volta.
    pub async fn valuta<R: PianiRepo + ValutazioneRepo>(
        &self,
        repo: &R,
        ctx: &Contesto,
        anno: i32,
        checkpoint: Option<&str>,
    ) -> Result<Arc<ValutazioneCalcolata>, Errore> {
        ctx.autorizza(Azione::LeggiValutazione, Ambito::Ente)?;
        let Some(revisione) = repo.revisione_dati(ctx.tenant, anno).await? else {
            // Il ciclo non c'è: il caso d'uso dà il messaggio giusto.
            let v = crate::valutazione::valuta(repo, ctx, anno, checkpoint).await?;
            return Ok(Arc::new(v));
        };
        let chiave = (ctx.tenant, anno, checkpoint.map(str::to_string));
        if let Some((r, v)) = self.voci().get(&chiave)
            && *r == revisione
        {
            return Ok(v.clone());
        }
        let v = Arc::new(crate::valutazione::valuta(repo, ctx, anno, checkpoint).await?);
        let mut voci = self.voci();
        if voci.len() >= self.capienza && !voci.contains_key(&chiave) {
            let via = voci.keys().next().cloned();
            if let Some(k) = via {
                voci.remove(&k);
            }
        }
        voci.insert(chiave, (revisione, v.clone()));
        Ok(v)
    }

    /// Il piano con le identità, riletto solo quando la revisione dei dati del ciclo cambia
    /// (ogni comando sul piano o sui fatti la incrementa nella sua transazione).
    pub async fn piano_identificato<R: PianiRepo>(
        &self,
        repo: &R,
        ctx: &Contesto,
        anno: i32,
    ) -> Result<Arc<PianoIdentificato>, Errore> {
        ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
        let Some(revisione) = repo.revisione_dati(ctx.tenant, anno).await? else {
            return Ok(Arc::new(
                crate::comandi_monitoraggio::carica(repo, ctx, anno).await?,
            ));
        };
        let chiave = (ctx.tenant, anno);
        if let Some((r, p)) = blocca(&self.piani).get(&chiave)
            && *r == revisione
        {
            return Ok(p.clone());
        }
        let p = Arc::new(crate::comandi_monitoraggio::carica(repo, ctx, anno).await?);
        let mut piani = blocca(&self.piani);
        if piani.len() >= self.capienza && !piani.contains_key(&chiave) {
            let via = piani.keys().next().cloned();
            if let Some(k) = via {
                piani.remove(&k);
            }
        }
        piani.insert(chiave, (revisione, p.clone()));
        Ok(p)
    }

    fn voci(&self) -> std::sync::MutexGuard<'_, HashMap<Chiave, (i64, Arc<ValutazioneCalcolata>)>> {
        // Un panic altrove non deve rendere la cache inservibile: i dati restano coerenti.
        self.voci.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Cache in memoria dei bilanci: una versione di un bilancio non cambia mai (ogni importazione
/// ne crea una nuova), quindi la chiave (ente, esercizio, versione) basta; la versione corrente
/// si chiede al database a ogni lettura (una query su indice). Per la stessa ragione si tengono
/// anche i totali calcolati, per (versione, livelli, lato).
pub struct CacheBilanci {
    voci: Mutex<HashMap<(TenantId, i32, i32), Arc<traguardo_domain::bilancio::Bilancio>>>,
    totali: Mutex<HashMap<ChiaveTotali, Arc<TotaliCalcolati>>>,
    capienza: usize,
}

type ChiaveTotali = (TenantId, i32, i32, Vec<Livello>, Option<Lato>);

/// I totali di una versione del bilancio a certi livelli, con il totale generale dei due lati
/// (competenza e cassa).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotaliCalcolati {
    pub esercizio: i32,
    pub versione: i32,
    pub totali: Vec<Totale>,
    pub entrate: (Importo, Importo),
    pub spese: (Importo, Importo),
}

impl CacheBilanci {
    pub fn new(capienza: usize) -> CacheBilanci {
        CacheBilanci {
            voci: Mutex::new(HashMap::new()),
            totali: Mutex::new(HashMap::new()),
            capienza: capienza.max(1),
        }
    }

    /// I totali annidati (`livelli` dal più esterno) della versione indicata o di quella
    /// corrente, calcolati una volta per versione.
    pub async fn totali<R: crate::porte::BilancioRepo>(
        &self,
        repo: &R,
        ctx: &Contesto,
        esercizio: i32,
        versione: Option<i32>,
        livelli: &[Livello],
        lato: Option<Lato>,
    ) -> Result<Arc<TotaliCalcolati>, Errore> {
        ctx.autorizza(Azione::LeggiBilancio, Ambito::Ente)?;
        let v = versione_richiesta(repo, ctx, esercizio, versione).await?;
        let chiave = (ctx.tenant, esercizio, v, livelli.to_vec(), lato);
        if let Some(t) = blocca(&self.totali).get(&chiave) {
            return Ok(t.clone());
        }
        let b = self.bilancio(repo, ctx, esercizio, Some(v)).await?;
        let t = Arc::new(TotaliCalcolati {
            esercizio: b.esercizio,
            versione: v,
            totali: crate::bilancio::totali_annidati(&b, livelli, lato),
            entrate: b.totale_generale_entrate(),
            spese: b.totale_generale_spese(),
        });
        let mut voci = blocca(&self.totali);
        if voci.len() >= self.capienza * 8
            && let Some(k) = voci.keys().next().cloned()
        {
            voci.remove(&k);
        }
        voci.insert(chiave, t.clone());
        Ok(t)
    }

    /// Il bilancio dell'esercizio, nella versione indicata o in quella corrente.
    pub async fn bilancio<R: crate::porte::BilancioRepo>(
        &self,
        repo: &R,
        ctx: &Contesto,
        esercizio: i32,
        versione: Option<i32>,
    ) -> Result<Arc<traguardo_domain::bilancio::Bilancio>, Errore> {
        ctx.autorizza(Azione::LeggiBilancio, Ambito::Ente)?;
        let v = versione_richiesta(repo, ctx, esercizio, versione).await?;
        let chiave = (ctx.tenant, esercizio, v);
        if let Some(b) = self.voci().get(&chiave) {
            return Ok(b.clone());
        }
        let b = Arc::new(crate::bilancio::bilancio(repo, ctx, esercizio, Some(v)).await?);
        let mut voci = self.voci();
        if voci.len() >= self.capienza
            && let Some(k) = voci.keys().next().cloned()
        {
            voci.remove(&k);
        }
        voci.insert(chiave, b.clone());
        Ok(b)
    }

    fn voci(
        &self,
    ) -> std::sync::MutexGuard<
        '_,
        HashMap<(TenantId, i32, i32), Arc<traguardo_domain::bilancio::Bilancio>>,
    > {
        self.voci.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// La versione da leggere: quella indicata, o la corrente (una query su indice).
async fn versione_richiesta<R: crate::porte::BilancioRepo>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
    versione: Option<i32>,
) -> Result<i32, Errore> {
    Ok(match versione {
        Some(v) => v,
        None => {
            repo.versione_corrente_bilancio(ctx.tenant, esercizio)
                .await?
        }
    })
}

fn blocca<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Un panic altrove non deve rendere la cache inservibile: i dati restano coerenti.
    m.lock().unwrap_or_else(|e| e.into_inner())
}
