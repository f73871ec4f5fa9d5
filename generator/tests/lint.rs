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

/// Webhooks: each needs a summary and a JSON payload with a schema; the components their payloads
/// use are used; their payloads' properties need descriptions like any other.
#[test]
fn webhooks_are_linted() {
    let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  petAdded:\n    post:\n      summary: A pet was added\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/PetEvent'}\n      responses: {'200': {description: ok}}\n  petGone:\n    post:\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    PetEvent:\n      type: object\n      properties:\n        type: {const: pet.added, description: The event}\n        name: {type: string}\n";
    let doc = load::load(generator::Spec::text(Path::new("hooks.yaml"), yaml.to_string()), &generator::LoadOptions::default()).unwrap();
    let found: Vec<(String, String)> = lint::lint(&doc).into_iter().map(|d| (d.message, d.location.pointer)).collect();
    let expected = [
        ("webhook `petGone` (POST) has no summary", "/webhooks/petGone/post"),
        ("webhook `petGone` (POST) documents no JSON payload", "/webhooks/petGone/post"),
        ("property `name` has no description", "/components/schemas/PetEvent/properties/name"),
    ];
    for (message, pointer) in expected {
        assert!(found.iter().any(|(m, p)| m == message && p == pointer), "{message} at {pointer}: {found:?}");
    }
    assert!(!found.iter().any(|(m, _)| m.contains("PetEvent") && m.contains("not used")), "{found:?}");
    assert_eq!(found.len(), 3, "{found:?}");
}
