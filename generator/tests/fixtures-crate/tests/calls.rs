//! Every call as the best SDKs offer it (`calls.yaml`), against a local server: the raw
//! response beside the value (`send_with_response`), the response headers of an API error, and
//! per-call options (`with_options`: retry policy, timeout, headers, query parameters).

use std::time::Duration;

use generated_fixtures::calls_api::types::Thing;
use generated_fixtures::calls_api::{CallOptions, Client, Error, RetryPolicy};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client")
}

#[tokio::test]
async fn the_response_comes_with_the_value() {
    let server = MockServer::start().await;
    let body = r#"{"name":"lamp","size":3,"extra":"kept in the raw body"}"#;
    Mock::given(method("PUT"))
        .and(path("/things/t1"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-request-id", "req-42")
                .insert_header("x-ratelimit-remaining", "99")
                .set_body_raw(body, "application/json"),
        )
        .mount(&server)
        .await;
    let response = client(&server).put_thing("t1", Thing::new("lamp")).send_with_response().await.expect("created");
    assert_eq!(response.status().as_u16(), 201, "201, not only a value");
    assert_eq!(response.request_id(), Some("req-42"));
    assert_eq!(response.headers().get("x-ratelimit-remaining").and_then(|v| v.to_str().ok()), Some("99"));
    assert_eq!(&response.body_bytes()[..], body.as_bytes(), "the body as it came, unknown fields included");
    assert_eq!(response.value().name, "lamp");
    let thing: Thing = response.into_inner();
    assert_eq!(thing.size, Some(3));
    // `send` reads the same value.
    assert_eq!(client(&server).put_thing("t1", Thing::new("lamp")).send().await.expect("created").name, "lamp");
}

#[tokio::test]
async fn every_kind_of_response_has_its_raw_form() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1/content"))
        .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"v1\"").set_body_raw(vec![0u8, 159, 146, 150], "application/octet-stream"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/version"))
        .respond_with(ResponseTemplate::new(200).insert_header("request-id", "r-7").set_body_raw("1.2.3", "text/plain"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/ping"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-amzn-requestid", "amz-1"))
        .mount(&server)
        .await;
    let client = client(&server);
    let content = client.get_thing_content("t1").send_with_response().await.expect("bytes");
    assert_eq!(content.headers().get("etag").and_then(|v| v.to_str().ok()), Some("\"v1\""));
    assert_eq!(&content.value()[..], &[0u8, 159, 146, 150]);
    assert_eq!(content.body_bytes(), content.value());
    assert_eq!(content.request_id(), None);
    let version = client.get_version().send_with_response().await.expect("text");
    assert_eq!((version.value().as_str(), version.request_id()), ("1.2.3", Some("r-7")));
    let ping = client.ping().send_with_response().await.expect("no content");
    assert_eq!((ping.status().as_u16(), ping.request_id()), (204, Some("amz-1")));
    let (value, status, headers, body) = ping.into_parts();
    assert_eq!((value, status.as_u16(), body.len()), ((), 204, 0));
    assert!(headers.contains_key("x-amzn-requestid"));
}

#[tokio::test]
async fn an_api_error_keeps_the_response_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/gone"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-404")
                .insert_header("x-trace", "abc")
                .set_body_raw(r#"{"message":"no such thing"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = match client(&server).get_thing("gone").send_with_response().await {
        Err(Error::Api(error)) => error,
        other => panic!("expected the API's error, got {other:?}"),
    };
    assert_eq!(error.status().as_u16(), 404);
    assert_eq!(error.request_id(), Some("req-404"));
    assert_eq!(error.headers().get("x-trace").and_then(|v| v.to_str().ok()), Some("abc"));
    assert_eq!(error.body().and_then(|b| b.message.as_deref()), Some("no such thing"));
    assert_eq!(&error.body_bytes()[..], br#"{"message":"no such thing"}"#);
}

#[tokio::test]
async fn a_retried_call_reports_the_last_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0").insert_header("x-request-id", "first"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-request-id", "second").set_body_raw(r#"{"name":"lamp"}"#, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().expect("client");
    let response = client.get_thing("t1").send_with_response().await.expect("retried");
    assert_eq!(response.request_id(), Some("second"));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

/// A server whose `GET /things/t1` answers `503` once, then the thing.
async fn flaky() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"name":"lamp"}"#, "application/json"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_call_sets_its_own_retry_policy() {
    // The client retries; this call does not.
    let server = flaky().await;
    let client = Client::builder().base_url(server.uri()).build().expect("client");
    let result = client.get_thing("t1").with_options(CallOptions::new().retry(RetryPolicy::none())).send().await;
    assert_eq!(result.err().and_then(|e| e.status()).map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1, "no retry");
    // The client does not retry; this call does.
    let server = flaky().await;
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client");
    let retried = CallOptions::new().retry(RetryPolicy::default().max_retries(1).initial_backoff(Duration::ZERO));
    assert_eq!(client.get_thing("t1").with_options(retried).send().await.expect("retried").name, "lamp");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
    // The next call is the client's again.
    assert!(client.get_thing("t1").send().await.is_ok());
}

