//! Step 6 of MODEL.md §7: awareness of grafted fruit spreads.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::decide::DecisionContext;
use super::workspace::Workspace;

/// Step 6: awareness spreads (one uniform per household, aware ones included).
///
/// F_z is the zone's planted area (top-working excluded) cumulated since the
/// base year over its generated base-year eligible area, capped at 1; land
/// planted twice (after an abandonment) counts twice.
#[inline(never)]
pub fn spread_awareness(ws: &mut Workspace, ctx: &DecisionContext<'_>, rngs: &mut [ChaCha8Rng]) {
    let p = &ctx.scenario.parameters;
    for (z, range) in ctx.province.zone_households.iter().enumerate() {
        let boost = ctx.rule(z).support.extension_boost;
        let eligible = ctx.province.zone_eligible_ha[z];
        let converted_share = if eligible > 0.0 { (ws.state.planted_cum_ha[z] / eligible).min(1.0) } else { 0.0 };
        let prob = p.awareness_p + boost + p.awareness_q * converted_share;
        let rng = &mut rngs[z];
        for h in range.start as usize..range.end as usize {
            let u: f64 = rng.random();
            if !ws.state.aware[h] && u < prob {
                ws.state.aware[h] = true;
            }
        }
    }
}
