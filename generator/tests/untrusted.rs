//! Specs from someone else, read from disk as `generate` reads them: references that lead out of
//! the root document's folder are refused (with a message that quotes nothing of the file they
//! point at), and no file can make the loader wait or fill its memory. The escapes written in
//! the spec alone (`..`, an absolute path, a `file:` URL) also have their snapshots in `bad/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use generator::load::{self, Limits, LoadOptions};

/// A root document whose one path item is `$ref: reference`.
fn root_referencing(reference: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    $ref: '{reference}'\n")
}

/// A file outside the spec's folder that must never be read: not YAML, so that a message quoting
/// it would show its first line.
const SECRET: &str = "SECRET-TOKEN: [not yaml\n";

/// A temporary folder with `api/root.yaml` referencing `reference`, and `secret.yaml` beside `api/`.
fn spec_referencing(reference: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("api")).unwrap();
    fs::write(tmp.path().join("secret.yaml"), SECRET).unwrap();
    let root = tmp.path().join("api/root.yaml");
    fs::write(&root, root_referencing(reference)).unwrap();
    (tmp, root)
}

/// Loads `root` with `options` on another thread and fails if that takes more than ten seconds;
/// returns the message.
fn refused_promptly(root: &Path, options: LoadOptions) -> String {
    let (send, receive) = mpsc::channel();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        let _ = send.send(load::load(generator::Spec::File(&root), &options).map(|_| ()).map_err(|d| d.to_string()));
    });
    match receive.recv_timeout(Duration::from_secs(10)) {
        Ok(Err(message)) => message,
        Ok(Ok(())) => panic!("the spec should be refused"),
        Err(_) => panic!("loading did not finish within 10 s"),
    }
}

/// `message` with the temporary folder written as `[TMP]`.
fn without_tmp(message: &str, tmp: &tempfile::TempDir) -> String {
    let real = fs::canonicalize(tmp.path()).unwrap();
    message.replace(&real.display().to_string(), "[TMP]").replace(&tmp.path().display().to_string(), "[TMP]")
}

fn escape_message(reference: &str) -> String {
    let (tmp, root) = spec_referencing(reference);
    let message = refused_promptly(&root, LoadOptions::default());
    assert!(!message.contains("SECRET"), "nothing of the file outside is quoted: {message}");
    assert!(message.contains("help: "), "{message}");
    without_tmp(&message, &tmp)
}

#[test]
fn a_reference_up_and_out_is_refused() {
    insta::assert_snapshot!(escape_message("../secret.yaml"));
}

#[test]
fn an_absolute_reference_is_refused() {
    let (tmp, _) = spec_referencing("");
    let secret = tmp.path().join("secret.yaml");
    let (spec_tmp, root) = spec_referencing(&secret.display().to_string());
    let message = refused_promptly(&root, LoadOptions::default());
    assert!(!message.contains("SECRET"), "{message}");
    insta::assert_snapshot!(without_tmp(&without_tmp(&message, &tmp), &spec_tmp));
}

