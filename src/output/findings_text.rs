//! The findings of a run in words (`summary.md`, the top of the report and
//! the terminal), and `findings.json`, the numbers they are written from.

use std::fmt::Write;

use super::document::Block;
use crate::error::{Error, InputError, InputErrors, Result, said};
use crate::scenario::{Lang, Scenario};
use crate::stats::findings::{Finding, likelihood};
use crate::text::number_for;

/// One sentence per finding, in `lang`.
pub fn sentences(findings: &[Finding], s: &Scenario, lang: Lang) -> Vec<String> {
    let n = |v: f64| number_for(v, 0, lang);
    let replicates = s.simulation.replicates;
    let likelihood = |p: f64, lang: Lang| likelihood(p, replicates, lang);
    let threshold = number_for(s.parameters.threshold_vnd_per_household_yr / 1e6, 0, lang);
    // The line the count is made by, held fixed over the years: official
    // counts by a later standard are not comparable without it.
    let line = number_for(s.parameters.poverty_line_vnd_per_person_yr / 1e6, 1, lang);
    let by = s.simulation.base_year;
    findings
        .iter()
        .map(|f| match f {
            Finding::RichHouseholds { base, last, last_year: ly, grew } => match lang {
                Lang::Vi => format!(
                    "Hộ có thu nhập từ {threshold} triệu đồng/năm: {} hộ năm {by}, {} hộ năm {ly} (trung bình). Số hộ này năm {ly} nhiều hơn năm {by}: {}.",
                    n(*base),
                    n(*last),
                    likelihood(*grew, lang)
                ),
                Lang::En => format!(
                    "Households earning {threshold} M VND a year or more: {} in {by}, {} in {ly} (means). That there are more in {ly} than in {by}: {}.",
                    n(*base),
                    n(*last),
                    likelihood(*grew, lang)
                ),
            },
            Finding::Poverty { base, last, last_year: ly, fell, rose_first } => match lang {
                Lang::Vi => format!(
                    "Hộ dưới chuẩn nghèo ({line} triệu đồng/người/năm, giữ nguyên qua các năm): {} hộ năm {by}, {} hộ năm {ly}. Nghèo giảm: {}. Rủi ro ngắn hạn — trong 5 năm đầu có năm nghèo cao hơn năm {by}: {}.",
                    n(*base),
                    n(*last),
                    likelihood(*fell, lang),
                    likelihood(*rose_first, lang)
                ),
                Lang::En => format!(
                    "Households below the poverty line ({line} M VND per person a year, held fixed over the years): {} in {by}, {} in {ly}. That poverty falls: {}. Short-term risk — a year in the first five with more poor households than in {by}: {}.",
                    n(*base),
                    n(*last),
                    likelihood(*fell, lang),
                    likelihood(*rose_first, lang)
                ),
            },
            Finding::PriceCrash { market, crashed, worst_year } => {
                let name = s.market_name(market, lang);
                match lang {
                    Lang::Vi => format!(
                        "Giá {name} có ít nhất một năm xuống dưới 60% giá cơ sở: {}; dễ xảy ra nhất vào năm {worst_year}.",
                        likelihood(*crashed, lang)
                    ),
                    Lang::En => format!(
                        "A year in which the price of {name} falls below 60% of its base price: {}; most often in {worst_year}.",
                        likelihood(*crashed, lang)
                    ),
                }
            }
            Finding::BudgetPeak { year, peak_vnd, total_vnd } => {
                // Billions, unless that would say 0,0 of a small programme.
                // Whole billions from ten on; one decimal below, so that a
                // small programme never reads 0.
                let money = |vnd: f64, billion_decimals: usize| {
                    let decimals = if vnd < 10e9 { billion_decimals.max(1) } else { billion_decimals };
                    if vnd >= 0.1e9 {
                        format!("{} {}", number_for(vnd / 1e9, decimals, lang), lang.pick("tỷ đồng", "billion VND"))
                    } else {
                        format!("{} {}", number_for(vnd / 1e6, 1, lang), lang.pick("triệu đồng", "million VND"))
                    }
                };
                let (peak, total) = (money(*peak_vnd, 1), money(*total_vnd, 0));
                // The whole run, which a planner could take for a plan period.
                let sim = &s.simulation;
                let (first, last) = (sim.base_year, sim.base_year + sim.years as i32 - 1);
                match lang {
                    Lang::Vi => format!(
                        "Kinh phí hỗ trợ cao nhất vào năm {year}: {peak}; cả {} năm {first}–{last}: {total} (trung bình).",
                        sim.years
                    ),
                    Lang::En => format!(
                        "Support payments peak in {year} at {peak}; {total} over the {} years {first}–{last} (means).",
                        sim.years
                    ),
                }
            }
            Finding::TreeCover { base, last, last_year: ly, rose, forest_base, forest_last } => {
                let (b, l) = (number_for(*base, 1, lang), number_for(*last, 1, lang));
                let forest = match (forest_base, forest_last, lang) {
                    (Some(fb), Some(fl), Lang::Vi) => format!(
                        " Trong đó rừng {}% → {}% theo xu hướng rừng giả định của kịch bản, không do chuyển đổi.",
                        number_for(*fb, 1, lang),
                        number_for(*fl, 1, lang)
                    ),
                    (Some(fb), Some(fl), Lang::En) => format!(
                        " Of it, forest {}% → {}% by the scenario's assumed forest trend, not by the conversion.",
                        number_for(*fb, 1, lang),
                        number_for(*fl, 1, lang)
                    ),
                    _ => String::new(),
                };
                match lang {
                    Lang::Vi => format!(
                        "Độ che phủ cây xanh (rừng và vườn cây): {b}% năm {by}, {l}% năm {ly}. Tăng: {}.{forest}",
                        likelihood(*rose, lang)
                    ),
                    Lang::En => format!(
                        "Tree cover (forest and orchards): {b}% in {by}, {l}% in {ly}. That it rises: {}.{forest}",
                        likelihood(*rose, lang)
                    ),
                }
            }
        })
        .collect()
}

