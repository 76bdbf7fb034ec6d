//! Il file del piano: le cinque fixture si leggono e si riscrivono identiche byte per byte; gli
//! id scritti con `--with-ids` tornano uguali; i fatti con `step_id` seguono lo step spostato;
//! gli errori sugli id hanno file, riga, colonna e percorso.

use serde_json::{Value, json};
use traguardo_app::file_piano::{leggi_file_piano, leggi_piano, scrivi_file_piano, scrivi_piano};
use traguardo_app::identita::{IdDichiarati, IdentitaPiano};
use traguardo_domain::piano::Piano;
use traguardo_domain::rilievi::{CodiceRilievo, Rilievo};

fn fixture(nome: &str) -> Vec<u8> {
    let percorso = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/plans/");
    std::fs::read(format!("{percorso}{nome}")).unwrap()
}

const FIXTURE: [&str; 5] = ["000.json", "001.json", "002.json", "003.json", "004.json"];

fn dichiarati(ids: &IdentitaPiano) -> IdDichiarati {
    IdDichiarati {
        obiettivi: ids
            .obiettivi
            .iter()
            .map(|o| traguardo_app::identita::IdDichiaratiObiettivo {
                id: Some(o.id),
                steps: o.steps.iter().copied().map(Some).collect(),
                indicatori: o.indicatori.iter().copied().map(Some).collect(),
            })
            .collect(),
        checkpoint: ids.checkpoint.iter().copied().map(Some).collect(),
    }
}

/// Il piano 003 scritto con id nuovi, come JSON da modificare, con le sue identità.
fn con_id(nome: &str) -> (Piano, IdentitaPiano, Value) {
    let piano = leggi_piano(&fixture(nome), nome).unwrap();
    let ids = IdentitaPiano::nuova(&piano);
    let testo = scrivi_file_piano(&piano, Some(&ids));
    (piano, ids, serde_json::from_str(&testo).unwrap())
}

fn leggi_valore(v: &Value) -> Result<(Piano, IdDichiarati), Vec<Rilievo>> {
    let testo = serde_json::to_string_pretty(v).unwrap();
    leggi_file_piano(testo.as_bytes(), "piano.json")
}

fn un_errore(v: &Value) -> Rilievo {
    let mut r = leggi_valore(v).unwrap_err();
    assert_eq!(r.len(), 1, "{r:?}");
    r.remove(0)
}

fn obiettivo<'a>(v: &'a mut Value, codice: &str) -> &'a mut Value {
    v["obiettivi"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|o| o["codice"] == codice)
        .unwrap()
}

#[test]
fn fixture_riscritte_identiche() {
    for nome in FIXTURE {
        let byte = fixture(nome);
        let piano = leggi_piano(&byte, nome).unwrap_or_else(|r| panic!("{nome}: {r:?}"));
        let scritto = scrivi_piano(&piano);
        assert!(
            scritto.as_bytes() == byte.as_slice(),
            "{nome}: la riscrittura differisce dal file"
        );
        // Senza id il file non ne dichiara.
        let (_, dich) = leggi_file_piano(&byte, nome).unwrap();
        assert!(dich.obiettivi.iter().all(|o| o.id.is_none()
            && o.steps.iter().all(Option::is_none)
            && o.indicatori.iter().all(Option::is_none)));
    }
}

#[test]
fn id_scritti_e_riletti_uguali() {
    for nome in FIXTURE {
        let byte = fixture(nome);
        let piano = leggi_piano(&byte, nome).unwrap();
        let ids = IdentitaPiano::nuova(&piano);
        let con_id = scrivi_file_piano(&piano, Some(&ids));
        assert_ne!(con_id.as_bytes(), byte.as_slice());
        let (riletto, dich) = leggi_file_piano(con_id.as_bytes(), nome).unwrap();
        assert_eq!(riletto, piano, "{nome}");
        assert_eq!(dich, dichiarati(&ids), "{nome}");
        // Riscritto con gli stessi id è identico; senza id torna la fixture.
        assert_eq!(scrivi_file_piano(&riletto, Some(&ids)), con_id, "{nome}");
        assert!(
            scrivi_piano(&riletto).as_bytes() == byte.as_slice(),
            "{nome}"
        );
    }
}

