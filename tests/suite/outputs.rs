//! What a planner takes away from a run: charts that decode at the stated
//! size and are not blank, SVGs holding their Vietnamese titles in NFC, a
//! self-contained report, a workbook that opens, and charts re-drawn from
//! saved results identical to the first ones.

use std::path::Path;
use std::process::Command;

use agroshift::output::charts::draw_all;
use agroshift::output::result_set::ResultSet;
use agroshift::scenario::Lang;
use calamine::{DataType, Reader};
use unicode_normalization::is_nfc;

fn run_small(dir: &Path, scenario: &str) -> std::path::PathBuf {
    let out = dir.join("res");
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["run", scenario, "--scale", "0.01", "--replicates", "3", "--years", "6", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

#[test]
fn charts_are_valid_non_blank_pngs_and_svgs_with_nfc_titles() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "diversified");
    let results = ResultSet::read(&out).unwrap();
    let redraw = dir.path().join("redraw");
    std::fs::create_dir_all(&redraw).unwrap();
    let figures = draw_all(&results, Lang::Vi, &redraw).unwrap();
    // Nine province charts, the budget, and the districts' land use twelve to a figure.
    let zone_pages = results.scenario.zones.len().div_ceil(12);
    assert_eq!(figures.len(), 10 + zone_pages, "{} figures", figures.len());
    for f in &figures {
        let png_path = out.join("figures").join(format!("{}.png", f.name));
        let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png_path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (1600, 1000), "{}", f.name);
        let pixels = &buf[..info.buffer_size()];
        let non_white = pixels.chunks(3).filter(|p| p.iter().any(|&c| c < 200)).count();
        assert!(non_white > 20_000, "{} looks blank: {non_white} dark pixels", f.name);

        let svg = std::fs::read_to_string(out.join("figures").join(format!("{}.svg", f.name))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}.svg is not valid XML: {e}", f.name));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let texts: Vec<&str> = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
        assert!(texts.iter().any(|t| t.trim() == f.title), "{}.svg lacks its title {:?}", f.name, f.title);
        assert!(is_nfc(&f.title) && texts.iter().all(|t| is_nfc(t)), "{}: text not in NFC", f.name);

        // Drawn again from the saved files: the same chart, byte for byte.
        let again = std::fs::read(redraw.join(format!("{}.svg", f.name))).unwrap();
        assert!(again == svg.as_bytes(), "{} differs when re-drawn from saved results", f.name);
    }
    assert!(figures.iter().any(|f| f.title.contains("Cơ cấu diện tích cây trồng")), "Vietnamese titles by default");
}

