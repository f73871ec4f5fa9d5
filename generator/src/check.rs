//! Stage 2, check: is the document consistent enough to generate from?
//!
//! Finds every problem, not just the first: references that do not resolve (or go round in a
//! circle, or point at the wrong kind of object), duplicate operationIds, path parameters that are
//! declared but not in the path or the other way round, duplicate parameters, header names that are
//! not valid, undefined security schemes, unknown schema types, and documents that are not OpenAPI
//! 3.0 or 3.1 (a 3.1 document is checked in the 3.0 shape the loader rewrote it into). It also reads the document as written for what `openapiv3` drops without a word: paths
//! that do not start with `/`, response keys that are not status codes, misspelt keys
//! in path items and operations.

use std::collections::{BTreeMap, HashMap, HashSet};

use openapiv3::{
    AdditionalProperties, Header, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    Type,
};
use serde_json::Value;

use crate::diagnostic::{closest, Diagnostic};
use crate::load::Document;
use crate::openapi::reference::{self, component_noun, Malformed, Missing, Reference};
use crate::openapi::{pointer, ComponentRef, PathTemplate, StatusKey, METHODS, OPERATION_KEYS, PATH_ITEM_KEYS, SCHEMA_TYPES};

/// Every finding about `doc`; generation stops if any is an error.
pub fn check(doc: &Document) -> Vec<Diagnostic> {
    let mut out = as_written_findings(doc);
    parsed_findings(doc, &mut out);
    out
}

/// The findings [`check`] makes from the document as written ([`Document::raw`]) and from reading
/// it; [`parsed_findings`] adds the rest. (Apart so that a large document as written can be freed
/// before the rest of the checks build the parsed one's JSON view.)
pub fn as_written_findings(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let version = doc.openapi_version();
    if !crate::openapi::is_3_0(version) && !crate::openapi::is_3_1(version) && !crate::openapi::is_3_2(version) {
        out.push(
            Diagnostic::error(doc.location("/openapi"), format!("unsupported OpenAPI version `{version}`"))
                .help("this generator reads OpenAPI 3.0.x, 3.1.x and 3.2.x documents; set `openapi: 3.2.0` (or `3.1.1`, `3.0.3`) if the document uses only their features"),
        );
    }
    out.extend(doc.notes().iter().cloned());
    if let Some(raw) = doc.as_written() {
        as_written(doc, raw, &mut out);
    }
    for (at, text) in &doc.assumed {
        out.push(
            Diagnostic::warning(
                doc.location(at),
                format!("expected a string, found `{text}`; it is taken for the string \"{text}\" (`--strict` refuses this)"),
            )
            .help(format!("quote the value: `'{text}'`")),
        );
    }
    out
}

/// The findings [`check`] makes from the parsed document, after those of [`as_written_findings`] in `out`.
pub fn parsed_findings(doc: &Document, out: &mut Vec<Diagnostic>) {
    // Every piece of the parsed document's JSON view, made and walked one at a time: the whole
    // view is not made for the walk (a Graph-sized document's is 120 MB, at the peak of the run).
    let into_paths = std::sync::atomic::AtomicBool::new(false);
    let all_references = |found: &mut Vec<Diagnostic>| doc.json_pieces(&mut |at, piece| references(doc, piece, at, &into_paths, found));
    let the_rest = |found: &mut Vec<Diagnostic>| {
        operations(doc, found);
        all_of_cycles(doc, found);
        security(doc, found);
        let hooks = webhooks(doc, found);
        let mut walk = Walk::default();
        walk.document(&doc.api);
        for (pointer, item) in &hooks {
            walk.path_item(item, pointer);
        }
        objects(doc, &walk, found);
    };
    // A large document's references (a walk of its every node) are checked beside the rest, when
    // lines and columns are found later (no lookup of one depends on how many came before it);
    // the findings are in the same order either way.
    let (mut referenced, mut rest) = (Vec::new(), Vec::new());
    if doc.locations_deferred() && doc.api.paths.paths.len() >= REFERENCES_APART {
        std::thread::scope(|scope| {
            let walk = std::thread::Builder::new().stack_size(crate::STACK_SIZE).spawn_scoped(scope, || {
                let mut found = Vec::new();
                all_references(&mut found);
                found
            });
            the_rest(&mut rest);
            match walk {
                Ok(walk) => referenced = walk.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: this one walks.
                Err(_) => all_references(&mut referenced),
            }
        });
    } else {
        all_references(&mut referenced);
        the_rest(&mut rest);
    }
    doc.found_references_into_paths(into_paths.into_inner());
    out.extend(referenced);
    out.extend(rest);
    // A path item's parameters are checked with each of its operations: say each thing once.
    let mut seen = HashSet::new();
    out.retain(|d| seen.insert(d.to_string()));
}

/// How many paths a document has before [`parsed_findings`] checks its references on a thread of
/// their own.
const REFERENCES_APART: usize = 64;

