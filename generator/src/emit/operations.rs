//! Emits `src/operations/`: one module per tag, with a `Client` method and a request builder per
//! operation.
//!
//! A builder holds what differs per operation (its parameters and body) and its `send` only
//! describes the request; building the URL, sending, and decoding happen once, in the fixed
//! runtime (`request.rs`, `client.rs`).

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{docs, ident, type_tokens};
use crate::model::{Api, Field, Media, Operation, Param, ParamLocation, QueryStyle, TypeRef};

/// The modules under `src/operations/`, one per tag, with their operation counts.
pub fn module_names(api: &Api) -> Vec<(String, usize)> {
    let mut by_module: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &api.operations {
        *by_module.entry(op.module.as_str()).or_default() += 1;
    }
    by_module.into_iter().map(|(m, n)| (m.to_string(), n)).collect()
}

/// `src/operations/mod.rs`.
pub fn mod_rs(api: &Api) -> TokenStream {
    let names: Vec<_> = module_names(api).iter().map(|(m, _)| ident(m)).collect();
    quote! {
        //! Operations, one module per API section. Each operation is a method of
        //! [`Client`](crate::Client) that returns a request builder ending in `send()`; the types
        //! of one operation alone (its response, its parameter enums, its error bodies) live
        //! beside its builder, and every module's items are re-exported here.

        #( pub mod #names; )*
        #( pub use #names::*; )*
    }
}

/// `src/operations/<module>.rs`.
pub fn module_rs(api: &Api, module: &str) -> TokenStream {
    let layout = super::layout::Layout::new(api);
    let paths = layout.at(super::layout::Here::Module(module));
    let items = api.operations.iter().filter(|op| op.module == module).map(|op| operation(op, &api.types, &paths));
    let types = super::types::module_types(api, &layout, module);
    let tag = format!(" Operations of the `{module}` section.");
    quote! {
        #![doc = #tag]

        #[allow(unused_imports)]
        use reqwest::Method;

        #[allow(unused_imports)]
        use crate::request::{Call, Style};
        #[allow(unused_imports)]
        use crate::{types, Client, Result};
        #[allow(unused_imports)]
        use serde::{Deserialize, Serialize};

        #(#items)*

        #types
    }
}

/// An argument or setter of a builder: a parameter or a body field.
struct Input<'a> {
    /// Name of the argument or setter.
    rust_name: &'a str,
    /// Name of the field that stores it (in the builder or its body).
    field: &'a str,
    ty: &'a TypeRef,
    required: bool,
    /// Whether `null` can be sent (body fields only).
    nullable: bool,
    /// A required field that the builder fills in itself (the size of an upload): not an
    /// argument, starts as `Default::default()`, its setter sets it directly.
    filled: bool,
    doc: Option<String>,
    /// Where the builder keeps it.
    slot: Slot,
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    /// A field of the builder.
    Own,
    /// A field of the builder's `body`.
    Body,
    /// The whole body.
    WholeBody,
}

fn inputs(op: &Operation) -> Vec<Input<'_>> {
    let mut out: Vec<Input<'_>> = op
        .params
        .iter()
        .filter(|p| !p.client_setting)
        .map(|p| Input {
            rust_name: &p.rust_name,
            field: &p.rust_name,
            ty: &p.ty,
            required: p.required && !p.client_setting,
            nullable: false,
            filled: false,
            doc: param_doc(p),
            slot: Slot::Own,
        })
        .collect();
    if let Some(body) = &op.body {
        match &body.fields {
            Some(fields) => out.extend(fields.iter().zip(&body.setters).map(|(f, setter): (&Field, &String)| {
                let filled = f.required && op.upload.as_ref().is_some_and(|u| u.size_field == f.rust_name);
                Input {
                rust_name: setter,
                field: &f.rust_name,
                ty: &f.ty,
                required: f.required && !filled,
                nullable: f.nullable,
                filled,
                doc: Some(super::types::field_doc(f)),
                slot: Slot::Body,
            }})),
            None => out.push(Input {
                rust_name: "body",
                field: "body",
                ty: &body.ty,
                required: body.required,
                nullable: false,
                filled: false,
                doc: docs::join(&[Some("The request body."), body.doc.as_deref()]),
                slot: Slot::WholeBody,
            }),
        }
    }
    out
}

