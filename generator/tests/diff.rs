//! `generator diff`: one fixture pair per rule (`tests/diff/<rule>/{old,new}.yaml`) with its
//! expected class, snapshots of the three output formats on a realistic pair, renamed operations,
//! a pair where only descriptions changed, and the command line (exit codes, git revisions).

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::report::{self, Format};
use generator::diff::rules::{Impact, RULES};
use generator::diff::rust_api::{Bump, Kind};
use generator::diff::{self, spec, Report};

use Impact::{Breaking, PossiblyBreaking, Safe};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff").join(name)
}

fn load(path: &Path) -> generator::load::Document {
    generator::load::load(generator::Spec::File(path), &generator::LoadOptions::default()).unwrap_or_else(|d| panic!("{}: {d}", path.display()))
}

/// The spec-level changes of a fixture pair.
fn spec_changes(name: &str) -> Vec<spec::Change> {
    spec::compare(&load(&dir(name).join("old.yaml")), &load(&dir(name).join("new.yaml")))
}

/// The whole report of a fixture pair (both crates generated), named as the fixture.
fn report(name: &str) -> Report {
    let (old, new) = (dir(name).join("old.yaml"), dir(name).join("new.yaml"));
    let mut old = load(&old);
    let mut new = load(&new);
    old.path = PathBuf::from(format!("{name}/old.yaml"));
    new.path = PathBuf::from(format!("{name}/new.yaml"));
    diff::compare_documents(&old, &new, Some("example-client".into()), "0.1.0").unwrap_or_else(|d| panic!("{name}: {d}"))
}

fn show(changes: &[spec::Change]) -> String {
    changes.iter().map(|c| format!("  {} {:?} {} — {} ({})", c.rule, c.impact, c.message, c.reason, c.pointer)).collect::<Vec<_>>().join("\n")
}