/// The document as written (`raw`) cut down to what the checks of it ([`as_written_findings`])
/// read: the paths, the keys of each path item, of each operation (those under
/// `additionalOperations` and its extension too) and of its responses, every other value `null`. A large document keeps this
/// instead of the whole (see `load`); the findings are the same (tested on every fixture).
pub fn as_written_keys(raw: &Value) -> Value {
    fn keys(value: &Value, inner: &dyn Fn(&str, &Value) -> Value) -> Value {
        match value.as_object() {
            Some(map) => Value::Object(map.iter().map(|(key, value)| (key.clone(), inner(key, value))).collect()),
            None => Value::Null,
        }
    }
    let responses = |value: &Value| keys(value, &|_, _| Value::Null);
    let operation = |value: &Value| keys(value, &|key, value| if key == "responses" { responses(value) } else { Value::Null });
    let additional = |key: &str| key == "additionalOperations" || key == crate::openapi::ADDITIONAL_OPERATIONS;
    let item = |value: &Value| keys(value, &|key, value| if additional(key) { keys(value, &|_, op| operation(op)) } else { operation(value) });
    match raw.get("paths") {
        Some(paths) => Value::Object([("paths".to_string(), keys(paths, &|_, value| item(value)))].into_iter().collect()),
        None => Value::Null,
    }
}

/// What `openapiv3` reads past without a word: paths that do not start with `/`, keys of path items
/// and operations that OpenAPI does not have (an upper-case `GET`, a misspelt `parameter`), response
/// keys that are not status codes.
fn as_written(doc: &Document, raw: &Value, out: &mut Vec<Diagnostic>) {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths {
        let item_pointer = pointer::join("/paths", path);
        if crate::openapi::is_extension(path) {
            continue;
        }
        if !path.starts_with('/') {
            out.push(
                Diagnostic::error(doc.key_location(&item_pointer), format!("path `{path}` does not start with `/`, so it is not read as a path"))
                    .help(format!("write it as `/{path}`: paths start with `/` and are appended to the server URL")),
            );
            continue;
        }
        let Some(item) = item.as_object() else { continue };
        // OpenAPI 3.2's operations for methods without a field of their own, and the extension
        // that says the same before 3.2: their keys are checked as any operation's.
        let is_3_2 = crate::openapi::is_3_2(doc.openapi_version());
        let additional = ["additionalOperations", crate::openapi::ADDITIONAL_OPERATIONS]
            .into_iter()
            .filter(|key| is_3_2 || key.starts_with("x-"))
            .flat_map(|key| {
                let at = pointer::join(&item_pointer, key);
                item.get(key)
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(move |(method, op)| (method.clone(), pointer::join(&at, method), true, op))
            });
        let own = item.iter().map(|(key, value)| (key.clone(), pointer::join(&item_pointer, key), is_3_2 && key == "query", value));
        for (key, pointer, added, value) in own.chain(additional) {
            let key = &key;
            if crate::openapi::is_extension(key) || (is_3_2 && key == "additionalOperations") {
                continue;
            }
            if !added && !PATH_ITEM_KEYS.contains(&key.as_str()) {
                let lower = key.to_ascii_lowercase();
                let help = if METHODS.contains(&lower.as_str()) {
                    format!("HTTP methods are lower case in OpenAPI: write `{lower}`")
                } else if key == "query" || key == "additionalOperations" {
                    format!(
                        "`{key}` is OpenAPI 3.2's: set `openapi: 3.2.0`, or keep the version and write the operation under `{}` (keyed by the method: `QUERY`)",
                        crate::openapi::ADDITIONAL_OPERATIONS
                    )
                } else {
                    match closest(PATH_ITEM_KEYS.iter().copied(), key) {
                        Some(best) => format!("did you mean `{best}`? A path item has {}, and `x-` extensions", PATH_ITEM_KEYS.join(", ")),
                        None => format!("a path item has {}, and `x-` extensions; remove `{key}` or rename it `x-{key}`", PATH_ITEM_KEYS.join(", ")),
                    }
                };
                out.push(Diagnostic::error(doc.key_location(&pointer), format!("a path item has no `{key}`; it would be ignored")).help(help));
                continue;
            }
            if !added && !METHODS.contains(&key.as_str()) {
                continue;
            }
            let Some(op) = value.as_object() else { continue };
            for (op_key, op_value) in op {
                let op_pointer = pointer::join(&pointer, op_key);
                if crate::openapi::is_extension(op_key) {
                    continue;
                }
                if !OPERATION_KEYS.contains(&op_key.as_str()) {
                    let help = match closest(OPERATION_KEYS.iter().copied(), op_key) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "an operation has {}, and `x-` extensions; remove `{op_key}` or rename it `x-{op_key}`",
                            OPERATION_KEYS.join(", ")
                        ),
                    };
                    out.push(
                        Diagnostic::error(doc.key_location(&op_pointer), format!("an operation has no `{op_key}`; it would be ignored")).help(help),
                    );
                    continue;
                }
                if op_key != "responses" {
                    continue;
                }
                for code in op_value.as_object().into_iter().flat_map(|m| m.keys()) {
                    if crate::openapi::is_extension(code) || StatusKey::parse(code).is_some() {
                        continue;
                    }
                    out.push(
                        Diagnostic::error(
                            doc.key_location(&pointer::join(&op_pointer, code)),
                            format!("response key `{code}` is not an HTTP status code, so the response is ignored"),
                        )
                        .help("key each response by its status code in quotes (`'200'`), a range (`'2XX'`), or `default`"),
                    );
                }
            }
        }
    }
}

