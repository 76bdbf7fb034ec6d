//! Un atto è un'entità del ciclo riusata ovunque sia citato (issue 8, punto 1), su SQLite e
//! PostgreSQL: la stessa «deliberazione CdA n. 12 del 28/05/2024», scritta in tre modi diversi,
//! decide una dilazione, approva il piano, approva la Relazione e decide la valutazione del
//! direttore, ed è una sola riga di `atto` a cui tutte e quattro puntano.

use rust_decimal::Decimal;
use traguardo_app::casi_uso;
use traguardo_app::checkpoint as k;
use traguardo_app::comandi_monitoraggio as comandi;
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_app::relazione as rel;
use traguardo_app::versioni;
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_domain::piano::{DilazioneFile, EsitoDilazione};
use traguardo_storage::Store;
use traguardo_testkit::{fixture, su_entrambi};
use uuid::Uuid;

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
        id: UtenteId(Uuid::nil()),
        login: format!("{ruolo:?}").to_lowercase(),
    };
    c.ruoli = vec![RuoloAssegnato::semplice(ruolo)];
    c
}

async fn scalare(store: &Store, q: &str) -> i64 {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await.unwrap(),
        Store::Postgres(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await.unwrap(),
    }
}

/// Le righe dell'atto n. 12 del 28/05/2024.
const ATTO_12: &str = "SELECT COUNT(*) FROM atto WHERE numero = '12' AND data = '2024-05-28'";

/// Quante citazioni di `tabella.colonna` puntano all'atto n. 12 del 28/05/2024.
fn citazioni(tabella: &str, colonna: &str) -> String {
    format!(
        "SELECT COUNT(*) FROM {tabella} x JOIN atto a ON a.tenant_id = x.tenant_id AND a.id = x.{colonna} \
         WHERE a.numero = '12' AND a.data = '2024-05-28' AND a.codice = 'DELIBERAZIONE-CDA-12-20240528'"
    )
}

