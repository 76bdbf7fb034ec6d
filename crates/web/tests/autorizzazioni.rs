//! La matrice delle autorizzazioni, scritta a mano in `tests/autorizzazioni.csv` e indipendente
//! dalla tabella di produzione: ogni riga (utente, metodo, rotta, corpo, esito atteso) è eseguita
//! con un token vero dello strato applicativo contro il router in processo, sui dati dei seed,
//! nell'ordine del file (le scritture di una riga restano per le righe dopo).
//!
//! Rotte e corpi citano gli id con segnaposto risolti al momento della riga, nel piano
//! dell'ente e del ciclo della rotta: `{step:D4:5}` (lo step 5 dell'obiettivo D4),
//! `{indicatore:D2:1}`, `{obiettivo:D4}`, `{dilazione:D4:5}` (l'ultima dilazione chiesta per lo
//! step 5 di D4).

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
        (
            "direttore.inrete",
            false,
            vec![("INRETE", ruolo(Ruolo::Direttore))],
        ),
        (
            "responsabile.inrete",
            false,
            vec![("INRETE", {
                let mut r = ruolo(Ruolo::Responsabile);
                r.cdr.push(CodiceCdr::new("001"));
                r
            })],
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

/// Sostituisce i segnaposto `{tipo:…}` con gli id del piano dell'ente e del ciclo della rotta.
async fn risolvi(app: &TestApp, rotta: &str, testo: &str) -> String {
    let mut out = testo.to_string();
    while let Some(i) = out
        .find("{step:")
        .or_else(|| out.find("{indicatore:"))
        .or_else(|| out.find("{obiettivo:"))
        .or_else(|| out.find("{dilazione:"))
    {
        let j = i + out[i..].find('}').expect("segnaposto senza }");
        let parti: Vec<&str> = out[i + 1..j].split(':').collect();
        let segmenti: Vec<&str> = rotta.split('/').collect();
        let (ente, anno): (&str, i32) = (segmenti[4], segmenti[6].parse().unwrap());
        let s = &app.db.store;
        let ctx = traguardo_testkit::ctx(s, ente).await;
        let (p, ids) = traguardo_app::comandi_monitoraggio::carica(s, &ctx, anno)
            .await
            .unwrap();
        let o = p
            .obiettivi
            .iter()
            .position(|o| o.codice == parti[1])
            .unwrap_or_else(|| panic!("{ente} {anno}: nessun obiettivo {}", parti[1]));
        let n = |k: usize| parti[k].parse::<usize>().unwrap() - 1;
        let id = match parti[0] {
            "step" => ids.obiettivi[o].steps[n(2)].to_string(),
            "indicatore" => ids.obiettivi[o].indicatori[n(2)].to_string(),
            "obiettivo" => ids.obiettivi[o].id.to_string(),
            "dilazione" => {
                use traguardo_app::porte::MonitoraggioRepo;
                s.dilazioni(ctx.tenant, ids.ciclo)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|d| d.dati.obiettivo == parti[1] && d.dati.step as usize == n(2) + 1)
                    .map(|d| d.id)
                    .max_by_key(|d| d.0)
                    .unwrap_or_else(|| panic!("nessuna dilazione per {}", &out[i..=j]))
                    .to_string()
            }
            altro => panic!("segnaposto sconosciuto: {altro}"),
        };
        out.replace_range(i..=j, &id);
    }
    out
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
        let mut lettore = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_path(traguardo_testkit::radice().join("tests/autorizzazioni.csv"))
            .unwrap();
        let mut righe = 0;
        let mut scritture = 0;
        for riga in lettore.records() {
            let riga = riga.unwrap();
            let n = riga.position().map(|p| p.line()).unwrap_or(0);
            let [utente, metodo, rotta, corpo, atteso] = riga.iter().collect::<Vec<_>>()[..] else {
                panic!("tests/autorizzazioni.csv riga {n}: 5 campi attesi: {riga:?}");
            };
            let rotta = risolvi(&app, rotta, rotta).await;
            let corpo = match corpo {
                "-" => None,
                c => Some(risolvi(&app, &rotta, c).await),
            };
            if metodo != "GET" {
                scritture += 1;
            }
            let t = match utente {
                "-" => None,
                "token-sbagliato" => Some("trg_nonesiste"),
                u => Some(token[u].as_str()),
            };
            let r = app.invia(metodo, &rotta, t, corpo.as_deref(), &[]).await;
            let (stato, dati) = atteso.split_once(' ').unwrap_or((atteso, ""));
            assert_eq!(
                r.stato.as_u16().to_string(),
                stato,
                "riga {n}: {utente} {metodo} {rotta} {corpo:?}: {}",
                r.testo()
            );
            if r.stato.as_u16() >= 400 {
                // Ogni errore è un problem+json con il messaggio in italiano.
                r.problema(r.stato.as_u16());
            }
            if !dati.is_empty() {
                let nota = r
                    .intestazioni
                    .get("traguardo-dati-personali")
                    .map(|v| v.to_str().unwrap().to_string())
                    .unwrap_or_default();
                assert!(
                    nota.starts_with(dati),
                    "riga {n}: {utente} {rotta}: «{nota}»"
                );
                let piano: serde_json::Value = r.json();
                let persone = piano["persone"].as_array().map(|v| v.len()).unwrap_or(0);
                if dati == "completi" {
                    assert!(persone > 0, "riga {n}: nessuna persona");
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
                    assert!(persone < tutte, "riga {n}: {persone} persone su {tutte}");
                }
            }
            righe += 1;
        }
        assert!(righe >= 70, "{righe}");
        assert!(scritture >= 40, "{scritture}");
        app.db.chiudi().await;
    }
}
