//! Casi d'uso di monitoraggio e valutazione: regole SMVP, stati degli step, dilazioni,
//! punteggi, comportamenti, presa visione, ripartizione del fondo.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione, ambito_persona};
use crate::casi_uso::piano_del_tenant;
use crate::contesto::Contesto;
use crate::porte::{PianiRepo, RegoleVersionate, ValutazioneRepo};
use crate::porte_fatti::FattiRepo;
use crate::porte_organizzazione::OrganizzazioneRepo;
use rust_decimal::Decimal;
use traguardo_domain::fondo::{Partecipante, Ripartizione, ripartisci};
use traguardo_domain::individuale::{
    EsitoIndividuale, VotoComportamento, valida_voti, valuta_persone,
};
use traguardo_domain::numeri::{Importo, Percentuale};
use traguardo_domain::piano::Piano;
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo, ha_errori};
use traguardo_domain::smvp::RegoleSmvp;
use traguardo_domain::valutazione::{Valutazione, scegli_checkpoint, valuta_con};

/// Le regole in vigore per il ciclo: l'ultima versione salvata, o le predefinite (versione 0).
pub async fn regole<R: ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<RegoleVersionate, Errore> {
    ctx.autorizza(Azione::LeggiValutazione, Ambito::Ente)?;
    Ok(repo
        .regole(ctx.tenant, anno)
        .await?
        .unwrap_or_else(|| RegoleVersionate {
            versione: 0,
            creato_il: None,
            attore: None,
            regole: RegoleSmvp::default(),
        }))
}

/// Salva una nuova versione delle regole da un file JSON (validato: tutto o niente).
pub async fn imposta_regole<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    byte: &[u8],
    nome_file: &str,
) -> Result<i32, Errore> {
    let permesso = ctx.autorizza(Azione::ModificaRegole, Ambito::Ente)?;
    piano_del_tenant(repo, ctx, anno).await?;
    let regole: RegoleSmvp = serde_json::from_slice(byte).map_err(|x| {
        Errore::Rifiutato(vec![Rilievo::errore(
            CodiceRilievo::JsonNonValido,
            "",
            format!(
                "{nome_file}, riga {}, colonna {}: regole non valide ({x})",
                x.line(),
                x.column()
            ),
        )])
    })?;
    let rilievi = regole.valida();
    if ha_errori(&rilievi) {
        return Err(Errore::Rifiutato(rilievi));
    }
    let ev = ctx
        .evento(
            &permesso,
            "regole.imposta",
            format!("regole SMVP {} {anno} da {nome_file}", ctx.ente),
        )
        .dopo(Some(regole.descrizione.clone()));
    repo.salva_regole(ctx.tenant, anno, &regole, &ev).await
}

/// Valutazione organizzativa al checkpoint (o a quello finale).
pub async fn valuta<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: Option<&str>,
) -> Result<(Piano, Valutazione, RegoleVersionate), Errore> {
    ctx.autorizza(Azione::LeggiValutazione, Ambito::Ente)?;
    let p = piano_del_tenant(repo, ctx, anno).await?;
    let r = regole(repo, ctx, anno).await?;
    let cp = scegli_checkpoint(&p, checkpoint).map_err(Errore::NonValido)?;
    // Gli accertamenti del Nucleo/OIV: accanto ai dichiarati, al loro posto a Relazione validata.
    let oiv = repo.accertamenti_oiv(ctx.tenant, anno).await?;
    let v = valuta_con(&p, cp, &r.regole, &oiv);
    Ok((p, v, r))
}

// I comandi del monitoraggio scrivono un fatto alla volta: vedi `comandi_monitoraggio`.
pub use crate::comandi_monitoraggio::{
    decidi_dilazione, registra_causa, registra_stato, richiedi_dilazione,
};

/// Legge i voti dei comportamenti da un CSV `persona,comportamento,voto` (anche `;` e
/// decimali con la virgola) e li salva: tutto o niente.
pub async fn registra_voti<R: PianiRepo + ValutazioneRepo + FattiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    testo: &str,
    nome_file: &str,
) -> Result<usize, Errore> {
    // Il permesso per l'ente intero: ogni persona del file è poi controllata una per una.
    let permesso = ctx.autorizza(Azione::ImportaValutazioni, Ambito::Ente)?;
    let p = piano_del_tenant(repo, ctx, anno).await?;
    let r = regole(repo, ctx, anno).await?;
    let mut voti = Vec::new();
    let mut errori = Vec::new();
    let sep = if testo.lines().next().unwrap_or("").contains(';') {
        ';'
    } else {
        ','
    };
    for (i, riga) in testo.lines().enumerate().skip(1) {
        let n = i + 1;
        if riga.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = riga.split(sep).map(str::trim).collect();
        if c.len() != 3 {
            errori.push(
                Rilievo::errore(
                    CodiceRilievo::RigaNonValida,
                    format!("riga {n}"),
                    format!("{nome_file}, riga {n}: attese 3 colonne persona{sep}comportamento{sep}voto, trovate {}", c.len()),
                )
                .alla_posizione(n, None),
            );
            continue;
        }
        match traguardo_domain::numeri::interpreta_decimale(c[2]) {
            Ok(v) => voti.push((
                n,
                VotoComportamento {
                    persona: c[0].to_string(),
                    comportamento: c[1].to_string(),
                    voto: v,
                },
            )),
            Err(m) => errori.push(
                Rilievo::errore(
                    CodiceRilievo::ValoreNonValido,
                    format!("riga {n}"),
                    format!("{nome_file}, riga {n}, colonna 3 (voto): {m}"),
                )
                .alla_posizione(n, Some(3)),
            ),
        }
    }
    errori.extend(valida_voti(&p, &voti, &r.regole).into_iter().map(|mut x| {
        x.messaggio = format!("{nome_file}, {}", x.messaggio);
        x
    }));
    if !errori.is_empty() {
        return Err(Errore::Rifiutato(errori));
    }
    // Nessuno valuta sé stesso: ogni persona del file, con il suo ambito.
    for (_, v) in &voti {
        if let Some(a) = ambito_persona(&p, &v.persona) {
            ctx.autorizza(Azione::ImportaValutazioni, a)?;
        }
    }
    // I voti puntano alla persona del ciclo per id.
    let (_, ids) = crate::comandi_monitoraggio::carica(repo, ctx, anno).await?;
    let anagrafica = repo.anagrafica(ctx.tenant, ids.ciclo).await?;
    let mut per_id = Vec::new();
    for (_, v) in voti {
        let id = anagrafica.persona(&v.persona).ok_or_else(|| {
            Errore::NonTrovato(format!("la persona «{}» non è nel piano {anno}", v.persona))
        })?;
        per_id.push((id, v));
    }
    let ev = ctx
        .evento(
            &permesso,
            "valutazione.voti",
            format!("voti dei comportamenti {} {anno} da {nome_file}", ctx.ente),
        )
        .dopo(Some(format!("{} voti", per_id.len())));
    repo.salva_voti(ctx.tenant, ids.ciclo, &per_id, &ev).await?;
    Ok(per_id.len())
}

