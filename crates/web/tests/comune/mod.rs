//! TestApp: il router dell'API in processo, su un database di prova (SQLite in memoria o
//! PostgreSQL) con i dati dimostrativi; le richieste passano per `tower::ServiceExt::oneshot`.
#![allow(dead_code)]

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use std::sync::Arc;
use tower::ServiceExt;
use traguardo_app::casi_uso;
use traguardo_app::contesto::Attore;
use traguardo_app::file_piano::leggi_piano;
use traguardo_app::porte::FormatoBilancio;
use traguardo_app::{Errore, bilancio};
use traguardo_import::Lettori;
use traguardo_import::formati::leggi_collegamenti;
use traguardo_testkit::{DbDiProva, fixture};
use traguardo_web::stato::Autenticatore;
use traguardo_web::{AccessoAperto, AppState, Configurazione};

/// I piani dei seed (come `serve --demo`).
pub const PIANI: &[&str] = &["000", "001", "002", "003", "004"];

pub struct TestApp {
    pub router: Router,
    pub db: DbDiProva,
}

/// Una risposta: stato, tipo del contenuto, corpo.
pub struct Risposta {
    pub stato: StatusCode,
    pub tipo: String,
    pub intestazioni: axum::http::HeaderMap,
    pub corpo: Vec<u8>,
}

impl Risposta {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.corpo).unwrap_or_else(|e| {
            panic!(
                "risposta non JSON ({e}): {}",
                String::from_utf8_lossy(&self.corpo)
            )
        })
    }

    pub fn testo(&self) -> String {
        String::from_utf8(self.corpo.clone()).unwrap()
    }

    /// Afferma che è un problem+json con questo stato e restituisce il `detail`.
    pub fn problema(&self, stato: u16) -> String {
        assert_eq!(self.stato.as_u16(), stato, "{}", self.testo());
        assert_eq!(self.tipo, "application/problem+json", "{}", self.testo());
        let p = self.json();
        assert_eq!(p["status"], stato);
        assert!(
            p["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:traguardo:problema:")
        );
        assert!(p["title"].is_string() && p["codici"].is_array() && p["rilievi"].is_array());
        p["detail"].as_str().unwrap().to_string()
    }
}

/// Carica i piani indicati e, se c'è 004, il PEG 2026 di INRETE con i collegamenti.
pub async fn carica_demo(db: &DbDiProva, piani: &[&str]) -> Result<(), Errore> {
    let attore = Attore::sistema("test");
    for n in piani {
        let nome = format!("plans/{n}.json");
        let byte = std::fs::read(fixture(&nome)).unwrap();
        leggi_piano(&byte, &nome).map_err(Errore::Rifiutato)?;
        casi_uso::importa_piano(&db.store, &attore, &byte, &nome, None).await?;
    }
    if piani.contains(&"004") {
        let nome = "budget/004_previsione_peg_2026.txt";
        let byte = std::fs::read(fixture(nome)).unwrap();
        let ctx = traguardo_testkit::ctx(&db.store, "INRETE").await;
        bilancio::importa_bilancio(
            &db.store,
            &Lettori::default(),
            &ctx,
            &byte,
            nome,
            2026,
            FormatoBilancio::Report,
        )
        .await?;
        let testo = std::fs::read_to_string(fixture("budget/004_collegamenti.csv")).unwrap();
        let c = leggi_collegamenti(&testo, "collegamenti").map_err(Errore::Rifiutato)?;
        bilancio::collega_capitoli(&db.store, &ctx, 2026, 2026, &c).await?;
    }
    Ok(())
}

impl TestApp {
    pub async fn nuova(db: DbDiProva, piani: &[&str], aut: Arc<dyn Autenticatore>) -> TestApp {
        carica_demo(&db, piani).await.expect("dati dimostrativi");
        let stato = AppState::new(db.store.clone(), aut);
        TestApp {
            router: traguardo_web::router(stato, &Configurazione::default()),
            db,
        }
    }

    /// Senza autenticazione (come `serve` finché gli account non sono collegati).
    pub async fn aperta(db: DbDiProva, piani: &[&str]) -> TestApp {
        Self::nuova(db, piani, Arc::new(AccessoAperto)).await
    }

    pub async fn richiesta(&self, r: Request<Body>) -> Risposta {
        let risposta = self.router.clone().oneshot(r).await.unwrap();
        let stato = risposta.status();
        let intestazioni = risposta.headers().clone();
        let tipo = intestazioni
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let corpo = to_bytes(risposta.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Risposta {
            stato,
            tipo,
            intestazioni,
            corpo,
        }
    }

    pub async fn get(&self, uri: &str) -> Risposta {
        self.richiesta(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_con_token(&self, uri: &str, token: &str) -> Risposta {
        self.richiesta(
            Request::get(uri)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Una richiesta con metodo, token (se c'è), corpo JSON (se c'è) e intestazioni in più.
    pub async fn invia(
        &self,
        metodo: &str,
        uri: &str,
        token: Option<&str>,
        corpo: Option<&str>,
        intestazioni: &[(&str, &str)],
    ) -> Risposta {
        let mut r = Request::builder().method(metodo).uri(uri);
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if corpo.is_some() {
            r = r.header(header::CONTENT_TYPE, "application/json");
        }
        for (k, v) in intestazioni {
            r = r.header(*k, *v);
        }
        let corpo = corpo
            .map(|c| Body::from(c.to_string()))
            .unwrap_or(Body::empty());
        self.richiesta(r.body(corpo).unwrap()).await
    }

    pub async fn chiudi(self) {
        self.db.chiudi().await;
    }
}

/// Per ogni `async fn nome(db: DbDiProva)`, un test su SQLite e uno su PostgreSQL (quest'ultimo
/// dice che non è stato eseguito se manca `TRAGUARDO_TEST_PG_URL`).
#[macro_export]
macro_rules! su_entrambi_db {
    ($($nome:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $nome() {
                    super::$nome(traguardo_testkit::DbDiProva::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $nome() {
                    let Some(db) = traguardo_testkit::DbDiProva::postgres().await else {
                        eprintln!("{} non impostata: test PostgreSQL non eseguito", traguardo_testkit::VAR_PG);
                        return;
                    };
                    super::$nome(db).await;
                }
            )*
        }
    };
}
