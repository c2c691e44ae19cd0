//! The indicators of MODEL.md §9: a registry of names, keys and units, and
//! the flat layout in which a replicate records them year by year.

use crate::scenario::Scenario;

/// What an indicator is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// One value per scope and year.
    None,
    /// One value per crop.
    Crop,
    /// One value per market (province scope only).
    Market,
}

/// An indicator of MODEL.md §9.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indicator {
    /// Σ area by crop (ha).
    AreaHa,
    /// Area of perennials with f(a) > 0 (ha).
    BearingHa,
    /// Σ yield · area (t).
    ProductionT,
    /// Σ revenue ÷ bearing area; annuals: all area (VND/ha).
    GovPerHa,
    /// Σ revenue ÷ area of parcels with f(a) = 1 (VND/ha).
    MatureGovPerHa,
    /// Σ net income ÷ area (VND/ha).
    NetPerHa,
    /// Area planted on annual-crop land, in the new crop's first year (ha).
    ConvertedHa,
    /// Cumulative planted area (ha).
    ConvertedHaCum,
    /// Old orchards top-worked onto the crop, in the first year after (ha).
    TopworkedHa,
    /// Cumulative top-worked area (ha).
    TopworkedHaCum,
    /// Market price P_m(t) (VND/kg).
    PriceVndKg,
    /// Σ parcel net income (VND).
    FarmIncomeVnd,
    /// Mean household income (VND/yr).
    HhIncomeMean,
    /// 10th percentile of household income (VND/yr).
    HhIncomeP10,
    /// Median household income (VND/yr).
    HhIncomeP50,
    /// 90th percentile of household income (VND/yr).
    HhIncomeP90,
    /// Gini of household income, negatives as 0.
    HhIncomeGini,
    /// Households in the scope (constant over time).
    Households,
    /// Households with income ≥ threshold.
    HhAboveThreshold,
    /// Households below the poverty line.
    HhBelowPoverty,
    /// Forest ÷ natural area (%).
    ForestCoverPct,
    /// (Forest + credited orchard area) ÷ natural area (%).
    TreeCoverPct,
    /// Soil lost over farmland (t).
    SoilLossT,
    /// Soil lost per ha of farmland (t/ha).
    SoilLossTPerHa,
    /// Area-weighted mean soil factor.
    SoilFactorMean,
    /// Establishment and top-working paid for conversions (VND).
    InvestmentVnd,
    /// Subsidy and support paid (VND).
    SubsidyVnd,
    /// Σ max(0, −savings) (VND).
    CreditOutstandingVnd,
    /// Planting subsidy paid (VND; part of `SubsidyVnd`).
    PlantingSubsidyVnd,
    /// Top-working support paid (VND; part of `SubsidyVnd`).
    TopworkSupportVnd,
    /// New preferential credit: the year's rise of each indebted household's debt (VND).
    NewCreditVnd,
    /// Households paid a subsidy or support in the year.
    HhSupported,
    /// Households paid a subsidy or support so far in the plan period, each once.
    HhSupportedPeriod,
}

/// Registry entry: the indicator's output name, key, unit and labels.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorInfo {
    /// The indicator.
    pub indicator: Indicator,
    /// Name in outputs (MODEL.md §9).
    pub name: &'static str,
    /// Breakdown.
    pub key: KeyKind,
    /// Unit shown to people.
    pub unit: &'static str,
    /// Extensive (a total): simulated values are divided by `scale`.
    pub extensive: bool,
    /// Vietnamese label.
    pub label_vi: &'static str,
    /// English label.
    pub label_en: &'static str,
}

macro_rules! info {
    ($ind:ident, $name:literal, $key:ident, $unit:literal, $ext:literal, $vi:literal, $en:literal) => {
        IndicatorInfo {
            indicator: Indicator::$ind,
            name: $name,
            key: KeyKind::$key,
            unit: $unit,
            extensive: $ext,
            label_vi: $vi,
            label_en: $en,
        }
    };
}

