//! The charts of a run (plotters, no system fonts): each written as PNG
//! (1600×1000) and SVG, labelled in Vietnamese or English, with a title,
//! axis units, a legend and a footer naming the scenario, replicate count,
//! seed and program version. A crop has the same colour in every chart.

pub mod budget;
pub mod explore;
pub mod series;
pub mod style;
pub mod text;
pub mod zones;

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use self::series::{BandSeries, Fan, Observed, ObservedPoint, Reference, band_chart, fan_grid};
use self::style::*;
use super::result_set::ResultSet;
use crate::analysis::crops::cash_flow_profile;
use crate::scenario::{CropId, Lang, Slope};

/// A chart written by [`draw_all`].
#[derive(Debug, Clone)]
pub struct Figure {
    /// File name without extension.
    pub name: String,
    /// Title, in the chosen language.
    pub title: String,
    /// One-sentence caption for the report.
    pub caption: String,
}

/// What every chart reads.
struct Ctx<'a> {
    results: &'a ResultSet,
    files: ChartFiles,
    lang: Lang,
    footer: String,
    /// The scope the charts speak of: the province or the focus (prices are
    /// always the province's: markets are provincial).
    scope: String,
}

impl Ctx<'_> {
    /// Draws one chart into `dir` as [`Ctx::files`] says.
    fn save(
        &self,
        dir: &Path,
        name: &str,
        draw_png: impl FnOnce(&DrawingArea<text::ShapedBitmap<'_>, Shift>) -> ChartResult,
        draw_svg: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> ChartResult,
    ) -> ChartResult {
        match self.files {
            ChartFiles::PngAndSvg => save_both(dir, name, draw_png, draw_svg),
            ChartFiles::SvgOnly => save_svg(dir, name, draw_svg),
        }
    }

    fn year_label(&self) -> String {
        self.lang.pick("Năm", "Year").to_string()
    }
    fn crop_name(&self, c: CropId) -> String {
        self.results.scenario.crops[c.index()].name(self.lang).to_string()
    }
}

/// The files each chart is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFiles {
    /// `NAME.png` and `NAME.svg` (run, plot, report).
    PngAndSvg,
    /// `NAME.svg` only (the browser page of `serve`).
    SvgOnly,
}

/// Draws every chart of `results` into `dir` (which must exist) as PNG and
/// SVG, and returns them in report order.
pub fn draw_all(results: &ResultSet, lang: Lang, dir: &Path) -> Result<Vec<Figure>, DrawError> {
    draw_all_as(results, lang, dir, ChartFiles::PngAndSvg)
}

