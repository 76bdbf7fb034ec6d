//! La Relazione sulla performance e il Nucleo/OIV: la Relazione dell'anno (bozza → approvata
//! con l'atto del CdA → validata), osservazioni e raggiungimenti accertati del Nucleo/OIV, la
//! proposta per il direttore e la decisione del CdA, la ripartizione del fondo memorizzata
//! (bozza, o definitiva solo dopo la validazione). Il permesso lo decide il contesto dell'utente.

use super::comandi::{Corpo, ErroriScrittura};
use super::comandi_valutazione::FattoDto;
use super::{Anno, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::ErroreApi;
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use traguardo_app::Errore;
use traguardo_app::porte_relazione::{PropostaDirettore, RelazioneRegistrata};
use traguardo_app::relazione::{self as rel, Bersaglio};
use traguardo_domain::numeri::{Importo, interpreta_decimale};
use utoipa::ToSchema;

fn decimale(campo: &str, t: &str) -> Result<Decimal, ErroreApi> {
    interpreta_decimale(t)
        .map_err(|m| Errore::NonValido(format!("{campo} «{t}» non valido: {m}")).into())
}

fn testo_decimale(d: Decimal) -> String {
    d.normalize().to_string()
}

fn gg(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%d/%m/%Y").to_string())
}

/// La Relazione di un anno.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelazioneDto {
    pub id: String,
    pub anno: i32,
    /// `bozza`, `approvata` o `validata`.
    #[schema(example = "approvata")]
    pub stato: String,
    #[schema(example = "deliberazione CdA n. 12 del 28/05/2024")]
    pub atto_approvazione: Option<String>,
    /// Data dell'atto di approvazione (gg/mm/aaaa).
    pub approvata_il: Option<String>,
    pub approvata_da: Option<String>,
    /// Data della validazione del Nucleo/OIV (gg/mm/aaaa).
    pub validata_il: Option<String>,
    pub validazione_testo: Option<String>,
    pub validata_da: Option<String>,
    pub revisione: i64,
}

impl From<RelazioneRegistrata> for RelazioneDto {
    fn from(r: RelazioneRegistrata) -> Self {
        RelazioneDto {
            id: r.id.to_string(),
            anno: r.anno,
            stato: r.stato.come_testo().into(),
            atto_approvazione: r.atto_approvazione,
            approvata_il: gg(r.approvata_il),
            approvata_da: r.approvata_da,
            validata_il: gg(r.validata_il),
            validazione_testo: r.validazione_testo,
            validata_da: r.validata_da,
            revisione: r.revisione,
        }
    }
}

/// Un'osservazione del Nucleo/OIV.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OsservazioneDto {
    pub obiettivo: String,
    /// Posizione dell'indicatore nell'obiettivo (da 1), se l'osservazione è su un indicatore.
    pub indicatore: Option<usize>,
    pub testo: String,
    pub registrata_da: String,
    #[schema(format = DateTime)]
    pub registrata_il: String,
}

/// Un raggiungimento accertato accanto al dichiarato.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccertamentoDto {
    pub obiettivo: String,
    pub indicatore: Option<usize>,
    /// Raggiungimento dichiarato (%), stringa decimale.
    pub dichiarato: Option<String>,
    /// Raggiungimento accertato dal Nucleo/OIV (%), stringa decimale.
    pub accertato: String,
    pub motivo: String,
    /// Vale nei punteggi: la Relazione è validata.
    pub in_uso: bool,
    pub revisione: i64,
}

/// La proposta del Nucleo/OIV per la valutazione del direttore e la decisione del CdA.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PropostaDirettoreDto {
    pub punteggio: String,
    pub testo: String,
    pub proposta_da: String,
    pub decisione_atto: Option<String>,
    pub decisione_punteggio: Option<String>,
    pub decisione_il: Option<String>,
    pub revisione: i64,
}

impl From<PropostaDirettore> for PropostaDirettoreDto {
    fn from(p: PropostaDirettore) -> Self {
        PropostaDirettoreDto {
            punteggio: testo_decimale(p.punteggio),
            testo: p.testo,
            proposta_da: p.proposta_da,
            decisione_atto: p.decisione_atto,
            decisione_punteggio: p.decisione_punteggio.map(testo_decimale),
            decisione_il: gg(p.decisione_il),
            revisione: p.revisione,
        }
    }
}

/// Una ripartizione del fondo memorizzata, in breve.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RipartizioneDto {
    pub numero: i64,
    pub definitiva: bool,
    /// Importo del fondo, stringa decimale.
    pub fondo: String,
    pub distribuito: String,
    pub persone: usize,
}

/// La Relazione dell'anno con i fatti del Nucleo/OIV e le ripartizioni del fondo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VistaRelazioneDto {
    pub ente: String,
    pub anno: i32,
    /// Come l'ente chiama il suo organismo di valutazione.
    #[schema(example = "Nucleo di valutazione")]
    pub denominazione_oiv: String,
    pub relazione: Option<RelazioneDto>,
    pub osservazioni: Vec<OsservazioneDto>,
    pub accertamenti: Vec<AccertamentoDto>,
    pub proposta_direttore: Option<PropostaDirettoreDto>,
    pub ripartizioni: Vec<RipartizioneDto>,
}

