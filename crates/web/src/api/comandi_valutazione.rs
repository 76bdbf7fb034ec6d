//! Comandi che scrivono un fatto su una persona o un capitolo: voto di un comportamento, presa
//! visione della propria scheda, assegnazioni, collegamenti capitolo ↔ progetto/obiettivo.
//! Il permesso lo decide il contesto dell'utente (403 se il ruolo non basta); il corpo è JSON
//! e ogni suo errore è un 400 in problem+json.

use super::comandi::{Corpo, ErroriScrittura};
use super::{Parametri, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::ErroreApi;
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use traguardo_app::Errore;
use traguardo_app::comandi_bilancio as cb;
use traguardo_app::comandi_valutazione as cv;
use traguardo_app::porte::TipoCollegamentoCapitolo;
use traguardo_app::valutazione::percentuale;
use traguardo_domain::bilancio::Lato;
use traguardo_domain::numeri::interpreta_decimale;
use utoipa::{IntoParams, ToSchema};

/// Il fatto scritto: il suo id e la sua nuova revisione.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FattoDto {
    pub id: String,
    pub revisione: i64,
}

impl From<cv::EsitoFatto> for FattoDto {
    fn from(e: cv::EsitoFatto) -> Self {
        FattoDto {
            id: e.id.to_string(),
            revisione: e.revisione,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct PercorsoVoto {
    pub anno: i32,
    pub persona: String,
    pub comportamento: String,
}

/// Il voto di un comportamento.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VotoDto {
    /// Voto nella scala delle regole SMVP del ciclo, come stringa decimale ("4", "3.5").
    #[schema(example = "4")]
    pub voto: String,
    /// Revisione del voto letta da chi scrive; assente se il voto non c'è ancora.
    pub revisione: Option<i64>,
}

fn decimale(campo: &str, t: &str) -> Result<rust_decimal::Decimal, ErroreApi> {
    interpreta_decimale(t)
        .map_err(|m| Errore::NonValido(format!("{campo} «{t}» non valido: {m}")).into())
}

/// Esprime (o cambia) il voto di un comportamento di una persona. Nessuno valuta sé stesso.
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/cicli/{anno}/persone/{persona}/voti/{comportamento}",
    tag = "valutazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("persona" = String, Path, description = "Codice della persona", example = "P02"),
        ("comportamento" = String, Path, description = "Codice del comportamento", example = "C1"),
    ),
    request_body = VotoDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Voto registrato", body = FattoDto), ErroriScrittura)
)]
pub async fn voto(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(p): Percorso<PercorsoVoto>,
    Corpo(c): Corpo<VotoDto>,
) -> Result<Json<FattoDto>, ErroreApi> {
    let ctx = ctx.0.contesto;
    let voto = decimale("voto", &c.voto)?;
    let e = cv::valuta_comportamento(
        &s.store,
        &ctx,
        p.anno,
        &p.persona,
        &p.comportamento,
        voto,
        Some(c.revisione),
    )
    .await?;
    Ok(Json(e.into()))
}

#[derive(Debug, Deserialize)]
pub struct PercorsoPersona {
    pub anno: i32,
    pub persona: String,
}

/// La presa visione registrata.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PresaVisioneDto {
    pub persona: String,
    /// Momento della presa visione (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub momento: String,
    /// Punteggio individuale mostrato (stringa decimale), se calcolabile.
    pub punteggio: Option<String>,
    pub revisione: i64,
}

/// La persona prende visione della propria scheda (solo la propria).
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/persone/{persona}/presa-visione",
    tag = "valutazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("persona" = String, Path, description = "Codice della persona", example = "P01"),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Presa visione registrata", body = PresaVisioneDto), ErroriScrittura)
)]
pub async fn presa_visione(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(p): Percorso<PercorsoPersona>,
) -> Result<Json<PresaVisioneDto>, ErroreApi> {
    let ctx = ctx.0.contesto;
    let r = cv::prendi_visione(&s.store, &ctx, p.anno, &p.persona).await?;
    Ok(Json(PresaVisioneDto {
        persona: r.persona,
        momento: r.momento.to_rfc3339(),
        punteggio: r.punteggio.map(|x| x.normalize().to_string()),
        revisione: r.revisione,
    }))
}

#[derive(Debug, Deserialize)]
pub struct PercorsoAnno {
    pub anno: i32,
}

/// Un'assegnazione da creare o da cambiare.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssegnazioneDto {
    #[schema(example = "P02")]
    pub persona: String,
    #[schema(example = "D2")]
    pub obiettivo: String,
    /// Codice dello step, se l'assegnazione è a uno step.
    pub step: Option<String>,
    /// Quota della persona (%), stringa decimale; assente: 100.
    pub quota: Option<String>,
    /// Revisione dell'assegnazione letta da chi scrive; assente se non c'è ancora.
    pub revisione: Option<i64>,
}

