//! Casi d'uso dell'organizzazione nel tempo: CdR che nascono e chiudono, responsabili, persone
//! che entrano, cambiano CdR o ruolo ed escono; presenze e part-time per anno dal sistema delle
//! presenze; CdR capofila degli obiettivi condivisi.
//!
//! Ogni comando chiede il permesso (`Azione::ModificaOrganizzazione` o `ImportaPresenze`), legge
//! la storia del ciclo, decide con la regola del dominio (`traguardo_domain::organizzazione`) i
//! periodi da aprire e da chiudere e li scrive in una transazione con il suo audit. Un periodo
//! che si sovrapporrebbe a un altro della stessa cosa è rifiutato con un messaggio che dice
//! quale; nulla è scritto.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione, Permesso};
use crate::comandi_monitoraggio::carica;
use crate::contesto::Contesto;
use crate::identita::{IdentitaPiano, nuovo_uuid};
use crate::porte::PianiRepo;
use crate::porte_fatti::FattiRepo;
use crate::porte_organizzazione::{
    OrganizzazioneRepo, PresenzaAnnua, ScritturaOrganizzazione, TabellaPeriodi,
};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use traguardo_domain::fondo::Partecipante;
use traguardo_domain::id::{IdCdr, IdPersona};
use traguardo_domain::numeri::interpreta_decimale;
use traguardo_domain::organizzazione::{
    Periodo, PersonaStorica, StoriaOrganizzazione, verifica_sovrapposizione,
};
use traguardo_domain::piano::{LivelloUnita, Piano};
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};

use ScritturaOrganizzazione as S;
use TabellaPeriodi as T;

fn it(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Una data `gg/mm/aaaa` (o `aaaa-mm-gg`).
pub fn leggi_data(t: &str) -> Result<NaiveDate, Errore> {
    let t = t.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .map_err(|_| Errore::NonValido(format!("data «{t}» non valida: usare gg/mm/aaaa")))
}

fn giorno_prima(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(1)).unwrap_or(d)
}

/// Il piano del ciclo con le sue identità e la storia della sua organizzazione.
pub async fn storia<R: PianiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<(Piano, IdentitaPiano, StoriaOrganizzazione), Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let s = repo.storia_organizzazione(ctx.tenant, ids.ciclo).await?;
    Ok((p, ids, s))
}

/// Il ciclo dell'ente che contiene la data (quello iniziato più di recente, se più d'uno).
pub async fn ciclo_della_data<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    d: NaiveDate,
) -> Result<i32, Errore> {
    use chrono::Datelike;
    repo.elenco_cicli(ctx.tenant)
        .await?
        .iter()
        .filter(|c| c.anno_inizio <= d.year() && d.year() <= c.anno_fine)
        .map(|c| c.anno_inizio)
        .max()
        .ok_or_else(|| {
            Errore::NonTrovato(format!(
                "l'ente «{}» non ha un ciclo che comprenda il {}",
                ctx.ente,
                it(d)
            ))
        })
}

fn cdr_attivo<'a>(
    s: &'a StoriaOrganizzazione,
    codice: &str,
    d: NaiveDate,
) -> Result<&'a traguardo_domain::organizzazione::CdrStorico, Errore> {
    let c = s.cdr(codice).ok_or_else(|| {
        Errore::NonTrovato(format!(
            "il CdR «{codice}» non è nel ciclo (CdR: {})",
            s.cdr
                .iter()
                .map(|c| c.codice.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    if !c.attivo(&s.ciclo, d) {
        return Err(Errore::NonValido(format!(
            "il CdR «{codice}» non è attivo il {}",
            it(d)
        )));
    }
    Ok(c)
}

fn nel_ciclo(s: &StoriaOrganizzazione, d: NaiveDate) -> Result<(), Errore> {
    if s.ciclo.contiene(d) {
        Ok(())
    } else {
        Err(Errore::NonValido(format!(
            "la data {} è fuori dal ciclo ({})",
            it(d),
            s.ciclo.descrizione()
        )))
    }
}

fn persona<'a>(s: &'a StoriaOrganizzazione, codice: &str) -> Result<&'a PersonaStorica, Errore> {
    s.persona(codice).ok_or_else(|| {
        Errore::NonTrovato(format!(
            "la persona «{codice}» non è nel ciclo (per una persona nuova: person-join con il nome)"
        ))
    })
}

fn conflitto(m: String) -> Errore {
    Errore::Conflitto(m)
}

/// Esito di un comando dell'organizzazione: cosa è cambiato, in italiano.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsitoOrganizzazione {
    pub messaggio: String,
}

async fn scrivi<R: OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    permesso: &Permesso,
    ids: &IdentitaPiano,
    azione: &str,
    messaggio: String,
    scritture: Vec<ScritturaOrganizzazione>,
) -> Result<EsitoOrganizzazione, Errore> {
    let ev = ctx
        .evento(permesso, azione, format!("{} ({})", messaggio, ctx.ente))
        .dopo(serde_json::to_string(&scritture).ok());
    repo.scrivi_organizzazione(ctx.tenant, ids.ciclo, &scritture, &ev)
        .await?;
    Ok(EsitoOrganizzazione { messaggio })
}

