//! La Relazione sulla performance e il Nucleo di valutazione / OIV: gli stati della Relazione
//! (bozza → approvata → validata), l'atto che la approva, i raggiungimenti accertati dal
//! Nucleo/OIV accanto a quelli dichiarati.
//!
//! L'atto si legge con l'unico lettore degli atti, [`crate::atto::RiferimentoAtto`].

use crate::numeri::{arrotonda, formato_percento_it};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// Lo stato della Relazione di un anno.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatoRelazione {
    Bozza,
    /// Approvata dal CdA, con il suo atto.
    Approvata,
    /// Validata dal Nucleo/OIV: l'anno è congelato.
    Validata,
}

impl StatoRelazione {
    pub fn come_testo(self) -> &'static str {
        match self {
            StatoRelazione::Bozza => "bozza",
            StatoRelazione::Approvata => "approvata",
            StatoRelazione::Validata => "validata",
        }
    }

    pub fn da_testo(t: &str) -> Option<StatoRelazione> {
        match t {
            "bozza" => Some(StatoRelazione::Bozza),
            "approvata" => Some(StatoRelazione::Approvata),
            "validata" => Some(StatoRelazione::Validata),
            _ => None,
        }
    }

    /// Si può approvare (registrare l'atto del CdA)? Solo una bozza.
    pub fn verifica_approvazione(self, anno: i32) -> Result<(), String> {
        match self {
            StatoRelazione::Bozza => Ok(()),
            StatoRelazione::Approvata => Err(format!(
                "la Relazione sulla performance {anno} è già approvata"
            )),
            StatoRelazione::Validata => Err(format!(
                "la Relazione sulla performance {anno} è già validata: non si approva di nuovo"
            )),
        }
    }

    /// Si può validare? Solo una Relazione approvata dal CdA.
    pub fn verifica_validazione(self, anno: i32) -> Result<(), String> {
        match self {
            StatoRelazione::Approvata => Ok(()),
            StatoRelazione::Bozza => Err(format!(
                "la Relazione sulla performance {anno} è in bozza: il Nucleo/OIV la valida dopo l'approvazione del CdA (relazione approve --act …)"
            )),
            StatoRelazione::Validata => Err(format!(
                "la Relazione sulla performance {anno} è già validata"
            )),
        }
    }
}

impl fmt::Display for StatoRelazione {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.come_testo())
    }
}

/// Un raggiungimento accertato dal Nucleo/OIV, per un obiettivo o per un suo indicatore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accertamento {
    pub obiettivo: String,
    /// Posizione dell'indicatore nell'obiettivo (da 1); `None` per l'obiettivo intero.
    pub indicatore: Option<usize>,
    /// Raggiungimento accertato (%).
    pub raggiungimento: Decimal,
    pub motivo: String,
}

/// Gli accertamenti del Nucleo/OIV di un ciclo e se la Relazione è validata (allora valgono
/// al posto dei dichiarati).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccertamentiOiv {
    pub voci: Vec<Accertamento>,
    pub validata: bool,
}

impl AccertamentiOiv {
    pub fn dell_obiettivo(&self, obiettivo: &str) -> Option<&Accertamento> {
        self.voci
            .iter()
            .find(|a| a.obiettivo == obiettivo && a.indicatore.is_none())
    }

    pub fn dell_indicatore(&self, obiettivo: &str, posizione: usize) -> Option<&Accertamento> {
        self.voci
            .iter()
            .find(|a| a.obiettivo == obiettivo && a.indicatore == Some(posizione))
    }
}

/// Il raggiungimento accertato accanto al dichiarato, in un esito.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaggiungimentoAccertato {
    /// Quello dichiarato (calcolato dal monitoraggio).
    pub dichiarato: Option<Decimal>,
    /// Quello accertato dal Nucleo/OIV.
    pub accertato: Decimal,
    pub motivo: String,
    /// Vale nel punteggio: la Relazione è validata.
    pub in_uso: bool,
}

impl RaggiungimentoAccertato {
    pub fn nuovo(dichiarato: Option<Decimal>, a: &Accertamento, validata: bool) -> Self {
        RaggiungimentoAccertato {
            dichiarato,
            accertato: a.raggiungimento,
            motivo: a.motivo.clone(),
            in_uso: validata,
        }
    }

    /// Il raggiungimento che vale nel punteggio.
    pub fn vigente(&self) -> Option<Decimal> {
        if self.in_uso {
            Some(self.accertato)
        } else {
            self.dichiarato
        }
    }

    /// La riga di spiegazione.
    pub fn spiegazione(&self) -> String {
        let dichiarato = self
            .dichiarato
            .map(|d| formato_percento_it(arrotonda(d, 2)))
            .unwrap_or_else(|| "non valutabile".into());
        format!(
            "raggiungimento dichiarato {dichiarato}, accertato dal Nucleo/OIV {} ({}): {}",
            formato_percento_it(arrotonda(self.accertato, 2)),
            self.motivo,
            if self.in_uso {
                "vale l'accertato (Relazione validata)"
            } else {
                "vale il dichiarato finché la Relazione non è validata"
            }
        )
    }
}

/// Valida un raggiungimento accertato o un punteggio proposto: tra 0 e 100.
pub fn valida_percentuale(v: Decimal, cosa: &str) -> Result<(), String> {
    if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
        return Err(format!(
            "{cosa} deve essere tra 0 e 100, non {}",
            crate::numeri::formato_it(v, 2)
        ));
    }
    if v.normalize().scale() > 4 {
        return Err(format!("{cosa}: al più 4 decimali"));
    }
    Ok(())
}

#[cfg(test)]
mod test {
    use super::*;
    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn stati() {
        assert!(StatoRelazione::Bozza.verifica_approvazione(2023).is_ok());
        assert!(
            StatoRelazione::Approvata
                .verifica_approvazione(2023)
                .is_err()
        );
        assert_eq!(
            StatoRelazione::Bozza
                .verifica_validazione(2023)
                .unwrap_err(),
            "la Relazione sulla performance 2023 è in bozza: il Nucleo/OIV la valida dopo l'approvazione del CdA (relazione approve --act …)"
        );
        assert!(StatoRelazione::Approvata.verifica_validazione(2023).is_ok());
        for s in [
            StatoRelazione::Bozza,
            StatoRelazione::Approvata,
            StatoRelazione::Validata,
        ] {
            assert_eq!(StatoRelazione::da_testo(s.come_testo()), Some(s));
        }
    }

    #[test]
    fn accertato_vale_solo_da_validata() {
        let a = Accertamento {
            obiettivo: "D1".into(),
            indicatore: None,
            raggiungimento: dec("60"),
            motivo: "evidenze parziali".into(),
        };
        let prima = RaggiungimentoAccertato::nuovo(Some(dec("80")), &a, false);
        assert_eq!(prima.vigente(), Some(dec("80")));
        let dopo = RaggiungimentoAccertato::nuovo(Some(dec("80")), &a, true);
        assert_eq!(dopo.vigente(), Some(dec("60")));
        assert_eq!(
            dopo.spiegazione(),
            "raggiungimento dichiarato 80,00%, accertato dal Nucleo/OIV 60,00% (evidenze parziali): vale l'accertato (Relazione validata)"
        );
        assert!(valida_percentuale(dec("100.5"), "il raggiungimento accertato").is_err());
        assert!(valida_percentuale(dec("-1"), "x").is_err());
        assert!(valida_percentuale(dec("99.1234"), "x").is_ok());
    }
}
