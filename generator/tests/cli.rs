//! The command line on a copy of the repository: `generate` is idempotent, `check` catches hand
//! edits, a bad spec changes nothing on disk and exits 2.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn generator(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator")).args(args).current_dir(dir).output().expect("the generator runs")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of `spec/` and `generated-client/` in a temporary directory.
fn repo_copy() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    copy_dir(&root.join("spec"), &dir.join("spec"));
    copy_dir(&root.join("generated-client"), &dir.join("generated-client"));
    (tmp, dir)
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generate_twice_is_byte_identical_and_check_passes() {
    let (_tmp, dir) = repo_copy();
    let gen = dir.join("generated-client");
    fs::remove_dir_all(&gen).unwrap();
    assert!(generator(&dir, &["generate"]).status.success());
    let first = snapshot(&gen);
    assert!(generator(&dir, &["generate"]).status.success());
    assert_eq!(snapshot(&gen), first);
    let check = generator(&dir, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn check_fails_after_a_hand_edit_and_passes_after_generate() {
    let (_tmp, dir) = repo_copy();
    let file = dir.join("generated-client/botpress/src/types.rs");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n// a hand edit\n");
    fs::write(&file, text).unwrap();
    fs::write(dir.join("generated-client/botpress/src/extra.rs"), "// stray").unwrap();

    let check = generator(&dir, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("botpress/src/types.rs: differs"), "{stderr}");
    assert!(stderr.contains("-// a hand edit"), "a short diff is shown: {stderr}");
    assert!(stderr.contains("botpress/src/extra.rs: no longer generated"), "{stderr}");

    assert!(generator(&dir, &["generate"]).status.success());
    assert_eq!(generator(&dir, &["check"]).status.code(), Some(0));
}

#[test]
fn a_bad_spec_leaves_the_output_untouched() {
    let (_tmp, dir) = repo_copy();
    let gen = dir.join("generated-client");
    let before = snapshot(&gen);
    let spec = dir.join("spec/botpress.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(&spec, text.replacen("$ref: '#/components/schemas/User'", "$ref: '#/components/schemas/Usr'", 1)).unwrap();

    let out = generator(&dir, &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("spec/botpress.yaml:"), "names the file and line: {stderr}");
    assert!(stderr.contains("#/components/schemas/Usr"), "{stderr}");
    assert_eq!(snapshot(&gen), before, "nothing on disk changed");

    fs::write(&spec, "openapi: 3.0.3\ninfo: [\n").unwrap();
    let out = generator(&dir, &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("spec/botpress.yaml:2:"));
    assert_eq!(snapshot(&gen), before);
}

#[test]
fn generates_any_spec_anywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic.yaml");
    let out_dir = tmp.path().join("my-client");
    let out = Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(["generate", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out_dir)
        .args(["--name", "my-client"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let manifest = fs::read_to_string(out_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-client\""));
    assert!(out_dir.join("src/lib.rs").is_file());
}
