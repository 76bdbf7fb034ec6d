//! Le scritture dell'API oltre l'autorizzazione: idempotenza delle creazioni, revisione
//! superata (409 con chi e quando), `ETag`, e l'audit con l'`utente_id` di chi ha scritto.

mod comune;

use comune::TestApp;
use std::sync::Arc;
use traguardo_app::audit::elenco_audit;
use traguardo_app::contesto::Contesto;
use traguardo_app::porte_accessi::{FiltroAudit, UtentiRepo};
use traguardo_app::utenti::{self, Richiedente};
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_testkit::DbDiProva;
use traguardo_web::AccessoApp;

const C: &str = "/api/v1/enti/CISSA/cicli/2023";

/// L'app con il 003 e due direttori di CISSA (anna, bruno): i loro token.
async fn app(db: DbDiProva) -> (TestApp, String, String) {
    let store = db.store.clone();
    let app = TestApp::nuova(db, &["003"], Arc::new(AccessoApp(store))).await;
    let s = &app.db.store;
    let sistema = Richiedente::Sistema("test".into());
    let mut token = Vec::new();
    for login in ["anna", "bruno"] {
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
        utenti::concedi_ruolo(s, &ctx, login, RuoloAssegnato::semplice(Ruolo::Direttore))
            .await
            .unwrap();
        token.push(
            utenti::crea_token(s, &sistema, login, None, None)
                .await
                .unwrap()
                .segreto,
        );
    }
    let bruno = token.pop().unwrap();
    let anna = token.pop().unwrap();
    (app, anna, bruno)
}

