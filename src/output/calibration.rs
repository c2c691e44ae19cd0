//! What `calibrate` writes beside the check run's results:
//! `calibration.json` (read back by the report and `plot`), `fit.csv`,
//! `calibrated.toml`, and the report's calibration section.

use serde::{Deserialize, Serialize};

use crate::calibrate::fit::Calibration;
use crate::calibrate::observed::Observation;
use crate::engine::RunRecords;
use crate::scenario::{Lang, Scenario};
use crate::stats::indicators::info;
use crate::stats::summary::Stat;

/// A fitted setting as saved.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SavedSetting {
    /// TOML path.
    pub path: String,
    /// Unit as written in the scenario file.
    pub unit: String,
    /// Value before the fit.
    pub start: f64,
    /// Fitted value.
    pub value: f64,
    /// Standard error (`None`: the data cannot move it).
    pub se: Option<f64>,
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// Whether the bounds came from `--bounds` (else the plausible range).
    pub bounds_given: bool,
    /// Whether the fit ended on a bound.
    pub on_bound: bool,
    /// Whether the setting moves the simulated observations at all.
    #[serde(default = "yes")]
    pub moves: bool,
}

fn yes() -> bool {
    true
}

/// One observation against the check run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FitRow {
    /// Line of the observed file.
    pub line: usize,
    /// `province` or a zone's name.
    pub scope: String,
    /// Calendar year.
    pub year: i32,
    /// Indicator name.
    pub indicator: String,
    /// Key as written.
    pub key: String,
    /// Unit of the indicator.
    pub unit: String,
    /// Observed value.
    pub observed: f64,
    /// The observation's uncertainty used as its weight.
    pub sd: f64,
    /// The check run's mean, 5th and 95th percentiles (`None`: no value).
    pub simulated: Option<Stat>,
    /// Simulated mean − observed.
    pub residual: Option<f64>,
}

/// One observed series with the check run's band over every year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SavedSeries {
    /// `province` or a zone's name.
    pub scope: String,
    /// Indicator name.
    pub indicator: String,
    /// Key as written.
    pub key: String,
    /// Calendar years of the check run.
    pub years: Vec<i32>,
    /// The check run's statistics per year.
    pub stats: Vec<Option<Stat>>,
    /// Observed (year, value, sd).
    pub observed: Vec<(i32, f64, f64)>,
}

/// Everything a calibration found, as saved in `calibration.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CalibrationFile {
    /// The observed file as given.
    pub observed_file: String,
    /// Share of the province each evaluation simulated.
    pub fit_scale: f64,
    /// Replicates of each evaluation.
    pub fit_replicates: u32,
    /// Seed of every evaluation.
    pub seed: u64,
    /// Relative error of observations without `sd`.
    pub obs_cv: f64,
    /// Iterations of the solver.
    pub iterations: usize,
    /// Simulations run by the fit.
    pub evaluations: usize,
    /// Whether the objective stopped falling before the iteration limit.
    pub converged: bool,
    /// Weighted sum of squares at the start.
    pub start_objective: f64,
    /// Weighted sum of squares at the fit.
    pub objective: f64,
    /// The fitted settings.
    pub settings: Vec<SavedSetting>,
    /// Correlation matrix of the fitted settings (`None` where undefined).
    pub correlation: Vec<Vec<Option<f64>>>,
    /// Pairs the data cannot tell apart: paths and correlation.
    pub confounded: Vec<(String, String, Option<f64>)>,
    /// Each observation against the check run.
    pub fit: Vec<FitRow>,
    /// Each observed series against the check run.
    pub series: Vec<SavedSeries>,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The statistics of an observation's values across the check run's replicates.
fn stat_of(o: &Observation, records: &RunRecords) -> Option<Stat> {
    let mut values: Vec<f64> =
        (0..records.replicates).filter_map(|r| o.simulated_in(&records.layout, records.replicate(r))).collect();
    Stat::of(&mut values)
}