fn param_doc(p: &Param) -> Option<String> {
    let setting = p.client_setting.then(|| {
        format!("Overrides, for this call, the `{}` header set with `ClientBuilder::{}`.", p.wire_name, p.rust_name.trim_start_matches("r#"))
    });
    let deprecated = p.deprecated.then_some("**Deprecated.**");
    docs::join(&[deprecated, p.doc.as_deref(), setting.as_deref()]).or_else(|| Some(format!("The `{}` parameter.", p.wire_name)))
}

fn operation(op: &Operation, api_types: &[crate::model::TypeDef], paths: &super::layout::Paths) -> TokenStream {
    let types = *paths;
    let fn_name = ident(&op.fn_name);
    let builder = ident(&op.builder_name);
    let inputs = inputs(op);

    // The client method: required inputs are its arguments.
    let args = inputs.iter().filter(|i| i.required).map(|i| {
        let name = ident(i.rust_name);
        let ty = type_tokens(i.ty, &types);
        if i.nullable {
            quote!(#name: impl Into<Option<#ty>>)
        } else {
            quote!(#name: impl Into<#ty>)
        }
    });
    let own_init = inputs.iter().filter(|i| i.slot == Slot::Own || i.slot == Slot::WholeBody).map(|i| {
        let name = ident(i.rust_name);
        if i.required {
            quote!(#name: #name.into(),)
        } else {
            quote!(#name: None,)
        }
    });
    let body_init = op.body.as_ref().and_then(|b| b.fields.as_ref().map(|_| b)).map(|b| {
        let ty = type_tokens(&b.ty, &types);
        let fields = inputs.iter().filter(|i| i.slot == Slot::Body).map(|i| {
            let name = ident(i.rust_name);
            let field = ident(i.field);
            if i.filled {
                quote!(#field: Default::default(),)
            } else if i.required {
                quote!(#field: #name.into(),)
            } else {
                quote!(#field: None,)
            }
        });
        quote!(body: #ty { #(#fields)* },)
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
            Some(&format!("`{} {}` (`{}`)", op.method.as_str(), op.path, op.id)),
        ])
        .as_deref(),
    );
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    // The builder's fields.
    let own_fields = inputs.iter().filter(|i| i.slot == Slot::Own || i.slot == Slot::WholeBody).map(|i| {
        let name = ident(i.rust_name);
        let ty = type_tokens(i.ty, &types);
        if i.required {
            quote!(#name: #ty,)
        } else {
            quote!(#name: Option<#ty>,)
        }
    });
    let body_field = op.body.as_ref().and_then(|b| b.fields.as_ref().map(|_| b)).map(|b| {
        let ty = type_tokens(&b.ty, &types);
        quote!(body: #ty,)
    });

    // Setters for optional inputs.
    let setters = inputs.iter().filter(|i| !i.required).map(|i| {
        let name = ident(i.rust_name);
        let field = ident(i.field);
        let ty = type_tokens(i.ty, &types);
        let doc = docs::attrs(i.doc.as_deref());
        let target = match i.slot {
            Slot::Body => quote!(self.body.#field),
            Slot::Own | Slot::WholeBody => quote!(self.#name),
        };
        if i.filled {
            return quote! {
                #doc
                pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                    #target = value.into();
                    self
                }
            };
        }
        if !i.nullable {
            return quote! {
                #doc
                pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                    #target = Some(value.into());
                    self
                }
            };
        }
        let clear = ident(&format!("clear_{}", i.rust_name.trim_start_matches("r#")));
        let clear_doc = format!(" Sends `{}: null` (see [`Self::{}`]).", i.rust_name.trim_start_matches("r#"), i.rust_name.trim_start_matches("r#"));
        quote! {
            #doc
            pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                #target = Some(Some(value.into()));
                self
            }

            #[doc = #clear_doc]
            pub fn #clear(mut self) -> Self {
                #target = Some(None);
                self
            }
        }
    });

    // What `send` describes.
    let method = ident(op.method.as_str());
    let path = &op.path;
    let op_id = &op.id;
    let setting_idents: Vec<proc_macro2::Ident> = op.params.iter().filter(|p| p.client_setting).map(|p| ident(&p.rust_name)).collect();
    let parts = op.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        let style = match p.style {
            QueryStyle::Form => quote!(Style::Form),
            QueryStyle::FormComma => quote!(Style::FormComma),
            QueryStyle::SpaceDelimited => quote!(Style::SpaceDelimited),
            QueryStyle::PipeDelimited => quote!(Style::PipeDelimited),
            QueryStyle::Dot => quote!(Style::Dot),
            QueryStyle::DeepObject => quote!(Style::DeepObject),
            QueryStyle::Simple => quote!(Style::Simple),
            QueryStyle::SimpleExplode => quote!(Style::SimpleExplode),
            QueryStyle::Label => quote!(Style::Label),
            QueryStyle::LabelExplode => quote!(Style::LabelExplode),
            QueryStyle::Matrix => quote!(Style::Matrix),
            QueryStyle::MatrixExplode => quote!(Style::MatrixExplode),
        };
        match p.location {
            ParamLocation::Path if p.style == QueryStyle::Simple => quote!(.path(#wire, &self.#name)),
            ParamLocation::Path => quote!(.path_styled(#wire, &self.#name, #style)),
            ParamLocation::Query => quote!(.query(#wire, &self.#name, #style)),
            ParamLocation::Cookie => quote!(.cookie(#wire, &self.#name)),
            ParamLocation::Header if p.client_setting => TokenStream::new(),
            ParamLocation::Header => {
                let wire = Literal::string(&p.wire_name.to_ascii_lowercase());
                quote!(.header(#wire, &self.#name))
            }
        }
    });
    let body = op.body.as_ref().map(|b| {
        let required = b.required || b.fields.is_some();
        match (&b.media, required) {
            (Media::Json, _) => quote!(let request = request.json(&self.body);),
            (Media::Form, _) => quote!(let request = request.form(&self.body);),
            (Media::Bytes(media) | Media::Text(media), true) => quote!(let request = request.raw(self.body, #media);),
            (Media::Bytes(media) | Media::Text(media), false) => quote! {
                let request = match self.body {
                    Some(body) => request.raw(body, #media),
                    None => request,
                };
            },
            (Media::Multipart(files), _) => {
                let parts = b.fields.iter().flatten().filter(|f| files.contains(&f.rust_name)).map(|f| {
                    let name = ident(&f.rust_name);
                    let wire = &f.wire_name;
                    if f.required {
                        quote!((#wire, Some(self.body.#name.clone())))
                    } else {
                        quote!((#wire, self.body.#name.clone()))
                    }
                });
                quote!(let request = request.multipart(&self.body, vec![#(#parts),*]);)
            }
        }
    });
    let outcome = op.response.outcome.then_some(op.response.ty.as_ref()).flatten().and_then(|ty| {
        let TypeRef::Named(name) = ty else { return None };
        let def = api_types.iter().find(|t| &t.name == name)?;
        let crate::model::TypeKind::Outcome { variants } = &def.kind else { return None };
        let outcome = type_tokens(ty, &types);
        let arms = variants.iter().map(|(vname, status, body)| {
            let vname = ident(vname);
            let status = proc_macro2::Literal::u16_unsuffixed(*status);
            match body {
                Some(_) => quote!(#status => crate::client::decode(status, &body).map(#outcome::#vname),),
                None => quote!(#status => Ok(#outcome::#vname),),
            }
        });
        Some((
            outcome.clone(),
            quote! {
                let (status, body) = self.call.client.execute_raw(request).await?;
                match status.as_u16() {
                    #(#arms)*
                    other => Ok(#outcome::Other(other, body)),
                }
            },
        ))
    });
    let (ret, call) = if let Some(outcome) = outcome { outcome } else { match (&op.response.ty, &op.response.media) {
        (Some(_), Media::Bytes(_)) => (quote!(bytes::Bytes), quote!(self.call.client.execute_bytes(request).await)),
        (Some(_), Media::Text(_)) => (quote!(String), quote!(self.call.client.execute_text(request).await)),
        (Some(ty), _) => {
            let ty = type_tokens(ty, &types);
            (ty, quote!(self.call.client.execute(request).await))
        }
        (None, _) => (
            quote!(()),
            quote!(self.call.client.execute::<serde::de::IgnoredAny>(request).await.map(|_| ())),
        ),
    } };
    let response_doc = op.response.doc.as_deref().map(|d| format!(" {}", docs::sanitize(d.lines().next().unwrap_or(""))));
    let response_doc = response_doc.map(|d| quote!(#[doc = ""] #[doc = #d]));

    let paging = op.pagination.as_ref().map(|pg| {
        let item = type_tokens(&pg.item_ty, &types);
        let page = type_tokens(op.response.ty.as_ref().expect("pagination implies a response"), &types);
        let token = ident(&pg.token_rust_name);
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

    let upload = op.upload.as_ref().map(|u| {
        let size = ident(&u.size_field);
        let size_value = match u.size_ty {
            TypeRef::F64 => quote!(content.len() as f64),
            TypeRef::F32 => quote!(content.len() as f32),
            TypeRef::I32 => quote!(i32::try_from(content.len()).unwrap_or(i32::MAX)),
            _ => quote!(i64::try_from(content.len()).unwrap_or(i64::MAX)),
        };
        let size_value = if u.size_required { size_value } else { quote!(Some(#size_value)) };
        let content_type = match &u.content_type_field {
            Some((name, true)) => {
                let name = ident(name);
                quote!(Some(self.body.#name.clone()))
            }
            Some((name, false)) => {
                let name = ident(name);
                quote!(self.body.#name.clone())
            }
            None => quote!(None::<String>),
        };
        let url = access(&u.url, true);
        let conditional = u.headers_when.iter().map(|(field, required, header, value)| {
            let field = ident(field);
            let condition = if *required { quote!(self.body.#field) } else { quote!(self.body.#field == Some(true)) };
            quote! {
                if #condition {
                    headers.push((#header, #value));
                }
            }
        });
        let ret = type_tokens(op.response.ty.as_ref().expect("x-upload implies a response"), &types);
        quote! {
            /// Sends the request, then uploads `content` to the URL in its response (a `PUT`
            /// without credentials). The size field is set from `content` (with `send`, it is
            /// whatever its setter gave, else zero).
            pub async fn send_with_content(mut self, content: impl Into<bytes::Bytes>) -> Result<#ret> {
                let content: bytes::Bytes = content.into();
                self.body.#size = #size_value;
                let content_type: Option<String> = #content_type;
                #[allow(unused_mut)]
                let mut headers: Vec<(&'static str, &'static str)> = Vec::new();
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

    let builder_doc = match crate::naming::is_raw(&op.fn_name) {
        true => format!(" Request builder for [`Client::{}`](crate::Client::{}).", crate::naming::bare(&op.fn_name), op.fn_name),
        false => format!(" Request builder for [`Client::{}`].", op.fn_name),
    };
    quote! {
        impl Client {
            #method_doc
            #deprecated
            pub fn #fn_name(&self, #(#args),*) -> #builder {
                #builder {
                    call: Call::new(self),
                    #(#own_init)*
                    #body_init
                }
            }
        }

        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `send`"]
        pub struct #builder {
            call: Call,
            #(#own_fields)*
            #body_field
        }

        crate::call_options!(#builder #(, #setting_idents)*);

        impl #builder {
            #(#setters)*

            /// Sends the request.
            #response_doc
            pub async fn send(self) -> Result<#ret> {
                let request = self.call.request(#op_id, Method::#method, #path, Self::SETTINGS)
                    #(#parts)*;
                #body
                #call
            }

            #paging

            #upload
        }
    }
}

/// An expression reading a field path of `page`: the token by reference (cloned), the items by
/// value.
fn access(path: &[(String, bool)], by_ref: bool) -> TokenStream {
    let all_required_before_last = path.iter().rev().skip(1).all(|(_, optional)| !optional);
    let last_optional = path.last().is_some_and(|(_, o)| *o);
    if all_required_before_last {
        let names = path.iter().map(|(n, _)| ident(n));
        let chain = quote!(page #(.#names)*);
        return match (by_ref, last_optional) {
            (true, true) => quote!(#chain.clone()),
            (true, false) => quote!(Some(#chain.clone())),
            (false, true) => quote!(#chain.unwrap_or_default()),
            (false, false) => chain,
        };
    }
    let mut expr = if by_ref { quote!(Some(&page)) } else { quote!(Some(page)) };
    for (name, optional) in path {
        let name = ident(name);
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
