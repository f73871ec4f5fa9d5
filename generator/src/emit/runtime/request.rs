//! One request on its way out: how path, query, headers and body are encoded.
//!
//! This file is the same in every crate the generator writes. Encoding follows RFC 3986: in the
//! query, headers and cookies only unreserved characters stay as they are; a path parameter is
//! always one whole segment (`/` becomes `%2F`) and keeps, as JavaScript's `encodeURIComponent`
//! does, the sub-delimiters `! * ' ( )` too (RFC 3986 allows them in a segment).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What a path segment escapes: what `encodeURIComponent` escapes (it keeps
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )`).
const PATH_ESCAPED: &AsciiSet = &ESCAPED.remove(b'!').remove(b'*').remove(b'\'').remove(b'(').remove(b')');

/// How a parameter is written (OpenAPI's `style` and `explode`, plus the dot notation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub(crate) enum Style {
    /// Query: `key=value`; an array repeats the key; an object gives `sub=value` pairs.
    Form,
    /// Query: `key=a,b,c`.
    FormComma,
    /// Query: `key=a%20b%20c`.
    SpaceDelimited,
    /// Query: `key=a|b|c`.
    PipeDelimited,
    /// Query: `key.sub=value`.
    Dot,
    /// Query: `key[sub]=value`.
    DeepObject,
    /// Path or header: `a,b,c`; an object `k,v,k,v`.
    Simple,
    /// Path or header: `a,b,c`; an object `k=v,k=v`.
    SimpleExplode,
    /// Path: `.a,b,c`.
    Label,
    /// Path: `.a.b.c`.
    LabelExplode,
    /// Path: `;name=a,b,c`.
    Matrix,
    /// Path: `;name=a;name=b;name=c`.
    MatrixExplode,
}

/// What one call changes of what the client sets: its retry policy, timeout, extra headers and
/// query parameters. Given to any request builder's `with_options`:
///
/// ```ignore
/// let options = CallOptions::new().retry(RetryPolicy::none()).header("x-trace", "abc").query("debug", "1");
/// client.some_operation().with_options(options).send().await?;
/// ```
///
/// Header values are never printed (one may be a credential).
#[derive(Clone, Default)]
#[must_use]
pub struct CallOptions {
    retry: Option<crate::RetryPolicy>,
    timeout: Option<std::time::Duration>,
    headers: reqwest::header::HeaderMap,
    query: Vec<(String, String)>,
    error: Option<String>,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("headers", &headers)
            .field("query", &self.query)
            .finish()
    }
}

impl CallOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Retries this call as `policy` says instead of the client's policy
    /// ([`RetryPolicy::none`](crate::RetryPolicy::none): not at all).
    pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Bounds each attempt of this call with `timeout` instead of the client's (as a request
    /// builder's `timeout` does; the one set last wins).
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends `name: value` with this call, in place of any value of that header the client or
    /// the operation would send (its default headers, identity headers, credentials). An
    /// invalid name or value makes `send` fail with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), sending nothing.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (reqwest::header::HeaderName::from_bytes(name.as_bytes()), reqwest::header::HeaderValue::from_str(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => {
                self.error.get_or_insert(format!("invalid header `{name}` in the call's options"));
            }
        }
        self
    }

    /// Adds the query parameter `name=value` (both percent-encoded) to this call's URL, after
    /// the operation's own parameters.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }
}

/// What every request builder carries: the client, and this call's options.
#[derive(Clone)]
pub(crate) struct Call {
    pub(crate) client: crate::Client,
    /// Overrides the client's timeout.
    pub(crate) timeout: Option<std::time::Duration>,
    /// The retry policy, headers and query parameters of [`CallOptions`], if any were given.
    pub(crate) options: Option<Box<Options>>,
    /// Identity headers changed for this call: a value, or `None` to leave the header out.
    pub(crate) identity_headers: Vec<(&'static str, Option<String>)>,
    /// The first problem met while setting the builder's values; reported by `send`.
    pub(crate) error: Option<String>,
}

impl std::fmt::Debug for Call {
    /// The identity headers overridden are named, their values never printed (a user key is a
    /// credential).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let overridden: Vec<&str> = self.identity_headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Call").field("client", &self.client).field("timeout", &self.timeout).field("overridden", &overridden).finish()
    }
}

impl Call {
    /// A call with the client's defaults.
    pub(crate) fn new(client: &crate::Client) -> Self {
        Call { client: client.clone(), timeout: None, options: None, identity_headers: Vec::new(), error: None }
    }

    /// Takes `options` for this call (replacing options given before; a timeout in them replaces
    /// the call's).
    #[allow(dead_code)]
    pub(crate) fn options(&mut self, options: CallOptions) {
        let CallOptions { retry, timeout, headers, query, error } = options;
        if timeout.is_some() {
            self.timeout = timeout;
        }
        if let Some(error) = error {
            self.error.get_or_insert(error);
        }
        self.options = Some(Box::new(Options { retry, headers, query }));
    }

    /// Sets identity header `name` for this call to `value`, or leaves it out (`None`).
    #[allow(dead_code)]
    pub(crate) fn set(&mut self, name: &'static str, value: Option<String>) {
        self.identity_headers.retain(|(n, _)| *n != name);
        self.identity_headers.push((name, value));
    }

