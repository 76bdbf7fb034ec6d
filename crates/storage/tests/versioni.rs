//! Versioni del piano approvate con un atto, su SQLite e PostgreSQL: i trigger che congelano
//! ogni tabella versionata (SQL diretto: INSERT, UPDATE e DELETE rifiutati su una versione
//! approvata, di nuovo possibili dopo la variazione), l'approvazione rifiutata con gli errori
//! della verifica e la forzatura registrata, l'importazione rifiutata e come variazione, il diff
//! esatto di una variazione, l'errata corrige che lascia intatto il testo approvato.

use traguardo_app::Errore;
use traguardo_app::casi_uso::{self, OpzioniImportPiano};
use traguardo_app::comandi_monitoraggio;
use traguardo_app::comandi_piano::{self, Modifica};
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::porte::{PianiRepo, TenantId};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_app::porte_versioni::{StatoVersione, VersioniRepo};
use traguardo_app::versioni;
use traguardo_app::versioni_diff::{Cambio, CampoCambiato, TipoVoce, VoceDiff};
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::numeri::Percentuale;
use traguardo_domain::piano::StatoStepFile;
use traguardo_domain::rilievi::CodiceRilievo;
use traguardo_storage::Store;
use traguardo_testkit::{fixture, su_entrambi};
use uuid::Uuid;

const ATTO: &str = "deliberazione CdA n. 23 del 31/01/2023";
const CONGELATO: &str = "il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione";

async fn cissa(store: &Store) -> Contesto {
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

/// SQL diretto, con parametri uuid `$1…`: righe toccate o il messaggio d'errore del database.
async fn sql(store: &Store, q: &str, p: &[Uuid]) -> Result<u64, String> {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => {
            let mut x = sqlx::query(q);
            for u in p {
                x = x.bind(*u);
            }
            x.execute(s.pool())
                .await
                .map(|r| r.rows_affected())
                .map_err(|e| e.to_string())
        }
        Store::Postgres(s) => {
            let mut x = sqlx::query(q);
            for u in p {
                x = x.bind(*u);
            }
            x.execute(s.pool())
                .await
                .map(|r| r.rows_affected())
                .map_err(|e| e.to_string())
        }
    }
}

/// Un uuid letto con SQL diretto.
async fn id(store: &Store, q: &str, p: &[Uuid]) -> Uuid {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => {
            let mut x = sqlx::query_scalar::<_, Uuid>(q);
            for u in p {
                x = x.bind(*u);
            }
            x.fetch_one(s.pool()).await.unwrap()
        }
        Store::Postgres(s) => {
            let mut x = sqlx::query_scalar::<_, Uuid>(q);
            for u in p {
                x = x.bind(*u);
            }
            x.fetch_one(s.pool()).await.unwrap()
        }
    }
}

async fn testo(store: &Store, q: &str, p: &[Uuid]) -> String {
    let q = sqlx::AssertSqlSafe(q.to_string());
    match store {
        Store::Sqlite(s) => {
            let mut x = sqlx::query_scalar::<_, String>(q);
            for u in p {
                x = x.bind(*u);
            }
            x.fetch_one(s.pool()).await.unwrap()
        }
        Store::Postgres(s) => {
            let mut x = sqlx::query_scalar::<_, String>(q);
            for u in p {
                x = x.bind(*u);
            }
            x.fetch_one(s.pool()).await.unwrap()
        }
    }
}

/// Una tabella versionata: la riga preparata prima dell'approvazione, e per la prova
/// un'aggiunta, una modifica e una cancellazione. `$1` ente, `$2` ciclo, `$3` obiettivo D1,
/// `$4` primo step di D1, `$5` persona del ciclo, `$6` capitolo, `$7` progetto ZZ1, `$8` un id
/// nuovo.
struct Tabella {
    nome: &'static str,
    prepara: &'static str,
    aggiungi: &'static str,
    modifica: &'static str,
    cancella: &'static str,
}

