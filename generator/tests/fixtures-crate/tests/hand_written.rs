//! Hand-written additions (`hand_written.yaml` with `hand_written.modules/greeting.rs`): the module
//! is part of the generated client and works through its API against a local server.

use generated_fixtures::hand_written_api::{greeting, Client};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_hand_written_module_calls_the_generated_client() {
    let server = MockServer::start().await;
    for name in ["ann", "bob"] {
        Mock::given(method("GET"))
            .and(path(format!("/greetings/{name}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"text": format!("hello {name}")})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    assert_eq!(greeting::greet_all(&client, &["ann", "bob"]).await.unwrap(), ["hello ann", "hello bob"]);
}
