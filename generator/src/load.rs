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

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use yaml_rust2::parser::{Event, Parser};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::openapi::pointer;

pub mod bundle;

/// Line and column of every node by JSON pointer.
type NodeIndex = std::collections::HashMap<String, (usize, usize)>;

/// A loaded spec: its source text and the parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it was read from (as the user named it).
    pub path: PathBuf,
    /// The source text.
    pub source: String,
    /// The parsed document (for a spec in several files, all of them bundled into one).
    pub api: OpenAPI,
    /// Line and column of every node by JSON pointer, built on the first [`Document::location`]
    /// (one walk of the source however many findings there are).
    index: std::sync::OnceLock<NodeIndex>,
    /// For a spec in several files: the other files and where each part of the bundle came from.
    others: Vec<(bundle::SourceFile, std::sync::OnceLock<NodeIndex>)>,
    origins: Vec<bundle::Origin>,
    /// The bundle as written (references made local), when there are other files.
    bundled: Option<serde_json::Value>,
    /// The document as written, read once: see [`Document::raw`].
    raw: std::sync::OnceLock<Option<serde_json::Value>>,
    /// The parsed document as JSON, made once: see [`Document::json`].
    json: std::sync::OnceLock<serde_json::Value>,
}

impl Document {
    /// A document read from one file.
    fn single(path: &Path, source: String, api: OpenAPI) -> Self {
        Document {
            path: path.to_path_buf(),
            source,
            api,
            index: Default::default(),
            others: Vec::new(),
            origins: Vec::new(),
            bundled: None,
            raw: Default::default(),
            json: Default::default(),
        }
    }

    /// The file that `pointer` (into the document as bundled) was written in, as the index of
    /// `others` (`None` for the root file), and the pointer there.
    fn place(&self, pointer: &str) -> (Option<usize>, String) {
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
    fn file_of(&self, pointer: &str) -> (&Path, &str, &NodeIndex, String) {
        match self.place(pointer) {
            (Some(i), there) => {
                let (file, index) = &self.others[i];
                (&file.path, &file.source, index.get_or_init(|| node_index(&file.source)), there)
            }
            (None, here) => (&self.path, &self.source, self.index.get_or_init(|| node_index(&self.source)), here),
        }
    }

    /// The location of `pointer` in this document, with line and column when the source has them.
    /// In a spec of several files, the location is in the file the node was written in.
    ///
    /// A pointer to something absent (a missing `required` key, say) is placed at the nearest
    /// node above it that exists.
    pub fn location(&self, pointer: &str) -> Location {
        let (file, _, index, pointer) = self.file_of(pointer);
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

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<Document, Diagnostics> {
    let source = std::fs::read_to_string(path).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(Location::pointer(path, ""), format!("cannot read the spec: {e}"))
            .help("check the path given with --spec or in spec/clients.toml")])
    })?;
    parse(path, source)
}

/// Parses `source` as the spec named `path` (YAML, or JSON when the file name ends in `.json`);
/// files it references are read from disk, relative to `path`.
pub fn parse(path: &Path, source: String) -> Result<Document, Diagnostics> {
    parse_with(path, source, &bundle::read_from_disk)
}

/// Like [`parse`], with the files it references read by `read`.
pub fn parse_with(path: &Path, source: String, read: &bundle::Reader<'_>) -> Result<Document, Diagnostics> {
    let is_json = is_json(path);
    // What the parsers would lose without a word (and what makes `openapiv3` panic: it parses a
    // failing value twice, once from a copy that has lost these, and expects the same failure).
    let (lost, unreadable) = lossy_values(path, &source, is_json);
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
        if let Some(raw) = raw_value(&source, is_json).filter(bundle::has_external_refs) {
            return parse_bundle(path, source, raw, read);
        }
    }
    let result = if is_json {
        let mut de = serde_json::Deserializer::from_str(&source);
        serde_path_to_error::deserialize::<_, OpenAPI>(&mut de).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner();
            let line_col = (inner.line() > 0).then(|| (inner.line(), inner.column().max(1)));
            (pointer, line_col, strip_position(&inner.to_string()))
        })
    } else {
        let de = serde_yaml::Deserializer::from_str(&source);
        serde_path_to_error::deserialize::<_, OpenAPI>(de).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner();
            let line_col = inner.location().map(|l| (l.line(), l.column()));
            (pointer, line_col, strip_position(&inner.to_string()))
        })
    };
    match result {
        Ok(api) => Ok(Document::single(path, source, api)),
        Err((pointer, line_col, message)) => {
            let diagnostic = match syntax_error(&source, is_json) {
                Some((syntax_line_col, message)) => {
                    // serde_yaml stops at the last node it could read (the `[` left open, say):
                    // a better place than the end of the file where the parser gave up.
                    let line_col = if is_json { syntax_line_col } else { line_col.or(syntax_line_col) };
                    let help = if is_json {
                        json_syntax_help(&message)
                    } else {
                        yaml_syntax_help(&source, &message, line_col)
                    };
                    Diagnostic::error(
                        Location { file: path.to_path_buf(), pointer: syntax_pointer(&source, is_json, &pointer), line_col },
                        format!("invalid {}: {message}", if is_json { "JSON" } else { "YAML" }),
                    )
                    .help(help)
                }
                None => shape_error(path, &source, is_json, pointer, line_col, &message),
            };
            Err(Diagnostics(vec![diagnostic]))
        }
    }
}

