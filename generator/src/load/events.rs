//! A YAML document read in one pass over its events, straight into its JSON view: the value
//! [`super::raw_value`] makes of it (through `serde_yaml` and its `Value`), when reading it finds
//! nothing to refuse, in a fraction of the time and memory.
//!
//! `serde_yaml` holds every event of the document in memory before it builds a value of it (300
//! MB for a Graph-sized document of 21 MB), and the loader used to read a YAML document three times
//! (duplicate keys and `.nan`, its JSON view, and `openapiv3`'s document). Here `yaml-rust2`'s
//! parser hands over one event at a time; each mapping and list is built as it closes, and plain
//! scalars are resolved by `serde_yaml`'s rules (null, booleans, integers in four bases, floats),
//! ported below, so the value is the one the readers make.
//!
//! Anything the one pass does not read exactly as `serde_yaml` would, or that the loader has to
//! say something about, makes [`read`] give up (`None`), and the document goes the way it always
//! went, with every message as before: a syntax error, a duplicate key, `.nan` or `.inf`, an
//! integer past 64 bits, an anchor, alias or tag, a complex or empty key, nesting near the
//! readers' limit, a second document, a root that is not a mapping, and, conservatively, any tab,
//! carriage return, directive (`%`) or byte-order mark in the text (where YAML parsers are known to
//! part ways).

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// How deep the one pass goes before it leaves the document to `serde_yaml` (whose limit is 128
/// levels, each with its own message).
const MAX_DEPTH: usize = 100;

/// The JSON view of the YAML document `source`, as [`super::raw_value`] makes it, when it has none
/// of what this module leaves to the other readers (see the module's documentation).
///
/// A large document is parsed on a thread of its own, its events handed over in batches to this
/// one, which builds the value (each about half of the work).
pub(super) fn read(source: &str) -> Option<Value> {
    if source.bytes().any(|b| matches!(b, b'\t' | b'\r')) || source.starts_with(['%', '\u{feff}']) || source.contains("\n%") {
        return None;
    }
    if source.len() < PARSED_APART || std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        return read_here(source);
    }
    if let Some(value) = split_paths(source).and_then(|at| read_halves(source, at)) {
        return Some(value);
    }
    std::thread::scope(|scope| {
        let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Event>>(BATCHES_AHEAD);
        let parse = move || {
            let mut parser = Parser::new_from_str(source);
            let mut batch = Vec::with_capacity(BATCH);
            // Until the end of the stream, an error (the builder finds the events end early), or
            // the builder has stopped listening.
            while let Ok((event, _)) = parser.next_token() {
                let end = matches!(event, Event::StreamEnd);
                batch.push(event);
                if end || batch.len() == BATCH {
                    let sent = batches.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    if sent.is_err() || end {
                        return;
                    }
                }
            }
            let _ = batches.send(batch);
        };
        match std::thread::Builder::new().stack_size(crate::STACK_SIZE).spawn_scoped(scope, parse) {
            Ok(_) => build(received.into_iter().flatten()),
            // No thread to be had: this one does both.
            Err(_) => read_here(source),
        }
    })
}

/// Where a document in block style may be cut in two between the entries of its `paths` (the
/// entry nearest the middle of the text), for [`read_halves`]: the offset of the line that starts
/// the entry. `None` when the document has no `paths:` line at the start of a line (once), or no
/// entry after the first at the indentation of the first.
///
/// In block style a line indented as the entries of a mapping can only start its next entry:
/// everything inside an entry is indented further, and what ends the mapping is indented less. The
/// exceptions are a flow collection or a quoted scalar that goes on over the line; cut there, the
/// first half does not read, and the document is read whole.
fn split_paths(source: &str) -> Option<usize> {
    let middle = source.len() / 2;
    cuts(source).into_iter().min_by_key(|offset| offset.abs_diff(middle))
}

