//! Choosing what to generate: a [`Selection`] of a document's operations (by operationId glob,
//! tag, path prefix; included and excluded), applied to the document before anything else reads
//! it, so that what follows costs what the selection costs.
//!
//! [`apply`] drops the operations not selected (and the path items left empty), then every
//! component that the operations kept do not reach through `$ref`s (followed into components,
//! transitively) and `x-id-of`: schemas, responses, parameters, request
//! bodies, headers, examples, links and callbacks. Security schemes stay (they are the client's,
//! not an operation's). The model is then built from what is left, as from a smaller document:
//! a component schema no selected operation reaches is not in the crate at all, not even behind
//! its `all-schemas` feature (which, with a selection, holds only what the kept operations
//! reference without using as a type: an `allOf` parent whose fields its children took, a
//! callback's payload).
//!
//! An operation is selected when no include selector is given or it matches one of them (its
//! operationId a glob of `operations`, one of its tags a glob of `tags`, its path under a prefix
//! of `paths`), and it matches no exclude selector. A selection that keeps no operation is an
//! error; a selector that matches no operation of the document is a warning naming it.

use std::collections::{HashMap, HashSet};

use globset::{GlobBuilder, GlobMatcher};
use openapiv3::{Components, PathItem, ReferenceOr};
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Document;
use crate::openapi::pointer;
use crate::openapi::reference::{ComponentRef, Reference};

/// The path item extension where the loader carries the operations `openapiv3` has no field for
/// (OpenAPI 3.2's `query` and `additionalOperations`).
use crate::openapi::ADDITIONAL_OPERATIONS;

/// Which operations to generate; empty: all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// operationId globs (`users.*`, `get*Message`).
    pub operations: Vec<String>,
    /// Tag globs (an exact tag is a glob without `*`).
    pub tags: Vec<String>,
    /// Path prefixes, whole segments (`/users` selects `/users` and `/users/{id}`, not `/usersettings`).
    pub paths: Vec<String>,
    /// operationId globs left out.
    pub exclude_operations: Vec<String>,
    /// Tag globs left out.
    pub exclude_tags: Vec<String>,
    /// Path prefixes left out.
    pub exclude_paths: Vec<String>,
}

/// What a selector looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Operation,
    Tag,
    Path,
}

/// One selector, ready to match.
struct Selector<'s> {
    kind: Kind,
    exclude: bool,
    text: &'s str,
    glob: Option<GlobMatcher>,
}

impl Selector<'_> {
    /// Whether the operation `id` (tagged `tags`, at `path`) matches.
    fn matches(&self, id: Option<&str>, tags: &[String], path: &str) -> bool {
        match (self.kind, &self.glob) {
            (Kind::Operation, Some(glob)) => id.is_some_and(|id| glob.is_match(id)),
            (Kind::Tag, Some(glob)) => tags.iter().any(|t| glob.is_match(t)),
            (Kind::Path, _) => under(path, self.text),
            (_, None) => false,
        }
    }

    /// How it is written on the command line (`--tags 'mail'`).
    fn flag(&self) -> String {
        format!("--{}{} {}", if self.exclude { "exclude-" } else { "" }, self.key(), shell_quote(self.text))
    }

    fn key(&self) -> &'static str {
        match self.kind {
            Kind::Operation => "operations",
            Kind::Tag => "tags",
            Kind::Path => "paths",
        }
    }
}

/// Whether `path` is `prefix` or under it, by whole segments (a trailing `/` of the prefix aside).
fn under(path: &str, prefix: &str) -> bool {
    let prefix = match prefix.trim_end_matches('/') {
        "" => return true,
        p => p,
    };
    path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `text` quoted for a POSIX shell when it needs it.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@{}".contains(c));
    match plain {
        true => text.to_string(),
        false => format!("'{}'", text.replace('\'', "'\\''")),
    }
}

impl Selection {
    /// Whether it selects everything (no selector at all).
    pub fn is_empty(&self) -> bool {
        self.lists().iter().all(|(_, _, list)| list.is_empty())
    }

