//! Le versioni del piano nell'API, su SQLite e PostgreSQL: approvazione con l'atto, piano
//! congelato (409 con il numero e l'atto), variazione, diff di una variazione, errata corrige,
//! esportazione di una versione (`?versione=N`), e chi può approvare.

mod comune;

use comune::{PIANI, TestApp};
use std::sync::Arc;
use traguardo_app::contesto::Contesto;
use traguardo_app::utenti::{self, Richiedente};
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_testkit::DbDiProva;
use traguardo_web::AccessoApp;

const V: &str = "/api/v1/enti/CISSA/piani/2023/versioni";

/// L'app con il 003, una direttrice (anna) e un lettore (luca) di CISSA: i loro token.
async fn app(db: DbDiProva) -> (TestApp, String, String) {
    let store = db.store.clone();
    let app = TestApp::nuova(db, &["003"], Arc::new(AccessoApp(store))).await;
    let s = &app.db.store;
    let sistema = Richiedente::Sistema("test".into());
    let mut token = Vec::new();
    for (login, ruolo) in [("anna", Ruolo::Direttore), ("luca", Ruolo::Lettore)] {
        utenti::crea_utente(
            s,
            &sistema,
            login,
            login,
            Some("una password lunga abbastanza"),
            false,
        )
        .await
        .unwrap();
        let ctx = Contesto::sistema_presso(s, "CISSA", "test").await.unwrap();
        utenti::concedi_ruolo(s, &ctx, login, RuoloAssegnato::semplice(ruolo))
            .await
            .unwrap();
        token.push(
            utenti::crea_token(s, &sistema, login, None, None)
                .await
                .unwrap()
                .segreto,
        );
    }
    let luca = token.pop().unwrap();
    let anna = token.pop().unwrap();
    (app, anna, luca)
}

