//! La Relazione sulla performance e il Nucleo di valutazione / OIV (issue 8, punto 4).
//!
//! - La Relazione di un anno del ciclo: bozza → approvata (atto del CdA, registrato dal
//!   direttore o dall'amministratore) → validata (dal Nucleo/OIV, con la data e il testo).
//! - Il Nucleo/OIV registra osservazioni e raggiungimenti accertati per obiettivo e indicatore,
//!   e la proposta di valutazione del direttore; la decisione del CdA si registra per atto.
//! - Il raggiungimento accertato si mostra accanto al dichiarato e vale nei punteggi solo a
//!   Relazione validata: lo applica `domain::valutazione::valuta_con`, chiamata da
//!   `valutazione::valuta` (un solo punto).
//! - Il fondo si ripartisce in bozza quando si vuole; in definitiva solo dopo la validazione.
//!   Dopo la validazione i trigger del database congelano voti, prese visione, ripartizioni e
//!   fatti del Nucleo/OIV del ciclo.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione, ambito_obiettivo};
use crate::comandi_monitoraggio::carica;
use crate::comandi_valutazione::{EsitoFatto, json};
use crate::contesto::Contesto;
use crate::identita::{IdentitaPiano, nuovo_uuid};
use crate::porte::{EntiRepo, PianiRepo, ValutazioneRepo};
use crate::porte_fatti::FattiRepo;
use crate::porte_organizzazione::OrganizzazioneRepo;
use crate::porte_relazione::{
    AccertamentoRegistrato, OsservazioneRegistrata, PropostaDirettore, RelazioneRegistrata,
    RigaRipartizione, RipartizioneSalvata,
};
use crate::valutazione::{ripartisci_fondo, valuta};
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use traguardo_domain::atto::RiferimentoAtto;
use traguardo_domain::fondo::Ripartizione;
use traguardo_domain::id::{IdCiclo, IdIndicatore, IdObiettivo};
use traguardo_domain::numeri::Importo;
use traguardo_domain::piano::Piano;
use traguardo_domain::relazione::{StatoRelazione, valida_percentuale};
use uuid::Uuid;

/// Un obiettivo (o un suo indicatore) indicato per codice e posizione.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bersaglio {
    pub obiettivo: String,
    /// Posizione dell'indicatore nell'obiettivo (da 1).
    pub indicatore: Option<usize>,
}

impl Bersaglio {
    fn descrizione(&self) -> String {
        match self.indicatore {
            Some(i) => format!("indicatore {i} dell'obiettivo {}", self.obiettivo),
            None => format!("obiettivo {}", self.obiettivo),
        }
    }
}

/// Un'osservazione del Nucleo/OIV, per codice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoceOsservazione {
    #[serde(flatten)]
    pub bersaglio: Bersaglio,
    pub testo: String,
    pub registrata_da: String,
    pub registrata_il: chrono::DateTime<Utc>,
}

/// Un accertamento del Nucleo/OIV accanto al raggiungimento dichiarato.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoceAccertamento {
    #[serde(flatten)]
    pub bersaglio: Bersaglio,
    /// Il raggiungimento dichiarato (calcolato dal monitoraggio, al checkpoint finale).
    pub dichiarato: Option<Decimal>,
    pub accertato: Decimal,
    pub motivo: String,
    /// Vale nei punteggi (Relazione validata).
    pub in_uso: bool,
    pub revisione: i64,
}

/// Una ripartizione del fondo memorizzata, in breve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoceRipartizione {
    pub numero: i64,
    pub definitiva: bool,
    pub fondo: Importo,
    pub distribuito: Importo,
    pub persone: usize,
    pub creata_da: String,
    pub creata_il: chrono::DateTime<Utc>,
}

