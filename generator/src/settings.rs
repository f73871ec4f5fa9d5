//! What crate to make of a spec: its name, version and license, and what is copied into it.
//! Read from `spec/clients.toml` by [`crate::config`] or given on the command line; used by
//! [`crate::emit`].

/// What the generated crate is called and how it is published; from `spec/clients.toml` or flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSettings {
    /// Package name (`botpress-client`).
    pub name: String,
    /// Package version (SemVer).
    pub version: String,
    /// SPDX license expression.
    pub license: String,
    /// The spec's path as shown in generated headers (relative, `/`-separated).
    pub spec_display: String,
    /// Hand-written examples copied into `examples/`: (file name, where it comes from, contents).
    pub examples: Vec<Example>,
    /// Hand-written modules copied into `src/` and declared public in `lib.rs` (`connect.rs`
    /// becomes `pub mod connect;`): what an API needs that OpenAPI cannot say.
    pub modules: Vec<Example>,
    /// Dependencies the hand-written modules need beyond the generated code's: (crate name,
    /// its TOML value: `"9"` or `{ version = "9", default-features = false }`).
    pub dependencies: Vec<(String, String)>,
    /// Emit the client as module `crate::<module>` of another crate instead of a crate of its own
    /// (used to compile every test fixture in one crate): no manifest, README or examples, and
    /// `src/lib.rs` becomes `mod.rs`.
    pub module: Option<String>,
    /// The operations to generate (empty: all of them), and only the types they reach; recorded
    /// in the crate's README and manifest (see [`crate::select`]).
    pub selection: crate::select::Selection,
}

impl CrateSettings {
    /// A crate of this name and version with nothing else to it: the default license, no
    /// examples or modules, every operation, the spec shown as `spec.yaml`.
    pub fn plain(name: impl Into<String>, version: impl Into<String>) -> Self {
        CrateSettings {
            name: name.into(),
            version: version.into(),
            license: crate::config::DEFAULT_LICENSE.into(),
            spec_display: "spec.yaml".into(),
            examples: Vec::new(),
            modules: Vec::new(),
            dependencies: Vec::new(),
            module: None,
            selection: Default::default(),
        }
    }
}

/// A hand-written example program, copied into the crate's `examples/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// File name (`bot_task.rs`).
    pub name: String,
    /// Where it is kept, as shown in its header (`spec/examples/botpress/bot_task.rs`).
    pub source_display: String,
    /// Its code.
    pub code: String,
}
