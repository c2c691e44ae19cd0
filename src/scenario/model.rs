//! The validated scenario: every name resolved to an id, every number checked.

use indexmap::IndexMap;

use crate::economics::{HectareModel, Husbandry, YieldCurve};

/// Index of a crop in the scenario's crop table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CropId(pub u16);

/// Index of a market in the scenario's market table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MarketId(pub u16);

/// Index of a zone in the scenario's zone table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ZoneId(pub u16);

impl CropId {
    /// The index as `usize`, for table look-ups.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
impl MarketId {
    /// The index as `usize`, for table look-ups.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
impl ZoneId {
    /// The index as `usize`, for table look-ups.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Slope class: S1 < 8°, S2 8–15°, S3 15–25°, S4 > 25°.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slope {
    /// Under 8°.
    S1,
    /// 8–15°.
    S2,
    /// 15–25°.
    S3,
    /// Over 25°.
    S4,
}

impl Slope {
    /// All classes, flattest first.
    pub const ALL: [Slope; 4] = [Slope::S1, Slope::S2, Slope::S3, Slope::S4];

    /// 0 for S1 … 3 for S4.
    pub fn index(self) -> usize {
        self as usize
    }

    /// "S1" … "S4".
    pub fn label(self) -> &'static str {
        ["S1", "S2", "S3", "S4"][self.index()]
    }

