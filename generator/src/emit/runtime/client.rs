//! The client: where to send requests, who is calling, and the one function every operation
//! goes through.
//!
//! This file is the same in every crate the generator writes.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::request::Request;
use crate::retry::{self, Outcome, RetryPolicy};
use crate::{ApiError, Error, Result};

/// A client of the API.
///
/// Build one with [`Client::builder`], then call one method per operation; each returns a
/// request builder that ends in `send()`. The client is cheap to clone (it is an [`Arc`]
/// inside) and can be shared across tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The middleware stack every request goes through (feature `middleware`), when one is set.
    #[cfg(feature = "middleware")]
    middleware: Option<reqwest_middleware::ClientWithMiddleware>,
    base_url: String,
    auth: Option<Auth>,
    /// Identity headers, sent on every call: the name the operations use, and the header.
    identity_headers: Vec<(&'static str, HeaderName, HeaderValue)>,
    retry: RetryPolicy,
    max_response_size: u64,
    /// The bound of each attempt ([`ClientBuilder::timeout`]); a call's own replaces it. Kept
    /// here rather than in the HTTP client, where it would also bound an event stream's body.
    timeout: Option<Duration>,
}

/// The middleware given to a [`ClientBuilder`] (feature `middleware`).
#[cfg(feature = "middleware")]
#[derive(Clone)]
enum Middleware {
    None,
    /// Middleware added one by one, over the client's own HTTP client.
    Stack(Vec<Arc<dyn reqwest_middleware::Middleware>>),
    /// A whole stack, with its HTTP client.
    Client(reqwest_middleware::ClientWithMiddleware),
}

/// How the client proves who it is. Never printed.
#[derive(Clone)]
pub(crate) enum Auth {
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
    /// A bearer token asked for before each attempt.
    Provider(Arc<dyn TokenProvider>),
}

/// What [`TokenProvider::token`] returns: the token, later.
pub type TokenFuture<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<String>> + Send + 'a>>;

/// Where the client gets the bearer token of each request (`Authorization: Bearer <token>`):
/// asked before every attempt, so a token it refreshes is used as soon as it has it. Give one to
/// [`ClientBuilder::token_provider`] (or a closure to
/// [`ClientBuilder::bearer_token_provider`]) for any flow the client does not run itself.
///
/// When the API refuses a token with `401 Unauthorized`, the provider is asked once more with
/// that token as `rejected`; a different token is tried once (the same one ends the call with
/// the `401`).
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send (without `Bearer `). `client` is the client asking (its
    /// [`base_url`](Client::base_url), say); `rejected` the token the API just refused, if that is
    /// why it asks. An error ends the call with it (nothing is sent; [`Error::Auth`] says so).
    fn token<'a>(&'a self, client: &'a Client, rejected: Option<&'a str>) -> TokenFuture<'a>;
}

/// A closure as a [`TokenProvider`] ([`ClientBuilder::bearer_token_provider`]).
struct FnProvider<F>(F);

