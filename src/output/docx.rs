//! `report.docx`: a [`Document`] as a Word file (docx-rs), A4 portrait,
//! with real Word headings (so Word's navigation pane and table of contents
//! find them), real tables and the PNG charts.

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Pic, Run, RunFonts, Shading, SpecialIndentType,
    Style, StyleType, Table as WordTable, TableCell, TableRow, WidthType,
};

use std::io::{Cursor, Read, Write};

use super::document::{Block, Cell, Document, Table, figure_caption};
use crate::scenario::Lang;

/// A4 width and height in twentieths of a point.
const A4_TWIPS: (u32, u32) = (11_906, 16_838);
/// Page margins: 15 mm, as the HTML report prints.
const MARGIN_TWIPS: i32 = 850;
/// The width text and tables may take.
const TEXT_WIDTH_TWIPS: usize = A4_TWIPS.0 as usize - 2 * MARGIN_TWIPS as usize;
/// English Metric Units per twip (914,400 per inch, 1,440 twips per inch).
const EMU_PER_TWIP: u64 = 635;
/// A font every Word and LibreOffice has, with Vietnamese letters.
const FONT: &str = "Arial";
/// The green of the report's headings and table headers.
const GREEN: &str = "2E7D32";
const HEADER_FILL: &str = "EEF5EE";
const GREY: &str = "555555";

/// The document as the bytes of a `.docx` file, dated 1 January of
/// `created_year` (the scenario's base year, as the workbook is: the same
/// run gives the same file). `png_of(name)` gives the PNG bytes of a figure
/// (`None` leaves the figure out with its caption still in place).
pub fn docx(
    document: &Document,
    created_year: i32,
    png_of: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT);
    let mut word = Docx::new()
        .page_size(A4_TWIPS.0, A4_TWIPS.1)
        .page_margin(PageMargin::new().top(MARGIN_TWIPS).bottom(MARGIN_TWIPS).left(MARGIN_TWIPS).right(MARGIN_TWIPS))
        .default_fonts(fonts)
        .default_size(20)
        .add_style(heading_style(1, 34, "000000"))
        .add_style(heading_style(2, 26, GREEN))
        .add_style(heading_style(3, 22, "000000"));
    let mut image_number = 0;
    for block in &document.blocks {
        match block {
            Block::Heading { level, text } => {
                word = word.add_paragraph(
                    Paragraph::new()
                        .style(&format!("Heading{level}"))
                        .keep_next(true)
                        .add_run(Run::new().add_text(text)),
                );
            }
            Block::Paragraph(text) => word = word.add_paragraph(spaced().add_run(Run::new().add_text(text))),
            Block::Note(text) => {
                word = word.add_paragraph(spaced().add_run(Run::new().add_text(text).size(17).color(GREY)));
            }
            Block::Bullets(items) => {
                for item in items {
                    word = word.add_paragraph(
                        Paragraph::new()
                            .indent(Some(360), Some(SpecialIndentType::Hanging(360)), None, None)
                            .add_run(Run::new().add_text("•").add_tab().add_text(item)),
                    );
                }
            }
            Block::Table(table) => {
                word = word.add_table(word_table(table));
                // Word runs two tables together without a paragraph between.
                word = word.add_paragraph(Paragraph::new());
            }
            Block::Figure(figure) => {
                if let Some(png) = png_of(&figure.name) {
                    let Some((w, h)) = png_size(&png) else {
                        return Err(format!("figures/{}.png is not a PNG image", figure.name));
                    };
                    image_number += 1;
                    let width_emu = TEXT_WIDTH_TWIPS as u64 * EMU_PER_TWIP;
                    let height_emu = width_emu * u64::from(h) / u64::from(w.max(1));
                    // Our own ids: docx-rs would number pictures from a
                    // process-wide counter, and the same run must give the
                    // same bytes.
                    let pic = Pic::new_with_dimensions(png, w, h)
                        .size(width_emu as u32, height_emu as u32)
                        .id(format!("rIdImage{image_number}"));
                    word = word.add_paragraph(Paragraph::new().keep_next(true).add_run(Run::new().add_image(pic)));
                }
                let (label, text) = figure_caption(figure, document.lang);
                word = word.add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_text(label).bold().size(18).color("444444"))
                        .add_run(Run::new().add_text(format!(" {text}")).size(18).color("444444")),
                );
            }
        }
    }
    let mut bytes = Cursor::new(Vec::new());
    word.build().pack(&mut bytes).map_err(|e| e.to_string())?;
    with_language_and_author(bytes.into_inner(), document, created_year).map_err(|e| e.to_string())
}

