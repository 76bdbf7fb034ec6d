//! Un checkpoint chiuso è congelato nel database, non solo nei comandi: con SQL diretto, su
//! SQLite e su PostgreSQL, ogni tabella dei fatti del checkpoint (stati, valori, relazioni,
//! dilazioni e, al checkpoint finale, cause degli scostamenti) rifiuta INSERT, UPDATE e DELETE;
//! il checkpoint chiuso non si riapre; il sigillo della trasmissione si inserisce soltanto.
//! I fatti di un checkpoint aperto restano modificabili.

use traguardo_app::casi_uso;
use traguardo_app::checkpoint::{self as k, CheckpointRepo};
use traguardo_app::comandi_monitoraggio as comandi;
use traguardo_app::contesto::Attore;
use traguardo_domain::piano::{DilazioneFile, EsitoDilazione, ValoreIndicatoreFile};
use traguardo_storage::Store;
use traguardo_testkit::{fixture, su_entrambi};
use uuid::Uuid;

/// Esegue SQL diretto con due parametri (tenant e un id); l'errore come testo.
async fn sql(store: &Store, q: &str, t: Uuid, x: Uuid) -> Result<u64, String> {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => sqlx::query(q)
            .bind(t)
            .bind(x)
            .execute(s.pool())
            .await
            .map(|r| r.rows_affected())
            .map_err(|e| e.to_string()),
        Store::Postgres(s) => sqlx::query(q)
            .bind(t)
            .bind(x)
            .execute(s.pool())
            .await
            .map(|r| r.rows_affected())
            .map_err(|e| e.to_string()),
    }
}

async fn conta(store: &Store, tabella: &str, condizione: &str, t: Uuid, x: Uuid) -> i64 {
    let q = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {tabella} WHERE {condizione}"));
    match store {
        Store::Sqlite(s) => sqlx::query_scalar::<_, i64>(q)
            .bind(t)
            .bind(x)
            .fetch_one(s.pool())
            .await
            .unwrap(),
        Store::Postgres(s) => sqlx::query_scalar::<_, i64>(q)
            .bind(t)
            .bind(x)
            .fetch_one(s.pool())
            .await
            .unwrap(),
    }
}