#[test]
fn the_report_is_self_contained_and_the_workbook_opens() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "sonla-planned");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for forbidden in ["http:", "https:", "src=", "<link", "<script", "url(", "@import", "<img"] {
        assert!(!html.contains(forbidden), "report.html holds {forbidden:?}");
    }
    let figures = std::fs::read_dir(out.join("figures"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "svg"))
        .count();
    assert_eq!(html.matches("<svg").count(), figures, "every chart is inline");
    assert!(html.contains("Sơn La: chuyển đổi theo kế hoạch 6.500 ha/năm"));
    // The key table says which threshold, not "≥ ngưỡng".
    assert!(html.contains("Số hộ thu nhập ≥ 200 tr.đ/năm (hộ)") && !html.contains("≥ ngưỡng"), "the threshold named");
    // The assumptions give every cost between gross output and net income:
    // the harvest cost per kg too.
    assert!(html.contains("chăm sóc 35,0 tr.đ/ha/năm, chu kỳ 35 năm, chi phí thu hoạch 2.000 đ/kg"), "harvest cost");
    assert!(
        html.contains("Giả định và nguồn số liệu") && html.contains("Nghị quyết 28/2017 của HĐND tỉnh"),
        "assumptions with sources"
    );

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("results.xlsx")).unwrap();
    let names = book.sheet_names().to_vec();
    assert_eq!(
        names,
        ["Kịch bản", "Chỉ tiêu chính", "Tất cả chỉ tiêu", "Theo huyện, thành phố", "Ngân sách", "Giả định"]
    );
    // The key table as in the report: a row per indicator, for each
    // milestone year the mean and its range beside it, numbers as numbers.
    let keys = book.worksheet_range("Chỉ tiêu chính").unwrap();
    let header: Vec<String> = keys.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[..5], ["Chỉ tiêu (toàn tỉnh)", "Đơn vị", "2016", "2016 (5%)", "2016 (95%)"]);
    let poor = keys.rows().find(|r| r[0].to_string().starts_with("Số hộ dưới chuẩn nghèo")).unwrap();
    assert!(matches!(poor[2], calamine::Data::Float(_)), "a number, not text: {:?}", poor[2]);
    let (mean, low, high) = (poor[2].get_float().unwrap(), poor[3].get_float().unwrap(), poor[4].get_float().unwrap());
    assert!(low <= mean && mean <= high);
    let budget = book.worksheet_range("Ngân sách").unwrap();
    let budget_rows = std::fs::read_to_string(out.join("budget.csv")).unwrap().lines().count();
    assert_eq!(budget.height(), budget_rows, "the workbook holds every row of budget.csv");
    assert!(html.contains("Ngân sách theo kỳ kế hoạch") && html.contains("Hỗ trợ trồng mới"), "the budget section");
    let all = book.worksheet_range("Tất cả chỉ tiêu").unwrap();
    assert_eq!(all.get((0, 0)).map(|c| c.to_string()), Some("Phạm vi".into()));
    let csv = std::fs::read_to_string(out.join("indicators.csv")).unwrap();
    assert_eq!(all.height(), csv.lines().count(), "the workbook holds every row of indicators.csv");
    // In the reader's words and units, with the file's codes at the right:
    // the province's mean household income of the base year, in million
    // VND, is the file's in VND.
    let in_csv: f64 = csv
        .lines()
        .find(|l| l.starts_with("province,2016,hh_income_mean,"))
        .and_then(|l| l.split(',').nth(5))
        .and_then(|v| v.parse().ok())
        .expect("indicators.csv has the base year's mean income");
    let income = all.rows().find(|r| r[13] == "hh_income_mean" && r[1] == 2016.0).expect("a row of mean income");
    assert_eq!((income[0].to_string().as_str(), income[4].to_string().as_str()), ("Toàn tỉnh", "tr.đ/năm"));
    assert_eq!(income[2].to_string(), "Thu nhập hộ bình quân");
    let shown = income[5].get_float().unwrap();
    assert!((shown * 1e6 - in_csv).abs() <= 1e-6 * in_csv, "{shown} M VND against {in_csv} VND");
    // With the replicates each mean rests on (three here).
    assert_eq!(income[12].get_float(), Some(3.0));
    let maize = all.rows().find(|r| r[13] == "area_ha" && r[14] == "maize").expect("a row of maize area");
    assert_eq!((maize[2].to_string().as_str(), maize[3].to_string().as_str()), ("Diện tích", "Ngô"));
    let zones = book.worksheet_range("Theo huyện, thành phố").unwrap();
    assert!(zones.rows().any(|r| r.first().is_some_and(|c| *c == "Sông Mã")));

    // Printed, every sheet is A4 landscape and one page wide (a wide
    // sheet printed a column a page), with its header row on every page.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(out.join("results.xlsx")).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    for n in 1..=names.len() {
        let sheet = part(&format!("xl/worksheets/sheet{n}.xml"));
        // One page wide is the file's default width once it fits to pages.
        for setting in ["paperSize=\"9\"", "orientation=\"landscape\"", "fitToPage=\"1\"", "fitToHeight=\"0\""] {
            assert!(sheet.contains(setting), "sheet {n} ({}) prints without {setting}", names[n - 1]);
        }
        assert!(!sheet.contains("fitToWidth="), "sheet {n}: one page wide");
    }
    // The header row is as tall as its wrapped names: no spreadsheet
    // program has to grow it (LibreOffice did not, and showed only their
    // last lines, "các lần mô phỏng" over three columns).
    let sheet_of = |name: &str| format!("xl/worksheets/sheet{}.xml", names.iter().position(|n| n == name).unwrap() + 1);
    let all = part(&sheet_of("Tất cả chỉ tiêu"));
    let first_row = all.split("<row ").nth(1).unwrap_or("");
    let first_row = &first_row[..first_row.find('>').unwrap_or(0)];
    assert!(first_row.contains("customHeight=\"1\"") && first_row.contains("ht=\"60\""), "header row {first_row}");
    // A long name in the assumptions wraps in a row tall enough for it.
    let assumptions = part(&sheet_of("Giả định"));
    assert!(assumptions.contains("ht=\"45\"") || assumptions.contains("ht=\"60\""), "tall rows for long names");
    let workbook = part("xl/workbook.xml");
    assert_eq!(workbook.matches("_xlnm.Print_Titles").count(), names.len(), "a header row per sheet: {workbook}");
    // In report.docx, as docx-rs writes it, every table's header row repeats
    // on each page it runs onto.
    let mut docx = zip::ZipArchive::new(std::fs::File::open(out.join("report.docx")).unwrap()).unwrap();
    let mut body = String::new();
    std::io::Read::read_to_string(&mut docx.by_name("word/document.xml").unwrap(), &mut body).unwrap();
    let tables = body.matches("<w:tbl>").count();
    assert!(tables >= 3 && body.matches("<w:tblHeader />").count() == tables, "{tables} tables");
}

