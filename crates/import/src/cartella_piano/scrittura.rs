//! Scrittura della cartella: il file del piano, foglio per foglio.

use super::{
    CAMPI_PIANO, COLLEGAMENTI, FOGLI, FOGLIO_PIANO, Foglio, Origine, TESTI, Tipo, lettera,
};
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, Worksheet, XlsxError};
use serde_json::{Map, Value};
use traguardo_app::file_piano::formato::PianoFile;

type Riga = Map<String, Value>;

/// Righe libere oltre i dati in cui valgono gli elenchi di convalida (per le righe aggiunte).
const RIGHE_IN_PIU: usize = 1000;

/// La cartella dal testo del file del piano esportato con gli id (`export plan --with-ids`):
/// la stessa per la CLI e per l'API.
pub fn cartella_da_json(json_con_id: &str) -> Result<Vec<u8>, String> {
    let file: PianoFile = serde_json::from_str(json_con_id)
        .map_err(|e| format!("rilettura del piano esportato: {e}"))?;
    scrivi_cartella(&file)
}

/// Scrive il piano come cartella XLSX. Errore (in italiano) solo se un testo supera il limite
/// di una cella (32.767 caratteri).
pub fn scrivi_cartella(file: &PianoFile) -> Result<Vec<u8>, String> {
    let valore = serde_json::to_value(file).map_err(|e| e.to_string())?;
    let mut libro = Workbook::new();
    let intestazione = Format::new().set_bold();
    let decimale = Format::new().set_num_format("0.00##");
    scrivi_piano(&mut libro, &valore, &intestazione, &decimale).map_err(errore)?;
    let mut quante = std::collections::HashMap::new();
    for f in FOGLI {
        let righe = righe(f, &valore);
        quante.insert(f.nome, righe.len());
        let foglio = libro.add_worksheet().set_name(f.nome).map_err(errore)?;
        scrivi_foglio(foglio, f, &righe, &intestazione, &decimale).map_err(errore)?;
    }
    for f in FOGLI {
        let foglio = libro.worksheet_from_name(f.nome).map_err(errore)?;
        convalide(foglio, f, &quante).map_err(errore)?;
    }
    libro.save_to_buffer().map_err(errore)
}

fn errore(e: XlsxError) -> String {
    format!("scrittura della cartella XLSX: {e}")
}

fn scrivi_piano(
    libro: &mut Workbook,
    valore: &Value,
    intestazione: &Format,
    decimale: &Format,
) -> Result<(), XlsxError> {
    let foglio = libro.add_worksheet().set_name(FOGLIO_PIANO)?;
    foglio.write_string_with_format(0, 0, "campo", intestazione)?;
    foglio.write_string_with_format(0, 1, "valore", intestazione)?;
    for (i, (campo, tipo)) in CAMPI_PIANO.iter().enumerate() {
        let r = (i + 1) as u32;
        foglio.write_string(r, 0, *campo)?;
        let v = campo
            .split('.')
            .try_fold(valore, |v, k| v.get(k))
            .unwrap_or(&Value::Null);
        scrivi_cella(foglio, r, 1, *tipo, v, decimale)?;
    }
    foglio.set_freeze_panes(1, 0)?;
    foglio.set_column_width(0, 28)?;
    foglio.set_column_width(1, 60)?;
    Ok(())
}

/// Le righe del foglio, ogni riga con le chiavi del JSON.
fn righe(f: &Foglio, piano: &Value) -> Vec<Riga> {
    let obiettivi = || piano["obiettivi"].as_array().into_iter().flatten();
    match f.origine {
        Origine::Elenco { percorso, testo } => percorso
            .iter()
            .fold(piano, |v, k| &v[k])
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| match (testo, v) {
                (true, v) => Riga::from_iter([("codice".to_string(), v.clone())]),
                (false, Value::Object(m)) => m.clone(),
                _ => Riga::new(),
            })
            .collect(),
        Origine::Obiettivi => obiettivi()
            .filter_map(Value::as_object)
            .map(|o| {
                let mut r = o.clone();
                if let Some(Value::Object(testi)) = r.remove("testi") {
                    r.extend(testi);
                }
                r
            })
            .collect(),
        Origine::DiObiettivo(chiave) => obiettivi()
            .flat_map(|o| {
                let codice = o["codice"].clone();
                o[chiave]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_object)
                    .map(move |e| {
                        let mut r = Riga::from_iter([("obiettivo".to_string(), codice.clone())]);
                        r.extend(e.clone());
                        r
                    })
            })
            .collect(),
        Origine::Collegamenti => {
            let mut tutte = Vec::new();
            for o in obiettivi() {
                for (tipo, chiave) in COLLEGAMENTI {
                    for e in o[*chiave].as_array().into_iter().flatten() {
                        let (codice, dettaglio) = match e {
                            Value::Object(m) => match *chiave {
                                "unita" => (m.get("unita"), m.get("numero")),
                                _ => (m.get("progetto"), m.get("servizio")),
                            },
                            v => (Some(v), None),
                        };
                        let mut r = Riga::new();
                        r.insert("obiettivo".into(), o["codice"].clone());
                        r.insert("tipo".into(), Value::String((*tipo).into()));
                        r.insert("codice".into(), codice.cloned().unwrap_or(Value::Null));
                        r.insert(
                            "dettaglio".into(),
                            dettaglio.cloned().unwrap_or(Value::Null),
                        );
                        tutte.push(r);
                    }
                }
            }
            tutte
        }
    }
}

