//! `traguardo import presenze` e `traguardo org …`, `plan matrix`, `plan lead` dalla riga di
//! comando, su SQLite e PostgreSQL: tutto o niente con file, riga e campo nel messaggio;
//! l'organizzazione a una data; la matrice persone × attività di 003 per tutti i 40 dipendenti.

mod comune;
use comune::Ambiente;
use traguardo_testkit::{fixture, radice};

fn importa_003(a: &Ambiente) {
    let f = fixture("plans/003.json");
    a.ok(&["import", "plan", f.to_str().unwrap()]);
}

fn presenze_dalla_riga_di_comando(a: &Ambiente) {
    importa_003(a);
    let f = a.dir.path().join("presenze.csv");
    std::fs::write(
        &f,
        "matricola;cognome_nome;giorni_presenza;part_time\n\
         P01;ALDEGHERI FRANCESCA;200;50\n\
         P02;ANDREIS ERIKA;2OO;100\n",
    )
    .unwrap();
    let o = a.esegui(&[
        "import",
        "presenze",
        "--ente",
        "CISSA",
        "--year",
        "2023",
        f.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err,
        "traguardo: dati rifiutati (1 errori), nulla è stato modificato\n  \
         ERRORE [valore_non_valido] riga 3: presenze.csv, riga 3, campo giorni_presenza: \
         «2OO» non è un numero decimale\n"
    );
    assert!(o.stdout.is_empty());
    // Il file d'esempio della documentazione si importa così com'è.
    let esempio = radice().join("docs/esempi/presenze.csv");
    let out = a.ok(&[
        "import",
        "presenze",
        "--ente",
        "CISSA",
        "--year",
        "2023",
        esempio.to_str().unwrap(),
    ]);
    assert_eq!(
        out,
        "Presenze 2023 importate da presenze.csv: 3 persone (ciclo 2023).\n"
    );
    // Il fondo le usa: P01 a metà tempo, 200 giorni su 365.
    let art = a.ok(&[
        "fund", "allocate", "--ente", "CISSA", "--cycle", "2023", "--fund", "10000", "--format",
        "json",
    ]);
    assert!(art.contains("part-time 50,00% × presenza 200/365"), "{art}");
}

fn organizzazione_dalla_riga_di_comando(a: &Ambiente) {
    importa_003(a);
    let dove = ["--ente", "CISSA", "--cycle", "2023"];
    let con = |x: &[&str], y: &[&str]| -> Vec<String> {
        x.iter()
            .chain(dove.iter())
            .chain(y)
            .map(|s| s.to_string())
            .collect()
    };
    let ok = |v: Vec<String>| a.ok(&v.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        ok(con(
            &["org", "cdr-add"],
            &[
                "--code",
                "ATERR",
                "--name",
                "Area territoriale",
                "--level",
                "area",
                "--from",
                "01/07/2023"
            ]
        )),
        "Registrato: CdR ATERR «Area territoriale» attivo dal 01/07/2023.\n"
    );
    assert_eq!(
        ok(con(
            &["org", "person-move"],
            &["--person", "P01", "--cdr", "ATERR", "--from", "01/07/2023"]
        )),
        "Registrato: P01 (ALDEGHERI FRANCESCA) dal CdR DIR al CdR ATERR come Assistente sociale dal 01/07/2023.\n"
    );
    assert_eq!(
        ok(con(
            &["org", "cdr-head"],
            &["--cdr", "ATERR", "--person", "P01", "--from", "01/07/2023"]
        )),
        "Registrato: P01 (ALDEGHERI FRANCESCA) responsabile del CdR ATERR dal 01/07/2023.\n"
    );
    assert!(
        ok(con(
            &["org", "person-leave"],
            &["--person", "P40", "--to", "30/09/2023"]
        ))
        .starts_with("Registrato: P40 (")
    );
    // La stessa persona non entra due volte.
    let o = a.esegui(
        &con(
            &["org", "person-join"],
            &["--person", "P01", "--cdr", "DIR", "--from", "01/08/2023"],
        )
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert!(!o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "traguardo: gli incarichi di P01: il periodo dal 01/08/2023 si sovrappone a quello dal 01/07/2023\n"
    );
    let giugno = ok(con(&["org", "show"], &["--at", "30/06/2023"]));
    assert!(
        giugno.starts_with("Organizzazione di CISSA al 30/06/2023 (ciclo 2023): 1 CdR\nDIR "),
        "{giugno}"
    );
    assert!(giugno.contains("; 40 persone\n"), "{giugno}");
    let luglio = ok(con(&["org", "show"], &["--at", "01/07/2023"]));
    assert!(luglio.contains(": 2 CdR\n"), "{luglio}");
    assert!(luglio.contains("; 39 persone\n"), "{luglio}");
    assert!(
        luglio.contains(
            "ATERR Area territoriale: responsabile ALDEGHERI FRANCESCA (P01); 1 persona\n    \
             P01 ALDEGHERI FRANCESCA — Assistente sociale (dal 01/07/2023)\n"
        ),
        "{luglio}"
    );
    let ottobre = ok(con(&["org", "show"], &["--at", "01/10/2023"]));
    assert!(ottobre.contains("; 38 persone\n"), "{ottobre}");
    let o = a.esegui(&["org", "show", "--ente", "CISSA", "--at", "31/02/2023"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "traguardo: data «31/02/2023» non valida: usare gg/mm/aaaa\n"
    );
}

/// La matrice dipendenti × attività di 003 (tutti i 40 dipendenti, sei attività dell'obiettivo
/// D1), con le quote delle assegnazioni.
fn matrice_di_tutti_i_dipendenti(a: &Ambiente) {
    let mut p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("plans/003.json")).unwrap()).unwrap();
    let persone: Vec<String> = p["persone"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["codice"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(persone.len(), 40);
    // Le attività 1–6 della matrice sono gli step di D1: il codice è il loro numero.
    let step: Vec<String> = (1..=6).map(|i| i.to_string()).collect();
    for (i, s) in step.iter().enumerate() {
        p["obiettivi"][0]["steps"][i]["codice"] = s.as_str().into();
    }
    let o = p["obiettivi"][0]["codice"].as_str().unwrap().to_string();
    // Ognuno su due attività (60% e 40%), a rotazione.
    let mut ass = Vec::new();
    for (i, c) in persone.iter().enumerate() {
        ass.push(serde_json::json!({"persona": c, "obiettivo": o, "step": step[i % step.len()], "quota": "60"}));
        ass.push(serde_json::json!({"persona": c, "obiettivo": o, "step": step[(i + 1) % step.len()], "quota": "40"}));
    }
    p["assegnazioni"] = ass.into();
    let f = a.dir.path().join("003-matrice.json");
    std::fs::write(&f, serde_json::to_string(&p).unwrap()).unwrap();
    a.ok(&["import", "plan", f.to_str().unwrap()]);
    let csv = a.ok(&["plan", "matrix", "--ente", "CISSA", "--cycle", "2023"]);
    let righe: Vec<&str> = csv.lines().collect();
    assert_eq!(righe.len(), 41, "{csv}");
    let intestazione: Vec<String> = std::iter::once("persona;nome;qualifica;cdr".to_string())
        .chain(step.iter().map(|s| format!("{o}/{s}")))
        .collect();
    assert_eq!(righe[0], intestazione.join(";"));
    let mut attesa = vec![String::new(); step.len()];
    attesa[0] = "60,00%".into();
    attesa[1] = "40,00%".into();
    assert_eq!(
        righe[1],
        format!(
            "P01;ALDEGHERI FRANCESCA;Assistente sociale;DIR;{}",
            attesa.join(";")
        )
    );
    // Ogni riga ha esattamente due quote, che sommano a 100.
    for r in &righe[1..] {
        let quote: Vec<&str> = r.split(';').skip(4).filter(|x| !x.is_empty()).collect();
        assert_eq!(quote.len(), 2, "{r}");
    }
    // Una quota cambiata con plan assign si vede nella matrice.
    a.ok(&[
        "plan",
        "assign",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--person",
        "P01",
        "--objective",
        &o,
        "--step",
        &step[0],
        "--share",
        "75",
    ]);
    let csv = a.ok(&["plan", "matrix", "--ente", "CISSA", "--cycle", "2023"]);
    assert!(
        csv.lines().nth(1).unwrap().contains(";75,00%;40,00%"),
        "{csv}"
    );
}

su_entrambi_cli!(
    presenze_dalla_riga_di_comando,
    organizzazione_dalla_riga_di_comando,
    matrice_di_tutti_i_dipendenti,
);
