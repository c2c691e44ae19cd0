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
