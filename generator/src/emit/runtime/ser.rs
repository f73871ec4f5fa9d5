//! Encoding the API's objects: what every struct's `Serialize` shares.
//!
//! Each struct's `Serialize` is written by [`object!`] from its fields' names and wire names:
//! one call a field into [`Object`] (or [`Map`], for a struct that keeps undocumented
//! properties), which keeps the first error and skips the calls after it. serde's derive writes a
//! `?`, a length term and a skip test for every field instead, several times the code for the
//! compiler to check. What is written is the same: the fields in order under their wire names, an
//! optional field left out when it is `None`, an optional nullable one written `null` when it is
//! `None` and its bit in the struct's [`Nulls`] is set, the undocumented properties after the
//! fields.
//!
//! This file is the same in every crate the generator writes.

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

/// A struct being written, field by field, as serde's `SerializeStruct`.
pub(crate) struct Object<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> Object<S> {
    /// Starts the struct `name` with `len` fields to write.
    pub(crate) fn new(serializer: S, name: &'static str, len: usize) -> Self {
        Object { state: serializer.serialize_struct(name, len) }
    }

    /// Writes a field that is always written (`None` of a required nullable field is `null`).
    #[allow(dead_code)] // used by structs with required fields
    pub(crate) fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        keep(&mut self.state, |object| object.serialize_field(name, value));
    }

    /// Writes a required nullable field: always, `None` as `null`.
    #[allow(dead_code)] // used by structs with required nullable fields
    pub(crate) fn required_nullable<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        self.required(name, value);
    }

    /// Writes an optional field, or leaves it out when it is `None`.
    #[allow(dead_code)] // used by structs with optional fields
    pub(crate) fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        match value {
            Some(value) => self.required(name, value),
            None => keep(&mut self.state, |object| object.skip_field(name)),
        }
    }

    /// Writes an optional field of any JSON (`Some(Value::Null)` is `null`), or leaves it out
    /// when it is `None`.
    #[allow(dead_code)] // used by structs with optional fields of any JSON
    pub(crate) fn any<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        self.optional(name, value);
    }

    /// Writes an optional nullable field: its value, `null` when it is `None` and `null` is
    /// what it holds, or nothing.
    #[allow(dead_code)] // used by structs with optional nullable fields
    pub(crate) fn nullable<T: Serialize>(&mut self, name: &'static str, value: &Option<T>, null: bool) {
        match (value, null) {
            (None, true) => self.required(name, &()),
            _ => self.optional(name, value),
        }
    }

    /// Ends the struct: the first error, if a field had one.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

/// Which of a struct's optional nullable fields hold `null`, rather than being left out: read
/// from a value that has `null` there, or set by a `clear_*` setter, and written back as `null`.
/// Such a field is an `Option<T>` for whoever reads it (`None` for both); the struct's `is_null`
/// tells the two apart. One bit a field, by its place among them; no allocation until a bit is
/// set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Nulls(Vec<u64>);

#[allow(dead_code)] // used by structs with optional nullable fields
impl Nulls {
    /// Whether field `bit` holds `null`.
    pub(crate) fn get(&self, bit: usize) -> bool {
        self.0.get(bit / 64).is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }

    /// Says whether field `bit` holds `null`.
    pub(crate) fn set(&mut self, bit: usize, null: bool) {
        let (word, mask) = (bit / 64, 1u64 << (bit % 64));
        if null {
            if self.0.len() <= word {
                self.0.resize(word + 1, 0);
            }
            self.0[word] |= mask;
        } else if let Some(found) = self.0.get_mut(word) {
            *found &= !mask;
            // No trailing empty words: equal sets compare equal.
            while self.0.last() == Some(&0) {
                self.0.pop();
            }
        }
    }
}

/// The JSON object a setter of a free-form object was given: a `serde_json::Map`, a
/// `json!({..})`, a map, or a struct of the caller's that serializes as an object.
///
/// # Panics
///
/// When the value is not a JSON object (a string, a list, `null`): a call that gives a setter of
/// an object something else is a mistake in the calling code, not something a server sent.
#[allow(dead_code)] // used by crates whose structs have free-form object fields
pub(crate) fn object_of(value: impl Serialize) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(other) => panic!("a JSON object was expected, not `{other}`"),
        Err(error) => panic!("a JSON object was expected: {error}"),
    }
}

