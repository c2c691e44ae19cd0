//! The command layer, one file per group of commands: load → validate →
//! compute → write. `run.rs`: run, plot, figures; `explore.rs`: compare,
//! frontier, sensitivity; here: check, show, scenarios, crops. What they
//! share: `settings.rs` (run options, threads), `console.rs` (printing,
//! progress), `interrupt.rs` (Ctrl-C and SIGTERM).

mod console;
mod explore;
mod interrupt;
mod run;
mod settings;

use crate::cli::{Cli, Command, CropsArgs, Format, LangArg, RunArgs};
use agroshift::analysis::crops::{cash_flow_profile, crop_table};
use agroshift::error::{Error, Result};
use agroshift::output::csv_out::write_csv;
use agroshift::output::table::TextTable;
use agroshift::scenario::{self, Lang, Mode, Scenario, Slope, builtin};
use agroshift::text::{group_thousands, million_vnd};

/// Runs the command line and returns what to exit with.
pub fn run(cli: Cli) -> Result<()> {
    interrupt::install();
    let lang = match cli.lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    };
    match cli.command {
        None => run::run_command(&RunArgs { scenario: builtin::DEFAULT_SCENARIO.into(), ..RunArgs::default() }, lang),
        Some(Command::Run(args)) => run::run_command(&args, lang),
        Some(Command::Plot { run_dir, out, force }) => run::plot_command(&run_dir, out.as_deref(), force, lang),
        Some(Command::Compare { scenarios, options }) => explore::compare_command(&scenarios, &options, lang),
        Some(Command::Frontier { scenario, crops, step, target, options }) => {
            explore::frontier_command(&scenario, &crops, step, &target, &options, lang)
        }
        Some(Command::Sensitivity { scenario, target, change, options }) => {
            explore::sensitivity_command(&scenario, &target, change, &options, lang)
        }
        Some(Command::Figures { out, scale, replicates, force }) => {
            run::figures_command(&out, scale, replicates, force, lang)
        }
        Some(Command::Check { files }) => check(&files),
        Some(Command::Show { scenario }) => show(&scenario),
        Some(Command::Scenarios) => list_scenarios(lang),
        Some(Command::Crops(args)) => crops(&args, lang),
    }
}

use console::print as stdout_write;

/// `agroshift check`: validates each file, prints a summary of each valid one.
/// Every file is checked even when an earlier one fails.
fn check(files: &[String]) -> Result<()> {
    let mut all_errors = Vec::new();
    for spec in files {
        match scenario::open(spec) {
            Ok(s) => stdout_write(&summary(&s))?,
            Err(e) => all_errors.extend(e.0),
        }
    }
    if all_errors.is_empty() { Ok(()) } else { Err(Error::Input(agroshift::error::InputErrors(all_errors))) }
}

