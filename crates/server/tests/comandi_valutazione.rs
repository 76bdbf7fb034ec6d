//! `evaluate rate`, `evaluate acknowledge`, `plan assign|unassign`, `budget link|unlink` dalla
//! CLI, un fatto per comando, su SQLite e PostgreSQL.

mod comune;
use comune::Ambiente;
use traguardo_testkit::fixture;

fn importa(a: &Ambiente, seed: &str) {
    let f = fixture(&format!("plans/{seed}.json"));
    a.ok(&["import", "plan", f.to_str().unwrap()]);
}

fn errore(a: &Ambiente, args: &[&str]) -> String {
    let o = a.esegui(args);
    assert!(!o.status.success(), "{args:?} è riuscito");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn voti_e_assegnazioni(a: &Ambiente) {
    importa(a, "003");
    let voto = |v: &str, rev: Option<&str>| {
        let mut args = vec![
            "evaluate",
            "rate",
            "--ente",
            "CISSA",
            "--cycle",
            "2023",
            "--person",
            "P01",
            "--behaviour",
            "C1",
            "--vote",
            v,
        ];
        if let Some(r) = rev {
            args.extend(["--revision", r]);
        }
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let args = voto("4", Some("0"));
    let out = a.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.contains("(revisione 1)"), "{out}");
    let args = voto("3,5", None);
    let out = a.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.contains("(revisione 2)"), "{out}");
    let args = voto("5", Some("1"));
    let err = errore(a, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        err.contains("Il voto del comportamento C1 di P01") && err.contains("(revisione 2)"),
        "{err}"
    );
    let args = voto("8", None);
    let err = errore(a, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("fuori dalla scala 1–5"), "{err}");
    let presa = a.ok(&[
        "evaluate",
        "acknowledge",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--person",
        "P01",
    ]);
    assert!(
        presa.contains("Presa visione di P01 registrata il "),
        "{presa}"
    );
    let out = a.ok(&[
        "plan",
        "assign",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--person",
        "P02",
        "--objective",
        "D2",
        "--step",
        "3",
        "--share",
        "50",
    ]);
    assert!(
        out.contains("P02 assegnata all'obiettivo D2, step 3"),
        "{out}"
    );
    let piano = a.ok(&["export", "plan", "--ente", "CISSA", "--cycle", "2023"]);
    let p: serde_json::Value = serde_json::from_str(&piano).unwrap();
    assert_eq!(
        p["assegnazioni"],
        serde_json::json!([{"persona": "P02", "obiettivo": "D2", "step": "3", "quota": "50.00"}])
    );
    let err = errore(
        a,
        &[
            "plan",
            "unassign",
            "--ente",
            "CISSA",
            "--cycle",
            "2023",
            "--person",
            "P02",
            "--objective",
            "D1",
        ],
    );
    assert!(err.contains("non esiste"), "{err}");
    a.ok(&[
        "plan",
        "unassign",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--person",
        "P02",
        "--objective",
        "D2",
        "--step",
        "3",
    ]);
    let piano = a.ok(&["export", "plan", "--ente", "CISSA", "--cycle", "2023"]);
    let p: serde_json::Value = serde_json::from_str(&piano).unwrap();
    assert_eq!(p["assegnazioni"], serde_json::json!([]));
}

fn collegamenti_uno_alla_volta(a: &Ambiente) {
    importa(a, "004");
    let f = fixture("budget/004_previsione_peg_2026.txt");
    a.ok(&[
        "import",
        "budget",
        f.to_str().unwrap(),
        "--ente",
        "INRETE",
        "--year",
        "2026",
    ]);
    let collega = [
        "budget",
        "link",
        "--ente",
        "INRETE",
        "--year",
        "2026",
        "--side",
        "spesa",
        "--chapter",
        "1111260/0",
        "--objective",
        "DIR-2.1",
    ];
    assert!(a.ok(&collega).contains("collegato a DIR-2.1"));
    let err = errore(a, &collega);
    assert!(err.contains("c'è già"), "{err}");
    let err = errore(
        a,
        &[
            "budget", "link", "--ente", "INRETE", "--year", "2026", "--side", "spesa",
        ],
    );
    assert!(err.contains("manca --chapter"), "{err}");
    let mut scollega = collega.to_vec();
    scollega[1] = "unlink";
    a.ok(&scollega);
    let err = errore(a, &scollega);
    assert!(err.contains("non esiste"), "{err}");
}

su_entrambi_cli!(voti_e_assegnazioni, collegamenti_uno_alla_volta);
