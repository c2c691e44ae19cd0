//! Sorting household incomes once a year, fast and without allocating.
//! Incomes become order-preserving 64-bit keys; one scatter splits them by
//! their top 16 bits (sign, exponent and four bits of mantissa), so that
//! each split (at most about 11,000 of the full province's 240,000 incomes)
//! fits the core's cache; there each split is ordered by its next 16 bits
//! in two byte passes (an LSD radix sort) and by the rest in an insertion
//! pass, which touches only the rare keys whose top 32 bits tie. A stable
//! scatter by group then yields each zone's incomes in order too.
//!
//! Four byte passes over the whole province (the sort before this one)
//! took 1.47 times as long on the incomes of a full-province run, because
//! every pass went through memory beyond the core's cache.

/// Maps an `f64` to a `u64` whose unsigned order is `f64::total_cmp`'s order.
#[inline]
fn order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | (1 << 63) }
}

#[inline]
fn from_order_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// The key's top bits that split the keys: sign, exponent and four bits
/// of mantissa, so that an octave of incomes spreads over 16 splits.
const SPLIT_SHIFT: u32 = 48;
const SPLITS: usize = 1 << (64 - SPLIT_SHIFT);
/// The two byte digits that order a split, least significant first.
const DIGIT_SHIFTS: [u32; 2] = [32, 40];
const BUCKETS: usize = 256;
/// Splits up to this size are ordered by insertion alone: cheaper than
/// two passes' histograms of 256 counters each.
const INSERTION_MAX: usize = 48;

#[inline]
fn digit(key: u64, shift: u32) -> usize {
    ((key >> shift) as usize) & (BUCKETS - 1)
}

/// Buffers for sorting `n` values tagged with a group (zone), reused every year.
#[derive(Debug, Clone)]
pub struct GroupedSorter {
    keys: Vec<u64>,
    tags: Vec<u16>,
    spare_keys: Vec<u64>,
    spare_tags: Vec<u16>,
    /// Count, then start, then end of each split in the spare buffers.
    split_ends: Vec<u32>,
    next: Vec<usize>,
}

impl GroupedSorter {
    /// Buffers for `n` values.
    pub fn new(n: usize) -> Self {
        Self {
            keys: vec![0; n],
            tags: vec![0; n],
            spare_keys: vec![0; n],
            spare_tags: vec![0; n],
            split_ends: vec![0; SPLITS],
            next: Vec::new(),
        }
    }

    /// Sorts `values` (grouped contiguously: group `g` occupies
    /// `group_starts[g]..group_starts[g + 1]`). On return `all_sorted` holds
    /// every value in ascending order and `by_group` holds each group's
    /// values in ascending order at the group's positions.
    pub fn sort(&mut self, values: &[f64], group_starts: &[usize], all_sorted: &mut [f64], by_group: &mut [f64]) {
        let n = values.len();
        assert!(n < u32::MAX as usize, "at most 2³² − 1 values");
        let ends = &mut self.split_ends;
        ends.fill(0);
        let keys = &mut self.keys[..n];
        for (key, &v) in keys.iter_mut().zip(values) {
            *key = order_key(v);
            ends[(*key >> SPLIT_SHIFT) as usize] += 1;
        }
        for g in 0..group_starts.len() - 1 {
            self.tags[group_starts[g]..group_starts[g + 1]].fill(g as u16);
        }
        let mut offset = 0u32;
        for c in ends.iter_mut() {
            let here = *c;
            *c = offset;
            offset += here;
        }
        // The split: into the spare buffers, stably.
        let (split_keys, split_tags) = (&mut self.spare_keys[..n], &mut self.spare_tags[..n]);
        for (&k, &tag) in keys.iter().zip(&self.tags[..n]) {
            let slot = &mut ends[(k >> SPLIT_SHIFT) as usize];
            split_keys[*slot as usize] = k;
            split_tags[*slot as usize] = tag;
            *slot += 1;
        }
        // Each split in order, in place, with the main buffers as scratch.
        let (scratch_keys, scratch_tags) = (&mut self.keys[..n], &mut self.tags[..n]);
        let mut start = 0;
        for &end in ends.iter() {
            let range = start..end as usize;
            start = end as usize;
            match range.len() {
                0 | 1 => {}
                len if len <= INSERTION_MAX => insertion_sort(&mut split_keys[range.clone()], &mut split_tags[range]),
                _ => order_split(
                    (&mut split_keys[range.clone()], &mut split_tags[range.clone()]),
                    (&mut scratch_keys[range.clone()], &mut scratch_tags[range]),
                ),
            }
            if start == n {
                break;
            }
        }
        // Allocates on the first year only; later years reuse the capacity.
        self.next.clear();
        self.next.extend_from_slice(&group_starts[..group_starts.len() - 1]);
        let next = &mut self.next;
        for ((slot, &key), &group) in all_sorted.iter_mut().zip(split_keys.iter()).zip(split_tags.iter()) {
            let v = from_order_key(key);
            *slot = v;
            by_group[next[group as usize]] = v;
            next[group as usize] += 1;
        }
    }
}

