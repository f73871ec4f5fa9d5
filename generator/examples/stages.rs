//! Times each stage of generation for one spec (and a selection): `stages SPEC [--tags T]...`.
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spec = std::path::PathBuf::from(&args[0]);
    let tags: Vec<String> = args.windows(2).filter(|w| w[0] == "--tags").map(|w| w[1].clone()).collect();
    let t = Instant::now();
    let text = std::fs::read_to_string(&spec).unwrap();
    let mut doc = generator::load::parse(&spec, text).unwrap();
    eprintln!("load {:?}", t.elapsed());
    let t = Instant::now();
    let sel = generator::Selection { tags, ..Default::default() };
    generator::select::apply(&mut doc, &sel, false).unwrap();
    eprintln!("select {:?}", t.elapsed());
    let t = Instant::now();
    let w = generator::check::as_written_findings(&doc);
    eprintln!("as_written {:?} ({} findings)", t.elapsed(), w.len());
    doc.drop_raw();
    let t = Instant::now();
    let mut f = Vec::new();
    generator::check::parsed_findings(&doc, &mut f);
    eprintln!("parsed_findings {:?} ({})", t.elapsed(), f.len());
    let t = Instant::now();
    let (api, warnings) = generator::model::build(&doc).unwrap();
    eprintln!("model {:?} ({} types, {} warnings)", t.elapsed(), api.types.len(), warnings.len());
    let text = std::fs::read_to_string(&spec).unwrap();
    let doc = generator::load::parse(&spec, text).unwrap();
    for i in 0..10 {
        let t = Instant::now();
        let l = doc.location(&format!("/components/schemas/microsoft.graph.complex{}/properties", 890 - i));
        eprintln!("location {i} {:?} {:?}", t.elapsed(), l.line_col);
    }
}
#[allow(dead_code)]
fn unused() {}
