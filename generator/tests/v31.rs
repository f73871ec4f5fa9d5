//! OpenAPI 3.1 read like 3.0: a 3.0 document and its faithful 3.1 rewrite generate the same
//! crate and `diff` finds only the version between them; `check` and `lint` run on 3.1; every
//! diagnostic about a node the rewrite into the 3.0 shape moved points where it was written.

use std::path::{Path, PathBuf};

use generator::{CrateSettings, Severity};

fn pair() -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/openapi-version-changed");
    (dir.join("old.yaml"), dir.join("new.yaml"))
}

fn settings() -> CrateSettings {
    CrateSettings {
        name: "pets-client".into(),
        version: "0.1.0".into(),
        license: "MIT".into(),
        spec_display: "pets.yaml".into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    }
}

#[test]
fn a_3_0_document_and_its_3_1_rewrite_generate_the_same_crate() {
    let (old, new) = pair();
    let v30 = generator::Generator::new(&settings()).generate(generator::Spec::File(&old)).unwrap_or_else(|e| panic!("{e}"));
    let v31 = generator::Generator::new(&settings()).generate(generator::Spec::File(&new)).unwrap_or_else(|e| panic!("{e}"));
    assert!(v30.warnings.is_empty() && v31.warnings.is_empty(), "{:?} {:?}", v30.warnings, v31.warnings);
    assert_eq!(v30.files.len(), v31.files.len());
    for ((path, a), (_, b)) in v30.files.iter().zip(&v31.files) {
        assert!(a == b, "{path} differs:\n{}", similar::TextDiff::from_lines(a, b).unified_diff());
    }
}

#[test]
fn diff_across_3_0_and_3_1_finds_only_the_version() {
    let (old, new) = pair();
    let (old, new) = (
        generator::load::load(generator::Spec::File(&old), &generator::LoadOptions::default()).unwrap(),
        generator::load::load(generator::Spec::File(&new), &generator::LoadOptions::default()).unwrap(),
    );
    assert_eq!((old.openapi_version(), new.openapi_version()), ("3.0.3", "3.1.0"));
    let report = generator::diff::compare_documents(&old, &new, None, "0.1.0").unwrap();
    let changes: Vec<(&str, &str)> = report.changes.iter().map(|c| (c.rule, c.message.as_str())).collect();
    assert_eq!(changes, [("openapi-version-changed", "OpenAPI version 3.0.3 → 3.1.0")]);
    assert!(report.rust.changes.is_empty(), "{:?}", report.rust.changes);
    // And the other way round, from 3.1 back to 3.0.
    let back = generator::diff::compare_documents(&new, &old, None, "0.1.0").unwrap();
    assert_eq!(back.changes.len(), 1);
}

#[test]
fn lint_reads_3_1() {
    let (old, new) = pair();
    let findings = |p: &Path| {
        let doc = generator::load::load(generator::Spec::File(p), &generator::LoadOptions::default()).unwrap();
        generator::lint::lint(&doc).into_iter().map(|d| (d.message, d.location.pointer)).collect::<Vec<_>>()
    };
    assert_eq!(findings(&old), findings(&new));
}

