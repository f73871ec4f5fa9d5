//! OpenAPI 3.1 documents, rewritten into the 3.0 shape `openapiv3` reads before they are
//! deserialized: JSON Schema 2020-12 as FastAPI, utoipa and aide write it (`type` lists with
//! `"null"`, `oneOf`/`anyOf` with a `{type: 'null'}` branch, `const`, `examples` arrays, numeric
//! exclusive bounds, `$ref` with sibling keywords, `prefixItems`, `contentEncoding`, `$defs`) and
//! the document-level changes (`components/pathItems`, `webhooks` carried in `x-webhooks`, no
//! `paths`, `jsonSchemaDialect`).
//!
//! Every node that moves remembers where it was written ([`Normalized::moved`]), so
//! [`super::Document::location`] maps a pointer of the rewritten document back to the line and
//! column in the source, as the bundler's origins do across files. What the 3.0 shape cannot say
//! exactly is a warning naming the fallback; what cannot be read at all is an error.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diagnostic::Severity;
use crate::openapi::{self, pointer};

/// A finding of the rewrite, at a pointer of the rewritten document.
#[derive(Debug, Clone)]
pub struct Finding {
    pub severity: Severity,
    pub pointer: String,
    pub message: String,
    pub help: String,
}

/// A 3.1 document in the 3.0 shape.
#[derive(Debug)]
pub struct Normalized {
    pub value: Value,
    /// The version the document says it is (`3.1.0`).
    pub version: String,
    /// `(pointer in the rewritten document, pointer where it was written)` for every subtree that
    /// moved; a pointer below one maps by the longest prefix.
    pub moved: Vec<(String, String)>,
    pub findings: Vec<Finding>,
}

/// Whether the text may be an OpenAPI 3.1 document: a quick look, so a 3.0 document is not parsed
/// twice.
pub fn may_be_3_1(source: &str) -> bool {
    source.match_indices("openapi").any(|(i, _)| {
        let rest = source[i + 7..].trim_start_matches(['"', '\'']).trim_start();
        let Some(rest) = rest.strip_prefix(':') else { return false };
        let version = rest.trim_start().trim_start_matches(['"', '\'']);
        openapi::is_3_1(version) || openapi::is_3_2(version)
    })
}

/// The version of a document as written, when it is 3.1 or 3.2 (whose schemas are 3.1's; what
/// 3.2 adds is carried by [`super::v32`] first).
pub fn version_3_1(value: &Value) -> Option<&str> {
    value.get("openapi").and_then(Value::as_str).filter(|v| openapi::is_3_1(v) || openapi::is_3_2(v))
}

/// Where a node is: in the rewritten document (`at`) and where it was written (`written`).
#[derive(Clone)]
pub(super) struct Place {
    /// Its pointer in the document as rewritten.
    pub(super) at: String,
    /// Its pointer where it was written.
    pub(super) written: String,
}

impl Place {
    /// The place of `key` under this one, written where it is (for a node that moved, see
    /// `Rewriter::placed`).
    pub(super) fn child(&self, key: &str) -> Place {
        Place { at: pointer::join(&self.at, key), written: pointer::join(&self.written, key) }
    }
}

struct Rewriter {
    moved: Vec<(String, String)>,
    /// The same, by the pointer now (a child's place is looked up there first).
    moved_to: HashMap<String, String>,
    findings: Vec<Finding>,
    /// `(pointer of a `$defs` entry as written, the component it became)`, longest first.
    defs: Vec<(String, String)>,
}

