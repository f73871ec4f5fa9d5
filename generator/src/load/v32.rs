//! OpenAPI 3.2 documents: what 3.2 adds to 3.1, carried into the 3.0 shape `openapiv3` reads
//! before [`super::v31`] rewrites the rest (3.2's schemas are 3.1's).
//!
//! `openapiv3` keeps only the `x-` keys it does not know, so each 3.2 field a client needs moves
//! to an extension the model reads:
//!
//! - a path item's `query` operation and its `additionalOperations` (methods without a field of
//!   their own: `LINK`, `PURGE`) → `x-oai-additionalOperations` (the registered extension that
//!   says the same before 3.2), keyed by the method as sent (`QUERY`);
//! - a media type's `itemSchema` (the schema of one item of a sequential media type:
//!   `text/event-stream`, `application/jsonl`, `application/x-ndjson`, `application/json-seq`)
//!   → `x-item-schema`, what 3.0 and 3.1 documents write;
//! - a tag's `parent` and `kind` → `x-oas-parent`, `x-oas-kind` (operations are grouped into a
//!   module by the top tag of their first tag's family);
//! - an `in: querystring` parameter (the whole query string, one value) → an `in: query` object
//!   in `form` style, exploded (each property a pair: what `application/x-www-form-urlencoded`
//!   content says), marked `x-oas-querystring`;
//! - a media type `$ref` to `components/mediaTypes` → the media type, copied;
//! - a discriminator's `defaultMapping` → `x-oas-defaultMapping` (moved by [`super::v31`], which
//!   walks the schemas).
//!
//! `$self` (the document's own URI, a base for references) is removed, and a reference by it
//! made local ([`local_self_references`], before bundling too): other references are resolved
//! against the file they are written in. A response without `description` (optional in 3.2) gets
//! an empty one. Every moved node remembers where it was written; what has no client meaning
//! here is a warning, what cannot be generated an error, each at its node.

use serde_json::{Map, Value};

use super::v31::{Finding, Place};
use crate::diagnostic::Severity;
use crate::openapi::{self, pointer};

pub use crate::openapi::carried::{DEFAULT_MAPPING, ITEM_SCHEMA, QUERYSTRING, TAG_KIND, TAG_PARENT};

/// What the rewrite moved (`(pointer now, pointer written)`) and found.
#[derive(Default)]
pub struct Rewritten {
    pub moved: Vec<(String, String)>,
    pub findings: Vec<Finding>,
}

impl Rewritten {
    fn finding(&mut self, severity: Severity, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.findings.push(Finding { severity, pointer: pointer.to_string(), message: message.into(), help: help.into() });
    }
}