#[test]
fn fatti_con_id_scritti_accanto_alle_posizioni() {
    let (piano, ids, v) = con_id("003.json");
    let d4 = piano
        .obiettivi
        .iter()
        .position(|o| o.codice == "D4")
        .unwrap();
    let step5 = ids.obiettivi[d4].steps[4].to_string();
    let dilazione = &v["monitoraggio"]["dilazioni"][0];
    assert_eq!(dilazione["step"], 5);
    assert_eq!(dilazione["step_id"], step5.as_str());
    let causa = &v["monitoraggio"]["cause_scostamento"][0];
    assert_eq!(
        causa["step_id"],
        ids.obiettivi[d4].steps[8].to_string().as_str()
    );
    assert_eq!(
        v["monitoraggio"]["checkpoint"][0]["id"],
        ids.checkpoint[0].to_string().as_str()
    );
    // L'id è la prima chiave dell'elemento, `step_id` segue `step`.
    let chiavi: Vec<&String> = v["obiettivi"][0]["steps"][0]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(chiavi[..2], ["id", "codice"]);
    let chiavi: Vec<&String> = dilazione.as_object().unwrap().keys().collect();
    assert_eq!(chiavi[..3], ["obiettivo", "step", "step_id"]);
    let (_, _, v1) = con_id("001.json");
    let valore = &v1["monitoraggio"]["valori"][0];
    let chiavi: Vec<&String> = valore.as_object().unwrap().keys().collect();
    assert_eq!(
        chiavi[..4],
        ["checkpoint", "obiettivo", "indicatore", "indicatore_id"]
    );
}

/// D4 step 5, rinominato e spostato in testa nel file: i suoi stati, la sua dilazione e i fatti
/// degli altri step seguono gli id, anche se le posizioni scritte nei fatti sono quelle vecchie.
#[test]
fn fatti_seguono_lo_step_spostato() {
    let (piano, ids, mut v) = con_id("003.json");
    let d4 = piano
        .obiettivi
        .iter()
        .position(|o| o.codice == "D4")
        .unwrap();
    let ob = obiettivo(&mut v, "D4");
    let steps = ob["steps"].as_array_mut().unwrap();
    let mut quinto = steps.remove(4);
    quinto["descrizione"] = json!("Step rinominato");
    steps.insert(0, quinto);
    let (letto, dich) = leggi_valore(&v).unwrap();
    let ob = letto.obiettivo("D4").unwrap();
    assert_eq!(ob.steps[0].descrizione, "Step rinominato");
    assert_eq!(
        dich.obiettivi[d4].steps[0],
        Some(ids.obiettivi[d4].steps[4])
    );
    let m = &letto.monitoraggio;
    let stati_d4 = |step: u32| {
        m.stati
            .iter()
            .filter(|s| s.obiettivo == "D4" && s.step == step)
            .map(|s| (s.checkpoint.clone(), s.testo.clone()))
            .collect::<Vec<_>>()
    };
    let originali = |step: u32| {
        piano
            .monitoraggio
            .stati
            .iter()
            .filter(|s| s.obiettivo == "D4" && s.step == step)
            .map(|s| (s.checkpoint.clone(), s.testo.clone()))
            .collect::<Vec<_>>()
    };
    assert!(!originali(5).is_empty());
    assert_eq!(stati_d4(1), originali(5), "lo stato al 31/08 segue lo step");
    for vecchia in 1..=4 {
        assert_eq!(stati_d4(vecchia + 1), originali(vecchia));
    }
    for invariata in 6..=12 {
        assert_eq!(stati_d4(invariata), originali(invariata));
    }
    let dil = m.dilazioni.iter().find(|x| x.obiettivo == "D4").unwrap();
    assert_eq!(dil.step, 1, "la dilazione segue lo step");
    let causa = m
        .cause_scostamento
        .iter()
        .find(|x| x.obiettivo == "D4")
        .unwrap();
    assert_eq!(causa.step, Some(9));
    // Gli altri obiettivi non cambiano.
    let d5 = m.dilazioni.iter().find(|x| x.obiettivo == "D5").unwrap();
    assert_eq!(d5.step, 4);
}

