//! Command-line types (clap). Nothing here runs anything: see `app.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use agroshift::scenario::builtin::DEFAULT_SCENARIO;

/// The examples and exit codes under the program's own help (its
/// Vietnamese is keyed by this text in `app/help_vi.rs`).
pub const AFTER_HELP: &str = "Examples:
  agroshift                                  run the default scenario (sonla-restructuring)
  agroshift run sonla-planned --scale 0.1    a quick run at one tenth of the province
  agroshift crops --slope S3                 compare crops per hectare on 15–25° slopes
  agroshift crops --cashflow longan_grafted  year-by-year cash flow of a new orchard
  agroshift check my-scenario.toml           check a scenario file you edited
  agroshift --lang en plot out/sonla-planned charts and report in English, no new run
  agroshift show sonla-planned > mine.toml   start your own scenario from a shipped one

Exit codes: 0 done, 1 the run failed, 2 bad input (nothing written),
130/143 interrupted by Ctrl-C/SIGTERM (nothing left behind).
--force replaces only an empty folder or an earlier agroshift result.";

/// agroshift: simulate converting sloping maize, cassava and upland rice land
/// to grafted fruit orchards, district by district, with prices, weather and
/// household decisions, and see land use, incomes, forest and tree cover and
/// soil loss year by year, with their uncertainty.
#[derive(Debug, Parser)]
#[command(
    name = "agroshift",
    version,
    about = "Simulate farm restructuring on sloping land (Sơn La): crops, incomes, tree cover, soil.",
    long_about = None,
    after_help = AFTER_HELP,
)]
pub struct Cli {
    /// What to do; with none, runs the default scenario.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Language of tables, charts, reports, messages and this help (vi: Tiếng
    /// Việt, en: English).
    #[arg(long, global = true, value_enum, ignore_case = true, default_value_t = LangArg::Vi)]
    pub lang: LangArg,
}

/// Label language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

