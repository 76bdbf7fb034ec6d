//! Nessun file del piano fa andare in panico la lettura: byte qualsiasi, e 6.000 mutazioni
//! strutturali dei cinque piani di `fixtures/plans` (campi tolti, chiavi ripetute, tipi
//! sbagliati, valori estremi, pesi con cinque decimali, stringhe vuote, annidamenti profondi).
//! Ogni file è letto (e allora validato, pesato, riscritto e riletto) oppure rifiutato con
//! almeno un messaggio.

use proptest::prelude::*;
use serde_json::{Map, Value};
use std::sync::LazyLock;
use traguardo_app::file_piano::{leggi_piano, scrivi_piano};
use traguardo_domain::pesi::{pesi_anno, verifica_pesi};
use traguardo_domain::rilievi::Rilievo;
use traguardo_domain::validazione::valida;

static PIANI: LazyLock<Vec<Value>> = LazyLock::new(|| {
    ["000", "001", "002", "003", "004"]
        .iter()
        .map(|n| {
            let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("../../fixtures/plans/{n}.json"));
            serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
        })
        .collect()
});

/// Generatore deterministico (splitmix64): proptest dà il seme, qui si sceglie la mutazione.
struct Caso(u64);

impl Caso {
    fn n(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn sotto(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.n() % n as u64) as usize
        }
    }
}

/// Valori estremi o del tipo sbagliato (come testo JSON, per avere anche numeri enormi).
const ESTREMI: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "1e308",
    "-1e308",
    "1e-320",
    "1.5",
    "33.33333",
    "\"33.33333\"",
    "\"33,3333\"",
    "\"\"",
    "\" \"",
    "\"999.999.999.999.999.999,00\"",
    "\"-999.999.999.999,99\"",
    "\"1.000.000.000.000\"",
    "\"50.000\"",
    "\"abc\"",
    "\"31/12/2026\"",
    "\"31/02/2026\"",
    "\"9999-12-31\"",
    "\"0000-01-01\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "2147483648",
    "-2147483649",
    "[]",
    "{}",
    "[null]",
    "{\"x\": 1}",
];

