//! Builds the application state and router, and serves it.

use crate::config::Settings;
use crate::middleware::{
    catch_panic, client_ip, compression, context, csrf, deadline, request_id, security_headers,
};
use crate::routes::{bench, brand, health};
use anyhow::Context;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use lyceum_app::db::{Change, Db};
use lyceum_app::identity::throttle::ThrottleStore;
use lyceum_app::state::{AppState, Config};
use lyceum_app::{shell, App};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;

/// Largest request body accepted (forms and JSON; uploads get their own route later).
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let mut options = get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "lyceum".into();
    }
    // A release build that hashed the asset names left `hash.txt` beside
    // this binary: then the pages must name the hashed files.
    if lyceum_app::assets::hash_file(&options).is_some() {
        options.hash_files = true;
    }
    lyceum_app::assets::init(&options);
    Ok(options)
}

pub async fn build_state(
    settings: &Settings,
    leptos_options: LeptosOptions,
) -> anyhow::Result<AppState> {
    let db = Db::connect(&settings.app_database_url, settings.max_connections)
        .await
        .context("connecting to the database as the runtime role (APP_DATABASE_URL)")?;
    db.assert_runtime_role().await.map_err(anyhow::Error::msg)?;
    // Opened here first so a bad media setting is a clear start-up error.
    lyceum_app::media::store::MediaStore::open(&settings.app.media)
        .context("opening media storage (MEDIA_STORE, MEDIA_DIR)")?;
    Ok(state_with(db, settings.app.clone(), leptos_options))
}

/// The state of one server process over `db`. Subscribes the catalog's
/// caches to commit notifications and starts listening for those of the
/// other processes (so it must be called inside the Tokio runtime).
pub fn state_with(db: Db, config: Config, leptos_options: LeptosOptions) -> AppState {
    let facets = Arc::new(lyceum_app::catalog::search::FacetCache::with_ttl(
        config.catalog_cache_ttl,
    ));
    for change in [Change::Catalog, Change::TenantSettings] {
        let facets = facets.clone();
        db.subscribe(change, move |tenant| match tenant {
            Some(tenant) => facets.invalidate(tenant),
            None => facets.invalidate_all(),
        });
    }
    tokio::spawn(db.clone().listen_for_changes());
    let media = Arc::new(
        lyceum_app::media::store::MediaStore::open(&config.media)
            .expect("media storage opens (checked by build_state)"),
    );
    tokio::spawn(lyceum_app::media::sweep::run(db.clone(), media.clone()));
    AppState {
        media,
        leptos_options,
        throttle: Arc::new(ThrottleStore::new(db.clone())),
        db,
        facets,
        config: Arc::new(config),
    }
}

/// Every context's background jobs.
pub fn job_handlers() -> lyceum_app::jobs::Handlers {
    lyceum_app::learning::jobs(lyceum_app::jobs::Handlers::default())
}

/// What the jobs of this process may use.
pub fn job_env(state: &AppState) -> lyceum_app::jobs::JobEnv {
    lyceum_app::jobs::JobEnv {
        db: state.db.clone(),
        config: state.config.clone(),
    }
}