/// Le valutazioni individuali, senza quelle delle persone che il contesto non vede.
pub async fn valutazione_individuale<R: PianiRepo + ValutazioneRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    checkpoint: Option<&str>,
) -> Result<Vec<EsitoIndividuale>, Errore> {
    let (p, v, r) = valuta(repo, ctx, anno, checkpoint).await?;
    let voti = repo.voti(ctx.tenant, anno).await?;
    // Ogni esito con il CdR della sua persona alla data del checkpoint (per la verifica finale
    // il 31/12 dell'anno di riferimento), per decidere chi il contesto vede.
    let (_, ids) = crate::comandi_monitoraggio::carica(repo, ctx, anno).await?;
    let storia = repo.storia_organizzazione(ctx.tenant, ids.ciclo).await?;
    let data = v.checkpoint.as_ref().map(|c| c.data).unwrap_or_else(|| {
        chrono::NaiveDate::from_ymd_opt(p.ciclo.anno_di_riferimento(), 12, 31)
            .unwrap_or(storia.ciclo.dal)
    });
    let mut esiti: Vec<(EsitoIndividuale, Option<String>)> =
        valuta_persone(&p, &v, &voti, &r.regole)
            .into_iter()
            .map(|e| {
                let cdr = storia.cdr_per_la_valutazione(&e.persona, data);
                (e, cdr)
            })
            .collect();
    ctx.filtra_persone(&mut esiti, |(e, cdr)| (e.persona.as_str(), cdr.as_deref()));
    Ok(esiti.into_iter().map(|(e, _)| e).collect())
}

// La presa visione è un comando del contesto: vedi `comandi_valutazione::prendi_visione`.

/// Ripartisce il fondo tra le persone del piano con il loro punteggio individuale, oppure
/// tra i partecipanti indicati (punteggi calcolati altrove).
pub async fn ripartisci_fondo<R: PianiRepo + ValutazioneRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    fondo: Importo,
    checkpoint: Option<&str>,
    partecipanti: Option<Vec<Partecipante>>,
) -> Result<(Ripartizione, RegoleSmvp), Errore> {
    ctx.autorizza(Azione::EseguiFondo, Ambito::Ente)?;
    let r = regole(repo, ctx, anno).await?;
    let persone = match partecipanti {
        Some(p) => p,
        None => {
            let p = piano_del_tenant(repo, ctx, anno).await?;
            let esiti = valutazione_individuale(repo, ctx, anno, checkpoint).await?;
            let mut v = partecipanti_del_piano(&p, &esiti, &r.regole);
            // Presenze e part-time importati per l'anno di riferimento valgono su quelli del piano.
            let presenze = repo
                .presenze(ctx.tenant, p.ciclo.anno_di_riferimento())
                .await?;
            crate::organizzazione::applica_presenze(&mut v, &presenze);
            v
        }
    };
    Ok((ripartisci(fondo, &persone, &r.regole), r.regole))
}

/// I partecipanti alla ripartizione: le persone del piano con il loro punteggio individuale
/// (0 se non valutate), tempo pieno e giorni di riferimento quando non indicati.
pub fn partecipanti_del_piano(
    p: &Piano,
    esiti: &[EsitoIndividuale],
    regole: &RegoleSmvp,
) -> Vec<Partecipante> {
    p.persone
        .iter()
        .map(|x| Partecipante {
            codice: x.codice.clone(),
            nome: x.cognome_nome.clone(),
            categoria: x.categoria.clone().or_else(|| x.qualifica.clone()),
            ruolo: x.ruolo.clone(),
            part_time: x.part_time.map(|p| p.0).unwrap_or(Decimal::ONE_HUNDRED),
            giorni_presenza: x.giorni_presenza.unwrap_or(regole.fondo.giorni_riferimento),
            punteggio: esiti
                .iter()
                .find(|e| e.persona == x.codice)
                .and_then(|e| e.punteggio)
                .unwrap_or(Decimal::ZERO),
        })
        .collect()
}

/// Percentuale da testo (`60`, `60%`, `60,5`).
pub fn percentuale(t: &str) -> Result<Percentuale, Errore> {
    traguardo_domain::numeri::interpreta_decimale(t)
        .map(Percentuale)
        .map_err(Errore::NonValido)
}
