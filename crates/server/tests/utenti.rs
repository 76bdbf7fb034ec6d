//! CLI di utenti, ruoli, token e audit: il binario vero su SQLite e PostgreSQL.

use std::process::{Command, Output};

mod comune;
use comune::Ambiente;

const PASSWORD: &str = "password-di-prova-lunga";

/// Esegue `traguardo` con variabili d'ambiente in più (la password), senza terminale.
fn con_env(a: &Ambiente, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_traguardo"));
    c.args(args)
        .env("TRAGUARDO_DATABASE_URL", &a.url)
        .env_remove("TRAGUARDO_PASSWORD")
        .env_remove("TRAGUARDO_DEMO_PASSWORD")
        .env("USER", "collaudo")
        .current_dir(a.dir.path());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("avvio di traguardo")
}

fn ok_env(a: &Ambiente, env: &[(&str, &str)], args: &[&str]) -> String {
    let o = con_env(a, env, args);
    assert!(
        o.status.success(),
        "traguardo {args:?} è fallito:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn ok(a: &Ambiente, args: &[&str]) -> String {
    ok_env(a, &[], args)
}

/// Il comando fallisce, non scrive nulla su stdout, e stderr contiene `atteso`.
fn fallisce(a: &Ambiente, env: &[(&str, &str)], args: &[&str], atteso: &str) {
    let o = con_env(a, env, args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "traguardo {args:?} doveva fallire");
    assert!(
        o.stdout.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(
        err.contains(atteso),
        "{args:?}: atteso «{atteso}», stderr: {err}"
    );
}

fn righe_csv(testo: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(testo.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect()
}

fn utenti_ruoli_token_e_audit(a: &Ambiente) {
    ok(
        a,
        &["ente", "create", "--code", "CISSA", "--name", "C.I.S.S.A."],
    );
    let pwd = [("TRAGUARDO_PASSWORD", PASSWORD)];

    // La password viene dall'ambiente o dal terminale; senza nessuno dei due, niente utente.
    fallisce(
        a,
        &[],
        &["user", "create", "mario.rossi", "--name", "Mario Rossi"],
        "password mancante: impostare la variabile TRAGUARDO_PASSWORD",
    );
    fallisce(
        a,
        &[("TRAGUARDO_PASSWORD", "breve")],
        &["user", "create", "mario.rossi", "--name", "Mario Rossi"],
        "almeno 12",
    );
    fallisce(
        a,
        &pwd,
        &["user", "create", "Mario", "--name", "M"],
        "login «Mario» non valido",
    );
    assert!(ok(a, &["user", "list"]).contains("Nessun utente."));
    let out = ok_env(
        a,
        &pwd,
        &["user", "create", "mario.rossi", "--name", "Mario Rossi"],
    );
    assert_eq!(out, "Utente creato: mario.rossi — Mario Rossi\n");
    fallisce(
        a,
        &pwd,
        &["user", "create", "mario.rossi", "--name", "Altro"],
        "esiste già",
    );
    ok_env(
        a,
        &pwd,
        &[
            "user",
            "create",
            "admin",
            "--name",
            "Amministratore",
            "--superadmin",
        ],
    );

    // Ruoli: portata obbligatoria e coerente, ruolo ed ente esistenti.
    let grant = ["user", "grant", "mario.rossi", "--ente", "CISSA", "--role"];
    fallisce(
        a,
        &[],
        &[&grant[..], &["responsabile"]].concat(),
        "almeno un CdR (--cdr)",
    );
    fallisce(
        a,
        &[],
        &[&grant[..], &["capo"]].concat(),
        "ruolo «capo» sconosciuto",
    );
    fallisce(
        a,
        &[],
        &[
            "user",
            "grant",
            "mario.rossi",
            "--ente",
            "NESSUNO",
            "--role",
            "lettore",
        ],
        "l'ente «NESSUNO» non esiste",
    );
    fallisce(
        a,
        &[],
        &[
            "user", "grant", "nessuno", "--ente", "CISSA", "--role", "lettore",
        ],
        "l'utente «nessuno» non esiste",
    );
    let out = ok(
        a,
        &[
            &grant[..],
            &["responsabile", "--cdr", "DIR", "--cdr", "UO2"],
        ]
        .concat(),
    );
    assert_eq!(
        out,
        "Ruolo concesso a mario.rossi presso CISSA: responsabile di CdR (CdR: DIR, UO2)\n"
    );
    ok(
        a,
        &[&grant[..], &["dipendente", "--person", "P01"]].concat(),
    );
    let elenco = ok(a, &["user", "list"]);
    assert!(
        elenco.contains("admin\tAmministratore [superadmin]"),
        "{elenco}"
    );
    assert!(
        elenco.contains(
            "\tCISSA: dipendente (persona: P01)\n\tCISSA: responsabile di CdR (CdR: DIR, UO2)"
        ),
        "{elenco}"
    );
    let out = ok(
        a,
        &[
            "user",
            "revoke",
            "mario.rossi",
            "--ente",
            "CISSA",
            "--role",
            "responsabile",
            "--cdr",
            "UO2",
        ],
    );
    assert!(
        out.contains("Portata ridotta") && out.contains("(CdR: DIR)"),
        "{out}"
    );
    ok(
        a,
        &[
            "user",
            "revoke",
            "mario.rossi",
            "--ente",
            "CISSA",
            "--role",
            "dipendente",
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(a, &["user", "list", "--format", "json"])).unwrap();
    let mario = &json.as_array().unwrap()[1];
    assert_eq!(mario["login"], "mario.rossi");
    assert_eq!(mario["ruoli"].as_array().unwrap().len(), 1);
    assert_eq!(mario["ruoli"][0]["cdr"], serde_json::json!(["DIR"]));

    // Token: stampato da solo sull'ultima riga; nel database e nell'audit solo il suo hash.
    fallisce(
        a,
        &[],
        &["token", "create", "mario.rossi", "--expires", "0d"],
        "durata «0d» non valida",
    );
    let out = ok(
        a,
        &[
            "token",
            "create",
            "mario.rossi",
            "--expires",
            "30d",
            "--description",
            "script",
        ],
    );
    let token = out.lines().last().unwrap();
    assert!(
        token.len() == 68
            && token.starts_with("trg_")
            && token[4..].bytes().all(|b| b.is_ascii_hexdigit()),
        "{out}"
    );
    assert!(
        out.lines().next().unwrap().contains("valido fino al"),
        "{out}"
    );
    let elenco = ok(a, &["token", "list", "mario.rossi"]);
    let id = elenco.split('\t').next().unwrap().to_string();
    assert!(
        elenco.contains("\tmario.rossi\tvalido fino al ") && elenco.contains("\tscript"),
        "{elenco}"
    );
    assert!(!elenco.contains(token));
    fallisce(
        a,
        &[],
        &["token", "revoke", "abc"],
        "id del token «abc» non valido",
    );
    assert_eq!(
        ok(a, &["token", "revoke", &id]),
        format!("Token revocato: {id}\n")
    );
    fallisce(a, &[], &["token", "revoke", &id], "già revocato");
    assert!(ok(a, &["token", "list"]).contains("\trevocato il "));

    ok(a, &["user", "disable", "mario.rossi"]);
    assert!(ok(a, &["user", "list"]).contains("mario.rossi\tMario Rossi [disattivato]"));
    fallisce(a, &[], &["token", "create", "mario.rossi"], "è disattivato");
    ok(a, &["user", "enable", "mario.rossi"]);
    ok_env(
        a,
        &[("TRAGUARDO_PASSWORD", "un'altra-password-lunga")],
        &["user", "passwd", "mario.rossi"],
    );

    // Audit dell'ente: i ruoli, con chi li ha concessi (la CLI, come sistema).
    let csv = ok(a, &["audit", "list", "--ente", "CISSA", "--format", "csv"]);
    let righe = righe_csv(&csv);
    let azioni: Vec<&str> = righe.iter().map(|r| &r[3]).collect();
    assert_eq!(
        azioni,
        [
            "ente.crea",
            "utente.ruolo.concedi",
            "utente.ruolo.concedi",
            "utente.ruolo.revoca",
            "utente.ruolo.revoca"
        ]
    );
    assert!(
        righe.iter().all(|r| &r[1] == "sistema:cli:collaudo"),
        "{csv}"
    );
    let mario_id = json.as_array().unwrap()[1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(righe[1..].iter().all(|r| r[4] == mario_id), "{csv}");
    let per_entita = ok(
        a,
        &[
            "audit", "list", "--ente", "CISSA", "--entity", &mario_id, "--format", "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&per_entita).unwrap();
    assert_eq!(v["ente"], "CISSA");
    assert_eq!(v["voci"].as_array().unwrap().len(), 4);
    assert_eq!(v["dati_personali_omessi"], false);
    assert_eq!(v["voci"][1]["dopo"]["persona"], "P01");

    // Audit dell'installazione: utenti, token; nessun segreto.
    let testo = ok(a, &["audit", "list"]);
    for azione in [
        "utente.crea",
        "token.crea",
        "token.revoca",
        "utente.disattiva",
        "utente.riattiva",
        "utente.password",
    ] {
        assert!(
            testo.contains(&format!("  {azione}  ")),
            "{azione}: {testo}"
        );
    }
    let tutto = format!(
        "{testo}{csv}{}",
        ok(a, &["audit", "list", "--format", "json"])
    );
    assert!(
        !tutto.contains(&token[4..]) && !tutto.contains(PASSWORD),
        "segreto nel registro"
    );
    let del_sistema = ok(
        a,
        &[
            "audit",
            "list",
            "--user",
            "sistema:cli:collaudo",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        righe_csv(&del_sistema).len(),
        righe_csv(&ok(a, &["audit", "list", "--format", "csv"])).len()
    );
    assert_eq!(
        ok(a, &["audit", "list", "--user", "mario.rossi"]),
        "Nessuna voce.\n",
        "mario non ha fatto nulla"
    );
    assert_eq!(
        ok(a, &["audit", "list", "--since", "01/01/2999"]),
        "Nessuna voce.\n"
    );
    let oggi = chrono::Utc::now().format("%d/%m/%Y").to_string();
    assert!(
        righe_csv(&ok(
            a,
            &[
                "audit", "list", "--since", &oggi, "--until", &oggi, "--format", "csv"
            ]
        ))
        .len()
            >= 6
    );
    fallisce(
        a,
        &[],
        &["audit", "list", "--since", "31/02/2026"],
        "data «31/02/2026» non valida",
    );
    fallisce(
        a,
        &[],
        &["audit", "list", "--entity", "x"],
        "entità «x» non valida",
    );
    fallisce(
        a,
        &[],
        &["audit", "list", "--ente", "NESSUNO"],
        "l'ente «NESSUNO» non esiste",
    );
}

fn demo_un_utente_per_ruolo_per_ente(a: &Ambiente) {
    let env = [("TRAGUARDO_DEMO_PASSWORD", "password-demo-comune")];
    let o = con_env(a, &env, &["demo"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("password-demo-comune"),
        "password nel log"
    );
    let tabella = out.split_once("Utenti dimostrativi:\n").unwrap().1;
    let righe: Vec<Vec<&str>> = tabella
        .lines()
        .skip(1)
        .map(|r| {
            r.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    // admin + 9 ruoli × 4 enti dei seed.
    assert_eq!(righe.len(), 1 + 9 * 4, "{tabella}");
    let riga = |login: &str| {
        righe
            .iter()
            .find(|r| r[0] == login)
            .unwrap_or_else(|| panic!("{login}: {tabella}"))
    };
    assert_eq!(
        riga("admin"),
        &["admin", "superadmin", "tutti", "password-demo-comune"]
    );
    assert_eq!(riga("dipendente.cissa")[3], "persona: P01");
    assert_eq!(riga("responsabile.cissa")[3], "CdR: DIR");
    assert_eq!(riga("referente.cissa")[3], "obiettivi: D1");
    assert_eq!(riga("responsabile.cssm")[3], "CdR: NA");
    assert_eq!(riga("oiv.inrete")[1], "Nucleo di valutazione / OIV");
    assert_eq!(riga("amministratore.iris")[1], "amministratore di sistema");
    assert!(
        righe
            .iter()
            .all(|r| *r.last().unwrap() == "password-demo-comune")
    );
    // Il ruolo è davvero concesso, con la sua portata.
    let json: serde_json::Value =
        serde_json::from_str(&ok(a, &["user", "list", "--format", "json"])).unwrap();
    let dip = json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "dipendente.cissa")
        .unwrap();
    assert_eq!(dip["ruoli"][0]["ente"], "CISSA");
    assert_eq!(dip["ruoli"][0]["persona"], "P01");
    // Una seconda volta: nulla di nuovo, password invariate.
    let di_nuovo = ok_env(
        a,
        &[("TRAGUARDO_DEMO_PASSWORD", "un-altra-password")],
        &["demo"],
    );
    assert!(!di_nuovo.contains("un-altra-password"), "{di_nuovo}");
    assert!(di_nuovo.contains("(già presente: invariata)"));
    // Un token per gli script (come fa la CI con l'API).
    let t = ok(a, &["token", "create", "oiv.inrete"]);
    assert!(t.lines().last().unwrap().starts_with("trg_"));
}

fn demo_con_password_casuali(a: &Ambiente) {
    let out = ok(a, &["demo"]);
    let tabella = out.split_once("Utenti dimostrativi:\n").unwrap().1;
    let password: Vec<&str> = tabella
        .lines()
        .skip(1)
        .map(|r| r.split_whitespace().last().unwrap())
        .collect();
    assert_eq!(password.len(), 37);
    assert!(password.iter().all(|p| p.len() == 20), "{tabella}");
    let mut distinte = password.clone();
    distinte.sort();
    distinte.dedup();
    assert_eq!(distinte.len(), 37);
}

su_entrambi_cli!(
    utenti_ruoli_token_e_audit,
    demo_un_utente_per_ruolo_per_ente,
    demo_con_password_casuali,
);