/// A spec whose `$ref`s reach into other files: bundled into one document, then read.
fn parse_bundle(path: &Path, source: String, raw: serde_json::Value, read: &bundle::Reader<'_>) -> Result<Document, Diagnostics> {
    let parse_other = |path: &Path, source: &str| -> Result<serde_json::Value, Diagnostics> {
        let is_json = is_json(path);
        let (lost, _) = lossy_values(path, source, is_json);
        if !lost.is_empty() {
            return Err(Diagnostics(lost));
        }
        if let Some((line_col, message)) = syntax_error(source, is_json) {
            return Err(Diagnostics(vec![syntax_diagnostic(path, source, is_json, line_col, &message)]));
        }
        raw_value(source, is_json).ok_or_else(|| Diagnostics(vec![Diagnostic::error(Location::pointer(path, ""), "cannot read this file").help("check that it is YAML or JSON")]))
    };
    let bundled = bundle::bundle(path, &source, raw, read, &parse_other)?;
    let mut doc = Document::single(path, source, OpenAPI::default());
    doc.others = bundled.files.into_iter().map(|f| (f, Default::default())).collect();
    doc.origins = bundled.origins;
    match serde_path_to_error::deserialize::<_, OpenAPI>(&bundled.value) {
        Ok(api) => {
            doc.api = api;
            doc.bundled = Some(bundled.value);
            Ok(doc)
        }
        Err(e) => {
            let pointer = path_to_pointer(e.path());
            let message = strip_serde_path(&strip_position(&e.into_inner().to_string())).to_string();
            let (pointer, message) = narrow(&bundled.value, pointer, message);
            let (message, help) = explain(&pointer, &message, bundled.value.pointer(&pointer));
            Err(Diagnostics(vec![Diagnostic::error(doc.location(&pointer), format!("invalid OpenAPI document: {message}")).help(help)]))
        }
    }
}