impl From<LangArg> for agroshift::scenario::Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::Vi => Self::Vi,
            LangArg::En => Self::En,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario: many replicates of the whole province, year by year.
    ///
    /// Writes to out/<scenario>/ every indicator per year (indicators.csv,
    /// with mean, sd and percentiles across replicates), the budget, a
    /// one-page summary, the charts, report.html, report.docx and
    /// results.xlsx, and prints key indicators at milestone years.
    Run(RunArgs),
    /// Re-draw the charts, report.html, report.docx and results.xlsx of a saved run
    /// (for example in English) without simulating again.
    ///
    /// Writes into <RUN_DIR>/plots-<lang> unless told otherwise.
    Plot {
        /// Folder of a run (holding indicators.csv and manifest.json).
        run_dir: PathBuf,
        /// Output folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace an existing output folder.
        #[arg(long)]
        force: bool,
        /// Print nothing but errors.
        #[arg(long)]
        quiet: bool,
    },
    /// Compare scenarios run with the same seed (the same prices and
    /// weather): each key outcome at milestone years and its difference
    /// from the first scenario, with charts, a report and a workbook.
    Compare {
        /// Two or more scenarios (files or shipped names); the first is the reference.
        #[arg(required = true, num_args = 2..)]
        scenarios: Vec<String>,
        #[command(flatten)]
        options: RunOptions,
    },
    /// Simulate every crop mix on a grid of shares (planned mode) and show
    /// which mixes no other beats on both mean and downside (risk–return).
    ///
    /// The downside is the 5th percentile of an outcome where more is better
    /// (income, households above the threshold) and the 95th where less is
    /// (households in poverty, the Gini, soil loss). Money spent has no
    /// better side and is refused as the outcome.
    ///
    /// Runs at a tenth of the province with 100 replicates unless told otherwise.
    Frontier {
        /// A planned scenario (file or shipped name).
        scenario: String,
        /// Crops to mix, comma-separated.
        #[arg(long, default_value = "longan_grafted,mango_grafted,plum_grafted")]
        crops: String,
        /// Step of the shares grid (0.1: 66 mixes of three crops).
        #[arg(long, value_parser = decimal, default_value_t = 0.1)]
        step: f64,
        #[command(flatten)]
        target: TargetArgs,
        #[command(flatten)]
        options: RunOptions,
        /// Simulate only shard K of N of the mixes (for a cluster) and write
        /// mixes.json and part.json; put the shards together with `agroshift merge`.
        #[arg(long, value_name = "K/N", value_parser = agroshift::replicates::part::Shard::parse)]
        shard: Option<agroshift::replicates::part::Shard>,
    },
    /// One parameter group at a time, low and high: which assumptions move
    /// an indicator most (tornado chart and ranked CSV).
    ///
    /// Runs at a tenth of the province with 100 replicates unless told otherwise.
    Sensitivity {
        /// Scenario (file or shipped name).
        scenario: String,
        #[command(flatten)]
        target: TargetArgs,
        /// Relative change, low and high (0.2 = ±20%).
        #[arg(long, value_parser = decimal, default_value_t = 0.2)]
        change: f64,
        #[command(flatten)]
        options: RunOptions,
        /// Simulate only shard K of N of the cases (the base, each lever low
        /// and high) and write cases.json and part.json; put the shards
        /// together with `agroshift merge`.
        #[arg(long, value_name = "K/N", value_parser = agroshift::replicates::part::Shard::parse)]
        shard: Option<agroshift::replicates::part::Shard>,
    },
    /// Fit settings of a scenario to a province's own statistics: weighted
    /// least squares of the simulated means against the observed numbers
    /// (Levenberg–Marquardt, the same seed for every simulation), then one
    /// check run of the fitted scenario.
    ///
    /// The fit runs at a tenth of the province with 50 replicates unless
    /// told otherwise; the check run at the scenario's own size.
    ///
    /// Writes calibrated.toml (a scenario that extends the input and sets the
    /// fitted values), fit.csv, and the check run's results with a
    /// calibration section in report.html.
    ///
    /// Example: agroshift calibrate sonla-restructuring --observed examples/observed-song-ma.csv
    /// --fit parameters.awareness_q,parameters.adopt_theta_mvnd_ha
    Calibrate(CalibrateArgs),
    /// Put the shards of a run, frontier or sensitivity analysis together
    /// (`--shard K/N`, one per cluster task): checks that every shard of one
    /// work is there once, and writes everything the single command writes,
    /// the same byte for byte.
    ///
    /// Example: agroshift merge parts/shard-1 parts/shard-2 parts/shard-3 --out results
    Merge(MergeArgs),
    /// Cut a run into shards for a Slurm cluster: writes a job-array batch
    /// script (one task per shard), a merge job that waits for the whole
    /// array, and submit.sh; --submit submits both with sbatch.
    ///
    /// For `run`; frontier and sensitivity take --shard K/N too, and their
    /// shards are merged the same way. The scripts call this program by its
    /// path and read the scenario when each task starts: both must be on a
    /// file system the compute nodes see.
    ///
    /// Example: agroshift slurm sonla-restructuring --replicates 10000 --shards 50 --out cluster-run
    Slurm(SlurmArgs),
    /// Try options in the browser: a local web page where you change the
    /// support, the crop mix, the pace or a price, and see the key table,
    /// charts and the difference from the scenario as loaded in seconds
    /// (a reduced scale, stated on the page). Ctrl-C stops it.
    ///
    /// Example: agroshift serve   (then open http://127.0.0.1:8080/)
    Serve(ServeArgs),
    /// Regenerate the charts of every shipped scenario (the project's
    /// top-level figures/ folder).
    Figures {
        /// Output folder.
        #[arg(long, value_name = "DIR", default_value = "figures")]
        out: PathBuf,
        /// Share of the province simulated.
        #[arg(long, value_parser = decimal, value_name = "F", default_value_t = 0.25)]
        scale: f64,
        /// Replicates per scenario.
        #[arg(long, value_parser = whole::<u32>, value_name = "N", default_value_t = 100, allow_negative_numbers = true)]
        replicates: u32,
        /// Replace the existing folder.
        #[arg(long)]
        force: bool,
    },
    /// Check scenario files and print a one-screen summary of each.
    Check {
        /// Scenario files (or shipped scenario names).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print a scenario file as written, comments and all (to copy a
    /// shipped one and learn its settings); with --resolved, everything it
    /// inherits through `extends`, each value with the file that sets it.
    Show {
        /// Scenario file or shipped scenario name.
        scenario: String,
        /// Write out everything inherited, with each value's origin.
        #[arg(long)]
        resolved: bool,
    },
    /// List the shipped scenarios.
    Scenarios,
    /// Compare crops per hectare at base prices: yield, gross and net income,
    /// establishment cost, NPV, IRR and payback year.
    Crops(CropsArgs),
}

