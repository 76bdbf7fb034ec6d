//! `traguardo cycle new`: il ciclo nuovo dal precedente, su SQLite e PostgreSQL. Da CISSA 2023
//! si riportano gli obiettivi aperti all'ultimo checkpoint (31/12/2023) con il loro primo anno e
//! i soli step non realizzati; quelli chiusi restano nel 2023.
//!
//! Calcolo a mano da fixtures/plans/003.json (stato di ogni step al 31/12/2023):
//! - D1: step 1–3 realizzati, 4–6 in itinere → riportato con 3 step;
//! - D2: step 1 realizzato, 2–5 in itinere → riportato con 4 step;
//! - D3: step 1–4 realizzati → chiuso;
//! - D4: step 9 non realizzabile, 10–11 in itinere, gli altri realizzati → riportato con 3 step;
//! - D5: step 4 non realizzato, 5 realizzato a titolo sperimentale → riportato con 1 step;
//! - D6: step 1–2 realizzati → chiuso.
//!
//! Nessun obiettivo del 2023 ha "1° anno inserimento": tutti ricevono il 2023.

mod comune;
use comune::Ambiente;
use traguardo_testkit::fixture;

fn esporta(a: &Ambiente, anno: &str, con_id: bool) -> serde_json::Value {
    let mut args = vec!["export", "plan", "--ente", "CISSA", "--cycle", anno];
    if con_id {
        args.push("--with-ids");
    }
    serde_json::from_str(&a.ok(&args)).unwrap()
}

fn errore(a: &Ambiente, args: &[&str]) -> String {
    let o = a.esegui(args);
    assert!(!o.status.success(), "{args:?} doveva fallire");
    String::from_utf8(o.stderr).unwrap()
}

fn registro(a: &Ambiente) -> String {
    a.ok(&["audit", "list", "--ente", "CISSA", "--format", "csv"])
}

/// Le regole del 2023 con una descrizione riconoscibile, salvate come versione 1.
fn regole_2023(a: &Ambiente) {
    let mostrate: serde_json::Value =
        serde_json::from_str(&a.ok(&["rules", "show", "--ente", "CISSA", "--cycle", "2023"]))
            .unwrap();
    let mut regole = mostrate["regole"].clone();
    regole["descrizione"] = "SMVP CISSA approvato con deliberazione n. 7/2023".into();
    let f = a.dir.path().join("regole.json");
    std::fs::write(&f, regole.to_string()).unwrap();
    a.ok(&[
        "rules",
        "set",
        f.to_str().unwrap(),
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
    ]);
}

