use traguardo_domain::rilievi::Rilievo;

/// La causa di un errore interno, tenuta per il log e per chi risale la catena
/// (`std::error::Error::source`).
pub type Causa = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Errori dei casi d'uso, con messaggi in italiano per l'utente.
#[derive(Debug, thiserror::Error)]
pub enum Errore {
    /// L'elemento richiesto non esiste (per quell'ente).
    #[error("{0}")]
    NonTrovato(String),
    /// L'operazione contrasta con lo stato attuale (es. ente già esistente).
    #[error("{0}")]
    Conflitto(String),
    /// Dati rifiutati: l'elenco dei rilievi che lo spiegano. Nulla è stato scritto.
    #[error("{}", testo_rifiuto(.0))]
    Rifiutato(Vec<Rilievo>),
    /// Dati di ingresso non validi (argomenti, parametri).
    #[error("{0}")]
    NonValido(String),
    /// L'utente è noto ma il suo ruolo non consente l'operazione (HTTP 403).
    #[error("operazione non consentita: {0}")]
    NonAutorizzato(String),
    /// Credenziali mancanti, errate, scadute o revocate (HTTP 401). Il messaggio non dice
    /// quale delle quattro, per non aiutare chi tenta.
    #[error("accesso non riuscito: credenziali non valide")]
    NonAutenticato,
    /// Guasto della memorizzazione o altro errore interno. Il messaggio dice dove; la causa,
    /// se c'è, resta attaccata per il log.
    #[error("errore interno: {messaggio}")]
    Interno {
        messaggio: String,
        #[source]
        causa: Option<Causa>,
    },
}

impl Errore {
    /// Errore interno senza una causa da tenere (un'invariante rotta, un dato illeggibile).
    pub fn interno(messaggio: impl Into<String>) -> Errore {
        Errore::Interno {
            messaggio: messaggio.into(),
            causa: None,
        }
    }

    /// Errore interno con la sua causa (errore del database, di IO, di serializzazione…).
    pub fn interno_da(messaggio: impl Into<String>, causa: impl Into<Causa>) -> Errore {
        Errore::Interno {
            messaggio: messaggio.into(),
            causa: Some(causa.into()),
        }
    }
}

fn testo_rifiuto(rilievi: &[Rilievo]) -> String {
    let mut s = format!(
        "dati rifiutati ({} errori), nulla è stato modificato",
        rilievi.len()
    );
    for x in rilievi {
        s.push_str(&format!("\n  {x}"));
    }
    s
}

#[cfg(test)]
mod test {
    use super::*;
    use std::error::Error as _;
    use traguardo_domain::rilievi::CodiceRilievo;

    #[test]
    fn i_testi_per_l_utente_non_cambiano() {
        let casi = [
            (
                Errore::NonTrovato("ente «X» inesistente".into()),
                "ente «X» inesistente",
            ),
            (Errore::Conflitto("già presente".into()), "già presente"),
            (Errore::NonValido("anno «x»".into()), "anno «x»"),
            (
                Errore::NonAutorizzato("serve il ruolo OIV".into()),
                "operazione non consentita: serve il ruolo OIV",
            ),
            (
                Errore::NonAutenticato,
                "accesso non riuscito: credenziali non valide",
            ),
            (
                Errore::interno("database: guasto"),
                "errore interno: database: guasto",
            ),
        ];
        for (e, atteso) in casi {
            assert_eq!(e.to_string(), atteso);
        }
        let r = Errore::Rifiutato(vec![
            Rilievo::errore(CodiceRilievo::CodiceDuplicato, "obiettivi[A]", "ripetuto"),
            Rilievo::avviso(CodiceRilievo::PesiStepNon100, "obiettivi[B].steps", "90%"),
        ]);
        assert_eq!(
            r.to_string(),
            "dati rifiutati (2 errori), nulla è stato modificato\n  \
             ERRORE [codice_duplicato] obiettivi[A]: ripetuto\n  \
             AVVISO [pesi_step_non_100] obiettivi[B].steps: 90%"
        );
    }

    #[test]
    fn l_errore_interno_tiene_la_causa() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "accesso negato");
        let e = Errore::interno_da("scrittura di piano.json: accesso negato", io);
        assert_eq!(
            e.to_string(),
            "errore interno: scrittura di piano.json: accesso negato"
        );
        let causa = e.source().expect("la causa resta attaccata");
        assert_eq!(causa.to_string(), "accesso negato");
        assert_eq!(
            causa.downcast_ref::<std::io::Error>().map(|x| x.kind()),
            Some(std::io::ErrorKind::PermissionDenied)
        );
        assert!(Errore::interno("senza causa").source().is_none());
        assert!(Errore::NonTrovato("x".into()).source().is_none());
    }
}
