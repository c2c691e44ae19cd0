//! The one-screen summary of a valid scenario that `check` prints.

use crate::scenario::{self, Lang, Mode, Policy, Scenario, Slope};
use crate::text::{group_thousands, million_vnd, number_for};

/// A one-screen summary of a valid scenario.
pub fn summary(s: &Scenario) -> String {
    let sim = &s.simulation;
    let p = &s.policy;
    let crop_names =
        |ids: &[scenario::CropId]| ids.iter().map(|c| s.crops[c.index()].key.as_str()).collect::<Vec<_>>().join(", ");
    let households: f64 = s.zones.iter().map(|z| z.households).sum();
    let farmland: f64 = s.zones.iter().map(|z| z.farmland_ha()).sum();
    let natural: f64 = s.zones.iter().map(|z| z.natural_area_ha).sum();
    let forest: f64 = s.zones.iter().map(|z| z.forest_ha).sum();
    let eligible: f64 = s
        .zones
        .iter()
        .map(|z| {
            p.from_crops
                .iter()
                .map(|c| {
                    let crop = &s.crops[c.index()];
                    let slope_share: f64 = Slope::ALL
                        .iter()
                        .filter(|sl| p.slopes[sl.index()])
                        .map(|sl| crop.slope_share[sl.index()])
                        .sum();
                    z.crop_area_ha[c.index()] * slope_share
                })
                .sum::<f64>()
        })
        .sum();
    let slopes: Vec<&str> = Slope::ALL.iter().filter(|sl| p.slopes[sl.index()]).map(|sl| sl.label()).collect();
    let mut out = String::new();
    let mut line = |t: String| {
        out.push_str(&t);
        out.push('\n');
    };
    line(format!("{} — {}", s.name, s.title_vi));
    line(format!("  {}", s.title_en));
    line(format!("  files:      {}", s.files.join(" → extends ")));
    line(format!(
        "  run:        {}–{} ({} years), {} replicates, seed {}, scale {}",
        sim.base_year,
        sim.base_year + sim.years as i32 - 1,
        sim.years,
        sim.replicates,
        sim.seed,
        sim.scale
    ));
    line(format!(
        "  province:   {} zones, {} households, {} ha farmland, {} ha forest, {} ha natural area",
        s.zones.len(),
        group_thousands(households, 0),
        group_thousands(farmland, 0),
        group_thousands(forest, 0),
        group_thousands(natural, 0)
    ));
    line(format!("  crops:      {} in {} markets", s.crops.len(), s.markets.len()));
    match (&p.mode, &p.plan) {
        (Mode::Planned, Some(plan)) => {
            let mix: Vec<String> =
                plan.mix.iter().map(|(c, share)| format!("{} {:.0}%", s.crops[c.index()].key, share * 100.0)).collect();
            line(format!(
                "  mode:       planned: {} ha/yr decided in {}–{}, mix {}, compliance {}",
                group_thousands(plan.target_ha_per_year, 0),
                plan.target_years.0,
                plan.target_years.1,
                mix.join(", "),
                plan.compliance
            ));
        }
        _ => line(format!(
            "  mode:       behavioural: households decide, up to {} conversion(s) a year each",
            p.max_conversions_per_household
        )),
    }
    line(format!(
        "  converts:   {} on {} (≥ {} ha; about {} ha eligible) → {}",
        crop_names(&p.from_crops),
        slopes.join(", "),
        p.min_parcel_ha,
        group_thousands(eligible, 0),
        crop_names(&p.to_crops)
    ));
    if !p.topwork_from.is_empty() {
        line(format!("  top-works:  {}", crop_names(&p.topwork_from)));
    }
    let subsidies: Vec<String> = s
        .crops
        .iter()
        .filter(|c| p.subsidy_vnd_per_ha[c.id.index()] > 0.0)
        .map(|c| format!("{} {} M VND/ha", c.key, million_vnd(p.subsidy_vnd_per_ha[c.id.index()])))
        .collect();
    line(format!(
        "  support:    subsidy {}; credit up to {} M VND at {:.1}%/yr; extension +{}; top-working {} M VND/household; cooperatives {:.0}%",
        if subsidies.is_empty() { "none".to_string() } else { subsidies.join(", ") },
        million_vnd(p.credit_limit_vnd),
        p.credit_rate * 100.0,
        p.extension_boost,
        million_vnd(p.topwork_support_vnd_per_household),
        p.coop_share * 100.0
    ));
    if let Some((first, last)) = p.support_years {
        line(format!("  support in: decisions of {first}–{last} (paid through {})", last + 1));
    }
    for z in s.zones.iter().filter(|z| z.policy.is_some()) {
        let own = z.policy.as_ref().map(|own| policy_in_words(s, own, Lang::En)).unwrap_or_default();
        line(format!("  {}: own policy — {own}", z.name));
    }
    if !s.focus.is_empty() {
        line(format!("  outputs on: {}", s.focus_scope()));
    }
    line("  OK: the scenario is valid.".to_string());
    out
}

/// A zone's own policy in one line: who decides (and the plan), the
/// subsidy, the support years.
pub fn policy_in_words(s: &Scenario, p: &Policy, lang: Lang) -> String {
    let mut parts = Vec::new();
    match (&p.mode, &p.plan) {
        (Mode::Planned, Some(plan)) => {
            let mix: Vec<String> = plan
                .mix
                .iter()
                .map(|(c, share)| format!("{} {:.0}%", s.crops[c.index()].name(lang), share * 100.0))
                .collect();
            let hectares = number_for(plan.target_ha_per_year, 0, lang);
            let (first, last) = plan.target_years;
            parts.push(match (lang, plan.own_target) {
                (Lang::Vi, true) => format!("theo kế hoạch {hectares} ha/năm ({first}–{last}), {}", mix.join(", ")),
                (Lang::Vi, false) => format!("theo kế hoạch của tỉnh ({first}–{last}), {}", mix.join(", ")),
                (Lang::En, true) => format!("planned, {hectares} ha/yr decided in {first}–{last}, {}", mix.join(", ")),
                (Lang::En, false) => {
                    format!("planned, a share of the province's target, {first}–{last}, {}", mix.join(", "))
                }
            });
        }
        _ => parts.push(lang.pick("hộ tự quyết định", "households decide").to_string()),
    }
    let subsidies: Vec<String> = s
        .crops
        .iter()
        .filter(|c| p.subsidy_vnd_per_ha[c.id.index()] > 0.0)
        .map(|c| format!("{} {}", c.name(lang), number_for(p.subsidy_vnd_per_ha[c.id.index()] / 1e6, 1, lang)))
        .collect();
    if !subsidies.is_empty() {
        parts.push(match lang {
            Lang::Vi => format!("hỗ trợ trồng mới {} triệu đồng/ha", subsidies.join(", ")),
            Lang::En => format!("subsidy {} M VND/ha", subsidies.join(", ")),
        });
    }
    if let Some((first, last)) = p.support_years {
        parts.push(match lang {
            Lang::Vi => format!("hỗ trợ cho quyết định năm {first}–{last}"),
            Lang::En => format!("support for decisions of {first}–{last}"),
        });
    }
    parts.join("; ")
}