/// Rewrites the 3.1 document `value` (see [`version_3_1`]) into the 3.0 shape.
pub fn normalize(mut value: Value) -> Normalized {
    let version = version_3_1(&value).unwrap_or_default().to_string();
    // References to a 3.2 document by its own `$self` URI are local ones.
    super::v32::local_self_references(&mut value);
    let mut rw = Rewriter { moved: Vec::new(), moved_to: HashMap::new(), findings: Vec::new(), defs: Vec::new() };
    // `$defs` become components: take them all out first, so references to them can be rewritten.
    let mut taken: HashSet<String> =
        value.pointer("/components/schemas").and_then(Value::as_object).map(|s| s.keys().cloned().collect()).unwrap_or_default();
    let mut hoisted = Vec::new();
    collect_defs(&mut value, "", &mut taken, &mut hoisted, &mut rw.defs);
    let Some(root) = value.as_object_mut() else {
        return Normalized { value, version, moved: rw.moved, findings: rw.findings };
    };
    if openapi::is_3_2(&version) {
        let rewritten = super::v32::rewrite(root);
        for (at, written) in rewritten.moved {
            rw.record(at, written);
        }
        rw.findings.extend(rewritten.findings);
    }
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    if let Some(dialect) = root.get("jsonSchemaDialect") {
        if dialect.as_str() != Some(openapi::JSON_SCHEMA_DIALECT_3_1) {
            let shown = dialect.as_str().map_or_else(|| dialect.to_string(), |s| format!("`{s}`"));
            rw.error(
                "/jsonSchemaDialect",
                format!("the schemas are in the JSON Schema dialect {shown}, which this generator cannot read"),
                format!(
                    "remove `jsonSchemaDialect` (or set it to `{}`): schemas are read as OpenAPI 3.1's JSON Schema 2020-12",
                    openapi::JSON_SCHEMA_DIALECT_3_1
                ),
            );
        }
    }
    // Webhooks are carried in `x-webhooks` (GitHub's spelling in 3.0), which the model reads.
    if let Some(hooks) = root.remove("webhooks") {
        let mut carried = match root.remove(openapi::WEBHOOKS) {
            Some(Value::Object(earlier)) => earlier,
            _ => Map::new(),
        };
        match hooks {
            Value::Object(hooks) => {
                for (name, item) in hooks {
                    if carried.contains_key(&name) {
                        rw.warn(
                            &pointer::join("/webhooks", &name),
                            format!("webhook `{name}` is in both `webhooks` and `{}`: the one in `webhooks` is read", openapi::WEBHOOKS),
                            format!("remove `{name}` from `{}`", openapi::WEBHOOKS),
                        );
                    }
                    rw.record(pointer::join(&pointer::join("", openapi::WEBHOOKS), &name), pointer::join("/webhooks", &name));
                    carried.insert(name, item);
                }
            }
            _ => rw.error("/webhooks", "`webhooks` must be a map of webhook names to path items", "write `webhooks: {newPet: {post: ...}}`"),
        }
        // What the 3.2 rewrite recorded under `webhooks` is now under `x-webhooks`.
        let renamed = |at: &str| at.strip_prefix("/webhooks/").map(|rest| format!("/{}/{rest}", openapi::WEBHOOKS));
        let moved: Vec<(String, String)> = rw.moved.iter().filter_map(|(at, written)| Some((renamed(at)?, written.clone()))).collect();
        for (at, written) in moved {
            rw.record(at, written);
        }
        root.insert(openapi::WEBHOOKS.into(), Value::Object(carried));
    }
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    // Path items referenced from `components/pathItems` are copied into `paths`.
    let path_items = root.get_mut("components").and_then(Value::as_object_mut).and_then(|c| c.remove("pathItems"));
    for holder in ["paths", openapi::WEBHOOKS] {
        let (Some(Value::Object(items)), Some(Value::Object(paths))) = (&path_items, root.get_mut(holder)) else { continue };
        for (path, item) in paths.iter_mut() {
            let Some(reference) = item.get("$ref").and_then(Value::as_str) else { continue };
            let Some(name) = reference.strip_prefix("#/components/pathItems/") else { continue };
            let name = pointer::unescape(name);
            let Some(Value::Object(target)) = items.get(&name) else { continue };
            let mut copy = target.clone();
            for (key, sibling) in item.as_object().into_iter().flatten().filter(|(k, _)| *k != "$ref") {
                copy.insert(key.clone(), sibling.clone());
            }
            rw.record(pointer::join(&pointer::join("", holder), path), pointer::join("/components/pathItems", &name));
            *item = Value::Object(copy);
        }
    }
    rw.defs.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    rw.document(root);
    if !hoisted.is_empty() {
        let schemas = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
            .and_then(|c| c.entry("schemas").or_insert_with(|| Value::Object(Map::new())).as_object_mut());
        if let Some(schemas) = schemas {
            for (name, written, mut schema) in hoisted {
                let place = Place { at: pointer::join("/components/schemas", &name), written };
                rw.record(place.at.clone(), place.written.clone());
                rw.schema(&mut schema, &place);
                schemas.insert(name, schema);
            }
        }
    }
    Normalized { value, version, moved: rw.moved, findings: rw.findings }
}

