//! Esempi svolti del fondo per la produttività: gli stessi numeri, passo per passo, sono in
//! `docs/valutazione.md`, sezione «Esempi svolti», paragrafi F1–F4.

use rust_decimal::Decimal;
use std::str::FromStr;
use traguardo_domain::fondo::{
    Partecipante, Ripartizione, resti_maggiori, ripartisci, tabelle_art20,
};
use traguardo_domain::numeri::{Importo, Percentuale};
use traguardo_domain::smvp::RegoleSmvp;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn euro(s: &str) -> Importo {
    Importo::interpreta(s).unwrap()
}

fn persona(
    codice: &str,
    categoria: &str,
    ruolo: Option<&str>,
    part_time: &str,
    giorni: u32,
    punteggio: &str,
) -> Partecipante {
    Partecipante {
        codice: codice.into(),
        nome: format!("Persona {codice}"),
        categoria: Some(categoria.into()),
        ruolo: ruolo.map(Into::into),
        part_time: d(part_time),
        giorni_presenza: giorni,
        punteggio: d(punteggio),
    }
}

fn premi(r: &Ripartizione) -> Vec<String> {
    r.premi.iter().map(|p| p.premio.formato_it()).collect()
}

/// Le sette persone dell'esempio F1.
fn persone_f1() -> Vec<Partecipante> {
    vec![
        persona("P1", "funzionari", None, "50", 219, "95"),
        persona("P2", "Istruttori", None, "100", 365, "80"),
        persona("P3", "operatori", None, "100", 146, "90"),
        persona("P4", "operatori esperti", None, "100", 400, "70"),
        persona("P5", "funzionari", Some("Direttore"), "100", 365, "100"),
        persona("P6", "istruttori", None, "100", 29, "85"),
        persona("P7", "istruttori", None, "100", 365, "59"),
    ]
}

/// docs/valutazione.md, «F1 — Il premio di una persona al centesimo».
#[test]
fn f1_il_premio_di_una_persona_al_centesimo() {
    let r = ripartisci(euro("10.000,00"), &persone_f1(), &RegoleSmvp::default());

    // Passo 1: ammissione.
    let ammessi: Vec<bool> = r.premi.iter().map(|p| p.ammesso).collect();
    assert_eq!(ammessi, [true, true, true, true, false, false, false]);
    assert_eq!(r.premi[4].motivo, "ruolo escluso (Direttore)");
    assert_eq!(
        r.premi[5].motivo,
        "presenza 29 giorni, sotto il minimo di 30"
    );
    assert_eq!(r.premi[6].motivo, "punteggio 59,00% sotto il minimo 60,00%");

    // Passo 2: coefficienti e parametri.
    let coefficienti: Vec<Decimal> = r.premi.iter().map(|p| p.coefficiente).collect();
    assert_eq!(
        coefficienti,
        [
            d("1.30"),
            d("1.20"),
            d("1.00"),
            d("1.10"),
            d("1.30"),
            d("1.20"),
            d("1.20")
        ]
    );
    let parametri: Vec<Decimal> = r.premi.iter().map(|p| p.parametro.normalize()).collect();
    assert_eq!(
        parametri,
        [
            d("0.3705"),
            d("0.96"),
            d("0.36"),
            d("0.77"),
            d("0"),
            d("0"),
            d("0")
        ]
    );

    // Passo 3: premio medio e maggiorazione (art. 81) al solo P1.
    assert_eq!(r.premio_medio.formato_it(), "2.500,00");
    assert_eq!(r.maggiorazione_unitaria.formato_it(), "750,00");
    let magg: Vec<bool> = r.premi.iter().map(|p| p.maggiorazione).collect();
    assert_eq!(magg, [true, false, false, false, false, false, false]);

    // Passo 4: quote e resti maggiori (i due centesimi a P1 e a P4).
    assert_eq!(
        premi(&r),
        [
            "2.142,86", "3.609,02", "1.353,38", "2.894,74", "0,00", "0,00", "0,00"
        ]
    );
    assert_eq!(
        r.premi[0].spiegazione,
        "coefficiente 1,30 × part-time 50,00% × presenza 219/365 × punteggio 95,00% = \
         parametro 0,370500; quota = 9.250,00 × 0,370500 ÷ 2,460500 + maggiorazione 750,00 \
         = 2.142,8571 → 2.142,86 (resti maggiori)"
    );
    assert_eq!(
        r.premi[3].spiegazione,
        "coefficiente 1,10 × part-time 100,00% × presenza 365/365 × punteggio 70,00% = \
         parametro 0,770000; quota = 9.250,00 × 0,770000 ÷ 2,460500 = 2.894,7368 → 2.894,74 \
         (resti maggiori)"
    );
    assert_eq!(
        r.premi[6].spiegazione,
        "coefficiente 1,20 × part-time 100,00% × presenza 365/365 × punteggio 59,00%"
    );
    assert_eq!(r.distribuito, euro("10.000,00"));
    assert_eq!(r.non_distribuito, Importo::ZERO);
    assert_eq!(
        r.regola,
        "fondo 10.000,00 − maggiorazioni (1 × 30,00% del premio medio 2.500,00) ripartito in \
         proporzione al parametro; premi arrotondati al centesimo con il metodo dei resti maggiori"
    );
}

