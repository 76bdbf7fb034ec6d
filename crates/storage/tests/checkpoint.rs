//! La vita dei checkpoint e le dilazioni decise con un atto, con i casi d'uso, su SQLite e
//! PostgreSQL: il sigillo tiene ciò che è stato inviato anche dopo le modifiche, il checkpoint
//! chiuso rifiuta i fatti con un messaggio che dice quando è stato chiuso, il direttore non
//! concede le proprie dilazioni, un atto del CdA le salda tutte, «richiesta, in attesa di atto».

use traguardo_app::Errore;
use traguardo_app::casi_uso;
use traguardo_app::checkpoint::{self as k, CheckpointRepo};
use traguardo_app::comandi_monitoraggio::{self as comandi, Decisione};
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::porte::{MonitoraggioRepo, PianiRepo};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_app::porte_fatti::FattiRepo;
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_domain::checkpoint::StatoCheckpoint;
use traguardo_domain::monitoraggio::StatoStep;
use traguardo_domain::piano::{DilazioneFile, EsitoDilazione, StatoStepFile};
use traguardo_storage::Store;
use traguardo_testkit::{fixture, su_entrambi};

async fn con_cissa(store: &Store) -> Contesto {
    let byte = std::fs::read(fixture("plans/003.json")).unwrap();
    casi_uso::importa_piano(store, &Attore::sistema("test"), &byte, "003.json", None)
        .await
        .unwrap();
    traguardo_testkit::ctx(store, "CISSA").await
}

fn come(ctx: &Contesto, ruoli: &[Ruolo]) -> Contesto {
    let mut c = ctx.clone();
    c.utente = Attore::Utente {
        id: UtenteId(uuid::Uuid::nil()),
        login: format!("{:?}", ruoli[0]).to_lowercase(),
    };
    c.ruoli = ruoli.iter().map(|r| RuoloAssegnato::semplice(*r)).collect();
    c
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
        atti: vec![],
        data_completamento: None,
    }
}

fn richiesta(obiettivo: &str, step: u32, checkpoint: &str) -> DilazioneFile {
    DilazioneFile {
        obiettivo: obiettivo.into(),
        step,
        checkpoint: checkpoint.into(),
        motivo: "ritardo del fornitore".into(),
        scadenza_proposta: "entro marzo 2024".into(),
        esito: EsitoDilazione::InAttesa,
        atto: None,
        data_esito: None,
    }
}

