//! Il PEG finanziario memorizzato: stessi test su SQLite e PostgreSQL.

use traguardo_app::Errore;
use traguardo_app::bilancio::{self, importa_bilancio};
use traguardo_app::casi_uso;
use traguardo_app::contesto::Attore;
use traguardo_app::porte::{
    BilancioRepo, CollegamentoCapitolo, EntiRepo, FormatoBilancio, PianiRepo,
    TipoCollegamentoCapitolo,
};
use traguardo_domain::bilancio::{Lato, Livello};
use traguardo_import::Lettori;
use traguardo_import::formati::scrivi_csv;
use traguardo_storage::Store;
use traguardo_testkit::{fixture, su_entrambi};

fn attore() -> Attore {
    Attore::sistema("test")
}

fn prospetto() -> Vec<u8> {
    std::fs::read(fixture("budget/004_previsione_peg_2026.txt")).unwrap()
}

async fn importa(
    store: &Store,
    byte: &[u8],
    nome: &str,
    formato: FormatoBilancio,
) -> Result<bilancio::EsitoImportBilancio, Errore> {
    importa_bilancio(
        store,
        &Lettori::default(),
        &traguardo_testkit::ctx(store, "INRETE").await,
        byte,
        nome,
        2026,
        formato,
    )
    .await
}

async fn con_ente(store: &Store) {
    casi_uso::crea_ente(store, &attore(), "INRETE", "Consorzio IN.RE.TE.")
        .await
        .unwrap();
}

async fn prospetto_004_importato_e_reimportato(store: Store) {
    con_ente(&store).await;
    let e = importa(&store, &prospetto(), "004.txt", FormatoBilancio::Report)
        .await
        .unwrap();
    assert_eq!((e.capitoli_entrate, e.capitoli_spese), (66, 200));
    assert_eq!(e.versione, Some(1));
    assert_eq!(e.differenze.creati, 266);
    assert_eq!(e.subtotali_verificati, Some(105));
    assert!(e.rilievi.is_empty(), "{:?}", e.rilievi);
    let b = bilancio::bilancio(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
        None,
    )
    .await
    .unwrap();
    let letto =
        traguardo_import::report::leggi_report(&String::from_utf8(prospetto()).unwrap(), "004.txt")
            .unwrap()
            .bilancio;
    assert_eq!(b, letto);
    assert_eq!(b.totale_generale_entrate().0.formato_it(), "18.467.766,03");
    assert_eq!(b.totale_generale_spese().0.formato_it(), "18.467.766,03");
    // Reimportare lo stesso file non cambia nulla: nessuna nuova versione.
    let e = importa(&store, &prospetto(), "004.txt", FormatoBilancio::Report)
        .await
        .unwrap();
    assert_eq!(e.versione, None);
    assert_eq!((e.differenze.invariati, e.differenze.creati), (266, 0));
    // Lo stesso bilancio in CSV non cambia nulla.
    let e = importa(&store, &scrivi_csv(&b), "004.csv", FormatoBilancio::Csv)
        .await
        .unwrap();
    assert_eq!(e.versione, None);
    assert_eq!(
        bilancio::versioni(
            &store,
            &traguardo_testkit::ctx(&store, "INRETE").await,
            2026
        )
        .await
        .unwrap()
        .len(),
        1
    );
}

