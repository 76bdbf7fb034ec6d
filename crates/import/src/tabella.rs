//! Il bilancio come tabella (CSV e XLSX): colonne documentate in `docs/budget-file.md`,
//! conversione riga ↔ capitolo, controlli con riga e colonna.

use traguardo_domain::bilancio::{Bilancio, Capitolo, Importi, Lato, UnitaBilancio, VociTestata};
use traguardo_domain::numeri::{ErroreNumero, Importo, leggi_importo};
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};

/// Le colonne, nell'ordine dell'esportazione e del modello.
pub const COLONNE: [&str; 18] = [
    "lato",
    "uo",
    "uo_nome",
    "titolo",
    "tipologia",
    "missione",
    "programma",
    "capitolo",
    "descrizione",
    "previsione_anno_precedente",
    "previsione",
    "aumento",
    "diminuzione",
    "cassa",
    "impegnato",
    "fpv",
    "previsione_anno_2",
    "previsione_anno_3",
];

/// Colonne senza le quali il file è rifiutato.
pub const OBBLIGATORIE: [&str; 6] = [
    "lato",
    "uo",
    "titolo",
    "capitolo",
    "descrizione",
    "previsione",
];

/// Voci della testata, nelle righe con `lato` = `testata` (importo nella colonna `previsione`).
pub const VOCI_TESTATA: [&str; 6] = [
    "fpv_parte_corrente",
    "fpv_conto_capitale",
    "utilizzo_avanzo",
    "avanzo_utilizzato_anticipatamente",
    "fondo_cassa_iniziale",
    "disavanzo",
];

/// Una cella letta: testo, oppure numero già convertito in centesimi (XLSX).
#[derive(Debug, Clone, PartialEq)]
pub enum Cella {
    Testo(String),
    Centesimi(i64),
    Vuota,
}

impl Cella {
    pub fn testo(&self) -> String {
        match self {
            Cella::Testo(s) => s.trim().to_string(),
            Cella::Centesimi(c) => {
                // Un codice numerico letto da XLSX (es. 20101) torna testo senza decimali.
                if c % 100 == 0 {
                    (c / 100).to_string()
                } else {
                    Importo::da_centesimi(*c).to_string()
                }
            }
            Cella::Vuota => String::new(),
        }
    }
}

/// Un importo in una cella di testo (CSV, o testo in XLSX): la grammatica unica degli importi
/// ([`leggi_importo`], `docs/numeri.md`); una cella vuota vale zero.
pub fn importo_da_testo(t: &str) -> Result<Importo, ErroreNumero> {
    match leggi_importo(t) {
        Err(ErroreNumero::Vuoto) => Ok(Importo::ZERO),
        altro => altro,
    }
}

