//! Estrazione degli importi italiani da una riga di testo, anche quando la conversione del PDF
//! li ha incollati tra loro o al testo (`4.190.401,583.919.470,15`, `0,00previsione di`).
//!
//! Un importo stampato è `[-]d{1,3}(.ddd)*,dd`: la parte decimale ha sempre due cifre, quindi
//! due importi incollati si separano senza ambiguità subito dopo i due decimali. Qui si trova
//! solo dove inizia e finisce; il valore lo dà la grammatica unica degli importi
//! ([`traguardo_domain::numeri::leggi_importo`]), che rifiuta quelli fuori intervallo.

use traguardo_domain::numeri::{ErroreNumero, Importo, leggi_importo};

/// Un importo trovato nella riga, con la colonna (da 1, in caratteri) dove inizia.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportoInRiga {
    pub importo: Importo,
    pub colonna: usize,
}

/// Un importo stampato che la grammatica rifiuta (fuori intervallo), con la sua colonna.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportoRifiutato {
    pub testo: String,
    pub colonna: usize,
    pub errore: ErroreNumero,
}

/// Prova a riconoscere un importo stampato che inizia in `i`; restituisce dove finisce.
fn leggi(c: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    let negativo = c.get(j) == Some(&'-');
    if negativo {
        j += 1;
    }
    let inizio = j;
    while j < c.len() && c[j].is_ascii_digit() && j - inizio < 3 {
        j += 1;
    }
    if j == inizio {
        return None;
    }
    // Gruppi delle migliaia.
    while j + 3 < c.len() && c[j] == '.' && c[j + 1..j + 4].iter().all(|x| x.is_ascii_digit()) {
        j += 4;
    }
    if c.get(j) == Some(&',') {
        let d1 = *c.get(j + 1)?;
        let d2 = *c.get(j + 2)?;
        if d1.is_ascii_digit() && d2.is_ascii_digit() {
            return Some(j + 3);
        }
    }
    None
}

/// Tutti gli importi della riga, nell'ordine in cui compaiono (quelli rifiutati sono omessi:
/// [`estrai_importi_controllati`] li riporta).
pub fn estrai_importi(riga: &str) -> Vec<ImportoInRiga> {
    estrai_importi_controllati(riga).0
}

/// Gli importi della riga e quelli stampati ma rifiutati dalla grammatica (fuori intervallo).
pub fn estrai_importi_controllati(riga: &str) -> (Vec<ImportoInRiga>, Vec<ImportoRifiutato>) {
    let c: Vec<char> = riga.chars().collect();
    let mut out = Vec::new();
    let mut rifiutati = Vec::new();
    let mut i = 0;
    // Fine dell'ultimo importo letto: un importo incollato può iniziare subito dopo.
    let mut fine_precedente: Option<usize> = None;
    while i < c.len() {
        let ch = c[i];
        let inizio_valido = if ch == '-' {
            c.get(i + 1).is_some_and(|x| x.is_ascii_digit()) && (i == 0 || c[i - 1].is_whitespace())
        } else if ch.is_ascii_digit() {
            i == 0
                || fine_precedente == Some(i)
                || !(c[i - 1].is_ascii_digit() || c[i - 1] == '.' || c[i - 1] == ',')
        } else {
            false
        };
        if inizio_valido
            && let Some(fine) = leggi(&c, i)
            // Un importo seguito da cifre che non formano un altro importo (`12,345`) non lo è.
            && (!c.get(fine).is_some_and(|x| x.is_ascii_digit()) || leggi(&c, fine).is_some())
        {
            let testo: String = c[i..fine].iter().collect();
            match leggi_importo(&testo) {
                Ok(importo) => out.push(ImportoInRiga {
                    importo,
                    colonna: i + 1,
                }),
                Err(errore) => rifiutati.push(ImportoRifiutato {
                    testo,
                    colonna: i + 1,
                    errore,
                }),
            }
            fine_precedente = Some(fine);
            i = fine;
            continue;
        }
        i += 1;
    }
    (out, rifiutati)
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    fn centesimi(riga: &str) -> Vec<i64> {
        estrai_importi(riga)
            .into_iter()
            .map(|x| x.importo.centesimi())
            .collect()
    }

    #[test]
    fn importi_incollati() {
        assert_eq!(
            centesimi(
                "Totale UO DIR 360.752,22previsione di 89.820,79DIRETTORE 4.190.401,583.919.470,15"
            ),
            vec![36_075_222, 8_982_079, 419_040_158, 391_947_015]
        );
        assert_eq!(
            centesimi("DISAVANZO DI AMMINISTRAZIONE 0,000,00 0,00 0,00"),
            vec![0, 0, 0, 0]
        );
        assert_eq!(
            centesimi("694.278,3221.308.481,16 3.534.993,4518.467.766,03TOTALE"),
            vec![69_427_832, 2_130_848_116, 353_499_345, 1_846_776_603]
        );
        assert_eq!(
            centesimi("18.467.766,03 2.840.715,130,00"),
            vec![1_846_776_603, 284_071_513, 0]
        );
    }

    #[test]
    fn non_importi() {
        assert!(
            centesimi("210110104/0 PNRR M5C2I1.1-Progetto 1.1.4 CUP I84H22000200006").is_empty()
        );
        assert!(centesimi("Totale TITOLO 990000").is_empty());
        assert!(centesimi("Esercizio 2026  16").is_empty());
        assert!(centesimi("12345,67").is_empty());
        assert!(centesimi("12,345").is_empty());
        assert_eq!(centesimi("saldo -1.234,50 e 7,00"), vec![-123_450, 700]);
        assert_eq!(estrai_importi("ab 1,00")[0].colonna, 4);
    }

    #[test]
    fn importi_fuori_intervallo_rifiutati() {
        let (v, r) = estrai_importi_controllati("Totale 999.999.999.999.999.999,00 5,00");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].importo.centesimi(), 500);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].colonna, 8);
        assert!(matches!(
            r[0].errore,
            ErroreNumero::ImportoFuoriIntervallo(_)
        ));
    }

    fn formato(c: i64) -> String {
        Importo::da_centesimi(c).formato_it()
    }

    proptest! {
        #[test]
        fn nessun_panico(s in "\\PC*") {
            let _ = estrai_importi(&s);
        }

        #[test]
        fn importi_incollati_si_separano(
            valori in proptest::collection::vec(0i64..100_000_000_000, 1..8),
            separatori in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("previsione di "), Just("AREA X ")], 8),
        ) {
            let mut riga = String::from("Totale ");
            for (i, v) in valori.iter().enumerate() {
                riga.push_str(&formato(*v));
                riga.push_str(separatori[i]);
            }
            prop_assert_eq!(centesimi(&riga), valori);
        }
    }
}
