//! Stage 2, check: is the document consistent enough to generate from?
//!
//! Finds every problem, not just the first: references that do not resolve (or go round in a
//! circle), duplicate operationIds, path parameters that are declared but not in the path or the
//! other way round, header names that are not valid, and documents that are not OpenAPI 3.0.

use std::collections::{BTreeMap, HashSet};

use openapiv3::{Parameter, ReferenceOr};
use serde_json::Value;

use crate::diagnostic::{pointer_join, Diagnostic};
use crate::load::Document;

/// Every finding about `doc`; generation stops if any is an error.
pub fn check(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let version = &doc.api.openapi;
    if !version.starts_with("3.0") {
        out.push(
            Diagnostic::error(doc.location("/openapi"), format!("unsupported OpenAPI version `{version}`"))
                .help("this generator reads OpenAPI 3.0.x documents; set `openapi: 3.0.3` if the document uses only 3.0 features"),
        );
    }
    match serde_json::to_value(&doc.api) {
        Ok(value) => references(doc, &value, &value, "", &mut out),
        Err(e) => out.push(Diagnostic::error(doc.location(""), format!("cannot read the document back: {e}"))),
    }
    operations(doc, &mut out);
    out
}

/// Every `$ref` must point at something in this document, and not (only) at itself.
fn references(doc: &Document, root: &Value, value: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let at = pointer_join(pointer, "$ref");
                match reference.strip_prefix('#') {
                    None => out.push(
                        Diagnostic::error(doc.location(&at), format!("external reference `{reference}` is not supported"))
                            .help("move the referenced definition into this document's `components` and use a `#/components/...` reference"),
                    ),
                    Some(target) => match follow(root, target) {
                        Ok(_) => {}
                        Err(Missing::Dangling(what)) => out.push(
                            Diagnostic::error(doc.location(&at), format!("dangling reference `{reference}`: {what}"))
                                .help(suggest(root, target)),
                        ),
                        Err(Missing::Cycle) => out.push(
                            Diagnostic::error(doc.location(&at), format!("cyclic reference `{reference}`: following it comes back to where it started"))
                                .help("make one of the references in the cycle point at a real schema"),
                        ),
                    },
                }
            }
            for (key, child) in map {
                if key != "$ref" {
                    references(doc, root, child, &pointer_join(pointer, key), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                references(doc, root, child, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

enum Missing {
    Dangling(String),
    Cycle,
}

/// Follows a chain of references from `target` (a JSON pointer) to a real value.
fn follow<'v>(root: &'v Value, target: &str) -> Result<&'v Value, Missing> {
    let mut seen = HashSet::new();
    let mut current = target.to_string();
    loop {
        if !seen.insert(current.clone()) {
            return Err(Missing::Cycle);
        }
        let value = root.pointer(&current).ok_or_else(|| Missing::Dangling(describe_missing(root, &current)))?;
        match value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(next) if value.as_object().is_some_and(|m| m.len() == 1) => current = next.to_string(),
            _ => return Ok(value),
        }
    }
}

fn describe_missing(root: &Value, pointer: &str) -> String {
    let (parent, name) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let name = crate::diagnostic::unescape_pointer_token(name);
    match root.pointer(parent) {
        Some(_) => format!("there is no `{name}` under `#{parent}`"),
        None => format!("`#{parent}` does not exist"),
    }
}

/// "did you mean" for a dangling reference: the closest name in the same place.
fn suggest(root: &Value, pointer: &str) -> String {
    let (parent, name) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let candidates: Vec<&String> = root.pointer(parent).and_then(Value::as_object).map(|m| m.keys().collect()).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let best = candidates
        .iter()
        .min_by_key(|c| similar::TextDiff::from_chars(c.to_ascii_lowercase().as_str(), lower.as_str()).ratio().mul_add(-1000.0, 1000.0) as i64);
    match best {
        Some(best) if similar::TextDiff::from_chars(best.to_ascii_lowercase().as_str(), lower.as_str()).ratio() > 0.6 => {
            format!("did you mean `#{parent}/{best}`? Otherwise define `{name}` under `#{parent}`")
        }
        _ => format!("define `{name}` under `#{parent}`, or correct the reference"),
    }
}

fn operations(doc: &Document, out: &mut Vec<Diagnostic>) {
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (path, item) in &doc.api.paths.paths {
        let item_pointer = pointer_join("/paths", path);
        let ReferenceOr::Item(item) = item else { continue };
        let template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        for (method, op) in item.iter() {
            let op_pointer = pointer_join(&item_pointer, method);
            if let Some(id) = &op.operation_id {
                let at = pointer_join(&op_pointer, "operationId");
                if let Some(first) = ids.get(id.as_str()) {
                    out.push(
                        Diagnostic::error(doc.location(&at), format!("duplicate operationId `{id}` (first used at #{first})"))
                            .help("operationIds name the client's methods and must be unique; rename one of them"),
                    );
                } else {
                    ids.insert(id, at);
                }
            }
            // Parameters: the path item's, then the operation's.
            let mut declared: Vec<(String, &Parameter)> = Vec::new();
            let params = item.parameters.iter().enumerate().map(|(i, p)| (format!("{item_pointer}/parameters/{i}"), p));
            let op_params = op.parameters.iter().enumerate().map(|(i, p)| (format!("{op_pointer}/parameters/{i}"), p));
            for (pointer, p) in params.chain(op_params) {
                let p = match p {
                    ReferenceOr::Item(p) => p,
                    ReferenceOr::Reference { reference } => {
                        match reference
                            .strip_prefix("#/components/parameters/")
                            .and_then(|k| doc.api.components.as_ref()?.parameters.get(k))
                        {
                            Some(ReferenceOr::Item(p)) => p,
                            _ => continue, // reported by `references`
                        }
                    }
                };
                declared.push((pointer, p));
            }
            for (pointer, p) in &declared {
                let data = p.parameter_data_ref();
                match p {
                    Parameter::Path { .. } => {
                        if !template.contains(&data.name.as_str()) {
                            out.push(
                                Diagnostic::error(doc.location(pointer), format!("path parameter `{}` is not in the path `{path}`", data.name))
                                    .help(format!("add `{{{}}}` to the path, or declare the parameter `in: query`", data.name)),
                            );
                        }
                        if !data.required {
                            out.push(
                                Diagnostic::error(doc.location(&pointer_join(pointer, "required")), format!("path parameter `{}` must be `required: true`", data.name))
                                    .help("OpenAPI requires path parameters to be required; add `required: true`"),
                            );
                        }
                    }
                    Parameter::Header { .. } => {
                        let valid = !data.name.is_empty() && data.name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                        if !valid {
                            out.push(
                                Diagnostic::error(doc.location(pointer), format!("`{}` is not a valid HTTP header name", data.name))
                                    .help("header names are ASCII letters, digits and !#$%&'*+-.^_`|~"),
                            );
                        }
                    }
                    _ => {}
                }
            }
            for name in &template {
                let found = declared.iter().any(|(_, p)| matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *name);
                if !found {
                    out.push(
                        Diagnostic::error(doc.location(&op_pointer), format!("the path has `{{{name}}}` but `{method}` declares no path parameter `{name}`"))
                            .help(format!("declare `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` under `parameters`")),
                    );
                }
            }
        }
    }
}
