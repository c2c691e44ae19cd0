//! The one-screen summary of a valid scenario that `check` prints.

use crate::scenario::{self, Lang, Mode, Policy, Scenario, Slope};
use crate::text::{number_for, scale_text};

/// A one-screen summary of a valid scenario, in `lang` with its number style.
pub fn summary(s: &Scenario, lang: Lang) -> String {
    let sim = &s.simulation;
    let p = &s.policy;
    let n = |v: f64| number_for(v, 0, lang);
    let m = |vnd: f64| number_for(vnd / 1e6, 1, lang);
    // Crops by their names, as the report names them; the keys are in the file.
    let crop_names = |ids: &[scenario::CropId]| {
        if ids.is_empty() {
            return lang.pick("(không có)", "(none)").to_string();
        }
        ids.iter().map(|c| s.crops[c.index()].name(lang)).collect::<Vec<_>>().join(", ")
    };
    let households: f64 = s.zones.iter().map(|z| z.households).sum();
    let farmland: f64 = s.zones.iter().map(|z| z.farmland_ha()).sum();
    let natural: f64 = s.zones.iter().map(|z| z.natural_area_ha).sum();
    let forest: f64 = s.zones.iter().map(|z| z.forest_ha).sum();
    // Each zone under its own policy where it has one (MODEL.md §11).
    let eligible: f64 = s.zones.iter().map(|z| eligible_ha(s, z, z.policy.as_ref().unwrap_or(p))).sum();
    let plants_somewhere = s.zones.iter().any(|z| !z.policy.as_ref().unwrap_or(p).to_crops.is_empty());
    let topworks_somewhere = s.zones.iter().any(|z| !z.policy.as_ref().unwrap_or(p).topwork_from.is_empty());
    let slopes: Vec<&str> = Slope::ALL.iter().filter(|sl| p.slopes[sl.index()]).map(|sl| sl.label()).collect();
    let mut out = String::new();
    let mut line = |label_vi: &str, label_en: &str, text: String| {
        let label = lang.pick(label_vi, label_en);
        let pad = 15usize.saturating_sub(label.chars().count() + 1);
        // Within a terminal of 100 columns, continued under the text.
        let lines = crate::text::wrap(&text, 100 - 17);
        out.push_str(&format!("  {label}:{}{}\n", " ".repeat(pad), lines.join(&format!("\n{}", " ".repeat(17)))));
    };
    let title = format!("{} — {}\n  {}\n", s.name, s.title(lang), s.title(lang.other()));
    line("tệp", "files", s.files.join(lang.pick(" → kế thừa ", " → extends ")));
    let last = sim.base_year + sim.years as i32 - 1;
    line(
        "chạy",
        "run",
        match lang {
            Lang::Vi => format!(
                "{}–{last} ({} năm), {} lần mô phỏng, seed {}, quy mô {}",
                sim.base_year,
                sim.years,
                sim.replicates,
                sim.seed,
                scale_text(sim.scale, lang)
            ),
            Lang::En => format!(
                "{}–{last} ({} years), {} replicates, seed {}, scale {}",
                sim.base_year, sim.years, sim.replicates, sim.seed, sim.scale
            ),
        },
    );
    let (hh, farm, wood, land) = match lang {
        Lang::Vi => ("hộ", "ha đất nông nghiệp", "ha rừng", "ha diện tích tự nhiên"),
        Lang::En => ("households", "ha farmland", "ha forest", "ha natural area"),
    };
    line(
        "tỉnh",
        "province",
        format!(
            "{} {}, {} {hh}, {} {farm}, {} {wood}, {} {land}",
            s.zones.len(),
            s.zones_word(lang),
            n(households),
            n(farmland),
            n(forest),
            n(natural)
        ),
    );
    line(
        "cây trồng",
        "crops",
        match lang {
            Lang::Vi => format!("{} loại, {} thị trường", s.crops.len(), s.markets.len()),
            Lang::En => format!("{} in {} markets", s.crops.len(), s.markets.len()),
        },
    );
    let mode = match (&p.mode, &p.plan) {
        (Mode::Planned, Some(plan)) => {
            let mix: Vec<String> = plan
                .mix
                .iter()
                .map(|(c, share)| {
                    format!(
                        "{} {}%",
                        s.crops[c.index()].name(lang),
                        crate::text::number_trimmed(share * 100.0, 1, lang)
                    )
                })
                .collect();
            let (a, b) = plan.target_years;
            match lang {
                Lang::Vi => format!(
                    "theo kế hoạch: {} ha/năm quyết định trong {a}–{b}, cơ cấu {}, tỷ lệ đồng ý {}",
                    crate::text::number_trimmed(plan.target_ha_per_year, 2, lang),
                    mix.join(", "),
                    number_for(plan.compliance, 2, lang)
                ),
                Lang::En => format!(
                    "planned: {} ha/yr decided in {a}–{b}, mix {}, compliance {}",
                    crate::text::number_trimmed(plan.target_ha_per_year, 2, lang),
                    mix.join(", "),
                    plan.compliance
                ),
            }
        }
        _ => match lang {
            Lang::Vi => {
                format!("hộ tự quyết định, tối đa {} thửa chuyển đổi/năm mỗi hộ", p.max_conversions_per_household)
            }
            Lang::En => format!(
                "behavioural: households decide, up to {} conversion(s) a year each",
                p.max_conversions_per_household
            ),
        },
    };
    line("cách chuyển", "mode", mode);
    line(
        "chuyển đổi",
        "converts",
        match lang {
            Lang::Vi => format!(
                "{} trên {} (≥ {} ha; khoảng {} ha đủ điều kiện) → {}",
                crop_names(&p.from_crops),
                slopes.join(", "),
                number_for(p.min_parcel_ha, 2, lang),
                n(eligible),
                crop_names(&p.to_crops)
            ),
            Lang::En => format!(
                "{} on {} (≥ {} ha; about {} ha eligible) → {}",
                crop_names(&p.from_crops),
                slopes.join(", "),
                p.min_parcel_ha,
                n(eligible),
                crop_names(&p.to_crops)
            ),
        },
    );
    if !p.topwork_from.is_empty() {
        line("ghép cải tạo", "top-works", crop_names(&p.topwork_from));
    }
    let subsidies = match planting_subsidy_amounts(s, p, lang) {
        Some(amounts) => format!("{amounts} {}", lang.pick("triệu đồng/ha", "M VND/ha")),
        None => lang.pick("không", "none").to_string(),
    };
    let credit = credit_in_words(p, lang);
    // As the report writes it: points of yearly awareness, in percent.
    let (boost, topwork, coop) = (
        number_for(p.extension_boost * 100.0, 0, lang),
        m(p.topwork_support_vnd_per_household),
        number_for(p.coop_share * 100.0, 0, lang),
    );
    line(
        "hỗ trợ",
        "support",
        match lang {
            Lang::Vi => format!(
                "trồng mới {subsidies}; {credit}; khuyến nông +{boost}%/năm; ghép cải tạo {topwork} triệu đồng/hộ; hợp tác xã {coop}%"
            ),
            Lang::En => format!(
                "subsidy {subsidies}; {credit}; extension +{boost}%/yr; top-working {topwork} M VND/household; cooperatives {coop}%"
            ),
        },
    );
    if let Some((first, last)) = p.support_years {
        line(
            "năm hỗ trợ",
            "support in",
            match lang {
                Lang::Vi => format!("quyết định năm {first}–{last} (chi đến năm {})", last + 1),
                Lang::En => format!("decisions of {first}–{last} (paid through {})", last + 1),
            },
        );
    }
    for z in s.zones.iter().filter(|z| z.policy.is_some()) {
        let own = zone_policy_in_words(s, z, lang);
        let text = match lang {
            Lang::Vi => format!("{}: chính sách riêng — {own}", z.name),
            Lang::En => format!("{}: own policy — {own}", z.name),
        };
        line("đơn vị", "zone", text);
    }
    if !s.focus.is_empty() {
        line("kết quả cho", "outputs on", s.focus_scope());
    }
    // A valid file can still ask for nothing; say so before the run does.
    let nothing_eligible = eligible <= 0.0 || !plants_somewhere;
    let notice = match (nothing_eligible, topworks_somewhere, lang) {
        (false, _, _) => None,
        (true, false, Lang::Vi) => Some(
            "Lưu ý: không có đất nào được chuyển đổi hay ghép cải tạo (xem from_crops, to_crops, slopes, topwork_from): kết quả sẽ chỉ là hiện trạng.",
        ),
        (true, false, Lang::En) => Some(
            "Note: no land can be converted or top-worked (see from_crops, to_crops, slopes, topwork_from): the results will show the status quo only.",
        ),
        (true, true, Lang::Vi) => Some(
            "Lưu ý: không có đất cây hằng năm nào được chuyển đổi (xem from_crops, to_crops, slopes); chỉ có ghép cải tạo vườn cũ.",
        ),
        (true, true, Lang::En) => Some(
            "Note: no annual-crop land can be converted (see from_crops, to_crops, slopes); only old orchards are top-worked.",
        ),
    };
    let notice = notice.map(|n| format!("  {}\n", crate::text::wrap(n, 96).join("\n  "))).unwrap_or_default();
    format!("{title}{out}{notice}  {}\n", lang.pick("Hợp lệ: kịch bản dùng được.", "OK: the scenario is valid."))
}

