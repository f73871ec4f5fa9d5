//! Naming: every name a spec contains becomes a valid, readable Rust identifier here, and only here.
//!
//! The rules, in order: non-ASCII characters become `uXXXX` words; symbols separate words (a name
//! made only of symbols spells them out: `+` → `plus`); words are cased with `heck`; a leading
//! digit gets a prefix (`_` for snake case, `V` for camel case); keywords become raw identifiers
//! (`r#type`), or get a trailing `_` where Rust has no raw form (`self_`, `Self_`); type names that
//! would shadow the prelude names generated code uses get a `Type` suffix. [`Scope`] then makes
//! names unique where two wire names case to the same identifier, in a stable order.
//!
//! Every name comes out as a [`RustName`]: the bare text (`type`, for serde renames, docs, file
//! names) and whether it is written raw (`r#type`, in code). Only this module decides which names
//! are raw; the model and the emitters carry the typed name and never spell `r#` themselves.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;
use std::hash::{Hash, Hasher};

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;

/// A Rust identifier made from a name: its bare text and whether it is written raw. Plain data,
/// not a `proc_macro2::Ident`, so the model stays free of tokens and can cross threads.
///
/// It is made only by this module's conversions ([`snake`], [`camel`], [`schema`], [`variant`],
/// [`screaming`], [`auth_method`], [`Scope::unique`], [`fixed`] for the generator's own names,
/// and [`RustName::prefixed`] / [`RustName::suffixed`] for names derived from another), so the
/// escaping rules live in one place. A keyword is *raw* (`r#type`), except those Rust has no raw form for (`self`, `Self`,
/// `super`, `crate`, `_`), which are never raw: they get a trailing `_` (`self_`) when made.
///
/// - [`RustName::as_str`] is the bare text (`type`): serde renames, docs, file names, messages.
/// - [`RustName::to_ident`] and [`ToTokens`] give the identifier as code writes it (`r#type`).
/// - [`Display`](fmt::Display) prints the identifier as code writes it (`r#type`), as
///   `proc_macro2::Ident` does; comparing with a `str` compares that form too.
/// - Names order by that written form (`r#type` before `rate`), as the strings they replace did.
#[derive(Debug, Clone, Eq)]
pub struct RustName {
    bare: String,
    raw: bool,
}

impl RustName {
    /// `name` as an identifier: raw when it is a keyword that may be raw, with a trailing `_`
    /// when it is one that may not (`self_`).
    fn escaped(mut name: String) -> RustName {
        if NOT_RAW.contains(&name.as_str()) {
            name.push('_');
            RustName { bare: name, raw: false }
        } else {
            let raw = KEYWORDS.contains(&name.as_str());
            RustName { bare: name, raw }
        }
    }

    /// The bare text, without a raw prefix (`type` for `r#type`): what serde renames compare
    /// with, what a module's file is called, and how docs and messages write the name.
    pub fn as_str(&self) -> &str {
        &self.bare
    }

    /// The identifier as code writes it (`r#type` for a keyword).
    pub fn to_ident(&self) -> Ident {
        if self.raw {
            Ident::new_raw(&self.bare, Span::call_site())
        } else {
            Ident::new(&self.bare, Span::call_site())
        }
    }

    /// A name made of this one after `prefix` (`clear_` + `type` → `clear_type`).
    pub fn prefixed(&self, prefix: &str) -> RustName {
        RustName::escaped(format!("{prefix}{}", self.bare))
    }

    /// A name made of this one before `suffix` (`size` + `_value` → `size_value`).
    pub fn suffixed(&self, suffix: &str) -> RustName {
        RustName::escaped(format!("{}{suffix}", self.bare))
    }

    /// A documentation link to `owner::name`: `` [`owner::name`] ``, with the explicit target
    /// `` (target::name) `` when one is given; rustdoc cannot link to a raw identifier
    /// (`Client::r#match`), so a raw name is only named: `` `owner::match` ``.
    pub fn doc_link(&self, owner: &str, target: Option<&str>) -> String {
        match (self.raw, target) {
            (true, _) => format!("`{owner}::{}`", self.bare),
            (false, None) => format!("[`{owner}::{}`]", self.bare),
            (false, Some(target)) => format!("[`{owner}::{0}`]({target}::{0})", self.bare),
        }
    }

