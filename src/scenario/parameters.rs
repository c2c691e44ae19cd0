//! The model's constants, `[parameters]` of a scenario file, declared once:
//! each line gives the key as written in the file (and in
//! `../shared/data/parameters.csv`), the field and type the model uses, the
//! unit as written, the plausible range, the factor from the file's unit to
//! the model's, and a one-line meaning. From that one table come the raw
//! form ([`RawParameters`], read by serde), the typed form ([`Parameters`],
//! with the line as its doc), the conversion, and the range checks
//! ([`PARAMETER_RANGES`]). A key marked `(default)` may be left out: it is
//! then 0, which switches its part of the model off.

use super::plausible::End::{Excl, Incl};
use super::plausible::Kind::{Number, Rate, Whole};
use super::plausible::{MAX_YEARS, SettingRange, range};

/// A value converted from the file's unit to the model's by a factor.
trait FromFileUnit: Sized {
    fn times(self, factor: f64) -> Self;
}

impl FromFileUnit for f64 {
    fn times(self, factor: f64) -> Self {
        self * factor
    }
}

impl FromFileUnit for u32 {
    fn times(self, factor: f64) -> Self {
        debug_assert_eq!(factor, 1.0, "whole-number settings are not rescaled");
        self
    }
}

macro_rules! parameter_table {
    (
        one value: { $( $key:ident $(($absent:ident))? => $field:ident : $ty:ty, $unit:literal, [$low:expr, $high:expr], $kind:ident, x $factor:literal, $doc:literal, vi $vi:literal; )* }
        per slope class: { $( [$k1:ident, $k2:ident, $k3:ident, $k4:ident] => $sfield:ident, $sunit:literal, [$slow:expr, $shigh:expr], $sdoc:literal, vi $svi:literal; )* }
    ) => {
        /// `[parameters]` as written in a scenario file, key by key (see
        /// [`Parameters`] for what each means).
        #[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
        #[allow(non_snake_case)]
        pub struct RawParameters {
            $( #[doc = $doc] $(#[serde($absent)])? pub $key: $ty, )*
            $(
                #[doc = $sdoc] pub $k1: f64,
                #[doc = $sdoc] pub $k2: f64,
                #[doc = $sdoc] pub $k3: f64,
                #[doc = $sdoc] pub $k4: f64,
            )*
        }

        /// The model constants (MODEL.md; `parameters.csv`) in the model's
        /// units: money in VND, rates per year, ages in years.
        #[derive(Debug, Clone)]
        pub struct Parameters {
            $( #[doc = $doc] pub $field: $ty, )*
            $( #[doc = $sdoc] #[doc = "By slope class, S1 first."] pub $sfield: [f64; 4], )*
        }

        impl Parameters {
            /// The typed form of `raw`, each value in the model's unit.
            pub fn from_raw(raw: &RawParameters) -> Self {
                Parameters {
                    $( $field: FromFileUnit::times(raw.$key, $factor), )*
                    $( $sfield: [raw.$k1, raw.$k2, raw.$k3, raw.$k4], )*
                }
            }
        }

        /// The plausible range of every key of `[parameters]`.
        pub const PARAMETER_RANGES: &[SettingRange] = &[
            $( range(concat!("parameters.", stringify!($key)), $unit, $low, $high, $kind, $doc, $vi), )*
            $(
                range(concat!("parameters.", stringify!($k1)), $sunit, $slow, $shigh, Number, $sdoc, $svi),
                range(concat!("parameters.", stringify!($k2)), $sunit, $slow, $shigh, Number, $sdoc, $svi),
                range(concat!("parameters.", stringify!($k3)), $sunit, $slow, $shigh, Number, $sdoc, $svi),
                range(concat!("parameters.", stringify!($k4)), $sunit, $slow, $shigh, Number, $sdoc, $svi),
            )*
        ];
    };
}

parameter_table! {
    one value: {
    farmland_cv => farmland_cv: f64, "", [Incl(0.0), Incl(5.0)], Number, x 1.0,
        "spread of farmland per household (coefficient of variation)", vi "độ phân tán diện tích đất canh tác mỗi hộ (hệ số biến thiên)";
    parcels_extra_mean => parcels_extra_mean: f64, "parcels", [Incl(0.0), Incl(20.0)], Number, x 1.0,
        "parcels per household beyond the first (Poisson mean)", vi "số thửa mỗi hộ ngoài thửa đầu tiên (trung bình Poisson)";
    parcels_max => parcels_max: u32, "parcels", [Incl(1.0), Incl(50.0)], Whole, x 1.0,
        "cap on parcels per household", vi "số thửa tối đa mỗi hộ";
    household_size_extra_mean => household_size_extra_mean: f64, "persons", [Incl(0.0), Incl(20.0)], Number, x 1.0,
        "persons per household beyond the first (Poisson mean)", vi "số người mỗi hộ ngoài người đầu tiên (trung bình Poisson)";
    other_income_median => other_income_median_vnd: f64, "VND/yr", [Incl(0.0), Incl(1e10)], Number, x 1.0,
        "median non-farm income of a household", vi "thu nhập phi nông nghiệp trung vị của một hộ";
    other_income_sigma => other_income_sigma: f64, "log", [Incl(0.0), Incl(3.0)], Number, x 1.0,
        "log spread of non-farm income", vi "độ phân tán log của thu nhập phi nông nghiệp";
    // Added in the second wave; absent means 0, the model without growth,
    // so scenarios and saved runs of earlier versions still load.
    other_income_growth (default) => other_income_growth: f64, "per year", [Incl(-0.1), Incl(0.2)], Rate, x 1.0,
        "real growth of every household's non-farm income a year", vi "mức tăng thực hằng năm của thu nhập phi nông nghiệp mỗi hộ";
    savings_median => savings_median_vnd: f64, "VND", [Incl(0.0), Incl(1e11)], Number, x 1.0,
        "median savings at base year", vi "tiết kiệm trung vị ở năm gốc";
    savings_sigma => savings_sigma: f64, "log", [Incl(0.0), Incl(3.0)], Number, x 1.0,
        "log spread of savings", vi "độ phân tán log của tiết kiệm";
    preference_sigma_mvnd_ha => preference_sigma_vnd_per_ha: f64, "M VND/ha", [Incl(0.0), Incl(1000.0)], Number, x 1e6,
        "spread of households' crop tastes (VND/ha in the model)", vi "độ phân tán sở thích cây trồng của các hộ (đồng/ha trong mô hình)";
    risk_aversion_max => risk_aversion_max: f64, "", [Incl(0.0), Incl(10.0)], Number, x 1.0,
        "largest risk aversion λ", vi "mức ngại rủi ro λ lớn nhất";
    rk => rk: f64, "t/ha", [Incl(0.0), Incl(1000.0)], Number, x 1.0,
        "erosivity × erodibility, province-wide (t/ha per unit LS·C·P)", vi "hệ số xói mòn do mưa × tính dễ bị xói mòn của đất, toàn tỉnh (t/ha trên một đơn vị LS·C·P)";
    soil_delta => soil_delta: f64, "per t/ha", [Incl(0.0), Incl(1.0)], Number, x 1.0,
        "soil factor lost per t/ha of soil loss", vi "hệ số đất giảm trên mỗi t/ha đất bị xói mòn";
    soil_recovery => soil_recovery: f64, "per year", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "soil factor regained a year while loss < 10 t/ha", vi "hệ số đất hồi phục mỗi năm khi xói mòn < 10 t/ha";
    soil_min => soil_min: f64, "", [Excl(0.0), Incl(1.0)], Number, x 1.0,
        "floor of the soil factor", vi "mức thấp nhất của hệ số đất";
    cover_age => cover_age_years: u32, "years", [Incl(0.0), Incl(MAX_YEARS)], Whole, x 1.0,
        "orchard age from which it is tree cover and has the mature cover factor", vi "tuổi vườn từ đó được tính là che phủ cây xanh và có hệ số che phủ trưởng thành";
    hail_p => hail_p: f64, "per year", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "probability of a hail year in a zone", vi "xác suất một năm có mưa đá trong một vùng";
    hail_loss => hail_loss: f64, "share", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "yield lost in a hail year", vi "tỷ lệ năng suất mất trong năm có mưa đá";
    supply_factor_min => supply_factor_min: f64, "", [Excl(0.0), Incl(1.0)], Number, x 1.0,
        "lowest supply factor of a price", vi "hệ số cung thấp nhất của giá";
    poverty_line_vnd_person_yr => poverty_line_vnd_per_person_yr: f64, "VND", [Excl(0.0), Incl(1e9)], Number, x 1.0,
        "poverty line per person and year", vi "chuẩn nghèo mỗi người mỗi năm";
    threshold_vnd_household_yr => threshold_vnd_per_household_yr: f64, "VND", [Excl(0.0), Incl(1e11)], Number, x 1.0,
        "household income threshold per year", vi "ngưỡng thu nhập hộ mỗi năm";
    consumption_propensity => consumption_propensity: f64, "share", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "share of income above subsistence consumed", vi "tỷ lệ thu nhập trên mức tối thiểu được chi tiêu";
    awareness_initial => awareness_initial: f64, "share", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "households aware of grafted fruit at base year", vi "tỷ lệ hộ biết đến cây ăn quả ghép ở năm gốc";
    awareness_p => awareness_p: f64, "per year", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "Bass innovation rate", vi "hệ số đổi mới Bass";
    awareness_q => awareness_q: f64, "per year", [Incl(0.0), Incl(5.0)], Number, x 1.0,
        "Bass imitation rate times converted share", vi "hệ số bắt chước Bass (nhân với tỷ lệ đã chuyển đổi)";
    adopt_pi_max => adopt_pi_max: f64, "per year", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "largest yearly adoption probability", vi "xác suất chuyển đổi hằng năm lớn nhất";
    adopt_theta_mvnd_ha => adopt_theta_mvnd_per_ha: f64, "M VND/ha", [Incl(-1000.0), Incl(1000.0)], Number, x 1.0,
        "gain at half adoption (M VND/ha)", vi "lợi ích tại đó một nửa số hộ chuyển đổi (triệu đồng/ha)";
    adopt_tau_mvnd_ha => adopt_tau_mvnd_per_ha: f64, "M VND/ha", [Excl(0.0), Incl(1000.0)], Number, x 1.0,
        "spread of the adoption logistic (M VND/ha)", vi "độ dốc của đường logistic chuyển đổi (triệu đồng/ha)";
    planning_horizon => planning_horizon_years: u32, "years", [Incl(1.0), Incl(MAX_YEARS)], Whole, x 1.0,
        "years a household looks ahead (H)", vi "số năm một hộ tính trước (H)";
    household_discount_rate => household_discount_rate: f64, "per year", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "households' discount rate", vi "tỷ lệ chiết khấu của các hộ";
    coop_premium => coop_premium: f64, "share", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "price premium of cooperative members' fruit", vi "mức giá cao hơn cho quả của thành viên hợp tác xã";
    abandon_years => abandon_years: u32, "years", [Incl(0.0), Incl(MAX_YEARS)], Whole, x 1.0,
        "consecutive loss years before an orchard may be abandoned", vi "số năm lỗ liên tiếp trước khi vườn có thể bị bỏ";
    abandon_p => abandon_p: f64, "per year", [Incl(0.0), Incl(1.0)], Rate, x 1.0,
        "probability of abandoning then", vi "xác suất bỏ vườn khi đó";
    forest_trend_share => forest_trend_share: f64, "per year", [Incl(-0.1), Incl(0.1)], Rate, x 1.0,
        "yearly forest growth as a share of base-year zone forest", vi "mức tăng rừng hằng năm so với diện tích rừng năm gốc của vùng";
    }
    per slope class: {
    [establish_mult_S1, establish_mult_S2, establish_mult_S3, establish_mult_S4] => establish_mult, "",
        [Excl(0.0), Incl(10.0)], "establishment cost multiplier (terracing)", vi "hệ số nhân chi phí trồng mới (làm ruộng bậc thang)";
    [ls_S1, ls_S2, ls_S3, ls_S4] => ls, "", [Incl(0.0), Incl(100.0)], "RUSLE slope-length factor", vi "hệ số độ dài sườn dốc RUSLE";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_its_range_and_money_is_converted() {
        let keys = serde_aux::serde_introspection::serde_introspect::<RawParameters>();
        assert_eq!(keys.len(), PARAMETER_RANGES.len());
        for key in keys {
            let path = format!("parameters.{key}");
            assert!(PARAMETER_RANGES.iter().any(|r| r.path == path), "{path} has no range");
        }
    }
}
