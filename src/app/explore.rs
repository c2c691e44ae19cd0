//! The exploration commands: `compare`, `frontier`, `sensitivity`.

use std::path::PathBuf;

use super::console::{self, RunProgress, note, stopped};
use super::interrupt;
use super::run::{finish_shard, host_name, pretty_json};
use super::settings::{configure, thread_count, warn_without_effect, worker_pool};
use crate::cli::{RunOptions, TargetArgs};
use agroshift::engine::run_replicates;
use agroshift::error::{Error, Result, Said, said};
use agroshift::explore::compare::{ScenarioRun, compare, fruit_crops};
use agroshift::explore::frontier::{
    CRASH_INDEX, MAX_MIXES, MixResult, Ranking, Target, close_neighbours, direction, downside_percent, frontier_mixes,
    frontier_province, mark_efficient, mix_count,
};
use agroshift::explore::sensitivity::{
    Lever, SensitivityRow, case_label, case_mean, case_name, cases as sensitivity_cases, rank_by_effect,
    rows_from_values,
};
use agroshift::output::Writing;
use agroshift::output::atomic::{MANIFEST_FILE, StagedDir};
use agroshift::output::budget_table::{budget_heading, budget_text};
use agroshift::output::comparison::{
    budget_comparison_note, budget_comparison_table, comparison_tables, reading_note, write_comparison, year_heading,
    zone_sets_note,
};
use agroshift::output::exploration::{
    FrontierOutcome, any_within_noise, within_noise_note, write_frontier, write_sensitivity,
};
use agroshift::output::manifest::CommandManifest;
use agroshift::output::results::{TERMINAL_COLUMNS, indicator_label, milestone_years};
use agroshift::output::table::report_table_text;
use agroshift::output::units::{shown_decimals, shown_unit};
use agroshift::province::build_province;
use agroshift::replicates::part::{PartManifest, Shard, TargetSpec, Work};
use agroshift::scenario::{self, CropId, Lang, Mode, Scenario};
use agroshift::stats::indicators::{Better, INDICATORS, KeyKind, by_name, info};
use agroshift::text::{did_you_mean, number_for, scale_text, value_with_unit, wrap};