/// Tutto ciò che riguarda la Relazione di un anno.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VistaRelazione {
    pub ente: String,
    pub anno: i32,
    /// Come l'ente chiama il suo organismo («Nucleo di valutazione», «OIV»…).
    pub denominazione_oiv: String,
    pub relazione: Option<RelazioneRegistrata>,
    pub osservazioni: Vec<VoceOsservazione>,
    pub accertamenti: Vec<VoceAccertamento>,
    pub proposta_direttore: Option<PropostaDirettore>,
    pub ripartizioni: Vec<VoceRipartizione>,
}

/// La Relazione dell'anno, o `NonTrovato` con l'indicazione di come crearla.
async fn relazione_esistente<R: ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    ciclo: IdCiclo,
    anno: i32,
) -> Result<RelazioneRegistrata, Errore> {
    repo.relazione(ctx.tenant, ciclo, anno).await?.ok_or_else(|| {
        Errore::NonTrovato(format!(
            "l'ente {} non ha ancora la Relazione sulla performance {anno}: crearla con `traguardo relazione create --ente {} --cycle {anno}`",
            ctx.ente, ctx.ente
        ))
    })
}

/// Il Nucleo/OIV non scrive più dopo la validazione: il messaggio prima dei trigger.
async fn non_validata<R: ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    ciclo: IdCiclo,
    anno: i32,
    cosa: &str,
) -> Result<(), Errore> {
    if let Some(r) = repo.relazione(ctx.tenant, ciclo, anno).await?
        && r.stato == StatoRelazione::Validata
    {
        return Err(Errore::Conflitto(format!(
            "la Relazione sulla performance {anno} è validata: {cosa} non si modificano più"
        )));
    }
    Ok(())
}

fn atto(testo: &str) -> Result<RiferimentoAtto, Errore> {
    RiferimentoAtto::leggi(testo).map_err(Errore::NonValido)
}

fn testo_non_vuoto(t: &str, cosa: &str) -> Result<String, Errore> {
    let t = t.trim();
    if t.is_empty() {
        return Err(Errore::NonValido(format!("{cosa}: il testo è vuoto")));
    }
    Ok(t.to_string())
}

/// Gli id di un obiettivo (e di un suo indicatore) del piano; l'ambito per la tabella.
fn bersaglio(
    p: &Piano,
    ids: &IdentitaPiano,
    b: &Bersaglio,
) -> Result<(IdObiettivo, Option<IdIndicatore>, Ambito), Errore> {
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == b.obiettivo)
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "l'obiettivo «{}» non è nel piano {}",
                b.obiettivo, p.ciclo.anno_inizio
            ))
        })?;
    let ind = match b.indicatore {
        None => None,
        Some(n) => Some(
            n.checked_sub(1)
                .and_then(|j| ids.obiettivi[i].indicatori.get(j).copied())
                .ok_or_else(|| {
                    Errore::NonTrovato(format!(
                        "l'obiettivo «{}» non ha l'indicatore {n} (ne ha {})",
                        b.obiettivo,
                        p.obiettivi[i].indicatori.len()
                    ))
                })?,
        ),
    };
    let ambito = ambito_obiettivo(p, &b.obiettivo).unwrap_or(Ambito::Ente);
    Ok((ids.obiettivi[i].id, ind, ambito))
}

/// Il codice dell'obiettivo e la posizione dell'indicatore di questi id.
fn per_codice(
    p: &Piano,
    ids: &IdentitaPiano,
    o: IdObiettivo,
    ind: Option<IdIndicatore>,
) -> Option<Bersaglio> {
    let i = ids.obiettivi.iter().position(|x| x.id == o)?;
    let indicatore = match ind {
        None => None,
        Some(id) => Some(ids.obiettivi[i].indicatori.iter().position(|x| *x == id)? + 1),
    };
    Some(Bersaglio {
        obiettivo: p.obiettivi[i].codice.clone(),
        indicatore,
    })
}

