//! Scenario files: the shipped ones validate; each malformed file under
//! `tests/bad-scenarios/` produces the errors its `# expect:` lines announce
//! (line number and text), and nothing else goes unreported.

use agroshift::scenario::{self, Lang, builtin};

use crate::common::test_path;

#[test]
fn every_shipped_scenario_validates() {
    for b in builtin::BUILTINS {
        let s = scenario::open(b.name).unwrap_or_else(|e| panic!("{} should validate:\n{e}", b.name));
        assert_eq!(s.name, b.name);
        assert!(!s.zones.is_empty() && !s.crops.is_empty());
    }
}

#[test]
fn shipped_files_on_disk_validate_too() {
    for b in builtin::BUILTINS {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(format!("{}.toml", b.name));
        scenario::open(path.to_str().unwrap()).unwrap_or_else(|e| panic!("{} should validate:\n{e}", path.display()));
    }
}

/// (line, text) pairs from `# expect: LINE | TEXT` comments.
fn expectations(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(|rest| {
            let (line, message) = rest.split_once(" | ").expect("expect lines read '# expect: LINE | TEXT'");
            (line.trim().parse().expect("a line number"), message.to_string())
        })
        .collect()
}

#[test]
fn malformed_scenarios_report_file_line_and_field() {
    let dir = test_path("bad-scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 15, "at least 15 malformed scenarios, found {}", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = expectations(&text);
        assert!(!expected.is_empty(), "{} announces no expected error", path.display());
        let spec = path.to_str().unwrap();
        let errors = match scenario::open(spec) {
            Ok(_) => panic!("{} should be rejected", path.display()),
            Err(e) => e,
        };
        let rendered = errors.to_string();
        for (line, message) in expected {
            // The file is named in every error; for an `extends` cycle it is
            // the file where the cycle closes, so only the folder is fixed.
            let found = errors.0.iter().any(|e| {
                e.line == line && e.to_string().contains(&message) && e.file.starts_with(dir.to_str().unwrap())
            });
            assert!(found, "{}: expected line {line} with {message:?}, got:\n{rendered}", path.display());
        }
    }
}

/// Words that an English message has and a Vietnamese one should not.
const ENGLISH_WORDS: [&str; 8] =
    [" expected ", " found ", "must ", " named ", " needs ", "did you mean", " is ", " the "];

#[test]
fn every_malformed_scenario_is_explained_in_vietnamese_too() {
    let dir = test_path("bad-scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in files {
        let errors = scenario::open(path.to_str().unwrap()).unwrap_err();
        for e in &errors.0 {
            let said = std::iter::once(&e.message).chain(e.help.as_ref());
            for words in said {
                assert!(
                    !words.vi.is_empty() && words.vi != words.en,
                    "{}: {words:?} has no Vietnamese",
                    path.display()
                );
                // A setting's name or a value quoted from the file may be
                // English; the sentence around it may not.
                let prose = words.vi.split('"').step_by(2).collect::<String>();
                let stray = ENGLISH_WORDS.iter().find(|w| prose.contains(*w));
                assert!(stray.is_none(), "{}: {stray:?} in {:?}", path.display(), words.vi);
            }
            // The place is the same in both languages.
            let place = format!("{}:{}:{}: {}", e.file, e.line, e.column, e.field);
            for lang in [Lang::Vi, Lang::En] {
                assert!(e.render(lang).starts_with(place.trim_end()), "{place} in {}", e.render(lang));
            }
        }
        let all = errors.render(Lang::Vi);
        assert!(all.starts_with("lỗi: ") && !all.contains("error:") && !all.contains("help:"), "{all}");
    }
}

#[test]
fn errors_name_the_file_line_column_and_field() {
    let path = test_path("bad-scenarios/negative-area.toml");
    let errors = scenario::open(path.to_str().unwrap()).unwrap_err();
    let text = errors.to_string();
    assert!(text.starts_with(&format!("error: {}:5:1: zones.\"Sông Mã\".area_ha.maize:", path.display())), "{text}");
}

