//! The generated Chat client against what the official client (`@botpress/chat`) does: every case
//! of `tests/conformance-chat/golden.json` (recorded by `tests/conformance-chat/record.mjs`, see
//! its README) is replayed here through `botpress-chat-client` against a raw TCP server on
//! loopback that answers as the recording's server did (the same answers, the same event-stream
//! bytes in the same writes). Compared: every request (method, target, `x-user-key`,
//! `content-type`, a stream's `accept` and `cache-control`, the body, byte for byte), the error a
//! call ends with (its status), and the signals a stream yields (as the official listener emits
//! them: type and data).
//!
//! A case recorded with `official_client_bug` or `deliberate_difference` must differ, and the
//! replay checks what ours does instead; every other case must agree. The JWT vectors the
//! official client signed are compared too.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use botpress_chat_client::connect::{connect, sign_user_key_at, Identity, UserKey};
use botpress_chat_client::sse::Event;
use botpress_chat_client::types::{
    CardAction, CardActionAction, CardPayload, CarouselPayload, ChoiceOption, ChoicePayload, LocationPayload, MessagePayload, Signal, TextPayload,
    UserData,
};
use botpress_chat_client::{Client, ClientBuilder, Error, RetryPolicy};
use futures::StreamExt;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "key_1";
const USER: &str = "user_1";
const CONV: &str = "conv_1";
const MSG: &str = "msg_1";

/// The headers recorded for every request, and for a stream's.
const HEADERS: &[&str] = &["x-user-key", "content-type"];
const STREAM_HEADERS: &[&str] = &["x-user-key", "content-type", "accept", "cache-control", "last-event-id"];

/// One request as it arrived.
#[derive(Debug, Clone, PartialEq)]
struct Wire {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Option<String>,
    /// The official client's test of the connection (`GET /hello/`).
    connection_test: bool,
}

impl Wire {
    fn from_golden(request: &Value) -> Wire {
        Wire {
            method: request["method"].as_str().expect("method").to_string(),
            target: request["target"].as_str().expect("target").to_string(),
            headers: request["headers"]
                .as_object()
                .expect("headers")
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().expect("a header value").to_string()))
                .collect(),
            body: request["body"].as_str().map(str::to_string),
            connection_test: request.get("connection_test").is_some(),
        }
    }
}

/// How the server answers the current case.
#[derive(Default)]
struct Script {
    /// `(status, body)` per request, the last repeated; none: `200 {}`.
    answers: Vec<(u16, String)>,
    answered: usize,
    /// An event stream's writes, the first with the response head when `with_head`.
    stream: Option<(bool, Vec<String>)>,
    requests: Vec<Wire>,
}

type Shared = Arc<Mutex<Script>>;

/// A raw TCP server answering as `script` says, each request on a connection of its own.
async fn serve(listener: TcpListener, script: Shared) {
    loop {
        let Ok((socket, _)) = listener.accept().await else { return };
        tokio::spawn(answer(socket, script.clone()));
    }
}

