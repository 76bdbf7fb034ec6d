//! Il registro di audit: la vista dell'elenco, con il prima/dopo dei dati personali oscurato
//! per chi non li può vedere.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::contesto::Contesto;
use crate::porte_accessi::{AuditRepo, FiltroAudit, UtentiRepo, VoceAudit};
use crate::utenti::Richiedente;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

/// Le azioni il cui prima/dopo contiene dati personali (persone, presenze, part-time,
/// punteggi individuali, premi, schede), per prefisso del nome dell'azione.
const AZIONI_PERSONALI: &[&str] = &[
    "persona.",
    "valutazione.",
    "fondo.",
    "premio.",
    "scheda.",
    "presenze.",
];

/// Il prima/dopo di questa azione contiene dati personali?
pub fn tocca_dati_personali(azione: &str) -> bool {
    AZIONI_PERSONALI.iter().any(|p| azione.starts_with(p))
}

/// Una riga dell'elenco di audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaAudit {
    pub momento: DateTime<Utc>,
    /// Login dell'utente, o `sistema:…`.
    pub attore: String,
    pub utente_id: Option<Uuid>,
    pub azione: String,
    pub entita_id: Option<Uuid>,
    pub oggetto: String,
    /// Il JSON registrato (un testo se non era JSON); `None` se assente o oscurato.
    pub prima: Option<serde_json::Value>,
    pub dopo: Option<serde_json::Value>,
    /// Prima e dopo omessi perché contengono dati personali che il ruolo non vede.
    pub oscurata: bool,
}

/// L'elenco di audit di un ente (o dell'installazione).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaAudit {
    /// Codice dell'ente; `None` per gli eventi dell'installazione.
    pub ente: Option<String>,
    pub voci: Vec<RigaAudit>,
    /// Vero se almeno una riga è stata oscurata: chi legge sa che qualcosa manca.
    pub dati_personali_omessi: bool,
}

fn valore(testo: Option<String>) -> Option<serde_json::Value> {
    testo.map(|t| serde_json::from_str(&t).unwrap_or(serde_json::Value::String(t)))
}

fn vista(ente: Option<String>, voci: Vec<VoceAudit>, vede_personali: bool) -> VistaAudit {
    let mut omessi = false;
    let voci = voci
        .into_iter()
        .map(|v| {
            let oscura = !vede_personali
                && tocca_dati_personali(&v.azione)
                && (v.prima.is_some() || v.dopo.is_some());
            omessi |= oscura;
            RigaAudit {
                momento: v.momento,
                attore: v.attore,
                utente_id: v.utente_id.map(|u| u.0),
                azione: v.azione,
                entita_id: v.entita_id,
                oggetto: v.oggetto,
                prima: if oscura { None } else { valore(v.prima) },
                dopo: if oscura { None } else { valore(v.dopo) },
                oscurata: oscura,
            }
        })
        .collect();
    VistaAudit {
        ente,
        voci,
        dati_personali_omessi: omessi,
    }
}

/// L'audit dell'ente del contesto (serve `LeggiAudit`). Il prima/dopo delle azioni sui dati
/// personali si mostra solo a chi vede i dati personali di tutte le persone: una riga di
/// audit non dice di quale CdR è la persona, quindi il responsabile non la vede.
pub async fn elenco_audit<R: AuditRepo>(
    repo: &R,
    ctx: &Contesto,
    filtro: &FiltroAudit,
) -> Result<VistaAudit, Errore> {
    let _permesso = ctx.autorizza(Azione::LeggiAudit, Ambito::Ente)?;
    let voci = repo.elenco_audit(Some(ctx.tenant), filtro).await?;
    Ok(vista(
        Some(ctx.ente.clone()),
        voci,
        ctx.vede_tutte_le_persone(),
    ))
}

