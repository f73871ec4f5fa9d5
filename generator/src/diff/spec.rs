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
    method: &'static str,
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
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            out.push(Op {
                method,
                path: path.clone(),
                route: (method.to_string(), PathTemplate::parse(path).route()),
                pointer: pointer::join(&item_pointer, method),
                value: op,
                item,
                item_pointer: item_pointer.clone(),
                id: op.get("operationId").and_then(Value::as_str).map(str::to_string),
            });
        }
    }
    out
}

/// `(location, name or position) → (raw parameter, pointer)`: the parameters the operation takes
/// (its path item's, overridden by its own), path parameters keyed by their position in the
/// template.
fn effective_params<'v>(doc: &'v Document, op: &Op<'v>) -> indexmap::IndexMap<(String, String), (&'v Value, String)> {
    let mut out = indexmap::IndexMap::new();
    let Some(item) = doc.api.paths.paths.get(&op.path).and_then(|i| i.as_item()) else { return out };
    let Some((_, operation)) = crate::openapi::operations(item).find(|(m, _)| *m == op.method) else { return out };
    let template: Vec<&str> = PathTemplate::parse(&op.path).params().collect();
    let root = doc.json();
    let (merged, _) = crate::openapi::merged_parameters(&doc.api, root, item, &op.item_pointer, operation, &op.pointer);
    for m in merged {
        let Some(raw) = root.pointer(&m.pointer) else { continue };
        let (location, name) = crate::openapi::parameter_identity(&m.parameter);
        let key = match template.iter().position(|t| *t == name) {
            Some(i) if location == "path" => format!("#{i}"),
            _ => name,
        };
        out.insert((location.to_string(), key), (raw, m.pointer));
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
                old_ops.iter().position(|o| {
                    o.id.is_some() && o.id == n.id && !new_ops.iter().any(|x| x.route == o.route)
                })
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

        self.components(&old_ops, &new_ops);
    }

    fn operation(&mut self, o: &Op<'_>, n: &Op<'_>) {
        let at = At { operation: Some(n.label()), ..At::default() };
        let ptr = Ptr { old: o.pointer.clone(), new: n.pointer.clone() };
        if o.route != n.route {
            let message = format!("moved from `{} {}` to `{} {}`", o.method.to_uppercase(), o.path, n.method.to_uppercase(), n.path);
            self.push(&at, "operation-moved", NONE, Which::New, &n.pointer, message);
        } else if o.id != n.id {
            let message = format!(
                "operationId `{}` is now `{}`",
                o.id.as_deref().unwrap_or("(none)"),
                n.id.as_deref().unwrap_or("(none)")
            );
            self.push(&at, "operation-renamed", NONE, Which::New, &pointer::join(&n.pointer, "operationId"), message);
        }
        let (ov, nv) = (o.value, n.value);
        if ov.get("tags") != nv.get("tags") {
            let tags = |v: &Value| v.get("tags").map(|t| t.to_string()).unwrap_or_else(|| "[]".into());
            self.push(&at, "operation-tags-changed", NONE, Which::New, &n.pointer, format!("tags {} → {}", tags(ov), tags(nv)));
        }
        self.deprecation(&at, ov, nv, &ptr, "operation");
        self.docs(&at, ov, nv, &ptr, "operation");
        self.extensions(&at, ov, nv, &ptr);
        self.parameters(&at, o, n);
        // What is not compared below (`servers`, `callbacks`, ...).
        const KNOWN: &[&str] = &["operationId", "tags", "deprecated", "parameters", "requestBody", "responses", "security"];
        let keys = |v: &Value| -> BTreeSet<String> { v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default() };
        for key in keys(ov).union(&keys(nv)) {
            if !KNOWN.contains(&key.as_str()) && !DOC_KEYS.contains(&key.as_str()) && !key.starts_with("x-") && ov.get(key) != nv.get(key) {
                let pointer = if nv.get(key).is_some() { pointer::join(&n.pointer, key) } else { n.pointer.clone() };
                self.push(&at, "other-changed", NONE, Which::New, &pointer, format!("`{key}` changed"));
            }
        }

        // Request body.
        let body_ptr = ptr.join("requestBody");
        match (ov.get("requestBody"), nv.get("requestBody")) {
            (None, None) => {}
            (None, Some(b)) => {
                let (resolved, _) = resolve(self.new, b, &body_ptr.new);
                if flag(resolved, "required") {
                    self.push(&at, "request-body-added-required", REQUEST, Which::New, &body_ptr.new, "new required request body".into());
                } else {
                    self.push(&at, "request-body-added-optional", REQUEST, Which::New, &body_ptr.new, "new optional request body".into());
                }
            }
            (Some(_), None) => self.push(&at, "request-body-removed", REQUEST, Which::Old, &body_ptr.old, "request body removed".into()),
            (Some(ob), Some(nb)) => self.body(&at, ob, nb, &body_ptr),
        }

        // Responses.
        let (or, nr) = (ov.get("responses").unwrap_or(empty()), nv.get("responses").unwrap_or(empty()));
        let rptr = ptr.join("responses");
        let empty_map = Map::new();
        let (om, nm) = (or.as_object().unwrap_or(&empty_map), nr.as_object().unwrap_or(&empty_map));
        for (status, n_resp) in nm {
            let p = rptr.join(status);
            match om.get(status) {
                Some(o_resp) => self.response(&at, o_resp, n_resp, &p),
                None => {
                    let id = if status.starts_with('2') { "success-response-added" } else { "error-response-added" };
                    self.push(&at, id, RESPONSE, Which::New, &p.new, format!("new response `{status}`"));
                }
            }
        }
        for status in om.keys() {
            if !nm.contains_key(status) {
                let id = if status.starts_with('2') { "success-response-removed" } else { "error-response-removed" };
                self.push(&at, id, RESPONSE, Which::Old, &rptr.join(status).old, format!("response `{status}` removed"));
            }
        }

        // Security set on the operation itself (else the document's, compared once).
        if ov.get("security").is_some() || nv.get("security").is_some() {
            let effective = |op: &Value, root: &'a Value| op.get("security").or_else(|| root.get("security")).cloned();
            let (os, ns) = (effective(ov, self.old), effective(nv, self.new));
            if os != ns {
                self.security(&at, os.as_ref(), ns.as_ref(), &pointer::join(&n.pointer, "security"));
            }
        }
    }

    /// Path-level and operation-level parameters, matched by location and name (path parameters
    /// by their position in the template).
    fn parameters(&mut self, at: &At, o: &Op<'_>, n: &Op<'_>) {
        let old_params = effective_params(self.old_doc, o);
        let new_params = effective_params(self.new_doc, n);
        for (key, (n_raw, n_ptr)) in &new_params {
            let (n_res, _) = resolve(self.new, n_raw, n_ptr);
            let name = n_res.get("name").and_then(Value::as_str).unwrap_or_default();
            let location = n_res.get("in").and_then(Value::as_str).unwrap_or_default();
            match old_params.get(key) {
                Some((o_raw, o_ptr)) => {
                    let (o_res, _) = resolve(self.old, o_raw, o_ptr);
                    let old_name = o_res.get("name").and_then(Value::as_str).unwrap_or_default();
                    if location == "path" && old_name != name {
                        let message = format!("path parameter `{old_name}` renamed `{name}`");
                        self.push(at, "path-parameter-renamed", REQUEST, Which::New, n_ptr, message);
                    }
                    let ptr = Ptr { old: o_ptr.clone(), new: n_ptr.clone() };
                    self.parameter(at, o_raw, n_raw, &ptr);
                }
                None => {
                    let (id, what) = if flag(n_res, "required") {
                        ("parameter-added-required", "new required")
                    } else {
                        ("parameter-added-optional", "new optional")
                    };
                    self.push(at, id, REQUEST, Which::New, n_ptr, format!("{what} {location} parameter `{name}`"));
                }
            }
        }
        for (key, (o_raw, o_ptr)) in &old_params {
            if !new_params.contains_key(key) {
                let (o_res, _) = resolve(self.old, o_raw, o_ptr);
                let name = o_res.get("name").and_then(Value::as_str).unwrap_or_default();
                let location = o_res.get("in").and_then(Value::as_str).unwrap_or_default();
                self.push(at, "parameter-removed", REQUEST, Which::Old, o_ptr, format!("{location} parameter `{name}` removed"));
            }
        }
    }

    /// Whether both are references to the same component, compared on its own.
    fn same_component(&self, old: &Value, new: &Value) -> bool {
        match (component_of(old), component_of(new)) {
            (Some(a), Some(b)) if a == b => {
                let target = old.get("$ref").and_then(Value::as_str).and_then(Reference::local).unwrap_or_default();
                self.old.pointer(&target).is_some() && self.new.pointer(&target).is_some()
            }
            _ => false,
        }
    }

    fn parameter(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr) {
        if self.same_component(old, new) {
            return;
        }
        let (o, op) = resolve(self.old, old, &ptr.old);
        let (n, np) = resolve(self.new, new, &ptr.new);
        let ptr = Ptr { old: op, new: np };
        let name = n.get("name").and_then(Value::as_str).unwrap_or_default();
        let what = format!("parameter `{name}`");
        match (flag(o, "required"), flag(n, "required")) {
            (false, true) => self.push(at, "parameter-required", REQUEST, Which::New, &ptr.new, format!("{what} is now required")),
            (true, false) => self.push(at, "parameter-optional", REQUEST, Which::New, &ptr.new, format!("{what} is now optional")),
            _ => {}
        }
        let style = |p: &Value| {
            let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
            let style = p.get("style").and_then(Value::as_str).unwrap_or(match location {
                "query" | "cookie" => "form",
                _ => "simple",
            });
            let explode = p.get("explode").and_then(Value::as_bool).unwrap_or(style == "form");
            (style.to_string(), explode, p.get("x-query-style").cloned())
        };
        let (os, ns) = (style(o), style(n));
        if os != ns {
            let message = format!("{what} is written `style: {}, explode: {}` instead of `style: {}, explode: {}`", ns.0, ns.1, os.0, os.1);
            self.push(at, "parameter-style-changed", REQUEST, Which::New, &ptr.new, message);
        }
        self.deprecation(at, o, n, &ptr, &what);
        self.docs(at, o, n, &ptr, &what);
        self.extensions(at, o, n, &ptr);
        match (o.get("schema"), n.get("schema")) {
            (Some(os), Some(ns)) => self.schema(at, os, ns, &ptr.join("schema"), REQUEST),
            (None, None) => {}
            _ => self.push(at, "other-changed", REQUEST, Which::New, &ptr.new, format!("{what}: `schema`/`content` changed")),
        }
    }

    fn body(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr) {
        if self.same_component(old, new) {
            return;
        }
        let (o, op) = resolve(self.old, old, &ptr.old);
        let (n, np) = resolve(self.new, new, &ptr.new);
        let ptr = Ptr { old: op, new: np };
        match (flag(o, "required"), flag(n, "required")) {
            (false, true) => self.push(at, "request-body-required", REQUEST, Which::New, &ptr.new, "the request body is now required".into()),
            (true, false) => self.push(at, "request-body-optional", REQUEST, Which::New, &ptr.new, "the request body is now optional".into()),
            _ => {}
        }
        self.docs(at, o, n, &ptr, "the request body");
        self.extensions(at, o, n, &ptr);
        self.content(at, o, n, &ptr, REQUEST, "request body");
    }

    fn response(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr) {
        if self.same_component(old, new) {
            return;
        }
        let (o, op) = resolve(self.old, old, &ptr.old);
        let (n, np) = resolve(self.new, new, &ptr.new);
        let ptr = Ptr { old: op, new: np };
        self.docs(at, o, n, &ptr, "the response");
        self.extensions(at, o, n, &ptr);
        self.content(at, o, n, &ptr, RESPONSE, "response");
        let empty_map = Map::new();
        let (oh, nh) = (
            o.get("headers").and_then(Value::as_object).unwrap_or(&empty_map),
            n.get("headers").and_then(Value::as_object).unwrap_or(&empty_map),
        );
        fn find<'m>(m: &'m Map<String, Value>, name: &str) -> Option<(&'m String, &'m Value)> {
            m.iter().find(|(k, _)| k.eq_ignore_ascii_case(name))
        }
        for (name, nv) in nh {
            let hp = ptr.join("headers");
            match find(oh, name) {
                Some((oname, ov)) => {
                    let p = Ptr { old: pointer::join(&hp.old, oname), new: pointer::join(&hp.new, name) };
                    self.header(at, ov, nv, &p, name);
                }
                None => self.push(at, "response-header-added", RESPONSE, Which::New, &pointer::join(&hp.new, name), format!("new response header `{name}`")),
            }
        }
        for name in oh.keys() {
            if find(nh, name).is_none() {
                let p = pointer::join(&ptr.join("headers").old, name);
                self.push(at, "response-header-removed", RESPONSE, Which::Old, &p, format!("response header `{name}` removed"));
            }
        }
    }

    fn header(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr, name: &str) {
        if self.same_component(old, new) {
            return;
        }
        let (o, op) = resolve(self.old, old, &ptr.old);
        let (n, np) = resolve(self.new, new, &ptr.new);
        let ptr = Ptr { old: op, new: np };
        let what = format!("header `{name}`");
        self.deprecation(at, o, n, &ptr, &what);
        self.docs(at, o, n, &ptr, &what);
        self.extensions(at, o, n, &ptr);
        if let (Some(os), Some(ns)) = (o.get("schema"), n.get("schema")) {
            self.schema(at, os, ns, &ptr.join("schema"), RESPONSE);
        }
    }

    /// Media types of a body, and their schemas.
    fn content(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir, what: &str) {
        let empty_map = Map::new();
        let (oc, nc) = (
            o.get("content").and_then(Value::as_object).unwrap_or(&empty_map),
            n.get("content").and_then(Value::as_object).unwrap_or(&empty_map),
        );
        let cptr = ptr.join("content");
        for (media, nm) in nc {
            let p = cptr.join(media);
            match oc.get(media) {
                Some(om) => {
                    self.docs(at, om, nm, &p, what);
                    match (om.get("schema"), nm.get("schema")) {
                        (Some(os), Some(ns)) => self.schema(at, os, ns, &p.join("schema"), dir),
                        (None, None) => {}
                        (None, Some(_)) => self.push(at, "other-changed", dir, Which::New, &p.new, format!("{what} `{media}` now has a schema")),
                        (Some(_), None) => self.push(at, "other-changed", dir, Which::New, &p.new, format!("{what} `{media}` no longer has a schema")),
                    }
                }
                None if oc.is_empty() => {
                    let message = format!("{what} now has content `{media}`");
                    self.push(at, "media-type-added", dir, Which::New, &p.new, message);
                }
                None => self.push(at, "media-type-added", dir, Which::New, &p.new, format!("{what} accepts media type `{media}` too")),
            }
        }
        for media in oc.keys() {
            if !nc.contains_key(media) {
                self.push(at, "media-type-removed", dir, Which::Old, &cptr.join(media).old, format!("{what} media type `{media}` removed"));
            }
        }
    }

    fn deprecation(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, what: &str) {
        match (flag(o, "deprecated"), flag(n, "deprecated")) {
            (false, true) => self.push(at, "deprecation-changed", NONE, Which::New, &ptr.new, format!("{what} is now deprecated")),
            (true, false) => self.push(at, "deprecation-changed", NONE, Which::New, &ptr.new, format!("{what} is no longer deprecated")),
            _ => {}
        }
    }

    fn docs(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, what: &str) {
        for key in DOC_KEYS {
            if o.get(*key) != n.get(*key) {
                let change = match (o.get(*key), n.get(*key)) {
                    (None, _) => "added",
                    (_, None) => "removed",
                    _ => "changed",
                };
                let pointer = if n.get(*key).is_some() { pointer::join(&ptr.new, key) } else { ptr.new.clone() };
                self.push(at, "documentation-changed", NONE, Which::New, &pointer, format!("{key} of {what} {change}"));
            }
        }
    }

    fn extensions(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr) {
        let keys = |v: &Value| -> BTreeSet<String> {
            v.as_object().map(|m| m.keys().filter(|k| k.starts_with("x-")).cloned().collect()).unwrap_or_default()
        };
        for key in keys(o).union(&keys(n)) {
            if o.get(key) != n.get(key) {
                let pointer = if n.get(key).is_some() { pointer::join(&ptr.new, key) } else { ptr.new.clone() };
                let change = match (o.get(key), n.get(key)) {
                    (None, _) => "added",
                    (_, None) => "removed",
                    _ => "changed",
                };
                self.push(at, "extension-changed", NONE, Which::New, &pointer, format!("`{key}` {change}"));
            }
        }
    }

    /// Security requirements: a list of alternatives, each a map of scheme → scopes.
    fn security(&mut self, at: &At, old: Option<&Value>, new: Option<&Value>, pointer: &str) {
        let alternatives = |v: Option<&Value>| -> Vec<BTreeMap<String, Vec<String>>> {
            v.and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|alt| {
                            alt.as_object()
                                .map(|m| {
                                    m.iter()
                                        .map(|(k, scopes)| {
                                            let mut s: Vec<String> = scopes.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default();
                                            s.sort();
                                            (k.clone(), s)
                                        })
                                        .collect()
                                })
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (o, n) = (alternatives(old), alternatives(new));
        let anonymous = |alts: &[BTreeMap<String, Vec<String>>]| alts.is_empty() || alts.iter().any(BTreeMap::is_empty);
        let describe = |alt: &BTreeMap<String, Vec<String>>| alt.keys().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" + ");
        if anonymous(&o) && !anonymous(&n) {
            let message = format!("credentials now required: {}", n.iter().map(describe).collect::<Vec<_>>().join(" or "));
            self.push(at, "security-required", NONE, Which::New, pointer, message);
            return;
        }
        if !anonymous(&o) && anonymous(&n) {
            self.push(at, "security-removed", NONE, Which::New, pointer, "credentials no longer required".into());
            return;
        }
        let schemes = |alt: &BTreeMap<String, Vec<String>>| alt.keys().cloned().collect::<Vec<_>>();
        for alt in &n {
            match o.iter().find(|x| schemes(x) == schemes(alt)) {
                Some(old_alt) if old_alt != alt => {
                    self.push(at, "security-scopes-changed", NONE, Which::New, pointer, format!("scopes of {} changed", describe(alt)));
                }
                Some(_) => {}
                None if !anonymous(&o) => self.push(at, "security-alternative-added", NONE, Which::New, pointer, format!("{} accepted too", describe(alt))),
                None => {}
            }
        }
        for alt in &o {
            if !n.iter().any(|x| schemes(x) == schemes(alt)) && !anonymous(&n) {
                self.push(at, "security-alternative-removed", NONE, Which::New, pointer, format!("{} no longer accepted", describe(alt)));
            }
        }
    }

    fn components(&mut self, old_ops: &[Op<'_>], new_ops: &[Op<'_>]) {
        let old_usage = usage(self.old, old_ops);
        let new_usage = usage(self.new, new_ops);
        let schemes_used = |ops: &[Op<'_>], root: &Value, scheme: &str| -> Vec<String> {
            ops.iter()
                .filter(|o| {
                    let security = o.value.get("security").or_else(|| root.get("security"));
                    security.and_then(Value::as_array).is_some_and(|alts| alts.iter().any(|a| a.get(scheme).is_some()))
                })
                .map(Op::label)
                .collect()
        };
        let empty_map = Map::new();
        for kind in COMPONENT_KINDS {
            let of = |root: &'a Value| root.pointer(&format!("/components/{kind}")).and_then(Value::as_object).unwrap_or(&empty_map);
            let (om, nm) = (of(self.old), of(self.new));
            let names: Vec<&String> = nm.keys().chain(om.keys().filter(|k| !nm.contains_key(*k))).collect();
            for name in names {
                let pointer = format!("/components/{kind}/{}", pointer::escape(name));
                let component = format!("{kind}/{name}");
                let (dir, used_by) = if *kind == "securitySchemes" {
                    let mut used = schemes_used(new_ops, self.new, name);
                    if used.is_empty() {
                        used = schemes_used(old_ops, self.old, name);
                    }
                    (NONE, used)
                } else {
                    let (od, ol) = old_usage.get(&pointer).cloned().unwrap_or_default();
                    let (nd, nl) = new_usage.get(&pointer).cloned().unwrap_or_default();
                    (od.or(nd), if nl.is_empty() { ol } else { nl })
                };
                let at = At { operation: None, component: Some(component.clone()), used_by };
                let ptr = Ptr::same(&pointer);
                match (om.get(name), nm.get(name)) {
                    (None, Some(_)) => self.push(&at, "component-added", NONE, Which::New, &pointer, format!("new component `{component}`")),
                    (Some(_), None) => self.push(&at, "component-removed", NONE, Which::Old, &pointer, format!("component `{component}` removed")),
                    (Some(o), Some(n)) => match *kind {
                        "schemas" => self.schema(&at, o, n, &ptr, dir),
                        "parameters" => {
                            let key = |p: &Value| (p.get("in").cloned(), p.get("name").and_then(Value::as_str).map(str::to_ascii_lowercase));
                            if key(o) != key(n) {
                                let (on, nn) = (o.get("name").map(text).unwrap_or_default(), n.get("name").map(text).unwrap_or_default());
                                let message = format!("parameter {on} is now {nn} (in {})", n.get("in").map(text).unwrap_or_default());
                                self.push(&at, "parameter-removed", REQUEST, Which::Old, &pointer, message.clone());
                                let id = if flag(n, "required") { "parameter-added-required" } else { "parameter-added-optional" };
                                self.push(&at, id, REQUEST, Which::New, &pointer, message);
                            }
                            self.parameter(&at, o, n, &ptr);
                        }
                        "requestBodies" => self.body(&at, o, n, &ptr),
                        "responses" => self.response(&at, o, n, &ptr),
                        "headers" => self.header(&at, o, n, &ptr, name),
                        _ => self.security_scheme(&at, o, n, &ptr),
                    },
                    (None, None) => {}
                }
            }
        }
    }

    fn security_scheme(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr) {
        let show = |v: Option<&Value>| v.map(text).unwrap_or_else(|| "none".into());
        let changed: Vec<String> = ["type", "scheme", "in", "name", "bearerFormat", "flows", "openIdConnectUrl"]
            .iter()
            .filter(|key| o.get(**key) != n.get(**key))
            .map(|key| format!("`{key}` {} → {}", show(o.get(*key)), show(n.get(*key))))
            .collect();
        if !changed.is_empty() {
            self.push(at, "security-scheme-changed", NONE, Which::New, &ptr.new, changed.join(", "));
        }
        self.docs(at, o, n, ptr, "the security scheme");
    }

    /// Compares two schemas used in `dir`.
    fn schema(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr, dir: Dir) {
        if self.same_component(old, new) {
            return;
        }
        let (old_ref, new_ref) = (old.get("$ref").and_then(Value::as_str), new.get("$ref").and_then(Value::as_str));
        if old_ref.is_some() || new_ref.is_some() {
            if let (Some(a), Some(b)) = (old_ref, new_ref) {
                let short = |r: &str| r.rsplit('/').next().unwrap_or(r).to_string();
                let message = format!("now `{}` instead of `{}`", short(b), short(a));
                self.push(at, "reference-changed", dir, Which::New, &ptr.new, message);
            }
            let key = (old_ref.unwrap_or(&ptr.old).to_string(), new_ref.unwrap_or(&ptr.new).to_string());
            if self.stack.contains(&key) {
                return;
            }
            self.stack.push(key);
            let (o, op) = resolve(self.old, old, &ptr.old);
            let (n, np) = resolve(self.new, new, &ptr.new);
            // Refs to the same component inside are compared at the component.
            self.schema_body(at, o, n, &Ptr { old: op, new: np }, dir);
            self.stack.pop();
            return;
        }
        self.schema_body(at, old, new, ptr, dir);
    }

    fn schema_body(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
        let here = |p: &Ptr, key: &str, v: &Value| if v.get(key).is_some() { pointer::join(&p.new, key) } else { p.new.clone() };

        // Type.
        let (ot, nt) = (schema_type(o), schema_type(n));
        if ot != nt {
            let show = |t: &Option<String>| t.clone().unwrap_or_else(|| "any".into());
            let message = format!("type `{}` → `{}`", show(&ot), show(&nt));
            let id = match (ot.as_deref(), nt.as_deref()) {
                (Some("integer"), Some("number")) | (Some(_), None) => "type-widened",
                (Some("number"), Some("integer")) | (None, Some(_)) => "type-narrowed",
                _ => "type-changed",
            };
            self.push(at, id, dir, Which::New, &here(ptr, "type", n), message);
            if id == "type-changed" {
                return;
            }
        }

        // Format (part of the type change when the type changed).
        let (of, nf) = (o.get("format").and_then(Value::as_str), n.get("format").and_then(Value::as_str));
        if of != nf && ot == nt {
            let id = match (of, nf) {
                (Some("int32"), Some("int64")) | (Some("float"), Some("double")) | (Some(_), None) => "format-widened",
                (Some("int64"), Some("int32")) | (Some("double"), Some("float")) | (None, Some(_)) => "format-narrowed",
                _ => "format-changed",
            };
            let message = format!("format `{}` → `{}`", of.unwrap_or("none"), nf.unwrap_or("none"));
            self.push(at, id, dir, Which::New, &here(ptr, "format", n), message);
        }

        // Enum.
        fn values(v: &Value) -> Vec<&Value> {
            v.get("enum").and_then(Value::as_array).map(|a| a.iter().filter(|x| !x.is_null()).collect()).unwrap_or_default()
        }
        let (oe, ne) = (values(o), values(n));
        let ep = here(ptr, "enum", n);
        match (oe.is_empty(), ne.is_empty()) {
            (true, true) => {}
            (true, false) => self.push(at, "enum-restricted", dir, Which::New, &ep, format!("now limited to {}", list(&ne))),
            (false, true) => self.push(at, "enum-unrestricted", dir, Which::New, &ptr.new, format!("no longer limited to {}", list(&oe))),
            (false, false) => {
                let added: Vec<&Value> = ne.iter().filter(|v| !oe.contains(v)).copied().collect();
                let removed: Vec<&Value> = oe.iter().filter(|v| !ne.contains(v)).copied().collect();
                if !added.is_empty() {
                    let s = if added.len() > 1 { "s" } else { "" };
                    self.push(at, "enum-value-added", dir, Which::New, &ep, format!("new enum value{s} {}", list(&added)));
                }
                if !removed.is_empty() {
                    let s = if removed.len() > 1 { "s" } else { "" };
                    self.push(at, "enum-value-removed", dir, Which::New, &ep, format!("enum value{s} {} removed", list(&removed)));
                }
            }
        }

        // Nullable.
        match (flag(o, "nullable"), flag(n, "nullable")) {
            (false, true) => self.push(at, "nullable-added", dir, Which::New, &here(ptr, "nullable", n), "now nullable".into()),
            (true, false) => self.push(at, "nullable-removed", dir, Which::New, &ptr.new, "no longer nullable".into()),
            _ => {}
        }

        // Bounds.
        for key in ["maxLength", "maximum", "maxItems", "maxProperties"] {
            self.bound(at, o, n, ptr, key, true, dir);
        }
        for key in ["minLength", "minimum", "minItems", "minProperties"] {
            self.bound(at, o, n, ptr, key, false, dir);
        }
        for key in ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"] {
            match (flag(o, key), flag(n, key)) {
                (false, true) => self.push(at, "constraint-tightened", dir, Which::New, &here(ptr, key, n), format!("`{key}` now true")),
                (true, false) => self.push(at, "constraint-loosened", dir, Which::New, &ptr.new, format!("`{key}` no longer true")),
                _ => {}
            }
        }
        match (o.get("multipleOf"), n.get("multipleOf")) {
            (a, b) if a == b => {}
            (Some(a), None) => self.push(at, "constraint-loosened", dir, Which::New, &ptr.new, format!("`multipleOf` {a} removed")),
            (a, Some(b)) => {
                let message = match a {
                    Some(a) => format!("`multipleOf` {a} → {b}"),
                    None => format!("`multipleOf` {b} added"),
                };
                self.push(at, "constraint-tightened", dir, Which::New, &here(ptr, "multipleOf", n), message);
            }
            _ => {}
        }
        match (o.get("pattern"), n.get("pattern")) {
            (a, b) if a == b => {}
            (None, Some(b)) => self.push(at, "constraint-tightened", dir, Which::New, &here(ptr, "pattern", n), format!("pattern {} added", text(b))),
            (Some(a), None) => self.push(at, "constraint-loosened", dir, Which::New, &ptr.new, format!("pattern {} removed", text(a))),
            (Some(a), Some(b)) => self.push(at, "pattern-changed", dir, Which::New, &here(ptr, "pattern", n), format!("pattern {} → {}", text(a), text(b))),
            _ => {}
        }

        // Default, access, deprecation, documentation, extensions.
        match (o.get("default"), n.get("default")) {
            (a, b) if a == b => {}
            (None, Some(b)) => self.push(at, "default-added", dir, Which::New, &here(ptr, "default", n), format!("default {} added", text(b))),
            (Some(a), None) => self.push(at, "default-changed", dir, Which::New, &ptr.new, format!("default {} removed", text(a))),
            (Some(a), Some(b)) => self.push(at, "default-changed", dir, Which::New, &here(ptr, "default", n), format!("default {} → {}", text(a), text(b))),
            _ => {}
        }
        for key in ["readOnly", "writeOnly"] {
            if flag(o, key) != flag(n, key) {
                let now = if flag(n, key) { "now" } else { "no longer" };
                self.push(at, "access-changed", dir, Which::New, &ptr.new, format!("{now} `{key}`"));
            }
        }
        self.deprecation(at, o, n, ptr, "the schema");
        self.docs(at, o, n, ptr, "the schema");
        self.extensions(at, o, n, ptr);

        self.properties(at, o, n, ptr, dir);
        self.additional(at, o, n, ptr, dir);
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            self.schema(at, oi, ni, &ptr.join("items"), dir);
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            self.members(at, o, n, ptr, key, dir);
        }

        // Anything else.
        const KNOWN: &[&str] = &[
            "type", "format", "enum", "nullable", "maxLength", "maximum", "maxItems", "maxProperties", "minLength", "minimum",
            "minItems", "minProperties", "exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "multipleOf", "pattern", "default",
            "readOnly", "writeOnly", "deprecated", "properties", "required", "additionalProperties", "items", "oneOf", "anyOf", "allOf",
        ];
        let keys = |v: &Value| -> BTreeSet<String> { v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default() };
        for key in keys(o).union(&keys(n)) {
            if KNOWN.contains(&key.as_str()) || DOC_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            if o.get(key) != n.get(key) {
                self.push(at, "schema-changed", dir, Which::New, &here(ptr, key, n), format!("`{key}` changed"));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn bound(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, key: &str, upper: bool, dir: Dir) {
        let (a, b) = (o.get(key).and_then(Value::as_f64), n.get(key).and_then(Value::as_f64));
        // A lower bound of zero on a length or a count bounds nothing.
        let trivial = |x: f64| !upper && key != "minimum" && x <= 0.0;
        let show = |x: f64| if x.fract() == 0.0 { format!("{}", x as i64) } else { x.to_string() };
        let (id, message) = match (a, b) {
            (None, Some(b)) if !trivial(b) => ("constraint-tightened", format!("`{key}` {} added", show(b))),
            (Some(a), None) if !trivial(a) => ("constraint-loosened", format!("`{key}` {} removed", show(a))),
            (Some(a), Some(b)) if a != b => {
                let tighter = if upper { b < a } else { b > a };
                (if tighter { "constraint-tightened" } else { "constraint-loosened" }, format!("`{key}` {} → {}", show(a), show(b)))
            }
            _ => return,
        };
        let pointer = if n.get(key).is_some() { pointer::join(&ptr.new, key) } else { ptr.new.clone() };
        self.push(at, id, dir, Which::New, &pointer, message);
    }

    fn properties(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
        let empty_map = Map::new();
        let (op, np) = (
            o.get("properties").and_then(Value::as_object).unwrap_or(&empty_map),
            n.get("properties").and_then(Value::as_object).unwrap_or(&empty_map),
        );
        let required = |v: &Value| -> BTreeSet<String> {
            v.get("required").and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
        };
        let (or, nr) = (required(o), required(n));
        let pp = ptr.join("properties");
        for (name, nv) in np {
            let p = pp.join(name);
            match op.get(name) {
                Some(ov) => {
                    match (or.contains(name), nr.contains(name)) {
                        (false, true) => self.push(at, "property-required", dir, Which::New, &p.new, format!("field `{name}` is now required")),
                        (true, false) => self.push(at, "property-optional", dir, Which::New, &p.new, format!("field `{name}` is now optional")),
                        _ => {}
                    }
                    self.schema(at, ov, nv, &p, dir);
                }
                None if nr.contains(name) => self.push(at, "property-added-required", dir, Which::New, &p.new, format!("new required field `{name}`")),
                None => self.push(at, "property-added-optional", dir, Which::New, &p.new, format!("new optional field `{name}`")),
            }
        }
        for name in op.keys() {
            if !np.contains_key(name) {
                let p = pp.join(name);
                let (id, what) = if or.contains(name) { ("property-removed-required", "required") } else { ("property-removed-optional", "optional") };
                self.push(at, id, dir, Which::Old, &p.old, format!("{what} field `{name}` removed"));
            }
        }
    }

    fn additional(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
        // Absent means anything is allowed, as `true` does.
        let (oa, na) = (o.get("additionalProperties"), n.get("additionalProperties"));
        let allows = |v: Option<&Value>| !matches!(v, Some(Value::Bool(false)));
        let is_schema = |v: Option<&Value>| matches!(v, Some(Value::Object(_)));
        let p = ptr.join("additionalProperties");
        if allows(oa) && !allows(na) {
            self.push(at, "additional-properties-restricted", dir, Which::New, &p.new, "other keys are no longer allowed".into());
        } else if !allows(oa) && allows(na) {
            self.push(at, "additional-properties-allowed", dir, Which::New, &ptr.new, "other keys are allowed now".into());
        } else if let (Some(ov), Some(nv)) = (oa.filter(|v| is_schema(Some(v))), na.filter(|v| is_schema(Some(v)))) {
            self.schema(at, ov, nv, &p, dir);
        } else if is_schema(na) && !is_schema(oa) && allows(oa) && o.get("properties").is_none() {
            self.push(at, "constraint-tightened", dir, Which::New, &p.new, "map values now have a schema".into());
        } else if is_schema(oa) && !is_schema(na) && allows(na) {
            self.push(at, "constraint-loosened", dir, Which::New, &ptr.new, "map values no longer have a schema".into());
        }
    }

    /// `oneOf`, `anyOf` and `allOf` members: references matched by name, inline schemas by position.
    fn members(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, key: &str, dir: Dir) {
        let empty_list = Vec::new();
        let (om, nm) = (
            o.get(key).and_then(Value::as_array).unwrap_or(&empty_list),
            n.get(key).and_then(Value::as_array).unwrap_or(&empty_list),
        );
        if om.is_empty() && nm.is_empty() {
            return;
        }
        let keys = |list: &[Value]| -> Vec<String> {
            let mut inline = 0;
            list.iter()
                .map(|m| match m.get("$ref").and_then(Value::as_str) {
                    Some(r) => r.to_string(),
                    None => {
                        inline += 1;
                        format!("#inline{inline}")
                    }
                })
                .collect()
        };
        let (ok, nk) = (keys(om), keys(nm));
        let (added, removed) = if key == "allOf" { ("all-of-member-added", "all-of-member-removed") } else { ("union-branch-added", "union-branch-removed") };
        let describe = |k: &str, i: usize| if k.starts_with("#inline") { format!("inline member {}", i + 1) } else { format!("`{}`", k.rsplit('/').next().unwrap_or(k)) };
        let lp = ptr.join(key);
        for (i, k) in nk.iter().enumerate() {
            let p_new = format!("{}/{i}", lp.new);
            match ok.iter().position(|x| x == k) {
                Some(j) => self.schema(at, &om[j], &nm[i], &Ptr { old: format!("{}/{j}", lp.old), new: p_new }, dir),
                None => self.push(at, added, dir, Which::New, &p_new, format!("`{key}` member {} added", describe(k, i))),
            }
        }
        for (j, k) in ok.iter().enumerate() {
            if !nk.contains(k) {
                self.push(at, removed, dir, Which::Old, &format!("{}/{j}", lp.old), format!("`{key}` member {} removed", describe(k, j)));
            }
        }
    }
}

/// The field a pointer into a schema is at, as a path (`user.tags`, `items[]`); empty at the
/// schema's root.
fn subject(pointer: &str) -> String {
    let tokens: Vec<String> = pointer::tokens(pointer).collect();
    let start = match tokens.iter().rposition(|t| t == "schema") {
        Some(i) => i + 1,
        None if tokens.len() >= 3 && tokens[0] == "components" && tokens[1] == "schemas" => 3,
        None => return String::new(),
    };
    let mut out = String::new();
    let mut i = start;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "properties" if i + 1 < tokens.len() => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&tokens[i + 1]);
                i += 2;
            }
            "items" => {
                out.push_str("[]");
                i += 1;
            }
            "additionalProperties" => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('*');
                i += 1;
            }
            "allOf" | "oneOf" | "anyOf" => i += 2,
            _ => break,
        }
    }
    out
}

