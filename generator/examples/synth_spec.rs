//! Prints a synthetic OpenAPI spec of N operations (default 1000), as the benchmarks use; with
//! `--graph`, one of Microsoft Graph's shape (`synth::graph`; 11,466 operations for 11400).
//!
//! `cargo run -p openapi-rs-generator --example synth_spec -- 1000 > /tmp/spec-1000.yaml`
//! `cargo run -p openapi-rs-generator --example synth_spec -- --graph 11400 > /tmp/graph.yaml`

#[path = "../benches/synth.rs"]
mod synth;

fn main() {
    let graph = std::env::args().any(|a| a == "--graph");
    let n = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1000);
    match graph {
        true => print!("{}", synth::graph(n)),
        false => print!("{}", synth::spec(n)),
    }
}
