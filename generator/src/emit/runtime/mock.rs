//! Typed mocks for the tests of code that uses this crate (the `mock` feature): a [`MockServer`]
//! on loopback with one method per operation (the same arguments as the [`Client`] method), each
//! giving an [`Expectation`] to answer.
//!
//! An expectation matches exactly what the client sends, because it is made by the client: the
//! operation's request builder is sent once to a recorder (a second loopback server), and the
//! request that arrives there — method, path, query, identity and parameter headers, body, all
//! encoded by the same code as every real call — is what the mock then expects. A request that
//! matches no expectation is answered `404` with a report naming the closest expectation and
//! every difference, and fails the test when the [`MockServer`] is dropped.
//!
//! This file is the same in every crate the generator writes; `mock/operations.rs` holds the
//! per-operation methods. Underneath is [`wiremock`].

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::{Client, ClientBuilder, RetryPolicy};

mod operations;

pub use wiremock::ResponseTemplate;

/// Headers the recorder sees that say nothing about the call (connection, size, agent).
const IGNORED_HEADERS: &[&str] = &["host", "user-agent", "content-length", "accept-encoding", "connection"];

/// A mock of the API on loopback: set expectations with its per-operation methods
/// (`mock.get_user(id).respond(..).await`), point the code under test at [`MockServer::client`].
///
/// Dropped, it fails the test (panics) if a request matched no expectation, or if an
/// expectation's [`Expectation::times`] was not met.
pub struct MockServer {
    server: wiremock::MockServer,
    recorder: wiremock::MockServer,
    expected: Arc<Mutex<Vec<Arc<Expected>>>>,
    unmatched: Arc<Mutex<Vec<String>>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("uri", &self.server.uri()).finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a mock server (and its recorder) on loopback.
    pub async fn start() -> Self {
        let server = wiremock::MockServer::start().await;
        let recorder = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&recorder)
            .await;
        let expected: Arc<Mutex<Vec<Arc<Expected>>>> = Arc::default();
        let unmatched: Arc<Mutex<Vec<String>>> = Arc::default();
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Unmatched { expected: expected.clone(), unmatched: unmatched.clone() })
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        MockServer { server, recorder, expected, unmatched }
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A builder of clients pointed at the mock, retries off (add credentials, identity, ...).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder().base_url(self.server.uri()).retry(RetryPolicy::none())
    }

    /// A client pointed at the mock (no credentials, no identity, retries off).
    pub fn client(&self) -> Client {
        // Nothing in this builder can be invalid: a loopback URL and defaults.
        match self.client_builder().build() {
            Ok(client) => client,
            Err(e) => panic!("the mock's client: {e}"),
        }
    }

    /// The reports of the requests that matched no expectation so far, taken (the drop check
    /// then no longer sees them): to assert on a mismatch in a test.
    pub fn take_unmatched(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.unmatched))
    }

    /// Checks now that every expectation's [`Expectation::times`] was met (the drop does too).
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    fn recorder_client(&self) -> Client {
        match Client::builder().base_url(self.recorder.uri()).retry(RetryPolicy::none()).build() {
            Ok(client) => client,
            Err(e) => panic!("the mock's recorder client: {e}"),
        }
    }

    /// Sends a request builder to the recorder; returns what arrived.
    async fn record(&self, label: &'static str, send: Pin<Box<dyn Future<Output = ()> + Send>>) -> Expected {
        let before = self.recorder.received_requests().await.map_or(0, |r| r.len());
        send.await;
        let requests = self.recorder.received_requests().await.unwrap_or_default();
        let Some(request) = requests.get(before) else {
            panic!("the mock could not record `{label}`: the client refused to send it (an invalid argument?)")
        };
        let multipart = header(request, "content-type").is_some_and(|v| v.starts_with("multipart/"));
        let mut headers: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .filter(|(k, _)| !(IGNORED_HEADERS.contains(&k.as_str()) || (multipart && k == "content-type")))
            .collect();
        headers.sort();
        Expected {
            label,
            method: request.method.to_string(),
            path: request.url.path().to_string(),
            query: sorted_query(&request.url),
            headers,
            body: if multipart { None } else { Some(request.body.clone()) },
        }
    }

    async fn mount(&self, expected: Expected, response: ResponseTemplate, times: Option<u64>) {
        let expected = Arc::new(expected);
        lock(&self.expected).push(expected.clone());
        let mut mock = wiremock::Mock::given(Matches(expected.clone())).respond_with(response);
        if let Some(n) = times {
            mock = mock.up_to_n_times(n).expect(n);
        }
        mock.named(expected.label).mount(&self.server).await;
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let unmatched = std::mem::take(&mut *lock(&self.unmatched));
        if !unmatched.is_empty() && !std::thread::panicking() {
            panic!("{} request(s) matched no expectation of the mock:\n\n{}", unmatched.len(), unmatched.join("\n\n"));
        }
    }
}

