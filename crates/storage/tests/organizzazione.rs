//! L'organizzazione nel tempo (migrazione 0012) su SQLite e PostgreSQL: CdR che nascono,
//! persone che entrano, si spostano ed escono, responsabili; un rapporto a una data usa
//! l'organizzazione di quella data; periodi sovrapposti rifiutati (dal caso d'uso e, con SQL
//! grezzo, dai trigger); presenze e part-time importati tutto o niente e usati dal fondo;
//! capofila degli obiettivi condivisi.

use chrono::NaiveDate;
use traguardo_app::Errore;
use traguardo_app::casi_uso;
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::organizzazione as org;
use traguardo_app::porte::{PianiRepo, TenantId};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_app::porte_organizzazione::OrganizzazioneRepo;
use traguardo_app::viste::organizzazione as vista;
use traguardo_domain::accesso::{CodiceCdr, Ruolo, RuoloAssegnato};
use traguardo_domain::numeri::Importo;
use traguardo_domain::piano::LivelloUnita;
use traguardo_storage::Store;
use traguardo_testkit::{DbDiProva, fixture, su_entrambi};

fn d(g: u32, m: u32, a: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(a, m, g).unwrap()
}

async fn importa(store: &Store, f: &str, ente: &str) -> Contesto {
    let byte = std::fs::read(fixture(f)).unwrap();
    casi_uso::importa_piano(store, &Attore::sistema("test"), &byte, f, None)
        .await
        .unwrap();
    traguardo_testkit::ctx(store, ente).await
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

async fn eventi(store: &Store, t: TenantId) -> usize {
    store.eventi_audit(t).await.unwrap().len()
}

/// (CdR, persone) dell'organizzazione alla data.
async fn org_al(store: &Store, ctx: &Contesto, data: NaiveDate) -> Vec<(String, Vec<String>)> {
    vista::organizzazione_alla_data(store, ctx, Some(2026), data)
        .await
        .unwrap()
        .cdr
        .into_iter()
        .map(|c| (c.codice, c.persone.into_iter().map(|p| p.codice).collect()))
        .collect()
}

fn attesa(v: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    v.iter()
        .map(|(c, p)| (c.to_string(), p.iter().map(|x| x.to_string()).collect()))
        .collect()
}

/// INRETE 2026 (004): sei aree dal piano; la U.O. «Sistemi informativi e transizione
/// digitale» nasce il 01/07/2026 in staff alla Direzione con una persona che viene dall'Area
/// Amministrativa (001). Un rapporto al 30/06 e uno al 01/07 vedono due organizzazioni diverse.
async fn un_rapporto_a_una_data_usa_l_organizzazione_di_quella_data(store: Store) {
    let ctx = importa(&store, "plans/004.json", "INRETE").await;
    let prima = eventi(&store, ctx.tenant).await;
    // Chi costruisce l'organizzazione: ufficio personale (e direttore, amministratore).
    let up = come(&ctx, Ruolo::UfficioPersonale);
    org::persona_entra(
        &store,
        &up,
        2026,
        "M101",
        Some("ROSSI ANNA"),
        "001",
        Some("Istruttore amministrativo"),
        d(1, 1, 2026),
    )
    .await
    .unwrap();
    org::persona_entra(
        &store,
        &up,
        2026,
        "M102",
        Some("BIANCHI LUCA"),
        "AFIN",
        None,
        d(1, 1, 2026),
    )
    .await
    .unwrap();
    let e = org::aggiungi_cdr(
        &store,
        &up,
        2026,
        org::NuovoCdr {
            codice: "SIT".into(),
            nome: "Sistemi informativi e transizione digitale".into(),
            livello: LivelloUnita::Uo,
            padre: Some("DIR".into()),
        },
        d(1, 7, 2026),
    )
    .await
    .unwrap();
    assert_eq!(
        e.messaggio,
        "CdR SIT «Sistemi informativi e transizione digitale» attivo dal 01/07/2026"
    );
    let e = org::persona_sposta(
        &store,
        &up,
        2026,
        "M101",
        "SIT",
        Some("Referente U.O."),
        d(1, 7, 2026),
    )
    .await
    .unwrap();
    assert_eq!(
        e.messaggio,
        "M101 (ROSSI ANNA) dal CdR 001 al CdR SIT come Referente U.O. dal 01/07/2026"
    );
    org::nomina_responsabile(&store, &up, 2026, "SIT", "M101", d(1, 7, 2026))
        .await
        .unwrap();
    // M102 guida AFIN dal 01/03; chi esce lascia anche la responsabilità.
    org::nomina_responsabile(&store, &up, 2026, "AFIN", "M102", d(1, 3, 2026))
        .await
        .unwrap();
    org::persona_esce(&store, &up, 2026, "M102", d(31, 10, 2026))
        .await
        .unwrap();
    let e = org::nomina_responsabile(&store, &up, 2026, "AFIN", "M102", d(1, 11, 2026))
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "M102 non è in servizio il 01/11/2026");
    assert_eq!(eventi(&store, ctx.tenant).await, prima + 7);

    let aree = ["DIR", "001", "AFIN", "AMIN", "AINTE", "ATERR"];
    let giugno = org_al(&store, &ctx, d(30, 6, 2026)).await;
    assert_eq!(
        giugno,
        attesa(&[
            (aree[0], &[]),
            (aree[1], &["M101"]),
            (aree[2], &["M102"]),
            (aree[3], &[]),
            (aree[4], &[]),
            (aree[5], &[]),
        ])
    );
    let luglio = org_al(&store, &ctx, d(1, 7, 2026)).await;
    assert_eq!(
        luglio,
        attesa(&[
            (aree[0], &[]),
            (aree[1], &[]),
            (aree[2], &["M102"]),
            (aree[3], &[]),
            (aree[4], &[]),
            (aree[5], &[]),
            ("SIT", &["M101"]),
        ])
    );
    let novembre = org_al(&store, &ctx, d(1, 11, 2026)).await;
    assert_eq!(novembre[2], ("AFIN".to_string(), vec![]));
    let afin = |v: vista::VistaOrganizzazione| {
        let c = v.cdr.into_iter().find(|c| c.codice == "AFIN").unwrap();
        (c.responsabile, c.responsabile_nome)
    };
    // Prima del 01/03 vale il testo del piano (il CdR non aveva periodi di responsabilità).
    let al = |g, m| vista::organizzazione_alla_data(&store, &ctx, None, d(g, m, 2026));
    assert_eq!(
        afin(al(28, 2).await.unwrap()),
        (None, Some("RESPONSABILE AREA FINANZIARIA".into()))
    );
    assert_eq!(
        afin(al(31, 10).await.unwrap()),
        (Some("M102".into()), Some("BIANCHI LUCA".into()))
    );
    assert_eq!(afin(al(1, 11).await.unwrap()), (None, None));
    // Il responsabile della nuova U.O. e quello del piano delle altre.
    let v = vista::organizzazione_alla_data(&store, &ctx, None, d(1, 7, 2026))
        .await
        .unwrap();
    assert_eq!(v.ciclo, 2026);
    let sit = v.cdr.iter().find(|c| c.codice == "SIT").unwrap();
    assert_eq!(sit.responsabile.as_deref(), Some("M101"));
    assert_eq!(sit.responsabile_nome.as_deref(), Some("ROSSI ANNA"));
    assert_eq!(sit.padre.as_deref(), Some("DIR"));
    assert_eq!(sit.persone[0].ruolo.as_deref(), Some("Referente U.O."));
    assert_eq!(sit.persone[0].dal, Some(d(1, 7, 2026)));
    assert_eq!(
        v.cdr[1].responsabile_nome.as_deref(),
        Some("RESPONSABILE AREA AMMINISTRATIVA")
    );
    assert!(
        v.testo().starts_with(
            "Organizzazione di INRETE al 01/07/2026 (ciclo 2026): 7 CdR\n\
         DIR AREA DIREZIONE"
        ),
        "{}",
        v.testo()
    );
    // La stessa storia dal database: M101 ha due incarichi, chiusi e aperti al giorno giusto.
    let (_, ids, s) = org::storia(&store, &ctx, 2026).await.unwrap();
    let m101 = s.persona("M101").unwrap();
    assert_eq!(
        m101.incarichi
            .iter()
            .map(|i| (i.cdr.as_str(), i.periodo.dal, i.periodo.al))
            .collect::<Vec<_>>(),
        [
            ("001", d(1, 1, 2026), Some(d(30, 6, 2026))),
            ("SIT", d(1, 7, 2026), None)
        ]
    );
    assert_eq!(s.cdr_di("M101", d(30, 6, 2026)).as_deref(), Some("001"));
    assert_eq!(s.cdr_di("M102", d(1, 11, 2026)), None);
    assert!(!ids.obiettivi.is_empty());
}

