//! End-to-end tests of the generated clients against a local HTTP server (see `tests/`).
//!
//! Each test starts a `wiremock` server on loopback, points a generated client at it, and
//! asserts what goes on the wire (method, path, query, headers, JSON body) and what comes back
//! (decoded responses, typed errors).
//!
//! This library holds what the test files share: the matchers of a request ([`Headers`],
//! [`Query`], [`Body`]), [`mock`] that combines them, [`Reply`] that mounts a mock answered with
//! JSON, [`sent`] that awaits a call which must succeed, and small builders of test values
//! ([`tags`], [`strings`], [`obj`]). Each test file describes its own identity headers and wraps
//! [`mock`] in a short `on(...)` of its own.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::future::Future;

use serde_json::{Map, Value};
use wiremock::matchers::{body_json, method, path, BodyExactMatcher};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// What a mock expects on the wire
// ---------------------------------------------------------------------------------------------

/// The request's headers, each named one either present once with exactly this value
/// (`Some`), or absent (`None`). Headers not named are not looked at.
#[derive(Clone, Debug)]
pub struct Headers(Vec<(String, Option<String>)>);

impl Headers {
    /// Expects each `(name, value)`: `Some(value)` must be the header's one value, `None` means
    /// the header must be absent.
    pub fn new(expected: &[(&str, Option<&str>)]) -> Self {
        Headers(expected.iter().map(|(name, value)| (name.to_string(), value.map(str::to_string))).collect())
    }

    /// The same expectations, except for `changes`: each replaces the expectation of the header of
    /// the same name, or is added if no header of that name is expected yet.
    pub fn with(mut self, changes: &[(&str, Option<&str>)]) -> Self {
        for (name, value) in changes {
            let value = value.map(str::to_string);
            match self.0.iter_mut().find(|(known, _)| known.eq_ignore_ascii_case(name)) {
                Some(expected) => expected.1 = value,
                None => self.0.push((name.to_string(), value)),
            }
        }
        self
    }
}

impl Match for Headers {
    fn matches(&self, request: &Request) -> bool {
        self.0.iter().all(|(name, expected)| {
            let values: Vec<_> = request.headers.get_all(name.as_str()).iter().collect();
            match expected {
                Some(expected) => values.len() == 1 && values[0].to_str().ok() == Some(expected.as_str()),
                None => values.is_empty(),
            }
        })
    }
}

/// The decoded query pairs are exactly these: no more, no fewer; a repeated key keeps its order.
#[derive(Clone, Debug)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Exactly these pairs, each value compared as text.
    pub fn exact(pairs: &[(&str, &str)]) -> Self {
        Query { pairs: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }
}

impl Match for Query {
    fn matches(&self, request: &Request) -> bool {
        let by_key = |a: &(String, String), b: &(String, String)| a.0.cmp(&b.0);
        let mut got: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let mut want = self.pairs.clone();
        got.sort_by(by_key);
        want.sort_by(by_key);
        got == want
    }
}

/// The body: exactly this JSON (sent as `application/json`), or nothing at all.
#[derive(Debug)]
pub enum Body {
    /// Exactly this JSON, with `content-type: application/json`.
    Json(BodyExactMatcher),
    /// No body and no `content-type`.
    Empty,
}

impl From<Option<Value>> for Body {
    /// `Some(json)`: exactly that JSON, a whole number written as `5.0` expected as `5` (the
    /// clients write whole numbers without a fraction, as JavaScript does, so `5.0` on the wire
    /// does not match); `None`: no body.
    fn from(body: Option<Value>) -> Self {
        match body {
            Some(json) => Body::Json(body_json(whole_numbers(json))),
            None => Body::Empty,
        }
    }
}

/// `value` with every whole `f64` made an integer: what `JSON.stringify` would write.
pub fn whole_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, whole_numbers(v))).collect()),
        other => other,
    }
}

impl Match for Body {
    fn matches(&self, request: &Request) -> bool {
        let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok());
        match self {
            Body::Json(exact) => content_type == Some("application/json") && exact.matches(request),
            Body::Empty => content_type.is_none() && request.body.is_empty(),
        }
    }
}

/// A mock of `verb route` with exactly these `headers`, `query` and `body` (`None`: no body).
pub fn mock(verb: &str, route: &str, headers: Headers, query: Query, body: Option<Value>) -> MockBuilder {
    Mock::given(method(verb)).and(path(route)).and(headers).and(query).and(Body::from(body))
}

/// Mounts a mock that answers with JSON.
pub trait Reply {
    /// Answers `status` with the JSON `body`, and expects to be hit exactly once.
    fn reply(self, server: &MockServer, status: u16, body: Value) -> impl Future<Output = ()>;
}

impl Reply for MockBuilder {
    async fn reply(self, server: &MockServer, status: u16, body: Value) {
        self.respond_with(ResponseTemplate::new(status).set_body_json(body)).expect(1).mount(server).await;
    }
}

/// Awaits a call that must succeed. On failure (most often: no mock matched, so the server
/// answered 404), verifies the server first so that the panic lists the requests received.
pub async fn sent<T, E: Display>(server: &MockServer, call: impl Future<Output = Result<T, E>>) -> T {
    match call.await {
        Ok(value) => value,
        Err(error) => {
            server.verify().await;
            panic!("the call failed: {error}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Test values
// ---------------------------------------------------------------------------------------------

/// A map of strings from `(key, value)` pairs (Botpress `Tags`, Chatlayer `attributes`).
pub fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Owned copies of `items`.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A JSON object literal as a `serde_json::Map` (payloads, inputs, properties, free-form objects).
pub fn obj(value: Value) -> Map<String, Value> {
    value.as_object().expect("a JSON object").clone()
}
