//! Emits a struct's `Serialize`: one line, `crate::ser::object!(...)`, whose expansion (the
//! runtime's `ser.rs`) writes one call a field instead of serde's derive, which writes a `?`, a
//! length term and a skip test for every field (the crate's largest expansion, and most of its
//! compile time). The struct is written the same: its fields in order under their wire names, an
//! optional field left out when `None`, a nullable optional one `null` when its null bit is set, a
//! required nullable one always (`None` is `null`), the undocumented properties after the fields,
//! a multipart body's files not at all (each is a part of its own).

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::NullBits;
use crate::model::{Field, TypeRef};
use crate::naming::RustName;

/// `crate::ser::object!` for the struct `name` with `fields`, and the map `extra` that holds the
/// undocumented properties if it has one.
pub fn object_impl(name: &RustName, fields: &[Field], extra: Option<&RustName>, nulls: &NullBits) -> TokenStream {
    let written = fields.iter().zip(&nulls.bits).filter(|(f, _)| f.ty != TypeRef::Bytes).map(|(f, bit)| {
        let field = &f.rust_name;
        let wire = &f.wire_name;
        let how = match (f.required, bit, &nulls.field) {
            (true, _, _) => quote!(required),
            (false, Some(bit), Some(all)) => {
                let bit = proc_macro2::Literal::usize_unsuffixed(*bit);
                quote!(nullable(#all, #bit))
            }
            (false, _, _) => quote!(optional),
        };
        quote!(#field => #wire #how)
    });
    let extra = extra.map(|name| quote!(extra #name));
    quote! {
        crate::ser::object!(#name { #(#written),* } #extra);
    }
}
