//! La Relazione sulla performance e il Nucleo/OIV su SQLite e PostgreSQL (issue 8, punto 4):
//! bozza → approvata (atto del CdA) → validata; osservazioni, accertamenti e proposta per il
//! direttore; il fondo definitivo solo dopo la validazione; e, dopo la validazione, i trigger
//! che congelano voti, prese visione, ripartizioni del fondo e fatti del Nucleo/OIV (un ciclo
//! di SQL grezzo su ogni tabella).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use traguardo_app::Errore;
use traguardo_app::casi_uso;
use traguardo_app::comandi_valutazione as cv;
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_app::relazione::{self as rel, Bersaglio};
use traguardo_app::valutazione::valuta;
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_domain::numeri::Importo;
use traguardo_domain::relazione::StatoRelazione;
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

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn aggregato(v: &traguardo_domain::valutazione::Valutazione, livello: &str) -> Option<Decimal> {
    v.aggregati
        .iter()
        .find(|a| a.livello == livello)
        .and_then(|a| a.raggiungimento)
}

fn obiettivo(o: &str) -> Bersaglio {
    Bersaglio {
        obiettivo: o.into(),
        indicatore: None,
    }
}

async fn scalare(store: &Store, q: &str) -> i64 {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await.unwrap(),
        Store::Postgres(s) => sqlx::query_scalar(q).fetch_one(s.pool()).await.unwrap(),
    }
}

/// Esegue SQL grezzo con un id nuovo come `$1` (se la query lo usa).
async fn grezzo(store: &Store, q: &str) -> Result<u64, String> {
    let usa_id = q.contains("$1");
    let q = sqlx::AssertSqlSafe(q.to_string());
    let id = Uuid::now_v7();
    let r = match store {
        Store::Sqlite(s) => {
            let mut x = sqlx::query(q);
            if usa_id {
                x = x.bind(id);
            }
            x.execute(s.pool()).await.map(|r| r.rows_affected())
        }
        Store::Postgres(s) => {
            let mut x = sqlx::query(q);
            if usa_id {
                x = x.bind(id);
            }
            x.execute(s.pool()).await.map(|r| r.rows_affected())
        }
    };
    r.map_err(|e| e.to_string())
}

const FONDO_ERRORE_BOZZA: &str = "il fondo 2023 diventa definitivo solo dopo la validazione della Relazione sulla performance (oggi è approvata): i premi si pagano dopo la validazione; intanto si può salvare una bozza";

/// La vita della Relazione: chi può fare cosa, gli stati, l'atto, la validazione.
async fn relazione_bozza_approvata_validata(store: Store) {
    let ctx = con_cissa(&store).await;
    let audit_prima = store_audit(&store, &ctx).await;
    // Il Nucleo/OIV non crea né approva; il direttore sì.
    let oiv = come(&ctx, Ruolo::Oiv);
    let dir = come(&ctx, Ruolo::Direttore);
    assert!(matches!(
        rel::crea(&store, &oiv, 2023).await,
        Err(Errore::NonAutorizzato(_))
    ));
    let r = rel::crea(&store, &dir, 2023).await.unwrap();
    assert_eq!(r.stato, StatoRelazione::Bozza);
    assert!(matches!(
        rel::crea(&store, &dir, 2023).await,
        Err(Errore::Conflitto(_))
    ));
    // Validare una bozza: rifiutato con il perché.
    let e = rel::valida(&store, &oiv, 2023, data(2024, 6, 30), "ok")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la Relazione sulla performance 2023 è in bozza: il Nucleo/OIV la valida dopo l'approvazione del CdA (relazione approve --act …)"
    );
    // Un atto scritto male: nulla cambia.
    let e = rel::approva(&store, &dir, 2023, "delibera 12/2024")
        .await
        .unwrap_err();
    assert!(matches!(e, Errore::NonValido(_)), "{e:?}");
    assert!(matches!(
        rel::approva(&store, &oiv, 2023, "deliberazione CdA n. 12 del 28/05/2024").await,
        Err(Errore::NonAutorizzato(_))
    ));
    let r = rel::approva(
        &store,
        &dir,
        2023,
        "deliberazione  CdA n. 12 del 28/05/2024",
    )
    .await
    .unwrap();
    assert_eq!(r.stato, StatoRelazione::Approvata);
    assert_eq!(
        r.atto_approvazione.as_deref(),
        Some("deliberazione CdA n. 12 del 28/05/2024")
    );
    assert_eq!(r.approvata_il, Some(data(2024, 5, 28)));
    assert_eq!(r.revisione, 2);
    // Il direttore non valida; il Nucleo/OIV non valida prima dell'atto del CdA.
    assert!(matches!(
        rel::valida(&store, &dir, 2023, data(2024, 6, 30), "ok").await,
        Err(Errore::NonAutorizzato(_))
    ));
    let e = rel::valida(&store, &oiv, 2023, data(2024, 5, 1), "ok")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la validazione (01/05/2024) non può precedere l'approvazione del CdA (28/05/2024)"
    );
    let r = rel::valida(
        &store,
        &oiv,
        2023,
        data(2024, 6, 30),
        "Il Nucleo valida la Relazione 2023.",
    )
    .await
    .unwrap();
    assert_eq!(r.stato, StatoRelazione::Validata);
    assert_eq!(r.validata_da.as_deref(), Some("oiv"));
    let letta = rel::mostra(&store, &ctx, 2023).await.unwrap();
    assert_eq!(letta.relazione.as_ref(), Some(&r));
    assert_eq!(letta.denominazione_oiv, "Nucleo di valutazione");
    // Validata: non si approva né si valida di nuovo.
    assert!(matches!(
        rel::valida(&store, &oiv, 2023, data(2024, 7, 1), "di nuovo").await,
        Err(Errore::Conflitto(_))
    ));
    // Un evento di audit per ogni scrittura riuscita (crea, approva, valida).
    assert_eq!(store_audit(&store, &ctx).await, audit_prima + 3);
}

