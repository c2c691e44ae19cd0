//! The plausible range of every number a scenario file may hold, in one
//! table: the setting's path, its unit, its range and why.
//!
//! `check` and every command that simulates refuse a value outside its range
//! before anything runs (exit code 2, with the file, line and column). A
//! range is wider than any real province needs and narrower than what makes
//! the model's arithmetic overflow, an integer wrap or the memory run out. A
//! rate above 1 in a setting measured per year is almost always a percentage
//! typed as such (6.6 for 6.6%), and the error says so.
//!
//! Integer settings are checked here on the value as written, before any
//! conversion to a narrower type.

use super::locate::{FieldPath, Segment};

use super::parameters::PARAMETER_RANGES;
pub use super::plausible::{End, Kind, SettingRange};
use super::plausible::{MAX_YEARS, range};
use End::{Excl, Incl};
use Kind::{Count, Number, Rate, Whole};

/// Largest area of one zone or crop (ha): ten times Sơn La's natural area.
const MAX_AREA_HA: f64 = 1.5e7;
/// Largest money amount per hectare (VND/ha): 10 billion, forty times an orchard's establishment.
const MAX_VND_PER_HA: f64 = 1e10;

/// Every numeric setting of a scenario file but `[parameters]` (whose table
/// is [`PARAMETER_RANGES`], beside the parameters themselves).
pub const RANGES: &[SettingRange] = &[
    // [simulation]
    range(
        "simulation.base_year",
        "year",
        Incl(1900.0),
        Incl(2200.0),
        Whole,
        "first simulated year",
        "năm mô phỏng đầu tiên",
    ),
    range(
        "simulation.years",
        "years",
        Incl(1.0),
        Incl(200.0),
        Whole,
        "years simulated; records grow with them",
        "số năm mô phỏng; dung lượng kết quả tăng theo",
    ),
    range(
        "simulation.replicates",
        "replicates",
        Incl(1.0),
        Incl(100_000.0),
        Whole,
        "Monte Carlo replicates; 100,000 of the whole province take about a day here",
        "số lần mô phỏng Monte Carlo; 100.000 lần cho cả tỉnh mất khoảng một ngày trên máy này",
    ),
    range(
        "simulation.seed",
        "",
        Incl(0.0),
        Incl(9e18),
        Whole,
        "random seed; it is saved in the scenario",
        "số khởi tạo ngẫu nhiên (seed); được lưu trong kịch bản",
    ),
    range(
        "simulation.scale",
        "share",
        Excl(0.0),
        Incl(1.0),
        Number,
        "share of the province simulated; each zone needs at least 20 households",
        "tỷ lệ của tỉnh được mô phỏng; mỗi vùng cần ít nhất 20 hộ",
    ),
    // [policy]
    range(
        "policy.min_parcel_ha",
        "ha",
        Incl(0.0),
        Incl(100.0),
        Number,
        "smallest parcel converted",
        "thửa nhỏ nhất được chuyển đổi",
    ),
    range(
        "policy.max_conversions_per_household",
        "parcels/yr",
        Incl(0.0),
        Incl(100.0),
        Whole,
        "parcels a household converts in a year",
        "số thửa một hộ chuyển đổi trong một năm",
    ),
    range(
        "policy.subsidy_vnd_ha",
        "VND/ha",
        Incl(0.0),
        Incl(MAX_VND_PER_HA),
        Number,
        "establishment subsidy",
        "hỗ trợ trồng mới",
    ),
    range(
        "policy.subsidy_vnd_ha.*",
        "VND/ha",
        Incl(0.0),
        Incl(MAX_VND_PER_HA),
        Number,
        "establishment subsidy",
        "hỗ trợ trồng mới",
    ),
    range(
        "policy.credit_limit_vnd",
        "VND",
        Incl(0.0),
        Incl(1e11),
        Number,
        "credit limit per household",
        "hạn mức vay mỗi hộ",
    ),
    range("policy.credit_rate", "per year", Incl(0.0), Incl(1.0), Rate, "interest rate on credit", "lãi suất vay"),
    range(
        "policy.extension_boost",
        "per year",
        Incl(0.0),
        Incl(1.0),
        Rate,
        "extra awareness probability a year",
        "xác suất biết đến thêm mỗi năm (khuyến nông)",
    ),
    range(
        "policy.topwork_support_vnd_household",
        "VND",
        Incl(0.0),
        Incl(1e10),
        Number,
        "support per household that top-works",
        "hỗ trợ mỗi hộ ghép cải tạo",
    ),
    range(
        "policy.coop_share",
        "share",
        Incl(0.0),
        Incl(1.0),
        Rate,
        "share of households in cooperatives",
        "tỷ lệ hộ tham gia hợp tác xã",
    ),
    range(
        "policy.target_ha_per_year",
        "ha/yr",
        Incl(0.0),
        Incl(MAX_AREA_HA),
        Number,
        "hectares converted a year",
        "số ha chuyển đổi mỗi năm",
    ),
    range(
        "policy.support_years.*",
        "year",
        Incl(1900.0),
        Incl(2200.0),
        Whole,
        "first and last year of support",
        "năm đầu và năm cuối được hỗ trợ",
    ),
    range(
        "policy.policy_years.*",
        "year",
        Incl(1900.0),
        Incl(2200.0),
        Whole,
        "first and last decision year under the zone's own policy",
        "năm quyết định đầu và cuối theo chính sách riêng của vùng",
    ),
    range(
        "policy.target_years.*",
        "year",
        Incl(1900.0),
        Incl(2200.0),
        Whole,
        "first and last decision year",
        "năm quyết định đầu và cuối",
    ),
    range(
        "policy.mix.*",
        "share",
        Incl(0.0),
        Incl(1.0),
        Rate,
        "share of converted area per crop",
        "tỷ lệ diện tích chuyển đổi của từng cây",
    ),
    range(
        "policy.compliance",
        "share",
        Incl(0.0),
        Incl(1.0),
        Rate,
        "probability that an owner complies",
        "xác suất hộ có đất đồng ý",
    ),
    // [report]
    range(
        "report.periods.*.*",
        "year",
        Incl(1900.0),
        Incl(2200.0),
        Whole,
        "first and last year of a plan period",
        "năm đầu và năm cuối của một kỳ kế hoạch",
    ),
    // [markets.ID]
    range("markets.*.base_price_vnd_kg", "VND/kg", Excl(0.0), Incl(1e7), Number, "median price", "giá trung vị"),
    range(
        "markets.*.sigma",
        "log",
        Incl(0.0),
        Incl(2.0),
        Number,
        "yearly spread of the log price",
        "độ biến động hằng năm của log giá",
    ),
    range(
        "markets.*.phi",
        "",
        Excl(-1.0),
        Excl(1.0),
        Number,
        "persistence of the log price",
        "mức duy trì (tự tương quan) của log giá giữa các năm",
    ),
    range(
        "markets.*.demand_elasticity",
        "",
        Excl(0.0),
        Incl(50.0),
        Number,
        "price response to supply",
        "phản ứng của giá theo nguồn cung",
    ),
    range(
        "markets.*.q_ref_t",
        "t",
        Excl(0.0),
        Incl(1e9),
        Number,
        "tonnes absorbed at the base price",
        "số tấn thị trường tiêu thụ ở giá cơ sở",
    ),
    range(
        "markets.*.q_ref_growth",
        "per year",
        Excl(-1.0),
        Incl(1.0),
        Rate,
        "yearly growth of that capacity",
        "mức tăng hằng năm của sức tiêu thụ đó",
    ),
    range(
        "markets.*.price_shock",
        "share",
        Incl(-0.9),
        Incl(2.0),
        Rate,
        "lasting change of the price (−0.3: 30% lower)",
        "thay đổi lâu dài của giá (−0.3: thấp hơn 30%)",
    ),
    range(
        "markets.*.price_shock_from_year",
        "year",
        Incl(1900.0),
        Incl(2200.0),
        Whole,
        "first year of the price shock",
        "năm đầu của cú sốc giá",
    ),
    // [correlations]
    range(
        "correlations.*.*",
        "",
        Incl(-1.0),
        Incl(1.0),
        Number,
        "correlation of two markets' price shocks",
        "tương quan giữa biến động giá của hai thị trường",
    ),
    // [crops.ID]
    range(
        "crops.*.quality",
        "",
        Excl(0.0),
        Incl(10.0),
        Number,
        "price as a share of the market price",
        "giá bán so với giá thị trường (tỷ lệ)",
    ),
    range("crops.*.yield_t_ha_S*", "t/ha", Incl(0.0), Incl(200.0), Number, "mature yield", "năng suất ổn định"),
    range(
        "crops.*.annual_cost_vnd_ha",
        "VND/ha",
        Incl(0.0),
        Incl(MAX_VND_PER_HA),
        Number,
        "cost of an annual crop",
        "chi phí cây hằng năm",
    ),
    range(
        "crops.*.establishment_vnd_ha",
        "VND/ha",
        Incl(0.0),
        Incl(MAX_VND_PER_HA),
        Number,
        "establishment cost",
        "chi phí trồng mới",
    ),
    range(
        "crops.*.maintenance_vnd_ha",
        "VND/ha",
        Incl(0.0),
        Incl(MAX_VND_PER_HA),
        Number,
        "yearly maintenance",
        "chi phí chăm sóc hằng năm",
    ),
    range(
        "crops.*.harvest_vnd_kg",
        "VND/kg",
        Incl(0.0),
        Incl(1e7),
        Number,
        "harvest and marketing cost",
        "chi phí thu hoạch và tiêu thụ",
    ),
    range(
        "crops.*.topwork_vnd_ha",
        "VND/ha",
        Incl(0.0),
        Incl(MAX_VND_PER_HA),
        Number,
        "cost of top-working",
        "chi phí ghép cải tạo",
    ),
    range(
        "crops.*.topwork_age",
        "years",
        Incl(0.0),
        Incl(MAX_YEARS),
        Whole,
        "age a top-worked parcel takes",
        "tuổi của thửa sau khi ghép cải tạo",
    ),
    range("crops.*.lifespan", "years", Incl(1.0), Incl(MAX_YEARS), Whole, "age of replanting", "tuổi phải trồng lại"),
    range(
        "crops.*.yield_curve.*.0",
        "years",
        Incl(0.0),
        Incl(MAX_YEARS),
        Number,
        "age of a yield-curve point",
        "tuổi của một điểm trên đường năng suất",
    ),
    range(
        "crops.*.yield_curve.*.1",
        "share",
        Incl(0.0),
        Incl(1.0),
        Number,
        "share of mature yield at that age",
        "tỷ lệ năng suất ổn định ở tuổi đó",
    ),
    range(
        "crops.*.yield_cv",
        "",
        Incl(0.0),
        Incl(2.0),
        Number,
        "yield spread from weather",
        "biến động năng suất do thời tiết",
    ),
    range(
        "crops.*.c_young",
        "",
        Incl(0.0),
        Incl(1.0),
        Number,
        "erosion cover factor while young",
        "hệ số che phủ chống xói mòn khi cây còn nhỏ",
    ),
    range(
        "crops.*.c_mature",
        "",
        Incl(0.0),
        Incl(1.0),
        Number,
        "erosion cover factor when mature",
        "hệ số che phủ chống xói mòn khi cây trưởng thành",
    ),
    range(
        "crops.*.cover_credit",
        "share",
        Incl(0.0),
        Incl(1.0),
        Number,
        "share counted as tree cover",
        "tỷ lệ được tính là che phủ cây xanh",
    ),
    range(
        "crops.*.initial_age.*",
        "years",
        Incl(0.0),
        Incl(MAX_YEARS),
        Whole,
        "orchard ages at base year",
        "tuổi vườn cây ở năm gốc",
    ),
    range(
        "crops.*.slope_share.*",
        "share",
        Incl(0.0),
        Incl(1.0),
        Number,
        "base-year area on a slope class",
        "diện tích năm gốc trên một cấp độ dốc",
    ),
    // [zones."NAME"]
    range("zones.*.natural_area_ha", "ha", Excl(0.0), Incl(MAX_AREA_HA), Number, "natural area", "diện tích tự nhiên"),
    range(
        "zones.*.households",
        "households",
        Excl(0.0),
        Incl(5e6),
        Count,
        "households in the zone",
        "số hộ trong vùng",
    ),
    range(
        "zones.*.forest_ha",
        "ha",
        Incl(0.0),
        Incl(MAX_AREA_HA),
        Number,
        "forest area at base year",
        "diện tích rừng năm gốc",
    ),
    range(
        "zones.*.area_ha.*",
        "ha",
        Incl(0.0),
        Incl(MAX_AREA_HA),
        Number,
        "area of a crop at base year",
        "diện tích một cây trồng năm gốc",
    ),
    range(
        "zones.*.rk",
        "t/ha",
        Incl(0.0),
        Incl(1000.0),
        Number,
        "erosivity × erodibility of the zone",
        "hệ số xói mòn do mưa × tính dễ bị xói mòn của đất trong vùng",
    ),
    range(
        "zones.*.suitability.*",
        "",
        Incl(0.0),
        Incl(1.5),
        Number,
        "climate-suitability yield factor of a crop in the zone",
        "hệ số năng suất theo mức thích hợp khí hậu của cây trong vùng",
    ),
    range(
        "zones.*.hail_p",
        "per year",
        Incl(0.0),
        Incl(1.0),
        Rate,
        "probability of a hail year in the zone",
        "xác suất một năm có mưa đá trong vùng",
    ),
];

