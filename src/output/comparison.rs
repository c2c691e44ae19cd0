//! The files of `compare`: `comparison.csv` (for R and Python),
//! `report.html` and `report.docx` (the same document), `comparison.xlsx`,
//! and the charts of paired differences; and the tables the terminal
//! prints.

use std::path::Path;

use super::Writing;
use super::budget_table::{budget_heading, mean_with_range, shown_budget_unit};
use super::charts::explore::draw_differences;
use super::charts::series::BandSeries;
use super::charts::style::series_colour;
use super::csv_out::{restyle, write_csv};
use super::document::{Block, Cell, Document, Figure, Table};
use super::docx::docx;
use super::report::plain_description;
use super::results::{number, threshold_title};
use super::units::{shown_decimals, shown_unit};
use super::write_file;
use crate::error::{Error, Result};
use crate::explore::compare::{ComparisonRow, ScenarioRun, difference_stats};
use crate::explore::outcome::{Better, Outcome};
use crate::scenario::{Lang, RunSettings, Scenario};
use crate::stats::budget::{BUDGET_ITEMS, BudgetItem, BudgetRow, Span, budget};
use crate::stats::findings::{FEWEST_FOR_WORDS, likelihood_word};
use crate::stats::summary::Stat;
use crate::text::number_for;

/// The footer of exploration charts: replicates, seed, scale and version.
pub fn footer(s: &Scenario, lang: Lang) -> String {
    let sim = &s.simulation;
    match lang {
        Lang::Vi => format!(
            "{} lần mô phỏng · seed {} · quy mô {} · agroshift {}",
            sim.replicates,
            sim.seed,
            crate::text::scale_text(sim.scale, lang),
            env!("CARGO_PKG_VERSION")
        ),
        Lang::En => format!(
            "{} replicates · seed {} · scale {} · agroshift {}",
            sim.replicates,
            sim.seed,
            crate::text::scale_text(sim.scale, lang),
            env!("CARGO_PKG_VERSION")
        ),
    }
}

/// An outcome as people read it: its words, its unit as shown, the divisor
/// from the stored unit and the decimals (the units of the run report).
struct Shown {
    label: String,
    unit: String,
    divisor: f64,
    decimals: usize,
}

fn shown(outcome: Outcome, scenarios: &[&Scenario], lang: Lang) -> Shown {
    // The threshold is named when every scenario counts by the same one;
    // otherwise each counts by its own, and the label says no more.
    let threshold = |s: &Scenario| s.parameters.threshold_vnd_per_household_yr;
    let one_threshold = scenarios.windows(2).all(|w| threshold(w[0]) == threshold(w[1]));
    let label = match (outcome, scenarios.first()) {
        (Outcome::HouseholdsAboveThreshold, Some(first)) if one_threshold => threshold_title(first, lang),
        (other, _) => other.label(lang).to_string(),
    };
    let (unit, divisor) = shown_unit(outcome.unit(), lang);
    let decimals = shown_decimals(&unit, divisor);
    Shown { label, unit, divisor, decimals }
}

/// A difference with its sign, so that "+1.234" and "-1.234" read at once.
/// A difference in a unit shown with decimals that is too small for them
/// gets up to three more, so that a real difference never reads "0,0"
/// beside a chance of doing better; counts stay whole.
fn signed(value: f64, decimals: usize, lang: Lang) -> String {
    let nonzero = |text: &str| text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let decimals = if decimals == 0 {
        0
    } else {
        (decimals..=decimals + 3).find(|&d| value == 0.0 || nonzero(&number_for(value, d, lang))).unwrap_or(decimals)
    };
    let text = number_for(value, decimals, lang);
    if value > 0.0 && nonzero(&text) { format!("+{text}") } else { text }
}

/// Ties at least this common are said, since "unlikely to do better" would
/// otherwise read as "worse".
const TIES_WORTH_SAYING: f64 = 1.0 / 3.0;

