//! La matrice delle autorizzazioni, scritta a mano in `tests/autorizzazioni.csv` e indipendente
//! dalla tabella di produzione: ogni riga (utente, metodo, rotta, esito atteso) è eseguita con un
//! token vero dello strato applicativo contro il router in processo, sui dati dei seed.

mod comune;

use comune::{PIANI, TestApp};
use std::collections::HashMap;
use std::sync::Arc;
use traguardo_app::casi_uso;
use traguardo_app::contesto::Contesto;
use traguardo_app::utenti::{self, Richiedente};
use traguardo_domain::accesso::{CodiceCdr, CodiceObiettivo, CodicePersona, Ruolo, RuoloAssegnato};
use traguardo_testkit::DbDiProva;
use traguardo_web::AccessoApp;

fn ruolo(r: Ruolo) -> RuoloAssegnato {
    RuoloAssegnato {
        ruolo: r,
        cdr: vec![],
        obiettivi: vec![],
        persona: None,
    }
}

/// Login, superadmin, ruoli (ente, ruolo).
type UtenteDiProva = (&'static str, bool, Vec<(&'static str, RuoloAssegnato)>);

/// Gli utenti della matrice, con i loro ruoli (ente, ruolo); restituisce login → token.
async fn utenti_di_prova(app: &TestApp) -> HashMap<String, String> {
    let s = &app.db.store;
    let sistema = Richiedente::Sistema("test".into());
    let cissa = casi_uso::piano(s, &traguardo_testkit::ctx(s, "CISSA").await, 2023)
        .await
        .unwrap();
    let prima_unita = cissa.unita_organizzative[0].codice.clone();
    let primo_obiettivo = cissa.obiettivi[0].codice.clone();
    let mut responsabile = ruolo(Ruolo::Responsabile);
    responsabile.cdr.push(CodiceCdr::new(&prima_unita));
    let mut referente = ruolo(Ruolo::Referente);
    referente
        .obiettivi
        .push(CodiceObiettivo::new(&primo_obiettivo));
    let mut dipendente = ruolo(Ruolo::Dipendente);
    dipendente.persona = Some(CodicePersona::new("P01"));
    let utenti: Vec<UtenteDiProva> = vec![
        ("admin", true, vec![]),
        (
            "amministratore.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::Amministratore))],
        ),
        (
            "direttore.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::Direttore))],
        ),
        ("oiv.cissa", false, vec![("CISSA", ruolo(Ruolo::Oiv))]),
        (
            "personale.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::UfficioPersonale))],
        ),
        ("responsabile.cissa", false, vec![("CISSA", responsabile)]),
        ("referente.cissa", false, vec![("CISSA", referente)]),
        ("dipendente.cissa", false, vec![("CISSA", dipendente)]),
        (
            "lettore.cissa",
            false,
            vec![("CISSA", ruolo(Ruolo::Lettore))],
        ),
        (
            "ragioneria.inrete",
            false,
            vec![("INRETE", ruolo(Ruolo::Ragioneria))],
        ),
        ("nessuno", false, vec![]),
    ];
    let mut token = HashMap::new();
    for (login, superadmin, ruoli) in utenti {
        utenti::crea_utente(
            s,
            &sistema,
            login,
            login,
            Some("una password lunga abbastanza"),
            superadmin,
        )
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
async fn matrice_delle_autorizzazioni() {
    for db in [Some(DbDiProva::sqlite().await), DbDiProva::postgres().await]
        .into_iter()
        .flatten()
    {
        let store = db.store.clone();
        let app = TestApp::nuova(db, PIANI, Arc::new(AccessoApp(store))).await;
        let token = utenti_di_prova(&app).await;
        let csv =
            std::fs::read_to_string(traguardo_testkit::radice().join("tests/autorizzazioni.csv"))
                .unwrap();
        let mut righe = 0;
        for (n, riga) in csv.lines().enumerate().skip(1) {
            if riga.starts_with('#') || riga.trim().is_empty() {
                continue;
            }
            let campi: Vec<&str> = riga.split(',').collect();
            let [utente, metodo, rotta, atteso] = campi[..] else {
                panic!("tests/autorizzazioni.csv riga {}: 4 campi attesi", n + 1);
            };
            assert_eq!(metodo, "GET", "riga {}", n + 1);
            let r = match utente {
                "-" => app.get(rotta).await,
                "token-sbagliato" => app.get_con_token(rotta, "trg_nonesiste").await,
                u => app.get_con_token(rotta, &token[u]).await,
            };
            let (stato, dati) = atteso.split_once(' ').unwrap_or((atteso, ""));
            assert_eq!(
                r.stato.as_u16().to_string(),
                stato,
                "riga {}: {utente} {metodo} {rotta}: {}",
                n + 1,
                r.testo()
            );
            if !dati.is_empty() {
                let nota = r
                    .intestazioni
                    .get("traguardo-dati-personali")
                    .map(|v| v.to_str().unwrap().to_string())
                    .unwrap_or_default();
                assert!(
                    nota.starts_with(dati),
                    "riga {}: {utente} {rotta}: «{nota}»",
                    n + 1
                );
                let piano: serde_json::Value = r.json();
                let persone = piano["persone"].as_array().map(|v| v.len()).unwrap_or(0);
                if dati == "completi" {
                    assert!(persone > 0, "riga {}: nessuna persona", n + 1);
                } else {
                    // Nessun dato personale di chi il ruolo non può vedere.
                    let ente = rotta.split('/').nth(4).unwrap();
                    let tutte = casi_uso::piano(
                        &app.db.store,
                        &traguardo_testkit::ctx(&app.db.store, ente).await,
                        rotta.split('/').nth(6).unwrap().parse().unwrap(),
                    )
                    .await
                    .unwrap()
                    .persone
                    .len();
                    assert!(
                        persone < tutte,
                        "riga {}: {persone} persone su {tutte}",
                        n + 1
                    );
                }
            }
            righe += 1;
        }
        assert!(righe >= 25, "{righe}");
        app.db.chiudi().await;
    }
}