/// Annual-crop area of zone `z` that `policy` lets convert (ha): its
/// `from_crops` on its slope classes, as the base year has them.
fn eligible_ha(s: &Scenario, z: &scenario::Zone, policy: &Policy) -> f64 {
    policy
        .from_crops
        .iter()
        .map(|c| {
            let crop = &s.crops[c.index()];
            let slope_share: f64 =
                Slope::ALL.iter().filter(|sl| policy.slopes[sl.index()]).map(|sl| crop.slope_share[sl.index()]).sum();
            z.crop_area_ha[c.index()] * slope_share
        })
        .sum()
}

/// A zone's own policy in one line: who decides (and the plan), the
/// subsidy, the support years.
pub fn policy_in_words(s: &Scenario, p: &Policy, lang: Lang) -> String {
    let mut parts = Vec::new();
    match (&p.mode, &p.plan) {
        (Mode::Planned, Some(plan)) => {
            let mix: Vec<String> = plan
                .mix
                .iter()
                .map(|(c, share)| format!("{} {:.0}%", s.crops[c.index()].name(lang), share * 100.0))
                .collect();
            // A pace in part of a hectare (6.5 ha/yr) is said as planned.
            let hectares = crate::text::number_trimmed(plan.target_ha_per_year, 2, lang);
            let (first, last) = plan.target_years;
            parts.push(match (lang, plan.own_target) {
                (Lang::Vi, true) => format!("theo kế hoạch {hectares} ha/năm ({first}–{last}), {}", mix.join(", ")),
                (Lang::Vi, false) => format!("theo kế hoạch của tỉnh ({first}–{last}), {}", mix.join(", ")),
                (Lang::En, true) => format!("planned, {hectares} ha/yr decided in {first}–{last}, {}", mix.join(", ")),
                (Lang::En, false) => {
                    format!("planned, a share of the province's target, {first}–{last}, {}", mix.join(", "))
                }
            });
        }
        _ => parts.push(lang.pick("hộ tự quyết định", "households decide").to_string()),
    }
    parts.extend(planting_subsidy_in_words(s, p, lang));
    parts.extend(support_years_in_words(p, lang));
    parts.join("; ")
}