async fn periodi_sovrapposti_e_permessi(store: Store) {
    let ctx = importa(&store, "plans/004.json", "INRETE").await;
    org::persona_entra(
        &store,
        &ctx,
        2026,
        "M101",
        Some("ROSSI ANNA"),
        "001",
        None,
        d(1, 1, 2026),
    )
    .await
    .unwrap();
    let prima = eventi(&store, ctx.tenant).await;
    // Di nuovo in servizio da marzo: si sovrappone.
    let e = org::persona_entra(
        &store,
        &ctx,
        2026,
        "M101",
        None,
        "AFIN",
        None,
        d(1, 3, 2026),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Errore::Conflitto(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "gli incarichi di M101: il periodo dal 01/03/2026 si sovrappone a quello dal 01/01/2026"
    );
    // Una persona nuova senza nome; un CdR che non c'è; una data fuori dal ciclo.
    let e = org::persona_entra(&store, &ctx, 2026, "M999", None, "001", None, d(1, 3, 2026))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la persona «M999» non è nel ciclo 2026: indicane il nome"
    );
    let e = org::persona_sposta(&store, &ctx, 2026, "M101", "XYZ", None, d(1, 3, 2026))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "il CdR «XYZ» non è nel ciclo (CdR: DIR, 001, AFIN, AMIN, AINTE, ATERR)"
    );
    let e = org::persona_entra(
        &store,
        &ctx,
        2026,
        "M102",
        Some("X"),
        "001",
        None,
        d(1, 1, 2030),
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la data 01/01/2030 è fuori dal ciclo (dal 01/01/2026 al 31/12/2028)"
    );
    // Un CdR con qualcuno dentro non si chiude.
    let e = org::chiudi_cdr(&store, &ctx, 2026, "001", d(30, 6, 2026))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "il CdR 001 non si può chiudere il 30/06/2026: vi lavorano ancora dopo quel giorno M101 \
         (prima person-move o person-leave)"
    );
    // Chi legge non modifica l'organizzazione, chi valuta nemmeno.
    for r in [Ruolo::Lettore, Ruolo::Oiv, Ruolo::Responsabile] {
        let e = org::persona_esce(&store, &come(&ctx, r), 2026, "M101", d(30, 6, 2026))
            .await
            .unwrap_err();
        assert!(matches!(e, Errore::NonAutorizzato(_)), "{r:?}: {e:?}");
    }
    assert_eq!(eventi(&store, ctx.tenant).await, prima);
    // Il direttore può.
    org::persona_esce(
        &store,
        &come(&ctx, Ruolo::Direttore),
        2026,
        "M101",
        d(30, 6, 2026),
    )
    .await
    .unwrap();
    org::chiudi_cdr(&store, &ctx, 2026, "001", d(30, 6, 2026))
        .await
        .unwrap();
    let luglio = org_al(&store, &ctx, d(1, 7, 2026)).await;
    assert_eq!(
        luglio.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["DIR", "AFIN", "AMIN", "AINTE", "ATERR"]
    );
    assert_eq!(org_al(&store, &ctx, d(30, 6, 2026)).await.len(), 6);
}