/// The language tag Word reads for the document's words.
fn language_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi-VN",
        Lang::En => "en-GB",
    }
}

/// docx-rs writes neither a language nor an author ("unknown", dated 1970):
/// the packed file with two parts rewritten. The default run properties say
/// the document's language, without which Word checks Vietnamese against
/// the spelling of its own language and underlines nearly every word;
/// `docProps/core.xml` gives the title, agroshift as author, the language
/// and the date. Every other part is copied as packed.
fn with_language_and_author(
    packed: Vec<u8>,
    document: &Document,
    created_year: i32,
) -> zip::result::ZipResult<Vec<u8>> {
    let tag = language_tag(document.lang);
    let mut archive = zip::ZipArchive::new(Cursor::new(packed))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed time on every part: the same document gives the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i)?.name()?.to_string();
        let text = match name.as_str() {
            "word/styles.xml" => {
                let mut styles = String::new();
                archive.by_index(i)?.read_to_string(&mut styles)?;
                // Last in the run properties, where the schema puts it.
                let defaults = "</w:rPr></w:rPrDefault>";
                if !styles.contains(defaults) {
                    return Err(zip::result::ZipError::InvalidArchive(
                        "styles.xml without default run properties".into(),
                    ));
                }
                styles.replacen(defaults, &format!("<w:lang w:val=\"{tag}\" /></w:rPr></w:rPrDefault>"), 1)
            }
            "docProps/core.xml" => core_properties(&document.title, tag, created_year),
            "word/document.xml" => {
                let mut body = String::new();
                archive.by_index(i)?.read_to_string(&mut body)?;
                with_repeated_headers(&body)
            }
            _ => {
                out.raw_copy_file(archive.by_index_raw(i)?)?;
                continue;
            }
        };
        out.start_file(name, options)?;
        out.write_all(text.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// Every table's first row (its header, see `word_table`) marked to be
/// repeated at the top of each page the table runs onto: a key table
/// broken over two pages read as columns of numbers without their years.
/// docx-rs cannot say it; every row it writes opens its properties with
/// `<w:cantSplit />`, so the first after each `<w:tbl>` is the header's.
fn with_repeated_headers(body: &str) -> String {
    const ROW_PROPERTIES: &str = "<w:trPr><w:cantSplit />";
    let mut out = String::with_capacity(body.len() + 64);
    let mut tables = body.split("<w:tbl>");
    out.push_str(tables.next().unwrap_or_default());
    for table in tables {
        out.push_str("<w:tbl>");
        out.push_str(&table.replacen(ROW_PROPERTIES, "<w:trPr><w:cantSplit /><w:tblHeader />", 1));
    }
    out
}

/// `docProps/core.xml`: what Word shows under File › Info.
fn core_properties(title: &str, tag: &str, created_year: i32) -> String {
    let date = format!("{created_year:04}-01-01T00:00:00Z");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>agroshift</dc:creator><cp:lastModifiedBy>agroshift</cp:lastModifiedBy>\
         <dc:language>{tag}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>\
         <cp:revision>1</cp:revision></cp:coreProperties>",
        super::html::escape(title)
    )
}

/// A paragraph with a little room after it, as on the HTML page.
fn spaced() -> Paragraph {
    Paragraph::new().line_spacing(LineSpacing::new().after(100))
}

fn heading_style(level: u8, half_points: usize, colour: &str) -> Style {
    let before = [0, 120, 360, 240][usize::from(level.min(3))];
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .line_spacing(LineSpacing::new().before(before).after(80))
        .name(format!("Heading {level}"))
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .outline_lvl(usize::from(level - 1))
        .size(half_points)
        .color(colour)
        .bold()
}

/// Width of one character of table text (8.5 pt) and of a range under it
/// (6.5 pt), and a cell's left and right padding, in twips: enough for the
/// widest of the fonts a reader may have in place of Arial (DejaVu Sans).
const CHAR_TWIPS: usize = 110;
const RANGE_CHAR_TWIPS: usize = 85;
const CELL_PADDING_TWIPS: usize = 240;
/// The narrowest a text column is squeezed to before numbers give way.
const MIN_LABEL_TWIPS: usize = 1_800;
/// The longest word a column is widened for (a longer one, a path or a
/// key, may break).
const MAX_WORD_CHARS: usize = 24;