/// Takes every `$defs` (and draft-07 `definitions`) entry out of `node` (written at `at`), naming
/// each a free component name. The keys of a map of names (`properties`) are names, never
/// containers of definitions.
fn collect_defs(
    node: &mut Value,
    at: &str,
    taken: &mut HashSet<String>,
    hoisted: &mut Vec<(String, String, Value)>,
    defs: &mut Vec<(String, String)>,
) {
    collect_defs_in(node, at, false, taken, hoisted, defs);
}

fn collect_defs_in(
    node: &mut Value,
    at: &str,
    names: bool,
    taken: &mut HashSet<String>,
    hoisted: &mut Vec<(String, String, Value)>,
    defs: &mut Vec<(String, String)>,
) {
    match node {
        Value::Object(map) => {
            for container in DEFINITIONS.iter().filter(|_| !names) {
                let Some(Value::Object(entries)) = map.remove(*container) else { continue };
                let defs_at = pointer::join(at, container);
                for (name, mut schema) in entries {
                    let written = pointer::join(&defs_at, &name);
                    let mut free = name.clone();
                    let mut n = 2;
                    while !taken.insert(free.clone()) {
                        free = format!("{name}{n}");
                        n += 1;
                    }
                    collect_defs_in(&mut schema, &written, false, taken, hoisted, defs);
                    defs.push((written.clone(), free.clone()));
                    hoisted.push((free, written, schema));
                }
            }
            for (key, child) in map.iter_mut() {
                if names || (!openapi::is_extension(key) && !["example", "examples", "enum", "const", "default"].contains(&key.as_str())) {
                    let holds_names = !names && NAME_MAPS.contains(&key.as_str());
                    collect_defs_in(child, &pointer::join(at, key), holds_names, taken, hoisted, defs);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                collect_defs_in(child, &pointer::join(at, &i.to_string()), false, taken, hoisted, defs);
            }
        }
        _ => {}
    }
}

/// The keywords that hold schemas only to be referred to: 2020-12's `$defs`, and draft-07's
/// `definitions`, which documents still use for the same.
const DEFINITIONS: [&str; 2] = ["$defs", "definitions"];

/// The keywords whose keys are names (of properties, of schemas, ...), not keywords.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "mapping",
    "paths",
    "webhooks",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "content",
    "encoding",
    "variables",
];

/// Keywords beside a `$ref` that say nothing about the value: dropped, the reference kept plain.
const REF_IGNORED: &[&str] = &["$comment", "$id", "$schema", "$anchor", "$dynamicAnchor"];

impl Rewriter {
    /// The subtree now at `at` was written at `written`.
    fn record(&mut self, at: String, written: String) {
        self.moved_to.insert(at.clone(), written.clone());
        self.moved.push((at, written));
    }

    /// The place of `key` under `parent`: where it was written, if it moved.
    fn placed(&self, parent: &Place, key: &str) -> Place {
        let at = pointer::join(&parent.at, key);
        let written = self.moved_to.get(&at).cloned().unwrap_or_else(|| pointer::join(&parent.written, key));
        Place { at, written }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.findings.push(Finding { severity: Severity::Warning, pointer: pointer.into(), message: message.into(), help: help.into() });
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.findings.push(Finding { severity: Severity::Error, pointer: pointer.into(), message: message.into(), help: help.into() });
    }

