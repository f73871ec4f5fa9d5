//! End-to-end tests of `botpress-chat-client` (Botpress Chat API) against a local `wiremock`
//! server standing in for `https://chat.botpress.cloud/{webhookId}`.
//!
//! One test per operation: each mock pins the method, the exact path under the webhook id, the
//! `x-user-key` header (absent for `createUser`), the exact query and JSON body, and must be
//! hit exactly once; the test then checks the decoded response. Then: the conversation's event
//! stream, `connect` (new user, known key, signed key), JWT signing against a known vector,
//! message payload kinds (unknown ones keep their JSON) and redaction of the key.

use botpress_chat_client::connect::{connect, sign_user_key, sign_user_key_at, Identity, UserKey};
use botpress_chat_client::types::{
    BlocItem, CardAction, CardActionAction, CardPayload, CarouselPayload, ChoiceOption, ChoicePayload, MessagePayload, Signal, TextPayload, UserData,
};
use botpress_chat_client::{Client, Error};
use e2e_tests::{mock, obj, sent, Headers, Query, Reply};
use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use wiremock::{MockBuilder, MockServer, ResponseTemplate};

const WEBHOOK: &str = "wh_90f1c6a2e4b851";
const KEY: &str = "uk_eyJhbGciOiJIUzI1NiJ9.secret";
const USER: &str = "user_01J0K8Z4W6N2Q5R7T9V1X3Y5A7";
const CONV: &str = "conv_01J0K90B3D5F7H9K1M3P5R7T9V";
const MSG: &str = "msg_01J0K91C4E6G8J0L2N4Q6S8U0W";
const AT: &str = "2024-06-03T14:25:07.000Z";

/// A client of `server` under the webhook id, carrying the user key.
fn client(server: &MockServer) -> Client {
    Client::builder().base_url(format!("{}/{WEBHOOK}", server.uri())).user_key(KEY).build().expect("client")
}

fn route(suffix: &str) -> String {
    format!("/{WEBHOOK}{suffix}")
}

/// A mock of `verb /{webhook}{suffix}` sent with the user key.
fn on(verb: &str, suffix: &str, query: &[(&str, &str)], body: Option<Value>) -> MockBuilder {
    mock(verb, &route(suffix), Headers::new(&[("x-user-key", Some(KEY))]), Query::exact(query), body)
}

fn user_json() -> Value {
    json!({"id": USER, "name": "Ann", "pictureUrl": "https://example.com/ann.png", "profile": "{\"plan\":\"pro\"}", "createdAt": AT, "updatedAt": AT})
}

fn conversation_json(id: &str) -> Value {
    json!({"id": id, "createdAt": AT, "updatedAt": AT})
}

fn message_json(id: &str, text: &str) -> Value {
    json!({"id": id, "createdAt": AT, "payload": {"type": "text", "text": text}, "userId": USER, "conversationId": CONV})
}

fn event_json() -> Value {
    json!({"id": "evt_1", "createdAt": AT, "payload": {"kind": "typing"}, "conversationId": CONV, "userId": USER})
}

fn text_of(payload: &MessagePayload) -> &str {
    match payload {
        MessagePayload::TextPayload(t) => &t.text,
        other => panic!("expected a text payload, got {other:?}"),
    }
}

// ---- Users ----

#[tokio::test]
async fn create_user_is_unauthenticated_and_returns_the_key() {
    let server = MockServer::start().await;
    mock("POST", &route("/users"), Headers::new(&[("x-user-key", None)]), Query::exact(&[]), Some(json!({"name": "Ann", "id": USER})))
        .reply(&server, 201, json!({"user": user_json(), "key": KEY}))
        .await;
    // The client carries a key: createUser, which does not take one, leaves it out.
    let created = sent(&server, client(&server).create_user().name("Ann").id(USER).send()).await;
    assert_eq!(created.key, KEY);
    assert_eq!(created.user.id, USER);
    assert_eq!(created.user.profile.as_deref(), Some("{\"plan\":\"pro\"}"));
}

#[tokio::test]
async fn create_user_sends_a_key_only_when_the_call_sets_one() {
    let server = MockServer::start().await;
    mock("POST", &route("/users"), Headers::new(&[("x-user-key", Some("explicit"))]), Query::exact(&[]), Some(json!({})))
        .reply(&server, 201, json!({"user": user_json(), "key": KEY}))
        .await;
    sent(&server, client(&server).create_user().user_key("explicit").send()).await;
}