/// La Relazione sulla performance dell'anno, le osservazioni e gli accertamenti del
/// Nucleo/OIV (accanto ai dichiarati), la proposta per il direttore, le ripartizioni del fondo.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/relazione",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "La Relazione dell'anno", body = VistaRelazioneDto), ErroriScrittura)
)]
pub async fn vista(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Json<VistaRelazioneDto>, ErroreApi> {
    let v = rel::mostra(&s.store, ctx.ctx(), anno).await?;
    Ok(Json(VistaRelazioneDto {
        ente: v.ente,
        anno: v.anno,
        denominazione_oiv: v.denominazione_oiv,
        relazione: v.relazione.map(Into::into),
        osservazioni: v
            .osservazioni
            .into_iter()
            .map(|o| OsservazioneDto {
                obiettivo: o.bersaglio.obiettivo,
                indicatore: o.bersaglio.indicatore,
                testo: o.testo,
                registrata_da: o.registrata_da,
                registrata_il: o.registrata_il.to_rfc3339(),
            })
            .collect(),
        accertamenti: v
            .accertamenti
            .into_iter()
            .map(|a| AccertamentoDto {
                obiettivo: a.bersaglio.obiettivo,
                indicatore: a.bersaglio.indicatore,
                dichiarato: a.dichiarato.map(testo_decimale),
                accertato: testo_decimale(a.accertato),
                motivo: a.motivo,
                in_uso: a.in_uso,
                revisione: a.revisione,
            })
            .collect(),
        proposta_direttore: v.proposta_direttore.map(Into::into),
        ripartizioni: v
            .ripartizioni
            .into_iter()
            .map(|r| RipartizioneDto {
                numero: r.numero,
                definitiva: r.definitiva,
                fondo: testo_decimale(r.fondo.valore()),
                distribuito: testo_decimale(r.distribuito.valore()),
                persone: r.persone,
            })
            .collect(),
    }))
}

/// Crea la Relazione dell'anno, in bozza (direttore, amministratore di sistema).
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/relazione",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    security(("bearerAuth" = [])),
    responses((status = 201, description = "Relazione creata in bozza", body = RelazioneDto), ErroriScrittura)
)]
pub async fn crea(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<(StatusCode, Json<RelazioneDto>), ErroreApi> {
    let r = rel::crea(&s.store, ctx.ctx(), anno).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

/// L'atto del CdA.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttoDto {
    /// «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>».
    #[schema(example = "deliberazione CdA n. 12 del 28/05/2024")]
    pub atto: String,
}

/// Registra l'approvazione della Relazione da parte del CdA, con il suo atto.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/relazione/approvazione",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = AttoDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Relazione approvata", body = RelazioneDto), ErroriScrittura)
)]
pub async fn approva(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<AttoDto>,
) -> Result<Json<RelazioneDto>, ErroreApi> {
    let r = rel::approva(&s.store, ctx.ctx(), anno, &c.atto).await?;
    Ok(Json(r.into()))
}

/// La validazione del Nucleo/OIV.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidazioneDto {
    /// Data della validazione (gg/mm/aaaa).
    #[schema(example = "30/06/2024")]
    pub data: String,
    pub testo: String,
}

/// La validazione della Relazione da parte del Nucleo/OIV: da qui voti, prese visione,
/// ripartizioni del fondo e fatti del Nucleo/OIV dell'anno sono congelati.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/relazione/validazione",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = ValidazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Relazione validata", body = RelazioneDto), ErroriScrittura)
)]
pub async fn valida(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<ValidazioneDto>,
) -> Result<Json<RelazioneDto>, ErroreApi> {
    let data = NaiveDate::parse_from_str(c.data.trim(), "%d/%m/%Y")
        .map_err(|_| Errore::NonValido(format!("data «{}»: attesa una data gg/mm/aaaa", c.data)))?;
    let r = rel::valida(&s.store, ctx.ctx(), anno, data, &c.testo).await?;
    Ok(Json(r.into()))
}

/// La decisione del CdA sulla valutazione del direttore.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisioneDirettoreDto {
    #[schema(example = "deliberazione CdA n. 20 del 15/07/2024")]
    pub atto: String,
    /// Punteggio deciso (%), stringa decimale; assente: quello proposto.
    pub punteggio: Option<String>,
}

