//! A discriminator's `defaultMapping` (OpenAPI 3.2, `v32_document.yaml`): a value whose tag names
//! a branch is that branch; one whose tag is missing or names no branch is the default branch,
//! kept whole, not `Unrecognized`; every value goes out as it came in. Read from a local server.

use generated_fixtures::v32_document_api::types::{Attachment, Document, Image};
use generated_fixtures::v32_document_api::Client;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The attachment the server answers with `body`, and that encoding it again gives `body`.
async fn served(body: Value) -> Attachment {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/attachments/a1")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let attachment = client.get_attachment("a1").send().await.unwrap_or_else(|e| panic!("{body} should decode: {e}"));
    assert_eq!(serde_json::to_value(&attachment).unwrap(), body, "what was read is what is written");
    attachment
}

#[tokio::test]
async fn a_mapped_tag_is_its_branch() {
    match served(json!({"kind": "image", "url": "https://x/1.png", "width": 64})).await {
        Attachment::Image(Image { url, width, .. }) => assert_eq!((url.as_str(), width), ("https://x/1.png", Some(64))),
        other => panic!("an image: {other:?}"),
    }
    // Two values map to one branch.
    assert!(matches!(served(json!({"kind": "pdf", "name": "a.pdf"})).await, Attachment::Document(Document { .. })));
    assert!(matches!(served(json!({"kind": "text", "name": "a.txt"})).await, Attachment::Document(_)));
}

#[tokio::test]
async fn a_missing_or_unknown_tag_is_the_default_branch() {
    for body in [json!({"kind": "video", "length": 12.5, "codec": "av1"}), json!({"note": "no kind at all"}), json!({})] {
        let attachment = served(body.clone()).await;
        assert!(matches!(attachment, Attachment::OtherAttachment(_)), "{body} is the default branch: {attachment:?}");
    }
}

#[tokio::test]
async fn a_mapped_tag_whose_body_does_not_fit_is_an_error_not_the_default() {
    let server = MockServer::start().await;
    let body = json!({"kind": "image", "width": 3});
    Mock::given(method("GET")).and(path("/attachments/a1")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client.get_attachment("a1").send().await.expect_err("an image without its url is not an attachment of another kind");
    assert!(error.to_string().contains("url"), "{error}");
}
