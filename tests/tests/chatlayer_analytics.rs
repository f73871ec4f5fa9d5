//! End-to-end tests of `chatlayer-analytics-client` (Sinch Chatlayer Analytics API) against a
//! local `wiremock` server.
//!
//! One test per operation of `operations/*.rs`: each mock pins the method, the exact path (with
//! `bot_id` and the other path parameters filled in), the exact set of query pairs, the basic
//! credentials and the exact JSON body (or the absence of a body), and must be hit exactly once;
//! the test then checks the decoded response. The tests after those cover paging, errors,
//! decoding failures, path encoding, the wire form of `explode: false` arrays and redaction.

use chatlayer_analytics_client::operations::{
    CreateSubscriptionBodyEventType, CreateSubscriptionBodyVersion, GetConversationAnalyticsBucket, GetConversationAnalyticsGroupBy,
    GetMessageAnalyticsBucket, ListEventsWithFiltersBodyVersion,
};
use chatlayer_analytics_client::types;
use chatlayer_analytics_client::{Client, Error};
use e2e_tests::{mock, obj, sent, strings, tags as attributes, Headers, Query, Reply};
use futures::TryStreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const BOT: &str = "bot_7f3a9c21e5d84b06";
const USER: &str = "usr_01J0K8Z4W6N2Q5R7T9V1X3Y5A7";
const CONV: &str = "conv_01J0K90B3D5F7H9K1M3P5R7T9V";
const START: &str = "2024-06-01T00:00:00Z";
const END: &str = "2024-06-08T00:00:00Z";
const TIMESTAMP: &str = "2024-06-03T14:25:07Z";
/// `Basic ` + base64 of `token_id:token_secret`.
const AUTHORIZATION: &str = "Basic dG9rZW5faWQ6dG9rZW5fc2VjcmV0";

/// A client of `server` with the basic credentials `token_id` / `token_secret`.
fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).basic_auth("token_id", "token_secret").build().expect("client")
}

fn bot_path(suffix: &str) -> String {
    format!("/v1/bots/{BOT}{suffix}")
}

fn tracking_event_json(id: &str) -> Value {
    json!({
        "id": id, "event": "order_placed", "bot_id": BOT, "version": "LIVE",
        "user_id": USER, "channel_id": "ch_whatsapp_eu_1", "channel_type": "WHATSAPP",
        "conversation_id": CONV,
        "attributes": {"sku": "A-100", "amount": "49.90"},
        "timestamp": TIMESTAMP
    })
}

fn assert_tracking_event(event: &types::TrackingEvent, id: &str) {
    assert_eq!(event.id.as_deref(), Some(id));
    assert_eq!(event.event.as_deref(), Some("order_placed"));
    assert_eq!(event.bot_id.as_deref(), Some(BOT));
    assert_eq!(event.version.as_deref(), Some("LIVE"));
    assert_eq!(event.user_id.as_deref(), Some(USER));
    assert_eq!(event.channel_id.as_deref(), Some("ch_whatsapp_eu_1"));
    assert_eq!(event.channel_type.as_deref(), Some("WHATSAPP"));
    assert_eq!(event.conversation_id.as_deref(), Some(CONV));
    assert_eq!(event.attributes, Some(attributes(&[("sku", "A-100"), ("amount", "49.90")])));
    assert_eq!(event.timestamp.as_deref(), Some(TIMESTAMP));
}

fn event_definition_json(id: &str, event: &str) -> Value {
    json!({
        "id": id, "team_id": "team_42", "bot_id": BOT, "event": event,
        "description": "A customer completed the checkout flow.",
        "created_at": "2024-01-15T08:00:00Z", "last_seen_at": "2024-06-07T22:41:13Z",
        "volume_30_day": 1284
    })
}

fn assert_event_definition(definition: &types::EventDefinition, id: &str, event: &str) {
    assert_eq!(definition.id.as_deref(), Some(id));
    assert_eq!(definition.team_id.as_deref(), Some("team_42"));
    assert_eq!(definition.bot_id.as_deref(), Some(BOT));
    assert_eq!(definition.event.as_deref(), Some(event));
    assert_eq!(definition.description.as_deref(), Some("A customer completed the checkout flow."));
    assert_eq!(definition.created_at.as_deref(), Some("2024-01-15T08:00:00Z"));
    assert_eq!(definition.last_seen_at.as_deref(), Some("2024-06-07T22:41:13Z"));
    assert_eq!(definition.volume_30_day, Some(1284));
}

