//! Benchmarks of the simulation, so that a regression shows: each kernel of
//! the year on a tenth of Sơn La (the parcel kernel over every parcel, the
//! household kernel over every household, the zone fold; the income sort at
//! the whole province's 240,000 households), each step of the
//! year (economy, record, awareness and decisions, land changes), a whole
//! replicate-year, and a whole run; reported per parcel or household.
//! Run with `cargo bench --bench simulation`. The full-size run is measured
//! with the `run` command itself (see README.md, "Performance").

use std::hint::black_box;

use agroshift::engine::awareness::spread_awareness;
use agroshift::engine::decide::{DecisionContext, decide};
use agroshift::engine::economy::{
    BudgetRule, HouseholdNow, ParcelNow, ZoneYear, close_household, fold_zone, parcel_year, run_economy,
};
use agroshift::engine::environment::draw_environment;
use agroshift::engine::record::record_year;
use agroshift::engine::replicate::{RunInputs, run_replicate, run_year};
use agroshift::engine::tables::ModelTables;
use agroshift::engine::workspace::Workspace;
use agroshift::engine::year::YearContext;
use agroshift::engine::year_scratch::{AgeSums, CropTotals, ZoneCrop};
use agroshift::engine::{Silent, run_replicates};
use agroshift::province::build_province;
use agroshift::scenario;
use agroshift::stats::indicators::Layout;
use agroshift::stats::radix::GroupedSorter;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn simulation(c: &mut Criterion) {
    let mut s = scenario::open("sonla-restructuring").expect("the default scenario validates");
    s.simulation.scale = 0.1;
    let province = build_province(&s);
    let tables = ModelTables::new(&s);
    let parcels = province.parcel_count() as u64;
    let households = province.household_count() as u64;
    let p = &s.parameters;

    // A workspace five years into a replicate, so that the state has
    // orchards of every age and decisions to take.
    let years = 6;
    let layout = Layout::new(&s, years);
    let inputs = RunInputs { scenario: &s, province: &province, tables: &tables, layout: &layout };
    let mut ws = Workspace::new(&province, &tables);
    let mut env = ws.start_replicate(&province, &tables, s.simulation.seed, 0);
    let mut record = vec![0.0; layout.record_len()];
    for y in 0..years - 1 {
        run_year(&inputs, 0, y, &mut ws, &mut env, &mut record).unwrap();
    }
    let year = years - 1;
    let ctx = YearContext { scenario: &s, province: &province, tables: &tables, layout: &layout, year_index: year };
    draw_environment(&mut ws, &ctx, &mut env);

    let mut kernels = c.benchmark_group("kernels");
    kernels.sample_size(20);
    // The yearly income sort at the full province's size (240,000): this
    // province's incomes of the year ten times over, in twelve zones.
    let incomes: Vec<f64> = (0..10).flat_map(|_| ws.year.income_vnd.iter().copied()).collect();
    let n = incomes.len();
    let zone_starts: Vec<usize> = (0..=12).map(|g| g * n / 12).collect();
    let mut sorter = GroupedSorter::new(n);
    let (mut all_sorted, mut by_zone) = (vec![0.0; n], vec![0.0; n]);
    kernels.throughput(Throughput::Elements(n as u64));
    kernels.bench_function("income_sort_full_province", |b| {
        b.iter(|| sorter.sort(black_box(&incomes), &zone_starts, &mut all_sorted, &mut by_zone))
    });
    // Every parcel's year through `parcel_year`, as the economy pass calls it.
    let zone_crop = vec![ZoneCrop { yield_mult: 1.0, price_vnd_per_kg: [10_000.0, 11_000.0] }; tables.crops];
    let suitability = vec![1.0; tables.crops];
    let zone = ZoneYear {
        crop: &zone_crop,
        suitability: &suitability,
        rk_ls: tables.zone_rk_ls[0],
        soil_delta: p.soil_delta,
        soil_recovery: p.soil_recovery,
        soil_min: p.soil_min,
    };
    let state = &ws.state;
    kernels.throughput(Throughput::Elements(parcels));
    kernels.bench_function("parcel_year_every_parcel", |b| {
        b.iter(|| {
            let mut net = 0.0;
            for j in 0..province.parcel_count() {
                let y = parcel_year(
                    &tables,
                    &zone,
                    ParcelNow {
                        crop: state.crop[j] as usize,
                        slope: province.parcel_slope[j] as usize,
                        age: state.age[j] as usize,
                        area_ha: province.parcel_area_ha[j],
                        soil: state.soil[j],
                        loss_years: state.loss_years[j],
                        first_year: 0,
                        member: province.household_coop[province.parcel_household[j] as usize] as usize,
                    },
                );
                net += y.net_vnd + y.soil;
            }
            black_box(net)
        })
    });
    let rule = BudgetRule { credit_rate: 0.066, consumption_propensity: 0.6, lends: true, credit_limit_vnd: 100e6 };
    kernels.throughput(Throughput::Elements(households));
    kernels.bench_function("close_household_every_household", |b| {
        b.iter(|| {
            let mut saved = 0.0;
            for h in 0..province.household_count() {
                let y = close_household(
                    HouseholdNow {
                        farm_net_vnd: 30e6,
                        other_income_vnd: province.household_other_income_vnd[h],
                        subsidy_vnd: 0.0,
                        capital_vnd: 0.0,
                        savings_vnd: state.savings_vnd[h],
                        subsistence_vnd: 8.4e6 * province.household_size[h] as f64,
                    },
                    rule,
                );
                saved += y.savings_vnd;
            }
            black_box(saved)
        })
    });
    let filled: Vec<AgeSums> = (0..tables.crops * tables.max_age)
        .map(|_| AgeSums {
            area_ha: [10.0, 20.0, 30.0, 5.0],
            soil_area_ha: [9.0, 18.0, 27.0, 4.5],
            harvest_t: [100.0, 5.0],
        })
        .collect();
    kernels.throughput(Throughput::Elements(1));
    kernels.bench_function("fold_zone_every_crop_and_age", |b| {
        b.iter_batched(
            || (filled.clone(), vec![CropTotals::default(); tables.crops], vec![0.0; tables.markets + 1]),
            |(mut sums, mut totals, mut committed)| {
                let mut supply = vec![0.0; tables.markets + 1];
                black_box(fold_zone(&tables, &zone, &mut sums, &mut totals, &mut committed, &mut supply))
            },
            BatchSize::SmallInput,
        )
    });
    kernels.finish();

    // The steps of one year, each on a copy of the same state.
    let mut steps = c.benchmark_group("year_steps");
    steps.sample_size(10);
    steps.throughput(Throughput::Elements(parcels));
    steps.bench_function("economy_steps_2_to_4", |b| {
        b.iter(|| run_economy(&mut ws, &ctx));
    });
    run_economy(&mut ws, &ctx);
    steps.throughput(Throughput::Elements(households));
    steps.bench_function("record_step_5", |b| b.iter(|| record_year(&mut ws, &ctx, &mut record)));
    let dctx = DecisionContext { scenario: &s, province: &province, tables: &tables, year_index: year };
    steps.bench_function("awareness_and_decisions_steps_6_7", |b| {
        b.iter(|| {
            let mut rngs = std::mem::take(&mut ws.decision_rngs);
            spread_awareness(&mut ws, &dctx, &mut rngs);
            decide(&mut ws, &dctx, &mut rngs);
            ws.decision_rngs = rngs;
            // Forget the decisions, so that the next iteration decides again.
            ws.decide.reset();
        })
    });
    steps.finish();

    let mut group = c.benchmark_group("simulation");
    group.sample_size(10);
    let one_year = Layout::new(&s, 1);
    let inputs = RunInputs { scenario: &s, province: &province, tables: &tables, layout: &one_year };
    let mut ws = Workspace::new(&province, &tables);
    let mut record = vec![0.0; one_year.record_len()];
    group.throughput(Throughput::Elements(parcels));
    group.bench_function("one_year_scale_0.1", |b| b.iter(|| run_replicate(&inputs, 0, &mut ws, &mut record)));

    let mut run = s.clone();
    run.simulation.years = 20;
    run.simulation.replicates = 8;
    group.throughput(Throughput::Elements(parcels * 20 * 8));
    group.bench_function("province_scale_0.1_20_years_8_replicates", |b| {
        b.iter(|| run_replicates(&run, &province, &Silent))
    });
    group.finish();
}

criterion_group!(benches, simulation);
criterion_main!(benches);