impl<F, Fut, E> TokenProvider for FnProvider<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = std::result::Result<String, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn token<'a>(&'a self, _: &'a Client, _: Option<&'a str>) -> TokenFuture<'a> {
        let token = (self.0)();
        Box::pin(async move { token.await.map_err(|e| Error::Auth(e.into())) })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let identity_headers: Vec<(&str, &HeaderValue)> = self.inner.identity_headers.iter().map(|(k, _, v)| (*k, v)).collect();
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth.as_ref().map(|_| "<redacted>"))
            .field("identity_headers", &identity_headers)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The HTTP client under the client (and its middleware), for what is not an API call.
    #[allow(dead_code)] // used by the OAuth2 client credentials flow
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Sends `request`; returns the success response, its body as it is (read into a value by
    /// [`Reply::into_response`]).
    #[allow(dead_code)]
    pub(crate) async fn execute_raw(&self, request: Request) -> Result<Reply> {
        self.send_raw(request).await
    }

    /// Sends `request`, retrying as the [`RetryPolicy`] allows; returns the success response, or
    /// the API's error.
    async fn send_raw(&self, request: Request) -> Result<Reply> {
        let span = tracing::debug_span!(
            "api_call",
            operation = request.operation,
            method = %request.method,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let status_in_body = request.error_status_in_body;
        let authorized = !request.anonymous;
        let policy = request.options.as_ref().and_then(|options| options.retry.clone());
        let policy = policy.as_ref().unwrap_or(&self.inner.retry);
        let wire = self.prepare(request)?;
        let reply = if span.is_disabled() {
            // Nobody listens: skip the instrumentation wrapper (measurable per call).
            self.attempts(wire, policy, authorized, span).await?
        } else {
            self.attempts(wire, policy, authorized, span.clone()).instrument(span).await?
        };
        if let Some(error) = status_in_body.and_then(|pointer| error_in_body(pointer, &reply.headers, &reply.body)) {
            return Err(Error::Api(error));
        }
        Ok(reply)
    }

    /// A success answer to a stream request, checked before it is read as a stream: with
    /// `x-error-status-in-body` (`pointer`), a JSON body is not a stream but, when it carries an
    /// error status there, the API's error (else a decoding error: not what was asked for).
    #[allow(dead_code)] // used by operations that answer with server-sent events
    pub(crate) async fn check_stream_head(&self, response: reqwest::Response, pointer: Option<&'static str>) -> Result<reqwest::Response> {
        let Some(pointer) = pointer else { return Ok(response) };
        let json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/json"));
        if !json {
            return Ok(response);
        }
        let status = response.status();
        let mut response = response;
        let headers = std::mem::take(response.headers_mut());
        let body = read_body(response, self.inner.max_response_size).await?;
        match error_in_body(pointer, &headers, &body) {
            Some(error) => Err(Error::Api(error)),
            None => Err(Error::Decode {
                status,
                source: serde::de::Error::custom("a JSON body where a stream of events (text/event-stream) was expected"),
                body: crate::error::snippet(&body),
            }),
        }
    }

    /// Uploads `content` with a `PUT` to a pre-signed `url` (no credentials are sent with it).
    #[allow(dead_code)] // used by operations marked `x-upload`
    pub(crate) async fn upload(
        &self,
        url: &str,
        content: bytes::Bytes,
        content_type: Option<&str>,
        extra_headers: &[(&'static str, &'static str)],
    ) -> Result<()> {
        let span = tracing::debug_span!("upload", status = tracing::field::Empty, attempts = tracing::field::Empty);
        let url = reqwest::Url::parse(url).map_err(|e| Error::InvalidRequest(format!("invalid upload URL `{url}`: {e}")))?;
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(reqwest::header::CONTENT_TYPE, header_value("content-type", content_type)?);
        }
        for (name, value) in extra_headers {
            headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        let mut wire = reqwest::Request::new(reqwest::Method::PUT, url);
        *wire.headers_mut() = headers;
        *wire.body_mut() = Some(content.into());
        *wire.timeout_mut() = self.inner.timeout;
        self.attempts(wire, &self.inner.retry, false, span.clone()).instrument(span).await.map(|_| ())
    }

    /// Downloads the resource at `url` (a file's URL, say) into memory, up to
    /// [`ClientBuilder::max_response_size`]. No credentials are sent: the URL is expected to carry
    /// its own authorization (pre-signed) or be public.
    pub async fn download(&self, url: &str) -> Result<bytes::Bytes> {
        let span = tracing::debug_span!("download", status = tracing::field::Empty, attempts = tracing::field::Empty);
        let url = reqwest::Url::parse(url).map_err(|e| Error::InvalidRequest(format!("invalid URL `{url}`: {e}")))?;
        let mut wire = reqwest::Request::new(reqwest::Method::GET, url);
        *wire.timeout_mut() = self.inner.timeout;
        self.attempts(wire, &self.inner.retry, false, span.clone()).instrument(span).await.map(|reply| reply.body)
    }

    /// Downloads the resource at `url` as a stream of chunks, for content too large to hold in
    /// memory (no size limit applies to it). Like [`Client::download`], it sends no credentials;
    /// it is not retried. The client's timeout bounds connecting and the wait for the response
    /// head (and an error response's body), not the chunks, which take as long as they take.
    pub async fn download_stream(
        &self,
        url: &str,
    ) -> Result<impl futures::Stream<Item = Result<bytes::Bytes>> + Send + 'static> {
        let url = reqwest::Url::parse(url).map_err(|e| Error::InvalidRequest(format!("invalid URL `{url}`: {e}")))?;
        let mut wire = reqwest::Request::new(reqwest::Method::GET, url);
        *wire.timeout_mut() = self.inner.timeout;
        let response = self.open_stream(wire).await?;
        Ok(futures::TryStreamExt::map_err(response.bytes_stream(), Error::Transport))
    }

    /// Sends `wire` once and returns the response with its body unread (a stream of events, a
    /// download); an error status is the API's error.
    ///
    /// The request's timeout (the call's, else the client's) bounds connecting, the wait for the
    /// response head and the reading of an error body, not a success body: a stream lives as
    /// long as the server keeps it open (an event stream's own idle timeout bounds its silences).
    pub(crate) async fn open_stream(&self, mut wire: reqwest::Request) -> Result<reqwest::Response> {
        // Taken off the request: there reqwest would bound the whole body with it.
        let head_timeout = wire.timeout_mut().take();
        let open = async {
            let mut response = self.execute_http(wire).await?;
            let status = response.status();
            if !status.is_success() {
                let headers = std::mem::take(response.headers_mut());
                let body = read_body(response, self.inner.max_response_size).await?;
                return Err(Error::Api(ApiError::new(status, headers, body)));
            }
            Ok(response)
        };
        match head_timeout {
            Some(timeout) => tokio::time::timeout(timeout, open).await.unwrap_or(Err(Error::Timeout(timeout))),
            None => open.await,
        }
    }

    /// Sends one attempt: through the middleware stack when there is one (feature `middleware`),
    /// which then sees every attempt, retries included.
    async fn execute_http(&self, request: reqwest::Request) -> Result<reqwest::Response> {
        #[cfg(feature = "middleware")]
        if let Some(stack) = &self.inner.middleware {
            return stack.execute(request).await.map_err(|e| match e {
                reqwest_middleware::Error::Reqwest(e) => Error::Transport(e),
                reqwest_middleware::Error::Middleware(e) => Error::Middleware(e.into()),
            });
        }
        self.inner.http.execute(request).await.map_err(Error::Transport)
    }

    /// The token provider's bearer token for `wire` ([`ClientBuilder::bearer_token_provider`],
    /// OAuth2 client credentials), set as its `Authorization` header unless the call set one of
    /// its own; `rejected`: the token the API just refused. Returns the token sent, if any.
    pub(crate) async fn authorize(&self, wire: &mut reqwest::Request, rejected: Option<&str>) -> Result<Option<String>> {
        let Some(Auth::Provider(provider)) = &self.inner.auth else { return Ok(None) };
        if rejected.is_none() && wire.headers().contains_key(reqwest::header::AUTHORIZATION) {
            return Ok(None);
        }
        let token = provider.token(self, rejected).await?;
        self.authorize_with(wire, token)
    }

    /// Sends `wire` until it succeeds or `policy` gives up. With `authorized`, each attempt
    /// carries the token provider's token (if the client has one), and a `401` is tried once
    /// more with a fresh token when the provider has one (not counted as a retry).
    async fn attempts(&self, wire: reqwest::Request, policy: &RetryPolicy, authorized: bool, span: tracing::Span) -> Result<Reply> {
        let method = wire.method().clone();
        let provider = authorized && matches!(self.inner.auth, Some(Auth::Provider(_)));
        let mut next = Some(wire);
        let started = Instant::now();
        let mut attempt: u32 = 0;
        let mut retries: u32 = 0;
        // The token of the next attempt, when a 401 made the provider give a fresh one.
        let mut fresh: Option<String> = None;
        let mut refreshed = false;
        loop {
            attempt += 1;
            // There is always one: a retry happens only when a copy was kept.
            let Some(mut request) = next.take() else { return Err(Error::InvalidRequest("the request cannot be repeated".into())) };
            // Keep a copy only while another attempt may follow.
            if retries < policy.retries() || (provider && !refreshed) {
                next = request.try_clone();
            }
            let sent = match (provider, fresh.take()) {
                (false, _) => None,
                (true, Some(token)) => self.authorize_with(&mut request, token)?,
                (true, None) => self.authorize(&mut request, None).await?,
            };
            let result = match self.execute_http(request).await {
                Ok(mut response) => {
                    let status = response.status();
                    // Moved out, not copied: the reply (or the error) keeps them.
                    let headers = std::mem::take(response.headers_mut());
                    let wait = if status.is_success() { None } else { retry::server_wait(&headers) };
                    match read_body(response, self.inner.max_response_size).await {
                        Ok(body) if status.is_success() => Ok(Reply { status, headers, body }),
                        Ok(body) => Err((Outcome::Status(status.as_u16()), wait, Error::Api(ApiError::new(status, headers, body)))),
                        Err(e @ Error::ResponseTooLarge { .. }) => Err((Outcome::Status(status.as_u16()), wait, e)),
                        Err(e) => Err((Outcome::MaybeSent, None, e)),
                    }
                }
                Err(Error::Transport(e)) => {
                    let outcome = if e.is_connect() { Outcome::NotSent } else { Outcome::MaybeSent };
                    Err((outcome, None, Error::Transport(e)))
                }
                // A middleware's own failure: not the server's answer, not retried.
                Err(e) => Err((Outcome::Refused, None, e)),
            };
            let (outcome, wait, error) = match result {
                Ok(reply) => {
                    span.record("status", reply.status.as_u16());
                    span.record("attempts", attempt);
                    return Ok(reply);
                }
                Err(failure) => failure,
            };
            if let Outcome::Status(status) = outcome {
                span.record("status", status);
            }
            // The token refused: once, ask for a fresh one and try again with it at once.
            if let (Outcome::Status(401), Some(token), false, Some(_)) = (outcome, &sent, refreshed, &next) {
                refreshed = true;
                let Some(Auth::Provider(provider)) = &self.inner.auth else { return Err(error) };
                let new = provider.token(self, Some(token)).await?;
                if new != *token {
                    tracing::debug!(attempt, "the token was refused; trying again with a fresh one");
                    fresh = Some(new);
                    continue;
                }
            }
            let delay = match retry::retryable(&method, outcome) && next.is_some() && retries < policy.retries() {
                true => policy.delay(retries + 1, wait, started.elapsed()),
                false => None,
            };
            match delay {
                Some(delay) => {
                    retries += 1;
                    tracing::debug!(attempt, ?delay, error = %error, "retrying");
                    tokio::time::sleep(delay).await;
                }
                None => {
                    span.record("attempts", attempt);
                    return Err(error);
                }
            }
        }
    }

    /// Sets `token` as the bearer token of `wire`.
    fn authorize_with(&self, wire: &mut reqwest::Request, token: String) -> Result<Option<String>> {
        let mut value = header_value("authorization", &format!("Bearer {token}"))
            .map_err(|_| Error::Auth("the token provider gave a token that is not a valid header value".into()))?;
        value.set_sensitive(true);
        wire.headers_mut().insert(reqwest::header::AUTHORIZATION, value);
        Ok(Some(token))
    }

    /// Turns a [`Request`] into what goes on the wire: URL, headers (identity and credentials
    /// included) and body.
    pub(crate) fn prepare(&self, request: Request) -> Result<reqwest::Request> {
        let Request { method, path, mut query, headers, overrides, body, cookies, error, timeout, options, anonymous, .. } = request;
        if let Some(message) = error {
            return Err(Error::InvalidRequest(message));
        }
        let mut http_headers = HeaderMap::new();
        match &self.inner.auth {
            // An operation that needs no credentials is sent without them.
            _ if anonymous => {}
            Some(Auth::Header(name, value)) => {
                http_headers.insert(name.clone(), value.clone());
            }
            Some(Auth::Query(name, value)) => crate::request::push_pair(&mut query, name, value),
            // Set on each attempt (`attempts`).
            Some(Auth::Provider(_)) | None => {}
        }
        // Every identity header the client has, on every call (as the API's own clients do),
        // unless this call changed it.
        for (name, header, value) in &self.inner.identity_headers {
            if !overrides.iter().any(|(n, _)| n == name) {
                http_headers.insert(header.clone(), value.clone());
            }
        }
        for (name, value) in &overrides {
            if let Some(value) = value {
                http_headers.insert(HeaderName::from_static(name), header_value(name, value)?);
            }
        }
        for (name, value) in headers {
            http_headers.insert(HeaderName::from_static(name), header_value(name, &value)?);
        }
        if !cookies.is_empty() {
            http_headers.insert(reqwest::header::COOKIE, header_value("cookie", &cookies.join("; "))?);
        }
        if let Some((_, media_type)) = &body {
            http_headers.insert(reqwest::header::CONTENT_TYPE, header_value("content-type", media_type)?);
        }
        // The call's own options, over everything else.
        if let Some(options) = options {
            let crate::request::Options { headers, query: extra, .. } = *options;
            let mut name = None;
            for (key, value) in headers {
                // A name comes with the first of its values only.
                name = key.or(name);
                if let Some(name) = &name {
                    http_headers.insert(name.clone(), value);
                }
            }
            for (key, value) in &extra {
                crate::request::push_pair(&mut query, key, value);
            }
        }
        let base = self.inner.base_url.trim_end_matches('/');
        let mut url = String::with_capacity(base.len() + path.len() + query.len() + 1);
        url.push_str(base);
        url.push_str(&path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let url = reqwest::Url::parse(&url).map_err(|e| Error::InvalidRequest(format!("invalid URL `{url}`: {e}")))?;
        let mut wire = reqwest::Request::new(method, url);
        *wire.headers_mut() = http_headers;
        let timeout = timeout.or(self.inner.timeout);
        if timeout.is_some() {
            // Only then: reqwest keeps it in the request's extensions, allocated on first use.
            *wire.timeout_mut() = timeout;
        }
        *wire.body_mut() = body.map(|(body, _)| body.into());
        Ok(wire)
    }
}

/// The body of `response`, refused with [`Error::ResponseTooLarge`] as soon as it is known to be
/// over `limit` bytes: from its `Content-Length` before reading, else from what has arrived.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<bytes::Bytes> {
    let status = response.status();
    let too_large = || Error::ResponseTooLarge { status, limit };
    if response.content_length().is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    // The first chunk (most bodies have one) is kept as it is; more are copied together.
    let mut first = bytes::Bytes::new();
    let mut all: Option<Vec<u8>> = None;
    let mut read: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
        read += chunk.len() as u64;
        if read > limit {
            return Err(too_large());
        }
        match &mut all {
            Some(all) => all.extend_from_slice(&chunk),
            None if first.is_empty() => first = chunk,
            None => all = Some([&first[..], &chunk[..]].concat()),
        }
    }
    Ok(all.map_or(first, bytes::Bytes::from))
}

