use std::fmt;
use traguardo_domain::rilievi::Rilievo;

/// Errori dei casi d'uso, con messaggi in italiano per l'utente.
#[derive(Debug)]
pub enum Errore {
    /// L'elemento richiesto non esiste (per quell'ente).
    NonTrovato(String),
    /// L'operazione contrasta con lo stato attuale (es. ente già esistente).
    Conflitto(String),
    /// Dati rifiutati: l'elenco dei rilievi che lo spiegano. Nulla è stato scritto.
    Rifiutato(Vec<Rilievo>),
    /// Dati di ingresso non validi (argomenti, parametri).
    NonValido(String),
    /// L'utente è noto ma il suo ruolo non consente l'operazione (HTTP 403).
    NonAutorizzato(String),
    /// Credenziali mancanti, errate, scadute o revocate (HTTP 401). Il messaggio non dice
    /// quale delle quattro, per non aiutare chi tenta.
    NonAutenticato,
    /// Guasto della memorizzazione o altro errore interno.
    Interno(String),
}

impl fmt::Display for Errore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Errore::NonTrovato(m) | Errore::Conflitto(m) | Errore::NonValido(m) => f.write_str(m),
            Errore::NonAutorizzato(m) => write!(f, "operazione non consentita: {m}"),
            Errore::NonAutenticato => f.write_str("accesso non riuscito: credenziali non valide"),
            Errore::Interno(m) => write!(f, "errore interno: {m}"),
            Errore::Rifiutato(r) => {
                write!(
                    f,
                    "dati rifiutati ({} errori), nulla è stato modificato",
                    r.len()
                )?;
                for x in r {
                    write!(f, "\n  {x}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Errore {}