/// (fixture, rule it exercises, expected class).
const RULE_FIXTURES: &[(&str, &str, Impact)] = &[
    ("operation-added", "operation-added", Safe),
    ("operation-removed", "operation-removed", Breaking),
    ("operation-renamed", "operation-renamed", Safe),
    ("operation-moved", "operation-moved", Breaking),
    ("operation-tags-changed", "operation-tags-changed", Safe),
    ("deprecation-changed", "deprecation-changed", Safe),
    ("webhook-added", "webhook-added", Safe),
    ("webhook-removed", "webhook-removed", PossiblyBreaking),
    ("parameter-added-required", "parameter-added-required", Breaking),
    ("parameter-added-optional", "parameter-added-optional", Safe),
    ("parameter-removed", "parameter-removed", PossiblyBreaking),
    ("parameter-required", "parameter-required", Breaking),
    ("parameter-optional", "parameter-optional", Safe),
    ("parameter-style-changed", "parameter-style-changed", Breaking),
    ("path-parameter-renamed", "path-parameter-renamed", Safe),
    ("request-body-added-required", "request-body-added-required", Breaking),
    ("request-body-added-optional", "request-body-added-optional", Safe),
    ("request-body-removed", "request-body-removed", PossiblyBreaking),
    ("request-body-required", "request-body-required", Breaking),
    ("request-body-optional", "request-body-optional", Safe),
    ("media-type-removed-request", "media-type-removed", Breaking),
    ("media-type-added-request", "media-type-added", Safe),
    ("media-type-added-response", "media-type-added", PossiblyBreaking),
    ("media-type-removed-response", "media-type-removed", Breaking),
    ("success-response-added", "success-response-added", PossiblyBreaking),
    ("success-response-removed", "success-response-removed", PossiblyBreaking),
    ("error-response-added", "error-response-added", Safe),
    ("error-response-removed", "error-response-removed", Safe),
    ("response-header-added", "response-header-added", Safe),
    ("response-header-removed", "response-header-removed", PossiblyBreaking),
    ("type-changed-request", "type-changed", Breaking),
    ("type-changed-response", "type-changed", Breaking),
    ("type-widened-request", "type-widened", Safe),
    ("type-widened-response", "type-widened", PossiblyBreaking),
    ("type-narrowed-request", "type-narrowed", Breaking),
    ("type-narrowed-response", "type-narrowed", Safe),
    ("format-widened-request", "format-widened", Safe),
    ("format-widened-response", "format-widened", PossiblyBreaking),
    ("format-narrowed-request", "format-narrowed", PossiblyBreaking),
    ("format-narrowed-response", "format-narrowed", Safe),
    ("format-changed-request", "format-changed", PossiblyBreaking),
    ("format-changed-response", "format-changed", PossiblyBreaking),
    ("enum-value-added-request", "enum-value-added", Safe),
    ("enum-value-added-response", "enum-value-added", PossiblyBreaking),
    ("enum-value-removed-request", "enum-value-removed", Breaking),
    ("enum-value-removed-response", "enum-value-removed", Safe),
    ("enum-restricted-request", "enum-restricted", Breaking),
    ("enum-restricted-response", "enum-restricted", Safe),
    ("enum-unrestricted-request", "enum-unrestricted", Safe),
    ("enum-unrestricted-response", "enum-unrestricted", PossiblyBreaking),
    ("nullable-added-request", "nullable-added", Safe),
    ("nullable-added-response", "nullable-added", Breaking),
    ("nullable-removed-request", "nullable-removed", Breaking),
    ("nullable-removed-response", "nullable-removed", Safe),
    ("constraint-tightened-request", "constraint-tightened", Breaking),
    ("constraint-tightened-response", "constraint-tightened", Safe),
    ("constraint-tightened-minimum", "constraint-tightened", Breaking),
    ("constraint-tightened-max-items", "constraint-tightened", Breaking),
    ("constraint-loosened-request", "constraint-loosened", Safe),
    ("constraint-loosened-response", "constraint-loosened", PossiblyBreaking),
    ("pattern-changed-request", "pattern-changed", PossiblyBreaking),
    ("default-changed-request", "default-changed", PossiblyBreaking),
    ("default-added", "default-added", Safe),
    ("property-added-required-request", "property-added-required", Breaking),
    ("property-added-required-response", "property-added-required", Safe),
    ("property-added-optional-request", "property-added-optional", Safe),
    ("property-added-optional-response", "property-added-optional", Safe),
    ("property-removed-required-response", "property-removed-required", Breaking),
    ("property-removed-required-request", "property-removed-required", PossiblyBreaking),
    ("property-removed-optional-response", "property-removed-optional", PossiblyBreaking),
    ("property-required-request", "property-required", Breaking),
    ("property-required-response", "property-required", Safe),
    ("property-optional-request", "property-optional", Safe),
    ("property-optional-response", "property-optional", Breaking),
    ("additional-properties-restricted-request", "additional-properties-restricted", Breaking),
    ("additional-properties-allowed-request", "additional-properties-allowed", Safe),
    ("union-branch-added-response", "union-branch-added", Breaking),
    ("union-branch-added-request", "union-branch-added", Safe),
    ("union-branch-removed-request", "union-branch-removed", Breaking),
    ("union-branch-removed-response", "union-branch-removed", Safe),
    ("all-of-member-removed-response", "all-of-member-removed", Breaking),
    ("all-of-member-added-response", "all-of-member-added", Safe),
    ("access-changed", "access-changed", PossiblyBreaking),
    ("reference-changed", "reference-changed", Safe),
    ("schema-changed", "schema-changed", PossiblyBreaking),
    ("security-required", "security-required", Breaking),
    ("security-removed", "security-removed", Safe),
    ("security-alternative-added", "security-alternative-added", Safe),
    ("security-alternative-removed", "security-alternative-removed", Breaking),
    ("security-scopes-changed", "security-scopes-changed", PossiblyBreaking),
    ("security-scheme-changed", "security-scheme-changed", Breaking),
    ("component-added", "component-added", Safe),
    ("component-removed", "component-removed", Safe),
    ("server-changed", "server-changed", PossiblyBreaking),
    ("api-version-changed", "api-version-changed", Safe),
    ("openapi-version-changed", "openapi-version-changed", Safe),
    ("documentation-changed", "documentation-changed", Safe),
    ("extension-changed", "extension-changed", Safe),
    ("other-changed", "other-changed", PossiblyBreaking),
];

