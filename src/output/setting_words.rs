//! What each setting of a scenario file's `[simulation]`, `[policy]` and
//! `[parameters]` means, in Vietnamese and English, for the assumptions
//! table of the report and the workbook: a planner reads "Xác suất chuyển
//! đổi lớn nhất mỗi năm [adopt_pi_max]" instead of the key alone, and still
//! finds the key to change in the file.

use crate::scenario::Lang;

/// `section.key` (a slope class's key with `S*` for its class), then what
/// the setting means in Vietnamese and in English.
const MEANINGS: &[(&str, &str, &str)] = &[
    ("simulation.base_year", "Năm đầu mô phỏng", "First simulated year"),
    ("simulation.years", "Số năm mô phỏng", "Years simulated"),
    ("simulation.replicates", "Số lần mô phỏng", "Monte Carlo replicates"),
    (
        "simulation.seed",
        "Số khởi tạo ngẫu nhiên: cùng số cho cùng kết quả",
        "Random seed: the same seed gives the same results",
    ),
    (
        "simulation.scale",
        "Phần của tỉnh được mô phỏng; kết quả quy ra toàn tỉnh",
        "Share of the province simulated; results are scaled to the whole",
    ),
    (
        "policy.mode",
        "Cách chuyển đổi: hộ tự quyết định (behavioural) hay theo kế hoạch (planned)",
        "How land converts: households decide (behavioural) or by plan (planned)",
    ),
    ("policy.from_crops", "Cây trồng được chuyển đổi", "Crops converted from"),
    (
        "policy.slopes",
        "Cấp độ dốc được chuyển đổi (S1 thoải nhất, S4 dốc nhất)",
        "Slope classes converted (S1 gentlest, S4 steepest)",
    ),
    ("policy.to_crops", "Cây ăn quả được trồng mới", "Fruit crops planted"),
    ("policy.topwork_from", "Vườn cây cũ được ghép cải tạo", "Old orchards top-worked (grafted over)"),
    ("policy.min_parcel_ha", "Diện tích thửa nhỏ nhất được chuyển đổi (ha)", "Smallest parcel converted (ha)"),
    (
        "policy.max_conversions_per_household",
        "Số thửa nhiều nhất một hộ chuyển đổi mỗi năm",
        "Most parcels a household converts in a year",
    ),
    ("policy.subsidy_vnd_ha", "Hỗ trợ trồng mới theo cây (đồng/ha)", "Establishment subsidy by crop (VND/ha)"),
    ("policy.credit_limit_vnd", "Hạn mức vay ưu đãi mỗi hộ (đồng)", "Preferential credit limit per household (VND)"),
    ("policy.credit_rate", "Lãi suất vay mỗi năm", "Interest rate on credit, per year"),
    (
        "policy.extension_boost",
        "Xác suất biết đến cây ăn quả ghép tăng thêm mỗi năm nhờ khuyến nông",
        "Extra yearly probability that a household learns of grafted fruit through extension",
    ),
    (
        "policy.topwork_support_vnd_household",
        "Hỗ trợ mỗi hộ ghép cải tạo (đồng)",
        "Support per household that top-works (VND)",
    ),
    ("policy.coop_share", "Tỷ lệ hộ là thành viên hợp tác xã", "Share of households in cooperatives"),
    (
        "policy.target_ha_per_year",
        "Diện tích chuyển đổi theo kế hoạch mỗi năm (ha)",
        "Hectares the plan converts a year",
    ),
    ("policy.target_years", "Năm đầu và năm cuối chuyển đổi theo kế hoạch", "First and last year the plan converts"),
    ("policy.mix", "Cơ cấu cây trồng của diện tích chuyển đổi (tỷ lệ)", "Shares of the converted area by crop"),
    (
        "policy.compliance",
        "Xác suất chủ hộ đồng ý chuyển đổi thửa được kế hoạch chọn",
        "Probability that the owner of a parcel the plan picks agrees to convert it",
    ),
    (
        "policy.require_feasible",
        "Chỉ chuyển đổi khi hộ đủ tiền hoặc vay được",
        "Convert only where the household can pay or borrow",
    ),
    ("policy.support_years", "Năm đầu và năm cuối chi hỗ trợ", "First and last year of support"),
    (
        "parameters.farmland_cv",
        "Độ phân tán đất canh tác giữa các hộ (hệ số biến thiên)",
        "Spread of farmland between households (coefficient of variation)",
    ),
    (
        "parameters.parcels_extra_mean",
        "Số thửa bình quân của hộ ngoài thửa thứ nhất",
        "Parcels per household beyond the first (mean)",
    ),
    ("parameters.parcels_max", "Số thửa nhiều nhất của một hộ", "Most parcels of a household"),
    (
        "parameters.household_size_extra_mean",
        "Số nhân khẩu bình quân của hộ ngoài người thứ nhất",
        "Persons per household beyond the first (mean)",
    ),
    (
        "parameters.other_income_median",
        "Thu nhập ngoài trồng trọt của hộ, trung vị (đồng/năm)",
        "Median non-farm income of a household (VND/yr)",
    ),
    (
        "parameters.other_income_sigma",
        "Độ phân tán (log) của thu nhập ngoài trồng trọt",
        "Log spread of non-farm income",
    ),
    (
        "parameters.other_income_growth",
        "Tăng trưởng thực của thu nhập ngoài trồng trọt mỗi năm",
        "Real growth of non-farm income a year",
    ),
    (
        "parameters.savings_median",
        "Tiền tiết kiệm của hộ năm đầu, trung vị (đồng)",
        "Median savings in the first year (VND)",
    ),
    ("parameters.savings_sigma", "Độ phân tán (log) của tiền tiết kiệm", "Log spread of savings"),
    (
        "parameters.preference_sigma_mvnd_ha",
        "Độ phân tán sở thích cây trồng giữa các hộ (triệu đồng/ha)",
        "Spread of households' tastes for crops (M VND/ha)",
    ),
    ("parameters.risk_aversion_max", "Mức ngại rủi ro lớn nhất của hộ (λ)", "Largest risk aversion of a household (λ)"),
    (
        "parameters.establish_mult_S*",
        "Hệ số chi phí trồng mới theo cấp độ dốc (làm bậc thang)",
        "Establishment cost multiplier by slope class (terracing)",
    ),
    (
        "parameters.ls_S*",
        "Hệ số chiều dài và độ dốc sườn (LS, RUSLE) theo cấp độ dốc",
        "Slope length factor (LS, RUSLE) by slope class",
    ),
    (
        "parameters.rk",
        "Hệ số xói mòn do mưa × tính dễ xói mòn của đất (R·K), toàn tỉnh",
        "Rain erosivity × soil erodibility (R·K), province-wide",
    ),
    (
        "parameters.soil_delta",
        "Độ phì mất đi trên mỗi tấn đất bị xói mòn trên 1 ha",
        "Soil factor lost per t/ha of soil loss",
    ),
    (
        "parameters.soil_recovery",
        "Độ phì phục hồi mỗi năm khi xói mòn dưới 10 t/ha",
        "Soil factor regained a year while soil loss is below 10 t/ha",
    ),
    ("parameters.soil_min", "Mức thấp nhất của hệ số độ phì đất", "Lowest soil factor"),
    (
        "parameters.cover_age",
        "Tuổi vườn từ đó được tính là che phủ cây xanh (năm)",
        "Orchard age from which it counts as tree cover (years)",
    ),
    ("parameters.hail_p", "Xác suất một năm có mưa đá ở một địa bàn", "Probability of a hail year in a zone"),
    ("parameters.hail_loss", "Tỷ lệ sản lượng mất trong năm mưa đá", "Share of the yield lost in a hail year"),
    (
        "parameters.supply_factor_min",
        "Mức giá thấp nhất mà dư cung có thể kéo xuống, tỷ lệ so với giá cơ sở (chưa tính biến động ngẫu nhiên)",
        "Floor on the price cut from oversupply, as a share of the base price (before random swings)",
    ),
    (
        "parameters.poverty_line_vnd_person_yr",
        "Chuẩn nghèo mỗi người mỗi năm (đồng)",
        "Poverty line per person and year (VND)",
    ),
    (
        "parameters.threshold_vnd_household_yr",
        "Ngưỡng thu nhập của hộ mỗi năm (đồng)",
        "Household income threshold per year (VND)",
    ),
    (
        "parameters.consumption_propensity",
        "Tỷ lệ chi tiêu của phần thu nhập trên mức sống tối thiểu",
        "Share of income above subsistence that is spent",
    ),
    (
        "parameters.awareness_initial",
        "Tỷ lệ hộ biết đến cây ăn quả ghép năm đầu",
        "Share of households aware of grafted fruit in the first year",
    ),
    (
        "parameters.awareness_p",
        "Xác suất hộ tự biết đến cây ăn quả ghép mỗi năm (p, mô hình Bass)",
        "Yearly probability that a household learns of grafted fruit by itself (Bass p)",
    ),
    (
        "parameters.awareness_q",
        "Hệ số lan toả (q, mô hình Bass): xác suất biết đến cây ăn quả ghép tăng thêm mỗi năm bằng hệ số này nhân tỷ lệ diện tích đủ điều kiện của địa bàn đã trồng mới",
        "Bass imitation (q): the extra yearly probability of learning of grafted fruit is this times the share of the zone's eligible area already planted",
    ),
    ("parameters.adopt_pi_max", "Xác suất chuyển đổi lớn nhất mỗi năm", "Largest yearly probability of converting"),
    (
        "parameters.adopt_theta_mvnd_ha",
        "Chênh lệch giá trị hiện tại ròng so với cây đang trồng mà tại đó xác suất chuyển đổi bằng một nửa mức lớn nhất (triệu đồng/ha)",
        "Gain in net present value over the current crop at which the probability of converting is half its largest (M VND/ha)",
    ),
    (
        "parameters.adopt_tau_mvnd_ha",
        "Độ thoải của đường xác suất chuyển đổi theo chênh lệch giá trị hiện tại ròng (triệu đồng/ha)",
        "Spread of the probability of converting over the gain in net present value (M VND/ha)",
    ),
    ("parameters.planning_horizon", "Số năm hộ tính trước khi quyết định", "Years a household looks ahead"),
    ("parameters.household_discount_rate", "Tỷ lệ chiết khấu của hộ mỗi năm", "Households' discount rate per year"),
    (
        "parameters.coop_premium",
        "Giá bán cao thêm của thành viên hợp tác xã (tỷ lệ)",
        "Price premium of cooperative members (share)",
    ),
    (
        "parameters.abandon_years",
        "Số năm lỗ liên tiếp trước khi vườn có thể bị bỏ",
        "Consecutive loss years before an orchard may be abandoned",
    ),
    ("parameters.abandon_p", "Xác suất bỏ vườn mỗi năm khi đó", "Yearly probability that such an orchard is abandoned"),
    (
        "parameters.forest_trend_share",
        "Diện tích rừng tăng mỗi năm, tỷ lệ so với rừng năm đầu",
        "Yearly forest growth as a share of the first year's forest",
    ),
];

