//! Writing `replicates.parquet` as replicates finish: a row group holds a
//! few replicates (about a million rows), written when its last replicate
//! arrives, so memory holds one row group whatever the run's size.

use std::io::{self, Write};
use std::ops::Range;

use parquet::basic::{Compression, Encoding};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;

use super::schema::{
    self, FIRST_REPLICATE_KEY, PROGRAM_KEY, RECORD_LEN_KEY, REPLICATES_KEY, RUN_KEY, SEED_KEY, UNITS_KEY,
};
use crate::output::results::{key_name, scope_name};
use crate::scenario::Scenario;
use crate::stats::indicators::{INDICATORS, Layout};
use crate::stats::records::RecordSink;

/// Rows (numbers) per row group, about: 8 MB of values.
pub const GROUP_ROWS: usize = 1 << 20;

/// Replicates per row group for records of `record_len` numbers. Row
/// groups start at multiples of it, counted from replicate 0, so a file
/// rewritten from shards is cut exactly as one written by a single run.
pub fn replicates_per_group(record_len: usize) -> u32 {
    (GROUP_ROWS / record_len.max(1)).max(1) as u32
}

/// The label columns of one record, the same for every replicate.
struct CellLabels {
    scope: Vec<ByteArray>,
    year: Vec<i32>,
    indicator: Vec<ByteArray>,
    key: Vec<ByteArray>,
}

impl CellLabels {
    fn of(scenario: &Scenario, layout: &Layout) -> CellLabels {
        let n = layout.record_len();
        let mut labels = CellLabels { scope: vec![], year: Vec::with_capacity(n), indicator: vec![], key: vec![] };
        let scopes: Vec<ByteArray> =
            (0..layout.scopes).map(|s| ByteArray::from(scope_name(scenario, s).as_str())).collect();
        for year in 0..layout.years {
            for scope in &scopes {
                for slot in 0..layout.slots() {
                    let (indicator, key) = layout.slot_owner(slot);
                    labels.scope.push(scope.clone());
                    labels.year.push(scenario.simulation.base_year + year as i32);
                    labels.indicator.push(ByteArray::from(crate::stats::indicators::info(indicator).name));
                    labels.key.push(ByteArray::from(key_name(scenario, indicator, key)));
                }
            }
        }
        labels
    }
}

/// Writes the records of replicates `replicates` of a run, in order.
pub struct ReplicatesWriter<W: Write + Send> {
    writer: Option<SerializedFileWriter<W>>,
    labels: CellLabels,
    record_len: usize,
    per_group: u32,
    replicates: Range<u32>,
    /// The replicate expected next.
    next: u32,
    /// Records of the row group being filled, one after the other.
    pending: Vec<f64>,
    /// The first replicate of `pending`.
    pending_first: u32,
    /// Scratch for one column of one replicate.
    replicate_ids: Vec<i32>,
    present: Vec<f64>,
    levels: Vec<i16>,
}

fn to_io(e: parquet::errors::ParquetError) -> io::Error {
    io::Error::other(e.to_string())
}

impl<W: Write + Send> ReplicatesWriter<W> {
    /// A writer of the records of `replicates` of a run of `scenario`
    /// whose records have `layout`, into `sink`.
    pub fn new(sink: W, scenario: &Scenario, layout: &Layout, replicates: Range<u32>) -> io::Result<Self> {
        let units: serde_json::Map<String, serde_json::Value> =
            INDICATORS.iter().map(|i| (i.name.to_string(), serde_json::Value::from(i.unit))).collect();
        let metadata = vec![
            KeyValue::new(UNITS_KEY.to_string(), serde_json::Value::Object(units).to_string()),
            KeyValue::new(RECORD_LEN_KEY.to_string(), layout.record_len().to_string()),
            KeyValue::new(FIRST_REPLICATE_KEY.to_string(), replicates.start.to_string()),
            KeyValue::new(REPLICATES_KEY.to_string(), replicates.len().to_string()),
            KeyValue::new(PROGRAM_KEY.to_string(), format!("agroshift {}", env!("CARGO_PKG_VERSION"))),
            KeyValue::new(RUN_KEY.to_string(), super::part::run_key(scenario)),
            KeyValue::new(SEED_KEY.to_string(), scenario.simulation.seed.to_string()),
        ];
        let properties = WriterProperties::builder()
            .set_created_by(format!("agroshift {}", env!("CARGO_PKG_VERSION")))
            .set_compression(Compression::SNAPPY)
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_column_dictionary_enabled(ColumnPath::from("value"), false)
            .set_column_encoding(ColumnPath::from("value"), Encoding::PLAIN)
            .set_key_value_metadata(Some(metadata))
            .build();
        let writer = SerializedFileWriter::new(sink, schema::schema(), properties.into()).map_err(to_io)?;
        let record_len = layout.record_len();
        Ok(ReplicatesWriter {
            writer: Some(writer),
            labels: CellLabels::of(scenario, layout),
            record_len,
            per_group: replicates_per_group(record_len),
            next: replicates.start,
            pending_first: replicates.start,
            replicates,
            pending: Vec::new(),
            replicate_ids: vec![0; record_len],
            present: Vec::with_capacity(record_len),
            levels: Vec::with_capacity(record_len),
        })
    }

