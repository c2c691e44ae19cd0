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

/// A title that fits `width_px` and its bold font: the title at `size`
/// pixels if it fits; else smaller, down to four fifths of `size`; else
/// without its notes in parentheses ("Nhãn giống cũ (cây thực sinh)" reads
/// "Nhãn giống cũ"), as small as need be but never below two thirds of
/// `size`; a title too long even then ends with "…" after its last whole
/// item (at " + ", " — " or ", "), else its last whole word.
pub fn fitted_title(title: &str, size: f64, width_px: u32) -> (String, FontDesc<'static>) {
    let room = f64::from(width_px.saturating_sub(48)).max(1.0);
    let fitted = |text: &str| {
        let natural = f64::from(super::text::width_px(true, size as f32, text));
        if natural > room { size * room / natural } else { size }
    };
    let full = fitted(title);
    if full >= size * 0.8 {
        return (title.to_string(), bold(full.floor()));
    }
    let short = without_notes(title);
    let smaller = fitted(&short).max(size * 2.0 / 3.0).floor();
    let fits = |text: &str| f64::from(super::text::width_px(true, smaller as f32, text)) <= room;
    if fits(&short) {
        return (short, bold(smaller));
    }
    // A cut inside an item ("Nhãn giống …") may name another crop: cut
    // between items where one fits, else between words, else characters.
    let ends_at = |separators: &[&str]| -> Vec<usize> {
        let mut ends: Vec<usize> = separators.iter().flat_map(|sep| short.match_indices(sep).map(|(i, _)| i)).collect();
        ends.sort_unstable();
        ends
    };
    let chars: Vec<usize> = short.char_indices().map(|(i, _)| i).skip(1).collect();
    let cut = [ends_at(&[" + ", " — ", ", "]), ends_at(&[" "]), chars]
        .into_iter()
        .find_map(|ends| ends.into_iter().rev().map(|i| format!("{} …", &short[..i])).find(|t| fits(t)));
    (cut.unwrap_or_else(|| "…".to_string()), bold(smaller))
}

/// `text` without its parenthesised notes (and the space before each).
fn without_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth == 1 && out.ends_with(' ') {
                    out.pop();
                }
            }
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

// Sizes are chosen for the chart pasted at the full text width of an A4
// page (about 18 cm, so 1 pt ≈ 3.1 px of the 1600-px image). A size here
// is the font's line height in pixels, as plotters and ab_glyph take it;
// DejaVu's em is 1/1.164 of it. So ticks of 31 px are set at an em of
// 26.6 px, 8.5 pt at 18 cm: tick labels and legends at 8–8.5 pt, axis
// titles 9.5 pt, titles 13 pt, the footer 6.5 pt; at 15 cm each is a sixth
// smaller and still readable.

/// Title size (pixels of line height).
pub const TITLE: f64 = 48.0;
/// Axis description size (pixels of line height).
pub const AXIS: f64 = 35.0;
/// Tick label size (pixels of line height).
pub const TICKS: f64 = 31.0;
/// Legend heading size (pixels of line height).
pub const LEGEND: f64 = 31.0;
/// Legend entry size (pixels of line height).
pub const LEGEND_ENTRY: f64 = 29.0;
/// Footer size (pixels of line height).
pub const FOOTER: f64 = 24.0;
/// Title of one panel of a grid of small charts (pixels of line height).
pub const PANEL_TITLE: f64 = 29.0;
/// Tick label size in one panel of a grid of small charts (pixels of line height).
pub const PANEL_TICKS: f64 = 25.0;
/// Axis description size in one panel of a grid of small charts (pixels of line height).
pub const PANEL_AXIS: f64 = 26.0;
/// Room for the tick labels below a chart (pixels).
pub const X_LABEL_AREA_PX: u32 = 92;
/// Room for the tick labels and axis title left of a chart (pixels).
pub const Y_LABEL_AREA_PX: u32 = 180;

