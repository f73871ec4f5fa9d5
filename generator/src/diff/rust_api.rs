//! The generated Rust API of each side, and what changed in it.
//!
//! The generated code is the ground truth: both crates are generated in memory, their public
//! files (`lib.rs`, `types.rs`, `types/unused.rs` and `types/webhooks.rs`, `operations/*.rs`,
//! `webhooks.rs`) are parsed with `syn`,
//! and every public item becomes a signature — structs with their public fields, enums with their
//! variants, type aliases, constants, and the methods of `impl` blocks (the `Client` methods of
//! every module are members of `Client`). The fixed runtime files are the same on both sides and are left out.
//!
//! Changes are classed by the semver bump they need: a removed or changed item, field, variant or
//! method is **major**; an added one **minor** (but a field added to a struct that callers build
//! themselves — one that a `Client` method or a setter takes — is major unless the struct is
//! `#[non_exhaustive]`, as their struct literals no longer compile, and a variant added to an enum
//! that is not `#[non_exhaustive]` is major, as their matches no longer compile); a change to
//! documentation only is **patch**. The generator makes every struct and enum `#[non_exhaustive]`
//! and gives the structs callers build a constructor (`new`, the required fields) and setters, so
//! a new optional field is a field and a setter (minor) and a new required one changes `new`
//! (major), as the compiler would have it.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use serde::Serialize;

/// The semver bump a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// Additions.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// How the bump is written in reports.
    pub fn label(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// What happened to an item or a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// It is gone.
    Removed,
    /// It has a new name (and the same shape).
    Renamed,
    /// Its signature changed.
    Changed,
    /// It is new.
    Added,
    /// Its documentation changed.
    Documentation,
}

/// One change of the generated Rust API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustChange {
    /// The bump it needs.
    pub bump: Bump,
    /// What happened.
    pub kind: Kind,
    /// The item: `types::User`, `types::User.name` (a field), `Client::get_user` (a method),
    /// `types::Status::Active` (a variant).
    pub item: String,
    /// Its old signature.
    pub old: Option<String>,
    /// Its new signature.
    pub new: Option<String>,
    /// Why it needs that bump.
    pub reason: String,
}