fn scrivi_foglio(
    foglio: &mut Worksheet,
    f: &Foglio,
    righe: &[Riga],
    intestazione: &Format,
    decimale: &Format,
) -> Result<(), XlsxError> {
    for (j, (nome, _)) in f.colonne.iter().enumerate() {
        foglio.write_string_with_format(0, j as u16, *nome, intestazione)?;
        let larghezza = match *nome {
            "id" | "step_id" | "indicatore_id" => 38,
            "titolo" | "descrizione" | "nome" | "testo" | "note" => 60,
            n if TESTI.contains(&n) => 40,
            _ => 16,
        };
        foglio.set_column_width(j as u16, larghezza)?;
    }
    for (i, riga) in righe.iter().enumerate() {
        let r = (i + 1) as u32;
        for (j, (nome, tipo)) in f.colonne.iter().enumerate() {
            let v = riga.get(*nome).unwrap_or(&Value::Null);
            scrivi_cella(foglio, r, j as u16, *tipo, v, decimale)?;
        }
    }
    foglio.set_freeze_panes(1, 0)?;
    foglio.autofilter(0, 0, righe.len() as u32, (f.colonne.len() - 1) as u16)?;
    Ok(())
}

fn scrivi_cella(
    foglio: &mut Worksheet,
    r: u32,
    c: u16,
    tipo: Tipo,
    v: &Value,
    decimale: &Format,
) -> Result<(), XlsxError> {
    match (tipo, v) {
        (_, Value::Null) => {}
        (Tipo::J, Value::Array(a)) if a.is_empty() => {}
        (Tipo::J, v) => {
            foglio.write_string(r, c, v.to_string())?;
        }
        (Tipo::D, Value::String(s)) => match s.parse::<f64>() {
            // Al più 4 decimali: il numero della cella si rilegge identico.
            Ok(x) => {
                foglio.write_number_with_format(r, c, x, decimale)?;
            }
            Err(_) => {
                foglio.write_string(r, c, s)?;
            }
        },
        (_, Value::Number(n)) => {
            foglio.write_number(r, c, n.as_f64().unwrap_or_default())?;
        }
        (_, Value::Bool(b)) => {
            foglio.write_boolean(r, c, *b)?;
        }
        (_, Value::String(s)) => {
            foglio.write_string(r, c, s)?;
        }
        (_, v) => {
            foglio.write_string(r, c, v.to_string())?;
        }
    }
    Ok(())
}

/// Elenchi di convalida dai codici dell'ente: i riferimenti si scelgono invece di scriverli.
fn convalide(
    foglio: &mut Worksheet,
    f: &Foglio,
    quante: &std::collections::HashMap<&str, usize>,
) -> Result<(), XlsxError> {
    let ultima = (quante.get(f.nome).copied().unwrap_or(0) + RIGHE_IN_PIU) as u32;
    let colonna = |nome: &str| f.colonne.iter().position(|(n, _)| *n == nome);
    let da_foglio = |origine: &str, col: &str| {
        let fo = FOGLI.iter().find(|x| x.nome == origine)?;
        let j = fo.colonne.iter().position(|(n, _)| *n == col)?;
        let n = quante.get(origine).copied().unwrap_or(0) + 1 + RIGHE_IN_PIU;
        let l = lettera(j);
        Some(format!("={origine}!${l}$2:${l}${n}"))
    };
    let mut regole: Vec<(usize, DataValidation)> = Vec::new();
    let mut per_formula = |col: &str, origine: &str, campo: &str| {
        if let (Some(j), Some(formula)) = (colonna(col), da_foglio(origine, campo)) {
            regole.push((
                j,
                DataValidation::new()
                    .allow_list_formula(Formula::new(formula))
                    .ignore_blank(true),
            ));
        }
    };
    match f.nome {
        "Step" | "Indicatori" | "Assegnazioni" | "Collegamenti" | "Stati" | "Valori"
        | "Dilazioni" | "CauseScostamento" | "Relazioni" => {
            per_formula("obiettivo", "Obiettivi", "codice")
        }
        _ => {}
    }
    match f.nome {
        "Assegnazioni" => per_formula("persona", "Persone", "codice"),
        "Persone" => per_formula("unita", "Unita", "codice"),
        "Unita" => per_formula("padre", "Unita", "codice"),
        _ => {}
    }
    let elenchi: &[(&str, &str, &[&str])] = &[
        (
            "Obiettivi",
            "tipo",
            &[
                "performance",
                "peg",
                "mantenimento",
                "direttore",
                "strategico_relazione",
                "altro_peg",
            ],
        ),
        (
            "Obiettivi",
            "rilevanza_anticorruzione",
            &["alto", "medio", "basso"],
        ),
        ("Step", "ie", &["I", "E", "I/E"]),
        (
            "Indicatori",
            "dimensione",
            &["efficacia", "efficienza", "impatto", "stato_risorse"],
        ),
        ("Indicatori", "polarita", &["crescente", "decrescente"]),
        (
            "Collegamenti",
            "tipo",
            &[
                "programma",
                "obiettivo_operativo",
                "unita",
                "progetto_peg",
                "servizio",
            ],
        ),
        (
            "Unita",
            "livello",
            &["area", "settore", "servizio", "ufficio", "uo"],
        ),
    ];
    for (nome, col, voci) in elenchi {
        if *nome == f.nome
            && let Some(j) = colonna(col)
        {
            regole.push((
                j,
                DataValidation::new()
                    .allow_list_strings(voci)?
                    .ignore_blank(true),
            ));
        }
    }
    for (j, regola) in regole {
        foglio.add_data_validation(1, j as u16, ultima, j as u16, &regola)?;
    }
    Ok(())
}