/// Every place [`split_paths`] may cut `source`: the offsets of the lines that start the entries
/// of its `paths` after the first.
fn cuts(source: &str) -> Vec<usize> {
    let lines = || {
        source.split_inclusive('\n').scan(0, |offset, line| {
            let at = *offset;
            *offset += line.len();
            Some((at, line))
        })
    };
    let is_paths = |line: &str| line.strip_prefix("paths:").is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'));
    let mut found = lines().filter(|(_, line)| is_paths(line));
    let (Some((start, _)), None) = (found.next(), found.next()) else { return Vec::new() };
    let content = |line: &str| !line.trim().is_empty() && !line.trim_start().starts_with('#');
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let entries = || lines().skip_while(move |(at, _)| *at <= start);
    let depth = entries().find(|(_, line)| content(line)).map_or(0, |(_, line)| indent(line));
    if depth == 0 {
        return Vec::new();
    }
    entries()
        .take_while(|(_, line)| !content(line) || indent(line) > 0)
        .filter(|(_, line)| content(line) && indent(line) == depth)
        .skip(1)
        .map(|(at, _)| at)
        .collect()
}

/// [`read`] of `source` cut at `at` (see [`split_paths`]), each half read on a thread of its own:
/// the text before `at`, and `paths:` with the text from `at` on. The same value, the second
/// half's path items after the first's and its other keys after `paths`; `None` when either half
/// does not read on its own or a key is in both (then the document is read whole).
fn read_halves(source: &str, at: usize) -> Option<Value> {
    let second_half = format!("paths:\n{}", &source[at..]);
    let (first, second) = std::thread::scope(|scope| {
        let first = std::thread::Builder::new().stack_size(crate::STACK_SIZE).spawn_scoped(scope, || read_here(&source[..at])).ok()?;
        let second = read_here(&second_half);
        Some((first.join().ok()?, second))
    })?;
    let (Value::Object(mut first), Value::Object(second)) = (first?, second?) else { return None };
    if first.keys().next_back().map(String::as_str) != Some("paths") {
        return None;
    }
    let mut second = second.into_iter();
    let (key, Value::Object(more_paths)) = second.next()? else { return None };
    let Some(Value::Object(paths)) = first.get_mut("paths").filter(|_| key == "paths") else { return None };
    for (path, item) in more_paths {
        if paths.insert(path, item).is_some() {
            return None;
        }
    }
    for (key, value) in second {
        if first.insert(key, value).is_some() {
            return None;
        }
    }
    Some(Value::Object(first))
}

/// [`read`] of `source` on this thread alone: its events parsed and built into the value in turn.
fn read_here(source: &str) -> Option<Value> {
    let mut parser = Parser::new_from_str(source);
    build(std::iter::from_fn(|| parser.next_token().ok().map(|(event, _)| event)))
}

/// The size of a document from which [`read`] parses on another thread.
const PARSED_APART: usize = 1 << 20;
/// Events handed over at a time, and batches the parser may be ahead by.
const BATCH: usize = 4096;
const BATCHES_AHEAD: usize = 16;

