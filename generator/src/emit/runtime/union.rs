//! Decoding and encoding the API's unions (`oneOf`/`anyOf`): which branch a value is.
//!
//! A value is decoded into the first branch whose [`Guard`]s it passes and that keeps all of it
//! (decoded, then encoded again, it is the same JSON, numbers compared by value): a branch that
//! would drop another branch's properties, or whose fixed tag says otherwise, is not chosen. A
//! branch known by a required tag it matches is taken at once. When no branch keeps all of a
//! value (a newer server's extra property), the passing branch that keeps the most of its
//! properties wins; when none decodes, the union's `Unrecognized` holds the value as it came.
//!
//! This file is the same in every crate the generator writes.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// What a value must hold to be a branch.
#[allow(dead_code)] // each variant is used by the unions whose branches need it
pub(crate) enum Guard {
    /// One of these strings (a string-enum branch, whose catch-all takes nothing in a union).
    Strings(&'static [&'static str]),
    /// An object whose property (the first) holds one of these strings; `true`: it must be there.
    Property(&'static str, &'static [&'static str], bool),
    /// An object whose property (the first) is missing or holds none of these strings (the
    /// values of the other branches): the branch a discriminator names by default.
    Otherwise(&'static str, &'static [&'static str]),
}

impl Guard {
    fn admits(&self, value: &Value) -> bool {
        match self {
            Guard::Strings(values) => value.as_str().is_some_and(|s| values.contains(&s)),
            Guard::Property(name, values, required) => match value.get(name) {
                Some(found) => found.as_str().is_some_and(|s| values.contains(&s)),
                None => !required && value.is_object(),
            },
            Guard::Otherwise(name, others) => match value.get(name) {
                Some(found) => !found.as_str().is_some_and(|s| others.contains(&s)),
                None => value.is_object(),
            },
        }
    }

    /// Whether passing it names the branch (the tag is there and says so).
    fn identifies(&self) -> bool {
        matches!(self, Guard::Strings(_) | Guard::Property(_, _, true) | Guard::Otherwise(..))
    }
}

/// The choice among a union's branches, tried in order.
pub(crate) struct Pick<U> {
    value: Value,
    /// The best branch so far, and how many of the value's properties it keeps (`usize::MAX`:
    /// the branch for certain, no later one is tried).
    best: Option<(usize, U)>,
    /// Why the branch the value's tag names did not decode.
    error: Option<serde_json::Error>,
}

impl<U> Pick<U> {
    /// A choice for `value`.
    pub(crate) fn new(value: Value) -> Self {
        Pick { value, best: None, error: None }
    }

    /// Tries the branch of type `T` (made a `U` by `wrap`), unless one was found for certain.
    pub(crate) fn branch<T: DeserializeOwned + Serialize>(&mut self, guards: &[Guard], wrap: fn(T) -> U) {
        let done = matches!(self.best, Some((usize::MAX, _))) || self.error.is_some();
        if done || !guards.iter().all(|g| g.admits(&self.value)) {
            return;
        }
        let identified = guards.iter().any(Guard::identifies);
        let decoded = match T::deserialize(&self.value) {
            Ok(decoded) => decoded,
            // The value's tag names this branch, and it is not one: an error, not a guess.
            Err(error) => {
                if identified {
                    self.error = Some(error);
                }
                return;
            }
        };
        let kept = match identified {
            true => usize::MAX,
            false => match serde_json::to_value(&decoded) {
                Ok(again) if same(&again, &self.value) => usize::MAX,
                Ok(again) => kept(&self.value, &again),
                Err(_) => return,
            },
        };
        let better = match &self.best {
            Some((best, _)) => kept > *best,
            None => true,
        };
        if better {
            self.best = Some((kept, wrap(decoded)));
        }
    }

    /// The branch chosen; the value as it came (`unrecognized`) when no branch decodes it; an
    /// error when the branch its tag names does not.
    pub(crate) fn finish(self, unrecognized: fn(Value) -> U) -> Result<U, serde_json::Error> {
        match (self.error, self.best) {
            (Some(error), _) => Err(error),
            (None, Some((_, chosen))) => Ok(chosen),
            (None, None) => Ok(unrecognized(self.value)),
        }
    }
}

/// How many of `value`'s properties `again` has with the same value (0 for a value that is not
/// an object).
fn kept(value: &Value, again: &Value) -> usize {
    match (value, again) {
        (Value::Object(value), Value::Object(again)) => {
            value.iter().filter(|(k, v)| again.get(k.as_str()).is_some_and(|a| same(a, v))).count()
        }
        _ => 0,
    }
}

/// Whether two JSON values are the same, numbers compared by value (`1` is `1.0`).
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

/// Writes `value` with its tag `property: tag` (a discriminator the branch's own type leaves
/// out), unless it has one.
#[allow(dead_code)] // used by unions with such a branch
pub(crate) fn tagged<T: Serialize, S: Serializer>(value: &T, property: &str, tag: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut value {
        map.entry(property).or_insert_with(|| Value::String(tag.to_owned()));
    }
    value.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Legacy {
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        r#type: Option<String>,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Known {
        r#type: String,
        name: String,
    }

    #[derive(Debug, PartialEq)]
    enum Config {
        Legacy(Legacy),
        Known(Known),
        Unrecognized(Value),
    }

    fn pick(value: Value, legacy: &[Guard], known: &[Guard]) -> Result<Config, String> {
        let mut pick = Pick::new(value);
        pick.branch(legacy, Config::Legacy);
        pick.branch(known, Config::Known);
        pick.finish(Config::Unrecognized).map_err(|e| e.to_string())
    }

    #[test]
    fn the_branch_that_keeps_the_value_wins_over_the_first_that_decodes() {
        let value = serde_json::json!({"type": "known", "name": "n"});
        assert_eq!(pick(value.clone(), &[], &[]), Ok(Config::Known(Known { r#type: "known".into(), name: "n".into() })));
        // A guard on the tag excludes the first branch outright.
        let legacy = [Guard::Property("type", &["legacy"], false)];
        assert!(matches!(pick(value, &legacy, &[]), Ok(Config::Known(_))));
        // A value no branch keeps whole goes to the one that keeps the most of it.
        let newer = serde_json::json!({"type": "known", "name": "n", "added": 1});
        assert!(matches!(pick(newer, &[], &[]), Ok(Config::Known(_))));
        assert_eq!(pick(serde_json::json!({"type": "legacy"}), &[], &[]), Ok(Config::Legacy(Legacy { r#type: Some("legacy".into()) })));
        assert_eq!(pick(serde_json::json!(5), &[], &[]), Ok(Config::Unrecognized(serde_json::json!(5))));
    }

    /// A required tag names its branch: taken without trying the rest, and a value of that tag
    /// that is not of the branch's shape is an error, not another branch.
    #[test]
    fn a_required_tag_names_the_branch() {
        let known = [Guard::Property("type", &["known"], true)];
        let legacy = [Guard::Property("type", &["legacy"], true)];
        assert!(matches!(pick(serde_json::json!({"type": "known", "name": "n"}), &legacy, &known), Ok(Config::Known(_))));
        let err = pick(serde_json::json!({"type": "known"}), &legacy, &known).unwrap_err();
        assert_eq!(err, "missing field `name`");
        let other = serde_json::json!({"type": "newer"});
        assert_eq!(pick(other.clone(), &legacy, &known), Ok(Config::Unrecognized(other)));
    }

    #[test]
    fn guards() {
        let strings = Guard::Strings(&["Document", "Metadata"]);
        assert!(strings.admits(&"Metadata".into()) && !strings.admits(&"Other".into()) && !strings.admits(&Value::Null));
        let required = Guard::Property("type", &["cat"], true);
        assert!(required.admits(&serde_json::json!({"type": "cat"})));
        assert!(!required.admits(&serde_json::json!({})) && !required.admits(&serde_json::json!({"type": "dog"})));
        let optional = Guard::Property("type", &["cat"], false);
        assert!(optional.admits(&serde_json::json!({})) && !optional.admits(&serde_json::json!([])));
        assert!(same(&serde_json::json!({"a": [1, 2.5]}), &serde_json::json!({"a": [1.0, 2.5]})));
        assert!(!same(&serde_json::json!({"a": 1}), &serde_json::json!({"a": 1, "b": null})));
    }

    #[test]
    fn a_tag_left_out_by_the_branch_is_written() {
        let mut out = Vec::new();
        tagged(&Legacy { r#type: None }, "type", "legacy", &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"type":"legacy"}"#);
    }
}
