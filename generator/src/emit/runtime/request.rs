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

/// What every request builder carries: the client, and this call's options.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) client: crate::Client,
    /// Overrides the client's timeout.
    pub(crate) timeout: Option<std::time::Duration>,
    /// Identity headers overridden for this call.
    pub(crate) settings: Vec<(&'static str, String)>,
}

impl Call {
    /// A call with the client's defaults.
    pub(crate) fn new(client: &crate::Client) -> Self {
        Call { client: client.clone(), timeout: None, settings: Vec::new() }
    }

    /// Overrides identity header `name` for this call.
    #[allow(dead_code)]
    pub(crate) fn set(&mut self, name: &'static str, value: String) {
        self.settings.retain(|(n, _)| *n != name);
        self.settings.push((name, value));
    }

    /// A request of `operation` for `method` on the path `template` (`/v1/users/{id}`), sending
    /// the identity headers `settings` (this call's value, else the client's).
    pub(crate) fn request(&self, operation: &'static str, method: reqwest::Method, template: &str, settings: &[&'static str]) -> Request {
        let mut request = Request::new(operation, method, template);
        request.timeout = self.timeout;
        request.settings = settings
            .iter()
            .map(|name| (*name, self.settings.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())))
            .collect();
        request
    }
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
    /// The body and its media type.
    pub(crate) body: Option<(Vec<u8>, String)>,
    /// Cookie parameters, `name=value`.
    pub(crate) cookies: Vec<String>,
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
            cookies: Vec::new(),
            timeout: None,
            error: None,
        }
    }

    /// Fills in path parameter `{name}`, encoded as one whole segment.
    pub(crate) fn path(self, name: &str, value: &impl Serialize) -> Self {
        self.path_styled(name, value, Style::Simple)
    }

    /// Fills in path parameter `{name}` written in `style` (`simple`, `label`, `matrix`).
    pub(crate) fn path_styled(mut self, name: &str, value: &impl Serialize, style: Style) -> Self {
        match path_segment(name, value, style) {
            Ok(segment) => self.path = self.path.replacen(&format!("{{{name}}}"), &segment, 1),
            Err(e) => self.fail(e),
        }
        self
    }

    /// Adds cookie `name` unless `value` is `None`.
    pub(crate) fn cookie(mut self, name: &str, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) => self.cookies.push(format!("{name}={}", utf8_percent_encode(&joined(&value, ",", false), ESCAPED))),
            Err(e) => self.fail(format!("cannot encode cookie `{name}`: {e}")),
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

    /// Adds header `name` unless `value` is `None` (`simple` style: arrays and objects joined by
    /// commas).
    pub(crate) fn header(mut self, name: &'static str, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) => self.headers.push((name, joined(&value, ",", false))),
            Err(e) => self.fail(format!("cannot encode header `{name}`: {e}")),
        }
        self
    }

    /// Sets the JSON body.
    pub(crate) fn json(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
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
                let mut pairs = Vec::new();
                flatten("", &value, Style::Form, &mut pairs);
                self.body = Some((pairs.join("&").into_bytes(), "application/x-www-form-urlencoded".into()));
            }
            Err(e) => self.fail(format!("cannot encode the request body: {e}")),
        }
        self
    }

    /// Sets a `multipart/form-data` body: one part per field of `fields` that is set, and one
    /// part per file.
    pub(crate) fn multipart(mut self, fields: &impl Serialize, files: Vec<(&str, Option<bytes::Bytes>)>) -> Self {
        const BOUNDARY: &str = "----openapi-rs-generator-boundary-7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        let mut part = |name: &str, filename: bool, content: &[u8]| {
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
                            other => other.to_string(),
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
    let value = serde_json::to_value(value).map_err(|e| format!("cannot encode path parameter `{name}`: {e}"))?;
    let text = scalar(&value);
    if matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_)) && (text.is_empty() || text == "." || text == "..") {
        return Err(format!("path parameter `{name}` cannot be {text:?}: the request would reach another URL"));
    }
    let enc = |v: &Value| utf8_percent_encode(&scalar(v), ESCAPED).to_string();
    let items: Vec<String> = match &value {
        Value::Array(items) => items.iter().map(enc).collect(),
        Value::Object(map) => match style {
            Style::SimpleExplode | Style::LabelExplode | Style::MatrixExplode => {
                map.iter().map(|(k, v)| format!("{}={}", utf8_percent_encode(k, ESCAPED), enc(v))).collect()
            }
            _ => map.iter().flat_map(|(k, v)| [utf8_percent_encode(k, ESCAPED).to_string(), enc(v)]).collect(),
        },
        scalar_value => vec![enc(scalar_value)],
    };
    let name = utf8_percent_encode(name, ESCAPED).to_string();
    Ok(match style {
        Style::Label => format!(".{}", items.join(",")),
        Style::LabelExplode => format!(".{}", items.join(".")),
        Style::Matrix => format!(";{name}={}", items.join(",")),
        Style::MatrixExplode if value.is_object() => format!(";{}", items.join(";")),
        Style::MatrixExplode => items.iter().map(|i| format!(";{name}={i}")).collect(),
        _ => items.join(","),
    })
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
            Style::FormComma | Style::SpaceDelimited | Style::PipeDelimited => {
                // The separators stay literal; the same characters inside an item are escaped.
                let separator = match style {
                    Style::FormComma => ",",
                    Style::SpaceDelimited => "%20",
                    _ => "|",
                };
                let items: Vec<String> = items.iter().map(|i| utf8_percent_encode(&scalar(i), ESCAPED).to_string()).collect();
                out.push(format!("{}={}", utf8_percent_encode(name, ESCAPED), items.join(separator)));
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
        _ => out.push(query_pair(name, &scalar(value))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Values of any type, for table-like tests.
    mod erased {
        pub trait Value {
            fn json(&self) -> serde_json::Value;
        }
        impl<T: serde::Serialize> Value for T {
            fn json(&self) -> serde_json::Value {
                serde_json::to_value(self).unwrap()
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
            .multipart(&serde_json::json!({"title": "t", "skip": null}), vec![("file", Some(bytes::Bytes::from_static(b"xyz")))]);
        let (body, media) = r.body.unwrap();
        let body = String::from_utf8(body).unwrap();
        assert!(media.starts_with("multipart/form-data; boundary="));
        assert!(body.contains("name=\"title\"\r\n\r\nt\r\n"), "{body}");
        assert!(body.contains("name=\"file\"; filename=\"file\""), "{body}");
        assert!(!body.contains("skip"));
    }

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
        assert_eq!(encode("ids", &["a b", "c"], Style::SpaceDelimited), "ids=a%20b%20c");
        assert_eq!(encode("ids", &["a|b", "c"], Style::PipeDelimited), "ids=a%7Cb|c");
    }

    #[test]
    fn path_segments() {
        let seg = |v: &dyn erased::Value, style| path_segment("id", &v.json(), style);
        assert_eq!(seg(&"a/b c", Style::Simple).unwrap(), "a%2Fb%20c");
        assert_eq!(seg(&"x.y~z", Style::Simple).unwrap(), "x.y~z");
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
