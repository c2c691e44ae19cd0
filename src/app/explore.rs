//! The exploration commands: `compare`, `frontier`, `sensitivity`.

use std::path::PathBuf;

use super::console::{self, RunProgress, note, stopped};
use super::interrupt;
use super::settings::{configure, worker_pool};
use crate::cli::{RunOptions, TargetArgs};
use agroshift::engine::run_replicates;
use agroshift::error::{Error, Result};
use agroshift::explore::compare::{ScenarioRun, compare, fruit_crops, outcome_stats};
use agroshift::explore::frontier::{CRASH_INDEX, MAX_MIXES, Target, frontier, frontier_province, mix_count};
use agroshift::explore::outcome::Outcome;
use agroshift::explore::sensitivity::{Lever, SensitivityRow, rank_by_effect};
use agroshift::output::atomic::StagedDir;
use agroshift::output::charts::explore::{FrontierChart, TornadoChart, draw_frontier, draw_overlay, draw_tornado};
use agroshift::output::charts::series::BandSeries;
use agroshift::output::charts::style::series_colour;
use agroshift::output::csv_out::write_csv;
use agroshift::output::report::{escape, page_head, plain_description};
use agroshift::output::results::{milestone_years, number};
use agroshift::province::build_province;
use agroshift::scenario::{self, CropId, Lang, Mode, Scenario};
use agroshift::stats::indicators::{KeyKind, by_name, info};
use agroshift::stats::summary::Stat;
use agroshift::text::{did_you_mean, number_for};

fn say(args: &RunOptions, text: &str) {
    note(args.quiet, text);
}

fn footer(s: &Scenario, lang: Lang) -> String {
    let sim = &s.simulation;
    match lang {
        Lang::Vi => format!(
            "{} lần mô phỏng · seed {} · quy mô {} · agroshift {}",
            sim.replicates,
            sim.seed,
            sim.scale,
            env!("CARGO_PKG_VERSION")
        ),
        Lang::En => format!(
            "{} replicates · seed {} · scale {} · agroshift {}",
            sim.replicates,
            sim.seed,
            sim.scale,
            env!("CARGO_PKG_VERSION")
        ),
    }
}

fn scaled(stats: Vec<Option<Stat>>, divisor: f64) -> Vec<Option<Stat>> {
    stats
        .into_iter()
        .map(|s| {
            s.map(|s| Stat {
                mean: s.mean / divisor,
                sd: s.sd / divisor,
                p5: s.p5 / divisor,
                p25: s.p25 / divisor,
                p50: s.p50 / divisor,
                p75: s.p75 / divisor,
                p95: s.p95 / divisor,
                n: s.n,
            })
        })
        .collect()
}