#[test]
fn id_prevale_sulla_posizione() {
    let (piano, ids, mut v) = con_id("003.json");
    let d4 = piano
        .obiettivi
        .iter()
        .position(|o| o.codice == "D4")
        .unwrap();
    // Una causa senza posizione, indicata solo con l'id; una dilazione con posizione sbagliata.
    let causa = &mut v["monitoraggio"]["cause_scostamento"][0];
    causa.as_object_mut().unwrap().remove("step");
    causa["step_id"] = json!(ids.obiettivi[d4].steps[10].to_string());
    v["monitoraggio"]["dilazioni"][0]["step"] = json!(2);
    let (letto, _) = leggi_valore(&v).unwrap();
    assert_eq!(letto.monitoraggio.cause_scostamento[0].step, Some(11));
    assert_eq!(letto.monitoraggio.dilazioni[0].step, 5);
}

#[test]
fn valori_seguono_l_indicatore_spostato() {
    let (piano, ids, mut v) = con_id("002.json");
    let (i, o) = piano
        .obiettivi
        .iter()
        .enumerate()
        .find(|(_, o)| o.indicatori.len() >= 2)
        .unwrap();
    let valori_di = |p: &Piano, pos: u32| {
        p.monitoraggio
            .valori
            .iter()
            .filter(|x| x.obiettivo == o.codice && x.indicatore == pos)
            .map(|x| x.valore.clone())
            .collect::<Vec<_>>()
    };
    let primo = valori_di(&piano, 1);
    let secondo = valori_di(&piano, 2);
    assert!(!primo.is_empty() || !secondo.is_empty());
    obiettivo(&mut v, &o.codice)["indicatori"]
        .as_array_mut()
        .unwrap()
        .swap(0, 1);
    let (letto, dich) = leggi_valore(&v).unwrap();
    assert_eq!(
        dich.obiettivi[i].indicatori[0],
        Some(ids.obiettivi[i].indicatori[1])
    );
    assert_eq!(valori_di(&letto, 1), secondo);
    assert_eq!(valori_di(&letto, 2), primo);
}

/// Riga (da 1) della prima riga del testo che contiene `cosa`.
fn riga_di(v: &Value, cosa: &str) -> usize {
    let testo = serde_json::to_string_pretty(v).unwrap();
    testo.lines().position(|l| l.contains(cosa)).unwrap() + 1
}

#[test]
fn step_id_sconosciuto_con_percorso_e_riga() {
    let (_, _, mut v) = con_id("003.json");
    let ignoto = "0192f0c1-7c5e-7d4a-9f1e-3b2a1c0d9e8f";
    v["monitoraggio"]["stati"][2]["step_id"] = json!(ignoto);
    let r = un_errore(&v);
    assert_eq!(r.codice, CodiceRilievo::RiferimentoSconosciuto);
    assert_eq!(r.percorso, "monitoraggio.stati[3].step_id");
    let riga = riga_di(&v, ignoto);
    assert!(
        r.messaggio
            .starts_with(&format!("piano.json, riga {riga}, colonna ")),
        "{}",
        r.messaggio
    );
    assert!(r.messaggio.contains(ignoto), "{}", r.messaggio);
    assert!(r.messaggio.contains("nessuno step"), "{}", r.messaggio);
}

#[test]
fn step_id_di_un_altro_obiettivo() {
    let (piano, ids, mut v) = con_id("003.json");
    let d1 = piano
        .obiettivi
        .iter()
        .position(|o| o.codice == "D1")
        .unwrap();
    let i = piano
        .monitoraggio
        .dilazioni
        .iter()
        .position(|x| x.obiettivo == "D4")
        .unwrap();
    v["monitoraggio"]["dilazioni"][i]["step_id"] = json!(ids.obiettivi[d1].steps[0].to_string());
    let r = un_errore(&v);
    assert_eq!(
        r.percorso,
        format!("monitoraggio.dilazioni[{}].step_id", i + 1)
    );
    assert!(r.messaggio.contains("«D4»"), "{}", r.messaggio);
    assert!(
        r.messaggio.contains("è dell'obiettivo «D1»"),
        "{}",
        r.messaggio
    );
}