    /// A request of `operation` for `method` on the path `template` (`/v1/users/{id}`). Every
    /// identity header the client has is sent, unless this call changed it.
    pub(crate) fn request(&self, operation: &'static str, method: reqwest::Method, template: &'static str) -> Request {
        let mut request = Request::new(operation, method, template);
        request.timeout = self.timeout;
        request.overrides = self.identity_headers.clone();
        request.error = self.error.clone();
        request.options = self.options.clone();
        request
    }

    /// `value` as the JSON object of a free-form field that may be `null` (`None`).
    #[allow(dead_code)]
    pub(crate) fn nullable_object(&mut self, field: &str, value: impl Serialize) -> Option<serde_json::Map<String, Value>> {
        match serde_json::to_value(&value) {
            Ok(Value::Null) => None,
            _ => Some(self.object(field, value)),
        }
    }

    /// `value` as the JSON of a free-form field; one that cannot be encoded makes `send` fail.
    #[allow(dead_code)]
    pub(crate) fn value(&mut self, field: &str, value: impl Serialize) -> Value {
        serde_json::to_value(value).unwrap_or_else(|e| {
            self.error.get_or_insert(format!("cannot encode `{field}`: {e}"));
            Value::Null
        })
    }

    /// `value` as the JSON object a free-form field holds: an object, or `(key, value)` pairs
    /// (`[("team", "ops")]`, as a map of strings takes them elsewhere). Anything else (or a
    /// value that cannot be encoded) leaves the field empty and makes `send` fail with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), naming `field`.
    #[allow(dead_code)]
    pub(crate) fn object(&mut self, field: &str, value: impl Serialize) -> serde_json::Map<String, Value> {
        match serde_json::to_value(value) {
            Ok(Value::Object(map)) => map,
            Ok(Value::Array(items)) if !items.is_empty() && items.iter().all(is_pair) => items
                .into_iter()
                .filter_map(|item| match item {
                    Value::Array(mut pair) => {
                        let value = pair.pop()?;
                        match pair.pop()? {
                            Value::String(key) => Some((key, value)),
                            _ => None,
                        }
                    }
                    _ => None,
                })
                .collect(),
            Ok(other) => {
                let kind = match other {
                    Value::Null => "null",
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::String(_) => "a string",
                    Value::Array(_) => "an array",
                    Value::Object(_) => "an object",
                };
                self.error.get_or_insert(format!("`{field}` must be a JSON object, not {kind}"));
                serde_json::Map::new()
            }
            Err(e) => {
                self.error.get_or_insert(format!("cannot encode `{field}`: {e}"));
                serde_json::Map::new()
            }
        }
    }
}

/// What a call's [`CallOptions`] change, beside its timeout.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Replaces the client's retry policy.
    pub(crate) retry: Option<crate::RetryPolicy>,
    /// Sent in place of the same headers from anywhere else.
    pub(crate) headers: reqwest::header::HeaderMap,
    /// Added to the query string.
    pub(crate) query: Vec<(String, String)>,
}

/// Whether `item` is a `(key, value)` pair: a two-item array whose first item is a string.
fn is_pair(item: &Value) -> bool {
    matches!(item, Value::Array(pair) if pair.len() == 2 && pair[0].is_string())
}

/// A number, or `None` for `null`: what an argument that may be `null` takes (`1000`, `2.5`,
/// `None`).
pub trait IntoNullable<T> {
    /// The value, `None` meaning `null`.
    fn into_nullable(self) -> Option<T>;
}

macro_rules! into_nullable {
    ($target:ty: $($from:ty),*) => {
        $(impl IntoNullable<$target> for $from {
            fn into_nullable(self) -> Option<$target> {
                Some(<$target>::from(self))
            }
        })*

        impl IntoNullable<$target> for Option<$target> {
            fn into_nullable(self) -> Option<$target> {
                self
            }
        }
    };
}

into_nullable!(f64: f64, f32, i32, u32, i16, u16, i8, u8);
into_nullable!(f32: f32, i16, u16, i8, u8);

/// A request, built by an operation's `send` and sent by [`crate::Client`].
#[derive(Debug)]
pub(crate) struct Request {
    /// The operationId, for tracing.
    pub(crate) operation: &'static str,
    pub(crate) method: reqwest::Method,
    /// The path: the template until a parameter is filled in.
    pub(crate) path: std::borrow::Cow<'static, str>,
    /// The encoded query string, `key=value` pairs joined by `&` (no `?`).
    pub(crate) query: String,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Identity headers changed for this call (`None`: left out); the client's others go too.
    pub(crate) overrides: Vec<(&'static str, Option<String>)>,
    /// The body and its media type.
    pub(crate) body: Option<(Vec<u8>, String)>,
    /// Cookie parameters, `name=value`.
    pub(crate) cookies: Vec<String>,
    /// Overrides the client's timeout.
    pub(crate) timeout: Option<std::time::Duration>,
    /// The call's retry policy, headers and query parameters ([`CallOptions`]).
    pub(crate) options: Option<Box<Options>>,
    /// The first problem met while building; reported by `send` instead of sending.
    pub(crate) error: Option<String>,
    /// Where a success answer's JSON body carries the status of an error
    /// (`x-error-status-in-body`), for an API that answers some errors with `200`.
    pub(crate) error_status_in_body: Option<&'static str>,
    /// Sent without the client's credentials: the operation needs none (`security: []`).
    pub(crate) anonymous: bool,
}

#[allow(dead_code)]
impl Request {
    /// A request of `operation` for `method` on the path `template` (`/v1/users/{id}`).
    pub(crate) fn new(operation: &'static str, method: reqwest::Method, template: &'static str) -> Self {
        Request {
            operation,
            method,
            path: std::borrow::Cow::Borrowed(template),
            query: String::new(),
            headers: Vec::new(),
            overrides: Vec::new(),
            body: None,
            cookies: Vec::new(),
            timeout: None,
            options: None,
            error: None,
            error_status_in_body: None,
            anonymous: false,
        }
    }