#[tokio::test]
async fn a_success_answer_carrying_the_bridges_error_object_is_the_api_error_with_its_status() {
    let server = MockServer::start().await;
    on("GET", "/users/me", &[], None).reply(&server, 200, json!({"code": 403, "message": "Forbidden: invalid user key"})).await;
    match client(&server).get_user().send().await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status().as_u16(), 403);
            let body = error.body().expect("the error body decodes");
            assert_eq!((body.code, body.message.as_str(), body.r#type.as_deref()), (403, "Forbidden: invalid user key", None));
        }
        other => panic!("expected the API's 403, got {other:?}"),
    }
    // A `code` that is not an error status, or not a number, is data: not an error.
    on("GET", &format!("/conversations/{CONV}"), &[], None).reply(&server, 200, json!({"code": 200, "conversation": conversation_json(CONV)})).await;
    assert_eq!(sent(&server, client(&server).get_conversation(CONV).send()).await.conversation.id, CONV);
    on("GET", &format!("/messages/{MSG}"), &[], None).reply(&server, 200, json!({"code": "403", "message": "x"})).await;
    assert!(matches!(client(&server).get_message(MSG).send().await, Err(Error::Decode { .. })));
}

#[tokio::test]
async fn a_listen_request_answered_with_the_bridges_error_object_is_the_api_error() {
    let server = MockServer::start().await;
    on("GET", &format!("/conversations/{CONV}/listen"), &[], None).reply(&server, 200, json!({"code": 401, "message": "Unauthorized"})).await;
    match client(&server).listen_conversation(CONV).send().await {
        Err(Error::Api(error)) => assert_eq!(error.status().as_u16(), 401),
        other => panic!("expected the API's 401, got {other:?}"),
    }
}

#[tokio::test]
async fn get_user() {
    let server = MockServer::start().await;
    on("GET", "/users/me", &[], None).reply(&server, 200, json!({"user": user_json()})).await;
    let user = sent(&server, client(&server).get_user().send()).await.user;
    assert_eq!((user.id.as_str(), user.name.as_deref()), (USER, Some("Ann")));
}

#[tokio::test]
async fn update_user() {
    let server = MockServer::start().await;
    on("PUT", "/users/me", &[], Some(json!({"name": "Ann B", "profile": "p"}))).reply(&server, 200, json!({"user": user_json()})).await;
    let user = sent(&server, client(&server).update_user(UserData::default().name("Ann B").profile("p")).send()).await.user;
    assert_eq!(user.id, USER);
}

#[tokio::test]
async fn delete_user() {
    let server = MockServer::start().await;
    on("DELETE", "/users/me", &[], Some(json!({}))).reply(&server, 200, json!({})).await;
    sent(&server, client(&server).delete_user().send()).await;
}

#[tokio::test]
async fn get_or_create_user() {
    let server = MockServer::start().await;
    on("POST", "/users/get-or-create", &[], Some(json!({"pictureUrl": "https://example.com/ann.png"})))
        .reply(&server, 200, json!({"user": user_json()}))
        .await;
    let body = UserData::default().picture_url("https://example.com/ann.png");
    let user = sent(&server, client(&server).get_or_create_user(body).send()).await.user;
    assert_eq!(user.picture_url.as_deref(), Some("https://example.com/ann.png"));
}

// ---- Conversations ----

#[tokio::test]
async fn create_conversation() {
    let server = MockServer::start().await;
    on("POST", "/conversations", &[], Some(json!({"id": CONV}))).reply(&server, 201, json!({"conversation": conversation_json(CONV)})).await;
    let conversation = sent(&server, client(&server).create_conversation().id(CONV).send()).await.conversation;
    assert_eq!(conversation.id, CONV);
}

#[tokio::test]
async fn list_conversations_follows_every_page() {
    let server = MockServer::start().await;
    on("GET", "/conversations", &[], None)
        .reply(&server, 200, json!({"conversations": [conversation_json("conv_a")], "meta": {"nextToken": "t2"}}))
        .await;
    on("GET", "/conversations", &[("nextToken", "t2")], None)
        .reply(&server, 200, json!({"conversations": [conversation_json("conv_b")], "meta": {}}))
        .await;
    let all = sent(&server, client(&server).list_conversations().collect_all()).await;
    assert_eq!(all.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["conv_a", "conv_b"]);
}

