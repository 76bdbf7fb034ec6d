//! `traguardo plan …`: comandi puntuali sul piano, su SQLite e PostgreSQL. Spostare uno step
//! porta con sé il suo monitoraggio; eliminare ciò che ha monitoraggio chiede conferma; una
//! revisione vecchia è rifiutata con chi ha salvato; un piano reso non valido è rifiutato.

mod comune;
use comune::Ambiente;
use traguardo_testkit::fixture;

fn piano(a: &Ambiente) -> serde_json::Value {
    serde_json::from_str(&a.ok(&["export", "plan", "--ente", "CISSA", "--cycle", "2023"])).unwrap()
}

fn con<'a>(base: &[&'a str], altri: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(altri).copied().collect()
}

const DOVE: [&str; 4] = ["--ente", "CISSA", "--cycle", "2023"];

fn comandi_del_piano(a: &Ambiente) {
    let f = fixture("plans/003.json");
    a.ok(&["import", "plan", f.to_str().unwrap()]);
    let prima = piano(a);
    let s5 = prima["obiettivi"][3]["steps"][4]["descrizione"].clone();
    // Sposta D4 step 5 in testa: il suo stato al 31/08 e la sua dilazione lo seguono.
    let out = a.ok(&con(
        &["plan", "step-move"],
        &con(&DOVE, &["--objective", "D4", "--step", "5", "--to", "1"]),
    ));
    assert!(out.contains("Obiettivo D4 salvato"), "{out}");
    let dopo = piano(a);
    assert_eq!(dopo["obiettivi"][3]["steps"][0]["descrizione"], s5);
    let stato = dopo["monitoraggio"]["stati"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["obiettivo"] == "D4" && s["checkpoint"] == "31/08/2023" && s["step"] == 1)
        .unwrap()
        .clone();
    assert_eq!(stato["stato"], "dilazione_richiesta");
    let d = dopo["monitoraggio"]["dilazioni"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["obiettivo"] == "D4")
        .unwrap()
        .clone();
    assert_eq!(d["step"], 1);
    // Il registro trova il comando per id dell'obiettivo.
    let con_id: serde_json::Value = serde_json::from_str(&a.ok(&[
        "export",
        "plan",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--with-ids",
    ]))
    .unwrap();
    let id_d4 = con_id["obiettivi"][3]["id"].as_str().unwrap().to_string();
    let registro = a.ok(&[
        "audit", "list", "--ente", "CISSA", "--entity", &id_d4, "--format", "csv",
    ]);
    assert!(registro.contains("step.sposta"), "{registro}");
    assert_eq!(
        registro
            .lines()
            .filter(|l| l.contains("step.sposta"))
            .count(),
        1,
        "{registro}"
    );
    // Eliminare uno step con monitoraggio chiede conferma, e senza nulla cambia.
    let o = a.esegui(&con(
        &["plan", "step-delete"],
        &con(&DOVE, &["--objective", "D4", "--step", "1"]),
    ));
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("fatti di monitoraggio che andrebbero persi") && err.contains("--confirm"),
        "{err}"
    );
    assert_eq!(piano(a), dopo);
    // Pesi: tanti quanti gli step, altrimenti rifiutati.
    let o = a.esegui(&con(
        &["plan", "weights"],
        &con(&DOVE, &["--objective", "D6", "--weights", "50"]),
    ));
    assert!(String::from_utf8_lossy(&o.stderr).contains("servono 2 pesi"));
    a.ok(&con(
        &["plan", "weights"],
        &con(&DOVE, &["--objective", "D6", "--weights", "40;60"]),
    ));
    let p = piano(a);
    assert_eq!(p["obiettivi"][5]["steps"][0]["peso"], "40.00");
    assert_eq!(p["obiettivi"][5]["steps"][1]["peso"], "60.00");
    // Una revisione vecchia è rifiutata con chi ha salvato per ultimo.
    let o = a.esegui(&con(
        &["plan", "objective-edit"],
        &con(
            &DOVE,
            &[
                "--objective",
                "D6",
                "--title",
                "Nuovo titolo",
                "--revision",
                "1",
            ],
        ),
    ));
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("L'obiettivo D6 è stato modificato da sistema:cli"),
        "{err}"
    );
    // Aggiungi e togli uno step senza monitoraggio; aggiungi un indicatore.
    a.ok(&con(
        &["plan", "step-add"],
        &con(
            &DOVE,
            &[
                "--objective",
                "D6",
                "--description",
                "Verifica finale",
                "--deadline",
                "31/12/2023",
                "--at",
                "1",
            ],
        ),
    ));
    let p = piano(a);
    assert_eq!(
        p["obiettivi"][5]["steps"][0]["descrizione"],
        "Verifica finale"
    );
    assert_eq!(p["obiettivi"][5]["steps"].as_array().unwrap().len(), 3);
    // Gli stati di D6 sono scalati di una posizione insieme ai loro step.
    let stati_d6: Vec<u64> = p["monitoraggio"]["stati"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["obiettivo"] == "D6")
        .map(|s| s["step"].as_u64().unwrap())
        .collect();
    assert!(!stati_d6.contains(&1), "{stati_d6:?}");
    a.ok(&con(
        &["plan", "step-delete"],
        &con(&DOVE, &["--objective", "D6", "--step", "1"]),
    ));
    assert_eq!(
        piano(a)["obiettivi"][5]["steps"].as_array().unwrap().len(),
        2
    );
    a.ok(&con(
        &["plan", "indicator-add"],
        &con(
            &DOVE,
            &[
                "--objective",
                "D6",
                "--name",
                "Corsi svolti",
                "--target",
                ">= 2",
            ],
        ),
    ));
    assert_eq!(
        piano(a)["obiettivi"][5]["indicatori"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["nome"],
        "Corsi svolti"
    );
    // Il valore del nuovo indicatore al 31/12, poi una scrittura con una revisione vecchia.
    let n = piano(a)["obiettivi"][5]["indicatori"]
        .as_array()
        .unwrap()
        .len()
        .to_string();
    let valore = |v: &'static str| {
        vec![
            "monitor",
            "value",
            "--ente",
            "CISSA",
            "--cycle",
            "2023",
            "--checkpoint",
            "31/12/2023",
            "--objective",
            "D6",
            "--indicator",
        ]
        .into_iter()
        .map(str::to_string)
        .chain([n.clone(), "--value".into(), v.into()])
        .collect::<Vec<String>>()
    };
    let args = valore("3");
    let out = a.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.contains("Valore registrato (revisione 1)"), "{out}");
    let p = piano(a);
    assert!(
        p["monitoraggio"]["valori"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["obiettivo"] == "D6" && v["valore"] == "3")
    );
    let mut args = valore("4");
    args.extend(["--revision".to_string(), "7".to_string()]);
    let o = a.esegui(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("è stato modificato da"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Un obiettivo nuovo, poi eliminato (senza monitoraggio: nessuna conferma).
    a.ok(&con(
        &["plan", "objective-add"],
        &con(
            &DOVE,
            &["--code", "D7", "--title", "Prova", "--type", "direttore"],
        ),
    ));
    assert_eq!(piano(a)["obiettivi"].as_array().unwrap().len(), 7);
    a.ok(&con(
        &["plan", "objective-delete"],
        &con(&DOVE, &["--objective", "D7"]),
    ));
    assert_eq!(piano(a)["obiettivi"].as_array().unwrap().len(), 6);
}

su_entrambi_cli!(comandi_del_piano);
