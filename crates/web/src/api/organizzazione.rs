//! L'organizzazione nel tempo: l'organizzazione a una data e la matrice persone × obiettivi.

use super::{Anno, Parametri, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use traguardo_app::Errore;
use traguardo_app::organizzazione::leggi_data;
use traguardo_app::viste::organizzazione as vista;
use traguardo_domain::organizzazione::PersonaAllaData;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParametriOrganizzazione {
    /// Data (aaaa-mm-gg o gg/mm/aaaa).
    pub data: String,
    /// Anno di inizio del ciclo (predefinito: il ciclo che contiene la data).
    pub ciclo: Option<i32>,
}

/// Una persona in un CdR alla data.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonaOrgDto {
    pub codice: String,
    pub nome: String,
    pub ruolo: Option<String>,
    /// Inizio dell'incarico (aaaa-mm-gg); assente se viene dal piano (tutto il ciclo).
    pub dal: Option<String>,
}

impl From<&PersonaAllaData> for PersonaOrgDto {
    fn from(p: &PersonaAllaData) -> Self {
        PersonaOrgDto {
            codice: p.codice.clone(),
            nome: p.nome.clone(),
            ruolo: p.ruolo.clone(),
            dal: p.dal.map(|d| d.to_string()),
        }
    }
}

/// Un CdR attivo alla data.
#[derive(Debug, Serialize, ToSchema)]
pub struct CdrOrgDto {
    pub codice: String,
    pub nome: String,
    pub padre: Option<String>,
    /// Codice della persona responsabile (se nominata con un periodo).
    pub responsabile: Option<String>,
    pub responsabile_nome: Option<String>,
    pub persone: Vec<PersonaOrgDto>,
}

/// L'organizzazione dell'ente a una data.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizzazioneDto {
    pub ente: String,
    pub ciclo: i32,
    /// aaaa-mm-gg
    pub data: String,
    /// gg/mm/aaaa
    pub data_testo: String,
    pub cdr: Vec<CdrOrgDto>,
    pub senza_cdr: Vec<PersonaOrgDto>,
    pub dati_personali_omessi: bool,
}

/// L'organizzazione a una data: i CdR attivi, il loro responsabile e le persone.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/organizzazione",
    tag = "organizzazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ParametriOrganizzazione,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Organizzazione alla data", body = OrganizzazioneDto), ErroriComuni)
)]
pub async fn organizzazione(
    State(s): State<AppState>,
    ctx: NellEnte,
    Parametri(q): Parametri<ParametriOrganizzazione>,
) -> Result<Json<OrganizzazioneDto>, ErroreApi> {
    let d = leggi_data(&q.data).map_err(|e| match e {
        Errore::NonValido(m) => ErroreApi::RichiestaNonValida(m),
        altro => altro.into(),
    })?;
    let v = vista::organizzazione_alla_data(&s.store, ctx.ctx(), q.ciclo, d).await?;
    Ok(Json(OrganizzazioneDto {
        ente: v.ente,
        ciclo: v.ciclo,
        data: v.data.to_string(),
        data_testo: v.data_testo,
        cdr: v
            .cdr
            .iter()
            .map(|c| CdrOrgDto {
                codice: c.codice.clone(),
                nome: c.nome.clone(),
                padre: c.padre.clone(),
                responsabile: c.responsabile.clone(),
                responsabile_nome: c.responsabile_nome.clone(),
                persone: c.persone.iter().map(PersonaOrgDto::from).collect(),
            })
            .collect(),
        senza_cdr: v.senza_cdr.iter().map(PersonaOrgDto::from).collect(),
        dati_personali_omessi: v.dati_personali_omessi,
    }))
}

/// Una riga della matrice: una persona con la sua quota per colonna.
#[derive(Debug, Serialize, ToSchema)]
pub struct RigaMatriceDto {
    pub persona: String,
    pub nome: String,
    pub qualifica: Option<String>,
    pub cdr: Option<String>,
    /// Una quota (decimale, %) per colonna; null dove la persona non è assegnata.
    pub quote: Vec<Option<String>>,
}

/// Una colonna della matrice: un obiettivo o uno step.
#[derive(Debug, Serialize, ToSchema)]
pub struct ColonnaMatriceDto {
    pub obiettivo: String,
    pub step: Option<String>,
    pub titolo: String,
}

/// Matrice persone × obiettivi e step (le assegnazioni con le quote).
#[derive(Debug, Serialize, ToSchema)]
pub struct MatriceDto {
    pub colonne: Vec<ColonnaMatriceDto>,
    pub righe: Vec<RigaMatriceDto>,
    pub dati_personali_omessi: bool,
}

/// La matrice persone × obiettivi e step del ciclo, con le quote.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/matrice",
    tag = "organizzazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Matrice delle assegnazioni", body = MatriceDto), ErroriComuni)
)]
pub async fn matrice(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Json<MatriceDto>, ErroreApi> {
    let v = vista::matrice_assegnazioni(&s.store, ctx.ctx(), anno).await?;
    Ok(Json(MatriceDto {
        colonne: v
            .colonne
            .iter()
            .map(|c| ColonnaMatriceDto {
                obiettivo: c.obiettivo.clone(),
                step: c.step.clone(),
                titolo: c.titolo.clone(),
            })
            .collect(),
        righe: v
            .righe
            .iter()
            .map(|r| RigaMatriceDto {
                persona: r.persona.clone(),
                nome: r.nome.clone(),
                qualifica: r.qualifica.clone(),
                cdr: r.cdr.clone(),
                quote: r
                    .quote
                    .iter()
                    .map(|q| q.as_ref().map(|c| c.valore.to_string()))
                    .collect(),
            })
            .collect(),
        dati_personali_omessi: v.dati_personali_omessi,
    }))
}
