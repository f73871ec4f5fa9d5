//! OAuth2 client credentials (RFC 6749, section 4.4): the client fetches a bearer token from the
//! token endpoint with its id and secret, caches it, refreshes it before it expires, and asks
//! for a fresh one when the API refuses it.
//!
//! This file is the same in every crate the generator writes whose spec has an OAuth2
//! `clientCredentials` flow.

use std::fmt;
use std::time::{Duration, Instant};

use crate::client::{TokenFuture, TokenProvider};
use crate::{Client, ClientBuilder, Error, Result};

/// The credentials of an OAuth2 client (`clientCredentials` flow): give them to
/// [`ClientBuilder::oauth2`] (or the id and secret to `ClientBuilder::client_credentials`).
///
/// The secret is never printed, nor are the tokens fetched with it.
#[derive(Clone)]
#[must_use]
pub struct ClientCredentials {
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
    token_url: String,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("token_url", &self.token_url)
            .finish()
    }
}

impl ClientCredentials {
    /// The client `client_id` with its `client_secret`, for the spec's token URL
    /// ([`crate::OAUTH2_TOKEN_URL`]), asking for no scope in particular (the server's default).
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            token_url: crate::OAUTH2_TOKEN_URL.to_string(),
        }
    }

    /// Asks for these scopes (sent as `scope`, separated by spaces).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Fetches tokens from `url` instead of the spec's token URL. A relative URL is resolved
    /// against the client's base URL.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }
}

impl ClientBuilder {
    /// Authenticates every request with a bearer token the client fetches with `credentials`
    /// (OAuth2 client credentials): fetched on the first call, cached, fetched anew shortly
    /// before it expires (with at most half its lifetime, or a minute, left) and when the API
    /// refuses it with a `401` (the call is then tried once more). Concurrent calls share one
    /// fetch. A token endpoint that refuses the credentials ends the call with
    /// [`Error::Auth`]. Replaces the other credentials set. The token endpoint is called with the
    /// client's HTTP client, not through its middleware.
    pub fn oauth2(self, credentials: ClientCredentials) -> Self {
        self.token_provider(CredentialsFlow { credentials, token: tokio::sync::Mutex::new(None) })
    }
}

/// [`ClientCredentials`] at work: the token it has, behind a lock that makes concurrent calls
/// wait for one fetch.
struct CredentialsFlow {
    credentials: ClientCredentials,
    token: tokio::sync::Mutex<Option<Token>>,
}

/// A token and when to fetch the next one.
struct Token {
    value: String,
    /// `None`: the endpoint gave no lifetime; used until the API refuses it.
    refresh_at: Option<Instant>,
}

impl TokenProvider for CredentialsFlow {
    fn token<'a>(&'a self, client: &'a Client, rejected: Option<&'a str>) -> TokenFuture<'a> {
        Box::pin(async move {
            let mut token = self.token.lock().await;
            if let Some(current) = token.as_ref() {
                let fresh = !matches!(current.refresh_at, Some(at) if Instant::now() >= at);
                // Another call may have replaced a refused token while this one waited.
                if fresh && rejected != Some(current.value.as_str()) {
                    return Ok(current.value.clone());
                }
            }
            *token = None;
            let fetched = self.fetch(client).await?;
            let value = fetched.value.clone();
            *token = Some(fetched);
            Ok(value)
        })
    }
}

impl CredentialsFlow {
    /// A new token from the token endpoint.
    async fn fetch(&self, client: &Client) -> Result<Token> {
        use base64::Engine as _;
        let credentials = &self.credentials;
        let url = match reqwest::Url::parse(&credentials.token_url) {
            Ok(url) => url,
            Err(_) => reqwest::Url::parse(client.base_url())
                .and_then(|base| base.join(&credentials.token_url))
                .map_err(|e| Error::Auth(format!("invalid token URL `{}`: {e}", credentials.token_url).into()))?,
        };
        // RFC 6749, section 2.3.1: the id and secret form-encoded, then as HTTP basic credentials.
        let encode = |s: &str| -> String { percent_encoding::utf8_percent_encode(s, FORM).to_string() };
        let basic = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", encode(&credentials.client_id), encode(&credentials.client_secret)));
        let mut authorization = reqwest::header::HeaderValue::from_str(&format!("Basic {basic}"))
            .map_err(|_| Error::Auth("the client credentials are not a valid header value".into()))?;
        authorization.set_sensitive(true);
        let mut body = String::from("grant_type=client_credentials");
        if !credentials.scopes.is_empty() {
            crate::request::push_pair(&mut body, "scope", &credentials.scopes.join(" "));
        }
        let mut request = reqwest::Request::new(reqwest::Method::POST, url);
        let headers = request.headers_mut();
        headers.insert(reqwest::header::AUTHORIZATION, authorization);
        headers.insert(reqwest::header::CONTENT_TYPE, reqwest::header::HeaderValue::from_static("application/x-www-form-urlencoded"));
        headers.insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static("application/json"));
        *request.body_mut() = Some(body.into());
        *request.timeout_mut() = Some(Duration::from_secs(30));
        let asked = Instant::now();
        let response = client.http().execute(request).await.map_err(|e| Error::Auth(Box::new(e)))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| Error::Auth(Box::new(e)))?;
        if !status.is_success() {
            // The endpoint's own words (`{"error":"invalid_client"}`), never the credentials.
            return Err(Error::Auth(
                format!("the token endpoint answered {status}: {}", crate::error::snippet(&bytes)).into(),
            ));
        }
        let answer: TokenAnswer = serde_json::from_slice(&bytes).map_err(|e| {
            Error::Auth(format!("the token endpoint's answer is not a token ({e}): {}", crate::error::snippet(&bytes)).into())
        })?;
        if let Some(kind) = answer.token_type.as_deref().filter(|kind| !kind.eq_ignore_ascii_case("bearer")) {
            return Err(Error::Auth(format!("the token endpoint gave a `{kind}` token, not a bearer token").into()));
        }
        // A number of seconds, or (as some servers write it) a string of one.
        let expires_in = answer.expires_in.as_ref().and_then(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()));
        if answer.expires_in.is_some() && expires_in.is_none() {
            tracing::warn!("the token endpoint's `expires_in` is not a number of seconds: the token is used until the API refuses it");
        }
        let refresh_at = expires_in.filter(|s| s.is_finite() && *s >= 0.0).map(|seconds| {
            let lifetime = Duration::from_secs_f64(seconds.min(1e9));
            asked + lifetime - (lifetime / 2).min(Duration::from_secs(60))
        });
        tracing::debug!(?expires_in, "fetched an OAuth2 access token");
        Ok(Token { value: answer.access_token, refresh_at })
    }
}

/// What a form-encoded value escapes: everything but the unreserved characters.
const FORM: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The token endpoint's answer (RFC 6749, section 5.1).
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}