#[test]
fn indicatore_id_sconosciuto() {
    let (_, _, mut v) = con_id("001.json");
    v["monitoraggio"]["valori"][9]["indicatore_id"] = json!("0192f0c1-0000-7000-8000-000000000001");
    let r = un_errore(&v);
    assert_eq!(r.codice, CodiceRilievo::RiferimentoSconosciuto);
    assert_eq!(r.percorso, "monitoraggio.valori[10].indicatore_id");
    assert!(r.messaggio.contains("nessun indicatore"), "{}", r.messaggio);
}

#[test]
fn id_duplicati_rifiutati() {
    let (_, _, mut v) = con_id("003.json");
    let ob = obiettivo(&mut v, "D4");
    let primo = ob["steps"][0]["id"].clone();
    ob["steps"][2]["id"] = primo.clone();
    // Lo stesso id anche su un checkpoint: due errori, ognuno al suo posto.
    v["monitoraggio"]["checkpoint"][1]["id"] = primo.clone();
    // Anche gli stati dello step che ha perso il suo id non trovano più lo step.
    let r: Vec<Rilievo> = leggi_valore(&v)
        .unwrap_err()
        .into_iter()
        .filter(|x| x.codice == CodiceRilievo::IdDuplicato)
        .collect();
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].percorso, "obiettivi[D4].steps[3].id");
    assert_eq!(r[1].percorso, "monitoraggio.checkpoint[31/12/2023].id");
    assert!(
        r[0].messaggio
            .contains("già usato in obiettivi[D4].steps[1].id"),
        "{}",
        r[0].messaggio
    );
    assert!(r[0].messaggio.contains(", riga "), "{}", r[0].messaggio);
}

#[test]
fn id_non_valido() {
    let (_, _, mut v) = con_id("003.json");
    obiettivo(&mut v, "D2")["steps"][1]["id"] = json!("non-un-uuid");
    let r = un_errore(&v);
    assert_eq!(r.codice, CodiceRilievo::ValoreNonValido);
    assert_eq!(r.percorso, "obiettivi[D2].steps[2].id");
    assert!(
        r.messaggio.contains("«non-un-uuid» non è un id valido"),
        "{}",
        r.messaggio
    );
    obiettivo(&mut v, "D2")["steps"][1]["id"] = json!(12);
    let r = un_errore(&v);
    assert_eq!(r.codice, CodiceRilievo::TipoErrato);
    // `null` vale come assente.
    let vero = obiettivo(&mut v, "D1")["steps"][1]["id"].clone();
    obiettivo(&mut v, "D2")["steps"][1]["id"] = vero;
    obiettivo(&mut v, "D2")["id"] = Value::Null;
    obiettivo(&mut v, "D1")["steps"][1]["id"] = Value::Null;
    // Gli stati di D1 che puntavano a quell'id non lo trovano più; si tolgono gli id dai fatti.
    for s in v["monitoraggio"]["stati"].as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("step_id");
    }
    let (_, dich) = leggi_valore(&v).unwrap();
    assert_eq!(dich.obiettivi[1].id, None);
    assert_eq!(dich.obiettivi[0].steps[1], None);
    assert!(dich.obiettivi[1].steps[1].is_some());
}

/// Un peso con 4 decimali torna uguale dopo esportazione e reimportazione; il quinto decimale è
/// rifiutato, mai arrotondato; i pesi con meno decimali si scrivono come prima (`50.00`).
#[test]
fn pesi_a_quattro_decimali() {
    let mut v: Value = serde_json::from_slice(&fixture("000.json")).unwrap();
    let steps = v["obiettivi"][0]["steps"].as_array_mut().unwrap();
    steps[0]["peso"] = json!("33.3333");
    steps[1]["peso"] = json!("12.5");
    v["obiettivi"][0]["peso"] = json!(7);
    let (piano, _) = leggi_valore(&v).unwrap();
    let scritto = scrivi_piano(&piano);
    assert!(scritto.contains("\"peso\": \"33.3333\""), "{scritto}");
    assert!(scritto.contains("\"peso\": \"12.50\""));
    assert!(scritto.contains("\"peso\": \"7.00\""));
    let riletto = leggi_piano(scritto.as_bytes(), "x.json").unwrap();
    assert_eq!(riletto, piano);
    assert_eq!(scrivi_piano(&riletto), scritto);

    for quinto in [json!("33.33333"), json!(33.33333), json!("33,33331")] {
        v["obiettivi"][0]["steps"][0]["peso"] = quinto.clone();
        let r = un_errore(&v);
        assert_eq!(r.codice, CodiceRilievo::ValoreNonValido, "{quinto}");
        assert_eq!(
            r.percorso,
            format!(
                "obiettivi[{}].steps[1].peso",
                v["obiettivi"][0]["codice"].as_str().unwrap()
            )
        );
        assert!(r.messaggio.contains("più di 4 decimali"), "{}", r.messaggio);
    }
}

