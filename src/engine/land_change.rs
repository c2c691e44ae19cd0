//! Step 8 of MODEL.md §7: ageing and replanting, the year's decided changes,
//! next year's forest, and next year's expected supply.

use super::decision_scratch::{CHANGE_NONE, CHANGE_REVERT, CHANGE_TOPWORK};
use super::tables::NO_CROP;
use super::workspace::Workspace;
use super::year::YearContext;

/// Step 8. The economy pass already wrote every parcel's age next year if
/// nothing changed (`YearScratch::next_age`) and summed next year's
/// expected supply as if nothing changed; only the changed parcels are
/// visited here, then next year's ages become the state's.
#[inline(never)]
pub fn age_and_apply_changes(ws: &mut Workspace, ctx: &YearContext<'_>) {
    let t = ctx.tables;
    let pr = ctx.province;
    let s = ctx.scenario;
    let Workspace { state, year, decide, .. } = ws;
    let next_age = &mut year.next_age;
    for &j in &decide.changed {
        let j = j as usize;
        let area = pr.parcel_area_ha[j];
        let k = pr.parcel_slope[j] as usize;
        let soil = state.soil[j];
        let old = state.crop[j] as usize;
        let zone = pr.parcel_zone[j] as usize;
        let suitability = &t.suitability[zone * t.crops..(zone + 1) * t.crops];
        state.supply_t[t.supply_slot[old]] -=
            t.expected_production_t(old, k, next_age[j] as usize, area, soil, suitability[old]);
        let change = decide.change[j];
        let c = decide.change_crop[j] as usize;
        debug_assert!(change != CHANGE_NONE && c != NO_CROP as usize, "parcel {j} has a change to apply");
        state.crop[j] = c as u16;
        next_age[j] = if change == CHANGE_TOPWORK { t.topwork_age_years[c] } else { 0 };
        state.loss_years[j] = 0;
        // A reverted orchard pays nothing to grow its annual crop again.
        if change == CHANGE_REVERT {
            state.first_year[j] = 0;
        } else {
            state.first_year[j] = change;
            state.first_year_parcels.push(j as u32);
        }
        decide.change[j] = CHANGE_NONE;
        decide.change_crop[j] = NO_CROP;
        state.supply_t[t.supply_slot[c]] +=
            t.expected_production_t(c, k, next_age[j] as usize, area, soil, suitability[c]);
    }
    decide.changed.clear();
    // The decisions list their changes in the order they take them.
    state.first_year_parcels.sort_unstable();
    std::mem::swap(&mut state.age, next_age);
    let next_year = (ctx.year_index + 1) as f64;
    for z in 0..pr.zone_count() {
        let base = pr.zone_forest_ha[z];
        let trend = s.parameters.forest_trend_share * base;
        let room = pr.zone_natural_area_ha[z] - pr.zone_farmland_ha[z];
        state.forest_ha[z] = (base + trend * next_year).min(room).max(0.0);
    }
}
