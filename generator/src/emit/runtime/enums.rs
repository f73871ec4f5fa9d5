//! String enums that accept values this version does not know yet.
//!
//! This file is the same in every crate the generator writes.

/// A value of a string enum that this version of the crate does not know, as the server sent it.
///
/// Its text is all it promises ([`UnknownValue::as_str`]): a later version of the crate may know
/// the value and decode it into a variant of its own, so code should not match on the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(pub(crate) String);

impl UnknownValue {
    /// The value as written on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Implements `as_str`, `other`, `Display`, serde and the comparisons (`PartialEq`, `Eq`, `Hash`,
/// `PartialOrd`, `Ord`) for a string enum whose last variant is `Unrecognized(UnknownValue)`.
///
/// The comparisons are what `derive` would give, written from the wire text and the variant's
/// place in the list, in less code: a known value is never `Unrecognized` (only
/// `other` and decoding make one, and they give the variant), so two values are equal when
/// /// their texts are, and they are ordered as the variants are listed, unknown values last and by
/// their text. (`derive` writes a `match` over both values for each of five traits: in a crate
/// of 3,000 enums, a seventh of the time the compiler spends on them.)
///
/// There is deliberately no `From<&str>`: a typo (`"createdat"`) would compile and go out
/// silently. The variants are the easy path; a value the crate does not know yet is written
/// explicitly, with `other`.
macro_rules! string_enum {
    ($name:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unrecognized(other) => other.as_str(),
                }
            }

            /// A value written as it goes on the wire, for one this version of the crate does
            /// not know yet (a known one gives its variant).
            pub fn other(value: impl ::std::convert::Into<::std::string::String>) -> Self {
                let value: ::std::string::String = value.into();
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unrecognized(crate::enums::UnknownValue(value)),
                }
            }
        }

        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(self.as_str(), state)
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                crate::enums::compare(self.as_str(), other.as_str(), &[$($wire),*])
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::other)
            }
        }
    };
}

pub(crate) use string_enum;

/// The order of two values of a string enum, given by their texts and the texts of its variants
/// in order: as the variants are listed, the unknown values after them all, by their text.
pub(crate) fn compare(a: &str, b: &str, known: &[&str]) -> std::cmp::Ordering {
    let place = |text: &str| known.iter().position(|k| *k == text).unwrap_or(known.len());
    (place(a), a).cmp(&(place(b), b))
}

#[cfg(test)]
mod tests {
    use super::UnknownValue;

    /// A string enum as the generator writes it, and its twin with derived comparisons.
    #[derive(Debug, Clone)]
    enum Color {
        Red,
        Green,
        Unrecognized(UnknownValue),
    }

    string_enum!(Color { Red => "red", Green => "green" });

    #[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    enum Derived {
        Red,
        Green,
        Unrecognized(UnknownValue),
    }

    fn twin(color: &Color) -> Derived {
        match color {
            Color::Red => Derived::Red,
            Color::Green => Derived::Green,
            Color::Unrecognized(other) => Derived::Unrecognized(other.clone()),
        }
    }

    fn hash(value: &impl std::hash::Hash) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        BuildHasherDefault::<DefaultHasher>::default().hash_one(value)
    }

    #[test]
    fn comparisons_are_the_derived_ones() {
        let values: Vec<Color> = ["red", "green", "blue", "amber", "green"].map(Color::other).into();
        for a in &values {
            for b in &values {
                assert_eq!(a == b, twin(a) == twin(b), "{a:?} == {b:?}");
                assert_eq!(a.cmp(b), twin(a).cmp(&twin(b)), "{a:?} cmp {b:?}");
                assert_eq!(a.partial_cmp(b), twin(a).partial_cmp(&twin(b)), "{a:?} partial_cmp {b:?}");
                if a == b {
                    assert_eq!(hash(a), hash(b), "{a:?} and {b:?} hash alike");
                }
            }
        }
        let mut sorted = values.clone();
        sorted.sort();
        assert_eq!(sorted.iter().map(Color::as_str).collect::<Vec<_>>(), ["red", "green", "green", "amber", "blue"]);
    }
}