fn say(args: &RunOptions, text: &str) {
    note(args.quiet, text);
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
    give_every_scenario_the_focus_of_the_first(&mut scenarios, specs, args, lang)?;
    let settings = scenarios[0].simulation.clone();
    for s in scenarios.iter_mut().skip(1) {
        let own = &s.simulation;
        if (own.seed, own.replicates, own.scale) != (settings.seed, settings.replicates, settings.scale) {
            let (name, first) = (&s.name, &specs[0]);
            let (seed, replicates, scale) = (settings.seed, settings.replicates, settings.scale);
            let (own_seed, own_replicates, own_scale) = (own.seed, own.replicates, own.scale);
            let line = match lang {
                Lang::Vi => {
                    let (scale, own_scale) = (scale_text(scale, lang), scale_text(own_scale, lang));
                    format!(
                        "{name}: chạy với seed {seed}, {replicates} lần mô phỏng, quy mô {scale} như {first} (của riêng nó: {own_seed}, {own_replicates}, {own_scale}), để chênh lệch được tính theo từng cặp"
                    )
                }
                Lang::En => format!(
                    "{name}: runs with seed {seed}, {replicates} replicates and scale {scale} like {first} (its own: {own_seed}, {own_replicates}, {own_scale}), so that the differences are paired"
                ),
            };
            say(args, &agroshift::text::wrap(&line, TERMINAL_COLUMNS).join("\n  "));
        }
        s.simulation = settings.clone();
    }
    for s in &scenarios {
        warn_without_effect(s, args.quiet, lang);
        if let Some(problem) = s.size_problem() {
            return Err(Error::Usage(said(
                format!("{}: {}", s.name, problem.vi),
                format!("{}: {}", s.name, problem.en),
            )));
        }
    }
    if let Some(note) = zone_sets_note(&scenarios.iter().collect::<Vec<_>>(), lang) {
        say(args, &agroshift::text::wrap(&note, TERMINAL_COLUMNS).join("\n  "));
    }
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let mut folder = format!("compare-{}", names.join("-vs-"));
    if folder.len() > agroshift::output::atomic::MAX_NAME_BYTES {
        folder = format!("compare-{}-and-{}-more", names[0], names.len() - 1);
    }
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(folder));
    let staged = StagedDir::begin(&out, args.force, "compare")?;
    let pool = worker_pool(args.threads)?;
    let start = std::time::Instant::now();
    let mut runs = Vec::new();
    for (i, s) in scenarios.into_iter().enumerate() {
        say(
            args,
            &match lang {
                Lang::Vi => format!(
                    "{} ({}/{}): {} lần mô phỏng, quy mô {}",
                    s.name,
                    i + 1,
                    specs.len(),
                    settings.replicates,
                    scale_text(settings.scale, lang)
                ),
                Lang::En => format!(
                    "{} ({}/{}): {} replicates, scale {}",
                    s.name,
                    i + 1,
                    specs.len(),
                    settings.replicates,
                    scale_text(settings.scale, lang)
                ),
            },
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
    write_comparison(staged.path(), &runs, &rows, &fruit, &settings, Writing { lang, csv: args.csv_style.into() })?;
    let scenarios: Vec<&Scenario> = runs.iter().map(|r| &r.scenario).collect();
    let seconds = start.elapsed().as_secs_f64();
    write_command_manifest(&staged, "compare", None, &scenarios, pool.current_num_threads(), seconds)?;
    interrupt::check()?;
    let written = staged.commit()?;
    if !args.quiet {
        let mut text = String::new();
        for pair in comparison_tables(&runs, &rows, lang) {
            text.push_str(&format!("\n{}\n", pair.heading));
            for line in &pair.legend {
                text.push_str(&format!("  {}\n", agroshift::text::wrap(line, TERMINAL_COLUMNS - 4).join("\n    ")));
            }
            for (year, table) in &pair.years {
                text.push_str(&format!("\n{}\n", year_heading(*year, lang)));
                text.push_str(&report_table_text(table, TERMINAL_COLUMNS));
            }
        }
        for line in agroshift::text::wrap(&reading_note(&runs, &fruit, lang), TERMINAL_COLUMNS) {
            text.push_str(&line);
            text.push('\n');
        }
        // What each option costs in each plan period, beside what it brings.
        if let Some(table) = budget_comparison_table(&runs, lang)? {
            let heading = budget_heading(&runs[0].scenario, lang);
            text.push('\n');
            text.push_str(&budget_text(&heading, &table, budget_comparison_note(lang), TERMINAL_COLUMNS));
        }
        console::println(&text)?;
        let what = lang.pick("So sánh", "Comparison");
        // The folder on a line of its own: a long path must not push the
        // list of files past 100 columns.
        console::println(&format!(
            "{what} (report.html, report.docx, comparison.xlsx, comparison.csv, figures/):\n  {}",
            written.display()
        ))?;
    }
    Ok(())
}

/// The comparison speaks of one place: the first scenario's focus
/// (`--focus`, or its own `[report] focus`), or the province. Every other
/// scenario is read in the same districts, which it must have.
fn give_every_scenario_the_focus_of_the_first(
    scenarios: &mut [Scenario],
    specs: &[String],
    args: &RunOptions,
    lang: Lang,
) -> Result<()> {
    let first = &scenarios[0];
    let names: Vec<String> = first.focus.iter().map(|z| first.zones[z.index()].name.clone()).collect();
    let source_vi = if args.focus.is_empty() { format!("focus của {}", specs[0]) } else { "--focus".to_string() };
    let source_en = if args.focus.is_empty() { format!("the focus of {}", specs[0]) } else { "--focus".to_string() };
    for (s, spec) in scenarios.iter_mut().zip(specs).skip(1) {
        // A later scenario's own focus gives way to the first's: say so,
        // with how to have it, rather than speak of another place unasked.
        let own: Vec<String> = s.focus.iter().map(|z| s.zones[z.index()].name.clone()).collect();
        if !own.is_empty() && own != names && args.focus.is_empty() {
            let (theirs, place) = (own.join(", "), if names.is_empty() { None } else { Some(names.join(", ")) });
            let line = match (lang, place) {
                (Lang::Vi, Some(p)) => format!(
                    "{spec} nói về {theirs}, nhưng phép so sánh nói về nơi kịch bản đầu tiên nói tới ({p}); để so sánh cho {theirs}, thêm --focus \"{theirs}\""
                ),
                (Lang::Vi, None) => format!(
                    "{spec} nói về {theirs}, nhưng phép so sánh nói về cả tỉnh như kịch bản đầu tiên; để so sánh cho {theirs}, thêm --focus \"{theirs}\""
                ),
                (Lang::En, Some(p)) => format!(
                    "{spec} speaks of {theirs}, but the comparison speaks of the first scenario's place ({p}); to compare for {theirs}, add --focus \"{theirs}\""
                ),
                (Lang::En, None) => format!(
                    "{spec} speaks of {theirs}, but the comparison speaks of the province, as the first scenario does; to compare for {theirs}, add --focus \"{theirs}\""
                ),
            };
            say(args, &agroshift::text::wrap(&line, TERMINAL_COLUMNS).join("\n  "));
        }
        s.focus = s.zones_named(&names).map_err(|e| {
            Error::Usage(said(format!("{spec}: {source_vi}: {}", e.vi), format!("{spec}: {source_en}: {}", e.en)))
        })?;
    }
    Ok(())
}

/// Scenarios can be compared when their names tell them apart and they
/// cover the same years (unless `--years` sets them for all).
fn check_comparable(scenarios: &[Scenario], specs: &[String], args: &RunOptions) -> Result<()> {
    for (i, a) in scenarios.iter().enumerate() {
        if let Some(j) = scenarios[..i].iter().position(|b| b.name == a.name) {
            return Err(Error::Usage(said(
                format!(
                    "{} và {} cùng tên \"{}\", nên không phân biệt được các dòng của chúng\n  gợi ý: đặt cho một trong hai tên riêng bằng name = \"…\" trong tệp của nó",
                    specs[j], specs[i], a.name
                ),
                format!(
                    "{} and {} are both named \"{}\", so their rows could not be told apart\n  help: give one of them its own name = \"…\" in its file",
                    specs[j], specs[i], a.name
                ),
            )));
        }
    }
    let first = &scenarios[0].simulation;
    for (s, spec) in scenarios.iter().zip(specs).skip(1) {
        let own = &s.simulation;
        if args.years.is_some() && own.base_year != first.base_year {
            return Err(Error::Usage(said(
                format!(
                    "{spec} bắt đầu năm {} nhưng {} bắt đầu năm {}; các kịch bản so sánh phải bắt đầu cùng năm\n  gợi ý: đặt cùng [simulation] base_year trong cả hai",
                    own.base_year, specs[0], first.base_year
                ),
                format!(
                    "{spec} starts in {} but {} in {}; compared scenarios must start in the same year\n  help: set the same [simulation] base_year in both",
                    own.base_year, specs[0], first.base_year
                ),
            )));
        }
        let years_differ = args.years.is_none() && own.years != first.years;
        if own.base_year != first.base_year || years_differ {
            let (own_last, first_last) =
                (own.base_year + own.years as i32 - 1, first.base_year + first.years as i32 - 1);
            return Err(Error::Usage(said(
                format!(
                    "{spec} gồm các năm {}–{own_last} nhưng {} gồm {}–{first_last}; các kịch bản so sánh phải gồm cùng các năm\n  gợi ý: đặt cùng [simulation] base_year và years trong cả hai, hoặc dùng --years",
                    own.base_year, specs[0], first.base_year
                ),
                format!(
                    "{spec} covers {}–{own_last} but {} covers {}–{first_last}; compared scenarios must cover the same years\n  help: set the same [simulation] base_year and years in both, or pass --years",
                    own.base_year, specs[0], first.base_year
                ),
            )));
        }
    }
    Ok(())
}

/// The indicator, key and year an exploration ranks by.
pub fn target(s: &Scenario, wanted: &TargetArgs, lang: Lang) -> Result<(Target, String)> {
    let (indicator, key, year) = (wanted.indicator.as_str(), wanted.key.as_deref(), wanted.year);
    let names: Vec<&str> = INDICATORS.iter().map(|i| i.name).collect();
    let ind = by_name(indicator).ok_or_else(|| {
        let all = names.join(", ");
        let help = did_you_mean(indicator, names.iter().copied())
            .unwrap_or_else(|| said(format!("các chỉ tiêu: {all}"), format!("indicators: {all}")));
        Error::Usage(said(
            format!("không có chỉ tiêu tên \"{indicator}\"; {}", help.vi),
            format!("no indicator named \"{indicator}\"; {}", help.en),
        ))
    })?;
    let key_index = match (info(ind).key, key) {
        (KeyKind::None, None) => 0,
        (KeyKind::None, Some(k)) => {
            return Err(Error::Usage(said(
                format!("{indicator} là một số mỗi năm, không theo từng cây trồng hay thị trường: bỏ --key {k}"),
                format!("{indicator} is one number per year, not one per crop or market: leave out --key {k}"),
            )));
        }
        (KeyKind::Crop, Some(k)) => s.crops.iter().position(|c| c.key == k).ok_or_else(|| {
            Error::Usage(said(
                format!("--key: không có cây trồng tên \"{k}\""),
                format!("--key: no crop named \"{k}\""),
            ))
        })?,
        (KeyKind::Market, Some(k)) => s.markets.iter().position(|m| m.key == k).ok_or_else(|| {
            Error::Usage(said(
                format!("--key: không có thị trường tên \"{k}\""),
                format!("--key: no market named \"{k}\""),
            ))
        })?,
        (_, None) => {
            return Err(Error::Usage(said(
                format!("{indicator} được tính theo từng cây trồng hoặc thị trường: thêm --key"),
                format!("{indicator} is given per crop or market: add --key"),
            )));
        }
    };
    let base = s.simulation.base_year;
    let last = base + s.simulation.years as i32 - 1;
    let y = year.unwrap_or(last);
    if y < base || y > last {
        return Err(Error::Usage(said(
            format!("--year phải từ {base} đến {last}, nhưng ghi {y}"),
            format!("--year must be between {base} and {last}, not {y}"),
        )));
    }
    let entry = info(ind);
    let name = indicator_label(s, ind, lang);
    // Prices are the province's markets', whatever the focus.
    let scope = if entry.key == KeyKind::Market { 0 } else { s.focus_scope_index() };
    let place = if scope == 0 { String::new() } else { format!(", {}", s.focus_label(lang)) };
    // A crop or market by the name the tables give it ("Diện tích (Ngô)").
    let label = match entry.key {
        KeyKind::Crop => format!("{name} ({}){place}, {y}", s.crops[key_index].name(lang)),
        KeyKind::Market => format!("{name} ({}), {y}", s.market_name(&s.markets[key_index].key, lang)),
        KeyKind::None => format!("{name}{place}, {y}"),
    };
    Ok((Target { indicator: ind, key: key_index, year: (y - base) as usize, scope }, label))
}

/// A frontier's settings, checked: the crops, the outcome and its label.
pub struct FrontierSetup {
    /// Crops mixed, in the order given.
    pub crops: Vec<CropId>,
    /// The outcome ranked by.
    pub target: Target,
    /// Which way the outcome is better (and so which tail is its downside).
    pub better: Better,
    /// The outcome in words.
    pub label: String,
    /// Mixes on the grid.
    pub mixes: u32,
}

/// Checks a frontier's settings against `s` (already configured).
pub fn frontier_setup(s: &Scenario, crops: &str, step: f64, wanted: &TargetArgs, lang: Lang) -> Result<FrontierSetup> {
    if s.policy.mode != Mode::Planned || s.policy.plan.is_none() {
        return Err(Error::Usage(said(
            format!(
                "{} không ở chế độ kế hoạch (planned); frontier so sánh các cơ cấu cây trồng của một kế hoạch (thử sonla-planned)",
                s.name
            ),
            format!("{} is not in planned mode; the frontier compares mixes of a plan (try sonla-planned)", s.name),
        )));
    }
    if !(step.is_finite() && step > 0.0 && step <= 1.0 && ((1.0 / step) - (1.0 / step).round()).abs() < 1e-6) {
        return Err(Error::Usage(said(
            format!("--step phải chia 1 thành số bước nguyên (0.1, 0.2, 0.25, 0.5), nhưng ghi {step}"),
            format!("--step must divide 1 into whole steps (0.1, 0.2, 0.25, 0.5), not {step}"),
        )));
    }
    let mut ids: Vec<CropId> = Vec::new();
    for name in crops.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let crop = s.crop_by_key(name).ok_or_else(|| {
            let help = did_you_mean(name, s.crops.iter().map(|c| c.key.as_str())).unwrap_or_default();
            Error::Usage(said(
                format!("--crops: không có cây trồng tên \"{name}\"; {}", help.vi),
                format!("--crops: no crop named \"{name}\"; {}", help.en),
            ))
        })?;
        if !crop.is_perennial() {
            return Err(Error::Usage(said(
                format!("--crops: \"{name}\" không phải cây ăn quả lâu năm; kế hoạch trồng vườn cây"),
                format!("--crops: \"{name}\" is not an orchard crop; a plan plants orchards"),
            )));
        }
        // As in a scenario file (policy.to_crops): a mix planting a crop on
        // its own land would count area converted and subsidy for nothing.
        let mut policies = std::iter::once((&s.policy, "[policy]".to_string()))
            .chain(s.zones.iter().filter_map(|z| Some((z.policy.as_ref()?, format!("[zones.\"{}\".policy]", z.name)))));
        if let Some((_, section)) = policies.find(|(p, _)| p.from_crops.contains(&crop.id)) {
            return Err(Error::Usage(said(
                format!(
                    "--crops: \"{name}\" nằm trong các cây được chuyển đổi đi (from_crops trong {section} của {}); một cây không chuyển đổi thành chính nó, nên bỏ nó khỏi --crops",
                    s.name
                ),
                format!(
                    "--crops: \"{name}\" is among the crops converted from (from_crops in {section} of {}); a crop is not converted to itself, so leave it out of --crops",
                    s.name
                ),
            )));
        }
        // A crop named twice is most often a typo for another one.
        if ids.contains(&crop.id) {
            return Err(Error::Usage(said(
                format!("--crops: \"{name}\" được ghi hai lần; mỗi cây chỉ có một lần trong cơ cấu"),
                format!("--crops: \"{name}\" is named twice; each crop is mixed once"),
            )));
        }
        ids.push(crop.id);
    }
    if ids.is_empty() {
        return Err(Error::Usage(said(
            "--crops cần ít nhất một cây trồng, ví dụ longan_grafted,mango_grafted,plum_grafted",
            "--crops needs at least one crop, e.g. longan_grafted,mango_grafted,plum_grafted",
        )));
    }
    let mixes = mix_count(ids.len(), (1.0 / step).round() as u64);
    if mixes > MAX_MIXES {
        let (count_vi, count_en) = if mixes == u128::MAX {
            ("quá nhiều".to_string(), "too many".to_string())
        } else {
            (mixes.to_string(), mixes.to_string())
        };
        return Err(Error::Usage(said(
            format!(
                "{} cây trồng với --step {step} tạo {count_vi} cơ cấu, mỗi cơ cấu là một lần mô phỏng trọn vẹn; chỉ chạy nhiều nhất {MAX_MIXES} (dùng bước lớn hơn)",
                ids.len()
            ),
            format!(
                "{} crops at --step {step} make {count_en} mixes, each a whole simulation; at most {MAX_MIXES} are run (use a larger step)",
                ids.len()
            ),
        )));
    }
    let (target, label) = target(s, wanted, lang)?;
    // The frontier plants its crops, whether or not the scenario's plan does.
    let planted = agroshift::explore::frontier::mix_scenario(s, &ids, &vec![0.0; ids.len()]);
    let better = direction(&planted, target).ok_or_else(|| no_better_side(s, &wanted.indicator, target))?;
    Ok(FrontierSetup { crops: ids, target, better, label, mixes: mixes as u32 })
}