#[test]
fn a_file_url_is_refused() {
    let (tmp, _) = spec_referencing("");
    let url = format!("file://{}", tmp.path().join("secret.yaml").display());
    let (spec_tmp, root) = spec_referencing(&url);
    let message = refused_promptly(&root, LoadOptions::default());
    assert!(!message.contains("SECRET"), "{message}");
    insta::assert_snapshot!(without_tmp(&without_tmp(&message, &tmp), &spec_tmp));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_is_refused() {
    let (tmp, root) = spec_referencing("link.yaml");
    std::os::unix::fs::symlink("../secret.yaml", tmp.path().join("api/link.yaml")).unwrap();
    let message = refused_promptly(&root, LoadOptions::default());
    assert!(!message.contains("SECRET"), "{message}");
    insta::assert_snapshot!(without_tmp(&message, &tmp));

    // A folder linked from inside leads out just as well.
    fs::create_dir(tmp.path().join("elsewhere")).unwrap();
    fs::write(tmp.path().join("elsewhere/paths.yaml"), SECRET).unwrap();
    std::os::unix::fs::symlink("../elsewhere", tmp.path().join("api/linked")).unwrap();
    fs::write(&root, root_referencing("linked/paths.yaml")).unwrap();
    let message = refused_promptly(&root, LoadOptions::default());
    assert!(message.contains("symbolic link") && !message.contains("SECRET"), "{message}");
}

#[test]
fn allowed_folders_let_references_in() {
    let (tmp, root) = spec_referencing("../shared/a.yaml");
    fs::create_dir(tmp.path().join("shared")).unwrap();
    fs::write(tmp.path().join("shared/a.yaml"), "get:\n  responses:\n    '200': {description: ok}\n").unwrap();
    assert!(load::load(generator::Spec::File(&root), &generator::LoadOptions::default()).is_err());
    let options = LoadOptions { allow_refs: vec![tmp.path().join("shared")], ..LoadOptions::default() };
    let doc = load::load(generator::Spec::File(&root), &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(doc.api.paths.paths["/a"].as_item().unwrap().get.is_some());
    // Only that folder: its neighbour is still out.
    fs::write(&root, root_referencing("../secret.yaml")).unwrap();
    assert!(refused_promptly(&root, options).contains("leads outside"));
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_promptly() {
    // Allowed on purpose: the file type is what stops it.
    let (_tmp, root) = spec_referencing("/dev/zero");
    let options = LoadOptions { allow_refs: vec![PathBuf::from("/dev")], ..LoadOptions::default() };
    let message = refused_promptly(&root, options);
    assert!(message.contains("cannot read `/dev/zero`, referenced as `/dev/zero`: it is a device, not a regular file"), "{message}");
    let message = refused_promptly(Path::new("/dev/zero"), LoadOptions::default());
    assert!(message.contains("/dev/zero: cannot read the spec: it is a device, not a regular file"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_promptly() {
    let (tmp, root) = spec_referencing("pipe.yaml");
    let fifo = tmp.path().join("api/pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    // Nobody ever writes to it: opening it to read would wait forever.
    let message = refused_promptly(&root, LoadOptions::default());
    assert!(message.contains("referenced as `pipe.yaml`: it is a FIFO (named pipe), not a regular file"), "{message}");
    let message = refused_promptly(&fifo, LoadOptions::default());
    assert!(message.contains("cannot read the spec: it is a FIFO (named pipe), not a regular file"), "{message}");
}

#[test]
fn a_directory_is_refused_promptly() {
    let (tmp, root) = spec_referencing("paths.yaml");
    fs::create_dir(tmp.path().join("api/paths.yaml")).unwrap();
    let message = refused_promptly(&root, LoadOptions::default());
    assert!(message.contains("referenced as `paths.yaml`: it is a directory, not a regular file"), "{message}");
}

#[test]
fn an_oversized_file_is_refused_promptly() {
    // Larger than the default limit, without taking the disk space: a sparse file.
    let (tmp, root) = spec_referencing("huge.yaml");
    let huge = fs::File::create(tmp.path().join("api/huge.yaml")).unwrap();
    huge.set_len(Limits::MAX_FILE_SIZE + 1).unwrap();
    let message = refused_promptly(&root, LoadOptions::default());
    assert!(message.contains(&format!("referenced as `huge.yaml`: it is larger than {} bytes", Limits::MAX_FILE_SIZE)), "{message}");
    assert!(message.contains("--max-spec-size"), "{message}");
    let message = refused_promptly(&tmp.path().join("api/huge.yaml"), LoadOptions::default());
    assert!(message.contains("cannot read the spec: it is larger than"), "{message}");

    // A lower limit applies to the root document too.
    let small = LoadOptions { limits: Limits { max_file_size: 50, ..Limits::default() }, ..LoadOptions::default() };
    let message = refused_promptly(&root, small);
    assert!(message.contains("cannot read the spec: it is larger than 50 bytes"), "{message}");
}

#[test]
fn a_spec_of_too_many_files_or_bytes_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut root = String::from("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n");
    for i in 0..5 {
        root.push_str(&format!("  /p{i}:\n    $ref: 'p{i}.yaml'\n"));
        fs::write(tmp.path().join(format!("p{i}.yaml")), format!("get:\n  operationId: op{i}\n  responses:\n    '200': {{description: ok}}\n"))
            .unwrap();
    }
    let root_path = tmp.path().join("root.yaml");
    fs::write(&root_path, &root).unwrap();
    load::load(generator::Spec::File(&root_path), &generator::LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));

    let few = LoadOptions { limits: Limits { max_files: 3, ..Limits::default() }, ..LoadOptions::default() };
    let message = refused_promptly(&root_path, few);
    assert!(message.contains("reference `p2.yaml`: the spec is made of more than 3 files, the limit"), "{message}");
    assert!(message.contains("--max-spec-files"), "{message}");

    let small = LoadOptions { limits: Limits { max_total_size: root.len() as u64 + 100, ..Limits::default() }, ..LoadOptions::default() };
    let message = refused_promptly(&root_path, small);
    assert!(message.contains("reference `p1.yaml`: the spec's files add up to more than"), "{message}");
    assert!(message.contains("--max-spec-total-size"), "{message}");
}
