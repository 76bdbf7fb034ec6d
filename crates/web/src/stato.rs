//! Lo stato condiviso dai gestori: il `Store` e chi riconosce i token.
//!
//! L'autenticazione passa per il tratto [`Autenticatore`]: il server non sa come sono fatti
//! utenti, ruoli e token (li gestisce lo strato applicativo), sa solo chiedere «chi presenta
//! questo token?» e «che cosa può fare costui in questo ente?».
//!
//! Per collegarlo agli account basta un'implementazione che chiami lo strato applicativo,
//! per esempio (nomi indicativi):
//!
//! ```ignore
//! struct AccessoApp(Store);
//! impl Autenticatore for AccessoApp {
//!     fn autentica<'a>(&'a self, token: Option<&'a str>) -> Futuro<'a, Result<Option<Utente>, Errore>> {
//!         Box::pin(async move {
//!             let Some(t) = token else { return Ok(None) };         // niente token: 401
//!             Ok(traguardo_app::utenti::utente_da_token(&self.0, t).await?.map(|u| Utente {
//!                 login: u.login, super_amministratore: u.super_amministratore,
//!             }))
//!         })
//!     }
//!     fn contesto<'a>(&'a self, u: &'a Utente, ente: &'a str) -> Futuro<'a, Result<Option<ContestoEnte>, Errore>> {
//!         Box::pin(async move { /* ruoli letti a ogni richiesta; nessun ruolo: Ok(None) → 404 */ })
//!     }
//! }
//! ```
//!
//! `traguardo serve` usa [`AccessoApp`]. Ogni `ContestoEnte` porta il `Contesto` dello strato
//! applicativo, che i gestori passano a ogni caso d'uso (`NellEnte::ctx()`): anche senza
//! controllo degli accessi ([`AccessoAperto`], per le prove) c'è sempre un contesto, quello del
//! sistema, così i casi d'uso hanno una sola firma.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use traguardo_app::Errore;
use traguardo_app::contesto::{Attore, Contesto};
use traguardo_app::porte_accessi::UtenteId;
use traguardo_domain::accesso::{Ruolo, RuoloAssegnato};
use traguardo_storage::Store;

/// Futuro restituito dai metodi di [`Autenticatore`] (il tratto deve poter stare in un `dyn`).
pub type Futuro<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Chi fa la richiesta.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utente {
    pub login: String,
    pub super_amministratore: bool,
    /// L'account dello strato applicativo (assente per gli accessi di prova).
    pub account: Option<traguardo_app::porte_accessi::Utente>,
}

/// L'utente nell'ente scelto dall'URL: esiste solo se vi ha almeno un ruolo.
#[derive(Debug, Clone)]
pub struct ContestoEnte {
    pub utente: Utente,
    /// Codice dell'ente, come nell'URL.
    pub ente: String,
    /// Ruoli dell'utente nell'ente (letti a ogni richiesta: una revoca vale subito).
    pub ruoli: Vec<String>,
    /// Il contesto dello strato applicativo, che ogni caso d'uso riceve: autorizzazione e dati
    /// personali si decidono lì.
    pub contesto: Contesto,
}

/// L'autenticazione vera: token API dello strato applicativo (SHA-256, scadenza, revoca) e
/// ruoli letti a ogni richiesta.
#[derive(Clone)]
pub struct AccessoApp(pub Store);