/// La Relazione dell'anno con le osservazioni, gli accertamenti (accanto ai dichiarati), la
/// proposta per il direttore e le ripartizioni del fondo memorizzate.
pub async fn mostra<R: EntiRepo + PianiRepo + ValutazioneRepo + FattiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<VistaRelazione, Errore> {
    ctx.autorizza(Azione::LeggiValutazione, Ambito::Ente)?;
    let (p, ids) = carica(repo, ctx, anno).await?;
    let relazione = repo.relazione(ctx.tenant, ids.ciclo, anno).await?;
    let osservazioni = repo
        .osservazioni(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .filter_map(|o| {
            Some(VoceOsservazione {
                bersaglio: per_codice(&p, &ids, o.obiettivo, o.indicatore)?,
                testo: o.testo,
                registrata_da: o.registrata_da,
                registrata_il: o.registrata_il,
            })
        })
        .collect();
    // Il dichiarato e l'accertato come li vede il calcolo dei punteggi (checkpoint finale).
    let (_, v, _) = valuta(repo, ctx, anno, None).await?;
    let mut accertamenti = Vec::new();
    for a in repo.accertamenti(ctx.tenant, ids.ciclo).await? {
        let Some(b) = per_codice(&p, &ids, a.obiettivo, a.indicatore) else {
            continue;
        };
        let esito = v.obiettivi.iter().find(|o| o.codice == b.obiettivo);
        let calcolato = match b.indicatore {
            None => esito.and_then(|o| o.accertamento.clone()),
            Some(n) => esito
                .and_then(|o| o.indicatori.get(n - 1))
                .and_then(|i| i.accertamento.clone()),
        };
        accertamenti.push(VoceAccertamento {
            bersaglio: b,
            dichiarato: calcolato.as_ref().and_then(|c| c.dichiarato),
            accertato: a.raggiungimento,
            motivo: a.motivo,
            in_uso: calcolato.is_some_and(|c| c.in_uso),
            revisione: a.revisione,
        });
    }
    let ripartizioni = repo
        .ripartizioni(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .map(|r| VoceRipartizione {
            numero: r.numero,
            definitiva: r.definitiva,
            fondo: r.fondo,
            distribuito: r.distribuito,
            persone: r.righe.len(),
            creata_da: r.creata_da,
            creata_il: r.creata_il,
        })
        .collect();
    Ok(VistaRelazione {
        ente: ctx.ente.clone(),
        anno,
        denominazione_oiv: repo.denominazione_oiv(ctx.tenant).await?,
        relazione,
        osservazioni,
        accertamenti,
        proposta_direttore: repo.proposta_direttore(ctx.tenant, ids.ciclo).await?,
        ripartizioni,
    })
}

/// Crea la Relazione dell'anno in bozza.
pub async fn crea<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<RelazioneRegistrata, Errore> {
    let permesso = ctx.autorizza(Azione::ApprovaRelazione, Ambito::Ente)?;
    let (_, ids) = carica(repo, ctx, anno).await?;
    if let Some(r) = repo.relazione(ctx.tenant, ids.ciclo, anno).await? {
        return Err(Errore::Conflitto(format!(
            "la Relazione sulla performance {anno} c'è già (stato {})",
            r.stato
        )));
    }
    let r = RelazioneRegistrata {
        id: nuovo_uuid(),
        anno,
        stato: StatoRelazione::Bozza,
        atto_approvazione: None,
        approvata_il: None,
        approvata_da: None,
        validata_il: None,
        validazione_testo: None,
        validata_da: None,
        creata_da: ctx.utente.nome(),
        creata_il: Utc::now(),
        revisione: 1,
    };
    let ev = ctx
        .evento(
            &permesso,
            "relazione.crea",
            format!("Relazione sulla performance {} {anno}", ctx.ente),
        )
        .entita(r.id)
        .dopo(json(&r));
    repo.crea_relazione(ctx.tenant, ids.ciclo, &r, &ev).await?;
    Ok(r)
}

/// Registra l'approvazione della Relazione da parte del CdA, con il suo atto.
pub async fn approva<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    testo_atto: &str,
) -> Result<RelazioneRegistrata, Errore> {
    let permesso = ctx.autorizza(Azione::ApprovaRelazione, Ambito::Ente)?;
    let a = atto(testo_atto)?;
    let (_, ids) = carica(repo, ctx, anno).await?;
    let prima = relazione_esistente(repo, ctx, ids.ciclo, anno).await?;
    prima
        .stato
        .verifica_approvazione(anno)
        .map_err(Errore::Conflitto)?;
    let mut dopo = prima.clone();
    dopo.stato = StatoRelazione::Approvata;
    dopo.atto_approvazione = Some(a.to_string());
    dopo.approvata_il = Some(a.data);
    dopo.approvata_da = Some(ctx.utente.nome());
    let ev = ctx
        .evento(
            &permesso,
            "relazione.approva",
            format!(
                "approvazione della Relazione sulla performance {} {anno} ({a})",
                ctx.ente
            ),
        )
        .entita(prima.id)
        .prima(json(&prima))
        .dopo(json(&dopo));
    dopo.revisione = repo
        .aggiorna_relazione(
            ctx.tenant,
            ids.ciclo,
            &dopo,
            Some(&a.riga(format!(
                "Approvazione della Relazione sulla performance {anno}"
            ))),
            prima.revisione,
            &ev,
        )
        .await?;
    Ok(dopo)
}

/// La validazione del Nucleo/OIV, con la sua data e il suo testo: da qui l'anno è congelato.
pub async fn valida<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    data: NaiveDate,
    testo: &str,
) -> Result<RelazioneRegistrata, Errore> {
    let permesso = ctx.autorizza(Azione::ValidaRelazione, Ambito::Ente)?;
    let testo = testo_non_vuoto(testo, "la validazione")?;
    let (_, ids) = carica(repo, ctx, anno).await?;
    let prima = relazione_esistente(repo, ctx, ids.ciclo, anno).await?;
    prima
        .stato
        .verifica_validazione(anno)
        .map_err(Errore::Conflitto)?;
    if let Some(approvata) = prima.approvata_il
        && data < approvata
    {
        return Err(Errore::NonValido(format!(
            "la validazione ({}) non può precedere l'approvazione del CdA ({})",
            data.format("%d/%m/%Y"),
            approvata.format("%d/%m/%Y")
        )));
    }
    let mut dopo = prima.clone();
    dopo.stato = StatoRelazione::Validata;
    dopo.validata_il = Some(data);
    dopo.validazione_testo = Some(testo);
    dopo.validata_da = Some(ctx.utente.nome());
    let ev = ctx
        .evento(
            &permesso,
            "relazione.valida",
            format!(
                "validazione della Relazione sulla performance {} {anno} del {}",
                ctx.ente,
                data.format("%d/%m/%Y")
            ),
        )
        .entita(prima.id)
        .prima(json(&prima))
        .dopo(json(&dopo));
    dopo.revisione = repo
        .aggiorna_relazione(ctx.tenant, ids.ciclo, &dopo, None, prima.revisione, &ev)
        .await?;
    Ok(dopo)
}

