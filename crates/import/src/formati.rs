//! CSV (UTF-8, UTF-8 con BOM, Windows-1252; `,` `;` o tabulazione) e XLSX, in lettura e in
//! scrittura; il [`Lettori`] che implementa la porta `LettoreBilancio`.

use crate::report::leggi_report;
use crate::tabella::{COLONNE, Cella, da_righe, in_righe};
use std::io::Cursor;
use traguardo_app::porte::{
    CollegamentoCapitolo, FormatoBilancio, LettoreBilancio, LetturaBilancio,
    TipoCollegamentoCapitolo,
};
use traguardo_domain::bilancio::Bilancio;
use traguardo_domain::bilancio::Lato;
use traguardo_domain::numeri::{ErroreNumero, Importo, importo_da_intero, importo_da_numero};
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};

fn errore(codice: CodiceRilievo, msg: String) -> Vec<Rilievo> {
    vec![Rilievo::errore(codice, "", msg)]
}

/// Decodifica un file di testo: BOM UTF-8, UTF-8, altrimenti Windows-1252 (come salva Excel
/// in italiano). Rifiuta i file binari.
pub fn decodifica(byte: &[u8], nome_file: &str) -> Result<(String, &'static str), Vec<Rilievo>> {
    if byte.is_empty() {
        return Err(errore(
            CodiceRilievo::FileVuoto,
            format!("{nome_file}: il file è vuoto"),
        ));
    }
    if byte.starts_with(b"\xff\xfe") || byte.starts_with(b"\xfe\xff") {
        return Err(errore(
            CodiceRilievo::CodificaNonValida,
            format!(
                "{nome_file}: il file è in UTF-16, non supportato: salvarlo come «CSV UTF-8» oppure «CSV (delimitato dal separatore di elenco)»"
            ),
        ));
    }
    let campione = &byte[..byte.len().min(8192)];
    if campione.contains(&0) || byte.starts_with(b"PK\x03\x04") || byte.starts_with(b"%PDF") {
        return Err(errore(
            CodiceRilievo::FileBinario,
            format!(
                "{nome_file}: è un file binario, non testo{}",
                if byte.starts_with(b"PK") {
                    " (sembra un XLSX: usare --format xlsx)"
                } else {
                    ""
                }
            ),
        ));
    }
    if let Some(resto) = byte.strip_prefix(b"\xef\xbb\xbf") {
        return std::str::from_utf8(resto)
            .map(|s| (s.to_string(), "UTF-8 con BOM"))
            .map_err(|e| {
                errore(
                    CodiceRilievo::CodificaNonValida,
                    format!(
                        "{nome_file}: dichiara UTF-8 (BOM) ma contiene byte non validi alla posizione {}",
                        e.valid_up_to() + 3
                    ),
                )
            });
    }
    if let Ok(s) = std::str::from_utf8(byte) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (s, _, con_errori) = encoding_rs::WINDOWS_1252.decode(byte);
    if con_errori {
        return Err(errore(
            CodiceRilievo::CodificaNonValida,
            format!("{nome_file}: codifica non riconosciuta (né UTF-8 né Windows-1252)"),
        ));
    }
    Ok((s.into_owned(), "Windows-1252"))
}

fn separatore(prima_riga: &str) -> u8 {
    let conta = |c: char| prima_riga.matches(c).count();
    [(';', b';'), ('\t', b'\t'), (',', b',')]
        .into_iter()
        .max_by_key(|(c, _)| conta(*c))
        .map(|(_, b)| b)
        .unwrap_or(b',')
}

