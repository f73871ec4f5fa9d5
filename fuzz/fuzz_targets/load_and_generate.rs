//! Any bytes, as a spec: load, check, model, emit and format must never panic (nor hang).
//!
//! The bytes are read as YAML (`fuzz.yaml`), and also as JSON (`fuzz.json`) when they look like a
//! JSON object; invalid UTF-8 is replaced, as a user's editor would show it. References to other
//! files are served from memory, never from disk: `other.yaml` (a few components) and the input
//! itself under its own name (so references can go round between files).

#![no_main]

use std::path::{Path, PathBuf};

use generator::CrateSettings;
use libfuzzer_sys::fuzz_target;

fn settings() -> CrateSettings {
    CrateSettings {
        name: "fuzz-client".into(),
        version: "0.1.0".into(),
        license: "MIT OR Apache-2.0".into(),
        spec_display: "fuzz.yaml".into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    }
}

const OTHER: &str = "components:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {type: string}\n  parameters:\n    P: {name: p, in: query, schema: {type: integer}}\n";

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data).into_owned();
    let settings = settings();
    let read = |path: &Path| -> std::io::Result<(PathBuf, String)> {
        match path.to_str() {
            Some("other.yaml") => Ok((path.to_path_buf(), OTHER.to_string())),
            Some("fuzz.yaml" | "fuzz.json") => Ok((path.to_path_buf(), source.clone())),
            _ => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "not served")),
        }
    };
    if source.trim_start().starts_with('{') {
        let _ = generator::Generator::new(&settings).generate(generator::Spec::text(Path::new("fuzz.json"), source.clone()).read_with(&read));
    }
    let _ = generator::Generator::new(&settings).generate(generator::Spec::text(Path::new("fuzz.yaml"), source.clone()).read_with(&read));
});