/// `agroshift compare A B [C…]`.
pub fn compare_command(specs: &[String], args: &RunOptions, lang: Lang) -> Result<()> {
    let mut scenarios = Vec::new();
    let mut errors = Vec::new();
    for spec in specs {
        match scenario::open(spec) {
            Ok(s) => scenarios.push(s),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(agroshift::error::InputErrors(errors)));
    }
    check_comparable(&scenarios, specs, args)?;
    // Every scenario runs with the first one's seed, replicates and scale,
    // so the differences are paired (common random numbers).
    configure(&mut scenarios[0], args, None, None)?;
    let settings = scenarios[0].simulation.clone();
    for s in scenarios.iter_mut().skip(1) {
        let own = &s.simulation;
        if (own.seed, own.replicates, own.scale) != (settings.seed, settings.replicates, settings.scale) {
            say(
                args,
                &format!(
                    "{}: runs with seed {}, {} replicates and scale {} like {} (its own: {}, {}, {}), so that the differences are paired",
                    s.name,
                    settings.seed,
                    settings.replicates,
                    settings.scale,
                    specs[0],
                    own.seed,
                    own.replicates,
                    own.scale
                ),
            );
        }
        s.simulation = settings.clone();
        if let Some(problem) = s.size_problem() {
            return Err(Error::Usage(format!("{}: {problem}", s.name)));
        }
    }
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(format!("compare-{}", names.join("-vs-"))));
    let staged = StagedDir::begin(&out, args.force, "compare")?;
    let pool = worker_pool(args.threads)?;
    let mut runs = Vec::new();
    for (i, s) in scenarios.into_iter().enumerate() {
        say(
            args,
            &format!(
                "{} ({}/{}): {} replicates, scale {}",
                s.name,
                i + 1,
                specs.len(),
                settings.replicates,
                settings.scale
            ),
        );
        let records = pool
            .install(|| {
                let province = build_province(&s);
                run_replicates(&s, &province, &RunProgress::hidden())
            })
            .map_err(stopped)?;
        runs.push(ScenarioRun { scenario: s, records });
    }
    let fruit = fruit_crops(&runs);
    let milestones = milestone_years(settings.base_year, settings.years as usize);
    let rows = compare(&runs, &milestones, &fruit);
    let header = ["scenario", "outcome", "unit", "year", "mean", "p5", "p95", "diff_mean", "diff_p5", "diff_p95"];
    let body = rows.iter().map(|r| {
        vec![
            r.scenario.clone(),
            r.outcome.to_string(),
            r.unit.to_string(),
            r.year.to_string(),
            number(r.mean),
            number(r.p5),
            number(r.p95),
            number(r.diff_mean),
            number(r.diff_p5),
            number(r.diff_p95),
        ]
    });
    let mut csv = Vec::new();
    write_csv(&mut csv, &header, body).map_err(|e| Error::io("writing comparison.csv", e))?;
    staged.write("comparison.csv", &csv)?;

    // Overlaid charts.
    let figures_dir = staged.path().join("figures");
    std::fs::create_dir_all(&figures_dir).map_err(|e| Error::io("creating figures/", e))?;
    let years: Vec<i32> = (0..settings.years as i32).map(|y| settings.base_year + y).collect();
    let foot = footer(&runs[0].scenario, lang);
    let charts: [(Outcome, &str, String, String, f64); 5] = [
        (
            Outcome::HouseholdsAboveThreshold,
            "households-above-threshold",
            lang.pick("Số hộ có thu nhập từ 200 triệu đồng/năm trở lên", "Households earning 200 M VND a year or more")
                .to_string(),
            lang.pick("Số hộ", "Households").to_string(),
            1.0,
        ),
        (
            Outcome::FruitAreaHa,
            "fruit-area",
            lang.pick("Diện tích cây ăn quả ghép", "Area of grafted fruit").to_string(),
            lang.pick("nghìn ha", "thousand ha").to_string(),
            1000.0,
        ),
        (
            Outcome::TreeCoverPct,
            "tree-cover",
            lang.pick("Độ che phủ cây xanh", "Tree cover").to_string(),
            lang.pick("% diện tích tự nhiên", "% of natural area").to_string(),
            1.0,
        ),
        (
            Outcome::OrchardGovPerHa,
            "income-per-ha",
            lang.pick("Giá trị sản xuất trên 1 ha vườn cho quả", "Gross output per bearing ha of orchard").to_string(),
            lang.pick("triệu đồng/ha", "M VND/ha").to_string(),
            1e6,
        ),
        (
            Outcome::SubsidyCumulativeVnd,
            "subsidy-spent",
            lang.pick("Kinh phí hỗ trợ luỹ kế", "Subsidy and support spent, cumulative").to_string(),
            lang.pick("tỷ đồng", "bn VND").to_string(),
            1e9,
        ),
    ];
    let mut figure_names = Vec::new();
    for (outcome, name, title, unit, divisor) in &charts {
        let series: Vec<BandSeries> = runs
            .iter()
            .enumerate()
            .map(|(i, r)| BandSeries {
                label: r.scenario.title(lang).to_string(),
                colour: series_colour(i),
                stats: scaled(outcome_stats(r, *outcome, &fruit), *divisor),
            })
            .collect();
        draw_overlay(&figures_dir, name, title, unit, &years, &series, lang, &foot)
            .map_err(|e| Error::Failed(format!("drawing {name}: {e}")))?;
        figure_names.push((name.to_string(), title.clone()));
    }

    // Report and workbook.
    let mut html = page_head(lang.pick("So sánh kịch bản", "Scenario comparison"), lang);
    html.push_str(&format!("<h1>{}</h1>", escape(lang.pick("So sánh kịch bản", "Scenario comparison"))));
    html.push_str(&format!("<p>{}</p>", escape(&foot)));
    for r in &runs {
        html.push_str(&format!(
            "<h2>{} — {}</h2><p>{}</p>",
            escape(&r.scenario.name),
            escape(r.scenario.title(lang)),
            escape(&plain_description(&r.scenario, settings.replicates, settings.years as usize, lang))
        ));
    }
    html.push_str(&format!(
        "<h2>{}</h2><p>{}</p><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        escape(lang.pick("Kết quả", "Results")),
        escape(lang.pick("Trung bình (khoảng 5–95%); chênh lệch so với kịch bản đầu tiên, tính theo từng lần mô phỏng cùng giá và thời tiết.",
            "Mean (5–95% range); difference from the first scenario, paired replicate by replicate (same prices and weather).")),
        escape(lang.pick("Kịch bản", "Scenario")),
        escape(lang.pick("Chỉ tiêu", "Outcome")),
        escape(lang.pick("Năm", "Year")),
        escape(lang.pick("Giá trị", "Value")),
        escape(lang.pick("Chênh lệch", "Difference"))
    ));
    for r in &rows {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{} ({})</td><td>{}</td><td class=\"num\">{} ({}–{})</td><td class=\"num\">{} ({}–{})</td></tr>",
            escape(&r.scenario),
            r.outcome,
            r.unit,
            r.year,
            number_for(r.mean, 1, lang),
            number_for(r.p5, 1, lang),
            number_for(r.p95, 1, lang),
            number_for(r.diff_mean, 1, lang),
            number_for(r.diff_p5, 1, lang),
            number_for(r.diff_p95, 1, lang)
        ));
    }
    html.push_str("</table>");
    for (i, (name, title)) in figure_names.iter().enumerate() {
        let svg = std::fs::read_to_string(figures_dir.join(format!("{name}.svg"))).unwrap_or_default();
        let svg =
            svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]).replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
        html.push_str(&format!(
            "<figure>{svg}<figcaption><b>{} {}.</b> {}</figcaption></figure>",
            lang.pick("Hình", "Figure"),
            i + 1,
            escape(title)
        ));
    }
    html.push_str("</body></html>\n");
    staged.write("report.html", html.as_bytes())?;
    staged.write(
        "comparison.xlsx",
        &comparison_workbook(&rows, settings.base_year, lang)
            .map_err(|e| Error::Failed(format!("writing the workbook: {e}")))?,
    )?;
    interrupt::check()?;
    let written = staged.commit()?;
    if !args.quiet {
        console::println(&format!(
            "Comparison: {} (comparison.csv, report.html, comparison.xlsx, figures/)",
            written.display()
        ))?;
    }
    Ok(())
}

