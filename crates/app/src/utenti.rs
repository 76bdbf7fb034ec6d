//! Utenti, ruoli e token API: i casi d'uso.
//!
//! - Le password si conservano come hash argon2id (parametri predefiniti del crate `argon2`),
//!   di almeno [`LUNGHEZZA_MINIMA_PASSWORD`] caratteri.
//! - Un token è `trg_` seguito da 64 cifre esadecimali (256 bit casuali); se ne conserva solo lo
//!   SHA-256, cercato per indice unico. Argon2 servirebbe a poco su un segreto casuale così
//!   lungo e renderebbe lenta ogni richiesta.
//! - Accessi, accessi falliti, token creati e revocati, utenti creati e ruoli concessi finiscono
//!   nell'audit: gli eventi senza ente in quello dell'installazione, i ruoli in quello dell'ente.

use crate::Errore;
use crate::autorizzazione::{Ambito, Azione};
use crate::contesto::{Attore, Contesto};
use crate::porte::EntiRepo;
use crate::porte_accessi::{
    AuditRepo, ModificaUtente, NuovoToken, NuovoUtente, Token, TokenId, Utente, UtenteId,
    UtentiRepo,
};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use traguardo_domain::accesso::{CodiceCdr, CodiceObiettivo, Ruolo, RuoloAssegnato};
use uuid::Uuid;

pub const LUNGHEZZA_MINIMA_PASSWORD: usize = 12;
/// Oltre questa lunghezza (in byte) una password è rifiutata: l'hash di testi enormi è un
/// modo di occupare il server.
const LUNGHEZZA_MASSIMA_PASSWORD: usize = 1024;
const PREFISSO_TOKEN: &str = "trg_";
/// Byte casuali di un token (256 bit, oltre i 128 richiesti).
const BYTE_TOKEN: usize = 32;
/// Durata predefinita di un token.
pub const GIORNI_TOKEN_PREDEFINITI: i64 = 90;
const GIORNI_TOKEN_MASSIMI: i64 = 3650;

/// Chi chiede un'operazione sugli utenti dell'installazione (non legata a un ente).
#[derive(Debug, Clone)]
pub enum Richiedente {
    /// La CLI o un caricamento di sistema.
    Sistema(String),
    /// Un utente autenticato (letto ora dal database).
    Utente(Utente),
}

impl Richiedente {
    pub fn attore(&self) -> Attore {
        match self {
            Richiedente::Sistema(d) => Attore::sistema(d),
            Richiedente::Utente(u) => Attore::di(u),
        }
    }

    /// Il sistema o un superadmin attivo.
    fn amministra(&self) -> bool {
        match self {
            Richiedente::Sistema(_) => true,
            Richiedente::Utente(u) => u.superadmin && u.attivo,
        }
    }

    fn richiedi_amministrazione(&self, cosa: &str) -> Result<(), Errore> {
        if self.amministra() {
            Ok(())
        } else {
            Err(Errore::NonAutorizzato(format!(
                "{cosa} spetta a un amministratore dell'installazione (superadmin)"
            )))
        }
    }

    /// Sé stesso, o chi amministra.
    fn richiedi_se_stesso_o_amministrazione(&self, id: UtenteId, cosa: &str) -> Result<(), Errore> {
        match self {
            Richiedente::Utente(u) if u.id == id && u.attivo => Ok(()),
            _ => self.richiedi_amministrazione(cosa),
        }
    }
}

/// Un login valido: da 2 a 64 caratteri tra a-z, 0-9, `.`, `_`, `-`, `@`, che inizia con una
/// lettera o una cifra. Minuscolo, così `Mario` e `mario` non sono due utenti.
pub fn login_valido(login: &str) -> bool {
    (2..=64).contains(&login.len())
        && login
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_@".contains(c))
}

fn verifica_login(login: &str) -> Result<(), Errore> {
    if login_valido(login) {
        Ok(())
    } else {
        Err(Errore::NonValido(format!(
            "login «{login}» non valido: da 2 a 64 caratteri minuscoli tra a-z, 0-9, '.', '_', '-', '@', iniziando con una lettera o una cifra"
        )))
    }
}

