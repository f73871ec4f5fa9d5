//! The typed mocks (`mock` feature) used as a user would: a small piece of application code,
//! "greet every new participant of a conversation", tested through `mock::MockServer` — a
//! three-page listing, the messages it sends, an error path, and the report of a mismatch.

use botpress_client::mock::MockServer;
use botpress_client::types::{ConversationId, UserId};
use botpress_client::{Client, Error};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// The application code under test
// ---------------------------------------------------------------------------------------------

/// Sends a welcome message to every participant of `conversation` not tagged `greeted` yet;
/// returns how many were greeted.
async fn greet_new_participants(client: &Client, conversation: &ConversationId) -> botpress_client::Result<usize> {
    let participants = client.list_participants(conversation.clone()).collect_all().await?;
    let mut greeted = 0;
    for user in participants.iter().filter(|u| !u.tags.contains_key("greeted")) {
        let name = user.name.as_deref().unwrap_or("there");
        client
            .create_message(json!({"text": format!("Welcome, {name}!")}), user.id.clone(), conversation.clone(), "text", [("greeting", "welcome")])
            .send()
            .await?;
        greeted += 1;
    }
    Ok(greeted)
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const CONV: &str = "conv_01J0K90B3D5F7H9K1M3P5R7T9V";
const AT: &str = "2024-06-03T14:25:07Z";

fn conversation() -> ConversationId {
    ConversationId::new(CONV)
}

fn user(id: &str, name: &str, greeted: bool) -> Value {
    let tags = if greeted { json!({"greeted": "yes"}) } else { json!({}) };
    json!({"id": id, "name": name, "createdAt": AT, "updatedAt": AT, "tags": tags})
}

/// A typed value from JSON (the responses are `#[non_exhaustive]`: made by decoding, as the
/// client does).
fn typed<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid response")
}

fn page(users: &[Value], next: Option<&str>) -> botpress_client::operations::ListParticipantsResponse {
    let meta = match next {
        Some(token) => json!({"nextToken": token}),
        None => json!({}),
    };
    typed(json!({"participants": users, "meta": meta}))
}

fn message(user: &str, text: &str) -> botpress_client::operations::CreateMessageResponse {
    typed(json!({"message": {
        "id": "msg_1", "createdAt": AT, "updatedAt": AT, "type": "text", "payload": {"text": text},
        "direction": "outgoing", "userId": user, "conversationId": CONV, "tags": {"greeting": "welcome"}
    }}))
}

fn welcome<'a>(
    mock: &'a MockServer,
    user: &str,
    name: &str,
) -> botpress_client::mock::Expectation<'a, botpress_client::operations::CreateMessage, botpress_client::operations::CreateMessageResponse> {
    let text = format!("Welcome, {name}!");
    mock.create_message(json!({"text": text}), UserId::new(user), conversation(), "text", [("greeting", "welcome")])
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_new_participant_of_three_pages_is_greeted_once() {
    let mock = MockServer::start().await;
    mock.list_participants(conversation())
        .pages([
            page(&[user("user_ann", "Ann", false), user("user_bob", "Bob", true)], Some("page-2")),
            page(&[user("user_cid", "Cid", false)], Some("page-3")),
            page(&[user("user_dee", "Dee", false)], None),
        ])
        .await;
    for (id, name) in [("user_ann", "Ann"), ("user_cid", "Cid"), ("user_dee", "Dee")] {
        welcome(&mock, id, name).times(1).respond(message(id, &format!("Welcome, {name}!"))).await;
    }

    let greeted = greet_new_participants(&mock.client(), &conversation()).await.expect("greeted");
    assert_eq!(greeted, 3, "Bob was greeted before");
    assert!(mock.take_unmatched().is_empty());
    mock.verify().await; // each page and each welcome exactly once
}

#[tokio::test]
async fn the_error_of_the_api_reaches_the_caller_typed() {
    let mock = MockServer::start().await;
    mock.list_participants(conversation()).respond(page(&[user("user_ann", "Ann", false)], None)).await;
    welcome(&mock, "user_ann", "Ann")
        .respond_error(403, json!({"id": "err_1", "code": 403, "type": "Forbidden", "message": "The bot cannot write here"}))
        .await;

    let error = greet_new_participants(&mock.client(), &conversation()).await.expect_err("the message is refused");
    let Error::Api(api) = error else { panic!("not an API error: {error:?}") };
    assert_eq!(api.status().as_u16(), 403);
    let body = api.body().expect("a typed error body");
    assert_eq!(body.message, "The bot cannot write here");
    assert!(mock.take_unmatched().is_empty());
}

#[tokio::test]
async fn a_request_no_expectation_matches_is_reported_with_the_closest_and_the_difference() {
    let mock = MockServer::start().await;
    mock.list_participants(conversation()).respond(page(&[user("user_ann", "Anne", false)], None)).await;
    // The test expects "Ann", the code greets the name it got: "Anne".
    welcome(&mock, "user_ann", "Ann").respond(message("user_ann", "Welcome, Ann!")).await;

    let error = greet_new_participants(&mock.client(), &conversation()).await.expect_err("unmatched");
    let Error::Api(api) = error else { panic!("not an API error: {error:?}") };
    assert_eq!(api.status().as_u16(), 404);
    let reports = mock.take_unmatched();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = &reports[0];
    assert!(report.starts_with("unmatched request: POST /v1/chat/messages"), "{report}");
    assert!(report.contains("closest expectation: `createMessage` (POST /v1/chat/messages)"), "{report}");
    assert!(report.contains(r#"body: expected `{"payload":{"text":"Welcome, Ann!"}"#), "{report}");
    assert!(report.contains(r#"got `{"payload":{"text":"Welcome, Anne!"}"#), "{report}");
    assert_eq!(report.matches("\n  - ").count(), 1, "only the body differs: {report}");
    assert!(api.raw_body().contains("closest expectation"), "the 404's body says it too");
}

#[tokio::test]
async fn parameters_identity_headers_and_times_are_matched_as_the_client_sends_them() {
    let mock = MockServer::start().await;
    let client = mock.client_builder().bot_id("bot_1").build().unwrap();
    mock.get_user(UserId::new("user/1"))
        .with(|call| call.bot_id("bot_1"))
        .times(2)
        .respond(typed(json!({"user": user("user/1", "Ann", false)})))
        .await;

    for _ in 0..2 {
        let user = client.get_user(UserId::new("user/1")).send().await.expect("matched: the id encoded as the client does");
        assert_eq!(user.user.name.as_deref(), Some("Ann"));
    }
    // A third call is one too many; another bot is a different identity.
    assert!(client.get_user(UserId::new("user/1")).send().await.is_err());
    let reports = mock.take_unmatched();
    assert!(reports[0].contains("already called as many times as its `.times(..)` allows"), "{reports:?}");
    let other = mock.client_builder().bot_id("bot_2").build().unwrap();
    assert!(other.get_user(UserId::new("user/1")).send().await.is_err());
    let reports = mock.take_unmatched();
    assert!(reports[0].contains("header `x-bot-id`: expected `bot_1`, got `bot_2`"), "{reports:?}");
    assert!(reports[0].contains("GET /v1/chat/users/user%2F1"), "{reports:?}");
}

#[tokio::test]
#[should_panic(expected = "1 request(s) matched no expectation of the mock")]
async fn an_unmatched_request_fails_the_test_when_the_mock_is_dropped() {
    let mock = MockServer::start().await;
    let _ = mock.client().get_user(UserId::new("user_1")).send().await;
}
