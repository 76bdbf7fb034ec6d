//! Idempotenza dei comandi di creazione (obiettivo, step, indicatore, dilazione): un doppio
//! tocco con la stessa chiave crea un solo elemento e risponde con lo stesso.
//!
//! La chiave viaggia nell'evento di audit ([`EventoAudit::chiave`]): la memorizzazione la scrive
//! insieme all'audit, nella transazione che crea l'elemento, legata all'azione e all'id creato.
//! Prima di creare, il caso d'uso chiede [`gia_creato`]: se la chiave è già stata usata per la
//! stessa azione, restituisce l'id creato allora e il caso d'uso risponde come allora. Due
//! richieste contemporanee con la stessa chiave: la seconda urta la chiave primaria della
//! tabella `idempotenza` e non crea nulla (`Errore::Conflitto`).
//!
//! [`EventoAudit::chiave`]: crate::porte::EventoAudit::chiave

use crate::Errore;
use crate::contesto::Contesto;
use crate::porte::TenantId;
use std::future::Future;
use uuid::Uuid;

/// Lunghezza massima di una chiave di idempotenza.
pub const LUNGHEZZA_MASSIMA: usize = 200;

/// Una chiave usata: per quale azione e quale elemento ha creato.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChiaveUsata {
    pub azione: String,
    pub entita_id: Uuid,
}

pub trait IdempotenzaRepo: Send + Sync {
    fn chiave_usata(
        &self,
        tenant: TenantId,
        chiave: &str,
    ) -> impl Future<Output = Result<Option<ChiaveUsata>, Errore>> + Send;
}

/// L'id creato con questa chiave per `azione`, se la chiave è già stata usata; `Conflitto` se
/// è stata usata per un'altra azione; `NonValido` se la chiave è vuota o troppo lunga.
pub async fn gia_creato<R: IdempotenzaRepo>(
    repo: &R,
    ctx: &Contesto,
    chiave: Option<&str>,
    azione: &str,
) -> Result<Option<Uuid>, Errore> {
    let Some(chiave) = chiave else {
        return Ok(None);
    };
    if chiave.trim().is_empty() || chiave.len() > LUNGHEZZA_MASSIMA {
        return Err(Errore::NonValido(format!(
            "chiave di idempotenza non valida: da 1 a {LUNGHEZZA_MASSIMA} caratteri"
        )));
    }
    match repo.chiave_usata(ctx.tenant, chiave).await? {
        None => Ok(None),
        Some(u) if u.azione == azione => Ok(Some(u.entita_id)),
        Some(u) => Err(Errore::Conflitto(format!(
            "la chiave di idempotenza «{chiave}» è già stata usata per un'altra operazione ({})",
            u.azione
        ))),
    }
}