/// A struct with undocumented properties being written, as a map (what serde's derive does for
/// a struct with a `#[serde(flatten)]` field).
pub(crate) struct Map<S: Serializer> {
    state: Result<S::SerializeMap, S::Error>,
}

#[allow(dead_code)] // used by structs with `additionalProperties`
impl<S: Serializer> Map<S> {
    /// Starts the map.
    pub(crate) fn new(serializer: S) -> Self {
        Map { state: serializer.serialize_map(None) }
    }

    /// Writes a field that is always written.
    pub(crate) fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        keep(&mut self.state, |map| map.serialize_entry(name, value));
    }

    /// Writes a required nullable field: always, `None` as `null`.
    pub(crate) fn required_nullable<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        self.required(name, value);
    }

    /// Writes an optional field, or leaves it out when it is `None`.
    pub(crate) fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(name, value);
        }
    }

    /// Writes an optional field of any JSON, or leaves it out when it is `None`.
    pub(crate) fn any<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        self.optional(name, value);
    }

    /// Writes an optional nullable field: its value, `null`, or nothing.
    pub(crate) fn nullable<T: Serialize>(&mut self, name: &'static str, value: &Option<T>, null: bool) {
        match (value, null) {
            (None, true) => self.required(name, &()),
            _ => self.optional(name, value),
        }
    }

    /// Writes the undocumented properties, each under its own key.
    pub(crate) fn extra<T: Serialize>(&mut self, extra: &std::collections::BTreeMap<String, T>) {
        for (key, value) in extra {
            keep(&mut self.state, |map| map.serialize_entry(key, value));
        }
    }

    /// Ends the map: the first error, if a field had one.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

/// Runs `write` on the serializer in `state` unless an earlier write failed; its error, if it
/// has one, is kept and ends the writing.
fn keep<W, E>(state: &mut Result<W, E>, write: impl FnOnce(&mut W) -> Result<(), E>) {
    if let Ok(serializer) = state {
        if let Err(error) = write(serializer) {
            *state = Err(error);
        }
    }
}

/// How many fields a `required` field adds to the struct's length: one.
#[allow(dead_code)] // used by structs with required fields
pub(crate) mod required {
    pub(crate) fn len<T: ?Sized>(_: &T) -> usize {
        1
    }
}

/// How many fields a `required_nullable` field adds to the struct's length: one.
#[allow(dead_code)] // used by structs with required nullable fields
pub(crate) mod required_nullable {
    pub(crate) fn len<T>(_: &Option<T>) -> usize {
        1
    }
}

/// How many fields an `optional` field adds to the struct's length: one unless it is `None`.
#[allow(dead_code)] // used by structs with optional fields
pub(crate) mod optional {
    pub(crate) fn len<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }
}

/// How many fields an `any` field adds to the struct's length: one unless it is `None`.
#[allow(dead_code)] // used by structs with optional fields of any JSON
pub(crate) mod any {
    pub(crate) fn len<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }
}

/// How many fields a `nullable` field adds to the struct's length: one unless it is left out.
#[allow(dead_code)] // used by structs with optional nullable fields
pub(crate) mod nullable {
    pub(crate) fn len<T>(value: &Option<T>, null: bool) -> usize {
        usize::from(value.is_some() || null)
    }
}