/// The refusal of a frontier outcome with no better side, saying why for
/// this one, and what it can rank by.
fn no_better_side(s: &Scenario, name: &str, target: Target) -> Error {
    use agroshift::stats::indicators::Indicator as I;
    let why = match target.indicator {
        I::PriceVndKg => said(
            "giá cao có lợi cho người trồng nhưng bất lợi cho người mua",
            "a price is good for the grower and bad for the buyer",
        ),
        I::Households | I::HhSupported | I::HhSupportedPeriod => {
            said("đây là số hộ, không phải số hộ khá lên", "a count of households, not of households better off")
        }
        I::AreaHa | I::BearingHa | I::ProductionT => {
            let crop = &s.crops[target.key].key;
            said(
                format!(
                    "{crop} không phải cây được chuyển đổi đi hay được chính sách trồng, nên nhiều hơn không tốt hơn cũng không kém hơn"
                ),
                format!(
                    "{crop} is neither converted from nor planted by the policy, so more of it is neither better nor worse"
                ),
            )
        }
        _ => said(
            "tiền chương trình chi hoặc cho vay là chi phí của nó, để cân với kết quả (xem `compare`)",
            "money the programme spends or lends is its cost, weighed against the outcomes (see `compare`)",
        ),
    };
    let outcomes = "farm_income_vnd, hh_above_threshold, hh_below_poverty, hh_income_gini, tree_cover_pct, soil_loss_t";
    Error::Usage(said(
        format!(
            "frontier xếp hạng các cơ cấu theo một chỉ tiêu càng cao càng tốt hoặc càng thấp càng tốt; với {name} không xác định được cao hay thấp là tốt hơn: {}. \
             Các chỉ tiêu dùng được để xếp hạng gồm có {outcomes}.",
            why.vi
        ),
        format!(
            "the frontier ranks mixes by an outcome that is better higher or lower; {name} has no better side: {}. \
             Outcomes to rank by include {outcomes}.",
            why.en
        ),
    ))
}

