//! What every chart shares: the embedded font, sizes, colours by crop, the
//! footer, and writing one chart as PNG and SVG.

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontDesc, FontFamily, FontStyle, register_font};

use super::text::ShapedBitmap;
use crate::scenario::Lang;

/// Width of every chart (pixels).
pub const WIDTH_PX: u32 = 1600;
/// Height of every chart (pixels).
pub const HEIGHT_PX: u32 = 1000;

/// A drawing error of any backend.
pub type DrawError = Box<dyn std::error::Error + Send + Sync>;
/// Result of drawing a chart.
pub type ChartResult = Result<(), DrawError>;

/// Converts a plotters error into a [`DrawError`], in words (a full disk
/// reads "No space left on device", not the error's nested structure).
pub fn err<E: std::fmt::Display>(e: E) -> DrawError {
    let text = e.to_string();
    // The bitmap encoder nests the I/O error in its debug form: keep its words.
    if let Some(at) = text.find("error: \"")
        && let Some(end) = text[at + 8..].find('"')
    {
        return format!("writing a chart image: {}", &text[at + 8..at + 8 + end]).into();
    }
    text.into()
}

static FONTS: Once = Once::new();

/// Registers DejaVu Sans (which covers Vietnamese) as the charts'
/// sans-serif font, once per process: no system font is ever loaded.
pub fn register_fonts() {
    FONTS.call_once(|| {
        // Registration fails only for a corrupt font, and the font is
        // compiled into the binary.
        let _ = register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
}

/// The chart font at `size` pixels.
pub fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal)
}

/// The bold chart font at `size` pixels.
pub fn bold(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Bold)
}

// Sizes are chosen for the chart pasted at the full text width of an A4
// page (about 18 cm, so 1 pt ≈ 3.1 px of the 1600-px image): tick labels
// and legends at 8–9 pt, axis titles 10 pt, the title 14 pt, the footer 7
// pt. At 15 cm each is a sixth smaller and still readable.

/// The bold font of a title that fits `width_px`: `size` pixels, or
/// smaller for a long title (never below two thirds of `size`, where a
/// title too long to read at that size would rather be cut than shrunk).
pub fn title_font(title: &str, size: f64, width_px: u32) -> FontDesc<'static> {
    let room = f64::from(width_px.saturating_sub(48)).max(1.0);
    let natural = f64::from(super::text::width_px(true, size as f32, title));
    let fitted = if natural > room { size * room / natural } else { size };
    bold(fitted.max(size * 2.0 / 3.0).floor())
}

/// Title size (pixels).
pub const TITLE: f64 = 44.0;
/// Axis description size (pixels).
pub const AXIS: f64 = 32.0;
/// Tick label size (pixels).
pub const TICKS: f64 = 28.0;
/// Legend heading size (pixels).
pub const LEGEND: f64 = 28.0;
/// Legend entry size (pixels).
pub const LEGEND_ENTRY: f64 = 26.0;
/// Footer size (pixels).
pub const FOOTER: f64 = 22.0;
/// Title of one panel of a grid of small charts (pixels).
pub const PANEL_TITLE: f64 = 26.0;
/// Tick label size in one panel of a grid of small charts (pixels).
pub const PANEL_TICKS: f64 = 20.0;
/// Axis description size in one panel of a grid of small charts (pixels).
pub const PANEL_AXIS: f64 = 22.0;
/// Room for the tick labels below a chart (pixels).
pub const X_LABEL_AREA_PX: u32 = 84;
/// Room for the tick labels and axis title left of a chart (pixels).
pub const Y_LABEL_AREA_PX: u32 = 160;

/// The colour of a crop, the same in every chart: fixed for the Sơn La
/// crops, and from a fixed cycle by table position for others.
pub fn crop_colour(key: &str, index: usize) -> RGBColor {
    match key {
        "maize" => RGBColor(230, 190, 60),
        "cassava" => RGBColor(170, 120, 80),
        "upland_rice" => RGBColor(200, 215, 120),
        "paddy" => RGBColor(120, 190, 220),
        "other_perennial" => RGBColor(110, 140, 110),
        "old_longan" => RGBColor(215, 160, 140),
        "old_mango" => RGBColor(240, 200, 150),
        "longan_grafted" => RGBColor(180, 60, 40),
        "mango_grafted" => RGBColor(240, 130, 20),
        "plum_grafted" => RGBColor(120, 50, 140),
        _ => {
            const CYCLE: [RGBColor; 6] = [
                RGBColor(31, 119, 180),
                RGBColor(44, 160, 44),
                RGBColor(214, 39, 40),
                RGBColor(148, 103, 189),
                RGBColor(23, 190, 207),
                RGBColor(127, 127, 127),
            ];
            CYCLE[index % CYCLE.len()]
        }
    }
}

