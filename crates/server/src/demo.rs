//! Dati dimostrativi: i piani trascritti dai documenti reali degli enti (fixtures/plans),
//! incorporati nel binario così che `serve --demo` funzioni da qualunque cartella.

use traguardo_app::Errore;
use traguardo_app::bilancio;
use traguardo_app::casi_uso;
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::file_piano::leggi_piano;
use traguardo_app::porte::{BilancioRepo, EntiRepo, FormatoBilancio, PianiRepo};
use traguardo_app::porte_accessi::UtentiRepo;
use traguardo_app::porte_fatti::FattiRepo;
use traguardo_app::porte_versioni::{StatoVersione, VersioniRepo};
use traguardo_app::utenti::{self, Richiedente};
use traguardo_app::versioni;
use traguardo_domain::accesso::{CodiceCdr, CodiceObiettivo, CodicePersona, Ruolo, RuoloAssegnato};
use traguardo_import::Lettori;
use traguardo_import::formati::leggi_collegamenti;

/// (nome del file, contenuto) dei piani dimostrativi.
pub const PIANI: &[(&str, &str)] = &[
    (
        "fixtures/plans/000.json",
        include_str!("../../../fixtures/plans/000.json"),
    ),
    (
        "fixtures/plans/001.json",
        include_str!("../../../fixtures/plans/001.json"),
    ),
    (
        "fixtures/plans/002.json",
        include_str!("../../../fixtures/plans/002.json"),
    ),
    (
        "fixtures/plans/003.json",
        include_str!("../../../fixtures/plans/003.json"),
    ),
    (
        "fixtures/plans/004.json",
        include_str!("../../../fixtures/plans/004.json"),
    ),
];

/// (ente, esercizio, ciclo del piano, nome del file, prospetto PEG del software di
/// contabilità, collegamenti capitolo ↔ progetto).
pub const BILANCI: &[(&str, i32, i32, &str, &str, &str)] = &[(
    "INRETE",
    2026,
    2026,
    "fixtures/budget/004_previsione_peg_2026.txt",
    include_str!("../../../fixtures/budget/004_previsione_peg_2026.txt"),
    include_str!("../../../fixtures/budget/004_collegamenti.csv"),
)];

/// Importa i piani dimostrativi che non sono ancora nel database; restituisce cosa ha fatto.
pub async fn carica<R: EntiRepo + PianiRepo + BilancioRepo + FattiRepo + VersioniRepo>(
    repo: &R,
) -> Result<Vec<String>, Errore> {
    let attore = Attore::sistema("demo");
    let mut esito = Vec::new();
    for (nome, testo) in PIANI {
        let piano = leggi_piano(testo.as_bytes(), nome).map_err(Errore::Rifiutato)?;
        let gia = match repo.ente_per_codice(&piano.ente.codice).await? {
            Some(e) => repo
                .elenco_cicli(e.tenant_id)
                .await?
                .iter()
                .any(|c| c.anno_inizio == piano.ciclo.anno_inizio),
            None => false,
        };
        if gia {
            esito.push(format!(
                "{}: ciclo {} già presente",
                piano.ente.codice, piano.ciclo.anno_inizio
            ));
            continue;
        }
        let e = casi_uso::importa_piano(repo, &attore, testo.as_bytes(), nome, None).await?;
        tracing::info!(ente = %e.ente, ciclo = e.anno_inizio, obiettivi = e.obiettivi, "piano dimostrativo caricato");
        esito.push(format!(
            "{}: ciclo {}–{} caricato ({} obiettivi, {} step)",
            e.ente, e.anno_inizio, e.anno_fine, e.obiettivi, e.steps
        ));
    }
    for (ente, anno, ciclo, nome, testo, collegamenti) in BILANCI {
        let ctx = Contesto::sistema_presso(repo, ente, "demo").await?;
        let e = bilancio::importa_bilancio(
            repo,
            &Lettori::default(),
            &ctx,
            testo.as_bytes(),
            nome,
            *anno,
            FormatoBilancio::Report,
        )
        .await?;
        esito.push(match e.versione {
            Some(v) => format!(
                "{ente}: bilancio {anno} caricato (versione {v}, {} + {} capitoli)",
                e.capitoli_entrate, e.capitoli_spese
            ),
            None => format!("{ente}: bilancio {anno} già presente"),
        });
        if e.versione.is_some() {
            let c = leggi_collegamenti(collegamenti, "collegamenti").map_err(Errore::Rifiutato)?;
            let n = bilancio::collega_capitoli(repo, &ctx, *anno, *ciclo, &c).await?;
            esito.push(format!("{ente}: {n} collegamenti capitolo ↔ progetto PEG"));
        }
    }
    for a in atti_approvazione()? {
        let ctx = Contesto::sistema_presso(repo, &a.ente, "demo").await?;
        let v = versioni::versioni(repo, &ctx, a.ciclo).await?;
        if v.versioni
            .iter()
            .any(|x| x.stato == StatoVersione::Approvata)
        {
            esito.push(format!("{}: piano {} già approvato", a.ente, a.ciclo));
            continue;
        }
        let r = match versioni::approva(repo, &ctx, a.ciclo, &a.atto, None).await {
            Err(Errore::Rifiutato(_)) if !a.forzatura.is_empty() => {
                versioni::approva(repo, &ctx, a.ciclo, &a.atto, Some(&a.forzatura)).await?
            }
            r => r?,
        };
        esito.push(format!(
            "{}: piano {} approvato (versione {}) con {}{}",
            a.ente,
            a.ciclo,
            r.numero,
            r.atto,
            if r.errori_forzati.is_empty() {
                String::new()
            } else {
                format!(
                    ", forzando {} errori della verifica",
                    r.errori_forzati.len()
                )
            }
        ));
    }
    Ok(esito)
}

