//! The HTTP interface of `serve`: routes, the checks every request passes,
//! and the bounds on simulations. Requests are read as strictly as scenario
//! files: malformed JSON, unknown fields and values out of range are 400
//! with the loader's messages; bodies over [`BODY_LIMIT_BYTES`] are 413; a
//! client's newer request cancels its older one; beyond `max_runs`
//! simulations at once the answer is 503.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use super::Offered;
use super::compute::{self, Refusal};
use super::whatif::{Changes, Defaults};
use agroshift::engine::FinishedRun;
use agroshift::scenario::Lang;

/// Largest request body accepted (bytes).
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;

/// The page, shipped in the binary.
const PAGE: &str = include_str!("page.html");

/// What the server holds.
pub struct AppState {
    /// The scenarios offered, the first the default.
    pub offered: Vec<Offered>,
    pool: rayon::ThreadPool,
    permits: Arc<Semaphore>,
    max_runs: usize,
    lang: Lang,
    /// Each client's running request: raising it cancels that run.
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
    /// The loaded scenarios' runs, made once each.
    base_runs: Mutex<HashMap<String, Arc<FinishedRun>>>,
    /// `Host` headers accepted: this server's own address, so that another
    /// web site cannot drive it through the browser (DNS rebinding); empty
    /// (any) when it listens on every address.
    hosts: Vec<String>,
}

impl AppState {
    /// The state of a server offering `offered`.
    pub fn new(
        offered: Vec<Offered>,
        pool: rayon::ThreadPool,
        max_runs: usize,
        lang: Lang,
        address: std::net::SocketAddr,
    ) -> Self {
        let port = address.port();
        // Listening on every address (`--host 0.0.0.0`) serves the network
        // on purpose, under whatever name it is reached by: no Host check.
        let mut hosts = Vec::new();
        if !address.ip().is_unspecified() {
            hosts = vec![address.to_string(), format!("localhost:{port}"), format!("127.0.0.1:{port}")];
            if port == 80 {
                hosts.extend([address.ip().to_string(), "localhost".into(), "127.0.0.1".into()]);
            }
        }
        AppState {
            hosts,
            offered,
            pool,
            permits: Arc::new(Semaphore::new(max_runs)),
            max_runs,
            lang,
            running: Mutex::new(HashMap::new()),
            base_runs: Mutex::new(HashMap::new()),
        }
    }
}

/// The routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/api/scenarios", get(scenarios))
        .route("/api/run", post(run))
        .fallback(not_here)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state)
}

/// An error as the page shows it: `{"error": "…"}` with a status.
fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message.into() }))).into_response()
}

/// Changes the checks refuse: the whole message, and each problem with
/// its setting for the page to name by its control's label.
fn refused(message: String, problems: Vec<compute::Problem>) -> Response {
    let body = serde_json::json!({ "error": message, "problems": problems });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

/// Any other address: a line in both languages rather than an empty page,
/// pointing to the page itself.
async fn not_here() -> Response {
    let text = "Không có trang này ở đây; mở trang chính: /\nNo such page here; open the main page: /\n";
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// A route asked with a method it does not take (the run's address typed
/// into the browser): a line in both languages rather than an empty page,
/// with the method it takes.
async fn wrong_method(uri: Uri) -> Response {
    let allowed = if uri.path() == "/api/run" { "POST" } else { "GET, HEAD" };
    let text = format!(
        "Địa chỉ này chỉ nhận {allowed}; mở trang chính: /\nThis address takes {allowed} only; open the main page: /\n"
    );
    // axum adds the Allow header from the routes themselves.
    (StatusCode::METHOD_NOT_ALLOWED, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

async fn page(State(state): State<Arc<AppState>>) -> Response {
    let lang = match state.lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let html = PAGE.replace("__LANG__", lang);
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// A scenario as the page's controls need it.
#[derive(Serialize)]
struct ScenarioInfo {
    id: String,
    title: String,
    description: String,
    base_year: i32,
    years: u32,
    scale: f64,
    replicates: u32,
    seed: u64,
    /// Crops that may be planted: key and name.
    crops: Vec<(String, String)>,
    /// Zones (districts or communes).
    zones: Vec<String>,
    /// Markets of those crops: key and the crops' names.
    markets: Vec<(String, String)>,
    defaults: Defaults,
}

async fn scenarios(State(state): State<Arc<AppState>>) -> Response {
    let lang = state.lang;
    let list: Vec<ScenarioInfo> = state
        .offered
        .iter()
        .map(|o| {
            let s = &o.scenario;
            let crops: Vec<(String, String)> = s
                .choosable_crops()
                .iter()
                .map(|c| (s.crops[c.index()].key.clone(), s.crops[c.index()].name(lang).to_string()))
                .collect();
            let mut markets: Vec<(String, String)> = Vec::new();
            for c in s.choosable_crops() {
                let crop = &s.crops[c.index()];
                let key = s.markets[crop.market.index()].key.clone();
                match markets.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, names)) => {
                        names.push_str(", ");
                        names.push_str(crop.name(lang));
                    }
                    None => markets.push((key, crop.name(lang).to_string())),
                }
            }
            ScenarioInfo {
                id: o.id.clone(),
                title: s.title(lang).to_string(),
                description: match lang {
                    Lang::Vi => s.description_vi.clone(),
                    Lang::En => s.description_en.clone(),
                },
                base_year: s.simulation.base_year,
                years: s.simulation.years,
                scale: s.simulation.scale,
                replicates: s.simulation.replicates,
                seed: s.simulation.seed,
                crops,
                zones: s.zones.iter().map(|z| z.name.clone()).collect(),
                markets,
                defaults: Defaults::of(s),
            }
        })
        .collect();
    axum::Json(list).into_response()
}

/// `POST /api/run`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    /// The page's own id (letters, digits, `-`), so that its newer request
    /// cancels its older one.
    client: String,
    /// A scenario offered, by id.
    scenario: String,
    /// What the planner changed.
    #[serde(default)]
    changes: Changes,
}

/// Forgets a client's request when it ends, however it ends: answered,
/// refused, or dropped because the page went away, whose simulation then
/// stops.
struct Running {
    state: Arc<AppState>,
    client: String,
    cancel: Arc<AtomicBool>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        let mut running = self.state.running.lock().unwrap_or_else(|p| p.into_inner());
        if running.get(&self.client).is_some_and(|f| Arc::ptr_eq(f, &self.cancel)) {
            running.remove(&self.client);
        }
    }
}

