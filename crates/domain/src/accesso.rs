//! Ruoli degli utenti presso un ente e la loro portata (CdR, obiettivi, persona).
//!
//! Un utente dell'installazione può avere più ruoli, ciascuno presso un ente. Le portate
//! puntano per ora ai codici (CdR, obiettivo, persona): ogni tipo di portata ha il suo
//! newtype, così il passaggio agli identificativi stabili tocca solo questi tipi.

use serde::{Deserialize, Serialize};
use std::fmt;

/// I ruoli presso un ente (issue 7, punto 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ruolo {
    /// Amministratore di sistema dell'ente: utenti, struttura, importazioni, regole.
    Amministratore,
    /// Titolare del piano: assegna gli obiettivi, valuta i responsabili.
    Direttore,
    /// Responsabile di uno o più CdR: obiettivi e monitoraggio dei propri CdR.
    Responsabile,
    /// Referente di uno o più obiettivi: ne inserisce il monitoraggio.
    Referente,
    /// Nucleo di valutazione / OIV: legge tutto, valuta il direttore, decide le dilazioni.
    Oiv,
    /// Ufficio personale: valutazione individuale, fondo, premi.
    UfficioPersonale,
    /// Ragioneria: il PEG finanziario.
    Ragioneria,
    /// Dipendente collegato a una persona dell'ente: la propria scheda.
    Dipendente,
    /// Sola lettura, senza dati personali.
    Lettore,
}

impl Ruolo {
    pub const TUTTI: [Ruolo; 9] = [
        Ruolo::Amministratore,
        Ruolo::Direttore,
        Ruolo::Responsabile,
        Ruolo::Referente,
        Ruolo::Oiv,
        Ruolo::UfficioPersonale,
        Ruolo::Ragioneria,
        Ruolo::Dipendente,
        Ruolo::Lettore,
    ];

    /// Il codice usato nella CLI, nell'API e nel database.
    pub fn codice(self) -> &'static str {
        match self {
            Ruolo::Amministratore => "amministratore",
            Ruolo::Direttore => "direttore",
            Ruolo::Responsabile => "responsabile",
            Ruolo::Referente => "referente",
            Ruolo::Oiv => "oiv",
            Ruolo::UfficioPersonale => "ufficio_personale",
            Ruolo::Ragioneria => "ragioneria",
            Ruolo::Dipendente => "dipendente",
            Ruolo::Lettore => "lettore",
        }
    }

    /// Il nome per le persone.
    pub fn etichetta(self) -> &'static str {
        match self {
            Ruolo::Amministratore => "amministratore di sistema",
            Ruolo::Direttore => "direttore",
            Ruolo::Responsabile => "responsabile di CdR",
            Ruolo::Referente => "referente di obiettivi",
            Ruolo::Oiv => "Nucleo di valutazione / OIV",
            Ruolo::UfficioPersonale => "ufficio personale",
            Ruolo::Ragioneria => "ragioneria",
            Ruolo::Dipendente => "dipendente",
            Ruolo::Lettore => "lettore",
        }
    }

    pub fn da_codice(s: &str) -> Option<Ruolo> {
        let s = s.trim().to_lowercase().replace('-', "_");
        Ruolo::TUTTI.into_iter().find(|r| r.codice() == s)
    }
}

impl fmt::Display for Ruolo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.etichetta())
    }
}