fn codice_pulito(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Converte le righe (intestazione già risolta in indici) nel bilancio, raccogliendo tutti
/// gli errori con riga e colonna. `riga_di(i)` dà il numero di riga nel file della riga `i`.
pub fn da_righe(
    nome_file: &str,
    intestazione: &[String],
    righe: &[(usize, Vec<Cella>)],
    esercizio: i32,
) -> Result<(Bilancio, usize), Vec<Rilievo>> {
    let mut errori = Vec::new();
    let indice: Vec<Option<usize>> = COLONNE
        .iter()
        .map(|c| {
            intestazione.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(c)
            })
        })
        .collect();
    for c in OBBLIGATORIE {
        let k = COLONNE.iter().position(|x| *x == c).unwrap();
        if indice[k].is_none() {
            errori.push(
                Rilievo::errore(
                    CodiceRilievo::ColonnaMancante,
                    c,
                    format!(
                        "{nome_file}, riga 1: manca la colonna obbligatoria «{c}» (colonne attese: {})",
                        COLONNE.join(", ")
                    ),
                )
                .alla_posizione(1, None),
            );
        }
    }
    for (i, h) in intestazione.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        if !h.is_empty() && !COLONNE.iter().any(|c| c.eq_ignore_ascii_case(h)) {
            errori.push(
                Rilievo::errore(
                    CodiceRilievo::ColonnaSconosciuta,
                    h,
                    format!(
                        "{nome_file}, riga 1, colonna {}: colonna sconosciuta «{h}»",
                        i + 1
                    ),
                )
                .alla_posizione(1, Some(i + 1)),
            );
        }
    }
    if !errori.is_empty() {
        return Err(errori);
    }
    let cella = |r: &[Cella], nome: &str| -> (Cella, usize) {
        let k = COLONNE.iter().position(|x| *x == nome).unwrap();
        match indice[k] {
            Some(i) => (r.get(i).cloned().unwrap_or(Cella::Vuota), i + 1),
            None => (Cella::Vuota, 0),
        }
    };
    let mut b = Bilancio {
        esercizio,
        testata: VociTestata::default(),
        unita: Vec::new(),
        capitoli: Vec::new(),
    };
    let mut visti: std::collections::HashMap<(Lato, String), usize> = Default::default();
    // Voci della testata già lette: la seconda è un errore, non vince in silenzio.
    let mut voci_viste: std::collections::HashMap<String, usize> = Default::default();
    for (riga, r) in righe {
        let riga = *riga;
        if r.iter().all(|c| c.testo().is_empty()) {
            continue;
        }
        // Un importo della riga: `Ok(None)` se la cella è vuota; l'errore ha riga e colonna.
        let leggi_importo =
            |nome: &str, errori: &mut Vec<Rilievo>| -> Result<Option<Importo>, ()> {
                let (c, col) = cella(r, nome);
                let v = match c {
                    Cella::Centesimi(x) => Ok(Some(Importo::da_centesimi(x))),
                    Cella::Testo(t) if t.trim().is_empty() => Ok(None),
                    Cella::Testo(t) => importo_da_testo(&t).map(Some).map_err(|e| e.to_string()),
                    Cella::Vuota => Ok(None),
                };
                v.map_err(|m| {
                    errori.push(
                        Rilievo::errore(
                            CodiceRilievo::ImportoNonValido,
                            format!("riga {riga}.{nome}"),
                            format!("{nome_file}, riga {riga}, colonna {col} ({nome}): {m}"),
                        )
                        .alla_posizione(riga, Some(col)),
                    );
                })
            };
        let importo = |nome: &str, errori: &mut Vec<Rilievo>| -> Option<Importo> {
            leggi_importo(nome, errori)
                .ok()
                .map(Option::unwrap_or_default)
        };
        let (lato_c, col_lato) = cella(r, "lato");
        let lato_t = lato_c.testo();
        if lato_t.eq_ignore_ascii_case("testata") {
            let (voce, col) = cella(r, "capitolo");
            let voce = voce.testo();
            let Some(v) = importo("previsione", &mut errori) else {
                continue;
            };
            if VOCI_TESTATA.contains(&voce.as_str())
                && let Some(prima) = voci_viste.insert(voce.clone(), riga)
            {
                errori.push(
                    Rilievo::errore(
                        CodiceRilievo::VoceTestataDuplicata,
                        format!("riga {riga}.capitolo"),
                        format!(
                            "{nome_file}, riga {riga}, colonna {col} (capitolo): la voce di testata «{voce}» compare già alla riga {prima}"
                        ),
                    )
                    .alla_posizione(riga, Some(col)),
                );
                continue;
            }
            let t = &mut b.testata;
            match voce.as_str() {
                "fpv_parte_corrente" => t.fpv_parte_corrente = v,
                "fpv_conto_capitale" => t.fpv_conto_capitale = v,
                "utilizzo_avanzo" => t.utilizzo_avanzo = v,
                "avanzo_utilizzato_anticipatamente" => t.avanzo_utilizzato_anticipatamente = v,
                "fondo_cassa_iniziale" => t.fondo_cassa_iniziale = v,
                "disavanzo" => t.disavanzo = v,
                altro => errori.push(
                    Rilievo::errore(
                        CodiceRilievo::ValoreNonValido,
                        format!("riga {riga}.capitolo"),
                        format!(
                            "{nome_file}, riga {riga}, colonna {col} (capitolo): voce di testata «{altro}» sconosciuta; ammesse: {}",
                            VOCI_TESTATA.join(", ")
                        ),
                    )
                    .alla_posizione(riga, Some(col)),
                ),
            }
            continue;
        }
        let Some(lato) = Lato::da_codice(&lato_t) else {
            errori.push(
                Rilievo::errore(
                    CodiceRilievo::ValoreNonValido,
                    format!("riga {riga}.lato"),
                    format!(
                        "{nome_file}, riga {riga}, colonna {col_lato} (lato): «{lato_t}» non è «entrate», «spese» o «testata»"
                    ),
                )
                .alla_posizione(riga, Some(col_lato)),
            );
            continue;
        };
        let testo_obbligatorio = |nome: &str, errori: &mut Vec<Rilievo>| -> String {
            let (c, col) = cella(r, nome);
            let t = c.testo();
            if t.is_empty() {
                errori.push(
                    Rilievo::errore(
                        CodiceRilievo::CampoMancante,
                        format!("riga {riga}.{nome}"),
                        format!(
                            "{nome_file}, riga {riga}, colonna {col} ({nome}): valore mancante"
                        ),
                    )
                    .alla_posizione(riga, Some(col)),
                );
            }
            t
        };
        let codice = testo_obbligatorio("capitolo", &mut errori);
        let descrizione = testo_obbligatorio("descrizione", &mut errori);
        let uo = testo_obbligatorio("uo", &mut errori);
        let titolo = testo_obbligatorio("titolo", &mut errori);
        let uo_nome = cella(r, "uo_nome").0.testo();
        let programma = codice_pulito(&cella(r, "programma").0.testo());
        let missione = codice_pulito(&cella(r, "missione").0.testo())
            .map(|m| if m.len() == 1 { format!("0{m}") } else { m })
            .or_else(|| {
                programma
                    .as_ref()
                    .and_then(|p| p.get(..2))
                    .map(String::from)
            });
        let importi = (
            importo("previsione_anno_precedente", &mut errori),
            importo("previsione", &mut errori),
            importo("aumento", &mut errori),
            importo("diminuzione", &mut errori),
            importo("cassa", &mut errori),
            importo("impegnato", &mut errori),
            importo("fpv", &mut errori),
        );
        let facoltativo = |nome: &str, errori: &mut Vec<Rilievo>| -> Option<Importo> {
            leggi_importo(nome, errori).ok().flatten()
        };
        let anno_2 = facoltativo("previsione_anno_2", &mut errori);
        let anno_3 = facoltativo("previsione_anno_3", &mut errori);
        let (Some(ap), Some(pr), Some(au), Some(di), Some(ca), Some(im), Some(fp)) = importi else {
            continue;
        };
        if codice.is_empty() {
            continue;
        }
        if let Some(prima) = visti.insert((lato, codice.clone()), riga) {
            let col = cella(r, "capitolo").1;
            errori.push(
                Rilievo::errore(
                    CodiceRilievo::CapitoloDuplicato,
                    format!("riga {riga}.capitolo"),
                    format!(
                        "{nome_file}, riga {riga}, colonna {col} (capitolo): il capitolo {codice} ({}) compare già alla riga {prima}",
                        lato.codice()
                    ),
                )
                .alla_posizione(riga, Some(col)),
            );
            continue;
        }
        if !uo.is_empty() && !b.unita.iter().any(|u| u.codice == uo) {
            b.unita.push(UnitaBilancio {
                codice: uo.clone(),
                nome: uo_nome,
            });
        }
        b.capitoli.push(Capitolo {
            lato,
            codice,
            descrizione,
            uo,
            titolo,
            tipologia: if lato == Lato::Entrate {
                codice_pulito(&cella(r, "tipologia").0.testo())
            } else {
                None
            },
            missione: if lato == Lato::Spese { missione } else { None },
            programma: if lato == Lato::Spese { programma } else { None },
            importi: Importi {
                anno_precedente: ap,
                previsione: pr,
                aumento: au,
                diminuzione: di,
                cassa: ca,
                impegnato: im,
                fpv: fp,
                anno_2,
                anno_3,
            },
        });
    }
    if b.capitoli.is_empty() && errori.is_empty() {
        errori.push(Rilievo::errore(
            CodiceRilievo::FileVuoto,
            "",
            format!("{nome_file}: nessun capitolo nel file"),
        ));
    }
    if !errori.is_empty() {
        return Err(errori);
    }
    Ok((b, righe.len() + 1))
}

