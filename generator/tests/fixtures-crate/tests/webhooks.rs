//! Webhooks received by a real server: an axum receiver on loopback verifies and decodes what
//! reqwest POSTs to it with `webhooks::Event::parse_verified`, and hands each outcome back to the
//! test. Requests are signed by independent implementations of each scheme: the `standardwebhooks`
//! crate (Svix's) for Standard Webhooks (`webhooks_standard.yaml`), and the `hmac-sha256` crate
//! for GitHub's `X-Hub-Signature-256` (`webhooks_github.yaml`).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use generated_fixtures::webhooks_github_api::webhooks as github;
use generated_fixtures::webhooks_standard_api::webhooks as standard;
use serde_json::{json, Value};
use tokio::sync::{mpsc, Mutex};

/// A receiver's handling of a request: what it made of it (the event, or the error) and the
/// status it answers.
type Handle<T> = fn(&HeaderMap, &[u8]) -> (T, StatusCode);

/// A receiver on loopback that verifies and parses each request with its `Handle`, answering
/// `204`, `401` (signature) or `400` (body), and sending the outcome to the test.
struct Receiver<T> {
    url: String,
    outcomes: Mutex<mpsc::UnboundedReceiver<T>>,
}

/// The status a receiver answers: `401` when the signature check failed.
fn status<E>(outcome: &Result<E, impl std::fmt::Debug>, verification: bool) -> StatusCode {
    match (outcome, verification) {
        (Ok(_), _) => StatusCode::NO_CONTENT,
        (Err(_), true) => StatusCode::UNAUTHORIZED,
        (Err(_), false) => StatusCode::BAD_REQUEST,
    }
}

