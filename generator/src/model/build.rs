//! Builds the [`Api`] model from a checked `openapiv3` document.
//!
//! Everything the emitters need is decided here: type names for inline schemas (from their
//! context: `{Operation}Body`, `{Parent}{Field}`), field and parameter names, which header is a
//! client setting, how a list pages, which fields must be boxed. What cannot be expressed becomes
//! a warning with its location and a documented fallback (`serde_json::Value`).
//!
//! Split by concern: [`schemas`] (types from schemas), [`merge`] (`allOf`), [`operations`]
//! (parameters, bodies, responses, errors), [`extensions`] (`x-pagination`, `x-upload`),
//! [`cycles`] (boxing recursive fields), [`docs`] (documentation prose).

use std::collections::{BTreeMap, HashMap};

use openapiv3::{
    AdditionalProperties, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, SchemaKind, SecurityScheme, Type,
    VariantOrUnknownOrEmpty,
};

use super::*;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Document;
use crate::naming::{self, RustName, Scope};
use crate::openapi::reference::{self as refs, ComponentRef};
use crate::openapi::{self, pointer, PathTemplate, StatusKey};

mod cycles;
mod docs;
mod env;
mod extensions;
mod merge;
mod operations;
mod schemas;
mod unions;
mod webhooks;

pub(crate) use docs::doc_of;
use operations::is_identity_header;

/// Builds the model; returns it with the warnings found on the way, or every error.
pub fn build(doc: &Document) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    finish(Builder::new(doc, PathItems::Borrowed(&doc.api.paths.paths)))
}

/// [`build`] of a checked document the caller is done with once the model is made: each path
/// item is freed once its operations are made (of a Graph-sized document, 150 MB freed while the
/// model grows by 50), so that the document and the model are not both whole at once. The same
/// model. Only when the checker found no reference into the paths
/// ([`Document::references_into_paths`]): the JSON view such a reference is followed in would be
/// made without them; otherwise, and for a document not checked, this is [`build`]. The document
/// is left without its path items.
pub fn build_freeing_paths(doc: &mut Document) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    if doc.references_into_paths() != Some(false) {
        return build(doc);
    }
    let paths = std::mem::take(&mut doc.api.paths.paths);
    finish(Builder::new(doc, PathItems::Owned(paths)))
}

fn finish(mut b: Builder<'_>) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    let api = b.api();
    if b.diagnostics.iter().any(|d| d.severity == crate::diagnostic::Severity::Error) {
        return Err(Diagnostics(b.diagnostics));
    }
    Ok((api, b.diagnostics))
}

/// The security schemes of the document, as the client's credential setters.
#[derive(Default)]
struct AuthSchemes {
    /// The setters, each once, in document order.
    setters: Vec<Auth>,
    /// The setter each scheme (by its key in `components/securitySchemes`) feeds; schemes the
    /// client has no setter for are not here.
    of_scheme: HashMap<String, Auth>,
}

/// The path items the model is made of: the document's, or held apart from it and freed one by
/// one as their operations are made ([`build_freeing_paths`]).
enum PathItems<'a> {
    Borrowed(&'a indexmap::IndexMap<String, ReferenceOr<openapiv3::PathItem>>),
    Owned(indexmap::IndexMap<String, ReferenceOr<openapiv3::PathItem>>),
    /// Their operations are made.
    Done,
}

impl PathItems<'_> {
    /// The path items, until their operations are made (none after).
    fn get(&self) -> &indexmap::IndexMap<String, ReferenceOr<openapiv3::PathItem>> {
        static NONE: std::sync::LazyLock<indexmap::IndexMap<String, ReferenceOr<openapiv3::PathItem>>> = std::sync::LazyLock::new(Default::default);
        match self {
            PathItems::Borrowed(items) => items,
            PathItems::Owned(items) => items,
            PathItems::Done => &NONE,
        }
    }
}

