//! What the parsers would lose without a word: duplicate keys (the last one wins) and YAML's
//! `.nan` and `.inf` (JSON, and so the document model, cannot hold them).

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::openapi::pointer;

use super::position::{locate, locate_key, walk, Visit};
use super::shape::{path_to_pointer, strip_position};

/// Duplicate keys (the parsers keep the last one) and, in YAML, `.nan` and `.inf` (which JSON, and
/// so the document model, cannot hold): errors, each with its location.
/// Also says where reading stopped when the YAML could not be read at all (a syntax error, most
/// likely; nothing was checked then): the pointer and the line and column.
pub(super) type Stopped = Option<(String, Option<(usize, usize)>)>;

pub(super) fn lossy_values(path: &Path, source: &str, is_json: bool) -> (Vec<Diagnostic>, Stopped) {
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
                let text = if number.is_nan() {
                    ".nan"
                } else if number > 0.0 {
                    ".inf"
                } else {
                    "-.inf"
                };
                let key = pointer::split_last(&pointer).map(|(_, last)| last).unwrap_or_default();
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
    use std::borrow::Cow;
    use std::cell::RefCell;

    /// Where a node is: its key or index under its parent's place (the pointer is spelled out
    /// only for a duplicate, not for each of a large document's million nodes).
    enum Place<'p> {
        Root,
        Key(&'p Place<'p>, &'p str),
        Index(&'p Place<'p>, usize),
    }
    impl Place<'_> {
        fn pointer(&self) -> String {
            match self {
                Place::Root => String::new(),
                Place::Key(parent, key) => pointer::join(&parent.pointer(), key),
                Place::Index(parent, i) => format!("{}/{i}", parent.pointer()),
            }
        }
    }
    struct Node<'p, 'o> {
        place: &'p Place<'p>,
        out: &'o RefCell<Vec<String>>,
    }
    impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    /// A key, borrowed from the text unless it has escapes.
    struct Key<'de>(Cow<'de, str>);
    impl<'de> serde::Deserialize<'de> for Key<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct KeyVisitor;
            impl<'de> Visitor<'de> for KeyVisitor {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a key")
                }
                fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Borrowed(key)))
                }
                fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(key.to_owned())))
                }
            }
            d.deserialize_str(KeyVisitor)
        }
    }
    impl<'de> Visitor<'de> for Node<'_, '_> {
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
            while seq.next_element_seed(Node { place: &Place::Index(self.place, i), out: self.out })?.is_some() {
                i += 1;
            }
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                let again = !seen.insert(key.clone());
                let place = Place::Key(self.place, &key);
                if again {
                    self.out.borrow_mut().push(place.pointer());
                }
                map.next_value_seed(Node { place: &place, out: self.out })?;
            }
            Ok(())
        }
    }
    let out = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(source);
    let _ = Node { place: &Place::Root, out: &out }.deserialize(&mut de);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicate_keys_in_one_mapping_only() {
        let yaml = "a: {x: 1}\nb: 1\na: {x: 2}\nc: [{y: 1}, {y: 2}]\n";
        let dups = duplicate_keys(yaml);
        assert_eq!(dups, vec![DuplicateKey { pointer: "/a".into(), first: (1, 1), again: (3, 1) }]);
        let json = "{\"p\": {\"t\": 1}, \"p\": {\"t\": 2}}";
        assert_eq!(duplicate_keys(json).len(), 1);
    }

    #[test]
    fn json_duplicates_are_found_in_large_objects_and_through_escapes() {
        let mut keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        keys.push("\"k3\": 0".into());
        keys.push("\"k30\": 0".into());
        let json = format!("{{\"big\": {{{}}}, \"list\": [{{\"a\\u0062\": 1, \"ab\": 2}}], \"x~/\": {{\"q\": 1, \"q\": 2}}}}", keys.join(", "));
        assert_eq!(json_duplicate_keys(&json), ["/big/k3", "/big/k30", "/list/0/ab", "/x~0~1/q"]);
        assert_eq!(json_duplicate_keys("{\"a\": {\"b\": 1}, \"c\": {\"b\": 1}}"), Vec::<String>::new());
    }

    #[test]
    fn a_number_and_a_string_with_the_same_text_are_different_keys() {
        assert_eq!(duplicate_keys("a: {1: x, '1': y, true: x, 'true': y}"), vec![]);
        assert_eq!(duplicate_keys("a: {x: 1, 'x': 2}").len(), 1);
    }
}
