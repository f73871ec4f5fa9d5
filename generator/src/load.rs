//! Stage 1, load: read a spec file (YAML or JSON) into an `openapiv3` document; a spec spread over
//! several files is bundled into one first (see [`bundle`]).
//!
//! Syntax and shape errors carry the file, line and column, and the JSON pointer of the
//! offending node. [`Document::location`] maps any JSON pointer back to a line and column, so
//! later stages can point into the source too.
//!
//! In order: duplicate keys and `.nan`/`.inf` are refused first (the parsers would drop or change
//! them silently); then the document is read; if that fails, a syntax error is reported where the
//! parser stopped, and a shape error (a list where a schema belongs, a missing `in`) at the exact
//! node: where `openapiv3` buffers a value and serde loses the path, the subtree is validated
//! again, object by object, to find it. Every message says what to do about it.
//!
//! Specs may come from someone else: [`source`] says which files may be read (references stay
//! in the root document's folder) and holds every limit on how much is read.

use std::path::{Path, PathBuf};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::openapi::pointer;

pub mod bundle;
mod events;
mod lossy;
mod nesting;
mod position;
mod shape;
pub mod source;
mod syntax;
pub mod v31;
pub mod v32;

pub use source::{Limits, LoadOptions};

use lossy::lossy_values;
pub use lossy::{duplicate_keys, DuplicateKey};
pub use position::{locate, locate_key};
use position::{node_index, NodeIndex};
use shape::{explain, narrow, path_to_pointer, shape_error, strip_position, strip_serde_path};
use syntax::{json_syntax_help, syntax_diagnostic, syntax_error, syntax_pointer, yaml_syntax_help};

/// A loaded spec: its source text and the parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it was read from (as the user named it).
    pub path: PathBuf,
    /// The source text: see [`Document::source`].
    source: Source,
    /// The parsed document (for a spec in several files, all of them bundled into one).
    pub api: OpenAPI,
    /// Line and column of every node by JSON pointer, built once [`Document::location`] has been
    /// asked more than [`LOOKUPS_BEFORE_INDEX`] times (one walk of the source however many
    /// findings follow; the first few are found by a walk that stops at the node).
    index: std::sync::OnceLock<NodeIndex>,
    /// How many locations were found without the index.
    lookups: Lookups,
    /// For a spec in several files: the other files and where each part of the bundle came from.
    others: Vec<(bundle::SourceFile, std::sync::OnceLock<NodeIndex>)>,
    origins: Vec<bundle::Origin>,
    /// The bundle as written (references made local), when there are other files.
    bundled: Option<serde_json::Value>,
    /// The document as written, read once: see [`Document::raw`].
    raw: std::sync::OnceLock<Option<serde_json::Value>>,
    /// What the checks of the document as written look at ([`crate::check::as_written_keys`]),
    /// when the whole was not kept (a large document, see [`read_parsed`]).
    written: Option<serde_json::Value>,
    /// The parsed document as JSON, made once: see [`Document::json`].
    json: std::sync::OnceLock<serde_json::Value>,
    /// Whether a reference points into the paths, once the checker has looked at every one: see
    /// [`Document::references_into_paths`].
    into_paths: std::sync::OnceLock<bool>,
    /// The version the document says it is, when it was rewritten from it (3.1).
    version: Option<String>,
    /// For a 3.1 document: where each subtree the rewrite into the 3.0 shape moved was written
    /// (`(pointer now, pointer in the bundle)`; see [`v31`]).
    moved: Vec<(String, String)>,
    /// What reading the document could not keep exactly, with the fallback it took.
    notes: Vec<Diagnostic>,
    /// Loaded with [`LoadOptions::strict`]: what has a lenient reading is an error.
    pub strict: bool,
    /// Numbers and booleans read as strings where a string is expected in a harmless place
    /// (without `strict`): `(pointer, the string)`, each a warning of the checker.
    pub assumed: Vec<(String, String)>,
    /// Lines and columns are found later, all at once ([`Document::defer_locations`]).
    deferred: bool,
}

impl Document {
    /// A document read from one file.
    fn single(path: &Path, source: impl Into<Source>, api: OpenAPI) -> Self {
        Document {
            path: path.to_path_buf(),
            source: source.into(),
            api,
            index: Default::default(),
            others: Vec::new(),
            origins: Vec::new(),
            bundled: None,
            raw: Default::default(),
            written: None,
            json: Default::default(),
            into_paths: Default::default(),
            lookups: Default::default(),
            deferred: false,
            version: None,
            moved: Vec::new(),
            notes: Vec::new(),
            strict: false,
            assumed: Vec::new(),
        }
    }

    /// The text of the root file (a large one's is read again from the file when first asked
    /// after the document was read: see `Source`).
    pub fn source(&self) -> &str {
        self.source.text(&self.path)
    }

    /// The OpenAPI version the document says it is (`3.0.3`, `3.1.0`): for a 3.1 document, the
    /// one written, though `api` holds it rewritten into the 3.0 shape.
    pub fn openapi_version(&self) -> &str {
        self.version.as_deref().unwrap_or(&self.api.openapi)
    }

    /// Warnings from reading the document: what a 3.1 document says that the 3.0 shape cannot,
    /// with the fallback taken.
    pub fn notes(&self) -> &[Diagnostic] {
        &self.notes
    }

