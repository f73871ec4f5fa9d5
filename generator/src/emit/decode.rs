//! Emits a struct's `Deserialize`: an implementation of the runtime's `de::Object` (see
//! `runtime/de.rs`) instead of serde's derive, which writes a visitor, a field enum and a
//! sequence reader for every struct — five times the code, and most of a crate's compile time.
//! The struct reads the same: unknown fields skipped, serde's messages for a missing or repeated
//! field, `null` or nothing for an optional field is `None`, and for a nullable optional field
//! (`Option<Option<T>>`) nothing is `None` and `null` is `Some(None)`.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Paths;
use super::{ident, type_tokens};
use crate::model::{Field, TypeRef};
use crate::naming::RustName;

/// `impl de::Object` and `impl Deserialize` for the struct `name` with `fields`, and the
/// undocumented properties gathered into `extra` (the field's name and value type) if it has them.
pub fn object_impl(name: &RustName, fields: &[Field], extra: Option<(&RustName, &TypeRef)>, paths: &Paths) -> TokenStream {
    let read: Vec<&Field> = fields.iter().filter(|f| f.ty != TypeRef::Bytes).collect();
    let taken = |candidate: &str| fields.iter().any(|f| f.rust_name.as_str() == candidate) || extra.is_some_and(|(e, _)| e.as_str() == candidate);
    let map = ident(&free_name("map", &taken));
    let key = ident(&free_name("key", &taken));
    let wire: Vec<&str> = read.iter().map(|f| f.wire_name.as_str()).collect();
    let slots = read.iter().map(|f| {
        let slot = &f.rust_name;
        let ty = type_tokens(&f.ty, paths);
        // What is read for a present field: the field's type, or `Option<T>` for the
        // optional and nullable ones (`null` is `None`).
        let read_as = if f.required && !f.nullable { ty } else { quote!(Option<#ty>) };
        quote!(let mut #slot: Option<#read_as> = None;)
    });
    let arms = read.iter().map(|f| {
        let slot = &f.rust_name;
        let wire = &f.wire_name;
        quote!(#wire => #map.value(&mut #slot, #wire)?,)
    });
    let (extra_slot, other_keys) = match extra {
        Some((name, _)) => (quote!(let mut #name = std::collections::BTreeMap::new();), quote!(_ => #map.extra(&#key, &mut #name)?,)),
        None => (TokenStream::new(), quote!(_ => #map.skip()?,)),
    };
    let built = fields.iter().map(|f| {
        let field = &f.rust_name;
        let wire = &f.wire_name;
        match (f.ty == TypeRef::Bytes, f.required, f.nullable) {
            // A file of a multipart body is sent as its own part, never read from JSON.
            (true, ..) => quote!(#field: Default::default(),),
            (false, true, false) => quote!(#field: #map.required(#field, #wire)?,),
            (false, false, true) => quote!(#field,),
            (false, _, _) => quote!(#field: #field.flatten(),),
        }
    });
    let extra_field = extra.map(|(name, _)| quote!(#name,));
    let entries = if read.is_empty() && extra.is_none() {
        quote! {
            while #map.key()?.is_some() {
                #map.skip()?;
            }
        }
    } else {
        quote! {
            while let Some(#key) = #map.key()? {
                match #key.as_str() {
                    #(#arms)*
                    #other_keys
                }
            }
        }
    };
    let type_name = name.as_str();
    quote! {
        impl crate::de::Object for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wire),*];

            fn read<'de, A: serde::de::MapAccess<'de>>(mut #map: crate::de::Entries<'de, A>) -> Result<Self, A::Error> {
                #(#slots)*
                #extra_slot
                #entries
                Ok(Self { #(#built)* #extra_field })
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::de::object(deserializer)
            }
        }
    }
}

/// `preferred`, or with `_` appended until no field has the name.
fn free_name(preferred: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let mut name = preferred.to_string();
    while taken(&name) {
        name.push('_');
    }
    name
}