async fn answer(mut socket: TcpStream, script: Shared) {
    let Some(wire) = read_request(&mut socket).await else { return };
    let listen = wire.target.ends_with("/listen");
    let (reply, stream) = {
        let mut script = script.lock().unwrap();
        script.requests.push(wire);
        match (&script.stream, listen) {
            (Some(stream), true) => (None, Some(stream.clone())),
            _ => {
                let i = script.answered.min(script.answers.len().saturating_sub(1));
                script.answered += 1;
                (Some(script.answers.get(i).cloned().unwrap_or((200, "{}".to_string()))), None)
            }
        }
    };
    if let Some((status, body)) = reply {
        let reason = if status < 400 { "OK" } else { "Error" };
        let head =
            format!("HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
        let _ = socket.write_all(format!("{head}{body}").as_bytes()).await;
        return;
    }
    if let Some((with_head, writes)) = stream {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n";
        let mut writes = writes;
        if with_head {
            writes[0] = format!("{head}{}", writes[0]);
        } else {
            writes.insert(0, head.to_string());
        }
        for text in writes {
            if socket.write_all(text.as_bytes()).await.is_err() {
                return;
            }
            let _ = socket.flush().await;
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }
}

async fn read_request(socket: &mut TcpStream) -> Option<Wire> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let (head_end, length) = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_string();
            let length = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.trim().parse::<usize>().expect("content-length"))
                .unwrap_or(0);
            break (end, length);
        }
    };
    while buffer.len() < head_end + 4 + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8(buffer[..head_end].to_vec()).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().expect("request line").split(' ');
    let method = request_line.next().expect("method").to_string();
    let target = request_line.next().expect("target").to_string();
    let recorded = if target.ends_with("/listen") { STREAM_HEADERS } else { HEADERS };
    let mut headers = BTreeMap::new();
    for line in lines {
        let (name, value) = line.split_once(':').expect("a header line");
        let name = name.trim().to_ascii_lowercase();
        if recorded.contains(&name.as_str()) {
            assert!(headers.insert(name.clone(), value.trim().to_string()).is_none(), "header `{name}` sent twice");
        }
    }
    let body = buffer[head_end + 4..head_end + 4 + length].to_vec();
    let body = (length > 0).then(|| String::from_utf8(body).expect("a UTF-8 body"));
    Some(Wire { method, target, headers, body, connection_test: false })
}

/// What a replayed call gave.
#[derive(Debug, Default)]
struct Outcome {
    /// The error it ended with, if any.
    error: Option<Error>,
    /// A stream's items.
    events: Option<Vec<Result<Event<Signal>, Error>>>,
    /// The key `connect` made.
    key: Option<UserKey>,
}

type Replay = Pin<Box<dyn Future<Output = Outcome> + Send>>;

fn call<T>(call: impl Future<Output = Result<T, Error>> + Send + 'static) -> Replay {
    Box::pin(async move { Outcome { error: call.await.err(), ..Outcome::default() } })
}

fn listen(client: &Client, id: &str) -> Replay {
    let send = client.listen_conversation(id).send();
    Box::pin(async move {
        match send.await {
            Ok(stream) => Outcome { events: Some(stream.collect().await), ..Outcome::default() },
            Err(error) => Outcome { error: Some(error), ..Outcome::default() },
        }
    })
}

fn connecting(builder: ClientBuilder, identity: Identity) -> Replay {
    Box::pin(async move {
        match connect(builder, identity).await {
            Ok(connection) => Outcome { key: Some(connection.key), ..Outcome::default() },
            Err(error) => Outcome { error: Some(error), ..Outcome::default() },
        }
    })
}

fn text(text: &str) -> MessagePayload {
    MessagePayload::TextPayload(TextPayload::new("text", text))
}