    /// Parses "S1" … "S4" (case-insensitive).
    pub fn parse(text: &str) -> Option<Slope> {
        Slope::ALL.into_iter().find(|s| s.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// Annual or perennial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CropKind {
    /// Planted every year (maize, cassava, rice).
    Annual,
    /// A tree crop (longan, mango, plum, coffee, tea).
    Perennial,
}

/// A crop or other land use, with its per-hectare economics.
#[derive(Debug, Clone)]
pub struct Crop {
    /// Position in the crop table.
    pub id: CropId,
    /// Identifier used in scenario files (`longan_grafted`).
    pub key: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Annual or perennial.
    pub kind: CropKind,
    /// Market where it sells.
    pub market: MarketId,
    /// Price as a share of the market price.
    pub quality: f64,
    /// Whether its land may change crop.
    pub convertible: bool,
    /// Yield (mature yield for perennials) by slope class (t/ha).
    pub yield_t_per_ha: [f64; 4],
    /// Cash cost of an annual crop (VND/ha/yr).
    pub annual_cost_vnd_per_ha: f64,
    /// Establishment cost before the slope multiplier (VND/ha).
    pub establishment_vnd_per_ha: f64,
    /// Maintenance from age 1 (VND/ha/yr).
    pub maintenance_vnd_per_ha: f64,
    /// Harvest and marketing cost (VND/kg).
    pub harvest_vnd_per_kg: f64,
    /// Cost of top-working onto this crop, before the slope multiplier (VND/ha).
    pub topwork_vnd_per_ha: f64,
    /// Age a top-worked parcel takes (years).
    pub topwork_age_years: u32,
    /// The grafted crop an old orchard is top-worked onto.
    pub topwork_to: Option<CropId>,
    /// Age of replanting (years); 0 for annual crops.
    pub lifespan_years: u32,
    /// Share of mature yield by age.
    pub yield_curve: YieldCurve,
    /// Coefficient of variation of yield from weather.
    pub yield_cv: f64,
    /// Erosion cover factor while young (annual crops: the only one).
    pub cover_factor_young: f64,
    /// Erosion cover factor from `cover_age`.
    pub cover_factor_mature: f64,
    /// Share of area counted as tree cover from `cover_age`.
    pub cover_credit: f64,
    /// Range of ages at base year, both ends included (years).
    pub initial_age_years: (u32, u32),
    /// Base-year area split over slope classes (sums to 1).
    pub slope_share: [f64; 4],
    /// Where the figures come from.
    pub source: String,
}

impl Crop {
    /// Whether it is a tree crop.
    pub fn is_perennial(&self) -> bool {
        self.kind == CropKind::Perennial
    }

    /// Per-hectare economics on `slope`, with `establish_mult` the slope's
    /// establishment cost multiplier.
    pub fn hectare_model(&self, slope: Slope, establish_mult: f64) -> HectareModel {
        let husbandry = match self.kind {
            CropKind::Annual => Husbandry::Annual { annual_cost_vnd_per_ha: self.annual_cost_vnd_per_ha },
            CropKind::Perennial => Husbandry::Perennial {
                establishment_vnd_per_ha: self.establishment_vnd_per_ha * establish_mult,
                maintenance_vnd_per_ha: self.maintenance_vnd_per_ha,
                harvest_vnd_per_kg: self.harvest_vnd_per_kg,
                lifespan_years: self.lifespan_years,
                curve: self.yield_curve.clone(),
            },
        };
        HectareModel { yield_t_per_ha: self.yield_t_per_ha[slope.index()], husbandry }
    }

    /// Name in the chosen language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.name_vi,
            Lang::En => &self.name_en,
        }
    }
}

pub use super::parameters::Parameters;
pub use crate::text::Lang;

/// A market where a crop's price is set.
#[derive(Debug, Clone)]
pub struct Market {
    /// Position in the market table.
    pub id: MarketId,
    /// Identifier (`longan`).
    pub key: String,
    /// Median price (VND/kg).
    pub base_price_vnd_per_kg: f64,
    /// Spread of the log price.
    pub sigma: f64,
    /// Year-to-year persistence of the log price.
    pub phi: f64,
    /// Demand elasticity; `None`: supply does not move the price.
    pub demand_elasticity: Option<f64>,
    /// Tonnes absorbed at the base price in the base year (t).
    pub q_ref_t: f64,
    /// Yearly growth of that capacity (share per year).
    pub q_ref_growth: f64,
    /// A lasting change of the price (share: −0.3 is 30% lower) from
    /// `price_shock_from_year` on; 0: none. An option beyond MODEL.md, for
    /// "what if the longan price falls by a third from 2025?".
    pub price_shock: f64,
    /// First calendar year of `price_shock`.
    pub price_shock_from_year: i32,
    /// Where the figures come from.
    pub source: String,
}

impl Market {
    /// The factor of `price_shock` in calendar year `year`: 1 + shock from
    /// its first year on, else 1.
    pub fn shock_factor(&self, year: i32) -> f64 {
        if self.price_shock != 0.0 && year >= self.price_shock_from_year { 1.0 + self.price_shock } else { 1.0 }
    }
}

/// A planning unit (district or commune) in the base year.
#[derive(Debug, Clone)]
pub struct Zone {
    /// Position in the zone table.
    pub id: ZoneId,
    /// Name as written (NFC).
    pub name: String,
    /// Natural area (ha).
    pub natural_area_ha: f64,
    /// Households.
    pub households: f64,
    /// Forest area in the base year (ha).
    pub forest_ha: f64,
    /// Base-year area of each crop, by crop id (ha).
    pub crop_area_ha: Vec<f64>,
    /// Erosivity × erodibility (t/ha per unit LS·C·P).
    pub rk: f64,
    /// Probability of a hail year.
    pub hail_p: f64,
    /// Climate-suitability yield factor of each crop here, by crop id
    /// (MODEL.md §11; 1 where the file gives none).
    pub suitability: Vec<f64>,
    /// The zone's own policy, `[policy]` overlaid with
    /// `[zones."NAME".policy]` (MODEL.md §11); `None`: the provincial one.
    pub policy: Option<Policy>,
    /// First and last decision year, both included, in which the zone
    /// follows its own policy; in the other years it follows `[policy]`
    /// (`policy_years` in `[zones."NAME".policy]`; `None`: every year).
    /// An option beside MODEL.md §11, where a zone's policy holds for the
    /// whole run.
    pub policy_years: Option<(i32, i32)>,
    /// Where the figures come from.
    pub source: String,
}

impl Zone {
    /// Base-year farmland: the sum of crop areas (ha).
    pub fn farmland_ha(&self) -> f64 {
        self.crop_area_ha.iter().sum()
    }
}

/// Run settings.
#[derive(Debug, Clone)]
pub struct RunSettings {
    /// First simulated year.
    pub base_year: i32,
    /// Years simulated.
    pub years: u32,
    /// Monte Carlo replicates.
    pub replicates: u32,
    /// Random seed.
    pub seed: u64,
    /// Share of the province simulated, in (0, 1].
    pub scale: f64,
}

/// How conversion decisions are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each aware household weighs the options (MODEL.md §8).
    Behavioural,
    /// The plan sets the hectares; households comply or not.
    Planned,
}

/// The planned-mode settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Hectares converted per decision year (ha): the zone's own target
    /// when `own_target`, else the province's, shared among the planned
    /// zones without a target of their own by their eligible area.
    pub target_ha_per_year: f64,
    /// Whether the target is the zone's own (set in `[zones."NAME".policy]`).
    pub own_target: bool,
    /// First and last decision year, both included.
    pub target_years: (i32, i32),
    /// Share of converted area per crop, in mix order (sums to 1).
    pub mix: Vec<(CropId, f64)>,
    /// Probability that an owner complies.
    pub compliance: f64,
    /// Only owners who can pay the establishment cost convert.
    pub require_feasible: bool,
}