/// Registra la decisione del CdA sulla valutazione del direttore proposta dal Nucleo/OIV.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/relazione/decisione-direttore",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = DecisioneDirettoreDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Decisione registrata", body = PropostaDirettoreDto), ErroriScrittura)
)]
pub async fn decidi_direttore(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<DecisioneDirettoreDto>,
) -> Result<Json<PropostaDirettoreDto>, ErroreApi> {
    let punteggio = c
        .punteggio
        .as_deref()
        .map(|p| decimale("punteggio", p))
        .transpose()?;
    let p = rel::decidi_direttore(&s.store, ctx.ctx(), anno, &c.atto, punteggio).await?;
    Ok(Json(p.into()))
}

/// Un'osservazione del Nucleo/OIV.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NuovaOsservazioneDto {
    #[schema(example = "D2")]
    pub obiettivo: String,
    /// Posizione dell'indicatore nell'obiettivo (da 1).
    pub indicatore: Option<usize>,
    pub testo: String,
}

/// L'id del fatto creato.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatoDto {
    pub id: String,
}

/// Il Nucleo/OIV registra un'osservazione su un obiettivo o un suo indicatore.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/oiv/osservazioni",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = NuovaOsservazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 201, description = "Osservazione registrata", body = CreatoDto), ErroriScrittura)
)]
pub async fn osserva(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<NuovaOsservazioneDto>,
) -> Result<(StatusCode, Json<CreatoDto>), ErroreApi> {
    let b = Bersaglio {
        obiettivo: c.obiettivo,
        indicatore: c.indicatore,
    };
    let id = rel::osserva(&s.store, ctx.ctx(), anno, &b, &c.testo).await?;
    Ok((StatusCode::CREATED, Json(CreatoDto { id: id.to_string() })))
}

/// Un raggiungimento accertato.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccertaDto {
    #[schema(example = "D1")]
    pub obiettivo: String,
    pub indicatore: Option<usize>,
    /// Raggiungimento accertato (%), stringa decimale.
    #[schema(example = "50")]
    pub raggiungimento: String,
    pub motivo: String,
}

/// Il Nucleo/OIV accerta il raggiungimento di un obiettivo o di un indicatore (accanto al
/// dichiarato; vale nei punteggi dalla validazione).
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/cicli/{anno}/oiv/accertamenti",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = AccertaDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Accertamento registrato", body = FattoDto), ErroriScrittura)
)]
pub async fn accerta(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<AccertaDto>,
) -> Result<Json<FattoDto>, ErroreApi> {
    let v = decimale("raggiungimento", &c.raggiungimento)?;
    let b = Bersaglio {
        obiettivo: c.obiettivo,
        indicatore: c.indicatore,
    };
    let e = rel::accerta(&s.store, ctx.ctx(), anno, &b, v, &c.motivo).await?;
    Ok(Json(e.into()))
}

/// La proposta per la valutazione del direttore.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PropostaDto {
    /// Punteggio proposto (%), stringa decimale.
    #[schema(example = "85")]
    pub punteggio: String,
    pub testo: String,
}

/// Il Nucleo/OIV propone la valutazione del direttore.
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/cicli/{anno}/oiv/proposta-direttore",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = PropostaDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Proposta registrata", body = FattoDto), ErroriScrittura)
)]
pub async fn proponi_direttore(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<PropostaDto>,
) -> Result<Json<FattoDto>, ErroreApi> {
    let v = decimale("punteggio", &c.punteggio)?;
    let e = rel::proponi_direttore(&s.store, ctx.ctx(), anno, v, &c.testo).await?;
    Ok(Json(e.into()))
}

/// Una ripartizione del fondo da calcolare e memorizzare.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NuovaRipartizioneDto {
    /// Importo del fondo, stringa decimale.
    #[schema(example = "100000")]
    pub fondo: String,
    /// Checkpoint (codice o gg/mm/aaaa); assente: la verifica finale.
    pub checkpoint: Option<String>,
    /// Definitiva: solo dopo la validazione della Relazione.
    #[serde(default)]
    pub definitiva: bool,
}

/// Ripartisce il fondo con i punteggi di oggi e memorizza la ripartizione (ufficio personale):
/// in bozza quando si vuole, definitiva solo dopo la validazione della Relazione.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/fondo/ripartizioni",
    tag = "relazione",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    request_body = NuovaRipartizioneDto,
    security(("bearerAuth" = [])),
    responses((status = 201, description = "Ripartizione memorizzata", body = RipartizioneDto), ErroriScrittura)
)]
pub async fn ripartisci(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Corpo(c): Corpo<NuovaRipartizioneDto>,
) -> Result<(StatusCode, Json<RipartizioneDto>), ErroreApi> {
    let fondo = Importo::interpreta(&c.fondo).map_err(Errore::NonValido)?;
    let (x, _) = rel::ripartisci_e_memorizza(
        &s.store,
        ctx.ctx(),
        anno,
        fondo,
        c.checkpoint.as_deref(),
        c.definitiva,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(RipartizioneDto {
            numero: x.numero,
            definitiva: x.definitiva,
            fondo: testo_decimale(x.fondo.valore()),
            distribuito: testo_decimale(x.distribuito.valore()),
            persone: x.righe.len(),
        }),
    ))
}