/// Every indicator, in output order.
pub const INDICATORS: [IndicatorInfo; 33] = [
    info!(AreaHa, "area_ha", Crop, "ha", true, "Diện tích", "Area"),
    info!(BearingHa, "bearing_ha", Crop, "ha", true, "Diện tích cho quả", "Bearing area"),
    info!(ProductionT, "production_t", Crop, "t", true, "Sản lượng", "Production"),
    info!(GovPerHa, "gov_per_ha", Crop, "VND/ha", false, "Giá trị sản xuất trên 1 ha", "Gross output value per ha"),
    info!(
        MatureGovPerHa,
        "mature_gov_per_ha", Crop, "VND/ha", false, "GTSX/ha vườn thuần thục", "Gross output per ha, mature orchards"
    ),
    info!(NetPerHa, "net_per_ha", Crop, "VND/ha", false, "Thu nhập thuần trên 1 ha", "Net income per ha"),
    info!(
        ConvertedHa,
        "converted_ha",
        Crop,
        "ha",
        true,
        "Diện tích trồng mới trên đất cây hằng năm trong năm",
        "Area newly planted on annual-crop land in the year"
    ),
    info!(
        ConvertedHaCum,
        "converted_ha_cum",
        Crop,
        "ha",
        true,
        "Diện tích trồng mới trên đất cây hằng năm, luỹ kế",
        "Area newly planted on annual-crop land, cumulative"
    ),
    info!(
        TopworkedHa,
        "topworked_ha", Crop, "ha", true, "Diện tích ghép cải tạo trong năm", "Area top-worked in the year"
    ),
    info!(
        TopworkedHaCum,
        "topworked_ha_cum", Crop, "ha", true, "Diện tích ghép cải tạo, luỹ kế", "Area top-worked, cumulative"
    ),
    info!(PriceVndKg, "price_vnd_kg", Market, "VND/kg", false, "Giá", "Price"),
    info!(FarmIncomeVnd, "farm_income_vnd", None, "VND", true, "Thu nhập thuần từ trồng trọt", "Farm net income"),
    info!(HhIncomeMean, "hh_income_mean", None, "VND/yr", false, "Thu nhập hộ bình quân", "Mean household income"),
    info!(
        HhIncomeP10,
        "hh_income_p10", None, "VND/yr", false, "Thu nhập hộ, phân vị 10", "Household income, 10th percentile"
    ),
    info!(HhIncomeP50, "hh_income_p50", None, "VND/yr", false, "Thu nhập hộ, trung vị", "Household income, median"),
    info!(
        HhIncomeP90,
        "hh_income_p90", None, "VND/yr", false, "Thu nhập hộ, phân vị 90", "Household income, 90th percentile"
    ),
    info!(HhIncomeGini, "hh_income_gini", None, "", false, "Hệ số Gini thu nhập hộ", "Gini of household income"),
    info!(Households, "households", None, "households", true, "Số hộ", "Households"),
    info!(
        HhAboveThreshold,
        "hh_above_threshold",
        None,
        "households",
        true,
        "Số hộ thu nhập ≥ ngưỡng",
        "Households above the income threshold"
    ),
    info!(
        HhBelowPoverty,
        "hh_below_poverty", None, "households", true, "Số hộ dưới chuẩn nghèo", "Households below the poverty line"
    ),
    info!(ForestCoverPct, "forest_cover_pct", None, "%", false, "Độ che phủ rừng", "Forest cover"),
    info!(
        TreeCoverPct,
        "tree_cover_pct", None, "%", false, "Độ che phủ cây xanh (rừng + vườn cây)", "Tree cover (forest + orchards)"
    ),
    info!(SoilLossT, "soil_loss_t", None, "t", true, "Lượng đất xói mòn trong năm", "Soil loss in the year"),
    info!(SoilLossTPerHa, "soil_loss_t_per_ha", None, "t/ha", false, "Xói mòn đất trên 1 ha", "Soil loss per ha"),
    info!(SoilFactorMean, "soil_factor_mean", None, "", false, "Hệ số độ phì đất bình quân", "Mean soil factor"),
    info!(
        InvestmentVnd,
        "investment_vnd", None, "VND", true, "Vốn đầu tư chuyển đổi trong năm", "Conversion investment in the year"
    ),
    info!(
        SubsidyVnd,
        "subsidy_vnd", None, "VND", true, "Kinh phí hỗ trợ trong năm", "Subsidy and support paid in the year"
    ),
    info!(CreditOutstandingVnd, "credit_outstanding_vnd", None, "VND", true, "Dư nợ tín dụng", "Credit outstanding"),
    info!(
        PlantingSubsidyVnd,
        "planting_subsidy_vnd",
        None,
        "VND",
        true,
        "Kinh phí hỗ trợ trồng mới trong năm",
        "Planting subsidy paid in the year"
    ),
    info!(
        TopworkSupportVnd,
        "topwork_support_vnd",
        None,
        "VND",
        true,
        "Kinh phí hỗ trợ ghép cải tạo trong năm",
        "Top-working support paid in the year"
    ),
    info!(
        NewCreditVnd,
        "new_credit_vnd",
        None,
        "VND",
        true,
        "Tín dụng ưu đãi hộ vay thêm trong năm",
        "Preferential credit drawn in the year"
    ),
    info!(HhSupported, "hh_supported", None, "households", true, "Số hộ được hỗ trợ", "Households supported"),
    info!(
        HhSupportedPeriod,
        "hh_supported_period",
        None,
        "households",
        true,
        "Số hộ được hỗ trợ từ đầu kỳ kế hoạch (mỗi hộ một lần)",
        "Households supported so far in the plan period (each once)"
    ),
];

/// The registry entry of `indicator`.
pub fn info(indicator: Indicator) -> &'static IndicatorInfo {
    &INDICATORS[indicator as usize]
}

/// Which way an outcome is better: more households above the threshold and
/// more income, or fewer in poverty and less soil lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// More is better (households above the threshold, income, cover).
    Higher,
    /// Less is better (households in poverty, inequality, soil loss).
    Lower,
}