    /// The bytes of the name as code writes it, for ordering without allocating.
    fn written(&self) -> impl Iterator<Item = u8> + '_ {
        let prefix: &[u8] = if self.raw { b"r#" } else { b"" };
        prefix.iter().chain(self.bare.as_bytes()).copied()
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.bare)
    }
}

impl ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.to_ident().to_tokens(tokens);
    }
}

impl PartialEq for RustName {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw && self.bare == other.bare
    }
}

impl PartialEq<str> for RustName {
    /// Compares with the name as code writes it (`r#type`).
    fn eq(&self, other: &str) -> bool {
        match (self.raw, other.strip_prefix("r#")) {
            (true, Some(rest)) => self.bare == rest,
            (false, _) => self.bare == other,
            (true, None) => false,
        }
    }
}

impl PartialEq<&str> for RustName {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl Hash for RustName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
        self.bare.hash(state);
    }
}

impl PartialOrd for RustName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RustName {
    fn cmp(&self, other: &Self) -> Ordering {
        self.written().cmp(other.written())
    }
}

/// Rust keywords of the 2015 to 2024 editions, strict and reserved (`async`, `await`, `dyn` and
/// `try` from 2018, `gen` from 2024). The weak keywords (`union`, `macro_rules`, `raw`, `safe`,
/// `'static`) are identifiers where names land, so they need nothing (`'static` has no letters
/// to lose but its quote, which [`words`] drops like any symbol).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern", "false",
    "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where",
    "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Every name the generated code of a crate's `types` and `operations` modules uses unqualified
/// (the prelude, the traits it implements, the items it imports), the one list of them: a type
/// made from the spec may not take one (`Serialize` becomes `SerializeType`).
/// `generator/tests/reserved_names.rs` checks it against what the emitters write, and the
/// `hostile_names` fixture, which has a schema of each name, that the crate then compiles.
pub const RESERVED_TYPES: &[&str] = &[
    // The prelude's types, variants and traits.
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToOwned",
    "ToString",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "Default",
    "Iterator",
    "Extend",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "TryFrom",
    "TryInto",
    "FromIterator",
    // Derived, implemented or imported by the generated modules.
    "Debug",
    "Hash",
    "Serialize",
    "Deserialize",
    "Call",
    "Style",
    "Client",
    "Method",
];

/// Names for symbols, used when a name has no letters or digits at all (`+`, `-`, `>=`).
const SYMBOLS: &[(char, &str)] = &[
    ('+', "plus"),
    ('-', "minus"),
    ('*', "star"),
    ('/', "slash"),
    ('<', "lt"),
    ('>', "gt"),
    ('=', "eq"),
    ('!', "not"),
    ('.', "dot"),
    ('@', "at"),
    ('#', "hash"),
    ('$', "dollar"),
    ('%', "percent"),
    ('&', "and"),
    ('|', "or"),
    ('^', "caret"),
    ('~', "tilde"),
    ('?', "question"),
    (':', "colon"),
    (',', "comma"),
    ('_', "underscore"),
    (' ', "space"),
];

/// Turns `raw` into words heck can case: ASCII letters and digits kept, anything else a separator,
/// non-ASCII characters written as `uXXXX` words.
fn words(raw: &str) -> String {
    let has_alnum = raw.chars().any(|c| c.is_ascii_alphanumeric() || !c.is_ascii());
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !c.is_ascii() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else if !has_alnum {
            let name = SYMBOLS.iter().find(|(s, _)| *s == c).map_or("symbol", |(_, n)| n);
            out.push(' ');
            out.push_str(name);
            out.push(' ');
        } else {
            out.push(' ');
        }
    }
    out
}

/// `snake_case` identifier for a field, parameter, method or module.
pub fn snake(raw: &str) -> RustName {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    RustName::escaped(name)
}

/// `UpperCamelCase` identifier for a type.
pub fn camel(raw: &str) -> RustName {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Type");
    }
    RustName::escaped(name)
}

/// Names of the generated crate's own error types: a schema so named would stand next to them
/// under the same name (`types::Error` beside `crate::Error`).
const CRATE_ERRORS: &[&str] = &["Error", "ApiError"];

