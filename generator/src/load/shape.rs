//! Shape errors: a document that parses but is not OpenAPI 3.0 — the exact node that is wrong,
//! and serde's message reworded for a spec author.
//!
//! serde's path stops early where `openapiv3` buffers a value (the untagged `ReferenceOr`, the
//! flattened `paths` and `responses` maps, the tagged parameters). This module knows which
//! objects those are and what each holds (a small grammar of OpenAPI beside `openapiv3`'s), so
//! it can re-validate the subtree node by node and point at the one that fails.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::openapi::pointer;

use super::position::locate;
use super::raw_value;

/// A document that parses but is not an OpenAPI 3.0 document: find the node that is wrong.
///
/// serde's path stops early where `openapiv3` buffers a value (the untagged `ReferenceOr`, the
/// flattened `paths` and `responses` maps, the tagged parameters): the error is then somewhere
/// below that point. [`refine`] re-validates that subtree, node by node, to find the exact one.
pub(super) fn shape_error(path: &Path, source: &str, is_json: bool, pointer: String, line_col: Option<(usize, usize)>, message: &str) -> Diagnostic {
    let mut message = strip_serde_path(message).to_string();
    let mut pointer = pointer;
    let raw = raw_value(source, is_json);
    if let Some(raw) = &raw {
        if raw.is_null() {
            return Diagnostic::error(Location { file: path.to_path_buf(), pointer: String::new(), line_col: Some((1, 1)) }, "the document is empty")
                .help("write an OpenAPI 3.0 document: `openapi: 3.0.3`, `info: {title: ..., version: ...}` and `paths: {}` at least");
        }
        if !message.starts_with("recursion limit") {
            (pointer, message) = narrow(raw, pointer, message);
        }
    }
    if message.starts_with("recursion limit") {
        // The full pointer is 128 levels long: point at the top of the nest instead.
        pointer = pointer.split('/').take(4).collect::<Vec<_>>().join("/");
    }
    let line_col = if message.starts_with("recursion limit") { line_col } else { locate(source, &pointer).or(line_col) };
    located(path, raw.as_ref(), pointer, line_col, &message)
}

/// The error for the node at `pointer`, known to be the one that is wrong: serde's `message`
/// reworded, with what is there now.
pub(super) fn located(path: &Path, raw: Option<&serde_json::Value>, pointer: String, line_col: Option<(usize, usize)>, message: &str) -> Diagnostic {
    let found = raw.and_then(|r| r.pointer(&pointer));
    let (message, help) = explain(&pointer, strip_serde_path(message), found);
    Diagnostic::error(Location { file: path.to_path_buf(), pointer, line_col }, format!("invalid OpenAPI document: {message}")).help(help)
}

/// Where serde's path stopped early (a buffered value), the node below `pointer` that gives the
/// same `message`; else `pointer` as it is.
pub(super) fn narrow(raw: &serde_json::Value, pointer: String, message: String) -> (String, String) {
    match refine(raw, &pointer) {
        Some((refined, refined_message)) if refined_message == message => (refined, refined_message),
        _ => (pointer, message),
    }
}

/// serde_yaml puts the path it knows in front of its message (`paths: invalid type: ...`); we print
/// the pointer ourselves.
pub(super) fn strip_serde_path(message: &str) -> &str {
    const STARTS: &[&str] = &[
        "invalid type",
        "invalid value",
        "invalid length",
        "unknown variant",
        "unknown field",
        "missing field",
        "duplicate field",
        "data did not match",
        "recursion limit",
        "duplicate entry",
        "repetition limit",
    ];
    let mut at = 0;
    while let Some(i) = message[at..].find(": ") {
        let rest = &message[at + i + 2..];
        if STARTS.iter().any(|s| rest.starts_with(s)) {
            return rest;
        }
        at += i + 2;
    }
    message
}

