//! A report's content, once: headings, paragraphs, tables and figures,
//! written out as `report.html` ([`Document::html`]) and as `report.docx`
//! ([`super::docx::docx`]), so that the two can never say different things.

use std::fmt::Write;

use super::html::escape;
use crate::scenario::Lang;

/// One piece of a report, in reading order.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading; level 1 is the report's title.
    Heading {
        /// 1 (title), 2 (section) or 3 (subsection).
        level: u8,
        /// Its words.
        text: String,
    },
    /// A paragraph of running text.
    Paragraph(String),
    /// A smaller, grey paragraph: how to read a table, the run's settings.
    Note(String),
    /// A bulleted list, one sentence per item.
    Bullets(Vec<String>),
    /// A table.
    Table(Table),
    /// A chart, drawn from `figures/NAME.svg` (HTML) or `figures/NAME.png`
    /// (Word).
    Figure(Figure),
}

/// A chart in a report.
#[derive(Debug, Clone)]
pub struct Figure {
    /// File stem under `figures/` (`land-use`).
    pub name: String,
    /// Its number in the report, from 1.
    pub number: usize,
    /// Title.
    pub title: String,
    /// What it shows and how to read it; may be empty.
    pub caption: String,
}

/// A table: a header row, then rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column headings.
    pub header: Vec<String>,
    /// Body rows, each as long as the header.
    pub rows: Vec<Vec<Cell>>,
}

/// One cell of a table body.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The main value or label.
    pub text: String,
    /// A 5–95% range shown smaller under the value, if any.
    pub range: Option<String>,
    /// Right-aligned as a number.
    pub numeric: bool,
}

impl Cell {
    /// A text cell (left-aligned).
    pub fn label(text: impl Into<String>) -> Self {
        Self { text: text.into(), range: None, numeric: false }
    }

    /// A number (right-aligned).
    pub fn number(text: impl Into<String>) -> Self {
        Self { text: text.into(), range: None, numeric: true }
    }

    /// A number with its 5–95% range under it.
    pub fn with_range(text: impl Into<String>, range: impl Into<String>) -> Self {
        Self { text: text.into(), range: Some(range.into()), numeric: true }
    }
}

/// A whole report: its title (the HTML page's window title), its language
/// and its blocks.
#[derive(Debug, Clone)]
pub struct Document {
    /// Title.
    pub title: String,
    /// The language its words are in (the page's `lang`, "Hình"/"Figure").
    pub lang: Lang,
    /// Content in reading order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// An empty document.
    pub fn new(title: impl Into<String>, lang: Lang) -> Self {
        Self { title: title.into(), lang, blocks: Vec::new() }
    }

    /// Adds a block.
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// Adds a heading.
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.push(Block::Heading { level, text: text.into() });
    }

    /// Adds a paragraph.
    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.push(Block::Paragraph(text.into()));
    }

    /// Adds a note.
    pub fn note(&mut self, text: impl Into<String>) {
        self.push(Block::Note(text.into()));
    }

    /// The document as one self-contained HTML page. `svg_of(name)` gives
    /// the SVG text of a figure.
    pub fn html(&self, svg_of: &dyn Fn(&str) -> String) -> String {
        let mut out = page_head(&self.title, self.lang);
        for block in &self.blocks {
            block_html(&mut out, block, self.lang, svg_of);
        }
        out.push_str("</body></html>\n");
        out
    }
}

/// The caption under a figure, as its label and its text: ("Hình 3.",
/// "Title. Caption").
pub fn figure_caption(figure: &Figure, lang: Lang) -> (String, String) {
    let label = format!("{} {}.", lang.pick("Hình", "Figure"), figure.number);
    let text = if figure.caption.is_empty() {
        format!("{}.", figure.title)
    } else {
        format!("{}. {}", figure.title, figure.caption)
    };
    (label, text)
}

fn block_html(out: &mut String, block: &Block, lang: Lang, svg_of: &dyn Fn(&str) -> String) {
    match block {
        Block::Heading { level, text } => {
            let _ = write!(out, "<h{level}>{}</h{level}>", escape(text));
        }
        Block::Paragraph(text) => {
            let _ = write!(out, "<p>{}</p>", escape(text));
        }
        Block::Note(text) => {
            let _ = write!(out, "<p class=\"meta\">{}</p>", escape(text));
        }
        Block::Bullets(items) => {
            out.push_str("<ul class=\"findings\">");
            for item in items {
                let _ = write!(out, "<li>{}</li>", escape(item));
            }
            out.push_str("</ul>");
        }
        Block::Table(table) => out.push_str(&table_html(table)),
        Block::Figure(figure) => {
            let svg = svg_of(&figure.name);
            let svg = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
            // Inline SVG needs no namespace; leaving it out keeps the file
            // free of anything that looks like an address.
            let svg = svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
            let (label, text) = figure_caption(figure, lang);
            let _ = write!(
                out,
                "<figure id=\"{}\">{svg}<figcaption><b>{}</b> {}</figcaption></figure>",
                escape(&figure.name),
                escape(&label),
                escape(&text)
            );
        }
    }
}

/// A table as HTML: numbers right-aligned, each range under its value.
pub fn table_html(table: &Table) -> String {
    let mut out = String::from("<table><thead><tr>");
    for h in &table.header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let class = if cell.numeric { " class=\"num\"" } else { "" };
            let _ = write!(out, "<td{class}>{}", escape(&cell.text));
            if let Some(range) = &cell.range {
                let _ = write!(out, "<br><span class=\"range\">{}</span>", escape(range));
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

const STYLE: &str = r#"
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #222; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 1.6em; border-bottom: 2px solid #2e7d32; padding-bottom: 0.2em; }
.meta { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; margin: 0.8em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; }
th { background: #eef5ee; text-align: left; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.range { color: #666; font-size: 0.85em; }
figure { margin: 1.2em 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; color: #444; margin-top: 0.3em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  @page { size: A4; margin: 15mm; }
}
"#;

/// The opening of a report page up to `<body>`: language, title and the
/// shared style sheet (screen and A4 print).
pub fn page_head(title: &str, lang: Lang) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        lang.pick("vi", "en"),
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_puts_each_range_under_its_value_and_escapes_text() {
        let table = Table {
            header: vec!["Chỉ tiêu".into(), "2030".into()],
            rows: vec![vec![Cell::label("a < b"), Cell::with_range("1,5", "1,0–2,0")]],
        };
        let html = table_html(&table);
        assert!(html.contains("<td>a &lt; b</td>"), "{html}");
        assert!(html.contains("<td class=\"num\">1,5<br><span class=\"range\">1,0–2,0</span></td>"), "{html}");
    }

    #[test]
    fn a_figure_is_numbered_in_the_page_language() {
        let mut doc = Document::new("T", Lang::Vi);
        doc.push(Block::Figure(Figure { name: "x".into(), number: 2, title: "Đất".into(), caption: String::new() }));
        let html = doc.html(&|_| "<?xml?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".into());
        assert!(html.contains("<figure id=\"x\"><svg></svg><figcaption><b>Hình 2.</b> Đất.</figcaption>"), "{html}");
        assert!(!html.contains("http"), "{html}");
    }
}