async fn approvazione_variazione_diff_errata(db: DbDiProva) {
    let (app, anna, luca) = app(db).await;
    let atto = r#"{"atto":"deliberazione CdA n. 23 del 30/01/2023"}"#;
    // Il lettore legge le versioni ma non approva.
    let r = app.get_con_token(V, &luca).await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    assert_eq!(r.json()["versioni"][0]["stato"], "bozza");
    let r = app
        .invia(
            "POST",
            &format!("{V}/approvazione"),
            Some(&luca),
            Some(atto),
            &[],
        )
        .await;
    r.problema(403);
    // Atto scritto male: 400 con il messaggio.
    let r = app
        .invia(
            "POST",
            &format!("{V}/approvazione"),
            Some(&anna),
            Some(r#"{"atto":"delibera del CdA"}"#),
            &[],
        )
        .await;
    let m = r.problema(422);
    assert!(m.contains("manca «n.»"), "{m}");
    let r = app
        .invia(
            "POST",
            &format!("{V}/approvazione"),
            Some(&anna),
            Some(atto),
            &[],
        )
        .await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    assert_eq!(r.json()["atto"], "deliberazione CdA n. 23 del 30/01/2023");
    // Piano congelato: una modifica è un conflitto che dice versione e atto.
    let r = app
        .invia(
            "PATCH",
            "/api/v1/enti/CISSA/cicli/2023/obiettivi/D1",
            Some(&anna),
            Some(r#"{"titolo":"Nuovo titolo"}"#),
            &[],
        )
        .await;
    let m = r.problema(409);
    assert_eq!(
        m,
        "la versione 1 è approvata (atto deliberazione CdA n. 23 del 30/01/2023): usa `plan vary`"
    );
    // Variazione, poi il titolo di D1: il diff mostra solo quello.
    let r = app
        .invia("POST", &format!("{V}/variazione"), Some(&anna), None, &[])
        .await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    assert_eq!(r.json()["numero"], 2);
    assert_eq!(r.json()["stato"], "bozza");
    let piano = app
        .get_con_token("/api/v1/enti/CISSA/piani/2023", &anna)
        .await
        .json();
    let titolo = piano["obiettivi"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["codice"] == "D1")
        .unwrap()["titolo"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .invia(
            "PATCH",
            "/api/v1/enti/CISSA/cicli/2023/obiettivi/D1",
            Some(&anna),
            Some(r#"{"titolo":"Nuovo titolo"}"#),
            &[],
        )
        .await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    let r = app
        .get_con_token(&format!("{V}/diff?da=1&a=2"), &luca)
        .await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    assert_eq!(
        r.json()["voci"],
        serde_json::json!([{
            "tipo": "obiettivo",
            "cambio": "modificato",
            "oggetto": "obiettivo D1",
            "campi": [{"campo": "titolo", "prima": titolo, "dopo": "Nuovo titolo"}]
        }])
    );
    // Errata corrige della versione 1: il suo testo esportato non cambia.
    let prima = app
        .get_con_token("/api/v1/enti/CISSA/piani/2023?versione=1", &anna)
        .await;
    assert_eq!(prima.stato, 200, "{}", prima.testo());
    let r = app
        .invia(
            "POST",
            &format!("{V}/1/errata"),
            Some(&anna),
            Some(r#"{"motivo":"indicato per errore il regolamento degli uffici","testo":"Regolamento del lavoro agile"}"#),
            &[],
        )
        .await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    assert_eq!(r.json()["errata"][0]["autore"], "anna");
    let dopo = app
        .get_con_token("/api/v1/enti/CISSA/piani/2023?versione=1", &anna)
        .await;
    assert_eq!(dopo.corpo, prima.corpo);
    let r = app.get_con_token(&format!("{V}/1"), &luca).await;
    assert_eq!(
        r.json()["errata"][0]["motivo"],
        "indicato per errore il regolamento degli uffici"
    );
    // La versione 2 esportata ha il titolo nuovo, la 1 no.
    let v2 = app
        .get_con_token("/api/v1/enti/CISSA/piani/2023?versione=2", &anna)
        .await;
    assert_ne!(v2.corpo, prima.corpo);
    let r = app.get_con_token(&format!("{V}/7"), &luca).await;
    r.problema(404);
    app.chiudi().await;
}

/// Sul piano approvato anche i collegamenti dei capitoli si cambiano solo con una variazione:
/// il caso d'uso lo dice con la versione e l'atto (409), prima del trigger.
async fn collegamenti_dei_capitoli_su_un_piano_approvato(db: DbDiProva) {
    let app = TestApp::aperta(db, PIANI).await;
    let ctx = traguardo_testkit::ctx(&app.db.store, "INRETE").await;
    traguardo_app::versioni::approva(
        &app.db.store,
        &ctx,
        2026,
        "deliberazione CdA n. 3 del 29/01/2026",
        Some("prova"),
    )
    .await
    .unwrap();
    let corpo = r#"{"lato":"spese","capitolo":"1111260/0","tipo":"obiettivo","codice":"DIR-2.1"}"#;
    let d = app
        .invia(
            "POST",
            "/api/v1/enti/INRETE/bilanci/2026/collegamenti",
            None,
            Some(corpo),
            &[],
        )
        .await
        .problema(409);
    assert_eq!(
        d,
        "la versione 1 è approvata (atto deliberazione CdA n. 3 del 29/01/2026): usa `plan vary`"
    );
    traguardo_app::versioni::varia(&app.db.store, &ctx, 2026)
        .await
        .unwrap();
    let r = app
        .invia(
            "POST",
            "/api/v1/enti/INRETE/bilanci/2026/collegamenti",
            None,
            Some(corpo),
            &[],
        )
        .await;
    assert_eq!(r.stato.as_u16(), 200, "{}", r.testo());
    app.chiudi().await;
}

su_entrambi_db!(
    approvazione_variazione_diff_errata,
    collegamenti_dei_capitoli_su_un_piano_approvato
);
