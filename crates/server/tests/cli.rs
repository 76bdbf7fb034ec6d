//! La CLI `traguardo` usata come la usa un utente: il binario vero, un database vero
//! (SQLite su file, e PostgreSQL quando `TRAGUARDO_TEST_PG_URL` è impostata).

use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::Command;
use std::str::FromStr;
use traguardo_testkit::fixture;

mod comune;
use comune::Ambiente;

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

fn importa_bilancio_004(a: &Ambiente) -> String {
    a.ok(&[
        "ente",
        "create",
        "--code",
        "INRETE",
        "--name",
        "Consorzio IN.RE.TE.",
    ]);
    let f = fixture("budget/004_previsione_peg_2026.txt");
    a.ok(&[
        "import",
        "budget",
        f.to_str().unwrap(),
        "--ente",
        "INRETE",
        "--year",
        "2026",
    ])
}

fn bilancio_004_riproduce_i_totali_stampati(a: &Ambiente) {
    let out = importa_bilancio_004(a);
    assert!(
        out.contains("66 capitoli di entrata e 200 di spesa"),
        "{out}"
    );
    assert!(out.contains("266 creati"), "{out}");
    assert!(
        out.contains("Subtotali stampati verificati: 105; importi che non tornano: 0."),
        "{out}"
    );
    let attesi = std::fs::read_to_string(fixture("expected/004_totali_stampati.csv")).unwrap();
    let mut confrontati = 0;
    for (lato, by) in [
        ("entrate", "uo"),
        ("spese", "uo"),
        ("entrate", "uo,titolo,tipologia"),
        ("spese", "uo,missione,programma,titolo"),
    ] {
        let csv = a.ok(&[
            "budget", "totals", "--ente", "INRETE", "--year", "2026", "--by", by, "--side", lato,
            "--format", "csv",
        ]);
        let mut righe = csv.lines();
        assert_eq!(
            righe.next().unwrap(),
            "side,key,name,prev_year,forecast,increase,decrease,cash,committed"
        );
        let calcolati: HashMap<String, Vec<String>> = righe
            .map(|r| {
                // Il nome può contenere virgole (tra virgolette): le cifre sono le ultime 6.
                let c: Vec<&str> = r.split(',').collect();
                let n = c.len();
                (
                    c[1].to_string(),
                    c[n - 6..].iter().map(|x| x.to_string()).collect(),
                )
            })
            .collect();
        for r in attesi.lines().skip(1) {
            let c: Vec<&str> = r.split(',').collect();
            if c[0] != lato || c[1] != by.replace(',', "+") {
                continue;
            }
            let chiave = c[2];
            let attese: Vec<String> = c[3..].iter().map(|x| x.to_string()).collect();
            assert_eq!(calcolati.get(chiave), Some(&attese), "{lato} {by} {chiave}");
            confrontati += 1;
        }
    }
    assert_eq!(confrontati, 55);
    let check = a.ok(&["budget", "check", "--ente", "INRETE", "--year", "2026"]);
    assert!(
        check.contains("Totale generale entrate: competenza 18.467.766,03, cassa 22.169.190,43"),
        "{check}"
    );
    assert!(
        check.contains("Totale generale spese:   competenza 18.467.766,03, cassa 20.912.935,91")
    );
    assert!(check.contains("Nessun rilievo."));
    // Reimportare lo stesso file non cambia nulla.
    let f = fixture("budget/004_previsione_peg_2026.txt");
    let out = a.ok(&[
        "import",
        "budget",
        f.to_str().unwrap(),
        "--ente",
        "INRETE",
        "--year",
        "2026",
    ]);
    assert!(out.contains("Nessuna modifica"), "{out}");
    assert_eq!(
        a.ok(&["budget", "versions", "--ente", "INRETE", "--year", "2026"])
            .lines()
            .count(),
        1
    );
}

/// CSV di Excel in italiano: `;`, `1.234,56`, Windows-1252.
fn in_excel_italiano(csv_testo: &str) -> Vec<u8> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_testo.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for (i, rec) in r.records().enumerate() {
        let rec = rec.unwrap();
        let campi: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(j, v)| {
                if i > 0 && j >= 9 && !v.is_empty() {
                    traguardo_domain::numeri::formato_it(v.parse().unwrap(), 2)
                } else {
                    v.to_string()
                }
            })
            .collect();
        w.write_record(&campi).unwrap();
    }
    let testo = String::from_utf8(w.into_inner().unwrap()).unwrap();
    encoding_rs::WINDOWS_1252.encode(&testo).0.into_owned()
}

fn bilancio_esportato_e_reimportato(a: &Ambiente) {
    importa_bilancio_004(a);
    let csv = a.dir.path().join("peg.csv");
    let xlsx = a.dir.path().join("peg.xlsx");
    let excel = a.dir.path().join("excel.csv");
    for (f, formato) in [(&csv, "csv"), (&xlsx, "xlsx")] {
        a.ok(&[
            "budget",
            "export",
            "--ente",
            "INRETE",
            "--year",
            "2026",
            "--format",
            formato,
            "--out",
            f.to_str().unwrap(),
        ]);
    }
    std::fs::write(
        &excel,
        in_excel_italiano(&std::fs::read_to_string(&csv).unwrap()),
    )
    .unwrap();
    let totali = |ente: &str| {
        a.ok(&[
            "budget",
            "totals",
            "--ente",
            ente,
            "--year",
            "2026",
            "--by",
            "uo,titolo",
            "--format",
            "json",
        ])
    };
    let originali = totali("INRETE");
    for (ente, f) in [("DACSV", &csv), ("DAXLSX", &xlsx), ("DAEXCEL", &excel)] {
        a.ok(&["ente", "create", "--code", ente, "--name", ente]);
        let out = a.ok(&[
            "import",
            "budget",
            f.to_str().unwrap(),
            "--ente",
            ente,
            "--year",
            "2026",
        ]);
        assert!(
            out.contains("66 capitoli di entrata e 200 di spesa"),
            "{ente}: {out}"
        );
        assert_eq!(totali(ente), originali, "{ente}");
        let check = a.ok(&["budget", "check", "--ente", ente, "--year", "2026"]);
        assert!(
            check.contains("competenza 18.467.766,03, cassa 22.169.190,43"),
            "{check}"
        );
    }
    // Il modello vuoto.
    let m = a.ok(&["budget", "template", "--format", "csv"]);
    assert!(m.starts_with("lato,uo,uo_nome,titolo,tipologia,missione,programma,capitolo,"));
    let mx = a.dir.path().join("modello.xlsx");
    a.ok(&[
        "budget",
        "template",
        "--format",
        "xlsx",
        "--out",
        mx.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&mx).unwrap().starts_with(b"PK"));
}