async fn store_audit(store: &Store, ctx: &Contesto) -> usize {
    use traguardo_app::porte::PianiRepo;
    store.eventi_audit(ctx.tenant).await.unwrap().len()
}

fn data(a: i32, m: u32, g: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(a, m, g).unwrap()
}

/// Il raggiungimento accertato si vede accanto al dichiarato e vale solo a Relazione validata;
/// il fondo è definitivo solo dopo la validazione; dopo, tutto l'anno è congelato.
async fn premi_definitivi_solo_dopo_la_validazione(store: Store) {
    let ctx = con_cissa(&store).await;
    let oiv = come(&ctx, Ruolo::Oiv);
    let dir = come(&ctx, Ruolo::Direttore);
    let up = come(&ctx, Ruolo::UfficioPersonale);
    // Fatti dell'anno prima della validazione.
    cv::valuta_comportamento(&store, &ctx, 2023, "P01", "C1", d("4"), None)
        .await
        .unwrap();
    cv::prendi_visione(&store, &ctx, 2023, "P01").await.unwrap();
    rel::osserva(
        &store,
        &oiv,
        2023,
        &Bersaglio {
            obiettivo: "D2".into(),
            indicatore: Some(1),
        },
        "dato non documentato",
    )
    .await
    .unwrap();
    // L'indicatore 9 di D2 non c'è.
    let e = rel::osserva(
        &store,
        &oiv,
        2023,
        &Bersaglio {
            obiettivo: "D2".into(),
            indicatore: Some(9),
        },
        "x",
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "l'obiettivo «D2» non ha l'indicatore 9 (ne ha 3)"
    );
    // Il direttore non scrive fatti del Nucleo/OIV.
    assert!(matches!(
        rel::accerta(&store, &dir, 2023, &obiettivo("D1"), d("50"), "x").await,
        Err(Errore::NonAutorizzato(_))
    ));
    let e = rel::accerta(&store, &oiv, 2023, &obiettivo("D1"), d("120"), "x")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "il raggiungimento accertato deve essere tra 0 e 100, non 120,00"
    );
    let a = rel::accerta(&store, &oiv, 2023, &obiettivo("D1"), d("40"), "prime stime")
        .await
        .unwrap();
    assert_eq!(a.revisione, 1);
    let a2 = rel::accerta(
        &store,
        &oiv,
        2023,
        &obiettivo("D1"),
        d("50"),
        "evidenze parziali",
    )
    .await
    .unwrap();
    assert_eq!((a2.id, a2.revisione), (a.id, 2));
    rel::proponi_direttore(&store, &oiv, 2023, d("85"), "risultati buoni")
        .await
        .unwrap();

    // Prima della validazione vale il dichiarato; l'accertato si vede accanto.
    let (_, v, _) = valuta(&store, &ctx, 2023, None).await.unwrap();
    let d1 = v.obiettivi.iter().find(|o| o.codice == "D1").unwrap();
    let acc = d1.accertamento.clone().unwrap();
    assert_eq!(acc.accertato, d("50"));
    assert!(!acc.in_uso);
    assert_eq!(d1.raggiungimento, acc.dichiarato);
    let dichiarato = acc.dichiarato;
    // Calcolo a mano dal 003 al 31/12/2023: D1 100%, D2 100%, D3 100%, D4 100%, D5 80%,
    // D6 100%; punti 10, 10, 8, 7, 7, 8 su 50. Direttore: (1000 + 1000 + 800 + 700 + 560 +
    // 800) ÷ 50 = 97,20%; CdR DIR (media semplice): 580 ÷ 6 = 96,6667%.
    assert_eq!(dichiarato, Some(d("100")));
    assert_eq!(aggregato(&v, "director"), Some(d("97.2")));
    assert_eq!(aggregato(&v, "cdr"), Some(d("96.6667")));

    // Il fondo: bozza sì, definitivo no.
    let fondo = Importo::da_centesimi(10_000_000);
    let (b1, _) = rel::ripartisci_e_memorizza(&store, &up, 2023, fondo, None, false)
        .await
        .unwrap();
    assert_eq!((b1.numero, b1.definitiva), (1, false));
    assert!(matches!(
        rel::ripartisci_e_memorizza(&store, &oiv, 2023, fondo, None, false).await,
        Err(Errore::NonAutorizzato(_))
    ));
    rel::crea(&store, &dir, 2023).await.unwrap();
    rel::approva(&store, &dir, 2023, "deliberazione CdA n. 12 del 28/05/2024")
        .await
        .unwrap();
    let e = rel::ripartisci_e_memorizza(&store, &up, 2023, fondo, None, true)
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), FONDO_ERRORE_BOZZA);
    // Anche il database lo rifiuta, se qualcuno ci prova con l'SQL.
    let e = grezzo(&store, "UPDATE ripartizione_fondo SET stato = 'definitiva'")
        .await
        .unwrap_err();
    assert!(
        e.contains(
            "il fondo diventa definitivo solo dopo la validazione della Relazione sulla performance"
        ),
        "{e}"
    );
    assert_eq!(
        scalare(
            &store,
            "SELECT COUNT(*) FROM ripartizione_fondo WHERE stato = 'definitiva'"
        )
        .await,
        0
    );

    rel::valida(&store, &oiv, 2023, data(2024, 6, 30), "Validata.")
        .await
        .unwrap();

    // Validata: vale l'accertato, nell'obiettivo e negli aggregati.
    let (_, v, _) = valuta(&store, &ctx, 2023, None).await.unwrap();
    let d1 = v.obiettivi.iter().find(|o| o.codice == "D1").unwrap();
    assert_eq!(d1.raggiungimento, Some(d("50")));
    let acc = d1.accertamento.clone().unwrap();
    assert!(acc.in_uso);
    // D1 vale 50% invece di 100%: direttore (4860 − 1000 + 500) ÷ 50 = 87,20%; CdR DIR
    // 530 ÷ 6 = 88,3333%.
    assert_eq!(aggregato(&v, "director"), Some(d("87.2")));
    assert_eq!(aggregato(&v, "cdr"), Some(d("88.3333")));
    assert_eq!(acc.dichiarato, dichiarato);
    let vista = rel::mostra(&store, &ctx, 2023).await.unwrap();
    assert_eq!(vista.accertamenti.len(), 1);
    assert_eq!(vista.accertamenti[0].accertato, d("50"));
    assert!(vista.accertamenti[0].in_uso);
    assert_eq!(vista.osservazioni.len(), 1);
    assert_eq!(vista.osservazioni[0].bersaglio.indicatore, Some(1));

    // Il fondo definitivo, ora: una volta sola.
    let (def, _) = rel::ripartisci_e_memorizza(&store, &up, 2023, fondo, None, true)
        .await
        .unwrap();
    assert_eq!((def.numero, def.definitiva), (2, true));
    let e = rel::ripartisci_e_memorizza(&store, &up, 2023, fondo, None, true)
        .await
        .unwrap_err();
    assert!(matches!(e, Errore::Conflitto(_)), "{e:?}");
    let salvate = rel::ripartizioni(&store, &up, 2023).await.unwrap();
    assert_eq!(
        salvate
            .iter()
            .map(|r| (r.numero, r.definitiva))
            .collect::<Vec<_>>(),
        [(1, false), (2, true)]
    );
    assert_eq!(salvate[1].righe.len(), def.righe.len());
    assert_eq!(
        salvate[1]
            .righe
            .iter()
            .map(|r| r.premio.centesimi())
            .sum::<i64>(),
        def.distribuito.centesimi()
    );

    // Dopo la validazione: i comandi rifiutano con un messaggio chiaro (l'app o il trigger).
    let e = cv::valuta_comportamento(&store, &ctx, 2023, "P01", "C1", d("3"), None)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la Relazione sulla performance è validata: i voti dei comportamenti non si modificano più"
    );
    let e = cv::prendi_visione(&store, &ctx, 2023, "P01")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la Relazione sulla performance è validata: le prese visione non si modificano più"
    );
    let e = rel::accerta(&store, &oiv, 2023, &obiettivo("D1"), d("60"), "x")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la Relazione sulla performance 2023 è validata: i raggiungimenti accertati non si modificano più"
    );
    assert!(matches!(
        rel::osserva(&store, &oiv, 2023, &obiettivo("D1"), "tardiva").await,
        Err(Errore::Conflitto(_))
    ));
    assert!(matches!(
        rel::proponi_direttore(&store, &oiv, 2023, d("90"), "x").await,
        Err(Errore::Conflitto(_))
    ));
    // La decisione del CdA sul direttore si registra anche dopo: non la registra il direttore.
    assert!(matches!(
        rel::decidi_direttore(
            &store,
            &dir,
            2023,
            "deliberazione CdA n. 20 del 15/07/2024",
            None
        )
        .await,
        Err(Errore::NonAutorizzato(_))
    ));
    let p = rel::decidi_direttore(
        &store,
        &up,
        2023,
        "deliberazione CdA n. 20 del 15/07/2024",
        Some(d("80")),
    )
    .await
    .unwrap();
    assert_eq!(p.decisione_punteggio, Some(d("80")));
    assert_eq!(p.punteggio, d("85"));
    assert_eq!(p.decisione_il, Some(data(2024, 7, 15)));
    assert!(matches!(
        rel::decidi_direttore(
            &store,
            &up,
            2023,
            "deliberazione CdA n. 21 del 16/07/2024",
            None
        )
        .await,
        Err(Errore::Conflitto(_))
    ));

    congelato_in_sql(&store).await;
}

