//! One request on its way out: how path, query, headers and body are encoded.
//!
//! This file is the same in every crate the generator writes. Encoding follows RFC 3986: only
//! unreserved characters stay as they are, and a path parameter is always one whole segment
//! (`/` becomes `%2F`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How a query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub(crate) enum Style {
    /// `key=value`; an array repeats the key; an object gives `sub=value` pairs.
    Form,
    /// `key=a,b,c`.
    FormComma,
    /// `key.sub=value`.
    Dot,
    /// `key[sub]=value`.
    DeepObject,
}

/// A request, built by an operation's `send` and sent by [`crate::Client`].
#[derive(Debug)]
pub(crate) struct Request {
    /// The operationId, for tracing.
    pub(crate) operation: &'static str,
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    /// Encoded `key=value` pairs.
    pub(crate) query: Vec<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Identity headers: the call's value, or the client's when `None`.
    pub(crate) settings: Vec<(&'static str, Option<String>)>,
    pub(crate) body: Option<Vec<u8>>,
    /// Overrides the client's timeout.
    pub(crate) timeout: Option<std::time::Duration>,
    /// The first problem met while building; reported by `send` instead of sending.
    pub(crate) error: Option<String>,
}

#[allow(dead_code)]
impl Request {
    /// A request of `operation` for `method` on the path `template` (`/v1/users/{id}`).
    pub(crate) fn new(operation: &'static str, method: reqwest::Method, template: &str) -> Self {
        Request {
            operation,
            method,
            path: template.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            settings: Vec::new(),
            body: None,
            timeout: None,
            error: None,
        }
    }

    /// Overrides the client's timeout for this request.
    pub(crate) fn timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Fills in path parameter `{name}`, encoded as one whole segment.
    pub(crate) fn path(mut self, name: &str, value: &impl Serialize) -> Self {
        match path_segment(name, value) {
            Ok(segment) => self.path = self.path.replacen(&format!("{{{name}}}"), &segment, 1),
            Err(e) => self.fail(e),
        }
        self
    }

    /// Adds query parameter `name`; `None`, empty arrays and empty objects are left out.
    pub(crate) fn query(mut self, name: &str, value: &impl Serialize, style: Style) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => flatten(name, &value, style, &mut self.query),
            Err(e) => self.fail(format!("cannot encode query parameter `{name}`: {e}")),
        }
        self
    }

    /// Adds header `name` unless `value` is `None`.
    pub(crate) fn header(mut self, name: &'static str, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) => self.headers.push((name, scalar(&value))),
            Err(e) => self.fail(format!("cannot encode header `{name}`: {e}")),
        }
        self
    }

    /// Adds identity header `name`: `value` if set, else the client's.
    pub(crate) fn setting(mut self, name: &'static str, value: &Option<String>) -> Self {
        self.settings.push((name, value.clone()));
        self
    }

    /// Sets the JSON body.
    pub(crate) fn json(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.fail(format!("cannot encode the request body: {e}")),
        }
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
fn path_segment(name: &str, value: &impl Serialize) -> Result<String, String> {
    let value = serde_json::to_value(value).map_err(|e| format!("cannot encode path parameter `{name}`: {e}"))?;
    let text = scalar(&value);
    if text.is_empty() || text == "." || text == ".." {
        return Err(format!("path parameter `{name}` cannot be {text:?}: the request would reach another URL"));
    }
    Ok(utf8_percent_encode(&text, ESCAPED).to_string())
}

/// `key=value`, both escaped.
pub(crate) fn query_pair(key: &str, value: &str) -> String {
    format!("{}={}", utf8_percent_encode(key, ESCAPED), utf8_percent_encode(value, ESCAPED))
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        // A whole number is written as one (`25`, not `25.0`), as JavaScript would.
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Value::Bool(_) => value.to_string(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

fn flatten(name: &str, value: &Value, style: Style, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Array(items) if items.is_empty() => {}
        Value::Object(map) if map.is_empty() => {}
        Value::Array(items) => match style {
            Style::FormComma => {
                // The separating commas stay literal; commas inside an item are escaped.
                let items: Vec<String> = items.iter().map(|i| utf8_percent_encode(&scalar(i), ESCAPED).to_string()).collect();
                out.push(format!("{}={}", utf8_percent_encode(name, ESCAPED), items.join(",")));
            }
            _ => items.iter().for_each(|item| flatten(name, item, style, out)),
        },
        Value::Object(map) => {
            for (key, item) in map {
                let key = match style {
                    Style::Dot => format!("{name}.{key}"),
                    Style::DeepObject => format!("{name}[{key}]"),
                    Style::Form | Style::FormComma => key.clone(),
                };
                flatten(&key, item, style, out);
            }
        }
        _ => out.push(query_pair(name, &scalar(value))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn encode(name: &str, value: &impl Serialize, style: Style) -> String {
        let mut out = Vec::new();
        flatten(name, &serde_json::to_value(value).unwrap(), style, &mut out);
        out.join("&")
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
    }

    #[test]
    fn path_segments() {
        assert_eq!(path_segment("id", &"a/b c").unwrap(), "a%2Fb%20c");
        assert_eq!(path_segment("id", &"x.y~z").unwrap(), "x.y~z");
        assert!(path_segment("id", &".").is_err());
        assert!(path_segment("id", &"..").is_err());
        assert!(path_segment("id", &"").is_err());
        assert_eq!(path_segment("n", &42).unwrap(), "42");
        let r = Request::new("op", reqwest::Method::GET, "/a/{id}/b/{k}").path("id", &"{k}").path("k", &"z");
        assert_eq!(r.path, "/a/%7Bk%7D/b/z");
        assert!(Request::new("op", reqwest::Method::GET, "/a/{id}").path("id", &"..").error.is_some());
    }
}
