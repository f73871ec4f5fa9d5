//! End-to-end tests of `botpress-client` (Runtime API) against a local `wiremock` server.
//!
//! One test per operation of `operations/runtime.rs`: each mock pins the method, the exact path,
//! the exact set of query pairs, the identity headers and the exact JSON body (or the absence of
//! a body), and must be hit exactly once; the test then checks the decoded response. The tests
//! after those cover errors, unknown enum values, paging, path encoding and redaction.

use std::collections::BTreeMap;

use botpress_client::types::{self, EventStatus, MessageDirection, MessageOrigin, StateType};
use botpress_client::{operations, Client, Error};
use e2e_tests::{mock, obj, sent, strings, tags, Headers, Query, Reply};
use futures::TryStreamExt;
use serde_json::{json, Value};
use wiremock::{MockBuilder, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const USER: &str = "user_01HZX3K9V7T2Q8M4N6P0R5S1WA";
const USER_2: &str = "user_01HZX3K9V7T2Q8M4N6P0R5S2XB";
const CONV: &str = "conv_01HZX3MB2Q8N4R7T1V5W9Y3Z6A";
const MSG: &str = "msg_01HZX3NC4S6U8W0Y2A4C6E8G0JK";
const EVT: &str = "evt_01HZX3PD5T7V9X1Z3B5D7F9H1KM";
const CREATED: &str = "2024-06-01T09:30:00.000Z";
const UPDATED: &str = "2024-06-02T11:00:00.000Z";

/// A client of `server`: token `tok`, bot `bot_1`.
fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token("tok").bot_id("bot_1").build().expect("client")
}

fn user_json(id: &str) -> Value {
    json!({
        "id": id, "createdAt": CREATED, "updatedAt": UPDATED,
        "tags": {"telegram:id": "4242"},
        "name": "Ada Lovelace", "pictureUrl": "https://cdn.example.com/ada.png",
        "properties": {"plan": "pro", "seats": 3}
    })
}