/// The schema's type: `type`, or what its keywords imply.
fn schema_type(v: &Value) -> Option<String> {
    if let Some(t) = v.get("type").and_then(Value::as_str) {
        return Some(t.to_string());
    }
    if v.get("properties").is_some() || v.get("additionalProperties").is_some() {
        return Some("object".into());
    }
    if v.get("items").is_some() {
        return Some("array".into());
    }
    None
}

/// For every component (by pointer): the directions operations use it in, and their labels.
fn usage(root: &Value, ops: &[Op<'_>]) -> BTreeMap<String, (Dir, Vec<String>)> {
    let mut out: BTreeMap<String, (Dir, Vec<String>)> = BTreeMap::new();
    for op in ops {
        let label = op.label();
        let mut request: Vec<&Value> = Vec::new();
        for list in [op.item.get("parameters"), op.value.get("parameters")].into_iter().flatten() {
            request.push(list);
        }
        if let Some(b) = op.value.get("requestBody") {
            request.push(b);
        }
        let response: Vec<&Value> = op.value.get("responses").into_iter().collect();
        for (dir, starts) in [(REQUEST, request), (RESPONSE, response)] {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<&Value> = starts;
            while let Some(v) = todo.pop() {
                for target in refs(v) {
                    if seen.insert(target.clone()) {
                        let entry = out.entry(target.clone()).or_default();
                        entry.0 = entry.0.or(dir);
                        if !entry.1.contains(&label) {
                            entry.1.push(label.clone());
                        }
                        if let Some(t) = root.pointer(&target) {
                            todo.push(t);
                        }
                    }
                }
            }
        }
    }
    out
}

/// The local targets (as pointers) of every `$ref` inside `v`.
fn refs(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str).and_then(Reference::local) {
                    out.push(r.into_owned());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
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
