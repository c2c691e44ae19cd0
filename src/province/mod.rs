//! The synthetic province: households and parcels, built once per scenario
//! and seed (MODEL.md §4), shared read-only by every replicate.

pub mod land;
pub mod synth;

pub use land::Province;
pub use synth::build_province;
