//! Le versioni del piano approvate con un atto: bozza → (proposta) → approvata → variazione.
//!
//! La versione di testa (numero più alto) è quella delle tabelle di lavoro. Quando è approvata,
//! il piano del ciclo è congelato: i comandi lo rifiutano qui con un messaggio chiaro e i trigger
//! del database sono l'ultima difesa. L'approvazione copia il contenuto (il file del piano con gli
//! id e i collegamenti dei capitoli) nella versione; le versioni precedenti si leggono da lì.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::comandi_monitoraggio::carica;
use crate::contesto::Contesto;
use crate::file_piano::{leggi_file_piano, scrivi_file_piano, scrivi_piano};
use crate::identita::{IdentitaObiettivo, IdentitaPiano};
use crate::porte::{PianiRepo, TenantId};
use crate::porte_versioni::{
    Approvazione, CollegamentoVersione, ErrataCorrige, StatoVersione, VersioneRegistrata,
    VersioniCiclo, VersioniRepo,
};
use crate::versioni_diff::{ContenutoLetto, DiffVersioni, confronta};
use serde::{Deserialize, Serialize};
use traguardo_domain::atto::RiferimentoAtto;
use traguardo_domain::id::{IdCiclo, IdObiettivo};
use traguardo_domain::piano::Atto;
use traguardo_domain::rilievi::{Gravita, Rilievo};
use traguardo_domain::validazione::valida;

/// Il contenuto di una versione approvata, come è memorizzato (JSON).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Contenuto {
    /// Il file del piano con gli id (`export plan --with-ids`), byte per byte.
    pub piano: String,
    pub collegamenti_capitoli: Vec<CollegamentoVersione>,
}

/// Vista di una versione: stato, atto, approvazione, avvertenze, forzatura, errata corrige.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaVersione {
    pub numero: i32,
    pub stato: StatoVersione,
    /// Il testo dell'atto («deliberazione CdA n. 23 del 30/01/2023»).
    pub atto: Option<String>,
    /// Data dell'approvazione, gg/mm/aaaa.
    pub approvata_il: Option<String>,
    pub approvata_da: Option<String>,
    pub avvertenze: Vec<Rilievo>,
    pub forzatura_motivo: Option<String>,
    pub errata: Vec<VistaErrata>,
    /// Vero per la versione di testa (quella delle tabelle di lavoro).
    pub testa: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaErrata {
    pub motivo: String,
    pub testo: Option<String>,
    pub autore: String,
    /// gg/mm/aaaa
    pub data: String,
}

/// Le versioni del piano di un ciclo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaVersioni {
    pub ente: String,
    pub anno: i32,
    pub versioni: Vec<VistaVersione>,
}

/// Esito di un'approvazione.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsitoApprovazione {
    pub numero: i32,
    pub atto: String,
    /// Gli errori della verifica superati con la forzatura (vuoto senza forzatura).
    pub errori_forzati: Vec<Rilievo>,
    pub avvertenze: Vec<Rilievo>,
}

fn data_it(d: chrono::DateTime<chrono::Utc>) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn vista(v: &VersioneRegistrata, testa: bool) -> VistaVersione {
    VistaVersione {
        numero: v.numero,
        stato: v.stato,
        atto: v.atto.as_ref().map(|a| a.to_string()),
        approvata_il: v.approvata_il.map(data_it),
        approvata_da: v.approvata_da.clone(),
        avvertenze: v
            .avvertenze
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or_default(),
        forzatura_motivo: v.forzatura_motivo.clone(),
        errata: v
            .errata
            .iter()
            .map(|e| VistaErrata {
                motivo: e.motivo.clone(),
                testo: e.testo.clone(),
                autore: e.autore.clone(),
                data: data_it(e.data),
            })
            .collect(),
        testa,
    }
}

async fn le_versioni<R: VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<VersioniCiclo, Errore> {
    repo.versioni(ctx.tenant, anno).await?.ok_or_else(|| {
        Errore::NonTrovato(format!(
            "l'ente «{}» non ha un ciclo che inizia nel {anno}",
            ctx.ente
        ))
    })
}