/// I trigger rifiutano i periodi sovrapposti anche a chi scrive SQL a mano.
async fn i_trigger_rifiutano_i_periodi_sovrapposti(store: Store) {
    let ctx = importa(&store, "plans/004.json", "INRETE").await;
    org::persona_entra(
        &store,
        &ctx,
        2026,
        "M101",
        Some("ROSSI ANNA"),
        "001",
        None,
        d(1, 1, 2026),
    )
    .await
    .unwrap();
    org::nomina_responsabile(&store, &ctx, 2026, "001", "M101", d(1, 1, 2026))
        .await
        .unwrap();
    org::chiudi_cdr(&store, &ctx, 2026, "AINTE", d(31, 12, 2026))
        .await
        .unwrap();
    let copie = [
        (
            "persona_incarico",
            "tenant_id, persona_id, cdr_id, ruolo, dal, al, aggiornato_da, aggiornato_il",
            "una persona è in un solo CdR alla volta",
        ),
        (
            "cdr_responsabile",
            "tenant_id, cdr_id, persona_id, dal, al, aggiornato_da, aggiornato_il",
            "un CdR ha un solo responsabile alla volta",
        ),
        (
            "cdr_periodo",
            "tenant_id, cdr_id, dal, al, aggiornato_da, aggiornato_il",
            "la validità di un CdR si sovrappone",
        ),
    ];
    for (tabella, colonne, messaggio) in copie {
        let nuovo_id = match &store {
            Store::Sqlite(_) => "randomblob(16)",
            Store::Postgres(_) => "gen_random_uuid()",
        };
        let q = format!(
            "INSERT INTO {tabella} (id, {colonne}) SELECT {nuovo_id}, {colonne} FROM {tabella} LIMIT 1"
        );
        let e = match &store {
            Store::Sqlite(s) => sqlx::query(sqlx::AssertSqlSafe(q))
                .execute(s.pool())
                .await
                .map(|_| ()),
            Store::Postgres(s) => sqlx::query(sqlx::AssertSqlSafe(q))
                .execute(s.pool())
                .await
                .map(|_| ()),
        }
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("periodi sovrapposti") && e.contains(messaggio),
            "{tabella}: {e}"
        );
        // Anche allungare un periodo chiuso fin dentro il successivo.
    }
    let q = "UPDATE cdr_periodo SET dal = '2026-01-01'";
    let n = match &store {
        Store::Sqlite(s) => sqlx::query(q)
            .execute(s.pool())
            .await
            .map(|r| r.rows_affected()),
        Store::Postgres(s) => sqlx::query("UPDATE cdr_periodo SET dal = DATE '2026-01-01'")
            .execute(s.pool())
            .await
            .map(|r| r.rows_affected()),
    }
    .unwrap();
    assert_eq!(n, 1, "un solo periodo (AINTE), nessuna sovrapposizione");
}

