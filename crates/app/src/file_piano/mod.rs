//! Lettura e scrittura del file del piano (`docs/plan-file.md`).
//!
//! Il file ha i suoi tipi ([`formato`]), convertiti da e verso il `Piano` del dominio
//! ([`mappatura`]): il modello può cambiare senza rompere i file.
//!
//! La lettura non si ferma al primo problema di sintassi senza spiegarlo: ogni errore diventa un
//! rilievo con il nome del file, la riga, la colonna e il percorso dell'elemento
//! (`obiettivi[I].steps[9].peso`), in italiano.

pub mod formato;
pub mod mappatura;

use crate::identita::{IdDichiarati, IdentitaPiano};
use formato::PianoFile;
use mappatura::{Passo, ProblemaId};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use traguardo_domain::piano::Piano;
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};

/// Scrive il piano nel formato canonico: JSON indentato di 2 spazi, chiavi nell'ordine dello
/// schema, decimali come stringhe con 2 decimali (fino a 4 se servono), a capo finale. Senza id.
pub fn scrivi_piano(piano: &Piano) -> String {
    scrivi_file_piano(piano, None)
}

/// Come [`scrivi_piano`], e con `Some(ids)` scrive anche l'id di ogni obiettivo, step,
/// indicatore e checkpoint, e `step_id` / `indicatore_id` nei fatti del monitoraggio
/// (`export plan --with-ids`). Le identità si abbinano per posizione: un elemento senza
/// identità corrispondente si scrive senza id.
pub fn scrivi_file_piano(piano: &Piano, ids: Option<&IdentitaPiano>) -> String {
    let file = mappatura::dal_dominio(piano, ids);
    let mut s = serde_json::to_string_pretty(&file).expect("il piano è sempre serializzabile");
    s.push('\n');
    s
}

/// Legge un file del piano. In caso di errore restituisce i rilievi (almeno uno).
pub fn leggi_piano(byte: &[u8], nome_file: &str) -> Result<Piano, Vec<Rilievo>> {
    leggi_file_piano(byte, nome_file).map(|(piano, _)| piano)
}

/// Legge un file del piano con gli id che dichiara (facoltativi). I fatti del monitoraggio che
/// portano `step_id` o `indicatore_id` puntano all'elemento con quell'id nello stesso file,
/// qualunque posizione dicano: l'id prevale. Un id ripetuto o che non c'è è un errore.
pub fn leggi_file_piano(
    byte: &[u8],
    nome_file: &str,
) -> Result<(Piano, IdDichiarati), Vec<Rilievo>> {
    let testo = std::str::from_utf8(byte).map_err(|e| {
        vec![Rilievo::errore(
            CodiceRilievo::CodificaNonValida,
            "",
            format!(
                "{nome_file}: il file non è in UTF-8 (byte non valido alla posizione {})",
                e.valid_up_to()
            ),
        )]
    })?;
    let testo = testo.strip_prefix('\u{feff}').unwrap_or(testo);
    let file = leggi_struttura(testo, nome_file)?;
    mappatura::nel_dominio(file).map_err(|problemi| {
        problemi
            .into_iter()
            .enumerate()
            .map(|(i, p)| rilievo_id(testo, nome_file, p, i < MAX_POSIZIONATI))
            .collect()
    })
}

/// Quanti rilievi sugli id ricevono riga e colonna: ognuno rilegge il testo, e oltre questi il
/// percorso basta a trovarli.
const MAX_POSIZIONATI: usize = 50;

fn rilievo_id(testo: &str, nome_file: &str, p: ProblemaId, posiziona: bool) -> Rilievo {
    let dove = match posiziona.then(|| posizione(testo, &p.passi)).flatten() {
        Some((riga, colonna)) => format!("{nome_file}, riga {riga}, colonna {colonna}"),
        None => nome_file.to_string(),
    };
    let messaggio = format!("{dove}, campo {}: {}", p.percorso, p.messaggio);
    Rilievo::errore(p.codice, p.percorso, messaggio)
}