struct Builder<'a> {
    doc: &'a Document,
    /// The document's path items (see [`PathItems`]): read through this, never `doc.api.paths`.
    paths: PathItems<'a>,
    types: Vec<TypeDef>,
    type_names: Scope,
    /// Component schema key → Rust type name.
    components: HashMap<&'a str, RustName>,
    diagnostics: Vec<Diagnostic>,
    identity_headers: Vec<IdentityHeader>,
    /// Types made for references to schemas that are not components, and for the inline schemas
    /// of components, by the schema's pointer: each is made once.
    pointer_types: HashMap<String, TypeRef>,
    /// How often `pointer_types` answered for an inline schema (to tell whether a name was
    /// handed out while its type was being made).
    memo_hits: usize,
    /// operationId → the function name FastAPI made it of (`read_flow_runs`), when every
    /// operation's is of that shape and the names are unique: the names of methods and builders.
    short_names: HashMap<String, String>,
    /// The pointers warned about, as given (a fallback under one is already explained).
    warned: Vec<String>,
    /// Every union made, with its pointer (for the warnings of [`unions`]).
    unions: Vec<(RustName, String)>,
    /// Resource type name → the alias of its id type (`User` → `UserId`), made on first use.
    ids: HashMap<RustName, RustName>,
    /// How many of those are being made, one inside the other ([`schemas::MAX_POINTER_DEPTH`]).
    pointer_depth: usize,
}

impl<'a> Builder<'a> {
    fn new(doc: &'a Document, paths: PathItems<'a>) -> Self {
        Builder {
            doc,
            paths,
            types: Vec::new(),
            type_names: Scope::new(),
            components: HashMap::new(),
            diagnostics: Vec::new(),
            identity_headers: Vec::new(),
            pointer_types: HashMap::new(),
            memo_hits: 0,
            short_names: HashMap::new(),
            warned: Vec::new(),
            unions: Vec::new(),
            ids: HashMap::new(),
            pointer_depth: 0,
        }
    }

    /// Warns once (a schema may be looked at again on a fallback path).
    fn warn(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.warned.push(pointer.to_string());
        let warning = Diagnostic::warning(self.doc.location(pointer), message).help(help);
        if !self.diagnostics.contains(&warning) {
            self.diagnostics.push(warning);
        }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        let location = self.doc.location(pointer);
        self.diagnostics.push(Diagnostic::error(location, message).help(help));
    }

