//! Facts of OpenAPI itself, written once and used by every stage: the HTTP methods of a path
//! item and the keys it and an operation may have, status-code keys, path templates
//! ([`template`]), JSON pointers ([`mod@pointer`]), `$ref`s and what they point at ([`mod@reference`]),
//! and the parameters an operation takes (its path item's, overridden by its own).
//!
//! Nothing here reports to the user or makes Rust names: it answers questions about a document,
//! and the stages decide what to say.

pub mod carried;
pub mod pointer;
pub mod reference;
pub mod template;

use std::borrow::Cow;

use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr};
use serde_json::Value;

pub use reference::{ComponentRef, JsonView, Reference};
pub use template::PathTemplate;

/// The HTTP methods a path item can have an operation for, in OpenAPI's order (and the keys
/// they have in it).
/// The model's `Method::ALL` is the same list (tested there).
pub const METHODS: &[&str] = METHODS_3_2.split_at(8).0;

/// The keys of a path item.
pub const PATH_ITEM_KEYS: &[&str] =
    &["$ref", "summary", "description", "get", "put", "post", "delete", "options", "head", "patch", "trace", "servers", "parameters"];

/// The keys of an operation.
pub const OPERATION_KEYS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];

/// The schema types of OpenAPI 3.0.
pub const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// The JSON Schema dialect of OpenAPI 3.1's schemas (its `jsonSchemaDialect` default).
pub const JSON_SCHEMA_DIALECT_3_1: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Whether `version` (the document's `openapi`) is 3.0.x.
pub fn is_3_0(version: &str) -> bool {
    version == "3.0" || version.starts_with("3.0.")
}

/// Whether `version` (the document's `openapi`) is 3.1.x.
pub fn is_3_1(version: &str) -> bool {
    version.starts_with("3.1") && !version[3..].starts_with(|c: char| c.is_ascii_digit())
}

/// Whether `version` (the document's `openapi`) is 3.2.x.
pub fn is_3_2(version: &str) -> bool {
    version.starts_with("3.2") && !version[3..].starts_with(|c: char| c.is_ascii_digit())
}

/// The registered extension (`x-oai-additionalOperations`, in the OpenAPI extension registry)
/// that holds a path item's operations for methods without a field of their own, keyed by the
/// method as sent (`QUERY`, `LINK`): OpenAPI 3.2's `additionalOperations` (and its `query`) before
/// 3.2, and where the loader carries them (`openapiv3` reads the 3.0 path item only).
pub const ADDITIONAL_OPERATIONS: &str = "x-oai-additionalOperations";

/// The methods with a field of their own in an OpenAPI 3.2 path item: never a key of
/// `additionalOperations` (in any case).
pub const METHODS_3_2: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

/// Whether `name` is an HTTP token (RFC 9110: one or more `tchar`s), as methods (the keys of
/// `additionalOperations`) and header names must be.
pub fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The operations of a path item kept under [`ADDITIONAL_OPERATIONS`], with their methods as
/// written and the error of an entry that is not an operation.
pub fn additional_operations(item: &PathItem) -> Vec<(String, Result<Operation, String>)> {
    let Some(Value::Object(ops)) = item.extensions.get(ADDITIONAL_OPERATIONS) else { return Vec::new() };
    ops.iter().map(|(method, op)| (method.clone(), serde_json::from_value::<Operation>(op.clone()).map_err(|e| e.to_string()))).collect()
}

/// The root extension that holds the document's webhooks (requests the API sends to its users,
/// each a path item keyed by the webhook's name): GitHub's spelling in OpenAPI 3.0, and where
/// the loader carries a 3.1 or 3.2 document's `webhooks` (`openapiv3` reads only `x-` keys it
/// does not know).
pub const WEBHOOKS: &str = "x-webhooks";

/// The webhooks of a document ([`WEBHOOKS`]), in document order: each name with its path item,
/// or why the entry is not one (a `$ref` to `components/pathItems` is followed first).
/// The JSON view (`root`) is asked for only to follow a `$ref` (a large document's is made again
/// when the checks have let it go).
pub fn webhooks<J: reference::JsonView + ?Sized>(api: &openapiv3::OpenAPI, root: &J) -> Vec<(String, Result<PathItem, String>)> {
    let Some(Value::Object(hooks)) = api.extensions.get(WEBHOOKS) else { return Vec::new() };
    hooks
        .iter()
        .map(|(name, item)| {
            let item = match item.get("$ref").and_then(Value::as_str) {
                Some(reference) => match reference::Reference::local(reference).and_then(|target| reference::follow(root.view(), &target).ok()) {
                    Some((found, _)) => found.clone(),
                    None => return (name.clone(), Err(format!("its reference `{reference}` leads to no path item"))),
                },
                None => item.clone(),
            };
            (name.clone(), serde_json::from_value::<PathItem>(item).map_err(|e| e.to_string()))
        })
        .collect()
}

/// Every parameter written inline in the document (not a `$ref`) that `keep` keeps, with its
/// pointer: the components', then each path item's own and its operations' (those under
/// [`ADDITIONAL_OPERATIONS`] too), in document order. Borrowed where the document holds them
/// (those of additional operations are read from their extension); only the kept ones: a
/// Graph-sized spec has 40,000 parameters, whose copies took 100 MB at the peak of the run.
/// `paths` are the document's path items (`api.paths.paths`, or the same held apart from it).
pub fn inline_parameters<'a>(
    api: &'a OpenAPI,
    paths: &'a indexmap::IndexMap<String, ReferenceOr<PathItem>>,
    keep: impl Fn(&Parameter) -> bool,
) -> Vec<(String, std::borrow::Cow<'a, Parameter>)> {
    use std::borrow::Cow;
    let mut out = Vec::new();
    let kept = |list: &'a [ReferenceOr<Parameter>], at: &str, out: &mut Vec<(String, Cow<'a, Parameter>)>| {
        for (i, p) in list.iter().enumerate() {
            if let Some(p) = p.as_item().filter(|p| keep(p)) {
                out.push((format!("{at}/parameters/{i}"), Cow::Borrowed(p)));
            }
        }
    };
    if let Some(components) = &api.components {
        for (key, p) in &components.parameters {
            if let Some(p) = p.as_item().filter(|p| keep(p)) {
                out.push((pointer::join("/components/parameters", key), Cow::Borrowed(p)));
            }
        }
    }
    for (path, item) in paths {
        let Some(item) = item.as_item() else { continue };
        let item_pointer = pointer::join("/paths", path);
        kept(&item.parameters, &item_pointer, &mut out);
        for (key, op) in operations(item) {
            kept(&op.parameters, &pointer::join(&item_pointer, key), &mut out);
        }
        let carried = pointer::join(&item_pointer, ADDITIONAL_OPERATIONS);
        for (method, op) in additional_operations(item) {
            let Ok(op) = op else { continue };
            for (i, p) in op.parameters.into_iter().enumerate() {
                if let ReferenceOr::Item(p) = p {
                    if keep(&p) {
                        out.push((format!("{}/parameters/{i}", pointer::join(&carried, &method)), Cow::Owned(p)));
                    }
                }
            }
        }
    }
    out
}

