//! Spawns the real router on port 0 against the test database.

use leptos::prelude::LeptosOptions;
use lyceum_app::db::Db;
use lyceum_app::state::{Config, TokenSecret};
use reqwest::header::{HeaderMap, HeaderValue};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::OnceCell;
use uuid::Uuid;

// Every context's tests start from a portal and its people.
pub use crate::identity::fixtures::{create_tenant, create_user, Tenant};

pub const PASSWORD: &str = "correct horse battery";

/// The key the test server signs API tokens with (tests forge tokens with others).
pub const TEST_TOKEN_SECRET: &[u8] = b"test-secret-test-secret-test-secret!";

pub fn owner_url() -> String {
    std::env::var("LYCEUM_TEST_OWNER_URL")
        .expect("LYCEUM_TEST_OWNER_URL: run the tests through `make test`")
}

pub fn app_url() -> String {
    std::env::var("LYCEUM_TEST_APP_URL")
        .expect("LYCEUM_TEST_APP_URL: run the tests through `make test`")
}

static MIGRATED: OnceCell<()> = OnceCell::const_new();

/// The schema owner's pool (BYPASSRLS): for arranging data and inspecting results only.
pub async fn owner_pool() -> PgPool {
    let pool = PgPool::connect(&owner_url())
        .await
        .expect("connect as owner");
    MIGRATED
        .get_or_init(|| async {
            sqlx::migrate!("../migrations")
                .run(&pool)
                .await
                .expect("migrations apply");
        })
        .await;
    pool
}

pub async fn runtime_db(max_connections: u32) -> Db {
    owner_pool().await;
    Db::connect(&app_url(), max_connections)
        .await
        .expect("connect as runtime role")
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub owner: PgPool,
    pub a: Tenant,
    pub b: Tenant,
    client: reqwest::Client,
}

pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    /// The body as text (lossy: a server function's postcard answer is
    /// binary, though the strings inside it read as text).
    pub body: String,
    pub bytes: Vec<u8>,
}

pub struct ApiReply {
    pub reply: Reply,
    pub json: serde_json::Value,
}

impl ApiReply {
    pub fn status(&self) -> u16 {
        self.reply.status
    }

    /// The stable error code of an error reply.
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }

    /// The error message for a field, if the reply names it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.json["error"]["fields"]
            .as_array()?
            .iter()
            .find(|f| f["field"] == name)
            .and_then(|f| f["message"].as_str())
    }
}

impl std::fmt::Debug for ApiReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.reply.status, self.reply.body)
    }
}

impl Reply {
    /// A server function's answer, read as the browser reads it (postcard,
    /// `app/src/wire.rs`); panics if it is not a `T`.
    pub fn answer<T: serde::de::DeserializeOwned>(&self) -> T {
        postcard::from_bytes(&self.bytes).unwrap_or_else(|e| {
            panic!(
                "not the expected answer ({e}): {} {}",
                self.status, self.body
            )
        })
    }

    /// A server function's refusal (`AppError`, as the browser reads it).
    pub fn error(&self) -> lyceum_app::error::AppError {
        self.answer()
    }