/// `UpperCamelCase` identifier for a component schema: [`camel`], and a schema named like one
/// of the crate's own error types gets a `Body` suffix (`Error` → `ErrorBody`), as it is the body
/// of an error response, not the error a call returns.
pub fn schema(raw: &str) -> RustName {
    let name = camel(raw);
    if CRATE_ERRORS.contains(&name.as_str()) {
        name.suffixed("Body")
    } else {
        name
    }
}

/// `UpperCamelCase` identifier for an enum variant (the prelude names are fine here).
pub fn variant(raw: &str) -> RustName {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    RustName::escaped(name)
}

/// `SCREAMING_SNAKE_CASE` identifier for a constant.
pub fn screaming(raw: &str) -> RustName {
    RustName::escaped(snake(raw).bare.trim_end_matches('_').to_uppercase())
}

/// A name the generator itself chose, already an identifier (`Ok`, `NotFound`, `bearer_token`,
/// `general`): escaped like the names made from a spec, not re-cased.
pub fn fixed(name: &str) -> RustName {
    RustName::escaped(name.to_string())
}

/// The function name in an operationId FastAPI made (`read_flow_runs_flow_runs_filter_post` for
/// `POST /flow_runs/filter` → `read_flow_runs`): FastAPI's default is the route function's
/// name, then the path with every character but a letter, digit or `_` made `_`, then `_` and
/// the method. `None` when `operation_id` is not of that shape.
pub fn fastapi_function<'a>(operation_id: &'a str, path: &str, method: &str) -> Option<&'a str> {
    let path: String = path.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let suffix = format!("{path}_{}", method.to_ascii_lowercase());
    let function = operation_id.strip_suffix(suffix.as_str())?;
    (!function.is_empty() && function.chars().any(|c| c.is_alphanumeric())).then_some(function)
}

// The names the generated code defines on its own types, the one source of them: a name made
// from the spec takes another where it would meet one (an operation's method, a setter, a server
// variable's setter). `generator/tests/reserved_names.rs` parses the runtime and the emitters and
// fails when a method they define is missing here.

/// The methods of `Client`: the runtime's (`client.rs`, `env.rs`, public or not: an inherent
/// method of the same name is a duplicate either way) and the emitters'. An operation's method
/// takes another name.
pub const CLIENT_METHODS: &[&str] = &[
    "builder",
    "base_url",
    "http",
    "execute",
    "execute_raw",
    "execute_bytes",
    "execute_text",
    "send_raw",
    "check_stream_head",
    "upload",
    "download",
    "download_stream",
    "open_stream",
    "execute_http",
    "authorize",
    "authorize_with",
    "attempts",
    "prepare",
    "from_env",
];

/// The methods of `ClientBuilder`: the runtime's (`client.rs`, `env.rs`, `oauth.rs`) and the
/// emitters' (`from_env`, and [`AUTH_METHODS`] where the spec has that scheme). An authentication,
/// identity or server variable setter takes another name.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "new",
    "max_response_size",
    "base_url",
    "url_variable",
    "timeout",
    "retry",
    "connect_timeout",
    "user_agent",
    "default_header",
    "http_client",
    "auth_header",
    "auth_query",
    "env_error",
    "identity_header",
    "sensitive_identity_header",
    "build",
    "token_provider",
    "bearer_token_provider",
    "with_middleware",
    "middleware_client",
    "oauth2",
    "from_env",
    "base_url_from_env",
    "credential_from_env",
    "credential_pair_from_env",
    "identity_header_from_env",
];

/// The `ClientBuilder` setters of the authentication schemes whose names are fixed
/// (`emit/crate_root.rs`), reserved whatever schemes the spec has.
pub const AUTH_METHODS: &[&str] = &["bearer_token", "basic_auth", "client_credentials"];

/// The preferred name of the `ClientBuilder` setter of an API key in a header (a second such
/// scheme gets its key after it: [`auth_method`]).
pub const API_KEY_METHOD: &str = "api_key";

/// The preferred name of the `ClientBuilder` setter of an API key in the query.
pub const API_KEY_QUERY_METHOD: &str = "api_key_query";

/// The methods and fields every request builder has: the runtime's per-call setters
/// (`request.rs`'s `per_call_options!`, with the mock's `replay`), the emitters' (`send` and its
/// kin, the streams of a paged list, the upload), and its fields `call` and `body`. A
/// parameter's setter (and a body field's) takes another name.
pub const REQUEST_BUILDER_METHODS: &[&str] =
    &["new", "send", "send_with_response", "call", "body", "timeout", "with_options", "replay", "into_stream", "collect_all", "send_with_content"];

