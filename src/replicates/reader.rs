//! Reading `replicates.parquet` back: a row group at a time, so that the
//! summaries read every replicate of a block of cells without holding the
//! whole file, and `merge` copies shards' records in order.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use parquet::column::reader::get_typed_column_reader;
use parquet::data_type::{DoubleType, Int32Type};
use parquet::file::reader::{FileReader, SerializedFileReader};

use super::schema::{FIRST_REPLICATE_KEY, RECORD_LEN_KEY, REPLICATE_COLUMN, REPLICATES_KEY, RUN_KEY, VALUE_COLUMN};
use crate::stats::indicators::{ABSENT, Layout};
use crate::stats::replicate_values::ReplicateValues;

/// A `replicates.parquet` file, opened and checked against the layout of
/// the run it belongs to.
pub struct ReplicatesFile {
    path: PathBuf,
    reader: SerializedFileReader<File>,
    layout: Layout,
    first_replicate: u32,
    replicates: usize,
    /// Replicates in each row group.
    group_replicates: Vec<usize>,
    /// The run the records belong to, if the file says.
    run_key: Option<String>,
}

impl std::fmt::Debug for ReplicatesFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReplicatesFile({}, replicates {}+{})", self.path.display(), self.first_replicate, self.replicates)
    }
}

impl ReplicatesFile {
    /// Opens `path`, which must hold whole records of `layout`.
    pub fn open(path: &Path, layout: Layout) -> io::Result<ReplicatesFile> {
        let bad = |why: String| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {why}", path.display()));
        let file = File::open(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let reader = SerializedFileReader::new(file).map_err(|e| bad(format!("not a Parquet file ({e})")))?;
        let metadata = reader.metadata();
        let key = |name: &str| -> Option<u64> {
            metadata
                .file_metadata()
                .key_value_metadata()?
                .iter()
                .find(|kv| kv.key == name)?
                .value
                .as_deref()?
                .parse()
                .ok()
        };
        let (Some(record_len), Some(first), Some(replicates)) =
            (key(RECORD_LEN_KEY), key(FIRST_REPLICATE_KEY), key(REPLICATES_KEY))
        else {
            return Err(bad("not written by agroshift (its metadata is missing)".into()));
        };
        if record_len as usize != layout.record_len() {
            return Err(bad(format!(
                "its records have {record_len} numbers, the run's {}: written for another scenario or version",
                layout.record_len()
            )));
        }
        let mut group_replicates = Vec::with_capacity(metadata.num_row_groups());
        for group in metadata.row_groups() {
            let rows = group.num_rows() as usize;
            if !rows.is_multiple_of(layout.record_len()) {
                return Err(bad(format!("a row group of {rows} rows does not hold whole records")));
            }
            group_replicates.push(rows / layout.record_len());
        }
        if group_replicates.iter().sum::<usize>() != replicates as usize {
            return Err(bad(format!(
                "it says it holds {replicates} replicates but holds {}",
                group_replicates.iter().sum::<usize>()
            )));
        }
        let first_replicate =
            u32::try_from(first).map_err(|_| bad(format!("first replicate {first} is out of range")))?;
        let run_key = metadata
            .file_metadata()
            .key_value_metadata()
            .and_then(|kv| kv.iter().find(|kv| kv.key == RUN_KEY))
            .and_then(|kv| kv.value.clone());
        Ok(ReplicatesFile {
            path: path.to_path_buf(),
            reader,
            layout,
            first_replicate,
            replicates: replicates as usize,
            group_replicates,
            run_key,
        })
    }

    /// The first replicate held.
    pub fn first_replicate(&self) -> u32 {
        self.first_replicate
    }

    /// The run the records belong to ([`super::part::run_key`]), if the file says.
    pub fn run_key(&self) -> Option<&str> {
        self.run_key.as_deref()
    }

    /// Reads row group `group`'s records into `out` (replaced), absent
    /// values as [`ABSENT`], and checks their replicate numbers, the first
    /// being `first`.
    fn read_group(&self, group: usize, first: u32, out: &mut Vec<f64>) -> io::Result<()> {
        let bad = |why: String| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {why}", self.path.display()));
        let to_io = |e: parquet::errors::ParquetError| bad(e.to_string());
        let rows = self.group_replicates[group] * self.layout.record_len();
        let row_group = self.reader.get_row_group(group).map_err(to_io)?;

        let mut ids: Vec<i32> = Vec::with_capacity(rows);
        let mut column =
            get_typed_column_reader::<Int32Type>(row_group.get_column_reader(REPLICATE_COLUMN).map_err(to_io)?);
        while ids.len() < rows {
            let (records, _, _) = column.read_records(rows - ids.len(), None, None, &mut ids).map_err(to_io)?;
            if records == 0 {
                break;
            }
        }
        let n = self.layout.record_len();
        for (r, chunk) in ids.chunks(n).enumerate() {
            let expected = first as i64 + r as i64;
            if chunk.len() != n || chunk.iter().any(|&id| id as i64 != expected) {
                return Err(bad(format!("row group {group} does not hold replicate {expected} whole and in order")));
            }
        }

        let (mut levels, mut present): (Vec<i16>, Vec<f64>) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
        let mut column =
            get_typed_column_reader::<DoubleType>(row_group.get_column_reader(VALUE_COLUMN).map_err(to_io)?);
        while levels.len() < rows {
            let (records, _, _) =
                column.read_records(rows - levels.len(), Some(&mut levels), None, &mut present).map_err(to_io)?;
            if records == 0 {
                break;
            }
        }
        if levels.len() != rows || present.len() != levels.iter().filter(|&&l| l == 1).count() {
            return Err(bad(format!("row group {group} is cut short")));
        }
        out.clear();
        let mut values = present.into_iter();
        out.extend(levels.iter().map(|&l| if l == 1 { values.next().unwrap_or(ABSENT) } else { ABSENT }));
        Ok(())
    }

    /// Calls `each` with every record in replicate order.
    pub fn for_each_record(&self, each: &mut dyn FnMut(u32, &[f64]) -> io::Result<()>) -> io::Result<()> {
        let mut values = Vec::new();
        let mut first = self.first_replicate;
        for group in 0..self.group_replicates.len() {
            self.read_group(group, first, &mut values)?;
            for (r, record) in values.chunks(self.layout.record_len()).enumerate() {
                each(first + r as u32, record)?;
            }
            first += self.group_replicates[group] as u32;
        }
        Ok(())
    }
}

impl ReplicateValues for ReplicatesFile {
    fn layout(&self) -> &Layout {
        &self.layout
    }

    fn replicates(&self) -> usize {
        self.replicates
    }

    fn load_cells(&self, cells: &[usize], out: &mut Vec<f64>) -> io::Result<()> {
        self.for_each_record(&mut |_, record| {
            out.extend(cells.iter().map(|&c| record[c]));
            Ok(())
        })
    }
}
