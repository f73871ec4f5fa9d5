//! Files in one call: `upsert_file(..).send_with_content(bytes)` creates the file and uploads its
//! bytes to the returned pre-signed URL (without the API's credentials); `download` and
//! `download_stream` read content back.

use botpress_client::{Client, Error};
use futures::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{body_bytes, body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token("tok").bot_id("bot_1").build().unwrap()
}

fn file_json(upload_url: &str) -> serde_json::Value {
    json!({"file": {
        "id": "file_1", "botId": "bot_1", "key": "docs/hello.txt", "url": "https://files.example/docs/hello.txt",
        "size": null, "contentType": "text/plain", "tags": {}, "createdAt": "2024-06-01T09:30:00Z",
        "updatedAt": "2024-06-01T09:30:00Z", "accessPolicies": [], "index": false, "status": "upload_pending",
        "uploadUrl": upload_url
    }})
}

#[tokio::test]
async fn upsert_then_upload_in_one_call() {
    let server = MockServer::start().await;
    let upload_url = format!("{}/presigned/abc?signature=xyz", server.uri());
    Mock::given(method("PUT"))
        .and(path("/v1/files"))
        .and(header("authorization", "Bearer tok"))
        .and(header("x-bot-id", "bot_1"))
        .and(body_json(json!({"key": "docs/hello.txt", "size": 11, "contentType": "text/plain"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(file_json(&upload_url)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/presigned/abc"))
        .and(header("content-type", "text/plain"))
        .and(body_bytes(b"hello world".to_vec()))
        .and(|request: &Request| !request.headers.contains_key("authorization") && !request.headers.contains_key("x-bot-id"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server).upsert_file("docs/hello.txt").content_type("text/plain").send_with_content(&b"hello world"[..]).await.unwrap();
    assert_eq!(response.file.id, "file_1");
}

#[tokio::test]
async fn a_failed_upload_is_an_error() {
    let server = MockServer::start().await;
    let upload_url = format!("{}/presigned/abc", server.uri());
    Mock::given(path("/v1/files")).respond_with(ResponseTemplate::new(200).set_body_json(file_json(&upload_url))).mount(&server).await;
    Mock::given(path("/presigned/abc")).respond_with(ResponseTemplate::new(403).set_body_string("SignatureDoesNotMatch")).mount(&server).await;

    let error = client(&server).upsert_file("docs/hello.txt").send_with_content(vec![1, 2, 3]).await.unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.status().as_u16(), 403);
    assert_eq!(api.raw_body(), "SignatureDoesNotMatch");
}

#[tokio::test]
async fn download_as_bytes_and_as_a_stream() {
    let server = MockServer::start().await;
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/content/big.bin"))
        .and(|request: &Request| !request.headers.contains_key("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(content.clone()))
        .expect(2)
        .mount(&server)
        .await;
    let url = format!("{}/content/big.bin", server.uri());

    let bytes = client(&server).download(&url).await.unwrap();
    assert_eq!(bytes.as_ref(), content.as_slice());

    let chunks: Vec<bytes::Bytes> = client(&server).download_stream(&url).await.unwrap().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), content);
}

#[tokio::test]
async fn a_missing_download_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let url = format!("{}/content/gone", server.uri());
    assert_eq!(client(&server).download(&url).await.unwrap_err().status().map(|s| s.as_u16()), Some(404));
    assert!(matches!(client(&server).download_stream(&url).await, Err(Error::Api(_))));
}
