//! Syntax errors: where the YAML or JSON parser stopped, the node it was in, and what to do.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};

use super::shape::{path_to_pointer, strip_position, strip_serde_path};

/// A syntax error at `line_col`, with what to do about it.
pub(super) fn syntax_diagnostic(path: &Path, source: &str, is_json: bool, line_col: Option<(usize, usize)>, message: &str) -> Diagnostic {
    let help = if is_json { json_syntax_help(message) } else { yaml_syntax_help(source, message, line_col) };
    let location = Location { file: path.to_path_buf(), pointer: syntax_pointer(source, is_json, ""), line_col };
    Diagnostic::error(location, format!("invalid {}: {message}", if is_json { "JSON" } else { "YAML" })).help(help)
}

/// The syntax error in `source`, if there is one: its line and column and serde's message.
pub(super) fn syntax_error(source: &str, is_json: bool) -> Option<(Option<(usize, usize)>, String)> {
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
pub(super) fn syntax_pointer(source: &str, is_json: bool, openapi_pointer: &str) -> String {
    if !is_json {
        return openapi_pointer.to_string();
    }
    let mut de = serde_json::Deserializer::from_str(source);
    match serde_path_to_error::deserialize::<_, serde_json::Value>(&mut de) {
        Ok(_) => String::new(),
        Err(e) => path_to_pointer(e.path()),
    }
}

pub(super) fn yaml_syntax_help(source: &str, message: &str, line_col: Option<(usize, usize)>) -> String {
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
    } else if message.contains("found unexpected end of stream") && message.contains("quoted scalar")
        || message.contains("while scanning a quoted scalar")
    {
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

pub(super) fn json_syntax_help(message: &str) -> String {
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