/// What `key` of `[section]` means, in `lang`, or `None` for a key this
/// table does not hold.
pub fn setting_meaning(section: &str, key: &str, lang: Lang) -> Option<&'static str> {
    // A per-slope key (`ls_S3`) is looked up by its pattern (`ls_S*`).
    let pattern = match key.rsplit_once("_S") {
        Some((stem, "1" | "2" | "3" | "4")) => format!("{stem}_S*"),
        _ => key.to_string(),
    };
    let path = format!("{section}.{pattern}");
    MEANINGS.iter().find(|(p, _, _)| *p == path).map(|&(_, vi, en)| lang.pick(vi, en))
}

/// A setting as the assumptions table names it: its meaning, then its key
/// in brackets ("Số lần mô phỏng [replicates]"); the key alone if its
/// meaning is not known.
pub fn setting_label(section: &str, key: &str, lang: Lang) -> String {
    match setting_meaning(section, key, lang) {
        Some(meaning) => format!("{meaning} [{key}]"),
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_and_every_policy_key_has_a_meaning_in_both_languages() {
        let parameters =
            serde_aux::serde_introspection::serde_introspect::<crate::scenario::parameters::RawParameters>();
        let policy = serde_aux::serde_introspection::serde_introspect::<crate::scenario::raw::RawPolicy>();
        let keys = parameters.iter().map(|k| ("parameters", *k)).chain(policy.iter().map(|k| ("policy", *k)));
        for (section, key) in
            keys.chain(["base_year", "years", "replicates", "seed", "scale"].map(|k| ("simulation", k)))
        {
            for lang in [Lang::Vi, Lang::En] {
                assert!(
                    setting_meaning(section, key, lang).is_some_and(|m| !m.is_empty()),
                    "{section}.{key} in {lang:?}"
                );
            }
        }
        assert_eq!(
            setting_label("parameters", "ls_S3", Lang::Vi),
            "Hệ số chiều dài và độ dốc sườn (LS, RUSLE) theo cấp độ dốc [ls_S3]"
        );
        assert_eq!(setting_label("parameters", "no_such_key", Lang::Vi), "no_such_key");
    }
}