/// Every operation of a path item as JSON (the document's JSON view), with the method as sent
/// (`GET`, `QUERY`) and its pointer below `item_pointer`: those of [`METHODS`], then those under
/// [`ADDITIONAL_OPERATIONS`].
pub fn operation_values<'v>(item: &'v Value, item_pointer: &str) -> Vec<(String, String, &'v Value)> {
    let own = METHODS.iter().filter_map(|m| Some((m.to_ascii_uppercase(), pointer::join(item_pointer, m), item.get(*m)?)));
    let carried = pointer::join(item_pointer, ADDITIONAL_OPERATIONS);
    let additional =
        item.get(ADDITIONAL_OPERATIONS).and_then(Value::as_object).into_iter().flatten().map(|(m, op)| (m.clone(), pointer::join(&carried, m), op));
    own.chain(additional).collect()
}

/// Whether a media type carries JSON (`application/json`, `application/problem+json`; `*/*` is
/// read as JSON too).
pub fn is_json_media_type(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    media == "application/json" || media.ends_with("+json") || media == "*/*"
}

/// Whether `key` is an extension (`x-...`), which every object may have.
pub fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// A key of `responses`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusKey {
    /// `'200'`.
    Code(u16),
    /// `'2XX'`: the first digit.
    Range(u16),
    /// `default`.
    Default,
}