/// Method names a struct's setters may not take: its constructor's, `is_null`, and those of the
/// traits it implements or derives (an inherent method would shadow them).
pub const STRUCT_METHODS: &[&str] = &[
    "new",
    "default",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "hash",
    "cmp",
    "partial_cmp",
    "serialize",
    "deserialize",
    "into",
    "from",
    "to_owned",
    "is_null",
];

/// The methods of the `mock` feature's `MockServer` (runtime `mock.rs`), public and private:
/// the mock's method of an operation of such a name takes another ([`mock_method`]).
/// `generator/tests/reserved_names.rs` checks the list against the runtime.
pub const MOCK_SERVER_METHODS: &[&str] =
    &["start", "uri", "client_builder", "client", "take_unmatched", "verify", "recorder_client", "record", "mount"];

/// The `MockServer` method of the operation whose `Client` method is `client_method`: the same
/// name, or `expect_<name>` where `MockServer` has a method of that name.
pub fn mock_method(client_method: &RustName) -> RustName {
    match MOCK_SERVER_METHODS.contains(&client_method.as_str()) {
        true => client_method.prefixed("expect_"),
        false => client_method.clone(),
    }
}

/// The `ClientBuilder` method for a security scheme: `preferred` (`api_key`, `bearer_token`)
/// for the first of its kind, and for a further one of the same kind the preferred name with the
/// scheme's key (`api_key_admin_key`), unique in `scope` (the builder's methods).
pub fn auth_method(preferred: &str, scheme_key: &str, scope: &mut Scope) -> RustName {
    if !scope.taken.contains(preferred) {
        return scope.unique(fixed(preferred));
    }
    scope.unique(snake(&format!("{preferred} {scheme_key}")))
}

/// Makes names unique within one namespace (the fields of a struct, the types of a crate, ...).
/// Names are compared as code writes them (`r#type` and `type_2` are different names).
///
/// The first name asked for keeps its name; a later one that collides gets `2`, `3`, ... appended.
/// Callers visit names in document order, so the same spec always gives the same names.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which `names` are already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope { taken: names.iter().map(|s| s.to_string()).collect() }
    }

    /// Takes `name`, or the first free `name2`, `name3`, ... (after its bare text less a
    /// keyword's `_` suffix: `r#type` → `type_2`, `self_` → `self_2`).
    pub fn unique(&mut self, name: RustName) -> RustName {
        if self.taken.insert(name.to_string()) {
            return name;
        }
        let base = name.bare.trim_end_matches('_').to_string();
        let sep = if base.contains('_') || base.chars().next().is_some_and(|c| c.is_ascii_lowercase()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .map(RustName::escaped)
            .expect("an unbounded range always yields a free name")
    }

    /// Takes `name` as it is, whether or not it was free (a method every builder has).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }
}

#[cfg(test)]
mod fastapi_tests {
    use super::fastapi_function;

