//! Spec-level comparison: what changed in the API's own terms, and what that does to HTTP callers.
//!
//! Both documents are compared as the JSON that `openapiv3` reads back ([`Document::json`], as
//! [`crate::check`] and [`crate::lint`] do): typed and untyped schemas
//! look the same there, defaults are normalised, and every change gets a JSON pointer that
//! [`crate::load::Document::location`] turns into a line.
//!
//! - Operations are matched by method and path (path parameters by position, so renaming one is
//!   not a new route); a new operationId on the same route is a rename, the same operationId on
//!   another route a move.
//! - Parameters are matched by location and name, response headers by name, responses by status.
//! - Schemas are compared structurally, following `$ref`s; but where both sides refer to the
//!   same component, the component is compared once, on its own, with the operations that use it
//!   and the directions they use it in. A change in a shared component is reported once.
//! - Each change is classed by its [rule](super::rules) and the direction values flow where it is.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::rules::{rule, Impact};
use crate::load::Document;
use crate::openapi::reference::{resolve_value as resolve, Reference};
use crate::openapi::{pointer, ComponentRef, PathTemplate, METHODS};

mod operations;
mod schemas;

use schemas::subject;

/// Component kinds compared one by one, in report order.
const COMPONENT_KINDS: &[&str] = &["schemas", "parameters", "requestBodies", "responses", "headers", "securitySchemes"];

/// Schema keywords that are documentation only.
const DOC_KEYS: &[&str] = &["description", "summary", "title", "example", "examples", "externalDocs"];

/// Which way values flow where a change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flow {
    /// From callers to the server (parameters, request bodies).
    Request,
    /// From the server to callers (responses, response headers).
    Response,
    /// Both: a component used in requests and in responses.
    Both,
    /// A component that no operation uses.
    Unused,
}

/// Which document a pointer points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    /// The old spec (for what was removed).
    Old,
    /// The new spec.
    New,
}

/// One change between the two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How it affects HTTP callers.
    pub impact: Impact,
    /// The rule that classed it (see [`super::rules::RULES`]).
    pub rule: &'static str,
    /// What changed.
    pub message: String,
    /// Why it has its class, in one line.
    pub reason: String,
    /// The operation it is in (`POST /v1/users (createUser)`), if any.
    pub operation: Option<String>,
    /// The component it is in (`schemas/User`), if any.
    pub component: Option<String>,
    /// The direction values flow where it is, for rules that depend on it.
    pub flow: Option<Flow>,
    /// JSON pointer to it, in `document`.
    pub pointer: String,
    /// The document `pointer` points into: the new one, or the old one for what was removed.
    pub document: Which,
    /// Its line in that document, when known.
    pub line: Option<usize>,
    /// For a component: the operations that use it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<String>,
}

/// The directions a schema is used in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Dir {
    request: bool,
    response: bool,
}

const REQUEST: Dir = Dir { request: true, response: false };
const RESPONSE: Dir = Dir { request: false, response: true };
const NONE: Dir = Dir { request: false, response: false };

impl Dir {
    fn or(self, other: Dir) -> Dir {
        Dir { request: self.request || other.request, response: self.response || other.response }
    }
}

/// Where the changes found are reported: an operation or a component.
#[derive(Debug, Clone, Default)]
struct At {
    operation: Option<String>,
    component: Option<String>,
    used_by: Vec<String>,
}

/// A pair of pointers, into the old and the new document.
#[derive(Debug, Clone)]
struct Ptr {
    old: String,
    new: String,
}

impl Ptr {
    fn same(p: &str) -> Ptr {
        Ptr { old: p.to_string(), new: p.to_string() }
    }

    fn join(&self, token: &str) -> Ptr {
        Ptr { old: pointer::join(&self.old, token), new: pointer::join(&self.new, token) }
    }
}