impl StatusKey {
    /// Reads a key of `responses`: a three-digit code from 100 to 599, a range `1XX` to `5XX`, or
    /// `default`.
    pub fn parse(key: &str) -> Option<StatusKey> {
        if key == "default" {
            return Some(StatusKey::Default);
        }
        let bytes = key.as_bytes();
        if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
            return None;
        }
        let first = u16::from(bytes[0] - b'0');
        if bytes[1..].eq_ignore_ascii_case(b"XX") {
            return Some(StatusKey::Range(first));
        }
        key.parse().ok().map(StatusKey::Code)
    }

    /// From `openapiv3`'s reading of the key.
    pub fn of(code: &openapiv3::StatusCode) -> StatusKey {
        match code {
            openapiv3::StatusCode::Code(c) => StatusKey::Code(*c),
            openapiv3::StatusCode::Range(r) => StatusKey::Range(*r),
        }
    }

    /// Whether it is a success status (2xx).
    pub fn is_success(self) -> bool {
        match self {
            StatusKey::Code(c) => (200..300).contains(&c),
            StatusKey::Range(r) => r == 2,
            StatusKey::Default => false,
        }
    }

    /// Whether it is an error status (4xx, 5xx) or `default`.
    pub fn is_error(self) -> bool {
        match self {
            StatusKey::Code(c) => c >= 400,
            StatusKey::Range(r) => r >= 4,
            StatusKey::Default => true,
        }
    }
}

impl std::fmt::Display for StatusKey {
    /// The key as written in a document (`200`, `2XX`, `default`): also its pointer token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusKey::Code(c) => write!(f, "{c}"),
            StatusKey::Range(r) => write!(f, "{r}XX"),
            StatusKey::Default => f.write_str("default"),
        }
    }
}

/// Every operation of a path item, with its method key, in [`METHODS`] order.
pub fn operations(item: &PathItem) -> impl Iterator<Item = (&'static str, &Operation)> {
    let ops = [&item.get, &item.put, &item.post, &item.delete, &item.options, &item.head, &item.patch, &item.trace];
    METHODS.iter().zip(ops).filter_map(|(method, op)| op.as_ref().map(|op| (*method, op)))
}

/// Where a parameter goes: OpenAPI's `in`.
pub fn parameter_location(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Path { .. } => "path",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// What identifies a parameter in a list: its `in` and its name (case-insensitive for headers).
pub fn parameter_identity(p: &Parameter) -> (&'static str, String) {
    let name = &p.parameter_data_ref().name;
    match p {
        Parameter::Header { .. } => ("header", name.to_ascii_lowercase()),
        other => (parameter_location(other), name.clone()),
    }
}

/// One parameter an operation takes, resolved, with the pointer it was declared at (in the path
/// item or in the operation: a `$ref`'s own place, not its target's).
#[derive(Debug, Clone)]
pub struct MergedParameter<'a> {
    /// Where it is declared.
    pub pointer: String,
    /// The parameter.
    pub parameter: Cow<'a, Parameter>,
}

