//! The round-trip check, shared by the test of each crate family (`#[path]`-included by
//! `generator/tests/fixtures-crate/tests/roundtrip.rs`, `tests/tests/roundtrip.rs` and
//! `tests/producers/tests/roundtrip.rs`): every instance drawn for a component schema, or for an
//! operation's inline JSON body or response schema (`tests/roundtrip/instances/<spec>.txt`, from
//! `instances.py`), is decoded into the schema's generated type (the family's `table.rs`, from
//! `generator::schema_types`), encoded back, and must come back the same JSON, numbers compared
//! by value (`1` is `1.0`). A valid instance that does not decode is a loss too, and so is a valid
//! value that lands in an `Unrecognized` catch-all. An operation's schema with no type of its own
//! (a list of a component, an inline body only its builder fills) is counted, not checked: what it
//! holds is checked as the components' own.
//!
//! `tests/roundtrip/known-lossy.txt` lists the losses known, one line a schema and kind of loss
//! ([`KINDS`]), with the reason: the check fails on a loss not listed (a new loss) and on a listed
//! one that is gone (fixed: delete its line), so the list is always the work still to do.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The round trip of one instance through a type: the JSON written back and whether a part of
/// the value decoded into an `Unrecognized` catch-all, or why there is no JSON.
pub type Check = fn(&str) -> Result<(String, bool), String>;

/// A component schema and its generated type.
pub struct Entry {
    /// The spec's label (`spec/botpress`, `fixtures/unions`).
    pub spec: &'static str,
    /// The schema's JSON pointer in the spec's file.
    pub pointer: &'static str,
    /// The type's path.
    pub path: &'static str,
    /// `roundtrip::<the type>`.
    pub check: Check,
}

/// Decodes `text` into `T` and encodes it back; tells whether a part of the value landed in a
/// catch-all (an `Unrecognized` variant: every string enum's and every union's is named so), which
/// a valid instance never should: its JSON survives, but a `match` on it does not.
pub fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(text: &str) -> Result<(String, bool), String> {
    let value: T = serde_json::from_str(text).map_err(|e| format!("does not decode: {e}"))?;
    let back = serde_json::to_string(&value).map_err(|e| format!("does not encode: {e}"))?;
    Ok((back, format!("{value:?}").contains("Unrecognized(")))
}

/// The workspace root.
fn root() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while !dir.join("tests/roundtrip/harness.rs").exists() {
        assert!(dir.pop(), "the workspace root (with tests/roundtrip/) is above {}", env!("CARGO_MANIFEST_DIR"));
    }
    dir
}

/// One spec's instance file.
struct Instances {
    /// `(pointer, instances as JSON text, why there are none)`, in file order.
    schemas: Vec<(String, Vec<String>, Option<String>)>,
}

const REGENERATE: &str = "tests/roundtrip/setup-venv && tests/roundtrip/.venv/bin/python tests/roundtrip/instances.py";

fn read_instances(label: &str, problems: &mut Vec<String>) -> Option<Instances> {
    let root = root();
    let file = format!("tests/roundtrip/instances/{label}.txt");
    let Ok(text) = std::fs::read_to_string(root.join(&file)) else {
        problems.push(format!("{label}: no instances ({file} is missing): run `{REGENERATE}`"));
        return None;
    };
    let mut header: BTreeMap<&str, &str> = BTreeMap::new();
    let mut schemas: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let Some((kind, payload)) = line.split_once('\t') else {
            problems.push(format!("{file}: a line without a tab: {line}"));
            continue;
        };
        let string = || serde_json::from_str::<String>(payload).unwrap_or_default();
        match (kind, schemas.last_mut()) {
            ("schema", _) => schemas.push((string(), Vec::new(), None)),
            ("instance", Some(last)) => last.1.push(payload.to_string()),
            ("error", Some(last)) => last.2 = Some(string()),
            ("dropped", Some(_)) => {}
            (_, None) => {
                header.insert(kind, payload);
            }
            (other, Some(_)) => problems.push(format!("{file}: unknown record `{other}`")),
        }
    }
    // Stale when the spec (or a file it references, or the script) changed since it was drawn.
    let inputs: Vec<String> = header.get("inputs").and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    let count = header.get("count").copied().unwrap_or_default();
    let recorded = header.get("digest").and_then(|s| serde_json::from_str::<String>(s).ok()).unwrap_or_default();
    match digest(&root, count, &inputs) {
        Ok(now) if now == recorded => {}
        Ok(_) => problems.push(format!("{label}: {file} is stale (its spec, a file it references or instances.py changed): run `{REGENERATE}`")),
        Err(e) => problems.push(format!("{label}: {file}: an input cannot be read ({e}): run `{REGENERATE}`")),
    }
    Some(Instances { schemas })
}

