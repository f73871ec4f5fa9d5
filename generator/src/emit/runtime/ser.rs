//! Encoding the API's objects: what every struct's `Serialize` shares.
//!
//! Each struct's `Serialize` is written by [`object!`] from its fields' names and wire names:
//! one call a field into [`Object`] (or [`Map`], for a struct that keeps undocumented
//! properties), which keeps the first error and skips the calls after it. serde's derive writes a
//! `?`, a length term and a skip test for every field instead, several times the code for the
//! compiler to check. What is written is the same: the fields in order under their wire names, an
//! optional field left out when it is `None`, a nullable one written `null` when it is
//! `Some(None)`, the undocumented properties after the fields.
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

    /// Writes an optional field, or leaves it out when it is `None`.
    #[allow(dead_code)] // used by structs with optional fields
    pub(crate) fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        match value {
            Some(value) => self.required(name, value),
            None => keep(&mut self.state, |object| object.skip_field(name)),
        }
    }

    /// Ends the struct: the first error, if a field had one.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
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

    /// Writes an optional field, or leaves it out when it is `None`.
    pub(crate) fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(name, value);
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

/// How many fields an `optional` field adds to the struct's length: one unless it is `None`.
#[allow(dead_code)] // used by structs with optional fields
pub(crate) mod optional {
    pub(crate) fn len<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }
}

/// Implements `Serialize` for the struct `$name`. Each field is given with its wire name and how
/// it is written: `required` (always) or `optional` (`Option<T>`, left out when `None`); `extra`
/// names the map of undocumented properties, written after the fields. A field not listed (a
/// multipart body's file) is not written.
macro_rules! object {
    ($name:ident { $($field:ident => $wire:literal $how:ident),* $(,)? }) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut object = $crate::ser::Object::new(serializer, stringify!($name), 0 $(+ $crate::ser::$how::len(&self.$field))*);
                $(object.$how($wire, &self.$field);)*
                object.end()
            }
        }
    };
    ($name:ident { $($field:ident => $wire:literal $how:ident),* $(,)? } extra $extra:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = $crate::ser::Map::new(serializer);
                $(object.$how($wire, &self.$field);)*
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
        note: Option<Option<String>>,
    }

    object!(Note { id => "id" required, parent => "parentId" required, title => "title" optional, note => "note" optional });

    struct Open {
        id: String,
        title: Option<String>,
        extra: BTreeMap<String, serde_json::Value>,
    }

    object!(Open { id => "id" required, title => "title" optional } extra extra);

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
            let ours = Note { id, parent, title, note };
            assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&derived).unwrap());
        }
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
        object!(Holder { a => "a" required, b => "b" optional });
        let error = serde_json::to_string(&Holder { a: Fails, b: Some("x".into()) }).unwrap_err();
        assert_eq!(error.to_string(), "no");
    }
}
