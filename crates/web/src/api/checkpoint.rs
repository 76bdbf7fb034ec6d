//! La vita dei checkpoint (trasmissione con sigillo, chiusura, riapertura, data di redazione,
//! confronto con ciò che è stato trasmesso) e le dilazioni: l'elenco con l'esito e chi decide,
//! e il saldo con un atto di tutte quelle in attesa a un checkpoint. Chiama solo
//! `traguardo_app::checkpoint`.

use super::comandi::{Corpo, ErroriScrittura};
use super::{Anno, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use traguardo_app::Errore;
use traguardo_app::checkpoint as k;
use traguardo_domain::id::IdDilazione;
use utoipa::ToSchema;

/// Anno e checkpoint nel percorso.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnoCheckpoint {
    pub anno: i32,
    pub checkpoint: String,
}

/// Un checkpoint con il suo stato.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckpointStatoDto {
    pub id: String,
    pub codice: String,
    /// Data di riferimento, gg/mm/aaaa.
    pub data: String,
    pub etichetta: String,
    pub finale: bool,
    /// `aperto`, `trasmesso`, `chiuso`.
    pub stato: String,
    /// Data di redazione, gg/mm/aaaa.
    pub data_redazione: Option<String>,
    pub trasmesso_il: Option<String>,
    pub trasmesso_da: Option<String>,
    pub chiuso_il: Option<String>,
    pub chiuso_da: Option<String>,
    /// Quanti sigilli (trasmissioni) ha.
    pub sigilli: usize,
    pub revisione: i64,
}

impl From<k::VistaStatoCheckpoint> for CheckpointStatoDto {
    fn from(v: k::VistaStatoCheckpoint) -> Self {
        CheckpointStatoDto {
            id: v.id,
            codice: v.codice,
            data: v.data,
            etichetta: v.etichetta,
            finale: v.finale,
            stato: v.stato.codice().into(),
            data_redazione: v.data_redazione,
            trasmesso_il: v.trasmesso_il,
            trasmesso_da: v.trasmesso_da,
            chiuso_il: v.chiuso_il,
            chiuso_da: v.chiuso_da,
            sigilli: v.sigilli,
            revisione: v.revisione,
        }
    }
}

/// La data di redazione (facoltativa alla trasmissione e alla chiusura).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DataRedazioneDto {
    /// aaaa-mm-gg.
    #[schema(example = "2024-02-20")]
    pub data_redazione: Option<String>,
}

impl DataRedazioneDto {
    fn data(&self) -> Result<Option<chrono::NaiveDate>, Errore> {
        self.data_redazione
            .as_deref()
            .map(|d| {
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    Errore::NonValido(format!(
                        "data_redazione: «{d}» non è una data aaaa-mm-gg valida"
                    ))
                })
            })
            .transpose()
    }
}

/// Esito di un cambio di stato del checkpoint.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EsitoCheckpointDto {
    pub checkpoint: String,
    pub stato: String,
    pub revisione: i64,
    /// Numero del sigillo scritto (alla trasmissione).
    pub sigillo: Option<i64>,
    /// Impronta SHA-256 del contenuto sigillato.
    pub impronta: Option<String>,
}

impl From<k::EsitoCheckpoint> for EsitoCheckpointDto {
    fn from(e: k::EsitoCheckpoint) -> Self {
        EsitoCheckpointDto {
            checkpoint: e.checkpoint,
            stato: e.stato.codice().into(),
            revisione: e.revisione,
            sigillo: e.sigillo.as_ref().map(|s| s.0),
            impronta: e.sigillo.map(|s| s.1),
        }
    }
}

/// Una voce del confronto tra ciò che è stato trasmesso e ciò che c'è ora.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VoceConfrontoDto {
    /// `stato`, `valore`, `relazione`, `causa`, `dilazione`.
    pub tipo: String,
    /// Id dello step, dell'indicatore, dell'obiettivo o della dilazione.
    pub id: String,
    pub obiettivo: String,
    pub posizione: Option<u32>,
    pub inviato: Option<String>,
    pub attuale: Option<String>,
    /// `invariato`, `variato dopo la trasmissione`, `aggiunto dopo la trasmissione`,
    /// `tolto dopo la trasmissione`.
    pub esito: String,
    pub variato: bool,
}

/// Il confronto tra l'ultimo sigillo del checkpoint e i suoi fatti di ora.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConfrontoDto {
    pub checkpoint: String,
    pub stato: String,
    pub sigillo: i64,
    pub sigillato_il: String,
    pub sigillato_da: String,
    pub data_redazione: Option<String>,
    pub impronta: String,
    pub impronta_verificata: bool,
    pub variate: usize,
    pub voci: Vec<VoceConfrontoDto>,
}

