//! `$ref`s: what a reference string says, the component it names, and following references to
//! what they point at — written once for the checker, the model, the lint and the diff.
//!
//! A local reference is `#` and a JSON pointer (percent-escapes decoded, RFC 6901 section 6); it
//! may point anywhere a pointer reaches, not only at a component. One that names a component
//! exactly (`#/components/schemas/User`) is a [`ComponentRef`]: the model makes it a named type.

use std::borrow::Cow;

use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};
use serde_json::Value;

use super::pointer;

/// What a `$ref` string says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference<'a> {
    /// `#/...`: the JSON pointer into this document, decoded.
    Local(Cow<'a, str>),
    /// Anything that is not `#...` (another file, a URL); the loader bundles files into one
    /// document, so none is left after loading.
    External(&'a str),
}

/// Why a reference string cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// A `~` that is not `~0` or `~1`.
    BadEscape,
    /// `#` followed by something that does not start with `/`.
    NotAPointer,
}

impl<'a> Reference<'a> {
    /// Reads a `$ref` string.
    pub fn parse(reference: &'a str) -> Result<Reference<'a>, Malformed> {
        let Some(fragment) = reference.strip_prefix('#') else { return Ok(Reference::External(reference)) };
        let decoded = pointer::from_fragment(fragment);
        if pointer::has_bad_escape(&decoded) {
            return Err(Malformed::BadEscape);
        }
        if !decoded.is_empty() && !decoded.starts_with('/') {
            return Err(Malformed::NotAPointer);
        }
        Ok(Reference::Local(decoded))
    }

    /// The pointer of a local reference.
    pub fn local(reference: &'a str) -> Option<Cow<'a, str>> {
        match Reference::parse(reference) {
            Ok(Reference::Local(pointer)) => Some(pointer),
            _ => None,
        }
    }
}

/// The kinds of component a document has, with what one of each is called in messages.
pub const COMPONENT_KINDS: &[(&str, &str)] = &[
    ("schemas", "a schema"),
    ("responses", "a response"),
    ("parameters", "a parameter"),
    ("examples", "an example"),
    ("requestBodies", "a request body"),
    ("headers", "a header"),
    ("securitySchemes", "a security scheme"),
    ("links", "a link"),
    ("callbacks", "a callback"),
];

/// "a schema" for `schemas`.
pub fn component_noun(kind: &str) -> Option<&'static str> {
    COMPONENT_KINDS.iter().find(|(k, _)| *k == kind).map(|(_, noun)| *noun)
}

/// A reference to one whole component: `#/components/<kind>/<name>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ComponentRef {
    /// `schemas`, `parameters`, ...
    pub kind: String,
    /// The component's key, unescaped (`a~1b` names `a/b`).
    pub name: String,
}

impl ComponentRef {
    /// The component a pointer (not a `$ref` string) names exactly; `None` for a pointer into a
    /// component (`/components/schemas/A/properties/b`) or anywhere else.
    pub fn from_pointer(pointer: &str) -> Option<ComponentRef> {
        let rest = pointer.strip_prefix("/components/")?;
        let (kind, name) = rest.split_once('/')?;
        (!name.contains('/')).then(|| ComponentRef { kind: kind.to_string(), name: pointer::unescape(name) })
    }

    /// The component a `$ref` string names exactly.
    pub fn parse(reference: &str) -> Option<ComponentRef> {
        ComponentRef::from_pointer(&Reference::local(reference)?)
    }

    /// The component of `kind` a `$ref` string names exactly.
    pub fn parse_kind(reference: &str, kind: &str) -> Option<String> {
        ComponentRef::parse(reference).filter(|c| c.kind == kind).map(|c| c.name)
    }

    /// The component a pointer lies in (`/components/schemas/A/properties/b` → `schemas/A`).
    pub fn containing(pointer: &str) -> Option<ComponentRef> {
        let rest = pointer.strip_prefix("/components/")?;
        let mut tokens = rest.split('/');
        let kind = tokens.next()?;
        let name = tokens.next()?;
        Some(ComponentRef { kind: kind.to_string(), name: pointer::unescape(name) })
    }

    /// Its pointer, `/components/<kind>/<name>`.
    pub fn pointer(&self) -> String {
        pointer::join_all("/components", [self.kind.as_str(), self.name.as_str()])
    }
}