/// Un nuovo CdR, attivo dalla data `dal`.
pub struct NuovoCdr {
    pub codice: String,
    pub nome: String,
    pub livello: LivelloUnita,
    pub padre: Option<String>,
}

/// Costituisce un CdR dal giorno `dal` (es. la U.O. «Sistemi informativi» di INRETE 2026).
pub async fn aggiungi_cdr<R: PianiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    cdr: NuovoCdr,
    dal: NaiveDate,
) -> Result<EsitoOrganizzazione, Errore> {
    let permesso = ctx.autorizza(Azione::ModificaOrganizzazione, Ambito::Ente)?;
    let (_, ids, s) = storia(repo, ctx, anno).await?;
    nel_ciclo(&s, dal)?;
    let codice = cdr.codice.trim().to_string();
    if codice.is_empty() || cdr.nome.trim().is_empty() {
        return Err(Errore::NonValido(
            "codice e nome del CdR non possono essere vuoti".into(),
        ));
    }
    if s.cdr(&codice).is_some() {
        return Err(conflitto(format!(
            "il CdR «{codice}» è già nel ciclo {anno}"
        )));
    }
    if let Some(p) = &cdr.padre {
        cdr_attivo(&s, p, dal)?;
    }
    let id = IdCdr(nuovo_uuid());
    let scritture = vec![
        S::NuovoCdr {
            id,
            codice: codice.clone(),
            nome: cdr.nome.trim().to_string(),
            livello: cdr.livello,
            padre: cdr.padre.clone(),
        },
        S::NuovoPeriodo {
            tabella: T::Cdr,
            id: nuovo_uuid(),
            cdr: id,
            persona: None,
            ruolo: None,
            dal,
            al: None,
        },
    ];
    scrivi(
        repo,
        ctx,
        &permesso,
        &ids,
        "organizzazione.cdr_nuovo",
        format!("CdR {codice} «{}» attivo dal {}", cdr.nome.trim(), it(dal)),
        scritture,
    )
    .await
}

/// Chiude un CdR il giorno `al` (compreso). Rifiutato se qualcuno vi lavora dopo quel giorno:
/// prima si spostano le persone. Il responsabile in carica termina con il CdR.
pub async fn chiudi_cdr<R: PianiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    codice: &str,
    al: NaiveDate,
) -> Result<EsitoOrganizzazione, Errore> {
    let permesso = ctx.autorizza(Azione::ModificaOrganizzazione, Ambito::Ente)?;
    let (_, ids, s) = storia(repo, ctx, anno).await?;
    let c = cdr_attivo(&s, codice, al)?;
    let dopo: Vec<&str> = s
        .persone
        .iter()
        .filter(|p| {
            if p.incarichi.is_empty() {
                p.cdr_piano.as_deref() == Some(codice)
            } else {
                p.incarichi
                    .iter()
                    .any(|i| i.cdr == codice && i.periodo.al.is_none_or(|x| x > al))
            }
        })
        .map(|p| p.codice.as_str())
        .collect();
    if !dopo.is_empty() {
        return Err(conflitto(format!(
            "il CdR {codice} non si può chiudere il {}: vi lavorano ancora dopo quel giorno {} \
             (prima person-move o person-leave)",
            it(al),
            dopo.join(", ")
        )));
    }
    let mut scritture = Vec::new();
    match c.validita.iter().find(|(_, p)| p.contiene(al)) {
        Some((id, _)) => scritture.push(S::ChiudiPeriodo {
            tabella: T::Cdr,
            id: *id,
            al,
        }),
        // Un CdR del piano senza periodi esiste dall'inizio del ciclo.
        None => scritture.push(S::NuovoPeriodo {
            tabella: T::Cdr,
            id: nuovo_uuid(),
            cdr: IdCdr(c.id),
            persona: None,
            ruolo: None,
            dal: s.ciclo.dal,
            al: Some(al),
        }),
    }
    for r in s.responsabilita(codice) {
        if r.periodo.contiene(al) && r.periodo.al != Some(al) {
            scritture.push(S::ChiudiPeriodo {
                tabella: T::Responsabile,
                id: r.id,
                al,
            });
        }
    }
    scrivi(
        repo,
        ctx,
        &permesso,
        &ids,
        "organizzazione.cdr_chiuso",
        format!("CdR {codice} chiuso il {}", it(al)),
        scritture,
    )
    .await
}

