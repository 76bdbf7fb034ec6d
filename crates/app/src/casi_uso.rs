//! Casi d'uso: ciò che un utente (o la CLI, o l'API) fa con Traguardo.

use crate::Errore;
use crate::file_piano::{leggi_piano, scrivi_piano};
use crate::porte::{CicloRegistrato, EnteRegistrato, EntiRepo, EventoAudit, PianiRepo};
use chrono::Utc;
use serde::Serialize;
use traguardo_domain::pesi::{PesoStep, pesi_anno};
use traguardo_domain::piano::Piano;
use traguardo_domain::rilievi::{Gravita, Rilievo, ha_errori};
use traguardo_domain::validazione::{codice_ente_valido, valida};

/// Chi compie l'operazione (finisce nell'audit). La CLI agisce come amministratore di sistema.
#[derive(Debug, Clone)]
pub struct Attore(pub String);

impl Attore {
    pub fn sistema(descrizione: &str) -> Attore {
        Attore(format!("sistema:{descrizione}"))
    }
}

fn evento(attore: &Attore, azione: &str, oggetto: String, dopo: Option<String>) -> EventoAudit {
    EventoAudit {
        momento: Utc::now(),
        attore: attore.0.clone(),
        azione: azione.to_string(),
        oggetto,
        prima: None,
        dopo,
    }
}

pub async fn crea_ente<R: EntiRepo>(
    repo: &R,
    attore: &Attore,
    codice: &str,
    nome: &str,
) -> Result<EnteRegistrato, Errore> {
    let codice = codice.trim();
    if !codice_ente_valido(codice) {
        return Err(Errore::NonValido(format!(
            "codice ente «{codice}» non valido: da 2 a 20 caratteri tra A-Z, 0-9, '_', '.', '-'"
        )));
    }
    if nome.trim().is_empty() {
        return Err(Errore::NonValido("il nome dell'ente è obbligatorio".into()));
    }
    let ev = evento(
        attore,
        "ente.crea",
        format!("ente {codice}"),
        Some(format!("{{\"codice\":{codice:?},\"nome\":{nome:?}}}")),
    );
    repo.crea_ente(codice, nome.trim(), &ev).await
}

pub async fn ente<R: EntiRepo>(repo: &R, codice: &str) -> Result<EnteRegistrato, Errore> {
    repo.ente_per_codice(codice)
        .await?
        .ok_or_else(|| Errore::NonTrovato(format!("l'ente «{codice}» non esiste")))
}

/// Gli enti registrati, in ordine di codice.
pub async fn elenco_enti<R: EntiRepo>(repo: &R) -> Result<Vec<EnteRegistrato>, Errore> {
    repo.elenco_enti().await
}

/// I cicli caricati per un ente.
pub async fn cicli<R: EntiRepo + PianiRepo>(
    repo: &R,
    codice_ente: &str,
) -> Result<Vec<CicloRegistrato>, Errore> {
    let e = ente(repo, codice_ente).await?;
    repo.elenco_cicli(e.tenant_id).await
}

/// Esito di un'importazione riuscita.
#[derive(Debug, Clone, Serialize)]
pub struct EsitoImportPiano {
    pub ente: String,
    pub ente_creato: bool,
    pub anno_inizio: i32,
    pub anno_fine: i32,
    pub piano_sostituito: bool,
    pub obiettivi: usize,
    pub steps: usize,
    pub indicatori: usize,
    /// Avvisi (il piano è stato importato comunque): vedi `traguardo check`.
    pub avvisi: Vec<Rilievo>,
}

