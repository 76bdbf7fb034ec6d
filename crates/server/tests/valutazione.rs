//! Monitoraggio, valutazione e premi dalla CLI, sui seed 001, 002 e 003, su SQLite e
//! PostgreSQL.

mod comune;
use comune::Ambiente;
use std::collections::HashMap;
use traguardo_testkit::fixture;

fn importa(a: &Ambiente, seed: &str) {
    let f = fixture(&format!("plans/{seed}.json"));
    let out = a.ok(&["import", "plan", f.to_str().unwrap()]);
    assert!(out.contains("Piano importato"), "{out}");
}

/// Un importo col punto (`1234.56`) in centesimi, senza virgola mobile.
fn centesimi(s: &str) -> i64 {
    let d: rust_decimal::Decimal = s.parse().unwrap();
    i64::try_from(d * rust_decimal::Decimal::ONE_HUNDRED).unwrap()
}

fn righe_csv(csv: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv.as_bytes());
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

fn seed_003_direttore(a: &Ambiente) {
    importa(a, "003");
    // I punti del direttore sommano a 50: nessun rilievo.
    assert_eq!(
        a.ok(&["check", "--ente", "CISSA", "--cycle", "2023"]),
        "Nessun rilievo.\n"
    );
    let csv = a.ok(&[
        "score", "--ente", "CISSA", "--cycle", "2023", "--format", "csv",
    ]);
    let righe = righe_csv(&csv);
    assert!(csv.starts_with("level,code,name,weight,achievement,band\n"));
    let obiettivi: Vec<&Vec<String>> = righe.iter().filter(|r| r[0] == "objective").collect();
    assert_eq!(obiettivi.len(), 6);
    let somma_punti: rust_decimal::Decimal = obiettivi
        .iter()
        .map(|r| r[3].parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(somma_punti.to_string(), "50.00");
    let dir = righe.iter().find(|r| r[0] == "director").unwrap();
    // D5: 4 step su 5 valutati (uno non realizzato) = 80%; gli altri 100%: 48,6 / 50 = 97,20%.
    assert_eq!(
        (dir[3].as_str(), dir[4].as_str(), dir[5].as_str()),
        ("50.00", "97.20", "pienamente raggiunto")
    );
    let d5 = obiettivi.iter().find(|r| r[1] == "D5").unwrap();
    assert_eq!(d5[4], "80.00");
    let spiegazione = a.ok(&[
        "explain",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--objective",
        "D4",
    ]);
    assert!(
        spiegazione.contains("non realizzabile per cause esterne: neutralizzato"),
        "{spiegazione}"
    );
    assert!(
        spiegazione.contains("48,60 su 50,00; pari al 97,20%"),
        "{spiegazione}"
    );
    assert!(spiegazione.contains("Regole SMVP: versione 0 (predefinite)"));
    // Al checkpoint intermedio: gli step non ancora scaduti sono esclusi.
    let agosto = a.ok(&[
        "score",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--checkpoint",
        "31/08/2023",
    ]);
    assert!(agosto.contains("director,DIRETTORE,"));
    let e = a.ok(&[
        "explain",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--objective",
        "D4",
        "--checkpoint",
        "31/08/2023",
    ]);
    assert!(
        e.contains("dilazione richiesta, in attesa di decisione: escluso")
            || e.contains("in corso, non ancora scaduto: escluso"),
        "{e}"
    );
    // Stati ai due checkpoint e le due dilazioni concesse sono tenuti.
    let piano: serde_json::Value =
        serde_json::from_str(&a.ok(&["export", "plan", "--ente", "CISSA", "--cycle", "2023"]))
            .unwrap();
    let m = &piano["monitoraggio"];
    let per_cp = |c: &str| {
        m["stati"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["checkpoint"] == c)
            .count()
    };
    assert_eq!((per_cp("31/08/2023"), per_cp("31/12/2023")), (34, 34));
    let dil = m["dilazioni"].as_array().unwrap();
    assert_eq!(dil.len(), 2);
    assert!(dil.iter().all(|d| d["esito"] == "concessa"));
    let d4 = piano["obiettivi"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["codice"] == "D4")
        .unwrap();
    assert_eq!(
        d4["steps"][4]["revisioni_scadenza"][0]["scadenza"]
            .as_str()
            .unwrap()
            .to_lowercase(),
        "entro ottobre 2023"
    );
    let rapporto = a.ok(&[
        "monitor",
        "report",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--checkpoint",
        "31/08/2023",
    ]);
    assert!(
        rapporto.starts_with("Grado di raggiungimento degli obiettivi al 31/08/2023 — C.I.S.S.A."),
        "{rapporto}"
    );
    assert!(
        rapporto.contains("entro ottobre 2023 (era Entro agosto 2023)"),
        "{rapporto}"
    );
    assert!(
        rapporto
            .contains("dilazione step 5: chiesta al 31/08/2023 (entro ottobre 2023) → concessa")
    );
    assert!(rapporto.contains("Riepilogo: 34 step"));
    let finale = a.ok(&[
        "monitor", "report", "--ente", "CISSA", "--cycle", "2023", "--format", "csv",
    ]);
    assert_eq!(righe_csv(&finale).len(), 34);
    let testo_finale = a.ok(&["monitor", "report", "--ente", "CISSA", "--cycle", "2023"]);
    assert!(
        testo_finale.contains("causa dello scostamento (step 9): esogena"),
        "{testo_finale}"
    );
    let err = a.esegui(&[
        "score",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--checkpoint",
        "30/06/2023",
    ]);
    assert!(String::from_utf8_lossy(&err.stderr).contains(
        "checkpoint «30/06/2023» inesistente; checkpoint del ciclo: 31/08/2023, 31/12/2023"
    ));
}

fn seed_001_scostamenti(a: &Ambiente) {
    importa(a, "001");
    let testo = a.ok(&[
        "deviations",
        "--ente",
        "IRIS",
        "--cycle",
        "2019",
        "--format",
        "text",
    ]);
    assert!(testo.contains("Convenzione: scostamento = valore rilevato − valore atteso (b − a)"));
    assert!(testo.contains("stampato «+44 (pari a +20%)», calcolato 42,00 — errore aritmetico: 211,00 − 169,00 = 42,00"), "{testo}");
    assert_eq!(testo.matches("errore aritmetico").count(), 1, "{testo}");
    assert!(testo.contains("stampato con il segno opposto"));
    assert!(
        testo.contains("= 399.918,52) ÷ 9.310.445,02 (Entrate correnti accertate) × 100 = 4,30%"),
        "{testo}"
    );
    let csv = a.ok(&[
        "deviations",
        "--ente",
        "IRIS",
        "--cycle",
        "2019",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("objective,indicator,target,actual,delta,delta_pct,met\n"));
    let righe = righe_csv(&csv);
    assert_eq!(righe.len(), 135, "un rigo per ogni valore rilevato");
    let r = righe.iter().find(|r| r[0] == "A-10601-bis").unwrap();
    assert_eq!(&r[2..], ["169.00", "211.00", "42.00", "24.85", "yes"]);
    // Valore atteso relativo al 2018: 177 × 1,20 = 212,4.
    let r = righe
        .iter()
        .find(|r| r[0] == "A-10108" && r[1] == "1")
        .unwrap();
    assert_eq!(&r[2..], ["212.40", "191.00", "-21.40", "-10.08", "no"]);
    // "Più basso è meglio": <= 15% con 11% è rispettato.
    assert!(
        righe
            .iter()
            .any(|r| r[2] == "15.00" && r[3] == "11.00" && r[6] == "yes")
    );
}

fn seed_002_raggiungimento_e_tempi(a: &Ambiente) {
    importa(a, "002");
    let j: serde_json::Value = serde_json::from_str(&a.ok(&[
        "deviations",
        "--ente",
        "INRETE",
        "--cycle",
        "2020",
        "--format",
        "json",
    ]))
    .unwrap();
    let ind = j["indicatori"].as_array().unwrap();
    assert_eq!(ind.len(), 39);
    let misurati = ind
        .iter()
        .filter(|i| !i["raggiungimento"].is_null())
        .count();
    let da_valutare: Vec<&serde_json::Value> = ind
        .iter()
        .filter(|i| i["raggiungimento"].is_null())
        .collect();
    assert_eq!(misurati + da_valutare.len(), 39);
    assert_eq!((misurati, da_valutare.len()), (33, 6));
    // I valori non numerici sono tenuti e lasciati a chi valuta.
    assert!(da_valutare.iter().any(|i| i["valore"] == "1 non completato"
        && i["spiegazione"].as_str().unwrap().contains("da valutare")));
    // 7 incontri su 6 attesi: 100% (tetto); 1 su 2: 50%.
    let dec = |v: &serde_json::Value| {
        v.as_str()
            .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
            .map(|d| d.normalize().to_string())
    };
    let trova = |a: &str, r: &str, g: &str| {
        ind.iter().any(|i| {
            dec(&i["atteso"]).as_deref() == Some(a)
                && dec(&i["rilevato"]).as_deref() == Some(r)
                && dec(&i["raggiungimento"]).as_deref() == Some(g)
        })
    };
    assert!(trova("6", "7", "100"));
    assert!(trova("2", "1", "50"));
    let tempi = righe_csv(&a.ok(&["timeliness", "--ente", "INRETE", "--cycle", "2020"]));
    assert_eq!(tempi.len(), 73);
    let conta = |e: &str| tempi.iter().filter(|r| r[5].contains(e)).count();
    assert_eq!(conta("non realizzata"), 18);
    assert_eq!(
        conta("non realizzata") + conta("nei tempi") + conta("anticipo") + conta("ritardo"),
        73
    );
    // DIR-1.1: Giugno → Gennaio, 5 mesi in anticipo; 001-1.2 step 4: Dicembre → Febbraio 2021.
    assert!(
        tempi
            .iter()
            .any(|r| r[0] == "DIR-1.1" && r[1] == "1" && r[4] == "-5")
    );
    assert!(
        tempi
            .iter()
            .any(|r| r[0] == "001-1.2" && r[3] == "Febbraio 2021" && r[4] == "2")
    );
    let score = righe_csv(&a.ok(&["score", "--ente", "INRETE", "--cycle", "2020"]));
    assert_eq!(
        score
            .iter()
            .filter(|r| r[0] == "objective" && !r[4].is_empty())
            .count(),
        15
    );
    assert_eq!(score.iter().filter(|r| r[0] == "cdr").count(), 6);
}

fn dilazioni_e_stati_da_riga_di_comando(a: &Ambiente) {
    importa(a, "003");
    let base = ["--ente", "CISSA", "--cycle", "2023"];
    let con = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let richiesta = con(&[
        "--checkpoint",
        "31/08/2023",
        "--objective",
        "D6",
        "--step",
        "2",
        "--deadline",
        "Entro marzo 2024",
        "--reason",
        "Corso rinviato dal formatore",
    ]);
    let mut args = vec!["monitor", "request-extension"];
    args.extend(richiesta.iter().map(String::as_str));
    assert!(a.ok(&args).contains("in attesa"));
    // Una seconda richiesta per lo stesso step è rifiutata finché la prima è in attesa.
    let o = a.esegui(&args);
    assert!(String::from_utf8_lossy(&o.stderr).contains("ha già una dilazione in attesa"));
    let decisione = con(&[
        "--objective",
        "D6",
        "--step",
        "2",
        "--grant",
        "--act",
        "Deliberazione CdA n. 40 del 15/09/2023",
        "--date",
        "15/09/2023",
    ]);
    let mut args = vec!["monitor", "decide-extension"];
    args.extend(decisione.iter().map(String::as_str));
    assert!(a.ok(&args).contains("concessa"));
    let piano: serde_json::Value =
        serde_json::from_str(&a.ok(&["export", "plan", "--ente", "CISSA", "--cycle", "2023"]))
            .unwrap();
    let d6 = piano["obiettivi"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["codice"] == "D6")
        .unwrap();
    let rev = &d6["steps"][1]["revisioni_scadenza"][0];
    assert_eq!(rev["scadenza"], "Entro marzo 2024");
    assert_eq!(rev["atto"], "Deliberazione CdA n. 40 del 15/09/2023");
    assert_eq!(rev["data"], "2023-09-15");
    let elenco = a.ok(&[
        "monitor",
        "extensions",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
    ]);
    assert_eq!(elenco.lines().count(), 4, "{elenco}");
    assert!(elenco.contains("D6,2,31/08/2023,Entro marzo 2024,concessa,Deliberazione CdA n. 40 del 15/09/2023,15/09/2023,Corso rinviato dal formatore"), "{elenco}");
    let d = piano["monitoraggio"]["dilazioni"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(d["esito"], "concessa");
    // Stato di uno step; step inesistente rifiutato senza cambiare nulla.
    let prima = a.ok(&["export", "plan", "--ente", "CISSA", "--cycle", "2023"]);
    let o = a.esegui(&[
        "monitor",
        "status",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--checkpoint",
        "31/12/2023",
        "--objective",
        "D6",
        "--step",
        "9",
        "--status",
        "realizzato",
    ]);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("l'obiettivo «D6» ha 2 step: lo step 9 non esiste")
    );
    assert_eq!(
        a.ok(&["export", "plan", "--ente", "CISSA", "--cycle", "2023"]),
        prima
    );
    a.ok(&[
        "monitor",
        "status",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--checkpoint",
        "31/12/2023",
        "--objective",
        "D5",
        "--step",
        "4",
        "--status",
        "parziale",
        "--percent",
        "40",
        "--text",
        "Atti in bozza",
    ]);
    a.ok(&[
        "monitor",
        "cause",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--objective",
        "D5",
        "--step",
        "4",
        "--cause",
        "esogena",
        "--text",
        "Nuove regole della piattaforma",
    ]);
    let o = a.esegui(&[
        "monitor",
        "cause",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--objective",
        "D7",
        "--cause",
        "endogena",
        "--text",
        "x",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("l'obiettivo «D7» non esiste"));
    let r = a.ok(&["monitor", "report", "--ente", "CISSA", "--cycle", "2023"]);
    assert!(
        r.contains("causa dello scostamento (step 4): esogena — Nuove regole della piattaforma"),
        "{r}"
    );
    let e = a.ok(&[
        "explain",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--objective",
        "D5",
    ]);
    assert!(e.contains("parzialmente realizzato al 40,00%"), "{e}");
    assert!(e.contains("= 88,00%"), "{e}");
}

/// Un piano con persone e assegnazioni (dal 003, dove le assegnazioni sono andate perse).
fn piano_con_assegnazioni(a: &Ambiente) {
    let mut p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("plans/003.json")).unwrap()).unwrap();
    p["ente"]["codice"] = "PROVA".into();
    p["assegnazioni"] = serde_json::json!([
        {"persona": "P01", "obiettivo": "D5", "step": null, "quota": "100"},
        {"persona": "P02", "obiettivo": "D1", "step": null, "quota": "50"},
        {"persona": "P02", "obiettivo": "D5", "step": null, "quota": "50"},
        {"persona": "P03", "obiettivo": "D4", "step": "9", "quota": "100"}
    ]);
    let f = a.dir.path().join("prova.json");
    std::fs::write(&f, serde_json::to_string(&p).unwrap()).unwrap();
    a.ok(&["import", "plan", f.to_str().unwrap()]);
}

fn valutazione_individuale_e_presa_visione(a: &Ambiente) {
    piano_con_assegnazioni(a);
    let regole: serde_json::Value =
        serde_json::from_str(&a.ok(&["rules", "show", "--ente", "PROVA", "--cycle", "2023"]))
            .unwrap();
    assert_eq!(regole["versione"], 0);
    // Voti non validi: rifiutati tutti, nulla salvato.
    let f = a.dir.path().join("voti.csv");
    std::fs::write(
        &f,
        "persona;comportamento;voto\nP01;C1;4\nP99;C1;3\nP01;C9;3\nP02;C1;7\n",
    )
    .unwrap();
    let o = a.esegui(&[
        "evaluate",
        "behaviours",
        f.to_str().unwrap(),
        "--ente",
        "PROVA",
        "--cycle",
        "2023",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("riga 3: la persona «P99» non è nel piano"),
        "{err}"
    );
    assert!(
        err.contains("riga 4: il comportamento «C9» non è nel catalogo"),
        "{err}"
    );
    assert!(
        err.contains("riga 5: voto 7,00 fuori dalla scala 1–5"),
        "{err}"
    );
    std::fs::write(&f, "persona;comportamento;voto\nP01;C1;4\nP01;C2;4\nP01;C3;5\nP01;C4;3\nP02;C1;5\nP02;C2;5\nP02;C3;5\nP02;C4;5\n").unwrap();
    assert!(
        a.ok(&[
            "evaluate",
            "behaviours",
            f.to_str().unwrap(),
            "--ente",
            "PROVA",
            "--cycle",
            "2023"
        ])
        .contains("8 voti registrati")
    );
    let csv = a.ok(&[
        "evaluate",
        "individual",
        "--ente",
        "PROVA",
        "--cycle",
        "2023",
    ]);
    let righe = righe_csv(&csv);
    let r: HashMap<&str, &Vec<String>> = righe.iter().map(|r| (r[0].as_str(), r)).collect();
    // P01 dipendente: risultati D5 80% × 40% + comportamenti (4+4+5+3)/4/5 = 80% × 60% = 80%.
    assert_eq!(&r["P01"][2..6], ["dipendenti", "80.00", "80.00", "80.00"]);
    // P02 (Responsabile): risultati (100 × 50 + 80 × 50) / 100 = 90; comportamenti 100; 90 × 60% + 100 × 40% = 94.
    assert_eq!(
        &r["P02"][2..6],
        ["responsabili", "90.00", "100.00", "94.00"]
    );
    // P03 assegnato a uno step neutralizzato e senza voti: non calcolabile.
    assert_eq!(r["P03"][5], "");
    let presa = a.ok(&[
        "evaluate",
        "acknowledge",
        "--ente",
        "PROVA",
        "--cycle",
        "2023",
        "--person",
        "P02",
    ]);
    assert!(
        presa.contains("Presa visione di P02 registrata il ")
            && presa.contains("(punteggio 94,00%)"),
        "{presa}"
    );
    // Regole dell'ente: versione 1; regole non valide rifiutate.
    let mut nuove = regole["regole"].clone();
    nuove["fondo"]["maggiorazione"] = "20".into();
    let rf = a.dir.path().join("regole.json");
    std::fs::write(&rf, serde_json::to_string_pretty(&nuove).unwrap()).unwrap();
    let o = a.esegui(&[
        "rules",
        "set",
        rf.to_str().unwrap(),
        "--ente",
        "PROVA",
        "--cycle",
        "2023",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("non può essere inferiore al 30%"));
    nuove["fondo"]["maggiorazione"] = "35".into();
    nuove["step"]["in_itinere"] = "90".into();
    std::fs::write(&rf, serde_json::to_string_pretty(&nuove).unwrap()).unwrap();
    assert!(
        a.ok(&[
            "rules",
            "set",
            rf.to_str().unwrap(),
            "--ente",
            "PROVA",
            "--cycle",
            "2023"
        ])
        .contains("versione 1")
    );
    let e = a.ok(&[
        "explain",
        "--ente",
        "PROVA",
        "--cycle",
        "2023",
        "--objective",
        "D1",
    ]);
    assert!(
        e.contains("in itinere (attività continuativa nei tempi): 90,00%")
            && e.contains("versione 1 (dell'ente)"),
        "{e}"
    );
    // Il fondo tra le persone del piano: solo chi ha un punteggio sopra il minimo.
    let fondo = a.ok(&[
        "fund",
        "allocate",
        "--ente",
        "PROVA",
        "--cycle",
        "2023",
        "--fund",
        "10.000,00",
    ]);
    let premi = righe_csv(&fondo);
    let somma: i64 = premi.iter().map(|r| centesimi(&r[8])).sum();
    assert_eq!(somma, 1_000_000);
    assert_eq!(premi.iter().filter(|r| r[2] == "yes").count(), 2);
}

fn fondo_da_punteggi(a: &Ambiente) {
    importa(a, "003");
    let f = a.dir.path().join("punteggi.csv");
    let scrivi = |righe: &[&str]| {
        let mut t =
            String::from("codice,nome,categoria,ruolo,part_time,giorni_presenza,punteggio\n");
        for r in righe {
            t.push_str(r);
            t.push('\n');
        }
        std::fs::write(&f, t).unwrap();
    };
    let premi = |fondo: &str| {
        let csv = a.ok(&[
            "fund",
            "allocate",
            "--ente",
            "CISSA",
            "--cycle",
            "2023",
            "--fund",
            fondo,
            "--scores",
            f.to_str().unwrap(),
        ]);
        righe_csv(&csv)
    };
    let somma = |p: &[Vec<String>]| -> i64 { p.iter().map(|r| centesimi(&r[8])).sum() };
    // Una sola persona: tutto il fondo.
    scrivi(&["P01,ROSSI,istruttori,,100,365,80"]);
    assert_eq!(somma(&premi("1234,57")), 123_457);
    // Nessun ammesso: nulla distribuito.
    scrivi(&[
        "P01,ROSSI,istruttori,,100,365,20",
        "P02,BIANCHI,istruttori,direttrice,100,365,99",
    ]);
    let p = premi("1000");
    assert_eq!(somma(&p), 0);
    assert!(p.iter().all(|r| r[2] == "no"));
    // Parità di punteggio e fondo non divisibile: la somma torna al centesimo.
    scrivi(&[
        "A,A,istruttori,,100,365,80",
        "B,B,istruttori,,100,365,80",
        "C,C,istruttori,,100,365,80",
    ]);
    assert_eq!(somma(&premi("100,00")), 10_000);
    assert_eq!(somma(&premi("0,01")), 1);
    // Molte persone, part-time e presenze diverse.
    let molte: Vec<String> = (0..37)
        .map(|i| {
            format!(
                "P{i:02},N{i},{},,{},{},{}",
                ["operatori", "istruttori", "funzionari"][i % 3],
                50 + (i % 6) * 10,
                100 + i * 7,
                60 + (i % 41)
            )
        })
        .collect();
    scrivi(&molte.iter().map(String::as_str).collect::<Vec<_>>());
    let p = premi("98.765,43");
    assert_eq!(somma(&p), 9_876_543);
    assert_eq!(
        p.iter().filter(|r| r[7] == "yes").count(),
        3,
        "10% di 37 ammessi = 3 maggiorazioni"
    );
    let tabelle = a.ok(&[
        "fund",
        "tables",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--fund",
        "98.765,43",
        "--scores",
        f.to_str().unwrap(),
    ]);
    assert!(
        tabelle.contains("Ammontare complessivo stanziato:   98.765,43"),
        "{tabelle}"
    );
    assert!(tabelle.contains("Ammontare effettivamente distribuito: 98.765,43"));
    assert!(tabelle.contains("Dipendenti valutati: 37; premiati: 37"));
    assert!(tabelle.contains("Grado di differenziazione"));
    let j: serde_json::Value = serde_json::from_str(&a.ok(&[
        "fund",
        "tables",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--fund",
        "98.765,43",
        "--scores",
        f.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    let per_fascia: u64 = j["distribuzione"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["persone"].as_u64().unwrap())
        .sum();
    assert_eq!(per_fascia, 37);
    // Importo non valido.
    let o = a.esegui(&[
        "fund",
        "allocate",
        "--ente",
        "CISSA",
        "--cycle",
        "2023",
        "--fund",
        "mille",
        "--scores",
        f.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("«mille» non è un importo valido"));
    // `--fund` segue la grammatica unica degli importi (docs/numeri.md): `50.000` sono
    // cinquantamila euro, come in una cella CSV; oltre due decimali o fuori intervallo, rifiuto.
    let somma = |p: &[Vec<String>]| -> i64 { p.iter().map(|r| centesimi(&r[8])).sum() };
    let premi = |fondo: &str| {
        righe_csv(&a.ok(&[
            "fund",
            "allocate",
            "--ente",
            "CISSA",
            "--cycle",
            "2023",
            "--fund",
            fondo,
            "--scores",
            f.to_str().unwrap(),
        ]))
    };
    assert_eq!(somma(&premi("50.000")), 5_000_000);
    assert_eq!(somma(&premi("1.234.567")), 123_456_700);
    for (fondo, messaggio) in [
        ("1,234", "«1,234» ha più di due decimali"),
        (
            "999.999.999.999.999.999,00",
            "«999.999.999.999.999.999,00» è fuori dall'intervallo",
        ),
    ] {
        let o = a.esegui(&[
            "fund",
            "allocate",
            "--ente",
            "CISSA",
            "--cycle",
            "2023",
            "--fund",
            fondo,
            "--scores",
            f.to_str().unwrap(),
        ]);
        assert!(!o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(messaggio),
            "{fondo}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

su_entrambi_cli!(
    seed_003_direttore,
    seed_001_scostamenti,
    seed_002_raggiungimento_e_tempi,
    dilazioni_e_stati_da_riga_di_comando,
    valutazione_individuale_e_presa_visione,
    fondo_da_punteggi,
);
