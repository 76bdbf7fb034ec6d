//! Comandi della CLI che scrivono un fatto su una persona o un capitolo: `evaluate rate`,
//! `evaluate acknowledge`, `plan assign|unassign`, `budget link|unlink` (un collegamento).
//! La CLI agisce come sistema presso l'ente (registrata nell'audit come `sistema:cli:…`).

use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use traguardo_app::Errore;
use traguardo_app::comandi_bilancio as cb;
use traguardo_app::comandi_valutazione as cv;
use traguardo_app::contesto::Contesto;
use traguardo_app::porte::TipoCollegamentoCapitolo;
use traguardo_app::valutazione::percentuale;
use traguardo_domain::bilancio::Lato;
use traguardo_domain::numeri::{arrotonda, formato_percento_it, interpreta_decimale};
use traguardo_storage::Store;

fn io(e: std::io::Error) -> Errore {
    Errore::interno(format!("scrittura dell'output: {e}"))
}

/// Il contesto del sistema (la CLI) presso l'ente.
pub async fn contesto(store: &Store, ente: &str) -> Result<Contesto, Errore> {
    let utente = std::env::var("USER").unwrap_or_else(|_| "sconosciuto".into());
    Contesto::sistema_presso(store, ente, &format!("cli:{utente}")).await
}

#[derive(Subcommand)]
pub enum ComandoVoto {
    /// Esprime (o cambia) il voto di un comportamento di una persona.
    Rate {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        cycle: i32,
        #[arg(long)]
        person: String,
        /// Codice del comportamento nel catalogo delle regole SMVP del ciclo (es. C1).
        #[arg(long)]
        behaviour: String,
        /// Voto nella scala delle regole (anche con la virgola: 3,5).
        #[arg(long)]
        vote: String,
        /// Revisione del voto vista da chi scrive (0: il voto non c'è ancora); se nel frattempo
        /// è cambiato il comando è rifiutato. Predefinita: quella attuale.
        #[arg(long)]
        revision: Option<i64>,
    },
}

pub async fn voto(store: &Store, out: &mut Vec<u8>, c: ComandoVoto) -> Result<(), Errore> {
    let ComandoVoto::Rate {
        ente,
        cycle,
        person,
        behaviour,
        vote,
        revision,
    } = c;
    let voto = interpreta_decimale(&vote)
        .map_err(|m| Errore::NonValido(format!("--vote «{vote}»: {m}")))?;
    let ctx = contesto(store, &ente).await?;
    let attesa = revision.map(|r| (r > 0).then_some(r));
    let e = cv::valuta_comportamento(store, &ctx, cycle, &person, &behaviour, voto, attesa).await?;
    writeln!(
        out,
        "Voto di {person} per {behaviour} registrato: {vote} (revisione {}).",
        e.revisione
    )
    .map_err(io)
}

/// La presa visione della propria scheda (dalla CLI, per conto della persona).
pub async fn presa_visione(
    store: &Store,
    out: &mut Vec<u8>,
    ente: &str,
    cycle: i32,
    person: &str,
) -> Result<(), Errore> {
    let ctx = contesto(store, ente).await?;
    let p = cv::prendi_visione(store, &ctx, cycle, person).await?;
    writeln!(
        out,
        "Presa visione di {} registrata il {}{}.",
        p.persona,
        p.momento.format("%d/%m/%Y alle %H:%M:%S UTC"),
        p.punteggio
            .map(|x| format!(" (punteggio {})", formato_percento_it(arrotonda(x, 2))))
            .unwrap_or_default()
    )
    .map_err(io)
}

/// La persona, l'obiettivo e lo step di un'assegnazione.
#[derive(Args)]
pub struct ChiAssegnare {
    #[arg(long)]
    ente: String,
    #[arg(long)]
    cycle: i32,
    #[arg(long)]
    person: String,
    #[arg(long)]
    objective: String,
    /// Codice dello step (se l'assegnazione è a uno step).
    #[arg(long)]
    step: Option<String>,
    /// Revisione dell'assegnazione vista da chi scrive (predefinita: quella attuale).
    #[arg(long)]
    revision: Option<i64>,
}

#[derive(Subcommand)]
pub enum ComandoAssegnazione {
    /// Assegna una persona a un obiettivo o a uno step (o ne cambia la quota).
    Assign {
        #[command(flatten)]
        chi: ChiAssegnare,
        /// Quota della persona (%), predefinita 100.
        #[arg(long)]
        share: Option<String>,
    },
    /// Toglie l'assegnazione di una persona.
    Unassign {
        #[command(flatten)]
        chi: ChiAssegnare,
    },
}

