//! `traguardo`: la riga di comando e il server HTTP.

mod cli;
mod cli_bilancio;
mod cli_cartella;
mod cli_checkpoint;
mod cli_ciclo;
mod cli_comandi_valutazione;
mod cli_organizzazione;
mod cli_piano;
mod cli_relazione;
mod cli_utenti;
mod cli_valutazione;
mod cli_versioni;
mod demo;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    cli::esegui().await
}