/// Importa un file del piano: lettura, validazione, scrittura in una sola transazione. Se c'è
/// anche un solo errore nulla viene scritto. Se `ente_atteso` è dato, il file deve essere
/// di quell'ente; se l'ente non esiste ancora viene creato dai dati del file.
pub async fn importa_piano<R: EntiRepo + PianiRepo>(
    repo: &R,
    attore: &Attore,
    byte: &[u8],
    nome_file: &str,
    ente_atteso: Option<&str>,
) -> Result<EsitoImportPiano, Errore> {
    let piano = leggi_piano(byte, nome_file).map_err(Errore::Rifiutato)?;
    if let Some(atteso) = ente_atteso
        && atteso != piano.ente.codice
    {
        return Err(Errore::Rifiutato(vec![Rilievo::errore(
            "ente_diverso",
            "ente.codice",
            format!(
                "{nome_file}: il file appartiene all'ente «{}», non a «{atteso}»",
                piano.ente.codice
            ),
        )]));
    }
    let rilievi = valida(&piano);
    if ha_errori(&rilievi) {
        let errori = rilievi
            .into_iter()
            .filter(|r| r.gravita == Gravita::Errore)
            .map(|mut r| {
                r.messaggio = format!("{nome_file}: {}", r.messaggio);
                r
            })
            .collect();
        return Err(Errore::Rifiutato(errori));
    }
    let (ente, creato) = match repo.ente_per_codice(&piano.ente.codice).await? {
        Some(e) => (e, false),
        None => (
            crea_ente(repo, attore, &piano.ente.codice, &piano.ente.nome).await?,
            true,
        ),
    };
    let precedente = repo
        .elenco_cicli(ente.tenant_id)
        .await?
        .into_iter()
        .find(|c| c.anno_inizio == piano.ciclo.anno_inizio);
    let sostituito = precedente.is_some();
    let riassunto = |obiettivi: usize| format!("{obiettivi} obiettivi");
    let mut ev = evento(
        attore,
        if sostituito {
            "piano.sostituisci"
        } else {
            "piano.importa"
        },
        format!(
            "piano {} {}–{} da {nome_file}",
            piano.ente.codice, piano.ciclo.anno_inizio, piano.ciclo.anno_fine
        ),
        Some(format!(
            "{}, {} step",
            riassunto(piano.obiettivi.len()),
            piano.obiettivi.iter().map(|o| o.steps.len()).sum::<usize>()
        )),
    );
    ev.prima = precedente.map(|c| riassunto(c.obiettivi as usize));
    repo.salva_piano(ente.tenant_id, &piano, &ev).await?;
    Ok(EsitoImportPiano {
        ente: ente.codice,
        ente_creato: creato,
        anno_inizio: piano.ciclo.anno_inizio,
        anno_fine: piano.ciclo.anno_fine,
        piano_sostituito: sostituito,
        obiettivi: piano.obiettivi.len(),
        steps: piano.obiettivi.iter().map(|o| o.steps.len()).sum(),
        indicatori: piano.obiettivi.iter().map(|o| o.indicatori.len()).sum(),
        avvisi: rilievi,
    })
}

/// Il piano di un ente per il ciclo che inizia nell'anno `anno`.
pub async fn piano<R: EntiRepo + PianiRepo>(
    repo: &R,
    codice_ente: &str,
    anno: i32,
) -> Result<Piano, Errore> {
    let e = ente(repo, codice_ente).await?;
    match repo.carica_piano(e.tenant_id, anno).await? {
        Some(p) => Ok(p),
        None => {
            let cicli = repo.elenco_cicli(e.tenant_id).await?;
            let elenco = if cicli.is_empty() {
                "nessun ciclo caricato".to_string()
            } else {
                cicli
                    .iter()
                    .map(|c| format!("{}–{}", c.anno_inizio, c.anno_fine))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Err(Errore::NonTrovato(format!(
                "l'ente «{codice_ente}» non ha un ciclo che inizia nel {anno} (cicli: {elenco})"
            )))
        }
    }
}

pub async fn esporta_piano<R: EntiRepo + PianiRepo>(
    repo: &R,
    codice_ente: &str,
    anno: i32,
) -> Result<String, Errore> {
    Ok(scrivi_piano(&piano(repo, codice_ente, anno).await?))
}

/// Tutti i rilievi del piano memorizzato (errori strutturali e avvisi sui pesi).
pub async fn verifica<R: EntiRepo + PianiRepo>(
    repo: &R,
    codice_ente: &str,
    anno: i32,
) -> Result<Vec<Rilievo>, Errore> {
    Ok(valida(&piano(repo, codice_ente, anno).await?))
}

/// I pesi degli step nell'anno `anno_pesi` del ciclo che inizia in `anno`.
pub async fn pesi<R: EntiRepo + PianiRepo>(
    repo: &R,
    codice_ente: &str,
    anno: i32,
    anno_pesi: i32,
) -> Result<Vec<PesoStep>, Errore> {
    let p = piano(repo, codice_ente, anno).await?;
    if !(p.ciclo.anno_inizio..=p.ciclo.anno_fine).contains(&anno_pesi) {
        return Err(Errore::NonValido(format!(
            "l'anno {anno_pesi} è fuori dal ciclo {}–{}",
            p.ciclo.anno_inizio, p.ciclo.anno_fine
        )));
    }
    Ok(pesi_anno(&p, anno_pesi))
}
