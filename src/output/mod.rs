//! Everything that writes results: text tables, CSV, JSON, manifests, and
//! the atomic output folder. Nothing here computes results.

pub mod atomic;
pub mod charts;
pub mod comparison;
pub mod crops;
pub mod csv_out;
pub mod exploration;
pub mod manifest;
pub mod publish;
pub mod report;
pub mod result_set;
pub mod results;
pub mod scenario_summary;
pub mod table;
pub mod workbook;
