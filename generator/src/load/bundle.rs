//! Specs in several files: `$ref`s into other files (`schemas/User.yaml`,
//! `common.yaml#/components/schemas/Error`) are resolved by bundling everything into one document
//! whose references are all local (`#/...`), so the later stages see a single document.
//!
//! What goes where, as `redocly bundle` and `swagger-cli bundle` do it:
//! - a referenced component (`file#/components/<kind>/<name>`) and anything referenced where a
//!   component can stand (a schema, parameter, response, request body, header, example, link or
//!   callback) is copied into this document's `components/<kind>`, under its own name (the last
//!   pointer token, or the file name without extension), with `2`, `3`, ... added when the name is
//!   taken by something else; each target is copied once however often it is referenced;
//! - a component of this document that is only a reference to another file takes the referenced
//!   content in place (so it keeps the name this document gives it);
//! - a path item (`paths: {/users: {$ref: paths/users.yaml}}`) and anything in a place no
//!   component fits is copied in place.
//!
//! Every copied subtree remembers where it came from ([`Origin`]), so diagnostics name the file,
//! line and column where the author wrote it. Files are read through a [`Reader`], so a spec at a
//! git revision reads its other files at the same revision.
//!
//! Only files inside the root document's folder (or one allowed on purpose) are read, and only
//! so much: [`super::source`] says what may be read and holds every limit.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::source::{self, LoadOptions, Refused, Scope};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::openapi::pointer;

/// Reads a spec file by its path (the referencing file's directory joined with the reference,
/// `..` resolved, already known to be inside the spec's [`Scope`] as written): the name to show
/// in messages, and the text. A reader refusing a file says why with a [`Refused`] inside the
/// error; [`source::disk_reader`] is the one for files on disk.
pub type Reader<'a> = dyn Fn(&Path) -> std::io::Result<(PathBuf, String)> + 'a;

/// A file other than the root that the bundle took content from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How messages name it.
    pub path: PathBuf,
    pub source: String,
}

/// "The subtree at `bundled` of the bundle was copied from `original` in file `file`" (an index
/// into [`Bundle::files`]).
#[derive(Debug, Clone)]
pub struct Origin {
    pub bundled: String,
    pub file: usize,
    pub original: String,
}

/// One self-contained document, and where its parts came from.
#[derive(Debug)]
pub struct Bundle {
    pub value: Value,
    pub files: Vec<SourceFile>,
    pub origins: Vec<Origin>,
}