#[test]
fn all_semantic_errors_come_in_one_pass() {
    let path = test_path("bad-scenarios/many-errors.toml");
    let errors = scenario::open(path.to_str().unwrap()).unwrap_err();
    assert_eq!(errors.0.len(), 4, "{errors}");
}

#[test]
fn a_missing_file_is_an_input_error_with_a_suggestion() {
    let errors = scenario::open("sonla-restructurng").unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("no such file") && text.contains("did you mean \"sonla-restructuring\""), "{text}");
}

#[test]
fn extends_merges_by_id_and_replaces_share_maps_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        "extends = \"sonla-planned\"\n[policy]\nmix = { mango_grafted = 1 }\n[zones.\"Sông Mã\"]\nhouseholds = 1000\n[crops.maize]\nslope_share = { S4 = 1 }\n",
    )
    .unwrap();
    let s = scenario::open(path.to_str().unwrap()).unwrap();
    let plan = s.policy.plan.as_ref().unwrap();
    assert_eq!(plan.mix.len(), 1, "the mix is replaced, not merged");
    let song_ma = s.zones.iter().find(|z| z.name == "Sông Mã").unwrap();
    assert_eq!(song_ma.households, 1000.0);
    assert_eq!(song_ma.forest_ha, 70_000.0, "other zone fields are inherited");
    assert_eq!(s.zones.len(), 12, "zones merge by name");
    assert_eq!(s.crop_by_key("maize").unwrap().slope_share, [0.0, 0.0, 0.0, 1.0]);
    assert_eq!(s.name, "mine", "a derived scenario is named after its file");
    assert_eq!(s.policy.credit_limit_vnd, 100_000_000.0, "inherited through two levels");
}

/// A to_crops that leaves out a crop of the inherited mix is blamed where
/// the planner wrote it, not on the shipped file's mix, with where the mix
/// is written.
#[test]
fn a_conflict_with_an_inherited_mix_is_told_at_the_planners_line() {
    let text = "extends = \"sonla-planned\"\nname = \"t\"\n[policy]\nto_crops = [\"mango_grafted\"]\n";
    let e = scenario::open_inline("mine.toml", text).unwrap_err();
    let e =
        e.0.iter().find(|e| e.message.en.contains("of the mix is not among policy.to_crops")).expect("the conflict");
    assert_eq!((e.file.as_str(), e.line, e.field.as_str()), ("mine.toml", 4, "policy.to_crops"), "{e:?}");
    let help = e.help.as_ref().unwrap();
    assert!(help.en.starts_with("policy.mix.longan_grafted is at built-in:sonla-planned:"), "{help:?}");
}

/// A crop mix written where households decide is accepted (it may be a
/// draft of a plan) but said to do nothing, with the mode that uses it; a
/// planned scenario's own plan is not named, nor one a planned district
/// reads.
#[test]
fn plan_settings_where_households_decide_are_said_to_do_nothing() {
    let text = "extends = \"sonla-restructuring\"\nname = \"t\"\n[policy]\nmix = { longan_grafted = 0.9 }\n";
    let s = scenario::open_inline("t.toml", text).unwrap();
    let warnings = s.settings_without_effect(Lang::En);
    assert!(warnings.iter().any(|w| w.starts_with("policy.mix: does nothing while households decide")), "{warnings:?}");
    let vi = s.settings_without_effect(Lang::Vi);
    assert!(vi.iter().any(|w| w.contains("policy.mix: không có tác dụng khi hộ tự quyết định")), "{vi:?}");
    assert!(scenario::open("sonla-planned").unwrap().settings_without_effect(Lang::En).is_empty());
    assert!(scenario::open("sonla-restructuring").unwrap().settings_without_effect(Lang::En).is_empty());
    let district_plans = "extends = \"sonla-planned\"\nname = \"t\"\n[policy]\nmode = \"behavioural\"\n\
                          [zones.\"Mộc Châu\".policy]\nmode = \"planned\"\npolicy_years = [2016, 2025]\n";
    let s = scenario::open_inline("t.toml", district_plans).unwrap();
    assert!(s.settings_without_effect(Lang::En).is_empty(), "{:?}", s.settings_without_effect(Lang::En));
    // A district's own plan where its households decide does nothing either;
    // a planned district's own plan is its plan.
    let district_mix = "extends = \"sonla-restructuring\"\nname = \"t\"\n\
                        [zones.\"Sông Mã\".policy]\nmix = { mango_grafted = 1.0 }\n\
                        [zones.\"Mộc Châu\".policy]\nmode = \"planned\"\ntarget_ha_per_year = 300\n\
                        target_years = [2017, 2020]\nmix = { plum_grafted = 1.0 }\ncompliance = 0.8\n\
                        policy_years = [2017, 2020]\n";
    let s = scenario::open_inline("t.toml", district_mix).unwrap();
    let warnings = s.settings_without_effect(Lang::En);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("zones.\"Sông Mã\".policy.mix: does nothing while households decide"),
        "{warnings:?}"
    );
}