/// Like [`draw_all`], writing `files`.
pub fn draw_all_as(results: &ResultSet, lang: Lang, dir: &Path, files: ChartFiles) -> Result<Vec<Figure>, DrawError> {
    let m = &results.manifest;
    let scale = crate::text::scale_text(m.scale, lang);
    let footer = match lang {
        Lang::Vi => format!(
            "Kịch bản {} · {} lần mô phỏng · seed {} · quy mô {scale} · {}",
            m.scenario, m.replicates, m.seed, m.program
        ),
        Lang::En => {
            format!(
                "Scenario {} · {} replicates · seed {} · scale {scale} · {}",
                m.scenario, m.replicates, m.seed, m.program
            )
        }
    };
    let ctx = Ctx { results, files, lang, footer, scope: results.scenario.focus_scope() };
    let mut figures = Vec::new();
    let mut add =
        |name: String, title: String, caption: String, draw: &dyn Fn(&Ctx<'_>, &str, &Path, &str) -> ChartResult| {
            draw(&ctx, &title, dir, &name)?;
            figures.push(Figure { name, title, caption });
            Ok::<(), DrawError>(())
        };
    let s = &results.scenario;
    let last_year = *results.years.last().unwrap_or(&0);
    // Charts of the focus zones say so in their titles.
    let focused = |title: &str| format!("{title}{}", s.place_suffix(ctx.lang));

    add(
        "land-use".into(),
        format!("{} — {}", ctx.lang.pick("Cơ cấu diện tích cây trồng", "Farmland by crop"), s.focus_title(ctx.lang)),
        ctx.lang
            .pick(
                "Diện tích từng loại cây trồng qua các năm (trung bình các lần mô phỏng), xếp chồng.",
                "Area of each crop over the years (mean across replicates), stacked.",
            )
            .to_string(),
        &|c, title, dir, name| {
            c.save(dir, name, |a| land_use(a, c, title, &c.scope), |a| land_use(a, c, title, &c.scope))
        },
    )?;
    add(
        "cash-flow-j-curve".into(),
        ctx.lang.pick("Dòng tiền luỹ kế trên 1 ha theo tuổi vườn (độ dốc S3, giá cơ sở)",
            "Cumulative cash flow per ha by orchard age (slope S3, base prices)",).to_string(),
        ctx.lang.pick("Đường chữ J: vốn trồng mới và những năm chưa cho quả, rồi thu hồi vốn; chấm tròn đánh dấu năm hoàn vốn.",
            "The J-curve: establishment and the years before bearing, then the return; the dot marks the payback year.",).to_string(),
        &|c, title, dir, name| c.save(dir, name, |a| j_curve(a, c, title), |a| j_curve(a, c, title)),
    )?;
    add(
        "households-above-threshold".into(),
        focused(&crate::output::results::threshold_title(s, ctx.lang)),
        ctx.lang
            .pick("Trung bình và khoảng 5–95% qua các lần mô phỏng.", "Mean and 5–95% range across replicates.")
            .to_string(),
        &|c, title, dir, name| c.save(dir, name, |a| households(a, c, title), |a| households(a, c, title)),
    )?;
    add(
        "poverty".into(),
        focused(ctx.lang.pick("Số hộ dưới chuẩn nghèo", "Households below the poverty line")),
        ctx.lang
            .pick("Trung bình và khoảng 5–95% qua các lần mô phỏng.", "Mean and 5–95% range across replicates.")
            .to_string(),
        &|c, title, dir, name| c.save(dir, name, |a| poverty(a, c, title), |a| poverty(a, c, title)),
    )?;
    add(
        "forest-tree-cover".into(),
        focused(ctx.lang.pick(
            "Độ che phủ rừng và độ che phủ cây xanh (rừng + vườn cây)",
            "Forest cover and tree cover (forest + orchards)",
        )),
        ctx.lang
            .pick(
                "Tỷ lệ trên diện tích tự nhiên; vườn cây tính từ năm thứ 3.",
                "Share of natural area; orchards count from age 3.",
            )
            .to_string(),
        &|c, title, dir, name| c.save(dir, name, |a| cover(a, c, title), |a| cover(a, c, title)),
    )?;
    add(
        "prices".into(),
        ctx.lang.pick("Giá bán theo thị trường (trung bình, 25–75%, 5–95%)", "Prices by market (mean, 25–75%, 5–95%)").to_string(),
        ctx.lang.pick("Giá theo giá cố định năm gốc, gồm biến động ngẫu nhiên và phản ứng giảm giá khi cung vượt sức mua của thị trường.",
            "Constant base-year prices, with random swings and the fall when supply passes what the market absorbs.",).to_string(),
        &|c, title, dir, name| c.save(dir, name, |a| prices(a, c, title), |a| prices(a, c, title)),
    )?;
    add(
        "income-per-ha".into(),
        focused(ctx.lang.pick(
            "Giá trị sản xuất trên 1 ha: vườn thuần thục và cây hằng năm thuộc diện chuyển đổi",
            "Gross output per ha: mature orchards and the annual crops to convert",
        )),
        ctx.lang
            .pick(
                "Cây lâu năm: trên diện tích vườn cho năng suất ổn định, như bảng chỉ tiêu; chi phí và thu hoạch những năm đầu của vườn mới xem đường chữ J.",
                "Orchards at full bearing, as in the key table; a new orchard's first years are in the J-curve.",
            )
            .to_string(),
        &|c, title, dir, name| c.save(dir, name, |a| income_per_ha(a, c, title), |a| income_per_ha(a, c, title)),
    )?;
    add(
        "soil-loss".into(),
        focused(ctx.lang.pick("Xói mòn đất bình quân trên đất nông nghiệp", "Soil loss, farmland average")),
        ctx.lang
            .pick(
                "Theo phương trình RUSLE; đường nét đứt: ngưỡng chịu đựng 10 tấn/ha/năm.",
                "RUSLE estimate; dashed line: the 10 t/ha/yr tolerance.",
            )
            .to_string(),
        &|c, title, dir, name| c.save(dir, name, |a| soil(a, c, title), |a| soil(a, c, title)),
    )?;
    add(
        "converted-by-zone".into(),
        match ctx.lang {
            Lang::Vi => format!(
                "Diện tích trồng mới trên đất cây hằng năm, luỹ kế theo {} đến năm {last_year}",
                s.zone_word(ctx.lang)
            ),
            Lang::En => format!(
                "Area newly planted on annual-crop land by {}, cumulative to {last_year}",
                s.zone_word(ctx.lang)
            ),
        },
        ctx.lang
            .pick(
                "Diện tích trồng mới trên đất cây hằng năm (không kể ghép cải tạo), trung bình các lần mô phỏng.",
                "Area newly planted on annual-crop land (top-working not included), mean across replicates.",
            )
            .to_string(),
        &|c, title, dir, name| c.save(dir, name, |a| converted(a, c, title), |a| converted(a, c, title)),
    )?;
    if let Some(budget) = results.budget.as_ref().filter(|b| !b.periods.is_empty()) {
        add(
            "budget".into(),
            match ctx.lang {
                Lang::Vi => format!("Kinh phí hỗ trợ theo kỳ kế hoạch và theo {}", s.zone_word(ctx.lang)),
                Lang::En => format!("Support paid by plan period and {}", s.zone_word(ctx.lang)),
            },
            ctx.lang
                .pick(
                    "Hỗ trợ trồng mới và hỗ trợ ghép cải tạo đã chi, cộng trong kỳ (trung bình các lần mô phỏng); \
                     tín dụng ưu đãi là khoản vay, không tính ở đây (xem bảng ngân sách).",
                    "Planting subsidy and top-working support paid, summed over each period (mean across \
                     replicates); preferential credit is lent, not spent, and is not included (see the budget table).",
                )
                .to_string(),
            &|c, title, dir, name| {
                c.save(
                    dir,
                    name,
                    |a| budget::draw_budget(a, budget, s, c.lang, title, &c.footer),
                    |a| budget::draw_budget(a, budget, s, c.lang, title, &c.footer),
                )
            },
        )?;
    }
    let names: Vec<&str> = s.zones.iter().map(|z| z.name.as_str()).collect();
    let pages = names.len().div_ceil(zones::PANELS_PER_FIGURE);
    for (page, group) in names.chunks(zones::PANELS_PER_FIGURE).enumerate() {
        let (name, part) = match pages {
            1 => ("land-use-by-zone".to_string(), String::new()),
            _ => (format!("land-use-by-zone-{}", page + 1), format!(" ({}/{pages})", page + 1)),
        };
        add(
            name,
            match ctx.lang {
                Lang::Vi => format!("Cơ cấu diện tích cây trồng theo {}{part}", s.zone_word(ctx.lang)),
                Lang::En => format!("Farmland by crop in each {}{part}", s.zone_word(ctx.lang)),
            },
            match ctx.lang {
                Lang::Vi => format!(
                    "Diện tích từng loại cây trồng của mỗi {}, xếp chồng (nghìn ha, trung bình các lần mô phỏng); mỗi ô có thang đo riêng.",
                    s.zone_word(ctx.lang)
                ),
                Lang::En => format!(
                    "Area of each crop in each {}, stacked (thousand ha, mean across replicates); each panel has its own scale.",
                    s.zone_word(ctx.lang)
                ),
            },
            &|c, title, dir, name| {
                c.save(
                    dir,
                    name,
                    |a| zones::draw_zone_land_use(a, c.results, group, c.lang, title, &c.footer),
                    |a| zones::draw_zone_land_use(a, c.results, group, c.lang, title, &c.footer),
                )
            },
        )?;
    }
    if let Some(calibration) = &results.calibration {
        for (i, series) in calibration.series.iter().enumerate() {
            let title = crate::output::calibration::series_title(series, s, ctx.lang);
            let caption = ctx
                .lang
                .pick(
                    "Chấm đen: số liệu quan sát (± sai số chuẩn dùng làm trọng số); đường và dải: trung bình và khoảng 5–95% của lần chạy với các tham số đã hiệu chỉnh.",
                    "Black dots: the observations (± the standard error used as their weight); line and band: the mean and 5–95% range of the run with the fitted settings.",
                )
                .to_string();
            let name = format!("calibration-{}", i + 1);
            calibration_chart(&ctx, series, &title, dir, &name)?;
            figures.push(Figure { name, title, caption });
        }
    }
    Ok(figures)
}