/// The call of case `name`, as a Rust user writes it; `builder` has the webhook URL, no key.
fn replay(name: &str, case: &Value, builder: &ClientBuilder) -> Replay {
    let c = builder.clone().user_key(KEY).build().expect("client");
    match name {
        "connection_test" | "get_user" | "error_in_a_success_answer" => call(c.get_user().send()),
        // ---- Users
        "create_user" => call(c.create_user().name("Ann").picture_url("https://example.com/ann.png").profile("{\"plan\":\"pro\"}").id(USER).send()),
        "create_user_empty" => call(c.create_user().send()),
        "update_user" => call(c.update_user(UserData::default().name("Ann B").profile("p")).send()),
        "delete_user" => call(c.delete_user().send()),
        "get_or_create_user" => call(c.get_or_create_user(UserData::default().picture_url("https://example.com/ann.png")).send()),
        // ---- Conversations
        "create_conversation" => call(c.create_conversation().id(CONV).send()),
        "create_conversation_empty" => call(c.create_conversation().send()),
        "get_conversation" | "error_404" => call(c.get_conversation(CONV).send()),
        "get_conversation_sub_delims" => call(c.get_conversation("a!*'()b c/d&e=f+g,h;i:j@k$l").send()),
        "get_conversation_unicode" => call(c.get_conversation("cönv~1.2_3-4").send()),
        "get_conversation_dot_dot" => call(c.get_conversation("..").send()),
        "delete_conversation" => call(c.delete_conversation(CONV).send()),
        "list_conversations" => call(c.list_conversations().next_token("tok 2/3").send()),
        "get_or_create_conversation" => call(c.get_or_create_conversation(CONV).send()),
        // ---- Messages
        "list_messages" => call(c.list_messages(CONV).next_token("t1").send()),
        "create_message_text" => call(c.create_message(text("hello"), CONV).send()),
        "create_message_metadata" => call(c.create_message(text("hello"), CONV).metadata(json!({"n": 2, "source": "crm"})).send()),
        "create_message_metadata_null" => call(c.create_message(text("hello"), CONV).clear_metadata().send()),
        "create_message_carousel" => {
            let card = CardPayload::new("card", "Shoes", vec![CardAction::new(CardActionAction::Url, "Buy", "https://shop")])
                .image_url("https://example.com/s.png");
            call(c.create_message(MessagePayload::CarouselPayload(CarouselPayload::new("carousel", vec![card])), CONV).send())
        }
        "create_message_choice" => {
            let choice = ChoicePayload::new("choice", "Tea?", vec![ChoiceOption::new("Yes", "yes")]);
            call(c.create_message(MessagePayload::ChoicePayload(choice), CONV).send())
        }
        "create_message_location" => {
            let location = LocationPayload::new("location", 45.5, -73.6).title("Here");
            call(c.create_message(MessagePayload::LocationPayload(location), CONV).send())
        }
        "error_400" => call(c.create_message(text("x"), CONV).send()),
        "get_message" => call(c.get_message(MSG).send()),
        "delete_message" => call(c.delete_message(MSG).send()),
        // ---- Participants
        "add_participant" => call(c.add_participant(CONV, "user_2").send()),
        "list_participants" => call(c.list_participants(CONV).send()),
        "get_participant" => call(c.get_participant(CONV, "user_2").send()),
        "remove_participant" => call(c.remove_participant(CONV, "user_2").send()),
        // ---- Events
        "create_event" => call(c.create_event(json!({"at": 1000, "kind": "typing", "ratio": 2.5}), CONV).send()),
        "get_event" => call(c.get_event("evt_1").send()),
        // ---- connect
        "connect_new_user" => connecting(builder.clone(), Identity::New(UserData::default())),
        "connect_new_user_with_id" => connecting(builder.clone(), Identity::NewWithId { user_id: USER.into(), data: UserData::default() }),
        "connect_with_user_key" => connecting(builder.clone(), Identity::Key(UserKey::new(KEY))),
        "connect_with_encryption_key" => connecting(builder.clone(), Identity::Signed { user_id: USER.into(), encryption_key: "enc-key".into() }),
        // ---- Paging
        "paging_follows_the_token" | "paging_seed_repeats" => call(c.list_conversations().collect_all()),
        // ---- Streams
        "error_401_listen" => listen(&c, CONV),
        other if other.starts_with("stream_") => listen(&c, case.get("id").and_then(Value::as_str).unwrap_or(CONV)),
        other => panic!("no replay for the golden case `{other}`: add one to tests/tests/conformance_chat.rs"),
    }
}

/// Our stream's items as the official listener emits them: `{type, data}`; what it cannot
/// read (an unknown signal, a malformed event) as `{type: "unknown", data: <the text>}`.
fn as_official(items: &[Result<Event<Signal>, Error>]) -> Vec<Value> {
    items
        .iter()
        .map(|item| match item {
            Ok(Event { data: Signal::Unrecognized(json), .. }) => json!({"type": "unknown", "data": json}),
            Ok(event) => serde_json::to_value(&event.data).expect("a signal encodes"),
            Err(Error::Decode { body, .. }) => json!({"type": "unknown", "data": body}),
            Err(other) => json!({"type": "error", "data": other.to_string()}),
        })
        .collect()
}