impl std::fmt::Display for ComponentRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind, self.name)
    }
}

/// Why a reference leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// Nothing is at `pointer`; `nearest` is the deepest pointer above it that exists.
    Dangling { pointer: String, nearest: String },
    /// Following the references comes back to where it started.
    Cycle,
    /// More than [`MAX_CHAIN`] references in a row, each to the next, without a cycle.
    TooLong,
    /// A reference on the way cannot be read, or leaves the document.
    Malformed(String),
}

/// How many references in a row are followed before giving up ([`Missing::TooLong`]).
pub const MAX_CHAIN: usize = 64;

/// Follows the reference at `pointer` (and any object that is only a `$ref`, as the target may
/// be) to a real value: returns the value and its pointer.
pub fn follow<'v>(root: &'v Value, pointer: &str) -> Result<(&'v Value, String), Missing> {
    let mut current = pointer.to_string();
    let mut seen = std::collections::HashSet::new();
    loop {
        if !seen.insert(current.clone()) {
            return Err(Missing::Cycle);
        }
        if seen.len() > MAX_CHAIN + 1 {
            return Err(Missing::TooLong);
        }
        let value = pointer::lookup(root, &current).map_err(|nearest| Missing::Dangling { pointer: current.clone(), nearest })?;
        match value.as_object().filter(|m| m.len() == 1).and_then(|m| m.get("$ref")).and_then(Value::as_str) {
            Some(next) => match Reference::parse(next) {
                Ok(Reference::Local(p)) => current = p.into_owned(),
                Ok(Reference::External(r)) => return Err(Missing::Malformed(format!("`{r}` is not a reference into this document"))),
                Err(_) => return Err(Missing::Malformed(format!("`{next}` is not a valid JSON pointer"))),
            },
            None => return Ok((value, current)),
        }
    }
}

/// Whether [`follow`] of `pointer` in the document's JSON view ends well, answered in
/// `openapiv3`'s document without the view, when `pointer` names a whole component: `true` when
/// it, and every component it is a reference to in turn, is there and the chain ends at one that
/// is not a reference, within [`MAX_CHAIN`] and without coming back. `false` for anything else (a
/// pointer into a component or elsewhere, a component that is missing, a cycle, a reference out of
/// the components): the view says what it is.
pub fn follows_to_component(api: &OpenAPI, pointer: &str) -> bool {
    follows_in_components(api, pointer).is_some()
}

/// [`follows_to_component`]: `Some` when it does.
fn follows_in_components(api: &OpenAPI, pointer: &str) -> Option<()> {
    let components = api.components.as_ref()?;
    let mut current = Cow::Borrowed(pointer);
    let mut seen = std::collections::HashSet::new();
    loop {
        if !seen.insert(current.clone().into_owned()) || seen.len() > MAX_CHAIN + 1 {
            return None;
        }
        let c = ComponentRef::from_pointer(&current)?;
        let name = c.name.as_str();
        // The reference the component is, or `None` when it is a value.
        let next = match c.kind.as_str() {
            "schemas" => as_reference(components.schemas.get(name)?),
            "responses" => as_reference(components.responses.get(name)?),
            "parameters" => as_reference(components.parameters.get(name)?),
            "examples" => as_reference(components.examples.get(name)?),
            "requestBodies" => as_reference(components.request_bodies.get(name)?),
            "headers" => as_reference(components.headers.get(name)?),
            "securitySchemes" => as_reference(components.security_schemes.get(name)?),
            "links" => as_reference(components.links.get(name)?),
            "callbacks" => as_reference(components.callbacks.get(name)?),
            _ => return None,
        };
        match next {
            None => return Some(()),
            Some(reference) => current = Cow::Owned(Reference::local(reference)?.into_owned()),
        }
    }
}

/// The `$ref` a component is, if it is one.
fn as_reference<T>(item: &ReferenceOr<T>) -> Option<&str> {
    match item {
        ReferenceOr::Reference { reference } => Some(reference),
        ReferenceOr::Item(_) => None,
    }
}