    /// `pointer` (into the document as read) as a pointer into the document as written or
    /// bundled: the same, unless a 3.1 rewrite moved the node.
    fn written<'p>(&self, pointer: &'p str) -> std::borrow::Cow<'p, str> {
        if self.moved.is_empty() {
            return std::borrow::Cow::Borrowed(pointer);
        }
        let moved = self.moved.iter().filter(|(now, _)| pointer::is_within(pointer, now)).max_by_key(|(now, _)| now.len());
        match moved {
            Some((now, was)) => std::borrow::Cow::Owned(format!("{was}{}", &pointer[now.len()..])),
            None => std::borrow::Cow::Borrowed(pointer),
        }
    }

    /// Where the node at `pointer` (into the document as read) was written, as a pointer into
    /// the document as written or bundled: `pointer` itself, unless a 3.1 rewrite moved the node
    /// (a `$defs` entry made a component: where the entry is written).
    pub fn written_at(&self, pointer: &str) -> String {
        self.written(pointer).into_owned()
    }

    /// The file that `pointer` (into the document as bundled) was written in, as the index of
    /// `others` (`None` for the root file), and the pointer there.
    fn place(&self, pointer: &str) -> (Option<usize>, String) {
        let written = self.written(pointer);
        let pointer = written.as_ref();
        let origin = self
            .origins
            .iter()
            .filter(|o| pointer == o.bundled || pointer.strip_prefix(o.bundled.as_str()).is_some_and(|rest| rest.starts_with('/')))
            .max_by_key(|o| o.bundled.len());
        match origin {
            Some(o) => (Some(o.file), format!("{}{}", o.original, &pointer[o.bundled.len()..])),
            None => (None, pointer.to_string()),
        }
    }

    /// The file `pointer` was written in: its name, text and node index, and the pointer there.
    fn file_of(&self, pointer: &str) -> (&Path, &str, &std::sync::OnceLock<NodeIndex>, String) {
        match self.place(pointer) {
            (Some(i), there) => {
                let (file, index) = &self.others[i];
                (&file.path, &file.source, index, there)
            }
            (None, here) => (&self.path, self.source(), &self.index, here),
        }
    }

    /// The location of `pointer` in this document, with line and column when the source has them.
    /// In a spec of several files, the location is in the file the node was written in.
    ///
    /// A pointer to something absent (a missing `required` key, say) is placed at the nearest
    /// node above it that exists.
    pub fn location(&self, pointer: &str) -> Location {
        let (at, pointer) = self.place(pointer);
        let (file, index) = match at {
            Some(i) => (&self.others[i].0.path, &self.others[i].1),
            None => (&self.path, &self.index),
        };
        let unlocated = |pointer: String| Location { file: file.to_path_buf(), line_col: pointer.is_empty().then_some((1, 1)), pointer };
        if self.deferred && index.get().is_none() {
            return unlocated(pointer);
        }
        // Asked for only here: a large file's text is read again (see `Source`); one that could
        // not be read again as it was has no line and column rather than a wrong one.
        let source = match at {
            Some(i) => self.others[i].0.source.as_str(),
            None => self.source(),
        };
        if source.is_empty() {
            return unlocated(pointer);
        }
        // A large spec with a warning or two: walking to each is cheaper than indexing every node.
        let seen = self.lookups.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let index = match index.get() {
            Some(index) => index,
            None if seen < LOOKUPS_BEFORE_INDEX => {
                let line_col = match pointer.is_empty() {
                    true => Some((1, 1)),
                    false if is_json(file) => position::locate_nearest_json(source, &pointer).or_else(|| position::locate_nearest(source, &pointer)),
                    false => position::locate_nearest(source, &pointer),
                };
                return Location { file: file.to_path_buf(), pointer, line_col };
            }
            None => index.get_or_init(|| node_index(source)),
        };
        let pointer = pointer.as_str();
        let mut at = pointer;
        let line_col = loop {
            if let Some(found) = if at.is_empty() { Some((1, 1)) } else { index.get(at).copied() } {
                break Some(found);
            }
            match at.rsplit_once('/') {
                Some((parent, _)) => at = parent,
                None => break None,
            }
        };
        Location { file: file.to_path_buf(), pointer: pointer.to_string(), line_col }
    }

    /// From now on, [`Document::location`] leaves the line and column out, for
    /// [`Document::resolve_locations`] to find, for every diagnostic at once, in one walk of each
    /// file: a large document with many warnings (a Graph-sized one, a thousand union warnings)
    /// is walked once, and its every node is never indexed (seconds and hundreds of megabytes).
    pub fn defer_locations(&mut self) {
        self.deferred = true;
    }

    /// Whether [`Document::location`] leaves lines and columns to be found later (see
    /// [`Document::defer_locations`]): then no location depends on the ones asked before it.
    pub fn locations_deferred(&self) -> bool {
        self.deferred
    }

    /// Fills in the line and column of the diagnostics located in this document's files without
    /// one (see [`Document::defer_locations`]): the same as [`Document::location`] finds.
    pub fn resolve_locations(&self, diagnostics: &mut [Diagnostic]) {
        // The root file's text is asked for only when something is to be found in it (a large
        // one's is read again then: see `Source`).
        let files =
            std::iter::once((self.path.as_path(), None)).chain(self.others.iter().map(|(file, _)| (file.path.as_path(), Some(file.source.as_str()))));
        for (path, source) in files {
            let mut wanted: Vec<&mut Location> =
                diagnostics.iter_mut().map(|d| &mut d.location).filter(|l| l.line_col.is_none() && l.file == path).collect();
            if wanted.is_empty() {
                continue;
            }
            let source = source.unwrap_or_else(|| self.source());
            if source.is_empty() {
                continue;
            }
            if is_json(path) {
                for location in wanted {
                    location.line_col =
                        position::locate_nearest_json(source, &location.pointer).or_else(|| position::locate_nearest(source, &location.pointer));
                }
                continue;
            }
            let pointers: Vec<&str> = wanted.iter().map(|l| l.pointer.as_str()).collect();
            let found = position::locate_nearest_all(source, &pointers);
            for (location, line_col) in wanted.iter_mut().zip(found) {
                location.line_col = line_col;
            }
        }
    }

    /// Like [`Document::location`], but the line and column of the mapping key that names the
    /// node (a better place to point at when the key is what is wrong).
    pub fn key_location(&self, pointer: &str) -> Location {
        let mut location = self.location(pointer);
        let (_, source, _, there) = self.file_of(pointer);
        if let Some(line_col) = locate_key(source, &there) {
            location.line_col = Some(line_col);
        }
        location
    }
}

/// The text of a document's root file: held, or let go while the rest of the pipeline runs and
/// read again from the file when a line and column are wanted ([`Source::let_go`]).
#[derive(Debug, Clone)]
enum Source {
    Held(String),
    /// Let go: the length and hash of the text, and the text read again (empty when the file is
    /// gone or no longer the same: then locations have no line and column).
    LetGo {
        len: usize,
        hash: u64,
        again: std::sync::OnceLock<String>,
    },
}

impl From<String> for Source {
    fn from(text: String) -> Self {
        Source::Held(text)
    }
}

impl Source {
    /// The text of a file whose document is held in other forms, let go: a Graph-sized spec's is
    /// 21 MB, held for nothing but the lines and columns of what is found in it, most often
    /// nothing. Only for text read from a file (`path`), which is read again if it is asked for.
    fn let_go(text: String) -> Source {
        Source::LetGo { len: text.len(), hash: Source::hash(&text), again: std::sync::OnceLock::new() }
    }

    fn hash(text: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut hasher);
        hasher.finish()
    }

    fn text(&self, path: &Path) -> &str {
        match self {
            Source::Held(text) => text,
            Source::LetGo { len, hash, again } => again.get_or_init(|| {
                // Read as the spec was (a regular file, bounded), and no larger than it was.
                let again = source::read_file(path, u64::try_from(*len).unwrap_or(u64::MAX)).ok();
                again.filter(|text| text.len() == *len && Source::hash(text) == *hash).unwrap_or_default()
            }),
        }
    }
}

/// A count of [`Document::location`]'s walks; a clone starts from the same count.
#[derive(Debug, Default)]
struct Lookups(std::sync::atomic::AtomicUsize);

impl Clone for Lookups {
    fn clone(&self) -> Self {
        Lookups(self.0.load(std::sync::atomic::Ordering::Relaxed).into())
    }
}

