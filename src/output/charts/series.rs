//! Time-series charts with uncertainty bands: a mean line (as the tables
//! give) with its
//! 5–95% band per series, and fan charts of prices per market.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::*;
use crate::stats::summary::Stat;

/// One series of a band chart.
pub struct BandSeries {
    /// Legend text.
    pub label: String,
    /// Line and band colour.
    pub colour: RGBColor,
    /// Summary per year (`None` where absent).
    pub stats: Vec<Option<Stat>>,
}

/// A horizontal reference line with its label.
pub struct Reference {
    /// Height on the y axis.
    pub value: f64,
    /// Legend text.
    pub label: String,
}

fn range_of(series: &[BandSeries], from_zero: bool) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in series {
        for st in s.stats.iter().flatten() {
            lo = lo.min(st.p5).min(st.mean);
            hi = hi.max(st.p95).max(st.mean);
        }
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if from_zero {
        lo = lo.min(0.0);
    }
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 0.02).max(1e-9);
    (if from_zero && lo >= 0.0 { 0.0 } else { lo - pad }, hi + pad)
}

/// An observed value drawn over a band chart, with its uncertainty.
#[derive(Debug, Clone, Copy)]
pub struct ObservedPoint {
    /// Calendar year.
    pub year: i32,
    /// The value, in the chart's unit.
    pub value: f64,
    /// Its standard error (drawn as a bar of ± one), in the chart's unit.
    pub sd: f64,
}

/// Observed points and their legend text, for [`band_chart`].
#[derive(Debug, Clone, Copy)]
pub struct Observed<'a> {
    /// The points.
    pub points: &'a [ObservedPoint],
    /// Legend text.
    pub label: &'a str,
}

impl Observed<'static> {
    /// No observed points.
    pub const NONE: Self = Observed { points: &[], label: "" };
}