/// The chance that a scenario beats the first: a percentage with its
/// likelihood word (or, where ties are common, how often they tie), or with
/// fewer than ten simulations only the count; "–" where no side is better.
fn chance_cell(row: &ComparisonRow, lang: Lang) -> Cell {
    let replicates = row.replicates;
    let Some(p) = row.chance_better.filter(|p| p.is_finite()) else { return Cell::number("–") };
    let count = (p * replicates as f64).round() as usize;
    if (replicates as u32) < FEWEST_FOR_WORDS {
        return Cell::number(format!("{count}/{replicates}"));
    }
    let under = match row.chance_tied.filter(|t| *t >= TIES_WORTH_SAYING) {
        Some(t) => match lang {
            Lang::Vi => format!("bằng nhau {:.0}%", t * 100.0),
            Lang::En => format!("equal in {:.0}%", t * 100.0),
        },
        None => likelihood_word(p, replicates as u32, lang).to_string(),
    };
    Cell::with_range(format!("{:.0}%", p * 100.0), under)
}

/// The years a comparison's tables show: the milestone years after the
/// base year, where the scenarios have had time to differ (all of them if
/// the base year is the only one).
fn table_years(rows: &[ComparisonRow], base_year: i32) -> Vec<i32> {
    let mut years: Vec<i32> = Vec::new();
    for r in rows {
        if !years.contains(&r.year) {
            years.push(r.year);
        }
    }
    if years.len() > 1 {
        years.retain(|&y| y != base_year);
    }
    years
}

/// One later scenario against the first: its tables by milestone year.
pub struct PairTables {
    /// "B so với A" / "B compared with A".
    pub heading: String,
    /// What the letters stand for: "A: title (file)", one line each.
    pub legend: Vec<String>,
    /// Each milestone year with its table.
    pub years: Vec<(i32, Table)>,
}

/// The comparison's tables, one per later scenario and milestone year: each
/// outcome's mean (5–95% range) in the first scenario and in this one, the
/// paired difference with its range, and the chance this one does better.
pub fn comparison_tables(runs: &[ScenarioRun], rows: &[ComparisonRow], lang: Lang) -> Vec<PairTables> {
    let Some(first) = runs.first() else { return Vec::new() };
    let reference = &first.scenario;
    let base_year = reference.simulation.base_year;
    let mut out = Vec::new();
    for (i, run) in runs.iter().enumerate().skip(1) {
        let b = letter(i);
        let place = reference.place_suffix(lang);
        let heading = match lang {
            Lang::Vi => format!("{b} so với A{place}"),
            Lang::En => format!("{b} compared with A{place}"),
        };
        let legend = [(0, reference), (i, &run.scenario)]
            .iter()
            .map(|(n, s)| format!("{}: {} ({})", letter(*n), s.title(lang), s.name))
            .collect();
        let mut years = Vec::new();
        for year in table_years(rows, base_year) {
            let header = vec![
                lang.pick("Chỉ tiêu", "Indicator").to_string(),
                "A".to_string(),
                b.clone(),
                format!("{} {b} − A", lang.pick("Chênh lệch", "Difference")),
                match lang {
                    Lang::Vi => format!("Khả năng {b} tốt hơn"),
                    Lang::En => format!("Chance {b} does better"),
                },
            ];
            let find = |name: &str, outcome: Outcome| {
                rows.iter().find(|r| r.scenario == name && r.outcome == outcome.name() && r.year == year)
            };
            let mut body = Vec::new();
            for outcome in Outcome::COMPARED {
                let (Some(base), Some(this)) = (find(&reference.name, outcome), find(&run.scenario.name, outcome))
                else {
                    continue;
                };
                let Shown { label, unit, divisor, decimals } = shown(outcome, &[reference, &run.scenario], lang);
                let value = |mean: f64, p5: f64, p95: f64| {
                    Cell::with_range(
                        number_for(mean / divisor, decimals, lang),
                        format!(
                            "{}–{}",
                            number_for(p5 / divisor, decimals, lang),
                            number_for(p95 / divisor, decimals, lang)
                        ),
                    )
                };
                body.push(vec![
                    Cell::label(crate::text::with_unit(&label, &unit)),
                    value(base.mean, base.p5, base.p95),
                    value(this.mean, this.p5, this.p95),
                    Cell::with_range(
                        signed(this.diff_mean / divisor, decimals, lang),
                        format!(
                            "{} – {}",
                            signed(this.diff_p5 / divisor, decimals, lang),
                            signed(this.diff_p95 / divisor, decimals, lang)
                        ),
                    ),
                    chance_cell(this, lang),
                ]);
            }
            years.push((year, Table { header, rows: body }));
        }
        out.push(PairTables { heading, legend, years });
    }
    out
}