/// instances.py's digest: FNV-1a (64 bits) over the count and each input's path and bytes.
fn digest(root: &Path, count: &str, inputs: &[String]) -> std::io::Result<String> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(format!("count={count}").as_bytes());
    eat(b"\0");
    for input in inputs {
        let bytes = std::fs::read(root.join(input))?;
        eat(input.as_bytes());
        eat(b"\0");
        eat(&bytes);
        eat(b"\0");
    }
    Ok(format!("{h:016x}"))
}

/// The kinds of loss, as `known-lossy.txt` names them.
const KINDS: &[(&str, &str)] = &[
    ("no-decode", "a valid instance does not decode"),
    ("no-encode", "the decoded value does not encode"),
    ("float-rounding", "a number comes back a float's last digit away (serde_json parses floats without `float_roundtrip`)"),
    ("number-changed", "a number comes back another number"),
    ("null-dropped", "a `null` is not written back"),
    ("key-dropped", "a key is not written back"),
    ("key-added", "a key is written back that was not sent"),
    ("became-null", "a value is written back as `null`"),
    ("value-changed", "a value comes back another value"),
    ("catch-all", "a valid value decodes into an `Unrecognized` catch-all (its JSON survives, a `match` on it does not)"),
];

/// A line of `known-lossy.txt`: a schema that loses data one way, and why.
struct Known {
    line: usize,
    reason: String,
    seen: bool,
}

/// The known losses of the family's specs: `(spec, pointer, kind) → reason`.
fn known_lossy(specs: &[(&str, &str)], problems: &mut Vec<String>) -> BTreeMap<(String, String, String), Known> {
    let file = "tests/roundtrip/known-lossy.txt";
    let text = std::fs::read_to_string(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#')) {
        let mut parts = line.splitn(4, ' ');
        let (Some(spec), Some(pointer), Some(kind), Some(reason)) = (parts.next(), parts.next(), parts.next(), parts.next().map(str::trim)) else {
            problems.push(format!("{file}:{}: write `<spec> <pointer> <kind> <reason>`: {line}", n + 1));
            continue;
        };
        if !KINDS.iter().any(|(k, _)| *k == kind) {
            problems.push(format!("{file}:{}: `{kind}` is not a kind of loss: {:?}", n + 1, KINDS.iter().map(|(k, _)| *k).collect::<Vec<_>>()));
        }
        if reason.is_empty() {
            problems.push(format!("{file}:{}: say why {spec} {pointer} loses data", n + 1));
        }
        if specs.iter().any(|(label, _)| *label == spec) {
            let known = Known { line: n + 1, reason: reason.to_string(), seen: false };
            if out.insert((spec.to_string(), pointer.to_string(), kind.to_string()), known).is_some() {
                problems.push(format!("{file}:{}: {spec} {pointer} {kind} is listed twice", n + 1));
            }
        }
    }
    out
}