fn assert_user(user: &types::User, id: &str) {
    assert_eq!(user.id, id);
    assert_eq!(user.created_at, CREATED);
    assert_eq!(user.updated_at, UPDATED);
    assert_eq!(user.tags, tags(&[("telegram:id", "4242")]));
    assert_eq!(user.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(user.picture_url.as_deref(), Some("https://cdn.example.com/ada.png"));
    assert_eq!(user.properties, Some(obj(json!({"plan": "pro", "seats": 3}))));
    assert_eq!(user.attributes, None);
}

fn conversation_json() -> Value {
    json!({
        "id": CONV, "createdAt": CREATED, "updatedAt": UPDATED,
        "channel": "group", "integration": "telegram",
        "tags": {"telegram:chatId": "-100200300"},
        "currentWorkflowId": "wf_onboarding"
    })
}

fn assert_conversation(conversation: &types::Conversation) {
    assert_eq!(conversation.id, CONV);
    assert_eq!(conversation.created_at, CREATED);
    assert_eq!(conversation.channel, "group");
    assert_eq!(conversation.integration, "telegram");
    assert_eq!(conversation.tags, tags(&[("telegram:chatId", "-100200300")]));
    assert_eq!(conversation.current_workflow_id.as_deref(), Some("wf_onboarding"));
    assert_eq!(conversation.current_task_id, None);
}

fn message_json() -> Value {
    json!({
        "id": MSG, "createdAt": CREATED, "updatedAt": UPDATED,
        "type": "text", "payload": {"text": "Hello!"},
        "direction": "outgoing", "userId": USER, "conversationId": CONV,
        "tags": {"telegram:messageId": "77"}, "origin": "synthetic"
    })
}

fn assert_message(message: &types::Message) {
    assert_eq!(message.id, MSG);
    assert_eq!(message.r#type, "text");
    assert_eq!(message.payload, obj(json!({"text": "Hello!"})));
    assert_eq!(message.direction, MessageDirection::Outgoing);
    assert_eq!(message.user_id, USER);
    assert_eq!(message.conversation_id, CONV);
    assert_eq!(message.tags, tags(&[("telegram:messageId", "77")]));
    assert_eq!(message.origin, Some(MessageOrigin::Synthetic));
}

fn event_json(status: &str) -> Value {
    json!({
        "id": EVT, "createdAt": CREATED, "type": "reminder:due",
        "payload": {"reminderId": "r_9", "attempt": 1},
        "status": status, "failureReason": null,
        "conversationId": CONV, "userId": USER
    })
}

fn assert_event(event: &types::Event, status: EventStatus) {
    assert_eq!(event.id, EVT);
    assert_eq!(event.r#type, "reminder:due");
    assert_eq!(event.payload, obj(json!({"reminderId": "r_9", "attempt": 1})));
    assert_eq!(event.status, status);
    assert_eq!(event.failure_reason, None);
    assert_eq!(event.conversation_id.as_deref(), Some(CONV));
    assert_eq!(event.user_id.as_deref(), Some(USER));
    assert_eq!(event.message_id, None);
}

fn state_json() -> Value {
    json!({
        "id": "state_01HZX3QF6V8X0Z2B4D6F8H0K2M", "createdAt": CREATED, "updatedAt": UPDATED,
        "botId": "bot_1", "conversationId": CONV, "name": "session", "type": "conversation",
        "payload": {"step": 3, "lang": "fr"}
    })
}

fn assert_state(state: &types::State) {
    assert_eq!(state.id, "state_01HZX3QF6V8X0Z2B4D6F8H0K2M");
    assert_eq!(state.bot_id, "bot_1");
    assert_eq!(state.conversation_id.as_deref(), Some(CONV));
    assert_eq!(state.user_id, None);
    assert_eq!(state.name, "session");
    assert_eq!(state.r#type, StateType::Conversation);
    assert_eq!(state.payload, obj(json!({"step": 3, "lang": "fr"})));
}

/// The path of the conversation state `session` (the states operations share it).
fn state_path(suffix: &str) -> String {
    format!("/v1/chat/states/conversation/{CONV}/session{suffix}")
}

// ---------------------------------------------------------------------------------------------
// What a mock expects on the wire
// ---------------------------------------------------------------------------------------------

/// Who the request claims to be by default: `authorization: Bearer tok`, `x-bot-id: bot_1`, and no
/// integration identity headers.
const IDENTITY: &[(&str, Option<&str>)] =
    &[("authorization", Some("Bearer tok")), ("x-bot-id", Some("bot_1")), ("x-integration-id", None), ("x-integration-alias", None)];

/// A mock of `verb route` sent as the default identity, with exactly `query` and `body`.
fn on(verb: &str, route: &str, query: &[(&str, &str)], body: Option<Value>) -> MockBuilder {
    on_as(&[], verb, route, query, body)
}

/// A mock of `verb route` sent as the default identity with the headers in `changes` instead.
fn on_as(changes: &[(&str, Option<&str>)], verb: &str, route: &str, query: &[(&str, &str)], body: Option<Value>) -> MockBuilder {
    mock(verb, route, Headers::new(IDENTITY).with(changes), Query::exact(query), body)
}

// ---------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------

#[tokio::test]
#[allow(deprecated)] // a parameter the spec marks deprecated: still sent as written
async fn create_conversation() {
    let server = MockServer::start().await;
    let body = json!({"channel": "group", "tags": {"telegram:chatId": "-100200300"}, "integrationName": "telegram"});
    on("POST", "/v1/chat/conversations", &[], Some(body)).reply(&server, 201, json!({"conversation": conversation_json()})).await;

    let response =
        sent(&server, client(&server).create_conversation("group", tags(&[("telegram:chatId", "-100200300")])).integration_name("telegram").send())
            .await;
    assert_conversation(&response.conversation);
}

#[tokio::test]
async fn list_conversations() {
    let server = MockServer::start().await;
    let query = [
        ("nextToken", "page_2"),
        ("pageSize", "50"),
        ("sortField", "updatedAt"),
        ("sortDirection", "asc"),
        ("tags.foo", "bar"),
        ("tags.telegram:chatId", "-100200300"),
        ("participantIds", USER),
        ("participantIds", USER_2),
        ("integrationName", "telegram"),
        ("channel", "group"),
        ("afterDate", "2024-01-01T00:00:00.000Z"),
        ("beforeDate", "2024-12-31T23:59:59.999Z"),
        ("minMessageCount", "2"),
        ("maxMessageCount", "10"),
    ];
    on("GET", "/v1/chat/conversations", &query, None)
        .reply(&server, 200, json!({"conversations": [conversation_json()], "meta": {"nextToken": "page_3"}}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .list_conversations()
            .next_token("page_2")
            .page_size(50)
            .sort_field(operations::ListConversationsSortField::UpdatedAt)
            .sort_direction(operations::ListConversationsSortDirection::Asc)
            .tags(tags(&[("foo", "bar"), ("telegram:chatId", "-100200300")]))
            .participant_ids([types::UserId::new(USER), types::UserId::new(USER_2)])
            .integration_name("telegram")
            .channel("group")
            .after_date("2024-01-01T00:00:00.000Z")
            .before_date("2024-12-31T23:59:59.999Z")
            .min_message_count(2)
            .max_message_count(10)
            .send(),
    )
    .await;
    assert_eq!(response.conversations.len(), 1);
    assert_conversation(&response.conversations[0]);
    assert_eq!(response.meta.next_token.as_deref(), Some("page_3"));
}

#[tokio::test]
async fn get_conversation() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/chat/conversations/{CONV}"), &[], None).reply(&server, 200, json!({"conversation": conversation_json()})).await;

    let response = sent(&server, client(&server).get_conversation(types::ConversationId::new(CONV)).send()).await;
    assert_conversation(&response.conversation);
}

/// Also: the identity headers can be overridden per call.
#[tokio::test]
async fn update_conversation_with_identity_overrides() {
    let server = MockServer::start().await;
    let identity = [("x-bot-id", Some("other")), ("x-integration-id", Some("intver_42")), ("x-integration-alias", Some("tg-main"))];
    let body = json!({"tags": {"telegram:chatId": "-100200300", "stage": ""}});
    on_as(&identity, "PUT", &format!("/v1/chat/conversations/{CONV}"), &[], Some(body))
        .reply(&server, 200, json!({"conversation": conversation_json()}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .update_conversation(types::ConversationId::new(CONV))
            .tags(tags(&[("telegram:chatId", "-100200300"), ("stage", "")]))
            .bot_id("other")
            .integration_id("intver_42")
            .integration_alias("tg-main")
            .send(),
    )
    .await;
    assert_conversation(&response.conversation);
}

#[tokio::test]
async fn delete_conversation() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/chat/conversations/{CONV}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_conversation(types::ConversationId::new(CONV)).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn get_or_create_conversation() {
    let server = MockServer::start().await;
    let body = json!({
        "channel": "group",
        "tags": {"telegram:chatId": "-100200300", "topic": "support"},
        "discriminateByTags": ["telegram:chatId"]
    });
    on("POST", "/v1/chat/conversations/get-or-create", &[], Some(body))
        .reply(&server, 200, json!({"conversation": conversation_json(), "meta": {"created": false}}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .get_or_create_conversation("group", tags(&[("telegram:chatId", "-100200300"), ("topic", "support")]))
            .discriminate_by_tags(strings(&["telegram:chatId"]))
            .send(),
    )
    .await;
    assert_conversation(&response.conversation);
    assert!(!response.meta.created);
}

// ---------------------------------------------------------------------------------------------
// Participants
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_participants() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/chat/conversations/{CONV}/participants"), &[("nextToken", "p_2")], None)
        .reply(&server, 200, json!({"participants": [user_json(USER), user_json(USER_2)], "meta": {}}))
        .await;

    let response = sent(&server, client(&server).list_participants(types::ConversationId::new(CONV)).next_token("p_2").send()).await;
    assert_eq!(response.participants.len(), 2);
    assert_user(&response.participants[0], USER);
    assert_user(&response.participants[1], USER_2);
    assert_eq!(response.meta.next_token, None);
}

#[tokio::test]
async fn add_participant() {
    let server = MockServer::start().await;
    on("POST", &format!("/v1/chat/conversations/{CONV}/participants"), &[], Some(json!({"userId": USER})))
        .reply(&server, 200, json!({"participant": user_json(USER)}))
        .await;

    let response = sent(&server, client(&server).add_participant(types::ConversationId::new(CONV), types::UserId::new(USER)).send()).await;
    assert_user(&response.participant, USER);
}

#[tokio::test]
async fn get_participant() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/chat/conversations/{CONV}/participants/{USER}"), &[], None)
        .reply(&server, 200, json!({"participant": user_json(USER)}))
        .await;

    let response = sent(&server, client(&server).get_participant(types::ConversationId::new(CONV), types::UserId::new(USER)).send()).await;
    assert_user(&response.participant, USER);
}

#[tokio::test]
async fn remove_participant() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/chat/conversations/{CONV}/participants/{USER}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).remove_participant(types::ConversationId::new(CONV), types::UserId::new(USER)).send()).await;
    assert!(response.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_event() {
    let server = MockServer::start().await;
    let body = json!({
        "type": "reminder:due",
        "payload": {"reminderId": "r_9", "attempt": 1},
        "schedule": {"dateTime": "2024-07-01T08:00:00.000Z"},
        "conversationId": CONV,
        "userId": USER,
        "workflowId": "wflow_01HZX3RG7W9Y1A3C5E7G9J1L3N",
        "messageId": MSG
    });
    on("POST", "/v1/chat/events", &[], Some(body)).reply(&server, 201, json!({"event": event_json("scheduled")})).await;

    let schedule = types::Schedule::new().date_time("2024-07-01T08:00:00.000Z");
    let response = sent(
        &server,
        client(&server)
            .create_event("reminder:due", obj(json!({"reminderId": "r_9", "attempt": 1})))
            .schedule(schedule)
            .conversation_id(types::ConversationId::new(CONV))
            .user_id(types::UserId::new(USER))
            .workflow_id("wflow_01HZX3RG7W9Y1A3C5E7G9J1L3N")
            .message_id(types::MessageId::new(MSG))
            .send(),
    )
    .await;
    assert_event(&response.event, EventStatus::Scheduled);
}

#[tokio::test]
async fn list_events() {
    let server = MockServer::start().await;
    let query = [
        ("nextToken", "ev_2"),
        ("type", "reminder:due"),
        ("conversationId", CONV),
        ("userId", USER),
        ("messageId", MSG),
        ("workflowId", "wflow_1"),
        ("status", "failed"),
    ];
    let mut failed = event_json("failed");
    failed["failureReason"] = json!("handler threw: timeout");
    on("GET", "/v1/chat/events", &query, None)
        .reply(&server, 200, json!({"events": [failed, event_json("processed")], "meta": {"nextToken": "ev_3"}}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .list_events()
            .next_token("ev_2")
            .r#type("reminder:due")
            .conversation_id(types::ConversationId::new(CONV))
            .user_id(types::UserId::new(USER))
            .message_id(types::MessageId::new(MSG))
            .workflow_id("wflow_1")
            .status(operations::ListEventsStatus::Failed)
            .send(),
    )
    .await;
    assert_eq!(response.events.len(), 2);
    assert_eq!(response.events[0].status, EventStatus::Failed);
    assert_eq!(response.events[0].failure_reason.as_deref(), Some("handler threw: timeout"));
    assert_event(&response.events[1], EventStatus::Processed);
    assert_eq!(response.meta.next_token.as_deref(), Some("ev_3"));
}

#[tokio::test]
async fn get_event() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/chat/events/{EVT}"), &[], None).reply(&server, 200, json!({"event": event_json("pending")})).await;

    let response = sent(&server, client(&server).get_event(types::EventId::new(EVT)).send()).await;
    assert_event(&response.event, EventStatus::Pending);
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_message() {
    let server = MockServer::start().await;
    let body = json!({
        "payload": {"text": "Hello!"},
        "userId": USER,
        "conversationId": CONV,
        "type": "text",
        "tags": {"telegram:messageId": "77"},
        "schedule": {"delay": 1500.0},
        "origin": "synthetic"
    });
    on("POST", "/v1/chat/messages", &[], Some(body)).reply(&server, 201, json!({"message": message_json()})).await;

    let response = sent(
        &server,
        client(&server)
            .create_message(
                obj(json!({"text": "Hello!"})),
                types::UserId::new(USER),
                types::ConversationId::new(CONV),
                "text",
                tags(&[("telegram:messageId", "77")]),
            )
            .schedule(types::Schedule::new().delay(1500.0))
            .origin(MessageOrigin::Synthetic)
            .send(),
    )
    .await;
    assert_message(&response.message);
}

#[tokio::test]
async fn list_messages() {
    let server = MockServer::start().await;
    let query = [
        ("nextToken", "m_2"),
        ("conversationId", CONV),
        ("tags.telegram:messageId", "77"),
        ("afterDate", "2024-06-01T00:00:00.000Z"),
        ("beforeDate", "2024-06-30T00:00:00.000Z"),
    ];
    on("GET", "/v1/chat/messages", &query, None).reply(&server, 200, json!({"messages": [message_json()], "meta": {"nextToken": "m_3"}})).await;

    let response = sent(
        &server,
        client(&server)
            .list_messages()
            .next_token("m_2")
            .conversation_id(types::ConversationId::new(CONV))
            .tags(tags(&[("telegram:messageId", "77")]))
            .after_date("2024-06-01T00:00:00.000Z")
            .before_date("2024-06-30T00:00:00.000Z")
            .send(),
    )
    .await;
    assert_eq!(response.messages.len(), 1);
    assert_message(&response.messages[0]);
    assert_eq!(response.meta.next_token.as_deref(), Some("m_3"));
}

#[tokio::test]
async fn get_or_create_message() {
    let server = MockServer::start().await;
    let body = json!({
        "payload": {"text": "Hello!"},
        "userId": USER,
        "conversationId": CONV,
        "type": "text",
        "tags": {"telegram:messageId": "77"},
        "discriminateByTags": ["telegram:messageId"]
    });
    on("POST", "/v1/chat/messages/get-or-create", &[], Some(body))
        .reply(&server, 200, json!({"message": message_json(), "meta": {"created": true}}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .get_or_create_message(types::UserId::new(USER), types::ConversationId::new(CONV), "text", tags(&[("telegram:messageId", "77")]))
            .payload(obj(json!({"text": "Hello!"})))
            .discriminate_by_tags(strings(&["telegram:messageId"]))
            .send(),
    )
    .await;
    assert_message(&response.message);
    assert!(response.meta.created);
}

#[tokio::test]
async fn get_message() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/chat/messages/{MSG}"), &[], None).reply(&server, 200, json!({"message": message_json()})).await;

    let response = sent(&server, client(&server).get_message(types::MessageId::new(MSG)).send()).await;
    assert_message(&response.message);
}

#[tokio::test]
async fn update_message() {
    let server = MockServer::start().await;
    let body = json!({"tags": {"telegram:messageId": "77", "edited": "true"}, "payload": {"text": "Hello again!"}});
    let mut updated = message_json();
    updated["payload"] = json!({"text": "Hello again!"});
    updated["tags"]["edited"] = json!("true");
    on("PUT", &format!("/v1/chat/messages/{MSG}"), &[], Some(body)).reply(&server, 200, json!({"message": updated})).await;

    let response = sent(
        &server,
        client(&server)
            .update_message(types::MessageId::new(MSG))
            .tags(tags(&[("telegram:messageId", "77"), ("edited", "true")]))
            .payload(obj(json!({"text": "Hello again!"})))
            .send(),
    )
    .await;
    assert_eq!(response.message.id, MSG);
    assert_eq!(response.message.payload["text"], "Hello again!");
    assert_eq!(response.message.tags, tags(&[("telegram:messageId", "77"), ("edited", "true")]));
}

#[tokio::test]
async fn update_message_payload_only_sends_no_tags() {
    // `tags` is optional on the newest reference rendering: a payload-only update leaves it out.
    let server = MockServer::start().await;
    let body = json!({"payload": {"text": "Edited"}});
    let mut updated = message_json();
    updated["payload"] = json!({"text": "Edited"});
    on("PUT", &format!("/v1/chat/messages/{MSG}"), &[], Some(body)).reply(&server, 200, json!({"message": updated})).await;

    let response = sent(&server, client(&server).update_message(types::MessageId::new(MSG)).payload(obj(json!({"text": "Edited"}))).send()).await;
    assert_eq!(response.message.payload["text"], "Edited");
}

#[tokio::test]
async fn delete_message() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/chat/messages/{MSG}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_message(types::MessageId::new(MSG)).send()).await;
    assert!(response.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_user() {
    let server = MockServer::start().await;
    let body = json!({
        "tags": {"telegram:id": "4242"},
        "name": "Ada Lovelace",
        "pictureUrl": "https://cdn.example.com/ada.png",
        "properties": {"plan": "pro", "seats": 3}
    });
    on("POST", "/v1/chat/users", &[], Some(body)).reply(&server, 201, json!({"user": user_json(USER)})).await;

    let response = sent(
        &server,
        client(&server)
            .create_user(tags(&[("telegram:id", "4242")]))
            .name("Ada Lovelace")
            .picture_url("https://cdn.example.com/ada.png")
            .properties(obj(json!({"plan": "pro", "seats": 3})))
            .send(),
    )
    .await;
    assert_user(&response.user, USER);
}

#[tokio::test]
async fn list_users() {
    let server = MockServer::start().await;
    let query = [
        ("nextToken", "u_2"),
        ("conversationId", CONV),
        ("tags.telegram:id", "4242"),
        ("afterDate", "2024-01-01T00:00:00.000Z"),
        ("beforeDate", "2024-12-31T00:00:00.000Z"),
        ("rangeField", "updatedAt"),
        ("sortField", "createdAt"),
        ("sortDirection", "desc"),
    ];
    on("GET", "/v1/chat/users", &query, None).reply(&server, 200, json!({"users": [user_json(USER)], "meta": {"nextToken": "u_3"}})).await;

    let response = sent(
        &server,
        client(&server)
            .list_users()
            .next_token("u_2")
            .conversation_id(types::ConversationId::new(CONV))
            .tags(tags(&[("telegram:id", "4242")]))
            .after_date("2024-01-01T00:00:00.000Z")
            .before_date("2024-12-31T00:00:00.000Z")
            .range_field(operations::ListUsersRangeField::UpdatedAt)
            .sort_field(operations::ListUsersSortField::CreatedAt)
            .sort_direction(operations::ListUsersSortDirection::Desc)
            .send(),
    )
    .await;
    assert_eq!(response.users.len(), 1);
    assert_user(&response.users[0], USER);
    assert_eq!(response.meta.next_token.as_deref(), Some("u_3"));
}

#[tokio::test]
async fn get_user() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/chat/users/{USER}"), &[], None).reply(&server, 200, json!({"user": user_json(USER)})).await;

    let response = sent(&server, client(&server).get_user(types::UserId::new(USER)).send()).await;
    assert_user(&response.user, USER);
}

#[tokio::test]
async fn update_user() {
    let server = MockServer::start().await;
    let body = json!({"tags": {"telegram:id": "4242"}, "name": "Ada King", "properties": {"plan": null}});
    let mut updated = user_json(USER);
    updated["name"] = json!("Ada King");
    on("PUT", &format!("/v1/chat/users/{USER}"), &[], Some(body)).reply(&server, 200, json!({"user": updated})).await;

    let response = sent(
        &server,
        client(&server)
            .update_user(types::UserId::new(USER))
            .tags(tags(&[("telegram:id", "4242")]))
            .name("Ada King")
            .properties(obj(json!({"plan": null})))
            .send(),
    )
    .await;
    assert_eq!(response.user.id, USER);
    assert_eq!(response.user.name.as_deref(), Some("Ada King"));
}

/// `name` and `pictureUrl` are optional and nullable: left out unless set, `null` when cleared.
#[tokio::test]
async fn update_user_clears_nullable_fields() {
    let server = MockServer::start().await;
    let body = json!({"name": null, "pictureUrl": "https://example.com/a.png"});
    on("PUT", &format!("/v1/chat/users/{USER}"), &[], Some(body)).reply(&server, 200, json!({"user": user_json(USER)})).await;

    let response =
        sent(&server, client(&server).update_user(types::UserId::new(USER)).clear_name().picture_url("https://example.com/a.png").send()).await;
    assert_eq!(response.user.id, USER);
}

#[tokio::test]
async fn delete_user() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/chat/users/{USER}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_user(types::UserId::new(USER)).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn get_or_create_user() {
    let server = MockServer::start().await;
    let body = json!({
        "tags": {"telegram:id": "4242", "lang": "fr"},
        "name": "Ada Lovelace",
        "discriminateByTags": ["telegram:id"]
    });
    on("POST", "/v1/chat/users/get-or-create", &[], Some(body))
        .reply(&server, 200, json!({"user": user_json(USER), "meta": {"created": true}}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .get_or_create_user(tags(&[("telegram:id", "4242"), ("lang", "fr")]))
            .name("Ada Lovelace")
            .discriminate_by_tags(strings(&["telegram:id"]))
            .send(),
    )
    .await;
    assert_user(&response.user, USER);
    assert!(response.meta.created);
}

// ---------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn set_state_expiry() {
    let server = MockServer::start().await;
    on("POST", &state_path("/expiry"), &[], Some(json!({"expiry": 3600000.0}))).reply(&server, 200, json!({"state": state_json()})).await;

    let response = sent(&server, client(&server).set_state_expiry(StateType::Conversation, CONV, "session", 3_600_000.0).send()).await;
    assert_state(&response.state);
}

#[tokio::test]
async fn get_state() {
    let server = MockServer::start().await;
    on("GET", &state_path(""), &[], None).reply(&server, 200, json!({"state": state_json(), "meta": {"cached": true}})).await;

    let response = sent(&server, client(&server).get_state(StateType::Conversation, CONV, "session").send()).await;
    assert_state(&response.state);
    assert!(response.meta.cached);
}

#[tokio::test]
async fn set_state() {
    let server = MockServer::start().await;
    let body = json!({"payload": {"step": 3, "lang": "fr"}, "expiry": 86400000.0});
    on("POST", &state_path(""), &[], Some(body)).reply(&server, 200, json!({"state": state_json()})).await;

    let response = sent(
        &server,
        client(&server).set_state(StateType::Conversation, CONV, "session", json!({"step": 3, "lang": "fr"})).expiry(86_400_000.0).send(),
    )
    .await;
    assert_state(&response.state);
}

#[tokio::test]
async fn patch_state() {
    let server = MockServer::start().await;
    on("PATCH", &state_path(""), &[], Some(json!({"payload": {"step": 3}}))).reply(&server, 200, json!({"state": state_json()})).await;

    let response = sent(&server, client(&server).patch_state(StateType::Conversation, CONV, "session", obj(json!({"step": 3}))).send()).await;
    assert_state(&response.state);
}

#[tokio::test]
async fn get_or_set_state() {
    let server = MockServer::start().await;
    let body = json!({"payload": {"step": 1, "lang": "en"}, "expiry": 60000.0});
    on("POST", &state_path("/get-or-set"), &[], Some(body)).reply(&server, 200, json!({"state": state_json(), "meta": {"cached": false}})).await;

    let response = sent(
        &server,
        client(&server).get_or_set_state(StateType::Conversation, CONV, "session", obj(json!({"step": 1, "lang": "en"}))).expiry(60_000.0).send(),
    )
    .await;
    assert_state(&response.state);
    assert!(!response.meta.cached);
}

/// `setState` requires `payload` (nullable): `None` sends `"payload": null`, not an empty body.
#[tokio::test]
async fn set_state_without_payload_sends_null() {
    let server = MockServer::start().await;
    on("POST", &state_path(""), &[], Some(json!({"payload": null}))).reply(&server, 200, json!({"state": state_json()})).await;

    let response = sent(&server, client(&server).set_state(StateType::Conversation, CONV, "session", None).send()).await;
    assert_state(&response.state);
}

/// `setStateExpiry` requires `expiry` (nullable, `null` removes the expiry): `None` sends
/// `"expiry": null`.
#[tokio::test]
async fn set_state_expiry_without_expiry_sends_null() {
    let server = MockServer::start().await;
    on("POST", &state_path("/expiry"), &[], Some(json!({"expiry": null}))).reply(&server, 200, json!({"state": state_json()})).await;

    let response = sent(&server, client(&server).set_state_expiry(StateType::Conversation, CONV, "session", None).send()).await;
    assert_state(&response.state);
}

// ---------------------------------------------------------------------------------------------
// Actions, integrations, tags
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn call_action() {
    let server = MockServer::start().await;
    let body = json!({"type": "telegram:sendTyping", "input": {"chatId": "-100200300", "seconds": 2}});
    on("POST", "/v1/chat/actions", &[], Some(body))
        .reply(&server, 200, json!({"output": {"ok": true, "messageIds": [77, 78]}, "meta": {"cached": false}}))
        .await;

    let response = sent(&server, client(&server).call_action("telegram:sendTyping", obj(json!({"chatId": "-100200300", "seconds": 2}))).send()).await;
    assert_eq!(response.output, obj(json!({"ok": true, "messageIds": [77, 78]})));
    assert!(!response.meta.cached);
}

/// Also: an identity header set on the client (`integration_id`) is sent, next to a per-call one.
#[tokio::test]
async fn configure_integration() {
    let server = MockServer::start().await;
    let identity = [("x-bot-id", Some("bot_1")), ("x-integration-id", Some("intver_42")), ("x-integration-alias", Some("tg-main"))];
    let body = json!({
        "identifier": "tg-bot-7781",
        "scheduleRegisterCall": "bi-weekly",
        "sandboxIdentifiers": {"sandbox-a": "tg-sbx-1"}
    });
    on_as(&identity, "POST", "/v1/chat/integrations/configure", &[], Some(body)).reply(&server, 200, json!({})).await;

    let client = Client::builder().base_url(server.uri()).bearer_token("tok").bot_id("bot_1").integration_id("intver_42").build().expect("client");
    let response = sent(
        &server,
        client
            .configure_integration()
            .identifier("tg-bot-7781")
            .schedule_register_call(operations::ConfigureIntegrationBodyScheduleRegisterCall::BiWeekly)
            .sandbox_identifiers(BTreeMap::from([("sandbox-a".to_string(), Some("tg-sbx-1".to_string()))]))
            .integration_alias("tg-main")
            .send(),
    )
    .await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn list_tag_values() {
    let server = MockServer::start().await;
    on("GET", "/v1/chat/tags/plan/values", &[("type", "conversation"), ("nextToken", "t_2")], None)
        .reply(&server, 200, json!({"tags": [{"value": "pro"}, {"value": "free"}], "meta": {"nextToken": "t_3"}}))
        .await;

    let response = sent(&server, client(&server).list_tag_values("plan", operations::ListTagValuesType::Conversation).next_token("t_2").send()).await;
    let values: Vec<&str> = response.tags.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["pro", "free"]);
    assert_eq!(response.meta.next_token.as_deref(), Some("t_3"));
}

// ---------------------------------------------------------------------------------------------
// Errors, enums, paging, encoding, redaction
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn api_error_body_is_decoded() {
    let server = MockServer::start().await;
    on("GET", "/v1/chat/users/user_missing", &[], None)
        .reply(&server, 404, json!({"id": "err_1", "code": 404, "type": "ResourceNotFound", "message": "User not found"}))
        .await;

    let error = client(&server).get_user(types::UserId::new("user_missing")).send().await.expect_err("a 404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status().as_u16(), 404);
    let body = api.body().expect("the error envelope");
    assert_eq!(body.r#type, types::ErrorType::ResourceNotFound);
    assert_eq!(body.message, "User not found");
    assert_eq!(body.id, "err_1");
    assert_eq!(body.code, 404);
    assert_eq!(body.metadata, None);
}

#[tokio::test]
async fn non_json_error_keeps_raw_body() {
    let server = MockServer::start().await;
    let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    on("GET", &format!("/v1/chat/users/{USER}"), &[], None)
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    // A 502 is retried by default; without retries the first answer is the error.
    let client =
        Client::builder().base_url(server.uri()).bearer_token("tok").bot_id("bot_1").retry(botpress_client::RetryPolicy::none()).build().unwrap();
    let error = client.get_user(types::UserId::new(USER)).send().await.expect_err("a 502");
    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status().as_u16(), 502);
    assert!(api.body().is_none());
    assert!(api.raw_body().starts_with("<html><head><title>502 Bad Gateway"), "raw body: {}", api.raw_body());
}

#[tokio::test]
async fn unknown_enum_value_is_kept() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/chat/events/{EVT}"), &[], None).reply(&server, 200, json!({"event": event_json("archived")})).await;

    let response = sent(&server, client(&server).get_event(types::EventId::new(EVT)).send()).await;
    assert_event(&response.event, EventStatus::other("archived"));
    assert!(matches!(response.event.status, EventStatus::Unrecognized(_)), "{:?}", response.event.status);
    assert_eq!(response.event.status.as_str(), "archived");
}

#[tokio::test]
async fn list_users_stream_follows_next_token() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: Option<&str>| {
        let users: Vec<Value> = ids.iter().map(|id| user_json(id)).collect();
        match next {
            Some(token) => json!({"users": users, "meta": {"nextToken": token}}),
            None => json!({"users": users, "meta": {}}),
        }
    };
    let ids = ["user_page1_aaaaaaaaaaaaaaaaaaaaaa", "user_page1_bbbbbbbbbbbbbbbbbbbbbb", "user_page2_cccccccccccccccccccccc"];
    let last = "user_page3_dddddddddddddddddddddd";
    let filter = ("tags.lang", "fr");
    on("GET", "/v1/chat/users", &[filter], None).reply(&server, 200, page(&ids[..2], Some("tok_p2"))).await;
    on("GET", "/v1/chat/users", &[filter, ("nextToken", "tok_p2")], None).reply(&server, 200, page(&ids[2..], Some("tok_p3"))).await;
    on("GET", "/v1/chat/users", &[filter, ("nextToken", "tok_p3")], None).reply(&server, 200, page(&[last], None)).await;

    let stream = client(&server).list_users().tags(tags(&[("lang", "fr")])).into_stream();
    let users: Vec<types::User> = sent(&server, stream.try_collect()).await;
    let got: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(got, [ids[0], ids[1], ids[2], last]);
    assert_eq!(server.received_requests().await.expect("recording").len(), 3);
}

#[tokio::test]
async fn path_parameter_is_one_encoded_segment() {
    let server = MockServer::start().await;
    on("GET", "/v1/chat/users/a%2Fb%20c", &[], None).reply(&server, 200, json!({"user": user_json("a/b c")})).await;

    let response = sent(&server, client(&server).get_user(types::UserId::new("a/b c")).send()).await;
    assert_eq!(response.user.id, "a/b c");
}

#[tokio::test]
async fn dot_dot_path_parameter_is_refused_before_sending() {
    let server = MockServer::start().await;

    let error = client(&server).get_user(types::UserId::new("..")).send().await.expect_err("`..` must be refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "got {error:?}");
    assert!(server.received_requests().await.expect("recording").is_empty());
}

#[tokio::test]
async fn debug_output_hides_the_token() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).bearer_token("s3cr3t-t0ken").bot_id("bot_1").build().unwrap();

    for printed in [format!("{client:?}"), format!("{:?}", client.get_user(types::UserId::new(USER))), format!("{client:#?}")] {
        assert!(!printed.contains("s3cr3t-t0ken"), "the token leaks: {printed}");
        assert!(printed.contains("bot_1"), "{printed}");
    }
}
