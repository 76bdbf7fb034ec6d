//! Le rotte di `/api/v1`, un modulo per area, e il documento OpenAPI che le descrive.

pub mod bilancio;
pub mod checkpoint;
pub mod ciclo;
pub mod comandi;
pub mod comandi_valutazione;
pub mod dto;
pub mod dto_comandi;
pub mod enti;
pub mod generale;
pub mod organizzazione;
pub mod piani;
pub mod relazione;
pub mod scritture_monitoraggio;
pub mod scritture_piano;
pub mod valutazione;
pub mod versioni;

use crate::errore::{ErroreApi, Problema};
use crate::stato::AppState;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::request::Parts;
use axum::routing::{get, post, put};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

/// Parametri del percorso; se non si interpretano la risposta è un 400 in problem+json.
pub struct Percorso<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Percorso<T> {
    type Rejection = ErroreApi;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, ErroreApi> {
        match axum::extract::Path::<T>::from_request_parts(parts, s).await {
            Ok(p) => Ok(Percorso(p.0)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                Err(ErroreApi::RichiestaNonValida(match e.into_kind() {
                    ErrorKind::ParseErrorAtKey {
                        key,
                        value,
                        expected_type,
                    } => format!(
                        "parametro «{key}» del percorso non valido: «{value}» non è {}",
                        tipo_atteso(expected_type)
                    ),
                    ErrorKind::ParseErrorAtIndex {
                        value,
                        expected_type,
                        ..
                    } => format!(
                        "parametro del percorso non valido: «{value}» non è {}",
                        tipo_atteso(expected_type)
                    ),
                    altro => format!("parametri del percorso non validi ({altro})"),
                }))
            }
            Err(e) => Err(ErroreApi::RichiestaNonValida(format!(
                "parametri del percorso non validi ({})",
                e.body_text()
            ))),
        }
    }
}

fn tipo_atteso(t: &str) -> &'static str {
    match t {
        "i32" | "i64" | "u32" | "u64" | "usize" => "un numero intero nei limiti ammessi",
        _ => "del tipo atteso",
    }
}

/// L'anno di un percorso `/enti/{ente}/…/{anno}` (l'ente viene dal contesto).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Anno {
    pub anno: i32,
}

/// Parametri della query; se non si interpretano la risposta è un 400 in problem+json.
pub struct Parametri<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Parametri<T> {
    type Rejection = ErroreApi;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, ErroreApi> {
        axum::extract::Query::<T>::from_request_parts(parts, s)
            .await
            .map(|q| Parametri(q.0))
            .map_err(|e: QueryRejection| {
                let dettaglio = match &e {
                    QueryRejection::FailedToDeserializeQueryString(x) => x
                        .body_text()
                        .trim_start_matches("Failed to deserialize query string: ")
                        .to_string(),
                    altro => altro.body_text(),
                };
                ErroreApi::RichiestaNonValida(format!(
                    "parametri della richiesta non validi: {dettaglio}"
                ))
            })
    }
}

/// Massimo di elementi per pagina.
pub const MAX_PER_PAGINA: u32 = 500;
/// Elementi per pagina se non indicato.
pub const PER_PAGINA: u32 = 50;

/// Paginazione comune a tutti gli elenchi: `?pagina=1&per_pagina=50`.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paginazione {
    /// Pagina da restituire, da 1 (predefinita 1).
    #[param(minimum = 1, maximum = 1000000)]
    pub pagina: Option<u32>,
    /// Elementi per pagina, da 1 a 500 (predefinito 50).
    #[param(minimum = 1, maximum = 500)]
    pub per_pagina: Option<u32>,
}

/// Una pagina di un elenco, con il numero totale di elementi.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pagina<T: ToSchema> {
    pub elementi: Vec<T>,
    /// Numero della pagina, da 1.
    pub pagina: u32,
    pub per_pagina: u32,
    /// Elementi in tutto l'elenco.
    pub totale: u64,
}

impl Paginazione {
    /// La pagina richiesta di `tutti`, convertiti nel tipo del filo.
    pub fn applica<'a, A, T: ToSchema>(
        self,
        tutti: &'a [A],
        converti: impl Fn(&'a A) -> T,
    ) -> Result<Pagina<T>, ErroreApi> {
        let pagina = self.pagina.unwrap_or(1);
        let per_pagina = self.per_pagina.unwrap_or(PER_PAGINA);
        if !(1..=1_000_000).contains(&pagina) {
            return Err(ErroreApi::RichiestaNonValida(format!(
                "pagina {pagina} non valida: da 1 a 1000000"
            )));
        }
        if !(1..=MAX_PER_PAGINA).contains(&per_pagina) {
            return Err(ErroreApi::RichiestaNonValida(format!(
                "per_pagina {per_pagina} non valido: da 1 a {MAX_PER_PAGINA}"
            )));
        }
        let inizio = (pagina as usize - 1).saturating_mul(per_pagina as usize);
        Ok(Pagina {
            elementi: tutti
                .iter()
                .skip(inizio)
                .take(per_pagina as usize)
                .map(converti)
                .collect(),
            pagina,
            per_pagina,
            totale: tutti.len() as u64,
        })
    }
}

