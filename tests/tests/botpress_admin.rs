//! End-to-end tests of `botpress-client` (Admin API) against a local `wiremock` server.
//!
//! One test per operation of `operations/admin.rs`: each mock pins the method, the exact path,
//! the exact set of query pairs, the headers (`authorization`, `x-workspace-id`,
//! `x-multiple-integrations`) and the exact JSON body (or the absence of a body), and must be hit
//! exactly once; the test then checks the decoded response. A paging test ends the file.

use std::collections::BTreeMap;

use botpress_client::types::{
    self, AuditRecordAction, BotIntegrationInstanceStatus, IntegrationStateDefinitionType, IntegrationVerificationStatus, IntegrationVisibility,
    WorkspaceBillingVersion, WorkspaceMemberRole, WorkspacePlan,
};
use botpress_client::{operations, Client};
use e2e_tests::{mock, obj, sent, strings, tags, Headers, Query, Reply};
use futures::TryStreamExt;
use serde_json::{json, Map, Value};
use wiremock::{MockBuilder, MockServer};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const WORKSPACE: &str = "wkspace_01HZX4Q8R2S6T0V4W8X2Y6Z0AB";
const ACCOUNT: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const MEMBER: &str = "wsmember_01HZX4R9S3T7V1W5X9Y3Z7A1BC";
const BOT: &str = "bot_01HZX5B3C4D5E6F7G8H9J0K1M2";
const ISSUE: &str = "issue_01HZX5C4D5E6F7G8H9J0K1M2N3";
const INTEGRATION: &str = "intver_01HZX6C4D5E6F7G8H9J0K1M2N3";
const CREATED: &str = "2024-06-01T09:30:00.000Z";
const UPDATED: &str = "2024-06-02T11:00:00.000Z";
const DEPLOYED: &str = "2024-06-03T15:45:00.000Z";

/// A client of `server`: token `tok`, workspace `ws_1`.
fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token("tok").workspace_id("ws_1").build().expect("client")
}

/// A one-entry map.
fn map1<V>(key: &str, value: V) -> BTreeMap<String, V> {
    BTreeMap::from([(key.to_string(), value)])
}

// ---- Account, workspaces, members ----

fn account_json() -> Value {
    json!({
        "id": ACCOUNT, "email": "ada@acme.example", "emailVerified": true, "createdAt": CREATED,
        "displayName": "Ada Lovelace", "profilePicture": "https://cdn.example.com/ada.png"
    })
}