/// How many locations [`Document::location`] finds by walking to each before it indexes every node.
const LOOKUPS_BEFORE_INDEX: usize = 8;

/// Where a spec is read from: the one input of [`load`] (and of [`crate::Generator::generate`]).
pub enum Spec<'a> {
    /// A file on disk; the files it references are read from disk, relative to it.
    File(&'a Path),
    /// A document in memory. `path` names it in messages and picks its syntax (JSON when it ends
    /// in `.json`, else YAML); the files it references are read relative to `path`, from disk, or
    /// by `read` when given (only those inside the folders the [`LoadOptions`] allow, as
    /// written; `read` itself checks what the path resolves to).
    Text {
        /// The name of the document.
        path: &'a Path,
        /// Its text.
        text: String,
        /// What reads the files it references, instead of the disk.
        read: Option<&'a bundle::Reader<'a>>,
    },
}

impl<'a> Spec<'a> {
    /// A document in memory named `path`, the files it references read from disk.
    pub fn text(path: &'a Path, text: impl Into<String>) -> Spec<'a> {
        Spec::Text { path, text: text.into(), read: None }
    }

    /// This document in memory with the files it references read by `read`.
    pub fn read_with(self, read: &'a bundle::Reader<'a>) -> Spec<'a> {
        match self {
            Spec::Text { path, text, .. } => Spec::Text { path, text, read: Some(read) },
            file => file,
        }
    }

    /// The name of the document.
    pub fn path(&self) -> &'a Path {
        match self {
            Spec::File(path) | Spec::Text { path, .. } => path,
        }
    }
}

/// Reads and parses a spec, and every file it references, as `options` allow.
pub fn load(spec: Spec<'_>, options: &LoadOptions) -> Result<Document, Diagnostics> {
    let on_disk = matches!(spec, Spec::File(_));
    let (path, text, read) = match spec {
        Spec::File(path) => {
            let text = source::read_file(path, options.limits.max_file_size).map_err(|e| {
                let (said, help) = match source::Refused::of(&e) {
                    Some(refused) => (refused.message.clone(), refused.help.as_str()),
                    None => (e.to_string(), "check the path given with --spec or in spec/clients.toml"),
                };
                Diagnostics(vec![Diagnostic::error(Location::pointer(path, ""), format!("cannot read the spec: {said}")).help(help)])
            })?;
            (path, text, None)
        }
        Spec::Text { path, text, read } => (path, text, read),
    };
    let mut doc = match read {
        Some(read) => parse_here(path, text, read, options, on_disk)?,
        None => {
            let read = source::disk_reader(&source::Scope::new(path, &options.allow_refs), &options.limits);
            parse_here(path, text, &read, options, on_disk)?
        }
    };
    doc.strict = options.strict;
    Ok(doc)
}

/// [`load`] with the default [`LoadOptions`], for a document in memory named `path` whose
/// references are read from disk: what the unit tests of every stage start from.
#[cfg(test)]
pub(crate) fn parse(path: &Path, text: String) -> Result<Document, Diagnostics> {
    load(Spec::text(path, text), &LoadOptions::default())
}

/// `on_disk`: `source` is the text of the file at `path` (read again from there if it is let go).
fn parse_here(path: &Path, mut source: String, read: &bundle::Reader<'_>, options: &LoadOptions, on_disk: bool) -> Result<Document, Diagnostics> {
    let is_json = is_json(path);
    // A YAML document with nothing the readers below would refuse or read otherwise is read once,
    // here, into its JSON view (see `events`); any other goes their way.
    let mut read_once = if is_json { None } else { events::read(&source) };
    // What the parsers would lose without a word (and what makes `openapiv3` panic: it parses a
    // failing value twice, once from a copy that has lost these, and expects the same failure).
    // Nothing, for a document read once.
    let (lost, unreadable) = match read_once {
        Some(_) => (Vec::new(), None),
        None => lossy_values(path, &source, is_json),
    };
    if !lost.is_empty() {
        return Err(Diagnostics(lost));
    }
    let lower = || source.to_ascii_lowercase();
    if let Some((pointer, stopped_at)) = unreadable.filter(|_| lower().contains(".nan") || lower().contains(".inf")) {
        // A syntax error may come after a `.nan` the check above could not see: report it before
        // `openapiv3` reads (and panics on) what comes before it. (Otherwise `openapiv3` goes
        // first: where it stops is often a better place to point at than the parser's.)
        if let Some((line_col, message)) = syntax_error(&source, is_json) {
            // serde_yaml stops at the last node it could read (the `[` left open, say): a better
            // place than the end of the file where the parser gave up.
            let mut diagnostic = syntax_diagnostic(path, &source, is_json, stopped_at.or(line_col), &message);
            diagnostic.location.pointer = pointer;
            return Err(Diagnostics(vec![diagnostic]));
        }
    }
    if bundle::may_have_external_refs(&source) {
        // A 3.2 document may name itself by its `$self` URI: such references are local.
        let raw = read_once.take().or_else(|| raw_value(&source, is_json)).map(|mut raw| {
            v32::local_self_references(&mut raw);
            raw
        });
        if let Some(raw) = raw.filter(bundle::has_external_refs) {
            return parse_bundle(path, source, raw, read, options);
        }
    }
    if v31::may_be_3_1(&source) {
        match read_once.take().or_else(|| raw_value(&source, is_json)) {
            Some(raw) if v31::version_3_1(&raw).is_some() => return read_value(Document::single(path, source, OpenAPI::default()), raw),
            raw => read_once = raw,
        }
    }
    // A document past the readers' nesting limit is refused before `openapiv3` sees it (its
    // untagged enums would re-read the nest level by level first, exponentially); schemas
    // nested deeper than real specs go are read node by node first (see `nesting`).
    let mut raw = match read_once.map_or_else(|| raw_value_within_depth(&source, is_json), |raw| Ok(Some(raw))) {
        Ok(raw) => raw,
        Err((pointer, line_col, message)) => return Err(Diagnostics(vec![shape_error(path, &source, is_json, pointer, line_col, &message)])),
    };
    if let Some((pointer, message)) = raw.as_ref().and_then(nesting::first_error) {
        let line_col = locate(&source, &pointer);
        return Err(Diagnostics(vec![shape::located(path, raw.as_ref(), pointer, line_col, &strip_position(&message))]));
    }
    // A large document is read into `openapiv3` from its JSON view, which is freed piece by piece
    // as it is read: of the document as written, only what the checks of it look at is kept.
    if let Some(whole) = raw.take_if(|raw| read_in_parallel(raw)) {
        let written = crate::check::as_written_keys(&whole);
        // A file's text goes too: from here on it is wanted only for the lines and columns of what
        // is found, read again from the file if it is.
        let text = match on_disk {
            true => Source::let_go(source),
            false => Source::Held(source),
        };
        if let Some(api) = read_parsed(whole) {
            let mut doc = Document::single(path, text, api);
            doc.written = Some(written);
            return Ok(doc);
        }
        // The document does not read: what is wrong is found in its text.
        source = match text {
            Source::Held(source) => source,
            let_go => match let_go.text(path) {
                "" => {
                    return Err(Diagnostics(vec![
                        Diagnostic::error(Location::pointer(path, ""), "the spec changed on disk while it was read").help("run again")
                    ]))
                }
                again => again.to_string(),
            },
        };
    }
    let result = match read_api(&source, is_json, raw.as_ref()) {
        Err((pointer, line_col, message)) if !options.strict => match lenient(&source, is_json, &pointer) {
            Some((api, assumed)) => {
                let mut doc = Document::single(path, source, api);
                doc.assumed = assumed;
                doc.raw = raw.into();
                return Ok(doc);
            }
            None => Err((pointer, line_col, message)),
        },
        other => other,
    };
    match result {
        Ok(api) => {
            let mut doc = Document::single(path, source, api);
            doc.raw = raw.into();
            Ok(doc)
        }
        Err((pointer, line_col, message)) => Err(Diagnostics(vec![unreadable_document(path, &source, is_json, pointer, line_col, &message)])),
    }
}

