//! Stage 1, load: read a spec file (YAML or JSON) into an `openapiv3` document.
//!
//! Syntax and shape errors carry the file, line and column, and the JSON pointer of the
//! offending node. [`Document::location`] maps any JSON pointer back to a line and column, so
//! later stages can point into the source too.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use yaml_rust2::parser::{Event, Parser};

use crate::diagnostic::{escape_pointer_token, unescape_pointer_token, Diagnostic, Diagnostics, Location};

/// A loaded spec: its source text and the parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it was read from (as the user named it).
    pub path: PathBuf,
    /// The source text.
    pub source: String,
    /// The parsed document.
    pub api: OpenAPI,
}

impl Document {
    /// The location of `pointer` in this document, with line and column when the source has them.
    ///
    /// A pointer to something absent (a missing `required` key, say) is placed at the nearest
    /// node above it that exists.
    pub fn location(&self, pointer: &str) -> Location {
        let mut at = pointer;
        let line_col = loop {
            if let Some(found) = locate(&self.source, at) {
                break Some(found);
            }
            match at.rsplit_once('/') {
                Some((parent, _)) => at = parent,
                None => break None,
            }
        };
        Location { file: self.path.clone(), pointer: pointer.to_string(), line_col }
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

/// Parses `source` as the spec named `path` (YAML, or JSON when the file name ends in `.json`).
pub fn parse(path: &Path, source: String) -> Result<Document, Diagnostics> {
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let result = if is_json {
        let mut de = serde_json::Deserializer::from_str(&source);
        serde_path_to_error::deserialize::<_, OpenAPI>(&mut de).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner();
            let line_col = (inner.line() > 0).then(|| (inner.line(), inner.column()));
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
        Ok(api) => Ok(Document { path: path.to_path_buf(), source, api }),
        Err((pointer, line_col, message)) => {
            let line_col = line_col.or_else(|| locate(&source, &pointer));
            let is_syntax = if is_json {
                serde_json::from_str::<serde::de::IgnoredAny>(&source).is_err()
            } else {
                serde_yaml::from_str::<serde::de::IgnoredAny>(&source).is_err()
            };
            let help = if is_syntax {
                if is_json { "fix the JSON syntax at this line and column".to_string() } else { "fix the YAML syntax at this line and column (indentation, brackets, quotes)".to_string() }
            } else if message.contains("missing field `openapi`") {
                "this does not look like an OpenAPI 3.0 document: it needs `openapi: 3.0.x` at the top (Swagger 2.0 documents must be converted first)".to_string()
            } else if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
                format!("add the required field `{field}` here (see the OpenAPI 3.0 specification for this object)")
            } else {
                "fix the value at this pointer so that it matches the OpenAPI 3.0 schema for it".to_string()
            };
            Err(Diagnostics(vec![Diagnostic::error(
                Location { file: path.to_path_buf(), pointer, line_col },
                if is_syntax { format!("invalid {}: {message}", if is_json { "JSON" } else { "YAML" }) } else { format!("invalid OpenAPI document: {message}") },
            )
            .help(help)]))
        }
    }
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
                out.push_str(&escape_pointer_token(key));
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
pub fn locate(source: &str, pointer: &str) -> Option<(usize, usize)> {
    let target: Vec<String> = if pointer.is_empty() {
        return Some((1, 1));
    } else {
        pointer.strip_prefix('/')?.split('/').map(unescape_pointer_token).collect()
    };
    enum Frame {
        Map { key: Option<String> },
        Seq { index: usize },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut parser = Parser::new_from_str(source);
    loop {
        let (event, mark) = parser.next_token().ok()?;
        // Is this event the start of a node (as opposed to a key or an end)?
        let is_key = matches!(stack.last(), Some(Frame::Map { key: None }));
        let starts_node = matches!(event, Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(..));
        if starts_node && !is_key && path == target {
            return Some((mark.line(), mark.col() + 1));
        }
        match event {
            Event::StreamEnd => return None,
            Event::Scalar(value, ..) if is_key => {
                if let Some(Frame::Map { key }) = stack.last_mut() {
                    *key = Some(value.clone());
                }
                path.push(value);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) if is_key => {
                // A complex key: give it a name nobody points at.
                if let Some(Frame::Map { key }) = stack.last_mut() {
                    *key = Some(String::new());
                }
                path.push("\u{0}".into());
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map { key: None }
                } else {
                    Frame::Seq { index: 0 }
                });
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map { key: None });
                continue;
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq { index: 0 });
                path.push("0".into());
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if matches!(stack.pop(), Some(Frame::Seq { .. })) {
                    path.pop();
                }
                after_value(&mut stack, &mut path);
            }
            Event::Scalar(..) | Event::Alias(..) => after_value(&mut stack, &mut path),
            _ => {}
        }
    }

    fn after_value(stack: &mut [Frame], path: &mut Vec<String>) {
        match stack.last_mut() {
            Some(Frame::Map { key }) => {
                let had_key = key.take().is_some();
                if had_key {
                    path.pop();
                }
            }
            Some(Frame::Seq { index }) => {
                *index += 1;
                path.pop();
                path.push(index.to_string());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a/{id}:\n    get:\n      tags: [x, y]\n      responses:\n        '200':\n          description: ok\n";

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
    fn syntax_error_has_line_and_column() {
        let err = parse(Path::new("bad.yaml"), "openapi: 3.0.3\ninfo: [\n".into()).unwrap_err();
        let d = &err.0[0];
        assert!(d.location.line_col.is_some(), "{d}");
        assert!(d.to_string().starts_with("error: bad.yaml:"), "{d}");
    }
}
