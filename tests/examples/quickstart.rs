//! The README's client example, compiled by `cargo test` so the README cannot go stale.
//! Run it against the real API with `BP_TOKEN` and `BP_BOT_ID` set:
//! `cargo run -p e2e-tests --example quickstart`.

use botpress_client::{types, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Identity is set once; every call that needs `x-bot-id` sends it.
    let client = Client::builder()
        .bearer_token(&std::env::var("BP_TOKEN")?)
        .bot_id(&std::env::var("BP_BOT_ID")?)
        .timeout(std::time::Duration::from_secs(30))
        .build()?;

    // Required parameters are arguments; optional ones are setters; `send()` sends.
    let tags = types::Tags::from([("channel".to_string(), "web".to_string())]);
    let user = client.get_or_create_user(tags).name("Ada").send().await?.user;

    // List operations also stream every item of every page.
    use futures::TryStreamExt;
    let conversations: Vec<types::Conversation> =
        client.list_conversations().participant_ids(vec![user.id.clone()]).into_stream().try_collect().await?;

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