/// The conversion policy and its support package.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Who decides.
    pub mode: Mode,
    /// Crops that may be replaced.
    pub from_crops: Vec<CropId>,
    /// Eligible slope classes.
    pub slopes: [bool; 4],
    /// Crops that may be planted.
    pub to_crops: Vec<CropId>,
    /// Old orchards that may be top-worked.
    pub topwork_from: Vec<CropId>,
    /// Smallest parcel converted (ha).
    pub min_parcel_ha: f64,
    /// Parcels a household converts per year at most.
    pub max_conversions_per_household: u32,
    /// Establishment subsidy per crop id (VND/ha).
    pub subsidy_vnd_per_ha: Vec<f64>,
    /// Credit limit per household (VND).
    pub credit_limit_vnd: f64,
    /// Interest on credit (per year).
    pub credit_rate: f64,
    /// Extra yearly awareness probability.
    pub extension_boost: f64,
    /// Support per household and year in which it top-works (VND).
    pub topwork_support_vnd_per_household: f64,
    /// Share of households in cooperatives.
    pub coop_share: f64,
    /// First and last year, both included, of the decisions that receive
    /// the support (subsidy, top-working support, extension boost,
    /// preferential credit); `None`: every year (MODEL.md §11).
    pub support_years: Option<(i32, i32)>,
    /// Planned-mode settings (present in planned mode).
    pub plan: Option<Plan>,
}

/// A validated scenario, ready to simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Short name (output folder).
    pub name: String,
    /// Title in Vietnamese.
    pub title_vi: String,
    /// Title in English.
    pub title_en: String,
    /// Description in Vietnamese.
    pub description_vi: String,
    /// Description in English.
    pub description_en: String,
    /// Run settings.
    pub simulation: RunSettings,
    /// Model constants.
    pub parameters: Parameters,
    /// Conversion policy.
    pub policy: Policy,
    /// Crops in table order.
    pub crops: Vec<Crop>,
    /// Markets in table order.
    pub markets: Vec<Market>,
    /// Zones in table order.
    pub zones: Vec<Zone>,
    /// Correlation matrix of markets' price shocks, row-major, markets × markets.
    pub correlation: Vec<f64>,
    /// Source or `est` mark per setting name, in file order.
    pub sources: IndexMap<String, String>,
    /// The word for the zones' level, Vietnamese then English singular
    /// ("huyện", "district"; "xã", "commune"; by default "đơn vị", "zone").
    pub zone_word: (String, String),
    /// Plan periods of the budget as `[report] periods` gives them, first
    /// and last calendar year of each, in order and apart; `None`: the
    /// five-year plans (see [`Scenario::plan_periods`]).
    pub written_periods: Option<Vec<(i32, i32)>>,
    /// The zones the outputs speak of, in table order (empty: the province).
    /// With several, the run records them together as one more scope.
    pub focus: Vec<ZoneId>,
    /// The resolved scenario as TOML (after `extends`), for `show` and the manifest.
    pub resolved_toml: String,
    /// Files read, leaf first (`built-in:NAME` for shipped ones).
    pub files: Vec<String>,
    /// The plan's settings in `[policy]` (`policy.mix`, …) when every
    /// policy lets households decide: set (often inherited), they do
    /// nothing in this run, and their shares are not checked.
    pub plan_settings_unused: Vec<String>,
    /// What the files do that is rarely meant (zones added to inherited
    /// ones), in both languages: warned of like the settings without effect.
    pub file_warnings: Vec<crate::text::Said>,
}

/// Vietnam's five-year plans (…, 2016–2020, 2021–2025, …) that overlap the
/// years `first ..= last`.
pub fn five_year_plans(first: i32, last: i32) -> Vec<(i32, i32)> {
    // Plans start in the years 2016 + 5k.
    let start = first - (first - 2016).rem_euclid(5);
    (0..).map(|k| (start + 5 * k, start + 5 * k + 4)).take_while(|&(a, _)| a <= last).collect()
}

/// Fewest households a zone may have at the simulated scale: fewer make
/// its shares and percentiles noise, and its totals (divided by the scale)
/// wildly wrong.
pub const MIN_HOUSEHOLDS_PER_ZONE: f64 = 20.0;

/// A scale to suggest: `needed` rounded up at two significant digits (so
/// that the suggestion works), at most 1, written as the command line
/// takes it ("0.0025", "0.027").
fn scale_to_type(needed: f64) -> String {
    let digits = 10f64.powf(needed.log10().floor() - 1.0);
    let shown = ((needed / digits).ceil() * digits).min(1.0);
    let decimals = (1.0 - needed.log10().floor()).max(0.0) as usize;
    format!("{shown:.decimals$}")
}

/// Fewest simulated parcels a district's own yearly plan target should
/// cover: with fewer, the parcel that overshoots it (MODEL.md §8) is more
/// than a tenth of it, and the run warns.
pub const FEWEST_PARCELS_PER_TARGET: f64 = 10.0;

/// Most households simulated at once (after scaling): about 4 GB of memory.
pub const MAX_SIMULATED_HOUSEHOLDS: f64 = 5e6;

