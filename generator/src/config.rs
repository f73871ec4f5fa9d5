//! The clients a repository generates: `spec/clients.toml`.
//!
//! ```toml
//! [[client]]
//! spec = "botpress.yaml"                  # relative to this file
//! out = "../generated-client/botpress"   # relative to this file
//! name = "botpress-client"               # the crate's package name
//! version = "0.1.0"
//! license = "MIT OR Apache-2.0"          # optional
//! examples = "examples/botpress"         # optional: example programs copied into examples/
//! modules = "modules/botpress"           # optional: hand-written modules copied into src/
//! dependencies = { jsonwebtoken = "9" }  # optional: what those modules need
//! operations = ["users.*"]               # optional: only these operations (operationId globs),
//! tags = ["mail"]                        #   these tags (globs), these path prefixes,
//! paths = ["/me/messages"]               #   and not
//! exclude-tags = ["beta"]                #   exclude-operations, exclude-tags, exclude-paths
//! ```
//!
//! A configuration may come with a repository someone else wrote: its paths must stay inside the
//! project folder (the one above the configuration's folder, the repository for
//! `spec/clients.toml`), `..` and symbolic links resolved, or inside a folder allowed on purpose
//! (`--allow-refs`); files are read as [`crate::load::source`] reads specs.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::source;

/// Where the generator looks for its configuration, from the repository root.
pub const CONFIG_PATH: &str = "spec/clients.toml";

/// The default license of generated crates.
pub const DEFAULT_LICENSE: &str = "MIT OR Apache-2.0";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    client: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    spec: toml::Spanned<PathBuf>,
    out: toml::Spanned<PathBuf>,
    name: String,
    version: String,
    license: Option<String>,
    /// A folder of example programs copied into the crate's `examples/`.
    examples: Option<toml::Spanned<PathBuf>>,
    /// A folder of hand-written modules copied into the crate's `src/`.
    modules: Option<toml::Spanned<PathBuf>>,
    /// Dependencies of those modules: crate name → TOML value.
    dependencies: Option<std::collections::BTreeMap<String, toml::Value>>,
    /// The operations to generate ([`crate::select`]): operationId globs, tag globs, path prefixes.
    #[serde(default)]
    operations: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    /// And those left out.
    #[serde(default, rename = "exclude-operations")]
    exclude_operations: Vec<String>,
    #[serde(default, rename = "exclude-tags")]
    exclude_tags: Vec<String>,
    #[serde(default, rename = "exclude-paths")]
    exclude_paths: Vec<String>,
}

/// One client to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The spec file.
    pub spec: PathBuf,
    /// The crate's directory.
    pub out: PathBuf,
    /// The crate's package name.
    pub name: String,
    /// The crate's version.
    pub version: String,
    /// The crate's license.
    pub license: String,
    /// The spec's path relative to the repository root, `/`-separated (for generated headers).
    pub spec_display: String,
    /// Example programs to copy into the crate.
    pub examples: Vec<crate::settings::Example>,
    /// Hand-written modules to copy into the crate's `src/`.
    pub modules: Vec<crate::settings::Example>,
    /// Their dependencies: (crate name, TOML value).
    pub dependencies: Vec<(String, String)>,
    /// The operations to generate (empty: all).
    pub selection: crate::select::Selection,
}

/// Reads the configuration at `path`; the repository root is the folder above `spec/`.
pub fn read(path: &Path) -> Result<Vec<Client>, Diagnostics> {
    read_with(path, &[])
}

/// Reads the configuration at `path`; its paths may also lead into the `allowed` folders.
pub fn read_with(path: &Path, allowed: &[PathBuf]) -> Result<Vec<Client>, Diagnostics> {
    // The configuration and the examples are read as spec files are, with their size limit.
    let text = source::read_file(path, source::Limits::MAX_FILE_SIZE)
        .map_err(|e| error(path, None, format!("cannot read the configuration: {e}"), "run from the repository, or pass --spec and --out"))?;
    let file: File = toml::from_str(&text).map_err(|e| {
        let line_col = e.span().map(|s| line_col(&text, s.start));
        error(path, line_col, format!("invalid configuration: {}", e.message()), "see the format at the top of spec/clients.toml")
    })?;
    let normalized = normalize(path);
    let base = normalized.parent().unwrap_or(Path::new("."));
    let root = base.parent().unwrap_or(Path::new("."));
    let reader = Reader { file: path, text: &text, base, root, scope: source::Scope::folder_and(root, allowed) };
    file.client.into_iter().map(|entry| reader.client(entry)).collect()
}

/// An error of the configuration file `file`, at `line_col` when known.
fn error(file: &Path, line_col: Option<(usize, usize)>, message: String, help: &str) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(Location { file: file.to_path_buf(), pointer: String::new(), line_col }, message).help(help)])
}

/// What reading the entries of a configuration file needs: its text (for locations), its folder,
/// and the folder its paths must stay in.
struct Reader<'a> {
    file: &'a Path,
    text: &'a str,
    /// The configuration's folder (`spec/`): its paths are relative to it.
    base: &'a Path,
    /// The folder above it, the project's.
    root: &'a Path,
    scope: source::Scope,
}

