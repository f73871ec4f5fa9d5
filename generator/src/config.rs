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
}

/// Reads the configuration at `path`; the repository root is the folder above `spec/`.
pub fn read(path: &Path) -> Result<Vec<Client>, Diagnostics> {
    read_with(path, &[])
}

/// Reads the configuration at `path`; its paths may also lead into the `allowed` folders.
pub fn read_with(path: &Path, allowed: &[PathBuf]) -> Result<Vec<Client>, Diagnostics> {
    let file_path = path;
    let err = |line_col: Option<(usize, usize)>, message: String, help: &str| {
        Diagnostics(vec![Diagnostic::error(Location { file: file_path.to_path_buf(), pointer: String::new(), line_col }, message).help(help)])
    };
    // The configuration and the examples are read as spec files are, with their size limit.
    let max_size = source::Limits::MAX_FILE_SIZE;
    let text = source::read_file(file_path, max_size)
        .map_err(|e| err(None, format!("cannot read the configuration: {e}"), "run from the repository, or pass --spec and --out"))?;
    let file: File = toml::from_str(&text).map_err(|e| {
        let line_col = e.span().map(|s| line_col(&text, s.start));
        err(line_col, format!("invalid configuration: {}", e.message()), "see the format at the top of spec/clients.toml")
    })?;
    let path = normalize(path);
    let base = path.parent().unwrap_or(Path::new("."));
    let root = base.parent().unwrap_or(Path::new("."));
    let scope = source::Scope::folder_and(root, allowed);
    // Each path of an entry, resolved, if it stays inside the project folder.
    let inside = |field: &str, value: &toml::Spanned<PathBuf>| -> Result<PathBuf, Diagnostics> {
        let resolved = normalize(&base.join(value.get_ref()));
        let escape = match scope.contains(&resolved) {
            false => Some(format!("`{field} = {:?}` leads outside `{}`, the project folder", value.get_ref().display().to_string(), scope.folder().display())),
            true => scope.leads_out_through_links(&resolved).then(|| {
                format!("`{field} = {:?}` leads through a symbolic link outside `{}`, the project folder", value.get_ref().display().to_string(), scope.folder().display())
            }),
        };
        match escape {
            Some(message) => Err(err(
                Some(line_col(&text, value.span().start)),
                message,
                "the paths in spec/clients.toml are relative to it and stay inside the folder above it: fix the path, or allow a folder on purpose with `--allow-refs DIR`",
            )),
            None => Ok(resolved),
        }
    };
    let mut out = Vec::new();
    for entry in file.client {
        if !is_crate_name(&entry.name) {
            return Err(err(None, format!("`{}` is not a valid crate name", entry.name), "use ASCII letters, digits, `-` and `_`, starting with a letter"));
        }
        if !is_semver(&entry.version) {
            return Err(err(None, format!("`{}` is not a SemVer version", entry.version), "write the version as MAJOR.MINOR.PATCH, e.g. 0.1.0"));
        }
        let spec = inside("spec", &entry.spec)?;
        let spec_display = relative_display(&spec, root);
        let out_dir = inside("out", &entry.out)?;
        let mut examples = Vec::new();
        if let Some(dir) = &entry.examples {
            let dir = inside("examples", dir)?;
            let listing = std::fs::read_dir(&dir)
                .map_err(|e| err(None, format!("cannot read the examples folder {}: {e}", dir.display()), "fix `examples` in spec/clients.toml"))?;
            let mut names: Vec<PathBuf> = listing.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "rs")).collect();
            names.sort();
            for path in names {
                if scope.leads_out_through_links(&path) {
                    return Err(err(
                        None,
                        format!("the example {} is a symbolic link outside `{}`, the project folder", path.display(), scope.folder().display()),
                        "copy the example into the examples folder",
                    ));
                }
                let code = source::read_file(&path, max_size)
                    .map_err(|e| err(None, format!("cannot read {}: {e}", path.display()), "check the file"))?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                examples.push(crate::settings::Example { source_display: relative_display(&path, root), name, code });
            }
        }
        out.push(Client {
            spec,
            out: out_dir,
            name: entry.name,
            version: entry.version,
            license: entry.license.unwrap_or_else(|| DEFAULT_LICENSE.to_string()),
            spec_display,
            examples,
        });
    }
    Ok(out)
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
    fn display_paths() {
        assert_eq!(relative_display(Path::new("/r/spec/../spec/a.yaml"), Path::new("/r")), "spec/a.yaml");
        assert_eq!(normalize(Path::new("/r/spec/../gen/x")), PathBuf::from("/r/gen/x"));
        assert_eq!(normalize(Path::new("spec/../gen")), PathBuf::from("gen"));
    }
}