/// La persona del ciclo il cui nome apre il testo del responsabile del piano
/// («BOGGE ELISABETTA – direttrice» → BOGGE ELISABETTA).
fn persona_dal_testo<'a>(s: &'a StoriaOrganizzazione, testo: &str) -> Option<&'a PersonaStorica> {
    let t = testo.trim().to_uppercase();
    s.persone
        .iter()
        .filter(|p| {
            let n = p.nome.trim().to_uppercase();
            !n.is_empty() && (t == n || t.starts_with(&format!("{n} ")))
        })
        .max_by_key(|p| p.nome.len())
}

/// Nomina il responsabile di un CdR dal giorno `dal`: il responsabile in carica termina il
/// giorno prima.
pub async fn nomina_responsabile<R: PianiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    cdr: &str,
    codice_persona: &str,
    dal: NaiveDate,
) -> Result<EsitoOrganizzazione, Errore> {
    let permesso = ctx.autorizza(Azione::ModificaOrganizzazione, Ambito::Ente)?;
    let (_, ids, s) = storia(repo, ctx, anno).await?;
    let c = cdr_attivo(&s, cdr, dal)?;
    let p = persona(&s, codice_persona)?;
    if p.alla_data(&s.ciclo, dal).is_none() {
        return Err(Errore::NonValido(format!(
            "{codice_persona} non è in servizio il {}",
            it(dal)
        )));
    }
    let periodi = s.responsabilita(cdr);
    let mut scritture = Vec::new();
    let mut restanti: Vec<Periodo> = periodi.iter().map(|r| r.periodo).collect();
    let mut al = None;
    if let Some(r) = periodi.iter().find(|r| r.periodo.contiene(dal)) {
        if r.persona == codice_persona {
            return Err(conflitto(format!(
                "{codice_persona} è già responsabile del CdR {cdr} il {}",
                it(dal)
            )));
        }
        if r.periodo.dal == dal {
            return Err(conflitto(format!(
                "il CdR {cdr} ha già un responsabile ({}) dal {}",
                r.persona,
                it(dal)
            )));
        }
        scritture.push(S::ChiudiPeriodo {
            tabella: T::Responsabile,
            id: r.id,
            al: giorno_prima(dal),
        });
        al = r.periodo.al;
        restanti.retain(|x| x != &r.periodo);
        restanti.push(Periodo::new(r.periodo.dal, Some(giorno_prima(dal))));
    } else if periodi.is_empty()
        && dal > s.ciclo.dal
        && let Some(prima) = c
            .responsabile_piano
            .as_deref()
            .and_then(|t| persona_dal_testo(&s, t))
    {
        // Il responsabile scritto nel piano resta tale fino al giorno prima.
        let periodo = Periodo::new(s.ciclo.dal, Some(giorno_prima(dal)));
        scritture.push(S::NuovoPeriodo {
            tabella: T::Responsabile,
            id: nuovo_uuid(),
            cdr: IdCdr(c.id),
            persona: Some(IdPersona(prima.id)),
            ruolo: None,
            dal: periodo.dal,
            al: periodo.al,
        });
        restanti.push(periodo);
    }
    let nuovo = Periodo::new(dal, al);
    verifica_sovrapposizione(&restanti, &nuovo, &format!("i responsabili del CdR {cdr}"))
        .map_err(conflitto)?;
    scritture.push(S::NuovoPeriodo {
        tabella: T::Responsabile,
        id: nuovo_uuid(),
        cdr: IdCdr(c.id),
        persona: Some(IdPersona(p.id)),
        ruolo: None,
        dal,
        al,
    });
    scrivi(
        repo,
        ctx,
        &permesso,
        &ids,
        "organizzazione.responsabile",
        format!(
            "{codice_persona} ({}) responsabile del CdR {cdr} {}",
            p.nome,
            nuovo.descrizione()
        ),
        scritture,
    )
    .await
}