/// Options of `run`.
#[derive(Debug, Args, Default)]
pub struct RunArgs {
    /// Scenario file or shipped scenario name.
    #[arg(default_value = DEFAULT_SCENARIO)]
    pub scenario: String,
    #[command(flatten)]
    pub options: RunOptions,
    /// Simulate only shard K of N of the replicates (for a cluster: one
    /// task per shard) and write replicates.parquet and part.json; put the
    /// shards together with `agroshift merge`, which writes the results (in
    /// its --lang and --csv-style) the same, byte for byte, as one run's.
    #[arg(long, value_name = "K/N", value_parser = agroshift::replicates::part::Shard::parse)]
    pub shard: Option<agroshift::replicates::part::Shard>,
}

/// Options of `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Folders of the shards, each holding part.json and the shard's data
    /// (replicates.parquet of `run`, mixes.json of `frontier`, cases.json of
    /// `sensitivity`), in any order.
    #[arg(required = true, num_args = 1.., value_name = "PART_DIR")]
    pub parts: Vec<PathBuf>,
    /// Output folder (default: out/<scenario>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace an earlier result of agroshift in the output folder.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// Worker threads for the summaries and charts (results do not depend on it).
    #[arg(long, value_parser = whole::<usize>, value_name = "T", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// CSV files for Excel with Vietnamese regional settings (`vi`) or the
    /// standard style (as `run`).
    #[arg(long, value_enum, default_value_t = CsvStyleArg::Standard)]
    pub csv_style: CsvStyleArg,
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A scenario to offer first (file or shipped name); the shipped ones
    /// are always offered.
    pub scenario: Option<String>,
    /// Port to listen on (0: any free port, printed).
    #[arg(long, value_parser = whole::<u16>, default_value_t = 8080, allow_negative_numbers = true)]
    pub port: u16,
    /// Address to listen on; 127.0.0.1 keeps the page to this computer.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Share of the province each answer simulates.
    #[arg(long, value_parser = decimal, value_name = "F", default_value_t = 0.1)]
    pub scale: f64,
    /// Replicates of each answer.
    #[arg(long, value_parser = whole::<u32>, value_name = "N", default_value_t = 50, allow_negative_numbers = true)]
    pub replicates: u32,
    /// Random seed (default: the scenario's).
    #[arg(long, value_parser = whole::<u64>, value_name = "S", allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Worker threads of the simulations (default: all cores).
    #[arg(long, value_parser = whole::<usize>, value_name = "T", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Simulations at once, across all pages; more get "busy" (503).
    #[arg(long, value_parser = whole::<usize>, value_name = "N", default_value_t = 2, allow_negative_numbers = true)]
    pub max_runs: usize,
}