/// Whether `value` (a whole document as written) has a `$ref` to another file.
pub fn has_external_refs(value: &Value) -> bool {
    match value {
        Value::Object(map) => matches!(map.get("$ref"), Some(Value::String(r)) if !r.starts_with('#')) || map.values().any(has_external_refs),
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

/// Whether `source` may have a `$ref` to another file: a quick look at the text, so that a
/// single-file spec is not parsed twice.
pub fn may_have_external_refs(source: &str) -> bool {
    source.match_indices("$ref").any(|(i, _)| {
        let rest = source[i + 4..].trim_start_matches(['"', '\'']).trim_start();
        let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start().trim_start_matches(['"', '\'']);
        !rest.starts_with('#')
    })
}

/// Bundles the document `root` (read from `root_path`) with every file it references, within
/// the folders and limits of `options`.
pub fn bundle(
    root_path: &Path,
    root_source: &str,
    root: Value,
    read: &Reader<'_>,
    parse: &dyn Fn(&Path, &str) -> Result<Value, Diagnostics>,
    options: &LoadOptions,
) -> Result<Bundle, Diagnostics> {
    let mut bundler = Bundler {
        read,
        parse,
        scope: Scope::new(root_path, &options.allow_refs),
        limits: options.limits,
        total_size: root_source.len() as u64,
        files: vec![Loaded { path: normalize(root_path), shown: root_path.to_path_buf(), source: root_source.to_string(), value: Value::Null }],
        by_path: HashMap::new(),
        done: HashMap::new(),
        taken: HashSet::new(),
        pending: Vec::new(),
        origins: Vec::new(),
        errors: Vec::new(),
        inlining: Vec::new(),
        copied: 0,
    };
    bundler.by_path.insert(bundler.files[0].path.clone(), 0);
    let mut root = root;
    // The names this document's components already have, and its components that are only a
    // reference to another file: those take the content in place, under their own name.
    if let Some(components) = root.get("components").and_then(Value::as_object) {
        for (kind, entries) in components {
            for (name, entry) in entries.as_object().into_iter().flatten() {
                bundler.taken.insert((kind.clone(), name.clone()));
                if let Some(reference) = entry.get("$ref").and_then(Value::as_str).filter(|r| !r.starts_with('#')) {
                    let at = pointer::join(&pointer::join("/components", kind), name);
                    if let Some(target) = bundler.target(&Place { file: 0, at: at.clone(), written: at.clone() }, reference) {
                        bundler.done.entry(target).or_insert_with(|| format!("#{at}"));
                    }
                }
            }
        }
    }
    bundler.walk(&mut root, &Place { file: 0, at: String::new(), written: String::new() });
    // Copied components, in the order they were first referenced; copying one may reference more.
    let mut next = 0;
    while next < bundler.pending.len() {
        let Pending { kind, name, file, original } = bundler.pending[next].clone();
        next += 1;
        let at = pointer::join(&pointer::join("/components", &kind), &name);
        let Some(mut content) = bundler.lookup(file, &original) else { continue };
        bundler.origins.push(Origin { bundled: at.clone(), file, original: original.clone() });
        bundler.walk(&mut content, &Place { file, at: at.clone(), written: original });
        let components =
            root.as_object_mut().and_then(|r| r.entry("components").or_insert_with(|| Value::Object(Default::default())).as_object_mut());
        if let Some(entries) = components.and_then(|c| c.entry(kind).or_insert_with(|| Value::Object(Default::default())).as_object_mut()) {
            entries.insert(name, content);
        }
    }
    if !bundler.errors.is_empty() {
        return Err(Diagnostics(bundler.errors));
    }
    let files = bundler.files.into_iter().skip(1).map(|f| SourceFile { path: f.shown, source: f.source }).collect();
    // Origins index files without the root.
    let origins = bundler.origins.into_iter().filter(|o| o.file > 0).map(|o| Origin { file: o.file - 1, ..o }).collect();
    Ok(Bundle { value: root, files, origins })
}

/// Where a node is: in the bundle (`at`), and in the file it came from (`file`, at `written`).
struct Place {
    file: usize,
    at: String,
    written: String,
}

impl Place {
    /// The place of the child `key` (an object key or an array index).
    fn child(&self, key: &str) -> Place {
        Place { file: self.file, at: pointer::join(&self.at, key), written: pointer::join(&self.written, key) }
    }
}

struct Loaded {
    /// The path references are resolved against (normalised).
    path: PathBuf,
    /// How messages name it.
    shown: PathBuf,
    source: String,
    value: Value,
}

#[derive(Clone)]
struct Pending {
    kind: String,
    name: String,
    file: usize,
    original: String,
}

struct Bundler<'r> {
    read: &'r Reader<'r>,
    parse: &'r dyn Fn(&Path, &str) -> Result<Value, Diagnostics>,
    /// The folders files may be read from.
    scope: Scope,
    limits: source::Limits,
    /// The bytes of every file read so far.
    total_size: u64,
    /// Every file read; the root first (its text is not needed here).
    files: Vec<Loaded>,
    by_path: HashMap<PathBuf, usize>,
    /// Each target copied, and the local reference that now stands for it.
    done: HashMap<(usize, String), String>,
    /// `(kind, name)` of every component of the bundle.
    taken: HashSet<(String, String)>,
    pending: Vec<Pending>,
    origins: Vec<Origin>,
    errors: Vec<Diagnostic>,
    /// The targets being copied in place, each inside the one before (a target met again is a
    /// cycle, which would never end).
    inlining: Vec<(usize, String)>,
    /// How many nodes were copied in place so far (references that copy each other over and over
    /// would grow the document exponentially).
    copied: usize,
}

/// How deep `value` nests, and how many nodes it has.
fn measure(value: &Value) -> (usize, usize) {
    let children: Box<dyn Iterator<Item = &Value>> = match value {
        Value::Object(map) => Box::new(map.values()),
        Value::Array(items) => Box::new(items.iter()),
        _ => return (1, 1),
    };
    children.fold((1, 1), |(depth, nodes), child| {
        let (d, n) = measure(child);
        (depth.max(d + 1), nodes + n)
    })
}

impl Bundler<'_> {
    /// Rewrites every reference under `node` into a local one.
    fn walk(&mut self, node: &mut Value, place: &Place) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    self.reference(node, &reference, place);
                    return;
                }
                for (key, child) in map.iter_mut() {
                    self.walk(child, &place.child(key));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.walk(child, &place.child(&i.to_string()));
                }
            }
            _ => {}
        }
    }

    /// The reference object `node` says `$ref: reference`.
    fn reference(&mut self, node: &mut Value, reference: &str, place: &Place) {
        let (file, at) = (place.file, place.at.as_str());
        if file == 0 && reference.starts_with('#') {
            return; // Local to the root: already right.
        }
        let Some(target) = self.target(place, reference) else { return };
        if target.0 != 0 && self.files[target.0].value.pointer(&target.1).is_none() {
            self.missing(place, reference, &target);
            return;
        }
        if target.0 == 0 {
            node["$ref"] = Value::String(format!("#{}", target.1));
            return;
        }
        let tokens: Vec<String> = pointer::tokens(at).collect();
        // A component of the root that is only this reference: the content goes here.
        let own_component = file == 0 && tokens.len() == 3 && tokens[0] == "components";
        if !own_component {
            if let Some(local) = self.done.get(&target) {
                node["$ref"] = Value::String(local.clone());
                return;
            }
        }
        let kind = named_component(&target.1).map(|(kind, _)| kind).or_else(|| context_kind(&tokens));
        match kind {
            Some(kind) if !own_component => {
                let name = self.free_name(&kind, &component_name(&target.1, &self.files[target.0].path));
                let local = format!("#{}", pointer::join(&pointer::join("/components", &kind), &name));
                self.done.insert(target.clone(), local.clone());
                self.pending.push(Pending { kind, name, file: target.0, original: target.1 });
                node["$ref"] = Value::String(local);
            }
            _ => {
                // In place: a path item, a component of the root, or where no component fits.
                if self.inlining.contains(&target) {
                    self.errors.push(
                        Diagnostic::error(self.location(place), format!("reference `{reference}` leads back to itself through other files"))
                            .help("break the cycle: a path item or example cannot contain itself"),
                    );
                    return;
                }
                let Some(mut content) = self.lookup(target.0, &target.1) else { return };
                let (depth, nodes) = measure(&content);
                self.copied += nodes;
                let (max_depth, max_copied) = (self.limits.max_depth, self.limits.max_copied_nodes);
                if at.matches('/').count() + depth > max_depth || self.copied > max_copied {
                    let message = match self.copied > max_copied {
                        true => format!("reference `{reference}`: the files copy each other into more than {max_copied} nodes"),
                        false => format!("reference `{reference}`: put together, the files nest more than {max_depth} levels deep here"),
                    };
                    self.errors.push(
                        Diagnostic::error(self.location(place), message)
                            .help("reference a component (`file.yaml#/components/schemas/Name`) instead of copying the content in place"),
                    );
                    return;
                }
                self.origins.push(Origin { bundled: at.to_string(), file: target.0, original: target.1.clone() });
                self.inlining.push(target.clone());
                self.walk(&mut content, &Place { file: target.0, at: at.to_string(), written: target.1.clone() });
                self.inlining.pop();
                *node = content;
            }
        }
    }

    /// The file and JSON pointer `reference` (written at `place`) points at, reading the file if
    /// need be; `None` after reporting why it cannot be read.
    fn target(&mut self, place: &Place, reference: &str) -> Option<(usize, String)> {
        let file = place.file;
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = pointer::from_fragment(fragment).into_owned();
        if file_part.is_empty() {
            return Some((file, fragment));
        }
        if file_part.contains("://") && !source::is_file_url(file_part) {
            let location = self.location(place);
            self.errors.push(
                Diagnostic::error(location, format!("remote reference `{reference}` is not supported"))
                    .help("download the file next to the spec and reference it by its relative path"),
            );
            return None;
        }
        let path = normalize(&self.files[file].path.parent().unwrap_or(Path::new("")).join(file_part));
        if let Some(Refused { message, help }) = self.scope.admits(reference, &path) {
            let location = self.location(place);
            self.errors.push(Diagnostic::error(location, message).help(help));
            return None;
        }
        if let Some(&index) = self.by_path.get(&path) {
            return Some((index, fragment));
        }
        if self.files.len() >= self.limits.max_files {
            let location = self.location(place);
            let message = format!("reference `{reference}`: the spec is made of more than {} files, the limit", self.limits.max_files);
            self.errors.push(Diagnostic::error(location, message).help("if the spec is right, raise the limit with `--max-spec-files N`"));
            return None;
        }
        let (shown, source) = match (self.read)(&path) {
            Ok(read) => read,
            Err(e) => {
                let location = self.location(place);
                let (said, help) = match Refused::of(&e) {
                    Some(refused) => (refused.message.clone(), refused.help.as_str()),
                    None => (e.to_string(), "references to other files are relative to the file they are written in: check the path"),
                };
                self.errors
                    .push(Diagnostic::error(location, format!("cannot read `{}`, referenced as `{reference}`: {said}", path.display())).help(help));
                return None;
            }
        };
        self.total_size += source.len() as u64;
        if self.total_size > self.limits.max_total_size {
            let location = self.location(place);
            let message = format!("reference `{reference}`: the spec's files add up to more than {} bytes, the limit", self.limits.max_total_size);
            self.errors.push(Diagnostic::error(location, message).help("if the spec is right, raise the limit with `--max-spec-total-size BYTES`"));
            return None;
        }
        let value = match (self.parse)(&shown, &source) {
            Ok(value) => value,
            Err(diagnostics) => {
                self.errors.extend(diagnostics.0);
                return None;
            }
        };
        let index = self.files.len();
        self.files.push(Loaded { path: path.clone(), shown, source, value });
        self.by_path.insert(path, index);
        Some((index, fragment))
    }

    /// A copy of the value at `pointer` in `file`.
    fn lookup(&self, file: usize, pointer: &str) -> Option<Value> {
        self.files[file].value.pointer(pointer).cloned()
    }

    fn missing(&mut self, place: &Place, reference: &str, target: &(usize, String)) {
        let shown = self.files[target.0].shown.display().to_string();
        let location = self.location(place);
        let message = format!("reference `{reference}` points at nothing: `{shown}` has no `#{}`", target.1);
        if !self.errors.iter().any(|e| e.message == message) {
            self.errors.push(
                Diagnostic::error(location, message)
                    .help("check the pointer after `#` (`~1` stands for `/` in a key) and the key names in that file"),
            );
        }
    }

    /// `name`, or `name2`, `name3`, ... when a component of this kind already has it.
    fn free_name(&mut self, kind: &str, name: &str) -> String {
        let mut candidate = name.to_string();
        let mut n = 2;
        while self.taken.contains(&(kind.to_string(), candidate.clone())) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        self.taken.insert((kind.to_string(), candidate.clone()));
        candidate
    }

    /// Where the reference object at `place` was written.
    fn location(&self, place: &Place) -> Location {
        self.file_location(place.file, &pointer::join(&place.written, "$ref"))
    }

    fn file_location(&self, file: usize, pointer: &str) -> Location {
        let loaded = &self.files[file];
        let line_col = super::locate(&loaded.source, pointer);
        Location { file: loaded.shown.clone(), pointer: pointer.to_string(), line_col }
    }
}