/// A syntax error at `line_col`, with what to do about it.
fn syntax_diagnostic(path: &Path, source: &str, is_json: bool, line_col: Option<(usize, usize)>, message: &str) -> Diagnostic {
    let help = if is_json { json_syntax_help(message) } else { yaml_syntax_help(source, message, line_col) };
    let location = Location { file: path.to_path_buf(), pointer: syntax_pointer(source, is_json, ""), line_col };
    Diagnostic::error(location, format!("invalid {}: {message}", if is_json { "JSON" } else { "YAML" })).help(help)
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The syntax error in `source`, if there is one: its line and column and serde's message.
fn syntax_error(source: &str, is_json: bool) -> Option<(Option<(usize, usize)>, String)> {
    if is_json {
        let e = serde_json::from_str::<serde_json::Value>(source).err()?;
        let line_col = (e.line() > 0).then(|| (e.line(), e.column().max(1)));
        Some((line_col, strip_position(&e.to_string())))
    } else {
        let e = serde_yaml::from_str::<serde::de::IgnoredAny>(source).err()?;
        let line_col = e.location().map(|l| (l.line(), l.column())).or_else(|| {
            // "more than one document": point at the second document's `---`.
            let mut seen_content = false;
            source.lines().enumerate().find_map(|(i, line)| {
                if line.starts_with("---") && seen_content {
                    return Some((i + 1, 1));
                }
                seen_content |= !line.trim().is_empty() && !line.starts_with('#') && !line.starts_with("---") && !line.starts_with('%');
                None
            })
        });
        Some((line_col, strip_serde_path(&strip_position(&e.to_string())).to_string()))
    }
}

/// The pointer of the node a syntax error is in: serde's path as far as it got (for YAML, from
/// the document parsed up to the error; for JSON, from a plain parse, not the OpenAPI one).
fn syntax_pointer(source: &str, is_json: bool, openapi_pointer: &str) -> String {
    if !is_json {
        return openapi_pointer.to_string();
    }
    let mut de = serde_json::Deserializer::from_str(source);
    match serde_path_to_error::deserialize::<_, serde_json::Value>(&mut de) {
        Ok(_) => String::new(),
        Err(e) => path_to_pointer(e.path()),
    }
}

fn yaml_syntax_help(source: &str, message: &str, line_col: Option<(usize, usize)>) -> String {
    let line = line_col.and_then(|(l, _)| source.lines().nth(l.saturating_sub(1))).unwrap_or("");
    let line_no = line_col.map_or(0, |(l, _)| l);
    // A line before the error with an odd number of `"`: a string left open.
    let open_quote = (line_no.saturating_sub(3).max(1)..=line_no)
        .rev()
        .find(|&l| source.lines().nth(l - 1).is_some_and(|text| text.matches('"').count() % 2 == 1));
    if line.trim_start_matches(' ').starts_with('\t') || (message.contains("cannot start any token") && line.contains('\t')) {
        "YAML does not allow tabs for indentation: indent with spaces".into()
    } else if message.contains("more than one document") {
        "a spec file holds one YAML document: remove this `---` and what follows, or split the file in two".into()
    } else if message.contains("unknown anchor") {
        "this alias (`*name`) has no anchor (`&name`) before it: define the anchor first, or write the value out".into()
    } else if message.contains("found unexpected end of stream") && message.contains("quoted scalar") || message.contains("while scanning a quoted scalar") {
        "a quoted string is not closed: add the closing quote".into()
    } else if let (Some(l), true) = (open_quote, message.contains("did not find expected key") || message.contains("quoted scalar")) {
        format!("the string opened with `\"` on line {l} is not closed on that line: add the closing `\"`")
    } else if message.contains("mapping values are not allowed") {
        "a value contains `: `: quote it (`\"a: b\"`), or check the indentation of this key".into()
    } else if message.contains("did not find expected node content") || message.contains("did not find expected ',' or") {
        "a `[` or `{` is not closed, or a value is missing: close the bracket or write the value".into()
    } else {
        "fix the YAML syntax at this line and column (indentation, brackets, quotes)".into()
    }
}

fn json_syntax_help(message: &str) -> String {
    if message.starts_with("trailing comma") {
        "JSON does not allow a comma after the last member: remove it".into()
    } else if message.starts_with("key must be a string") {
        "JSON object keys are double-quoted strings, and JSON has no comments: quote the key or remove the comment or stray comma".into()
    } else if message.starts_with("EOF while parsing") {
        "the document ends early: close every `{` and `[`".into()
    } else if message.starts_with("expected value") {
        "a value is missing or not valid JSON here (strings take double quotes; no `undefined`, no single quotes)".into()
    } else if message.starts_with("trailing characters") {
        "there is text after the end of the document: remove it, or wrap everything in one `{...}`".into()
    } else if message.starts_with("recursion limit exceeded") {
        "the document nests more than 128 levels deep: move nested schemas into `components/schemas` and use `$ref`".into()
    } else {
        "fix the JSON syntax at this line and column".into()
    }
}

/// A document that parses but is not an OpenAPI 3.0 document: find the node that is wrong.
///
/// serde's path stops early where `openapiv3` buffers a value (the untagged `ReferenceOr`, the
/// flattened `paths` and `responses` maps, the tagged parameters): the error is then somewhere
/// below that point. [`refine`] re-validates that subtree, node by node, to find the exact one.
fn shape_error(path: &Path, source: &str, is_json: bool, pointer: String, line_col: Option<(usize, usize)>, message: &str) -> Diagnostic {
    let mut message = strip_serde_path(message).to_string();
    let mut pointer = pointer;
    let raw = raw_value(source, is_json);
    if let Some(raw) = &raw {
        if raw.is_null() {
            return Diagnostic::error(Location { file: path.to_path_buf(), pointer: String::new(), line_col: Some((1, 1)) }, "the document is empty")
                .help("write an OpenAPI 3.0 document: `openapi: 3.0.3`, `info: {title: ..., version: ...}` and `paths: {}` at least");
        }
        if !message.starts_with("recursion limit") {
            (pointer, message) = narrow(raw, pointer, message);
        }
    }
    if message.starts_with("recursion limit") {
        // The full pointer is 128 levels long: point at the top of the nest instead.
        pointer = pointer.split('/').take(4).collect::<Vec<_>>().join("/");
    }
    let line_col = if message.starts_with("recursion limit") { line_col } else { locate(source, &pointer).or(line_col) };

    let found = raw.as_ref().and_then(|r| r.pointer(&pointer));
    let (message, help) = explain(&pointer, &message, found);
    Diagnostic::error(Location { file: path.to_path_buf(), pointer, line_col }, format!("invalid OpenAPI document: {message}")).help(help)
}

/// Where serde's path stopped early (a buffered value), the node below `pointer` that gives the
/// same `message`; else `pointer` as it is.
fn narrow(raw: &serde_json::Value, pointer: String, message: String) -> (String, String) {
    match refine(raw, &pointer) {
        Some((refined, refined_message)) if refined_message == message => (refined, refined_message),
        _ => (pointer, message),
    }
}

/// serde_yaml puts the path it knows in front of its message (`paths: invalid type: ...`); we print
/// the pointer ourselves.
fn strip_serde_path(message: &str) -> &str {
    const STARTS: &[&str] = &[
        "invalid type",
        "invalid value",
        "invalid length",
        "unknown variant",
        "unknown field",
        "missing field",
        "duplicate field",
        "data did not match",
        "recursion limit",
        "duplicate entry",
        "repetition limit",
    ];
    let mut at = 0;
    while let Some(i) = message[at..].find(": ") {
        let rest = &message[at + i + 2..];
        if STARTS.iter().any(|s| rest.starts_with(s)) {
            return rest;
        }
        at += i + 2;
    }
    message
}

/// What a serde message means for an OpenAPI author: the message, reworded, and what to do.
fn explain(pointer: &str, message: &str, found: Option<&serde_json::Value>) -> (String, String) {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(pointer::unescape).collect();
    let last = tokens.last().cloned().unwrap_or_default();
    // How to name the node in a sentence.
    let node = match &tokens[..] {
        [] => "the document".to_string(),
        [.., parent, index] if index.parse::<usize>().is_ok() => format!("item {index} of `{parent}`"),
        [.., key] => format!("`{key}`"),
    };
    let is_param_in = last == "in" && pointer.contains("/parameters/");
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if is_param_in && rest.starts_with("`body`") {
            return (
                "`in: body` is a Swagger 2.0 parameter; OpenAPI 3.0 has no body parameters".into(),
                "remove the parameter and describe the body under the operation's `requestBody: {content: {application/json: {schema: ...}}}`".into(),
            );
        }
        if is_param_in && rest.starts_with("`formData`") {
            return (
                "`in: formData` is a Swagger 2.0 parameter; OpenAPI 3.0 has no form parameters".into(),
                "describe the form under `requestBody: {content: {application/x-www-form-urlencoded: {schema: ...}}}`".into(),
            );
        }
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ");
        return (format!("{node} is {value}, which is not one of {expected}"), format!("use one of {expected} (spelling and case matter)"));
    }
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
        let help = match field {
            "openapi" if pointer.is_empty() => {
                let swagger = found.and_then(|f| f.get("swagger")).is_some();
                if swagger {
                    "this is a Swagger 2.0 document: convert it to OpenAPI 3.0 first (e.g. with swagger2openapi or the Swagger Editor's converter)".into()
                } else {
                    "this does not look like an OpenAPI 3.0 document: it needs `openapi: 3.0.x` at the top (Swagger 2.0 documents must be converted first)".into()
                }
            }
            "info" if pointer.is_empty() => "add `info: {title: ..., version: ...}` at the top level (the API's name and version)".into(),
            "paths" if pointer.is_empty() => "add `paths:` with the API's paths at the top level (`paths: {}` if there are none)".into(),
            "version" if pointer == "/info" => "add the API's version to `info`, e.g. `version: '1.0'`".into(),
            "title" if pointer == "/info" => "add the API's name to `info`, e.g. `title: Pet Store`".into(),
            "in" => "add `in: query`, `in: path`, `in: header` or `in: cookie` to this parameter".into(),
            "name" => "add the parameter's `name`".into(),
            "responses" => "add `responses:` with at least one status code, e.g. `responses: {'200': {description: OK}}`".into(),
            "description" => "add a `description` (responses must have one, even a short one)".into(),
            "type" => "add the security scheme's `type`: `apiKey`, `http`, `oauth2` or `openIdConnect`".into(),
            _ => format!("add the required field `{field}` here (see the OpenAPI 3.0 specification for this object)"),
        };
        return (format!("{node} is missing the required field `{field}`"), help);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        let (what, help) = expected_help(expected, &last, &node);
        return (format!("{node} should be {what}, not {}", found_text(got)), help);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, "another value"));
        return (format!("{node} is {}, expected {expected}", found_text(got)), format!("change {node} to {expected}"));
    }
    if let Some(field) = message.strip_prefix("duplicate field `").and_then(|m| m.split('`').next()) {
        return (
            format!("{node} has `{field}` twice"),
            format!("keep one `{field}:` (merge the two if both hold something needed)"),
        );
    }
    if message.starts_with("data did not match any variant of untagged enum AdditionalProperties") {
        return (
            "`additionalProperties` should be `true`, `false` or a schema".into(),
            "write `additionalProperties: true`, `false`, or a schema such as `{type: string}`".into(),
        );
    }
    if message.starts_with("recursion limit exceeded") {
        return (
            "the document nests more than 128 levels deep".into(),
            "move nested schemas into `components/schemas` and refer to them with `$ref`".into(),
        );
    }
    if message.starts_with("repetition limit exceeded") {
        return (
            "YAML aliases expand to too large a document".into(),
            "write the repeated parts with fewer nested aliases (`*name`), or refer to components with `$ref`".into(),
        );
    }
    (message.to_string(), "fix the value at this pointer so that it matches the OpenAPI 3.0 schema for it".into())
}

