//! Discounting: net present value, internal rate of return, payback year.

/// Net present value (VND) of yearly flows `flows_vnd[k]`, the flow `k`
/// years from now, discounted at `rate_per_yr` (0.09 = 9% a year).
pub fn npv(flows_vnd: &[f64], rate_per_yr: f64) -> f64 {
    let factor = 1.0 / (1.0 + rate_per_yr);
    let mut discount = 1.0;
    let mut total = 0.0;
    for &flow in flows_vnd {
        total += flow * discount;
        discount *= factor;
    }
    total
}

/// Internal rate of return (per year): the rate at which the NPV of the
/// flows is zero, or `None` when the flows never change sign or no root lies
/// between −99% and +1000% a year.
///
/// The root is bracketed by scanning rates from low to high, then refined by
/// bisection, so the answer is the lowest such rate when several exist.
pub fn irr(flows_vnd: &[f64]) -> Option<f64> {
    let has_positive = flows_vnd.iter().any(|&f| f > 0.0);
    let has_negative = flows_vnd.iter().any(|&f| f < 0.0);
    if !(has_positive && has_negative) {
        return None;
    }
    const SCAN: [f64; 16] =
        [-0.99, -0.9, -0.7, -0.5, -0.3, -0.15, -0.05, 0.0, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 4.0, 10.0];
    let mut lo = SCAN[0];
    let mut npv_lo = npv(flows_vnd, lo);
    for &hi in &SCAN[1..] {
        let npv_hi = npv(flows_vnd, hi);
        if npv_lo == 0.0 {
            return Some(lo);
        }
        if npv_lo.signum() != npv_hi.signum() {
            return Some(bisect(flows_vnd, lo, hi, npv_lo));
        }
        lo = hi;
        npv_lo = npv_hi;
    }
    None
}

fn bisect(flows_vnd: &[f64], mut lo: f64, mut hi: f64, mut npv_lo: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let npv_mid = npv(flows_vnd, mid);
        if npv_mid == 0.0 || (hi - lo) < 1e-12 {
            return mid;
        }
        if npv_mid.signum() == npv_lo.signum() {
            lo = mid;
            npv_lo = npv_mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Payback year: the first index `k` (orchard age, from planting) at which
/// the running total of undiscounted flows is ≥ 0, or `None` if it never is.
pub fn payback_year(flows_vnd: &[f64]) -> Option<usize> {
    let mut running = 0.0;
    for (k, &flow) in flows_vnd.iter().enumerate() {
        running += flow;
        if running >= 0.0 {
            return Some(k);
        }
    }
    None
}
