//! Contratto degli accessi su SQLite e PostgreSQL: utenti, ruoli, token, audit in sola
//! aggiunta (verificato con SQL scritto a mano).

use traguardo_app::Errore;
use traguardo_app::audit;
use traguardo_app::casi_uso;
use traguardo_app::contesto::Attore as AttoreTesto;
use traguardo_app::contesto::Contesto;
use traguardo_app::porte_accessi::{AuditRepo, FiltroAudit, UtentiRepo};
use traguardo_app::utenti::{self, Richiedente};
use traguardo_domain::accesso::{CodiceCdr, CodiceObiettivo, CodicePersona, Ruolo, RuoloAssegnato};
use traguardo_storage::Store;
use traguardo_testkit::su_entrambi;

const PASSWORD: &str = "una-password-lunga";

fn sistema() -> Richiedente {
    Richiedente::Sistema("test".into())
}

async fn sql(store: &Store, q: &'static str) -> Result<u64, String> {
    match store {
        Store::Sqlite(s) => sqlx::query(q)
            .execute(s.pool())
            .await
            .map(|r| r.rows_affected()),
        Store::Postgres(s) => sqlx::query(q)
            .execute(s.pool())
            .await
            .map(|r| r.rows_affected()),
    }
    .map_err(|e| e.to_string())
}