/// Column widths that together take the text width: number columns as wide
/// as their widest value or range, so that a range never wraps; text
/// columns share the rest, each at least its longest word, the rest by the
/// length of its typical cell (a long label wraps rather than squeezing the
/// numbers).
fn column_widths(table: &Table) -> Vec<usize> {
    let columns = table.header.len().max(1);
    let chars = |s: &str| s.chars().count();
    let cells = |c: usize| table.rows.iter().filter_map(move |r| r.get(c));
    let numeric: Vec<bool> = (0..columns).map(|c| c > 0 && cells(c).any(|cell| cell.numeric)).collect();
    // Headings are bold, a little wider than the digits measured: one
    // character more, or a period "2016–2020" broke at its dash.
    let heading_word =
        |c: usize| table.header.get(c).map_or(0, |h| h.split_whitespace().map(chars).max().map_or(0, |n| n + 1));
    let need: Vec<usize> = (0..columns)
        .map(|c| {
            let widest = if numeric[c] {
                cells(c)
                    .map(|cell| {
                        (chars(&cell.text) * CHAR_TWIPS).max(cell.range.as_deref().map_or(0, chars) * RANGE_CHAR_TWIPS)
                    })
                    .max()
                    .unwrap_or(0)
            } else {
                cells(c).map(|cell| chars(&cell.text).min(60)).max().unwrap_or(0) * CHAR_TWIPS
            };
            widest.max(heading_word(c) * CHAR_TWIPS) + CELL_PADDING_TWIPS
        })
        .collect();
    // Number columns alike, as wide as the widest of them.
    let widest_number = (0..columns).filter(|&c| numeric[c]).map(|c| need[c]).max().unwrap_or(0);
    let need: Vec<usize> = (0..columns).map(|c| if numeric[c] { widest_number } else { need[c] }).collect();
    let number_total: usize = (0..columns).filter(|&c| numeric[c]).map(|c| need[c]).sum();
    let text_need: usize = (0..columns).filter(|&c| !numeric[c]).map(|c| need[c]).sum();
    let text_columns = (0..columns).filter(|&c| !numeric[c]).count();
    // A text column never narrower than its longest word (a word broken
    // in the middle, "Tha/m/số", reads as nonsense), and sharing the rest
    // by the length of its typical cell, so that a column of short values
    // beside a few long ones does not take a long label's room.
    let words = |text: &str| text.split_whitespace().map(chars).max().unwrap_or(0);
    let word_need: Vec<usize> = (0..columns)
        .map(|c| {
            let longest = cells(c).map(|cell| words(&cell.text)).chain([heading_word(c)]).max().unwrap_or(0);
            longest.min(MAX_WORD_CHARS) * CHAR_TWIPS + CELL_PADDING_TWIPS
        })
        .collect();
    let typical: Vec<usize> = (0..columns)
        .map(|c| {
            let (sum, count) = cells(c).fold((0, 0), |(s, n), cell| (s + chars(&cell.text).min(60), n + 1));
            (sum / count.max(1)).max(heading_word(c)).max(1)
        })
        .collect();
    let floor_total: usize = (0..columns).filter(|&c| !numeric[c]).map(|c| word_need[c]).sum();
    let typical_total: usize = (0..columns).filter(|&c| !numeric[c]).map(|c| typical[c]).sum();
    // Text wraps, numbers should not: the text columns take what the
    // numbers leave, while that is at least a label's worth each.
    let text_room = TEXT_WIDTH_TWIPS.saturating_sub(number_total);
    let mut widths: Vec<usize> = if text_need > 0 && text_room >= text_columns * MIN_LABEL_TWIPS.min(text_need) {
        (0..columns)
            .map(|c| {
                if numeric[c] {
                    need[c]
                } else if text_room >= floor_total {
                    // No wider than its widest cell needs; what that leaves
                    // goes to the column that wraps most, below.
                    let spare = text_room - floor_total;
                    (word_need[c] + spare * typical[c] / typical_total).min(need[c].max(word_need[c]))
                } else {
                    // Words longer than the room (a label beside many
                    // years): the numbers keep their width, the words
                    // share what is left.
                    text_room * word_need[c] / floor_total
                }
            })
            .collect()
    } else {
        let total: usize = need.iter().sum::<usize>().max(1);
        need.iter().map(|n| TEXT_WIDTH_TWIPS * n / total).collect()
    };
    // What is left goes to the text column that wraps most.
    let left = TEXT_WIDTH_TWIPS - widths.iter().sum::<usize>();
    let wrapping =
        (0..columns).filter(|&c| !numeric[c]).max_by_key(|&c| need[c].saturating_sub(widths[c])).unwrap_or(0);
    widths[wrapping] += left;
    widths
}