/// The value of the document whose events are `events` (see [`read`]).
fn build(mut events: impl Iterator<Item = Event>) -> Option<Value> {
    /// A node being read: a mapping's entries so far (and the key whose value comes next), or a
    /// list's items.
    enum Open {
        Mapping(Vec<(String, Value)>, Option<String>),
        List(Vec<Value>),
    }
    let mut open: Vec<Open> = Vec::new();
    // Emptied vectors, kept for the next mapping or list at the same depth.
    let mut spare_entries: Vec<Vec<(String, Value)>> = Vec::new();
    let mut spare_items: Vec<Vec<Value>> = Vec::new();
    let mut root = None;
    loop {
        let event = events.next()?;
        let node = match event {
            Event::StreamStart | Event::DocumentStart | Event::Nothing => continue,
            // After the root: the end of the document, then of the stream, and nothing else.
            Event::DocumentEnd | Event::StreamEnd => match (root.take(), event) {
                (Some(value), Event::DocumentEnd) => {
                    return matches!(events.next()?, Event::StreamEnd).then_some(value);
                }
                _ => return None,
            },
            Event::Alias(_) => return None,
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                match open.last_mut() {
                    // An empty key (`: v`), which libyaml refuses, is left to the other readers.
                    Some(Open::Mapping(_, key @ None)) if !(style == TScalarStyle::Plain && text.is_empty()) => {
                        *key = Some(key_text(text, style)?);
                        continue;
                    }
                    Some(Open::Mapping(_, None)) => return None,
                    _ => scalar(text, style)?,
                }
            }
            Event::MappingStart(anchor, ref tag) | Event::SequenceStart(anchor, ref tag) => {
                let is_key = matches!(open.last(), Some(Open::Mapping(_, None)));
                if anchor != 0 || tag.is_some() || is_key || open.len() >= MAX_DEPTH {
                    return None;
                }
                open.push(match event {
                    Event::MappingStart(..) => Open::Mapping(spare_entries.pop().unwrap_or_default(), None),
                    _ => Open::List(spare_items.pop().unwrap_or_default()),
                });
                continue;
            }
            Event::MappingEnd => match open.pop() {
                Some(Open::Mapping(mut entries, None)) => {
                    let mut map = Map::with_capacity(entries.len());
                    for (key, value) in entries.drain(..) {
                        // The same key twice (or a number and a string of the same text): the
                        // duplicate-key check says which, where.
                        if map.insert(key, value).is_some() {
                            return None;
                        }
                    }
                    spare_entries.push(entries);
                    Value::Object(map)
                }
                _ => return None,
            },
            Event::SequenceEnd => match open.pop() {
                Some(Open::List(mut items)) => {
                    // At its size; `items` keeps its buffer for the next list.
                    let mut list = Vec::with_capacity(items.len());
                    list.append(&mut items);
                    let list = Value::Array(list);
                    spare_items.push(items);
                    list
                }
                _ => return None,
            },
        };
        match open.last_mut() {
            Some(Open::Mapping(entries, key)) => entries.push((key.take()?, node)),
            Some(Open::List(items)) => items.push(node),
            None if node.is_object() && root.is_none() => root = Some(node),
            None => return None,
        }
    }
}

/// A scalar's value: a plain one resolved as `serde_yaml` resolves it, any other a string. `None`
/// for what [`read`] leaves to the other readers (`.nan`, `.inf`, integers past 64 bits).
fn scalar(text: String, style: TScalarStyle) -> Option<Value> {
    if style != TScalarStyle::Plain {
        return Some(Value::String(text));
    }
    Some(match plain(&text)? {
        Plain::Null => Value::Null,
        Plain::Bool(b) => Value::Bool(b),
        Plain::Unsigned(u) => Value::from(u),
        Plain::Negative(i) => Value::from(i),
        Plain::Float(f) => Value::Number(Number::from_f64(f)?),
        Plain::String => Value::String(text),
    })
}

/// A mapping key as the JSON view spells it: a string as it is; a null, boolean or number as
/// `serde_yaml` writes it (`null`, `true`, `200`, `1.5`).
fn key_text(text: String, style: TScalarStyle) -> Option<String> {
    if style != TScalarStyle::Plain {
        return Some(text);
    }
    Some(match plain(&text)? {
        Plain::Null => "null".into(),
        Plain::Bool(b) => b.to_string(),
        Plain::Unsigned(u) => u.to_string(),
        Plain::Negative(i) => i.to_string(),
        Plain::Float(f) => serde_yaml::Number::from(f).to_string(),
        Plain::String => text,
    })
}

/// What a plain scalar is, by `serde_yaml`'s rules.
enum Plain {
    Null,
    Bool(bool),
    Unsigned(u64),
    Negative(i64),
    Float(f64),
    String,
}

