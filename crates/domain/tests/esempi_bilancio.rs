//! Esempi svolti dei totali del bilancio: gli stessi numeri, passo per passo, sono in
//! `docs/valutazione.md`, sezione «Esempi svolti», paragrafi B1–B3.

use traguardo_domain::bilancio::{
    Bilancio, Capitolo, Importi, Lato, Livello, Totale, UnitaBilancio, VociTestata, confronta,
};
use traguardo_domain::numeri::Importo;

fn euro(s: &str) -> Importo {
    Importo::interpreta(s).unwrap()
}

/// Importi di un capitolo: precedente, previsione, aumento, diminuzione, cassa.
fn importi(prec: &str, prev: &str, aum: &str, dim: &str, cassa: &str) -> Importi {
    Importi {
        anno_precedente: euro(prec),
        previsione: euro(prev),
        aumento: euro(aum),
        diminuzione: euro(dim),
        cassa: euro(cassa),
        ..Importi::default()
    }
}

fn entrata(codice: &str, uo: &str, tipologia: &str, importi: Importi) -> Capitolo {
    Capitolo {
        lato: Lato::Entrate,
        codice: codice.into(),
        descrizione: codice.into(),
        uo: uo.into(),
        titolo: tipologia[..1].into(),
        tipologia: Some(tipologia.into()),
        missione: None,
        programma: None,
        importi,
    }
}

fn spesa(codice: &str, uo: &str, programma: &str, importi: Importi) -> Capitolo {
    Capitolo {
        lato: Lato::Spese,
        codice: codice.into(),
        descrizione: codice.into(),
        uo: uo.into(),
        titolo: "1".into(),
        tipologia: None,
        missione: Some(programma[..2].into()),
        programma: Some(programma.into()),
        importi,
    }
}

/// Il bilancio dell'esempio B1.
fn bilancio_b1() -> Bilancio {
    let mut e2 = importi("500,00", "450,00", "0,00", "50,00", "450,00");
    e2.anno_2 = Some(euro("400,00"));
    let mut s1 = importi("900,00", "1.000,00", "100,00", "0,00", "1.100,00");
    s1.impegnato = euro("200,00");
    s1.anno_2 = Some(euro("950,00"));
    let mut s2 = importi("800,00", "850,00", "50,00", "0,00", "800,00");
    s2.anno_2 = Some(euro("850,00"));
    s2.fpv = euro("40,00");
    Bilancio {
        esercizio: 2026,
        testata: VociTestata {
            fpv_parte_corrente: euro("100,00"),
            fpv_conto_capitale: euro("20,00"),
            utilizzo_avanzo: euro("80,00"),
            fondo_cassa_iniziale: euro("250,00"),
            ..VociTestata::default()
        },
        unita: vec![
            UnitaBilancio {
                codice: "DIR".into(),
                nome: "Direzione".into(),
            },
            UnitaBilancio {
                codice: "AFIN".into(),
                nome: "Area finanziaria".into(),
            },
        ],
        capitoli: vec![
            entrata(
                "101/0",
                "DIR",
                "20101",
                importi("1.000,00", "1.200,00", "300,00", "100,00", "1.500,00"),
            ),
            entrata("301/0", "AFIN", "30100", e2),
            spesa("1001/0", "DIR", "1207", s1),
            spesa("1002/0", "AFIN", "0103", s2),
        ],
    }
}

fn riga(t: &Totale) -> (Lato, String, String, usize, String, String) {
    (
        t.lato,
        t.chiave.clone(),
        t.nome.clone(),
        t.capitoli,
        t.importi.previsione.formato_it(),
        t.importi.cassa.formato_it(),
    )
}