/// serde's name for what it found, for a sentence ("sequence" → "a list").
fn found_text(got: &str) -> String {
    match got {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "unit value" => "empty (null)".into(),
        g if g.starts_with("string ") => format!("the string {}", &g[7..]),
        g if g.starts_with("integer ") || g.starts_with("floating point ") => format!("the number {}", g.rsplit(' ').next().unwrap_or(g)),
        g if g.starts_with("boolean ") => g[8..].to_string(),
        g => g.to_string(),
    }
}

fn expected_help(expected: &str, last: &str, key: &str) -> (String, String) {
    if last == "type" && expected == "a string" {
        return (
            "one type name".into(),
            "in OpenAPI 3.0 `type` is one of string, number, integer, boolean, array, object; a list such as `[string, 'null']` is OpenAPI 3.1: write `type: string` and `nullable: true`".into(),
        );
    }
    match expected {
        "struct OpenAPI" => (
            "a mapping (an OpenAPI object)".into(),
            "the document must be a mapping with `openapi: 3.0.x`, `info` and `paths` at the top level".into(),
        ),
        "struct Schema" | "struct Box<Schema>" => (
            "a schema".into(),
            format!("write a schema mapping for {key}, e.g. `{{type: string}}`, or a reference `{{$ref: '#/components/schemas/Name'}}`"),
        ),
        "a sequence" => ("a list".into(), format!("write {key} as a list: `[a, b]`, or one `- item` per line")),
        "a map" | "a YAML mapping" => ("a mapping".into(), format!("write {key} as a mapping: `name: value` pairs, indented under it")),
        "a string" => ("a string".into(), format!("write {key} as text (quote it if it looks like a number or contains `: `)")),
        "a boolean" => ("a boolean".into(), format!("write `{last}: true` or `{last}: false`")),
        "a sequence or a map" => ("a list or a mapping".into(), format!("write {key} as a list or a mapping")),
        e if e.starts_with("struct ") || e.starts_with("internally tagged enum ") => {
            let name = e.rsplit(' ').next().unwrap_or(e);
            (
                format!("a {name} object (a mapping)"),
                format!("write {key} as a {name} object: a mapping with the fields the OpenAPI 3.0 specification lists for it"),
            )
        }
        e => (e.to_string(), format!("write {key} as {e}")),
    }
}

/// The source as a plain JSON value (YAML mapping keys become strings), for re-validation and
/// for checks that need keys `openapiv3` drops. `None` when it does not parse (duplicate keys, say).
pub fn raw_value(source: &str, is_json: bool) -> Option<serde_json::Value> {
    if is_json {
        serde_json::from_str(source).ok()
    } else {
        let value: serde_yaml::Value = serde_yaml::from_str(source).ok()?;
        Some(yaml_to_json(value))
    }
}

impl Document {
    /// The document as written, as a JSON value (see [`raw_value`]), with the keys `openapiv3`
    /// drops; read on first use, once.
    pub fn raw(&self) -> Option<&serde_json::Value> {
        self.raw
            .get_or_init(|| match &self.bundled {
                Some(bundled) => Some(bundled.clone()),
                None => raw_value(&self.source, is_json(&self.path)),
            })
            .as_ref()
    }

    /// The parsed document as JSON: what JSON pointers and references are resolved against by
    /// every stage. Made on first use, once.
    pub fn json(&self) -> &serde_json::Value {
        self.json.get_or_init(|| serde_json::to_value(&self.api).unwrap_or(serde_json::Value::Null))
    }
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

/// The kinds of OpenAPI objects whose values `openapiv3` buffers (so serde loses the path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    OpenApi,
    Paths,
    PathItem,
    Operation,
    Callback,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Encoding,
    Schema,
    Components,
    SecurityScheme,
    Example,
    Link,
    AdditionalProperties,
}

/// How a child holds its kind: itself, or as every value of a mapping or item of a list.
#[derive(Debug, Clone, Copy)]
enum Shape {
    One,
    Map,
    List,
}

