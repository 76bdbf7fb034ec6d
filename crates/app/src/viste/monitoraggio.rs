//! Il rapporto di monitoraggio a un checkpoint: lo stato di ogni step con la scadenza in
//! vigore (e da dove viene), le dilazioni, i valori degli indicatori, le cause degli
//! scostamenti, il riepilogo per stato.

use super::{Cifra, VistaCheckpoint, data_it};
use crate::Errore;
use crate::casi_uso::piano;
use crate::contesto::Contesto;
use crate::porte::PianiRepo;
use serde::Serialize;
use std::collections::BTreeMap;
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::piano::{CausaScostamento, CheckpointFile, EsitoDilazione, Piano};
use traguardo_domain::scadenza_vigente::{FonteScadenza, in_vigore_dal};
use traguardo_domain::valutazione::{
    rapporto_monitoraggio as righe_monitoraggio, scegli_checkpoint,
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RapportoMonitoraggio {
    /// `Grado di raggiungimento degli obiettivi al 31/08/2023 — C.I.S.S.A., ciclo 2023–2023`.
    pub titolo: String,
    pub ente: String,
    pub ente_nome: String,
    pub anno_inizio: i32,
    pub anno_fine: i32,
    pub checkpoint: VistaCheckpoint,
    pub obiettivi: Vec<ObiettivoMonitorato>,
    pub totale_step: usize,
    /// Step per stato, in ordine alfabetico dell'etichetta.
    pub riepilogo: Vec<ConteggioStato>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObiettivoMonitorato {
    pub codice: String,
    pub titolo: String,
    pub step: Vec<RigaStep>,
    pub dilazioni: Vec<RigaDilazione>,
    pub indicatori: Vec<RigaValore>,
    pub cause: Vec<RigaCausa>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaStep {
    pub posizione: usize,
    pub codice: Option<String>,
    /// Il codice, o la posizione se lo step non ha codice.
    pub etichetta: String,
    pub descrizione: String,
    /// Scadenza in vigore al checkpoint, come scritta.
    pub scadenza: Option<String>,
    /// La scadenza originale, quando quella in vigore è diversa.
    pub scadenza_originale: Option<String>,
    /// Data della scadenza in vigore, `gg/mm/aaaa`, quando si ricava.
    pub scadenza_data: Option<String>,
    pub scadenza_fonte: Option<FonteScadenza>,
    /// Da dove viene la scadenza, in italiano.
    pub scadenza_spiegazione: Option<String>,
    pub stato: Option<StatoStep>,
    /// `realizzato`, `parzialmente realizzato`, … o `senza stato`.
    pub stato_etichetta: String,
    pub percentuale: Option<Cifra>,
    pub testo: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaDilazione {
    pub obiettivo: String,
    pub step: u32,
    pub checkpoint: String,
    pub scadenza_proposta: String,
    pub esito: EsitoDilazione,
    /// `in attesa`, `concessa`, `respinta`.
    pub esito_etichetta: String,
    pub atto: Option<String>,
    pub data_esito: Option<String>,
    /// Per le concesse: da quando la nuova scadenza è in vigore (`gg/mm/aaaa`), la data della
    /// decisione o, senza, quella del checkpoint della richiesta.
    pub in_vigore_dal: Option<String>,
    pub motivo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaValore {
    pub indicatore: u32,
    pub nome: String,
    pub valore: String,
    pub atteso: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaCausa {
    pub step: Option<u32>,
    pub causa: CausaScostamento,
    pub causa_etichetta: String,
    pub testo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConteggioStato {
    pub stato: String,
    pub step: usize,
}

pub fn etichetta_esito(e: EsitoDilazione) -> &'static str {
    match e {
        EsitoDilazione::InAttesa => "richiesta, in attesa di atto",
        EsitoDilazione::Concessa => "concessa",
        EsitoDilazione::Respinta => "respinta",
    }
}

pub fn etichetta_causa(c: CausaScostamento) -> &'static str {
    match c {
        CausaScostamento::Esogena => "esogena",
        CausaScostamento::Endogena => "endogena",
        CausaScostamento::Indicatore => "indicatore mal definito",
    }
}

/// Costruttore puro del rapporto al checkpoint `cp`.
pub fn rapporto_monitoraggio(piano: &Piano, cp: &CheckpointFile) -> RapportoMonitoraggio {
    let righe = righe_monitoraggio(piano, cp);
    let m = &piano.monitoraggio;
    let mut conteggio: BTreeMap<String, usize> = BTreeMap::new();
    let mut obiettivi = Vec::new();
    for o in &piano.obiettivi {
        let step: Vec<RigaStep> = righe
            .iter()
            .filter(|r| r.obiettivo == o.codice)
            .map(|r| {
                let stato_etichetta = r
                    .stato
                    .map(|s| s.etichetta())
                    .unwrap_or("senza stato")
                    .to_string();
                *conteggio.entry(stato_etichetta.clone()).or_default() += 1;
                RigaStep {
                    posizione: r.step,
                    codice: r.codice.clone(),
                    etichetta: r.codice.clone().unwrap_or_else(|| r.step.to_string()),
                    descrizione: r.descrizione.clone(),
                    scadenza: r.scadenza.clone(),
                    scadenza_originale: r.scadenza_originale.clone(),
                    scadenza_data: r.vigente.as_ref().and_then(|v| v.data()).map(data_it),
                    scadenza_fonte: r.vigente.as_ref().map(|v| v.fonte.clone()),
                    scadenza_spiegazione: r.vigente.as_ref().map(|v| v.spiegazione()),
                    stato: r.stato,
                    stato_etichetta,
                    percentuale: r.percentuale.map(Cifra::percento),
                    testo: r.testo.clone(),
                }
            })
            .collect();
        if step.is_empty() {
            continue;
        }
        let dilazioni = dilazioni_del_ciclo(piano)
            .into_iter()
            .filter(|d| d.obiettivo == o.codice)
            .collect();
        let indicatori = m
            .valori
            .iter()
            .filter(|v| v.obiettivo == o.codice && v.checkpoint == cp.codice)
            .map(|v| {
                let ind = (v.indicatore as usize)
                    .checked_sub(1)
                    .and_then(|i| o.indicatori.get(i));
                RigaValore {
                    indicatore: v.indicatore,
                    nome: ind.map(|i| i.nome.clone()).unwrap_or_default(),
                    valore: v.valore.clone(),
                    atteso: ind.and_then(|i| i.target.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let cause = m
            .cause_scostamento
            .iter()
            .filter(|c| c.obiettivo == o.codice)
            .map(|c| RigaCausa {
                step: c.step,
                causa: c.causa,
                causa_etichetta: etichetta_causa(c.causa).into(),
                testo: c.testo.clone(),
            })
            .collect();
        obiettivi.push(ObiettivoMonitorato {
            codice: o.codice.clone(),
            titolo: o.titolo.clone(),
            step,
            dilazioni,
            indicatori,
            cause,
        });
    }
    RapportoMonitoraggio {
        titolo: format!(
            "{} — {}, ciclo {}–{}",
            cp.etichetta, piano.ente.nome, piano.ciclo.anno_inizio, piano.ciclo.anno_fine
        ),
        ente: piano.ente.codice.clone(),
        ente_nome: piano.ente.nome.clone(),
        anno_inizio: piano.ciclo.anno_inizio,
        anno_fine: piano.ciclo.anno_fine,
        checkpoint: cp.into(),
        totale_step: righe.len(),
        obiettivi,
        riepilogo: conteggio
            .into_iter()
            .map(|(stato, step)| ConteggioStato { stato, step })
            .collect(),
    }
}

/// Le dilazioni del ciclo, nell'ordine in cui sono state chieste, con il loro esito.
pub fn dilazioni_del_ciclo(piano: &Piano) -> Vec<RigaDilazione> {
    piano
        .monitoraggio
        .dilazioni
        .iter()
        .map(|d| RigaDilazione {
            obiettivo: d.obiettivo.clone(),
            step: d.step,
            checkpoint: d.checkpoint.clone(),
            scadenza_proposta: d.scadenza_proposta.clone(),
            esito: d.esito,
            esito_etichetta: etichetta_esito(d.esito).into(),
            atto: d.atto.clone(),
            data_esito: d.data_esito.map(data_it),
            in_vigore_dal: (d.esito == EsitoDilazione::Concessa)
                .then(|| in_vigore_dal(piano, d).map(data_it))
                .flatten(),
            motivo: d.motivo.clone(),
        })
        .collect()
}

pub async fn dilazioni<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<Vec<RigaDilazione>, Errore> {
    Ok(dilazioni_del_ciclo(&piano(repo, ctx, anno).await?))
}

/// Il checkpoint richiesto, o il finale; errore se il ciclo non ne ha.
pub fn checkpoint_del_rapporto<'a>(
    piano: &'a Piano,
    richiesto: Option<&str>,
) -> Result<&'a CheckpointFile, Errore> {
    scegli_checkpoint(piano, richiesto)
        .map_err(Errore::NonValido)?
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "il ciclo {} di «{}» non ha checkpoint di monitoraggio",
                piano.ciclo.anno_inizio, piano.ente.codice
            ))
        })
}

/// Il rapporto di monitoraggio del ciclo che inizia in `anno`, al checkpoint richiesto (o a
/// quello finale).
pub async fn rapporto<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: Option<&str>,
) -> Result<RapportoMonitoraggio, Errore> {
    let p = piano(repo, ctx, anno).await?;
    let cp = checkpoint_del_rapporto(&p, checkpoint)?;
    Ok(rapporto_monitoraggio(&p, cp))
}
