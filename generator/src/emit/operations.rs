//! Emits `src/operations/`: one module per tag, with a `Client` method and a request builder per
//! operation.
//!
//! A builder holds what differs per operation (its parameters and body) and its `send` only
//! describes the request; building the URL, sending, and decoding happen once, in the fixed
//! runtime (`request.rs`, `client.rs`).

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::types::{Clear, Setter};
use super::{docs, ident, type_tokens};
use crate::model::{Api, BodyField, Field, FieldStep, HeaderWhen, Media, Operation, Param, ParamLocation, ParamStyle, TypeRef};
use crate::naming::{self, RustName};

/// The modules under `src/operations/`, one per tag, with their operation counts.
pub fn module_names(api: &Api) -> Vec<(RustName, usize)> {
    let mut by_module: BTreeMap<&RustName, usize> = BTreeMap::new();
    for op in &api.operations {
        *by_module.entry(&op.module).or_default() += 1;
    }
    by_module.into_iter().map(|(m, n)| (m.clone(), n)).collect()
}

/// `src/operations/mod.rs`.
pub fn mod_rs(api: &Api) -> TokenStream {
    let names: Vec<_> = module_names(api).into_iter().map(|(m, _)| m).collect();
    quote! {
        //! Operations, one module per API section. Each operation is a method of
        //! [`Client`](crate::Client) that returns a request builder ending in `send()`; the types
        //! of one operation alone (its response, its parameter enums, its error bodies) live
        //! beside its builder, and every module's items are re-exported here.

        #( pub mod #names; )*
        #( pub use #names::*; )*
    }
}

/// `src/operations/<module>.rs`: each import only where the module uses it.
pub fn module_rs(layout: &super::layout::Layout<'_>, module: &RustName, examples: &super::examples::Target) -> TokenStream {
    let api = layout.api();
    let paths = layout.at(super::layout::Here::Module(module));
    let items: Vec<TokenStream> = layout.operations_of(module).map(|op| operation(op, api, &paths, examples)).collect();
    let types = super::types::module_types(layout, module);
    let tag = format!(" Operations of the `{module}` section.");
    // Every operation has a `Client` method, a `Call`, a `Method` and a `Result`.
    let style = items.iter().any(|item| uses_path(item, "Style"));
    let request = match style {
        true => quote!(
            use crate::request::{Call, Style};
        ),
        false => quote!(
            use crate::request::Call;
        ),
    };
    let shared = items.iter().chain([&types]).any(|item| uses_path(item, "types"));
    let krate = match shared {
        true => quote!(
            use crate::{types, Client, Result};
        ),
        false => quote!(
            use crate::{Client, Result};
        ),
    };
    let serde = super::types::serde_import(layout.owned_by(module));
    quote! {
        #![doc = #tag]

        use reqwest::Method;

        #request
        #krate
        #serde

        #(#items)*

        #types
    }
}

/// An argument or setter of a builder: a parameter or a body field.
struct Input<'a> {
    /// Name of the argument or setter.
    rust_name: RustName,
    /// Name of the field that stores it (in the builder or its body).
    field: RustName,
    /// Name on the wire (for error messages).
    wire: &'a str,
    /// Whether the spec marks it deprecated.
    deprecated: bool,
    ty: &'a TypeRef,
    required: bool,
    /// Whether `null` can be sent (body fields only).
    nullable: bool,
    /// A required field that the builder fills in itself (the size of an upload): not an
    /// argument, starts as `Default::default()`, its setter sets it directly.
    filled: bool,
    doc: Option<String>,
    /// What it is, and so where the builder keeps it.
    stored: Stored,
}

/// What an input is, and so where the builder keeps it.
#[derive(Clone, Copy, PartialEq)]
enum Stored {
    /// A parameter: a field of the builder of its own.
    Param,
    /// A field of an inline body: a field of the builder's `body`.
    BodyField,
    /// The whole body (one that is not an object of fields): the builder's `body` field.
    Body,
}

