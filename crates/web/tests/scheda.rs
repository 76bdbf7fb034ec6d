//! La scheda di un obiettivo dall'API: la vista dello strato applicativo, 404 per un codice
//! che non c'è.

mod comune;

use comune::{PIANI, TestApp};
use traguardo_testkit::DbDiProva;

#[tokio::test]
async fn scheda_di_un_obiettivo_inrete_2026() {
    let app = TestApp::aperta(DbDiProva::sqlite().await, PIANI).await;
    let r = app
        .get("/api/v1/enti/INRETE/cicli/2026/obiettivi/DIR-2.1")
        .await;
    assert_eq!(r.stato.as_u16(), 200, "{}", r.testo());
    let s = r.json();
    assert_eq!(s["codice"], "DIR-2.1", "{s}");
    assert!(s["step"].as_array().is_some_and(|v| !v.is_empty()), "{s}");
    let d = app
        .get("/api/v1/enti/INRETE/cicli/2026/obiettivi/NONCE")
        .await
        .problema(404);
    assert!(d.contains("«NONCE» non esiste"), "{d}");
    app.db.chiudi().await;
}
