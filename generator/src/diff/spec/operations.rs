//! Operations compared: parameters (matched by location and name, path parameters by position),
//! request bodies, responses by status, headers, media types, security requirements.

use serde_json::Value;

use super::*;

impl<'a> Comparer<'a> {
    pub(super) fn operation(&mut self, o: &Op<'_>, n: &Op<'_>) {
        let at = At { operation: Some(n.label()), ..At::default() };
        let ptr = Ptr { old: o.pointer.clone(), new: n.pointer.clone() };
        if o.route != n.route {
            let message = format!("moved from `{} {}` to `{} {}`", o.method.to_uppercase(), o.path, n.method.to_uppercase(), n.path);
            self.push(&at, "operation-moved", NONE, Which::New, &n.pointer, message);
        } else if o.id != n.id {
            let message = format!("operationId `{}` is now `{}`", o.id.as_deref().unwrap_or("(none)"), n.id.as_deref().unwrap_or("(none)"));
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
            if !KNOWN.contains(&key.as_str()) && !DOC_KEYS.contains(&key.as_str()) && !crate::openapi::is_extension(key) && ov.get(key) != nv.get(key)
            {
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
    pub(super) fn parameters(&mut self, at: &At, o: &Op<'_>, n: &Op<'_>) {
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
    pub(super) fn same_component(&self, old: &Value, new: &Value) -> bool {
        match (component_of(old), component_of(new)) {
            (Some(a), Some(b)) if a == b => {
                let target = old.get("$ref").and_then(Value::as_str).and_then(Reference::local).unwrap_or_default();
                self.old.pointer(&target).is_some() && self.new.pointer(&target).is_some()
            }
            _ => false,
        }
    }

    pub(super) fn parameter(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr) {
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

    pub(super) fn body(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr) {
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

    pub(super) fn response(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr) {
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
        let (oh, nh) =
            (o.get("headers").and_then(Value::as_object).unwrap_or(&empty_map), n.get("headers").and_then(Value::as_object).unwrap_or(&empty_map));
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
                None => self.push(
                    at,
                    "response-header-added",
                    RESPONSE,
                    Which::New,
                    &pointer::join(&hp.new, name),
                    format!("new response header `{name}`"),
                ),
            }
        }
        for name in oh.keys() {
            if find(nh, name).is_none() {
                let p = pointer::join(&ptr.join("headers").old, name);
                self.push(at, "response-header-removed", RESPONSE, Which::Old, &p, format!("response header `{name}` removed"));
            }
        }
    }

    pub(super) fn header(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr, name: &str) {
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
    pub(super) fn content(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir, what: &str) {
        let empty_map = Map::new();
        let (oc, nc) =
            (o.get("content").and_then(Value::as_object).unwrap_or(&empty_map), n.get("content").and_then(Value::as_object).unwrap_or(&empty_map));
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
                        (Some(_), None) => {
                            self.push(at, "other-changed", dir, Which::New, &p.new, format!("{what} `{media}` no longer has a schema"))
                        }
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

    pub(super) fn deprecation(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, what: &str) {
        match (flag(o, "deprecated"), flag(n, "deprecated")) {
            (false, true) => self.push(at, "deprecation-changed", NONE, Which::New, &ptr.new, format!("{what} is now deprecated")),
            (true, false) => self.push(at, "deprecation-changed", NONE, Which::New, &ptr.new, format!("{what} is no longer deprecated")),
            _ => {}
        }
    }

    pub(super) fn docs(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, what: &str) {
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

    pub(super) fn extensions(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr) {
        let keys = |v: &Value| -> BTreeSet<String> {
            v.as_object().map(|m| m.keys().filter(|k| crate::openapi::is_extension(k)).cloned().collect()).unwrap_or_default()
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
    pub(super) fn security(&mut self, at: &At, old: Option<&Value>, new: Option<&Value>, pointer: &str) {
        let alternatives = |v: Option<&Value>| -> Vec<BTreeMap<String, Vec<String>>> {
            v.and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|alt| {
                            alt.as_object()
                                .map(|m| {
                                    m.iter()
                                        .map(|(k, scopes)| {
                                            let mut s: Vec<String> = scopes
                                                .as_array()
                                                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                                                .unwrap_or_default();
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
                None if !anonymous(&o) => {
                    self.push(at, "security-alternative-added", NONE, Which::New, pointer, format!("{} accepted too", describe(alt)))
                }
                None => {}
            }
        }
        for alt in &o {
            if !n.iter().any(|x| schemes(x) == schemes(alt)) && !anonymous(&n) {
                self.push(at, "security-alternative-removed", NONE, Which::New, pointer, format!("{} no longer accepted", describe(alt)));
            }
        }
    }
}

/// `(location, name or position) → (raw parameter, pointer)`: the parameters the operation takes
/// (its path item's, overridden by its own), path parameters keyed by their position in the
/// template.
pub(super) fn effective_params<'v>(doc: &'v Document, op: &Op<'v>) -> indexmap::IndexMap<(String, String), (&'v Value, String)> {
    let mut out = indexmap::IndexMap::new();
    let Some(item) = doc.api.paths.paths.get(&op.path).and_then(|i| i.as_item()) else { return out };
    let additional = crate::openapi::additional_operations(item);
    let own = crate::openapi::operations(item).find(|(m, _)| *m == op.method).map(|(_, o)| o);
    let Some(operation) = own.or_else(|| additional.iter().find(|(m, _)| *m == op.method).and_then(|(_, o)| o.as_ref().ok())) else { return out };
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
