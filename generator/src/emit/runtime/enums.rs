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

/// Implements `as_str`, `other`, `Display` and serde for a string enum whose last variant is
/// `Unrecognized(UnknownValue)`.
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