/// The document read into `openapiv3`'s types: once as fast as the parser goes (from its JSON
/// view `raw` when it has one: parsing the YAML again was a third of the time of a Graph-sized
/// document); only a document that fails is read again with the path to each node kept, to say
/// where it failed (keeping it costs a large spec a tenth of the whole run).
fn read_api(source: &str, is_json: bool, raw: Option<&serde_json::Value>) -> Result<OpenAPI, ReadError> {
    let fast = match (is_json, raw) {
        (true, _) => serde_json::from_str::<OpenAPI>(source).ok(),
        (false, Some(raw)) => <OpenAPI as serde::Deserialize>::deserialize(raw).ok(),
        (false, None) => serde_yaml::from_str::<OpenAPI>(source).ok(),
    };
    if let Some(api) = fast {
        Ok(api)
    } else if is_json {
        let mut de = serde_json::Deserializer::from_str(source);
        serde_path_to_error::deserialize::<_, OpenAPI>(&mut de).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner();
            let line_col = (inner.line() > 0).then(|| (inner.line(), inner.column().max(1)));
            (pointer, line_col, strip_position(&inner.to_string()))
        })
    } else {
        let de = serde_yaml::Deserializer::from_str(source);
        serde_path_to_error::deserialize::<_, OpenAPI>(de).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner();
            let line_col = inner.location().map(|l| (l.line(), l.column()));
            (pointer, line_col, strip_position(&inner.to_string()))
        })
    }
}

/// The error of a document `openapiv3` could not read: its syntax error if it has one, else
/// the shape `openapiv3` expected at `pointer`.
fn unreadable_document(path: &Path, source: &str, is_json: bool, pointer: String, line_col: Option<(usize, usize)>, message: &str) -> Diagnostic {
    match syntax_error(source, is_json) {
        Some((syntax_line_col, message)) => {
            // serde_yaml stops at the last node it could read (the `[` left open, say): a better
            // place than the end of the file where the parser gave up.
            let line_col = if is_json { syntax_line_col } else { line_col.or(syntax_line_col) };
            let help = if is_json { json_syntax_help(&message) } else { yaml_syntax_help(source, &message, line_col) };
            Diagnostic::error(
                Location { file: path.to_path_buf(), pointer: syntax_pointer(source, is_json, &pointer), line_col },
                format!("invalid {}: {message}", if is_json { "JSON" } else { "YAML" }),
            )
            .help(help)
        }
        None => shape_error(path, source, is_json, pointer, line_col, message),
    }
}

/// How many path items a document has before [`read_parsed`] reads them on several threads.
const PATHS_READ_IN_PARALLEL: usize = 512;

/// Whether [`read_parsed`] reads `raw`: a document of many paths, on a machine of more than one core.
fn read_in_parallel(raw: &serde_json::Value) -> bool {
    let paths = raw.get("paths").and_then(serde_json::Value::as_object).map_or(0, |paths| paths.len());
    paths >= PATHS_READ_IN_PARALLEL && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
}

/// `OpenAPI::deserialize(raw)` for a document of many paths ([`read_in_parallel`]), its path items
/// read on every core (the rest of the document on one of them, at the same time): the same
/// document, in a third of the time on two cores for a Graph-sized one, where reading it was the
/// longest step before the checks. `raw` is taken apart as it is read: each piece is freed once
/// read (`raw` is 120 MB of a Graph-sized document, `openapiv3`'s document 200 MB; before, both
/// were whole at once). `None` for a document that does not read (the caller reads it again, on
/// one thread, for the error and where it is).
fn read_parsed(raw: serde_json::Value) -> Option<OpenAPI> {
    use serde_json::Value;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;

    let Value::Object(mut top) = raw else { return None };
    let Value::Object(paths) = std::mem::take(top.get_mut("paths")?) else { return None };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    // What `Paths` keeps of its map besides the path items (keys starting with `/`): its
    // extensions, read with the rest of the document, in the paths' place.
    type Entries = Vec<(String, Value)>;
    let (items, rest_of_paths): (Entries, Entries) = paths.into_iter().partition(|(key, _)| key.starts_with('/'));
    *top.get_mut("paths")? = Value::Object(rest_of_paths.into_iter().collect());
    let (keys, mut values): (Vec<String>, Vec<Value>) = items.into_iter().unzip();
    // The path items are read straight into their places in the map, share by share (a path item
    // is 8.7 kB of `openapiv3`'s: a copy of them all would be 50 MB more at once).
    let placeholder = || ReferenceOr::Reference { reference: String::new() };
    let mut read: indexmap::IndexMap<String, ReferenceOr<openapiv3::PathItem>> = keys.into_iter().map(|key| (key, placeholder())).collect();
    let mut slots: Vec<&mut ReferenceOr<openapiv3::PathItem>> = read.values_mut().collect();
    let share = slots.len().div_ceil(threads * 4);
    let mut shares: Vec<(&mut [&mut ReferenceOr<openapiv3::PathItem>], &mut [Value])> =
        slots.chunks_mut(share).zip(values.chunks_mut(share)).collect();
    shares.reverse();
    let shares = Mutex::new(shares);
    let top = Mutex::new(Some(top));
    let rest: Mutex<Option<OpenAPI>> = Mutex::new(None);
    let failed = AtomicBool::new(false);
    let work = || {
        // The rest of the document first, on whichever thread comes first.
        let taken = top.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(top) = taken {
            match serde_json::from_value::<OpenAPI>(Value::Object(top)) {
                Ok(api) => *rest.lock().unwrap_or_else(|e| e.into_inner()) = Some(api),
                Err(_) => failed.store(true, Ordering::Relaxed),
            }
        }
        loop {
            let taken = shares.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let Some((slots, values)) = taken.filter(|_| !failed.load(Ordering::Relaxed)) else { break };
            for (slot, value) in slots.iter_mut().zip(values) {
                // Read from the value itself, which is freed as it is read.
                match serde_json::from_value::<ReferenceOr<openapiv3::PathItem>>(std::mem::take(value)) {
                    Ok(item) => **slot = item,
                    Err(_) => failed.store(true, Ordering::Relaxed),
                }
            }
            // What was freed of the view (made on other threads, some gone) is taken back for
            // what is read next.
            crate::stage_end();
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // A thread that cannot be had leaves its share to the others.
            let _ = std::thread::Builder::new().stack_size(crate::STACK_SIZE).spawn_scoped(scope, work);
        }
        work();
    });
    let mut api = rest.into_inner().unwrap_or_else(|e| e.into_inner())?;
    if failed.into_inner() {
        return None;
    }
    api.paths.paths = read;
    Some(api)
}

