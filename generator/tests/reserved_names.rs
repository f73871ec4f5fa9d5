//! One source for the names the generated code uses unqualified (`naming::RESERVED_TYPES`),
//! checked against what the emitters really write: every single-segment type or value path in
//! the generated `types` and `operations` modules of every fixture is either an item the crate
//! defines there, a generic parameter, or a reserved name. A new unqualified use that is not in
//! the list fails here; a reserved name the `hostile_names` fixture has no schema for fails too
//! (that fixture's crate compiles in `generated-fixtures`, which proves a schema of each name is
//! renamed out of the way).

use std::collections::BTreeSet;
use std::path::Path;

use syn::visit::Visit;

fn settings(name: &str) -> generator::CrateSettings {
    generator::CrateSettings {
        name: "reserved".into(),
        version: "0.1.0".into(),
        license: "MIT".into(),
        spec_display: name.into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    }
}

/// The names a file declares (items, generic parameters) and the single-segment paths it uses.
#[derive(Default)]
struct Names {
    declared: BTreeSet<String>,
    used: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        self.declared.insert(item.ident.to_string());
        syn::visit::visit_item_struct(self, item);
    }
    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.declared.insert(item.ident.to_string());
        syn::visit::visit_item_enum(self, item);
    }
    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        self.declared.insert(item.ident.to_string());
        syn::visit::visit_item_type(self, item);
    }
    fn visit_generic_param(&mut self, param: &'ast syn::GenericParam) {
        if let syn::GenericParam::Type(t) = param {
            self.declared.insert(t.ident.to_string());
        }
        syn::visit::visit_generic_param(self, param);
    }
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            if let Some(first) = path.segments.first() {
                let name = first.ident.to_string();
                // The first segment of a longer path names a module or a type (`Self::Variant`,
                // `serde::Serialize`); a lone one a type, trait or value.
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    self.used.insert(name);
                }
            }
        }
        syn::visit::visit_path(self, path);
    }
}

#[test]
fn every_unqualified_name_the_emitters_write_is_reserved() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.push(root.join("../spec/botpress.yaml"));
    specs.push(root.join("../spec/botpress-chat.yaml"));
    let mut missing = BTreeSet::new();
    for spec in &specs {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let generated = generator::Generator::new(&settings(&name)).generate(generator::Spec::File(spec)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut names = Names::default();
        for (path, text) in &generated.files {
            if path == "src/types.rs" || path.starts_with("src/types/") || path.starts_with("src/operations/") {
                let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{name} {path}: {e}"));
                names.visit_file(&file);
            }
        }
        for used in &names.used {
            if used != "Self" && !names.declared.contains(used) && !generator::naming::RESERVED_TYPES.contains(&used.as_str()) {
                missing.insert(format!("{used} (in {name})"));
            }
        }
    }
    assert!(missing.is_empty(), "used unqualified but not in naming::RESERVED_TYPES: {missing:?}");
}

#[test]
fn the_hostile_names_fixture_has_a_schema_of_every_reserved_name() {
    let fixture = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile_names.yaml")).unwrap();
    let missing: Vec<&&str> = generator::naming::RESERVED_TYPES.iter().filter(|name| !fixture.contains(&format!("\n    {name}: "))).collect();
    assert!(missing.is_empty(), "add a schema of each to tests/fixtures/hostile_names.yaml: {missing:?}");
}

/// `naming::MOCK_SERVER_METHODS` is every method the runtime's `MockServer` has.
#[test]
fn the_mock_server_methods_are_all_listed() {
    let runtime = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit/runtime/mock.rs")).unwrap();
    let file = syn::parse_file(&runtime).unwrap();
    let mut methods = BTreeSet::new();
    for item in &file.items {
        if let syn::Item::Impl(block) = item {
            if block.trait_.is_none() && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("MockServer")) {
                for item in &block.items {
                    if let syn::ImplItem::Fn(f) = item {
                        methods.insert(f.sig.ident.to_string());
                    }
                }
            }
        }
    }
    let listed: BTreeSet<String> = generator::naming::MOCK_SERVER_METHODS.iter().map(|m| m.to_string()).collect();
    assert_eq!(methods, listed, "naming::MOCK_SERVER_METHODS must list every method of the runtime's MockServer");
}

/// The names a token stream defines as functions (`fn name`, not `fn #name`), each with its
/// owner: the type of the `impl` it sits in when that is `Client` or `ClientBuilder`, else
/// `owner` (the type the emitter or macro writes methods of).
fn functions(tokens: proc_macro2::TokenStream, owner: &str, out: &mut Vec<(String, String)>) {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut impl_of: Option<String> = None;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == "impl" => {
                impl_of = match tokens.get(i + 1) {
                    Some(TokenTree::Ident(ty)) if ty == "Client" || ty == "ClientBuilder" => Some(ty.to_string()),
                    _ => None,
                };
            }
            TokenTree::Ident(ident) if ident == "fn" => {
                if let Some(TokenTree::Ident(name)) = tokens.get(i + 1) {
                    out.push((owner.to_string(), name.to_string()));
                }
            }
            TokenTree::Group(group) => {
                let inner = impl_of.take().unwrap_or_else(|| owner.to_string());
                functions(group.stream(), &inner, out);
            }
            _ => {}
        }
    }
}