    /// Sends the request without the client's credentials (an operation whose spec says
    /// `security: []`: a login, a token exchange, a public read).
    #[allow(dead_code)]
    pub(crate) fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Reads a success answer whose JSON body has an integer from 400 to 599 at `pointer` as the
    /// API's error with that status (`x-error-status-in-body`).
    pub(crate) fn error_status_in_body(mut self, pointer: &'static str) -> Self {
        self.error_status_in_body = Some(pointer);
        self
    }

    /// Fills in path parameter `{name}`, encoded as one whole segment.
    pub(crate) fn path(self, name: &str, value: &impl Serialize) -> Self {
        self.path_styled(name, value, Style::Simple)
    }

    /// Fills in path parameter `{name}` written in `style` (`simple`, `label`, `matrix`).
    pub(crate) fn path_styled(mut self, name: &str, value: &impl Serialize, style: Style) -> Self {
        match path_segment(name, value, style) {
            Ok(segment) => {
                // The first `{name}` of the template (a value filled in earlier cannot match: its
                // braces are escaped).
                let at = self.path.match_indices('{').map(|(i, _)| i).find(|&i| {
                    let rest = &self.path[i + 1..];
                    rest.starts_with(name) && rest[name.len()..].starts_with('}')
                });
                if let Some(at) = at {
                    self.path.to_mut().replace_range(at..at + name.len() + 2, &segment);
                }
            }
            Err(e) => self.fail(e),
        }
        self
    }

    /// Adds cookie `name` unless `value` is `None`.
    pub(crate) fn cookie(mut self, name: &str, value: &impl Serialize) -> Self {
        let mut cookie = format!("{name}=");
        match plain(value, &mut cookie, Some(ESCAPED)) {
            Some(true) => self.cookies.push(cookie),
            Some(false) => {}
            None => self.cookie_through_value(name, value),
        }
        self
    }