#[tokio::test]
async fn a_call_adds_headers_and_query_parameters_over_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .and(header("x-tenant", "call"))
        .and(header("authorization", "Bearer per-call"))
        .and(header("x-trace", "t 1"))
        .and(query_param("verbose", "true"))
        .and(query_param("debug", "a&b c"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"name":"lamp"}"#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).default_header("x-tenant", "client").bearer_token("client-token").build().expect("client");
    let options =
        CallOptions::new().header("x-tenant", "call").header("Authorization", "Bearer per-call").header("x-trace", "t 1").query("debug", "a&b c");
    let thing = client.get_thing("t1").verbose(true).with_options(options).send().await.expect("matched");
    assert_eq!(thing.name, "lamp");
    let request = &server.received_requests().await.expect("recorded")[0];
    assert_eq!(request.url.query(), Some("verbose=true&debug=a%26b%20c"), "after the operation's own");
    assert_eq!(request.headers.get_all("x-tenant").iter().count(), 1, "replaced, not added");
    // Header values are never printed.
    let printed = format!("{:?}", CallOptions::new().header("authorization", "Bearer secret"));
    assert!(printed.contains("authorization") && !printed.contains("secret"), "{printed}");
}

#[tokio::test]
async fn a_call_options_timeout_and_invalid_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(800)).set_body_raw(r#"{"name":"lamp"}"#, "application/json"))
        .mount(&server)
        .await;
    let client = client(&server);
    let quick = CallOptions::new().timeout(Duration::from_millis(50));
    match client.get_thing("t1").with_options(quick).send().await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    // The builder's timeout set after the options wins.
    let thing =
        client.get_thing("t1").with_options(CallOptions::new().timeout(Duration::from_millis(50))).timeout(Duration::from_secs(5)).send().await;
    assert!(thing.is_ok(), "{thing:?}");
    let before = server.received_requests().await.expect("recorded").len();
    match client.get_thing("t1").with_options(CallOptions::new().header("bad header", "x")).send().await {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("bad header"), "{message}"),
        other => panic!("expected an invalid request, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), before, "nothing sent");
}

/// A middleware that counts the attempts it sees and signs each one (`x-signature: <n>`), or
/// refuses every request.
struct Signer {
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    refuse: bool,
}

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Signer {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        if self.refuse {
            return Err(reqwest_middleware::Error::middleware(std::io::Error::other("no signing key")));
        }
        let n = {
            let mut seen = self.seen.lock().unwrap();
            seen.push(format!("{} {}", request.method(), request.url().path()));
            seen.len()
        };
        request.headers_mut().insert("x-signature", n.to_string().parse().unwrap());
        next.run(request, extensions).await
    }
}

#[tokio::test]
async fn a_middleware_sees_every_attempt() {
    let server = flaky().await;
    let seen = std::sync::Arc::default();
    let client = Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::default().initial_backoff(Duration::ZERO))
        .with_middleware(Signer { seen: std::sync::Arc::clone(&seen), refuse: false })
        .build()
        .expect("client");
    let response = client.get_thing("t1").send_with_response().await.expect("retried");
    assert_eq!(response.value().name, "lamp");
    assert_eq!(*seen.lock().unwrap(), ["GET /things/t1", "GET /things/t1"], "the retry went through the stack too");
    let signatures: Vec<_> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| r.headers.get("x-signature").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .collect();
    assert_eq!(signatures, [Some("1".to_string()), Some("2".to_string())], "what the middleware did reached the server");
}

#[tokio::test]
async fn a_middleware_client_and_a_middleware_failure() {
    let server = flaky().await;
    let seen = std::sync::Arc::default();
    let stack =
        reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(Signer { seen: std::sync::Arc::clone(&seen), refuse: false }).build();
    let client = Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::default().initial_backoff(Duration::ZERO))
        .middleware_client(stack)
        .build()
        .expect("client");
    assert!(client.get_thing("t1").send().await.is_ok());
    assert_eq!(seen.lock().unwrap().len(), 2);
    // A middleware that fails is the call's error, and not retried: nothing reaches the server.
    let refused = Signer { seen: std::sync::Arc::default(), refuse: true };
    let client = Client::builder().base_url(server.uri()).with_middleware(refused).build().expect("client");
    let before = server.received_requests().await.expect("recorded").len();
    match client.get_thing("t1").send().await {
        Err(error @ Error::Middleware(_)) => assert!(error.to_string().contains("no signing key"), "{error}"),
        other => panic!("expected the middleware's error, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), before);
}