// Gli errori di getrandom e di password_hash non implementano `std::error::Error` (crate senza
// la feature `std`): resta solo il testo nel messaggio, senza causa.
fn casuale(buf: &mut [u8]) -> Result<(), Errore> {
    getrandom::fill(buf)
        .map_err(|e| Errore::interno(format!("generatore casuale del sistema: {e}")))
}

/// Una password casuale di 20 caratteri (per gli utenti dimostrativi).
pub fn password_casuale() -> Result<String, Errore> {
    // Alfabeto senza caratteri che si confondono (0/O, 1/l/I).
    const ALFABETO: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut byte = [0u8; 20];
    casuale(&mut byte)?;
    Ok(byte
        .iter()
        .map(|b| ALFABETO[*b as usize % ALFABETO.len()] as char)
        .collect())
}

/// L'hash argon2id di una password, dopo averne verificato la lunghezza.
pub fn hash_password(password: &str) -> Result<String, Errore> {
    let n = password.chars().count();
    if n < LUNGHEZZA_MINIMA_PASSWORD {
        return Err(Errore::NonValido(format!(
            "password troppo corta: {n} caratteri, ne servono almeno {LUNGHEZZA_MINIMA_PASSWORD}"
        )));
    }
    if password.len() > LUNGHEZZA_MASSIMA_PASSWORD {
        return Err(Errore::NonValido(format!(
            "password troppo lunga: al massimo {LUNGHEZZA_MASSIMA_PASSWORD} byte"
        )));
    }
    let mut sale = [0u8; 16];
    casuale(&mut sale)?;
    let sale = SaltString::encode_b64(&sale)
        .map_err(|e| Errore::interno(format!("sale della password: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &sale)
        .map(|h| h.to_string())
        .map_err(|e| Errore::interno(format!("hash della password: {e}")))
}

/// Vero se la password corrisponde all'hash (un hash illeggibile non corrisponde mai).
pub fn verifica_password(hash: &str, password: &str) -> bool {
    if password.len() > LUNGHEZZA_MASSIMA_PASSWORD {
        return false;
    }
    PasswordHash::new(hash)
        .and_then(|h| Argon2::default().verify_password(password.as_bytes(), &h))
        .is_ok()
}

/// Un hash qualunque, per spendere lo stesso tempo quando il login non esiste (chi tenta non
/// deve capire dai tempi quali login esistono).
fn hash_fittizio() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash_password("password-fittizia-per-i-tempi").unwrap_or_default())
}

/// SHA-256 di un token, in esadecimale minuscolo: ciò che si conserva e si cerca.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn forma_token_valida(token: &str) -> bool {
    token
        .strip_prefix(PREFISSO_TOKEN)
        .is_some_and(|h| h.len() == BYTE_TOKEN * 2 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Legge una durata come `90d`, `12w`, `24h` (giorni, settimane, ore).
pub fn durata(testo: &str) -> Result<Duration, Errore> {
    let t = testo.trim();
    let errore = || {
        Errore::NonValido(format!(
            "durata «{testo}» non valida: un numero seguito da d (giorni), w (settimane) o h (ore), es. 90d; al massimo {GIORNI_TOKEN_MASSIMI} giorni"
        ))
    };
    let (numero, unita) = t.split_at(t.len().saturating_sub(1));
    let n: i64 = numero.parse().map_err(|_| errore())?;
    if n <= 0 {
        return Err(errore());
    }
    let d = match unita {
        "d" | "g" => Duration::try_days(n),
        "w" => n.checked_mul(7).and_then(Duration::try_days),
        "h" => Duration::try_hours(n),
        _ => None,
    }
    .ok_or_else(errore)?;
    if d > Duration::days(GIORNI_TOKEN_MASSIMI) {
        return Err(errore());
    }
    Ok(d)
}

async fn utente_per_login<R: UtentiRepo>(repo: &R, login: &str) -> Result<Utente, Errore> {
    repo.credenziali(login)
        .await?
        .map(|c| c.utente)
        .ok_or_else(|| Errore::NonTrovato(format!("l'utente «{login}» non esiste")))
}

fn json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

/// Crea un utente dell'installazione. `password: None` crea un utente che accede solo con
/// token (finché non gli si imposta una password).
pub async fn crea_utente<R: UtentiRepo>(
    repo: &R,
    chi: &Richiedente,
    login: &str,
    nome: &str,
    password: Option<&str>,
    superadmin: bool,
) -> Result<Utente, Errore> {
    chi.richiedi_amministrazione("creare utenti")?;
    let login = login.trim();
    verifica_login(login)?;
    let nome = nome.trim();
    if nome.is_empty() {
        return Err(Errore::NonValido(
            "il nome dell'utente è obbligatorio".into(),
        ));
    }
    let hash = password.map(hash_password).transpose()?;
    let id = UtenteId(Uuid::now_v7());
    let voce = chi.attore().voce(
        None,
        "utente.crea",
        Some(id.0),
        format!("utente {login}"),
        None,
        json(&serde_json::json!({"login": login, "nome": nome, "superadmin": superadmin, "password": hash.is_some()})),
    );
    repo.crea_utente(
        &NuovoUtente {
            id,
            login: login.to_string(),
            nome: nome.to_string(),
            hash_password: hash,
            superadmin,
            creato_il: voce.momento,
        },
        &voce,
    )
    .await
}

/// Imposta una nuova password (amministrazione, o l'utente per sé).
pub async fn imposta_password<R: UtentiRepo>(
    repo: &R,
    chi: &Richiedente,
    login: &str,
    password: &str,
) -> Result<(), Errore> {
    let u = utente_per_login(repo, login).await?;
    chi.richiedi_se_stesso_o_amministrazione(u.id, "cambiare la password di un altro utente")?;
    let hash = hash_password(password)?;
    let voce = chi.attore().voce(
        None,
        "utente.password",
        Some(u.id.0),
        format!("utente {}", u.login),
        None,
        None,
    );
    repo.modifica_utente(
        u.id,
        &ModificaUtente {
            hash_password: Some(hash),
            ..Default::default()
        },
        &voce,
    )
    .await
}

/// L'utente cambia la propria password (pagine web, API): serve quella attuale. Una password
/// attuale errata è registrata come accesso fallito e risponde `NonAutenticato`.
pub async fn cambia_propria_password<R: UtentiRepo + AuditRepo>(
    repo: &R,
    utente: &Utente,
    attuale: &str,
    nuova: &str,
) -> Result<(), Errore> {
    let verificato = autentica_password(repo, &utente.login, attuale).await?;
    if verificato.id != utente.id {
        return Err(Errore::NonAutenticato);
    }
    imposta_password(repo, &Richiedente::Utente(verificato), &utente.login, nuova).await
}

/// Disattiva (o riattiva) un utente: da disattivato non accede né con password né con token.
pub async fn imposta_attivo<R: UtentiRepo>(
    repo: &R,
    chi: &Richiedente,
    login: &str,
    attivo: bool,
) -> Result<Utente, Errore> {
    chi.richiedi_amministrazione("disattivare o riattivare utenti")?;
    let u = utente_per_login(repo, login).await?;
    let voce = chi.attore().voce(
        None,
        if attivo {
            "utente.riattiva"
        } else {
            "utente.disattiva"
        },
        Some(u.id.0),
        format!("utente {}", u.login),
        json(&serde_json::json!({"attivo": u.attivo})),
        json(&serde_json::json!({"attivo": attivo})),
    );
    repo.modifica_utente(
        u.id,
        &ModificaUtente {
            attivo: Some(attivo),
            ..Default::default()
        },
        &voce,
    )
    .await?;
    Ok(Utente { attivo, ..u })
}

/// Un ruolo presso un ente, per gli elenchi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VistaRuolo {
    pub ente: String,
    pub ruolo: Ruolo,
    pub etichetta: &'static str,
    pub cdr: Vec<CodiceCdr>,
    pub obiettivi: Vec<CodiceObiettivo>,
    pub persona: Option<String>,
    pub descrizione: String,
}

/// Un utente con i suoi ruoli, per gli elenchi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VistaUtente {
    pub id: Uuid,
    pub login: String,
    pub nome: String,
    pub superadmin: bool,
    pub attivo: bool,
    pub creato_il: DateTime<Utc>,
    pub ruoli: Vec<VistaRuolo>,
}