/// Tutti i percorsi dell'albero (indici e chiavi), la radice compresa.
fn percorsi(v: &Value, qui: &mut Vec<Passo>, out: &mut Vec<Vec<Passo>>) {
    out.push(qui.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                qui.push(Passo::Chiave(k.clone()));
                percorsi(x, qui, out);
                qui.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                qui.push(Passo::Indice(i));
                percorsi(x, qui, out);
                qui.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Passo {
    Chiave(String),
    Indice(usize),
}

fn nodo<'a>(v: &'a mut Value, percorso: &[Passo]) -> Option<&'a mut Value> {
    let mut v = v;
    for p in percorso {
        v = match (p, v) {
            (Passo::Chiave(k), Value::Object(m)) => m.get_mut(k)?,
            (Passo::Indice(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Un annidamento profondo (oltre il limite di ricorsione del lettore JSON, a volte).
fn profondo(c: &mut Caso) -> String {
    let n = [10, 100, 127, 129, 1000, 5000][c.sotto(6)];
    if c.sotto(2) == 0 {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    } else {
        format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))
    }
}

/// Scrive il JSON ripetendo, se chiesto, la chiave `doppia` dell'oggetto in `dove`.
fn scrivi(
    v: &Value,
    qui: &mut Vec<usize>,
    dove: Option<&[usize]>,
    out: &mut String,
    innesti: &[(Vec<usize>, String)],
) {
    if let Some((_, t)) = innesti.iter().find(|(p, _)| p == qui) {
        out.push_str(t);
        return;
    }
    match v {
        Value::Object(m) => {
            out.push('{');
            let mut primo = true;
            for (i, (k, x)) in m.iter().enumerate() {
                let volte = if dove == Some(qui.as_slice()) && i == 0 {
                    2
                } else {
                    1
                };
                for _ in 0..volte {
                    if !primo {
                        out.push(',');
                    }
                    primo = false;
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    qui.push(i);
                    scrivi(x, qui, dove, out, innesti);
                    qui.pop();
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                qui.push(i);
                scrivi(x, qui, dove, out, innesti);
                qui.pop();
            }
            out.push(']');
        }
        altro => out.push_str(&serde_json::to_string(altro).unwrap()),
    }
}

/// Gli indici posizionali di un percorso (per `scrivi`).
fn posizioni(v: &Value, percorso: &[Passo]) -> Option<Vec<usize>> {
    let mut v = v;
    let mut out = Vec::new();
    for p in percorso {
        match (p, v) {
            (Passo::Chiave(k), Value::Object(m)) => {
                out.push(m.keys().position(|x| x == k)?);
                v = &m[k];
            }
            (Passo::Indice(i), Value::Array(a)) => {
                out.push(*i);
                v = a.get(*i)?;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Un piano più piccolo ma della stessa forma: tutte le sezioni, pochi elementi per lista
/// (per tenere brevi i tempi di 6.000 letture in debug).
fn ridotto(c: &mut Caso, piano: &Value) -> Value {
    let mut v = piano.clone();
    if let Value::Object(m) = &mut v {
        for (_, x) in m.iter_mut() {
            if let Value::Array(a) = x
                && a.len() > 3
            {
                let k = 1 + c.sotto(3);
                let da = c.sotto(a.len() - k);
                *a = a[da..da + k].to_vec();
            }
        }
    }
    v
}

fn muta(c: &mut Caso, v: &mut Value) -> String {
    let mut innesti: Vec<(Vec<usize>, String)> = Vec::new();
    let mut doppia: Option<Vec<usize>> = None;
    for _ in 0..1 + c.sotto(3) {
        let mut tutti = Vec::new();
        percorsi(v, &mut Vec::new(), &mut tutti);
        let percorso = tutti[c.sotto(tutti.len())].clone();
        match c.sotto(8) {
            // Campo o elemento tolto.
            0 | 1 => {
                if let Some((ultimo, padre)) = percorso.split_last()
                    && let Some(p) = nodo(v, padre)
                {
                    match (ultimo, p) {
                        (Passo::Chiave(k), Value::Object(m)) => {
                            m.remove(k);
                        }
                        (Passo::Indice(i), Value::Array(a)) => {
                            a.remove(*i);
                        }
                        _ => {}
                    }
                }
            }
            // Elemento di una lista ripetuto (codici doppi).
            2 => {
                if let Some((Passo::Indice(i), padre)) = percorso.split_last()
                    && let Some(Value::Array(a)) = nodo(v, padre)
                {
                    let x = a[*i].clone();
                    a.insert(*i, x);
                }
            }
            // Chiave ripetuta nello stesso oggetto (decisa alla scrittura).
            3 => {
                if let Some(Value::Object(m)) = nodo(v, &percorso)
                    && !m.is_empty()
                {
                    doppia = posizioni(v, &percorso);
                }
            }
            // Tipo sbagliato o valore estremo.
            4..=6 => {
                let t = ESTREMI[c.sotto(ESTREMI.len())];
                if let Ok(nuovo) = serde_json::from_str::<Value>(t) {
                    if let Some(x) = nodo(v, &percorso) {
                        *x = nuovo;
                    }
                } else if let Some(pos) = posizioni(v, &percorso) {
                    innesti.push((pos, t.to_string()));
                }
            }
            // Annidamento profondo o stringa lunghissima.
            _ => {
                if let Some(pos) = posizioni(v, &percorso) {
                    let t = if c.sotto(3) == 0 {
                        serde_json::to_string(&"x".repeat(100_000)).unwrap()
                    } else {
                        profondo(c)
                    };
                    innesti.push((pos, t));
                }
            }
        }
    }
    // Gli innesti valgono sul piano già mutato: si tengono solo quelli ancora validi.
    innesti.retain(|(p, _)| p.is_empty() || posizione_esiste(v, p));
    let mut out = String::new();
    scrivi(v, &mut Vec::new(), doppia.as_deref(), &mut out, &innesti);
    out
}

fn posizione_esiste(v: &Value, p: &[usize]) -> bool {
    let mut v = v;
    for i in p {
        v = match v {
            Value::Object(m) => match m.values().nth(*i) {
                Some(x) => x,
                None => return false,
            },
            Value::Array(a) => match a.get(*i) {
                Some(x) => x,
                None => return false,
            },
            _ => return false,
        };
    }
    true
}

/// Letto (e allora validato, pesato, riscritto e riletto), oppure rifiutato con messaggi.
fn letto_o_rifiutato(byte: &[u8]) {
    match leggi_piano(byte, "piano.json") {
        Ok(p) => {
            let _ = valida(&p);
            let _ = verifica_pesi(&p);
            // Come `pesi_anno` nel caso d'uso: solo per gli anni del ciclo (al più alcuni).
            let fine = p.ciclo.anno_fine.min(p.ciclo.anno_inizio.saturating_add(5));
            for anno in p.ciclo.anno_inizio..=fine {
                let _ = pesi_anno(&p, anno);
            }
            let scritto = scrivi_piano(&p);
            if let Err(e) = leggi_piano(scritto.as_bytes(), "riscritto.json") {
                panic!("un piano accettato, riscritto, non si rilegge: {e:?}");
            }
        }
        Err(e) => rifiuto(&e),
    }
}

fn rifiuto(e: &[Rilievo]) {
    assert!(!e.is_empty(), "rifiuto senza rilievi");
    assert!(e.iter().all(|r| !r.messaggio.trim().is_empty()), "{e:?}");
}

fn configurazione(casi: u32) -> ProptestConfig {
    ProptestConfig {
        cases: casi,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(configurazione(512))]

    #[test]
    fn byte_qualsiasi(byte in proptest::collection::vec(any::<u8>(), 0..2048)) {
        letto_o_rifiutato(&byte);
    }

    #[test]
    fn json_qualsiasi(testo in "[\\[\\]{}\",:0-9a-z. -]{0,200}") {
        letto_o_rifiutato(testo.as_bytes());
    }
}

macro_rules! mutazioni {
    ($nome:ident, $indice:expr) => {
        proptest! {
            #![proptest_config(configurazione(1200))]

            /// 1.200 mutazioni di un piano di `fixtures/plans`.
            #[test]
            fn $nome(seme in any::<u64>()) {
                let mut c = Caso(seme);
                let mut v = ridotto(&mut c, &PIANI[$indice]);
                let testo = muta(&mut c, &mut v);
                letto_o_rifiutato(testo.as_bytes());
            }
        }
    };
}

mutazioni!(mutazioni_del_piano_000, 0);
mutazioni!(mutazioni_del_piano_001, 1);
mutazioni!(mutazioni_del_piano_002, 2);
mutazioni!(mutazioni_del_piano_003, 3);
mutazioni!(mutazioni_del_piano_004, 4);

/// I piani ridotti (il punto di partenza delle mutazioni) si leggono ancora: le mutazioni
/// esplorano davvero la lettura e non solo il rifiuto.
#[test]
fn i_piani_ridotti_si_leggono() {
    for (i, p) in PIANI.iter().enumerate() {
        let mut c = Caso(i as u64);
        let v = ridotto(&mut c, p);
        let t = serde_json::to_string(&v).unwrap();
        assert!(
            leggi_piano(t.as_bytes(), "ridotto.json").is_ok(),
            "piano {i}"
        );
        let _ = Map::<String, Value>::new();
    }
}

/// Un peso con un quinto decimale è rifiutato, mai arrotondato.
#[test]
fn peso_con_cinque_decimali_rifiutato() {
    let mut v = PIANI[0].clone();
    let mut tutti = Vec::new();
    percorsi(&v, &mut Vec::new(), &mut tutti);
    let percorso = tutti
        .into_iter()
        .find(|p| matches!(p.last(), Some(Passo::Chiave(k)) if k == "peso"))
        .expect("un peso in 000");
    *nodo(&mut v, &percorso).unwrap() = Value::String("33.33333".into());
    let e = leggi_piano(v.to_string().as_bytes(), "000.json").unwrap_err();
    assert!(
        e[0].messaggio.contains("«33.33333» ha più di 4 decimali"),
        "{}",
        e[0].messaggio
    );
    *nodo(&mut v, &percorso).unwrap() = Value::String("33.3333".into());
    assert!(leggi_piano(v.to_string().as_bytes(), "000.json").is_ok());
}

/// Le mutazioni esplorano sia la lettura sia il rifiuto: su 500 casi fissi (100 per piano)
/// una parte è letta e una parte rifiutata.
#[test]
fn le_mutazioni_leggono_e_rifiutano() {
    let (mut letti, mut rifiutati) = (0, 0);
    for seme in 0..500u64 {
        let mut c = Caso(seme);
        let mut v = ridotto(&mut c, &PIANI[(seme % 5) as usize]);
        let testo = muta(&mut c, &mut v);
        match leggi_piano(testo.as_bytes(), "piano.json") {
            Ok(_) => letti += 1,
            Err(_) => rifiutati += 1,
        }
    }
    eprintln!("mutazioni dei piani: {letti} lette, {rifiutati} rifiutate");
    assert!(
        letti >= 50 && rifiutati >= 50,
        "{letti} lette, {rifiutati} rifiutate"
    );
}