/// Runs the check over one family's specs and table; panics with every problem found. Prints
/// the figures (per spec: schemas, instances, lossless) whatever happens.
pub fn run(family: &str, specs: &[(&str, &str)], table: &[Entry], without_all_schemas: &[(&str, &str, &str)]) {
    let mut problems = Vec::new();
    let mut known = known_lossy(specs, &mut problems);
    // Every instance file of the family is a spec of the table, and the other way round.
    let dir = root().join("tests/roundtrip/instances").join(family);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().strip_suffix(".txt")?.to_string())).collect())
        .unwrap_or_default();
    files.sort();
    for file in &files {
        let label = format!("{family}/{file}");
        if !specs.iter().any(|(s, _)| *s == label) {
            problems.push(format!(
                "{label}: instances but no table: run `GENERATOR_UPDATE_FIXTURES=1 cargo test -p openapi-rs-generator --test roundtrip_tables` (and add the spec there if it is new)"
            ));
        }
    }
    // ROUNDTRIP_VERBOSE=1: every loss in the report, those of known-lossy schemas too.
    let verbose = std::env::var_os("ROUNDTRIP_VERBOSE").is_some();
    let mut lossy_schemas = Vec::new();
    let mut left_out = Vec::new();
    let (mut new_lines, mut fixed_lines) = (Vec::new(), Vec::new());
    let mut checked: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    let mut report = String::new();
    let (mut all_instances, mut all_lossless, mut all_schemas, mut all_unnamed) = (0usize, 0usize, 0usize, 0usize);
    writeln!(report, "round trip of {family}: spec, schemas, instances, lossless").unwrap();
    for (label, _) in specs {
        let Some(instances) = read_instances(label, &mut problems) else { continue };
        let entries: Vec<&Entry> = table.iter().filter(|e| e.spec == *label).collect();
        let (mut count, mut lossless, mut unnamed) = (0usize, 0usize, 0usize);
        for (pointer, drawn, error) in &instances.schemas {
            let Some(entry) = entries.iter().find(|e| e.pointer == pointer) else {
                // An operation's inline schema with no public type of its own (a list of a
                // component, an inline body the builder fills, ...): checked through what it holds.
                if pointer.starts_with("/paths/") {
                    unnamed += 1;
                    continue;
                }
                // A type behind the crate's `all-schemas` feature, which the test crate leaves off.
                if let Some((.., path)) = without_all_schemas.iter().find(|(s, p, _)| s == label && p == pointer) {
                    left_out.push(format!("{label} {pointer} ({path})"));
                    unnamed += 1;
                    continue;
                }
                problems.push(format!(
                    "{label} {pointer}: a schema with no type in the table: run `GENERATOR_UPDATE_FIXTURES=1 cargo test -p openapi-rs-generator --test roundtrip_tables`"
                ));
                continue;
            };
            if let Some(error) = error {
                problems.push(format!("{label} {pointer}: no instances were drawn: {error}"));
            }
            // Each kind of loss: how many instances, and the first one's story.
            let mut kinds: BTreeMap<&str, (usize, String)> = BTreeMap::new();
            let mut lost = 0;
            for text in drawn {
                let losses = compare(text, (entry.check)(text));
                if losses.is_empty() {
                    lossless += 1;
                    continue;
                }
                lost += 1;
                for (kind, story) in losses {
                    if verbose {
                        writeln!(report, "  LOSS {label} {pointer} ({}): {kind}: {story}", entry.path).unwrap();
                    }
                    let slot = kinds.entry(kind).or_insert((0, story));
                    slot.0 += 1;
                }
            }
            count += drawn.len();
            checked.insert((label, entry.pointer));
            if lost > 0 {
                let list = kinds.iter().map(|(k, (n, _))| format!("{k} ×{n}")).collect::<Vec<_>>().join(", ");
                lossy_schemas.push(format!("{label} {pointer}: {lost} of {} ({list})", drawn.len()));
            }
            for (kind, (n, story)) in &kinds {
                match known.get_mut(&(label.to_string(), pointer.clone(), kind.to_string())) {
                    Some(known) => known.seen = true,
                    None => {
                        problems.push(format!(
                            "{label} {pointer} ({}): NEW LOSS, {kind} in {n} of {} instances (not in tests/roundtrip/known-lossy.txt):\n    {story}",
                            entry.path,
                            drawn.len()
                        ));
                        new_lines.push(format!("{label} {pointer} {kind} "));
                    }
                }
            }
        }
        for entry in &entries {
            if !instances.schemas.iter().any(|(p, ..)| p == entry.pointer) {
                problems.push(format!("{label} {}: in the table but no instances were drawn for it: run `{REGENERATE}`", entry.pointer));
            }
        }
        let checked = instances.schemas.len() - unnamed;
        let operations = entries.iter().filter(|e| e.pointer.starts_with("/paths/")).count();
        writeln!(report, "  {label}: {checked} schemas ({operations} of operations), {count} instances, {lossless} lossless").unwrap();
        all_instances += count;
        all_lossless += lossless;
        all_schemas += checked;
        all_unnamed += unnamed;
    }
    for ((spec, pointer, kind), known) in &known {
        if !checked.contains(&(spec.as_str(), pointer.as_str())) {
            problems.push(format!(
                "{spec} {pointer}: line {} of tests/roundtrip/known-lossy.txt names no schema the check has a type for: delete it",
                known.line
            ));
            fixed_lines.push(known.line);
        } else if !known.seen {
            problems.push(format!(
                "{spec} {pointer}: FIXED, no {kind} any more: delete line {} of tests/roundtrip/known-lossy.txt (it said: {})",
                known.line, known.reason
            ));
            fixed_lines.push(known.line);
        }
    }
    // What to do about it, in one step each: the lines to delete, and the lines to add (each
    // once its reason is written after it: a line without one is refused).
    if !fixed_lines.is_empty() {
        // By the lines' text, not their numbers: the three families' commands may run in any order.
        let file = "tests/roundtrip/known-lossy.txt";
        let text = std::fs::read_to_string(root().join(file)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        fixed_lines.sort_unstable();
        let patterns: String =
            fixed_lines.iter().filter_map(|n| lines.get(n - 1)).map(|line| format!(" -e '{}'", line.replace('\'', "'\\''"))).collect();
        problems.push(format!("to delete every line above that names a loss gone: grep -vxF{patterns} {file} > {file}.new; mv {file}.new {file}"));
    }
    if !new_lines.is_empty() {
        problems.push(format!(
            "the lines a new loss needs in tests/roundtrip/known-lossy.txt, once its cause is known and written after each (or better, fix it):\n{}",
            new_lines.join("\n")
        ));
    }
    let share = if all_instances == 0 { 100.0 } else { 100.0 * all_lossless as f64 / all_instances as f64 };
    writeln!(
        report,
        "  all: {all_schemas} schemas, {all_instances} instances, {all_lossless} lossless ({share:.1} %); not checked: {} schemas of operations with no type of their own, {} behind `all-schemas`",
        all_unnamed - left_out.len(),
        left_out.len()
    )
    .unwrap();
    if !left_out.is_empty() {
        writeln!(
            report,
            "  not checked, their types behind the clients' `all-schemas` feature (turn it on in the test crate's dev-dependency to check them):\n    {}",
            left_out.join("\n    ")
        )
        .unwrap();
    }
    if !lossy_schemas.is_empty() {
        writeln!(report, "  lossy schemas (instances lost of drawn, by kind; ROUNDTRIP_VERBOSE=1 shows each):\n    {}", lossy_schemas.join("\n    "))
            .unwrap();
    }
    // Straight to stderr, past the test harness's capture: the figure is wanted on success too.
    use std::io::Write as _;
    let _ = std::io::stderr().write_all(report.as_bytes());
    assert!(problems.is_empty(), "the round-trip check of {family} failed:\n{}", problems.join("\n"));
}

