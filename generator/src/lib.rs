//! openapi-rs-generator: an async Rust client crate from an OpenAPI 3.0 or 3.1 document.
//!
//! The generator is a pipeline, one module a stage:
//!
//! 1. [`load`]: read YAML or JSON into an `openapiv3` document, errors with line and column;
//! 2. [`check`]: find every inconsistency (dangling references, duplicate operationIds, ...);
//! 3. [`model`]: build the [`model::Api`], which knows nothing of `openapiv3` or of tokens;
//!    names come from [`naming`];
//! 4. [`emit`]: Rust tokens and text files from the model;
//! 5. [`format`](mod@format): tokens to source text with `prettyplease`;
//! 6. [`write`](mod@write): put the crate on disk atomically, or compare it with what is there.
//!
//! [`Generator::generate`] runs stages 1 to 5 in memory; the binary adds stage 6 and the command line.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod format;
pub mod graph;
pub mod lint;
pub mod load;
pub mod model;
pub mod naming;
pub mod openapi;
pub mod select;
pub mod settings;
pub mod write;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use load::{LoadOptions, Spec};
pub use select::Selection;
pub use settings::{CrateSettings, Example};

/// A generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// `(path relative to the crate root, contents)`, sorted by path.
    pub files: Vec<(String, String)>,
    /// What the generator could not express exactly, with the fallback it used.
    pub warnings: Vec<Diagnostic>,
}

/// The Rust type a schema of the document is made into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaType {
    /// Where the schema is written: a JSON pointer into the spec's own file
    /// (`/components/schemas/Pet`; a 3.1 `$defs` entry: `/components/schemas/Pet/$defs/Toy`).
    pub pointer: String,
    /// The path of its type from the crate's root (`types::Pet`), or from the module
    /// [`CrateSettings::module`] names.
    pub path: String,
    /// Whether the type is compiled only with the crate's `all-schemas` feature (a shared type no
    /// operation reaches).
    pub all_schemas: bool,
}

/// The type of each component schema written in the spec's own file (not those of the other
/// files it references), in document order, then of each operation's own JSON request body and
/// responses where callers can name it (an inline schema made a public type of the operation's
/// module; not a reference to a component, not an inline body whose fields are the builder's
/// setters, not an enum of several success statuses): what a test needs to decode a schema's
/// instances into the crate [`Generator::generate`] makes of the same spec (the round-trip check of
/// `tests/roundtrip/`). A second pass over the document, so that [`Generator::generate`] pays nothing for it.
pub fn schema_types(spec: &Path) -> Result<Vec<SchemaType>, Diagnostics> {
    use model::{Media, TypeRef};
    use openapi::pointer;
    on_big_stack(|| {
        let doc = load::load(Spec::File(spec), &LoadOptions::default())?;
        let (api, _) = checked_model(&doc)?;
        let layout = emit::layout::Layout::new(&api);
        // Behind a feature: `all-schemas` (which turns `webhooks` on too, where there are webhooks).
        let unused: std::collections::HashSet<&str> = layout.api().types.iter().map(|t| t.name.as_str()).filter(|t| layout.is_optional(t)).collect();
        // The spec's own file as written: the components bundled in from other files are not in it.
        let root = load::raw_value(doc.source(), doc.path.extension().is_some_and(|e| e == "json")).unwrap_or_default();
        let mut types: Vec<SchemaType> = api
            .components
            .iter()
            .filter_map(|(key, name)| {
                let pointer = doc.written_at(&pointer::join("/components/schemas", key));
                root.pointer(&pointer)?;
                let path = match layout.module_of(name.as_str()) {
                    Some(module) => format!("operations::{module}::{name}"),
                    None => format!("types::{name}"),
                };
                Some(SchemaType { pointer, path, all_schemas: unused.contains(name.as_str()) })
            })
            .collect();
        // The schema of the JSON media type the generator picks (JSON when offered) in the
        // `content` under `at`, when `ty` is a type of the operation's own that callers can name.
        let own = |at: String, media: &Media, ty: Option<&TypeRef>| -> Option<SchemaType> {
            let (Media::Json, Some(TypeRef::Named(name))) = (media, ty) else { return None };
            let module = layout.module_of(name.as_str()).filter(|_| !layout.is_hidden(name.as_str()))?;
            let content = root.pointer(&pointer::join(&at, "content"))?.as_object()?;
            let media = content.keys().find(|m| openapi::is_json_media_type(m))?;
            let pointer = pointer::join_all(&at, ["content", media.as_str(), "schema"]);
            // A lone reference is the type of what it points at, checked there.
            let schema = root.pointer(&pointer)?.as_object()?;
            if schema.len() == 1 && schema.contains_key("$ref") {
                return None;
            }
            Some(SchemaType { pointer, path: format!("operations::{module}::{name}"), all_schemas: false })
        };
        for op in &api.operations {
            let at = pointer::join_all("/paths", [op.path.as_str(), op.method.as_str().to_ascii_lowercase().as_str()]);
            if let Some(body) = &op.body {
                types.extend(own(pointer::join(&at, "requestBody"), &body.media, Some(&body.ty)));
            }
            let response = &op.response;
            if let (Some(status), false, false) = (response.status, response.outcome, response.event_stream) {
                let at = pointer::join_all(&at, ["responses", status.to_string().as_str()]);
                types.extend(own(at, &response.media, response.ty.as_ref()));
            }
            for error in &op.errors {
                types.extend(own(pointer::join_all(&at, ["responses", error.status.as_str()]), &Media::Json, Some(&error.ty)));
            }
        }
        // A webhook's payload written inline: a shared type (behind `webhooks` when only webhooks use it).
        for hook in &api.webhooks {
            let TypeRef::Named(name) = &hook.payload else { continue };
            let method = hook.method.as_str().to_ascii_lowercase();
            let at = doc.written_at(&pointer::join_all("", [openapi::WEBHOOKS, hook.name.as_str(), method.as_str(), "requestBody", "content"]));
            let Some(content) = root.pointer(&at).and_then(|c| c.as_object()) else { continue };
            let Some(media) = content.keys().find(|m| openapi::is_json_media_type(m)) else { continue };
            let pointer = pointer::join_all(&at, [media.as_str(), "schema"]);
            let Some(schema) = root.pointer(&pointer).and_then(|s| s.as_object()) else { continue };
            if schema.contains_key("$ref") && schema.len() == 1 {
                continue;
            }
            types.push(SchemaType { pointer, path: format!("types::{name}"), all_schemas: layout.is_optional(name.as_str()) });
        }
        Ok(types)
    })
}

