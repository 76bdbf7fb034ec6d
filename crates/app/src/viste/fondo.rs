//! La ripartizione del fondo per la produttività e le tabelle D.Lgs. 33/2013 art. 20.

use super::Cifra;
use crate::Errore;
use crate::contesto::Contesto;
use crate::porte::{PianiRepo, ValutazioneRepo};
use crate::valutazione::ripartisci_fondo;
use serde::Serialize;
use traguardo_domain::fondo::{Partecipante, Ripartizione, TabelleArt20, tabelle_art20};
use traguardo_domain::numeri::{Importo, arrotonda, formato_it, formato_percento_it};
use traguardo_domain::smvp::RegoleSmvp;

/// La ripartizione: un premio per persona, con i totali (Σ premi = fondo − non distribuito).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaRipartizione {
    #[serde(flatten)]
    pub ripartizione: Ripartizione,
    pub fondo_testo: String,
    pub distribuito_testo: String,
    pub non_distribuito_testo: String,
    pub righe: Vec<RigaPremio>,
    /// `Fondo 50.000,00: distribuiti …, non distribuiti …. <regola>`.
    pub riepilogo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaPremio {
    pub persona: String,
    pub nome: String,
    pub ammesso: bool,
    pub motivo: String,
    pub punteggio: Cifra,
    pub coefficiente: Cifra,
    /// Parametro individuale, a 6 decimali.
    pub parametro: Cifra,
    pub maggiorazione: bool,
    pub premio: Cifra,
    pub spiegazione: String,
}

pub fn vista_ripartizione(rip: &Ripartizione) -> VistaRipartizione {
    VistaRipartizione {
        fondo_testo: rip.fondo.formato_it(),
        distribuito_testo: rip.distribuito.formato_it(),
        non_distribuito_testo: rip.non_distribuito.formato_it(),
        righe: rip
            .premi
            .iter()
            .map(|p| RigaPremio {
                persona: p.codice.clone(),
                nome: p.nome.clone(),
                ammesso: p.ammesso,
                motivo: p.motivo.clone(),
                punteggio: Cifra::numero(p.punteggio, 2),
                coefficiente: Cifra::numero(p.coefficiente, 2),
                parametro: Cifra::numero(arrotonda(p.parametro, 6), 6),
                maggiorazione: p.maggiorazione,
                premio: Cifra::importo(p.premio),
                spiegazione: p.spiegazione.clone(),
            })
            .collect(),
        riepilogo: format!(
            "Fondo {}: distribuiti {}, non distribuiti {}. {}",
            rip.fondo.formato_it(),
            rip.distribuito.formato_it(),
            rip.non_distribuito.formato_it(),
            rip.regola
        ),
        ripartizione: rip.clone(),
    }
}

/// Le tabelle art. 20: ammontari, premiati, distribuzione per fascia, differenziazione.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VistaArt20 {
    #[serde(flatten)]
    pub tabelle: TabelleArt20,
    pub stanziato_testo: String,
    pub distribuito_testo: String,
    pub premio_medio_testo: String,
    pub premio_minimo_testo: String,
    pub premio_massimo_testo: String,
    pub fasce: Vec<RigaFasciaArt20>,
    /// `—` se non definito.
    pub rapporto_massimo_minimo_testo: String,
    pub quota_al_primo_quinto_testo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaFasciaArt20 {
    pub fascia: String,
    pub persone: usize,
    pub percentuale_persone: Cifra,
    pub importo: Cifra,
    pub percentuale_importo: Cifra,
}

pub fn vista_art20(rip: &Ripartizione, regole: &RegoleSmvp) -> VistaArt20 {
    let t = tabelle_art20(rip, regole);
    VistaArt20 {
        stanziato_testo: t.stanziato.formato_it(),
        distribuito_testo: t.distribuito.formato_it(),
        premio_medio_testo: t.premio_medio.formato_it(),
        premio_minimo_testo: t.premio_minimo.formato_it(),
        premio_massimo_testo: t.premio_massimo.formato_it(),
        fasce: t
            .distribuzione
            .iter()
            .map(|f| RigaFasciaArt20 {
                fascia: f.fascia.clone(),
                persone: f.persone,
                percentuale_persone: Cifra::percento(f.percentuale_persone),
                importo: Cifra::importo(f.importo),
                percentuale_importo: Cifra::percento(f.percentuale_importo),
            })
            .collect(),
        rapporto_massimo_minimo_testo: t
            .rapporto_massimo_minimo
            .map(|x| formato_it(x, 2))
            .unwrap_or_else(|| "—".into()),
        quota_al_primo_quinto_testo: t
            .quota_al_primo_quinto
            .map(formato_percento_it)
            .unwrap_or_else(|| "—".into()),
        tabelle: t,
    }
}

impl VistaArt20 {
    /// Il testo da pubblicare in Amministrazione trasparente.
    pub fn testo(&self) -> String {
        let mut s = String::new();
        s.push_str("Premi collegati alla performance — D.Lgs. 33/2013, art. 20\n");
        s.push_str(&format!(
            "Ammontare complessivo stanziato:   {}\n",
            self.stanziato_testo
        ));
        s.push_str(&format!(
            "Ammontare effettivamente distribuito: {}\n",
            self.distribuito_testo
        ));
        s.push_str(&format!(
            "Dipendenti valutati: {}; premiati: {}\n",
            self.tabelle.valutati, self.tabelle.premiati
        ));
        s.push_str(&format!(
            "Premio medio: {}; minimo: {}; massimo: {}\n",
            self.premio_medio_testo, self.premio_minimo_testo, self.premio_massimo_testo
        ));
        s.push_str("\nDistribuzione per fascia di giudizio:\n");
        for f in &self.fasce {
            s.push_str(&format!(
                "  {:<28} {:>4} persone ({:>7})  {:>14} ({:>7})\n",
                f.fascia,
                f.persone,
                formato_percento_it(f.percentuale_persone.valore),
                f.importo.testo,
                formato_percento_it(f.percentuale_importo.valore)
            ));
        }
        s.push_str(&format!(
            "\nGrado di differenziazione: premio massimo / minimo = {}; quota del fondo al quinto dei premiati con i premi più alti = {}\n",
            self.rapporto_massimo_minimo_testo, self.quota_al_primo_quinto_testo
        ));
        s
    }
}

/// Ripartizione e tabelle art. 20 dello stesso calcolo.
pub async fn ripartizione<
    R: PianiRepo + ValutazioneRepo + crate::porte_organizzazione::OrganizzazioneRepo,
>(
    repo: &R,
    ctx: &Contesto,
    anno: i32,
    fondo: Importo,
    checkpoint: Option<&str>,
    partecipanti: Option<Vec<Partecipante>>,
) -> Result<(VistaRipartizione, VistaArt20), Errore> {
    let (rip, regole) = ripartisci_fondo(repo, ctx, anno, fondo, checkpoint, partecipanti).await?;
    Ok((vista_ripartizione(&rip), vista_art20(&rip, &regole)))
}