/// docs/valutazione.md, «B1 — Totali per livello».
#[test]
fn b1_totali_per_livello() {
    let b = bilancio_b1();
    let uo: Vec<_> = b.totali(Livello::Uo, None).iter().map(riga).collect();
    assert_eq!(
        uo,
        [
            (
                Lato::Entrate,
                "AFIN".into(),
                "Area finanziaria".into(),
                1,
                "450,00".into(),
                "450,00".into()
            ),
            (
                Lato::Entrate,
                "DIR".into(),
                "Direzione".into(),
                1,
                "1.200,00".into(),
                "1.500,00".into()
            ),
            (
                Lato::Spese,
                "AFIN".into(),
                "Area finanziaria".into(),
                1,
                "850,00".into(),
                "800,00".into()
            ),
            (
                Lato::Spese,
                "DIR".into(),
                "Direzione".into(),
                1,
                "1.000,00".into(),
                "1.100,00".into()
            ),
        ]
    );
    let tot = b.totali(Livello::Totale, None);
    let e = &tot[0];
    assert_eq!(
        riga(e),
        (
            Lato::Entrate,
            "totale".into(),
            "Totale unità organizzative - entrate".into(),
            2,
            "1.650,00".into(),
            "1.950,00".into()
        )
    );
    assert_eq!(e.importi.anno_precedente, euro("1.500,00"));
    assert_eq!(e.importi.aumento, euro("300,00"));
    assert_eq!(e.importi.diminuzione, euro("150,00"));
    // Anno N+1: 400,00 su un capitolo, assente sull'altro → 400,00; N+2 assente ovunque.
    assert_eq!(e.importi.anno_2, Some(euro("400,00")));
    assert_eq!(e.importi.anno_3, None);
    let s = &tot[1];
    assert_eq!(s.importi.previsione, euro("1.850,00"));
    assert_eq!(s.importi.impegnato, euro("200,00"));
    assert_eq!(s.importi.fpv, euro("40,00"));
    assert_eq!(s.importi.anno_2, Some(euro("1.800,00")));

    let titoli: Vec<_> = b
        .totali(Livello::Titolo, Some(Lato::Entrate))
        .iter()
        .map(riga)
        .collect();
    assert_eq!(
        titoli,
        [
            (
                Lato::Entrate,
                "2".into(),
                "Trasferimenti correnti".into(),
                1,
                "1.200,00".into(),
                "1.500,00".into()
            ),
            (
                Lato::Entrate,
                "3".into(),
                "Entrate extratributarie".into(),
                1,
                "450,00".into(),
                "450,00".into()
            ),
        ]
    );
    let titoli_spesa = b.totali(Livello::Titolo, Some(Lato::Spese));
    assert_eq!(titoli_spesa.len(), 1);
    assert_eq!(
        (titoli_spesa[0].nome.as_str(), titoli_spesa[0].capitoli),
        ("Spese correnti", 2)
    );
    let missioni: Vec<_> = b.totali(Livello::Missione, None).iter().map(riga).collect();
    assert_eq!(
        missioni,
        [
            (
                Lato::Spese,
                "01".into(),
                "Servizi istituzionali, generali e di gestione".into(),
                1,
                "850,00".into(),
                "800,00".into()
            ),
            (
                Lato::Spese,
                "12".into(),
                "Diritti sociali, politiche sociali e famiglia".into(),
                1,
                "1.000,00".into(),
                "1.100,00".into()
            ),
        ]
    );
    let programmi = b.totali(Livello::Programma, Some(Lato::Spese));
    assert_eq!(programmi[1].chiave, "1207");
    assert_eq!(
        programmi[1].nome,
        "Programmazione e governo della rete dei servizi sociosanitari e sociali"
    );
    let tipologie = b.totali(Livello::Tipologia, None);
    assert_eq!(tipologie.len(), 2);
    assert_eq!(
        tipologie[0].nome,
        "Trasferimenti correnti da Amministrazioni pubbliche"
    );
}

/// docs/valutazione.md, «B2 — Totale generale e verifiche».
#[test]
fn b2_totale_generale_e_verifiche() {
    let mut b = bilancio_b1();
    // Entrate: 1.650,00 + FPV 100,00 + 20,00 + avanzo 80,00 = 1.850,00; cassa 1.950,00 + 250,00.
    assert_eq!(
        b.totale_generale_entrate(),
        (euro("1.850,00"), euro("2.200,00"))
    );
    assert_eq!(
        b.totale_generale_spese(),
        (euro("1.850,00"), euro("1.900,00"))
    );
    assert_eq!(b.verifica(), []);

    // Una variazione incoerente e un disavanzo che rompe il pareggio.
    b.capitoli[0].importi.aumento = euro("250,00");
    b.testata.disavanzo = euro("30,00");
    let r = b.verifica();
    let messaggi: Vec<(&str, &str, &str)> = r
        .iter()
        .map(|x| {
            (
                x.codice.come_testo(),
                x.percorso.as_str(),
                x.messaggio.as_str(),
            )
        })
        .collect();
    assert_eq!(
        messaggi,
        [
            (
                "variazioni_incoerenti",
                "entrate[101/0]",
                "capitolo 101/0: 1.000,00 + 250,00 − 100,00 = 1.150,00, ma la previsione è 1.200,00"
            ),
            (
                "pareggio_non_rispettato",
                "totale_generale",
                "il bilancio non è in pareggio: entrate 1.850,00 (competenza, con FPV e avanzo), \
                 spese 1.880,00; differenza -30,00"
            ),
        ]
    );
}