#[tokio::test]
async fn get_conversation() {
    let server = MockServer::start().await;
    on("GET", &format!("/conversations/{CONV}"), &[], None).reply(&server, 200, json!({"conversation": conversation_json(CONV)})).await;
    assert_eq!(sent(&server, client(&server).get_conversation(CONV).send()).await.conversation.id, CONV);
}

#[tokio::test]
async fn delete_conversation() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/conversations/{CONV}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;
    sent(&server, client(&server).delete_conversation(CONV).send()).await;
}

#[tokio::test]
async fn get_or_create_conversation() {
    let server = MockServer::start().await;
    on("POST", "/conversations/get-or-create", &[], Some(json!({"id": CONV})))
        .reply(&server, 201, json!({"conversation": conversation_json(CONV)}))
        .await;
    assert_eq!(sent(&server, client(&server).get_or_create_conversation(CONV).send()).await.conversation.id, CONV);
}

#[tokio::test]
async fn listen_conversation_streams_typed_signals() {
    let server = MockServer::start().await;
    let body = [
        ": keep-alive\n\n".to_string(),
        format!("data: {}\n\n", json!({"type": "message_created", "data": message_json(MSG, "hi there")})),
        format!("data: {}\n\n", json!({"type": "message_deleted", "data": {"id": MSG, "conversationId": CONV}})),
        format!("data: {}\n\n", json!({"type": "event_created", "data": event_json()})),
        format!("data: {}\n\n", json!({"type": "participant_added", "data": {"conversationId": CONV, "participantId": USER}})),
        format!("data: {}\n\n", json!({"type": "participant_removed", "data": {"conversationId": CONV, "participantId": USER}})),
        format!("data: {}\n\n", json!({"type": "typing_started", "data": {"userId": USER}})),
        "data: {\"type\": \"message_created\"\n\n".to_string(),
    ]
    .concat();
    on("GET", &format!("/conversations/{CONV}/listen"), &[], None)
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .expect(1)
        .mount(&server)
        .await;
    let stream = sent(&server, client(&server).listen_conversation(CONV).send()).await;
    let items: Vec<_> = stream.collect().await;
    assert_eq!(items.len(), 7, "{items:?}");
    let signals: Vec<&Signal> = items[..6].iter().map(|i| &i.as_ref().expect("decodes").data).collect();
    match signals[0] {
        Signal::MessageCreatedSignal(s) => assert_eq!((s.data.id.as_str(), text_of(&s.data.payload)), (MSG, "hi there")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(signals[1], Signal::MessageDeletedSignal(s) if s.data.id == MSG));
    assert!(matches!(signals[2], Signal::EventCreatedSignal(s) if s.data.payload["kind"] == "typing"));
    assert!(matches!(signals[3], Signal::ParticipantAddedSignal(s) if s.data.participant_id == USER));
    assert!(matches!(signals[4], Signal::ParticipantRemovedSignal(s) if s.data.conversation_id == CONV));
    assert!(matches!(signals[5], Signal::Unrecognized(v) if v["type"] == "typing_started"));
    assert!(matches!(&items[6], Err(Error::Decode { .. })), "{:?}", items[6]);
}

// ---- Messages ----

#[tokio::test]
async fn create_message() {
    let server = MockServer::start().await;
    let body = json!({"payload": {"type": "text", "text": "hello"}, "conversationId": CONV});
    on("POST", "/messages", &[], Some(body)).reply(&server, 201, json!({"message": message_json(MSG, "hello")})).await;
    let payload = MessagePayload::TextPayload(TextPayload::new("text", "hello"));
    let message = sent(&server, client(&server).create_message(payload, CONV).send()).await.message;
    assert_eq!((message.id.as_str(), text_of(&message.payload)), (MSG, "hello"));
}

#[tokio::test]
async fn list_messages() {
    let server = MockServer::start().await;
    on("GET", &format!("/conversations/{CONV}/messages"), &[("nextToken", "t1")], None)
        .reply(&server, 200, json!({"messages": [message_json("m1", "a"), message_json("m2", "b")], "meta": {}}))
        .await;
    let page = sent(&server, client(&server).list_messages(CONV).next_token("t1").send()).await;
    assert_eq!(page.messages.iter().map(|m| text_of(&m.payload)).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(page.meta.next_token, None);
}

#[tokio::test]
async fn get_message() {
    let server = MockServer::start().await;
    on("GET", &format!("/messages/{MSG}"), &[], None).reply(&server, 200, json!({"message": message_json(MSG, "x")})).await;
    assert_eq!(sent(&server, client(&server).get_message(MSG).send()).await.message.id, MSG);
}

#[tokio::test]
async fn delete_message() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/messages/{MSG}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;
    sent(&server, client(&server).delete_message(MSG).send()).await;
}

// ---- Participants ----

#[tokio::test]
async fn add_participant() {
    let server = MockServer::start().await;
    on("POST", &format!("/conversations/{CONV}/participants"), &[], Some(json!({"userId": USER})))
        .reply(&server, 200, json!({"participant": user_json()}))
        .await;
    assert_eq!(sent(&server, client(&server).add_participant(CONV, USER).send()).await.participant.id, USER);
}

#[tokio::test]
async fn list_participants() {
    let server = MockServer::start().await;
    on("GET", &format!("/conversations/{CONV}/participants"), &[], None)
        .reply(&server, 200, json!({"participants": [user_json()], "meta": {}}))
        .await;
    let all: Vec<_> = sent(&server, client(&server).list_participants(CONV).into_stream().try_collect::<Vec<_>>()).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, USER);
}