impl<T: Send + 'static> Receiver<T> {
    async fn start(handle: Handle<T>) -> Receiver<T> {
        let (tx, rx) = mpsc::unbounded_channel();
        let state = Arc::new((tx, handle));
        async fn receive<T>(State(state): State<Arc<(mpsc::UnboundedSender<T>, Handle<T>)>>, headers: HeaderMap, body: Bytes) -> StatusCode {
            let (outcome, status) = (state.1)(&headers, &body);
            let _ = state.0.send(outcome);
            status
        }
        let app = Router::new().route("/hooks", post(receive::<T>)).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, outcomes: Mutex::new(rx) }
    }

    /// POSTs `body` with `headers` and returns the status and what the receiver made of it.
    async fn post(&self, headers: &[(&str, String)], body: &[u8]) -> (u16, T) {
        let mut request = reqwest::Client::new().post(&self.url).header("content-type", "application/json").body(body.to_vec());
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let status = request.send().await.unwrap().status().as_u16();
        let outcome = self.outcomes.lock().await.recv().await.unwrap();
        (status, outcome)
    }
}

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Standard Webhooks headers for `body`, signed by Svix's `standardwebhooks` crate at `timestamp`.
fn signed(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Vec<(&'static str, String)> {
    let signer = standardwebhooks::Webhook::new(secret).unwrap();
    let signature = signer.sign(id, timestamp, body).unwrap();
    vec![("webhook-id", id.to_string()), ("webhook-timestamp", timestamp.to_string()), ("webhook-signature", signature)]
}

fn parse_standard(headers: &HeaderMap, body: &[u8]) -> (Result<standard::Event, standard::WebhookError>, StatusCode) {
    let verifier = standard::StandardWebhooks::new(SECRET).unwrap();
    let outcome = standard::Event::parse_verified(&verifier, headers, body);
    let verification = outcome.as_ref().is_err_and(standard::WebhookError::is_verification);
    let status = status(&outcome, verification);
    (outcome, status)
}

fn invoice_paid() -> Value {
    json!({"type": "invoice.paid", "timestamp": "2026-01-02T03:04:05Z", "data": {"id": "in_1", "amount": 1250, "currency": null}})
}

#[tokio::test]
async fn signed_standard_webhooks_decode_into_their_variants() {
    let receiver = Receiver::start(parse_standard).await;
    let body = serde_json::to_vec(&invoice_paid()).unwrap();
    let (status, outcome) = receiver.post(&signed(SECRET, "msg_1", now(), &body), &body).await;
    assert_eq!(status, 204);
    match outcome.unwrap() {
        standard::Event::InvoicePaid(paid) => {
            assert_eq!(paid.data.id, "in_1");
            assert_eq!(paid.data.amount, 1250);
            assert!(paid.data.currency.is_none() && paid.data.is_null("currency"), "a null is kept as a null");
            assert_eq!(serde_json::to_value(&paid).unwrap(), invoice_paid(), "the payload is what was sent");
        }
        other => panic!("an invoice.paid event: {other:?}"),
    }
    let voided = json!({"type": "invoice.voided", "timestamp": "2026-01-02T03:04:05Z", "data": {"invoice": {"id": "in_2", "amount": 5}, "reason": "duplicate"}});
    let body = serde_json::to_vec(&voided).unwrap();
    let (_, outcome) = receiver.post(&signed(SECRET, "msg_2", now(), &body), &body).await;
    assert!(matches!(outcome.unwrap(), standard::Event::InvoiceVoided(v) if v.data.invoice.id == "in_2"));
    // An inline payload, whose types only webhooks use.
    let created = json!({"type": "customer.created", "timestamp": "2026-01-02T03:04:05Z", "data": {"id": "cu_1", "tags": ["vip"]}});
    let body = serde_json::to_vec(&created).unwrap();
    let (_, outcome) = receiver.post(&signed(SECRET, "msg_3", now(), &body), &body).await;
    match outcome.unwrap() {
        standard::Event::CustomerCreated(c) => assert_eq!(c.data.tags, Some(vec!["vip".to_string()])),
        other => panic!("a customer.created event: {other:?}"),
    }
}

#[tokio::test]
async fn what_is_not_signed_by_the_api_is_refused() {
    let receiver = Receiver::start(parse_standard).await;
    let body = serde_json::to_vec(&invoice_paid()).unwrap();
    // A body changed after signing.
    let mut tampered = body.clone();
    let at = tampered.iter().position(|b| *b == b'5').unwrap();
    tampered[at] = b'9';
    let (status, outcome) = receiver.post(&signed(SECRET, "msg_1", now(), &body), &tampered).await;
    assert_eq!(status, 401);
    assert!(matches!(outcome, Err(standard::WebhookError::BadSignature)), "{outcome:?}");
    // Another secret.
    let (_, outcome) = receiver.post(&signed("whsec_c2VjcmV0IG9mIHNvbWVvbmUgZWxzZQ==", "msg_1", now(), &body), &body).await;
    assert!(matches!(outcome, Err(standard::WebhookError::BadSignature)), "{outcome:?}");
    // A request signed ten minutes ago, or ten minutes ahead: validly signed, out of tolerance.
    let (status, outcome) = receiver.post(&signed(SECRET, "msg_1", now() - 600, &body), &body).await;
    assert_eq!(status, 401);
    assert!(matches!(outcome, Err(standard::WebhookError::Stale { .. })), "{outcome:?}");
    let (_, outcome) = receiver.post(&signed(SECRET, "msg_1", now() + 600, &body), &body).await;
    assert!(matches!(outcome, Err(standard::WebhookError::Future { .. })), "{outcome:?}");
    // The id signed is the id sent.
    let mut headers = signed(SECRET, "msg_1", now(), &body);
    headers[0].1 = "msg_2".into();
    let (_, outcome) = receiver.post(&headers, &body).await;
    assert!(matches!(outcome, Err(standard::WebhookError::BadSignature)), "{outcome:?}");
    // Each header missing in turn.
    for left_out in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let headers: Vec<_> = signed(SECRET, "msg_1", now(), &body).into_iter().filter(|(name, _)| *name != left_out).collect();
        let (status, outcome) = receiver.post(&headers, &body).await;
        assert_eq!(status, 401);
        assert!(matches!(&outcome, Err(standard::WebhookError::MissingHeader(h)) if h == left_out), "{outcome:?}");
    }
    // Garbage in the headers is an error, not a panic.
    let headers = vec![("webhook-id", "x".to_string()), ("webhook-timestamp", "99999999999999999999".into()), ("webhook-signature", "v1".into())];
    let (_, outcome) = receiver.post(&headers, &body).await;
    assert!(matches!(outcome, Err(standard::WebhookError::InvalidHeader { .. })), "{outcome:?}");
}

#[tokio::test]
async fn an_event_the_spec_does_not_name_is_kept_whole() {
    let receiver = Receiver::start(parse_standard).await;
    let refund = json!({"type": "refund.created", "data": {"id": "re_1", "amount": 1.5, "nested": [1, {"a": null}]}});
    let body = serde_json::to_vec(&refund).unwrap();
    let (status, outcome) = receiver.post(&signed(SECRET, "msg_9", now(), &body), &body).await;
    assert_eq!(status, 204);
    assert_eq!(outcome.unwrap(), standard::Event::Unknown { event: Some("refund.created".into()), body: refund });
}