/// Scenarios can be compared when their names tell them apart and they
/// cover the same years (unless `--years` sets them for all).
fn check_comparable(scenarios: &[Scenario], specs: &[String], args: &RunOptions) -> Result<()> {
    for (i, a) in scenarios.iter().enumerate() {
        if let Some(j) = scenarios[..i].iter().position(|b| b.name == a.name) {
            return Err(Error::Usage(format!(
                "{} and {} are both named \"{}\", so their rows could not be told apart\n  help: give one of them its own name = \"…\" in its file",
                specs[j], specs[i], a.name
            )));
        }
    }
    let first = &scenarios[0].simulation;
    for (s, spec) in scenarios.iter().zip(specs).skip(1) {
        let own = &s.simulation;
        let years_differ = args.years.is_none() && own.years != first.years;
        if own.base_year != first.base_year || years_differ {
            return Err(Error::Usage(format!(
                "{spec} covers {}–{} but {} covers {}–{}; compared scenarios must cover the same years\n  help: set the same [simulation] base_year and years in both, or pass --years",
                own.base_year,
                own.base_year + own.years as i32 - 1,
                specs[0],
                first.base_year,
                first.base_year + first.years as i32 - 1
            )));
        }
    }
    Ok(())
}

fn comparison_workbook(
    rows: &[agroshift::explore::compare::ComparisonRow],
    base_year: i32,
    lang: Lang,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let mut book = agroshift::output::workbook::reproducible_workbook(base_year)?;
    let bold = Format::new().set_bold().set_background_color("#EEF5EE");
    let num = Format::new().set_num_format("#,##0.0");
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("So sánh", "Comparison").to_string())?;
    let header = ["scenario", "outcome", "unit", "year", "mean", "p5", "p95", "diff_mean", "diff_p5", "diff_p95"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, &r.scenario)?;
        sheet.write_string(row, 1, r.outcome)?;
        sheet.write_string(row, 2, r.unit)?;
        sheet.write_number(row, 3, r.year as f64)?;
        for (c, v) in [r.mean, r.p5, r.p95, r.diff_mean, r.diff_p5, r.diff_p95].iter().enumerate() {
            sheet.write_number_with_format(row, 4 + c as u16, *v, &num)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 22)?;
    book.save_to_buffer()
}

