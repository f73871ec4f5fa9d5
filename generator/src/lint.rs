//! The spec lint: the house rules a spec of this repository follows, beyond what generation needs.
//!
//! - every `$ref` resolves (see [`crate::check`]);
//! - operationIds are unique and camelCase;
//! - every operation has a summary;
//! - every webhook has a summary and a JSON payload with a schema, and its payload's components
//!   count as used;
//! - every parameter and every schema property has a description;
//! - no component is unused;
//! - a warning where two schemas have the same shape (one could serve both).
//!
//! Every finding is reported with its location, not just the first.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Document;
use crate::openapi::reference::{Reference, COMPONENT_KINDS};
use crate::openapi::{pointer, ComponentRef};

/// Every finding of the lint on `doc`, errors first, each group in document order.
pub fn lint(doc: &Document) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = crate::check::check(doc).into_iter().filter(|d| d.severity == Severity::Error).collect();
    let root = doc.json();
    operations(doc, root, &mut out);
    webhooks(doc, root, &mut out);
    descriptions(doc, root, "", &mut out);
    unused(doc, root, &mut out);
    same_shapes(doc, root, &mut out);
    out.sort_by_key(|d| std::cmp::Reverse(d.severity));
    out
}

fn operations(doc: &Document, root: &Value, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths {
        for (method, pointer, op) in crate::openapi::operation_values(item, &pointer::join("/paths", path)) {
            match op.get("operationId").and_then(Value::as_str) {
                None => out.push(
                    Diagnostic::error(doc.location(&pointer), format!("`{method} {path}` has no operationId"))
                        .help("add an operationId as documented (it names the client's method)"),
                ),
                Some(id) => {
                    let at = pointer::join(&pointer, "operationId");
                    if !is_camel_case(id) {
                        out.push(
                            Diagnostic::error(doc.location(&at), format!("operationId `{id}` is not camelCase"))
                                .help("write operationIds as lowerCamelCase: a lowercase letter, then letters and digits"),
                        );
                    }
                    if let Some(first) = seen.insert(id.to_string(), at.clone()) {
                        out.push(
                            Diagnostic::error(doc.location(&at), format!("operationId `{id}` is used twice (also at #{first})"))
                                .help("rename one of them"),
                        );
                    }
                }
            }
            let has_summary = op.get("summary").and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty());
            if !has_summary {
                out.push(
                    Diagnostic::error(doc.location(&pointer), format!("`{} {path}` has no summary", method.to_uppercase()))
                        .help("add a short `summary` (it heads the method's documentation)"),
                );
            }
        }
    }
}

/// Each webhook's operation has a summary (it heads the `Event` variant's documentation) and a
/// JSON body with a schema (its payload type).
fn webhooks(doc: &Document, root: &Value, out: &mut Vec<Diagnostic>) {
    let at = pointer::join("", crate::openapi::WEBHOOKS);
    for (name, item) in root.get(crate::openapi::WEBHOOKS).and_then(Value::as_object).into_iter().flatten() {
        for (method, pointer, op) in crate::openapi::operation_values(item, &pointer::join(&at, name)) {
            let has_summary = op.get("summary").and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty());
            if !has_summary {
                out.push(
                    Diagnostic::error(doc.location(&pointer), format!("webhook `{name}` ({method}) has no summary"))
                        .help("add a short `summary` (it heads the documentation of the event's variant)"),
                );
            }
            let content = op.pointer("/requestBody/content").and_then(Value::as_object);
            let json_schema = content.into_iter().flatten().any(|(media, m)| crate::openapi::is_json_media_type(media) && m.get("schema").is_some());
            if !json_schema && op.pointer("/requestBody/$ref").is_none() {
                out.push(
                    Diagnostic::error(doc.location(&pointer), format!("webhook `{name}` ({method}) documents no JSON payload"))
                        .help("give it a `requestBody` with `application/json` content and a schema (its payload type; without one it is any JSON)"),
                );
            }
        }
    }
}

