//! Constants of a run laid out for the yearly loop: per-crop and per-zone
//! numbers in flat arrays, looked up by index, computed once per scenario.

use nalgebra::DMatrix;

use super::policy_tables::{PolicyTables, RunPolicies};
use crate::economics::HectareModel;
use crate::scenario::{CropKind, Scenario, Slope};

/// A crop on one slope class (S1–S4).
#[derive(Debug, Clone, Copy, Default)]
pub struct CropSlope {
    /// Yield (t/ha; mature yield for perennials).
    pub yield_t_per_ha: f64,
    /// Establishment cost, slope multiplier applied (VND/ha).
    pub establishment_vnd_per_ha: f64,
    /// Cost of top-working onto the crop, slope multiplier applied (VND/ha).
    pub topwork_vnd_per_ha: f64,
}

/// What a parcel's crop at a given age means for one year of the economy
/// pass, so that the pass needs no branch on the kind of crop. Only what the
/// parcel loop reads is here, in one 64-byte cache line; what the zone's
/// totals need once per zone is in [`AgeWeights`].
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
pub struct AgeRow {
    /// Yield before soil and weather on each slope class: mature yield ×
    /// share of mature yield at this age (t/ha).
    pub yield_t_per_ha: [f64; 4],
    /// Harvest cost (VND/t; 0 for annuals, whose costs are per ha).
    pub harvest_vnd_per_t: f64,
    /// Yearly cost per ha: the annual cost, or an orchard's maintenance from
    /// age 1 (VND/ha).
    pub upkeep_vnd_per_ha: f64,
    /// Cover-management factor C of the soil-loss equation.
    pub cover: f64,
    /// Age next year if nothing changes: an orchard ages and is replanted
    /// at its lifespan (age 0 again); an annual crop stays at 0.
    pub next_age: u16,
    /// An orchard in its establishment year (age 0).
    pub establishing: bool,
    /// Whether the loss streak counts this year: a bearing orchard that may
    /// be abandoned (only abandonment reads the streak).
    pub counts_losses: bool,
}

/// The weights that turn a zone's sums by crop and age into its totals:
/// a flag that does not apply is 0.
#[derive(Debug, Clone, Copy, Default)]
pub struct AgeWeights {
    /// 1 for a bearing orchard (yield share above 0), else 0.
    pub bearing: f64,
    /// 1 for an orchard at full mature yield share, else 0.
    pub mature: f64,
    /// Share of the area counted as tree cover (0 for annuals and young orchards).
    pub tree_credit: f64,
    /// Share of mature yield next year if nothing changes.
    pub next_fraction: f64,
}

/// Crop look-up tables, indexed by crop id (and slope class, age).
#[derive(Debug, Clone)]
pub struct ModelTables {
    /// Crops.
    pub crops: usize,
    /// Markets.
    pub markets: usize,
    /// Zones.
    pub zones: usize,
    /// Perennial flag per crop.
    pub perennial: Vec<bool>,
    /// Market index per crop.
    pub market: Vec<usize>,
    /// Quality factor per crop.
    pub quality: Vec<f64>,
    /// Price volatility σ of each crop's market.
    pub market_sigma: Vec<f64>,
    /// A crop on a slope class, by `crop * 4 + slope`.
    pub crop_slope: Vec<CropSlope>,
    /// MODEL.md §5's economics of a hectare of each crop on each slope
    /// class, by `crop * 4 + slope`: the one definition of the cash flow
    /// from which the age rows and the decisions' discounted values are built.
    pub hectare: Vec<HectareModel>,
    /// Lifespan per crop (years; 0 for annuals).
    pub lifespan_years: Vec<u16>,
    /// Age a parcel top-worked onto the crop takes.
    pub topwork_age_years: Vec<u16>,
    /// Top-working target per crop, or `NO_CROP`.
    pub topwork_to: Vec<u16>,
    /// Width of the fraction table: the longest lifespan, at least 1.
    pub max_age: usize,
    /// Share of mature yield by `crop * max_age + age` (1 for annuals).
    pub fraction: Vec<f64>,
    /// The economy pass's view of each crop and age, by `crop * max_age + age`.
    pub age_rows: Vec<AgeRow>,
    /// The zone totals' weights of each crop and age, laid out like `age_rows`.
    pub age_weights: Vec<AgeWeights>,
    /// Where a crop's expected and committed production is summed: its
    /// market, or the extra slot `markets` for markets without a supply
    /// response (which never read it).
    pub supply_slot: Vec<usize>,
    /// Yield coefficient of variation per crop.
    pub yield_cv: Vec<f64>,
    /// The policies of the run and the class of each zone.
    pub policies: RunPolicies,
    /// Every zone's index, in order: the province's zones.
    pub all_zones: Vec<usize>,
    /// The focus zones recorded together as one scope (empty: none).
    pub focus_group: Vec<usize>,
    /// Index of the budget's plan period of each year (by year index), or
    /// [`NO_PERIOD`] for a year outside every period.
    pub period_of_year: Vec<u16>,
    /// Crop that an abandoned orchard reverts to.
    pub revert_crop: u16,
    /// R·K of each zone's soil-loss equation times LS of each slope class:
    /// a parcel's soil loss is this times its cover factor (t/ha/yr).
    pub zone_rk_ls: Vec<[f64; 4]>,
    /// Climate-suitability yield factor by `zone * crops + crop` (MODEL.md §11).
    pub suitability: Vec<f64>,
    /// Zone hail probability.
    pub zone_hail_p: Vec<f64>,
    /// Lower-triangular Cholesky factor of the market correlations, row-major.
    pub cholesky: Vec<f64>,
}

