//! The client as a value: shareable across tasks, cheap to clone, traced per call.

use std::io::Write;
use std::sync::{Arc, Mutex};

use botpress_client::{Client, ClientBuilder, Error, RetryPolicy};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn client_and_errors_are_send_sync_and_clone() {
    fn send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync_clone::<Client>();
    send_sync_clone::<RetryPolicy>();
    send_sync::<Error>();
    send_sync::<ClientBuilder>();
    send_sync_clone::<botpress_client::operations::GetUser>();
    // A clone shares the connection pool and settings: it is one pointer.
    assert_eq!(std::mem::size_of::<Client>(), std::mem::size_of::<usize>());
}

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_call_is_a_tracing_span_with_operation_status_and_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"id": "e", "code": 404, "type": "ResourceNotFound", "message": "no"})))
        .mount(&server)
        .await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let client = Client::builder().base_url(server.uri()).bearer_token("secret-token").build().unwrap();
    let _guard = tracing::subscriber::set_default(subscriber);
    let _ = client.get_user(botpress_client::types::UserId::new("user_1")).send().await;
    drop(_guard);

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("api_call"), "{log}");
    assert!(log.contains("operation=\"getUser\""), "{log}");
    assert!(log.contains("status=404"), "{log}");
    assert!(log.contains("attempts=1"), "{log}");
    assert!(!log.contains("secret-token"), "the token never reaches the logs: {log}");
}
