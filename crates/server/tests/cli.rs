//! La CLI `traguardo` usata come la usa un utente: il binario vero, un database vero
//! (SQLite su file, e PostgreSQL quando `TRAGUARDO_TEST_PG_URL` è impostata).

use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Command, Output};
use std::str::FromStr;
use traguardo_testkit::fixture;

struct Ambiente {
    dir: tempfile::TempDir,
    url: String,
}

impl Ambiente {
    fn esegui(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_traguardo"))
            .args(args)
            .env("TRAGUARDO_DATABASE_URL", &self.url)
            .current_dir(self.dir.path())
            .output()
            .expect("avvio di traguardo")
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.esegui(args);
        assert!(
            o.status.success(),
            "traguardo {args:?} è fallito:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    fn importa_000(&self) {
        let f = fixture("plans/000.json");
        let out = self.ok(&["import", "plan", f.to_str().unwrap()]);
        assert!(out.contains("26 obiettivi, 141 step"), "{out}");
    }
}

macro_rules! su_entrambi_cli {
    ($($nome:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $nome() {
                    let dir = tempfile::tempdir().unwrap();
                    let url = format!("sqlite://{}", dir.path().join("t.db").display());
                    super::$nome(&super::Ambiente { dir, url });
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $nome() {
                    let rt = tokio::runtime::Runtime::new().unwrap();
                    let Some(db) = rt.block_on(traguardo_testkit::DbDiProva::postgres()) else {
                        eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
                        return;
                    };
                    let amb = super::Ambiente { dir: tempfile::tempdir().unwrap(), url: db.url.clone() };
                    super::$nome(&amb);
                    rt.block_on(db.chiudi());
                }
            )*
        }
    };
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Righe del CSV dei pesi, per codice di step.
fn pesi_csv(csv: &str) -> Vec<HashMap<String, String>> {
    let mut righe = csv.lines();
    let intestazione: Vec<&str> = righe.next().unwrap().split(',').collect();
    assert_eq!(
        intestazione,
        [
            "objective",
            "step",
            "deadline",
            "weight_on_objective",
            "weight_in_year",
            "weight_in_plan"
        ]
    );
    righe
        .map(|r| {
            intestazione
                .iter()
                .zip(r.split(','))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn pesi_2021_riproducono_il_seed(a: &Ambiente) {
    a.importa_000();
    let csv = a.ok(&[
        "weights", "--ente", "CSSM", "--cycle", "2021", "--year", "2021", "--format", "csv",
    ]);
    let calcolati = pesi_csv(&csv);
    let attesi = std::fs::read_to_string(fixture("expected/000_pesi_2021.csv")).unwrap();
    let attesi: Vec<Vec<&str>> = attesi
        .lines()
        .skip(1)
        .map(|r| r.split(',').collect())
        .collect();
    assert_eq!(calcolati.len(), 141);
    assert_eq!(attesi.len(), 141);
    let mut confrontati = 0;
    for (c, a) in calcolati.iter().zip(&attesi) {
        assert_eq!((c["objective"].as_str(), c["step"].as_str()), (a[0], a[1]));
        assert_eq!(d(&c["weight_on_objective"]), d(a[3]), "{}", a[1]);
        // Il termine stampato gg/mm/aa diventa gg/mm/aaaa.
        assert_eq!(c["deadline"], format!("{}20{}", &a[2][..6], &a[2][6..]));
        if a[4] == "–" {
            if a[1] == "I.9" {
                // I.9 pesa 0 e scade nel 2021: il seed non stampa nulla, il calcolo dà 0,00.
                assert_eq!(c["weight_in_year"], "0.00");
            } else {
                assert_eq!(c["weight_in_year"], "", "{} non è dovuto nel 2021", a[1]);
            }
        } else {
            assert_eq!(
                d(&c["weight_in_year"]),
                d(a[4]),
                "peso step/2021 di {}",
                a[1]
            );
            confrontati += 1;
        }
    }
    assert_eq!(confrontati, 102, "tutti i 102 valori stampati");
    // Peso nel piano = incidenza × peso step/obiettivo: A.1 = 5% × 50% = 2,50%.
    assert_eq!(calcolati[0]["weight_in_plan"], "2.50");
}

fn pesi_2022_e_2023_con_la_stessa_regola(a: &Ambiente) {
    a.importa_000();
    for anno in ["2022", "2023"] {
        let csv = a.ok(&[
            "weights", "--ente", "CSSM", "--cycle", "2021", "--year", anno,
        ]);
        let righe = pesi_csv(&csv);
        let mut per_obiettivo: HashMap<&str, Vec<&HashMap<String, String>>> = HashMap::new();
        for r in &righe {
            if r["deadline"].ends_with(anno) {
                per_obiettivo.entry(&r["objective"]).or_default().push(r);
            } else {
                assert_eq!(
                    r["weight_in_year"], "",
                    "{} non è dovuto nel {anno}",
                    r["step"]
                );
            }
        }
        assert!(!per_obiettivo.is_empty());
        for (o, steps) in per_obiettivo {
            let totale: Decimal = steps.iter().map(|r| d(&r["weight_on_objective"])).sum();
            let mut somma = Decimal::ZERO;
            for r in steps {
                let atteso = (d(&r["weight_on_objective"]) / totale * Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                assert_eq!(d(&r["weight_in_year"]), atteso, "{o} {} {anno}", r["step"]);
                somma += atteso;
            }
            assert!(
                (somma - Decimal::ONE_HUNDRED).abs() <= d("0.05"),
                "{o} {anno}: {somma}"
            );
        }
    }
    let c2022 = a.ok(&[
        "weights", "--ente", "CSSM", "--cycle", "2021", "--year", "2022",
    ]);
    assert!(
        c2022.contains("C,C.6,30/06/2022,10.00,33.33,0.50"),
        "{c2022}"
    );
    let c2023 = a.ok(&[
        "weights", "--ente", "CSSM", "--cycle", "2021", "--year", "2023",
    ]);
    assert!(c2023.contains("C,C.9,30/06/2023,10.00,50.00,0.50"));
    assert!(c2023.contains("C,C.10,30/11/2023,10.00,50.00,0.50"));
    // Un anno fuori dal ciclo è un errore chiaro.
    let o = a.esegui(&[
        "weights", "--ente", "CSSM", "--cycle", "2021", "--year", "2024",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("fuori dal ciclo 2021–2023"));
}

fn check_riporta_solo_i_problemi_reali(a: &Ambiente) {
    a.importa_000();
    let json = a.ok(&[
        "check", "--ente", "CSSM", "--cycle", "2021", "--format", "json",
    ]);
    let rilievi: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rilievi = rilievi.as_array().unwrap();
    assert_eq!(rilievi.len(), 2, "{json}");
    assert_eq!(rilievi[0]["codice"], "pesi_step_non_100");
    assert_eq!(rilievi[0]["percorso"], "obiettivi[I].steps");
    assert!(
        rilievi[0]["messaggio"]
            .as_str()
            .unwrap()
            .contains("è 93,00% invece di 100,00%")
    );
    assert_eq!(rilievi[1]["codice"], "pesi_obiettivi_non_100");
    assert!(
        rilievi[1]["messaggio"]
            .as_str()
            .unwrap()
            .contains("è 101,00% invece di 100,00%")
    );
    let testo = a.ok(&["check", "--ente", "CSSM", "--cycle", "2021"]);
    assert_eq!(testo.lines().count(), 2);
    assert!(testo.starts_with("AVVISO [pesi_step_non_100]"));
}

fn export_e_reimport_identici(a: &Ambiente) {
    a.importa_000();
    let out = a.dir.path().join("esportato.json");
    a.ok(&[
        "export",
        "plan",
        "--ente",
        "CSSM",
        "--cycle",
        "2021",
        "--out",
        out.to_str().unwrap(),
    ]);
    let primo = std::fs::read(&out).unwrap();
    assert_eq!(primo, std::fs::read(fixture("plans/000.json")).unwrap());
    a.ok(&["import", "plan", out.to_str().unwrap(), "--ente", "CSSM"]);
    let secondo = a.ok(&["export", "plan", "--ente", "CSSM", "--cycle", "2021"]);
    assert_eq!(secondo.as_bytes(), primo.as_slice());
}

fn file_non_validi_rifiutati_senza_modifiche(a: &Ambiente) {
    a.importa_000();
    let prima = a.ok(&["export", "plan", "--ente", "CSSM", "--cycle", "2021"]);
    let buono = std::fs::read_to_string(fixture("plans/000.json")).unwrap();
    let rotto = a.dir.path().join("rotto.json");
    let casi = [
        (
            buono.replacen("\"peso\": \"50.00\"", "\"peso\": \"abc\"", 1),
            "obiettivi[A].steps[1].peso",
        ),
        (
            buono.replacen("\"1202\"", "\"1299\"", 1),
            "programma «1299» non è nel catalogo",
        ),
        (buono[..1000].to_string(), "JSON non valido"),
        (
            buono.replacen("\"codice\": \"B\",", "\"codice\": \"A\",", 1),
            "il codice «A» compare più volte",
        ),
    ];
    for (testo, atteso) in casi {
        std::fs::write(&rotto, testo).unwrap();
        let o = a.esegui(&["import", "plan", rotto.to_str().unwrap()]);
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(atteso), "atteso «{atteso}» in:\n{err}");
        assert!(err.contains("nulla è stato modificato"), "{err}");
        assert!(err.contains("rotto.json"), "{err}");
        assert!(o.stdout.is_empty());
    }
    let o = a.esegui(&["import", "plan", "non-esiste.json"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("impossibile leggere non-esiste.json"));
    assert_eq!(
        a.ok(&["export", "plan", "--ente", "CSSM", "--cycle", "2021"]),
        prima
    );
}

fn enti_da_riga_di_comando(a: &Ambiente) {
    let out = a.ok(&[
        "ente",
        "create",
        "--code",
        "INRETE",
        "--name",
        "Consorzio IN.RE.TE.",
    ]);
    assert!(out.contains("Ente creato: INRETE"));
    let o = a.esegui(&["ente", "create", "--code", "INRETE", "--name", "Altro"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("l'ente «INRETE» esiste già"));
    assert_eq!(a.ok(&["ente", "list"]), "INRETE\tConsorzio IN.RE.TE.\n");
    let o = a.esegui(&["check", "--ente", "INRETE", "--cycle", "2026"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("nessun ciclo caricato"));
    // Il piano di un altro ente non si importa sotto INRETE.
    let f = fixture("plans/000.json");
    let o = a.esegui(&["import", "plan", f.to_str().unwrap(), "--ente", "INRETE"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("appartiene all'ente «CSSM»"));
}

su_entrambi_cli!(
    pesi_2021_riproducono_il_seed,
    pesi_2022_e_2023_con_la_stessa_regola,
    check_riporta_solo_i_problemi_reali,
    export_e_reimport_identici,
    file_non_validi_rifiutati_senza_modifiche,
    enti_da_riga_di_comando,
);

fn get(porta: u16, percorso: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", porta)).unwrap();
    write!(
        s,
        "GET {percorso} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut r = String::new();
    s.read_to_string(&mut r).unwrap();
    let stato = r[9..12].parse().unwrap();
    let corpo = r
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    (stato, corpo)
}

/// Decodifica il corpo "chunked" di HTTP/1.1 quando serve.
fn corpo(raw: &str) -> String {
    if raw.trim_start().starts_with('{') || raw.trim_start().starts_with('[') {
        return raw.to_string();
    }
    let mut out = String::new();
    let mut resto = raw;
    while let Some((len, dopo)) = resto.split_once("\r\n") {
        let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&dopo[..n]);
        resto = &dopo[n + 2..];
    }
    out
}

fn aspetta_porta(porta: u16) {
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", porta)).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("il server non si è avviato sulla porta {porta}");
}

#[test]
fn server_serve_salute_e_piano() {
    let dir = tempfile::tempdir().unwrap();
    let porta = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    let mut figlio = Command::new(env!("CARGO_BIN_EXE_traguardo"))
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{porta}")])
        .env("TRAGUARDO_DATABASE_URL", &url)
        .env("TRAGUARDO_LOG_FORMAT", "json")
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    aspetta_porta(porta);
    let (stato, c) = get(porta, "/health");
    assert_eq!(stato, 200);
    let salute: serde_json::Value = serde_json::from_str(&corpo(&c)).unwrap();
    assert_eq!(salute["stato"], "ok");
    assert_eq!(salute["database"], "sqlite");
    let (stato, c) = get(porta, "/api/v1/enti/CSSM/piani/2021");
    assert_eq!(stato, 200);
    assert_eq!(
        corpo(&c),
        std::fs::read_to_string(fixture("plans/000.json")).unwrap()
    );
    let (stato, c) = get(porta, "/api/v1/enti");
    assert_eq!(stato, 200);
    assert!(corpo(&c).contains("\"CSSM\""));
    let (stato, c) = get(porta, "/api/v1/enti/CSSM/piani/2030");
    assert_eq!(stato, 404);
    assert!(corpo(&c).contains("non ha un ciclo che inizia nel 2030"));
    let (stato, _) = get(porta, "/api/v1/enti/NESSUNO/cicli");
    assert_eq!(stato, 404);
    figlio.kill().unwrap();
    let mut log = String::new();
    figlio
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    let _ = figlio.wait();
    // Log strutturati: ogni riga è un oggetto JSON.
    let prima = log.lines().next().expect("almeno una riga di log");
    let v: serde_json::Value = serde_json::from_str(prima).expect("log JSON");
    assert!(v.get("level").is_some(), "{prima}");
    assert!(log.contains("Traguardo in ascolto"));
}
