//! The client under faults: retries (which, how often, how long apart), timeouts, and bodies that
//! are not what the API documents.

use std::time::{Duration, Instant};

use botpress_client::{types, Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = "user_01";

fn user() -> serde_json::Value {
    json!({"user": {"id": USER, "createdAt": "2024-06-01T09:30:00.000Z", "updatedAt": "2024-06-01T09:30:00.000Z", "tags": {}}})
}

/// A client of `server` whose retries wait 1 ms, so tests stay fast.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("tok")
        .bot_id("bot_1")
        .retry(RetryPolicy::default().max_retries(2).initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

/// Answers `first` once, then `then` for every later request.
async fn answer(server: &MockServer, http_method: &str, route: &str, first: ResponseTemplate, then: ResponseTemplate) {
    Mock::given(method(http_method)).and(path(route)).respond_with(first).up_to_n_times(1).with_priority(1).mount(server).await;
    Mock::given(method(http_method)).and(path(route)).respond_with(then).with_priority(2).mount(server).await;
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn a_503_on_a_get_is_retried() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1/chat/users/user_01", ResponseTemplate::new(503), ResponseTemplate::new(200).set_body_json(user())).await;
    let response = client(&server).get_user(types::UserId::new(USER)).send().await.unwrap();
    assert_eq!(response.user.id, USER);
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1/chat/users/user_01", ResponseTemplate::new(500), ResponseTemplate::new(200).set_body_json(user())).await;
    let error = client(&server).get_user(types::UserId::new(USER)).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn a_post_that_reached_the_server_is_not_retried() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v1/chat/users", ResponseTemplate::new(503), ResponseTemplate::new(201).set_body_json(user())).await;
    let error = client(&server).create_user(botpress_client::types::Tags::new()).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(hits(&server).await, 1, "a POST may have been processed: not repeated");
}

#[tokio::test]
async fn a_429_is_retried_even_for_a_post_after_the_servers_wait() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    answer(&server, "POST", "/v1/chat/users", limited, ResponseTemplate::new(201).set_body_json(user())).await;
    let started = Instant::now();
    let response = client(&server).create_user(botpress_client::types::Tags::new()).send().await.unwrap();
    assert_eq!(response.user.id, USER);
    assert_eq!(hits(&server).await, 2);
    assert!(started.elapsed() >= Duration::from_millis(950), "Retry-After was honoured: {:?}", started.elapsed());
}

#[tokio::test]
async fn ratelimit_reset_is_honoured() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("RateLimit-Reset", "0.3");
    answer(&server, "GET", "/v1/chat/users/user_01", limited, ResponseTemplate::new(200).set_body_json(user())).await;
    let started = Instant::now();
    client(&server).get_user(types::UserId::new(USER)).send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(290), "{:?}", started.elapsed());
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let error = client(&server).get_user(types::UserId::new(USER)).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(hits(&server).await, 3, "one attempt and two retries");
}

#[tokio::test]
async fn a_hang_past_the_per_call_timeout_fails_fast() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(user()).set_delay(Duration::from_secs(5))).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    let started = Instant::now();
    let error = client.get_user(types::UserId::new(USER)).timeout(Duration::from_millis(200)).send().await.unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.is_timeout()), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_client_wide_timeout_applies_to_every_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(user()).set_delay(Duration::from_secs(5))).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).timeout(Duration::from_millis(200)).retry(RetryPolicy::none()).build().unwrap();
    let error = client.get_user(types::UserId::new(USER)).send().await.unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.is_timeout()), "{error:?}");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    // Bind a port, then free it: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::default().max_retries(2).initial_backoff(Duration::from_millis(100)))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.create_user(botpress_client::types::Tags::new()).send().await.unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.is_connect()), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(140), "two waits happened: {:?}", started.elapsed());
}

#[tokio::test]
async fn malformed_and_truncated_json_are_decode_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/chat/users/bad"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{not json", "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/chat/users/cut"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"user": {"id": "user_01", "createdAt": "2024"#, "application/json"))
        .mount(&server)
        .await;
    for id in ["bad", "cut"] {
        let error = client(&server).get_user(types::UserId::new(id)).send().await.unwrap_err();
        let Error::Decode { status, body, .. } = &error else { panic!("{error:?}") };
        assert_eq!(status.as_u16(), 200);
        assert!(!body.is_empty());
    }
}

#[tokio::test]
async fn an_empty_error_body_still_says_what_happened() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let error = client(&server).get_user(types::UserId::new(USER)).send().await.unwrap_err();
    assert_eq!(error.to_string(), "the API answered 404 Not Found");
}

#[tokio::test]
async fn a_repeated_page_token_ends_the_stream() {
    use futures::TryStreamExt;
    let server = MockServer::start().await;
    let user = |id: &str| json!({"id": id, "createdAt": "2024-06-01T09:30:00.000Z", "updatedAt": "2024-06-01T09:30:00.000Z", "tags": {}});
    // A buggy server that always answers with the same next token.
    Mock::given(method("GET"))
        .and(path("/v1/chat/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"users": [user("u1")], "meta": {"nextToken": "same"}})))
        .mount(&server)
        .await;
    let users: Vec<_> = client(&server).list_users().into_stream().try_collect().await.unwrap();
    assert_eq!(users.len(), 2, "the first page, the page of token `same`, then stop");
    assert_eq!(hits(&server).await, 2);
}