    /// The document outside schemas: every `schema` of a parameter, header or media type, and
    /// every component schema.
    fn document(&mut self, root: &mut Map<String, Value>) {
        let top = Place { at: String::new(), written: String::new() };
        for (key, child) in root.iter_mut() {
            let place = self.placed(&top, key);
            if key == "components" {
                for (kind, entries) in child.as_object_mut().into_iter().flatten() {
                    let kind_place = self.placed(&place, kind);
                    for (name, entry) in entries.as_object_mut().into_iter().flatten() {
                        let entry_place = self.placed(&kind_place, name);
                        match kind.as_str() {
                            "schemas" => self.schema(entry, &entry_place),
                            _ => self.outside(entry, &entry_place),
                        }
                    }
                }
            } else if !openapi::is_extension(key) || key == openapi::WEBHOOKS {
                self.outside(child, &place);
            }
        }
    }

    fn outside(&mut self, node: &mut Value, place: &Place) {
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    // The extensions that hold OpenAPI objects (what 3.2 says in fields of its own).
                    let carried = openapi::carried::HOLDING_OBJECTS.contains(&key.as_str());
                    if (openapi::is_extension(key) && !carried) || key == "example" || key == "examples" {
                        continue;
                    }
                    let child_place = self.placed(place, key);
                    match key.as_str() {
                        "schema" | openapi::carried::ITEM_SCHEMA => self.schema(child, &child_place),
                        _ => self.outside(child, &child_place),
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    let child_place = self.placed(place, &i.to_string());
                    self.outside(child, &child_place);
                }
            }
            _ => {}
        }
    }

    /// A `$ref` as written, pointing at a hoisted `$defs` entry where it did.
    fn rewritten_ref(&self, reference: &str) -> Option<String> {
        let target = reference.strip_prefix('#')?;
        let target = pointer::from_fragment(target);
        self.defs.iter().find_map(|(from, name)| {
            let rest = target.strip_prefix(from.as_str()).filter(|rest| rest.is_empty() || rest.starts_with('/'))?;
            Some(format!("#{}{rest}", pointer::join("/components/schemas", name)))
        })
    }

    /// One schema, then the schemas in it.
    fn schema(&mut self, node: &mut Value, place: &Place) {
        // Boolean schemas: `true` takes anything, `false` nothing.
        if let Value::Bool(b) = node {
            *node = match b {
                true => Value::Object(Map::new()),
                false => serde_json::json!({"not": {}}),
            };
        }
        let Value::Object(map) = node else { return };
        if let Some(Value::String(reference)) = map.get("$ref") {
            let reference = self.rewritten_ref(reference).unwrap_or_else(|| reference.clone());
            map.retain(|k, _| !REF_IGNORED.contains(&k.as_str()));
            if map.len() == 1 {
                map.insert("$ref".into(), Value::String(reference));
                return;
            }
            // `$ref` with siblings (`description`, `default`, ...): 3.0 ignores the siblings of a
            // reference, so the reference becomes the one part of an `allOf`.
            map.remove("$ref");
            let mut all_of = match map.remove("allOf") {
                Some(Value::Array(parts)) => parts,
                _ => Vec::new(),
            };
            let index = all_of.len();
            all_of.push(serde_json::json!({ "$ref": reference }));
            map.insert("allOf".into(), Value::Array(all_of));
            self.record(pointer::join(&pointer::join(&place.at, "allOf"), &index.to_string()), place.written.clone());
        }
        self.null_branches(map, place);
        self.types(map, place);
        // OpenAPI 3.2's `discriminator.defaultMapping`, which `openapiv3` would drop.
        if let Some(Value::Object(discriminator)) = map.get_mut("discriminator") {
            if let Some(default) = discriminator.remove("defaultMapping") {
                discriminator.insert(openapi::carried::DEFAULT_MAPPING.into(), default);
                let at = pointer::join(&pointer::join(&place.at, "discriminator"), openapi::carried::DEFAULT_MAPPING);
                let written = pointer::join(&self.placed(place, "discriminator").written, "defaultMapping");
                self.record(at, written);
            }
        }
        if let Some(value) = map.remove("const") {
            if !map.contains_key("enum") {
                if !map.contains_key("type") {
                    let ty = match &value {
                        Value::String(_) => Some("string"),
                        Value::Bool(_) => Some("boolean"),
                        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                        Value::Number(_) => Some("number"),
                        _ => None,
                    };
                    if let Some(ty) = ty {
                        map.insert("type".into(), Value::String(ty.into()));
                    }
                }
                map.insert("enum".into(), Value::Array(vec![value]));
            }
        }
        if let Some(Value::Array(examples)) = map.get("examples") {
            if let Some(first) = examples.first().cloned().filter(|_| !map.contains_key("example")) {
                map.insert("example".into(), first);
            }
            map.remove("examples");
        }
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Number(limit)) = map.get(exclusive).cloned() {
                let tighter = match map.get(bound).and_then(Value::as_f64) {
                    Some(inclusive) => match bound {
                        "minimum" => limit.as_f64().is_some_and(|l| l >= inclusive),
                        _ => limit.as_f64().is_some_and(|l| l <= inclusive),
                    },
                    None => true,
                };
                if tighter {
                    map.insert(bound.into(), Value::Number(limit));
                    map.insert(exclusive.into(), Value::Bool(true));
                } else {
                    map.remove(exclusive);
                }
            }
        }
        self.tuples(map, place);
        let is_string = map.get("type").and_then(Value::as_str) == Some("string");
        if is_string && !map.contains_key("format") {
            let encoding = map.get("contentEncoding").and_then(Value::as_str);
            let media = map.get("contentMediaType").and_then(Value::as_str);
            if matches!(encoding, Some("base64" | "base64url")) {
                map.insert("format".into(), Value::String("byte".into()));
            } else if media.is_some_and(|m| !openapi::is_json_media_type(m) && !m.starts_with("text/")) && encoding.is_none() {
                map.insert("format".into(), Value::String("binary".into()));
            }
        }
        for (key, child) in map.iter_mut() {
            let child_place = self.placed(place, key);
            match key.as_str() {
                "properties" | "patternProperties" => {
                    for (name, property) in child.as_object_mut().into_iter().flatten() {
                        let property_place = self.placed(&child_place, name);
                        self.schema(property, &property_place);
                    }
                }
                "allOf" | "oneOf" | "anyOf" => {
                    for (i, part) in child.as_array_mut().into_iter().flatten().enumerate() {
                        let part_place = self.placed(&child_place, &i.to_string());
                        self.schema(part, &part_place);
                    }
                }
                "items" if child.is_boolean() => {}
                "items" | "not" => self.schema(child, &child_place),
                "additionalProperties" if child.is_object() => self.schema(child, &child_place),
                _ => {}
            }
        }
        if map.get("items").is_some_and(Value::is_boolean) {
            // `items: false` closes a tuple (handled above); `items: true` is any item.
            map.remove("items");
        }
    }

    /// `oneOf`/`anyOf` with a `{type: 'null'}` branch, in any place: the others made nullable.
    fn null_branches(&mut self, map: &mut Map<String, Value>, place: &Place) {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = map.get(key) else { continue };
            if !branches.iter().any(is_null_schema) {
                continue;
            }
            let Some(Value::Array(branches)) = map.remove(key) else { continue };
            let kept: Vec<(usize, Value)> = branches.into_iter().enumerate().filter(|(_, b)| !is_null_schema(b)).collect();
            map.insert("nullable".into(), Value::Bool(true));
            let list = self.placed(place, key);
            match kept.len() {
                0 => {}
                1 => {
                    let (i, branch) = kept.into_iter().next().unwrap_or_default();
                    let written = list.child(&i.to_string()).written;
                    match branch {
                        Value::Object(mut branch) if !branch.contains_key("$ref") => {
                            // An inline branch: its keywords become the schema's own (the
                            // schema's annotations win).
                            for (k, v) in std::mem::take(&mut branch) {
                                if !map.contains_key(&k) {
                                    self.record(pointer::join(&place.at, &k), pointer::join(&written, &k));
                                    map.insert(k, v);
                                }
                            }
                        }
                        branch => {
                            // A reference: what is written beside it (utoipa puts the field's
                            // `description` there) is said of the schema.
                            let branch = match branch {
                                Value::Object(mut reference) => {
                                    for (k, v) in std::mem::take(&mut reference) {
                                        if k == "$ref" {
                                            reference.insert(k, v);
                                        } else if !map.contains_key(&k) {
                                            self.record(pointer::join(&place.at, &k), pointer::join(&written, &k));
                                            map.insert(k, v);
                                        }
                                    }
                                    Value::Object(reference)
                                }
                                other => other,
                            };
                            let mut all_of = match map.remove("allOf") {
                                Some(Value::Array(parts)) => parts,
                                _ => Vec::new(),
                            };
                            self.record(pointer::join(&pointer::join(&place.at, "allOf"), &all_of.len().to_string()), written);
                            all_of.push(branch);
                            map.insert("allOf".into(), Value::Array(all_of));
                        }
                    }
                }
                _ => {
                    let mut rest = Vec::new();
                    for (new, (old, branch)) in kept.into_iter().enumerate() {
                        if new != old {
                            self.record(list.child(&new.to_string()).at, list.child(&old.to_string()).written);
                        }
                        rest.push(branch);
                    }
                    map.insert(key.into(), Value::Array(rest));
                }
            }
        }
    }

    /// `type` lists: one type and `"null"` is that type, nullable; several types have no 3.0
    /// spelling.
    fn types(&mut self, map: &mut Map<String, Value>, place: &Place) {
        let (types, nullable): (Vec<String>, bool) = match map.get("type") {
            Some(Value::Array(types)) => {
                let names: Vec<String> = types.iter().filter_map(Value::as_str).map(str::to_string).collect();
                let nullable = names.iter().any(|t| t == "null");
                (names.into_iter().filter(|t| t != "null").collect(), nullable)
            }
            Some(Value::String(t)) if t == "null" => (Vec::new(), true),
            _ => return,
        };
        map.remove("type");
        match &types[..] {
            [] => {}
            [one] => {
                map.insert("type".into(), Value::String(one.clone()));
            }
            several => {
                let shown: Vec<String> = several.iter().map(|t| format!("`{t}`")).collect();
                self.warn(
                    &pointer::join(&place.at, "type"),
                    format!("a value of several types ({}) has no Rust type here; it is typed serde_json::Value", shown.join(", ")),
                    "give the schema one type, or write the alternatives as `oneOf` schemas (a union)",
                );
            }
        }
        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.retain(|v| !v.is_null());
            }
        }
    }

    /// `prefixItems` (a tuple): a list of its item type when every place has the same, else a list
    /// of any value, with a warning.
    fn tuples(&mut self, map: &mut Map<String, Value>, place: &Place) {
        let Some(Value::Array(prefix)) = map.remove("prefixItems") else { return };
        let closed = map.get("items") == Some(&Value::Bool(false));
        let rest = map.get("items").filter(|i| i.is_object()).cloned();
        let first = prefix.first().cloned();
        let same = first.as_ref().is_some_and(|f| prefix.iter().all(|p| p == f) && rest.as_ref().map_or(true, |r| r == f));
        if closed || rest.is_none() {
            map.remove("items");
        }
        if same {
            if let Some(first) = first {
                if !map.contains_key("items") {
                    self.record(pointer::join(&place.at, "items"), pointer::join(&pointer::join(&place.written, "prefixItems"), "0"));
                    map.insert("items".into(), first);
                }
            }
        } else {
            map.remove("items");
            self.warn(
                &pointer::join(&place.at, "prefixItems"),
                format!("a tuple of {} differently typed items has no Rust type here; it is typed Vec<serde_json::Value>", prefix.len()),
                "if every item has the same type, write `items` with that type instead of `prefixItems`",
            );
        }
        if !map.contains_key("type") {
            map.insert("type".into(), Value::String("array".into()));
        }
    }
}

