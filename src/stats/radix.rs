//! Sorting household incomes once a year, fast and without allocating: an
//! LSD radix sort on the incomes' order-preserving bit patterns (16-bit
//! digits, passes whose digit is the same for every key skipped), which also
//! yields each zone's incomes in order by a stable scatter.

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

/// Buffers for sorting `n` values tagged with a group (zone), reused every year.
#[derive(Debug, Clone)]
pub struct GroupedSorter {
    keys: Vec<u64>,
    tags: Vec<u16>,
    spare_keys: Vec<u64>,
    spare_tags: Vec<u16>,
    counts: Vec<u32>,
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
            counts: vec![0; 1 << 16],
            next: Vec::new(),
        }
    }

    /// Sorts `values` (grouped contiguously: group `g` occupies
    /// `group_starts[g]..group_starts[g + 1]`). On return `all_sorted` holds
    /// every value in ascending order and `by_group` holds each group's
    /// values in ascending order at the group's positions.
    pub fn sort(&mut self, values: &[f64], group_starts: &[usize], all_sorted: &mut [f64], by_group: &mut [f64]) {
        let n = values.len();
        for (i, &v) in values.iter().enumerate() {
            self.keys[i] = order_key(v);
        }
        for g in 0..group_starts.len() - 1 {
            self.tags[group_starts[g]..group_starts[g + 1]].fill(g as u16);
        }
        for pass in 0..4 {
            let shift = pass * 16;
            let digit = |k: u64| ((k >> shift) & 0xFFFF) as usize;
            self.counts.fill(0);
            for &k in &self.keys[..n] {
                self.counts[digit(k)] += 1;
            }
            if n == 0 || self.counts[digit(self.keys[0])] as usize == n {
                continue;
            }
            let mut offset = 0u32;
            for c in self.counts.iter_mut() {
                let here = *c;
                *c = offset;
                offset += here;
            }
            for i in 0..n {
                let k = self.keys[i];
                let slot = &mut self.counts[digit(k)];
                self.spare_keys[*slot as usize] = k;
                self.spare_tags[*slot as usize] = self.tags[i];
                *slot += 1;
            }
            std::mem::swap(&mut self.keys, &mut self.spare_keys);
            std::mem::swap(&mut self.tags, &mut self.spare_tags);
        }
        // Allocates on the first year only; later years reuse the capacity.
        self.next.clear();
        self.next.extend_from_slice(&group_starts[..group_starts.len() - 1]);
        let next = &mut self.next;
        for ((slot, &key), &group) in all_sorted.iter_mut().zip(&self.keys[..n]).zip(&self.tags[..n]) {
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

    #[test]
    fn sorts_like_total_cmp_overall_and_within_groups() {
        let values = [3.5, -1.0, 1e12, 0.0, -7e9, 2.0, 2.0, -0.5, 9.0];
        let starts = [0, 4, 9];
        let mut sorter = GroupedSorter::new(values.len());
        let mut all = [0.0; 9];
        let mut grouped = [0.0; 9];
        sorter.sort(&values, &starts, &mut all, &mut grouped);
        let mut expected = values.to_vec();
        expected.sort_by(f64::total_cmp);
        assert_eq!(all.to_vec(), expected);
        assert_eq!(grouped[..4], [-1.0, 0.0, 3.5, 1e12]);
        assert_eq!(grouped[4..], [-7e9, -0.5, 2.0, 2.0, 9.0]);
    }
}
