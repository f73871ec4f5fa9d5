//! Paging (`pagination.yaml`, golden `snapshots__fixtures@pagination.yaml.snap`): a list operation
//! with `x-pagination` streams the items of every page against a local server, following the page
//! token until a page has none.

use futures::TryStreamExt;
use generated_fixtures::pagination_api::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server with three pages: `a b` (token `t2`), `c` (token `t3`), `d` (no token).
async fn three_pages() -> MockServer {
    let server = MockServer::start().await;
    let page = |items: &[&str], next: Option<&str>| {
        let items: Vec<_> = items.iter().map(|id| json!({"id": id})).collect();
        ResponseTemplate::new(200).set_body_json(json!({"items": items, "meta": {"nextToken": next}}))
    };
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param_is_missing("nextToken"))
        .respond_with(page(&["a", "b"], Some("t2")))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/items")).and(query_param("nextToken", "t2")).respond_with(page(&["c"], Some("t3"))).mount(&server).await;
    Mock::given(method("GET")).and(path("/items")).and(query_param("nextToken", "t3")).respond_with(page(&["d"], None)).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client")
}

#[tokio::test]
async fn every_item_of_every_page_in_order() {
    let server = three_pages().await;
    let ids: Vec<String> = client(&server).list_items().into_stream().map_ok(|item| item.id.unwrap_or_default()).try_collect().await.unwrap();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let asked: Vec<Option<String>> = server.received_requests().await.unwrap().iter().map(|r| r.url.query().map(str::to_string)).collect();
    assert_eq!(asked, [None, Some("nextToken=t2".into()), Some("nextToken=t3".into())], "each page once, none after the last");
    let all = client(&server).list_items().collect_all().await.unwrap();
    assert_eq!(all.len(), 4);
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param_is_missing("nextToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [{"id": "a"}], "meta": {"nextToken": "t2"}})))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/items")).and(query_param("nextToken", "t2")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let items: Vec<_> = futures::StreamExt::collect::<Vec<_>>(client(&server).list_items().into_stream()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id.as_deref(), Some("a"));
    assert!(matches!(&items[1], Err(Error::Api(e)) if e.status().as_u16() == 500), "{:?}", items[1]);
}

#[tokio::test]
async fn a_start_token_is_the_first_page() {
    let server = three_pages().await;
    let ids: Vec<String> =
        client(&server).list_items().next_token("t3").into_stream().map_ok(|item| item.id.unwrap_or_default()).try_collect().await.unwrap();
    assert_eq!(ids, ["d"]);
}
