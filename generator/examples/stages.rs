//! Times the stages before emitting for one spec, and a selection of its operations by tag:
//! `cargo run --release -p openapi-rs-generator --example stages -- SPEC [--tags TAG]...`
//! (how BENCHMARKS.md's Graph-shaped figures were split).

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(spec) = args.first().map(std::path::PathBuf::from) else {
        eprintln!("usage: stages SPEC [--tags TAG]...");
        std::process::exit(2);
    };
    let tags: Vec<String> = args.windows(2).filter(|w| w[0] == "--tags").map(|w| w[1].clone()).collect();
    let started = Instant::now();
    let text = std::fs::read_to_string(&spec).expect("the spec");
    let mut doc = generator::load::load(generator::Spec::text(&spec, text), &generator::LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("load: {:?}", started.elapsed());
    doc.defer_locations();
    let started = Instant::now();
    let selection = generator::Selection { tags, ..Default::default() };
    let (kept, _) = generator::select::apply(&mut doc, &selection, false).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("select: {:?} ({:?})", started.elapsed(), kept);
    let started = Instant::now();
    let mut findings = generator::check::as_written_findings(&doc);
    doc.drop_raw();
    generator::check::parsed_findings(&doc, &mut findings);
    eprintln!("check: {:?} ({} findings)", started.elapsed(), findings.len());
    let started = Instant::now();
    let (api, mut warnings) = generator::model::build(&doc).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("model: {:?} ({} types, {} warnings)", started.elapsed(), api.types.len(), warnings.len());
    let started = Instant::now();
    doc.resolve_locations(&mut warnings);
    eprintln!("locations: {:?}", started.elapsed());
}