    /// `(key in spec/clients.toml, excluded, values)` of each list.
    fn lists(&self) -> [(&'static str, bool, &[String]); 6] {
        [
            ("operations", false, &self.operations),
            ("tags", false, &self.tags),
            ("paths", false, &self.paths),
            ("exclude-operations", true, &self.exclude_operations),
            ("exclude-tags", true, &self.exclude_tags),
            ("exclude-paths", true, &self.exclude_paths),
        ]
    }

    /// The selection as the keys of a `spec/clients.toml` entry, one line (`operations =
    /// ["users.*"], exclude-tags = ["beta"]`): how generated crates record it.
    pub fn describe(&self) -> String {
        let quote = |s: &String| format!("{s:?}");
        self.lists()
            .iter()
            .filter(|(_, _, list)| !list.is_empty())
            .map(|(key, _, list)| format!("{key} = [{}]", list.iter().map(quote).collect::<Vec<_>>().join(", ")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The same as command-line flags (`--operations 'users.*' --exclude-tags beta`).
    pub fn flags(&self) -> String {
        self.selectors().map(|s| s.into_iter().map(|s| s.flag()).collect::<Vec<_>>().join(" ")).unwrap_or_default()
    }

    /// Every selector, its glob compiled; an error names a glob that cannot be read.
    fn selectors(&self) -> Result<Vec<Selector<'_>>, String> {
        let mut out = Vec::new();
        for (key, exclude, list) in self.lists() {
            let kind = match key.trim_start_matches("exclude-") {
                "operations" => Kind::Operation,
                "tags" => Kind::Tag,
                _ => Kind::Path,
            };
            for text in list {
                let glob = match kind {
                    Kind::Path => None,
                    _ => Some(
                        GlobBuilder::new(text)
                            .literal_separator(false)
                            .build()
                            .map_err(|e| format!("`{text}` in `{key}` is not a glob: {}", e.kind()))?
                            .compile_matcher(),
                    ),
                };
                out.push(Selector { kind, exclude, text, glob });
            }
        }
        Ok(out)
    }
}

/// How much of the document a selection kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kept {
    /// Operations kept, of how many.
    pub operations: (usize, usize),
    /// Component schemas kept, of how many.
    pub schemas: (usize, usize),
}

/// Narrows `doc` to the operations `selection` selects and the components they reach (see the
/// module docs); nothing changes for an empty selection. Returns how much was kept and a warning
/// for each selector that matches no operation; an error when none is kept (unless
/// `allow_empty`: `diff` compares a side where the selection matches nothing any more), when a
/// glob cannot be read, or when a kept operation refers into one that was dropped.
pub fn apply(doc: &mut Document, selection: &Selection, allow_empty: bool) -> Result<(Kept, Vec<Diagnostic>), Diagnostics> {
    let schemas = doc.api.components.as_ref().map_or(0, |c| c.schemas.len());
    if selection.is_empty() {
        let operations = doc.api.paths.paths.values().filter_map(ReferenceOr::as_item).map(|i| crate::openapi::operations(i).count()).sum();
        return Ok((Kept { operations: (operations, operations), schemas: (schemas, schemas) }, Vec::new()));
    }
    let selectors = selection
        .selectors()
        .map_err(|message| Diagnostics(vec![Diagnostic::error(doc.location(""), message).help("write globs with `*`, `?`, `[abc]` and `{a,b}`")]))?;
    let has_includes = selectors.iter().any(|s| !s.exclude);
    let mut matched = vec![false; selectors.len()];
    let mut total = 0;
    // The pointer of every operation dropped, with how it is named (`GET /users`).
    let mut dropped: Vec<(String, String)> = Vec::new();
    let mut kept_ops = 0;
    // What the document has, for the "did you mean" of a selector that matches nothing.
    let mut seen = Seen::default();
    // Whether an operation is kept; every selector is tried (not only up to the first that
    // matches), so that one that never matches is told.
    let mut keep = |id: Option<&str>, tags: &[String], path: &str| {
        let (mut included, mut excluded) = (!has_includes, false);
        for (s, matched) in selectors.iter().zip(matched.iter_mut()) {
            if s.matches(id, tags, path) {
                *matched = true;
                match s.exclude {
                    true => excluded = true,
                    false => included = true,
                }
            }
        }
        included && !excluded
    };
    for (path, item) in doc.api.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        seen.paths.push(path.clone());
        let item_pointer = pointer::join("/paths", path);
        for (method, slot) in operation_slots(item) {
            let Some(op) = slot.as_ref() else { continue };
            total += 1;
            seen.ids.extend(op.operation_id.clone());
            seen.tags.extend(op.tags.iter().cloned());
            if keep(op.operation_id.as_deref(), &op.tags, path) {
                kept_ops += 1;
            } else {
                *slot = None;
                dropped.push((pointer::join(&item_pointer, method), format!("{} {path}", method.to_uppercase())));
            }
        }
        // The operations the loader carries for methods without a field in `openapiv3`'s path
        // item (OpenAPI 3.2's `query` and `additionalOperations`), by method as sent.
        if let Some(Value::Object(carried)) = item.extensions.get_mut(ADDITIONAL_OPERATIONS) {
            let carried_pointer = pointer::join(&item_pointer, ADDITIONAL_OPERATIONS);
            carried.retain(|method, op| {
                total += 1;
                let id = op.get("operationId").and_then(Value::as_str);
                let tags: Vec<String> =
                    op.get("tags").and_then(Value::as_array).into_iter().flatten().filter_map(|t| t.as_str().map(str::to_string)).collect();
                seen.ids.extend(id.map(str::to_string));
                seen.tags.extend(tags.iter().cloned());
                let kept = keep(id, &tags, path);
                match kept {
                    true => kept_ops += 1,
                    false => dropped.push((pointer::join(&carried_pointer, method), format!("{} {path}", method.to_uppercase()))),
                }
                kept
            });
            if carried.is_empty() {
                item.extensions.shift_remove(ADDITIONAL_OPERATIONS);
            }
        }
    }
    let mut warnings = Vec::new();
    for (s, _) in selectors.iter().zip(&matched).filter(|(_, m)| !**m) {
        let mut warning = Diagnostic::warning(doc.location(""), format!("the selector `{}` matches no operation of the document", s.flag()));
        if let Some(near) = seen.nearest(s) {
            warning = warning.help(format!("did you mean `{near}`?"));
        } else {
            warning = warning.help(format!(
                "check the spelling: {} are matched {}",
                s.key(),
                match s.kind {
                    Kind::Operation => "as globs against operationIds, case-sensitively",
                    Kind::Tag => "as globs against each tag of an operation, case-sensitively",
                    Kind::Path => "as prefixes of the path template, whole segments (`/users` matches `/users/{id}`)",
                }
            ));
        }
        warnings.push(warning);
    }
    if kept_ops == 0 && !allow_empty {
        return Err(Diagnostics(vec![Diagnostic::error(
            doc.location("/paths"),
            format!("the selection `{}` matches none of the document's {total} operations: there is nothing to generate", selection.flags()),
        )
        .help("widen the selection (see the warnings above for selectors that match nothing), or drop it to generate every operation")]));
    }
    doc.api.paths.paths.retain(|_, item| match item {
        ReferenceOr::Item(item) => crate::openapi::operations(item).next().is_some() || item.extensions.contains_key(ADDITIONAL_OPERATIONS),
        // Not read by the model (it warns and skips the path): kept so that it still says so.
        ReferenceOr::Reference { .. } => true,
    });
    warnings.extend(drop_webhooks(doc));
    let reached = reach(doc, &dropped)?;
    if let Some(components) = doc.api.components.as_mut() {
        prune(components, &reached);
    }
    // The JSON view, if one was made, is of the whole document: made again from what is left.
    doc.parsed_changed();
    let kept_schemas = doc.api.components.as_ref().map_or(0, |c| c.schemas.len());
    Ok((Kept { operations: (kept_ops, total), schemas: (kept_schemas, schemas) }, warnings))
}

/// A selection is of operations: the document's webhooks (and the schemas only they use, pruned
/// after) are left out, with a warning.
fn drop_webhooks(doc: &mut Document) -> Option<Diagnostic> {
    let Some(Value::Object(hooks)) = doc.api.extensions.shift_remove(crate::openapi::WEBHOOKS) else { return None };
    (!hooks.is_empty()).then(|| {
        Diagnostic::warning(
            doc.location(&pointer::join("", crate::openapi::WEBHOOKS)),
            format!("the selection leaves out the document's {} webhooks", hooks.len()),
        )
        .help("generate the crate without a selection to have its `webhooks` module")
    })
}

/// The operation slots of a path item, by method key.
fn operation_slots(item: &mut PathItem) -> [(&'static str, &mut Option<openapiv3::Operation>); 8] {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
}

/// The operationIds, tags and paths of a document.
#[derive(Default)]
struct Seen {
    ids: Vec<String>,
    tags: Vec<String>,
    paths: Vec<String>,
}

impl Seen {
    /// The value in the document closest to what a selector that matches nothing says (for a
    /// glob with no wildcard, or a path: a path prefix is compared with the paths cut to as many
    /// segments).
    fn nearest(&self, s: &Selector) -> Option<String> {
        if s.kind != Kind::Path && s.text.contains(['*', '?', '[', '{']) {
            return None;
        }
        let segments = s.text.trim_end_matches('/').matches('/').count();
        let mut candidates: Vec<String> = match s.kind {
            Kind::Operation => self.ids.clone(),
            Kind::Tag => self.tags.clone(),
            Kind::Path => self.paths.iter().map(|p| p.split('/').take(segments + 1).collect::<Vec<_>>().join("/")).collect(),
        };
        candidates.sort_unstable();
        candidates.dedup();
        crate::diagnostic::closest(candidates.iter().map(String::as_str), s.text).map(str::to_string)
    }
}

/// The components the document's operations (what is left of its paths) reach, by kind.
fn reach(doc: &Document, dropped: &[(String, String)]) -> Result<HashMap<&'static str, HashSet<String>>, Diagnostics> {
    let api = &doc.api;
    let mut reached: HashMap<&'static str, HashSet<String>> = HashMap::new();
    // Values to walk, each with its pointer (for messages).
    let mut todo: Vec<(Value, String)> = Vec::new();
    for (path, item) in &api.paths.paths {
        todo.push((to_json(item), pointer::join("/paths", path)));
    }
    let mut errors = Vec::new();
    let mut refs: Vec<(String, String)> = Vec::new();
    while let Some((value, at)) = todo.pop() {
        collect_refs(&value, &at, &mut refs);
        for (reference, from) in refs.drain(..) {
            let Some(target) = Reference::local(&reference) else { continue };
            if let Some(c) = ComponentRef::containing(&target) {
                let Some(kind) = kind_key(&c.kind) else { continue };
                if !reached.entry(kind).or_default().insert(c.name.clone()) {
                    continue;
                }
                if let Some(found) = api.components.as_ref().and_then(|cs| component_json(cs, kind, &c.name)) {
                    todo.push((found, c.pointer()));
                }
                continue;
            }
            if let Some((_, named)) = dropped.iter().find(|(at, _)| pointer::is_within(&target, at)) {
                errors.push(
                    Diagnostic::error(
                        doc.location(&format!("{from}/$ref")),
                        format!("`{reference}` points into the operation `{named}`, which the selection leaves out"),
                    )
                    .help("select that operation too, or move what is referenced into #/components"),
                );
            }
            // Anything else lies in what the selection keeps whole (a kept path item, the root):
            // what it refers to is walked from there when it is kept, or is not pruned.
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(reached)
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The static key of a component kind this module prunes.
fn kind_key(kind: &str) -> Option<&'static str> {
    ["schemas", "responses", "parameters", "examples", "requestBodies", "headers", "links", "callbacks"].into_iter().find(|k| *k == kind)
}

/// The component `kind`/`name` as JSON.
fn component_json(cs: &Components, kind: &str, name: &str) -> Option<Value> {
    match kind {
        "schemas" => cs.schemas.get(name).map(to_json),
        "responses" => cs.responses.get(name).map(to_json),
        "parameters" => cs.parameters.get(name).map(to_json),
        "examples" => cs.examples.get(name).map(to_json),
        "requestBodies" => cs.request_bodies.get(name).map(to_json),
        "headers" => cs.headers.get(name).map(to_json),
        "links" => cs.links.get(name).map(to_json),
        "callbacks" => cs.callbacks.get(name).map(to_json),
        _ => None,
    }
}

/// Removes every component of a pruned kind that is not `reached`.
fn prune(cs: &mut Components, reached: &HashMap<&'static str, HashSet<String>>) {
    let empty = HashSet::new();
    let keep = |kind: &str| reached.get(kind).unwrap_or(&empty);
    let schemas = keep("schemas");
    cs.schemas.retain(|k, _| schemas.contains(k));
    let responses = keep("responses");
    cs.responses.retain(|k, _| responses.contains(k));
    let parameters = keep("parameters");
    cs.parameters.retain(|k, _| parameters.contains(k));
    let examples = keep("examples");
    cs.examples.retain(|k, _| examples.contains(k));
    let bodies = keep("requestBodies");
    cs.request_bodies.retain(|k, _| bodies.contains(k));
    let headers = keep("headers");
    cs.headers.retain(|k, _| headers.contains(k));
    let links = keep("links");
    cs.links.retain(|k, _| links.contains(k));
    let callbacks = keep("callbacks");
    cs.callbacks.retain(|k, _| callbacks.contains(k));
}

/// Every reference in `value` (at pointer `at`), with the pointer of the object holding it:
/// `$ref`s and the component schema an `x-id-of` names. Not the targets of a discriminator's
/// mapping: the model reads a mapping only to tag the branches of a `oneOf`/`anyOf`, which are
/// references of their own, and a base type's mapping lists every type derived from it (Graph's
/// `entity` maps to some two thousand), which no operation that returns the base needs.
/// Iterative: a document nests as deep as the readers allow.
fn collect_refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    let mut stack: Vec<(&Value, String)> = vec![(value, at.to_string())];
    while let Some((value, at)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    match (key.as_str(), child) {
                        ("$ref", Value::String(r)) => out.push((r.clone(), at.clone())),
                        ("x-id-of", Value::String(name)) => out.push((schema_ref(name), at.clone())),
                        _ => {}
                    }
                    if child.is_object() || child.is_array() {
                        stack.push((child, pointer::join(&at, key)));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    if child.is_object() || child.is_array() {
                        stack.push((child, format!("{at}/{i}")));
                    }
                }
            }
            _ => {}
        }
    }
}

