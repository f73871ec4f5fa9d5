//! `generator diff OLD NEW`: what changed between two versions of a spec, what that breaks for
//! HTTP callers, and what it changes in the generated Rust crate (with the version it needs).
//!
//! - [`rules`]: every kind of change and its class (breaking, possibly breaking, safe), by the
//!   direction values flow;
//! - [`spec`]: the comparison of the two documents, in the API's own terms;
//! - [`rust_api`]: both crates generated in memory and their public items compared;
//! - [`report`]: the result as text (coloured on a terminal), Markdown or JSON.
//!
//! Each side is a spec file or a git revision of one (`main:spec/botpress.yaml`, read with
//! `git show` in the current directory's repository); a spec at a git revision reads the files
//! it references at the same revision.

pub mod report;
pub mod rules;
pub mod rust_api;
pub mod spec;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::source::{self, Refused};
use crate::load::{Document, LoadOptions};
pub use rules::Impact;
pub use rust_api::Bump;

/// Where one side of the comparison comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file.
    File(PathBuf),
    /// A file at a git revision: `git show REV:PATH`.
    Git {
        /// The revision (`main`, `HEAD~1`, a commit).
        rev: String,
        /// The path, relative to the repository's root (`./x` for one relative to the current
        /// directory), as git reads it.
        path: String,
    },
}

impl Source {
    /// Reads `arg`: an existing file, else `REV:PATH` when it has a colon, else a file (that
    /// will not be found).
    pub fn parse(arg: &str) -> Source {
        if Path::new(arg).exists() {
            return Source::File(PathBuf::from(arg));
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Source::Git { rev: rev.to_string(), path: path.to_string() },
            _ => Source::File(PathBuf::from(arg)),
        }
    }

    /// How it is named in reports and messages.
    pub fn display(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Git { rev, path } => format!("{rev}:{path}"),
        }
    }

    /// The spec file's path on disk (for a git source, in the working tree), to look it up in
    /// `spec/clients.toml`.
    fn disk_path(&self) -> Option<PathBuf> {
        match self {
            Source::File(p) => std::fs::canonicalize(p).ok(),
            Source::Git { path, .. } => {
                let base = if path.starts_with("./") || path.starts_with("../") {
                    std::env::current_dir().ok()?
                } else {
                    let out = Command::new("git").args(["rev-parse", "--show-toplevel"]).output().ok()?;
                    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
                };
                std::fs::canonicalize(base.join(path)).ok()
            }
        }
    }

    /// Reads and parses the spec within the folders and limits of `options`; a spec at a git
    /// revision reads the files it references at the same revision (its allowed folders are
    /// paths in the repository too).
    pub fn load(&self, options: &LoadOptions) -> Result<Document, Diagnostics> {
        let (name, text) = self.read(options.limits.max_file_size)?;
        match self {
            Source::File(_) => crate::load::load(crate::load::Spec::text(&name, text), options),
            Source::Git { rev, path } => {
                let read = |file: &Path| -> std::io::Result<(PathBuf, String)> {
                    let file = file.to_string_lossy();
                    let text = git_show(&format!("{rev}:{file}"), options.limits.max_file_size)?;
                    Ok((PathBuf::from(format!("{rev}:{file}")), text))
                };
                // References resolve against the path in the repository; messages name the revision.
                let mut doc = crate::load::load(crate::load::Spec::text(Path::new(path), text).read_with(&read), options)?;
                doc.path = name;
                Ok(doc)
            }
        }
    }

    /// The file name that messages use (and whose extension picks YAML or JSON), and the text.
    fn read(&self, max_size: u64) -> Result<(PathBuf, String), Diagnostics> {
        let name = PathBuf::from(self.display());
        let fail = |message: String, help: &str| Diagnostics(vec![Diagnostic::error(Location::pointer(&name, ""), message).help(help)]);
        let refused = |e: &std::io::Error, help: &'static str| match Refused::of(e) {
            Some(refused) => (refused.message.clone(), refused.help.clone()),
            None => (e.to_string(), help.to_string()),
        };
        match self {
            Source::File(p) => {
                let text = source::read_file(p, max_size).map_err(|e| {
                    let (said, help) = refused(&e, "give a spec file, or a git revision of one as REV:PATH (`main:spec/botpress.yaml`)");
                    fail(format!("cannot read the spec: {said}"), &help)
                })?;
                Ok((p.clone(), text))
            }
            Source::Git { rev, path } => {
                let text = git_show(&format!("{rev}:{path}"), max_size).map_err(|e| {
                    let help =
                        "check the revision and the path: it is relative to the repository's root (`REV:./PATH` for one relative to this folder)";
                    let (said, help) = refused(&e, help);
                    fail(format!("cannot read `{path}` at revision `{rev}`: {said}"), &help)
                })?;
                Ok((name, text))
            }
        }
    }
}

