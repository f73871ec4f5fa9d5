//! End-to-end tests of `botpress-client` (Files API and Tables API) against a local `wiremock`
//! server.
//!
//! One test per operation of `operations/files.rs` and `operations/tables.rs`: each mock pins the
//! method, the exact path, the exact set of query pairs, the identity headers and the exact JSON
//! body (or the absence of a body), and must be hit exactly once; the test then checks the decoded
//! response. A last test pages through `listFiles` with `into_stream`.

use std::collections::BTreeMap;

use botpress_client::types::{self, FileAccessPolicy, FilePassageMetaSubtype, FilePassageMetaType, FileStatus};
use botpress_client::{operations, Client};
use e2e_tests::{mock, obj, sent, strings, tags, Headers, Query, Reply};
use futures::TryStreamExt;
use serde_json::{json, Map, Value};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const FILE_ID: &str = "file_01J2K8M4N6P8R0T2V4X6Z8B0D2";
const FILE_ID_2: &str = "file_01J2K8M4N6P8R0T2V4X6Z8B0E3";
/// A file key with `/`: as a path parameter it must travel as one segment.
const FILE_KEY: &str = "kb/faq/returns.pdf";
const FILE_KEY_PATH: &str = "kb%2Ffaq%2Freturns.pdf";
const FILE_URL: &str = "https://files.bpcontent.cloud/2024/06/01/09/kb/faq/returns.pdf?X-Amz-Signature=5f1e";
const TABLE_ID: &str = "table_01J2KA7W3Y5Z7B9D1F3H5K7M9P";
const TABLE: &str = "OrdersTable";
const CREATED: &str = "2024-06-01T09:30:00.000Z";
const UPDATED: &str = "2024-06-02T11:00:00.000Z";

/// A client of `server`: token `tok`, bot `bot_1`.
fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token("tok").bot_id("bot_1").build().expect("client")
}

/// A JSON object literal as the `BTreeMap` of a type's additional properties (row columns).
fn fields(value: Value) -> BTreeMap<String, Value> {
    obj(value).into_iter().collect()
}

fn file_json() -> Value {
    json!({
        "id": FILE_ID, "botId": "bot_1", "key": FILE_KEY, "url": FILE_URL,
        "size": 48213, "contentType": "application/pdf",
        "tags": {"source": "kb", "lang": "en"},
        "metadata": {"pages": 12, "reviewed": true},
        "createdAt": CREATED, "updatedAt": UPDATED,
        "accessPolicies": ["integrations"],
        "index": true, "status": "upload_completed",
        "owner": {"type": "bot", "id": "bot_1", "name": "Support bot"},
        "indexingStack": "v1"
    })
}

