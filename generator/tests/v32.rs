//! OpenAPI 3.2 read like 3.0 and 3.1: a 3.1 document (with the extensions that say the same
//! before 3.2) and its 3.2 rewrite (`itemSchema`, `query`) generate the same crate and `diff`
//! finds only the version between them; `lint` runs on 3.2; every diagnostic about a node the
//! loader moved points where it was written; what 3.2 forbids is an error at its node.

use std::path::{Path, PathBuf};

use generator::{CrateSettings, Severity};

fn pair() -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/openapi-3-2");
    (dir.join("old.yaml"), dir.join("new.yaml"))
}

fn settings() -> CrateSettings {
    CrateSettings {
        name: "feed-client".into(),
        version: "0.1.0".into(),
        license: "MIT".into(),
        spec_display: "feed.yaml".into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    }
}

#[test]
fn a_3_1_document_and_its_3_2_rewrite_generate_the_same_crate() {
    let (old, new) = pair();
    let v31 = generator::Generator::new(&settings()).generate(generator::Spec::File(&old)).unwrap_or_else(|e| panic!("{e}"));
    let v32 = generator::Generator::new(&settings()).generate(generator::Spec::File(&new)).unwrap_or_else(|e| panic!("{e}"));
    assert!(v31.warnings.is_empty() && v32.warnings.is_empty(), "{:?} {:?}", v31.warnings, v32.warnings);
    assert_eq!(v31.files.len(), v32.files.len());
    for ((path, a), (_, b)) in v31.files.iter().zip(&v32.files) {
        assert!(a == b, "{path} differs:\n{}", similar::TextDiff::from_lines(a, b).unified_diff());
    }
    let operations = &v32.files.iter().find(|(p, _)| p == "src/operations/general.rs").unwrap().1;
    assert!(operations.contains("Result<crate::lines::JsonLines<types::Item>>"), "{operations}");
    assert!(operations.contains("Method::from_bytes(b\"QUERY\")"), "{operations}");
}

#[test]
fn diff_across_3_1_and_3_2_finds_only_the_version() {
    let (old, new) = pair();
    let (old, new) = (
        generator::load::load(generator::Spec::File(&old), &generator::LoadOptions::default()).unwrap(),
        generator::load::load(generator::Spec::File(&new), &generator::LoadOptions::default()).unwrap(),
    );
    assert_eq!((old.openapi_version(), new.openapi_version()), ("3.1.0", "3.2.0"));
    let report = generator::diff::compare_documents(&old, &new, None, "0.1.0").unwrap();
    let changes: Vec<(&str, &str)> = report.changes.iter().map(|c| (c.rule, c.message.as_str())).collect();
    assert_eq!(changes, [("openapi-version-changed", "OpenAPI version 3.1.0 → 3.2.0")]);
    assert!(report.rust.changes.is_empty(), "{:?}", report.rust.changes);
}

#[test]
fn diff_sees_the_operations_of_other_methods() {
    let (_, new) = pair();
    let text = std::fs::read_to_string(&new).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let removed = dir.path().join("removed.yaml");
    // The `query` operation removed: a breaking change, named by its method.
    let start = text.find("    query:").unwrap();
    let end = text.find("components:").unwrap();
    std::fs::write(&removed, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (old, new) = (
        generator::load::load(generator::Spec::File(&new), &generator::LoadOptions::default()).unwrap(),
        generator::load::load(generator::Spec::File(&removed), &generator::LoadOptions::default()).unwrap(),
    );
    let changes = generator::diff::spec::compare(&old, &new);
    let removed: Vec<&str> = changes.iter().filter(|c| c.rule == "operation-removed").map(|c| c.message.as_str()).collect();
    assert_eq!(removed.len(), 1, "{changes:?}");
    let change = changes.iter().find(|c| c.rule == "operation-removed").unwrap();
    assert_eq!(change.operation.as_deref(), Some("QUERY /items (searchItems)"), "{change:?}");
    assert_eq!(change.line, Some(16), "where the `query` operation is written in the old document: {change:?}");
}

#[test]
fn lint_reads_3_2() {
    let (old, new) = pair();
    let findings = |p: &Path| {
        let doc = generator::load::load(generator::Spec::File(p), &generator::LoadOptions::default()).unwrap();
        generator::lint::lint(&doc).into_iter().map(|d| d.message).collect::<Vec<_>>()
    };
    assert_eq!(findings(&old), findings(&new));
}

#[test]
fn lint_sees_the_operations_of_other_methods() {
    let yaml = format!(
        "{HEAD}paths:\n  /a:\n    query:\n      summary: Find\n      description: Find things.\n      responses: {{'200': {{description: ok}}}}\n"
    );
    let doc = generator::load::load(generator::Spec::text(Path::new("api.yaml"), yaml), &generator::LoadOptions::default()).unwrap();
    let found = generator::lint::lint(&doc);
    let missing = found.iter().find(|d| d.message == "`QUERY /a` has no operationId").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(missing.location.pointer, "/paths/~1a/query");
}

fn findings(yaml: &str) -> Vec<generator::Diagnostic> {
    match generator::load::load(generator::Spec::text(Path::new("api.yaml"), yaml.to_string()), &generator::LoadOptions::default()) {
        Ok(doc) => generator::check::check(&doc),
        Err(e) => e.0,
    }
}

fn error_at<'d>(found: &'d [generator::Diagnostic], pointer: &str) -> &'d generator::Diagnostic {
    found
        .iter()
        .find(|d| d.severity == Severity::Error && d.location.pointer == pointer)
        .unwrap_or_else(|| panic!("no error at {pointer}: {found:#?}"))
}