/// References to the document itself by its `$self` URI
/// (`https://api.example.com/openapi.yaml#/components/schemas/User`) made local
/// (`#/components/schemas/User`), in a 3.2 document that has one. Examples are data, left as
/// they are.
pub fn local_self_references(root: &mut Value) {
    let Some(root) = root.as_object_mut() else { return };
    let is_3_2 = root.get("openapi").and_then(Value::as_str).is_some_and(openapi::is_3_2);
    let Some(this) = root.get("$self").and_then(Value::as_str).filter(|s| is_3_2 && !s.is_empty()).map(str::to_string) else { return };
    let mut stack: Vec<&mut Value> = root.values_mut().collect();
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    if let Some(rest) = reference.strip_prefix(this.as_str()).filter(|rest| rest.is_empty() || rest.starts_with('#')) {
                        *reference = if rest.is_empty() { "#".to_string() } else { rest.to_string() };
                    }
                }
                stack.extend(map.iter_mut().filter(|(k, _)| *k != "example" && *k != "examples").map(|(_, v)| v));
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// Rewrites the 3.2 fields of the document `root` into their 3.0-shaped extensions.
pub fn rewrite(root: &mut Map<String, Value>) -> Rewritten {
    let mut out = Rewritten::default();
    root.remove("$self");
    let media_types = root.get_mut("components").and_then(Value::as_object_mut).and_then(|c| c.remove("mediaTypes"));
    let media_types = match media_types {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    tags(root, &mut out);
    let top = Place { at: String::new(), written: String::new() };
    let mut walker = Walker { media_types: &media_types, out: &mut out };
    for (key, child) in root.iter_mut() {
        let place = top.child(key);
        match key.as_str() {
            "paths" | "webhooks" | openapi::WEBHOOKS => walker.path_items(child, &place),
            "components" => {
                for (kind, entries) in child.as_object_mut().into_iter().flatten() {
                    let kind_place = place.child(kind);
                    match kind.as_str() {
                        "schemas" => {}
                        "pathItems" => walker.path_items(entries, &kind_place),
                        "responses" => walker.responses(entries, &kind_place),
                        _ => walker.walk(entries, &kind_place),
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Tags: `parent` and `kind` kept as extensions; a parent that names no tag, or a family that
/// comes back to a tag, is an error.
fn tags(root: &mut Map<String, Value>, out: &mut Rewritten) {
    let Some(Value::Array(tags)) = root.get_mut("tags") else { return };
    let names: Vec<Option<String>> = tags.iter().map(|t| t.get("name").and_then(Value::as_str).map(str::to_string)).collect();
    for (i, tag) in tags.iter_mut().enumerate() {
        let Some(tag) = tag.as_object_mut() else { continue };
        let at = format!("/tags/{i}");
        for (from, to) in [("parent", TAG_PARENT), ("kind", TAG_KIND)] {
            if let Some(value) = tag.remove(from) {
                out.moved.push((pointer::join(&at, to), pointer::join(&at, from)));
                tag.insert(to.to_string(), value);
            }
        }
        if let Some(parent) = tag.get(TAG_PARENT) {
            let at = pointer::join(&at, TAG_PARENT);
            match parent.as_str() {
                Some(p) if names.iter().flatten().any(|n| n == p) => {}
                Some(p) => out.finding(
                    Severity::Error,
                    &at,
                    format!("tag parent `{p}` is not a tag of the document"),
                    match crate::diagnostic::closest(names.iter().flatten().map(String::as_str), p) {
                        Some(best) => format!("did you mean `{best}`? A parent is the `name` of another entry of `tags`"),
                        None => "a parent is the `name` of another entry of `tags`; add that tag or remove `parent`".into(),
                    },
                ),
                None => out.finding(Severity::Error, &at, "a tag's `parent` must be the name of a tag", "write the parent tag's `name`"),
            }
        }
    }
    // A family that comes back to where it started has no top tag.
    let parents: Vec<Option<String>> = tags.iter().map(|t| t.get(TAG_PARENT).and_then(Value::as_str).map(str::to_string)).collect();
    for (i, name) in names.iter().enumerate() {
        let Some(name) = name else { continue };
        let mut at = i;
        for _ in 0..=tags.len() {
            let Some(parent) = &parents[at] else { break };
            let Some(next) = names.iter().position(|n| n.as_ref() == Some(parent)) else { break };
            if next == i {
                out.finding(
                    Severity::Error,
                    &format!("/tags/{i}/{TAG_PARENT}"),
                    format!("tag `{name}` is its own ancestor: its `parent`s come back to it"),
                    "make one tag of the family a top tag (no `parent`)",
                );
                break;
            }
            at = next;
        }
    }
}

/// The top tag of `tag`'s family, by the `parent`s the loader kept ([`TAG_PARENT`]); `tag`
/// itself when it has no parent (or a family that loops, which the checker reports).
pub fn top_tag<'a>(tags: &'a [openapiv3::Tag], tag: &'a str) -> &'a str {
    let mut at = tag;
    for _ in 0..=tags.len() {
        let parent = tags.iter().find(|t| t.name == at).and_then(|t| t.extensions.get(TAG_PARENT)).and_then(Value::as_str);
        match parent {
            Some(p) if tags.iter().any(|t| t.name == p) => at = p,
            _ => return at,
        }
    }
    tag
}

struct Walker<'a> {
    media_types: &'a Map<String, Value>,
    out: &'a mut Rewritten,
}

impl Walker<'_> {
    /// A map of path items (`paths`, `components/pathItems`, a callback).
    fn path_items(&mut self, node: &mut Value, place: &Place) {
        for (key, item) in node.as_object_mut().into_iter().flatten() {
            let item_place = place.child(key);
            if openapi::is_extension(key) {
                continue;
            }
            self.path_item(item, &item_place);
        }
    }

    fn path_item(&mut self, node: &mut Value, place: &Place) {
        let Some(item) = node.as_object_mut() else { return };
        let query = item.remove("query");
        let additional = item.remove("additionalOperations");
        // Where each carried operation was written (what is below it is walked from there).
        let mut written: Vec<(String, Place)> = Vec::new();
        if query.is_some() || additional.is_some() {
            let carried = place.child(openapi::ADDITIONAL_OPERATIONS);
            let mut ops = match item.remove(openapi::ADDITIONAL_OPERATIONS) {
                Some(Value::Object(ops)) => ops,
                _ => Map::new(),
            };
            if let Some(op) = query {
                self.out.moved.push((carried.child("QUERY").at, place.child("query").written));
                written.push(("QUERY".into(), Place { at: carried.child("QUERY").at, written: place.child("query").written }));
                ops.insert("QUERY".into(), op);
            }
            match additional {
                Some(Value::Object(more)) => {
                    for (method, op) in more {
                        let was = place.child("additionalOperations").child(&method).written;
                        if !openapi::is_token(&method) {
                            self.out.finding(
                                Severity::Error,
                                &carried.child(&method).at,
                                format!("`{method}` is not an HTTP method name"),
                                "a key of `additionalOperations` is the method as sent: letters, digits and `!#$%&'*+-.^_`|~`",
                            );
                        } else if openapi::METHODS_3_2.contains(&method.to_ascii_lowercase().as_str()) {
                            let lower = method.to_ascii_lowercase();
                            self.out.finding(
                                Severity::Error,
                                &carried.child(&method).at,
                                format!("`{method}` has a field of its own in a path item, so it cannot be an additional operation"),
                                format!("write the operation as the path item's `{lower}`"),
                            );
                        } else if ops.contains_key(&method) {
                            self.out.finding(
                                Severity::Error,
                                &carried.child(&method).at,
                                format!(
                                    "the path item has two `{method}` operations (`additionalOperations` and `{}`)",
                                    openapi::ADDITIONAL_OPERATIONS
                                ),
                                "keep one of them",
                            );
                        }
                        self.out.moved.push((carried.child(&method).at, was.clone()));
                        written.push((method.clone(), Place { at: carried.child(&method).at, written: was }));
                        ops.insert(method, op);
                    }
                }
                Some(_) => self.out.finding(
                    Severity::Error,
                    &place.child("additionalOperations").at,
                    "`additionalOperations` must be a map of methods to operations",
                    "write `additionalOperations: {LINK: {...}}`",
                ),
                None => {}
            }
            item.insert(openapi::ADDITIONAL_OPERATIONS.into(), Value::Object(ops));
        }
        // The carried operations from where they were written; the rest of the item as it is.
        let mut carried_ops = item.remove(openapi::ADDITIONAL_OPERATIONS);
        if let Some(Value::Object(ops)) = &mut carried_ops {
            for (method, op) in ops.iter_mut() {
                let op_place = written
                    .iter()
                    .find(|(m, _)| m == method)
                    .map_or_else(|| place.child(openapi::ADDITIONAL_OPERATIONS).child(method), |(_, p)| p.clone());
                self.walk(op, &op_place);
            }
        }
        self.walk(node, place);
        if let (Some(ops), Some(item)) = (carried_ops, node.as_object_mut()) {
            item.insert(openapi::ADDITIONAL_OPERATIONS.into(), ops);
        }
    }

    /// A map of responses by status (or of components): each without a `description` gets an
    /// empty one (optional since 3.2, required by the 3.0 shape).
    fn responses(&mut self, node: &mut Value, place: &Place) {
        for (key, response) in node.as_object_mut().into_iter().flatten() {
            if openapi::is_extension(key) {
                continue;
            }
            if let Some(response) = response.as_object_mut() {
                if !response.contains_key("$ref") && !response.contains_key("description") {
                    response.insert("description".into(), Value::String(String::new()));
                }
            }
            self.walk(response, &place.child(key));
        }
    }

    /// A map of media types.
    fn content(&mut self, node: &mut Value, place: &Place) {
        for (name, media) in node.as_object_mut().into_iter().flatten() {
            let mut media_place = place.child(name);
            let reference = media.get("$ref").and_then(Value::as_str).map(str::to_string);
            if let Some(reference) = reference {
                let target = reference.strip_prefix("#/components/mediaTypes/").map(pointer::unescape);
                match target.as_ref().and_then(|t| self.media_types.get(t)) {
                    Some(found) => {
                        let mut copy = found.clone();
                        if let (Value::Object(copy), Value::Object(siblings)) = (&mut copy, &*media) {
                            for (k, v) in siblings.iter().filter(|(k, _)| *k != "$ref") {
                                copy.insert(k.clone(), v.clone());
                            }
                        }
                        *media = copy;
                        let written = pointer::join("/components/mediaTypes", target.as_deref().unwrap_or_default());
                        self.out.moved.push((media_place.at.clone(), written.clone()));
                        media_place.written = written;
                    }
                    None => {
                        self.out.finding(
                            Severity::Error,
                            &media_place.child("$ref").at,
                            format!("media type reference `{reference}` does not name an entry of `components/mediaTypes`"),
                            "point it at `#/components/mediaTypes/<name>`, or write the media type inline",
                        );
                        continue;
                    }
                }
            }
            let Some(map) = media.as_object_mut() else { continue };
            if let Some(item) = map.remove("itemSchema") {
                if map.contains_key(ITEM_SCHEMA) {
                    self.out.finding(
                        Severity::Error,
                        &media_place.child(ITEM_SCHEMA).at,
                        format!("the media type has both `itemSchema` and `{ITEM_SCHEMA}`"),
                        format!("keep `itemSchema` (`{ITEM_SCHEMA}` is its spelling before OpenAPI 3.2)"),
                    );
                }
                self.out.moved.push((media_place.child(ITEM_SCHEMA).at, media_place.child("itemSchema").written));
                map.insert(ITEM_SCHEMA.into(), item);
            }
            self.walk(media, &media_place);
        }
    }

    /// A parameter written `in: querystring`: a `form` query object, exploded.
    fn parameter(&mut self, map: &mut Map<String, Value>, place: &Place) {
        if map.get("in").and_then(Value::as_str) != Some("querystring") {
            return;
        }
        let name = map.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let Some(Value::Object(content)) = map.get("content") else {
            self.out.finding(
                Severity::Error,
                &place.at,
                format!("`querystring` parameter `{name}` has no `content`"),
                "describe the query string with `content: {application/x-www-form-urlencoded: {schema: ...}}`",
            );
            return;
        };
        let form = content.iter().find(|(m, _)| m.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
        let Some((media, form)) = form else {
            let offered: Vec<String> = content.keys().map(|k| format!("`{k}`")).collect();
            self.out.finding(
                Severity::Error,
                &place.child("content").at,
                format!("`querystring` parameter `{name}` is written as {}; this generator writes a query string as `application/x-www-form-urlencoded` only", offered.join(", ")),
                "describe the query string as `application/x-www-form-urlencoded` with an object schema (each property a pair)",
            );
            return;
        };
        let (media, schema) = (media.clone(), form.get("schema").cloned().unwrap_or_else(|| serde_json::json!({"type": "object"})));
        map.remove("content");
        map.insert("in".into(), Value::String("query".into()));
        map.insert("style".into(), Value::String("form".into()));
        map.insert("explode".into(), Value::Bool(true));
        map.insert(QUERYSTRING.into(), Value::Bool(true));
        map.insert("schema".into(), schema);
        self.out.moved.push((place.child("schema").at, place.child("content").child(&media).child("schema").written));
    }

    /// Any other node: media types, parameters, responses and callbacks below it.
    fn walk(&mut self, node: &mut Value, place: &Place) {
        match node {
            Value::Object(map) => {
                if map.contains_key("in") && map.contains_key("name") {
                    self.parameter(map, place);
                    if map.get("in").and_then(Value::as_str) == Some("cookie") && map.get("style").and_then(Value::as_str) == Some("cookie") {
                        map.remove("style");
                        self.out.finding(
                            Severity::Warning,
                            &place.child("style").at,
                            "`style: cookie` (values not percent-encoded) is sent in `form` style: the value percent-encoded",
                            "leave `style` out, or accept the fallback (a value of plain letters and digits is the same in both)",
                        );
                    }
                }
                for (key, child) in map.iter_mut() {
                    if openapi::is_extension(key) && key != openapi::ADDITIONAL_OPERATIONS {
                        continue;
                    }
                    let child_place = place.child(key);
                    match key.as_str() {
                        "schema" | "itemSchema" | ITEM_SCHEMA | "example" | "examples" => {}
                        "content" if child.is_object() => self.content(child, &child_place),
                        "responses" if child.is_object() => self.responses(child, &child_place),
                        "callbacks" => {
                            for (name, callback) in child.as_object_mut().into_iter().flatten() {
                                self.path_items(callback, &child_place.child(name));
                            }
                        }
                        _ => self.walk(child, &child_place),
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.walk(child, &place.child(&i.to_string()));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_fields_of_3_2_move_to_their_extensions() {
        let mut doc = json!({
            "openapi": "3.2.0",
            "$self": "https://example.com/api.yaml",
            "tags": [{"name": "chat", "kind": "nav"}, {"name": "messages", "parent": "chat"}, {"name": "lost", "parent": "nope"}],
            "paths": {"/a": {
                "query": {"responses": {"200": {"content": {"application/jsonl": {"$ref": "#/components/mediaTypes/Lines"}}}}},
                "additionalOperations": {"LINK": {"responses": {}}, "GET": {"responses": {}}},
                "get": {"parameters": [{"name": "q", "in": "querystring", "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}}], "responses": {}},
            }},
            "components": {"mediaTypes": {"Lines": {"itemSchema": {"type": "string"}}}},
        });
        let out = rewrite(doc.as_object_mut().unwrap());
        assert!(doc.get("$self").is_none() && doc["components"].get("mediaTypes").is_none());
        let a = &doc["paths"]["/a"];
        let query = &a[openapi::ADDITIONAL_OPERATIONS]["QUERY"];
        assert_eq!(query["responses"]["200"]["description"], "", "optional in 3.2");
        assert_eq!(query["responses"]["200"]["content"]["application/jsonl"], json!({ITEM_SCHEMA: {"type": "string"}}));
        assert!(a[openapi::ADDITIONAL_OPERATIONS].get("LINK").is_some());
        assert_eq!(
            a["get"]["parameters"][0],
            json!({"name": "q", "in": "query", "style": "form", "explode": true, QUERYSTRING: true, "schema": {"type": "object"}})
        );
        assert_eq!(doc["tags"][1][TAG_PARENT], "chat");
        assert_eq!(doc["tags"][0][TAG_KIND], "nav");
        let moved: Vec<(&str, &str)> = out.moved.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert!(moved.contains(&("/paths/~1a/x-oai-additionalOperations/QUERY", "/paths/~1a/query")), "{moved:?}");
        assert!(
            moved.contains(&("/paths/~1a/get/parameters/0/schema", "/paths/~1a/get/parameters/0/content/application~1x-www-form-urlencoded/schema")),
            "{moved:?}"
        );
        let found: Vec<(Severity, &str)> = out.findings.iter().map(|f| (f.severity, f.pointer.as_str())).collect();
        assert_eq!(found, [(Severity::Error, "/tags/2/x-oas-parent"), (Severity::Error, "/paths/~1a/x-oai-additionalOperations/GET")]);
    }

    #[test]
    fn references_by_the_documents_own_uri_are_local() {
        let mut doc = json!({
            "openapi": "3.2.0",
            "$self": "https://example.com/api.yaml",
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "https://example.com/api.yaml#/components/schemas/A"},
                "examples": {"e": {"value": {"$ref": "https://example.com/api.yaml#/x"}}},
            }}}}}}},
            "components": {"schemas": {"A": {"$ref": "https://example.com/other.yaml#/B"}}},
        });
        local_self_references(&mut doc);
        let media = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["$ref"], "#/components/schemas/A");
        assert_eq!(media["examples"]["e"]["value"]["$ref"], "https://example.com/api.yaml#/x", "an example is data");
        assert_eq!(doc["components"]["schemas"]["A"]["$ref"], "https://example.com/other.yaml#/B", "another document's");
    }

    #[test]
    fn a_querystring_not_in_form_encoding_and_a_family_that_loops_are_errors() {
        let mut doc = json!({
            "tags": [{"name": "a", "parent": "b"}, {"name": "b", "parent": "a"}],
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "querystring", "content": {"application/json": {}}}]}}},
        });
        let out = rewrite(doc.as_object_mut().unwrap());
        let found: Vec<&str> = out.findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(found, ["/tags/0/x-oas-parent", "/tags/1/x-oas-parent", "/paths/~1a/get/parameters/0/content"]);
    }
}