/// What a serde message means for an OpenAPI author: the message, reworded, and what to do.
pub(super) fn explain(pointer: &str, message: &str, found: Option<&serde_json::Value>) -> (String, String) {
    let tokens: Vec<String> = pointer::tokens(pointer).collect();
    let last = tokens.last().cloned().unwrap_or_default();
    // How to name the node in a sentence.
    let node = match &tokens[..] {
        [] => "the document".to_string(),
        [.., parent, index] if index.parse::<usize>().is_ok() => format!("item {index} of `{parent}`"),
        [.., key] => format!("`{key}`"),
    };
    let is_param_in = last == "in" && pointer.contains("/parameters/");
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if is_param_in && rest.starts_with("`body`") {
            return (
                "`in: body` is a Swagger 2.0 parameter; OpenAPI 3.0 has no body parameters".into(),
                "remove the parameter and describe the body under the operation's `requestBody: {content: {application/json: {schema: ...}}}`".into(),
            );
        }
        if is_param_in && rest.starts_with("`formData`") {
            return (
                "`in: formData` is a Swagger 2.0 parameter; OpenAPI 3.0 has no form parameters".into(),
                "describe the form under `requestBody: {content: {application/x-www-form-urlencoded: {schema: ...}}}`".into(),
            );
        }
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ");
        return (format!("{node} is {value}, which is not one of {expected}"), format!("use one of {expected} (spelling and case matter)"));
    }
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
        let help = match field {
            "openapi" if pointer.is_empty() => {
                let swagger = found.and_then(|f| f.get("swagger")).is_some();
                if swagger {
                    "this is a Swagger 2.0 document: convert it to OpenAPI 3.0 first (e.g. with swagger2openapi or the Swagger Editor's converter)"
                        .into()
                } else {
                    "this does not look like an OpenAPI 3.0 document: it needs `openapi: 3.0.x` at the top (Swagger 2.0 documents must be converted first)".into()
                }
            }
            "info" if pointer.is_empty() => "add `info: {title: ..., version: ...}` at the top level (the API's name and version)".into(),
            "paths" if pointer.is_empty() => "add `paths:` with the API's paths at the top level (`paths: {}` if there are none)".into(),
            "version" if pointer == "/info" => "add the API's version to `info`, e.g. `version: '1.0'`".into(),
            "title" if pointer == "/info" => "add the API's name to `info`, e.g. `title: Pet Store`".into(),
            "in" => "add `in: query`, `in: path`, `in: header` or `in: cookie` to this parameter".into(),
            "name" => "add the parameter's `name`".into(),
            "responses" => "add `responses:` with at least one status code, e.g. `responses: {'200': {description: OK}}`".into(),
            "description" => "add a `description` (responses must have one, even a short one)".into(),
            "type" => "add the security scheme's `type`: `apiKey`, `http`, `oauth2` or `openIdConnect`".into(),
            _ => format!("add the required field `{field}` here (see the OpenAPI 3.0 specification for this object)"),
        };
        return (format!("{node} is missing the required field `{field}`"), help);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        let (what, help) = expected_help(expected, &last, &node);
        return (format!("{node} should be {what}, not {}", found_text(got)), help);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, "another value"));
        return (format!("{node} is {}, expected {expected}", found_text(got)), format!("change {node} to {expected}"));
    }
    if let Some(field) = message.strip_prefix("duplicate field `").and_then(|m| m.split('`').next()) {
        return (format!("{node} has `{field}` twice"), format!("keep one `{field}:` (merge the two if both hold something needed)"));
    }
    if message.starts_with("data did not match any variant of untagged enum AdditionalProperties") {
        return (
            "`additionalProperties` should be `true`, `false` or a schema".into(),
            "write `additionalProperties: true`, `false`, or a schema such as `{type: string}`".into(),
        );
    }
    if message.starts_with("recursion limit exceeded") {
        return (
            "the document nests more than 128 levels deep".into(),
            "move nested schemas into `components/schemas` and refer to them with `$ref`".into(),
        );
    }
    if message.starts_with("repetition limit exceeded") {
        return (
            "YAML aliases expand to too large a document".into(),
            "write the repeated parts with fewer nested aliases (`*name`), or refer to components with `$ref`".into(),
        );
    }
    (message.to_string(), "fix the value at this pointer so that it matches the OpenAPI 3.0 schema for it".into())
}

/// serde's name for what it found, for a sentence ("sequence" → "a list").
fn found_text(got: &str) -> String {
    match got {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "unit value" => "empty (null)".into(),
        g if g.starts_with("string ") => format!("the string {}", &g[7..]),
        g if g.starts_with("integer ") || g.starts_with("floating point ") => format!("the number {}", g.rsplit(' ').next().unwrap_or(g)),
        g if g.starts_with("boolean ") => g[8..].to_string(),
        g => g.to_string(),
    }
}

