//! Charts of the exploration commands: paired differences between scenarios, the crop-mix
//! risk–return frontier, and the sensitivity tornado.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::series::{BandSeries, Observed, Reference, axis_number, band_chart};
use super::style::*;
use crate::explore::frontier::MixResult;
use crate::explore::sensitivity::SensitivityRow;
use crate::scenario::Lang;
use crate::stats::indicators::Better;

/// Paired differences from the first scenario: per scenario, the mean
/// difference with its 5–95% band, against a dashed line at zero (no
/// difference).
#[allow(clippy::too_many_arguments)]
pub fn draw_differences(
    dir: &Path,
    name: &str,
    title: &str,
    y_desc: &str,
    years: &[i32],
    series: &[BandSeries],
    lang: Lang,
    footer: &str,
) -> ChartResult {
    let year = lang.pick("Năm", "Year").to_string();
    let band = lang.pick("chênh lệch trung bình, 5–95%", "mean difference, 5–95%").to_string();
    let zero = Reference { value: 0.0, label: lang.pick("không chênh lệch", "no difference").to_string() };
    save_both(
        dir,
        name,
        |root| {
            let area = with_footer(root, footer)?;
            band_chart(&area, title, y_desc, &year, years, series, false, Some(&zero), &band, lang, Observed::NONE)
        },
        |root| {
            let area = with_footer(root, footer)?;
            band_chart(&area, title, y_desc, &year, years, series, false, Some(&zero), &band, lang, Observed::NONE)
        },
    )
}

/// What the frontier chart shows.
pub struct FrontierChart<'a> {
    /// Title.
    pub title: String,
    /// Results per mix.
    pub results: &'a [MixResult],
    /// Names of the frontier crops, in share order.
    pub crop_names: Vec<String>,
    /// Axis unit of the outcome as shown.
    pub unit: String,
    /// Divisor from the outcome's unit to the shown one.
    pub divisor: f64,
    /// Which way the outcome is better (the downside is its 5th percentile
    /// where more is better, its 95th where less is).
    pub better: Better,
    /// Label language.
    pub lang: Lang,
    /// Footer line.
    pub footer: String,
}

/// The frontier's axis titles, in `unit`: the downside's percentile and
/// the mean, each saying which way is better, so that the better corner
/// (top right where more is better, bottom left where less is) can be read.
fn axis_titles(better: Better, unit: &str, lang: Lang) -> (String, String) {
    use crate::text::with_unit;
    let tail = match (better, lang) {
        (Better::Higher, Lang::Vi) => "Phân vị 5%",
        (Better::Higher, Lang::En) => "5th percentile",
        (Better::Lower, Lang::Vi) => "Phân vị 95%",
        (Better::Lower, Lang::En) => "95th percentile",
    };
    let way = better_words(better, lang);
    let x = format!("{} — {}; {way}", with_unit(tail, unit), lang.pick("kết quả xấu", "the downside"));
    let y = format!("{}; {way}", with_unit(lang.pick("Trung bình", "Mean"), unit));
    (x, y)
}

/// Which way an outcome is better, in words ("thấp hơn là tốt hơn"), as the
/// frontier's chart and terminal lines say it.
pub fn better_words(better: Better, lang: Lang) -> &'static str {
    match (better, lang) {
        (Better::Higher, Lang::Vi) => "cao hơn là tốt hơn",
        (Better::Higher, Lang::En) => "more is better",
        (Better::Lower, Lang::Vi) => "thấp hơn là tốt hơn",
        (Better::Lower, Lang::En) => "less is better",
    }
}

/// Writes `frontier.png` and `frontier.svg`.
pub fn draw_frontier(dir: &Path, chart: &FrontierChart<'_>) -> ChartResult {
    save_both(dir, "frontier", |r| frontier_chart(r, chart), |r| frontier_chart(r, chart))
}

