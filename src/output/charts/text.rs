//! A bitmap backend that places glyphs where the font says.
//!
//! plotters 0.3.7 draws each glyph's outline from the pen position without
//! the glyph's left bearing (`px_bounds().min.x` is dropped), so letters
//! whose ink starts left or right of the usual place — Vietnamese "ì", "ỳ",
//! "ố" among them — stand apart from their neighbours in every PNG
//! ("ngh ì n"). SVG text is laid out by the viewer and is right. This
//! backend wraps plotters' bitmap backend and lays out text itself with
//! ab_glyph: pen positions by advance and kerning, each glyph's ink at its
//! own bounds. Everything else is the bitmap backend's.

use std::path::Path;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
};

/// The embedded font of `style` (DejaVu Sans, bold or regular).
fn font_of(style: FontStyle) -> FontRef<'static> {
    let bytes = match style {
        FontStyle::Bold => dejavu::sans::bold(),
        _ => dejavu::sans::regular(),
    };
    FontRef::try_from_slice(bytes).expect("the embedded DejaVu font parses")
}

/// Where each glyph of `text` goes: the glyph and its pen position (px),
/// with the line's advance width and its ascent and descent (px).
pub struct Line {
    glyphs: Vec<ab_glyph::Glyph>,
    /// Advance width of the whole line (px).
    pub width: f32,
    /// Ascent above the baseline (px).
    pub ascent: f32,
    /// Descent below the baseline (px, negative).
    pub descent: f32,
}

/// Lays out `text` in `font` at `size_px`, baseline at y = ascent.
pub fn layout(font: &FontRef<'static>, size_px: f32, text: &str) -> Line {
    let scaled = font.as_scaled(PxScale::from(size_px));
    let (ascent, descent) = (scaled.ascent(), scaled.descent());
    let mut pen = 0.0f32;
    let mut previous = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            pen += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(PxScale::from(size_px), point(pen, ascent)));
        pen += scaled.h_advance(id);
        previous = Some(id);
    }
    Line { glyphs, width: pen, ascent, descent }
}

/// Advance width of `text` set in the chart font (bold or regular) at
/// `size_px` (px).
pub fn width_px(bold: bool, size_px: f32, text: &str) -> f32 {
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    layout(&font_of(style), size_px, text).width
}

/// The chart font's line height (ascent to descent) per em: a size given
/// in pixels of line height over this is the em in pixels.
pub fn line_height_per_em() -> f32 {
    let font = font_of(FontStyle::Normal);
    font.height_unscaled() / font.units_per_em().unwrap_or(2048.0)
}

/// `text` broken at spaces into lines no wider than `max_px` when set in
/// the chart font at `size_px` (a word wider than that stands alone).
pub fn wrap_px(text: &str, bold: bool, size_px: f32, max_px: f32) -> Vec<String> {
    crate::text::wrap_where(text, |line| width_px(bold, size_px, line) <= max_px)
}

/// Calls `ink(x, y, coverage)` for every pixel of `line` in `font`,
/// relative to the line's top-left corner.
pub fn rasterise(font: &FontRef<'static>, line: &Line, mut ink: impl FnMut(i32, i32, f32)) {
    for glyph in &line.glyphs {
        if let Some(outlined) = font.outline_glyph(glyph.clone()) {
            let bounds = outlined.px_bounds();
            outlined
                .draw(|x, y, coverage| ink(bounds.min.x as i32 + x as i32, bounds.min.y as i32 + y as i32, coverage));
        }
    }
}

/// plotters' bitmap backend with text laid out by [`layout`].
pub struct ShapedBitmap<'a> {
    inner: BitMapBackend<'a>,
}

impl<'a> ShapedBitmap<'a> {
    /// A PNG of `size` pixels written to `path` when presented.
    pub fn new(path: &'a Path, size: (u32, u32)) -> Self {
        ShapedBitmap { inner: BitMapBackend::new(path, size) }
    }

    /// Drawing into `buffer` (RGB, `size` pixels), for tests.
    pub fn with_buffer(buffer: &'a mut [u8], size: (u32, u32)) -> Self {
        ShapedBitmap { inner: BitMapBackend::with_buffer(buffer, size) }
    }
}

type Failure<B> = DrawingErrorKind<<B as DrawingBackend>::ErrorType>;

