//! Decoding the API's objects: one visitor for every struct of the crate.
//!
//! Each struct's `Deserialize` is written by [`object!`] from its fields' names, wire names and
//! how each is read: a loop over the object's keys, a `match` of the wire names, and the struct
//! built at the end (its [`Object::read`]). The visitor, the key type and the bookkeeping are
//! here, once, instead of the visitor, field enum and sequence reader serde's derive writes for
//! every struct (five times the code, and most of the crate's compile time). [`Entries`] keeps
//! the first error and stops at it, so that a field costs one call and no `?` in the struct's
//! own code (a `?` is a `match` and two trait lookups for the compiler to check). What is decoded is
//! the same: unknown fields are skipped, a field given twice or a required field left out is an
//! error with serde's own message, `null` for an optional field is `None` (but for a field of
//! any JSON, where `null` is a value: `Some(Value::Null)`).
//!
//! This file is the same in every crate the generator writes.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A struct read from an object by [`deserialize`].
pub(crate) trait Object: Sized {
    /// Its name in error messages (`expected struct User`).
    const NAME: &'static str;
    /// Its fields' wire names, for the formats that ask for them.
    const FIELDS: &'static [&'static str];

    /// Reads the struct from the object's entries.
    fn read<'de, A: MapAccess<'de>>(map: Entries<'de, A>) -> Result<Self, A::Error>;
}

/// Reads a `T` from `deserializer`, which must hold an object.
pub(crate) fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Entries { map, error: None, marker: PhantomData })
    }
}

/// The entries of an object being read, key by key.
pub(crate) struct Entries<'de, A: MapAccess<'de>> {
    map: A,
    /// The first error: no key is read after it.
    error: Option<A::Error>,
    marker: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Entries<'de, A> {
    /// The next key, `None` at the end of the object or after an error.
    pub(crate) fn key(&mut self) -> Option<Key<'de>> {
        if self.error.is_some() {
            return None;
        }
        let key = self.map.next_key();
        self.keep(key).flatten()
    }

    /// Reads the value of the field `name` into `slot` (an error if it was already there).
    #[allow(dead_code)] // used by structs with fields
    pub(crate) fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, name: &'static str) {
        if slot.is_some() {
            self.error = Some(de::Error::duplicate_field(name));
            return;
        }
        let value = self.map.next_value();
        *slot = self.keep(value);
    }

    /// Reads the value of an undocumented property `key` into `extra`.
    #[allow(dead_code)] // used by structs with `additionalProperties`
    pub(crate) fn extra<T: Deserialize<'de>>(&mut self, key: &Key<'de>, extra: &mut std::collections::BTreeMap<String, T>) {
        let value = self.map.next_value();
        if let Some(value) = self.keep(value) {
            extra.insert(key.as_str().to_owned(), value);
        }
    }

    /// Skips the value of a key the struct does not know.
    #[allow(dead_code)] // used by structs without `additionalProperties`
    pub(crate) fn skip(&mut self) {
        let value = self.map.next_value::<IgnoredAny>();
        self.keep(value);
    }

    /// The value of a result, or `None` with its error kept.
    fn keep<T>(&mut self, result: Result<T, A::Error>) -> Option<T> {
        result.map_err(|error| self.error = Some(error)).ok()
    }

    /// The first error of the object's entries, if one had one.
    pub(crate) fn finish(&mut self) -> Result<(), A::Error> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// serde's `missing field` error for the required field `name`.
    #[allow(dead_code)] // used by structs with required fields
    pub(crate) fn missing(&self, name: &'static str) -> A::Error {
        de::Error::missing_field(name)
    }
}

/// An optional field's value: left out or `null` is `None`.
#[allow(dead_code)] // used by structs with optional fields
pub(crate) fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// An optional nullable field's value, and whether it was `null` (left out: `None`, not null).
#[allow(dead_code)] // used by structs with optional nullable fields
pub(crate) fn nullable<T>(slot: Option<Option<T>>, nulls: &mut crate::ser::Nulls, bit: usize) -> Option<T> {
    nulls.set(bit, matches!(slot, Some(None)));
    slot.flatten()
}