/// Legge la struttura del file: sintassi JSON, campi, tipi.
fn leggi_struttura(testo: &str, nome_file: &str) -> Result<PianoFile, Vec<Rilievo>> {
    if testo.trim().is_empty() {
        return Err(vec![Rilievo::errore(
            CodiceRilievo::JsonNonValido,
            "",
            format!("{nome_file}: il file è vuoto"),
        )]);
    }
    let errore_sintassi = |e: &serde_json::Error| {
        vec![Rilievo::errore(
            CodiceRilievo::JsonNonValido,
            "",
            format!(
                "{nome_file}, riga {}, colonna {}: JSON non valido: {}",
                e.line(),
                e.column(),
                traduci(&senza_posizione(&e.to_string()))
            ),
        )]
    };
    let mut de = serde_json::Deserializer::from_str(testo);
    match serde_path_to_error::deserialize::<_, PianoFile>(&mut de) {
        Ok(p) => {
            de.end().map_err(|e| errore_sintassi(&e))?;
            Ok(p)
        }
        Err(e) => {
            let inner = e.inner();
            let (riga, colonna) = (inner.line(), inner.column());
            if inner.is_syntax() || inner.is_eof() {
                return Err(errore_sintassi(inner));
            }
            let valore: Option<Value> = serde_json::from_str(testo).ok();
            let percorso = percorso_leggibile(e.path(), valore.as_ref());
            let grezzo = senza_posizione(&inner.to_string());
            let (codice, msg) = classifica(&grezzo);
            Err(vec![Rilievo::errore(
                codice,
                percorso.clone(),
                format!(
                    "{nome_file}, riga {riga}, colonna {colonna}, campo {}: {msg}",
                    if percorso.is_empty() {
                        "(radice)"
                    } else {
                        &percorso
                    }
                ),
            )])
        }
    }
}

/// Riga e colonna (da 1) del valore che si trova al percorso `passi` nel testo JSON: si rilegge
/// il testo e ci si ferma con un errore proprio lì, così le coordinate sono quelle del lettore
/// JSON, come per gli errori di struttura.
fn posizione(testo: &str, passi: &[Passo]) -> Option<(usize, usize)> {
    let mut de = serde_json::Deserializer::from_str(testo);
    match Sonda(passi).deserialize(&mut de) {
        Ok(()) => None,
        Err(e) if e.line() > 0 => Some((e.line(), e.column())),
        Err(_) => None,
    }
}

struct Sonda<'a>(&'a [Passo]);

impl Sonda<'_> {
    fn qui<E: de::Error>(&self) -> Result<(), E> {
        if self.0.is_empty() {
            Err(E::custom("trovato"))
        } else {
            Ok(())
        }
    }
}