/// `#/components/schemas/<name>`, escaped.
fn schema_ref(name: &str) -> String {
    format!("#{}", pointer::join("/components/schemas", name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /users:
    get:
      operationId: users.list
      tags: [users]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/User'}}
  /users/{id}/messages:
    get:
      operationId: users.messages.list
      tags: [mail]
      parameters: [{$ref: '#/components/parameters/Id'}]
      responses:
        '200': {$ref: '#/components/responses/Messages'}
  /usersettings:
    get:
      operationId: settings.get
      tags: [settings]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Settings'}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
  responses:
    Messages:
      description: ok
      content:
        application/json:
          schema: {type: array, items: {$ref: '#/components/schemas/Message'}}
  schemas:
    Entity: {type: object, properties: {id: {type: string}}}
    User:
      allOf: [{$ref: '#/components/schemas/Entity'}, {type: object, properties: {name: {type: string}}}]
    Message:
      type: object
      discriminator: {propertyName: kind, mapping: {mail: MailMessage}}
      properties: {kind: {type: string}, from: {type: string, x-id-of: User}}
    MailMessage: {type: object, properties: {subject: {type: string}}}
    Settings: {type: object, properties: {theme: {type: string}}}
    Orphan: {type: object}
"#;

    fn doc() -> Document {
        crate::load::parse(std::path::Path::new("t.yaml"), SPEC.to_string()).unwrap()
    }

    fn names(doc: &Document) -> (Vec<String>, Vec<String>) {
        let ops = doc
            .api
            .paths
            .paths
            .values()
            .filter_map(ReferenceOr::as_item)
            .flat_map(|i| crate::openapi::operations(i).filter_map(|(_, o)| o.operation_id.clone()))
            .collect();
        let schemas = doc.api.components.as_ref().map(|c| c.schemas.keys().cloned().collect()).unwrap_or_default();
        (ops, schemas)
    }

    fn select(selection: Selection) -> (Document, Kept, Vec<Diagnostic>) {
        let mut doc = doc();
        let (kept, warnings) = apply(&mut doc, &selection, false).unwrap();
        (doc, kept, warnings)
    }

    #[test]
    fn path_prefixes_are_whole_segments() {
        assert!(under("/users", "/users") && under("/users/{id}", "/users/") && under("/a", "/"));
        assert!(!under("/usersettings", "/users"));
    }

    #[test]
    fn an_empty_selection_keeps_everything() {
        let (doc, kept, warnings) = select(Selection::default());
        assert_eq!(names(&doc).1.len(), 6);
        assert_eq!(kept, Kept { operations: (3, 3), schemas: (6, 6) });
        assert!(warnings.is_empty());
    }

    #[test]
    fn components_are_kept_as_far_as_the_kept_operations_reach() {
        let (doc, kept, warnings) = select(Selection { tags: vec!["mail".into()], ..Default::default() });
        let (ops, schemas) = names(&doc);
        assert_eq!(ops, ["users.messages.list"]);
        // Through a response component and `x-id-of`, then allOf; not a discriminator's mapping.
        assert_eq!(schemas, ["Entity", "User", "Message"]);
        assert_eq!(kept, Kept { operations: (1, 3), schemas: (3, 6) });
        let cs = doc.api.components.as_ref().unwrap();
        assert_eq!(cs.parameters.len(), 1);
        assert_eq!(cs.responses.len(), 1);
        assert!(warnings.is_empty());
        assert_eq!(doc.api.paths.paths.len(), 1, "path items left empty are dropped");
    }

    #[test]
    fn includes_add_up_and_excludes_win() {
        let selection = Selection {
            operations: vec!["users.*".into()],
            paths: vec!["/usersettings".into()],
            exclude_tags: vec!["mail".into()],
            ..Default::default()
        };
        let (doc, _, warnings) = select(selection);
        assert_eq!(names(&doc).0, ["users.list", "settings.get"]);
        assert_eq!(names(&doc).1, ["Entity", "User", "Settings"]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_selector_that_matches_nothing_is_a_warning_naming_it() {
        let selection = Selection { tags: vec!["users".into(), "mal".into()], exclude_paths: vec!["/nowhere".into()], ..Default::default() };
        let (_, _, warnings) = select(selection);
        let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(warnings.len(), 2, "{text:?}");
        assert!(text[0].contains("`--tags mal` matches no operation") && text[0].contains("did you mean `mail`?"), "{}", text[0]);
        assert!(text[1].contains("`--exclude-paths /nowhere`"), "{}", text[1]);
    }

    #[test]
    fn a_selection_that_matches_nothing_is_an_error() {
        let mut doc = doc();
        let selection = Selection { operations: vec!["admin.*".into()], ..Default::default() };
        let error = apply(&mut doc, &selection, false).unwrap_err().to_string();
        assert!(error.contains("matches none of the document's 3 operations"), "{error}");
        let mut doc = self::doc();
        let (kept, _) = apply(&mut doc, &selection, true).unwrap();
        assert_eq!(kept.operations, (0, 3));
        assert!(doc.api.components.as_ref().unwrap().schemas.is_empty());
    }

    /// Operations carried in the path item's extension (3.2's `query`, `additionalOperations`)
    /// are selected like the others.
    #[test]
    fn carried_operations_are_selected_too() {
        let carried = "  /search:\n    x-oai-additionalOperations:\n      QUERY:\n        operationId: users.search\n        tags: [users]\n        responses:\n          '200':\n            description: ok\n            content:\n              application/json:\n                schema: {$ref: '#/components/schemas/Orphan'}\n";
        let spec = SPEC.replace("components:\n", &format!("{carried}components:\n"));
        let load = || crate::load::parse(std::path::Path::new("t.yaml"), spec.clone()).unwrap();
        let mut doc = load();
        let (kept, _) = apply(&mut doc, &Selection { operations: vec!["users.search".into()], ..Default::default() }, false).unwrap();
        assert_eq!(kept.operations, (1, 4));
        assert_eq!(names(&doc).1, ["Orphan"]);
        assert!(doc.api.paths.paths.contains_key("/search"));
        let mut doc = load();
        let (kept, _) = apply(&mut doc, &Selection { tags: vec!["mail".into()], ..Default::default() }, false).unwrap();
        assert_eq!(kept.operations, (1, 4));
        assert!(!doc.api.paths.paths.contains_key("/search"), "a path item left with no operation goes");
        assert!(!names(&doc).1.contains(&"Orphan".to_string()));
    }

    #[test]
    fn a_bad_glob_is_an_error() {
        let mut doc = doc();
        let error = apply(&mut doc, &Selection { operations: vec!["users.[".into()], ..Default::default() }, false).unwrap_err().to_string();
        assert!(error.contains("`users.[` in `operations` is not a glob"), "{error}");
    }

    #[test]
    fn the_selection_is_described_as_written_in_clients_toml_and_as_flags() {
        let selection = Selection { operations: vec!["users.*".into()], exclude_tags: vec!["it's".into()], ..Default::default() };
        assert_eq!(selection.describe(), r#"operations = ["users.*"], exclude-tags = ["it's"]"#);
        assert_eq!(selection.flags(), r#"--operations 'users.*' --exclude-tags 'it'\''s'"#);
    }

    #[test]
    fn a_reference_into_a_dropped_operation_is_an_error() {
        let spec = SPEC.replace(
            "schema: {$ref: '#/components/schemas/Settings'}",
            "schema: {$ref: '#/paths/~1users/get/responses/200/content/application~1json/schema'}",
        );
        let mut doc = crate::load::parse(std::path::Path::new("t.yaml"), spec).unwrap();
        let error = apply(&mut doc, &Selection { tags: vec!["settings".into()], ..Default::default() }, false).unwrap_err().to_string();
        assert!(error.contains("points into the operation `GET /users`, which the selection leaves out"), "{error}");
    }
}