/// The indicator, key and year an exploration ranks by.
fn target(s: &Scenario, wanted: &TargetArgs, lang: Lang) -> Result<(Target, String)> {
    let (indicator, key, year) = (wanted.indicator.as_str(), wanted.key.as_deref(), wanted.year);
    let names: Vec<&str> = agroshift::stats::indicators::INDICATORS.iter().map(|i| i.name).collect();
    let ind = by_name(indicator).ok_or_else(|| {
        Error::Usage(format!(
            "no indicator named \"{indicator}\". {}",
            did_you_mean(indicator, names.iter().copied())
                .unwrap_or_else(|| format!("Indicators: {}", names.join(", ")))
        ))
    })?;
    let key_index = match (info(ind).key, key) {
        (KeyKind::None, _) => 0,
        (KeyKind::Crop, Some(k)) => {
            s.crops.iter().position(|c| c.key == k).ok_or_else(|| Error::Usage(format!("no crop named \"{k}\"")))?
        }
        (KeyKind::Market, Some(k)) => {
            s.markets.iter().position(|m| m.key == k).ok_or_else(|| Error::Usage(format!("no market named \"{k}\"")))?
        }
        (_, None) => return Err(Error::Usage(format!("{indicator} is given per crop or market: add --key"))),
    };
    let base = s.simulation.base_year;
    let last = base + s.simulation.years as i32 - 1;
    let y = year.unwrap_or(last);
    if y < base || y > last {
        return Err(Error::Usage(format!("--year must be between {base} and {last}, not {y}")));
    }
    let entry = info(ind);
    let name = lang.pick(entry.label_vi, entry.label_en);
    let label = match key {
        Some(k) if entry.key != KeyKind::None => format!("{name} ({k}), {y}"),
        _ => format!("{name}, {y}"),
    };
    Ok((Target { indicator: ind, key: key_index, year: (y - base) as usize }, label))
}

/// Shown unit and divisor of an indicator's unit.
fn shown_unit(unit: &str, lang: Lang) -> (String, f64) {
    match unit {
        "VND" => (lang.pick("tỷ đồng", "bn VND").to_string(), 1e9),
        "VND/ha" | "VND/yr" => (lang.pick("triệu đồng", "M VND").to_string(), 1e6),
        other => (other.to_string(), 1.0),
    }
}

