//! PEG finanziario: totali a uno o più livelli e versioni importate.

use super::dto::{
    CompetenzaCassaDto, TotaleDto, TotaleGeneraleDto, TotaliBilancioDto, VersioneBilancioDto, euro,
};
use super::{Anno, Pagina, Paginazione, Parametri, Percorso};
use crate::autenticazione::NellEnte;
use crate::errore::{ErroreApi, ErroriComuni};
use crate::stato::AppState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use traguardo_app::{Errore, bilancio};
use traguardo_domain::bilancio::{Lato, Livello};
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParametriTotali {
    /// Livelli separati da virgola, dal più esterno: uo, missione, programma, titolo,
    /// tipologia, totale (predefinito: uo).
    #[param(
        example = "uo,titolo",
        pattern = "^(uo|missione|programma|titolo|tipologia|totale)(,(uo|missione|programma|titolo|tipologia|totale))*$"
    )]
    pub per: Option<String>,
    /// `entrate` o `spese` (predefinito: entrambi).
    #[param(pattern = "^(entrate|spese)$")]
    pub lato: Option<String>,
    /// Versione del bilancio (predefinita: la corrente).
    pub versione: Option<i32>,
}

fn livello(codice: &str) -> Result<Livello, Errore> {
    Ok(match codice.trim() {
        "uo" => Livello::Uo,
        "missione" => Livello::Missione,
        "programma" => Livello::Programma,
        "titolo" => Livello::Titolo,
        "tipologia" => Livello::Tipologia,
        "totale" => Livello::Totale,
        altro => {
            return Err(Errore::NonValido(format!(
                "livello «{altro}» non valido: uo, missione, programma, titolo, tipologia, totale"
            )));
        }
    })
}

/// Totali del bilancio, anche annidati (`?per=uo,titolo&lato=spese`).
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/bilanci/{anno}/totali",
    tag = "bilancio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Esercizio", example = 2026),
        ParametriTotali,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Totali del bilancio", body = TotaliBilancioDto), ErroriComuni)
)]
pub async fn totali(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(q): Parametri<ParametriTotali>,
) -> Result<Json<TotaliBilancioDto>, ErroreApi> {
    let per = q.per.as_deref().unwrap_or("uo");
    let livelli = per.split(',').map(livello).collect::<Result<Vec<_>, _>>()?;
    let lato =
        match q.lato.as_deref() {
            None => None,
            Some(l) => Some(Lato::da_codice(l).ok_or_else(|| {
                Errore::NonValido(format!("lato «{l}» non valido: entrate o spese"))
            })?),
        };
    let t = s
        .bilanci
        .totali(&s.store, ctx.ctx(), anno, q.versione, &livelli, lato)
        .await?;
    let (ec, ecassa) = t.entrate;
    let (sc, scassa) = t.spese;
    Ok(Json(TotaliBilancioDto {
        esercizio: t.esercizio,
        livelli: per.split(',').map(|l| l.trim().to_string()).collect(),
        totali: t.totali.iter().map(TotaleDto::from).collect(),
        totale_generale: TotaleGeneraleDto {
            entrate: CompetenzaCassaDto {
                competenza: euro(ec),
                cassa: euro(ecassa),
            },
            spese: CompetenzaCassaDto {
                competenza: euro(sc),
                cassa: euro(scassa),
            },
        },
    }))
}

/// Le versioni importate del bilancio di un esercizio.
#[utoipa::path(
    get,
    path = "/api/v1/enti/{ente}/bilanci/{anno}/versioni",
    tag = "bilancio",
    params(
        ("ente" = String, Path, description = "Codice dell'ente", example = "INRETE"),
        ("anno" = i32, Path, description = "Esercizio", example = 2026),
        Paginazione,
    ),
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Versioni del bilancio", body = Pagina<VersioneBilancioDto>), ErroriComuni)
)]
pub async fn versioni(
    State(s): State<AppState>,
    ctx: NellEnte,
    Percorso(Anno { anno }): Percorso<Anno>,
    Parametri(pag): Parametri<Paginazione>,
) -> Result<Json<Pagina<VersioneBilancioDto>>, ErroreApi> {
    let v = bilancio::versioni(&s.store, ctx.ctx(), anno).await?;
    Ok(Json(pag.applica(&v, VersioneBilancioDto::from)?))
}