/// The official listener's signals, an unknown one's text read as JSON where it is JSON.
fn official_signals(case: &Value) -> Vec<Value> {
    case["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .map(|signal| match (signal["type"].as_str(), signal["data"].as_str()) {
            (Some("unknown"), Some(text)) => json!({"type": "unknown", "data": serde_json::from_str::<Value>(text).unwrap_or_else(|_| json!(text))}),
            _ => signal.clone(),
        })
        .collect()
}

/// The `(id, iat)` claims of a signed key.
fn claims(key: &str) -> Value {
    let payload = key.split('.').nth(1).expect("a payload");
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sextets: Vec<u32> = payload.bytes().map(|c| alphabet.iter().position(|a| *a == c).expect("base64url") as u32).collect();
    let mut bytes = Vec::new();
    for chunk in sextets.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, s)| n | (s << (18 - 6 * i)));
        bytes.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// What ours does where the case is recorded as a difference; panics if it does not.
fn check_difference(name: &str, official: &[Wire], ours: &[Wire], outcome: &Outcome, case: &Value) {
    let without_test: Vec<Wire> = official.iter().filter(|w| !w.connection_test).cloned().collect();
    match name {
        "get_conversation_dot_dot" => {
            assert!(ours.is_empty(), "nothing is sent: {ours:?}");
            assert!(matches!(outcome.error, Some(Error::InvalidRequest(_))), "{:?}", outcome.error);
        }
        "connection_test" | "connect_new_user" | "connect_new_user_with_id" | "connect_with_user_key" => {
            assert!(official.iter().any(|w| w.connection_test), "the official client tests the connection");
            assert_eq!(ours, without_test, "the same requests but the connection test");
            assert!(outcome.error.is_none(), "{:?}", outcome.error);
        }
        "connect_with_encryption_key" => {
            assert_eq!(ours.len(), 1, "{ours:?}");
            let key = outcome.key.as_ref().expect("connected");
            let iat = claims(key.expose())["iat"].as_u64().expect("iat");
            assert_eq!(claims(key.expose()), json!({"id": USER, "iat": iat}));
            assert_eq!(*key, sign_user_key_at(USER, "enc-key", iat).unwrap(), "the same signature over the same claims");
            let official_key = &without_test[0].headers["x-user-key"];
            assert_eq!(official_key, sign_user_key_at(USER, "enc-key", case_iat()).unwrap().expose(), "at the pinned iat, the same key");
            let mut expected = without_test[0].clone();
            expected.headers.insert("x-user-key".into(), key.expose().to_string());
            assert_eq!(ours[0], expected);
        }
        "paging_seed_repeats" => {
            assert!(official.len() >= 4 && official[1..].iter().all(|w| w.target == official[1].target), "{official:?}");
            assert_eq!(ours, &official[..2], "ours stops at the repeated token");
        }
        "stream_first_event_with_the_head" => {
            let events = outcome.events.as_ref().expect("a stream");
            let got = as_official(events);
            assert_eq!(got.len(), 2, "{got:?}");
            assert_eq!(got[0]["data"]["id"], "m1", "the first event, in the write of the head, is delivered");
            assert_eq!(got[1..], official_signals(case)[..]);
            assert_eq!(ours, official);
        }
        "stream_named_event" => {
            let events = outcome.events.as_ref().expect("a stream");
            let first = events[0].as_ref().expect("the named event");
            assert_eq!(first.name, "message_created");
            assert_eq!(as_official(&events[1..]), official_signals(case));
            assert_eq!(ours, official);
        }
        "stream_listen_url" => {
            assert_eq!(official[0].target, "/wh_1/conversations/conv%201/2/listen");
            assert_eq!(ours[0].target, "/wh_1/conversations/conv%201%2F2/listen", "one segment");
            assert_eq!(Wire { target: official[0].target.clone(), ..ours[0].clone() }, official[0]);
        }
        other => panic!("`{other}` is recorded as a difference, but the replay does not say what ours does instead"),
    }
}

fn case_iat() -> u64 {
    let golden: Value = serde_json::from_str(include_str!("../conformance-chat/golden.json")).expect("golden.json");
    golden["config"]["iat"].as_u64().expect("iat")
}

