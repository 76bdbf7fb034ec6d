//! CLI di utenti, token e registro di audit. La CLI agisce come utente di sistema
//! (`sistema:cli:<utente del sistema operativo>` nell'audit). Password e token non passano mai
//! dal log: la password si legge da `TRAGUARDO_PASSWORD` o da un prompt senza eco, il token
//! si stampa solo su standard output.

use clap::{Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use traguardo_app::Errore;
use traguardo_app::audit::{self, VistaAudit};
use traguardo_app::utenti::{self, Richiedente};
use traguardo_domain::accesso::{CodiceCdr, CodiceObiettivo, CodicePersona, Ruolo, RuoloAssegnato};
use traguardo_storage::Store;

/// Variabile d'ambiente con la password per `user create` e `user passwd`.
pub const VAR_PASSWORD: &str = "TRAGUARDO_PASSWORD";

#[derive(Subcommand)]
pub enum ComandoUtente {
    /// Crea un utente. Password da TRAGUARDO_PASSWORD o chiesta al terminale (almeno 12
    /// caratteri).
    Create {
        login: String,
        #[arg(long)]
        name: String,
        /// Amministratore dell'installazione: opera su ogni ente.
        #[arg(long)]
        superadmin: bool,
    },
    /// Concede un ruolo presso un ente (amministratore, direttore, responsabile, referente,
    /// oiv, ufficio_personale, ragioneria, dipendente, lettore).
    Grant {
        login: String,
        #[arg(long)]
        ente: String,
        #[arg(long)]
        role: String,
        /// CdR di competenza (responsabile); ripetibile.
        #[arg(long)]
        cdr: Vec<String>,
        /// Obiettivo di competenza (referente); ripetibile.
        #[arg(long)]
        objective: Vec<String>,
        /// La persona dell'ente che l'utente è (obbligatoria per dipendente).
        #[arg(long)]
        person: Option<String>,
    },
    /// Revoca un ruolo, o solo i CdR/obiettivi indicati della sua portata. Vale subito.
    Revoke {
        login: String,
        #[arg(long)]
        ente: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        cdr: Vec<String>,
        #[arg(long)]
        objective: Vec<String>,
    },
    /// Disattiva un utente: non accede più, né con password né con token.
    Disable { login: String },
    /// Riattiva un utente disattivato.
    Enable { login: String },
    /// Elenca gli utenti con i loro ruoli.
    List {
        #[arg(long, value_enum, default_value_t = FormatoElenco::Text)]
        format: FormatoElenco,
    },
    /// Imposta una nuova password (da TRAGUARDO_PASSWORD o dal terminale).
    Passwd { login: String },
}

#[derive(Subcommand)]
pub enum ComandoToken {
    /// Crea un token API: lo stampa, da solo, sull'ultima riga. Non si potrà rivedere.
    Create {
        login: String,
        /// Durata: 90d (predefinita), 12w, 24h…
        #[arg(long)]
        expires: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Revoca un token (per il suo id, mostrato da `token list`).
    Revoke { id: String },
    /// Elenca i token (di un utente, o tutti).
    List {
        login: Option<String>,
        #[arg(long, value_enum, default_value_t = FormatoElenco::Text)]
        format: FormatoElenco,
    },
}

#[derive(Subcommand)]
pub enum ComandoAudit {
    /// Il registro di audit di un ente (senza --ente: quello dell'installazione: utenti,
    /// accessi, token).
    List {
        #[arg(long)]
        ente: Option<String>,
        /// Login dell'utente (o attore di sistema, es. sistema:cli:mario).
        #[arg(long)]
        user: Option<String>,
        /// Identificativo (UUID) dell'entità.
        #[arg(long)]
        entity: Option<String>,
        /// Dal giorno (gg/mm/aaaa, incluso, UTC).
        #[arg(long)]
        since: Option<String>,
        /// Al giorno (gg/mm/aaaa, incluso, UTC).
        #[arg(long)]
        until: Option<String>,
        #[arg(long, value_enum, default_value_t = FormatoAudit::Text)]
        format: FormatoAudit,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoElenco {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatoAudit {
    Text,
    Csv,
    Json,
}

fn io(e: std::io::Error) -> Errore {
    Errore::interno_da(format!("scrittura dell'output: {e}"), e)
}

fn richiedente() -> Richiedente {
    Richiedente::Sistema(descrizione_sistema())
}

use crate::cli::{ctx as contesto, descrizione_sistema};

fn ruolo(codice: &str) -> Result<Ruolo, Errore> {
    Ruolo::da_codice(codice).ok_or_else(|| {
        Errore::NonValido(format!(
            "ruolo «{codice}» sconosciuto: {}",
            Ruolo::TUTTI.map(|r| r.codice()).join(", ")
        ))
    })
}

/// La password: da `TRAGUARDO_PASSWORD`, oppure chiesta due volte al terminale senza eco.
fn leggi_password() -> Result<String, Errore> {
    if let Ok(p) = std::env::var(VAR_PASSWORD) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Errore::NonValido(format!(
            "password mancante: impostare la variabile {VAR_PASSWORD} oppure eseguire il comando da un terminale"
        )));
    }
    let chiedi = |testo: &str| {
        rpassword::prompt_password(testo)
            .map_err(|e| Errore::NonValido(format!("lettura della password non riuscita: {e}")))
    };
    let p = chiedi("Password (almeno 12 caratteri): ")?;
    if chiedi("Ripetere la password: ")? != p {
        return Err(Errore::NonValido("le due password non coincidono".into()));
    }
    Ok(p)
}

fn json(out: &mut Vec<u8>, v: &impl serde::Serialize) -> Result<(), Errore> {
    serde_json::to_writer_pretty(&mut *out, v).map_err(|e| Errore::interno_da(e.to_string(), e))?;
    writeln!(out).map_err(io)
}

fn momento(m: chrono::DateTime<chrono::Utc>) -> String {
    m.format("%d/%m/%Y %H:%M:%S").to_string()
}

pub async fn utente(store: &Store, out: &mut Vec<u8>, c: ComandoUtente) -> Result<(), Errore> {
    match c {
        ComandoUtente::Create {
            login,
            name,
            superadmin,
        } => {
            let password = leggi_password()?;
            let u = utenti::crea_utente(
                store,
                &richiedente(),
                &login,
                &name,
                Some(&password),
                superadmin,
            )
            .await?;
            writeln!(
                out,
                "Utente creato: {} — {}{}",
                u.login,
                u.nome,
                if u.superadmin { " (superadmin)" } else { "" }
            )
            .map_err(io)?;
        }
        ComandoUtente::Grant {
            login,
            ente,
            role,
            cdr,
            objective,
            person,
        } => {
            let ctx = contesto(store, &ente).await?;
            let r = RuoloAssegnato {
                ruolo: ruolo(&role)?,
                cdr: cdr.into_iter().map(CodiceCdr).collect(),
                obiettivi: objective.into_iter().map(CodiceObiettivo).collect(),
                persona: person.map(CodicePersona),
            };
            let r = utenti::concedi_ruolo(store, &ctx, &login, r).await?;
            writeln!(
                out,
                "Ruolo concesso a {login} presso {}: {}",
                ctx.ente,
                r.descrizione()
            )
            .map_err(io)?;
        }
        ComandoUtente::Revoke {
            login,
            ente,
            role,
            cdr,
            objective,
        } => {
            let ctx = contesto(store, &ente).await?;
            let cdr: Vec<CodiceCdr> = cdr.into_iter().map(CodiceCdr).collect();
            let obiettivi: Vec<CodiceObiettivo> =
                objective.into_iter().map(CodiceObiettivo).collect();
            let r = ruolo(&role)?;
            match utenti::revoca_ruolo(store, &ctx, &login, r, &cdr, &obiettivi).await? {
                Some(resta) => writeln!(
                    out,
                    "Portata ridotta per {login} presso {}: {}",
                    ctx.ente,
                    resta.descrizione()
                ),
                None => writeln!(
                    out,
                    "Ruolo revocato a {login} presso {}: {}",
                    ctx.ente,
                    r.etichetta()
                ),
            }
            .map_err(io)?;
        }
        ComandoUtente::Disable { login } => {
            utenti::imposta_attivo(store, &richiedente(), &login, false).await?;
            writeln!(out, "Utente disattivato: {login}").map_err(io)?;
        }
        ComandoUtente::Enable { login } => {
            utenti::imposta_attivo(store, &richiedente(), &login, true).await?;
            writeln!(out, "Utente riattivato: {login}").map_err(io)?;
        }
        ComandoUtente::Passwd { login } => {
            let password = leggi_password()?;
            utenti::imposta_password(store, &richiedente(), &login, &password).await?;
            writeln!(out, "Password impostata per {login}.").map_err(io)?;
        }
        ComandoUtente::List { format } => {
            let elenco = utenti::elenco_utenti(store, &richiedente()).await?;
            match format {
                FormatoElenco::Json => json(out, &elenco)?,
                FormatoElenco::Text => {
                    if elenco.is_empty() {
                        writeln!(out, "Nessun utente.").map_err(io)?;
                    }
                    for u in &elenco {
                        let mut stato = Vec::new();
                        if u.superadmin {
                            stato.push("superadmin");
                        }
                        if !u.attivo {
                            stato.push("disattivato");
                        }
                        let stato = if stato.is_empty() {
                            String::new()
                        } else {
                            format!(" [{}]", stato.join(", "))
                        };
                        writeln!(out, "{}\t{}{stato}", u.login, u.nome).map_err(io)?;
                        for r in &u.ruoli {
                            writeln!(out, "\t{}: {}", r.ente, r.descrizione).map_err(io)?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

pub async fn token(store: &Store, out: &mut Vec<u8>, c: ComandoToken) -> Result<(), Errore> {
    match c {
        ComandoToken::Create {
            login,
            expires,
            description,
        } => {
            let durata = expires.as_deref().map(utenti::durata).transpose()?;
            let t = utenti::crea_token(
                store,
                &richiedente(),
                &login,
                durata,
                description.as_deref(),
            )
            .await?;
            writeln!(
                out,
                "Token {} creato per {}, valido fino al {} (UTC). Conservarlo ora: non si potrà rivedere.",
                t.token.id.0,
                t.login,
                t.token.scade_il.map(momento).unwrap_or_default()
            )
            .map_err(io)?;
            // Il token da solo sull'ultima riga, per gli script (`| tail -n 1`).
            writeln!(out, "{}", t.segreto).map_err(io)?;
        }
        ComandoToken::Revoke { id } => {
            let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| {
                Errore::NonValido(format!(
                    "id del token «{id}» non valido: usare l'id mostrato da `traguardo token list`"
                ))
            })?;
            utenti::revoca_token(store, &richiedente(), id).await?;
            writeln!(out, "Token revocato: {id}").map_err(io)?;
        }
        ComandoToken::List { login, format } => {
            let elenco = utenti::elenco_token(store, &richiedente(), login.as_deref()).await?;
            match format {
                FormatoElenco::Json => json(out, &elenco)?,
                FormatoElenco::Text => {
                    if elenco.is_empty() {
                        writeln!(out, "Nessun token.").map_err(io)?;
                    }
                    for t in &elenco {
                        let stato = match (t.revocato_il, t.valido) {
                            (Some(r), _) => format!("revocato il {}", momento(r)),
                            (None, true) => format!(
                                "valido fino al {}",
                                t.scade_il.map(momento).unwrap_or_default()
                            ),
                            (None, false) => "scaduto".to_string(),
                        };
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}",
                            t.id,
                            t.login,
                            stato,
                            t.descrizione.as_deref().unwrap_or("")
                        )
                        .map_err(io)?;
                    }
                }
            }
        }
    }
    Ok(())
}

pub async fn registro(store: &Store, out: &mut Vec<u8>, c: ComandoAudit) -> Result<(), Errore> {
    let ComandoAudit::List {
        ente,
        user,
        entity,
        since,
        until,
        format,
    } = c;
    let filtro = audit::filtro(
        store,
        user.as_deref(),
        entity.as_deref(),
        since.as_deref(),
        until.as_deref(),
    )
    .await?;
    let vista = match ente {
        Some(e) => audit::elenco_audit(store, &contesto(store, &e).await?, &filtro).await?,
        None => audit::elenco_audit_installazione(store, &richiedente(), &filtro).await?,
    };
    match format {
        FormatoAudit::Json => json(out, &vista),
        FormatoAudit::Csv => scrivi_csv(out, &vista),
        FormatoAudit::Text => scrivi_testo(out, &vista),
    }
}

fn testo_json(v: &Option<serde_json::Value>) -> String {
    match v {
        None => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(x) => x.to_string(),
    }
}

fn scrivi_csv(out: &mut Vec<u8>, v: &VistaAudit) -> Result<(), Errore> {
    let mut w = csv::Writer::from_writer(&mut *out);
    let e = |e: csv::Error| Errore::interno_da(format!("scrittura CSV: {e}"), e);
    w.write_record([
        "momento_utc",
        "attore",
        "utente_id",
        "azione",
        "entita_id",
        "oggetto",
        "prima",
        "dopo",
        "oscurata",
    ])
    .map_err(e)?;
    for r in &v.voci {
        w.write_record([
            momento(r.momento),
            r.attore.clone(),
            r.utente_id.map(|u| u.to_string()).unwrap_or_default(),
            r.azione.clone(),
            r.entita_id.map(|u| u.to_string()).unwrap_or_default(),
            r.oggetto.clone(),
            testo_json(&r.prima),
            testo_json(&r.dopo),
            if r.oscurata { "sì" } else { "no" }.to_string(),
        ])
        .map_err(e)?;
    }
    w.flush().map_err(io)
}

fn scrivi_testo(out: &mut Vec<u8>, v: &VistaAudit) -> Result<(), Errore> {
    if v.voci.is_empty() {
        writeln!(out, "Nessuna voce.").map_err(io)?;
    }
    for r in &v.voci {
        writeln!(
            out,
            "{} UTC  {}  {}  {}{}",
            momento(r.momento),
            r.attore,
            r.azione,
            r.oggetto,
            r.entita_id.map(|u| format!(" [{u}]")).unwrap_or_default()
        )
        .map_err(io)?;
        if r.oscurata {
            writeln!(out, "    prima/dopo omessi: dati personali").map_err(io)?;
        }
        if r.prima.is_some() {
            writeln!(out, "    prima: {}", testo_json(&r.prima)).map_err(io)?;
        }
        if r.dopo.is_some() {
            writeln!(out, "    dopo:  {}", testo_json(&r.dopo)).map_err(io)?;
        }
    }
    if v.dati_personali_omessi {
        writeln!(
            out,
            "Nota: alcune voci riguardano dati personali che questo ruolo non vede."
        )
        .map_err(io)?;
    }
    Ok(())
}