async fn tabelle_congelate_al_checkpoint_chiuso(store: Store) {
    let byte = std::fs::read(fixture("plans/003.json")).unwrap();
    casi_uso::importa_piano(&store, &Attore::sistema("test"), &byte, "003.json", None)
        .await
        .unwrap();
    let ctx = traguardo_testkit::ctx(&store, "CISSA").await;
    // Un valore e una dilazione (decisa con un atto del CdA) anche al 31/12, perché ogni
    // tabella abbia righe del checkpoint che si chiude.
    comandi::registra_valore(
        &store,
        &ctx,
        2023,
        ValoreIndicatoreFile {
            checkpoint: "31/12/2023".into(),
            obiettivo: "D2".into(),
            indicatore: 1,
            valore: "10".into(),
            scostamento_stampato: None,
            nota: None,
            valutazione: None,
        },
        None,
    )
    .await
    .unwrap();
    comandi::richiedi_dilazione(
        &store,
        &ctx,
        2023,
        DilazioneFile {
            obiettivo: "D6".into(),
            step: 2,
            checkpoint: "31/12/2023".into(),
            motivo: "corso rinviato".into(),
            scadenza_proposta: "entro marzo 2024".into(),
            esito: EsitoDilazione::InAttesa,
            atto: None,
            data_esito: None,
        },
    )
    .await
    .unwrap();
    k::salda_dilazioni(
        &store,
        &ctx,
        2023,
        "31/12/2023",
        "deliberazione CdA n. 5 del 20/02/2024",
        true,
        None,
    )
    .await
    .unwrap();
    k::trasmetti(&store, &ctx, 2023, "31/12/2023", None)
        .await
        .unwrap();
    k::chiudi(&store, &ctx, 2023, "31/12/2023", None)
        .await
        .unwrap();

    let (_, ids) = comandi::carica(&store, &ctx, 2023).await.unwrap();
    let checkpoint = store
        .checkpoint_del_ciclo(ctx.tenant, ids.ciclo)
        .await
        .unwrap();
    let finale = checkpoint
        .iter()
        .find(|c| c.codice == "31/12/2023")
        .unwrap();
    let agosto = checkpoint
        .iter()
        .find(|c| c.codice == "31/08/2023")
        .unwrap();
    let t = ctx.tenant.0;

    let del_checkpoint = "tenant_id = $1 AND checkpoint_id = $2";
    let del_ciclo = "tenant_id = $1 AND obiettivo_id IN (SELECT id FROM obiettivo WHERE tenant_id = $1 AND ciclo_id = $2)";
    let tabelle = [
        ("stato_step", del_checkpoint, finale.id.0, 34),
        ("valore_indicatore", del_checkpoint, finale.id.0, 1),
        ("relazione_obiettivo", del_checkpoint, finale.id.0, 1),
        ("dilazione", del_checkpoint, finale.id.0, 1),
        ("causa_scostamento", del_ciclo, ids.ciclo.0, 2),
    ];
    for (tabella, condizione, x, righe) in tabelle {
        assert_eq!(
            conta(&store, tabella, condizione, t, x).await,
            righe,
            "{tabella}"
        );
        let prove = [
            format!("INSERT INTO {tabella} SELECT * FROM {tabella} WHERE {condizione}"),
            format!("UPDATE {tabella} SET revisione = revisione + 1 WHERE {condizione}"),
            format!("DELETE FROM {tabella} WHERE {condizione}"),
        ];
        for q in &prove {
            let e = sql(&store, q, t, x).await.unwrap_err();
            assert!(
                e.contains("checkpoint chiuso: i suoi fatti non si modificano"),
                "{tabella}: {q}: {e}"
            );
        }
        assert_eq!(
            conta(&store, tabella, condizione, t, x).await,
            righe,
            "{tabella}"
        );
    }

    // Il checkpoint chiuso non si riapre né si cancella; il suo sigillo non cambia.
    for q in [
        "UPDATE checkpoint SET stato = 'aperto' WHERE tenant_id = $1 AND id = $2",
        "UPDATE checkpoint SET data_redazione = data WHERE tenant_id = $1 AND id = $2",
        "DELETE FROM checkpoint WHERE tenant_id = $1 AND id = $2",
    ] {
        let e = sql(&store, q, t, finale.id.0).await.unwrap_err();
        assert!(
            e.contains("checkpoint chiuso: non si riapre e non si modifica"),
            "{q}: {e}"
        );
    }
    for q in [
        "UPDATE checkpoint_sigillo SET impronta = 'x' WHERE tenant_id = $1 AND checkpoint_id = $2",
        "DELETE FROM checkpoint_sigillo WHERE tenant_id = $1 AND checkpoint_id = $2",
    ] {
        let e = sql(&store, q, t, finale.id.0).await.unwrap_err();
        assert!(
            e.contains("il sigillo di un checkpoint trasmesso non si modifica né si cancella"),
            "{q}: {e}"
        );
    }
    assert_eq!(
        conta(
            &store,
            "checkpoint_sigillo",
            "tenant_id = $1 AND checkpoint_id = $2",
            t,
            finale.id.0
        )
        .await,
        1
    );

    // Il checkpoint aperto (31/08) resta modificabile con lo stesso SQL.
    assert_eq!(
        sql(
            &store,
            "UPDATE stato_step SET revisione = revisione + 1 WHERE tenant_id = $1 AND checkpoint_id = $2",
            t,
            agosto.id.0
        )
        .await
        .unwrap(),
        34
    );
    assert_eq!(
        sql(
            &store,
            "UPDATE dilazione SET revisione = revisione + 1 WHERE tenant_id = $1 AND checkpoint_id = $2",
            t,
            agosto.id.0
        )
        .await
        .unwrap(),
        2
    );
}

su_entrambi!(tabelle_congelate_al_checkpoint_chiuso);