/// `(kind, name)` when `pointer` is `/components/<kind>/<name>`.
fn named_component(pointer: &str) -> Option<(String, String)> {
    let tokens: Vec<String> = pointer::tokens(pointer).collect();
    match &tokens[..] {
        [components, kind, name] if components == "components" && crate::openapi::reference::component_noun(kind).is_some() => {
            Some((kind.clone(), name.clone()))
        }
        _ => None,
    }
}

/// The component kind that fits where a reference stands (`tokens` is its place in the bundle),
/// or `None` where none does (a path item, say).
fn context_kind(tokens: &[String]) -> Option<String> {
    let last = tokens.last()?.as_str();
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i].as_str()).unwrap_or("");
    let kind = match (parent, last) {
        ("paths", _) if tokens.len() == 2 => return None,
        (_, "schema" | "items" | "additionalProperties" | "not") => "schemas",
        ("properties" | "allOf" | "anyOf" | "oneOf" | "schemas", _) => "schemas",
        ("parameters", _) => "parameters",
        ("responses", _) => "responses",
        (_, "requestBody") | ("requestBodies", _) => "requestBodies",
        ("headers", _) => "headers",
        ("examples", _) => "examples",
        ("links", _) => "links",
        ("callbacks", _) => "callbacks",
        _ => return None,
    };
    Some(kind.to_string())
}

