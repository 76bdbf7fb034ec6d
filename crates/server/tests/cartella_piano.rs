//! Il piano come cartella XLSX dalla CLI: esportata, riletta e reimportata senza cambiare
//! nulla; modificata in una cella e con una riga in più; rifiutata con foglio, riga e colonna.
//! SQLite e, con `TRAGUARDO_TEST_PG_URL`, PostgreSQL.

use traguardo_app::file_piano::formato::AssegnazioneFile;
use traguardo_import::cartella_piano::{leggi_cartella, scrivi_cartella};
use traguardo_testkit::fixture;

mod comune;
use comune::Ambiente;

fn esporta_json(a: &Ambiente, ente: &str, ciclo: &str) -> String {
    a.ok(&[
        "export",
        "plan",
        "--ente",
        ente,
        "--cycle",
        ciclo,
        "--with-ids",
    ])
}

fn esporta_xlsx(a: &Ambiente, ente: &str, ciclo: &str, nome: &str) -> std::path::PathBuf {
    let p = a.dir.path().join(nome);
    a.ok(&[
        "export",
        "plan",
        "--ente",
        ente,
        "--cycle",
        ciclo,
        "--format",
        "xlsx",
        "--out",
        p.to_str().unwrap(),
    ]);
    p
}

fn giro(a: &Ambiente, piano: &str, ente: &str, ciclo: &str) {
    a.ok(&["import", "plan", fixture(piano).to_str().unwrap()]);
    let prima = esporta_json(a, ente, ciclo);
    let xlsx = esporta_xlsx(a, ente, ciclo, "piano.xlsx");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let prova = a.ok(&["import", "plan", xlsx.to_str().unwrap(), "--dry-run"]);
    assert!(
        prova.contains("0 tolti, 0 aggiunti, 0 fatti del monitoraggio persi"),
        "{prova}"
    );
    assert!(prova.contains("nulla è stato scritto"), "{prova}");
    assert_eq!(esporta_json(a, ente, ciclo), prima);
    let esito = a.ok(&["import", "plan", xlsx.to_str().unwrap(), "--ente", ente]);
    assert!(esito.contains("aggiorna il precedente"), "{esito}");
    assert_eq!(
        esporta_json(a, ente, ciclo),
        prima,
        "{piano}: export JSON cambiato"
    );
}

fn inrete_2026_fa_il_giro_senza_cambiamenti(a: &Ambiente) {
    giro(a, "plans/004.json", "INRETE", "2026");
}

fn cissa_fa_il_giro_senza_cambiamenti(a: &Ambiente) {
    let ciclo = serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(fixture("plans/003.json")).unwrap(),
    )
    .unwrap()["ciclo"]["anno_inizio"]
        .to_string();
    giro(a, "plans/003.json", "CISSA", &ciclo);
}

fn cella_modificata_e_step_aggiunto(a: &Ambiente) {
    a.importa_000();
    let xlsx = esporta_xlsx(a, "CSSM", "2021", "piano.xlsx");
    let mut file = leggi_cartella(&std::fs::read(&xlsx).unwrap(), "piano.xlsx").unwrap();
    let o = &mut file.obiettivi[0];
    let id_step = o.steps[0].id.expect("id dello step esportato");
    let n_step = o.steps.len();
    o.steps[0].descrizione = "Descrizione cambiata nel foglio".into();
    let mut nuovo = o.steps[1].clone();
    nuovo.id = None;
    nuovo.codice = None;
    nuovo.descrizione = "Step aggiunto nel foglio".into();
    o.steps.push(nuovo);
    let codice = o.codice.clone();
    let modificato = a.dir.path().join("modificato.xlsx");
    std::fs::write(&modificato, scrivi_cartella(&file).unwrap()).unwrap();
    let prova = a.ok(&["import", "plan", modificato.to_str().unwrap(), "--dry-run"]);
    assert!(prova.contains("0 tolti, 1 aggiunti"), "{prova}");
    a.ok(&["import", "plan", modificato.to_str().unwrap()]);
    let dopo: serde_json::Value = serde_json::from_str(&esporta_json(a, "CSSM", "2021")).unwrap();
    let o = dopo["obiettivi"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["codice"] == codice.as_str())
        .unwrap();
    let steps = o["steps"].as_array().unwrap();
    assert_eq!(steps.len(), n_step + 1);
    assert_eq!(
        steps[0]["id"],
        id_step.to_string(),
        "lo step tiene il suo id"
    );
    assert_eq!(steps[0]["descrizione"], "Descrizione cambiata nel foglio");
    assert_eq!(steps[n_step]["descrizione"], "Step aggiunto nel foglio");
}

fn cartella_con_errore_rifiutata(a: &Ambiente) {
    a.importa_000();
    let prima = esporta_json(a, "CSSM", "2021");
    let xlsx = esporta_xlsx(a, "CSSM", "2021", "piano.xlsx");
    let byte = std::fs::read(&xlsx).unwrap();
    let rotto = a.dir.path().join("rotto.xlsx");

    // Un file troncato.
    std::fs::write(&rotto, &byte[..byte.len() / 2]).unwrap();
    let o = a.esegui(&["import", "plan", rotto.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("rotto.xlsx: non è un file XLSX leggibile"),
        "{err}"
    );
    assert!(err.contains("nulla è stato modificato"), "{err}");

    // Un'assegnazione a un obiettivo che non c'è: foglio, riga, colonna e campo.
    let mut file = leggi_cartella(&byte, "piano.xlsx").unwrap();
    file.assegnazioni.push(AssegnazioneFile {
        persona: "X".into(),
        obiettivo: "NON-ESISTE".into(),
        step: None,
        quota: None,
    });
    let riga = file.assegnazioni.len() + 1;
    std::fs::write(&rotto, scrivi_cartella(&file).unwrap()).unwrap();
    let o = a.esegui(&["import", "plan", rotto.to_str().unwrap(), "--dry-run"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let atteso = format!(
        "rotto.xlsx, foglio «Assegnazioni», riga {riga}, colonna B (obiettivo): l'obiettivo «NON-ESISTE» non è nel foglio «Obiettivi»"
    );
    assert!(err.contains(&atteso), "atteso «{atteso}» in:\n{err}");
    assert!(err.contains("nulla è stato modificato"), "{err}");

    // Un errore delle regole del piano (un programma fuori catalogo nei collegamenti): il
    // rilievo è quello del file JSON, con il percorso dell'elemento.
    let mut file = leggi_cartella(&byte, "piano.xlsx").unwrap();
    file.obiettivi[0].programmi.push("1299".into());
    std::fs::write(&rotto, scrivi_cartella(&file).unwrap()).unwrap();
    let o = a.esegui(&["import", "plan", rotto.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("programma «1299» non è nel catalogo"), "{err}");
    assert!(
        err.contains("rotto.xlsx (come file del piano JSON)"),
        "{err}"
    );
    assert_eq!(esporta_json(a, "CSSM", "2021"), prima);
}

su_entrambi_cli!(
    inrete_2026_fa_il_giro_senza_cambiamenti,
    cissa_fa_il_giro_senza_cambiamenti,
    cella_modificata_e_step_aggiunto,
    cartella_con_errore_rifiutata,
);