impl<'de> DeserializeSeed<'de> for Sonda<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Sonda<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("un valore JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<(), A::Error> {
        self.qui()?;
        while let Some(k) = m.next_key::<String>()? {
            match self.0.first() {
                Some(Passo::Chiave(c)) if *c == k => m.next_value_seed(Sonda(&self.0[1..]))?,
                _ => m.next_value::<IgnoredAny>().map(|_| ())?,
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<(), A::Error> {
        self.qui()?;
        let mut i = 0;
        loop {
            let trovato = match self.0.first() {
                Some(Passo::Indice(j)) if *j == i => s.next_element_seed(Sonda(&self.0[1..]))?,
                _ => s.next_element::<IgnoredAny>()?.map(|_| ()),
            };
            if trovato.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.qui()
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.qui()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.qui()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.qui()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.qui()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.qui()
    }
}

fn senza_posizione(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

fn tra_apici(m: &str) -> String {
    m.split('`').nth(1).unwrap_or(m).to_string()
}

fn traduci_tipo(t: &str) -> String {
    t.replace("a string", "una stringa")
        .replace("string", "stringa")
        .replace("integer", "numero intero")
        .replace("floating point", "numero decimale")
        .replace("map", "oggetto")
        .replace("a sequence", "un elenco")
        .replace("sequence", "elenco")
        .replace("boolean", "booleano")
        .replace("u32", "numero intero non negativo")
        .replace("i32", "numero intero")
        .replace("struct ", "oggetto ")
        .replace("a valid date", "una data AAAA-MM-GG")
        .replace("unit value", "null")
}

/// Il codice e il messaggio in italiano di un errore di serde (campo mancante, tipo errato,
/// valore non ammesso…); lo usano anche gli altri formati del file (la cartella XLSX).
pub fn classifica(m: &str) -> (CodiceRilievo, String) {
    if m.starts_with("missing field") {
        return (
            CodiceRilievo::CampoMancante,
            format!("manca il campo obbligatorio «{}»", tra_apici(m)),
        );
    }
    if m.starts_with("unknown field") {
        return (
            CodiceRilievo::CampoSconosciuto,
            format!(
                "campo sconosciuto «{}» (vedi docs/plan-file.md per i campi ammessi)",
                tra_apici(m)
            ),
        );
    }
    if let Some(r) = m.strip_prefix("invalid type: ") {
        let (trovato, atteso) = r.split_once(", expected ").unwrap_or((r, "?"));
        return (
            CodiceRilievo::TipoErrato,
            format!(
                "tipo errato: trovato {}, atteso {}",
                traduci_tipo(trovato),
                traduci_tipo(atteso)
            ),
        );
    }
    if m.starts_with("unknown variant") {
        let ammessi = m
            .split_once("expected ")
            .map(|(_, e)| e.replace('`', "«").replace("«,", "»,"))
            .unwrap_or_default();
        return (
            CodiceRilievo::ValoreNonValido,
            format!(
                "valore «{}» non ammesso; valori ammessi: {}",
                tra_apici(m),
                ammessi.replace("one of ", "").replace('«', "").trim()
            ),
        );
    }
    if m.starts_with("input contains invalid characters")
        || m.starts_with("premature end")
        || m.starts_with("trailing")
        || m.starts_with("invalid value")
        || m.starts_with("invalid length")
    {
        return (CodiceRilievo::ValoreNonValido, traduci(m));
    }
    if m.starts_with("duplicate field") {
        return (
            CodiceRilievo::ValoreNonValido,
            format!("campo «{}» ripetuto", tra_apici(m)),
        );
    }
    // Messaggi nostri (già in italiano), es. «abc» non è un numero decimale.
    (CodiceRilievo::ValoreNonValido, m.to_string())
}

fn traduci(m: &str) -> String {
    if m.starts_with("EOF while parsing") {
        return "il file è troncato (fine inattesa)".into();
    }
    if m.starts_with("trailing characters") {
        return "caratteri in eccesso dopo la fine del documento".into();
    }
    if m.starts_with("expected value") {
        return "atteso un valore".into();
    }
    if m.starts_with("expected `,` or `}`") {
        return "attesa «,» o «}»".into();
    }
    if m.starts_with("expected `,` or `]`") {
        return "attesa «,» o «]»".into();
    }
    if m.starts_with("key must be a string") {
        return "le chiavi devono essere stringhe tra virgolette".into();
    }
    if m.starts_with("trailing comma") {
        return "virgola di troppo prima della chiusura".into();
    }
    if m.starts_with("premature end of input") {
        return "valore incompleto".into();
    }
    if m.starts_with("input contains invalid characters") {
        return "la data non è nel formato AAAA-MM-GG".into();
    }
    format!("{m} (messaggio del lettore JSON)")
}

/// Riscrive il percorso di serde (indici da 0) in quello dei rilievi: gli obiettivi e gli altri
/// elementi con codice si indicano per codice, gli altri per posizione da 1.
fn percorso_leggibile(path: &serde_path_to_error::Path, radice: Option<&Value>) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    let mut corrente = radice;
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                let elemento = corrente.and_then(|v| v.get(index));
                let codice = elemento
                    .and_then(|e| e.get("codice"))
                    .and_then(Value::as_str)
                    .filter(|_| !out.ends_with("steps") && !out.ends_with("indicatori"));
                match codice {
                    Some(c) => out.push_str(&format!("[{c}]")),
                    None => out.push_str(&format!("[{}]", index + 1)),
                }
                corrente = elemento;
            }
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
                corrente = corrente.and_then(|v| v.get(key.as_str()));
            }
            Segment::Enum { variant } => {
                out.push_str(&format!("<{variant}>"));
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    out
}

#[cfg(test)]
mod test {
    use super::*;

    const MINIMO: &str = r#"{
  "formato": "traguardo-piano",
  "versione_schema": 1,
  "ente": {"codice": "PROVA", "nome": "Ente di prova"},
  "ciclo": {"anno_inizio": 2021, "anno_fine": 2023},
  "obiettivi": [
    {"codice": "A", "tipo": "performance", "titolo": "Primo",
     "steps": [{"codice": "A.1", "descrizione": "uno", "scadenza": "30/06/21", "peso": "100"}]},
    {"codice": "I", "tipo": "peg", "titolo": "Secondo",
     "steps": [
       {"codice": "I.1", "descrizione": "uno", "peso": "50"},
       {"codice": "I.2", "descrizione": "due", "peso": "abc"}
     ]}
  ]
}"#;

    fn errore(testo: &str) -> Rilievo {
        let mut r = leggi_piano(testo.as_bytes(), "piano.json").unwrap_err();
        assert_eq!(r.len(), 1);
        r.remove(0)
    }

    #[test]
    fn peso_non_numerico_con_percorso() {
        let r = errore(MINIMO);
        assert_eq!(r.percorso, "obiettivi[I].steps[2].peso");
        assert_eq!(r.codice, CodiceRilievo::ValoreNonValido);
        assert!(
            r.messaggio.contains("piano.json, riga 12"),
            "{}",
            r.messaggio
        );
        assert!(
            r.messaggio.contains("«abc» non è un numero decimale"),
            "{}",
            r.messaggio
        );
    }

    #[test]
    fn campo_mancante() {
        let t = MINIMO
            .replace("\"abc\"", "\"50\"")
            .replace(r#""titolo": "Secondo","#, "");
        let r = errore(&t);
        assert_eq!(r.codice, CodiceRilievo::CampoMancante);
        assert_eq!(r.percorso, "obiettivi[I]");
        assert!(r.messaggio.contains("«titolo»"), "{}", r.messaggio);
    }

    #[test]
    fn tipo_errato() {
        let t = MINIMO.replace(r#""anno_inizio": 2021"#, r#""anno_inizio": "2021""#);
        let r = errore(&t);
        assert_eq!(r.codice, CodiceRilievo::TipoErrato);
        assert_eq!(r.percorso, "ciclo.anno_inizio");
        assert!(r.messaggio.contains("tipo errato"), "{}", r.messaggio);
    }

    #[test]
    fn json_non_valido() {
        let r = errore(&MINIMO[..200]);
        assert_eq!(r.codice, CodiceRilievo::JsonNonValido);
        assert!(r.messaggio.contains("troncato"), "{}", r.messaggio);
        let r = errore("{\"formato\": }");
        assert!(r.messaggio.contains("riga 1, colonna"), "{}", r.messaggio);
    }

    #[test]
    fn campo_sconosciuto_e_codifica() {
        let t = MINIMO.replace(
            r#""titolo": "Primo","#,
            r#""titolo": "Primo", "tittolo": 1,"#,
        );
        let r = errore(&t);
        assert_eq!(r.codice, CodiceRilievo::CampoSconosciuto);
        assert!(r.messaggio.contains("«tittolo»"));
        let r = errore("\u{0}\u{0}");
        assert_eq!(r.codice, CodiceRilievo::JsonNonValido);
        let r = leggi_piano(&[0xff, 0xfe, 0x00], "x.json").unwrap_err();
        assert_eq!(r[0].codice, CodiceRilievo::CodificaNonValida);
    }

    #[test]
    fn scrittura_canonica_stabile() {
        let t = MINIMO.replace("\"abc\"", "\"50\"");
        let p = leggi_piano(t.as_bytes(), "p.json").unwrap();
        let s = scrivi_piano(&p);
        let p2 = leggi_piano(s.as_bytes(), "p.json").unwrap();
        assert_eq!(p, p2);
        assert_eq!(s, scrivi_piano(&p2));
        assert!(s.contains("\"peso\": \"50.00\""));
    }
}