/// Every `$ref` must point at something in this document, and not (only) at itself.
/// `into_paths` is set when one points into the paths (see `Document::references_into_paths`).
fn references(doc: &Document, value: &Value, pointer: &str, into_paths: &std::sync::atomic::AtomicBool, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let at = pointer::join(pointer, "$ref");
                match Reference::parse(reference) {
                    Err(Malformed::BadEscape) => out.push(
                        Diagnostic::error(doc.location(&at), format!("reference `{reference}` has a `~` that is not `~0` or `~1`"))
                            .help("in a JSON pointer `~1` stands for `/` and `~0` for `~` (the key `a/b` is `#/components/schemas/a~1b`); no other `~` escape exists"),
                    ),
                    Err(Malformed::NotAPointer) => out.push(
                        Diagnostic::error(doc.location(&at), format!("reference `{reference}` is not a JSON pointer: after `#` it must start with `/`"))
                            .help(format!("write `#/{}`", &reference[1..])),
                    ),
                    // Not left after bundling (the loader reads the other files); kept for documents
                    // built in memory.
                    Ok(Reference::External(_)) => out.push(
                        Diagnostic::error(doc.location(&at), format!("external reference `{reference}` was not resolved"))
                            .help("load the document with `load::load`, which reads the files it references"),
                    ),
                    Ok(Reference::Local(target)) => {
                        if target == "/paths" || target.starts_with("/paths/") {
                            into_paths.store(true, std::sync::atomic::Ordering::Relaxed);
                        }
                        check_local(doc, reference, &target, &at, out);
                    }
                }
            }
            for (key, child) in map {
                if key != "$ref" {
                    references(doc, child, &pointer::join(pointer, key), into_paths, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                references(doc, child, &format!("{pointer}/{i}"), into_paths, out);
            }
        }
        // Not a `$ref`, but a pointer all the same (a discriminator's mapping, a link's
        // `operationRef`): the model may follow it too.
        Value::String(text) if text.starts_with("#/paths") => into_paths.store(true, std::sync::atomic::Ordering::Relaxed),
        _ => {}
    }
}

/// A local reference `reference` at `at`, to `target`: it must lead to a value. A component
/// (nearly every reference) is looked up in the typed document; the rest, and what goes wrong, in
/// the JSON view, made if it has to be.
fn check_local(doc: &Document, reference: &str, target: &str, at: &str, out: &mut Vec<Diagnostic>) {
    let followed = match reference::follows_to_component(&doc.api, target) {
        true => Ok(()),
        false => reference::follow(doc.json(), target).map(drop),
    };
    match followed {
        Ok(()) => {}
        Err(Missing::Dangling { pointer: missing, nearest }) => out.push(
            Diagnostic::error(doc.location(at), format!("dangling reference `{reference}`: {}", describe_missing(&missing, &nearest)))
                .help(suggest(doc.json(), &missing)),
        ),
        Err(Missing::Cycle) => out.push(
            Diagnostic::error(doc.location(at), format!("cyclic reference `{reference}`: following it comes back to where it started"))
                .help("make one of the references in the cycle point at a real schema"),
        ),
        Err(Missing::TooLong) => out.push(
            Diagnostic::error(
                doc.location(at),
                format!(
                    "reference `{reference}` starts a chain of more than {} references, each to the next, before a real value",
                    reference::MAX_CHAIN
                ),
            )
            .help("point the reference at the value the chain ends in (an alias of an alias of ... is the same schema)"),
        ),
        Err(Missing::Malformed(what)) => out
            .push(Diagnostic::error(doc.location(at), format!("reference `{reference}` leads to {what}")).help("correct the reference it leads to")),
    }
}

/// What is missing, said from the nearest place that exists.
fn describe_missing(missing: &str, nearest: &str) -> String {
    let Some((parent, name)) = pointer::split_last(missing) else { return "the document is empty".into() };
    if parent == nearest {
        format!("there is no `{name}` under `#{parent}`")
    } else if nearest.is_empty() {
        format!("`#{parent}` does not exist")
    } else {
        format!("`#{parent}` does not exist (the nearest that does is `#{nearest}`)")
    }
}

/// "did you mean" for a dangling reference: the closest name in the same place.
fn suggest(root: &Value, missing: &str) -> String {
    let (parent, name) = pointer::split_last(missing).unwrap_or(("", missing.to_string()));
    let candidates = root.pointer(parent).and_then(Value::as_object).into_iter().flat_map(|m| m.keys()).map(String::as_str);
    match closest(candidates, &name) {
        Some(best) => format!("did you mean `#{}`? Otherwise define `{name}` under `#{parent}`", pointer::join(parent, best)),
        None => format!("define `{name}` under `#{parent}`, or correct the reference"),
    }
}

