//! `Client::from_env()` / `ClientBuilder::from_env()` of both crates, against a local server:
//! every variable the specs name (`x-env`) set, unset, empty, malformed and overridden by an
//! explicit setting; the token never in `Debug` output, logs or errors.
//!
//! Environment variables are process-global, so everything is one test, run in order (this file
//! is its own test binary: no other test reads them meanwhile).

use std::sync::{Arc, Mutex};

use botpress_client::types::UserId;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BOTPRESS_VARS: [&str; 5] = ["BP_API_URL", "BP_TOKEN", "BP_BOT_ID", "BP_WORKSPACE_ID", "BP_INTEGRATION_ID"];
const CHATLAYER_VARS: [&str; 2] = ["CHATLAYER_API_URL", "CHATLAYER_TOKEN"];
const SECRET: &str = "bp_pat_s3cr3t-token-value";

fn clear() {
    for var in BOTPRESS_VARS.iter().chain(&CHATLAYER_VARS) {
        std::env::remove_var(var);
    }
}

fn set(pairs: &[(&str, &str)]) {
    clear();
    for (var, value) in pairs {
        std::env::set_var(var, value);
    }
}

/// A server answering `GET /v1/chat/users/u1` (and any route of Chatlayer's) with a user.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/chat/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user": {
            "id": "u1", "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z", "tags": {}
        }})))
        .mount(&server)
        .await;
    server
}

/// The headers of the last request `server` received (name → value).
async fn last_headers(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap_or_default();
    let last = requests.last().expect("a request reached the server");
    last.headers.iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string())).collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The message of the error `build()` gives.