fn word_table(table: &Table) -> WordTable {
    let widths = column_widths(table);
    // A column of numbers has its heading (a year) over its right edge, where the numbers end.
    let numeric = |col: usize| table.rows.first().and_then(|r| r.get(col)).is_some_and(|cell| cell.numeric);
    let header = TableRow::new(
        table
            .header
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(col, (h, &w))| {
                let align = if numeric(col) { AlignmentType::Right } else { AlignmentType::Left };
                TableCell::new()
                    .width(w, WidthType::Dxa)
                    .shading(Shading::new().fill(HEADER_FILL))
                    .add_paragraph(Paragraph::new().align(align).add_run(Run::new().add_text(h).bold().size(17)))
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for row in &table.rows {
        rows.push(TableRow::new(row.iter().zip(&widths).map(|(cell, &w)| word_cell(cell, w)).collect()).cant_split());
    }
    WordTable::new(rows).set_grid(widths).width(TEXT_WIDTH_TWIPS, WidthType::Dxa)
}

fn word_cell(cell: &Cell, width: usize) -> TableCell {
    let align = if cell.numeric { AlignmentType::Right } else { AlignmentType::Left };
    let mut run = Run::new().add_text(&cell.text).size(17);
    if let Some(range) = &cell.range {
        run = run.add_break(BreakType::TextWrapping);
        let paragraph =
            Paragraph::new().align(align).add_run(run).add_run(Run::new().add_text(range).size(14).color("595959"));
        return TableCell::new().width(width, WidthType::Dxa).add_paragraph(paragraph);
    }
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(Paragraph::new().align(align).add_run(run))
}

/// Width and height of a PNG image in pixels, from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];
    if png.len() < 24 || png[..8] != SIGNATURE || &png[12..16] != b"IHDR" {
        return None;
    }
    let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    Some((word(16), word(20)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_widths_fill_the_text_width_and_follow_the_text() {
        for columns in 1..9 {
            let table = Table {
                header: (0..columns).map(|c| format!("{c}")).collect(),
                rows: vec![
                    (0..columns)
                        .map(|c| {
                            if c == 0 {
                                Cell::label("a long label of forty characters, or so")
                            } else {
                                Cell::number("1")
                            }
                        })
                        .collect(),
                ],
            };
            let widths = column_widths(&table);
            assert_eq!(widths.len(), columns);
            assert_eq!(widths.iter().sum::<usize>(), TEXT_WIDTH_TWIPS, "{widths:?}");
            assert!(widths.iter().all(|&w| w <= widths[0]), "the label is the widest: {widths:?}");
            assert!(widths.iter().skip(1).all(|&w| w >= CHAR_TWIPS + CELL_PADDING_TWIPS), "{widths:?}");
        }
    }

    #[test]
    fn a_long_word_beside_many_numbers_leaves_the_numbers_their_width() {
        let mut row = vec![Cell::label("Diện tích cây ăn quả chuyển đổi (nghìn_ha_đã_trồng_mới_cộng_dồn)")];
        row.extend((0..5).map(|_| Cell::with_range("112.345", "110.111–140.999")));
        let table = Table { header: (0..6).map(|c| format!("{c}")).collect(), rows: vec![row] };
        let widths = column_widths(&table);
        assert_eq!(widths.iter().sum::<usize>(), TEXT_WIDTH_TWIPS, "{widths:?}");
        let range = "110.111–140.999".chars().count() * RANGE_CHAR_TWIPS;
        assert!(widths[1..].iter().all(|&w| w >= range + CELL_PADDING_TWIPS), "ranges do not wrap: {widths:?}");
    }

    #[test]
    fn no_text_column_breaks_a_word_and_short_values_leave_room_to_labels() {
        // The report's assumptions: section, setting, value, source.
        let row = |value: &str, source: &str| {
            vec![
                Cell::label("Tham số"),
                Cell::label("Hệ số chiều dài và độ dốc sườn (LS, RUSLE) theo cấp độ dốc [ls_S3]"),
                Cell::label(value),
                Cell::label(source),
            ]
        };
        let mut rows: Vec<Vec<Cell>> = (0..30).map(|_| row("9,1", "ước tính")).collect();
        rows.push(row("Nhãn ghép 40%, Xoài ghép 40%, Mận hậu ghép 20% of the converted area", "RUSLE (McCool)"));
        let table =
            Table { header: ["Mục", "Thiết lập", "Giá trị", "Nguồn"].map(String::from).to_vec(), rows };
        let widths = column_widths(&table);
        assert_eq!(widths.iter().sum::<usize>(), TEXT_WIDTH_TWIPS, "{widths:?}");
        assert!(widths[0] >= "Tham".len() * CHAR_TWIPS + CELL_PADDING_TWIPS, "'Tham' on one line: {widths:?}");
        assert!(widths[2] < widths[1], "one long value does not make its column the labels' width: {widths:?}");
        assert!(widths[3] >= "(McCool)".len() * CHAR_TWIPS + CELL_PADDING_TWIPS, "{widths:?}");
    }

    /// The first bytes of a PNG image of `width` × `height` pixels: as far
    /// as its header, all that `png_size` and the docx writer read.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13];
        png.extend(b"IHDR");
        png.extend(width.to_be_bytes());
        png.extend(height.to_be_bytes());
        png
    }

    #[test]
    fn the_same_document_gives_the_same_bytes_twice_in_one_process() {
        // docx-rs numbers pictures and paragraphs from counters that live
        // as long as the process; the file must not depend on them.
        let png = png_header(16, 10);
        let mut doc = Document::new("T", crate::scenario::Lang::Vi);
        doc.heading(1, "Tiêu đề");
        doc.push(Block::Figure(super::super::document::Figure {
            name: "x".into(),
            number: 1,
            title: "Hình".into(),
            caption: String::new(),
        }));
        doc.push(Block::Table(Table { header: vec!["a".into()], rows: vec![vec![Cell::label("b")]] }));
        let png_of = |_: &str| Some(png.clone());
        let first = docx(&doc, 2016, &png_of).unwrap();
        let second = docx(&doc, 2016, &png_of).unwrap();
        assert!(first == second, "two builds of one document differ");
        assert!(first.starts_with(b"PK"), "a zip archive");
    }

    #[test]
    fn every_tables_header_row_repeats_on_each_page() {
        let body = "<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>\
                    <w:p/><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl></w:body>";
        let marked = with_repeated_headers(body);
        assert_eq!(marked.matches("<w:tblHeader />").count(), 2, "{marked}");
        assert!(marked.starts_with("<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr>"));
    }

    #[test]
    fn word_is_told_the_language_author_title_and_date() {
        let read = |bytes: &[u8], part: &str| {
            let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
            let mut text = String::new();
            archive.by_name(part).unwrap().read_to_string(&mut text).unwrap();
            (text, archive.len())
        };
        for (lang, tag) in [(Lang::Vi, "vi-VN"), (Lang::En, "en-GB")] {
            let mut doc = Document::new("Sơn La: A & B", lang);
            doc.heading(1, "Tiêu đề");
            let bytes = docx(&doc, 2016, &|_: &str| None).unwrap();
            let (styles, parts) = read(&bytes, "word/styles.xml");
            let defaults = styles.split("<w:rPrDefault>").nth(1).unwrap().split("</w:rPrDefault>").next().unwrap();
            assert!(defaults.ends_with(&format!("<w:lang w:val=\"{tag}\" /></w:rPr>")), "{defaults}");
            let (core, _) = read(&bytes, "docProps/core.xml");
            for wanted in [
                "<dc:title>Sơn La: A &amp; B</dc:title>".to_string(),
                "<dc:creator>agroshift</dc:creator>".into(),
                format!("<dc:language>{tag}</dc:language>"),
                "\">2016-01-01T00:00:00Z</dcterms:created>".into(),
            ] {
                assert!(core.contains(&wanted), "{wanted} in {core}");
            }
            assert!(roxmltree::Document::parse(&core).is_ok(), "well-formed: {core}");
            // Every part is still there, the document itself unchanged.
            let (body, _) = read(&bytes, "word/document.xml");
            assert!(body.contains("Tiêu đề") && parts > 10, "{parts} parts");
        }
    }

    #[test]
    fn a_png_header_gives_its_size_and_other_bytes_none() {
        assert_eq!(png_size(&png_header(1600, 900)), Some((1600, 900)));
        assert_eq!(png_size(b"<svg></svg> and more bytes here"), None);
    }
}
