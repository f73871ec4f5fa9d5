//! Server-sent events: the body of an operation that answers `text/event-stream`, read as a
//! [`Stream`] of typed [`Event`]s as it arrives.
//!
//! The wire format (events split across chunks, multi-line `data`, comments and keep-alives,
//! `id:` and `retry:`) is parsed by the `sse-stream` crate; this file types the events and keeps
//! a long-lived stream alive: an idle timeout ([`EventStream::idle_timeout`]) and reconnection
//! with backoff and `Last-Event-ID` ([`EventStream::reconnect`]), both opt-in.
//!
//! This file is the same in every crate the generator writes that needs it.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::stream::{BoxStream, Stream, StreamExt};
use serde::de::DeserializeOwned;

use crate::request::Request;
use crate::{Client, Error, Result};

/// One event of a stream: its `data` decoded, with the `id` and event name the server gave it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's `data`, decoded.
    pub data: T,
    /// The event's `id`, when the server marks it with one (what a reconnection resumes from).
    pub id: Option<String>,
    /// The event's name (`event:`); `message` when the server names none.
    pub name: String,
}

/// How an [`EventStream`] reconnects after the connection is lost (the server closed it, the
/// network failed, or nothing arrived within the idle timeout).
///
/// It waits `initial_delay` (or what the server asked for with `retry:`), doubling after each
/// failed attempt up to `max_delay`, and resends the request with `Last-Event-ID` set to the
/// last event id received, so that the server resumes after it. An event the server sends again
/// with that same id is skipped: none is lost or repeated when the server marks them with ids.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reconnect {
    /// The wait before the first attempt (default: 1 s).
    pub initial_delay: Duration,
    /// The longest wait between attempts (default: 30 s).
    pub max_delay: Duration,
    /// How many attempts in a row may fail before the stream ends with the last error
    /// (default: 10); `None`: no limit.
    pub max_attempts: Option<u32>,
}

impl Default for Reconnect {
    fn default() -> Self {
        Reconnect { initial_delay: Duration::from_secs(1), max_delay: Duration::from_secs(30), max_attempts: Some(10) }
    }
}

impl Reconnect {
    /// The default policy: from 1 s up to 30 s between attempts, 10 failed attempts in a row at most.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the wait before the first attempt.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Sets the longest wait between attempts.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets how many attempts in a row may fail (`None`: no limit).
    pub fn max_attempts(mut self, attempts: Option<u32>) -> Self {
        self.max_attempts = attempts;
        self
    }
}

type Chunks = BoxStream<'static, std::result::Result<bytes::Bytes, ChunkError>>;
type Blocks = sse_stream::SseByteStream<Chunks>;

/// Why the bytes of a stream stopped: the transport failed, or nothing came for too long.
#[derive(Debug)]
enum ChunkError {
    Transport(reqwest::Error),
    Idle(Duration),
}

impl fmt::Display for ChunkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkError::Transport(e) => e.fmt(f),
            ChunkError::Idle(after) => write!(f, "nothing received for {after:?}"),
        }
    }
}

impl std::error::Error for ChunkError {}

/// The events of a `text/event-stream` response, as a [`Stream`] of `Result<Event<T>>`.
///
/// An event whose `data` does not decode is an [`Error::Decode`] item and the stream goes on; a
/// comment or keep-alive yields nothing; an event whose `data` is `[DONE]` (how LLM APIs end a
/// stream) ends it, without reconnecting. Without [`reconnect`](Self::reconnect) the stream ends
/// when the server closes the connection (a half-sent last event is dropped) or with the error
/// that broke it. Dropping the stream closes the connection.
///
/// The client's timeout (or the call's `timeout`) bounds connecting and the wait for the
/// response head, of the first request and of each reconnection ([`Error::Timeout`]), never the
/// stream's life: a healthy stream lasts as long as the server keeps it open, and only
/// [`idle_timeout`](Self::idle_timeout) takes a silent one as lost.
#[must_use = "streams do nothing unless polled"]
pub struct EventStream<T> {
    state: Option<State>,
    running: Option<BoxStream<'static, Result<Event<T>>>>,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("EventStream");
        if let Some(state) = &self.state {
            d.field("idle_timeout", &state.idle_timeout).field("reconnect", &state.reconnect);
        }
        d.field("started", &self.running.is_some()).finish_non_exhaustive()
    }
}

