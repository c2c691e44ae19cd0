//! A property: any scenario that `check` accepts, built by mutating the
//! shipped ones with extreme numbers and huge lists, runs at a tiny scale to
//! finite results, or is refused by `check`. Never a panic, an abort, a hang
//! or a non-finite output.

use agroshift::engine::{Silent, simulate};
use agroshift::scenario::locate::{FieldPath, Segment};
use agroshift::scenario::ranges::{End, Kind, range_of};
use agroshift::scenario::{self, builtin};
use agroshift::stats::indicators::is_absent;
use proptest::prelude::*;

/// The numbers a hostile user tries.
const EXTREMES: [f64; 16] = [
    0.0,
    -0.0,
    1e-300,
    -1e-300,
    1e308,
    -1e308,
    65536.0,
    4294967296.0,
    9.223372036854776e18,
    -1.0,
    -65536.0,
    0.5,
    1.5,
    100.0,
    f64::INFINITY,
    f64::NAN,
];

/// Every leaf of `value` that is a number, and every list, by path.
fn leaves(value: &toml::Value, path: &mut Vec<String>, numbers: &mut Vec<Vec<String>>, lists: &mut Vec<Vec<String>>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                path.push(k.clone());
                leaves(v, path, numbers, lists);
                path.pop();
            }
        }
        toml::Value::Array(items) => {
            lists.push(path.clone());
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                leaves(v, path, numbers, lists);
                path.pop();
            }
        }
        toml::Value::Integer(_) | toml::Value::Float(_) => numbers.push(path.clone()),
        _ => {}
    }
}

fn at<'a>(table: &'a mut toml::Value, path: &[String]) -> &'a mut toml::Value {
    path.iter().fold(table, |v, key| match v {
        toml::Value::Table(t) => t.get_mut(key).unwrap(),
        toml::Value::Array(a) => &mut a[key.parse::<usize>().unwrap()],
        _ => unreachable!(),
    })
}

/// What one mutation does.
#[derive(Debug, Clone)]
enum Mutation {
    /// A number replaced by an extreme one, written as an integer when whole.
    Number { leaf: usize, extreme: usize, as_integer: bool },
    /// A number set to an end of its declared plausible range (just inside
    /// an excluded end): the ranges must stop short of what overflows.
    Bound { leaf: usize, high: bool },
    /// A list made `copies` times longer.
    Longer { list: usize, copies: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), 0..EXTREMES.len(), any::<bool>()).prop_map(|(i, extreme, as_integer)| {
            Mutation::Number { leaf: i.index(usize::MAX), extreme, as_integer }
        }),
        4 => (any::<prop::sample::Index>(), any::<bool>())
            .prop_map(|(i, high)| Mutation::Bound { leaf: i.index(usize::MAX), high }),
        1 => (any::<prop::sample::Index>(), prop::sample::select(vec![2usize, 50, 2000]))
            .prop_map(|(i, copies)| Mutation::Longer { list: i.index(usize::MAX), copies }),
    ]
}

fn apply(value: &mut toml::Value, m: &Mutation) {
    let (mut numbers, mut lists) = (Vec::new(), Vec::new());
    leaves(value, &mut Vec::new(), &mut numbers, &mut lists);
    match *m {
        Mutation::Number { leaf, extreme, as_integer } => {
            let x = EXTREMES[extreme];
            let path = &numbers[leaf % numbers.len()];
            *at(value, path) = if as_integer && x.is_finite() && x.fract() == 0.0 && x.abs() < 9.2e18 {
                toml::Value::Integer(x as i64)
            } else {
                toml::Value::Float(x)
            };
        }
        Mutation::Bound { leaf, high } => {
            let path = &numbers[leaf % numbers.len()];
            let field = FieldPath(
                path.iter()
                    .map(|k| match k.parse::<usize>() {
                        Ok(i) if !k.is_empty() => Segment::Index(i),
                        _ => Segment::Key(k.clone()),
                    })
                    .collect(),
            );
            let Some(range) = range_of(&field) else { return };
            let (end, inward) = if high { (range.high, -1.0) } else { (range.low, 1.0) };
            let x = match end {
                End::Incl(v) => v,
                End::Excl(v) => v + inward * (v.abs() * 1e-9).max(1e-12),
            };
            *at(value, path) =
                if range.kind == Kind::Whole { toml::Value::Integer(x as i64) } else { toml::Value::Float(x) };
        }
        Mutation::Longer { list, copies } => {
            let path = &lists[list % lists.len()];
            if let toml::Value::Array(items) = at(value, path) {
                let once = items.clone();
                for _ in 1..copies {
                    items.extend(once.iter().cloned());
                }
            }
        }
    }
}

proptest! {
    // PROPTEST_CASES=5000 searches harder; CI runs 160 cases.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(160),
        ..ProptestConfig::default()
    })]

    #[test]
    fn an_accepted_scenario_runs_to_finite_results(
        which in 0..builtin::BUILTINS.len(),
        mutations in prop::collection::vec(mutation(), 1..3),
    ) {
        let shipped = scenario::open(builtin::BUILTINS[which].name).unwrap();
        let mut value = toml::Value::Table(toml::from_str(&shipped.resolved_toml).unwrap());
        for m in &mutations {
            apply(&mut value, m);
        }
        let text = toml::to_string(&value).unwrap();
        let Ok(mut s) = scenario::open_inline("mutated.toml", &text) else { return Ok(()) };
        // The smallest size at which every zone keeps its households: the
        // property is about the numbers, not the run's length.
        let scale = s.zones.iter().map(|z| 20f64.min(z.households) / z.households).fold(0.0, f64::max);
        s.simulation.scale = (scale * 1.001).min(1.0);
        s.simulation.replicates = 2;
        s.simulation.years = s.simulation.years.min(4);
        prop_assume!(s.size_problem().is_none());
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let run = pool.install(|| simulate(&s, &Silent));
        let run = match run {
            Ok(run) => run,
            Err(e) => return Err(TestCaseError::fail(format!("{mutations:?} was accepted but stopped: {e:?}"))),
        };
        let bad = run.records.values.iter().find(|v| !v.is_finite() && !is_absent(**v));
        prop_assert!(bad.is_none(), "{mutations:?} gave {bad:?}");
    }
}