/// The sending of one operation's request builder ([`Replay::replay`]).
type SendFn<B> = fn(B) -> Pin<Box<dyn Future<Output = ()> + Send>>;

/// An operation's request builder, which the mock sends to its recorder to learn the request an
/// expectation matches: every builder is one (the runtime's `per_call_options!` says so).
pub(crate) trait Replay: Sized {
    /// Sends the request, dropping whatever comes back.
    fn replay(self) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// What a list operation's expectation needs to serve pages: set the page token on the builder,
/// read the next token from a page.
struct Paging<B, R> {
    set_token: fn(B, String) -> B,
    next_token: fn(&R) -> Option<String>,
}

/// An expected call of one operation, with the arguments given to the mock's method: narrow it
/// with [`Expectation::with`] (optional parameters, a call's identity headers), bound it with
/// [`Expectation::times`], then answer it with [`Expectation::respond`],
/// [`Expectation::respond_error`], [`Expectation::pages`] or [`Expectation::respond_with`].
#[must_use = "an expectation does nothing until it is answered (`respond(..).await`)"]
pub struct Expectation<'a, B, R> {
    mock: &'a MockServer,
    label: &'static str,
    builder: B,
    send: SendFn<B>,
    times: Option<u64>,
    paging: Option<Paging<B, R>>,
    _response: PhantomData<fn() -> R>,
}

impl<'a, B, R> Expectation<'a, B, R> {
    pub(crate) fn new(mock: &'a MockServer, label: &'static str, builder: B) -> Self
    where
        B: Replay,
    {
        Expectation { mock, label, builder, send: B::replay, times: None, paging: None, _response: PhantomData }
    }
}

impl<'a, B: Clone, R: Serialize> Expectation<'a, B, R> {
    #[allow(dead_code)] // list operations only
    pub(crate) fn paging(mut self, set_token: fn(B, String) -> B, next_token: fn(&R) -> Option<String>) -> Self {
        self.paging = Some(Paging { set_token, next_token });
        self
    }

    /// Changes the expected request with the operation's builder setters, as the code under test
    /// would: `.with(|call| call.limit(10).bot_id("bot_1"))`.
    pub fn with(mut self, change: impl FnOnce(B) -> B) -> Self {
        self.builder = change(self.builder);
        self
    }

    /// Expects exactly `n` such calls: more are unmatched, fewer fail the test when the mock is
    /// dropped (or at [`MockServer::verify`]). Without it, any number is answered.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers `200` with `response` as JSON.
    pub async fn respond(self, response: R) {
        let template = ResponseTemplate::new(200).set_body_json(&response);
        self.respond_with(template).await;
    }

    /// Answers `status` with `body` as JSON (the API's [`ErrorBody`](crate::ErrorBody), say).
    pub async fn respond_error(self, status: u16, body: impl Serialize) {
        self.respond_with(ResponseTemplate::new(status).set_body_json(body)).await;
    }

    /// Answers with `template` as it is: any status, headers, raw body or delay.
    pub async fn respond_with(self, template: ResponseTemplate) {
        let expected = self.mock.record(self.label, (self.send)(self.builder.clone())).await;
        self.mock.mount(expected, template, self.times).await;
    }

    /// Serves `pages` in order to a list operation: the first to the call as given, each next one
    /// to the call with the page token the previous page gives (as `into_stream` follows them).
    /// Each page is expected once. Panics on an operation that does not page, or when a page
    /// other than the last gives no next token.
    pub async fn pages(self, pages: impl IntoIterator<Item = R>) {
        let Some(paging) = &self.paging else { panic!("`{}` does not page (no x-pagination)", self.label) };
        let pages: Vec<R> = pages.into_iter().collect();
        let mut token: Option<String> = None;
        for (i, page) in pages.iter().enumerate() {
            let builder = match token.take() {
                Some(token) => (paging.set_token)(self.builder.clone(), token),
                None => self.builder.clone(),
            };
            let expected = self.mock.record(self.label, (self.send)(builder)).await;
            self.mock.mount(expected, ResponseTemplate::new(200).set_body_json(page), Some(1)).await;
            token = (paging.next_token)(page);
            if token.is_none() && i + 1 < pages.len() {
                panic!("page {} of `{}` gives no next token: the client would stop there", i + 1, self.label);
            }
        }
    }
}