pub async fn assegnazione(
    store: &Store,
    out: &mut Vec<u8>,
    c: ComandoAssegnazione,
) -> Result<(), Errore> {
    match c {
        ComandoAssegnazione::Assign { chi, share } => {
            let quota = share.as_deref().map(percentuale).transpose()?;
            let ctx = contesto(store, &chi.ente).await?;
            let e = cv::assegna_persona(
                store,
                &ctx,
                chi.cycle,
                &chi.person,
                &chi.objective,
                chi.step.as_deref(),
                quota,
                chi.revision.map(Some),
            )
            .await?;
            writeln!(
                out,
                "{} assegnata all'obiettivo {}{} (revisione {}).",
                chi.person,
                chi.objective,
                chi.step
                    .as_deref()
                    .map(|s| format!(", step {s}"))
                    .unwrap_or_default(),
                e.revisione
            )
            .map_err(io)
        }
        ComandoAssegnazione::Unassign { chi } => {
            let ctx = contesto(store, &chi.ente).await?;
            cv::rimuovi_assegnazione(
                store,
                &ctx,
                chi.cycle,
                &chi.person,
                &chi.objective,
                chi.step.as_deref(),
                chi.revision,
            )
            .await?;
            writeln!(
                out,
                "Assegnazione di {} all'obiettivo {} tolta.",
                chi.person, chi.objective
            )
            .map_err(io)
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LatoCli {
    #[value(alias = "entrata")]
    Entrate,
    #[value(alias = "spese")]
    Spesa,
}

impl From<LatoCli> for Lato {
    fn from(l: LatoCli) -> Lato {
        match l {
            LatoCli::Entrate => Lato::Entrate,
            LatoCli::Spesa => Lato::Spese,
        }
    }
}

/// Un collegamento: capitolo e progetto PEG oppure obiettivo.
#[derive(Args)]
pub struct UnCollegamento {
    /// Lato del capitolo.
    #[arg(long, value_enum)]
    pub side: Option<LatoCli>,
    /// Codice del capitolo (es. 1100103/0).
    #[arg(long)]
    pub chapter: Option<String>,
    /// Codice del progetto PEG da collegare.
    #[arg(long, conflicts_with = "objective")]
    pub project: Option<String>,
    /// Codice dell'obiettivo da collegare.
    #[arg(long)]
    pub objective: Option<String>,
}

impl UnCollegamento {
    fn parti(&self) -> Result<(Lato, &str, TipoCollegamentoCapitolo, &str), Errore> {
        let manca = |a: &str| {
            Errore::NonValido(format!(
                "manca {a}: un collegamento vuole --side, --chapter e --project oppure --objective (o un file CSV)"
            ))
        };
        let lato = self.side.ok_or_else(|| manca("--side"))?.into();
        let capitolo = self.chapter.as_deref().ok_or_else(|| manca("--chapter"))?;
        let (tipo, codice) = match (&self.project, &self.objective) {
            (Some(p), None) => (TipoCollegamentoCapitolo::Progetto, p.as_str()),
            (None, Some(o)) => (TipoCollegamentoCapitolo::Obiettivo, o.as_str()),
            _ => return Err(manca("--project o --objective")),
        };
        Ok((lato, capitolo, tipo, codice))
    }
}

/// `budget link` con un solo collegamento.
pub async fn collega(
    store: &Store,
    out: &mut Vec<u8>,
    ente: &str,
    year: i32,
    uno: &UnCollegamento,
) -> Result<(), Errore> {
    let (lato, capitolo, tipo, codice) = uno.parti()?;
    let ctx = contesto(store, ente).await?;
    cb::collega_capitolo(store, &ctx, year, lato, capitolo, tipo, codice).await?;
    writeln!(out, "Capitolo {capitolo} collegato a {codice}.").map_err(io)
}

#[derive(Subcommand)]
pub enum ComandoScollega {
    /// Toglie il collegamento di un capitolo a un progetto PEG o a un obiettivo.
    Unlink {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        uno: UnCollegamento,
        /// Revisione del collegamento vista da chi scrive (predefinita: quella attuale).
        #[arg(long)]
        revision: Option<i64>,
    },
}

pub async fn scollega(store: &Store, out: &mut Vec<u8>, c: ComandoScollega) -> Result<(), Errore> {
    let ComandoScollega::Unlink {
        ente,
        year,
        uno,
        revision,
    } = c;
    let (lato, capitolo, tipo, codice) = uno.parti()?;
    let ctx = contesto(store, &ente).await?;
    cb::scollega_capitolo(store, &ctx, year, lato, capitolo, tipo, codice, revision).await?;
    writeln!(
        out,
        "Collegamento del capitolo {capitolo} a {codice} tolto."
    )
    .map_err(io)
}
