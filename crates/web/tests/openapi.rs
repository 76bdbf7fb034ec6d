//! Il documento OpenAPI: istantanea committata e proprietà che ogni rotta deve avere.

use serde_json::Value;

fn documento() -> Value {
    serde_json::to_value(traguardo_web::api::documento()).unwrap()
}

/// Un cambiamento dell'API si vede qui: `cargo insta review` per accettarlo.
#[test]
fn istantanea_del_documento() {
    insta::assert_json_snapshot!("openapi", documento());
}

#[test]
fn rotte_protette_dichiarano_bearer_e_gli_errori() {
    let d = documento();
    assert_eq!(d["openapi"], "3.1.0");
    assert_eq!(
        d["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
    let pubbliche = ["/", "/health", "/api/v1/openapi.json"];
    let mut protette = 0;
    for (percorso, metodi) in d["paths"].as_object().unwrap() {
        for (metodo, op) in metodi.as_object().unwrap() {
            let sicurezza = &op["security"];
            if pubbliche.contains(&percorso.as_str()) {
                assert!(
                    sicurezza.is_null(),
                    "{metodo} {percorso} deve essere pubblica"
                );
                continue;
            }
            protette += 1;
            assert_eq!(
                sicurezza,
                &serde_json::json!([{"bearerAuth": []}]),
                "{metodo} {percorso}"
            );
            // Chi scrive ha anche 403 (ruolo) e 409 (revisione superata, chiave già usata), e
            // risponde 200, 201 o 204.
            let scrive = metodo != "get";
            let successo = ["200", "201", "204"]
                .into_iter()
                .find(|s| op["responses"][s].is_object())
                .unwrap_or_else(|| panic!("{metodo} {percorso}: nessuna risposta di successo"));
            let mut stati = vec![successo, "400", "401", "404", "422", "500"];
            if scrive {
                stati.extend(["403", "409"]);
            }
            for stato in stati {
                let r = &op["responses"][stato];
                assert!(
                    r.is_object(),
                    "{metodo} {percorso}: manca la risposta {stato}"
                );
                if stato.starts_with('4') || stato.starts_with('5') {
                    assert!(
                        r["content"]["application/problem+json"].is_object(),
                        "{metodo} {percorso} {stato}: non è problem+json"
                    );
                }
            }
        }
    }
    assert!(protette >= 12, "{protette}");
}

/// Gli elenchi hanno tutti la stessa forma di pagina.
#[test]
fn elenchi_paginati() {
    let d = documento();
    for (percorso, metodi) in d["paths"].as_object().unwrap() {
        let op = &metodi["get"];
        let parametri: Vec<&str> = op["parameters"]
            .as_array()
            .map(|v| v.iter().filter_map(|p| p["name"].as_str()).collect())
            .unwrap_or_default();
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        let paginato = schema.to_string().contains("Pagina");
        assert_eq!(
            paginato,
            parametri.contains(&"pagina") && parametri.contains(&"per_pagina"),
            "{percorso}: {schema}"
        );
    }
}