    /// [`Request::cookie`] for values [`plain`] does not take (arrays, objects, floats).
    fn cookie_through_value(&mut self, name: &str, value: &impl Serialize) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) => self.cookies.push(format!("{name}={}", utf8_percent_encode(&joined(&value, ",", false), ESCAPED))),
            Err(e) => self.fail(format!("cannot encode cookie `{name}`: {e}")),
        }
    }

    /// Adds query parameter `name`; `None`, empty arrays and empty objects are left out.
    pub(crate) fn query(mut self, name: &str, value: &impl Serialize, style: Style) -> Self {
        let mark = self.query.len();
        separate(&mut self.query);
        self.query.extend(utf8_percent_encode(name, ESCAPED));
        self.query.push('=');
        match plain(value, &mut self.query, Some(ESCAPED)) {
            Some(true) => {}
            Some(false) => self.query.truncate(mark),
            None => {
                self.query.truncate(mark);
                match serde_json::to_value(value) {
                    Ok(value) => flatten(name, &value, style, &mut self.query),
                    Err(e) => self.fail(format!("cannot encode query parameter `{name}`: {e}")),
                }
            }
        }
        self
    }

    /// Adds header `name` unless `value` is `None` (`simple` style: arrays and objects joined by
    /// commas).
    pub(crate) fn header(mut self, name: &'static str, value: &impl Serialize) -> Self {
        let mut text = String::new();
        match plain(value, &mut text, None) {
            Some(true) => self.headers.push((name, text)),
            Some(false) => {}
            None => self.header_through_value(name, value),
        }
        self
    }

    /// [`Request::header`] for values [`plain`] does not take (arrays, objects, floats).
    fn header_through_value(&mut self, name: &'static str, value: &impl Serialize) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) => self.headers.push((name, joined(&value, ",", false))),
            Err(e) => self.fail(format!("cannot encode header `{name}`: {e}")),
        }
    }

    /// Sets the JSON body (whole numbers written without a fraction, see [`to_json`]).
    pub(crate) fn json(mut self, body: &impl Serialize) -> Self {
        match to_json(body) {
            Ok(bytes) => self.body = Some((bytes, "application/json".into())),
            Err(e) => self.fail(format!("cannot encode the request body: {e}")),
        }
        self
    }

    /// Sets a JSON body from the fields of `body`, an optional body of inline fields: not sent at
    /// all when no field is set (it encodes as `{}`), as an optional body left unset is not.
    #[allow(dead_code)] // used by operations with an optional body of inline fields
    pub(crate) fn json_unless_empty(mut self, body: &impl Serialize) -> Self {
        match to_json(body) {
            Ok(bytes) if bytes == b"{}" => {}
            Ok(bytes) => self.body = Some((bytes, "application/json".into())),
            Err(e) => self.fail(format!("cannot encode the request body: {e}")),
        }
        self
    }

    /// Sets a body of raw bytes (`application/octet-stream`, `text/plain`, ...).
    pub(crate) fn raw(mut self, body: impl Into<Vec<u8>>, media_type: &str) -> Self {
        self.body = Some((body.into(), media_type.to_string()));
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body from the fields of `body`.
    pub(crate) fn form(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_value(body) {
            Ok(value) => {
                let mut pairs = String::new();
                flatten("", &value, Style::Form, &mut pairs);
                self.body = Some((pairs.into_bytes(), "application/x-www-form-urlencoded".into()));
            }
            Err(e) => self.fail(format!("cannot encode the request body: {e}")),
        }
        self
    }

    /// Sets a `multipart/form-data` body: one part per field of `fields` that is set, and one
    /// part per file. An optional body (`required: false`) with nothing set is not sent: no body,
    /// no content type.
    pub(crate) fn multipart(mut self, fields: &impl Serialize, files: Vec<(&str, Option<bytes::Bytes>)>, required: bool) -> Self {
        const BOUNDARY: &str = "----openapi-rs-generator-boundary-7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        let mut parts = 0usize;
        let mut part = |name: &str, filename: bool, content: &[u8]| {
            parts += 1;
            body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            let name = name.replace('"', "%22");
            if filename {
                body.extend_from_slice(
                    format!("content-disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\ncontent-type: application/octet-stream\r\n\r\n").as_bytes(),
                );
            } else {
                body.extend_from_slice(format!("content-disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
            }
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        };
        match serde_json::to_value(fields) {
            Ok(Value::Object(map)) => {
                // Sorted, so the bytes do not depend on serde_json's `preserve_order` feature.
                let mut fields: Vec<(&String, &Value)> = map.iter().collect();
                fields.sort_by_key(|(name, _)| *name);
                for (name, value) in fields {
                    if !value.is_null() {
                        let text = match value {
                            Value::String(s) => s.clone(),
                            Value::Number(_) => scalar(value),
                            other => String::from_utf8(to_json(other).unwrap_or_default()).unwrap_or_default(),
                        };
                        part(name, false, text.as_bytes());
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                self.fail(format!("cannot encode the request body: {e}"));
                return self;
            }
        }
        for (name, content) in files {
            if let Some(content) = content {
                part(name, true, &content);
            }
        }
        if parts == 0 && !required {
            return self;
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        self.body = Some((body, format!("multipart/form-data; boundary={BOUNDARY}")));
        self
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }
}

/// Encodes path parameter `name` as one path segment.
///
/// `.` and `..` are refused: no encoding keeps a URL parser from reading them as "this
/// directory" and "the parent directory", so the request would reach another resource.
fn path_segment(name: &str, value: &impl Serialize, style: Style) -> Result<String, String> {
    let mut segment = String::new();
    match style {
        Style::Label | Style::LabelExplode => segment.push('.'),
        Style::Matrix | Style::MatrixExplode => {
            segment.push(';');
            segment.extend(utf8_percent_encode(name, PATH_ESCAPED));
            segment.push('=');
        }
        _ => {}
    }
    let prefix = segment.len();
    if plain(value, &mut segment, Some(PATH_ESCAPED)) == Some(true) {
        // Unreserved characters stay as they are, so `.` and `..` are recognisable encoded.
        let text = &segment[prefix..];
        if text.is_empty() || text == "." || text == ".." {
            return Err(format!("path parameter `{name}` cannot be {text:?}: the request would reach another URL"));
        }
        return Ok(segment);
    }
    let value = serde_json::to_value(value).map_err(|e| format!("cannot encode path parameter `{name}`: {e}"))?;
    let text = scalar(&value);
    if matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_)) && (text.is_empty() || text == "." || text == "..") {
        return Err(format!("path parameter `{name}` cannot be {text:?}: the request would reach another URL"));
    }
    let enc = |v: &Value| utf8_percent_encode(&scalar(v), PATH_ESCAPED).to_string();
    let items: Vec<String> = match &value {
        Value::Array(items) => items.iter().map(enc).collect(),
        Value::Object(map) => match style {
            Style::SimpleExplode | Style::LabelExplode | Style::MatrixExplode => {
                map.iter().map(|(k, v)| format!("{}={}", utf8_percent_encode(k, PATH_ESCAPED), enc(v))).collect()
            }
            _ => map.iter().flat_map(|(k, v)| [utf8_percent_encode(k, PATH_ESCAPED).to_string(), enc(v)]).collect(),
        },
        scalar_value => vec![enc(scalar_value)],
    };
    let name = utf8_percent_encode(name, PATH_ESCAPED).to_string();
    Ok(match style {
        Style::Label => format!(".{}", items.join(",")),
        Style::LabelExplode => format!(".{}", items.join(".")),
        Style::Matrix => format!(";{name}={}", items.join(",")),
        Style::MatrixExplode if value.is_object() => format!(";{}", items.join(";")),
        Style::MatrixExplode => items.iter().map(|i| format!(";{name}={i}")).collect(),
        _ => items.join(","),
    })
}

/// Appends to `out` the text of a parameter whose value is a string, an integer, a boolean or a
/// unit enum variant, percent-encoded with `escape` (when given), without building a `serde_json::Value`:
/// `Some(true)`. `Some(false)` for `None` (nothing written). `None` for anything else (arrays,
/// objects, floats, failures; `out` may then hold part of the value): the caller takes the
/// general `Value` path.
fn plain(value: &impl Serialize, out: &mut String, escape: Option<&'static AsciiSet>) -> Option<bool> {
    value.serialize(Plain { out, escape }).ok()
}

/// The serializer behind [`plain`].
struct Plain<'a> {
    out: &'a mut String,
    escape: Option<&'static AsciiSet>,
}

impl Plain<'_> {
    fn text(self, text: &str) -> Result<bool, NotPlain> {
        match self.escape {
            Some(set) => self.out.extend(utf8_percent_encode(text, set)),
            None => self.out.push_str(text),
        }
        Ok(true)
    }
}

/// "Not a plain value": the caller encodes it through `serde_json::Value` instead.
#[derive(Debug)]
struct NotPlain;

impl std::fmt::Display for NotPlain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a plain value")
    }
}