/// `agroshift frontier`.
#[allow(clippy::too_many_arguments)]
pub fn frontier_command(
    spec: &str,
    crops: &str,
    step: f64,
    wanted: &TargetArgs,
    args: &RunOptions,
    lang: Lang,
) -> Result<()> {
    let mut s = scenario::open(spec)?;
    configure(&mut s, args, Some(0.1), Some(100))?;
    if s.policy.mode != Mode::Planned || s.policy.plan.is_none() {
        return Err(Error::Usage(format!(
            "{} is not in planned mode; the frontier compares mixes of a plan (try sonla-planned)",
            s.name
        )));
    }
    if !(step.is_finite() && step > 0.0 && step <= 1.0 && ((1.0 / step) - (1.0 / step).round()).abs() < 1e-6) {
        return Err(Error::Usage(format!("--step must divide 1 into whole steps (0.1, 0.2, 0.25, 0.5), not {step}")));
    }
    let mut ids: Vec<CropId> = Vec::new();
    for name in crops.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let crop = s.crop_by_key(name).ok_or_else(|| {
            Error::Usage(format!(
                "no crop named \"{name}\". {}",
                did_you_mean(name, s.crops.iter().map(|c| c.key.as_str())).unwrap_or_default()
            ))
        })?;
        if !crop.is_perennial() {
            return Err(Error::Usage(format!("\"{name}\" is not an orchard crop; a plan plants orchards")));
        }
        if !ids.contains(&crop.id) {
            ids.push(crop.id);
        }
    }
    if ids.is_empty() {
        return Err(Error::Usage(
            "--crops needs at least one crop, e.g. longan_grafted,mango_grafted,plum_grafted".into(),
        ));
    }
    let mixes = mix_count(ids.len(), (1.0 / step).round() as u64);
    if mixes > MAX_MIXES {
        return Err(Error::Usage(format!(
            "{} crops at --step {step} make {} mixes, each a whole simulation; at most {MAX_MIXES} are run (use a larger step)",
            ids.len(),
            if mixes == u128::MAX { "too many".to_string() } else { mixes.to_string() }
        )));
    }
    let (target, label) = target(&s, wanted, lang)?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(format!("frontier-{}", s.name)));
    let staged = StagedDir::begin(&out, args.force, "frontier")?;
    let pool = worker_pool(args.threads)?;
    let start = std::time::Instant::now();
    let show_progress = !args.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let results = pool
        .install(|| {
            let province = frontier_province(&s, &ids);
            frontier(
                &s,
                &province,
                &ids,
                step,
                target,
                &|done, total| {
                    if show_progress {
                        console::progress_line(&format!("mix {done}/{total}"));
                    }
                },
                &RunProgress::hidden(),
            )
        })
        .map_err(stopped)?;
    let seconds = start.elapsed().as_secs_f64();
    if show_progress {
        note(false, "");
    }
    let names: Vec<String> = ids.iter().map(|c| s.crops[c.index()].key.clone()).collect();
    let mut header: Vec<String> = names.iter().map(|n| format!("share_{n}")).collect();
    header.extend(["outcome", "mean", "p5", "crash_year_probability", "efficient"].map(String::from));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let body = results.iter().map(|r| {
        let mut row: Vec<String> = r.shares.iter().map(|v| number(*v)).collect();
        row.extend([
            label.clone(),
            number(r.mean),
            number(r.p5),
            number(r.crash_probability),
            if r.efficient { "yes".into() } else { "no".into() },
        ]);
        row
    });
    let mut csv = Vec::new();
    write_csv(&mut csv, &header_refs, body).map_err(|e| Error::io("writing frontier.csv", e))?;
    staged.write("frontier.csv", &csv)?;
    let (unit, divisor) = shown_unit(info(target.indicator).unit, lang);
    let crop_names: Vec<String> = ids.iter().map(|c| s.crops[c.index()].name(lang).to_string()).collect();
    let chart = FrontierChart {
        title: format!(
            "{} — {label}",
            lang.pick("Lợi ích và rủi ro theo cơ cấu cây trồng", "Return and risk by crop mix")
        ),
        results: &results,
        crop_names,
        unit: unit.clone(),
        divisor,
        lang,
        footer: format!("{} · {}", s.name, footer(&s, lang)),
    };
    draw_frontier(staged.path(), &chart).map_err(|e| Error::Failed(format!("drawing the frontier: {e}")))?;
    interrupt::check()?;
    let written = staged.commit()?;
    if !args.quiet {
        let efficient: Vec<&agroshift::explore::frontier::MixResult> = results.iter().filter(|r| r.efficient).collect();
        let mut text = format!(
            "{} mixes of {} in {:.0} s; {} not beaten on both mean and 5th percentile of {label} ({unit}):\n",
            results.len(),
            names.join(", "),
            seconds,
            efficient.len()
        );
        for r in efficient {
            let mix: Vec<String> = r.shares.iter().zip(&names).map(|(v, n)| format!("{n} {:.0}%", v * 100.0)).collect();
            text.push_str(&format!(
                "  {}: mean {}, p5 {}, crash years {:.1}%\n",
                mix.join(", "),
                number_for(r.mean / divisor, 1, lang),
                number_for(r.p5 / divisor, 1, lang),
                r.crash_probability * 100.0
            ));
        }
        text.push_str(&format!(
            "A crash year: the mix's share-weighted price falls below {:.0}% of base prices.\nResults: {}",
            CRASH_INDEX * 100.0,
            written.display()
        ));
        console::println(&text)?;
    }
    Ok(())
}