/// What a stream needs to read events and to connect again.
struct State {
    client: Client,
    /// Where a JSON answer carries an error's status (`x-error-status-in-body`).
    status_in_body: Option<&'static str>,
    /// The request as first sent, to send again (with `Last-Event-ID`).
    request: reqwest::Request,
    /// Sent without the client's credentials (`security: []`), reconnections too.
    anonymous: bool,
    /// The response as opened, read from the first poll on.
    opened: Option<reqwest::Response>,
    blocks: Option<Blocks>,
    idle_timeout: Option<Duration>,
    reconnect: Option<Reconnect>,
    last_id: Option<String>,
    /// The wait the server asked for (`retry:`).
    server_retry: Option<Duration>,
    /// Failed connection attempts in a row.
    failures: u32,
    /// The id last seen before the connection was lost: an event carrying it again is skipped.
    resumed_from: Option<String>,
    finished: bool,
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    /// Sends `request` and, on a success status, returns the stream of its events with the
    /// response's status and headers (its body is the stream: the response's `body_bytes()` is
    /// empty); an error status is the API's error, as for any call.
    pub(crate) async fn open(client: Client, request: Request) -> Result<crate::Response<Self>> {
        let status_in_body = request.error_status_in_body;
        let anonymous = request.anonymous;
        let mut wire = client.prepare(request)?;
        wire.headers_mut().insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static("text/event-stream"));
        wire.headers_mut().insert(reqwest::header::CACHE_CONTROL, reqwest::header::HeaderValue::from_static("no-cache"));
        let Some(again) = wire.try_clone() else {
            return Err(Error::InvalidRequest("an event stream request must be repeatable".into()));
        };
        // The token provider's token, if the client has one and the operation needs it: asked
        // again at each reconnection.
        if !anonymous {
            client.authorize(&mut wire, None).await?;
        }
        let response = client.open_stream(wire).await?;
        let response = client.check_stream_head(response, status_in_body).await?;
        let head = crate::client::Reply { status: response.status(), headers: response.headers().clone(), body: bytes::Bytes::new() };
        let state = State {
            client,
            status_in_body,
            request: again,
            anonymous,
            opened: Some(response),
            blocks: None,
            idle_timeout: None,
            reconnect: None,
            last_id: None,
            server_retry: None,
            failures: 0,
            resumed_from: None,
            finished: false,
        };
        head.into_response(|_| Ok(EventStream { state: Some(state), running: None }))
    }

    /// Takes the connection as lost when nothing arrives (no event, no keep-alive) for
    /// `timeout`: the stream then reconnects if [`reconnect`](Self::reconnect) is on, else ends
    /// with [`Error::Idle`]. Off by default; a listener that waits for a bot's replies may want
    /// 60 s, as the official client does.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        if let Some(state) = &mut self.state {
            state.idle_timeout = Some(timeout);
        }
        self
    }

    /// Reconnects when the connection is lost, as `policy` says, resuming after the last event
    /// id received (`Last-Event-ID`). Off by default.
    pub fn reconnect(mut self, policy: Reconnect) -> Self {
        if let Some(state) = &mut self.state {
            state.reconnect = Some(policy);
        }
        self
    }

    fn start(state: State) -> BoxStream<'static, Result<Event<T>>> {
        futures::stream::unfold((state, VecDeque::new()), |(mut state, mut queue): (State, VecDeque<Result<Event<T>>>)| async move {
            loop {
                if let Some(item) = queue.pop_front() {
                    return Some((item, (state, queue)));
                }
                if state.finished {
                    return None;
                }
                state.step(&mut queue).await;
            }
        })
        // Polled again after its end, it stays ended.
        .fuse()
        .boxed()
    }
}

impl State {
    /// Reads the next block (or reconnects), pushing what the caller should see onto `out`.
    async fn step<T: DeserializeOwned>(&mut self, out: &mut VecDeque<Result<Event<T>>>) {
        if let Some(response) = self.opened.take() {
            self.blocks = Some(blocks(response, self.idle_timeout));
        }
        let Some(blocks) = self.blocks.as_mut() else {
            self.connect_again(out).await;
            return;
        };
        match blocks.next().await {
            Some(Ok(block)) => self.block(block, out),
            Some(Err(error)) => self.lost(stream_error(error), out),
            // The server closed the connection: the end, unless we reconnect.
            None => {
                self.blocks = None;
                if self.reconnect.is_none() {
                    self.finished = true;
                }
            }
        }
    }