/// Every change from `old` to `new`, operations first (in the new document's order), then the
/// document's other parts, then components.
pub fn compare(old: &Document, new: &Document) -> Vec<Change> {
    let mut cmp = Comparer { old: old.json(), new: new.json(), old_doc: old, new_doc: new, out: Vec::new(), stack: Vec::new() };
    cmp.document();
    let mut changes = cmp.out;
    for c in &mut changes {
        let doc = match c.document {
            Which::Old => old,
            Which::New => new,
        };
        c.line = doc.location(&c.pointer).line_col.map(|(line, _)| line);
    }
    changes
}

struct Comparer<'a> {
    old: &'a Value,
    new: &'a Value,
    old_doc: &'a Document,
    new_doc: &'a Document,
    out: Vec<Change>,
    /// Pairs of references being compared structurally (against cycles).
    stack: Vec<(String, String)>,
}

/// An operation of one document.
struct Op<'a> {
    /// The path item's key (`get`), or the method as sent for one of its additional operations
    /// (`QUERY`, `LINK`: see [`crate::openapi::ADDITIONAL_OPERATIONS`]).
    method: String,
    path: String,
    /// Method and path with parameter names left out.
    route: (String, String),
    pointer: String,
    value: &'a Value,
    item: &'a Value,
    item_pointer: String,
    id: Option<String>,
}

impl Op<'_> {
    fn label(&self) -> String {
        match &self.id {
            Some(id) => format!("{} {} ({id})", self.method.to_uppercase(), self.path),
            None => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }
}

fn operations(root: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else { return out };
    for (path, item) in paths {
        let item_pointer = pointer::join("/paths", path);
        let carried = pointer::join(&item_pointer, crate::openapi::ADDITIONAL_OPERATIONS);
        let own = METHODS.iter().filter_map(|method| Some((method.to_string(), pointer::join(&item_pointer, method), item.get(*method)?)));
        let additional = item
            .get(crate::openapi::ADDITIONAL_OPERATIONS)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(method, op)| (method.clone(), pointer::join(&carried, method), op));
        for (method, op_pointer, op) in own.chain(additional) {
            out.push(Op {
                route: (method.to_ascii_lowercase(), PathTemplate::parse(path).route()),
                method,
                path: path.clone(),
                pointer: op_pointer,
                value: op,
                item,
                item_pointer: item_pointer.clone(),
                id: op.get("operationId").and_then(Value::as_str).map(str::to_string),
            });
        }
    }
    out
}

/// The component a `$ref` names, when it names one: `#/components/schemas/User` → `schemas/User`.
fn component_of(value: &Value) -> Option<String> {
    ComponentRef::parse(value.get("$ref")?.as_str()?).map(|c| c.to_string())
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

fn list(values: &[&Value]) -> String {
    values.iter().map(|v| text(v)).collect::<Vec<_>>().join(", ")
}

fn get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    v.get(key)
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn empty() -> &'static Value {
    static EMPTY: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Value::Object(Map::new()))
}

impl<'a> Comparer<'a> {
    /// Records a change by rule `id`, classed for `dir`.
    fn push(&mut self, at: &At, id: &'static str, dir: Dir, which: Which, pointer: &str, message: String) {
        let r = rule(id);
        let (impact, reason, flow) = if !r.directional {
            (r.request.0, r.request.1, None)
        } else {
            match (dir.request, dir.response) {
                (true, true) => {
                    let worst = if r.response.0 > r.request.0 { r.response } else { r.request };
                    (worst.0, worst.1, Some(Flow::Both))
                }
                (true, false) => (r.request.0, r.request.1, Some(Flow::Request)),
                (false, true) => (r.response.0, r.response.1, Some(Flow::Response)),
                (false, false) => (Impact::Safe, "no operation uses it", Some(Flow::Unused)),
            }
        };
        let message = self.qualify(id, which, pointer, message);
        self.out.push(Change {
            impact,
            rule: id,
            message,
            reason: reason.to_string(),
            operation: at.operation.clone(),
            component: at.component.clone(),
            flow,
            pointer: pointer.to_string(),
            document: which,
            line: None,
            used_by: at.used_by.clone(),
        });
    }