/// The colours of the Sơn La crops (see [`crop_colour`]).
const SON_LA_CROP_COLOURS: [(&str, RGBColor); 10] = [
    ("maize", RGBColor(230, 190, 60)),
    ("cassava", RGBColor(170, 120, 80)),
    ("upland_rice", RGBColor(200, 215, 120)),
    ("paddy", RGBColor(120, 190, 220)),
    ("other_perennial", RGBColor(110, 140, 110)),
    ("old_longan", RGBColor(215, 160, 140)),
    ("old_mango", RGBColor(240, 200, 150)),
    ("longan_grafted", RGBColor(180, 60, 40)),
    ("mango_grafted", RGBColor(240, 130, 20)),
    ("plum_grafted", RGBColor(120, 50, 140)),
];

/// The colours of crops a scenario adds (coffee, passion fruit, …), in the
/// order the added crops come (see [`crop_colour`]): blue and bluish green of Okabe–Ito, a magenta, a
/// periwinkle, a grey and a dark teal, which stand apart from the Sơn La
/// crops' colours (no orange beside mango and longan, no sky blue beside
/// paddy, no yellow beside maize) and from each other; before, they
/// cycled through a red and a green.
const OTHER_CROP_COLOURS: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(0, 158, 115),
    RGBColor(200, 60, 150),
    RGBColor(110, 110, 200),
    RGBColor(80, 80, 80),
    RGBColor(0, 90, 90),
];

/// The colour of crop `index` of `crops`, the same in every chart: fixed
/// for the Sơn La crops, and for a crop a scenario adds the next of
/// [`OTHER_CROP_COLOURS`] in the order the added crops come.
pub fn crop_colour(crops: &[crate::scenario::Crop], index: usize) -> RGBColor {
    let fixed = |key: &str| SON_LA_CROP_COLOURS.iter().find(|(k, _)| *k == key).map(|&(_, colour)| colour);
    fixed(&crops[index].key).unwrap_or_else(|| {
        let added_before = crops[..index].iter().filter(|c| fixed(&c.key).is_none()).count();
        OTHER_CROP_COLOURS[added_before % OTHER_CROP_COLOURS.len()]
    })
}

/// Colour of the `index`-th series where series are not crops (markets
/// without a crop colour, zones of the budget chart, scenarios compared):
/// the Okabe–Ito cycle, told apart with red–green colour blindness too, and
/// with no red or green that would read as "bad" or "good" by itself.
pub fn series_colour(index: usize) -> RGBColor {
    const CYCLE: [RGBColor; 9] = [
        RGBColor(0, 114, 178),
        RGBColor(230, 159, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(86, 180, 233),
        RGBColor(213, 94, 0),
        RGBColor(240, 228, 66),
        RGBColor(0, 0, 0),
        RGBColor(140, 86, 75),
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
    /// A plain dot of the given radius (px).
    Dot(RGBColor, i32),
    /// A ring (a marked point).
    Ring(RGBColor),
    /// A number, as written beside a point of the chart.
    Number(u16),
}

/// Splits `area` into the chart (left) and a legend column (right), so
/// that the legend never covers data.
pub fn with_legend_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    with_legend_column_px(area, LEGEND_COLUMN_PX)
}

/// [`with_legend_column`] with a column `width_px` wide, for a legend of
/// short entries.
pub fn with_legend_column_px<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    width_px: u32,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let width = area.dim_in_pixel().0;
    area.split_horizontally(width.saturating_sub(width_px))
}

