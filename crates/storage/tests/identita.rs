//! Identità per la vita e scritture per comando, su SQLite (file, più connessioni) e PostgreSQL:
//! reimportazione che non accoppia per posizione, aggiornamenti persi, conflitti di revisione,
//! idempotenza, conferma prima di perdere monitoraggio, aggiornamento di un database esistente.

use traguardo_app::Errore;
use traguardo_app::casi_uso::{self, OpzioniImportPiano};
use traguardo_app::comandi_monitoraggio as comandi;
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::identita::IdentitaObiettivo;
use traguardo_app::porte::{EntiRepo, EventoAudit, PianiRepo};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::piano::{DilazioneFile, EsitoDilazione, StatoStepFile};
use traguardo_domain::rilievi::CodiceRilievo;
use traguardo_storage::Store;
use traguardo_testkit::fixture;

/// Il contesto di un direttore di CISSA con questo login (senza account: id nullo).
async fn attore(store: &Store, nome: &str) -> Contesto {
    let mut c = traguardo_testkit::ctx(store, "CISSA").await;
    c.utente = Attore::Utente {
        id: UtenteId(uuid::Uuid::nil()),
        login: nome.to_string(),
    };
    c.ruoli = vec![RuoloAssegnato::semplice(Ruolo::Direttore)];
    c
}

fn seed(n: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("plans/{n}.json"))).unwrap()
}

/// Esegue il test su SQLite su file (connessioni concorrenti vere) e su PostgreSQL se c'è.
macro_rules! su_entrambi_concorrenti {
    ($($nome:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $nome() {
                    let dir = tempfile::tempdir().unwrap();
                    let db = traguardo_testkit::DbDiProva::sqlite_file(dir.path()).await;
                    super::$nome(db.store.clone()).await;
                    db.chiudi().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $nome() {
                    let Some(db) = traguardo_testkit::DbDiProva::postgres().await else {
                        eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
                        return;
                    };
                    super::$nome(db.store.clone()).await;
                    db.chiudi().await;
                }
            )*
        }
    };
}

async fn importa(store: &Store, n: &str) {
    casi_uso::importa_piano(store, &Attore::sistema("test"), &seed(n), n, None)
        .await
        .unwrap();
}

fn stato(obiettivo: &str, step: u32, testo: &str) -> StatoStepFile {
    StatoStepFile {
        checkpoint: "31/12/2023".into(),
        obiettivo: obiettivo.into(),
        step,
        stato: Some(StatoStep::Realizzato),
        percentuale: None,
        testo: Some(testo.into()),
        consuntivo: None,
        data_completamento: None,
        atti: vec![],
    }
}