async fn il_sigillo_tiene_cio_che_e_stato_inviato(store: Store) {
    let ctx = con_cissa(&store).await;
    let dir = come(&ctx, &[Ruolo::Direttore]);
    comandi::registra_stato(&store, &dir, 2023, stato("D1", 1, "Inviato al Nucleo"))
        .await
        .unwrap();
    // Chi non gestisce i checkpoint non trasmette.
    for r in [Ruolo::Oiv, Ruolo::Responsabile, Ruolo::Lettore] {
        let e = k::trasmetti(&store, &come(&ctx, &[r]), 2023, "31/12/2023", None).await;
        assert!(matches!(e, Err(Errore::NonAutorizzato(_))), "{r:?}: {e:?}");
    }
    // Una data di redazione prima della data di riferimento è rifiutata, nulla cambia.
    let e = k::trasmetti(&store, &dir, 2023, "31/12/2023", Some(d(2023, 12, 30)))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "la data di redazione 30/12/2023 precede la data di riferimento del checkpoint «31/12/2023» (31/12/2023)"
    );
    // La verifica al 31/12 scritta a febbraio, trasmessa dall'ufficio personale.
    let up = come(&ctx, &[Ruolo::UfficioPersonale]);
    let esito = k::trasmetti(&store, &up, 2023, "2023-12-31", Some(d(2024, 2, 20)))
        .await
        .unwrap();
    assert_eq!(esito.stato, StatoCheckpoint::Trasmesso);
    assert_eq!(esito.revisione, 2);
    let (n, impronta) = esito.sigillo.clone().unwrap();
    assert_eq!(n, 1);
    let elenco = k::elenco(&store, &ctx, 2023).await.unwrap();
    assert_eq!(elenco.len(), 2);
    assert_eq!(elenco[0].stato, StatoCheckpoint::Aperto);
    let f = &elenco[1];
    assert_eq!(
        (
            f.codice.as_str(),
            f.stato,
            f.data_redazione.as_deref(),
            f.sigilli
        ),
        (
            "31/12/2023",
            StatoCheckpoint::Trasmesso,
            Some("20/02/2024"),
            1
        )
    );
    assert_eq!(f.trasmesso_da.as_deref(), Some("ufficiopersonale"));
    // Il sigillo: 34 stati, 1 relazione (D5), 2 cause (finale), nessun valore né dilazione.
    let (_, ids) = comandi::carica(&store, &ctx, 2023).await.unwrap();
    let finale = store
        .checkpoint_del_ciclo(ctx.tenant, ids.ciclo)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.finale)
        .unwrap();
    let sigilli = store.sigilli(ctx.tenant, finale.id).await.unwrap();
    assert_eq!(sigilli.len(), 1);
    assert_eq!(sigilli[0].impronta, impronta);
    assert_eq!(k::impronta(&sigilli[0].contenuto), impronta);
    let inviato: k::ContenutoSigillo = serde_json::from_str(&sigilli[0].contenuto).unwrap();
    assert_eq!(inviato.voci.len(), 37);
    assert_eq!(inviato.data_redazione, Some(d(2024, 2, 20)));
    let conta = |t: &str| inviato.voci.iter().filter(|v| v.tipo == t).count();
    assert_eq!(
        (
            conta("stato"),
            conta("relazione"),
            conta("causa"),
            conta("valore"),
            conta("dilazione")
        ),
        (34, 1, 2, 0, 0)
    );
    // Trasmesso non è chiuso: le modifiche sono revisioni.
    comandi::registra_stato(&store, &dir, 2023, stato("D1", 1, "Corretto dopo l'invio"))
        .await
        .unwrap();
    let c = k::confronto(&store, &ctx, 2023, "31/12/2023")
        .await
        .unwrap();
    assert!(c.impronta_verificata);
    assert_eq!(c.variate, 1);
    assert_eq!(c.voci.len(), 37);
    let v = c.voci.iter().find(|v| v.variato).unwrap();
    assert_eq!(
        (
            v.tipo.as_str(),
            v.obiettivo.as_str(),
            v.posizione,
            v.esito.as_str()
        ),
        ("stato", "D1", Some(1), "variato dopo la trasmissione")
    );
    assert_eq!(v.id, ids.obiettivi[0].steps[0].to_string());
    assert_eq!(
        v.inviato.as_deref(),
        Some("stato: realizzato; testo: Inviato al Nucleo")
    );
    assert_eq!(
        v.attuale.as_deref(),
        Some("stato: realizzato; testo: Corretto dopo l'invio")
    );
    // Il sigillo non è cambiato.
    let dopo = store.sigilli(ctx.tenant, finale.id).await.unwrap();
    assert_eq!(dopo, sigilli);
    // Una seconda trasmissione senza riaprire è rifiutata.
    let e = k::trasmetti(&store, &dir, 2023, "31/12/2023", None)
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("il checkpoint «31/12/2023» è già stato trasmesso il "),
        "{e}"
    );
    // Riaperto e trasmesso di nuovo: un secondo sigillo, e il confronto riparte da lì.
    let r = k::riapri(&store, &dir, 2023, "31/12/2023").await.unwrap();
    assert_eq!(r.stato, StatoCheckpoint::Aperto);
    let e2 = k::trasmetti(&store, &dir, 2023, "31/12/2023", None)
        .await
        .unwrap();
    assert_eq!(e2.sigillo.as_ref().unwrap().0, 2);
    let c = k::confronto(&store, &ctx, 2023, "31/12/2023")
        .await
        .unwrap();
    assert_eq!((c.sigillo_numero, c.variate), (2, 0));
    assert_eq!(c.data_redazione.as_deref(), Some("20/02/2024"));
    // Chiuso: i fatti sono congelati e il messaggio dice quando e da chi.
    k::chiudi(&store, &up, 2023, "31/12/2023", None)
        .await
        .unwrap();
    let oggi = chrono::Utc::now()
        .date_naive()
        .format("%d/%m/%Y")
        .to_string();
    let atteso = format!(
        "il checkpoint «31/12/2023» è chiuso il {oggi} da ufficiopersonale: i suoi stati, valori, relazioni, cause e dilazioni non si modificano più"
    );
    let e = comandi::registra_stato(&store, &dir, 2023, stato("D1", 1, "Troppo tardi"))
        .await
        .unwrap_err();
    assert!(matches!(e, Errore::Conflitto(_)));
    assert_eq!(e.to_string(), atteso);
    let e = comandi::richiedi_dilazione(&store, &dir, 2023, richiesta("D1", 4, "31/12/2023"))
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), atteso);
    let e = comandi::registra_causa(
        &store,
        &dir,
        2023,
        traguardo_domain::piano::CausaScostamentoFile {
            obiettivo: "D1".into(),
            step: Some(4),
            causa: traguardo_domain::piano::CausaScostamento::Endogena,
            testo: "x".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.to_string(), atteso);
    // Il 31/08 resta aperto.
    let mut agosto = stato("D1", 1, "Aggiornato");
    agosto.checkpoint = "31/08/2023".into();
    comandi::registra_stato(&store, &dir, 2023, agosto)
        .await
        .unwrap();
    // La chiusura è definitiva; la data di redazione non cambia più.
    let e = k::riapri(&store, &dir, 2023, "31/12/2023")
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), format!("{atteso}; la chiusura è definitiva"));
    let e = k::imposta_data_redazione(&store, &dir, 2023, "31/12/2023", d(2024, 3, 1))
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), atteso);
    let eventi: Vec<String> = store
        .eventi_audit(ctx.tenant)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.azione.starts_with("checkpoint."))
        .map(|e| format!("{} {}", e.azione, e.attore))
        .collect();
    assert_eq!(
        eventi,
        [
            "checkpoint.trasmetti ufficiopersonale",
            "checkpoint.riapri direttore",
            "checkpoint.trasmetti direttore",
            "checkpoint.chiudi ufficiopersonale",
        ]
    );
}

