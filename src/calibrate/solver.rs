//! Levenberg–Marquardt for bounded least squares, on nalgebra: minimises
//! ½‖r(θ)‖² over a box, with the Jacobian by finite differences. The
//! residual function takes a batch of points, so that the Jacobian's
//! columns can be evaluated in parallel.

use nalgebra::{DMatrix, DVector};

/// How the search proceeds and when it stops.
#[derive(Debug, Clone, Copy)]
pub struct SolverOptions {
    /// Most Jacobians computed (iterations).
    pub max_iterations: usize,
    /// Stop when an accepted step lowers the cost by less than this share.
    pub relative_tolerance: f64,
    /// Finite-difference step as a share of each setting's value (of a
    /// hundredth of its bound width when the value is smaller): large
    /// enough that the discrete decisions of many households average out.
    pub step_share: f64,
}

impl Default for SolverOptions {
    fn default() -> Self {
        Self { max_iterations: 20, relative_tolerance: 1e-4, step_share: 0.05 }
    }
}

/// One iteration, as reported for progress.
#[derive(Debug, Clone)]
pub struct Iteration {
    /// Iteration number from 1.
    pub number: usize,
    /// ‖r‖² at the current point (the weighted sum of squares).
    pub objective: f64,
    /// The current point.
    pub values: Vec<f64>,
    /// Damping λ.
    pub damping: f64,
}

/// The result of a search.
#[derive(Debug, Clone)]
pub struct Solution {
    /// The best point found.
    pub values: Vec<f64>,
    /// Its residuals.
    pub residuals: DVector<f64>,
    /// ‖r‖² at the start.
    pub start_objective: f64,
    /// ‖r‖² at the best point.
    pub objective: f64,
    /// The Jacobian of the residuals at the best point.
    pub jacobian: DMatrix<f64>,
    /// Iterations done.
    pub iterations: usize,
    /// Points evaluated.
    pub evaluations: usize,
    /// Whether it stopped because the cost stopped falling (not at the iteration limit).
    pub converged: bool,
}

/// The Jacobian of `residuals` at `x` by forward differences (backward at
/// an upper bound), every column from one batch.
fn jacobian<E>(
    x: &[f64],
    r: &DVector<f64>,
    low: &[f64],
    high: &[f64],
    options: &SolverOptions,
    residuals: &mut impl FnMut(&[Vec<f64>]) -> Result<Vec<DVector<f64>>, E>,
) -> Result<DMatrix<f64>, E> {
    let steps: Vec<f64> = (0..x.len())
        .map(|i| {
            let h = options.step_share * x[i].abs().max(0.01 * (high[i] - low[i]));
            // Forward, else backward; within narrow bounds, the wider side's room.
            let (up, down) = (high[i] - x[i], x[i] - low[i]);
            if h <= up {
                h
            } else if h <= down {
                -h
            } else if up >= down {
                up
            } else {
                -down
            }
        })
        .collect();
    let points: Vec<Vec<f64>> = (0..x.len())
        .map(|i| {
            let mut p = x.to_vec();
            p[i] += steps[i];
            p
        })
        .collect();
    let moved = residuals(&points)?;
    let mut j = DMatrix::zeros(r.len(), x.len());
    for (i, rm) in moved.iter().enumerate() {
        j.set_column(i, &((rm - r) / steps[i]));
    }
    Ok(j)
}

/// Minimises ‖r(θ)‖² for θ in `[low, high]` from `start`. `residuals` maps
/// a batch of points to their residual vectors; `progress` hears each
/// iteration.
pub fn levenberg_marquardt<E>(
    start: &[f64],
    low: &[f64],
    high: &[f64],
    options: SolverOptions,
    mut residuals: impl FnMut(&[Vec<f64>]) -> Result<Vec<DVector<f64>>, E>,
    mut progress: impl FnMut(&Iteration),
) -> Result<Solution, E> {
    let n = start.len();
    let clamp = |x: Vec<f64>| -> Vec<f64> { x.iter().enumerate().map(|(i, v)| v.clamp(low[i], high[i])).collect() };
    let mut x = clamp(start.to_vec());
    let mut r = residuals(std::slice::from_ref(&x))?.remove(0);
    let mut evaluations = 1;
    let start_objective = r.norm_squared();
    let mut cost = start_objective;
    let mut damping = 1e-2;
    let mut j = jacobian(&x, &r, low, high, &options, &mut residuals)?;
    evaluations += n;
    let mut iterations = 0;
    let mut converged = false;
    while iterations < options.max_iterations {
        iterations += 1;
        progress(&Iteration { number: iterations, objective: cost, values: x.clone(), damping });
        let jt = j.transpose();
        let jtj = &jt * &j;
        let gradient = &jt * &r;
        // Marquardt's scaling: damping proportional to the curvature of
        // each setting, so that their units do not matter.
        let diagonal = DVector::from_iterator(n, (0..n).map(|i| jtj[(i, i)].max(1e-12)));
        let mut accepted = false;
        for _ in 0..8 {
            let mut a = jtj.clone();
            for i in 0..n {
                a[(i, i)] += damping * diagonal[i];
            }
            let Some(step) = a.lu().solve(&(-&gradient)) else {
                damping *= 10.0;
                continue;
            };
            let trial = clamp(x.iter().zip(step.iter()).map(|(a, b)| a + b).collect());
            if trial == x {
                break;
            }
            let trial_r = residuals(std::slice::from_ref(&trial))?.remove(0);
            evaluations += 1;
            let trial_cost = trial_r.norm_squared();
            if trial_cost < cost {
                let gain = (cost - trial_cost) / cost.max(f64::MIN_POSITIVE);
                (x, r, cost) = (trial, trial_r, trial_cost);
                damping = (damping / 3.0).max(1e-9);
                accepted = true;
                j = jacobian(&x, &r, low, high, &options, &mut residuals)?;
                evaluations += n;
                if gain < options.relative_tolerance {
                    converged = true;
                }
                break;
            }
            damping *= 4.0;
        }
        if !accepted || converged {
            converged = true;
            break;
        }
    }
    Ok(Solution {
        values: x,
        residuals: r,
        start_objective,
        objective: cost,
        jacobian: j,
        iterations,
        evaluations,
        converged,
    })
}

