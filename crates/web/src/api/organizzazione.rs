//! L'organizzazione nel tempo: l'organizzazione a una data e la matrice persone × obiettivi.

use super::comandi::{Corpo, ErroriScrittura};
use super::{Anno, Parametri, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use traguardo_app::Errore;
use traguardo_app::organizzazione::{self as org, leggi_data};
use traguardo_app::viste::organizzazione as vista;
use traguardo_domain::organizzazione::PersonaAllaData;
use traguardo_domain::piano::LivelloUnita;
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

/// Un cambiamento dell'organizzazione (date aaaa-mm-gg o gg/mm/aaaa).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "comando", rename_all = "snake_case")]
pub enum ComandoOrganizzazioneDto {
    /// Costituisce un CdR dal giorno `dal`.
    CdrNuovo {
        codice: String,
        nome: String,
        /// area, settore, servizio, ufficio, uo
        #[schema(example = "uo")]
        livello: String,
        padre: Option<String>,
        dal: String,
    },
    /// Chiude un CdR il giorno `al` (compreso).
    CdrChiuso { cdr: String, al: String },
    /// Nomina il responsabile di un CdR dal giorno `dal`.
    Responsabile {
        cdr: String,
        persona: String,
        dal: String,
    },
    /// Una persona entra in servizio (con `nome` se non è ancora nel ciclo).
    PersonaEntra {
        persona: String,
        nome: Option<String>,
        cdr: String,
        ruolo: Option<String>,
        dal: String,
    },
    /// Una persona passa a un altro CdR o cambia ruolo dal giorno `dal`.
    PersonaSposta {
        persona: String,
        cdr: String,
        ruolo: Option<String>,
        dal: String,
    },
    /// Una persona lascia il servizio il giorno `al` (compreso).
    PersonaEsce { persona: String, al: String },
}

/// Cosa è cambiato.
#[derive(Debug, Serialize, ToSchema)]
pub struct EsitoOrganizzazioneDto {
    pub messaggio: String,
}

/// Un cambiamento dell'organizzazione del ciclo: CdR che nasce o chiude, responsabile, persona
/// che entra, si sposta o esce. Serve il permesso di modificare l'organizzazione
/// (amministratore, direttore, ufficio personale); un periodo che si sovrappone è un 409.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/organizzazione",
    tag = "organizzazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2026),
    ),
    request_body = ComandoOrganizzazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Cambiamento registrato", body = EsitoOrganizzazioneDto), ErroriScrittura)
)]
pub async fn modifica(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<ComandoOrganizzazioneDto>,
) -> Result<Json<EsitoOrganizzazioneDto>, ErroreApi> {
    use ComandoOrganizzazioneDto as C;
    let ctx = ctx.ctx();
    let st = &s.store;
    let e = match c {
        C::CdrNuovo {
            codice,
            nome,
            livello,
            padre,
            dal,
        } => {
            let livello: LivelloUnita = serde_json::from_value(serde_json::Value::String(
                livello.clone(),
            ))
            .map_err(|_| {
                Errore::NonValido(format!(
                    "livello «{livello}» non valido: area, settore, servizio, ufficio o uo"
                ))
            })?;
            let nuovo = org::NuovoCdr {
                codice,
                nome,
                livello,
                padre,
            };
            org::aggiungi_cdr(st, ctx, anno, nuovo, leggi_data(&dal)?).await?
        }
        C::CdrChiuso { cdr, al } => org::chiudi_cdr(st, ctx, anno, &cdr, leggi_data(&al)?).await?,
        C::Responsabile { cdr, persona, dal } => {
            org::nomina_responsabile(st, ctx, anno, &cdr, &persona, leggi_data(&dal)?).await?
        }
        C::PersonaEntra {
            persona,
            nome,
            cdr,
            ruolo,
            dal,
        } => {
            org::persona_entra(
                st,
                ctx,
                anno,
                &persona,
                nome.as_deref(),
                &cdr,
                ruolo.as_deref(),
                leggi_data(&dal)?,
            )
            .await?
        }
        C::PersonaSposta {
            persona,
            cdr,
            ruolo,
            dal,
        } => {
            org::persona_sposta(
                st,
                ctx,
                anno,
                &persona,
                &cdr,
                ruolo.as_deref(),
                leggi_data(&dal)?,
            )
            .await?
        }
        C::PersonaEsce { persona, al } => {
            org::persona_esce(st, ctx, anno, &persona, leggi_data(&al)?).await?
        }
    };
    Ok(Json(EsitoOrganizzazioneDto {
        messaggio: e.messaggio,
    }))
}

/// Le presenze importate.
#[derive(Debug, Serialize, ToSchema)]
pub struct PresenzeDto {
    /// Anno delle presenze.
    pub anno: i32,
    /// Anno di inizio del ciclo a cui valgono.
    pub ciclo: i32,
    /// Persone aggiornate.
    pub persone: usize,
}

/// Importa presenze e part-time dell'anno dal sistema delle presenze: il corpo è il CSV
/// `matricola;cognome_nome;giorni_presenza;part_time` in UTF-8 (docs/presenze.md), come
/// `traguardo import presenze`. Tutto o niente: un errore nomina riga e colonna (422) e non
/// cambia nulla.
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/presenze/{anno}",
    tag = "organizzazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno delle presenze", example = 2023),
    ),
    request_body(content = String, content_type = "text/csv", description = "Il CSV delle presenze"),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Presenze importate", body = PresenzeDto), ErroriScrittura)
)]
pub async fn importa_presenze(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    corpo: axum::body::Bytes,
) -> Result<Json<PresenzeDto>, ErroreApi> {
    let e = org::importa_presenze(&s.store, ctx.ctx(), anno, &corpo, "presenze.csv").await?;
    Ok(Json(PresenzeDto {
        anno: e.anno,
        ciclo: e.ciclo,
        persone: e.persone,
    }))
}
