//! Emits the example in each `Client` method's documentation (octocrab's habit): the client
//! built, the method called with a value of the right type for each required argument, the
//! request sent. The examples are `no_run` doctests, so `cargo test` compiles every one against
//! the crate: an example that does not compile is a failing test.
//!
//! A value is what a Rust user would write: `"id"` for a string (the argument's name, never the
//! spec's text, which could end the code block), `1` for a number, `["tags"]` for a list,
//! `[("key", ..)]` for a map, `json!({"key": "value"})` for free-form JSON, the first variant of
//! an enum, a struct made by its constructor (its own required fields filled the same way).
//! Where no value can be written (a struct that requires itself), the method has no example.

use std::cell::Cell;

use super::layout::{Here, Layout};
use crate::model::{Operation, TypeKind, TypeRef};
use crate::naming::RustName;

/// How deep the values of an example nest (a struct's required field of a struct ...), at most.
const MAX_DEPTH: usize = 8;

/// Where the examples of a crate's methods find it.
pub struct Target {
    /// The path of the crate (`botpress_client`), or of the module that holds the client
    /// (`basic_api`, for a client emitted as a module of another crate).
    pub path: String,
    /// The code block's attribute: `no_run` (compiled, not run), or `ignore` for a client emitted
    /// as a module, whose crate's name the generator does not know.
    pub fence: &'static str,
}

impl Target {
    /// The target of the examples of the crate `settings` describe.
    pub fn of(settings: &super::CrateSettings) -> Target {
        match &settings.module {
            Some(module) => Target { path: module.clone(), fence: "ignore" },
            None => Target { path: settings.name.replace('-', "_"), fence: "no_run" },
        }
    }
}

/// The example of the `Client` method of `op`, as documentation lines (each with its leading
/// space), or none when a required argument has no value that can be written.
pub fn method_example(op: &Operation, args: &[(RustName, &TypeRef, bool)], layout: &Layout<'_>, target: &Target) -> Option<Vec<String>> {
    let values = Values { layout, krate: &target.path, uses_types: Cell::new(false), uses_operations: Cell::new(false) };
    let args: Vec<String> =
        args.iter().map(|(name, ty, nullable)| values.argument(ty, *nullable, true, name.as_str(), 0)).collect::<Option<Vec<String>>>()?;
    let krate = &target.path;
    let mut imports = Vec::new();
    if values.uses_operations.get() {
        imports.push("operations");
    }
    if values.uses_types.get() {
        imports.push("types");
    }
    let mut lines = vec![String::new(), " # Example".to_string(), String::new(), format!(" ```{}", target.fence)];
    match imports.as_slice() {
        [] => {}
        [one] => lines.push(format!(" use {krate}::{one};")),
        _ => lines.push(format!(" use {krate}::{{{}}};", imports.join(", "))),
    }
    if !imports.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(" # async fn example() -> {krate}::Result<()> {{"));
    lines.push(format!(" let client = {krate}::Client::builder().build()?;"));
    let call = format!("client.{}({})", op.fn_name, args.join(", "));
    // A long call: one argument a line, as rustfmt writes it.
    if call.len() > 90 && !args.is_empty() {
        lines.push(format!(" client.{}(", op.fn_name));
        lines.extend(args.iter().map(|arg| format!("     {arg},")));
        lines.push(" )".to_string());
        lines.push(" .send()".to_string());
        lines.push(" .await?;".to_string());
    } else {
        lines.push(format!(" {call}.send().await?;"));
    }
    lines.push(" # Ok(())".to_string());
    lines.push(" # }".to_string());
    lines.push(" ```".to_string());
    Some(lines)
}

/// Writes the values of an example, remembering which of the crate's modules they name.
struct Values<'a> {
    layout: &'a Layout<'a>,
    /// The path of the crate.
    krate: &'a str,
    uses_types: Cell<bool>,
    uses_operations: Cell<bool>,
}

