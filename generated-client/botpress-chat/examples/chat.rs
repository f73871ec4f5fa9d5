// Copied from spec/examples/botpress-chat/chat.rs by openapi-rs-generator: edit it there and regenerate.

//! Chat with a bot: connect as a new user, open a conversation, say "hello" and print the bot's
//! replies as they arrive, until it has been quiet for 30 seconds.
//!
//! ```sh
//! BOTPRESS_WEBHOOK_ID=... cargo run --example chat
//! ```

use std::time::Duration;

use botpress_chat_client::connect::{connect, Identity};
use botpress_chat_client::sse::Reconnect;
use botpress_chat_client::types::{MessagePayload, Signal, TextPayload, UserData};
use botpress_chat_client::Client;
use futures::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let webhook_id = std::env::var("BOTPRESS_WEBHOOK_ID")?;
    // The timeout bounds each call, and for the stream below only the wait for its response head.
    let builder = Client::builder().webhook_id(webhook_id).timeout(Duration::from_secs(30));
    let me = connect(builder, Identity::New(UserData::default().name("Rust example"))).await?;
    let chat = &me.client;

    let conversation = chat.create_conversation().send().await?.conversation;
    // Listen first, so that no reply is missed.
    let mut replies = chat.listen_conversation(&conversation.id).send().await?.idle_timeout(Duration::from_secs(60)).reconnect(Reconnect::new());
    chat.create_message(MessagePayload::TextPayload(TextPayload::new("text", "hello")), &conversation.id).send().await?;

    loop {
        let next = match tokio::time::timeout(Duration::from_secs(30), replies.next()).await {
            Ok(Some(next)) => next,
            Ok(None) | Err(_) => break,
        };
        match next {
            Ok(event) => match event.data {
                Signal::MessageCreatedSignal(created) if created.data.is_bot == Some(true) => match created.data.payload {
                    MessagePayload::TextPayload(text) => println!("bot: {}", text.text),
                    other => println!("bot sent: {other:?}"),
                },
                _ => {}
            },
            Err(error) => eprintln!("skipped an event: {error}"),
        }
    }
    Ok(())
}