    fn api(&mut self) -> Api {
        let openapi = &self.doc.api;
        self.short_names = fastapi_functions(self.paths.get());
        // Component names first, so references resolve whatever the order.
        if let Some(components) = &openapi.components {
            for key in components.schemas.keys() {
                // FastAPI's body of an operation (`Body_{operationId}`) is named after its function.
                let short = key.strip_prefix("Body_").and_then(|id| self.short_names.get(id));
                let name = match short {
                    Some(function) => self.type_names.unique(naming::camel(&format!("{function} body"))),
                    None => self.type_names.unique(naming::schema(key)),
                };
                self.components.insert(key.as_str(), name);
            }
            for (key, schema) in &components.schemas {
                let pointer = pointer::join("/components/schemas", key);
                let name = self.components[key.as_str()].clone();
                self.define_component(&name, schema, &pointer);
            }
        }
        let auth = self.auth();
        self.collect_identity_headers(&auth.setters);
        let env = self.env_vars(&auth);
        let auth = auth.setters;
        // Made at its size: an operation of the model takes kilobytes, and a vector grown by
        // doubling held its old and new buffers at once (87 MB for a Graph-sized spec, at the
        // peak of the run).
        let count = self.paths.get().values().filter_map(ReferenceOr::as_item).map(|item| {
            let additional = item.extensions.get(openapi::ADDITIONAL_OPERATIONS).and_then(serde_json::Value::as_object).map_or(0, |ops| ops.len());
            openapi::operations(item).count() + additional
        });
        let mut operations = Vec::with_capacity(count.sum());
        let mut names = operations::OperationNames {
            functions: Scope::with_reserved(naming::CLIENT_METHODS),
            // Builders live in the operations modules, next to what those import.
            builders: Scope::with_reserved(naming::RESERVED_TYPES),
        };
        match std::mem::replace(&mut self.paths, PathItems::Done) {
            PathItems::Borrowed(items) => items.iter().for_each(|(path, item)| self.path_item(path, item, &mut operations, &mut names)),
            // Each path item is freed once its operations are made.
            PathItems::Owned(items) => items.into_iter().for_each(|(path, item)| self.path_item(&path, &item, &mut operations, &mut names)),
            PathItems::Done => {}
        }
        // The crate-wide error body: the type every operation that documents one shares. An
        // operation that documents none has no say (its errors decode as that type if they can).
        let mut documented = operations.iter().filter_map(|op: &Operation| op.error_body.as_ref());
        let error_body = match documented.next() {
            Some(first) if documented.all(|ty| ty == first) => Some(first.clone()),
            _ => None,
        };
        let mut webhooks = self.webhooks();
        self.union_guards();
        self.webhook_guards(&mut webhooks);
        self.unwrap_nullable_aliases(&mut operations);
        self.box_recursive_fields();
        Api {
            title: openapi.info.title.clone(),
            description: openapi.info.description.clone(),
            version: openapi.info.version.clone(),
            base_url: openapi.servers.first().map(|s| s.url.clone()),
            server_variables: self.server_variables(),
            auth,
            identity_headers: std::mem::take(&mut self.identity_headers),
            types: std::mem::take(&mut self.types),
            components: openapi
                .components
                .iter()
                .flat_map(|c| c.schemas.keys())
                .map(|key| (key.clone(), self.components[key.as_str()].clone()))
                .collect(),
            operations,
            error_body,
            fastapi_operation_ids: !self.short_names.is_empty(),
            json_body_on_delete: openapi.extensions.get("x-json-body-on-delete").and_then(|v| v.as_bool()) == Some(true),
            error_status_in_body: self.error_status_in_body(),
            env,
            webhooks,
        }
    }