/// Un'osservazione del Nucleo/OIV su un obiettivo o un suo indicatore.
pub async fn osserva<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    b: &Bersaglio,
    testo: &str,
) -> Result<Uuid, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let (o, ind, ambito) = bersaglio(&p, &ids, b)?;
    let permesso = ctx.autorizza(Azione::OsservaOiv, ambito)?;
    let testo = testo_non_vuoto(testo, "l'osservazione")?;
    non_validata(repo, ctx, ids.ciclo, anno, "le osservazioni").await?;
    let x = OsservazioneRegistrata {
        id: nuovo_uuid(),
        obiettivo: o,
        indicatore: ind,
        testo,
        registrata_da: ctx.utente.nome(),
        registrata_il: Utc::now(),
    };
    let ev = ctx
        .evento(
            &permesso,
            "oiv.osservazione",
            format!(
                "osservazione del Nucleo/OIV sull'{} ({} {anno})",
                b.descrizione(),
                ctx.ente
            ),
        )
        .entita(x.id)
        .dopo(Some(x.testo.clone()));
    repo.aggiungi_osservazione(ctx.tenant, ids.ciclo, &x, &ev)
        .await?;
    Ok(x.id)
}

/// Il raggiungimento accertato dal Nucleo/OIV, con il motivo: accanto al dichiarato, vale a
/// Relazione validata. Se c'è già, lo cambia.
pub async fn accerta<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    b: &Bersaglio,
    raggiungimento: Decimal,
    motivo: &str,
) -> Result<EsitoFatto, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let (o, ind, ambito) = bersaglio(&p, &ids, b)?;
    let permesso = ctx.autorizza(Azione::OsservaOiv, ambito)?;
    valida_percentuale(raggiungimento, "il raggiungimento accertato").map_err(Errore::NonValido)?;
    let motivo = testo_non_vuoto(motivo, "il motivo dell'accertamento")?;
    non_validata(repo, ctx, ids.ciclo, anno, "i raggiungimenti accertati").await?;
    let prima = repo
        .accertamenti(ctx.tenant, ids.ciclo)
        .await?
        .into_iter()
        .find(|a| a.obiettivo == o && a.indicatore == ind);
    let x = AccertamentoRegistrato {
        id: prima.as_ref().map(|a| a.id).unwrap_or_else(nuovo_uuid),
        obiettivo: o,
        indicatore: ind,
        raggiungimento,
        motivo,
        revisione: prima.as_ref().map(|a| a.revisione).unwrap_or(0),
        aggiornato_da: ctx.utente.nome(),
        aggiornato_il: Utc::now(),
    };
    let ev = ctx
        .evento(
            &permesso,
            "oiv.accertamento",
            format!(
                "raggiungimento accertato dal Nucleo/OIV per l'{} ({} {anno})",
                b.descrizione(),
                ctx.ente
            ),
        )
        .entita(x.id)
        .prima(prima.as_ref().and_then(json))
        .dopo(json(&x));
    let revisione = repo
        .salva_accertamento(ctx.tenant, ids.ciclo, &x, prima.map(|a| a.revisione), &ev)
        .await?;
    Ok(EsitoFatto {
        id: x.id,
        revisione,
    })
}