/// A per-crop subsidy written in a file that extends another replaces the
/// inherited map whole: a crop left out gets none, as the README says,
/// in `[policy]` and in a district's own policy alike (merged, mango kept
/// the inherited 10 M VND/ha the planner had left out).
#[test]
fn a_subsidy_map_replaces_the_inherited_one_whole() {
    let text = "extends = \"sonla-restructuring\"\nname = \"t\"\n[policy]\nsubsidy_vnd_ha = { longan_grafted = 12_000_000 }\n\
                [zones.\"Mộc Châu\".policy]\nsubsidy_vnd_ha = { plum_grafted = 5_000_000 }\n";
    let s = scenario::open_inline("t.toml", text).unwrap();
    let crop = |key: &str| s.crops.iter().position(|c| c.key == key).unwrap();
    let subsidy = &s.policy.subsidy_vnd_per_ha;
    assert_eq!(subsidy[crop("longan_grafted")], 12_000_000.0);
    assert_eq!(subsidy[crop("mango_grafted")], 0.0, "a crop left out gets no subsidy");
    let child = "extends = \"t.toml\"\nname = \"u\"\n[zones.\"Mộc Châu\".policy]\nsubsidy_vnd_ha = { longan_grafted = 1_000_000 }\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.toml"), text).unwrap();
    std::fs::write(dir.path().join("u.toml"), child).unwrap();
    let u = scenario::open(dir.path().join("u.toml").to_str().unwrap()).unwrap();
    let moc_chau = u.zones.iter().find(|z| z.name == "Mộc Châu").unwrap();
    let own = &moc_chau.policy.as_ref().expect("Mộc Châu's own policy").subsidy_vnd_per_ha;
    assert_eq!(own[crop("longan_grafted")], 1_000_000.0);
    assert_eq!(own[crop("plum_grafted")], 0.0, "the zone's inherited plum subsidy is replaced too");
}

#[test]
fn sources_are_kept_as_data() {
    let s = scenario::open("sonla-restructuring").unwrap();
    assert_eq!(s.source_of("rk").map(|t| t.starts_with("calibrated")), Some(true));
    assert_eq!(s.source_of("topwork_support_vnd_household"), Some("provincial council resolution 28/2017"));
    assert_eq!(s.source_of("farmland_cv"), Some("est"));
}

/// Numbers written with a point between thousands are refused where they
/// would be read as decimals (15.000 VND/ha) or are not TOML (15.000.000),
/// with the number as it should be written; decimals as people and
/// programs write them still load.
#[test]
fn thousands_written_with_points_are_refused_and_decimals_are_not() {
    let base = "extends = \"sonla-planned\"\nname = \"t\"\n[policy]\n";
    let valid = format!(
        "{base}min_parcel_ha = 0.200\ntarget_ha_per_year = 6.125\nmix = {{ longan_grafted = 0.500, mango_grafted = 0.300, plum_grafted = 0.200 }}\n"
    );
    if let Err(e) = scenario::open_inline("ok.toml", &valid) {
        panic!("decimals were refused:\n{e}");
    }
    let e = scenario::open_inline("slip.toml", &format!("{base}target_ha_per_year = 1.500\n")).unwrap_err().to_string();
    assert!(e.contains("slip.toml:4:") && e.contains("1.500 is read as 1.5") && e.contains("1_500"), "{e}");
    let money = format!("{base}subsidy_vnd_ha = {{ longan_grafted = 15.000.000 }}\n");
    let e = scenario::open_inline("money.toml", &money).unwrap_err().to_string();
    assert!(e.contains("money.toml:4:") && e.contains("write 15000000 or 15_000_000"), "{e}");
}