/// The generator: the one entry point of the pipeline, as progenitor's `Generator::new(&settings)`.
///
/// ```no_run
/// use generator::{CrateSettings, Generator, Spec};
/// # fn settings() -> CrateSettings { unimplemented!() }
/// let settings: CrateSettings = settings();
/// let generated = Generator::new(&settings).generate(Spec::File("spec/botpress.yaml".as_ref()))?;
/// for (path, text) in &generated.files {
///     println!("{path}: {} bytes", text.len());
/// }
/// # Ok::<(), generator::Diagnostics>(())
/// ```
#[derive(Debug, Clone)]
pub struct Generator<'a> {
    settings: &'a CrateSettings,
    options: LoadOptions,
}

impl<'a> Generator<'a> {
    /// A generator of the crate `settings` describe, reading specs with the default
    /// [`LoadOptions`] (references stay inside the spec's folder; the default limits).
    pub fn new(settings: &'a CrateSettings) -> Generator<'a> {
        Generator { settings, options: LoadOptions::default() }
    }

    /// Reads specs within the folders and limits of `options` (and [`LoadOptions::strict`]).
    pub fn with_options(mut self, options: LoadOptions) -> Generator<'a> {
        self.options = options;
        self
    }

    /// Loads, checks, models, emits and formats the crate for `spec` (stages 1 to 5, in memory),
    /// on a thread with a [`STACK_SIZE`] stack.
    pub fn generate(&self, spec: Spec<'_>) -> Result<Generated, Diagnostics> {
        match spec {
            // The files a spec references are read by a closure of the caller's, which stays on
            // the caller's thread: the document is read there.
            spec @ Spec::Text { read: Some(_), .. } => {
                let doc = load::load(spec, &self.options)?;
                on_big_stack(|| generate_owned(doc, self.settings))
            }
            Spec::File(path) => on_big_stack(|| generate_owned(load::load(Spec::File(path), &self.options)?, self.settings)),
            Spec::Text { path, text, read: None } => {
                on_big_stack(|| generate_owned(load::load(Spec::text(path, text), &self.options)?, self.settings))
            }
        }
    }
}