/// The name a copied target gets: the last token of its pointer, else its file name without the
/// extension.
fn component_name(pointer: &str, file: &Path) -> String {
    let token = pointer::split_last(pointer).map(|(_, last)| last).filter(|t| !t.is_empty() && t.parse::<usize>().is_err());
    let name = token.unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Component".into()));
    // Keep it a plain key: a `/` or `~` in a component name only makes the pointers harder to read.
    name.replace(['/', '~'], "_")
}

/// `a/./b/../c` → `a/c`, without touching the file system (the file may not be on disk: a git
/// revision). A leading `./` stays: for git, `REV:./PATH` is relative to the current folder.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => out.push("."),
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::CurDir) => {
                    out.pop();
                    out.push("..");
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::ParentDir) | None => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn where_a_reference_stands() {
        let kind = |p: &str| context_kind(&pointer::tokens(p).collect::<Vec<_>>());
        assert_eq!(kind("/paths/~1users"), None, "a path item is copied in place");
        assert_eq!(kind("/paths/~1users/get/responses/200"), Some("responses".into()));
        assert_eq!(kind("/paths/~1users/get/responses/200/content/application~1json/schema"), Some("schemas".into()));
        assert_eq!(kind("/paths/~1users/get/parameters/0"), Some("parameters".into()));
        assert_eq!(kind("/paths/~1users/post/requestBody"), Some("requestBodies".into()));
        assert_eq!(kind("/components/schemas/User/properties/tags"), Some("schemas".into()));
        assert_eq!(kind("/components/schemas/User/allOf/1"), Some("schemas".into()));
        assert_eq!(kind("/components/schemas/Tags/additionalProperties"), Some("schemas".into()));
        assert_eq!(kind("/x-extension/thing"), None);
    }

    #[test]
    fn names_and_paths() {
        assert_eq!(component_name("/components/schemas/User", Path::new("a.yaml")), "User");
        assert_eq!(component_name("", Path::new("schemas/Error.yaml")), "Error");
        assert_eq!(component_name("/definitions/a~1b", Path::new("x.yaml")), "a_b");
        assert_eq!(component_name("/allOf/0", Path::new("Pet.yaml")), "Pet", "an index is no name");
        assert_eq!(normalize(Path::new("spec/./paths/../schemas/User.yaml")), PathBuf::from("spec/schemas/User.yaml"));
        assert_eq!(normalize(Path::new("../x.yaml")), PathBuf::from("../x.yaml"));
        assert_eq!(normalize(Path::new("./spec/../x.yaml")), PathBuf::from("./x.yaml"));
        assert_eq!(normalize(Path::new("./../x.yaml")), PathBuf::from("../x.yaml"));
        assert_eq!(named_component("/components/schemas/User"), Some(("schemas".into(), "User".into())));
        assert_eq!(named_component("/components/things/User"), None);
    }

    #[test]
    fn quick_look() {
        assert!(may_have_external_refs("a:\n  $ref: 'other.yaml#/x'\n"));
        assert!(may_have_external_refs(r#"{"$ref": "User.json"}"#));
        assert!(!may_have_external_refs("a:\n  $ref: '#/components/schemas/A'\nb: {$ref: \"#/x\"}\n"));
        assert!(has_external_refs(&json!({"a": [{"$ref": "x.yaml"}]})));
        assert!(!has_external_refs(&json!({"a": [{"$ref": "#/x"}]})));
    }
}
