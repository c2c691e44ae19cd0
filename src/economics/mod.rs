//! Per-hectare crop economics (MODEL.md §5): yield curves, cash flows by
//! orchard age, and the finance measures planners compare crops by.
//!
//! This module depends on nothing else in the crate, so the formulas can be
//! read, tested and benchmarked on their own.

pub mod cashflow;
pub mod curve;
pub mod finance;

pub use cashflow::{HectareModel, Husbandry, SplitPresentValue, YearTerms};
pub use curve::YieldCurve;
pub use finance::{irr, npv, payback_year};