/// Le righe di esportazione: prima la testata, poi i capitoli; testi e importi col punto.
pub fn in_righe(b: &Bilancio) -> Vec<Vec<String>> {
    let t = &b.testata;
    let mut out = Vec::new();
    for (voce, v) in VOCI_TESTATA.iter().zip([
        t.fpv_parte_corrente,
        t.fpv_conto_capitale,
        t.utilizzo_avanzo,
        t.avanzo_utilizzato_anticipatamente,
        t.fondo_cassa_iniziale,
        t.disavanzo,
    ]) {
        let mut r = vec![String::new(); COLONNE.len()];
        r[0] = "testata".into();
        r[7] = voce.to_string();
        r[10] = v.to_string();
        out.push(r);
    }
    for c in &b.capitoli {
        let i = &c.importi;
        out.push(vec![
            c.lato.codice().to_string(),
            c.uo.clone(),
            b.nome_uo(&c.uo),
            c.titolo.clone(),
            c.tipologia.clone().unwrap_or_default(),
            c.missione.clone().unwrap_or_default(),
            c.programma.clone().unwrap_or_default(),
            c.codice.clone(),
            c.descrizione.clone(),
            i.anno_precedente.to_string(),
            i.previsione.to_string(),
            i.aumento.to_string(),
            i.diminuzione.to_string(),
            i.cassa.to_string(),
            i.impegnato.to_string(),
            i.fpv.to_string(),
            i.anno_2.map(|x| x.to_string()).unwrap_or_default(),
            i.anno_3.map(|x| x.to_string()).unwrap_or_default(),
        ]);
    }
    out
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn importi_nei_formati_di_excel() {
        let c = |s: &str| importo_da_testo(s).map(|i| i.centesimi());
        assert_eq!(c("1.234,56"), Ok(123_456));
        assert_eq!(c("50.000"), Ok(5_000_000));
        assert!(matches!(
            c("999.999.999.999.999.999,00"),
            Err(ErroreNumero::ImportoFuoriIntervallo(_))
        ));
        assert_eq!(c("1234,56"), Ok(123_456));
        assert_eq!(c("1234.56"), Ok(123_456));
        assert_eq!(c("1.234"), Ok(123_400));
        assert_eq!(c("18.467.766,03"), Ok(1_846_776_603));
        assert_eq!(c("1,234.56"), Ok(123_456));
        assert_eq!(c("€ 12,00"), Ok(1_200));
        assert_eq!(c("-5,00"), Ok(-500));
        assert_eq!(c(""), Ok(0));
        assert!(c("12,3a").is_err());
        assert!(c("dieci").is_err());
        assert!(c("1,234").is_err());
    }
}
