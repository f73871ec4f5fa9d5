//! Any bytes, as a spec: load, check, model, emit and format must never panic (nor hang).
//!
//! The bytes are read as YAML (`fuzz.yaml`), and also as JSON (`fuzz.json`) when they look like a
//! JSON object; invalid UTF-8 is replaced, as a user's editor would show it.

#![no_main]

use std::path::Path;

use generator::CrateSettings;
use libfuzzer_sys::fuzz_target;

fn settings() -> CrateSettings {
    CrateSettings {
        name: "fuzz-client".into(),
        version: "0.1.0".into(),
        license: "MIT OR Apache-2.0".into(),
        spec_display: "fuzz.yaml".into(),
        examples: Vec::new(),
        module: None,
    }
}

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data).into_owned();
    let settings = settings();
    if source.trim_start().starts_with('{') {
        let _ = generator::generate_source(Path::new("fuzz.json"), source.clone(), &settings);
    }
    let _ = generator::generate_source(Path::new("fuzz.yaml"), source, &settings);
});