fn expected_help(expected: &str, last: &str, key: &str) -> (String, String) {
    if last == "type" && expected == "a string" {
        return (
            "one type name".into(),
            "in OpenAPI 3.0 `type` is one of string, number, integer, boolean, array, object; a list such as `[string, 'null']` is OpenAPI 3.1: write `type: string` and `nullable: true`".into(),
        );
    }
    match expected {
        "struct OpenAPI" => (
            "a mapping (an OpenAPI object)".into(),
            "the document must be a mapping with `openapi: 3.0.x`, `info` and `paths` at the top level".into(),
        ),
        "struct Schema" | "struct Box<Schema>" => (
            "a schema".into(),
            format!("write a schema mapping for {key}, e.g. `{{type: string}}`, or a reference `{{$ref: '#/components/schemas/Name'}}`"),
        ),
        "a sequence" => ("a list".into(), format!("write {key} as a list: `[a, b]`, or one `- item` per line")),
        "a map" | "a YAML mapping" => ("a mapping".into(), format!("write {key} as a mapping: `name: value` pairs, indented under it")),
        "a string" => ("a string".into(), format!("write {key} as text (quote it if it looks like a number or contains `: `)")),
        "a boolean" => ("a boolean".into(), format!("write `{last}: true` or `{last}: false`")),
        "a sequence or a map" => ("a list or a mapping".into(), format!("write {key} as a list or a mapping")),
        e if e.starts_with("struct ") || e.starts_with("internally tagged enum ") => {
            let name = e.rsplit(' ').next().unwrap_or(e);
            (
                format!("a {name} object (a mapping)"),
                format!("write {key} as a {name} object: a mapping with the fields the OpenAPI 3.0 specification lists for it"),
            )
        }
        e => (e.to_string(), format!("write {key} as {e}")),
    }
}

/// The kinds of OpenAPI objects whose values `openapiv3` buffers (so serde loses the path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    OpenApi,
    Paths,
    PathItem,
    Operation,
    Callback,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Encoding,
    Schema,
    Components,
    SecurityScheme,
    Example,
    Link,
    AdditionalProperties,
}

/// How a child holds its kind: itself, or as every value of a mapping or item of a list.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shape {
    One,
    Map,
    List,
}

/// A child slot of an object: `(kind, shape, may be a $ref)`.
pub(super) type Slot = (Kind, Shape, bool);

pub(super) fn slot(kind: Kind, key: &str) -> Option<Slot> {
    use Kind::*;
    use Shape::*;
    Some(match (kind, key) {
        (OpenApi, "paths") => (Paths, One, false),
        (OpenApi, "components") => (Components, One, false),
        (Paths, k) if k.starts_with('/') => (PathItem, One, true),
        (Callback, _) => (PathItem, One, false),
        (PathItem, k) if crate::openapi::METHODS.contains(&k) => (Operation, One, false),
        (PathItem | Operation, "parameters") => (Parameter, List, true),
        (Operation, "requestBody") => (RequestBody, One, true),
        (Operation, "responses") => (Responses, One, false),
        (Operation, "callbacks") => (Callback, Map, true),
        (Responses, k) if crate::openapi::StatusKey::parse(k).is_some() => (Response, One, true),
        (Response, "headers") | (Encoding, "headers") => (Header, Map, true),
        (Response | RequestBody | Parameter | Header, "content") => (MediaType, Map, false),
        (Response, "links") => (Link, Map, true),
        (MediaType | Parameter | Header, "schema") => (Schema, One, true),
        (MediaType | Parameter | Header, "examples") => (Example, Map, true),
        (MediaType, "encoding") => (Encoding, Map, false),
        (Schema, "properties") => (Schema, Map, true),
        (Schema, "items" | "not") => (Schema, One, true),
        (Schema, "additionalProperties") => (AdditionalProperties, One, true),
        (AdditionalProperties, k) => return slot(Schema, k),
        (Schema, "allOf" | "oneOf" | "anyOf") => (Schema, List, true),
        (Components, "schemas") => (Schema, Map, true),
        (Components, "responses") => (Response, Map, true),
        (Components, "parameters") => (Parameter, Map, true),
        (Components, "examples") => (Example, Map, true),
        (Components, "requestBodies") => (RequestBody, Map, true),
        (Components, "headers") => (Header, Map, true),
        (Components, "securitySchemes") => (SecurityScheme, Map, true),
        (Components, "links") => (Link, Map, true),
        (Components, "callbacks") => (Callback, Map, true),
        _ => return None,
    })
}

