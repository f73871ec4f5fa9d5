//! Where each type of the crate lives, who builds it, and what it is for.
//!
//! A type defined for one operation alone ([`Operation::types`]: its inline body, response,
//! parameter enums, error bodies) lives in that operation's module, next to its builder; every
//! other type is shared and lives in `types.rs`. A struct that callers build — one reachable from
//! what a `Client` method or a setter takes — gets a constructor and setters, so that a new
//! optional field is not a breaking change; an inline body whose fields are the builder's own
//! setters is the builder's business and stays private to its module.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Operation, OutcomeVariant, Part, TypeDef, TypeKind, TypeRef, TypeUse};
use crate::naming::RustName;

/// What the emitters need to know about the crate's types beyond their shape.
pub struct Layout<'a> {
    api: &'a Api,
    /// Type name → its definition.
    defs: HashMap<&'a str, &'a TypeDef>,
    /// Type name → the operation it was defined for.
    owner: HashMap<&'a str, &'a Operation>,
    /// Types callers build.
    built: HashSet<&'a str>,
    /// Shared types no operation reaches (only with the crate's `all-schemas` feature).
    unused: HashSet<&'a str>,
    /// Shared types no operation reaches that a webhook's payload does (only with the crate's
    /// `webhooks` feature).
    hooks: HashSet<&'a str>,
    /// Inline bodies that only their builder fills in.
    hidden: HashSet<&'a str>,
    /// Where each type is used (for the sentence of an undocumented one).
    uses: HashMap<&'a str, Vec<Use<'a>>>,
    /// Each operations module's types and operations, in document order (found once: asking
    /// every type and operation for each module was most of the time of a document with two
    /// thousand tags).
    modules: HashMap<&'a str, (Vec<&'a TypeDef>, Vec<&'a Operation>)>,
}

/// The file a shared type lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shelf {
    /// `types.rs`: the types some operation reaches.
    Used,
    /// `types/webhooks.rs` (feature `webhooks`): those only webhooks' payloads reach.
    Webhooks,
    /// `types/unused.rs` (feature `all-schemas`): the others.
    Unused,
}

/// Where tokens are written: which module a type name is relative to.
#[derive(Clone, Copy)]
pub enum Here<'a> {
    /// `lib.rs`.
    Root,
    /// `types.rs`.
    Types,
    /// `operations/<module>.rs`.
    Module(&'a RustName),
}

/// The paths of named types, as seen from one module.
#[derive(Clone, Copy)]
pub struct Paths<'a> {
    layout: &'a Layout<'a>,
    here: Here<'a>,
}