/// A success response: its status, its headers and its body.
pub(crate) struct Reply {
    /// Its status.
    pub(crate) status: reqwest::StatusCode,
    /// Its headers.
    pub(crate) headers: HeaderMap,
    /// Its body.
    pub(crate) body: bytes::Bytes,
}

/// A success response with the value read from it: what an operation's `send_with_response()`
/// returns, where `send()` returns the value alone ([`Response::into_inner`]).
///
/// Nothing is copied to make it: the headers and the body are those the value was read from
/// (the body a reference-counted [`bytes::Bytes`]).
pub struct Response<T> {
    value: T,
    status: reqwest::StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl<T> Response<T> {
    /// The value read from the body, as `send()` returns it.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value read from the body, as `send()` returns it.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// HTTP status of the response (`201 Created` apart from `200 OK`, say).
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The response's headers (rate limits, a request id, `ETag`, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as it came, before decoding.
    pub fn body_bytes(&self) -> &bytes::Bytes {
        &self.body
    }

    /// The id the server gave the request, for a support ticket: the first of the headers
    /// `x-request-id`, `request-id`, `x-amzn-requestid` the response has.
    pub fn request_id(&self) -> Option<&str> {
        crate::error::request_id(&self.headers)
    }

    /// The value, status, headers and body, taken apart.
    pub fn into_parts(self) -> (T, reqwest::StatusCode, HeaderMap, bytes::Bytes) {
        (self.value, self.status, self.headers, self.body)
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("value", &self.value)
            .finish()
    }
}

/// What a response's `Content-Type` says its body is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Media {
    /// `application/json`, `application/*+json`.
    Json,
    /// `text/plain`: the body is the text. (Other text types, an HTML page from a proxy say,
    /// are not taken for a value the API documents as JSON.)
    Text,
    /// Another media type, or none: read as the API documents it.
    Unknown,
}