/// What `back` lost of `text` (numbers compared by value): each kind of loss once, with the
/// first place it happens and the instance. Empty when nothing was lost.
fn compare(text: &str, back: Result<(String, bool), String>) -> Vec<(&'static str, String)> {
    let instance = format!("\n      instance: {}", short(text, 400));
    let (back, caught) = match back {
        Ok(back) => back,
        Err(e) if e.starts_with("does not decode") => return vec![("no-decode", format!("{e}{instance}"))],
        Err(e) => return vec![("no-encode", format!("{e}{instance}"))],
    };
    let (Some(sent), Some(got)) = (Json::parse(text), Json::parse(&back)) else {
        return vec![("value-changed", format!("came back as text that is not JSON: {}{instance}", short(&back, 200)))];
    };
    let mut differences = Vec::new();
    differences_of(&sent, &got, String::new(), &mut differences);
    let show = |v: Option<&Json>| v.map_or("(absent)".to_string(), |v| short(&v.to_string(), 120));
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if caught {
        out.push(("catch-all", format!("decodes into an `Unrecognized` catch-all{instance}")));
    }
    for (at, was, now) in differences {
        let kind = match (was, now) {
            (Some(a @ Json::Number(..)), Some(b @ Json::Number(..))) if a.close_to(b) => "float-rounding",
            (Some(Json::Number(..)), Some(Json::Number(..))) => "number-changed",
            (Some(Json::Null), None) => "null-dropped",
            (Some(_), None) => "key-dropped",
            (None, Some(_)) => "key-added",
            (Some(_), Some(Json::Null)) => "became-null",
            _ => "value-changed",
        };
        if !out.iter().any(|(k, _)| *k == kind) {
            out.push((kind, format!("at `{at}`: {} came back {}{instance}\n      back:     {}", show(was), show(now), short(&back, 400))));
        }
    }
    out
}