fn subscription_json(id: &str) -> Value {
    json!({
        "id": id, "bot_id": BOT, "bot_version": "LIVE",
        "target": "https://hooks.example.com/chatlayer", "event_type": "TRACKING_EVENT",
        "event_names": ["order_placed", "cart_abandoned"],
        "created_at": "2024-05-20T10:15:00Z", "version": "v1", "status": "active"
    })
}

fn assert_subscription(subscription: &types::Subscription, id: &str) {
    assert_eq!(subscription.id.as_deref(), Some(id));
    assert_eq!(subscription.bot_id.as_deref(), Some(BOT));
    assert_eq!(subscription.bot_version.as_deref(), Some("LIVE"));
    assert_eq!(subscription.target.as_deref(), Some("https://hooks.example.com/chatlayer"));
    assert_eq!(subscription.event_type.as_deref(), Some("TRACKING_EVENT"));
    assert_eq!(subscription.event_names, Some(strings(&["order_placed", "cart_abandoned"])));
    assert_eq!(subscription.created_at.as_deref(), Some("2024-05-20T10:15:00Z"));
    assert_eq!(subscription.version.as_deref(), Some("v1"));
    assert_eq!(subscription.status.as_deref(), Some("active"));
}

fn series_json() -> Value {
    json!({
        "series": [
            {"name": "whatsapp", "values": [120, 98, 143]},
            {"name": "messenger", "values": [40, 51, 37]}
        ],
        "series_labels": ["whatsapp", "messenger"],
        "x_values": ["2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", "2024-06-03T00:00:00Z"]
    })
}

fn assert_series(data: &types::SeriesData) {
    let series = data.series.as_ref().expect("series");
    assert_eq!(series.len(), 2);
    assert_eq!(series[0], obj(json!({"name": "whatsapp", "values": [120, 98, 143]})));
    assert_eq!(series[1]["name"], json!("messenger"));
    assert_eq!(series[1]["values"], json!([40, 51, 37]));
    assert_eq!(data.series_labels, Some(strings(&["whatsapp", "messenger"])));
    assert_eq!(data.x_values, Some(strings(&["2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", "2024-06-03T00:00:00Z"])));
}

// ---------------------------------------------------------------------------------------------
// What a mock expects on the wire
// ---------------------------------------------------------------------------------------------

/// The request carries `authorization: Basic <base64 of token_id:token_secret>`, once.
const CREDENTIALS: &[(&str, Option<&str>)] = &[("authorization", Some(AUTHORIZATION))];