fn operations(doc: &Document, out: &mut Vec<Diagnostic>) {
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in &doc.api.paths.paths {
        let item_pointer = pointer::join("/paths", path);
        let ReferenceOr::Item(item) = item else { continue };
        let template = PathTemplate::parse(path);
        template_problems(doc, &template, &item_pointer, out);
        let template: Vec<&str> = template.params().collect();
        duplicate_parameters(doc, &item.parameters, &pointer::join(&item_pointer, "parameters"), out);
        // With the operations of other methods (`query`, `additionalOperations`: see `load::v32`).
        let additional = crate::openapi::additional_operations(item);
        let carried = pointer::join(&item_pointer, crate::openapi::ADDITIONAL_OPERATIONS);
        let mut ops: Vec<(&str, String, &openapiv3::Operation)> = item.iter().map(|(m, op)| (m, pointer::join(&item_pointer, m), op)).collect();
        for (method, op) in &additional {
            let at = pointer::join(&carried, method);
            match op {
                Ok(op) => ops.push((method.as_str(), at, op)),
                Err(e) => out.push(
                    Diagnostic::error(doc.location(&at), format!("the `{method}` operation is not an operation: {e}"))
                        .help("write an operation object (with `responses`) for the method"),
                ),
            }
        }
        for (method, op_pointer, op) in ops {
            if let Some(id) = &op.operation_id {
                let at = pointer::join(&op_pointer, "operationId");
                if let Some(first) = ids.get(id.as_str()) {
                    out.push(
                        Diagnostic::error(doc.location(&at), format!("duplicate operationId `{id}` (first used at #{first})"))
                            .help("operationIds name the client's methods and must be unique; rename one of them"),
                    );
                } else {
                    ids.insert(id.clone(), at);
                }
            }
            duplicate_parameters(doc, &op.parameters, &pointer::join(&op_pointer, "parameters"), out);
            // References that lead nowhere are reported by `references`.
            let (declared, _) = crate::openapi::merged_parameters(&doc.api, doc, item, &item_pointer, op, &op_pointer);
            let declared: Vec<(String, &Parameter)> = declared.iter().map(|m| (m.pointer.clone(), m.parameter.as_ref())).collect();
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
                                Diagnostic::error(
                                    doc.location(&pointer::join(pointer, "required")),
                                    format!("path parameter `{}` must be `required: true`", data.name),
                                )
                                .help("OpenAPI requires path parameters to be required; add `required: true`"),
                            );
                        }
                    }
                    Parameter::Header { .. } if !crate::openapi::is_token(&data.name) => {
                        out.push(
                            Diagnostic::error(doc.location(pointer), format!("`{}` is not a valid HTTP header name", data.name))
                                .help("header names are ASCII letters, digits and !#$%&'*+-.^_`|~ (no spaces); e.g. `X-Request-Id`"),
                        );
                    }
                    _ => {}
                }
            }
            for name in &template {
                let found = declared.iter().any(|(_, p)| matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *name);
                if !found {
                    let message = format!("the path has `{{{name}}}` but `{method}` declares no path parameter `{name}`");
                    let help = format!("declare `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` under `parameters`");
                    out.push(match doc.strict {
                        true => Diagnostic::error(doc.location(&op_pointer), message).help(help),
                        false => Diagnostic::warning(
                            doc.location(&op_pointer),
                            format!("{message}; it is taken for a required string path parameter (`--strict` refuses this)"),
                        )
                        .help(help),
                    });
                }
            }
        }
    }
}

/// The webhooks (`webhooks`, carried in `x-webhooks`, or GitHub's `x-webhooks` in 3.0), checked as
/// operations are: each entry a path item, its parameters unique and its header names valid. The
/// path items read, with their pointers, for the checks of every object ([`Walk`]).
fn webhooks(doc: &Document, out: &mut Vec<Diagnostic>) -> Vec<(String, openapiv3::PathItem)> {
    let mut items = Vec::new();
    for (name, item) in crate::openapi::webhooks(&doc.api, doc) {
        let item_pointer = pointer::join(&pointer::join("", crate::openapi::WEBHOOKS), &name);
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                out.push(
                    Diagnostic::error(doc.location(&item_pointer), format!("webhook `{name}` is not a path item: {e}"))
                        .help("a webhook is a path item: its operation (`post`) says what the API sends"),
                );
                continue;
            }
        };
        duplicate_parameters(doc, &item.parameters, &pointer::join(&item_pointer, "parameters"), out);
        if item.iter().next().is_none() {
            out.push(
                Diagnostic::warning(doc.location(&item_pointer), format!("webhook `{name}` has no operation: it is not generated"))
                    .help("say what the API sends with an operation (`post: {requestBody: ...}`)"),
            );
        }
        for (method, op) in item.iter() {
            let op_pointer = pointer::join(&item_pointer, method);
            duplicate_parameters(doc, &op.parameters, &pointer::join(&op_pointer, "parameters"), out);
            let (declared, _) = crate::openapi::merged_parameters(&doc.api, doc, &item, &item_pointer, op, &op_pointer);
            for m in &declared {
                let data = m.parameter.parameter_data_ref();
                if matches!(m.parameter.as_ref(), Parameter::Header { .. }) && !crate::openapi::is_token(&data.name) {
                    out.push(
                        Diagnostic::error(doc.location(&m.pointer), format!("`{}` is not a valid HTTP header name", data.name))
                            .help("header names are ASCII letters, digits and !#$%&'*+-.^_`|~ (no spaces); e.g. `X-GitHub-Event`"),
                    );
                }
            }
        }
        items.push((item_pointer, item));
    }
    items
}