#[test]
fn every_rule_is_classed_as_expected() {
    let mut failures = Vec::new();
    for (fixture, rule, expected) in RULE_FIXTURES {
        let changes = spec_changes(fixture);
        let found: Vec<&spec::Change> = changes.iter().filter(|c| c.rule == *rule).collect();
        if found.is_empty() {
            failures.push(format!("{fixture}: no `{rule}` change; found:\n{}", show(&changes)));
        } else if !found.iter().any(|c| c.impact == *expected) {
            failures.push(format!("{fixture}: `{rule}` is not {expected:?}:\n{}", show(&changes)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_rule_has_a_fixture() {
    let missing: Vec<&str> = RULES.iter().map(|r| r.id).filter(|id| !RULE_FIXTURES.iter().any(|(_, r, _)| r == id)).collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
    for (fixture, _, _) in RULE_FIXTURES {
        assert!(dir(fixture).join("old.yaml").is_file() && dir(fixture).join("new.yaml").is_file(), "{fixture}");
    }
}

/// (fixture, the semver bump of the generated Rust API): what the compiler would say of a
/// caller's code. Structs and enums are `#[non_exhaustive]` and callers build structs with
/// constructors and setters, so a new optional field or enum value is an addition.
const RUST_BUMPS: &[(&str, Bump)] = &[
    ("property-added-optional-request", Bump::Minor),
    ("property-added-optional-response", Bump::Minor),
    ("property-added-required-request", Bump::Major),
    ("property-added-required-response", Bump::Minor),
    ("property-removed-optional-response", Bump::Major),
    ("enum-value-added-request", Bump::Minor),
    ("enum-value-added-response", Bump::Minor),
    ("enum-value-removed-response", Bump::Major),
    ("union-branch-added-response", Bump::Minor),
    ("parameter-added-optional", Bump::Minor),
    ("parameter-added-required", Bump::Major),
    ("operation-added", Bump::Minor),
    ("operation-removed", Bump::Major),
    // A webhook is a variant of the `#[non_exhaustive]` `webhooks::Event`.
    ("webhook-added", Bump::Minor),
    ("webhook-removed", Bump::Major),
];

#[test]
fn rust_api_bumps_agree_with_the_compiler() {
    let mut failures = Vec::new();
    for (fixture, expected) in RUST_BUMPS {
        let r = report(fixture);
        if r.rust.bump != *expected {
            failures.push(format!("{fixture}: {:?}, expected {expected:?}:\n{:#?}", r.rust.bump, r.rust.changes));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A webhook's payload flows from the API to the receiver, as a response does: a property it no
/// longer promises breaks the receiver, and the change names the webhook that sends it, at the
/// line it is written (a 3.1 `webhooks`, carried in `x-webhooks`).
#[test]
fn a_webhook_payload_is_compared_as_a_response() {
    let changes = spec_changes("webhook-payload-changed");
    let change = changes.iter().find(|c| c.rule == "property-optional").unwrap_or_else(|| panic!("{}", show(&changes)));
    assert_eq!(change.impact, Breaking, "{}", show(&changes));
    assert_eq!(change.flow, Some(spec::Flow::Response));
    assert_eq!(change.used_by, ["webhook `itemCreated`"]);
    let added = spec_changes("webhook-added");
    let added = added.iter().find(|c| c.rule == "webhook-added").unwrap();
    assert_eq!(added.operation.as_deref(), Some("webhook `itemDeleted` (POST)"));
    assert_eq!((added.pointer.as_str(), added.line), ("/x-webhooks/itemDeleted/post", Some(30)), "the operation as written under `webhooks`");
    let r = report("webhook-removed");
    let removed = r.rust.changes.iter().find(|c| c.item == "webhooks::Event::ItemDeleted").unwrap_or_else(|| panic!("{:#?}", r.rust.changes));
    assert_eq!(removed.bump, Bump::Major);
}

#[test]
fn a_new_optional_field_of_a_built_struct_is_a_field_and_a_setter() {
    let r = report("property-added-optional-request");
    let added = |item: &str| r.rust.changes.iter().find(|c| c.item == item && c.kind == Kind::Added).map(|c| c.bump);
    assert_eq!(added("types::NewItem.color"), Some(Bump::Minor), "{:#?}", r.rust.changes);
    assert_eq!(added("types::NewItem::color"), Some(Bump::Minor), "{:#?}", r.rust.changes);
    // The required field is the constructor's argument: making one required changes it.
    let r = report("property-added-required-request");
    assert!(
        r.rust.changes.iter().any(|c| c.item == "types::NewItem::new" && c.kind == Kind::Changed && c.bump == Bump::Major),
        "{:#?}",
        r.rust.changes
    );
}

#[test]
fn a_new_enum_value_in_a_response_is_a_new_variant() {
    let r = report("enum-value-added-response");
    assert!(
        r.rust.changes.iter().any(|c| c.kind == Kind::Added && c.bump == Bump::Minor && c.reason.contains("#[non_exhaustive]")),
        "{:#?}",
        r.rust.changes
    );
}

/// The renderings compared in snapshots: text without colour, Markdown, JSON.
fn render_all(report: &Report) -> (String, String, String) {
    (report::render(report, Format::Text, false), report::render(report, Format::Markdown, false), report::render(report, Format::Json, false))
}

#[test]
fn realistic_pair_in_three_formats() {
    let r = report("realistic");
    let (text, markdown, json) = render_all(&r);
    insta::assert_snapshot!("realistic_text", text);
    insta::assert_snapshot!("realistic_markdown", markdown);
    insta::assert_snapshot!("realistic_json", json);
    // The verdict comes first, and the JSON is the report.
    assert!(text.lines().nth(2).is_some_and(|l| l.contains("4 breaking")), "{text}");
    assert!(markdown.contains("| 🔴 Breaking for HTTP callers | **4** |"), "{markdown}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["rust"]["next_version"], "0.2.0");
    assert_eq!(r.worst(), Some(Breaking));
}

#[test]
fn renamed_operations_are_safe_on_the_wire_and_major_in_rust() {
    let r = report("renamed-operations");
    assert!(r.changes.iter().all(|c| c.rule == "operation-renamed" && c.impact == Safe), "{}", show(&r.changes));
    assert_eq!(r.changes.len(), 2);
    let renamed = |item: &str| r.rust.changes.iter().any(|c| c.kind == Kind::Renamed && c.item == item);
    assert!(renamed("Client::fetch_user") && renamed("operations::FetchUser"), "{:#?}", r.rust.changes);
    assert!(renamed("Client::post_message") && renamed("operations::PostMessage"), "{:#?}", r.rust.changes);
    assert!(!r.rust.changes.iter().any(|c| c.kind == Kind::Removed || c.kind == Kind::Added), "renames are not removals: {:#?}", r.rust.changes);
    assert_eq!((r.rust.bump, r.rust.next_version.as_str()), (Bump::Major, "0.2.0"));
    insta::assert_snapshot!("renamed_operations", report::render(&r, Format::Text, false));
}

#[test]
fn descriptions_only_break_nothing() {
    let r = report("descriptions-only");
    assert!(!r.changes.is_empty());
    assert!(r.changes.iter().all(|c| c.rule == "documentation-changed" && c.impact == Safe), "{}", show(&r.changes));
    assert!(r.rust.changes.iter().all(|c| c.kind == Kind::Documentation), "{:#?}", r.rust.changes);
    assert_eq!((r.rust.bump, r.rust.next_version.as_str()), (Bump::Patch, "0.1.1"));
    insta::assert_snapshot!("descriptions_only", report::render(&r, Format::Text, false));
}

#[test]
fn a_shared_component_is_reported_once() {
    let changes = spec_changes("shared-component");
    assert_eq!(changes.len(), 2, "{}", show(&changes));
    let tags = changes.iter().find(|c| c.component.as_deref() == Some("schemas/Tags")).expect("Tags changed");
    assert_eq!((tags.rule, tags.impact, tags.flow), ("constraint-tightened", Breaking, Some(spec::Flow::Both)));
    assert_eq!(tags.used_by.len(), 4, "{:?}", tags.used_by);
    let bot_id = changes.iter().find(|c| c.component.as_deref() == Some("parameters/botId")).expect("botId changed");
    assert_eq!(bot_id.used_by.len(), 6, "every operation uses it: {:?}", bot_id.used_by);
    assert!(bot_id.message.starts_with("parameter `x-bot-id`"), "{}", bot_id.message);
}

#[test]
fn identical_documents_have_no_changes() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/botpress.yaml");
    let doc = load(&spec);
    let r = diff::compare_documents(&doc, &doc, None, "0.1.0").unwrap();
    assert!(r.is_empty(), "{:#?}", r.changes);
    assert_eq!(r.rust.next_version, "0.1.0");
    assert!(report::render(&r, Format::Text, false).contains("Nothing changed"));
}

// ---- The command line.

fn generator(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_generator")).arg("diff").args(args).current_dir(dir).output().expect("the generator runs");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn pair(name: &str) -> [String; 2] {
    [dir(name).join("old.yaml").display().to_string(), dir(name).join("new.yaml").display().to_string()]
}

#[test]
fn exit_codes_follow_fail_on() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let [old, new] = pair("realistic");
    let (code, stdout, _) = generator(here, &[&old, &new]);
    assert_eq!(code, Some(0), "a report alone does not fail");
    assert!(!stdout.contains('\x1b'), "no colour when not on a terminal");
    assert_eq!(generator(here, &[&old, &new, "--fail-on", "breaking"]).0, Some(1));
    assert_eq!(generator(here, &[&old, &new, "--fail-on", "possibly-breaking"]).0, Some(1));

    let [old, new] = pair("enum-value-added-response");
    assert_eq!(generator(here, &[&old, &new, "--fail-on", "breaking"]).0, Some(0), "possibly breaking is not breaking");
    assert_eq!(generator(here, &[&old, &new, "--fail-on", "possibly-breaking"]).0, Some(1));

    let [old, new] = pair("descriptions-only");
    assert_eq!(generator(here, &[&old, &new, "--fail-on", "possibly-breaking"]).0, Some(0));

    let (code, stdout, _) = generator(here, &[&old, &old, "--fail-on", "possibly-breaking", "--format", "markdown"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Nothing changed"), "{stdout}");
}

#[test]
fn bad_input_exits_2_with_the_loaders_message() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let [old, _] = pair("realistic");
    let (code, _, stderr) = generator(here, &[&old, "tests/bad/yaml_syntax.yaml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("yaml_syntax.yaml:") && stderr.contains("help:"), "{stderr}");
    let (code, _, stderr) = generator(here, &["no/such/spec.yaml", &old]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read the spec"), "{stderr}");
    let (code, _, stderr) = generator(here, &["no-such-revision:spec/botpress.yaml", &old]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("at revision `no-such-revision`"), "{stderr}");
    let (code, _, _) = generator(here, &[&old, &old, "--crate-version", "one"]);
    assert_eq!(code, Some(2));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn git_revisions_and_the_repositorys_crate_version() {
    // A repository with this project's layout: spec/clients.toml names the crate and its version.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let spec_dir = root.join("spec");
    std::fs::create_dir_all(&spec_dir).unwrap();
    let real = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/botpress.yaml")).unwrap();
    std::fs::write(spec_dir.join("botpress.yaml"), &real).unwrap();
    std::fs::write(
        spec_dir.join("clients.toml"),
        "[[client]]\nspec = \"botpress.yaml\"\nout = \"../generated-client/botpress\"\nname = \"botpress-client\"\nversion = \"0.3.1\"\n",
    )
    .unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "spec"]);

    let (code, stdout, stderr) = generator(root, &["main:spec/botpress.yaml", "spec/botpress.yaml"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("Nothing changed"), "{stdout}");

    // Rename one operation in the working tree.
    assert!(real.contains("operationId: getUser\n"));
    std::fs::write(spec_dir.join("botpress.yaml"), real.replacen("operationId: getUser\n", "operationId: fetchUser\n", 1)).unwrap();
    let (code, stdout, stderr) = generator(root, &["main:spec/botpress.yaml", "spec/botpress.yaml", "--fail-on", "breaking"]);
    assert_eq!(code, Some(0), "a rename breaks no HTTP caller: {stdout}{stderr}");
    assert!(stdout.contains("operationId `getUser` is now `fetchUser`"), "{stdout}");
    assert!(stdout.contains("renamed Client::fetch_user"), "{stdout}");
    assert!(stdout.contains("botpress-client") && stdout.contains("0.3.1 → 0.4.0"), "{stdout}");

    // From a subfolder, `REV:./PATH` is relative to it; --crate-version wins over clients.toml.
    let (code, stdout, stderr) = generator(&spec_dir, &["main:./botpress.yaml", "botpress.yaml", "--crate-version", "1.4.2", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["rust"]["next_version"], "2.0.0");
    assert_eq!(value["changes"][0]["rule"], "operation-renamed");
}

#[test]
fn a_spec_in_several_files_is_compared_whole_even_at_a_git_revision() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let spec_dir = root.join("spec");
    for file in [
        "multi_file.yaml",
        "multi_file/common.yaml",
        "multi_file/paths/pets.yaml",
        "multi_file/paths/pet.yaml",
        "multi_file/schemas/Pet.yaml",
        "multi_file/schemas/Owner.yaml",
    ] {
        let to = spec_dir.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixtures.join(file), to).unwrap();
    }
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "spec"]);
    let (code, stdout, stderr) = generator(root, &["main:spec/multi_file.yaml", "spec/multi_file.yaml"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("Nothing changed"), "{stdout}");

    // A change in a referenced file, two folders down, is a change of the spec.
    let pet = spec_dir.join("multi_file/schemas/Pet.yaml");
    let text = std::fs::read_to_string(&pet).unwrap();
    std::fs::write(&pet, text.replace("required: [id, name]", "required: [id, name, tags]")).unwrap();
    for (dir, old, new) in
        [(root.to_path_buf(), "main:spec/multi_file.yaml", "spec/multi_file.yaml"), (spec_dir.clone(), "main:./multi_file.yaml", "multi_file.yaml")]
    {
        let (code, stdout, stderr) = generator(&dir, &[old, new, "--fail-on", "breaking"]);
        assert_eq!(code, Some(1), "a newly required request field breaks callers: {stdout}{stderr}");
        assert!(stdout.contains("tags"), "{stdout}");
    }
}

#[test]
fn a_reference_out_of_the_folder_at_a_git_revision_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("api")).unwrap();
    std::fs::write(root.join("api/root.yaml"), "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    $ref: '../secret.yaml'\n")
        .unwrap();
    std::fs::write(root.join("secret.yaml"), "SECRET-TOKEN: [not yaml\n").unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "spec"]);
    let (code, _, stderr) = generator(root, &["main:api/root.yaml", "main:api/root.yaml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("reference `../secret.yaml` leads outside `api`"), "{stderr}");
    assert!(!stderr.contains("SECRET"), "nothing of the file outside is read: {stderr}");
    // Allowed on purpose (a path in the repository), it is read at the revision.
    let (_, _, stderr) = generator(root, &["main:api/root.yaml", "main:api/root.yaml", "--allow-refs", "."]);
    assert!(stderr.contains("main:secret.yaml"), "{stderr}");
}