/// Il caso dell'issue: D4 step 5 rinominato e spostato in testa in un file esportato con gli id;
/// reimportato, il suo stato al 31/08 e la sua dilazione puntano ancora a lui.
async fn reimportazione_segue_gli_id(store: Store) {
    importa(&store, "003").await;
    let e = store.ente_per_codice("CISSA").await.unwrap().unwrap();
    let (_, prima) = store
        .carica_piano_identificato(e.tenant_id, 2023)
        .await
        .unwrap()
        .unwrap();
    let d4 = 3;
    let id_step5 = prima.obiettivi[d4].steps[4];
    let testo = casi_uso::esporta_piano_con_id(
        &store,
        &traguardo_testkit::ctx(&store, "CISSA").await,
        2023,
    )
    .await
    .unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&testo).unwrap();
    let steps = file["obiettivi"][d4]["steps"].as_array_mut().unwrap();
    assert_eq!(steps[4]["id"], id_step5.to_string());
    let mut s5 = steps.remove(4);
    s5["descrizione"] = "Firma del contratto d'appalto (rinominato)".into();
    steps.insert(0, s5);
    let nuovo = serde_json::to_vec_pretty(&file).unwrap();
    let esito = casi_uso::importa_piano_con(
        &store,
        &Attore::sistema("test"),
        &nuovo,
        "003-modificato.json",
        None,
        OpzioniImportPiano::default(),
    )
    .await
    .unwrap();
    assert!(esito.differenze.tolti.is_empty(), "{:?}", esito.differenze);
    assert!(esito.differenze.fatti_persi.is_empty());
    let (p, dopo) = store
        .carica_piano_identificato(e.tenant_id, 2023)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dopo.obiettivi[d4].id, prima.obiettivi[d4].id);
    assert_eq!(dopo.obiettivi[d4].steps[0], id_step5);
    assert_eq!(
        p.obiettivi[d4].steps[0].descrizione,
        "Firma del contratto d'appalto (rinominato)"
    );
    // Lo stato al 31/08 e la dilazione seguono lo step: ora è il primo.
    let s = p
        .monitoraggio
        .stati
        .iter()
        .find(|s| s.obiettivo == "D4" && s.checkpoint == "31/08/2023" && s.step == 1)
        .unwrap();
    assert_eq!(s.stato, Some(StatoStep::DilazioneRichiesta));
    let d = p
        .monitoraggio
        .dilazioni
        .iter()
        .find(|d| d.obiettivo == "D4")
        .unwrap();
    assert_eq!(d.step, 1);
    assert_eq!(d.scadenza_proposta, "entro ottobre 2023");
    // Il vecchio step 1 è ora il secondo e non ha preso lo stato dello step spostato.
    assert!(!p.monitoraggio.stati.iter().any(|s| s.obiettivo == "D4"
        && s.step == 2
        && s.stato == Some(StatoStep::DilazioneRichiesta)));
    // Gli id di tutti gli altri step sono rimasti.
    let mut attesi = prima.obiettivi[d4].steps.clone();
    attesi.remove(4);
    attesi.insert(0, id_step5);
    assert_eq!(dopo.obiettivi[d4].steps, attesi);
}

/// Un file che toglie uno step con monitoraggio: senza conferma è rifiutato con l'elenco di ciò
/// che andrebbe perso e nulla cambia; in prova non scrive; con la conferma si applica.
async fn togliere_monitoraggio_chiede_conferma(store: Store) {
    importa(&store, "003").await;
    let prima =
        casi_uso::esporta_piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
            .await
            .unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&prima).unwrap();
    file["obiettivi"][3]["steps"]
        .as_array_mut()
        .unwrap()
        .remove(4);
    let stati = file["monitoraggio"]["stati"].as_array_mut().unwrap();
    stati.retain(|s| !(s["obiettivo"] == "D4" && s["step"] == 5));
    let dil = file["monitoraggio"]["dilazioni"].as_array_mut().unwrap();
    dil.retain(|s| !(s["obiettivo"] == "D4" && s["step"] == 5));
    // Gli stati degli step dopo il 5 scalano di una posizione nel file.
    for s in file["monitoraggio"]["stati"].as_array_mut().unwrap() {
        if s["obiettivo"] == "D4" && s["step"].as_u64().unwrap() > 5 {
            s["step"] = (s["step"].as_u64().unwrap() - 1).into();
        }
    }
    let nuovo = serde_json::to_vec_pretty(&file).unwrap();
    let opz = |prova, conferma| OpzioniImportPiano {
        prova,
        conferma,
        ..Default::default()
    };
    let a = Attore::sistema("test");
    match casi_uso::importa_piano_con(&store, &a, &nuovo, "x.json", None, opz(false, false)).await {
        Err(Errore::Rifiutato(r)) => {
            assert!(
                r.iter()
                    .all(|r| r.codice == CodiceRilievo::ConfermaNecessaria)
            );
            let testo: Vec<_> = r.iter().map(|r| r.messaggio.clone()).collect();
            assert!(
                testo.iter().any(|m| m.contains("D4 step 5")
                    && m.contains("Sottoscrizione del contratto")
                    && m.contains("3 fatti")),
                "{testo:?}"
            );
            assert!(testo.iter().any(|m| m.contains("--confirm")));
        }
        altro => panic!("{altro:?}"),
    }
    assert_eq!(
        casi_uso::esporta_piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
            .await
            .unwrap(),
        prima
    );
    let prova = casi_uso::importa_piano_con(&store, &a, &nuovo, "x.json", None, opz(true, false))
        .await
        .unwrap();
    assert!(!prova.scritto);
    assert_eq!(prova.differenze.tolti.len(), 1);
    assert_eq!(prova.differenze.tolti[0].fatti, 3);
    assert_eq!(
        casi_uso::esporta_piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
            .await
            .unwrap(),
        prima
    );
    casi_uso::importa_piano_con(&store, &a, &nuovo, "x.json", None, opz(false, true))
        .await
        .unwrap();
    let dopo =
        casi_uso::esporta_piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
            .await
            .unwrap();
    assert_eq!(dopo, String::from_utf8(nuovo).unwrap() + "\n");
}