/// Gli utenti dell'installazione con i loro ruoli (solo per chi amministra).
pub async fn elenco_utenti<R: UtentiRepo>(
    repo: &R,
    chi: &Richiedente,
) -> Result<Vec<VistaUtente>, Errore> {
    chi.richiedi_amministrazione("elencare gli utenti")?;
    let mut v = Vec::new();
    for u in repo.elenco_utenti().await? {
        let ruoli = repo
            .ruoli_utente(u.id)
            .await?
            .into_iter()
            .map(|r| VistaRuolo {
                descrizione: r.ruolo.descrizione(),
                ente: r.ente,
                ruolo: r.ruolo.ruolo,
                etichetta: r.ruolo.ruolo.etichetta(),
                cdr: r.ruolo.cdr,
                obiettivi: r.ruolo.obiettivi,
                persona: r.ruolo.persona.map(|p| p.0),
            })
            .collect();
        v.push(VistaUtente {
            id: u.id.0,
            login: u.login,
            nome: u.nome,
            superadmin: u.superadmin,
            attivo: u.attivo,
            creato_il: u.creato_il,
            ruoli,
        });
    }
    Ok(v)
}

/// Concede un ruolo presso l'ente del contesto (serve `GestisciUtenti`). Se l'utente ha già
/// quel ruolo, la portata nuova si aggiunge alla vecchia. Restituisce il ruolo risultante.
pub async fn concedi_ruolo<R: UtentiRepo>(
    repo: &R,
    ctx: &Contesto,
    login: &str,
    ruolo: RuoloAssegnato,
) -> Result<RuoloAssegnato, Errore> {
    let _permesso = ctx.autorizza(Azione::GestisciUtenti, Ambito::Ente)?;
    ruolo.verifica().map_err(Errore::NonValido)?;
    let u = utente_per_login(repo, login).await?;
    let attuali = repo.ruoli_presso(u.id, ctx.tenant).await?;
    let prima = attuali.iter().find(|r| r.ruolo == ruolo.ruolo).cloned();
    let dopo = match &prima {
        Some(p) => {
            let mut d = p.clone();
            d.unisci(&ruolo);
            d
        }
        None => ruolo,
    };
    let voce = ctx.voce(
        "utente.ruolo.concedi",
        Some(u.id.0),
        format!("ruolo di {} presso {}", u.login, ctx.ente),
        prima.as_ref().and_then(json),
        json(&dopo),
    );
    repo.salva_ruolo(ctx.tenant, u.id, &dopo, &voce).await?;
    Ok(dopo)
}