/// La proposta del Nucleo/OIV per la valutazione del direttore (punteggio e motivazione).
pub async fn proponi_direttore<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    punteggio: Decimal,
    testo: &str,
) -> Result<EsitoFatto, Errore> {
    let permesso = ctx.autorizza(Azione::ProponiValutazioneDirettore, Ambito::Ente)?;
    valida_percentuale(punteggio, "il punteggio proposto").map_err(Errore::NonValido)?;
    let testo = testo_non_vuoto(testo, "la proposta")?;
    let (_, ids) = carica(repo, ctx, anno).await?;
    non_validata(repo, ctx, ids.ciclo, anno, "le proposte").await?;
    let prima = repo.proposta_direttore(ctx.tenant, ids.ciclo).await?;
    if let Some(x) = &prima
        && let Some(a) = &x.decisione_atto
    {
        return Err(Errore::Conflitto(format!(
            "il CdA ha già deciso sulla valutazione del direttore ({a}): la proposta non si cambia"
        )));
    }
    let x = PropostaDirettore {
        id: prima.as_ref().map(|a| a.id).unwrap_or_else(nuovo_uuid),
        punteggio,
        testo,
        proposta_da: ctx.utente.nome(),
        proposta_il: Utc::now(),
        decisione_atto: None,
        decisione_punteggio: None,
        decisione_da: None,
        decisione_il: None,
        revisione: prima.as_ref().map(|a| a.revisione).unwrap_or(0),
    };
    let ev = ctx
        .evento(
            &permesso,
            "oiv.proposta_direttore",
            format!(
                "proposta del Nucleo/OIV per la valutazione del direttore ({} {anno})",
                ctx.ente
            ),
        )
        .entita(x.id)
        .prima(prima.as_ref().and_then(json))
        .dopo(json(&x));
    let revisione = repo
        .salva_proposta_direttore(
            ctx.tenant,
            ids.ciclo,
            &x,
            None,
            prima.map(|a| a.revisione),
            &ev,
        )
        .await?;
    Ok(EsitoFatto {
        id: x.id,
        revisione,
    })
}

