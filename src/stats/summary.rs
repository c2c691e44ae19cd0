//! Summary statistics: percentiles (type 7), sample sd, Gini, and the
//! per-year summary of every indicator across replicates.

use super::indicators::ABSENT;

/// Percentile `p` (0–1) of sorted `values` by linear interpolation between
/// order statistics (the common "type 7" definition). [`ABSENT`] if empty.
pub fn percentile_sorted(values: &[f64], p: f64) -> f64 {
    match values.len() {
        0 => ABSENT,
        1 => values[0],
        n => {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            values[lo] + (h - lo as f64) * (values[hi] - values[lo])
        }
    }
}

/// Gini coefficient of sorted `values`, negatives taken as 0; [`ABSENT`]
/// when the total is 0.
pub fn gini_sorted(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mut total = 0.0;
    let mut weighted = 0.0;
    for (i, &v) in values.iter().enumerate() {
        let x = v.max(0.0);
        total += x;
        weighted += (i as f64 + 1.0) * x;
    }
    if total <= 0.0 {
        return ABSENT;
    }
    2.0 * weighted / (n * total) - (n + 1.0) / n
}

/// Mean, sample sd and the 5th, 25th, 50th, 75th and 95th percentiles of a
/// set of replicate values.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stat {
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1); 0 for one value.
    pub sd: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Replicates that had a value.
    pub n: usize,
}

impl Stat {
    /// Every statistic divided by `divisor` (to shown units; `n` kept).
    pub fn scaled(self, divisor: f64) -> Stat {
        Stat {
            mean: self.mean / divisor,
            sd: self.sd / divisor,
            p5: self.p5 / divisor,
            p25: self.p25 / divisor,
            p50: self.p50 / divisor,
            p75: self.p75 / divisor,
            p95: self.p95 / divisor,
            n: self.n,
        }
    }

    /// Summarises `values` (sorted in place; NaNs must be removed first).
    /// `None` when empty.
    pub fn of(values: &mut [f64]) -> Option<Stat> {
        let n = values.len();
        if n == 0 {
            return None;
        }
        values.sort_unstable_by(f64::total_cmp);
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        let q = |p| percentile_sorted(values, p);
        Some(Stat { mean, sd, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), n })
    }
}

/// `after − before`, replicate by replicate, where both have a value (NaN
/// marks none): how two runs that saw the same price shocks and weather
/// differ.
pub fn paired_differences(before: &[f64], after: &[f64]) -> Vec<f64> {
    before.iter().zip(after).filter(|(b, a)| !b.is_nan() && !a.is_nan()).map(|(b, a)| a - b).collect()
}

/// The mean of [`paired_differences`] and its standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedDifference {
    /// Mean difference (NaN with no pair).
    pub mean: f64,
    /// Its standard error (NaN with fewer than two pairs).
    pub standard_error: f64,
    /// Pairs: replicates where both have a value.
    pub pairs: usize,
}

impl PairedDifference {
    /// `after − before` over the replicates where both have a value.
    pub fn of(before: &[f64], after: &[f64]) -> PairedDifference {
        let mut differences = paired_differences(before, after);
        let pairs = differences.len();
        match Stat::of(&mut differences) {
            Some(stat) => PairedDifference {
                mean: stat.mean,
                standard_error: if pairs > 1 { stat.sd / (pairs as f64).sqrt() } else { f64::NAN },
                pairs,
            },
            None => PairedDifference { mean: f64::NAN, standard_error: f64::NAN, pairs },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_percentiles_match_hand_computation() {
        let v = [1.0, 2.0, 3.0, 4.0];
        // h = 3 × 0.25 = 0.75 → 1 + 0.75 × (2 − 1)
        assert!((percentile_sorted(&v, 0.25) - 1.75).abs() < 1e-12);
        assert_eq!(percentile_sorted(&v, 0.5), 2.5);
        assert_eq!(percentile_sorted(&v, 1.0), 4.0);
    }

    #[test]
    fn gini_of_equal_incomes_is_zero_and_of_one_earner_is_near_one() {
        assert!(gini_sorted(&[5.0, 5.0, 5.0]).abs() < 1e-12);
        let g = gini_sorted(&[-3.0, 0.0, 0.0, 10.0]);
        assert!((g - 0.75).abs() < 1e-12, "{g}");
    }

    #[test]
    fn stat_uses_the_sample_sd() {
        let s = Stat::of(&mut [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert_eq!(s.mean, 5.0);
        assert!((s.sd - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(Stat::of(&mut [3.0]).unwrap().sd, 0.0);
    }
}

/// Every indicator per (year, scope, key) summarised across replicates.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The layout of the records summarised.
    pub layout: super::indicators::Layout,
    /// Replicates summarised.
    pub replicates: usize,
    /// One entry per (year, scope, slot); `None` where no replicate had a value.
    pub cells: Vec<Option<Stat>>,
}

impl Summary {
    /// Summarises the records of a run held in memory.
    pub fn from_records(records: &super::records::RunRecords) -> Summary {
        Summary::from_values(records).expect("records in memory are always readable")
    }

    /// Summarises every replicate of `source`, a block of cells at a time
    /// (see [`super::replicate_values::cell_ranges`]), each block's cells in
    /// parallel. The result does not depend on the blocks: each cell's
    /// statistics are computed from all its replicates' values in order.
    pub fn from_values(source: &dyn super::replicate_values::ReplicateValues) -> std::io::Result<Summary> {
        Summary::from_values_in_blocks(source, super::replicate_values::BLOCK_VALUES)
    }

    /// [`Summary::from_values`] holding at most `block_values` values at once.
    pub fn from_values_in_blocks(
        source: &dyn super::replicate_values::ReplicateValues,
        block_values: usize,
    ) -> std::io::Result<Summary> {
        use super::replicate_values::{CellBlock, cell_ranges};
        use rayon::prelude::*;
        let layout = source.layout().clone();
        let replicates = source.replicates();
        let mut cells = Vec::with_capacity(layout.record_len());
        for range in cell_ranges(layout.record_len(), replicates, block_values) {
            let positions: Vec<usize> = range.collect();
            let block = CellBlock::load(source, &positions)?;
            cells.par_extend((0..positions.len()).into_par_iter().map_init(
                || Vec::with_capacity(replicates),
                |values: &mut Vec<f64>, column| {
                    values.clear();
                    values.extend(block.column(column).filter(|v| !v.is_nan()));
                    Stat::of(values)
                },
            ));
        }
        Ok(Summary { layout, replicates, cells })
    }

    /// The summary of `indicator` with key index `key` in year index `year`
    /// and scope `scope` (0 = province, 1 + z = zone z).
    pub fn get(&self, year: usize, scope: usize, indicator: super::indicators::Indicator, key: usize) -> Option<Stat> {
        self.cells[self.layout.index(year, scope, self.layout.slot(indicator, key))]
    }
}