fn testa(v: &VersioniCiclo) -> Result<&VersioneRegistrata, Errore> {
    v.testa()
        .ok_or_else(|| Errore::interno("il ciclo non ha nessuna versione del piano"))
}

/// Il messaggio del rifiuto di una scrittura su un piano approvato.
pub fn messaggio_congelato(v: &VersioneRegistrata) -> String {
    format!(
        "la versione {} è approvata (atto {}): usa `plan vary`",
        v.numero,
        v.atto
            .as_ref()
            .map(|a| a.to_string())
            .unwrap_or_else(|| "non indicato".into())
    )
}

/// Rifiuta una scrittura sul piano del ciclo se la sua versione di testa è approvata. Non
/// chiede autorizzazioni: la chiede il comando che scrive. Un ciclo che non esiste passa (lo
/// dirà il comando).
pub async fn rifiuta_se_approvata<R: VersioniRepo>(
    repo: &R,
    tenant: TenantId,
    anno: i32,
) -> Result<(), Errore> {
    if let Some(v) = repo.versioni(tenant, anno).await?
        && let Some(t) = v.testa()
        && t.stato == StatoVersione::Approvata
    {
        return Err(Errore::Conflitto(messaggio_congelato(t)));
    }
    Ok(())
}

/// Le versioni del piano del ciclo, con atti ed errata corrige.
pub async fn versioni<R: VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<VistaVersioni, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let v = le_versioni(repo, ctx, anno).await?;
    let n = testa(&v)?.numero;
    Ok(VistaVersioni {
        ente: ctx.ente.clone(),
        anno,
        versioni: v.versioni.iter().map(|x| vista(x, x.numero == n)).collect(),
    })
}

/// Una versione del piano.
pub async fn versione<R: VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    numero: i32,
) -> Result<VistaVersione, Errore> {
    versioni(repo, ctx, anno)
        .await?
        .versioni
        .into_iter()
        .find(|v| v.numero == numero)
        .ok_or_else(|| non_trovata(anno, numero))
}

fn non_trovata(anno: i32, numero: i32) -> Errore {
    Errore::NonTrovato(format!(
        "il piano del ciclo {anno} non ha la versione {numero}"
    ))
}

/// `plan submit`: la bozza di testa diventa proposta (al CdA).
pub async fn sottoponi<R: VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<VistaVersione, Errore> {
    let permesso = ctx.autorizza(Azione::ApprovaPiano, Ambito::Ente)?;
    let v = le_versioni(repo, ctx, anno).await?;
    let t = testa(&v)?;
    match t.stato {
        StatoVersione::Bozza => {}
        StatoVersione::Proposta => {
            return Err(Errore::Conflitto(format!(
                "la versione {} è già proposta: si approva con `plan approve --act …`",
                t.numero
            )));
        }
        StatoVersione::Approvata => return Err(Errore::Conflitto(messaggio_congelato(t))),
    }
    let ev = ctx
        .evento(
            &permesso,
            "piano.proponi",
            format!("piano {} {anno}: versione {} proposta", ctx.ente, t.numero),
        )
        .prima(Some("bozza".into()))
        .dopo(Some("proposta".into()))
        .entita(t.id);
    repo.cambia_stato(
        ctx.tenant,
        v.ciclo,
        t.numero,
        StatoVersione::Bozza,
        StatoVersione::Proposta,
        &ev,
    )
    .await?;
    versione(repo, ctx, anno, t.numero).await
}

/// Il contenuto della versione di testa come è ora nelle tabelle di lavoro.
async fn contenuto_attuale<R: PianiRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<(Contenuto, traguardo_domain::piano::Piano, IdentitaPiano), Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let collegamenti = repo.collegamenti_del_ciclo(ctx.tenant, ids.ciclo).await?;
    Ok((
        Contenuto {
            piano: scrivi_file_piano(&p, Some(&ids)),
            collegamenti_capitoli: collegamenti,
        },
        p,
        ids,
    ))
}

