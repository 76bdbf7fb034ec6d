//! Le regole del ciclo (organizzazione nel tempo, Relazione e Nucleo/OIV, stati del
//! checkpoint), ciascuna fissata da un esempio calcolato a mano.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use traguardo_domain::checkpoint::StatoCheckpoint;
use traguardo_domain::organizzazione::{
    CdrStorico, Incarico, Periodo, PersonaStorica, Responsabilita, StoriaOrganizzazione,
    verifica_sovrapposizione,
};
use traguardo_domain::relazione::{
    AccertamentiOiv, Accertamento, StatoRelazione, valida_percentuale,
};
use uuid::Uuid;

fn d(g: u32, m: u32, a: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(a, m, g).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn per(dal: NaiveDate, al: Option<NaiveDate>) -> Periodo {
    Periodo::new(dal, al)
}

fn cdr(n: u128, codice: &str) -> CdrStorico {
    CdrStorico {
        id: Uuid::from_u128(n),
        codice: codice.into(),
        nome: format!("Area {codice}"),
        padre: None,
        responsabile_piano: Some(format!("Dott. {codice}")),
        validita: Vec::new(),
    }
}

fn incarico(n: u128, cdr: &str, periodo: Periodo) -> Incarico {
    Incarico {
        id: Uuid::from_u128(n),
        cdr: cdr.into(),
        ruolo: Some("Istruttore".into()),
        periodo,
    }
}

fn persona(codice: &str, cdr_piano: Option<&str>, incarichi: Vec<Incarico>) -> PersonaStorica {
    PersonaStorica {
        id: Uuid::from_u128(100),
        codice: codice.into(),
        nome: format!("PERSONA {codice}"),
        cdr_piano: cdr_piano.map(Into::into),
        ruolo_piano: None,
        incarichi,
    }
}

/// Ciclo 2026: 01/01/2026 – 31/12/2026.
fn storia(
    cdrs: Vec<CdrStorico>,
    responsabili: Vec<Responsabilita>,
    persone: Vec<PersonaStorica>,
) -> StoriaOrganizzazione {
    StoriaOrganizzazione {
        ciclo: per(d(1, 1, 2026), Some(d(31, 12, 2026))),
        cdr: cdrs,
        responsabili,
        persone,
    }
}

// ---------------------------------------------------------------- sovrapposizioni

#[test]
fn periodi_che_si_toccano_non_si_sovrappongono() {
    // Regola: un periodo che finisce il 30/06 e uno che inizia il 01/07 si toccano ma non si
    // sovrappongono; se il primo finisce il 01/07 e il secondo inizia il 01/07, quel giorno è
    // di entrambi: si sovrappongono.
    let primo = [per(d(1, 1, 2026), Some(d(30, 6, 2026)))];
    assert_eq!(
        verifica_sovrapposizione(&primo, &per(d(1, 7, 2026), None), "gli incarichi di P01"),
        Ok(())
    );
    let primo = [per(d(1, 1, 2026), Some(d(1, 7, 2026)))];
    assert_eq!(
        verifica_sovrapposizione(&primo, &per(d(1, 7, 2026), None), "gli incarichi di P01"),
        Err("gli incarichi di P01: il periodo dal 01/07/2026 si sovrappone a quello dal 01/01/2026 al 01/07/2026".into())
    );
}

#[test]
fn un_periodo_di_un_solo_giorno_e_valido() {
    // Regola: la fine può coincidere con l'inizio (un giorno solo, 01/07–01/07); solo una fine
    // che viene prima dell'inizio (30/06 < 01/07) è un errore.
    assert_eq!(
        verifica_sovrapposizione(
            &[],
            &per(d(1, 7, 2026), Some(d(1, 7, 2026))),
            "la validità del CdR AFIN"
        ),
        Ok(())
    );
    assert_eq!(
        verifica_sovrapposizione(
            &[],
            &per(d(1, 7, 2026), Some(d(30, 6, 2026))),
            "la validità del CdR AFIN"
        ),
        Err(
            "la validità del CdR AFIN: la fine 30/06/2026 viene prima dell'inizio 01/07/2026"
                .into()
        )
    );
}

#[test]
fn i_periodi_di_una_persona_sono_quelli_dei_suoi_incarichi() {
    // Regola: i periodi da verificare sono quelli degli incarichi, nell'ordine in cui sono
    // scritti: AFIN dal 01/01 al 30/06, SOC dal 01/07.
    let p = persona(
        "P01",
        Some("AFIN"),
        vec![
            incarico(1, "AFIN", per(d(1, 1, 2026), Some(d(30, 6, 2026)))),
            incarico(2, "SOC", per(d(1, 7, 2026), None)),
        ],
    );
    assert_eq!(
        p.periodi(),
        vec![
            per(d(1, 1, 2026), Some(d(30, 6, 2026))),
            per(d(1, 7, 2026), None)
        ]
    );
    assert!(persona("P02", None, vec![]).periodi().is_empty());
}

// ---------------------------------------------------------------- CdR e valutazione

#[test]
fn il_cdr_si_trova_per_codice() {
    // Regola: `cdr(codice)` restituisce il CdR con quel codice, non un altro, e nessuno se il
    // codice non c'è.
    let s = storia(vec![cdr(1, "AFIN"), cdr(2, "SOC")], vec![], vec![]);
    assert_eq!(s.cdr("SOC").map(|c| c.id), Some(Uuid::from_u128(2)));
    assert_eq!(s.cdr("AFIN").map(|c| c.id), Some(Uuid::from_u128(1)));
    assert!(s.cdr("ZZZ").is_none());
}

#[test]
fn cdr_per_la_valutazione_dopo_la_cessazione() {
    // Regola: se alla data la persona non è più in servizio, vale il CdR dell'ultimo incarico
    // iniziato entro la data (non uno che inizia dopo); senza incarichi iniziati entro la data
    // vale il CdR del piano.
    // P01: AFIN dal 01/01 al 31/03, SOC dal 01/04 al 31/05, TEC dal 01/09 (dopo il 30/06).
    let p01 = persona(
        "P01",
        Some("PIANO"),
        vec![
            incarico(1, "AFIN", per(d(1, 1, 2026), Some(d(31, 3, 2026)))),
            incarico(2, "SOC", per(d(1, 4, 2026), Some(d(31, 5, 2026)))),
            incarico(3, "TEC", per(d(1, 9, 2026), None)),
        ],
    );
    // P02: un solo incarico, che inizia il 01/10: al 30/06 nessun incarico è iniziato.
    let p02 = persona(
        "P02",
        Some("PIANO"),
        vec![incarico(4, "TEC", per(d(1, 10, 2026), None))],
    );
    let s = storia(vec![], vec![], vec![p01, p02]);
    // Al 30/06 P01 non lavora: gli incarichi iniziati entro il 30/06 sono AFIN (01/01) e SOC
    // (01/04); l'ultimo è SOC.
    assert_eq!(
        s.cdr_per_la_valutazione("P01", d(30, 6, 2026)),
        Some("SOC".into())
    );
    // Al 15/02 P01 lavora in AFIN.
    assert_eq!(
        s.cdr_per_la_valutazione("P01", d(15, 2, 2026)),
        Some("AFIN".into())
    );
    // Al 01/04, giorno d'inizio di SOC: SOC.
    assert_eq!(
        s.cdr_per_la_valutazione("P01", d(1, 4, 2026)),
        Some("SOC".into())
    );
    // P02 al 30/06: nessun incarico iniziato (TEC inizia il 01/10): il CdR del piano.
    assert_eq!(
        s.cdr_per_la_valutazione("P02", d(30, 6, 2026)),
        Some("PIANO".into())
    );
    // Una persona che non c'è: nessun CdR.
    assert_eq!(s.cdr_per_la_valutazione("P99", d(30, 6, 2026)), None);
}

#[test]
fn responsabile_prima_del_primo_periodo_e_quello_del_piano() {
    // Regola: prima del primo periodo di responsabilità vale il responsabile scritto nel piano;
    // dal primo giorno del periodo (01/07) vale la persona del periodo.
    let s = storia(
        vec![cdr(1, "AFIN")],
        vec![Responsabilita {
            id: Uuid::from_u128(10),
            cdr: "AFIN".into(),
            persona: "P07".into(),
            periodo: per(d(1, 7, 2026), None),
        }],
        vec![persona("P07", None, vec![])],
    );
    let prima = s.alla_data(d(30, 6, 2026));
    assert_eq!(prima.cdr.len(), 1);
    assert_eq!(prima.cdr[0].responsabile, None);
    assert_eq!(prima.cdr[0].responsabile_nome, Some("Dott. AFIN".into()));
    let dal = s.alla_data(d(1, 7, 2026));
    assert_eq!(dal.cdr[0].responsabile, Some("P07".into()));
    assert_eq!(dal.cdr[0].responsabile_nome, Some("PERSONA P07".into()));
}

// ---------------------------------------------------------------- Relazione e Nucleo/OIV

#[test]
fn stato_relazione_si_scrive_in_italiano() {
    // Regola: lo stato della Relazione si mostra con il suo testo: bozza, approvata, validata.
    assert_eq!(StatoRelazione::Bozza.to_string(), "bozza");
    assert_eq!(StatoRelazione::Approvata.to_string(), "approvata");
    assert_eq!(format!("[{}]", StatoRelazione::Validata), "[validata]");
}

fn acc(obiettivo: &str, indicatore: Option<usize>, r: &str, motivo: &str) -> Accertamento {
    Accertamento {
        obiettivo: obiettivo.into(),
        indicatore,
        raggiungimento: dec(r),
        motivo: motivo.into(),
    }
}

#[test]
fn accertamento_dell_obiettivo_solo_per_il_suo_obiettivo() {
    // Regola: l'accertamento dell'obiettivo D1 è quello con obiettivo D1 e senza indicatore;
    // non quello di un indicatore di D1, non quello di un altro obiettivo.
    let a = AccertamentiOiv {
        voci: vec![
            acc("D1", Some(1), "40", "indicatore 1 di D1"),
            acc("D2", None, "50", "obiettivo D2"),
            acc("D1", None, "60", "obiettivo D1"),
        ],
        validata: false,
    };
    assert_eq!(
        a.dell_obiettivo("D1").map(|x| x.motivo.as_str()),
        Some("obiettivo D1")
    );
    assert_eq!(
        a.dell_obiettivo("D2").map(|x| x.raggiungimento),
        Some(dec("50"))
    );
    assert_eq!(a.dell_obiettivo("D3"), None);
}

#[test]
fn accertamento_dell_indicatore_solo_per_il_suo_indicatore() {
    // Regola: l'accertamento dell'indicatore 1 di D1 ha obiettivo D1 E posizione 1: non
    // l'indicatore 1 di D2, non l'obiettivo D1 intero, non l'indicatore 2 di D1.
    let a = AccertamentiOiv {
        voci: vec![
            acc("D2", Some(1), "10", "indicatore 1 di D2"),
            acc("D1", None, "20", "obiettivo D1"),
            acc("D1", Some(2), "30", "indicatore 2 di D1"),
            acc("D1", Some(1), "70", "indicatore 1 di D1"),
        ],
        validata: true,
    };
    assert_eq!(
        a.dell_indicatore("D1", 1).map(|x| x.motivo.as_str()),
        Some("indicatore 1 di D1")
    );
    assert_eq!(
        a.dell_indicatore("D1", 2).map(|x| x.raggiungimento),
        Some(dec("30"))
    );
    assert_eq!(a.dell_indicatore("D1", 3), None);
    assert_eq!(a.dell_indicatore("D3", 1), None);
}

#[test]
fn percentuale_tra_0_e_100_con_al_piu_4_decimali() {
    // Regola: 0 e 100 sono accettati, -0,01 e 100,01 no (con il valore in formato italiano).
    let cosa = "il raggiungimento accertato";
    assert_eq!(valida_percentuale(dec("0"), cosa), Ok(()));
    assert_eq!(valida_percentuale(dec("100"), cosa), Ok(()));
    assert_eq!(valida_percentuale(dec("100.0000"), cosa), Ok(()));
    assert_eq!(
        valida_percentuale(dec("-0.01"), cosa),
        Err("il raggiungimento accertato deve essere tra 0 e 100, non -0,01".into())
    );
    assert_eq!(
        valida_percentuale(dec("100.01"), cosa),
        Err("il raggiungimento accertato deve essere tra 0 e 100, non 100,01".into())
    );
    // Regola: al più 4 decimali significativi. 12,3456 sì; 12,34567 (5 decimali) no, anche se
    // scritto 12,345670 (6 cifre, 5 significative); 1,50000 e 12,34560 hanno 5 cifre dopo la
    // virgola ma sono 1,5 e 12,3456: si accettano.
    assert_eq!(valida_percentuale(dec("12.3456"), "x"), Ok(()));
    assert_eq!(valida_percentuale(dec("7"), "x"), Ok(()));
    assert_eq!(
        valida_percentuale(dec("12.34567"), "x"),
        Err("x: al più 4 decimali".into())
    );
    assert_eq!(
        valida_percentuale(dec("12.345670"), "x"),
        Err("x: al più 4 decimali".into())
    );
    assert_eq!(valida_percentuale(dec("1.50000"), "x"), Ok(()));
    assert_eq!(valida_percentuale(dec("12.34560"), "x"), Ok(()));
}

// ---------------------------------------------------------------- checkpoint

#[test]
fn stato_checkpoint_codici() {
    // Regola: i codici degli stati sono aperto, trasmesso, chiuso e si rileggono nello stesso
    // stato; un codice diverso (anche solo per la maiuscola) non è uno stato.
    let attesi = [
        (StatoCheckpoint::Aperto, "aperto"),
        (StatoCheckpoint::Trasmesso, "trasmesso"),
        (StatoCheckpoint::Chiuso, "chiuso"),
    ];
    for (stato, codice) in attesi {
        assert_eq!(stato.codice(), codice);
        assert_eq!(StatoCheckpoint::da_codice(codice), Some(stato));
        assert_eq!(StatoCheckpoint::da_codice(stato.codice()), Some(stato));
    }
    assert_eq!(StatoCheckpoint::da_codice("Aperto"), None);
    assert_eq!(StatoCheckpoint::da_codice(""), None);
}