async fn conta(store: &Store, q: &'static str) -> i64 {
    match store {
        Store::Sqlite(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await,
        Store::Postgres(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await,
    }
    .unwrap()
}

async fn enti(store: &Store) -> (Contesto, Contesto) {
    let a = casi_uso::crea_ente(store, &AttoreTesto::sistema("test"), "CISSA", "C.I.S.S.A.")
        .await
        .unwrap();
    let b = casi_uso::crea_ente(store, &AttoreTesto::sistema("test"), "INRETE", "In.Re.Te.")
        .await
        .unwrap();
    (
        Contesto::sistema(a.tenant_id, &a.codice),
        Contesto::sistema(b.tenant_id, &b.codice),
    )
}

fn responsabile(cdr: &[&str]) -> RuoloAssegnato {
    RuoloAssegnato {
        cdr: cdr.iter().map(|c| CodiceCdr::new(*c)).collect(),
        ..RuoloAssegnato::semplice(Ruolo::Responsabile)
    }
}

async fn utenti_ruoli_e_contesti(store: Store) {
    let (cissa, inrete) = enti(&store).await;
    let u = utenti::crea_utente(
        &store,
        &sistema(),
        "mario.rossi",
        "Mario Rossi",
        Some(PASSWORD),
        false,
    )
    .await
    .unwrap();
    assert!(u.attivo && !u.superadmin);
    let dup = utenti::crea_utente(&store, &sistema(), "mario.rossi", "Altro", None, false).await;
    assert!(matches!(dup, Err(Errore::Conflitto(m)) if m.contains("esiste già")));
    let corta = utenti::crea_utente(&store, &sistema(), "breve", "B", Some("corta"), false).await;
    assert!(matches!(corta, Err(Errore::NonValido(_))));
    assert!(
        store.credenziali("breve").await.unwrap().is_none(),
        "nulla scritto"
    );

    // La password è conservata come argon2id.
    let c = store.credenziali("mario.rossi").await.unwrap().unwrap();
    let h = c.hash_password.unwrap();
    assert!(h.starts_with("$argon2id$") && !h.contains(PASSWORD), "{h}");

    // Senza ruoli: nessun contesto, come se l'ente non esistesse.
    let e = Contesto::per_utente(&store, &u, "CISSA").await.unwrap_err();
    let inesistente = Contesto::per_utente(&store, &u, "NESSUNO")
        .await
        .unwrap_err();
    assert!(matches!(&e, Errore::NonTrovato(_)), "{e:?}");
    assert_eq!(
        e.to_string().replace("CISSA", "X"),
        inesistente.to_string().replace("NESSUNO", "X")
    );

    utenti::concedi_ruolo(&store, &cissa, "mario.rossi", responsabile(&["UO1"]))
        .await
        .unwrap();
    // Un secondo grant dello stesso ruolo allarga la portata.
    let r = utenti::concedi_ruolo(&store, &cissa, "mario.rossi", responsabile(&["UO2", "UO1"]))
        .await
        .unwrap();
    assert_eq!(r.cdr, vec![CodiceCdr::new("UO1"), CodiceCdr::new("UO2")]);
    let referente = RuoloAssegnato {
        obiettivi: vec![CodiceObiettivo::new("D4")],
        persona: Some(CodicePersona::new("P07")),
        ..RuoloAssegnato::semplice(Ruolo::Referente)
    };
    utenti::concedi_ruolo(&store, &cissa, "mario.rossi", referente.clone())
        .await
        .unwrap();
    let ctx = Contesto::per_utente(&store, &u, "CISSA").await.unwrap();
    assert_eq!(ctx.ruoli.len(), 2);
    assert!(ctx.ruoli.contains(&referente));
    assert!(matches!(
        Contesto::per_utente(&store, &u, "INRETE").await,
        Err(Errore::NonTrovato(_))
    ));
    let visibili = traguardo_app::contesto::enti_dell_utente(&store, &u)
        .await
        .unwrap();
    assert_eq!(visibili.len(), 1);

    // Un utente senza GestisciUtenti non concede ruoli.
    let vietato = utenti::concedi_ruolo(
        &store,
        &ctx,
        "mario.rossi",
        RuoloAssegnato::semplice(Ruolo::Direttore),
    )
    .await;
    assert!(
        matches!(vietato, Err(Errore::NonAutorizzato(_))),
        "{vietato:?}"
    );
    // Portata incoerente: rifiutata.
    let e = utenti::concedi_ruolo(
        &store,
        &inrete,
        "mario.rossi",
        RuoloAssegnato::semplice(Ruolo::Responsabile),
    )
    .await;
    assert!(matches!(e, Err(Errore::NonValido(m)) if m.contains("--cdr")));

    // Revoca parziale, poi totale: vale alla richiesta successiva.
    let resta = utenti::revoca_ruolo(
        &store,
        &cissa,
        "mario.rossi",
        Ruolo::Responsabile,
        &[CodiceCdr::new("UO1")],
        &[],
    )
    .await
    .unwrap();
    assert_eq!(resta.unwrap().cdr, vec![CodiceCdr::new("UO2")]);
    utenti::revoca_ruolo(&store, &cissa, "mario.rossi", Ruolo::Responsabile, &[], &[])
        .await
        .unwrap();
    let ctx = Contesto::per_utente(&store, &u, "CISSA").await.unwrap();
    assert_eq!(ctx.ruoli, vec![referente.clone()]);
    utenti::revoca_ruolo(
        &store,
        &cissa,
        "mario.rossi",
        Ruolo::Referente,
        &[],
        &[CodiceObiettivo::new("D4")],
    )
    .await
    .unwrap();
    assert!(matches!(
        Contesto::per_utente(&store, &u, "CISSA").await,
        Err(Errore::NonTrovato(_))
    ));
    let di_nuovo =
        utenti::revoca_ruolo(&store, &cissa, "mario.rossi", Ruolo::Referente, &[], &[]).await;
    assert!(matches!(di_nuovo, Err(Errore::NonTrovato(_))));

    // Il superadmin ha un contesto in ogni ente, senza ruoli.
    let admin = utenti::crea_utente(
        &store,
        &sistema(),
        "admin",
        "Amministratore",
        Some(PASSWORD),
        true,
    )
    .await
    .unwrap();
    let ctx = Contesto::per_utente(&store, &admin, "INRETE")
        .await
        .unwrap();
    assert!(ctx.superadmin && ctx.ruoli.is_empty());
    // Un utente qualunque non crea utenti; il superadmin sì.
    let no = utenti::crea_utente(
        &store,
        &Richiedente::Utente(u.clone()),
        "x.y",
        "X",
        None,
        false,
    )
    .await;
    assert!(matches!(no, Err(Errore::NonAutorizzato(_))));
    utenti::crea_utente(
        &store,
        &Richiedente::Utente(admin.clone()),
        "x.y",
        "X",
        None,
        false,
    )
    .await
    .unwrap();
    let elenco = utenti::elenco_utenti(&store, &sistema()).await.unwrap();
    assert_eq!(
        elenco.iter().map(|u| u.login.as_str()).collect::<Vec<_>>(),
        ["admin", "mario.rossi", "x.y"]
    );

    // I ruoli concessi e revocati sono nell'audit dell'ente; gli utenti in quello
    // dell'installazione.
    let voci = audit::elenco_audit(
        &store,
        &cissa,
        &FiltroAudit {
            entita_id: Some(u.id.0),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .voci;
    let azioni: Vec<&str> = voci.iter().map(|v| v.azione.as_str()).collect();
    assert_eq!(
        azioni,
        [
            "utente.ruolo.concedi",
            "utente.ruolo.concedi",
            "utente.ruolo.concedi",
            "utente.ruolo.revoca",
            "utente.ruolo.revoca",
            "utente.ruolo.revoca"
        ]
    );
    assert_eq!(voci[0].attore, "sistema:cli");
    assert_eq!(
        voci[1].prima.as_ref().unwrap()["cdr"],
        serde_json::json!(["UO1"])
    );
    let inst = audit::elenco_audit_installazione(&store, &sistema(), &FiltroAudit::default())
        .await
        .unwrap();
    assert_eq!(
        inst.voci
            .iter()
            .filter(|v| v.azione == "utente.crea")
            .count(),
        3
    );
    assert!(inst.voci.iter().all(|v| v.azione != "utente.ruolo.concedi"));
    let da_admin = audit::elenco_audit_installazione(
        &store,
        &sistema(),
        &FiltroAudit {
            utente_id: Some(admin.id),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(da_admin.voci.len(), 1);
    assert_eq!(da_admin.voci[0].oggetto, "utente x.y");
    assert!(
        audit::elenco_audit_installazione(&store, &Richiedente::Utente(u), &FiltroAudit::default())
            .await
            .is_err()
    );
}

async fn accesso_con_password(store: Store) {
    let u = utenti::crea_utente(&store, &sistema(), "anna", "Anna", Some(PASSWORD), false)
        .await
        .unwrap();
    let ok = utenti::autentica_password(&store, "Anna", PASSWORD)
        .await
        .unwrap();
    assert_eq!(ok.id, u.id);
    for (login, pwd) in [
        ("anna", "sbagliata-ma-lunga"),
        ("nessuno", PASSWORD),
        ("", ""),
    ] {
        let e = utenti::autentica_password(&store, login, pwd)
            .await
            .unwrap_err();
        assert!(matches!(e, Errore::NonAutenticato), "{e:?}");
    }
    utenti::imposta_attivo(&store, &sistema(), "anna", false)
        .await
        .unwrap();
    let e = utenti::autentica_password(&store, "anna", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(e, Errore::NonAutenticato));
    utenti::imposta_attivo(&store, &sistema(), "anna", true)
        .await
        .unwrap();
    utenti::imposta_password(
        &store,
        &Richiedente::Utente(u.clone()),
        "anna",
        "la-nuova-password",
    )
    .await
    .unwrap();
    assert!(
        utenti::autentica_password(&store, "anna", PASSWORD)
            .await
            .is_err()
    );
    assert!(
        utenti::autentica_password(&store, "anna", "la-nuova-password")
            .await
            .is_ok()
    );
    // Da sé, serve la password attuale (un errore conta come accesso fallito).
    let e =
        utenti::cambia_propria_password(&store, &u, "non-e-quella-giusta", "terza-password-lunga")
            .await;
    assert!(matches!(e, Err(Errore::NonAutenticato)), "{e:?}");
    let e = utenti::cambia_propria_password(&store, &u, "la-nuova-password", "corta").await;
    assert!(matches!(e, Err(Errore::NonValido(_))), "{e:?}");
    utenti::cambia_propria_password(&store, &u, "la-nuova-password", "terza-password-lunga")
        .await
        .unwrap();
    assert!(
        utenti::autentica_password(&store, "anna", "terza-password-lunga")
            .await
            .is_ok()
    );

    let voci = store
        .elenco_audit(None, &FiltroAudit::default())
        .await
        .unwrap();
    let accessi: Vec<(&str, Option<&str>)> = voci
        .iter()
        .filter(|v| v.azione.starts_with("accesso."))
        .map(|v| (v.azione.as_str(), v.dopo.as_deref()))
        .collect();
    assert_eq!(
        accessi,
        [
            ("accesso.riuscito", None),
            ("accesso.fallito", Some("{\"motivo\":\"password errata\"}")),
            (
                "accesso.fallito",
                Some("{\"motivo\":\"utente sconosciuto\"}")
            ),
            (
                "accesso.fallito",
                Some("{\"motivo\":\"utente sconosciuto\"}")
            ),
            (
                "accesso.fallito",
                Some("{\"motivo\":\"utente disattivato\"}")
            ),
            ("accesso.fallito", Some("{\"motivo\":\"password errata\"}")),
            ("accesso.riuscito", None),
            ("accesso.fallito", Some("{\"motivo\":\"password errata\"}")),
            ("accesso.riuscito", None),
            ("accesso.riuscito", None),
            ("accesso.riuscito", None),
        ]
    );
    // Nessuna password nel registro.
    assert!(voci.iter().all(|v| {
        let t = format!("{v:?}");
        !t.contains(PASSWORD) && !t.contains("la-nuova-password") && !t.contains("terza-password")
    }));
    assert_eq!(voci[0].utente_id, None, "creato dal sistema");
    assert!(
        voci.iter()
            .any(|v| v.azione == "utente.disattiva" && v.entita_id == Some(u.id.0))
    );
}

async fn token_hashati_revocabili_con_scadenza(store: Store) {
    let u = utenti::crea_utente(&store, &sistema(), "bot", "Servizio", None, false)
        .await
        .unwrap();
    let t = utenti::crea_token(&store, &sistema(), "bot", None, Some("prova"))
        .await
        .unwrap();
    assert!(
        t.segreto.starts_with("trg_") && t.segreto.len() == 68,
        "{}",
        t.segreto
    );
    // Dura 90 giorni se non si dice altro.
    let giorni = (t.token.scade_il.unwrap() - t.token.creato_il).num_days();
    assert_eq!(giorni, 90);
    // Nel database c'è solo lo SHA-256.
    assert_eq!(conta(&store, "SELECT COUNT(*) FROM token_api").await, 1);
    let trovato = store
        .token_per_hash(&utenti::hash_token(&t.segreto))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(trovato.id, t.token.id);
    assert!(store.token_per_hash(&t.segreto).await.unwrap().is_none());
    assert_eq!(
        utenti::autentica_token(&store, &t.segreto)
            .await
            .unwrap()
            .id,
        u.id
    );
    // Un segreto alterato in un solo carattere (l'ultimo, sempre diverso) non vale.
    let mut alterato = t.segreto.clone();
    let ultimo = alterato.pop().unwrap();
    alterato.push(if ultimo == '0' { '1' } else { '0' });
    for falso in ["", "trg_", &t.segreto[..60], &alterato] {
        assert!(matches!(
            utenti::autentica_token(&store, falso).await,
            Err(Errore::NonAutenticato)
        ));
    }
    // Utente disattivato: il token non vale più, e torna a valere se lo si riattiva.
    utenti::imposta_attivo(&store, &sistema(), "bot", false)
        .await
        .unwrap();
    assert!(utenti::autentica_token(&store, &t.segreto).await.is_err());
    utenti::imposta_attivo(&store, &sistema(), "bot", true)
        .await
        .unwrap();
    assert!(utenti::autentica_token(&store, &t.segreto).await.is_ok());

    // Revoca: subito.
    utenti::revoca_token(&store, &sistema(), t.token.id.0)
        .await
        .unwrap();
    assert!(matches!(
        utenti::autentica_token(&store, &t.segreto).await,
        Err(Errore::NonAutenticato)
    ));
    assert!(matches!(
        utenti::revoca_token(&store, &sistema(), t.token.id.0).await,
        Err(Errore::Conflitto(_))
    ));

    // Scadenza: un token scaduto (scadenza spostata nel passato a mano) non vale.
    let breve = utenti::crea_token(
        &store,
        &sistema(),
        "bot",
        Some(chrono::Duration::hours(1)),
        None,
    )
    .await
    .unwrap();
    assert!(
        utenti::autentica_token(&store, &breve.segreto)
            .await
            .is_ok()
    );
    let n = sql(
        &store,
        "UPDATE token_api SET scade_il = creato_il WHERE revocato_il IS NULL",
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    assert!(matches!(
        utenti::autentica_token(&store, &breve.segreto).await,
        Err(Errore::NonAutenticato)
    ));

    let elenco = utenti::elenco_token(&store, &sistema(), Some("bot"))
        .await
        .unwrap();
    assert_eq!(elenco.len(), 2);
    assert!(elenco.iter().all(|t| !t.valido && t.login == "bot"));
    // Un altro utente non vede né revoca i token di bot.
    let altro = utenti::crea_utente(&store, &sistema(), "altro", "Altro", None, false)
        .await
        .unwrap();
    let chi = Richiedente::Utente(altro);
    assert!(matches!(
        utenti::elenco_token(&store, &chi, Some("bot")).await,
        Err(Errore::NonAutorizzato(_))
    ));
    assert!(matches!(
        utenti::revoca_token(&store, &chi, breve.token.id.0).await,
        Err(Errore::NonTrovato(_))
    ));
    // Creazione e revoca sono nell'audit dell'installazione; il segreto no.
    let voci = store
        .elenco_audit(None, &FiltroAudit::default())
        .await
        .unwrap();
    let azioni: Vec<&str> = voci
        .iter()
        .filter(|v| v.azione.starts_with("token."))
        .map(|v| v.azione.as_str())
        .collect();
    assert_eq!(azioni, ["token.crea", "token.revoca", "token.crea"]);
    assert!(
        voci.iter()
            .all(|v| !format!("{v:?}").contains(&t.segreto[4..]))
    );
}

async fn audit_in_sola_aggiunta(store: Store) {
    let (cissa, _) = enti(&store).await;
    utenti::crea_utente(&store, &sistema(), "carla", "Carla", None, false)
        .await
        .unwrap();
    utenti::concedi_ruolo(
        &store,
        &cissa,
        "carla",
        RuoloAssegnato::semplice(Ruolo::Lettore),
    )
    .await
    .unwrap();
    let prima = conta(&store, "SELECT COUNT(*) FROM audit").await;
    assert!(prima >= 4, "{prima}");
    for q in [
        "UPDATE audit SET attore = 'qualcun altro'",
        "UPDATE audit SET prima = NULL, dopo = NULL WHERE azione = 'utente.ruolo.concedi'",
        "DELETE FROM audit",
        "DELETE FROM audit WHERE azione = 'utente.crea'",
    ] {
        let e = sql(&store, q).await.unwrap_err();
        assert!(e.contains("sola aggiunta"), "{q}: {e}");
    }
    if let Store::Postgres(_) = &store {
        let e = sql(&store, "TRUNCATE audit").await.unwrap_err();
        assert!(e.contains("sola aggiunta"), "{e}");
    }
    assert_eq!(conta(&store, "SELECT COUNT(*) FROM audit").await, prima);
    assert_eq!(
        conta(
            &store,
            "SELECT COUNT(*) FROM audit WHERE attore = 'qualcun altro'"
        )
        .await,
        0
    );
    // Si può ancora aggiungere.
    utenti::crea_utente(&store, &sistema(), "dario", "Dario", None, false)
        .await
        .unwrap();
    assert_eq!(conta(&store, "SELECT COUNT(*) FROM audit").await, prima + 1);

    // Filtri per periodo.
    let adesso = chrono::Utc::now();
    let tutte = store
        .elenco_audit(None, &FiltroAudit::default())
        .await
        .unwrap();
    let future = store
        .elenco_audit(
            None,
            &FiltroAudit {
                dal: Some(adesso + chrono::Duration::hours(1)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let passate = store
        .elenco_audit(
            None,
            &FiltroAudit {
                al: Some(adesso),
                limite: Some(2),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(future.is_empty());
    assert_eq!(passate, tutte[..2].to_vec());
    assert!(tutte.windows(2).all(|w| w[0].momento <= w[1].momento));
}

su_entrambi!(
    utenti_ruoli_e_contesti,
    accesso_con_password,
    token_hashati_revocabili_con_scadenza,
    audit_in_sola_aggiunta,
);