fn d(a: i32, m: u32, g: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(a, m, g).unwrap()
}

async fn il_direttore_non_concede_la_propria_dilazione(store: Store) {
    let ctx = con_cissa(&store).await;
    let dir = come(&ctx, &[Ruolo::Direttore]);
    // La direttrice chiede la dilazione di un suo obiettivo (assegnato dal CdA).
    let id = comandi::richiedi_dilazione(&store, &dir, 2023, richiesta("D6", 2, "31/08/2023"))
        .await
        .unwrap();
    let decisione = Decisione {
        concessa: true,
        atto: "deliberazione CdA n. 5 del 20/02/2024".into(),
        data: d(2024, 2, 20),
    };
    // Non la concede lei, né da sola né con un secondo ruolo, né il Nucleo.
    for c in [
        dir.clone(),
        come(&ctx, &[Ruolo::Direttore, Ruolo::UfficioPersonale]),
        come(&ctx, &[Ruolo::Oiv]),
    ] {
        let e = comandi::decidi_dilazione_per_id(&store, &c, 2023, id, decisione.clone()).await;
        assert!(matches!(e, Err(Errore::NonAutorizzato(_))), "{e:?}");
        let e = k::salda_dilazioni(
            &store,
            &c,
            2023,
            "31/08/2023",
            "deliberazione CdA n. 5 del 20/02/2024",
            true,
            None,
        )
        .await;
        assert!(matches!(e, Err(Errore::NonAutorizzato(_))), "{e:?}");
    }
    let e = comandi::decidi_dilazione_per_id(&store, &dir, 2023, id, decisione.clone())
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "operazione non consentita: il direttore non decide le dilazioni dei propri obiettivi: le decide il CdA con un atto"
    );
    // L'ufficio personale registra la decisione, ma solo con un atto del CdA.
    let up = come(&ctx, &[Ruolo::UfficioPersonale]);
    let e = comandi::decidi_dilazione_per_id(
        &store,
        &up,
        2023,
        id,
        Decisione {
            atto: "determinazione del Direttore n. 3 del 10/01/2024".into(),
            ..decisione.clone()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "l'obiettivo D6 è assegnato al direttore dal CdA: la dilazione si decide con un atto del CdA, non con «determinazione del Direttore n. 3 del 10/01/2024» (es. «deliberazione CdA n. 5 del 20/02/2024»)"
    );
    let e = comandi::decidi_dilazione_per_id(
        &store,
        &up,
        2023,
        id,
        Decisione {
            atto: "Delibera 5/2024".into(),
            ..decisione.clone()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Errore::NonValido(_)), "{e:?}");
    let lista = k::elenco_dilazioni(&store, &ctx, 2023).await.unwrap();
    let v = lista.iter().find(|x| x.id == id.to_string()).unwrap();
    assert_eq!(v.esito_etichetta, "richiesta, in attesa di atto");
    assert_eq!(v.decide, "CdA (con atto)");
    assert!(v.del_direttore);
    // Con l'atto del CdA: concessa, e l'atto diventa un'entità del ciclo.
    comandi::decidi_dilazione_per_id(&store, &up, 2023, id, decisione)
        .await
        .unwrap();
    let (_, ids) = comandi::carica(&store, &ctx, 2023).await.unwrap();
    let d6 = store
        .dilazioni(ctx.tenant, ids.ciclo)
        .await
        .unwrap()
        .into_iter()
        .find(|x| x.id == id)
        .unwrap();
    assert_eq!(d6.dati.esito, EsitoDilazione::Concessa);
    assert_eq!(
        d6.dati.atto.as_deref(),
        Some("deliberazione CdA n. 5 del 20/02/2024")
    );
    assert_eq!(d6.dati.data_esito, Some(d(2024, 2, 20)));
    let atti = store.anagrafica(ctx.tenant, ids.ciclo).await.unwrap().atti;
    assert_eq!(
        atti.iter()
            .filter(|(c, _)| c == "DELIBERAZIONE-CDA-5-20240220")
            .count(),
        1
    );
}

