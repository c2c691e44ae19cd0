//! Aligned text tables for the terminal.

use super::document::{Cell, Table};

/// A table of text cells; the first row is the header.
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    rows: Vec<Vec<String>>,
}

impl TextTable {
    /// A table with the given header.
    pub fn new(header: Vec<String>) -> Self {
        Self { rows: vec![header] }
    }

    /// Appends a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text: numbers right-aligned, text left-aligned.
    pub fn render(&self) -> String {
        let ncols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; ncols];
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for (r, row) in self.rows.iter().enumerate() {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let pad = widths[i] - cell.chars().count();
                if i > 0 {
                    line.push_str("  ");
                }
                if i == 0 || !looks_numeric(cell) {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                } else {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
            if r == 0 {
                let total: usize = widths.iter().sum::<usize>() + 2 * ncols.saturating_sub(1);
                out.push_str(&"─".repeat(total));
                out.push('\n');
            }
        }
        out
    }
}

fn looks_numeric(cell: &str) -> bool {
    cell.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '–')
}

/// `table` cut into tables of at most `per_block` value columns each, every
/// one with the first (label) column: for a terminal, where a long run's
/// plan periods do not fit side by side.
pub fn column_blocks(table: &Table, per_block: usize) -> Vec<Table> {
    let values = table.header.len().saturating_sub(1);
    let per_block = per_block.max(1);
    (0..values.div_ceil(per_block).max(1))
        .map(|b| {
            let columns = 1 + b * per_block..(1 + (b + 1) * per_block).min(table.header.len());
            let pick = |row: &[Cell]| -> Vec<Cell> {
                row.first().into_iter().chain(row.get(columns.clone()).unwrap_or_default()).cloned().collect()
            };
            let header = table.header.first().into_iter().chain(&table.header[columns.clone()]).cloned().collect();
            Table { header, rows: table.rows.iter().map(|r| pick(r)).collect() }
        })
        .collect()
}

/// A report [`Table`] for the terminal within `max_width` columns: each row
/// on two lines (the values, then their 5–95% ranges under them), numbers
/// right-aligned, long labels and headings wrapped.
pub fn report_table_text(table: &Table, max_width: usize) -> String {
    let columns = table.header.len();
    if columns == 0 {
        return String::new();
    }
    let chars = |s: &str| s.chars().count();
    let mut widths = vec![0usize; columns];
    for row in &table.rows {
        for (c, cell) in row.iter().enumerate().skip(1) {
            widths[c] = widths[c].max(chars(&cell.text)).max(cell.range.as_deref().map_or(0, chars));
        }
    }
    for (width, heading) in widths.iter_mut().zip(&table.header).skip(1) {
        // A heading stays on one line up to 20 characters, then wraps.
        let longest_word = heading.split_whitespace().map(chars).max().unwrap_or(0);
        *width = (*width).max(chars(heading).min(20)).max(longest_word).max(6);
    }
    let used: usize = widths[1..].iter().sum::<usize>() + 2 * (columns - 1);
    widths[0] = max_width.saturating_sub(used).max(16);
    let numeric: Vec<bool> =
        (0..columns).map(|c| c > 0 && table.rows.iter().any(|r| r.get(c).is_some_and(|cell| cell.numeric))).collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (c, text) in cells.iter().enumerate() {
            let pad = widths[c].saturating_sub(chars(text));
            if c > 0 {
                out.push_str("  ");
            }
            if numeric[c] {
                out.push_str(&" ".repeat(pad));
                out.push_str(text);
            } else {
                out.push_str(text);
                out.push_str(&" ".repeat(pad));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    // Lines of a row whose cells each wrap to several lines.
    let block = |cells: Vec<Vec<String>>| {
        let height = cells.iter().map(Vec::len).max().unwrap_or(0);
        (0..height)
            .map(|i| line(&cells.iter().map(|c| c.get(i).cloned().unwrap_or_default()).collect::<Vec<_>>()))
            .collect::<String>()
    };
    let mut out = block(table.header.iter().enumerate().map(|(c, h)| crate::text::wrap(h, widths[c])).collect());
    out.push_str(&"─".repeat(widths.iter().sum::<usize>() + 2 * (columns - 1)));
    out.push('\n');
    for row in &table.rows {
        let cells = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c == 0 {
                    crate::text::wrap(&cell.text, widths[0])
                } else {
                    std::iter::once(cell.text.clone()).chain(cell.range.clone()).collect()
                }
            })
            .collect();
        out.push_str(&block(cells));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_blocks_keep_the_labels_and_every_value_column_once() {
        let header: Vec<String> = ["Khoản mục", "a", "b", "c", "d", "e"].iter().map(|s| s.to_string()).collect();
        let row: Vec<Cell> = header.iter().map(|h| Cell::number(format!("{h}1"))).collect();
        let table = Table { header, rows: vec![row] };
        let blocks = column_blocks(&table, 2);
        let headers: Vec<Vec<&str>> = blocks.iter().map(|t| t.header.iter().map(String::as_str).collect()).collect();
        assert_eq!(headers, [vec!["Khoản mục", "a", "b"], vec!["Khoản mục", "c", "d"], vec!["Khoản mục", "e"]]);
        assert_eq!(blocks[2].rows[0].iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["Khoản mục1", "e1"]);
        assert_eq!(column_blocks(&table, 9).len(), 1);
    }

    #[test]
    fn a_report_table_fits_its_width_with_ranges_under_values() {
        let table = Table {
            header: vec!["Chỉ tiêu".into(), "Hiện trạng".into(), "Chênh lệch".into()],
            rows: vec![vec![
                Cell::label("Số hộ có thu nhập từ 200 triệu đồng/năm trở lên (hộ)"),
                Cell::with_range("12.345", "10.000–14.000"),
                Cell::with_range("+1.655", "+900–+2.400"),
            ]],
        };
        let text = report_table_text(&table, 60);
        assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let value = lines.iter().position(|l| l.contains("12.345")).unwrap();
        assert!(lines[value + 1].contains("10.000–14.000") && lines[value + 1].contains("+900–+2.400"), "{text}");
        assert!(lines[value].ends_with("+1.655"), "numbers are right-aligned: {text}");
    }
}