/// La decisione del CdA sulla valutazione del direttore, per atto: il punteggio deciso
/// (predefinito: quello proposto dal Nucleo/OIV).
pub async fn decidi_direttore<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    testo_atto: &str,
    punteggio: Option<Decimal>,
) -> Result<PropostaDirettore, Errore> {
    let permesso = ctx.autorizza(Azione::DecidiValutazioneDirettore, Ambito::Ente)?;
    let a = atto(testo_atto)?;
    if let Some(v) = punteggio {
        valida_percentuale(v, "il punteggio deciso").map_err(Errore::NonValido)?;
    }
    let (_, ids) = carica(repo, ctx, anno).await?;
    let prima = repo
        .proposta_direttore(ctx.tenant, ids.ciclo)
        .await?
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "il Nucleo/OIV non ha ancora proposto la valutazione del direttore per il {anno} (oiv propose)"
            ))
        })?;
    if let Some(gia) = &prima.decisione_atto {
        return Err(Errore::Conflitto(format!(
            "la decisione del CdA sulla valutazione del direttore è già registrata ({gia})"
        )));
    }
    let mut dopo = prima.clone();
    dopo.decisione_atto = Some(a.to_string());
    dopo.decisione_punteggio = Some(punteggio.unwrap_or(prima.punteggio));
    dopo.decisione_da = Some(ctx.utente.nome());
    dopo.decisione_il = Some(a.data);
    let ev = ctx
        .evento(
            &permesso,
            "relazione.decisione_direttore",
            format!(
                "decisione del CdA sulla valutazione del direttore ({} {anno}, {a})",
                ctx.ente
            ),
        )
        .entita(prima.id)
        .prima(json(&prima))
        .dopo(json(&dopo));
    dopo.revisione = repo
        .salva_proposta_direttore(
            ctx.tenant,
            ids.ciclo,
            &dopo,
            Some(&a.riga(format!(
                "Decisione del CdA sulla valutazione del direttore {anno}"
            ))),
            Some(prima.revisione),
            &ev,
        )
        .await?;
    Ok(dopo)
}