pub fn leggi_csv(
    byte: &[u8],
    nome_file: &str,
    esercizio: i32,
) -> Result<LetturaBilancio, Vec<Rilievo>> {
    let (testo, _codifica) = decodifica(byte, nome_file)?;
    let prima = testo.lines().next().unwrap_or("");
    let mut lettore = csv::ReaderBuilder::new()
        .delimiter(separatore(prima))
        .has_headers(false)
        .flexible(false)
        .from_reader(testo.as_bytes());
    let mut righe = Vec::new();
    let mut intestazione: Option<Vec<String>> = None;
    for r in lettore.records() {
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                let riga = e.position().map(|p| p.line() as usize).unwrap_or(0);
                let msg = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!(
                        "{nome_file}, riga {riga}: {len} campi invece di {expected_len} (riga incompleta o file troncato?)"
                    ),
                    _ => format!("{nome_file}, riga {riga}: CSV non valido ({e})"),
                };
                return Err(vec![
                    Rilievo::errore(CodiceRilievo::CsvNonValido, format!("riga {riga}"), msg)
                        .alla_posizione(riga, None),
                ]);
            }
        };
        let riga = r.position().map(|p| p.line() as usize).unwrap_or(0);
        let campi: Vec<String> = r.iter().map(|s| s.to_string()).collect();
        match &intestazione {
            None => intestazione = Some(campi),
            Some(_) => righe.push((riga, campi.into_iter().map(Cella::Testo).collect())),
        }
    }
    let intestazione = intestazione.ok_or_else(|| {
        errore(
            CodiceRilievo::FileVuoto,
            format!("{nome_file}: il file è vuoto"),
        )
    })?;
    let (bilancio, lette) = da_righe(nome_file, &intestazione, &righe, esercizio)?;
    Ok(con_verifiche(bilancio, lette))
}

fn con_verifiche(bilancio: Bilancio, righe_lette: usize) -> LetturaBilancio {
    let rilievi = bilancio.verifica();
    LetturaBilancio {
        bilancio,
        rilievi,
        righe_lette,
        subtotali_verificati: None,
    }
}

/// Apre il foglio: quello indicato, altrimenti il primo.
fn apri_foglio(
    byte: &[u8],
    nome_file: &str,
    foglio: Option<&str>,
) -> Result<(String, calamine::Range<calamine::Data>), Vec<Rilievo>> {
    use calamine::{Reader, Xlsx};
    let mut libro: Xlsx<_> = Xlsx::new(Cursor::new(byte)).map_err(|e| {
        errore(
            CodiceRilievo::XlsxNonValido,
            format!("{nome_file}: non è un file XLSX leggibile ({e})"),
        )
    })?;
    let nomi = libro.sheet_names();
    let nome = match foglio {
        Some(f) => nomi
            .iter()
            .find(|n| n.as_str() == f)
            .cloned()
            .ok_or_else(|| {
                errore(
                    CodiceRilievo::FoglioMancante,
                    format!(
                        "{nome_file}: il foglio «{f}» non esiste (fogli: {})",
                        nomi.join(", ")
                    ),
                )
            })?,
        None => nomi.first().cloned().ok_or_else(|| {
            errore(
                CodiceRilievo::XlsxNonValido,
                format!("{nome_file}: nessun foglio"),
            )
        })?,
    };
    let area = libro.worksheet_range(&nome).map_err(|e| {
        errore(
            CodiceRilievo::XlsxNonValido,
            format!("{nome_file}: foglio «{nome}» non leggibile ({e})"),
        )
    })?;
    Ok((nome, area))
}

