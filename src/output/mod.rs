//! Everything that writes results: text tables, CSV, JSON, manifests, and
//! the atomic output folder. Nothing here computes results.

pub mod atomic;
pub mod csv_out;
pub mod results;
pub mod table;
