//! The page's controls as a scenario: what a planner changed, written as a
//! TOML file that `extends` the loaded scenario, and read back by the same
//! loader and checks as any scenario file (so a value out of range gets the
//! message `check` gives). The same text is what "download" hands out.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use agroshift::scenario::{Mode, Scenario};

/// What a planner changed on the page; every field left out keeps the
/// loaded scenario's value. Unknown fields are refused.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// `behavioural` (households decide) or `planned` (the plan converts).
    pub mode: Option<String>,
    /// Planned mode: hectares converted per decision year (ha/yr).
    pub target_ha_per_year: Option<f64>,
    /// Planned mode: first and last decision year.
    pub target_years: Option<[i32; 2]>,
    /// Planned mode: share of the converted area per crop (sums to 1).
    pub mix: Option<IndexMap<String, f64>>,
    /// Planned mode: the chance that a chosen parcel's owner agrees.
    pub compliance: Option<f64>,
    /// Establishment subsidy per crop (VND/ha).
    pub subsidy_vnd_ha: Option<IndexMap<String, f64>>,
    /// Preferential credit limit per household (VND).
    pub credit_limit_vnd: Option<f64>,
    /// Interest on that credit (per year).
    pub credit_rate: Option<f64>,
    /// Extra yearly chance of hearing about grafted fruit.
    pub extension_boost: Option<f64>,
    /// Support per household that top-works (VND).
    pub topwork_support_vnd_household: Option<f64>,
    /// First and last decision year that support and credit are paid for.
    pub support_years: Option<[i32; 2]>,
    /// Districts (or communes) the policy above applies to; empty or left
    /// out: the whole province.
    pub apply_to: Option<Vec<String>>,
    /// A lasting change of one market's price from a year on.
    pub price_shock: Option<PriceShock>,
}

/// A lasting change of a market's price.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PriceShock {
    /// Market id (`longan`).
    pub market: String,
    /// Change of the price (−0.3: 30% lower).
    pub change: f64,
    /// First calendar year of the change.
    pub from_year: i32,
}

/// `text` as a TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A number as TOML writes it: whole numbers that fit TOML's integers
/// without a fraction, others as floats (so that 1e20 stays a number the
/// range check can refuse, not an integer too large to read).
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 { format!("{}", v as i64) } else { toml::Value::Float(v).to_string() }
}

/// `{ a = 1, b = 2 }`.
fn inline_table(map: &IndexMap<String, f64>) -> String {
    let items: Vec<String> = map.iter().map(|(k, v)| format!("{} = {}", bare_or_quoted(k), number(*v))).collect();
    format!("{{ {} }}", items.join(", "))
}

/// A key as TOML needs it: bare when it can be, else quoted.
fn bare_or_quoted(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        key.to_string()
    } else {
        quoted(key)
    }
}

