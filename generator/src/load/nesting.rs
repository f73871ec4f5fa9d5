//! Deeply nested schemas, read one node at a time before `openapiv3` reads the whole.
//!
//! `openapiv3` reads a schema through untagged enums (`ReferenceOr`, `SchemaKind`): each variant
//! is tried in turn on the whole subtree, so a schema that is wrong at the bottom of a nest is
//! read again at every level above it, and the time doubles with each level (20 levels: 8 s; the
//! parsers stop at 128). A valid nest is read once, in linear time. So where a tree of schemas
//! nests deeper than [`DEEP`], every node of it is first checked on its own, with its child
//! schemas stubbed by `{}`: linear in all, and the first node that fails is the one that is wrong.
//! Trees no deeper than [`DEEP`] (every real spec seen) are left to `openapiv3` as before.

use serde_json::{Map, Value};

use super::shape::{node_error, slot, validate, Kind, Shape};
use crate::openapi::pointer;

/// Schemas nested at most this deep are read by `openapiv3` directly (2^12 small reads at worst).
pub(super) const DEEP: usize = 12;

/// In a tree of schemas nested deeper than [`DEEP`] somewhere in `raw`, the first schema that is
/// not one on its own: `(pointer, serde's message)`. `None` when there is none.
pub(super) fn first_error(raw: &Value) -> Option<(String, String)> {
    schema_roots(raw).into_iter().filter(|(_, root)| depth(root) > DEEP).find_map(|(at, root)| tree_error(&at, root))
}

/// The schemas of `raw` that are not inside another schema, with their pointers, found by
/// walking the grammar of [`super::shape`] from the root.
fn schema_roots(raw: &Value) -> Vec<(String, &Value)> {
    let mut roots = Vec::new();
    let mut stack = vec![(String::new(), raw, Kind::OpenApi)];
    while let Some((at, value, kind)) = stack.pop() {
        let Some(map) = value.as_object() else { continue };
        for (key, child) in map {
            let Some((child_kind, shape, _)) = slot(kind, key) else { continue };
            let child_at = pointer::join(&at, key);
            for (item_at, item) in items(&child_at, child, shape) {
                if child_kind == Kind::Schema {
                    roots.push((item_at, item));
                } else {
                    stack.push((item_at, item, child_kind));
                }
            }
        }
    }
    roots.sort_by(|a, b| a.0.cmp(&b.0));
    roots
}

/// The nodes a slot of `shape` holds: the value itself, or each value of a mapping or item of a list.
fn items<'a>(at: &str, value: &'a Value, shape: Shape) -> Vec<(String, &'a Value)> {
    match (shape, value) {
        (Shape::One, _) => vec![(at.to_string(), value)],
        (Shape::Map, Value::Object(map)) => map.iter().map(|(k, v)| (pointer::join(at, k), v)).collect(),
        (Shape::List, Value::Array(list)) => list.iter().enumerate().map(|(i, v)| (format!("{at}/{i}"), v)).collect(),
        _ => Vec::new(),
    }
}

/// The child schemas of a schema node (`properties`, `items`, `allOf`, ... and an
/// `additionalProperties` that is a schema), with the key each is under.
fn children<'a>(at: &str, schema: &'a Value) -> Vec<(String, &'a Value)> {
    let Some(map) = schema.as_object() else { return Vec::new() };
    map.iter()
        .filter_map(|(key, child)| Some((key, child, slot(Kind::Schema, key)?)))
        .flat_map(|(key, child, (_, shape, _))| items(&pointer::join(at, key), child, shape))
        .filter(|(_, child)| child.is_object())
        .collect()
}

/// How deep schemas nest in the tree under `root` (1 for a schema with no child schemas). Every
/// schema of a document is visited here: its children are those of [`children`], without their
/// pointers.
fn depth(root: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 1)];
    while let Some((node, level)) = stack.pop() {
        deepest = deepest.max(level);
        let Some(map) = node.as_object() else { continue };
        for (key, child) in map {
            let below = |child: &Value| child.is_object();
            match (slot(Kind::Schema, key).map(|(_, shape, _)| shape), child) {
                (Some(Shape::One), Value::Object(_)) => stack.push((child, level + 1)),
                (Some(Shape::Map), Value::Object(map)) => stack.extend(map.values().filter(|v| below(v)).map(|v| (v, level + 1))),
                (Some(Shape::List), Value::Array(list)) => stack.extend(list.iter().filter(|v| below(v)).map(|v| (v, level + 1))),
                _ => {}
            }
        }
    }
    deepest
}