    /// The operations of one path item, onto `operations`.
    fn path_item(
        &mut self,
        path: &str,
        item: &ReferenceOr<openapiv3::PathItem>,
        operations: &mut Vec<Operation>,
        names: &mut operations::OperationNames,
    ) {
        let item_pointer = pointer::join("/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                self.warn(
                    &item_pointer,
                    format!("path item references ({reference}) are not supported; the path is skipped"),
                    "write the path item inline",
                );
                return;
            }
        };
        for (key, op) in openapi::operations(item) {
            let Some(method) = Method::from_key(key) else { continue };
            let pointer = pointer::join(&item_pointer, key);
            let site = operations::Site { path, method, item, op, item_pointer: &item_pointer, pointer: &pointer };
            operations.push(self.operation(&site, names));
        }
        // `query` and `additionalOperations` (OpenAPI 3.2, carried by the loader; or the
        // registered extension before 3.2): an entry that is not an operation is the checker's.
        let carried = pointer::join(&item_pointer, openapi::ADDITIONAL_OPERATIONS);
        for (key, op) in openapi::additional_operations(item) {
            let Ok(op) = op else { continue };
            let pointer = pointer::join(&carried, &key);
            let site = operations::Site { path, method: Method::additional(&key), item, op: &op, item_pointer: &item_pointer, pointer: &pointer };
            operations.push(self.operation(&site, names));
        }
    }

    /// The identity headers (`x-client-setting`) of the whole document, named once.
    /// Each is a `ClientBuilder` method (beside its own and the authentication setters) and a
    /// setter of every request builder that takes it (beside the builders' own methods).
    fn collect_identity_headers(&mut self, auth: &[Auth]) {
        let params = openapi::inline_parameters(&self.doc.api, self.paths.get(), is_identity_header);
        let mut taken: Vec<&str> = naming::CLIENT_BUILDER_METHODS.iter().chain(naming::REQUEST_BUILDER_METHODS).copied().collect();
        let auth_methods: Vec<String> = auth.iter().map(|a| a.method().to_string()).collect();
        taken.extend(auth_methods.iter().map(String::as_str));
        let mut scope = Scope::with_reserved(&taken);
        for (_, p) in params.iter().filter(|(_, p)| is_identity_header(p)) {
            let data = p.parameter_data_ref();
            if self.identity_headers.iter().any(|s| s.header.eq_ignore_ascii_case(&data.name)) {
                continue;
            }
            let bare = data.name.strip_prefix("x-").or_else(|| data.name.strip_prefix("X-")).unwrap_or(&data.name);
            let rust_name = scope.unique(naming::snake(bare));
            let sensitive = data.extensions.get("x-sensitive").and_then(|v| v.as_bool()) == Some(true);
            let only_where_declared = data.extensions.get("x-only-where-declared").and_then(|v| v.as_bool()) == Some(true);
            self.identity_headers.push(IdentityHeader {
                header: data.name.clone(),
                rust_name,
                doc: data.description.clone(),
                sensitive,
                only_where_declared,
            });
        }
    }

    /// `x-error-status-in-body` of the document root: a JSON pointer (`/code`), or nothing.
    fn error_status_in_body(&mut self) -> Option<String> {
        let value = self.doc.api.extensions.get("x-error-status-in-body")?;
        match value.as_str() {
            Some(pointer) if pointer.is_empty() || pointer.starts_with('/') => Some(pointer.to_string()),
            _ => {
                self.warn(
                    "/x-error-status-in-body",
                    format!("`x-error-status-in-body` is not a JSON pointer (`/code`): {value}; it is ignored"),
                    "give the pointer of the status inside the body, as a string starting with `/`",
                );
                None
            }
        }
    }

    /// The first server's variables. A spec must give each a `default` (OpenAPI requires it); an
    /// empty one means there is none, so the caller must set the variable.
    fn server_variables(&mut self) -> Vec<ServerVariable> {
        let Some(server) = self.doc.api.servers.first() else { return Vec::new() };
        let Some(variables) = &server.variables else { return Vec::new() };
        // Setters share the builder with its own methods and the identity setters.
        let mut reserved: Vec<&str> = naming::CLIENT_BUILDER_METHODS.iter().chain(naming::AUTH_METHODS).copied().collect();
        reserved.extend([naming::API_KEY_METHOD, naming::API_KEY_QUERY_METHOD]);
        let identity: Vec<String> = self.identity_headers.iter().map(|s| s.rust_name.to_string()).collect();
        reserved.extend(identity.iter().map(String::as_str));
        let mut scope = Scope::with_reserved(&reserved);
        let mut out = Vec::new();
        for (name, var) in variables {
            if !server.url.contains(&format!("{{{name}}}")) {
                let pointer = pointer::join("/servers/0/variables", name);
                self.warn(
                    &pointer,
                    format!("server variable `{name}` does not appear in the URL `{}`; it is ignored", server.url),
                    "use it in the URL as `{name}` or remove it",
                );
                continue;
            }
            out.push(ServerVariable {
                name: name.clone(),
                rust_name: scope.unique(naming::snake(name)),
                default: (!var.default.is_empty()).then(|| var.default.clone()),
                allowed: var.enumeration.clone(),
                doc: var.description.clone(),
            });
        }
        out
    }

    /// The client's credential setters, and the setter each security scheme feeds (the one
    /// mapping from a scheme to a setter: `x-env` reads it too).
    fn auth(&mut self) -> AuthSchemes {
        let mut out = AuthSchemes::default();
        let Some(components) = &self.doc.api.components else { return out };
        let mut methods = Scope::with_reserved(naming::CLIENT_BUILDER_METHODS);
        for method in naming::AUTH_METHODS {
            methods.reserve(method);
        }
        for (key, scheme) in &components.security_schemes {
            let ReferenceOr::Item(scheme) = scheme else { continue };
            let setters = &out.setters;
            let auth = match scheme {
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Auth::Basic,
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Auth::Bearer,
                SecurityScheme::HTTP { scheme, .. } => {
                    let pointer = pointer::join("/components/securitySchemes", key);
                    self.warn(
                        &pointer,
                        format!("HTTP authentication scheme `{scheme}` is not supported; the client offers no setter for it"),
                        "set the Authorization header yourself with ClientBuilder::default_header",
                    );
                    continue;
                }
                SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, name, .. } => {
                    // Two schemes of one header feed the first one's setter.
                    match setters.iter().find(|a| matches!(a, Auth::ApiKeyHeader { header, .. } if header.eq_ignore_ascii_case(name))) {
                        Some(first) => first.clone(),
                        None => Auth::ApiKeyHeader { header: name.clone(), method: naming::auth_method(naming::API_KEY_METHOD, key, &mut methods) },
                    }
                }
                SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Query, name, .. } => {
                    match setters.iter().find(|a| matches!(a, Auth::ApiKeyQuery { param, .. } if param == name)) {
                        Some(first) => first.clone(),
                        None => {
                            Auth::ApiKeyQuery { param: name.clone(), method: naming::auth_method(naming::API_KEY_QUERY_METHOD, key, &mut methods) }
                        }
                    }
                }
                SecurityScheme::APIKey { .. } => {
                    let pointer = pointer::join("/components/securitySchemes", key);
                    self.warn(&pointer, "API keys in cookies are not supported", "set the Cookie header yourself with ClientBuilder::default_header");
                    continue;
                }
                SecurityScheme::OAuth2 { flows, .. } => {
                    // A token of the caller's own, always; the client credentials flow, fetched
                    // and refreshed by the client, where the spec has one (the first such scheme).
                    if let Some(flow) = &flows.client_credentials {
                        if setters.iter().any(|a| matches!(a, Auth::OAuth2ClientCredentials { .. })) {
                            let pointer = pointer::join("/components/securitySchemes", key);
                            self.warn(
                                &pointer,
                                "a second OAuth2 client credentials flow: the client fetches tokens from the first one's tokenUrl",
                                "give this flow's token URL to ClientCredentials::token_url",
                            );
                        } else {
                            let scopes = flow.scopes.iter().map(|(name, doc)| (name.clone(), doc.clone())).collect();
                            out.setters.push(Auth::OAuth2ClientCredentials { token_url: flow.token_url.clone(), scopes });
                        }
                    }
                    Auth::Bearer
                }
                SecurityScheme::OpenIDConnect { .. } => Auth::Bearer,
            };
            if !out.setters.contains(&auth) {
                out.setters.push(auth.clone());
            }
            out.of_scheme.insert(key.clone(), auth);
        }
        out
    }

    /// The item itself, or what its reference points at (a component, or any object of the
    /// right kind a JSON pointer reaches); an error when there is none.
    fn resolve<T: refs::Component>(&mut self, item: &ReferenceOr<T>, pointer: &str) -> Option<T> {
        match refs::resolve(&self.doc.api, self.doc, item) {
            Some(found) => Some(found.into_owned()),
            None => {
                if let ReferenceOr::Reference { reference } = item {
                    self.unresolved(pointer, reference, T::KIND);
                }
                None
            }
        }
    }

    /// Reports a reference of `kind` at `pointer` that leads to nothing of that kind.
    fn unresolved(&mut self, pointer: &str, reference: &str, kind: &str) {
        let what = refs::component_noun(kind).unwrap_or("a component");
        self.error(
            &format!("{pointer}/$ref"),
            format!("unresolved reference `{reference}`: it does not lead to {what}"),
            format!("point the $ref at {what}, e.g. under #/components/{kind}"),
        );
    }
}