/// Due referenti salvano nello stesso istante lo stato di due step diversi dello stesso
/// obiettivo: nessuno dei due perde l'altro (10 prove).
async fn nessun_aggiornamento_perso(store: Store) {
    importa(&store, "003").await;
    for prova in 0..10 {
        let (a, b) = (store.clone(), store.clone());
        let testo_a = format!("prova {prova} A");
        let testo_b = format!("prova {prova} B");
        let (ra, rb) = tokio::join!(
            tokio::spawn(async move {
                comandi::registra_stato(
                    &a,
                    &attore(&a, "ref.a").await,
                    2023,
                    stato("D6", 1, &testo_a),
                )
                .await
            }),
            tokio::spawn(async move {
                comandi::registra_stato(
                    &b,
                    &attore(&b, "ref.b").await,
                    2023,
                    stato("D6", 2, &testo_b),
                )
                .await
            }),
        );
        ra.unwrap().unwrap();
        rb.unwrap().unwrap();
        let p = casi_uso::piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
            .await
            .unwrap();
        let testo = |step| {
            p.monitoraggio
                .stati
                .iter()
                .find(|s| s.obiettivo == "D6" && s.step == step && s.checkpoint == "31/12/2023")
                .and_then(|s| s.testo.clone())
        };
        assert_eq!(testo(1), Some(format!("prova {prova} A")));
        assert_eq!(testo(2), Some(format!("prova {prova} B")));
    }
}

/// Due persone hanno letto lo stesso fatto (stessa revisione) e lo salvano insieme: ne vince
/// esattamente una; l'altra riceve un messaggio con chi ha salvato e quando.
async fn stesso_fatto_vince_uno(store: Store) {
    importa(&store, "003").await;
    let e = store.ente_per_codice("CISSA").await.unwrap().unwrap();
    let (_, ids) = store
        .carica_piano_identificato(e.tenant_id, 2023)
        .await
        .unwrap()
        .unwrap();
    use traguardo_app::porte::MonitoraggioRepo;
    let rev = store
        .ultima_modifica_stato(e.tenant_id, ids.obiettivi[5].steps[0], ids.checkpoint[1])
        .await
        .unwrap()
        .map(|u| u.revisione);
    let (a, b) = (store.clone(), store.clone());
    let (ra, rb) = tokio::join!(
        tokio::spawn(async move {
            comandi::registra_stato_con_revisione(
                &a,
                &attore(&a, "anna").await,
                2023,
                stato("D6", 1, "da Anna"),
                Some(rev),
            )
            .await
        }),
        tokio::spawn(async move {
            comandi::registra_stato_con_revisione(
                &b,
                &attore(&b, "bruno").await,
                2023,
                stato("D6", 1, "da Bruno"),
                Some(rev),
            )
            .await
        }),
    );
    let esiti = [ra.unwrap(), rb.unwrap()];
    let vinti = esiti.iter().filter(|r| r.is_ok()).count();
    assert_eq!(vinti, 1, "{esiti:?}");
    let perso = esiti.iter().find_map(|r| r.as_ref().err()).unwrap();
    match perso {
        Errore::Conflitto(m) => {
            assert!(
                m.contains("è stato modificato da anna")
                    || m.contains("è stato modificato da bruno"),
                "{m}"
            );
            assert!(m.contains("nulla è stato salvato"), "{m}");
        }
        altro => panic!("{altro:?}"),
    }
    // Una revisione vecchia è rifiutata anche dopo.
    let r = comandi::registra_stato_con_revisione(
        &store,
        &attore(&store, "carla").await,
        2023,
        stato("D6", 1, "da Carla"),
        Some(rev),
    )
    .await;
    assert!(matches!(r, Err(Errore::Conflitto(_))), "{r:?}");
}