/// The budget items a comparison shows, per plan period: what a leader
/// asks of an option besides its outcomes.
const COMPARED_BUDGET: [BudgetItem; 5] = [
    BudgetItem::SupportTotal,
    BudgetItem::NewCredit,
    BudgetItem::CreditOutstanding,
    BudgetItem::HouseholdsSupported,
    BudgetItem::PlantedHa,
];

/// The plan periods' budget of every scenario compared, for the place the
/// comparison speaks of: a row per period and item, a column per scenario
/// (mean, with its 5–95% range below), then each one's difference of means
/// from the first. `None` without plan periods.
pub fn budget_comparison_table(runs: &[ScenarioRun], lang: Lang) -> Result<Option<Table>> {
    let mut budgets = Vec::with_capacity(runs.len());
    for run in runs {
        let scope = run.scenario.focus_scope_index();
        let rows = budget(&run.scenario, &run.records).map_err(|e| Error::io("summing the budget", e))?;
        budgets.push(rows.into_iter().filter(|r| r.scope == scope).collect::<Vec<BudgetRow>>());
    }
    let first = &budgets[0];
    let periods: Vec<(i32, i32)> = first
        .iter()
        .filter_map(|r| match r.span {
            Span::Period(a, b) => Some((a, b)),
            Span::Year(_) => None,
        })
        .fold(Vec::new(), |mut seen, p| {
            if !seen.contains(&p) {
                seen.push(p);
            }
            seen
        });
    if periods.is_empty() {
        return Ok(None);
    }
    let mut header = vec![lang.pick("Kỳ kế hoạch: khoản mục", "Plan period: item").to_string()];
    header.extend((0..runs.len()).map(letter));
    header.extend((1..runs.len()).map(|i| format!("{} − A", letter(i))));
    let mut rows = Vec::new();
    for &(a, b) in &periods {
        for wanted in COMPARED_BUDGET {
            let Some(info) = BUDGET_ITEMS.iter().find(|i| i.item == wanted) else { continue };
            let (divisor, decimals, unit) = shown_budget_unit(info, lang);
            let stat = |rows: &[BudgetRow]| {
                rows.iter().find(|r| r.span == Span::Period(a, b) && r.item.item == wanted).map(|r| r.stat)
            };
            let stats: Vec<Option<Stat>> = budgets.iter().map(|rows| stat(rows)).collect();
            let label = format!("{a}–{b}: {} ({unit})", lang.pick(info.label_vi, info.label_en));
            let mut row = vec![Cell::label(label)];
            row.extend(stats.iter().map(|s| match s {
                Some(s) => mean_with_range([s.mean, s.p5, s.p95], divisor, decimals, lang),
                None => Cell::number("–"),
            }));
            row.extend(stats.iter().skip(1).map(|s| match (s, &stats[0]) {
                (Some(s), Some(reference)) => Cell::number(signed((s.mean - reference.mean) / divisor, decimals, lang)),
                _ => Cell::number("–"),
            }));
            rows.push(row);
        }
    }
    Ok(Some(Table { header, rows }))
}