/// server_fn answers argument errors (a missing or malformed form field)
/// with a blanket 500 before our code runs. Those bodies are `AppError`s,
/// which know their real status (400 for malformed input).
async fn server_fn_status(req: Request, next: axum::middleware::Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/fn/");
    let res = next.run(req).await;
    if !is_server_fn || res.status() != http::StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    // Only an encoded `AppError` (`app/src/wire.rs`) carries a status to read.
    let encoded = res
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/x-postcard"));
    if !encoded {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (http::StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Some(err) = lyceum_app::wire::read_error(bytes.clone()) {
        parts.status = err.status();
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Renders paths no route matches (the router's 404 page).
async fn render_handler(State(state): State<AppState>, req: Request) -> Response {
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(state.clone()),
        move || shell(options.clone()),
    );
    handler(req).await.into_response()
}

pub fn router(state: AppState) -> Router {
    let site_root = state.leptos_options.site_root.to_string();
    let pkg_dir = format!("{site_root}/{}", state.leptos_options.site_pkg_dir);

    // Everything that needs a tenant: pages, server functions (registered by
    // `leptos_routes_with_context` under /fn/), the brand stylesheet.
    // Media: served with Range and signatures (`app/src/media/delivery.rs`);
    // uploads stream their bodies, so the page body limit does not apply
    // (each upload counts against its tenant's limit as it arrives).
    let media_routes = Router::new()
        .route(
            "/media/{asset}/{name}",
            get(lyceum_app::media::delivery::serve),
        )
        .merge(upload_routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::resolve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::check_origin,
        ))
        .layer(axum::extract::DefaultBodyLimit::disable());

    let tenant_routes = Router::new()
        .route("/brand.css", get(brand::stylesheet))
        // A quiz's answers: one form field per question (learning).
        .merge(lyceum_app::learning::quiz_form::routes())
        // Certificates' JWK Set, signed credentials and PDFs (learning).
        .merge(lyceum_app::learning::credentials::routes())
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(render_handler)
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            deadline::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::resolve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::check_origin,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES));

    // Host-independent: health and static files. The REST API resolves its
    // tenant itself (host, header or token) and answers in JSON.
    let routes = Router::new()
        .nest("/api/v1", crate::api::router())
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .nest_service(
            "/pkg",
            // The build wrote .br and .gz beside each file (--precompress).
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .nest_service(
            "/brand",
            ServeDir::new(format!("{site_root}/brand"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .route_service(
            "/favicon.svg",
            tower_http::services::ServeFile::new(format!("{site_root}/favicon.svg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(axum::middleware::from_fn(static_cache_control))
        .merge(media_routes)
        .merge(tenant_routes);
    let app = with_outer_layers(routes, state.clone());
    if bench::enabled() {
        // Bare: outside every layer, as the ceiling it is meant to be.
        tracing::warn!(
            "serving the benchmark baseline at /__bench/courses (LYCEUM_BENCH_BASELINE=1)"
        );
        let baseline = Router::new()
            .route("/__bench/courses", get(bench::catalog_baseline))
            .with_state(state);
        return baseline.merge(app);
    }
    app
}

/// The upload endpoints of every context (multipart forms, streamed).
fn upload_routes() -> Router<AppState> {
    Router::new()
        .merge(lyceum_app::authoring::uploads::routes())
        .merge(lyceum_app::catalog::cover::routes())
        .merge(lyceum_app::catalog::instructors::routes())
}

/// How long browsers keep static files: a year, never revalidated, for the
/// content-hashed files of `/pkg` (a new build has new names); a day for
/// the rest (logos, the favicon), revalidated by `Last-Modified` after.
async fn static_cache_control(req: Request, next: axum::middleware::Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let is_static =
        path.starts_with("/pkg/") || path.starts_with("/brand/") || path == "/favicon.svg";
    if !is_static || !res.status().is_success() {
        return res;
    }
    let file = path.rsplit('/').next().unwrap_or("");
    let policy = if path.starts_with("/pkg/") && lyceum_app::assets::is_hashed(file) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=86400"
    };
    res.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static(policy),
    );
    res
}

/// The layers every route runs inside, outermost first: a request id; the
/// client address; security headers; compression of what is rendered; a
/// panic becoming the error page (inside compression, so that a notice
/// ending a streamed page is compressed with it). (Public so tests can put
/// a route of their own inside the same layers.)
pub fn with_outer_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .layer(axum::middleware::from_fn(catch_panic::catch_panic))
        .layer(axum::middleware::from_fn(compression::compress))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers::apply,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client_ip::resolve,
        ))
        .layer(axum::middleware::from_fn(request_id::assign))
        .with_state(state)
}

pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let leptos_options = leptos_options()?;
    let addr = leptos_options.site_addr;
    let state = build_state(&settings, leptos_options).await?;
    tokio::task::spawn_blocking(lyceum_app::identity::password_hash::warm_up);
    // The background jobs (app/src/jobs.rs). Not in `state_with`: tests
    // run the jobs themselves, when they choose.
    tokio::spawn(lyceum_app::jobs::run(
        state.db.clone(),
        job_env(&state),
        job_handlers(),
    ));
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!(%addr, base_domain = %settings.app.base_domain, "Lyceum is listening");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Applies pending migrations as the schema owner.
pub async fn migrate(owner_url: &str) -> anyhow::Result<()> {
    let pool = sqlx::PgPool::connect(owner_url)
        .await
        .context("connecting as the schema owner (DATABASE_URL)")?;
    sqlx::migrate!("../migrations")
        .run(&pool)
        .await
        .context("running migrations")?;
    tracing::info!("migrations applied");
    Ok(())
}