async fn un_atto_salda_le_richieste_di_un_checkpoint(store: Store) {
    let ctx = con_cissa(&store).await;
    let dir = come(&ctx, &[Ruolo::Direttore]);
    let a = comandi::richiedi_dilazione(&store, &dir, 2023, richiesta("D6", 2, "31/08/2023"))
        .await
        .unwrap();
    let b = comandi::richiedi_dilazione(&store, &dir, 2023, richiesta("D1", 3, "31/08/2023"))
        .await
        .unwrap();
    let c = comandi::richiedi_dilazione(&store, &dir, 2023, richiesta("D2", 1, "31/12/2023"))
        .await
        .unwrap();
    let in_attesa = |l: &[k::VistaDilazione]| -> Vec<String> {
        l.iter()
            .filter(|x| x.esito_etichetta == "richiesta, in attesa di atto")
            .map(|x| x.id.clone())
            .collect()
    };
    let lista = k::elenco_dilazioni(&store, &ctx, 2023).await.unwrap();
    // Le due del seed sono concesse; le tre nuove in attesa di atto.
    assert_eq!(lista.len(), 5);
    assert_eq!(
        in_attesa(&lista),
        [a.to_string(), b.to_string(), c.to_string()]
    );
    // Il 31/08 non si chiude con richieste in attesa.
    k::trasmetti(&store, &dir, 2023, "31/08/2023", None)
        .await
        .unwrap();
    let e = k::chiudi(&store, &dir, 2023, "31/08/2023", None)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "il checkpoint «31/08/2023» ha 2 dilazioni in attesa di atto: vanno decise prima della chiusura (monitor extension-settle)"
    );
    // Un atto che non è del CdA non decide nulla, neppure le altre: tutto o niente.
    let amm = come(&ctx, &[Ruolo::Amministratore]);
    let e = k::salda_dilazioni(
        &store,
        &amm,
        2023,
        "31/08/2023",
        "determinazione Direttore n. 9 del 20/02/2024",
        true,
        None,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Errore::NonValido(_)), "{e:?}");
    // Una dilazione di un altro checkpoint in `solo` è rifiutata.
    let e = k::salda_dilazioni(
        &store,
        &amm,
        2023,
        "31/08/2023",
        "deliberazione CdA n. 5 del 20/02/2024",
        true,
        Some(std::slice::from_ref(&c)),
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("la dilazione {c} è stata chiesta al checkpoint «31/12/2023», non al «31/08/2023»")
    );
    let esito = k::salda_dilazioni(
        &store,
        &amm,
        2023,
        "31/08/2023",
        "deliberazione CdA n. 5 del 20/02/2024",
        false,
        None,
    )
    .await
    .unwrap();
    assert_eq!(esito.atto, "deliberazione CdA n. 5 del 20/02/2024");
    assert_eq!(
        esito.decise,
        [
            (a.to_string(), "D6".to_string(), 2),
            (b.to_string(), "D1".to_string(), 3)
        ]
    );
    let lista = k::elenco_dilazioni(&store, &ctx, 2023).await.unwrap();
    assert_eq!(in_attesa(&lista), [c.to_string()]);
    for id in [a, b] {
        let x = lista.iter().find(|x| x.id == id.to_string()).unwrap();
        assert_eq!(
            (
                x.esito_etichetta.as_str(),
                x.atto.as_deref(),
                x.data_esito.as_deref()
            ),
            (
                "respinta",
                Some("deliberazione CdA n. 5 del 20/02/2024"),
                Some("20/02/2024")
            )
        );
    }
    // Nessuna resta in attesa al 31/08: un secondo saldo non trova nulla; ora si chiude.
    let e = k::salda_dilazioni(
        &store,
        &amm,
        2023,
        "31/08/2023",
        "deliberazione CdA n. 6 del 21/02/2024",
        true,
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "nessuna dilazione chiesta al checkpoint «31/08/2023» è in attesa di atto"
    );
    k::chiudi(&store, &dir, 2023, "31/08/2023", None)
        .await
        .unwrap();
    // Un solo evento di audit per l'atto.
    let eventi: Vec<String> = store
        .eventi_audit(ctx.tenant)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.azione == "dilazione.salda")
        .map(|e| e.oggetto)
        .collect();
    assert_eq!(
        eventi,
        [
            "2 dilazioni chieste al 31/08/2023 respinte con deliberazione CdA n. 5 del 20/02/2024: D6 step 2, D1 step 3"
        ]
    );
}