impl CalibrationFile {
    /// The file for `calibration`, whose fitted scenario `check` ran as
    /// `records`; `observed_file` names the observations' file.
    pub fn new(calibration: &Calibration, observed_file: &str, check: &Scenario, records: &RunRecords) -> Self {
        let settings = calibration
            .settings
            .iter()
            .map(|f| SavedSetting {
                path: f.setting.path.clone(),
                unit: f.setting.unit.to_string(),
                start: f.setting.start,
                value: f.value,
                se: finite(f.se),
                low: f.setting.low,
                high: f.setting.high,
                bounds_given: f.setting.bounds_given,
                on_bound: f.on_bound,
                moves: f.moves,
            })
            .collect();
        let n = calibration.settings.len();
        let correlation = (0..n).map(|a| (0..n).map(|b| finite(calibration.correlation[(a, b)])).collect()).collect();
        let confounded = calibration
            .confounded
            .iter()
            .map(|&(a, b, c)| {
                (calibration.settings[a].setting.path.clone(), calibration.settings[b].setting.path.clone(), finite(c))
            })
            .collect();
        let observations = &calibration.observations;
        let fit = observations
            .iter()
            .zip(&calibration.weights_sd)
            .map(|(o, &sd)| {
                let simulated = stat_of(o, records);
                FitRow {
                    line: o.line,
                    scope: o.scope_name.clone(),
                    year: o.year,
                    indicator: info(o.indicator).name.to_string(),
                    key: o.key_text.clone(),
                    unit: info(o.indicator).unit.to_string(),
                    observed: o.value,
                    sd,
                    simulated,
                    residual: simulated.map(|s| s.mean - o.value),
                }
            })
            .collect();
        let base = check.simulation.base_year;
        let years: Vec<i32> = (0..records.layout.years).map(|y| base + y as i32).collect();
        let mut series: Vec<SavedSeries> = Vec::new();
        for (o, &sd) in observations.iter().zip(&calibration.weights_sd) {
            let name = info(o.indicator).name.to_string();
            let same = |s: &&mut SavedSeries| s.scope == o.scope_name && s.indicator == name && s.key == o.key_text;
            if let Some(existing) = series.iter_mut().find(same) {
                existing.observed.push((o.year, o.value, sd));
                continue;
            }
            let stats = (0..years.len())
                .map(|y| stat_of(&Observation { year_index: y, year: base + y as i32, ..o.clone() }, records))
                .collect();
            series.push(SavedSeries {
                scope: o.scope_name.clone(),
                indicator: name,
                key: o.key_text.clone(),
                years: years.clone(),
                stats,
                observed: vec![(o.year, o.value, sd)],
            });
        }
        let runs = &calibration.runs;
        CalibrationFile {
            observed_file: observed_file.to_string(),
            fit_scale: runs.scale,
            fit_replicates: runs.replicates,
            seed: runs.seed,
            obs_cv: runs.obs_cv,
            iterations: calibration.iterations,
            evaluations: calibration.evaluations,
            converged: calibration.converged,
            start_objective: calibration.start_objective,
            objective: calibration.objective,
            settings,
            correlation,
            confounded,
            fit,
            series,
        }
    }