/// Lo schema di sicurezza `bearerAuth`: token personale nell'intestazione `Authorization`.
struct SicurezzaBearer;

impl Modify for SicurezzaBearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearerAuth",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "Token personale (`traguardo token create LOGIN`), nell'intestazione \
                         `Authorization: Bearer <token>`.",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Traguardo",
        description = "API del ciclo della performance degli enti pubblici: piani, PEG, \
                       monitoraggio, valutazione. Gli errori sono `application/problem+json` \
                       (RFC 9457) con il messaggio in italiano e i codici dei rilievi; gli \
                       elenchi sono paginati (`?pagina=&per_pagina=`). Importi e percentuali \
                       sono stringhe decimali esatte.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    paths(
        generale::indice,
        generale::salute,
        generale::openapi,
        enti::enti,
        enti::cicli,
        ciclo::crea_ciclo,
        ciclo::cartella,
        piani::piano,
        piani::rilievi,
        piani::pesi,
        piani::scheda,
        valutazione::valutazione,
        valutazione::scostamenti,
        valutazione::tempestivita,
        valutazione::monitoraggio,
        valutazione::regole,
        bilancio::totali,
        bilancio::versioni,
        scritture_piano::crea_obiettivo,
        scritture_piano::modifica_obiettivo,
        scritture_piano::elimina_obiettivo,
        scritture_piano::aggiungi_step,
        scritture_piano::modifica_step,
        scritture_piano::elimina_step,
        scritture_piano::sposta_step,
        scritture_piano::imposta_pesi,
        scritture_piano::aggiungi_indicatore,
        scritture_piano::modifica_indicatore,
        scritture_piano::elimina_indicatore,
        scritture_piano::sposta_indicatore,
        scritture_monitoraggio::registra_stato,
        scritture_monitoraggio::registra_valore,
        scritture_monitoraggio::registra_causa,
        scritture_monitoraggio::richiedi_dilazione,
        scritture_monitoraggio::decidi_dilazione,
        checkpoint::elenco,
        checkpoint::trasmetti,
        checkpoint::chiudi,
        checkpoint::riapri,
        checkpoint::data_redazione,
        checkpoint::confronto,
        checkpoint::dilazioni,
        checkpoint::salda,
        comandi_valutazione::voto,
        comandi_valutazione::presa_visione,
        comandi_valutazione::assegna,
        comandi_valutazione::rimuovi_assegnazione,
        comandi_valutazione::collega,
        comandi_valutazione::scollega,
        organizzazione::organizzazione,
        organizzazione::matrice,
        organizzazione::modifica,
        organizzazione::importa_presenze,
        relazione::vista,
        relazione::crea,
        relazione::approva,
        relazione::valida,
        relazione::decidi_direttore,
        relazione::osserva,
        relazione::accerta,
        relazione::proponi_direttore,
        relazione::ripartisci,
        versioni::versioni,
        versioni::versione,
        versioni::diff,
        versioni::proponi,
        versioni::approva,
        versioni::varia,
        versioni::errata,
    ),
    components(schemas(Problema)),
    modifiers(&SicurezzaBearer),
    tags(
        (name = "generale", description = "Indice, salute e documento OpenAPI: leggibili senza accesso"),
        (name = "enti", description = "Enti e cicli"),
        (name = "piani", description = "Piano, rilievi e pesi"),
        (name = "valutazione", description = "Punteggi, scostamenti, tempestività, monitoraggio, regole SMVP"),
        (name = "bilancio", description = "PEG finanziario: totali e versioni"),
        (name = "comandi del piano", description = "Obiettivi, step, indicatori e pesi: revisione in `If-Match`, nuova revisione in `ETag`, `Idempotency-Key` per le creazioni"),
        (name = "organizzazione", description = "Organizzazione a una data (CdR, responsabili, persone) e matrice persone × obiettivi"),
        (name = "comandi del monitoraggio", description = "Stati, valori, cause degli scostamenti, dilazioni: un fatto alla volta, indicato per id"),
        (name = "checkpoint", description = "Vita dei checkpoint (aperto → trasmesso con sigillo → chiuso), confronto con ciò che è stato trasmesso, dilazioni decise con un atto"),
        (name = "relazione", description = "Relazione sulla performance (bozza → approvata dal CdA → validata dal Nucleo/OIV), osservazioni e accertamenti del Nucleo/OIV, proposta per il direttore, ripartizione del fondo memorizzata"),
    )
)]
pub struct ApiDoc;