/// Follows `value` if it is a `$ref` (with siblings or not, as 3.0 readers must ignore them);
/// returns what it points at and its pointer, or `value` itself when it leads nowhere.
pub fn resolve_value<'v>(root: &'v Value, value: &'v Value, at: &str) -> (&'v Value, String) {
    match value.get("$ref").and_then(Value::as_str).and_then(Reference::local) {
        Some(target) => follow(root, &target).unwrap_or((value, at.to_string())),
        None => (value, at.to_string()),
    }
}

/// An object that components of its kind can be: what a typed reference resolves to.
pub trait Component: Clone + serde::de::DeserializeOwned {
    /// The key under `components`.
    const KIND: &'static str;
    /// The map of such components.
    fn components(c: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $kind:literal, $field:ident) => {
        impl Component for $ty {
            const KIND: &'static str = $kind;
            fn components(c: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &c.$field
            }
        }
    };
}
component!(Schema, "schemas", schemas);
component!(Parameter, "parameters", parameters);
component!(Response, "responses", responses);
component!(RequestBody, "requestBodies", request_bodies);

/// The JSON view of a document that a reference which is not to a component is followed in: the
/// view itself, or what makes it when first needed (`load::Document`: the model resolves nearly all
/// references in `openapiv3`'s document, and a large document's view is not kept for the few).
pub trait JsonView {
    /// The view.
    fn view(&self) -> &Value;
}

impl JsonView for Value {
    fn view(&self) -> &Value {
        self
    }
}