async fn lo_stesso_atto_citato_quattro_volte_e_una_riga(store: Store) {
    let ctx = con_cissa(&store).await;
    let atti_prima = scalare(&store, "SELECT COUNT(*) FROM atto").await;
    assert_eq!(scalare(&store, ATTO_12).await, 0);

    // 1. Una dilazione di un obiettivo del direttore, decisa con l'atto del CdA (maiuscole e
    //    spazi diversi: è lo stesso atto).
    let dir = come(&ctx, Ruolo::Direttore);
    let richiesta = DilazioneFile {
        obiettivo: "D6".into(),
        step: 2,
        checkpoint: "31/08/2023".into(),
        motivo: "ritardo del fornitore".into(),
        scadenza_proposta: "entro marzo 2024".into(),
        esito: EsitoDilazione::InAttesa,
        atto: None,
        data_esito: None,
    };
    comandi::richiedi_dilazione(&store, &dir, 2023, richiesta)
        .await
        .unwrap();
    let amm = come(&ctx, Ruolo::Amministratore);
    let saldo = k::salda_dilazioni(
        &store,
        &amm,
        2023,
        "31/08/2023",
        "Deliberazione  CdA N. 12 DEL 28/05/2024",
        true,
        None,
    )
    .await
    .unwrap();
    assert_eq!(saldo.atto, "deliberazione CdA n. 12 del 28/05/2024");
    assert_eq!(scalare(&store, ATTO_12).await, 1);

    // 2. L'approvazione del piano con lo stesso atto («n.12» attaccato).
    let esito = versioni::approva(
        &store,
        &ctx,
        2023,
        "deliberazione CdA n.12 del 28/05/2024",
        Some("prova degli atti"),
    )
    .await
    .unwrap();
    assert_eq!(esito.atto, "deliberazione CdA n. 12 del 28/05/2024");

    // 3. L'approvazione della Relazione, ancora lo stesso atto.
    rel::crea(&store, &dir, 2023).await.unwrap();
    let r = rel::approva(&store, &dir, 2023, "deliberazione cda n. 12 del 28/05/2024")
        .await
        .unwrap();
    assert_eq!(
        r.atto_approvazione.as_deref(),
        Some("deliberazione cda n. 12 del 28/05/2024")
    );

    // 4. La decisione del CdA sulla valutazione del direttore, con lo stesso atto.
    let oiv = come(&ctx, Ruolo::Oiv);
    rel::proponi_direttore(&store, &oiv, 2023, Decimal::from(85), "risultati buoni")
        .await
        .unwrap();
    let up = come(&ctx, Ruolo::UfficioPersonale);
    rel::decidi_direttore(
        &store,
        &up,
        2023,
        "deliberazione CdA n. 12 del 28/05/2024",
        None,
    )
    .await
    .unwrap();

    // Una riga sola, con l'id restituito dal saldo, a cui puntano tutte e quattro le citazioni.
    assert_eq!(scalare(&store, ATTO_12).await, 1);
    assert_eq!(
        scalare(&store, "SELECT COUNT(*) FROM atto").await,
        atti_prima + 1
    );
    let id = saldo.atto_id.parse::<Uuid>().unwrap();
    let stesso_id = format!(
        "SELECT COUNT(*) FROM atto WHERE codice = 'DELIBERAZIONE-CDA-12-20240528' AND id = {}",
        match &store {
            Store::Sqlite(_) => format!("X'{}'", id.simple()),
            Store::Postgres(_) => format!("'{id}'::uuid"),
        }
    );
    assert_eq!(scalare(&store, &stesso_id).await, 1);
    assert_eq!(scalare(&store, &citazioni("dilazione", "atto_id")).await, 1);
    assert_eq!(
        scalare(&store, &citazioni("piano_versione", "atto_id")).await,
        1
    );
    assert_eq!(
        scalare(
            &store,
            &citazioni("relazione_performance", "atto_approvazione_id")
        )
        .await,
        1
    );
    assert_eq!(
        scalare(
            &store,
            &citazioni("oiv_proposta_direttore", "decisione_atto_id")
        )
        .await,
        1
    );
    // Il file del piano non ha quell'atto: reimportarlo (come variazione del piano approvato)
    // non cancella l'atto citato, su nessuno dei due database.
    let byte = std::fs::read(fixture("plans/003.json")).unwrap();
    let esito = casi_uso::importa_piano_con(
        &store,
        &Attore::sistema("test"),
        &byte,
        "003.json",
        None,
        casi_uso::OpzioniImportPiano {
            come_variazione: true,
            conferma: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(esito.variazione, Some(2));
    assert_eq!(scalare(&store, &stesso_id).await, 1);
    assert_eq!(
        scalare(
            &store,
            &citazioni("relazione_performance", "atto_approvazione_id")
        )
        .await,
        1
    );
}

/// Un atto diverso (altro numero) è un'altra riga: l'approvazione della Relazione con
/// un atto nuovo lo crea, e la Relazione vi punta.
async fn un_atto_nuovo_e_una_riga_nuova(store: Store) {
    let ctx = con_cissa(&store).await;
    let atti_prima = scalare(&store, "SELECT COUNT(*) FROM atto").await;
    let dir = come(&ctx, Ruolo::Direttore);
    rel::crea(&store, &dir, 2023).await.unwrap();
    // Scritto male: nulla cambia, nessun atto creato.
    assert!(
        rel::approva(&store, &dir, 2023, "delibera 12/2024")
            .await
            .is_err()
    );
    assert_eq!(
        scalare(&store, "SELECT COUNT(*) FROM atto").await,
        atti_prima
    );
    rel::approva(&store, &dir, 2023, "deliberazione CdA n. 12 del 28/05/2024")
        .await
        .unwrap();
    assert_eq!(
        scalare(&store, "SELECT COUNT(*) FROM atto").await,
        atti_prima + 1
    );
    assert_eq!(
        scalare(
            &store,
            &citazioni("relazione_performance", "atto_approvazione_id")
        )
        .await,
        1
    );
}

su_entrambi!(
    lo_stesso_atto_citato_quattro_volte_e_una_riga,
    un_atto_nuovo_e_una_riga_nuova,
);