/// Standard errors and the correlation matrix of the settings from the
/// Jacobian of the weighted residuals at the optimum: the covariance is
/// (JᵀJ)⁻¹, its pseudo-inverse when JᵀJ is singular (then a setting the data
/// cannot move has an infinite standard error).
pub fn uncertainty(jacobian: &DMatrix<f64>) -> (Vec<f64>, DMatrix<f64>) {
    let n = jacobian.ncols();
    let jtj = jacobian.transpose() * jacobian;
    let svd = jtj.clone().svd(true, true);
    let largest = svd.singular_values.iter().cloned().fold(0.0, f64::max);
    let singular = svd.singular_values.iter().any(|&s| s <= largest * 1e-10);
    let covariance = svd.pseudo_inverse(largest * 1e-10).unwrap_or_else(|_| DMatrix::from_element(n, n, f64::NAN));
    let se: Vec<f64> = (0..n)
        .map(|i| {
            // A setting whose column is all but zero is not identified at all.
            if jtj[(i, i)] <= largest * 1e-12 || (singular && covariance[(i, i)] <= 0.0) {
                f64::INFINITY
            } else {
                covariance[(i, i)].sqrt()
            }
        })
        .collect();
    let mut correlation = DMatrix::from_element(n, n, f64::NAN);
    for a in 0..n {
        for b in 0..n {
            let c = covariance[(a, b)] / (covariance[(a, a)] * covariance[(b, b)]).sqrt();
            if c.is_finite() {
                correlation[(a, b)] = c.clamp(-1.0, 1.0);
            }
        }
    }
    if singular {
        // Exact confounding: the pseudo-inverse hides it; the normalised
        // normal matrix shows which settings move the residuals alike.
        for a in 0..n {
            for b in 0..n {
                let c = jtj[(a, b)] / (jtj[(a, a)] * jtj[(b, b)]).sqrt();
                if a != b && c.is_finite() && c.abs() > 1.0 - 1e-6 {
                    correlation[(a, b)] = -c.signum();
                }
            }
        }
    }
    (se, correlation)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(f: impl Fn(&[f64]) -> DVector<f64>) -> impl FnMut(&[Vec<f64>]) -> Result<Vec<DVector<f64>>, ()> {
        move |points| Ok(points.iter().map(|p| f(p)).collect())
    }

    #[test]
    fn fits_an_exponential_decay() {
        // y = a·exp(−b·t) observed without noise at t = 0..9.
        let (a, b) = (3.0, 0.4);
        let t: Vec<f64> = (0..10).map(f64::from).collect();
        let y: Vec<f64> = t.iter().map(|t| a * (-b * t).exp()).collect();
        let f = |p: &[f64]| DVector::from_iterator(10, t.iter().zip(&y).map(|(t, y)| p[0] * (-p[1] * t).exp() - y));
        let options = SolverOptions { step_share: 1e-6, ..SolverOptions::default() };
        let s = levenberg_marquardt(&[1.0, 1.0], &[0.0, 0.0], &[10.0, 5.0], options, batch(f), |_| {}).unwrap();
        assert!((s.values[0] - a).abs() < 1e-4 && (s.values[1] - b).abs() < 1e-4, "{:?}", s.values);
        assert!(s.objective < 1e-8 && s.start_objective > 1.0);
    }

    #[test]
    fn stops_at_a_bound() {
        // The best a is 5, but a may not exceed 2.
        let f = |p: &[f64]| DVector::from_vec(vec![p[0] - 5.0, 0.5 * (p[0] - 5.0)]);
        let s = levenberg_marquardt(&[1.0], &[0.0], &[2.0], SolverOptions::default(), batch(f), |_| {}).unwrap();
        assert_eq!(s.values, vec![2.0]);
    }

    #[test]
    fn finite_differences_stay_within_narrow_bounds() {
        // Bounds narrower than the step: every point evaluated stays inside.
        let f = |p: &[f64]| {
            assert!((0.99..=1.01).contains(&p[0]), "{p:?} left the bounds");
            DVector::from_vec(vec![p[0] - 1.005])
        };
        let s = levenberg_marquardt(&[1.0], &[0.99], &[1.01], SolverOptions::default(), batch(f), |_| {}).unwrap();
        assert!((s.values[0] - 1.005).abs() < 1e-6, "{:?}", s.values);
    }

    #[test]
    fn confounded_settings_are_perfectly_correlated() {
        // Only a + b matters: the data cannot tell them apart.
        let j = DMatrix::from_row_slice(3, 2, &[1.0, 1.0, 2.0, 2.0, 0.5, 0.5]);
        let (se, corr) = uncertainty(&j);
        assert!(corr[(0, 1)].abs() > 0.99, "{corr}");
        assert!(se.iter().all(|s| s.is_finite() || s.is_infinite()));
        let independent = DMatrix::from_row_slice(3, 2, &[1.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
        let (se, corr) = uncertainty(&independent);
        assert!(corr[(0, 1)].abs() < 0.9 && se.iter().all(|s| s.is_finite()), "{corr} {se:?}");
    }
}
