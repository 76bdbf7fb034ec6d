//! Log strutturati del server.

/// Log strutturati: `TRAGUARDO_LOG=info|debug…`, `TRAGUARDO_LOG_FORMAT=json` per JSON.
pub fn inizializza_log() {
    let filtro = tracing_subscriber::EnvFilter::try_from_env("TRAGUARDO_LOG")
        .unwrap_or_else(|_| "info,tower_http=info,sqlx=warn".into());
    let base = tracing_subscriber::fmt()
        .with_env_filter(filtro)
        .with_writer(std::io::stderr);
    let _ = if std::env::var("TRAGUARDO_LOG_FORMAT").as_deref() == Ok("json") {
        base.json().try_init()
    } else {
        base.try_init()
    };
}
