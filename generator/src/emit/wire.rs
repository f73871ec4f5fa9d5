//! Emits a struct's `Serialize` and `Deserialize`: one line, `crate::ser::object!(...)`, that
//! names each field's wire name once, and whose expansion (the runtime's `ser.rs`, then `de.rs`
//! for the reading half) writes one call a field and reads through the runtime's one visitor,
//! instead of serde's derive, which writes a `?`, a length term and a skip test for every field
//! and a visitor, a field enum and a sequence reader for every struct (several times the code,
//! and most of a crate's compile time).
//!
//! What is written: the fields in order under their wire names, an optional field left out when
//! `None`, a nullable optional one `null` when its null bit is set, a required nullable one
//! always (`None` is `null`), the undocumented properties after the fields, a multipart body's
//! files not at all (each is a part of its own). What is read: unknown fields skipped, serde's
//! messages for a missing or repeated field, `null` or nothing for an optional field is `None`;
//! for a nullable optional field, `null` is `None` too, and sets the field's bit in the struct's
//! `Nulls` (see [`NullBits`]) so that it is written back; an optional field of any JSON
//! (`Option<serde_json::Value>`) keeps `null` as `Some(Value::Null)`. A body only its builder
//! fills in is never read: it is `write_only`.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::NullBits;
use crate::model::{Field, TypeRef};
use crate::naming::RustName;

/// `crate::ser::object!` for the struct `name` with `fields`, and the map `extra` that holds the
/// undocumented properties if it has one. `is_any` says whether a type is any JSON
/// (`serde_json::Value`, through aliases); `decoded`, whether the struct is read at all.
///
/// How each field goes (the runtime's kinds): `required` (always written; left out is an error),
/// `required_nullable` (always written, `None` as `null`; read as an optional field),
/// `optional` (written unless `None`; left out or `null` reads as `None`), `any` (an optional
/// field of any JSON: written unless `None`, `null` reads as `Some(Value::Null)`), or
/// `nullable(nulls, N)` (an optional nullable field, whose `null` is bit `N` of the struct's
/// `Nulls`).
pub fn object_impl(
    name: &RustName,
    fields: &[Field],
    extra: Option<&RustName>,
    nulls: &NullBits,
    decoded: bool,
    is_any: impl Fn(&TypeRef) -> bool,
) -> TokenStream {
    let kinds = fields.iter().zip(&nulls.bits).filter(|(f, _)| f.ty != TypeRef::Bytes).map(|(f, bit)| {
        let field = &f.rust_name;
        let wire = &f.wire_name;
        let how = match (f.required, bit, &nulls.field) {
            (true, _, _) if f.nullable => quote!(required_nullable),
            (true, _, _) => quote!(required),
            (false, Some(bit), Some(all)) => {
                let bit = proc_macro2::Literal::usize_unsuffixed(*bit);
                quote!(nullable(#all, #bit))
            }
            (false, _, _) if is_any(&f.ty) => quote!(any),
            (false, _, _) => quote!(optional),
        };
        quote!(#field => #wire #how)
    });
    let write_only = (!decoded).then(|| quote!(write_only));
    // A file of a multipart body is sent as its own part, never read from JSON.
    let files: Vec<&RustName> = fields.iter().filter(|f| f.ty == TypeRef::Bytes).map(|f| &f.rust_name).collect();
    let skip = (decoded && !files.is_empty()).then(|| quote!(skip { #(#files),* }));
    let nulls = nulls.field.as_ref().filter(|_| decoded).map(|name| quote!(nulls #name));
    let extra = extra.map(|name| quote!(extra #name));
    quote! {
        crate::ser::object!(#write_only #name { #(#kinds),* } #skip #nulls #extra);
    }
}