    /// The cookie `name` (as `name=value`) this response set to a value,
    /// if any (a cookie cleared with an empty value is none).
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap())
            .find(|pair| {
                pair.split_once('=')
                    .is_some_and(|(k, v)| k == name && !v.is_empty())
            })
            .map(str::to_owned)
    }

    /// The session cookie (`name=value`) this response set, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookie("lyceum_session")
    }

    /// A response header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// As `spawn`, with the server's settings changed by `configure`.
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let owner = owner_pool().await;
        let a = create_tenant(&owner).await;
        let b = create_tenant(&owner).await;
        let db = runtime_db(5).await;
        db.assert_runtime_role()
            .await
            .expect("tests run as the runtime role");
        let mut config = test_config(false);
        configure(&mut config);
        let addr = serve_config(db, config).await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A request that never ends fails its test with its URL, not
            // the whole run by a timeout with nothing to say.
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap();
        TestApp {
            addr,
            owner,
            a,
            b,
            client,
        }
    }

    /// Another server process over the same database and tenants: its own
    /// pool, caches and memory, on its own port, as a second process behind
    /// a load balancer would be.
    pub async fn another_process(&self) -> TestApp {
        let addr = serve_config(runtime_db(5).await, test_config(false)).await;
        TestApp {
            addr,
            owner: self.owner.clone(),
            a: self.a.clone(),
            b: self.b.clone(),
            client: self.client.clone(),
        }
    }

    /// Posts a multipart form as the upload endpoints get it: from the
    /// page's origin, as a script (`json`) or as a plain form.
    pub async fn upload(
        &self,
        host: &str,
        path: &str,
        form: reqwest::multipart::Form,
        cookie: &str,
        json: bool,
    ) -> Reply {
        let req = self
            .client
            .post(format!("http://{}{path}", self.addr))
            .header("host", host)
            .header("origin", format!("http://{host}"))
            .header("cookie", cookie)
            .header(
                "accept",
                if json {
                    "application/json"
                } else {
                    "text/html"
                },
            )
            .multipart(form);
        into_reply(send(req).await).await
    }

    /// A POST from the page's origin with a raw body (a malformed form).
    pub async fn post_raw(
        &self,
        host: &str,
        path: &str,
        cookie: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let req = self
            .client
            .post(format!("http://{}{path}", self.addr))
            .header("host", host)
            .header("origin", format!("http://{host}"))
            .header("cookie", cookie)
            .header("accept", "application/json")
            .header("content-type", content_type)
            .body(body);
        into_reply(send(req).await).await
    }

    /// An API upload: the body is the file, with its declared type.
    pub async fn api_upload(
        &self,
        method: &str,
        host: &str,
        path: &str,
        token: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let req = self
            .client
            .request(method, format!("http://{}{path}", self.addr))
            .header("host", host)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", content_type)
            .body(bytes);
        into_reply(send(req).await).await
    }

    /// A GET with extra headers (Range, If-None-Match, …).
    pub async fn get_with(&self, host: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = self
            .client
            .get(format!("http://{}{path}", self.addr))
            .header("host", host);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        into_reply(send(req).await).await
    }

    pub fn host_of(&self, tenant: &Tenant) -> String {
        format!("{}.localhost:{}", tenant.subdomain, self.addr.port())
    }

    pub async fn get(&self, host: &str, path: &str, cookie: Option<&str>) -> Reply {
        // As a browser navigates: it accepts HTML (which is what makes redirects 302s).
        let mut req = self
            .client
            .get(format!("http://{}{path}", self.addr))
            .header("host", host)
            .header("accept", "text/html,application/xhtml+xml");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        into_reply(send(req).await).await
    }

    /// An API call: JSON body (if any), bearer token (if any), extra headers.
    pub async fn api(
        &self,
        method: &str,
        host: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> ApiReply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self
            .client
            .request(method, format!("http://{}{path}", self.addr))
            .header("host", host);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(serde_json::to_vec(b).unwrap());
        }
        for (k, v) in headers {
            req = req.header(*k, HeaderValue::from_str(v).unwrap());
        }
        let reply = into_reply(send(req).await).await;
        let json = serde_json::from_str(&reply.body).unwrap_or(serde_json::Value::Null);
        ApiReply { reply, json }
    }

    /// The platform host (no tenant of its own for the API).
    pub fn platform_host(&self) -> String {
        format!("localhost:{}", self.addr.port())
    }

    /// A POST as a JavaScript client (fetch) would send it: same-origin, not asking for HTML.
    pub async fn post_form(
        &self,
        host: &str,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Reply {
        let origin = format!("http://{host}");
        self.post_with(host, path, form, cookie, &[("origin", origin.as_str())])
            .await
    }

    /// A form as a browser without JavaScript submits it: same-origin,
    /// HTML accepted (so a server function answers with its redirect).
    pub async fn submit_html_form(
        &self,
        host: &str,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Reply {
        let origin = format!("http://{host}");
        self.post_with(
            host,
            path,
            form,
            cookie,
            &[("origin", origin.as_str()), ("accept", "text/html")],
        )
        .await
    }

    pub async fn post_with(
        &self,
        host: &str,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self
            .client
            .post(format!("http://{}{path}", self.addr))
            .header("host", host)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded(form));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        for (k, v) in headers {
            req = req.header(*k, HeaderValue::from_str(v).unwrap());
        }
        into_reply(send(req).await).await
    }

    /// A server function called as the WebAssembly calls it: its answer's
    /// status, content type and raw bytes (postcard, see `app/src/wire.rs`).
    pub async fn call_fn(
        &self,
        host: &str,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> (u16, String, Vec<u8>) {
        let origin = format!("http://{host}");
        let mut req = self
            .client
            .post(format!("http://{}{path}", self.addr))
            .header("host", host)
            .header("origin", origin)
            .header("accept", "application/x-postcard")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded(form));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = send(req).await;
        let status = res.status().as_u16();
        let kind = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (status, kind, res.bytes().await.unwrap().to_vec())
    }

    pub async fn login(&self, tenant: &Tenant, email: &str, password: &str) -> Reply {
        let host = self.host_of(tenant);
        self.post_form(
            &host,
            "/fn/login",
            &[("email", email), ("password", password), ("next", "")],
            None,
        )
        .await
    }

    /// Logs in and returns the session cookie, panicking if login fails.
    pub async fn session_for(&self, tenant: &Tenant, email: &str) -> String {
        let reply = self.login(tenant, email, PASSWORD).await;
        reply
            .session_cookie()
            .unwrap_or_else(|| panic!("login failed: {} {}", reply.status, reply.body))
    }
}