async fn doppio_tocco_crea_una_volta(db: DbDiProva) {
    let (app, anna, _) = app(db).await;
    let corpo = r#"{"codice":"D9","tipo":"direttore","titolo":"Nuovo","unita":["DIR"]}"#;
    let chiave = [("idempotency-key", "tocco-obiettivo-1")];
    let uri = format!("{C}/obiettivi");
    let r1 = app
        .invia("POST", &uri, Some(&anna), Some(corpo), &chiave)
        .await;
    assert_eq!(r1.stato, 201, "{}", r1.testo());
    let r2 = app
        .invia("POST", &uri, Some(&anna), Some(corpo), &chiave)
        .await;
    assert_eq!(r2.stato, 201, "{}", r2.testo());
    assert_eq!(r1.json()["id"], r2.json()["id"]);
    let scheda = app
        .get_con_token(&format!("{C}/obiettivi/D9"), &anna)
        .await
        .json();
    assert_eq!(scheda["id"], r1.json()["id"]);
    // Senza chiave, la stessa richiesta è un doppione rifiutato dalla validazione.
    app.invia("POST", &uri, Some(&anna), Some(corpo), &[])
        .await
        .problema(422);
    // La stessa chiave per un'altra operazione: 409.
    let scheda_d2 = app
        .get_con_token(&format!("{C}/obiettivi/D2"), &anna)
        .await
        .json();
    let r = app
        .invia(
            "POST",
            &format!("{C}/obiettivi/D2/step"),
            Some(&anna),
            Some(r#"{"descrizione":"x"}"#),
            &chiave,
        )
        .await;
    let d = r.problema(409);
    assert!(
        d.contains("tocco-obiettivo-1") && d.contains("obiettivo.crea"),
        "{d}"
    );
    // Step: la stessa chiave aggiunge uno step solo, con lo stesso id.
    let chiave = [("idempotency-key", "tocco-step-1")];
    let uri = format!("{C}/obiettivi/D2/step");
    let corpo = r#"{"descrizione":"Step aggiunto una volta"}"#;
    let s1 = app
        .invia("POST", &uri, Some(&anna), Some(corpo), &chiave)
        .await;
    let s2 = app
        .invia("POST", &uri, Some(&anna), Some(corpo), &chiave)
        .await;
    assert_eq!(s1.stato, 201, "{}", s1.testo());
    assert_eq!(s1.json()["elemento"], s2.json()["elemento"]);
    let dopo = app
        .get_con_token(&format!("{C}/obiettivi/D2"), &anna)
        .await
        .json();
    assert_eq!(
        dopo["step"].as_array().unwrap().len(),
        scheda_d2["step"].as_array().unwrap().len() + 1
    );
    // Dilazione: la stessa chiave, una richiesta sola.
    let step = dopo["step"][0]["id"].as_str().unwrap();
    let corpo = format!(
        r#"{{"step_id":"{step}","checkpoint":"2023-08-31","motivo":"ritardo","scadenza_proposta":"31/12/2023"}}"#
    );
    let chiave = [("idempotency-key", "tocco-dilazione-1")];
    let uri = format!("{C}/dilazioni");
    let d1 = app
        .invia("POST", &uri, Some(&anna), Some(&corpo), &chiave)
        .await;
    let d2 = app
        .invia("POST", &uri, Some(&anna), Some(&corpo), &chiave)
        .await;
    assert_eq!(d1.stato, 201, "{}", d1.testo());
    assert_eq!(d1.json()["id"], d2.json()["id"]);
    // Senza chiave: già una in attesa per quello step.
    app.invia("POST", &uri, Some(&anna), Some(&corpo), &[])
        .await
        .problema(409);
    app.chiudi().await;
}

async fn revisione_superata_dice_chi_e_quando(db: DbDiProva) {
    let (app, anna, bruno) = app(db).await;
    let scheda = app
        .get_con_token(&format!("{C}/obiettivi/D1"), &anna)
        .await
        .json();
    let rev = scheda["revisione"].as_i64().unwrap();
    let se = format!("\"{rev}\"");
    let uri = format!("{C}/obiettivi/D1");
    let r = app
        .invia(
            "PATCH",
            &uri,
            Some(&anna),
            Some(r#"{"titolo":"Da Anna"}"#),
            &[("if-match", &se)],
        )
        .await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    let nuova = r.json()["revisione"].as_i64().unwrap();
    assert!(nuova > rev);
    assert_eq!(r.intestazioni["etag"], format!("\"{nuova}\""));
    // Bruno aveva letto la stessa revisione: 409, con chi ha salvato.
    let d = app
        .invia(
            "PATCH",
            &uri,
            Some(&bruno),
            Some(r#"{"titolo":"Da Bruno"}"#),
            &[("if-match", &se)],
        )
        .await
        .problema(409);
    assert!(d.contains("anna"), "{d}");
    // Un fatto: If-None-Match * quando c'è già è un conflitto che nomina chi l'ha scritto.
    let step = scheda["step"][0]["id"].as_str().unwrap();
    let uri = format!("{C}/checkpoint/2023-12-31/stati/{step}");
    let stato = r#"{"stato":"in_corso","testo":"in corso"}"#;
    let r = app.invia("PUT", &uri, Some(&anna), Some(stato), &[]).await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    let rev_fatto = r.json()["revisione"].as_i64().unwrap();
    let d = app
        .invia(
            "PUT",
            &uri,
            Some(&bruno),
            Some(stato),
            &[("if-none-match", "*")],
        )
        .await
        .problema(409);
    assert!(d.contains("anna"), "{d}");
    let r = app
        .invia(
            "PUT",
            &uri,
            Some(&bruno),
            Some(stato),
            &[("if-match", &format!("\"{rev_fatto}\""))],
        )
        .await;
    assert_eq!(r.stato, 200, "{}", r.testo());
    // L'audit porta l'id di chi ha scritto, oltre al login.
    let s = &app.db.store;
    let anna_id = s.credenziali("anna").await.unwrap().unwrap().utente.id;
    let ctx = Contesto::sistema_presso(s, "CISSA", "test").await.unwrap();
    let voci = elenco_audit(
        s,
        &ctx,
        &FiltroAudit {
            utente_id: Some(anna_id),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .voci;
    let azioni: Vec<&str> = voci.iter().map(|v| v.azione.as_str()).collect();
    assert!(azioni.contains(&"obiettivo.modifica"), "{azioni:?}");
    assert!(azioni.contains(&"monitoraggio.stato"), "{azioni:?}");
    assert!(voci.iter().all(|v| v.attore == "anna"), "{azioni:?}");
    app.chiudi().await;
}

su_entrambi_db!(
    doppio_tocco_crea_una_volta,
    revisione_superata_dice_chi_e_quando
);