impl Autenticatore for AccessoApp {
    fn autentica<'a>(
        &'a self,
        token: Option<&'a str>,
    ) -> Futuro<'a, Result<Option<Utente>, Errore>> {
        Box::pin(async move {
            let Some(t) = token else { return Ok(None) };
            match traguardo_app::utenti::autentica_token(&self.0, t).await {
                Ok(u) => Ok(Some(Utente {
                    login: u.login.clone(),
                    super_amministratore: u.superadmin,
                    account: Some(u),
                })),
                Err(Errore::NonAutenticato) => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn contesto<'a>(
        &'a self,
        _store: &'a Store,
        utente: &'a Utente,
        ente: &'a str,
    ) -> Futuro<'a, Result<Option<ContestoEnte>, Errore>> {
        Box::pin(async move {
            let Some(account) = &utente.account else {
                return Ok(None);
            };
            match Contesto::per_utente(&self.0, account, ente).await {
                Ok(c) => Ok(Some(contesto_ente(account, c))),
                Err(Errore::NonTrovato(_)) => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn contesto_con_token<'a>(
        &'a self,
        _store: &'a Store,
        token: Option<&'a str>,
        ente: &'a str,
    ) -> Futuro<'a, Result<Accesso, Errore>> {
        Box::pin(async move {
            let Some(t) = token else {
                return Ok(Accesso::Anonimo);
            };
            match traguardo_app::utenti::contesto_con_token(&self.0, t, ente).await {
                Ok((u, c)) => Ok(Accesso::Ente(Box::new(contesto_ente(&u, c)))),
                Err(Errore::NonAutenticato) => Ok(Accesso::Anonimo),
                Err(Errore::NonTrovato(_)) => Ok(Accesso::FuoriEnte),
                Err(e) => Err(e),
            }
        })
    }
}

fn contesto_ente(account: &traguardo_app::porte_accessi::Utente, c: Contesto) -> ContestoEnte {
    ContestoEnte {
        utente: Utente {
            login: account.login.clone(),
            super_amministratore: account.superadmin,
            account: Some(account.clone()),
        },
        ente: c.ente.clone(),
        ruoli: c
            .ruoli
            .iter()
            .map(|r| r.ruolo.codice().to_string())
            .collect(),
        contesto: c,
    }
}

/// Riconosce i token e costruisce il contesto di un ente. Da collegare ai casi d'uso di
/// `traguardo_app` che gestiscono utenti, ruoli e token.
pub trait Autenticatore: Send + Sync + 'static {
    /// Chi presenta `token` (il valore dopo `Bearer `; `None` se la richiesta non ha
    /// l'intestazione `Authorization`). `Ok(None)`: nessuno, la risposta è 401.
    fn autentica<'a>(
        &'a self,
        token: Option<&'a str>,
    ) -> Futuro<'a, Result<Option<Utente>, Errore>>;

    /// Il contesto di `utente` nell'ente `ente`; `Ok(None)` se non vi ha alcun ruolo (la
    /// risposta è 404, la stessa di un ente che non esiste).
    fn contesto<'a>(
        &'a self,
        store: &'a Store,
        utente: &'a Utente,
        ente: &'a str,
    ) -> Futuro<'a, Result<Option<ContestoEnte>, Errore>>;

    /// Token e contesto insieme, la via di ogni rotta con `{ente}`. Di norma
    /// [`Autenticatore::autentica`] e poi [`Autenticatore::contesto`]; un'implementazione
    /// può farlo con meno letture.
    fn contesto_con_token<'a>(
        &'a self,
        store: &'a Store,
        token: Option<&'a str>,
        ente: &'a str,
    ) -> Futuro<'a, Result<Accesso, Errore>> {
        Box::pin(async move {
            let Some(u) = self.autentica(token).await? else {
                return Ok(Accesso::Anonimo);
            };
            Ok(match self.contesto(store, &u, ente).await? {
                Some(c) => Accesso::Ente(Box::new(c)),
                None => Accesso::FuoriEnte,
            })
        })
    }
}

/// L'esito dell'accesso a una rotta di un ente.
#[derive(Debug)]
pub enum Accesso {
    /// Nessun utente riconosciuto: 401.
    Anonimo,
    /// Utente riconosciuto, ma l'ente non esiste o non vi ha ruoli: 404.
    FuoriEnte,
    Ente(Box<ContestoEnte>),
}

/// Accesso senza login, per le prove locali: ogni richiesta è del sistema (`sistema:api:anonimo`
/// nell'audit), che vede e può tutto in ogni ente. `traguardo serve` usa sempre [`AccessoApp`].
#[derive(Debug, Clone, Copy, Default)]
pub struct AccessoAperto;

impl Autenticatore for AccessoAperto {
    fn autentica<'a>(&'a self, _: Option<&'a str>) -> Futuro<'a, Result<Option<Utente>, Errore>> {
        Box::pin(async {
            Ok(Some(Utente {
                login: "anonimo".into(),
                super_amministratore: false,
                account: None,
            }))
        })
    }