fn bilancio_malformato_rifiutato(a: &Ambiente) {
    importa_bilancio_004(a);
    let prima = a.ok(&[
        "budget", "totals", "--ente", "INRETE", "--year", "2026", "--by", "uo",
    ]);
    let csv = a.ok(&[
        "budget", "export", "--ente", "INRETE", "--year", "2026", "--format", "csv",
    ]);
    let rotto = a.dir.path().join("rotto.csv");
    let casi = [
        (
            csv.replacen(",13800.00,13800.00,", ",13800.00,tanti,", 1),
            "riga 8, colonna 11 (previsione): «tanti» non è un importo",
        ),
        (csv[..csv.len() / 2].to_string(), "file troncato"),
        (
            csv.replacen("lato,uo,", "lato,unita,", 1),
            "manca la colonna obbligatoria «uo»",
        ),
        (
            format!("{csv}{}\n", csv.lines().nth(7).unwrap()),
            "compare già alla riga 8",
        ),
    ];
    for (testo, atteso) in casi {
        std::fs::write(&rotto, testo).unwrap();
        let o = a.esegui(&[
            "import",
            "budget",
            rotto.to_str().unwrap(),
            "--ente",
            "INRETE",
            "--year",
            "2026",
        ]);
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(atteso), "atteso «{atteso}» in:\n{err}");
        assert!(err.contains("nulla è stato modificato"), "{err}");
    }
    std::fs::write(&rotto, [0u8, 159, 146, 150]).unwrap();
    let o = a.esegui(&[
        "import",
        "budget",
        rotto.to_str().unwrap(),
        "--ente",
        "INRETE",
        "--year",
        "2026",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("è un file binario"));
    assert_eq!(
        a.ok(&[
            "budget", "totals", "--ente", "INRETE", "--year", "2026", "--by", "uo"
        ]),
        prima
    );
    assert_eq!(
        a.ok(&["budget", "versions", "--ente", "INRETE", "--year", "2026"])
            .lines()
            .count(),
        1
    );
}

su_entrambi_cli!(
    bilancio_004_riproduce_i_totali_stampati,
    bilancio_esportato_e_reimportato,
    bilancio_malformato_rifiutato,
    pesi_2021_riproducono_il_seed,
    pesi_2022_e_2023_con_la_stessa_regola,
    check_riporta_solo_i_problemi_reali,
    export_e_reimport_identici,
    file_non_validi_rifiutati_senza_modifiche,
    enti_da_riga_di_comando,
);

fn get(porta: u16, percorso: &str) -> (u16, String) {
    get_con(porta, percorso, None)
}

fn get_con(porta: u16, percorso: &str, token: Option<&str>) -> (u16, String) {
    let (stato, r) = get_grezzo_con(porta, percorso, token);
    let corpo = r
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    (stato, corpo)
}

/// Stato e risposta intera (intestazioni comprese).
fn get_grezzo_con(porta: u16, percorso: &str, token: Option<&str>) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", porta)).unwrap();
    let autorizzazione = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {percorso} HTTP/1.1\r\nHost: localhost\r\n{autorizzazione}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut r = String::new();
    s.read_to_string(&mut r).unwrap();
    let stato = r[9..12].parse().unwrap();
    (stato, r)
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
    let (stato, c) = get(porta, "/");
    assert_eq!(stato, 200);
    assert!(corpo(&c).contains("\"piano\":\"/api/v1/enti/{ente}/piani/{anno}\""));
    let (stato, c) = get(porta, "/health");
    assert_eq!(stato, 200);
    let salute: serde_json::Value = serde_json::from_str(&corpo(&c)).unwrap();
    assert_eq!(salute["stato"], "ok");
    assert_eq!(salute["database"], "sqlite");
    // Senza token: 401. Con il token di un utente dimostrativo, creato dalla CLI: il piano.
    let (stato, _) = get(porta, "/api/v1/enti/CSSM/piani/2021");
    assert_eq!(stato, 401);
    let creato = Command::new(env!("CARGO_BIN_EXE_traguardo"))
        .args(["token", "create", "admin"])
        .env("TRAGUARDO_DATABASE_URL", &url)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        creato.status.success(),
        "{}",
        String::from_utf8_lossy(&creato.stderr)
    );
    let token = String::from_utf8(creato.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string();
    let t = Some(token.as_str());
    let get = |porta, percorso| get_con(porta, percorso, t);
    let get_grezzo = |porta, percorso| get_grezzo_con(porta, percorso, t);
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
    // Il resto dell'API è provato in processo: crates/web/tests.
    let (stato, r) = get_grezzo(porta, "/api/v1/enti/CSSM/piani/duemila");
    assert_eq!(stato, 400);
    assert!(r.contains("content-type: application/problem+json"), "{r}");
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
