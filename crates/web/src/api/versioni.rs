//! Le versioni del piano: elenco, una versione, il confronto tra due versioni; proposta,
//! approvazione con l'atto (e la forzatura scritta), variazione, errata corrige. Le risposte sono
//! le viste dello strato applicativo (`traguardo_app::versioni`).

use super::comandi::{Corpo, ErroriScrittura};
use super::{Anno, Parametri, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use traguardo_app::versioni as v;
use utoipa::{IntoParams, ToSchema};

fn json<T: serde::Serialize>(x: &T) -> Result<Json<serde_json::Value>, ErroreApi> {
    serde_json::to_value(x)
        .map(Json)
        .map_err(|e| traguardo_app::Errore::interno_da("risposta in JSON", e).into())
}

/// Le versioni del piano del ciclo (numero, stato, atto, approvazione, avvertenze, forzatura,
/// errata corrige).
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/piani/{anno}/versioni",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Le versioni del piano", body = Object), ErroriComuni)
)]
pub async fn versioni(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Json<serde_json::Value>, ErroreApi> {
    json(&v::versioni(&s.store, ctx.ctx(), anno).await?)
}

#[derive(Debug, Deserialize)]
pub struct PercorsoVersione {
    pub anno: i32,
    pub numero: i32,
}

/// Una versione del piano, con le sue errata corrige.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/piani/{anno}/versioni/{numero}",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("numero" = i32, Path, description = "Numero della versione, da 1", example = 1),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "La versione", body = Object), ErroriComuni)
)]
pub async fn versione(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(p): Percorso<PercorsoVersione>,
) -> Result<Json<serde_json::Value>, ErroreApi> {
    json(&v::versione(&s.store, ctx.ctx(), p.anno, p.numero).await?)
}

/// Le due versioni da confrontare.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DaA {
    /// Versione di partenza.
    pub da: i32,
    /// Versione di arrivo.
    pub a: i32,
}

/// Le differenze tra due versioni: obiettivi, step (pesi, scadenze), indicatori (target,
/// baseline), collegamenti dei capitoli, assegnazioni.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/piani/{anno}/versioni/diff",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        DaA,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Le differenze", body = Object), ErroriComuni)
)]
pub async fn diff(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(q): Parametri<DaA>,
) -> Result<Json<serde_json::Value>, ErroreApi> {
    json(&v::diff(&s.store, ctx.ctx(), anno, q.da, q.a).await?)
}

/// Propone la bozza di testa (bozza → proposta).
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/piani/{anno}/versioni/proposta",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "La versione proposta", body = Object), ErroriScrittura)
)]
pub async fn proponi(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Json<serde_json::Value>, ErroreApi> {
    json(&v::sottoponi(&s.store, ctx.ctx(), anno).await?)
}

/// L'atto che approva la versione di testa e, se la verifica dà errori, il motivo della forzatura.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovazioneDto {
    /// «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>».
    #[schema(example = "deliberazione CdA n. 23 del 30/01/2023")]
    pub atto: String,
    /// Motivo scritto per approvare nonostante gli errori della verifica.
    pub forzatura: Option<String>,
}

/// Approva la versione di testa (bozza o proposta) con l'atto. 422 con gli errori della
/// verifica se non c'è la forzatura; 409 se la versione è già approvata.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/piani/{anno}/versioni/approvazione",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = ApprovazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Versione approvata", body = Object), ErroriScrittura)
)]
pub async fn approva(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<ApprovazioneDto>,
) -> Result<Json<serde_json::Value>, ErroreApi> {
    json(&v::approva(&s.store, ctx.ctx(), anno, &c.atto, c.forzatura.as_deref()).await?)
}

/// Apre la variazione: versione N+1 in bozza da una versione approvata.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/piani/{anno}/versioni/variazione",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "La nuova versione in bozza", body = Object), ErroriScrittura)
)]
pub async fn varia(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Json<serde_json::Value>, ErroreApi> {
    json(&v::varia(&s.store, ctx.ctx(), anno).await?)
}

/// Errata corrige di una versione approvata.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrataDto {
    pub motivo: String,
    /// Il testo corretto, se c'è.
    pub testo: Option<String>,
}

/// Aggiunge un'errata corrige alla versione approvata: il testo approvato non cambia.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/piani/{anno}/versioni/{numero}/errata",
    tag = "comandi del piano",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("numero" = i32, Path, description = "Numero della versione", example = 1),
    ),
    request_body = ErrataDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "La versione con le sue errata corrige", body = Object), ErroriScrittura)
)]
pub async fn errata(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(p): Percorso<PercorsoVersione>,
    Corpo(c): Corpo<ErrataDto>,
) -> Result<Json<serde_json::Value>, ErroreApi> {
    json(
        &v::errata(
            &s.store,
            ctx.ctx(),
            p.anno,
            p.numero,
            &c.motivo,
            c.testo.as_deref(),
        )
        .await?,
    )
}
