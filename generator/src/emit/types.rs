//! Emits `types.rs`: one Rust type per named type of the model.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, type_tokens};
use crate::model::{Api, Field, TypeDef, TypeKind, TypeRef, Variant};

/// The tokens of `src/types.rs`.
pub fn types_rs(api: &Api) -> TokenStream {
    let defs = api.types.iter().map(type_def);
    quote! {
        //! The API's request and response types.
        //!
        //! Every schema of the spec is a type here. Unknown fields in responses are ignored and
        //! unknown enum values decode into an `Unrecognized` variant, so a newer server does not
        //! break an older client.

        #[allow(unused_imports)]
        use serde::{Deserialize, Serialize};

        #(#defs)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let doc = docs::attrs(def.doc.as_deref());
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            let rename_all = if fields.iter().all(|f| serde_camel(&f.rust_name) == f.wire_name)
                && fields.iter().any(|f| bare(&f.rust_name) != f.wire_name)
            {
                quote!(#[serde(rename_all = "camelCase")])
            } else {
                TokenStream::new()
            };
            let by_attr = rename_all.is_empty();
            let fields_tokens = fields.iter().map(|f| field(f, by_attr));
            let extra = additional.as_ref().map(|ty| {
                let ty = type_tokens(ty, &TokenStream::new());
                let extra = ident(&extra_name(fields));
                quote! {
                    /// Properties beyond the documented ones.
                    #[serde(flatten)]
                    pub #extra: std::collections::BTreeMap<String, #ty>,
                }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #rename_all
                pub struct #name {
                    #(#fields_tokens)*
                    #extra
                }
            }
        }
        TypeKind::Enum { variants } => {
            let decl = variants.iter().map(|v| {
                let vname = ident(&v.rust_name);
                let doc = format!(" `{}`", v.wire);
                quote!(#[doc = #doc] #vname,)
            });
            let mapping = variants.iter().map(|Variant { wire, rust_name }| {
                let vname = ident(rust_name);
                quote!(#vname => #wire)
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#decl)*
                    /// A value this version of the crate does not know.
                    Unrecognized(String),
                }

                crate::enums::string_enum!(#name { #(#mapping),* });
            }
        }
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, &TokenStream::new());
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
        TypeKind::Union { variants, discriminator: None } => {
            let decl = variants.iter().map(|(vname, ty)| {
                let vname = ident(vname);
                let ty = type_tokens(ty, &TokenStream::new());
                quote!(#vname(#ty),)
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#decl)*
                    /// A value that matches none of the documented shapes.
                    Unrecognized(serde_json::Value),
                }
            }
        }
        TypeKind::Union { variants, discriminator: Some((property, tags)) } => {
            let decl = variants.iter().map(|(vname, ty)| {
                let vname = ident(vname);
                let ty = type_tokens(ty, &TokenStream::new());
                quote!(#vname(#ty),)
            });
            let arms = variants.iter().zip(tags).map(|((vname, _), tags)| {
                let vname = ident(vname);
                quote! {
                    Some(#(#tags)|*) => serde_json::from_value(value).map(Self::#vname).map_err(serde::de::Error::custom),
                }
            });
            let about = format!(" Chosen by the `{property}` property; an unknown value decodes into `Unrecognized`.");
            let unrecognized_doc = format!(" A value whose `{property}` this version of the crate does not know.");
            quote! {
                #doc
                #[doc = ""]
                #[doc = #about]
                #[derive(Debug, Clone, PartialEq, Serialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#decl)*
                    #[doc = #unrecognized_doc]
                    Unrecognized(serde_json::Value),
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                        match tag.as_deref() {
                            #(#arms)*
                            _ => Ok(Self::Unrecognized(value)),
                        }
                    }
                }
            }
        }
        TypeKind::Outcome { variants } => {
            let decl = variants.iter().map(|(vname, status, ty)| {
                let vname = ident(vname);
                let doc = format!(" `{status}`");
                match ty {
                    Some(ty) => {
                        let ty = type_tokens(ty, &TokenStream::new());
                        quote!(#[doc = #doc] #vname(#ty),)
                    }
                    None => quote!(#[doc = #doc] #vname,),
                }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#decl)*
                    /// Another success status, with its raw body.
                    Other(u16, bytes::Bytes),
                }
            }
        }
    }
}

fn field(f: &Field, rename: bool) -> TokenStream {
    let doc = docs::attrs(field_doc(f).as_deref());
    let name = ident(&f.rust_name);
    let ty = type_tokens(&f.ty, &TokenStream::new());
    let wire = &f.wire_name;
    let mut serde = Vec::new();
    if f.ty == TypeRef::Bytes {
        // A file of a multipart body: sent as its own part, not serialised with the fields.
        serde.push(quote!(skip));
    }
    if rename && bare(&f.rust_name) != f.wire_name {
        serde.push(quote!(rename = #wire));
    }
    let ty = match (f.required, f.nullable) {
        (true, false) => ty,
        // Always sent; `None` is `null`.
        (true, true) => quote!(Option<#ty>),
        (false, false) if f.ty == TypeRef::Bytes => quote!(Option<#ty>),
        (false, false) => {
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
            quote!(Option<#ty>)
        }
        // Left out (`None`), `null` (`Some(None)`) or a value (`Some(Some(v))`).
        (false, true) => {
            serde.push(quote!(default));
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
            serde.push(quote!(deserialize_with = "crate::nullable::deserialize"));
            quote!(Option<Option<#ty>>)
        }
    };
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! { #doc #serde pub #name: #ty, }
}

/// A field's documentation, with a note when it is deprecated.
pub fn field_doc(f: &Field) -> Option<String> {
    let deprecated = f.deprecated.then_some("**Deprecated.**");
    docs::join(&[deprecated, f.doc.as_deref()])
}

fn extra_name(fields: &[Field]) -> String {
    let mut name = "additional_properties".to_string();
    while fields.iter().any(|f| f.rust_name == name) {
        name.push('_');
    }
    name
}

fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// What serde's `rename_all = "camelCase"` makes of a Rust field name.
fn serde_camel(rust_name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in bare(rust_name).chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::serde_camel;

    #[test]
    fn serde_camel_case() {
        assert_eq!(serde_camel("next_token"), "nextToken");
        assert_eq!(serde_camel("r#type"), "type");
        assert_eq!(serde_camel("x_bot_id"), "xBotId");
    }
}
