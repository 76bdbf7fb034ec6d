//! Il ciclo nuovo dal precedente (`ciclo_nuovo::crea_ciclo_successivo`) su SQLite e PostgreSQL:
//! chi può crearlo, la scrittura tutta o niente con il suo evento di audit, il conflitto con un
//! ciclo già presente controllato dentro la transazione.

use traguardo_app::Errore;
use traguardo_app::casi_uso;
use traguardo_app::ciclo_nuovo::crea_ciclo_successivo;
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::identita::IdentitaPiano;
use traguardo_app::porte::{PianiRepo, ValutazioneRepo};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_domain::smvp::RegoleSmvp;
use traguardo_storage::Store;
use traguardo_testkit::{fixture, su_entrambi};

async fn con_cissa(store: &Store) -> Contesto {
    let byte = std::fs::read(fixture("plans/003.json")).unwrap();
    casi_uso::importa_piano(store, &Attore::sistema("test"), &byte, "003.json", None)
        .await
        .unwrap();
    traguardo_testkit::ctx(store, "CISSA").await
}

fn come(ctx: &Contesto, ruolo: Ruolo) -> Contesto {
    let mut c = ctx.clone();
    c.utente = Attore::Utente {
        id: UtenteId(uuid::Uuid::nil()),
        login: format!("{ruolo:?}").to_lowercase(),
    };
    c.ruoli = vec![RuoloAssegnato::semplice(ruolo)];
    c
}

async fn anni(store: &Store, ctx: &Contesto) -> Vec<i32> {
    store
        .elenco_cicli(ctx.tenant)
        .await
        .unwrap()
        .iter()
        .map(|c| c.anno_inizio)
        .collect()
}

async fn solo_chi_importa_il_piano(store: Store) {
    let ctx = con_cissa(&store).await;
    let audit_prima = store.eventi_audit(ctx.tenant).await.unwrap().len();
    for ruolo in [Ruolo::Lettore, Ruolo::Oiv] {
        let e = crea_ciclo_successivo(&store, &come(&ctx, ruolo), 2023, 2024, false).await;
        assert!(
            matches!(e, Err(Errore::NonAutorizzato(_))),
            "{ruolo:?}: {e:?}"
        );
        // Neppure la prova.
        let e = crea_ciclo_successivo(&store, &come(&ctx, ruolo), 2023, 2024, true).await;
        assert!(
            matches!(e, Err(Errore::NonAutorizzato(_))),
            "{ruolo:?}: {e:?}"
        );
    }
    assert_eq!(anni(&store, &ctx).await, [2023]);
    assert_eq!(
        store.eventi_audit(ctx.tenant).await.unwrap().len(),
        audit_prima
    );
    // Il direttore può: l'evento porta il suo nome; senza regole salvate nel 2023 valgono le
    // predefinite anche nel 2024 (nessuna versione copiata).
    let esito = crea_ciclo_successivo(&store, &come(&ctx, Ruolo::Direttore), 2023, 2024, false)
        .await
        .unwrap();
    assert!(esito.scritto);
    assert!(!esito.regole_copiate);
    assert_eq!(anni(&store, &ctx).await, [2023, 2024]);
    assert!(store.regole(ctx.tenant, 2024).await.unwrap().is_none());
    let audit = store.eventi_audit(ctx.tenant).await.unwrap();
    let ev = audit.iter().find(|e| e.azione == "ciclo.nuovo").unwrap();
    assert!(ev.attore.contains("direttore"), "{}", ev.attore);
    assert!(
        ev.dopo
            .as_deref()
            .unwrap()
            .contains(r#""riportati":["D1","D2","D4","D5"],"chiusi":["D3","D6"]"#),
        "{:?}",
        ev.dopo
    );
}

async fn tutto_o_niente(store: Store) {
    let ctx = con_cissa(&store).await;
    let vecchio = store.carica_piano(ctx.tenant, 2023).await.unwrap().unwrap();
    let audit_prima = store.eventi_audit(ctx.tenant).await.unwrap().len();
    // La porta rifiuta dentro la transazione un ciclo che c'è già (anche se il caso d'uso non
    // l'avesse visto): nulla cambia, né il piano né le regole né l'audit.
    let ev = ctx
        .utente
        .evento("ciclo.nuovo", "prova di conflitto".into());
    let e = store
        .crea_ciclo(
            ctx.tenant,
            &vecchio,
            &IdentitaPiano::nuova(&vecchio),
            Some(&RegoleSmvp::default()),
            &[],
            &ev,
        )
        .await;
    assert!(
        matches!(&e, Err(Errore::Conflitto(m)) if m.contains("ha già il ciclo 2023–2023")),
        "{e:?}"
    );
    assert_eq!(
        store.carica_piano(ctx.tenant, 2023).await.unwrap().unwrap(),
        vecchio
    );
    assert!(store.regole(ctx.tenant, 2023).await.unwrap().is_none());
    assert_eq!(
        store.eventi_audit(ctx.tenant).await.unwrap().len(),
        audit_prima
    );
    // La prova non scrive nulla ma dice tutto.
    let esito = crea_ciclo_successivo(&store, &ctx, 2023, 2026, true)
        .await
        .unwrap();
    assert!(!esito.scritto);
    assert_eq!(
        esito
            .riportati
            .iter()
            .map(|o| (
                o.codice.as_str(),
                o.primo_anno,
                o.step_riportati,
                o.step_lasciati
            ))
            .collect::<Vec<_>>(),
        [
            ("D1", 2023, 3, 3),
            ("D2", 2023, 4, 1),
            ("D4", 2023, 3, 9),
            ("D5", 2023, 1, 4)
        ]
    );
    assert_eq!((esito.persone, esito.unita), (40, 1));
    assert_eq!(anni(&store, &ctx).await, [2023]);
    assert_eq!(
        store.eventi_audit(ctx.tenant).await.unwrap().len(),
        audit_prima
    );
}

/// Il ciclo nuovo riporta il capofila degli obiettivi condivisi riportati (INRETE 2026, seed
/// 004: AMIN-2.2 è di AMIN, AINTE e ATERR, capofila AMIN).
async fn riporta_i_capofila(store: Store) {
    let byte = std::fs::read(fixture("plans/004.json")).unwrap();
    casi_uso::importa_piano(&store, &Attore::sistema("test"), &byte, "004.json", None)
        .await
        .unwrap();
    let ctx = traguardo_testkit::ctx(&store, "INRETE").await;
    traguardo_app::organizzazione::imposta_capofila(&store, &ctx, 2026, "AMIN-2.2", "AMIN")
        .await
        .unwrap();
    crea_ciclo_successivo(&store, &ctx, 2026, 2027, false)
        .await
        .unwrap();
    use traguardo_app::porte_organizzazione::OrganizzazioneRepo;
    let (_, ids) = store
        .carica_piano_identificato(ctx.tenant, 2027)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.capofila(ctx.tenant, ids.ciclo).await.unwrap(),
        vec![("AMIN-2.2".to_string(), "AMIN".to_string())]
    );
}

su_entrambi!(
    solo_chi_importa_il_piano,
    tutto_o_niente,
    riporta_i_capofila
);