/// Reimportare il piano con un checkpoint chiuso: lo stesso file passa (i fatti chiusi restano
/// come sono), un file che ne cambia un fatto è rifiutato e nulla cambia; i fatti dei
/// checkpoint aperti si aggiornano come sempre.
async fn reimportare_con_un_checkpoint_chiuso(store: Store) {
    let ctx = con_cissa(&store).await;
    k::trasmetti(&store, &ctx, 2023, "31/12/2023", None)
        .await
        .unwrap();
    k::chiudi(&store, &ctx, 2023, "31/12/2023", None)
        .await
        .unwrap();
    let originale = std::fs::read(fixture("plans/003.json")).unwrap();
    casi_uso::importa_piano(
        &store,
        &Attore::sistema("test"),
        &originale,
        "003.json",
        None,
    )
    .await
    .unwrap();
    let mut json: serde_json::Value = serde_json::from_slice(&originale).unwrap();
    let modifica = |json: &mut serde_json::Value, checkpoint: &str, testo: &str| {
        let s = json["monitoraggio"]["stati"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|s| s["checkpoint"] == checkpoint && s["obiettivo"] == "D1" && s["step"] == 1)
            .unwrap();
        s["testo"] = serde_json::Value::String(testo.into());
    };
    modifica(&mut json, "31/12/2023", "Cambiato dopo la chiusura");
    let e = casi_uso::importa_piano(
        &store,
        &Attore::sistema("test"),
        &serde_json::to_vec(&json).unwrap(),
        "003.json",
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "il checkpoint «31/12/2023» è chiuso: il file ne cambierebbe i fatti (stati, valori, relazioni, dilazioni, cause); nulla è stato modificato"
    );
    let mut json: serde_json::Value = serde_json::from_slice(&originale).unwrap();
    modifica(&mut json, "31/08/2023", "Aggiornato al 31/08");
    casi_uso::importa_piano(
        &store,
        &Attore::sistema("test"),
        &serde_json::to_vec(&json).unwrap(),
        "003.json",
        None,
    )
    .await
    .unwrap();
    let p = casi_uso::piano(&store, &ctx, 2023).await.unwrap();
    let testo = |cp: &str| {
        p.monitoraggio
            .stati
            .iter()
            .find(|s| s.checkpoint == cp && s.obiettivo == "D1" && s.step == 1)
            .unwrap()
            .testo
            .clone()
            .unwrap()
    };
    assert_eq!(testo("31/08/2023"), "Aggiornato al 31/08");
    assert_ne!(testo("31/12/2023"), "Cambiato dopo la chiusura");
    assert_eq!(p.monitoraggio.relazioni.len(), 1);
    assert_eq!(p.monitoraggio.cause_scostamento.len(), 2);
}

su_entrambi!(
    reimportare_con_un_checkpoint_chiuso,
    il_sigillo_tiene_cio_che_e_stato_inviato,
    il_direttore_non_concede_la_propria_dilazione,
    un_atto_salda_le_richieste_di_un_checkpoint,
);