fn land_use<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str, scope: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let (title, title_style) = fitted_title(title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(12, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    let (area, legend) = with_legend_column(&area);
    let r = c.results;
    let s = &r.scenario;
    let n = r.years.len();
    // Stacked tops per crop, in crop order (thousand ha).
    let mut tops: Vec<Vec<f64>> = Vec::new();
    let mut running = vec![0.0; n];
    for crop in &s.crops {
        let series = r.series(scope, "area_ha", &crop.key);
        for (y, st) in series.iter().enumerate() {
            running[y] += st.map_or(0.0, |s| s.mean) / 1000.0;
        }
        tops.push(running.clone());
    }
    let hi = running.iter().copied().fold(0.0, f64::max) * 1.05;
    let x0 = *r.years.first().unwrap_or(&0);
    let x1 = *r.years.last().unwrap_or(&1);
    let mut chart = ChartBuilder::on(&area)
        .margin(24)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        // The milestone years, the last one labelled, as on every other
        // time axis (plotters' own ticks ended at 2034 for a run to 2035).
        .build_cartesian_2d((x0..x1).with_key_points(series::year_ticks(&r.years, 8, 3)), axis(0.0, hi.max(0.001)))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(c.year_label())
        .y_desc(c.lang.pick("Diện tích (nghìn ha)", "Area (thousand ha)").to_string())
        .axis_desc_style(font(AXIS))
        .label_style(font(TICKS))
        .y_label_formatter(&|v| series::axis_number(*v, hi, c.lang))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    // Top of the stack first, in the legend as in the chart.
    let mut entries = Vec::new();
    for (i, crop) in s.crops.iter().enumerate().rev() {
        if tops[i].iter().zip(i.checked_sub(1).map(|p| &tops[p]).unwrap_or(&vec![0.0; n])).all(|(a, b)| a - b <= 0.0) {
            continue;
        }
        let colour = crop_colour(&s.crops, i);
        chart
            .draw_series(AreaSeries::new(r.years.iter().zip(&tops[i]).map(|(&y, &v)| (y, v)), 0.0, colour.filled()))
            .map_err(err)?;
        entries.push((crop.name(c.lang).to_string(), Swatch::Block(colour)));
    }
    draw_side_legend(&legend, None, &entries)
}

fn j_curve<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let s = &c.results.scenario;
    let mut crops: Vec<CropId> = s.choosable_crops();
    for c0 in &s.policy.topwork_from {
        if !crops.contains(c0) {
            crops.push(*c0);
        }
    }
    let horizon = 20usize;
    let profiles: Vec<(CropId, Vec<f64>)> = crops
        .iter()
        .map(|&id| {
            let years = cash_flow_profile(s, &s.crops[id.index()], Slope::S3);
            (id, years.iter().take(horizon + 1).map(|y| y.cumulative_vnd_per_ha / 1e6).collect())
        })
        .collect();
    let lo = profiles.iter().flat_map(|(_, v)| v.iter().copied()).fold(0.0, f64::min) * 1.1;
    let hi = profiles.iter().flat_map(|(_, v)| v.iter().copied()).fold(0.0, f64::max) * 1.08;
    let (title, title_style) = fitted_title(title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(12, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    // The legend in a column of its own, so that no line runs under it
    // whatever the crops' flows.
    let (plot, column) = with_legend_column(&area);
    let mut chart = ChartBuilder::on(&plot)
        .margin(24)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        .build_cartesian_2d(0..horizon as i32, axis(lo, hi.max(1.0)))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(c.lang.pick("Tuổi vườn (năm từ khi trồng)", "Orchard age (years from planting)").to_string())
        .y_desc(c.lang.pick("Dòng tiền luỹ kế (triệu đồng/ha)", "Cumulative cash flow (M VND/ha)").to_string())
        .axis_desc_style(font(AXIS))
        .label_style(font(TICKS))
        .y_label_formatter(&|v| thousands(*v, c.lang))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    chart.draw_series(LineSeries::new([(0, 0.0), (horizon as i32, 0.0)], BLACK.stroke_width(1))).map_err(err)?;
    let mut entries = Vec::new();
    for (id, values) in &profiles {
        let colour = crop_colour(&s.crops, id.index());
        let payback = values.iter().position(|&v| v >= 0.0);
        let label = match payback {
            // The crop's name, then on a line of its own when it pays back.
            Some(age) => format!("{}\n{} {age}", c.crop_name(*id), c.lang.pick("hoàn vốn năm", "pays back at age")),
            None => format!(
                "{}\n{}",
                c.crop_name(*id),
                c.lang.pick("chưa hoàn vốn sau 20 năm", "not paid back in 20 years")
            ),
        };
        chart
            .draw_series(LineSeries::new(
                values.iter().enumerate().map(|(a, &v)| (a as i32, v)),
                colour.stroke_width(4),
            ))
            .map_err(err)?;
        entries.push((label, Swatch::Line(colour)));
        if let Some(age) = payback {
            chart
                .draw_series(std::iter::once(Circle::new((age as i32, values[age]), 10, colour.filled())))
                .map_err(err)?;
        }
    }
    let grey = RGBColor(110, 110, 110);
    entries.push((c.lang.pick("Năm hoàn vốn", "Age at payback").to_string(), Swatch::Dot(grey, 10)));
    draw_side_legend(&column, None, &entries)
}

fn households<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let label = crate::output::results::threshold_title(&c.results.scenario, c.lang);
    household_count(root, c, title, label, RGBColor(30, 110, 60), "hh_above_threshold")
}

fn poverty<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let label = c.lang.pick("Hộ dưới chuẩn nghèo", "Households below the poverty line").to_string();
    household_count(root, c, title, label, RGBColor(170, 50, 40), "hh_below_poverty")
}