    fn block<T: DeserializeOwned>(&mut self, block: sse_stream::Sse, out: &mut VecDeque<Result<Event<T>>>) {
        self.failures = 0;
        if let Some(retry) = block.retry {
            self.server_retry = Some(Duration::from_millis(retry));
        }
        if let Some(id) = &block.id {
            // An empty id resets the last event id (as EventSource does).
            self.last_id = Some(id.clone()).filter(|id| !id.is_empty());
        }
        // Blocks with no data (only `id:` or `retry:`) carry no event.
        let Some(data) = block.data else { return };
        if data.trim() == "[DONE]" {
            // How LLM APIs end a stream: the end, cleanly (the connection is dropped, and a
            // stream that reconnects does not).
            self.blocks = None;
            self.finished = true;
            return;
        }
        if let (Some(id), Some(seen)) = (&block.id, &self.resumed_from) {
            if id == seen {
                // Sent again after a reconnection: the caller already has it.
                return;
            }
        }
        self.resumed_from = None;
        let name = block.event.filter(|e| !e.is_empty()).unwrap_or_else(|| "message".to_string());
        let item = serde_json::from_str::<T>(&data).map(|data| Event { data, id: block.id, name }).map_err(|source| Error::Decode {
            status: reqwest::StatusCode::OK,
            source,
            body: crate::error::snippet(data.as_bytes()),
        });
        out.push_back(item);
    }

    /// The connection broke with `error`: reconnect, or end the stream with it.
    fn lost<T>(&mut self, error: Error, out: &mut VecDeque<Result<Event<T>>>) {
        self.blocks = None;
        if self.reconnect.is_none() {
            self.finished = true;
            out.push_back(Err(error));
        } else {
            tracing::debug!(error = %error, "event stream lost; reconnecting");
        }
    }

    async fn connect_again<T>(&mut self, out: &mut VecDeque<Result<Event<T>>>) {
        let Some(policy) = self.reconnect.clone() else {
            self.finished = true;
            return;
        };
        let backoff = policy.initial_delay.saturating_mul(1u32 << self.failures.min(16)).min(policy.max_delay);
        let wait = match (self.failures, self.server_retry) {
            (0, Some(server)) => server,
            _ => backoff,
        };
        tokio::time::sleep(wait).await;
        let Some(mut wire) = self.request.try_clone() else {
            self.finished = true;
            out.push_back(Err(Error::InvalidRequest("the request cannot be repeated".into())));
            return;
        };
        if let Some(id) = &self.last_id {
            match reqwest::header::HeaderValue::from_str(id) {
                Ok(value) => {
                    wire.headers_mut().insert("last-event-id", value);
                }
                Err(_) => tracing::debug!("the last event id is not a valid header value; resuming without it"),
            }
        }
        let authorized = match self.anonymous {
            true => Ok(None),
            false => self.client.authorize(&mut wire, None).await,
        };
        let opened = match authorized {
            Ok(_) => self.client.open_stream(wire).await,
            Err(error) => Err(error),
        };
        let opened = match opened {
            Ok(response) => self.client.check_stream_head(response, self.status_in_body).await,
            Err(error) => Err(error),
        };
        match opened {
            Ok(response) => {
                self.blocks = Some(blocks(response, self.idle_timeout));
                self.resumed_from = self.last_id.clone();
            }
            Err(error) => {
                self.failures += 1;
                if policy.max_attempts.is_some_and(|max| self.failures >= max) {
                    self.finished = true;
                    out.push_back(Err(error));
                } else {
                    tracing::debug!(error = %error, attempt = self.failures, "event stream reconnection failed");
                }
            }
        }
    }
}

/// The event blocks of `response`; with an idle timeout, the wait for each chunk of bytes (a
/// keep-alive comment counts) is bounded by it.
fn blocks(response: reqwest::Response, idle_timeout: Option<Duration>) -> Blocks {
    let chunks: Chunks = crate::client::chunks(response, idle_timeout, ChunkError::Transport, ChunkError::Idle);
    sse_stream::SseByteStream::new(chunks)
}

/// An error of the event-stream parser as the crate's error.
fn stream_error(error: sse_stream::Error) -> Error {
    match error {
        sse_stream::Error::Body(source) => match source.downcast::<ChunkError>() {
            Ok(error) => match *error {
                ChunkError::Transport(error) => Error::Transport(error),
                ChunkError::Idle(after) => Error::Idle(after),
            },
            Err(other) => Error::InvalidRequest(format!("the event stream broke: {other}")),
        },
        other => Error::Decode {
            status: reqwest::StatusCode::OK,
            source: serde::de::Error::custom(format!("invalid event stream: {other}")),
            body: String::new(),
        },
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for EventStream<T> {
    type Item = Result<Event<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.running.is_none() {
            match self.state.take() {
                Some(state) => self.running = Some(Self::start(state)),
                None => return Poll::Ready(None),
            }
        }
        match self.running.as_mut() {
            Some(running) => running.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}