    /// `fit.csv`: each observation, the check run's mean and 5–95% range, the residual.
    pub fn fit_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = [
            "line",
            "scope",
            "year",
            "indicator",
            "key",
            "unit",
            "observed",
            "sd",
            "simulated_mean",
            "simulated_p5",
            "simulated_p95",
            "residual",
            "residual_in_sd",
        ];
        let _ = w.write_record(header);
        // As indicators.csv writes numbers: at most six decimals, so that a
        // difference reads 609.8, not 609.8000000000001.
        let num = |v: Option<f64>| v.map(super::csv_out::number).unwrap_or_default();
        for r in &self.fit {
            let s = r.simulated;
            let _ = w.write_record([
                r.line.to_string(),
                r.scope.clone(),
                r.year.to_string(),
                r.indicator.clone(),
                r.key.clone(),
                r.unit.clone(),
                super::csv_out::number(r.observed),
                super::csv_out::number(r.sd),
                num(s.map(|s| s.mean)),
                num(s.map(|s| s.p5)),
                num(s.map(|s| s.p95)),
                num(r.residual),
                num(r.residual.map(|e| e / r.sd)),
            ]);
        }
        w.into_inner().unwrap_or_default()
    }

    /// `calibrated.toml`: a scenario that extends `extends` (a shipped name
    /// or an absolute path) and sets the fitted values, each commented with
    /// its standard error and what it was fitted to.
    pub fn calibrated_toml(&self, extends: &str, name: &str, [title_vi, title_en]: [&str; 2]) -> String {
        let mut out = String::new();
        // In both languages, each with its own numbers (0,6 in Vietnamese).
        let n = |v: f64, lang: Lang| crate::text::number_for(v, 3, lang);
        out.push_str(&format!(
            "# {name}: fitted by `agroshift calibrate` to {} ({}).\n\
             # Weighted sum of squares {} at the start, {} fitted; {} simulations at scale {}\n\
             # with {} replicates, seed {}.\n",
            self.observed_file,
            crate::text::count_en(self.fit.len(), "observation", "observations"),
            n(self.start_objective, Lang::En),
            n(self.objective, Lang::En),
            self.evaluations,
            self.fit_scale,
            self.fit_replicates,
            self.seed
        ));
        out.push_str(&format!(
            "# Hiệu chỉnh bằng `agroshift calibrate` theo {} ({} số liệu quan sát).\n\
             # Tổng bình phương có trọng số {} ban đầu, {} sau hiệu chỉnh; {} lần chạy ở quy mô {}\n\
             # với {} lần mô phỏng, seed {}.\n",
            self.observed_file,
            self.fit.len(),
            n(self.start_objective, Lang::Vi),
            n(self.objective, Lang::Vi),
            self.evaluations,
            crate::text::scale_text(self.fit_scale, Lang::Vi),
            self.fit_replicates,
            self.seed
        ));
        out.push_str(&format!("name = {}\nextends = {}\n", toml_string(name), toml_string(extends)));
        out.push_str(&format!("title_vi = {}\ntitle_en = {}\n", toml_string(title_vi), toml_string(title_en)));
        // The seed of the fit and of its check run, so that a run of this file repeats the check.
        out.push_str(&format!("\n[simulation]\nseed = {}\n", self.seed));
        // One header per table: the settings grouped by their table, in the order first named.
        let mut order: Vec<String> = Vec::new();
        for s in &self.settings {
            let keys = crate::calibrate::setting::split_path(&s.path).unwrap_or_default();
            let parent = crate::calibrate::setting::path_text(&keys[..keys.len().saturating_sub(1)]);
            if !order.contains(&parent) {
                order.push(parent);
            }
        }
        let parent_of = |path: &str| {
            let keys = crate::calibrate::setting::split_path(path).unwrap_or_default();
            crate::calibrate::setting::path_text(&keys[..keys.len().saturating_sub(1)])
        };
        let mut grouped: Vec<&SavedSetting> = self.settings.iter().collect();
        grouped.sort_by_key(|s| order.iter().position(|p| *p == parent_of(&s.path)));
        let mut current_table: Option<String> = None;
        for s in grouped {
            let keys = crate::calibrate::setting::split_path(&s.path).unwrap_or_default();
            let Some((last, parents)) = keys.split_last() else { continue };
            let table = crate::calibrate::setting::path_text(parents);
            if current_table.as_deref() != Some(table.as_str()) {
                out.push_str(&format!("\n[{table}]\n"));
                current_table = Some(table);
            }
            // Significant digits: a standard error of 0.00002 is not "0.0000".
            let said = |lang: Lang| {
                let se = match s.se {
                    Some(se) => {
                        format!("± {} ({})", significant(se, lang), lang.pick("sai số chuẩn", "standard error"))
                    }
                    None => lang.pick("số liệu không xác định được giá trị này", "not identified by the data").into(),
                };
                let bound = if s.on_bound { lang.pick(", nằm ở giới hạn", ", on its bound") } else { "" };
                let (was, fitted) = (lang.pick("ban đầu", "was"), lang.pick("hiệu chỉnh", "fitted"));
                // The start as it was written, grouped as `lang` reads numbers.
                format!("{was} {}; {fitted} {se}{bound}", crate::text::number_trimmed(s.start, 8, lang))
            };
            out.push_str(&format!("# {}\n#   {}\n", said(Lang::En), said(Lang::Vi)));
            out.push_str(&format!(
                "{} = {}\n",
                crate::calibrate::setting::path_text(std::slice::from_ref(last)),
                s.value
            ));
        }
        // Each fitted setting's source, so that the report and workbook of
        // a run of this file cite the fit, not the estimate it replaced.
        if !self.settings.is_empty() {
            out.push_str("\n[sources]\n");
        }
        for s in &self.settings {
            let source = fitted_source(&self.observed_file, self.fit.len(), s.on_bound, s.se.is_some());
            // A constant's name bare, as the shipped files write it; a path
            // quoted, so that it stays one key rather than nested tables.
            let key = source_key(&s.path);
            let key = if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') { key } else { toml_string(&key) };
            out.push_str(&format!("{key} = {}\n", toml_string(&source)));
        }
        out
    }
}

