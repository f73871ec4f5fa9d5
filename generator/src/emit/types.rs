//! Emits the crate's types: the shared ones in `types.rs`, an operation's own (see
//! [`Layout`]) in its module.
//!
//! Every struct and enum is `#[non_exhaustive]`, so a new field or enum value in the spec is a
//! minor change: callers build a struct with its constructor (`new`, taking the required fields)
//! and setters (one per optional field), or `Default` where every field is optional.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{client_link, Here, Layout, NullBits, Paths, Shelf};
use super::{docs, type_tokens, wire};
use crate::model::{Field, Guard, Operation, OutcomeVariant, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};
use crate::naming::{self, RustName, Scope};

/// The tokens of part `part` of `of` of `src/types.rs` (or of `src/types/unused.rs`,
/// `src/types/webhooks.rs`: see [`Shelf`]): the module's doc and imports and the first of its
/// shared types in order, or the next of them.
pub fn types_rs(layout: &Layout<'_>, shelf: Shelf, part: usize, of: usize) -> TokenStream {
    let paths = layout.at(Here::Types);
    let count = layout.shelf(shelf).count();
    let (start, end) = (part * count / of, (part + 1) * count / of);
    let defs = layout.shelf(shelf).skip(start).take(end - start).map(|def| type_def(def, layout, &paths));
    if part > 0 {
        return quote!(#(#defs)*);
    }
    let serde = serde_import(layout.shelf(shelf));
    let doc = match shelf {
        Shelf::Used => return used_types_rs(layout, serde, defs),
        Shelf::Webhooks => quote! {
            //! The types of the spec's schemas that only webhooks' payloads use (see
            //! [`crate::webhooks`]), compiled with the crate's `webhooks` feature and re-exported
            //! from [`crate::types`].
        },
        Shelf::Unused => quote! {
            //! The types of the spec's schemas that no operation takes or returns (events a server
            //! sends elsewhere, webhook payloads), compiled with the crate's `all-schemas` feature
            //! and re-exported from [`crate::types`].
        },
    };
    // The shared types of `types.rs` these name, unqualified as there, where one of them does.
    let own: std::collections::BTreeSet<&str> = layout.shelf(shelf).map(|def| def.name.as_str()).collect();
    let mut named = Vec::new();
    layout.shelf(shelf).for_each(|def| named_in(def, &mut named));
    let shared = named.iter().any(|name| layout.module_of(name.as_str()).is_none() && !own.contains(name.as_str())).then(|| {
        quote!(
            use super::*;
        )
    });
    quote! {
        #doc

        #shared

        #serde

        #(#defs)*
    }
}

/// `src/types.rs`'s first part: its doc, imports and the modules of the types behind features.
fn used_types_rs(layout: &Layout<'_>, serde: Option<TokenStream>, defs: impl Iterator<Item = TokenStream>) -> TokenStream {
    let unused_module = layout.has_unused().then(|| {
        quote! {
            #[cfg(feature = "all-schemas")]
            mod unused;

            #[cfg(feature = "all-schemas")]
            pub use self::unused::*;
        }
    });
    let webhooks_module = layout.has_webhook_types().then(|| {
        quote! {
            #[cfg(feature = "webhooks")]
            mod webhooks;

            #[cfg(feature = "webhooks")]
            pub use self::webhooks::*;
        }
    });
    quote! {
        //! The API's shared types: the resources the operations take and return.
        //!
        //! A type that only one operation uses (its body, its response, its parameter enums)
        //! lives in that operation's module instead. Unknown fields in responses are ignored and
        //! unknown enum values decode into an `Unrecognized` variant, so a newer server does not
        //! break an older client.

        #serde

        #unused_module

        #webhooks_module

        #(#defs)*
    }
}

/// The named types the definition `def` names (its fields', branches', aliased types), through
/// lists, maps, boxes and `Option`s.
fn named_in<'a>(def: &'a TypeDef, out: &mut Vec<&'a RustName>) {
    for used in def.refs() {
        let mut ty = used.ty;
        loop {
            match ty {
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => ty = inner,
                TypeRef::Named(name) | TypeRef::Id(name) => break out.push(name),
                _ => break,
            }
        }
    }
}

/// `use serde::{Deserialize, Serialize};` where one of `defs` needs it: a union implements both
/// (every other type's `Serialize` and `Deserialize` are written by the runtime's macros, which
/// name the traits in full).
pub(super) fn serde_import<'a>(mut defs: impl Iterator<Item = &'a TypeDef>) -> Option<TokenStream> {
    defs.any(|def| matches!(def.kind, TypeKind::Union { .. })).then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    })
}