/// The credit `p` lends, in words ("vay tối đa 100,0 triệu đồng, lãi
/// 6,6%/năm"); no credit has no rate to speak of.
fn credit_in_words(p: &Policy, lang: Lang) -> String {
    let limit = number_for(p.credit_limit_vnd / 1e6, 1, lang);
    let rate = number_for(p.credit_rate * 100.0, 1, lang);
    match (p.credit_limit_vnd > 0.0, lang) {
        (false, Lang::Vi) => "không cho vay".to_string(),
        (false, Lang::En) => "no credit".to_string(),
        (true, Lang::Vi) => format!("vay tối đa {limit} triệu đồng, lãi {rate}%/năm"),
        (true, Lang::En) => format!("credit up to {limit} M VND at {rate}%/yr"),
    }
}

/// Zone `z`'s own policy in words, as the check summary and the report
/// describe it: [`policy_in_words`], then each other setting it sets
/// otherwise than `[policy]` (credit, the plan's compliance, extension,
/// top-working support, conversions per household, smallest parcel,
/// cooperatives), then the years it holds in. Empty for a zone without one.
pub fn zone_policy_in_words(s: &Scenario, z: &scenario::Zone, lang: Lang) -> String {
    let Some(own) = z.policy.as_ref() else { return String::new() };
    let p = &s.policy;
    let mut parts = vec![policy_in_words(s, own, lang)];
    let percent = |v: f64| number_for(v * 100.0, 0, lang);
    let crops = |ids: &[scenario::CropId]| {
        let names: Vec<String> = ids.iter().map(|c| s.crops[c.index()].name(lang).to_lowercase()).collect();
        if names.is_empty() { lang.pick("không cây nào", "none").to_string() } else { names.join(", ") }
    };
    if own.from_crops != p.from_crops {
        parts.push(format!("{} {}", lang.pick("chuyển đổi từ", "converting from"), crops(&own.from_crops)));
    }
    if own.slopes != p.slopes {
        let slopes: Vec<&str> = Slope::ALL.iter().filter(|sl| own.slopes[sl.index()]).map(|sl| sl.label()).collect();
        parts.push(format!("{} {}", lang.pick("trên dốc", "on slopes"), slopes.join(", ")));
    }
    if own.to_crops != p.to_crops && own.mode == Mode::Behavioural {
        parts.push(format!("{} {}", lang.pick("trồng", "planting"), crops(&own.to_crops)));
    }
    if own.topwork_from != p.topwork_from {
        parts.push(format!("{} {}", lang.pick("ghép cải tạo", "top-working"), crops(&own.topwork_from)));
    }
    if let Some(plan) = own.plan.as_ref().filter(|plan| plan.require_feasible && own.mode == Mode::Planned) {
        let provincial = p.plan.as_ref().is_some_and(|pp| pp.require_feasible);
        if plan.require_feasible != provincial {
            parts.push(lang.pick("chỉ chủ đất đủ tiền mới chuyển đổi", "only owners who can pay convert").to_string());
        }
    }
    if own.credit_limit_vnd != p.credit_limit_vnd || own.credit_rate != p.credit_rate {
        parts.push(credit_in_words(own, lang));
    }
    if let Some(plan) = own.plan.as_ref().filter(|_| own.mode == Mode::Planned) {
        let provincial = p.plan.as_ref().map(|plan| plan.compliance);
        if provincial != Some(plan.compliance) {
            parts.push(match lang {
                Lang::Vi => format!("{}% chủ đất đồng ý", percent(plan.compliance)),
                Lang::En => format!("{}% of owners agree", percent(plan.compliance)),
            });
        }
    }
    if own.extension_boost != p.extension_boost {
        parts.push(match lang {
            Lang::Vi => format!("khuyến nông +{}%/năm", percent(own.extension_boost)),
            Lang::En => format!("extension +{}%/yr", percent(own.extension_boost)),
        });
    }
    if own.topwork_support_vnd_per_household != p.topwork_support_vnd_per_household {
        let m = number_for(own.topwork_support_vnd_per_household / 1e6, 1, lang);
        parts.push(match lang {
            Lang::Vi => format!("hỗ trợ ghép cải tạo {m} triệu đồng/hộ"),
            Lang::En => format!("top-working support {m} M VND/household"),
        });
    }
    if own.max_conversions_per_household != p.max_conversions_per_household && own.mode == Mode::Behavioural {
        let n = own.max_conversions_per_household;
        parts.push(match lang {
            Lang::Vi => format!("mỗi hộ chuyển đổi tối đa {n} thửa/năm"),
            Lang::En => format!("at most {n} parcel(s) per household a year"),
        });
    }
    if own.min_parcel_ha != p.min_parcel_ha {
        let ha = crate::text::number_trimmed(own.min_parcel_ha, 2, lang);
        parts.push(match lang {
            Lang::Vi => format!("thửa từ {ha} ha"),
            Lang::En => format!("parcels of {ha} ha or more"),
        });
    }
    if own.coop_share != p.coop_share {
        // Membership is drawn once, when the province is built: it holds
        // in every year, policy years or not.
        parts.push(match lang {
            Lang::Vi => format!("hợp tác xã {}% (mọi năm)", percent(own.coop_share)),
            Lang::En => format!("cooperatives {}% (every year)", percent(own.coop_share)),
        });
    }
    if let Some((first, last)) = z.policy_years {
        parts.push(match lang {
            Lang::Vi => {
                format!("áp dụng cho quyết định năm {first}–{last}, các năm khác theo chính sách chung của tỉnh")
            }
            Lang::En => format!("for decisions of {first}–{last}, the province's policy in other years"),
        });
    }
    parts.join("; ")
}

