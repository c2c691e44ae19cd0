//! Benchmarks of the simulation: one replicate-year of a tenth of Sơn La,
//! and a whole run of it, reported as parcel-years per second.
//! Run with `cargo bench --bench simulation`. The full-size run is measured
//! with the `run` command itself (see README.md, "Performance").

use agroshift::engine::replicate::{RunInputs, run_replicate};
use agroshift::engine::tables::ModelTables;
use agroshift::engine::workspace::Workspace;
use agroshift::engine::{Silent, run_replicates};
use agroshift::province::build_province;
use agroshift::scenario;
use agroshift::stats::indicators::Layout;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn simulation(c: &mut Criterion) {
    let mut s = scenario::open("sonla-restructuring").expect("the default scenario validates");
    s.simulation.scale = 0.1;
    let province = build_province(&s);
    let tables = ModelTables::new(&s);
    let parcels = province.parcel_count() as u64;

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