fn media(content_type: Option<&HeaderValue>) -> Media {
    let Some(value) = content_type.and_then(|v| v.to_str().ok()) else { return Media::Unknown };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json")) {
        Media::Json
    } else if essence == "text/plain" {
        Media::Text
    } else {
        Media::Unknown
    }
}

impl Reply {
    /// The value `read` makes of this reply, with the reply's status, headers and body.
    #[allow(dead_code)]
    pub(crate) fn into_response<T>(self, read: impl FnOnce(&Reply) -> Result<T>) -> Result<Response<T>> {
        let value = read(&self)?;
        Ok(Response { value, status: self.status, headers: self.headers, body: self.body })
    }

    /// The body as it came (an operation documenting `application/octet-stream`, ...).
    #[allow(dead_code)] // used by operations with a binary response
    pub(crate) fn bytes(&self) -> Result<bytes::Bytes> {
        Ok(self.body.clone())
    }

    /// Nothing: an operation that documents no response body does not read one.
    #[allow(dead_code)] // used by operations without a response body
    pub(crate) fn nothing(&self) -> Result<()> {
        Ok(())
    }

    /// [`Reply::text`], for [`Reply::into_response`].
    #[allow(dead_code)] // used by operations with a text response
    pub(crate) fn text_value(&self) -> Result<String> {
        Ok(self.text())
    }

