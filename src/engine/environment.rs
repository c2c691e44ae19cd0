//! Step 1 of MODEL.md §7: the year's prices (with the supply response of
//! §6, and a scenario's price shock, an option beyond MODEL.md) and weather.

use rand::rngs::ChaCha8Rng;

use super::drivers::{q_ref_t, supply_factor};
use super::workspace::Workspace;
use super::year::YearContext;

/// Step 1: the year's prices and weather.
#[inline(never)]
pub fn draw_environment(ws: &mut Workspace, ctx: &YearContext<'_>, rng: &mut ChaCha8Rng) {
    let s = ctx.scenario;
    let t = ctx.tables;
    ws.state.drivers.step(rng, ctx.year_index, t, s);
    for (m, market) in s.markets.iter().enumerate() {
        let q_ref = q_ref_t(market.q_ref_t, market.q_ref_growth, s.simulation.scale, ctx.year_index as f64);
        let factor =
            supply_factor(ws.state.supply_t[m], q_ref, market.demand_elasticity, s.parameters.supply_factor_min);
        let shock = market.shock_factor(s.simulation.base_year + ctx.year_index as i32);
        ws.year.market_price[m] = market.base_price_vnd_per_kg * ws.state.drivers.log_price[m].exp() * factor * shock;
    }
    for c in 0..t.crops {
        let m = t.market[c];
        let price = ws.year.market_price[m] * t.quality[c];
        ws.year.crop_price[c] = price;
        let premium = if s.markets[m].demand_elasticity.is_some() { 1.0 + s.parameters.coop_premium } else { 1.0 };
        ws.year.crop_price_coop[c] = price * premium;
    }
    for z in 0..t.zones {
        let w = ws.state.drivers.weather[z];
        for c in 0..t.crops {
            let cv = t.yield_cv[c];
            ws.year.weather_mult[z * t.crops + c] = (cv * w - cv * cv / 2.0).exp();
        }
    }
}
