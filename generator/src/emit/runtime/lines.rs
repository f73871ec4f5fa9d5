//! Streams of JSON values: the body of an operation that answers `application/x-ndjson`,
//! `application/jsonl` (one value a line) or `application/json-seq` (RFC 7464: one value a
//! record, each after an `RS` byte), read as a [`Stream`] of typed items as it arrives.
//!
//! What the event streams of `sse.rs` guarantee holds here too: a value split across chunks
//! anywhere (inside a UTF-8 character too) is put together; a line that does not decode is an
//! error item and the stream goes on; an idle timeout takes a silent stream as lost; dropping the
//! stream closes the connection; the client's timeouts bound only connecting and the response
//! head (`Client::open_stream`). The line `[DONE]`, with which some APIs end a stream, ends it.
//! A stream of values has no ids to resume from, so it does not reconnect.
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

/// How the values of a stream are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// One value a line (`\n`, or `\r\n`); blank lines are skipped.
    Lines,
    /// One value a record: each starts with the `RS` byte (0x1E) and may span lines.
    JsonSeq,
}

/// The record separator of `application/json-seq`.
const RS: u8 = 0x1E;

/// The line that ends a stream as some APIs write it (after the last value).
const DONE: &[u8] = b"[DONE]";

/// The values of a stream of JSON lines (or records), as a [`Stream`] of `Result<T>`.
///
/// A line that does not decode as `T` is an [`Error::Decode`] item and the stream goes on. The
/// stream ends when the server closes the connection (a last line without its newline is read
/// if it is whole, else it is an error item), at a `[DONE]` line, or with the error that broke
/// it (the transport's, [`Error::Idle`], or [`Error::ResponseTooLarge`] for a line longer than
/// [`max_line`](Self::max_line)). Dropping the stream closes the connection.
///
/// The client's timeout (or the call's `timeout`) bounds connecting and the wait for the
/// response head ([`Error::Timeout`]), never the stream's life; only
/// [`idle_timeout`](Self::idle_timeout) takes a silent one as lost.
#[must_use = "streams do nothing unless polled"]
pub struct JsonLines<T> {
    state: Option<State>,
    running: Option<BoxStream<'static, Result<T>>>,
}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("JsonLines");
        if let Some(state) = &self.state {
            d.field("framing", &state.framing).field("idle_timeout", &state.idle_timeout).field("max_line", &state.max_line);
        }
        d.field("started", &self.running.is_some()).finish_non_exhaustive()
    }
}

/// What a stream needs to read its values.
struct State {
    framing: Framing,
    response: Option<reqwest::Response>,
    chunks: Option<BoxStream<'static, std::result::Result<bytes::Bytes, Error>>>,
    idle_timeout: Option<Duration>,
    max_line: usize,
    /// The bytes of the value being received.
    pending: Vec<u8>,
    finished: bool,
}