impl Scenario {
    /// Why the province cannot be simulated at `simulation.scale`, if it
    /// cannot: a zone would get fewer than [`MIN_HOUSEHOLDS_PER_ZONE`]
    /// households, or all together more than [`MAX_SIMULATED_HOUSEHOLDS`].
    pub fn size_problem(&self) -> Option<crate::text::Said> {
        let scale = self.simulation.scale;
        // A zone smaller than the minimum is simulated whole (scale 1).
        let floor = |households: f64| MIN_HOUSEHOLDS_PER_ZONE.min(households);
        let short = self.zones.iter().filter(|z| z.households * scale < floor(z.households) - 1e-9);
        if let Some(smallest) = short.min_by(|a, b| (a.households * scale).total_cmp(&(b.households * scale))) {
            let needed = self.zones.iter().map(|z| floor(z.households) / z.households).fold(0.0, f64::max).min(1.0);
            let shown = scale_to_type(needed);
            // The scales stay as the command line takes them (0.0025); the
            // households read as numbers do ("8,4 hộ").
            let left = |lang| crate::text::number_trimmed(smallest.households * scale, 1, lang);
            return Some(crate::text::said(
                format!(
                    "quy mô {scale} chỉ để lại {} hộ cho {}; mỗi {} cần ít nhất {MIN_HOUSEHOLDS_PER_ZONE} hộ \
                     (quy mô nhỏ nhất dùng được là {shown})",
                    left(Lang::Vi),
                    smallest.name,
                    self.zone_word(Lang::Vi)
                ),
                format!(
                    "scale {scale} leaves {} with {} households; every {} needs at least {MIN_HOUSEHOLDS_PER_ZONE} \
                     (the smallest scale that works is {shown})",
                    smallest.name,
                    left(Lang::En),
                    self.zone_word(Lang::En)
                ),
            ));
        }
        let total: f64 = self.zones.iter().map(|z| z.households).sum::<f64>() * scale;
        if total > MAX_SIMULATED_HOUSEHOLDS {
            let fits = MAX_SIMULATED_HOUSEHOLDS / (total / scale);
            let n = |x: f64, lang| crate::text::number_for(x, 0, lang);
            return Some(crate::text::said(
                format!(
                    "quy mô {scale} mô phỏng {} hộ; bộ nhớ chỉ đủ cho tối đa {} hộ (hãy dùng quy mô nhỏ hơn: {fits:.3})",
                    n(total, Lang::Vi),
                    n(MAX_SIMULATED_HOUSEHOLDS, Lang::Vi)
                ),
                format!(
                    "scale {scale} simulates {} households; at most {} fit in memory (use a smaller scale: {fits:.3})",
                    n(total, Lang::En),
                    n(MAX_SIMULATED_HOUSEHOLDS, Lang::En)
                ),
            ));
        }
        None
    }

    /// Crop by its key.
    pub fn crop_by_key(&self, key: &str) -> Option<&Crop> {
        self.crops.iter().find(|c| c.key == key)
    }

    /// The settings whose years all fall after the run's last simulated
    /// year, so that in this run they do nothing: support never paid, a
    /// plan that converts nothing, a price shock that never comes, a plan
    /// period of the budget with no rows. One sentence each in `lang`,
    /// naming the setting as the file writes it. Years before the base year
    /// are errors of the file; these depend on the run's length (`--years`).
    pub fn years_after_the_run(&self, lang: Lang) -> Vec<String> {
        let last = self.simulation.base_year + self.simulation.years as i32 - 1;
        let after = match lang {
            Lang::En => format!("is after the last simulated year, {last}"),
            Lang::Vi => format!("nằm sau năm mô phỏng cuối cùng, {last}"),
        };
        let mut out = Vec::new();
        let mut said = |at: String, what: String| {
            if !out.iter().any(|(_, w)| *w == what) {
                out.push((at, what));
            }
        };
        let policies = std::iter::once(("policy".to_string(), &self.policy)).chain(
            self.zones.iter().filter_map(|z| z.policy.as_ref().map(|p| (format!("zones.\"{}\".policy", z.name), p))),
        );
        // A zone's policy that keeps the province's years is not named again.
        for (at, policy) in policies {
            for (key, range, consequence) in policy.year_ranges(lang) {
                if let Some((first, end)) = range.filter(|&(first, _)| first > last) {
                    said(at.clone(), format!("{key} [{first}, {end}] {after}: {consequence}"));
                }
            }
        }
        for z in &self.zones {
            if let Some((first, end)) = z.policy_years.filter(|&(first, _)| first > last) {
                let never =
                    lang.pick("vùng không bao giờ theo chính sách riêng", "the zone never follows its own policy");
                said(format!("zones.\"{}\".policy", z.name), format!("policy_years [{first}, {end}] {after}: {never}"));
            }
        }
        for m in self.markets.iter().filter(|m| m.price_shock != 0.0 && m.price_shock_from_year > last) {
            let year = m.price_shock_from_year;
            let never = lang.pick("cú sốc giá không bao giờ xảy ra", "the shock never comes");
            said(format!("markets.{}", m.key), format!("price_shock_from_year {year} {after}: {never}"));
        }
        for (first, end) in self.written_periods.iter().flatten().filter(|&&(first, _)| first > last) {
            let empty = lang.pick("ngân sách không có dòng nào cho kỳ này", "the budget has no rows for it");
            said("report".into(), format!("periods [{first}, {end}] {after}: {empty}"));
        }
        out.into_iter().map(|(at, what)| format!("{at}.{what}")).collect()
    }

