//! The columns of `replicates.parquet` and the metadata that tells a reader
//! (ours, or R's arrow, pandas, Polars, DuckDB) what they hold.

use std::sync::Arc;

use parquet::schema::types::Type;

/// Schema: one row per replicate, year, scope and indicator key. `value`
/// is null where the indicator has no value (a per-hectare figure of a
/// crop with no area, say), as `indicators.csv` leaves such rows out.
pub const MESSAGE_TYPE: &str = "
message agroshift_replicates {
  REQUIRED BYTE_ARRAY scope (STRING);
  REQUIRED INT32 year;
  REQUIRED BYTE_ARRAY indicator (STRING);
  REQUIRED BYTE_ARRAY key (STRING);
  REQUIRED INT32 replicate;
  OPTIONAL DOUBLE value;
}";

/// Position of the `replicate` column.
pub const REPLICATE_COLUMN: usize = 4;
/// Position of the `value` column.
pub const VALUE_COLUMN: usize = 5;

/// File metadata key: the unit of `value` for each indicator, as a JSON
/// object (`{"area_ha": "ha", …}`); Parquet has no per-row units.
pub const UNITS_KEY: &str = "agroshift.units";
/// File metadata key: numbers in one replicate's record (rows per replicate).
pub const RECORD_LEN_KEY: &str = "agroshift.record_len";
/// File metadata key: the first replicate in the file.
pub const FIRST_REPLICATE_KEY: &str = "agroshift.first_replicate";
/// File metadata key: replicates in the file.
pub const REPLICATES_KEY: &str = "agroshift.replicates";
/// File metadata key: the run the records belong to ([`super::part::run_key`]).
pub const RUN_KEY: &str = "agroshift.run";
/// File metadata key: the run's random seed.
pub const SEED_KEY: &str = "agroshift.seed";
/// File metadata key: the program that wrote it.
pub const PROGRAM_KEY: &str = "agroshift.program";

/// The parsed schema.
pub fn schema() -> Arc<Type> {
    Arc::new(parquet::schema::parser::parse_message_type(MESSAGE_TYPE).expect("the schema text is valid"))
}