#[tokio::test]
async fn get_participant() {
    let server = MockServer::start().await;
    on("GET", &format!("/conversations/{CONV}/participants/{USER}"), &[], None).reply(&server, 200, json!({"participant": user_json()})).await;
    assert_eq!(sent(&server, client(&server).get_participant(CONV, USER).send()).await.participant.id, USER);
}

#[tokio::test]
async fn remove_participant() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/conversations/{CONV}/participants/{USER}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;
    sent(&server, client(&server).remove_participant(CONV, USER).send()).await;
}

// ---- Events ----

#[tokio::test]
async fn create_event() {
    let server = MockServer::start().await;
    on("POST", "/events", &[], Some(json!({"payload": {"kind": "typing"}, "conversationId": CONV})))
        .reply(&server, 201, json!({"event": event_json()}))
        .await;
    let event = sent(&server, client(&server).create_event(obj(json!({"kind": "typing"})), CONV).send()).await.event;
    assert_eq!((event.id.as_str(), event.conversation_id.as_str()), ("evt_1", CONV));
}

#[tokio::test]
async fn get_event() {
    let server = MockServer::start().await;
    on("GET", "/events/evt_1", &[], None).reply(&server, 200, json!({"event": event_json()})).await;
    assert_eq!(sent(&server, client(&server).get_event("evt_1").send()).await.event.user_id, USER);
}

// ---- User keys ----

#[tokio::test]
async fn a_call_can_override_the_user_key() {
    let server = MockServer::start().await;
    mock("GET", &route("/users/me"), Headers::new(&[("x-user-key", Some("other-key"))]), Query::exact(&[]), None)
        .reply(&server, 200, json!({"user": user_json()}))
        .await;
    sent(&server, client(&server).get_user().user_key("other-key").send()).await;
}

#[test]
fn the_user_key_is_signed_as_a_jwt_over_the_user_id_and_the_time() {
    // HS256 over {"alg":"HS256","typ":"JWT"} . {"id":"user-1","iat":1700000000} with key
    // `my-encryption-key`, computed independently (Python's hmac and base64; Node's jsonwebtoken
    // gives the same).
    let key = sign_user_key_at("user-1", "my-encryption-key", 1_700_000_000).unwrap();
    assert_eq!(
        key.expose(),
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6InVzZXItMSIsImlhdCI6MTcwMDAwMDAwMH0.nbosbr0zLSD40H83r1f4IsI4JfLNZVCr3pGLfFKYHxo"
    );
    // Unpinned, `iat` is now.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let key = sign_user_key("user-1", "my-encryption-key").unwrap();
    let iat = issued_at(&key);
    assert!(iat.abs_diff(now) <= 2, "iat {iat}, now {now}");
    assert_eq!(key, sign_user_key_at("user-1", "my-encryption-key", iat).unwrap());
}

