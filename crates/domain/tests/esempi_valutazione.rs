//! Esempi svolti della valutazione: gli stessi numeri, passo per passo, sono in
//! `docs/valutazione.md`, sezione «Esempi svolti», paragrafi V1–V5.

use rust_decimal::Decimal;
use serde_json::json;
use std::str::FromStr;
use traguardo_domain::piano::{Piano, ValoreIndicatoreFile};
use traguardo_domain::smvp::RegoleSmvp;
use traguardo_domain::valutazione::{
    EsitoAggregato, Valutazione, discordanze, misura_indicatore, scegli_checkpoint, valuta,
};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn step(codice: &str, scadenza: &str, peso: Option<&str>) -> serde_json::Value {
    let mut s = json!({"codice": codice, "descrizione": codice, "scadenza": scadenza});
    if let Some(p) = peso {
        s["peso"] = json!(p);
    }
    s
}

fn stato(
    cp: &str,
    obiettivo: &str,
    step: u32,
    stato: &str,
    pct: Option<&str>,
) -> serde_json::Value {
    let mut s = json!({"checkpoint": cp, "obiettivo": obiettivo, "step": step, "stato": stato});
    if let Some(p) = pct {
        s["percentuale"] = json!(p);
    }
    s
}

/// Il piano degli esempi V1–V4: ciclo 2026, due CdR, quattro obiettivi, totale 50 punti.
fn piano_v() -> Piano {
    let f = "31/12/2026";
    let i = "31/08/2026";
    let p = json!({
        "formato": "traguardo-piano", "versione_schema": 1,
        "ente": {"codice": "PROVA", "nome": "Ente di prova"},
        "ciclo": {"anno_inizio": 2026, "anno_fine": 2026, "totale_punti": "50"},
        "unita_organizzative": [
            {"codice": "AREA1", "nome": "Area amministrativa", "livello": "area"},
            {"codice": "AREA2", "nome": "Area servizi", "livello": "area"}
        ],
        "obiettivi": [
            {"codice": "A", "tipo": "peg", "titolo": "Obiettivo A", "peso": "60", "punti": "30",
             "unita": [{"unita": "AREA1"}],
             "steps": [step("A.1", "30/06/2026", Some("40")), step("A.2", "31/10/2026", Some("30")),
                       step("A.3", "30/11/2026", Some("20")), step("A.4", "31/12/2026", Some("10"))],
             "indicatori": [{"nome": "Pratiche evase", "target": ">= 80"},
                            {"nome": "Reclami sul totale", "target": "<= 10%", "unita_misura": "%"}]},
            {"codice": "B", "tipo": "peg", "titolo": "Obiettivo B", "peso": "30", "punti": "10",
             "unita": [{"unita": "AREA1"}, {"unita": "AREA2"}],
             "steps": [step("B.1", "31/03/2026", None), step("B.2", "30/09/2026", None),
                       step("B.3", "31/12/2026", None), step("B.4", "31/12/2026", None)]},
            {"codice": "C", "tipo": "peg", "titolo": "Obiettivo C", "peso": "10", "punti": "5",
             "unita": [{"unita": "AREA2"}],
             "steps": [step("C.1", "31/05/2026", None)]},
            {"codice": "D", "tipo": "peg", "titolo": "Obiettivo D", "punti": "5",
             "unita": [{"unita": "AREA2"}],
             "steps": [step("D.1", "31/12/2026", None)]}
        ],
        "monitoraggio": {
            "checkpoint": [
                {"codice": i, "data": "2026-08-31", "etichetta": "Monitoraggio al 31/08/2026"},
                {"codice": f, "data": "2026-12-31", "etichetta": "Verifica finale", "finale": true}
            ],
            "stati": [
                stato(f, "A", 1, "realizzato", None),
                stato(f, "A", 2, "parziale", Some("60")),
                stato(f, "A", 3, "non_realizzabile", None),
                stato(f, "A", 4, "parziale", None),
                stato(f, "B", 1, "in_itinere", None),
                stato(f, "B", 2, "in_corso", None),
                stato(f, "B", 3, "realizzato", None),
                stato(f, "B", 4, "realizzato", None),
                stato(f, "C", 1, "realizzato", None),
                stato(i, "A", 1, "realizzato", None),
                stato(i, "A", 2, "in_corso", None),
                stato(i, "A", 3, "dilazione_richiesta", None),
                stato(i, "B", 1, "in_corso", None),
                stato(i, "B", 2, "parziale", Some("40")),
                stato(i, "B", 3, "da_avviare", None)
            ],
            "valori": [
                {"checkpoint": f, "obiettivo": "A", "indicatore": 1, "valore": "60"},
                {"checkpoint": f, "obiettivo": "A", "indicatore": 2, "valore": "12%"}
            ]
        }
    });
    serde_json::from_value(p).unwrap()
}