/// The settings of an exploration as a shard records them.
fn target_spec(wanted: &TargetArgs) -> TargetSpec {
    TargetSpec { indicator: wanted.indicator.clone(), key: wanted.key.clone(), year: wanted.year }
}

pub fn target_args(spec: &TargetSpec) -> TargetArgs {
    TargetArgs { indicator: spec.indicator.clone(), key: spec.key.clone(), year: spec.year }
}

/// Refuses a shard count above the items to share.
fn check_shard(shard: Option<Shard>, items: u32, what: &Said) -> Result<()> {
    match shard {
        Some(shard) if shard.count > items => Err(Error::Usage(said(
            format!(
                "--shard {shard}: không thể chia {items} {} thành {} phân đoạn; dùng nhiều nhất {items}",
                what.vi, shard.count
            ),
            format!(
                "--shard {shard}: {items} {} cannot be cut into {} shards; use at most {items}",
                what.en, shard.count
            ),
        ))),
        _ => Ok(()),
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
    shard: Option<Shard>,
    lang: Lang,
) -> Result<()> {
    let mut s = scenario::open(spec)?;
    configure(&mut s, args, Some(0.1), Some(100))?;
    warn_without_effect(&s, args.quiet, lang);
    let setup = frontier_setup(&s, crops, step, wanted, lang)?;
    check_shard(shard, setup.mixes, &said("cơ cấu cây trồng", "mixes"))?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(format!("frontier-{}", s.name)));
    let staged = StagedDir::begin(&out, args.force, "frontier")?;
    let pool = worker_pool(args.threads)?;
    let start = std::time::Instant::now();
    let show_progress = !args.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mixes = shard.map_or(0..setup.mixes, |k| k.share(setup.mixes));
    let results = pool
        .install(|| {
            let province = frontier_province(&s, &setup.crops);
            frontier_mixes(
                &s,
                &province,
                &setup.crops,
                step,
                Ranking { target: setup.target, better: setup.better },
                mixes.start as usize..mixes.end as usize,
                &|done, total| {
                    if show_progress {
                        console::progress_line(&format!("{} {done}/{total}", lang.pick("cơ cấu", "mix")));
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
    let names = setup.crops.iter().map(|c| s.crops[c.index()].key.clone()).collect();
    let work = Work::Frontier { crops: names, step, target: target_spec(wanted) };
    if let Some(shard) = shard {
        let part = PartManifest::new(&s, work, setup.mixes, shard, seconds, pool.current_num_threads(), host_name());
        return finish_shard(staged, &part, Some((MIXES_FILE, pretty_json(&results))), args.quiet, lang);
    }
    finish_frontier(staged, &s, &setup, &work, results, seconds, args, lang)
}

/// Where a frontier shard keeps its mixes.
pub const MIXES_FILE: &str = "mixes.json";
/// Where a sensitivity shard keeps its cases' means.
pub const CASES_FILE: &str = "cases.json";

/// Marks the efficient mixes of `results` (every mix of the grid, in
/// order), writes the frontier's files, commits and prints the efficient
/// mixes: what `frontier` and `merge` share.
#[allow(clippy::too_many_arguments)]
pub fn finish_frontier(
    staged: StagedDir,
    s: &Scenario,
    setup: &FrontierSetup,
    work: &Work,
    mut results: Vec<MixResult>,
    seconds: f64,
    args: &RunOptions,
    lang: Lang,
) -> Result<()> {
    mark_efficient(&mut results, setup.better);
    let outcome = FrontierOutcome {
        label: &setup.label,
        indicator_unit: info(setup.target.indicator).unit,
        better: setup.better,
    };
    write_frontier(staged.path(), s, &setup.crops, &results, &outcome, Writing { lang, csv: args.csv_style.into() })?;
    write_command_manifest(&staged, "frontier", Some(work), &[s], thread_count(args.threads)?, seconds)?;
    interrupt::check()?;
    let written = staged.commit()?;
    if !args.quiet {
        let crop_names: Vec<&str> = setup.crops.iter().map(|c| s.crops[c.index()].name(lang)).collect();
        console::println(&frontier_summary(&results, &crop_names, seconds, &outcome, lang))?;
        console::println(&format!("{}: {}", lang.pick("Kết quả", "Results"), written.display()))?;
    }
    Ok(())
}

/// What `frontier` prints: the mixes not beaten, each with its mean,
/// downside (5th or 95th percentile) and share of crash years, in `lang`,
/// wrapped to the terminal.
fn frontier_summary(
    results: &[MixResult],
    crop_names: &[&str],
    seconds: f64,
    o: &FrontierOutcome<'_>,
    lang: Lang,
) -> String {
    let efficient: Vec<&MixResult> = results.iter().filter(|r| r.efficient).collect();
    let (n, k, crops) = (results.len(), efficient.len(), crop_names.join(", "));
    let secs = number_for(seconds, 0, lang);
    let label = o.label;
    let (unit, divisor) = shown_unit(o.indicator_unit, lang);
    let tail = downside_percent(o.better);
    let better = agroshift::output::charts::explore::better_words(o.better, lang);
    let how = if unit.is_empty() { better.to_string() } else { format!("{unit}; {better}") };
    let mut lines = vec![match lang {
        Lang::Vi => format!(
            "{n} tổ hợp của {crops}, trong {secs} giây; {k} tổ hợp không bị tổ hợp nào khác vượt cả về trung bình lẫn phân vị {tail}% của {label} ({how}):"
        ),
        Lang::En => format!(
            "{n} mixes of {crops}, in {secs} s; {k} not beaten on both the mean and the {tail}th percentile of {label} ({how}):"
        ),
    }];
    for r in efficient {
        let mix: Vec<String> =
            r.shares.iter().zip(crop_names).map(|(v, n)| format!("{n} {}%", number_for(v * 100.0, 0, lang))).collect();
        // An index's mixes not beaten differ in the fourth decimal.
        let decimals = if unit.is_empty() { 4 } else { shown_decimals(&unit, divisor) };
        let (mean, downside) =
            (number_for(r.mean / divisor, decimals, lang), number_for(r.downside / divisor, decimals, lang));
        let crash = number_for(r.crash_probability * 100.0, 1, lang);
        lines.push(match lang {
            Lang::Vi => {
                format!(
                    "• {}: trung bình {mean}, phân vị {tail}% {downside}, tỷ lệ năm giá sụt {crash}%",
                    mix.join(", ")
                )
            }
            Lang::En => {
                format!("• {}: mean {mean}, {tail}th percentile {downside}, crash years {crash}%", mix.join(", "))
            }
        });
    }
    let (close, neighbours) = close_neighbours(results);
    let replicates = results.iter().map(|r| r.replicate_outcomes.len()).max().unwrap_or(0);
    if close > 0 {
        lines.push(match lang {
            Lang::Vi => format!(
                "Lưu ý: {close} trong {neighbours} cặp tổ hợp không bị vượt đứng liền nhau (xếp theo trung bình) chênh \
                 nhau không quá hai sai số chuẩn của chênh lệch qua {replicates} lần mô phỏng cùng biến động giá và thời \
                 tiết: thứ tự giữa chúng có thể chỉ do ngẫu nhiên; tăng --replicates để phân biệt."
            ),
            Lang::En => format!(
                "Note: {close} of {neighbours} pairs of neighbouring mixes not beaten (in order of their means) differ \
                 by no more than two standard errors of their difference across {replicates} simulations with the same \
                 price shocks and weather: their order may be chance alone; raise --replicates to tell them apart."
            ),
        });
    }
    let threshold = number_for(CRASH_INDEX * 100.0, 0, lang);
    lines.push(match lang {
        Lang::Vi => {
            format!("Năm giá sụt: năm mà giá bình quân theo tỷ trọng của tổ hợp thấp hơn {threshold}% giá cơ sở.")
        }
        Lang::En => format!("A crash year: the mix's share-weighted price falls below {threshold}% of base prices."),
    });
    lines.iter().map(|line| wrapped(line)).collect::<Vec<_>>().join("\n")
}

/// `line` broken at spaces to fit the terminal, continued lines indented.
fn wrapped(line: &str) -> String {
    wrap(line, TERMINAL_COLUMNS - 2).join("\n  ")
}

/// `agroshift sensitivity`.
#[allow(clippy::too_many_arguments)]
pub fn sensitivity_command(
    spec: &str,
    wanted: &TargetArgs,
    change: f64,
    args: &RunOptions,
    shard: Option<Shard>,
    lang: Lang,
) -> Result<()> {
    let mut s = scenario::open(spec)?;
    configure(&mut s, args, Some(0.1), Some(100))?;
    warn_without_effect(&s, args.quiet, lang);
    if !(change.is_finite() && change > 0.0 && change < 1.0) {
        return Err(Error::Usage(said(
            format!("--change phải lớn hơn 0 và nhỏ hơn 1 (0.2 = ±20%), nhưng ghi {change}"),
            format!("--change must be between 0 and 1 (0.2 = ±20%), not {change}"),
        )));
    }
    let (target, label) = target(&s, wanted, lang)?;
    let cases = sensitivity_cases(&s, change);
    check_shard(shard, cases.len() as u32, &said("trường hợp", "cases"))?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(format!("sensitivity-{}", s.name)));
    let staged = StagedDir::begin(&out, args.force, "sensitivity")?;
    let pool = worker_pool(args.threads)?;
    let start = std::time::Instant::now();
    let range = shard.map_or(0..cases.len() as u32, |k| k.share(cases.len() as u32));
    let values: Vec<Vec<f64>> = pool.install(|| -> Result<Vec<Vec<f64>>> {
        // The levers change nothing that population synthesis reads, so one
        // province serves every run.
        let province = build_province(&s);
        let mut values = Vec::with_capacity(range.len());
        let (first, end) = (range.start as usize, range.end as usize);
        for (case, scenario) in cases.iter().enumerate().take(end).skip(first) {
            say(args, &format!("{}: {}", s.name, case_label(case, change, lang)));
            let records = run_replicates(scenario, &province, &RunProgress::hidden()).map_err(stopped)?;
            let layout = &records.layout;
            let cell = layout.index(target.year, target.scope, layout.slot(target.indicator, target.key));
            // Every replicate's value, NaN kept in place: the low and high
            // runs of a lever are paired replicate by replicate.
            let v: Vec<f64> = (0..records.replicates).map(|r| records.replicate(r)[cell]).collect();
            if case == 0 {
                base_has_value(case_mean(&v), &label)?;
            }
            values.push(v);
        }
        Ok(values)
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let work = Work::Sensitivity { change, target: target_spec(wanted) };
    if let Some(shard) = shard {
        let items = cases.len() as u32;
        let names = (range.start..range.end).map(|c| case_name(c as usize, change)).collect();
        let values = CaseValues { cases: names, values };
        let part = PartManifest::new(&s, work, items, shard, seconds, pool.current_num_threads(), host_name());
        return finish_shard(staged, &part, Some((CASES_FILE, pretty_json(&values))), args.quiet, lang);
    }
    finish_sensitivity(staged, &s, &work, &values, Ranked { change, target, label: &label, seconds }, args, lang)
}

/// Writes the `manifest.json` of `command` (see [`CommandManifest`]) into
/// `staged`; the folder's list of files is added when it is committed.
fn write_command_manifest(
    staged: &StagedDir,
    command: &str,
    settings: Option<&Work>,
    scenarios: &[&Scenario],
    threads: usize,
    seconds: f64,
) -> Result<()> {
    let settings = settings.map(|w| serde_json::to_value(w).unwrap_or_default());
    let manifest = CommandManifest::new(command, settings, scenarios, threads, seconds);
    staged.write(MANIFEST_FILE, pretty_json(&manifest).as_bytes())
}

/// What a sensitivity analysis ranked by, and how long its runs took.
pub struct Ranked<'a> {
    /// The relative change of each lever (0.2 = ±20%).
    pub change: f64,
    /// The outcome.
    pub target: Target,
    /// The outcome's label.
    pub label: &'a str,
    /// Wall time of the runs (s; for merged shards, their sum).
    pub seconds: f64,
}

/// What `sensitivity` prints: the base run's value, then each lever's low
/// and high runs and their difference, largest effect first, in `lang`.
fn sensitivity_summary(
    rows: &[SensitivityRow],
    label: &str,
    (unit, divisor): (&str, f64),
    replicates: u32,
    lang: Lang,
) -> String {
    let shown = |v: f64| number_for(v / divisor, shown_decimals(unit, divisor), lang);
    let base = rows.first().map_or(f64::NAN, |r| r.base);
    let mut lines = vec![wrapped(&match lang {
        Lang::Vi => {
            format!("{label}, lần chạy cơ sở: {}. Mỗi yếu tố giảm rồi tăng:", value_with_unit(&shown(base), unit))
        }
        Lang::En => {
            format!("{label}, base run: {}. Each lever lowered, then raised:", value_with_unit(&shown(base), unit))
        }
    })];
    let width = rows.iter().map(|r| lever_label(r.parameter, lang).chars().count()).max().unwrap_or(0);
    let (low, high, effect) = match lang {
        Lang::Vi => ("khi giảm:", "khi tăng:", "chênh lệch:"),
        Lang::En => ("low", "high", "effect"),
    };
    for (i, r) in rows.iter().enumerate() {
        // Marked, not spelt out, to keep the line within the terminal.
        let noise = if r.within_noise() == Some(true) { " *" } else { "" };
        lines.push(format!(
            "{:>2}. {:<width$}  {low} {}  {high} {}  {effect} {}{noise}",
            i + 1,
            lever_label(r.parameter, lang),
            shown(r.low),
            shown(r.high),
            value_with_unit(&shown(r.effect), unit)
        ));
    }
    if any_within_noise(rows) {
        lines.push(wrapped(&within_noise_note(replicates, lang)));
    }
    lines.join("\n")
}

/// The label of the lever named `name` in `lang` (the name itself if none has it).
fn lever_label(name: &'static str, lang: Lang) -> &'static str {
    Lever::ALL.iter().find(|l| l.name() == name).map_or(name, |l| l.label(lang))
}

/// A sensitivity shard's results: the indicator's value in every
/// replicate of each of its cases, in order (`null` where a replicate has
/// none), so that the merged analysis pairs replicates as one run does.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct CaseValues {
    /// What each case is ([`case_name`]), so that shards cannot be swapped.
    pub cases: Vec<String>,
    /// Values, one list of replicates per case.
    #[serde(with = "nan_as_null_table")]
    pub values: Vec<Vec<f64>>,
}

/// Serde for lists of numbers that may be NaN, as `null`.
mod nan_as_null_table {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(table: &[Vec<f64>], to: S) -> Result<S::Ok, S::Error> {
        let row = |values: &Vec<f64>| values.iter().map(|v| if v.is_nan() { None } else { Some(*v) }).collect();
        to.collect_seq(table.iter().map(|values| -> Vec<Option<f64>> { row(values) }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Vec<Vec<f64>>, D::Error> {
        let table = Vec::<Vec<Option<f64>>>::deserialize(from)?;
        Ok(table.into_iter().map(|row| row.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect()).collect())
    }
}

/// Refuses an outcome the base run has no value of.
fn base_has_value(base: f64, label: &str) -> Result<()> {
    if base.is_nan() {
        return Err(Error::Usage(said(
            format!(
                "{label} không có giá trị trong lần chạy cơ sở (chẳng hạn một chỉ tiêu theo ha của cây trồng không có diện tích); chọn --indicator, --key hoặc --year khác"
            ),
            format!(
                "{label} has no value in the base run (a per-hectare figure of a crop with no area, say); choose another --indicator, --key or --year"
            ),
        )));
    }
    Ok(())
}

/// Ranks the levers from every case's mean, writes the tornado chart and
/// CSV, commits and prints the ranking: what `sensitivity` and `merge` share.
pub fn finish_sensitivity(
    staged: StagedDir,
    s: &Scenario,
    work: &Work,
    values: &[Vec<f64>],
    ranked: Ranked<'_>,
    args: &RunOptions,
    lang: Lang,
) -> Result<()> {
    let Ranked { change, target, label, seconds } = ranked;
    base_has_value(case_mean(&values[0]), label)?;
    let mut rows: Vec<SensitivityRow> = rows_from_values(values, change);
    rank_by_effect(&mut rows);
    let (unit, divisor) = shown_unit(info(target.indicator).unit, lang);
    write_sensitivity(
        staged.path(),
        s,
        &rows,
        label,
        info(target.indicator).unit,
        change,
        Writing { lang, csv: args.csv_style.into() },
    )?;
    write_command_manifest(&staged, "sensitivity", Some(work), &[s], thread_count(args.threads)?, seconds)?;
    interrupt::check()?;
    let written = staged.commit()?;
    if !args.quiet {
        console::println(&sensitivity_summary(&rows, label, (&unit, divisor), s.simulation.replicates, lang))?;
        console::println(&format!("{}: {}", lang.pick("Kết quả", "Results"), written.display()))?;
    }
    Ok(())
}