/// The first node of the tree at `at` (in document order) that is not a schema on its own.
fn tree_error(at: &str, root: &Value) -> Option<(String, String)> {
    let mut stack = vec![(at.to_string(), root)];
    while let Some((at, node)) = stack.pop() {
        if let Err((path, message)) = alone(node) {
            return Some((format!("{at}{path}"), message));
        }
        let mut below = children(&at, node);
        below.reverse();
        stack.extend(below);
    }
    None
}

/// Reads `node` as a schema with each child schema replaced by `{}`: `Err((path below node,
/// message))` if it is not one. A reference is left to the checks that follow references.
fn alone(node: &Value) -> Result<(), (String, String)> {
    let Some(map) = node.as_object() else { return validate(Kind::Schema, node) };
    if map.get("$ref").is_some_and(Value::is_string) {
        return Ok(());
    }
    let stub = || Value::Object(Map::new());
    let stubbed: Map<String, Value> = map
        .iter()
        .map(|(key, value)| {
            let value = match (slot(Kind::Schema, key).map(|s| s.1), value) {
                (Some(Shape::One), Value::Object(_)) => stub(),
                (Some(Shape::Map), Value::Object(map)) => {
                    Value::Object(map.iter().map(|(k, v)| (k.clone(), if v.is_object() { stub() } else { v.clone() })).collect())
                }
                (Some(Shape::List), Value::Array(list)) => {
                    Value::Array(list.iter().map(|v| if v.is_object() { stub() } else { v.clone() }).collect())
                }
                _ => value.clone(),
            };
            (key.clone(), value)
        })
        .collect();
    let stubbed = Value::Object(stubbed);
    // Which field of the node it is (an untagged enum's message names none): cheap on a stub.
    validate(Kind::Schema, &stubbed).map_err(|error| node_error(&stubbed, Kind::Schema, false, "", 0).unwrap_or(error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize, leaf: Value) -> Value {
        (0..levels).fold(leaf, |inner, _| json!({"properties": {"a": inner}}))
    }

    fn document(schema: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/x": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}}
        }})
    }

    #[test]
    fn a_deep_tree_wrong_at_the_bottom_is_found_at_once() {
        let started = std::time::Instant::now();
        let raw = document(nested(100, json!({"type": "string", "minLength": "x"})));
        let (at, message) = first_error(&raw).expect("the wrong leaf");
        assert!(at.starts_with("/paths/~1x/get/responses/200/content/application~1json/schema/properties/a/"), "{at}");
        assert!(at.ends_with("/properties/a/minLength"), "{at}");
        assert_eq!(at.matches("/properties/a").count(), 100);
        assert!(message.contains("invalid type"), "{message}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn the_depth_counts_every_kind_of_child() {
        let leaf = json!({"type": "string"});
        let mixed = json!({"allOf": [{"items": {"not": {"additionalProperties": {"oneOf": [{"properties": {"p": leaf}}]}}}}]});
        assert_eq!(depth(&mixed), 7);
        assert_eq!(depth(&json!({"additionalProperties": true})), 1);
    }

    #[test]
    fn shallow_or_valid_trees_are_left_alone() {
        assert_eq!(first_error(&document(nested(DEEP - 1, json!({"minLength": "x"})))), None, "shallow: openapiv3 reports it");
        assert_eq!(first_error(&document(nested(200, json!({"type": "string"})))), None);
        let component = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": nested(50, json!({"$ref": "#/components/schemas/B"})), "B": {"type": "integer"}}}});
        assert_eq!(first_error(&component), None);
    }

    #[test]
    fn examples_are_not_schemas() {
        let mut raw = document(nested(30, json!({"type": "string"})));
        raw["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["example"] = nested(30, json!({"minLength": "x"}));
        assert_eq!(first_error(&raw), None);
    }
}