    /// Every setting that does nothing in this run, one sentence each in
    /// `lang`: the files' own warnings ([`Scenario::file_warnings`]), those
    /// of [`Scenario::years_after_the_run`], and the plan's
    /// settings where households decide (a planner who wrote a mix into a
    /// behavioural scenario saw it accepted and ignored without a word).
    pub fn settings_without_effect(&self, lang: Lang) -> Vec<String> {
        let mut out: Vec<String> = self.file_warnings.iter().map(|w| w.get(lang).to_string()).collect();
        out.extend(self.years_after_the_run(lang));
        out.extend(self.plan_targets_of_few_parcels(lang));
        out.extend(self.zone_plan_years_warnings(lang));
        if !self.plan_settings_unused.is_empty() {
            let keys = self.plan_settings_unused.join(", ");
            out.push(match lang {
                Lang::Vi => format!(
                    "{keys}: không có tác dụng khi hộ tự quyết định (mode = \"behavioural\"); các thiết lập kế hoạch chỉ dùng khi mode = \"planned\""
                ),
                Lang::En => format!(
                    "{keys}: {} nothing while households decide (mode = \"behavioural\"); plan settings apply with mode = \"planned\"",
                    if self.plan_settings_unused.len() > 1 { "do" } else { "does" }
                ),
            });
        }
        out
    }

    /// What a zone's plan does not do in some of the run's years, one
    /// sentence each in `lang`:
    /// - a planned zone whose policy holds for the whole run (no
    ///   `policy_years`) while the province's households decide: outside
    ///   its `target_years` nobody plants there, neither the plan nor the
    ///   households, which a plan for one plan period rarely means;
    /// - a plan whose `support_years` share no year with its
    ///   `target_years`: its conversions are never subsidised;
    /// - a plan whose `target_years` reach outside the zone's
    ///   `policy_years`: those years' targets are never planted.
    pub fn zone_plan_years_warnings(&self, lang: Lang) -> Vec<String> {
        let first_year = self.simulation.base_year;
        // Decisions of the last simulated year take effect after the run.
        let last_decision = first_year + self.simulation.years as i32 - 2;
        let span = |(a, b): (i32, i32)| if a == b { a.to_string() } else { format!("{a}–{b}") };
        let mut out = Vec::new();
        let mut said_support = Vec::new();
        let policies = std::iter::once((None, &self.policy, None))
            .chain(self.zones.iter().filter_map(|z| Some((Some(z), z.policy.as_ref()?, z.policy_years))));
        for (zone, policy, policy_years) in policies {
            let Some(plan) = policy.plan.as_ref().filter(|_| policy.mode == Mode::Planned) else { continue };
            let (t0, t1) = plan.target_years;
            let at = zone.map_or("policy".to_string(), |z| format!("zones.\"{}\".policy", z.name));
            let place = zone.map_or(lang.pick("cả tỉnh", "the province").to_string(), |z| z.name.clone());
            if let Some((s0, s1)) = policy.support_years
                && (s1 < t0 || s0 > t1)
                && !said_support.contains(&(s0, s1, t0, t1))
            {
                said_support.push((s0, s1, t0, t1));
                out.push(match lang {
                    Lang::Vi => format!(
                        "{at}: support_years [{s0}, {s1}] không trùng năm nào với target_years [{t0}, {t1}], nên diện tích chuyển đổi theo kế hoạch ở {place} không được hỗ trợ (không trợ giá, không vay ưu đãi cho các năm kế hoạch); nếu muốn hỗ trợ kế hoạch, ghi support_years = [{t0}, {t1}]"
                    ),
                    Lang::En => format!(
                        "{at}: support_years [{s0}, {s1}] share no year with target_years [{t0}, {t1}], so the plan's conversions in {place} get no support (no subsidy, no preferential credit for the plan's years); to support the plan, write support_years = [{t0}, {t1}]"
                    ),
                });
            }
            if zone.is_none() {
                continue;
            }
            // The decision years the zone follows its own plan in, within
            // the run; those outside its target years plant nothing there.
            let (own0, own1) = policy_years.unwrap_or((first_year, last_decision));
            let (own0, own1) = (own0.max(first_year), own1.min(last_decision));
            let mut idle = Vec::new();
            if own0 <= own1 && t0 <= last_decision && self.policy.mode == Mode::Behavioural {
                if t0 > own0 {
                    idle.push(span((own0, (t0 - 1).min(own1))));
                }
                if t1 < own1 {
                    idle.push(span(((t1 + 1).max(own0), own1)));
                }
            }
            if !idle.is_empty() {
                let idle = idle.join(lang.pick(" và ", " and "));
                let (whole_vi, whole_en) = match policy_years {
                    None => ("trong cả lần chạy".to_string(), "for the whole run".to_string()),
                    Some((p0, p1)) => {
                        (format!("trong policy_years [{p0}, {p1}]"), format!("in policy_years [{p0}, {p1}]"))
                    }
                };
                out.push(match lang {
                    Lang::Vi => format!(
                        "{at}: {place} theo kế hoạch {whole_vi}, nên trong các năm quyết định {idle} (ngoài target_years [{t0}, {t1}]) không ai trồng mới ở đó: kế hoạch không chuyển đổi, và hộ không tự chuyển đổi như ở các vùng hộ tự quyết định. Nếu muốn {place} theo [policy] ngoài kỳ kế hoạch, ghi policy_years = [{t0}, {t1}]"
                    ),
                    Lang::En => format!(
                        "{at}: {place} plans {whole_en}, so in decision years {idle} (outside target_years [{t0}, {t1}]) nobody plants there: the plan converts nothing and households do not convert on their own as they do where they decide. To have {place} follow [policy] outside the plan, write policy_years = [{t0}, {t1}]"
                    ),
                });
            }
            if let Some((p0, p1)) = policy_years.filter(|&(p0, p1)| t0 < p0 || t1 > p1) {
                out.push(match lang {
                    Lang::Vi => format!(
                        "{at}: target_years [{t0}, {t1}] vượt ra ngoài policy_years [{p0}, {p1}]; ngoài policy_years {place} theo [policy], nên chỉ tiêu của các năm đó không được thực hiện"
                    ),
                    Lang::En => format!(
                        "{at}: target_years [{t0}, {t1}] reach outside policy_years [{p0}, {p1}]; outside them {place} follows [policy], so those years' targets are not planted"
                    ),
                });
            }
        }
        out
    }

