//! Data as real servers send it (`wire_data.yaml`), against a local server: a relative server
//! URL under the origin given, optional bodies left unset sent as nothing, the response's own
//! Content-Type honoured, floats kept to the last bit, a `null` of any JSON kept, and the crate's
//! `ErrorBody` typed although some operations document no error body.

use generated_fixtures::wire_data_api::types::{Measurement, Query, Settings};
use generated_fixtures::wire_data_api::{Client, Error, ErrorBody, RetryPolicy, DEFAULT_BASE_URL};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client")
}

/// Answers `verb /api<route>` with `response`, once.
async fn answer(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb)).and(path(format!("/api{route}"))).respond_with(response).expect(1).mount(server).await;
}

/// The one request the server received.
async fn received(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

#[test]
fn a_relative_server_url_is_a_path_under_the_origin_given() {
    assert_eq!(DEFAULT_BASE_URL, "/api");
    let client = Client::builder().base_url("http://127.0.0.1:4211").build().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:4211/api");
    let client = Client::builder().base_url("http://127.0.0.1:4211/").build().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:4211/api");
    // A URL with a path of its own is the whole base URL (a proxy's prefix, say).
    let client = Client::builder().base_url("http://127.0.0.1:4211/proxy/api").build().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:4211/proxy/api");
}

#[test]
fn without_an_origin_build_fails_naming_the_setter() {
    let message = match Client::builder().build() {
        Err(Error::InvalidRequest(message)) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    };
    assert!(message.contains("ClientBuilder::base_url") && message.contains("`/api`") && message.contains("relative"), "{message}");
}

#[tokio::test]
async fn calls_go_under_the_relative_path() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/ping", ResponseTemplate::new(204)).await;
    client(&server).ping().send().await.unwrap();
    assert_eq!(received(&server).await.url.path(), "/api/ping");
}

#[tokio::test]
async fn an_unset_optional_body_is_not_sent() {
    // A whole body (`$ref`), JSON and form, and a body of inline fields none of which is set.
    for (verb, route) in [("PUT", "/settings"), ("POST", "/search"), ("PATCH", "/settings")] {
        let server = MockServer::start().await;
        answer(&server, verb, route, ResponseTemplate::new(200).set_body_json(json!({"theme": "dark"}))).await;
        let settings = match verb {
            "PUT" => client(&server).put_settings().send().await,
            "POST" => client(&server).search().send().await,
            _ => client(&server).patch_settings().send().await,
        };
        assert_eq!(settings.unwrap().theme.as_deref(), Some("dark"));
        let request = received(&server).await;
        assert!(request.body.is_empty(), "{verb} {route}: no `null`, no `{{}}`: {:?}", String::from_utf8_lossy(&request.body));
        assert!(!request.headers.contains_key("content-type"), "{verb} {route}: no content type: {:?}", request.headers);
    }
}