#[test]
fn plot_redraws_in_english_without_simulating() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "sonla-baseline");
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift")).args(["--lang", "en", "plot"]).arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("plots-en/report.html")).unwrap();
    assert!(html.contains("Key indicators (province)") && html.contains("<html lang=\"en\">"));
    // A second plot into the same folder needs --force.
    let again =
        Command::new(env!("CARGO_BIN_EXE_agroshift")).args(["--lang", "en", "plot"]).arg(&out).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    // --quiet, as every command takes it: nothing but errors.
    let quiet = Command::new(env!("CARGO_BIN_EXE_agroshift")).args(["plot", "--quiet"]).arg(&out).output().unwrap();
    assert_eq!(quiet.status.code(), Some(0), "{}", String::from_utf8_lossy(&quiet.stderr));
    assert!(quiet.stdout.is_empty() && out.join("plots-vi/report.html").is_file());
    let missing =
        Command::new(env!("CARGO_BIN_EXE_agroshift")).args(["plot"]).arg(dir.path().join("nothing")).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_province_of_75_communes_runs_and_its_report_renders() {
    // Since 2025 provinces are made of communes: a scenario with 75 zones
    // must validate, run and report (issue 11).
    let dir = tempfile::tempdir().unwrap();
    let show = Command::new(env!("CARGO_BIN_EXE_agroshift")).args(["show", "sonla-baseline"]).output().unwrap();
    let base = String::from_utf8(show.stdout).unwrap();
    let mut text = base[..base.find("[zones.").unwrap()].replace("name = \"sonla-baseline\"", "name = \"communes\"");
    for i in 1..=75 {
        text.push_str(&format!(
            "[zones.\"Xã Chiềng {i:02}\"]\nnatural_area_ha = 18000\nhouseholds = 3200\nforest_ha = 8000\n\
             area_ha = {{ maize = 2500, cassava = 400, upland_rice = 300, old_longan = 60, old_mango = 60, plum_grafted = 50 }}\n\n"
        ));
    }
    text.push_str("[report]\nzone_word_vi = \"xã\"\nzone_word_en = \"commune\"\n");
    std::fs::write(dir.path().join("communes.toml"), text).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["run", "communes.toml", "--scale", "0.01", "--replicates", "2", "--years", "4", "--out", "r", "--quiet"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let report = std::fs::read_to_string(dir.path().join("r/report.html")).unwrap();
    // Every commune has its panel: 75 in seven figures of at most twelve.
    assert!(report.contains("Xã Chiềng 75"), "every zone is in the report");
    for page in 1..=7 {
        let svg = std::fs::read_to_string(dir.path().join(format!("r/figures/land-use-by-zone-{page}.svg"))).unwrap();
        let panels = (1..=75).filter(|i| svg.contains(&format!("\nXã Chiềng {i:02}\n"))).count();
        assert_eq!(panels, if page < 7 { 12 } else { 3 }, "figure {page} of the communes' land use");
    }
    assert!(!dir.path().join("r/figures/land-use-by-zone-8.svg").exists());
    assert!(report.contains("của 75 xã"), "the report speaks of communes");
    let chart = std::fs::read_to_string(dir.path().join("r/figures/converted-by-zone.svg")).unwrap();
    assert!(
        chart.contains("theo xã") && chart.contains("56 xã khác"),
        "19 bars and one line for the other 56 communes"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["--lang", "en", "plot", "r"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let english = std::fs::read_to_string(dir.path().join("r/plots-en/report.html")).unwrap();
    assert!(english.contains("in 75 communes"), "and in English");
}

#[test]
fn every_output_states_the_settings_of_the_run_not_of_the_file() {
    // sonla-planned's file says 200 replicates, scale 1, seed 2017 and 20
    // years; the command line changes each, and every output must say so.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("res");
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["run", "sonla-planned", "--scale", "0.0125", "--replicates", "3", "--years", "7", "--seed", "4242"])
        .args(["--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!((summary["replicates"].as_u64(), summary["seed"].as_u64()), (Some(3), Some(4242)));
    assert_eq!(summary["scale"].as_f64(), Some(0.0125));

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let meta = html.split("<p class=\"meta\">").nth(1).unwrap();
    assert!(meta.contains("3 lần mô phỏng") && meta.contains("seed 4242") && meta.contains("quy mô 0,0125"), "{meta}");
    // The charts' footer writes the scale with the reader's decimal comma too.
    let chart = std::fs::read_to_string(out.join("figures/land-use.svg")).unwrap();
    assert!(chart.contains("quy mô 0,0125 ·"), "the chart's footer gives the scale");
    // Each setting by what it means, with its key in the scenario file.
    let row = |name: &str| {
        let meaning = match name {
            "replicates" => "Số lần mô phỏng",
            "scale" => "Phần của tỉnh được mô phỏng; kết quả quy ra toàn tỉnh",
            "seed" => "Số khởi tạo ngẫu nhiên: cùng số cho cùng kết quả",
            _ => "Số năm mô phỏng",
        };
        format!("<td>Mô phỏng</td><td>{meaning} [{name}]</td>")
    };
    for (name, value) in [("replicates", "3"), ("scale", "0,0125"), ("seed", "4242"), ("years", "7")] {
        assert!(html.contains(&format!("{}<td>{value}</td>", row(name))), "the assumptions give {name} = {value}");
    }
    // Lists of crops by name, numbers with the reader's marks, the data's
    // "est" in Vietnamese.
    let from_crops = "<td>Cây trồng được chuyển đổi [from_crops]</td><td>Ngô, Sắn, Lúa nương</td>";
    assert!(html.contains(from_crops), "crops converted from, by name");
    assert!(html.contains("[credit_limit_vnd]</td><td>100.000.000</td>"), "the credit limit in grouped thousands");
    assert!(html.contains("[credit_rate]</td><td>0,066</td><td>ước tính</td>"), "a rate with a decimal comma, est");
    assert!(html.contains("2016–2022"), "the scenario's words give the years run");

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("results.xlsx")).unwrap();
    let sheet = book.worksheet_range("Giả định").unwrap();
    let value_of = |name: &str| {
        sheet
            .rows()
            .find(|r| {
                r.first().is_some_and(|c| *c == "Mô phỏng")
                    && r.get(1).is_some_and(|c| c.to_string().ends_with(&format!("[{name}]")))
            })
            .and_then(|r| r.get(2).map(|c| c.to_string()))
    };
    assert_eq!(value_of("replicates").as_deref(), Some("3"));
    assert_eq!(value_of("scale").as_deref(), Some("0.0125"));
    assert_eq!(value_of("seed").as_deref(), Some("4242"));
    assert_eq!(value_of("years").as_deref(), Some("7"));
    // A setting that is one number stays a number in its cell; a list reads
    // as names.
    let policy_cell = |name: &str| {
        sheet
            .rows()
            .find(|r| r.get(1).is_some_and(|c| c.to_string().ends_with(&format!("[{name}]"))))
            .and_then(|r| r.get(2).cloned())
            .unwrap()
    };
    assert_eq!(policy_cell("credit_limit_vnd"), calamine::Data::Float(100_000_000.0));
    assert_eq!(policy_cell("from_crops").to_string(), "Ngô, Sắn, Lúa nương");
    // The first sheet names what was run.
    let first = book.worksheet_range("Kịch bản").unwrap();
    let fact = |name: &str| first.rows().find(|r| r[0] == name).map(|r| r[1].to_string());
    assert_eq!(fact("Kịch bản").as_deref(), Some("sonla-planned"));
    assert_eq!(fact("Số lần mô phỏng").as_deref(), Some("3"));
    assert_eq!(fact("Quy mô mô phỏng (tỷ lệ tỉnh)").as_deref(), Some("0.0125"));
    assert_eq!(fact("Seed").as_deref(), Some("4242"));
    assert_eq!(fact("Giai đoạn").as_deref(), Some("2016–2022"));
}

#[test]
fn the_terminal_table_fits_100_columns_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, years, words) in
        [("vi", "11", ["(toàn tỉnh)", "Đã mô phỏng"]), ("en", "31", ["(province)", "Simulated"])]
    {
        // Eleven years give four milestone columns; thirty-one give eight,
        // which the table puts in two blocks.
        let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
            .args(["--lang", lang, "run", "sonla-planned", "--scale", "0.01", "--replicates", "2", "--years", years])
            .args(["--out", lang])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8(o.stdout).unwrap();
        for line in text.lines() {
            assert!(line.chars().count() <= 100, "{} characters: {line}", line.chars().count());
        }
        for word in words {
            assert!(text.contains(word), "{lang}: no \"{word}\" in\n{text}");
        }
        // Every indicator has its means and, on the line below, their ranges.
        let ranges = text.lines().filter(|l| l.matches('–').count() >= 3).count();
        assert!(ranges >= 15, "{lang}: {ranges} lines of ranges");
    }
}

#[test]
fn csv_for_vietnamese_excel_uses_semicolons_and_plots_back() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["run", "sonla-planned", "--scale", "0.01", "--replicates", "2", "--years", "4", "--quiet"])
        .args(["--csv-style", "vi", "--out", "vi"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    for file in ["vi/indicators.csv", "vi/budget.csv"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{file} starts with a BOM");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let header = text.lines().next().unwrap();
        assert!(header.starts_with("scope;") && !header.contains(','), "{file}: {header}");
        // A decimal is written with a comma, never a point.
        let line = text.lines().find(|l| l.contains("province;2016;") || l.contains("province;2016-")).unwrap();
        assert!(line.split(';').skip(4).any(|f| f.contains(',')), "{file}: {line}");
        assert!(line.split(';').skip(4).all(|f| !f.contains('.')), "{file}: {line}");
    }
    // `plot` reads either style.
    let o =
        Command::new(env!("CARGO_BIN_EXE_agroshift")).args(["plot", "vi"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.path().join("vi/plots-vi/report.html").exists());
}

#[test]
fn legends_stand_beside_the_data_not_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "sonla-restructuring");
    // Every legend label sits in the column right of the plot.
    use agroshift::output::charts::style::{LEGEND_COLUMN_PX, LEGEND_ENTRY, WIDTH_PX};
    let column_x = f64::from(WIDTH_PX - LEGEND_COLUMN_PX);
    let charts =
        ["land-use", "households-above-threshold", "income-per-ha", "soil-loss", "budget", "cash-flow-j-curve"]
            .map(|chart| (chart, &["Ngô", "Nhãn ghép", "Sông Mã", "trung bình"][..]));
    // The district planting chart names districts on its axis, crops in its legend.
    let by_zone = ("converted-by-zone", &["Nhãn ghép", "Xoài ghép"][..]);
    for (chart, words) in charts.into_iter().chain([by_zone]) {
        let svg = std::fs::read_to_string(out.join(format!("figures/{chart}.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let labels: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter(|n| n.text().is_some_and(|t| words.iter().any(|w| t.contains(w))))
            .filter_map(|n| n.attribute("x").and_then(|x| x.parse().ok()))
            .collect();
        assert!(!labels.is_empty(), "{chart}: no legend label found");
        assert!(labels.iter().all(|&x| x >= column_x), "{chart}: a legend label inside the plot: {labels:?}");
        // Right of every bar too (the legend's swatches are 30 px wide).
        let number = |n: &roxmltree::Node<'_, '_>, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
        let bars_end = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") != Some("#FFFFFF"))
            .filter_map(|n| Some((number(&n, "x")?, number(&n, "width")?)))
            .filter(|(_, w)| *w > 40.0 && *w < f64::from(WIDTH_PX) / 2.0)
            .map(|(x, w)| x + w)
            .fold(0.0, f64::max);
        assert!(
            labels.iter().all(|&x| x > bars_end),
            "{chart}: a legend label left of a bar's end {bars_end}: {labels:?}"
        );
    }
    // And no text of the column runs past the chart's right edge.
    for chart in ["land-use", "land-use-by-zone", "households-above-threshold", "budget"] {
        let svg = std::fs::read_to_string(out.join(format!("figures/{chart}.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let (Some(x), Some(text)) = (node.attribute("x").and_then(|x| x.parse::<f32>().ok()), node.text()) else {
                continue;
            };
            if x >= column_x as f32 {
                let width = agroshift::output::charts::text::width_px(false, LEGEND_ENTRY as f32, text.trim());
                assert!(x + width <= WIDTH_PX as f32, "{chart}: {text:?} at {x} runs {width} px past the edge");
            }
        }
    }
}

#[test]
fn a_one_page_summary_leads_the_report_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "sonla-restructuring");
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let bullets = md.lines().filter(|l| l.starts_with("- ")).count();
    assert!((3..=5).contains(&bullets), "{bullets} findings:\n{md}");
    // Three simulations are too few for likelihood words: the count alone.
    assert!(md.contains("## Tóm tắt (toàn tỉnh)") && md.contains("trên 3 lần mô phỏng (quá ít"), "{md}");
    // Read on its own, the page says what was simulated, and that a
    // sample is a quick trial, before its findings.
    let trial = md.find("Mẫu nhỏ chỉ để thử nhanh").expect("the sample is named a quick trial");
    assert!(trial < md.find("## Tóm tắt").unwrap(), "{md}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let summary_at = html.find("Tóm tắt (toàn tỉnh)").expect("the report opens with the summary");
    assert!(summary_at < html.find("Chỉ tiêu chính").unwrap());

    // The numbers stated are the run's: the base year's households above
    // 200 M VND are the mean in indicators.csv.
    let found: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("findings.json")).unwrap()).unwrap();
    let rich = found.as_array().unwrap().iter().find(|f| f["kind"] == "rich_households").unwrap();
    let csv = std::fs::read_to_string(out.join("indicators.csv")).unwrap();
    let line = csv.lines().find(|l| l.contains("province,2016,hh_above_threshold,")).unwrap();
    let mean: f64 = line.split(',').nth(5).unwrap().parse().unwrap();
    assert!((rich["base"].as_f64().unwrap() - mean).abs() < 1e-5, "{rich} vs {mean}");

    // Drawn again in English, the summary speaks English.
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift")).args(["--lang", "en", "plot"]).arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let english = std::fs::read_to_string(out.join("plots-en/summary.md")).unwrap();
    assert!(english.contains("## Summary (province)") && english.contains("of 3 simulations"), "{english}");
    assert!(english.contains("A small sample is for quick trials"), "{english}");
}

#[test]
fn the_income_threshold_named_is_the_scenarios_own() {
    let dir = tempfile::tempdir().unwrap();
    let toml =
        "extends = \"sonla-baseline\"\nname = \"lower\"\n[parameters]\nthreshold_vnd_household_yr = 150_000_000\n";
    std::fs::write(dir.path().join("lower.toml"), toml).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["run", "lower.toml", "--scale", "0.01", "--replicates", "2", "--years", "3", "--quiet", "--out", "r"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = std::fs::read_to_string(dir.path().join("r/summary.md")).unwrap();
    let chart = std::fs::read_to_string(dir.path().join("r/figures/households-above-threshold.svg")).unwrap();
    for (what, text) in [("summary.md", &summary), ("the chart", &chart)] {
        assert!(text.contains("150 triệu đồng/năm") && !text.contains("200 triệu"), "{what} names another threshold");
    }
}

/// The headings of an HTML page (levels 1–3), text unescaped.
fn html_headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        let Some(level) = rest.chars().next().filter(|c| ('1'..='3').contains(c)) else { continue };
        let close = format!("</h{level}>");
        let (Some(open_end), Some(end)) = (rest.find('>'), rest.find(&close)) else { break };
        let text = &rest[open_end + 1..end];
        out.push(text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// A Word file read back by a docx reader: its headings (paragraphs in a
/// Heading style, in order), its tables as rows of cell texts, all its
/// text, and its pictures.
struct WordContent {
    headings: Vec<String>,
    tables: Vec<Vec<Vec<String>>>,
    text: String,
    pictures: usize,
}

fn read_word(path: &Path) -> WordContent {
    use docx_rs::{DocumentChild, ParagraphChild, RunChild, TableCellContent, TableChild, TableRowChild};
    let bytes = std::fs::read(path).unwrap();
    let word = docx_rs::read_docx(&bytes).unwrap_or_else(|e| panic!("{} does not read as .docx: {e}", path.display()));
    let mut content = WordContent { headings: Vec::new(), tables: Vec::new(), text: String::new(), pictures: 0 };
    for child in &word.document.children {
        match child {
            DocumentChild::Paragraph(p) => {
                for c in &p.children {
                    if let ParagraphChild::Run(run) = c {
                        content.pictures += run.children.iter().filter(|r| matches!(r, RunChild::Drawing(_))).count();
                    }
                }
                let text = p.raw_text();
                if p.property.style.as_ref().is_some_and(|s| s.val.starts_with("Heading")) {
                    content.headings.push(text.clone());
                }
                content.text.push_str(&text);
                content.text.push('\n');
            }
            DocumentChild::Table(t) => {
                let rows = t
                    .rows
                    .iter()
                    .map(|TableChild::TableRow(row)| {
                        row.cells
                            .iter()
                            .map(|TableRowChild::TableCell(cell)| {
                                cell.children
                                    .iter()
                                    .filter_map(|c| match c {
                                        TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                        _ => None,
                                    })
                                    .collect::<String>()
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect::<Vec<_>>();
                for row in &rows {
                    content.text.push_str(&row.join("\t"));
                    content.text.push('\n');
                }
                content.tables.push(rows);
            }
            _ => {}
        }
    }
    content
}

#[test]
fn the_word_report_says_what_the_html_report_says() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "sonla-planned");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let word = read_word(&out.join("report.docx"));
    // The same headings in the same order, as Word headings.
    let headings = html_headings(&html);
    assert!(headings.len() >= 6, "{headings:?}");
    assert_eq!(word.headings, headings);
    // Every table a real Word table, as many rows and columns as on the page.
    assert_eq!(word.tables.len(), html.matches("<table>").count());
    let key_rows = html.split("<table>").nth(1).unwrap().split("</table>").next().unwrap().matches("<tr>").count();
    assert_eq!(word.tables[0].len(), key_rows, "the key table");
    assert!(word.tables[0][0].iter().any(|h| h == "2020"), "milestone years as columns: {:?}", word.tables[0][0]);
    let cell = word.tables[0][2].get(1).unwrap();
    let ranged = cell.char_indices().any(|(i, c)| c == '–' && cell[..i].ends_with(|d: char| d.is_ascii_digit()));
    assert!(ranged, "a value with its 5–95% range: {cell}");
    // Every chart as a picture, and the assumptions with their sources.
    assert_eq!(word.pictures, html.matches("<figure").count());
    assert!(word.text.contains("Nghị quyết 28/2017 của HĐND tỉnh"), "assumptions with sources");
    let results = ResultSet::read(&out).unwrap();
    let seed = results.manifest.seed.to_string();
    assert!(word.text.contains(&format!("seed {seed}")), "the run's seed");

    // LibreOffice, where installed, opens it and makes a PDF of it.
    let office = ["libreoffice", "soffice"]
        .into_iter()
        .find(|p| Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(office) = office else {
        eprintln!("LibreOffice is not installed: report.docx was read back but not converted to PDF");
        return;
    };
    let pdf_dir = dir.path().join("pdf");
    let o = Command::new(office)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .arg(out.join("report.docx"))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = std::fs::read(pdf_dir.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF") && pdf.len() > 50_000, "{} bytes", pdf.len());
}

/// A report of a run on a sample of the households says so, in both
/// languages, and a run of the whole province does not: totals are scaled
/// up, and a quick trial must not pass for the full run in a proposal.
#[test]
fn the_scenario_description_says_when_a_run_simulated_only_a_sample() {
    use agroshift::output::report::plain_description;
    let mut s = crate::common::open("sonla-restructuring");
    s.simulation.scale = 1.0;
    let whole = plain_description(&s, 200, 20, Lang::Vi);
    assert!(whole.starts_with("Mô phỏng 240.000 hộ"), "{whole}");
    assert!(!whole.contains("mẫu"), "{whole}");
    s.simulation.scale = 0.05;
    let vi = plain_description(&s, 8, 20, Lang::Vi);
    assert!(vi.contains("một mẫu 5% trong 240.000 hộ") && vi.contains("nhân lên"), "{vi}");
    let en = plain_description(&s, 8, 20, Lang::En);
    assert!(en.contains("a 5% sample of the 240,000 households") && en.contains("scaled up"), "{en}");
    for (scale, shown) in [(0.025, "2,5%"), (0.07, "7%"), (0.0025, "0,25%")] {
        s.simulation.scale = scale;
        let text = plain_description(&s, 8, 20, Lang::Vi);
        assert!(text.contains(&format!("một mẫu {shown} trong")), "scale {scale}: {text}");
    }
}

/// The planned scenario's description names the plan's own mix with its
/// shares (not every crop households may choose), says that planting
/// follows the decision by a year, and names the planting subsidy, which is
/// most of the budget.
#[test]
fn the_scenario_description_names_the_plans_mix_and_the_planting_subsidy() {
    use agroshift::output::report::plain_description;
    let s = crate::common::open("sonla-planned");
    let vi = plain_description(&s, 8, 20, Lang::Vi);
    assert!(vi.contains("sang nhãn ghép 50%, xoài ghép 50% (trồng vào năm sau)"), "{vi}");
    assert!(!vi.contains("mận hậu ghép"), "plum is not in the plan's mix: {vi}");
    assert!(vi.contains("Hỗ trợ: trồng mới nhãn ghép, xoài ghép 10,0 triệu đồng/ha, vay tối đa"), "{vi}");
    let en = plain_description(&s, 8, 20, Lang::En);
    assert!(en.contains("to grafted longan 50%, grafted mango 50% (planted the year after)"), "{en}");
    assert!(en.contains("planting subsidy") && en.contains("10.0 M VND/ha"), "{en}");
    // One amount for every crop (`subsidy_vnd_ha = 10_000_000`) names the
    // crops it can be paid on, the ones planted, not maize or coffee.
    let mut flat = crate::common::open("sonla-restructuring");
    flat.policy.subsidy_vnd_per_ha.iter_mut().for_each(|v| *v = 10e6);
    let text = plain_description(&flat, 8, 20, Lang::Vi);
    assert!(text.contains("trồng mới nhãn ghép, xoài ghép, mận hậu ghép 10,0 triệu đồng/ha"), "{text}");
    assert!(!text.contains("ngô, sắn, lúa nương, lúa nước"), "{text}");
    // Thirds of a mix add up to 100, not 99.
    let mut thirds = s.clone();
    let plan = thirds.policy.plan.as_mut().unwrap();
    let plum = thirds.crops.iter().find(|c| c.key == "plum_grafted").unwrap().id;
    plan.mix = vec![(plan.mix[0].0, 1.0 / 3.0), (plan.mix[1].0, 1.0 / 3.0), (plum, 1.0 / 3.0)];
    let text = plain_description(&thirds, 8, 20, Lang::Vi);
    assert!(text.contains("nhãn ghép 33,3%, xoài ghép 33,3%, mận hậu ghép 33,3%"), "{text}");
    // A scenario with no subsidy names none.
    let baseline = plain_description(&crate::common::open("sonla-baseline"), 8, 20, Lang::En);
    assert!(!baseline.contains("planting subsidy"), "{baseline}");
}

#[test]
fn a_scenario_without_support_says_so_on_its_budget_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "sonla-baseline");
    let svg = std::fs::read_to_string(out.join("figures/budget.svg")).unwrap();
    assert!(svg.contains("Kịch bản này không chi kinh phí hỗ trợ"), "the empty chart says why it is empty");
    // One tick label on the axis, 0, rather than a column of "0,00".
    assert!(!svg.contains("0,00"), "no ticks of 0,00");
}
