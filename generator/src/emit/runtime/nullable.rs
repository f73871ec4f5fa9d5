//! Fields that can be left out, sent as `null`, or sent with a value: `Option<Option<T>>`.
//!
//! This file is the same in every crate the generator writes.

use serde::{Deserialize, Deserializer};

/// Reads a present field: `null` becomes `Some(None)`, a value `Some(Some(v))`. (A missing
/// field is `None`, through `#[serde(default)]`.)
pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