fn assert_account(account: &types::Account) {
    assert_eq!(account.id, ACCOUNT);
    assert_eq!(account.email, "ada@acme.example");
    assert!(account.email_verified);
    assert_eq!(account.created_at, CREATED);
    assert_eq!(account.display_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(account.profile_picture.as_deref(), Some("https://cdn.example.com/ada.png"));
}

fn workspace_json() -> Value {
    json!({
        "id": WORKSPACE, "name": "Acme Support", "ownerId": ACCOUNT, "createdAt": CREATED, "updatedAt": UPDATED,
        "botCount": 4, "billingVersion": "v4", "plan": "team", "blocked": false, "spendingLimit": 100,
        "activeTrialId": null, "about": "Support bots of Acme", "contactEmail": "support@acme.example",
        "socialAccounts": ["https://x.com/acme"], "isPublic": true, "handle": "acme"
    })
}

fn assert_workspace(workspace: &types::Workspace) {
    assert_eq!(workspace.id, WORKSPACE);
    assert_eq!(workspace.name, "Acme Support");
    assert_eq!(workspace.owner_id, ACCOUNT);
    assert_eq!(workspace.updated_at, UPDATED);
    assert_eq!(workspace.bot_count, 4.0);
    assert_eq!(workspace.billing_version, WorkspaceBillingVersion::V4);
    assert_eq!(workspace.plan, WorkspacePlan::Team);
    assert!(!workspace.blocked);
    assert_eq!(workspace.spending_limit, 100.0);
    assert_eq!(workspace.active_trial_id, None);
    assert_eq!(workspace.about.as_deref(), Some("Support bots of Acme"));
    assert_eq!(workspace.profile_picture, None);
    assert_eq!(workspace.contact_email.as_deref(), Some("support@acme.example"));
    assert_eq!(workspace.social_accounts, Some(strings(&["https://x.com/acme"])));
    assert_eq!(workspace.is_public, Some(true));
    assert_eq!(workspace.handle.as_deref(), Some("acme"));
}

fn public_workspace_json() -> Value {
    json!({
        "id": WORKSPACE, "name": "Acme Support", "createdAt": CREATED, "updatedAt": UPDATED,
        "about": "Support bots of Acme", "website": "https://acme.example", "socialAccounts": [], "handle": "acme"
    })
}

fn assert_public_workspace(workspace: &types::PublicWorkspace) {
    assert_eq!(workspace.id, WORKSPACE);
    assert_eq!(workspace.name, "Acme Support");
    assert_eq!(workspace.created_at, CREATED);
    assert_eq!(workspace.about.as_deref(), Some("Support bots of Acme"));
    assert_eq!(workspace.website.as_deref(), Some("https://acme.example"));
    assert_eq!(workspace.social_accounts, Some(vec![]));
    assert_eq!(workspace.handle.as_deref(), Some("acme"));
    assert_eq!(workspace.contact_email, None);
}

fn member_json(role: &str) -> Value {
    json!({
        "id": MEMBER, "userId": ACCOUNT, "email": "ada@acme.example", "createdAt": CREATED,
        "role": role, "displayName": "Ada Lovelace"
    })
}

fn assert_member(member: &types::WorkspaceMember, role: WorkspaceMemberRole) {
    assert_eq!(member.id, MEMBER);
    assert_eq!(member.user_id.as_deref(), Some(ACCOUNT));
    assert_eq!(member.email, "ada@acme.example");
    assert_eq!(member.created_at, CREATED);
    assert_eq!(member.role, role);
    assert_eq!(member.display_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(member.profile_picture, None);
}

// ---- Bots ----

fn bot_json() -> Value {
    json!({
        "id": BOT, "createdAt": CREATED, "updatedAt": UPDATED, "signingSecret": "bp_sig_5f2b8c1e9d4a7b3c",
        "integrations": {
            "telegram-main": {
                "name": "telegram", "version": "0.6.2", "enabled": true,
                "webhookUrl": "https://webhook.botpress.cloud/6a1f2c3d", "identifier": "tg-bot-7781",
                "configurationType": null, "configuration": {"botToken": "7781:AAE"},
                "status": "registered", "statusReason": null
            },
            "slack-eu": {
                "name": "slack", "version": "2.1.0", "status": "registration_failed", "statusReason": "invalid token"
            }
        },
        "plugins": {"hitl": {"enabled": true}},
        "user": {"tags": {"plan": {"title": "Plan"}}},
        "conversation": {"tags": {}},
        "message": {},
        "states": {"session": {"type": "conversation", "schema": {"type": "object"}}},
        "configuration": {"data": {"greeting": "Bonjour"}, "schema": {"type": "object"}},
        "events": {"reminder:due": {"schema": {"type": "object"}}},
        "recurringEvents": {"digest": {"schedule": {"cron": "0 9 * * *"}, "type": "digest", "payload": {}}},
        "subscriptions": {"events": null},
        "actions": {},
        "tags": {"team": "support"},
        "name": "Support Bot", "dev": false, "secrets": ["OPENAI_API_KEY"], "alwaysAlive": true, "status": "active",
        "medias": [{"url": "https://files.bpcontent.cloud/logo.png", "name": "logo.png"}],
        "maxExecutionTime": 60, "description": "Answers support questions",
        "deployedAt": DEPLOYED, "createdBy": ACCOUNT
    })
}

fn assert_bot(bot: &types::Bot) {
    assert_eq!(bot.id, BOT);
    assert_eq!(bot.created_at, CREATED);
    assert_eq!(bot.signing_secret, "bp_sig_5f2b8c1e9d4a7b3c");
    let telegram = &bot.integrations["telegram-main"];
    assert_eq!((telegram.name.as_str(), telegram.version.as_str()), ("telegram", "0.6.2"));
    assert_eq!(telegram.enabled, Some(true));
    assert_eq!(telegram.webhook_url.as_deref(), Some("https://webhook.botpress.cloud/6a1f2c3d"));
    assert_eq!(telegram.identifier.as_deref(), Some("tg-bot-7781"));
    assert!(telegram.configuration_type.is_none() && telegram.is_null("configurationType"));
    assert_eq!(telegram.configuration, Some(obj(json!({"botToken": "7781:AAE"}))));
    assert_eq!(telegram.status, BotIntegrationInstanceStatus::Registered);
    assert!(telegram.status_reason.is_none() && telegram.is_null("statusReason"));
    let slack = &bot.integrations["slack-eu"];
    assert_eq!(slack.status, BotIntegrationInstanceStatus::RegistrationFailed);
    assert_eq!(slack.status_reason.as_deref(), Some("invalid token"));
    assert_eq!(slack.enabled, None);
    assert_eq!(bot.plugins, Some(obj(json!({"hitl": {"enabled": true}}))));
    assert_eq!(bot.user.tags, Some(obj(json!({"plan": {"title": "Plan"}}))));
    assert_eq!(bot.conversation.tags, Some(Map::new()));
    assert_eq!(bot.message.tags, None);
    assert_eq!(bot.states, obj(json!({"session": {"type": "conversation", "schema": {"type": "object"}}})));
    assert_eq!(bot.configuration.data, Some(obj(json!({"greeting": "Bonjour"}))));
    assert_eq!(bot.recurring_events["digest"]["schedule"]["cron"], "0 9 * * *");
    assert!(bot.subscriptions.events.is_none() && bot.subscriptions.is_null("events"));
    assert!(bot.actions.is_empty());
    assert_eq!(bot.tags, tags(&[("team", "support")]));
    assert_eq!(bot.name, "Support Bot");
    assert!(!bot.dev);
    assert_eq!(bot.secrets, Some(strings(&["OPENAI_API_KEY"])));
    assert!(bot.always_alive);
    assert_eq!(bot.status, "active");
    assert_eq!(bot.medias, [types::BotMedia::new("https://files.bpcontent.cloud/logo.png", "logo.png")]);
    assert_eq!(bot.max_execution_time, Some(60));
    assert_eq!(bot.description.as_deref(), Some("Answers support questions"));
    assert_eq!(bot.deployed_at.as_deref(), Some(DEPLOYED));
    assert_eq!(bot.created_by.as_deref(), Some(ACCOUNT));
}

fn bot_summary_json(id: &str) -> Value {
    json!({"id": id, "createdAt": CREATED, "updatedAt": UPDATED, "name": "Support Bot", "tags": {"team": "support"}})
}

fn issue_json(resolution_link: Value) -> Value {
    json!({
        "id": ISSUE, "code": "execution_timeout", "createdAt": CREATED, "lastSeenAt": UPDATED,
        "title": "Handler timed out", "description": "The message handler ran longer than 60 s",
        "category": "timeout", "eventsCount": 17, "groupedData": {"handler": "onMessage"},
        "resolutionLink": resolution_link
    })
}

fn assert_issue(issue: &types::BotIssue) {
    assert_eq!(issue.id, ISSUE);
    assert_eq!(issue.code, "execution_timeout");
    assert_eq!(issue.created_at, CREATED);
    assert_eq!(issue.last_seen_at, UPDATED);
    assert_eq!(issue.title, "Handler timed out");
    assert_eq!(issue.category.as_deref(), Some("timeout"));
    assert_eq!(issue.events_count, Some(17));
    assert_eq!(issue.grouped_data, Some(obj(json!({"handler": "onMessage"}))));
}

fn log_json(message: &str) -> Value {
    json!({
        "timestamp": "2024-06-03T15:45:01.120Z", "level": "error", "message": message,
        "workflowId": "wf_onboarding", "userId": "user_01HZX3K9", "conversationId": "conv_01HZX3MB"
    })
}

// ---- Integrations ----

fn owner_json() -> Value {
    json!({"id": WORKSPACE, "handle": "acme", "name": "Acme Support"})
}

fn integration_json() -> Value {
    json!({
        "id": INTEGRATION, "createdAt": CREATED, "updatedAt": UPDATED,
        "identifier": {"extractScript": "to_string!(.body.message.chat.id)"},
        "url": "https://integrations.botpress.cloud/telegram", "name": "telegram", "version": "0.6.2",
        "interfaces": {
            "typing": {"id": "intver_01HZX6D5E6F7G8H9J0K1M2N3P4", "name": "typing-indicator", "version": "0.0.2"}
        },
        "configuration": {"identifier": {"required": false}, "schema": {"type": "object"}},
        "configurations": {
            "oauth": {
                "title": "OAuth", "identifier": {"linkTemplateScript": "\"https://t.me/bot\"", "required": true},
                "schema": {}
            }
        },
        "channels": {
            "channel": {
                "title": "Chat", "messages": {"text": {"schema": {}}},
                "conversation": {"tags": {"chatId": {}}, "creation": {"enabled": true, "requiredTags": ["chatId"]}},
                "message": {"tags": {"id": {}}}
            }
        },
        "states": {"credentials": {"type": "integration", "schema": {"type": "object"}}},
        "events": {},
        "actions": {"sendTyping": {"title": "Send typing", "input": {"schema": {}}, "output": {"schema": {}}}},
        "user": {"tags": {"id": {}}, "creation": {"enabled": false, "requiredTags": []}},
        "entities": {},
        "dev": false, "title": "Telegram", "description": "Engage with users on Telegram",
        "iconUrl": "https://media.botpress.cloud/telegram/icon.svg",
        "readmeUrl": "https://media.botpress.cloud/telegram/readme.md",
        "public": true, "visibility": "public", "verificationStatus": "approved", "secrets": ["TELEGRAM_API_ID"],
        "ownerWorkspace": owner_json(), "meta": {"installs": 15230, "views": 98211},
        "sandbox": {"identifierExtractScript": ".body.chat.id"}, "maxExecutionTime": 60,
        "attributes": {"category": "messaging"}
    })
}

fn assert_integration(integration: &types::Integration) {
    assert_eq!(integration.id, INTEGRATION);
    assert_eq!(integration.identifier.extract_script.as_deref(), Some("to_string!(.body.message.chat.id)"));
    assert_eq!((integration.name.as_str(), integration.version.as_str()), ("telegram", "0.6.2"));
    assert_eq!(integration.interfaces["typing"].name, "typing-indicator");
    assert_eq!(integration.configuration.identifier.required, Some(false));
    assert_eq!(integration.configurations["oauth"].identifier.required, Some(true));
    let channel = &integration.channels["channel"];
    let creation = channel.conversation.as_ref().and_then(|c| c.creation.as_ref()).expect("conversation.creation");
    assert!(creation.enabled);
    assert_eq!(creation.required_tags, strings(&["chatId"]));
    assert_eq!(channel.message.as_ref().and_then(|m| m.tags.clone()), Some(obj(json!({"id": {}}))));
    assert_eq!(integration.states["credentials"].r#type, IntegrationStateDefinitionType::Integration);
    assert!(integration.events.is_empty());
    assert_eq!(integration.actions["sendTyping"].title.as_deref(), Some("Send typing"));
    assert_eq!(integration.user.creation.as_ref().map(|c| c.enabled), Some(false));
    assert!(!integration.dev);
    assert_eq!(integration.title, "Telegram");
    assert_eq!(integration.readme_url, "https://media.botpress.cloud/telegram/readme.md");
    assert!(integration.public);
    assert_eq!(integration.visibility, Some(IntegrationVisibility::Public));
    assert_eq!(integration.verification_status, IntegrationVerificationStatus::Approved);
    assert_eq!(integration.secrets, strings(&["TELEGRAM_API_ID"]));
    assert_eq!(integration.owner_workspace.as_ref().map(|o| o.handle.as_str()), Some("acme"));
    assert_eq!(integration.meta.as_ref().map(|m| (m.installs, m.views)), Some((15230, 98211)));
    assert_eq!(integration.sandbox.as_ref().and_then(|s| s.identifier_extract_script.as_deref()), Some(".body.chat.id"));
    assert_eq!(integration.max_execution_time, Some(60));
    assert_eq!(integration.attributes, Some(map1("category", "messaging".to_string())));
}

fn integration_summary_json() -> Value {
    json!({
        "id": INTEGRATION, "name": "telegram", "version": "0.6.2", "createdAt": CREATED, "updatedAt": UPDATED,
        "title": "Telegram", "description": "Engage with users on Telegram",
        "iconUrl": "https://media.botpress.cloud/telegram/icon.svg", "public": true, "visibility": "public",
        "verificationStatus": "approved", "ownerWorkspace": owner_json(), "meta": {"installs": 15230, "views": 98211},
        "matchedOn": {"name": true, "title": true, "description": false, "actions": ["sendTyping"]}
    })
}

fn assert_integration_summary(summary: &types::IntegrationSummary) {
    assert_eq!(summary.id, INTEGRATION);
    assert_eq!((summary.name.as_str(), summary.version.as_str()), ("telegram", "0.6.2"));
    assert_eq!(summary.title, "Telegram");
    assert_eq!(summary.icon_url, "https://media.botpress.cloud/telegram/icon.svg");
    assert!(summary.public);
    assert_eq!(summary.visibility, Some(IntegrationVisibility::Public));
    assert_eq!(summary.verification_status, IntegrationVerificationStatus::Approved);
    let owner = summary.owner_workspace.as_ref().expect("ownerWorkspace");
    assert_eq!((owner.id.as_str(), owner.handle.as_str(), owner.name.as_str()), (WORKSPACE, "acme", "Acme Support"));
    assert_eq!(summary.meta.as_ref().map(|m| m.installs), Some(15230));
    let matched = summary.matched_on.as_ref().expect("matchedOn");
    assert_eq!((matched.name, matched.title, matched.description), (Some(true), Some(true), Some(false)));
    assert_eq!(matched.actions, Some(strings(&["sendTyping"])));
    assert_eq!(matched.interfaces, None);
}

/// The channel definition sent by the create and update tests.
fn channel_definition() -> types::IntegrationChannelDefinition {
    types::IntegrationChannelDefinition::new()
        .title("Chat")
        .messages(obj(json!({"text": {"schema": {"type": "object"}}})))
        .conversation(
            types::IntegrationChannelDefinitionConversation::new()
                .tags(obj(json!({"chatId": {"title": "Chat id"}})))
                .creation(types::IntegrationCreationSetting::new(true, strings(&["chatId"]))),
        )
        .message(types::IntegrationChannelDefinitionMessage::new().tags(obj(json!({"id": {}}))))
}

fn channel_definition_json() -> Value {
    json!({
        "title": "Chat", "messages": {"text": {"schema": {"type": "object"}}},
        "conversation": {
            "tags": {"chatId": {"title": "Chat id"}}, "creation": {"enabled": true, "requiredTags": ["chatId"]}
        },
        "message": {"tags": {"id": {}}}
    })
}

fn configuration_definition() -> types::IntegrationConfigurationDefinition {
    types::IntegrationConfigurationDefinition::new(
        types::IntegrationConfigurationIdentifier::new().required(false),
        obj(json!({"type": "object", "properties": {"botToken": {"type": "string"}}})),
    )
    .title("Bot token")
}

fn configuration_definition_json() -> Value {
    json!({
        "title": "Bot token", "identifier": {"required": false},
        "schema": {"type": "object", "properties": {"botToken": {"type": "string"}}}
    })
}

/// The body of `createIntegration` and `validateIntegrationCreation`.
fn create_input() -> types::IntegrationCreateInput {
    types::IntegrationCreateInput::new("telegram", "0.6.2")
        .configuration(configuration_definition())
        .states(map1(
            "credentials",
            types::IntegrationStateDefinition::new(IntegrationStateDefinitionType::Integration, obj(json!({"type": "object"}))),
        ))
        .events(map1("messageRead", types::IntegrationEventDefinition::new().title("Message read").schema(Map::new())))
        .actions(map1(
            "sendTyping",
            types::IntegrationActionDefinition::new()
                .title("Send typing")
                .description("Shows the typing indicator")
                .input(obj(json!({"schema": {"type": "object"}})))
                .output(obj(json!({"schema": {}}))),
        ))
        .attributes(map1("category", "messaging".to_string()))
        .identifier(types::IntegrationIdentifier::new().extract_script("to_string!(.body.message.chat.id)"))
        .channels(map1("channel", channel_definition()))
        .user(
            types::IntegrationUserDefinition::new()
                .tags(obj(json!({"id": {}})))
                .creation(types::IntegrationCreationSetting::new(false, Vec::<String>::new())),
        )
        .extra_operations(obj(json!({"proactiveUser": {"enabled": true}})))
        .sdk_version("4.2.0")
        .secrets(map1("TELEGRAM_API_ID", "12345".to_string()))
        .code("module.exports = {}")
        .dev(false)
        .icon("PHN2Zz48L3N2Zz4=")
        .readme("IyBUZWxlZ3JhbQ==")
        .title("Telegram")
        .description("Engage with users on Telegram")
        .visibility(IntegrationVisibility::Unlisted)
        .layers(strings(&["base"]))
}

fn create_input_json() -> Value {
    json!({
        "name": "telegram", "version": "0.6.2",
        "configuration": configuration_definition_json(),
        "states": {"credentials": {"type": "integration", "schema": {"type": "object"}}},
        "events": {"messageRead": {"title": "Message read", "schema": {}}},
        "actions": {"sendTyping": {
            "title": "Send typing", "description": "Shows the typing indicator",
            "input": {"schema": {"type": "object"}}, "output": {"schema": {}}
        }},
        "attributes": {"category": "messaging"},
        "identifier": {"extractScript": "to_string!(.body.message.chat.id)"},
        "channels": {"channel": channel_definition_json()},
        "user": {"tags": {"id": {}}, "creation": {"enabled": false, "requiredTags": []}},
        "extraOperations": {"proactiveUser": {"enabled": true}},
        "sdkVersion": "4.2.0",
        "secrets": {"TELEGRAM_API_ID": "12345"},
        "code": "module.exports = {}", "dev": false,
        "icon": "PHN2Zz48L3N2Zz4=", "readme": "IyBUZWxlZ3JhbQ==",
        "title": "Telegram", "description": "Engage with users on Telegram",
        "visibility": "unlisted", "layers": ["base"]
    })
}

/// The body of `updateIntegration` and `validateIntegrationUpdate`: `attributes` is nullable and
/// so are its values (`null` removes one attribute).
fn update_input() -> types::IntegrationUpdateInput {
    types::IntegrationUpdateInput::new()
        .configurations(map1("default", configuration_definition()))
        .extra_operations(obj(json!({"proactiveUser": null})))
        .channels(map1("channel", channel_definition()))
        .max_execution_time(120)
        .entities(obj(json!({"chat": {"schema": {}}})))
        .attributes(BTreeMap::from([("category".to_string(), Some("messaging".to_string())), ("legacy".to_string(), None)]))
        .code("module.exports = {v: 2}")
        .title("Telegram (beta)")
        .url("https://tunnel.example/telegram")
        .public(false)
        .visibility(IntegrationVisibility::Private)
}

fn update_input_json() -> Value {
    json!({
        "configurations": {"default": configuration_definition_json()},
        "extraOperations": {"proactiveUser": null},
        "channels": {"channel": channel_definition_json()},
        "maxExecutionTime": 120,
        "entities": {"chat": {"schema": {}}},
        "attributes": {"category": "messaging", "legacy": null},
        "code": "module.exports = {v: 2}",
        "title": "Telegram (beta)",
        "url": "https://tunnel.example/telegram",
        "public": false,
        "visibility": "private"
    })
}

// ---------------------------------------------------------------------------------------------
// What a mock expects on the wire
// ---------------------------------------------------------------------------------------------

/// Who the request claims to be by default: `authorization: Bearer tok`, no `x-bot-id`, the
/// client's `x-workspace-id` and no `x-multiple-integrations`. The bot, bot-issue, integration and
/// workspace-member operations declare `x-workspace-id`: the client's value is sent.
const IN_WORKSPACE: &[(&str, Option<&str>)] =
    &[("authorization", Some("Bearer tok")), ("x-workspace-id", Some("ws_1")), ("x-multiple-integrations", None), ("x-bot-id", None)];

/// The account, hub and workspace operations declare no `x-workspace-id`: the client's value is
/// sent all the same, as the official client sends every identity header on every call.
const UNDECLARED_WORKSPACE: &[(&str, Option<&str>)] = &[("x-workspace-id", Some("ws_1"))];

/// A mock of `verb route` sent with the client's workspace, with exactly `query` and `body`.
fn on(verb: &str, route: &str, query: &[(&str, &str)], body: Option<Value>) -> MockBuilder {
    on_as(&[], verb, route, query, body)
}

/// A mock of `verb route` sent with the client's workspace and the headers in `changes` instead.
fn on_as(changes: &[(&str, Option<&str>)], verb: &str, route: &str, query: &[(&str, &str)], body: Option<Value>) -> MockBuilder {
    mock(verb, route, Headers::new(IN_WORKSPACE).with(changes), Query::exact(query), body)
}

// ---------------------------------------------------------------------------------------------
// Account
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_account() {
    let server = MockServer::start().await;
    on_as(UNDECLARED_WORKSPACE, "GET", "/v1/admin/account/me", &[], None).reply(&server, 200, json!({"account": account_json()})).await;

    let response = sent(&server, client(&server).get_account().send()).await;
    assert_account(&response.account);
}

#[tokio::test]
async fn update_account() {
    let server = MockServer::start().await;
    let body = json!({"displayName": "Ada Lovelace", "profilePicture": "https://cdn.example.com/ada.png", "refresh": true});
    on_as(UNDECLARED_WORKSPACE, "PUT", "/v1/admin/account/me", &[], Some(body)).reply(&server, 200, json!({"account": account_json()})).await;

    let response = sent(
        &server,
        client(&server).update_account().display_name("Ada Lovelace").profile_picture("https://cdn.example.com/ada.png").refresh(true).send(),
    )
    .await;
    assert_account(&response.account);
}

// ---------------------------------------------------------------------------------------------
// Hub
// ---------------------------------------------------------------------------------------------

/// `limit` (`type: number`) holds the number 25: it is written `limit=25`, as the number's text
/// (JSON, the official client), not Rust's float rendering `25.0`.
#[tokio::test]
async fn list_public_integrations() {
    let server = MockServer::start().await;
    let query = [("nextToken", "hub_2"), ("limit", "25"), ("name", "telegram"), ("version", "latest")];
    on_as(UNDECLARED_WORKSPACE, "GET", "/v1/admin/hub/integrations", &query, None)
        .reply(&server, 200, json!({"integrations": [integration_summary_json()], "meta": {"nextToken": "hub_3"}}))
        .await;

    let response =
        sent(&server, client(&server).list_public_integrations().next_token("hub_2").limit(25).name("telegram").version("latest").send()).await;
    assert_eq!(response.integrations.len(), 1);
    assert_integration_summary(&response.integrations[0]);
    assert_eq!(response.meta.next_token.as_deref(), Some("hub_3"));
}

#[tokio::test]
async fn get_public_integration_by_id() {
    let server = MockServer::start().await;
    on_as(UNDECLARED_WORKSPACE, "GET", &format!("/v1/admin/hub/integrations/{INTEGRATION}"), &[], None)
        .reply(&server, 200, json!({"integration": integration_json()}))
        .await;

    let response = sent(&server, client(&server).get_public_integration_by_id(INTEGRATION).send()).await;
    assert_integration(&response.integration);
}

#[tokio::test]
async fn get_public_integration() {
    let server = MockServer::start().await;
    on_as(UNDECLARED_WORKSPACE, "GET", "/v1/admin/hub/integrations/telegram/latest", &[], None)
        .reply(&server, 200, json!({"integration": integration_json()}))
        .await;

    let response = sent(&server, client(&server).get_public_integration("telegram", "latest").send()).await;
    assert_integration(&response.integration);
}

// ---------------------------------------------------------------------------------------------
// Workspaces
// ---------------------------------------------------------------------------------------------

/// Also: `x-multiple-integrations` set per call is sent, even where there is no `x-workspace-id`.
#[tokio::test]
async fn list_workspaces() {
    let server = MockServer::start().await;
    // The client's workspace left out for this call, and a header it does not have added.
    let identity = [("x-workspace-id", None), ("x-multiple-integrations", Some("true"))];
    on_as(&identity, "GET", "/v1/admin/workspaces", &[("nextToken", "ws_p2"), ("handle", "acme")], None)
        .reply(&server, 200, json!({"workspaces": [workspace_json()], "meta": {}}))
        .await;

    let response = sent(
        &server,
        client(&server).list_workspaces().next_token("ws_p2").handle("acme").multiple_integrations("true").without_workspace_id().send(),
    )
    .await;
    assert_eq!(response.workspaces.len(), 1);
    assert_workspace(&response.workspaces[0]);
    assert_eq!(response.meta.next_token, None);
}

#[tokio::test]
async fn create_workspace() {
    let server = MockServer::start().await;
    on_as(UNDECLARED_WORKSPACE, "POST", "/v1/admin/workspaces", &[], Some(json!({"name": "Acme Support", "billingVersion": "v4"})))
        .reply(&server, 200, workspace_json())
        .await;

    let response =
        sent(&server, client(&server).create_workspace("Acme Support").billing_version(operations::CreateWorkspaceBodyBillingVersion::V4).send())
            .await;
    assert_workspace(&response);
}

#[tokio::test]
async fn list_public_workspaces() {
    let server = MockServer::start().await;
    let other = "wkspace_01HZX4S0T4V8W2X6Y0Z4A8B2CD";
    let query = [("nextToken", "pw_2"), ("workspaceIds", WORKSPACE), ("workspaceIds", other), ("search", "acme support")];
    on_as(UNDECLARED_WORKSPACE, "GET", "/v1/admin/workspaces/public", &query, None)
        .reply(&server, 200, json!({"workspaces": [public_workspace_json()], "meta": {"nextToken": "pw_3"}}))
        .await;

    let response = sent(
        &server,
        client(&server).list_public_workspaces().next_token("pw_2").workspace_ids(strings(&[WORKSPACE, other])).search("acme support").send(),
    )
    .await;
    assert_eq!(response.workspaces.len(), 1);
    assert_public_workspace(&response.workspaces[0]);
    assert_eq!(response.meta.next_token.as_deref(), Some("pw_3"));
}

#[tokio::test]
async fn get_public_workspace() {
    let server = MockServer::start().await;
    on_as(UNDECLARED_WORKSPACE, "GET", &format!("/v1/admin/workspaces/{WORKSPACE}/public"), &[], None)
        .reply(&server, 200, public_workspace_json())
        .await;

    let response = sent(&server, client(&server).get_public_workspace(types::WorkspaceId::new(WORKSPACE)).send()).await;
    assert_public_workspace(&response);
}

#[tokio::test]
async fn get_workspace() {
    let server = MockServer::start().await;
    on_as(UNDECLARED_WORKSPACE, "GET", &format!("/v1/admin/workspaces/{WORKSPACE}"), &[], None).reply(&server, 200, workspace_json()).await;

    let response = sent(&server, client(&server).get_workspace(types::WorkspaceId::new(WORKSPACE)).send()).await;
    assert_workspace(&response);
}

#[tokio::test]
async fn update_workspace() {
    let server = MockServer::start().await;
    let body = json!({
        "name": "Acme Support", "spendingLimit": 250.0, "about": "Support bots of Acme",
        "profilePicture": "https://cdn.example.com/acme.png", "contactEmail": "support@acme.example",
        "website": "https://acme.example", "socialAccounts": ["https://x.com/acme", "https://github.com/acme"],
        "isPublic": true, "handle": "acme"
    });
    let mut updated = workspace_json();
    updated["spendingLimit"] = json!(250);
    on_as(UNDECLARED_WORKSPACE, "PUT", &format!("/v1/admin/workspaces/{WORKSPACE}"), &[], Some(body)).reply(&server, 200, updated).await;

    let response = sent(
        &server,
        client(&server)
            .update_workspace(types::WorkspaceId::new(WORKSPACE))
            .name("Acme Support")
            .spending_limit(250)
            .about("Support bots of Acme")
            .profile_picture("https://cdn.example.com/acme.png")
            .contact_email("support@acme.example")
            .website("https://acme.example")
            .social_accounts(strings(&["https://x.com/acme", "https://github.com/acme"]))
            .is_public(true)
            .handle("acme")
            .send(),
    )
    .await;
    assert_eq!(response.id, WORKSPACE);
    assert_eq!(response.spending_limit, 250.0);
}

#[tokio::test]
async fn delete_workspace() {
    let server = MockServer::start().await;
    on_as(UNDECLARED_WORKSPACE, "DELETE", &format!("/v1/admin/workspaces/{WORKSPACE}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_workspace(types::WorkspaceId::new(WORKSPACE)).send()).await;
    assert!(response.is_empty());
}

/// Also: an `action` this version does not know decodes as `Unrecognized`.
#[tokio::test]
async fn get_audit_records() {
    let server = MockServer::start().await;
    let records = json!([
        {
            "id": "audit_01", "recordedAt": UPDATED, "userId": ACCOUNT, "resourceId": BOT, "action": "TRANSFER_BOT",
            "userEmail": "ada@acme.example", "resourceName": "Support Bot", "value": WORKSPACE
        },
        {
            "id": "audit_02", "recordedAt": CREATED, "userId": ACCOUNT, "resourceId": WORKSPACE,
            "action": "ROTATE_API_KEY"
        }
    ]);
    on_as(UNDECLARED_WORKSPACE, "GET", &format!("/v1/admin/workspaces/{WORKSPACE}/audit-records"), &[("nextToken", "ar_2")], None)
        .reply(&server, 200, json!({"records": records, "meta": {"nextToken": "ar_3"}}))
        .await;

    let response = sent(&server, client(&server).get_audit_records(types::WorkspaceId::new(WORKSPACE)).next_token("ar_2").send()).await;
    let [transfer, unknown] = &response.records[..] else { panic!("two records: {:?}", response.records) };
    assert_eq!(transfer.id, "audit_01");
    assert_eq!(transfer.recorded_at, UPDATED);
    assert_eq!(transfer.user_id, ACCOUNT);
    assert_eq!(transfer.resource_id, BOT);
    assert_eq!(transfer.action, AuditRecordAction::TransferBot);
    assert_eq!(transfer.user_email.as_deref(), Some("ada@acme.example"));
    assert_eq!(transfer.resource_name.as_deref(), Some("Support Bot"));
    assert_eq!(transfer.value.as_deref(), Some(WORKSPACE));
    assert_eq!(unknown.action, AuditRecordAction::other("ROTATE_API_KEY"));
    assert!(matches!(unknown.action, AuditRecordAction::Unrecognized(_)), "{:?}", unknown.action);
    assert_eq!(unknown.user_email, None);
    assert_eq!(response.meta.next_token.as_deref(), Some("ar_3"));
}

// ---------------------------------------------------------------------------------------------
// Workspace members
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_workspace_members() {
    let server = MockServer::start().await;
    on("GET", "/v1/admin/workspace-members", &[("nextToken", "m_2")], None)
        .reply(&server, 200, json!({"members": [member_json("owner")], "meta": {"nextToken": "m_3"}}))
        .await;

    let response = sent(&server, client(&server).list_workspace_members().next_token("m_2").send()).await;
    assert_eq!(response.members.len(), 1);
    assert_member(&response.members[0], WorkspaceMemberRole::Owner);
    assert_eq!(response.meta.next_token.as_deref(), Some("m_3"));
}

#[tokio::test]
async fn create_workspace_member() {
    let server = MockServer::start().await;
    let body = json!({"email": "ada@acme.example", "role": "developer", "sendEmail": false});
    on("POST", "/v1/admin/workspace-members", &[], Some(body)).reply(&server, 200, member_json("developer")).await;

    let response =
        sent(&server, client(&server).create_workspace_member("ada@acme.example", WorkspaceMemberRole::Developer).send_email(false).send()).await;
    assert_member(&response, WorkspaceMemberRole::Developer);
}

/// Also: the workspace can be overridden per call.
#[tokio::test]
async fn get_workspace_member() {
    let server = MockServer::start().await;
    let identity = [("x-workspace-id", Some("ws_2"))];
    on_as(&identity, "GET", "/v1/admin/workspace-members/me", &[], None).reply(&server, 200, member_json("administrator")).await;

    let response = sent(&server, client(&server).get_workspace_member().workspace_id("ws_2").send()).await;
    assert_member(&response, WorkspaceMemberRole::Administrator);
}

#[tokio::test]
async fn update_workspace_member() {
    let server = MockServer::start().await;
    on("PUT", &format!("/v1/admin/workspace-members/{MEMBER}"), &[], Some(json!({"role": "manager"})))
        .reply(&server, 200, member_json("manager"))
        .await;

    let response =
        sent(&server, client(&server).update_workspace_member(types::WorkspaceMemberId::new(MEMBER)).role(WorkspaceMemberRole::Manager).send()).await;
    assert_member(&response, WorkspaceMemberRole::Manager);
}

#[tokio::test]
async fn delete_workspace_member() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/admin/workspace-members/{MEMBER}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_workspace_member(types::WorkspaceMemberId::new(MEMBER)).send()).await;
    assert!(response.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Bots
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_bots() {
    let server = MockServer::start().await;
    let query = [
        ("dev", "true"),
        ("tags.team", "support"),
        ("tags.lang", "fr"),
        ("integrationNames", "telegram"),
        ("integrationNames", "webchat"),
        ("pluginNames", "hitl"),
        ("nextToken", "bots_p2"),
        ("pageSize", "25"),
        ("sortField", "updatedAt"),
        ("sortDirection", "desc"),
    ];
    let mut deployed = bot_summary_json(BOT);
    deployed["deployedAt"] = json!(DEPLOYED);
    on("GET", "/v1/admin/bots", &query, None).reply(&server, 200, json!({"bots": [deployed], "meta": {"nextToken": "bots_p3"}})).await;

    let response = sent(
        &server,
        client(&server)
            .list_bots()
            .dev(true)
            .tags(tags(&[("team", "support"), ("lang", "fr")]))
            .integration_names(vec!["telegram".to_string(), "webchat".to_string()])
            .plugin_names(vec!["hitl".to_string()])
            .next_token("bots_p2")
            .page_size(25)
            .sort_field(operations::ListBotsSortField::UpdatedAt)
            .sort_direction(operations::ListBotsSortDirection::Desc)
            .send(),
    )
    .await;
    let [bot] = &response.bots[..] else { panic!("one bot: {:?}", response.bots) };
    assert_eq!(bot.id, BOT);
    assert_eq!(bot.created_at, CREATED);
    assert_eq!(bot.updated_at, UPDATED);
    assert_eq!(bot.name, "Support Bot");
    assert_eq!(bot.tags, tags(&[("team", "support")]));
    assert_eq!(bot.deployed_at.as_deref(), Some(DEPLOYED));
    assert_eq!(response.meta.next_token.as_deref(), Some("bots_p3"));
}

#[tokio::test]
async fn create_bot() {
    let server = MockServer::start().await;
    let body = json!({
        "states": {"session": {"type": "conversation", "schema": {"type": "object"}}},
        "events": {"reminder:due": {"schema": {"type": "object"}}},
        "recurringEvents": {"digest": {"schedule": {"cron": "0 9 * * *"}, "type": "digest", "payload": {}}},
        "subscriptions": {"events": {"telegram:messageRead": {}}},
        "actions": {"escalate": {"input": {"schema": {}}, "output": {"schema": {}}}},
        "configuration": {"data": {"greeting": "Bonjour"}, "schema": {"type": "object"}},
        "user": {"tags": {"plan": {"title": "Plan"}}},
        "conversation": {"tags": {}},
        "message": {},
        "tags": {"team": "support"},
        "code": "export default {}",
        "name": "Support Bot",
        "description": "Answers support questions",
        "medias": [{"url": "https://files.bpcontent.cloud/logo.png", "name": "logo.png"}],
        "url": "https://tunnel.example/bot",
        "secrets": {"OPENAI_API_KEY": "sk-test-123"},
        "dev": true,
        "type": "adk",
        "maxExecutionTime": 60
    });
    on("POST", "/v1/admin/bots", &[], Some(body)).reply(&server, 200, json!({"bot": bot_json()})).await;

    let response = sent(
        &server,
        client(&server)
            .create_bot()
            .states(obj(json!({"session": {"type": "conversation", "schema": {"type": "object"}}})))
            .events(obj(json!({"reminder:due": {"schema": {"type": "object"}}})))
            .recurring_events(obj(json!({"digest": {"schedule": {"cron": "0 9 * * *"}, "type": "digest", "payload": {}}})))
            .subscriptions(types::BotSubscriptions::new().events(obj(json!({"telegram:messageRead": {}}))))
            .actions(obj(json!({"escalate": {"input": {"schema": {}}, "output": {"schema": {}}}})))
            .configuration(types::BotConfiguration::new().data(obj(json!({"greeting": "Bonjour"}))).schema(obj(json!({"type": "object"}))))
            .user(types::BotTagDefinitions::new().tags(obj(json!({"plan": {"title": "Plan"}}))))
            .conversation(types::BotTagDefinitions::new().tags(Map::new()))
            .message(types::BotTagDefinitions::new())
            .tags(tags(&[("team", "support")]))
            .code("export default {}")
            .name("Support Bot")
            .description("Answers support questions")
            .medias(vec![types::BotMedia::new("https://files.bpcontent.cloud/logo.png", "logo.png")])
            .url("https://tunnel.example/bot")
            .secrets(map1("OPENAI_API_KEY", "sk-test-123".to_string()))
            .dev(true)
            .r#type(types::BotType::Adk)
            .max_execution_time(60)
            .send(),
    )
    .await;
    assert_bot(&response.bot);
}

/// Also: `x-multiple-integrations` set on the client is sent.
#[tokio::test]
#[allow(deprecated)] // a parameter the spec marks deprecated: still sent as written
async fn get_bot() {
    let server = MockServer::start().await;
    let identity = [("x-multiple-integrations", Some("true"))];
    on_as(&identity, "GET", &format!("/v1/admin/bots/{BOT}"), &[("shouldMergePlugins", "false")], None)
        .reply(&server, 200, json!({"bot": bot_json()}))
        .await;

    let client =
        Client::builder().base_url(server.uri()).bearer_token("tok").workspace_id("ws_1").multiple_integrations("true").build().expect("client");
    let response = sent(&server, client.get_bot(types::BotId::new(BOT)).should_merge_plugins(false).send()).await;
    assert_bot(&response.bot);
}

#[tokio::test]
#[allow(deprecated)] // a parameter the spec marks deprecated: still sent as written
async fn update_bot() {
    let server = MockServer::start().await;
    let body = json!({
        "url": "https://tunnel.example/bot",
        "authentication": "hmac-sha256",
        "configuration": {"data": {"greeting": "Hello"}},
        "tags": {"team": "support", "stage": ""},
        "blocked": false,
        "maxExecutionTime": 120,
        "alwaysAlive": true,
        "user": {"tags": {}},
        "message": {"tags": {"lang": {"title": "Language"}}},
        "conversation": {},
        "events": {},
        "actions": {},
        "states": {},
        "recurringEvents": {},
        "integrations": {"telegram-main": {"enabled": false}, "slack-eu": null},
        "plugins": {"hitl": {"enabled": false}},
        "subscriptions": {"events": null},
        "code": "export default {v: 2}",
        "name": "Support Bot v2",
        "description": "Answers support questions, in French too",
        "medias": [],
        "secrets": {"OPENAI_API_KEY": ""},
        "layers": ["base", "support"],
        "shouldMergePlugins": false
    });
    let mut updated = bot_json();
    updated["name"] = json!("Support Bot v2");
    on("PUT", &format!("/v1/admin/bots/{BOT}"), &[], Some(body)).reply(&server, 200, json!({"bot": updated})).await;

    let response = sent(
        &server,
        client(&server)
            .update_bot(types::BotId::new(BOT))
            .url("https://tunnel.example/bot")
            .authentication(operations::UpdateBotBodyAuthentication::HmacSha256)
            .configuration(types::BotConfiguration::new().data(obj(json!({"greeting": "Hello"}))))
            .tags(tags(&[("team", "support"), ("stage", "")]))
            .blocked(false)
            .max_execution_time(120)
            .always_alive(true)
            .user(types::BotTagDefinitions::new().tags(Map::new()))
            .message(types::BotTagDefinitions::new().tags(obj(json!({"lang": {"title": "Language"}}))))
            .conversation(types::BotTagDefinitions::new())
            .events(Map::new())
            .actions(Map::new())
            .states(Map::new())
            .recurring_events(Map::new())
            .integrations(obj(json!({"telegram-main": {"enabled": false}, "slack-eu": null})))
            .plugins(obj(json!({"hitl": {"enabled": false}})))
            .subscriptions(types::BotSubscriptions::new().clear_events())
            .code("export default {v: 2}")
            .name("Support Bot v2")
            .description("Answers support questions, in French too")
            .medias(Vec::<types::BotMedia>::new())
            .secrets(map1("OPENAI_API_KEY", String::new()))
            .layers(strings(&["base", "support"]))
            .should_merge_plugins(false)
            .send(),
    )
    .await;
    assert_eq!(response.bot.id, BOT);
    assert_eq!(response.bot.name, "Support Bot v2");
}

/// `url` is optional and nullable: `clear_url` sends `"url": null`, and nothing else is sent.
#[tokio::test]
async fn update_bot_clears_url() {
    let server = MockServer::start().await;
    on("PUT", &format!("/v1/admin/bots/{BOT}"), &[], Some(json!({"url": null}))).reply(&server, 200, json!({"bot": bot_json()})).await;

    let response = sent(&server, client(&server).update_bot(types::BotId::new(BOT)).clear_url().send()).await;
    assert_bot(&response.bot);
}

#[tokio::test]
async fn delete_bot() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/admin/bots/{BOT}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_bot(types::BotId::new(BOT)).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn transfer_bot() {
    let server = MockServer::start().await;
    let target = "wkspace_01HZX4S0T4V8W2X6Y0Z4A8B2CD";
    on("POST", &format!("/v1/admin/bots/{BOT}/transfer"), &[], Some(json!({"targetWorkspaceId": target}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).transfer_bot(types::BotId::new(BOT), types::WorkspaceId::new(target)).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn get_bot_logs() {
    let server = MockServer::start().await;
    let query = [
        ("timeStart", "2024-06-03T00:00:00.000Z"),
        ("timeEnd", "2024-06-04T00:00:00.000Z"),
        ("level", "error"),
        ("userId", "user_01HZX3K9"),
        ("workflowId", "wf_onboarding"),
        ("conversationId", "conv_01HZX3MB"),
        ("messageContains", "timed out"),
        ("nextToken", "logs_p2"),
    ];
    on("GET", &format!("/v1/admin/bots/{BOT}/logs"), &query, None)
        .reply(&server, 200, json!({"logs": [log_json("Handler timed out after 60 s")], "nextToken": "logs_p3"}))
        .await;

    let response = sent(
        &server,
        client(&server)
            .get_bot_logs(types::BotId::new(BOT), "2024-06-03T00:00:00.000Z")
            .time_end("2024-06-04T00:00:00.000Z")
            .level("error")
            .user_id(types::UserId::new("user_01HZX3K9"))
            .workflow_id("wf_onboarding")
            .conversation_id(types::ConversationId::new("conv_01HZX3MB"))
            .message_contains("timed out")
            .next_token("logs_p2")
            .send(),
    )
    .await;
    let [log] = &response.logs[..] else { panic!("one log: {:?}", response.logs) };
    assert_eq!(log.timestamp, "2024-06-03T15:45:01.120Z");
    assert_eq!(log.level, "error");
    assert_eq!(log.message, "Handler timed out after 60 s");
    assert_eq!(log.workflow_id.as_deref(), Some("wf_onboarding"));
    assert_eq!(log.user_id.as_deref(), Some("user_01HZX3K9"));
    assert_eq!(log.conversation_id.as_deref(), Some("conv_01HZX3MB"));
    assert_eq!(response.next_token.as_deref(), Some("logs_p3"));
}

#[tokio::test]
async fn get_bot_webchat() {
    let server = MockServer::start().await;
    let code = "<script src=\"https://cdn.botpress.cloud/webchat/v2.2/inject.js\"></script>";
    on("GET", &format!("/v1/admin/bots/{BOT}/webchat"), &[("type", "preconfigured")], None).reply(&server, 200, json!({"code": code})).await;

    let response = sent(&server, client(&server).get_bot_webchat(types::BotId::new(BOT), "preconfigured").send()).await;
    assert_eq!(response.code, code);
}

#[tokio::test]
async fn get_bot_analytics() {
    let server = MockServer::start().await;
    let (start, end) = ("2024-06-01T00:00:00.000Z", "2024-06-08T00:00:00.000Z");
    let record = json!({
        "startDateTimeUtc": start, "endDateTimeUtc": "2024-06-02T00:00:00.000Z",
        "returningUsers": 12, "newUsers": 30, "sessions": 51, "messages": 420, "userMessages": 190,
        "botMessages": 230, "events": 75, "eventTypes": {"reminder:due": 5}, "customEvents": {"escalated": 2},
        "llm": {
            "calls": 180, "errors": 2, "inputTokens": 91000, "outputTokens": 23000,
            "latency": {"mean": 812.5, "sd": 120.25, "min": 300, "max": 2400},
            "tokensPerSecond": {"mean": 48.5},
            "cost": {"sum": 1.75, "mean": 0.0097, "min": 0.001, "max": 0.05}
        }
    });
    on("GET", &format!("/v1/admin/bots/{BOT}/analytics"), &[("startDate", start), ("endDate", end)], None)
        .reply(&server, 200, json!({"records": [record]}))
        .await;

    let response = sent(&server, client(&server).get_bot_analytics(types::BotId::new(BOT), start, end).send()).await;
    let [record] = &response.records[..] else { panic!("one record: {:?}", response.records) };
    assert_eq!(record.start_date_time_utc, start);
    assert_eq!(record.end_date_time_utc, "2024-06-02T00:00:00.000Z");
    let counts = [record.returning_users, record.new_users, record.sessions, record.messages];
    assert_eq!(counts, [12, 30, 51, 420]);
    assert_eq!([record.user_messages, record.bot_messages, record.events], [190, 230, 75]);
    assert_eq!(record.event_types, obj(json!({"reminder:due": 5})));
    assert_eq!(record.custom_events, Some(obj(json!({"escalated": 2}))));
    let llm = record.llm.as_ref().expect("llm");
    assert_eq!((llm.calls, llm.errors, llm.input_tokens, llm.output_tokens), (Some(180), Some(2), Some(91000), Some(23000)));
    let latency = llm.latency.as_ref().expect("latency");
    assert_eq!((latency.mean, latency.sd, latency.min, latency.max), (Some(812.5), Some(120.25), Some(300.0), Some(2400.0)));
    assert_eq!(llm.tokens_per_second.as_ref().map(|t| (t.mean, t.sd, t.min, t.max)), Some((Some(48.5), None, None, None)));
    let cost = llm.cost.as_ref().expect("cost");
    assert_eq!((cost.sum, cost.sd, cost.max), (Some(1.75), None, Some(0.05)));
}

// ---------------------------------------------------------------------------------------------
// Bot issues
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_bot_issues() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/admin/bots/{BOT}/issues"), &[("nextToken", "iss_2")], None)
        .reply(&server, 200, json!({"issues": [issue_json(Value::Null)], "meta": {}}))
        .await;

    let response = sent(&server, client(&server).list_bot_issues(types::BotId::new(BOT)).next_token("iss_2").send()).await;
    let [issue] = &response.issues[..] else { panic!("one issue: {:?}", response.issues) };
    assert_issue(issue);
    assert!(issue.resolution_link.is_none() && issue.is_null("resolutionLink"));
    assert_eq!(response.meta.next_token, None);
}

#[tokio::test]
async fn get_bot_issue() {
    let server = MockServer::start().await;
    let link = "https://botpress.com/docs/troubleshooting/timeouts";
    on("GET", &format!("/v1/admin/bots/{BOT}/issues/{ISSUE}"), &[], None).reply(&server, 200, json!({"issue": issue_json(json!(link))})).await;

    let response = sent(&server, client(&server).get_bot_issue(types::BotId::new(BOT), types::BotIssueId::new(ISSUE)).send()).await;
    assert_issue(&response.issue);
    assert_eq!(response.issue.resolution_link.as_deref(), Some(link));
}

#[tokio::test]
async fn delete_bot_issue() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/admin/bots/{BOT}/issues/{ISSUE}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_bot_issue(types::BotId::new(BOT), types::BotIssueId::new(ISSUE)).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn list_bot_issue_events() {
    let server = MockServer::start().await;
    let events = json!([
        {"id": "issevt_01", "createdAt": CREATED, "data": {"conversationId": "conv_01HZX3MB", "durationMs": 60012}},
        {"id": "issevt_02", "createdAt": UPDATED}
    ]);
    on("GET", &format!("/v1/admin/bots/{BOT}/issues/{ISSUE}/events"), &[], None).reply(&server, 200, json!({"issueEvents": events})).await;

    let response = sent(&server, client(&server).list_bot_issue_events(types::BotId::new(BOT), types::BotIssueId::new(ISSUE)).send()).await;
    let [first, second] = &response.issue_events[..] else { panic!("two events: {:?}", response.issue_events) };
    assert_eq!((first.id.as_str(), first.created_at.as_str()), ("issevt_01", CREATED));
    assert_eq!(first.data, Some(obj(json!({"conversationId": "conv_01HZX3MB", "durationMs": 60012}))));
    assert_eq!((second.id.as_str(), second.created_at.as_str()), ("issevt_02", UPDATED));
    assert_eq!(second.data, None);
}

// ---------------------------------------------------------------------------------------------
// Integrations
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_integrations() {
    let server = MockServer::start().await;
    let query = [("nextToken", "int_2"), ("name", "telegram"), ("version", "0.6.2")];
    on("GET", "/v1/admin/integrations", &query, None)
        .reply(&server, 200, json!({"integrations": [integration_summary_json()], "meta": {"nextToken": "int_3"}}))
        .await;

    let response = sent(&server, client(&server).list_integrations().next_token("int_2").name("telegram").version("0.6.2").send()).await;
    assert_eq!(response.integrations.len(), 1);
    assert_integration_summary(&response.integrations[0]);
    assert_eq!(response.meta.next_token.as_deref(), Some("int_3"));
}

#[tokio::test]
async fn create_integration() {
    let server = MockServer::start().await;
    on("POST", "/v1/admin/integrations", &[], Some(create_input_json())).reply(&server, 200, json!({"integration": integration_json()})).await;

    let response = sent(&server, client(&server).create_integration(create_input()).send()).await;
    assert_integration(&response.integration);
}

#[tokio::test]
async fn validate_integration_creation() {
    let server = MockServer::start().await;
    on("POST", "/v1/admin/integrations/validate", &[], Some(create_input_json())).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).validate_integration_creation(create_input()).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn get_integration() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/admin/integrations/{INTEGRATION}"), &[], None).reply(&server, 200, json!({"integration": integration_json()})).await;

    let response = sent(&server, client(&server).get_integration(types::IntegrationId::new(INTEGRATION)).send()).await;
    assert_integration(&response.integration);
}

#[tokio::test]
async fn update_integration() {
    let server = MockServer::start().await;
    on("PUT", &format!("/v1/admin/integrations/{INTEGRATION}"), &[], Some(update_input_json()))
        .reply(&server, 200, json!({"integration": integration_json()}))
        .await;

    let response = sent(&server, client(&server).update_integration(types::IntegrationId::new(INTEGRATION), update_input()).send()).await;
    assert_integration(&response.integration);
}

#[tokio::test]
async fn delete_integration() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/admin/integrations/{INTEGRATION}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_integration(types::IntegrationId::new(INTEGRATION)).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn validate_integration_update() {
    let server = MockServer::start().await;
    on("PUT", &format!("/v1/admin/integrations/{INTEGRATION}/validate"), &[], Some(update_input_json())).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).validate_integration_update(types::IntegrationId::new(INTEGRATION), update_input()).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn get_integration_logs() {
    let server = MockServer::start().await;
    let query = [
        ("timeStart", "2024-06-03T00:00:00.000Z"),
        ("timeEnd", "2024-06-04T00:00:00.000Z"),
        ("level", "warn"),
        ("userId", "user_01HZX3K9"),
        ("conversationId", "conv_01HZX3MB"),
        ("messageContains", "rate limit"),
        ("nextToken", "ilogs_p2"),
    ];
    let mut log = log_json("Telegram rate limit hit, retrying in 3 s");
    log["level"] = json!("warn");
    log.as_object_mut().expect("object").remove("workflowId");
    on("GET", &format!("/v1/admin/integrations/{INTEGRATION}/logs"), &query, None).reply(&server, 200, json!({"logs": [log]})).await;

    let response = sent(
        &server,
        client(&server)
            .get_integration_logs(types::IntegrationId::new(INTEGRATION), "2024-06-03T00:00:00.000Z")
            .time_end("2024-06-04T00:00:00.000Z")
            .level("warn")
            .user_id(types::UserId::new("user_01HZX3K9"))
            .conversation_id(types::ConversationId::new("conv_01HZX3MB"))
            .message_contains("rate limit")
            .next_token("ilogs_p2")
            .send(),
    )
    .await;
    let [log] = &response.logs[..] else { panic!("one log: {:?}", response.logs) };
    assert_eq!(log.level, "warn");
    assert_eq!(log.message, "Telegram rate limit hit, retrying in 3 s");
    assert_eq!(log.workflow_id, None);
    assert_eq!(log.conversation_id.as_deref(), Some("conv_01HZX3MB"));
    assert_eq!(response.next_token, None);
}

#[tokio::test]
async fn get_integration_by_name() {
    let server = MockServer::start().await;
    on("GET", "/v1/admin/integrations/telegram/0.6.2", &[], None).reply(&server, 200, json!({"integration": integration_json()})).await;

    let response = sent(&server, client(&server).get_integration_by_name("telegram", "0.6.2").send()).await;
    assert_integration(&response.integration);
}

// ---------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_bots_stream_follows_next_token() {
    let server = MockServer::start().await;
    let ids = ["bot_page1_aaaaaaaaaaaaaaaaaaaaa", "bot_page1_bbbbbbbbbbbbbbbbbbbbb", "bot_page2_ccccccccccccccccccccc"];
    let bots = |ids: &[&str]| ids.iter().map(|id| bot_summary_json(id)).collect::<Vec<Value>>();
    let filter = ("tags.team", "support");
    on("GET", "/v1/admin/bots", &[filter], None).reply(&server, 200, json!({"bots": bots(&ids[..2]), "meta": {"nextToken": "bots_p2"}})).await;
    on("GET", "/v1/admin/bots", &[filter, ("nextToken", "bots_p2")], None).reply(&server, 200, json!({"bots": bots(&ids[2..]), "meta": {}})).await;

    let stream = client(&server).list_bots().tags(tags(&[("team", "support")])).into_stream();
    let listed: Vec<types::BotSummary> = sent(&server, stream.try_collect()).await;
    let got: Vec<&str> = listed.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(got, ids);
    assert_eq!(server.received_requests().await.expect("recording").len(), 2);
}