    /// A district's own plan target that the run's scale leaves with fewer
    /// than [`FEWEST_PARCELS_PER_TARGET`] parcels a year: the last parcel
    /// planted may overshoot the target (MODEL.md §8), by more than a tenth
    /// of it here. Communes' targets at a quick run's scale are often so.
    pub fn plan_targets_of_few_parcels(&self, lang: Lang) -> Vec<String> {
        let scale = self.simulation.scale;
        let parcels_per_household = 1.0 + self.parameters.parcels_extra_mean;
        let mut out = Vec::new();
        for z in &self.zones {
            let Some(plan) = z.policy.as_ref().and_then(|p| p.plan.as_ref()).filter(|p| p.own_target) else {
                continue;
            };
            let farmland = z.farmland_ha();
            if plan.target_ha_per_year <= 0.0 || farmland <= 0.0 {
                continue;
            }
            // A simulated parcel's mean area does not depend on the scale.
            let parcel_ha = farmland / (z.households * parcels_per_household);
            let parcels = plan.target_ha_per_year * scale / parcel_ha;
            if parcels >= FEWEST_PARCELS_PER_TARGET {
                continue;
            }
            let at = format!("zones.\"{}\".policy.target_ha_per_year", z.name);
            let target = crate::text::number_trimmed(plan.target_ha_per_year, 1, lang);
            let count = |n: f64| {
                if n < 0.1 {
                    lang.pick("chưa đến 0,1", "fewer than 0.1").to_string()
                } else {
                    crate::text::number_trimmed(n, 1, lang)
                }
            };
            let (shown, share) = (count(parcels), (100.0 / parcels).round());
            let miss = match (lang, share > 100.0) {
                (Lang::Vi, true) => "hơn cả chỉ tiêu".to_string(),
                (Lang::Vi, false) => format!("khoảng {share}%"),
                (Lang::En, true) => "more than the target itself".to_string(),
                (Lang::En, false) => format!("about {share}%"),
            };
            let at_scale = crate::text::scale_text(scale, lang);
            // The smallest scale that gives enough parcels.
            let needed = scale * FEWEST_PARCELS_PER_TARGET / parcels;
            let advice = if needed <= 1.0 {
                let needed = scale_to_type(needed);
                match lang {
                    Lang::Vi => {
                        format!("quy mô từ {needed} trở lên cho ít nhất {FEWEST_PARCELS_PER_TARGET} thửa")
                    }
                    Lang::En => format!("scale {needed} or more gives at least {FEWEST_PARCELS_PER_TARGET}"),
                }
            } else {
                let whole = count(parcels / scale);
                match lang {
                    Lang::Vi => format!("cả tỉnh (quy mô 1) cũng chỉ có khoảng {whole} thửa cho chỉ tiêu này"),
                    Lang::En => format!("even the whole province (scale 1) gives this target only about {whole}"),
                }
            };
            out.push(match lang {
                Lang::Vi => format!(
                    "{at}: {target} ha mỗi năm ở quy mô {at_scale} chỉ là {shown} thửa được mô phỏng, nên diện tích trồng mỗi năm có thể lệch khỏi chỉ tiêu một thửa ({miss}) hoặc hơn; {advice}"
                ),
                Lang::En => format!(
                    "{at}: {target} ha a year at scale {at_scale} is {shown} simulated parcels, so a year's planting can miss the target by a parcel ({miss}) or more; {advice}"
                ),
            });
        }
        out
    }