/// `plan approve --act "…" [--override "motivo"]`: approva la versione di testa (bozza o
/// proposta) con l'atto. Rifiutata se la verifica del piano (`traguardo check`) dà errori, che
/// elenca, a meno di una forzatura con il suo motivo scritto; le avvertenze si mostrano e si
/// registrano con la versione.
pub async fn approva<R: PianiRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    atto: &str,
    forzatura: Option<&str>,
) -> Result<EsitoApprovazione, Errore> {
    let permesso = ctx.autorizza(Azione::ApprovaPiano, Ambito::Ente)?;
    let rif = RiferimentoAtto::leggi(atto).map_err(Errore::NonValido)?;
    let forzatura = match forzatura.map(str::trim) {
        Some("") => {
            return Err(Errore::NonValido(
                "la forzatura richiede un motivo scritto: --override \"motivo\"".into(),
            ));
        }
        f => f.map(str::to_string),
    };
    let v = le_versioni(repo, ctx, anno).await?;
    let t = testa(&v)?;
    if t.stato == StatoVersione::Approvata {
        return Err(Errore::Conflitto(format!(
            "la versione {} è già approvata (atto {}): per cambiarla usa `plan vary`",
            t.numero,
            t.atto.as_ref().map(|a| a.to_string()).unwrap_or_default()
        )));
    }
    let (mut contenuto, mut piano, ids) = contenuto_attuale(repo, ctx, anno).await?;
    let rilievi = valida(&piano);
    let (errori, avvertenze): (Vec<Rilievo>, Vec<Rilievo>) = rilievi
        .into_iter()
        .partition(|r| r.gravita == Gravita::Errore);
    if !errori.is_empty() && forzatura.is_none() {
        let mut elenco = errori;
        elenco.push(Rilievo::errore(
            traguardo_domain::rilievi::CodiceRilievo::ConfermaNecessaria,
            "",
            format!(
                "la versione {} non è stata approvata: correggi gli errori, oppure approva con --override \"motivo\"",
                t.numero
            ),
        ));
        return Err(Errore::Rifiutato(elenco));
    }
    // L'atto: quello del ciclo con gli stessi tipo, organo, numero e data, se c'è; altrimenti
    // uno nuovo, che entra anche nel contenuto approvato (in coda agli atti).
    // Tipo e organo con le maiuscole indifferenti, come la ricerca dell'atto nello storage.
    let uguale = |a: &Atto| {
        a.tipo.to_lowercase() == rif.tipo
            && a.organo.as_deref().map(str::to_lowercase)
                == rif.organo.as_deref().map(str::to_lowercase)
            && a.numero.as_deref() == Some(rif.numero.as_str())
            && a.data == Some(rif.data)
    };
    let riga_atto = match piano.atti.iter().find(|a| uguale(a)) {
        Some(a) => a.clone(),
        None => {
            let mut codice = rif.codice();
            let mut k = 2;
            while piano.atti.iter().any(|a| a.codice == codice) {
                codice = format!("{}-{k}", rif.codice());
                k += 1;
            }
            let nuovo = Atto {
                codice,
                tipo: rif.tipo.clone(),
                organo: rif.organo.clone(),
                numero: Some(rif.numero.clone()),
                data: Some(rif.data),
                oggetto: Some(format!(
                    "Approvazione della versione {} del piano {anno}",
                    t.numero
                )),
            };
            piano.atti.push(nuovo.clone());
            contenuto.piano = scrivi_file_piano(&piano, Some(&ids));
            nuovo
        }
    };
    let testo_contenuto = serde_json::to_string(&contenuto)
        .map_err(|e| Errore::interno_da("contenuto della versione", e))?;
    let avvertenze_json = serde_json::to_string(&avvertenze)
        .map_err(|e| Errore::interno_da("avvertenze della versione", e))?;
    let ev = ctx
        .evento(
            &permesso,
            "piano.approva",
            format!(
                "piano {} {anno}: versione {} approvata con {rif}{}",
                ctx.ente,
                t.numero,
                if forzatura.is_some() {
                    " (con forzatura)"
                } else {
                    ""
                }
            ),
        )
        .prima(Some(t.stato.codice().to_string()))
        .dopo(
            serde_json::to_string(&serde_json::json!({
                "stato": "approvata",
                "atto": rif.to_string(),
                "forzatura_motivo": forzatura,
                "errori_forzati": if forzatura.is_some() { errori.clone() } else { Vec::new() },
                "avvertenze": avvertenze,
            }))
            .ok(),
        )
        .entita(t.id);
    repo.approva(
        ctx.tenant,
        ids.ciclo,
        &Approvazione {
            numero: t.numero,
            revisione_dati: v.revisione_dati,
            atto: riga_atto,
            avvertenze: avvertenze_json,
            forzatura_motivo: forzatura.clone(),
            contenuto: testo_contenuto,
        },
        &ev,
    )
    .await?;
    Ok(EsitoApprovazione {
        numero: t.numero,
        atto: rif.to_string(),
        errori_forzati: if forzatura.is_some() {
            errori
        } else {
            Vec::new()
        },
        avvertenze,
    })
}