/// Resolves a typed reference: the component it names (following components that are references
/// themselves), or, for a pointer anywhere else, the object found there in `json` (the document
/// as JSON). `None` when it leads nowhere or to something that is not a `T`.
pub fn resolve<'a, T: Component, J: JsonView + ?Sized>(api: &'a OpenAPI, json: &J, item: &'a ReferenceOr<T>) -> Option<Cow<'a, T>> {
    let mut current = item;
    for _ in 0..MAX_CHAIN {
        let reference = match current {
            ReferenceOr::Item(item) => return Some(Cow::Borrowed(item)),
            ReferenceOr::Reference { reference } => reference,
        };
        match ComponentRef::parse(reference) {
            Some(c) if c.kind == T::KIND => current = T::components(api.components.as_ref()?).get(&c.name)?,
            _ => {
                let target = Reference::local(reference)?;
                let (value, _) = follow(json.view(), &target).ok()?;
                return serde_json::from_value(value.clone()).ok().map(Cow::Owned);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_strings() {
        assert_eq!(Reference::parse("#/a~1b"), Ok(Reference::Local("/a~1b".into())));
        assert_eq!(Reference::parse("#/paths/~1users~1%7Bid%7D"), Ok(Reference::Local("/paths/~1users~1{id}".into())));
        assert_eq!(Reference::parse("#"), Ok(Reference::Local("".into())));
        assert_eq!(Reference::parse("other.yaml#/a"), Ok(Reference::External("other.yaml#/a")));
        assert_eq!(Reference::parse("#a"), Err(Malformed::NotAPointer));
        assert_eq!(Reference::parse("#/a~2"), Err(Malformed::BadEscape));
    }

    /// The table every stage agrees on: which references name a whole component.
    #[test]
    fn component_refs() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("#/components/schemas/User", Some(("schemas", "User"))),
            ("#/components/schemas/a~1b", Some(("schemas", "a/b"))),
            ("#/components/schemas/a%20b", Some(("schemas", "a b"))),
            ("#/components/parameters/Id", Some(("parameters", "Id"))),
            ("#/components/schemas/A/properties/b", None),
            ("#/components/schemas", None),
            ("#/paths/~1users/get", None),
            ("other.yaml#/components/schemas/User", None),
        ];
        for (reference, expected) in cases {
            let got = ComponentRef::parse(reference);
            assert_eq!(got.as_ref().map(|c| (c.kind.as_str(), c.name.as_str())), *expected, "{reference}");
        }
        assert_eq!(ComponentRef::parse_kind("#/components/schemas/User", "schemas").as_deref(), Some("User"));
        assert_eq!(ComponentRef::parse_kind("#/components/schemas/User", "responses"), None);
        let c = ComponentRef::containing("/components/schemas/a~1b/properties/x").unwrap();
        assert_eq!((c.kind.as_str(), c.name.as_str(), c.pointer()), ("schemas", "a/b", "/components/schemas/a~1b".to_string()));
    }

    #[test]
    fn following() {
        let root = serde_json::json!({
            "a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"type": "string"},
            "loop1": {"$ref": "#/loop2"}, "loop2": {"$ref": "#/loop1"},
            "self": {"$ref": "#/self"}, "away": {"$ref": "#/nowhere/x"},
            "sibling": {"$ref": "#/c", "description": "kept"},
        });
        assert_eq!(follow(&root, "/a").unwrap().1, "/c");
        assert_eq!(follow(&root, "/loop1"), Err(Missing::Cycle));
        assert_eq!(follow(&root, "/self"), Err(Missing::Cycle));
        let mut chain = serde_json::Map::new();
        for i in 0..=MAX_CHAIN {
            chain.insert(format!("s{i}"), serde_json::json!({"$ref": format!("#/s{}", i + 1)}));
        }
        chain.insert(format!("s{}", MAX_CHAIN + 1), serde_json::json!({"type": "string"}));
        let chain = Value::Object(chain);
        assert_eq!(follow(&chain, "/s1").unwrap().1, format!("/s{}", MAX_CHAIN + 1), "{MAX_CHAIN} references in a row are followed");
        assert_eq!(follow(&chain, "/s0"), Err(Missing::TooLong), "one more is too long, not a cycle");
        assert_eq!(follow(&root, "/away"), Err(Missing::Dangling { pointer: "/nowhere/x".into(), nearest: "".into() }));
        assert_eq!(resolve_value(&root, &root["sibling"], "/sibling").1, "/c");
        assert_eq!(follow(&root, "/sibling").unwrap().1, "/sibling", "an object with more than $ref is a value");
    }

    /// Answered in the typed document, the chains of components end where [`follow`] in the
    /// view says they do; what it cannot answer is left to the view.
    #[test]
    fn component_chains_typed() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {type: string}
    Loop1: {$ref: '#/components/schemas/Loop2'}
    Loop2: {$ref: '#/components/schemas/Loop1'}
    Away: {$ref: '#/components/schemas/Nowhere'}
    Inside: {$ref: '#/components/schemas/C/properties/x'}
    C: {type: object, properties: {x: {type: string}}}
    a/b: {type: string}
  parameters:
    Q: {$ref: '#/components/parameters/R'}
    R: {name: r, in: query, schema: {type: string}}
  responses:
    Ok: {description: ok}
"#;
        let api: OpenAPI = serde_yaml::from_str(yaml).unwrap();
        let json = serde_json::to_value(&api).unwrap();
        let cases = [
            ("/components/schemas/A", true),
            ("/components/schemas/B", true),
            ("/components/schemas/a~1b", true),
            ("/components/parameters/Q", true),
            ("/components/responses/Ok", true),
            ("/components/schemas/Loop1", false),
            ("/components/schemas/Away", false),
            ("/components/schemas/Nowhere", false),
            ("/components/schemas/Inside", false),
            ("/components/schemas/C/properties/x", false),
            ("/paths", false),
        ];
        for (pointer, expected) in cases {
            assert_eq!(follows_to_component(&api, pointer), expected, "{pointer}");
            if expected {
                assert!(follow(&json, pointer).is_ok(), "{pointer}: the view agrees");
            }
        }
    }

    #[test]
    fn typed_resolution_reaches_any_pointer() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
components:
  parameters:
    Q: {$ref: '#/components/parameters/R'}
    R: {name: r, in: query, schema: {type: string}}
"#;
        let api: OpenAPI = serde_yaml::from_str(yaml).unwrap();
        let json = serde_json::to_value(&api).unwrap();
        let r = |reference: &str| ReferenceOr::<Parameter>::Reference { reference: reference.into() };
        let name = |p: Option<Cow<'_, Parameter>>| p.map(|p| p.parameter_data_ref().name.clone());
        assert_eq!(name(resolve(&api, &json, &r("#/components/parameters/Q"))).as_deref(), Some("r"));
        assert_eq!(name(resolve(&api, &json, &r("#/paths/~1a/get/parameters/0"))).as_deref(), Some("q"));
        assert_eq!(name(resolve(&api, &json, &r("#/components/parameters/Nope"))), None);
        assert_eq!(name(resolve(&api, &json, &r("#/info"))), None, "not a parameter");
    }
}
