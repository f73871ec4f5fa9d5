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