fn short(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// A JSON value whose numbers keep their exact value: `(negative, digits, exponent)`, the
/// digits without leading or trailing zeros (zero: no digits).
#[derive(Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(bool, String, i64),
    String(String),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

impl Json {
    fn parse(text: &str) -> Option<Json> {
        let mut p = Parser { s: text.as_bytes(), i: 0 };
        let v = p.value()?;
        p.ws();
        (p.i == p.s.len()).then_some(v)
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, word: &str) -> Option<()> {
        self.s[self.i..].starts_with(word.as_bytes()).then(|| self.i += word.len())
    }

    fn value(&mut self) -> Option<Json> {
        self.ws();
        match *self.s.get(self.i)? {
            b'n' => self.eat("null").map(|_| Json::Null),
            b't' => self.eat("true").map(|_| Json::Bool(true)),
            b'f' => self.eat("false").map(|_| Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat("]").is_some() {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value()?);
                    self.ws();
                    if self.eat(",").is_none() {
                        self.eat("]")?;
                        return Some(Json::Array(items));
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut map = BTreeMap::new();
                self.ws();
                if self.eat("}").is_some() {
                    return Some(Json::Object(map));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.ws();
                    self.eat(":")?;
                    let value = self.value()?;
                    // A key twice is not JSON this check expects.
                    if map.insert(key, value).is_some() {
                        return None;
                    }
                    self.ws();
                    if self.eat(",").is_none() {
                        self.eat("}")?;
                        return Some(Json::Object(map));
                    }
                }
            }
            _ => self.number(),
        }
    }

    fn string(&mut self) -> Option<String> {
        self.eat("\"")?;
        let mut out = String::new();
        loop {
            let start = self.i;
            while !matches!(self.s.get(self.i)?, b'"' | b'\\') {
                self.i += 1;
            }
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).ok()?);
            if self.eat("\"").is_some() {
                return Some(out);
            }
            self.i += 1;
            let escaped = *self.s.get(self.i)?;
            self.i += 1;
            match escaped {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let high = self.hex4()?;
                    let code = if (0xd800..0xdc00).contains(&high) {
                        self.eat("\\u")?;
                        let low = self.hex4()?;
                        0x10000 + ((high - 0xd800) << 10) + (low.checked_sub(0xdc00)?)
                    } else {
                        high
                    };
                    out.push(char::from_u32(code)?);
                }
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let hex = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
        self.i += 4;
        u32::from_str_radix(hex, 16).ok()
    }

    fn number(&mut self) -> Option<Json> {
        let negative = self.eat("-").is_some();
        let digits = |p: &mut Self| {
            let start = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            std::str::from_utf8(&p.s[start..p.i]).ok().map(str::to_string)
        };
        let int = digits(self)?;
        if int.is_empty() {
            return None;
        }
        let frac = if self.eat(".").is_some() { digits(self)? } else { String::new() };
        let mut exponent: i64 = 0;
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            let minus = self.eat("-").is_some();
            if !minus {
                let _ = self.eat("+");
            }
            let e = digits(self)?;
            exponent = e.parse::<i64>().ok()?;
            if minus {
                exponent = -exponent;
            }
        }
        let mut all = format!("{int}{frac}");
        exponent -= frac.len() as i64;
        let trimmed = all.trim_start_matches('0').to_string();
        all = trimmed;
        while all.ends_with('0') {
            all.pop();
            exponent += 1;
        }
        if all.is_empty() {
            return Some(Json::Number(false, String::new(), 0));
        }
        Some(Json::Number(negative, all, exponent))
    }
}