/// `agroshift sensitivity`.
#[allow(clippy::too_many_arguments)]
pub fn sensitivity_command(spec: &str, wanted: &TargetArgs, change: f64, args: &RunOptions, lang: Lang) -> Result<()> {
    let mut s = scenario::open(spec)?;
    configure(&mut s, args, Some(0.1), Some(100))?;
    if !(change.is_finite() && change > 0.0 && change < 1.0) {
        return Err(Error::Usage(format!("--change must be between 0 and 1 (0.2 = ±20%), not {change}")));
    }
    let (target, label) = target(&s, wanted, lang)?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(format!("sensitivity-{}", s.name)));
    let staged = StagedDir::begin(&out, args.force, "sensitivity")?;
    let pool = worker_pool(args.threads)?;
    let mean_of = |scenario: &Scenario, province: &agroshift::province::Province| -> Result<f64> {
        let records = run_replicates(scenario, province, &RunProgress::hidden()).map_err(stopped)?;
        let layout = &records.layout;
        let mut v: Vec<f64> = (0..records.replicates)
            .map(|r| records.replicate(r)[layout.index(target.year, 0, layout.slot(target.indicator, target.key))])
            .filter(|v| !v.is_nan())
            .collect();
        Ok(Stat::of(&mut v).map_or(f64::NAN, |s| s.mean))
    };
    let mut rows: Vec<SensitivityRow> = pool.install(|| -> Result<Vec<SensitivityRow>> {
        // The levers change nothing that population synthesis reads, so one
        // province serves every run.
        let province = build_province(&s);
        say(args, &format!("base run of {}", s.name));
        let base = mean_of(&s, &province)?;
        Lever::ALL
            .iter()
            .map(|&lever| {
                say(args, &format!("{}: −{:.0}% and +{:.0}%", lever.name(), change * 100.0, change * 100.0));
                let low = mean_of(&lever.apply(&s, 1.0 - change), &province)?;
                let high = mean_of(&lever.apply(&s, 1.0 + change), &province)?;
                Ok(SensitivityRow {
                    parameter: lever.name(),
                    low_factor: 1.0 - change,
                    high_factor: 1.0 + change,
                    low,
                    base,
                    high,
                    effect: high - low,
                })
            })
            .collect()
    })?;
    rank_by_effect(&mut rows);
    let header =
        ["rank", "parameter", "low_factor", "high_factor", "indicator", "low", "base", "high", "effect_high_minus_low"];
    let body = rows.iter().enumerate().map(|(i, r)| {
        vec![
            (i + 1).to_string(),
            r.parameter.to_string(),
            number(r.low_factor),
            number(r.high_factor),
            label.clone(),
            number(r.low),
            number(r.base),
            number(r.high),
            number(r.effect),
        ]
    });
    let mut csv = Vec::new();
    write_csv(&mut csv, &header, body).map_err(|e| Error::io("writing sensitivity.csv", e))?;
    staged.write("sensitivity.csv", &csv)?;
    let (unit, divisor) = shown_unit(info(target.indicator).unit, lang);
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            Lever::ALL
                .iter()
                .find(|l| l.name() == r.parameter)
                .map_or(r.parameter.to_string(), |l| l.label(lang).to_string())
        })
        .collect();
    let chart = TornadoChart {
        title: format!("{} ±{:.0}% — {label}", lang.pick("Độ nhạy", "Sensitivity"), change * 100.0),
        rows: &rows,
        labels,
        unit: format!("{label} ({unit})"),
        divisor,
        lang,
        footer: format!("{} · {}", s.name, footer(&s, lang)),
    };
    draw_tornado(staged.path(), &chart).map_err(|e| Error::Failed(format!("drawing the tornado: {e}")))?;
    interrupt::check()?;
    let written = staged.commit()?;
    if !args.quiet {
        let mut text = String::new();
        for (i, r) in rows.iter().enumerate() {
            text.push_str(&format!(
                "{:>2}. {:<22} low {}  high {}  effect {} {unit}\n",
                i + 1,
                r.parameter,
                number_for(r.low / divisor, 1, lang),
                number_for(r.high / divisor, 1, lang),
                number_for(r.effect / divisor, 1, lang)
            ));
        }
        text.push_str(&format!("Results: {}", written.display()));
        console::println(&text)?;
    }
    Ok(())
}
