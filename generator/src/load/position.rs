//! Positions: the line and column of any node of a YAML or JSON source, by JSON pointer, from
//! the parser's events (serde keeps no positions).

use yaml_rust2::parser::{Event, Parser};

use crate::openapi::pointer;

/// Line and column of every node by JSON pointer.
pub(super) type NodeIndex = std::collections::HashMap<String, (usize, usize)>;

/// Finds the 1-based line and column of the node at `pointer` in YAML (or JSON) `source`.
///
/// Walks the parser's events keeping the path to the current node; returns `None` when the
/// pointer does not exist or the text does not parse.
/// Line and column of every node of `source` (the first place a pointer occurs), by JSON pointer.
pub(super) fn node_index(source: &str) -> NodeIndex {
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

/// Like [`locate`], but for a pointer to something absent, the line and column of the nearest node
/// above it that exists (as [`super::Document::location`] does with the index). The walk stops at
/// the node.
pub(super) fn locate_nearest(source: &str, pointer: &str) -> Option<(usize, usize)> {
    let target: Vec<String> = pointer.strip_prefix('/')?.split('/').map(pointer::unescape).collect();
    let mut nearest = (0, None);
    walk(source, |visit| match visit {
        Visit::Node { path, line_col } if target.starts_with(path) => {
            if path.len() >= nearest.0 {
                nearest = (path.len(), Some(line_col));
            }
            path.len() < target.len()
        }
        _ => true,
    });
    nearest.1.or(Some((1, 1)))
}

/// [`locate_nearest`] for many pointers at once, in one walk of `source`: for each, the line and
/// column of the deepest node on its path that exists (the root, `(1, 1)`, at least); `None`
/// for one that is not a pointer. Only the nodes on the way to a pointer are remembered (a trie
/// of their tokens), not every node of the document as [`node_index`] does.
pub(super) fn locate_nearest_all(source: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    // The trie: each node's children by token, and the first place each node is found.
    let mut children: Vec<std::collections::HashMap<String, usize>> = vec![Default::default()];
    let mut chains: Vec<Option<Vec<usize>>> = Vec::with_capacity(pointers.len());
    for p in pointers {
        let Some(rest) = p.strip_prefix('/') else {
            chains.push(p.is_empty().then(Vec::new));
            continue;
        };
        let mut at = 0;
        let mut chain = Vec::new();
        for token in rest.split('/').map(pointer::unescape) {
            at = match children[at].get(&token) {
                Some(&next) => next,
                None => {
                    children.push(Default::default());
                    let next = children.len() - 1;
                    children[at].insert(token, next);
                    next
                }
            };
            chain.push(at);
        }
        chains.push(Some(chain));
    }
    let mut found: Vec<Option<(usize, usize)>> = vec![None; children.len()];
    // The trie node of each level of the current path (`None` off the trie).
    let mut ids: Vec<Option<usize>> = Vec::new();
    walk(source, |visit| {
        if let Visit::Node { path, line_col } = visit {
            let Some((last, parents)) = path.split_last() else { return true };
            // A node's parent is visited before it: its level of `ids` is already there.
            ids.truncate(parents.len());
            let parent = match parents.len() {
                0 => Some(0),
                n => ids.get(n - 1).copied().flatten(),
            };
            ids.resize(parents.len(), None);
            let id = parent.and_then(|p| children[p].get(last.as_str()).copied());
            ids.push(id);
            if let Some(id) = id {
                found[id].get_or_insert(line_col);
            }
        }
        true
    });
    chains
        .into_iter()
        .map(|chain| {
            let chain = chain?;
            Some(chain.iter().rev().find_map(|&id| found[id]).unwrap_or((1, 1)))
        })
        .collect()
}

/// [`locate_nearest`] for a JSON source, without a YAML parser: every subtree off the path to
/// `pointer` is skipped byte by byte, so a node near the end of a 10 MB spec is found in
/// milliseconds rather than a parse of all that comes before it. The same answer as the YAML
/// walk (tested below); `None` when the text is not plain JSON (YAML in braces, say: the caller
/// walks it as YAML then).
pub(super) fn locate_nearest_json(source: &str, pointer: &str) -> Option<(usize, usize)> {
    let target: Vec<String> = match pointer.strip_prefix('/') {
        Some(rest) => rest.split('/').map(pointer::unescape).collect(),
        None if pointer.is_empty() => Vec::new(),
        None => return None,
    };
    let offset = json::nearest(source.as_bytes(), &target)?;
    Some(line_col_at(source, offset))
}

/// The 1-based line and column (in characters, as the YAML parser counts them) of byte `offset`.
fn line_col_at(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    // The parser does not count a byte order mark.
    let line_text = before[line_start..].trim_start_matches('\u{feff}');
    (line, line_text.chars().count() + 1)
}

/// A JSON scanner that finds where a node starts, skipping what is off its path.
mod json {
    /// The byte offset of the deepest node on the path to `target` that exists (the root at
    /// least); `None` when the text is not JSON.
    pub(super) fn nearest(text: &[u8], target: &[String]) -> Option<usize> {
        let mut at = skip_space(text, 0);
        if text[at..].starts_with("\u{feff}".as_bytes()) {
            at = skip_space(text, at + 3);
        }
        let mut nearest = at;
        for token in target {
            match text.get(at)? {
                b'{' => {
                    let mut i = skip_space(text, at + 1);
                    let mut found = None;
                    if text.get(i) != Some(&b'}') {
                        loop {
                            let (key, after) = string(text, i)?;
                            i = skip_space(text, after);
                            if text.get(i) != Some(&b':') {
                                return None;
                            }
                            i = skip_space(text, i + 1);
                            if key == *token {
                                found = Some(i);
                                break;
                            }
                            i = skip_space(text, skip_value(text, i)?);
                            match text.get(i)? {
                                b',' => i = skip_space(text, i + 1),
                                b'}' => break,
                                _ => return None,
                            }
                        }
                    }
                    match found {
                        Some(value) => at = value,
                        None => return Some(nearest),
                    }
                }
                b'[' => {
                    let Ok(index) = token.parse::<usize>() else { return Some(nearest) };
                    let mut i = skip_space(text, at + 1);
                    if text.get(i) == Some(&b']') {
                        return Some(nearest);
                    }
                    for _ in 0..index {
                        i = skip_space(text, skip_value(text, i)?);
                        match text.get(i)? {
                            b',' => i = skip_space(text, i + 1),
                            b']' => return Some(nearest),
                            _ => return None,
                        }
                    }
                    at = i;
                }
                _ => return Some(nearest),
            }
            nearest = at;
        }
        Some(nearest)
    }

    fn skip_space(text: &[u8], mut i: usize) -> usize {
        while text.get(i).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        i
    }

    /// The string starting at `i` (its escapes decoded) and the offset after it.
    fn string(text: &[u8], i: usize) -> Option<(String, usize)> {
        if text.get(i) != Some(&b'"') {
            return None;
        }
        let end = string_end(text, i)?;
        let raw = std::str::from_utf8(&text[i..end]).ok()?;
        let value = if raw.contains('\\') { serde_json::from_str(raw).ok()? } else { raw[1..raw.len() - 1].to_string() };
        Some((value, end))
    }

    /// The offset after the string starting at `i` (at its `"`).
    fn string_end(text: &[u8], i: usize) -> Option<usize> {
        let mut j = i + 1;
        loop {
            match text.get(j)? {
                b'"' => return Some(j + 1),
                b'\\' => j += 2,
                _ => j += 1,
            }
        }
    }

    /// The offset after the value starting at `i`.
    fn skip_value(text: &[u8], i: usize) -> Option<usize> {
        match text.get(i)? {
            b'"' => string_end(text, i),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut j = i;
                loop {
                    match text.get(j)? {
                        b'"' => {
                            j = string_end(text, j)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(j + 1);
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                let mut j = i;
                while text.get(j).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                    j += 1;
                }
                Some(j)
            }
            _ => None,
        }
    }
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

pub(super) enum Visit<'p> {
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
pub(super) fn walk(source: &str, mut visit: impl FnMut(Visit<'_>) -> bool) -> bool {
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

    #[test]
    fn locates_nodes() {
        assert_eq!(locate(YAML, ""), Some((1, 1)));
        assert_eq!(locate(YAML, "/info/title"), Some((3, 10)));
        assert_eq!(locate(YAML, "/paths/~1a~1{id}/get/tags/1"), Some((8, 17)));
        assert_eq!(locate(YAML, "/paths/~1a~1{id}/get/responses/200/description"), Some((11, 24)));
        assert_eq!(locate(YAML, "/paths/nope"), None);
    }

    /// Every node of a YAML document (flow and block, keys quoted and escaped, lists, complex
    /// keys), and pointers under them that do not exist: one walk for all of them gives what a
    /// walk for each gives.
    #[test]
    fn locating_many_at_once_agrees_with_one_at_a_time() {
        let yaml = format!("{YAML}  /b:\n    'x~y': {{a: [1, {{b: 2}}], 'c/d': null}}\n    ? [complex, key]\n    : {{k: v}}\n    list:\n      - one\n      - {{two: 2}}\n      - - nested\n");
        let value: serde_json::Value = serde_yaml::from_str(&format!(
            "{YAML}  /b:\n    'x~y': {{a: [1, {{b: 2}}], 'c/d': null}}\n    list:\n      - one\n      - {{two: 2}}\n      - - nested\n"
        ))
        .unwrap();
        let mut pointers = vec![String::new(), "/nope".to_string(), "not a pointer".to_string()];
        let mut stack = vec![(String::new(), &value)];
        while let Some((at, node)) = stack.pop() {
            let children: Vec<(String, &serde_json::Value)> = match node {
                serde_json::Value::Object(map) => map.iter().map(|(k, v)| (pointer::escape(k), v)).collect(),
                serde_json::Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
                _ => Vec::new(),
            };
            for (token, child) in children {
                let child_at = format!("{at}/{token}");
                pointers.push(child_at.clone());
                pointers.push(format!("{child_at}/missing/deeper"));
                pointers.push(format!("{child_at}/7"));
                stack.push((child_at, child));
            }
        }
        let all = locate_nearest_all(&yaml, &pointers.iter().map(String::as_str).collect::<Vec<_>>());
        for (pointer, found) in pointers.iter().zip(all) {
            let one = match pointer.is_empty() {
                true => Some((1, 1)),
                false => locate_nearest(&yaml, pointer),
            };
            assert_eq!(found, one, "at {pointer:?}");
        }
        assert!(pointers.len() > 40);
    }

    #[test]
    fn locates_in_json() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\"}\n}";
        assert_eq!(locate(json, "/info/title"), Some((3, 21)));
    }

    /// Every node of JSON documents, and pointers to nodes that do not exist: the JSON scanner
    /// gives the YAML walk's answer.
    #[test]
    fn the_json_scanner_agrees_with_the_yaml_walk() {
        let documents = [
            "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"Tést {[\", \"version\": \"1\"},\n  \"a~b/c\": [1, -2.5e3, true, null, {\"x\": []}, [[], {}]],\n  \"empty\": {},\n  \"list\": [ ]\n}\n",
            "{\"quoted\": \"a \\\"b\\\" c\", \"k\\u00e9y\": {\"\": 0}, \"after\": [\"]\", \"}\"]}",
            "{\r\n  \"crlf\": {\r\n    \"x\": 1\r\n  },\r\n  \"y\": [2]\r\n}",
        ];
        for json in documents {
            assert!(locate(json, "").is_some() && walk(json, |_| true), "the YAML walk reads {json:?}");
            let value: serde_json::Value = serde_json::from_str(json.trim_start_matches('\u{feff}')).unwrap();
            let mut pointers = vec!["/nope".to_string()];
            let mut stack = vec![(String::new(), &value)];
            while let Some((at, node)) = stack.pop() {
                let children: Vec<(String, &serde_json::Value)> = match node {
                    serde_json::Value::Object(map) => map.iter().map(|(k, v)| (pointer::escape(k), v)).collect(),
                    serde_json::Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
                    _ => Vec::new(),
                };
                for (token, child) in children {
                    let child_at = format!("{at}/{token}");
                    pointers.push(child_at.clone());
                    pointers.push(format!("{child_at}/missing"));
                    pointers.push(format!("{child_at}/7"));
                    stack.push((child_at, child));
                }
            }
            for pointer in &pointers {
                assert_eq!(locate_nearest_json(json, pointer), locate_nearest(json, pointer), "at {pointer:?} in {json:?}");
            }
        }
    }

    #[test]
    fn the_json_scanner_reads_past_a_byte_order_mark() {
        assert_eq!(locate_nearest_json("\u{feff}{\"bom\": {\"x\": 1}}", "/bom/x"), Some((1, 15)));
    }

    #[test]
    fn the_json_scanner_leaves_what_is_not_json_to_the_yaml_walk() {
        assert_eq!(locate_nearest_json("{a: 1}", "/a"), None);
        assert_eq!(locate_nearest_json("{\"a\" 1}", "/a"), None);
        assert_eq!(locate_nearest_json("{\"a\": 1", "/b"), None);
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
}