/// Una dilazione del ciclo con il suo esito e chi la decide.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DilazioneDto {
    pub id: String,
    pub obiettivo: String,
    pub step: u32,
    pub checkpoint: String,
    pub scadenza_proposta: String,
    /// `in_attesa`, `concessa`, `respinta`.
    pub esito: String,
    /// `richiesta, in attesa di atto`, `concessa`, `respinta`.
    pub esito_etichetta: String,
    pub atto: Option<String>,
    pub data_esito: Option<String>,
    pub motivo: String,
    pub del_direttore: bool,
    /// `CdA (con atto)` o `direttore`.
    pub decide: String,
}

/// Un atto che decide le dilazioni in attesa di un checkpoint.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaldoDto {
    /// `<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>`; del CdA per gli obiettivi del direttore.
    #[schema(example = "deliberazione CdA n. 5 del 20/02/2024")]
    pub atto: String,
    pub concessa: bool,
    /// Solo queste dilazioni (id); assente: tutte quelle in attesa al checkpoint.
    pub solo: Option<Vec<String>>,
}

/// Le dilazioni decise dall'atto.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EsitoSaldoDto {
    pub atto: String,
    pub atto_id: String,
    pub concessa: bool,
    /// Id delle dilazioni decise.
    pub dilazioni: Vec<String>,
}

/// I checkpoint del ciclo con il loro stato.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint",
    tag = "checkpoint",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Checkpoint con lo stato", body = [CheckpointStatoDto]), ErroriComuni)
)]
pub async fn elenco(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Json<Vec<CheckpointStatoDto>>, ErroreApi> {
    let v = k::elenco(&s.store, ctx.ctx(), anno).await?;
    Ok(Json(v.into_iter().map(Into::into).collect()))
}

/// Trasmette il checkpoint (aperto → trasmesso) e sigilla ciò che viene inviato.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/trasmissione",
    tag = "checkpoint",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("checkpoint" = String, Path, description = "Codice o data (aaaa-mm-gg) del checkpoint", example = "2023-12-31"),
    ),
    request_body = DataRedazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Checkpoint trasmesso e sigillato", body = EsitoCheckpointDto), ErroriScrittura)
)]
pub async fn trasmetti(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoCheckpoint { anno, checkpoint }): Percorso<AnnoCheckpoint>,
    Corpo(corpo): Corpo<DataRedazioneDto>,
) -> Result<Json<EsitoCheckpointDto>, ErroreApi> {
    let e = k::trasmetti(&s.store, ctx.ctx(), anno, &checkpoint, corpo.data()?).await?;
    Ok(Json(e.into()))
}

/// Chiude il checkpoint trasmesso: i suoi fatti non si modificano più.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/chiusura",
    tag = "checkpoint",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("checkpoint" = String, Path, description = "Codice o data (aaaa-mm-gg) del checkpoint", example = "2023-12-31"),
    ),
    request_body = DataRedazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Checkpoint chiuso", body = EsitoCheckpointDto), ErroriScrittura)
)]
pub async fn chiudi(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoCheckpoint { anno, checkpoint }): Percorso<AnnoCheckpoint>,
    Corpo(corpo): Corpo<DataRedazioneDto>,
) -> Result<Json<EsitoCheckpointDto>, ErroreApi> {
    let e = k::chiudi(&s.store, ctx.ctx(), anno, &checkpoint, corpo.data()?).await?;
    Ok(Json(e.into()))
}

/// Riapre un checkpoint trasmesso (il sigillo resta); un checkpoint chiuso non si riapre.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/riapertura",
    tag = "checkpoint",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("checkpoint" = String, Path, description = "Codice o data (aaaa-mm-gg) del checkpoint", example = "2023-12-31"),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Checkpoint riaperto", body = EsitoCheckpointDto), ErroriScrittura)
)]
pub async fn riapri(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoCheckpoint { anno, checkpoint }): Percorso<AnnoCheckpoint>,
) -> Result<Json<EsitoCheckpointDto>, ErroreApi> {
    let e = k::riapri(&s.store, ctx.ctx(), anno, &checkpoint).await?;
    Ok(Json(e.into()))
}

/// Imposta la data di redazione del checkpoint (non di uno chiuso).
#[utoipa::path(
    put,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/data-redazione",
    tag = "checkpoint",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("checkpoint" = String, Path, description = "Codice o data (aaaa-mm-gg) del checkpoint", example = "2023-12-31"),
    ),
    request_body = DataRedazioneDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Data di redazione impostata", body = EsitoCheckpointDto), ErroriScrittura)
)]
pub async fn data_redazione(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoCheckpoint { anno, checkpoint }): Percorso<AnnoCheckpoint>,
    Corpo(corpo): Corpo<DataRedazioneDto>,
) -> Result<Json<EsitoCheckpointDto>, ErroreApi> {
    let d = corpo
        .data()?
        .ok_or_else(|| Errore::NonValido("data_redazione: obbligatoria (aaaa-mm-gg)".into()))?;
    let e = k::imposta_data_redazione(&s.store, ctx.ctx(), anno, &checkpoint, d).await?;
    Ok(Json(e.into()))
}