/// The stack every thread of the pipeline gets: 256 MiB of address space (only what is used
/// is ever mapped). Every walk over a document is bounded or iterative — the readers refuse
/// nesting past [`load::source::Limits::MAX_DEPTH`], chains of references stop at fixed limits —
/// but a bounded walk still recurses (the formatter parses a type nested a hundred levels by
/// recursion, as does `syn`), and Rust's default of 2 MiB is too little for that in a debug
/// build. This is the second line of defence: no document makes the generator abort.
pub const STACK_SIZE: usize = 256 << 20;

/// Every spec of the generator's tests (`tests/` fixtures, bad, lint, select and diff documents),
/// in order: what the tests that hold a cheaper way of doing a stage to the whole way run over.
#[cfg(test)]
pub(crate) fn test_documents() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut paths: Vec<_> = ["fixtures", "bad", "lint", "select", "diff"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(root.join(dir)).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    paths.sort();
    paths
}

/// The benchmarks' synthetic documents, for unit tests.
#[cfg(test)]
#[path = "../benches/synth.rs"]
mod synth;

/// What gives the memory a stage freed back to the system: see [`on_stage_end`].
static STAGE_END: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what runs where a stage of the pipeline has freed much of what it held (the document as
/// written once read, the parsed document once modelled): a program's allocator may keep freed
/// memory for later, and `release` is its way to give it back to the system (the `generator`
/// binary's is mimalloc's `mi_collect`). Set once; later calls change nothing. Nothing runs by
/// default.
pub fn on_stage_end(release: fn()) {
    let _ = STAGE_END.set(release);
}

/// Runs what [`on_stage_end`] set, if anything.
pub(crate) fn stage_end() {
    if let Some(release) = STAGE_END.get() {
        release();
    }
}

/// Runs `work` on a thread with a [`STACK_SIZE`] stack and returns what it returns (a panic
/// goes on in the caller).
pub fn on_big_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(work));
    let take = || slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name("generator".into()).stack_size(STACK_SIZE).spawn_scoped(scope, || take().map(|work| work()));
        let done = match thread {
            Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had (a limit of the process): this one has to do.
            Err(_) => None,
        };
        match done {
            Some(result) => result,
            None => take().map(|work| work()).unwrap_or_else(|| unreachable!("the work runs on one thread or the other")),
        }
    })
}

/// Stages 4 and 5: emits and formats every file of the crate, largest first, on as many threads
/// as there are cores (at most eight); the result is in path order whatever the threads did, a
/// file emitted in parts joined; a file that failed to format is its error. The one way files
/// are made: [`Generator::generate`] and the pipeline benchmark both take it.
pub fn render(api: &model::Api, settings: &CrateSettings) -> Vec<(String, Result<String, String>)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    let layout = emit::layout::Layout::new(api);
    // Each job with its place in path order (the parts of a file are in order there).
    let mut jobs: Vec<(usize, (String, emit::File))> = emit::plan(&layout, settings).into_iter().enumerate().collect();
    jobs.sort_by_key(|(_, (_, file))| std::cmp::Reverse(file.cost(api)));
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(jobs.len()));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(jobs.len().max(1));
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some((order, (path, file))) = jobs.get(i) else { break };
        let output = match &settings.module {
            Some(module) => emit::module::rebase(file.render(&layout, settings), module),
            None => file.render(&layout, settings),
        };
        let in_parts = match file {
            emit::File::TypesRs { .. } => Some(Parts::Items),
            emit::File::MockOperations { .. } => Some(Parts::Impl(emit::mock::MOCK_OPERATIONS_OPENING)),
            _ => None,
        };
        let result = match in_parts {
            Some(_) => format::format_part(path, output),
            None => format::format_file(path, output),
        };
        done.lock().unwrap_or_else(|e| e.into_inner()).push((*order, path.clone(), in_parts, result));
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // A thread that cannot be had leaves its share to the others.
            let _ = std::thread::Builder::new().stack_size(STACK_SIZE).spawn_scoped(scope, work);
        }
        work();
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(order, ..)| *order);
    let mut files: Vec<(String, Result<String, String>)> = Vec::with_capacity(done.len());
    let mut done = done.into_iter().peekable();
    while let Some((_, path, in_parts, first)) = done.next() {
        let Some(in_parts) = in_parts else {
            files.push((path, first));
            continue;
        };
        // The file's other parts follow, in order; the first that failed is the file's error.
        let mut parts = vec![first];
        while let Some((.., part)) = done.next_if(|(_, next, ..)| *next == path) {
            parts.push(part);
        }
        let parts: Result<Vec<String>, String> = parts.into_iter().collect();
        let joined = parts.and_then(|parts| match in_parts {
            Parts::Items => Ok(format::join_parts(&parts)),
            Parts::Impl(opening) => format::join_impl_parts(&path, opening, &parts),
        });
        files.push((path, joined));
    }
    files
}

