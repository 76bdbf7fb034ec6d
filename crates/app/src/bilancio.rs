//! Casi d'uso del PEG finanziario: importazione (tutto o niente, con resoconto), totali,
//! versioni, collegamenti ai progetti e agli obiettivi.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::contesto::Contesto;
use crate::porte::{
    BilancioRepo, CollegamentoCapitolo, FormatoBilancio, LettoreBilancio, PianiRepo,
    TipoCollegamentoCapitolo, VersioneBilancio,
};
use crate::porte_fatti::{DestinazioneCapitolo, FattiRepo};
use serde::Serialize;
use traguardo_domain::bilancio::{Bilancio, Differenze, Lato, Livello, Totale, confronta};
use traguardo_domain::rilievi::{CodiceRilievo, Gravita, Rilievo, ha_errori};

/// Resoconto di un'importazione del bilancio.
#[derive(Debug, Clone, Serialize)]
pub struct EsitoImportBilancio {
    pub ente: String,
    pub esercizio: i32,
    pub formato: FormatoBilancio,
    pub righe_lette: usize,
    pub capitoli_entrate: usize,
    pub capitoli_spese: usize,
    pub differenze: Differenze,
    /// Versione creata; `None` se il file non cambia nulla.
    pub versione: Option<i32>,
    pub subtotali_verificati: Option<usize>,
    /// Rilievi non bloccanti (subtotali che non tornano, variazioni, pareggio).
    pub rilievi: Vec<Rilievo>,
}

#[allow(clippy::too_many_arguments)]
pub async fn importa_bilancio<R: BilancioRepo, L: LettoreBilancio>(
    repo: &R,
    lettore: &L,
    ctx: &Contesto,
    byte: &[u8],
    nome_file: &str,
    esercizio: i32,
    formato: FormatoBilancio,
) -> Result<EsitoImportBilancio, Errore> {
    let permesso = ctx.autorizza(Azione::ImportaBilancio, Ambito::Ente)?;
    let lettura = lettore
        .leggi(byte, nome_file, formato, esercizio)
        .map_err(Errore::Rifiutato)?;
    let b = &lettura.bilancio;
    if b.esercizio != esercizio {
        return Err(Errore::Rifiutato(vec![Rilievo::errore(
            CodiceRilievo::EsercizioDiverso,
            "",
            format!(
                "{nome_file}: il prospetto è dell'esercizio {}, non del {esercizio}",
                b.esercizio
            ),
        )]));
    }
    let strutturali = b.valida_struttura();
    if ha_errori(&strutturali) {
        return Err(Errore::Rifiutato(
            strutturali
                .into_iter()
                .filter(|r| r.gravita == Gravita::Errore)
                .map(|mut r| {
                    r.messaggio = format!("{nome_file}: {}", r.messaggio);
                    r
                })
                .collect(),
        ));
    }
    let corrente = repo.carica_bilancio(ctx.tenant, esercizio, None).await?;
    let differenze = confronta(corrente.as_ref(), b);
    let versione = if differenze.nessuna() {
        None
    } else {
        let ev = ctx
            .evento(
                &permesso,
                "bilancio.importa",
                format!("bilancio {} {esercizio} da {nome_file}", ctx.ente),
            )
            .prima(corrente.as_ref().map(riassunto))
            .dopo(Some(riassunto(b)));
        Some(
            repo.salva_bilancio(ctx.tenant, b, nome_file, formato.codice(), &ev)
                .await?,
        )
    };
    let conta = |l| b.capitoli.iter().filter(|c| c.lato == l).count();
    Ok(EsitoImportBilancio {
        ente: ctx.ente.clone(),
        esercizio,
        formato,
        righe_lette: lettura.righe_lette,
        capitoli_entrate: conta(Lato::Entrate),
        capitoli_spese: conta(Lato::Spese),
        differenze,
        versione,
        subtotali_verificati: lettura.subtotali_verificati,
        rilievi: lettura.rilievi,
    })
}

/// Riassunto per l'audit: capitoli e totali di competenza.
fn riassunto(b: &Bilancio) -> String {
    let (e, _) = b.totale_generale_entrate();
    let (s, _) = b.totale_generale_spese();
    format!(
        "{} capitoli; entrate {} ; spese {}",
        b.capitoli.len(),
        e.formato_it(),
        s.formato_it()
    )
}

pub async fn bilancio<R: BilancioRepo>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
    versione: Option<i32>,
) -> Result<Bilancio, Errore> {
    ctx.autorizza(Azione::LeggiBilancio, Ambito::Ente)?;
    let codice_ente = &ctx.ente;
    repo.carica_bilancio(ctx.tenant, esercizio, versione)
        .await?
        .ok_or_else(|| {
            Errore::NonTrovato(match versione {
                Some(v) => format!(
                    "l'ente «{codice_ente}» non ha la versione {v} del bilancio {esercizio}"
                ),
                None => format!(
                    "l'ente «{codice_ente}» non ha un bilancio per l'esercizio {esercizio} (usare `traguardo import budget`)"
                ),
            })
        })
}