/// How to read [`budget_comparison_table`].
pub fn budget_comparison_note(lang: Lang) -> &'static str {
    lang.pick(
        "Cộng trong kỳ (dư nợ: cuối kỳ); mỗi hộ được hỗ trợ tính một lần mỗi kỳ. Mỗi ô: trung bình qua các lần mô phỏng, dòng dưới: khoảng 5–95%; cột chênh lệch: hiệu của hai giá trị trung bình. Hỗ trợ được chi vào năm sau năm quyết định.",
        "Sums over each period (credit outstanding: at its end); each household supported counts once a period. Each cell: the mean across replicates, below it the 5–95% range; the difference columns: the difference of the means. Support is paid the year after the decision.",
    )
}

/// The letter of the `i`-th scenario (from 0): A is the reference; after
/// Z come A2, B2, …
fn letter(i: usize) -> String {
    let base = char::from(b'A' + (i % 26) as u8);
    if i < 26 { base.to_string() } else { format!("{base}{}", i / 26 + 1) }
}

/// "Năm 2030" / "2030".
pub fn year_heading(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Năm {year}"),
        Lang::En => year.to_string(),
    }
}

/// How to read the comparison tables, with the crops whose area is the
/// fruit area (`fruit`, crop keys, see
/// [`crate::explore::compare::fruit_crops`]) and the orchards it leaves out.
pub fn reading_note(runs: &[ScenarioRun], fruit: &[String], lang: Lang) -> String {
    let general = lang.pick(
        "Mỗi ô: giá trị trung bình qua các lần mô phỏng; dòng dưới: khoảng 5–95%. Chênh lệch so với kịch bản đầu tiên tính theo từng lần mô phỏng, cùng giá cả và thời tiết. \"Tốt hơn\" là nhiều hộ đạt ngưỡng, ít hộ nghèo, nhiều diện tích cây ăn quả, độ che phủ và thu nhập cao hơn; bằng nhau không tính là tốt hơn, và khi thường bằng nhau thì ghi số lần bằng nhau. Kinh phí là chi phí của chương trình, không có bên tốt hơn. Các kịch bản có thể khác nhau ngay từ năm gốc nếu chúng khác nhau ở thiết lập tác động từ năm đầu, như tỷ lệ hộ tham gia hợp tác xã (giá bán cao hơn). Tiền theo giá cố định năm gốc.",
        "Each cell: the mean across replicates; below it, the 5–95% range. Differences from the first scenario are taken replicate by replicate, with the same prices and weather. \"Better\" is more households at the threshold, fewer in poverty, more fruit area, higher cover and income; a tie is not better, and where ties are common their share is given. Support spent is the programme's cost, with no better side. Scenarios can differ already in the base year where their settings differ in something that acts from the first year, such as the share of households in cooperatives (who get a better price). Money in constant base-year VND.",
    );
    let Some(reference) = runs.first().map(|r| &r.scenario) else { return general.to_string() };
    let name_of = |key: &str| {
        runs.iter()
            .find_map(|r| r.scenario.crops.iter().find(|c| c.key == key))
            .map_or_else(|| key.to_string(), |c| c.name(lang).to_lowercase())
    };
    let counted: Vec<String> = fruit.iter().map(|k| name_of(k)).collect();
    let left_out: Vec<String> = reference
        .crops
        .iter()
        .filter(|c| c.is_perennial() && !fruit.contains(&c.key))
        .map(|c| c.name(lang).to_lowercase())
        .collect();
    let (counted, left_out) = (counted.join(", "), left_out.join(", "));
    // Not the key table's output of mature orchards: every bearing age of
    // the crops together, weighted by their areas.
    let per_ha = lang.pick(
        " Giá trị sản xuất trên 1 ha tính chung cho các cây này trên mọi vườn đang cho quả, kể cả vườn chưa thuần thục, nên không so được với \"GTSX/ha vườn thuần thục\" của từng cây trong báo cáo của từng kịch bản.",
        " Gross output per ha is one figure for these crops together over every bearing orchard, young ones included, so it does not compare with each crop's \"Gross output per ha, mature orchards\" in a scenario's own report.",
    );
    let fruit_sentence = match (lang, left_out.is_empty()) {
        (Lang::Vi, true) => {
            format!(" Diện tích các cây ăn quả chuyển đổi sang: {counted}, kể cả diện tích đã có ở năm gốc.")
        }
        (Lang::Vi, false) => format!(
            " Diện tích các cây ăn quả chuyển đổi sang: {counted}, kể cả diện tích đã có ở năm gốc; không tính {left_out}."
        ),
        (Lang::En, true) => format!(" Fruit area of the conversion crops: {counted}, their base-year area included."),
        (Lang::En, false) => format!(
            " Fruit area of the conversion crops: {counted}, their base-year area included; {left_out} not counted."
        ),
    };
    format!("{general}{fruit_sentence}{per_ha}")
}

