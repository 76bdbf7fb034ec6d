//! `traguardo relazione …` e `traguardo oiv …` sul CISSA 2023, su SQLite e PostgreSQL: la
//! Relazione approvata con l'atto del CdA e validata dal Nucleo/OIV, l'accertamento accanto al
//! dichiarato, il fondo definitivo solo dopo la validazione, l'anno congelato.

mod comune;
use comune::Ambiente;
use traguardo_testkit::fixture;

fn errore(a: &Ambiente, args: &[&str]) -> String {
    let o = a.esegui(args);
    assert!(!o.status.success(), "{args:?} doveva fallire");
    String::from_utf8(o.stderr).unwrap()
}

const C: [&str; 4] = ["--ente", "CISSA", "--cycle", "2023"];

fn con(args: &[&'static str]) -> Vec<&'static str> {
    let mut v = args.to_vec();
    v.extend(C);
    v
}

fn vita_della_relazione(a: &Ambiente) {
    let f = fixture("plans/003.json");
    a.ok(&["import", "plan", f.to_str().unwrap()]);
    let out = a.ok(&con(&["relazione", "create"]));
    assert_eq!(out, "Relazione sulla performance 2023: bozza.\n");
    // Il Nucleo/OIV osserva e accerta.
    let out = a.ok(&con(&[
        "oiv",
        "observe",
        "--objective",
        "D2",
        "--indicator",
        "1",
        "--text",
        "Valore non documentato",
    ]));
    assert_eq!(
        out,
        "Osservazione registrata su l'indicatore 1 dell'obiettivo D2.\n"
    );
    let out = a.ok(&con(&[
        "oiv",
        "assess",
        "--objective",
        "D1",
        "--achievement",
        "50",
        "--reason",
        "evidenze parziali",
    ]));
    assert!(
        out.starts_with("Raggiungimento accertato per l'obiettivo D1: 50,00% (revisione 1)."),
        "{out}"
    );
    let e = errore(
        a,
        &con(&[
            "oiv",
            "assess",
            "--objective",
            "D1",
            "--achievement",
            "cento",
            "--reason",
            "x",
        ]),
    );
    assert!(e.contains("--achievement «cento»"), "{e}");
    // Accanto, non al posto: finché la Relazione non è validata il punteggio usa il dichiarato
    // (direttore 97,20%, calcolo a mano in crates/storage/tests/congelamento_anno.rs).
    let punteggi = a.ok(&con(&["score"]));
    let d1 = punteggi
        .lines()
        .find(|l| l.starts_with("objective,D1,"))
        .unwrap();
    assert!(d1.contains(",10.00,100.00,"), "{d1}");
    assert!(
        punteggi.contains("director,DIRETTORE,Obiettivi assegnati al Direttore,50.00,97.20,"),
        "{punteggi}"
    );
    a.ok(&con(&[
        "oiv",
        "propose",
        "--score",
        "85",
        "--text",
        "Risultati buoni",
    ]));
    // Il fondo: bozza sì, definitivo no.
    let out = a.ok(&con(&["relazione", "allocate-fund", "--fund", "100000"]));
    assert!(
        out.starts_with("Ripartizione n. 1 del fondo 2023 memorizzata in bozza"),
        "{out}"
    );
    let e = errore(
        a,
        &con(&["relazione", "allocate-fund", "--fund", "100000", "--final"]),
    );
    assert!(
        e.contains("il fondo 2023 diventa definitivo solo dopo la validazione della Relazione sulla performance (oggi è bozza)"),
        "{e}"
    );
    let e = errore(
        a,
        &con(&["relazione", "approve", "--act", "delibera del 28/05/2024"]),
    );
    assert!(e.contains("manca «n.»"), "{e}");
    let out = a.ok(&con(&[
        "relazione",
        "approve",
        "--act",
        "deliberazione CdA n. 12 del 28/05/2024",
    ]));
    assert_eq!(
        out,
        "Relazione sulla performance 2023: approvata; approvata con deliberazione CdA n. 12 del 28/05/2024 (registrata da sistema:cli).\n"
            .replace("sistema:cli", &attore(a))
    );
    let e = errore(
        a,
        &con(&[
            "relazione",
            "validate",
            "--date",
            "31/02/2024",
            "--text",
            "ok",
        ]),
    );
    assert!(e.contains("--date «31/02/2024»"), "{e}");
    a.ok(&con(&[
        "relazione",
        "validate",
        "--date",
        "30/06/2024",
        "--text",
        "Il Nucleo valida la Relazione 2023.",
    ]));
    // Dopo la validazione: fondo definitivo, anno congelato.
    let out = a.ok(&con(&[
        "relazione",
        "allocate-fund",
        "--fund",
        "100000",
        "--final",
    ]));
    assert!(
        out.starts_with("Ripartizione n. 2 del fondo 2023 memorizzata come DEFINITIVA"),
        "{out}"
    );
    // Validata: vale l'accertato (D1 50%, direttore 87,20%).
    let punteggi = a.ok(&con(&["score"]));
    let d1 = punteggi
        .lines()
        .find(|l| l.starts_with("objective,D1,"))
        .unwrap();
    assert!(d1.contains(",10.00,50.00,"), "{d1}");
    assert!(
        punteggi.contains("director,DIRETTORE,Obiettivi assegnati al Direttore,50.00,87.20,"),
        "{punteggi}"
    );
    let e = errore(
        a,
        &con(&[
            "evaluate",
            "rate",
            "--person",
            "P01",
            "--behaviour",
            "C1",
            "--vote",
            "4",
        ]),
    );
    assert!(
        e.contains("la Relazione sulla performance è validata: i voti dei comportamenti non si modificano più"),
        "{e}"
    );
    a.ok(&con(&[
        "relazione",
        "director-decision",
        "--act",
        "deliberazione CdA n. 20 del 15/07/2024",
    ]));
    let out = a.ok(&["relazione", "oiv-name", "--ente", "CISSA", "--name", "OIV"]);
    assert_eq!(
        out,
        "L'organismo di valutazione di CISSA si chiama ora «OIV».\n"
    );
    let out = a.ok(&con(&["relazione", "show"]));
    for atteso in [
        "CISSA — OIV 2023",
        "Relazione sulla performance 2023: validata; approvata con deliberazione CdA n. 12 del 28/05/2024",
        "; validata il 30/06/2024 da ",
        "  l'indicatore 1 dell'obiettivo D2: Valore non documentato (",
        "  l'obiettivo D1: ",
        " → 50,00% (evidenze parziali), vale l'accertato",
        "Proposta per il direttore: 85,00% (Risultati buoni).",
        "Decisione del CdA: 85,00% (deliberazione CdA n. 20 del 15/07/2024).",
        "  n. 1 bozza: ",
        "  n. 2 definitiva: ",
    ] {
        assert!(out.contains(atteso), "manca «{atteso}» in:\n{out}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&a.ok(&con(&["relazione", "show", "--format", "json"]))).unwrap();
    assert_eq!(json["relazione"]["stato"], "validata");
    assert_eq!(json["accertamenti"][0]["in_uso"], true);
}

/// L'attore che la CLI registra (`sistema:cli:<utente>`).
fn attore(a: &Ambiente) -> String {
    let out = a.ok(&["audit", "list", "--ente", "CISSA", "--format", "csv"]);
    let riga = out
        .lines()
        .find(|l| l.contains("relazione.crea"))
        .expect("evento relazione.crea");
    riga.split(',')
        .find(|c| c.starts_with("sistema:"))
        .unwrap()
        .to_string()
}

su_entrambi_cli!(vita_della_relazione);
