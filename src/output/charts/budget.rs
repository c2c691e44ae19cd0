//! The budget chart: support paid (planting subsidy and top-working
//! support) in each plan period, stacked by zone, in billion VND.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::*;
use crate::output::budget_table::BudgetTable;
use crate::scenario::{Lang, Scenario};

/// Most zones stacked one by one; the rest share one block.
const MAX_STACKS: usize = 9;

/// One block of the stacks: a zone (or the other zones) and its support
/// in each period (billion VND, mean across replicates).
struct Stack {
    label: String,
    values: Vec<f64>,
    /// The other zones together, drawn in grey.
    others: bool,
}

impl Stack {
    fn colour(&self, i: usize) -> RGBColor {
        if self.others { RGBColor(175, 175, 175) } else { series_colour(i) }
    }
}

/// The stacks: the zones that receive most over all periods first, then the
/// others together, and nothing for zones that receive nothing.
fn stacks(budget: &BudgetTable, scenario: &Scenario, lang: Lang) -> Vec<Stack> {
    let value = |zone: &str, period: &str| budget.get(zone, period, "support_total_vnd").map_or(0.0, |v| v.mean) / 1e9;
    let mut zones: Vec<Stack> = scenario
        .zones
        .iter()
        .map(|z| Stack {
            label: z.name.clone(),
            values: budget.periods.iter().map(|p| value(&z.name, p)).collect(),
            others: false,
        })
        .filter(|s| s.values.iter().any(|&v| v > 0.0))
        .collect();
    let total = |s: &Stack| s.values.iter().sum::<f64>();
    // Largest first; ties keep table order (the sort is stable).
    zones.sort_by(|a, b| total(b).total_cmp(&total(a)));
    if zones.len() > MAX_STACKS {
        let rest = zones.split_off(MAX_STACKS - 1);
        let mut values = vec![0.0; budget.periods.len()];
        for s in &rest {
            values.iter_mut().zip(&s.values).for_each(|(v, x)| *v += x);
        }
        let word = scenario.zones_word(lang);
        let label = match lang {
            Lang::Vi => format!("{} {word} khác", rest.len()),
            Lang::En => format!("{} other {word}", rest.len()),
        };
        zones.push(Stack { label, values, others: true });
    }
    zones
}

/// Draws the budget chart of `budget` on `root`, with `footer` below.
pub fn draw_budget<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    budget: &BudgetTable,
    scenario: &Scenario,
    lang: Lang,
    title: &str,
    footer: &str,
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    let area = with_footer(root, footer)?;
    let (title, title_style) = fitted_title(title, TITLE, area.dim_in_pixel().0);
    let area = area.margin(12, 0, 0, 0).titled(&title, title_style).map_err(err)?;
    // The legend has a column of its own, so it never covers a bar.
    let (plot, legend) = with_legend_column(&area);
    let stacks = stacks(budget, scenario, lang);
    let periods: Vec<String> = budget.periods.iter().map(|p| p.replace('-', "–")).collect();
    let n = periods.len();
    let totals: Vec<f64> = (0..n).map(|p| stacks.iter().map(|s| s.values[p]).sum()).collect();
    let hi = totals.iter().copied().fold(0.0, f64::max) * 1.12;
    // A scenario without support still gets its chart, saying so, with a
    // plain axis rather than ticks of "0,00".
    let nothing_paid = hi <= 0.0;
    let mut chart = ChartBuilder::on(&plot)
        .margin(24)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        // At least two segments: one alone would be drawn with no width.
        .build_cartesian_2d((0..n.max(2) - 1).into_segmented(), axis(0.0, if nothing_paid { 1.0 } else { hi }))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(lang.pick("Kỳ kế hoạch", "Plan period").to_string())
        .y_desc(lang.pick("Kinh phí hỗ trợ (tỷ đồng)", "Support paid (billion VND)").to_string())
        .axis_desc_style(font(AXIS))
        .label_style(font(TICKS))
        .x_labels(n.max(1))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => periods.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|v| {
            if !nothing_paid {
                super::series::axis_number(*v, hi, lang)
            } else if *v == 0.0 {
                "0".to_string()
            } else {
                String::new()
            }
        })
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    if nothing_paid {
        let (w, h) = plot.dim_in_pixel();
        let style = TextStyle::from(font(AXIS)).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        ));
        let text = lang.pick("Kịch bản này không chi kinh phí hỗ trợ", "This scenario pays no support");
        plot.draw_text(text, &style, (w as i32 / 2 + Y_LABEL_AREA_PX as i32 / 2, h as i32 / 2)).map_err(err)?;
    }
    let mut bottom = vec![0.0; n];
    for (i, stack) in stacks.iter().enumerate() {
        let colour = stack.colour(i);
        let bars: Vec<Rectangle<(SegmentValue<usize>, f64)>> = (0..n)
            .map(|p| {
                let from = bottom[p];
                bottom[p] += stack.values[p];
                let mut bar = Rectangle::new(
                    [(SegmentValue::Exact(p), from), (SegmentValue::Exact(p + 1), bottom[p])],
                    colour.filled(),
                );
                bar.set_margin(0, 0, 30, 30);
                bar
            })
            .collect();
        chart.draw_series(bars).map_err(err)?;
    }
    // Each period's total above its bar (none to show when nothing is paid).
    for (p, total) in totals.iter().enumerate().filter(|_| !nothing_paid) {
        let text = super::series::axis_number(*total, hi, lang);
        chart
            .draw_series(std::iter::once(Text::new(
                text,
                (SegmentValue::CenterOf(p), *total + hi * 0.02),
                TextStyle::from(font(TICKS)).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Bottom,
                )),
            )))
            .map_err(err)?;
    }
    // The legend, top block of the stack first as in the bars.
    let heading = match lang {
        Lang::Vi => format!("Theo {}", scenario.zone_word(lang)),
        Lang::En => format!("By {}", scenario.zone_word(lang)),
    };
    let mut entries: Vec<(String, Swatch)> = stacks
        .iter()
        .enumerate()
        .rev()
        .map(|(i, stack)| (stack.label.clone(), Swatch::Block(stack.colour(i))))
        .collect();
    if entries.is_empty() {
        entries.push((lang.pick("Không có kinh phí hỗ trợ", "No support paid").to_string(), Swatch::Line(WHITE)));
    }
    draw_side_legend(&legend, Some(&heading), &entries)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_district_the_budget_chart_names_has_a_colour_of_its_own() {
        // Up to MAX_STACKS districts are named, each in a series colour,
        // beside the grey of the others lumped together.
        let others = Stack { label: String::new(), values: Vec::new(), others: true }.colour(0);
        let named: Vec<RGBColor> = (0..MAX_STACKS)
            .map(|i| Stack { label: String::new(), values: Vec::new(), others: false }.colour(i))
            .collect();
        for (i, a) in named.iter().enumerate() {
            assert_ne!((a.0, a.1, a.2), (others.0, others.1, others.2), "district {i} looks like the others");
            for (j, b) in named.iter().enumerate().skip(i + 1) {
                assert_ne!((a.0, a.1, a.2), (b.0, b.1, b.2), "districts {i} and {j} share a colour");
            }
        }
    }
}