/// Implements `Serialize` and `Deserialize` for the struct `$name`, from one list of its fields:
/// each with its wire name and its kind, which says how it is written and read —
///
/// - `required`: always written; left out is an error;
/// - `required_nullable` (`Option<T>`): always written, `None` as `null`; read as `optional`;
/// - `optional` (`Option<T>`): left out when `None`; left out or `null` reads as `None`;
/// - `any` (`Option<serde_json::Value>`, a field of any JSON): left out when `None`; `null` reads
///   as `Some(Value::Null)`, so that it is written back as it came;
/// - `nullable(nulls, N)` (`Option<T>`): when `None`, `null` if bit `N` of the struct's [`Nulls`]
///   field `nulls` is set, else left out; `null` read sets the bit.
///
/// `skip { .. }` lists the fields never read nor written (a multipart body's files: their
/// `Default` when read), `nulls` names the struct's [`Nulls`], `extra` the map of undocumented
/// properties (written after the fields). A struct that is only written (a body only its request
/// builder fills in) starts with `write_only` and gets no `Deserialize`. The reading half is
/// `crate::de::object!`.
macro_rules! object {
    (write_only $name:ident { $($field:ident => $wire:literal $how:ident $(($nulls:ident, $bit:literal))?),* $(,)? } $(nulls $all:ident)? $(extra $extra:ident)?) => {
        $crate::ser::object!(@write $name { $($field => $wire $how $(($nulls, $bit))?),* } $(extra $extra)?);
    };
    ($name:ident { $($field:ident => $wire:literal $how:ident $(($nulls:ident, $bit:literal))?),* $(,)? } $(skip { $($skip:ident),* })? $(nulls $all:ident)? $(extra $extra:ident)?) => {
        $crate::ser::object!(@write $name { $($field => $wire $how $(($nulls, $bit))?),* } $(extra $extra)?);
        $crate::de::object!($name { $($field => $wire $how $(($nulls, $bit))?),* } $(skip { $($skip),* })? $(nulls $all)? $(extra $extra)?);
    };
    (@write $name:ident { $($field:ident => $wire:literal $how:ident $(($nulls:ident, $bit:literal))?),* }) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut object = $crate::ser::Object::new(serializer, stringify!($name), 0 $(+ $crate::ser::$how::len(&self.$field $(, self.$nulls.get($bit))?))*);
                $(object.$how($wire, &self.$field $(, self.$nulls.get($bit))?);)*
                object.end()
            }
        }
    };
    (@write $name:ident { $($field:ident => $wire:literal $how:ident $(($nulls:ident, $bit:literal))?),* } extra $extra:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = $crate::ser::Map::new(serializer);
                $(object.$how($wire, &self.$field $(, self.$nulls.get($bit))?);)*
                object.extra(&self.$extra);
                object.end()
            }
        }
    };
}

pub(crate) use object;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    /// Fields of every kind, written as serde's derive writes them.
    #[derive(serde::Serialize)]
    struct Derived {
        id: String,
        #[serde(rename = "parentId")]
        parent: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<Option<String>>,
    }

    struct Note {
        id: String,
        parent: Option<String>,
        title: Option<String>,
        note: Option<String>,
        nulls: super::Nulls,
    }

    object!(write_only Note { id => "id" required, parent => "parentId" required, title => "title" optional, note => "note" nullable(nulls, 0) } nulls nulls);

    struct Open {
        id: String,
        title: Option<String>,
        extra: BTreeMap<String, serde_json::Value>,
    }

    object!(write_only Open { id => "id" required, title => "title" optional } extra extra);

    #[test]
    fn fields_are_written_as_serde_derive_writes_them() {
        for (id, parent, title, note) in [
            ("n1", None, None, None),
            ("n2", Some("p"), Some("T"), Some(None)),
            ("n\"3", Some("q"), None, Some(Some("x"))),
        ] {
            let (id, parent, title) = (id.to_string(), parent.map(str::to_string), title.map(str::to_string));
            let note = note.map(|n: Option<&str>| n.map(str::to_string));
            let derived = Derived { id: id.clone(), parent: parent.clone(), title: title.clone(), note: note.clone() };
            let mut nulls = super::Nulls::default();
            nulls.set(0, note == Some(None));
            let ours = Note { id, parent, title, note: note.flatten(), nulls };
            assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&derived).unwrap());
        }
    }

    #[test]
    fn nulls_are_a_set_of_bits() {
        let mut nulls = super::Nulls::default();
        assert!(!nulls.get(0) && !nulls.get(200));
        nulls.set(70, true);
        nulls.set(3, true);
        assert!(nulls.get(70) && nulls.get(3) && !nulls.get(4));
        nulls.set(70, false);
        nulls.set(3, false);
        assert_eq!(nulls, super::Nulls::default(), "equal sets are equal");
    }

    #[test]
    fn undocumented_properties_follow_the_fields() {
        let open = Open { id: "o".into(), title: None, extra: [("z".to_string(), serde_json::json!([1])), ("a".to_string(), serde_json::json!(null))].into() };
        assert_eq!(serde_json::to_string(&open).unwrap(), r#"{"id":"o","a":null,"z":[1]}"#);
    }

    #[test]
    fn the_first_error_is_returned() {
        struct Fails;
        impl serde::Serialize for Fails {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        struct Holder {
            a: Fails,
            b: Option<String>,
        }
        object!(write_only Holder { a => "a" required, b => "b" optional });
        let error = serde_json::to_string(&Holder { a: Fails, b: Some("x".into()) }).unwrap_err();
        assert_eq!(error.to_string(), "no");
    }
}
