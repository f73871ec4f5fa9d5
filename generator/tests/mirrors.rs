//! The generator's model and the runtime it emits share some vocabularies by name, so the
//! emitters can spell one with the other's name instead of a hand-kept table of arms. Each pair is
//! checked here, parsed from the sources: a variant added on one side only fails.

use std::collections::BTreeSet;

/// The variant names of the enum `name` in the Rust file at `path` (relative to this crate).
fn variants(path: &str, name: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let found = file.items.iter().find_map(|item| match item {
        syn::Item::Enum(e) if e.ident == name => Some(e.variants.iter().map(|v| v.ident.to_string()).collect()),
        _ => None,
    });
    found.unwrap_or_else(|| panic!("no enum {name} in {path}"))
}

#[test]
fn every_parameter_style_of_the_model_is_a_style_of_the_runtime() {
    // `emit/operations.rs` writes `Style::#name` with the name of the model's variant.
    assert_eq!(variants("src/model/mod.rs", "ParamStyle"), variants("src/emit/runtime/request.rs", "Style"));
}