async fn presenze_tutto_o_niente_e_usate_dal_fondo(store: Store) {
    let ctx = importa(&store, "plans/003.json", "CISSA").await;
    let fondo = Importo::da_centesimi(1_000_000);
    let spiegazione = |rip: &traguardo_domain::fondo::Ripartizione, c: &str| {
        rip.premi
            .iter()
            .find(|p| p.codice == c)
            .unwrap()
            .spiegazione
            .clone()
    };
    let (rip, _) =
        traguardo_app::valutazione::ripartisci_fondo(&store, &ctx, 2023, fondo, None, None)
            .await
            .unwrap();
    assert!(
        spiegazione(&rip, "P01").contains("part-time 100,00% × presenza 365/365"),
        "{}",
        spiegazione(&rip, "P01")
    );
    let prima = eventi(&store, ctx.tenant).await;
    let cattivo = "matricola;cognome_nome;giorni_presenza;part_time;ente\n\
                   P01;ALDEGHERI FRANCESCA;200;50;CISSA\n\
                   P99;NESSUNO;200;100;\n\
                   P02;ROSSI MARIA;210;100;\n\
                   P03;ARTIOLI PAOLA;duecento;100;\n\
                   P01;ALDEGHERI FRANCESCA;200;50;\n\
                   P04;BALONIERI FEDERICA;200;150;\n\
                   P05;BATTAGLIA MARCO;200;100;INRETE\n";
    let e = org::importa_presenze(&store, &ctx, 2023, cattivo.as_bytes(), "presenze.csv")
        .await
        .unwrap_err();
    let Errore::Rifiutato(r) = &e else {
        panic!("{e:?}")
    };
    let messaggi: Vec<&str> = r.iter().map(|x| x.messaggio.as_str()).collect();
    assert_eq!(
        messaggi,
        [
            "presenze.csv, riga 3, campo matricola: la matricola «P99» non è tra le persone del ciclo 2023 di CISSA",
            "presenze.csv, riga 4, campo cognome_nome: «ROSSI MARIA» non è il nome della matricola P02 nel piano («ANDREIS ERIKA»)",
            "presenze.csv, riga 5, campo giorni_presenza: «duecento» non è un numero decimale",
            "presenze.csv, riga 6, campo matricola: la matricola «P01» è già alla riga 2",
            "presenze.csv, riga 7, campo part_time: part-time «150» fuori da 0–100 (100 = tempo pieno)",
            "presenze.csv, riga 8, campo ente: la riga è dell'ente «INRETE», non di CISSA",
        ]
    );
    assert_eq!(r[0].riga, Some(3));
    assert_eq!(r[0].colonna, Some(1));
    // Codifica sbagliata (Latin-1): nulla è letto.
    let latino = b"matricola;cognome_nome;giorni_presenza;part_time\nP01;ALDEGHERI FRANCESCA;200;50\nP02;ANDREIS ERIK\xC0;200;100\n";
    let e = org::importa_presenze(&store, &ctx, 2023, latino, "latino.csv")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "dati rifiutati (1 errori), nulla è stato modificato\n  ERRORE [codifica_non_valida] riga 3: \
         latino.csv, riga 3: il file non è in UTF-8 (byte non valido alla posizione 96): salvalo come CSV UTF-8"
    );
    assert_eq!(eventi(&store, ctx.tenant).await, prima);
    assert!(store.presenze(ctx.tenant, 2023).await.unwrap().is_empty());
    // Chi non è dell'ufficio personale non importa.
    let e = org::importa_presenze(
        &store,
        &come(&ctx, Ruolo::Responsabile),
        2023,
        b"matricola;cognome_nome;giorni_presenza;part_time\n",
        "x.csv",
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Errore::NonAutorizzato(_)), "{e:?}");

    let buono = "\u{feff}matricola;cognome_nome;giorni_presenza;part_time\n\
                 P01;Aldegheri Francesca;200;50\n\
                 P02;ANDREIS ERIKA;180;83,33\n";
    let esito = org::importa_presenze(
        &store,
        &come(&ctx, Ruolo::UfficioPersonale),
        2023,
        buono.as_bytes(),
        "presenze.csv",
    )
    .await
    .unwrap();
    assert_eq!((esito.persone, esito.ciclo), (2, 2023));
    assert_eq!(eventi(&store, ctx.tenant).await, prima + 1);
    let p = store.presenze(ctx.tenant, 2023).await.unwrap();
    assert_eq!(
        p.iter()
            .map(|x| (
                x.persona.as_str(),
                x.giorni_presenza,
                x.part_time.to_string()
            ))
            .collect::<Vec<_>>(),
        [
            ("P01", 200, "50".to_string()),
            ("P02", 180, "83.33".to_string())
        ]
    );
    // Il fondo usa i valori importati (e quelli del piano per gli altri).
    let (rip, _) =
        traguardo_app::valutazione::ripartisci_fondo(&store, &ctx, 2023, fondo, None, None)
            .await
            .unwrap();
    assert!(
        spiegazione(&rip, "P01").contains("part-time 50,00% × presenza 200/365"),
        "{}",
        spiegazione(&rip, "P01")
    );
    assert!(
        spiegazione(&rip, "P02").contains("part-time 83,33% × presenza 180/365"),
        "{}",
        spiegazione(&rip, "P02")
    );
    assert!(spiegazione(&rip, "P03").contains("part-time 100,00% × presenza 365/365"));
    // Reimportare sostituisce i valori della stessa persona e lascia gli altri.
    org::importa_presenze(
        &store,
        &ctx,
        2023,
        b"matricola;cognome_nome;giorni_presenza;part_time\nP01;ALDEGHERI FRANCESCA;220;\n",
        "correzione.csv",
    )
    .await
    .unwrap();
    let p = store.presenze(ctx.tenant, 2023).await.unwrap();
    assert_eq!(
        p.iter()
            .map(|x| (x.persona.as_str(), x.giorni_presenza, x.origine.as_str()))
            .collect::<Vec<_>>(),
        [("P01", 220, "correzione.csv"), ("P02", 180, "presenze.csv")]
    );
}