/// A one-screen summary of a valid scenario.
pub fn summary(s: &Scenario) -> String {
    let sim = &s.simulation;
    let p = &s.policy;
    let crop_names =
        |ids: &[scenario::CropId]| ids.iter().map(|c| s.crops[c.index()].key.as_str()).collect::<Vec<_>>().join(", ");
    let households: f64 = s.zones.iter().map(|z| z.households).sum();
    let farmland: f64 = s.zones.iter().map(|z| z.farmland_ha()).sum();
    let natural: f64 = s.zones.iter().map(|z| z.natural_area_ha).sum();
    let forest: f64 = s.zones.iter().map(|z| z.forest_ha).sum();
    let eligible: f64 = s
        .zones
        .iter()
        .map(|z| {
            p.from_crops
                .iter()
                .map(|c| {
                    let crop = &s.crops[c.index()];
                    let slope_share: f64 = Slope::ALL
                        .iter()
                        .filter(|sl| p.slopes[sl.index()])
                        .map(|sl| crop.slope_share[sl.index()])
                        .sum();
                    z.crop_area_ha[c.index()] * slope_share
                })
                .sum::<f64>()
        })
        .sum();
    let slopes: Vec<&str> = Slope::ALL.iter().filter(|sl| p.slopes[sl.index()]).map(|sl| sl.label()).collect();
    let mut out = String::new();
    let mut line = |t: String| {
        out.push_str(&t);
        out.push('\n');
    };
    line(format!("{} — {}", s.name, s.title_vi));
    line(format!("  {}", s.title_en));
    line(format!("  files:      {}", s.files.join(" → extends ")));
    line(format!(
        "  run:        {}–{} ({} years), {} replicates, seed {}, scale {}",
        sim.base_year,
        sim.base_year + sim.years as i32 - 1,
        sim.years,
        sim.replicates,
        sim.seed,
        sim.scale
    ));
    line(format!(
        "  province:   {} zones, {} households, {} ha farmland, {} ha forest, {} ha natural area",
        s.zones.len(),
        group_thousands(households, 0),
        group_thousands(farmland, 0),
        group_thousands(forest, 0),
        group_thousands(natural, 0)
    ));
    line(format!("  crops:      {} in {} markets", s.crops.len(), s.markets.len()));
    match (&p.mode, &p.plan) {
        (Mode::Planned, Some(plan)) => {
            let mix: Vec<String> =
                plan.mix.iter().map(|(c, share)| format!("{} {:.0}%", s.crops[c.index()].key, share * 100.0)).collect();
            line(format!(
                "  mode:       planned: {} ha/yr decided in {}–{}, mix {}, compliance {}",
                group_thousands(plan.target_ha_per_year, 0),
                plan.target_years.0,
                plan.target_years.1,
                mix.join(", "),
                plan.compliance
            ));
        }
        _ => line(format!(
            "  mode:       behavioural: households decide, up to {} conversion(s) a year each",
            p.max_conversions_per_household
        )),
    }
    line(format!(
        "  converts:   {} on {} (≥ {} ha; about {} ha eligible) → {}",
        crop_names(&p.from_crops),
        slopes.join(", "),
        p.min_parcel_ha,
        group_thousands(eligible, 0),
        crop_names(&p.to_crops)
    ));
    if !p.topwork_from.is_empty() {
        line(format!("  top-works:  {}", crop_names(&p.topwork_from)));
    }
    let subsidies: Vec<String> = s
        .crops
        .iter()
        .filter(|c| p.subsidy_vnd_per_ha[c.id.index()] > 0.0)
        .map(|c| format!("{} {} M VND/ha", c.key, million_vnd(p.subsidy_vnd_per_ha[c.id.index()])))
        .collect();
    line(format!(
        "  support:    subsidy {}; credit up to {} M VND at {:.1}%/yr; extension +{}; top-working {} M VND/household; cooperatives {:.0}%",
        if subsidies.is_empty() { "none".to_string() } else { subsidies.join(", ") },
        million_vnd(p.credit_limit_vnd),
        p.credit_rate * 100.0,
        p.extension_boost,
        million_vnd(p.topwork_support_vnd_per_household),
        p.coop_share * 100.0
    ));
    line("  OK: the scenario is valid.".to_string());
    out
}

fn show(spec: &str) -> Result<()> {
    let s = scenario::open(spec)?;
    stdout_write(&format!(
        "# {} — resolved from: {}\n# (everything inherited through `extends` is written out)\n\n{}",
        s.name,
        s.files.join(" → "),
        s.resolved_toml
    ))
}

fn list_scenarios(lang: Lang) -> Result<()> {
    let mut table = TextTable::new(vec!["scenario".into(), "extends".into(), "title".into()]);
    for b in builtin::BUILTINS {
        let s = scenario::open(b.name)?;
        let parent = s.files.get(1).map(|f| f.trim_start_matches("built-in:").to_string()).unwrap_or_default();
        table.row(vec![b.name.to_string(), parent, s.title(lang).to_string()]);
    }
    stdout_write(&format!(
        "{}\nDefault: {}. Run one with `agroshift run NAME`; copy one with `agroshift show NAME > my.toml`.\n",
        table.render(),
        builtin::DEFAULT_SCENARIO
    ))
}

fn optional(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_string())
}