/// Where a fitted setting's source goes in a scenario's `[sources]`: a
/// constant of `[parameters]` or `[policy]` by its name, as the report
/// looks those up; any other (a crop's, a market's, a zone's setting) by
/// its path, which the report adds to that row's source.
pub fn source_key(path: &str) -> String {
    let keys = crate::calibrate::setting::split_path(path).unwrap_or_default();
    match keys.as_slice() {
        [table, name] if table == "parameters" || table == "policy" => name.clone(),
        _ => path.to_string(),
    }
}

/// The source of a setting `calibrate` fitted to `observations` numbers of
/// `observed_file`, with what the fit could not do: a value on its bound,
/// or one the data cannot move.
pub fn fitted_source(observed_file: &str, observations: usize, on_bound: bool, identified: bool) -> String {
    let mut source = format!(
        "fitted by agroshift calibrate to {observed_file} ({})",
        crate::text::count_en(observations, "observation", "observations")
    );
    if on_bound {
        source.push_str("; on its bound");
    }
    if !identified {
        source.push_str("; not identified by the data");
    }
    source
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The chart's title of an observed series.
pub fn series_title(series: &SavedSeries, scenario: &Scenario, lang: Lang) -> String {
    observed_label(&series.scope, &series.indicator, &series.key, scenario, lang)
}

/// An observed number's scope, indicator and crops in words:
/// "Sông Mã: Area — Old seedling longan + Grafted longan".
pub fn observed_label(scope: &str, indicator: &str, key: &str, scenario: &Scenario, lang: Lang) -> String {
    let ind = crate::stats::indicators::by_name(indicator).map(info);
    let label = ind.map(|i| lang.pick(i.label_vi, i.label_en)).unwrap_or(indicator);
    let key = if key.is_empty() {
        String::new()
    } else {
        // A crop by its name; a market (a price's key) by its crops' names.
        let names: Vec<String> = key
            .split('+')
            .map(|k| {
                let k = k.trim();
                match scenario.crop_by_key(k) {
                    Some(c) => c.name(lang).to_string(),
                    None if scenario.markets.iter().any(|m| m.key == k) => scenario.market_name(k, lang),
                    None => k.to_string(),
                }
            })
            .collect();
        format!(" — {}", names.join(" + "))
    };
    let scope = if scope == "province" { lang.pick("Toàn tỉnh", "Province").to_string() } else { scope.to_string() };
    format!("{scope}: {label}{key}")
}

/// A number with four significant digits, as `lang` writes numbers.
pub fn significant(v: f64, lang: Lang) -> String {
    if v == 0.0 || !v.is_finite() {
        return crate::text::number_for(v, 0, lang);
    }
    // Below what eight decimals show, an exponent rather than "0".
    if v.abs() < 1e-5 {
        let text = format!("{v:.3e}");
        return if lang == Lang::Vi { text.replace('.', ",") } else { text };
    }
    let decimals = (3 - v.abs().log10().floor() as i32).clamp(0, 8) as usize;
    let text = crate::text::number_for(v, decimals, lang);
    // Four significant digits, but no trailing zeros: a bound of 5 reads
    // "5", not "5,000", which a Vietnamese reader takes for five thousand.
    let point = if lang == Lang::Vi { ',' } else { '.' };
    if decimals > 0 { text.trim_end_matches('0').trim_end_matches(point).to_string() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_without_trailing_zeros_and_never_a_false_zero() {
        assert_eq!(significant(5.0, Lang::Vi), "5");
        assert_eq!(significant(0.6113, Lang::Vi), "0,6113");
        assert_eq!(significant(0.0381234, Lang::En), "0.03812");
        assert_eq!(significant(41_551_181.2, Lang::En), "41,551,181");
        // A standard error far below eight decimals is not "0".
        assert_eq!(significant(2.5e-9, Lang::En), "2.500e-9");
        assert_eq!(significant(-2.5e-9, Lang::Vi), "-2,500e-9");
    }
}