/// Which way `indicator` is better, or `None` where it has no better side:
/// money the programme spends or lends (its cost, weighed against the
/// rest), prices (good for the grower, bad for the buyer) and counts of
/// households (all of them, or those the programme reached). Areas and
/// production count as better when larger because converting the slopes to
/// orchards is the programme's aim.
pub fn better(indicator: Indicator) -> Option<Better> {
    use Indicator as I;
    match indicator {
        I::AreaHa
        | I::BearingHa
        | I::ProductionT
        | I::GovPerHa
        | I::MatureGovPerHa
        | I::NetPerHa
        | I::ConvertedHa
        | I::ConvertedHaCum
        | I::TopworkedHa
        | I::TopworkedHaCum
        | I::FarmIncomeVnd
        | I::HhIncomeMean
        | I::HhIncomeP10
        | I::HhIncomeP50
        | I::HhIncomeP90
        | I::HhAboveThreshold
        | I::ForestCoverPct
        | I::TreeCoverPct
        | I::SoilFactorMean => Some(Better::Higher),
        I::HhIncomeGini | I::HhBelowPoverty | I::SoilLossT | I::SoilLossTPerHa => Some(Better::Lower),
        I::PriceVndKg
        | I::Households
        | I::InvestmentVnd
        | I::SubsidyVnd
        | I::CreditOutstandingVnd
        | I::PlantingSubsidyVnd
        | I::TopworkSupportVnd
        | I::NewCreditVnd
        | I::HhSupported
        | I::HhSupportedPeriod => None,
    }
}

/// The indicator called `name` in outputs (MODEL.md §9), if any.
pub fn by_name(name: &str) -> Option<Indicator> {
    INDICATORS.iter().find(|i| i.name == name).map(|i| i.indicator)
}

/// The mark of a value that does not exist in a replicate (a ratio with a
/// zero denominator, a per-crop value of an annual crop): a NaN with its own
/// payload, so that a NaN produced by arithmetic gone wrong is told apart
/// from it (see [`is_absent`]). Summaries skip every NaN.
pub const ABSENT: f64 = f64::from_bits(0x7ff8_0000_a65e_0001);

/// Whether `value` is the [`ABSENT`] mark (bit for bit).
pub fn is_absent(value: f64) -> bool {
    value.to_bits() == ABSENT.to_bits()
}

/// Where each (indicator, key) value sits in a replicate's record.
///
/// A record is `years × scopes × slots` numbers; scope 0 is the province,
/// scope `1 + z` zone `z`, and with several focus zones, scope `1 + zones`
/// those zones together. [`ABSENT`] marks a value that does not exist.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Years recorded.
    pub years: usize,
    /// Scopes: 1 + zones (+ 1 for a focus group).
    pub scopes: usize,
    /// Crops (width of crop-keyed indicators).
    pub crops: usize,
    /// Markets (width of market-keyed indicators).
    pub markets: usize,
    offsets: [usize; INDICATORS.len()],
    slots: usize,
}

impl Layout {
    /// The layout for `scenario` over `years` years.
    pub fn new(scenario: &Scenario, years: usize) -> Self {
        let crops = scenario.crops.len();
        let markets = scenario.markets.len();
        let mut offsets = [0; INDICATORS.len()];
        let mut next = 0;
        for (i, info) in INDICATORS.iter().enumerate() {
            offsets[i] = next;
            next += match info.key {
                KeyKind::None => 1,
                KeyKind::Crop => crops,
                KeyKind::Market => markets,
            };
        }
        let scopes = 1 + scenario.zones.len() + usize::from(scenario.has_focus_group());
        Self { years, scopes, crops, markets, offsets, slots: next }
    }

    /// Values per (year, scope).
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// Numbers in one replicate's record.
    pub fn record_len(&self) -> usize {
        self.years * self.scopes * self.slots
    }

    /// Slot of `indicator` with key index `key` (0 for unkeyed indicators).
    pub fn slot(&self, indicator: Indicator, key: usize) -> usize {
        self.offsets[indicator as usize] + key
    }

    /// Position in a record of (year index, scope, slot).
    pub fn index(&self, year: usize, scope: usize, slot: usize) -> usize {
        (year * self.scopes + scope) * self.slots + slot
    }

    /// The indicator and key index recorded in `slot`.
    pub fn slot_owner(&self, slot: usize) -> (Indicator, usize) {
        let i = self.offsets.partition_point(|&offset| offset <= slot) - 1;
        (INDICATORS[i].indicator, slot - self.offsets[i])
    }

    /// Number of keys of `indicator`.
    pub fn key_count(&self, indicator: Indicator) -> usize {
        match info(indicator).key {
            KeyKind::None => 1,
            KeyKind::Crop => self.crops,
            KeyKind::Market => self.markets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_is_a_nan_that_arithmetic_does_not_make() {
        assert!(ABSENT.is_nan() && is_absent(ABSENT));
        let zero = std::hint::black_box(0.0f64);
        assert!(!is_absent(zero / zero));
        assert!(!is_absent(f64::NAN));
    }

    #[test]
    fn registry_is_in_enum_order() {
        for (i, entry) in INDICATORS.iter().enumerate() {
            assert_eq!(entry.indicator as usize, i, "{} out of order", entry.name);
        }
    }
}