/// docs/valutazione.md, «B3 — Dal seed 004: totale generale delle entrate».
#[test]
fn b3_seed_004_totale_generale_entrate() {
    // I cinque totali per UO stampati nel seed 004: previsioni definitive 2025, previsione
    // 2026, in aumento, in diminuzione, cassa 2026.
    let uo = [
        (
            "DIR",
            [
                "3.919.470,15",
                "4.190.401,58",
                "360.752,22",
                "89.820,79",
                "6.021.471,48",
            ],
        ),
        (
            "ATERR",
            [
                "551.866,27",
                "352.585,58",
                "159.428,50",
                "358.709,19",
                "514.443,96",
            ],
        ),
        (
            "AMIN",
            [
                "827.860,00",
                "615.566,40",
                "0,00",
                "212.293,60",
                "1.291.241,40",
            ],
        ),
        (
            "AINTE",
            [
                "3.562.059,14",
                "2.577.823,00",
                "47.073,00",
                "1.031.309,14",
                "4.162.086,07",
            ],
        ),
        (
            "AFIN",
            [
                "9.542.487,21",
                "9.439.503,81",
                "20.000,00",
                "122.983,40",
                "9.636.541,07",
            ],
        ),
    ];
    let b = Bilancio {
        esercizio: 2026,
        testata: VociTestata {
            fpv_parte_corrente: euro("328.023,02"),
            fpv_conto_capitale: euro("0,00"),
            utilizzo_avanzo: euro("963.862,64"),
            fondo_cassa_iniziale: euro("543.406,45"),
            ..VociTestata::default()
        },
        unita: vec![],
        capitoli: uo
            .iter()
            .map(|(u, [prec, prev, aum, dim, cassa])| {
                entrata(
                    &format!("{u}/0"),
                    u,
                    "20101",
                    importi(prec, prev, aum, dim, cassa),
                )
            })
            .collect(),
    };
    let tot = b.totali(Livello::Totale, Some(Lato::Entrate));
    assert_eq!(tot[0].importi.previsione.formato_it(), "17.175.880,37");
    assert_eq!(tot[0].importi.cassa.formato_it(), "21.625.783,98");
    assert_eq!(tot[0].importi.anno_precedente.formato_it(), "18.403.742,77");
    assert_eq!(tot[0].importi.aumento.formato_it(), "587.253,72");
    assert_eq!(tot[0].importi.diminuzione.formato_it(), "1.815.116,12");
    let (competenza, cassa) = b.totale_generale_entrate();
    assert_eq!(competenza.formato_it(), "18.467.766,03");
    assert_eq!(cassa.formato_it(), "22.169.190,43");
    // Ogni UO rispetta precedente + aumento − diminuzione = previsione; senza capitoli di
    // spesa il pareggio non si verifica.
    assert_eq!(b.verifica(), []);
}