/// Resolves a plain scalar as `serde_yaml` 0.9 does (its `visit_untagged_scalar`, ported): null,
/// then a boolean, then an integer (unsigned, then negative), then a float, else a string. `None`
/// for a value [`read`] leaves to `serde_yaml`: an integer past 64 bits, a float that is not finite.
fn plain(v: &str) -> Option<Plain> {
    if v.is_empty() || is_null(v) {
        return Some(Plain::Null);
    }
    match v {
        "true" | "True" | "TRUE" => return Some(Plain::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Plain::Bool(false)),
        _ => {}
    }
    if let Some(u) = parse_unsigned(v, u64::from_str_radix) {
        return Some(Plain::Unsigned(u));
    }
    if let Some(i) = parse_negative(v, i64::from_str_radix) {
        return Some(Plain::Negative(i));
    }
    if parse_unsigned(v, u128::from_str_radix).is_some() || parse_negative(v, i128::from_str_radix).is_some() {
        return None;
    }
    if !digits_but_not_number(v) {
        if let Some(f) = parse_float(v) {
            return f.is_finite().then_some(Plain::Float(f));
        }
    }
    Some(Plain::String)
}

fn is_null(v: &str) -> bool {
    matches!(v, "null" | "Null" | "NULL" | "~")
}

type FromStrRadix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// `serde_yaml`'s `parse_unsigned_int`.
fn parse_unsigned<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

/// `serde_yaml`'s `parse_negative_int`.
fn parse_negative<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            if let Ok(int) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