impl Reader<'_> {
    fn err(&self, line_col: Option<(usize, usize)>, message: String, help: &str) -> Diagnostics {
        error(self.file, line_col, message, help)
    }

    /// An entry's path, resolved, if it stays inside the project folder.
    fn inside(&self, field: &str, value: &toml::Spanned<PathBuf>) -> Result<PathBuf, Diagnostics> {
        let resolved = normalize(&self.base.join(value.get_ref()));
        let shown = value.get_ref().display().to_string();
        let folder = self.scope.folder().display();
        let escape = match self.scope.contains(&resolved) {
            false => Some(format!("`{field} = {shown:?}` leads outside `{folder}`, the project folder")),
            true => self
                .scope
                .leads_out_through_links(&resolved)
                .then(|| format!("`{field} = {shown:?}` leads through a symbolic link outside `{folder}`, the project folder")),
        };
        match escape {
            Some(message) => Err(self.err(
                Some(line_col(self.text, value.span().start)),
                message,
                "the paths in spec/clients.toml are relative to it and stay inside the folder above it: fix the path, or allow a folder on purpose with `--allow-refs DIR`",
            )),
            None => Ok(resolved),
        }
    }

    /// The `.rs` files of the folder `dir` names (`examples`, `modules`), in name order.
    fn read_folder(&self, field: &str, dir: &toml::Spanned<PathBuf>) -> Result<Vec<crate::emit::Example>, Diagnostics> {
        let dir = self.inside(field, dir)?;
        let listing = std::fs::read_dir(&dir).map_err(|e| {
            self.err(None, format!("cannot read the {field} folder {}: {e}", dir.display()), &format!("fix `{field}` in spec/clients.toml"))
        })?;
        let mut names: Vec<PathBuf> = listing.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "rs")).collect();
        names.sort();
        let mut files = Vec::new();
        for path in names {
            if self.scope.leads_out_through_links(&path) {
                return Err(self.err(
                    None,
                    format!("{} is a symbolic link outside `{}`, the project folder", path.display(), self.scope.folder().display()),
                    &format!("copy the file into the {field} folder"),
                ));
            }
            let code = source::read_file(&path, source::Limits::MAX_FILE_SIZE)
                .map_err(|e| self.err(None, format!("cannot read {}: {e}", path.display()), "check the file"))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(crate::settings::Example { source_display: relative_display(&path, self.root), name, code });
        }
        Ok(files)
    }

    /// One `[[client]]` entry, checked, its paths resolved and its folders read.
    fn client(&self, entry: Entry) -> Result<Client, Diagnostics> {
        if !is_crate_name(&entry.name) {
            return Err(self.err(
                None,
                format!("`{}` is not a valid crate name", entry.name),
                "use ASCII letters, digits, `-` and `_`, starting with a letter",
            ));
        }
        if !is_semver(&entry.version) {
            return Err(self.err(None, format!("`{}` is not a SemVer version", entry.version), "write the version as MAJOR.MINOR.PATCH, e.g. 0.1.0"));
        }
        let spec = self.inside("spec", &entry.spec)?;
        let spec_display = relative_display(&spec, self.root);
        let out_dir = self.inside("out", &entry.out)?;
        let examples = match &entry.examples {
            Some(dir) => self.read_folder("examples", dir)?,
            None => Vec::new(),
        };
        let modules = match &entry.modules {
            Some(dir) => self.read_folder("modules", dir)?,
            None => Vec::new(),
        };
        for module in &modules {
            let stem = module.name.trim_end_matches(".rs");
            if !is_module_name(stem) {
                return Err(self.err(
                    None,
                    format!("the hand-written module {} cannot be a module of the crate: `{stem}` is not a free snake_case name", module.source_display),
                    "name it in snake_case (letters, digits, `_`), not a Rust keyword nor a generated module (client, error, request, retry, paging, enums, nullable, sse, operations, types)",
                ));
            }
        }
        let dependencies = entry
            .dependencies
            .iter()
            .flatten()
            .map(|(name, value)| {
                if !is_crate_name(name) {
                    return Err(self.err(None, format!("`{name}` is not a valid crate name"), "fix `dependencies` in spec/clients.toml"));
                }
                Ok((name.clone(), value.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Client {
            spec,
            out: out_dir,
            name: entry.name,
            version: entry.version,
            license: entry.license.unwrap_or_else(|| DEFAULT_LICENSE.to_string()),
            spec_display,
            examples,
            modules,
            dependencies,
            selection: crate::select::Selection {
                operations: entry.operations,
                tags: entry.tags,
                paths: entry.paths,
                exclude_operations: entry.exclude_operations,
                exclude_tags: entry.exclude_tags,
                exclude_paths: entry.exclude_paths,
            },
        })
    }
}

/// Finds `spec/clients.toml` in `start` or a folder above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(CONFIG_PATH)).find(|p| p.is_file())
}

/// Whether `name` is a valid crate name.
pub fn is_crate_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
}

