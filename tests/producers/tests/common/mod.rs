//! What both producers' tests do with a served spec: compare it with the one checked in, and
//! check that the client generated from it is the one checked in (`GENERATOR_UPDATE_PRODUCERS=1`
//! rewrites both).

use std::path::{Path, PathBuf};

/// `tests/producers/<path>`.
pub fn here(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `GET {base}/openapi.json`, over plain HTTP/1.1 on loopback.
pub async fn fetch_spec(base: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("the server is listening");
    let request = format!("GET /openapi.json HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8(response).expect("UTF-8");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { unchunk(body) } else { body.to_string() };
    let value: serde_json::Value = serde_json::from_str(&body).expect("the spec is JSON");
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

/// The served spec is `spec_file` (the file a user would generate from), and the crate in
/// `client_dir` is what the generator makes of it now.
pub fn assert_fresh(served: &str, spec_file: &str, client_dir: &str, crate_name: &str) {
    let (spec_path, client_path) = (here(spec_file), here(client_dir));
    let update = std::env::var_os("GENERATOR_UPDATE_PRODUCERS").is_some();
    if update {
        std::fs::write(&spec_path, served).unwrap();
    }
    let checked_in = std::fs::read_to_string(&spec_path).unwrap_or_default();
    assert!(checked_in == served, "{spec_file} is not what the server serves now: run `GENERATOR_UPDATE_PRODUCERS=1 cargo test -p producer-tests`");
    let settings = generator::CrateSettings {
        name: crate_name.into(),
        version: "0.1.0".into(),
        license: "MIT OR Apache-2.0".into(),
        spec_display: format!("tests/producers/{spec_file}"),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    };
    let generated = generator::Generator::new(&settings)
        .generate(generator::Spec::File(&spec_path))
        .unwrap_or_else(|e| panic!("{spec_file} should generate:\n{e}"));
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    if update {
        generator::write::write_atomic(&client_path, &generated.files).unwrap();
    }
    let stale = generator::write::compare(&client_path, &generated.files).unwrap();
    assert!(
        stale.is_empty(),
        "{client_dir} is not what {spec_file} generates: run `GENERATOR_UPDATE_PRODUCERS=1 cargo test -p producer-tests`\n{:?}",
        stale.iter().map(|s| s.path()).collect::<Vec<_>>()
    );
}