fn errors(yaml: &str) -> Vec<generator::Diagnostic> {
    let doc = generator::load::load(generator::Spec::text(Path::new("api.yaml"), yaml.to_string()), &generator::LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    generator::check::check(&doc)
}

/// A dangling reference inside a null branch: the rewrite moved it into an `allOf`, the message
/// points at the line where it is written, with the pointer there.
#[test]
fn findings_point_where_the_moved_node_was_written() {
    let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        owner:\n          oneOf:\n            - type: 'null'\n            - $ref: '#/components/schemas/Ownr'\n";
    let found = errors(yaml);
    let error = found.iter().find(|d| d.severity == Severity::Error).unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(error.location.pointer, "/components/schemas/Pet/properties/owner/oneOf/1/$ref", "{error}");
    assert_eq!(error.location.line_col, Some((11, 21)), "{error}");
    // A typo inside a branch merged into its parent (`anyOf: [{...}, {type: 'null'}]`).
    let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Pet:\n      anyOf:\n        - type: strin\n        - type: 'null'\n";
    let found = errors(yaml);
    let error = found.iter().find(|d| d.severity == Severity::Error).unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!((error.location.pointer.as_str(), error.location.line_col), ("/components/schemas/Pet/anyOf/0/type", Some((7, 17))), "{error}");
}

/// A 3.1 document in several files: the rewrite and the bundle together still say which file.
#[test]
fn a_3_1_document_in_several_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("api.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: getPet\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: 'schemas.yaml#/Pet'}}}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("schemas.yaml"),
        "Pet:\n  type: object\n  properties:\n    owner:\n      anyOf:\n        - $ref: '#/Missing'\n        - type: 'null'\n",
    )
    .unwrap();
    let err = generator::Generator::new(&settings()).generate(generator::Spec::File(&dir.path().join("api.yaml"))).unwrap_err();
    let first = &err.0[0];
    assert!(first.location.file.ends_with("schemas.yaml"), "{err}");
    assert_eq!(first.location.line_col.map(|(line, _)| line), Some(6), "{err}");
}

/// Moves inside moves: a `$ref` with a sibling (rewritten into an `allOf`) inside a branch that
/// was merged into its parent: the finding still points into the branch, where it is written.
#[test]
fn nested_rewrites_point_where_written() {
    let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Pet:\n      anyOf:\n        - type: object\n          properties:\n            owner:\n              $ref: '#/components/schemas/Nobody'\n              description: who\n        - type: 'null'\n";
    let found = errors(yaml);
    let error = found.iter().find(|d| d.severity == Severity::Error).unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(
        (error.location.pointer.as_str(), error.location.line_col),
        ("/components/schemas/Pet/anyOf/0/properties/owner/$ref", Some((10, 21))),
        "{error}"
    );
}

/// Webhooks are checked as operations are, and their findings point where they are written: under
/// a 3.1 document's `webhooks` (carried in `x-webhooks`), through a rewrite inside them (a null
/// branch), and under a 3.0 document's `x-webhooks` (GitHub's spelling).
#[test]
fn webhook_findings_point_where_written() {
    let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  petAdded:\n    post:\n      parameters:\n        - {name: 'bad header', in: header, schema: {type: string}}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              anyOf:\n                - $ref: '#/components/schemas/Pett'\n                - type: 'null'\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    Pet: {type: object}\n";
    let found = errors(yaml);
    let at = |needle: &str| {
        let d = found.iter().find(|d| d.message.contains(needle)).unwrap_or_else(|| panic!("{needle}: {found:?}"));
        (d.severity, d.location.pointer.clone(), d.location.line_col.map(|(line, _)| line))
    };
    assert_eq!(
        at("dangling reference"),
        (Severity::Error, "/webhooks/petAdded/post/requestBody/content/application~1json/schema/anyOf/0/$ref".into(), Some(13))
    );
    assert_eq!(at("not a valid HTTP header name"), (Severity::Error, "/webhooks/petAdded/post/parameters/0".into(), Some(7)));
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-webhooks:\n  ping:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pong'}\n      responses: {'200': {description: ok}}\n  empty: {}\n";
    let found = errors(yaml);
    let at = |needle: &str| {
        let d = found.iter().find(|d| d.message.contains(needle)).unwrap_or_else(|| panic!("{needle}: {found:?}"));
        (d.severity, d.location.pointer.clone(), d.location.line_col.map(|(line, _)| line))
    };
    assert_eq!(
        at("dangling reference"),
        (Severity::Error, "/x-webhooks/ping/post/requestBody/content/application~1json/schema/$ref".into(), Some(10))
    );
    assert_eq!(at("has no operation"), (Severity::Warning, "/x-webhooks/empty".into(), Some(12)));
}