impl<'a> DrawingBackend for ShapedBitmap<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure<Self>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failure<Self>> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure<Self>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure<Self>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure<Self>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure<Self>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure<Self>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure<Self>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), Failure<Self>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), Failure<Self>> {
        let line = layout(&font_of(style.style()), style.size() as f32, text);
        Ok((line.width.ceil() as u32, (line.ascent - line.descent).ceil() as u32))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failure<Self>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let font = font_of(style.style());
        let line = layout(&font, style.size() as f32, text);
        let (width, height) = (line.width.round() as i32, (line.ascent - line.descent).round() as i32);
        // The anchor, as plotters places it: on the line's box.
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        let mut result = Ok(());
        rasterise(&font, &line, |x, y, coverage| {
            let (x, y) = transform.transform(x + dx, y + dy);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if result.is_ok() && x >= 0 && y >= 0 && x < w as i32 && y < h as i32 && coverage > 0.0 {
                let pixel = BackendColor { alpha: colour.alpha * coverage.min(1.0) as f64, rgb: colour.rgb };
                result = self.inner.draw_pixel((x, y), pixel);
            }
        });
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    const SIZE: (u32, u32) = (900, 80);
    const PX: f32 = 48.0;

    /// The columns a string's ink should cover, from the font alone: each
    /// glyph's outline bounds at its pen position (advances and kerning),
    /// with no renderer in between.
    fn expected_columns(text: &str, left: i32) -> Vec<bool> {
        let font = font_of(FontStyle::Normal);
        let scaled = font.as_scaled(PxScale::from(PX));
        let mut columns = vec![false; SIZE.0 as usize];
        let (mut pen, mut previous) = (0.0f32, None);
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                pen += scaled.kern(p, id);
            }
            let glyph = id.with_scale_and_position(PxScale::from(PX), point(pen, scaled.ascent()));
            if let Some(outlined) = font.outline_glyph(glyph) {
                // Only pixels with real ink: the bounds are rounded outwards.
                let bounds = outlined.px_bounds();
                outlined.draw(|x, _, coverage| {
                    if coverage > 0.5 {
                        columns[(left + bounds.min.x as i32 + x as i32) as usize] = true;
                    }
                });
            }
            pen += scaled.h_advance(id);
            previous = Some(id);
        }
        columns
    }

    /// The columns with dark ink in an RGB buffer.
    fn inked_columns(buffer: &[u8]) -> Vec<bool> {
        let (w, h) = (SIZE.0 as usize, SIZE.1 as usize);
        (0..w).map(|x| (0..h).any(|y| buffer[(y * w + x) * 3] < 128)).collect()
    }

    fn mismatches(a: &[bool], b: &[bool]) -> usize {
        a.iter().zip(b).filter(|(x, y)| x != y).count()
    }

    fn render<DB: DrawingBackend>(backend: DB, text: &str) {
        super::super::style::register_fonts();
        let root = backend.into_drawing_area();
        root.fill(&WHITE).unwrap();
        let style = TextStyle::from(super::super::style::font(PX as f64)).color(&BLACK);
        root.draw_text(text, &style, (20, 10)).unwrap();
        root.present().unwrap();
    }

    #[test]
    fn vietnamese_letters_sit_where_the_font_puts_them() {
        for text in ["nghìn", "Quỳnh Nhai", "Sốp Cộp", "Mộc Châu"] {
            let mut buffer = vec![255u8; (SIZE.0 * SIZE.1 * 3) as usize];
            render(ShapedBitmap::with_buffer(&mut buffer, SIZE), text);
            let off = mismatches(&inked_columns(&buffer), &expected_columns(text, 20));
            assert!(off <= 2, "{text}: {off} columns of ink differ from the font's layout");
        }
        // plotters' own bitmap text drops each glyph's bearing: the check
        // above tells it apart (this is why the backend exists).
        let mut buffer = vec![255u8; (SIZE.0 * SIZE.1 * 3) as usize];
        render(BitMapBackend::with_buffer(&mut buffer, SIZE), "nghìn");
        let off = mismatches(&inked_columns(&buffer), &expected_columns("nghìn", 20));
        assert!(off > 4, "plotters' placement now matches the font ({off} columns); this backend may be dropped");
    }

    #[test]
    fn rotated_text_keeps_its_letters_together() {
        // The y-axis titles are drawn turned by 270°: the same columns become rows.
        let mut buffer = vec![255u8; (SIZE.1 * SIZE.0 * 3) as usize];
        {
            let root = ShapedBitmap::with_buffer(&mut buffer, (SIZE.1, SIZE.0)).into_drawing_area();
            root.fill(&WHITE).unwrap();
            let style = TextStyle::from(super::super::style::font(PX as f64))
                .color(&BLACK)
                .transform(plotters::style::FontTransform::Rotate270);
            root.draw_text("nghìn", &style, (10, SIZE.0 as i32 - 20)).unwrap();
            root.present().unwrap();
        }
        let (w, h) = (SIZE.1 as usize, SIZE.0 as usize);
        // Row r from the bottom holds what column r from the left held.
        let rows: Vec<bool> = (0..h).rev().map(|y| (0..w).any(|x| buffer[(y * w + x) * 3] < 128)).collect();
        let off = mismatches(&rows[..], &expected_columns("nghìn", 20 - 1)[..h]);
        assert!(off <= 3, "{off} rows differ from the font's layout");
    }
}