/// Il documento OpenAPI 3.1 dell'API.
pub fn documento() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// Le rotte dell'API (senza gli strati: vedi `startup::router`).
pub fn rotte() -> Router<AppState> {
    Router::new()
        .route("/", get(generale::indice))
        .route("/health", get(generale::salute))
        .route("/api/v1/openapi.json", get(generale::openapi))
        .route("/api/v1/enti", get(enti::enti))
        .route(
            "/api/v1/enti/{ente}/cicli",
            get(enti::cicli).post(ciclo::crea_ciclo),
        )
        .route("/api/v1/enti/{ente}/piani/{anno}", get(piani::piano))
        .route(
            "/api/v1/enti/{ente}/piani/{anno}/cartella",
            get(ciclo::cartella),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/rilievi",
            get(piani::rilievi),
        )
        .route("/api/v1/enti/{ente}/cicli/{anno}/pesi", get(piani::pesi))
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi",
            post(scritture_piano::crea_obiettivo),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}",
            get(piani::scheda)
                .patch(scritture_piano::modifica_obiettivo)
                .delete(scritture_piano::elimina_obiettivo),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/step",
            post(scritture_piano::aggiungi_step),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/step/{id}",
            axum::routing::patch(scritture_piano::modifica_step)
                .delete(scritture_piano::elimina_step),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/step/{id}/sposta",
            post(scritture_piano::sposta_step),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/pesi",
            put(scritture_piano::imposta_pesi),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/indicatori",
            post(scritture_piano::aggiungi_indicatore),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/indicatori/{id}",
            axum::routing::patch(scritture_piano::modifica_indicatore)
                .delete(scritture_piano::elimina_indicatore),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/obiettivi/{codice}/indicatori/{id}/sposta",
            post(scritture_piano::sposta_indicatore),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/stati/{id}",
            put(scritture_monitoraggio::registra_stato),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/valori/{id}",
            put(scritture_monitoraggio::registra_valore),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/cause/{id}",
            put(scritture_monitoraggio::registra_causa),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/dilazioni",
            post(scritture_monitoraggio::richiedi_dilazione).get(checkpoint::dilazioni),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint",
            get(checkpoint::elenco),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/trasmissione",
            post(checkpoint::trasmetti),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/chiusura",
            post(checkpoint::chiudi),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/riapertura",
            post(checkpoint::riapri),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/data-redazione",
            put(checkpoint::data_redazione),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/confronto",
            get(checkpoint::confronto),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/checkpoint/{checkpoint}/dilazioni/saldo",
            post(checkpoint::salda),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/dilazioni/{id}/decisione",
            post(scritture_monitoraggio::decidi_dilazione),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/valutazione",
            get(valutazione::valutazione),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/scostamenti",
            get(valutazione::scostamenti),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/tempestivita",
            get(valutazione::tempestivita),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/monitoraggio",
            get(valutazione::monitoraggio),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/regole",
            get(valutazione::regole),
        )
        .route(
            "/api/v1/enti/{ente}/bilanci/{anno}/totali",
            get(bilancio::totali),
        )
        .route(
            "/api/v1/enti/{ente}/bilanci/{anno}/versioni",
            get(bilancio::versioni),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/persone/{persona}/voti/{comportamento}",
            put(comandi_valutazione::voto),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/persone/{persona}/presa-visione",
            post(comandi_valutazione::presa_visione),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/assegnazioni",
            post(comandi_valutazione::assegna).delete(comandi_valutazione::rimuovi_assegnazione),
        )
        .route(
            "/api/v1/enti/{ente}/bilanci/{anno}/collegamenti",
            post(comandi_valutazione::collega).delete(comandi_valutazione::scollega),
        )
        .route(
            "/api/v1/enti/{ente}/organizzazione",
            get(organizzazione::organizzazione),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/matrice",
            get(organizzazione::matrice),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/organizzazione",
            post(organizzazione::modifica),
        )
        .route(
            "/api/v1/enti/{ente}/presenze/{anno}",
            put(organizzazione::importa_presenze),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/relazione",
            get(relazione::vista).post(relazione::crea),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/relazione/approvazione",
            post(relazione::approva),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/relazione/validazione",
            post(relazione::valida),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/relazione/decisione-direttore",
            post(relazione::decidi_direttore),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/oiv/osservazioni",
            post(relazione::osserva),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/oiv/accertamenti",
            put(relazione::accerta),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/oiv/proposta-direttore",
            put(relazione::proponi_direttore),
        )
        .route(
            "/api/v1/enti/{ente}/cicli/{anno}/fondo/ripartizioni",
            post(relazione::ripartisci),
        )
        .route(
            "/api/v1/enti/{ente}/piani/{anno}/versioni",
            get(versioni::versioni),
        )
        .route(
            "/api/v1/enti/{ente}/piani/{anno}/versioni/diff",
            get(versioni::diff),
        )
        .route(
            "/api/v1/enti/{ente}/piani/{anno}/versioni/proposta",
            post(versioni::proponi),
        )
        .route(
            "/api/v1/enti/{ente}/piani/{anno}/versioni/approvazione",
            post(versioni::approva),
        )
        .route(
            "/api/v1/enti/{ente}/piani/{anno}/versioni/variazione",
            post(versioni::varia),
        )
        .route(
            "/api/v1/enti/{ente}/piani/{anno}/versioni/{numero}",
            get(versioni::versione),
        )
        .route(
            "/api/v1/enti/{ente}/piani/{anno}/versioni/{numero}/errata",
            post(versioni::errata),
        )
}