/// Revoca un ruolo presso l'ente del contesto. Con CdR od obiettivi indicati toglie solo
/// quelli dalla portata (e il ruolo intero se non ne resta nessuno); altrimenti toglie il
/// ruolo. Restituisce il ruolo che resta, se resta. Vale alla richiesta successiva.
pub async fn revoca_ruolo<R: UtentiRepo>(
    repo: &R,
    ctx: &Contesto,
    login: &str,
    ruolo: Ruolo,
    cdr: &[CodiceCdr],
    obiettivi: &[CodiceObiettivo],
) -> Result<Option<RuoloAssegnato>, Errore> {
    let _permesso = ctx.autorizza(Azione::GestisciUtenti, Ambito::Ente)?;
    let u = utente_per_login(repo, login).await?;
    let attuali = repo.ruoli_presso(u.id, ctx.tenant).await?;
    let Some(prima) = attuali.into_iter().find(|r| r.ruolo == ruolo) else {
        return Err(Errore::NonTrovato(format!(
            "l'utente «{login}» non ha il ruolo {} presso l'ente {}",
            ruolo.etichetta(),
            ctx.ente
        )));
    };
    let mut dopo = prima.clone();
    dopo.cdr.retain(|c| !cdr.contains(c));
    dopo.obiettivi.retain(|o| !obiettivi.contains(o));
    let parziale = !(cdr.is_empty() && obiettivi.is_empty());
    let resta = parziale && dopo.verifica().is_ok();
    let voce = ctx.voce(
        "utente.ruolo.revoca",
        Some(u.id.0),
        format!("ruolo di {} presso {}", u.login, ctx.ente),
        json(&prima),
        if resta { json(&dopo) } else { None },
    );
    if resta {
        repo.salva_ruolo(ctx.tenant, u.id, &dopo, &voce).await?;
        Ok(Some(dopo))
    } else {
        repo.elimina_ruolo(ctx.tenant, u.id, ruolo, &voce).await?;
        Ok(None)
    }
}