#[test]
fn lati_confronto_e_struttura() {
    assert_eq!(Lato::da_codice(" Entrata "), Some(Lato::Entrate));
    assert_eq!(Lato::da_codice("uscite"), Some(Lato::Spese));
    assert_eq!(Lato::da_codice("x"), None);
    assert_eq!(
        (Lato::Entrate.codice(), Lato::Spese.codice()),
        ("entrate", "spese")
    );

    // Confronto capitolo per capitolo con la versione precedente.
    let vecchio = bilancio_b1();
    assert!(confronta(Some(&vecchio), &vecchio).nessuna());
    let d = confronta(Some(&vecchio), &vecchio);
    assert_eq!(
        (d.creati, d.aggiornati, d.invariati, d.rimossi),
        (0, 0, 4, 0)
    );
    let mut nuovo = bilancio_b1();
    nuovo.capitoli[0].importi.cassa = euro("1.400,00");
    nuovo.capitoli.remove(1);
    nuovo
        .capitoli
        .push(spesa("1003/0", "DIR", "1207", Importi::default()));
    nuovo
        .capitoli
        .push(spesa("1004/0", "DIR", "1207", Importi::default()));
    let d = confronta(Some(&vecchio), &nuovo);
    assert_eq!(
        (d.creati, d.aggiornati, d.invariati, d.rimossi),
        (2, 1, 2, 1)
    );
    assert!(!d.testata_cambiata && !d.unita_cambiate && !d.nessuna());
    let mut solo_testata = bilancio_b1();
    solo_testata.testata.disavanzo = euro("1,00");
    let d = confronta(Some(&vecchio), &solo_testata);
    assert!(d.testata_cambiata && !d.unita_cambiate && !d.nessuna());
    let mut solo_unita = bilancio_b1();
    solo_unita.unita.pop();
    let d = confronta(Some(&vecchio), &solo_unita);
    assert!(!d.testata_cambiata && d.unita_cambiate && !d.nessuna());
    let mut un_aggiornato = bilancio_b1();
    un_aggiornato.capitoli[3].importi.cassa = euro("1,00");
    assert!(!confronta(Some(&vecchio), &un_aggiornato).nessuna());
    let mut un_creato = bilancio_b1();
    un_creato
        .capitoli
        .push(spesa("1005/0", "DIR", "1207", Importi::default()));
    assert!(!confronta(Some(&vecchio), &un_creato).nessuna());
    let mut un_rimosso = bilancio_b1();
    un_rimosso.capitoli.pop();
    assert!(!confronta(Some(&vecchio), &un_rimosso).nessuna());
    let d = confronta(None, &vecchio);
    assert_eq!((d.creati, d.rimossi), (4, 0));
    assert!(d.testata_cambiata && d.unita_cambiate && !d.nessuna());
    let d = confronta(None, &Bilancio::default());
    assert!(!d.testata_cambiata && !d.unita_cambiate && d.nessuna());

    // Struttura: il bilancio B1 è valido; ogni difetto è un errore con il capitolo.
    assert_eq!(bilancio_b1().valida_struttura(), []);
    let mut b = bilancio_b1();
    b.capitoli[0].titolo = "3".into();
    b.capitoli[1].uo = " ".into();
    b.capitoli[2].missione = Some("01".into());
    b.capitoli[3].programma = None;
    b.capitoli
        .push(entrata("101/0", "DIR", "99999", Importi::default()));
    b.capitoli
        .push(spesa("2001/0", "DIR", "9999", Importi::default()));
    b.capitoli[5].titolo = String::new();
    let r: Vec<(String, String)> = b
        .valida_struttura()
        .into_iter()
        .map(|x| (x.percorso, x.messaggio))
        .collect();
    let atteso: Vec<(String, String)> = [
        (
            "entrate[101/0]",
            "capitolo 101/0: la tipologia 20101 appartiene al titolo 2, non al titolo 3",
        ),
        (
            "entrate[301/0]",
            "il capitolo 301/0 non ha l'unità organizzativa",
        ),
        (
            "spese[1001/0]",
            "capitolo 1001/0: il programma 1207 appartiene alla missione 12, non alla 01",
        ),
        (
            "spese[1002/0]",
            "il capitolo di spesa 1002/0 non ha missione e programma",
        ),
        (
            "entrate[101/0]",
            "il capitolo 101/0 (entrate) compare due volte (capitoli n. 1 e 5)",
        ),
        (
            "entrate[101/0]",
            "capitolo 101/0: tipologia «99999» non presente nel catalogo D.Lgs. 118/2011",
        ),
        (
            "spese[2001/0]",
            "capitolo 2001/0: programma «9999» non presente nel catalogo D.Lgs. 118/2011",
        ),
        ("spese[2001/0]", "il capitolo 2001/0 non ha il titolo"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(r, atteso);
}
