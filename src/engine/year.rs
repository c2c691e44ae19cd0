//! One simulated year (MODEL.md §7), apart from the decisions, step by
//! step: prices and weather (step 1, `environment`), parcels and households
//! (steps 2–4, `economy`), the record of the year's indicators (step 5,
//! `record`), and ageing with the decided changes (step 8, `land_change`);
//! expected supply (§6) is in `supply`. This module holds what they share.

use crate::province::Province;
use crate::scenario::Scenario;
use crate::stats::indicators::Layout;

use super::tables::ModelTables;

/// Read-only context of a year.
pub struct YearContext<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The province.
    pub province: &'a Province,
    /// Look-up tables.
    pub tables: &'a ModelTables,
    /// Layout of the record.
    pub layout: &'a Layout,
    /// Index of the year (0 = base year).
    pub year_index: usize,
}