/// Marker for "no plan period" in [`ModelTables::period_of_year`].
pub const NO_PERIOD: u16 = u16::MAX;

/// Marker for "no crop" in `u16` crop arrays.
pub const NO_CROP: u16 = u16::MAX;

impl ModelTables {
    /// Tables of `scenario`.
    pub fn new(scenario: &Scenario) -> Self {
        let params = &scenario.parameters;
        let crops = scenario.crops.len();
        let markets = scenario.markets.len();
        let max_age = scenario.crops.iter().map(|c| c.lifespan_years as usize).max().unwrap_or(1).max(1);
        let mut t = ModelTables {
            crops,
            markets,
            zones: scenario.zones.len(),
            perennial: Vec::new(),
            market: Vec::new(),
            quality: Vec::new(),
            market_sigma: Vec::new(),
            crop_slope: Vec::new(),
            hectare: Vec::new(),
            lifespan_years: Vec::new(),
            topwork_age_years: Vec::new(),
            topwork_to: Vec::new(),
            max_age,
            fraction: Vec::new(),
            age_rows: Vec::new(),
            age_weights: Vec::new(),
            supply_slot: Vec::new(),
            yield_cv: Vec::new(),
            policies: RunPolicies::new(scenario),
            all_zones: (0..scenario.zones.len()).collect(),
            focus_group: if scenario.has_focus_group() {
                scenario.focus.iter().map(|z| z.index()).collect()
            } else {
                Vec::new()
            },
            period_of_year: {
                let periods = scenario.plan_periods();
                let year = |i: u32| scenario.simulation.base_year + i as i32;
                (0..scenario.simulation.years)
                    .map(|i| {
                        let found = periods.iter().position(|&(a, b)| (a..=b).contains(&year(i)));
                        found.map_or(NO_PERIOD, |p| p as u16)
                    })
                    .collect()
            },
            revert_crop: 0,
            zone_rk_ls: scenario.zones.iter().map(|z| params.ls.map(|ls| z.rk * ls)).collect(),
            suitability: scenario.zones.iter().flat_map(|z| z.suitability.iter().copied()).collect(),
            zone_hail_p: scenario.zones.iter().map(|z| z.hail_p).collect(),
            cholesky: Vec::new(),
        };
        for c in &scenario.crops {
            let perennial = c.kind == CropKind::Perennial;
            t.perennial.push(perennial);
            t.market.push(c.market.index());
            t.quality.push(c.quality);
            t.market_sigma.push(scenario.markets[c.market.index()].sigma);
            for (s, slope) in Slope::ALL.into_iter().enumerate() {
                t.hectare.push(c.hectare_model(slope, params.establish_mult[s]));
                t.crop_slope.push(CropSlope {
                    yield_t_per_ha: c.yield_t_per_ha[s],
                    establishment_vnd_per_ha: c.establishment_vnd_per_ha * params.establish_mult[s],
                    topwork_vnd_per_ha: c.topwork_vnd_per_ha * params.establish_mult[s],
                });
            }
            t.lifespan_years.push(c.lifespan_years as u16);
            t.topwork_age_years.push(c.topwork_age_years as u16);
            t.topwork_to.push(c.topwork_to.map_or(NO_CROP, |x| x.0));
            if perennial {
                t.fraction.extend(c.yield_curve.table(max_age));
            } else {
                t.fraction.extend(std::iter::repeat_n(1.0, max_age));
            }
            t.yield_cv.push(c.yield_cv);
            let responsive = scenario.markets[c.market.index()].demand_elasticity.is_some();
            t.supply_slot.push(if responsive { c.market.index() } else { markets });
        }
        for c in &scenario.crops {
            let perennial = c.kind == CropKind::Perennial;
            let hectares = &t.hectare[c.id.index() * 4..(c.id.index() + 1) * 4];
            let fractions = &t.fraction[c.id.index() * max_age..(c.id.index() + 1) * max_age];
            for (age, &fraction) in fractions.iter().enumerate() {
                let next_age = match (perennial, age + 1) {
                    (false, _) => age,
                    (true, next) if next >= c.lifespan_years as usize => 0,
                    (true, next) => next,
                };
                let flag = |on: bool| if on { 1.0 } else { 0.0 };
                let mature_cover = age >= params.cover_age_years as usize;
                let terms: [_; 4] = std::array::from_fn(|k| hectares[k].year_terms(age as u32));
                t.age_rows.push(AgeRow {
                    yield_t_per_ha: terms.map(|x| x.yield_t_per_ha),
                    // The cost per kg times 1000, as the cost of a harvest in t is reckoned.
                    harvest_vnd_per_t: terms[0].harvest_vnd_per_kg * 1000.0,
                    upkeep_vnd_per_ha: terms[0].upkeep_vnd_per_ha,
                    cover: if perennial && mature_cover { c.cover_factor_mature } else { c.cover_factor_young },
                    next_age: next_age as u16,
                    establishing: perennial && age == 0,
                    counts_losses: perennial && fraction > 0.0 && c.convertible,
                });
                t.age_weights.push(AgeWeights {
                    bearing: flag(perennial && fraction > 0.0),
                    mature: flag(perennial && fraction >= 1.0),
                    tree_credit: if perennial && mature_cover { c.cover_credit } else { 0.0 },
                    next_fraction: fractions[next_age.min(max_age - 1)],
                });
            }
        }
        // Abandoned orchards revert to maize (MODEL.md §8); a scenario
        // without maize reverts to its first replaceable crop.
        t.revert_crop = scenario
            .crop_by_key("maize")
            .map(|c| c.id.0)
            .or_else(|| scenario.policy.from_crops.first().map(|c| c.0))
            .unwrap_or(0);
        let corr = DMatrix::from_row_slice(markets, markets, &scenario.correlation);
        let l = nalgebra::Cholesky::new(corr).map(|c| c.l()).unwrap_or_else(|| DMatrix::identity(markets, markets));
        t.cholesky = (0..markets).flat_map(|i| (0..markets).map(move |j| (i, j))).map(|(i, j)| l[(i, j)]).collect();
        t
    }

