//! Expected production Q̂_m of MODEL.md §6 from the land state: the plain
//! sum over parcels. The engine keeps it in step with cheaper updates (the
//! economy pass's fold and step 8's corrections); tests hold those to this.

use super::state::ReplicateState;
use super::tables::ModelTables;
use crate::province::Province;

/// Expected production Q̂_m of every market from the current land state (t):
/// MODEL.md §6's sum over parcels of [`ModelTables::expected_production_t`].
/// Computed in full at the start of a replicate; later years get it from the
/// economy pass (as if nothing changed) and the corrections of
/// `land_change::age_and_apply_changes`, which a test holds to this sum.
#[inline(never)]
pub fn expected_supply(state: &mut ReplicateState, province: &Province, tables: &ModelTables) {
    state.supply_t.fill(0.0);
    add_expected_supply(&mut state.supply_t, &state.crop, &state.age, &state.soil, province, tables);
}

/// [`expected_supply`] of a land state given by its crops, ages and soil
/// factors per parcel, into a new vector (for tests and checks).
pub fn expected_supply_of(
    crop: &[u16],
    age: &[u16],
    soil: &[f64],
    province: &Province,
    tables: &ModelTables,
) -> Vec<f64> {
    let mut supply_t = vec![0.0; tables.markets + 1];
    add_expected_supply(&mut supply_t, crop, age, soil, province, tables);
    supply_t
}

fn add_expected_supply(
    supply_t: &mut [f64],
    crop: &[u16],
    age: &[u16],
    soil: &[f64],
    province: &Province,
    tables: &ModelTables,
) {
    for (z, parcels) in province.zone_parcels.iter().enumerate() {
        let suitability = &tables.suitability[z * tables.crops..(z + 1) * tables.crops];
        for j in parcels.start as usize..parcels.end as usize {
            let c = crop[j] as usize;
            let k = province.parcel_slope[j] as usize;
            supply_t[tables.supply_slot[c]] += tables.expected_production_t(
                c,
                k,
                age[j] as usize,
                province.parcel_area_ha[j],
                soil[j],
                suitability[c],
            );
        }
    }
}