/// A mock of `verb route` with the basic credentials, exactly `query` and exactly `body`.
fn on(verb: &str, route: &str, query: &[(&str, &str)], body: Option<Value>) -> MockBuilder {
    mock(verb, route, Headers::new(CREDENTIALS), Query::exact(query), body)
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_events() {
    let server = MockServer::start().await;
    let query = [
        ("version", "LIVE"),
        ("start_time", START),
        ("end_time", END),
        ("page_size", "50"),
        ("page_token", "pt_2"),
        ("event", "order_placed"),
        ("conversation_id", CONV),
        ("user_id", USER),
        ("campaign_id", "camp_summer24"),
    ];
    let page = json!({
        "events": [tracking_event_json("te_001"), tracking_event_json("te_002")],
        "next_page_token": "pt_3"
    });
    on("GET", &bot_path("/events/stream"), &query, None).reply(&server, 200, page).await;

    let response = sent(
        &server,
        client(&server)
            .list_events(BOT, START, END)
            .version("LIVE")
            .page_size(50)
            .page_token("pt_2")
            .event("order_placed")
            .conversation_id(CONV)
            .user_id(USER)
            .campaign_id("camp_summer24")
            .send(),
    )
    .await;
    let events = response.events.expect("events");
    assert_eq!(events.len(), 2);
    assert_tracking_event(&events[0], "te_001");
    assert_tracking_event(&events[1], "te_002");
    assert_eq!(response.next_page_token.as_deref(), Some("pt_3"));
}

/// Only the required query parameters go out when no setter is called.
#[tokio::test]
async fn list_events_sends_only_required_parameters() {
    let server = MockServer::start().await;
    on("GET", &bot_path("/events/stream"), &[("start_time", START), ("end_time", END)], None)
        .reply(&server, 200, json!({"events": [], "next_page_token": ""}))
        .await;

    let response = sent(&server, client(&server).list_events(BOT, START, END).send()).await;
    assert_eq!(response.events, Some(vec![]));
    assert_eq!(response.next_page_token.as_deref(), Some(""));
}

#[tokio::test]
async fn list_events_with_filters() {
    let server = MockServer::start().await;
    let body = json!({
        "start_time": START, "end_time": END, "version": "DRAFT",
        "page_size": 25, "page_token": "pt_7", "event": "order_placed",
        "conversation_id": CONV, "user_id": USER, "campaign_id": "camp_summer24"
    });
    on("POST", &bot_path("/events/stream"), &[], Some(body))
        .reply(&server, 200, json!({"events": [tracking_event_json("te_101")], "next_page_token": "pt_8"}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .list_events_with_filters(BOT, START, END, ListEventsWithFiltersBodyVersion::Draft)
            .page_size(25)
            .page_token("pt_7")
            .event("order_placed")
            .conversation_id(CONV)
            .user_id(USER)
            .campaign_id("camp_summer24")
            .send(),
    )
    .await;
    let events = response.events.expect("events");
    assert_eq!(events.len(), 1);
    assert_tracking_event(&events[0], "te_101");
    assert_eq!(response.next_page_token.as_deref(), Some("pt_8"));
}

/// The required body fields only; the version enum also accepts its wire string.
#[tokio::test]
async fn list_events_with_filters_minimal_body() {
    let server = MockServer::start().await;
    let body = json!({"start_time": START, "end_time": END, "version": "LIVE"});
    on("POST", &bot_path("/events/stream"), &[], Some(body)).reply(&server, 200, json!({"events": []})).await;

    let response = sent(&server, client(&server).list_events_with_filters(BOT, START, END, ListEventsWithFiltersBodyVersion::Live).send()).await;
    assert_eq!(response.events, Some(vec![]));
    assert_eq!(response.next_page_token, None);
}

#[tokio::test]
async fn track_event() {
    let server = MockServer::start().await;
    let body = json!({
        "id": "te_client_0001", "version": "LIVE", "user_id": USER, "event": "order_placed",
        "attributes": {"amount": "49.90", "sku": "A-100"},
        "context": {"locale": "nl-BE", "channel": {"type": "WHATSAPP", "id": "ch_whatsapp_eu_1"}},
        "timestamp": TIMESTAMP
    });
    on("POST", &bot_path("/events/track"), &[], Some(body)).reply(&server, 200, json!({"event_id": "te_01J0KA2C4E6G8J0L2N4Q6S8U0W"})).await;

    let response = sent(
        &server,
        client(&server)
            .track_event(BOT)
            .id("te_client_0001")
            .version("LIVE")
            .user_id(USER)
            .event("order_placed")
            .attributes(attributes(&[("sku", "A-100"), ("amount", "49.90")]))
            .context(obj(json!({"locale": "nl-BE", "channel": {"type": "WHATSAPP", "id": "ch_whatsapp_eu_1"}})))
            .timestamp(TIMESTAMP)
            .send(),
    )
    .await;
    assert_eq!(response.event_id.as_deref(), Some("te_01J0KA2C4E6G8J0L2N4Q6S8U0W"));
}

/// Every body field is optional: none set sends `{}` (the body itself is required).
#[tokio::test]
async fn track_event_with_empty_body() {
    let server = MockServer::start().await;
    on("POST", &bot_path("/events/track"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).track_event(BOT).send()).await;
    assert_eq!(response.event_id, None);
}

#[tokio::test]
async fn get_event_attribute_values() {
    let server = MockServer::start().await;
    let reply = json!({"attributes": [
        {"key": "sku", "value": "A-100"},
        {"key": "sku", "value": "A-105"}
    ]});
    on("POST", &bot_path("/events/attributes/sku/values"), &[], Some(json!({"query": "A-10"}))).reply(&server, 200, reply).await;

    let response = sent(&server, client(&server).get_event_attribute_values(BOT, "sku").query("A-10").send()).await;
    let attributes = response.attributes.expect("attributes");
    let pairs: Vec<(Option<&str>, Option<&str>)> = attributes.iter().map(|a| (a.key.as_deref(), a.value.as_deref())).collect();
    assert_eq!(pairs, [(Some("sku"), Some("A-100")), (Some("sku"), Some("A-105"))]);
}

#[tokio::test]
async fn list_event_definitions() {
    let server = MockServer::start().await;
    let query = [("page_token", "def_p2"), ("page_size", "20"), ("team_id", "team_42")];
    let page = json!({
        "event_definitions": [event_definition_json("evdef_1", "order_placed")],
        "next_page_token": "def_p3"
    });
    on("GET", &bot_path("/events/definitions"), &query, None).reply(&server, 200, page).await;

    let response = sent(&server, client(&server).list_event_definitions(BOT).page_token("def_p2").page_size(20).team_id("team_42").send()).await;
    let definitions = response.event_definitions.expect("event_definitions");
    assert_eq!(definitions.len(), 1);
    assert_event_definition(&definitions[0], "evdef_1", "order_placed");
    assert_eq!(response.next_page_token.as_deref(), Some("def_p3"));
}

#[tokio::test]
async fn create_event_definition() {
    let server = MockServer::start().await;
    let body = json!({
        "event": "checkout_completed",
        "description": "A customer completed the checkout flow.",
        "team_id": "team_42"
    });
    on("POST", &bot_path("/events/definitions"), &[], Some(body))
        .reply(&server, 200, json!({"event_definition": event_definition_json("evdef_9", "checkout_completed")}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .create_event_definition(BOT)
            .event("checkout_completed")
            .description("A customer completed the checkout flow.")
            .team_id("team_42")
            .send(),
    )
    .await;
    let definition = response.event_definition.expect("event_definition");
    assert_event_definition(&definition, "evdef_9", "checkout_completed");
}

// ---------------------------------------------------------------------------------------------
// Conversations and messages
// ---------------------------------------------------------------------------------------------

/// `channel_type` and `language` are `explode: false` arrays: one comma-joined pair each.
#[tokio::test]
async fn get_conversation_analytics() {
    let server = MockServer::start().await;
    let query = [
        ("version", "LIVE"),
        ("start_time", START),
        ("end_time", END),
        ("channel_type", "WHATSAPP,MESSENGER"),
        ("language", "en,nl,fr"),
        ("bucket", "1d"),
        ("group_by", "channel_type"),
    ];
    on("GET", &bot_path("/conversations"), &query, None).reply(&server, 200, json!({"data": series_json()})).await;

    let response = sent(
        &server,
        client(&server)
            .get_conversation_analytics(BOT, "LIVE", START, END)
            .channel_type(strings(&["WHATSAPP", "MESSENGER"]))
            .language(strings(&["en", "nl", "fr"]))
            .bucket(GetConversationAnalyticsBucket::V1d)
            .group_by(GetConversationAnalyticsGroupBy::ChannelType)
            .send(),
    )
    .await;
    assert_series(&response.data.expect("data"));
}

/// The other enum values, and a one-element array (no comma at all).
#[tokio::test]
async fn get_conversation_analytics_by_language_per_week() {
    let server = MockServer::start().await;
    let query = [("version", "DRAFT"), ("start_time", START), ("end_time", END), ("language", "de"), ("bucket", "1w"), ("group_by", "language")];
    on("GET", &bot_path("/conversations"), &query, None)
        .reply(&server, 200, json!({"data": {"series": [], "series_labels": [], "x_values": []}}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .get_conversation_analytics(BOT, "DRAFT", START, END)
            .language(strings(&["de"]))
            .bucket(GetConversationAnalyticsBucket::V1w)
            .group_by(GetConversationAnalyticsGroupBy::Language)
            .send(),
    )
    .await;
    let data = response.data.expect("data");
    assert_eq!(data.series, Some(vec![]));
    assert_eq!(data.series_labels, Some(vec![]));
    assert_eq!(data.x_values, Some(vec![]));
}

#[tokio::test]
async fn get_message_analytics() {
    let server = MockServer::start().await;
    let query = [("version", "LIVE"), ("start_time", START), ("end_time", END), ("channel_type", "WHATSAPP"), ("language", "nl"), ("bucket", "1h")];
    on("GET", &bot_path("/messages"), &query, None).reply(&server, 200, json!({"data": series_json()})).await;

    let response = sent(
        &server,
        client(&server)
            .get_message_analytics(BOT, "LIVE", START, END)
            .channel_type("WHATSAPP")
            .language("nl")
            .bucket(GetMessageAnalyticsBucket::V1h)
            .send(),
    )
    .await;
    assert_series(&response.data.expect("data"));
}

// ---------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_subscriptions() {
    let server = MockServer::start().await;
    let page = json!({
        "subscriptions": [subscription_json("sub_1"), subscription_json("sub_2")],
        "next_page_token": ""
    });
    on("GET", &bot_path("/subscriptions"), &[("page_token", "sub_p2"), ("page_size", "10")], None).reply(&server, 200, page).await;

    let response = sent(&server, client(&server).list_subscriptions(BOT).page_token("sub_p2").page_size(10).send()).await;
    let subscriptions = response.subscriptions.expect("subscriptions");
    assert_eq!(subscriptions.len(), 2);
    assert_subscription(&subscriptions[0], "sub_1");
    assert_subscription(&subscriptions[1], "sub_2");
    assert_eq!(response.next_page_token.as_deref(), Some(""));
}

#[tokio::test]
async fn create_subscription() {
    let server = MockServer::start().await;
    let body = json!({
        "bot_version": "LIVE",
        "target": "https://hooks.example.com/chatlayer",
        "secret": "whsec_9c1f0b7e4a2d",
        "event_type": "TRACKING_EVENT",
        "event_names": ["order_placed", "cart_abandoned"],
        "version": "v1"
    });
    on("POST", &bot_path("/subscriptions"), &[], Some(body)).reply(&server, 200, json!({"subscription": subscription_json("sub_9")})).await;

    let response = sent(
        &server,
        client(&server)
            .create_subscription(BOT)
            .bot_version("LIVE")
            .target("https://hooks.example.com/chatlayer")
            .secret("whsec_9c1f0b7e4a2d")
            .event_type(CreateSubscriptionBodyEventType::TrackingEvent)
            .event_names(strings(&["order_placed", "cart_abandoned"]))
            .version(CreateSubscriptionBodyVersion::V1)
            .send(),
    )
    .await;
    assert_subscription(&response.subscription.expect("subscription"), "sub_9");
}

/// The other event types serialize to their wire values.
#[tokio::test]
async fn create_subscription_for_message_events() {
    let server = MockServer::start().await;
    let body = json!({"target": "https://hooks.example.com/messages", "event_type": "MESSAGE_EVENT"});
    let mut created = subscription_json("sub_10");
    created["event_type"] = json!("MESSAGE_EVENT");
    created["event_names"] = json!([]);
    on("POST", &bot_path("/subscriptions"), &[], Some(body)).reply(&server, 200, json!({"subscription": created})).await;

    let response = sent(
        &server,
        client(&server)
            .create_subscription(BOT)
            .target("https://hooks.example.com/messages")
            .event_type(CreateSubscriptionBodyEventType::MessageEvent)
            .send(),
    )
    .await;
    let subscription = response.subscription.expect("subscription");
    assert_eq!(subscription.event_type.as_deref(), Some("MESSAGE_EVENT"));
    assert_eq!(subscription.event_names, Some(vec![]));
    assert_eq!(CreateSubscriptionBodyEventType::FlowEvent.as_str(), "FLOW_EVENT");
}

// ---------------------------------------------------------------------------------------------
// Apps
// ---------------------------------------------------------------------------------------------

/// The app id in the path (not a bot id), the two required times and every optional filter; the
/// logs are free-form objects (their fields are not documented) and come back as sent.
#[tokio::test]
async fn list_app_integrations_logs() {
    let server = MockServer::start().await;
    let query = [("start_time", START), ("end_time", END), ("query", "timeout"), ("page_size", "100"), ("page_token", "log_p2")];
    let log = json!({"level": "ERROR", "message": "upstream timeout", "timestamp": TIMESTAMP, "attempt": 2});
    let page = json!({"logs": [log.clone()], "next_page_token": "log_p3"});
    on("GET", "/v1/apps/app_01J0KB7Q2S4U/logs/stream", &query, None).reply(&server, 200, page).await;

    let response = sent(
        &server,
        client(&server).list_app_integrations_logs("app_01J0KB7Q2S4U", START, END).query("timeout").page_size(100).page_token("log_p2").send(),
    )
    .await;
    assert_eq!(response.logs, Some(vec![obj(log)]));
    assert_eq!(response.next_page_token.as_deref(), Some("log_p3"));
}

/// The logs stream: `page_token` in the query, `next_page_token` in the body, the required times
/// sent again with every page; the page without `next_page_token` is the last one.
#[tokio::test]
async fn list_app_integrations_logs_stream() {
    let server = MockServer::start().await;
    let times = [("start_time", START), ("end_time", END)];
    let first = json!({"logs": [{"message": "first"}, {"message": "second"}], "next_page_token": "log_p2"});
    on("GET", "/v1/apps/app_1/logs/stream", &times, None).reply(&server, 200, first).await;
    on("GET", "/v1/apps/app_1/logs/stream", &[times[0], times[1], ("page_token", "log_p2")], None)
        .reply(&server, 200, json!({"logs": [{"message": "third"}]}))
        .await;

    let stream = client(&server).list_app_integrations_logs("app_1", START, END).into_stream();
    let logs: Vec<types::AppIntegrationsLog> = sent(&server, stream.try_collect()).await;
    let messages: Vec<&Value> = logs.iter().map(|log| &log["message"]).collect();
    assert_eq!(messages, [&json!("first"), &json!("second"), &json!("third")]);
}

// ---------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------

/// Three pages chained by `page_token` (query) and `next_page_token` (body); the filters go out
/// again with every page, and the empty `next_page_token` of the last page ends the stream.
#[tokio::test]
async fn list_events_stream_follows_page_token() {
    let server = MockServer::start().await;
    let filters = [("start_time", START), ("end_time", END), ("version", "LIVE"), ("page_size", "2")];
    let page = |ids: &[&str], next: &str| {
        let events: Vec<Value> = ids.iter().map(|id| tracking_event_json(id)).collect();
        json!({"events": events, "next_page_token": next})
    };
    let with_token = |token: &'static str| {
        let mut query = filters.to_vec();
        query.push(("page_token", token));
        query
    };
    on("GET", &bot_path("/events/stream"), &filters, None).reply(&server, 200, page(&["te_1", "te_2"], "tok_p2")).await;
    on("GET", &bot_path("/events/stream"), &with_token("tok_p2"), None).reply(&server, 200, page(&["te_3", "te_4"], "tok_p3")).await;
    on("GET", &bot_path("/events/stream"), &with_token("tok_p3"), None).reply(&server, 200, page(&["te_5"], "")).await;

    let stream = client(&server).list_events(BOT, START, END).version("LIVE").page_size(2).into_stream();
    let events: Vec<types::TrackingEvent> = sent(&server, stream.try_collect()).await;
    let ids: Vec<&str> = events.iter().map(|e| e.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["te_1", "te_2", "te_3", "te_4", "te_5"]);
    assert_tracking_event(&events[4], "te_5");
    assert_eq!(server.received_requests().await.expect("recording").len(), 3);
}

/// `collect_all` on event definitions; a page without `next_page_token` is the last one.
#[tokio::test]
async fn list_event_definitions_collect_all() {
    let server = MockServer::start().await;
    let first = json!({
        "event_definitions": [event_definition_json("evdef_1", "order_placed")],
        "next_page_token": "def_p2"
    });
    let second = json!({"event_definitions": [event_definition_json("evdef_2", "cart_abandoned")]});
    on("GET", &bot_path("/events/definitions"), &[("team_id", "team_42")], None).reply(&server, 200, first).await;
    on("GET", &bot_path("/events/definitions"), &[("team_id", "team_42"), ("page_token", "def_p2")], None).reply(&server, 200, second).await;

    let definitions = sent(&server, client(&server).list_event_definitions(BOT).team_id("team_42").collect_all()).await;
    assert_eq!(definitions.len(), 2);
    assert_event_definition(&definitions[0], "evdef_1", "order_placed");
    assert_event_definition(&definitions[1], "evdef_2", "cart_abandoned");
}

/// Subscriptions stream: two pages, the second one empty (`subscriptions` left out).
#[tokio::test]
async fn list_subscriptions_stream() {
    let server = MockServer::start().await;
    let first = json!({"subscriptions": [subscription_json("sub_1")], "next_page_token": "sub_p2"});
    on("GET", &bot_path("/subscriptions"), &[("page_size", "1")], None).reply(&server, 200, first).await;
    on("GET", &bot_path("/subscriptions"), &[("page_size", "1"), ("page_token", "sub_p2")], None)
        .reply(&server, 200, json!({"next_page_token": ""}))
        .await;

    let subscriptions: Vec<types::Subscription> =
        sent(&server, client(&server).list_subscriptions(BOT).page_size(1).into_stream().try_collect()).await;
    assert_eq!(subscriptions.len(), 1);
    assert_subscription(&subscriptions[0], "sub_1");
}

/// An error on the second page is yielded after the first page's items, and ends the stream
/// (a `500`, which no retry policy repeats, so the mock is hit exactly once).
#[tokio::test]
async fn stream_error_ends_the_stream() {
    let server = MockServer::start().await;
    let first = json!({"subscriptions": [subscription_json("sub_1")], "next_page_token": "sub_p2"});
    on("GET", &bot_path("/subscriptions"), &[], None).reply(&server, 200, first).await;
    on("GET", &bot_path("/subscriptions"), &[("page_token", "sub_p2")], None)
        .reply(&server, 500, json!({"code": 13, "message": "internal error"}))
        .await;

    let items: Vec<Result<types::Subscription, Error>> = futures::StreamExt::collect(client(&server).list_subscriptions(BOT).into_stream()).await;
    assert_eq!(items.len(), 2);
    assert_subscription(items[0].as_ref().expect("first item"), "sub_1");
    let error = items[1].as_ref().expect_err("the second page fails");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    server.verify().await;
}

// ---------------------------------------------------------------------------------------------
// Errors and decoding
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn unauthorized_json_error() {
    let server = MockServer::start().await;
    let error_body = json!({"code": 16, "message": "invalid access token", "details": []});
    on("GET", &bot_path("/subscriptions"), &[], None).reply(&server, 401, error_body.clone()).await;

    let error = client(&server).list_subscriptions(BOT).send().await.expect_err("a 401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(api.body(), Some(&error_body));
    let raw: Value = serde_json::from_str(api.raw_body()).expect("the raw body is the JSON sent");
    assert_eq!(raw, error_body);
    assert!(error.to_string().contains("401"), "{error}");
}

#[tokio::test]
async fn forbidden_text_error_keeps_raw_body() {
    let server = MockServer::start().await;
    on("POST", &bot_path("/events/track"), &[], Some(json!({"event": "order_placed"})))
        .respond_with(ResponseTemplate::new(403).set_body_raw("Forbidden: token is not scoped to this team", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server).track_event(BOT).event("order_placed").send().await.expect_err("a 403");
    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status().as_u16(), 403);
    assert!(api.body().is_none());
    assert_eq!(api.raw_body(), "Forbidden: token is not scoped to this team");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    let malformed = r#"{"event_definitions": [{"id": "evdef_1", "event": "order_placed""#;
    on("GET", &bot_path("/events/definitions"), &[], None)
        .respond_with(ResponseTemplate::new(200).set_body_raw(malformed, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server).list_event_definitions(BOT).send().await.expect_err("malformed JSON");
    let Error::Decode { status, body, .. } = &error else { panic!("expected Error::Decode, got {error:?}") };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(body, malformed);
    assert!(error.api().is_none());
}

/// Well-formed JSON of the wrong shape (`volume_30_day` is an int32) is a decoding error too.
#[tokio::test]
async fn wrong_field_type_is_a_decode_error() {
    let server = MockServer::start().await;
    let mut definition = event_definition_json("evdef_1", "order_placed");
    definition["volume_30_day"] = json!("many");
    on("POST", &bot_path("/events/definitions"), &[], Some(json!({"event": "order_placed"})))
        .reply(&server, 200, json!({"event_definition": definition}))
        .await;

    let error = client(&server).create_event_definition(BOT).event("order_placed").send().await.expect_err("a bad type");
    assert!(matches!(error, Error::Decode { .. }), "got {error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
}

// ---------------------------------------------------------------------------------------------
// Encoding, enums, redaction
// ---------------------------------------------------------------------------------------------

/// Path parameters are one percent-encoded segment each.
#[tokio::test]
async fn path_parameters_are_encoded_segments() {
    let server = MockServer::start().await;
    on("POST", "/v1/bots/bot%2F1/events/attributes/utm%20source%2Fmedium/values", &[], Some(json!({})))
        .reply(&server, 200, json!({"attributes": []}))
        .await;

    let response = sent(&server, client(&server).get_event_attribute_values("bot/1", "utm source/medium").send()).await;
    assert_eq!(response.attributes, Some(vec![]));
}

#[tokio::test]
async fn dot_dot_path_parameter_is_refused_before_sending() {
    let server = MockServer::start().await;

    let error = client(&server).list_subscriptions("..").send().await.expect_err("`..` must be refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "got {error:?}");
    assert!(server.received_requests().await.expect("recording").is_empty());
}

/// A value the crate does not know goes out as given.
#[tokio::test]
async fn unrecognized_enum_value_is_sent_as_is() {
    let server = MockServer::start().await;
    let query = [("version", "LIVE"), ("start_time", START), ("end_time", END), ("bucket", "15m")];
    on("GET", &bot_path("/messages"), &query, None).reply(&server, 200, json!({"data": series_json()})).await;

    let bucket = GetMessageAnalyticsBucket::other("15m");
    assert!(matches!(&bucket, GetMessageAnalyticsBucket::Unrecognized(value) if value.as_str() == "15m"), "{bucket:?}");
    let response = sent(&server, client(&server).get_message_analytics(BOT, "LIVE", START, END).bucket(bucket).send()).await;
    assert_series(&response.data.expect("data"));
}

/// On the wire, an `explode: false` array is `name=a,b`: the comma between items is the
/// delimiter of the `form` style (OpenAPI 3.0.3, "Style Examples": `color=blue,black,brown`) and
/// stays literal, while a comma inside an item is percent-encoded. Per RFC 3986 §2.2 `,` and
/// `%2C` are not equivalent, so `a%2Cb` would be one item `a,b` rather than two items.
#[tokio::test]
async fn explode_false_array_keeps_literal_comma_delimiter() {
    let server = MockServer::start().await;
    // No query matcher here: the raw query string is checked after the call.
    Mock::given(method("GET"))
        .and(path(bot_path("/conversations")))
        .and(Headers::new(CREDENTIALS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": series_json()})))
        .expect(1)
        .mount(&server)
        .await;

    sent(&server, client(&server).get_conversation_analytics(BOT, "LIVE", START, END).channel_type(strings(&["WHATSAPP", "MESSENGER"])).send()).await;
    let requests = server.received_requests().await.expect("recording");
    let raw = requests[0].url.query().expect("a query string").to_string();
    assert!(raw.split('&').any(|pair| pair == "channel_type=WHATSAPP,MESSENGER"), "raw query: {raw}");
}

#[tokio::test]
async fn debug_output_hides_the_credentials() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).basic_auth("token_id", "s3cr3t-s3cr3t").build().unwrap();

    for printed in [format!("{client:?}"), format!("{:?}", client.list_subscriptions(BOT)), format!("{client:#?}")] {
        assert!(!printed.contains("s3cr3t-s3cr3t"), "the secret leaks: {printed}");
        assert!(!printed.contains("dG9rZW5faWQ6"), "the encoded credentials leak: {printed}");
        assert!(printed.contains(&server.uri()), "{printed}");
    }
}