impl std::error::Error for NotPlain {}

impl serde::ser::Error for NotPlain {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotPlain
    }
}

/// Numbers and booleans: nothing in them needs escaping.
macro_rules! plain_display {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<Self::Ok, NotPlain> {
            use std::fmt::Write;
            write!(self.out, "{v}").map_err(|_| NotPlain)?;
            Ok(true)
        })*
    };
}

macro_rules! plain_refused {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, _: $ty) -> Result<Self::Ok, NotPlain> {
            Err(NotPlain)
        })*
    };
}

impl serde::Serializer for Plain<'_> {
    type Ok = bool;
    type Error = NotPlain;
    type SerializeSeq = serde::ser::Impossible<Self::Ok, NotPlain>;
    type SerializeTuple = serde::ser::Impossible<Self::Ok, NotPlain>;
    type SerializeTupleStruct = serde::ser::Impossible<Self::Ok, NotPlain>;
    type SerializeTupleVariant = serde::ser::Impossible<Self::Ok, NotPlain>;
    type SerializeMap = serde::ser::Impossible<Self::Ok, NotPlain>;
    type SerializeStruct = serde::ser::Impossible<Self::Ok, NotPlain>;
    type SerializeStructVariant = serde::ser::Impossible<Self::Ok, NotPlain>;

    plain_display!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_u128: u128
    );
    // Floats keep `serde_json`'s number formatting (the `Value` path).
    plain_refused!(serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8]);

    fn serialize_char(self, v: char) -> Result<Self::Ok, NotPlain> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, NotPlain> {
        self.text(v)
    }
    fn serialize_none(self) -> Result<Self::Ok, NotPlain> {
        Ok(false)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Self::Ok, NotPlain> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, NotPlain> {
        Ok(false)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, NotPlain> {
        Ok(false)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Self::Ok, NotPlain> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<Self::Ok, NotPlain> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotPlain> {
        Err(NotPlain)
    }
}

/// A value as one header or cookie value: arrays and objects joined by `separator`.
fn joined(value: &Value, separator: &str, explode: bool) -> String {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(separator),
        Value::Object(map) if explode => map.iter().map(|(k, v)| format!("{k}={}", scalar(v))).collect::<Vec<_>>().join(separator),
        Value::Object(map) => map.iter().flat_map(|(k, v)| [k.clone(), scalar(v)]).collect::<Vec<_>>().join(separator),
        other => scalar(other),
    }
}

/// Appends `&` to a query string unless it is empty.
fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('&');
    }
}

/// Appends `key=value`, both escaped, to the query string `out`.
pub(crate) fn push_pair(out: &mut String, key: &str, value: &str) {
    separate(out);
    out.extend(utf8_percent_encode(key, ESCAPED));
    out.push('=');
    out.extend(utf8_percent_encode(value, ESCAPED));
}

/// `value` as an integer when it is a whole number JavaScript writes without a fraction (`25`,
/// not `25.0`): below 2^53 in magnitude, where every integer is exact.
fn whole(value: f64) -> Option<i64> {
    (value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0).then_some(value as i64)
}

/// Writes JSON as JavaScript's `JSON.stringify` writes numbers: a whole number without a
/// fraction (`1000`, not `1000.0`); anything else as `serde_json` does.
struct JsNumbers;

impl serde_json::ser::Formatter for JsNumbers {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, value: f64) -> std::io::Result<()> {
        match whole(value) {
            Some(integer) => write!(writer, "{integer}"),
            None => serde_json::ser::CompactFormatter.write_f64(writer, value),
        }
    }

    fn write_f32<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, value: f32) -> std::io::Result<()> {
        match whole(f64::from(value)) {
            Some(integer) => write!(writer, "{integer}"),
            None => serde_json::ser::CompactFormatter.write_f32(writer, value),
        }
    }
}