/// Ripartisce il fondo con i punteggi di oggi e memorizza la ripartizione: in bozza quando si
/// vuole, definitiva solo a Relazione validata (i punteggi usano allora gli accertamenti).
pub async fn ripartisci_e_memorizza<
    R: EntiRepo + PianiRepo + ValutazioneRepo + FattiRepo + OrganizzazioneRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    fondo: Importo,
    checkpoint: Option<&str>,
    definitiva: bool,
) -> Result<(RipartizioneSalvata, Ripartizione), Errore> {
    let permesso = ctx.autorizza(Azione::EseguiFondo, Ambito::Ente)?;
    let (_, ids) = carica(repo, ctx, anno).await?;
    if definitiva {
        let stato = repo
            .relazione(ctx.tenant, ids.ciclo, anno)
            .await?
            .map(|r| r.stato);
        if stato != Some(StatoRelazione::Validata) {
            return Err(Errore::Conflitto(format!(
                "il fondo {anno} diventa definitivo solo dopo la validazione della Relazione sulla performance ({}): i premi si pagano dopo la validazione; intanto si può salvare una bozza",
                match stato {
                    None => "la Relazione non c'è ancora".to_string(),
                    Some(s) => format!("oggi è {s}"),
                }
            )));
        }
    }
    if definitiva
        && let Some(gia) = repo
            .ripartizioni(ctx.tenant, ids.ciclo)
            .await?
            .into_iter()
            .find(|r| r.definitiva)
    {
        return Err(Errore::Conflitto(format!(
            "il fondo {anno} ha già la sua ripartizione definitiva (n. {}, {} distribuiti): non si rifà",
            gia.numero,
            gia.distribuito.formato_it()
        )));
    }
    let (rip, _) = ripartisci_fondo(repo, ctx, anno, fondo, checkpoint, None).await?;
    let anagrafica = repo.anagrafica(ctx.tenant, ids.ciclo).await?;
    let x = RipartizioneSalvata {
        id: nuovo_uuid(),
        numero: 0,
        definitiva,
        fondo: rip.fondo,
        distribuito: rip.distribuito,
        checkpoint: checkpoint.map(str::to_string),
        regola: rip.regola.clone(),
        creata_da: ctx.utente.nome(),
        creata_il: Utc::now(),
        righe: rip
            .premi
            .iter()
            .map(|p| RigaRipartizione {
                persona: p.codice.clone(),
                persona_id: anagrafica.persona(&p.codice),
                nome: p.nome.clone(),
                ammesso: p.ammesso,
                punteggio: p.punteggio,
                premio: p.premio,
            })
            .collect(),
    };
    let ev = ctx
        .evento(
            &permesso,
            if definitiva {
                "fondo.ripartizione_definitiva"
            } else {
                "fondo.ripartizione_bozza"
            },
            format!(
                "ripartizione {} del fondo {} {anno}: {} distribuiti su {}",
                if definitiva { "definitiva" } else { "in bozza" },
                ctx.ente,
                rip.distribuito.formato_it(),
                rip.fondo.formato_it()
            ),
        )
        .entita(x.id)
        .dopo(json(&serde_json::json!({
            "fondo_cent": rip.fondo.centesimi(),
            "distribuito_cent": rip.distribuito.centesimi(),
            "persone": x.righe.len(),
        })));
    let numero = repo
        .salva_ripartizione(ctx.tenant, ids.ciclo, &x, &ev)
        .await?;
    Ok((RipartizioneSalvata { numero, ..x }, rip))
}

/// Le ripartizioni memorizzate del ciclo.
pub async fn ripartizioni<R: PianiRepo + ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<Vec<RipartizioneSalvata>, Errore> {
    ctx.autorizza(Azione::LeggiValutazione, Ambito::Ente)?;
    if !ctx.vede_tutte_le_persone() {
        return Err(Errore::NonAutorizzato(
            "le ripartizioni del fondo riportano i premi di ogni persona: servono i dati personali di tutto l'ente".into(),
        ));
    }
    let (_, ids) = carica(repo, ctx, anno).await?;
    repo.ripartizioni(ctx.tenant, ids.ciclo).await
}

/// Come l'ente chiama il suo organismo di valutazione («Nucleo di valutazione», «OIV»…):
/// lo cambia l'amministratore di sistema.
pub async fn imposta_denominazione_oiv<R: ValutazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    nome: &str,
) -> Result<String, Errore> {
    let permesso = ctx.autorizza(Azione::GestisciUtenti, Ambito::Ente)?;
    let nome = testo_non_vuoto(nome, "il nome del Nucleo/OIV")?;
    let prima = repo.denominazione_oiv(ctx.tenant).await?;
    let ev = ctx
        .evento(
            &permesso,
            "ente.denominazione_oiv",
            format!("nome dell'organismo di valutazione di {}", ctx.ente),
        )
        .prima(Some(prima))
        .dopo(Some(nome.clone()));
    repo.imposta_denominazione_oiv(ctx.tenant, &nome, &ev)
        .await?;
    Ok(nome)
}