/// An expected call of an operation that answers with a stream of events (`text/event-stream`),
/// with the arguments given to the mock's method: narrow it with [`EventsExpectation::with`],
/// bound it with [`EventsExpectation::times`], then answer it with a script of events
/// ([`EventsExpectation::respond_events`]), an error ([`EventsExpectation::respond_error`]) or
/// anything ([`EventsExpectation::respond_with`]).
#[must_use = "an expectation does nothing until it is answered (`respond_events(..).await`)"]
pub struct EventsExpectation<'a, B, T> {
    inner: Expectation<'a, B, serde_json::Value>,
    _event: PhantomData<fn() -> T>,
}

impl<'a, B, T> EventsExpectation<'a, B, T> {
    #[allow(dead_code)] // operations that answer with server-sent events only
    pub(crate) fn new(mock: &'a MockServer, label: &'static str, builder: B) -> Self
    where
        B: Replay,
    {
        EventsExpectation { inner: Expectation::new(mock, label, builder), _event: PhantomData }
    }
}

impl<'a, B: Clone, T: Serialize> EventsExpectation<'a, B, T> {
    /// Changes the expected request with the operation's builder setters (see
    /// [`Expectation::with`]).
    pub fn with(mut self, change: impl FnOnce(B) -> B) -> Self {
        self.inner = self.inner.with(change);
        self
    }

    /// Expects exactly `n` such calls (see [`Expectation::times`]). With reconnection, set it on
    /// each expectation: `times(1)` on the first answer, and a second expectation for the call
    /// that reconnects (it carries `Last-Event-ID`, which does not keep it from matching).
    pub fn times(mut self, n: u64) -> Self {
        self.inner = self.inner.times(n);
        self
    }

    /// Answers `200` with the events of `script` as one `text/event-stream` body, then ends the
    /// stream (the server closes it; [`EventScript::then_drop`] cuts it in the middle of an
    /// event).
    pub async fn respond_events(self, script: EventScript<T>) {
        let template = ResponseTemplate::new(200).set_body_raw(script.text.into_bytes(), "text/event-stream");
        self.inner.respond_with(template).await;
    }

    /// Answers `status` with `body` as JSON (the API's [`ErrorBody`](crate::ErrorBody), say):
    /// the operation's `send()` fails with it.
    pub async fn respond_error(self, status: u16, body: impl Serialize) {
        self.inner.respond_error(status, body).await;
    }

    /// Answers with `template` as it is.
    pub async fn respond_with(self, template: ResponseTemplate) {
        self.inner.respond_with(template).await;
    }
}

/// The events a mocked stream sends, in order: typed events (their `data` is the JSON of `T`),
/// keep-alives, raw text (a malformed event, say), then the end of the stream, or a drop in the
/// middle of an event ([`EventScript::then_drop`]).
///
/// The whole script is one response body, sent at once: what a test of a listener needs (the
/// events, their order, their ids, an error item, the end), not their timing.
#[derive(Debug, Clone)]
pub struct EventScript<T> {
    text: String,
    _event: PhantomData<fn(T)>,
}

impl<T> Default for EventScript<T> {
    fn default() -> Self {
        EventScript { text: String::new(), _event: PhantomData }
    }
}

impl<T: Serialize> EventScript<T> {
    /// An empty script: the stream opens and ends.
    pub fn new() -> Self {
        Self::default()
    }

    /// An event whose `data` is `event` as JSON.
    pub fn event(self, event: T) -> Self {
        self.block(None, None, &event)
    }

    /// An event with an `id:` (what a reconnection resumes from).
    pub fn event_with_id(self, id: &str, event: T) -> Self {
        self.block(Some(id), None, &event)
    }

    /// An event with a name (`event:`).
    pub fn named_event(self, name: &str, event: T) -> Self {
        self.block(None, Some(name), &event)
    }