/// How many numbers or booleans [`lenient`] writes as strings before it gives up.
const MAX_ASSUMED: usize = 100;

/// Reads a document `openapiv3` refused at `pointer` again, where a number or a boolean stands
/// for a string in a harmless place (`info.version: 1.0`, an enum of strings with a number): the
/// value as written becomes the string, with a warning. `None` when that is not why it failed.
fn lenient(source: &str, is_json: bool, pointer: &str) -> Option<(OpenAPI, Vec<(String, String)>)> {
    let mut raw = raw_value(source, is_json)?;
    let mut assumed = Vec::new();
    let mut at = pointer.to_string();
    for _ in 0..MAX_ASSUMED {
        let harmless = at == "/info/version"
            || at == "/openapi"
            || at.rsplit_once('/').is_some_and(|(parent, index)| parent.ends_with("/enum") && index.parse::<usize>().is_ok());
        let value = raw.pointer_mut(&at).filter(|v| harmless && (v.is_number() || v.is_boolean()))?;
        let text = value.to_string();
        *value = serde_json::Value::String(text.clone());
        assumed.push((at.clone(), text));
        match serde_path_to_error::deserialize::<_, OpenAPI>(&raw) {
            Ok(api) => return Some((api, assumed)),
            Err(e) => at = path_to_pointer(e.path()),
        }
    }
    None
}

/// A spec whose `$ref`s reach into other files: bundled into one document, then read.
fn parse_bundle(
    path: &Path,
    source: String,
    raw: serde_json::Value,
    read: &bundle::Reader<'_>,
    options: &LoadOptions,
) -> Result<Document, Diagnostics> {
    let parse_other = |path: &Path, source: &str| -> Result<serde_json::Value, Diagnostics> {
        let is_json = is_json(path);
        let (lost, _) = lossy_values(path, source, is_json);
        if !lost.is_empty() {
            return Err(Diagnostics(lost));
        }
        if let Some((line_col, message)) = syntax_error(source, is_json) {
            return Err(Diagnostics(vec![syntax_diagnostic(path, source, is_json, line_col, &message)]));
        }
        raw_value(source, is_json).ok_or_else(|| {
            Diagnostics(vec![Diagnostic::error(Location::pointer(path, ""), "cannot read this file").help("check that it is YAML or JSON")])
        })
    };
    let bundled = bundle::bundle(path, &source, raw, read, &parse_other, options)?;
    let mut doc = Document::single(path, source, OpenAPI::default());
    doc.others = bundled.files.into_iter().map(|f| (f, Default::default())).collect();
    doc.origins = bundled.origins;
    read_value(doc, bundled.value)
}

/// `doc` with its document read from `value` (a bundle, or a 3.1 document: rewritten into the
/// 3.0 shape first, see [`v31`]).
fn read_value(mut doc: Document, value: serde_json::Value) -> Result<Document, Diagnostics> {
    let value = match v31::version_3_1(&value) {
        Some(_) => {
            let normalized = v31::normalize(value);
            doc.version = Some(normalized.version);
            doc.moved = normalized.moved;
            let mut errors = Vec::new();
            for finding in normalized.findings {
                let diagnostic = Diagnostic {
                    severity: finding.severity,
                    location: doc.location(&finding.pointer),
                    message: finding.message,
                    help: Some(finding.help),
                };
                match finding.severity {
                    crate::diagnostic::Severity::Error => errors.push(diagnostic),
                    crate::diagnostic::Severity::Warning => doc.notes.push(diagnostic),
                }
            }
            if !errors.is_empty() {
                return Err(Diagnostics(errors));
            }
            normalized.value
        }
        None => value,
    };
    // Deep schemas node by node first, as in `parse_here`.
    let read = match nesting::first_error(&value) {
        Some(found) => Err(found),
        None => serde_path_to_error::deserialize::<_, OpenAPI>(&value).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let message = strip_serde_path(&strip_position(&e.into_inner().to_string())).to_string();
            narrow(&value, pointer, message)
        }),
    };
    match read {
        Ok(api) => {
            doc.api = api;
            doc.bundled = Some(value);
            Ok(doc)
        }
        Err((pointer, message)) => {
            let message = strip_serde_path(&strip_position(&message)).to_string();
            let (message, help) = explain(&pointer, &message, value.pointer(&pointer));
            Err(Diagnostics(vec![Diagnostic::error(doc.location(&pointer), format!("invalid OpenAPI document: {message}")).help(help)]))
        }
    }
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The source as a plain JSON value (YAML mapping keys become strings), for re-validation and
/// for checks that need keys `openapiv3` drops. `None` when it does not parse (duplicate keys, say).
pub fn raw_value(source: &str, is_json: bool) -> Option<serde_json::Value> {
    raw_value_within_depth(source, is_json).ok().flatten()
}

/// Where and why a reader stopped: `(pointer, line and column, message)`.
type ReadError = (String, Option<(usize, usize)>, String);