async fn nuova_versione_con_storia(store: Store) {
    con_ente(&store).await;
    importa(&store, &prospetto(), "004.txt", FormatoBilancio::Report)
        .await
        .unwrap();
    let v1 = bilancio::bilancio(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
        None,
    )
    .await
    .unwrap();
    let csv = String::from_utf8(scrivi_csv(&v1)).unwrap();
    let modificato = csv.replacen(
        ",13800.00,13800.00,0.00,0.00,18900.00,",
        ",13800.00,15000.00,1200.00,0.00,18900.00,",
        1,
    );
    assert_ne!(csv, modificato);
    let e = importa(
        &store,
        modificato.as_bytes(),
        "var.csv",
        FormatoBilancio::Csv,
    )
    .await
    .unwrap();
    assert_eq!(e.versione, Some(2));
    assert_eq!((e.differenze.aggiornati, e.differenze.invariati), (1, 265));
    let v2 = bilancio::bilancio(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
        None,
    )
    .await
    .unwrap();
    assert_eq!(v2.capitoli[0].importi.previsione.formato_it(), "15.000,00");
    assert_eq!(
        bilancio::bilancio(
            &store,
            &traguardo_testkit::ctx(&store, "INRETE").await,
            2026,
            Some(1)
        )
        .await
        .unwrap(),
        v1
    );
    let versioni = bilancio::versioni(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
    )
    .await
    .unwrap();
    assert_eq!(
        versioni
            .iter()
            .map(|v| (v.versione, v.formato.as_str(), v.capitoli))
            .collect::<Vec<_>>(),
        [(1, "report", 266), (2, "csv", 266)]
    );
    let e = store.ente_per_codice("INRETE").await.unwrap().unwrap();
    let audit = store.eventi_audit(e.tenant_id).await.unwrap();
    let ultimo = audit.last().unwrap();
    assert_eq!(ultimo.azione, "bilancio.importa");
    assert!(ultimo.prima.as_deref().unwrap().contains("18.467.766,03"));
    assert!(ultimo.dopo.as_deref().unwrap().contains("18.468.966,03"));
}

async fn importazioni_rifiutate_non_cambiano_nulla(store: Store) {
    con_ente(&store).await;
    importa(&store, &prospetto(), "004.txt", FormatoBilancio::Report)
        .await
        .unwrap();
    let prima = bilancio::bilancio(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
        None,
    )
    .await
    .unwrap();
    let csv = String::from_utf8(scrivi_csv(&prima)).unwrap();
    let riga = csv.lines().nth(8).unwrap().to_string();
    let casi: Vec<(&str, Vec<u8>, FormatoBilancio)> = vec![
        (
            "troncato",
            csv.as_bytes()[..csv.len() / 3].to_vec(),
            FormatoBilancio::Csv,
        ),
        ("binario", vec![0u8, 1, 2, 3, 255], FormatoBilancio::Csv),
        (
            "importo testuale",
            csv.replacen(",13800.00,13800.00,", ",13800.00,molti,", 1)
                .into_bytes(),
            FormatoBilancio::Csv,
        ),
        (
            "capitolo ripetuto",
            format!("{csv}{riga}\n").into_bytes(),
            FormatoBilancio::Csv,
        ),
        (
            "programma fuori catalogo",
            csv.replacen(",01,0101,", ",01,0199,", 1).into_bytes(),
            FormatoBilancio::Csv,
        ),
        (
            "xlsx rotto",
            b"PK\x03\x04rotto".to_vec(),
            FormatoBilancio::Xlsx,
        ),
        (
            "prospetto troncato",
            prospetto()[..prospetto().len() / 2].to_vec(),
            FormatoBilancio::Report,
        ),
    ];
    for (caso, byte, formato) in casi {
        let r = importa(&store, &byte, "rotto", formato).await;
        assert!(matches!(r, Err(Errore::Rifiutato(_))), "{caso}: {r:?}");
        assert_eq!(
            bilancio::bilancio(
                &store,
                &traguardo_testkit::ctx(&store, "INRETE").await,
                2026,
                None
            )
            .await
            .unwrap(),
            prima,
            "{caso}"
        );
    }
    // Esercizio diverso da quello del prospetto.
    let r = importa_bilancio(
        &store,
        &Lettori::default(),
        &traguardo_testkit::ctx(&store, "INRETE").await,
        &prospetto(),
        "004.txt",
        2025,
        FormatoBilancio::Report,
    )
    .await;
    match r {
        Err(Errore::Rifiutato(e)) => {
            assert!(e[0].messaggio.contains("dell'esercizio 2026, non del 2025"))
        }
        altro => panic!("{altro:?}"),
    }
    assert_eq!(
        bilancio::versioni(
            &store,
            &traguardo_testkit::ctx(&store, "INRETE").await,
            2026
        )
        .await
        .unwrap()
        .len(),
        1
    );
    assert!(
        bilancio::versioni(
            &store,
            &traguardo_testkit::ctx(&store, "INRETE").await,
            2025
        )
        .await
        .unwrap()
        .is_empty()
    );
}