fn tabelle() -> Vec<Tabella> {
    let t = |nome, prepara, aggiungi, modifica, cancella| Tabella {
        nome,
        prepara,
        aggiungi,
        modifica,
        cancella,
    };
    vec![
        t(
            "area_strategica",
            "INSERT INTO area_strategica (tenant_id, ciclo_id, posizione, codice, nome) VALUES ($1, $2, 900, 'ZZ1', 'area')",
            "INSERT INTO area_strategica (tenant_id, ciclo_id, posizione, codice, nome) VALUES ($1, $2, 901, 'ZZ2', 'area')",
            "UPDATE area_strategica SET nome = 'altra' WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
            "DELETE FROM area_strategica WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
        ),
        t(
            "obiettivo_strategico",
            "INSERT INTO obiettivo_strategico (tenant_id, ciclo_id, posizione, codice, testo) VALUES ($1, $2, 900, 'ZZ1', 's')",
            "INSERT INTO obiettivo_strategico (tenant_id, ciclo_id, posizione, codice, testo) VALUES ($1, $2, 901, 'ZZ2', 's')",
            "UPDATE obiettivo_strategico SET testo = 'x' WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
            "DELETE FROM obiettivo_strategico WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
        ),
        t(
            "obiettivo_operativo",
            "INSERT INTO obiettivo_operativo (tenant_id, ciclo_id, strategico, posizione, codice, testo) VALUES ($1, $2, 'ZZ1', 900, 'ZZ1', 'o')",
            "INSERT INTO obiettivo_operativo (tenant_id, ciclo_id, strategico, posizione, codice, testo) VALUES ($1, $2, 'ZZ1', 901, 'ZZ2', 'o')",
            "UPDATE obiettivo_operativo SET testo = 'x' WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
            "DELETE FROM obiettivo_operativo WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
        ),
        t(
            "programma_ciclo",
            "INSERT INTO programma_ciclo (tenant_id, ciclo_id, posizione, programma) VALUES ($1, $2, 900, '1207')",
            "INSERT INTO programma_ciclo (tenant_id, ciclo_id, posizione, programma) VALUES ($1, $2, 901, '1208')",
            "UPDATE programma_ciclo SET posizione = 902 WHERE tenant_id = $1 AND ciclo_id = $2 AND programma = '1207'",
            "DELETE FROM programma_ciclo WHERE tenant_id = $1 AND ciclo_id = $2 AND programma = '1207'",
        ),
        t(
            "progetto_peg",
            "INSERT INTO progetto_peg (tenant_id, ciclo_id, posizione, codice, nome, id) VALUES ($1, $2, 900, 'ZZ1', 'p', $7)",
            "INSERT INTO progetto_peg (tenant_id, ciclo_id, posizione, codice, nome, id) VALUES ($1, $2, 901, 'ZZ2', 'p', $8)",
            "UPDATE progetto_peg SET nome = 'x' WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
            "DELETE FROM progetto_peg WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
        ),
        t(
            "progetto_programma",
            "INSERT INTO progetto_programma (tenant_id, ciclo_id, progetto, posizione, programma) VALUES ($1, $2, 'ZZ1', 0, '1207')",
            "INSERT INTO progetto_programma (tenant_id, ciclo_id, progetto, posizione, programma) VALUES ($1, $2, 'ZZ1', 1, '1208')",
            "UPDATE progetto_programma SET programma = '1209' WHERE tenant_id = $1 AND ciclo_id = $2 AND progetto = 'ZZ1' AND posizione = 0",
            "DELETE FROM progetto_programma WHERE tenant_id = $1 AND ciclo_id = $2 AND progetto = 'ZZ1' AND posizione = 0",
        ),
        t(
            "servizio",
            "INSERT INTO servizio (tenant_id, ciclo_id, progetto, posizione, codice, nome) VALUES ($1, $2, 'ZZ1', 0, 'S1', 's')",
            "INSERT INTO servizio (tenant_id, ciclo_id, progetto, posizione, codice, nome) VALUES ($1, $2, 'ZZ1', 1, 'S2', 's')",
            "UPDATE servizio SET nome = 'x' WHERE tenant_id = $1 AND ciclo_id = $2 AND progetto = 'ZZ1' AND codice = 'S1'",
            "DELETE FROM servizio WHERE tenant_id = $1 AND ciclo_id = $2 AND progetto = 'ZZ1' AND codice = 'S1'",
        ),
        t(
            "obiettivo",
            "INSERT INTO obiettivo (tenant_id, ciclo_id, id, posizione, codice, tipo, titolo, testi) VALUES ($1, $2, $8, 900, 'ZZ1', 'performance', 'nuovo', (SELECT testi FROM obiettivo WHERE tenant_id = $1 AND id = $3))",
            "INSERT INTO obiettivo (tenant_id, ciclo_id, id, posizione, codice, tipo, titolo, testi) VALUES ($1, $2, $8, 901, 'ZZ2', 'performance', 'nuovo', (SELECT testi FROM obiettivo WHERE tenant_id = $1 AND id = $3))",
            "UPDATE obiettivo SET titolo = 'cambiato' WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
            "DELETE FROM obiettivo WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = 'ZZ1'",
        ),
        t(
            "obiettivo_collegamento",
            "INSERT INTO obiettivo_collegamento (tenant_id, obiettivo_id, tipo, posizione, codice) VALUES ($1, $3, 'unita', 900, 'ZZ1')",
            "INSERT INTO obiettivo_collegamento (tenant_id, obiettivo_id, tipo, posizione, codice) VALUES ($1, $3, 'unita', 901, 'ZZ2')",
            "UPDATE obiettivo_collegamento SET codice = 'ZZ9' WHERE tenant_id = $1 AND obiettivo_id = $3 AND posizione = 900",
            "DELETE FROM obiettivo_collegamento WHERE tenant_id = $1 AND obiettivo_id = $3 AND posizione = 900",
        ),
        t(
            "step",
            "INSERT INTO step (tenant_id, obiettivo_id, id, posizione, descrizione) VALUES ($1, $3, $8, 900, 'step nuovo')",
            "INSERT INTO step (tenant_id, obiettivo_id, id, posizione, descrizione) VALUES ($1, $3, $8, 901, 'step nuovo')",
            "UPDATE step SET descrizione = 'cambiato' WHERE tenant_id = $1 AND obiettivo_id = $3 AND posizione = 900",
            "DELETE FROM step WHERE tenant_id = $1 AND obiettivo_id = $3 AND posizione = 900",
        ),
        t(
            "step_revisione_scadenza",
            "INSERT INTO step_revisione_scadenza (tenant_id, step_id, posizione, scadenza_testo) VALUES ($1, $4, 900, '31/12/2023')",
            "INSERT INTO step_revisione_scadenza (tenant_id, step_id, posizione, scadenza_testo) VALUES ($1, $4, 901, '31/12/2023')",
            "UPDATE step_revisione_scadenza SET scadenza_testo = '30/11/2023' WHERE tenant_id = $1 AND step_id = $4 AND posizione = 900",
            "DELETE FROM step_revisione_scadenza WHERE tenant_id = $1 AND step_id = $4 AND posizione = 900",
        ),
        t(
            "indicatore",
            "INSERT INTO indicatore (tenant_id, id, obiettivo_id, posizione, nome) VALUES ($1, $8, $3, 900, 'indicatore nuovo')",
            "INSERT INTO indicatore (tenant_id, id, obiettivo_id, posizione, nome) VALUES ($1, $8, $3, 901, 'indicatore nuovo')",
            "UPDATE indicatore SET target_testo = '100' WHERE tenant_id = $1 AND obiettivo_id = $3 AND posizione = 900",
            "DELETE FROM indicatore WHERE tenant_id = $1 AND obiettivo_id = $3 AND posizione = 900",
        ),
        t(
            "assegnazione",
            "INSERT INTO assegnazione (tenant_id, id, ciclo_id, persona_id, obiettivo_id, posizione, quota_e4, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $8, $2, $5, $3, 900, 5000, 1, 'test', '2026-01-01T00:00:00Z')",
            "INSERT INTO assegnazione (tenant_id, id, ciclo_id, persona_id, obiettivo_id, posizione, quota_e4, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $8, $2, $5, $3, 901, 5000, 1, 'test', '2026-01-01T00:00:00Z')",
            "UPDATE assegnazione SET quota_e4 = 2500 WHERE tenant_id = $1 AND ciclo_id = $2 AND posizione = 900",
            "DELETE FROM assegnazione WHERE tenant_id = $1 AND ciclo_id = $2 AND posizione = 900",
        ),
        t(
            "collegamento_capitolo",
            "INSERT INTO collegamento_capitolo (tenant_id, id, capitolo_id, obiettivo_id, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $8, $6, $3, 1, 'test', '2026-01-01T00:00:00Z')",
            "INSERT INTO collegamento_capitolo (tenant_id, id, capitolo_id, progetto_id, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $8, $6, $7, 1, 'test', '2026-01-01T00:00:00Z')",
            "UPDATE collegamento_capitolo SET revisione = revisione + 1 WHERE tenant_id = $1 AND capitolo_id = $6 AND obiettivo_id = $3",
            "DELETE FROM collegamento_capitolo WHERE tenant_id = $1 AND capitolo_id = $6 AND obiettivo_id = $3",
        ),
        t(
            "obiettivo_capofila",
            "INSERT INTO obiettivo_capofila (tenant_id, obiettivo_id, cdr_id, aggiornato_da, aggiornato_il) SELECT $1, $3, u.id, 'test', '2026-01-01T00:00:00Z' FROM unita_organizzativa u WHERE u.tenant_id = $1 AND u.ciclo_id = $2 ORDER BY u.posizione LIMIT 1",
            "INSERT INTO obiettivo_capofila (tenant_id, obiettivo_id, cdr_id, aggiornato_da, aggiornato_il) SELECT $1, o.id, u.id, 'test', '2026-01-01T00:00:00Z' FROM obiettivo o JOIN unita_organizzativa u ON u.tenant_id = o.tenant_id AND u.ciclo_id = o.ciclo_id WHERE o.tenant_id = $1 AND o.ciclo_id = $2 AND o.codice = 'D2' ORDER BY u.posizione LIMIT 1",
            "UPDATE obiettivo_capofila SET aggiornato_da = 'altro' WHERE tenant_id = $1 AND obiettivo_id = $3",
            "DELETE FROM obiettivo_capofila WHERE tenant_id = $1 AND obiettivo_id = $3",
        ),
    ]
}