async fn capofila_degli_obiettivi_condivisi(store: Store) {
    let ctx = importa(&store, "plans/004.json", "INRETE").await;
    let v = vista::vista_obiettivi_per_area(&store, &ctx, 2026)
        .await
        .unwrap();
    // 004: cinque obiettivi condivisi, nessun capofila ancora.
    assert_eq!(v.avvisi.len(), 5, "{:?}", v.avvisi);
    assert_eq!(
        v.avvisi[3],
        "l'obiettivo AMIN-2.2 è condiviso da 3 CdR (AMIN, AINTE, ATERR) ma non ha un capofila: \
         plan lead --objective AMIN-2.2 --cdr …"
    );
    let e = org::imposta_capofila(&store, &ctx, 2026, "AMIN-2.2", "AFIN")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "il CdR AFIN non è tra quelli dell'obiettivo AMIN-2.2 (AMIN, AINTE, AINTE, ATERR)"
    );
    org::imposta_capofila(&store, &ctx, 2026, "AMIN-2.2", "AMIN")
        .await
        .unwrap();
    let v = vista::vista_obiettivi_per_area(&store, &ctx, 2026)
        .await
        .unwrap();
    assert_eq!(v.avvisi.len(), 4);
    // L'obiettivo, scritto una volta, compare sotto AMIN, due volte sotto AINTE (2.1 e 2.2) e
    // sotto ATERR, sempre «condiviso, capofila: AMIN».
    let dove: Vec<(String, Option<String>, Option<String>)> = v
        .aree
        .iter()
        .flat_map(|a| {
            a.obiettivi
                .iter()
                .filter(|o| o.codice == "AMIN-2.2")
                .map(|o| (a.cdr.clone(), o.numero.clone(), o.nota.clone()))
        })
        .collect();
    let nota = Some("condiviso, capofila: AMIN".to_string());
    assert_eq!(
        dove,
        [
            ("AMIN".to_string(), Some("2.2".to_string()), nota.clone()),
            ("AINTE".to_string(), Some("2.1".to_string()), nota.clone()),
            ("AINTE".to_string(), Some("2.2".to_string()), nota.clone()),
            ("ATERR".to_string(), Some("2.3".to_string()), nota.clone()),
        ]
    );
}