#[test]
fn years_after_the_run_are_named_and_follow_the_runs_length() {
    // A hostile pass: support years, a plan period and a price shock all
    // after the run's last year passed `check` without a word and did
    // nothing. They are warned of (a longer `--years` may reach them).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("later.toml");
    std::fs::write(
        &path,
        "extends = \"sonla-planned\"\nname = \"later\"\n[policy]\nsupport_years = [2040, 2050]\n\
         [zones.\"Sông Mã\".policy]\nsupport_years = [2040, 2050]\n\
         [markets.longan]\nprice_shock = -0.3\nprice_shock_from_year = 2036\n\
         [report]\nperiods = [[2016, 2020], [2040, 2045]]\n",
    )
    .unwrap();
    let mut s = scenario::open(path.to_str().unwrap()).unwrap();
    assert_eq!(s.simulation.base_year + s.simulation.years as i32 - 1, 2035);
    let warnings = s.years_after_the_run(Lang::En);
    assert_eq!(
        warnings,
        [
            "policy.support_years [2040, 2050] is after the last simulated year, 2035: the support is never paid",
            "markets.longan.price_shock_from_year 2036 is after the last simulated year, 2035: the shock never comes",
            "report.periods [2040, 2045] is after the last simulated year, 2035: the budget has no rows for it",
        ],
        "the district repeating the province's years is not named again"
    );
    // In Vietnamese for the serve page, the settings named as the file writes them.
    assert_eq!(
        s.years_after_the_run(Lang::Vi)[0],
        "policy.support_years [2040, 2050] nằm sau năm mô phỏng cuối cùng, 2035: khoản hỗ trợ sẽ không được chi"
    );
    s.simulation.years = 21;
    assert_eq!(s.years_after_the_run(Lang::En).len(), 2, "2036 is simulated in a run of 21 years");
    s.simulation.years = 35;
    assert!(s.years_after_the_run(Lang::En).is_empty());
}

#[test]
fn a_reversed_plan_is_one_error_and_a_districts_inherited_years_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str, text: &str| {
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, format!("extends = \"sonla-restructuring\"\nname = \"{name}\"\n{text}")).unwrap();
        scenario::open(path.to_str().unwrap()).map(|_| ()).unwrap_err().to_string()
    };
    // A reversed plan once, not again as years before the run.
    let e = open(
        "reversed",
        "[policy]\nmode = \"planned\"\ntarget_ha_per_year = 100\ntarget_years = [2025, 2020]\n\
         mix = { longan_grafted = 1.0 }\ncompliance = 1.0\n",
    );
    assert_eq!(e.matches("target_years").count(), 1, "{e}");
    assert!(!e.contains("is before"), "{e}");
    // Households decide in the province; a district plans with years it
    // inherits from [policy], all before the run.
    let e = open(
        "inherited",
        "[policy]\ntarget_years = [2010, 2012]\n[zones.\"Mai Sơn\".policy]\nmode = \"planned\"\n\
         target_ha_per_year = 100\nmix = { longan_grafted = 1.0 }\ncompliance = 1.0\n",
    );
    assert!(e.contains("target_years: [2010, 2012] is before the first simulated year, 2016"), "{e}");
}