/// Una persona entra in servizio (o nel ciclo) il giorno `dal`, nel CdR e con il ruolo dati.
/// Una persona che il ciclo non ha ancora vi si aggiunge con il suo nome.
#[allow(clippy::too_many_arguments)]
pub async fn persona_entra<R: PianiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    codice_persona: &str,
    nome: Option<&str>,
    cdr: &str,
    ruolo: Option<&str>,
    dal: NaiveDate,
) -> Result<EsitoOrganizzazione, Errore> {
    let permesso = ctx.autorizza(Azione::ModificaOrganizzazione, Ambito::Ente)?;
    let (_, ids, s) = storia(repo, ctx, anno).await?;
    nel_ciclo(&s, dal)?;
    let c = cdr_attivo(&s, cdr, dal)?;
    let codice_persona = codice_persona.trim();
    let ruolo = ruolo
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let mut scritture = Vec::new();
    let (id, nome) = match s.persona(codice_persona) {
        Some(p) => {
            verifica_sovrapposizione(
                &p.periodi(),
                &Periodo::new(dal, None),
                &format!("gli incarichi di {codice_persona}"),
            )
            .map_err(conflitto)?;
            (IdPersona(p.id), p.nome.clone())
        }
        None => {
            let nome = nome
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .ok_or_else(|| {
                    Errore::NonValido(format!(
                        "la persona «{codice_persona}» non è nel ciclo {anno}: indicane il nome"
                    ))
                })?;
            if codice_persona.is_empty() {
                return Err(Errore::NonValido("il codice della persona è vuoto".into()));
            }
            let id = IdPersona(nuovo_uuid());
            scritture.push(S::NuovaPersona {
                id,
                codice: codice_persona.to_string(),
                nome: nome.to_string(),
                ruolo: ruolo.clone(),
                cdr: Some(cdr.to_string()),
            });
            (id, nome.to_string())
        }
    };
    scritture.push(S::NuovoPeriodo {
        tabella: T::Incarico,
        id: nuovo_uuid(),
        cdr: IdCdr(c.id),
        persona: Some(id),
        ruolo: ruolo.clone(),
        dal,
        al: None,
    });
    scrivi(
        repo,
        ctx,
        &permesso,
        &ids,
        "organizzazione.persona_entra",
        format!(
            "{codice_persona} ({nome}) nel CdR {cdr}{} dal {}",
            ruolo.map(|r| format!(" come {r}")).unwrap_or_default(),
            it(dal)
        ),
        scritture,
    )
    .await
}

/// L'incarico in corso alla data, materializzando quello del piano se la persona non ha
/// incarichi: (id dell'incarico da chiudere o `None`, CdR, ruolo, periodo, scritture).
fn incarico_alla_data(
    s: &StoriaOrganizzazione,
    p: &PersonaStorica,
    d: NaiveDate,
) -> Result<(Option<uuid::Uuid>, String, Option<String>, Periodo), Errore> {
    if p.incarichi.is_empty() {
        let cdr = p.cdr_piano.clone().filter(|c| s.cdr(c).is_some());
        return match cdr {
            Some(c) if s.ciclo.contiene(d) => Ok((
                None,
                c,
                p.ruolo_piano.clone(),
                Periodo::new(s.ciclo.dal, None),
            )),
            _ => Err(Errore::NonValido(format!(
                "{} non ha un CdR il {}: usa person-join",
                p.codice,
                it(d)
            ))),
        };
    }
    p.incarichi
        .iter()
        .find(|i| i.periodo.contiene(d))
        .map(|i| (Some(i.id), i.cdr.clone(), i.ruolo.clone(), i.periodo))
        .ok_or_else(|| {
            Errore::NonValido(format!(
                "{} non è in servizio il {}: usa person-join",
                p.codice,
                it(d)
            ))
        })
}

/// Chiude l'incarico (`id`, o quello del piano da materializzare) il giorno `al`.
fn chiudi_incarico(
    s: &StoriaOrganizzazione,
    id: Option<uuid::Uuid>,
    p: &PersonaStorica,
    cdr: &str,
    ruolo: &Option<String>,
    dal: NaiveDate,
    al: NaiveDate,
) -> Result<ScritturaOrganizzazione, Errore> {
    Ok(match id {
        Some(id) => S::ChiudiPeriodo {
            tabella: T::Incarico,
            id,
            al,
        },
        None => S::NuovoPeriodo {
            tabella: T::Incarico,
            id: nuovo_uuid(),
            cdr: IdCdr(
                s.cdr(cdr)
                    .ok_or_else(|| Errore::NonTrovato(format!("il CdR «{cdr}» non è nel ciclo")))?
                    .id,
            ),
            persona: Some(IdPersona(p.id)),
            ruolo: ruolo.clone(),
            dal,
            al: Some(al),
        },
    })
}