/// The types of operations module `module`: its operations' own types and typed error enums.
pub fn module_types<'a>(layout: &'a Layout<'a>, module: &'a RustName) -> TokenStream {
    let paths = layout.at(Here::Module(module));
    let defs = layout.owned_by(module).map(|def| type_def(def, layout, &paths));
    let errors = layout.operations_of(module).map(|op| error_enum(op, &paths));
    quote! { #(#defs)* #(#errors)* }
}

fn type_def(def: &TypeDef, layout: &Layout, paths: &Paths) -> TokenStream {
    let doc = match &def.doc {
        Some(doc) => docs::attrs(Some(doc)),
        None => {
            let about = format!(" {}", layout.about(def));
            quote!(#[doc = #about])
        }
    };
    let name = &def.name;
    match &def.kind {
        TypeKind::Struct { fields, additional } => struct_def(def, &doc, fields, additional.as_ref(), layout, paths),
        TypeKind::Enum { variants } => {
            let decl = variants.iter().map(|v| {
                let vname = &v.rust_name;
                let doc = format!(" `{}`", v.wire);
                quote!(#[doc = #doc] #vname,)
            });
            let mapping = variants.iter().map(|Variant { wire, rust_name }| quote!(#rust_name => #wire));
            quote! {
                #doc
                #[derive(Debug, Clone)]
                #[non_exhaustive]
                pub enum #name {
                    #(#decl)*
                    /// A value this version of the crate does not know (its text is
                    /// [`UnknownValue::as_str`](crate::UnknownValue::as_str)); a later version may
                    /// decode it into a variant of its own, so match it with `_`, not by its text.
                    Unrecognized(crate::UnknownValue),
                }

                crate::enums::string_enum!(#name { #(#mapping),* });
            }
        }
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, paths);
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
        TypeKind::Union { variants, tag } => union(name, &doc, variants, tag.as_deref(), paths),
        TypeKind::Outcome { variants } => {
            let decl = variants.iter().map(|OutcomeVariant { name: vname, status, ty }| {
                let doc = format!(" `{status}`");
                match ty {
                    Some(ty) => {
                        let ty = type_tokens(ty, paths);
                        quote!(#[doc = #doc] #vname(#ty),)
                    }
                    None => quote!(#[doc = #doc] #vname,),
                }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#decl)*
                    /// Another success status, with its raw body.
                    Other(u16, bytes::Bytes),
                }
            }
        }
    }
}

/// A struct: its declaration, its `Serialize` and (unless only its builder fills it in)
/// `Deserialize` lines, and for those callers build, `new`, its setters and `Default`.
fn struct_def(def: &TypeDef, doc: &TokenStream, fields: &[Field], additional: Option<&TypeRef>, layout: &Layout, paths: &Paths) -> TokenStream {
    let name = &def.name;
    let fields_tokens = fields.iter().map(|f| field(f, paths));
    let extra_name = extra_name(fields);
    let extra = additional.as_ref().map(|ty| {
        let ty = type_tokens(ty, paths);
        quote! {
            /// Properties beyond the documented ones.
            pub #extra_name: std::collections::BTreeMap<String, #ty>,
        }
    });
    // An inline body that only its builder fills in is the builder's business.
    let (vis, non_exhaustive) =
        if layout.is_hidden(def.name.as_str()) { (TokenStream::new(), TokenStream::new()) } else { (quote!(pub), quote!(#[non_exhaustive])) };
    let nulls = layout.null_bits(fields, additional.as_ref().map(|_| &extra_name));
    let nulls_decl = nulls.field.as_ref().map(|name| {
        quote! {
            /// Which optional fields hold `null` rather than being left out (see `is_null`).
            pub(crate) #name: crate::ser::Nulls,
        }
    });
    // A body only its builder fills in is never read: nobody asks it.
    let is_null = (!layout.is_hidden(def.name.as_str())).then(|| is_null_method(name, fields, &nulls)).flatten();
    let built = layout.is_built(def.name.as_str());
    // `Default` is `new()`: derived, unless a field is fixed to a value `new` writes.
    let all_optional = built && fields.iter().all(|f| !f.required || f.fixed.is_some());
    let fixed = fields.iter().any(|f| f.fixed.is_some());
    let default = (all_optional && !fixed).then(|| quote!(Default,));
    let default_impl = (all_optional && fixed).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let constructor = built.then(|| constructor(def, fields, additional.map(|ty| (&extra_name, ty)), &nulls, paths));
    // Written and read by the runtime's `ser.rs` and `de.rs` (see `wire`), not serde's derive; a
    // body only its builder fills in is never read.
    let hidden = layout.is_hidden(def.name.as_str());
    let wire = wire::object_impl(name, fields, additional.map(|_| &extra_name), &nulls, !hidden, |ty| layout.is_any_json(ty));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #non_exhaustive
        #vis struct #name {
            #(#fields_tokens)*
            #extra
            #nulls_decl
        }

        #wire
        #constructor
        #default_impl
        #is_null
    }
}

/// A union: an enum of its branches and `Unrecognized`, decoded by the runtime's `union.rs`
/// (the first branch whose guards the value passes and that keeps all of it), encoded as the
/// branch is, with the tag a discriminator needs where the branch's type leaves it out.
fn union(name: &RustName, doc: &TokenStream, variants: &[UnionVariant], tag: Option<&str>, paths: &Paths) -> TokenStream {
    let decl = variants.iter().map(|v| union_variant(&v.name, &v.ty, paths));
    let conversions = union_conversions(name, variants, paths);
    let tries: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let vname = &v.name;
            let guards = v.guards.iter().map(|g| match g {
                Guard::Strings(values) => quote!(crate::union::Guard::Strings(&[#(#values),*])),
                Guard::Property { name, values, required } => quote!(crate::union::Guard::Property(#name, &[#(#values),*], #required)),
                Guard::Otherwise { name, others } => quote!(crate::union::Guard::Otherwise(#name, &[#(#others),*])),
            });
            quote!(pick.branch(&[#(#guards),*], Self::#vname);)
        })
        .collect();
    let writes = variants.iter().map(|v| {
        let vname = &v.name;
        match (&v.adds_tag, tag) {
            (Some(value), Some(property)) => quote!(Self::#vname(value) => crate::union::tagged(value, #property, #value, serializer),),
            _ => quote!(Self::#vname(value) => value.serialize(serializer),),
        }
    });
    let (about, unrecognized_doc) = match tag {
        Some(property) => (
            format!(" Chosen by the `{property}` property; an unknown value decodes into `Unrecognized`."),
            format!(" A value whose `{property}` this version of the crate does not know."),
        ),
        None => (
            " Chosen by shape: the first branch that keeps all of the value.".to_string(),
            " A value that matches none of the documented shapes.".to_string(),
        ),
    };
    quote! {
        #doc
        #[doc = ""]
        #[doc = #about]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#decl)*
            #[doc = #unrecognized_doc]
            Unrecognized(serde_json::Value),
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#writes)*
                    Self::Unrecognized(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut pick = crate::union::Pick::new(serde_json::Value::deserialize(deserializer)?);
                #(#tries)*
                pick.finish(Self::Unrecognized).map_err(serde::de::Error::custom)
            }
        }

        #conversions
    }
}

/// The `From` conversions of a union: from each branch's type (a value of a named type, a
/// `String` and a `&str`, an integer of either width, a float, a `bool`, a list, a map, any JSON),
/// so that a setter taking the union takes what the caller has (`"text"`, `3`, `true`); and,
/// where no branch is any JSON, from a `serde_json::Value`, decoded as the union decodes what a
/// server sends (`json!(..)` for a map of such unions, as far as Rust allows: `[("rank",
/// json!(3))]`).
fn union_conversions(name: &RustName, variants: &[UnionVariant], paths: &Paths) -> TokenStream {
    let layout = paths.layout();
    // (the source type's text, the impl): exact types first, then the conveniences, each source
    // once (two branches of one type: the first).
    let mut impls: Vec<(String, TokenStream)> = Vec::new();
    let add = |source: TokenStream, body: TokenStream, impls: &mut Vec<(String, TokenStream)>| {
        let key = source.to_string();
        if !impls.iter().any(|(k, _)| *k == key) {
            impls.push((
                key,
                quote! {
                    impl From<#source> for #name {
                        fn from(value: #source) -> Self {
                            #body
                        }
                    }
                },
            ));
        }
    };
    let has_integer = variants.iter().any(|v| matches!(layout.resolved(&v.ty), TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64));
    let mut conveniences = Vec::new();
    for v in variants {
        let vname = &v.name;
        // A branch that is the union itself (through a box) is `From<T> for T`, which std has.
        let inner = match &v.ty {
            TypeRef::Boxed(inner) => &**inner,
            other => other,
        };
        if matches!(inner, TypeRef::Named(n) if n == name) || matches!(v.ty, TypeRef::Nullable(_)) {
            continue;
        }
        let source = type_tokens(inner, paths);
        let wrap = match &v.ty {
            TypeRef::Boxed(_) => quote!(Self::#vname(Box::new(value))),
            _ => quote!(Self::#vname(value)),
        };
        add(source, wrap, &mut impls);
        match layout.resolved(inner) {
            TypeRef::String => conveniences.push((quote!(&str), quote!(Self::#vname(value.into())))),
            TypeRef::I64 => conveniences.push((quote!(i32), quote!(Self::#vname(value.into())))),
            TypeRef::F64 => {
                conveniences.push((quote!(f32), quote!(Self::#vname(value.into()))));
                if !has_integer {
                    conveniences.push((quote!(i32), quote!(Self::#vname(value.into()))));
                }
            }
            _ => {}
        }
    }
    for (source, body) in conveniences {
        add(source, body, &mut impls);
    }
    let any = variants.iter().any(|v| matches!(layout.resolved(&v.ty), TypeRef::Json));
    if !any {
        add(
            quote!(serde_json::Value),
            quote! {
                match Self::deserialize(&value) {
                    Ok(decoded) => decoded,
                    Err(_) => Self::Unrecognized(value),
                }
            },
            &mut impls,
        );
    }
    let impls = impls.into_iter().map(|(_, i)| i);
    quote!(#(#impls)*)
}

fn union_variant(vname: &RustName, ty: &TypeRef, paths: &Paths) -> TokenStream {
    let tokens = type_tokens(ty, paths);
    let doc = match ty {
        TypeRef::Named(_) => format!(" A [`{}`].", tokens.to_string().replace(' ', "")),
        _ => format!(" The `{vname}` shape."),
    };
    let ty = tokens;
    quote!(#[doc = #doc] #vname(#ty),)
}

/// `is_null`, for a struct with optional nullable fields: whether one of them was `null` rather
/// than left out (both read as `None`).
fn is_null_method(name: &RustName, fields: &[Field], nulls: &NullBits) -> Option<TokenStream> {
    let all = nulls.field.as_ref()?;
    // A field named `is_null` keeps its name; the method takes another.
    let method =
        if fields.iter().any(|f| f.rust_name == "is_null") { crate::naming::fixed("property_is_null") } else { crate::naming::fixed("is_null") };
    let arms = fields.iter().zip(&nulls.bits).filter_map(|(f, bit)| {
        let bit = proc_macro2::Literal::usize_unsuffixed((*bit)?);
        let wire = &f.wire_name;
        Some(quote!(#wire => self.#all.get(#bit),))
    });
    Some(quote! {
        impl #name {
            /// Whether the optional property `property` (its name on the wire) holds `null`
            /// rather than being left out: both read as `None`. Set when a value read has `null`
            /// there, and by the property's `clear_*` setter; what is written is what was read.
            pub fn #method(&self, property: &str) -> bool {
                match property {
                    #(#arms)*
                    _ => false,
                }
            }
        }
    })
}

/// The constructor (`new`, taking the required fields) and the setters (one per optional field)
/// of a struct that callers build.
fn constructor(def: &TypeDef, fields: &[Field], extra: Option<(&RustName, &TypeRef)>, nulls: &NullBits, paths: &Paths) -> TokenStream {
    let name = &def.name;
    let mut scope = Scope::with_reserved(naming::STRUCT_METHODS);
    let setters: Vec<Option<RustName>> =
        fields.iter().map(|f| (!f.required && f.fixed.is_none()).then(|| scope.unique(f.rust_name.clone()))).collect();
    let extra_setter = extra.map(|(field, ty)| {
        let setter = scope.unique(field.clone());
        let ty = type_tokens(ty, paths);
        quote! {
            /// Properties beyond the documented ones.
            pub fn #setter(mut self, value: impl Into<std::collections::BTreeMap<String, #ty>>) -> Self {
                self.#field = value.into();
                self
            }
        }
    });
    let args = fields.iter().filter(|f| f.required && f.fixed.is_none()).map(|f| {
        let arg = &f.rust_name;
        let (ty, _) = conversion(&f.ty, f.nullable, paths, &quote!(#arg), &struct_object);
        quote!(#arg: #ty)
    });
    let inits = fields.iter().map(|f| {
        let field = &f.rust_name;
        if let Some(init) = fixed_init(f, paths) {
            init
        } else if f.required {
            let (_, value) = conversion(&f.ty, f.nullable, paths, &quote!(#field), &struct_object);
            // The argument as it is (an unsigned integer): the field's shorthand.
            match value.to_string() == quote!(#field).to_string() {
                true => quote!(#field,),
                false => quote!(#field: #value,),
            }
        } else {
            quote!(#field: None,)
        }
    });
    let extra = extra.map(|(e, _)| quote!(#e: std::collections::BTreeMap::new(),));
    let nulls_init = nulls.field.as_ref().map(|name| quote!(#name: Default::default(),));
    let methods = fields.iter().zip(&setters).filter_map(|(f, setter)| Some((f, setter.as_ref()?))).map(|(f, setter_ident)| {
        let field = &f.rust_name;
        let (ty, value) = conversion(&f.ty, false, paths, &quote!(value), &struct_object);
        let panics = matches!(paths.layout().resolved(&f.ty), TypeRef::JsonObject).then_some("# Panics\n\nWhen `value` is not a JSON object.");
        let doc = docs::attrs(docs::join(&[Some(&field_doc(f)), panics]).as_deref());
        let target = quote!(self.#field);
        let clear = f.nullable.then(|| Clear {
            name: scope.unique(setter_ident.prefixed("clear_")),
            doc: format!(" Sends `{}: null` (see [`Self::{}`]).", f.wire_name, setter_ident.as_str()),
            attrs: TokenStream::new(),
            // An optional nullable field: `null` is a bit of the struct's `Nulls`.
            null_bit: nulls.of(fields, field).zip(nulls.field.as_ref()).map(|(bit, all)| (quote!(self.#all), bit)),
        });
        setter(Setter { attrs: doc, name: setter_ident, ty, target, value, clear })
    });
    let new_doc = if fields.iter().any(|f| f.required && f.fixed.is_none()) {
        " A value with the required fields; set the optional ones with the methods of their names."
    } else {
        " A value with no field set; set them with the methods of their names."
    };
    quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#args),*) -> Self {
                #name {
                    #(#inits)*
                    #extra
                    #nulls_init
                }
            }

            #(#methods)*

            #extra_setter
        }
    }
}

/// The setter of an optional field (a struct's, or a request builder's input): `name(value)`
/// sets `target` to `Some(value)`, `value` taking `ty`; with `clear`, the field may be `null`.
pub(super) struct Setter<'a> {
    /// Its documentation and attributes.
    pub attrs: TokenStream,
    pub name: &'a RustName,
    /// What it takes.
    pub ty: TokenStream,
    /// Where the value goes (`self.field`, `self.body.field`).
    pub target: TokenStream,
    /// The field's value, made of the argument `value`.
    pub value: TokenStream,
    /// For a nullable field, the setter that sends `null`.
    pub clear: Option<Clear>,
}

/// The `clear_` setter of a nullable optional field: sends `null`.
pub(super) struct Clear {
    pub name: RustName,
    /// Its documentation's one line.
    pub doc: String,
    /// Its attributes after the documentation (`#[deprecated]`).
    pub attrs: TokenStream,
    /// The `Nulls` that says the field holds `null` (`self.nulls`), and its bit: unset by the
    /// setter, set by `clear_`. Without one, `None` is `null`.
    pub null_bit: Option<(TokenStream, usize)>,
}

/// The one shape of every optional field's setter, and of its `clear_` where `null` can be sent
/// (a struct's, see [`constructor`], and a request builder's, see `operations::setters`).
pub(super) fn setter(s: Setter<'_>) -> TokenStream {
    let Setter { attrs, name, ty, target, value, clear } = s;
    let Some(Clear { name: clear, doc: clear_doc, attrs: clear_attrs, null_bit }) = clear else {
        return quote! {
            #attrs
            pub fn #name(mut self, value: #ty) -> Self {
                #target = Some(#value);
                self
            }
        };
    };
    let (set, unset) = match null_bit {
        Some((all, bit)) => (quote!(#all.set(#bit, false);), quote!(#all.set(#bit, true);)),
        None => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        #attrs
        pub fn #name(mut self, value: #ty) -> Self {
            #target = Some(#value);
            #set
            self
        }

        #[doc = #clear_doc]
        #clear_attrs
        pub fn #clear(mut self) -> Self {
            #target = None;
            #unset
            self
        }
    }
}

/// What a constructor argument or setter (a struct's, or a request builder's) for a value of type
/// `ty` takes, and the expression that makes the field's value of it (`value`): the one rule of
/// every setter of the crate — a list from anything iterable of what converts into its items
/// (`["a", "b"]`), a map from pairs, a free-form object from any `Serialize` JSON object
/// (`json!({..})`, a map, a struct of the caller's; made an object by `object`), an unsigned
/// integer by its own type (so that a literal compiles), anything else by `Into`. `nullable`: a
/// required field that may be `null` (`None` is `null`).
pub(super) fn conversion(
    ty: &TypeRef,
    nullable: bool,
    paths: &Paths,
    value: &TokenStream,
    object: &dyn Fn(TokenStream) -> TokenStream,
) -> (TokenStream, TokenStream) {
    let layout = paths.layout();
    match layout.resolved(ty) {
        TypeRef::JsonObject if !nullable => (quote!(impl serde::Serialize), object(value.clone())),
        TypeRef::Vec(item) if !nullable => match layout.resolved(item) {
            TypeRef::JsonObject => {
                // A function of the item alone is passed as it is (no closure for clippy to see).
                let each = match object(quote!(item)).to_string() == struct_object(quote!(item)).to_string() {
                    true => quote!(crate::ser::object_of),
                    false => {
                        let each = object(quote!(item));
                        quote!(|item| #each)
                    }
                };
                (quote!(impl IntoIterator<Item = impl serde::Serialize>), quote!(#value.into_iter().map(#each).collect()))
            }
            _ => {
                let item = type_tokens(item, paths);
                (quote!(impl IntoIterator<Item = impl Into<#item>>), quote!(#value.into_iter().map(Into::into).collect()))
            }
        },
        TypeRef::Map(item) if !nullable => {
            let item = type_tokens(item, paths);
            (
                quote!(impl IntoIterator<Item = (impl Into<String>, impl Into<#item>)>),
                quote!(#value.into_iter().map(|(key, item)| (key.into(), item.into())).collect()),
            )
        }
        // An unsigned integer by its own type: `impl Into<u32>` would not take a literal (`10`
        // falls back to `i32`, which does not convert).
        TypeRef::U32 | TypeRef::U64 if !nullable => (type_tokens(ty, paths), value.clone()),
        _ => {
            let ty = type_tokens(ty, paths);
            match nullable {
                true => (quote!(impl Into<Option<#ty>>), quote!(#value.into())),
                false => (quote!(impl Into<#ty>), quote!(#value.into())),
            }
        }
    }
}

/// A struct's free-form object from what its setter was given (a non-object panics: see
/// `ser::object_of`).
fn struct_object(value: TokenStream) -> TokenStream {
    quote!(crate::ser::object_of(#value))
}

/// The initializer of a field fixed to one value (`type: kind::other("abort")`): every value a
/// caller builds sends it, required or not.
pub fn fixed_init(f: &Field, paths: &Paths) -> Option<TokenStream> {
    let value = f.fixed.as_deref()?;
    let field = &f.rust_name;
    let ty = type_tokens(&f.ty, paths);
    Some(match f.required {
        true => quote!(#field: <#ty>::other(#value),),
        false => quote!(#field: Some(<#ty>::other(#value)),),
    })
}

/// The typed error bodies of an operation that documents its own: an enum by status, read from
/// an [`ApiError`](crate::ApiError).
fn error_enum(op: &Operation, paths: &Paths) -> Option<TokenStream> {
    let name = op.error_type.as_ref()?;
    let link = client_link(op);
    let doc = format!(" The error bodies {link} documents, by status: read one from a failed call with [`Self::from_api`].");
    let variants = op.errors.iter().map(|e| {
        let vname = &e.variant;
        let ty = type_tokens(&e.ty, paths);
        let status = if e.status == "default" { "Any other status".to_string() } else { format!("`{}`", e.status) };
        let doc = match &e.doc {
            Some(doc) => format!("{status}: {}", doc.trim()),
            None => format!("{status}."),
        };
        let doc = docs::attrs(Some(&doc));
        quote!(#doc #vname(#ty),)
    });
    // Exact statuses first, then ranges, then `default`.
    let mut arms: Vec<(u8, TokenStream)> = op
        .errors
        .iter()
        .map(|e| {
            let vname = &e.variant;
            let decode = quote!(error.body_as().map(Self::#vname));
            match e.status.as_str() {
                "default" => (2, quote!(_ => #decode,)),
                range if range.ends_with("XX") => {
                    let first: u16 = range[..1].parse().unwrap_or(0) * 100;
                    let (lo, hi) = (proc_macro2::Literal::u16_unsuffixed(first), proc_macro2::Literal::u16_unsuffixed(first + 99));
                    (1, quote!(#lo..=#hi => #decode,))
                }
                code => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code.parse().unwrap_or(0));
                    (0, quote!(#code => #decode,))
                }
            }
        })
        .collect();
    arms.sort_by_key(|(rank, _)| *rank);
    let fallback = (!op.errors.iter().any(|e| e.status == "default")).then(|| quote!(_ => None,));
    let arms = arms.into_iter().map(|(_, arm)| arm);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The body of `error` as the type its status documents: `None` when the operation
            /// documents no body for that status, or the body is not of that type (see
            /// [`ApiError::raw_body`](crate::ApiError::raw_body)).
            pub fn from_api(error: &crate::ApiError) -> Option<Self> {
                match error.status().as_u16() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    })
}

/// A struct's field. How it goes on the wire is the business of its struct's `ser::object!`
/// line (see `wire`).
fn field(f: &Field, paths: &Paths) -> TokenStream {
    let doc = docs::attrs(Some(&field_doc(f)));
    let name = &f.rust_name;
    let ty = type_tokens(&f.ty, paths);
    let ty = match (f.required, f.nullable) {
        (true, false) => ty,
        // Always sent; `None` is `null`.
        (true, true) | (false, false) => quote!(Option<#ty>),
        // Left out or `null` (`None`: the struct's `is_null` tells which), or a value.
        (false, true) => quote!(Option<#ty>),
    };
    quote! { #doc pub #name: #ty, }
}

/// A field's documentation, with a note when it is deprecated (a generated sentence when the
/// spec has none).
pub fn field_doc(f: &Field) -> String {
    let deprecated = f.deprecated.then_some("**Deprecated.**");
    docs::join(&[deprecated, f.doc.as_deref()]).unwrap_or_else(|| format!("The `{}` property.", f.wire_name))
}

/// The null bits of the struct `ty` names (an inline body, say), as its definition lays them out.
pub fn null_bits_of(layout: &Layout<'_>, ty: &TypeRef) -> Option<NullBits> {
    let TypeRef::Named(name) = ty else { return None };
    let TypeKind::Struct { fields, additional } = &layout.def(name.as_str())?.kind else { return None };
    let extra = extra_name(fields);
    Some(layout.null_bits(fields, additional.as_ref().map(|_| &extra)))
}

fn extra_name(fields: &[Field]) -> RustName {
    let mut name = "additional_properties".to_string();
    while fields.iter().any(|f| f.rust_name == name.as_str()) {
        name.push('_');
    }
    naming::fixed(&name)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// `types/unused.rs` of a spec whose unused schemas are `unused` (YAML of `components/schemas`
    /// beside `User`, which an operation returns).
    fn unused_rs(unused: &str) -> String {
        let spec = format!(
            r#"
openapi: 3.0.3
info: {{title: T, version: '1'}}
paths:
  /user:
    get:
      operationId: getUser
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/User'}}
components:
  schemas:
    User:
      type: object
      properties: {{name: {{type: string}}}}
{unused}"#
        );
        let doc = crate::load::parse(Path::new("t.yaml"), spec).unwrap();
        let api = crate::model::build(&doc).unwrap().0;
        let layout = Layout::new(&api);
        assert!(layout.has_unused());
        types_rs(&layout, Shelf::Unused, 0, 1).to_string()
    }

    #[test]
    fn unused_types_import_the_shared_ones_only_when_they_name_one() {
        let naming_user =
            unused_rs("    UserEvent:\n      type: object\n      properties: {user: {type: array, items: {$ref: '#/components/schemas/User'}}}\n");
        assert!(naming_user.contains("use super :: * ;"), "{naming_user}");
        let alone = unused_rs("    Ping:\n      type: object\n      properties: {at: {type: string}}\n");
        assert!(!alone.contains("use super"), "{alone}");
    }
}
