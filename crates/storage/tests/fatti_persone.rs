//! Identità di persone, CdR, atti e capitoli, e i fatti che vi puntano (voti, prese visione,
//! assegnazioni, collegamenti dei capitoli), su SQLite e PostgreSQL: id che restano alla
//! reimportazione e alle nuove versioni del bilancio, una riga per fatto con chiave esterna,
//! revisioni e conflitti, autorizzazioni (nessuno valuta sé stesso, la presa visione è propria),
//! conferma prima di perdere voti o collegamenti.

use rust_decimal::Decimal;
use traguardo_app::Errore;
use traguardo_app::bilancio::importa_bilancio;
use traguardo_app::casi_uso::{self, OpzioniImportPiano};
use traguardo_app::comandi_bilancio as cb;
use traguardo_app::comandi_valutazione as cv;
use traguardo_app::contesto::Attore;
use traguardo_app::contesto::{self, Contesto};
use traguardo_app::porte::{
    BilancioRepo, EntiRepo, FormatoBilancio, PianiRepo, TenantId, TipoCollegamentoCapitolo,
    ValutazioneRepo,
};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_app::porte_fatti::FattiRepo;
use traguardo_domain::accesso::{CodicePersona, Ruolo, RuoloAssegnato};
use traguardo_domain::bilancio::Lato;
use traguardo_domain::numeri::Percentuale;
use traguardo_import::Lettori;
use traguardo_import::formati::scrivi_csv;
use traguardo_storage::Store;
use traguardo_testkit::{fixture, su_entrambi};
use uuid::Uuid;

fn seed(n: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("plans/{n}.json"))).unwrap()
}

fn sistema() -> Attore {
    Attore::sistema("test")
}

async fn importa(store: &Store, n: &str) {
    casi_uso::importa_piano(store, &sistema(), &seed(n), n, None)
        .await
        .unwrap();
}

async fn tenant(store: &Store, ente: &str) -> TenantId {
    store
        .ente_per_codice(ente)
        .await
        .unwrap()
        .unwrap()
        .tenant_id
}

/// Un utente con un ruolo presso l'ente, collegato (se indicata) a una persona del piano.
fn utente(t: TenantId, ente: &str, ruolo: Ruolo, persona: Option<&str>) -> Contesto {
    let mut r = RuoloAssegnato::semplice(ruolo);
    r.persona = persona.map(CodicePersona::new);
    Contesto {
        tenant: t,
        ente: ente.into(),
        utente: contesto::Attore::Utente {
            id: UtenteId(Uuid::now_v7()),
            login: format!("{}.prova", ruolo.codice()),
        },
        ruoli: vec![r],
        superadmin: false,
    }
}

fn d(x: i64) -> Decimal {
    Decimal::from(x)
}

async fn scalare(store: &Store, q: &str) -> i64 {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await.unwrap(),
        Store::Postgres(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await.unwrap(),
    }
}

async fn esegui(store: &Store, q: &str) -> Result<u64, sqlx::Error> {
    let q = sqlx::AssertSqlSafe(q.to_string());
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
}

/// Reimporta il piano del CISSA dopo aver cambiato il file con `f`.
async fn reimporta(
    store: &Store,
    f: impl FnOnce(&mut serde_json::Value),
    conferma: bool,
) -> Result<casi_uso::EsitoImportPiano, Errore> {
    let testo = casi_uso::esporta_piano(store, &traguardo_testkit::ctx(store, "CISSA").await, 2023)
        .await
        .unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&testo).unwrap();
    f(&mut file);
    casi_uso::importa_piano_con(
        store,
        &sistema(),
        &serde_json::to_vec_pretty(&file).unwrap(),
        "003-modificato.json",
        None,
        OpzioniImportPiano {
            prova: false,
            conferma,
            ..Default::default()
        },
    )
    .await
}