    /// The body, documented as JSON, decoded into `T`; an empty body reads as `null`. A body the
    /// response says is plain text (`text/plain`) is that text: a `T` made from a string (a
    /// `String`, a string enum) is that string as it is (not read as JSON: `"a"` keeps its
    /// quotes), and another `T` reads the text as JSON (`42`, `{..}`: a JSON body sent as text)
    /// or fails. Any other body is read as JSON, or fails.
    #[allow(dead_code)] // used by operations with a JSON response
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        let error = |source| Error::Decode { status: self.status, source, body: crate::error::snippet(&self.body) };
        if media(self.headers.get(reqwest::header::CONTENT_TYPE)) == Media::Text {
            if let Ok(text) = std::str::from_utf8(&self.body) {
                let as_text = serde::de::value::StrDeserializer::<serde_json::Error>::new(text);
                if let Ok(value) = T::deserialize(as_text) {
                    return Ok(value);
                }
            }
        }
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        serde_json::from_slice(body).map_err(error)
    }

    /// The body, documented as text, as text. A body the response says is JSON is read as JSON
    /// when it is a string (`"1.0.0"` is `1.0.0`); any other body, a JSON object or number
    /// included, is its text as it came. Invalid UTF-8 is replaced, not an error.
    #[allow(dead_code)] // used by operations with a text response
    pub(crate) fn text(&self) -> String {
        if media(self.headers.get(reqwest::header::CONTENT_TYPE)) == Media::Json {
            if let Ok(text) = serde_json::from_slice::<String>(&self.body) {
                return text;
            }
        }
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The API's error a success answer carries in its JSON `body`: an integer from 400 to 599 at
/// `pointer` (`x-error-status-in-body`) is its status.
fn error_in_body(pointer: &str, headers: &HeaderMap, body: &bytes::Bytes) -> Option<ApiError> {
    // Only an object can carry it: skip parsing anything else.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let code = value.pointer(pointer)?.as_u64()?;
    let status = u16::try_from(code).ok().filter(|code| (400..600).contains(code))?;
    let status = reqwest::StatusCode::from_u16(status).ok()?;
    Some(ApiError::new(status, headers.clone(), body.clone()))
}

/// A variable of the server URL (`{name}` in [`crate::DEFAULT_BASE_URL`]), from the spec.
pub(crate) struct ServerVariable {
    /// Its name in the URL template.
    pub(crate) name: &'static str,
    /// The `ClientBuilder` method that sets it.
    pub(crate) setter: &'static str,
    /// The value used when none is set; `None`: it must be set.
    pub(crate) default: Option<&'static str>,
    /// The values allowed; empty: any.
    pub(crate) allowed: &'static [&'static str],
}

