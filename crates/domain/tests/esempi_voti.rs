//! La regola di un voto (scheda individuale), con esempi fatti a mano sulle regole predefinite
//! (comportamenti C1–C4, scala 1–5): ai bordi della scala il voto è accettato, appena fuori no;
//! persona e comportamento devono esistere. Un file di voti applica la stessa regola riga per
//! riga, con riga e colonna, e in più rifiuta i doppioni.

use rust_decimal::Decimal;
use serde_json::json;
use std::str::FromStr;
use traguardo_domain::individuale::{VotoComportamento, valida_voti, valida_voto};
use traguardo_domain::piano::Piano;
use traguardo_domain::rilievi::CodiceRilievo;
use traguardo_domain::smvp::RegoleSmvp;

fn piano() -> Piano {
    serde_json::from_value(json!({
        "formato": "traguardo-piano", "versione_schema": 1,
        "ente": {"codice": "PROVA", "nome": "Ente di prova"},
        "ciclo": {"anno_inizio": 2026, "anno_fine": 2026},
        "unita_organizzative": [{"codice": "AREA1", "nome": "Area", "livello": "area"}],
        "persone": [{"codice": "P01", "cognome_nome": "ROSSI MARIA", "unita": "AREA1"}],
        "obiettivi": []
    }))
    .unwrap()
}

fn voto(persona: &str, comportamento: &str, v: &str) -> VotoComportamento {
    VotoComportamento {
        persona: persona.into(),
        comportamento: comportamento.into(),
        voto: Decimal::from_str(v).unwrap(),
    }
}

fn codici(p: &Piano, v: &VotoComportamento) -> Vec<(CodiceRilievo, String)> {
    valida_voto(p, v, &RegoleSmvp::default())
        .into_iter()
        .map(|r| (r.codice, r.percorso))
        .collect()
}

#[test]
fn scala_da_1_a_5_bordi_compresi() {
    let p = piano();
    for v in ["1", "1.00", "3.5", "5", "5.00"] {
        assert_eq!(codici(&p, &voto("P01", "C1", v)), [], "voto {v}");
    }
    for v in ["0.99", "5.01", "0", "-1", "6"] {
        assert_eq!(
            codici(&p, &voto("P01", "C1", v)),
            [(CodiceRilievo::ValoreNonValido, "voto".to_string())],
            "voto {v}"
        );
    }
    let r = valida_voto(&p, &voto("P01", "C1", "5.01"), &RegoleSmvp::default());
    assert_eq!(
        r[0].messaggio,
        "voto 5,01 fuori dalla scala 1–5 delle regole del ciclo"
    );
}

#[test]
fn persona_e_comportamento_devono_esistere() {
    let p = piano();
    assert_eq!(
        codici(&p, &voto("P99", "C9", "9")),
        [
            (CodiceRilievo::RiferimentoSconosciuto, "persona".to_string()),
            (
                CodiceRilievo::RiferimentoSconosciuto,
                "comportamento".to_string()
            ),
            (CodiceRilievo::ValoreNonValido, "voto".to_string()),
        ]
    );
    let r = valida_voto(&p, &voto("P99", "C1", "3"), &RegoleSmvp::default());
    assert_eq!(r[0].messaggio, "la persona «P99» non è nel piano 2026");
}

#[test]
fn un_file_applica_la_stessa_regola_con_riga_e_colonna() {
    let p = piano();
    let voti = [
        (2, voto("P01", "C1", "4")),
        (3, voto("P99", "C1", "4")),
        (4, voto("P01", "C9", "4")),
        (5, voto("P01", "C2", "7")),
        (6, voto("P01", "C1", "3")),
    ];
    let r = valida_voti(&p, &voti, &RegoleSmvp::default());
    let visti: Vec<_> = r
        .iter()
        .map(|x| (x.codice, x.riga, x.colonna, x.messaggio.as_str()))
        .collect();
    let percorsi: Vec<_> = r.iter().map(|x| x.percorso.as_str()).collect();
    assert_eq!(percorsi, ["riga 3", "riga 4", "riga 5", "riga 6"]);
    assert_eq!(
        visti,
        [
            (
                CodiceRilievo::RiferimentoSconosciuto,
                Some(3),
                Some(1),
                "riga 3: la persona «P99» non è nel piano 2026"
            ),
            (
                CodiceRilievo::RiferimentoSconosciuto,
                Some(4),
                Some(2),
                "riga 4: il comportamento «C9» non è nel catalogo delle regole del ciclo (C1, C2, C3, C4)"
            ),
            (
                CodiceRilievo::ValoreNonValido,
                Some(5),
                Some(3),
                "riga 5: voto 7,00 fuori dalla scala 1–5 delle regole del ciclo"
            ),
            (
                CodiceRilievo::CodiceDuplicato,
                Some(6),
                None,
                "riga 6: voto di «P01» per «C1» già dato alla riga 2"
            ),
        ]
    );
}