/// Mean lines with 5–95% bands over the years, with an optional reference
/// line and observed points (dots with ± one sd bars) drawn over the bands.
#[allow(clippy::too_many_arguments)]
pub fn band_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    x_desc: &str,
    years: &[i32],
    series: &[BandSeries],
    from_zero: bool,
    reference: Option<&Reference>,
    band_label: &str,
    lang: crate::scenario::Lang,
    observed: Observed<'_>,
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let (mut lo, mut hi) = range_of(series, from_zero);
    for p in observed.points {
        lo = lo.min(p.value - p.sd);
        hi = hi.max(p.value + p.sd);
    }
    if let Some(r) = reference {
        if r.value > 0.0 {
            lo = lo.min(r.value);
            hi = hi.max(r.value * 1.05);
        } else {
            // A line at zero or below stays off the frame's edges.
            let pad = (hi - lo).abs().max(1e-9) * 0.05;
            lo = lo.min(r.value - pad);
            hi = hi.max(r.value + pad);
        }
    }
    let x0 = *years.first().unwrap_or(&0);
    let x1 = *years.last().unwrap_or(&1);
    let (title, title_style) = fitted_title(title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(12, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    let (area, legend) = with_legend_column(&area);
    let mut chart = ChartBuilder::on(&area)
        .margin(24)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        .build_cartesian_2d((x0..x1).with_key_points(year_ticks(years, 8, 3)), axis(lo, hi))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(font(AXIS))
        .label_style(font(TICKS))
        .y_label_formatter(&|v| axis_number(*v, hi - lo, lang))
        .x_label_formatter(&|v| v.to_string())
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    let mut entries = Vec::new();
    for s in series {
        let points: Vec<(i32, Stat)> = years.iter().zip(&s.stats).filter_map(|(&y, st)| st.map(|st| (y, st))).collect();
        if points.is_empty() {
            continue;
        }
        let mut polygon: Vec<(i32, f64)> = points.iter().map(|(y, st)| (*y, st.p95)).collect();
        polygon.extend(points.iter().rev().map(|(y, st)| (*y, st.p5)));
        chart.draw_series(std::iter::once(Polygon::new(polygon, s.colour.mix(0.18)))).map_err(err)?;
        chart
            .draw_series(LineSeries::new(points.iter().map(|(y, st)| (*y, st.mean)), s.colour.stroke_width(4)))
            .map_err(err)?;
        entries.push((s.label.clone(), Swatch::Band(s.colour)));
    }
    if let Some(r) = reference {
        let grey = RGBColor(110, 110, 110);
        chart
            .draw_series(DashedLineSeries::new([(x0, r.value), (x1, r.value)], 12, 8, grey.stroke_width(2)))
            .map_err(err)?;
        entries.push((r.label.clone(), Swatch::Line(grey)));
    }
    if !observed.points.is_empty() {
        let ink = RGBColor(20, 20, 20);
        for p in observed.points {
            let bar = vec![(p.year, p.value - p.sd), (p.year, p.value + p.sd)];
            chart.draw_series(std::iter::once(PathElement::new(bar, ink.stroke_width(2)))).map_err(err)?;
        }
        chart
            .draw_series(observed.points.iter().map(|p| Circle::new((p.year, p.value), 7, ink.filled())))
            .map_err(err)?;
        entries.push((observed.label.to_string(), Swatch::Point(ink)));
    }
    draw_side_legend(&legend, Some(band_label), &entries)
}

/// The years a time axis labels: the key table's milestone years (the
/// first, every fifth, the last), so that the last year is never left
/// unlabelled; at most `max_ticks` of them and none closer than `min_gap`
/// years to the first or the last, so that labels never print over each
/// other; every year of a run of at most `max_ticks` years.
pub fn year_ticks(years: &[i32], max_ticks: usize, min_gap: i32) -> Vec<i32> {
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else { return Vec::new() };
    if years.len() <= max_ticks {
        return years.to_vec();
    }
    let milestones = crate::output::results::milestone_years(first, years.len());
    let inner: Vec<i32> =
        milestones.into_iter().map(|i| years[i]).filter(|&y| y - first >= min_gap && last - y >= min_gap).collect();
    // Every second, fourth, … milestone until they fit between the ends.
    let room = max_ticks.saturating_sub(2).max(1);
    let step = inner.len().div_ceil(room).max(1);
    let mut ticks = vec![first];
    ticks.extend(inner.into_iter().step_by(step));
    ticks.push(last);
    ticks
}

/// An axis number with as many decimals as the span needs.
pub fn axis_number(v: f64, span: f64, lang: crate::scenario::Lang) -> String {
    // Two decimals tell ticks apart down to a span of 0.2; below it (a Gini
    // coefficient that moves by 0.03) as many as a fifth of the span needs.
    let decimals = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else if span >= 0.2 || span <= 0.0 || !span.is_finite() {
        2
    } else {
        ((5.0 / span).log10().ceil() as usize).clamp(2, 6)
    };
    crate::text::number_for(v, decimals, lang)
}

/// One panel of a fan chart: mean, 25–75% and 5–95% bands.
pub struct Fan {
    /// Panel title.
    pub title: String,
    /// Colour.
    pub colour: RGBColor,
    /// Summary per year.
    pub stats: Vec<Option<Stat>>,
}

/// A grid of fan charts sharing the years, one per panel.
pub fn fan_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    years: &[i32],
    fans: &[Fan],
    lang: crate::scenario::Lang,
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let (title, title_style) = fitted_title(title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(12, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    let cols = fans.len().clamp(1, 4);
    let rows = fans.len().div_ceil(cols).max(1);
    let panels = area.split_evenly((rows, cols));
    let x0 = *years.first().unwrap_or(&0);
    let x1 = *years.last().unwrap_or(&1);
    for (panel, fan) in panels.iter().zip(fans) {
        let hi = fan.stats.iter().flatten().map(|s| s.p95).fold(0.0, f64::max) * 1.08;
        // Prices in thousands: a market under 1,000 VND/kg keeps its own scale.
        let top = if hi > 0.0 { hi } else { 1.0 };
        let (title, title_style) = fitted_title(&fan.title, PANEL_TITLE + 4.0, panel.dim_in_pixel().0);
        let mut chart = ChartBuilder::on(panel)
            .caption(&title, title_style)
            .margin(14)
            // Room for the last year's tick label, centred on the right edge.
            .margin_right(36)
            .x_label_area_size(44)
            // The axis title beside the widest tick label (digits about
            // 0.56 of the font's size wide), so that the title clears it.
            .y_label_area_size(
                40 + (PANEL_TICKS * 0.56).ceil() as u32 * axis_number(top, top, lang).chars().count() as u32,
            )
            // Grid lines at every milestone year, evenly spaced; labels only
            // where they fit a small panel (2020 beside 2016 would touch).
            .build_cartesian_2d((x0..x1).with_key_points(year_ticks(years, 8, 3)), axis(0.0, top))
            .map_err(err)?;
        let labelled = year_ticks(years, 4, 5);
        chart
            .configure_mesh()
            .x_label_formatter(&|y| if labelled.contains(y) { y.to_string() } else { String::new() })
            .y_desc(y_desc)
            .axis_desc_style(font(PANEL_AXIS))
            .label_style(font(PANEL_TICKS))
            .y_labels(6)
            .y_label_formatter(&|v| axis_number(*v, top, lang))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(err)?;
        let points: Vec<(i32, Stat)> = years.iter().zip(&fan.stats).filter_map(|(&y, s)| s.map(|s| (y, s))).collect();
        for (lo, hi, alpha) in [(0usize, 1usize, 0.15), (2, 3, 0.3)] {
            let pick = |s: &Stat, which: usize| [s.p5, s.p95, s.p25, s.p75][which];
            let mut polygon: Vec<(i32, f64)> = points.iter().map(|(y, s)| (*y, pick(s, hi))).collect();
            polygon.extend(points.iter().rev().map(|(y, s)| (*y, pick(s, lo))));
            chart.draw_series(std::iter::once(Polygon::new(polygon, fan.colour.mix(alpha)))).map_err(err)?;
        }
        chart
            .draw_series(LineSeries::new(points.iter().map(|(y, s)| (*y, s.mean)), fan.colour.stroke_width(3)))
            .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod year_ticks_tests {
    use super::year_ticks;

    #[test]
    fn the_first_and_the_last_year_are_labelled_and_never_crowded() {
        let years = |first: i32, n: i32| (first..first + n).collect::<Vec<i32>>();
        // A wide chart: the milestones, none within 3 years of an end.
        assert_eq!(year_ticks(&years(2016, 20), 8, 3), [2016, 2020, 2025, 2030, 2035]);
        assert_eq!(year_ticks(&years(2018, 19), 8, 3), [2018, 2025, 2030, 2036]);
        assert_eq!(year_ticks(&years(2016, 5), 8, 3), [2016, 2017, 2018, 2019, 2020]);
        // A panel of a grid: at most four, five years apart at the ends.
        assert_eq!(year_ticks(&years(2016, 20), 4, 5), [2016, 2025, 2030, 2035]);
        assert_eq!(year_ticks(&years(2016, 6), 4, 5), [2016, 2021]);
        // A long run is thinned to fit, its ends kept.
        let long = year_ticks(&years(2016, 60), 8, 3);
        assert!(long.len() <= 8 && long[0] == 2016 && *long.last().unwrap() == 2075, "{long:?}");
        assert!(long.windows(2).all(|w| w[1] - w[0] >= 3), "{long:?}");
        assert!(year_ticks(&[], 8, 3).is_empty());
    }
}

#[cfg(test)]
mod axis_number_tests {
    use super::axis_number;
    use crate::scenario::Lang;

    /// Seven ticks across spans from a Gini's few hundredths to millions of
    /// hectares are written as seven different numbers.
    #[test]
    fn ticks_across_a_span_are_told_apart() {
        for (low, span) in [(0.32, 0.03), (0.5, 0.002), (0.1, 0.15), (10.0, 1.2), (1000.0, 60.0), (0.0, 2e6)] {
            let ticks: Vec<String> =
                (0..7).map(|i| axis_number(low + span * f64::from(i) / 6.0, span, Lang::Vi)).collect();
            let mut distinct = ticks.clone();
            distinct.dedup();
            assert_eq!(distinct.len(), 7, "span {span}: {ticks:?}");
        }
        assert_eq!(axis_number(0.335, 0.03, Lang::Vi), "0,335");
        assert_eq!(axis_number(12.5, 30.0, Lang::En), "13");
    }
}
