//! A user id where the conversation id goes (and the other way round): the ids are types of
//! their own, so the swap is a type error.
use botpress_client::types::{ConversationId, Tags, UserId};
use botpress_client::Client;

fn main() {
    let client = Client::builder().build().unwrap();
    let user = UserId::new("user_1");
    let conversation = ConversationId::new("conv_1");
    let _ = client.create_message(serde_json::json!({"text": "hi"}), &conversation, &user, "text", Tags::new());
}