    /// Names the field (and the parameter or header) a change inside a schema is at:
    /// `` `user.tags`: ... ``, `` parameter `view`: ... ``.
    fn qualify(&self, id: &str, which: Which, pointer: &str, message: String) -> String {
        let tokens: Vec<String> = pointer::tokens(pointer).collect();
        let owner = match tokens.iter().rposition(|t| t == "schema") {
            Some(i) if i >= 2 && tokens[i - 2] == "parameters" => {
                let root = if which == Which::Old { self.old } else { self.new };
                let at = pointer::join_all("", tokens[..i].iter().map(String::as_str));
                root.pointer(&at).and_then(|p| p.get("name")).and_then(Value::as_str).map(|n| format!("parameter `{n}`"))
            }
            Some(i) if i >= 2 && tokens[i - 2] == "headers" => Some(format!("header `{}`", tokens[i - 1])),
            _ => None,
        };
        let mut path = subject(pointer);
        if id.starts_with("property-") {
            // The message names the field; say whose field it is.
            path = match path.rfind('.') {
                Some(i) => path[..i].to_string(),
                None => String::new(),
            };
        }
        let path = (!path.is_empty()).then(|| format!("`{path}`"));
        match (owner, path) {
            (None, None) => message,
            (Some(o), None) => format!("{o}: {message}"),
            (None, Some(p)) => format!("{p}: {message}"),
            (Some(o), Some(p)) => format!("{o} {p}: {message}"),
        }
    }

