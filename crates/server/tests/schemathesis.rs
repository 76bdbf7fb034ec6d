//! schemathesis contro `traguardo serve --demo` (binario di debug, database usa e getta in una
//! cartella temporanea, porta libera). Gira con `TRAGUARDO_E2E=1`, che `.ci/run` imposta dopo
//! aver installato schemathesis: lì uno strumento mancante è un errore; altrove il test dice
//! che è stato saltato.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use traguardo_testkit::radice;

const VERSIONE: &str = "4.32.5";

/// `TRAGUARDO_SCHEMATHESIS`, poi `.venv/bin/st` nel repository, poi `st` nel PATH.
fn trova_st() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("TRAGUARDO_SCHEMATHESIS") {
        return Some(PathBuf::from(p));
    }
    let venv = radice().join(".venv/bin/st");
    if venv.is_file() {
        return Some(venv);
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("st"))
            .find(|p| p.is_file())
    })
}

fn porta_libera() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn schemathesis_sull_api() {
    if std::env::var("TRAGUARDO_E2E").as_deref() != Ok("1") {
        eprintln!("schemathesis saltato: impostare TRAGUARDO_E2E=1 (lo fa .ci/run) per eseguirlo");
        return;
    }
    let st = trova_st().unwrap_or_else(|| {
        panic!(
            "TRAGUARDO_E2E=1 ma schemathesis non c'è: `python3 -m venv .venv && \
             .venv/bin/pip install schemathesis=={VERSIONE}` (oppure TRAGUARDO_SCHEMATHESIS=percorso di st)"
        )
    });
    let versione = Command::new(&st)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{}: non si avvia ({e})", st.display()));
    let versione = String::from_utf8_lossy(&versione.stdout).to_string();
    assert!(
        versione.contains(VERSIONE),
        "serve schemathesis {VERSIONE}, trovato: {versione}"
    );

    let dir = tempfile::tempdir().unwrap();
    let porta = porta_libera();
    let mut server = Command::new(env!("CARGO_BIN_EXE_traguardo"))
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{porta}")])
        .env(
            "TRAGUARDO_DATABASE_URL",
            format!("sqlite://{}", dir.path().join("st.db").display()),
        )
        .env("TRAGUARDO_LOG", "warn")
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut pronto = false;
    for _ in 0..600 {
        if std::net::TcpStream::connect(("127.0.0.1", porta)).is_ok() {
            pronto = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if !pronto {
        let _ = server.kill();
        panic!("il server non si è avviato sulla porta {porta}");
    }
    // Un token del superadmin dimostrativo, creato come farebbe un utente: l'ultima riga di stdout.
    let creato = Command::new(env!("CARGO_BIN_EXE_traguardo"))
        .args(["token", "create", "admin", "--expires", "1d"])
        .env(
            "TRAGUARDO_DATABASE_URL",
            format!("sqlite://{}", dir.path().join("st.db").display()),
        )
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        creato.status.success(),
        "token create: {}",
        String::from_utf8_lossy(&creato.stderr)
    );
    let token: Option<String> = String::from_utf8(creato.stdout)
        .unwrap()
        .lines()
        .last()
        .map(str::to_string);
    let mut args = vec![
        "run".to_string(),
        format!("http://127.0.0.1:{porta}/api/v1/openapi.json"),
        "--checks".into(),
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance".into(),
        "--max-examples".into(),
        "25".into(),
    ];
    if let Some(t) = &token {
        args.extend(["-H".into(), format!("Authorization: Bearer {t}")]);
    }
    let esito = Command::new(&st)
        .args(&args)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output();
    let _ = server.kill();
    let _ = server.wait();
    let esito = esito.unwrap_or_else(|e| panic!("{}: non si avvia ({e})", st.display()));
    let uscita = String::from_utf8_lossy(&esito.stdout);
    println!("{uscita}");
    assert!(
        esito.status.success(),
        "schemathesis ha trovato problemi:\n{uscita}\n{}",
        String::from_utf8_lossy(&esito.stderr)
    );
}