async fn bilanci_isolati_per_ente(store: Store) {
    con_ente(&store).await;
    casi_uso::crea_ente(&store, &attore(), "ALTRO", "Altro ente")
        .await
        .unwrap();
    importa(&store, &prospetto(), "004.txt", FormatoBilancio::Report)
        .await
        .unwrap();
    assert!(matches!(
        bilancio::bilancio(
            &store,
            &traguardo_testkit::ctx(&store, "ALTRO").await,
            2026,
            None
        )
        .await,
        Err(Errore::NonTrovato(_))
    ));
    let altro = store.ente_per_codice("ALTRO").await.unwrap().unwrap();
    assert!(
        store
            .versioni_bilancio(altro.tenant_id, 2026)
            .await
            .unwrap()
            .is_empty()
    );
    // Un ente che non esiste non ha un contesto: nessun caso d'uso vi arriva.
    assert!(matches!(
        traguardo_app::contesto::Contesto::sistema_presso(&store, "NESSUNO", "test").await,
        Err(Errore::NonTrovato(_))
    ));
}

async fn capitoli_collegati_al_piano(store: Store) {
    let piano = std::fs::read(fixture("plans/004.json")).unwrap();
    casi_uso::importa_piano(&store, &attore(), &piano, "004.json", None)
        .await
        .unwrap();
    importa(&store, &prospetto(), "004.txt", FormatoBilancio::Report)
        .await
        .unwrap();
    let c = |cap: &str, tipo, cod: &str| CollegamentoCapitolo {
        lato: Lato::Spese,
        capitolo: cap.into(),
        tipo,
        codice: cod.into(),
    };
    let collegamenti = vec![
        c("1111260/0", TipoCollegamentoCapitolo::Progetto, "1.01.01"),
        c("1111260/0", TipoCollegamentoCapitolo::Obiettivo, "DIR-2.1"),
        c("1241400/0", TipoCollegamentoCapitolo::Progetto, "12.04.01"),
    ];
    let n = bilancio::collega_capitoli(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
        2026,
        &collegamenti,
    )
    .await
    .unwrap();
    assert_eq!(n, 3);
    let e = store.ente_per_codice("INRETE").await.unwrap().unwrap();
    let mut letti = store.collegamenti(e.tenant_id, 2026).await.unwrap();
    letti.sort();
    let mut attesi = collegamenti.clone();
    attesi.sort();
    assert_eq!(letti, attesi);
    // Un riferimento inesistente: rifiutato, i collegamenti restano quelli di prima.
    let r = bilancio::collega_capitoli(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
        2026,
        &[c(
            "9999999/0",
            TipoCollegamentoCapitolo::Progetto,
            "99.99.99",
        )],
    )
    .await;
    match r {
        Err(Errore::Rifiutato(e)) => assert_eq!(e.len(), 2),
        altro => panic!("{altro:?}"),
    }
    assert_eq!(
        store.collegamenti(e.tenant_id, 2026).await.unwrap().len(),
        3
    );
    // Le unità del bilancio sono le unità del piano.
    let piano = casi_uso::piano(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
    )
    .await
    .unwrap();
    let b = bilancio::bilancio(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
        None,
    )
    .await
    .unwrap();
    for u in &b.unita {
        assert!(
            piano
                .unita_organizzative
                .iter()
                .any(|x| x.codice == u.codice),
            "UO {} del bilancio non è nel piano",
            u.codice
        );
    }
    assert_eq!(b.totali(Livello::Uo, Some(Lato::Spese)).len(), 6);
}

su_entrambi!(
    prospetto_004_importato_e_reimportato,
    nuova_versione_con_storia,
    importazioni_rifiutate_non_cambiano_nulla,
    bilanci_isolati_per_ente,
    capitoli_collegati_al_piano,
);