#[tokio::test]
async fn a_known_event_whose_body_is_not_its_payload_is_an_error() {
    let receiver = Receiver::start(parse_standard).await;
    // `invoice.paid` without its invoice's amount.
    let broken = json!({"type": "invoice.paid", "timestamp": "2026-01-02T03:04:05Z", "data": {"id": "in_1"}});
    let body = serde_json::to_vec(&broken).unwrap();
    let (status, outcome) = receiver.post(&signed(SECRET, "msg_1", now(), &body), &body).await;
    assert_eq!(status, 400);
    match outcome {
        Err(standard::WebhookError::Payload { event, source }) => {
            assert_eq!(event.as_deref(), Some("invoice.paid"));
            assert!(source.to_string().contains("amount"), "{source}");
        }
        other => panic!("a payload error: {other:?}"),
    }
    // A body that is not JSON at all.
    let (status, outcome) = receiver.post(&signed(SECRET, "msg_1", now(), b"not json"), b"not json").await;
    assert_eq!(status, 400);
    assert!(matches!(outcome, Err(standard::WebhookError::Json(_))), "{outcome:?}");
}

const GITHUB_SECRET: &str = "It's a Secret to Everybody";

/// GitHub's headers for an event, signed by the `hmac-sha256` crate.
fn github_headers(event: &str, body: &[u8]) -> Vec<(&'static str, String)> {
    let mac = hmac_sha256::HMAC::mac(body, GITHUB_SECRET.as_bytes());
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    vec![("x-github-event", event.to_string()), ("x-github-delivery", "72d3162e".into()), ("x-hub-signature-256", format!("sha256={hex}"))]
}

fn parse_github(headers: &HeaderMap, body: &[u8]) -> (Result<github::Event, github::WebhookError>, StatusCode) {
    let outcome = github::Event::parse_verified(&github::HmacHeader::new(GITHUB_SECRET), headers, body);
    let verification = outcome.as_ref().is_err_and(github::WebhookError::is_verification);
    let status = status(&outcome, verification);
    (outcome, status)
}

fn issue(action: &str) -> Value {
    json!({
        "action": action,
        "issue": {"id": 1, "number": 7, "title": "Crash", "state": "open", "body": null},
        "repository": {"id": 2, "full_name": "octo/forge"},
        "sender": {"login": "octo", "id": 3},
    })
}

#[tokio::test]
async fn github_events_are_told_by_their_header_then_their_action() {
    let receiver = Receiver::start(parse_github).await;
    let body = serde_json::to_vec(&issue("opened")).unwrap();
    let (status, outcome) = receiver.post(&github_headers("issues", &body), &body).await;
    assert_eq!(status, 204);
    assert!(matches!(outcome.unwrap(), github::Event::IssuesOpened(e) if e.issue.number == 7 && e.sender.login == "octo"));
    let body = serde_json::to_vec(&issue("closed")).unwrap();
    let (_, outcome) = receiver.post(&github_headers("issues", &body), &body).await;
    assert!(matches!(outcome.unwrap(), github::Event::IssuesClosed(_)));
    // The same action under another event is that event's.
    let mut comment = issue("created");
    comment["comment"] = json!({"id": 9, "body": "same here"});
    let body = serde_json::to_vec(&comment).unwrap();
    let (_, outcome) = receiver.post(&github_headers("issue_comment", &body), &body).await;
    assert!(matches!(outcome.unwrap(), github::Event::IssueCommentCreated(c) if c.comment.body == "same here"));
    let star =
        json!({"action": "created", "starred_at": null, "repository": {"id": 2, "full_name": "octo/forge"}, "sender": {"login": "octo", "id": 3}});
    let body = serde_json::to_vec(&star).unwrap();
    let (_, outcome) = receiver.post(&github_headers("star", &body), &body).await;
    assert!(matches!(outcome.unwrap(), github::Event::StarCreated(_)));
    // `ping` is told by its header alone.
    let body = br#"{"zen": "Keep it logically awesome.", "hook_id": 1}"#;
    let (_, outcome) = receiver.post(&github_headers("ping", body), body).await;
    assert!(matches!(outcome.unwrap(), github::Event::Ping(p) if p.zen.as_deref() == Some("Keep it logically awesome.")));
}