/// I ruoli di un utente presso un ente (per chi gestisce gli utenti di quell'ente).
pub async fn ruoli_presso<R: UtentiRepo>(
    repo: &R,
    ctx: &Contesto,
    login: &str,
) -> Result<Vec<RuoloAssegnato>, Errore> {
    let _permesso = ctx.autorizza(Azione::GestisciUtenti, Ambito::Ente)?;
    let u = utente_per_login(repo, login).await?;
    repo.ruoli_presso(u.id, ctx.tenant).await
}

/// Un token appena creato: `segreto` si mostra una volta sola e non si conserva.
#[derive(Debug, Clone)]
pub struct TokenCreato {
    pub segreto: String,
    pub token: Token,
    pub login: String,
}

/// Crea un token API per l'utente `login` (amministrazione, o l'utente per sé), che scade dopo
/// `durata` (predefinita: [`GIORNI_TOKEN_PREDEFINITI`] giorni).
pub async fn crea_token<R: UtentiRepo>(
    repo: &R,
    chi: &Richiedente,
    login: &str,
    durata: Option<Duration>,
    descrizione: Option<&str>,
) -> Result<TokenCreato, Errore> {
    let u = utente_per_login(repo, login).await?;
    chi.richiedi_se_stesso_o_amministrazione(u.id, "creare token per un altro utente")?;
    if !u.attivo {
        return Err(Errore::Conflitto(format!(
            "l'utente «{login}» è disattivato: riattivarlo prima di creargli un token"
        )));
    }
    let mut byte = [0u8; BYTE_TOKEN];
    casuale(&mut byte)?;
    let segreto = format!("{PREFISSO_TOKEN}{}", hex::encode(byte));
    let adesso = Utc::now();
    let scade_il = adesso + durata.unwrap_or_else(|| Duration::days(GIORNI_TOKEN_PREDEFINITI));
    let id = TokenId(Uuid::now_v7());
    let descrizione = descrizione.map(str::trim).filter(|d| !d.is_empty());
    let voce = chi.attore().voce(
        None,
        "token.crea",
        Some(id.0),
        format!("token di {}", u.login),
        None,
        json(&serde_json::json!({"utente": u.login, "scade_il": scade_il, "descrizione": descrizione})),
    );
    let token = repo
        .crea_token(
            &NuovoToken {
                id,
                utente_id: u.id,
                hash: hash_token(&segreto),
                descrizione: descrizione.map(str::to_string),
                creato_il: adesso,
                scade_il: Some(scade_il),
            },
            &voce,
        )
        .await?;
    Ok(TokenCreato {
        segreto,
        token,
        login: u.login,
    })
}

/// Un token negli elenchi (mai il segreto).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VistaToken {
    pub id: Uuid,
    pub login: String,
    pub descrizione: Option<String>,
    pub creato_il: DateTime<Utc>,
    pub scade_il: Option<DateTime<Utc>>,
    pub revocato_il: Option<DateTime<Utc>>,
    pub valido: bool,
}

