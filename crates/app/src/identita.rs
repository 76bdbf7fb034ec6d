//! Le identità degli elementi di un piano, accanto al `Piano` del dominio.
//!
//! Il `Piano` del dominio indica step e indicatori con la loro posizione nell'obiettivo: è
//! l'istantanea su cui lavorano le regole (pesi, punteggi). Le identità vivono qui, in vettori
//! paralleli a quelli del piano: `obiettivi[i].steps[j]` è lo step `piano.obiettivi[i].steps[j]`.
//! Il database tiene i fatti legati agli id, e a ogni lettura le posizioni si ricalcolano: spostare
//! o rinominare uno step non sposta il suo monitoraggio.

use serde::Serialize;
use traguardo_domain::id::{IdCheckpoint, IdCiclo, IdIndicatore, IdObiettivo, IdStep};
use traguardo_domain::piano::Piano;
use uuid::Uuid;

/// Id di un obiettivo memorizzato, con la revisione che i comandi di modifica devono citare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentitaObiettivo {
    pub id: IdObiettivo,
    /// Revisione dell'obiettivo (concorrenza ottimistica): cresce a ogni modifica.
    pub revisione: i64,
    pub steps: Vec<IdStep>,
    pub indicatori: Vec<IdIndicatore>,
}

/// Le identità di un piano, parallele a `Piano::obiettivi` e a `Piano::monitoraggio.checkpoint`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentitaPiano {
    pub ciclo: IdCiclo,
    pub obiettivi: Vec<IdentitaObiettivo>,
    pub checkpoint: Vec<IdCheckpoint>,
}

/// Id dichiarati in un file del piano (esportato con `--with-ids`): facoltativi, paralleli al
/// piano letto. Servono a riconoscere gli elementi alla reimportazione.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdDichiarati {
    pub obiettivi: Vec<IdDichiaratiObiettivo>,
    pub checkpoint: Vec<Option<IdCheckpoint>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdDichiaratiObiettivo {
    pub id: Option<IdObiettivo>,
    pub steps: Vec<Option<IdStep>>,
    pub indicatori: Vec<Option<IdIndicatore>>,
}

/// Un id nuovo (UUID v7, ordinato nel tempo).
pub fn nuovo_uuid() -> Uuid {
    Uuid::now_v7()
}

impl IdentitaPiano {
    /// Identità tutte nuove per un piano mai memorizzato.
    pub fn nuova(piano: &Piano) -> IdentitaPiano {
        IdentitaPiano {
            ciclo: IdCiclo(nuovo_uuid()),
            obiettivi: piano
                .obiettivi
                .iter()
                .map(|o| IdentitaObiettivo {
                    id: IdObiettivo(nuovo_uuid()),
                    revisione: 1,
                    steps: o.steps.iter().map(|_| IdStep(nuovo_uuid())).collect(),
                    indicatori: o
                        .indicatori
                        .iter()
                        .map(|_| IdIndicatore(nuovo_uuid()))
                        .collect(),
                })
                .collect(),
            checkpoint: piano
                .monitoraggio
                .checkpoint
                .iter()
                .map(|_| IdCheckpoint(nuovo_uuid()))
                .collect(),
        }
    }

    /// Vero se i vettori hanno la forma del piano (stessi conteggi a ogni livello).
    pub fn corrisponde(&self, piano: &Piano) -> bool {
        self.obiettivi.len() == piano.obiettivi.len()
            && self.checkpoint.len() == piano.monitoraggio.checkpoint.len()
            && self.obiettivi.iter().zip(&piano.obiettivi).all(|(i, o)| {
                i.steps.len() == o.steps.len() && i.indicatori.len() == o.indicatori.len()
            })
    }

    /// Posizione (obiettivo, step) di uno step dato il suo id.
    pub fn posizione_step(&self, id: IdStep) -> Option<(usize, usize)> {
        self.obiettivi
            .iter()
            .enumerate()
            .find_map(|(i, o)| o.steps.iter().position(|s| *s == id).map(|j| (i, j)))
    }

    pub fn posizione_indicatore(&self, id: IdIndicatore) -> Option<(usize, usize)> {
        self.obiettivi
            .iter()
            .enumerate()
            .find_map(|(i, o)| o.indicatori.iter().position(|s| *s == id).map(|j| (i, j)))
    }
}