/// A count of households over the years: mean and 5–95% band.
fn household_count<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Ctx<'_>,
    title: &str,
    label: String,
    colour: RGBColor,
    indicator: &str,
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let series = [BandSeries { label, colour, stats: c.results.series(&c.scope, indicator, "") }];
    band_chart(
        &area,
        title,
        c.lang.pick("Số hộ", "Households"),
        &c.year_label(),
        &c.results.years,
        &series,
        true,
        None,
        c.lang.pick("trung bình, khoảng 5–95%", "mean, 5–95% range"),
        c.lang,
        Observed::NONE,
    )
}

fn cover<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let series = [
        BandSeries {
            label: c.lang.pick("Che phủ rừng", "Forest cover").to_string(),
            colour: RGBColor(20, 100, 40),
            stats: c.results.series(&c.scope, "forest_cover_pct", ""),
        },
        BandSeries {
            label: c.lang.pick("Che phủ cây xanh", "Tree cover").to_string(),
            colour: RGBColor(120, 170, 40),
            stats: c.results.series(&c.scope, "tree_cover_pct", ""),
        },
    ];
    band_chart(
        &area,
        title,
        c.lang.pick("% diện tích tự nhiên", "% of natural area"),
        &c.year_label(),
        &c.results.years,
        &series,
        false,
        None,
        c.lang.pick("trung bình, 5–95%", "mean, 5–95%"),
        c.lang,
        Observed::NONE,
    )
}

