//! What a run produces before it is summarised: every replicate's record of
//! its per-year indicators, one after the other.

use super::indicators::Layout;

/// The records of every replicate of a run.
#[derive(Debug, Clone)]
pub struct RunRecords {
    /// The layout of each record.
    pub layout: Layout,
    /// Replicates.
    pub replicates: usize,
    /// Records one after the other, replicate 0 first.
    pub values: Vec<f64>,
}

impl RunRecords {
    /// The record of replicate `rep`.
    pub fn replicate(&self, rep: usize) -> &[f64] {
        let n = self.layout.record_len();
        &self.values[rep * n..(rep + 1) * n]
    }
}

/// Takes replicates' records as a run finishes them, in replicate order.
pub trait RecordSink: Send {
    /// The record of replicate `replicate`.
    fn accept(&mut self, replicate: u32, record: &[f64]) -> std::io::Result<()>;
}

impl RecordSink for RunRecords {
    fn accept(&mut self, _replicate: u32, record: &[f64]) -> std::io::Result<()> {
        self.values.extend_from_slice(record);
        Ok(())
    }
}
