//! Where a setting's value comes from, as the reader of a report reads it:
//! the shipped scenarios' sources in Vietnamese for a Vietnamese reader, and
//! the common forms of a planner's own ("est", "est; …", a calibration's
//! note). Any other source stays as written: a planner's own note is in
//! the language they wrote it in.

use crate::scenario::Lang;

/// Every source the shipped scenarios write, with its Vietnamese: (English
/// as in the scenario file, Vietnamese). Numbers are written the
/// Vietnamese way (5.600, 11,7).
const SHIPPED: &[(&str, &str)] = &[
    ("est", "ước tính"),
    ("est (calibrated to the Song Ma longan series)", "ước tính (hiệu chỉnh theo chuỗi diện tích nhãn Sông Mã)"),
    ("est (see SOURCES.md)", "ước tính (xem SOURCES.md)"),
    ("model setting", "thiết lập của mô hình"),
    ("no support in the baseline", "kịch bản cơ sở không có hỗ trợ"),
    ("provincial council resolution 28/2017", "Nghị quyết 28/2017 của HĐND tỉnh"),
    ("preferential production loans up to 100 M VND", "vay ưu đãi phát triển sản xuất đến 100 triệu đồng"),
    (
        "province total 2016–2025; split across zones in proportion to their eligible area",
        "tổng của tỉnh 2016–2025, chia cho các đơn vị theo tỷ lệ diện tích đủ điều kiện",
    ),
    ("national rural poverty standard 2016-2020", "chuẩn nghèo nông thôn quốc gia giai đoạn 2016–2020"),
    ("the seed article (200 M VND/yr households)", "bài báo gốc (hộ thu nhập 200 triệu đồng/năm)"),
    (
        "computed from forest cover 45% (2014) and 676,890 ha (2023)",
        "tính từ độ che phủ rừng 45% (2014) và 676.890 ha rừng (2023)",
    ),
    (
        "calibrated to plot measurements (Mai Son 42-64; Yen Chau 27-61 t/ha/yr under maize)",
        "hiệu chỉnh theo số đo trên ô thí nghiệm (Mai Sơn 42–64; Yên Châu 27–61 tấn/ha/năm trên đất trồng ngô)",
    ),
    ("RUSLE (McCool) for 4 degrees; 50 m", "RUSLE (McCool) cho dốc 4°; sườn dài 50 m"),
    ("RUSLE (McCool) for 12 degrees; 50 m", "RUSLE (McCool) cho dốc 12°; sườn dài 50 m"),
    ("RUSLE (McCool) for 20 degrees; 50 m", "RUSLE (McCool) cho dốc 20°; sườn dài 50 m"),
    ("RUSLE (McCool) for 30 degrees; 50 m", "RUSLE (McCool) cho dốc 30°; sườn dài 50 m"),
    (
        "est: rural income per person grew about 8% a year in current prices over 2016-2022 with inflation about \
         3% (SOURCES.md)",
        "ước tính: thu nhập bình quân đầu người ở nông thôn tăng khoảng 8%/năm theo giá hiện hành giai đoạn \
         2016–2022, lạm phát khoảng 3%/năm (SOURCES.md)",
    ),
    (
        "Mai Sơn statistics office (5,600 VND/kg, 2018); sigma and phi est",
        "Chi cục Thống kê Mai Sơn (5.600 đồng/kg, 2018); sigma và phi ước tính",
    ),
    ("provincial press (900–2,900 VND/kg fresh root); est", "báo chí địa phương (900–2.900 đồng/kg củ tươi); ước tính"),
    (
        "national press (18–25k in 2020, 8–12k in the 2021 crash); est",
        "báo chí toàn quốc (18–25 nghìn đồng/kg năm 2020, 8–12 nghìn khi giá sụt năm 2021); ước tính",
    ),
    (
        "yields: district statistics (3.7–4.2 t/ha); costs est",
        "năng suất: thống kê cấp huyện (3,7–4,2 tấn/ha); chi phí ước tính",
    ),
    (
        "yields: provincial press (~11.7 t/ha, 2023); costs est",
        "năng suất: báo chí địa phương (~11,7 tấn/ha, 2023); chi phí ước tính",
    ),
    (
        "FAO regional longan review (yield ramp); district report (~70 M VND/ha running cost); est",
        "tổng quan về nhãn trong khu vực của FAO (đường tăng năng suất); báo cáo cấp huyện (~70 triệu đồng/ha \
         chi phí hằng năm); ước tính",
    ),
    (
        "extension report on Sơn La mango for export (~80 M VND/ha investment, ~250 M VND/ha revenue); est",
        "báo cáo khuyến nông về xoài Sơn La xuất khẩu (~80 triệu đồng/ha đầu tư, ~250 triệu đồng/ha doanh \
         thu); ước tính",
    ),
    (
        "est; base-year area about 8,000 ha (plum-2016.csv: Mộc Châu ~700 ha, press report 2018; the province \
         ~11,000 ha and ~70,000 t in 2021)",
        "ước tính; diện tích năm gốc khoảng 8.000 ha (plum-2016.csv: Mộc Châu ~700 ha, báo chí năm 2018; cả \
         tỉnh ~11.000 ha và ~70.000 tấn năm 2021)",
    ),
    (
        "district data (approximate); crop areas est; plum 2016 from plum-2016.csv, taken out of old longan and \
         mango; suitability est (suitability.csv)",
        "số liệu cấp huyện (gần đúng); diện tích cây trồng ước tính; mận năm 2016 theo plum-2016.csv, tách ra \
         từ nhãn và xoài giống cũ; mức thích hợp khí hậu ước tính (suitability.csv)",
    ),
];

