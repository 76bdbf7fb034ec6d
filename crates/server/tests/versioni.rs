//! `traguardo plan versions|submit|approve|vary|errata|diff`, `import plan --as-variation` ed
//! `export plan --version`, con il binario vero su SQLite e PostgreSQL.

mod comune;
use comune::Ambiente;
use traguardo_testkit::fixture;

const DOVE: [&str; 4] = ["--ente", "CISSA", "--cycle", "2023"];

fn con<'a>(base: &[&'a str], altri: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(altri).copied().collect()
}

fn errore(a: &Ambiente, args: &[&str]) -> String {
    let o = a.esegui(args);
    assert!(!o.status.success(), "{args:?} doveva fallire");
    String::from_utf8(o.stderr).unwrap()
}

fn ciclo_delle_versioni(a: &Ambiente) {
    let f = fixture("plans/003.json");
    let f = f.to_str().unwrap();
    a.ok(&["import", "plan", f]);
    assert_eq!(
        a.ok(&con(&["plan", "versions"], &DOVE)),
        "Versioni del piano CISSA 2023:\nversione 1: bozza (la più recente, in lavorazione)\n"
    );
    assert_eq!(
        a.ok(&con(&["plan", "submit"], &DOVE)),
        "Versione 1 del piano CISSA 2023 proposta per l'approvazione.\n"
    );
    // Atto scritto male: errore in italiano, nulla cambia.
    let e = errore(
        a,
        &con(
            &["plan", "approve"],
            &con(&DOVE, &["--act", "deliberazione CdA n. 23"]),
        ),
    );
    assert!(e.contains("mancano il numero o la data"), "{e}");
    assert_eq!(
        a.ok(&con(
            &["plan", "approve"],
            &con(&DOVE, &["--act", "deliberazione CdA n. 23 del 31/01/2023"])
        )),
        "Versione 1 del piano CISSA 2023 approvata con deliberazione CdA n. 23 del 31/01/2023.\n"
    );
    let export_v1 = a.ok(&con(&["export", "plan"], &con(&DOVE, &["--version", "1"])));
    // Il piano approvato non si reimporta né si modifica.
    let e = errore(a, &["import", "plan", f]);
    assert_eq!(
        e,
        "traguardo: la versione 1 è approvata (atto deliberazione CdA n. 23 del 31/01/2023): usa `plan vary`\n"
    );
    let e = errore(
        a,
        &con(
            &["plan", "objective-edit"],
            &con(&DOVE, &["--objective", "D1", "--title", "Altro"]),
        ),
    );
    assert_eq!(
        e,
        "traguardo: la versione 1 è approvata (atto deliberazione CdA n. 23 del 31/01/2023): usa `plan vary`\n"
    );
    // Errata corrige: il testo esportato della versione 1 non cambia.
    let out = a.ok(&con(
        &["plan", "errata"],
        &con(
            &DOVE,
            &[
                "--version",
                "1",
                "--reason",
                "indicato per errore il regolamento degli uffici",
                "--text",
                "Regolamento del lavoro agile",
            ],
        ),
    ));
    assert!(
        out.starts_with("Errata corrige registrata sulla versione 1 del piano CISSA 2023"),
        "{out}"
    );
    assert_eq!(
        a.ok(&con(&["export", "plan"], &con(&DOVE, &["--version", "1"]))),
        export_v1
    );
    // Variazione importata da file: la versione 2, in bozza.
    let out = a.ok(&["import", "plan", f, "--as-variation", "--confirm"]);
    assert!(
        out.contains("Variazione: il file è la versione 2 del piano, in bozza"),
        "{out}"
    );
    // La variazione cambia la scadenza di uno step: il diff mostra solo quello.
    a.ok(&con(
        &["plan", "step-edit"],
        &con(
            &DOVE,
            &[
                "--objective",
                "D1",
                "--step",
                "2",
                "--deadline",
                "31/12/2023",
            ],
        ),
    ));
    assert_eq!(
        a.ok(&con(
            &["plan", "diff"],
            &con(&DOVE, &["--from-version", "1", "--to-version", "2"])
        )),
        "Piano CISSA 2023: dalla versione 1 alla versione 2\n~ modificato: step 2 dell'obiettivo D1\n    scadenza: «30/05/2023» → «31/12/2023»\n"
    );
    a.ok(&con(
        &["plan", "approve"],
        &con(&DOVE, &["--act", "deliberazione CdA n. 40 del 30/06/2023"]),
    ));
    let versioni = a.ok(&con(&["plan", "versions"], &DOVE));
    assert!(
        versioni.contains("versione 1: approvata con deliberazione CdA n. 23 del 31/01/2023"),
        "{versioni}"
    );
    assert!(
        versioni.contains("testo corretto: Regolamento del lavoro agile"),
        "{versioni}"
    );
    assert!(
        versioni.contains("versione 2: approvata con deliberazione CdA n. 40 del 30/06/2023"),
        "{versioni}"
    );
    // export --version 2 è il piano in vigore; la 1 resta com'era.
    assert_eq!(
        a.ok(&con(&["export", "plan"], &con(&DOVE, &["--version", "2"]))),
        a.ok(&con(&["export", "plan"], &DOVE))
    );
    assert_eq!(
        a.ok(&con(&["export", "plan"], &con(&DOVE, &["--version", "1"]))),
        export_v1
    );
}

su_entrambi_cli!(ciclo_delle_versioni);