/// Assegna una persona a un obiettivo o a uno step (o ne cambia la quota).
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/assegnazioni",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = AssegnazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Assegnazione registrata", body = FattoDto), ErroriScrittura)
)]
pub async fn assegna(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(p): Percorso<PercorsoAnno>,
    Corpo(c): Corpo<AssegnazioneDto>,
) -> Result<Json<FattoDto>, ErroreApi> {
    let ctx = ctx.0.contesto;
    let quota = c.quota.as_deref().map(percentuale).transpose()?;
    let e = cv::assegna_persona(
        &s.store,
        &ctx,
        p.anno,
        &c.persona,
        &c.obiettivo,
        c.step.as_deref(),
        quota,
        Some(c.revisione),
    )
    .await?;
    Ok(Json(e.into()))
}

/// L'assegnazione da togliere.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QualeAssegnazione {
    pub persona: String,
    pub obiettivo: String,
    /// Codice dello step, se l'assegnazione è a uno step.
    pub step: Option<String>,
    /// Revisione letta da chi scrive (predefinita: quella attuale).
    pub revisione: Option<i64>,
}

/// Toglie l'assegnazione di una persona a un obiettivo o a uno step.
#[utoipa::path(
    delete,
    path = "/api/v1/enti/{ente}/cicli/{anno}/assegnazioni",
    tag = "piani",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        QualeAssegnazione,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Assegnazione tolta: il suo id e l'ultima revisione", body = FattoDto), ErroriScrittura)
)]
pub async fn rimuovi_assegnazione(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(p): Percorso<PercorsoAnno>,
    Parametri(q): Parametri<QualeAssegnazione>,
) -> Result<Json<FattoDto>, ErroreApi> {
    let ctx = ctx.0.contesto;
    let e = cv::rimuovi_assegnazione(
        &s.store,
        &ctx,
        p.anno,
        &q.persona,
        &q.obiettivo,
        q.step.as_deref(),
        q.revisione,
    )
    .await?;
    Ok(Json(e.into()))
}

/// Un collegamento capitolo ↔ progetto PEG o obiettivo.
#[derive(Debug, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CollegamentoDto {
    /// `entrate` o `spese`.
    #[schema(example = "spese")]
    pub lato: String,
    #[schema(example = "1111260/0")]
    pub capitolo: String,
    /// `progetto` o `obiettivo`.
    #[schema(example = "obiettivo")]
    pub tipo: String,
    /// Codice del progetto PEG o dell'obiettivo.
    #[schema(example = "DIR-2.1")]
    pub codice: String,
    /// Solo per togliere: la revisione letta (predefinita: quella attuale).
    pub revisione: Option<i64>,
}

impl CollegamentoDto {
    fn parti(&self) -> Result<(Lato, TipoCollegamentoCapitolo), ErroreApi> {
        let lato = Lato::da_codice(&self.lato).ok_or_else(|| {
            Errore::NonValido(format!(
                "lato «{}» non valido: entrate oppure spese",
                self.lato
            ))
        })?;
        let tipo = match self.tipo.trim() {
            "progetto" => TipoCollegamentoCapitolo::Progetto,
            "obiettivo" => TipoCollegamentoCapitolo::Obiettivo,
            altro => {
                return Err(Errore::NonValido(format!(
                    "tipo «{altro}» non valido: progetto oppure obiettivo"
                ))
                .into());
            }
        };
        Ok((lato, tipo))
    }
}

/// Collega un capitolo del bilancio corrente dell'esercizio a un progetto PEG o a un obiettivo
/// del ciclo che contiene l'esercizio.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/bilanci/{anno}/collegamenti",
    tag = "bilancio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Esercizio", example = 2026),
    ),
    request_body = CollegamentoDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Collegamento creato", body = FattoDto), ErroriScrittura)
)]
pub async fn collega(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(p): Percorso<PercorsoAnno>,
    Corpo(c): Corpo<CollegamentoDto>,
) -> Result<Json<FattoDto>, ErroreApi> {
    let ctx = ctx.0.contesto;
    let (lato, tipo) = c.parti()?;
    let e =
        cb::collega_capitolo(&s.store, &ctx, p.anno, lato, &c.capitolo, tipo, &c.codice).await?;
    Ok(Json(e.into()))
}

/// Toglie il collegamento di un capitolo a un progetto PEG o a un obiettivo.
#[utoipa::path(
    delete,
    path = "/api/v1/enti/{ente}/bilanci/{anno}/collegamenti",
    tag = "bilancio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Esercizio", example = 2026),
        CollegamentoDto,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Collegamento tolto: il suo id e l'ultima revisione", body = FattoDto), ErroriScrittura)
)]
pub async fn scollega(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(p): Percorso<PercorsoAnno>,
    Parametri(c): Parametri<CollegamentoDto>,
) -> Result<Json<FattoDto>, ErroreApi> {
    let ctx = ctx.0.contesto;
    let (lato, tipo) = c.parti()?;
    let e = cb::scollega_capitolo(
        &s.store,
        &ctx,
        p.anno,
        lato,
        &c.capitolo,
        tipo,
        &c.codice,
        c.revisione,
    )
    .await?;
    Ok(Json(e.into()))
}