/// A source as the reader reads it in `lang`: a shipped scenario's in
/// Vietnamese for a Vietnamese reader, a calibration's note and "est; …"
/// in Vietnamese with the rest as written, anything else as written.
pub fn shown_source(source: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return source.to_string();
    }
    if let Some((_, vi)) = SHIPPED.iter().find(|(en, _)| *en == source) {
        return vi.to_string();
    }
    // What `calibrate` writes of a setting it fitted.
    if let Some(rest) = source.strip_prefix("fitted by agroshift calibrate to ") {
        let rest = rest
            .replace(" observations)", " số liệu)")
            .replace(" observation)", " số liệu)")
            .replace("; on its bound", "; giá trị nằm ở biên khoảng cho phép")
            .replace("; not identified by the data", "; số liệu không xác định được giá trị này");
        return format!("hiệu chỉnh bằng agroshift calibrate theo {rest}");
    }
    // "est; …" and "est: …": an estimate with a note, the note as written.
    match source.strip_prefix("est") {
        Some(rest) if rest.starts_with([';', ':']) => format!("ước tính{rest}"),
        _ => source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{builtin::BUILTINS, open};

    #[test]
    fn a_planner_s_own_sources_read_in_vietnamese_where_their_form_is_known() {
        assert_eq!(shown_source("est", Lang::Vi), "ước tính");
        assert_eq!(shown_source("model setting", Lang::Vi), "thiết lập của mô hình");
        assert_eq!(shown_source("est; sigma from prices", Lang::Vi), "ước tính; sigma from prices");
        assert_eq!(shown_source("est: rural income grew", Lang::Vi), "ước tính: rural income grew");
        // A word that only begins with "est" is not an estimate.
        assert_eq!(shown_source("estate survey", Lang::Vi), "estate survey");
        assert_eq!(
            shown_source("fitted by agroshift calibrate to obs.csv (5 observations)", Lang::Vi),
            "hiệu chỉnh bằng agroshift calibrate theo obs.csv (5 số liệu)"
        );
        assert_eq!(shown_source("Sở NN&PTNT, báo cáo 2024", Lang::Vi), "Sở NN&PTNT, báo cáo 2024");
        assert_eq!(
            shown_source("provincial council resolution 28/2017", Lang::En),
            "provincial council resolution 28/2017"
        );
    }

    /// A source added to a shipped scenario without its Vietnamese would
    /// put English in the Vietnamese report's assumptions.
    #[test]
    fn every_source_of_the_shipped_scenarios_reads_in_vietnamese() {
        let mut untranslated = Vec::new();
        for b in BUILTINS {
            let s = open(b.name).unwrap();
            let sources = s.sources.values().chain(s.crops.iter().map(|c| &c.source));
            let sources = sources.chain(s.markets.iter().map(|m| &m.source)).chain(s.zones.iter().map(|z| &z.source));
            for source in sources {
                if !SHIPPED.iter().any(|(en, _)| en == source) {
                    untranslated.push(format!("{}: {source:?}", b.name));
                }
            }
        }
        untranslated.dedup();
        assert!(untranslated.is_empty(), "no Vietnamese for:\n{}", untranslated.join("\n"));
    }
}