impl<'a> Layout<'a> {
    /// The API laid out.
    pub fn api(&self) -> &'a Api {
        self.api
    }

    /// The layout of `api`'s types (made once for a crate: every file's emitter reads it).
    pub fn new(api: &'a Api) -> Self {
        let defs: HashMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut owner = HashMap::new();
        for op in &api.operations {
            for name in op.types.iter().chain(&op.error_type) {
                owner.insert(name.as_str(), op);
            }
        }
        let mut hidden = HashSet::new();
        let mut roots: Vec<&TypeRef> = Vec::new();
        for op in &api.operations {
            roots.extend(op.params.iter().filter(|p| !p.identity_header).map(|p| &p.ty));
            let Some(body) = &op.body else { continue };
            match (&body.fields, &body.ty) {
                (Some(fields), TypeRef::Named(name)) if owner.contains_key(name.as_str()) => {
                    hidden.insert(name.as_str());
                    roots.extend(fields.iter().map(|f| &f.ty));
                }
                _ => roots.push(&body.ty),
            }
        }
        let built = reachable(&defs, roots, Vec::new(), false);
        let used = reachable(&defs, operation_types(api), owner.keys().copied().collect(), true);
        // A document of types alone (no operation) is all schemas: none of them is left out.
        let mut unused: HashSet<&str> = match api.operations.is_empty() {
            true => HashSet::new(),
            false => api.types.iter().map(|t| t.name.as_str()).filter(|t| !used.contains(t) && !owner.contains_key(t)).collect(),
        };
        // What webhooks reach of the rest is theirs.
        let hooks: HashSet<&str> = match unused.is_empty() || api.webhooks.is_empty() {
            true => HashSet::new(),
            false => reachable(&defs, api.webhooks.iter().map(|w| &w.payload).collect(), Vec::new(), true)
                .into_iter()
                .filter(|t| unused.contains(t))
                .collect(),
        };
        unused.retain(|t| !hooks.contains(t));
        let mut modules: HashMap<&str, (Vec<&TypeDef>, Vec<&Operation>)> = HashMap::new();
        for op in &api.operations {
            modules.entry(op.module.as_str()).or_default().1.push(op);
        }
        for def in &api.types {
            if let Some(op) = owner.get(def.name.as_str()) {
                modules.entry(op.module.as_str()).or_default().0.push(def);
            }
        }
        Layout { api, defs, owner, built, unused, hooks, hidden, uses: uses(api), modules }
    }

    /// Paths as seen from `here`.
    pub fn at(&'a self, here: Here<'a>) -> Paths<'a> {
        Paths { layout: self, here }
    }

    /// The operations module `name` lives in, if it is one operation's type.
    pub fn module_of(&self, name: &str) -> Option<&'a RustName> {
        self.owner.get(name).map(|op| &op.module)
    }

    /// The shared types, in document order: those some operation reaches (`unused: false`, in
    /// `types.rs`) or those none does (`unused: true`, in `types/unused.rs`).
    pub fn shared(&self, unused: bool) -> impl Iterator<Item = &'a TypeDef> + '_ {
        self.shelf(if unused { Shelf::Unused } else { Shelf::Used })
    }

    /// The shared types of one file, in document order.
    pub fn shelf(&self, shelf: Shelf) -> impl Iterator<Item = &'a TypeDef> + '_ {
        self.api.types.iter().filter(move |t| !self.owner.contains_key(t.name.as_str()) && self.shelf_of(t.name.as_str()) == shelf)
    }

    /// The file a shared type lives in.
    fn shelf_of(&self, name: &str) -> Shelf {
        match (self.unused.contains(name), self.hooks.contains(name)) {
            (true, _) => Shelf::Unused,
            (false, true) => Shelf::Webhooks,
            (false, false) => Shelf::Used,
        }
    }

    /// Whether some shared types are reached by webhooks alone: the crate's `webhooks` feature
    /// compiles them (`types/webhooks.rs`).
    pub fn has_webhook_types(&self) -> bool {
        !self.hooks.is_empty()
    }

    /// Whether the type is compiled only with a feature (`all-schemas`, `webhooks`).
    pub fn is_optional(&self, name: &str) -> bool {
        self.unused.contains(name) || self.hooks.contains(name)
    }

    /// Whether some shared types are reached by no operation: the crate gets the `all-schemas`
    /// feature, and they are compiled only with it.
    pub fn has_unused(&self) -> bool {
        !self.unused.is_empty()
    }

    /// How many shared types no operation reaches.
    pub fn unused_count(&self) -> usize {
        self.unused.len()
    }

    /// The types of operations module `module`, in document order.
    pub fn owned_by(&self, module: &'a RustName) -> impl Iterator<Item = &'a TypeDef> + '_ {
        self.modules.get(module.as_str()).into_iter().flat_map(|(types, _)| types.iter().copied())
    }

    /// The operations of operations module `module`, in document order.
    pub fn operations_of(&self, module: &RustName) -> impl Iterator<Item = &'a Operation> + '_ {
        self.modules.get(module.as_str()).into_iter().flat_map(|(_, ops)| ops.iter().copied())
    }

    /// Whether callers build values of the type: it gets a constructor and setters.
    pub fn is_built(&self, name: &str) -> bool {
        self.built.contains(name)
    }

    /// Whether `ty` is any JSON value (`serde_json::Value`), itself or through aliases.
    /// The definition of the type named `name`.
    pub fn def(&self, name: &str) -> Option<&'a TypeDef> {
        self.defs.get(name).copied()
    }

    /// `ty`, through aliases (a bounded number of them): what it is, not what it is called.
    pub fn resolved<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..64 {
            let TypeRef::Named(name) = ty else { break };
            match self.defs.get(name.as_str()).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => break,
            }
        }
        ty
    }

    pub fn is_any_json(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        // Alias chains are bounded by the model (at most 64 pointer types deep); so is this walk.
        for _ in 0..64 {
            match ty {
                TypeRef::Json => return true,
                TypeRef::Named(name) => match self.defs.get(name.as_str()).map(|def| &def.kind) {
                    Some(TypeKind::Alias(target)) => ty = target,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// Whether the type is an inline body only its builder fills in (private to its module).
    pub fn is_hidden(&self, name: &str) -> bool {
        self.hidden.contains(name)
    }

    /// A sentence saying what the type is, for a type the spec does not document (rustdoc
    /// Markdown, links included).
    pub fn about(&self, def: &TypeDef) -> String {
        let name = def.name.as_str();
        if let Some(op) = self.owner.get(name) {
            let link = client_link(op);
            let named = |ty: Option<&TypeRef>| matches!(ty, Some(TypeRef::Named(n)) if n.as_str() == name);
            if named(op.body.as_ref().map(|b| &b.ty)) {
                return format!("The request body of {link}.");
            }
            if named(op.response.ty.as_ref()) {
                return format!("The response of {link}.");
            }
            if let Some(p) = op.params.iter().find(|p| named(Some(&p.ty))) {
                return format!("The `{}` parameter of {link}.", p.wire_name);
            }
            if let Some(e) = op.errors.iter().find(|e| named(Some(&e.ty))) {
                return format!("The `{}` error body of {link}.", e.status);
            }
            if let Some(OutcomeVariant { status, .. }) = self.outcome_variants(op).find(|v| named(v.ty.as_ref())) {
                return format!("The `{status}` response of {link}.");
            }
        }
        match self.uses.get(name).map(Vec::as_slice) {
            // Not a link from a type that is always there to one that may not be (`all-schemas`).
            Some([one]) if one.parent().is_some_and(|p| self.shelf_of(p) != Shelf::Used && self.shelf_of(p) != self.shelf_of(name)) => {
                format!("The `{name}` type of the API.")
            }
            Some([one]) => self.sentence(name, one),
            _ => format!("The `{name}` type of the API."),
        }
    }

    fn outcome_variants(&self, op: &'a Operation) -> impl Iterator<Item = &'a OutcomeVariant> {
        let def = match &op.response.ty {
            Some(TypeRef::Named(n)) if op.response.outcome => self.defs.get(n.as_str()).copied(),
            _ => None,
        };
        let variants = match def.map(|d| &d.kind) {
            Some(TypeKind::Outcome { variants }) => variants.as_slice(),
            _ => &[],
        };
        variants.iter()
    }

    /// A documentation link to the type `name`, from the module of the type `from` (for a hidden
    /// body: to its operation).
    fn link(&self, name: &str, from: &str) -> String {
        if self.module_of(name) == self.module_of(from) && !self.hidden.contains(name) {
            return format!("[`{name}`]");
        }
        match (self.owner.get(name), self.hidden.contains(name)) {
            (Some(op), true) => format!("the request body of {}", client_link(op)),
            (Some(op), false) => format!("[`{name}`](crate::operations::{}::{name})", op.module),
            (None, _) => format!("[`{name}`](crate::types::{name})"),
        }
    }

    /// A sentence for one place a type is used.
    fn sentence(&self, name: &str, used: &Use) -> String {
        match *used {
            Use::Property { parent, how, wire } => format!("{how} `{wire}` property of {}.", self.link(parent, name)),
            Use::Other(parent) => format!("A value of the other properties of {}.", self.link(parent, name)),
            Use::Shape(parent) => format!("A shape of {}.", self.link(parent, name)),
            Use::Alias(parent) => format!("What {} is made of.", self.link(parent, name)),
            Use::Param { op, wire } => format!("The `{wire}` parameter of {}.", client_link(op)),
        }
    }
}

/// A place a named type is used, for the sentence of an undocumented type.
enum Use<'a> {
    /// A property of a struct (`how`: `The`, `An item of the`, `A value of the`).
    Property { parent: &'a str, how: &'static str, wire: &'a str },
    /// The other properties (`additionalProperties`) of a struct.
    Other(&'a str),
    /// A variant of a union.
    Shape(&'a str),
    /// The target of an alias.
    Alias(&'a str),
    /// A parameter of an operation.
    Param { op: &'a Operation, wire: &'a str },
}

impl Use<'_> {
    /// The type it is used in, if it is used in a type.
    fn parent(&self) -> Option<&str> {
        match *self {
            Use::Property { parent, .. } | Use::Other(parent) | Use::Shape(parent) | Use::Alias(parent) => Some(parent),
            Use::Param { .. } => None,
        }
    }
}

/// The named types reachable from `roots` and from the named types `seeds` through fields,
/// union branches, aliases and outcomes, and (`ids`) the resources an `Id<R>` names.
fn reachable<'a>(defs: &HashMap<&'a str, &'a TypeDef>, roots: Vec<&'a TypeRef>, seeds: Vec<&'a str>, ids: bool) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    let mut todo = roots;
    let mut named = seeds;
    loop {
        while let Some(ty) = todo.pop() {
            match ty {
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => todo.push(inner),
                TypeRef::Named(name) => named.push(name.as_str()),
                TypeRef::Id(resource) if ids => named.push(resource.as_str()),
                _ => {}
            }
        }
        let Some(name) = named.pop() else { break };
        let Some(def) = defs.get(name) else { continue };
        if !seen.insert(def.name.as_str()) {
            continue;
        }
        todo.extend(def.refs().into_iter().map(|u| u.ty));
    }
    seen
}

/// Every type an operation names: its parameters', body's, responses', error bodies', pages' and
/// upload size's, and the error body they share (its own types are reached from these, and are
/// seeds of the walk besides).
fn operation_types(api: &Api) -> Vec<&TypeRef> {
    let mut roots: Vec<&TypeRef> = api.error_body.iter().collect();
    for op in &api.operations {
        roots.extend(op.params.iter().map(|p| &p.ty));
        if let Some(body) = &op.body {
            roots.push(&body.ty);
            roots.extend(body.fields.iter().flatten().map(|f| &f.ty));
        }
        roots.extend(&op.response.ty);
        roots.extend(op.errors.iter().map(|e| &e.ty));
        roots.extend(&op.error_body);
        roots.extend(op.pagination.iter().map(|p| &p.item_ty));
        roots.extend(op.upload.iter().map(|u| &u.size_ty));
    }
    roots
}

/// Every place each named type is used.
fn uses(api: &Api) -> HashMap<&str, Vec<Use<'_>>> {
    let mut out: HashMap<&str, Vec<Use>> = HashMap::new();
    for def in &api.types {
        let parent = def.name.as_str();
        for TypeUse { ty, part } in def.refs() {
            let Some((name, how)) = leaf(ty) else { continue };
            let used = match part {
                Part::Field(f) => Use::Property { parent, how, wire: &f.wire_name },
                Part::Additional => Use::Other(parent),
                Part::Branch => Use::Shape(parent),
                Part::Alias => Use::Alias(parent),
                Part::Outcome => continue,
            };
            out.entry(name).or_default().push(used);
        }
    }
    for op in &api.operations {
        for p in &op.params {
            if let Some((name, _)) = leaf(&p.ty) {
                out.entry(name).or_default().push(Use::Param { op, wire: &p.wire_name });
            }
        }
    }
    out
}

/// A documentation link to the `Client` method of `op` (its name only where rustdoc cannot link
/// to it: [`RustName::doc_link`]).
pub fn client_link(op: &Operation) -> String {
    op.fn_name.doc_link("Client", Some("crate::Client"))
}

/// The named type `ty` holds, and how, as the start of a sentence (`The`, `An item of the`).
fn leaf(ty: &TypeRef) -> Option<(&str, &'static str)> {
    match ty {
        TypeRef::Named(name) => Some((name.as_str(), "The")),
        TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => leaf(inner),
        TypeRef::Vec(inner) => leaf(inner).map(|(name, _)| (name, "An item of the")),
        TypeRef::Map(inner) => leaf(inner).map(|(name, _)| (name, "A value of the")),
        _ => None,
    }
}

/// How a struct remembers which of its optional nullable fields hold `null` (so that a value
/// read is written back as it came): each such field is an `Option<T>` for the reader, with a
/// bit in the struct's `crate::ser::Nulls` field. A field of any JSON keeps its `null` as
/// `Some(Value::Null)` instead, and needs no bit.
pub struct NullBits {
    /// The bit of each field (same order), for the optional nullable ones.
    pub bits: Vec<Option<usize>>,
    /// The name of the struct's `Nulls` field, when a field has a bit.
    pub field: Option<RustName>,
}

impl NullBits {
    /// The bit of `field`, by its Rust name.
    pub fn of(&self, fields: &[crate::model::Field], name: &RustName) -> Option<usize> {
        fields.iter().zip(&self.bits).find(|(f, _)| &f.rust_name == name).and_then(|(_, bit)| *bit)
    }
}

impl Layout<'_> {
    /// The null bits of a struct with `fields` (and the undocumented-properties field `extra`).
    pub fn null_bits(&self, fields: &[crate::model::Field], extra: Option<&RustName>) -> NullBits {
        let mut next = 0;
        let bits: Vec<Option<usize>> = fields
            .iter()
            .map(|f| {
                let tracked = !f.required && f.nullable && f.ty != TypeRef::Bytes && !self.is_any_json(&f.ty);
                tracked.then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        let field = (next > 0).then(|| {
            let mut name = "nulls".to_string();
            while fields.iter().any(|f| f.rust_name == name.as_str()) || extra.is_some_and(|e| *e == name.as_str()) {
                name.push('_');
            }
            crate::naming::fixed(&name)
        });
        NullBits { bits, field }
    }
}

impl Paths<'_> {
    /// The layout these paths are of.
    pub fn layout(&self) -> &Layout<'_> {
        self.layout
    }

    /// The path of the named type `name` from here.
    pub fn named(&self, ty: &RustName) -> TokenStream {
        match (self.layout.module_of(ty.as_str()), self.here) {
            (Some(module), Here::Module(here)) if module == here => quote!(#ty),
            (Some(module), Here::Root) => quote!(operations::#module::#ty),
            (Some(module), _) => quote!(crate::operations::#module::#ty),
            (None, Here::Types) => quote!(#ty),
            (None, _) => quote!(types::#ty),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /users:
    post:
      operationId: createUser
      tags: [Users]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                address:
                  type: object
                  properties: {city: {type: string}}
                schedule: {$ref: '#/components/schemas/Schedule'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {user: {$ref: '#/components/schemas/User'}}
  /notes:
    put:
      operationId: putNote
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Note'}
      responses:
        '204': {description: done}
        '400':
          description: bad
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
components:
  schemas:
    Problem:
      type: object
      properties: {detail: {type: string}}
    NoteEvent:
      type: object
      properties:
        note: {$ref: '#/components/schemas/Note'}
        kind: {type: string, enum: [created, deleted]}
    User:
      type: object
      properties:
        status: {type: string, enum: [active, gone]}
    Schedule:
      type: object
      properties: {delay: {type: number}}
    Note:
      type: object
      properties: {text: {type: string}}
"#;

    fn api() -> Api {
        let doc = crate::load::parse(Path::new("t.yaml"), SPEC.to_string()).unwrap();
        crate::model::build(&doc).unwrap().0
    }

    #[test]
    fn an_operations_own_types_live_in_its_module() {
        let api = api();
        let layout = Layout::new(&api);
        let module = |name: &str| layout.module_of(name).map(RustName::as_str);
        assert_eq!(module("CreateUserBody"), Some("users"));
        assert_eq!(module("CreateUserBodyAddress"), Some("users"));
        assert_eq!(module("CreateUserResponse"), Some("users"));
        assert_eq!(module("User"), None);
        assert_eq!(module("UserStatus"), None, "an inline schema of a component is shared");
        let users = crate::naming::snake("users");
        let (user, response) = (crate::naming::camel("User"), crate::naming::camel("CreateUserResponse"));
        assert_eq!(layout.at(Here::Module(&users)).named(&user).to_string(), "types :: User");
        assert_eq!(layout.at(Here::Module(&users)).named(&response).to_string(), "CreateUserResponse");
        assert_eq!(layout.at(Here::Root).named(&response).to_string(), "operations :: users :: CreateUserResponse");
    }

    #[test]
    fn callers_build_what_methods_and_setters_take() {
        let api = api();
        let layout = Layout::new(&api);
        // The inline body is the builder's: its fields are setters, their types are built.
        assert!(layout.is_hidden("CreateUserBody") && !layout.is_built("CreateUserBody"));
        assert!(layout.is_built("CreateUserBodyAddress") && layout.is_built("Schedule"));
        // A component body is passed whole.
        assert!(layout.is_built("Note") && !layout.is_hidden("Note"));
        assert!(!layout.is_built("CreateUserResponse") && !layout.is_built("User"));
    }

    #[test]
    fn shared_types_no_operation_reaches_are_unused() {
        let api = api();
        let layout = Layout::new(&api);
        let names = |unused| layout.shared(unused).map(|t| t.name.as_str()).collect::<Vec<_>>();
        // An error body is reached; so is what an unused type holds if an operation reaches it.
        assert_eq!(names(false), ["Problem", "User", "UserStatus", "Schedule", "Note"]);
        assert_eq!(names(true), ["NoteEvent", "NoteEventKind"]);
        assert_eq!(layout.unused_count(), 2);
        // An undocumented type is not described by a link to one that may be left out.
        let about = |name: &str| layout.about(api.types.iter().find(|t| t.name == name).unwrap());
        assert_eq!(about("Note"), "The `Note` type of the API.");
        assert_eq!(about("NoteEventKind"), "The `kind` property of [`NoteEvent`].");
    }

    #[test]
    fn undocumented_types_say_what_they_are() {
        let api = api();
        let layout = Layout::new(&api);
        let about = |name: &str| layout.about(api.types.iter().find(|t| t.name == name).unwrap());
        assert_eq!(about("CreateUserResponse"), "The response of [`Client::create_user`](crate::Client::create_user).");
        assert_eq!(about("CreateUserBody"), "The request body of [`Client::create_user`](crate::Client::create_user).");
        assert_eq!(
            about("CreateUserBodyAddress"),
            "The `address` property of the request body of [`Client::create_user`](crate::Client::create_user)."
        );
        assert_eq!(about("UserStatus"), "The `status` property of [`User`].");
        assert_eq!(about("Schedule"), "The `schedule` property of the request body of [`Client::create_user`](crate::Client::create_user).");
        assert_eq!(about("User"), "The `user` property of [`CreateUserResponse`](crate::operations::users::CreateUserResponse).");
    }
}