fn soil<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let series = [BandSeries {
        label: c.lang.pick("Xói mòn đất", "Soil loss").to_string(),
        colour: RGBColor(150, 80, 30),
        stats: c.results.series(&c.scope, "soil_loss_t_per_ha", ""),
    }];
    let tolerance = Reference {
        value: 10.0,
        label: c.lang.pick("Ngưỡng chịu đựng 10 tấn/ha/năm", "Tolerance 10 t/ha/yr").to_string(),
    };
    band_chart(
        &area,
        title,
        c.lang.pick("tấn/ha/năm", "t/ha/yr"),
        &c.year_label(),
        &c.results.years,
        &series,
        true,
        Some(&tolerance),
        c.lang.pick("trung bình, 5–95%", "mean, 5–95%"),
        c.lang,
        Observed::NONE,
    )
}

fn prices<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let s = &c.results.scenario;
    let fans: Vec<Fan> = s
        .markets
        .iter()
        .enumerate()
        .map(|(i, m)| {
            // Named as every table names the market; coloured as its first
            // crop that is not an old seedling orchard.
            let first_crop = s.crops.iter().find(|cr| cr.market == m.id && !cr.key.starts_with("old_"));
            let colour = first_crop.map_or(series_colour(i), |cr| crop_colour(&s.crops, cr.id.index()));
            let title = s.market_name(&m.key, c.lang);
            // In thousands: "30" beside its axis title leaves the panel
            // room that "30.000" took.
            let stats = c.results.series("province", "price_vnd_kg", &m.key);
            Fan { title, colour, stats: stats.into_iter().map(|s| s.map(|s| s.scaled(1000.0))).collect() }
        })
        .collect();
    fan_grid(&area, title, c.lang.pick("nghìn đồng/kg", "thousand VND/kg"), &c.results.years, &fans, c.lang)
}

