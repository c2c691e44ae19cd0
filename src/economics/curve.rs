//! Piecewise-linear yield curves: the share of mature yield by orchard age.

/// A yield curve: (age in years, share of mature yield) points joined by
/// straight lines and flat beyond both ends.
///
/// Points are sorted by strictly increasing age and shares lie in [0, 1]; the
/// scenario validator guarantees both before a curve is built.
#[derive(Debug, Clone, PartialEq)]
pub struct YieldCurve {
    points: Vec<(f64, f64)>,
}

impl YieldCurve {
    /// Builds a curve from (age in years, share of mature yield) points.
    ///
    /// An empty list means "always mature" (share 1), which is how annual
    /// crops behave.
    pub fn new(points: Vec<(f64, f64)>) -> Self {
        Self { points }
    }

    /// The curve of a crop that yields fully from the start.
    pub fn flat() -> Self {
        Self { points: Vec::new() }
    }

    /// The (age in years, share) points the curve was built from.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// Share of mature yield (0–1) at `age_years`.
    pub fn fraction_at(&self, age_years: f64) -> f64 {
        let pts = &self.points;
        let Some(&(first_age, first_share)) = pts.first() else {
            return 1.0;
        };
        if age_years <= first_age {
            return first_share;
        }
        for pair in pts.windows(2) {
            let (a0, f0) = pair[0];
            let (a1, f1) = pair[1];
            if age_years <= a1 {
                return f0 + (f1 - f0) * (age_years - a0) / (a1 - a0);
            }
        }
        pts[pts.len() - 1].1
    }

    /// Shares of mature yield at whole ages `0..len`, for table look-ups in
    /// the simulation's yearly loop.
    pub fn table(&self, len: usize) -> Vec<f64> {
        (0..len).map(|age| self.fraction_at(age as f64)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_between_points_and_is_flat_beyond_the_ends() {
        let curve = YieldCurve::new(vec![(2.0, 0.0), (4.0, 0.5), (6.0, 1.0)]);
        assert_eq!(curve.fraction_at(0.0), 0.0);
        assert_eq!(curve.fraction_at(3.0), 0.25);
        assert_eq!(curve.fraction_at(5.0), 0.75);
        assert_eq!(curve.fraction_at(60.0), 1.0);
        assert_eq!(YieldCurve::flat().fraction_at(0.0), 1.0);
    }
}
