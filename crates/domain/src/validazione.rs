//! Validazione del piano: codici unici, riferimenti esistenti, cataloghi, ciclo coerente.
//! Gli errori rendono il piano inaccettabile; gli avvisi sui pesi vengono da [`crate::pesi`].

use crate::catalogo::Catalogo;
use crate::pesi::verifica_pesi;
use crate::piano::{FORMATO, Piano, VERSIONE_SCHEMA};
use crate::rilievi::{CodiceRilievo, Rilievo};
use std::collections::{HashMap, HashSet};

/// Numero massimo di anni di un ciclo di programmazione.
pub const MAX_ANNI_CICLO: i32 = 5;

/// Tutte le verifiche: errori strutturali e avvisi sui pesi.
pub fn valida(piano: &Piano) -> Vec<Rilievo> {
    let mut r = valida_struttura(piano, Catalogo::ufficiale());
    r.extend(verifica_pesi(piano));
    r
}

/// Raccoglie i duplicati di un elenco di codici.
fn duplicati<'a>(
    rilievi: &mut Vec<Rilievo>,
    elenco: &str,
    codici: impl Iterator<Item = &'a str>,
    percorso: impl Fn(&str, usize) -> String,
) -> HashSet<&'a str> {
    let mut visti: HashMap<&str, usize> = HashMap::new();
    for (i, c) in codici.enumerate() {
        if let Some(prima) = visti.get(c) {
            rilievi.push(Rilievo::errore(
                CodiceRilievo::CodiceDuplicato,
                percorso(c, i + 1),
                format!(
                    "il codice «{c}» compare più volte in {elenco} (posizioni {prima} e {})",
                    i + 1
                ),
            ));
        } else {
            visti.insert(c, i + 1);
        }
    }
    visti.into_keys().collect()
}

fn riferimento(
    rilievi: &mut Vec<Rilievo>,
    noti: &HashSet<&str>,
    valore: &str,
    cosa: &str,
    percorso: String,
) {
    if !noti.contains(valore) {
        rilievi.push(Rilievo::errore(
            CodiceRilievo::RiferimentoSconosciuto,
            percorso,
            format!("{cosa} «{valore}» non esiste nel piano"),
        ));
    }
}

fn programma(rilievi: &mut Vec<Rilievo>, catalogo: &Catalogo, codice: &str, percorso: String) {
    if catalogo.programma(codice).is_none() {
        rilievi.push(Rilievo::errore(
            CodiceRilievo::ProgrammaSconosciuto,
            percorso,
            format!(
                "il programma «{codice}» non è nel catalogo D.Lgs. 118/2011 delle missioni e dei \
                 programmi (codice a 4 cifre, es. 1207)"
            ),
        ));
    }
}

/// Codice di un ente: da 2 a 20 caratteri tra A-Z, 0-9, '_', '.', '-'.
pub fn codice_ente_valido(c: &str) -> bool {
    (2..=20).contains(&c.len())
        && c.chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || "_.-".contains(ch))
}