/// A child slot of an object: `(kind, shape, may be a $ref)`.
type Slot = (Kind, Shape, bool);

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn slot(kind: Kind, key: &str) -> Option<Slot> {
    use Kind::*;
    use Shape::*;
    Some(match (kind, key) {
        (OpenApi, "paths") => (Paths, One, false),
        (OpenApi, "components") => (Components, One, false),
        (Paths, k) if k.starts_with('/') => (PathItem, One, true),
        (Callback, _) => (PathItem, One, false),
        (PathItem, k) if METHODS.contains(&k) => (Operation, One, false),
        (PathItem | Operation, "parameters") => (Parameter, List, true),
        (Operation, "requestBody") => (RequestBody, One, true),
        (Operation, "responses") => (Responses, One, false),
        (Operation, "callbacks") => (Callback, Map, true),
        (Responses, k) if k == "default" || is_status_code(k) => (Response, One, true),
        (Response, "headers") | (Encoding, "headers") => (Header, Map, true),
        (Response | RequestBody | Parameter | Header, "content") => (MediaType, Map, false),
        (Response, "links") => (Link, Map, true),
        (MediaType | Parameter | Header, "schema") => (Schema, One, true),
        (MediaType | Parameter | Header, "examples") => (Example, Map, true),
        (MediaType, "encoding") => (Encoding, Map, false),
        (Schema, "properties") => (Schema, Map, true),
        (Schema, "items" | "not") => (Schema, One, true),
        (Schema, "additionalProperties") => (AdditionalProperties, One, true),
        (AdditionalProperties, k) => return slot(Schema, k),
        (Schema, "allOf" | "oneOf" | "anyOf") => (Schema, List, true),
        (Components, "schemas") => (Schema, Map, true),
        (Components, "responses") => (Response, Map, true),
        (Components, "parameters") => (Parameter, Map, true),
        (Components, "examples") => (Example, Map, true),
        (Components, "requestBodies") => (RequestBody, Map, true),
        (Components, "headers") => (Header, Map, true),
        (Components, "securitySchemes") => (SecurityScheme, Map, true),
        (Components, "links") => (Link, Map, true),
        (Components, "callbacks") => (Callback, Map, true),
        _ => return None,
    })
}

fn is_status_code(key: &str) -> bool {
    serde_json::from_value::<openapiv3::StatusCode>(serde_json::Value::String(key.to_string())).is_ok()
}

/// Deserializes `value` as `kind`: `Err((path below value, message))` if it is not one.
fn validate(kind: Kind, value: &serde_json::Value) -> Result<(), (String, String)> {
    fn run<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<(), (String, String)> {
        serde_path_to_error::deserialize::<_, T>(value).map(drop).map_err(|e| (path_to_pointer(e.path()), e.into_inner().to_string()))
    }
    use openapiv3 as o;
    match kind {
        Kind::OpenApi => run::<o::OpenAPI>(value),
        Kind::Paths => run::<o::Paths>(value),
        Kind::PathItem => run::<o::PathItem>(value),
        Kind::Operation => run::<o::Operation>(value),
        Kind::Callback => run::<o::Callback>(value),
        Kind::Parameter => run::<o::Parameter>(value),
        Kind::RequestBody => run::<o::RequestBody>(value),
        Kind::Responses => run::<o::Responses>(value),
        Kind::Response => run::<o::Response>(value),
        Kind::Header => run::<o::Header>(value),
        Kind::MediaType => run::<o::MediaType>(value),
        Kind::Encoding => run::<o::Encoding>(value),
        Kind::Schema => run::<o::Schema>(value),
        Kind::Components => run::<o::Components>(value),
        Kind::SecurityScheme => run::<o::SecurityScheme>(value),
        Kind::Example => run::<o::Example>(value),
        Kind::Link => run::<o::Link>(value),
        Kind::AdditionalProperties => run::<o::AdditionalProperties>(value),
    }
}

/// The exact node below `pointer` (where serde stopped) that is not what OpenAPI expects there,
/// with serde's message for it.
fn refine(raw: &serde_json::Value, pointer: &str) -> Option<(String, String)> {
    // Which slot is `pointer`? Walk the grammar down from the root.
    let mut at: Slot = (Kind::OpenApi, Shape::One, false);
    let mut in_container = false;
    let tokens: Vec<String> = if pointer.is_empty() { Vec::new() } else { pointer.strip_prefix('/')?.split('/').map(pointer::unescape).collect() };
    for token in &tokens {
        if in_container {
            in_container = false;
            at.1 = Shape::One;
            continue;
        }
        at = slot(at.0, token)?;
        in_container = !matches!(at.1, Shape::One);
    }
    let value = raw.pointer(pointer)?;
    slot_error(value, at, pointer, 0)
}

fn slot_error(value: &serde_json::Value, (kind, shape, refable): Slot, pointer: &str, depth: usize) -> Option<(String, String)> {
    if depth > 64 {
        return None;
    }
    match shape {
        Shape::One => node_error(value, kind, refable, pointer, depth),
        Shape::Map => value.as_object()?.iter().find_map(|(k, v)| node_error(v, kind, refable, &pointer::join(pointer, k), depth)),
        Shape::List => value.as_array()?.iter().enumerate().find_map(|(i, v)| node_error(v, kind, refable, &format!("{pointer}/{i}"), depth)),
    }
}