/// Implements `Deserialize` for the struct `$name` through [`Object`]: the reading half of
/// `crate::ser::object!`, the one line of each struct, which calls it. Each field is given with
/// its wire name and how it is read: `required` (left out is an error), `optional` or
/// `required_nullable` (`Option<T>`: left out or `null` is `None`), `nullable(nulls, N)` (`Option<T>` too, and `null` sets bit `N`
/// of the struct's `nulls`, so that it is written back) or `any` (`Option<serde_json::Value>`, a field
/// of any JSON: left out is `None`, `null` is `Some(Value::Null)`, so that it is written back as
/// it came). `skip { .. }` lists the fields never read (a multipart body's files: their
/// `Default`), `nulls` names the struct's [`crate::ser::Nulls`], `extra` the map that takes the
/// undocumented properties.
macro_rules! object {
    ($name:ident { $($field:ident => $wire:literal $how:ident $(($nf:ident, $bit:literal))?),* $(,)? } $(skip { $($skip:ident),* })? $(nulls $nulls:ident)? $(extra $extra:ident)?) => {
        impl $crate::de::Object for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn read<'de, A: serde::de::MapAccess<'de>>(mut map: $crate::de::Entries<'de, A>) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                $(let mut $nulls = $crate::ser::Nulls::default();)?
                $(let mut $extra = std::collections::BTreeMap::new();)?
                while let Some(key) = map.key() {
                    match key.as_str() {
                        $($wire => map.value(&mut $field, $wire),)*
                        _ => $crate::de::object!(@other map key $($extra)?),
                    }
                }
                map.finish()?;
                Ok(Self {
                    $($field: $crate::de::object!(@finish map $field $wire $how $(($nf, $bit))?),)*
                    $($($skip: Default::default(),)*)?
                    $($nulls,)?
                    $($extra,)?
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::de::deserialize(deserializer)
            }
        }
    };
    (@other $map:ident $key:ident) => { $map.skip() };
    (@other $map:ident $key:ident $extra:ident) => { $map.extra(&$key, &mut $extra) };
    (@finish $map:ident $field:ident $wire:literal required) => {
        match $field {
            Some(value) => value,
            None => return Err($map.missing($wire)),
        }
    };
    (@finish $map:ident $field:ident $wire:literal optional) => { $crate::de::optional($field) };
    (@finish $map:ident $field:ident $wire:literal required_nullable) => { $crate::de::optional($field) };
    (@finish $map:ident $field:ident $wire:literal nullable ($nulls:ident, $bit:literal)) => { $crate::de::nullable($field, &mut $nulls, $bit) };
    (@finish $map:ident $field:ident $wire:literal any) => { $field };
}

pub(crate) use object;

/// An object's key: borrowed from the input where it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    /// A struct with a required, an optional and a nullable optional field, and undocumented
    /// properties, as the generator writes it.
    #[derive(Debug, PartialEq)]
    struct Note {
        id: String,
        title: Option<String>,
        parent: Option<String>,
        nulls: crate::ser::Nulls,
        extra: BTreeMap<String, serde_json::Value>,
    }

    object!(Note { id => "id" required, title => "title" optional, parent => "parent" nullable(nulls, 0) } nulls nulls extra extra);

    fn nulls(null: bool) -> crate::ser::Nulls {
        let mut nulls = crate::ser::Nulls::default();
        nulls.set(0, null);
        nulls
    }

    /// A struct with an optional field of any JSON.
    #[derive(Debug, PartialEq)]
    struct Filter {
        r#where: Option<serde_json::Value>,
    }

    object!(Filter { r#where => "where" any });

    /// A field of every kind, in the one line that writes and reads a struct (`ser::object!`).
    #[derive(Debug, PartialEq)]
    struct Every {
        id: String,
        parent: Option<String>,
        title: Option<String>,
        data: Option<serde_json::Value>,
        note: Option<String>,
        nulls: crate::ser::Nulls,
    }

    crate::ser::object!(Every { id => "id" required, parent => "parent" required_nullable, title => "title" optional, data => "data" any, note => "note" nullable(nulls, 0) } nulls nulls);

    #[test]
    fn one_line_writes_what_it_reads() {
        for json in [
            r#"{"id":"a","parent":null,"data":null,"note":null}"#,
            r#"{"id":"a","parent":"p","title":"t","data":{"x":[1]},"note":"n"}"#,
            r#"{"id":"a","parent":null}"#,
        ] {
            let value: Every = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
        // A required nullable field left out reads as `None`, written `null`; `null` of an
        // optional field is left out.
        let value: Every = serde_json::from_str(r#"{"id":"a","title":null}"#).unwrap();
        assert_eq!((value.parent.as_deref(), value.title.as_deref()), (None, None));
        assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"id":"a","parent":null}"#);
        let missing = serde_json::from_str::<Every>(r#"{"parent":"p"}"#).unwrap_err();
        assert!(missing.to_string().starts_with("missing field `id`"), "{missing}");
    }

    fn read(json: &str) -> Result<Note, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn fields_are_read_as_serde_derive_reads_them() {
        let note = read(r#"{"id":"n1","title":null,"parent":null,"x":[1]}"#).unwrap();
        assert_eq!(
            note,
            Note { id: "n1".into(), title: None, parent: None, nulls: nulls(true), extra: [("x".into(), serde_json::json!([1]))].into() }
        );
        let note = read(r#"{"parent":"p","id":"n\u0032","title":"T"}"#).unwrap();
        assert_eq!((note.id.as_str(), note.title.as_deref(), note.parent, note.nulls), ("n2", Some("T"), Some("p".into()), nulls(false)));
        let note = read(r#"{"id":"n"}"#).unwrap();
        assert_eq!((note.parent, note.nulls), (None, nulls(false)));
    }

    #[test]
    fn a_null_of_any_json_is_kept() {
        let read = |json: &str| serde_json::from_str::<Filter>(json).unwrap().r#where;
        assert_eq!(read(r#"{"where":null}"#), Some(serde_json::Value::Null), "`null` is a value, not nothing");
        assert_eq!(read(r#"{}"#), None);
        assert_eq!(read(r#"{"where":{"a":[1,null]}}"#), Some(serde_json::json!({"a": [1, null]})));
    }

    #[test]
    fn errors_are_serde_derives_errors() {
        assert_eq!(read(r#"{"title":"T"}"#).unwrap_err(), "missing field `id` at line 1 column 13");
        assert_eq!(read(r#"{"id":"a","id":"b"}"#).unwrap_err(), "duplicate field `id` at line 1 column 14");
        assert_eq!(read(r#""text""#).unwrap_err(), "invalid type: string \"text\", expected struct Note at line 1 column 6");
        assert_eq!(read(r#"{"id":5}"#).unwrap_err(), "invalid type: integer `5`, expected a string at line 1 column 7");
    }
}
