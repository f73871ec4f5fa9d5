//! The generated Botpress client against what the official client (`@botpress/client`) puts on
//! the wire: every case of `tests/conformance/golden.json` (recorded by
//! `tests/conformance/record.mjs`, see its README) is replayed here through `botpress-client`
//! against a raw TCP listener on loopback, and the request compared with the recorded one byte for
//! byte: method, target (path and query), the identity and content headers, and the body.
//!
//! A case the official client gets wrong (`official_client_bug`) is not copied: the test checks
//! what ours does instead.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use botpress_client::operations::{self, ListConversationsSortDirection, ListConversationsSortField, ListFilesSortField};
use botpress_client::types::{self, FileAccessPolicy, StateType};
use botpress_client::{Client, Error, RetryPolicy};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The headers the golden file records (lower case): identity, content, and a header parameter.
const HEADERS: &[&str] =
    &["authorization", "content-type", "x-bot-id", "x-destination-bot-id", "x-integration-alias", "x-integration-id", "x-user-id", "x-workspace-id"];

/// One request as it arrived.
#[derive(Debug, PartialEq)]
struct Wire {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Option<String>,
}

impl Wire {
    fn from_golden(case: &Value) -> Wire {
        Wire {
            method: case["method"].as_str().expect("method").to_string(),
            target: case["target"].as_str().expect("target").to_string(),
            headers: case["headers"]
                .as_object()
                .expect("headers")
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().expect("a header value").to_string()))
                .collect(),
            body: case["body"].as_str().map(str::to_string),
        }
    }
}

/// Accepts one connection on `listener`, reads one request, answers `200 {}`.
async fn receive(listener: &TcpListener) -> Wire {
    let (mut socket, _) = listener.accept().await.expect("accept");
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let (head_end, length) = loop {
        let n = socket.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the connection closed before a whole request arrived");
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
        let n = socket.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the connection closed before the whole body arrived");
        buffer.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8(buffer[..head_end].to_vec()).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().expect("request line").split(' ');
    let method = request_line.next().expect("method").to_string();
    let target = request_line.next().expect("target").to_string();
    let mut headers = BTreeMap::new();
    for line in lines {
        let (name, value) = line.split_once(':').expect("a header line");
        let name = name.trim().to_ascii_lowercase();
        if HEADERS.contains(&name.as_str()) {
            assert!(headers.insert(name.clone(), value.trim().to_string()).is_none(), "header `{name}` sent twice");
        }
    }
    let body = buffer[head_end + 4..head_end + 4 + length].to_vec();
    socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}").await.expect("write");
    Wire { method, target, headers, body: (length > 0).then(|| String::from_utf8(body).expect("a UTF-8 body")) }
}

type Call = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

