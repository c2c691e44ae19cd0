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

/// Stream of replicate `rep`'s household decisions in zone `zone`: one per
/// zone, so that a zone's own policy reaches the other zones only through
/// the market (MODEL.md §11). The high bit keeps these apart from the
/// environment streams; replicates (≤ 100,000) and zones (≤ 5,000) each fit
/// their bits.
pub fn decision_stream(rep: u32, zone: usize) -> u64 {
    1 << 63 | (rep as u64) << 16 | zone as u64
}

/// The decision generators of replicate `rep`, one per zone, written into
/// `rngs` (whose length is the number of zones).
pub fn reset_decision_streams(rngs: &mut [ChaCha8Rng], seed: u64, rep: u32) {
    for (zone, rng) in rngs.iter_mut().enumerate() {
        *rng = stream_rng(seed, decision_stream(rep, zone));
    }
}