/// `serde_yaml`'s `parse_f64`.
fn parse_float(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(unpositive) if unpositive.starts_with(['+', '-']) => return None,
        Some(unpositive) => unpositive,
        None => scalar,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(scalar, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(scalar, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `serde_yaml`'s `digits_but_not_number`: leading zeros and digits are a string in YAML 1.2.
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the readers make of `source`: `serde_yaml`'s value, made JSON.
    fn slow(source: &str) -> Option<Value> {
        serde_yaml::from_str::<serde_yaml::Value>(source).ok().map(super::super::yaml_to_json)
    }

    #[test]
    fn plain_scalars_resolve_as_serde_yaml_resolves_them() {
        let scalars = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "true",
            "True",
            "TRUE",
            "tRue",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "-007",
            "+007",
            "12",
            "+12",
            "-12",
            "1_000",
            "0x1F",
            "0x1f",
            "+0x1F",
            "-0x1F",
            "0x+1",
            "0o17",
            "-0o17",
            "0b101",
            "-0b101",
            "0b2",
            "0xG",
            "18446744073709551615",
            "-9223372036854775808",
            "1.5",
            "-1.5",
            "+1.5",
            "1.",
            ".5",
            "1e3",
            "1E3",
            "1e-3",
            "-1e+3",
            "1.0",
            "0.1",
            "3.14159265358979323846",
            "1e400",
            "01.5",
            "00.5",
            "0.",
            "-0.0",
            "++1",
            "+-1",
            "--1",
            "1.2.3",
            "1,000",
            "v1",
            "1.0.0",
            "2024-01-01",
            "12:30",
            "0001",
            "1e",
            "e3",
            "inf",
            "nan",
            "Infinity",
            "NaN",
            "1_0",
            "0x",
            "0o",
            "0b",
            "-",
            "+",
            ".",
            "...x",
        ];
        for text in scalars {
            for source in [format!("k: {text}\n"), format!("{text}: v\n"), format!("k: [{text}]\n")] {
                let expected = slow(&source);
                let got = read(&source);
                // The one pass may leave a document to the other readers, never read it otherwise.
                if got.is_some() || text.is_empty() {
                    assert_eq!(got, expected, "{source:?}");
                }
            }
        }
    }

    /// Every YAML file of the repository (our specs, the fixtures, the bad documents of the
    /// snapshots, the producers' specs): read once, or left to the readers, never read otherwise.
    #[test]
    fn the_repository_s_documents_read_as_serde_yaml_reads_them() {
        fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_dir() && !name.starts_with('.') && !["target", "node_modules", ".venv", "generated-client"].contains(&name.as_str()) {
                    yaml_files(&path, out);
                } else if name.ends_with(".yaml") || name.ends_with(".yml") {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        yaml_files(&root, &mut files);
        assert!(files.len() > 50, "{} YAML files", files.len());
        let (mut read_once, mut read_in_halves) = (0, 0);
        for file in &files {
            let source = std::fs::read_to_string(file).unwrap_or_default();
            if let Some(value) = read(&source) {
                // Cut between its paths where a large one would be, it reads the same.
                if let Some(halves) = split_paths(&source).and_then(|at| read_halves(&source, at)) {
                    assert_eq!(halves, value, "{}: read in halves", file.display());
                    read_in_halves += 1;
                }
                assert_eq!(Some(value), slow(&source), "{}", file.display());
                read_once += 1;
            }
        }
        assert!(read_once * 2 > files.len(), "most are read once: {read_once} of {}", files.len());
        assert!(read_in_halves > 20, "{read_in_halves} read in halves");
    }

    /// A document large enough to be parsed on a thread of its own reads the same; one with a
    /// duplicate key near its end is left to the readers.
    #[test]
    fn a_large_document_parsed_apart_reads_the_same() {
        let mut source = String::from("openapi: 3.0.3\npaths:\n");
        let mut i = 0;
        while source.len() <= PARSED_APART {
            source.push_str(&format!(
                "  /items{i}:\n    get:\n      operationId: get{i}\n      parameters: [{{name: id, in: path, required: true}}]\n      responses:\n        '200': {{description: \"ok {i}\", x-n: {i}, x-f: {i}.5, x-b: true}}\n"
            ));
            i += 1;
        }
        let value = read(&source);
        assert!(value.is_some());
        assert_eq!(value, slow(&source));
        source.push_str("  /items0:\n    get: {}\n");
        assert_eq!(read(&source), None);
        // A syntax error at the end of a large document.
        source.truncate(source.len() - 20);
        source.push_str("  [unclosed\n");
        assert_eq!(read(&source), None);
    }

    /// A document cut between two entries of its `paths` reads as it reads whole, wherever it is
    /// cut; cut inside a flow collection or a quoted scalar that goes on over the line, or with a
    /// key in both halves, it is not read in halves (and `read` reads it whole).
    #[test]
    fn a_document_cut_between_its_paths_reads_the_same() {
        let regular = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  # the items\n  /a:\n    get:\n      description: |\n        text\n  /b: {get: {responses: {'200': {description: ok}}}}\n# a comment\n  '/c':\n    x-plain: one\n      two\n  x-note: [1, 2]\n  /d: null\n  /e:\n    summary: \"quoted\"\ncomponents:\n  schemas: {A: {type: string}}\nx-after: true\n";
        let cases = [
            regular,
            "paths:\n  /a: {get: {responses: {'200': {description: ok}}},\n  /b: 1}\n  /c: {}\n",
            "paths:\n  /a:\n    description: \"one\n  /b: two\"\n  /c: {}\n",
            "paths:\n  /a:\n    description: 'one\n  /b: two'\n  /c: {}\n",
            "paths:\n  /a: {}\n  /b: {}\n  /a: {}\n",
            "openapi: x\npaths:\n  /a: {}\n  /b: {}\nopenapi: y\n",
            "paths:\n    /a: {}\n    /b: [\n    1]\n    /c: {}\n",
        ];
        for source in cases {
            let whole = read_here(source);
            let cuts = cuts(source);
            assert!(!cuts.is_empty(), "{source:?}");
            for at in cuts {
                let halves = read_halves(source, at);
                assert!(halves.is_none() || halves == whole, "{source:?} cut at {at}: {halves:?}, whole {whole:?}");
            }
        }
        // Every cut of the regular one reads, the same; each of the others has a cut that does not.
        assert!(read_here(regular).is_some());
        assert!(cuts(regular).into_iter().all(|at| read_halves(regular, at) == read_here(regular)));
        for source in [cases[1], cases[2], cases[3], cases[6]] {
            assert!(cuts(source).into_iter().any(|at| read_halves(source, at).is_none()), "{source:?}");
        }
        // A key in both halves: not read in halves, and not read at all (the readers say where).
        let twice = "paths:\n  /a: {}\n  /b: {}\n  /a: {}\n";
        assert_eq!(read_halves(twice, split_paths(twice).unwrap()), None);
        // No `paths:` line, or two.
        assert_eq!(split_paths("paths: {/a: {}, /b: {}}\n"), None);
        assert_eq!(split_paths("paths:\n  /a: {}\n  /b: {}\npaths:\n  /c: {}\n"), None);
    }

    #[test]
    fn documents_read_as_serde_yaml_reads_them() {
        let documents = [
            "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n",
            "a: {b: [1, 2, {c: d}], 'e': \"f\\u0041\", g: |\n    line one\n    line two\n  h: >-\n    folded\n    text\n}\n",
            "a:\n  - x\n  - - y\n    - z\n  -\n  - k: v\n    l:\n",
            "a: plain text\n  continued here\nb: 'it''s'\nc: \"say \\\"hi\\\"\"\n",
            "'200': {description: ok}\n200: x\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\na: 2\n",
            "a: .nan\n",
            "a: -.inf\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "? [a]\n: b\n",
            "- a\n",
            "a: [1, 2\n",
            "a: 18446744073709551616\n",
            "a:\tb\n",
            "a: 1\r\nb: 2\r\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\n...\n",
            ": v\n",
            "~: v\n",
            "a: |+\n  kept\n\n\nb: 1\n",
            "a: |-\n  stripped\n\nb: 1\n",
            "a: |2\n    indented by two more\n  b\nc: 1\n",
            "a: >\n  folded\n  lines\n\n  paragraph\n   more indented\n  back\nb: 1\n",
            "a: >+\n  x\n\n",
            "a: \"esc \\x41 \\u00e9 \\U0001F600 \\N \\_ \\L \\P \\t \\/ \\0 \\a\"\n",
            "a: \"multi\n  line\n\n  quoted\"\n",
            "a: 'single\n  multi\n\n  line'\n",
            "a: plain\n\n  with blank line\nb: x #comment\nc: 'x' # c\n",
            "a: -1\nb: - 1\nc: 1 - 2\nd: :x\ne: x:y\nf: '#not'\ng: a#b\n",
            "a: [1, 'two', \"three\", {k: v}, [x]]\nb: {a: 1, b: [2]}\n",
            "a:\n- x\n- y: 1\n  z: 2\n",
            "\"quoted key\": 1\n'single key': 2\n? explicit\n: 3\n",
            "a: !!binary aGk=\n",
            "a: 0o17\nb: 0x_1\nc: 1e+03\nd: .5e1\ne: -.5\nf: +.5\ng: 1_000.5\n",
            "a: \u{e9}t\u{e9}\nb: \u{1F600}\n",
            "---\na: 1\n",
            "a: 1 # trailing\n# comment\n",
            "a: {: v}\n",
            "a:\n  b: 1\n c: 2\n",
            "a: b: c\n",
            "a: 'unterminated\n",
            "a: \"x\" y\n",
            "- a\nb: c\n",
            "a: [b, c]]\n",
            "a: |\n  text\n b: 1\n",
            "",
            "# only a comment\n",
        ];
        let mut read_once = 0;
        for source in documents {
            let got = read(source);
            if got.is_some() {
                assert_eq!(got, slow(source), "{source:?}");
                read_once += 1;
            }
        }
        // Block scalars of every chomping, escapes, quoted scalars over several lines, flow
        // collections, explicit and quoted keys, numbers of every spelling, non-ASCII text.
        assert!(read_once >= 20, "{read_once} read once");
        // What is left to the other readers.
        for source in
            [": v\n", "a: 1\na: 2\n", "a: .nan\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "? [a]\n: b\n", "- a\n", "a: [1, 2\n", "'200': 1\n200: 2\n"]
        {
            assert_eq!(read(source), None, "{source:?}");
        }
        let nested = format!("a: {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(read(&nested), None);
        let deep = format!("a: {}{}\n", "[".repeat(MAX_DEPTH - 2), "]".repeat(MAX_DEPTH - 2));
        assert_eq!(read(&deep), slow(&deep));
    }
}
