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
        // A setting on a bound that the descent pushes outwards is held
        // there; the others' step is solved without it.
        let free: Vec<usize> = (0..n)
            .filter(|&i| !((x[i] <= low[i] && gradient[i] > 0.0) || (x[i] >= high[i] && gradient[i] < 0.0)))
            .collect();
        if free.is_empty() {
            converged = true;
            break;
        }
        let jtj_free = jtj.select_rows(&free).select_columns(&free);
        let gradient_free = gradient.select_rows(&free);
        // Marquardt's scaling: damping proportional to the curvature of
        // each setting, so that their units do not matter.
        let diagonal: Vec<f64> = free.iter().map(|&i| jtj[(i, i)].max(1e-12)).collect();
        let mut accepted = false;
        for _ in 0..8 {
            let mut a = jtj_free.clone();
            for (k, d) in diagonal.iter().enumerate() {
                a[(k, k)] += damping * d;
            }
            let Some(step_free) = a.lu().solve(&(-&gradient_free)) else {
                damping *= 10.0;
                continue;
            };
            let mut step = vec![0.0; n];
            for (k, &i) in free.iter().enumerate() {
                step[i] = step_free[k];
            }
            let trial = clamp(x.iter().zip(&step).map(|(a, b)| a + b).collect());
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

/// What the Jacobian at the optimum says of each setting's uncertainty.
#[derive(Debug, Clone)]
pub struct Uncertainty {
    /// Standard error of each setting (∞ when the data cannot fix it).
    pub se: Vec<f64>,
    /// Correlation matrix of the settings (NaN where undefined; ±1 for
    /// settings the data cannot tell apart).
    pub correlation: DMatrix<f64>,
    /// Whether each setting moves the residuals at all.
    pub moves: Vec<bool>,
}

/// Standard errors and correlations of the settings from the Jacobian of
/// the weighted residuals at the optimum: the covariance (JᵀJ)⁻¹. Each
/// column is scaled to unit length first, so that the settings' units do
/// not decide what counts as singular; a setting with a share in a
/// direction the data do not fix (a singular value of the scaled JᵀJ
/// below 10⁻¹⁰ of the largest) has an infinite standard error.
pub fn uncertainty(jacobian: &DMatrix<f64>) -> Uncertainty {
    let n = jacobian.ncols();
    let norms: Vec<f64> = (0..n).map(|i| jacobian.column(i).norm()).collect();
    let moves: Vec<bool> = norms.iter().map(|&v| v > 0.0 && v.is_finite()).collect();
    let mut scaled = jacobian.clone();
    for i in 0..n {
        let d = if moves[i] { norms[i] } else { 1.0 };
        scaled.column_mut(i).scale_mut(1.0 / d);
    }
    let normal = scaled.transpose() * &scaled;
    let eigen = normal.clone().symmetric_eigen();
    let largest = eigen.eigenvalues.iter().cloned().fold(0.0, f64::max);
    let threshold = largest * 1e-10;
    let mut unfixed = moves.iter().map(|m| !m).collect::<Vec<bool>>();
    let mut inverse = DMatrix::zeros(n, n);
    for k in 0..n {
        let v = eigen.eigenvectors.column(k);
        if eigen.eigenvalues[k] > threshold {
            inverse += v * v.transpose() / eigen.eigenvalues[k];
        } else {
            for i in 0..n {
                if v[i].abs() > 1e-6 {
                    unfixed[i] = true;
                }
            }
        }
    }
    let se: Vec<f64> =
        (0..n).map(|i| if unfixed[i] { f64::INFINITY } else { inverse[(i, i)].sqrt() / norms[i] }).collect();
    let mut correlation = DMatrix::from_element(n, n, f64::NAN);
    for a in 0..n {
        for b in 0..n {
            let c = if unfixed[a] || unfixed[b] {
                // Settings the data cannot fix: how alike their effects
                // are (±1 when only a combination of them matters).
                let cosine = normal[(a, b)];
                if a == b {
                    1.0
                } else if cosine.abs() > 1.0 - 1e-6 {
                    -cosine.signum()
                } else {
                    f64::NAN
                }
            } else {
                inverse[(a, b)] / (inverse[(a, a)] * inverse[(b, b)]).sqrt()
            };
            if c.is_finite() && moves[a] && moves[b] {
                correlation[(a, b)] = c.clamp(-1.0, 1.0);
            }
        }
    }
    Uncertainty { se, correlation, moves }
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
        let u = uncertainty(&j);
        assert!(u.correlation[(0, 1)] < -0.99, "{}", u.correlation);
        assert!(u.se.iter().all(|s| s.is_infinite()), "{:?}", u.se);
        let independent = DMatrix::from_row_slice(3, 2, &[1.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
        let u = uncertainty(&independent);
        assert!(u.correlation[(0, 1)].abs() < 0.9 && u.se.iter().all(|s| s.is_finite()), "{:?}", u.se);
    }

    #[test]
    fn standard_errors_do_not_depend_on_units() {
        // The second setting in units a million times larger: its column a
        // million times smaller, its standard error a million times larger,
        // and nothing called singular.
        let j = DMatrix::from_row_slice(3, 2, &[1.0, 2.0, 0.5, 1.0, 2.0, 0.0]);
        let mut scaled = j.clone();
        scaled.column_mut(1).scale_mut(1e-6);
        let (a, b) = (uncertainty(&j), uncertainty(&scaled));
        assert!((b.se[1] / a.se[1] / 1e6 - 1.0).abs() < 1e-6 && (b.se[0] / a.se[0] - 1.0).abs() < 1e-9);
        assert!((a.correlation[(0, 1)] - b.correlation[(0, 1)]).abs() < 1e-9);
        // A setting with no effect at all.
        let none = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 2.0, 0.0]);
        let u = uncertainty(&none);
        assert_eq!(u.moves, vec![true, false]);
        assert!(u.se[0].is_finite() && u.se[1].is_infinite());
    }

    #[test]
    fn a_setting_held_at_its_bound_lets_the_others_move() {
        // r = [a + b − 5, 0.1 (a − b)], a ≤ 1: the best is a = 1, b near 4.
        let f = |p: &[f64]| DVector::from_vec(vec![p[0] + p[1] - 5.0, 0.1 * (p[0] - p[1])]);
        let options = SolverOptions { step_share: 1e-6, ..SolverOptions::default() };
        let s = levenberg_marquardt(&[0.0, 0.0], &[0.0, 0.0], &[1.0, 10.0], options, batch(f), |_| {}).unwrap();
        // The optimum with a = 1: b = (5·1 + 0.01·1)/(1 + 0.01) − … solved exactly below.
        let b = (4.0 + 0.01) / 1.01;
        assert!(s.values[0] == 1.0 && (s.values[1] - b).abs() < 1e-4, "{:?}", s.values);
        assert!(s.iterations < 10, "{} iterations", s.iterations);
    }
}
