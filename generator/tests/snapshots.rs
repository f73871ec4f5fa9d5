//! Golden output: the crate generated for each fixture spec (one per feature) and for the real
//! Botpress spec, and the message for each bad document. Review changes with `cargo insta review`.

use std::path::Path;

use generator::CrateSettings;

/// Files that are the same for every spec; their contents are not part of the snapshots.
const FIXED: &[&str] = &["src/client.rs", "src/env.rs", "src/mock.rs", "src/enums.rs", "src/error.rs", "src/nullable.rs", "src/paging.rs", "src/request.rs", "src/retry.rs"];

fn settings(spec_display: &str) -> CrateSettings {
    CrateSettings {
        name: "fixture-client".into(),
        version: "0.1.0".into(),
        license: "MIT OR Apache-2.0".into(),
        spec_display: spec_display.into(),
        examples: Vec::new(),
        module: None,
    }
}

/// Reads the files a spec references from the spec's folder, naming them relative to it (so that
/// messages do not depend on where the repository is).
fn beside(spec: &Path) -> impl Fn(&Path) -> std::io::Result<(std::path::PathBuf, String)> {
    let folder = spec.parent().unwrap().to_path_buf();
    move |file: &Path| Ok((file.to_path_buf(), std::fs::read_to_string(folder.join(file))?))
}

/// The generated crate as one text: every spec-specific file under a header, then the warnings.
fn render(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let source = std::fs::read_to_string(path).unwrap();
    let generated = generator::generate_source_with(Path::new(&name), source, &settings(&name), &beside(path))
        .unwrap_or_else(|e| panic!("{name} should generate:\n{e}"));
    let mut out = String::new();
    for (file, contents) in &generated.files {
        if FIXED.contains(&file.as_str()) {
            out.push_str(&format!("==== {file} (fixed runtime, not shown)\n"));
        } else {
            out.push_str(&format!("==== {file}\n{contents}\n"));
        }
    }
    for warning in &generated.warnings {
        out.push_str(&format!("==== warning\n{warning}\n"));
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        insta::assert_snapshot!(render(path));
    });
}

#[test]
fn real_botpress_spec() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/botpress.yaml");
    insta::assert_snapshot!(render(&spec));
}

#[test]
fn bad_documents() {
    insta::glob!("bad/*.{yaml,json}", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(path).unwrap();
        let result = generator::generate_source_with(Path::new(&name), source, &settings(&name), &beside(path));
        let message = match result {
            Ok(_) => panic!("{name} should be rejected"),
            Err(diagnostics) => {
                assert!(diagnostics.has_errors(), "{name}: {diagnostics}");
                diagnostics.to_string()
            }
        };
        // A problem in a referenced file is reported in that file (`bad/external/`).
        assert!(
            message.starts_with(&format!("error: {name}")) || message.starts_with("error: external/"),
            "the message names the file: {message}"
        );
        assert!(message.contains("help: "), "the message says how to fix it: {message}");
        insta::assert_snapshot!(message);
    });
}

/// The same input gives the same output, byte for byte.
#[test]
fn deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/botpress.yaml");
    let first = generator::generate(&spec, &settings("spec/botpress.yaml")).unwrap().files;
    for _ in 0..3 {
        assert_eq!(generator::generate(&spec, &settings("spec/botpress.yaml")).unwrap().files, first);
    }
}
