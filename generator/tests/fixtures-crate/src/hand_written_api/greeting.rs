// Copied from generator/tests/fixtures/hand_written.modules/greeting.rs by openapi-rs-generator: edit it there and regenerate.

//! A hand-written helper on top of the generated client (`fixtures/hand_written.modules/`).

use crate::hand_written_api::{Client, Result};

/// Greets everyone in `names`, in order, one call each.
pub async fn greet_all(client: &Client, names: &[&str]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for name in names {
        out.push(client.get_greeting(*name).send().await?.text);
    }
    Ok(out)
}