/// I token di un utente (o di tutti, per chi amministra e non indica un login).
pub async fn elenco_token<R: UtentiRepo>(
    repo: &R,
    chi: &Richiedente,
    login: Option<&str>,
) -> Result<Vec<VistaToken>, Errore> {
    let filtro = match login {
        Some(l) => {
            let u = utente_per_login(repo, l).await?;
            chi.richiedi_se_stesso_o_amministrazione(u.id, "elencare i token di un altro utente")?;
            Some(u.id)
        }
        None => {
            chi.richiedi_amministrazione("elencare i token di tutti")?;
            None
        }
    };
    let utenti = repo.elenco_utenti().await?;
    let adesso = Utc::now();
    Ok(repo
        .elenco_token(filtro)
        .await?
        .into_iter()
        .map(|t| VistaToken {
            id: t.id.0,
            login: utenti
                .iter()
                .find(|u| u.id == t.utente_id)
                .map(|u| u.login.clone())
                .unwrap_or_default(),
            valido: t.valido(adesso),
            descrizione: t.descrizione,
            creato_il: t.creato_il,
            scade_il: t.scade_il,
            revocato_il: t.revocato_il,
        })
        .collect())
}

/// Revoca un token (amministrazione, o il suo titolare): vale dalla richiesta successiva.
pub async fn revoca_token<R: UtentiRepo>(
    repo: &R,
    chi: &Richiedente,
    id: Uuid,
) -> Result<(), Errore> {
    let non_trovato = || Errore::NonTrovato(format!("il token {id} non esiste"));
    let tutti = repo.elenco_token(None).await?;
    let t = tutti
        .into_iter()
        .find(|t| t.id.0 == id)
        .ok_or_else(non_trovato)?;
    chi.richiedi_se_stesso_o_amministrazione(t.utente_id, "revocare token di un altro utente")
        .map_err(|_| non_trovato())?;
    if t.revocato_il.is_some() {
        return Err(Errore::Conflitto(format!("il token {id} è già revocato")));
    }
    let adesso = Utc::now();
    let voce = chi.attore().voce(
        None,
        "token.revoca",
        Some(id),
        "token".into(),
        None,
        json(&serde_json::json!({"revocato_il": adesso})),
    );
    if !repo.revoca_token(TokenId(id), adesso, &voce).await? {
        return Err(Errore::Conflitto(format!("il token {id} è già revocato")));
    }
    Ok(())
}

/// Accesso con login e password, per l'API e le pagine. Ogni esito è registrato nell'audit
/// dell'installazione; a chi tenta si risponde sempre `NonAutenticato`, senza dire se il
/// login esiste, se la password è errata o se l'utente è disattivato.
pub async fn autentica_password<R: UtentiRepo + AuditRepo>(
    repo: &R,
    login: &str,
    password: &str,
) -> Result<Utente, Errore> {
    let login = login.trim().to_lowercase();
    let credenziali = if login_valido(&login) {
        repo.credenziali(&login).await?
    } else {
        None
    };
    let utente_id = credenziali.as_ref().map(|c| c.utente.id);
    let (esito, motivo) = match credenziali {
        None => {
            // Stesso tempo di un login esistente.
            verifica_password(hash_fittizio(), password);
            (None, "utente sconosciuto")
        }
        Some(c) => {
            let giusta = c
                .hash_password
                .as_deref()
                .is_some_and(|h| verifica_password(h, password));
            match (giusta, c.utente.attivo) {
                (true, true) => (Some(c.utente), ""),
                (true, false) => (None, "utente disattivato"),
                (false, _) => (None, "password errata"),
            }
        }
    };
    // Il login tentato si registra troncato: chi sbaglia campo non lascia una password intera.
    let login_registrato: String = login.chars().take(64).collect();
    let voce = crate::porte_accessi::VoceAudit {
        tenant: None,
        momento: Utc::now(),
        utente_id,
        attore: login_registrato.clone(),
        azione: if esito.is_some() {
            "accesso.riuscito".into()
        } else {
            "accesso.fallito".into()
        },
        entita_id: utente_id.map(|u| u.0),
        oggetto: format!("accesso di {login_registrato}"),
        prima: None,
        dopo: if esito.is_some() {
            None
        } else {
            json(&serde_json::json!({ "motivo": motivo }))
        },
    };
    repo.registra_audit(&voce).await?;
    esito.ok_or(Errore::NonAutenticato)
}