/// The `iat` of a signed key's payload.
fn issued_at(key: &UserKey) -> u64 {
    let payload = key.expose().split('.').nth(1).expect("a payload");
    let bytes = base64_url_decode(payload);
    let claims: Value = serde_json::from_slice(&bytes).expect("JSON claims");
    claims["iat"].as_u64().expect("an iat")
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sextets: Vec<u32> = text.bytes().map(|c| alphabet.iter().position(|a| *a == c).expect("base64url") as u32).collect();
    let mut out = Vec::new();
    for chunk in sextets.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, s)| n | (s << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[tokio::test]
async fn connect_as_a_new_user_creates_it_and_carries_its_key() {
    let server = MockServer::start().await;
    mock("POST", &route("/users"), Headers::new(&[("x-user-key", None)]), Query::exact(&[]), Some(json!({"name": "Ann"})))
        .reply(&server, 201, json!({"user": user_json(), "key": KEY}))
        .await;
    on("POST", "/conversations", &[], Some(json!({}))).reply(&server, 201, json!({"conversation": conversation_json(CONV)})).await;
    let builder = Client::builder().base_url(format!("{}/{WEBHOOK}", server.uri()));
    let me = sent(&server, connect(builder, Identity::New(UserData::default().name("Ann")))).await;
    assert_eq!((me.user.id.as_str(), me.key.expose()), (USER, KEY));
    sent(&server, me.client.create_conversation().send()).await;
}

#[tokio::test]
async fn connect_as_a_new_user_with_a_chosen_id() {
    let server = MockServer::start().await;
    mock("POST", &route("/users"), Headers::new(&[("x-user-key", None)]), Query::exact(&[]), Some(json!({"id": USER})))
        .reply(&server, 201, json!({"user": user_json(), "key": KEY}))
        .await;
    let builder = Client::builder().base_url(format!("{}/{WEBHOOK}", server.uri()));
    let me = sent(&server, connect(builder, Identity::NewWithId { user_id: USER.into(), data: UserData::default() })).await;
    assert_eq!((me.user.id.as_str(), me.key.expose()), (USER, KEY));
}

#[tokio::test]
async fn connect_with_a_key_gets_or_creates_the_user() {
    let server = MockServer::start().await;
    // A key for a user that does not exist yet works: the user is created on first use.
    on("POST", "/users/get-or-create", &[], Some(json!({}))).reply(&server, 200, json!({"user": user_json()})).await;
    let builder = Client::builder().base_url(format!("{}/{WEBHOOK}", server.uri()));
    let me = sent(&server, Client::connect(builder, Identity::Key(UserKey::new(KEY)))).await;
    assert_eq!(me.user.id, USER);
}

#[tokio::test]
async fn connect_with_an_encryption_key_signs_the_key_and_gets_or_creates_the_user() {
    let server = MockServer::start().await;
    mock("POST", &route("/users/get-or-create"), Headers::new(&[]), Query::exact(&[]), Some(json!({})))
        .reply(&server, 200, json!({"user": user_json()}))
        .await;
    let builder = Client::builder().base_url(format!("{}/{WEBHOOK}", server.uri()));
    let identity = Identity::Signed { user_id: USER.into(), encryption_key: "enc-key".into() };
    let me = sent(&server, connect(builder, identity)).await;
    // Signed now: the same key as one signed at its `iat`, and the one sent.
    assert_eq!(me.key, sign_user_key_at(USER, "enc-key", issued_at(&me.key)).unwrap());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("x-user-key").and_then(|v| v.to_str().ok()), Some(me.key.expose()));
}

#[test]
fn the_key_never_appears_in_debug_output() {
    let client = Client::builder().webhook_id(WEBHOOK).user_key(KEY).build().unwrap();
    let request = client.get_user().user_key("per-call-secret");
    let identity = Identity::Signed { user_id: USER.into(), encryption_key: "enc-secret".into() };
    for text in [format!("{client:?}"), format!("{request:?}"), format!("{:?}", UserKey::new(KEY)), format!("{identity:?}")] {
        assert!(!text.contains("secret") && !text.contains(KEY), "{text}");
    }
    assert!(format!("{request:?}").contains("x-user-key"), "the override is named");
}

