//! Rilievi (findings) prodotti dalle verifiche: codice, gravità, messaggio in italiano e
//! percorso dell'elemento. Le verifiche non correggono mai i dati.

pub use crate::codici::CodiceRilievo;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gravita {
    /// Il dato è inaccettabile: l'importazione è rifiutata.
    Errore,
    /// Il dato è accettato ma incoerente: va segnalato a chi lo ha scritto.
    Avviso,
}

impl Gravita {
    pub fn etichetta(self) -> &'static str {
        match self {
            Gravita::Errore => "ERRORE",
            Gravita::Avviso => "AVVISO",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rilievo {
    pub codice: CodiceRilievo,
    pub gravita: Gravita,
    pub messaggio: String,
    /// Percorso dell'elemento, es. `obiettivi[I].steps[9].peso`.
    pub percorso: String,
    /// Riga e colonna nel file di origine (importazioni), da 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub riga: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colonna: Option<usize>,
}

impl Rilievo {
    pub fn errore(
        codice: CodiceRilievo,
        percorso: impl Into<String>,
        messaggio: impl Into<String>,
    ) -> Self {
        debug_assert!(
            codice.gravita().contains(&Gravita::Errore),
            "{codice} non si usa come errore: vedi CodiceRilievo::gravita"
        );
        Rilievo {
            codice,
            gravita: Gravita::Errore,
            messaggio: messaggio.into(),
            percorso: percorso.into(),
            riga: None,
            colonna: None,
        }
    }

    pub fn avviso(
        codice: CodiceRilievo,
        percorso: impl Into<String>,
        messaggio: impl Into<String>,
    ) -> Self {
        debug_assert!(
            codice.gravita().contains(&Gravita::Avviso),
            "{codice} non si usa come avviso: vedi CodiceRilievo::gravita"
        );
        Rilievo {
            codice,
            gravita: Gravita::Avviso,
            messaggio: messaggio.into(),
            percorso: percorso.into(),
            riga: None,
            colonna: None,
        }
    }
}

impl Rilievo {
    /// Indica la posizione nel file di origine.
    pub fn alla_posizione(mut self, riga: usize, colonna: Option<usize>) -> Self {
        self.riga = Some(riga);
        self.colonna = colonna;
        self
    }
}

impl fmt::Display for Rilievo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {}: {}",
            self.gravita.etichetta(),
            self.codice,
            self.percorso,
            self.messaggio
        )?;
        // La posizione, se il messaggio non la dice già.
        match (self.riga, self.colonna) {
            (Some(r), _) if self.messaggio.contains(&format!("riga {r},")) => Ok(()),
            (Some(r), Some(c)) => write!(f, " (riga {r}, colonna {c})"),
            (Some(r), None) if !self.messaggio.contains(&format!("riga {r}")) => {
                write!(f, " (riga {r})")
            }
            _ => Ok(()),
        }
    }
}

/// Vero se almeno un rilievo è un errore.
pub fn ha_errori(rilievi: &[Rilievo]) -> bool {
    rilievi.iter().any(|r| r.gravita == Gravita::Errore)
}