/// Deserializes `value` as `kind`: `Err((path below value, message))` if it is not one.
pub(super) fn validate(kind: Kind, value: &serde_json::Value) -> Result<(), (String, String)> {
    fn run<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<(), (String, String)> {
        serde_path_to_error::deserialize::<_, T>(value).map(drop).map_err(|e| (path_to_pointer(e.path()), e.into_inner().to_string()))
    }
    use openapiv3 as o;
    match kind {
        Kind::OpenApi => run::<o::OpenAPI>(value),
        Kind::Paths => run::<o::Paths>(value),
        Kind::PathItem => run::<o::PathItem>(value),
        Kind::Operation => run::<o::Operation>(value),
        Kind::Callback => run::<o::Callback>(value),
        Kind::Parameter => run::<o::Parameter>(value),
        Kind::RequestBody => run::<o::RequestBody>(value),
        Kind::Responses => run::<o::Responses>(value),
        Kind::Response => run::<o::Response>(value),
        Kind::Header => run::<o::Header>(value),
        Kind::MediaType => run::<o::MediaType>(value),
        Kind::Encoding => run::<o::Encoding>(value),
        Kind::Schema => run::<o::Schema>(value),
        Kind::Components => run::<o::Components>(value),
        Kind::SecurityScheme => run::<o::SecurityScheme>(value),
        Kind::Example => run::<o::Example>(value),
        Kind::Link => run::<o::Link>(value),
        Kind::AdditionalProperties => run::<o::AdditionalProperties>(value),
    }
}

/// The exact node below `pointer` (where serde stopped) that is not what OpenAPI expects there,
/// with serde's message for it.
fn refine(raw: &serde_json::Value, pointer: &str) -> Option<(String, String)> {
    // Which slot is `pointer`? Walk the grammar down from the root.
    let mut at: Slot = (Kind::OpenApi, Shape::One, false);
    let mut in_container = false;
    let tokens: Vec<String> = if pointer.is_empty() { Vec::new() } else { pointer.strip_prefix('/')?.split('/').map(pointer::unescape).collect() };
    for token in &tokens {
        if in_container {
            in_container = false;
            at.1 = Shape::One;
            continue;
        }
        at = slot(at.0, token)?;
        in_container = !matches!(at.1, Shape::One);
    }
    let value = raw.pointer(pointer)?;
    slot_error(value, at, pointer, 0)
}

fn slot_error(value: &serde_json::Value, (kind, shape, refable): Slot, pointer: &str, depth: usize) -> Option<(String, String)> {
    if depth > 64 {
        return None;
    }
    match shape {
        Shape::One => node_error(value, kind, refable, pointer, depth),
        Shape::Map => value.as_object()?.iter().find_map(|(k, v)| node_error(v, kind, refable, &pointer::join(pointer, k), depth)),
        Shape::List => value.as_array()?.iter().enumerate().find_map(|(i, v)| node_error(v, kind, refable, &format!("{pointer}/{i}"), depth)),
    }
}

pub(super) fn node_error(value: &serde_json::Value, kind: Kind, refable: bool, pointer: &str, depth: usize) -> Option<(String, String)> {
    if refable && value.get("$ref").is_some_and(serde_json::Value::is_string) {
        return None;
    }
    let (path, message) = validate(kind, value).err()?;
    // A child that is wrong itself?
    if let Some(map) = value.as_object() {
        for (key, child) in map {
            if let Some(slot) = slot(kind, key) {
                if let Some(found) = slot_error(child, slot, &pointer::join(pointer, key), depth + 1) {
                    return Some(found);
                }
            }
        }
    }
    // No: the error is in this node, at serde's path, or at the one field without which it is valid.
    if !path.is_empty() {
        return Some((format!("{pointer}{path}"), message));
    }
    if let (Some(map), false) = (value.as_object(), message.starts_with("missing field")) {
        let culprits: Vec<&String> = map
            .keys()
            .filter(|key| {
                let mut without = map.clone();
                without.shift_remove(key.as_str());
                match validate(kind, &serde_json::Value::Object(without)) {
                    Ok(()) => true,
                    Err((_, m)) => m == format!("missing field `{key}`"),
                }
            })
            .collect();
        if let [key] = culprits[..] {
            return Some((pointer::join(pointer, key), message));
        }
    }
    Some((pointer.to_string(), message))
}

/// serde_yaml and serde_json append " at line X column Y" to their messages; we print it ourselves.
pub(super) fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

pub(super) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&pointer::escape(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}