/// Gli atti con cui la demo approva i piani dei seed (fixtures/demo/atti-approvazione.csv).
pub const ATTI_APPROVAZIONE: &str = include_str!("../../../fixtures/demo/atti-approvazione.csv");

/// Una riga di [`ATTI_APPROVAZIONE`].
pub struct AttoDemo {
    pub ente: String,
    pub ciclo: i32,
    pub atto: String,
    pub forzatura: String,
}

/// Legge [`ATTI_APPROVAZIONE`]: righe `ente,ciclo,atto,forzatura`, `#` per i commenti, la
/// forzatura tra virgolette.
pub fn atti_approvazione() -> Result<Vec<AttoDemo>, Errore> {
    let mut out = Vec::new();
    for (i, riga) in ATTI_APPROVAZIONE.lines().enumerate() {
        let riga = riga.trim();
        if riga.is_empty() || riga.starts_with('#') || riga.starts_with("ente,") {
            continue;
        }
        let errore = || {
            Errore::interno(format!(
                "fixtures/demo/atti-approvazione.csv, riga {}: attese le colonne ente,ciclo,atto,forzatura",
                i + 1
            ))
        };
        let mut parti = riga.splitn(4, ',');
        let ente = parti.next().ok_or_else(errore)?.trim().to_string();
        let ciclo = parti
            .next()
            .and_then(|c| c.trim().parse().ok())
            .ok_or_else(errore)?;
        let atto = parti.next().ok_or_else(errore)?.trim().to_string();
        let forzatura = parti
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .to_string();
        out.push(AttoDemo {
            ente,
            ciclo,
            atto,
            forzatura,
        });
    }
    Ok(out)
}

/// Variabile d'ambiente con la password comune degli utenti dimostrativi (altrimenti casuali).
pub const VAR_PASSWORD_DEMO: &str = "TRAGUARDO_DEMO_PASSWORD";

/// Un utente dimostrativo creato (o già presente), per la tabella stampata su stdout.
pub struct UtenteDemo {
    pub login: String,
    pub ruolo: String,
    pub ente: String,
    pub portata: String,
    /// `None` se l'utente c'era già: la sua password non è cambiata e non si conosce.
    pub password: Option<String>,
}

