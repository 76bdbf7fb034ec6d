//! I comandi su persone e capitoli dall'API (voti, presa visione, assegnazioni, collegamenti):
//! la matrice scritta a mano in `tests/autorizzazioni_valutazione.csv` (utente, metodo, rotta,
//! corpo, esito atteso), eseguita con token veri contro il router in processo sui dati dei seed,
//! su SQLite e PostgreSQL; poi l'effetto dei comandi riletto dall'applicazione.

mod comune;

use axum::body::Body;
use axum::http::{Request, header};
use comune::{PIANI, TestApp};
use std::collections::HashMap;
use std::sync::Arc;
use traguardo_app::casi_uso;
use traguardo_app::contesto::Contesto;
use traguardo_app::porte::{BilancioRepo, EntiRepo, PianiRepo, ValutazioneRepo};
use traguardo_app::utenti::{self, Richiedente};
use traguardo_domain::accesso::{CodiceCdr, CodiceObiettivo, CodicePersona, Ruolo, RuoloAssegnato};
use traguardo_testkit::DbDiProva;
use traguardo_web::AccessoApp;

fn ruolo(r: Ruolo, persona: Option<&str>) -> RuoloAssegnato {
    let mut x = RuoloAssegnato::semplice(r);
    x.persona = persona.map(CodicePersona::new);
    x
}

/// Login, superadmin, ruoli (ente, ruolo).
type UtenteDiProva = (&'static str, bool, Vec<(&'static str, RuoloAssegnato)>);

/// Gli utenti della matrice (login → token).
async fn utenti_di_prova(app: &TestApp) -> HashMap<String, String> {
    let s = &app.db.store;
    let sistema = Richiedente::Sistema("test".into());
    let mut responsabile = ruolo(Ruolo::Responsabile, Some("P02"));
    responsabile.cdr.push(CodiceCdr::new("DIR"));
    let mut referente = ruolo(Ruolo::Referente, None);
    referente.obiettivi.push(CodiceObiettivo::new("D1"));
    let utenti: Vec<UtenteDiProva> = vec![
        ("admin", true, vec![]),
        (
            "amministratore.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::Amministratore, None))],
        ),
        (
            "direttore.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::Direttore, None))],
        ),
        (
            "direttore.p09",
            false,
            vec![("CISSA", ruolo(Ruolo::Direttore, Some("P09")))],
        ),
        ("oiv.cissa", false, vec![("CISSA", ruolo(Ruolo::Oiv, None))]),
        (
            "personale.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::UfficioPersonale, Some("P05")))],
        ),
        ("responsabile.cissa", false, vec![("CISSA", responsabile)]),
        ("referente.cissa", false, vec![("CISSA", referente)]),
        (
            "dipendente.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::Dipendente, Some("P01")))],
        ),
        (
            "lettore.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::Lettore, None))],
        ),
        (
            "ragioneria.inrete",
            false,
            vec![("INRETE", ruolo(Ruolo::Ragioneria, None))],
        ),
        ("nessuno", false, vec![]),
    ];
    let mut token = HashMap::new();
    for (login, superadmin, ruoli) in utenti {
        utenti::crea_utente(s, &sistema, login, login, None, superadmin)
            .await
            .unwrap();
        for (ente, r) in ruoli {
            let ctx = Contesto::sistema_presso(s, ente, "test").await.unwrap();
            utenti::concedi_ruolo(s, &ctx, login, r).await.unwrap();
        }
        let t = utenti::crea_token(s, &sistema, login, None, None)
            .await
            .unwrap();
        token.insert(login.to_string(), t.segreto);
    }
    token
}

#[tokio::test]
async fn matrice_dei_comandi_su_persone_e_capitoli() {
    for db in [Some(DbDiProva::sqlite().await), DbDiProva::postgres().await]
        .into_iter()
        .flatten()
    {
        let store = db.store.clone();
        let app = TestApp::nuova(db, PIANI, Arc::new(AccessoApp(store))).await;
        let token = utenti_di_prova(&app).await;
        let percorso = traguardo_testkit::radice().join("tests/autorizzazioni_valutazione.csv");
        let testo = std::fs::read_to_string(&percorso).unwrap();
        let mut lettore = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(testo.as_bytes());
        assert_eq!(
            lettore.headers().unwrap(),
            vec!["utente", "metodo", "rotta", "corpo", "atteso"]
        );
        let mut righe = 0;
        for (n, r) in lettore.records().enumerate() {
            let r = r.unwrap();
            let [utente, metodo, rotta, corpo, atteso] = [0, 1, 2, 3, 4].map(|i| &r[i]);
            let mut req = Request::builder().method(metodo).uri(rotta);
            match utente {
                "-" => {}
                u => {
                    req = req.header(header::AUTHORIZATION, format!("Bearer {}", token[u]));
                }
            }
            let body = if corpo == "-" {
                Body::empty()
            } else {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(corpo.to_string())
            };
            let risposta = app.richiesta(req.body(body).unwrap()).await;
            let stato = risposta.stato.as_u16();
            assert_eq!(
                stato.to_string(),
                atteso,
                "riga {} ({utente} {metodo} {rotta} {corpo}): {}",
                n + 2,
                risposta.testo()
            );
            if stato >= 400 {
                // Ogni errore è problem+json con un messaggio in italiano.
                let detail = risposta.problema(stato);
                assert!(!detail.is_empty(), "riga {}", n + 2);
            }
            righe += 1;
        }
        assert!(righe >= 60, "{righe}");
        // Gli effetti, riletti dall'applicazione.
        let s = &app.db.store;
        let cissa = s.ente_per_codice("CISSA").await.unwrap().unwrap().tenant_id;
        let mut voti: Vec<(String, String, String)> = s
            .voti(cissa, 2023)
            .await
            .unwrap()
            .into_iter()
            .map(|v| (v.persona, v.comportamento, v.voto.normalize().to_string()))
            .collect();
        voti.sort();
        let atteso: Vec<(String, String, String)> =
            [("P02", "C1", "5"), ("P03", "C2", "4"), ("P04", "C1", "3.5")]
                .iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
                .collect();
        assert_eq!(voti, atteso);
        let prese: Vec<String> = s
            .prese_visione(cissa, 2023)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.persona)
            .collect();
        assert_eq!(prese, ["P01", "P09"]);
        let piano = casi_uso::piano(s, &traguardo_testkit::ctx(s, "CISSA").await, 2023)
            .await
            .unwrap();
        let assegnazioni: Vec<(&str, &str)> = piano
            .assegnazioni
            .iter()
            .map(|a| (a.persona.as_str(), a.obiettivo.as_str()))
            .collect();
        assert_eq!(assegnazioni, [("P04", "D1")]);
        let inrete = s
            .ente_per_codice("INRETE")
            .await
            .unwrap()
            .unwrap()
            .tenant_id;
        // 225 del seed, più quello dell'admin; quello della ragioneria è stato tolto.
        assert_eq!(s.collegamenti(inrete, 2026).await.unwrap().len(), 226);
        // L'audit registra chi: il login dell'utente.
        let audit = s.eventi_audit(cissa).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.azione == "valutazione.voto" && e.attore == "direttore.cissa"),
            "{audit:?}"
        );
        app.db.chiudi().await;
    }
}
