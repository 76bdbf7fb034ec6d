//! Strumenti comuni ai test della CLI: il binario vero su un database vero.
#![allow(dead_code)]

use std::process::{Command, Output};
use traguardo_testkit::fixture;

pub struct Ambiente {
    pub dir: tempfile::TempDir,
    pub url: String,
}

impl Ambiente {
    pub fn esegui(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_traguardo"))
            .args(args)
            .env("TRAGUARDO_DATABASE_URL", &self.url)
            .current_dir(self.dir.path())
            .output()
            .expect("avvio di traguardo")
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.esegui(args);
        assert!(
            o.status.success(),
            "traguardo {args:?} è fallito:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    pub fn importa_000(&self) {
        let f = fixture("plans/000.json");
        let out = self.ok(&["import", "plan", f.to_str().unwrap()]);
        assert!(out.contains("26 obiettivi, 141 step"), "{out}");
    }
}

#[macro_export]
macro_rules! su_entrambi_cli {
    ($($nome:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $nome() {
                    let dir = tempfile::tempdir().unwrap();
                    let url = format!("sqlite://{}", dir.path().join("t.db").display());
                    super::$nome(&super::comune::Ambiente { dir, url });
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $nome() {
                    let rt = tokio::runtime::Runtime::new().unwrap();
                    let Some(db) = rt.block_on(traguardo_testkit::DbDiProva::postgres()) else {
                        eprintln!("TRAGUARDO_TEST_PG_URL non impostata: test PostgreSQL non eseguito");
                        return;
                    };
                    let amb = super::comune::Ambiente { dir: tempfile::tempdir().unwrap(), url: db.url.clone() };
                    super::$nome(&amb);
                    rt.block_on(db.chiudi());
                }
            )*
        }
    };
}