/// I parametri usati da un'istruzione (`$n` più alto), con un id nuovo in `$8`.
fn parametri(q: &str, base: &[Uuid; 7]) -> Vec<Uuid> {
    let n = (1..=8)
        .rev()
        .find(|i| q.contains(&format!("${i}")))
        .unwrap_or(0);
    let mut p: Vec<Uuid> = base.to_vec();
    p.push(Uuid::now_v7());
    p.truncate(n);
    p
}

async fn congelamento_su_ogni_tabella_versionata(store: Store) {
    let ctx = cissa(&store).await;
    let (p, ids) = store
        .carica_piano_identificato(ctx.tenant, 2023)
        .await
        .unwrap()
        .unwrap();
    let i = p.obiettivi.iter().position(|o| o.codice == "D1").unwrap();
    let t = ctx.tenant.0;
    let ciclo = ids.ciclo.0;
    let obiettivo = ids.obiettivi[i].id.0;
    let step = ids.obiettivi[i].steps[0].0;
    let persona = id(
        &store,
        "SELECT persona_id FROM persona WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione LIMIT 1",
        &[t, ciclo],
    )
    .await;
    let capitolo = Uuid::now_v7();
    sql(
        &store,
        "INSERT INTO capitolo_identita (tenant_id, id, esercizio, lato, codice) VALUES ($1, $2, 2023, 'spesa', 'ZZ1')",
        &[t, capitolo],
    )
    .await
    .unwrap();
    let progetto = Uuid::now_v7();
    let base = [t, ciclo, obiettivo, step, persona, capitolo, progetto];
    for x in tabelle() {
        let n = sql(&store, x.prepara, &parametri(x.prepara, &base))
            .await
            .unwrap_or_else(|e| panic!("{}: preparazione: {e}", x.nome));
        assert_eq!(n, 1, "{}", x.nome);
    }
    // Le righe preparate non sono un piano valido (programmi e CdR inventati): forzatura.
    versioni::approva(&store, &ctx, 2023, ATTO, Some("prova dei trigger"))
        .await
        .unwrap();
    for x in tabelle() {
        for (cosa, q) in [
            ("INSERT", x.aggiungi),
            ("UPDATE", x.modifica),
            ("DELETE", x.cancella),
        ] {
            let e = sql(&store, q, &parametri(q, &base)).await;
            match e {
                Err(m) => assert!(m.contains(CONGELATO), "{} {cosa}: {m}", x.nome),
                Ok(n) => panic!(
                    "{} {cosa} accettato su un piano approvato ({n} righe)",
                    x.nome
                ),
            }
        }
    }
    // La versione approvata non si cambia né si cancella.
    let e = sql(
        &store,
        "UPDATE piano_versione SET forzatura_motivo = 'altro' WHERE tenant_id = $1 AND ciclo_id = $2",
        &[t, ciclo],
    )
    .await
    .unwrap_err();
    assert!(
        e.contains("una versione approvata del piano non si modifica"),
        "{e}"
    );
    let e = sql(
        &store,
        "DELETE FROM piano_versione WHERE tenant_id = $1 AND ciclo_id = $2",
        &[t, ciclo],
    )
    .await
    .unwrap_err();
    assert!(
        e.contains("una versione approvata del piano non si cancella"),
        "{e}"
    );
    // La memorizzazione traduce il rifiuto del trigger in un conflitto in italiano (qui senza
    // il controllo del caso d'uso, che lo precede con il numero e l'atto).
    let e = store
        .salva_piano(
            ctx.tenant,
            &p,
            &ids,
            &Attore::sistema("test").evento("prova", "prova".into()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Errore::Conflitto(m) if m == CONGELATO),
        "{e:?}"
    );
    // Dopo la variazione le stesse scritture passano (in ordine inverso: i figli prima).
    versioni::varia(&store, &ctx, 2023).await.unwrap();
    for x in tabelle().iter().rev() {
        for (cosa, q) in [
            ("INSERT", x.aggiungi),
            ("UPDATE", x.modifica),
            ("DELETE", x.cancella),
        ] {
            let n = sql(&store, q, &parametri(q, &base))
                .await
                .unwrap_or_else(|e| panic!("{} {cosa} dopo la variazione: {e}", x.nome));
            assert_eq!(n, 1, "{} {cosa} dopo la variazione", x.nome);
        }
    }
}