/// Serves the real router over `db` on an ephemeral loopback port (plain http).
pub async fn serve(db: Db) -> SocketAddr {
    serve_with(db, false).await
}

/// The settings tests serve with (over https when `https`).
pub fn test_config(https: bool) -> Config {
    Config {
        base_domain: "localhost".into(),
        https,
        public_port: None,
        session_ttl: Duration::from_secs(3600),
        token_secret: TokenSecret::new(TEST_TOKEN_SECRET).unwrap(),
        token_ttl: Duration::from_secs(3600),
        trusted_proxies: Vec::new(),
        forwarded_header: lyceum_app::state::ForwardedHeader::XForwardedFor,
        catalog_cache_ttl: lyceum_app::cache::TTL,
        render_deadline: Duration::from_secs(10),
        media: lyceum_app::media::store::MediaConfig::local(
            test_media_dir(),
            TokenSecret::new(TEST_TOKEN_SECRET).unwrap(),
        ),
    }
}

/// Where test servers keep media: one directory per test process.
pub fn test_media_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("lyceum-test-media-{}", std::process::id()))
}

/// As `serve`, optionally configured as served over https (behind a TLS proxy).
pub async fn serve_with(db: Db, https: bool) -> SocketAddr {
    serve_config(db, test_config(https)).await
}

/// The state a test server runs with.
pub fn test_state(db: Db, config: Config) -> lyceum_app::state::AppState {
    test_state_at(db, config, "target/site")
}

/// As `test_state`, serving static files from `site_root`.
pub fn test_state_at(db: Db, config: Config, site_root: &str) -> lyceum_app::state::AppState {
    let options = LeptosOptions::builder()
        .output_name("lyceum")
        .site_root(site_root)
        .build();
    lyceum_server::startup::state_with(db, config, options)
}

/// Serves the real router over `db` with `config`.
pub async fn serve_config(db: Db, config: Config) -> SocketAddr {
    serve_router(lyceum_server::startup::router(test_state(db, config))).await
}

/// Serves `router` on an ephemeral loopback port.
pub async fn serve_router(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// How long a test request may take, body included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends `req`; a failure (refused, reset, timed out) panics with the URL.
pub async fn send(req: reqwest::RequestBuilder) -> reqwest::Response {
    req.send()
        .await
        .unwrap_or_else(|e| panic!("request failed: {e}"))
}

async fn into_reply(res: reqwest::Response) -> Reply {
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let url = res.url().clone();
    let bytes = res
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("reading the answer to {url} failed: {e}"))
        .to_vec();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

fn serde_urlencoded(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn unique_email(tag: &str) -> String {
    format!(
        "{tag}-{}@example.test",
        &Uuid::new_v4().simple().to_string()[..10]
    )
}

/// The catalog search a request makes, as the runtime role, through
/// `cache` (a server process reuses its cache across requests).
pub async fn search_catalog(
    db: &Db,
    cache: &lyceum_app::catalog::search::FacetCache,
    tenant: Uuid,
    raw: &str,
) -> lyceum_app::catalog::records::CatalogResults {
    use lyceum_app::catalog::{categories, search};
    let mut tx = db.begin_as(tenant.into(), None).await.unwrap();
    let tree = categories::load_tree(&mut tx).await.unwrap();
    let (query, errors) = lyceum::catalog::query::CatalogQuery::parse_query_string(raw);
    assert!(errors.is_empty(), "{raw}: {errors:?}");
    let (results, _) = search::search(&mut tx, cache, tenant.into(), &tree, query, vec![])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    results
}

/// The media store test servers use (`test_media_dir`).
pub fn test_media() -> lyceum_app::media::store::MediaStore {
    lyceum_app::media::store::MediaStore::open(&test_config(false).media).unwrap()
}
