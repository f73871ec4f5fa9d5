//! Emits `src/webhooks.rs` (feature `webhooks`), for a spec with webhooks: `Event`, a variant
//! per webhook holding its typed payload and `Unknown` for the rest, and `Event::parse`, which
//! tells which webhook a request is by the header that names it (`X-GitHub-Event: issues`),
//! then by its payload's guards (`action: opened`, `type: invoice.paid`) through the runtime's
//! union picking (`union.rs`). Signature checks are the fixed `webhook.rs`, re-exported here.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{Here, Layout};
use super::{docs, type_tokens, CrateSettings};
use crate::model::{Guard, Webhook};

/// The tokens of `src/webhooks.rs`.
pub fn webhooks_rs(layout: &Layout<'_>, settings: &CrateSettings) -> TokenStream {
    let api = layout.api();
    let hooks = &api.webhooks;
    let paths = layout.at(Here::Root);
    let module_doc = module_doc(api, settings);
    let module_doc = module_doc.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let variants: Vec<TokenStream> = hooks
        .iter()
        .map(|h| {
            let name = &h.variant;
            let ty = type_tokens(&h.payload, &paths);
            let doc = docs::attrs(docs::join(&[h.doc.as_deref().map(docs::sanitize).as_deref(), Some(&about(h))]).as_deref());
            quote! {
                #doc
                #name(#ty),
            }
        })
        .collect();
    let parse = parse_body(hooks);
    // Each module only where a payload's type is in it.
    let modules: Vec<_> = ["operations", "types"]
        .into_iter()
        .filter(|module| variants.iter().chain([&parse]).any(|tokens| super::operations::uses_path(tokens, module)))
        .map(super::ident)
        .collect();
    let import = match modules.len() {
        0 => None,
        1 => Some(quote!(use crate::#(#modules)*;)),
        _ => Some(quote!(use crate::{#(#modules),*};)),
    };
    let example = example(api, settings);
    let example = example.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! {
        #(#![doc = #module_doc])*

        #import

        pub use crate::webhook::{HmacHeader, StandardWebhooks, Verify, WebhookError};

        /// A request the API sends, decoded: a variant per webhook of the spec, holding its payload,
        /// and [`Event::Unknown`] for the others.
        ///
        #(#[doc = #example])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            #(#variants)*
            /// An event this version of the crate does not know (a webhook the spec does not
            /// name, or a new `action` of one it does): kept whole, never dropped.
            Unknown {
                /// The event's name as the request gives it (its event header, or its tag property), if it does.
                event: Option<String>,
                /// The body as it came.
                body: serde_json::Value,
            },
        }

        impl Event {
            /// The event in a request (its headers, and its body as received), without checking who
            /// sent it: see [`Event::parse_verified`]. A request the spec names but whose body is not
            /// that event's payload is [`WebhookError::Payload`]; one it does not name is
            /// [`Event::Unknown`].
            pub fn parse(headers: &reqwest::header::HeaderMap, body: &[u8]) -> Result<Event, WebhookError> {
                #parse
            }

            /// The event in a request, once `verifier` has found it signed by the API
            /// ([`StandardWebhooks`], [`HmacHeader`]).
            pub fn parse_verified(verifier: &impl Verify, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Result<Event, WebhookError> {
                verifier.verify(headers, body)?;
                Event::parse(headers, body)
            }
        }
    }
}

/// The body of `Event::parse`: the JSON read, each event header read once, the event's name, the
/// webhooks a header alone names, then the others tried in order by the union picking.
fn parse_body(hooks: &[Webhook]) -> TokenStream {
    // Each header that names events, read once.
    let mut header_names: Vec<&str> = Vec::new();
    for (name, _) in hooks.iter().filter_map(|h| h.recognition.header.as_ref()) {
        if !header_names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            header_names.push(name);
        }
    }
    let header_var = |name: &str| {
        let at = header_names.iter().position(|n| n.eq_ignore_ascii_case(name)).unwrap_or_default();
        super::ident(&format!("header_{at}"))
    };
    let reads: Vec<TokenStream> = match header_names.is_empty() {
        // No webhook is named by a header: only the body tells.
        true => vec![quote!(let _ = headers;)],
        false => header_names
            .iter()
            .map(|name| {
                let var = header_var(name);
                quote!(let #var = crate::webhook::header(headers, #name)?;)
            })
            .collect(),
    };
    // The event's name, as the request says it: the first of those headers it has, else the
    // property every webhook without a header is told by (`type`).
    let header_vars: Vec<_> = header_names.iter().map(|n| header_var(n)).collect();
    let tag = tag_property(hooks);
    let from_tag = tag.map(|property| quote!(.or_else(|| value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned))));
    let said = match header_vars.split_first() {
        Some((first, rest)) => quote!(#first #(.or(#rest))*),
        None => quote!(None::<&str>),
    };
    let event = quote!(let event: Option<String> = #said.map(str::to_owned) #from_tag;);
    // A webhook its header alone names (no other has that header and value, and its payload
    // fixes nothing): decoded as its payload, an error if it is not one.
    let mut sharing: HashMap<(String, &str), usize> = HashMap::new();
    for (name, value) in hooks.iter().filter_map(|h| h.recognition.header.as_ref()) {
        *sharing.entry((name.to_ascii_lowercase(), value.as_str())).or_default() += 1;
    }
    let alone = |h: &Webhook| {
        h.recognition.guards.is_empty()
            && h.recognition.header.as_ref().is_some_and(|(n, v)| sharing.get(&(n.to_ascii_lowercase(), v.as_str())) == Some(&1))
    };
    let named = hooks.iter().filter(|h| alone(h)).map(|h| {
        let (name, value) = h.recognition.header.as_ref().map(|(n, v)| (n.as_str(), v.as_str())).unwrap_or_default();
        let var = header_var(name);
        let variant = &h.variant;
        quote! {
            if #var == Some(#value) {
                return match serde_json::from_value(value) {
                    Ok(payload) => Ok(Event::#variant(payload)),
                    Err(source) => Err(WebhookError::Payload { event, source }),
                };
            }
        }
    });
    let tries = hooks.iter().filter(|h| !alone(h)).map(|h| {
        let variant = &h.variant;
        // A webhook's guards are the properties its payload fixes (`webhook_guards` makes no other).
        let guards = h.recognition.guards.iter().filter_map(|g| match g {
            Guard::Property { name, values, required } => Some(quote!(crate::union::Guard::Property(#name, &[#(#values),*], #required))),
            _ => None,
        });
        let branch = quote!(pick.branch(&[#(#guards),*], Event::#variant););
        match &h.recognition.header {
            Some((name, value)) => {
                let var = header_var(name);
                quote!(if #var == Some(#value) { #branch })
            }
            None => branch,
        }
    });
    quote! {
        let value: serde_json::Value = serde_json::from_slice(body).map_err(WebhookError::Json)?;
        #(#reads)*
        #event
        #(#named)*
        #[allow(unused_mut)]
        let mut pick = crate::union::Pick::new(value);
        #(#tries)*
        match pick.finish(|body| Event::Unknown { event: None, body }) {
            Ok(Event::Unknown { body, .. }) => Ok(Event::Unknown { event, body }),
            Ok(known) => Ok(known),
            Err(source) => Err(WebhookError::Payload { event, source }),
        }
    }
}

/// The property every webhook without an event header is told by (`type`), if there is one.
fn tag_property(hooks: &[Webhook]) -> Option<&str> {
    let mut untold = hooks.iter().filter(|h| h.recognition.header.is_none()).peekable();
    untold.peek()?;
    let first = hooks.iter().find(|h| h.recognition.header.is_none())?;
    let candidates = first.recognition.guards.iter().filter_map(|g| match g {
        Guard::Property { name, required: true, .. } => Some(name.as_str()),
        _ => None,
    });
    let mut found = None;
    for name in candidates {
        let everywhere = hooks
            .iter()
            .filter(|h| h.recognition.header.is_none())
            .all(|h| h.recognition.guards.iter().any(|g| matches!(g, Guard::Property { name: n, .. } if n == name)));
        if everywhere {
            found = Some(name);
            break;
        }
    }
    found
}

/// How a variant's request is recognised, for its documentation.
fn about(h: &Webhook) -> String {
    let mut said = vec![format!("The webhook {} ({} request).", docs::code(&h.name), docs::code(h.method.as_str()))];
    let mut by = Vec::new();
    if let Some((name, value)) = &h.recognition.header {
        by.push(format!("the header {}", docs::code(&format!("{name}: {value}"))));
    }
    for g in &h.recognition.guards {
        if let Guard::Property { name, values, .. } = g {
            let values: Vec<String> = values.iter().map(|v| docs::code(v)).collect();
            by.push(format!("its {} being {}", docs::code(name), values.join(" or ")));
        }
    }
    if !by.is_empty() {
        said.push(format!("Recognised by {}.", by.join(" and ")));
    }
    said.join(" ")
}

/// The module's documentation.
fn module_doc(api: &crate::model::Api, _settings: &CrateSettings) -> String {
    let names: Vec<String> = api.webhooks.iter().take(5).map(|h| format!("[{}](Event::{})", docs::code(&h.name), h.variant)).collect();
    let more = match api.webhooks.len() {
        n if n > 5 => format!(", and {} more", n - 5),
        _ => String::new(),
    };
    format!(
        "The requests the API sends to your server (its webhooks: {}{more}), as typed events (feature `webhooks`).\n\n\
         [`Event::parse`] reads a request's headers and body into an [`Event`]: the webhook is told by the header the spec declares for it (such as `X-GitHub-Event`), then by what its payload fixes (a `type` or `action` property). An event the spec does not name is [`Event::Unknown`], its JSON kept whole; a body that names a known event but is not its payload is an error ([`WebhookError::Payload`]), never a guess.\n\n\
         Check who sent it first: [`Event::parse_verified`] with [`StandardWebhooks`] (the Standard Webhooks headers `webhook-id`, `webhook-timestamp`, `webhook-signature`, and a tolerance on the timestamp) or [`HmacHeader`] (an HMAC-SHA256 header such as GitHub's `X-Hub-Signature-256`), compared in constant time. Give them the body exactly as received: the signature is of its bytes.",
        names.join(", ")
    )
}

/// The example of `Event`: an axum handler (compiled as a doctest in a crate of its own; not in
/// a module of another crate, whose path a doctest cannot name).
fn example(api: &crate::model::Api, settings: &CrateSettings) -> String {
    let krate = settings.name.replace('-', "_");
    let fence = if settings.module.is_some() { "```ignore" } else { "```no_run" };
    let github = api.webhooks.iter().any(|h| h.recognition.header.is_some());
    let (verifier, secret) = match github {
        true => ("HmacHeader", "HmacHeader::new(std::env::var(\"WEBHOOK_SECRET\").unwrap_or_default())"),
        false => ("StandardWebhooks", "StandardWebhooks::new(&std::env::var(\"WEBHOOK_SECRET\").unwrap_or_default()).expect(\"a whsec_ secret\")"),
    };
    let arm = match api.webhooks.first() {
        Some(h) => format!(
            "        Ok(Event::{}(payload)) => {{\n            println!(\"{{payload:?}}\");\n            StatusCode::NO_CONTENT\n        }}\n",
            h.variant
        ),
        None => String::new(),
    };
    let code = r#"use axum::{body::Bytes, http::{HeaderMap, StatusCode}, routing::post, Router};
use KRATE::webhooks::{Event, VERIFIER};

async fn receive(headers: HeaderMap, body: Bytes) -> StatusCode {
    let verifier = SECRET;
    match Event::parse_verified(&verifier, &headers, &body) {
ARM        Ok(Event::Unknown { event, .. }) => {
            println!("an event this version does not know: {event:?}");
            StatusCode::NO_CONTENT
        }
        Ok(_) => StatusCode::NO_CONTENT,
        Err(error) if error.is_verification() => StatusCode::UNAUTHORIZED,
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = Router::new().route("/webhooks", post(receive));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}"#;
    let code = code.replace("KRATE", &krate).replace("VERIFIER", verifier).replace("SECRET", secret).replace("ARM", &arm);
    format!("# Receiving webhooks with axum\n\n{fence}\n{code}\n```")
}
