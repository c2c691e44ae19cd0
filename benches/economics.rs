//! Benchmarks of the per-hectare economics: NPV, IRR and a crop table.
//! Run with `cargo bench --bench economics`.

use std::hint::black_box;

use agroshift::analysis::crops::crop_table;
use agroshift::economics::{irr, npv};
use agroshift::scenario::{self, Slope};
use criterion::{Criterion, criterion_group, criterion_main};

fn economics(c: &mut Criterion) {
    let s = scenario::open("sonla-restructuring").expect("the default scenario validates");
    let longan = s.crop_by_key("longan_grafted").unwrap();
    let model = longan.hectare_model(Slope::S3, 1.15);
    let flows = model.flows_vnd_per_ha(0, 35, 15_000.0, 1.0);
    c.bench_function("npv_35_years", |b| b.iter(|| npv(black_box(&flows), black_box(0.09))));
    c.bench_function("irr_35_years", |b| b.iter(|| irr(black_box(&flows))));
    c.bench_function("crop_table_10_crops", |b| b.iter(|| crop_table(black_box(&s), Slope::S2)));
}

criterion_group!(benches, economics);
criterion_main!(benches);