/// Persone, CdR e atti tengono l'id quando il piano si reimporta con righe riordinate e
/// rinominate; una persona tolta da un ciclo e rimessa ritrova la sua identità.
async fn id_dell_anagrafica_restano(store: Store) {
    importa(&store, "003").await;
    let t = tenant(&store, "CISSA").await;
    let (_, ids) = store
        .carica_piano_identificato(t, 2023)
        .await
        .unwrap()
        .unwrap();
    let prima = store.anagrafica(t, ids.ciclo).await.unwrap();
    assert_eq!(prima.persone.len(), 40);
    assert_eq!(prima.unita.len(), 1);
    assert_eq!(prima.atti.len(), 16);
    reimporta(
        &store,
        |f| {
            let persone = f["persone"].as_array_mut().unwrap();
            persone.reverse();
            persone[0]["cognome_nome"] = "ZETA ZOE (rinominata)".into();
            f["unita_organizzative"][0]["nome"] = "Direzione (rinominata)".into();
            f["atti"].as_array_mut().unwrap().swap(0, 1);
        },
        false,
    )
    .await
    .unwrap();
    let dopo = store.anagrafica(t, ids.ciclo).await.unwrap();
    for (codice, id) in &prima.persone {
        assert_eq!(dopo.persona(codice), Some(*id), "{codice}");
    }
    let mut a = prima.atti.clone();
    let mut b = dopo.atti.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert_eq!(prima.unita, dopo.unita);
    // P40 tolta (senza fatti: nessuna conferma) e poi rimessa: stessa identità dell'ente.
    let p40 = prima.persona("P40").unwrap();
    let esito = reimporta(
        &store,
        |f| {
            f["persone"]
                .as_array_mut()
                .unwrap()
                .retain(|p| p["codice"] != "P40")
        },
        false,
    )
    .await
    .unwrap();
    assert!(
        esito
            .differenze
            .tolti
            .iter()
            .any(|e| e.tipo == "persona" && e.descrizione.starts_with("P40") && e.fatti == 0)
    );
    assert_eq!(
        store.anagrafica(t, ids.ciclo).await.unwrap().persona("P40"),
        None
    );
    casi_uso::importa_piano(&store, &sistema(), &seed("003"), "003.json", None)
        .await
        .unwrap();
    assert_eq!(
        store.anagrafica(t, ids.ciclo).await.unwrap().persona("P40"),
        Some(p40)
    );
}

/// Un voto è una riga con chiave esterna verso la persona del ciclo; una revisione vecchia è
/// rifiutata con chi ha scritto e quando; il voto dev'essere nella scala delle regole.
async fn voto_con_revisione(store: Store) {
    importa(&store, "003").await;
    let t = tenant(&store, "CISSA").await;
    let ctx = Contesto::sistema_come(t, "CISSA", "test");
    let e = cv::valuta_comportamento(&store, &ctx, 2023, "P01", "C1", d(4), Some(None))
        .await
        .unwrap();
    assert_eq!(e.revisione, 1);
    let e2 = cv::valuta_comportamento(&store, &ctx, 2023, "P01", "C1", d(3), Some(Some(1)))
        .await
        .unwrap();
    assert_eq!((e2.id, e2.revisione), (e.id, 2));
    // Chi aveva letto la revisione 1 (o credeva che il voto non ci fosse) è rifiutato.
    for attesa in [Some(Some(1)), Some(None)] {
        match cv::valuta_comportamento(&store, &ctx, 2023, "P01", "C1", d(5), attesa).await {
            Err(Errore::Conflitto(m)) => {
                assert!(
                    m.contains("Il voto del comportamento C1 di P01")
                        && m.contains("è stato modificato da sistema:test il ")
                        && m.contains("(revisione 2)")
                        && m.contains("nulla è stato salvato"),
                    "{m}"
                );
            }
            altro => panic!("{altro:?}"),
        }
    }
    let voti = store.voti(t, 2023).await.unwrap();
    assert_eq!(voti.len(), 1);
    assert_eq!((voti[0].persona.as_str(), voti[0].voto), ("P01", d(3)));
    // Fuori scala, comportamento sconosciuto, persona sconosciuta.
    for (p, c, v, codice) in [
        ("P01", "C1", d(9), "valore_non_valido"),
        ("P01", "C9", d(3), "riferimento_sconosciuto"),
    ] {
        match cv::valuta_comportamento(&store, &ctx, 2023, p, c, v, None).await {
            Err(Errore::Rifiutato(r)) => assert_eq!(r[0].codice.come_testo(), codice, "{r:?}"),
            altro => panic!("{altro:?}"),
        }
    }
    assert!(matches!(
        cv::valuta_comportamento(&store, &ctx, 2023, "P99", "C1", d(3), None).await,
        Err(Errore::NonTrovato(_))
    ));
    // Una riga con chiave esterna: un voto per una persona inesistente è rifiutato dal database.
    let r = esegui(
        &store,
        "INSERT INTO voto_comportamento (tenant_id, ciclo_id, persona_id, comportamento, voto_e4, revisione, aggiornato_da, aggiornato_il) \
         SELECT tenant_id, ciclo_id, ciclo_id, 'C2', 30000, 1, 'x', aggiornato_il FROM voto_comportamento",
    )
    .await;
    assert!(r.is_err(), "{r:?}");
    // L'audit ha l'id della persona e il prima/dopo.
    let audit = store.eventi_audit(t).await.unwrap();
    let ultimo = audit.last().unwrap();
    assert_eq!(ultimo.azione, "valutazione.voto");
    assert!(
        ultimo.prima.as_deref().unwrap().contains("\"4\""),
        "{ultimo:?}"
    );
    assert!(
        ultimo.dopo.as_deref().unwrap().contains("\"3\""),
        "{ultimo:?}"
    );
}