    /// The budget's plan periods that overlap the run's years, each cut to
    /// them: `[report] periods`, or Vietnam's five-year plans (MODEL.md §11).
    pub fn plan_periods(&self) -> Vec<(i32, i32)> {
        let first = self.simulation.base_year;
        let last = first + self.simulation.years as i32 - 1;
        let periods = self.written_periods.clone().unwrap_or_else(|| five_year_plans(first, last));
        periods
            .into_iter()
            .filter(|&(a, b)| a <= last && b >= first)
            .map(|(a, b)| (a.max(first), b.min(last)))
            .collect()
    }

    /// The scope the outputs speak of: `province`, the focus zone's name,
    /// or the focus zones' names joined by " + ".
    pub fn focus_scope(&self) -> String {
        match self.focus.as_slice() {
            [] => "province".to_string(),
            zones => zones.iter().map(|z| self.zones[z.index()].name.as_str()).collect::<Vec<_>>().join(" + "),
        }
    }

    /// The scope the outputs speak of, as people read it: "toàn tỉnh" /
    /// "province", or the focus zones' names.
    pub fn focus_label(&self, lang: Lang) -> String {
        if self.focus.is_empty() { lang.pick("toàn tỉnh", "province").to_string() } else { self.focus_scope() }
    }

    /// The focus for a title: [`Scenario::focus_label`] while it names
    /// three zones or fewer; else how many, then the first three ("9 xã:
    /// Mường Bú + Chiềng Mung + Mường Chanh + …"), so that a chart that
    /// shortens a long title still says how many it speaks of.
    pub fn focus_title(&self, lang: Lang) -> String {
        const SHOWN: usize = 3;
        if self.focus.len() <= SHOWN {
            return self.focus_label(lang);
        }
        let names: Vec<&str> = self.focus[..SHOWN].iter().map(|z| self.zones[z.index()].name.as_str()).collect();
        format!("{} {}: {} + …", self.focus.len(), self.zones_word(lang), names.join(" + "))
    }

    /// " — " and [`Scenario::focus_title`], for a title that speaks of the
    /// focus; nothing for the province.
    pub fn place_suffix(&self, lang: Lang) -> String {
        if self.focus.is_empty() { String::new() } else { format!(" — {}", self.focus_title(lang)) }
    }

    /// Whether `scope` names a scope of this scenario's runs: `province`, a
    /// zone, or the focus group.
    pub fn knows_scope(&self, scope: &str) -> bool {
        scope == "province"
            || self.zones.iter().any(|z| z.name == scope)
            || (self.has_focus_group() && scope == self.focus_scope())
    }

    /// The record's scope of [`Scenario::focus_scope`]: 0 for the
    /// province, `1 + zone` for one focus zone, `1 + zones` for several.
    pub fn focus_scope_index(&self) -> usize {
        match self.focus.as_slice() {
            [] => 0,
            [zone] => 1 + zone.index(),
            _ => 1 + self.zones.len(),
        }
    }

    /// Whether the run records the focus zones together as a scope of
    /// their own (index `1 + zones`): when there are several.
    pub fn has_focus_group(&self) -> bool {
        self.focus.len() > 1
    }

