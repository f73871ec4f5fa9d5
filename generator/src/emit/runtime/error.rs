//! Errors: the API's own error kept apart from transport and decoding failures.
//!
//! This file is the same in every crate the generator writes.

use std::fmt;

/// What went wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status.
    Api(ApiError),
    /// The request could not be sent, or the response could not be read.
    Transport(reqwest::Error),
    /// A success response whose body is not what the API documents.
    Decode {
        /// HTTP status of the response.
        status: reqwest::StatusCode,
        /// What did not match.
        source: serde_json::Error,
        /// The start of the body.
        body: String,
    },
    /// The request could not be built from the values given (nothing was sent).
    InvalidRequest(String),
    /// The response body is larger than the client accepts
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size)); it was
    /// not read further.
    ResponseTooLarge {
        /// HTTP status of the response.
        status: reqwest::StatusCode,
        /// The limit it went over, in bytes.
        limit: u64,
    },
    /// A stream of events sent nothing, not even a keep-alive, for this long (its idle
    /// timeout): the connection is taken as lost.
    Idle(std::time::Duration),
    /// No response head arrived within this timeout (the call's, else the client's) for a
    /// request whose body is a stream (events, [`Client::download_stream`](crate::Client::download_stream)).
    /// A plain call's timeout is a [`Error::Transport`] error whose `is_timeout()` is true.
    Timeout(std::time::Duration),
    /// A middleware of the client's stack failed (feature `middleware`,
    /// [`ClientBuilder::with_middleware`](crate::ClientBuilder)); not retried.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
    /// No token to authenticate with: the token provider failed, or the OAuth2 token endpoint
    /// refused the client's credentials (nothing was sent to the API).
    Auth(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// The API's error, if the API answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, if a response arrived.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::InvalidRequest(_) | Error::Idle(_) | Error::Timeout(_) | Error::Middleware(_) | Error::Auth(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Transport(e) => write!(f, "HTTP transport error: {e}"),
            Error::Decode { status, source, body } => {
                write!(f, "cannot decode the {status} response: {source}; body starts with: {body}")
            }
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::ResponseTooLarge { status, limit } => {
                write!(f, "the {status} response body is larger than {limit} bytes, the limit of ClientBuilder::max_response_size")
            }
            Error::Idle(after) => write!(f, "the event stream sent nothing for {after:?}: the connection is taken as lost"),
            Error::Timeout(after) => write!(f, "no response within {after:?} (the timeout)"),
            Error::Middleware(e) => write!(f, "middleware error: {e}"),
            Error::Auth(e) => write!(f, "cannot authenticate: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Middleware(e) | Error::Auth(e) => Some(e.as_ref()),
            Error::Api(_) | Error::InvalidRequest(_) | Error::ResponseTooLarge { .. } | Error::Idle(_) | Error::Timeout(_) => None,
        }
    }
}

/// An error response from the API: its status, headers and body.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: reqwest::StatusCode,
    headers: Box<reqwest::header::HeaderMap>,
    body: Option<Box<crate::ErrorBody>>,
    raw: String,
    bytes: bytes::Bytes,
}

impl ApiError {
    pub(crate) fn new(status: reqwest::StatusCode, headers: reqwest::header::HeaderMap, body: bytes::Bytes) -> Self {
        ApiError {
            status,
            headers: Box::new(headers),
            body: serde_json::from_slice(&body).ok().map(Box::new),
            raw: snippet(&body),
            bytes: body,
        }
    }

    /// HTTP status of the response.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The response's headers (a request id, rate limits, `Retry-After`).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The id the server gave the request, for a support ticket: the first of the headers
    /// `x-request-id`, `request-id`, `x-amzn-requestid` the response has.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The whole response body, as it came.
    pub fn body_bytes(&self) -> &bytes::Bytes {
        &self.bytes
    }

    /// The error body the API documents, when the response carried one.
    ///
    /// `None` when the body is something else (an HTML page from a proxy, nothing at all): see
    /// [`ApiError::raw_body`].
    pub fn body(&self) -> Option<&crate::ErrorBody> {
        self.body.as_deref()
    }

    /// The start of the response body as text.
    pub fn raw_body(&self) -> &str {
        &self.raw
    }

    /// The body decoded as `T`. An operation whose error responses have other shapes than
    /// [`crate::ErrorBody`] has an enum of them by status (`<Operation>Error::from_api`, see the
    /// operation's documentation), which picks `T` from the status.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.bytes).ok()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        if !self.raw.is_empty() {
            write!(f, ": {}", self.raw)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The headers a server names the request's id with, in the order they are looked for.
pub(crate) const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "x-amzn-requestid"];

/// The request id in `headers`: the value of the first of [`REQUEST_ID_HEADERS`] present (and
/// readable as text).
pub(crate) fn request_id(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS.iter().find_map(|name| headers.get(*name)?.to_str().ok())
}

/// The first 1,000 characters of `body`, lossily decoded.
pub(crate) fn snippet(body: &[u8]) -> String {
    const MAX: usize = 1000;
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}