    /// Takes the record of `replicate`, which must be the next one.
    pub fn push(&mut self, replicate: u32, record: &[f64]) -> io::Result<()> {
        if replicate != self.next || !self.replicates.contains(&replicate) || record.len() != self.record_len {
            return Err(io::Error::other(format!(
                "replicate {replicate} ({} numbers) given where replicate {} ({} numbers) was expected",
                record.len(),
                self.next,
                self.record_len
            )));
        }
        if self.pending.is_empty() {
            self.pending_first = replicate;
        }
        self.pending.extend_from_slice(record);
        self.next += 1;
        if self.next.is_multiple_of(self.per_group) || self.next == self.replicates.end {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the pending replicates as one row group.
    fn flush(&mut self) -> io::Result<()> {
        let Some(writer) = self.writer.as_mut() else { return Err(io::Error::other("the file is closed")) };
        let count = self.pending.len() / self.record_len;
        let mut group = writer.next_row_group().map_err(to_io)?;
        let mut column = 0;
        while let Some(mut col) = group.next_column().map_err(to_io)? {
            for r in 0..count {
                match column {
                    0 => col.typed::<ByteArrayType>().write_batch(&self.labels.scope, None, None),
                    1 => col.typed::<Int32Type>().write_batch(&self.labels.year, None, None),
                    2 => col.typed::<ByteArrayType>().write_batch(&self.labels.indicator, None, None),
                    3 => col.typed::<ByteArrayType>().write_batch(&self.labels.key, None, None),
                    4 => {
                        self.replicate_ids.fill((self.pending_first + r as u32) as i32);
                        col.typed::<Int32Type>().write_batch(&self.replicate_ids, None, None)
                    }
                    _ => {
                        let record = &self.pending[r * self.record_len..(r + 1) * self.record_len];
                        self.present.clear();
                        self.levels.clear();
                        for &v in record {
                            // Records hold only finite values or the absent marker.
                            self.levels.push(i16::from(!v.is_nan()));
                            if !v.is_nan() {
                                self.present.push(v);
                            }
                        }
                        col.typed::<DoubleType>().write_batch(&self.present, Some(&self.levels), None)
                    }
                }
                .map_err(to_io)?;
            }
            col.close().map_err(to_io)?;
            column += 1;
        }
        group.close().map_err(to_io)?;
        self.pending.clear();
        Ok(())
    }

    /// Writes the footer; every replicate must have been given.
    pub fn finish(mut self) -> io::Result<W> {
        if self.next != self.replicates.end {
            return Err(io::Error::other(format!(
                "the file was closed after replicate {} of {}..{}",
                self.next, self.replicates.start, self.replicates.end
            )));
        }
        let writer = self.writer.take().ok_or_else(|| io::Error::other("the file is closed"))?;
        writer.into_inner().map_err(to_io)
    }
}

impl<W: Write + Send> RecordSink for ReplicatesWriter<W> {
    fn accept(&mut self, replicate: u32, record: &[f64]) -> io::Result<()> {
        self.push(replicate, record)
    }
}