/// Options of `slurm`.
#[derive(Debug, Args)]
pub struct SlurmArgs {
    /// Scenario file or shipped scenario name.
    pub scenario: String,
    /// Shards: array tasks, each simulating its share of the replicates.
    #[arg(long, value_parser = whole::<u32>, value_name = "N", allow_negative_numbers = true)]
    pub shards: u32,
    /// Submit the array and the merge job with sbatch and print their ids.
    #[arg(long)]
    pub submit: bool,
    /// Cores per task (Slurm's --cpus-per-task); each task runs that many threads.
    #[arg(long, value_parser = whole::<u32>, value_name = "C", default_value_t = 2, allow_negative_numbers = true)]
    pub cpus_per_task: u32,
    /// Time limit per task (Slurm's --time): minutes (90), HH:MM:SS or D-HH:MM:SS.
    #[arg(long, value_name = "HH:MM:SS", default_value = "01:00:00")]
    pub time: String,
    /// Memory per task (Slurm's --mem), with its unit: 4G, 500M. A full-province shard needs about
    /// 0.3 GB per thread.
    #[arg(long, value_name = "SIZE", default_value = "4G")]
    pub mem: String,
    /// Slurm partition (default: the cluster's).
    #[arg(long, value_name = "NAME")]
    pub partition: Option<String>,
    /// Slurm account to charge (default: yours).
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Monte Carlo replicates of the whole run (default: the scenario's).
    #[arg(long, value_parser = whole::<u32>, value_name = "N", allow_negative_numbers = true)]
    pub replicates: Option<u32>,
    /// Random seed (default: the scenario's).
    #[arg(long, value_parser = whole::<u64>, value_name = "S", allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Years simulated (default: the scenario's).
    #[arg(long, value_parser = whole::<u32>, value_name = "Y", allow_negative_numbers = true)]
    pub years: Option<u32>,
    /// Share of the province simulated (default: the scenario's).
    #[arg(long, value_parser = decimal, value_name = "F")]
    pub scale: Option<f64>,
    /// Districts (or communes) the results speak of, as `run --focus`.
    #[arg(long, value_name = "ZONE", value_delimiter = ',')]
    pub focus: Vec<String>,
    /// CSV style of the merged results, as `run --csv-style`.
    #[arg(long, value_enum, default_value_t = CsvStyleArg::Standard)]
    pub csv_style: CsvStyleArg,
    /// Folder of the scripts, logs/, parts/ (the shards) and results/ (the
    /// merged run), on a file system every node sees (default: slurm/<scenario>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace an earlier folder of scripts that no job has used yet.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors (and, with --submit, the job ids).
    #[arg(long)]
    pub quiet: bool,
}

/// Options of `calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Scenario file or shipped scenario name.
    pub scenario: String,
    /// Observed numbers: a CSV file with the columns of indicators.csv
    /// (scope, year, indicator, key, value), optionally sd (the value's
    /// uncertainty) and unit (checked against the indicator's: ha,
    /// households or hộ, VND or đồng, …; it vouches for an area that looks
    /// like thousands of ha). A crop by its id or its name (Nhãn ghép); a
    /// key may add crops with + (old_longan+longan_grafted).
    #[arg(long, value_name = "FILE")]
    pub observed: PathBuf,
    /// Settings to fit, by their path in the scenario file, comma-separated
    /// (parameters.awareness_q, markets.longan.demand_elasticity, …).
    #[arg(long, value_name = "PATH,…", value_delimiter = ',', required = true)]
    pub fit: Vec<String>,
    /// Bounds of a fitted setting instead of its plausible range; repeat it
    /// for several (--bounds parameters.awareness_q=0.1:2).
    #[arg(long, value_name = "PATH=LOW:HIGH")]
    pub bounds: Vec<String>,
    /// Relative error of an observation without an sd (0.1 = 10%).
    #[arg(long, value_parser = decimal, value_name = "CV", default_value_t = 0.1, allow_negative_numbers = true)]
    pub obs_cv: f64,
    /// Share of the province the check run of the fitted scenario simulates
    /// (default: the scenario's own).
    #[arg(long, value_parser = decimal, value_name = "F")]
    pub check_scale: Option<f64>,
    /// Replicates of the check run (default: the scenario's own).
    #[arg(long, value_parser = whole::<u32>, value_name = "N", allow_negative_numbers = true)]
    pub check_replicates: Option<u32>,
    /// Most iterations of the solver.
    #[arg(long, value_parser = whole::<usize>, value_name = "N", default_value_t = 20, allow_negative_numbers = true)]
    pub max_iterations: usize,
    /// The fit's simulations: --scale and --replicates (default 0.1 and 50),
    /// --seed (every simulation of the fit and the check run); --years,
    /// --out, --force, --threads as for run.
    #[command(flatten)]
    pub options: RunOptions,
}