/// Every place `a` and `b` differ (not inside a value that is absent from one of them): its
/// JSON pointer and the value of each there.
fn differences_of<'a>(a: &'a Json, b: &'a Json, at: String, out: &mut Vec<(String, Option<&'a Json>, Option<&'a Json>)>) {
    match (a, b) {
        (Json::Array(x), Json::Array(y)) => {
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                differences_of(x, y, format!("{at}/{i}"), out);
            }
            for i in y.len()..x.len() {
                out.push((format!("{at}/{i}"), x.get(i), None));
            }
            for i in x.len()..y.len() {
                out.push((format!("{at}/{i}"), None, y.get(i)));
            }
        }
        (Json::Object(x), Json::Object(y)) => {
            for (key, x) in x {
                match y.get(key) {
                    Some(y) => differences_of(x, y, format!("{at}/{key}"), out),
                    None => out.push((format!("{at}/{key}"), Some(x), None)),
                }
            }
            out.extend(y.iter().filter(|(k, _)| !x.contains_key(*k)).map(|(k, v)| (format!("{at}/{k}"), None, Some(v))));
        }
        _ if a != b => out.push((at, Some(a), Some(b))),
        _ => {}
    }
}

impl Json {
    /// Whether two numbers are within a few units of the last place of an f64 of each other
    /// (what a float parsed without `float_roundtrip` comes back as).
    fn close_to(&self, other: &Json) -> bool {
        let (Some(a), Some(b)) = (self.as_f64(), other.as_f64()) else { return false };
        a == b || ((a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs()) && a.signum() == b.signum())
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(..) => self.to_string().parse().ok(),
            _ => None,
        }
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Number(_, digits, _) if digits.is_empty() => f.write_str("0"),
            // Scientific, every digit kept: `1.8068161558998726e-66`.
            Json::Number(negative, digits, exponent) => {
                let sign = if *negative { "-" } else { "" };
                let (first, rest) = digits.split_at(1);
                let e = exponent + rest.len() as i64;
                match (rest.is_empty(), e) {
                    (true, 0) => write!(f, "{sign}{first}"),
                    (true, _) => write!(f, "{sign}{first}e{e}"),
                    (false, _) => write!(f, "{sign}{first}.{rest}e{e}"),
                }
            }
            Json::String(s) => write!(f, "{s:?}"),
            Json::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    write!(f, "{}{item}", if i > 0 { "," } else { "" })?;
                }
                f.write_str("]")
            }
            Json::Object(map) => {
                f.write_str("{")?;
                for (i, (k, v)) in map.iter().enumerate() {
                    write!(f, "{}{k:?}:{v}", if i > 0 { "," } else { "" })?;
                }
                f.write_str("}")
            }
        }
    }
}

#[test]
fn numbers_compare_by_value() {
    let n = |s: &str| Json::parse(s).unwrap();
    assert_eq!(n("1"), n("1.0"));
    assert_eq!(n("100"), n("1e2"));
    assert_eq!(n("0.5"), n("5E-1"));
    assert_eq!(n("-0"), n("0.0"));
    assert_eq!(n("[1, {\"a\": \"\\u00e9\\ud83d\\ude00\"}]"), n("[1.00,{\"a\":\"é😀\"}]"));
    assert_ne!(n("-8.783288068298986e-57"), n("-8.783288068298987e-57"));
    assert_ne!(n("1"), n("-1"));
    assert_ne!(n("{\"a\": 1}"), n("{\"a\": 1, \"b\": null}"));
    assert_eq!(n("-120").to_string(), "-1.2e2");
    let kinds = |a: &str, b: &str| compare(a, Ok((b.to_string(), false))).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert_eq!(kinds("{\"a\": [1, 2.5e-3]}", "{\"a\": [1.0, 0.0025]}"), Vec::<&str>::new());
    assert_eq!(kinds("{\"a\": [1, 2.5e-3]}", "{\"a\": [1, 3]}"), ["number-changed"]);
    assert_eq!(kinds("[-8.783288068298986e-57]", "[-8.783288068298987e-57]"), ["float-rounding"]);
    assert_eq!(kinds("{\"a\": null, \"b\": 1, \"c\": 2}", "{\"c\": null, \"d\": 1}"), ["null-dropped", "key-dropped", "became-null", "key-added"]);
    assert_eq!(kinds("[\"x\"]", "[\"y\"]"), ["value-changed"]);
    assert_eq!(compare("1", Err("does not decode: no".into()))[0].0, "no-decode");
    assert_eq!(compare("1", Ok(("1".into(), true)))[0].0, "catch-all");
    assert!(Json::parse("{\"a\": 1, \"a\": 2}").is_none());
    assert!(Json::parse("[1,]").is_none());
}
