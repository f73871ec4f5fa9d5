//! A parameter the spec marks deprecated carries `#[deprecated]`: the compiler warns (here, an
//! error).
#![deny(deprecated)]

use botpress_client::types::Tags;
use botpress_client::Client;

fn main() {
    let client = Client::builder().build().unwrap();
    let _ = client.create_conversation("channel", Tags::new()).integration_name("telegram");
}