fn assert_file(file: &types::File) {
    assert_eq!(file.id, FILE_ID);
    assert_eq!(file.bot_id, "bot_1");
    assert_eq!(file.key, FILE_KEY);
    assert_eq!(file.url, FILE_URL);
    assert_eq!(file.size, Some(48213.0));
    assert_eq!(file.content_type, "application/pdf");
    assert_eq!(file.tags, tags(&[("source", "kb"), ("lang", "en")]));
    assert_eq!(file.metadata, Some(obj(json!({"pages": 12, "reviewed": true}))));
    assert_eq!(file.created_at, CREATED);
    assert_eq!(file.updated_at, UPDATED);
    assert_eq!(file.access_policies, [FileAccessPolicy::Integrations]);
    assert!(file.index);
    assert_eq!(file.status, FileStatus::UploadCompleted);
    assert_eq!(file.failed_status_reason, None);
    assert_eq!(file.expires_at, None);
    let owner = file.owner.as_ref().expect("owner");
    assert_eq!((owner.r#type.as_str(), owner.id.as_str(), owner.name.as_deref()), ("bot", "bot_1", Some("Support bot")));
    assert_eq!(file.indexing_stack.as_deref(), Some("v1"));
}

fn table_json() -> Value {
    json!({
        "id": TABLE_ID, "name": TABLE, "factor": 1, "frozen": false, "keyColumn": "orderRef",
        "schema": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "additionalProperties": true,
            "properties": {
                "orderRef": {"type": "string", "x-zui": {"index": 0, "searchable": true}},
                "total": {"type": "number", "x-zui": {"index": 1}},
                "status": {"type": "string", "enum": ["open", "shipped"], "x-zui": {"index": 2}}
            },
            "required": ["orderRef"]
        },
        "tags": {"team": "sales"},
        "isComputeEnabled": false,
        "createdAt": CREATED, "updatedAt": UPDATED
    })
}

fn assert_table(table: &types::Table) {
    assert_eq!(table.id, TABLE_ID);
    assert_eq!(table.name, TABLE);
    assert_eq!(table.factor, Some(1.0));
    assert_eq!(table.frozen, Some(false));
    assert_eq!(table.key_column.as_deref(), Some("orderRef"));
    let schema = &table.schema;
    assert_eq!(schema.schema.as_deref(), Some("http://json-schema.org/draft-07/schema#"));
    assert_eq!(schema.r#type, Some(types::TableSchemaType::Object));
    assert_eq!(schema.additional_properties, Some(true));
    assert_eq!(schema.required, Some(strings(&["orderRef"])));
    assert_eq!(schema.properties.keys().collect::<Vec<_>>(), ["orderRef", "status", "total"]);
    assert_eq!(schema.properties["total"], obj(json!({"type": "number", "x-zui": {"index": 1}})));
    assert_eq!(table.tags, Some(tags(&[("team", "sales")])));
    assert_eq!(table.is_compute_enabled, Some(false));
    assert_eq!(table.created_at, CREATED);
    assert_eq!(table.updated_at, UPDATED);
}

/// The schema sent to create a table (the columns as JSON schemas).
fn schema_input() -> Value {
    json!({
        "type": "object",
        "properties": {
            "orderRef": {"type": "string", "x-zui": {"searchable": true}},
            "total": {"type": "number"},
            "status": {"type": "string", "enum": ["open", "shipped"]}
        },
        "required": ["orderRef"]
    })
}

fn row_json(id: i32, order_ref: &str, total: f64, status: &str) -> Value {
    json!({
        "id": id, "createdAt": CREATED, "updatedAt": UPDATED,
        "computed": {}, "stale": [],
        "orderRef": order_ref, "total": total, "status": status
    })
}

fn assert_row(row: &types::TableRow, id: i32, order_ref: &str, total: f64, status: &str) {
    assert_eq!(row.id, id);
    assert_eq!(row.created_at.as_deref(), Some(CREATED));
    assert_eq!(row.updated_at.as_deref(), Some(UPDATED));
    assert_eq!(row.computed, Some(Map::new()));
    assert_eq!(row.stale, Some(vec![]));
    // Only the columns are left over: the system fields are decoded into their own fields.
    assert_eq!(row.additional_properties, fields(json!({"orderRef": order_ref, "total": total, "status": status})));
}

// ---------------------------------------------------------------------------------------------
// What a mock expects on the wire
// ---------------------------------------------------------------------------------------------

/// Who the request claims to be by default: `authorization: Bearer tok`, `x-bot-id: bot_1`, and
/// none of the other identity headers (nor `x-destination-bot-id`, nor the Admin headers).
const IDENTITY: &[(&str, Option<&str>)] = &[
    ("authorization", Some("Bearer tok")),
    ("x-bot-id", Some("bot_1")),
    ("x-integration-id", None),
    ("x-integration-alias", None),
    ("x-integration-name", None),
    ("x-user-id", None),
    ("x-user-role", None),
    ("x-destination-bot-id", None),
    ("x-workspace-id", None),
    ("x-multiple-integrations", None),
];

/// The decoded query pairs are exactly these.
fn query(pairs: &[(&str, &str)]) -> Query {
    Query::exact(pairs)
}

/// The upload of a file's content to its pre-signed URL: no credentials nor identity headers,
/// exactly this `content-type` and `x-amz-tagging` (or none), and exactly `content` as the body.
struct Upload {
    content_type: Option<&'static str>,
    tagging: Option<&'static str>,
    content: &'static [u8],
}

impl Match for Upload {
    fn matches(&self, request: &Request) -> bool {
        let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap_or("<binary>"));
        header("authorization").is_none()
            && header("x-bot-id").is_none()
            && header("content-type") == self.content_type
            && header("x-amz-tagging") == self.tagging
            && request.body == self.content
    }
}

/// A mock of `verb route` sent as the default identity, with exactly `query` and `body`.
fn on(verb: &str, route: &str, query: &[(&str, &str)], body: Option<Value>) -> MockBuilder {
    on_as(&[], verb, route, query, body)
}

/// A mock of `verb route` sent as the default identity with the headers in `changes` instead.
fn on_as(changes: &[(&str, Option<&str>)], verb: &str, route: &str, pairs: &[(&str, &str)], body: Option<Value>) -> MockBuilder {
    mock(verb, route, Headers::new(IDENTITY).with(changes), query(pairs), body)
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_files() {
    let server = MockServer::start().await;
    let query = [
        ("nextToken", "f_2"),
        ("pageSize", "50"),
        ("sortField", "updatedAt"),
        ("sortDirection", "desc"),
        ("tags.source", "kb"),
        ("tags.lang", "en"),
        ("tags.lang", "fr"),
        ("tags.integrationName.not", "webchat"),
        ("ids", FILE_ID),
        ("ids", FILE_ID_2),
        ("indexed", "true"),
    ];
    on("GET", "/v1/files", &query, None).reply(&server, 200, json!({"files": [file_json()], "meta": {"nextToken": "f_3"}})).await;

    let response = sent(
        &server,
        client(&server)
            .list_files()
            .next_token("f_2")
            .page_size(50)
            .sort_field(operations::ListFilesSortField::UpdatedAt)
            .sort_direction(operations::ListFilesSortDirection::Desc)
            .tags(obj(json!({"source": "kb", "lang": ["en", "fr"], "integrationName": {"not": "webchat"}})))
            .ids(strings(&[FILE_ID, FILE_ID_2]))
            .indexed(true)
            .send(),
    )
    .await;
    assert_eq!(response.files.len(), 1);
    assert_file(&response.files[0]);
    assert_eq!(response.meta.next_token.as_deref(), Some("f_3"));
}

#[tokio::test]
async fn upsert_file() {
    let server = MockServer::start().await;
    let body = json!({
        "key": FILE_KEY,
        "tags": {"source": "kb", "lang": "en"},
        "size": 48213.0,
        "index": true,
        "indexing": {"configuration": {
            "parsing": {"minimumParagraphLength": 1025.0, "smartCleanup": true},
            "chunking": {"maximumChunkLength": 2550.0, "embeddedContextLevels": 1.0, "embedBreadcrumb": true},
            "summarization": {"enable": false, "modelType": "balanced"},
            "stack": "legacy",
            "vision": {"transcribePages": true, "indexPages": [1, 2]}
        }},
        "accessPolicies": ["integrations", "public_content"],
        "contentType": "application/pdf",
        "expiresAt": "2024-07-01T00:00:00Z",
        "publicContentImmediatelyAccessible": true,
        "metadata": {"pages": 12}
    });
    let mut file = file_json();
    file["size"] = Value::Null;
    file["status"] = json!("upload_pending");
    file["accessPolicies"] = json!(["integrations", "public_content"]);
    file["expiresAt"] = json!("2024-07-01T00:00:00.000Z");
    file["uploadUrl"] = json!("https://s3.us-east-1.amazonaws.com/bp-files/bot_1/kb/faq/returns.pdf?X-Amz-Signature=9a7c");
    on("PUT", "/v1/files", &[], Some(body)).reply(&server, 200, json!({"file": file})).await;

    let indexing = operations::UpsertFileBodyIndexing::new().configuration(
        operations::UpsertFileBodyIndexingConfiguration::new()
            .parsing(operations::UpsertFileBodyIndexingConfigurationParsing::new().minimum_paragraph_length(1025.0).smart_cleanup(true))
            .chunking(
                operations::UpsertFileBodyIndexingConfigurationChunking::new()
                    .maximum_chunk_length(2550.0)
                    .embedded_context_levels(1.0)
                    .embed_breadcrumb(true),
            )
            .summarization(operations::UpsertFileBodyIndexingConfigurationSummarization::new().enable(false).model_type("balanced"))
            .stack("legacy")
            .vision(operations::UpsertFileBodyIndexingConfigurationVision::new().transcribe_pages(json!(true)).index_pages(json!([1, 2]))),
    );
    let response = sent(
        &server,
        client(&server)
            .upsert_file(FILE_KEY)
            .size(48213.0)
            .tags(tags(&[("source", "kb"), ("lang", "en")]))
            .index(true)
            .indexing(indexing)
            .access_policies(vec![FileAccessPolicy::Integrations, FileAccessPolicy::PublicContent])
            .content_type("application/pdf")
            .expires_at("2024-07-01T00:00:00Z")
            .public_content_immediately_accessible(true)
            .metadata(obj(json!({"pages": 12})))
            .send(),
    )
    .await;
    let file = &response.file;
    assert_eq!(file.id, FILE_ID);
    assert_eq!(file.key, FILE_KEY);
    assert_eq!(file.size, None);
    assert_eq!(file.status, FileStatus::UploadPending);
    assert_eq!(file.access_policies, [FileAccessPolicy::Integrations, FileAccessPolicy::PublicContent]);
    assert_eq!(file.expires_at.as_deref(), Some("2024-07-01T00:00:00.000Z"));
    assert_eq!(file.owner.as_ref().map(|o| o.id.as_str()), Some("bot_1"));
    assert_eq!(file.upload_url, "https://s3.us-east-1.amazonaws.com/bp-files/bot_1/kb/faq/returns.pdf?X-Amz-Signature=9a7c");
}

const CONTENT: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

/// Mounts the two steps of `send_with_content`: the upsert (whose body must be `body`), answered
/// with an upload URL on `server`, then the `PUT` of the content to that URL. Returns the URL.
async fn mount_upload(server: &MockServer, body: Value, upload: Upload) -> String {
    let upload_url = format!("{}/bp-files/bot_1/kb/faq/returns.pdf?X-Amz-Signature=9a7c", server.uri());
    let mut file = file_json();
    file["size"] = Value::Null;
    file["status"] = json!("upload_pending");
    file["uploadUrl"] = json!(upload_url);
    on("PUT", "/v1/files", &[], Some(body)).reply(server, 200, json!({"file": file})).await;
    Mock::given(method("PUT"))
        .and(path("/bp-files/bot_1/kb/faq/returns.pdf"))
        .and(query(&[("X-Amz-Signature", "9a7c")]))
        .and(upload)
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(server)
        .await;
    upload_url
}

/// `send_with_content`: the upsert carries the content's size, then the content is `PUT` to the
/// `uploadUrl` of the response with the file's content type and without credentials.
#[tokio::test]
async fn upsert_file_send_with_content() {
    let server = MockServer::start().await;
    let body = json!({"key": FILE_KEY, "tags": {"source": "kb"}, "size": CONTENT.len() as f64, "contentType": "application/pdf"});
    let upload = Upload { content_type: Some("application/pdf"), tagging: None, content: CONTENT };
    let upload_url = mount_upload(&server, body, upload).await;

    let response = sent(
        &server,
        client(&server).upsert_file(FILE_KEY).tags(tags(&[("source", "kb")])).content_type("application/pdf").send_with_content(CONTENT.to_vec()),
    )
    .await;
    assert_eq!(response.file.upload_url, upload_url);
    assert_eq!(response.file.status, FileStatus::UploadPending);
    let requests = server.received_requests().await.expect("recording");
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/v1/files", "/bp-files/bot_1/kb/faq/returns.pdf"]);
}

/// The spec (`publicContentImmediatelyAccessible`): when `true`, "the `x-amz-tagging` HTTP header
/// with a value of `public=true` will need to be sent in the HTTP PUT request to the `uploadUrl`
/// in order for the upload request to work". `send_with_content` does that PUT, so it must send it.
#[tokio::test]
async fn upsert_file_send_with_content_public_immediately_sends_amz_tagging() {
    let server = MockServer::start().await;
    let body = json!({
        "key": FILE_KEY, "size": CONTENT.len() as f64, "accessPolicies": ["public_content"],
        "contentType": "application/pdf", "publicContentImmediatelyAccessible": true
    });
    let upload = Upload { content_type: Some("application/pdf"), tagging: Some("public=true"), content: CONTENT };
    mount_upload(&server, body, upload).await;

    let response = sent(
        &server,
        client(&server)
            .upsert_file(FILE_KEY)
            .access_policies(vec![FileAccessPolicy::PublicContent])
            .content_type("application/pdf")
            .public_content_immediately_accessible(true)
            .send_with_content(CONTENT.to_vec()),
    )
    .await;
    assert_eq!(response.file.status, FileStatus::UploadPending);
}

/// Also: the key (with `/`) is one encoded path segment, and the Files identity headers can be
/// overridden per call.
/// A status the reference does not list (here one of indexing) is kept, not rejected.
#[tokio::test]
async fn get_file_with_unlisted_status() {
    let server = MockServer::start().await;
    let mut file = file_json();
    file["status"] = json!("indexing_completed");
    on("GET", &format!("/v1/files/{FILE_ID}"), &[], None).reply(&server, 200, json!({"file": file})).await;

    let response = sent(&server, client(&server).get_file(FILE_ID).send()).await;
    assert_eq!(response.file.status, FileStatus::other("indexing_completed"));
    assert!(matches!(response.file.status, FileStatus::Unrecognized(_)), "{:?}", response.file.status);
    assert_eq!(response.file.id, FILE_ID);
}

#[tokio::test]
async fn get_file_by_key_with_identity_overrides() {
    let server = MockServer::start().await;
    let identity = [
        ("x-bot-id", Some("bot_9")),
        ("x-integration-name", Some("telegram")),
        ("x-user-id", Some("user_01HZX3K9V7T2Q8M4N6P0R5S1WA")),
        ("x-user-role", Some("viewer")),
    ];
    on_as(&identity, "GET", &format!("/v1/files/{FILE_KEY_PATH}"), &[], None).reply(&server, 200, json!({"file": file_json()})).await;

    let response = sent(
        &server,
        client(&server)
            .get_file(FILE_KEY)
            .bot_id("bot_9")
            .integration_name("telegram")
            .user_id("user_01HZX3K9V7T2Q8M4N6P0R5S1WA")
            .user_role("viewer")
            .send(),
    )
    .await;
    assert_file(&response.file);
}

/// `tags` and `metadata` keys set to `null` delete them; `clear_expires_at` sends `"expiresAt": null`.
#[tokio::test]
async fn update_file_metadata() {
    let server = MockServer::start().await;
    let body = json!({
        "metadata": {"reviewed": true, "draft": null},
        "tags": {"lang": "en", "obsolete": null},
        "accessPolicies": ["integrations"],
        "expiresAt": null
    });
    on("PUT", &format!("/v1/files/{FILE_ID}"), &[], Some(body)).reply(&server, 200, json!({"file": file_json()})).await;

    let response = sent(
        &server,
        client(&server)
            .update_file_metadata(FILE_ID)
            .metadata(obj(json!({"reviewed": true, "draft": null})))
            .tags(BTreeMap::from([("lang".to_string(), Some("en".to_string())), ("obsolete".to_string(), None)]))
            .access_policies(vec![FileAccessPolicy::Integrations])
            .clear_expires_at()
            .send(),
    )
    .await;
    assert_file(&response.file);
}

#[tokio::test]
async fn delete_file() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/files/{FILE_ID}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_file(FILE_ID).send()).await;
    assert!(response.is_empty());
}

