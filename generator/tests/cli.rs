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

/// A spec in `api/` whose path item is in the sibling folder `shared/`.
fn spec_with_a_sibling_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("api")).unwrap();
    fs::create_dir(tmp.path().join("shared")).unwrap();
    fs::write(
        tmp.path().join("api/root.yaml"),
        "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    $ref: '../shared/pets.yaml'\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("shared/pets.yaml"),
        "get:\n  operationId: listPets\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {type: array, items: {type: string}}\n",
    )
    .unwrap();
    tmp
}

#[test]
fn allow_refs_lets_a_sibling_folder_in() {
    let tmp = spec_with_a_sibling_folder();
    let dir = tmp.path();
    let refused = generator(dir, &["generate", "--spec", "api/root.yaml", "--out", "out"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("api/root.yaml:5:11: reference `../shared/pets.yaml` leads outside `api`"), "{stderr}");
    assert!(stderr.contains("--allow-refs DIR"), "says how to allow it: {stderr}");
    assert!(!dir.join("out").exists(), "nothing was written");

    let allowed = generator(dir, &["generate", "--spec", "api/root.yaml", "--out", "out", "--allow-refs", "shared"]);
    assert!(allowed.status.success(), "{}", String::from_utf8_lossy(&allowed.stderr));
    let operations = fs::read_to_string(dir.join("out/src/operations/general.rs")).unwrap();
    assert!(operations.contains("pub fn list_pets("), "{operations}");

    // Every command that loads specs takes it.
    let check = generator(dir, &["check", "--spec", "api/root.yaml", "--out", "out", "--allow-refs", "shared"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let diff = generator(dir, &["diff", "api/root.yaml", "api/root.yaml", "--allow-refs", "shared"]);
    assert!(diff.status.success(), "{}", String::from_utf8_lossy(&diff.stderr));
    let lint = generator(dir, &["lint", "api/root.yaml", "--allow-refs", "shared"]);
    assert!(!String::from_utf8_lossy(&lint.stderr).contains("leads outside"), "{}", String::from_utf8_lossy(&lint.stderr));
    for command in ["check", "diff", "lint"] {
        let args: &[&str] = match command {
            "check" => &["check", "--spec", "api/root.yaml", "--out", "out"],
            "diff" => &["diff", "api/root.yaml", "api/root.yaml"],
            _ => &["lint", "api/root.yaml"],
        };
        let out = generator(dir, args);
        assert!(String::from_utf8_lossy(&out.stderr).contains("leads outside `api`"), "{command} refuses it without the flag");
    }

    let not_a_folder = generator(dir, &["generate", "--spec", "api/root.yaml", "--out", "out", "--allow-refs", "nowhere"]);
    assert_eq!(not_a_folder.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_a_folder.stderr).contains("`nowhere` is not a folder"));
}

#[test]
fn clients_toml_paths_stay_in_the_project() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    fs::create_dir_all(project.join("spec")).unwrap();
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic.yaml"), tmp.path().join("outside.yaml")).unwrap();
    let config = |spec: &str, out: &str| {
        fs::write(
            project.join("spec/clients.toml"),
            format!("[[client]]\nspec = \"{spec}\"\nout = \"{out}\"\nname = \"x-client\"\nversion = \"0.1.0\"\n"),
        )
        .unwrap();
    };
    config("../../outside.yaml", "../generated/x");
    let out = generator(&project, &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("spec/clients.toml:2:8: `spec = \"../../outside.yaml\"` leads outside"), "{stderr}");
    assert!(stderr.contains("the project folder"), "{stderr}");

    let elsewhere = tmp.path().join("elsewhere");
    fs::copy(tmp.path().join("outside.yaml"), project.join("spec/basic.yaml")).unwrap();
    config("basic.yaml", &elsewhere.display().to_string());
    let out = generator(&project, &["generate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`out = "), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!elsewhere.exists(), "nothing was written outside");

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&elsewhere, project.join("linked")).unwrap();
        config("basic.yaml", "../linked/x");
        let out = generator(&project, &["generate"]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("leads through a symbolic link"), "{}", String::from_utf8_lossy(&out.stderr));
    }

    config("basic.yaml", "../generated/x");
    let out = generator(&project, &["generate"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(project.join("generated/x/src/lib.rs").is_file());
}
