//! Estrazione degli importi italiani da una riga di testo, anche quando la conversione del PDF
//! li ha incollati tra loro o al testo (`4.190.401,583.919.470,15`, `0,00previsione di`).
//!
//! Un importo è `[-]d{1,3}(.ddd)*,dd`: la parte decimale ha sempre due cifre, quindi due importi
//! incollati si separano senza ambiguità subito dopo i due decimali.

use traguardo_domain::numeri::Importo;

/// Un importo trovato nella riga, con la colonna (da 1, in caratteri) dove inizia.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportoInRiga {
    pub importo: Importo,
    pub colonna: usize,
}

/// Prova a leggere un importo che inizia in `i`; restituisce la fine e i centesimi.
fn leggi(c: &[char], i: usize) -> Option<(usize, i64)> {
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
    let mut cifre: String = c[inizio..j].iter().collect();
    // Gruppi delle migliaia.
    while j + 3 < c.len() && c[j] == '.' && c[j + 1..j + 4].iter().all(|x| x.is_ascii_digit()) {
        cifre.extend(&c[j + 1..j + 4]);
        j += 4;
    }
    if c.get(j) == Some(&',') {
        let d1 = *c.get(j + 1)?;
        let d2 = *c.get(j + 2)?;
        if d1.is_ascii_digit() && d2.is_ascii_digit() {
            cifre.push(d1);
            cifre.push(d2);
            let v: i64 = cifre.parse().ok()?;
            return Some((j + 3, if negativo { -v } else { v }));
        }
    }
    None
}

/// Tutti gli importi della riga, nell'ordine in cui compaiono.
pub fn estrai_importi(riga: &str) -> Vec<ImportoInRiga> {
    let c: Vec<char> = riga.chars().collect();
    let mut out = Vec::new();
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
            && let Some((fine, centesimi)) = leggi(&c, i)
            // Un importo seguito da cifre che non formano un altro importo (`12,345`) non lo è.
            && (!c.get(fine).is_some_and(|x| x.is_ascii_digit()) || leggi(&c, fine).is_some())
        {
            out.push(ImportoInRiga {
                importo: Importo::da_centesimi(centesimi),
                colonna: i + 1,
            });
            fine_precedente = Some(fine);
            i = fine;
            continue;
        }
        i += 1;
    }
    out
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