fn income_per_ha<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let s = &c.results.scenario;
    let mut crops: Vec<CropId> = s.policy.from_crops.clone();
    crops.extend(s.choosable_crops().into_iter().filter(|c| !crops.contains(c)).collect::<Vec<_>>());
    // Orchards at full bearing, as the key table gives them; annual crops
    // per ha. Young orchards' costs and first harvests are the J-curve's.
    let series: Vec<BandSeries> = crops
        .iter()
        .map(|&id| {
            let crop = &s.crops[id.index()];
            let indicator = if crop.is_perennial() { "mature_gov_per_ha" } else { "gov_per_ha" };
            BandSeries {
                label: c.crop_name(id),
                colour: crop_colour(&s.crops, id.index()),
                stats: c
                    .results
                    .series(&c.scope, indicator, &crop.key)
                    .into_iter()
                    .map(|st| st.map(|st| st.scaled(1e6)))
                    .collect(),
            }
        })
        .collect();
    band_chart(
        &area,
        title,
        c.lang.pick("triệu đồng/ha", "M VND/ha"),
        &c.year_label(),
        &c.results.years,
        &series,
        true,
        None,
        c.lang.pick("trung bình, 5–95%", "mean, 5–95%"),
        c.lang,
        Observed::NONE,
    )
}