// ---- Server URL ----

#[test]
fn the_webhook_id_is_a_builder_setter_and_required() {
    let client = Client::builder().webhook_id(WEBHOOK).build().unwrap();
    assert_eq!(client.base_url(), format!("https://chat.botpress.cloud/{WEBHOOK}"));
    match Client::builder().build() {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("webhookId") && message.contains("webhook_id"), "{message}"),
        other => panic!("expected a build error naming the webhook id, got {other:?}"),
    }
}

// ---- Payloads ----

#[test]
fn message_payloads_are_chosen_by_type_and_unknown_kinds_keep_their_json() {
    let decode = |v: Value| serde_json::from_value::<MessagePayload>(v).unwrap();
    let card = json!({"type": "card", "title": "Shoes", "actions": [{"action": "url", "label": "Buy", "value": "https://shop"}]});
    match decode(card.clone()) {
        MessagePayload::CardPayload(c) => {
            assert_eq!(c.title, "Shoes");
            assert_eq!(c.actions[0].action, CardActionAction::Url);
        }
        other => panic!("{other:?}"),
    }
    let bloc =
        json!({"type": "bloc", "items": [{"type": "markdown", "markdown": "**hi**"}, {"type": "location", "latitude": 45.5, "longitude": -73.6}]});
    match decode(bloc) {
        MessagePayload::BlocPayload(b) => {
            assert!(matches!(&b.items[0], BlocItem::MarkdownPayload(m) if m.markdown == "**hi**"));
            assert!(matches!(&b.items[1], BlocItem::LocationPayload(l) if l.latitude == 45.5));
        }
        other => panic!("{other:?}"),
    }
    let carousel = json!({"type": "carousel", "items": [{"type": "card", "title": "A", "actions": []}]});
    match decode(carousel.clone()) {
        MessagePayload::CarouselPayload(c) => assert_eq!((c.items[0].title.as_str(), c.items[0].r#type.as_str()), ("A", "card")),
        other => panic!("{other:?}"),
    }
    // Each card keeps its `type` both ways.
    assert_eq!(serde_json::to_value(decode(carousel.clone())).unwrap(), carousel);
    for kind in ["image", "audio", "video", "file"] {
        let value = json!({"type": kind, format!("{kind}Url"): "https://example.com/x"});
        assert_eq!(serde_json::to_value(decode(value.clone())).unwrap(), value, "{kind} round-trips");
    }
    let poll = json!({"type": "poll", "question": "Tea?", "answers": ["yes", "no"]});
    match decode(poll.clone()) {
        MessagePayload::Unrecognized(json) => assert_eq!(json, poll),
        other => panic!("{other:?}"),
    }
    // Built by hand, a choice serializes with its `type`.
    let choice = ChoicePayload::new("choice", "Tea?", vec![ChoiceOption::new("Yes", "yes")]);
    assert_eq!(
        serde_json::to_value(MessagePayload::ChoicePayload(choice)).unwrap(),
        json!({"type": "choice", "text": "Tea?", "options": [{"label": "Yes", "value": "yes"}]})
    );
    let card = CardPayload::new("card", "t", vec![CardAction::new(CardActionAction::Say, "Hi", "hi")]);
    assert_eq!(
        serde_json::to_value(MessagePayload::CarouselPayload(CarouselPayload::new("carousel", vec![card]))).unwrap(),
        json!({"type": "carousel", "items": [{"type": "card", "title": "t", "actions": [{"action": "say", "label": "Hi", "value": "hi"}]}]})
    );
}

#[tokio::test]
async fn create_message_sends_metadata_an_object_or_null() {
    let server = MockServer::start().await;
    let payload = || MessagePayload::TextPayload(TextPayload::new("text", "hello"));
    let with = json!({"payload": {"type": "text", "text": "hello"}, "conversationId": CONV, "metadata": {"source": "crm", "n": 2}});
    on("POST", "/messages", &[], Some(with)).reply(&server, 201, json!({"message": message_json(MSG, "hello")})).await;
    sent(&server, client(&server).create_message(payload(), CONV).metadata(json!({"source": "crm", "n": 2})).send()).await;
    let null = json!({"payload": {"type": "text", "text": "hello"}, "conversationId": CONV, "metadata": null});
    on("POST", "/messages", &[], Some(null)).reply(&server, 201, json!({"message": message_json(MSG, "hello")})).await;
    sent(&server, client(&server).create_message(payload(), CONV).clear_metadata().send()).await;
}

#[test]
fn signals_keep_is_bot_the_deleted_messages_user_and_an_event_without_id() {
    let created = json!({"type": "message_created", "data": {
        "id": MSG, "createdAt": AT, "payload": {"type": "text", "text": "hi"}, "userId": USER, "conversationId": CONV,
        "metadata": {"k": "v"}, "isBot": true}});
    match serde_json::from_value::<Signal>(created.clone()).unwrap() {
        Signal::MessageCreatedSignal(s) => assert_eq!((s.data.is_bot, s.data.metadata.as_ref().map(|m| &m["k"])), (Some(true), Some(&json!("v")))),
        other => panic!("{other:?}"),
    }
    let deleted = json!({"type": "message_deleted", "data": {"id": MSG, "conversationId": CONV, "userId": USER}});
    match serde_json::from_value::<Signal>(deleted.clone()).unwrap() {
        Signal::MessageDeletedSignal(s) => assert_eq!(s.data.user_id.as_deref(), Some(USER)),
        other => panic!("{other:?}"),
    }
    let event = json!({"type": "event_created", "data": {
        "id": null, "createdAt": AT, "payload": {"kind": "typing"}, "conversationId": CONV, "userId": USER, "isBot": false}});
    match serde_json::from_value::<Signal>(event.clone()).unwrap() {
        Signal::EventCreatedSignal(s) => {
            assert_eq!((s.data.id.as_deref(), s.data.is_bot), (None, Some(false)));
            assert_eq!(s.data.payload["kind"], "typing");
        }
        other => panic!("{other:?}"),
    }
    // Each goes out again as it came: nothing dropped, the null id kept.
    for signal in [created, deleted, event] {
        assert_eq!(serde_json::to_value(serde_json::from_value::<Signal>(signal.clone()).unwrap()).unwrap(), signal);
    }
}

// ---- Typed mocks of the event stream ----

/// Code under test: the texts of the bot's messages, in order, until the stream ends (an error
/// item is counted, not fatal).
async fn bot_replies(client: &Client, conversation: &str, reconnect: bool) -> (Vec<String>, usize) {
    let stream = client.listen_conversation(conversation).send().await.expect("listen");
    let mut stream = match reconnect {
        true => {
            stream.reconnect(botpress_chat_client::sse::Reconnect::new().initial_delay(std::time::Duration::from_millis(10)).max_attempts(Some(1)))
        }
        false => stream,
    };
    let (mut texts, mut errors) = (Vec::new(), 0);
    while let Some(item) = stream.next().await {
        match item {
            Ok(event) => {
                if let Signal::MessageCreatedSignal(created) = event.data {
                    if created.data.is_bot == Some(true) {
                        texts.push(text_of(&created.data.payload).to_string());
                    }
                }
            }
            Err(_) => errors += 1,
        }
    }
    (texts, errors)
}

fn message_signal(id: &str, text: &str, is_bot: bool) -> Signal {
    let mut message = message_json(id, text);
    message["isBot"] = json!(is_bot);
    serde_json::from_value(json!({"type": "message_created", "data": message})).unwrap()
}

#[tokio::test]
async fn the_mock_scripts_a_conversations_events_and_a_drop() {
    use botpress_chat_client::mock::{EventScript, MockServer};
    let mock = MockServer::start().await;
    let script = EventScript::new()
        .event(message_signal("m1", "hello", false))
        .keep_alive()
        .event_with_id("2", message_signal("m2", "Hi! How can I help?", true))
        .raw("data: {not json\n\n")
        .event(message_signal("m3", "Anything else?", true))
        .then_drop();
    mock.listen_conversation(CONV).times(1).respond_events(script).await;
    let client = mock.client_builder().user_key(KEY).build().unwrap();
    let (texts, errors) = bot_replies(&client, CONV, false).await;
    assert_eq!(texts, ["Hi! How can I help?", "Anything else?"]);
    assert_eq!(errors, 1, "the malformed event is an error item; the half-sent one is dropped");
}

#[tokio::test]
async fn the_mock_answers_the_reconnection_after_a_drop() {
    use botpress_chat_client::mock::{EventScript, MockServer};
    let mock = MockServer::start().await;
    let first = EventScript::new().event_with_id("1", message_signal("m1", "one", true)).then_drop();
    mock.listen_conversation(CONV).times(1).respond_events(first).await;
    // The reconnection resumes after id 1: the server sends it again (skipped) and then more.
    let second = EventScript::new().event_with_id("1", message_signal("m1", "one", true)).event_with_id("2", message_signal("m2", "two", true));
    mock.listen_conversation(CONV).times(1).respond_events(second).await;
    let client = mock.client();
    let stream = client.listen_conversation(CONV).send().await.unwrap();
    let stream = stream.reconnect(botpress_chat_client::sse::Reconnect::new().initial_delay(std::time::Duration::from_millis(10)));
    let texts: Vec<String> = stream
        .take(2)
        .map(|item| match item.expect("an event").data {
            Signal::MessageCreatedSignal(created) => text_of(&created.data.payload).to_string(),
            other => panic!("{other:?}"),
        })
        .collect()
        .await;
    assert_eq!(texts, ["one", "two"]);
}

#[tokio::test]
async fn the_mock_answers_a_listen_request_with_an_error() {
    use botpress_chat_client::mock::MockServer;
    let mock = MockServer::start().await;
    mock.listen_conversation(CONV).respond_error(404, json!({"code": 404, "type": "ResourceNotFound", "message": "no such conversation"})).await;
    match mock.client().listen_conversation(CONV).send().await {
        Err(Error::Api(error)) => assert_eq!(error.status().as_u16(), 404),
        other => panic!("{other:?}"),
    }
    // Another conversation matches no expectation: reported, not answered with events.
    assert!(mock.client().listen_conversation("conv_other").send().await.is_err());
    assert_eq!(mock.take_unmatched().len(), 1);
}

// ---- Timeouts and the listen stream (raw TCP on loopback) ----

/// A server that answers the listen request with the response head, then writes `events`
/// (each a signal) `gap` apart and closes; or, `silent`, accepts and never answers.
async fn listen_server(events: Vec<Signal>, gap: std::time::Duration, silent: bool) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/{WEBHOOK}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        if silent {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            return;
        }
        let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n").await;
        for event in events {
            tokio::time::sleep(gap).await;
            let _ = socket.write_all(format!("data: {}\n\n", serde_json::to_string(&event).unwrap()).as_bytes()).await;
        }
    });
    url
}