/// Nessuno valuta sé stesso, il direttore compreso (la direttrice del 003 è P09); la sua
/// scheda non la compila il Nucleo/OIV, che ne propone la valutazione.
async fn nessuno_valuta_se_stesso(store: Store) {
    importa(&store, "003").await;
    let t = tenant(&store, "CISSA").await;
    let dir = utente(t, "CISSA", Ruolo::Direttore, Some("P09"));
    match cv::valuta_comportamento(&store, &dir, 2023, "P09", "C1", d(5), None).await {
        Err(Errore::NonAutorizzato(m)) => assert!(m.contains("sé stesso"), "{m}"),
        altro => panic!("{altro:?}"),
    }
    // Anche senza persona collegata il direttore non valuta la scheda del direttore.
    let dir_senza = utente(t, "CISSA", Ruolo::Direttore, None);
    assert!(matches!(
        cv::valuta_comportamento(&store, &dir_senza, 2023, "P09", "C1", d(5), None).await,
        Err(Errore::NonAutorizzato(_))
    ));
    cv::valuta_comportamento(&store, &dir, 2023, "P01", "C1", d(4), None)
        .await
        .unwrap();
    // Il Nucleo/OIV non compila schede: propone la valutazione del direttore (`oiv propose`).
    let oiv = utente(t, "CISSA", Ruolo::Oiv, None);
    assert!(matches!(
        cv::valuta_comportamento(&store, &oiv, 2023, "P09", "C1", d(5), None).await,
        Err(Errore::NonAutorizzato(_))
    ));
    // Il dipendente non valuta nessuno, nemmeno sé stesso.
    let dip = utente(t, "CISSA", Ruolo::Dipendente, Some("P01"));
    for p in ["P01", "P02"] {
        assert!(matches!(
            cv::valuta_comportamento(&store, &dip, 2023, p, "C2", d(5), None).await,
            Err(Errore::NonAutorizzato(_))
        ));
    }
    let voti = store.voti(t, 2023).await.unwrap();
    assert_eq!(voti.len(), 1, "{voti:?}");
}

/// Il dipendente prende visione della propria scheda (momento e punteggio), non di altre.
async fn presa_visione_propria(store: Store) {
    importa(&store, "003").await;
    let t = tenant(&store, "CISSA").await;
    let dip = utente(t, "CISSA", Ruolo::Dipendente, Some("P01"));
    let p = cv::prendi_visione(&store, &dip, 2023, "P01").await.unwrap();
    assert_eq!((p.persona.as_str(), p.revisione), ("P01", 1));
    let p2 = cv::prendi_visione(&store, &dip, 2023, "P01").await.unwrap();
    assert_eq!(p2.revisione, 2);
    match cv::prendi_visione(&store, &dip, 2023, "P02").await {
        Err(Errore::NonAutorizzato(m)) => assert!(m.contains("P02"), "{m}"),
        altro => panic!("{altro:?}"),
    }
    // Nemmeno il direttore prende visione per conto d'altri.
    let dir = utente(t, "CISSA", Ruolo::Direttore, Some("P09"));
    assert!(matches!(
        cv::prendi_visione(&store, &dir, 2023, "P01").await,
        Err(Errore::NonAutorizzato(_))
    ));
    let prese = store.prese_visione(t, 2023).await.unwrap();
    assert_eq!(prese.len(), 1);
    assert_eq!(prese[0].persona, "P01");
    assert_eq!(prese[0].momento.timestamp(), p2.momento.timestamp());
}