fn converted<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ctx<'_>, title: &str) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, &c.footer)?;
    let r = c.results;
    let s = &r.scenario;
    let last = *r.years.last().unwrap_or(&0);
    let crops: Vec<&crate::scenario::Crop> = s
        .crops
        .iter()
        .filter(|cr| {
            s.zones.iter().any(|z| r.at(&z.name, "converted_ha_cum", &cr.key, last).is_some_and(|st| st.mean > 0.0))
        })
        .collect();
    let rows: Vec<Vec<f64>> = s
        .zones
        .iter()
        .map(|z| {
            crops
                .iter()
                .map(|cr| r.at(&z.name, "converted_ha_cum", &cr.key, last).map_or(0.0, |st| st.mean) / 1000.0)
                .collect()
        })
        .collect();
    let names: Vec<String> = s.zones.iter().map(|z| z.name.clone()).collect();
    let word = s.zones_word(c.lang);
    let others = |count: usize, total: f64| {
        let total = series::axis_number(total, total, c.lang);
        match c.lang {
            Lang::Vi => format!("{count} {word} khác: {total} nghìn ha"),
            Lang::En => format!("{count} other {word}: {total} thousand ha"),
        }
    };
    let (zone_names, rows) = bar_rows(names, rows, MAX_BARS, others);
    draw_converted(&area, c, title, &zone_names, &rows, &crops)
}