/// Writes the comparison of `runs` (the first is the reference) into `dir`:
/// `rows` from [`crate::explore::compare::compare`], `fruit` the crops
/// counted as fruit, `settings` the common run settings.
pub fn write_comparison(
    dir: &Path,
    runs: &[ScenarioRun],
    rows: &[ComparisonRow],
    fruit: &[String],
    settings: &RunSettings,
    how: Writing,
) -> Result<()> {
    let Writing { lang, csv: csv_style } = how;
    let write = |name: &str, bytes: &[u8]| write_file(dir, name, bytes);
    write("comparison.csv", &restyle(&comparison_csv(rows)?, csv_style))?;

    let figures_dir = dir.join("figures");
    std::fs::create_dir_all(&figures_dir).map_err(|e| Error::io("creating figures/", e))?;
    let years: Vec<i32> = (0..settings.years as i32).map(|y| settings.base_year + y).collect();
    let reference = &runs[0].scenario;
    // A standalone chart names A, whose difference it shows.
    let foot = format!("A: {} · {}", reference.title(lang), footer(reference, lang));
    let scenarios: Vec<&Scenario> = runs.iter().map(|r| &r.scenario).collect();
    let mut figures = Vec::new();
    for outcome in Outcome::COMPARED {
        let Shown { label, unit, divisor, .. } = shown(outcome, &scenarios, lang);
        // A difference of percentages is in percentage points.
        let unit = if unit == "%" { lang.pick("điểm %", "percentage points").to_string() } else { unit };
        let series: Vec<BandSeries> = runs[1..]
            .iter()
            .enumerate()
            .map(|(i, r)| BandSeries {
                label: format!("{} − A: {}", letter(i + 1), r.scenario.title(lang)),
                colour: series_colour(i + 1),
                stats: difference_stats(r, &runs[0], outcome, fruit)
                    .into_iter()
                    .map(|s| s.map(|s| s.scaled(divisor)))
                    .collect(),
            })
            .collect();
        let place = reference.place_suffix(lang);
        let title = match lang {
            Lang::Vi => format!("Chênh lệch so với A: {}{place}", lower_first(&label)),
            Lang::En => format!("Difference from A: {}{place}", lower_first(&label)),
        };
        let name = format!("difference-{}", outcome.chart_name());
        draw_differences(&figures_dir, &name, &title, &unit, &years, &series, lang, &foot)
            .map_err(|e| Error::Failed(format!("drawing {name}: {e}")))?;
        let a = reference.title(lang);
        let caption = match (outcome.better(), lang) {
            (Some(Better::Higher), Lang::Vi) => format!("A: {a}. Trên đường 0 là tốt hơn A."),
            (Some(Better::Higher), Lang::En) => format!("A: {a}. Above the zero line is better than A."),
            (Some(Better::Lower), Lang::Vi) => format!("A: {a}. Dưới đường 0 là tốt hơn A."),
            (Some(Better::Lower), Lang::En) => format!("A: {a}. Below the zero line is better than A."),
            (None, Lang::Vi) => format!("A: {a}. Trên đường 0 là chi nhiều hơn A."),
            (None, Lang::En) => format!("A: {a}. Above the zero line is more spent than by A."),
        };
        figures.push(Figure { name, number: figures.len() + 1, title, caption });
    }

    let report = comparison_document(runs, rows, fruit, settings, figures, lang);
    let svg_of = |name: &str| std::fs::read_to_string(figures_dir.join(format!("{name}.svg"))).unwrap_or_default();
    let png_of = |name: &str| std::fs::read(figures_dir.join(format!("{name}.png"))).ok();
    write("report.html", report.html(&svg_of).as_bytes())?;
    write(
        "report.docx",
        &docx(&report, settings.base_year, &png_of).map_err(|e| Error::Failed(format!("writing report.docx: {e}")))?,
    )?;
    write(
        "comparison.xlsx",
        &comparison_workbook(rows, &scenarios, settings.base_year, lang)
            .map_err(|e| Error::Failed(format!("writing the workbook: {e}")))?,
    )?;
    Ok(())
}