impl Values<'_> {
    /// A value an argument or constructor argument of type `ty` takes (see `types::conversion`
    /// and `operations::conversion`, which say what each takes): `nullable` for a required field
    /// that may be `null`, `builder` for a `Client` method's argument (a request builder's
    /// conversions of JSON and nullable numbers differ from a struct's).
    fn argument(&self, ty: &TypeRef, nullable: bool, builder: bool, name: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let resolved = self.layout.resolved(ty);
        Some(match resolved {
            TypeRef::Json if builder => json_object(),
            TypeRef::JsonObject if builder && nullable => format!("Some({})", json_object()),
            TypeRef::F64 if builder && nullable => "1.0".to_string(),
            TypeRef::F32 if builder && nullable => "1.0_f32".to_string(),
            TypeRef::JsonObject if !nullable => json_object(),
            _ if nullable => format!("Some({})", self.exact(resolved, name, depth)?),
            TypeRef::Vec(item) => match self.layout.resolved(item) {
                TypeRef::JsonObject => format!("[{}]", json_object()),
                _ => format!("[{}]", self.into(item, name, depth + 1)?),
            },
            TypeRef::Map(item) => format!("[(\"key\", {})]", self.into(item, name, depth + 1)?),
            TypeRef::U32 | TypeRef::U64 => "1".to_string(),
            _ => self.into(resolved, name, depth)?,
        })
    }

    /// A value that converts `Into` a `ty` (the item of a list, a map's value, an argument).
    fn into(&self, ty: &TypeRef, name: &str, depth: usize) -> Option<String> {
        Some(match self.layout.resolved(ty) {
            TypeRef::String => format!("{name:?}"),
            TypeRef::I32 | TypeRef::I64 => "1".to_string(),
            TypeRef::F64 => "1.0".to_string(),
            TypeRef::Bytes => "\"content\"".to_string(),
            TypeRef::Json => json_object(),
            TypeRef::Named(type_name) if self.is_union(type_name) => self.union(type_name, name)?,
            other => self.exact(other, name, depth)?,
        })
    }

    /// A value of exactly the type `ty`.
    fn exact(&self, ty: &TypeRef, name: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.layout.resolved(ty) {
            TypeRef::String => format!("{name:?}.to_string()"),
            TypeRef::Bool => "true".to_string(),
            TypeRef::I32 => "1_i32".to_string(),
            TypeRef::I64 => "1_i64".to_string(),
            TypeRef::U32 => "1_u32".to_string(),
            TypeRef::U64 => "1_u64".to_string(),
            TypeRef::F32 => "1.0_f32".to_string(),
            TypeRef::F64 => "1.0_f64".to_string(),
            TypeRef::Json => json_object(),
            TypeRef::JsonObject => "serde_json::Map::new()".to_string(),
            TypeRef::Bytes => "bytes::Bytes::from_static(b\"content\")".to_string(),
            TypeRef::Vec(item) => format!("vec![{}]", self.exact(item, name, depth + 1)?),
            TypeRef::Map(item) => format!("std::collections::BTreeMap::from([(\"key\".to_string(), {})])", self.exact(item, name, depth + 1)?),
            TypeRef::Boxed(inner) => format!("Box::new({})", self.exact(inner, name, depth + 1)?),
            TypeRef::Nullable(inner) => format!("Some({})", self.exact(inner, name, depth + 1)?),
            TypeRef::Id(_) => format!("{}::Id::new({name:?})", self.krate),
            TypeRef::Named(type_name) => self.named(type_name, name, depth)?,
        })
    }

    /// A value of the named type `type_name`: a struct by its constructor, an enum's first variant,
    /// a union from JSON.
    fn named(&self, type_name: &RustName, name: &str, depth: usize) -> Option<String> {
        let def = self.layout.def(type_name.as_str())?;
        let path = self.path(type_name);
        Some(match &def.kind {
            TypeKind::Struct { fields, .. } if self.layout.is_built(type_name.as_str()) => {
                let args = fields
                    .iter()
                    .filter(|f| f.required && f.fixed.is_none())
                    .map(|f| self.argument(&f.ty, f.nullable, false, f.rust_name.as_str(), depth + 1))
                    .collect::<Option<Vec<String>>>()?;
                format!("{path}::new({})", args.join(", "))
            }
            TypeKind::Enum { variants } => match variants.first() {
                Some(variant) => format!("{path}::{}", variant.rust_name),
                None => format!("{path}::other({name:?})"),
            },
            TypeKind::Union { .. } => format!("{path}::from({})", json_object()),
            TypeKind::Alias(ty) => self.exact(ty, name, depth + 1)?,
            TypeKind::Struct { .. } | TypeKind::Outcome { .. } => return None,
        })
    }

    /// A value a union converts from: a string where its first branch is one, else JSON (which
    /// it decodes as it decodes a server's answer).
    fn union(&self, type_name: &RustName, name: &str) -> Option<String> {
        let TypeKind::Union { variants, .. } = &self.layout.def(type_name.as_str())?.kind else { return None };
        Some(match variants.first().map(|v| self.layout.resolved(&v.ty)) {
            Some(TypeRef::String) => format!("{name:?}"),
            _ => json_object(),
        })
    }

    fn is_union(&self, type_name: &RustName) -> bool {
        self.layout.def(type_name.as_str()).is_some_and(|def| matches!(def.kind, TypeKind::Union { .. }))
    }

    /// The path of a named type, from the crate's root (`types::User`), the module it names
    /// remembered for the example's `use` line.
    fn path(&self, type_name: &RustName) -> String {
        match self.layout.module_of(type_name.as_str()) {
            Some(_) => self.uses_operations.set(true),
            None => self.uses_types.set(true),
        }
        self.layout.at(Here::Root).named(type_name).to_string().replace(' ', "")
    }
}

/// A free-form JSON object.
fn json_object() -> String {
    "serde_json::json!({\"key\": \"value\"})".to_string()
}