async fn approvazione_rifiutata_con_gli_errori_e_forzatura_registrata(store: Store) {
    let ctx = cissa(&store).await;
    let (_, ids) = store
        .carica_piano_identificato(ctx.tenant, 2023)
        .await
        .unwrap()
        .unwrap();
    // Un programma fuori catalogo, scritto direttamente: la verifica dà un errore.
    sql(
        &store,
        "INSERT INTO obiettivo_collegamento (tenant_id, obiettivo_id, tipo, posizione, codice) VALUES ($1, $2, 'programma', 900, '9999')",
        &[ctx.tenant.0, ids.obiettivi[0].id.0],
    )
    .await
    .unwrap();
    // Chi non ha ApprovaPiano non approva.
    let e = versioni::approva(&store, &come(&ctx, Ruolo::Responsabile), 2023, ATTO, None).await;
    assert!(matches!(e, Err(Errore::NonAutorizzato(_))), "{e:?}");
    // Atto scritto male: errore chiaro, nulla cambia.
    let e = versioni::approva(&store, &ctx, 2023, "delibera 23 del 2023", None)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "nell'atto «delibera 23 del 2023» manca «n.»: atteso «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>», per esempio «deliberazione CdA n. 23 del 30/01/2023»"
    );
    let Err(Errore::Rifiutato(r)) = versioni::approva(&store, &ctx, 2023, ATTO, None).await else {
        panic!("approvazione con errori accettata");
    };
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].codice, CodiceRilievo::ProgrammaSconosciuto);
    assert_eq!(
        r[0].messaggio,
        "il programma «9999» non è nel catalogo D.Lgs. 118/2011 delle missioni e dei programmi (codice a 4 cifre, es. 1207)"
    );
    assert_eq!(
        r[1].messaggio,
        "la versione 1 non è stata approvata: correggi gli errori, oppure approva con --override \"motivo\""
    );
    // La forzatura senza motivo non vale.
    let e = versioni::approva(&store, &ctx, 2023, ATTO, Some("   "))
        .await
        .unwrap_err();
    assert!(matches!(e, Errore::NonValido(_)), "{e:?}");
    let v = versioni::versioni(&store, &ctx, 2023).await.unwrap();
    assert_eq!(v.versioni.len(), 1);
    assert_eq!(v.versioni[0].stato, StatoVersione::Bozza);
    // Con il motivo: approvata, e il motivo resta nella versione e nell'audit.
    let direttore = come(&ctx, Ruolo::Direttore);
    let esito = versioni::approva(
        &store,
        &direttore,
        2023,
        ATTO,
        Some("il programma sarà aggiunto al catalogo"),
    )
    .await
    .unwrap();
    assert_eq!(esito.numero, 1);
    assert_eq!(esito.atto, ATTO);
    assert_eq!(esito.errori_forzati.len(), 1);
    let v = versioni::versione(&store, &ctx, 2023, 1).await.unwrap();
    assert_eq!(v.stato, StatoVersione::Approvata);
    assert_eq!(v.atto.as_deref(), Some(ATTO));
    assert_eq!(v.approvata_da.as_deref(), Some("direttore"));
    assert_eq!(
        v.forzatura_motivo.as_deref(),
        Some("il programma sarà aggiunto al catalogo")
    );
    let audit = store.eventi_audit(ctx.tenant).await.unwrap();
    let ultimo = audit.last().unwrap();
    assert_eq!(ultimo.azione, "piano.approva");
    assert_eq!(
        ultimo.oggetto,
        "piano CISSA 2023: versione 1 approvata con deliberazione CdA n. 23 del 31/01/2023 (con forzatura)"
    );
    assert!(
        ultimo
            .dopo
            .as_deref()
            .unwrap()
            .contains("il programma sarà aggiunto al catalogo")
    );
    // L'atto è un'entità del ciclo: approvare di nuovo con lo stesso atto (dopo una variazione)
    // riusa la stessa riga.
    versioni::varia(&store, &ctx, 2023).await.unwrap();
    versioni::approva(&store, &ctx, 2023, ATTO, Some("ancora"))
        .await
        .unwrap();
    let atti = testo(
        &store,
        "SELECT CAST(COUNT(*) AS TEXT) FROM atto WHERE tenant_id = $1 AND tipo = 'deliberazione' AND organo = 'CdA' AND numero = '23'",
        &[ctx.tenant.0],
    )
    .await;
    assert_eq!(atti, "1");
}

