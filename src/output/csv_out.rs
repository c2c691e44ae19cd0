//! CSV that opens correctly in Excel: UTF-8 with a byte-order mark, so that
//! Vietnamese names show with their marks.

use std::io::Write;

/// The UTF-8 byte-order mark Excel looks for.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `header` and `rows` as CSV, BOM first, into `out`.
pub fn write_csv<W: Write>(
    out: W,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    let mut out = out;
    out.write_all(UTF8_BOM)?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// How CSV files are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvStyle {
    /// RFC 4180: `,` between fields, `.` before decimals; R, Python and
    /// Excel in English read it.
    #[default]
    Standard,
    /// For Excel with Vietnamese regional settings: `;` between fields and
    /// `,` before decimals, so that a double-click opens it in columns.
    Vietnamese,
}

/// A number as text: shortest exact form, with at most 6 decimals so that
/// spreadsheets show it cleanly.
pub fn number(v: f64) -> String {
    // Beyond 1.8e302 the scaling would overflow; such numbers have no
    // decimals worth rounding anyway.
    let rounded = if (v * 1e6).is_finite() { (v * 1e6).round() / 1e6 } else { v };
    if rounded == 0.0 { "0".to_string() } else { format!("{rounded}") }
}

/// Whether `field` is a number as the standard style writes it.
fn is_number(field: &str) -> bool {
    !field.is_empty() && field.parse::<f64>().is_ok()
}

/// `csv` (standard style, as every writer makes it) in `style`.
pub fn restyle(csv: &[u8], style: CsvStyle) -> Vec<u8> {
    if style == CsvStyle::Standard {
        return csv.to_vec();
    }
    let text = csv.strip_prefix(UTF8_BOM).unwrap_or(csv);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text);
    let mut out = UTF8_BOM.to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(&mut out);
        for record in reader.records().flatten() {
            let fields = record.iter().map(|f| if is_number(f) { f.replace('.', ",") } else { f.to_string() });
            // Writing to memory cannot fail.
            let _ = writer.write_record(fields.collect::<Vec<_>>());
        }
        let _ = writer.flush();
    }
    out
}

/// `csv` in the standard style, whichever style it was written in: a
/// first line with `;` and no `,` marks the Vietnamese style.
pub fn standardise(csv: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let text = csv.strip_prefix(UTF8_BOM).unwrap_or(csv);
    let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
    if !first.contains(&b';') || first.contains(&b',') {
        return std::borrow::Cow::Borrowed(csv);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(b';').from_reader(text);
    let mut out = UTF8_BOM.to_vec();
    {
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        for record in reader.records() {
            // A damaged line: the file is returned as it is, so that the
            // strict reader reports it with its line rather than a part of
            // the file being read as if it were whole.
            let Ok(record) = record else { return std::borrow::Cow::Borrowed(csv) };
            let fields = record.iter().map(|f| {
                let dotted = f.replace(',', ".");
                if is_number(&dotted) { dotted } else { f.to_string() }
            });
            let _ = writer.write_record(fields.collect::<Vec<_>>());
        }
        let _ = writer.flush();
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vietnamese_style_uses_semicolons_and_decimal_commas_and_reads_back() {
        let mut standard = Vec::new();
        let rows = vec![
            vec!["Sông Mã".to_string(), "2016".into(), "1234.5".into(), "-0.25".into(), "a, b".into()],
            vec!["province".to_string(), "2017".into(), "7".into(), "1e-7".into(), "".into()],
        ];
        write_csv(&mut standard, &["scope", "year", "mean", "sd", "note"], rows).unwrap();
        let vi = restyle(&standard, CsvStyle::Vietnamese);
        let text = String::from_utf8(vi[3..].to_vec()).unwrap();
        assert!(vi.starts_with(UTF8_BOM));
        assert_eq!(text.lines().next(), Some("scope;year;mean;sd;note"));
        assert_eq!(text.lines().nth(1), Some("Sông Mã;2016;1234,5;-0,25;a, b"));
        assert_eq!(standardise(&vi).as_ref(), standard.as_slice(), "read back, the same file");
        assert!(matches!(standardise(&standard), std::borrow::Cow::Borrowed(_)));
    }
}
