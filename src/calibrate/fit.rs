//! The fit: weighted least squares of the simulated means against the
//! observations, every evaluation with the same seed (common random
//! numbers, so that the objective moves only with the settings), solved by
//! [`levenberg_marquardt`] with the Jacobian's runs in parallel.

use nalgebra::{DMatrix, DVector};
use rayon::prelude::*;

use super::observed::Observation;
use super::setting::{FitSetting, scenario_with};
use super::solver::{Iteration, SolverOptions, levenberg_marquardt, uncertainty};
use crate::engine::{Progress, RunRecords, RunStopped, run_replicates};
use crate::error::{Error, said};
use crate::province::build_province;
use crate::scenario::Scenario;
use crate::scenario::load::LoadedScenario;

/// |correlation| above which two settings are said not to be told apart.
pub const CONFOUNDED_CORRELATION: f64 = 0.95;

/// How each evaluation simulates.
#[derive(Debug, Clone, Copy)]
pub struct FitRuns {
    /// Share of the province simulated.
    pub scale: f64,
    /// Replicates per evaluation.
    pub replicates: u32,
    /// Seed of every evaluation.
    pub seed: u64,
    /// Relative error of an observation that gives no `sd`.
    pub obs_cv: f64,
    /// The solver's settings.
    pub solver: SolverOptions,
}

/// One fitted setting.
#[derive(Debug, Clone)]
pub struct FittedSetting {
    /// The setting, its start and bounds.
    pub setting: FitSetting,
    /// Its fitted value.
    pub value: f64,
    /// Its standard error (∞ when the data cannot move it).
    pub se: f64,
    /// Whether it ended on one of its bounds.
    pub on_bound: bool,
    /// Whether it moves the simulated observations at all.
    pub moves: bool,
}

/// What a calibration found.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The fitted settings, in the order given.
    pub settings: Vec<FittedSetting>,
    /// Their correlation matrix (NaN where undefined).
    pub correlation: DMatrix<f64>,
    /// Pairs of settings (indexes) the data cannot tell apart, with their correlation.
    pub confounded: Vec<(usize, usize, f64)>,
    /// The observations fitted.
    pub observations: Vec<Observation>,
    /// The uncertainty of each observation used as its weight (its `sd`, or `obs_cv` × |value|).
    pub weights_sd: Vec<f64>,
    /// Weighted sum of squares at the start and at the fit.
    pub start_objective: f64,
    /// Weighted sum of squares at the fitted values.
    pub objective: f64,
    /// Iterations and simulations done.
    pub iterations: usize,
    /// Simulations run.
    pub evaluations: usize,
    /// Whether the objective stopped falling before the iteration limit.
    pub converged: bool,
    /// The evaluations' settings.
    pub runs: FitRuns,
}

/// The uncertainty of each observation (its `sd`, else `obs_cv` × |value|);
/// an observed 0 with no `sd` is refused, since no relative error weighs it.
pub fn observation_sd(observations: &[Observation], obs_cv: f64) -> Result<Vec<f64>, Error> {
    observations
        .iter()
        .map(|o| match o.sd {
            Some(sd) => Ok(sd),
            None if o.value != 0.0 => Ok(obs_cv * o.value.abs()),
            None => Err(Error::Usage(said(
                format!("dòng {}: giá trị quan sát bằng 0 cần một giá trị ở cột `sd` (sai số tương đối của 0 không có trọng số)", o.line),
                format!("line {}: an observed 0 needs an `sd` column value (a relative error of 0 weighs nothing)", o.line),
            ))),
        })
        .collect()
}

/// The mean over replicates of each observation's simulated value (NaN
/// when no replicate has one).
pub fn simulated_means(observations: &[Observation], records: &RunRecords) -> Vec<f64> {
    observations
        .iter()
        .map(|o| {
            let values: Vec<f64> =
                (0..records.replicates).filter_map(|r| o.simulated_in(&records.layout, records.replicate(r))).collect();
            if values.is_empty() { f64::NAN } else { values.iter().sum::<f64>() / values.len() as f64 }
        })
        .collect()
}

/// The scenario an evaluation simulates: `loaded` with `values`, at the fit's
/// scale, replicates and seed, over the years the observations need.
pub fn evaluation_scenario(
    loaded: &LoadedScenario,
    settings: &[FitSetting],
    values: &[f64],
    observations: &[Observation],
    runs: &FitRuns,
) -> Result<Scenario, Error> {
    let mut s = scenario_with(loaded, settings, values)?;
    s.simulation.scale = runs.scale;
    s.simulation.replicates = runs.replicates;
    s.simulation.seed = runs.seed;
    let needed = observations.iter().map(|o| o.year_index + 1).max().unwrap_or(1);
    // Exactly the years the observations need (they lie within the run's
    // years, --years included, as the observed file was checked against them).
    s.simulation.years = needed.max(1) as u32;
    s.focus.clear();
    if let Some(problem) = s.size_problem() {
        return Err(Error::Usage(said(format!("--scale: {}", problem.vi), format!("--scale: {}", problem.en))));
    }
    Ok(s)
}

