//! What a simulated year records, and how replicates are summarised.

pub mod budget;
pub mod findings;
pub mod indicators;
pub mod radix;
pub mod records;
pub mod replicate_values;
pub mod summary;

/// Serde for a number that may be NaN ("no value"): NaN is written as
/// `null` and read back as NaN, so that JSON round-trips it exactly.
pub mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes NaN as `null`, other numbers as themselves.
    pub fn serialize<S: Serializer>(value: &f64, to: S) -> Result<S::Ok, S::Error> {
        if value.is_nan() { to.serialize_none() } else { to.serialize_some(value) }
    }

    /// Reads `null` as NaN.
    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(from)?.unwrap_or(f64::NAN))
    }
}
