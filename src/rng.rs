//! Deterministic random streams (MODEL.md §6): one ChaCha8 generator per
//! (seed, stream), so replicates are independent of thread scheduling and
//! scenarios run with the same seed see the same weather and prices.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// The generator of `stream` under `seed`.
pub fn stream_rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Stream of replicate `rep`'s environment: prices, weather, hail.
pub fn environment_stream(rep: u32) -> u64 {
    2 * rep as u64 + 1
}

/// Stream of replicate `rep`'s household decisions.
pub fn decision_stream(rep: u32) -> u64 {
    2 * rep as u64 + 2
}