/// Crea, se mancano, un utente per ruolo per ente dei seed (`direttore.cissa`,
/// `oiv.inrete`…) più `admin` (superadmin). Il dipendente di CISSA è P01; ogni responsabile
/// ha il primo CdR del piano più recente dell'ente, ogni referente il primo obiettivo.
pub async fn utenti<R: EntiRepo + PianiRepo + UtentiRepo>(
    repo: &R,
) -> Result<Vec<UtenteDemo>, Errore> {
    let comune = std::env::var(VAR_PASSWORD_DEMO)
        .ok()
        .filter(|p| !p.is_empty());
    let chi = Richiedente::Sistema("demo".into());
    let password = || match &comune {
        Some(p) => Ok(p.clone()),
        None => utenti::password_casuale(),
    };
    let mut righe = Vec::new();
    let admin = if repo.credenziali("admin").await?.is_none() {
        let p = password()?;
        utenti::crea_utente(
            repo,
            &chi,
            "admin",
            "Amministratore dimostrativo",
            Some(&p),
            true,
        )
        .await?;
        Some(p)
    } else {
        None
    };
    righe.push(UtenteDemo {
        login: "admin".into(),
        ruolo: "superadmin".into(),
        ente: "tutti".into(),
        portata: String::new(),
        password: admin,
    });
    let mut seed = Vec::new();
    for (nome, testo) in PIANI {
        let p = leggi_piano(testo.as_bytes(), nome).map_err(Errore::Rifiutato)?;
        seed.push(p.ente.codice);
    }
    for ente in repo.elenco_enti().await? {
        if !seed.contains(&ente.codice) {
            continue;
        }
        let Some(ciclo) = repo.elenco_cicli(ente.tenant_id).await?.pop() else {
            continue;
        };
        let Some(piano) = repo.carica_piano(ente.tenant_id, ciclo.anno_inizio).await? else {
            continue;
        };
        let ctx = Contesto::sistema_come(ente.tenant_id, &ente.codice, "demo");
        for ruolo in Ruolo::TUTTI {
            let mut r = RuoloAssegnato::semplice(ruolo);
            match ruolo {
                Ruolo::Responsabile => match piano.unita_organizzative.first() {
                    Some(u) => r.cdr.push(CodiceCdr::new(u.codice.as_str())),
                    None => continue,
                },
                Ruolo::Referente => match piano.obiettivi.first() {
                    Some(o) => r.obiettivi.push(CodiceObiettivo::new(o.codice.as_str())),
                    None => continue,
                },
                // Senza persone nel piano il dipendente demo resta collegato a P01 e non vede
                // dati personali di nessuno.
                Ruolo::Dipendente => {
                    let p = piano
                        .persone
                        .first()
                        .map(|p| p.codice.clone())
                        .unwrap_or_else(|| "P01".into());
                    r.persona = Some(CodicePersona::new(p));
                }
                _ => {}
            }
            let login = format!("{}.{}", ruolo.codice(), ente.codice.to_lowercase());
            let nuova = if repo.credenziali(&login).await?.is_none() {
                let p = password()?;
                let nome = format!("{} {} (demo)", ruolo.etichetta(), ente.codice);
                utenti::crea_utente(repo, &chi, &login, &nome, Some(&p), false).await?;
                utenti::concedi_ruolo(repo, &ctx, &login, r.clone()).await?;
                Some(p)
            } else {
                None
            };
            righe.push(UtenteDemo {
                login,
                ruolo: ruolo.etichetta().into(),
                ente: ente.codice.clone(),
                portata: r
                    .descrizione()
                    .replacen(ruolo.etichetta(), "", 1)
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .to_string(),
                password: nuova,
            });
        }
    }
    Ok(righe)
}

/// La tabella degli utenti dimostrativi, per stdout (mai per il log: contiene password).
pub fn tabella_utenti(righe: &[UtenteDemo]) -> String {
    let mut s = String::from("Utenti dimostrativi:\n");
    let l = righe
        .iter()
        .map(|r| r.login.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let rl = righe
        .iter()
        .map(|r| r.ruolo.chars().count())
        .max()
        .unwrap_or(5);
    s.push_str(&format!(
        "{:l$}  {:rl$}  {:7}  {:20}  password\n",
        "login", "ruolo", "ente", "portata"
    ));
    for r in righe {
        s.push_str(&format!(
            "{:l$}  {:rl$}  {:7}  {:20}  {}\n",
            r.login,
            r.ruolo,
            r.ente,
            r.portata,
            r.password.as_deref().unwrap_or("(già presente: invariata)")
        ));
    }
    s
}
