//! Configurazione del server: dall'ambiente, con gli argomenti della CLI che la sovrascrivono.

use std::time::Duration;

/// Corpo massimo di una richiesta.
pub const LIMITE_CORPO: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Configurazione {
    /// Indirizzo di ascolto (`TRAGUARDO_BIND`, `--bind`).
    pub bind: String,
    /// URL pubblico del server (`TRAGUARDO_PUBLIC_URL`), dichiarato come `servers` nel
    /// documento OpenAPI; senza, i client usano l'indirizzo da cui lo hanno letto.
    pub url_pubblico: Option<String>,
    /// Tempo massimo per una richiesta (`TRAGUARDO_TIMEOUT_SECONDI`, predefinito 30).
    pub timeout: Duration,
    /// Corpo massimo di una richiesta in byte.
    pub limite_corpo: usize,
}

impl Default for Configurazione {
    fn default() -> Self {
        Configurazione {
            bind: "127.0.0.1:8080".into(),
            url_pubblico: None,
            timeout: Duration::from_secs(30),
            limite_corpo: LIMITE_CORPO,
        }
    }
}

impl Configurazione {
    /// Legge l'ambiente; un valore non valido è un errore con il nome della variabile.
    pub fn da_ambiente() -> Result<Configurazione, String> {
        Self::da(|k| std::env::var(k).ok())
    }

    fn da(var: impl Fn(&str) -> Option<String>) -> Result<Configurazione, String> {
        let mut c = Configurazione::default();
        if let Some(b) = var("TRAGUARDO_BIND").filter(|s| !s.trim().is_empty()) {
            c.bind = b.trim().to_string();
        }
        c.url_pubblico = var("TRAGUARDO_PUBLIC_URL")
            .map(|s| s.trim().trim_end_matches('/').to_string())
            .filter(|s| !s.is_empty());
        if let Some(u) = &c.url_pubblico
            && !(u.starts_with("http://") || u.starts_with("https://"))
        {
            return Err(format!(
                "TRAGUARDO_PUBLIC_URL «{u}» non valido: deve iniziare con http:// o https://"
            ));
        }
        if let Some(t) = var("TRAGUARDO_TIMEOUT_SECONDI") {
            let s: u64 = t
                .trim()
                .parse()
                .ok()
                .filter(|s| (1..=3600).contains(s))
                .ok_or_else(|| {
                    format!("TRAGUARDO_TIMEOUT_SECONDI «{t}» non valido: secondi da 1 a 3600")
                })?;
            c.timeout = Duration::from_secs(s);
        }
        Ok(c)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn ambiente_letto_e_controllato() {
        let c = Configurazione::da(|k| match k {
            "TRAGUARDO_BIND" => Some("0.0.0.0:9000".into()),
            "TRAGUARDO_PUBLIC_URL" => Some("https://traguardo.example.it/".into()),
            "TRAGUARDO_TIMEOUT_SECONDI" => Some("5".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(
            c.url_pubblico.as_deref(),
            Some("https://traguardo.example.it")
        );
        assert_eq!(c.timeout, Duration::from_secs(5));
        let e = Configurazione::da(|k| (k == "TRAGUARDO_PUBLIC_URL").then(|| "ftp://x".into()))
            .unwrap_err();
        assert!(e.contains("TRAGUARDO_PUBLIC_URL"), "{e}");
        let e = Configurazione::da(|k| (k == "TRAGUARDO_TIMEOUT_SECONDI").then(|| "0".into()))
            .unwrap_err();
        assert!(e.contains("da 1 a 3600"), "{e}");
        let c = Configurazione::da(|_| None).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert_eq!(c.limite_corpo, 10 * 1024 * 1024);
    }
}
