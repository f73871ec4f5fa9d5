//! Typed error bodies (`media_types.yaml`): an operation that documents error bodies of its own
//! gets an enum by status, read from the `ApiError` of a failed call against a local server.
//! `NotFound` and `Invalid` have only optional properties, so either body decodes as either type:
//! the status, not a guess, picks the variant.

use generated_fixtures::media_types_api::operations::{GetBlobError, PutBlobError};
use generated_fixtures::media_types_api::{ApiError, Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The `ApiError` of a `verb /blobs/b1` call the server answers with `status` and `body`.
async fn failed(verb: &str, status: u16, body: &str) -> ApiError {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path("/blobs/b1"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    // One answer per call: a 5xx is not retried.
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client");
    let result = match verb {
        "PUT" => client.put_blob("b1", "bytes").send().await,
        _ => client.get_blob("b1").send().await.map(|_| ()),
    };
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn each_documented_status_decodes_as_its_own_type() {
    let error = failed("PUT", 404, r#"{"missing": "blob"}"#).await;
    match PutBlobError::from_api(&error) {
        Some(PutBlobError::NotFound(body)) => assert_eq!(body.missing.as_deref(), Some("blob")),
        other => panic!("404 is NotFound: {other:?}"),
    }
    let error = failed("PUT", 422, r#"{"fields": ["id"]}"#).await;
    match PutBlobError::from_api(&error) {
        Some(PutBlobError::UnprocessableEntity(body)) => assert_eq!(body.fields, Some(vec!["id".to_string()])),
        other => panic!("422 is UnprocessableEntity: {other:?}"),
    }
}

#[tokio::test]
async fn a_status_the_operation_does_not_document_has_no_typed_body() {
    let error = failed("PUT", 500, r#"{"missing": "blob"}"#).await;
    assert_eq!(PutBlobError::from_api(&error), None);
    assert_eq!(error.status().as_u16(), 500);
    assert_eq!(error.raw_body(), r#"{"missing": "blob"}"#);
}

#[tokio::test]
async fn a_body_that_is_not_of_its_statuss_type_is_none() {
    let error = failed("PUT", 422, r#"{"fields": "id"}"#).await;
    assert_eq!(PutBlobError::from_api(&error), None);
    assert_eq!(error.raw_body(), r#"{"fields": "id"}"#);
}

#[tokio::test]
async fn ranges_and_default_catch_the_other_statuses() {
    let error = failed("GET", 409, r#"{"fields": ["id"]}"#).await;
    match GetBlobError::from_api(&error) {
        Some(GetBlobError::ClientError(body)) => assert_eq!(body.fields, Some(vec!["id".to_string()])),
        other => panic!("4XX is ClientError: {other:?}"),
    }
    let error = failed("GET", 503, r#"{"reason": "maintenance"}"#).await;
    match GetBlobError::from_api(&error) {
        Some(GetBlobError::Other(body)) => assert_eq!(body.reason.as_deref(), Some("maintenance")),
        other => panic!("default is Other: {other:?}"),
    }
}
