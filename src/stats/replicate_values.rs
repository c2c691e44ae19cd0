//! Every replicate's record, read a block of cells at a time: what the
//! summaries, the budget and the findings are computed from, whether the
//! records are in memory ([`RunRecords`]) or on disk (`replicates.parquet`).
//! Reading by blocks keeps a run's memory bounded however many replicates
//! it has: only the cells summarised together are held for every replicate.

use std::io;

use super::indicators::Layout;
use super::records::RunRecords;

/// Values held at once by a summary pass (8 bytes each): 4 M values, 32 MB.
pub const BLOCK_VALUES: usize = 4 << 20;

/// The records of a run's replicates, readable by cells.
pub trait ReplicateValues: Sync {
    /// The layout of every record.
    fn layout(&self) -> &Layout;

    /// Replicates held, numbered from 0.
    fn replicates(&self) -> usize;

    /// Appends to `out` the values of `cells` (positions in a record) of
    /// every replicate: replicate 0's values of `cells` in order, then
    /// replicate 1's, and so on.
    fn load_cells(&self, cells: &[usize], out: &mut Vec<f64>) -> io::Result<()>;
}

impl ReplicateValues for RunRecords {
    fn layout(&self) -> &Layout {
        &self.layout
    }

    fn replicates(&self) -> usize {
        self.replicates
    }

    fn load_cells(&self, cells: &[usize], out: &mut Vec<f64>) -> io::Result<()> {
        for rep in 0..self.replicates {
            let record = self.replicate(rep);
            out.extend(cells.iter().map(|&c| record[c]));
        }
        Ok(())
    }
}

/// Some cells of every replicate's record, loaded together.
#[derive(Debug, Clone)]
pub struct CellBlock {
    /// Column of each record position in `values`; `u32::MAX` if not loaded.
    column_of_cell: Vec<u32>,
    /// Cells loaded.
    width: usize,
    /// Replicates loaded.
    replicates: usize,
    /// `replicates × width` values, replicate-major.
    values: Vec<f64>,
}

impl CellBlock {
    /// Loads `cells` (distinct record positions) of every replicate of `source`.
    pub fn load(source: &dyn ReplicateValues, cells: &[usize]) -> io::Result<CellBlock> {
        let mut column_of_cell = vec![u32::MAX; source.layout().record_len()];
        for (column, &cell) in cells.iter().enumerate() {
            column_of_cell[cell] = column as u32;
        }
        let mut values = Vec::with_capacity(cells.len() * source.replicates());
        source.load_cells(cells, &mut values)?;
        Ok(CellBlock { column_of_cell, width: cells.len(), replicates: source.replicates(), values })
    }

    /// Replicates loaded.
    pub fn replicates(&self) -> usize {
        self.replicates
    }

    /// The value of record position `cell` in replicate `rep`.
    ///
    /// Panics if `cell` was not loaded: a programming error of the caller.
    pub fn at(&self, rep: usize, cell: usize) -> f64 {
        let column = self.column_of_cell[cell];
        assert!(column != u32::MAX, "record position {cell} was not loaded");
        self.values[rep * self.width + column as usize]
    }

    /// The values of the loaded cell number `column` (in load order) of
    /// every replicate.
    pub fn column(&self, column: usize) -> impl Iterator<Item = f64> + '_ {
        (0..self.replicates).map(move |rep| self.values[rep * self.width + column])
    }
}

/// Contiguous ranges of record positions, each small enough that its
/// values for every replicate fit in `block_values` (at least one cell).
pub fn cell_ranges(
    record_len: usize,
    replicates: usize,
    block_values: usize,
) -> impl Iterator<Item = std::ops::Range<usize>> {
    let width = (block_values / replicates.max(1)).max(1);
    (0..record_len).step_by(width).map(move |start| start..(start + width).min(record_len))
}
