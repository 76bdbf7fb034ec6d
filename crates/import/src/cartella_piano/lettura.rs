//! Lettura della cartella: ogni foglio in righe JSON verificate con il tipo del formato, poi il
//! file del piano ricomposto. Tutto o niente: ogni problema diventa un rilievo con foglio, riga,
//! colonna e campo.

use super::{
    CAMPI_PIANO, COLLEGAMENTI, FOGLI, FOGLIO_PIANO, Foglio, Origine, TESTI, Tipo, lettera,
};
use calamine::{Data, DataType, Range, Reader, Xlsx};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::Cursor;
use traguardo_app::file_piano::classifica;
use traguardo_app::file_piano::formato as f;
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};

type Riga = Map<String, Value>;
type Fogli = HashMap<String, Range<Data>>;

/// Legge la cartella nel file del piano. In caso di errore, i rilievi (almeno uno).
pub fn leggi_cartella(byte: &[u8], nome_file: &str) -> Result<f::PianoFile, Vec<Rilievo>> {
    // calamine può andare in panico su un XLSX danneggiato: il panico è un rifiuto del file.
    let fogli = std::panic::catch_unwind(|| apri(byte, nome_file)).unwrap_or_else(|_| {
        Err(vec![Rilievo::errore(
            CodiceRilievo::XlsxNonValido,
            "",
            format!("{nome_file}: non è un file XLSX leggibile (contenuto danneggiato)"),
        )])
    })?;
    let mut l = Lettura {
        nome_file,
        errori: Vec::new(),
    };
    let mut piano = l.foglio_piano(fogli.get(FOGLIO_PIANO));
    let mut tabelle: HashMap<&str, Vec<(usize, Riga)>> = HashMap::new();
    for fo in FOGLI {
        match fogli.get(fo.nome) {
            Some(area) => {
                tabelle.insert(fo.nome, l.tabella(area, fo));
            }
            None => l.foglio_mancante(fo.nome),
        }
    }
    if l.errori.is_empty() {
        l.componi(&mut piano, tabelle);
    }
    if !l.errori.is_empty() {
        return Err(l.errori);
    }
    serde_path_to_error::deserialize(Value::Object(piano)).map_err(|e| {
        let percorso = e.path().to_string();
        let (codice, msg) = classifica(&e.inner().to_string());
        vec![Rilievo::errore(
            codice,
            percorso.clone(),
            format!("{nome_file}, foglio «{FOGLIO_PIANO}», campo «{percorso}»: {msg}"),
        )]
    })
}

/// La cartella come file del piano JSON, da dare all'importazione del piano.
pub fn cartella_in_json(byte: &[u8], nome_file: &str) -> Result<Vec<u8>, Vec<Rilievo>> {
    let file = leggi_cartella(byte, nome_file)?;
    Ok(serde_json::to_vec_pretty(&file).expect("il piano è sempre serializzabile"))
}

fn apri(byte: &[u8], nome_file: &str) -> Result<Fogli, Vec<Rilievo>> {
    let non_valido = |e: String| {
        vec![Rilievo::errore(
            CodiceRilievo::XlsxNonValido,
            "",
            format!("{nome_file}: non è un file XLSX leggibile ({e})"),
        )]
    };
    let mut libro: Xlsx<_> = Xlsx::new(Cursor::new(byte)).map_err(|e| non_valido(e.to_string()))?;
    let mut fogli = HashMap::new();
    for nome in libro.sheet_names() {
        let area = libro
            .worksheet_range(&nome)
            .map_err(|e| non_valido(format!("foglio «{nome}»: {e}")))?;
        fogli.insert(nome, area);
    }
    Ok(fogli)
}

struct Lettura<'a> {
    nome_file: &'a str,
    errori: Vec<Rilievo>,
}