fn valuta_al(p: &Piano, cp: &str) -> Valutazione {
    let cp = scegli_checkpoint(p, Some(cp)).unwrap();
    valuta(p, cp, &RegoleSmvp::default())
}

fn aggregato<'a>(v: &'a Valutazione, livello: &str, codice: &str) -> &'a EsitoAggregato {
    v.aggregati
        .iter()
        .find(|a| a.livello == livello && a.codice == codice)
        .unwrap()
}

/// docs/valutazione.md, «V1 — Step e obiettivo con step pesati e indicatori».
#[test]
fn v1_obiettivo_con_step_pesati_e_indicatori() {
    let p = piano_v();
    let v = valuta_al(&p, "31/12/2026");
    let a = &v.obiettivi[0];
    let valori: Vec<Option<Decimal>> = a.steps.iter().map(|s| s.valore).collect();
    assert_eq!(valori, [Some(d("100")), Some(d("60")), None, Some(d("50"))]);
    assert_eq!(
        a.steps[3].spiegazione,
        "parzialmente realizzato, percentuale non indicata: 50,00% (regola)"
    );
    assert_eq!(a.raggiungimento_step, Some(d("78.75")));
    // Indicatore 1: ≥ 80, rilevato 60 → 60 ÷ 80 = 75%; scostamento 60 − 80 = −20 (−25%).
    let i1 = &a.indicatori[0];
    assert_eq!(
        (
            i1.raggiungimento,
            i1.scostamento,
            i1.scostamento_percento,
            i1.rispettato
        ),
        (Some(d("75")), Some(d("-20")), Some(d("-25")), Some(false))
    );
    // Indicatore 2: ≤ 10%, rilevato 12% → sforamento 20% → 100 − 20 = 80%.
    let i2 = &a.indicatori[1];
    assert_eq!(
        (
            i2.raggiungimento,
            i2.scostamento,
            i2.scostamento_percento,
            i2.rispettato
        ),
        (Some(d("80")), Some(d("2")), Some(d("20")), Some(false))
    );
    assert_eq!(a.raggiungimento_indicatori, Some(d("77.5")));
    assert_eq!(a.raggiungimento, Some(d("78.125")));
    assert_eq!(a.fascia.as_deref(), Some("prevalentemente raggiunto"));
    assert_eq!(
        a.spiegazione,
        [
            "step: (A.1 100,00 × 40,00 + A.2 60,00 × 30,00 + A.4 50,00 × 10,00) ÷ 80,00 = 78,75% \
             (pesi step/obiettivo)",
            "indicatori (pesi uguali): (ind. 1 75,00 × 1,00 + ind. 2 80,00 × 1,00) ÷ 2 = 77,50%",
            "obiettivo: step 78,75% × 50,00% + indicatori 77,50% × 50,00% = 78,13%",
        ]
    );
}

/// docs/valutazione.md, «V2 — Step a pesi uguali, in itinere e scaduti».
#[test]
fn v2_pesi_uguali_e_step_scaduti() {
    let p = piano_v();
    let v = valuta_al(&p, "31/12/2026");
    let b = &v.obiettivi[1];
    let valori: Vec<Option<Decimal>> = b.steps.iter().map(|s| s.valore).collect();
    assert_eq!(
        valori,
        [Some(d("100")), Some(d("0")), Some(d("100")), Some(d("100"))]
    );
    assert_eq!(b.steps[1].spiegazione, "non concluso alla scadenza: 0,00%");
    assert_eq!(b.raggiungimento, Some(d("75")));
    assert_eq!(b.fascia.as_deref(), Some("prevalentemente raggiunto"));
    assert_eq!(v.obiettivi[2].raggiungimento, Some(d("100")));
    // D non ha stati al checkpoint: non valutabile.
    assert_eq!(v.obiettivi[3].raggiungimento, None);
    assert_eq!(
        v.obiettivi[3].spiegazione,
        ["nessuno step né indicatore misurato al checkpoint: non valutabile"]
    );
}

/// docs/valutazione.md, «V3 — CdR ed ente».
#[test]
fn v3_cdr_ed_ente() {
    let p = piano_v();
    let v = valuta_al(&p, "31/12/2026");
    let a1 = aggregato(&v, "cdr", "AREA1");
    assert_eq!(a1.raggiungimento, Some(d("77.0833")));
    assert_eq!(a1.peso, Some(d("90")));
    assert_eq!(
        a1.spiegazione,
        "media pesata con l'incidenza dei raggiungimenti degli obiettivi: \
         (A 78,13 × 60,00 + B 75,00 × 30,00) ÷ 90,00 = 77,08%"
    );
    let a2 = aggregato(&v, "cdr", "AREA2");
    assert_eq!(a2.raggiungimento, Some(d("81.25")));
    let ente = aggregato(&v, "ente", "PROVA");
    assert_eq!(ente.raggiungimento, Some(d("79.375")));
    assert_eq!(ente.fascia.as_deref(), Some("prevalentemente raggiunto"));
}