impl<T: DeserializeOwned + Send + 'static> JsonLines<T> {
    /// The default of [`max_line`](Self::max_line): 16 MiB.
    pub const DEFAULT_MAX_LINE: usize = 16 * 1024 * 1024;

    /// Sends `request` (asking for `media`) and, on a success status, returns the stream of its
    /// values with the response's status and headers (its body is the stream: the response's
    /// `body_bytes()` is empty); an error status is the API's error, as for any call.
    pub(crate) async fn open(client: Client, request: Request, media: &'static str, framing: Framing) -> Result<crate::Response<Self>> {
        let status_in_body = request.error_status_in_body;
        let anonymous = request.anonymous;
        let mut wire = client.prepare(request)?;
        wire.headers_mut().insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static(media));
        // The token provider's token, if the client has one and the operation needs it.
        if !anonymous {
            client.authorize(&mut wire, None).await?;
        }
        let response = client.open_stream(wire).await?;
        let response = client.check_stream_head(response, status_in_body).await?;
        let head = crate::client::Reply { status: response.status(), headers: response.headers().clone(), body: bytes::Bytes::new() };
        let state = State {
            framing,
            response: Some(response),
            chunks: None,
            idle_timeout: None,
            max_line: Self::DEFAULT_MAX_LINE,
            pending: Vec::new(),
            finished: false,
        };
        head.into_response(|_| Ok(JsonLines { state: Some(state), running: None }))
    }

    /// Takes the connection as lost when no bytes arrive for `timeout`: the stream then ends
    /// with [`Error::Idle`]. Off by default.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        if let Some(state) = &mut self.state {
            state.idle_timeout = Some(timeout);
        }
        self
    }

    /// The longest line (or record) read, in bytes; a longer one ends the stream with
    /// [`Error::ResponseTooLarge`] (default: [`DEFAULT_MAX_LINE`](Self::DEFAULT_MAX_LINE)).
    pub fn max_line(mut self, bytes: usize) -> Self {
        if let Some(state) = &mut self.state {
            state.max_line = bytes;
        }
        self
    }

    fn start(state: State) -> BoxStream<'static, Result<T>> {
        futures::stream::unfold((state, VecDeque::new()), |(mut state, mut queue): (State, VecDeque<Result<T>>)| async move {
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
    /// Reads the next chunk, pushing the values it completes onto `out`.
    async fn step<T: DeserializeOwned>(&mut self, out: &mut VecDeque<Result<T>>) {
        if let Some(response) = self.response.take() {
            self.chunks = Some(crate::client::chunks(response, self.idle_timeout, Error::Transport, Error::Idle));
        }
        let Some(chunks) = self.chunks.as_mut() else {
            self.finished = true;
            return;
        };
        match chunks.next().await {
            Some(Ok(chunk)) => self.chunk(&chunk, out),
            Some(Err(error)) => self.end(Some(error), out),
            // The server closed the connection: what is left is the last value (a last line
            // without its newline), whole or cut short.
            None => {
                let rest = std::mem::take(&mut self.pending);
                self.value(&rest, true, out);
                self.end(None, out);
            }
        }
    }

    fn chunk<T: DeserializeOwned>(&mut self, chunk: &[u8], out: &mut VecDeque<Result<T>>) {
        let separator = match self.framing {
            Framing::Lines => b'\n',
            Framing::JsonSeq => RS,
        };
        let mut rest = chunk;
        while let Some(at) = rest.iter().position(|b| *b == separator) {
            let (head, tail) = (&rest[..at], &rest[at + 1..]);
            rest = tail;
            if self.pending.len() + head.len() > self.max_line {
                self.too_long(out);
                return;
            }
            if self.pending.is_empty() {
                self.value(head, false, out);
            } else {
                self.pending.extend_from_slice(head);
                let line = std::mem::take(&mut self.pending);
                self.value(&line, false, out);
            }
            if self.finished {
                return;
            }
        }
        self.pending.extend_from_slice(rest);
        // A record of `json-seq` ends with a newline: read it then, not when the next one starts.
        if self.framing == Framing::JsonSeq && self.pending.last() == Some(&b'\n') {
            if let Ok(value) = serde_json::from_slice::<T>(self.pending.trim_ascii()) {
                self.pending.clear();
                out.push_back(Ok(value));
            }
        }
        if self.pending.len() > self.max_line {
            self.too_long(out);
        }
    }

    /// A line longer than the limit: the end of the stream (where the next value starts is not
    /// known without reading the rest of this one).
    fn too_long<T>(&mut self, out: &mut VecDeque<Result<T>>) {
        self.pending = Vec::new();
        self.end(Some(Error::ResponseTooLarge { status: reqwest::StatusCode::OK, limit: self.max_line as u64 }), out);
    }

    /// Decodes one line (or record) onto `out`: a value, or an error item (the stream goes
    /// on); blank ones are skipped, `[DONE]` ends the stream. `last`: what was left when the
    /// connection closed, which may be cut short.
    fn value<T: DeserializeOwned>(&mut self, line: &[u8], last: bool, out: &mut VecDeque<Result<T>>) {
        let line = line.trim_ascii();
        if line.is_empty() {
            return;
        }
        if line == DONE {
            self.end(None, out);
            return;
        }
        let item = serde_json::from_slice::<T>(line).map_err(|source| {
            let source = match last && source.is_eof() {
                true => serde::de::Error::custom(format!("the stream ended in the middle of a value: {source}")),
                false => source,
            };
            Error::Decode { status: reqwest::StatusCode::OK, source, body: crate::error::snippet(line) }
        });
        out.push_back(item);
    }

    /// The end of the stream, with `error` as its last item; the connection is dropped.
    fn end<T>(&mut self, error: Option<Error>, out: &mut VecDeque<Result<T>>) {
        self.chunks = None;
        self.finished = true;
        out.extend(error.map(Err));
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for JsonLines<T> {
    type Item = Result<T>;

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