/// `git show SPEC` (`REV:PATH`): the file's text, at most `max_size` bytes of it (git is stopped
/// there). When git fails, the error is what it said.
fn git_show(spec: &str, max_size: u64) -> std::io::Result<String> {
    use std::process::Stdio;
    let mut child = Command::new("git")
        .arg("show")
        .arg(spec)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot run git: {e}")))?;
    let read = match child.stdout.take() {
        Some(stdout) => source::read_bounded(stdout, max_size),
        None => Ok(String::new()),
    };
    if read.is_err() {
        let _ = child.kill();
    }
    let out = child.wait_with_output()?;
    if !out.status.success() && read.is_ok() {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, String::from_utf8_lossy(&out.stderr).trim().to_string()));
    }
    read
}

/// How to run a comparison.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The generated crate's current version (default: from `spec/clients.toml` when the spec is
    /// one of the repository's, else 0.1.0).
    pub crate_version: Option<String>,
    /// The folders the specs' references may point into and the limits on reading them.
    pub load: LoadOptions,
    /// Compare only these operations of both sides (and the components they reach); `None`: the
    /// selection of the spec's client in `spec/clients.toml` when it is one, else all.
    pub selection: Option<crate::select::Selection>,
}

/// The Rust side of a report.
#[derive(Debug, Clone, Serialize)]
pub struct RustReport {
    /// The generated crate's name, when the spec is one of `spec/clients.toml`.
    pub crate_name: Option<String>,
    /// The bump the changes need.
    pub bump: Bump,
    /// The crate's version now.
    pub current_version: String,
    /// The version it needs.
    pub next_version: String,
    /// Every change of the public API.
    pub changes: Vec<rust_api::RustChange>,
}

/// Counts of spec changes by class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Breaking for HTTP callers.
    pub breaking: usize,
    /// Possibly breaking.
    pub possibly_breaking: usize,
    /// Safe (documentation included).
    pub safe: usize,
}

/// Everything `diff` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The old side, as named.
    pub old: String,
    /// The new side, as named.
    pub new: String,
    /// Counts by class.
    pub summary: Summary,
    /// The selection of operations compared (as the keys of a `spec/clients.toml` entry), when
    /// there is one: both sides were narrowed to it before anything was compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<String>,
    /// The spec changes, in document order.
    pub changes: Vec<spec::Change>,
    /// The generated crate's changes.
    pub rust: RustReport,
}

impl Report {
    /// Whether nothing changed, in the spec or in the generated API.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.rust.changes.is_empty()
    }

    /// The worst class of the spec changes.
    pub fn worst(&self) -> Option<Impact> {
        self.changes.iter().map(|c| c.impact).max()
    }
}

/// Compares the specs `old` and `new`: loads both, compares them, generates both crates and
/// compares their public API. Errors are the loader's or the generator's diagnostics.
pub fn run(old: &Source, new: &Source, options: &Options) -> Result<Report, Diagnostics> {
    crate::on_big_stack(|| run_here(old, new, options))
}