/// Both keys are single encoded segments; `x-destination-bot-id` is sent when set.
#[tokio::test]
async fn copy_file() {
    let server = MockServer::start().await;
    let identity = [("x-destination-bot-id", Some("bot_2"))];
    let mut copy = file_json();
    copy["id"] = json!(FILE_ID_2);
    copy["botId"] = json!("bot_2");
    copy["key"] = json!("archive/returns 2023.pdf");
    on_as(&identity, "POST", &format!("/v1/files/{FILE_KEY_PATH}/archive%2Freturns%202023.pdf"), &[], Some(json!({"overwrite": true})))
        .reply(&server, 200, json!({"file": copy}))
        .await;

    let response =
        sent(&server, client(&server).copy_file(FILE_KEY, "archive/returns 2023.pdf").x_destination_bot_id("bot_2").overwrite(true).send()).await;
    assert_eq!(response.file.id, FILE_ID_2);
    assert_eq!(response.file.bot_id, "bot_2");
    assert_eq!(response.file.key, "archive/returns 2023.pdf");
    assert_eq!(response.file.status, FileStatus::UploadCompleted);
}

#[tokio::test]
async fn search_files() {
    let server = MockServer::start().await;
    let query = [
        ("query", "How do I return an item?"),
        ("tags.source", "kb"),
        ("tags.lang.in", "en"),
        ("tags.lang.in", "fr"),
        ("tags.draft.exists", "false"),
        ("contextDepth", "2"),
        ("limit", "5"),
        ("consolidate", "false"),
        ("includeBreadcrumb", "true"),
        ("withContext", "true"),
    ];
    let passage = json!({
        "content": "Items can be returned within 30 days of delivery.",
        "score": 0.87,
        "meta": {"type": "chunk", "subtype": "paragraph", "pageNumber": 3, "position": 14},
        "file": {
            "id": FILE_ID, "key": FILE_KEY, "contentType": "application/pdf",
            "metadata": {"pages": 12}, "tags": {"source": "kb"},
            "createdAt": CREATED, "updatedAt": UPDATED
        },
        "context": [{
            "text": "Returns and refunds", "type": "preceding",
            "id": "6f1c2b0e-4d7a-4a8e-9b3f-2c5d8e1a7f40", "offset": 1
        }]
    });
    on("GET", "/v1/files/search", &query, None).reply(&server, 200, json!({"passages": [passage]})).await;

    let response = sent(
        &server,
        client(&server)
            .search_files("How do I return an item?")
            .tags(obj(json!({"source": "kb", "lang": {"in": ["en", "fr"]}, "draft": {"exists": false}})))
            .context_depth(2)
            .limit(5)
            .consolidate(false)
            .include_breadcrumb(true)
            .with_context(true)
            .send(),
    )
    .await;
    assert_eq!(response.passages.len(), 1);
    let passage = &response.passages[0];
    assert_eq!(passage.content, "Items can be returned within 30 days of delivery.");
    assert_eq!(passage.score, 0.87);
    assert_eq!(passage.meta.r#type, FilePassageMetaType::Chunk);
    assert_eq!(passage.meta.subtype, Some(FilePassageMetaSubtype::Paragraph));
    assert_eq!(passage.meta.page_number, Some(3.0));
    assert_eq!(passage.meta.position, Some(14.0));
    assert_eq!(passage.file.id, FILE_ID);
    assert_eq!(passage.file.key, FILE_KEY);
    assert_eq!(passage.file.content_type, "application/pdf");
    assert_eq!(passage.file.metadata, Some(obj(json!({"pages": 12}))));
    assert_eq!(passage.file.tags, tags(&[("source", "kb")]));
    let context = passage.context.as_ref().expect("context");
    assert_eq!(context.len(), 1);
    assert_eq!(context[0].text, "Returns and refunds");
    assert_eq!(context[0].r#type, "preceding");
    assert_eq!(context[0].id, "6f1c2b0e-4d7a-4a8e-9b3f-2c5d8e1a7f40");
    assert_eq!(context[0].offset, 1.0);
}

#[tokio::test]
async fn list_file_passages() {
    let server = MockServer::start().await;
    let passages = json!([
        {"id": "psg_01", "content": "Returns policy", "meta": {"type": "chunk", "subtype": "title", "position": 0}},
        {"id": "psg_02", "content": "A summary of the policy.", "meta": {"type": "summary"}},
        {"id": "psg_03", "content": "![diagram]", "meta": {"type": "image", "sourceUrl": "https://cdn.example.com/p3.png"}}
    ]);
    on("GET", &format!("/v1/files/{FILE_ID}/passages"), &[("nextToken", "ps_2"), ("limit", "50")], None)
        .reply(&server, 200, json!({"passages": passages, "meta": {"nextToken": "ps_3"}}))
        .await;

    let response = sent(&server, client(&server).list_file_passages(FILE_ID).next_token("ps_2").limit(50).send()).await;
    let ids: Vec<&str> = response.passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["psg_01", "psg_02", "psg_03"]);
    let [title, summary, image] = &response.passages[..] else { unreachable!() };
    assert_eq!(title.content, "Returns policy");
    assert_eq!(title.meta.r#type, FilePassageMetaType::Chunk);
    assert_eq!(title.meta.subtype, Some(FilePassageMetaSubtype::Title));
    assert_eq!(title.meta.position, Some(0.0));
    assert_eq!(summary.meta.r#type, FilePassageMetaType::Summary);
    assert_eq!(summary.meta.subtype, None);
    assert_eq!(image.meta.r#type, FilePassageMetaType::Image);
    assert_eq!(image.meta.source_url.as_deref(), Some("https://cdn.example.com/p3.png"));
    assert_eq!(response.meta.next_token.as_deref(), Some("ps_3"));
}

#[tokio::test]
async fn list_file_tags() {
    let server = MockServer::start().await;
    on("GET", "/v1/files/tags", &[("nextToken", "t_2")], None)
        .reply(&server, 200, json!({"tags": ["source", "lang", "kb:category"], "meta": {}}))
        .await;

    let response = sent(&server, client(&server).list_file_tags().next_token("t_2").send()).await;
    assert_eq!(response.tags, ["source", "lang", "kb:category"]);
    assert_eq!(response.meta.next_token, None);
}

#[tokio::test]
async fn list_file_tag_values() {
    let server = MockServer::start().await;
    on("GET", "/v1/files/tags/kb%3Acategory/values", &[("nextToken", "v_2")], None)
        .reply(&server, 200, json!({"values": ["returns", "shipping"], "meta": {"nextToken": "v_3"}}))
        .await;

    let response = sent(&server, client(&server).list_file_tag_values("kb:category").next_token("v_2").send()).await;
    assert_eq!(response.values, ["returns", "shipping"]);
    assert_eq!(response.meta.next_token.as_deref(), Some("v_3"));
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

/// Also: identity headers set once on the client (`user_id`, `user_role`) are sent.
#[tokio::test]
async fn list_tables() {
    let server = MockServer::start().await;
    let identity = [("x-user-id", Some("user_42")), ("x-user-role", Some("developer"))];
    on_as(&identity, "GET", "/v1/tables", &[("tags.team", "sales"), ("tags.env", "prod")], None)
        .reply(&server, 200, json!({"tables": [table_json()]}))
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("tok")
        .bot_id("bot_1")
        .user_id("user_42")
        .user_role("developer")
        .build()
        .expect("client");
    let response = sent(&server, client.list_tables().tags(tags(&[("team", "sales"), ("env", "prod")])).send()).await;
    assert_eq!(response.tables.len(), 1);
    assert_table(&response.tables[0]);
}

#[tokio::test]
async fn create_table() {
    let server = MockServer::start().await;
    let body = json!({
        "name": TABLE, "factor": 2.0, "frozen": false, "keyColumn": "orderRef",
        "schema": schema_input(), "tags": {"team": "sales"}, "isComputeEnabled": false
    });
    on("POST", "/v1/tables", &[], Some(body)).reply(&server, 200, json!({"table": table_json()})).await;

    let response = sent(
        &server,
        client(&server)
            .create_table(TABLE, obj(schema_input()))
            .factor(2.0)
            .frozen(false)
            .key_column("orderRef")
            .tags(tags(&[("team", "sales")]))
            .is_compute_enabled(false)
            .send(),
    )
    .await;
    assert_table(&response.table);
}

#[tokio::test]
async fn get_table() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/tables/{TABLE}"), &[], None)
        .reply(&server, 200, json!({"table": table_json(), "rows": 1250, "stale": 3, "indexing": 0}))
        .await;

    let response = sent(&server, client(&server).get_table(TABLE).send()).await;
    assert_table(&response.table);
    assert_eq!((response.rows, response.stale, response.indexing), (1250.0, 3.0, 0.0));
}

/// `clear_key_column` sends `"keyColumn": null` (removes the key index).
#[tokio::test]
async fn update_table() {
    let server = MockServer::start().await;
    let body = json!({
        "name": "OrderHistoryTable", "frozen": true, "keyColumn": null, "schema": schema_input(),
        "tags": {"team": "ops"}, "isComputeEnabled": true, "factor": 3.0
    });
    let mut table = table_json();
    table["name"] = json!("OrderHistoryTable");
    table["keyColumn"] = Value::Null;
    on("PUT", &format!("/v1/tables/{TABLE_ID}"), &[], Some(body)).reply(&server, 200, json!({"table": table, "staleColumns": ["total"]})).await;

    let response = sent(
        &server,
        client(&server)
            .update_table(TABLE_ID)
            .name("OrderHistoryTable")
            .frozen(true)
            .clear_key_column()
            .schema(obj(schema_input()))
            .tags(tags(&[("team", "ops")]))
            .is_compute_enabled(true)
            .factor(3.0)
            .send(),
    )
    .await;
    assert_eq!(response.table.id, TABLE_ID);
    assert_eq!(response.table.name, "OrderHistoryTable");
    assert!(response.table.key_column.is_none() && response.table.is_null("keyColumn"));
    assert_eq!(response.stale_columns, Some(strings(&["total"])));
}

#[tokio::test]
async fn get_or_create_table() {
    let server = MockServer::start().await;
    let body = json!({"factor": 1.0, "keyColumn": "orderRef", "schema": schema_input(), "tags": {"team": "sales"}});
    on("POST", &format!("/v1/tables/{TABLE}"), &[], Some(body))
        .reply(&server, 200, json!({"table": table_json(), "created": true, "rows": 0, "stale": 0, "indexing": 0}))
        .await;

    let response = sent(
        &server,
        client(&server).get_or_create_table(TABLE, obj(schema_input())).factor(1.0).key_column("orderRef").tags(tags(&[("team", "sales")])).send(),
    )
    .await;
    assert_table(&response.table);
    assert!(response.created);
    assert_eq!((response.rows, response.stale, response.indexing), (0.0, 0.0, 0.0));
}

#[tokio::test]
async fn delete_table() {
    let server = MockServer::start().await;
    on("DELETE", &format!("/v1/tables/{TABLE_ID}"), &[], Some(json!({}))).reply(&server, 200, json!({})).await;

    let response = sent(&server, client(&server).delete_table(TABLE_ID).send()).await;
    assert!(response.is_empty());
}

#[tokio::test]
async fn duplicate_table() {
    let server = MockServer::start().await;
    let body = json!({"tableName": "OrdersCopyTable", "schemaOnly": true, "factor": 2.0});
    let mut copy = table_json();
    copy["id"] = json!("table_01J2KC0Q2S4U6W8Y0A2C4E6G8J");
    copy["name"] = json!("OrdersCopyTable");
    copy["factor"] = json!(2);
    on("POST", &format!("/v1/tables/{TABLE_ID}/duplicate"), &[], Some(body)).reply(&server, 200, json!({"table": copy, "rows": 0})).await;

    let response = sent(&server, client(&server).duplicate_table(TABLE_ID).table_name("OrdersCopyTable").schema_only(true).factor(2.0).send()).await;
    assert_eq!(response.table.id, "table_01J2KC0Q2S4U6W8Y0A2C4E6G8J");
    assert_eq!(response.table.name, "OrdersCopyTable");
    assert_eq!(response.table.factor, Some(2.0));
    assert_eq!(response.table.schema.properties.len(), 3);
    assert_eq!(response.rows, 0.0);
}

#[tokio::test]
async fn rename_table_column() {
    let server = MockServer::start().await;
    let mut table = table_json();
    let total = table["schema"]["properties"]["total"].take();
    table["schema"]["properties"].as_object_mut().unwrap().remove("total");
    table["schema"]["properties"]["amount"] = total;
    on("PUT", &format!("/v1/tables/{TABLE}/column"), &[], Some(json!({"name": "total", "newName": "amount"})))
        .reply(&server, 200, json!({"table": table}))
        .await;

    let response = sent(&server, client(&server).rename_table_column(TABLE, "total", "amount").send()).await;
    let columns: Vec<&str> = response.table.schema.properties.keys().map(String::as_str).collect();
    assert_eq!(columns, ["amount", "orderRef", "status"]);
    assert_eq!(response.table.schema.properties["amount"], obj(json!({"type": "number", "x-zui": {"index": 1}})));
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_table_row() {
    let server = MockServer::start().await;
    on("GET", &format!("/v1/tables/{TABLE}/row"), &[("id", "42")], None)
        .reply(&server, 200, json!({"row": row_json(42, "A-1042", 99.9, "open")}))
        .await;

    let response = sent(&server, client(&server).get_table_row(TABLE, 42).send()).await;
    assert_row(&response.row, 42, "A-1042", 99.9, "open");
    assert_eq!(response.row.similarity, None);
}

#[tokio::test]
async fn find_table_rows() {
    let server = MockServer::start().await;
    let filter = json!({"status": {"$eq": "open"}, "total": {"$gte": 20}});
    let body = json!({
        "limit": 2, "offset": 10, "filter": filter,
        "group": {"status": "key", "total": ["sum", "avg"]},
        "search": "express delivery", "select": ["orderRef", "total", "status"],
        "orderBy": "total", "orderDirection": "desc"
    });
    let mut first = row_json(11, "A-1011", 120.0, "open");
    first["similarity"] = json!(0.92);
    let second = row_json(12, "A-1012", 45.5, "open");
    on("POST", &format!("/v1/tables/{TABLE}/rows/find"), &[], Some(body))
        .reply(
            &server,
            200,
            json!({"rows": [first, second], "hasMore": true, "offset": 10, "limit": 2, "warnings": ["search is slow without an index"]}),
        )
        .await;

    let response = sent(
        &server,
        client(&server)
            .find_table_rows(TABLE)
            .limit(2)
            .offset(10)
            .filter(obj(filter))
            .group(obj(json!({"status": "key", "total": ["sum", "avg"]})))
            .search("express delivery")
            .select(strings(&["orderRef", "total", "status"]))
            .order_by("total")
            .order_direction(operations::FindTableRowsBodyOrderDirection::Desc)
            .send(),
    )
    .await;
    assert_eq!(response.rows.len(), 2);
    assert_row(&response.rows[0], 11, "A-1011", 120.0, "open");
    assert_eq!(response.rows[0].similarity, Some(0.92));
    assert_row(&response.rows[1], 12, "A-1012", 45.5, "open");
    assert!(response.has_more);
    assert_eq!((response.offset, response.limit), (10.0, 2.0));
    assert_eq!(response.warnings, Some(strings(&["search is slow without an index"])));
}

#[tokio::test]
async fn update_table_rows() {
    let server = MockServer::start().await;
    let body = json!({"rows": [{"id": 11, "status": "shipped"}, {"id": 12, "status": "shipped", "total": 47.5}], "waitComputed": true});
    on("PUT", &format!("/v1/tables/{TABLE}/rows"), &[], Some(body))
        .reply(
            &server,
            200,
            json!({"rows": [row_json(11, "A-1011", 120.0, "shipped"), row_json(12, "A-1012", 47.5, "shipped")], "warnings": [], "errors": []}),
        )
        .await;

    let rows = vec![
        operations::UpdateTableRowsBodyRowsItem::new(11).additional_properties(fields(json!({"status": "shipped"}))),
        operations::UpdateTableRowsBodyRowsItem::new(12).additional_properties(fields(json!({"status": "shipped", "total": 47.5}))),
    ];
    let response = sent(&server, client(&server).update_table_rows(TABLE, rows).wait_computed(true).send()).await;
    assert_row(&response.rows[0], 11, "A-1011", 120.0, "shipped");
    assert_row(&response.rows[1], 12, "A-1012", 47.5, "shipped");
    assert_eq!(response.warnings, Some(vec![]));
    assert_eq!(response.errors, Some(vec![]));
}

#[tokio::test]
async fn create_table_rows() {
    let server = MockServer::start().await;
    let new_rows = json!([{"orderRef": "A-1101", "total": 12.5, "status": "open"}, {"orderRef": "A-1102", "total": 80.0, "status": "open"}]);
    on("POST", &format!("/v1/tables/{TABLE}/rows"), &[], Some(json!({"rows": new_rows, "waitComputed": false})))
        .reply(
            &server,
            200,
            json!({
                "rows": [row_json(101, "A-1101", 12.5, "open"), row_json(102, "A-1102", 80.0, "open")],
                "warnings": ["column `notes` is ignored: it is not in the schema"]
            }),
        )
        .await;

    let rows: Vec<types::TableRowData> = new_rows.as_array().unwrap().iter().map(|row| obj(row.clone())).collect();
    let response = sent(&server, client(&server).create_table_rows(TABLE, rows).wait_computed(false).send()).await;
    assert_eq!(response.rows.len(), 2);
    assert_row(&response.rows[0], 101, "A-1101", 12.5, "open");
    assert_row(&response.rows[1], 102, "A-1102", 80.0, "open");
    assert_eq!(response.warnings, Some(strings(&["column `notes` is ignored: it is not in the schema"])));
    assert_eq!(response.errors, None);
}

#[tokio::test]
async fn upsert_table_rows() {
    let server = MockServer::start().await;
    let body = json!({
        "rows": [{"orderRef": "A-1011", "status": "shipped"}, {"id": 103, "orderRef": "A-1103", "total": 15.0}],
        "keyColumn": "orderRef",
        "waitComputed": true
    });
    on("POST", &format!("/v1/tables/{TABLE}/rows/upsert"), &[], Some(body))
        .reply(
            &server,
            200,
            json!({
                "inserted": [row_json(103, "A-1103", 15.0, "open")],
                "updated": [row_json(11, "A-1011", 120.0, "shipped")],
                "errors": ["row 3: `total` must be a number"]
            }),
        )
        .await;

    let rows = vec![
        operations::UpsertTableRowsBodyRowsItem::new().additional_properties(fields(json!({"orderRef": "A-1011", "status": "shipped"}))),
        operations::UpsertTableRowsBodyRowsItem::new().id(103).additional_properties(fields(json!({"orderRef": "A-1103", "total": 15.0}))),
    ];
    let response = sent(&server, client(&server).upsert_table_rows(TABLE, rows).key_column("orderRef").wait_computed(true).send()).await;
    assert_eq!(response.inserted.len(), 1);
    assert_row(&response.inserted[0], 103, "A-1103", 15.0, "open");
    assert_eq!(response.updated.len(), 1);
    assert_row(&response.updated[0], 11, "A-1011", 120.0, "shipped");
    assert_eq!(response.warnings, None);
    assert_eq!(response.errors, Some(strings(&["row 3: `total` must be a number"])));
}

#[tokio::test]
async fn delete_table_rows() {
    let server = MockServer::start().await;
    let body = json!({"ids": [11, 12, 101], "filter": {"status": {"$eq": "cancelled"}}, "deleteAllRows": false});
    on("POST", &format!("/v1/tables/{TABLE}/rows/delete"), &[], Some(body)).reply(&server, 200, json!({"deletedRows": 5})).await;

    let response = sent(
        &server,
        client(&server)
            .delete_table_rows(TABLE)
            .ids(vec![11, 12, 101])
            .filter(obj(json!({"status": {"$eq": "cancelled"}})))
            .delete_all_rows(false)
            .send(),
    )
    .await;
    assert_eq!(response.deleted_rows, 5.0);
}

// ---------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_files_stream_follows_next_token() {
    let server = MockServer::start().await;
    let file = |id: &str, key: &str| {
        let mut file = file_json();
        file["id"] = json!(id);
        file["key"] = json!(key);
        file
    };
    let filter = ("tags.source", "kb");
    let page_size = ("pageSize", "2");
    on("GET", "/v1/files", &[filter, page_size], None)
        .reply(&server, 200, json!({"files": [file("file_p1_a", "kb/a.pdf"), file("file_p1_b", "kb/b.pdf")], "meta": {"nextToken": "tok_p2"}}))
        .await;
    on("GET", "/v1/files", &[filter, page_size, ("nextToken", "tok_p2")], None)
        .reply(&server, 200, json!({"files": [file("file_p2_c", "kb/c.pdf")], "meta": {}}))
        .await;

    let stream = client(&server).list_files().tags(obj(json!({"source": "kb"}))).page_size(2).into_stream();
    let files: Vec<types::File> = sent(&server, stream.try_collect()).await;
    let got: Vec<(&str, &str)> = files.iter().map(|f| (f.id.as_str(), f.key.as_str())).collect();
    assert_eq!(got, [("file_p1_a", "kb/a.pdf"), ("file_p1_b", "kb/b.pdf"), ("file_p2_c", "kb/c.pdf")]);
    assert!(files.iter().all(|f| f.status == FileStatus::UploadCompleted));
    assert_eq!(server.received_requests().await.expect("recording").len(), 2);
}