async fn importazione_rifiutata_e_come_variazione(store: Store) {
    let ctx = cissa(&store).await;
    versioni::sottoponi(&store, &ctx, 2023).await.unwrap();
    assert_eq!(
        versioni::versione(&store, &ctx, 2023, 1)
            .await
            .unwrap()
            .stato,
        StatoVersione::Proposta
    );
    versioni::approva(&store, &ctx, 2023, ATTO, None)
        .await
        .unwrap();
    let byte = std::fs::read(fixture("plans/003.json")).unwrap();
    let attore = Attore::sistema("test");
    let importa = |come_variazione| {
        casi_uso::importa_piano_con(
            &store,
            &attore,
            &byte,
            "003.json",
            None,
            OpzioniImportPiano {
                come_variazione,
                conferma: true,
                ..Default::default()
            },
        )
    };
    let e = importa(false).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "la versione 1 è approvata (atto deliberazione CdA n. 23 del 31/01/2023): usa `plan vary`"
    );
    // Anche un comando del piano.
    let e = comandi_piano::modifica_obiettivo(
        &store,
        &ctx,
        2023,
        "D1",
        None,
        Modifica::Titolo("nuovo".into()),
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la versione 1 è approvata (atto deliberazione CdA n. 23 del 31/01/2023): usa `plan vary`"
    );
    // E un'assegnazione, che è nel piano.
    let e = traguardo_app::comandi_valutazione::assegna_persona(
        &store, &ctx, 2023, "P01", "D1", None, None, None,
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la versione 1 è approvata (atto deliberazione CdA n. 23 del 31/01/2023): usa `plan vary`"
    );
    // Il monitoraggio continua sul piano approvato.
    comandi_monitoraggio::registra_stato(
        &store,
        &ctx,
        2023,
        StatoStepFile {
            checkpoint: "31/12/2023".into(),
            obiettivo: "D1".into(),
            step: 1,
            stato: Some(StatoStep::Realizzato),
            percentuale: None,
            testo: Some("fatto".into()),
            consuntivo: None,
            data_completamento: None,
            atti: vec![],
        },
    )
    .await
    .unwrap();
    let esito = importa(true).await.unwrap();
    assert_eq!(esito.variazione, Some(2));
    let v = versioni::versioni(&store, &ctx, 2023).await.unwrap();
    let stati: Vec<_> = v.versioni.iter().map(|x| (x.numero, x.stato)).collect();
    assert_eq!(
        stati,
        vec![(1, StatoVersione::Approvata), (2, StatoVersione::Bozza)]
    );
    let e = importa(true).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "--as-variation: la versione 2 del piano 2023 è ancora bozza, non approvata: importa senza --as-variation"
    );
    // Senza --as-variation, sulla bozza, si importa.
    importa(false).await.unwrap();
}