fn build_error(builder: botpress_client::ClientBuilder) -> String {
    match builder.build() {
        Ok(_) => panic!("from_env accepted a bad variable"),
        Err(e) => e.to_string(),
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn from_env_reads_every_variable_the_spec_names() {
    use botpress_client::{Client, ClientBuilder, DEFAULT_BASE_URL};
    let server = server().await;
    let other = server_other().await;

    // Unset: the defaults, no credentials, no identity.
    clear();
    let client = Client::from_env().expect("nothing set is no error");
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    let client = ClientBuilder::from_env().base_url(server.uri()).build().unwrap();
    client.get_user(UserId::new("u1")).send().await.expect("call");
    let headers = last_headers(&server).await;
    for name in ["authorization", "x-bot-id", "x-workspace-id", "x-integration-id"] {
        assert_eq!(header(&headers, name), None, "{name} sent with nothing set");
    }

    // Every variable set: each reaches its setting, on the wire.
    set(&[
        ("BP_API_URL", &server.uri()),
        ("BP_TOKEN", SECRET),
        ("BP_BOT_ID", "bot_env"),
        ("BP_WORKSPACE_ID", "wkspace_env"),
        ("BP_INTEGRATION_ID", "intg_env"),
    ]);
    let client = Client::from_env().expect("valid variables");
    assert_eq!(client.base_url(), server.uri());
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(move || writer.clone()).finish();
    let guard = tracing::subscriber::set_default(subscriber);
    client.get_user(UserId::new("u1")).send().await.expect("call");
    drop(guard);
    let headers = last_headers(&server).await;
    assert_eq!(header(&headers, "authorization"), Some(format!("Bearer {SECRET}").as_str()));
    assert_eq!(header(&headers, "x-bot-id"), Some("bot_env"));
    assert_eq!(header(&headers, "x-workspace-id"), Some("wkspace_env"));
    assert_eq!(header(&headers, "x-integration-id"), Some("intg_env"));
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("getUser"), "the call was logged: {log}");
    assert!(!log.contains(SECRET), "the token never reaches the logs: {log}");
    let debug = format!("{:?} {:?}", ClientBuilder::from_env(), client);
    assert!(!debug.contains(SECRET), "the token never appears in Debug: {debug}");
    assert!(debug.contains("<redacted>"), "{debug}");

    // Conflicting with explicit settings: the explicit ones win.
    let client = ClientBuilder::from_env().base_url(other.uri()).bearer_token("explicit-token").bot_id("bot_explicit").build().unwrap();
    client.get_user(UserId::new("u1")).send().await.expect("call");
    let headers = last_headers(&other).await;
    assert_eq!(header(&headers, "authorization"), Some("Bearer explicit-token"));
    assert_eq!(header(&headers, "x-bot-id"), Some("bot_explicit"));
    assert_eq!(header(&headers, "x-workspace-id"), Some("wkspace_env"), "what is not overridden stays");
    // A call's own setting wins over both.
    client.get_user(UserId::new("u1")).bot_id("bot_call").send().await.expect("call");
    assert_eq!(header(&last_headers(&other).await, "x-bot-id"), Some("bot_call"));

    // Set but empty (or blank): an error naming the variable, each one.
    for var in BOTPRESS_VARS {
        set(&[(var, "")]);
        let message = build_error(ClientBuilder::from_env());
        assert!(message.contains(&format!("`{var}`")) && message.contains("empty"), "{var}: {message}");
        set(&[(var, "  ")]);
        assert!(build_error(ClientBuilder::from_env()).contains(var));
    }
    // ... unless an explicit setting replaces what it was for.
    set(&[("BP_TOKEN", ""), ("BP_API_URL", ""), ("BP_BOT_ID", "")]);
    ClientBuilder::from_env().bearer_token("t").base_url(server.uri()).bot_id("b").build().expect("explicit settings replace the empty variables");
    set(&[("BP_TOKEN", ""), ("BP_BOT_ID", "")]);
    let message = build_error(ClientBuilder::from_env().bearer_token("t"));
    assert!(message.contains("BP_BOT_ID"), "an explicit token does not hide the empty bot id: {message}");

    // Malformed: a URL that does not parse or is not http(s), a value no header can carry.
    set(&[("BP_API_URL", "api.botpress.cloud")]);
    let message = build_error(ClientBuilder::from_env());
    assert!(message.contains("`BP_API_URL` is not a valid URL"), "{message}");
    set(&[("BP_API_URL", "ftp://files.example.com")]);
    assert!(build_error(ClientBuilder::from_env()).contains("`BP_API_URL` is not an http(s) URL"));
    set(&[("BP_TOKEN", "bp_pat_first\nsecond-half-of-secret")]);
    let message = build_error(ClientBuilder::from_env());
    assert!(message.contains("`BP_TOKEN`"), "{message}");
    assert!(!message.contains("bp_pat_first") && !message.contains("second-half"), "the token never appears in errors: {message}");
    set(&[("BP_BOT_ID", "bot\r\n")]);
    assert!(build_error(ClientBuilder::from_env()).contains("`BP_BOT_ID` is not a valid value of header `x-bot-id`"));
    // Not UTF-8.
    {
        use std::os::unix::ffi::OsStrExt;
        clear();
        std::env::set_var("BP_WORKSPACE_ID", std::ffi::OsStr::from_bytes(b"wk\xff"));
        let message = build_error(ClientBuilder::from_env());
        assert!(message.contains("`BP_WORKSPACE_ID` is not valid UTF-8"), "{message}");
    }

    // Chatlayer's own variables: the base URL and `tokenId:tokenSecret` basic credentials.
    set(&[("CHATLAYER_API_URL", &other.uri()), ("CHATLAYER_TOKEN", "token_id:token:secret")]);
    let client = chatlayer_analytics_client::Client::from_env().expect("valid variables");
    assert_eq!(client.base_url(), other.uri());
    let _ = client.list_events("bot_1", "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z").send().await;
    let headers = last_headers(&other).await;
    // base64("token_id:token:secret"): split at the first `:`, the secret may hold more.
    assert_eq!(header(&headers, "authorization"), Some("Basic dG9rZW5faWQ6dG9rZW46c2VjcmV0"));
    assert!(!format!("{client:?}").contains("secret"));
    set(&[("CHATLAYER_TOKEN", "no-colon-s3cret")]);
    let message = chatlayer_analytics_client::Client::from_env().map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("`CHATLAYER_TOKEN` must have the form `user:password`"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
    set(&[("CHATLAYER_API_URL", "")]);
    let message = chatlayer_analytics_client::Client::from_env().map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("`CHATLAYER_API_URL` is set but empty"), "{message}");
    clear();
}

/// A second server, to tell an explicit base URL from the variable's.
async fn server_other() -> MockServer {
    let server = server().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"events": []}))).mount(&server).await;
    server
}