#[tokio::test]
async fn a_set_optional_body_is_sent() {
    let server = MockServer::start().await;
    answer(&server, "PUT", "/settings", ResponseTemplate::new(200).set_body_json(json!({}))).await;
    client(&server).put_settings().body(Settings::new().theme("dark")).send().await.unwrap();
    let request = received(&server).await;
    assert_eq!(serde_json::from_slice::<Value>(&request.body).unwrap(), json!({"theme": "dark"}));
    assert_eq!(request.headers["content-type"], "application/json");

    let server = MockServer::start().await;
    answer(&server, "PATCH", "/settings", ResponseTemplate::new(200).set_body_json(json!({}))).await;
    client(&server).patch_settings().theme("light").send().await.unwrap();
    assert_eq!(received(&server).await.body, br#"{"theme":"light"}"#);

    let server = MockServer::start().await;
    answer(&server, "POST", "/search", ResponseTemplate::new(200).set_body_json(json!({}))).await;
    client(&server).search().body(Query::new().q("a b")).send().await.unwrap();
    let request = received(&server).await;
    assert_eq!((request.body.as_slice(), &request.headers["content-type"]), (&b"q=a%20b"[..], &"application/x-www-form-urlencoded".parse().unwrap()));
}

/// `GET /api<route>` answered 200 with `body` as `content_type`.
async fn served(route: &str, body: &str, content_type: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    answer(&server, "GET", route, ResponseTemplate::new(200).set_body_raw(body.to_string(), content_type)).await;
    let client = client(&server);
    (server, client)
}

#[tokio::test]
async fn text_documented_and_sent_as_a_json_string_is_the_string() {
    let (_server, client) = served("/version", r#""1.0.0""#, "application/json").await;
    assert_eq!(client.get_version().send().await.unwrap(), "1.0.0");
    let (_server, client) = served("/version", r#""tab\tand \"quotes\"""#, "application/json; charset=utf-8").await;
    assert_eq!(client.get_version().send().await.unwrap(), "tab\tand \"quotes\"");
}

#[tokio::test]
async fn text_documented_and_sent_as_text_is_the_text_as_it_came() {
    // Quotes included: text is not read as JSON.
    for body in ["1.0.0", r#""1.0.0""#, "", "{not json"] {
        let (_server, client) = served("/version", body, "text/plain; charset=utf-8").await;
        assert_eq!(client.get_version().send().await.unwrap(), body);
    }
    // Another JSON value than a string (or no JSON at all) sent as JSON: the text as it came.
    for body in [r#"{"version":"1.0.0"}"#, "100", "1.0.0"] {
        let (_server, client) = served("/version", body, "application/json").await;
        assert_eq!(client.get_version().send().await.unwrap(), body);
    }
}

#[tokio::test]
async fn json_documented_and_sent_as_text_is_read_as_the_text_says() {
    // A string: the text itself, quotes and all.
    let (_server, client) = served("/greeting", "hello", "text/plain").await;
    assert_eq!(client.get_greeting().send().await.unwrap(), "hello");
    let (_server, client) = served("/greeting", r#""hello""#, "text/plain").await;
    assert_eq!(client.get_greeting().send().await.unwrap(), r#""hello""#);
    // Sent as JSON: the JSON string.
    let (_server, client) = served("/greeting", r#""hello""#, "application/json").await;
    assert_eq!(client.get_greeting().send().await.unwrap(), "hello");
    // A number sent as text is that number; text that is not one is a decoding error, not a guess.
    let (_server, client) = served("/count", "42", "text/plain").await;
    assert_eq!(client.get_count().send().await.unwrap(), 42);
    let (_server, client) = served("/count", "forty-two", "text/plain").await;
    let error = client.get_count().send().await.unwrap_err();
    assert!(matches!(&error, Error::Decode { body, .. } if body == "forty-two"), "{error:?}");
    // Another kind of text (an HTML page from a proxy) is not taken for the documented string.
    let (_server, client) = served("/greeting", "<html>Moved</html>", "text/html").await;
    let error = client.get_greeting().send().await.unwrap_err();
    assert!(matches!(&error, Error::Decode { body, .. } if body == "<html>Moved</html>"), "{error:?}");
    // An object sent as text (a server that mislabels its JSON) still decodes.
    let server = MockServer::start().await;
    answer(&server, "POST", "/measurements", ResponseTemplate::new(200).set_body_raw(r#"{"value": 2.5}"#, "text/plain")).await;
    assert_eq!(self::client(&server).record(Measurement::new(2.5)).send().await.unwrap().value, 2.5);
}

#[tokio::test]
async fn a_response_without_a_documented_body_is_not_read() {
    for (body, content_type) in [("OK", "text/plain"), ("{}", "application/json"), ("<ok/>", "application/xml"), ("", "")] {
        let server = MockServer::start().await;
        answer(&server, "POST", "/ping", ResponseTemplate::new(200).set_body_raw(body, content_type)).await;
        client(&server).ping().send().await.unwrap_or_else(|e| panic!("{body:?} as {content_type:?}: {e}"));
    }
}

#[tokio::test]
async fn floats_survive_decoding_and_encoding_to_the_last_bit() {
    let wire = r#"{"value":-8.783288068298986e-57,"single":3.4028235e38,"values":[3.4028234663852886e+38,0.1,5e-324,1.7976931348623157e+308]}"#;
    let server = MockServer::start().await;
    answer(&server, "POST", "/measurements", ResponseTemplate::new(200).set_body_raw(wire, "application/json")).await;
    let sent = Measurement::new(1.0);
    let stored = client(&server).record(sent).send().await.unwrap();
    assert_eq!(stored.value.to_bits(), (-8.783288068298986e-57f64).to_bits(), "{:e}", stored.value);
    // `format: float` is read as an `f64`: the text `3.4028235e38` is that number, not `f32::MAX` widened.
    assert_eq!(stored.single, Some(3.4028235e38));
    let values = stored.values.clone().unwrap();
    let expected = [3.4028234663852886e+38f64, 0.1, 5e-324, f64::MAX];
    assert_eq!(values.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), expected.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "{values:?}");

    // Sent back: the same numbers, by value, read exactly.
    let server = MockServer::start().await;
    answer(&server, "POST", "/measurements", ResponseTemplate::new(200).set_body_raw(wire, "application/json")).await;
    client(&server).record(stored).send().await.unwrap();
    let body = received(&server).await.body;
    let back: Value = serde_json::from_slice(&body).unwrap();
    let original: Value = serde_json::from_str(wire).unwrap();
    assert_eq!(back, original, "{}", String::from_utf8_lossy(&body));
    let value = back["value"].as_f64().unwrap();
    assert_eq!(value.to_bits(), (-8.783288068298986e-57f64).to_bits(), "{}", String::from_utf8_lossy(&body));
}

#[tokio::test]
async fn a_null_of_any_json_stays_null_and_absent_stays_absent() {
    for wire in [json!({"where": null, "extra": null}), json!({}), json!({"where": {"a": [1, null]}, "extra": "x"}), json!({"where": false})] {
        let server = MockServer::start().await;
        answer(&server, "PUT", "/settings", ResponseTemplate::new(200).set_body_json(&wire)).await;
        let settings = client(&server).put_settings().send().await.unwrap();
        assert_eq!(settings.r#where.is_some(), wire.get("where").is_some(), "{wire}");
        assert_eq!(serde_json::to_value(&settings).unwrap(), wire, "written back as it came");

        let server = MockServer::start().await;
        answer(&server, "PUT", "/settings", ResponseTemplate::new(200).set_body_json(json!({}))).await;
        client(&server).put_settings().body(settings).send().await.unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&received(&server).await.body).unwrap(), wire, "sent as it came");
    }
}

#[tokio::test]
async fn the_shared_error_body_is_typed_for_every_operation() {
    // `ping` documents no error body; `getGreeting` and `putSettings` document a `Problem`.
    let _: fn(&ErrorBody) -> &str = |problem| problem.code.as_str();
    let server = MockServer::start().await;
    answer(&server, "POST", "/ping", ResponseTemplate::new(503).set_body_json(json!({"code": "down"}))).await;
    let error = client(&server).ping().send().await.unwrap_err();
    let api = error.api().expect("an API error");
    assert_eq!((api.status().as_u16(), api.body().map(|p| p.code.as_str())), (503, Some("down")));
}