/// Like [`raw_value`], but a document nested past the readers' limit (128 levels) is an error:
/// `(pointer to the top of the nest, line and column, the reader's message)`.
fn raw_value_within_depth(source: &str, is_json: bool) -> Result<Option<serde_json::Value>, ReadError> {
    let too_deep = |message: &str| message.starts_with("recursion limit");
    if is_json {
        match serde_json::from_str(source) {
            Ok(value) => return Ok(Some(value)),
            Err(e) if !too_deep(&e.to_string()) => return Ok(None),
            Err(_) => {}
        }
        // Again, to learn where (`IgnoredAny` would not do: skipping has no depth limit).
        let mut de = serde_json::Deserializer::from_str(source);
        match serde_path_to_error::deserialize::<_, serde_json::Value>(&mut de) {
            Ok(_) => Ok(None),
            Err(e) => {
                let pointer = path_to_pointer(e.path());
                let inner = e.into_inner();
                Err((pointer, Some((inner.line(), inner.column().max(1))), strip_position(&inner.to_string())))
            }
        }
    } else {
        if let Some(value) = events::read(source) {
            return Ok(Some(value));
        }
        match serde_yaml::from_str::<serde_yaml::Value>(source) {
            Ok(value) => return Ok(Some(yaml_to_json(value))),
            Err(e) if !too_deep(strip_serde_path(&e.to_string())) => return Ok(None),
            Err(_) => {}
        }
        match serde_path_to_error::deserialize::<_, serde_yaml::Value>(serde_yaml::Deserializer::from_str(source)) {
            Ok(_) => Ok(None),
            Err(e) => {
                let pointer = path_to_pointer(e.path());
                let inner = e.into_inner();
                Err((pointer, inner.location().map(|l| (l.line(), l.column())), strip_position(&inner.to_string())))
            }
        }
    }
}

impl Document {
    /// What [`crate::check`] reads of the document as written: the keys it looks at
    /// ([`crate::check::as_written_keys`]) when only they were kept, else [`Document::raw`].
    pub fn as_written(&self) -> Option<&serde_json::Value> {
        self.written.as_ref().or_else(|| self.raw())
    }

    /// The document as written, as a JSON value (see [`raw_value`]), with the keys `openapiv3`
    /// drops; read on first use, once.
    pub fn raw(&self) -> Option<&serde_json::Value> {
        self.raw
            .get_or_init(|| match &self.bundled {
                Some(bundled) => Some(bundled.clone()),
                None => raw_value(self.source(), is_json(&self.path)),
            })
            .as_ref()
    }

    /// Whether a reference of the document points into its paths (`#/paths/...`): said by the
    /// checker, which looks at every reference ([`crate::check::parsed_findings`]); `None` before.
    pub fn references_into_paths(&self) -> Option<bool> {
        self.into_paths.get().copied()
    }

    /// Records what [`Document::references_into_paths`] says (the checker's; the first word stays).
    pub fn found_references_into_paths(&self, found: bool) {
        let _ = self.into_paths.set(found);
    }

    /// Frees the document as written ([`Document::raw`]) once nothing is left to check against it
    /// (its JSON view of a large spec is a hundred megabytes); asked again, it is read again.
    pub fn drop_raw(&mut self) {
        self.raw = Default::default();
        self.written = None;
    }

    /// Forgets the JSON view of the parsed document ([`Document::json`]) after `api` was changed
    /// (a selection of its operations, [`crate::select`]): it is made again, of what is left, when
    /// next asked.
    pub fn parsed_changed(&mut self) {
        self.json = Default::default();
    }

    /// Forgets the JSON view of the parsed document ([`Document::json`]) once the checks, which
    /// walk all of it, are done: the model follows only the references that are not to components
    /// in it (see [`crate::openapi::JsonView`]), and it is made again if one does. For a large
    /// document, a hundred megabytes less at the peak of the run.
    pub fn forget_json(&mut self) {
        self.json = Default::default();
    }

    /// The parsed document as JSON: what JSON pointers and references are resolved against by
    /// every stage. Made on first use, once.
    pub fn json(&self) -> &serde_json::Value {
        self.json.get_or_init(|| json_of(&self.api))
    }
}

impl crate::openapi::JsonView for Document {
    fn view(&self) -> &serde_json::Value {
        self.json()
    }
}

impl Document {
    /// The JSON view of the parsed document ([`Document::json`]) a piece at a time, each with its
    /// pointer, in the view's order: the view itself when it is made; otherwise each field of the
    /// document, each path item and each component apart, made, visited and freed in turn (a
    /// Graph-sized document's whole view is 120 MB). A walk that looks at what is under each
    /// piece (a `$ref`, say) finds what it finds in the whole view, in the same order: no object
    /// above a piece has a key but the pieces' own.
    pub fn json_pieces(&self, visit: &mut dyn FnMut(&str, &serde_json::Value)) {
        use serde::Serialize;
        if let Some(view) = self.json.get() {
            return visit("", view);
        }
        let mut one = |at: &str, value: &dyn erased::Piece| visit(at, &value.to_json());
        let api = &self.api;
        one("/openapi", &api.openapi);
        one("/info", &api.info);
        if !api.servers.is_empty() {
            one("/servers", &api.servers);
        }
        for (path, item) in &api.paths.paths {
            one(&pointer::join("/paths", path), item);
        }
        for (key, value) in &api.paths.extensions {
            one(&pointer::join("/paths", key), value);
        }
        if let Some(c) = &api.components {
            fn each<T: Serialize>(map: &indexmap::IndexMap<String, T>, kind: &str, one: &mut dyn FnMut(&str, &dyn erased::Piece)) {
                let at = pointer::join("/components", kind);
                for (name, value) in map {
                    one(&pointer::join(&at, name), value);
                }
            }
            each(&c.schemas, "schemas", &mut one);
            each(&c.responses, "responses", &mut one);
            each(&c.parameters, "parameters", &mut one);
            each(&c.examples, "examples", &mut one);
            each(&c.request_bodies, "requestBodies", &mut one);
            each(&c.headers, "headers", &mut one);
            each(&c.security_schemes, "securitySchemes", &mut one);
            each(&c.links, "links", &mut one);
            each(&c.callbacks, "callbacks", &mut one);
            for (key, value) in &c.extensions {
                one(&pointer::join("/components", key), value);
            }
        }
        if let Some(security) = &api.security {
            one("/security", security);
        }
        if !api.tags.is_empty() {
            one("/tags", &api.tags);
        }
        if let Some(docs) = &api.external_docs {
            one("/externalDocs", docs);
        }
        for (key, value) in &api.extensions {
            one(&pointer::join("", key), value);
        }
    }
}