/// The parameters an operation takes: its path item's (at `item_pointer`), overridden by its own
/// (at `op_pointer`) of the same name and location, in declaration order. A reference that
/// leads nowhere is left out and its pointer returned in the second list (the checker reports
/// it; the model says it could not resolve it).
pub fn merged_parameters<'a, J: reference::JsonView + ?Sized>(
    api: &'a OpenAPI,
    json: &J,
    item: &'a PathItem,
    item_pointer: &str,
    op: &'a Operation,
    op_pointer: &str,
) -> (Vec<MergedParameter<'a>>, Vec<(String, &'a str)>) {
    let mut merged: Vec<MergedParameter<'a>> = Vec::new();
    let mut unresolved = Vec::new();
    let declared = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("{item_pointer}/parameters/{i}"), p))
        .chain(op.parameters.iter().enumerate().map(|(i, p)| (format!("{op_pointer}/parameters/{i}"), p)));
    for (pointer, p) in declared {
        let Some(parameter) = reference::resolve(api, json, p) else {
            if let ReferenceOr::Reference { reference } = p {
                unresolved.push((pointer, reference.as_str()));
            }
            continue;
        };
        let identity = parameter_identity(&parameter);
        merged.retain(|m| parameter_identity(&m.parameter) != identity);
        merged.push(MergedParameter { pointer, parameter });
    }
    (merged, unresolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_parameters_of_every_place_with_their_pointers() {
        let api: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "components": {"parameters": {"Shared": {"name": "shared", "in": "query", "schema": {"type": "string"}}}},
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {"parameters": [{"$ref": "#/components/parameters/Shared"}, {"name": "x-bot", "in": "header", "schema": {"type": "string"}}], "responses": {}},
                "x-oai-additionalOperations": {"QUERY": {"parameters": [{"name": "x-user", "in": "header", "schema": {"type": "string"}}], "responses": {}}}
            }}
        }))
        .unwrap();
        let found: Vec<(String, String)> =
            inline_parameters(&api, &api.paths.paths, |_| true).into_iter().map(|(at, p)| (at, p.parameter_data_ref().name.clone())).collect();
        let expected = [
            ("/components/parameters/Shared", "shared"),
            ("/paths/~1a~1{id}/parameters/0", "id"),
            ("/paths/~1a~1{id}/get/parameters/1", "x-bot"),
            ("/paths/~1a~1{id}/x-oai-additionalOperations/QUERY/parameters/0", "x-user"),
        ];
        assert_eq!(found, expected.map(|(a, n)| (a.to_string(), n.to_string())));
    }

    #[test]
    fn status_keys() {
        let cases: &[(&str, Option<StatusKey>)] = &[
            ("200", Some(StatusKey::Code(200))),
            ("404", Some(StatusKey::Code(404))),
            ("2XX", Some(StatusKey::Range(2))),
            ("5xx", Some(StatusKey::Range(5))),
            ("default", Some(StatusKey::Default)),
            ("600", None),
            ("099", None),
            ("1000", None),
            ("20", None),
            ("ok", None),
            ("Default", None),
            ("2X0", None),
        ];
        for (key, expected) in cases {
            assert_eq!(StatusKey::parse(key), *expected, "{key}");
        }
        assert_eq!(StatusKey::Range(4).to_string(), "4XX");
        assert!(StatusKey::Code(204).is_success() && !StatusKey::Code(204).is_error());
        assert!(StatusKey::Default.is_error() && StatusKey::Range(5).is_error());
    }

    #[test]
    fn status_keys_agree_with_openapiv3() {
        let theirs = |key: &str| serde_json::from_value::<openapiv3::StatusCode>(Value::String(key.into())).ok().map(|c| StatusKey::of(&c));
        for key in ["100", "200", "2XX", "599", "5XX", "abc", "20", "1000", "2xx"] {
            assert_eq!(StatusKey::parse(key), theirs(key), "{key}");
        }
        // `openapiv3` reads any number and any digit range; HTTP has 1xx to 5xx only.
        for key in ["600", "6XX"] {
            assert!(theirs(key).is_some() && StatusKey::parse(key).is_none(), "{key}");
        }
    }

    #[test]
    fn operation_parameters_override_the_path_items() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}, description: item}
      - {name: X-Trace, in: header, schema: {type: string}}
      - {$ref: '#/components/parameters/Missing'}
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}, description: op}
        - {name: x-trace, in: header, schema: {type: string}, description: op}
        - {name: id, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
"#;
        let api: OpenAPI = serde_yaml::from_str(yaml).unwrap();
        let json = serde_json::to_value(&api).unwrap();
        let item = api.paths.paths["/a/{id}"].as_item().unwrap();
        let (op_key, op) = operations(item).next().unwrap();
        assert_eq!(op_key, "get");
        let (merged, unresolved) = merged_parameters(&api, &json, item, "/p", op, "/p/get");
        let seen: Vec<(&str, &str, Option<&str>)> = merged
            .iter()
            .map(|m| (m.pointer.as_str(), parameter_location(&m.parameter), m.parameter.parameter_data_ref().description.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [("/p/get/parameters/0", "path", Some("op")), ("/p/get/parameters/1", "header", Some("op")), ("/p/get/parameters/2", "query", None)]
        );
        assert_eq!(unresolved, [("/p/parameters/2".to_string(), "#/components/parameters/Missing")]);
    }
}
