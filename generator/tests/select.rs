//! Choosing what to generate, through the command line: `--operations`, `--tags`, `--paths` and
//! their `--exclude-*`, the same keys in `spec/clients.toml`, `check` against a crate generated
//! with another selection, `diff` of the selected operations; and a selection of 50 operations
//! out of a document of Microsoft Graph's shape and size.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../benches/synth.rs"]
mod synth;

fn generator(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator")).args(args).current_dir(dir).output().expect("the generator runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `tests/select/directory.yaml`: users (`users.list`, `users.get`, `users.delete`, also tagged
/// admin), their mail (`users.messages.list`, `users.messages.send`), `admin.audit`.
fn directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/select/directory.yaml")
}

/// The `Client` methods a generated crate's README lists.
fn methods(out: &Path) -> Vec<String> {
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    let mut methods: Vec<String> =
        readme.lines().filter(|l| l.starts_with("| ") && l.ends_with("` |")).filter_map(|l| l.rsplit('`').nth(1).map(str::to_string)).collect();
    methods.sort();
    methods
}

#[test]
fn flags_select_operations_and_the_types_they_reach() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("directory");
    let spec = directory();
    let args = [
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--paths",
        "/users/",
        "--exclude-tags",
        "admin",
        "--exclude-operations",
        "*.send",
    ];
    let run = generator(tmp.path(), &args);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(methods(&out), ["users_get", "users_list", "users_messages_list"]);
    let types = fs::read_to_string(out.join("src/types.rs")).unwrap();
    for kept in ["pub struct User ", "pub struct Message ", "pub enum Folder ", "pub struct Problem "] {
        assert!(types.contains(kept), "{kept} is reached");
    }
    let everything: String = ["src/types.rs", "src/types/unused.rs"].iter().filter_map(|f| fs::read_to_string(out.join(f)).ok()).collect();
    for dropped in ["AuditEntry", "MailboxSettings"] {
        assert!(!everything.contains(dropped), "{dropped} is reached by no selected operation: not generated at all");
    }
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains(r#"# selection: paths = ["/users/"], exclude-operations = ["*.send"], exclude-tags = ["admin"]"#), "{manifest}");
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(
        readme.contains("## A selection of the API") && readme.contains("--paths /users/ --exclude-operations '*.send' --exclude-tags admin"),
        "{readme}"
    );
    // `check` with the same flags: up to date.
    let mut check = args;
    check[0] = "check";
    let run = generator(tmp.path(), &check);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

#[test]
fn a_selector_that_matches_nothing_is_a_warning_and_a_selection_that_matches_nothing_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("directory");
    let spec = directory();
    let (spec, out_s) = (spec.to_str().unwrap(), out.to_str().unwrap());
    let run = generator(tmp.path(), &["generate", "--spec", spec, "--out", out_s, "--tags", "mail", "--tags", "mial"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let said = stderr(&run);
    assert!(
        said.contains("warning") && said.contains("the selector `--tags mial` matches no operation") && said.contains("did you mean `mail`?"),
        "{said}"
    );
    assert_eq!(methods(&out), ["users_messages_list", "users_messages_send"]);

    let elsewhere = tmp.path().join("none");
    let run = generator(tmp.path(), &["generate", "--spec", spec, "--out", elsewhere.to_str().unwrap(), "--operations", "groups.*"]);
    assert_eq!(run.status.code(), Some(2));
    let said = stderr(&run);
    assert!(said.contains("the selection `--operations 'groups.*'` matches none of the document's 6 operations"), "{said}");
    assert!(!elsewhere.exists(), "nothing is written");
}

/// A project whose `spec/clients.toml` generates the directory with `selection` (TOML lines).
fn project(selection: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("spec")).unwrap();
    fs::copy(directory(), tmp.path().join("spec/directory.yaml")).unwrap();
    write_config(tmp.path(), selection);
    tmp
}

fn write_config(root: &Path, selection: &str) {
    let config = format!(
        "[[client]]\nspec = \"directory.yaml\"\nout = \"../generated/directory\"\nname = \"directory-client\"\nversion = \"0.1.0\"\n{selection}"
    );
    fs::write(root.join("spec/clients.toml"), config).unwrap();
}

#[test]
fn clients_toml_selects_and_check_tells_another_selection() {
    let tmp = project("tags = [\"mail\"]\nexclude-operations = [\"*.send\"]\n");
    let root = tmp.path();
    let run = generator(root, &["generate"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = root.join("generated/directory");
    assert_eq!(methods(&out), ["users_messages_list"]);
    let run = generator(root, &["check"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));

    // `diff` of the configuration's spec narrows both sides to its client's selection: a new
    // field of the audit entry (an admin type) is not reported, a new field of an address is.
    let new = root.join("new.yaml");
    let text = fs::read_to_string(directory())
        .unwrap()
        .replace("        action: {type: string}", "        action: {type: string}\n        at: {type: string}")
        .replace("        email: {type: string}", "        email: {type: string}\n        display: {type: string}");
    fs::write(&new, text).unwrap();
    let run = generator(root, &["diff", "spec/directory.yaml", "new.yaml"]);
    let report = String::from_utf8_lossy(&run.stdout).into_owned();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(report.contains(r#"of both: tags = ["mail"], exclude-operations = ["*.send"]"#), "{report}");
    assert!(report.contains("display") && !report.contains("`at`") && !report.contains("AuditEntry"), "{report}");

    // The checked-in crate was generated with another selection than the configuration's now.
    write_config(root, "tags = [\"users\"]\n");
    let run = generator(root, &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let said = stderr(&run);
    assert!(said.contains("was generated from another selection of operations"), "{said}");
    assert!(said.contains(r#"on disk: tags = ["mail"], exclude-operations = ["*.send"]"#) && said.contains(r#"now:     tags = ["users"]"#), "{said}");
    // And with no selection at all.
    write_config(root, "");
    let said = stderr(&generator(root, &["check"]));
    assert!(said.contains("now:     every operation"), "{said}");

    // Flags select one spec: with the configuration they are refused, not silently ignored.
    let run = generator(root, &["generate", "--tags", "users"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("apply to one spec (--spec and --out)"), "{}", stderr(&run));
    // A misspelt key is refused with where it is.
    write_config(root, "exclude_tags = [\"admin\"]\n");
    let run = generator(root, &["check"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("unknown field `exclude_tags`"), "{}", stderr(&run));
}

#[test]
fn diff_compares_the_selected_operations_of_both_sides() {
    let tmp = tempfile::tempdir().unwrap();
    let old = directory();
    let new = tmp.path().join("new.yaml");
    // A breaking change outside the mail operations (the audit entry's `action` becomes an
    // integer) and a safe one inside (a new optional field of an address).
    let text = fs::read_to_string(&old)
        .unwrap()
        .replace("        action: {type: string}", "        action: {type: integer}")
        .replace("        email: {type: string}", "        email: {type: string}\n        name: {type: string}");
    fs::write(&new, text).unwrap();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let all = generator(tmp.path(), &["diff", old, new, "--format", "json"]);
    let all = String::from_utf8_lossy(&all.stdout).into_owned();
    assert!(all.contains("AuditEntry") || all.contains("action"), "{all}");
    let mail = generator(tmp.path(), &["diff", old, new, "--tags", "mail", "--fail-on", "breaking"]);
    let text = String::from_utf8_lossy(&mail.stdout).into_owned();
    assert_eq!(mail.status.code(), Some(0), "the breaking change is outside the selection: {text}");
    assert!(text.contains(r#"Only the selected operations, and the types they reach, of both: tags = ["mail"]"#), "{text}");
    assert!(text.contains("name") && !text.contains("action"), "{text}");
    let json = generator(tmp.path(), &["diff", old, new, "--tags", "mail", "--format", "json"]);
    assert!(String::from_utf8_lossy(&json.stdout).contains(r#""selection": "tags = [\"mail\"]""#));
}

/// 50 operations out of a document of Microsoft Graph's shape and size (11,466 operations, 21 MB):
/// the crate has those 50 and the types they reach, and it compiles (`cargo check`, when
/// `GENERATOR_COMPILE_SELECTION=1`: a minute on a cold cache, so by hand; BENCHMARKS.md).
#[test]
fn fifty_operations_of_a_graph_shaped_document() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("graph.yaml");
    fs::write(&spec, synth::graph(11_400)).unwrap();
    let out = tmp.path().join("graph-selection");
    // Two tags of 24 operations each (a navigation property and the three below it), and the
    // `$count` operations of the first two collections.
    let args = [
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--tags",
        "activitys.column7",
        "--tags",
        "apps.setting7",
        "--operations",
        "*.GetCount-1",
        "--operations",
        "*.GetCount-2",
    ];
    let run = generator(tmp.path(), &args);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(methods(&out).len(), 50, "{:?}", methods(&out));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("description = \"Async Rust client for 50 operations of the Graph-shaped synthetic API"), "{manifest}");
    let types = fs::read_to_string(out.join("src/types.rs")).unwrap();
    let count = types.matches("\npub struct ").count() + types.matches("\npub enum ").count();
    assert!(count < 400, "only the types 50 operations reach, not the document's thousands: {count}");
    if std::env::var_os("GENERATOR_COMPILE_SELECTION").is_some() {
        let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| tmp.path().join("target"));
        let check = Command::new(env!("CARGO")).args(["check", "--quiet"]).current_dir(&out).env("CARGO_TARGET_DIR", target).output().unwrap();
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    }
}

/// A selection is of operations: the document's webhooks are left out, with a warning, and so are
/// the schemas only they use.
#[test]
fn a_selection_leaves_the_webhooks_out() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webhooks_github.yaml");
    let mut settings = generator::CrateSettings {
        name: "hooks".into(),
        version: "0.1.0".into(),
        license: "MIT".into(),
        spec_display: "webhooks_github.yaml".into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    };
    let whole = generator::Generator::new(&settings).generate(generator::Spec::File(&spec)).unwrap();
    assert!(whole.files.iter().any(|(path, _)| path == "src/webhooks.rs"));
    settings.selection.operations = vec!["issues/get".into()];
    let selected = generator::Generator::new(&settings).generate(generator::Spec::File(&spec)).unwrap();
    assert!(!selected.files.iter().any(|(path, _)| path.contains("webhook")), "{:?}", selected.files.iter().map(|f| &f.0).collect::<Vec<_>>());
    let types = &selected.files.iter().find(|(path, _)| path == "src/types.rs").unwrap().1;
    assert!(types.contains("pub struct Issue ") && !types.contains("WebhookIssuesOpened"), "{types}");
    assert!(selected.warnings.iter().any(|w| w.message.contains("leaves out the document's 5 webhooks")), "{:?}", selected.warnings);
}