    #[test]
    fn fastapi_operation_ids_give_their_function() {
        assert_eq!(fastapi_function("read_flow_runs_flow_runs_filter_post", "/flow_runs/filter", "post"), Some("read_flow_runs"));
        assert_eq!(fastapi_function("get_pet_api_pets__pet_id__get", "/api/pets/{pet_id}", "GET"), Some("get_pet"));
        assert_eq!(fastapi_function("getPet", "/pets/{id}", "get"), None);
        assert_eq!(fastapi_function("_pets_get", "/pets", "get"), None, "no function left");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The edge cases: (wire name, snake_case, UpperCamelCase type, variant).
    const TABLE: &[(&str, &str, &str, &str)] = &[
        ("fooBar", "foo_bar", "FooBar", "FooBar"),
        ("foo_bar", "foo_bar", "FooBar", "FooBar"),
        ("FooBar", "foo_bar", "FooBar", "FooBar"),
        ("x-bot-id", "x_bot_id", "XBotId", "XBotId"),
        ("type", "r#type", "Type", "Type"),
        ("self", "self_", "Self_", "Self_"),
        ("Self", "self_", "Self_", "Self_"),
        ("crate", "crate_", "Crate", "Crate"),
        ("super", "super_", "Super", "Super"),
        ("ref", "r#ref", "Ref", "Ref"),
        ("match", "r#match", "Match", "Match"),
        ("async", "r#async", "Async", "Async"),
        ("1st", "_1st", "V1st", "V1st"),
        ("200", "_200", "V200", "V200"),
        ("@id", "id", "Id", "Id"),
        ("$ref", "r#ref", "Ref", "Ref"),
        ("", "value", "Value", "Empty"),
        ("+", "plus", "Plus", "Plus"),
        (">=", "gt_eq", "GtEq", "GtEq"),
        ("café", "caf_u00e9", "CafU00e9", "CafU00e9"),
        ("日本", "u65e5_u672c", "U65e5U672c", "U65e5U672c"),
        ("String", "string", "StringType", "String"),
        ("Option", "option", "OptionType", "Option"),
        ("HTTPResponse", "http_response", "HttpResponse", "HttpResponse"),
        ("nextToken", "next_token", "NextToken", "NextToken"),
        ("application/json", "application_json", "ApplicationJson", "ApplicationJson"),
        ("PayloadTooLarge", "payload_too_large", "PayloadTooLarge", "PayloadTooLarge"),
        // Every edition's keywords, strict, reserved and weak.
        ("gen", "r#gen", "Gen", "Gen"),
        ("await", "r#await", "Await", "Await"),
        ("dyn", "r#dyn", "Dyn", "Dyn"),
        ("try", "r#try", "Try", "Try"),
        ("abstract", "r#abstract", "Abstract", "Abstract"),
        ("become", "r#become", "Become", "Become"),
        ("yield", "r#yield", "Yield", "Yield"),
        ("union", "union", "Union", "Union"),
        ("macro_rules", "macro_rules", "MacroRules", "MacroRules"),
        ("'static", "r#static", "Static", "Static"),
        ("raw", "raw", "Raw", "Raw"),
        ("_", "underscore", "Underscore", "Underscore"),
        ("__", "underscore_underscore", "UnderscoreUnderscore", "UnderscoreUnderscore"),
        ("r#type", "r_type", "RType", "RType"),
        ("Self_", "self_", "Self_", "Self_"),
        ("🦀", "u1f980", "U1f980", "U1f980"),
        ("123", "_123", "V123", "V123"),
        ("a b", "a_b", "AB", "AB"),
        ("%7B%7D", "_7b_7d", "V7b7d", "V7b7d"),
    ];

    #[test]
    fn edge_cases() {
        for (raw, s, c, v) in TABLE {
            assert_eq!(snake(raw), *s, "snake({raw:?})");
            assert_eq!(camel(raw), *c, "camel({raw:?})");
            assert_eq!(variant(raw), *v, "variant({raw:?})");
        }
    }

    /// Every name, in every position it lands (a type, a field, a variant, a module, a method, an
    /// argument, a setter), parses where the generated code puts it.
    #[test]
    fn every_result_is_a_rust_identifier_in_every_position() {
        for (raw, ..) in TABLE {
            for ident in [snake(raw), camel(raw), schema(raw), variant(raw), screaming(raw)] {
                assert!(!ident.as_str().is_empty());
                let positions = [
                    format!("struct {ident} {{ {ident}: u8 }}"),
                    format!("enum E {{ {ident} }}"),
                    format!("mod {ident} {{}}"),
                    format!("pub use {ident}::*;"),
                    format!("impl C {{ fn {ident}(self, {ident}: u8) -> Self {{ self.{ident}({ident}) }} }}"),
                    format!("const {ident}: u8 = 0;"),
                    format!("type T = crate::types::{ident};"),
                ];
                for code in positions {
                    assert!(syn::parse_file(&code).is_ok(), "{raw:?} -> {ident}: `{code}` does not parse");
                }
            }
        }
    }

    /// The typed form of the snake_case name of every edition's keywords, strict, reserved and
    /// weak, and of those that cannot be raw: (wire name, bare text, identifier as code writes it).
    const TYPED: &[(&str, &str, &str)] = &[
        ("type", "type", "r#type"),
        ("match", "match", "r#match"),
        ("fn", "fn", "r#fn"),
        ("abstract", "abstract", "r#abstract"),
        ("become", "become", "r#become"),
        ("typeof", "typeof", "r#typeof"),
        ("async", "async", "r#async"),
        ("await", "await", "r#await"),
        ("dyn", "dyn", "r#dyn"),
        ("try", "try", "r#try"),
        ("gen", "gen", "r#gen"),
        ("static", "static", "r#static"),
        ("'static", "static", "r#static"),
        ("union", "union", "union"),
        ("macro_rules", "macro_rules", "macro_rules"),
        ("raw", "raw", "raw"),
        ("safe", "safe", "safe"),
        ("self", "self_", "self_"),
        ("Self", "self_", "self_"),
        ("super", "super_", "super_"),
        ("crate", "crate_", "crate_"),
        ("_", "underscore", "underscore"),
        ("plain", "plain", "plain"),
    ];

    #[test]
    fn typed_names_are_bare_text_and_identifiers() {
        for (raw, bare, written) in TYPED {
            let name = snake(raw);
            assert_eq!(name.as_str(), *bare, "snake({raw:?}).as_str()");
            assert_eq!(name.to_string(), *written, "snake({raw:?}) displayed");
            assert_eq!(name.to_ident().to_string(), *written, "snake({raw:?}).to_ident()");
            assert_eq!(quote::quote!(#name).to_string(), *written, "quote!(#snake({raw:?}))");
            assert_eq!(name, *written);
        }
        // The camel-case forms are never raw (`Self` is the one capitalised keyword).
        for (raw, want) in [("self", "Self_"), ("Self", "Self_"), ("type", "Type"), ("crate", "Crate"), ("_", "Underscore")] {
            for name in [camel(raw), variant(raw), schema(raw)] {
                assert_eq!(name.as_str(), want, "{raw:?}");
                assert_eq!(name.to_ident().to_string(), want, "{raw:?}");
            }
        }
        assert_eq!(screaming("type").to_ident().to_string(), "TYPE");
        assert_eq!(screaming("self").to_ident().to_string(), "SELF");
    }

    #[test]
    fn derived_names_and_links() {
        let name = snake("type");
        assert_eq!(name.prefixed("clear_").to_string(), "clear_type");
        assert_eq!(name.suffixed("_value").to_string(), "type_value");
        assert_eq!(name.doc_link("Client", None), "`Client::type`");
        let plain = snake("list_users");
        assert_eq!(plain.doc_link("Client", None), "[`Client::list_users`]");
        assert_eq!(plain.doc_link("Client", Some("crate::Client")), "[`Client::list_users`](crate::Client::list_users)");
    }

    #[test]
    fn names_order_as_written() {
        let mut names = [snake("rate"), snake("type"), snake("query"), snake("user")];
        names.sort();
        let written: Vec<String> = names.iter().map(ToString::to_string).collect();
        assert_eq!(written, ["query", "r#type", "rate", "user"]);
    }

    #[test]
    fn auth_methods_of_one_kind_get_names_of_their_own() {
        let mut scope = Scope::with_reserved(CLIENT_BUILDER_METHODS);
        assert_eq!(auth_method("api_key", "userKey", &mut scope), "api_key");
        assert_eq!(auth_method("api_key", "adminKey", &mut scope), "api_key_admin_key");
        assert_eq!(auth_method("api_key", "admin_key", &mut scope), "api_key_admin_key_2");
        assert_eq!(auth_method("bearer_token", "oauth", &mut scope), "bearer_token");
    }

    #[test]
    fn schemas_named_like_the_crates_errors_are_bodies() {
        assert_eq!(schema("Error"), "ErrorBody");
        assert_eq!(schema("error"), "ErrorBody");
        assert_eq!(schema("api_error"), "ApiErrorBody");
        assert_eq!(schema("ErrorType"), "ErrorType");
        assert_eq!(schema("user"), "User");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut scope = Scope::new();
        assert_eq!(scope.unique(snake("fooBar")), "foo_bar");
        assert_eq!(scope.unique(snake("foo_bar")), "foo_bar_2");
        assert_eq!(scope.unique(snake("FooBar")), "foo_bar_3");
        let mut types = Scope::new();
        assert_eq!(types.unique(camel("user")), "User");
        assert_eq!(types.unique(camel("User")), "User2");
        let mut kw = Scope::new();
        assert_eq!(kw.unique(snake("type")), "r#type");
        assert_eq!(kw.unique(snake("Type")), "type_2");
    }
}