/// The public API of one generated crate.
#[derive(Debug, Clone, Default)]
pub struct RustApi {
    items: IndexMap<String, Item>,
    /// Items that callers build themselves: reachable from what a method takes.
    constructed: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Item {
    /// `struct`, `enum`, `type`, `const`, `fn`.
    kind: &'static str,
    signature: String,
    /// For a constant: its value.
    value: Option<String>,
    /// The module that defines it, when the path shown is a re-export.
    module: Option<String>,
    derives: Vec<String>,
    doc: String,
    deprecated: bool,
    non_exhaustive: bool,
    /// A struct whose fields are all public: callers can build it with a literal.
    literal: bool,
    members: IndexMap<String, Member>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Member {
    /// `field`, `variant` or `method`.
    kind: &'static str,
    signature: String,
    doc: String,
    deprecated: bool,
}

enum Scope {
    Root,
    Types,
    Operations(String),
    Webhooks,
}

impl RustApi {
    /// The public API of the generated files `(path, contents)`.
    pub fn collect(files: &[(String, String)]) -> Result<RustApi, String> {
        let mut api = RustApi::default();
        // Type name → its key (types of `types.rs` and of the operations modules).
        let mut type_names = IndexMap::new();
        // Idents that methods take, and the idents each item's shape mentions.
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut mentions: IndexMap<String, BTreeSet<String>> = IndexMap::new();
        for (path, contents) in files {
            let scope = match path.as_str() {
                "src/lib.rs" => Scope::Root,
                // The types no operation reaches are `types::*` too (with the `all-schemas` feature).
                "src/types.rs" | "src/types/unused.rs" | "src/types/webhooks.rs" => Scope::Types,
                // The webhooks' `Event`: a variant removed breaks a receiver's `match`.
                "src/webhooks.rs" => Scope::Webhooks,
                p if p.starts_with("src/operations/") && p.ends_with(".rs") && p != "src/operations/mod.rs" => {
                    Scope::Operations(p.trim_start_matches("src/operations/").trim_end_matches(".rs").to_string())
                }
                _ => continue,
            };
            let file = syn::parse_file(contents).map_err(|e| format!("{path}: {e}"))?;
            for item in &file.items {
                api.item(&scope, item, &mut type_names, &mut taken, &mut mentions);
            }
        }
        // Close over what constructed types contain.
        let mut todo: Vec<&String> = taken.iter().filter_map(|t| type_names.get(t)).collect();
        let mut constructed = BTreeSet::new();
        while let Some(key) = todo.pop() {
            if constructed.insert(key.clone()) {
                todo.extend(mentions.get(key).into_iter().flatten().filter_map(|m| type_names.get(m)));
            }
        }
        api.constructed = constructed;
        Ok(api)
    }

    fn key(scope: &Scope, name: &str) -> (String, Option<String>) {
        match scope {
            Scope::Root => (name.to_string(), None),
            Scope::Types => (format!("types::{name}"), None),
            Scope::Operations(_) if name == "Client" || name == "ClientBuilder" => (name.to_string(), None),
            Scope::Operations(m) => (format!("operations::{name}"), Some(format!("operations::{m}"))),
            Scope::Webhooks => (format!("webhooks::{name}"), None),
        }
    }

    fn item(
        &mut self,
        scope: &Scope,
        item: &syn::Item,
        type_names: &mut IndexMap<String, String>,
        taken: &mut BTreeSet<String>,
        mentions: &mut IndexMap<String, BTreeSet<String>>,
    ) {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => self.struct_item(scope, s, type_names, mentions),
            syn::Item::Enum(e) if is_pub(&e.vis) => self.enum_item(scope, e, type_names, mentions),
            syn::Item::Type(t) if is_pub(&t.vis) => {
                let name = t.ident.to_string();
                let (key, module) = Self::key(scope, &name);
                if matches!(scope, Scope::Types | Scope::Operations(_)) {
                    type_names.insert(name.clone(), key.clone());
                }
                mentions.insert(key.clone(), idents(&t.ty.to_token_stream()));
                // Without its attributes (syn is built without `Clone`: go through tokens).
                let (vis, ident, generics, ty) = (&t.vis, &t.ident, &t.generics, &t.ty);
                let plain: syn::ItemType = syn::parse_quote!(#vis type #ident #generics = #ty;);
                let entry = Item {
                    kind: "type",
                    signature: one_line(&unparse(syn::Item::Type(plain))),
                    module,
                    doc: doc(&t.attrs),
                    deprecated: deprecated(&t.attrs),
                    ..Item::default()
                };
                self.merge(key, entry);
            }
            syn::Item::Const(c) if is_pub(&c.vis) => {
                let name = c.ident.to_string();
                let (key, module) = Self::key(scope, &name);
                let signature = format!("pub const {name}: {}", pretty_type(&c.ty));
                let value = Some(one_line(&c.expr.to_token_stream().to_string()));
                let entry = Item { kind: "const", signature, value, module, doc: doc(&c.attrs), deprecated: deprecated(&c.attrs), ..Item::default() };
                self.merge(key, entry);
            }
            syn::Item::Fn(f) if is_pub(&f.vis) => {
                let name = f.sig.ident.to_string();
                let (key, module) = Self::key(scope, &name);
                let entry = Item {
                    kind: "fn",
                    signature: signature(&f.vis, &f.sig),
                    module,
                    doc: doc(&f.attrs),
                    deprecated: deprecated(&f.attrs),
                    ..Item::default()
                };
                self.merge(key, entry);
            }
            syn::Item::Impl(i) if i.trait_.is_none() => self.impl_methods(scope, i, taken),
            _ => {}
        }
    }

    fn struct_item(
        &mut self,
        scope: &Scope,
        s: &syn::ItemStruct,
        type_names: &mut IndexMap<String, String>,
        mentions: &mut IndexMap<String, BTreeSet<String>>,
    ) {
        let name = s.ident.to_string();
        let (key, module) = Self::key(scope, &name);
        if matches!(scope, Scope::Types | Scope::Operations(_)) {
            type_names.insert(name.clone(), key.clone());
        }
        let mut members = IndexMap::new();
        let mut all_pub = matches!(s.fields, syn::Fields::Named(_));
        let mut seen = BTreeSet::new();
        for f in &s.fields {
            seen.extend(idents(&f.ty.to_token_stream()));
            if !is_pub(&f.vis) {
                all_pub = false;
                continue;
            }
            let fname = f.ident.as_ref().map(ToString::to_string).unwrap_or_default();
            let signature = format!("{fname}: {}", pretty_type(&f.ty));
            // Keyed `.name`: a setter may have the field's name.
            members.insert(format!(".{fname}"), Member { kind: "field", signature, doc: doc(&f.attrs), deprecated: deprecated(&f.attrs) });
        }
        mentions.insert(key.clone(), seen);
        let entry = Item {
            kind: "struct",
            signature: format!("pub struct {name}"),
            module,
            derives: derives(&s.attrs),
            doc: doc(&s.attrs),
            deprecated: deprecated(&s.attrs),
            non_exhaustive: non_exhaustive(&s.attrs),
            literal: all_pub,
            members,
            value: None,
        };
        self.merge(key, entry);
    }

    fn enum_item(
        &mut self,
        scope: &Scope,
        e: &syn::ItemEnum,
        type_names: &mut IndexMap<String, String>,
        mentions: &mut IndexMap<String, BTreeSet<String>>,
    ) {
        let name = e.ident.to_string();
        let (key, module) = Self::key(scope, &name);
        if matches!(scope, Scope::Types | Scope::Operations(_)) {
            type_names.insert(name.clone(), key.clone());
        }
        let mut members = IndexMap::new();
        let mut seen = BTreeSet::new();
        for v in &e.variants {
            seen.extend(idents(&v.fields.to_token_stream()));
            let vname = v.ident.to_string();
            let fields = match &v.fields {
                syn::Fields::Unit => String::new(),
                syn::Fields::Unnamed(f) => {
                    format!("({})", f.unnamed.iter().map(|f| pretty_type(&f.ty)).collect::<Vec<_>>().join(", "))
                }
                syn::Fields::Named(f) => format!(
                    " {{ {} }}",
                    f.named
                        .iter()
                        .map(|f| format!("{}: {}", f.ident.as_ref().map(ToString::to_string).unwrap_or_default(), pretty_type(&f.ty)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            members.insert(
                vname.clone(),
                Member { kind: "variant", signature: format!("{vname}{fields}"), doc: doc(&v.attrs), deprecated: deprecated(&v.attrs) },
            );
        }
        mentions.insert(key.clone(), seen);
        let entry = Item {
            kind: "enum",
            signature: format!("pub enum {name}"),
            module,
            derives: derives(&e.attrs),
            doc: doc(&e.attrs),
            deprecated: deprecated(&e.attrs),
            non_exhaustive: non_exhaustive(&e.attrs),
            members,
            ..Item::default()
        };
        self.merge(key, entry);
    }

    /// The public methods of an inherent `impl`, as members of its type (a placeholder item when
    /// the type has not been seen yet); the types its arguments name are `taken`.
    fn impl_methods(&mut self, scope: &Scope, i: &syn::ItemImpl, taken: &mut BTreeSet<String>) {
        let syn::Type::Path(self_ty) = &*i.self_ty else { return };
        let Some(last) = self_ty.path.segments.last() else { return };
        let name = last.ident.to_string();
        let (key, module) = Self::key(scope, &name);
        let entry =
            self.items.entry(key).or_insert_with(|| Item { kind: "struct", signature: format!("pub struct {name}"), module, ..Item::default() });
        for it in &i.items {
            let syn::ImplItem::Fn(f) = it else { continue };
            if !is_pub(&f.vis) {
                continue;
            }
            for input in &f.sig.inputs {
                if let syn::FnArg::Typed(arg) = input {
                    taken.extend(idents(&arg.ty.to_token_stream()));
                }
            }
            let mname = f.sig.ident.to_string();
            entry
                .members
                .insert(mname, Member { kind: "method", signature: signature(&f.vis, &f.sig), doc: doc(&f.attrs), deprecated: deprecated(&f.attrs) });
        }
    }

    /// Adds an item; an `impl` seen first has left a placeholder with its methods.
    fn merge(&mut self, key: String, mut item: Item) {
        if let Some(existing) = self.items.shift_remove(&key) {
            for (k, m) in existing.members {
                item.members.entry(k).or_insert(m);
            }
        }
        self.items.insert(key, item);
    }

    /// Number of public items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no public items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn idents(tokens: &TokenStream) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in tokens.clone() {
        match t {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => out.extend(idents(&g.stream())),
            _ => {}
        }
    }
    out
}

/// An item's documentation, without the `# Example` a generated method carries: it is made from
/// the signature, whose change is reported already.
fn doc(attrs: &[syn::Attribute]) -> String {
    let mut out = Vec::new();
    for a in attrs {
        if !a.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(nv) = &a.meta {
            if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value {
                out.push(s.value());
            }
        }
    }
    let lines: Vec<String> = out.join("\n").lines().map(str::to_string).collect();
    let mut kept = Vec::new();
    let mut in_example = false;
    let mut fences = 0;
    for line in lines {
        if line.trim() == "# Example" {
            in_example = true;
            fences = 0;
            continue;
        }
        if in_example {
            if line.trim_start().starts_with("```") {
                fences += 1;
                in_example = fences < 2;
            }
            continue;
        }
        kept.push(line);
    }
    kept.join("\n").trim_end().to_string()
}

fn deprecated(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("deprecated"))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for a in attrs {
        if a.path().is_ident("derive") {
            let _ = a.parse_nested_meta(|m| {
                out.push(m.path.to_token_stream().to_string().replace(' ', ""));
                Ok(())
            });
        }
    }
    out
}

fn unparse(item: syn::Item) -> String {
    prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: vec![item] })
}

/// Collapses formatted code onto one line: `f(\n    a,\n) -> T` → `f(a) -> T`.
fn one_line(code: &str) -> String {
    let joined = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let joined = joined.trim_end_matches(';');
    joined
        .replace("( ", "(")
        .replace(", )", ")")
        .replace(" )", ")")
        .replace(",)", ")")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ::", "::")
        .replace(":: ", "::")
}

fn pretty_type(ty: &syn::Type) -> String {
    let item: syn::ItemType = syn::parse_quote!(type T = #ty;);
    let text = one_line(&unparse(syn::Item::Type(item)));
    text.trim_start_matches("type T = ").to_string()
}

fn signature(vis: &syn::Visibility, sig: &syn::Signature) -> String {
    let f: syn::ItemFn = syn::parse_quote!(#vis #sig {});
    one_line(&unparse(syn::Item::Fn(f))).trim_end_matches("{}").trim_end().to_string()
}

/// Whole-word replacement of `from` by `to` in `text`.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().last();
        let after = rest[i + from.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_some_and(is_word) || after.is_some_and(is_word) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

fn short(key: &str) -> &str {
    key.rsplit("::").next().unwrap_or(key)
}

/// Every change from `old` to `new`: removed, renamed, changed, added, then documentation.
pub fn compare(old: &RustApi, new: &RustApi) -> Vec<RustChange> {
    let mut out = Vec::new();
    let removed: Vec<&String> = old.items.keys().filter(|k| !new.items.contains_key(*k)).collect();
    let added: Vec<&String> = new.items.keys().filter(|k| !old.items.contains_key(*k)).collect();

    // Renamed items: same kind, module and members, once the names already paired are
    // translated (a builder's setters take the renamed types); repeated until nothing pairs.
    let mut renames: Vec<(&String, &String)> = Vec::new();
    loop {
        let words: Vec<(String, String)> = renames.iter().map(|(o, n)| (short(o).to_string(), short(n).to_string())).collect();
        let translate = |s: &str| words.iter().fold(s.to_string(), |acc, (from, to)| replace_word(&acc, from, to));
        let before = renames.len();
        for r in &removed {
            if renames.iter().any(|(x, _)| x == r) {
                continue;
            }
            let o = &old.items[*r];
            let found = added.iter().find(|a| {
                let n = &new.items[**a];
                !renames.iter().any(|(_, x)| x == *a)
                    && n.kind == o.kind
                    && n.module == o.module
                    && !o.members.is_empty()
                    && n.members.len() == o.members.len()
                    && n.members.iter().zip(&o.members).all(|((nk, nm), (ok, om))| nk == ok && nm.signature == translate(&om.signature))
            });
            if let Some(a) = found {
                renames.push((r, a));
            }
        }
        if renames.len() == before {
            break;
        }
    }
    let renamed_old: BTreeSet<&String> = renames.iter().map(|(o, _)| *o).collect();
    let renamed_new: BTreeSet<&String> = renames.iter().map(|(_, n)| *n).collect();
    // How old signatures read with the new names.
    let rename_words: Vec<(String, String)> = renames.iter().map(|(o, n)| (short(o).to_string(), short(n).to_string())).collect();
    let translate = |s: &str| rename_words.iter().fold(s.to_string(), |acc, (from, to)| replace_word(&acc, from, to));

    for r in &removed {
        if renamed_old.contains(r) {
            continue;
        }
        let o = &old.items[*r];
        out.push(RustChange {
            bump: Bump::Major,
            kind: Kind::Removed,
            item: (*r).clone(),
            old: Some(o.signature.clone()),
            new: None,
            reason: "code that uses it no longer compiles".into(),
        });
    }
    for (o, n) in &renames {
        out.push(RustChange {
            bump: Bump::Major,
            kind: Kind::Renamed,
            item: (*n).clone(),
            old: Some((*o).clone()),
            new: Some((*n).clone()),
            reason: "code that names the old item no longer compiles".into(),
        });
    }
    let mut docs = Vec::new();
    for (key, n) in &new.items {
        if let Some(o) = old.items.get(key) {
            item_changes(key, o, n, new.constructed.contains(key) || old.constructed.contains(key), &translate, &mut out, &mut docs);
        }
    }
    for (o, n) in &renames {
        let (oi, ni) = (&old.items[*o], &new.items[*n]);
        if oi.doc != ni.doc {
            docs.push(RustChange {
                bump: Bump::Patch,
                kind: Kind::Documentation,
                item: (*n).clone(),
                old: None,
                new: None,
                reason: "documentation only".into(),
            });
        }
    }
    for a in &added {
        if renamed_new.contains(a) {
            continue;
        }
        let n = &new.items[*a];
        out.push(RustChange {
            bump: Bump::Minor,
            kind: Kind::Added,
            item: (*a).clone(),
            old: None,
            new: Some(n.signature.clone()),
            reason: "a new item".into(),
        });
    }
    out.sort_by(|a, b| (a.kind, &a.item).cmp(&(b.kind, &b.item)).then(std::cmp::Ordering::Equal));
    out.extend(docs);
    out
}

/// How a member is named in reports: `types::User.name` (a field, keyed `.name`),
/// `Client::get_user`, `types::Kind::A`.
fn member_path(item: &str, member: &Member, name: &str) -> String {
    if member.kind == "field" {
        format!("{item}{name}")
    } else {
        format!("{item}::{name}")
    }
}

fn item_changes(
    key: &str,
    o: &Item,
    n: &Item,
    constructed: bool,
    translate: &dyn Fn(&str) -> String,
    out: &mut Vec<RustChange>,
    docs: &mut Vec<RustChange>,
) {
    own_changes(key, o, n, out, docs);
    member_changes(key, o, n, constructed, translate, out, docs);
}

/// A change to report.
fn change(bump: Bump, kind: Kind, item: String, old: Option<String>, new: Option<String>, reason: &str) -> RustChange {
    RustChange { bump, kind, item, old, new, reason: reason.to_string() }
}

/// The changes of the item itself: its form, value, module, derives, exhaustiveness, deprecation
/// and documentation.
fn own_changes(key: &str, o: &Item, n: &Item, out: &mut Vec<RustChange>, docs: &mut Vec<RustChange>) {
    if o.kind != n.kind || o.signature != n.signature {
        out.push(change(
            Bump::Major,
            Kind::Changed,
            key.to_string(),
            Some(o.signature.clone()),
            Some(n.signature.clone()),
            "code that uses the old form no longer compiles",
        ));
    }
    if o.value != n.value {
        out.push(change(
            Bump::Minor,
            Kind::Changed,
            key.to_string(),
            o.value.clone(),
            n.value.clone(),
            "a new value; code that uses it compiles, behaviour changes",
        ));
    }
    if o.module != n.module {
        out.push(change(
            Bump::Major,
            Kind::Changed,
            key.to_string(),
            o.module.as_ref().map(|m| format!("{m}::{}", short(key))),
            n.module.as_ref().map(|m| format!("{m}::{}", short(key))),
            "moved to another module: paths through the old module no longer compile",
        ));
    }
    let lost: Vec<&String> = o.derives.iter().filter(|d| !n.derives.contains(d)).collect();
    let gained: Vec<&String> = n.derives.iter().filter(|d| !o.derives.contains(d)).collect();
    if !lost.is_empty() {
        out.push(change(
            Bump::Major,
            Kind::Changed,
            key.to_string(),
            Some(format!("derives {}", o.derives.join(", "))),
            Some(format!("derives {}", n.derives.join(", "))),
            "a trait implementation was removed",
        ));
    } else if !gained.is_empty() {
        out.push(change(
            Bump::Minor,
            Kind::Changed,
            key.to_string(),
            Some(format!("derives {}", o.derives.join(", "))),
            Some(format!("derives {}", n.derives.join(", "))),
            "a new trait implementation",
        ));
    }
    match (o.non_exhaustive, n.non_exhaustive) {
        (false, true) => out.push(change(
            Bump::Major,
            Kind::Changed,
            key.to_string(),
            None,
            Some("#[non_exhaustive]".into()),
            "literals and exhaustive matches no longer compile",
        )),
        (true, false) => {
            out.push(change(Bump::Minor, Kind::Changed, key.to_string(), Some("#[non_exhaustive]".into()), None, "no longer #[non_exhaustive]"))
        }
        _ => {}
    }
    if !o.deprecated && n.deprecated {
        out.push(change(Bump::Minor, Kind::Changed, key.to_string(), None, Some("#[deprecated]".into()), "now deprecated: uses warn"));
    }
    if o.doc != n.doc {
        docs.push(change(Bump::Patch, Kind::Documentation, key.to_string(), None, None, "documentation only"));
    }
}

/// The changes of an item's members (fields, variants, methods): renamed methods first (the same
/// signature under a new name), then removed, changed and added ones.
fn member_changes(
    key: &str,
    o: &Item,
    n: &Item,
    constructed: bool,
    translate: &dyn Fn(&str) -> String,
    out: &mut Vec<RustChange>,
    docs: &mut Vec<RustChange>,
) {
    let removed: Vec<&String> = o.members.keys().filter(|k| !n.members.contains_key(*k)).collect();
    let added: Vec<&String> = n.members.keys().filter(|k| !o.members.contains_key(*k)).collect();
    let mut renamed: Vec<(&String, &String)> = Vec::new();
    for r in &removed {
        let om = &o.members[*r];
        if om.kind != "method" {
            continue;
        }
        let old_sig = replace_word(&translate(&om.signature), r, "_");
        if let Some(a) = added.iter().find(|a| !renamed.iter().any(|(_, x)| x == *a) && replace_word(&n.members[**a].signature, a, "_") == old_sig) {
            renamed.push((r, a));
        }
    }
    for r in &removed {
        let om = &o.members[*r];
        let path = member_path(key, om, r);
        match renamed.iter().find(|(x, _)| x == r) {
            Some((_, a)) => out.push(change(
                Bump::Major,
                Kind::Renamed,
                member_path(key, &n.members[*a], a),
                Some(om.signature.clone()),
                Some(n.members[*a].signature.clone()),
                "code that calls the old name no longer compiles",
            )),
            None => out.push(change(Bump::Major, Kind::Removed, path, Some(om.signature.clone()), None, "code that uses it no longer compiles")),
        }
    }
    for (name, nm) in &n.members {
        let path = member_path(key, nm, name);
        match o.members.get(name) {
            Some(om) => {
                if translate(&om.signature) != nm.signature {
                    out.push(change(
                        Bump::Major,
                        Kind::Changed,
                        path.clone(),
                        Some(om.signature.clone()),
                        Some(nm.signature.clone()),
                        "code that uses the old signature no longer compiles",
                    ));
                }
                if !om.deprecated && nm.deprecated {
                    out.push(change(Bump::Minor, Kind::Changed, path.clone(), None, Some("#[deprecated]".into()), "now deprecated: uses warn"));
                }
                if om.doc != nm.doc {
                    docs.push(change(Bump::Patch, Kind::Documentation, path, None, None, "documentation only"));
                }
            }
            None if renamed.iter().any(|(_, a)| *a == name) => {}
            None => {
                let (bump, reason) = match nm.kind {
                    "field" if n.literal && !n.non_exhaustive && constructed => {
                        (Bump::Major, "callers build this type (methods take it): their struct literals must set the new field")
                    }
                    "field" => (Bump::Minor, "a new field; callers do not build this type (no method takes it)"),
                    "variant" if !n.non_exhaustive => (Bump::Major, "the enum is exhaustive: callers' matches must handle the new variant"),
                    "variant" => (Bump::Minor, "a new variant of a #[non_exhaustive] enum"),
                    _ => (Bump::Minor, "a new method"),
                };
                out.push(change(bump, Kind::Added, path, None, Some(nm.signature.clone()), reason));
            }
        }
    }
}

/// The highest bump of `changes`.
pub fn bump(changes: &[RustChange]) -> Bump {
    changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None)
}

/// The version after `bump` from `current` (MAJOR.MINOR.PATCH). Below 1.0, a breaking change
/// bumps the minor version and anything else the patch version, as Cargo reads 0.x versions.
pub fn next_version(current: &str, bump: Bump) -> String {
    let core = current.split(['-', '+']).next().unwrap_or(current);
    let parts: Vec<u64> = core.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    let (major, minor, patch) = (parts.first().copied().unwrap_or(0), parts.get(1).copied().unwrap_or(0), parts.get(2).copied().unwrap_or(0));
    match (bump, major) {
        (Bump::None, _) => current.to_string(),
        (Bump::Major, 0) => format!("0.{}.0", minor + 1),
        (_, 0) => format!("0.{minor}.{}", patch + 1),
        (Bump::Major, _) => format!("{}.0.0", major + 1),
        (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
        (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
    }
}

fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(types: &str, ops: &str) -> RustApi {
        RustApi::collect(&[("src/types.rs".into(), types.into()), ("src/operations/a.rs".into(), ops.into())]).unwrap()
    }

    #[test]
    fn versions() {
        assert_eq!(next_version("0.1.0", Bump::Major), "0.2.0");
        assert_eq!(next_version("0.1.0", Bump::Minor), "0.1.1");
        assert_eq!(next_version("0.1.3", Bump::Patch), "0.1.4");
        assert_eq!(next_version("1.2.3", Bump::Major), "2.0.0");
        assert_eq!(next_version("1.2.3", Bump::Minor), "1.3.0");
        assert_eq!(next_version("1.2.3", Bump::None), "1.2.3");
    }

    #[test]
    fn one_line_signatures() {
        let sig: syn::ItemFn = syn::parse_quote!(
            pub fn f(mut self, value: impl Into<std::collections::BTreeMap<String, String>>) -> Self {}
        );
        assert_eq!(signature(&sig.vis, &sig.sig), "pub fn f(mut self, value: impl Into<std::collections::BTreeMap<String, String>>) -> Self");
    }

    #[test]
    fn fields_added_to_built_types_are_major() {
        let ops = "impl Client { pub fn f(&self, x: impl Into<types::In>) -> F { todo!() } }";
        let old = api("pub struct In { pub a: String } pub struct Out { pub a: String }", ops);
        let new = api("pub struct In { pub a: String, pub b: Option<String> } pub struct Out { pub a: String, pub b: Option<String> }", ops);
        let changes = compare(&old, &new);
        let find = |item: &str| changes.iter().find(|c| c.item == item).unwrap_or_else(|| panic!("{item}: {changes:#?}"));
        assert_eq!(find("types::In.b").bump, Bump::Major);
        assert_eq!(find("types::Out.b").bump, Bump::Minor);
    }

    #[test]
    fn a_type_no_operation_reaches_is_still_a_type_of_types() {
        let files = |unused: &str| {
            let files = [("src/types.rs".to_string(), String::new()), ("src/types/unused.rs".to_string(), unused.to_string())];
            RustApi::collect(&files).unwrap()
        };
        let changes = compare(&files("pub struct Event { pub a: String }"), &files(""));
        assert_eq!(changes.len(), 1, "{changes:#?}");
        assert_eq!(changes[0].bump, Bump::Major, "{changes:#?}");
    }

    #[test]
    fn fields_and_variants_added_to_non_exhaustive_types_are_minor() {
        let ops = "impl Client { pub fn f(&self, x: impl Into<types::In>) -> F { todo!() } }";
        let old = api("#[non_exhaustive] pub struct In { pub a: String } #[non_exhaustive] pub enum E { A }", ops);
        let new = api("#[non_exhaustive] pub struct In { pub a: String, pub b: Option<String> } #[non_exhaustive] pub enum E { A, B }", ops);
        let changes = compare(&old, &new);
        assert!(changes.iter().all(|c| c.bump == Bump::Minor), "{changes:#?}");
        assert_eq!(changes.len(), 2, "{changes:#?}");
    }

    #[test]
    fn types_of_an_operations_module_that_methods_take_are_built() {
        let ops = "impl Client { pub fn f(&self, x: impl Into<In>) -> F { todo!() } } pub struct In { pub a: String }";
        let old = api("", ops);
        let new = api("", &ops.replace("pub a: String", "pub a: String, pub b: String"));
        let changes = compare(&old, &new);
        assert_eq!(changes.iter().find(|c| c.item == "operations::In.b").map(|c| c.bump), Some(Bump::Major), "{changes:#?}");
    }

    #[test]
    fn renamed_methods_and_builders() {
        let old = api("", "impl Client { pub fn get_a(&self, id: impl Into<String>) -> GetA { todo!() } } pub struct GetA { client: Client } impl GetA { pub async fn send(self) -> Result<()> { todo!() } }");
        let new = api("", "impl Client { pub fn fetch_a(&self, id: impl Into<String>) -> FetchA { todo!() } } pub struct FetchA { client: Client } impl FetchA { pub async fn send(self) -> Result<()> { todo!() } }");
        let changes = compare(&old, &new);
        assert!(changes.iter().any(|c| c.kind == Kind::Renamed && c.item == "operations::FetchA"), "{changes:#?}");
        assert!(changes.iter().any(|c| c.kind == Kind::Renamed && c.item == "Client::fetch_a"), "{changes:#?}");
        assert_eq!(changes.len(), 2, "{changes:#?}");
    }
}