/// La persona passa a un altro CdR (o cambia ruolo) dal giorno `dal`: l'incarico in corso
/// termina il giorno prima, il nuovo dura quanto sarebbe durato il vecchio.
pub async fn persona_sposta<R: PianiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    codice_persona: &str,
    cdr: &str,
    ruolo: Option<&str>,
    dal: NaiveDate,
) -> Result<EsitoOrganizzazione, Errore> {
    let permesso = ctx.autorizza(Azione::ModificaOrganizzazione, Ambito::Ente)?;
    let (_, ids, s) = storia(repo, ctx, anno).await?;
    let nuovo_cdr = cdr_attivo(&s, cdr, dal)?;
    let p = persona(&s, codice_persona)?;
    let (id, vecchio, vecchio_ruolo, periodo) = incarico_alla_data(&s, p, dal)?;
    let ruolo = ruolo
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .or(vecchio_ruolo.clone());
    if vecchio == cdr && ruolo == vecchio_ruolo {
        return Err(conflitto(format!(
            "{codice_persona} è già nel CdR {cdr} con lo stesso ruolo il {}",
            it(dal)
        )));
    }
    if periodo.dal == dal {
        return Err(conflitto(format!(
            "l'incarico di {codice_persona} nel CdR {vecchio} comincia proprio il {}: \
             nessun giorno resterebbe al vecchio incarico",
            it(dal)
        )));
    }
    let fine_vecchio = giorno_prima(dal);
    let scritture = vec![
        chiudi_incarico(
            &s,
            id,
            p,
            &vecchio,
            &vecchio_ruolo,
            periodo.dal,
            fine_vecchio,
        )?,
        S::NuovoPeriodo {
            tabella: T::Incarico,
            id: nuovo_uuid(),
            cdr: IdCdr(nuovo_cdr.id),
            persona: Some(IdPersona(p.id)),
            ruolo: ruolo.clone(),
            dal,
            al: periodo.al,
        },
    ];
    scrivi(
        repo,
        ctx,
        &permesso,
        &ids,
        "organizzazione.persona_sposta",
        format!(
            "{codice_persona} ({}) dal CdR {vecchio} al CdR {cdr}{} dal {}",
            p.nome,
            ruolo.map(|r| format!(" come {r}")).unwrap_or_default(),
            it(dal)
        ),
        scritture,
    )
    .await
}

/// La persona lascia il servizio (pensione, trasferimento, fine contratto): l'incarico in
/// corso termina il giorno `al` (compreso).
pub async fn persona_esce<R: PianiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    codice_persona: &str,
    al: NaiveDate,
) -> Result<EsitoOrganizzazione, Errore> {
    let permesso = ctx.autorizza(Azione::ModificaOrganizzazione, Ambito::Ente)?;
    let (_, ids, s) = storia(repo, ctx, anno).await?;
    let p = persona(&s, codice_persona)?;
    let (id, cdr, ruolo, periodo) = incarico_alla_data(&s, p, al)?;
    if periodo.al == Some(al) {
        return Err(conflitto(format!(
            "l'incarico di {codice_persona} nel CdR {cdr} finisce già il {}",
            it(al)
        )));
    }
    if let Some(dopo) = p.incarichi.iter().find(|i| i.periodo.dal > al) {
        return Err(conflitto(format!(
            "{codice_persona} ha un incarico nel CdR {} che comincia dopo il {} ({}): \
             non si può chiudere il servizio prima",
            dopo.cdr,
            it(al),
            dopo.periodo.descrizione()
        )));
    }
    let mut scritture = vec![chiudi_incarico(&s, id, p, &cdr, &ruolo, periodo.dal, al)?];
    // Chi lascia il servizio lascia anche la responsabilità dei CdR che guidava.
    for r in &s.responsabili {
        if r.persona == codice_persona && r.periodo.contiene(al) && r.periodo.al != Some(al) {
            scritture.push(S::ChiudiPeriodo {
                tabella: T::Responsabile,
                id: r.id,
                al,
            });
        }
    }
    scrivi(
        repo,
        ctx,
        &permesso,
        &ids,
        "organizzazione.persona_esce",
        format!(
            "{codice_persona} ({}) lascia il CdR {cdr} il {}",
            p.nome,
            it(al)
        ),
        scritture,
    )
    .await
}

