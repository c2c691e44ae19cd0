//! What a simulated year records, and how replicates are summarised.

pub mod budget;
pub mod findings;
pub mod indicators;
pub mod radix;
pub mod records;
pub mod summary;