/// Tabella, istruzioni grezze che devono essere rifiutate dopo la validazione.
const RIFIUTATE: &[(&str, &[&str])] = &[
    (
        "voto_comportamento",
        &[
            "INSERT INTO voto_comportamento (tenant_id, ciclo_id, persona_id, comportamento, voto_e4, revisione, aggiornato_da, aggiornato_il) \
             SELECT tenant_id, ciclo_id, persona_id, 'ZZ9', voto_e4, 1, 'sql', aggiornato_il FROM voto_comportamento",
            "UPDATE voto_comportamento SET voto_e4 = voto_e4 + 1",
            "DELETE FROM voto_comportamento",
        ],
    ),
    (
        "presa_visione",
        &[
            "INSERT INTO presa_visione (tenant_id, ciclo_id, persona_id, momento, punteggio_e4, revisione, aggiornato_da, aggiornato_il) \
             SELECT p.tenant_id, p.ciclo_id, p.persona_id, v.momento, NULL, 1, 'sql', v.aggiornato_il \
             FROM persona p JOIN presa_visione v ON v.tenant_id = p.tenant_id AND v.ciclo_id = p.ciclo_id \
             WHERE p.persona_id <> v.persona_id",
            "UPDATE presa_visione SET punteggio_e4 = 0",
            "DELETE FROM presa_visione",
        ],
    ),
    (
        "oiv_osservazione",
        &[
            "INSERT INTO oiv_osservazione (tenant_id, id, ciclo_id, obiettivo_id, indicatore_id, testo, registrata_da, registrata_il) \
             SELECT tenant_id, $1, ciclo_id, obiettivo_id, NULL, 'sql', 'sql', registrata_il FROM oiv_osservazione",
            "UPDATE oiv_osservazione SET testo = 'cambiato'",
            "DELETE FROM oiv_osservazione",
        ],
    ),
    (
        "oiv_accertamento",
        &[
            "INSERT INTO oiv_accertamento (tenant_id, id, ciclo_id, obiettivo_id, indicatore_id, raggiungimento_e4, motivo, revisione, aggiornato_da, aggiornato_il) \
             SELECT a.tenant_id, $1, a.ciclo_id, o.id, NULL, 0, 'sql', 1, 'sql', a.aggiornato_il \
             FROM oiv_accertamento a JOIN obiettivo o ON o.tenant_id = a.tenant_id AND o.ciclo_id = a.ciclo_id AND o.codice = 'D3'",
            "UPDATE oiv_accertamento SET raggiungimento_e4 = 0",
            "DELETE FROM oiv_accertamento",
        ],
    ),
    (
        "oiv_proposta_direttore",
        &[
            "UPDATE oiv_proposta_direttore SET punteggio_e4 = 0",
            "UPDATE oiv_proposta_direttore SET decisione_punteggio_e4 = 0",
            "DELETE FROM oiv_proposta_direttore",
        ],
    ),
    (
        "ripartizione_fondo",
        &[
            "INSERT INTO ripartizione_fondo (tenant_id, id, ciclo_id, numero, stato, fondo_cent, distribuito_cent, checkpoint, regola, creata_da, creata_il) \
             SELECT tenant_id, $1, ciclo_id, 99, 'definitiva', fondo_cent, distribuito_cent, checkpoint, regola, 'sql', creata_il FROM ripartizione_fondo WHERE numero = 1",
            "UPDATE ripartizione_fondo SET fondo_cent = 1",
            "UPDATE ripartizione_fondo SET stato = 'bozza' WHERE stato = 'definitiva'",
            "DELETE FROM ripartizione_fondo",
        ],
    ),
    (
        "ripartizione_fondo_riga",
        &[
            "INSERT INTO ripartizione_fondo_riga (tenant_id, ripartizione_id, ciclo_id, posizione, persona_codice, persona_id, nome, ammesso, punteggio_e4, premio_cent) \
             SELECT r.tenant_id, r.ripartizione_id, r.ciclo_id, 9999, r.persona_codice, NULL, r.nome, r.ammesso, 0, 1 \
             FROM ripartizione_fondo_riga r JOIN ripartizione_fondo f ON f.tenant_id = r.tenant_id AND f.id = r.ripartizione_id \
             WHERE f.stato = 'definitiva' AND r.posizione = 0",
            "UPDATE ripartizione_fondo_riga SET premio_cent = premio_cent + 1",
            "DELETE FROM ripartizione_fondo_riga",
        ],
    ),
    (
        "relazione_performance",
        &[
            "UPDATE relazione_performance SET validazione_testo = 'riscritta'",
            "UPDATE relazione_performance SET stato = 'bozza'",
            "DELETE FROM relazione_performance",
        ],
    ),
];

/// Ogni istruzione è rifiutata dal trigger e nessuna riga cambia.
async fn congelato_in_sql(store: &Store) {
    let conta = |t: &str| format!("SELECT COUNT(*) FROM {t}");
    for (tabella, istruzioni) in RIFIUTATE {
        let prima = scalare(store, &conta(tabella)).await;
        assert!(prima > 0, "{tabella}: nessuna riga da provare");
        for q in *istruzioni {
            let e = grezzo(store, q)
                .await
                .expect_err(&format!("{tabella}: accettata «{q}»"));
            assert!(
                e.contains("validata")
                    || e.contains("definitiva")
                    || e.contains("non si modificano"),
                "{tabella}: «{q}» rifiutata per un altro motivo: {e}"
            );
            eprintln!("{tabella}: {e}");
        }
        assert_eq!(scalare(store, &conta(tabella)).await, prima, "{tabella}");
    }
    // La proposta e la decisione restano quelle registrate.
    assert_eq!(
        scalare(
            store,
            "SELECT decisione_punteggio_e4 FROM oiv_proposta_direttore"
        )
        .await,
        800_000
    );
}

su_entrambi!(
    relazione_bozza_approvata_validata,
    premi_definitivi_solo_dopo_la_validazione
);