impl Lettura<'_> {
    fn foglio_mancante(&mut self, nome: &str) {
        self.errori.push(Rilievo::errore(
            CodiceRilievo::FoglioMancante,
            nome,
            format!(
                "{}: manca il foglio «{nome}» (la cartella si ottiene da `traguardo export plan --format xlsx`)",
                self.nome_file
            ),
        ));
    }

    /// Un rilievo alla cella (riga e colonna da 1, come le mostra il foglio di calcolo).
    fn alla_cella(
        &mut self,
        codice: CodiceRilievo,
        foglio: &str,
        riga: usize,
        colonna: Option<(usize, &str)>,
        msg: String,
    ) {
        let (dove, percorso, col) = match colonna {
            Some((j, campo)) => (
                format!(", colonna {} ({campo})", lettera(j - 1)),
                format!("{foglio}!{}{riga}", lettera(j - 1)),
                Some(j),
            ),
            None => (String::new(), format!("{foglio}!{riga}"), None),
        };
        self.errori.push(
            Rilievo::errore(
                codice,
                percorso,
                format!(
                    "{}, foglio «{foglio}», riga {riga}{dove}: {msg}",
                    self.nome_file
                ),
            )
            .alla_posizione(riga, col),
        );
    }

    /// Il foglio «Piano»: una riga per campo, `ente.codice` → `{"ente": {"codice": …}}`.
    fn foglio_piano(&mut self, area: Option<&Range<Data>>) -> Riga {
        let mut piano = Riga::new();
        let Some(area) = area else {
            self.foglio_mancante(FOGLIO_PIANO);
            return piano;
        };
        let (fine, _) = area.end().unwrap_or((0, 0));
        for r in 1..=fine {
            let n = r as usize + 1;
            let campo = area.get_value((r, 0)).map(testo_cella).unwrap_or_default();
            if campo.is_empty() {
                continue;
            }
            let Some((_, tipo)) = CAMPI_PIANO.iter().find(|(c, _)| *c == campo) else {
                let msg = format!(
                    "campo sconosciuto «{campo}»; campi ammessi: {}",
                    CAMPI_PIANO
                        .iter()
                        .map(|c| c.0)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                self.alla_cella(
                    CodiceRilievo::CampoSconosciuto,
                    FOGLIO_PIANO,
                    n,
                    Some((1, "campo")),
                    msg,
                );
                continue;
            };
            match valore(
                area.get_value((r, 1)).unwrap_or(&Data::Empty),
                *tipo,
                &campo,
            ) {
                Ok(None) => {}
                Ok(Some(v)) => {
                    let mut dove = &mut piano;
                    let mut parti: Vec<&str> = campo.split('.').collect();
                    let ultima = parti.pop().unwrap_or_default();
                    for p in parti {
                        dove = dove
                            .entry(p)
                            .or_insert_with(|| Value::Object(Map::new()))
                            .as_object_mut()
                            .expect("oggetto appena inserito");
                    }
                    dove.insert(ultima.to_string(), v);
                }
                Err(msg) => self.alla_cella(
                    CodiceRilievo::TipoErrato,
                    FOGLIO_PIANO,
                    n,
                    Some((2, &campo)),
                    msg,
                ),
            }
        }
        piano
    }

    /// Le righe non vuote di un foglio con il loro numero, verificate con il tipo del formato.
    fn tabella(&mut self, area: &Range<Data>, fo: &Foglio) -> Vec<(usize, Riga)> {
        let (fine_r, fine_c) = area.end().unwrap_or((0, 0));
        let mut colonne: Vec<(usize, &'static str, Tipo)> = Vec::new();
        for c in 0..=fine_c {
            let nome = area.get_value((0, c)).map(testo_cella).unwrap_or_default();
            if nome.is_empty() {
                continue;
            }
            match fo.colonne.iter().find(|(n, _)| *n == nome) {
                Some((n, t)) if !colonne.iter().any(|x| x.1 == *n) => {
                    colonne.push((c as usize, n, *t))
                }
                Some(_) => self.alla_cella(
                    CodiceRilievo::ColonnaSconosciuta,
                    fo.nome,
                    1,
                    Some((c as usize + 1, &nome)),
                    format!("colonna «{nome}» ripetuta"),
                ),
                None => {
                    let msg = format!(
                        "colonna sconosciuta «{nome}»; colonne ammesse: {}",
                        fo.colonne
                            .iter()
                            .map(|c| c.0)
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    self.alla_cella(
                        CodiceRilievo::ColonnaSconosciuta,
                        fo.nome,
                        1,
                        Some((c as usize + 1, &nome)),
                        msg,
                    )
                }
            }
        }
        let mancanti: Vec<&str> = fo
            .colonne
            .iter()
            .map(|c| c.0)
            .filter(|n| !colonne.iter().any(|x| x.1 == *n))
            .collect();
        if !mancanti.is_empty() {
            let msg = format!(
                "mancano le colonne {} nella riga delle intestazioni",
                mancanti
                    .iter()
                    .map(|m| format!("«{m}»"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.alla_cella(CodiceRilievo::ColonnaMancante, fo.nome, 1, None, msg);
            return Vec::new();
        }
        let mut righe = Vec::new();
        for r in 1..=fine_r {
            let n = r as usize + 1;
            let mut riga = Riga::new();
            let mut buona = true;
            for (c, nome, tipo) in &colonne {
                let cella = area.get_value((r, *c as u32)).unwrap_or(&Data::Empty);
                match valore(cella, *tipo, nome) {
                    Ok(Some(v)) => {
                        riga.insert(nome.to_string(), v);
                    }
                    Ok(None) => {}
                    Err(msg) => {
                        buona = false;
                        self.alla_cella(
                            CodiceRilievo::TipoErrato,
                            fo.nome,
                            n,
                            Some((c + 1, nome)),
                            msg,
                        );
                    }
                }
            }
            if riga.is_empty() && buona {
                continue;
            }
            if let Err((codice, campo, msg)) = verifica(fo, &riga) {
                let j = colonne.iter().find(|x| x.1 == campo).map(|x| x.0 + 1);
                self.alla_cella(codice, fo.nome, n, j.map(|j| (j, campo.as_str())), msg);
                continue;
            }
            righe.push((n, riga));
        }
        righe
    }

    /// Ricompone il file del piano dalle righe dei fogli.
    fn componi(&mut self, piano: &mut Riga, mut tabelle: HashMap<&str, Vec<(usize, Riga)>>) {
        let mut obiettivi: Vec<Riga> = Vec::new();
        let mut per_codice: HashMap<String, usize> = HashMap::new();
        for (n, riga) in tabelle.remove("Obiettivi").unwrap_or_default() {
            let codice = riga["codice"].as_str().unwrap_or_default().to_string();
            if per_codice.insert(codice.clone(), obiettivi.len()).is_some() {
                let msg = format!("l'obiettivo «{codice}» compare più volte");
                self.alla_cella(
                    CodiceRilievo::CodiceDuplicato,
                    "Obiettivi",
                    n,
                    Some((2, "codice")),
                    msg,
                );
            }
            obiettivi.push(obiettivo(riga));
        }
        for fo in FOGLI {
            let righe = tabelle.remove(fo.nome).unwrap_or_default();
            match fo.origine {
                Origine::Obiettivi => {}
                Origine::Elenco { percorso, testo } => {
                    let mut elenco = Vec::new();
                    for (n, riga) in righe {
                        if fo.nome == "Assegnazioni" {
                            self.obiettivo_noto(fo, n, &riga, &per_codice);
                        }
                        elenco.push(match testo {
                            true => riga["codice"].clone(),
                            false => Value::Object(riga),
                        });
                    }
                    imposta(piano, percorso, Value::Array(elenco));
                }
                Origine::DiObiettivo(chiave) => {
                    for (n, mut riga) in righe {
                        if let Some(i) = self.obiettivo_noto(fo, n, &riga, &per_codice) {
                            riga.remove("obiettivo");
                            push(&mut obiettivi[i], chiave, Value::Object(riga));
                        }
                    }
                }
                Origine::Collegamenti => {
                    for (n, riga) in righe {
                        if let Some(i) = self.obiettivo_noto(fo, n, &riga, &per_codice) {
                            let (chiave, v) = collegamento(&riga);
                            push(&mut obiettivi[i], chiave, v);
                        }
                    }
                }
            }
        }
        piano.insert(
            "obiettivi".into(),
            Value::Array(obiettivi.into_iter().map(Value::Object).collect()),
        );
    }

    /// L'obiettivo indicato dalla riga, se esiste nel foglio Obiettivi.
    fn obiettivo_noto(
        &mut self,
        fo: &Foglio,
        n: usize,
        riga: &Riga,
        per_codice: &HashMap<String, usize>,
    ) -> Option<usize> {
        let codice = riga
            .get("obiettivo")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let i = per_codice.get(codice).copied();
        if i.is_none() {
            let j = fo
                .colonne
                .iter()
                .position(|c| c.0 == "obiettivo")
                .unwrap_or(0)
                + 1;
            let msg = format!("l'obiettivo «{codice}» non è nel foglio «Obiettivi»");
            self.alla_cella(
                CodiceRilievo::RiferimentoSconosciuto,
                fo.nome,
                n,
                Some((j, "obiettivo")),
                msg,
            );
        }
        i
    }
}

fn imposta(piano: &mut Riga, percorso: &[&str], v: Value) {
    match percorso {
        [k] => {
            piano.insert((*k).to_string(), v);
        }
        [k, resto @ ..] => {
            if let Some(dentro) = piano
                .entry(*k)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
            {
                imposta(dentro, resto, v);
            }
        }
        [] => {}
    }
}

fn push(o: &mut Riga, chiave: &str, v: Value) {
    if let Some(a) = o
        .entry(chiave)
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
    {
        a.push(v);
    }
}

/// Una riga del foglio Obiettivi come oggetto del file: i testi sotto `testi`.
fn obiettivo(riga: Riga) -> Riga {
    let mut o = Riga::new();
    let mut testi = Riga::new();
    for (k, v) in riga {
        if TESTI.contains(&k.as_str()) {
            testi.insert(k, v);
        } else {
            o.insert(k, v);
        }
    }
    if !testi.is_empty() {
        o.insert("testi".into(), Value::Object(testi));
    }
    o
}

/// Un collegamento: l'elenco dell'obiettivo in cui va e il suo valore.
fn collegamento(riga: &Riga) -> (&'static str, Value) {
    let tipo = riga.get("tipo").and_then(Value::as_str).unwrap_or_default();
    let chiave = COLLEGAMENTI
        .iter()
        .find(|(t, _)| *t == tipo)
        .map(|c| c.1)
        .unwrap_or("programmi");
    let codice = riga.get("codice").cloned().unwrap_or(Value::Null);
    let dettaglio = riga.get("dettaglio").cloned();
    let v = match chiave {
        "unita" => {
            let mut m = Riga::from_iter([("unita".to_string(), codice)]);
            m.insert("numero".into(), dettaglio.unwrap_or(Value::Null));
            Value::Object(m)
        }
        "servizi" => {
            let mut m = Riga::from_iter([("progetto".to_string(), codice)]);
            m.insert("servizio".into(), dettaglio.unwrap_or(Value::Null));
            Value::Object(m)
        }
        _ => codice,
    };
    (chiave, v)
}

type Problema = (CodiceRilievo, String, String);

/// Verifica una riga con il tipo del formato: il primo problema con il campo che lo causa.
fn verifica(fo: &Foglio, riga: &Riga) -> Result<(), Problema> {
    let senza_obiettivo = || {
        let mut r = riga.clone();
        r.remove("obiettivo");
        Value::Object(r)
    };
    let tutta = || Value::Object(riga.clone());
    match fo.nome {
        "Obiettivi" => prova::<f::ObiettivoFile>(Value::Object(obiettivo(riga.clone()))),
        "Step" => prova::<f::StepFile>(senza_obiettivo()),
        "Indicatori" => prova::<f::IndicatoreFile>(senza_obiettivo()),
        "Assegnazioni" => prova::<f::AssegnazioneFile>(tutta()),
        "Collegamenti" => verifica_collegamento(riga),
        "Unita" => prova::<f::UnitaOrganizzativaFile>(tutta()),
        "Persone" => prova::<f::PersonaFile>(tutta()),
        "Aree" => prova::<f::AreaStrategicaFile>(tutta()),
        "ObiettiviStrategici" => prova::<f::ObiettivoStrategicoFile>(tutta()),
        "Programmi" => match riga.get("codice") {
            Some(Value::String(_)) => Ok(()),
            _ => Err(obbligatorio("codice")),
        },
        "ProgettiPeg" => prova::<f::ProgettoPegFile>(tutta()),
        "Atti" => prova::<f::AttoFile>(tutta()),
        "Formazione" => prova::<f::PianoFormazioneFile>(tutta()),
        "Checkpoint" => prova::<f::CheckpointFile>(tutta()),
        "Stati" => prova::<f::StatoStepFile>(tutta()),
        "Valori" => prova::<f::ValoreIndicatoreFile>(tutta()),
        "Dilazioni" => prova::<f::DilazioneFile>(tutta()),
        "CauseScostamento" => prova::<f::CausaScostamentoFile>(tutta()),
        "Relazioni" => prova::<f::RelazioneFile>(tutta()),
        "IndicatoriFinanziari" => prova::<f::IndicatoreFinanziarioFile>(tutta()),
        "EsecuzioneBilancio" => prova::<f::RigaEsecuzioneBilancioFile>(tutta()),
        "Note" => prova::<f::NotaTrascrizioneFile>(tutta()),
        _ => Ok(()),
    }
}

fn obbligatorio(campo: &str) -> Problema {
    (
        CodiceRilievo::CampoMancante,
        campo.to_string(),
        format!("il campo «{campo}» è obbligatorio"),
    )
}

fn verifica_collegamento(riga: &Riga) -> Result<(), Problema> {
    let tipo = riga.get("tipo").and_then(Value::as_str);
    let Some(tipo) = tipo else {
        return Err(obbligatorio("tipo"));
    };
    let Some((_, chiave)) = COLLEGAMENTI.iter().find(|(t, _)| *t == tipo) else {
        return Err((
            CodiceRilievo::ValoreNonValido,
            "tipo".into(),
            format!(
                "tipo di collegamento «{tipo}» non ammesso; valori ammessi: {}",
                COLLEGAMENTI
                    .iter()
                    .map(|c| c.0)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    if riga.get("codice").is_none() {
        return Err(obbligatorio("codice"));
    }
    if *chiave == "servizi" && riga.get("dettaglio").is_none() {
        return Err((
            CodiceRilievo::CampoMancante,
            "dettaglio".into(),
            "per un servizio il dettaglio è il codice del servizio nel progetto (il codice è quello del progetto)".into(),
        ));
    }
    Ok(())
}

fn prova<T: DeserializeOwned>(v: Value) -> Result<(), Problema> {
    serde_path_to_error::deserialize::<_, T>(v)
        .map(|_| ())
        .map_err(|e| {
            let testo = e.inner().to_string();
            let (codice, msg) = classifica(&testo);
            let campo = if testo.starts_with("missing field") || testo.starts_with("unknown field")
            {
                testo.split('`').nth(1).unwrap_or_default().to_string()
            } else {
                colonna_del_percorso(&e.path().to_string())
            };
            (codice, campo, msg)
        })
}

/// La colonna di un percorso di serde: `peso` → peso, `testi.criticita` → criticita,
/// `revisioni_scadenza[0].data` → revisioni_scadenza.
fn colonna_del_percorso(p: &str) -> String {
    let mut parti = p.split('.').map(|s| s.split('[').next().unwrap_or(s));
    match parti.next() {
        Some("testi") => parti.next().unwrap_or("testi").to_string(),
        Some(c) => c.to_string(),
        None => String::new(),
    }
}

/// Il testo di una cella d'intestazione o di campo.
fn testo_cella(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_string(),
        Data::Empty => String::new(),
        d => d.to_string(),
    }
}

/// Un numero come testo: la forma più corta che si rilegge identica (`33.3333`, `50`).
fn numero(x: f64) -> String {
    format!("{x}")
}

/// Il giorno di un numero di serie di Excel (sistema 1900; dal 1° marzo 1900 in poi).
fn data_seriale(x: f64) -> Option<chrono::NaiveDate> {
    if !(61.0..2_958_466.0).contains(&x) {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(x.floor() as u64))
}

/// Il valore JSON di una cella (`None` = vuota, il campo è assente) della colonna `nome`.
pub(super) fn valore(d: &Data, tipo: Tipo, nome: &str) -> Result<Option<Value>, String> {
    if let Data::Error(e) = d {
        return Err(format!("la cella contiene un errore di formula ({e})"));
    }
    if d.is_empty() || matches!(d, Data::String(s) if s.is_empty()) {
        return Ok(None);
    }
    let s = |x: String| Ok(Some(Value::String(x)));
    match (tipo, d) {
        (Tipo::T | Tipo::D, Data::String(x)) => s(x.clone()),
        (Tipo::T | Tipo::D, Data::Float(x)) => s(numero(*x)),
        (Tipo::T | Tipo::D, Data::Int(x)) => s(x.to_string()),
        (Tipo::T, Data::Bool(b)) => s(b.to_string()),
        (Tipo::T, Data::DateTime(x)) => match data_seriale(x.as_f64()) {
            // Una data scritta come data: nel file le date degli atti e dei checkpoint sono
            // AAAA-MM-GG, le scadenze sono testo gg/mm/aaaa.
            Some(t) if matches!(nome, "data" | "data_esito") => s(t.format("%Y-%m-%d").to_string()),
            Some(t) => s(t.format("%d/%m/%Y").to_string()),
            None => s(numero(x.as_f64())),
        },
        (Tipo::T, Data::DateTimeIso(x) | Data::DurationIso(x)) => s(x.clone()),
        (Tipo::I, Data::Int(x)) => Ok(Some(Value::from(*x))),
        (Tipo::I, Data::Float(x)) if x.fract() == 0.0 && x.abs() < 1e15 => {
            Ok(Some(Value::from(*x as i64)))
        }
        (Tipo::I, Data::String(x)) => match x.trim().parse::<i64>() {
            Ok(n) => Ok(Some(Value::from(n))),
            Err(_) => Err(format!("atteso un numero intero, trovato «{x}»")),
        },
        (Tipo::B, Data::Bool(b)) => Ok(Some(Value::Bool(*b))),
        (Tipo::B, Data::String(x)) => match x.trim().to_lowercase().as_str() {
            "true" | "vero" | "sì" | "si" => Ok(Some(Value::Bool(true))),
            "false" | "falso" | "no" => Ok(Some(Value::Bool(false))),
            _ => Err(format!("atteso vero o falso, trovato «{x}»")),
        },
        (Tipo::B, Data::Float(x)) if *x == 0.0 || *x == 1.0 => Ok(Some(Value::Bool(*x == 1.0))),
        (Tipo::J, Data::String(x)) => serde_json::from_str(x)
            .map(Some)
            .map_err(|e| format!("la cella deve contenere un elenco in JSON ({e})")),
        (Tipo::I, d) => Err(format!("atteso un numero intero, trovato «{d}»")),
        (Tipo::D, d) => Err(format!("atteso un numero decimale, trovato «{d}»")),
        (Tipo::B, d) => Err(format!("atteso vero o falso, trovato «{d}»")),
        (_, d) => Err(format!("valore non ammesso «{d}»")),
    }
}