/// `value` as compact JSON, numbers written as [`JsNumbers`] says.
pub(crate) fn to_json(value: &(impl Serialize + ?Sized)) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, JsNumbers))?;
    Ok(out)
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        // A whole number is written as one (`25`, not `25.0`), as JavaScript would.
        Value::Number(n) => match n.as_f64().filter(|_| n.is_f64()).and_then(whole) {
            Some(integer) => integer.to_string(),
            None => n.to_string(),
        },
        Value::Bool(_) => value.to_string(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

/// Appends `name`'s pairs to the query string `out`.
fn flatten(name: &str, value: &Value, style: Style, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Array(items) if items.is_empty() => {}
        Value::Object(map) if map.is_empty() => {}
        Value::Array(items) => match style {
            Style::FormComma | Style::SpaceDelimited | Style::PipeDelimited => {
                // The separators stay literal; the same characters inside an item are escaped.
                let separator = match style {
                    Style::FormComma => ",",
                    Style::SpaceDelimited => "%20",
                    _ => "|",
                };
                separate(out);
                out.extend(utf8_percent_encode(name, ESCAPED));
                out.push('=');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(separator);
                    }
                    out.extend(utf8_percent_encode(&scalar(item), ESCAPED));
                }
            }
            _ => items.iter().for_each(|item| flatten(name, item, style, out)),
        },
        Value::Object(map) => {
            // Sorted, so the bytes do not depend on serde_json's `preserve_order` feature.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(key, _)| *key);
            for (key, item) in entries {
                let key = match style {
                    Style::Dot if !name.is_empty() => format!("{name}.{key}"),
                    Style::DeepObject if !name.is_empty() => format!("{name}[{key}]"),
                    _ => key.clone(),
                };
                flatten(&key, item, style, out);
            }
        }
        _ => push_pair(out, name, &scalar(value)),
    }
}

/// The per-call setters every request builder has: a timeout, and [`CallOptions`]
/// (`per_call_options!(Builder)`, from the crate's `call_options!`). A new per-call option is a
/// field of `CallOptions` (and its effect in `client.rs`), or a setter here. With the `mock`
/// feature, also the builder's `mock::Replay` (how the mock learns the request it sends).
macro_rules! per_call_options {
    ($builder:ident) => {
        impl $builder {
            /// Overrides the client's timeout for this call.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.call.timeout = Some(timeout);
                self
            }

            /// Changes what the client sets for this call alone: its retry policy, timeout,
            /// extra headers and query parameters ([`CallOptions`](crate::CallOptions); options
            /// given again replace these).
            pub fn with_options(mut self, options: crate::CallOptions) -> Self {
                self.call.options(options);
                self
            }
        }

        #[cfg(feature = "mock")]
        impl crate::mock::Replay for $builder {
            fn replay(self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
                Box::pin(async move {
                    let _ = self.send().await;
                })
            }
        }
    };
}

pub(crate) use per_call_options;

/// The per-call setters of one identity header (which every call sends), from the crate's
/// `call_options!`: `identity_options!(Builder, "bot_id", "x-bot-id", bot_id, without_bot_id)`
/// gives `bot_id(value)`, which changes it for the call, and `without_bot_id()`, which leaves it
/// out; `identity_options!(taken Builder, "x-bot-id", without_bot_id_header)`, for a builder
/// whose input already has the setter's name, only the second.
#[allow(unused_macros)] // used by crates with identity headers
macro_rules! identity_options {
    ($builder:ident, $name:literal, $header:literal, $setter:ident, $without:ident) => {
        impl $builder {
            #[doc = concat!(" Sends `", $header, ": value` on this call instead of the value set with")]
            #[doc = concat!(" [`ClientBuilder::", $name, "`](crate::ClientBuilder::", $name, ").")]
            pub fn $setter(mut self, value: impl Into<String>) -> Self {
                self.call.set($header, Some(value.into()));
                self
            }

            #[doc = concat!(" Leaves the `", $header, "` header out of this call, whatever the client's value.")]
            pub fn $without(mut self) -> Self {
                self.call.set($header, None);
                self
            }
        }
    };
    (taken $builder:ident, $header:literal, $without:ident) => {
        impl $builder {
            #[doc = concat!(" Leaves the `", $header, "` header out of this call, whatever the client's value.")]
            pub fn $without(mut self) -> Self {
                self.call.set($header, None);
                self
            }
        }
    };
}

