//! Exploring options, apart from the engine: comparing scenarios under
//! common random numbers, the crop-mix frontier, and one-at-a-time
//! sensitivity. Each runs ordinary simulations and reads per-replicate
//! values from their records.

pub mod compare;
pub mod frontier;
pub mod outcome;
pub mod sensitivity;