/// `plan vary`: apre la variazione, versione N+1 in bozza, da una testa approvata. Le tabelle
/// di lavoro non cambiano e tornano scrivibili.
pub async fn varia<R: VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<VistaVersione, Errore> {
    let permesso = ctx.autorizza(Azione::ApprovaPiano, Ambito::Ente)?;
    let v = le_versioni(repo, ctx, anno).await?;
    let t = testa(&v)?;
    if t.stato != StatoVersione::Approvata {
        return Err(Errore::Conflitto(format!(
            "la versione {} è ancora {}: la variazione si apre solo da una versione approvata",
            t.numero,
            t.stato.codice()
        )));
    }
    let ev = ctx
        .evento(
            &permesso,
            "piano.varia",
            format!(
                "piano {} {anno}: variazione, versione {} in bozza",
                ctx.ente,
                t.numero + 1
            ),
        )
        .prima(Some(format!("versione {} approvata", t.numero)));
    let n = repo
        .apri_variazione(ctx.tenant, v.ciclo, t.numero, &ev)
        .await?;
    versione(repo, ctx, anno, n).await
}

/// `plan errata --version N --reason "…" [--text "…"]`: una correzione della versione approvata
/// N, con motivo, autore e data. Il testo approvato non cambia.
pub async fn errata<R: VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    numero: i32,
    motivo: &str,
    testo: Option<&str>,
) -> Result<VistaVersione, Errore> {
    let permesso = ctx.autorizza(Azione::ApprovaPiano, Ambito::Ente)?;
    if motivo.trim().is_empty() {
        return Err(Errore::NonValido(
            "l'errata corrige richiede il motivo: --reason \"…\"".into(),
        ));
    }
    let v = le_versioni(repo, ctx, anno).await?;
    let x = v
        .versioni
        .iter()
        .find(|x| x.numero == numero)
        .ok_or_else(|| non_trovata(anno, numero))?;
    if x.stato != StatoVersione::Approvata {
        return Err(Errore::Conflitto(format!(
            "la versione {numero} è {}: l'errata corrige si scrive solo su una versione approvata (la bozza si corregge direttamente)",
            x.stato.codice()
        )));
    }
    let e = ErrataCorrige {
        motivo: motivo.trim().to_string(),
        testo: testo
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from),
        autore: ctx.utente.nome(),
        data: chrono::Utc::now(),
    };
    let ev = ctx
        .evento(
            &permesso,
            "piano.errata",
            format!(
                "piano {} {anno}: errata corrige della versione {numero}",
                ctx.ente
            ),
        )
        .dopo(serde_json::to_string(&e).ok())
        .entita(x.id);
    repo.aggiungi_errata(ctx.tenant, x.id, &e, &ev).await?;
    versione(repo, ctx, anno, numero).await
}

/// Il contenuto (JSON) della versione `numero`: quello approvato, o per una testa non ancora
/// approvata quello delle tabelle di lavoro.
async fn contenuto_versione<R: PianiRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    numero: i32,
) -> Result<Contenuto, Errore> {
    let v = le_versioni(repo, ctx, anno).await?;
    let x = v
        .versioni
        .iter()
        .find(|x| x.numero == numero)
        .ok_or_else(|| non_trovata(anno, numero))?;
    match &x.contenuto {
        Some(c) => serde_json::from_str(c)
            .map_err(|e| Errore::interno_da(format!("contenuto della versione {numero}"), e)),
        None => Ok(contenuto_attuale(repo, ctx, anno).await?.0),
    }
}