/// A piece of the document made into JSON, whatever its type ([`Document::json_pieces`]).
mod erased {
    pub trait Piece {
        fn to_json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Piece for T {
        fn to_json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// `serde_json::to_value(api)`; for a document of many paths, its path items made on every core
/// (the rest of the document on one of them at the same time), then put in their places, with
/// every key where `openapiv3`'s `Serialize` puts it.
fn json_of(api: &OpenAPI) -> serde_json::Value {
    use serde_json::{to_value, Map, Value};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;

    let whole = || to_value(api).unwrap_or(Value::Null);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || api.paths.paths.len() < PATHS_READ_IN_PARALLEL {
        return whole();
    }
    // The document without its path items, its fields in the order and with the omissions of
    // `OpenAPI`'s `Serialize`; the paths' place kept.
    let rest = || -> Option<Map<String, Value>> {
        let mut map = Map::new();
        map.insert("openapi".into(), to_value(&api.openapi).ok()?);
        map.insert("info".into(), to_value(&api.info).ok()?);
        if !api.servers.is_empty() {
            map.insert("servers".into(), to_value(&api.servers).ok()?);
        }
        map.insert("paths".into(), Value::Null);
        if let Some(components) = &api.components {
            map.insert("components".into(), to_value(components).ok()?);
        }
        if let Some(security) = &api.security {
            map.insert("security".into(), to_value(security).ok()?);
        }
        if !api.tags.is_empty() {
            map.insert("tags".into(), to_value(&api.tags).ok()?);
        }
        if let Some(docs) = &api.external_docs {
            map.insert("externalDocs".into(), to_value(docs).ok()?);
        }
        map.extend(api.extensions.iter().map(|(k, v)| (k.clone(), v.clone())));
        Some(map)
    };
    let items: Vec<&ReferenceOr<openapiv3::PathItem>> = api.paths.paths.values().collect();
    let mut values: Vec<Value> = vec![Value::Null; items.len()];
    let share = items.len().div_ceil(threads * 4);
    let mut shares: Vec<(usize, &mut [Value])> = values.chunks_mut(share).enumerate().map(|(i, slots)| (i * share, slots)).collect();
    shares.reverse();
    let shares = Mutex::new(shares);
    let made_rest: Mutex<Option<Map<String, Value>>> = Mutex::new(None);
    let started_rest = AtomicBool::new(false);
    let failed = AtomicBool::new(false);
    let work = || {
        if !started_rest.swap(true, Ordering::Relaxed) {
            match rest() {
                Some(map) => *made_rest.lock().unwrap_or_else(|e| e.into_inner()) = Some(map),
                None => failed.store(true, Ordering::Relaxed),
            }
        }
        loop {
            let taken = shares.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let Some((start, slots)) = taken.filter(|_| !failed.load(Ordering::Relaxed)) else { break };
            for (slot, item) in slots.iter_mut().zip(&items[start..]) {
                match to_value(item) {
                    Ok(value) => *slot = value,
                    Err(_) => failed.store(true, Ordering::Relaxed),
                }
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // A thread that cannot be had leaves its share to the others.
            let _ = std::thread::Builder::new().stack_size(crate::STACK_SIZE).spawn_scoped(scope, work);
        }
        work();
    });
    let Some(mut map) = made_rest.into_inner().unwrap_or_else(|e| e.into_inner()).filter(|_| !failed.into_inner()) else { return whole() };
    // `Paths`: its path items, then its extensions.
    let mut paths: Map<String, Value> = api.paths.paths.keys().cloned().zip(values).collect();
    paths.extend(api.paths.extensions.iter().map(|(k, v)| (k.clone(), v.clone())));
    map.insert("paths".into(), Value::Object(paths));
    Value::Object(map)
}

fn yaml_to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    match value {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(u) = n.as_u64() {
                J::from(u)
            } else if let Some(i) = n.as_i64() {
                J::from(i)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map_or(J::Null, J::Number)
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => J::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        Y::Null => "null".into(),
                        Y::Bool(b) => b.to_string(),
                        Y::Number(n) => n.to_string(),
                        other => serde_yaml::to_string(&other).unwrap_or_default().trim_end().to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a/{id}:\n    get:\n      tags: [x, y]\n      responses:\n        '200':\n          description: ok\n";

    /// Files served from memory, as a git revision or a test would.
    fn files(files: &'static [(&'static str, &'static str)]) -> impl Fn(&Path) -> std::io::Result<(PathBuf, String)> {
        move |path: &Path| {
            let name = path.to_string_lossy();
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, text)| (PathBuf::from(format!("mem:{n}")), text.to_string()))
                .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not served"))
        }
    }

    #[test]
    fn a_spec_in_several_files_reads_as_one_and_points_into_each() {
        const ROOT: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /users:\n    $ref: paths/users.yaml\n";
        const USERS: &str = "get:\n  operationId: listUsers\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../schemas.json#/User'}\n";
        const SCHEMAS: &str = "{\n  \"User\": {\n    \"type\": \"object\",\n    \"properties\": {\"id\": {\"type\": \"string\"}}\n  }\n}\n";
        let options = LoadOptions::default();
        let doc = load(
            Spec::text(Path::new("api/root.yaml"), ROOT).read_with(&files(&[("api/paths/users.yaml", USERS), ("api/schemas.json", SCHEMAS)])),
            &options,
        )
        .unwrap();
        let op = doc.api.paths.paths["/users"].as_item().unwrap().get.as_ref().unwrap();
        assert_eq!(op.operation_id.as_deref(), Some("listUsers"));
        let schemas = &doc.api.components.as_ref().unwrap().schemas;
        assert!(schemas.contains_key("User"), "the JSON file's schema is a component now: {:?}", schemas.keys());
        // Nodes are located in the file they were written in, with the pointer there.
        let at = doc.location("/paths/~1users/get/operationId");
        assert_eq!((at.file, at.pointer.as_str(), at.line_col), (PathBuf::from("mem:api/paths/users.yaml"), "/get/operationId", Some((2, 16))));
        let at = doc.location("/components/schemas/User/properties/id");
        assert_eq!((at.file, at.pointer.as_str(), at.line_col), (PathBuf::from("mem:api/schemas.json"), "/User/properties/id", Some((4, 26))));
        assert_eq!(doc.location("/info/title").file, PathBuf::from("api/root.yaml"));

        // A shape error in another file is reported there.
        const BAD_USERS: &str = "get:\n  operationId: listUsers\n  responses: [ok]\n";
        let err = load(Spec::text(Path::new("api/root.yaml"), ROOT).read_with(&files(&[("api/paths/users.yaml", BAD_USERS)])), &options).unwrap_err();
        let first = &err.0[0];
        assert_eq!(first.location.file, PathBuf::from("mem:api/paths/users.yaml"), "{err}");
        assert_eq!(first.location.line_col.map(|(line, _)| line), Some(3), "{err}");
    }

    #[test]
    fn shape_errors_point_at_the_node_below_the_buffered_value() {
        let err = parse(Path::new("s.yaml"), format!("{YAML}components:\n  schemas:\n    P:\n      type: object\n      properties:\n        n: 5\n"))
            .unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.location.pointer, "/components/schemas/P/properties/n");
        assert_eq!(d.location.line_col, Some((17, 12)));
        let err = parse(Path::new("s.yaml"), YAML.replace("tags: [x, y]", "parameters: [{name: a, in: body}]")).unwrap_err();
        assert_eq!(err.0[0].location.pointer, "/paths/~1a~1{id}/get/parameters/0/in");
    }