/// Una persona con voti e prese visione tolta dal file: rifiutato senza --confirm, con l'elenco
/// di ciò che andrebbe perso; con la conferma la persona e i suoi fatti spariscono.
async fn persona_con_voti_chiede_conferma(store: Store) {
    importa(&store, "003").await;
    let t = tenant(&store, "CISSA").await;
    let ctx = Contesto::sistema_come(t, "CISSA", "test");
    for c in ["C1", "C2"] {
        cv::valuta_comportamento(&store, &ctx, 2023, "P05", c, d(4), None)
            .await
            .unwrap();
    }
    cv::prendi_visione(&store, &ctx, 2023, "P05").await.unwrap();
    let togli = |f: &mut serde_json::Value| {
        f["persone"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["codice"] != "P05")
    };
    match reimporta(&store, togli, false).await {
        Err(Errore::Rifiutato(r)) => {
            let testo: Vec<&str> = r.iter().map(|x| x.messaggio.as_str()).collect();
            assert!(
                testo
                    .iter()
                    .any(|m| m.contains("persona P05 «BATTAGLIA MARCO»")
                        && m.contains("2 voti di comportamento e 1 presa visione della scheda")),
                "{testo:?}"
            );
            assert!(testo.iter().any(|m| m.contains("--confirm")));
        }
        altro => panic!("{altro:?}"),
    }
    assert_eq!(store.voti(t, 2023).await.unwrap().len(), 2);
    reimporta(&store, togli, true).await.unwrap();
    assert!(store.voti(t, 2023).await.unwrap().is_empty());
    assert!(store.prese_visione(t, 2023).await.unwrap().is_empty());
}

/// Assegnazioni per comando: una riga con gli id di persona, obiettivo e step; la quota si
/// cambia con la revisione; l'id resta alla reimportazione del piano esportato; rimuoverla con
/// una revisione vecchia è rifiutato.
async fn assegnazioni_per_comando(store: Store) {
    importa(&store, "003").await;
    let t = tenant(&store, "CISSA").await;
    let ctx = Contesto::sistema_come(t, "CISSA", "test");
    let q = |x: i64| Some(Percentuale(Decimal::from(x)));
    let a = cv::assegna_persona(&store, &ctx, 2023, "P01", "D2", Some("3"), q(50), None)
        .await
        .unwrap();
    assert_eq!(a.revisione, 1);
    let b = cv::assegna_persona(&store, &ctx, 2023, "P01", "D1", None, None, None)
        .await
        .unwrap();
    let p = casi_uso::piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
        .await
        .unwrap();
    assert_eq!(p.assegnazioni.len(), 2);
    assert_eq!(p.assegnazioni[0].step.as_deref(), Some("3"));
    assert_eq!(p.assegnazioni[0].quota, q(50));
    // Uno step che non esiste: rifiutato.
    assert!(
        cv::assegna_persona(&store, &ctx, 2023, "P01", "D2", Some("9"), None, None)
            .await
            .is_err()
    );
    // Cambio della quota: stessa riga, revisione 2; con la revisione vecchia, conflitto.
    let a2 = cv::assegna_persona(
        &store,
        &ctx,
        2023,
        "P01",
        "D2",
        Some("3"),
        q(60),
        Some(Some(1)),
    )
    .await
    .unwrap();
    assert_eq!((a2.id, a2.revisione), (a.id, 2));
    assert!(matches!(
        cv::assegna_persona(
            &store,
            &ctx,
            2023,
            "P01",
            "D2",
            Some("3"),
            q(70),
            Some(Some(1))
        )
        .await,
        Err(Errore::Conflitto(_))
    ));
    // Reimportare il piano esportato (che ora riporta le assegnazioni) tiene gli id.
    casi_uso::importa_piano(
        &store,
        &sistema(),
        casi_uso::esporta_piano(&store, &traguardo_testkit::ctx(&store, "CISSA").await, 2023)
            .await
            .unwrap()
            .as_bytes(),
        "003-esportato.json",
        None,
    )
    .await
    .unwrap();
    let (_, ids) = store
        .carica_piano_identificato(t, 2023)
        .await
        .unwrap()
        .unwrap();
    let ora = store.assegnazioni(t, ids.ciclo).await.unwrap();
    let id: Vec<Uuid> = ora.iter().map(|x| x.id).collect();
    assert_eq!(id, [a.id, b.id]);
    assert_eq!(ora[0].step, Some(ids.obiettivi[1].steps[2]));
    // Rimozione: revisione vecchia rifiutata, poi riuscita.
    assert!(matches!(
        cv::rimuovi_assegnazione(&store, &ctx, 2023, "P01", "D2", Some("3"), Some(1)).await,
        Err(Errore::Conflitto(_))
    ));
    cv::rimuovi_assegnazione(&store, &ctx, 2023, "P01", "D2", Some("3"), None)
        .await
        .unwrap();
    assert_eq!(store.assegnazioni(t, ids.ciclo).await.unwrap().len(), 1);
    // Il dipendente non assegna persone.
    let dip = utente(t, "CISSA", Ruolo::Dipendente, Some("P01"));
    assert!(matches!(
        cv::assegna_persona(&store, &dip, 2023, "P02", "D1", None, None, None).await,
        Err(Errore::NonAutorizzato(_))
    ));
}

