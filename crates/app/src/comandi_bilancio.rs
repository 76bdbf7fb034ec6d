//! Comandi sui collegamenti tra capitoli di bilancio e piano: un collegamento alla volta,
//! legato agli id del capitolo (lo stesso in ogni versione del bilancio dell'esercizio) e del
//! progetto PEG o dell'obiettivo, con la sua revisione e il suo audit.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::bilancio::bilancio;
use crate::comandi_monitoraggio::carica;
use crate::comandi_valutazione::{EsitoFatto, evento, json};
use crate::contesto::Contesto;
use crate::porte::{BilancioRepo, EntiRepo, PianiRepo, TipoCollegamentoCapitolo};
use crate::porte_fatti::{DestinazioneCapitolo, FattiRepo};
use crate::porte_versioni::VersioniRepo;
use traguardo_domain::bilancio::Lato;
use traguardo_domain::id::IdCapitolo;

/// L'anno di inizio del ciclo che contiene l'esercizio (il più recente, se più d'uno).
pub async fn ciclo_dell_esercizio<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
) -> Result<i32, Errore> {
    repo.elenco_cicli(ctx.tenant)
        .await?
        .into_iter()
        .filter(|c| (c.anno_inizio..=c.anno_fine).contains(&esercizio))
        .map(|c| c.anno_inizio)
        .max()
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "l'ente «{}» non ha un ciclo che contiene l'esercizio {esercizio}",
                ctx.ente
            ))
        })
}

fn descrizione(lato: Lato, capitolo: &str, tipo: TipoCollegamentoCapitolo, codice: &str) -> String {
    let a = match tipo {
        TipoCollegamentoCapitolo::Progetto => "progetto PEG",
        TipoCollegamentoCapitolo::Obiettivo => "obiettivo",
    };
    format!(
        "collegamento del capitolo {capitolo} ({}) al {a} {codice}",
        lato.codice()
    )
}

/// Gli id del capitolo (nella versione corrente del bilancio) e della destinazione (nel piano
/// del ciclo che contiene l'esercizio).
#[allow(clippy::too_many_arguments)]
async fn risolvi<R: EntiRepo + BilancioRepo + PianiRepo + FattiRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
    lato: Lato,
    capitolo: &str,
    tipo: TipoCollegamentoCapitolo,
    codice: &str,
    solo_correnti: bool,
) -> Result<(IdCapitolo, DestinazioneCapitolo), Errore> {
    if solo_correnti {
        let b = bilancio(repo, ctx, esercizio, None).await?;
        if !b
            .capitoli
            .iter()
            .any(|x| x.lato == lato && x.codice == capitolo)
        {
            return Err(Errore::NonTrovato(format!(
                "il capitolo {capitolo} ({}) non è nel bilancio {esercizio} corrente",
                lato.codice()
            )));
        }
    }
    let id_capitolo = repo
        .capitoli_identificati(ctx.tenant, esercizio)
        .await?
        .into_iter()
        .find(|c| c.lato == lato && c.codice == capitolo)
        .map(|c| c.id)
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "il capitolo {capitolo} ({}) non è nel bilancio {esercizio}",
                lato.codice()
            ))
        })?;
    let anno = ciclo_dell_esercizio(repo, ctx, esercizio).await?;
    // I collegamenti dei capitoli sono parte del piano: su una versione approvata si cambiano
    // con una variazione.
    crate::versioni::rifiuta_se_approvata(repo, ctx.tenant, anno).await?;
    let (p, ids) = carica(repo, ctx, anno).await?;
    let destinazione = match tipo {
        TipoCollegamentoCapitolo::Obiettivo => p
            .obiettivi
            .iter()
            .position(|o| o.codice == codice)
            .map(|i| DestinazioneCapitolo::Obiettivo(ids.obiettivi[i].id)),
        TipoCollegamentoCapitolo::Progetto => repo
            .anagrafica(ctx.tenant, ids.ciclo)
            .await?
            .progetto(codice)
            .map(DestinazioneCapitolo::Progetto),
    }
    .ok_or_else(|| Errore::NonTrovato(format!("«{codice}» non esiste nel piano {anno}")))?;
    Ok((id_capitolo, destinazione))
}

/// Collega un capitolo del bilancio corrente dell'esercizio a un progetto PEG o a un
/// obiettivo del ciclo che contiene l'esercizio. `Conflitto` se il collegamento c'è già.
#[allow(clippy::too_many_arguments)]
pub async fn collega_capitolo<R: EntiRepo + BilancioRepo + PianiRepo + FattiRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
    lato: Lato,
    capitolo: &str,
    tipo: TipoCollegamentoCapitolo,
    codice: &str,
) -> Result<EsitoFatto, Errore> {
    let permesso = ctx.autorizza(Azione::CollegaCapitolo, Ambito::Ente)?;
    let (id_capitolo, d) =
        risolvi(repo, ctx, esercizio, lato, capitolo, tipo, codice, true).await?;
    let ev = evento(
        ctx,
        &permesso,
        "bilancio.collega_capitolo",
        id_capitolo.0,
        descrizione(lato, capitolo, tipo, codice),
        None,
        json(&serde_json::json!({
            "esercizio": esercizio, "lato": lato.codice(), "capitolo": capitolo,
            "tipo": tipo, "codice": codice,
        })),
    );
    let c = repo
        .collega_capitolo(ctx.tenant, id_capitolo, d, &ev)
        .await?;
    Ok(EsitoFatto {
        id: c.id,
        revisione: c.revisione,
    })
}

/// Toglie il collegamento di un capitolo. `revisione_attesa`: quella vista da chi scrive;
/// `None` per quella attuale. Restituisce l'id e l'ultima revisione del collegamento tolto.
#[allow(clippy::too_many_arguments)]
pub async fn scollega_capitolo<
    R: EntiRepo + BilancioRepo + PianiRepo + FattiRepo + VersioniRepo,
>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
    lato: Lato,
    capitolo: &str,
    tipo: TipoCollegamentoCapitolo,
    codice: &str,
    revisione_attesa: Option<i64>,
) -> Result<EsitoFatto, Errore> {
    let permesso = ctx.autorizza(Azione::CollegaCapitolo, Ambito::Ente)?;
    let (id_capitolo, d) =
        risolvi(repo, ctx, esercizio, lato, capitolo, tipo, codice, false).await?;
    let testo = descrizione(lato, capitolo, tipo, codice);
    let c = repo
        .collegamenti_identificati(ctx.tenant, esercizio)
        .await?
        .into_iter()
        .find(|c| c.capitolo == id_capitolo && c.destinazione == d)
        .ok_or_else(|| Errore::NonTrovato(format!("il {testo} non esiste")))?;
    let ev = evento(
        ctx,
        &permesso,
        "bilancio.scollega_capitolo",
        id_capitolo.0,
        testo,
        json(&serde_json::json!({
            "esercizio": esercizio, "lato": lato.codice(), "capitolo": capitolo,
            "tipo": tipo, "codice": codice, "revisione": c.revisione,
        })),
        None,
    );
    let revisione = revisione_attesa.unwrap_or(c.revisione);
    repo.scollega_capitolo(ctx.tenant, c.id, revisione, &ev)
        .await?;
    Ok(EsitoFatto {
        id: c.id,
        revisione,
    })
}