/// Sends `call`, ignoring what the response decodes into (the server answers `{}` to all).
fn send<T>(call: impl Future<Output = Result<T, Error>> + Send + 'static) -> Call {
    Box::pin(async move {
        match call.await {
            Ok(_) | Err(Error::Decode { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    })
}

/// The call of case `name`, as a Rust user writes it.
fn replay(c: &Client, name: &str) -> Call {
    match name {
        // ---- Runtime
        "create_user" => send(c.create_user([("telegram:id", "42")]).name("Ada").picture_url("https://cdn.example.com/ada.png").send()),
        "get_user" => send(c.get_user(types::UserId::new("user_1")).send()),
        "get_user_sub_delims" => send(c.get_user(types::UserId::new("a!*'()b c/d&e=f+g,h;i:j@k$l")).send()),
        "get_user_unicode" => send(c.get_user(types::UserId::new("üser~1.2_3-4")).send()),
        "get_user_dot_dot" => send(c.get_user(types::UserId::new("..")).send()),
        "list_users" => send(c.list_users().conversation_id(types::ConversationId::new("conv_1")).tags([("a b", "x/y"), ("c", "ü")]).send()),
        "update_user" => send(c.update_user(types::UserId::new("user_1")).tags([("plan", "pro")]).name("Ada L.").send()),
        "delete_user" => send(c.delete_user(types::UserId::new("user_1")).send()),
        "create_conversation" => send(c.create_conversation("group", [("telegram:chatId", "-100")]).send()),
        "list_conversations" => send(
            c.list_conversations()
                .next_token("tok_2")
                .sort_field(ListConversationsSortField::CreatedAt)
                .sort_direction(ListConversationsSortDirection::Desc)
                .tags([("k", "v")])
                .participant_ids([types::UserId::new("user_1"), types::UserId::new("user_2")])
                .send(),
        ),
        "add_participant" => send(c.add_participant(types::ConversationId::new("conv_1"), types::UserId::new("user_2")).send()),
        "remove_participant" => send(c.remove_participant(types::ConversationId::new("conv_1"), types::UserId::new("user_2")).send()),
        "create_message" => send(
            c.create_message(
                json!({"text": "Hello!"}),
                types::UserId::new("user_1"),
                types::ConversationId::new("conv_1"),
                "text",
                types::Tags::new(),
            )
            .send(),
        ),
        "list_messages" => send(c.list_messages().conversation_id(types::ConversationId::new("conv_1")).tags([("telegram:messageId", "7")]).send()),
        "create_event" => {
            send(c.create_event("reminder", json!({"at": 1000, "repeat": 2.5})).conversation_id(types::ConversationId::new("conv_1")).send())
        }
        "set_state_expiry" => send(c.set_state_expiry(StateType::User, "user_1", "session", 1000).send()),
        "set_state" => send(c.set_state(StateType::Conversation, "conv_1", "cart", json!({"items": 3, "total": 19.5})).expiry(3_600_000).send()),
        "get_state" => send(c.get_state(StateType::Bot, "bot_1", "config").send()),
        "call_action" => send(c.call_action("telegram:sendTyping", json!({"seconds": 5})).send()),
        // ---- Admin
        "get_account" => send(c.get_account().send()),
        "list_bots" => send(c.list_bots().dev(true).next_token("p2").send()),
        "get_bot" => send(c.get_bot(types::BotId::new("bot_2")).send()),
        "delete_bot" => send(c.delete_bot(types::BotId::new("bot_2")).send()),
        "transfer_bot" => send(c.transfer_bot(types::BotId::new("bot_2"), types::WorkspaceId::new("ws_2")).send()),
        "get_bot_logs" => send(c.get_bot_logs(types::BotId::new("bot_2"), "2024-06-03T00:00:00.000Z").time_end("2024-06-04T00:00:00.000Z").send()),
        "get_bot_analytics" => send(c.get_bot_analytics(types::BotId::new("bot_2"), "2024-06-01", "2024-06-30").send()),
        "list_workspaces" => send(c.list_workspaces().handle("acme").send()),
        "update_workspace" => send(c.update_workspace(types::WorkspaceId::new("ws_1")).name("Acme").spending_limit(250).send()),
        "delete_workspace_member" => send(c.delete_workspace_member(types::WorkspaceMemberId::new("member_1")).send()),
        // ---- Files
        "upsert_file" => send(
            c.upsert_file("docs/a.txt")
                .tags([("team", "ops")])
                .size(5)
                .index(true)
                .access_policies([FileAccessPolicy::PublicContent])
                .content_type("text/plain")
                .send(),
        ),
        "list_files" => {
            send(c.list_files().next_token("n2").sort_field(ListFilesSortField::CreatedAt).tags([("k", "v")]).ids(["file_1", "file_2"]).send())
        }
        "get_file" => send(c.get_file("file_1").send()),
        "update_file_metadata" => {
            send(c.update_file_metadata("file_1").metadata(json!({"pages": 12})).tags([("team", Some("sales".to_string()))]).send())
        }
        "delete_file" => send(c.delete_file("file_1").send()),
        "copy_file" => send(c.copy_file("docs/a.txt", "docs/b.txt").x_destination_bot_id("bot_3").send()),
        "search_files" => send(c.search_files("refund policy").tags([("team", "ops")]).limit(5).send()),
        // ---- Tables
        "create_table" => {
            send(c.create_table("OrdersTable", json!({"properties": {"total": {"type": "number"}}, "type": "object"})).factor(2).send())
        }
        "get_table" => send(c.get_table("OrdersTable").send()),
        "find_table_rows" => send(c.find_table_rows("OrdersTable").limit(10).offset(0).filter(json!({"total": {"$gte": 100}})).send()),
        "get_table_row" => send(c.get_table_row("OrdersTable", 5).send()),
        "create_table_rows" => send(c.create_table_rows("OrdersTable", [json!({"total": 120}), json!({"total": 47.5})]).send()),
        "update_table_rows" => send(
            c.update_table_rows(
                "OrdersTable",
                [operations::UpdateTableRowsBodyRowsItem::new(11)
                    .additional_properties([("total".to_string(), json!(130))].into_iter().collect::<std::collections::BTreeMap<_, _>>())],
            )
            .send(),
        ),
        "delete_table_rows" => send(c.delete_table_rows("OrdersTable").ids([11, 12]).send()),
        "delete_table" => send(c.delete_table("OrdersTable").send()),
        other => panic!("no replay for the golden case `{other}`: add one to tests/tests/conformance.rs"),
    }
}

#[tokio::test]
async fn every_recorded_call_goes_out_byte_for_byte_as_the_official_client_sends_it() {
    let golden: Value = serde_json::from_str(include_str!("../conformance/golden.json")).expect("golden.json");
    let config = &golden["config"];
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let client = Client::builder()
        .base_url(format!("http://{}", listener.local_addr().expect("address")))
        .bearer_token(config["token"].as_str().expect("token"))
        .bot_id(config["botId"].as_str().expect("botId"))
        .workspace_id(config["workspaceId"].as_str().expect("workspaceId"))
        .integration_id(config["integrationId"].as_str().expect("integrationId"))
        .integration_alias(config["integrationAlias"].as_str().expect("integrationAlias"))
        .user_id(config["headers"]["x-user-id"].as_str().expect("x-user-id"))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");

    let cases = golden["cases"].as_array().expect("cases");
    let mut sections = std::collections::BTreeSet::new();
    let mut mismatches = Vec::new();
    for case in cases {
        let name = case["case"].as_str().expect("case");
        sections.insert(case["section"].as_str().expect("section"));
        let call = replay(&client, name);
        if case.get("official_client_bug").is_some() {
            // Not copied: ours refuses before sending anything.
            let error = call.await.expect_err(name);
            assert!(matches!(error, Error::InvalidRequest(_)), "{name}: {error}");
            continue;
        }
        let (result, wire) = tokio::join!(call, receive(&listener));
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = Wire::from_golden(case);
        if wire != expected {
            mismatches.push(format!("{name}:\n  official: {expected:?}\n  ours:     {wire:?}"));
        }
    }
    assert!(mismatches.is_empty(), "{} of {} cases differ:\n{}", mismatches.len(), cases.len(), mismatches.join("\n"));
    assert_eq!(sections.into_iter().collect::<Vec<_>>(), ["Admin", "Files", "Runtime", "Tables"], "every section is covered");
}
