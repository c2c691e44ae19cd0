//! `calibrate`: fit settings to observed numbers, then one check run of the
//! fitted scenario, written like a run with the calibration beside it.

use std::path::PathBuf;

use super::console::{self, RunProgress, note, stopped};
use super::interrupt;
use super::run::{RunData, save_records, write_run_files};
use super::settings::{configure, in_range, thread_count, warn_without_effect, worker_pool};
use crate::cli::CalibrateArgs;
use agroshift::calibrate::fit::{FitRuns, calibrate};
use agroshift::calibrate::observed::read_observed;
use agroshift::calibrate::setting::{fit_settings, scenario_with};
use agroshift::calibrate::solver::SolverOptions;
use agroshift::engine::simulate;
use agroshift::error::{Error, Result, said};
use agroshift::output::atomic::StagedDir;
use agroshift::output::calibration::CalibrationFile;
use agroshift::output::calibration::{fitted_source, significant, source_key};
use agroshift::output::publish::publish;
use agroshift::output::results::TERMINAL_COLUMNS;
use agroshift::scenario::load::LoadedScenario;
use agroshift::scenario::{self, Lang, builtin, validate};
use agroshift::text::{number_for, wrap};

/// The copy of a planner's own scenario that calibrated.toml extends.
const BASE_FILE: &str = "base-scenario.toml";

/// What `extends` must say for calibrated.toml to find the scenario it was
/// fitted from wherever its folder goes: a shipped name as it is; a file of
/// the planner's as a copy written beside it ([`BASE_FILE`], everything it
/// inherits included), so that the folder can be moved or sent on.
fn extends_for(spec: &str, loaded: &LoadedScenario, staged: &StagedDir) -> Result<String> {
    if !std::path::Path::new(spec).is_file() && builtin::find(spec).is_some() {
        return Ok(spec.to_string());
    }
    let mut text = format!(
        "# {spec} as `agroshift calibrate` read it, with everything it inherits, so that\n\
         # calibrated.toml beside it runs wherever this folder goes.\n"
    );
    text.push_str(&toml::to_string(&loaded.table).map_err(|e| Error::Failed(format!("writing {BASE_FILE}: {e}")))?);
    staged.write(BASE_FILE, text.as_bytes())?;
    Ok(BASE_FILE.to_string())
}