fn node_error(value: &serde_json::Value, kind: Kind, refable: bool, pointer: &str, depth: usize) -> Option<(String, String)> {
    if refable && value.get("$ref").is_some_and(serde_json::Value::is_string) {
        return None;
    }
    let (path, message) = validate(kind, value).err()?;
    // A child that is wrong itself?
    if let Some(map) = value.as_object() {
        for (key, child) in map {
            if let Some(slot) = slot(kind, key) {
                if let Some(found) = slot_error(child, slot, &pointer::join(pointer, key), depth + 1) {
                    return Some(found);
                }
            }
        }
    }
    // No: the error is in this node, at serde's path, or at the one field without which it is valid.
    if !path.is_empty() {
        return Some((format!("{pointer}{path}"), message));
    }
    if let (Some(map), false) = (value.as_object(), message.starts_with("missing field")) {
        let culprits: Vec<&String> = map
            .keys()
            .filter(|key| {
                let mut without = map.clone();
                without.shift_remove(key.as_str());
                match validate(kind, &serde_json::Value::Object(without)) {
                    Ok(()) => true,
                    Err((_, m)) => m == format!("missing field `{key}`"),
                }
            })
            .collect();
        if let [key] = culprits[..] {
            return Some((pointer::join(pointer, key), message));
        }
    }
    Some((pointer.to_string(), message))
}

/// serde_yaml and serde_json append " at line X column Y" to their messages; we print it ourselves.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&pointer::escape(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Finds the 1-based line and column of the node at `pointer` in YAML (or JSON) `source`.
///
/// Walks the parser's events keeping the path to the current node; returns `None` when the
/// pointer does not exist or the text does not parse.
/// Line and column of every node of `source` (the first place a pointer occurs), by JSON pointer.
fn node_index(source: &str) -> NodeIndex {
    let mut index = std::collections::HashMap::new();
    walk(source, |visit| {
        if let Visit::Node { path, line_col } = visit {
            let pointer: String = path.iter().map(|t| format!("/{}", pointer::escape(t))).collect();
            index.entry(pointer).or_insert(line_col);
        }
        true
    });
    index
}

pub fn locate(source: &str, pointer: &str) -> Option<(usize, usize)> {
    let target: Vec<String> = if pointer.is_empty() {
        return Some((1, 1));
    } else {
        pointer.strip_prefix('/')?.split('/').map(pointer::unescape).collect()
    };
    let mut found = None;
    walk(source, |visit| match visit {
        Visit::Node { path, line_col } if path == target.as_slice() => {
            found = Some(line_col);
            false
        }
        _ => true,
    });
    found
}

/// Like [`locate`], but the line and column of the mapping key that names the node at `pointer`
/// (its value's position when the node is a list item or the key is not found).
pub fn locate_key(source: &str, pointer: &str) -> Option<(usize, usize)> {
    let target: Vec<String> = pointer.strip_prefix('/').map(|p| p.split('/').map(pointer::unescape).collect()).unwrap_or_default();
    let mut found = None;
    walk(source, |visit| match visit {
        Visit::Key { path, line_col, .. } if path == target.as_slice() => {
            found = Some(line_col);
            false
        }
        _ => true,
    });
    found.or_else(|| locate(source, pointer))
}

/// Duplicate keys (the parsers keep the last one) and, in YAML, `.nan` and `.inf` (which JSON, and
/// so the document model, cannot hold): errors, each with its location.
/// Also says where reading stopped when the YAML could not be read at all (a syntax error, most
/// likely; nothing was checked then): the pointer and the line and column.
type Stopped = Option<(String, Option<(usize, usize)>)>;

fn lossy_values(path: &Path, source: &str, is_json: bool) -> (Vec<Diagnostic>, Stopped) {
    let mut unreadable = None;
    let mut out = Vec::new();
    // (pointer, where the key first is, where it is again)
    type Found = (String, Option<(usize, usize)>, Option<(usize, usize)>);
    let mut duplicates: Vec<Found> = Vec::new();
    let walked = || duplicate_keys(source);
    if is_json {
        // serde_json says which keys are duplicates; the YAML walk (JSON is YAML) says where.
        let pointers = json_duplicate_keys(source);
        if !pointers.is_empty() {
            let mut found = walked();
            for pointer in pointers {
                match found.iter().position(|d| d.pointer == pointer) {
                    Some(i) => {
                        let d = found.remove(i);
                        duplicates.push((pointer, Some(d.first), Some(d.again)));
                    }
                    None => {
                        let at = locate_key(source, &pointer);
                        duplicates.push((pointer, None, at));
                    }
                }
            }
        }
    } else {
        // libyaml (what the document is read with) says whether there are any; the walk lists them.
        let de = serde_yaml::Deserializer::from_str(source);
        match serde_path_to_error::deserialize::<_, serde_yaml::Value>(de) {
            Ok(value) => non_finite(&value, "", &mut |pointer, number| {
                let text = if number.is_nan() { ".nan" } else if number > 0.0 { ".inf" } else { "-.inf" };
                let key = pointer.rsplit('/').next().map(pointer::unescape).unwrap_or_default();
                out.push(
                    Diagnostic::error(
                        Location { file: path.to_path_buf(), line_col: locate(source, &pointer), pointer },
                        format!("`{key}` is `{text}`, which is not a number JSON can hold"),
                    )
                    .help("write a finite number, or leave the value out (no bound)"),
                )
            }),
            Err(e) if e.inner().to_string().contains("duplicate entry") => {
                let found = walked();
                if found.is_empty() {
                    let line_col = e.inner().location().map(|l| (l.line(), l.column()));
                    let message = strip_position(&e.inner().to_string());
                    let key = message.split_once("with key ").map_or(String::new(), |(_, k)| k.trim_matches('"').to_string());
                    duplicates.push((pointer::join(&path_to_pointer(e.path()), &key), None, line_col));
                } else {
                    duplicates.extend(found.into_iter().map(|d| (d.pointer, Some(d.first), Some(d.again))));
                }
            }
            Err(e) => unreadable = Some((path_to_pointer(e.path()), e.inner().location().map(|l| (l.line(), l.column())))),
        }
    }
    for (pointer, first, again) in duplicates {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", &pointer));
        let key = pointer::unescape(key);
        let help = if parent == "/paths" {
            format!("merge the two: put every operation of `{key}` under a single `{key}:` key")
        } else {
            format!("keep one `{key}` (merge the two if both hold something needed); only the last one would be read")
        };
        let message = match first {
            Some((line, col)) => format!("duplicate key `{key}`: it is already at line {line}, column {col}"),
            None => format!("duplicate key `{key}`: it appears twice in the same mapping"),
        };
        out.push(Diagnostic::error(Location { file: path.to_path_buf(), pointer, line_col: again }, message).help(help));
    }
    (out, unreadable)
}