/// docs/valutazione.md, «F2 — Tabelle art. 20».
#[test]
fn f2_tabelle_art20() {
    let regole = RegoleSmvp::default();
    let r = ripartisci(euro("10.000,00"), &persone_f1(), &regole);
    let t = tabelle_art20(&r, &regole);
    assert_eq!(t.stanziato.formato_it(), "10.000,00");
    assert_eq!(t.distribuito.formato_it(), "10.000,00");
    assert_eq!((t.valutati, t.premiati), (7, 4));
    assert_eq!(t.premio_medio.formato_it(), "2.500,00");
    assert_eq!(t.premio_minimo.formato_it(), "1.353,38");
    assert_eq!(t.premio_massimo.formato_it(), "3.609,02");
    assert_eq!(t.rapporto_massimo_minimo, Some(d("2.67")));
    assert_eq!(t.quota_al_primo_quinto, Some(d("36.09")));
    let righe: Vec<(String, usize, Decimal, String, Decimal)> = t
        .distribuzione
        .iter()
        .map(|f| {
            (
                f.fascia.clone(),
                f.persone,
                f.percentuale_persone,
                f.importo.formato_it(),
                f.percentuale_importo,
            )
        })
        .collect();
    assert_eq!(
        righe,
        [
            (
                "pienamente raggiunto".into(),
                3,
                d("42.86"),
                "3.496,24".into(),
                d("34.96")
            ),
            (
                "prevalentemente raggiunto".into(),
                3,
                d("42.86"),
                "6.503,76".into(),
                d("65.04")
            ),
            (
                "parzialmente raggiunto".into(),
                1,
                d("14.29"),
                "0,00".into(),
                d("0")
            ),
            ("non raggiunto".into(), 0, d("0"), "0,00".into(), d("0")),
        ]
    );
}

/// docs/valutazione.md, «F3 — Due maggiorazioni».
#[test]
fn f3_due_maggiorazioni() {
    let mut regole = RegoleSmvp::default();
    regole.fondo.quota_maggiorazione = Percentuale(d("50"));
    let persone = [
        persona("A", "operatori", None, "100", 365, "100"),
        persona("B", "operatori", None, "100", 365, "90"),
        persona("C", "operatori", None, "100", 365, "80"),
        persona("D", "operatori", None, "100", 365, "70"),
    ];
    let r = ripartisci(euro("1.000,00"), &persone, &regole);
    assert_eq!(premi(&r), ["325,00", "300,00", "200,00", "175,00"]);
    let magg: Vec<bool> = r.premi.iter().map(|p| p.maggiorazione).collect();
    assert_eq!(magg, [true, true, false, false]);
    assert_eq!(r.maggiorazione_unitaria.formato_it(), "75,00");
    assert_eq!(
        r.premi[1].spiegazione,
        "coefficiente 1,00 × part-time 100,00% × presenza 365/365 × punteggio 90,00% = \
         parametro 0,900000; quota = 850,00 × 0,900000 ÷ 3,400000 + maggiorazione 75,00 \
         = 300,0000 → 300,00 (resti maggiori)"
    );
    assert!(r.regola.contains("(2 × 30,00% del premio medio 250,00)"));

    // Con 20 ammessi e la quota predefinita del 10%: 20 × 10 ÷ 100 = 2 maggiorazioni.
    let venti: Vec<Partecipante> = (0..20)
        .map(|i| {
            persona(
                &format!("Q{i:02}"),
                "operatori",
                None,
                "100",
                365,
                &(80 + i).to_string(),
            )
        })
        .collect();
    let r = ripartisci(euro("20.000,00"), &venti, &RegoleSmvp::default());
    let migliori: Vec<&str> = r
        .premi
        .iter()
        .filter(|p| p.maggiorazione)
        .map(|p| p.codice.as_str())
        .collect();
    assert_eq!(migliori, ["Q18", "Q19"]);
}

/// docs/valutazione.md, «F4 — Resti maggiori».
#[test]
fn f4_resti_maggiori() {
    // 150,5 + 225,25 + 99,75 = 475,5 → 476 centesimi: parti intere 474, restano 2 centesimi
    // ai resti 0,75 e 0,5.
    assert_eq!(
        resti_maggiori(&[d("150.5"), d("225.25"), d("99.75")], 476),
        [151, 225, 100]
    );
    // Il resto conta, non la grandezza della quota né il rapporto con la parte intera.
    assert_eq!(
        resti_maggiori(&[d("1.3"), d("100.7"), d("5")], 107),
        [1, 101, 5]
    );
    // A parità di resto, l'ordine dato.
    assert_eq!(
        resti_maggiori(&[d("0.5"), d("0.5"), d("0.5")], 2),
        [1, 1, 0]
    );
    assert_eq!(resti_maggiori(&[d("2"), d("3")], 5), [2, 3]);
    assert_eq!(resti_maggiori(&[], 0), Vec::<i64>::new());
}

