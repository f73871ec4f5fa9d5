//! A typical bot task: find the bot's most recent conversations, answer in the first one, read
//! the conversation's state, and store a transcript as a file.
//!
//! ```sh
//! BP_TOKEN=... BP_BOT_ID=... BP_USER_ID=... cargo run --example bot_task
//! ```

use std::time::Duration;

use botpress_client::{types, Client, Error, RetryPolicy};
use futures::{StreamExt, TryStreamExt};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    // Identity and policies are set once, on the client.
    let client = Client::builder()
        .bearer_token(&env("BP_TOKEN")?)
        .bot_id(&env("BP_BOT_ID")?)
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::default().max_retries(3))
        .build()?;
    // Ids are typed: a user id cannot go where a conversation id is expected.
    let user_id = types::UserId::new(env("BP_USER_ID")?);

    // Every conversation the user takes part in, following the pages as needed; stop after 10.
    let conversations: Vec<types::Conversation> =
        client.list_conversations().participant_ids([&user_id]).into_stream().take(10).try_collect().await?;
    let Some(conversation) = conversations.first() else {
        println!("no conversation yet");
        return Ok(());
    };

    // Send a text message: the payload is any JSON object, the ids come from where they were read.
    let message =
        client.create_message(json!({"text": "Hello from Rust!"}), &user_id, &conversation.id, "text", types::Tags::new()).send().await?.message;
    println!("sent message {}", message.id);

    // Read the conversation's state, which may not exist yet.
    match client.get_state(types::StateType::Conversation, conversation.id.as_str(), "session").send().await {
        Ok(response) => println!("state: {:?}", response.state.payload),
        Err(Error::Api(e)) if e.body().is_some_and(|b| b.r#type == types::ErrorType::ResourceNotFound) => {
            println!("no state yet")
        }
        Err(e) => return Err(e.into()),
    }

    // Store a transcript: create the file and upload its content in one call.
    let transcript = format!("conversation {}\nbot: Hello from Rust!\n", conversation.id);
    let file = client
        .upsert_file(format!("transcripts/{}.txt", conversation.id))
        .content_type("text/plain")
        .send_with_content(transcript.into_bytes())
        .await?
        .file;
    println!("stored {} ({})", file.key, file.id);
    Ok(())
}
