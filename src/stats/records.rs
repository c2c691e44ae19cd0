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
