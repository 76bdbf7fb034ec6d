//! Il ciclo nuovo dal precedente e il piano come cartella XLSX: gli stessi casi d'uso di
//! `traguardo cycle new` e `traguardo export plan --format xlsx`.

use super::comandi::{Corpo, ErroriScrittura};
use super::{Anno, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use traguardo_app::Errore;
use traguardo_app::casi_uso;
use traguardo_app::ciclo_nuovo::{EsitoCicloNuovo, crea_ciclo_successivo};
use utoipa::ToSchema;

/// La richiesta di un ciclo nuovo.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CicloNuovoDto {
    /// Anno di inizio del ciclo da cui partire.
    #[schema(example = 2023)]
    pub da: i32,
    /// Anno di inizio del ciclo nuovo.
    #[schema(example = 2024)]
    pub a: i32,
    /// Solo prova: mostra cosa si riporterebbe, senza scrivere nulla.
    #[serde(default)]
    pub prova: bool,
}

/// Un obiettivo riportato nel ciclo nuovo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObiettivoRiportatoDto {
    pub codice: String,
    pub titolo: String,
    /// "1° anno inserimento".
    pub primo_anno: i32,
    pub step_riportati: usize,
    pub step_lasciati: usize,
}

/// Un obiettivo chiuso, lasciato nel ciclo vecchio.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObiettivoChiusoDto {
    pub codice: String,
    pub titolo: String,
}

/// L'esito della creazione (o della prova) del ciclo nuovo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EsitoCicloNuovoDto {
    pub ente: String,
    pub da_inizio: i32,
    pub da_fine: i32,
    pub a_inizio: i32,
    pub a_fine: i32,
    pub riportati: Vec<ObiettivoRiportatoDto>,
    pub chiusi: Vec<ObiettivoChiusoDto>,
    pub persone: usize,
    pub unita: usize,
    pub regole_copiate: bool,
    /// Avvisi della validazione del piano nuovo: codice e messaggio.
    pub avvisi: Vec<super::dto::RilievoDto>,
    /// Falso in prova: nulla è stato scritto.
    pub scritto: bool,
}

impl From<EsitoCicloNuovo> for EsitoCicloNuovoDto {
    fn from(e: EsitoCicloNuovo) -> Self {
        EsitoCicloNuovoDto {
            ente: e.ente,
            da_inizio: e.da_inizio,
            da_fine: e.da_fine,
            a_inizio: e.a_inizio,
            a_fine: e.a_fine,
            riportati: e
                .riportati
                .into_iter()
                .map(|o| ObiettivoRiportatoDto {
                    codice: o.codice,
                    titolo: o.titolo,
                    primo_anno: o.primo_anno,
                    step_riportati: o.step_riportati,
                    step_lasciati: o.step_lasciati,
                })
                .collect(),
            chiusi: e
                .chiusi
                .into_iter()
                .map(|o| ObiettivoChiusoDto {
                    codice: o.codice,
                    titolo: o.titolo,
                })
                .collect(),
            persone: e.persone,
            unita: e.unita,
            regole_copiate: e.regole_copiate,
            avvisi: e.avvisi.iter().map(super::dto::RilievoDto::from).collect(),
            scritto: e.scritto,
        }
    }
}

/// Crea il ciclo nuovo dal precedente: struttura, persone, regole SMVP e gli obiettivi non
/// chiusi, con il loro "1° anno inserimento" e il collegamento al predecessore. Con
/// `prova: true` nulla è scritto (200); altrimenti 201.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli",
    tag = "enti",
    params(("ente" = String, Path, description = "Codice dell'ente", example = "CISSA")),
    request_body = CicloNuovoDto,
    security(("bearerAuth" = [])),
    responses(
        (status = 201, description = "Ciclo creato", body = EsitoCicloNuovoDto),
        (status = 200, description = "Prova: cosa si riporterebbe", body = EsitoCicloNuovoDto),
        ErroriScrittura
    )
)]
pub async fn crea_ciclo(
    State(s): State<AppState>,
    ctx: NellEnte,
    Corpo(c): Corpo<CicloNuovoDto>,
) -> Result<Response, ErroreApi> {
    let esito = crea_ciclo_successivo(&s.store, ctx.ctx(), c.da, c.a, c.prova).await?;
    let codice = if esito.scritto {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((codice, Json(EsitoCicloNuovoDto::from(esito))).into_response())
}

/// Il tipo MIME di una cartella XLSX.
const MIME_XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Il piano del ciclo come cartella XLSX, con gli id: un foglio per obiettivi, step,
/// indicatori, assegnazioni e collegamenti, con gli elenchi di convalida dei codici dell'ente.
/// Si modifica in Excel o LibreOffice e si reimporta con `traguardo import plan`.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/piani/{anno}/cartella",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
    ),
    security(("bearerAuth" = [])),
    responses(
        (status = 200, description = "La cartella XLSX del piano", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        ErroriComuni
    )
)]
pub async fn cartella(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Response, ErroreApi> {
    let json = casi_uso::esporta_piano_con_id(&s.store, ctx.ctx(), anno).await?;
    let byte =
        traguardo_import::cartella_piano::cartella_da_json(&json).map_err(Errore::NonValido)?;
    let nome = format!(
        "attachment; filename=\"piano-{}-{anno}.xlsx\"",
        ctx.ctx().ente
    );
    Ok((
        [
            (header::CONTENT_TYPE, MIME_XLSX.to_string()),
            (header::CONTENT_DISPOSITION, nome),
        ],
        byte,
    )
        .into_response())
}
