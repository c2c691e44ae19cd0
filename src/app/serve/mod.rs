//! `serve`: a local web page where a planner changes a scenario's options
//! and sees the answer in seconds. The server (axum) offers three routes:
//! the page (`/`, self-contained, shipped in the binary), the scenarios and
//! their controls' starting values (`GET /api/scenarios`), and a run of the
//! changed scenario at a reduced size (`POST /api/run`). Requests are input
//! like any other: checked by the scenario loader, size-limited, one
//! simulation per client (a newer request cancels the older), a bound on
//! simulations at once (503 beyond). No route reads a path from the client.

mod api;
mod compute;
pub mod whatif;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use super::console;
use super::interrupt;
use super::settings::{in_range, worker_pool};
use crate::cli::ServeArgs;
use agroshift::error::{Error, Result, said};
use agroshift::scenario::builtin::{BUILTINS, DEFAULT_SCENARIO};
use agroshift::scenario::{self, Lang, Scenario};

/// A scenario the page offers.
pub struct Offered {
    /// Its name (the page's id).
    pub id: String,
    /// What the downloaded file `extends`: a shipped name or an absolute path.
    pub extends: String,
    /// The scenario at the page's size.
    pub scenario: Scenario,
    /// Each district whose own policy sets something, with the settings it
    /// sets as the file writes them (read once, when it is offered).
    pub own_policy_keys: Vec<(String, Vec<String>)>,
}

/// `agroshift serve`.
pub fn serve_command(args: &ServeArgs, lang: Lang) -> Result<()> {
    in_range("--scale", "scale", args.scale)?;
    in_range("--replicates", "replicates", f64::from(args.replicates))?;
    if args.max_runs == 0 {
        return Err(Error::Usage(said("--max-runs phải ít nhất là 1", "--max-runs must be at least 1")));
    }
    let mut offered = Vec::new();
    if let Some(spec) = &args.scenario {
        offered.push(offer(spec, args, lang)?);
    }
    // The default scenario first, then the other shipped ones.
    let mut names: Vec<&str> = vec![DEFAULT_SCENARIO];
    names.extend(BUILTINS.iter().map(|b| b.name).filter(|n| *n != DEFAULT_SCENARIO));
    for name in names {
        if offered.iter().all(|o: &Offered| o.id != name) {
            offered.push(offer(name, args, lang)?);
        }
    }
    let pool = worker_pool(args.threads)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Failed(format!("cannot start the web server: {e}")))?;
    runtime.block_on(async move {
        let address = format!("{}:{}", args.host, args.port);
        let listener = tokio::net::TcpListener::bind(&address).await.map_err(|e| {
            Error::Usage(said(format!("không mở được cổng {address}: {e}"), format!("cannot listen on {address}: {e}")))
        })?;
        let local: SocketAddr = listener.local_addr().map_err(|e| Error::io("reading the server's address", e))?;
        let state = Arc::new(api::AppState::new(offered, pool, args.max_runs, lang, local));
        let size = &state.offered[0].scenario.simulation;
        console::println(&match lang {
            Lang::Vi => format!(
                "agroshift serve: http://{local}/  (quy mô {}, {} lần mô phỏng, seed {}; Ctrl-C để dừng)",
                agroshift::text::scale_text(size.scale, lang),
                size.replicates,
                size.seed
            ),
            Lang::En => format!(
                "agroshift serve: http://{local}/  (scale {}, {} replicates, seed {}; Ctrl-C to stop)",
                size.scale, size.replicates, size.seed
            ),
        })?;
        axum::serve(listener, api::router(state))
            .with_graceful_shutdown(async {
                while interrupt::requested().is_none() {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            })
            .await
            .map_err(|e| Error::Failed(format!("the web server stopped: {e}")))
    })?;
    console::note(false, lang.pick("Đã dừng.", "Stopped."));
    Ok(())
}

/// Loads `spec` at the page's size.
fn offer(spec: &str, args: &ServeArgs, lang: Lang) -> Result<Offered> {
    let mut s = scenario::open(spec)?;
    s.simulation.scale = args.scale;
    s.simulation.replicates = args.replicates;
    if let Some(seed) = args.seed {
        s.simulation.seed = seed;
    }
    if let Some(problem) = s.size_problem() {
        return Err(Error::Usage(problem));
    }
    super::settings::warn_without_effect(&s, false, lang);
    let extends = if Path::new(spec).is_file() {
        agroshift::output::atomic::absolute(Path::new(spec)).display().to_string()
    } else {
        spec.to_string()
    };
    let own_policy_keys = compute::own_policy_keys(&s);
    Ok(Offered { id: s.name.clone(), extends, scenario: s, own_policy_keys })
}