async fn il_diff_di_una_variazione_mostra_solo_il_suo_cambio(store: Store) {
    let ctx = cissa(&store).await;
    versioni::approva(&store, &ctx, 2023, ATTO, None)
        .await
        .unwrap();
    versioni::varia(&store, &ctx, 2023).await.unwrap();
    let d = versioni::diff(&store, &ctx, 2023, 1, 2).await.unwrap();
    assert_eq!(d.voci, vec![]);
    // La variazione cambia il peso di uno step (D1 ha 4 step senza peso).
    let p = casi_uso::piano(&store, &ctx, 2023).await.unwrap();
    let d1 = p.obiettivi.iter().find(|o| o.codice == "D1").unwrap();
    let mut pesi: Vec<Option<Percentuale>> = d1.steps.iter().map(|s| s.peso).collect();
    assert_eq!(pesi[1], None);
    pesi[1] = Some(Percentuale("25".parse().unwrap()));
    comandi_piano::modifica_obiettivo(
        &store,
        &ctx,
        2023,
        "D1",
        None,
        Modifica::PesiStep(pesi),
        false,
    )
    .await
    .unwrap();
    let d = versioni::diff(&store, &ctx, 2023, 1, 2).await.unwrap();
    assert_eq!(
        d.voci,
        vec![VoceDiff {
            tipo: TipoVoce::Step,
            cambio: Cambio::Modificato,
            oggetto: "step 2 dell'obiettivo D1".into(),
            campi: vec![CampoCambiato {
                campo: "peso".into(),
                prima: None,
                dopo: Some("25,00%".into()),
            }],
        }]
    );
    assert_eq!(
        d.to_string(),
        "Piano CISSA 2023: dalla versione 1 alla versione 2\n~ modificato: step 2 dell'obiettivo D1\n    peso: (vuoto) → «25,00%»\n"
    );
    // Approvata la variazione, il diff si legge dai due contenuti approvati: lo stesso.
    versioni::approva(
        &store,
        &ctx,
        2023,
        "deliberazione CdA n. 40 del 30/06/2023",
        None,
    )
    .await
    .unwrap();
    let d2 = versioni::diff(&store, &ctx, 2023, 1, 2).await.unwrap();
    assert_eq!(d2.voci, d.voci);
    // E al contrario.
    let inverso = versioni::diff(&store, &ctx, 2023, 2, 1).await.unwrap();
    assert_eq!(inverso.voci[0].campi[0].prima.as_deref(), Some("25,00%"));
    // export --version: la 1 senza il peso, la 2 con.
    let v1 = versioni::esporta_versione(&store, &ctx, 2023, 1, false)
        .await
        .unwrap();
    let v2 = versioni::esporta_versione(&store, &ctx, 2023, 2, false)
        .await
        .unwrap();
    assert_ne!(v1, v2);
    assert_eq!(
        v2,
        casi_uso::esporta_piano(&store, &ctx, 2023).await.unwrap()
    );
    let e = versioni::esporta_versione(&store, &ctx, 2023, 3, false)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "il piano del ciclo 2023 non ha la versione 3"
    );
}