/// L'utente di un token API (intestazione `Authorization: Bearer …`). Token sconosciuto,
/// revocato o scaduto, o utente disattivato: `NonAutenticato`. L'uso dei token non si
/// registra nell'audit (sarebbe una riga per richiesta); i rifiuti li registra il log HTTP.
pub async fn autentica_token<R: UtentiRepo>(repo: &R, token: &str) -> Result<Utente, Errore> {
    let token = token.trim();
    if !forma_token_valida(token) {
        return Err(Errore::NonAutenticato);
    }
    let Some(t) = repo.token_per_hash(&hash_token(token)).await? else {
        return Err(Errore::NonAutenticato);
    };
    if !t.valido(Utc::now()) {
        return Err(Errore::NonAutenticato);
    }
    match repo.utente(t.utente_id).await? {
        Some(u) if u.attivo => Ok(u),
        _ => Err(Errore::NonAutenticato),
    }
}

/// L'utente di un token e il suo contesto presso l'ente `codice_ente`, letti con una sola
/// query: la via di ogni richiesta dell'API. Stesse regole di [`autentica_token`] (token
/// sconosciuto, revocato o scaduto, utente disattivato: `NonAutenticato`) e di
/// [`Contesto::di`] (ente inesistente o senza ruoli: `NonTrovato`).
pub async fn contesto_con_token<R: UtentiRepo>(
    repo: &R,
    token: &str,
    codice_ente: &str,
) -> Result<(Utente, Contesto), Errore> {
    let token = token.trim();
    if !forma_token_valida(token) {
        return Err(Errore::NonAutenticato);
    }
    let Some(a) = repo
        .accesso_con_token(&hash_token(token), codice_ente)
        .await?
    else {
        return Err(Errore::NonAutenticato);
    };
    if !a.token.valido(Utc::now()) || !a.utente.attivo {
        return Err(Errore::NonAutenticato);
    }
    let ctx = Contesto::di(&a.utente, a.ente, a.ruoli, codice_ente)?;
    Ok((a.utente, ctx))
}

/// Il contesto di un utente presso un ente, con i ruoli letti adesso (vedi
/// [`Contesto::per_utente`]).
pub async fn contesto<R: EntiRepo + UtentiRepo>(
    repo: &R,
    utente: &Utente,
    codice_ente: &str,
) -> Result<Contesto, Errore> {
    Contesto::per_utente(repo, utente, codice_ente).await
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn password_argon2id_di_almeno_12_caratteri() {
        assert!(matches!(
            hash_password("corta-11chr"),
            Err(Errore::NonValido(m)) if m.contains("almeno 12")
        ));
        let h = hash_password("dodici-chars").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verifica_password(&h, "dodici-chars"));
        assert!(!verifica_password(&h, "dodici-charz"));
        assert!(!verifica_password("non un hash", "dodici-chars"));
        // Due hash della stessa password differiscono (sale casuale).
        assert_ne!(h, hash_password("dodici-chars").unwrap());
        // 12 caratteri, anche se non ASCII.
        assert!(hash_password("àèìòùàèìòùàè").is_ok());
    }

    #[test]
    fn token_e_hash() {
        let t = format!("trg_{}", "ab".repeat(32));
        assert!(forma_token_valida(&t));
        assert!(!forma_token_valida("trg_abc"));
        assert!(!forma_token_valida(&t.replace("trg_", "xxx_")));
        let h = hash_token(&t);
        assert_eq!(h.len(), 64);
        assert_eq!(h, hash_token(&t));
        assert_ne!(h, hash_token(&format!("{t}0")));
    }

    #[test]
    fn durate() {
        assert_eq!(durata("90d").unwrap(), Duration::days(90));
        assert_eq!(durata("2w").unwrap(), Duration::days(14));
        assert_eq!(durata("12h").unwrap(), Duration::hours(12));
        for x in [
            "",
            "d",
            "0d",
            "-3d",
            "90",
            "90x",
            "99999999999999999d",
            "3651d",
        ] {
            assert!(matches!(durata(x), Err(Errore::NonValido(_))), "{x}");
        }
    }

    #[test]
    fn login() {
        for ok in ["admin", "direttore.cissa", "m.rossi@ente.it", "a1"] {
            assert!(login_valido(ok), "{ok}");
        }
        for ko in ["a", "Admin", ".x", "con spazio", "è", &"x".repeat(65)] {
            assert!(!login_valido(ko), "{ko}");
        }
    }
}