#[tokio::test]
async fn every_recorded_case_replays_as_the_official_client_or_differs_as_recorded() {
    let golden: Value = serde_json::from_str(include_str!("../conformance-chat/golden.json")).expect("golden.json");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}{}", listener.local_addr().unwrap(), golden["config"]["api_url_path"].as_str().expect("api_url_path"));
    let script: Shared = Arc::default();
    tokio::spawn(serve(listener, script.clone()));
    let builder = Client::builder().base_url(base).retry(RetryPolicy::none()).timeout(Duration::from_secs(10));

    let cases = golden["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    let (mut agreed, mut differing) = (0, 0);
    for case in cases {
        let name = case["case"].as_str().expect("case");
        *script.lock().unwrap() = Script {
            answers: case["answers"]
                .as_array()
                .map(|a| a.iter().map(|x| (x["status"].as_u64().unwrap() as u16, x["body"].as_str().unwrap().to_string())).collect())
                .unwrap_or_default(),
            stream: case.get("stream").map(|s| {
                (s["with_head"].as_bool().unwrap(), s["writes"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_string()).collect())
            }),
            ..Script::default()
        };
        let outcome =
            tokio::time::timeout(Duration::from_secs(20), replay(name, case, &builder)).await.unwrap_or_else(|_| panic!("{name}: timed out"));
        let ours = std::mem::take(&mut script.lock().unwrap().requests);
        let official: Vec<Wire> = case["requests"].as_array().expect("requests").iter().map(Wire::from_golden).collect();

        // Do the two agree? Requests, then the error's status, then a stream's signals.
        let mut differences = Vec::new();
        if ours != official {
            differences.push(format!("requests:\n    official: {official:?}\n    ours:     {ours:?}"));
        }
        let official_status = case.get("error").and_then(|e| e["status"].as_u64());
        let our_status = outcome.error.as_ref().map(|e| e.status().map(|s| u64::from(s.as_u16())));
        match (official_status, &our_status) {
            (None, None) => {}
            (Some(official), Some(Some(ours))) if official == *ours => {}
            _ => differences.push(format!("outcome: official {:?}, ours {:?}", case.get("error"), outcome.error)),
        }
        if case.get("signals").is_some() {
            let got = outcome.events.as_deref().map(as_official).unwrap_or_default();
            if got != official_signals(case) {
                differences.push(format!("signals:\n    official: {:?}\n    ours:     {got:?}", official_signals(case)));
            }
        }

        let recorded = case.get("official_client_bug").or_else(|| case.get("deliberate_difference"));
        match (recorded, differences.is_empty()) {
            (None, true) => agreed += 1,
            (None, false) => failures.push(format!("{name}: {}", differences.join("\n  "))),
            (Some(reason), false) => {
                assert!(reason.as_str().is_some_and(|r| r.len() > 20), "{name}: the difference has a reason");
                check_difference(name, &official, &ours, &outcome, case);
                differing += 1;
            }
            (Some(_), true) => failures.push(format!("{name}: recorded as a difference, but ours now does the same")),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
    assert_eq!(agreed + differing, cases.len());
    let sections: std::collections::BTreeSet<&str> = cases.iter().map(|c| c["section"].as_str().unwrap()).collect();
    assert_eq!(
        sections.into_iter().collect::<Vec<_>>(),
        ["Connect", "Conversations", "Errors", "Events", "Messages", "Paging", "Participants", "Streams", "Users"],
        "every section is covered"
    );
}

#[test]
fn user_keys_are_signed_as_the_official_client_signs_them() {
    let golden: Value = serde_json::from_str(include_str!("../conformance-chat/golden.json")).expect("golden.json");
    let vectors = golden["jwt"].as_array().expect("jwt");
    assert!(vectors.len() >= 3);
    for v in vectors {
        let key = sign_user_key_at(v["user_id"].as_str().unwrap(), v["encryption_key"].as_str().unwrap(), v["iat"].as_u64().unwrap()).unwrap();
        assert_eq!(key.expose(), v["key"].as_str().unwrap(), "{v}");
    }
}