fn mix_label(shares: &[f64], names: &[String]) -> String {
    shares
        .iter()
        .zip(names)
        .filter(|(s, _)| **s > 0.0)
        // Rounded as the terminal rounds them (halves away from zero).
        .map(
            |(s, n)| {
                if *s >= 1.0 - 1e-9 {
                    n.clone()
                } else {
                    format!("{n} {}%", crate::text::group_thousands(s * 100.0, 0))
                }
            },
        )
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most this many mixes are numbered on the frontier chart and named
/// beside it (the legend column holds nine names of two lines each).
const MAX_NAMED_MIXES: usize = 9;

fn frontier_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &FrontierChart<'_>) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let (title, title_style) = fitted_title(&c.title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(12, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    let (plot, column) = with_legend_column(&area);
    let points: Vec<(f64, f64, &MixResult)> = c
        .results
        .iter()
        .filter(|r| r.downside.is_finite() && r.mean.is_finite())
        .map(|r| (r.downside / c.divisor, r.mean / c.divisor, r))
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for (x, y, _) in &points {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        y0 = y0.min(*y);
        y1 = y1.max(*y);
    }
    if !x0.is_finite() {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    let pad_x = ((x1 - x0) * 0.12).max(x1.abs() * 0.01).max(1e-9);
    let pad_y = ((y1 - y0) * 0.12).max(y1.abs() * 0.01).max(1e-9);
    let (x0, x1, y0, y1) = (x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y);
    let mut chart = ChartBuilder::on(&plot)
        .margin(24)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        .build_cartesian_2d(axis(x0, x1), axis(y0, y1))
        .map_err(err)?;
    let lang = c.lang;
    let (x_title, y_title) = axis_titles(c.better, &c.unit, lang);
    // As many ticks as numbers of this length fit side by side: six of up
    // to seven characters, fewer of longer ones (tonnes of soil in millions).
    let longest = [x0, x1].map(|v| axis_number(v, x1 - x0, lang).chars().count()).into_iter().max().unwrap_or(1);
    let x_ticks = (48 / (longest + 1)).clamp(3, 6);
    chart
        .configure_mesh()
        .x_desc(x_title)
        .y_desc(y_title)
        .axis_desc_style(font(AXIS))
        .label_style(font(TICKS))
        .x_labels(x_ticks)
        .x_label_formatter(&|v| axis_number(*v, x1 - x0, lang))
        .y_label_formatter(&|v| axis_number(*v, y1 - y0, lang))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    // Grey for any mix, blue for a mix not beaten, a vermillion ring for a
    // single crop: told apart with red–green colour blindness too.
    let grey = RGBColor(150, 150, 150);
    let blue = series_colour(0);
    let ring = series_colour(5);
    chart
        .draw_series(
            points.iter().filter(|(_, _, r)| !r.efficient).map(|(x, y, _)| Circle::new((*x, *y), 6, grey.filled())),
        )
        .map_err(err)?;
    let mut efficient: Vec<(f64, f64)> =
        points.iter().filter(|(_, _, r)| r.efficient).map(|(x, y, _)| (*x, *y)).collect();
    efficient.sort_by(|a, b| a.0.total_cmp(&b.0));
    chart.draw_series(LineSeries::new(efficient.clone(), blue.stroke_width(3))).map_err(err)?;
    chart.draw_series(efficient.iter().map(|&(x, y)| Circle::new((x, y), 9, blue.filled()))).map_err(err)?;
    let single = |r: &MixResult| r.shares.iter().any(|&s| s >= 1.0 - 1e-9);
    chart
        .draw_series(
            points
                .iter()
                .filter(|(_, _, r)| single(r))
                .map(|(x, y, _)| Circle::new((*x, *y), 11, ring.stroke_width(3))),
        )
        .map_err(err)?;

    // The mixes a reader asks about — the single crops and those not
    // beaten — numbered by their downside on the chart and named beside it,
    // so that no name covers a point or leaves the plot.
    // Where there are more than the column holds, the mixes not beaten come
    // first (frontier.csv has them all).
    let mut named: Vec<&(f64, f64, &MixResult)> = points.iter().filter(|(_, _, r)| r.efficient).collect();
    named.extend(points.iter().filter(|(_, _, r)| single(r) && !r.efficient));
    named.truncate(MAX_NAMED_MIXES);
    named.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    // Mixes whose points lie within a label's reach of each other share
    // one label ("1, 2"), at the first of them, so that numbers never
    // run together.
    const SAME_PLACE_PX: i32 = 36;
    let mut labels: Vec<((f64, f64), Vec<usize>)> = Vec::new();
    for (i, (x, y, _)) in named.iter().enumerate() {
        let px = chart.backend_coord(&(*x, *y));
        let near = |at: &(f64, f64)| {
            let q = chart.backend_coord(at);
            (q.0 - px.0).abs() < SAME_PLACE_PX && (q.1 - px.1).abs() < SAME_PLACE_PX
        };
        match labels.iter_mut().find(|(at, _)| near(at)) {
            Some((_, numbers)) => numbers.push(i + 1),
            None => labels.push(((*x, *y), vec![i + 1])),
        }
    }
    for (at, numbers) in &labels {
        let text = numbers.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
        chart
            .draw_series(std::iter::once(EmptyElement::at(*at) + Text::new(text, (10, -40), bold(LEGEND_ENTRY))))
            .map_err(err)?;
    }
    let mut entries = vec![
        (lang.pick("Cơ cấu cây trồng", "Crop mix").to_string(), Swatch::Dot(grey, 6)),
        (
            lang.pick("Không cơ cấu nào tốt hơn về cả trung bình và rủi ro", "Not beaten on both mean and downside")
                .to_string(),
            Swatch::Dot(blue, 9),
        ),
        (lang.pick("Chỉ trồng một loại cây", "One crop only").to_string(), Swatch::Ring(ring)),
    ];
    for (i, (_, _, r)) in named.iter().enumerate() {
        let name = mix_label(&r.shares, &c.crop_names);
        let label = if single(r) { format!("{} {name}", lang.pick("chỉ", "only")) } else { name };
        entries.push((label, Swatch::Number(i as u16 + 1)));
    }
    draw_side_legend(&column, None, &entries)
}

/// What the tornado chart shows.
pub struct TornadoChart<'a> {
    /// Title.
    pub title: String,
    /// Rows, ranked by effect (largest first).
    pub rows: &'a [SensitivityRow],
    /// Labels of the rows' levers.
    pub labels: Vec<String>,
    /// Axis title: the outcome and its shown unit.
    pub axis_title: String,
    /// The shown unit alone ("tỷ đồng", "hộ"; empty for an index), for the
    /// base run's value in the legend.
    pub value_unit: String,
    /// Divisor from the indicator's unit to the shown one.
    pub divisor: f64,
    /// Label language.
    pub lang: Lang,
    /// Footer line.
    pub footer: String,
}

