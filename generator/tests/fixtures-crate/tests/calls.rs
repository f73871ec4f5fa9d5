//! Every call as the best SDKs offer it (`calls.yaml`), against a local server: the raw
//! response beside the value (`send_with_response`), the response headers of an API error.

use generated_fixtures::calls_api::types::Thing;
use generated_fixtures::calls_api::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
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