/// A warning when the scenarios divide the province into different zones
/// (say, 12 districts and 77 communes): their base years can then differ
/// by the division rather than the policy.
pub fn zone_sets_note(scenarios: &[&Scenario], lang: Lang) -> Option<String> {
    // The same zones in another order divide the province the same way.
    fn names(s: &Scenario) -> Vec<&str> {
        let mut names: Vec<&str> = s.zones.iter().map(|z| z.name.as_str()).collect();
        names.sort_unstable();
        names
    }
    let first = names(scenarios.first()?);
    if scenarios.iter().all(|s| names(s) == first) {
        return None;
    }
    let counts: Vec<String> = scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}: {} {}", letter(i), s.zones.len(), s.zones_word(lang)))
        .collect();
    let counts = counts.join("; ");
    Some(match lang {
        Lang::Vi => format!(
            "Lưu ý: các kịch bản chia tỉnh thành những đơn vị khác nhau ({counts}), nên số hộ, diện tích và thu nhập có thể khác nhau ngay từ năm gốc vì cách chia, không vì chính sách."
        ),
        Lang::En => format!(
            "Note: the scenarios divide the province into different zones ({counts}), so households, areas and incomes can differ already in the base year because of the division, not the policy."
        ),
    })
}

/// `word` with its first letter in lower case, to follow a colon.
fn lower_first(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// `comparison.csv`: one row per scenario, outcome and milestone year, in
/// stored units with code names, for R and Python.
fn comparison_csv(rows: &[ComparisonRow]) -> Result<Vec<u8>> {
    let header = [
        "scenario",
        "outcome",
        "unit",
        "year",
        "mean",
        "p5",
        "p95",
        "diff_mean",
        "diff_p5",
        "diff_p95",
        "chance_better",
        "chance_tied",
        "scope",
    ];
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
            r.chance_better.map(number).unwrap_or_default(),
            r.chance_tied.map(number).unwrap_or_default(),
            r.scope.clone(),
        ]
    });
    let mut csv = Vec::new();
    write_csv(&mut csv, &header, body).map_err(|e| Error::io("writing comparison.csv", e))?;
    Ok(csv)
}

