//! Server URL variables (`server_variables.yaml`): `https://{region}.api.example.com/{tenantId}/v1`,
//! `region` with a default and an enum, `tenantId` without a default.

use generated_fixtures::server_variables_api::{Client, Error};

fn message(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::InvalidRequest(message)) => message,
        Err(other) => panic!("expected InvalidRequest, got {other:?}"),
        Ok(client) => panic!("expected an error, built a client for {}", client.base_url()),
    }
}

#[test]
fn a_variable_without_default_must_be_set_and_the_error_names_it() {
    let message = message(Client::builder().build());
    assert!(message.contains("`tenantId`") && message.contains("ClientBuilder::tenant_id"), "{message}");
}

#[test]
fn set_values_and_defaults_fill_the_template_percent_encoded() {
    let client = Client::builder().tenant_id("acme").build().unwrap();
    assert_eq!(client.base_url(), "https://eu.api.example.com/acme/v1");
    let client = Client::builder().region("us").tenant_id("a/b c").build().unwrap();
    assert_eq!(client.base_url(), "https://us.api.example.com/a%2Fb%20c/v1");
    // The last value set wins.
    let client = Client::builder().tenant_id("one").tenant_id("two").build().unwrap();
    assert_eq!(client.base_url(), "https://eu.api.example.com/two/v1");
}

#[test]
fn a_value_outside_the_enum_is_refused() {
    let message = message(Client::builder().region("mars").tenant_id("acme").build());
    assert!(message.contains("`mars`") && message.contains("eu, us"), "{message}");
    assert!(message.contains("`tenantId`") || message.contains("`region`"), "{message}");
}

#[test]
fn an_empty_value_is_refused() {
    let message = message(Client::builder().tenant_id("").build());
    assert!(message.contains("`tenantId`") && message.contains("empty"), "{message}");
}

#[test]
fn base_url_overrides_the_template_and_its_variables() {
    let client = Client::builder().base_url("http://127.0.0.1:9/x").region("mars").build().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/x");
}