/// How the parts of a file emitted in parts are joined.
#[derive(Debug, Clone, Copy)]
enum Parts {
    /// Items one after the other ([`format::join_parts`]).
    Items,
    /// One `impl` opened by this line ([`format::join_impl_parts`]).
    Impl(&'static str),
}

/// A crate's files as module `crate::<module>` (see [`emit::module`]): paths relative to the
/// module's folder.
fn as_module(files: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .filter_map(|(path, text)| {
            let path = match path.as_str() {
                "src/lib.rs" => "mod.rs".to_string(),
                p => p.strip_prefix("src/")?.to_string(),
            };
            Some((path, text))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// [`Generator::generate`] for a loaded document.
pub(crate) fn generate_document(doc: &load::Document, settings: &CrateSettings) -> Result<Generated, Diagnostics> {
    let (api, warnings) = checked_model(doc)?;
    render_crate(&api, warnings, doc.location(""), settings)
}

/// [`generate_document`] for a document no longer needed once its model is built: it is dropped
/// before the files are emitted and formatted, the stage that needs the most memory.
fn generate_owned(mut doc: load::Document, settings: &CrateSettings) -> Result<Generated, Diagnostics> {
    // Every diagnostic's line and column found at the end, in one walk of the source.
    doc.defer_locations();
    let modelled = checked_and_modelled(&mut doc, settings);
    let (api, mut warnings) = modelled.map_err(|Diagnostics(mut errors)| {
        doc.resolve_locations(&mut errors);
        Diagnostics(errors)
    })?;
    doc.resolve_locations(&mut warnings);
    let at = doc.location("");
    drop(doc);
    stage_end();
    render_crate(&api, warnings, at, settings)
}

/// Stages 2 and 3 of [`generate_owned`], after the selection of operations.
fn checked_and_modelled(doc: &mut load::Document, settings: &CrateSettings) -> Result<(model::Api, Vec<Diagnostic>), Diagnostics> {
    // The operations not selected, and the components only they reach, go first: every later
    // stage costs what the selection costs.
    let (_, mut findings) = select::apply(doc, &settings.selection, false)?;
    findings.extend(check::as_written_findings(doc));
    // The rest of the checks and the model read the parsed document: the one as written can go
    // before its JSON view is made (for a large spec, a hundred megabytes less at the peak).
    doc.drop_raw();
    check::parsed_findings(doc, &mut findings);
    // The model follows few references in the JSON view the checks walked: it is made again for
    // them if there are any (see `Document::forget_json`).
    doc.forget_json();
    stage_end();
    let findings = stop_at_errors(findings)?;
    // The document's path items go as their operations are modelled: the caller is done with
    // them (it keeps the document for the lines and columns of the warnings).
    let (api, mut warnings) = model::build_freeing_paths(doc)?;
    warnings.splice(0..0, findings);
    Ok((api, warnings))
}

/// Stages 2 and 3: the checker's findings (an error stops here) and the model, with every warning.
fn checked_model(doc: &load::Document) -> Result<(model::Api, Vec<Diagnostic>), Diagnostics> {
    let findings = stop_at_errors(check::check(doc))?;
    modelled(doc, findings)
}

/// Stage 2's findings, or the errors among them that stop generation here.
fn stop_at_errors(findings: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Diagnostics> {
    if findings.iter().any(|d| d.severity == Severity::Error) {
        return Err(Diagnostics(findings));
    }
    Ok(findings)
}

/// Stage 3: the model, with the checker's `findings` and the model's warnings after them.
fn modelled(doc: &load::Document, findings: Vec<Diagnostic>) -> Result<(model::Api, Vec<Diagnostic>), Diagnostics> {
    let (api, mut warnings) = model::build(doc)?;
    warnings.splice(0..0, findings);
    Ok((api, warnings))
}

/// Stages 4 and 5: every file of the crate, emitted and formatted (an internal error is
/// reported at `at`, the document).
fn render_crate(api: &model::Api, warnings: Vec<Diagnostic>, at: diagnostic::Location, settings: &CrateSettings) -> Result<Generated, Diagnostics> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (path, result) in render(api, settings) {
        match result {
            Ok(text) => files.push((path, text)),
            Err(message) => errors.push(Diagnostic::error(at.clone(), message)),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    if settings.module.is_some() {
        files = as_module(files);
    }
    Ok(Generated { files, warnings })
}