/// A path template's own problems: a name used twice, a `{` without its `}`, an empty `{}`.
fn template_problems(doc: &Document, template: &PathTemplate<'_>, pointer: &str, out: &mut Vec<Diagnostic>) {
    let path = template.path;
    match template.problem() {
        Some(crate::openapi::template::TemplateError::Unbalanced) => {
            out.push(
                Diagnostic::error(doc.key_location(pointer), format!("the path `{path}` has unbalanced braces"))
                    .help("write each path parameter as `{name}`, with one `{` and one `}`"),
            );
            return;
        }
        Some(crate::openapi::template::TemplateError::EmptyName) => out.push(
            Diagnostic::error(doc.key_location(pointer), format!("the path `{path}` has an empty `{{}}`"))
                .help("name the path parameter, e.g. `{id}`, and declare it under `parameters`"),
        ),
        None => {}
    }
    let mut seen = HashSet::new();
    for name in template.params() {
        if !name.is_empty() && !seen.insert(name) {
            out.push(
                Diagnostic::error(doc.key_location(pointer), format!("the path `{path}` has `{{{name}}}` twice"))
                    .help(format!("give each path parameter its own name (e.g. `{{{name}}}` and `{{{name}2}}`) and declare each under `parameters`")),
            );
        }
    }
}

/// A parameter is identified by its name and location; one list must not have the same one twice.
fn duplicate_parameters(doc: &Document, params: &[ReferenceOr<Parameter>], pointer: &str, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    for (i, p) in params.iter().enumerate() {
        let Some(p) = reference::resolve(&doc.api, doc, p) else { continue };
        let data = p.parameter_data_ref();
        let (location, name) = crate::openapi::parameter_identity(&p);
        if let Some(first) = seen.get(&(name.clone(), location)) {
            out.push(
                Diagnostic::error(
                    doc.location(&format!("{pointer}/{i}")),
                    format!("parameter `{}` (in: {location}) is declared twice (first at #{pointer}/{first})", data.name),
                )
                .help("a parameter is identified by its `name` and `in`: remove one of the two, or rename one"),
            );
        } else {
            seen.insert((name, location), i);
        }
    }
}

/// Every security requirement names a scheme of `components/securitySchemes`.
/// A schema that includes itself through `allOf` (directly, or through other schemas) would be an
/// object made of all of itself: there is no type to generate.
fn all_of_cycles(doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(components) = &doc.api.components else { return };
    let name_of = |reference: &str| ComponentRef::parse_kind(reference, "schemas");
    // The schemas each schema's allOf parts are made of (an alias counts as made of its target).
    fn parts(schema: &ReferenceOr<Schema>, name_of: &dyn Fn(&str) -> Option<String>, out: &mut Vec<String>) {
        match schema {
            ReferenceOr::Reference { reference } => out.extend(name_of(reference)),
            ReferenceOr::Item(item) => {
                if let SchemaKind::AllOf { all_of } = &item.schema_kind {
                    all_of.iter().for_each(|part| parts(part, name_of, out));
                }
            }
        }
    }
    let edges: BTreeMap<&str, Vec<String>> = components
        .schemas
        .iter()
        .map(|(name, schema)| {
            let mut to = Vec::new();
            parts(schema, &name_of, &mut to);
            (name.as_str(), to)
        })
        .collect();
    let on_cycle = on_a_cycle(&edges);
    for (name, schema) in &components.schemas {
        let ReferenceOr::Item(Schema { schema_kind: SchemaKind::AllOf { .. }, .. }) = schema else { continue };
        if on_cycle.contains(name.as_str()) {
            out.push(
                Diagnostic::error(
                    doc.location(&pointer::join(&pointer::join("/components/schemas", name), "allOf")),
                    format!("schema `{name}` includes itself through `allOf`"),
                )
                .help("an object cannot be made of all of itself: remove the reference, or make it a property (`parent: {$ref: ...}`)"),
            );
        }
    }
}

/// The nodes of a graph that lie on a cycle (with others, or through an edge to itself): the
/// generator's one graph routine ([`crate::graph::on_a_cycle`]) on the graph by index.
fn on_a_cycle<'g>(edges: &'g BTreeMap<&'g str, Vec<String>>) -> HashSet<&'g str> {
    let nodes: Vec<&str> = edges.keys().copied().collect();
    let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let by_index: Vec<Vec<usize>> = nodes.iter().map(|n| edges[n].iter().filter_map(|t| index.get(t.as_str()).copied()).collect()).collect();
    let on_cycle = crate::graph::on_a_cycle(&by_index);
    nodes.into_iter().zip(on_cycle).filter(|(_, on)| *on).map(|(n, _)| n).collect()
}