fn leggi_contenuto(c: &Contenuto, numero: i32) -> Result<ContenutoLetto, Errore> {
    let (piano, ids) = leggi_file_piano(c.piano.as_bytes(), &format!("versione {numero}"))
        .map_err(|r| {
            Errore::interno(format!(
                "il contenuto della versione {numero} non si rilegge: {}",
                r.iter()
                    .map(|x| x.messaggio.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        })?;
    Ok(ContenutoLetto {
        piano,
        ids,
        collegamenti: c.collegamenti_capitoli.clone(),
    })
}

/// `plan diff --from-version A --to-version B`: cosa cambia dalla versione A alla B.
pub async fn diff<R: PianiRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    da: i32,
    a: i32,
) -> Result<DiffVersioni, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let mut prima = leggi_contenuto(&contenuto_versione(repo, ctx, anno, da).await?, da)?;
    let mut dopo = leggi_contenuto(&contenuto_versione(repo, ctx, anno, a).await?, a)?;
    // Chi non vede i dati personali non vede nemmeno le assegnazioni delle persone altrui.
    ctx.oscura_piano(&mut prima.piano);
    ctx.oscura_piano(&mut dopo.piano);
    Ok(confronta(&ctx.ente, anno, da, a, &prima, &dopo))
}

/// `export plan --version N`: il file del piano della versione N (con gli id se `con_id`).
pub async fn esporta_versione<R: PianiRepo + VersioniRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    numero: i32,
    con_id: bool,
) -> Result<String, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let c = contenuto_versione(repo, ctx, anno, numero).await?;
    if con_id && ctx.vede_tutte_le_persone() {
        return Ok(c.piano);
    }
    let letto = leggi_contenuto(&c, numero)?;
    let mut p = letto.piano;
    ctx.oscura_piano(&mut p);
    if !con_id {
        return Ok(scrivi_piano(&p));
    }
    let ids = IdentitaPiano {
        ciclo: IdCiclo(uuid::Uuid::nil()),
        obiettivi: letto
            .ids
            .obiettivi
            .iter()
            .map(|o| IdentitaObiettivo {
                id: o.id.unwrap_or(IdObiettivo(uuid::Uuid::nil())),
                revisione: 0,
                steps: o.steps.iter().flatten().copied().collect(),
                indicatori: o.indicatori.iter().flatten().copied().collect(),
            })
            .collect(),
        checkpoint: letto.ids.checkpoint.iter().flatten().copied().collect(),
    };
    Ok(scrivi_file_piano(&p, Some(&ids)))
}

/// Il testo di un elenco di versioni, per la CLI.
pub fn testo_versioni(v: &VistaVersioni) -> String {
    let mut s = format!("Versioni del piano {} {}:\n", v.ente, v.anno);
    for x in &v.versioni {
        s.push_str(&testo_versione(x));
    }
    s
}

/// Il testo di una versione, con le sue errata corrige.
pub fn testo_versione(x: &VistaVersione) -> String {
    let mut s = format!("versione {}: {}", x.numero, x.stato.codice());
    if let Some(a) = &x.atto {
        s.push_str(&format!(" con {a}"));
    }
    if let Some(d) = &x.approvata_il {
        s.push_str(&format!(", registrata il {d}"));
    }
    if let Some(d) = &x.approvata_da {
        s.push_str(&format!(" da {d}"));
    }
    if x.testa {
        // La versione di testa è quella che i comandi leggono e (se non approvata) modificano.
        s.push_str(if x.stato == StatoVersione::Approvata {
            " (in vigore)"
        } else {
            " (la più recente, in lavorazione)"
        });
    }
    s.push('\n');
    if let Some(f) = &x.forzatura_motivo {
        s.push_str(&format!("  forzatura degli errori della verifica: {f}\n"));
    }
    for a in &x.avvertenze {
        s.push_str(&format!("  avvertenza {}: {}\n", a.codice, a.messaggio));
    }
    for e in &x.errata {
        s.push_str(&format!(
            "  errata corrige del {} ({}): {}",
            e.data, e.autore, e.motivo
        ));
        if let Some(t) = &e.testo {
            s.push_str(&format!(" — testo corretto: {t}"));
        }
        s.push('\n');
    }
    s
}