/// The methods the runtime defines on `Client` and `ClientBuilder` (every `impl` block of every
/// runtime file), and the per-call setters of its `per_call_options!`.
fn runtime_methods() -> Vec<(String, String)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit/runtime");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for item in &file.items {
            match item {
                syn::Item::Impl(block) if block.trait_.is_none() => {
                    let syn::Type::Path(ty) = &*block.self_ty else { continue };
                    let Some(ty) = ty.path.get_ident().map(|i| i.to_string()).filter(|t| t == "Client" || t == "ClientBuilder") else { continue };
                    for item in &block.items {
                        if let syn::ImplItem::Fn(f) = item {
                            found.push((ty.clone(), f.sig.ident.to_string()));
                        }
                    }
                }
                syn::Item::Macro(m) if m.ident.as_ref().is_some_and(|i| i == "per_call_options") => {
                    functions(m.mac.tokens.clone(), "request builder", &mut found);
                }
                _ => {}
            }
        }
    }
    found
}

/// The methods the emitters write with a name of their own (`fn send`, not `fn #name`), on the
/// type each emitter writes methods of: a request builder (`operations.rs`), `ClientBuilder`
/// (`crate_root.rs`, `env.rs`), a struct (`types.rs`, but for the typed error enums'
/// `from_api`, which have no setters), `Client` where an `impl Client` says so.
fn emitted_methods() -> Vec<(String, String)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit");
    let owners = [("operations.rs", "request builder"), ("crate_root.rs", "ClientBuilder"), ("env.rs", "ClientBuilder"), ("types.rs", "struct")];
    let mut found = Vec::new();
    for (file_name, owner) in owners {
        let text = std::fs::read_to_string(folder.join(file_name)).unwrap();
        let file = syn::parse_file(&text).unwrap();
        for item in &file.items {
            let syn::Item::Fn(f) = item else { continue };
            if f.sig.ident == "error_enum" {
                continue;
            }
            functions(quote::ToTokens::to_token_stream(&f.block), owner, &mut found);
        }
    }
    found
}

/// The one source of the method names the generated code defines (`naming::CLIENT_METHODS`,
/// `CLIENT_BUILDER_METHODS`, `AUTH_METHODS`, `REQUEST_BUILDER_METHODS`, `STRUCT_METHODS`) holds
/// every method the runtime and the emitters really define: one missing (a per-call setter added
/// to the runtime, a `ClientBuilder` method) fails here, not when a spec first has an operation or
/// a parameter of that name.
#[test]
fn every_method_the_runtime_and_the_emitters_define_is_reserved() {
    use generator::naming;
    let mut missing = BTreeSet::new();
    for (owner, name) in runtime_methods().into_iter().chain(emitted_methods()) {
        let listed = match owner.as_str() {
            "Client" => naming::CLIENT_METHODS.contains(&name.as_str()),
            "ClientBuilder" => naming::CLIENT_BUILDER_METHODS.contains(&name.as_str()) || naming::AUTH_METHODS.contains(&name.as_str()),
            "request builder" => naming::REQUEST_BUILDER_METHODS.contains(&name.as_str()),
            _ => naming::STRUCT_METHODS.contains(&name.as_str()),
        };
        if !listed {
            missing.insert(format!("{owner}::{name}"));
        }
    }
    assert!(missing.is_empty(), "defined by the runtime or an emitter but missing from the reserved names in naming.rs: {missing:?}");
}

/// The test above finds what it looks for: the methods everyone knows are there.
#[test]
fn the_reserved_names_test_sees_the_methods() {
    let runtime = runtime_methods();
    for (owner, name) in
        [("Client", "execute_raw"), ("ClientBuilder", "oauth2"), ("ClientBuilder", "identity_header_from_env"), ("request builder", "with_options")]
    {
        assert!(runtime.contains(&(owner.to_string(), name.to_string())), "{owner}::{name} not found in the runtime");
    }
    let emitted = emitted_methods();
    for (owner, name) in [
        ("request builder", "send_with_content"),
        ("request builder", "collect_all"),
        ("ClientBuilder", "bearer_token"),
        ("ClientBuilder", "from_env"),
        ("struct", "new"),
    ] {
        assert!(emitted.contains(&(owner.to_string(), name.to_string())), "{owner}::{name} not found in the emitters");
    }
}
