//! The report's calibration section and the warnings a planner must read,
//! from a saved calibration (`calibration.json`).

use super::calibration::{CalibrationFile, significant};
use super::document::{Block, Cell, Figure, Table};
use super::units::{shown_decimals, shown_unit};
use crate::scenario::{Lang, Scenario};
use crate::text::number_for;

/// The report's calibration section; its charts are the figures named
/// `calibration-*` among `figures`.
pub fn calibration_blocks(file: &CalibrationFile, figures: &[Figure], scenario: &Scenario, lang: Lang) -> Vec<Block> {
    let mut blocks = vec![Block::Heading { level: 2, text: heading(lang).into() }];
    blocks.push(Block::Paragraph(fit_paragraph(file, lang)));
    let header = [
        lang.pick("Tham số", "Setting"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Ban đầu", "Start"),
        lang.pick("Hiệu chỉnh", "Fitted"),
        lang.pick("Sai số chuẩn", "Std. error"),
        lang.pick("Giới hạn", "Bounds"),
    ];
    let significant = |v: f64| significant(v, lang);
    let rows = file
        .settings
        .iter()
        .map(|s| {
            vec![
                Cell::label(setting_words(&s.path, lang)),
                Cell::label(unit_words(&s.unit, lang)),
                Cell::number(significant(s.start)),
                Cell::number(if s.on_bound {
                    format!("{} ({})", significant(s.value), lang.pick("giới hạn", "bound"))
                } else {
                    significant(s.value)
                }),
                Cell::number(s.se.map(significant).unwrap_or_else(|| "∞".into())),
                Cell::label(format!("{} – {}", significant(s.low), significant(s.high))),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table { header: header.iter().map(|h| h.to_string()).collect(), rows }));
    if file.settings.len() > 1 {
        blocks.push(Block::Table(correlation_table(file, lang)));
    }
    for w in calibration_warnings(file, lang) {
        blocks.push(Block::Note(w));
    }
    let header = [
        lang.pick("Số liệu quan sát", "Observation"),
        lang.pick("Năm", "Year"),
        lang.pick("Quan sát", "Observed"),
        lang.pick("Mô phỏng", "Simulated"),
        lang.pick("Chênh lệch", "Residual"),
        lang.pick("Chênh lệch / sai số của số liệu", "Residual / its sd"),
    ];
    let rows = file
        .fit
        .iter()
        .map(|r| {
            let (unit, divisor) = shown_unit(&r.unit, lang);
            let decimals = shown_decimals(&r.unit, divisor);
            let shown = |v: f64| number_for(v / divisor, decimals, lang);
            let simulated = match r.simulated {
                Some(s) => Cell::with_range(shown(s.mean), format!("{} – {}", shown(s.p5), shown(s.p95))),
                None => Cell::number("–"),
            };
            vec![
                Cell::label(format!(
                    "{} ({unit})",
                    super::calibration::observed_label(&r.scope, &r.indicator, &r.key, scenario, lang)
                )),
                Cell::number(r.year.to_string()),
                Cell::number(shown(r.observed)),
                simulated,
                Cell::number(
                    r.residual
                        .map(|e| format!("{}{}", if e >= 0.0 { "+" } else { "" }, shown(e)))
                        .unwrap_or("–".into()),
                ),
                // How far off in the observation's own uncertainty: within
                // about ±2 the fit is as good as the number is sure.
                Cell::number(
                    r.residual
                        .filter(|_| r.sd > 0.0)
                        .map(|e| format!("{}{}", if e >= 0.0 { "+" } else { "" }, number_for(e / r.sd, 1, lang)))
                        .unwrap_or("–".into()),
                ),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table { header: header.iter().map(|h| h.to_string()).collect(), rows }));
    blocks.push(Block::Note(
            lang.pick(
                "Mô phỏng: trung bình của lần chạy kiểm tra, dòng dưới là khoảng 5–95%; chênh lệch = mô phỏng − quan sát, rồi chia cho sai số (sd) của số liệu: trong khoảng ±2 là khớp trong độ chính xác của số liệu. Tệp: fit.csv, calibrated.toml.",
                "Simulated: the check run's mean, with its 5–95% range below; residual = simulated − observed, then divided by the observation's uncertainty (sd): within ±2 the fit is as close as the number is sure. Files: fit.csv, calibrated.toml.",
            )
            .into(),
        ));
    blocks.extend(figures.iter().cloned().map(Block::Figure));
    blocks
}

/// The calibration section's heading.
fn heading(lang: Lang) -> &'static str {
    lang.pick("Hiệu chỉnh theo số liệu thực tế", "Calibration to observed data")
}

/// What was fitted to what, how, and how far the fit moved.
fn fit_paragraph(file: &CalibrationFile, lang: Lang) -> String {
    let (file_name, evaluations, replicates, seed) =
        (&file.observed_file, file.evaluations, file.fit_replicates, file.seed);
    let scale = crate::text::scale_text(file.fit_scale, lang);
    let (start, end) = (number_for(file.start_objective, 2, lang), number_for(file.objective, 2, lang));
    match lang {
        Lang::Vi => format!(
            "Các tham số dưới đây được ước lượng để trung bình mô phỏng khớp với {} số liệu quan sát trong {file_name} (bình phương tối thiểu có trọng số, Levenberg–Marquardt; {evaluations} lần chạy ở quy mô {scale} với {replicates} lần mô phỏng, cùng seed {seed}). Tổng bình phương sai số có trọng số giảm từ {start} xuống {end}. Kết quả của báo cáo này là lần chạy kiểm tra với các giá trị đã hiệu chỉnh.",
            file.fit.len()
        ),
        Lang::En => format!(
            "The settings below were estimated so that the simulated means match {} in {file_name} (weighted least squares, Levenberg–Marquardt; {evaluations} simulations at scale {scale} with {replicates} replicates, all with seed {seed}). The weighted sum of squares fell from {start} to {end}. This report's results are the check run with the fitted values.",
            crate::text::count_en(file.fit.len(), "observation", "observations")
        ),
    }
}

/// The calibration for `summary.md`: the section's paragraph, each fitted
/// setting from its start to its fitted value with its standard error, and
/// the warnings a planner must read.
pub fn calibration_md(file: &CalibrationFile, lang: Lang) -> String {
    let mut out = format!("\n## {}\n\n{}\n\n", heading(lang), fit_paragraph(file, lang));
    let n = |v: f64| significant(v, lang);
    for s in &file.settings {
        let se = s.se.map(n).unwrap_or_else(|| "∞".into());
        let unit = unit_words(&s.unit, lang);
        let bound = if s.on_bound { lang.pick(" (giới hạn)", " (bound)") } else { "" };
        let line = format!("- {}: {} → {}{bound} ± {se} {unit}", setting_words(&s.path, lang), n(s.start), n(s.value));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for w in calibration_warnings(file, lang) {
        out.push_str(&format!("\n> {w}\n"));
    }
    out
}

/// A fitted setting in words: a constant of `[parameters]` or `[policy]`
/// by its meaning and key (as the table of assumptions names it), any
/// other by its path.
pub fn setting_words(path: &str, lang: Lang) -> String {
    match path.split_once('.') {
        Some((section @ ("parameters" | "policy"), key)) if !key.contains('.') => {
            super::setting_words::setting_label(section, key, lang)
        }
        _ => path.to_string(),
    }
}

/// The warnings a planner must read: settings on a bound, settings the
/// data cannot tell apart.
pub fn calibration_warnings(file: &CalibrationFile, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let n = |v: f64| significant(v, lang);
    // Settings by their meaning and key, as the report's table names them.
    let words = |path: &str| setting_words(path, lang);
    for s in &file.settings {
        if !s.moves {
            out.push(match lang {
                Lang::Vi => format!("{} không làm thay đổi các số liệu mô phỏng được so sánh: số liệu này không nói gì về nó (sai số chuẩn vô hạn).", words(&s.path)),
                Lang::En => format!("{} does not change the simulated numbers compared: these data say nothing about it (infinite standard error).", words(&s.path)),
            });
        } else if s.on_bound {
            out.push(match lang {
                Lang::Vi => format!("{} nằm ở giới hạn của nó ({} – {}): số liệu muốn đẩy nó ra xa hơn; giá trị này và sai số chuẩn của nó không đáng tin.", words(&s.path), n(s.low), n(s.high)),
                Lang::En => format!("{} sits on its bound ({} – {}): the data pull it further; its value and standard error cannot be trusted.", words(&s.path), n(s.low), n(s.high)),
            });
        }
    }
    for (a, b, c) in &file.confounded {
        let c = c.map(|c| number_for(c, 2, lang)).unwrap_or_else(|| "–".into());
        let (a, b) = (words(a), words(b));
        out.push(match lang {
            Lang::Vi => format!("{a} và {b} không phân biệt được bằng số liệu này (tương quan {c}): giữ một tham số cố định, hoặc thêm số liệu quan sát khác."),
            Lang::En => format!("{a} and {b} cannot be told apart by these data (correlation {c}): keep one fixed, or add other observations."),
        });
    }
    // A weighted sum of squares near the number of observations is a fit
    // within the data's own errors; far above it, after barely falling, the
    // solver most likely felt no slope where it started.
    let observations = file.fit.len() as f64;
    let fell = (file.start_objective - file.objective) / file.start_objective.max(f64::MIN_POSITIVE);
    if fell < 0.05 && file.objective > 2.0 * observations {
        let (start, end) = (number_for(file.start_objective, 2, lang), number_for(file.objective, 2, lang));
        out.push(match lang {
            Lang::Vi => format!(
                "Lời giải hầu như không rời điểm xuất phát (tổng bình phương từ {start} xuống {end}) mà vẫn còn xa số liệu. Ở quy mô và số lần mô phỏng này, trung bình mô phỏng có thể thay đổi theo bậc quá thô để bộ giải nhận ra hướng đi, hoặc điểm xuất phát nằm ở vùng phẳng: tăng --scale hoặc --replicates, hoặc bắt đầu từ giá trị khác (đặt trong kịch bản)."
            ),
            Lang::En => format!(
                "The fit hardly moved from its start (the sum of squares went from {start} to {end}) and still misses the data by far. At this scale and number of replicates the simulated means may change in steps too coarse for the solver to find a direction, or the start lies in a flat region: raise --scale or --replicates, or start from another value (set it in the scenario)."
            ),
        });
    }
    if !file.converged {
        out.push(
            lang.pick(
                "Bộ giải dừng ở số vòng lặp tối đa; tổng bình phương vẫn còn giảm (tăng --max-iterations).",
                "The solver stopped at its iteration limit while the sum of squares was still falling (raise --max-iterations).",
            )
            .into(),
        );
    }
    out
}

/// A setting's unit as the ranges table writes it, in the report's language.
/// A fitted setting's unit as the scenario file writes it, in `lang`.
pub fn unit_words(unit: &str, lang: Lang) -> String {
    let vi = match unit {
        "per year" => "mỗi năm",
        "share" => "tỷ lệ",
        "years" => "năm",
        "year" => "năm",
        "households" => "hộ",
        "parcels" => "thửa",
        "M VND/ha" => "tr.đ/ha",
        "VND/ha" => "đ/ha",
        "VND/kg" => "đ/kg",
        "VND" => "đồng",
        "" => "–",
        other => other,
    };
    match lang {
        Lang::Vi => vi.to_string(),
        Lang::En if unit.is_empty() => "–".to_string(),
        Lang::En => unit.to_string(),
    }
}

/// The fitted settings' correlation matrix, as a table.
pub fn correlation_table(file: &CalibrationFile, lang: Lang) -> Table {
    let short = |path: &str| path.rsplit('.').next().unwrap_or(path).trim_matches('"').to_string();
    let mut header = vec![lang.pick("Tương quan", "Correlation").to_string()];
    header.extend(file.settings.iter().map(|s| short(&s.path)));
    let rows = file
        .settings
        .iter()
        .zip(&file.correlation)
        .map(|(s, row)| {
            let mut cells = vec![Cell::label(short(&s.path))];
            cells.extend(row.iter().map(|c| Cell::number(c.map_or("–".to_string(), |c| number_for(c, 2, lang)))));
            cells
        })
        .collect();
    Table { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::calibration::FitRow;

    fn file(start_objective: f64, objective: f64, observations: usize) -> CalibrationFile {
        let row = FitRow {
            line: 2,
            scope: "province".into(),
            year: 2018,
            indicator: "area_ha".into(),
            key: "maize".into(),
            unit: "ha".into(),
            observed: 1.0,
            sd: 0.1,
            simulated: None,
            residual: None,
        };
        CalibrationFile {
            observed_file: "obs.csv".into(),
            fit_scale: 0.03,
            fit_replicates: 4,
            seed: 1,
            obs_cv: 0.1,
            iterations: 2,
            evaluations: 6,
            converged: true,
            start_objective,
            objective,
            settings: Vec::new(),
            correlation: Vec::new(),
            confounded: Vec::new(),
            fit: vec![row; observations],
            series: Vec::new(),
        }
    }

    #[test]
    fn a_fit_that_barely_moved_and_still_misses_is_warned_of() {
        let stuck = |f: &CalibrationFile| calibration_warnings(f, Lang::En).iter().any(|w| w.contains("hardly moved"));
        assert!(stuck(&file(36.56, 36.54, 5)), "a hostile pass's fit: 36.56 → 36.54 on 5 observations");
        assert!(!stuck(&file(36.56, 7.7, 5)), "a fit that fell");
        assert!(!stuck(&file(5.2, 5.1, 5)), "a fit already within the data's errors");
    }
}