/// A file of communes replaces the inherited districts with
/// `replace_zones = true`; without it the zones it adds are warned of (the
/// province would count both). A zone written twice, or with a space at
/// its end, is an error; a policy for a zone like none of them says which
/// there are.
#[test]
fn zones_replace_the_inherited_ones_only_when_asked() {
    let commune = "[zones.\"Mường Bú\"]\nnatural_area_ha = 30000\nforest_ha = 10000\nhouseholds = 3000\n\
                   area_ha = { maize = 4000, paddy = 500 }\n";
    let base = "extends = \"sonla-restructuring\"\nname = \"t\"\n";
    let replaced = scenario::open_inline("t.toml", &format!("{base}replace_zones = true\n{commune}")).unwrap();
    assert_eq!(replaced.zones.iter().map(|z| z.name.as_str()).collect::<Vec<_>>(), ["Mường Bú"]);
    assert!(replaced.settings_without_effect(Lang::En).is_empty(), "{:?}", replaced.settings_without_effect(Lang::En));

    let added = scenario::open_inline("t.toml", &format!("{base}{commune}")).unwrap();
    assert_eq!(added.zones.len(), 13);
    let warnings = added.settings_without_effect(Lang::En);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("zones: 1 added (\"Mường Bú\") to the 12 inherited, so the province has 13 zones")
                && w.contains("replace_zones = true")),
        "{warnings:?}"
    );
    let vi = added.settings_without_effect(Lang::Vi);
    assert!(vi.iter().any(|w| w.contains("replace_zones = true") && w.contains("kế thừa")), "{vi:?}");
    // Said to be meant, with replace_zones = false: no warning.
    let meant = scenario::open_inline("t.toml", &format!("{base}replace_zones = false\n{commune}")).unwrap();
    assert_eq!((meant.zones.len(), meant.settings_without_effect(Lang::En).len()), (13, 0));
    // Changing an inherited district adds nothing.
    let changed = scenario::open_inline("t.toml", &format!("{base}[zones.\"Sông Mã\"]\nhouseholds = 34000\n")).unwrap();
    assert!(changed.settings_without_effect(Lang::En).is_empty());

    let twice = format!("{base}replace_zones = true\n{commune}{}", commune.replace("Mường Bú", "Xã mường  Bú"));
    let e = scenario::open_inline("t.toml", &twice).unwrap_err().to_string();
    assert!(e.contains("\"Xã mường  Bú\" and \"Mường Bú\" are the same place, written twice"), "{e}");
    // A commune named like an inherited district, added beside it: the
    // file was probably meant to replace the districts.
    let beside = format!("{base}{}", commune.replace("Mường Bú", "Xã Mai Sơn"));
    let e = scenario::open_inline("t.toml", &beside).unwrap_err().to_string();
    assert!(
        e.contains("\"Xã Mai Sơn\" and \"Mai Sơn\" are the same place") && e.contains("write replace_zones = true"),
        "{e}"
    );
    let spaced = format!("{base}replace_zones = true\n{}", commune.replace("Mường Bú", "Mường Bú "));
    let e = scenario::open_inline("t.toml", &spaced).unwrap_err().to_string();
    assert!(e.contains("starts or ends with a space") && e.contains("write [zones.\"Mường Bú\"]"), "{e}");
    let e = scenario::open_inline("t.toml", &format!("{base}replace_zones = \"yes\"\n")).unwrap_err().to_string();
    assert!(e.contains("replace_zones") && e.contains("expected true or false"), "{e}");

    let far = format!("{base}[zones.\"Nà Nghịu\".policy]\nsubsidy_vnd_ha = 1000000\n");
    let e = scenario::open_inline("t.toml", &far).unwrap_err().to_string();
    assert!(
        e.contains("no zone named \"Nà Nghịu\" in the zones table")
            && e.contains("the zones are: ")
            && e.contains(" and 6 more"),
        "{e}"
    );
    assert!(!e.contains("required setting is missing"), "{e}");
}

/// Areas in an error read as people write them, not as the sum of
/// decimals computed them (2744.6000000000004).
#[test]
fn areas_in_errors_are_rounded_and_grouped() {
    let text = "extends = \"sonla-restructuring\"\nname = \"t\"\n[zones.\"Sông Mã\"]\nnatural_area_ha = 900.5\n\
                forest_ha = 100\narea_ha = { maize = 2000.2, cassava = 744.4 }\n";
    let e = scenario::open_inline("t.toml", text).unwrap_err().to_string();
    let line = e.lines().find(|l| l.contains("farmland (")).unwrap_or_else(|| panic!("{e}"));
    assert!(line.contains("less forest (900.5 − 100 = 800.5 ha)"), "{line}");
    assert!(!line.contains("00000"), "{line}");
}