async fn errata_lascia_intatto_il_testo_approvato(store: Store) {
    let ctx = cissa(&store).await;
    let e = versioni::errata(&store, &ctx, 2023, 1, "motivo", None)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la versione 1 è bozza: l'errata corrige si scrive solo su una versione approvata (la bozza si corregge direttamente)"
    );
    versioni::approva(&store, &ctx, 2023, ATTO, None)
        .await
        .unwrap();
    let contenuto = |store: Store, t: TenantId| async move {
        testo(
            &store,
            "SELECT contenuto FROM piano_versione WHERE tenant_id = $1 AND numero = 1",
            &[t.0],
        )
        .await
    };
    let prima = contenuto(store.clone(), ctx.tenant).await;
    let export_prima = versioni::esporta_versione(&store, &ctx, 2023, 1, true)
        .await
        .unwrap();
    // L'esportazione della versione approvata è quella del piano con gli id di quel momento.
    assert_eq!(
        export_prima,
        casi_uso::esporta_piano_con_id(&store, &ctx, 2023)
            .await
            .unwrap()
    );
    let e = versioni::errata(&store, &ctx, 2023, 1, "  ", None)
        .await
        .unwrap_err();
    assert!(matches!(e, Errore::NonValido(_)), "{e:?}");
    let v = versioni::errata(
        &store,
        &ctx,
        2023,
        1,
        "nella versione approvata è stato erroneamente indicato \"Regolamento per l'ordinamento degli uffici e dei servizi\"",
        Some("Regolamento per la disciplina del lavoro agile"),
    )
    .await
    .unwrap();
    assert_eq!(v.errata.len(), 1);
    assert_eq!(v.errata[0].autore, "sistema:test");
    assert_eq!(
        v.errata[0].testo.as_deref(),
        Some("Regolamento per la disciplina del lavoro agile")
    );
    assert_eq!(contenuto(store.clone(), ctx.tenant).await, prima);
    assert_eq!(
        versioni::esporta_versione(&store, &ctx, 2023, 1, true)
            .await
            .unwrap(),
        export_prima
    );
    // L'errata si vede nell'elenco delle versioni.
    let elenco = versioni::testo_versioni(&versioni::versioni(&store, &ctx, 2023).await.unwrap());
    assert!(
        elenco.contains("testo corretto: Regolamento per la disciplina del lavoro agile"),
        "{elenco}"
    );
    // L'errata stessa non si cambia né si cancella.
    for q in [
        "UPDATE errata_corrige SET motivo = 'altro' WHERE tenant_id = $1",
        "DELETE FROM errata_corrige WHERE tenant_id = $1",
    ] {
        let e = sql(&store, q, &[ctx.tenant.0]).await.unwrap_err();
        assert!(e.contains("un'errata corrige non si"), "{e}");
    }
}