/// `agroshift calibrate SCENARIO --observed FILE --fit PATH,…`.
pub fn calibrate_command(args: &CalibrateArgs, lang: Lang) -> Result<()> {
    let options = &args.options;
    let loaded = scenario::load::load(&args.scenario)?;
    // The fit's size: --scale and --replicates, by default a tenth of the
    // province with 50 replicates, as for frontier and sensitivity.
    let mut fit_base = validate::validate(&loaded)?;
    configure(&mut fit_base, options, Some(0.1), Some(50))?;
    // The check run's: the scenario's own unless --check-scale, --check-replicates say.
    let mut check = validate::validate(&loaded)?;
    let check_options =
        crate::cli::RunOptions { scale: args.check_scale, replicates: args.check_replicates, ..options.clone() };
    if let Some(scale) = args.check_scale {
        in_range("--check-scale", "scale", scale)?;
    }
    if let Some(n) = args.check_replicates {
        in_range("--check-replicates", "replicates", n as f64)?;
    }
    configure(&mut check, &check_options, None, None)?;
    warn_without_effect(&check, options.quiet, lang);
    let min_cv = agroshift::calibrate::observed::MIN_RELATIVE_SD;
    if !(args.obs_cv >= min_cv && args.obs_cv <= 1.0) {
        let cv = args.obs_cv;
        let hint = if (2.0..=100.0).contains(&cv) {
            said(
                format!("; {cv} có vẻ là phần trăm: hãy ghi {}", cv / 100.0),
                format!("; {cv} looks like a percentage: write {}", cv / 100.0),
            )
        } else {
            said("", "")
        };
        return Err(Error::Usage(said(
            format!("--obs-cv: cần sai số tương đối từ {min_cv:e} đến 1 (0.1 = 10%), nhưng ghi {cv}{}", hint.vi),
            format!("--obs-cv: expected a relative error from {min_cv:e} to 1 (0.1 = 10%), found {cv}{}", hint.en),
        )));
    }
    if args.max_iterations == 0 {
        return Err(Error::Usage(said("--max-iterations: cần ít nhất là 1", "--max-iterations: expected at least 1")));
    }
    let observations = read_observed(&args.observed, &check)?;
    if let Some(o) = observations.iter().find(|o| o.value == 0.0 && o.sd.is_none()) {
        return Err(Error::Input(agroshift::error::InputErrors(vec![agroshift::error::InputError {
            file: args.observed.display().to_string(),
            line: o.line,
            column: 1,
            field: "sd".into(),
            message: agroshift::text::said(
                "số liệu bằng 0 cần có sd: sai số tương đối của 0 sẽ cho nó trọng số vô hạn",
                "an observed 0 needs an sd: a relative error of 0 would weigh it without limit",
            ),
            help: Some(agroshift::text::said(
                "hãy thêm cột sd, hoặc ghi một giá trị sd cho dòng này",
                "add an sd column, or a value in it for this row",
            )),
        }])));
    }
    let settings = fit_settings(&loaded, &args.fit, &args.bounds)?;
    let threads = thread_count(options.threads)?;
    let out = options.out.clone().unwrap_or_else(|| PathBuf::from("out").join(format!("calibrate-{}", check.name)));
    let input = std::path::Path::new(&args.scenario);
    if input.is_file()
        && agroshift::output::atomic::absolute(input).starts_with(agroshift::output::atomic::absolute(&out))
    {
        let (folder, scenario) = (out.display(), &args.scenario);
        return Err(Error::Usage(said(
            format!(
                "--out: {folder} chứa kịch bản đang hiệu chỉnh ({scenario}), mà kết quả sẽ ghi đè; chọn thư mục khác"
            ),
            format!(
                "--out: {folder} holds the scenario being calibrated ({scenario}), which the results would replace; choose another folder"
            ),
        )));
    }
    let staged = StagedDir::begin(&out, options.force, "calibrate")?;
    let pool = worker_pool(Some(threads))?;
    let runs = FitRuns {
        scale: fit_base.simulation.scale,
        replicates: fit_base.simulation.replicates,
        seed: fit_base.simulation.seed,
        obs_cv: args.obs_cv,
        solver: SolverOptions { max_iterations: args.max_iterations, ..SolverOptions::default() },
    };
    let say = |text: String| note(options.quiet, &wrap(&text, TERMINAL_COLUMNS - 2).join("\n  "));
    let names: Vec<&str> = settings.iter().map(|s| s.path.as_str()).collect();
    say(match lang {
        Lang::Vi => format!(
            "Hiệu chỉnh {} theo {} số liệu quan sát ({}): {}; mỗi lần chạy ở quy mô {} với {} lần mô phỏng, seed {}",
            check.name,
            observations.len(),
            args.observed.display(),
            names.join(", "),
            agroshift::text::scale_text(runs.scale, lang),
            runs.replicates,
            runs.seed
        ),
        Lang::En => format!(
            "Calibrating {} to {} ({}): {}; each simulation at scale {} with {} replicates, seed {}",
            check.name,
            agroshift::text::count_en(observations.len(), "observation", "observations"),
            args.observed.display(),
            names.join(", "),
            agroshift::text::scale_text(runs.scale, lang),
            runs.replicates,
            runs.seed
        ),
    });
    let cancel = RunProgress::hidden();
    let quiet = options.quiet;
    let report_iteration = |it: &agroshift::calibrate::solver::Iteration| {
        if quiet {
            return;
        }
        let values: Vec<String> =
            names.iter().zip(&it.values).map(|(n, v)| format!("{} = {}", short(n), significant(*v, lang))).collect();
        let line = format!(
            "{} {}: {} {} — {}",
            lang.pick("Vòng", "Iteration"),
            it.number,
            lang.pick("tổng bình phương", "sum of squares"),
            number_for(it.objective, 3, lang),
            values.join(", ")
        );
        console::note(false, &wrap(&line, TERMINAL_COLUMNS - 2).join("\n  "));
    };
    let calibration = pool.install(|| calibrate(&loaded, &settings, &observations, runs, &cancel, report_iteration))?;
    interrupt::check()?;

    // The check run: the fitted scenario at the run's own settings.
    let fitted: Vec<f64> = calibration.settings.iter().map(|f| f.value).collect();
    // Named in its resolved text too, which the report and `plot` read.
    let mut named = loaded.clone();
    named.table.insert("name".into(), toml::Value::String(format!("{}-calibrated", check.name)));
    named.table.insert("title_vi".into(), toml::Value::String(format!("{} (hiệu chỉnh)", check.title(Lang::Vi))));
    named.table.insert("title_en".into(), toml::Value::String(format!("{} (calibrated)", check.title(Lang::En))));
    // The fitted settings' sources, as calibrated.toml records them: the
    // check run's report and workbook cite the fit, not the estimate.
    let observed_file = args.observed.display().to_string();
    let sources = named.table.entry("sources").or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(sources) = sources {
        for f in &calibration.settings {
            let source = fitted_source(&observed_file, calibration.observations.len(), f.on_bound, f.se.is_finite());
            sources.insert(source_key(&f.setting.path), toml::Value::String(source));
        }
    }
    let mut scenario = scenario_with(&named, &settings, &fitted)?;
    configure(&mut scenario, &check_options, None, None)?;
    let sim = &scenario.simulation;
    say(match lang {
        Lang::Vi => format!(
            "Chạy kiểm tra kịch bản đã hiệu chỉnh: {} lần mô phỏng, quy mô {}, seed {}",
            sim.replicates,
            agroshift::text::scale_text(sim.scale, lang),
            sim.seed
        ),
        Lang::En => format!(
            "Check run of the calibrated scenario: {} replicates, scale {}, seed {}",
            sim.replicates, sim.scale, sim.seed
        ),
    });
    let progress = RunProgress::new(sim.replicates as u64, options.quiet, lang);
    let result = pool.install(|| simulate(&scenario, &progress)).map_err(stopped)?;
    drop(progress);
    let file = CalibrationFile::new(&calibration, &observed_file, &scenario, &result.records);
    let json = serde_json::to_string_pretty(&file).unwrap_or_default() + "\n";
    staged.write("calibration.json", json.as_bytes())?;
    staged.write("fit.csv", &agroshift::output::csv_out::restyle(&file.fit_csv(), options.csv_style.into()))?;
    let titles = [scenario.title(Lang::Vi), scenario.title(Lang::En)];
    let extends = extends_for(&args.scenario, &loaded, &staged)?;
    let toml = file.calibrated_toml(&extends, &scenario.name, titles);
    staged.write("calibrated.toml", toml.as_bytes())?;
    save_records(&staged, &scenario, &result.records)?;
    let data =
        RunData { values: &result.records, province: &result.province, wall_time_s: result.wall_time_s, threads };
    let results = pool
        .install(|| write_run_files(&staged, &scenario, &data, options))?
        .with_calibration("calibration.json", &json)?;
    interrupt::check()?;
    publish(&results, lang, staged.path())?;
    interrupt::check()?;
    let written = staged.commit()?;
    if !options.quiet {
        console::println(&fit_summary(&file, lang))?;
        // The copy of the planner's own scenario goes with calibrated.toml.
        let base = if extends == BASE_FILE { format!("{BASE_FILE}, ") } else { String::new() };
        console::println(&match lang {
            Lang::Vi => format!(
                "Kết quả (calibrated.toml, {base}fit.csv, calibration.json, report.html, report.docx, results.xlsx, figures/):\n  {}\nChạy lại kịch bản đã hiệu chỉnh: agroshift run {}",
                written.display(),
                written.join("calibrated.toml").display()
            ),
            Lang::En => format!(
                "Results (calibrated.toml, {base}fit.csv, calibration.json, report.html, report.docx, results.xlsx, figures/):\n  {}\nRun the calibrated scenario again: agroshift run {}",
                written.display(),
                written.join("calibrated.toml").display()
            ),
        })?;
    }
    Ok(())
}

