//! Casi d'uso: ciò che un utente (o la CLI, o l'API) fa con Traguardo.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::contesto::{Attore, Contesto};
use crate::file_piano::{leggi_file_piano, scrivi_file_piano, scrivi_piano};
use crate::porte::{CicloRegistrato, EnteRegistrato, EntiRepo, PianiRepo};
use crate::porte_fatti::{FattiCollegati, FattiRepo};
use crate::porte_versioni::{StatoVersione, VersioniRepo};
use crate::reimportazione::{Differenze, abbina_piano_con};
use serde::Serialize;
use traguardo_domain::pesi::{PesoStep, pesi_anno};
use traguardo_domain::piano::Piano;
use traguardo_domain::rilievi::{CodiceRilievo, Gravita, Rilievo, ha_errori};
use traguardo_domain::scadenza_vigente::{assorbi_revisioni, ricomponi_revisioni};
use traguardo_domain::validazione::{codice_ente_valido, valida};

/// Crea un ente: operazione dell'installazione (prima dell'ente non c'è un contesto), concessa
/// al sistema e al superadmin.
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
    let ev = attore
        .evento("ente.crea", format!("ente {codice}"))
        .dopo(Some(format!("{{\"codice\":{codice:?},\"nome\":{nome:?}}}")));
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

/// I cicli caricati per l'ente del contesto.
pub async fn cicli<R: PianiRepo>(repo: &R, ctx: &Contesto) -> Result<Vec<CicloRegistrato>, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    repo.elenco_cicli(ctx.tenant).await
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
    /// Cosa cambia rispetto al piano memorizzato: elementi riconosciuti, tolti, aggiunti, fatti
    /// del monitoraggio che andrebbero persi.
    pub differenze: Differenze,
    /// Falso in prova (`--dry-run`): nulla è stato scritto.
    pub scritto: bool,
    /// Con `--as-variation`: il numero della nuova versione (bozza).
    pub variazione: Option<i32>,
}

/// Opzioni dell'importazione di un piano.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpzioniImportPiano {
    /// Solo confronto: mostra le differenze e non scrive nulla.
    pub prova: bool,
    /// Conferma di voler perdere il monitoraggio degli elementi tolti (`--confirm`).
    pub conferma: bool,
    /// Importa come variazione (`--as-variation`): la versione di testa, approvata, resta com'è
    /// e il file diventa la versione N+1 in bozza, nella stessa transazione.
    pub come_variazione: bool,
}

/// Importa un file del piano: lettura, validazione, scrittura in una sola transazione. Se c'è
/// anche un solo errore nulla viene scritto. Se `ente_atteso` è dato, il file deve essere
/// di quell'ente; se l'ente non esiste ancora viene creato dai dati del file. Come
/// [`crea_ente`], è un'operazione dell'installazione: l'ente può non esistere ancora, quindi
/// non c'è un contesto; solo il sistema (la CLI) la compie.
pub async fn importa_piano<R: EntiRepo + PianiRepo + FattiRepo + VersioniRepo>(
    repo: &R,
    attore: &Attore,
    byte: &[u8],
    nome_file: &str,
    ente_atteso: Option<&str>,
) -> Result<EsitoImportPiano, Errore> {
    importa_piano_con(
        repo,
        attore,
        byte,
        nome_file,
        ente_atteso,
        OpzioniImportPiano::default(),
    )
    .await
}