fn security(doc: &Document, out: &mut Vec<Diagnostic>) {
    let schemes: Vec<&str> = doc.api.components.iter().flat_map(|c| c.security_schemes.keys()).map(String::as_str).collect();
    let mut requirements: Vec<(String, &openapiv3::SecurityRequirement)> = Vec::new();
    for (i, r) in doc.api.security.iter().flatten().enumerate() {
        requirements.push((format!("/security/{i}"), r));
    }
    for (path, item) in &doc.api.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in item.iter() {
            for (i, r) in op.security.iter().flatten().enumerate() {
                requirements.push((format!("{}/security/{i}", pointer::join(&pointer::join("/paths", path), method)), r));
            }
        }
    }
    for (pointer, requirement) in requirements {
        for name in requirement.keys() {
            if schemes.contains(&name.as_str()) {
                continue;
            }
            let help = match closest(schemes.iter().copied(), name) {
                Some(best) => format!("did you mean `{best}`? Otherwise define `{name}` under `components/securitySchemes`"),
                None if schemes.is_empty() => {
                    format!("define `{name}` under `components/securitySchemes` (e.g. `{name}: {{type: http, scheme: bearer}}`)")
                }
                None => format!(
                    "define `{name}` under `components/securitySchemes`, or use one of {}",
                    schemes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            out.push(
                Diagnostic::error(
                    doc.key_location(&pointer::join(&pointer, name)),
                    format!("security requirement names `{name}`, which is not a security scheme of this document"),
                )
                .help(help),
            );
        }
    }
}

/// Every object of the document the other checks need, with its pointer.
#[derive(Default)]
struct Walk<'a> {
    schemas: Vec<(String, &'a Schema)>,
    /// `(pointer of the object holding $ref, reference, the components kind expected there)`.
    references: Vec<(String, &'a str, &'static str)>,
    responses: Vec<(String, &'a Response)>,
    request_bodies: Vec<(String, &'a RequestBody)>,
}

impl<'a> Walk<'a> {
    fn reference<T>(&mut self, r: &'a ReferenceOr<T>, pointer: &str, kind: &'static str) -> Option<&'a T> {
        match r {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => {
                self.references.push((pointer.to_string(), reference, kind));
                None
            }
        }
    }

    fn document(&mut self, api: &'a OpenAPI) {
        for (path, item) in &api.paths.paths {
            let pointer = pointer::join("/paths", path);
            if let ReferenceOr::Item(item) = item {
                self.path_item(item, &pointer);
            }
        }
        let Some(c) = &api.components else { return };
        for (k, s) in &c.schemas {
            self.schema(s, &pointer::join("/components/schemas", k));
        }
        for (k, r) in &c.responses {
            self.response(r, &pointer::join("/components/responses", k));
        }
        for (k, p) in &c.parameters {
            self.parameter(p, &pointer::join("/components/parameters", k));
        }
        for (k, b) in &c.request_bodies {
            self.request_body(b, &pointer::join("/components/requestBodies", k));
        }
        for (k, h) in &c.headers {
            self.header(h, &pointer::join("/components/headers", k));
        }
        for (k, e) in &c.examples {
            self.reference(e, &pointer::join("/components/examples", k), "examples");
        }
        for (k, s) in &c.security_schemes {
            self.reference(s, &pointer::join("/components/securitySchemes", k), "securitySchemes");
        }
        for (k, callback) in &c.callbacks {
            let pointer = pointer::join("/components/callbacks", k);
            if let Some(callback) = self.reference(callback, &pointer, "callbacks") {
                for (expression, item) in callback {
                    self.path_item(item, &pointer::join(&pointer, expression));
                }
            }
        }
    }

    fn path_item(&mut self, item: &'a openapiv3::PathItem, pointer: &str) {
        for (i, p) in item.parameters.iter().enumerate() {
            self.parameter(p, &format!("{pointer}/parameters/{i}"));
        }
        for (method, op) in item.iter() {
            let pointer = pointer::join(pointer, method);
            for (i, p) in op.parameters.iter().enumerate() {
                self.parameter(p, &format!("{pointer}/parameters/{i}"));
            }
            if let Some(body) = &op.request_body {
                self.request_body(body, &pointer::join(&pointer, "requestBody"));
            }
            if let Some(r) = &op.responses.default {
                self.response(r, &format!("{pointer}/responses/default"));
            }
            for (code, r) in &op.responses.responses {
                self.response(r, &format!("{pointer}/responses/{code}"));
            }
            for (name, callback) in &op.callbacks {
                let pointer = pointer::join(&pointer::join(&pointer, "callbacks"), name);
                for (expression, item) in callback {
                    self.path_item(item, &pointer::join(&pointer, expression));
                }
            }
        }
    }

    fn parameter(&mut self, p: &'a ReferenceOr<Parameter>, pointer: &str) {
        let Some(p) = self.reference(p, pointer, "parameters") else { return };
        match &p.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(s) => self.schema(s, &pointer::join(pointer, "schema")),
            ParameterSchemaOrContent::Content(c) => self.content(c, pointer),
        }
    }

    fn request_body(&mut self, b: &'a ReferenceOr<RequestBody>, pointer: &str) {
        let Some(b) = self.reference(b, pointer, "requestBodies") else { return };
        self.request_bodies.push((pointer.to_string(), b));
        self.content(&b.content, pointer);
    }

    fn response(&mut self, r: &'a ReferenceOr<Response>, pointer: &str) {
        let Some(r) = self.reference(r, pointer, "responses") else { return };
        self.responses.push((pointer.to_string(), r));
        for (name, h) in &r.headers {
            self.header(h, &pointer::join(&pointer::join(pointer, "headers"), name));
        }
        self.content(&r.content, pointer);
        for (name, link) in &r.links {
            self.reference(link, &pointer::join(&pointer::join(pointer, "links"), name), "links");
        }
    }

    fn header(&mut self, h: &'a ReferenceOr<Header>, pointer: &str) {
        let Some(h) = self.reference(h, pointer, "headers") else { return };
        match &h.format {
            ParameterSchemaOrContent::Schema(s) => self.schema(s, &pointer::join(pointer, "schema")),
            ParameterSchemaOrContent::Content(c) => self.content(c, pointer),
        }
    }

    fn content(&mut self, content: &'a indexmap::IndexMap<String, MediaType>, pointer: &str) {
        for (media_type, m) in content {
            let pointer = pointer::join(&pointer::join(pointer, "content"), media_type);
            if let Some(s) = &m.schema {
                self.schema(s, &pointer::join(&pointer, "schema"));
            }
            for (name, e) in &m.examples {
                self.reference(e, &pointer::join(&pointer::join(&pointer, "examples"), name), "examples");
            }
            for (property, encoding) in &m.encoding {
                for (name, h) in &encoding.headers {
                    self.header(h, &format!("{}/headers/{}", pointer::join(&pointer::join(&pointer, "encoding"), property), pointer::escape(name)));
                }
            }
        }
    }

    fn schema(&mut self, s: &'a ReferenceOr<Schema>, pointer: &str) {
        if let Some(s) = self.reference(s, pointer, "schemas") {
            self.inline_schema(s, pointer);
        }
    }

    fn boxed_schema(&mut self, s: &'a ReferenceOr<Box<Schema>>, pointer: &str) {
        match s {
            ReferenceOr::Item(s) => self.inline_schema(s, pointer),
            ReferenceOr::Reference { reference } => self.references.push((pointer.to_string(), reference, "schemas")),
        }
    }

    fn inline_schema(&mut self, s: &'a Schema, pointer: &str) {
        self.schemas.push((pointer.to_string(), s));
        let (properties, items, additional, lists, not) = match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), None, o.additional_properties.as_ref(), Vec::new(), None),
            SchemaKind::Type(Type::Array(a)) => (None, a.items.as_ref(), None, Vec::new(), None),
            SchemaKind::OneOf { one_of } => (None, None, None, vec![("oneOf", one_of)], None),
            SchemaKind::AllOf { all_of } => (None, None, None, vec![("allOf", all_of)], None),
            SchemaKind::AnyOf { any_of } => (None, None, None, vec![("anyOf", any_of)], None),
            SchemaKind::Not { not } => (None, None, None, Vec::new(), Some(&**not)),
            SchemaKind::Any(a) => (
                Some(&a.properties),
                a.items.as_ref(),
                a.additional_properties.as_ref(),
                vec![("oneOf", &a.one_of), ("allOf", &a.all_of), ("anyOf", &a.any_of)],
                a.not.as_deref(),
            ),
            SchemaKind::Type(_) => (None, None, None, Vec::new(), None),
        };
        for (name, p) in properties.into_iter().flatten() {
            self.boxed_schema(p, &pointer::join(&pointer::join(pointer, "properties"), name));
        }
        if let Some(items) = items {
            self.boxed_schema(items, &pointer::join(pointer, "items"));
        }
        if let Some(AdditionalProperties::Schema(s)) = additional {
            self.schema(s, &pointer::join(pointer, "additionalProperties"));
        }
        for (key, list) in lists {
            for (i, s) in list.iter().enumerate() {
                self.schema(s, &format!("{pointer}/{key}/{i}"));
            }
        }
        if let Some(not) = not {
            self.schema(not, &pointer::join(pointer, "not"));
        }
    }
}

