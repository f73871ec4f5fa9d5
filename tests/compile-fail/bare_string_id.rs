//! A bare string is not an id: it is made one explicitly, `UserId::new(..)`, or taken from a
//! response.
use botpress_client::Client;

fn main() {
    let client = Client::builder().build().unwrap();
    let _ = client.get_user("user_1");
}
