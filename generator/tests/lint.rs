//! The spec lint: the repository's specs are clean, and a spec that breaks every rule gets every
//! finding, each with its location.

use std::path::Path;

use generator::{config, lint, load, Severity};

#[test]
fn repository_specs_are_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for client in config::read(&root.join(config::CONFIG_PATH)).unwrap() {
        let doc = load::load(generator::Spec::File(&client.spec), &generator::LoadOptions::default()).unwrap();
        let errors: Vec<String> = lint::lint(&doc).iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
        assert!(errors.is_empty(), "{}:\n{}", client.spec_display, errors.join("\n"));
    }
}

#[test]
fn every_finding_is_reported() {
    let path = Path::new("untidy.yaml");
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint/untidy.yaml")).unwrap();
    let doc = load::load(generator::Spec::text(path, source), &generator::LoadOptions::default()).unwrap();
    let report: Vec<String> = lint::lint(&doc).iter().map(|d| d.to_string()).collect();
    insta::assert_snapshot!(report.join("\n"));
}