impl Changes {
    /// The policy's settings these changes set, by their names in a
    /// scenario file's `[policy]`.
    pub fn policy_keys(&self) -> Vec<&'static str> {
        [
            ("mode", self.mode.is_some()),
            ("target_ha_per_year", self.target_ha_per_year.is_some()),
            ("target_years", self.target_years.is_some()),
            ("mix", self.mix.is_some()),
            ("compliance", self.compliance.is_some()),
            ("subsidy_vnd_ha", self.subsidy_vnd_ha.is_some()),
            ("credit_limit_vnd", self.credit_limit_vnd.is_some()),
            ("credit_rate", self.credit_rate.is_some()),
            ("extension_boost", self.extension_boost.is_some()),
            ("topwork_support_vnd_household", self.topwork_support_vnd_household.is_some()),
            ("support_years", self.support_years.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect()
    }

    /// The scenario file of these changes: it extends `extends` (a shipped
    /// name or an absolute path) and is named `name`.
    pub fn to_toml(&self, extends: &str, name: &str, titles: [&str; 2]) -> String {
        let mut policy: Vec<String> = Vec::new();
        if let Some(mode) = &self.mode {
            policy.push(format!("mode = {}", quoted(mode)));
        }
        if let Some(v) = self.target_ha_per_year {
            policy.push(format!("target_ha_per_year = {}  # ha mỗi năm / ha per decision year", number(v)));
        }
        if let Some([a, b]) = self.target_years {
            policy.push(format!("target_years = [{a}, {b}]"));
        }
        if let Some(mix) = &self.mix {
            policy.push(format!(
                "mix = {}  # tỷ lệ diện tích chuyển đổi / shares of the converted area",
                inline_table(mix)
            ));
        }
        if let Some(v) = self.compliance {
            policy.push(format!("compliance = {}  # tỷ lệ hộ đồng ý / share of owners who agree", number(v)));
        }
        if let Some(subsidy) = &self.subsidy_vnd_ha {
            policy
                .push(format!("subsidy_vnd_ha = {}  # đồng/ha trồng mới / VND per ha planted", inline_table(subsidy)));
        }
        if let Some(v) = self.credit_limit_vnd {
            policy.push(format!("credit_limit_vnd = {}  # đồng/hộ / VND per household", number(v)));
        }
        if let Some(v) = self.credit_rate {
            policy.push(format!("credit_rate = {}  # mỗi năm / per year", number(v)));
        }
        if let Some(v) = self.extension_boost {
            policy.push(format!("extension_boost = {}", number(v)));
        }
        if let Some(v) = self.topwork_support_vnd_household {
            policy.push(format!("topwork_support_vnd_household = {}  # đồng/hộ / VND per household", number(v)));
        }
        if let Some([a, b]) = self.support_years {
            policy.push(format!("support_years = [{a}, {b}]"));
        }
        let mut out = format!(
            "# Tạo trên trang agroshift: {extends} với các thay đổi dưới đây.\n\
             # Made on the agroshift page: {extends} with the changes below.\n\
             extends = {}\nname = {}\ntitle_vi = {}\ntitle_en = {}\n",
            quoted(extends),
            quoted(name),
            quoted(titles[0]),
            quoted(titles[1]),
        );
        if !policy.is_empty() {
            let zones = self.apply_to.as_deref().unwrap_or_default();
            if zones.is_empty() {
                out.push_str(&format!("\n[policy]\n{}\n", policy.join("\n")));
            }
            for zone in zones {
                out.push_str(&format!("\n[zones.{}.policy]\n{}\n", quoted(zone), policy.join("\n")));
            }
        }
        if let Some(shock) = &self.price_shock {
            out.push_str(&format!(
                "\n[markets.{}]\nprice_shock = {}  # từ năm {} / from {} on\nprice_shock_from_year = {}\n",
                bare_or_quoted(&shock.market),
                number(shock.change),
                shock.from_year,
                shock.from_year,
                shock.from_year
            ));
        }
        out
    }
}

/// The values a page's controls start from: the loaded scenario's.
#[derive(Debug, Clone, Serialize)]
pub struct Defaults {
    /// `behavioural` or `planned`.
    pub mode: &'static str,
    /// Planned mode's hectares per year (the scenario's, or a suggestion).
    pub target_ha_per_year: f64,
    /// Planned mode's decision years.
    pub target_years: [i32; 2],
    /// Crop → share of the plan's mix (every crop that may be planted;
    /// equal shares when the scenario has no plan).
    pub mix: IndexMap<String, f64>,
    /// Planned mode's compliance (0.8 when the scenario has no plan).
    pub compliance: f64,
    /// Crop → subsidy (VND/ha).
    pub subsidy_vnd_ha: IndexMap<String, f64>,
    /// Credit limit (VND).
    pub credit_limit_vnd: f64,
    /// Credit rate (per year).
    pub credit_rate: f64,
    /// Extension boost.
    pub extension_boost: f64,
    /// Top-working support (VND per household).
    pub topwork_support_vnd_household: f64,
    /// Support years (the whole run when the scenario sets none).
    pub support_years: [i32; 2],
}

impl Defaults {
    /// The controls' starting values for `s`.
    pub fn of(s: &Scenario) -> Defaults {
        let p = &s.policy;
        let first = s.simulation.base_year;
        let last = first + s.simulation.years as i32 - 1;
        let crops = s.choosable_crops();
        let plan = p.plan.as_ref();
        let equal = 1.0 / crops.len().max(1) as f64;
        let mix = crops
            .iter()
            .map(|c| {
                let share = match plan {
                    Some(plan) => plan.mix.iter().find(|(id, _)| id == c).map_or(0.0, |(_, v)| *v),
                    None => equal,
                };
                (s.crops[c.index()].key.clone(), share)
            })
            .collect();
        let subsidy = crops.iter().map(|c| (s.crops[c.index()].key.clone(), p.subsidy_vnd_per_ha[c.index()])).collect();
        Defaults {
            mode: if p.mode == Mode::Planned { "planned" } else { "behavioural" },
            target_ha_per_year: plan.map_or(1000.0, |plan| plan.target_ha_per_year),
            target_years: plan
                .map_or([first, (first + 9).min(last)], |plan| [plan.target_years.0, plan.target_years.1]),
            mix,
            compliance: plan.map_or(0.8, |plan| plan.compliance),
            subsidy_vnd_ha: subsidy,
            credit_limit_vnd: p.credit_limit_vnd,
            credit_rate: p.credit_rate,
            extension_boost: p.extension_boost,
            topwork_support_vnd_household: p.topwork_support_vnd_per_household,
            support_years: p.support_years.map_or([first, last], |(a, b)| [a, b]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_become_a_scenario_file_that_extends_the_loaded_one() {
        let changes = Changes {
            subsidy_vnd_ha: Some(IndexMap::from([("longan_grafted".to_string(), 15e6)])),
            apply_to: Some(vec!["Mai Sơn".into()]),
            price_shock: Some(PriceShock { market: "longan".into(), change: -0.3, from_year: 2025 }),
            ..Changes::default()
        };
        let text = changes.to_toml("sonla-restructuring", "whatif", ["a", "b"]);
        let table: toml::Table = toml::from_str(&text).expect(&text);
        assert_eq!(table["extends"].as_str(), Some("sonla-restructuring"));
        let zone = &table["zones"]["Mai Sơn"]["policy"];
        assert_eq!(zone["subsidy_vnd_ha"]["longan_grafted"].as_integer(), Some(15_000_000), "{text}");
        assert_eq!(table["markets"]["longan"]["price_shock"].as_float(), Some(-0.3));
        assert!(table.get("policy").is_none(), "only Mai Sơn's policy changes");
    }
}