fn inputs(op: &Operation) -> Vec<Input<'_>> {
    let mut out: Vec<Input<'_>> = op
        .params
        .iter()
        .filter(|p| !p.identity_header)
        .map(|p| Input {
            rust_name: p.rust_name.clone(),
            field: p.rust_name.clone(),
            wire: &p.wire_name,
            deprecated: p.deprecated,
            ty: &p.ty,
            required: p.required && !p.identity_header,
            nullable: false,
            filled: false,
            doc: param_doc(p),
            stored: Stored::Param,
        })
        .collect();
    if let Some(body) = &op.body {
        match &body.fields {
            // A field fixed to one value is no input: the builder writes it (see `fixed_init`).
            Some(fields) => {
                out.extend(fields.iter().zip(&body.setters).filter(|(f, _)| f.fixed.is_none()).map(|(f, setter): (&Field, &RustName)| {
                    let filled = f.required && op.upload.as_ref().is_some_and(|u| u.size_field == f.rust_name);
                    Input {
                        rust_name: setter.clone(),
                        field: f.rust_name.clone(),
                        wire: &f.wire_name,
                        deprecated: f.deprecated,
                        ty: &f.ty,
                        required: f.required && !filled,
                        nullable: f.nullable,
                        filled,
                        doc: Some(super::types::field_doc(f)),
                        stored: Stored::BodyField,
                    }
                }))
            }
            None => out.push(Input {
                rust_name: naming::fixed("body"),
                field: naming::fixed("body"),
                wire: "body",
                deprecated: false,
                ty: &body.ty,
                required: body.required,
                nullable: false,
                filled: false,
                doc: docs::join(&[Some("The request body."), body.doc.as_deref()]),
                stored: Stored::Body,
            }),
        }
    }
    out
}

fn param_doc(p: &Param) -> Option<String> {
    let setting = p
        .identity_header
        .then(|| format!("Overrides, for this call, the `{}` header set with `ClientBuilder::{}`.", p.wire_name, p.rust_name.as_str()));
    let deprecated = p.deprecated.then_some("**Deprecated.**");
    docs::join(&[deprecated, p.doc.as_deref(), setting.as_deref()]).or_else(|| Some(format!("The `{}` parameter.", p.wire_name)))
}

/// What the parts of an operation's code are made from.
struct Parts<'a> {
    op: &'a Operation,
    api: &'a Api,
    /// The paths of named types from the operation's module.
    types: super::layout::Paths<'a>,
    inputs: Vec<Input<'a>>,
    /// The size an upload fills in, if it has one.
    upload_size: Option<UploadSize>,
    /// Which of the inline body's optional nullable fields hold `null` (see `NullBits`).
    body_nulls: Option<super::layout::NullBits>,
    /// Where the example of the `Client` method finds the crate.
    examples: &'a super::examples::Target,
}

/// An operation's code: its `Client` method, its request builder, the builder's setters and
/// `send`, and the streams of a paged list or the upload of `x-upload`.
fn operation<'a>(op: &'a Operation, api: &'a Api, paths: &super::layout::Paths<'a>, examples: &'a super::examples::Target) -> TokenStream {
    let types = *paths;
    let inputs = inputs(op);
    // The size an upload fills in: unset until its setter or `send_with_content` gives it.
    let upload_size = inputs.iter().find(|i| i.filled).map(|i| UploadSize {
        pending: i.field.suffixed("_value").to_ident(),
        ty: type_tokens(i.ty, &types),
        body_field: i.field.to_ident(),
        wire: i.wire.to_string(),
        setter: i.rust_name.as_str().to_string(),
    });
    let body_nulls = op.body.as_ref().filter(|b| b.fields.is_some()).and_then(|b| super::types::null_bits_of(types.layout(), &b.ty));
    let parts = Parts { op, api, types, inputs, upload_size, body_nulls, examples };

    let builder = &op.builder_name;
    let client_method = client_method(&parts);
    let builder_struct = builder_struct(&parts);
    let body_fields = op.body.as_ref().and_then(|b| b.fields.as_deref()).unwrap_or_default();
    let setters = setters(&parts.inputs, &types, &parts.upload_size, body_fields, parts.body_nulls.as_ref());
    let send = send_methods(&parts);
    let paging = paging_methods(op, &types);
    let upload = upload_method(op, &types, &parts.upload_size);
    quote! {
        #client_method

        #builder_struct

        impl #builder {
            #(#setters)*

            #send

            #paging

            #upload
        }
    }
}

/// Whether `tokens` use the name `first` as a value or the first segment of a path (`call.set`,
/// `types::User`), not after `::` (`crate::types::User`) nor `.` (a field of that name).
pub(super) fn uses_path(tokens: &TokenStream, first: &str) -> bool {
    let mut after_path_or_dot = false;
    let mut colon = false;
    for token in tokens.clone() {
        match &token {
            proc_macro2::TokenTree::Group(group) if uses_path(&group.stream(), first) => return true,
            proc_macro2::TokenTree::Ident(ident) if !after_path_or_dot && ident == first => return true,
            _ => {}
        }
        let punct = match &token {
            proc_macro2::TokenTree::Punct(p) => Some(p.as_char()),
            _ => None,
        };
        after_path_or_dot = punct == Some('.') || (punct == Some(':') && colon);
        colon = punct == Some(':');
    }
    false
}

