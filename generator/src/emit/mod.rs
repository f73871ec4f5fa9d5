//! Stage 4, emit: Rust source (as tokens) and the crate's other files, from the [`Api`] model.
//!
//! One emitter a concern: [`types`] writes `types.rs` (each struct's `Serialize` and
//! `Deserialize` by [`wire`]), [`operations`] one module of request builders per tag, [`crate_root`] `lib.rs`
//! (exports, identity setters), [`manifest`] `Cargo.toml` and `README.md`. The machinery that is the same for every operation is not
//! emitted per operation: it is the fixed code in `runtime/`, copied as it is.

pub mod crate_root;
pub mod docs;
pub mod env;
pub mod examples;
pub mod layout;
pub mod manifest;
pub mod mock;
pub mod module;
pub mod operations;
pub mod types;
pub mod webhooks;
pub mod wire;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Auth, TypeRef};
use crate::naming::RustName;
pub use crate::settings::{CrateSettings, Example};

/// A file of the generated crate, before formatting.
#[derive(Debug, Clone)]
pub enum Output {
    /// Tokens to format into Rust source.
    Tokens(TokenStream),
    /// Tokens to format, then text appended as it is (`lib.rs`'s macro definitions).
    TokensThenText(TokenStream, String),
    /// The runtime's Rust source (`emit/runtime/`), written as it is under the generated header.
    Runtime(String),
    /// Hand-written Rust copied as it is (examples, modules), under its own "copied from" line.
    HandWritten(String),
    /// Text written as it is (manifest, README).
    Text(String),
}

/// The fixed files every crate gets: (path, contents).
const RUNTIME: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("runtime/client.rs")),
    ("src/env.rs", include_str!("runtime/env.rs")),
    ("src/error.rs", include_str!("runtime/error.rs")),
    ("src/request.rs", include_str!("runtime/request.rs")),
    ("src/retry.rs", include_str!("runtime/retry.rs")),
];

/// The typed mocks' machinery (`mock` feature); `src/mock/operations.rs` is emitted.
const MOCK: (&str, &str) = ("src/mock.rs", include_str!("runtime/mock.rs"));

/// The string-enum macro, for crates with enums.
const ENUMS: (&str, &str) = ("src/enums.rs", include_str!("runtime/enums.rs"));

/// The paging runtime, for crates with list operations.
const PAGING: (&str, &str) = ("src/paging.rs", include_str!("runtime/paging.rs"));

/// `Id<R>`, for crates whose spec names resource ids (`x-id-of`).
const ID: (&str, &str) = ("src/id.rs", include_str!("runtime/id.rs"));
/// Server-sent events, for crates with `text/event-stream` responses.
const SSE: (&str, &str) = ("src/sse.rs", include_str!("runtime/sse.rs"));
/// Streams of JSON values, one a line or record, for crates with `application/x-ndjson`,
/// `application/jsonl` or `application/json-seq` responses.
const LINES: (&str, &str) = ("src/lines.rs", include_str!("runtime/lines.rs"));

/// OAuth2 client credentials, for crates whose spec has that flow.
const OAUTH: (&str, &str) = ("src/oauth.rs", include_str!("runtime/oauth.rs"));

/// The one visitor every struct is decoded with (see [`wire`]).
const DE: (&str, &str) = ("src/de.rs", include_str!("runtime/de.rs"));
/// Choosing a union's branch, when the spec has unions.
const UNION: (&str, &str) = ("src/union.rs", include_str!("runtime/union.rs"));
/// Checking webhook requests' signatures, and their errors, for crates with webhooks (feature
/// `webhooks`).
const WEBHOOK: (&str, &str) = ("src/webhook.rs", include_str!("runtime/webhook.rs"));
/// What every struct's `Serialize` shares, and the one `object!` line of each struct (see [`wire`]).
const SER: (&str, &str) = ("src/ser.rs", include_str!("runtime/ser.rs"));

/// A file of the crate to emit. Plain data, so that files can be emitted on several threads
/// (tokens cannot cross threads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum File {
    /// `Cargo.toml`.
    Manifest,
    /// `README.md`.
    Readme,
    /// `src/lib.rs`.
    LibRs,
    /// `src/types.rs`, `src/types/unused.rs` or `src/types/webhooks.rs` (see [`layout::Shelf`]),
    /// or part `part` of `of`: a large spec's shared types are emitted and formatted in parts on
    /// every thread, then joined (see [`crate::format::join_parts`]).
    TypesRs { shelf: layout::Shelf, part: usize, of: usize },
    /// `src/operations/mod.rs`.
    OperationsMod,
    /// `src/operations/<module>.rs`, with its number of operations.
    OperationsModule(RustName, usize),
    /// `src/mock/operations.rs`: the mock's method per operation; or part `part` of `of`, a share
    /// of the operations (a large spec's file is emitted and formatted in parts on every thread,
    /// then joined: see [`crate::format::join_impl_parts`]).
    MockOperations { part: usize, of: usize },
    /// `src/webhooks.rs`: the webhooks' `Event` (feature `webhooks`).
    Webhooks,
    /// A runtime file (`emit/runtime/`), the same in every crate.
    Runtime(&'static str),
    /// A copied example, by index in [`CrateSettings::examples`].
    Example(usize),
    /// A copied hand-written module, by index in [`CrateSettings::modules`].
    Module(usize),
}