/// L'audit dell'installazione (utenti, accessi, token): solo per chi amministra.
pub async fn elenco_audit_installazione<R: AuditRepo>(
    repo: &R,
    chi: &Richiedente,
    filtro: &FiltroAudit,
) -> Result<VistaAudit, Errore> {
    let puo = match chi {
        Richiedente::Sistema(_) => true,
        Richiedente::Utente(u) => u.superadmin && u.attivo,
    };
    if !puo {
        return Err(Errore::NonAutorizzato(
            "il registro dell'installazione è riservato ai superadmin".into(),
        ));
    }
    let voci = repo.elenco_audit(None, filtro).await?;
    Ok(vista(None, voci, true))
}

/// Legge una data del filtro (`gg/mm/aaaa` o `aaaa-mm-gg`); il giorno è in UTC, come i
/// momenti del registro.
fn data_filtro(testo: &str, campo: &str) -> Result<NaiveDate, Errore> {
    let t = testo.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .map_err(|_| {
            Errore::NonValido(format!(
                "{campo}: data «{testo}» non valida: usare gg/mm/aaaa (oppure aaaa-mm-gg)"
            ))
        })
}

/// Costruisce il filtro dell'elenco dai parametri come li scrive un utente: `utente` è un
/// login (o il testo di un attore di sistema, es. `sistema:cli`), `entita` un UUID, `dal` e
/// `al` date incluse.
pub async fn filtro<R: UtentiRepo>(
    repo: &R,
    utente: Option<&str>,
    entita: Option<&str>,
    dal: Option<&str>,
    al: Option<&str>,
) -> Result<FiltroAudit, Errore> {
    let mut f = FiltroAudit::default();
    if let Some(u) = utente {
        match repo.credenziali(u.trim()).await? {
            Some(c) => f.utente_id = Some(c.utente.id),
            None => f.attore = Some(u.trim().to_string()),
        }
    }
    if let Some(e) = entita {
        f.entita_id = Some(Uuid::parse_str(e.trim()).map_err(|_| {
            Errore::NonValido(format!(
                "entità «{e}» non valida: serve l'identificativo (UUID) mostrato nel registro"
            ))
        })?);
    }
    if let Some(d) = dal {
        f.dal = data_filtro(d, "dal")?
            .and_hms_opt(0, 0, 0)
            .map(|x| x.and_utc());
    }
    if let Some(d) = al {
        f.al = data_filtro(d, "al")?
            .and_hms_micro_opt(23, 59, 59, 999_999)
            .map(|x| x.and_utc());
    }
    if let (Some(a), Some(b)) = (f.dal, f.al)
        && a > b
    {
        return Err(Errore::NonValido(
            "periodo vuoto: la data iniziale viene dopo quella finale".into(),
        ));
    }
    Ok(f)
}

#[cfg(test)]
mod test {
    use super::*;

    fn voce(azione: &str) -> VoceAudit {
        VoceAudit {
            tenant: None,
            momento: Utc::now(),
            utente_id: None,
            attore: "sistema:test".into(),
            azione: azione.into(),
            entita_id: None,
            oggetto: "x".into(),
            prima: Some("{\"voto\":\"3\"}".into()),
            dopo: Some("testo libero".into()),
        }
    }

    #[test]
    fn oscura_solo_i_dati_personali_a_chi_non_li_vede() {
        let v = vista(
            None,
            vec![voce("valutazione.voti"), voce("piano.importa")],
            false,
        );
        assert!(v.dati_personali_omessi);
        assert!(v.voci[0].oscurata && v.voci[0].prima.is_none() && v.voci[0].dopo.is_none());
        assert!(!v.voci[1].oscurata);
        assert_eq!(v.voci[1].prima, Some(serde_json::json!({"voto": "3"})));
        assert_eq!(v.voci[1].dopo, Some(serde_json::json!("testo libero")));
        let tutto = vista(None, vec![voce("valutazione.voti")], true);
        assert!(!tutto.dati_personali_omessi && tutto.voci[0].prima.is_some());
    }
}