/// Identity headers sent only where declared (`x-only-where-declared`) that the operation does
/// not declare: left out of its calls (the call's own setter can still send one).
fn omitted_headers(op: &Operation, api: &Api) -> Vec<String> {
    api.identity_headers
        .iter()
        .filter(|s| s.only_where_declared)
        .filter(|s| !op.params.iter().any(|p| p.identity_header && p.wire_name.eq_ignore_ascii_case(&s.header)))
        .map(|s| s.header.to_ascii_lowercase())
        .collect()
}

/// The `Client` method of the operation: its required inputs are the method's arguments, and it
/// returns the request builder holding them.
fn client_method(parts: &Parts<'_>) -> TokenStream {
    let Parts { op, inputs, upload_size, body_nulls, .. } = parts;
    let types = &parts.types;
    let (fn_name, builder) = (&op.fn_name, &op.builder_name);
    let local_call = quote!(call);
    let args = inputs.iter().filter(|i| i.required).map(|i| {
        let name = &i.rust_name;
        let (ty, _) = conversion(i, types, &local_call, &quote!(#name));
        quote!(#name: #ty)
    });
    let own_init = inputs.iter().filter(|i| i.stored == Stored::Param || i.stored == Stored::Body).map(|i| {
        let name = &i.rust_name;
        if i.required {
            let (_, value) = conversion(i, types, &local_call, &quote!(#name));
            // The argument as it is (an unsigned integer): the field's shorthand.
            match value.to_string() == quote!(#name).to_string() {
                true => quote!(#name,),
                false => quote!(#name: #value,),
            }
        } else {
            quote!(#name: None,)
        }
    });
    let filled_init = upload_size.as_ref().map(|UploadSize { pending, .. }| quote!(#pending: None,));
    let body_init = op.body.as_ref().and_then(|b| b.fields.as_ref().map(|_| b)).map(|b| {
        let ty = type_tokens(&b.ty, types);
        let fields = inputs.iter().filter(|i| i.stored == Stored::BodyField).map(|i| {
            let name = &i.rust_name;
            let field = &i.field;
            if i.filled {
                quote!(#field: Default::default(),)
            } else if i.required {
                let (_, value) = conversion(i, types, &local_call, &quote!(#name));
                match value.to_string() == quote!(#field).to_string() {
                    true => quote!(#field,),
                    false => quote!(#field: #value,),
                }
            } else {
                quote!(#field: None,)
            }
        });
        let fixed = b.fields.iter().flatten().filter_map(|f| super::types::fixed_init(f, types));
        let nulls = body_nulls.as_ref().and_then(|n| n.field.as_ref()).map(|all| quote!(#all: Default::default(),));
        quote!(body: #ty { #(#fields)* #(#fixed)* #nulls },)
    });
    let errors_doc = op.error_type.as_ref().map(|error_type| {
        let statuses: Vec<String> = op.errors.iter().map(|e| format!("`{}`", e.status)).collect();
        format!(
            "Its error responses ({}) have bodies of their own: read them with [`{error_type}::from_api`](crate::operations::{}::{error_type}::from_api).",
            statuses.join(", "),
            op.module
        )
    });
    let method_doc = docs::attrs(
        docs::join(&[
            op.summary.as_deref(),
            op.description.as_deref().filter(|d| Some(d.trim()) != op.summary.as_deref().map(str::trim)),
            errors_doc.as_deref(),
            op.anonymous.then_some("It needs no credentials (`security: []`): it is sent without the client's."),
            Some(&format!("`{} {}` (`{}`)", op.method.as_str(), op.path, op.id)),
        ])
        .as_deref(),
    );
    let example_args: Vec<_> = inputs.iter().filter(|i| i.required).map(|i| (i.rust_name.clone(), i.ty, i.nullable)).collect();
    let example = super::examples::method_example(op, &example_args, types.layout(), parts.examples).unwrap_or_default();
    let deprecated = deprecation(op.deprecated, op.description.as_deref().or(op.summary.as_deref()));
    // Named after less than its operationId (FastAPI's function name): found by the whole one too.
    let alias = (op.fn_name.as_str() != naming::snake(&op.id).as_str()).then(|| {
        let id = &op.id;
        quote!(#[doc(alias = #id)])
    });
    let omit: Vec<TokenStream> = omitted_headers(op, parts.api).into_iter().map(|header| quote!(call.set(#header, None);)).collect();
    let own_init: Vec<TokenStream> = own_init.collect();
    // The call is changed by what leaves a header out, and by a conversion that may keep an error
    // for `send` (`call.object(..)`).
    let changed = !omit.is_empty() || own_init.iter().chain(&body_init).any(|init| uses_path(init, "call"));
    let call = match changed {
        true => quote!(let mut call = Call::new(self);),
        false => quote!(let call = Call::new(self);),
    };
    quote! {
        impl Client {
            #method_doc
            #(#[doc = #example])*
            #alias
            #deprecated
            pub fn #fn_name(&self, #(#args),*) -> #builder {
                #call
                #(#omit)*
                #builder {
                    #(#own_init)*
                    #body_init
                    #filled_init
                    call,
                }
            }
        }
    }
}

/// The request builder's struct (its fields: the call, the parameters, the body) and its
/// per-call options.
fn builder_struct(parts: &Parts<'_>) -> TokenStream {
    let Parts { op, api, inputs, upload_size, .. } = parts;
    let types = &parts.types;
    let builder = &op.builder_name;
    let own_fields = inputs.iter().filter(|i| i.stored == Stored::Param || i.stored == Stored::Body).map(|i| {
        let name = &i.rust_name;
        let ty = type_tokens(i.ty, types);
        if i.required {
            quote!(#name: #ty,)
        } else {
            quote!(#name: Option<#ty>,)
        }
    });
    let body_field = op.body.as_ref().and_then(|b| b.fields.as_ref().map(|_| b)).map(|b| {
        let ty = type_tokens(&b.ty, types);
        quote!(body: #ty,)
    });
    let filled_decl = upload_size.as_ref().map(|UploadSize { pending, ty, .. }| quote!(#pending: Option<#ty>,));

    // Every identity setter, unless an input of the builder has its name.
    let (taken_identity, free_identity): (Vec<_>, Vec<_>) =
        api.identity_headers.iter().map(|s| &s.rust_name).partition(|name| inputs.iter().any(|i| i.rust_name == **name));
    let builder_doc = format!(" Request builder for {}.", op.fn_name.doc_link("Client", None));
    let needs: Vec<String> = op.params.iter().filter(|p| p.identity_header).map(|p| format!("`{}`", p.wire_name.to_ascii_lowercase())).collect();
    let needs_doc = (!needs.is_empty()).then(|| {
        let text = format!(
            " The operation identifies the caller with {}: set on the client, sent with every call (the identity setters change or leave one out for this call).",
            needs.join(", ")
        );
        quote!(#[doc = ""] #[doc = #text])
    });
    let omitted = omitted_headers(op, api);
    let omitted_doc = (!omitted.is_empty()).then(|| {
        let names: Vec<String> = omitted.iter().map(|h| format!("`{h}`")).collect();
        let text = format!(
            " The operation does not send the client's {}: it does not take it (a setter of this builder sends one anyway).",
            names.join(", ")
        );
        quote!(#[doc = ""] #[doc = #text])
    });
    quote! {
        #[doc = #builder_doc]
        #needs_doc
        #omitted_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `send`"]
        pub struct #builder {
            call: Call,
            #(#own_fields)*
            #body_field
            #filled_decl
        }

        crate::call_options!(#builder, [#(#free_identity),*], [#(#taken_identity),*]);
    }
}

/// The builder's `send` and `send_with_response`: the request described (method, path,
/// parameters, body), then sent and read by the runtime.
fn send_methods(parts: &Parts<'_>) -> TokenStream {
    let Parts { op, api, upload_size, .. } = parts;
    // A method `reqwest` has no constant for (`QUERY`, an additional operation's): made from its
    // name, which the checker has seen is a method token.
    let method = match op.method.is_standard() {
        true => {
            let method = ident(op.method.as_str());
            quote!(Method::#method)
        }
        false => {
            let name = proc_macro2::Literal::byte_string(op.method.as_str().as_bytes());
            quote!(Method::from_bytes(#name).map_err(|e| crate::Error::InvalidRequest(e.to_string()))?)
        }
    };
    let path = &op.path;
    let op_id = &op.id;
    let request_parts = request_parts(op);
    let (body, empty_body) = body_statements(op, api);
    let (ret, call) = response_call(op, api, &parts.types);
    let response_doc = op.response.doc.as_deref().map(|d| format!(" {}", docs::sanitize(d.lines().next().unwrap_or(""))));
    let response_doc = response_doc.map(|d| quote!(#[doc = ""] #[doc = #d]));
    let status_in_body = api.error_status_in_body.as_deref().map(|pointer| quote!(.error_status_in_body(#pointer)));
    let anonymous = op.anonymous.then(|| quote!(.anonymous()));
    let (send_self, filled_check) = match upload_size {
        Some(UploadSize { pending: filled, body_field: field, wire, setter, .. }) => {
            let message = format!("`{wire}` is required: set it with `.{setter}(..)`, or send the content with `send_with_content`");
            (
                quote!(mut self),
                quote! {
                    let Some(value) = self.#filled else {
                        return Err(crate::Error::InvalidRequest(#message.into()));
                    };
                    self.body.#field = value;
                },
            )
        }
        None => (quote!(self), TokenStream::new()),
    };
    let finish = match call {
        // A stream of events: the stream is the body.
        Ending::Stream(open) => open,
        Ending::Read(read) => quote!(self.call.client.execute_raw(request).await?.into_response(#read)),
    };
    quote! {
        /// Sends the request.
        #response_doc
        pub async fn send(self) -> Result<#ret> {
            self.send_with_response().await.map(crate::Response::into_inner)
        }

        /// Sends the request; the value comes with the response's status, headers and body
        /// as they came ([`Response`](crate::Response)).
        pub async fn send_with_response(#send_self) -> Result<crate::Response<#ret>> {
            #filled_check
            let request = self.call.request(#op_id, #method, #path)
                #(#request_parts)*
                #status_in_body
                #anonymous;
            #body
            #empty_body
            #finish
        }
    }
}

/// The size field of an upload (`x-upload`), which the builder fills in: required in the body,
/// yet no argument of the `Client` method; unset until its setter or `send_with_content` gives it.
struct UploadSize {
    /// The builder's field that holds it until `send` (an `Option`).
    pending: proc_macro2::Ident,
    /// Its type.
    ty: TokenStream,
    /// The body's field it goes into.
    body_field: proc_macro2::Ident,
    /// Its name on the wire (for the message when it is missing).
    wire: String,
    /// Its setter.
    setter: String,
}

/// The builder's setters of its optional inputs (with `clear_*` for those that may be `null`).
fn setters(
    inputs: &[Input<'_>],
    types: &super::layout::Paths,
    upload_size: &Option<UploadSize>,
    body_fields: &[Field],
    body_nulls: Option<&super::layout::NullBits>,
) -> Vec<TokenStream> {
    // Setters for optional inputs.
    let self_call = quote!(self.call);
    let setters = inputs.iter().filter(|i| !i.required).map(|i| {
        let name = &i.rust_name;
        let field = &i.field;
        let doc = docs::attrs(i.doc.as_deref());
        let deprecated = deprecation(i.deprecated, i.doc.as_deref());
        let doc = quote!(#doc #deprecated);
        let (ty, value) = conversion(i, types, &self_call, &quote!(value));
        let target = match (i.stored, upload_size) {
            // The size an upload fills in waits in a field of its own until `send`.
            (_, Some(UploadSize { pending, .. })) if i.filled => quote!(self.#pending),
            (Stored::BodyField, _) => quote!(self.body.#field),
            (Stored::Param | Stored::Body, _) => quote!(self.#name),
        };
        let clear = (i.nullable && !i.filled).then(|| Clear {
            name: i.rust_name.prefixed("clear_"),
            doc: format!(" Sends `{}: null` (see [`Self::{}`]).", i.rust_name.as_str(), i.rust_name.as_str()),
            attrs: deprecated.clone().unwrap_or_default(),
            // `null` is a bit of the body's `Nulls` (see `NullBits`).
            null_bit: body_nulls
                .and_then(|n| Some((n.of(body_fields, &i.field)?, n.field.as_ref()?)))
                .map(|(bit, all)| (quote!(self.body.#all), bit)),
        });
        super::types::setter(Setter { attrs: doc, name, ty, target, value, clear })
    });
    setters.collect()
}

/// The calls of `send` that put each parameter in the path, query, headers or cookies.
fn request_parts(op: &Operation) -> Vec<TokenStream> {
    let parts = op.params.iter().map(|p| {
        let name = &p.rust_name;
        let wire = &p.wire_name;
        // The runtime's `Style` has a variant of each `ParamStyle`'s name (`tests/mirrors.rs`).
        let style = format_ident!("{}", format!("{:?}", p.style));
        let style = quote!(Style::#style);
        match p.location {
            ParamLocation::Path if p.style == ParamStyle::Simple => quote!(.path(#wire, &self.#name)),
            ParamLocation::Path => quote!(.path_styled(#wire, &self.#name, #style)),
            ParamLocation::Query => quote!(.query(#wire, &self.#name, #style)),
            ParamLocation::Cookie => quote!(.cookie(#wire, &self.#name)),
            ParamLocation::Header if p.identity_header => TokenStream::new(),
            ParamLocation::Header => {
                let wire = Literal::string(&p.wire_name.to_ascii_lowercase());
                quote!(.header(#wire, &self.#name))
            }
        }
    });
    parts.collect()
}

/// The statements of `send` that set the request body (and the `{}` a DELETE carries where the
/// spec says so).
fn body_statements(op: &Operation, api: &Api) -> (Option<TokenStream>, Option<TokenStream>) {
    let empty_body = (api.json_body_on_delete && op.body.is_none() && op.method == crate::model::Method::Delete)
        .then(|| quote!(let request = request.json(&serde_json::Map::new());));
    let body = op.body.as_ref().map(|b| {
        let required = b.required || b.fields.is_some();
        match (&b.media, required) {
            // An optional body of inline fields none of which was set is not sent (nor `{}`).
            (Media::Json, true) if !b.required => quote!(let request = request.json_unless_empty(&self.body);),
            (Media::Json, true) => quote!(let request = request.json(&self.body);),
            // An optional body left unset is not sent: no `null`, no content type.
            (Media::Json, false) => quote! {
                let request = match &self.body {
                    Some(body) => request.json(body),
                    None => request,
                };
            },
            (Media::Form, true) => quote!(let request = request.form(&self.body);),
            (Media::Form, false) => quote! {
                let request = match &self.body {
                    Some(body) => request.form(body),
                    None => request,
                };
            },
            (Media::Bytes(media) | Media::Text(media), true) => quote!(let request = request.raw(self.body, #media);),
            (Media::Bytes(media) | Media::Text(media), false) => quote! {
                let request = match self.body {
                    Some(body) => request.raw(body, #media),
                    None => request,
                };
            },
            (Media::Multipart(files), _) => {
                let parts = b.fields.iter().flatten().filter(|f| files.contains(&f.rust_name)).map(|f| {
                    let name = &f.rust_name;
                    let wire = &f.wire_name;
                    if f.required {
                        quote!((#wire, Some(self.body.#name.clone())))
                    } else {
                        quote!((#wire, self.body.#name.clone()))
                    }
                });
                let required = b.required;
                quote!(let request = request.multipart(&self.body, vec![#(#parts),*], #required);)
            }
        }
    });
    (body, empty_body)
}

/// How `send_with_response` ends: the statement that opens a stream of events (with the
/// response's head), or the function that reads the value from the success response.
enum Ending {
    Stream(TokenStream),
    Read(TokenStream),
}

/// What `send` returns and how it reads it from the response: one type, an outcome by status,
/// bytes, text or nothing.
fn response_call(op: &Operation, api: &Api, types: &super::layout::Paths) -> (TokenStream, Ending) {
    let api_types = &api.types;
    let outcome = op.response.outcome.then_some(op.response.ty.as_ref()).flatten().and_then(|ty| {
        let TypeRef::Named(name) = ty else { return None };
        let def = api_types.iter().find(|t| &t.name == name)?;
        let crate::model::TypeKind::Outcome { variants } = &def.kind else { return None };
        let outcome = type_tokens(ty, types);
        let arms = variants.iter().map(|v| {
            let (vname, status) = (&v.name, proc_macro2::Literal::u16_unsuffixed(v.status));
            match v.ty {
                Some(_) => quote!(#status => reply.decode().map(#outcome::#vname),),
                None => quote!(#status => Ok(#outcome::#vname),),
            }
        });
        Some((
            outcome.clone(),
            Ending::Read(quote! {
                |reply| match reply.status.as_u16() {
                    #(#arms)*
                    other => Ok(#outcome::Other(other, reply.body.clone())),
                }
            }),
        ))
    });
    if let Some(outcome) = outcome {
        return outcome;
    }
    match (&op.response.ty, &op.response.media) {
        (Some(ty), _) if op.response.event_stream => {
            let ty = type_tokens(ty, types);
            (quote!(crate::sse::EventStream<#ty>), Ending::Stream(quote!(crate::sse::EventStream::open(self.call.client.clone(), request).await)))
        }
        (Some(ty), Media::Bytes(media)) if op.response.json_lines => {
            let ty = type_tokens(ty, types);
            let framing = match media.as_str() {
                "application/json-seq" => quote!(crate::lines::Framing::JsonSeq),
                _ => quote!(crate::lines::Framing::Lines),
            };
            (
                quote!(crate::lines::JsonLines<#ty>),
                Ending::Stream(quote!(crate::lines::JsonLines::open(self.call.client.clone(), request, #media, #framing).await)),
            )
        }
        (Some(_), Media::Bytes(_)) => (quote!(bytes::Bytes), Ending::Read(quote!(crate::client::Reply::bytes))),
        (Some(_), Media::Text(_)) => (quote!(String), Ending::Read(quote!(crate::client::Reply::text_value))),
        (Some(ty), _) => (type_tokens(ty, types), Ending::Read(quote!(crate::client::Reply::decode))),
        // No body documented: whatever comes (nothing, `{}`, `OK` as text) is not read.
        (None, _) => (quote!(()), Ending::Read(quote!(crate::client::Reply::nothing))),
    }
}

/// `into_stream` and `collect_all` of a list operation with `x-pagination`.
fn paging_methods(op: &Operation, types: &super::layout::Paths) -> Option<TokenStream> {
    let paging = op.pagination.as_ref().map(|pg| {
        let item = type_tokens(&pg.item_ty, types);
        let page = type_tokens(op.response.ty.as_ref().expect("pagination implies a response"), types);
        let token = &pg.token_rust_name;
        let next = access(&pg.next_token, true);
        let items = access(&pg.items, false);
        quote! {
            /// Streams the items of every page, following the page token until the last page.
            ///
            /// Errors are yielded as stream items and end the stream.
            pub fn into_stream(self) -> impl futures::Stream<Item = Result<#item>> + Send + 'static {
                crate::paging::paginate(
                    self,
                    |mut builder: Self, token| {
                        if token.is_some() {
                            builder.#token = token;
                        }
                        builder.send()
                    },
                    |page: #page| {
                        let next = #next;
                        (#items, next)
                    },
                )
            }

            /// Collects the items of every page.
            pub async fn collect_all(self) -> Result<Vec<#item>> {
                futures::TryStreamExt::try_collect(self.into_stream()).await
            }
        }
    });
    paging
}

/// `send_with_content` of an operation with `x-upload`: send, then `PUT` the content to the returned URL.
fn upload_method(op: &Operation, types: &super::layout::Paths, upload_size: &Option<UploadSize>) -> Option<TokenStream> {
    let upload = op.upload.as_ref().map(|u| {
        let size = &u.size_field;
        let size_value = match u.size_ty {
            TypeRef::F64 => quote!(content.len() as f64),
            TypeRef::F32 => quote!(content.len() as f32),
            TypeRef::I32 => quote!(i32::try_from(content.len()).unwrap_or(i32::MAX)),
            TypeRef::U32 => quote!(u32::try_from(content.len()).unwrap_or(u32::MAX)),
            TypeRef::U64 => quote!(u64::try_from(content.len()).unwrap_or(u64::MAX)),
            _ => quote!(i64::try_from(content.len()).unwrap_or(i64::MAX)),
        };
        let set_size = match upload_size {
            Some(UploadSize { pending: filled, .. }) if u.size_required => quote!(self.#filled = Some(#size_value);),
            _ if u.size_required => quote!(self.body.#size = #size_value;),
            _ => quote!(self.body.#size = Some(#size_value);),
        };
        let content_type = match &u.content_type_field {
            Some(BodyField { field, required: true }) => quote!(Some(self.body.#field.clone())),
            Some(BodyField { field, required: false }) => quote!(self.body.#field.clone()),
            None => quote!(None::<String>),
        };
        let url = access(&u.url, true);
        let headers = match u.headers_when.is_empty() {
            true => quote!(let headers: Vec<(&'static str, &'static str)> = Vec::new();),
            false => quote!(let mut headers: Vec<(&'static str, &'static str)> = Vec::new();),
        };
        let conditional = u.headers_when.iter().map(|HeaderWhen { when: BodyField { field, required }, header, value }| {
            let condition = if *required { quote!(self.body.#field) } else { quote!(self.body.#field == Some(true)) };
            quote! {
                if #condition {
                    headers.push((#header, #value));
                }
            }
        });
        let ret = type_tokens(op.response.ty.as_ref().expect("x-upload implies a response"), types);
        quote! {
            /// Sends the request, then uploads `content` to the URL in its response (a `PUT`
            /// without credentials). The size field is set from `content` (with `send`, its
            /// setter must give it).
            pub async fn send_with_content(mut self, content: impl Into<bytes::Bytes>) -> Result<#ret> {
                let content: bytes::Bytes = content.into();
                #set_size
                let content_type: Option<String> = #content_type;
                #headers
                #(#conditional)*
                let client = self.call.client.clone();
                let page = self.send().await?;
                let url: Option<String> = #url;
                let url = url.ok_or_else(|| crate::Error::InvalidRequest("the response carries no upload URL".into()))?;
                client.upload(&url, content, content_type.as_deref(), &headers).await?;
                Ok(page)
            }
        }
    });
    upload
}

/// How an argument or setter takes a value of `ty` (the type it accepts) and turns the value
/// `value` into the stored one (the expression), given the request's `call` (which keeps the
/// first value that does not fit, for `send` to report). What a Rust user has at hand fits:
/// any iterable of things `Into` the item (`["a", "b"]`), pairs for a map (`[("k", "v")]`), any
/// `Serialize` value for free-form JSON (an object where the spec says object), an integer for
/// a `number`.
fn conversion(i: &Input<'_>, types: &super::layout::Paths, call: &TokenStream, value: &TokenStream) -> (TokenStream, TokenStream) {
    let wire = i.wire;
    let nullable = i.nullable && i.required;
    match types.layout().resolved(i.ty) {
        // `None` must name no type: a JSON value (`json!({..})`) or `None`.
        TypeRef::JsonObject if nullable => (quote!(impl Into<Option<serde_json::Value>>), quote!(#call.nullable_object(#wire, #value.into()))),
        TypeRef::Json => (quote!(impl serde::Serialize), quote!(#call.value(#wire, #value))),
        TypeRef::F64 if nullable => (quote!(impl crate::IntoNullable<f64>), quote!(crate::IntoNullable::into_nullable(#value))),
        TypeRef::F32 if nullable => (quote!(impl crate::IntoNullable<f32>), quote!(crate::IntoNullable::into_nullable(#value))),
        // The rule every setter follows (`types::conversion`); a free-form object that is not
        // one is the call's error, refused by `send`.
        _ => super::types::conversion(i.ty, nullable, types, value, &|object| quote!(#call.object(#wire, #object))),
    }
}

/// `#[deprecated]` with the spec's words when it marks `what` deprecated.
fn deprecation(deprecated: bool, doc: Option<&str>) -> Option<TokenStream> {
    deprecated.then(|| {
        let first = doc.and_then(|d| d.split("\n\n").next()).map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
        let note = match first.filter(|d| !d.is_empty() && d != "**Deprecated.**") {
            Some(d) => format!("deprecated in the API description: {}", d.trim_start_matches("**Deprecated.**").trim()),
            None => "deprecated in the API description".to_string(),
        };
        quote!(#[deprecated(note = #note)])
    })
}

/// An expression reading a field path of `page`: the token by reference (cloned), the items by
/// value.
fn access(path: &[FieldStep], by_ref: bool) -> TokenStream {
    let all_required_before_last = path.iter().rev().skip(1).all(|step| !step.optional);
    let last_optional = path.last().is_some_and(|step| step.optional);
    if all_required_before_last {
        let names = path.iter().map(|step| &step.field);
        let chain = quote!(page #(.#names)*);
        return match (by_ref, last_optional) {
            (true, true) => quote!(#chain.clone()),
            (true, false) => quote!(Some(#chain.clone())),
            (false, true) => quote!(#chain.unwrap_or_default()),
            (false, false) => chain,
        };
    }
    let mut expr = if by_ref { quote!(Some(&page)) } else { quote!(Some(page)) };
    for FieldStep { field: name, optional } in path {
        expr = match (by_ref, optional) {
            (true, true) => quote!(#expr.and_then(|v| v.#name.as_ref())),
            (true, false) => quote!(#expr.map(|v| &v.#name)),
            (false, true) => quote!(#expr.and_then(|v| v.#name)),
            (false, false) => quote!(#expr.map(|v| v.#name)),
        };
    }
    if by_ref {
        quote!(#expr.cloned())
    } else {
        quote!(#expr.unwrap_or_default())
    }
}

/// The arguments of the `Client` method of `op` (its required inputs), name and type: the mock's
/// method of the operation takes the same (`emit/mock.rs`).
pub(super) fn client_args(op: &Operation, paths: &super::layout::Paths) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let local_call = quote!(call);
    inputs(op)
        .iter()
        .filter(|i| i.required)
        .map(|i| {
            let name = i.rust_name.to_ident();
            let (ty, _) = conversion(i, paths, &local_call, &quote!(#name));
            (name, ty)
        })
        .collect()
}

/// The expression reading the next page token of `page` (a `&Response`) of `op`, an
/// `Option<String>`, for the mock's pages.
pub(super) fn next_token(pagination: &crate::model::Pagination) -> TokenStream {
    access(&pagination.next_token, true)
}