async fn la_versione_uno_nasce_con_il_ciclo(store: Store) {
    let ctx = cissa(&store).await;
    let v = store.versioni(ctx.tenant, 2023).await.unwrap().unwrap();
    assert_eq!(v.versioni.len(), 1);
    assert_eq!(v.versioni[0].numero, 1);
    assert_eq!(v.versioni[0].stato, StatoVersione::Bozza);
    assert_eq!(v.versioni[0].creata_da, "sistema:test");
    // Reimportare non crea altre versioni.
    let byte = std::fs::read(fixture("plans/003.json")).unwrap();
    casi_uso::importa_piano(&store, &Attore::sistema("test"), &byte, "003.json", None)
        .await
        .unwrap();
    let v = store.versioni(ctx.tenant, 2023).await.unwrap().unwrap();
    assert_eq!(v.versioni.len(), 1);
    // Variazione solo da una versione approvata; la proposta non si propone due volte.
    let e = versioni::varia(&store, &ctx, 2023).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "la versione 1 è ancora bozza: la variazione si apre solo da una versione approvata"
    );
    versioni::sottoponi(&store, &ctx, 2023).await.unwrap();
    let e = versioni::sottoponi(&store, &ctx, 2023).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "la versione 1 è già proposta: si approva con `plan approve --act …`"
    );
    let e = versioni::versioni(&store, &ctx, 2030).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "l'ente «CISSA» non ha un ciclo che inizia nel 2030"
    );
}

su_entrambi!(
    congelamento_su_ogni_tabella_versionata,
    approvazione_rifiutata_con_gli_errori_e_forzatura_registrata,
    importazione_rifiutata_e_come_variazione,
    il_diff_di_una_variazione_mostra_solo_il_suo_cambio,
    errata_lascia_intatto_il_testo_approvato,
    la_versione_uno_nasce_con_il_ciclo,
);
