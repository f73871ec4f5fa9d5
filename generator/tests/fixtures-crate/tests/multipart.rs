//! Multipart bodies on the wire (`media_types.yaml`), against a local server: an optional body
//! with nothing set is not sent at all (no body, no content type), as every other optional body;
//! one with a field set is a multipart body of that part.

use generated_fixtures::media_types_api::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn an_optional_multipart_body_is_sent_only_when_something_is_set() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/avatars")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.replace_avatar().send().await.expect("nothing set");
    client.replace_avatar().caption("me").send().await.expect("a caption");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    assert!(requests[0].body.is_empty(), "{:?}", String::from_utf8_lossy(&requests[0].body));
    assert!(requests[0].headers.get("content-type").is_none());
    let media = requests[1].headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(media.starts_with("multipart/form-data; boundary="), "{media}");
    let body = String::from_utf8_lossy(&requests[1].body);
    assert!(body.contains("name=\"caption\"\r\n\r\nme\r\n"), "{body}");
    assert!(!body.contains("image"), "{body}");
}
