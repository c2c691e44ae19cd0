//! The files of `frontier` (`frontier.csv` and the risk–return chart) and
//! of `sensitivity` (`sensitivity.csv` and the tornado chart).

use std::path::Path;

use super::Writing;
use super::charts::explore::{FrontierChart, TornadoChart, draw_frontier, draw_tornado};
use super::comparison::footer;
use super::csv_out::{restyle, write_csv};
use super::results::number;

/// A number for a CSV cell, or an empty cell where there is no value.
fn cell(value: f64) -> String {
    if value.is_finite() { number(value) } else { String::new() }
}
use super::units::shown_unit;
use super::write_file;
use crate::error::{Error, Result};
use crate::explore::frontier::{MixResult, downside_percent};
use crate::explore::sensitivity::{Lever, SensitivityRow};
use crate::scenario::{CropId, Lang, Scenario};
use crate::stats::indicators::Better;

/// The footer of the frontier and tornado charts: the scenario, then the
/// run's settings as every exploration chart gives them.
fn named_footer(s: &Scenario, lang: crate::scenario::Lang) -> String {
    format!("{} {} · {}", lang.pick("Kịch bản", "Scenario"), s.name, footer(s, lang))
}

/// The outcome a frontier ranked its mixes by, as its files show it.
#[derive(Debug, Clone, Copy)]
pub struct FrontierOutcome<'a> {
    /// The outcome in words, with its year.
    pub label: &'a str,
    /// The indicator's unit as stored (`VND`, `households`, empty for an index).
    pub indicator_unit: &'a str,
    /// Which way it is better.
    pub better: Better,
}

/// Writes `frontier.csv` and the risk–return chart of `results` (mixes of
/// `ids` in `s`, ranked by `outcome`) into `dir`. The downside's column is
/// named by its percentile (`p5` or `p95`).
pub fn write_frontier(
    dir: &Path,
    s: &Scenario,
    ids: &[CropId],
    results: &[MixResult],
    outcome: &FrontierOutcome<'_>,
    how: Writing,
) -> Result<()> {
    let FrontierOutcome { label, indicator_unit, better } = *outcome;
    let Writing { lang, csv: csv_style } = how;
    let (unit, divisor) = shown_unit(indicator_unit, lang);
    let write = |name: &str, bytes: &[u8]| write_file(dir, name, bytes);
    let names: Vec<String> = ids.iter().map(|c| s.crops[c.index()].key.clone()).collect();
    let mut header: Vec<String> = names.iter().map(|n| format!("share_{n}")).collect();
    let downside = format!("p{}", downside_percent(better));
    header.extend(["outcome", "unit", "mean", &downside, "crash_year_probability", "efficient"].map(String::from));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let body = results.iter().map(|r| {
        let mut row: Vec<String> = r.shares.iter().map(|v| number(*v)).collect();
        row.extend([
            label.to_string(),
            indicator_unit.to_string(),
            cell(r.mean),
            cell(r.downside),
            number(r.crash_probability),
            if r.efficient { "yes".into() } else { "no".into() },
        ]);
        row
    });
    let mut csv = Vec::new();
    write_csv(&mut csv, &header_refs, body).map_err(|e| Error::io("writing frontier.csv", e))?;
    write("frontier.csv", &restyle(&csv, csv_style))?;

    let crop_names: Vec<String> = ids.iter().map(|c| s.crops[c.index()].name(lang).to_string()).collect();
    let chart = FrontierChart {
        title: format!(
            "{} — {label}",
            lang.pick("Lợi ích và rủi ro theo cơ cấu cây trồng", "Return and risk by crop mix")
        ),
        results,
        crop_names,
        unit: unit.clone(),
        divisor,
        better,
        lang,
        footer: named_footer(s, lang),
    };
    draw_frontier(dir, &chart).map_err(|e| Error::Failed(format!("drawing the frontier: {e}")))?;
    Ok(())
}

/// What the `*` beside a lever means in a sensitivity's outputs: its
/// effect cannot be told from zero ([`SensitivityRow::within_noise`]).
pub fn within_noise_words(lang: Lang) -> &'static str {
    lang.pick("chưa phân biệt được với 0", "not distinguishable from 0")
}

/// What a lever marked `*` means, for the reader.
pub fn within_noise_note(replicates: u32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "* {}: khoảng tin cậy 95% của chênh lệch qua {replicates} lần mô phỏng có chứa 0, nên chênh lệch này có thể chỉ là dao động ngẫu nhiên; tăng --replicates để biết chắc hơn.",
            within_noise_words(lang)
        ),
        Lang::En => format!(
            "* {}: the 95% interval of the effect over {replicates} replicates includes 0, so it may be Monte Carlo noise; raise --replicates to tell.",
            within_noise_words(lang)
        ),
    }
}

/// Whether any lever of `rows` is marked `*`.
pub fn any_within_noise(rows: &[SensitivityRow]) -> bool {
    rows.iter().any(|r| r.within_noise() == Some(true))
}

/// Writes `sensitivity.csv` and the tornado chart of `rows` (ranked, for the
/// outcome `label` measured in `indicator_unit`, levers moved by ±`change`)
/// into `dir`.
pub fn write_sensitivity(
    dir: &Path,
    s: &Scenario,
    rows: &[SensitivityRow],
    label: &str,
    indicator_unit: &str,
    change: f64,
    how: Writing,
) -> Result<()> {
    let Writing { lang, csv: csv_style } = how;
    let (unit, divisor) = shown_unit(indicator_unit, lang);
    let write = |name: &str, bytes: &[u8]| write_file(dir, name, bytes);
    let header = [
        "rank",
        "parameter",
        "low_factor",
        "high_factor",
        "indicator",
        "unit",
        "low",
        "base",
        "high",
        "effect_high_minus_low",
        "effect_se",
        "within_noise",
    ];
    let body = rows.iter().enumerate().map(|(i, r)| {
        vec![
            (i + 1).to_string(),
            r.parameter.to_string(),
            number(r.low_factor),
            number(r.high_factor),
            label.to_string(),
            indicator_unit.to_string(),
            cell(r.low),
            cell(r.base),
            cell(r.high),
            cell(r.effect),
            cell(r.effect_se),
            // Empty where the error is unknown (a single replicate).
            match r.within_noise() {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            }
            .to_string(),
        ]
    });
    let mut csv = Vec::new();
    write_csv(&mut csv, &header, body).map_err(|e| Error::io("writing sensitivity.csv", e))?;
    write("sensitivity.csv", &restyle(&csv, csv_style))?;

    // A lever whose effect is within Monte Carlo noise says so on its bar.
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            let name = Lever::ALL
                .iter()
                .find(|l| l.name() == r.parameter)
                .map_or(r.parameter.to_string(), |l| l.label(lang).to_string());
            if r.within_noise() == Some(true) { format!("{name} *") } else { name }
        })
        .collect();
    let chart = TornadoChart {
        title: format!("{} ±{:.0}% — {label}", lang.pick("Độ nhạy", "Sensitivity"), change * 100.0),
        rows,
        labels,
        axis_title: crate::text::with_unit(label, &unit),
        value_unit: unit.to_string(),
        divisor,
        lang,
        footer: if any_within_noise(rows) {
            format!("{} · * {}", named_footer(s, lang), within_noise_words(lang))
        } else {
            named_footer(s, lang)
        },
    };
    draw_tornado(dir, &chart).map_err(|e| Error::Failed(format!("drawing the tornado: {e}")))?;
    Ok(())
}
