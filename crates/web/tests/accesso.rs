//! Accesso: token Bearer, 401 senza, 404 per gli enti dove l'utente non ha ruoli, su ogni
//! rotta con `{ente}` elencata dal documento OpenAPI.

mod comune;

use comune::TestApp;
use std::sync::Arc;
use traguardo_testkit::DbDiProva;
use traguardo_web::TokenStatici;

const TOKEN_CISSA: &str = "token-lettore-cissa";

async fn app(db: DbDiProva) -> TestApp {
    let token = TokenStatici::default().con(TOKEN_CISSA, "lettore.cissa", &[("CISSA", "lettore")]);
    TestApp::nuova(db, &["003", "004"], Arc::new(token)).await
}

async fn senza_token_solo_le_rotte_pubbliche(db: DbDiProva) {
    let app = app(db).await;
    for p in ["/", "/health", "/api/v1/openapi.json"] {
        let r = app.get(p).await;
        assert_eq!(r.stato, 200, "{p}");
        assert_eq!(r.tipo, "application/json", "{p}");
    }
    for p in [
        "/api/v1/enti",
        "/api/v1/enti/CISSA/cicli",
        "/api/v1/enti/CISSA/cicli/2023/valutazione",
    ] {
        let r = app.get(p).await;
        let d = r.problema(401);
        assert!(d.contains("Authorization: Bearer"), "{d}");
        assert_eq!(r.intestazioni["www-authenticate"], "Bearer");
        app.get_con_token(p, "token-sconosciuto")
            .await
            .problema(401);
        let r = app
            .richiesta(
                axum::http::Request::get(p)
                    .header("authorization", format!("Basic {TOKEN_CISSA}"))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        r.problema(401);
    }
    app.chiudi().await;
}

async fn con_token_solo_i_propri_enti(db: DbDiProva) {
    let app = app(db).await;
    let enti = app.get_con_token("/api/v1/enti", TOKEN_CISSA).await.json();
    assert_eq!(enti["totale"], 1, "{enti}");
    assert_eq!(enti["elementi"][0]["codice"], "CISSA");
    let r = app
        .get_con_token("/api/v1/enti/CISSA/cicli/2023/valutazione", TOKEN_CISSA)
        .await;
    assert_eq!(r.stato, 200);

    // Un ente che esiste ma dove l'utente non ha ruoli risponde come uno che non esiste.
    let altro = app
        .get_con_token("/api/v1/enti/INRETE/cicli", TOKEN_CISSA)
        .await
        .problema(404);
    let nessuno = app
        .get_con_token("/api/v1/enti/NESSUNO/cicli", TOKEN_CISSA)
        .await
        .problema(404);
    assert_eq!(altro, "l'ente «INRETE» non esiste");
    assert_eq!(nessuno, "l'ente «NESSUNO» non esiste");

    // Ogni metodo di ogni rotta con {ente} del documento OpenAPI, sull'ente dell'utente e su
    // un altro: sull'altro sempre 404, prima di ogni controllo di percorso, intestazioni e corpo
    // (il corpo qui non è nemmeno JSON).
    let doc = app.get("/api/v1/openapi.json").await.json();
    let mut rotte = 0;
    let mut scritture = 0;
    for (percorso, metodi) in doc["paths"].as_object().unwrap() {
        if !percorso.contains("{ente}") {
            continue;
        }
        for metodo in metodi.as_object().unwrap().keys() {
            rotte += 1;
            let uri = |ente: &str| {
                percorso
                    .replace("{ente}", ente)
                    .replace("{anno}", "2026")
                    .replace("{codice}", "DIR-2.1")
                    .replace("{checkpoint}", "2026-12-31")
                    .replace("{id}", "00000000-0000-0000-0000-000000000000")
                    .replace("{persona}", "P01")
                    .replace("{comportamento}", "C1")
                    + "?anno_pesi=2026"
            };
            let corpo = (metodo != "get" && metodo != "delete").then_some("non json");
            if metodo != "get" {
                scritture += 1;
            }
            let m = metodo.to_uppercase();
            let mio = app
                .invia(&m, &uri("CISSA"), Some(TOKEN_CISSA), corpo, &[])
                .await;
            assert_ne!(mio.stato, 401, "{m} {percorso}");
            if metodo == "get" {
                assert_ne!(mio.stato, 403, "{m} {percorso}");
            }
            let d = app
                .invia(&m, &uri("INRETE"), Some(TOKEN_CISSA), corpo, &[])
                .await
                .problema(404);
            assert_eq!(d, "l'ente «INRETE» non esiste", "{m} {percorso}");
        }
    }
    assert!(scritture >= 17, "{scritture}");
    assert!(rotte >= 28, "{rotte}");
    app.chiudi().await;
}

su_entrambi_db!(
    senza_token_solo_le_rotte_pubbliche,
    con_token_solo_i_propri_enti
);
