//! La Relazione sulla performance e il Nucleo di valutazione / OIV: gli stati della Relazione
//! (bozza → approvata → validata), l'atto che la approva, i raggiungimenti accertati dal
//! Nucleo/OIV accanto a quelli dichiarati.
//!
//! L'atto si legge qui con un lettore minimo (`<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>`):
//! quando `domain::atto` (le versioni del piano) sarà presente, questo lettore va sostituito
//! con quello.

use crate::numeri::{arrotonda, formato_percento_it};
use chrono::NaiveDate;
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

/// Un atto citato: «deliberazione CdA n. 23 del 30/01/2023».
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttoCitato {
    pub tipo: String,
    pub organo: Option<String>,
    pub numero: String,
    pub data: NaiveDate,
}

impl AttoCitato {
    /// Legge `<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>`. Spazi in più sono ammessi,
    /// `n.` anche senza spazio dopo il punto.
    pub fn interpreta(testo: &str) -> Result<AttoCitato, String> {
        let forma = || {
            format!(
                "atto «{}» non riconosciuto: scrivere «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>», per esempio «deliberazione CdA n. 23 del 30/01/2023»",
                testo.trim()
            )
        };
        let parole: Vec<&str> = testo.split_whitespace().collect();
        let n = parole
            .iter()
            .position(|p| p.eq_ignore_ascii_case("n.") || p.to_lowercase().starts_with("n."))
            .ok_or_else(forma)?;
        if n == 0 || n > 2 {
            return Err(forma());
        }
        let tipo = parole[0].to_string();
        let organo = (n == 2).then(|| parole[1].to_string());
        // «n. 23» oppure «n.23».
        let (numero, resto) = if parole[n].len() > 2 {
            (parole[n][2..].to_string(), &parole[n + 1..])
        } else {
            let numero = parole.get(n + 1).ok_or_else(forma)?.to_string();
            (numero, &parole[n + 2..])
        };
        let [del, data] = resto else {
            return Err(forma());
        };
        if !del.eq_ignore_ascii_case("del") || numero.is_empty() {
            return Err(forma());
        }
        let data = NaiveDate::parse_from_str(data, "%d/%m/%Y").map_err(|_| {
            format!(
                "atto «{}»: la data «{data}» non è una data gg/mm/aaaa valida",
                testo.trim()
            )
        })?;
        Ok(AttoCitato {
            tipo,
            organo,
            numero,
            data,
        })
    }
}

impl fmt::Display for AttoCitato {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.organo {
            Some(o) => write!(f, "{} {o} n. {}", self.tipo, self.numero)?,
            None => write!(f, "{} n. {}", self.tipo, self.numero)?,
        }
        write!(f, " del {}", self.data.format("%d/%m/%Y"))
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
    if v.scale() > 4 && v.normalize().scale() > 4 {
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
    fn atto_letto_e_riscritto() {
        let a = AttoCitato::interpreta("deliberazione CdA n. 23 del 30/01/2023").unwrap();
        assert_eq!(a.tipo, "deliberazione");
        assert_eq!(a.organo.as_deref(), Some("CdA"));
        assert_eq!(a.numero, "23");
        assert_eq!(a.data, NaiveDate::from_ymd_opt(2023, 1, 30).unwrap());
        assert_eq!(a.to_string(), "deliberazione CdA n. 23 del 30/01/2023");
        let b = AttoCitato::interpreta("  verbale   n.7 del 02/05/2024 ").unwrap();
        assert_eq!(b.to_string(), "verbale n. 7 del 02/05/2024");
        assert_eq!(b.organo, None);
    }

    #[test]
    fn atto_non_valido() {
        for t in [
            "",
            "deliberazione",
            "deliberazione CdA 23 del 30/01/2023",
            "deliberazione CdA n. 23",
            "deliberazione CdA n. 23 il 30/01/2023",
            "una deliberazione del CdA n. 23 del 30/01/2023",
        ] {
            let e = AttoCitato::interpreta(t).unwrap_err();
            assert!(e.contains("non riconosciuto"), "{t}: {e}");
        }
        let e = AttoCitato::interpreta("deliberazione CdA n. 23 del 31/02/2023").unwrap_err();
        assert_eq!(
            e,
            "atto «deliberazione CdA n. 23 del 31/02/2023»: la data «31/02/2023» non è una data gg/mm/aaaa valida"
        );
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