/// The function of each FastAPI-made operationId ([`naming::fastapi_function`]), when the
/// functions name every operation that has an id once (else none: a mix of names is no
/// convention to rely on).
fn fastapi_functions(paths: &indexmap::IndexMap<String, ReferenceOr<openapiv3::PathItem>>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut taken = std::collections::HashSet::new();
    for (path, item) in paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in openapi::operations(item) {
            let Some(id) = &op.operation_id else { continue };
            let Some(function) = naming::fastapi_function(id, path, method) else { return HashMap::new() };
            if !taken.insert(naming::snake(function).to_string()) {
                return HashMap::new();
            }
            out.insert(id.clone(), function.to_string());
        }
    }
    out
}

/// Builds the model of a small spec, for the conversions' unit tests beside each of them.
#[cfg(test)]
pub(super) fn test_api(yaml: &str) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    let doc = crate::load::parse(std::path::Path::new("t.yaml"), format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{yaml}"))?;
    build(&doc)
}

/// The type named `name` of a model.
#[cfg(test)]
pub(super) fn type_named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name.as_str() == name)
        .unwrap_or_else(|| panic!("no type {name}: {:?}", api.types.iter().map(|t| &t.name).collect::<Vec<_>>()))
}

#[cfg(test)]
mod tests {
    use super::test_api;
    use crate::model::Auth;