/// A table written twice names itself and where it was first written,
/// rather than the parser's bare "duplicate key".
#[test]
fn a_table_written_twice_is_named_with_its_first_line() {
    let text = "extends = \"sonla-restructuring\"\nname = \"t\"\n\n[zones.\"Sông Mã\"]\nhouseholds = 34000\n\n\
                [zones.\"Sông Mã\".policy]\nextension_boost = 0.03\n\n[zones.\"Sông Mã\"]\nhouseholds = 35000\n";
    let e = scenario::open_inline("t.toml", text).unwrap_err();
    let en = e.render(Lang::En);
    assert!(en.contains("t.toml:10:") && en.contains("zones.\"Sông Mã\" is already written on line 4"), "{en}");
    let vi = e.render(Lang::Vi);
    assert!(vi.contains("zones.\"Sông Mã\" đã được viết ở dòng 4"), "{vi}");
    // A key twice in one table: the line within that table, not an
    // earlier table's key of the same name.
    let text = "extends = \"sonla-restructuring\"\nname = \"t\"\n[zones.\"Sông Mã\"]\nhouseholds = 1\n\
                [zones.\"Mai Sơn\"]\nhouseholds = 200\nforest_ha = 5\nhouseholds = 300\n";
    let en = scenario::open_inline("t.toml", text).unwrap_err().render(Lang::En);
    assert!(en.contains("t.toml:8:") && en.contains("households is already written on line 6"), "{en}");
    // Inside { … }: named, without a line.
    let text =
        "extends = \"sonla-restructuring\"\nname = \"t\"\n[zones.\"Sông Mã\"]\narea_ha = { maize = 1, maize = 2 }\n";
    let en = scenario::open_inline("t.toml", text).unwrap_err().render(Lang::En);
    assert!(en.contains("error: t.toml:4:") && en.contains(": maize is written twice;"), "{en}");
}

/// A district's own plan target of fewer than ten simulated parcels a year
/// is warned of, with the scale that gives ten, or, where even the whole
/// province does not, with what the whole province gives.
#[test]
fn a_plan_target_of_a_few_parcels_is_warned_of() {
    let plan = |target: f64| {
        let text = format!(
            "extends = \"sonla-planned\"\nname = \"t\"\n[zones.\"Mai Sơn\".policy]\ntarget_ha_per_year = {target}\n"
        );
        scenario::open_inline("t.toml", &text).unwrap()
    };
    let mut s = plan(150.0);
    assert!(s.plan_targets_of_few_parcels(Lang::En).is_empty(), "thousands of parcels at scale 1");
    s.simulation.scale = 0.02;
    let w = s.plan_targets_of_few_parcels(Lang::En);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("zones.\"Mai Sơn\".policy.target_ha_per_year: 150 ha a year at scale 0.02 is "), "{w:?}");
    // The scale suggested gives ten parcels or a few more, and no warning.
    let suggested: f64 = w[0].split("; scale ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    s.simulation.scale = suggested;
    assert!(s.plan_targets_of_few_parcels(Lang::En).is_empty(), "scale {suggested}");
    s.simulation.scale = suggested * 0.9;
    assert_eq!(s.plan_targets_of_few_parcels(Lang::En).len(), 1, "scale {}", suggested * 0.9);
    assert!(s.settings_without_effect(Lang::Vi).iter().any(|w| w.contains("thửa được mô phỏng")));

    let mut tiny = plan(1.0);
    tiny.simulation.scale = 0.01;
    let w = tiny.plan_targets_of_few_parcels(Lang::En);
    assert!(
        w[0].contains("fewer than 0.1 simulated parcels") && w[0].contains("(more than the target itself)"),
        "{w:?}"
    );
    assert!(w[0].contains("even the whole province (scale 1) gives this target only about "), "{w:?}");
}
