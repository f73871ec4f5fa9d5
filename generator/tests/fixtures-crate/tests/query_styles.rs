//! Query styles (`query_styles.yaml`, golden `snapshots__fixtures@query_styles.yaml.snap`): what
//! each style puts on the wire, read back from a local server's request.

use std::collections::BTreeMap;

use generated_fixtures::query_styles_api::{Client, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn each_style_as_written() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/search")).respond_with(ResponseTemplate::new(200).set_body_string("{}")).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    let map = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<String, String>>();
    client
        .search("a b&c")
        .ids(vec!["1".to_string(), "2".to_string()])
        .fields(vec!["x".to_string(), "y,z".to_string()])
        .tags(map(&[("team", "core"), ("a b", "c/d")]))
        .filter(map(&[("status", "open")]))
        .limit(5)
        .verbose(true)
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("q=a%20b%26c&ids=1&ids=2&fields=x,y%2Cz&tags.a%20b=c%2Fd&tags.team=core&filter%5Bstatus%5D=open&limit=5&verbose=true"),
        "form explodes arrays; explode: false joins with literal commas; dot and deepObject spell the keys; maps in key order"
    );
    // Nothing set, nothing sent.
    client.search("q").send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[1].url.query(), Some("q=q"));
}