/// Tutte le foglie di un documento JSON, come puntatori (`/obiettivi/0/steps/1/id`).
fn puntatori(v: &Value, base: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push(format!("{base}/{k}"));
                puntatori(x, format!("{base}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                out.push(format!("{base}/{i}"));
                puntatori(x, format!("{base}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn rifiutato_con_messaggio(esito: Result<(Piano, IdDichiarati), Vec<Rilievo>>, cosa: &str) {
    if let Err(r) = esito {
        assert!(!r.is_empty(), "{cosa}: rifiutato senza rilievi");
        for x in r {
            assert!(
                x.messaggio.starts_with("piano.json"),
                "{cosa}: messaggio senza file: {}",
                x.messaggio
            );
        }
    }
}

/// Mutazioni della struttura di un file con gli id (ogni campo tolto, o sostituito da valori di
/// tipo sbagliato o estremi, a campione) e troncamenti: la lettura accetta o rifiuta con un
/// messaggio, senza mai andare in panico.
#[test]
fn mutazioni_accettate_o_rifiutate() {
    // 003 ridotto a D4 e D5 con i loro fatti, per restare veloce.
    let (_, _, mut v) = con_id("003.json");
    let tieni = |x: &Value| x["obiettivo"] == "D4" || x["obiettivo"] == "D5";
    v["obiettivi"]
        .as_array_mut()
        .unwrap()
        .retain(|o| o["codice"] == "D4" || o["codice"] == "D5");
    for elenco in [
        "stati",
        "valori",
        "dilazioni",
        "cause_scostamento",
        "relazioni",
    ] {
        if let Some(a) = v["monitoraggio"][elenco].as_array_mut() {
            a.retain(tieni);
        }
    }
    v["monitoraggio"]["stati"]
        .as_array_mut()
        .unwrap()
        .truncate(12);
    assert!(leggi_valore(&v).is_ok());
    let mut tutti = Vec::new();
    puntatori(&v, String::new(), &mut tutti);
    let sostituti = [
        Value::Null,
        json!(-1),
        json!(u64::MAX),
        json!(1e300),
        json!("x"),
        json!("33.33333"),
        json!([]),
        json!({}),
    ];
    let mut prove = 0;
    for (n, p) in tutti.iter().enumerate() {
        let (padre, ultimo) = p.rsplit_once('/').unwrap();
        // Tolto.
        let mut m = v.clone();
        match m.pointer_mut(padre).unwrap() {
            Value::Object(o) => {
                o.remove(ultimo);
            }
            Value::Array(a) => {
                a.remove(ultimo.parse::<usize>().unwrap());
            }
            _ => unreachable!(),
        }
        rifiutato_con_messaggio(leggi_valore(&m), p);
        prove += 1;
        // Sostituito, a campione.
        if n % 7 == 0 {
            let mut m = v.clone();
            *m.pointer_mut(p).unwrap() = sostituti[n / 7 % sostituti.len()].clone();
            rifiutato_con_messaggio(leggi_valore(&m), p);
            prove += 1;
        }
    }
    let testo = serde_json::to_string_pretty(&v).unwrap();
    for fine in (0..testo.len()).step_by(211) {
        if testo.is_char_boundary(fine) {
            let esito = leggi_file_piano(&testo.as_bytes()[..fine], "piano.json");
            rifiutato_con_messaggio(esito, "troncato");
            prove += 1;
        }
    }
    assert!(prove > 1000, "{prove}");
}
