//! Identità per la vita: ogni entità ha un UUID che non cambia con le modifiche, le
//! reimportazioni e le esportazioni. Un tipo per entità, così che l'id di un obiettivo non possa
//! essere passato dove serve quello di uno step. I fatti (stati, valori, dilazioni, voti…)
//! puntano agli id, mai a posizioni o codici di visualizzazione.
//!
//! Il dominio non genera id (niente orologio né caso qui): li genera lo strato applicativo.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! identita {
    ($($(#[$doc:meta])* $nome:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $nome(pub Uuid);

        impl fmt::Display for $nome {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $nome {
            fn from(u: Uuid) -> Self {
                $nome(u)
            }
        }
    )*};
}

identita!(
    /// Un ente (il tenant).
    IdEnte,
    /// Un ciclo della performance di un ente.
    IdCiclo,
    /// Un centro di responsabilità / unità organizzativa.
    IdCdr,
    /// Una persona dell'ente.
    IdPersona,
    IdObiettivo,
    IdStep,
    IdIndicatore,
    /// Un momento di monitoraggio (31/08, 31/12…).
    IdCheckpoint,
    /// Una richiesta di dilazione.
    IdDilazione,
    /// Un atto (deliberazione, determinazione, decreto).
    IdAtto,
    /// Un capitolo del PEG finanziario (lo stesso in ogni versione del bilancio dell'esercizio).
    IdCapitolo,
    /// Un progetto PEG del piano di un ciclo.
    IdProgetto,
    /// Un utente di Traguardo.
    IdUtente,
);
