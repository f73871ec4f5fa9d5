//! The checked-in crates under `generated-client/` are exactly what `spec/` generates.

use std::path::Path;

use generator::{config, write, CrateSettings};

#[test]
fn generated_clients_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let clients = config::read(&root.join(config::CONFIG_PATH)).expect("spec/clients.toml is valid");
    assert!(!clients.is_empty());
    let mut stale = Vec::new();
    for client in clients {
        let settings = CrateSettings {
            name: client.name.clone(),
            version: client.version.clone(),
            license: client.license.clone(),
            spec_display: client.spec_display.clone(),
            examples: client.examples.clone(),
            modules: client.modules.clone(),
            dependencies: client.dependencies.clone(),
            module: None,
            selection: client.selection.clone(),
        };
        let generated = generator::Generator::new(&settings).generate(generator::Spec::File(&client.spec)).unwrap_or_else(|e| panic!("{e}"));
        for change in write::compare(&client.out, &generated.files).unwrap() {
            stale.push(format!("{}: {:?}", client.out.join(change.path()).display(), change));
        }
    }
    assert!(stale.is_empty(), "generated-client/ is stale; run `cargo run -p openapi-rs-generator -- generate`:\n{}", stale.join("\n"));
}
