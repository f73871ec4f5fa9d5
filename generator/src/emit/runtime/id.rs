//! Identifiers of the API's resources.
//!
//! This file is the same in every crate the generator writes.

use std::fmt;
use std::marker::PhantomData;

/// The identifier of a resource `R` (`Id<User>`, named `UserId` in `types`): on the wire a
/// string, in Rust a type of its own, so that the id of a user cannot be passed where the id of a
/// conversation (or any other string) is expected.
///
/// Take one from a response (`user.id`, `&user.id`), or make one with [`Id::new`]; there is
/// deliberately no conversion from a bare `&str` or `String`. It compares equal to the string it
/// holds (`user.id == "user_1"`) and dereferences to `str`.
pub struct Id<R> {
    value: String,
    resource: PhantomData<fn() -> R>,
}

impl<R> Id<R> {
    /// The id written `value` on the wire.
    pub fn new(value: impl Into<String>) -> Self {
        Id { value: value.into(), resource: PhantomData }
    }

    /// The id as written on the wire.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The id as a `String`.
    pub fn into_string(self) -> String {
        self.value
    }
}

impl<R> Clone for Id<R> {
    fn clone(&self) -> Self {
        Id::new(self.value.clone())
    }
}

impl<R> From<&Id<R>> for Id<R> {
    fn from(id: &Id<R>) -> Self {
        id.clone()
    }
}

impl<R> From<Id<R>> for String {
    fn from(id: Id<R>) -> Self {
        id.value
    }
}

impl<R> fmt::Debug for Id<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl<R> fmt::Display for Id<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<R> std::ops::Deref for Id<R> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.value
    }
}

impl<R> AsRef<str> for Id<R> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl<R> PartialEq for Id<R> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<R> Eq for Id<R> {}

impl<R> PartialOrd for Id<R> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<R> Ord for Id<R> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<R> std::hash::Hash for Id<R> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<R> PartialEq<str> for Id<R> {
    fn eq(&self, other: &str) -> bool {
        self.value == other
    }
}

impl<R> PartialEq<&str> for Id<R> {
    fn eq(&self, other: &&str) -> bool {
        self.value == *other
    }
}

impl<R> PartialEq<String> for Id<R> {
    fn eq(&self, other: &String) -> bool {
        &self.value == other
    }
}

impl<R> serde::Serialize for Id<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl<'de, R> serde::Deserialize<'de> for Id<R> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Id::new)
    }
}