/// Draws a legend in its own column: an optional heading, then one entry
/// per line, long labels wrapped (and broken where they hold `\n`).
pub fn draw_side_legend<DB: DrawingBackend>(
    column: &DrawingArea<DB, Shift>,
    heading: Option<&str>,
    entries: &[(String, Swatch)],
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    // Wrapped by measured width: the column keeps 60 px for the swatch.
    let room_px = column.dim_in_pixel().0.saturating_sub(60) as f32;
    let line_px = (LEGEND_ENTRY * 1.15).round() as i32;
    let mut y = 34;
    if let Some(heading) = heading {
        for text in super::text::wrap_px(heading, true, LEGEND as f32, room_px + 50.0) {
            column.draw_text(&text, &bold(LEGEND).into(), (10, y)).map_err(err)?;
            y += (LEGEND * 1.15).round() as i32;
        }
        y += 8;
    }
    for (label, swatch) in entries {
        let mid = y + line_px / 2;
        match *swatch {
            Swatch::Block(c) => {
                column.draw(&Rectangle::new([(10, mid - 14), (40, mid + 14)], c.filled())).map_err(err)?
            }
            Swatch::Band(c) => {
                column.draw(&Rectangle::new([(8, mid - 14), (42, mid + 14)], c.mix(0.18).filled())).map_err(err)?;
                column.draw(&PathElement::new(vec![(8, mid), (42, mid)], c.stroke_width(4))).map_err(err)?;
            }
            Swatch::Line(c) => {
                column.draw(&PathElement::new(vec![(8, mid), (42, mid)], c.stroke_width(3))).map_err(err)?
            }
            Swatch::Point(c) => {
                column.draw(&PathElement::new(vec![(25, mid - 14), (25, mid + 14)], c.stroke_width(2))).map_err(err)?;
                column.draw(&Circle::new((25, mid), 7, c.filled())).map_err(err)?;
            }
            Swatch::Dot(c, radius) => column.draw(&Circle::new((25, mid), radius, c.filled())).map_err(err)?,
            Swatch::Ring(c) => column.draw(&Circle::new((25, mid), 11, c.stroke_width(3))).map_err(err)?,
            Swatch::Number(n) => {
                let style = TextStyle::from(bold(LEGEND_ENTRY)).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ));
                column.draw_text(&n.to_string(), &style, (25, mid)).map_err(err)?
            }
        }
        // A line break in a label is kept (a name, then what it means).
        for part in label.split('\n') {
            for text in super::text::wrap_px(part, false, LEGEND_ENTRY as f32, room_px) {
                column.draw_text(&text, &font(LEGEND_ENTRY).into(), (52, y + 1)).map_err(err)?;
                y += line_px;
            }
        }
        y += line_px / 3;
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
    fn a_title_too_long_for_any_size_is_cut_at_a_word_not_clipped() {
        use super::fitted_title;
        use crate::output::charts::TITLE;
        let crops = "Nhãn giống cũ + Xoài giống cũ + Nhãn ghép + Xoài ghép + Mận hậu ghép + Cây lâu năm khác";
        let title = format!("Thành phố Sơn La: Diện tích — {crops} + {crops}");
        let (shown, font) = fitted_title(&title, TITLE, 1600);
        assert!(shown.ends_with(" …") && title.starts_with(shown.trim_end_matches(" …")), "{shown}");
        // It ends after a whole crop's name, never inside one.
        let kept = shown.trim_end_matches(" …");
        assert!(title[kept.len()..].starts_with(" + "), "{shown}");
        let width = super::super::text::width_px(true, font.get_size() as f32, &shown);
        assert!(f64::from(width) <= 1600.0 - 48.0, "{width} px: {shown}");
        // A title that fits is left whole.
        assert_eq!(fitted_title("Toàn tỉnh: Giá — Nhãn ghép", TITLE, 1600).0, "Toàn tỉnh: Giá — Nhãn ghép");
    }

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
    fn text_pasted_at_the_width_of_an_a4_page_is_at_least_8_pt() {
        // A4 less two 1.5 cm margins: 510 pt for the chart's 1600 px.
        let px_per_pt = f64::from(WIDTH_PX) / 510.3;
        let per_em = f64::from(super::super::text::line_height_per_em());
        assert!((per_em - 1.164).abs() < 0.01, "DejaVu Sans's line height is {per_em} em");
        let pt = |size: f64| size / per_em / px_per_pt;
        for (what, size) in [("ticks", TICKS), ("legend", LEGEND_ENTRY), ("axis titles", AXIS)] {
            assert!(pt(size) >= 7.9, "{what}: {:.1} pt", pt(size));
        }
        assert!(pt(TITLE) >= 12.5 && pt(FOOTER) >= 6.0, "title {:.1} pt, footer {:.1} pt", pt(TITLE), pt(FOOTER));
    }

    /// How far apart two colours are: the sum of their channels' differences.
    fn distance(a: RGBColor, b: RGBColor) -> i32 {
        (i32::from(a.0) - i32::from(b.0)).abs()
            + (i32::from(a.1) - i32::from(b.1)).abs()
            + (i32::from(a.2) - i32::from(b.2)).abs()
    }

    #[test]
    fn crops_a_scenario_adds_get_colours_apart_from_the_son_la_crops_and_each_other() {
        let mut s = crate::scenario::open("sonla-baseline").expect("a shipped scenario");
        let son_la = s.crops.len();
        let fixed: Vec<RGBColor> = (0..son_la).map(|i| crop_colour(&s.crops, i)).collect();
        // Six crops added at the end of the table: the first added crop
        // takes the first colour, and so on, whatever its table position.
        for i in 0..6 {
            let mut added = s.crops[0].clone();
            added.key = format!("added_{i}");
            s.crops.push(added);
        }
        let added: Vec<RGBColor> = (son_la..son_la + 6).map(|i| crop_colour(&s.crops, i)).collect();
        assert_eq!(added, OTHER_CROP_COLOURS);
        for (i, &a) in added.iter().enumerate() {
            for &f in &fixed {
                assert!(distance(a, f) >= 90, "added crop {i}: {a:?} is close to {f:?}");
            }
            for &b in &added[i + 1..] {
                assert!(distance(a, b) >= 90, "{a:?} and {b:?}");
            }
        }
        // A Sơn La crop keeps its colour wherever it stands in the table.
        let longan = s.crops.iter().position(|c| c.key == "longan_grafted").unwrap();
        let moved = s.crops.remove(longan);
        s.crops.push(moved);
        assert_eq!(crop_colour(&s.crops, s.crops.len() - 1), fixed[longan]);
    }

    #[test]
    fn a_long_title_shrinks_or_drops_its_notes_to_fit_and_a_short_one_keeps_its_size() {
        let size = |(_, font): &(String, FontDesc<'static>)| font.get_size();
        let width = |(text, font): &(String, FontDesc<'static>)| {
            super::super::text::width_px(true, font.get_size() as f32, text)
        };
        let short = fitted_title("Giá bán", TITLE, WIDTH_PX);
        assert_eq!((short.0.as_str(), size(&short)), ("Giá bán", TITLE));
        // A little too long: smaller, every word kept.
        let long = "Lợi ích và rủi ro theo cơ cấu cây trồng — Thu nhập thuần từ trồng trọt, 2035";
        let fitted = fitted_title(long, TITLE, WIDTH_PX);
        assert!(size(&fitted) < TITLE && fitted.0 == long, "{} at {}", fitted.0, size(&fitted));
        assert!(width(&fitted) <= (WIDTH_PX - 48) as f32);
        // Much too long: the notes in parentheses go first.
        let crops = "Thành phố Sơn La: Diện tích — Nhãn giống cũ (cây thực sinh) + Nhãn ghép + Xoài giống cũ (cây thực sinh) + Xoài ghép";
        let fitted = fitted_title(crops, TITLE, WIDTH_PX);
        assert_eq!(fitted.0, "Thành phố Sơn La: Diện tích — Nhãn giống cũ + Nhãn ghép + Xoài giống cũ + Xoài ghép");
        assert!(width(&fitted) <= (WIDTH_PX - 48) as f32 && size(&fitted) >= (TITLE * 2.0 / 3.0).floor());
        // Never below two thirds of the size, however long.
        let endless = long.repeat(5);
        assert_eq!(size(&fitted_title(&endless, TITLE, WIDTH_PX)), (TITLE * 2.0 / 3.0).floor());
    }
}
