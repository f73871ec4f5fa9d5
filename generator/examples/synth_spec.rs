//! Prints a synthetic OpenAPI spec of N operations (default 1000), as the benchmarks use.
//!
//! `cargo run -p openapi-rs-generator --example synth_spec -- 1000 > /tmp/spec-1000.yaml`

#[path = "../benches/synth.rs"]
mod synth;

fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    print!("{}", synth::spec(n));
}
