//! String enums (`enums.yaml`, golden `snapshots__fixtures@enums.yaml.snap`): inline enums with the
//! same values as another are aliases of it, so values move between operations without conversion,
//! and each is sent as its wire value.

use generated_fixtures::enums_api::operations::general::{ListOthersOrder, ListOthersState};
use generated_fixtures::enums_api::types::{ListThingsOrder, Status};
use generated_fixtures::enums_api::{Client, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn an_alias_is_the_enum_it_names() {
    // One type under two names: a value of one is a value of the other.
    let order: ListOthersOrder = ListThingsOrder::Desc;
    let state: ListOthersState = Status::Failed;
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/others")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    client.list_others().order(order).state(state).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("order=desc&state=failed"));
}
