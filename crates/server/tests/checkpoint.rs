//! `traguardo monitor checkpoint-*`, `monitor extension-settle`, `monitor status
//! --completed-on`, su SQLite e PostgreSQL: il ciclo di vita di un checkpoint dalla CLI, con la
//! data effettiva di completamento nella tempestività e un atto del CdA che decide le dilazioni.

mod comune;
use comune::Ambiente;
use traguardo_testkit::fixture;

const DOVE: [&str; 4] = ["--ente", "CISSA", "--cycle", "2023"];

fn con<'a>(base: &[&'a str], altri: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(&DOVE).chain(altri).copied().collect()
}

fn errore(a: &Ambiente, args: &[&str]) -> String {
    let o = a.esegui(args);
    assert!(!o.status.success(), "{args:?} doveva fallire");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn vita_del_checkpoint(a: &Ambiente) {
    let f = fixture("plans/003.json");
    a.ok(&["import", "plan", f.to_str().unwrap()]);
    // D4 step 5 completato il 10/10/2023: nei tempi della dilazione (entro ottobre 2023).
    let stato = |testo: &'static str| {
        con(
            &["monitor", "status"],
            &[
                "--checkpoint",
                "31/12/2023",
                "--objective",
                "D4",
                "--step",
                "5",
                "--status",
                "realizzato",
                "--text",
                testo,
                "--completed-on",
                "10/10/2023",
            ],
        )
    };
    assert!(
        a.ok(&stato("Contratto firmato"))
            .contains("Stato registrato.")
    );
    let tempi = a.ok(&con(&["timeliness"], &["--checkpoint", "31/12/2023"]));
    assert!(
        tempi.contains(
            "D4,5,entro ottobre 2023,10/10/2023,0,\"nei tempi (completato il 10/10/2023, scadenza 31/10/2023)\""
        ),
        "{tempi}"
    );
    let e = errore(
        a,
        &con(
            &["monitor", "status"],
            &[
                "--checkpoint",
                "31/12/2023",
                "--objective",
                "D4",
                "--step",
                "5",
                "--status",
                "realizzato",
                "--completed-on",
                "31/09/2023",
            ],
        ),
    );
    assert!(e.contains("data «31/09/2023» non valida"), "{e}");

    // Una dilazione della direttrice, decisa da un atto del CdA.
    let richiesta = con(
        &["monitor", "request-extension"],
        &[
            "--checkpoint",
            "31/08/2023",
            "--objective",
            "D6",
            "--step",
            "2",
            "--deadline",
            "Entro marzo 2024",
            "--reason",
            "Corso rinviato",
        ],
    );
    assert!(a.ok(&richiesta).contains("in attesa di atto"));
    let elenco = a.ok(&con(&["monitor", "extensions"], &[]));
    assert!(
        elenco.contains(
            "D6,2,31/08/2023,Entro marzo 2024,in_attesa,,,Corso rinviato,\"richiesta, in attesa di atto\",CdA (con atto),"
        ),
        "{elenco}"
    );
    let e = errore(
        a,
        &con(
            &["monitor", "extension-settle"],
            &[
                "--checkpoint",
                "31/08/2023",
                "--act",
                "determinazione Direttore n. 9 del 20/02/2024",
                "--outcome",
                "concessa",
            ],
        ),
    );
    assert!(
        e.contains("la dilazione si decide con un atto del CdA"),
        "{e}"
    );
    let out = a.ok(&con(
        &["monitor", "extension-settle"],
        &[
            "--checkpoint",
            "31/08/2023",
            "--act",
            "deliberazione CdA n. 5 del 20/02/2024",
            "--outcome",
            "concessa",
        ],
    ));
    assert!(
        out.starts_with(
            "1 dilazioni concesse con deliberazione CdA n. 5 del 20/02/2024:\n  D6 step 2 ("
        ),
        "{out}"
    );
    let elenco = a.ok(&con(&["monitor", "extensions"], &[]));
    assert!(
        elenco.contains("D6,2,31/08/2023,Entro marzo 2024,concessa,deliberazione CdA n. 5 del 20/02/2024,20/02/2024,Corso rinviato,concessa,CdA (con atto),"),
        "{elenco}"
    );

    // Trasmesso con la data di redazione; una modifica dopo è una revisione, marcata.
    let out = a.ok(&con(
        &["monitor", "checkpoint-transmit"],
        &["--checkpoint", "31/12/2023", "--written-on", "20/02/2024"],
    ));
    assert!(
        out.starts_with(
            "Checkpoint 31/12/2023 trasmesso (stato: trasmesso, revisione 2); sigillo n. 1, SHA-256 "
        ),
        "{out}"
    );
    let impronta = out
        .trim_end()
        .trim_end_matches('.')
        .rsplit(' ')
        .next()
        .unwrap();
    assert_eq!(impronta.len(), 64, "{out}");
    assert!(impronta.chars().all(|c| c.is_ascii_hexdigit()), "{out}");
    a.ok(&stato("Contratto firmato il 10/10"));
    let diff = a.ok(&con(
        &["monitor", "checkpoint-diff"],
        &["--checkpoint", "31/12/2023"],
    ));
    assert!(
        diff.contains("37 fatti inviati o attuali, 1 variati dopo la trasmissione"),
        "{diff}"
    );
    assert!(
        diff.contains("\nstato D4 5 — variato dopo la trasmissione\n  inviato: stato: realizzato; testo: Contratto firmato; data_completamento: 10/10/2023\n  ora:     stato: realizzato; testo: Contratto firmato il 10/10; data_completamento: 10/10/2023\n"),
        "{diff}"
    );
    assert!(diff.contains("(verificata)"), "{diff}");

    // Chiuso: nessuna modifica, neppure dalla CLI; la chiusura è definitiva.
    a.ok(&con(
        &["monitor", "checkpoint-close"],
        &["--checkpoint", "31/12/2023"],
    ));
    let e = errore(a, &stato("Ancora"));
    assert!(e.contains("il checkpoint «31/12/2023» è chiuso il "), "{e}");
    let e = errore(
        a,
        &con(
            &["monitor", "checkpoint-reopen"],
            &["--checkpoint", "31/12/2023"],
        ),
    );
    assert!(e.contains("la chiusura è definitiva"), "{e}");
    let lista = a.ok(&con(&["monitor", "checkpoints"], &[]));
    let righe: Vec<&str> = lista.lines().collect();
    assert_eq!(righe.len(), 3, "{lista}");
    assert!(
        righe[1].starts_with(
            "31/08/2023,31/08/2023,Grado di raggiungimento degli obiettivi al 31/08/2023,no,aperto,,,,,,0"
        ),
        "{lista}"
    );
    assert!(
        righe[2].starts_with(
            "31/12/2023,31/12/2023,Verifica finale al 31/12/2023,yes,chiuso,20/02/2024,"
        ),
        "{lista}"
    );
    assert!(righe[2].ends_with(",1"), "{lista}");
}

su_entrambi_cli!(vita_del_checkpoint);