/// The comparison report: the run's settings, each scenario in words, the
/// tables per milestone year, the difference charts.
fn comparison_document(
    runs: &[ScenarioRun],
    rows: &[ComparisonRow],
    fruit: &[String],
    settings: &RunSettings,
    figures: Vec<Figure>,
    lang: Lang,
) -> Document {
    let title =
        format!("{}{}", lang.pick("So sánh kịch bản", "Scenario comparison"), runs[0].scenario.place_suffix(lang));
    let mut doc = Document::new(&title, lang);
    doc.heading(1, &title);
    doc.note(footer(&runs[0].scenario, lang));
    if !runs[0].scenario.focus.is_empty() {
        // Every district the results speak of, which a title may shorten.
        let focus = &runs[0].scenario;
        let together = if focus.focus.len() > 1 { lang.pick(" (gộp lại)", " (together)") } else { "" };
        doc.note(format!("{}: {}{together}", lang.pick("Kết quả cho", "Results for"), focus.focus_scope()));
    }
    let scenarios: Vec<&Scenario> = runs.iter().map(|r| &r.scenario).collect();
    if let Some(note) = zone_sets_note(&scenarios, lang) {
        doc.note(note);
    }
    doc.heading(2, lang.pick("Các kịch bản", "The scenarios"));
    for (i, r) in runs.iter().enumerate() {
        let role = match (i, lang) {
            (0, Lang::Vi) => " (kịch bản đối chiếu)",
            (0, Lang::En) => " (the reference)",
            _ => "",
        };
        doc.heading(3, format!("{}: {}{role}", letter(i), r.scenario.title(lang)));
        doc.paragraph(plain_description(&r.scenario, settings.replicates, settings.years as usize, lang));
        doc.note(format!("{} {}", lang.pick("Tệp kịch bản:", "Scenario file:"), r.scenario.name));
    }
    for pair in comparison_tables(runs, rows, lang) {
        doc.heading(2, pair.heading);
        for line in pair.legend {
            doc.paragraph(line);
        }
        doc.note(reading_note(runs, fruit, lang));
        for (year, table) in pair.years {
            doc.heading(3, year_heading(year, lang));
            doc.push(Block::Table(table));
        }
    }
    if let Ok(Some(table)) = budget_comparison_table(runs, lang) {
        // The note after the table, as in a run's report: a heading is kept
        // with what follows it, a note is not.
        doc.heading(2, budget_heading(&runs[0].scenario, lang));
        doc.push(Block::Table(table));
        doc.note(budget_comparison_note(lang));
    }
    doc.heading(2, lang.pick("Biểu đồ chênh lệch", "Charts of the differences"));
    doc.note(lang.pick(
        "Mỗi đường: chênh lệch trung bình so với kịch bản đầu tiên, tính theo từng lần mô phỏng; vùng tô: khoảng 5–95% của chênh lệch.",
        "Each line: the mean difference from the first scenario, replicate by replicate; shaded: the 5–95% range of the difference.",
    ));
    for figure in figures {
        doc.push(Block::Figure(figure));
    }
    doc
}