/// Come [`importa_piano`], con prova e conferma. In un ciclo già memorizzato il piano si
/// aggiorna sul posto: gli elementi riconosciuti (per id, poi per codice, poi per descrizione)
/// tengono il loro id e il loro monitoraggio; se qualcosa andrebbe perso serve la conferma.
pub async fn importa_piano_con<R: EntiRepo + PianiRepo + FattiRepo + VersioniRepo>(
    repo: &R,
    attore: &Attore,
    byte: &[u8],
    nome_file: &str,
    ente_atteso: Option<&str>,
    opzioni: OpzioniImportPiano,
) -> Result<EsitoImportPiano, Errore> {
    if let Attore::Utente { .. } = attore {
        return Err(Errore::NonAutorizzato(
            "l'importazione del piano si fa dalla CLI (`traguardo import plan`)".into(),
        ));
    }
    let (piano, dichiarati) = leggi_file_piano(byte, nome_file).map_err(Errore::Rifiutato)?;
    if let Some(atteso) = ente_atteso
        && atteso != piano.ente.codice
    {
        return Err(Errore::Rifiutato(vec![Rilievo::errore(
            CodiceRilievo::EnteDiverso,
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
    let esistente = match repo.ente_per_codice(&piano.ente.codice).await? {
        Some(e) => {
            repo.carica_piano_identificato(e.tenant_id, piano.ciclo.anno_inizio)
                .await?
        }
        None => None,
    };
    // Voti, prese visione e collegamenti dei capitoli non sono nel file: si contano a parte.
    let collegati = match (&esistente, repo.ente_per_codice(&piano.ente.codice).await?) {
        (Some((_, ids)), Some(e)) => repo.fatti_collegati(e.tenant_id, ids.ciclo).await?,
        _ => FattiCollegati::default(),
    };
    let (identita, differenze) = abbina_piano_con(
        esistente.as_ref().map(|(p, i)| (p, i)),
        &piano,
        &dichiarati,
        &collegati,
    );
    let sostituito = esistente.is_some();
    // Un piano approvato non si cambia: si importa come variazione (versione N+1 in bozza).
    let testa = match repo.ente_per_codice(&piano.ente.codice).await? {
        Some(e) => repo
            .versioni(e.tenant_id, piano.ciclo.anno_inizio)
            .await?
            .and_then(|v| v.testa().cloned()),
        None => None,
    };
    let variazione = match (&testa, opzioni.come_variazione) {
        (Some(t), false) if t.stato == StatoVersione::Approvata => {
            return Err(Errore::Conflitto(crate::versioni::messaggio_congelato(t)));
        }
        (Some(t), true) if t.stato == StatoVersione::Approvata => Some(t.numero),
        (Some(t), true) => {
            return Err(Errore::Conflitto(format!(
                "--as-variation: la versione {} del piano {} è ancora {}, non approvata: importa senza --as-variation",
                t.numero,
                piano.ciclo.anno_inizio,
                t.stato.codice()
            )));
        }
        (None, true) => {
            return Err(Errore::Conflitto(format!(
                "--as-variation: l'ente «{}» non ha ancora il piano {}: importalo senza --as-variation",
                piano.ente.codice, piano.ciclo.anno_inizio
            )));
        }
        _ => None,
    };
    let riepilogo = |scritto: bool| EsitoImportPiano {
        ente: piano.ente.codice.clone(),
        ente_creato: false,
        anno_inizio: piano.ciclo.anno_inizio,
        anno_fine: piano.ciclo.anno_fine,
        piano_sostituito: sostituito,
        obiettivi: piano.obiettivi.len(),
        steps: piano.obiettivi.iter().map(|o| o.steps.len()).sum(),
        indicatori: piano.obiettivi.iter().map(|o| o.indicatori.len()).sum(),
        avvisi: rilievi.clone(),
        differenze: differenze.clone(),
        scritto,
        variazione: variazione.map(|n| n + 1),
    };
    if opzioni.prova {
        return Ok(riepilogo(false));
    }
    if differenze.perde_dati() && !opzioni.conferma {
        let mut perdite: Vec<Rilievo> = differenze
            .tolti
            .iter()
            .filter(|e| e.fatti > 0)
            .map(|e| {
                Rilievo::errore(
                    CodiceRilievo::ConfermaNecessaria,
                    e.tipo,
                    format!(
                        "{nome_file}: {} {} non c'è più nel file e ha {} che andrebbero persi",
                        e.tipo, e.descrizione, e.perdite
                    ),
                )
            })
            .collect();
        perdite.extend(differenze.fatti_persi.iter().map(|f| {
            Rilievo::errore(
                CodiceRilievo::ConfermaNecessaria,
                f.tipo,
                format!(
                    "{nome_file}: il file non riporta {}, che andrebbe perso",
                    f.descrizione
                ),
            )
        }));
        perdite.push(Rilievo::errore(
            CodiceRilievo::ConfermaNecessaria,
            "",
            "per applicare comunque il file e perdere questi dati usa --confirm; --dry-run mostra tutte le differenze".to_string(),
        ));
        return Err(Errore::Rifiutato(perdite));
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
    let riassunto = |obiettivi: usize| format!("{obiettivi} obiettivi");
    let mut ev = attore
        .evento(
            if sostituito {
                "piano.aggiorna"
            } else {
                "piano.importa"
            },
            format!(
                "piano {} {}–{} da {nome_file}",
                piano.ente.codice, piano.ciclo.anno_inizio, piano.ciclo.anno_fine
            ),
        )
        .dopo(
            serde_json::to_string(&serde_json::json!({
                "obiettivi": piano.obiettivi.len(),
                "step": piano.obiettivi.iter().map(|o| o.steps.len()).sum::<usize>(),
                "differenze": &differenze,
            }))
            .ok(),
        );
    ev.prima = precedente.map(|c| riassunto(c.obiettivi as usize));
    // Una revisione che ripete una dilazione concessa si memorizza una volta, come dilazione.
    let mut memorizzato = piano.clone();
    assorbi_revisioni(&mut memorizzato);
    match variazione {
        Some(n) => {
            repo.salva_piano_in_variazione(ente.tenant_id, &memorizzato, &identita, n, &ev)
                .await?;
        }
        None => {
            repo.salva_piano(ente.tenant_id, &memorizzato, &identita, &ev)
                .await?
        }
    }
    let mut esito = riepilogo(true);
    esito.ente = ente.codice;
    esito.ente_creato = creato;
    Ok(esito)
}

/// Il piano dell'ente del contesto per il ciclo che inizia nell'anno `anno`, completo: chi lo
/// serve a un utente toglie i dati personali che il ruolo non vede (`Contesto::oscura_piano`).
pub async fn piano<R: PianiRepo>(repo: &R, ctx: &Contesto, anno: i32) -> Result<Piano, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    piano_del_tenant(repo, ctx, anno).await
}

/// Il piano senza chiedere l'autorizzazione: per i casi d'uso che l'hanno già chiesta per
/// un'altra azione (le valutazioni, il bilancio).
pub(crate) async fn piano_del_tenant<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<Piano, Errore> {
    let codice_ente = &ctx.ente;
    match repo.carica_piano(ctx.tenant, anno).await? {
        Some(mut p) => {
            ricomponi_revisioni(&mut p);
            Ok(p)
        }
        None => {
            let cicli = repo.elenco_cicli(ctx.tenant).await?;
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

/// Il file del piano, senza i dati personali che il contesto non vede.
pub async fn esporta_piano<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<String, Errore> {
    let mut p = piano(repo, ctx, anno).await?;
    ctx.oscura_piano(&mut p);
    Ok(scrivi_piano(&p))
}

/// Il file del piano con gli id di obiettivi, step, indicatori e checkpoint (`--with-ids`):
/// reimportato, ogni elemento si riconosce per id anche se è stato spostato o rinominato.
pub async fn esporta_piano_con_id<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<String, Errore> {
    ctx.autorizza(Azione::LeggiPiano, Ambito::Ente)?;
    let (mut p, ids) = crate::comandi_monitoraggio::carica(repo, ctx, anno).await?;
    ctx.oscura_piano(&mut p);
    Ok(scrivi_file_piano(&p, Some(&ids)))
}

/// Tutti i rilievi del piano memorizzato (errori strutturali e avvisi sui pesi).
pub async fn verifica<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
) -> Result<Vec<Rilievo>, Errore> {
    Ok(valida(&piano(repo, ctx, anno).await?))
}

/// I pesi degli step nell'anno `anno_pesi` del ciclo che inizia in `anno`.
pub async fn pesi<R: PianiRepo>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    anno_pesi: i32,
) -> Result<Vec<PesoStep>, Errore> {
    let p = piano(repo, ctx, anno).await?;
    if !(p.ciclo.anno_inizio..=p.ciclo.anno_fine).contains(&anno_pesi) {
        return Err(Errore::NonValido(format!(
            "l'anno {anno_pesi} è fuori dal ciclo {}–{}",
            p.ciclo.anno_inizio, p.ciclo.anno_fine
        )));
    }
    Ok(pesi_anno(&p, anno_pesi))
}
