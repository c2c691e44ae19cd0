//! Cash flow of one hectare by age (MODEL.md §5).

use super::curve::YieldCurve;

/// How a crop is grown and what that costs, per hectare.
#[derive(Debug, Clone, PartialEq)]
pub enum Husbandry {
    /// Planted and harvested every year.
    Annual {
        /// Cash cost of a season (VND/ha/yr).
        annual_cost_vnd_per_ha: f64,
    },
    /// A tree crop that lives for years.
    Perennial {
        /// Planting cost at age 0, slope multiplier already applied (VND/ha).
        establishment_vnd_per_ha: f64,
        /// Running cost from age 1 (VND/ha/yr).
        maintenance_vnd_per_ha: f64,
        /// Picking and marketing cost per kg harvested (VND/kg).
        harvest_vnd_per_kg: f64,
        /// Age at which the orchard is replanted (years).
        lifespan_years: u32,
        /// Share of mature yield by age.
        curve: YieldCurve,
    },
}

/// One year's cash-flow terms of a hectare, before soil and price (see
/// [`HectareModel::year_terms`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearTerms {
    /// Yield before the soil factor: mature yield × share of it at this age (t/ha).
    pub yield_t_per_ha: f64,
    /// Picking and marketing cost (VND/kg; 0 for annual crops).
    pub harvest_vnd_per_kg: f64,
    /// The annual crop's season cost, or the orchard's maintenance from age 1 (VND/ha).
    pub upkeep_vnd_per_ha: f64,
    /// Establishment, paid at age 0 (VND/ha).
    pub capital_vnd_per_ha: f64,
}

/// Discounted sums of a hectare's flows (VND/ha), split by what the soil
/// factor scales: NPV = `soil · gross_net − costs`; the present value of
/// the revenue is `soil · revenue`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SplitPresentValue {
    /// Revenue less harvest cost, per unit soil factor.
    pub gross_net: f64,
    /// Revenue, per unit soil factor.
    pub revenue: f64,
    /// Upkeep, capital and any first-year cost.
    pub costs: f64,
}

/// The economics of one hectare of one crop on one slope class.
#[derive(Debug, Clone, PartialEq)]
pub struct HectareModel {
    /// Yield of an annual crop, or mature yield of a perennial, on this slope (t/ha).
    pub yield_t_per_ha: f64,
    /// Costs and, for perennials, the age profile.
    pub husbandry: Husbandry,
}

impl HectareModel {
    /// Share of mature yield at `age_years` (1 for annual crops).
    pub fn yield_fraction(&self, age_years: u32) -> f64 {
        match &self.husbandry {
            Husbandry::Annual { .. } => 1.0,
            Husbandry::Perennial { curve, .. } => curve.fraction_at(age_years as f64),
        }
    }

    /// Yield at `age_years` with soil factor `soil_factor` (t/ha).
    pub fn yield_at(&self, age_years: u32, soil_factor: f64) -> f64 {
        self.yield_t_per_ha * self.yield_fraction(age_years) * soil_factor
    }

    /// Gross output value at age `age_years`: 1000 · yield · price (VND/ha).
    pub fn gross_output_vnd_per_ha(&self, age_years: u32, price_vnd_per_kg: f64, soil_factor: f64) -> f64 {
        1000.0 * self.yield_at(age_years, soil_factor) * price_vnd_per_kg
    }

    /// Capital cost paid at `age_years`: establishment at age 0 (VND/ha).
    pub fn capital_vnd_per_ha(&self, age_years: u32) -> f64 {
        match &self.husbandry {
            Husbandry::Perennial { establishment_vnd_per_ha, .. } if age_years == 0 => *establishment_vnd_per_ha,
            _ => 0.0,
        }
    }

    /// The terms of one year's cash flow at `age_years` that do not depend
    /// on soil or price: MODEL.md §5's CF(a) is
    /// `1000 · y · soil · (price − harvest) − upkeep − capital` with
    /// `y = yield_t_per_ha`. Every other reckoning of the flow (the engine's
    /// tables, its discounted values) is built from these terms.
    pub fn year_terms(&self, age_years: u32) -> YearTerms {
        let yield_t_per_ha = self.yield_at(age_years, 1.0);
        match &self.husbandry {
            Husbandry::Annual { annual_cost_vnd_per_ha } => YearTerms {
                yield_t_per_ha,
                harvest_vnd_per_kg: 0.0,
                upkeep_vnd_per_ha: *annual_cost_vnd_per_ha,
                capital_vnd_per_ha: 0.0,
            },
            Husbandry::Perennial { maintenance_vnd_per_ha, harvest_vnd_per_kg, .. } => YearTerms {
                yield_t_per_ha,
                harvest_vnd_per_kg: *harvest_vnd_per_kg,
                upkeep_vnd_per_ha: if age_years >= 1 { *maintenance_vnd_per_ha } else { 0.0 },
                capital_vnd_per_ha: self.capital_vnd_per_ha(age_years),
            },
        }
    }

    /// Operating result at `age_years` (VND/ha): revenue less harvest,
    /// maintenance or annual costs, before any capital cost.
    pub fn net_income_vnd_per_ha(&self, age_years: u32, price_vnd_per_kg: f64, soil_factor: f64) -> f64 {
        let terms = self.year_terms(age_years);
        1000.0 * (terms.yield_t_per_ha * soil_factor) * (price_vnd_per_kg - terms.harvest_vnd_per_kg)
            - terms.upkeep_vnd_per_ha
    }