impl File {
    /// A rough cost, to emit the largest files first.
    pub fn cost(&self, api: &Api) -> usize {
        match self {
            File::TypesRs { of, .. } => api.types.len() * 2 / of,
            File::MockOperations { of, .. } => api.operations.len() / of,
            File::OperationsModule(_, n) => n * 3,
            File::LibRs | File::Readme => 2,
            _ => 1,
        }
    }

    /// Emits the file.
    pub fn render(&self, layout: &layout::Layout<'_>, settings: &CrateSettings) -> Output {
        let api = layout.api();
        match self {
            File::Manifest => Output::Text(manifest::cargo_toml(api, settings, layout.unused_count())),
            File::Readme => Output::Text(manifest::readme(api, settings, layout.unused_count())),
            File::LibRs => Output::TokensThenText(crate_root::lib_rs(layout, settings), crate_root::call_options_macro(api)),
            File::TypesRs { shelf, part, of } => Output::Tokens(types::types_rs(layout, *shelf, *part, *of)),
            File::OperationsMod => Output::Tokens(operations::mod_rs(api)),
            File::OperationsModule(module, _) => Output::Tokens(operations::module_rs(layout, module, &examples::Target::of(settings))),
            File::MockOperations { part, of } => Output::Tokens(mock::operations_rs(layout, *part, *of)),
            File::Webhooks => Output::Tokens(webhooks::webhooks_rs(layout, settings)),
            File::Runtime(text) => Output::Runtime(text.to_string()),
            File::Example(i) | File::Module(i) => {
                let example = if matches!(self, File::Module(_)) { &settings.modules[*i] } else { &settings.examples[*i] };
                Output::HandWritten(format!(
                    "// Copied from {} by openapi-rs-generator: edit it there and regenerate.\n\n{}",
                    example.source_display, example.code
                ))
            }
        }
    }
}

