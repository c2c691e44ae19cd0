//! Sorting household incomes once a year, fast and without allocating: an
//! LSD radix sort on the top 32 bits of the incomes' order-preserving bit
//! patterns (four byte digits, histograms counted in one pass, passes
//! whose digit is the same for every key skipped), then one insertion pass
//! that orders the rare keys whose top halves tie. A stable scatter by group
//! then yields each zone's incomes in order too.

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

/// Bits of each radix digit, and the digits' positions in a key: the top
/// 32 bits of the key, as four bytes. Byte digits keep the 256 write
/// positions of a scatter in the first-level cache; wider digits, with
/// fewer passes, were slower on the full province.
const DIGIT_BITS: u32 = 8;
const DIGIT_SHIFTS: [u32; 4] = [32, 40, 48, 56];
const BUCKETS: usize = 1 << DIGIT_BITS;

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
    counts: Box<[[u32; BUCKETS]; 4]>,
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
            counts: Box::new([[0; BUCKETS]; 4]),
            next: Vec::new(),
        }
    }

    /// Sorts `values` (grouped contiguously: group `g` occupies
    /// `group_starts[g]..group_starts[g + 1]`). On return `all_sorted` holds
    /// every value in ascending order and `by_group` holds each group's
    /// values in ascending order at the group's positions.
    pub fn sort(&mut self, values: &[f64], group_starts: &[usize], all_sorted: &mut [f64], by_group: &mut [f64]) {
        let n = values.len();
        let keys = &mut self.keys[..n];
        for (key, &v) in keys.iter_mut().zip(values) {
            *key = order_key(v);
        }
        for g in 0..group_starts.len() - 1 {
            self.tags[group_starts[g]..group_starts[g + 1]].fill(g as u16);
        }
        let [d0, d1, d2, d3] = &mut *self.counts;
        for counts in [&mut *d0, &mut *d1, &mut *d2, &mut *d3] {
            counts.fill(0);
        }
        for &k in keys.iter() {
            d0[digit(k, DIGIT_SHIFTS[0])] += 1;
            d1[digit(k, DIGIT_SHIFTS[1])] += 1;
            d2[digit(k, DIGIT_SHIFTS[2])] += 1;
            d3[digit(k, DIGIT_SHIFTS[3])] += 1;
        }
        for (counts, shift) in [d0, d1, d2, d3].into_iter().zip(DIGIT_SHIFTS) {
            if n == 0 || counts[digit(self.keys[0], shift)] as usize == n {
                continue;
            }
            let mut offset = 0u32;
            for c in counts.iter_mut() {
                let here = *c;
                *c = offset;
                offset += here;
            }
            for (&k, &tag) in self.keys[..n].iter().zip(&self.tags[..n]) {
                let slot = &mut counts[digit(k, shift)];
                self.spare_keys[*slot as usize] = k;
                self.spare_tags[*slot as usize] = tag;
                *slot += 1;
            }
            std::mem::swap(&mut self.keys, &mut self.spare_keys);
            std::mem::swap(&mut self.tags, &mut self.spare_tags);
        }
        // Keys are now ordered by their top 32 bits, and stably, so keys
        // whose top halves tie sit side by side: an insertion pass finishes.
        let (keys, tags) = (&mut self.keys[..n], &mut self.tags[..n]);
        for i in 1..n {
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
        // Allocates on the first year only; later years reuse the capacity.
        self.next.clear();
        self.next.extend_from_slice(&group_starts[..group_starts.len() - 1]);
        let next = &mut self.next;
        for ((slot, &key), &group) in all_sorted.iter_mut().zip(keys.iter()).zip(tags.iter()) {
            let v = from_order_key(key);
            *slot = v;
            by_group[next[group as usize]] = v;
            next[group as usize] += 1;
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

    #[test]
    fn sorts_many_random_values_like_total_cmp() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(7);
        let values: Vec<f64> = (0..5000).map(|_| (rng.random::<f64>() - 0.3) * 1e9).collect();
        assert_sorts_like_total_cmp(&values, &[0, 1000, 1001, 5000]);
    }
}