macro_rules! codice_portata {
    ($(#[$m:meta])* $nome:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $nome(pub String);

        impl $nome {
            pub fn new(s: impl Into<String>) -> Self {
                $nome(s.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $nome {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

codice_portata!(
    /// Un CdR (unità organizzativa) dell'ente, per codice.
    CodiceCdr
);
codice_portata!(
    /// Un obiettivo del piano, per codice.
    CodiceObiettivo
);
codice_portata!(
    /// Una persona dell'ente, per codice (es. `P01`).
    CodicePersona
);

/// Un ruolo concesso a un utente presso un ente, con la sua portata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuoloAssegnato {
    pub ruolo: Ruolo,
    /// Per il responsabile: i CdR di competenza.
    #[serde(default)]
    pub cdr: Vec<CodiceCdr>,
    /// Per il referente: gli obiettivi di competenza.
    #[serde(default)]
    pub obiettivi: Vec<CodiceObiettivo>,
    /// La persona dell'ente che l'utente è (obbligatoria per il dipendente; facoltativa per
    /// gli altri ruoli, serve a impedire che si valuti da sé).
    #[serde(default)]
    pub persona: Option<CodicePersona>,
}

impl RuoloAssegnato {
    pub fn semplice(ruolo: Ruolo) -> RuoloAssegnato {
        RuoloAssegnato {
            ruolo,
            cdr: Vec::new(),
            obiettivi: Vec::new(),
            persona: None,
        }
    }

    /// Verifica che la portata sia coerente con il ruolo; il messaggio dice cosa manca.
    pub fn verifica(&self) -> Result<(), String> {
        let r = self.ruolo;
        if r == Ruolo::Responsabile && self.cdr.is_empty() {
            return Err("il ruolo responsabile richiede almeno un CdR (--cdr)".into());
        }
        if r == Ruolo::Referente && self.obiettivi.is_empty() {
            return Err("il ruolo referente richiede almeno un obiettivo (--objective)".into());
        }
        if r == Ruolo::Dipendente && self.persona.is_none() {
            return Err("il ruolo dipendente richiede la persona dell'ente (--person)".into());
        }
        if r != Ruolo::Responsabile && !self.cdr.is_empty() {
            return Err(format!(
                "il ruolo {} non ha CdR di competenza: --cdr vale solo per responsabile",
                r.etichetta()
            ));
        }
        if r != Ruolo::Referente && !self.obiettivi.is_empty() {
            return Err(format!(
                "il ruolo {} non ha obiettivi di competenza: --objective vale solo per referente",
                r.etichetta()
            ));
        }
        for c in self.cdr.iter().map(|c| c.as_str()).chain(
            self.obiettivi
                .iter()
                .map(|o| o.as_str())
                .chain(self.persona.iter().map(|p| p.as_str())),
        ) {
            if c.trim().is_empty() || c.trim() != c {
                return Err(format!(
                    "codice «{c}» non valido: vuoto o con spazi ai lati"
                ));
            }
        }
        Ok(())
    }

    /// Unisce la portata di `altro` (stesso ruolo) a questa, senza duplicati.
    pub fn unisci(&mut self, altro: &RuoloAssegnato) {
        for c in &altro.cdr {
            if !self.cdr.contains(c) {
                self.cdr.push(c.clone());
            }
        }
        for o in &altro.obiettivi {
            if !self.obiettivi.contains(o) {
                self.obiettivi.push(o.clone());
            }
        }
        if altro.persona.is_some() {
            self.persona = altro.persona.clone();
        }
    }

    /// Descrizione breve: «responsabile di CdR (CdR: UO1, UO2)».
    pub fn descrizione(&self) -> String {
        let mut s = self.ruolo.etichetta().to_string();
        let mut dettagli = Vec::new();
        if !self.cdr.is_empty() {
            dettagli.push(format!(
                "CdR: {}",
                self.cdr
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !self.obiettivi.is_empty() {
            dettagli.push(format!(
                "obiettivi: {}",
                self.obiettivi
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(p) = &self.persona {
            dettagli.push(format!("persona: {p}"));
        }
        if !dettagli.is_empty() {
            s.push_str(&format!(" ({})", dettagli.join("; ")));
        }
        s
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn codici_ed_etichette() {
        for r in Ruolo::TUTTI {
            assert_eq!(Ruolo::da_codice(r.codice()), Some(r));
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.codice()));
        }
        assert_eq!(
            Ruolo::Amministratore.etichetta(),
            "amministratore di sistema"
        );
        assert_eq!(
            Ruolo::da_codice("Ufficio-Personale"),
            Some(Ruolo::UfficioPersonale)
        );
        assert_eq!(Ruolo::da_codice("capo"), None);
    }

    #[test]
    fn portata_coerente_con_il_ruolo() {
        let mut r = RuoloAssegnato::semplice(Ruolo::Responsabile);
        assert!(r.verifica().unwrap_err().contains("--cdr"));
        r.cdr.push(CodiceCdr::new("UO1"));
        assert!(r.verifica().is_ok());
        r.obiettivi.push(CodiceObiettivo::new("D1"));
        assert!(r.verifica().unwrap_err().contains("--objective"));

        let d = RuoloAssegnato::semplice(Ruolo::Dipendente);
        assert!(d.verifica().unwrap_err().contains("--person"));
        let mut l = RuoloAssegnato::semplice(Ruolo::Lettore);
        assert!(l.verifica().is_ok());
        l.cdr.push(CodiceCdr::new("UO1"));
        assert!(l.verifica().is_err());
        let mut x = RuoloAssegnato::semplice(Ruolo::Referente);
        x.obiettivi.push(CodiceObiettivo::new(" D1"));
        assert!(x.verifica().unwrap_err().contains("non valido"));
    }

    #[test]
    fn unione_senza_duplicati() {
        let mut a = RuoloAssegnato::semplice(Ruolo::Responsabile);
        a.cdr = vec![CodiceCdr::new("A"), CodiceCdr::new("B")];
        let mut b = RuoloAssegnato::semplice(Ruolo::Responsabile);
        b.cdr = vec![CodiceCdr::new("B"), CodiceCdr::new("C")];
        a.unisci(&b);
        assert_eq!(a.cdr.len(), 3);
        assert_eq!(a.descrizione(), "responsabile di CdR (CdR: A, B, C)");
    }
}