/// Colour of the `index`-th series where series are not crops (markets
/// without a crop colour, zones of the budget chart, scenarios compared):
/// the Okabe–Ito cycle, told apart with red–green colour blindness too, and
/// with no red or green that would read as "bad" or "good" by itself.
pub fn series_colour(index: usize) -> RGBColor {
    const CYCLE: [RGBColor; 8] = [
        RGBColor(0, 114, 178),
        RGBColor(230, 159, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(86, 180, 233),
        RGBColor(213, 94, 0),
        RGBColor(90, 90, 90),
        RGBColor(240, 228, 66),
    ];
    CYCLE[index % CYCLE.len()]
}

/// Splits off the footer strip and writes `footer` in it; returns the area
/// above it for the chart.
pub fn with_footer<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    footer: &str,
) -> Result<DrawingArea<DB, Shift>, DrawError>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(err)?;
    let (main, foot) = root.split_vertically(HEIGHT_PX - 52);
    foot.draw_text(footer, &font(FOOTER).color(&RGBColor(90, 90, 90)), (24, 14)).map_err(err)?;
    Ok(main)
}

/// Draws the legend box of `chart` at `position` with labels of `size` pixels.
pub fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    size: f64,
) -> ChartResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .label_font(font(size))
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(180, 180, 180))
        .draw()
        .map_err(err)
}

/// Width of the legend column beside a chart (pixels).
pub const LEGEND_COLUMN_PX: u32 = 470;

/// How a legend entry is marked.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A filled box (an area or a bar).
    Block(RGBColor),
    /// A line over its light band.
    Band(RGBColor),
    /// A plain line.
    Line(RGBColor),
    /// A dot with an error bar (an observed value).
    Point(RGBColor),
}

/// Splits `area` into the chart (left) and a legend column (right), so
/// that the legend never covers data.
pub fn with_legend_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let width = area.dim_in_pixel().0;
    area.split_horizontally(width.saturating_sub(LEGEND_COLUMN_PX))
}

/// Draws a legend in its own column: an optional heading, then one entry
/// per line, long labels wrapped.
pub fn draw_side_legend<DB: DrawingBackend>(
    column: &DrawingArea<DB, Shift>,
    heading: Option<&str>,
    entries: &[(String, Swatch)],
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let mut y = 76;
    if let Some(heading) = heading {
        column.draw_text(heading, &bold(LEGEND).into(), (10, y - 42)).map_err(err)?;
    }
    for (label, swatch) in entries {
        match *swatch {
            Swatch::Block(c) => column.draw(&Rectangle::new([(10, y), (38, y + 26)], c.filled())).map_err(err)?,
            Swatch::Band(c) => {
                column.draw(&Rectangle::new([(8, y), (40, y + 26)], c.mix(0.18).filled())).map_err(err)?;
                column.draw(&PathElement::new(vec![(8, y + 13), (40, y + 13)], c.stroke_width(4))).map_err(err)?;
            }
            Swatch::Line(c) => {
                column.draw(&PathElement::new(vec![(8, y + 13), (40, y + 13)], c.stroke_width(3))).map_err(err)?
            }
            Swatch::Point(c) => {
                column.draw(&PathElement::new(vec![(24, y), (24, y + 26)], c.stroke_width(2))).map_err(err)?;
                column.draw(&Circle::new((24, y + 13), 7, c.filled())).map_err(err)?;
            }
        }
        for (i, text) in crate::text::wrap(label, 28).iter().enumerate() {
            column.draw_text(text, &font(LEGEND_ENTRY).into(), (50, y + 1 + 31 * i as i32)).map_err(err)?;
            if i > 0 {
                y += 31;
            }
        }
        y += 42;
    }
    Ok(())
}