/// La valutazione individuale usa il CdR di ogni persona alla data del checkpoint (il 31/12
/// per la verifica finale): il responsabile del CdR in cui P01 arriva a settembre ne vede la
/// scheda finale, non quella al 31/08; il responsabile di DIR il contrario.
async fn la_valutazione_usa_il_cdr_alla_data_del_checkpoint(store: Store) {
    let ctx = importa(&store, "plans/003.json", "CISSA").await;
    org::aggiungi_cdr(
        &store,
        &ctx,
        2023,
        org::NuovoCdr {
            codice: "TERR".into(),
            nome: "Area territoriale".into(),
            livello: LivelloUnita::Area,
            padre: None,
        },
        d(1, 9, 2023),
    )
    .await
    .unwrap();
    org::persona_sposta(&store, &ctx, 2023, "P01", "TERR", None, d(1, 9, 2023))
        .await
        .unwrap();
    let responsabile = |cdr: &str| {
        let mut c = come(&ctx, Ruolo::Responsabile);
        c.ruoli[0].cdr = vec![CodiceCdr::new(cdr)];
        c
    };
    let viste = |c: Contesto, cp: Option<&'static str>| {
        let store = store.clone();
        async move {
            traguardo_app::valutazione::valutazione_individuale(&store, &c, 2023, cp)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.persona)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(viste(responsabile("TERR"), None).await, ["P01"]);
    assert!(
        viste(responsabile("TERR"), Some("31/08/2023"))
            .await
            .is_empty()
    );
    let dir_finale = viste(responsabile("DIR"), None).await;
    assert_eq!(dir_finale.len(), 39);
    assert!(!dir_finale.contains(&"P01".to_string()));
    assert_eq!(
        viste(responsabile("DIR"), Some("31/08/2023")).await.len(),
        40
    );
}

su_entrambi!(
    la_valutazione_usa_il_cdr_alla_data_del_checkpoint,
    un_rapporto_a_una_data_usa_l_organizzazione_di_quella_data,
    periodi_sovrapposti_e_permessi,
    i_trigger_rifiutano_i_periodi_sovrapposti,
    presenze_tutto_o_niente_e_usate_dal_fondo,
    capofila_degli_obiettivi_condivisi,
);