/// Whether `stem` can name a hand-written module of a generated crate: snake_case, not a
/// keyword, not one of the modules the generator writes.
pub fn is_module_name(stem: &str) -> bool {
    const GENERATED: &[&str] = &["client", "error", "request", "retry", "paging", "enums", "nullable", "sse", "operations", "types", "lib", "main"];
    stem.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !GENERATED.contains(&stem)
        && crate::naming::snake(stem) == stem
}

/// Whether `version` is MAJOR.MINOR.PATCH with an optional pre-release or build suffix.
pub fn is_semver(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0')))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn relative_display(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts: Vec<String> = Vec::new();
    for c in rel.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                parts.pop();
            }
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_versions() {
        assert!(is_crate_name("botpress-client"));
        assert!(!is_crate_name("1abc"));
        assert!(!is_crate_name("Botpress Cloud API"));
        assert!(is_semver("0.1.0"));
        assert!(is_semver("1.2.3-beta.1"));
        assert!(!is_semver("v1"));
        assert!(!is_semver("1.0"));
        assert!(!is_semver("01.0.0"));
    }

    #[test]
    fn module_names() {
        assert!(is_module_name("connect"));
        assert!(is_module_name("user_keys2"));
        for bad in ["client", "sse", "types", "operations", "type", "Connect", "2fa", "my-mod", ""] {
            assert!(!is_module_name(bad), "{bad}");
        }
    }

    /// A temporary project: `spec/clients.toml` with `config`, and the files given.
    fn project(config: &str, files: &[(&str, &str)]) -> PathBuf {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("generator-config-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("spec")).unwrap();
        std::fs::write(root.join("spec/clients.toml"), config).unwrap();
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        root
    }

    const ENTRY: &str = "[[client]]\nspec = \"a.yaml\"\nout = \"../out\"\nname = \"a-client\"\nversion = \"0.1.0\"\n";

    #[test]
    fn hand_written_modules_and_their_dependencies_are_read() {
        let config = format!(
            "{ENTRY}modules = \"modules/a\"\ndependencies = {{ jsonwebtoken = {{ version = \"9\", default-features = false }}, hex = \"0.4\" }}\n"
        );
        let root = project(&config, &[("spec/modules/a/connect.rs", "//! Connect.\n"), ("spec/modules/a/notes.txt", "not rust")]);
        let clients = read(&root.join("spec/clients.toml")).unwrap();
        let modules: Vec<(&str, &str)> = clients[0].modules.iter().map(|m| (m.name.as_str(), m.source_display.as_str())).collect();
        assert_eq!(modules, [("connect.rs", "spec/modules/a/connect.rs")]);
        assert_eq!(clients[0].modules[0].code, "//! Connect.\n");
        let deps: Vec<(&str, &str)> = clients[0].dependencies.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(deps, [("hex", "\"0.4\""), ("jsonwebtoken", "{ default-features = false, version = \"9\" }")]);
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_module_named_like_a_generated_one_is_refused() {
        let config = format!("{ENTRY}modules = \"modules/a\"\n");
        let root = project(&config, &[("spec/modules/a/client.rs", "")]);
        let message = read(&root.join("spec/clients.toml")).unwrap_err().to_string();
        assert!(message.contains("client.rs") && message.contains("generated module"), "{message}");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_modules_folder_outside_the_project_is_refused() {
        let config = format!("{ENTRY}modules = \"../../elsewhere\"\n");
        let root = project(&config, &[]);
        let message = read(&root.join("spec/clients.toml")).unwrap_err().to_string();
        assert!(message.contains("modules") && message.contains("outside"), "{message}");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_selection_is_read() {
        let config = format!("{ENTRY}operations = [\"users.*\"]\ntags = [\"mail\"]\nexclude-paths = [\"/admin\"]\n");
        let root = project(&config, &[]);
        let clients = read(&root.join("spec/clients.toml")).unwrap();
        let expected = crate::select::Selection {
            operations: vec!["users.*".into()],
            tags: vec!["mail".into()],
            exclude_paths: vec!["/admin".into()],
            ..Default::default()
        };
        assert_eq!(clients[0].selection, expected);
        std::fs::write(root.join("spec/clients.toml"), format!("{ENTRY}exclude_tags = [\"x\"]\n")).unwrap();
        let message = read(&root.join("spec/clients.toml")).unwrap_err().to_string();
        assert!(message.contains("unknown field `exclude_tags`") && message.contains("exclude-tags"), "{message}");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn display_paths() {
        assert_eq!(relative_display(Path::new("/r/spec/../spec/a.yaml"), Path::new("/r")), "spec/a.yaml");
        assert_eq!(normalize(Path::new("/r/spec/../gen/x")), PathBuf::from("/r/gen/x"));
        assert_eq!(normalize(Path::new("spec/../gen")), PathBuf::from("gen"));
    }
}