    /// Found by the fuzzer: `openapiv3` panics on a value that fails to parse from the document
    /// but parses from its copy without the duplicate key (or with `.nan` turned into `null`).
    #[test]
    fn duplicate_keys_and_nan_are_errors_not_panics() {
        let yaml = "components:\n schemas:\n  p: {type,type}\n";
        let err = parse(Path::new("f.yaml"), yaml.into()).unwrap_err();
        assert_eq!(err.0[0].location.pointer, "/components/schemas/p/type");
        assert_eq!(err.0[0].location.line_col, Some((3, 12)));
        let json = r#"{"openapi": "3.0.3", "components": {"schemas": {"p": {"type": "string", "type": "integer"}}}}"#;
        let err = parse(Path::new("f.json"), json.into()).unwrap_err();
        assert!(err.0[0].message.starts_with("duplicate key `type`"), "{err}");
        let yaml = format!("{YAML}components:\n  schemas:\n    p: {{type: number, minimum: .nan}}\n");
        let err = parse(Path::new("f.yaml"), yaml).unwrap_err();
        assert_eq!(err.0[0].location.pointer, "/components/schemas/p/minimum");
    }

    /// The path items of a large document read on several threads: the same document as read on
    /// one; a path item that does not read leaves the document to the one thread. Its JSON view,
    /// made on several threads, is the one made on one.
    #[test]
    fn many_paths_read_in_parallel_read_the_same() {
        let mut paths = serde_json::Map::new();
        paths.insert("x-paths-note".into(), serde_json::json!({"kept": true}));
        for i in 0..PATHS_READ_IN_PARALLEL * 2 + 7 {
            let item = match i % 4 {
                0 => serde_json::json!({"$ref": "#/components/pathItems/shared"}),
                1 => serde_json::json!({
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "enum": ["a", "b"]}}],
                    "get": {"operationId": format!("get{i}"), "tags": ["t"], "responses": {"200": {"description": "ok",
                        "content": {"application/json": {"schema": {"anyOf": [{"$ref": "#/components/schemas/S"}, {"type": "object", "nullable": true}]}}}}}},
                    "x-item": i,
                }),
                2 => {
                    serde_json::json!({"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "array", "items": {"type": "integer", "format": "int64"}}}}},
                    "responses": {"default": {"$ref": "#/components/responses/Error"}}}, "summary": "s"})
                }
                _ => serde_json::json!({"delete": {"responses": {"204": {"description": "gone"}}, "deprecated": true}, "unknown": 1}),
            };
            paths.insert(format!("/items{i}/{{id}}"), item);
        }
        paths.insert("ignored".into(), serde_json::json!(1));
        let raw = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "x-top": [1, 2],
            "paths": paths,
            "components": {"schemas": {"S": {"type": "object", "properties": {"a": {"type": "string"}}}}},
            "tags": [{"name": "t"}],
        });
        let one = <OpenAPI as serde::Deserialize>::deserialize(&raw).unwrap();
        // Its JSON view, made on several threads: the same, key for key in the same order.
        let text = |value: &serde_json::Value| serde_json::to_string(value).unwrap();
        assert_eq!(text(&json_of(&one)), text(&serde_json::to_value(&one).unwrap()));
        let mut bare = one.clone();
        (bare.components, bare.tags, bare.extensions, bare.paths.extensions) = (None, Vec::new(), Default::default(), Default::default());
        bare.servers = vec![openapiv3::Server { url: "https://x".into(), ..Default::default() }];
        bare.security = Some(Vec::new());
        assert_eq!(text(&json_of(&bare)), text(&serde_json::to_value(&bare).unwrap()));
        // The JSON view a piece at a time: the pieces, put in their places, are the whole view.
        for api in [&one, &bare] {
            let doc = Document::single(Path::new("t.yaml"), String::new(), api.clone());
            let mut joined = serde_json::json!({});
            doc.json_pieces(&mut |at, piece| {
                let mut place = &mut joined;
                for token in at.split('/').skip(1) {
                    place = place.as_object_mut().unwrap().entry(pointer::unescape(token)).or_insert(serde_json::json!({}));
                }
                *place = piece.clone();
            });
            assert_eq!(text(&joined), text(&serde_json::to_value(api).unwrap()));
        }
        assert!(read_in_parallel(&raw));
        let parallel = read_parsed(raw.clone());
        if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
            assert!(parallel.as_ref() == Some(&one), "read in parallel, the document differs");
            assert_eq!(parallel.unwrap().paths.paths.keys().collect::<Vec<_>>(), one.paths.paths.keys().collect::<Vec<_>>());
        }
        let mut bad = raw.clone();
        bad["paths"]["/items3/{id}"]["delete"]["responses"] = serde_json::json!([1]);
        assert!(read_parsed(bad.clone()).is_none());
        assert!(<OpenAPI as serde::Deserialize>::deserialize(&bad).is_err());
        // A small document is read on one thread.
        assert!(!read_in_parallel(&serde_json::json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}})));
    }

    /// A large spec's text is let go once it is read, and read again from its file for a line and
    /// column: the same as held; a file that changed in between gives none rather than wrong ones.
    #[test]
    fn a_large_files_text_is_read_again_for_locations() {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n");
        for i in 0..PATHS_READ_IN_PARALLEL + 3 {
            spec.push_str(&format!("  /items{i}:\n    get:\n      responses:\n        '200': {{description: ok}}\n"));
        }
        let dir = std::env::temp_dir().join(format!("generator-let-go-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("large.yaml");
        std::fs::write(&file, &spec).unwrap();
        let held = parse(&file, spec.clone()).unwrap();
        let read = load(Spec::File(&file), &LoadOptions::default()).unwrap();
        assert!(matches!(held.source, Source::Held(_)), "text given in memory is held");
        assert!(matches!(read.source, Source::LetGo { .. }), "a file's is let go");
        let pointer = "/paths/~1items300/get/responses/200";
        assert_eq!(read.source(), spec);
        assert_eq!(read.location(pointer), held.location(pointer));
        assert!(read.location(pointer).line_col.is_some_and(|(line, _)| line > 1000));
        // Found at the end, as `generate` finds them.
        let mut deferred = load(Spec::File(&file), &LoadOptions::default()).unwrap();
        deferred.defer_locations();
        let mut found = vec![Diagnostic::warning(deferred.location(pointer), "w")];
        assert_eq!(found[0].location.line_col, None);
        deferred.resolve_locations(&mut found);
        assert_eq!(found[0].location, held.location(pointer));
        // Changed on disk before anything was asked of it.
        let changed = load(Spec::File(&file), &LoadOptions::default()).unwrap();
        std::fs::write(&file, spec.replace("description: ok", "description: changed")).unwrap();
        assert_eq!(changed.location(pointer).line_col, None);
        assert_eq!(changed.source(), "");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse(Path::new("bad.yaml"), "openapi: 3.0.3\ninfo: [\n".into()).unwrap_err();
        let d = &err.0[0];
        assert!(d.location.line_col.is_some(), "{d}");
        assert!(d.to_string().starts_with("error: bad.yaml:"), "{d}");
    }
}