fn riporta_gli_obiettivi_aperti(a: &Ambiente) {
    let f = fixture("plans/003.json");
    a.ok(&["import", "plan", f.to_str().unwrap()]);
    regole_2023(a);
    let vecchio = esporta(a, "2023", true);

    let out = a.ok(&[
        "cycle", "new", "--ente", "CISSA", "--from", "2023", "--to", "2026",
    ]);
    assert!(
        out.contains("Ciclo 2026–2026 di CISSA creato dal ciclo 2023–2023."),
        "{out}"
    );
    assert!(out.contains("Obiettivi riportati (4):"), "{out}");
    assert!(
        out.contains("  D5 — Rinnovo sito internet istituzionale e apertura pagina Facebook (1° anno inserimento 2023; step riportati 1, realizzati lasciati 4)"),
        "{out}"
    );
    assert!(
        out.contains("Obiettivi chiusi, non riportati (2):"),
        "{out}"
    );
    assert!(
        out.contains("  D6 — Programma anticorruzione e trasparenza"),
        "{out}"
    );
    assert!(
        out.contains("Persone riportate: 40; unità organizzative riportate: 1."),
        "{out}"
    );
    assert!(
        out.contains("Regole SMVP: copiate dal ciclo precedente."),
        "{out}"
    );

    let nuovo = esporta(a, "2026", true);
    assert_eq!(nuovo["ciclo"]["anno_inizio"], 2026);
    assert_eq!(
        nuovo["ciclo"]["titolo"],
        "PIANO DEGLI OBIETTIVI E DELLE PERFORMANCE 2026"
    );
    let obiettivi = nuovo["obiettivi"].as_array().unwrap();
    let codici: Vec<&str> = obiettivi
        .iter()
        .map(|o| o["codice"].as_str().unwrap())
        .collect();
    assert_eq!(codici, ["D1", "D2", "D4", "D5"]);
    // Gli step riportati sono esattamente quelli non realizzati, nell'ordine, con la scadenza
    // com'era.
    let attesi: [(&str, &[usize]); 4] = [
        ("D1", &[4, 5, 6]),
        ("D2", &[2, 3, 4, 5]),
        ("D4", &[9, 10, 11]),
        ("D5", &[4]),
    ];
    let per_codice = |p: &serde_json::Value, c: &str| {
        p["obiettivi"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["codice"] == c)
            .unwrap()
            .clone()
    };
    for (codice, step) in attesi {
        let o = per_codice(&nuovo, codice);
        let v = per_codice(&vecchio, codice);
        assert_eq!(o["primo_anno"], 2023, "{codice}");
        assert_eq!(o["titolo"], v["titolo"], "{codice}");
        assert_eq!(
            o["note"],
            format!("In continuità con l'obiettivo {codice} del ciclo 2023–2023."),
            "{codice}"
        );
        assert_ne!(o["id"], v["id"], "{codice}: il ciclo nuovo ha id nuovi");
        let descr: Vec<(&serde_json::Value, &serde_json::Value)> = o["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (&s["descrizione"], &s["scadenza"]))
            .collect();
        let attese: Vec<(&serde_json::Value, &serde_json::Value)> = step
            .iter()
            .map(|n| {
                let s = &v["steps"][n - 1];
                (&s["descrizione"], &s["scadenza"])
            })
            .collect();
        assert_eq!(descr, attese, "{codice}");
        for s in o["steps"].as_array().unwrap() {
            let id = s["id"].as_str().unwrap();
            assert!(
                !vecchio.to_string().contains(id),
                "{codice}: lo step {id} deve essere nuovo"
            );
        }
    }
    assert_eq!(nuovo["persone"], senza_presenze(&vecchio["persone"]));
    assert_eq!(nuovo["unita_organizzative"], vecchio["unita_organizzative"]);
    // Nessun fatto del monitoraggio, nessun atto dell'anno passato.
    for k in [
        "checkpoint",
        "stati",
        "valori",
        "dilazioni",
        "cause_scostamento",
    ] {
        assert_eq!(nuovo["monitoraggio"][k], serde_json::json!([]), "{k}");
    }
    assert_eq!(nuovo["atti"], serde_json::json!([]));
    // Il piano nuovo supera la verifica e si reimporta.
    a.ok(&["check", "--ente", "CISSA", "--cycle", "2026"]);
    let file = a.dir.path().join("2026.json");
    std::fs::write(
        &file,
        a.ok(&["export", "plan", "--ente", "CISSA", "--cycle", "2026"]),
    )
    .unwrap();
    let reimport = a.ok(&["import", "plan", file.to_str().unwrap(), "--dry-run"]);
    // 4 obiettivi, 11 step e 10 indicatori, tutti riconosciuti.
    assert!(
        reimport
            .contains("25 elementi riconosciuti (tengono id e monitoraggio), 0 tolti, 0 aggiunti"),
        "{reimport}"
    );
    // Le regole SMVP del 2023, copiate.
    let regole: serde_json::Value =
        serde_json::from_str(&a.ok(&["rules", "show", "--ente", "CISSA", "--cycle", "2026"]))
            .unwrap();
    assert_eq!(
        regole["regole"]["descrizione"],
        "SMVP CISSA approvato con deliberazione n. 7/2023"
    );
    assert_eq!(regole["versione"], 1);
    // Il ciclo vecchio resta com'era; l'audit ha la creazione.
    assert_eq!(esporta(a, "2023", true), vecchio);
    let reg = registro(a);
    assert_eq!(
        reg.lines().filter(|l| l.contains(",ciclo.nuovo,")).count(),
        1,
        "{reg}"
    );
    assert!(
        reg.contains("ciclo 2026–2026 di CISSA dal ciclo 2023–2023"),
        "{reg}"
    );
}

/// Le persone attese nel ciclo nuovo: le stesse, senza i giorni di presenza dell'anno passato.
fn senza_presenze(persone: &serde_json::Value) -> serde_json::Value {
    let mut p = persone.clone();
    for x in p.as_array_mut().unwrap() {
        x["giorni_presenza"] = serde_json::Value::Null;
    }
    p
}

fn rifiuti_e_prova(a: &Ambiente) {
    let f = fixture("plans/003.json");
    a.ok(&["import", "plan", f.to_str().unwrap()]);
    // Prova: l'elenco, e nulla scritto.
    let out = a.ok(&[
        "cycle",
        "new",
        "--ente",
        "CISSA",
        "--from",
        "2023",
        "--to",
        "2024",
        "--dry-run",
    ]);
    assert!(
        out.contains("Prova: il ciclo 2024–2024 di CISSA dal ciclo 2023–2023 non è stato scritto."),
        "{out}"
    );
    assert!(out.contains("  D1 — "), "{out}");
    assert!(
        out.contains("Obiettivi chiusi, non riportati (2):"),
        "{out}"
    );
    let err = errore(a, &["export", "plan", "--ente", "CISSA", "--cycle", "2024"]);
    assert!(err.contains("non ha un ciclo che inizia nel 2024"), "{err}");
    assert!(!registro(a).contains("ciclo.nuovo"));
    // Ciclo di partenza inesistente.
    let err = errore(
        a,
        &[
            "cycle", "new", "--ente", "CISSA", "--from", "2020", "--to", "2024",
        ],
    );
    assert!(
        err.contains("l'ente «CISSA» non ha un ciclo che inizia nel 2020 (cicli: 2023–2023)"),
        "{err}"
    );
    // Il ciclo nuovo deve venire dopo.
    let err = errore(
        a,
        &[
            "cycle", "new", "--ente", "CISSA", "--from", "2023", "--to", "2023",
        ],
    );
    assert!(err.contains("--to 2023 non è dopo --from 2023"), "{err}");
    // Ciclo di arrivo già esistente: rifiutato, e nulla cambia.
    a.ok(&[
        "cycle", "new", "--ente", "CISSA", "--from", "2023", "--to", "2024",
    ]);
    let prima = esporta(a, "2024", true);
    let err = errore(
        a,
        &[
            "cycle", "new", "--ente", "CISSA", "--from", "2023", "--to", "2024",
        ],
    );
    assert!(
        err.contains("l'ente «CISSA» ha già il ciclo 2024–2024: il nuovo ciclo non è stato creato"),
        "{err}"
    );
    assert_eq!(esporta(a, "2024", true), prima);
    assert_eq!(
        registro(a)
            .lines()
            .filter(|l| l.contains(",ciclo.nuovo,"))
            .count(),
        1
    );
    // Dal ciclo nuovo se ne crea un altro: il primo anno resta il 2023 e il collegamento punta
    // al predecessore diretto (una sola nota di continuità).
    a.ok(&[
        "cycle", "new", "--ente", "CISSA", "--from", "2024", "--to", "2025",
    ]);
    let terzo = esporta(a, "2025", false);
    let d1 = &terzo["obiettivi"][0];
    assert_eq!(d1["codice"], "D1");
    assert_eq!(d1["primo_anno"], 2023);
    assert_eq!(
        d1["note"],
        "In continuità con l'obiettivo D1 del ciclo 2024–2024."
    );
}

su_entrambi_cli!(riporta_gli_obiettivi_aperti, rifiuti_e_prova);