/// Output format of tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned text for the terminal.
    #[default]
    Table,
    /// Comma-separated values (UTF-8 with BOM, opens in Excel).
    Csv,
    /// JSON.
    Json,
}

/// Options of `crops`.
#[derive(Debug, Args)]
pub struct CropsArgs {
    /// Scenario file or shipped scenario name.
    #[arg(default_value = DEFAULT_SCENARIO)]
    pub scenario: String,
    /// Slope class: S1 <8°, S2 8–15°, S3 15–25°, S4 >25°.
    #[arg(long, default_value = "S2", value_parser = ["S1", "S2", "S3", "S4"])]
    pub slope: String,
    /// Output format: table (aligned text for the terminal), csv (UTF-8 with
    /// BOM, opens in Excel) or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Show the year-by-year cash flow of one crop from planting (the J-curve).
    #[arg(long, value_name = "CROP")]
    pub cashflow: Option<String>,
    /// With --format csv: `vi` for Excel with Vietnamese regional settings
    /// (`;` between fields, decimal commas), `standard` otherwise.
    #[arg(long, value_enum, default_value_t = CsvStyleArg::Standard)]
    pub csv_style: CsvStyleArg,
}

/// Options of every command that simulates: `run`, `compare`, `frontier`,
/// `sensitivity`.
#[derive(Debug, Args, Default, Clone)]
pub struct RunOptions {
    /// Monte Carlo replicates (default: the scenario's; frontier and
    /// sensitivity: 100 per case, calibrate: 50 per fitting run).
    #[arg(long, value_parser = whole::<u32>, value_name = "N", allow_negative_numbers = true)]
    pub replicates: Option<u32>,
    /// Random seed (default: the scenario's). Same seed, same results.
    #[arg(long, value_parser = whole::<u64>, value_name = "S", allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Years simulated (default: the scenario's).
    #[arg(long, value_parser = whole::<u32>, value_name = "Y", allow_negative_numbers = true)]
    pub years: Option<u32>,
    /// Share of the province simulated, 0 < F ≤ 1, for quick runs; results
    /// are still reported in whole-province units. Every district keeps at
    /// least 20 households (for Sơn La: 0.0025 or more). Default: the
    /// scenario's; frontier, sensitivity and calibrate's fitting runs: 0.1.
    #[arg(long, value_parser = decimal, value_name = "F", allow_negative_numbers = true)]
    pub scale: Option<f64>,
    /// Worker threads (default: RAYON_NUM_THREADS, else all cores; at most 4
    /// per core). Results do not depend on it.
    #[arg(long, value_parser = whole::<usize>, value_name = "T", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace an earlier result of agroshift in the output folder (never a
    /// folder that holds other files).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// Make the terminal table, report, workbook and charts speak of these
    /// districts (or communes) instead of the province; repeat it or give
    /// several names with commas. The whole province is still simulated,
    /// on one market.
    #[arg(long, value_name = "ZONE", value_delimiter = ',')]
    pub focus: Vec<String>,
    /// CSV files for Excel with Vietnamese regional settings (`vi`: `;`
    /// between fields, decimal commas) or the standard style for R, Python
    /// and English Excel (`standard`: `,` and decimal points).
    #[arg(long, value_enum, default_value_t = CsvStyleArg::Standard)]
    pub csv_style: CsvStyleArg,
}

