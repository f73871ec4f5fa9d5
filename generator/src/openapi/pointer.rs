//! JSON pointers (RFC 6901): the one place tokens are escaped, unescaped, joined and split.
//!
//! Pointers travel through the generator as plain `&str` (`/paths/~1users/get`): they name places
//! in diagnostics, and every stage joins and splits them. These functions are the only code that
//! knows the escapes (`~0` for `~`, `~1` for `/`) and, for a `$ref`'s fragment, the URI
//! percent-encoding (`%7B` for `{`) that RFC 6901 section 6 adds on top.

/// Escapes one token (`a/b` → `a~1b`, `a~b` → `a~0b`).
pub fn escape(token: &str) -> String {
    if !token.contains(['~', '/']) {
        return token.to_string();
    }
    token.replace('~', "~0").replace('/', "~1")
}

/// Reads one escaped token back (`a~1b` → `a/b`).
pub fn unescape(token: &str) -> String {
    if !token.contains('~') {
        return token.to_string();
    }
    token.replace("~1", "/").replace("~0", "~")
}

/// `base` with one more token.
pub fn join(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    out.push_str(&escape(token));
    out
}

/// `base` with several more tokens.
pub fn join_all<'t>(base: &str, tokens: impl IntoIterator<Item = &'t str>) -> String {
    tokens.into_iter().fold(base.to_string(), |out, token| join(&out, token))
}

/// The unescaped tokens of `pointer` (`/a~1b/c` → `["a/b", "c"]`; `""` → none).
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(unescape)
}

/// The pointer of the parent and the last token, unescaped (`/a/b~1c` → `("/a", "b/c")`); `None`
/// for the whole document.
pub fn split_last(pointer: &str) -> Option<(&str, String)> {
    pointer.rsplit_once('/').map(|(parent, last)| (parent, unescape(last)))
}

/// Whether `pointer` is `ancestor` or lies below it.
pub fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer.strip_prefix(ancestor).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A `~` that is not `~0` or `~1`: not a valid pointer.
pub fn has_bad_escape(pointer: &str) -> bool {
    let bytes = pointer.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| *b == b'~' && !matches!(bytes.get(i + 1), Some(b'0' | b'1')))
}

/// A `$ref`'s fragment (after `#`) as a pointer: percent-escapes decoded (RFC 6901 section 6:
/// `#/paths/~1users~1%7Bid%7D` is the pointer `/paths/~1users~1{id}`). A `%` not followed by two
/// hex digits, or escapes that are not UTF-8, are left as written.
pub fn from_fragment(fragment: &str) -> std::borrow::Cow<'_, str> {
    if !fragment.contains('%') {
        return std::borrow::Cow::Borrowed(fragment);
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    match String::from_utf8(out) {
        Ok(decoded) => std::borrow::Cow::Owned(decoded),
        Err(_) => std::borrow::Cow::Borrowed(fragment),
    }
}

/// The value at `pointer` and, when it is not there, the deepest pointer above it that exists.
pub fn lookup<'v>(root: &'v serde_json::Value, pointer: &str) -> Result<&'v serde_json::Value, String> {
    if let Some(found) = root.pointer(pointer) {
        return Ok(found);
    }
    let mut at = pointer;
    while let Some((parent, _)) = at.rsplit_once('/') {
        if root.pointer(parent).is_some() {
            return Err(parent.to_string());
        }
        at = parent;
    }
    Err(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        let cases: &[(&str, &str)] = &[("a", "a"), ("a/b", "a~1b"), ("~", "~0"), ("~1", "~01"), ("/{id}", "~1{id}"), ("", "")];
        for (token, escaped) in cases {
            assert_eq!(escape(token), *escaped, "{token}");
            assert_eq!(unescape(escaped), *token, "{escaped}");
        }
        assert_eq!(join("/paths", "/users/{id}"), "/paths/~1users~1{id}");
        assert_eq!(join_all("", ["components", "schemas", "a/b"]), "/components/schemas/a~1b");
        assert_eq!(tokens("/a~1b/c~0d").collect::<Vec<_>>(), ["a/b", "c~d"]);
        assert_eq!(tokens("").count(), 0);
        assert_eq!(split_last("/a/b~1c"), Some(("/a", "b/c".to_string())));
        assert_eq!(split_last(""), None);
    }

    #[test]
    fn within_and_escapes() {
        assert!(is_within("/a/b", "/a"));
        assert!(is_within("/a", "/a"));
        assert!(!is_within("/ab", "/a"));
        assert!(is_within("/a", ""));
        assert!(has_bad_escape("/a~2"));
        assert!(has_bad_escape("/a~"));
        assert!(!has_bad_escape("/a~0~1"));
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(from_fragment("/paths/~1users~1%7Bid%7D"), "/paths/~1users~1{id}");
        assert_eq!(from_fragment("/a%20b"), "/a b");
        assert_eq!(from_fragment("/100%"), "/100%");
        assert_eq!(from_fragment("/%zz"), "/%zz");
        assert_eq!(from_fragment("/%FF"), "/%FF", "not UTF-8: left as written");
        assert_eq!(from_fragment("/caf%C3%A9"), "/café");
    }

    #[test]
    fn lookup_names_the_nearest_existing_parent() {
        let root = serde_json::json!({"components": {"schemas": {"A": {}}}});
        assert!(lookup(&root, "/components/schemas/A").is_ok());
        assert_eq!(lookup(&root, "/components/schemas/B/properties/x").unwrap_err(), "/components/schemas");
        assert_eq!(lookup(&root, "/nothing").unwrap_err(), "");
    }
}