/// Il foglio da leggere: `nome_file` può indicarlo dopo `#` (`peg.xlsx#Capitoli`), altrimenti
/// il primo.
pub fn leggi_xlsx(
    byte: &[u8],
    nome_file: &str,
    foglio: Option<&str>,
    esercizio: i32,
) -> Result<LetturaBilancio, Vec<Rilievo>> {
    use calamine::Data;
    // calamine può andare in panico su un XLSX danneggiato (un riferimento di cella enorme
    // fa traboccare un intero): il panico diventa un rifiuto del file, non del programma.
    let (nome, area) = std::panic::catch_unwind(|| apri_foglio(byte, nome_file, foglio))
        .unwrap_or_else(|_| {
            Err(errore(
                CodiceRilievo::XlsxNonValido,
                format!("{nome_file}: non è un file XLSX leggibile (contenuto danneggiato)"),
            ))
        })?;
    let inizio = area.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut errori = Vec::new();
    let mut tutte: Vec<(usize, Vec<Cella>)> = Vec::new();
    for (i, riga) in area.rows().enumerate() {
        let n = inizio + i + 1;
        let mut numero = |r: Result<Importo, ErroreNumero>, j: usize| match r {
            Ok(x) => Cella::Centesimi(x.centesimi()),
            Err(e) => {
                errori.push(
                    Rilievo::errore(
                        CodiceRilievo::ImportoNonValido,
                        format!("riga {n}"),
                        format!(
                            "{nome_file}, foglio {nome}, riga {n}, colonna {}: {e}",
                            j + 1
                        ),
                    )
                    .alla_posizione(n, Some(j + 1)),
                );
                Cella::Vuota
            }
        };
        let celle = riga
            .iter()
            .enumerate()
            .map(|(j, d)| match d {
                Data::Empty => Cella::Vuota,
                Data::String(s) => Cella::Testo(s.clone()),
                // Le celle numeriche: stessi limiti della grammatica degli importi.
                // Un intero enorme può essere un codice: resta testo, e in una colonna di importi
                // la grammatica lo rifiuta come fuori intervallo.
                Data::Int(v) => match importo_da_intero((*v).into()) {
                    Ok(x) => Cella::Centesimi(x.centesimi()),
                    Err(_) => Cella::Testo(v.to_string()),
                },
                Data::Float(f) => numero(importo_da_numero(*f), j),
                Data::Bool(b) => Cella::Testo(b.to_string()),
                altro => Cella::Testo(altro.to_string()),
            })
            .collect();
        tutte.push((n, celle));
    }
    if !errori.is_empty() {
        return Err(errori);
    }
    let mut it = tutte.into_iter();
    let Some((_, intestazione)) = it.next() else {
        return Err(errore(
            CodiceRilievo::FileVuoto,
            format!("{nome_file}: il foglio «{nome}» è vuoto"),
        ));
    };
    let intestazione: Vec<String> = intestazione.iter().map(|c| c.testo()).collect();
    let righe: Vec<(usize, Vec<Cella>)> = it.collect();
    let (bilancio, lette) = da_righe(
        &format!("{nome_file}, foglio {nome}"),
        &intestazione,
        &righe,
        esercizio,
    )?;
    Ok(con_verifiche(bilancio, lette))
}

/// CSV canonico: UTF-8, virgola, importi col punto (`1234.56`).
pub fn scrivi_csv(b: &Bilancio) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLONNE).expect("scrittura in memoria");
    for r in in_righe(b) {
        w.write_record(&r).expect("scrittura in memoria");
    }
    w.into_inner().expect("scrittura in memoria")
}

/// Modello CSV vuoto (solo intestazione).
pub fn modello_csv() -> Vec<u8> {
    let mut s = COLONNE.join(",");
    s.push('\n');
    s.into_bytes()
}

const IMPORTI_DA: usize = 9;

fn cartella_xlsx(b: Option<&Bilancio>) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut libro = Workbook::new();
    let grassetto = Format::new().set_bold();
    let euro = Format::new().set_num_format("#,##0.00");
    let foglio = libro
        .add_worksheet()
        .set_name("Capitoli")
        .map_err(|e| e.to_string())?;
    for (j, c) in COLONNE.iter().enumerate() {
        foglio
            .write_string_with_format(0, j as u16, *c, &grassetto)
            .map_err(|e| e.to_string())?;
    }
    if let Some(b) = b {
        for (i, r) in in_righe(b).iter().enumerate() {
            let riga = (i + 1) as u32;
            for (j, v) in r.iter().enumerate() {
                if v.is_empty() {
                    continue;
                }
                let col = j as u16;
                if j >= IMPORTI_DA {
                    // Il numero di Excel è un double: la sua forma breve è esattamente l'importo.
                    let n: f64 = v.parse().map_err(|_| format!("importo «{v}»"))?;
                    foglio
                        .write_number_with_format(riga, col, n, &euro)
                        .map_err(|e| e.to_string())?;
                } else {
                    foglio
                        .write_string(riga, col, v)
                        .map_err(|e| e.to_string())?;
                }
            }
        }
    }
    foglio.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    foglio
        .autofilter(0, 0, 0, (COLONNE.len() - 1) as u16)
        .map_err(|e| e.to_string())?;
    foglio.set_column_width(8, 60).map_err(|e| e.to_string())?;
    for j in IMPORTI_DA..COLONNE.len() {
        foglio
            .set_column_width(j as u16, 16)
            .map_err(|e| e.to_string())?;
    }
    let istruzioni = libro
        .add_worksheet()
        .set_name("Istruzioni")
        .map_err(|e| e.to_string())?;
    let testi = [
        "Una riga per capitolo. lato: entrate | spese | testata.",
        "Entrate: titolo (es. 2) e tipologia a 5 cifre (es. 20101). Spese: titolo, missione (es. 12) e programma a 4 cifre (es. 1207).",
        "uo: codice dell'unità organizzativa (es. DIR); uo_nome il suo nome.",
        "Importi in euro con due decimali. Colonne obbligatorie: lato, uo, titolo, capitolo, descrizione, previsione.",
        "Righe 'testata': nella colonna capitolo la voce (fpv_parte_corrente, fpv_conto_capitale, utilizzo_avanzo, avanzo_utilizzato_anticipatamente, fondo_cassa_iniziale, disavanzo), importo in previsione.",
        "Il primo foglio è quello letto da Traguardo (oppure quello indicato con --sheet).",
    ];
    for (i, t) in testi.iter().enumerate() {
        istruzioni
            .write_string(i as u32, 0, *t)
            .map_err(|e| e.to_string())?;
    }
    libro.save_to_buffer().map_err(|e| e.to_string())
}

