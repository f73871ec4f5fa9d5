//! The README's client example, compiled by `cargo test` so the README cannot go stale.
//! Run it against the real API with `BP_TOKEN` and `BP_BOT_ID` set:
//! `cargo run -p e2e-tests --example quickstart`.

use botpress_client::{types, Client, Error};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Identity is set once, and sent with every call (a call can change it or leave it out).
    let client = Client::builder()
        .bearer_token(&std::env::var("BP_TOKEN")?)
        .bot_id(&std::env::var("BP_BOT_ID")?)
        .timeout(std::time::Duration::from_secs(30))
        .build()?;

    // Required parameters are arguments; optional ones are setters; `send()` sends. Setters take
    // what you have at hand: tags as `(key, value)` pairs, lists as arrays of `&str`.
    let user = client.get_or_create_user([("channel", "web")]).name("Ada").send().await?.user;

    // Ids are types of their own (`types::UserId`, `types::ConversationId`, ...): taken from a
    // response or made with `UserId::new`, they cannot be swapped by mistake.
    let conversation = client.create_conversation("web", [("topic", "onboarding")]).send().await?.conversation;
    client.add_participant(&conversation.id, &user.id).send().await?;

    // Free-form JSON (payloads, inputs, filters) is any `Serialize` value, `json!` included.
    let payload = json!({"text": "Hello, Ada!"});
    client.create_message(payload, &user.id, &conversation.id, "text", types::Tags::new()).send().await?;

    // Enums are typed; a `number` takes an integer too (milliseconds here).
    let kind = types::StateType::Conversation;
    client.set_state(kind, conversation.id.as_str(), "session", json!({"step": 1})).expiry(3_600_000).send().await?;

    // List operations also stream every item of every page.
    use futures::TryStreamExt;
    let conversations: Vec<types::Conversation> = client.list_conversations().participant_ids([&user.id]).into_stream().try_collect().await?;

    // The API's errors are typed: the catalogue's `type`, its message, id and the HTTP status.
    match client.get_user(types::UserId::new("missing")).send().await {
        Err(Error::Api(e)) if e.body().is_some_and(|b| b.r#type == types::ErrorType::ResourceNotFound) => {
            println!("no such user ({}): {}", e.status(), e.body().unwrap().message)
        }
        other => println!("{other:?}"),
    }
    println!("{} conversations", conversations.len());
    Ok(())
}
