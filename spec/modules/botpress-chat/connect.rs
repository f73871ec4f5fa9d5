//! User keys and the one-call entry: what the Chat API needs beyond its OpenAPI description.
//!
//! Every call but `createUser` is authenticated by the user's key (`x-user-key`). There are
//! two ways to get one: `createUser` returns it, or, when the Chat integration has an
//! encryption key, the caller signs it itself, a JWT (HS256) over the user id with that key
//! ([`sign_user_key`]). [`connect`] does either and returns a [`Client`] carrying the key, as
//! `@botpress/chat`'s `Client.connect` does, with the same calls: `createUser` for a new user
//! (with the id chosen, if any), `getOrCreateUser` for a key, whoever signed it.
//!
//! Hand-written (spec/modules/botpress-chat/connect.rs), copied in by the generator.

use std::fmt;

use crate::types::{User, UserData};
use crate::{Client, ClientBuilder, Error, Result};

/// A user's key: the value of the `x-user-key` header. Never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct UserKey(String);

impl UserKey {
    /// A key as `createUser` returned it, or as [`sign_user_key`] made it.
    pub fn new(key: impl Into<String>) -> Self {
        UserKey(key.into())
    }

    /// The key itself, to store it or send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UserKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserKey(<redacted>)")
    }
}

/// The claims of a signed user key: the user's id, and when the key was made.
#[derive(serde::Serialize)]
struct Claims<'a> {
    id: &'a str,
    /// Seconds since the Unix epoch.
    iat: u64,
}

/// The header of a signed user key, as the official client (Node's `jsonwebtoken`) writes it.
const JWT_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// Signs the key of user `user_id` with the Chat integration's `encryption_key`: a JWT (HS256)
/// whose payload is `{"id": user_id, "iat": <now, in seconds>}`, as the Authentication section
/// of the Chat API introduction shows and as the official client signs it. The API rejects a
/// key with a wrong signature (`401`). [`sign_user_key_at`] pins the time.
pub fn sign_user_key(user_id: &str, encryption_key: &str) -> Result<UserKey> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| Error::InvalidRequest("cannot sign the user key: the system clock is before 1970".into()))?;
    sign_user_key_at(user_id, encryption_key, now.as_secs())
}

/// [`sign_user_key`] with the time it is made (`iat`, seconds since the Unix epoch) given: the
/// same inputs give the same key (for tests, or to match a key made elsewhere).
pub fn sign_user_key_at(user_id: &str, encryption_key: &str, issued_at: u64) -> Result<UserKey> {
    let payload =
        serde_json::to_vec(&Claims { id: user_id, iat: issued_at }).map_err(|e| Error::InvalidRequest(format!("cannot sign the user key: {e}")))?;
    let message = format!("{}.{}", base64_url(JWT_HEADER.as_bytes()), base64_url(&payload));
    let key = jsonwebtoken::EncodingKey::from_secret(encryption_key.as_bytes());
    let signature = jsonwebtoken::crypto::sign(message.as_bytes(), &key, jsonwebtoken::Algorithm::HS256)
        .map_err(|e| Error::InvalidRequest(format!("cannot sign the user key: {e}")))?;
    Ok(UserKey(format!("{message}.{signature}")))
}

/// Base64url without padding (RFC 7515's encoding of a JWT's parts).
fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Who [`connect`] connects as.
#[derive(Clone)]
#[non_exhaustive]
pub enum Identity {
    /// A new user (`createUser`), with these fields; its key is in the [`Connection`].
    New(UserData),
    /// A new user whose id the caller chooses (`createUser` with `id`), with these fields.
    NewWithId {
        /// The user's id, chosen by the caller (not already taken by another user).
        user_id: String,
        /// The user's fields.
        data: UserData,
    },
    /// The user whose key this is (`getOrCreateUser`): a key `createUser` returned, or one
    /// signed with the integration's encryption key ([`sign_user_key`]), whose user is created
    /// on its first use.
    Key(UserKey),
    /// The user `user_id`, its key signed with the integration's `encryption_key`; created on
    /// first use (`getOrCreateUser`).
    Signed {
        /// The user's id, chosen by the caller.
        user_id: String,
        /// The Chat integration's encryption key.
        encryption_key: String,
    },
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Identity::New(data) => f.debug_tuple("New").field(data).finish(),
            Identity::NewWithId { user_id, data } => f.debug_struct("NewWithId").field("user_id", user_id).field("data", data).finish(),
            Identity::Key(key) => f.debug_tuple("Key").field(key).finish(),
            Identity::Signed { user_id, .. } => f.debug_struct("Signed").field("user_id", user_id).field("encryption_key", &"<redacted>").finish(),
        }
    }
}

/// A client connected as one user: every call sends its key.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Connection {
    /// The client, carrying the user's key (`x-user-key`).
    pub client: Client,
    /// The user.
    pub user: User,
    /// The user's key, to connect again later with [`Identity::Key`].
    pub key: UserKey,
}

/// Gets or creates the user `identity` names and returns a client carrying its key, built from
/// `builder` (which sets the webhook id, `ClientBuilder::webhook_id`, and any other option).
pub async fn connect(builder: ClientBuilder, identity: Identity) -> Result<Connection> {
    let (user_id, data) = match identity {
        Identity::New(data) => (None, data),
        Identity::NewWithId { user_id, data } => (Some(user_id), data),
        Identity::Key(key) => {
            let client = builder.user_key(key.expose()).build()?;
            let user = client.get_or_create_user(UserData::default()).send().await?.user;
            return Ok(Connection { client, user, key });
        }
        Identity::Signed { user_id, encryption_key } => {
            let key = sign_user_key(&user_id, &encryption_key)?;
            let client = builder.user_key(key.expose()).build()?;
            let user = client.get_or_create_user(UserData::default()).send().await?.user;
            return Ok(Connection { client, user, key });
        }
    };
    let anonymous = builder.clone().build()?;
    let mut create = anonymous.create_user();
    if let Some(id) = user_id {
        create = create.id(id);
    }
    if let Some(name) = data.name {
        create = create.name(name);
    }
    if let Some(url) = data.picture_url {
        create = create.picture_url(url);
    }
    if let Some(profile) = data.profile {
        create = create.profile(profile);
    }
    let created = create.send().await?;
    let key = UserKey(created.key);
    let client = builder.user_key(key.expose()).build()?;
    Ok(Connection { client, user: created.user, key })
}

impl Client {
    /// Connects as the user `identity` names: see [`connect`](crate::connect::connect).
    pub async fn connect(builder: ClientBuilder, identity: Identity) -> Result<Connection> {
        connect(builder, identity).await
    }
}