/// The last part of a setting's path, for the progress lines.
fn short(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// The fitted values, their standard errors and the warnings, for the terminal.
fn fit_summary(file: &CalibrationFile, lang: Lang) -> String {
    let mut out =
        format!("\n{}\n", lang.pick("Giá trị hiệu chỉnh (± sai số chuẩn):", "Fitted values (± standard error):"));
    for s in &file.settings {
        let se = s.se.map(|se| significant(se, lang)).unwrap_or_else(|| "∞".into());
        out.push_str(&format!(
            "  {} = {} ± {se}  ({} {}; {} {} – {})\n",
            s.path,
            significant(s.value, lang),
            lang.pick("ban đầu", "was"),
            significant(s.start, lang),
            lang.pick("giới hạn", "bounds"),
            significant(s.low, lang),
            significant(s.high, lang)
        ));
    }
    if file.settings.len() > 1 {
        let table = agroshift::output::calibration_report::correlation_table(file, lang);
        // As wide as the names need: a narrow matrix reads better than a wide one.
        let widest = table.header.iter().map(|h| h.chars().count()).max().unwrap_or(10) + 3;
        let width = (widest * table.header.len()).min(TERMINAL_COLUMNS);
        out.push_str(&agroshift::output::table::report_table_text(&table, width));
    }
    for w in agroshift::output::calibration_report::calibration_warnings(file, lang) {
        out.push_str(&format!("{}\n", wrap(&format!("! {w}"), TERMINAL_COLUMNS - 2).join("\n  ")));
    }
    out.push_str(&format!(
        "{} {} → {} ({} {}, {} {})\n",
        lang.pick("Tổng bình phương có trọng số:", "Weighted sum of squares:"),
        number_for(file.start_objective, 2, lang),
        number_for(file.objective, 2, lang),
        file.iterations,
        lang.pick("vòng", "iterations"),
        file.evaluations,
        lang.pick("lần chạy", "simulations")
    ));
    out
}