    fn document(&mut self) {
        let (old, new) = (self.old, self.new);
        let top = At::default();
        // Info and servers.
        let (old_info, new_info) = (get(old, "info").unwrap_or(empty()), get(new, "info").unwrap_or(empty()));
        if old_info.get("version") != new_info.get("version") {
            let message = format!(
                "API version {} → {}",
                old_info.get("version").map(text).unwrap_or_default(),
                new_info.get("version").map(text).unwrap_or_default()
            );
            self.push(&top, "api-version-changed", NONE, Which::New, "/info/version", message);
        }
        let (old_openapi, new_openapi) = (self.old_doc.openapi_version(), self.new_doc.openapi_version());
        if old_openapi != new_openapi {
            self.push(&top, "openapi-version-changed", NONE, Which::New, "/openapi", format!("OpenAPI version {old_openapi} → {new_openapi}"));
        }
        self.docs(&top, old_info, new_info, &Ptr::same("/info"), "the API");
        let server = |root: &Value| root.pointer("/servers/0/url").cloned();
        if server(old) != server(new) {
            let message = format!(
                "default server {} → {}",
                server(old).as_ref().map(text).unwrap_or_else(|| "none".into()),
                server(new).as_ref().map(text).unwrap_or_else(|| "none".into())
            );
            self.push(&top, "server-changed", NONE, Which::New, "/servers", message);
        }

        // Operations.
        let old_ops = operations(old);
        let new_ops = operations(new);
        let mut matched_old = BTreeSet::new();
        let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
        for (ni, n) in new_ops.iter().enumerate() {
            let same_route = old_ops.iter().position(|o| o.route == n.route);
            let found = same_route.or_else(|| {
                // The same operationId elsewhere: a move, unless its own route is still there.
                old_ops.iter().position(|o| o.id.is_some() && o.id == n.id && !new_ops.iter().any(|x| x.route == o.route))
            });
            if let Some(oi) = found {
                matched_old.insert(oi);
            }
            pairs.push((ni, found));
        }
        for (ni, found) in pairs {
            let n = &new_ops[ni];
            match found {
                Some(oi) => self.operation(&old_ops[oi], n),
                None => {
                    let at = At { operation: Some(n.label()), ..At::default() };
                    self.push(&at, "operation-added", NONE, Which::New, &n.pointer, "new operation".into());
                }
            }
        }
        for (oi, o) in old_ops.iter().enumerate() {
            if !matched_old.contains(&oi) {
                let at = At { operation: Some(o.label()), ..At::default() };
                self.push(&at, "operation-removed", NONE, Which::Old, &o.pointer, "operation removed".into());
            }
        }

        // Security that operations inherit.
        let inherits = |ops: &[Op<'_>]| -> Vec<String> { ops.iter().filter(|o| o.value.get("security").is_none()).map(Op::label).collect() };
        let (old_global, new_global) = (get(old, "security"), get(new, "security"));
        if old_global != new_global {
            let at = At { used_by: inherits(&new_ops), ..At::default() };
            self.security(&at, old_global, new_global, "/security");
        }

        self.webhooks();
        self.components(&old_ops, &new_ops);
    }

    /// Webhooks (`webhooks`, carried in `x-webhooks`) by name and method: added, removed, and
    /// their payloads compared as responses are (the API sends them; the receiver reads them).
    fn webhooks(&mut self) {
        let (old, new) = (self.old, self.new);
        let of = |root: &'a Value| root.get(crate::openapi::WEBHOOKS).and_then(Value::as_object).or_else(|| empty().as_object());
        let (Some(om), Some(nm)) = (of(old), of(new)) else { return };
        let methods = |item: &'a Value| -> Vec<(&'static str, &'a Value)> { METHODS.iter().filter_map(|m| Some((*m, item.get(*m)?))).collect() };
        let names: Vec<&String> = nm.keys().chain(om.keys().filter(|k| !nm.contains_key(*k))).collect();
        for name in names {
            let item_ptr = Ptr::same(&pointer::join(&pointer::join("", crate::openapi::WEBHOOKS), name));
            let (o, n) = (om.get(name).map(methods).unwrap_or_default(), nm.get(name).map(methods).unwrap_or_default());
            for (method, nv) in &n {
                let label = format!("webhook `{name}` ({})", method.to_uppercase());
                let at = At { operation: Some(label.clone()), ..At::default() };
                let ptr = item_ptr.join(method);
                match o.iter().find(|(m, _)| m == method) {
                    None => self.push(&at, "webhook-added", NONE, Which::New, &ptr.new, format!("new {label}")),
                    Some((_, ov)) => {
                        self.docs(&at, ov, nv, &ptr, &label);
                        match (ov.get("requestBody"), nv.get("requestBody")) {
                            (Some(ob), Some(nb)) if !self.same_component(ob, nb) => {
                                let (ob, obp) = resolve(old, ob, &ptr.join("requestBody").old);
                                let (nb, nbp) = resolve(new, nb, &ptr.join("requestBody").new);
                                self.content(&at, ob, nb, &Ptr { old: obp, new: nbp }, RESPONSE, "the payload");
                            }
                            (None, Some(_)) => {
                                self.push(&at, "other-changed", RESPONSE, Which::New, &ptr.new, "the payload is now documented".into())
                            }
                            (Some(_), None) => {
                                self.push(&at, "other-changed", RESPONSE, Which::New, &ptr.new, "the payload is no longer documented".into())
                            }
                            _ => {}
                        }
                    }
                }
            }
            for (method, _) in o.iter().filter(|(m, _)| !n.iter().any(|(k, _)| k == m)) {
                let label = format!("webhook `{name}` ({})", method.to_uppercase());
                let at = At { operation: Some(label.clone()), ..At::default() };
                self.push(&at, "webhook-removed", NONE, Which::Old, &item_ptr.join(method).old, format!("{label} removed"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_ignore_parameter_names() {
        assert_eq!(PathTemplate::parse("/v1/users/{id}/tags/{tag}").route(), "/v1/users/{}/tags/{}");
    }

    #[test]
    fn subjects() {
        assert_eq!(subject("/paths/~1a/post/requestBody/content/application~1json/schema/properties/user/properties/tags/maxLength"), "user.tags");
        assert_eq!(subject("/components/schemas/User/properties/ids/items/enum"), "ids[]");
        assert_eq!(subject("/components/schemas/User/enum"), "");
        assert_eq!(subject("/paths/~1a/get/parameters/0"), "");
    }

    #[test]
    fn component_names() {
        assert_eq!(component_of(&serde_json::json!({"$ref": "#/components/schemas/User"})), Some("schemas/User".into()));
        assert_eq!(component_of(&serde_json::json!({"$ref": "#/paths/x"})), None);
    }
}
