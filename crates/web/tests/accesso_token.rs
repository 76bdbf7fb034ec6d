//! L'accesso con token vero dello strato applicativo, letto con una sola query (token, utente,
//! ente e ruoli insieme): ogni cambiamento vale alla richiesta successiva, su entrambi i
//! database.

mod comune;

use chrono::Duration;
use comune::TestApp;
use std::sync::Arc;
use traguardo_app::contesto::Contesto;
use traguardo_app::utenti::{self, Richiedente};
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_testkit::DbDiProva;
use traguardo_web::AccessoApp;

const ROTTA: &str = "/api/v1/enti/CISSA/cicli/2023/valutazione";

async fn utente(app: &TestApp, login: &str, superadmin: bool, ruolo: Option<Ruolo>) -> String {
    let s = &app.db.store;
    let sistema = Richiedente::Sistema("test".into());
    utenti::crea_utente(s, &sistema, login, login, None, superadmin)
        .await
        .unwrap();
    if let Some(r) = ruolo {
        let ctx = Contesto::sistema_presso(s, "CISSA", "test").await.unwrap();
        utenti::concedi_ruolo(s, &ctx, login, RuoloAssegnato::semplice(r))
            .await
            .unwrap();
    }
    utenti::crea_token(s, &sistema, login, None, None)
        .await
        .unwrap()
        .segreto
}

async fn ogni_cambiamento_vale_alla_richiesta_successiva(db: DbDiProva) {
    let store = db.store.clone();
    let app = TestApp::nuova(db, &["003", "004"], Arc::new(AccessoApp(store))).await;
    let s = &app.db.store;
    let sistema = Richiedente::Sistema("test".into());
    let ctx = Contesto::sistema_presso(s, "CISSA", "test").await.unwrap();

    // Un ruolo presso l'ente: 200; un altro ente o uno che non esiste: 404 con lo stesso testo.
    let t = utente(&app, "lettore.cissa", false, Some(Ruolo::Lettore)).await;
    assert_eq!(app.get_con_token(ROTTA, &t).await.stato, 200);
    let altro = app
        .get_con_token("/api/v1/enti/INRETE/cicli", &t)
        .await
        .problema(404);
    assert_eq!(altro, "l'ente «INRETE» non esiste");
    let nessuno = app
        .get_con_token("/api/v1/enti/NESSUNO/cicli", &t)
        .await
        .problema(404);
    assert_eq!(nessuno, "l'ente «NESSUNO» non esiste");

    // Due ruoli: entrambi letti (il responsabile non ha CdR, il lettore basta per leggere).
    utenti::concedi_ruolo(
        s,
        &ctx,
        "lettore.cissa",
        RuoloAssegnato::semplice(Ruolo::Oiv),
    )
    .await
    .unwrap();
    assert_eq!(app.get_con_token(ROTTA, &t).await.stato, 200);

    // Revocati i ruoli, la richiesta successiva è un 404.
    for r in [Ruolo::Lettore, Ruolo::Oiv] {
        utenti::revoca_ruolo(s, &ctx, "lettore.cissa", r, &[], &[])
            .await
            .unwrap();
    }
    app.get_con_token(ROTTA, &t).await.problema(404);

    // Il superadmin entra in ogni ente senza ruoli.
    let admin = utente(&app, "admin", true, None).await;
    assert_eq!(app.get_con_token(ROTTA, &admin).await.stato, 200);
    assert_eq!(
        app.get_con_token("/api/v1/enti/INRETE/cicli", &admin)
            .await
            .stato,
        200
    );
    app.get_con_token("/api/v1/enti/NESSUNO/cicli", &admin)
        .await
        .problema(404);

    // Utente disattivato: 401, anche con un token valido; riattivato, di nuovo dentro.
    utenti::imposta_attivo(s, &sistema, "admin", false)
        .await
        .unwrap();
    app.get_con_token(ROTTA, &admin).await.problema(401);
    utenti::imposta_attivo(s, &sistema, "admin", true)
        .await
        .unwrap();
    assert_eq!(app.get_con_token(ROTTA, &admin).await.stato, 200);

    // Token revocato: 401.
    let token = utenti::elenco_token(s, &sistema, Some("admin"))
        .await
        .unwrap();
    utenti::revoca_token(s, &sistema, token[0].id)
        .await
        .unwrap();
    app.get_con_token(ROTTA, &admin).await.problema(401);

    // Token scaduto: 401.
    let breve = utenti::crea_token(
        s,
        &sistema,
        "lettore.cissa",
        Some(Duration::seconds(1)),
        None,
    )
    .await
    .unwrap()
    .segreto;
    utenti::concedi_ruolo(
        s,
        &ctx,
        "lettore.cissa",
        RuoloAssegnato::semplice(Ruolo::Lettore),
    )
    .await
    .unwrap();
    assert_eq!(app.get_con_token(ROTTA, &breve).await.stato, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.get_con_token(ROTTA, &breve).await.problema(401);

    // Un token mai emesso, o di forma sbagliata: 401.
    app.get_con_token(ROTTA, &format!("{}x", &t[..t.len() - 1]))
        .await
        .problema(401);
    app.get_con_token(ROTTA, "corto").await.problema(401);
    app.chiudi().await;
}

su_entrambi_db!(ogni_cambiamento_vale_alla_richiesta_successiva);
