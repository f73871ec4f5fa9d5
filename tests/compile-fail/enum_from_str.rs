//! An enum setter does not take a string: a typo (`"createdat"`) would go out silently. The
//! variants are the easy path; an unknown value is written `ListUsersSortField::other("..")`.
use botpress_client::Client;

fn main() {
    let client = Client::builder().build().unwrap();
    let _ = client.list_users().sort_field("createdat");
}