    /// A keep-alive comment: the stream yields nothing for it.
    pub fn keep_alive(mut self) -> Self {
        self.text.push_str(": keep-alive\n\n");
        self
    }

    /// `text` as it is, in the stream's wire format (`data: {not json\n\n`, `retry: 10\n\n`).
    pub fn raw(mut self, text: &str) -> Self {
        self.text.push_str(text);
        self
    }

    /// Ends the script with the connection dropped in the middle of an event: the client sees
    /// the stream end (or, with reconnection, connects again) and never the half-sent event.
    pub fn then_drop(mut self) -> Self {
        self.text.push_str("data: {\"cut\": ");
        self
    }

    fn block(mut self, id: Option<&str>, name: Option<&str>, event: &T) -> Self {
        let one_line = |s: &str| s.replace(['\r', '\n'], " ");
        if let Some(id) = id {
            self.text.push_str(&format!("id: {}\n", one_line(id)));
        }
        if let Some(name) = name {
            self.text.push_str(&format!("event: {}\n", one_line(name)));
        }
        // JSON is one line: a string's line breaks are escaped.
        let data = serde_json::to_string(event).unwrap_or_else(|e| panic!("the mock cannot encode an event: {e}"));
        self.text.push_str(&format!("data: {data}\n\n"));
        self
    }
}

/// A request the mock expects, as the recorder saw the client send it.
#[derive(Debug)]
struct Expected {
    label: &'static str,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    /// `None` for a multipart body (its boundary is random).
    body: Option<Vec<u8>>,
}

impl Expected {
    /// Every difference between this expectation and `request`.
    fn differences(&self, request: &wiremock::Request) -> Vec<String> {
        let mut out = Vec::new();
        if request.method.as_str() != self.method {
            out.push(format!("method: expected {}, got {}", self.method, request.method));
        }
        if request.url.path() != self.path {
            out.push(format!("path: expected `{}`, got `{}`", self.path, request.url.path()));
        }
        let query = sorted_query(&request.url);
        for pair in self.query.iter().filter(|p| !query.contains(p)) {
            out.push(format!("query: missing `{}={}`", pair.0, pair.1));
        }
        for pair in query.iter().filter(|p| !self.query.contains(p)) {
            out.push(format!("query: unexpected `{}={}`", pair.0, pair.1));
        }
        for (name, value) in &self.headers {
            match header(request, name) {
                None => out.push(format!("header `{name}`: missing (expected `{value}`)")),
                Some(got) if got != *value => out.push(format!("header `{name}`: expected `{value}`, got `{got}`")),
                Some(_) => {}
            }
        }
        if let Some(body) = &self.body {
            if *body != request.body {
                out.push(format!("body: expected `{}`, got `{}`", snippet(body), snippet(&request.body)));
            }
        }
        out
    }

    fn describe(&self) -> String {
        let query: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        format!("`{}` ({} {}{query})", self.label, self.method, self.path)
    }
}

struct Matches(Arc<Expected>);

impl wiremock::Match for Matches {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.0.differences(request).is_empty()
    }
}

/// The last resort of the mock: a report of the request and its closest expectation.
struct Unmatched {
    expected: Arc<Mutex<Vec<Arc<Expected>>>>,
    unmatched: Arc<Mutex<Vec<String>>>,
}

impl wiremock::Respond for Unmatched {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let query = request.url.query().map(|q| format!("?{q}")).unwrap_or_default();
        let mut report = format!("unmatched request: {} {}{query}", request.method, request.url.path());
        let expected = lock(&self.expected).clone();
        let closest = expected.iter().map(|e| (e.differences(request), e)).min_by_key(|(d, _)| d.len());
        match closest {
            None => report.push_str("\nno expectation is set"),
            Some((differences, e)) if differences.is_empty() => {
                report.push_str(&format!("\nit matches {}, already called as many times as its `.times(..)` allows", e.describe()));
            }
            Some((differences, e)) => {
                report.push_str(&format!("\nclosest expectation: {}", e.describe()));
                for d in differences {
                    report.push_str(&format!("\n  - {d}"));
                }
            }
        }
        lock(&self.unmatched).push(report.clone());
        ResponseTemplate::new(404).set_body_json(serde_json::json!({ "message": report, "type": "MockUnmatched" }))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    request.headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

fn sorted_query(url: &reqwest::Url) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    pairs.sort();
    pairs
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(300) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.into_owned(),
    }
}
