//! I totali del bilancio a qualunque combinazione di livelli (UO, titolo, tipologia,
//! missione, programma), con gli importi esatti e in formato italiano.

use super::Cifra;
use crate::Errore;
use crate::bilancio::{bilancio, totali_annidati};
use crate::contesto::Contesto;
use crate::porte::BilancioRepo;
use serde::Serialize;
use traguardo_domain::bilancio::{Bilancio, Lato, Livello, Totale};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TotaliBilancio {
    pub esercizio: i32,
    pub livelli: Vec<Livello>,
    pub lato: Option<Lato>,
    pub righe: Vec<RigaTotale>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaTotale {
    #[serde(flatten)]
    pub totale: Totale,
    pub testi: ImportiTesto,
}

/// Gli importi del totale in formato italiano (`1.234,56`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportiTesto {
    pub anno_precedente: String,
    pub previsione: String,
    pub aumento: String,
    pub diminuzione: String,
    pub cassa: String,
    pub impegnato: String,
    pub fpv: String,
    pub anno_2: Option<String>,
    pub anno_3: Option<String>,
}

/// Costruttore puro: `livelli` dal più esterno; nessun livello = totale generale.
pub fn totali_bilancio(b: &Bilancio, livelli: &[Livello], lato: Option<Lato>) -> TotaliBilancio {
    TotaliBilancio {
        esercizio: b.esercizio,
        livelli: livelli.to_vec(),
        lato,
        righe: totali_annidati(b, livelli, lato)
            .into_iter()
            .map(|t| {
                let i = &t.importi;
                let f = |x: traguardo_domain::numeri::Importo| Cifra::importo(x).testo;
                RigaTotale {
                    testi: ImportiTesto {
                        anno_precedente: f(i.anno_precedente),
                        previsione: f(i.previsione),
                        aumento: f(i.aumento),
                        diminuzione: f(i.diminuzione),
                        cassa: f(i.cassa),
                        impegnato: f(i.impegnato),
                        fpv: f(i.fpv),
                        anno_2: i.anno_2.map(f),
                        anno_3: i.anno_3.map(f),
                    },
                    totale: t,
                }
            })
            .collect(),
    }
}

pub async fn totali<R: BilancioRepo>(
    repo: &R,
    ctx: &Contesto,
    esercizio: i32,
    versione: Option<i32>,
    livelli: &[Livello],
    lato: Option<Lato>,
) -> Result<TotaliBilancio, Errore> {
    let b = bilancio(repo, ctx, esercizio, versione).await?;
    Ok(totali_bilancio(&b, livelli, lato))
}