async fn prospetto_2026(store: &Store) {
    importa_bilancio(
        store,
        &Lettori::default(),
        &traguardo_testkit::ctx(store, "INRETE").await,
        &std::fs::read(fixture("budget/004_previsione_peg_2026.txt")).unwrap(),
        "004.txt",
        2026,
        FormatoBilancio::Report,
    )
    .await
    .unwrap();
}

/// Collegamenti uno alla volta: il capitolo è lo stesso in ogni versione del bilancio (il
/// collegamento resta alla versione 2), un doppione è un conflitto, un obiettivo con
/// collegamenti tolto dal piano chiede conferma, il capitolo non si cancella sotto i suoi
/// collegamenti.
async fn collegamenti_per_comando(store: Store) {
    importa(&store, "004").await;
    prospetto_2026(&store).await;
    let t = tenant(&store, "INRETE").await;
    let ctx = Contesto::sistema_come(t, "INRETE", "test");
    let prima: Vec<_> = store.capitoli_identificati(t, 2026).await.unwrap();
    assert_eq!(prima.len(), 266);
    let l = cb::collega_capitolo(
        &store,
        &ctx,
        2026,
        Lato::Spese,
        "1111260/0",
        TipoCollegamentoCapitolo::Obiettivo,
        "DIR-2.1",
    )
    .await
    .unwrap();
    assert_eq!(l.revisione, 1);
    cb::collega_capitolo(
        &store,
        &ctx,
        2026,
        Lato::Spese,
        "1111260/0",
        TipoCollegamentoCapitolo::Progetto,
        "1.01.01",
    )
    .await
    .unwrap();
    match cb::collega_capitolo(
        &store,
        &ctx,
        2026,
        Lato::Spese,
        "1111260/0",
        TipoCollegamentoCapitolo::Obiettivo,
        "DIR-2.1",
    )
    .await
    {
        Err(Errore::Conflitto(m)) => assert!(m.contains("c'è già"), "{m}"),
        altro => panic!("{altro:?}"),
    }
    assert!(matches!(
        cb::collega_capitolo(
            &store,
            &ctx,
            2026,
            Lato::Spese,
            "9999/0",
            TipoCollegamentoCapitolo::Obiettivo,
            "DIR-2.1"
        )
        .await,
        Err(Errore::NonTrovato(_))
    ));
    // Una nuova versione del bilancio: stesse identità, i collegamenti restano.
    let v1 = traguardo_app::bilancio::bilancio(
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
    importa_bilancio(
        &store,
        &Lettori::default(),
        &traguardo_testkit::ctx(&store, "INRETE").await,
        modificato.as_bytes(),
        "var.csv",
        2026,
        FormatoBilancio::Csv,
    )
    .await
    .unwrap();
    assert_eq!(store.versione_corrente_bilancio(t, 2026).await.unwrap(), 2);
    assert_eq!(store.capitoli_identificati(t, 2026).await.unwrap(), prima);
    assert_eq!(
        scalare(&store, "SELECT COUNT(DISTINCT capitolo_id) FROM capitolo").await,
        266
    );
    let letti = store.collegamenti(t, 2026).await.unwrap();
    assert_eq!(letti.len(), 2, "{letti:?}");
    // Il capitolo ha righe nelle versioni: non si cancella per SQL.
    assert!(
        esegui(&store, "DELETE FROM capitolo_identita")
            .await
            .is_err()
    );
    // Togliere l'obiettivo collegato dal piano chiede conferma e lo dice.
    let testo = casi_uso::esporta_piano(
        &store,
        &traguardo_testkit::ctx(&store, "INRETE").await,
        2026,
    )
    .await
    .unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&testo).unwrap();
    file["obiettivi"]
        .as_array_mut()
        .unwrap()
        .retain(|o| o["codice"] != "DIR-2.1");
    let byte = serde_json::to_vec_pretty(&file).unwrap();
    match casi_uso::importa_piano_con(
        &store,
        &sistema(),
        &byte,
        "004-senza.json",
        None,
        OpzioniImportPiano::default(),
    )
    .await
    {
        Err(Errore::Rifiutato(r)) => assert!(
            r.iter().any(|x| x.messaggio.contains("obiettivo DIR-2.1")
                && x.messaggio
                    .contains("1 collegamento a un capitolo di bilancio")),
            "{r:?}"
        ),
        // Il file può essere rifiutato anche per riferimenti all'obiettivo: basta che non passi.
        altro => panic!("{altro:?}"),
    }
    assert_eq!(store.collegamenti(t, 2026).await.unwrap().len(), 2);
    // Scollega: revisione vecchia rifiutata, poi riuscita.
    assert!(matches!(
        cb::scollega_capitolo(
            &store,
            &ctx,
            2026,
            Lato::Spese,
            "1111260/0",
            TipoCollegamentoCapitolo::Obiettivo,
            "DIR-2.1",
            Some(7)
        )
        .await,
        Err(Errore::Conflitto(_))
    ));
    cb::scollega_capitolo(
        &store,
        &ctx,
        2026,
        Lato::Spese,
        "1111260/0",
        TipoCollegamentoCapitolo::Obiettivo,
        "DIR-2.1",
        None,
    )
    .await
    .unwrap();
    assert_eq!(store.collegamenti(t, 2026).await.unwrap().len(), 1);
    // Il ragioniere collega, il dipendente no.
    let dip = utente(t, "INRETE", Ruolo::Dipendente, None);
    assert!(matches!(
        cb::collega_capitolo(
            &store,
            &dip,
            2026,
            Lato::Spese,
            "1111260/0",
            TipoCollegamentoCapitolo::Obiettivo,
            "DIR-2.1"
        )
        .await,
        Err(Errore::NonAutorizzato(_))
    ));
    let rag = utente(t, "INRETE", Ruolo::Ragioneria, None);
    cb::collega_capitolo(
        &store,
        &rag,
        2026,
        Lato::Spese,
        "1111260/0",
        TipoCollegamentoCapitolo::Obiettivo,
        "DIR-2.1",
    )
    .await
    .unwrap();
    assert_eq!(store.collegamenti(t, 2026).await.unwrap().len(), 2);
    // Il comando che elimina l'obiettivo applica la stessa regola della reimportazione: senza
    // conferma rifiuta e dice che cosa andrebbe perso; confermato, il collegamento se ne va con
    // l'obiettivo.
    match traguardo_app::comandi_piano::elimina_obiettivo(
        &store, &ctx, 2026, "DIR-2.1", None, false,
    )
    .await
    {
        Err(Errore::Rifiutato(r)) => assert!(
            r[0].messaggio
                .contains("1 collegamento a un capitolo di bilancio")
                && r[0].messaggio.contains("--confirm"),
            "{r:?}"
        ),
        altro => panic!("{altro:?}"),
    }
    assert_eq!(store.collegamenti(t, 2026).await.unwrap().len(), 2);
    traguardo_app::comandi_piano::elimina_obiettivo(&store, &ctx, 2026, "DIR-2.1", None, true)
        .await
        .unwrap();
    assert_eq!(store.collegamenti(t, 2026).await.unwrap().len(), 1);
}

su_entrambi!(
    id_dell_anagrafica_restano,
    voto_con_revisione,
    nessuno_valuta_se_stesso,
    presa_visione_propria,
    persona_con_voti_chiede_conferma,
    assegnazioni_per_comando,
    collegamenti_per_comando,
);