fn run_here(old: &Source, new: &Source, options: &Options) -> Result<Report, Diagnostics> {
    let mut errors = Vec::new();
    let mut load = |s: &Source| match s.load(&options.load) {
        Ok(d) => Some(d),
        Err(d) => {
            errors.extend(d.0);
            None
        }
    };
    let (old_doc, new_doc) = (load(old), load(new));
    let (Some(mut old_doc), Some(mut new_doc)) = (old_doc, new_doc) else { return Err(Diagnostics(errors)) };
    let client = repository_client(new).or_else(|| repository_client(old));
    let current_version = options.crate_version.clone().or_else(|| client.as_ref().map(|c| c.version.clone())).unwrap_or_else(|| "0.1.0".into());
    let selection = options.selection.clone().or_else(|| client.as_ref().map(|c| c.selection.clone())).unwrap_or_default();
    let crate_name = client.map(|c| c.name);
    // Both sides narrowed to the same selection: what is compared is the API a selected crate
    // has. A side where it matches nothing is compared as having no operation (all removed, or
    // all added), but a selection that matches nothing on either side is an error.
    if !selection.is_empty() {
        let mut kept = 0;
        for doc in [&mut old_doc, &mut new_doc] {
            match crate::select::apply(doc, &selection, true) {
                Ok((k, _)) => kept += k.operations.0,
                Err(d) => errors.extend(d.0),
            }
        }
        if errors.is_empty() && kept == 0 {
            errors.push(
                Diagnostic::error(
                    Location::pointer(&new_doc.path, "/paths"),
                    format!("the selection `{}` matches no operation of either spec", selection.flags()),
                )
                .help("widen the selection, or drop it to compare every operation"),
            );
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
    }
    let mut report = compare_here(&old_doc, &new_doc, crate_name, &current_version)?;
    report.selection = (!selection.is_empty()).then(|| selection.describe());
    Ok(report)
}

/// [`run`] on documents already loaded.
pub fn compare_documents(old: &Document, new: &Document, crate_name: Option<String>, current_version: &str) -> Result<Report, Diagnostics> {
    crate::on_big_stack(|| compare_here(old, new, crate_name, current_version))
}

fn compare_here(old: &Document, new: &Document, crate_name: Option<String>, current_version: &str) -> Result<Report, Diagnostics> {
    let changes = spec::compare(old, new);
    let settings = crate::CrateSettings::plain(crate_name.clone().unwrap_or_else(|| "api-client".into()), current_version);
    let mut errors = Vec::new();
    let mut api = |doc: &Document| match generate(doc, &settings) {
        Ok(api) => Some(api),
        Err(d) => {
            errors.extend(d.0);
            None
        }
    };
    let (old_api, new_api) = (api(old), api(new));
    let (Some(old_api), Some(new_api)) = (old_api, new_api) else { return Err(Diagnostics(errors)) };
    let rust_changes = rust_api::compare(&old_api, &new_api);
    let bump = rust_api::bump(&rust_changes);
    let summary = Summary {
        breaking: changes.iter().filter(|c| c.impact == Impact::Breaking).count(),
        possibly_breaking: changes.iter().filter(|c| c.impact == Impact::PossiblyBreaking).count(),
        safe: changes.iter().filter(|c| c.impact == Impact::Safe).count(),
    };
    Ok(Report {
        old: old.path.display().to_string(),
        new: new.path.display().to_string(),
        summary,
        selection: None,
        changes,
        rust: RustReport {
            crate_name,
            bump,
            current_version: current_version.to_string(),
            next_version: rust_api::next_version(current_version, bump),
            changes: rust_changes,
        },
    })
}

fn generate(doc: &Document, settings: &crate::CrateSettings) -> Result<rust_api::RustApi, Diagnostics> {
    let generated = crate::generate_document(doc, settings)?;
    rust_api::RustApi::collect(&generated.files).map_err(|message| {
        Diagnostics(vec![Diagnostic::error(Location::pointer(&doc.path, ""), format!("cannot read the generated code: {message}"))
            .help("this is a generator bug: please report it with the spec")])
    })
}

/// The `spec/clients.toml` entry (found from the current directory) whose spec is `source`.
fn repository_client(source: &Source) -> Option<crate::config::Client> {
    let path = source.disk_path()?;
    let cwd = std::env::current_dir().ok()?;
    let config = crate::config::find(&cwd)?;
    let clients = crate::config::read(&config).ok()?;
    clients.into_iter().find(|c| std::fs::canonicalize(&c.spec).ok().as_deref() == Some(path.as_path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(Source::parse("main:spec/botpress.yaml"), Source::Git { rev: "main".into(), path: "spec/botpress.yaml".into() });
        assert_eq!(Source::parse("no/such/file.yaml"), Source::File("no/such/file.yaml".into()));
        assert_eq!(Source::parse("HEAD~1:./x.yaml").display(), "HEAD~1:./x.yaml");
    }
}