#[tokio::test]
async fn github_unknown_events_and_actions_and_broken_payloads() {
    let receiver = Receiver::start(parse_github).await;
    // An event the spec does not have, and a new action of one it has: kept whole, named by the header.
    let push = json!({"ref": "refs/heads/main", "commits": []});
    let body = serde_json::to_vec(&push).unwrap();
    let (_, outcome) = receiver.post(&github_headers("push", &body), &body).await;
    assert_eq!(outcome.unwrap(), github::Event::Unknown { event: Some("push".into()), body: push });
    let typed = issue("typed");
    let body = serde_json::to_vec(&typed).unwrap();
    let (_, outcome) = receiver.post(&github_headers("issues", &body), &body).await;
    assert_eq!(outcome.unwrap(), github::Event::Unknown { event: Some("issues".into()), body: typed });
    // An `opened` issue without its issue, and a ping that is not one: errors naming the event.
    let mut broken = issue("opened");
    broken.as_object_mut().unwrap().remove("issue");
    let body = serde_json::to_vec(&broken).unwrap();
    let (status, outcome) = receiver.post(&github_headers("issues", &body), &body).await;
    assert_eq!(status, 400);
    assert!(matches!(&outcome, Err(github::WebhookError::Payload { event: Some(e), .. }) if e == "issues"), "{outcome:?}");
    let body = br#"{"zen": 5}"#;
    let (_, outcome) = receiver.post(&github_headers("ping", body), body).await;
    assert!(matches!(&outcome, Err(github::WebhookError::Payload { event: Some(e), .. }) if e == "ping"), "{outcome:?}");
    // A tampered body, and no signature at all.
    let body = serde_json::to_vec(&issue("opened")).unwrap();
    let (status, outcome) = receiver.post(&github_headers("issues", b"{}"), &body).await;
    assert_eq!(status, 401);
    assert!(matches!(outcome, Err(github::WebhookError::BadSignature)), "{outcome:?}");
    let headers: Vec<_> = github_headers("issues", &body).into_iter().filter(|(n, _)| *n != "x-hub-signature-256").collect();
    let (_, outcome) = receiver.post(&headers, &body).await;
    assert!(matches!(&outcome, Err(github::WebhookError::MissingHeader(h)) if h == "X-Hub-Signature-256"), "{outcome:?}");
}

/// The schemes against their published examples, and what the receiver tests above do not reach:
/// several signatures (a sender rolling its secret), the tolerance, a custom header and prefix, a
/// secret that is not one, and keys kept out of `Debug`. (The runtime's own unit tests say the
/// same; they are left out of the fixture modules, and no checked-in crate has webhooks.)
#[test]
fn the_schemes_by_their_published_examples() {
    use std::time::Duration;
    let header_map = |pairs: &[(&'static str, &str)]| {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    };
    // Standard Webhooks' example: this secret, id, timestamp and body give this signature.
    let verifier = standard::StandardWebhooks::new(SECRET).unwrap();
    let body = br#"{"test": 2432232314}"#;
    let signature = verifier.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
    assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    let at = UNIX_EPOCH + Duration::from_secs(1614265330);
    let headers = |signature: &str| {
        header_map(&[("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"), ("webhook-timestamp", "1614265330"), ("webhook-signature", signature)])
    };
    assert!(verifier.verify_at(&headers(&format!("v1,bm90IGl0 v2,{} {signature}", &signature[3..])), body, at).is_ok(), "one of several");
    assert!(matches!(verifier.verify_at(&headers("v1,!! v2,abc"), body, at), Err(standard::WebhookError::BadSignature)));
    // The right bytes under another version are not a `v1` signature.
    assert!(matches!(verifier.verify_at(&headers(&format!("v2,{}", &signature[3..])), body, at), Err(standard::WebhookError::BadSignature)));
    let later = at + Duration::from_secs(301);
    assert!(matches!(verifier.verify_at(&headers(&signature), body, later), Err(standard::WebhookError::Stale { .. })));
    assert!(verifier.clone().tolerance(Duration::from_secs(600)).verify_at(&headers(&signature), body, later).is_ok());
    assert!(matches!(standard::StandardWebhooks::new("whsec_***"), Err(standard::WebhookError::InvalidSecret)));
    assert!(!format!("{verifier:?}").contains("MfKQ"), "{verifier:?}");
    // GitHub's example: this secret and body give this signature.
    let github = github::HmacHeader::new(GITHUB_SECRET);
    let expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assert_eq!(github.sign(b"Hello, World!"), expected);
    assert!(github::Verify::verify(&github, &header_map(&[("x-hub-signature-256", expected)]), b"Hello, World!").is_ok());
    assert!(!format!("{github:?}").contains("Secret"), "{github:?}");
    // Another header, no prefix.
    let custom = github::HmacHeader::new("k").header("X-Signature").prefix("");
    let value = custom.sign(b"x");
    assert!(!value.starts_with("sha256="));
    assert!(github::Verify::verify(&custom, &header_map(&[("x-signature", &value)]), b"x").is_ok());
    assert!(matches!(
        github::Verify::verify(&custom, &header_map(&[("x-hub-signature-256", &value)]), b"x"),
        Err(github::WebhookError::MissingHeader(h)) if h == "X-Signature"
    ));
}
