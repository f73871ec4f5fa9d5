//! Components and schemas compared: a shared component once, on its own, with the operations that
//! use it; schemas structurally (types, enums, bounds, properties, members), following `$ref`s.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;

impl<'a> Comparer<'a> {
    pub(super) fn components(&mut self, old_ops: &[Op<'_>], new_ops: &[Op<'_>]) {
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

    pub(super) fn security_scheme(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr) {
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
    pub(super) fn schema(&mut self, at: &At, old: &Value, new: &Value, ptr: &Ptr, dir: Dir) {
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

    pub(super) fn schema_body(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
        if self.type_changes(at, o, n, ptr, dir) {
            return;
        }
        self.enum_changes(at, o, n, ptr, dir);
        // Nullable.
        match (flag(o, "nullable"), flag(n, "nullable")) {
            (false, true) => self.push(at, "nullable-added", dir, Which::New, &here(ptr, "nullable", n), "now nullable".into()),
            (true, false) => self.push(at, "nullable-removed", dir, Which::New, &ptr.new, "no longer nullable".into()),
            _ => {}
        }

        self.constraint_changes(at, o, n, ptr, dir);
        self.default_and_access(at, o, n, ptr, dir);
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

        self.other_changes(at, o, n, ptr, dir);
    }

    /// The type and format; true when the type changed to another (nothing else is compared).
    fn type_changes(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) -> bool {
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
                return true;
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

        false
    }

    fn enum_changes(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
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
    }

    /// Bounds, flags, `multipleOf` and `pattern`.
    fn constraint_changes(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
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
            (Some(a), Some(b)) => {
                self.push(at, "pattern-changed", dir, Which::New, &here(ptr, "pattern", n), format!("pattern {} → {}", text(a), text(b)))
            }
            _ => {}
        }
    }

    fn default_and_access(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
        match (o.get("default"), n.get("default")) {
            (a, b) if a == b => {}
            (None, Some(b)) => self.push(at, "default-added", dir, Which::New, &here(ptr, "default", n), format!("default {} added", text(b))),
            (Some(a), None) => self.push(at, "default-changed", dir, Which::New, &ptr.new, format!("default {} removed", text(a))),
            (Some(a), Some(b)) => {
                self.push(at, "default-changed", dir, Which::New, &here(ptr, "default", n), format!("default {} → {}", text(a), text(b)))
            }
            _ => {}
        }
        for key in ["readOnly", "writeOnly"] {
            if flag(o, key) != flag(n, key) {
                let now = if flag(n, key) { "now" } else { "no longer" };
                self.push(at, "access-changed", dir, Which::New, &ptr.new, format!("{now} `{key}`"));
            }
        }
    }

    /// Every other keyword, compared as a whole.
    fn other_changes(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
        // Anything else.
        const KNOWN: &[&str] = &[
            "type",
            "format",
            "enum",
            "nullable",
            "maxLength",
            "maximum",
            "maxItems",
            "maxProperties",
            "minLength",
            "minimum",
            "minItems",
            "minProperties",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "uniqueItems",
            "multipleOf",
            "pattern",
            "default",
            "readOnly",
            "writeOnly",
            "deprecated",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "oneOf",
            "anyOf",
            "allOf",
        ];
        let keys = |v: &Value| -> BTreeSet<String> { v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default() };
        for key in keys(o).union(&keys(n)) {
            if KNOWN.contains(&key.as_str()) || DOC_KEYS.contains(&key.as_str()) || crate::openapi::is_extension(key) {
                continue;
            }
            if o.get(key) != n.get(key) {
                self.push(at, "schema-changed", dir, Which::New, &here(ptr, key, n), format!("`{key}` changed"));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn bound(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, key: &str, upper: bool, dir: Dir) {
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

    pub(super) fn properties(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
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
                None if nr.contains(name) => {
                    self.push(at, "property-added-required", dir, Which::New, &p.new, format!("new required field `{name}`"))
                }
                None => self.push(at, "property-added-optional", dir, Which::New, &p.new, format!("new optional field `{name}`")),
            }
        }
        for name in op.keys() {
            if !np.contains_key(name) {
                let p = pp.join(name);
                let (id, what) =
                    if or.contains(name) { ("property-removed-required", "required") } else { ("property-removed-optional", "optional") };
                self.push(at, id, dir, Which::Old, &p.old, format!("{what} field `{name}` removed"));
            }
        }
    }

    pub(super) fn additional(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, dir: Dir) {
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
    pub(super) fn members(&mut self, at: &At, o: &Value, n: &Value, ptr: &Ptr, key: &str, dir: Dir) {
        let empty_list = Vec::new();
        let (om, nm) = (o.get(key).and_then(Value::as_array).unwrap_or(&empty_list), n.get(key).and_then(Value::as_array).unwrap_or(&empty_list));
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
        let (added, removed) =
            if key == "allOf" { ("all-of-member-added", "all-of-member-removed") } else { ("union-branch-added", "union-branch-removed") };
        let describe = |k: &str, i: usize| {
            if k.starts_with("#inline") {
                format!("inline member {}", i + 1)
            } else {
                format!("`{}`", k.rsplit('/').next().unwrap_or(k))
            }
        };
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
pub(super) fn subject(pointer: &str) -> String {
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
pub(super) fn schema_type(v: &Value) -> Option<String> {
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
pub(super) fn usage(root: &Value, ops: &[Op<'_>]) -> BTreeMap<String, (Dir, Vec<String>)> {
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
        walk_usage(root, &label, [(REQUEST, request), (RESPONSE, response)], &mut out);
    }
    // What a webhook sends flows to its receiver, as a response does.
    for (name, item) in root.get(crate::openapi::WEBHOOKS).and_then(Value::as_object).into_iter().flatten() {
        let label = format!("webhook `{name}`");
        let bodies: Vec<&Value> = item.as_object().into_iter().flatten().filter_map(|(_, op)| op.get("requestBody")).collect();
        walk_usage(root, &label, [(REQUEST, Vec::new()), (RESPONSE, bodies)], &mut out);
    }
    out
}

/// Records, for every component reached from `starts`, the direction it is used in and `label`.
fn walk_usage<'v>(root: &'v Value, label: &str, starts: [(Dir, Vec<&'v Value>); 2], out: &mut BTreeMap<String, (Dir, Vec<String>)>) {
    for (dir, starts) in starts {
        {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<&Value> = starts;
            while let Some(v) = todo.pop() {
                for target in refs(v) {
                    if seen.insert(target.clone()) {
                        let entry = out.entry(target.clone()).or_default();
                        entry.0 = entry.0.or(dir);
                        if !entry.1.iter().any(|l| l == label) {
                            entry.1.push(label.to_string());
                        }
                        if let Some(t) = root.pointer(&target) {
                            todo.push(t);
                        }
                    }
                }
            }
        }
    }
}

/// The local targets (as pointers) of every `$ref` inside `v`.
pub(super) fn refs(v: &Value) -> Vec<String> {
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

/// The new document's pointer to `key` of the schema at `p`, or to the schema when it has none.
fn here(p: &Ptr, key: &str, v: &Value) -> String {
    if v.get(key).is_some() {
        pointer::join(&p.new, key)
    } else {
        p.new.clone()
    }
}