/// Fills the server URL `template` with the values set (else the defaults), each
/// percent-encoded as a path segment.
fn server_url(template: &str, values: &[(&'static str, String)]) -> Result<String> {
    let mut url = template.to_string();
    for variable in crate::SERVER_VARIABLES {
        let value = match values.iter().find(|(name, _)| *name == variable.name) {
            Some((_, value)) => value.as_str(),
            None => variable.default.ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "the server URL variable `{}` is not set: call ClientBuilder::{} (or give the whole URL to ClientBuilder::base_url)",
                    variable.name, variable.setter
                ))
            })?,
        };
        if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
            return Err(Error::InvalidRequest(format!(
                "`{value}` is not an allowed value of the server URL variable `{}` (allowed: {})",
                variable.name,
                variable.allowed.join(", ")
            )));
        }
        if value.is_empty() {
            return Err(Error::InvalidRequest(format!("the server URL variable `{}` is empty", variable.name)));
        }
        const UNRESERVED: &percent_encoding::AsciiSet =
            &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
        let encoded = percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string();
        url = url.replace(&format!("{{{}}}", variable.name), &encoded);
    }
    Ok(url)
}

/// The base URL requests go to: `given` when [`ClientBuilder::base_url`] set it (`set`), else the
/// spec's server URL ([`crate::DEFAULT_BASE_URL`]) with its variables filled. A spec's server URL
/// may be relative (`/api`, as FastAPI writes it behind a `root_path`): it is then a path under
/// the origin given to `base_url` (`http://127.0.0.1:8000` calls `http://127.0.0.1:8000/api/...`;
/// a URL with a path of its own is taken whole), and without one there is nowhere to send to.
fn base_url(given: String, set: bool, values: &[(&'static str, String)]) -> Result<String> {
    let spec = crate::DEFAULT_BASE_URL;
    let relative = !spec.is_empty() && !has_scheme(spec);
    if !set && relative {
        return Err(Error::InvalidRequest(format!(
            "the API's server URL `{spec}` is relative: call ClientBuilder::base_url with the server's origin (`http://host:port`), under which requests go to `{spec}`"
        )));
    }
    let url = if set { given } else { server_url(spec, values)? };
    if url.is_empty() {
        return Err(Error::InvalidRequest("no base URL: call ClientBuilder::base_url".into()));
    }
    let parsed = reqwest::Url::parse(&url).map_err(|e| Error::InvalidRequest(format!("invalid base URL `{url}`: {e}")))?;
    let origin_only = parsed.path() == "/" && parsed.query().is_none() && parsed.fragment().is_none();
    if !(set && relative && origin_only) {
        return Ok(url);
    }
    let path = server_url(spec, values)?;
    let joined = parsed
        .join(&path)
        .map_err(|e| Error::InvalidRequest(format!("the server URL `{path}` does not go under `{url}`: {e}")))?;
    Ok(joined.into())
}

/// Whether `url` starts with a scheme (`https:`), as an absolute URL does (RFC 3986).
fn has_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest(format!("the value of header `{name}` is not a valid header value")))
}