/// The weighted residuals (simulated mean − observed) / sd of one evaluation.
fn residuals(
    loaded: &LoadedScenario,
    settings: &[FitSetting],
    values: &[f64],
    observations: &[Observation],
    sd: &[f64],
    runs: &FitRuns,
    progress: &(dyn Progress + Sync),
) -> Result<DVector<f64>, Error> {
    let s = evaluation_scenario(loaded, settings, values, observations, runs)?;
    let province = build_province(&s);
    let records = run_replicates(&s, &province, progress).map_err(|stop| match stop {
        RunStopped::Cancelled => Error::Interrupted(130),
        RunStopped::NonFinite(bad) => Error::Failed(format!("at {values:?}: {bad}")),
        RunStopped::Output(why) => Error::Failed(why),
    })?;
    let means = simulated_means(observations, &records);
    if let Some((o, _)) = observations.iter().zip(&means).find(|(_, m)| m.is_nan()) {
        let key = if o.key_text.is_empty() { String::new() } else { format!(" ({})", o.key_text) };
        let (line, name, scope, year) =
            (o.line, crate::stats::indicators::info(o.indicator).name, &o.scope_name, o.year);
        return Err(Error::Usage(said(
            format!(
                "dòng {line} của tệp quan sát: lần chạy không ghi giá trị nào cho {name} của {scope}{key} năm {year} (không có diện tích để chia?)"
            ),
            format!(
                "observed line {line}: the run records no value for {name} of {scope}{key} in {year} (no area to divide by?)"
            ),
        )));
    }
    Ok(DVector::from_iterator(
        observations.len(),
        observations.iter().zip(&means).zip(sd).map(|((o, &m), &sd)| (m - o.value) / sd),
    ))
}

/// The weighted sum of squares at `values`: the objective the fit
/// minimises, from one simulation with the fit's seed.
#[allow(clippy::too_many_arguments)]
pub fn objective(
    loaded: &LoadedScenario,
    settings: &[FitSetting],
    values: &[f64],
    observations: &[Observation],
    runs: &FitRuns,
    cancel: &(dyn Progress + Sync),
) -> Result<f64, Error> {
    let sd = observation_sd(observations, runs.obs_cv)?;
    Ok(residuals(loaded, settings, values, observations, &sd, runs, cancel)?.norm_squared())
}

/// Fits `settings` of `loaded` to `observations`. `progress` hears each
/// iteration; `cancel` is asked between simulations.
pub fn calibrate(
    loaded: &LoadedScenario,
    settings: &[FitSetting],
    observations: &[Observation],
    runs: FitRuns,
    cancel: &(dyn Progress + Sync),
    progress: impl FnMut(&Iteration),
) -> Result<Calibration, Error> {
    let sd = observation_sd(observations, runs.obs_cv)?;
    let start: Vec<f64> = settings.iter().map(|s| s.start).collect();
    let low: Vec<f64> = settings.iter().map(|s| s.low).collect();
    let high: Vec<f64> = settings.iter().map(|s| s.high).collect();
    // Refuse an unusable start before the first simulation.
    evaluation_scenario(loaded, settings, &start, observations, &runs)?;
    let evaluate = |points: &[Vec<f64>]| -> Result<Vec<DVector<f64>>, Error> {
        points.par_iter().map(|p| residuals(loaded, settings, p, observations, &sd, &runs, cancel)).collect()
    };
    let solution = levenberg_marquardt(&start, &low, &high, runs.solver, evaluate, progress)?;
    let u = uncertainty(&solution.jacobian);
    // With uncertainties assumed (`--obs-cv` for every observation) rather
    // than given, the fit's own scatter sets their size: the standard
    // errors are scaled by √(SSR / (m − p)).
    let (m, p) = (observations.len(), settings.len());
    let assumed = observations.iter().all(|o| o.sd.is_none());
    let scatter = if assumed && m > p { (solution.objective / (m - p) as f64).sqrt() } else { 1.0 };
    let fitted: Vec<FittedSetting> = settings
        .iter()
        .enumerate()
        .map(|(i, setting)| {
            let value = solution.values[i];
            let width = setting.high - setting.low;
            let on_bound = (value - setting.low).abs() <= 1e-9 * width || (setting.high - value).abs() <= 1e-9 * width;
            FittedSetting { setting: setting.clone(), value, se: u.se[i] * scatter, on_bound, moves: u.moves[i] }
        })
        .collect();
    let mut confounded = Vec::new();
    for a in 0..p {
        for b in a + 1..p {
            let c = u.correlation[(a, b)];
            // A setting the data do not move at all is reported on its own.
            if u.moves[a] && u.moves[b] && c.abs() > CONFOUNDED_CORRELATION {
                confounded.push((a, b, c));
            }
        }
    }
    let correlation = u.correlation;
    Ok(Calibration {
        settings: fitted,
        correlation,
        confounded,
        observations: observations.to_vec(),
        weights_sd: sd,
        start_objective: solution.start_objective,
        objective: solution.objective,
        iterations: solution.iterations,
        evaluations: solution.evaluations,
        converged: solution.converged,
        runs,
    })
}