const HEAD: &str = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\n";

/// A dangling reference in a `query` operation's `itemSchema`: both moved by the loader, the
/// message points at the line where it is written.
#[test]
fn findings_point_where_the_moved_node_was_written() {
    let yaml = format!(
        "{HEAD}paths:\n  /a:\n    query:\n      operationId: findA\n      responses:\n        '200':\n          content:\n            application/jsonl:\n              itemSchema:\n                $ref: '#/components/schemas/Nope'\n"
    );
    let found = findings(&yaml);
    let error = error_at(&found, "/paths/~1a/query/responses/200/content/application~1jsonl/itemSchema/$ref");
    assert_eq!(error.location.line_col, Some((12, 23)), "{error}");
    // The operation of an additional method, by its key.
    let yaml = format!(
        "{HEAD}paths:\n  /a:\n    additionalOperations:\n      LINK:\n        operationId: linkA\n        parameter: []\n        responses: {{'204': {{description: ok}}}}\n"
    );
    let found = findings(&yaml);
    let error = error_at(&found, "/paths/~1a/additionalOperations/LINK/parameter");
    assert_eq!(error.location.line_col, Some((8, 9)), "{error}");
    assert!(error.message.contains("an operation has no `parameter`"), "{error}");
}

#[test]
fn what_3_2_forbids_or_this_generator_cannot_write_is_an_error_at_its_node() {
    let yaml = format!(
        "{HEAD}tags:\n  - {{name: a, parent: b}}\npaths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: querystring\n          content: {{application/json: {{schema: {{type: object}}}}}}\n      responses: {{'200': {{description: ok}}}}\n    additionalOperations:\n      GET:\n        responses: {{'200': {{description: ok}}}}\n      'BAD METHOD':\n        responses: {{'200': {{description: ok}}}}\n"
    );
    let found = findings(&yaml);
    let error = error_at(&found, "/tags/0/parent");
    assert_eq!(error.location.line_col.map(|(line, _)| line), Some(4), "{error}");
    assert!(error.message.contains("tag parent `b` is not a tag"), "{error}");
    let error = error_at(&found, "/paths/~1a/get/parameters/0/content");
    assert_eq!(error.location.line_col.map(|(line, _)| line), Some(11), "{error}");
    let error = error_at(&found, "/paths/~1a/additionalOperations/GET");
    assert!(error.message.contains("has a field of its own"), "{error}");
    assert_eq!(error.location.line_col.map(|(line, _)| line), Some(15), "{error}");
    let error = error_at(&found, "/paths/~1a/additionalOperations/BAD METHOD");
    assert!(error.message.contains("not an HTTP method name"), "{error}");
}

#[test]
fn nested_tags_group_operations_by_their_top_tag() {
    let yaml = format!(
        "{HEAD}tags:\n  - {{name: Store, kind: nav}}\n  - {{name: Orders, parent: Store}}\n  - {{name: Refunds, parent: Orders}}\npaths:\n  /refunds:\n    get:\n      operationId: listRefunds\n      tags: [Refunds]\n      responses: {{'200': {{description: ok}}}}\n  /orders:\n    get:\n      operationId: listOrders\n      tags: [Orders]\n      responses: {{'200': {{description: ok}}}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    std::fs::write(&spec, yaml).unwrap();
    let crate_ = generator::Generator::new(&settings()).generate(generator::Spec::File(&spec)).unwrap_or_else(|e| panic!("{e}"));
    let modules: Vec<&str> = crate_.files.iter().map(|(p, _)| p.as_str()).filter(|p| p.starts_with("src/operations/")).collect();
    assert_eq!(modules, ["src/operations/mod.rs", "src/operations/store.rs"]);
}

#[test]
fn query_before_3_2_says_how_to_write_it() {
    let found = findings("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    query:\n      responses: {'200': {description: ok}}\n");
    let error = error_at(&found, "/paths/~1a/query");
    assert!(
        error.to_string().contains("set `openapi: 3.2.0`, or keep the version and write the operation under `x-oai-additionalOperations`"),
        "{error}"
    );
}

#[test]
fn an_unsupported_version_names_every_supported_one() {
    let found = findings("openapi: 3.3.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    let error = error_at(&found, "/openapi");
    assert!(error.to_string().contains("3.2.x"), "{error}");
}