fn is_camel_case(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Parameters and schema properties need descriptions (a `$ref` is described by its target).
fn descriptions(doc: &Document, value: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            let parent_key = pointer::split_last(pointer).map(|(_, last)| last).unwrap_or_default();
            let is_parameter = map.contains_key("in") && map.contains_key("name") && !map.contains_key("$ref");
            if is_parameter && !has_description(map) {
                let name = map.get("name").and_then(Value::as_str).unwrap_or_default();
                out.push(
                    Diagnostic::error(doc.location(pointer), format!("parameter `{name}` has no description"))
                        .help("add a `description` (it documents the builder's argument or setter)"),
                );
            }
            if parent_key == "properties" && !is_extension_path(pointer) {
                // `map` is a schema's property map.
                for (name, prop) in map {
                    let Some(prop) = prop.as_object() else { continue };
                    if !prop.contains_key("$ref") && !has_description(prop) {
                        out.push(
                            Diagnostic::error(doc.location(&pointer::join(pointer, name)), format!("property `{name}` has no description"))
                                .help("add a `description` (it documents the struct field)"),
                        );
                    }
                }
            }
            for (key, child) in map {
                descriptions(doc, child, &pointer::join(pointer, key), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                descriptions(doc, child, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn has_description(map: &serde_json::Map<String, Value>) -> bool {
    map.get("description").and_then(Value::as_str).is_some_and(|d| !d.trim().is_empty())
}

/// `x-...` extension values are free-form: their keys are not schema properties.
fn is_extension_path(pointer: &str) -> bool {
    // Webhooks are carried in an extension, and are OpenAPI objects.
    pointer
        .split('/')
        .any(|t| (crate::openapi::is_extension(t) && t != crate::openapi::WEBHOOKS) || t == "example" || t == "examples" || t == "default")
}

/// Components nothing reaches from the paths (or the top-level security) are unused.
fn unused(doc: &Document, root: &Value, out: &mut Vec<Diagnostic>) {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    collect_refs(root.get("paths").unwrap_or(&Value::Null), &mut queue);
    collect_refs(root.get(crate::openapi::WEBHOOKS).unwrap_or(&Value::Null), &mut queue);
    while let Some(target) = queue.pop() {
        if reached.insert(target.clone()) {
            if let Some(value) = root.pointer(&target) {
                collect_refs(value, &mut queue);
            }
        }
    }
    // A reference into a component (`.../User/properties/id`) uses the component.
    let used: BTreeSet<String> = reached.iter().filter_map(|p| ComponentRef::containing(p)).map(|c| c.pointer()).collect();
    let Some(components) = root.get("components").and_then(Value::as_object) else { return };
    // Security schemes are used by name (below), not by reference.
    for (kind, _) in COMPONENT_KINDS.iter().filter(|(kind, _)| *kind != "securitySchemes") {
        let Some(items) = components.get(*kind).and_then(Value::as_object) else { continue };
        for name in items.keys() {
            let pointer = pointer::join_all("/components", [*kind, name.as_str()]);
            if !used.contains(&pointer) {
                out.push(
                    Diagnostic::error(doc.location(&pointer), format!("component `{name}` ({kind}) is not used"))
                        .help("remove it, or reference it where it belongs"),
                );
            }
        }
    }
    // Security schemes are used by name.
    let mut used_schemes = BTreeSet::new();
    let mut requirement = |v: &Value| {
        for req in v.as_array().into_iter().flatten() {
            used_schemes.extend(req.as_object().into_iter().flat_map(|m| m.keys().cloned()));
        }
    };
    requirement(root.get("security").unwrap_or(&Value::Null));
    for item in root.get("paths").and_then(Value::as_object).into_iter().flat_map(|p| p.values()) {
        for (_, _, op) in crate::openapi::operation_values(item, "") {
            requirement(op.get("security").unwrap_or(&Value::Null));
        }
    }
    for name in components.get("securitySchemes").and_then(Value::as_object).into_iter().flat_map(|m| m.keys()) {
        if !used_schemes.contains(name) {
            let pointer = pointer::join("/components/securitySchemes", name);
            out.push(
                Diagnostic::error(doc.location(&pointer), format!("security scheme `{name}` is not used"))
                    .help("require it in `security` (top level or per operation), or remove it"),
            );
        }
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(Reference::local) {
                out.push(target.into_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Two schemas with the same shape (ignoring their documentation) could be one.
fn same_shapes(doc: &Document, root: &Value, out: &mut Vec<Diagnostic>) {
    let Some(schemas) = root.pointer("/components/schemas").and_then(Value::as_object) else { return };
    let mut by_shape: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for (name, schema) in schemas {
        let shape = strip_docs(schema);
        // Trivial shapes (a bare string, a free-form object) are allowed to repeat.
        let trivial = shape
            .as_object()
            .is_some_and(|m| !m.contains_key("properties") && !m.contains_key("enum") && !m.contains_key("allOf") && !m.contains_key("oneOf"));
        if !trivial {
            by_shape.entry(shape.to_string()).or_default().push(name);
        }
    }
    for names in by_shape.values().filter(|n| n.len() > 1) {
        let first = names[0];
        for name in &names[1..] {
            out.push(
                Diagnostic::warning(
                    doc.location(&pointer::join("/components/schemas", name)),
                    format!("schema `{name}` has the same shape as `{first}`"),
                )
                .help("if they are the same thing, keep one and reference it; if not, ignore this warning"),
            );
        }
    }
}

fn strip_docs(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "description" | "title" | "example" | "examples") && !crate::openapi::is_extension(k))
                .map(|(k, v)| (k.clone(), strip_docs(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_docs).collect()),
        other => other.clone(),
    }
}
