//! `replicates.parquet`: every replicate's record on disk, in long format
//! (`scope, year, indicator, key, replicate, value`), written as the
//! replicates finish ([`writer`]) and read back a block of cells at a time
//! ([`reader`]), so that summaries are computed from it exactly with memory
//! that does not grow with replicates. [`part`] describes a shard's share
//! of a run, so that `merge` can put the shards back together.

pub mod part;
pub mod reader;
pub mod schema;
pub mod writer;

/// File name of the per-replicate data in a run's folder.
pub const FILE_NAME: &str = "replicates.parquet";