    /// The zones named `names` as focus, in table order; an unknown name is
    /// an error in words, with a suggestion.
    pub fn zones_named(&self, names: &[String]) -> Result<Vec<ZoneId>, crate::text::Said> {
        use crate::text::said;
        let mut ids = Vec::new();
        for name in names {
            let name = crate::text::nfc(name.trim());
            match self.zones.iter().find(|z| z.name == name) {
                Some(z) if !ids.contains(&z.id) => ids.push(z.id),
                Some(_) => {
                    return Err(said(format!("\"{name}\" được ghi hai lần"), format!("\"{name}\" is named twice")));
                }
                None => {
                    let near = crate::text::nearest(&name, self.zones.iter().map(|z| z.name.as_str()));
                    let hint = near.map(crate::text::did_you_mean_name);
                    let hint_vi = hint.as_ref().map(|h| format!("; {}", h.vi)).unwrap_or_default();
                    let hint_en = hint.as_ref().map(|h| format!("; {}", h.en)).unwrap_or_default();
                    return Err(said(
                        format!("{} không có vùng nào tên \"{name}\"{hint_vi}", self.name),
                        format!("no zone named \"{name}\" in {}{hint_en}", self.name),
                    ));
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// The word for one zone in `lang` ("huyện", "district").
    pub fn zone_word(&self, lang: Lang) -> &str {
        lang.pick(&self.zone_word.0, &self.zone_word.1)
    }

    /// The crops sold on `market` (its key), by name, for a reader: those a
    /// household may choose, or else all of them; the key if none.
    pub fn market_name(&self, market: &str, lang: Lang) -> String {
        let sold_here = |c: &&Crop| self.markets[c.market.index()].key == market;
        let choosable: Vec<&str> = self
            .choosable_crops()
            .iter()
            .map(|c| &self.crops[c.index()])
            .filter(sold_here)
            .map(|c| c.name(lang))
            .collect();
        let sellers = if choosable.is_empty() {
            self.crops.iter().filter(sold_here).map(|c| c.name(lang)).collect()
        } else {
            choosable
        };
        if sellers.is_empty() { market.to_string() } else { sellers.join(", ") }
    }

    /// The word for several zones in `lang` (Vietnamese has no plural).
    pub fn zones_word(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => self.zone_word.0.clone(),
            Lang::En => format!("{}s", self.zone_word.1),
        }
    }

    /// Title in the chosen language.
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.title_vi,
            Lang::En => &self.title_en,
        }
    }

    /// Description in the chosen language.
    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.description_vi,
            Lang::En => &self.description_en,
        }
    }

    /// Price at base prices of `crop`: market median × quality (VND/kg).
    pub fn base_price_vnd_per_kg(&self, crop: &Crop) -> f64 {
        self.markets[crop.market.index()].base_price_vnd_per_kg * crop.quality
    }

    /// The crops a household may choose for itself in any zone: the
    /// planting targets, then the crops that top-working leads to, each once.
    pub fn choosable_crops(&self) -> Vec<CropId> {
        let mut crops: Vec<CropId> = Vec::new();
        let policies = std::iter::once(&self.policy).chain(self.zones.iter().filter_map(|z| z.policy.as_ref()));
        for policy in policies {
            let topwork_targets = policy.topwork_from.iter().filter_map(|c| self.crops[c.index()].topwork_to);
            for crop in policy.to_crops.iter().copied().chain(topwork_targets) {
                if !crops.contains(&crop) {
                    crops.push(crop);
                }
            }
        }
        crops
    }

    /// The provincial policy, then every zone's own policy, in zone order:
    /// what a change meant for the whole province must reach.
    pub fn policies_mut(&mut self) -> impl Iterator<Item = &mut Policy> {
        std::iter::once(&mut self.policy).chain(self.zones.iter_mut().filter_map(|z| z.policy.as_mut()))
    }

    /// Whether any zone sets a policy of its own.
    pub fn has_zone_policies(&self) -> bool {
        self.zones.iter().any(|z| z.policy.is_some())
    }

    /// The source or `est` mark of a setting, if recorded.
    pub fn source_of(&self, setting: &str) -> Option<&str> {
        self.sources.get(setting).map(String::as_str)
    }
}

/// A policy's year range (first and last, both included), with its
/// setting's name and what the range does nothing of when it lies outside
/// the run's years ("the support is never paid").
pub type PolicyYears = (&'static str, Option<(i32, i32)>, &'static str);

impl Policy {
    /// The policy's year ranges that do nothing outside the run's years,
    /// each with its setting's name and what a range outside them comes
    /// to: read by the check of years before the run (errors) and after
    /// it (warnings).
    pub fn year_ranges(&self, lang: Lang) -> [PolicyYears; 2] {
        [
            (
                "support_years",
                self.support_years,
                lang.pick("khoản hỗ trợ sẽ không được chi", "the support is never paid"),
            ),
            (
                "target_years",
                self.plan.as_ref().map(|p| p.target_years),
                lang.pick("kế hoạch không chuyển đổi diện tích nào", "the plan converts nothing"),
            ),
        ]
    }

    /// Whether decisions taken in `year` receive the support package.
    pub fn supports(&self, year: i32) -> bool {
        self.support_years.is_none_or(|(first, last)| (first..=last).contains(&year))
    }

    /// Whether households may borrow down to `-credit_limit_vnd` in `year`:
    /// the support years and the year after, when their last conversions
    /// are paid with the loan they were decided with (MODEL.md §11).
    pub fn lends(&self, year: i32) -> bool {
        self.support_years.is_none_or(|(first, last)| (first..=last + 1).contains(&year))
    }

    /// Whether a parcel of `crop` on slope class `slope_index` (0 = S1) and
    /// `area_ha` hectares may be planted to a new crop (MODEL.md §8).
    pub fn plantable(&self, crop: CropId, slope_index: usize, area_ha: f64) -> bool {
        self.from_crops.contains(&crop) && self.slopes[slope_index] && area_ha >= self.min_parcel_ha
    }

    /// Whether a parcel of `crop` and `area_ha` hectares may be top-worked.
    pub fn topworkable(&self, crop: CropId, area_ha: f64) -> bool {
        self.topwork_from.contains(&crop) && area_ha >= self.min_parcel_ha
    }
}