    /// Every fixture and every document of the generator's tests that models: the model made
    /// while the path items are freed is the model made of the whole document, warnings and all;
    /// and a document with a reference into its paths (a fixture has them) is modelled whole.
    #[test]
    fn freeing_path_items_makes_the_same_model() {
        let (mut modelled, mut freed, mut kept_whole) = (0, 0, 0);
        for path in &crate::test_documents() {
            let load = || crate::load::load(crate::load::Spec::File(path), &Default::default());
            let Ok(whole) = load() else { continue };
            let Ok(expected) = super::build(&whole) else { continue };
            let mut doc = load().unwrap();
            crate::check::parsed_findings(&doc, &mut Vec::new());
            let paths_before = doc.api.paths.paths.len();
            let got = super::build_freeing_paths(&mut doc).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(got, expected, "{}", path.display());
            modelled += 1;
            match doc.references_into_paths() {
                Some(false) => {
                    assert!(doc.api.paths.paths.is_empty(), "{}: the path items are gone", path.display());
                    freed += usize::from(paths_before > 0);
                }
                _ => {
                    assert_eq!(doc.api.paths.paths.len(), paths_before, "{}", path.display());
                    kept_whole += 1;
                }
            }
        }
        assert!(modelled > 40 && freed > 30 && kept_whole >= 1, "{modelled} modelled, {freed} freed, {kept_whole} kept whole");
    }

    /// Not checked, the document is modelled whole: nothing says no reference points into its paths.
    #[test]
    fn unchecked_documents_keep_their_paths() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n";
        let mut doc = crate::load::parse(std::path::Path::new("t.yaml"), spec.into()).unwrap();
        let expected = super::build(&doc).unwrap();
        assert_eq!(super::build_freeing_paths(&mut doc).unwrap(), expected);
        assert_eq!(doc.api.paths.paths.len(), 1);
    }

    /// An OAuth2 scheme: a bearer token of the caller's own, always, and the client credentials
    /// flow where there is one (the first; a second is a warning).
    #[test]
    fn oauth2_client_credentials() {
        let spec = r#"
paths: {}
components:
  securitySchemes:
    code:
      type: oauth2
      flows: {authorizationCode: {authorizationUrl: 'https://a.example/auth', tokenUrl: 'https://a.example/token', scopes: {}}}
    service:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: /oauth/token, scopes: {'things:read': Read things}}}
    other:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: 'https://b.example/token', scopes: {}}}
"#;
        let (api, warnings) = test_api(spec).unwrap();
        assert_eq!(
            api.auth,
            vec![
                Auth::Bearer,
                Auth::OAuth2ClientCredentials { token_url: "/oauth/token".into(), scopes: vec![("things:read".into(), "Read things".into())] },
            ]
        );
        assert_eq!(api.auth[1].method().as_str(), "client_credentials");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("a second OAuth2 client credentials flow"), "{warnings:?}");
    }
}