/// The bars of the district planting chart: one row per name, stacked by crop.
fn draw_converted<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &Ctx<'_>,
    title: &str,
    zone_names: &[String],
    rows: &[Vec<f64>],
    crops: &[&crate::scenario::Crop],
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let hi = rows.iter().map(|row| row.iter().sum::<f64>()).fold(0.0, f64::max) * 1.1;
    let n = zone_names.len();
    let (title, title_style) = fitted_title(title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(12, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    // The crops' names in a narrow column of their own, so that no bar runs
    // under them whichever district plants most.
    let (plot, column) = with_legend_column_px(&area, CROP_LEGEND_PX);
    let mut chart = ChartBuilder::on(&plot)
        .margin(24)
        .x_label_area_size(X_LABEL_AREA_PX)
        // Room for the longest name (the other zones' row is the longest).
        .y_label_area_size(zone_names.iter().map(|z| z.chars().count()).max().unwrap_or(0).max(16) as u32 * 17 + 8)
        // At least two segments: one alone would be drawn with no width.
        .build_cartesian_2d(axis(0.0, hi.max(0.001)), (0..n.max(2) - 1).into_segmented())
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(c.lang.pick("Diện tích trồng mới (nghìn ha)", "Area newly planted (thousand ha)").to_string())
        .axis_desc_style(font(AXIS))
        .label_style(font(TICKS))
        .y_labels(n.max(1))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => zone_names.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_formatter(&|v| series::axis_number(*v, hi, c.lang))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    let mut left = vec![0.0; n];
    let mut entries = Vec::new();
    for (k, crop) in crops.iter().enumerate() {
        let colour = crop_colour(&c.results.scenario.crops, crop.id.index());
        let bars: Vec<Rectangle<(f64, SegmentValue<usize>)>> = (0..n)
            .map(|z| {
                let from = left[z];
                let to = from + rows[z][k];
                left[z] = to;
                let mut bar =
                    Rectangle::new([(from, SegmentValue::Exact(z)), (to, SegmentValue::Exact(z + 1))], colour.filled());
                bar.set_margin(6, 6, 0, 0);
                bar
            })
            .collect();
        chart.draw_series(bars).map_err(err)?;
        entries.push((crop.name(c.lang).to_string(), Swatch::Block(colour)));
    }
    draw_side_legend(&column, None, &entries)
}

/// Width of the district planting chart's legend column (px): crop names
/// of up to about twenty characters on a line.
const CROP_LEGEND_PX: u32 = 330;

/// Most bars a chart of zones shows; with more zones (communes), the
/// largest take the bars and the rest share one.
const MAX_BARS: usize = 20;

/// The bars of a chart by zone: all of them in table order if they fit in
/// `max`; otherwise the `max − 1` largest by total, largest at the top (last),
/// and at the bottom a row without a bar named by `others(count, total)`:
/// one bar summing dozens of zones would squash every other.
fn bar_rows(
    names: Vec<String>,
    rows: Vec<Vec<f64>>,
    max: usize,
    others: impl Fn(usize, f64) -> String,
) -> (Vec<String>, Vec<Vec<f64>>) {
    if names.len() <= max {
        return (names, rows);
    }
    let total = |row: &Vec<f64>| row.iter().sum::<f64>();
    let mut order: Vec<usize> = (0..names.len()).collect();
    // Largest first; ties by table order.
    order.sort_by(|&a, &b| total(&rows[b]).total_cmp(&total(&rows[a])).then(a.cmp(&b)));
    let (kept, rest) = order.split_at(max - 1);
    let rest_total: f64 = rest.iter().map(|&z| total(&rows[z])).sum();
    let mut out_names = vec![others(rest.len(), rest_total)];
    let mut out_rows = vec![vec![0.0; rows.first().map_or(0, Vec::len)]];
    for &z in kept.iter().rev() {
        out_names.push(names[z].clone());
        out_rows.push(rows[z].clone());
    }
    (out_names, out_rows)
}

/// An observed series over the check run's band.
fn calibration_chart(
    c: &Ctx<'_>,
    series: &crate::output::calibration::SavedSeries,
    title: &str,
    dir: &Path,
    name: &str,
) -> ChartResult {
    let info = crate::stats::indicators::by_name(&series.indicator).map(crate::stats::indicators::info);
    let unit = info.map_or("", |i| i.unit);
    let (shown, divisor) = crate::output::units::shown_unit(unit, c.lang);
    let band = [BandSeries {
        label: c.lang.pick("mô phỏng (đã hiệu chỉnh)", "simulated (fitted)").to_string(),
        colour: series_colour(0),
        stats: series.stats.iter().map(|s| s.map(|s| s.scaled(divisor))).collect(),
    }];
    let points: Vec<ObservedPoint> = series
        .observed
        .iter()
        .map(|&(year, value, sd)| ObservedPoint { year, value: value / divisor, sd: sd / divisor })
        .collect();
    let observed = Observed { points: &points, label: c.lang.pick("quan sát ± sai số", "observed ± error") };
    let band_label = c.lang.pick("trung bình, 5–95%", "mean, 5–95%");
    let (year, years) = (c.year_label(), &series.years);
    c.save(
        dir,
        name,
        |root| {
            let area = with_footer(root, &c.footer)?;
            band_chart(&area, title, &shown, &year, years, &band, true, None, band_label, c.lang, observed)
        },
        |root| {
            let area = with_footer(root, &c.footer)?;
            band_chart(&area, title, &shown, &year, years, &band, true, None, band_label, c.lang, observed)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::bar_rows;

    #[test]
    fn many_zones_share_a_bar_and_the_largest_keep_theirs() {
        let names: Vec<String> = (0..5).map(|i| format!("z{i}")).collect();
        let rows = vec![vec![1.0, 0.0], vec![5.0, 1.0], vec![0.5, 0.0], vec![3.0, 3.0], vec![2.0, 0.0]];
        let others = |n: usize, total: f64| format!("{n} others: {total}");
        let (few, _) = bar_rows(names.clone(), rows.clone(), 5, others);
        assert_eq!(few, names, "a chart that fits keeps table order");
        let (kept, values) = bar_rows(names, rows, 3, others);
        assert_eq!(kept, ["3 others: 3.5", "z3", "z1"], "largest last, at the top; ties in table order");
        assert_eq!(values[0], vec![0.0, 0.0], "the others are named with their total, not drawn");
    }
}
