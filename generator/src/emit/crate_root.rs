//! Emits `src/lib.rs`: the crate's documentation, modules and exports, its default base URL,
//! and the `ClientBuilder` setters for the spec's authentication and identity headers.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{docs, ident, needs_paging, type_tokens, CrateSettings};
use crate::model::{Api, Auth};

/// The head of `call_options!` (see [`call_options_macro`]).
const CALL_OPTIONS: &str = "
/// Adds to a request builder the setters every one has: a per-call timeout and options, and for each
/// identity header (which every call sends) one to change it and one to leave it out:
/// `call_options!(Builder, [bot_id, user_id], [integration_name])` (the second list: names an
/// input of the builder takes, which get only `without_<name>_header()`).
macro_rules! call_options {
    ($builder:ident, [$($identity:ident),*], [$($taken:ident),*]) => (
        crate::request::per_call_options!($builder);
        $(crate::call_options!(@setter $builder $identity);)*
        $(crate::call_options!(@without $builder $taken);)*
    );
";

/// The `call_options!` macro of `src/lib.rs`, as text (a formatter cannot lay out a macro's
/// body): a table from each identity header's name to its setters, which the runtime's
/// `request.rs` defines (`per_call_options!`, `identity_options!`), as it defines every per-call
/// setter. Used as `call_options!(Builder, [bot_id, user_id], [integration_name])`: the second
/// list holds the identity headers whose name an input of the builder already takes; those get
/// only `without_<name>_header()`.
pub fn call_options_macro(api: &Api) -> String {
    let mut text = CALL_OPTIONS.to_string();
    for s in &api.identity_headers {
        let (setter, name, header) = (&s.rust_name, s.rust_name.as_str(), Literal::string(&s.header.to_ascii_lowercase()));
        let name_literal = Literal::string(name);
        text.push_str(&format!(
            "    (@setter $builder:ident {setter}) => (crate::request::identity_options!($builder, {name_literal}, {header}, {setter}, without_{name}););\n"
        ));
        text.push_str(&format!(
            "    (@without $builder:ident {setter}) => (crate::request::identity_options!(taken $builder, {header}, without_{name}_header););\n"
        ));
    }
    text.push_str("}\n\npub(crate) use call_options;\n");
    text
}

/// The tokens of `src/lib.rs`.
pub fn lib_rs(layout: &super::layout::Layout<'_>, settings: &CrateSettings) -> TokenStream {
    let api = layout.api();
    let crate_doc_lines = crate_doc(api, settings);
    let base_url = api.base_url.clone().unwrap_or_default();
    let base_url_doc = base_url_doc(api);
    let modules = modules(layout, settings);
    let exports = exports(api);
    let error_body = match &api.error_body {
        Some(ty) => type_tokens(ty, &layout.at(super::layout::Here::Root)),
        None => quote!(serde_json::Value),
    };
    let builder_impl = auth_and_identity(api);
    let (server_variables, server_setters) = server_variables(api);
    // An API of types only (a 3.1 document without `paths`) leaves the request machinery unused.
    let types_only = api.operations.is_empty().then(|| quote!(#![allow(dead_code, unused_imports, unused_macros)]));
    let from_env = super::env::from_env(api);
    quote! {
        #(#![doc = #crate_doc_lines])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #types_only

        #modules

        #exports

        /// The result of a call.
        pub type Result<T, E = Error> = std::result::Result<T, E>;

        /// The body of the API's error responses (see [`ApiError::body`]).
        pub type ErrorBody = #error_body;

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #server_variables

        #builder_impl

        #server_setters
        #from_env
    }
}

/// The crate's documentation, line by line (each `//!` line's text).
fn crate_doc(api: &Api, settings: &CrateSettings) -> Vec<String> {
    let description = api.description.as_deref().map(docs::sanitize);
    let crate_doc = docs::join(&[
        Some(&format!("# {}", docs::one_line(&api.title))),
        description.as_deref(),
        Some(&format!(
            "An async client generated from `{}` (API version {}) by the openapi-rs-generator; do not edit it by hand, regenerate it.",
            settings.spec_display,
            docs::code(&api.version)
        )),
        Some("Build a [`Client`] once with [`Client::builder`] (or [`Client::from_env`], [`ClientBuilder::from_env`]: the environment variables the spec names); each operation is a method of it that returns a request builder ending in `send()` (or `send_with_response()`: the value with the response's status, headers and raw body, a [`Response`]; `with_options(`[`CallOptions`]`)` changes one call's retry policy, timeout, headers and query). Errors are [`Error`]s: the API's own ([`ApiError`], with the response's headers) apart from transport and decoding failures."),
        Some("The resources the operations share are in [`types`]; the types of one operation alone (its response, its parameter enums, its error bodies) are in [`operations`], beside its builder. Structs and enums are `#[non_exhaustive]`: build a struct with its `new` and setters."),
        Some("Required parameters are the method's arguments, optional ones the builder's setters, and both take what a Rust user has at hand: `[\"a\", \"b\"]` for a list, `[(\"k\", \"v\")]` for a map of strings, an integer for a `number`, any `serde::Serialize` value (`serde_json::json!`) for free-form JSON. Enum parameters take the typed variants (`Enum::other(\"..\")` for a value this version does not know)."),
        Some(super::mock::TESTING_DOC),
        super::needs_webhooks(api).then_some("The requests the API sends to your server (its webhooks) are `webhooks::Event`s, with the feature `webhooks`: `Event::parse_verified` checks a request's signature (Standard Webhooks, or an HMAC-SHA256 header such as `X-Hub-Signature-256`) and decodes it into the variant of its event, an event the spec does not name into `Event::Unknown`."),
        super::needs_ids(api).then_some("The id of a resource is a type of its own ([`Id`]`<Resource>`, named `<Resource>Id` in [`types`]): taken from a response or made with `Id::new`, never from a bare string, so two ids cannot be swapped."),
    ])
    .unwrap_or_default();
    crate_doc.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect()
}

/// The documentation of `DEFAULT_BASE_URL`: a relative URL, a template, or where requests go.
fn base_url_doc(api: &Api) -> String {
    if let Some(path) = api.relative_base_url() {
        format!(
            " The API's server URL, relative: a path under the origin given to [`ClientBuilder::base_url`] (`base_url(\"http://127.0.0.1:8000\")` sends requests to `http://127.0.0.1:8000{}/...`); [`ClientBuilder::build`] fails without one.",
            path
        )
    } else if api.server_variables.is_empty() {
        " Where requests go unless [`ClientBuilder::base_url`] says otherwise.".to_string()
    } else {
        let setters: Vec<String> = api.server_variables.iter().map(|v| format!("[`ClientBuilder::{}`]", v.rust_name)).collect();
        format!(
            " Where requests go unless [`ClientBuilder::base_url`] says otherwise: a template whose variables are filled by {} when the client is built.",
            setters.join(", ")
        )
    }
}

/// The token URL of the spec's OAuth2 client credentials flow, if it has one.
fn oauth_token_url(api: &Api) -> Option<&String> {
    api.auth.iter().find_map(|a| match a {
        Auth::OAuth2ClientCredentials { token_url, .. } => Some(token_url),
        _ => None,
    })
}

/// The crate's modules: the runtime's (those the spec needs), `mock`, `operations`, `types`,
/// and the hand-written ones.
/// `#[allow(..)]` for a runtime module that only the payload types of webhooks use (of types of
/// `kind`): unused without the `webhooks` feature.
fn webhooks_only(layout: &super::layout::Layout<'_>, kind: fn(&crate::model::TypeKind) -> bool) -> Option<TokenStream> {
    let api = layout.api();
    let only = layout.has_webhook_types() && !api.types.iter().any(|t| kind(&t.kind) && !layout.is_optional(t.name.as_str()));
    only.then(|| quote!(#[allow(dead_code, unused_imports, unused_macros)]))
}

/// The modules of a crate with webhooks (feature `webhooks`): the signature checks and `Event`.
fn webhooks_modules(api: &Api) -> Option<TokenStream> {
    super::needs_webhooks(api).then(|| {
        quote!(
            #[cfg(feature = "webhooks")]
            mod webhook;
            #[cfg(feature = "webhooks")]
            pub mod webhooks;
        )
    })
}

fn modules(layout: &super::layout::Layout<'_>, settings: &CrateSettings) -> TokenStream {
    let api = layout.api();
    let paging = needs_paging(api).then(|| {
        quote!(
            mod paging;
        )
    });
    let structs_allow = webhooks_only(layout, |k| matches!(k, crate::model::TypeKind::Struct { .. }));
    let de = super::needs_de(layout).then(|| {
        quote!(
            #structs_allow
            mod de;
        )
    });
    let ser = super::needs_ser(api).then(|| {
        quote!(
            #structs_allow
            mod ser;
        )
    });
    // Perhaps only the types behind `all-schemas` are unions, or only webhooks pick.
    let optional = layout.has_unused() || layout.has_webhook_types() || super::needs_webhooks(api);
    let union = (super::needs_unions(api) || super::needs_webhooks(api)).then(|| match optional {
        true => quote!(
            #[allow(dead_code)]
            mod union;
        ),
        false => quote!(
            mod union;
        ),
    });
    let sse = super::needs_sse(api).then(|| {
        quote!(
            pub mod sse;
        )
    });
    let lines = super::needs_lines(api).then(|| {
        quote!(
            pub mod lines;
        )
    });
    // Hand-written modules (spec/clients.toml `modules`), each documented by its own `//!`.
    let hand_written = settings.modules.iter().map(|m| ident(m.name.trim_end_matches(".rs")));
    let enums_allow = webhooks_only(layout, |k| matches!(k, crate::model::TypeKind::Enum { .. }));
    let enums = super::needs_enums(api).then(|| {
        quote!(
            #enums_allow
            mod enums;
        )
    });
    let id = super::needs_ids(api).then(|| {
        quote!(
            mod id;
        )
    });
    let oauth = oauth_token_url(api).map(|_| {
        quote!(
            mod oauth;
        )
    });
    let webhooks = webhooks_modules(api);
    quote! {
        mod client;
        #de
        #ser
        #union
        mod env;
        #enums
        mod error;
        #id
        #paging
        #oauth
        mod request;
        mod retry;
        #sse
        #lines
        #[cfg(feature = "mock")]
        pub mod mock;
        pub mod operations;
        pub mod types;
        #webhooks
        #(pub mod #hand_written;)*
    }
}

/// What the crate exports from its runtime modules (and the OAuth2 token URL).
fn exports(api: &Api) -> TokenStream {
    let unknown_value = super::needs_enums(api).then(|| {
        quote!(
            pub use enums::UnknownValue;
        )
    });
    let id = super::needs_ids(api).then(|| {
        quote!(
            pub use id::Id;
        )
    });
    let oauth = oauth_token_url(api).map(|token_url| {
        quote! {
            pub use oauth::ClientCredentials;

            /// The token URL of the API's OAuth2 client credentials flow (relative: to the base
            /// URL), where [`ClientCredentials`] fetch tokens unless told otherwise.
            pub const OAUTH2_TOKEN_URL: &str = #token_url;
        }
    });
    quote! {
        pub use client::{Client, ClientBuilder, Response, TokenFuture, TokenProvider};
        #oauth
        pub use error::{ApiError, Error};
        pub use request::{CallOptions, IntoNullable};
        #id
        pub use retry::RetryPolicy;
        #unknown_value
    }
}

/// The `ClientBuilder` setters of the spec's authentication schemes and identity headers.
fn auth_and_identity(api: &Api) -> Option<TokenStream> {
    let auth: Vec<TokenStream> = api.auth.iter().map(auth_setter).collect();
    let identity: Vec<TokenStream> = api
        .identity_headers
        .iter()
        .map(|s| {
            let name = &s.rust_name;
            let header = Literal::string(&s.header.to_ascii_lowercase());
            let doc = docs::attrs(
                docs::join(&[Some(&format!("Sends `{}` on every call (a call can change it, or leave it out).", s.header)), s.doc.as_deref()])
                    .as_deref(),
            );
            let set = if s.sensitive { quote!(sensitive_identity_header) } else { quote!(identity_header) };
            quote! {
                #doc
                pub fn #name(self, value: &str) -> Self {
                    self.#set(#header, value)
                }
            }
        })
        .collect();
    (!auth.is_empty() || !identity.is_empty()).then(|| {
        quote! {
            /// Authentication and identity.
            impl ClientBuilder {
                #(#auth)*
                #(#identity)*
            }
        }
    })
}

/// The table of the server URL's variables (empty when it has none) and their setters.
fn server_variables(api: &Api) -> (TokenStream, Option<TokenStream>) {
    let rows = api.server_variables.iter().map(|v| {
        let name = &v.name;
        // The setter's name as code writes it (`r#type`), a string for the runtime's messages.
        let setter = v.rust_name.to_string();
        let default = match &v.default {
            Some(d) => quote!(Some(#d)),
            None => quote!(None),
        };
        let allowed = &v.allowed;
        quote!(client::ServerVariable { name: #name, setter: #setter, default: #default, allowed: &[#(#allowed),*] },)
    });
    let table = quote! {
        /// The variables of [`DEFAULT_BASE_URL`].
        pub(crate) const SERVER_VARIABLES: &[client::ServerVariable] = &[#(#rows)*];
    };
    if api.server_variables.is_empty() {
        return (table, None);
    }
    let setters = api.server_variables.iter().map(|v| {
        let method = &v.rust_name;
        let name = &v.name;
        let default = match &v.default {
            Some(d) => format!("Default: {}.", docs::code(d)),
            None => {
                "It has no default: [`ClientBuilder::build`] fails unless it is set (or [`ClientBuilder::base_url`] gives the whole URL).".to_string()
            }
        };
        let allowed = (!v.allowed.is_empty()).then(|| {
            let values: Vec<String> = v.allowed.iter().map(|a| docs::code(a)).collect();
            format!("One of {}; another value makes [`ClientBuilder::build`] fail.", values.join(", "))
        });
        let first = format!(" Sets `{{{name}}}` in the server URL ([`DEFAULT_BASE_URL`]).");
        let spec_doc = docs::attrs(v.doc.as_deref());
        let default = format!(" {default}");
        let allowed = allowed.map(|a| format!(" {a}")).into_iter();
        let doc = quote! {
            #[doc = #first]
            #[doc = ""]
            #spec_doc
            #[doc = ""]
            #[doc = #default]
            #(#[doc = ""] #[doc = #allowed])*
        };
        quote! {
            #doc
            pub fn #method(self, value: impl Into<String>) -> Self {
                self.url_variable(#name, value.into())
            }
        }
    });
    (
        table,
        Some(quote! {
            /// The server URL's variables.
            impl ClientBuilder {
                #(#setters)*
            }
        }),
    )
}

fn auth_setter(auth: &Auth) -> TokenStream {
    match auth {
        Auth::Bearer => quote! {
            /// Authenticates every request with `Authorization: Bearer <token>`.
            pub fn bearer_token(self, token: &str) -> Self {
                self.auth_header("authorization", &format!("Bearer {token}"))
            }
        },
        Auth::Basic => quote! {
            /// Authenticates every request with HTTP basic authentication.
            pub fn basic_auth(self, username: &str, password: &str) -> Self {
                use base64::Engine as _;
                let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
                self.auth_header("authorization", &format!("Basic {credentials}"))
            }
        },
        Auth::ApiKeyHeader { header, method } => {
            let header = Literal::string(&header.to_ascii_lowercase());
            let doc = format!(" Authenticates every request with the API key in the `{}` header.", header);
            quote! {
                #[doc = #doc]
                pub fn #method(self, key: &str) -> Self {
                    self.auth_header(#header, key)
                }
            }
        }
        Auth::OAuth2ClientCredentials { token_url, scopes } => {
            let first = format!(
                " Authenticates every request with a bearer token the client fetches from {} (OAuth2 client credentials) with `client_id` and `client_secret`, caches and refreshes: [`ClientBuilder::oauth2`] does it with scopes or another token URL ([`ClientCredentials`]).",
                docs::code(token_url)
            );
            let scopes = (!scopes.is_empty()).then(|| {
                let list: Vec<String> = scopes
                    .iter()
                    .map(|(name, doc)| match doc.trim() {
                        "" => docs::code(name),
                        doc => format!("{} ({})", docs::code(name), docs::one_line(&docs::sanitize(doc))),
                    })
                    .collect();
                format!(" The API's scopes: {}.", list.join(", "))
            });
            let scopes = scopes.into_iter();
            quote! {
                #[doc = #first]
                #(#[doc = ""] #[doc = #scopes])*
                pub fn client_credentials(self, client_id: &str, client_secret: &str) -> Self {
                    self.oauth2(ClientCredentials::new(client_id, client_secret))
                }
            }
        }
        Auth::ApiKeyQuery { param, method } => {
            let doc = format!(" Authenticates every request with the API key in the `{param}` query parameter.");
            quote! {
                #[doc = #doc]
                pub fn #method(self, key: &str) -> Self {
                    self.auth_query(#param, key)
                }
            }
        }
    }
}