/// docs/valutazione.md, «V4 — Punti del direttore».
#[test]
fn v4_punti_del_direttore() {
    let p = piano_v();
    let v = valuta_al(&p, "31/12/2026");
    let dir = aggregato(&v, "director", "DIRETTORE");
    assert_eq!(dir.peso, Some(d("50")));
    assert_eq!(dir.raggiungimento, Some(d("79.8611")));
    assert_eq!(
        dir.spiegazione,
        "punti ottenuti = Σ punti × raggiungimento = A 30,00 × 78,13% + B 10,00 × 75,00% + \
         C 5,00 × 100,00% = 35,94 su 50,00 (esclusi 5,00 punti di obiettivi non valutabili); \
         pari al 79,86%"
    );
}

/// docs/valutazione.md, «V5 — Un checkpoint intermedio».
#[test]
fn v5_checkpoint_intermedio() {
    let p = piano_v();
    let v = valuta_al(&p, "31/08/2026");
    let a = &v.obiettivi[0];
    let valori: Vec<Option<Decimal>> = a.steps.iter().map(|s| s.valore).collect();
    assert_eq!(valori, [Some(d("100")), None, None, None]);
    assert_eq!(
        a.steps[1].spiegazione,
        "in corso, non ancora scaduto: escluso"
    );
    assert_eq!(
        a.steps[2].spiegazione,
        "dilazione richiesta, in attesa di decisione: escluso"
    );
    assert_eq!(a.steps[3].spiegazione, "nessuno stato rilevato: escluso");
    assert_eq!(a.raggiungimento, Some(d("100")));
    let b = &v.obiettivi[1];
    let valori: Vec<Option<Decimal>> = b.steps.iter().map(|s| s.valore).collect();
    // B.1 (31/03) in corso è scaduto: 0; B.2 parziale 40%; B.3 (31/12) da avviare: escluso.
    assert_eq!(valori, [Some(d("0")), Some(d("40")), None, None]);
    assert_eq!(b.raggiungimento, Some(d("20")));
    assert_eq!(b.fascia.as_deref(), Some("non raggiunto"));
}

fn valore(v: &str, stampato: &str) -> ValoreIndicatoreFile {
    ValoreIndicatoreFile {
        checkpoint: "finale".into(),
        obiettivo: "X".into(),
        indicatore: 1,
        valore: v.into(),
        scostamento_stampato: Some(stampato.into()),
        nota: None,
        valutazione: None,
    }
}

/// docs/valutazione.md, «V6 — Scostamento b − a (seed 001)».
#[test]
fn v6_scostamento_b_meno_a() {
    let r = RegoleSmvp::default();
    let ind = |nome: &str, target: &str| -> traguardo_domain::piano::Indicatore {
        serde_json::from_value(json!({"nome": nome, "target": target})).unwrap()
    };
    // Seed 001, Accoglienza Plurale: atteso 169, rilevato 211, stampato «+44 (pari a +20%)».
    let e = misura_indicatore(
        "X",
        1,
        &ind("Richieste accolte", ">= 169"),
        Some(&valore("211 (pari al 100%)", "+44 (pari a +20%)")),
        &r,
    );
    assert_eq!(e.scostamento, Some(d("42")));
    assert_eq!(e.scostamento_percento, Some(d("24.85")));
    assert_eq!(e.raggiungimento, Some(d("100")));
    // Seed 001, O.S.S.: atteso 54, rilevato 52, stampato «2» (a − b).
    let f = misura_indicatore(
        "X",
        2,
        &ind("Operatori formati", "n.54"),
        Some(&valore("n.52", "2")),
        &r,
    );
    assert_eq!(f.scostamento, Some(d("-2")));
    // Seed 001: atteso 12, rilevato 13, stampato «0» (obiettivo rispettato).
    let g = misura_indicatore("X", 3, &ind("Progetti", "12"), Some(&valore("13", "0")), &r);
    assert_eq!(g.scostamento, Some(d("1")));
    let spiegazioni: Vec<(usize, String)> = discordanze(&[e, f, g])
        .into_iter()
        .map(|x| (x.indicatore, x.spiegazione))
        .collect();
    assert_eq!(
        spiegazioni,
        [
            (1, "errore aritmetico: 211,00 − 169,00 = 42,00".to_string()),
            (
                2,
                "stampato con il segno opposto (a − b, come nell'intestazione «c = a − b»)"
                    .to_string()
            ),
            (
                3,
                "stampato 0 perché il valore atteso è rispettato".to_string()
            ),
        ]
    );
}