    /// Cash flow CF(a) of MODEL.md §5 (VND/ha): operating result less capital cost.
    pub fn cash_flow_vnd_per_ha(&self, age_years: u32, price_vnd_per_kg: f64, soil_factor: f64) -> f64 {
        self.net_income_vnd_per_ha(age_years, price_vnd_per_kg, soil_factor) - self.capital_vnd_per_ha(age_years)
    }

    /// Lifespan in years (perennials), or `None` for annual crops.
    pub fn lifespan_years(&self) -> Option<u32> {
        match &self.husbandry {
            Husbandry::Annual { .. } => None,
            Husbandry::Perennial { lifespan_years, .. } => Some(*lifespan_years),
        }
    }

    /// Age `k` years after a parcel was at `start_age_years`, with replanting
    /// (back to age 0) whenever the lifespan is reached.
    pub fn age_after(&self, start_age_years: u32, k_years: u32) -> u32 {
        match self.lifespan_years() {
            Some(life) if life > 0 => {
                let age = start_age_years + k_years;
                if age < life { age } else { (age - life) % life }
            }
            _ => 0,
        }
    }

    /// The present value of `years` years of flows from `start_age_years`
    /// (replanting at the lifespan), discounted at `rate_per_yr`, split so
    /// that a parcel's soil factor can be applied afterwards: its NPV is
    /// `soil · gross_net − costs`, which equals
    /// [`super::npv`] of [`Self::flows_vnd_per_ha`] at that soil factor, less
    /// `first_cost_vnd_per_ha` paid in the first year (top-working, say).
    pub fn split_present_value(
        &self,
        start_age_years: u32,
        years: u32,
        price_vnd_per_kg: f64,
        rate_per_yr: f64,
        first_cost_vnd_per_ha: f64,
    ) -> SplitPresentValue {
        let factor = 1.0 / (1.0 + rate_per_yr);
        let mut pv = SplitPresentValue::default();
        let mut discount = 1.0;
        for k in 0..years {
            let age = self.age_after(start_age_years, k);
            let terms = self.year_terms(age);
            // Multiplied in this order (discount, kg per t, mature yield,
            // share at age), the sums are bit for bit those of the engine's
            // earlier tables, so that runs did not change.
            let output = discount * 1000.0 * self.yield_t_per_ha * self.yield_fraction(age);
            pv.gross_net += output * (price_vnd_per_kg - terms.harvest_vnd_per_kg);
            pv.revenue += output * price_vnd_per_kg;
            let first = if k == 0 { first_cost_vnd_per_ha } else { 0.0 };
            pv.costs += discount * (terms.upkeep_vnd_per_ha + terms.capital_vnd_per_ha + first);
            discount *= factor;
        }
        pv
    }

    /// Yearly cash flows (VND/ha) for `years` years from `start_age_years`,
    /// replanting at the lifespan.
    pub fn flows_vnd_per_ha(
        &self,
        start_age_years: u32,
        years: u32,
        price_vnd_per_kg: f64,
        soil_factor: f64,
    ) -> Vec<f64> {
        (0..years)
            .map(|k| self.cash_flow_vnd_per_ha(self.age_after(start_age_years, k), price_vnd_per_kg, soil_factor))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orchard() -> HectareModel {
        HectareModel {
            yield_t_per_ha: 10.0,
            husbandry: Husbandry::Perennial {
                establishment_vnd_per_ha: 50e6,
                maintenance_vnd_per_ha: 20e6,
                harvest_vnd_per_kg: 1000.0,
                lifespan_years: 5,
                curve: YieldCurve::new(vec![(0.0, 0.0), (2.0, 1.0)]),
            },
        }
    }

    #[test]
    fn orchard_cash_flow_follows_the_model_formula() {
        let m = orchard();
        // Age 0: no yield, pays establishment only.
        assert_eq!(m.cash_flow_vnd_per_ha(0, 10_000.0, 1.0), -50e6);
        // Age 1: half yield, 5 t at 9,000 VND net of harvest, less maintenance.
        assert_eq!(m.cash_flow_vnd_per_ha(1, 10_000.0, 1.0), 1000.0 * 5.0 * 9000.0 - 20e6);
        // Soil factor scales the yield.
        assert_eq!(m.yield_at(3, 0.5), 5.0);
    }

    #[test]
    fn the_split_present_value_is_the_npv_of_the_flows_at_any_soil() {
        let m = orchard();
        for (start, soil, price, first) in [(0, 1.0, 10_000.0, 0.0), (3, 0.7, 8_000.0, 5e6), (4, 1.2, 12_500.0, 0.0)] {
            let pv = m.split_present_value(start, 8, price, 0.09, first);
            let plain = crate::economics::npv(&m.flows_vnd_per_ha(start, 8, price, soil), 0.09) - first;
            let fast = soil * pv.gross_net - pv.costs;
            assert!((fast - plain).abs() <= 1e-6 * plain.abs().max(1.0), "start {start}: {fast} vs {plain}");
        }
        let annual = HectareModel { yield_t_per_ha: 4.0, husbandry: Husbandry::Annual { annual_cost_vnd_per_ha: 9e6 } };
        let pv = annual.split_present_value(0, 3, 6_000.0, 0.0, 0.0);
        assert_eq!((pv.gross_net, pv.revenue, pv.costs), (3.0 * 24e6, 3.0 * 24e6, 27e6));
    }

    #[test]
    fn flows_replant_at_the_lifespan() {
        let m = orchard();
        let flows = m.flows_vnd_per_ha(3, 4, 10_000.0, 1.0);
        assert_eq!(flows[2], -50e6, "age 5 = lifespan: replanted, establishment again");
        assert_eq!(m.age_after(3, 3), 1);
    }
}