fn comparison_workbook(
    rows: &[ComparisonRow],
    scenarios: &[&Scenario],
    base_year: i32,
    lang: Lang,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let mut book = super::workbook::reproducible_workbook(base_year)?;
    let bold = Format::new().set_bold().set_background_color("#EEF5EE").set_text_wrap();
    let percent = Format::new().set_num_format("0%");
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("So sánh", "Comparison").to_string())?;
    let header = [
        lang.pick("Kịch bản", "Scenario"),
        lang.pick("Chỉ tiêu", "Indicator"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Năm", "Year"),
        lang.pick("Trung bình", "Mean"),
        lang.pick("Phân vị 5%", "5th percentile"),
        lang.pick("Phân vị 95%", "95th percentile"),
        lang.pick("Chênh lệch trung bình", "Mean difference"),
        lang.pick("Chênh lệch, phân vị 5%", "Difference, 5th percentile"),
        lang.pick("Chênh lệch, phân vị 95%", "Difference, 95th percentile"),
        lang.pick("Khả năng tốt hơn", "Chance it does better"),
        lang.pick("Khả năng bằng nhau", "Chance of a tie"),
        lang.pick("Phạm vi", "Place"),
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        let Some(outcome) = Outcome::COMPARED.into_iter().find(|o| o.name() == r.outcome) else { continue };
        let Shown { label, unit, divisor, decimals } = shown(outcome, scenarios, lang);
        let number = Format::new().set_num_format(if decimals == 0 { "#,##0" } else { "#,##0.0" });
        sheet.write_string(row, 0, &r.scenario)?;
        sheet.write_string(row, 1, &label)?;
        sheet.write_string(row, 2, &unit)?;
        sheet.write_number(row, 3, r.year as f64)?;
        for (c, v) in [r.mean, r.p5, r.p95, r.diff_mean, r.diff_p5, r.diff_p95].iter().enumerate() {
            sheet.write_number_with_format(row, 4 + c as u16, *v / divisor, &number)?;
        }
        if let Some(p) = r.chance_better.filter(|p| p.is_finite()) {
            sheet.write_number_with_format(row, 10, p, &percent)?;
        }
        if let Some(t) = r.chance_tied.filter(|t| t.is_finite()) {
            sheet.write_number_with_format(row, 11, t, &percent)?;
        }
        let place = if r.scope == "province" { lang.pick("toàn tỉnh", "province") } else { r.scope.as_str() };
        sheet.write_string(row, 12, place)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 44)?;
    sheet.set_column_width(2, 10)?;
    sheet.set_row_height(0, 32)?;
    for c in 4..=11 {
        sheet.set_column_width(c, 14)?;
    }
    sheet.set_column_width(12, 22)?;
    super::workbook::finished_workbook(book)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Titles of many focus districts say how many first; different zone
    /// tables are told, the same zones in another order are not.
    #[test]
    fn titles_and_notes_name_the_places() {
        let mut s = crate::scenario::open("sonla-restructuring").unwrap();
        assert_eq!(s.place_suffix(Lang::En), "");
        let five: Vec<String> =
            ["Mai Sơn", "Yên Châu", "Sông Mã", "Mộc Châu", "Vân Hồ"].iter().map(|n| n.to_string()).collect();
        s.focus = s.zones_named(&five[..2]).unwrap();
        assert_eq!(s.place_suffix(Lang::En), " — Mai Sơn + Yên Châu");
        s.focus = s.zones_named(&five).unwrap();
        assert_eq!(s.focus_title(Lang::En), "5 districts: Mai Sơn + Sông Mã + Yên Châu + …");
        assert_eq!(s.focus_title(Lang::Vi), "5 huyện/thành phố: Mai Sơn + Sông Mã + Yên Châu + …");

        let mut reordered = s.clone();
        reordered.zones.reverse();
        assert_eq!(zone_sets_note(&[&s, &reordered], Lang::En), None);
        let mut fewer = s.clone();
        fewer.zones.pop();
        let note = zone_sets_note(&[&s, &fewer], Lang::En).unwrap();
        assert!(note.contains("(A: 12 districts; B: 11 districts)"), "{note}");
    }

    #[test]
    fn differences_carry_their_sign_and_chances_their_words() {
        assert_eq!(signed(1234.0, 0, Lang::Vi), "+1.234");
        assert_eq!(signed(-1234.0, 0, Lang::Vi), "-1.234");
        assert_eq!(signed(0.01, 0, Lang::En), "0");
        // A difference of tree cover too small for one decimal.
        assert_eq!(signed(0.04, 1, Lang::Vi), "+0,04");
        assert_eq!(signed(-0.0004, 1, Lang::En), "-0.0004");
        assert_eq!(signed(0.0, 1, Lang::En), "0.0");
        let row = |better: Option<f64>, tied: f64, replicates: usize| ComparisonRow {
            scenario: "b".into(),
            outcome: "hh_above_threshold",
            unit: "households",
            year: 2030,
            mean: 0.0,
            p5: 0.0,
            p95: 0.0,
            diff_mean: 0.0,
            diff_p5: 0.0,
            diff_p95: 0.0,
            chance_better: better,
            chance_tied: Some(tied),
            replicates,
            scope: "province".into(),
        };
        let c = chance_cell(&row(Some(0.95), 0.0, 200), Lang::En);
        assert_eq!((c.text.as_str(), c.range.as_deref()), ("95%", Some("very likely")));
        // Mostly tied: "unlikely to do better" would read as "worse".
        let c = chance_cell(&row(Some(0.1), 0.9, 200), Lang::Vi);
        assert_eq!((c.text.as_str(), c.range.as_deref()), ("10%", Some("bằng nhau 90%")));
        let c = chance_cell(&row(Some(2.0 / 3.0), 0.0, 3), Lang::Vi);
        assert_eq!((c.text.as_str(), c.range), ("2/3", None));
        assert_eq!(chance_cell(&row(None, 0.0, 200), Lang::Vi).text, "–");
    }
}