fn crops(args: &CropsArgs, lang: Lang) -> Result<()> {
    let s = scenario::open(&args.scenario)?;
    let slope = Slope::parse(&args.slope).ok_or_else(|| Error::Usage(format!("no slope class {}", args.slope)))?;
    if let Some(key) = &args.cashflow {
        let crop = s.crop_by_key(key).ok_or_else(|| {
            let help = agroshift::text::did_you_mean(key, s.crops.iter().map(|c| c.key.as_str())).unwrap_or_default();
            Error::Usage(format!("no crop named \"{key}\" in {}. {help}", s.name))
        })?;
        return cash_flow(&s, crop, slope, args.format, lang);
    }
    let rows = crop_table(&s, slope);
    match args.format {
        Format::Json => stdout_write(&(serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n")),
        Format::Csv => {
            let header = [
                "crop",
                "name_vi",
                "name_en",
                "kind",
                "slope",
                "mature_yield_t_ha",
                "price_vnd_kg",
                "mature_gov_mvnd_ha",
                "mature_net_mvnd_ha",
                "establishment_mvnd_ha",
                "npv_mvnd_ha",
                "irr_pct_yr",
                "payback_yr",
            ];
            let body = rows.iter().map(|r| {
                vec![
                    r.crop.clone(),
                    r.name_vi.clone(),
                    r.name_en.clone(),
                    r.kind.to_string(),
                    r.slope.to_string(),
                    format!("{:.2}", r.mature_yield_t_per_ha),
                    format!("{:.0}", r.price_vnd_per_kg),
                    format!("{:.2}", r.mature_gov_vnd_per_ha / 1e6),
                    format!("{:.2}", r.mature_net_vnd_per_ha / 1e6),
                    format!("{:.2}", r.establishment_vnd_per_ha / 1e6),
                    format!("{:.2}", r.npv_vnd_per_ha / 1e6),
                    r.irr_per_yr.map(|v| format!("{:.2}", v * 100.0)).unwrap_or_default(),
                    r.payback_year.map(|v| v.to_string()).unwrap_or_default(),
                ]
            });
            let mut buf = Vec::new();
            write_csv(&mut buf, &header, body).map_err(|e| Error::io("writing CSV", e))?;
            console::print_bytes(&buf)
        }
        Format::Table => {
            let p = &s.parameters;
            let mut table = TextTable::new(vec![
                lang.pick("Cây trồng", "Crop").to_string(),
                lang.pick("Năng suất (t/ha)", "Yield (t/ha)").to_string(),
                lang.pick("Giá (đ/kg)", "Price (VND/kg)").to_string(),
                lang.pick("GTSX (tr.đ/ha)", "Gross (M VND/ha)").to_string(),
                lang.pick("Lãi ròng (tr.đ/ha)", "Net (M VND/ha)").to_string(),
                lang.pick("Trồng mới (tr.đ/ha)", "Establish (M VND/ha)").to_string(),
                format!(
                    "NPV {}{} @{:.0}% ({})",
                    p.planning_horizon_years,
                    lang.pick(" năm", " yr").to_string(),
                    p.household_discount_rate * 100.0,
                    lang.pick("tr.đ/ha", "M VND/ha").to_string()
                ),
                lang.pick("IRR (%/năm)", "IRR (%/yr)").to_string(),
                lang.pick("Hoàn vốn (năm)", "Payback (yr)").to_string(),
            ]);
            for (row, crop) in rows.iter().zip(&s.crops) {
                table.row(vec![
                    crop.name(lang).to_string(),
                    format!("{:.1}", row.mature_yield_t_per_ha),
                    group_thousands(row.price_vnd_per_kg, 0),
                    million_vnd(row.mature_gov_vnd_per_ha),
                    million_vnd(row.mature_net_vnd_per_ha),
                    million_vnd(row.establishment_vnd_per_ha),
                    million_vnd(row.npv_vnd_per_ha),
                    optional(row.irr_per_yr.map(|v| format!("{:.1}", v * 100.0))),
                    optional(row.payback_year.map(|v| v.to_string())),
                ]);
            }
            let note = lang.pick("Giá cơ sở (giá trung vị × hệ số chất lượng), không có trợ cấp; cây lâu năm: năng suất và thu nhập khi cho quả ổn định, IRR và hoàn vốn tính trên cả chu kỳ.",
                "Base prices (market median × quality), no subsidy; perennials: mature yield and income, IRR and payback over the lifespan from planting.",).to_string();
            stdout_write(&format!(
                "{} — {} {} ({})\n\n{}\n{note}\n",
                s.name,
                lang.pick("độ dốc", "slope"),
                slope.label(),
                slope_degrees(slope),
                table.render()
            ))
        }
    }
}

fn slope_degrees(slope: Slope) -> &'static str {
    match slope {
        Slope::S1 => "< 8°",
        Slope::S2 => "8–15°",
        Slope::S3 => "15–25°",
        Slope::S4 => "> 25°",
    }
}

fn cash_flow(s: &Scenario, crop: &scenario::Crop, slope: Slope, format: Format, lang: Lang) -> Result<()> {
    let years = cash_flow_profile(s, crop, slope);
    match format {
        Format::Json => stdout_write(&(serde_json::to_string_pretty(&years).unwrap_or_default() + "\n")),
        Format::Csv => {
            let header =
                ["age_yr", "yield_t_ha", "gov_mvnd_ha", "cost_mvnd_ha", "cash_flow_mvnd_ha", "cumulative_mvnd_ha"];
            let body = years.iter().map(|y| {
                vec![
                    y.age_years.to_string(),
                    format!("{:.3}", y.yield_t_per_ha),
                    format!("{:.3}", y.gov_vnd_per_ha / 1e6),
                    format!("{:.3}", y.cost_vnd_per_ha / 1e6),
                    format!("{:.3}", y.cash_flow_vnd_per_ha / 1e6),
                    format!("{:.3}", y.cumulative_vnd_per_ha / 1e6),
                ]
            });
            let mut buf = Vec::new();
            write_csv(&mut buf, &header, body).map_err(|e| Error::io("writing CSV", e))?;
            console::print_bytes(&buf)
        }
        Format::Table => {
            let mut table = TextTable::new(vec![
                lang.pick("Tuổi (năm)", "Age (yr)").to_string(),
                lang.pick("Năng suất (t/ha)", "Yield (t/ha)").to_string(),
                lang.pick("GTSX (tr.đ/ha)", "Gross (M VND/ha)").to_string(),
                lang.pick("Chi phí (tr.đ/ha)", "Costs (M VND/ha)").to_string(),
                lang.pick("Dòng tiền (tr.đ/ha)", "Cash flow (M VND/ha)").to_string(),
                lang.pick("Luỹ kế (tr.đ/ha)", "Cumulative (M VND/ha)").to_string(),
            ]);
            for y in &years {
                table.row(vec![
                    y.age_years.to_string(),
                    format!("{:.2}", y.yield_t_per_ha),
                    million_vnd(y.gov_vnd_per_ha),
                    million_vnd(y.cost_vnd_per_ha),
                    million_vnd(y.cash_flow_vnd_per_ha),
                    million_vnd(y.cumulative_vnd_per_ha),
                ]);
            }
            let payback = years.iter().find(|y| y.cumulative_vnd_per_ha >= 0.0).map(|y| y.age_years);
            let payback_text = match (payback, lang) {
                (Some(a), Lang::Vi) => format!("Hoàn vốn ở tuổi {a}."),
                (Some(a), Lang::En) => format!("Pays back at age {a}."),
                (None, Lang::Vi) => "Không hoàn vốn trong chu kỳ.".to_string(),
                (None, Lang::En) => "Does not pay back within its lifespan.".to_string(),
            };
            stdout_write(&format!(
                "{} — {} {}, {} {} {}\n\n{}\n{payback_text}\n",
                crop.name(lang),
                lang.pick("độ dốc", "slope"),
                slope.label(),
                lang.pick("giá", "price"),
                group_thousands(s.base_price_vnd_per_kg(crop), 0),
                lang.pick("đ/kg", "VND/kg"),
                table.render()
            ))
        }
    }
}