/// Il CdR capofila di un obiettivo condiviso: deve essere uno dei CdR dell'obiettivo.
/// Il capofila è parte del piano: su una versione approvata si cambia con una variazione.
pub async fn imposta_capofila<
    R: PianiRepo + OrganizzazioneRepo + FattiRepo + crate::porte_versioni::VersioniRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    obiettivo: &str,
    cdr: &str,
) -> Result<EsitoOrganizzazione, Errore> {
    let (p, ids) = carica(repo, ctx, anno).await?;
    let ambito = crate::autorizzazione::ambito_obiettivo(&p, obiettivo).ok_or_else(|| {
        Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non è nel piano {anno}"))
    })?;
    let permesso = ctx.autorizza(Azione::ModificaObiettivo, ambito)?;
    let i = p
        .obiettivi
        .iter()
        .position(|o| o.codice == obiettivo)
        .ok_or_else(|| Errore::NonTrovato(format!("l'obiettivo «{obiettivo}» non c'è")))?;
    let o = &p.obiettivi[i];
    if !o.unita.iter().any(|u| u.unita == cdr) {
        return Err(Errore::NonValido(format!(
            "il CdR {cdr} non è tra quelli dell'obiettivo {obiettivo} ({})",
            o.unita
                .iter()
                .map(|u| u.unita.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let anagrafica = repo.anagrafica(ctx.tenant, ids.ciclo).await?;
    let id_cdr = anagrafica
        .unita
        .iter()
        .find(|(c, _)| c == cdr)
        .map(|(_, id)| *id)
        .ok_or_else(|| Errore::NonTrovato(format!("il CdR «{cdr}» non è nel ciclo {anno}")))?;
    crate::versioni::rifiuta_se_approvata(repo, ctx.tenant, anno).await?;
    let messaggio = format!("capofila dell'obiettivo {obiettivo}: CdR {cdr}");
    let ev = ctx
        .evento(
            &permesso,
            "piano.capofila",
            format!("{messaggio} ({})", ctx.ente),
        )
        .entita(ids.obiettivi[i].id.0)
        .dopo(Some(cdr.to_string()));
    repo.imposta_capofila(ctx.tenant, ids.obiettivi[i].id, id_cdr, &ev)
        .await?;
    Ok(EsitoOrganizzazione { messaggio })
}

/// Gli obiettivi condivisi (più di un CdR) senza capofila o con un capofila che non è più tra
/// i loro CdR: un avviso ciascuno (i dati restano accettati).
pub fn verifica_capofila(p: &Piano, capofila: &[(String, String)]) -> Vec<String> {
    let mut r = Vec::new();
    for o in &p.obiettivi {
        let mut cdr: Vec<&str> = Vec::new();
        for u in &o.unita {
            if !cdr.contains(&u.unita.as_str()) {
                cdr.push(u.unita.as_str());
            }
        }
        if cdr.len() < 2 {
            continue;
        }
        match capofila.iter().find(|(x, _)| x == &o.codice) {
            None => r.push(format!(
                "l'obiettivo {} è condiviso da {} CdR ({}) ma non ha un capofila: \
                 plan lead --objective {} --cdr …",
                o.codice,
                cdr.len(),
                cdr.join(", "),
                o.codice
            )),
            Some((_, c)) if !cdr.contains(&c.as_str()) => r.push(format!(
                "il capofila {c} dell'obiettivo {} non è più tra i suoi CdR ({})",
                o.codice,
                cdr.join(", ")
            )),
            Some(_) => {}
        }
    }
    r
}

// ------------------------------------------------------------------------------------------
// Presenze e part-time.

/// Le colonne del file delle presenze (l'ordine lo dà l'intestazione).
const COLONNE: [&str; 4] = ["matricola", "cognome_nome", "giorni_presenza", "part_time"];

/// Esito dell'importazione delle presenze.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsitoPresenze {
    pub anno: i32,
    pub ciclo: i32,
    pub persone: usize,
}

fn errore_riga(
    nome_file: &str,
    riga: usize,
    colonna: Option<(usize, &str)>,
    codice: CodiceRilievo,
    m: impl std::fmt::Display,
) -> Rilievo {
    let dove = match colonna {
        Some((_, campo)) => format!("{nome_file}, riga {riga}, campo {campo}"),
        None => format!("{nome_file}, riga {riga}"),
    };
    Rilievo::errore(codice, format!("riga {riga}"), format!("{dove}: {m}"))
        .alla_posizione(riga, colonna.map(|(c, _)| c))
}

/// Importa presenze e part-time dell'anno da un CSV del sistema delle presenze
/// (`docs/presenze.md`): `matricola;cognome_nome;giorni_presenza;part_time` (più `ente`,
/// facoltativa), separati da `;`, decimali con la virgola, UTF-8. Tutto o niente: matricola
/// sconosciuta, nome diverso da quello del piano, ente diverso, numero non valido, riga doppia
/// o codifica sbagliata danno un errore con file, riga e campo, e nulla è scritto.
pub async fn importa_presenze<R: PianiRepo + FattiRepo + OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    byte: &[u8],
    nome_file: &str,
) -> Result<EsitoPresenze, Errore> {
    let permesso = ctx.autorizza(Azione::ImportaPresenze, Ambito::Ente)?;
    let rifiuto = |r: Rilievo| Errore::Rifiutato(vec![r]);
    let byte = byte.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(byte);
    let testo = std::str::from_utf8(byte).map_err(|e| {
        let riga = byte[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        rifiuto(errore_riga(
            nome_file,
            riga,
            None,
            CodiceRilievo::CodificaNonValida,
            format!(
                "il file non è in UTF-8 (byte non valido alla posizione {}): salvalo come CSV UTF-8",
                e.valid_up_to()
            ),
        ))
    })?;
    let ciclo = ciclo_della_data(
        repo,
        ctx,
        NaiveDate::from_ymd_opt(anno, 1, 1)
            .ok_or_else(|| Errore::NonValido(format!("anno {anno} non valido")))?,
    )
    .await?;
    let (p, ids) = carica(repo, ctx, ciclo).await?;
    let anagrafica = repo.anagrafica(ctx.tenant, ids.ciclo).await?;
    let mut righe = testo.lines().enumerate();
    let intestazione = loop {
        match righe.next() {
            Some((_, r)) if r.trim().is_empty() => continue,
            Some((i, r)) => break (i + 1, r),
            None => {
                return Err(rifiuto(errore_riga(
                    nome_file,
                    1,
                    None,
                    CodiceRilievo::RigaNonValida,
                    "il file è vuoto: manca l'intestazione matricola;cognome_nome;giorni_presenza;part_time",
                )));
            }
        }
    };
    let nomi: Vec<String> = intestazione
        .1
        .split(';')
        .map(|c| c.trim().to_lowercase())
        .collect();
    let mut posizioni = HashMap::new();
    for c in COLONNE.iter().chain(["ente"].iter()) {
        if let Some(i) = nomi.iter().position(|n| n == c) {
            posizioni.insert(*c, i);
        }
    }
    let mancanti: Vec<&str> = COLONNE
        .iter()
        .copied()
        .filter(|c| !posizioni.contains_key(c))
        .collect();
    if !mancanti.is_empty() {
        return Err(rifiuto(errore_riga(
            nome_file,
            intestazione.0,
            None,
            CodiceRilievo::ColonnaMancante,
            format!(
                "nell'intestazione mancano le colonne {} (separatore «;», trovate: {})",
                mancanti.join(", "),
                nomi.join(", ")
            ),
        )));
    }
    let mut errori = Vec::new();
    let mut lette: Vec<(IdPersona, PresenzaAnnua)> = Vec::new();
    let mut viste: HashMap<String, usize> = HashMap::new();
    for (i, r) in righe {
        let n = i + 1;
        if r.trim().is_empty() {
            continue;
        }
        let celle: Vec<&str> = r.split(';').map(str::trim).collect();
        if celle.len() != nomi.len() {
            errori.push(errore_riga(
                nome_file,
                n,
                None,
                CodiceRilievo::RigaNonValida,
                format!(
                    "attese {} colonne separate da «;», trovate {}",
                    nomi.len(),
                    celle.len()
                ),
            ));
            continue;
        }
        let campo = |c: &'static str| {
            let i = posizioni[c];
            (celle[i], (i + 1, c))
        };
        let mut buona = true;
        if let Some(&i) = posizioni.get("ente")
            && !celle[i].is_empty()
            && !celle[i].eq_ignore_ascii_case(&ctx.ente)
        {
            errori.push(errore_riga(
                nome_file,
                n,
                Some((i + 1, "ente")),
                CodiceRilievo::EnteDiverso,
                format!("la riga è dell'ente «{}», non di {}", celle[i], ctx.ente),
            ));
            buona = false;
        }
        let (matricola, col_m) = campo("matricola");
        let persona = p.persone.iter().find(|x| x.codice == matricola);
        let id = anagrafica.persona(matricola);
        let (persona, id) = match (persona, id) {
            (Some(x), Some(id)) => (Some(x), Some(id)),
            _ => {
                errori.push(errore_riga(
                    nome_file,
                    n,
                    Some(col_m),
                    CodiceRilievo::RiferimentoSconosciuto,
                    format!(
                        "la matricola «{matricola}» non è tra le persone del ciclo {ciclo} di {}",
                        ctx.ente
                    ),
                ));
                buona = false;
                (None, None)
            }
        };
        if let Some(prima) = viste.insert(matricola.to_string(), n) {
            errori.push(errore_riga(
                nome_file,
                n,
                Some(col_m),
                CodiceRilievo::CodiceDuplicato,
                format!("la matricola «{matricola}» è già alla riga {prima}"),
            ));
            buona = false;
        }
        let (nome, col_n) = campo("cognome_nome");
        if let Some(x) = persona
            && !x.cognome_nome.trim().eq_ignore_ascii_case(nome)
        {
            errori.push(errore_riga(
                nome_file,
                n,
                Some(col_n),
                CodiceRilievo::ValoreNonValido,
                format!(
                    "«{nome}» non è il nome della matricola {matricola} nel piano («{}»)",
                    x.cognome_nome
                ),
            ));
            buona = false;
        }
        let (giorni, col_g) = campo("giorni_presenza");
        let giorni = match interpreta_decimale(giorni) {
            Ok(g) if g.fract().is_zero() && g >= Decimal::ZERO && g <= Decimal::from(366) => {
                u32::try_from(g.trunc().mantissa()).ok()
            }
            Ok(_) => {
                errori.push(errore_riga(
                    nome_file,
                    n,
                    Some(col_g),
                    CodiceRilievo::ValoreNonValido,
                    format!("«{giorni}» non è un numero intero di giorni tra 0 e 366"),
                ));
                None
            }
            Err(m) => {
                errori.push(errore_riga(
                    nome_file,
                    n,
                    Some(col_g),
                    CodiceRilievo::ValoreNonValido,
                    m,
                ));
                None
            }
        };
        let (pt, col_p) = campo("part_time");
        let pt = if pt.is_empty() {
            Some(Decimal::ONE_HUNDRED)
        } else {
            match interpreta_decimale(pt) {
                Ok(x) if x > Decimal::ZERO && x <= Decimal::ONE_HUNDRED => Some(x),
                Ok(_) => {
                    errori.push(errore_riga(
                        nome_file,
                        n,
                        Some(col_p),
                        CodiceRilievo::ValoreNonValido,
                        format!("part-time «{pt}» fuori da 0–100 (100 = tempo pieno)"),
                    ));
                    None
                }
                Err(m) => {
                    errori.push(errore_riga(
                        nome_file,
                        n,
                        Some(col_p),
                        CodiceRilievo::ValoreNonValido,
                        format!("part-time: {m}"),
                    ));
                    None
                }
            }
        };
        if let (true, Some(id), Some(g), Some(pt)) = (buona, id, giorni, pt) {
            lette.push((
                id,
                PresenzaAnnua {
                    persona: matricola.to_string(),
                    giorni_presenza: g,
                    part_time: pt.normalize(),
                    origine: nome_file.to_string(),
                },
            ));
        }
    }
    if !errori.is_empty() {
        return Err(Errore::Rifiutato(errori));
    }
    if lette.is_empty() {
        return Err(rifiuto(errore_riga(
            nome_file,
            intestazione.0 + 1,
            None,
            CodiceRilievo::RigaNonValida,
            "nessuna riga di presenze dopo l'intestazione",
        )));
    }
    let ev = ctx
        .evento(
            &permesso,
            "presenze.importa",
            format!("presenze {} {anno} da {nome_file}", ctx.ente),
        )
        .dopo(Some(format!("{} persone", lette.len())));
    repo.salva_presenze(ctx.tenant, anno, &lette, &ev).await?;
    Ok(EsitoPresenze {
        anno,
        ciclo,
        persone: lette.len(),
    })
}

/// Le presenze importate per l'anno (dati personali: solo chi vede tutte le persone, o le
/// proprie).
pub async fn presenze<R: OrganizzazioneRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<Vec<PresenzaAnnua>, Errore> {
    ctx.autorizza(Azione::LeggiValutazione, Ambito::Ente)?;
    let mut v = repo.presenze(ctx.tenant, anno).await?;
    ctx.filtra_persone(&mut v, |x| (x.persona.as_str(), None));
    Ok(v)
}

/// Il fondo usa giorni di presenza e part-time importati per l'anno, al posto di quelli del
/// piano, per le persone che il file ha.
pub fn applica_presenze(partecipanti: &mut [Partecipante], presenze: &[PresenzaAnnua]) {
    for x in partecipanti {
        if let Some(p) = presenze.iter().find(|p| p.persona == x.codice) {
            x.giorni_presenza = p.giorni_presenza;
            x.part_time = p.part_time;
        }
    }
}
