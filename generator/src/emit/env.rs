//! Emits `ClientBuilder::from_env` (in `lib.rs`): which environment variable feeds which
//! setting, from the spec's `x-env`. The reading and checking is the runtime's (`env.rs`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use crate::model::{Api, Auth};

/// The `impl ClientBuilder` block with `from_env`.
pub fn from_env(api: &Api) -> TokenStream {
    let mut rows: Vec<String> = Vec::new();
    let mut steps: Vec<TokenStream> = Vec::new();
    if let Some(var) = &api.env.base_url {
        rows.push(format!("| `{var}` | [`ClientBuilder::base_url`] |"));
        let var = Literal::string(var);
        steps.push(quote!(.base_url_from_env(#var)));
    }
    for (auth, var) in &api.env.auth {
        // The setter the model named for this scheme (one of several API keys has its own).
        let name = auth.method();
        let what = match auth {
            Auth::Basic => " (`user:password`)",
            _ => "",
        };
        rows.push(format!("| `{var}` | {}{what} |", name.doc_link("ClientBuilder", None)));
        let var = Literal::string(var);
        steps.push(match auth {
            Auth::Basic => quote!(.credential_pair_from_env(#var, |builder, user, password| builder.#name(user, password))),
            _ => quote!(.credential_from_env(#var, |builder, value| builder.#name(value))),
        });
    }
    for (header, var) in &api.env.identity_headers {
        let Some(setting) = api.identity_headers.iter().find(|s| s.header.eq_ignore_ascii_case(header)) else { continue };
        let name = setting.rust_name.as_str();
        rows.push(format!("| `{var}` | [`ClientBuilder::{name}`] (`{}`) |", header.to_ascii_lowercase()));
        let var = Literal::string(var);
        let header = Literal::string(&header.to_ascii_lowercase());
        steps.push(quote!(.identity_header_from_env(#var, #header)));
    }
    let table = match rows.is_empty() {
        true => "This API's spec names no variables (`x-env`): it is [`ClientBuilder::new`].".to_string(),
        false => format!("| variable | setting |\n| --- | --- |\n{}", rows.join("\n")),
    };
    // Our own Markdown (intra-doc links): not the spec's, so not sanitized.
    let text = docs::join(&[
        Some("A builder with the settings the environment gives; settings given to it afterwards win over them (`ClientBuilder::from_env().base_url(..)`)."),
        Some(&table),
        Some("An unset variable is skipped. One that is set but empty, not UTF-8 or malformed (a URL that does not parse, a credential with a newline) makes [`ClientBuilder::build`] fail with an [`Error::InvalidRequest`] naming the variable — never showing a credential — unless an explicit setting replaces it."),
    ])
    .unwrap_or_default();
    let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! {
        /// Settings from environment variables.
        impl ClientBuilder {
            #(#[doc = #lines])*
            pub fn from_env() -> Self {
                Self::new() #(#steps)*
            }
        }
    }
}

/// The README's paragraph on `from_env`.
pub fn readme(api: &Api) -> String {
    let mut vars: Vec<String> = Vec::new();
    if let Some(var) = &api.env.base_url {
        vars.push(format!("`{var}` (the base URL)"));
    }
    for (auth, var) in &api.env.auth {
        let what = match auth {
            Auth::Basic => "the credentials, `user:password`",
            Auth::Bearer => "the token",
            Auth::ApiKeyHeader { .. } | Auth::ApiKeyQuery { .. } => "the API key",
            Auth::OAuth2ClientCredentials { .. } => "the client credentials",
        };
        vars.push(format!("`{var}` ({what})"));
    }
    for (header, var) in &api.env.identity_headers {
        vars.push(format!("`{var}` (`{}`)", header.to_ascii_lowercase()));
    }
    if vars.is_empty() {
        return String::new();
    }
    format!(
        "Or from the environment: `Client::from_env()?` reads {}; `ClientBuilder::from_env()` takes them and lets explicit settings win. A variable set but empty or malformed is an error naming it.\n\n",
        vars.join(", ")
    )
}