/// Most entries a table of zones, crops or markets, or any list, may hold.
pub const MAX_ENTRIES: &[(&str, usize)] = &[("zones", 5000), ("crops", 200), ("markets", 200)];

/// Most items in any list of a scenario file (a yield curve, `to_crops`).
pub const MAX_LIST_ITEMS: usize = 1000;

/// Whether `pattern` (with `*` wildcards) matches `path`.
fn matches(pattern: &str, path: &FieldPath) -> bool {
    let parts: Vec<&str> = pattern.split('.').collect();
    if parts.len() != path.0.len() {
        return false;
    }
    parts.iter().zip(&path.0).all(|(p, seg)| {
        let text = match seg {
            Segment::Key(k) => k.clone(),
            Segment::Index(i) => i.to_string(),
        };
        match p.strip_suffix('*') {
            Some(prefix) => text.starts_with(prefix),
            None => *p == text,
        }
    })
}

/// The range of the setting at `path`, if it is a numeric setting: from
/// the table of `[parameters]` or from [`RANGES`].
pub fn range_of(path: &FieldPath) -> Option<&'static SettingRange> {
    // A zone's own policy has the ranges of `[policy]`.
    if let [Segment::Key(zones), _, Segment::Key(policy), rest @ ..] = path.0.as_slice()
        && zones == "zones"
        && policy == "policy"
    {
        let provincial =
            FieldPath(std::iter::once(Segment::Key("policy".into())).chain(rest.iter().cloned()).collect());
        return RANGES.iter().find(|r| matches(r.path, &provincial));
    }
    PARAMETER_RANGES.iter().chain(RANGES).find(|r| matches(r.path, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_ids_and_list_positions() {
        let p = FieldPath::keys(&["crops", "longan_grafted", "yield_t_ha_S3"]);
        assert_eq!(range_of(&p).map(|r| r.path), Some("crops.*.yield_t_ha_S*"));
        let point = FieldPath::keys(&["crops", "mango", "yield_curve"]).index(2).index(1);
        assert_eq!(range_of(&point).map(|r| r.path), Some("crops.*.yield_curve.*.1"));
        assert!(range_of(&FieldPath::keys(&["crops", "mango", "name_vi"])).is_none());
    }

    #[test]
    fn a_percent_typed_for_a_rate_gets_a_hint() {
        let r = range_of(&FieldPath::keys(&["policy", "credit_rate"])).unwrap();
        assert!(r.contains(0.066) && !r.contains(6.6) && !r.contains(f64::NAN));
        let (message, hint) = r.complaint(6.6);
        assert!(message.en.contains("found 6.6"), "{message:?}");
        assert!(message.vi.contains("nhưng ghi 6.6") && message.vi.contains("lãi suất vay"), "{message:?}");
        let hint = hint.unwrap();
        assert!(hint.en.contains("0.066") && hint.vi.contains("hãy viết 0.066"), "{hint:?}");
    }

    #[test]
    fn every_pattern_is_declared_once() {
        for (i, a) in RANGES.iter().enumerate() {
            assert!(RANGES[i + 1..].iter().chain(PARAMETER_RANGES).all(|b| b.path != a.path), "{} twice", a.path);
            assert!(!a.why.is_empty() && !a.why_vi.is_empty() && a.why != a.why_vi);
        }
    }
}