/// How CSV files are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum CsvStyleArg {
    /// `,` between fields, `.` before decimals (RFC 4180).
    #[default]
    Standard,
    /// `;` between fields, `,` before decimals, for Vietnamese Excel.
    Vi,
}

impl From<CsvStyleArg> for agroshift::output::csv_out::CsvStyle {
    fn from(arg: CsvStyleArg) -> Self {
        match arg {
            CsvStyleArg::Standard => Self::Standard,
            CsvStyleArg::Vi => Self::Vietnamese,
        }
    }
}

/// The outcome an exploration looks at: an indicator of `indicators.csv`,
/// province scope, in one year.
#[derive(Debug, Args, Clone)]
pub struct TargetArgs {
    /// Indicator name, as in indicators.csv (farm_income_vnd, hh_above_threshold, …).
    #[arg(long, default_value = "farm_income_vnd")]
    pub indicator: String,
    /// Crop or market of a per-crop or per-market indicator.
    #[arg(long)]
    pub key: Option<String>,
    /// Year (default: the last simulated year).
    #[arg(long)]
    pub year: Option<i32>,
}

/// A whole number from the command line (a count, a port, a seed), with
/// what is wrong where it is not one: a negative number (taken as a value,
/// not as an option, so that the answer is not clap's "use -- -3"), a
/// decimal, a number too large.
fn whole<T: std::str::FromStr>(text: &str) -> Result<T, agroshift::text::Said> {
    use agroshift::text::said;
    let trimmed = text.trim();
    if let Ok(n) = trimmed.parse::<T>() {
        return Ok(n);
    }
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // 1.000 or 1,000: a thousands separator, as Vietnamese and English write them.
    let grouped: Vec<&str> = trimmed.split(['.', ',']).collect();
    if grouped.len() > 1 && digits(grouped[0]) && grouped[1..].iter().all(|g| g.len() == 3 && digits(g)) {
        let plain = grouped.concat();
        return Err(said(
            format!("{text}: viết số không có dấu ngăn cách hàng nghìn ({plain})"),
            format!("{text}: write the number without a thousands separator ({plain})"),
        ));
    }
    let number = trimmed.replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite());
    Err(match number {
        Some(_) if trimmed.starts_with('-') => said(
            format!("{text} là số âm; ở đây cần một số nguyên không âm"),
            format!("{text} is negative; a whole number of 0 or more is expected here"),
        ),
        Some(x) if x.fract() != 0.0 => said(
            format!("{text} có phần thập phân; ở đây cần một số nguyên"),
            format!("{text} has decimals; a whole number is expected here"),
        ),
        Some(_) if digits(trimmed.trim_start_matches('+')) => {
            said(format!("{text} là số quá lớn"), format!("{text} is too large"))
        }
        _ => said(format!("\"{text}\" không phải là một số nguyên"), format!("\"{text}\" is not a whole number")),
    })
}

/// A decimal number from the command line, with a hint where it was
/// written the Vietnamese way (`0,05` for `0.05`).
fn decimal(text: &str) -> Result<f64, agroshift::text::Said> {
    use agroshift::text::said;
    text.trim().parse::<f64>().map_err(|_| {
        let point = text.replace(',', ".");
        if text.contains(',') && point.trim().parse::<f64>().is_ok() {
            said(
                format!("\"{text}\" không phải là số ở đây: số thập phân viết bằng dấu chấm ({point})"),
                format!("\"{text}\" is not a number here: decimals take a point ({point})"),
            )
        } else {
            said(format!("\"{text}\" không phải là một số"), format!("\"{text}\" is not a number"))
        }
    })
}