/// Every file of the crate, by path relative to its root, in a stable order.
pub fn plan(layout: &layout::Layout<'_>, settings: &CrateSettings) -> Vec<(String, File)> {
    let api = layout.api();
    let mut files = vec![
        ("Cargo.toml".to_string(), File::Manifest),
        ("README.md".to_string(), File::Readme),
        ("src/lib.rs".to_string(), File::LibRs),
        ("src/operations/mod.rs".to_string(), File::OperationsMod),
    ];
    use layout::Shelf;
    for (path, shelf) in [("src/types.rs", Shelf::Used), ("src/types/unused.rs", Shelf::Unused), ("src/types/webhooks.rs", Shelf::Webhooks)] {
        if (shelf == Shelf::Unused && !layout.has_unused()) || (shelf == Shelf::Webhooks && !layout.has_webhook_types()) {
            continue;
        }
        let of = layout.shelf(shelf).count().div_ceil(TYPES_PER_PART).clamp(1, MAX_PARTS);
        files.extend((0..of).map(|part| (path.to_string(), File::TypesRs { shelf, part, of })));
    }
    for (module, count) in operations::module_names(api) {
        files.push((format!("src/operations/{}.rs", module.as_str()), File::OperationsModule(module, count)));
    }
    for (path, text) in RUNTIME {
        files.push((path.to_string(), File::Runtime(text)));
    }
    files.push((MOCK.0.to_string(), File::Runtime(MOCK.1)));
    let of = api.operations.len().div_ceil(OPERATIONS_PER_MOCK_PART).clamp(1, MAX_PARTS);
    files.extend((0..of).map(|part| ("src/mock/operations.rs".to_string(), File::MockOperations { part, of })));
    if needs_paging(api) {
        files.push((PAGING.0.to_string(), File::Runtime(PAGING.1)));
    }
    if needs_enums(api) {
        files.push((ENUMS.0.to_string(), File::Runtime(ENUMS.1)));
    }
    if needs_de(layout) {
        files.push((DE.0.to_string(), File::Runtime(DE.1)));
    }
    if needs_ser(api) {
        files.push((SER.0.to_string(), File::Runtime(SER.1)));
    }
    if needs_unions(api) || needs_webhooks(api) {
        files.push((UNION.0.to_string(), File::Runtime(UNION.1)));
    }
    if needs_webhooks(api) {
        files.push((WEBHOOK.0.to_string(), File::Runtime(WEBHOOK.1)));
        files.push(("src/webhooks.rs".to_string(), File::Webhooks));
    }
    if needs_ids(api) {
        files.push((ID.0.to_string(), File::Runtime(ID.1)));
    }
    if needs_sse(api) {
        files.push((SSE.0.to_string(), File::Runtime(SSE.1)));
    }
    if needs_lines(api) {
        files.push((LINES.0.to_string(), File::Runtime(LINES.1)));
    }
    if needs_oauth(api) {
        files.push((OAUTH.0.to_string(), File::Runtime(OAUTH.1)));
    }
    for (i, example) in settings.examples.iter().enumerate() {
        files.push((format!("examples/{}", example.name), File::Example(i)));
    }
    for (i, module) in settings.modules.iter().enumerate() {
        files.push((format!("src/{}", module.name), File::Module(i)));
    }
    // By path; the parts of `types.rs` stay in order.
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// How many shared types one part of `types.rs` holds at most (unless there would be more than
/// [`MAX_PARTS`]): small enough that the tokens of a large spec's types are never all in
/// memory at once, and that two threads share them evenly.
const TYPES_PER_PART: usize = 250;
/// How many operations' methods one part of `src/mock/operations.rs` holds at most (unless there
/// would be more than [`MAX_PARTS`]), for the same reasons: a Graph-sized spec's whole file
/// (285,000 lines) took 330 MB of tokens and syntax tree at once, on one thread.
const OPERATIONS_PER_MOCK_PART: usize = 500;
/// The most parts a file is emitted in.
const MAX_PARTS: usize = 32;

/// Whether any operation pages.
pub fn needs_paging(api: &Api) -> bool {
    api.operations.iter().any(|op| op.pagination.is_some())
}

/// Whether any operation answers with server-sent events.
pub fn needs_sse(api: &Api) -> bool {
    api.operations.iter().any(|op| op.response.event_stream)
}

/// Whether any operation answers with a stream of JSON values, one a line or record.
pub fn needs_lines(api: &Api) -> bool {
    api.operations.iter().any(|op| op.response.json_lines)
}

/// Whether the crate has string enums.
pub fn needs_enums(api: &Api) -> bool {
    api.types.iter().any(|t| matches!(t.kind, crate::model::TypeKind::Enum { .. }))
}

/// Whether the crate needs the runtime's `ser.rs`: it has structs (each is written by it).
pub fn needs_ser(api: &Api) -> bool {
    api.types.iter().any(|t| matches!(t.kind, crate::model::TypeKind::Struct { .. }))
}

/// Whether the crate has unions (each is decoded by the runtime's `union.rs`).
pub fn needs_unions(api: &Api) -> bool {
    api.types.iter().any(|t| matches!(t.kind, crate::model::TypeKind::Union { .. }))
}

/// Whether the spec has webhooks: the crate gets the `webhooks` module and feature.
pub fn needs_webhooks(api: &Api) -> bool {
    !api.webhooks.is_empty()
}

/// Whether the crate needs the runtime's `de.rs`: a struct is decoded (every struct but the
/// bodies only a builder fills in).
pub fn needs_de(layout: &layout::Layout<'_>) -> bool {
    layout.api().types.iter().any(|t| matches!(t.kind, crate::model::TypeKind::Struct { .. }) && !layout.is_hidden(t.name.as_str()))
}

/// Whether the spec names resource ids (`x-id-of`): the crate gets `Id<R>`.
pub fn needs_ids(api: &Api) -> bool {
    api.types.iter().any(|t| matches!(t.kind, crate::model::TypeKind::Alias(TypeRef::Id(_))))
}

/// Whether the crate needs base64 (HTTP basic authentication).
pub fn needs_base64(api: &Api) -> bool {
    api.auth.contains(&Auth::Basic) || needs_oauth(api)
}

/// Whether the spec has an OAuth2 client credentials flow (runtime `oauth.rs`).
pub fn needs_oauth(api: &Api) -> bool {
    api.auth.iter().any(|a| matches!(a, Auth::OAuth2ClientCredentials { .. }))
}

/// The identifier of one of the generator's own words (`GET`, a hand-written module's file
/// name): never a name from the spec, which is a [`RustName`] and its
/// own tokens.
pub fn ident(word: &str) -> Ident {
    Ident::new(word, Span::call_site())
}

/// The Rust type for `ty`, with named types by their path from where `paths` stands.
pub fn type_tokens(ty: &TypeRef, prefix: &layout::Paths) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Named(name) => prefix.named(name),
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(Box<#inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(Option<#inner>)
        }
        TypeRef::Bytes => quote!(bytes::Bytes),
        TypeRef::Id(name) => {
            let resource = prefix.named(name);
            quote!(crate::Id<#resource>)
        }
    }
}
