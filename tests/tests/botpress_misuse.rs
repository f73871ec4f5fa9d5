//! Mistakes that cannot be caught at compile time are caught by `send`, before anything goes on
//! the wire: a required field left unset is not invented, and a free-form field the spec says is
//! an object refuses anything else. (The mistakes that no longer compile are in
//! `compile_fail.rs`.)

use botpress_client::types::StateType;
use botpress_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that expects no request at all, and a client of it.
async fn nothing_expected() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).bearer_token("tok").bot_id("bot_1").build().expect("client");
    (server, client)
}

fn invalid(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::InvalidRequest(message)) => message,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn upsert_file_without_size_is_refused_instead_of_sending_zero() {
    let (server, client) = nothing_expected().await;
    let message = invalid(client.upsert_file("docs/a.txt").content_type("text/plain").send().await);
    assert!(message.contains("`size` is required"), "{message}");
    assert!(message.contains("send_with_content"), "{message}");
    server.verify().await;
}

#[tokio::test]
async fn a_free_form_object_refuses_other_json() {
    let (server, client) = nothing_expected().await;
    let message = invalid(client.call_action("telegram:sendTyping", json!([1, 2])).send().await);
    assert_eq!(message, "`input` must be a JSON object, not an array");
    let message = invalid(client.create_event("reminder", "at noon").send().await);
    assert_eq!(message, "`payload` must be a JSON object, not a string");
    let message = invalid(client.find_table_rows("Orders").filter(json!(5)).send().await);
    assert_eq!(message, "`filter` must be a JSON object, not a number");
    let rows = [json!({"total": 1}), json!(null)];
    let message = invalid(client.create_table_rows("Orders", rows).send().await);
    assert_eq!(message, "`rows` must be a JSON object, not null");
    server.verify().await;
}

#[tokio::test]
async fn a_free_form_object_takes_any_serialize_value_and_null_where_allowed() {
    #[derive(serde::Serialize)]
    struct Typing {
        seconds: u32,
    }
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).bearer_token("tok").build().expect("client");
    Mock::given(wiremock::matchers::body_json(json!({"type": "telegram:sendTyping", "input": {"seconds": 5}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"output": {}, "meta": {"cached": false}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::body_json(json!({"payload": null}))).respond_with(ResponseTemplate::new(500)).expect(1).mount(&server).await;
    client.call_action("telegram:sendTyping", Typing { seconds: 5 }).send().await.expect("typed input");
    // `null` where the spec allows it: sent as `null`, not refused.
    let error = client.set_state(StateType::User, "user_1", "s", None).send().await.expect_err("500");
    assert!(matches!(error, Error::Api(_)), "{error}");
    server.verify().await;
}

#[tokio::test]
async fn a_free_form_object_takes_key_value_pairs_like_every_tags_setter() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).bearer_token("tok").build().expect("client");
    Mock::given(wiremock::matchers::query_param("tags.team", "ops"))
        .and(wiremock::matchers::query_param("tags.lang", "fr"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"files": [], "meta": {}})))
        .expect(2)
        .mount(&server)
        .await;
    // The files' tag filter is free-form (a value may also be a list or `{"not": ..}`), yet takes
    // the same pairs as the tags of users or conversations.
    client.list_files().tags([("team", "ops"), ("lang", "fr")]).send().await.expect("pairs");
    client.list_files().tags(json!({"team": "ops", "lang": "fr"})).send().await.expect("an object");
    server.verify().await;
}

#[tokio::test]
async fn an_unknown_enum_value_is_written_explicitly() {
    let field = botpress_client::operations::ListUsersSortField::other("lastSeenAt");
    assert!(matches!(&field, botpress_client::operations::ListUsersSortField::Unrecognized(v) if v.as_str() == "lastSeenAt"), "{field:?}");
    assert_eq!(
        botpress_client::operations::ListUsersSortField::other("createdAt"),
        botpress_client::operations::ListUsersSortField::CreatedAt,
        "a known value gives its variant"
    );
    assert_eq!(field.as_str(), "lastSeenAt");
}