/// Calls `found` with the pointer and value of every `.nan` and `.inf` in `value`.
fn non_finite(value: &serde_yaml::Value, pointer: &str, found: &mut dyn FnMut(String, f64)) {
    use serde_yaml::Value as Y;
    match value {
        Y::Number(n) if n.as_f64().is_some_and(|f| !f.is_finite()) => found(pointer.to_string(), n.as_f64().unwrap_or_default()),
        Y::Sequence(items) => items.iter().enumerate().for_each(|(i, v)| non_finite(v, &format!("{pointer}/{i}"), found)),
        Y::Mapping(map) => {
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s.clone(),
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => "\u{0}".to_string(),
                };
                non_finite(v, &pointer::join(pointer, &key), found);
            }
        }
        Y::Tagged(tagged) => non_finite(&tagged.value, pointer, found),
        _ => {}
    }
}

/// The pointer of every key that appears again in its JSON object, as serde_json reads it.
fn json_duplicate_keys(source: &str) -> Vec<String> {
    use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
    use std::cell::RefCell;

    struct Node<'o> {
        pointer: String,
        out: &'o RefCell<Vec<String>>,
    }
    impl<'de> DeserializeSeed<'de> for Node<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Node<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0;
            while seq.next_element_seed(Node { pointer: format!("{}/{i}", self.pointer), out: self.out })?.is_some() {
                i += 1;
            }
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                let pointer = pointer::join(&self.pointer, &key);
                if !seen.insert(key) {
                    self.out.borrow_mut().push(pointer.clone());
                }
                map.next_value_seed(Node { pointer, out: self.out })?;
            }
            Ok(())
        }
    }
    let out = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(source);
    let _ = Node { pointer: String::new(), out: &out }.deserialize(&mut de);
    out.into_inner()
}

/// A mapping key that appears twice in the same mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer to the key's value (the second occurrence wins in the parsed document).
    pub pointer: String,
    /// Where the key first appears.
    pub first: (usize, usize),
    /// Where it appears again.
    pub again: (usize, usize),
}

/// Every mapping key that appears more than once in its mapping: YAML and JSON parsers keep the
/// last one silently, which loses whatever the first one said.
pub fn duplicate_keys(source: &str) -> Vec<DuplicateKey> {
    use std::collections::hash_map::{Entry, HashMap};
    // The keys of each mapping being read, innermost last.
    let mut open: Vec<HashMap<String, (usize, usize)>> = Vec::new();
    let mut out = Vec::new();
    walk(source, |visit| {
        match visit {
            Visit::MappingStart => open.push(HashMap::new()),
            Visit::MappingEnd => {
                open.pop();
            }
            Visit::Key { path, line_col, plain } => {
                let (Some(key), Some(keys)) = (path.last(), open.last_mut()) else { return true };
                if key == "\u{0}" {
                    return true;
                }
                // `1:` and `'1':` are different keys (a number and a string).
                let not_a_string = plain && (key.parse::<f64>().is_ok() || matches!(key.as_str(), "true" | "false" | "null" | "~"));
                match keys.entry(format!("{}{key}", if not_a_string { "=" } else { "\"" })) {
                    Entry::Occupied(first) => out.push(DuplicateKey {
                        pointer: path.iter().map(|t| format!("/{}", pointer::escape(t))).collect(),
                        first: *first.get(),
                        again: line_col,
                    }),
                    Entry::Vacant(v) => {
                        v.insert(line_col);
                    }
                }
            }
            Visit::Node { .. } => {}
        }
        true
    });
    out
}

