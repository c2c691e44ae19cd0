//! Land use by zone as small multiples: one small stacked-area panel per
//! zone, twelve to a figure, with one legend, so that a province of 75
//! communes reads in seven figures rather than 75.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::*;
use crate::output::result_set::ResultSet;
use crate::scenario::Lang;

/// Panels in one figure: four columns, three rows.
pub const PANELS_PER_FIGURE: usize = 12;
const COLUMNS: usize = 4;

/// Draws the land use of `zones` (names, at most [`PANELS_PER_FIGURE`]) on
/// `root`: a panel each, in thousand ha, each with its own scale.
pub fn draw_zone_land_use<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &ResultSet,
    zones: &[&str],
    lang: Lang,
    title: &str,
    footer: &str,
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, footer)?;
    let (title, title_style) = fitted_title(title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(8, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    let (grid, legend) = area.split_horizontally(WIDTH_PX - LEGEND_COLUMN_PX);
    let s = &results.scenario;
    let years = &results.years;
    let (x0, x1) = (*years.first().unwrap_or(&0), *years.last().unwrap_or(&1));
    // Only crops grown somewhere in these zones are drawn and named.
    let grown: Vec<usize> = (0..s.crops.len())
        .filter(|&c| {
            zones.iter().any(|z| results.series(z, "area_ha", &s.crops[c].key).iter().flatten().any(|st| st.mean > 0.0))
        })
        .collect();
    // Each zone's stacked tops per grown crop (thousand ha), worked out once.
    let stacks: Vec<Vec<Vec<f64>>> = zones
        .iter()
        .map(|zone| {
            let mut running = vec![0.0; years.len()];
            grown
                .iter()
                .map(|&c| {
                    for (y, st) in results.series(zone, "area_ha", &s.crops[c].key).iter().enumerate() {
                        running[y] += st.map_or(0.0, |s| s.mean) / 1000.0;
                    }
                    running.clone()
                })
                .collect()
        })
        .collect();
    let height = |tops: &Vec<Vec<f64>>| tops.last().map_or(0.0, |top| top.iter().copied().fold(0.0, f64::max));
    // Tick labels with the same decimals in every panel: those the
    // smallest zone needs, so that none reads "0, 0, 0".
    let smallest: f64 = stacks.iter().map(height).fold(f64::INFINITY, f64::min);
    let rows = zones.len().div_ceil(COLUMNS).max(1);
    let panels = grid.split_evenly((rows.max(3), COLUMNS));
    for ((panel, zone), tops) in panels.iter().zip(zones).zip(&stacks) {
        let hi = height(tops) * 1.08;
        let (title, title_style) = fitted_title(zone, PANEL_TITLE, panel.dim_in_pixel().0);
        let mut chart = ChartBuilder::on(panel)
            .caption(&title, title_style)
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(76)
            .build_cartesian_2d(x0..x1, axis(0.0, hi.max(0.001)))
            .map_err(err)?;
        chart
            .configure_mesh()
            .label_style(font(PANEL_TICKS))
            .x_labels(3)
            .y_labels(4)
            .y_label_formatter(&|v| super::series::axis_number(*v, smallest, lang))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(err)?;
        for (i, &c) in grown.iter().enumerate().rev() {
            let colour = crop_colour(&s.crops, c);
            let points = years.iter().zip(&tops[i]).map(|(&y, &v)| (y, v));
            chart.draw_series(AreaSeries::new(points, 0.0, colour.filled())).map_err(err)?;
        }
    }
    let entries: Vec<(String, Swatch)> = grown
        .iter()
        .rev()
        .map(|&c| (s.crops[c].name(lang).to_string(), Swatch::Block(crop_colour(&s.crops, c))))
        .collect();
    draw_side_legend(&legend, Some(lang.pick("Nghìn ha", "Thousand ha")), &entries)?;
    Ok(())
}