/// Ciò che è stato trasmesso (l'ultimo sigillo) contro i fatti di ora.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/confronto",
    tag = "checkpoint",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("checkpoint" = String, Path, description = "Codice o data (aaaa-mm-gg) del checkpoint", example = "2023-12-31"),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Confronto con il sigillo", body = ConfrontoDto), ErroriComuni)
)]
pub async fn confronto(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoCheckpoint { anno, checkpoint }): Percorso<AnnoCheckpoint>,
) -> Result<Json<ConfrontoDto>, ErroreApi> {
    let c = k::confronto(&s.store, ctx.ctx(), anno, &checkpoint).await?;
    Ok(Json(ConfrontoDto {
        checkpoint: c.checkpoint,
        stato: c.stato.codice().into(),
        sigillo: c.sigillo_numero,
        sigillato_il: c.sigillato_il,
        sigillato_da: c.sigillato_da,
        data_redazione: c.data_redazione,
        impronta: c.impronta,
        impronta_verificata: c.impronta_verificata,
        variate: c.variate,
        voci: c
            .voci
            .into_iter()
            .map(|v| VoceConfrontoDto {
                tipo: v.tipo,
                id: v.id,
                obiettivo: v.obiettivo,
                posizione: v.posizione,
                inviato: v.inviato,
                attuale: v.attuale,
                esito: v.esito,
                variato: v.variato,
            })
            .collect(),
    }))
}

/// Le dilazioni del ciclo: esito («richiesta, in attesa di atto» finché non è decisa) e chi
/// decide.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/cicli/{anno}/dilazioni",
    tag = "checkpoint",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Dilazioni del ciclo", body = [DilazioneDto]), ErroriComuni)
)]
pub async fn dilazioni(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
) -> Result<Json<Vec<DilazioneDto>>, ErroreApi> {
    let v = k::elenco_dilazioni(&s.store, ctx.ctx(), anno).await?;
    Ok(Json(
        v.into_iter()
            .map(|d| DilazioneDto {
                id: d.id,
                obiettivo: d.obiettivo,
                step: d.step,
                checkpoint: d.checkpoint,
                scadenza_proposta: d.scadenza_proposta,
                esito: match d.esito {
                    traguardo_domain::piano::EsitoDilazione::InAttesa => "in_attesa",
                    traguardo_domain::piano::EsitoDilazione::Concessa => "concessa",
                    traguardo_domain::piano::EsitoDilazione::Respinta => "respinta",
                }
                .into(),
                esito_etichetta: d.esito_etichetta,
                atto: d.atto,
                data_esito: d.data_esito,
                motivo: d.motivo,
                del_direttore: d.del_direttore,
                decide: d.decide,
            })
            .collect(),
    ))
}

/// Un atto decide tutte le dilazioni in attesa chieste al checkpoint (o solo quelle indicate):
/// tutte o nessuna. Per gli obiettivi del direttore serve un atto del CdA, e il direttore non le
/// decide mai.
#[utoipa::path(
    post,
    path = "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/dilazioni/saldo",
    tag = "checkpoint",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "CISSA"),
        ("anno" = i32, Path, description = "Anno di inizio del ciclo", example = 2023),
        ("checkpoint" = String, Path, description = "Codice o data (aaaa-mm-gg) del checkpoint", example = "2023-08-31"),
    ),
    request_body = SaldoDto,
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Dilazioni decise dall'atto", body = EsitoSaldoDto), ErroriScrittura)
)]
pub async fn salda(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(AnnoCheckpoint { anno, checkpoint }): Percorso<AnnoCheckpoint>,
    Corpo(corpo): Corpo<SaldoDto>,
) -> Result<Json<EsitoSaldoDto>, ErroreApi> {
    let solo = corpo
        .solo
        .as_ref()
        .map(|v| {
            v.iter()
                .map(|x| {
                    uuid::Uuid::parse_str(x).map(IdDilazione).map_err(|_| {
                        Errore::NonValido(format!("solo: «{x}» non è l'id di una dilazione"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let e = k::salda_dilazioni(
        &s.store,
        ctx.ctx(),
        anno,
        &checkpoint,
        &corpo.atto,
        corpo.concessa,
        solo.as_deref(),
    )
    .await?;
    Ok(Json(EsitoSaldoDto {
        atto: e.atto,
        atto_id: e.atto_id,
        concessa: e.concessa,
        dilazioni: e.decise.into_iter().map(|d| d.0).collect(),
    }))
}
