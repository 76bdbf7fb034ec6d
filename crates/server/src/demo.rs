//! Dati dimostrativi: i piani trascritti dai documenti reali degli enti (fixtures/plans),
//! incorporati nel binario così che `serve --demo` funzioni da qualunque cartella.

use traguardo_app::Errore;
use traguardo_app::bilancio;
use traguardo_app::casi_uso::{self, Attore};
use traguardo_app::file_piano::leggi_piano;
use traguardo_app::porte::{BilancioRepo, EntiRepo, FormatoBilancio, PianiRepo};
use traguardo_import::Lettori;
use traguardo_import::formati::leggi_collegamenti;

/// (nome del file, contenuto) dei piani dimostrativi.
pub const PIANI: &[(&str, &str)] = &[
    (
        "fixtures/plans/000.json",
        include_str!("../../../fixtures/plans/000.json"),
    ),
    (
        "fixtures/plans/001.json",
        include_str!("../../../fixtures/plans/001.json"),
    ),
    (
        "fixtures/plans/002.json",
        include_str!("../../../fixtures/plans/002.json"),
    ),
    (
        "fixtures/plans/003.json",
        include_str!("../../../fixtures/plans/003.json"),
    ),
    (
        "fixtures/plans/004.json",
        include_str!("../../../fixtures/plans/004.json"),
    ),
];

/// (ente, esercizio, ciclo del piano, nome del file, prospetto PEG del software di
/// contabilità, collegamenti capitolo ↔ progetto).
pub const BILANCI: &[(&str, i32, i32, &str, &str, &str)] = &[(
    "INRETE",
    2026,
    2026,
    "fixtures/budget/004_previsione_peg_2026.txt",
    include_str!("../../../fixtures/budget/004_previsione_peg_2026.txt"),
    include_str!("../../../fixtures/budget/004_collegamenti.csv"),
)];

/// Importa i piani dimostrativi che non sono ancora nel database; restituisce cosa ha fatto.
pub async fn carica<R: EntiRepo + PianiRepo + BilancioRepo>(
    repo: &R,
) -> Result<Vec<String>, Errore> {
    let attore = Attore::sistema("demo");
    let mut esito = Vec::new();
    for (nome, testo) in PIANI {
        let piano = leggi_piano(testo.as_bytes(), nome).map_err(Errore::Rifiutato)?;
        let gia = match repo.ente_per_codice(&piano.ente.codice).await? {
            Some(e) => repo
                .elenco_cicli(e.tenant_id)
                .await?
                .iter()
                .any(|c| c.anno_inizio == piano.ciclo.anno_inizio),
            None => false,
        };
        if gia {
            esito.push(format!(
                "{}: ciclo {} già presente",
                piano.ente.codice, piano.ciclo.anno_inizio
            ));
            continue;
        }
        let e = casi_uso::importa_piano(repo, &attore, testo.as_bytes(), nome, None).await?;
        tracing::info!(ente = %e.ente, ciclo = e.anno_inizio, obiettivi = e.obiettivi, "piano dimostrativo caricato");
        esito.push(format!(
            "{}: ciclo {}–{} caricato ({} obiettivi, {} step)",
            e.ente, e.anno_inizio, e.anno_fine, e.obiettivi, e.steps
        ));
    }
    for (ente, anno, ciclo, nome, testo, collegamenti) in BILANCI {
        let e = bilancio::importa_bilancio(
            repo,
            &Lettori::default(),
            &attore,
            testo.as_bytes(),
            nome,
            ente,
            *anno,
            FormatoBilancio::Report,
        )
        .await?;
        esito.push(match e.versione {
            Some(v) => format!(
                "{ente}: bilancio {anno} caricato (versione {v}, {} + {} capitoli)",
                e.capitoli_entrate, e.capitoli_spese
            ),
            None => format!("{ente}: bilancio {anno} già presente"),
        });
        if e.versione.is_some() {
            let c = leggi_collegamenti(collegamenti, "collegamenti").map_err(Errore::Rifiutato)?;
            let n = bilancio::collega_capitoli(repo, &attore, ente, *anno, *ciclo, &c).await?;
            esito.push(format!("{ente}: {n} collegamenti capitolo ↔ progetto PEG"));
        }
    }
    Ok(esito)
}