/// Settings for a [`Client`]: base URL, identity, timeouts.
#[must_use]
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    base_url_set: bool,
    url_variables: Vec<(&'static str, String)>,
    auth: Option<Auth>,
    identity_headers: Vec<(&'static str, HeaderValue)>,
    headers: HeaderMap,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
    #[cfg(feature = "middleware")]
    middleware: Middleware,
    retry: RetryPolicy,
    max_response_size: u64,
    error: Option<String>,
    /// What `from_env` could not take, by the setting it was for (an explicit setting clears it).
    env_errors: Vec<(&'static str, String)>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_size", &self.max_response_size)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// A builder with the API's default base URL and no identity.
    pub fn new() -> Self {
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.to_string(),
            base_url_set: false,
            url_variables: Vec::new(),
            auth: None,
            identity_headers: Vec::new(),
            headers: HeaderMap::new(),
            timeout: None,
            connect_timeout: None,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            http: None,
            #[cfg(feature = "middleware")]
            middleware: Middleware::None,
            retry: RetryPolicy::default(),
            max_response_size: Self::DEFAULT_MAX_RESPONSE_SIZE,
            error: None,
            env_errors: Vec::new(),
        }
    }

    /// The default of [`ClientBuilder::max_response_size`]: 64 MiB.
    pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 << 20;

    /// Refuses a response body larger than `bytes` (default:
    /// [`DEFAULT_MAX_RESPONSE_SIZE`](Self::DEFAULT_MAX_RESPONSE_SIZE), 64 MiB) with
    /// [`Error::ResponseTooLarge`], rather than holding whatever a server sends in memory. It
    /// applies to every body read into memory, error responses and [`Client::download`]
    /// included; [`Client::download_stream`] is not limited.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Sends requests to `url` instead of the default base URL (the server variables' setters
    /// then have no effect). Where the API's server URL is relative ([`crate::DEFAULT_BASE_URL`]
    /// is a path, `/api`), an origin (`http://127.0.0.1:8000`) is completed with that path
    /// (`http://127.0.0.1:8000/api`), and a URL with a path of its own is taken whole.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.env_errors.retain(|(setting, _)| *setting != "base_url");
        self.base_url = url.into();
        self.base_url_set = true;
        self
    }

    /// Sets the value of the server URL variable `name` (`{name}` in the default base URL).
    #[allow(dead_code)]
    pub(crate) fn url_variable(mut self, name: &'static str, value: String) -> Self {
        self.url_variables.retain(|(n, _)| *n != name);
        self.url_variables.push((name, value));
        self
    }

    /// Gives up on an attempt that takes longer than `timeout` in all: connecting, sending and
    /// reading the whole response (default: no limit); a call can override it with its
    /// builder's `timeout`.
    ///
    /// A stream's body is not bounded by it: for an operation that answers with a stream of
    /// events (`text/event-stream`), and for [`Client::download_stream`], it bounds connecting and
    /// the wait for the response head, and the stream then lives as long as the server keeps it
    /// open (bound its silences with the event stream's `idle_timeout`). A response head that
    /// does not come in time is [`Error::Timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries failed calls as `policy` says (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Gives up on connecting after `timeout`.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends `name: value` with every request.
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.error = Some(format!("invalid default header `{name}`")),
        }
        self
    }

    /// Uses `client` for HTTP (its own timeouts and headers apply; this builder's `timeout`,
    /// `connect_timeout`, `user_agent` and `default_header` are then ignored). A total timeout
    /// set on `client` itself also ends event streams when it runs out: set none there, and
    /// bound calls with a call's `timeout` instead.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends every request through `middleware` (a `reqwest-middleware` middleware: tracing,
    /// OpenTelemetry propagation, signing, caching, recording), after those added before. The
    /// client's own retries still apply: the stack sees every attempt, each retry included.
    /// The HTTP client under the stack is the one this builder makes (or
    /// [`http_client`](Self::http_client)). Replaces a [`middleware_client`](Self::middleware_client).
    #[cfg(feature = "middleware")]
    pub fn with_middleware(mut self, middleware: impl reqwest_middleware::Middleware) -> Self {
        let middleware: Arc<dyn reqwest_middleware::Middleware> = Arc::new(middleware);
        match &mut self.middleware {
            Middleware::Stack(stack) => stack.push(middleware),
            other => *other = Middleware::Stack(vec![middleware]),
        }
        self
    }

    /// Sends every request through `client`, a whole `reqwest-middleware` stack with its own
    /// HTTP client (this builder's `timeout` still bounds each attempt; its `connect_timeout`,
    /// `user_agent` and `default_header` are then ignored, as with
    /// [`http_client`](Self::http_client)). The client's own retries still apply: the stack sees
    /// every attempt. Replaces the middleware added with [`with_middleware`](Self::with_middleware).
    #[cfg(feature = "middleware")]
    pub fn middleware_client(mut self, client: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.middleware = Middleware::Client(client);
        self
    }

    /// Authenticates every request with `Authorization: Bearer <token>`, the token asked of
    /// `provider` before each attempt: any flow the client does not run itself (a token your code
    /// refreshes, a token exchange, a cloud's metadata service). A `401` asks it once more, for a
    /// fresh token. Replaces the other credentials set.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.env_errors.retain(|(setting, _)| *setting != "auth");
        self.auth = Some(Auth::Provider(Arc::new(provider)));
        self
    }

    /// [`token_provider`](Self::token_provider) with a closure called before each attempt,
    /// returning the token (without `Bearer `) or an error, which ends the call as
    /// [`Error::Auth`]:
    ///
    /// ```ignore
    /// let tokens = my_tokens.clone();
    /// let client = Client::builder().bearer_token_provider(move || {
    ///     let tokens = tokens.clone();
    ///     async move { tokens.current().await }
    /// }).build()?;
    /// ```
    pub fn bearer_token_provider<F, Fut, E>(self, provider: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = std::result::Result<String, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        self.token_provider(FnProvider(provider))
    }

    /// Sets the credentials sent in header `name`; the value is marked sensitive.
    #[allow(dead_code)]
    pub(crate) fn auth_header(mut self, name: &'static str, value: &str) -> Self {
        self.env_errors.retain(|(setting, _)| *setting != "auth");
        match HeaderValue::from_str(value) {
            Ok(mut value) => {
                value.set_sensitive(true);
                self.auth = Some(Auth::Header(HeaderName::from_static(name), value));
            }
            Err(_) => self.error = Some(format!("the credentials for `{name}` are not a valid header value")),
        }
        self
    }

    /// Sets the credentials sent in query parameter `name`.
    #[allow(dead_code)]
    pub(crate) fn auth_query(mut self, name: &'static str, value: &str) -> Self {
        self.env_errors.retain(|(setting, _)| *setting != "auth");
        self.auth = Some(Auth::Query(name, value.to_string()));
        self
    }

    /// Records what `from_env` could not take for `setting` (`base_url`, `auth` or a header):
    /// [`ClientBuilder::build`] fails with it unless an explicit setting replaces it.
    #[allow(dead_code)]
    pub(crate) fn env_error(mut self, setting: &'static str, message: String) -> Self {
        self.env_errors.retain(|(s, _)| *s != setting);
        self.env_errors.push((setting, message));
        self
    }

    /// Sets the client-wide value of the identity header `name`.
    #[allow(dead_code)]
    pub(crate) fn identity_header(mut self, name: &'static str, value: &str) -> Self {
        self.env_errors.retain(|(setting, _)| *setting != name);
        match HeaderValue::from_str(value) {
            Ok(value) => {
                self.identity_headers.retain(|(n, _)| *n != name);
                self.identity_headers.push((name, value));
            }
            Err(_) => self.error = Some(format!("the value of `{name}` is not a valid header value")),
        }
        self
    }

    /// Sets the client-wide value of the identity header `name`, a credential (`x-sensitive`):
    /// never printed.
    #[allow(dead_code)]
    pub(crate) fn sensitive_identity_header(self, name: &'static str, value: &str) -> Self {
        let mut builder = self.identity_header(name, value);
        if let Some((_, value)) = builder.identity_headers.iter_mut().find(|(n, _)| *n == name) {
            value.set_sensitive(true);
        }
        builder
    }

    /// Builds the client.
    ///
    /// Fails when a value given to the builder is invalid or the HTTP client cannot start.
    pub fn build(mut self) -> Result<Client> {
        if let Some((_, message)) = self.env_errors.into_iter().next() {
            return Err(Error::InvalidRequest(message));
        }
        if let Some(message) = self.error {
            return Err(Error::InvalidRequest(message));
        }
        self.base_url = base_url(self.base_url, self.base_url_set, &self.url_variables)?;
        #[cfg(feature = "middleware")]
        let middleware = std::mem::replace(&mut self.middleware, Middleware::None);
        let (http, timeout) = match self.http {
            Some(http) => (http, None),
            None => {
                let mut builder = reqwest::Client::builder().user_agent(self.user_agent).default_headers(self.headers);
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                (builder.build().map_err(Error::Transport)?, self.timeout)
            }
        };
        #[cfg(feature = "middleware")]
        let middleware = match middleware {
            Middleware::None => None,
            Middleware::Stack(stack) => Some(reqwest_middleware::ClientWithMiddleware::new(http.clone(), stack)),
            Middleware::Client(client) => Some(client),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                #[cfg(feature = "middleware")]
                middleware,
                http,
                base_url: self.base_url,
                auth: self.auth,
                identity_headers: self.identity_headers.into_iter().map(|(name, value)| (name, HeaderName::from_static(name), value)).collect(),
                retry: self.retry,
                max_response_size: self.max_response_size,
                timeout,
            }),
        })
    }
}

/// The chunks of a stream's `response`, a failure made an `E` by `transport`; with an idle
/// timeout, the wait for each chunk is bounded by it, and a silence that long ends the stream
/// with `idle(timeout)` (dropping the connection with it). Event streams and JSON lines read
/// their bodies through it.
#[allow(dead_code)] // used by the crates with streams
pub(crate) fn chunks<E: Send + 'static>(
    response: reqwest::Response,
    idle_timeout: Option<Duration>,
    transport: fn(reqwest::Error) -> E,
    idle: fn(Duration) -> E,
) -> futures::stream::BoxStream<'static, std::result::Result<bytes::Bytes, E>> {
    use futures::StreamExt;
    let chunks = response.bytes_stream().map(move |chunk| chunk.map_err(transport));
    match idle_timeout {
        None => chunks.boxed(),
        Some(timeout) => futures::stream::unfold(Some(chunks.boxed()), move |chunks| async move {
            let mut chunks = chunks?;
            match tokio::time::timeout(timeout, chunks.next()).await {
                Ok(Some(chunk)) => Some((chunk, Some(chunks))),
                Ok(None) => None,
                Err(_) => Some((Err(idle(timeout)), None)),
            }
        })
        .boxed(),
    }
}