pub fn valida_struttura(piano: &Piano, catalogo: &Catalogo) -> Vec<Rilievo> {
    let mut r = Vec::new();
    if piano.formato != FORMATO {
        r.push(Rilievo::errore(
            CodiceRilievo::FormatoNonSupportato,
            "formato",
            format!(
                "formato «{}» non riconosciuto: atteso «{FORMATO}»",
                piano.formato
            ),
        ));
    }
    if piano.versione_schema != VERSIONE_SCHEMA {
        r.push(Rilievo::errore(
            CodiceRilievo::FormatoNonSupportato,
            "versione_schema",
            format!(
                "versione dello schema {} non supportata: attesa {VERSIONE_SCHEMA}",
                piano.versione_schema
            ),
        ));
    }
    if !codice_ente_valido(&piano.ente.codice) {
        r.push(Rilievo::errore(
            CodiceRilievo::ValoreNonValido,
            "ente.codice",
            format!(
                "codice ente «{}» non valido: da 2 a 20 caratteri tra A-Z, 0-9, '_', '.', '-'",
                piano.ente.codice
            ),
        ));
    }
    let c = &piano.ciclo;
    if c.anno_fine < c.anno_inizio || c.anno_fine - c.anno_inizio >= MAX_ANNI_CICLO {
        r.push(Rilievo::errore(
            CodiceRilievo::CicloNonValido,
            "ciclo",
            format!(
                "il ciclo {}–{} non è valido: l'anno finale deve seguire quello iniziale, al massimo {MAX_ANNI_CICLO} anni",
                c.anno_inizio, c.anno_fine
            ),
        ));
    }
    if let Some(rif) = c.anno_riferimento
        && !(c.anno_inizio..=c.anno_fine).contains(&rif)
    {
        r.push(Rilievo::errore(
            CodiceRilievo::CicloNonValido,
            "ciclo.anno_riferimento",
            format!(
                "l'anno di riferimento {rif} è fuori dal ciclo {}–{}",
                c.anno_inizio, c.anno_fine
            ),
        ));
    }

    let unita = duplicati(
        &mut r,
        "unita_organizzative",
        piano.unita_organizzative.iter().map(|u| u.codice.as_str()),
        |c, _| format!("unita_organizzative[{c}]"),
    );
    for u in &piano.unita_organizzative {
        if let Some(p) = &u.padre {
            riferimento(
                &mut r,
                &unita,
                p,
                "l'unità organizzativa",
                format!("unita_organizzative[{}].padre", u.codice),
            );
        }
    }
    let persone = duplicati(
        &mut r,
        "persone",
        piano.persone.iter().map(|p| p.codice.as_str()),
        |c, _| format!("persone[{c}]"),
    );
    for p in &piano.persone {
        if let Some(u) = &p.unita {
            riferimento(
                &mut r,
                &unita,
                u,
                "l'unità organizzativa",
                format!("persone[{}].unita", p.codice),
            );
        }
    }
    let aree = duplicati(
        &mut r,
        "aree_strategiche",
        piano.aree_strategiche.iter().map(|a| a.codice.as_str()),
        |c, _| format!("aree_strategiche[{c}]"),
    );
    duplicati(
        &mut r,
        "obiettivi_strategici",
        piano.obiettivi_strategici.iter().map(|o| o.codice.as_str()),
        |c, _| format!("obiettivi_strategici[{c}]"),
    );
    let operativi = duplicati(
        &mut r,
        "obiettivi operativi",
        piano
            .obiettivi_strategici
            .iter()
            .flat_map(|s| s.operativi.iter().map(|o| o.codice.as_str())),
        |c, _| format!("obiettivi_strategici[*].operativi[{c}]"),
    );
    for s in &piano.obiettivi_strategici {
        if let Some(a) = &s.area {
            riferimento(
                &mut r,
                &aree,
                a,
                "l'area strategica",
                format!("obiettivi_strategici[{}].area", s.codice),
            );
        }
    }
    duplicati(
        &mut r,
        "programmi",
        piano.programmi.iter().map(String::as_str),
        |c, _| format!("programmi[{c}]"),
    );
    for (i, p) in piano.programmi.iter().enumerate() {
        programma(&mut r, catalogo, p, format!("programmi[{}]", i + 1));
    }
    let progetti = duplicati(
        &mut r,
        "progetti_peg",
        piano.progetti_peg.iter().map(|p| p.codice.as_str()),
        |c, _| format!("progetti_peg[{c}]"),
    );
    let mut servizi: HashSet<(String, String)> = HashSet::new();
    for p in &piano.progetti_peg {
        let base = format!("progetti_peg[{}]", p.codice);
        for (i, pr) in p.programmi.iter().enumerate() {
            programma(&mut r, catalogo, pr, format!("{base}.programmi[{}]", i + 1));
        }
        if let Some(u) = &p.unita {
            riferimento(
                &mut r,
                &unita,
                u,
                "l'unità organizzativa",
                format!("{base}.unita"),
            );
        }
        if let Some(a) = &p.area_strategica {
            riferimento(
                &mut r,
                &aree,
                a,
                "l'area strategica",
                format!("{base}.area_strategica"),
            );
        }
        duplicati(
            &mut r,
            &format!("{base}.servizi"),
            p.servizi.iter().map(|s| s.codice.as_str()),
            |c, _| format!("{base}.servizi[{c}]"),
        );
        for s in &p.servizi {
            servizi.insert((p.codice.clone(), s.codice.clone()));
        }
    }
    let atti = duplicati(
        &mut r,
        "atti",
        piano.atti.iter().map(|a| a.codice.as_str()),
        |c, _| format!("atti[{c}]"),
    );
    let _ = atti;
    let obiettivi = duplicati(
        &mut r,
        "obiettivi",
        piano.obiettivi.iter().map(|o| o.codice.as_str()),
        |c, _| format!("obiettivi[{c}]"),
    );
    for o in &piano.obiettivi {
        let base = format!("obiettivi[{}]", o.codice);
        if o.titolo.trim().is_empty() {
            r.push(Rilievo::errore(
                CodiceRilievo::ValoreNonValido,
                format!("{base}.titolo"),
                "il titolo dell'obiettivo è vuoto",
            ));
        }
        for (i, p) in o.programmi.iter().enumerate() {
            programma(&mut r, catalogo, p, format!("{base}.programmi[{}]", i + 1));
        }
        for (i, op) in o.obiettivi_operativi.iter().enumerate() {
            riferimento(
                &mut r,
                &operativi,
                op,
                "l'obiettivo operativo",
                format!("{base}.obiettivi_operativi[{}]", i + 1),
            );
        }
        for (i, u) in o.unita.iter().enumerate() {
            riferimento(
                &mut r,
                &unita,
                &u.unita,
                "l'unità organizzativa",
                format!("{base}.unita[{}]", i + 1),
            );
        }
        for (i, p) in o.progetti_peg.iter().enumerate() {
            riferimento(
                &mut r,
                &progetti,
                p,
                "il progetto PEG",
                format!("{base}.progetti_peg[{}]", i + 1),
            );
        }
        for (i, s) in o.servizi.iter().enumerate() {
            if !servizi.contains(&(s.progetto.clone(), s.servizio.clone())) {
                r.push(Rilievo::errore(
                    CodiceRilievo::RiferimentoSconosciuto,
                    format!("{base}.servizi[{}]", i + 1),
                    format!(
                        "il servizio «{}» del progetto PEG «{}» non esiste nel piano",
                        s.servizio, s.progetto
                    ),
                ));
            }
        }
        let step_codici = duplicati(
            &mut r,
            &format!("{base}.steps"),
            o.steps.iter().filter_map(|s| s.codice.as_deref()),
            |_, i| format!("{base}.steps[{i}]"),
        );
        for (i, s) in o.steps.iter().enumerate() {
            if s.descrizione.trim().is_empty() {
                r.push(Rilievo::errore(
                    CodiceRilievo::ValoreNonValido,
                    format!("{base}.steps[{}].descrizione", i + 1),
                    "la descrizione dello step è vuota",
                ));
            }
            if let Some(p) = s.peso
                && (p.0.is_sign_negative() || p.0 > rust_decimal::Decimal::ONE_HUNDRED)
            {
                r.push(Rilievo::errore(
                    CodiceRilievo::ValoreNonValido,
                    format!("{base}.steps[{}].peso", i + 1),
                    format!("peso {p} fuori dall'intervallo 0–100"),
                ));
            }
        }
        for (i, ind) in o.indicatori.iter().enumerate() {
            if let Some(s) = &ind.step {
                riferimento(
                    &mut r,
                    &step_codici,
                    s,
                    "lo step",
                    format!("{base}.indicatori[{}].step", i + 1),
                );
            }
        }
        if let Some(p) = o.peso
            && (p.0.is_sign_negative() || p.0 > rust_decimal::Decimal::ONE_HUNDRED)
        {
            r.push(Rilievo::errore(
                CodiceRilievo::ValoreNonValido,
                format!("{base}.peso"),
                format!("incidenza {p} fuori dall'intervallo 0–100"),
            ));
        }
    }
    for (i, f) in piano.formazione.iter().enumerate() {
        if let Some(u) = &f.unita {
            riferimento(
                &mut r,
                &unita,
                u,
                "l'unità organizzativa",
                format!("formazione[{}].unita", i + 1),
            );
        }
    }
    valida_monitoraggio(piano, &unita, &mut r);
    for (i, a) in piano.assegnazioni.iter().enumerate() {
        let base = format!("assegnazioni[{}]", i + 1);
        riferimento(
            &mut r,
            &persone,
            &a.persona,
            "la persona",
            format!("{base}.persona"),
        );
        riferimento(
            &mut r,
            &obiettivi,
            &a.obiettivo,
            "l'obiettivo",
            format!("{base}.obiettivo"),
        );
        if let (Some(step), Some(o)) = (&a.step, piano.obiettivo(&a.obiettivo))
            && !o.steps.iter().any(|s| s.codice.as_deref() == Some(step))
        {
            r.push(Rilievo::errore(
                CodiceRilievo::RiferimentoSconosciuto,
                format!("{base}.step"),
                format!(
                    "lo step «{step}» non esiste nell'obiettivo «{}»",
                    a.obiettivo
                ),
            ));
        }
    }
    r
}