    /// Cash needed to plant `area` ha on slope class `k` to crop `tc`
    /// under `policy`: establishment less the subsidy if the year's
    /// decisions are `subsidised` (VND).
    #[inline]
    pub fn plant_cash_vnd(&self, policy: &PolicyTables, tc: usize, k: usize, area: f64, subsidised: bool) -> f64 {
        let subsidy = if subsidised { policy.subsidy_vnd_per_ha[tc] } else { 0.0 };
        (self.crop_slope[tc * 4 + k].establishment_vnd_per_ha - subsidy) * area
    }

    /// MODEL.md §6: a parcel's expected production (t), its yield without
    /// weather or hail: area × yield of the crop on its slope class × share
    /// of mature yield at its age × soil factor × climate suitability.
    #[inline]
    pub fn expected_production_t(
        &self,
        crop: usize,
        slope: usize,
        age: usize,
        area_ha: f64,
        soil: f64,
        suitability: f64,
    ) -> f64 {
        area_ha * self.crop_slope[crop * 4 + slope].yield_t_per_ha * self.fraction_at(crop, age) * soil * suitability
    }

    /// Index of `crop` at `age` in [`Self::age_rows`] and the tables laid out like it.
    #[inline]
    pub fn age_index(&self, crop: usize, age: usize) -> usize {
        crop * self.max_age + age.min(self.max_age - 1)
    }

    /// Share of mature yield of `crop` at `age` (1 for annuals).
    #[inline]
    pub fn fraction_at(&self, crop: usize, age: usize) -> f64 {
        self.fraction[crop * self.max_age + age.min(self.max_age - 1)]
    }

    /// Age after `k` more years from `age`, replanting at the lifespan.
    #[inline]
    pub fn age_after(&self, crop: usize, age: usize, k: usize) -> usize {
        let life = self.lifespan_years[crop] as usize;
        if life == 0 {
            return 0;
        }
        let a = age + k;
        if a < life { a } else { (a - life) % life }
    }
}
