//! Analyses computed from a scenario without simulating: per-hectare crop
//! comparisons and cash-flow profiles.

pub mod crops;
