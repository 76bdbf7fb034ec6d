//! Il piano come cartella XLSX nella CLI: `export plan --format xlsx` e `import plan piano.xlsx`.
//! La cartella è solo un formato: si converte nel file del piano e passa per gli stessi casi
//! d'uso del JSON (abbinamento, prova, conferma).

use clap::ValueEnum;
use std::path::Path;
use traguardo_app::Errore;

/// Il formato del file del piano.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatoPiano {
    /// Il file JSON canonico (docs/plan-file.md).
    Json,
    /// La cartella XLSX, un foglio per elenco, sempre con gli id.
    Xlsx,
}

fn estensione_xlsx(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Il formato dell'esportazione: quello chiesto, altrimenti dall'estensione del file.
pub fn formato_export(chiesto: Option<FormatoPiano>, out: Option<&Path>) -> FormatoPiano {
    chiesto.unwrap_or(match out {
        Some(p) if estensione_xlsx(p) => FormatoPiano::Xlsx,
        _ => FormatoPiano::Json,
    })
}

/// La cartella dal file del piano esportato (con gli id).
pub fn cartella(json_con_id: &str) -> Result<Vec<u8>, Errore> {
    traguardo_import::cartella_piano::cartella_da_json(json_con_id).map_err(Errore::NonValido)
}

/// I byte da importare e il nome con cui i rilievi li indicano: una cartella XLSX (estensione
/// `.xlsx`) diventa il file del piano, e le righe e colonne dei rilievi successivi sono quelle
/// del file del piano che ne deriva, come il nome dice.
pub fn byte_da_importare(file: &Path, byte: Vec<u8>) -> Result<(Vec<u8>, String), Errore> {
    let nome = file.display().to_string();
    if !estensione_xlsx(file) {
        return Ok((byte, nome));
    }
    let json = traguardo_import::cartella_piano::cartella_in_json(&byte, &nome)
        .map_err(Errore::Rifiutato)?;
    Ok((json, format!("{nome} (come file del piano JSON)")))
}
