//! Emits `src/lib.rs`: the crate's documentation, modules and exports, its default base URL,
//! and the `ClientBuilder` setters for the spec's authentication and identity headers.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{docs, ident, needs_paging, type_tokens, CrateSettings};
use crate::model::{Api, Auth};

/// The `call_options!` macro of `src/lib.rs`, as text (a formatter cannot lay out a macro's
/// body): the setters every request builder has, a per-call timeout and, for each identity
/// header (every call sends them all), one to change it and one to leave it out for this call.
/// Used as `call_options!(Builder, [bot_id, user_id], [integration_name])`: the second list
/// holds the identity headers whose name an input of the builder already takes; those get only
/// `without_<name>_header()`.
pub fn call_options_macro(api: &Api) -> String {
    let mut arms = String::new();
    for s in &api.settings {
        let name = s.rust_name.as_str();
        let header = s.header.to_ascii_lowercase();
        arms.push_str(&format!(
            r#"    (@setter {name}) => {{
        /// Sends `{header}: value` on this call instead of the value set with
        /// [`ClientBuilder::{name}`](crate::ClientBuilder::{name}).
        pub fn {ident}(mut self, value: impl Into<String>) -> Self {{
            self.call.set("{header}", Some(value.into()));
            self
        }}

        /// Leaves the `{header}` header out of this call, whatever the client's value.
        pub fn without_{name}(mut self) -> Self {{
            self.call.set("{header}", None);
            self
        }}
    }};
    (@without {name}) => {{
        /// Leaves the `{header}` header out of this call, whatever the client's value.
        pub fn without_{name}_header(mut self) -> Self {{
            self.call.set("{header}", None);
            self
        }}
    }};
"#,
            ident = s.rust_name,
        ));
    }
    format!(
        r#"
/// Adds to a request builder the setters every one has: a per-call timeout and options, and for each
/// identity header (which every call sends) one to change it and one to leave it out:
/// `call_options!(Builder, [bot_id, user_id], [integration_name])` (the second list: names an
/// input of the builder takes, which get only `without_<name>_header()`).
macro_rules! call_options {{
    ($builder:ident, [$($setting:ident),*], [$($taken:ident),*]) => {{
        impl $builder {{
            /// Overrides the client's timeout for this call.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {{
                self.call.timeout = Some(timeout);
                self
            }}

            /// Changes what the client sets for this call alone: its retry policy, timeout,
            /// extra headers and query parameters ([`CallOptions`](crate::CallOptions); options
            /// given again replace these).
            pub fn with_options(mut self, options: crate::CallOptions) -> Self {{
                self.call.options(options);
                self
            }}

            $(crate::call_options!(@setter $setting);)*
            $(crate::call_options!(@without $taken);)*
        }}
    }};
{arms}}}

pub(crate) use call_options;
"#
    )
}

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

/// The tokens of `src/lib.rs`.
pub fn lib_rs(layout: &super::layout::Layout<'_>, settings: &CrateSettings) -> TokenStream {
    let api = layout.api();
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
    let crate_doc_lines = crate_doc.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let base_url = api.base_url.clone().unwrap_or_default();
    let base_url_doc = if let Some(path) = api.relative_base_url() {
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
    };
    let paging = needs_paging(api).then(|| {
        quote!(
            mod paging;
        )
    });
    let structs_allow = webhooks_only(layout, |k| matches!(k, crate::model::TypeKind::Struct { .. }));
    let de = super::needs_objects(layout).then(|| {
        quote!(
            #structs_allow
            mod de;
        )
    });
    let ser = super::needs_structs(api).then(|| {
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
    let webhooks = webhooks_modules(api);
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
    let unknown_value = super::needs_enums(api).then(|| {
        quote!(
            pub use enums::UnknownValue;
        )
    });
    let (id_mod, id_use) = match super::needs_ids(api) {
        true => (
            quote!(
                mod id;
            ),
            quote!(
                pub use id::Id;
            ),
        ),
        false => (TokenStream::new(), TokenStream::new()),
    };
    let error_body = match &api.error_body {
        Some(ty) => type_tokens(ty, &layout.at(super::layout::Here::Root)),
        None => quote!(serde_json::Value),
    };
    let auth: Vec<TokenStream> = api.auth.iter().map(auth_setter).collect();
    let identity: Vec<TokenStream> = api
        .settings
        .iter()
        .map(|s| {
            let name = &s.rust_name;
            let header = Literal::string(&s.header.to_ascii_lowercase());
            let doc = docs::attrs(
                docs::join(&[Some(&format!("Sends `{}` on every call (a call can change it, or leave it out).", s.header)), s.doc.as_deref()])
                    .as_deref(),
            );
            let set = if s.sensitive { quote!(sensitive_setting) } else { quote!(setting) };
            quote! {
                #doc
                pub fn #name(self, value: &str) -> Self {
                    self.#set(#header, value)
                }
            }
        })
        .collect();
    let builder_impl = (!auth.is_empty() || !identity.is_empty()).then(|| {
        quote! {
            /// Authentication and identity.
            impl ClientBuilder {
                #(#auth)*
                #(#identity)*
            }
        }
    });
    let (server_variables, server_setters) = server_variables(api);
    let (oauth_mod, oauth_use) = match api.auth.iter().find_map(|a| match a {
        Auth::OAuth2ClientCredentials { token_url, .. } => Some(token_url),
        _ => None,
    }) {
        Some(token_url) => (
            quote!(
                mod oauth;
            ),
            quote! {
                pub use oauth::ClientCredentials;

                /// The token URL of the API's OAuth2 client credentials flow (relative: to the base
                /// URL), where [`ClientCredentials`] fetch tokens unless told otherwise.
                pub const OAUTH2_TOKEN_URL: &str = #token_url;
            },
        ),
        None => (TokenStream::new(), TokenStream::new()),
    };
    // An API of types only (a 3.1 document without `paths`) leaves the request machinery unused.
    let types_only = api.operations.is_empty().then(|| quote!(#![allow(dead_code, unused_imports, unused_macros)]));
    let from_env = super::env::from_env(api);
    quote! {
        #(#![doc = #crate_doc_lines])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #types_only

        mod client;
        #de
        #ser
        #union
        mod env;
        #enums
        mod error;
        #id_mod
        #paging
        #oauth_mod
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

        pub use client::{Client, ClientBuilder, Response, TokenFuture, TokenProvider};
        #oauth_use
        pub use error::{ApiError, Error};
        pub use request::{CallOptions, IntoNullable};
        #id_use
        pub use retry::RetryPolicy;
        #unknown_value

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