pub fn scrivi_xlsx(b: &Bilancio) -> Result<Vec<u8>, String> {
    cartella_xlsx(Some(b))
}

pub fn modello_xlsx() -> Result<Vec<u8>, String> {
    cartella_xlsx(None)
}

/// I lettori dei formati di bilancio (implementa la porta dell'applicazione).
#[derive(Debug, Clone, Default)]
pub struct Lettori {
    /// Foglio XLSX da leggere (predefinito: il primo).
    pub foglio: Option<String>,
}

impl LettoreBilancio for Lettori {
    fn leggi(
        &self,
        byte: &[u8],
        nome_file: &str,
        formato: FormatoBilancio,
        esercizio: i32,
    ) -> Result<LetturaBilancio, Vec<Rilievo>> {
        match formato {
            FormatoBilancio::Report => {
                let (testo, _) = decodifica(byte, nome_file)?;
                let l = leggi_report(&testo, nome_file)?;
                Ok(LetturaBilancio {
                    bilancio: l.bilancio,
                    rilievi: l.rilievi,
                    righe_lette: l.righe_lette,
                    subtotali_verificati: Some(l.subtotali_verificati),
                })
            }
            FormatoBilancio::Csv => leggi_csv(byte, nome_file, esercizio),
            FormatoBilancio::Xlsx => leggi_xlsx(byte, nome_file, self.foglio.as_deref(), esercizio),
        }
    }
}

/// Collegamenti capitolo ↔ progetto/obiettivo da un CSV `lato,capitolo,tipo,codice`.
pub fn leggi_collegamenti(
    testo: &str,
    nome: &str,
) -> Result<Vec<CollegamentoCapitolo>, Vec<Rilievo>> {
    let mut v = Vec::new();
    let mut errori = Vec::new();
    for (i, riga) in testo.lines().enumerate().skip(1) {
        if riga.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = riga.split(',').map(str::trim).collect();
        let tipo = match c.get(2) {
            Some(&"progetto") => Some(TipoCollegamentoCapitolo::Progetto),
            Some(&"obiettivo") => Some(TipoCollegamentoCapitolo::Obiettivo),
            _ => None,
        };
        match (c.first().and_then(|l| Lato::da_codice(l)), c.get(1), tipo, c.get(3)) {
            (Some(lato), Some(cap), Some(tipo), Some(cod)) if c.len() == 4 => {
                v.push(CollegamentoCapitolo {
                    lato,
                    capitolo: cap.to_string(),
                    tipo,
                    codice: cod.to_string(),
                })
            }
            _ => errori.push(Rilievo::errore(
                CodiceRilievo::RigaNonValida,
                format!("riga {}", i + 1),
                format!(
                    "{nome}, riga {}: attese 4 colonne lato,capitolo,tipo,codice con lato entrate|spese e tipo progetto|obiettivo",
                    i + 1
                ),
            )),
        }
    }
    if errori.is_empty() {
        Ok(v)
    } else {
        Err(errori)
    }
}
