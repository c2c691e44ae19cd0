//! Stochastic drivers of one replicate (MODEL.md §6): correlated AR(1) log
//! prices per market, and weather and hail per zone.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};

use super::tables::ModelTables;
use crate::scenario::Scenario;

/// The year's draws and the price state, kept between years.
#[derive(Debug, Clone)]
pub struct Drivers {
    /// Log-price deviation x_m per market.
    pub log_price: Vec<f64>,
    /// Independent standard normals z(t), one per market.
    normals: Vec<f64>,
    /// Weather draw w_z per zone.
    pub weather: Vec<f64>,
    /// Whether zone z has hail this year.
    pub hail: Vec<bool>,
}

impl Drivers {
    /// Drivers at base year (x = 0).
    pub fn new(tables: &ModelTables) -> Self {
        Self {
            log_price: vec![0.0; tables.markets],
            normals: vec![0.0; tables.markets],
            weather: vec![0.0; tables.zones],
            hail: vec![false; tables.zones],
        }
    }

    /// Back to the base year, keeping the allocations.
    pub fn reset(&mut self) {
        self.log_price.fill(0.0);
        self.normals.fill(0.0);
        self.weather.fill(0.0);
        self.hail.fill(false);
    }

    /// Draws year `year_index` (0 = base year): one normal per market, then
    /// per zone a normal and a uniform. At base year the market normals are
    /// drawn but unused, so later years line up across scenarios.
    pub fn step<R: Rng + ?Sized>(&mut self, rng: &mut R, year_index: usize, tables: &ModelTables, scenario: &Scenario) {
        for z in self.normals.iter_mut() {
            *z = StandardNormal.sample(rng);
        }
        let n = tables.markets;
        for (m, market) in scenario.markets.iter().enumerate() {
            if year_index == 0 {
                self.log_price[m] = 0.0;
                continue;
            }
            let mut shock = 0.0;
            for k in 0..=m {
                shock += tables.cholesky[m * n + k] * self.normals[k];
            }
            let phi = market.phi;
            self.log_price[m] = phi * self.log_price[m] + market.sigma * (1.0 - phi * phi).sqrt() * shock;
        }
        for z in 0..tables.zones {
            self.weather[z] = StandardNormal.sample(rng);
            let u: f64 = rng.random();
            self.hail[z] = u < tables.zone_hail_p[z];
        }
    }
}

/// Supply factor S = clamp((q / q_ref)^(−1/ε), min, 1) for a market with
/// elasticity `elasticity`; 1 when it has none or `q_ref_t` is 0.
#[inline]
pub fn supply_factor(supply_t: f64, q_ref_t: f64, elasticity: Option<f64>, floor: f64) -> f64 {
    match elasticity {
        Some(e) if q_ref_t > 0.0 && supply_t > 0.0 => (supply_t / q_ref_t).powf(-1.0 / e).clamp(floor, 1.0),
        _ => 1.0,
    }
}

/// Absorption capacity of a market in year index `year_index` at `scale` (t).
#[inline]
pub fn q_ref_t(q_ref_t: f64, growth: f64, scale: f64, year_index: f64) -> f64 {
    q_ref_t * scale * (1.0 + growth).powf(year_index)
}