#[test]
fn ammissione_ai_limiti() {
    // Esattamente 30 giorni e esattamente il 60%: ammessi.
    let persone = [
        persona("A", "operatori", None, "100", 30, "100"),
        persona("B", "operatori", None, "100", 365, "60"),
    ];
    let r = ripartisci(euro("1.000,00"), &persone, &RegoleSmvp::default());
    assert!(r.premi.iter().all(|p| p.ammesso), "{:?}", r.premi);
    // Oltre i giorni di riferimento la presenza vale 1: 400 giorni come 365.
    let persone = [
        persona("A", "operatori", None, "100", 400, "80"),
        persona("B", "operatori", None, "100", 365, "80"),
    ];
    let mut regole = RegoleSmvp::default();
    regole.fondo.quota_maggiorazione = Percentuale::ZERO;
    let r = ripartisci(euro("1.000,00"), &persone, &regole);
    assert_eq!(premi(&r), ["500,00", "500,00"]);
    assert!(r.premi[0].spiegazione.starts_with(
        "coefficiente 1,00 × part-time 100,00% × presenza 365/365 × punteggio 80,00% = parametro 0,800000"
    ));
    // Quota 0: nessuna maggiorazione, e nessun importo di maggiorazione dichiarato.
    assert_eq!(r.maggiorazione_unitaria, Importo::ZERO);
    assert!(r.premi.iter().all(|p| !p.maggiorazione));
    // Categoria non in tabella: coefficiente predefinito.
    let r = ripartisci(
        euro("1.000,00"),
        &[persona(
            "A",
            "dirigenti a contratto",
            None,
            "100",
            365,
            "80",
        )],
        &RegoleSmvp::default(),
    );
    assert_eq!(r.premi[0].coefficiente, Decimal::ONE);
}

#[test]
fn una_sola_persona_non_ha_maggiorazione() {
    let r = ripartisci(
        euro("1.000,00"),
        &[persona("A", "operatori", None, "100", 365, "80")],
        &RegoleSmvp::default(),
    );
    assert_eq!(premi(&r), ["1.000,00"]);
    assert!(!r.premi[0].maggiorazione);
    assert_eq!(r.maggiorazione_unitaria, Importo::ZERO);
    assert_eq!(r.premio_medio.formato_it(), "1.000,00");
}

#[test]
fn fondo_nullo_o_negativo_non_si_distribuisce() {
    let persone = [
        persona("A", "operatori", None, "100", 365, "80"),
        persona("B", "operatori", None, "100", 365, "70"),
    ];
    for fondo in [Importo::ZERO, Importo::da_centesimi(-100)] {
        let r = ripartisci(fondo, &persone, &RegoleSmvp::default());
        assert_eq!(r.distribuito, Importo::ZERO);
        assert_eq!(r.non_distribuito, fondo);
        assert_eq!(premi(&r), ["0,00", "0,00"]);
        assert_eq!(
            r.regola,
            format!("fondo di {}: nulla da distribuire", fondo.formato_it())
        );
    }
}

#[test]
fn tabelle_senza_premiati() {
    let regole = RegoleSmvp::default();
    let r = ripartisci(
        euro("1.000,00"),
        &[persona("A", "operatori", None, "100", 10, "80")],
        &regole,
    );
    let t = tabelle_art20(&r, &regole);
    assert_eq!((t.valutati, t.premiati), (1, 0));
    assert_eq!(t.premio_medio, Importo::ZERO);
    assert_eq!(t.rapporto_massimo_minimo, None);
    assert_eq!(t.quota_al_primo_quinto, None);
    assert_eq!(t.distribuzione[1].persone, 1);
    assert_eq!(t.distribuzione[1].percentuale_persone, d("100"));
    assert_eq!(t.distribuzione[1].percentuale_importo, Decimal::ZERO);
}

#[test]
fn un_parametro_nullo_non_conta_per_il_premio_medio() {
    // Z è ammesso ma con part-time 0% il suo parametro è 0: non entra nel premio medio né
    // nelle maggiorazioni.
    let persone = [
        persona("A", "operatori", None, "100", 365, "70"),
        persona("Z", "operatori", None, "0", 365, "80"),
    ];
    let r = ripartisci(euro("1.000,00"), &persone, &RegoleSmvp::default());
    assert!(r.premi[1].ammesso);
    assert_eq!(premi(&r), ["1.000,00", "0,00"]);
    assert_eq!(r.premio_medio.formato_it(), "1.000,00");
    assert_eq!(r.maggiorazione_unitaria, Importo::ZERO);
}