#[allow(unused_imports)] // used by crates with identity headers
pub(crate) use identity_options;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Values of any type, for table-like tests.
    mod erased {
        pub trait Value {
            fn json(&self) -> serde_json::Value;
            fn query(&self, name: &str) -> String;
        }
        impl<T: serde::Serialize> Value for T {
            fn json(&self) -> serde_json::Value {
                serde_json::to_value(self).unwrap()
            }
            fn query(&self, name: &str) -> String {
                super::super::Request::new("op", reqwest::Method::GET, "/").query(name, self, super::super::Style::Form).query
            }
        }
    }

    #[test]
    fn headers_cookies_and_bodies() {
        let r = Request::new("op", reqwest::Method::POST, "/")
            .header("x-ids", &["a", "b"])
            .cookie("session", &"a b")
            .form(&serde_json::json!({"name": "A&B", "n": 2}));
        assert_eq!(r.headers, vec![("x-ids", "a,b".to_string())]);
        assert_eq!(r.cookies, vec!["session=a%20b".to_string()]);
        let (body, media) = r.body.unwrap();
        assert_eq!(String::from_utf8(body).unwrap(), "n=2&name=A%26B", "fields sorted, whatever serde_json's features");
        assert_eq!(media, "application/x-www-form-urlencoded");
        let r = Request::new("op", reqwest::Method::POST, "/")
            .multipart(&serde_json::json!({"title": "t", "skip": null}), vec![("file", Some(bytes::Bytes::from_static(b"xyz")))], true);
        let (body, media) = r.body.unwrap();
        let body = String::from_utf8(body).unwrap();
        assert!(media.starts_with("multipart/form-data; boundary="));
        assert!(body.contains("name=\"title\"\r\n\r\nt\r\n"), "{body}");
        assert!(body.contains("name=\"file\"; filename=\"file\""), "{body}");
        assert!(!body.contains("skip"));
        // An optional multipart body with nothing set is not sent; a required one is, empty.
        let nothing = serde_json::json!({"skip": null});
        let r = Request::new("op", reqwest::Method::POST, "/").multipart(&nothing, vec![("file", None)], false);
        assert!(r.body.is_none());
        let r = Request::new("op", reqwest::Method::POST, "/").multipart(&nothing, vec![("file", None)], true);
        assert!(String::from_utf8(r.body.unwrap().0).unwrap().ends_with("--\r\n"));
    }

    fn encode(name: &str, value: &impl Serialize, style: Style) -> String {
        let mut out = String::new();
        flatten(name, &serde_json::to_value(value).unwrap(), style, &mut out);
        out
    }

    #[test]
    fn query_styles() {
        let tags: BTreeMap<_, _> = [("a b", "x/y"), ("c", "")].into_iter().collect();
        assert_eq!(encode("tags", &tags, Style::Dot), "tags.a%20b=x%2Fy&tags.c=");
        assert_eq!(encode("tags", &tags, Style::DeepObject), "tags%5Ba%20b%5D=x%2Fy&tags%5Bc%5D=");
        assert_eq!(encode("ids", &["1", "2"], Style::Form), "ids=1&ids=2");
        assert_eq!(encode("ids", &["1", "2"], Style::FormComma), "ids=1,2");
        assert_eq!(encode("ids", &["a,b", "c"], Style::FormComma), "ids=a%2Cb,c");
        assert_eq!(encode("ids", &Vec::<String>::new(), Style::Form), "");
        assert_eq!(encode("n", &None::<i32>, Style::Form), "");
        assert_eq!(encode("n", &Some(5), Style::Form), "n=5");
        assert_eq!(encode("n", &25.0, Style::Form), "n=25");
        assert_eq!(encode("n", &2.5, Style::Form), "n=2.5");
        assert_eq!(encode("n", &-3.0f32, Style::Form), "n=-3");
        assert_eq!(encode("t", &"a+b=c~d", Style::Form), "t=a%2Bb%3Dc~d");
        assert_eq!(encode("ids", &["a b", "c"], Style::SpaceDelimited), "ids=a%20b%20c");
        assert_eq!(encode("ids", &["a|b", "c"], Style::PipeDelimited), "ids=a%7Cb|c");
    }

    /// Strings, integers, booleans and unit variants skip the `Value` detour: the bytes are the
    /// same either way.
    #[test]
    fn plain_values_encode_as_through_value() {
        #[derive(Serialize)]
        enum Sort {
            #[serde(rename = "createdAt")]
            CreatedAt,
        }
        #[derive(Serialize)]
        struct Id(String);
        let values: Vec<Box<dyn erased::Value>> = vec![
            Box::new("a b/c~d"),
            Box::new(String::new()),
            Box::new(Some("x&y")),
            Box::new(None::<String>),
            Box::new(Some(None::<String>)),
            Box::new(-42i64),
            Box::new(7u8),
            Box::new(true),
            Box::new(Sort::CreatedAt),
            Box::new(Id("é".into())),
            Box::new(()),
        ];
        for value in values {
            let json = value.json();
            let mut through_value = String::new();
            flatten("k", &json, Style::Form, &mut through_value);
            assert_eq!(value.query("k"), through_value, "{json}");
        }
        let text = |value: &dyn erased::Value| {
            let mut out = String::new();
            super::plain(&value.json(), &mut out, None).map(|written| (written, out))
        };
        assert_eq!(text(&Some(Sort::CreatedAt)), Some((true, "createdAt".to_string())));
        assert_eq!(text(&"a b"), Some((true, "a b".to_string())), "headers are not escaped");
        assert_eq!(text(&None::<u32>), Some((false, String::new())));
        assert_eq!(text(&2.5f64), None, "floats keep serde_json's formatting");
        assert_eq!(text(&vec![1]), None);
        let mut out = "k=".to_string();
        assert_eq!(plain(&Some("a&b"), &mut out, Some(ESCAPED)), Some(true));
        assert_eq!(out, "k=a%26b");
        let r = Request::new("op", reqwest::Method::GET, "/").header("x-n", &Some(5)).cookie("c", &"a;b");
        assert_eq!(r.headers, vec![("x-n", "5".to_string())]);
        assert_eq!(r.cookies, vec!["c=a%3Bb".to_string()]);
    }

    #[test]
    fn json_numbers_survive_decoding_and_encoding() {
        // Exactly, to the last bit: serde_json parses floats exactly only with `float_roundtrip`.
        for text in ["-8.783288068298986e-57", "3.4028234663852886e+38", "0.1", "1.7976931348623157e+308", "5e-324", "2.2250738585072014e-308"] {
            let exact: f64 = text.parse().unwrap();
            let value: f64 = serde_json::from_str(text).unwrap();
            assert_eq!(value.to_bits(), exact.to_bits(), "{text} decodes to {value:e}");
            let back: f64 = serde_json::from_slice(&to_json(&value).unwrap()).unwrap();
            assert_eq!(back.to_bits(), exact.to_bits(), "{text} encodes and decodes back");
        }
    }

    #[test]
    fn an_optional_body_with_no_field_set_is_not_sent() {
        #[derive(Serialize)]
        struct Patch {
            #[serde(skip_serializing_if = "Option::is_none")]
            title: Option<String>,
        }
        let r = Request::new("op", reqwest::Method::PATCH, "/").json_unless_empty(&Patch { title: None });
        assert!(r.body.is_none());
        let r = Request::new("op", reqwest::Method::PATCH, "/").json_unless_empty(&Patch { title: Some("T".into()) });
        assert_eq!(r.body.unwrap(), (br#"{"title":"T"}"#.to_vec(), "application/json".to_string()));
    }

    #[test]
    fn json_numbers_as_javascript_writes_them() {
        // In an array, so the order does not depend on serde_json's `preserve_order` feature.
        let body = serde_json::json!([1000.0, 5.0f32, 2.5, 0.1f32, -0.0, 1e300, 7]);
        let text = String::from_utf8(to_json(&body).unwrap()).unwrap();
        assert_eq!(text, "[1000,5,2.5,0.10000000149011612,0,1e+300,7]");
        #[derive(Serialize)]
        struct Typed {
            a: f64,
            b: f32,
            c: Option<f64>,
        }
        let text = String::from_utf8(to_json(&Typed { a: 1000.0, b: 0.1, c: Some(9_007_199_254_740_992.0) }).unwrap()).unwrap();
        assert_eq!(text, r#"{"a":1000,"b":0.1,"c":9007199254740992.0}"#);
        let r = Request::new("op", reqwest::Method::POST, "/").json(&Typed { a: 3.0, b: 1.5, c: None });
        assert_eq!(r.body.unwrap().0, br#"{"a":3,"b":1.5,"c":null}"#);
    }

    #[test]
    fn path_segments() {
        let seg = |v: &dyn erased::Value, style| path_segment("id", &v.json(), style);
        assert_eq!(seg(&"a/b c", Style::Simple).unwrap(), "a%2Fb%20c");
        assert_eq!(seg(&"x.y~z", Style::Simple).unwrap(), "x.y~z");
        // As `encodeURIComponent`: the sub-delimiters `! * ' ( )` stay, the others are escaped.
        assert_eq!(seg(&"a!*'()b", Style::Simple).unwrap(), "a!*'()b");
        assert_eq!(seg(&"a&b=c+d,e;f:g@h$i", Style::Simple).unwrap(), "a%26b%3Dc%2Bd%2Ce%3Bf%3Ag%40h%24i");
        assert_eq!(seg(&["(a)", "b"], Style::Label).unwrap(), ".(a),b");
        assert!(seg(&".", Style::Simple).is_err());
        assert!(seg(&"..", Style::Simple).is_err());
        assert!(seg(&"", Style::Simple).is_err());
        assert_eq!(seg(&42, Style::Simple).unwrap(), "42");
        assert_eq!(seg(&["a", "b,c"], Style::Simple).unwrap(), "a,b%2Cc");
        assert_eq!(seg(&["a", "b"], Style::Label).unwrap(), ".a,b");
        assert_eq!(seg(&["a", "b"], Style::LabelExplode).unwrap(), ".a.b");
        assert_eq!(seg(&["a", "b"], Style::Matrix).unwrap(), ";id=a,b");
        assert_eq!(seg(&["a", "b"], Style::MatrixExplode).unwrap(), ";id=a;id=b");
        assert_eq!(seg(&5, Style::Matrix).unwrap(), ";id=5");
        let r = Request::new("op", reqwest::Method::GET, "/a/{id}/b/{k}").path("id", &"{k}").path("k", &"z");
        assert_eq!(r.path, "/a/%7Bk%7D/b/z");
        assert!(Request::new("op", reqwest::Method::GET, "/a/{id}").path("id", &"..").error.is_some());
    }
}