fn valida_monitoraggio(piano: &Piano, unita: &HashSet<&str>, r: &mut Vec<Rilievo>) {
    let m = &piano.monitoraggio;
    let checkpoint = duplicati(
        r,
        "monitoraggio.checkpoint",
        m.checkpoint.iter().map(|c| c.codice.as_str()),
        |c, _| format!("monitoraggio.checkpoint[{c}]"),
    );
    let cp = |r: &mut Vec<Rilievo>, c: &str, percorso: String| {
        riferimento(r, &checkpoint, c, "il checkpoint", percorso)
    };
    let step = |r: &mut Vec<Rilievo>, ob: &str, n: Option<u32>, percorso: String| match piano
        .obiettivo(ob)
    {
        None => r.push(Rilievo::errore(
            CodiceRilievo::RiferimentoSconosciuto,
            format!("{percorso}.obiettivo"),
            format!("l'obiettivo «{ob}» non esiste nel piano"),
        )),
        Some(o) => {
            if let Some(n) = n
                && (n == 0 || n as usize > o.steps.len())
            {
                r.push(Rilievo::errore(
                    CodiceRilievo::RiferimentoSconosciuto,
                    format!("{percorso}.step"),
                    format!(
                        "l'obiettivo «{ob}» ha {} step: lo step {n} non esiste",
                        o.steps.len()
                    ),
                ))
            }
        }
    };
    let mut visti = HashSet::new();
    for (i, s) in m.stati.iter().enumerate() {
        let p = format!("monitoraggio.stati[{}]", i + 1);
        cp(r, &s.checkpoint, format!("{p}.checkpoint"));
        step(r, &s.obiettivo, Some(s.step), p.clone());
        if !visti.insert((&s.checkpoint, &s.obiettivo, s.step)) {
            r.push(Rilievo::errore(
                CodiceRilievo::CodiceDuplicato,
                p,
                format!(
                    "lo stato dello step {} dell'obiettivo «{}» al checkpoint «{}» è indicato più volte",
                    s.step, s.obiettivo, s.checkpoint
                ),
            ));
        }
    }
    let mut visti = HashSet::new();
    for (i, v) in m.valori.iter().enumerate() {
        let p = format!("monitoraggio.valori[{}]", i + 1);
        cp(r, &v.checkpoint, format!("{p}.checkpoint"));
        match piano.obiettivo(&v.obiettivo) {
            None => r.push(Rilievo::errore(
                CodiceRilievo::RiferimentoSconosciuto,
                format!("{p}.obiettivo"),
                format!("l'obiettivo «{}» non esiste nel piano", v.obiettivo),
            )),
            Some(o) if v.indicatore == 0 || v.indicatore as usize > o.indicatori.len() => {
                r.push(Rilievo::errore(
                    CodiceRilievo::RiferimentoSconosciuto,
                    format!("{p}.indicatore"),
                    format!(
                        "l'obiettivo «{}» ha {} indicatori: l'indicatore {} non esiste",
                        v.obiettivo,
                        o.indicatori.len(),
                        v.indicatore
                    ),
                ))
            }
            Some(_) => {}
        }
        if !visti.insert((&v.checkpoint, &v.obiettivo, v.indicatore)) {
            r.push(Rilievo::errore(
                CodiceRilievo::CodiceDuplicato,
                p,
                format!(
                    "il valore dell'indicatore {} dell'obiettivo «{}» al checkpoint «{}» è indicato più volte",
                    v.indicatore, v.obiettivo, v.checkpoint
                ),
            ));
        }
    }
    for (i, d) in m.dilazioni.iter().enumerate() {
        let p = format!("monitoraggio.dilazioni[{}]", i + 1);
        cp(r, &d.checkpoint, format!("{p}.checkpoint"));
        step(r, &d.obiettivo, Some(d.step), p);
    }
    for (i, c) in m.cause_scostamento.iter().enumerate() {
        step(
            r,
            &c.obiettivo,
            c.step,
            format!("monitoraggio.cause_scostamento[{}]", i + 1),
        );
    }
    for (i, rel) in m.relazioni.iter().enumerate() {
        let p = format!("monitoraggio.relazioni[{}]", i + 1);
        cp(r, &rel.checkpoint, format!("{p}.checkpoint"));
        step(r, &rel.obiettivo, None, p);
    }
    duplicati(
        r,
        "monitoraggio.indicatori_finanziari",
        m.indicatori_finanziari.iter().map(|x| x.codice.as_str()),
        |c, _| format!("monitoraggio.indicatori_finanziari[{c}]"),
    );
    for (i, f) in m.indicatori_finanziari.iter().enumerate() {
        if f.denominatore.importo.centesimi() == 0 {
            r.push(Rilievo::errore(
                CodiceRilievo::ValoreNonValido,
                format!("monitoraggio.indicatori_finanziari[{}].denominatore", i + 1),
                format!("il denominatore dell'indicatore «{}» è zero", f.codice),
            ));
        }
    }
    for (i, e) in m.esecuzione_bilancio.iter().enumerate() {
        riferimento(
            r,
            unita,
            &e.unita,
            "l'unità organizzativa",
            format!("monitoraggio.esecuzione_bilancio[{}].unita", i + 1),
        );
    }
}