    fn contesto<'a>(
        &'a self,
        store: &'a Store,
        utente: &'a Utente,
        ente: &'a str,
    ) -> Futuro<'a, Result<Option<ContestoEnte>, Errore>> {
        Box::pin(async move {
            match Contesto::sistema_presso(store, ente, "api:anonimo").await {
                Ok(c) => Ok(Some(ContestoEnte {
                    utente: utente.clone(),
                    ente: c.ente.clone(),
                    ruoli: vec![],
                    contesto: c,
                })),
                Err(Errore::NonTrovato(_)) => Ok(None),
                Err(e) => Err(e),
            }
        })
    }
}

/// Token fissi in memoria (token → utente e ruoli per ente): per i test e le prove locali.
#[derive(Debug, Clone, Default)]
pub struct TokenStatici {
    token: HashMap<String, (Utente, HashMap<String, Vec<String>>)>,
}

impl TokenStatici {
    /// Aggiunge un token per `login`, con i ruoli `(ente, ruolo)`.
    pub fn con(mut self, token: &str, login: &str, ruoli: &[(&str, &str)]) -> Self {
        let mut per_ente: HashMap<String, Vec<String>> = HashMap::new();
        for (e, r) in ruoli {
            per_ente
                .entry(e.to_string())
                .or_default()
                .push(r.to_string());
        }
        let u = Utente {
            login: login.into(),
            super_amministratore: false,
            account: None,
        };
        self.token.insert(token.into(), (u, per_ente));
        self
    }
}

impl Autenticatore for TokenStatici {
    fn autentica<'a>(
        &'a self,
        token: Option<&'a str>,
    ) -> Futuro<'a, Result<Option<Utente>, Errore>> {
        Box::pin(async move {
            Ok(token
                .and_then(|t| self.token.get(t))
                .map(|(u, _)| u.clone()))
        })
    }

    fn contesto<'a>(
        &'a self,
        store: &'a Store,
        utente: &'a Utente,
        ente: &'a str,
    ) -> Futuro<'a, Result<Option<ContestoEnte>, Errore>> {
        Box::pin(async move {
            let Some(ruoli) = self
                .token
                .values()
                .find(|(u, _)| u.login == utente.login)
                .and_then(|(_, r)| r.get(ente))
            else {
                return Ok(None);
            };
            let Some(e) = traguardo_app::porte::EntiRepo::ente_per_codice(store, ente).await?
            else {
                return Ok(None);
            };
            // Un utente senza account: i ruoli semplici (senza CdR, obiettivi, persona) dei
            // codici indicati, con l'id nullo nell'audit.
            let assegnati = ruoli
                .iter()
                .map(|r| {
                    Ruolo::da_codice(r)
                        .map(RuoloAssegnato::semplice)
                        .ok_or_else(|| Errore::interno(format!("ruolo di prova «{r}» sconosciuto")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(ContestoEnte {
                utente: utente.clone(),
                ente: e.codice.clone(),
                ruoli: ruoli.clone(),
                contesto: Contesto {
                    tenant: e.tenant_id,
                    ente: e.codice,
                    utente: Attore::Utente {
                        id: UtenteId(uuid::Uuid::nil()),
                        login: utente.login.clone(),
                    },
                    ruoli: assegnati,
                    superadmin: false,
                },
            }))
        })
    }
}

/// Stato dei gestori (clonato per ogni richiesta: solo puntatori).
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Valutazioni calcolate una volta per revisione dei dati del ciclo.
    pub valutazioni: Arc<traguardo_app::cache::CacheValutazioni>,
    /// Bilanci letti una volta per versione (una versione non cambia mai).
    pub bilanci: Arc<traguardo_app::cache::CacheBilanci>,
    pub autenticatore: Arc<dyn Autenticatore>,
    /// URL pubblico da dichiarare nel documento OpenAPI.
    pub url_pubblico: Option<String>,
}

impl AppState {
    pub fn new(store: Store, autenticatore: Arc<dyn Autenticatore>) -> AppState {
        AppState {
            store,
            valutazioni: Arc::new(traguardo_app::cache::CacheValutazioni::new(256)),
            bilanci: Arc::new(traguardo_app::cache::CacheBilanci::new(64)),
            autenticatore,
            url_pubblico: None,
        }
    }
}