/// Totali annidati: `livelli` dal più esterno (es. UO, titolo, tipologia). La chiave unisce i
/// codici con `/`, il nome i nomi con ` / `.
pub fn totali_annidati(b: &Bilancio, livelli: &[Livello], lato: Option<Lato>) -> Vec<Totale> {
    if livelli.len() <= 1 {
        return b.totali(livelli.first().copied().unwrap_or(Livello::Totale), lato);
    }
    // Si filtra ricorsivamente per il livello esterno e si calcolano i totali interni.
    let esterni = b.totali(livelli[0], lato);
    let mut out = Vec::new();
    for t in esterni {
        // Solo i capitoli del gruppo: clonare prima tutto il bilancio costava più del calcolo.
        let sotto = Bilancio {
            esercizio: b.esercizio,
            testata: b.testata,
            unita: b.unita.clone(),
            capitoli: b
                .capitoli
                .iter()
                .filter(|c| c.lato == t.lato && chiave(c, livelli[0]).as_ref() == Some(&t.chiave))
                .cloned()
                .collect(),
        };
        for mut s in totali_annidati(&sotto, &livelli[1..], Some(t.lato)) {
            s.chiave = format!("{}/{}", t.chiave, s.chiave);
            s.nome = format!("{} / {}", t.nome, s.nome);
            out.push(s);
        }
    }
    out
}

fn chiave(c: &traguardo_domain::bilancio::Capitolo, l: Livello) -> Option<String> {
    match l {
        Livello::Uo => Some(c.uo.clone()),
        Livello::Titolo => Some(c.titolo.clone()),
        Livello::Tipologia => c.tipologia.clone(),
        Livello::Missione => c.missione.clone(),
        Livello::Programma => c.programma.clone(),
        Livello::Totale => Some("totale".into()),
    }
}

pub async fn versioni<R: BilancioRepo>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
) -> Result<Vec<VersioneBilancio>, Errore> {
    ctx.autorizza(Azione::LeggiBilancio, Ambito::Ente)?;
    repo.versioni_bilancio(ctx.tenant, esercizio).await
}

/// Collega i capitoli a progetti PEG e obiettivi del piano del ciclo che contiene
/// l'esercizio. Ogni riferimento deve esistere (capitolo nella versione corrente, progetto o
/// obiettivo nel piano); altrimenti nulla è scritto.
pub async fn collega_capitoli<R: BilancioRepo + PianiRepo + FattiRepo>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
    anno_ciclo: i32,
    collegamenti: &[CollegamentoCapitolo],
) -> Result<usize, Errore> {
    let permesso = ctx.autorizza(Azione::CollegaCapitolo, Ambito::Ente)?;
    let b = bilancio(repo, ctx, esercizio, None).await?;
    let (p, ids) = crate::comandi_monitoraggio::carica(repo, ctx, anno_ciclo).await?;
    let capitoli = repo.capitoli_identificati(ctx.tenant, esercizio).await?;
    let anagrafica = repo.anagrafica(ctx.tenant, ids.ciclo).await?;
    let mut errori = Vec::new();
    let mut per_id = Vec::new();
    for (i, c) in collegamenti.iter().enumerate() {
        let percorso = format!("collegamenti[{}]", i + 1);
        let capitolo = b
            .capitoli
            .iter()
            .any(|x| x.lato == c.lato && x.codice == c.capitolo)
            .then(|| {
                capitoli
                    .iter()
                    .find(|x| x.lato == c.lato && x.codice == c.capitolo)
                    .map(|x| x.id)
            })
            .flatten();
        if capitolo.is_none() {
            errori.push(Rilievo::errore(
                CodiceRilievo::RiferimentoSconosciuto,
                percorso.clone(),
                format!(
                    "il capitolo {} ({}) non è nel bilancio {esercizio}",
                    c.capitolo,
                    c.lato.codice()
                ),
            ));
        }
        let destinazione = match c.tipo {
            TipoCollegamentoCapitolo::Progetto => anagrafica
                .progetto(&c.codice)
                .map(DestinazioneCapitolo::Progetto),
            TipoCollegamentoCapitolo::Obiettivo => p
                .obiettivi
                .iter()
                .position(|x| x.codice == c.codice)
                .map(|i| DestinazioneCapitolo::Obiettivo(ids.obiettivi[i].id)),
        };
        if destinazione.is_none() {
            errori.push(Rilievo::errore(
                CodiceRilievo::RiferimentoSconosciuto,
                percorso,
                format!("«{}» non esiste nel piano {anno_ciclo}", c.codice),
            ));
        }
        if let (Some(c), Some(d)) = (capitolo, destinazione)
            && !per_id.contains(&(c, d))
        {
            per_id.push((c, d));
        }
    }
    if !errori.is_empty() {
        return Err(Errore::Rifiutato(errori));
    }
    let ev = ctx
        .evento(
            &permesso,
            "bilancio.collega",
            format!("collegamenti capitoli {} {esercizio}", ctx.ente),
        )
        .dopo(Some(format!("{} collegamenti", collegamenti.len())));
    repo.salva_collegamenti(ctx.tenant, esercizio, &per_id, &ev)
        .await?;
    Ok(collegamenti.len())
}