/// Draws one chart into `dir/NAME.png` and `dir/NAME.svg`.
pub fn save_both(
    dir: &Path,
    name: &str,
    draw_png: impl FnOnce(&DrawingArea<ShapedBitmap<'_>, Shift>) -> ChartResult,
    draw_svg: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> ChartResult,
) -> ChartResult {
    register_fonts();
    let png = dir.join(format!("{name}.png"));
    {
        let root = ShapedBitmap::new(&png, (WIDTH_PX, HEIGHT_PX)).into_drawing_area();
        draw_png(&root)?;
        root.present().map_err(err)?;
    }
    let svg = dir.join(format!("{name}.svg"));
    {
        let root = SVGBackend::new(&svg, (WIDTH_PX, HEIGHT_PX)).into_drawing_area();
        draw_svg(&root)?;
        root.present().map_err(err)?;
    }
    Ok(())
}

/// Draws one chart into `dir/NAME.svg` only.
pub fn save_svg(
    dir: &Path,
    name: &str,
    draw_svg: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> ChartResult,
) -> ChartResult {
    register_fonts();
    let svg = dir.join(format!("{name}.svg"));
    let root = SVGBackend::new(&svg, (WIDTH_PX, HEIGHT_PX)).into_drawing_area();
    draw_svg(&root)?;
    root.present().map_err(err)
}

/// A whole number for axis labels, grouped as `lang` writes it.
pub fn thousands(v: f64, lang: Lang) -> String {
    crate::text::number_for(v, 0, lang)
}

/// A value axis that plotters can always draw: finite ends within ±10¹⁸,
/// low below high, and a span its ticks can divide. Values that are not
/// finite never reach a chart (the engine and `plot` refuse them); this
/// keeps a degenerate or damaged range from hanging the tick layout.
pub fn axis(low: f64, high: f64) -> std::ops::Range<f64> {
    const LIMIT: f64 = 1e18;
    let tame = |v: f64, fallback: f64| if v.is_finite() { v.clamp(-LIMIT, LIMIT) } else { fallback };
    let (mut low, mut high) = (tame(low, 0.0), tame(high, 1.0));
    if low > high {
        std::mem::swap(&mut low, &mut high);
    }
    let least_span = (low.abs().max(high.abs()) * 1e-6).max(1e-9);
    if high - low < least_span {
        low -= least_span;
        high += least_span;
    }
    low..high
}

#[cfg(test)]
mod axis_tests {
    use super::axis;

    #[test]
    fn every_range_becomes_drawable() {
        for (lo, hi) in [(f64::NAN, 1.0), (0.0, f64::INFINITY), (5.0, 5.0), (3.0, -3.0), (-1e300, 1e300), (0.0, 0.0)] {
            let r = axis(lo, hi);
            assert!(r.start.is_finite() && r.end.is_finite() && r.start < r.end, "{lo}..{hi} gave {r:?}");
        }
        assert_eq!(axis(0.0, 10.0), 0.0..10.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_shrinks_to_fit_and_a_short_one_keeps_its_size() {
        let short = "Giá bán";
        assert_eq!(title_font(short, TITLE, WIDTH_PX).get_size(), TITLE);
        let long = "Lợi ích và rủi ro theo cơ cấu cây trồng — Thu nhập thuần từ trồng trọt, 2035";
        let fitted = title_font(long, TITLE, WIDTH_PX).get_size();
        assert!(fitted < TITLE, "{fitted}");
        let width = super::super::text::width_px(true, fitted as f32, long);
        assert!(width <= (WIDTH_PX - 48) as f32, "{width} px");
        // Never below two thirds of the size, however long.
        let endless = long.repeat(5);
        assert_eq!(title_font(&endless, TITLE, WIDTH_PX).get_size(), (TITLE * 2.0 / 3.0).floor());
    }

    #[test]
    fn the_series_colours_of_a_budget_chart_are_all_different() {
        // The budget chart names eight zones and lumps the others.
        let colours: Vec<RGBColor> = (0..8).map(series_colour).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                assert_ne!((a.0, a.1, a.2), (b.0, b.1, b.2));
            }
        }
    }
}