#[tokio::test]
async fn a_conversation_stream_outlives_the_clients_timeout() {
    use std::time::Duration;
    let events = vec![message_signal("m1", "one", true), message_signal("m2", "two", true), message_signal("m3", "three", true)];
    let url = listen_server(events, Duration::from_millis(150), false).await;
    let client = Client::builder().base_url(url).user_key(KEY).timeout(Duration::from_millis(200)).build().unwrap();
    let stream = client.listen_conversation(CONV).send().await.unwrap().idle_timeout(Duration::from_secs(5));
    let texts: Vec<String> = stream
        .map(|item| match item.expect("an event, not a timeout").data {
            Signal::MessageCreatedSignal(created) => text_of(&created.data.payload).to_string(),
            other => panic!("{other:?}"),
        })
        .collect()
        .await;
    assert_eq!(texts, ["one", "two", "three"], "450 ms of events under a 200 ms timeout");
}

#[tokio::test]
async fn a_listen_request_the_server_never_answers_ends_at_the_timeout() {
    use std::time::Duration;
    let url = listen_server(Vec::new(), Duration::ZERO, true).await;
    let client = Client::builder().base_url(url).user_key(KEY).timeout(Duration::from_millis(200)).build().unwrap();
    let outcome = tokio::time::timeout(Duration::from_secs(5), client.listen_conversation(CONV).send()).await.expect("bounded");
    assert!(matches!(outcome, Err(Error::Timeout(after)) if after == Duration::from_millis(200)), "{outcome:?}");
}