/// Due modifiche dello stesso obiettivo con la stessa revisione: ne passa esattamente una.
async fn stesso_obiettivo_vince_uno(store: Store) {
    importa(&store, "003").await;
    let e = store.ente_per_codice("CISSA").await.unwrap().unwrap();
    let (p, ids) = store
        .carica_piano_identificato(e.tenant_id, 2023)
        .await
        .unwrap()
        .unwrap();
    let mut tentativi = Vec::new();
    for chi in ["anna", "bruno"] {
        let s = store.clone();
        let mut o = p.obiettivi[0].clone();
        o.titolo = format!("{} (modificato da {chi})", o.titolo);
        let id: IdentitaObiettivo = ids.obiettivi[0].clone();
        let ciclo = ids.ciclo;
        let t = e.tenant_id;
        tentativi.push(tokio::spawn(async move {
            let ev = EventoAudit {
                momento: chrono::Utc::now(),
                attore: chi.into(),
                azione: "obiettivo.modifica".into(),
                oggetto: "D1".into(),
                prima: None,
                dopo: None,
                entita_id: None,
                utente_id: None,
                idempotenza: None,
            };
            s.salva_obiettivo(t, ciclo, 0, &o, &id, &ev).await
        }));
    }
    let mut esiti = Vec::new();
    for t in tentativi {
        esiti.push(t.await.unwrap());
    }
    assert_eq!(esiti.iter().filter(|r| r.is_ok()).count(), 1, "{esiti:?}");
    assert!(
        matches!(
            esiti.iter().find_map(|r| r.as_ref().err()),
            Some(Errore::Conflitto(_))
        ),
        "{esiti:?}"
    );
    let dopo = casi_uso::piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
        .await
        .unwrap();
    assert!(dopo.obiettivi[0].titolo.contains("(modificato da "));
    assert_eq!(dopo.obiettivi.len(), p.obiettivi.len());
}

/// Un doppio tocco su "chiedi dilazione" con la stessa chiave crea una sola richiesta.
async fn idempotenza_della_creazione(store: Store) {
    importa(&store, "003").await;
    let richiesta = DilazioneFile {
        obiettivo: "D6".into(),
        step: 1,
        checkpoint: "31/08/2023".into(),
        motivo: "prova".into(),
        scadenza_proposta: "entro dicembre 2023".into(),
        esito: EsitoDilazione::InAttesa,
        atto: None,
        data_esito: None,
    };
    let prima = casi_uso::piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
        .await
        .unwrap()
        .monitoraggio
        .dilazioni
        .len();
    let a = attore(&store, "ref").await;
    let id1 = comandi::richiedi_dilazione_idempotente(
        &store,
        &a,
        2023,
        richiesta.clone(),
        Some("tocco-1"),
    )
    .await
    .unwrap();
    let id2 = comandi::richiedi_dilazione_idempotente(
        &store,
        &a,
        2023,
        richiesta.clone(),
        Some("tocco-1"),
    )
    .await
    .unwrap();
    assert_eq!(id1, id2);
    let dopo = casi_uso::piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
        .await
        .unwrap()
        .monitoraggio
        .dilazioni
        .len();
    assert_eq!(dopo, prima + 1);
    // Senza chiave, una seconda richiesta in attesa sullo stesso step è un conflitto.
    let r = comandi::richiedi_dilazione(&store, &a, 2023, richiesta).await;
    assert!(matches!(r, Err(Errore::Conflitto(_))), "{r:?}");
}

su_entrambi_concorrenti!(
    reimportazione_segue_gli_id,
    togliere_monitoraggio_chiede_conferma,
    nessun_aggiornamento_perso,
    stesso_fatto_vince_uno,
    stesso_obiettivo_vince_uno,
    idempotenza_della_creazione,
);