enum Visit<'p> {
    /// A mapping key (the path ends with it); `plain` if it is not quoted.
    Key { path: &'p [String], line_col: (usize, usize), plain: bool },
    /// The start of a node (scalar, mapping, list or alias) that is not a key.
    Node { path: &'p [String], line_col: (usize, usize) },
    /// A mapping opens (after its `Node`, if it is not a key).
    MappingStart,
    /// A mapping closes.
    MappingEnd,
}

/// Walks the YAML (or JSON) events of `source`'s first document, telling `visit` about every key and
/// node with its path, until `visit` returns false. Returns false when the text does not parse.
fn walk(source: &str, mut visit: impl FnMut(Visit<'_>) -> bool) -> bool {
    #[derive(PartialEq)]
    enum KeyState {
        /// The next node is a key.
        Expect,
        /// Inside a complex (mapping, list) key.
        InKey,
        /// The key is on the path; the next node is its value.
        Value,
    }
    enum Frame {
        Map(KeyState),
        Seq(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut parser = Parser::new_from_str(source);
    // A block mapping's start event is marked at its first `:`; where it starts is its first key.
    let mut mapping_start: Option<(usize, usize)> = None;
    loop {
        let Ok((event, mark)) = parser.next_token() else { return false };
        let line_col = (mark.line(), mark.col() + 1);
        let starts_node = matches!(event, Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(..));
        if let Some(start) = mapping_start.take() {
            let at = if starts_node { start.min(line_col) } else { start };
            if !visit(Visit::Node { path: &path, line_col: at }) {
                return true;
            }
        }
        let is_key = matches!(stack.last(), Some(Frame::Map(KeyState::Expect)));
        if starts_node && is_key {
            if let Event::Scalar(value, style, ..) = &event {
                let plain = *style == yaml_rust2::scanner::TScalarStyle::Plain;
                path.push(value.clone());
                if let Some(frame) = stack.last_mut() {
                    *frame = Frame::Map(KeyState::Value);
                }
                if !visit(Visit::Key { path: &path, line_col, plain }) {
                    return true;
                }
                continue;
            }
            // A complex key (or an alias as a key): give it a name nobody points at.
            path.push("\u{0}".into());
            let state = if matches!(event, Event::Alias(..)) { KeyState::Value } else { KeyState::InKey };
            if let Some(frame) = stack.last_mut() {
                *frame = Frame::Map(state);
            }
        } else if matches!(event, Event::MappingStart(..)) {
            mapping_start = Some(line_col);
        } else if starts_node && !visit(Visit::Node { path: &path, line_col }) {
            return true;
        }
        match event {
            Event::StreamEnd | Event::DocumentEnd => return true,
            Event::MappingStart(..) => {
                stack.push(Frame::Map(KeyState::Expect));
                visit(Visit::MappingStart);
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq(0));
                path.push("0".into());
            }
            Event::MappingEnd | Event::SequenceEnd => {
                match stack.pop() {
                    Some(Frame::Seq(_)) => {
                        path.pop();
                    }
                    _ => {
                        visit(Visit::MappingEnd);
                    }
                }
                after_node(&mut stack, &mut path);
            }
            Event::Scalar(..) if !is_key => after_node(&mut stack, &mut path),
            Event::Alias(..) if !is_key => after_node(&mut stack, &mut path),
            _ => {}
        }
    }

    fn after_node(stack: &mut [Frame], path: &mut Vec<String>) {
        match stack.last_mut() {
            Some(Frame::Map(state)) => match state {
                KeyState::InKey => *state = KeyState::Value,
                KeyState::Value => {
                    *state = KeyState::Expect;
                    path.pop();
                }
                KeyState::Expect => {}
            },
            Some(Frame::Seq(index)) => {
                *index += 1;
                path.pop();
                path.push(index.to_string());
            }
            None => {}
        }
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
        let doc = parse_with(Path::new("api/root.yaml"), ROOT.into(), &files(&[("api/paths/users.yaml", USERS), ("api/schemas.json", SCHEMAS)])).unwrap();
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
        let err = parse_with(Path::new("api/root.yaml"), ROOT.into(), &files(&[("api/paths/users.yaml", BAD_USERS)])).unwrap_err();
        let first = &err.0[0];
        assert_eq!(first.location.file, PathBuf::from("mem:api/paths/users.yaml"), "{err}");
        assert_eq!(first.location.line_col.map(|(line, _)| line), Some(3), "{err}");
    }

    #[test]
    fn locates_nodes() {
        assert_eq!(locate(YAML, ""), Some((1, 1)));
        assert_eq!(locate(YAML, "/info/title"), Some((3, 10)));
        assert_eq!(locate(YAML, "/paths/~1a~1{id}/get/tags/1"), Some((8, 17)));
        assert_eq!(locate(YAML, "/paths/~1a~1{id}/get/responses/200/description"), Some((11, 24)));
        assert_eq!(locate(YAML, "/paths/nope"), None);
    }

    #[test]
    fn locates_in_json() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\"}\n}";
        assert_eq!(locate(json, "/info/title"), Some((3, 21)));
    }

    #[test]
    fn a_block_mapping_is_where_its_first_key_is() {
        let yaml = "info:\n  title: T\nlist:\n  - a: 1\n    b: 2\nflow: {a: 1}\n";
        assert_eq!(locate(yaml, "/info"), Some((2, 3)));
        assert_eq!(locate(yaml, "/list"), Some((4, 3)));
        assert_eq!(locate(yaml, "/list/0"), Some((4, 5)));
        assert_eq!(locate(yaml, "/flow"), Some((6, 7)));
        assert_eq!(locate_key(yaml, "/info"), Some((1, 1)));
        assert_eq!(locate_key(yaml, "/info/title"), Some((2, 3)));
        assert_eq!(locate_key(yaml, "/list/0"), Some((4, 5)));
    }

    #[test]
    fn complex_keys_do_not_shift_paths() {
        let yaml = "? [a, b]\n: skipped\nafter: here\n";
        assert_eq!(locate(yaml, "/after"), Some((3, 8)));
        let yaml = "? {a: 1}\n: {x: 1}\nafter: here\n";
        assert_eq!(locate(yaml, "/after"), Some((3, 8)));
    }

    #[test]
    fn finds_duplicate_keys_in_one_mapping_only() {
        let yaml = "a: {x: 1}\nb: 1\na: {x: 2}\nc: [{y: 1}, {y: 2}]\n";
        let dups = duplicate_keys(yaml);
        assert_eq!(dups, vec![DuplicateKey { pointer: "/a".into(), first: (1, 1), again: (3, 1) }]);
        let json = "{\"p\": {\"t\": 1}, \"p\": {\"t\": 2}}";
        assert_eq!(duplicate_keys(json).len(), 1);
    }

    #[test]
    fn shape_errors_point_at_the_node_below_the_buffered_value() {
        let err = parse(Path::new("s.yaml"), format!("{YAML}components:\n  schemas:\n    P:\n      type: object\n      properties:\n        n: 5\n")).unwrap_err();
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

    #[test]
    fn a_number_and_a_string_with_the_same_text_are_different_keys() {
        assert_eq!(duplicate_keys("a: {1: x, '1': y, true: x, 'true': y}"), vec![]);
        assert_eq!(duplicate_keys("a: {x: 1, 'x': 2}").len(), 1);
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse(Path::new("bad.yaml"), "openapi: 3.0.3\ninfo: [\n".into()).unwrap_err();
        let d = &err.0[0];
        assert!(d.location.line_col.is_some(), "{d}");
        assert!(d.to_string().starts_with("error: bad.yaml:"), "{d}");
    }
}
