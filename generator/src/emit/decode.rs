//! Emits a struct's `Deserialize`: one line, `crate::de::object!(...)`, whose expansion (the
//! runtime's `de.rs`) implements `de::Object` for it instead of serde's derive, which writes a
//! visitor, a field enum and a sequence reader for every struct — five times the code, and most
//! of a crate's compile time. The struct reads the same: unknown fields skipped, serde's messages
//! for a missing or repeated field, `null` or nothing for an optional field is `None`; for a
//! nullable optional field, `null` is `None` too, and sets the field's bit in the struct's
//! `Nulls` (see [`NullBits`]) so that it is written back; an optional field of any JSON
//! (`Option<serde_json::Value>`) keeps `null` as `Some(Value::Null)`.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::NullBits;
use crate::model::{Field, TypeRef};
use crate::naming::RustName;

/// `crate::de::object!` for the struct `name` with `fields`, and the map `extra` that takes the
/// undocumented properties if it has one. `is_any` says whether a type is any JSON
/// (`serde_json::Value`, through aliases): such an optional field keeps a `null` as
/// `Some(Value::Null)` instead of reading it as left out, so that it is written back as it came.
pub fn object_impl(name: &RustName, fields: &[Field], extra: Option<&RustName>, nulls: &NullBits, is_any: impl Fn(&TypeRef) -> bool) -> TokenStream {
    let read = fields.iter().zip(&nulls.bits).filter(|(f, _)| f.ty != TypeRef::Bytes).map(|(f, bit)| {
        let field = &f.rust_name;
        let wire = &f.wire_name;
        let how = match (f.required, bit, &nulls.field) {
            (false, Some(bit), Some(all)) => {
                let bit = proc_macro2::Literal::usize_unsuffixed(*bit);
                quote!(nullable(#all, #bit))
            }
            (true, _, _) if !f.nullable => quote!(required),
            (false, _, _) if is_any(&f.ty) => quote!(any),
            _ => quote!(optional),
        };
        quote!(#field => #wire #how)
    });
    // A file of a multipart body is sent as its own part, never read from JSON.
    let files: Vec<&RustName> = fields.iter().filter(|f| f.ty == TypeRef::Bytes).map(|f| &f.rust_name).collect();
    let skip = (!files.is_empty()).then(|| quote!(skip { #(#files),* }));
    let extra = extra.map(|name| quote!(extra #name));
    let nulls = nulls.field.as_ref().map(|name| quote!(nulls #name));
    quote! {
        crate::de::object!(#name { #(#read),* } #skip #nulls #extra);
    }
}