/// Orders one split (keys that share their top 16 bits) in place: two
/// stable byte passes through `scratch` on bits 32–47, then an insertion
/// pass for the keys whose top 32 bits tie.
fn order_split((keys, tags): (&mut [u64], &mut [u16]), (scratch_keys, scratch_tags): (&mut [u64], &mut [u16])) {
    let mut counts = [[0u32; BUCKETS]; 2];
    for &k in keys.iter() {
        counts[0][digit(k, DIGIT_SHIFTS[0])] += 1;
        counts[1][digit(k, DIGIT_SHIFTS[1])] += 1;
    }
    for c in &mut counts {
        let mut offset = 0u32;
        for slot in c.iter_mut() {
            let here = *slot;
            *slot = offset;
            offset += here;
        }
    }
    let [low, high] = &mut counts;
    for (&k, &tag) in keys.iter().zip(tags.iter()) {
        let slot = &mut low[digit(k, DIGIT_SHIFTS[0])];
        scratch_keys[*slot as usize] = k;
        scratch_tags[*slot as usize] = tag;
        *slot += 1;
    }
    for (&k, &tag) in scratch_keys.iter().zip(scratch_tags.iter()) {
        let slot = &mut high[digit(k, DIGIT_SHIFTS[1])];
        keys[*slot as usize] = k;
        tags[*slot as usize] = tag;
        *slot += 1;
    }
    insertion_sort(keys, tags);
}

/// Insertion sort of `keys`, moving `tags` alongside: quadratic in general,
/// linear on keys already ordered but for neighbours out of place.
fn insertion_sort(keys: &mut [u64], tags: &mut [u16]) {
    for i in 1..keys.len() {
        if keys[i] < keys[i - 1] {
            let (key, tag) = (keys[i], tags[i]);
            let mut at = i;
            while at > 0 && keys[at - 1] > key {
                keys[at] = keys[at - 1];
                tags[at] = tags[at - 1];
                at -= 1;
            }
            keys[at] = key;
            tags[at] = tag;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorts `values` grouped by `starts` and checks the whole and every
    /// group against the standard library's sort by `f64::total_cmp`.
    fn assert_sorts_like_total_cmp(values: &[f64], starts: &[usize]) {
        let mut sorter = GroupedSorter::new(values.len());
        let (mut all, mut grouped) = (vec![0.0; values.len()], vec![0.0; values.len()]);
        sorter.sort(values, starts, &mut all, &mut grouped);
        let sorted = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_by(f64::total_cmp);
            v
        };
        assert_eq!(all, sorted(values));
        for g in 0..starts.len() - 1 {
            let group = starts[g]..starts[g + 1];
            assert_eq!(grouped[group.clone()], sorted(&values[group])[..], "group {g}");
        }
    }

    #[test]
    fn sorts_like_total_cmp_overall_and_within_groups() {
        assert_sorts_like_total_cmp(&[3.5, -1.0, 1e12, 0.0, -7e9, 2.0, 2.0, -0.5, 9.0], &[0, 4, 9]);
    }

    /// Values whose top 32 bits tie are ordered by the insertion pass.
    #[test]
    fn orders_values_that_differ_only_in_their_low_bits() {
        let base = 123_456_789.0_f64.to_bits();
        let values: Vec<f64> = [7u64, 1, 5, 0, 3, 2].iter().map(|&d| f64::from_bits(base + d)).collect();
        assert_sorts_like_total_cmp(&values, &[0, 2, 6]);
    }

    /// Thousands of values in one octave (a few large splits), with ties
    /// in their top 32 bits: the byte passes and the insertion pass both work.
    #[test]
    fn orders_large_splits_with_ties() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(11);
        let mut values: Vec<f64> = (0..6000).map(|_| 1.0e8 + rng.random::<f64>() * 5.0e6).collect();
        for i in 0..200 {
            values[i * 30] = f64::from_bits(values[i * 30 + 1].to_bits() ^ (i as u64 & 0xff));
        }
        let splits: std::collections::HashSet<u64> = values.iter().map(|&v| order_key(v) >> SPLIT_SHIFT).collect();
        assert!(splits.len() <= 4, "the values fall into a few splits, each larger than INSERTION_MAX");
        assert_sorts_like_total_cmp(&values, &[0, 2500, 6000]);
    }

    /// No values, one, all equal, both zeros, negatives over many splits.
    #[test]
    fn sorts_the_edge_cases_like_total_cmp() {
        assert_sorts_like_total_cmp(&[], &[0, 0]);
        assert_sorts_like_total_cmp(&[-3.0], &[0, 1]);
        assert_sorts_like_total_cmp(&[7.5; 100], &[0, 60, 100]);
        let zeros: Vec<f64> = (0..80).map(|i| if i % 3 == 0 { -0.0 } else { 0.0 }).collect();
        assert_sorts_like_total_cmp(&zeros, &[0, 80]);
        let spread: Vec<f64> =
            (0..3000).map(|i| -(1.37f64.powi(i % 90)) * if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
        assert_sorts_like_total_cmp(&spread, &[0, 1000, 3000]);
    }

    #[test]
    fn sorts_many_random_values_like_total_cmp() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(7);
        let values: Vec<f64> = (0..5000).map(|_| (rng.random::<f64>() - 0.3) * 1e9).collect();
        assert_sorts_like_total_cmp(&values, &[0, 1000, 1001, 5000]);
    }
}
