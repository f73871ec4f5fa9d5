//! Golden output: the crate generated for each fixture spec (one per feature) and for the real
//! Botpress spec, and the message for each bad document. Review changes with `cargo insta review`.

use std::path::Path;

use generator::CrateSettings;

/// Files that are the same for every spec; their contents are not part of the snapshots.
const FIXED: &[&str] = &[
    "src/client.rs",
    "src/env.rs",
    "src/mock.rs",
    "src/enums.rs",
    "src/error.rs",
    "src/nullable.rs",
    "src/paging.rs",
    "src/request.rs",
    "src/retry.rs",
    "src/sse.rs",
    "src/lines.rs",
    "src/union.rs",
    "src/webhook.rs",
];

fn settings(spec_display: &str) -> CrateSettings {
    CrateSettings {
        name: "fixture-client".into(),
        version: "0.1.0".into(),
        license: "MIT OR Apache-2.0".into(),
        spec_display: spec_display.into(),
        examples: Vec::new(),
        modules: hand_written(Path::new(spec_display)),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
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
    let generated = generator::Generator::new(&settings(&name))
        .generate(generator::Spec::text(Path::new(&name), source).read_with(&beside(path)))
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

/// A selection of a document's operations (`tests/select/directory.yaml`): only the mail
/// operations and `users.get`, the types they reach (not `AuditEntry`, `MailboxSettings`; `Entity`,
/// merged into the types that are `allOf` it, behind `all-schemas`), and the
/// selection recorded in the manifest and the README.
#[test]
fn a_selection() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/select/directory.yaml");
    let source = std::fs::read_to_string(&path).unwrap();
    let mut settings = settings("directory.yaml");
    settings.selection = generator::Selection {
        tags: vec!["mail".into()],
        operations: vec!["users.get".into()],
        exclude_operations: vec!["*.send".into()],
        ..Default::default()
    };
    let generated = generator::Generator::new(&settings).generate(generator::Spec::text(Path::new("directory.yaml"), source)).unwrap();
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
    insta::assert_snapshot!(out);
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
        // Strict: what has a lenient reading is refused here (`lenient_fallbacks` shows the warnings).
        let strict = generator::LoadOptions { strict: true, ..Default::default() };
        let result = generator::Generator::new(&settings(&name))
            .with_options(strict.clone())
            .generate(generator::Spec::text(Path::new(&name), source).read_with(&beside(path)));
        let message = match result {
            Ok(_) => panic!("{name} should be rejected"),
            Err(diagnostics) => {
                assert!(diagnostics.has_errors(), "{name}: {diagnostics}");
                diagnostics.to_string()
            }
        };
        // A problem in a referenced file is reported in that file (`bad/external/`).
        assert!(message.starts_with(&format!("error: {name}")) || message.starts_with("error: external/"), "the message names the file: {message}");
        assert!(message.contains("help: "), "the message says how to fix it: {message}");
        insta::assert_snapshot!(message);
    });
}

/// A document with a clear intent but an inconsistency generates what its author meant, with a
/// warning naming the place and the assumption (the same documents are refused with `--strict`:
/// `bad/path_param_undeclared.yaml`, `bad/request_body_no_content.yaml`, `bad/string_as_number.json`).
#[test]
fn lenient_fallbacks() {
    for name in ["path_param_undeclared.yaml", "request_body_no_content.yaml", "string_as_number.json"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad").join(name);
        let source = std::fs::read_to_string(&path).unwrap();
        let generated = generator::Generator::new(&settings(name))
            .generate(generator::Spec::text(Path::new(name), source).read_with(&beside(&path)))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
        let operations: String = generated
            .files
            .iter()
            .filter(|(p, _)| (p.starts_with("src/operations/") && !p.ends_with("mod.rs")) || p == "src/types.rs")
            .map(|(_, text)| text.as_str())
            .collect();
        insta::assert_snapshot!(name, format!("{}\n--- operations ---\n{operations}", warnings.join("\n")));
    }
}

/// The same input gives the same output, byte for byte.
#[test]
fn deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/botpress.yaml");
    let first = generator::Generator::new(&settings("spec/botpress.yaml")).generate(generator::Spec::File(&spec)).unwrap().files;
    for _ in 0..3 {
        assert_eq!(generator::Generator::new(&settings("spec/botpress.yaml")).generate(generator::Spec::File(&spec)).unwrap().files, first);
    }
}

/// The hand-written modules of a fixture: the `.rs` files of `fixtures/<stem>.modules/`, if any
/// (what `modules` in spec/clients.toml names for a real crate).
fn hand_written(spec: &std::path::Path) -> Vec<generator::emit::Example> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{}.modules", spec.file_stem().unwrap().to_string_lossy()));
    let Ok(listing) = std::fs::read_dir(&folder) else { return Vec::new() };
    let mut files: Vec<_> = listing.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "rs")).collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let source_display = format!("generator/tests/fixtures/{}/{name}", folder.file_name().unwrap().to_string_lossy());
            generator::emit::Example { code: std::fs::read_to_string(&path).unwrap(), name, source_display }
        })
        .collect()
}