async fn run(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    if !state.hosts.is_empty() && !state.hosts.iter().any(|h| h == host) {
        return error(StatusCode::FORBIDDEN, format!("Host {host:?} is not this server's address"));
    }
    let json = headers.get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok()).unwrap_or_default();
    if !json.starts_with("application/json") {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send the request as Content-Type: application/json");
    }
    // serde's own words stay English; what they are about is said in the
    // page's language.
    let request_at = match state.lang {
        Lang::Vi => ("không đọc được yêu cầu", "ở"),
        Lang::En => ("the request", "at"),
    };
    let request: RunRequest = {
        let mut reader = serde_json::Deserializer::from_slice(&body);
        let parsed = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
            // serde writes `?` for a place it cannot name (`changes.?`).
            let path = e.path().to_string();
            let at = path.trim_end_matches(".?");
            let place = if at == "." || at == "?" { String::new() } else { format!(" {} {at}", request_at.1) };
            format!("{}{place}: {}", request_at.0, e.inner())
        });
        // Nothing may follow the request.
        match parsed.and_then(|r| reader.end().map(|()| r).map_err(|e| format!("{}: {e}", request_at.0))) {
            Ok(r) => r,
            Err(message) => return error(StatusCode::BAD_REQUEST, message),
        }
    };
    let client_ok = !request.client.is_empty()
        && request.client.len() <= 64
        && request.client.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !client_ok {
        return error(StatusCode::BAD_REQUEST, "client: expected 1 to 64 letters, digits or `-`");
    }
    let Some(index) = state.offered.iter().position(|o| o.id == request.scenario) else {
        let ids: Vec<&str> = state.offered.iter().map(|o| o.id.as_str()).collect();
        return error(
            StatusCode::BAD_REQUEST,
            format!("scenario: no scenario \"{}\" is offered here; offered: {}", request.scenario, ids.join(", ")),
        );
    };
    // Checked before taking a simulation slot: a refused change costs nothing.
    let (changed, toml) = match compute::changed_scenario(&state.offered[index], &request.changes, state.lang) {
        Ok(v) => v,
        Err(Refusal::Invalid(message, problems)) => return refused(message, problems),
        Err(other) => return error(StatusCode::INTERNAL_SERVER_ERROR, format!("{other:?}")),
    };
    // A change for the whole province does not reach what a district's own
    // policy sets: the page names those districts and settings.
    let keeping_their_own = match request.changes.apply_to {
        None => compute::districts_keeping_their_own(&state.offered[index], &request.changes.policy_keys()),
        Some(_) => Vec::new(),
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let had_older = {
        let mut running = state.running.lock().unwrap_or_else(|p| p.into_inner());
        let older = running.insert(request.client.clone(), cancel.clone());
        older.inspect(|o| o.store(true, Ordering::Relaxed)).is_some()
    };
    let _running = Running { state: state.clone(), client: request.client.clone(), cancel: cancel.clone() };
    // A page's older run is stopping (within a replicate): wait for its
    // slot rather than tell the page it is busy with its own work.
    let permit = if had_older {
        tokio::time::timeout(std::time::Duration::from_secs(10), state.permits.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
    } else {
        state.permits.clone().try_acquire_owned().ok()
    };
    let Some(permit) = permit else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("busy: {} simulations are running; try again in a moment", state.max_runs),
        );
    };
    let worker = state.clone();
    let flag = cancel.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let start = Instant::now();
        let state = worker;
        let offered = &state.offered[index];
        let base = base_run(&state, offered, &flag)?;
        let run = state.pool.install(|| compute::run(&changed, &flag))?;
        let seconds = start.elapsed().as_secs_f64();
        let mut answer =
            state.pool.install(|| compute::answer(offered, &changed, toml, run, &base, state.lang, seconds))?;
        answer.own_policy = keeping_their_own;
        Ok(answer)
    })
    .await;
    match answer {
        Ok(Ok(answer)) => axum::Json(answer).into_response(),
        Ok(Err(Refusal::Cancelled)) if crate::app::interrupt::requested().is_some() => {
            error(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping")
        }
        Ok(Err(Refusal::Cancelled)) => error(StatusCode::CONFLICT, "cancelled by a newer request of the same page"),
        Ok(Err(Refusal::Invalid(message, problems))) => refused(message, problems),
        Ok(Err(Refusal::Failed(message))) => error(StatusCode::INTERNAL_SERVER_ERROR, message),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("the simulation stopped: {e}")),
    }
}

/// The loaded scenario's run at the page's size, made once.
fn base_run(state: &AppState, offered: &Offered, cancel: &AtomicBool) -> Result<Arc<FinishedRun>, Refusal> {
    if let Some(run) = state.base_runs.lock().unwrap_or_else(|p| p.into_inner()).get(&offered.id) {
        return Ok(run.clone());
    }
    let run = Arc::new(state.pool.install(|| compute::run(&offered.scenario, cancel))?);
    state.base_runs.lock().unwrap_or_else(|p| p.into_inner()).insert(offered.id.clone(), run.clone());
    Ok(run)
}