/// Writes `tornado.png` and `tornado.svg`.
pub fn draw_tornado(dir: &Path, chart: &TornadoChart<'_>) -> ChartResult {
    save_both(dir, "tornado", |r| tornado_chart(r, chart), |r| tornado_chart(r, chart))
}

fn tornado_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &TornadoChart<'_>) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let n = c.rows.len().max(1);
    let base = c.rows.first().map_or(0.0, |r| r.base / c.divisor);
    let mut lo = base;
    let mut hi = base;
    for r in c.rows {
        lo = lo.min(r.low / c.divisor).min(r.high / c.divisor);
        hi = hi.max(r.low / c.divisor).max(r.high / c.divisor);
    }
    // Room either side for the values written at the bars' ends.
    let pad = ((hi - lo) * 0.2).max(base.abs() * 0.01).max(1e-9);
    let (lo, hi) = (lo - pad, hi + pad);
    let (title, title_style) = fitted_title(&c.title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(12, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    // The legend in a column of its own, so that it never covers a bar; its
    // entries are short, so the column is narrower than other charts'.
    let (area, legend) = with_legend_column_px(&area, TORNADO_LEGEND_PX);
    let mut chart = ChartBuilder::on(&area)
        .margin(24)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(380)
        .build_cartesian_2d(axis(lo, hi), (0..n - 1).into_segmented())
        .map_err(err)?;
    let lang = c.lang;
    // The largest effect at the top: row 0 is drawn at the highest position.
    let labels: Vec<String> = c.labels.iter().rev().cloned().collect();
    chart
        .configure_mesh()
        .x_desc(c.axis_title.clone())
        .axis_desc_style(font(AXIS))
        .label_style(font(TICKS))
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        // Numbers of five or six characters side by side fit about seven
        // to the plot's width.
        .x_labels(7)
        .x_label_formatter(&|v| axis_number(*v, hi - lo, lang))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    let low_colour = RGBColor(70, 120, 190);
    let high_colour = RGBColor(220, 120, 40);
    // Where a lever's two cases fall on one side of the base, the longer
    // bar would hide the shorter: each then takes half the row, lowered
    // above, raised below, each with its value.
    let one_side = |r: &SensitivityRow| {
        r.low.is_finite() && r.high.is_finite() && (r.low / c.divisor - base) * (r.high / c.divisor - base) > 0.0
    };
    #[derive(Clone, Copy, PartialEq)]
    enum Half {
        Whole,
        Upper,
        Lower,
    }
    let bar = |value: f64, position: usize, colour: RGBColor, half: Half| {
        let (a, b) = if value < base { (value, base) } else { (base, value) };
        let (bottom, top, margins) = match half {
            Half::Whole => (SegmentValue::Exact(position), SegmentValue::Exact(position + 1), (8, 8)),
            Half::Upper => (SegmentValue::CenterOf(position), SegmentValue::Exact(position + 1), (8, 1)),
            Half::Lower => (SegmentValue::Exact(position), SegmentValue::CenterOf(position), (1, 8)),
        };
        let mut r = Rectangle::new([(a, bottom), (b, top)], colour.filled());
        r.set_margin(margins.0, margins.1, 0, 0);
        r
    };
    let halves = |r: &SensitivityRow| if one_side(r) { (Half::Upper, Half::Lower) } else { (Half::Whole, Half::Whole) };
    chart
        .draw_series(
            c.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.low.is_finite())
                .map(|(i, r)| bar(r.low / c.divisor, n - 1 - i, low_colour, halves(r).0)),
        )
        .map_err(err)?;
    chart
        .draw_series(
            c.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.high.is_finite())
                .map(|(i, r)| bar(r.high / c.divisor, n - 1 - i, high_colour, halves(r).1)),
        )
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(base, SegmentValue::Exact(0)), (base, SegmentValue::Exact(n))],
            BLACK.stroke_width(2),
        )))
        .map_err(err)?;
    // Each bar's value at its end, outside it, so that a lever with a tiny
    // effect still reads as a number; a half bar's at the middle of its half.
    let quarter_row_px = (chart.plotting_area().dim_in_pixel().1 / n as u32 / 4) as i32;
    for (i, r) in c.rows.iter().enumerate() {
        let (low_half, high_half) = halves(r);
        let ends = [(r.low / c.divisor, low_half), (r.high / c.divisor, high_half)];
        for (v, half) in ends.into_iter().filter(|(v, _)| v.is_finite()) {
            let (dx, side) = if v >= base { (10, HPos::Left) } else { (-10, HPos::Right) };
            let dy = match half {
                Half::Whole => 0,
                Half::Upper => -quarter_row_px,
                Half::Lower => quarter_row_px,
            };
            let style = TextStyle::from(font(PANEL_TICKS)).pos(Pos::new(side, VPos::Center));
            let at = (v, SegmentValue::CenterOf(n - 1 - i));
            let text = Text::new(bar_end_text(v, base, lang), (dx, dy), style);
            chart.draw_series(std::iter::once(EmptyElement::at(at) + text)).map_err(err)?;
        }
    }
    // Every lever moves by the same share; the first row says by how much.
    let change = c.rows.first().map_or(0.0, |r| (1.0 - r.low_factor) * 100.0);
    let change = crate::text::number_for(change, 0, lang);
    let base_value = format!("{} {}", base_text(base, lang), c.value_unit).trim_end().to_string();
    let entries = [
        (format!("{} {change}%", lang.pick("Giảm", "Lowered by")), Swatch::Block(low_colour)),
        (format!("{} {change}%", lang.pick("Tăng", "Raised by")), Swatch::Block(high_colour)),
        (format!("{}: {base_value}", lang.pick("Lần chạy cơ sở", "Base run")), Swatch::Line(BLACK)),
    ];
    draw_side_legend(&legend, None, &entries)
}

/// The base run's value as the legend gives it: whole above 10,000, one
/// decimal above 10, three below (a Gini of 0,295, not 0,30).
fn base_text(base: f64, lang: Lang) -> String {
    crate::text::number_for(base, base_decimals(base), lang)
}

/// Decimals of the tornado's base value: none from 10,000, one from 10,
/// three below (a Gini).
fn base_decimals(base: f64) -> usize {
    if base.abs() >= 10_000.0 {
        0
    } else if base.abs() >= 10.0 {
        1
    } else {
        3
    }
}

/// A bar's end as the legend writes the base, with more decimals where
/// that would read as the base itself though the bar ends elsewhere.
fn bar_end_text(value: f64, base: f64, lang: Lang) -> String {
    use crate::text::number_for;
    let mut decimals = base_decimals(base);
    while decimals < 6 && value != base && number_for(value, decimals, lang) == number_for(base, decimals, lang) {
        decimals += 1;
    }
    number_for(value, decimals, lang)
}

/// Width of the tornado chart's legend column (px).
const TORNADO_LEGEND_PX: u32 = 340;