/// The heading of the summary, naming its scope.
fn heading(s: &Scenario, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Tóm tắt ({})", s.focus_label(lang)),
        Lang::En => format!("Summary ({})", s.focus_label(lang)),
    }
}

/// How the likelihood words are meant, one line.
fn reading(lang: Lang) -> &'static str {
    lang.pick(
        "Khả năng tính trên các lần mô phỏng với giá cả và thời tiết ngẫu nhiên khác nhau: \"gần như chắc chắn\" là từ 99 trên 100 lần trở lên (khi có ít nhất 100 lần mô phỏng), \"rất có khả năng\" từ 9 trên 10, \"nhiều khả năng\" từ 66 trên 100, \"khả năng ngang nhau\" hơn 33 đến dưới 66 trên 100, \"ít khả năng\" hơn 10 đến 33 trên 100, \"rất ít khả năng\" từ 1 trên 10 trở xuống; dưới 10 lần mô phỏng chỉ ghi số lần.",
        "Likelihoods count the simulations with different random prices and weather: \"virtually certain\" is 99 in 100 or more (of at least 100 simulations), \"very likely\" 9 in 10 or more, \"likely\" 66 in 100 or more, \"about as likely as not\" over 33 and under 66 in 100, \"unlikely\" over 10 up to 33 in 100, \"very unlikely\" 1 in 10 or fewer; with fewer than 10 simulations only the count is given.",
    )
}

/// `summary.md`: the findings as a short Markdown page, under the run's
/// `description` in plain words (which says when it is a quick trial on a
/// sample: the page is read on its own, often first).
pub fn summary_md(findings: &[Finding], s: &Scenario, description: &str, lang: Lang) -> String {
    let mut out = format!("# {}\n\n{description}\n\n## {}\n\n", s.title(lang), heading(s, lang));
    for sentence in sentences(findings, s, lang) {
        let _ = writeln!(out, "- {sentence}");
    }
    let _ = write!(out, "\n{}\n", reading(lang));
    out
}

/// The findings as the report's first section: a heading, the sentences
/// as bullets, and how to read the likelihoods.
pub fn summary_blocks(findings: &[Finding], s: &Scenario, lang: Lang) -> Vec<Block> {
    vec![
        Block::Heading { level: 2, text: heading(s, lang) },
        Block::Bullets(sentences(findings, s, lang)),
        Block::Note(reading(lang).to_string()),
    ]
}

/// The findings for the terminal, wrapped at 100 columns.
pub fn summary_text(findings: &[Finding], s: &Scenario, lang: Lang) -> String {
    // Nine communes' names make a heading longer than the terminal.
    let mut out = format!("{}\n", crate::text::wrap(&heading(s, lang), 98).join("\n  "));
    for sentence in sentences(findings, s, lang) {
        for (i, line) in crate::text::wrap(&sentence, 96).iter().enumerate() {
            let _ = writeln!(out, "{}{line}", if i == 0 { "  • " } else { "    " });
        }
    }
    out
}

/// `findings.json` as written by a run.
pub fn findings_json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(findings).unwrap_or_default() + "\n"
}

/// `findings.json` read back (the file `name`).
pub fn parse_findings(name: &str, text: &str) -> Result<Vec<Finding>> {
    serde_json::from_str(text).map_err(|e| {
        Error::Input(InputErrors(vec![InputError {
            file: name.to_string(),
            line: e.line(),
            column: e.column(),
            field: String::new(),
            message: said(
                format!("không phải kết quả tóm tắt của một lần chạy: {e}"),
                format!("not the findings of a run: {e}"),
            ),
            help: Some(super::damaged::damaged_help()),
        }]))
    })
}