/// The planting subsidy of `p` in words ("hỗ trợ trồng mới nhãn ghép 10,0
/// triệu đồng/ha"), or `None` when it pays none.
fn planting_subsidy_in_words(s: &Scenario, p: &Policy, lang: Lang) -> Option<String> {
    let amounts = planting_subsidy_amounts(s, p, lang)?;
    Some(match lang {
        Lang::Vi => format!("hỗ trợ trồng mới {amounts} triệu đồng/ha"),
        Lang::En => format!("planting subsidy {amounts} M VND/ha"),
    })
}

/// The crops `p` subsidises with their subsidy in million VND per ha
/// ("nhãn ghép, xoài ghép 10,0": an amount common to all of them is named
/// once), or `None` when it pays none.
pub fn planting_subsidy_amounts(s: &Scenario, p: &Policy, lang: Lang) -> Option<String> {
    // Paid on planting only: a single amount written for every crop names
    // just the crops the policy plants (its targets and its plan's mix).
    let plants = |c: &crate::scenario::Crop| {
        p.to_crops.contains(&c.id) || p.plan.as_ref().is_some_and(|plan| plan.mix.iter().any(|(m, _)| *m == c.id))
    };
    let paid: Vec<(&crate::scenario::Crop, f64)> = s
        .crops
        .iter()
        .filter(|c| plants(c))
        .map(|c| (c, p.subsidy_vnd_per_ha[c.id.index()]))
        .filter(|&(_, vnd_per_ha)| vnd_per_ha > 0.0)
        .collect();
    let amount = |vnd_per_ha: f64| number_for(vnd_per_ha / 1e6, 1, lang);
    let (first, rest) = paid.split_first()?;
    Some(if rest.iter().all(|&(_, v)| v == first.1) {
        let crops: Vec<String> = paid.iter().map(|(c, _)| c.name(lang).to_lowercase()).collect();
        format!("{} {}", crops.join(", "), amount(first.1))
    } else {
        paid.iter()
            .map(|&(c, v)| format!("{} {}", c.name(lang).to_lowercase(), amount(v)))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The years whose decisions receive `p`'s support, in words, or `None`
/// when every year's do.
fn support_years_in_words(p: &Policy, lang: Lang) -> Option<String> {
    let (first, last) = p.support_years?;
    Some(match lang {
        Lang::Vi => format!("hỗ trợ cho quyết định năm {first}–{last}"),
        Lang::En => format!("support for decisions of {first}–{last}"),
    })
}
