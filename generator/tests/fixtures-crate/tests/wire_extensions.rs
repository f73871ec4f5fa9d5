//! `wire_extensions.yaml` against wiremock and a raw TCP server on loopback: an identity header
//! sent only with the operations that declare it (`x-only-where-declared`), and an error a server
//! answers with a success status, its status in the body (`x-error-status-in-body`).

use generated_fixtures::wire_extensions_api::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).tenant("t1").session("s1").retry(RetryPolicy::none()).build().unwrap()
}

#[tokio::test]
async fn a_header_sent_only_where_declared_is_left_out_of_the_other_operations() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/profile"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "b"})))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    c.open_session().send().await.unwrap();
    c.get_profile().send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let value = |i: usize, name: &str| requests[i].headers.get(name).map(|v| v.to_str().unwrap().to_string());
    // openSession takes the tenant, not the session; getProfile takes both.
    assert_eq!((value(0, "x-tenant").as_deref(), value(0, "x-session")), (Some("t1"), None));
    assert_eq!((value(1, "x-tenant").as_deref(), value(1, "x-session").as_deref()), (Some("t1"), Some("s1")));
}

#[tokio::test]
async fn the_builders_setter_still_sends_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .and(header("x-session", "explicit"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).open_session().session("explicit").send().await.unwrap();
}

#[tokio::test]
async fn a_success_answer_with_an_error_status_in_its_body_is_the_api_error() {
    let server = MockServer::start().await;
    let body = json!({"error": {"status": 409, "message": "taken"}});
    Mock::given(method("POST")).and(path("/sessions")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).expect(1).mount(&server).await;
    match client(&server).open_session().send().await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status().as_u16(), 409);
            assert_eq!(serde_json::from_str::<serde_json::Value>(error.raw_body()).unwrap(), body);
        }
        other => panic!("expected the API's 409, got {other:?}"),
    }
}

#[tokio::test]
async fn a_status_that_is_no_error_or_not_an_integer_is_data() {
    let server = MockServer::start().await;
    for (route, body) in [("/sessions", json!({"id": "a", "error": {"status": 200}})), ("/profile", json!({"id": "b", "error": {"status": "409"}}))] {
        Mock::given(path(route)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    }
    let c = client(&server);
    assert_eq!(c.open_session().send().await.unwrap().id.as_deref(), Some("a"));
    // A string where the status would be: not read as one (and here not a Session either).
    assert!(matches!(c.get_profile().send().await, Err(Error::Decode { .. })));
}

#[tokio::test]
async fn an_event_stream_answered_with_an_error_body_is_the_api_error() {
    let server = MockServer::start().await;
    Mock::given(path("/events")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"error": {"status": 401}}))).mount(&server).await;
    match client(&server).watch_events().send().await {
        Err(Error::Api(error)) => assert_eq!(error.status().as_u16(), 401),
        other => panic!("expected the API's 401, got {other:?}"),
    }
    // Another JSON answer is not a stream: a decoding error, not an empty stream.
    server.reset().await;
    Mock::given(path("/events")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x"}))).mount(&server).await;
    assert!(matches!(client(&server).watch_events().send().await, Err(Error::Decode { .. })));
    // A real stream goes through.
    server.reset().await;
    Mock::given(path("/events"))
        .and(header("x-session", "s1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("data: {\"id\": \"e1\"}\n\n", "text/event-stream"))
        .mount(&server)
        .await;
    let stream = client(&server).watch_events().send().await.unwrap();
    let events: Vec<_> = futures::StreamExt::collect(stream).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].as_ref().unwrap().data.id.as_deref(), Some("e1"));
}