/// `{type: 'null'}` (or `type: ['null']`, or `const: null`, or `enum: [null]`).
fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => !types.is_empty() && types.iter().all(|t| t == "null"),
        _ => {
            schema.get("const").is_some_and(Value::is_null)
                || schema.get("enum").and_then(Value::as_array).is_some_and(|e| e.len() == 1 && e[0].is_null())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schemas(schemas: Value) -> Normalized {
        normalize(json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": schemas}}))
    }

    #[test]
    fn the_shapes_of_a_nullable_value() {
        let n = schemas(json!({
            "A": {"type": ["string", "null"]},
            "B": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}]},
            "C": {"anyOf": [{"type": "integer", "format": "int32"}, {"type": "null"}], "title": "C"},
            "D": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
        }));
        let s = &n.value["components"]["schemas"];
        assert_eq!(s["A"], json!({"type": "string", "nullable": true}));
        assert_eq!(s["B"], json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]}));
        assert_eq!(s["C"], json!({"title": "C", "nullable": true, "type": "integer", "format": "int32"}));
        assert_eq!(s["D"], json!({"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]}));
        assert_eq!(n.value["paths"], json!({}), "a document without paths has none");
        assert_eq!(n.value["openapi"], "3.0.3");
        assert_eq!(n.version, "3.1.0");
        // Where the moved parts were written.
        let moved: Vec<(&str, &str)> = n.moved.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert!(moved.contains(&("/components/schemas/B/allOf/0", "/components/schemas/B/oneOf/1")), "{moved:?}");
        assert!(moved.contains(&("/components/schemas/C/format", "/components/schemas/C/anyOf/0/format")), "{moved:?}");
        assert!(n.findings.is_empty());
    }

    #[test]
    fn keywords_of_2020_12() {
        let n = schemas(json!({
            "Kind": {"const": "cat"},
            "Score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "examples": [5, 6]},
            "Pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}], "items": false},
            "Mixed": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
            "Blob": {"type": "string", "contentEncoding": "base64"},
            "File": {"type": "string", "contentMediaType": "image/png"},
            "Described": {"$ref": "#/components/schemas/Kind", "description": "the kind", "$comment": "x"},
            "Plain": {"$ref": "#/components/schemas/Kind", "$comment": "x"},
            "Many": {"type": ["string", "integer"]},
        }));
        let s = &n.value["components"]["schemas"];
        assert_eq!(s["Kind"], json!({"type": "string", "enum": ["cat"]}));
        assert_eq!(
            s["Score"],
            json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10, "example": 5})
        );
        assert_eq!(s["Pair"], json!({"type": "array", "items": {"type": "string"}}));
        assert_eq!(s["Mixed"], json!({"type": "array"}));
        assert_eq!(s["Blob"]["format"], "byte");
        assert_eq!(s["File"]["format"], "binary");
        assert_eq!(s["Described"], json!({"description": "the kind", "allOf": [{"$ref": "#/components/schemas/Kind"}]}));
        assert_eq!(s["Plain"], json!({"$ref": "#/components/schemas/Kind"}));
        assert_eq!(s["Many"], json!({}));
        let warned: Vec<&str> = n.findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(warned, ["/components/schemas/Mixed/prefixItems", "/components/schemas/Many/type"]);
    }

    #[test]
    fn defs_path_items_webhooks_and_the_dialect() {
        let n = normalize(json!({
            "openapi": "3.1.1",
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "paths": {"/a": {"$ref": "#/components/pathItems/A", "summary": "a"}},
            "webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}},
            "components": {
                "pathItems": {"A": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/P/$defs/Q"}}}}}}}},
                "schemas": {"P": {"$defs": {"Q": {"type": ["integer", "null"]}, "P": {"type": "string"}}, "type": "object", "properties": {"p": {"$ref": "#/components/schemas/P/$defs/P"}}}},
            },
        }));
        let v = &n.value;
        assert_eq!(v["paths"]["/a"]["summary"], "a");
        assert_eq!(v["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"], json!({"$ref": "#/components/schemas/Q"}));
        assert!(v.get("webhooks").is_none() && v["components"].get("pathItems").is_none());
        assert_eq!(v["x-webhooks"]["newPet"]["post"]["responses"]["200"]["description"], "ok", "webhooks are carried");
        assert!(n.moved.contains(&("/x-webhooks/newPet".into(), "/webhooks/newPet".into())), "{:?}", n.moved);
        assert_eq!(v["components"]["schemas"]["Q"], json!({"type": "integer", "nullable": true}));
        assert_eq!(v["components"]["schemas"]["P"]["properties"]["p"], json!({"$ref": "#/components/schemas/P2"}));
        assert_eq!(v["components"]["schemas"]["P2"], json!({"type": "string"}));
        let said: Vec<(Severity, &str)> = n.findings.iter().map(|f| (f.severity, f.pointer.as_str())).collect();
        assert_eq!(said, [(Severity::Error, "/jsonSchemaDialect")]);
    }

    /// A 3.2 document's webhooks get the 3.2 rewrite too (a media type `$ref` to
    /// `components/mediaTypes` copied, a `query` operation carried), then are carried whole, each
    /// moved node remembering where it was written.
    #[test]
    fn webhooks_of_a_3_2_document() {
        let n = normalize(json!({
            "openapi": "3.2.0",
            "info": {"title": "t", "version": "1"},
            "x-webhooks": {"old": {"post": {"responses": {"200": {"description": "ok"}}}}},
            "webhooks": {"petAdded": {
                "post": {"requestBody": {"content": {"application/json": {"$ref": "#/components/mediaTypes/Pet"}}}, "responses": {"200": {"description": "ok"}}},
                "query": {"responses": {"200": {"description": "ok"}}},
            }},
            "components": {"mediaTypes": {"Pet": {"schema": {"type": ["string", "null"]}}}},
        }));
        let hooks = &n.value[openapi::WEBHOOKS];
        assert_eq!(hooks["old"]["post"]["responses"]["200"]["description"], "ok", "an x-webhooks entry is kept beside them");
        assert_eq!(hooks["petAdded"]["post"]["requestBody"]["content"]["application/json"]["schema"], json!({"type": "string", "nullable": true}));
        assert!(hooks["petAdded"][openapi::ADDITIONAL_OPERATIONS]["QUERY"].is_object(), "{hooks}");
        let moved: Vec<(&str, &str)> = n.moved.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert!(moved.contains(&("/x-webhooks/petAdded", "/webhooks/petAdded")), "{moved:?}");
        assert!(moved.contains(&("/x-webhooks/petAdded/x-oai-additionalOperations/QUERY", "/webhooks/petAdded/query")), "{moved:?}");
        assert!(n.findings.is_empty(), "{:?}", n.findings);
    }

    #[test]
    fn the_quick_look() {
        assert!(may_be_3_1("openapi: 3.1.0\n"));
        assert!(may_be_3_1("{\"openapi\": \"3.1.1\"}"));
        assert!(may_be_3_1("openapi: '3.1'\n"));
        assert!(!may_be_3_1("openapi: 3.0.3\n"));
        assert!(!may_be_3_1("openapi: 3.10.0\n") || openapi::is_3_1("3.10.0"));
    }
}