/// Un database della versione e68e268 (dati dei cinque seed) migra con un periodo per ogni
/// riga esistente, lungo tutto il ciclo: la validità di ogni CdR, l'incarico di ogni persona nel
/// CdR del piano e il responsabile quando il testo del piano nomina una persona del ciclo.
async fn periodi_dei_dati_migrati(store: &Store) {
    let cissa = traguardo_testkit::ctx(store, "CISSA").await;
    let (_, _, s) = org::storia(store, &cissa, 2023).await.unwrap();
    let anno = Some(traguardo_domain::organizzazione::Periodo::new(
        d(1, 1, 2023),
        Some(d(31, 12, 2023)),
    ));
    assert_eq!(s.persone.len(), 40);
    for p in &s.persone {
        assert_eq!(
            p.incarichi
                .iter()
                .map(|i| (i.cdr.as_str(), Some(i.periodo)))
                .collect::<Vec<_>>(),
            [("DIR", anno)],
            "{}",
            p.codice
        );
    }
    assert_eq!(
        s.cdr[0]
            .validita
            .iter()
            .map(|x| Some(x.1))
            .collect::<Vec<_>>(),
        [anno]
    );
    let r = s.responsabilita("DIR");
    assert_eq!(r.len(), 1);
    let bogge = s
        .persone
        .iter()
        .find(|p| p.nome == "BOGGE ELISABETTA")
        .unwrap();
    assert_eq!(
        (r[0].persona.as_str(), Some(r[0].periodo)),
        (bogge.codice.as_str(), anno)
    );
    let o = vista::organizzazione_alla_data(store, &cissa, None, d(15, 5, 2023))
        .await
        .unwrap();
    assert_eq!(
        o.cdr[0].responsabile_nome.as_deref(),
        Some("BOGGE ELISABETTA")
    );
    assert_eq!(o.cdr[0].persone.len(), 40);
    // INRETE 2026–2028: sei CdR validi per i tre anni; i responsabili del piano sono titoli,
    // non persone, e restano come testo.
    let inrete = traguardo_testkit::ctx(store, "INRETE").await;
    let (_, _, s) = org::storia(store, &inrete, 2026).await.unwrap();
    assert_eq!(s.cdr.len(), 6);
    for c in &s.cdr {
        assert_eq!(
            c.validita.iter().map(|x| x.1).collect::<Vec<_>>(),
            [traguardo_domain::organizzazione::Periodo::new(
                d(1, 1, 2026),
                Some(d(31, 12, 2028))
            )]
        );
    }
    assert!(s.responsabili.is_empty());
    let o = vista::organizzazione_alla_data(store, &inrete, None, d(1, 1, 2027))
        .await
        .unwrap();
    assert_eq!(
        o.cdr[1].responsabile_nome.as_deref(),
        Some("RESPONSABILE AREA AMMINISTRATIVA")
    );
    // I periodi migrati sono periodi come gli altri: una persona si sposta.
    org::aggiungi_cdr(
        store,
        &cissa,
        2023,
        org::NuovoCdr {
            codice: "TERR".into(),
            nome: "Area territoriale".into(),
            livello: LivelloUnita::Area,
            padre: None,
        },
        d(1, 9, 2023),
    )
    .await
    .unwrap();
    org::persona_sposta(store, &cissa, 2023, "P01", "TERR", None, d(1, 9, 2023))
        .await
        .unwrap();
    let (_, _, s) = org::storia(store, &cissa, 2023).await.unwrap();
    assert_eq!(
        s.persona("P01")
            .unwrap()
            .incarichi
            .iter()
            .map(|i| (i.cdr.as_str(), i.periodo.dal, i.periodo.al))
            .collect::<Vec<_>>(),
        [
            ("DIR", d(1, 1, 2023), Some(d(31, 8, 2023))),
            ("TERR", d(1, 9, 2023), Some(d(31, 12, 2023)))
        ]
    );
}

async fn carica_dump(store: &Store, file: &str) {
    let sql = std::fs::read_to_string(fixture(&format!("db/{file}"))).unwrap();
    let r = match store {
        Store::Sqlite(s) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(s.pool())
            .await
            .map(|_| ()),
        Store::Postgres(s) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(s.pool())
            .await
            .map(|_| ()),
    };
    r.unwrap_or_else(|e| panic!("caricamento di {file}: {e}"));
}

#[tokio::test]
async fn sqlite_migrazione_con_i_periodi() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = DbDiProva::sqlite_file_vuoto(dir.path()).await;
    carica_dump(&db.store, "e68e268.sqlite.sql").await;
    db.riapri().await;
    db.store.migra().await.unwrap();
    periodi_dei_dati_migrati(&db.store).await;
    db.chiudi().await;
}

#[tokio::test]
async fn postgres_migrazione_con_i_periodi() {
    let Some(mut db) = DbDiProva::postgres_vuoto().await else {
        eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
        return;
    };
    carica_dump(&db.store, "e68e268.postgres.sql").await;
    db.riapri().await;
    db.store.migra().await.unwrap();
    periodi_dei_dati_migrati(&db.store).await;
    db.chiudi().await;
}