/// Checks on the objects found by [`Walk`]: schema types, what references point at, request
/// bodies without content, response header names.
fn objects(doc: &Document, walk: &Walk<'_>, out: &mut Vec<Diagnostic>) {
    for (pointer, schema) in &walk.schemas {
        let SchemaKind::Any(any) = &schema.schema_kind else { continue };
        let Some(typ) = &any.typ else { continue };
        if SCHEMA_TYPES.contains(&typ.as_str()) {
            continue;
        }
        let help = if typ == "null" {
            "OpenAPI 3.0 has no `null` type: give the schema its real type and `nullable: true`".to_string()
        } else {
            match closest(SCHEMA_TYPES.iter().copied(), typ) {
                Some(best) => format!("did you mean `{best}`? The types are {}", SCHEMA_TYPES.join(", ")),
                None => format!("use one of {} (a format such as `date-time` goes under `format`)", SCHEMA_TYPES.join(", ")),
            }
        };
        out.push(Diagnostic::error(doc.location(&pointer::join(pointer, "type")), format!("unknown schema type `{typ}`")).help(help));
    }
    for (pointer, reference, expected) in &walk.references {
        let Some(target) = Reference::local(reference) else { continue };
        let Some(kind) = ComponentRef::containing(&target).map(|c| c.kind) else { continue };
        let (Some(found), Some(wanted)) = (component_noun(&kind), component_noun(expected)) else { continue };
        // A target that is missing is reported as dangling by `references`.
        if kind == *expected || doc.json().pointer(&target).is_none() {
            continue;
        }
        out.push(
            Diagnostic::error(
                doc.location(&pointer::join(pointer, "$ref")),
                format!("reference `{reference}` points at {found}, but {wanted} is expected here"),
            )
            .help(format!("point it at {wanted} under `#/components/{expected}`, or write {wanted} here")),
        );
    }
    for (pointer, body) in &walk.request_bodies {
        if !body.content.is_empty() {
            continue;
        }
        let has_schema = doc.raw().and_then(|raw| raw.pointer(&pointer::join(pointer, "schema"))).is_some();
        let help = if has_schema {
            "in OpenAPI 3.0 the schema goes under a media type: `content: {application/json: {schema: ...}}`"
        } else {
            "describe the body under `content`, e.g. `content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}`"
        };
        out.push(match doc.strict {
            true => Diagnostic::error(doc.location(pointer), "request body has no `content`").help(help),
            false => Diagnostic::warning(
                doc.location(pointer),
                "request body has no `content`; the operation is taken to send no body (`--strict` refuses this)",
            )
            .help(help),
        });
    }
    for (pointer, response) in &walk.responses {
        for name in response.headers.keys() {
            if !crate::openapi::is_token(name) {
                out.push(
                    Diagnostic::error(
                        doc.key_location(&pointer::join(&pointer::join(pointer, "headers"), name)),
                        format!("`{name}` is not a valid HTTP header name"),
                    )
                    .help("header names are ASCII letters, digits and !#$%&'*+-.^_`|~ (no spaces); e.g. `X-Rate-Limit`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large document's references, checked on a thread of their own when lines and columns are
    /// found later: the same findings, in the same order, as checked on one thread, and each at
    /// the same line and column once located.
    #[test]
    fn references_checked_apart_give_the_same_findings() {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n");
        for i in 0..REFERENCES_APART + 6 {
            spec.push_str(&format!(
                "  /items{i}/{{id}}:\n    get:\n      operationId: {}\n      parameters:\n        - $ref: '#/components/parameters/{}'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{}'}}\n",
                if i % 7 == 0 { "same".to_string() } else { format!("get{i}") },
                if i % 5 == 0 { "Missing" } else { "Id" },
                if i % 3 == 0 { "Nowhere" } else { "Item" },
            ));
        }
        spec.push_str("components:\n  parameters:\n    Id: {name: id, in: path, required: true, schema: {type: string}}\n  schemas:\n    Item: {type: object}\n");
        let path = std::path::Path::new("many.yaml");
        let at_once = crate::load::parse(path, spec.clone()).unwrap();
        let mut expected = Vec::new();
        parsed_findings(&at_once, &mut expected);
        let mut deferred = crate::load::parse(path, spec).unwrap();
        deferred.defer_locations();
        let mut found = Vec::new();
        parsed_findings(&deferred, &mut found);
        deferred.resolve_locations(&mut found);
        assert!(expected.iter().filter(|d| d.message.starts_with("dangling reference")).count() > 10, "{expected:#?}");
        assert!(expected.iter().any(|d| !d.message.starts_with("dangling reference")), "{expected:#?}");
        assert_eq!(found, expected);
    }

    /// Every document of the generator's tests, good and bad: the references checked piece by
    /// piece (the whole JSON view never made; [`crate::load::Document::json_pieces`]) give the
    /// findings the whole view gives, in the same order; and the checks of the document as written
    /// find in the keys kept of it ([`as_written_keys`]) what they find in the whole.
    #[test]
    fn pieces_and_kept_keys_give_the_same_findings() {
        let (mut documents, mut with_findings, mut written_findings) = (0, 0, 0);
        for path in crate::test_documents() {
            let Ok(doc) = crate::load::load(crate::load::Spec::File(&path), &Default::default()) else { continue };
            let mut piecewise = Vec::new();
            parsed_findings(&doc, &mut piecewise);
            let whole_view = crate::load::load(crate::load::Spec::File(&path), &Default::default()).unwrap();
            let _ = whole_view.json();
            let mut whole = Vec::new();
            parsed_findings(&whole_view, &mut whole);
            assert_eq!(piecewise, whole, "{}", path.display());
            let Some(raw) = doc.raw() else { continue };
            let (mut from_whole, mut from_keys) = (Vec::new(), Vec::new());
            as_written(&doc, raw, &mut from_whole);
            as_written(&doc, &as_written_keys(raw), &mut from_keys);
            assert_eq!(from_keys, from_whole, "{}", path.display());
            documents += 1;
            with_findings += usize::from(!whole.is_empty());
            written_findings += usize::from(!from_whole.is_empty());
        }
        assert!(
            documents > 60 && with_findings > 10 && written_findings >= 3,
            "{documents} documents, {with_findings} with findings, {written_findings} as written"
        );
    }
}
