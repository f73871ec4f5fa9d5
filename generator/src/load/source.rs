//! Reading spec files written by someone else: which files may be read ([`Scope`]), how (regular
//! files only, never more than a limit), and how much in all ([`Limits`], every limit on one spec
//! in this one place, with its default).
//!
//! A spec's references to other files stay inside the folder of the root document, or a folder
//! allowed on purpose ([`LoadOptions::allow_refs`], `--allow-refs`): an absolute path, a `file:`
//! URL or a `..` that leads out is refused before anything is read ([`Scope::admits`], on the
//! path as written), and a symbolic link that leads out is refused when the file is opened
//! ([`disk_reader`], on the path the file system resolves). What is read must be a regular file
//! (a FIFO, a device such as `/dev/zero` or a directory is refused from its metadata, before it
//! is opened) and is read through [`Read::take`], so no file can make the generator wait or
//! fill its memory.

use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// How large a spec may be, file by file and in all. [`Limits::default`] is generous for real
/// specs (the largest public ones are a few megabytes) and safe for hostile ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read, in bytes (`--max-spec-size`).
    pub max_file_size: u64,
    /// The most files one spec may be made of, the root document included (`--max-spec-files`).
    pub max_files: usize,
    /// The most bytes all the files of one spec may add up to (`--max-spec-total-size`).
    pub max_total_size: u64,
    /// The deepest a bundled document may nest (the parsers' own limit for one file).
    pub max_depth: usize,
    /// How many nodes references may copy in place in all (about a thousand times the largest
    /// real specs'): references that copy each other over and over would grow the document
    /// exponentially.
    pub max_copied_nodes: usize,
}

impl Limits {
    /// The default limit on one file: 64 MiB.
    pub const MAX_FILE_SIZE: u64 = 64 << 20;
    /// The default limit on the number of files: 1,000.
    pub const MAX_FILES: usize = 1_000;
    /// The default limit on all files together: 256 MiB.
    pub const MAX_TOTAL_SIZE: u64 = 256 << 20;
    /// The nesting limit: 128 levels.
    pub const MAX_DEPTH: usize = 128;
    /// The limit on nodes copied in place: 20 million.
    pub const MAX_COPIED_NODES: usize = 20_000_000;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: Self::MAX_FILE_SIZE,
            max_files: Self::MAX_FILES,
            max_total_size: Self::MAX_TOTAL_SIZE,
            max_depth: Self::MAX_DEPTH,
            max_copied_nodes: Self::MAX_COPIED_NODES,
        }
    }
}

/// How a spec is loaded: the folders its references may point into besides its own, and the limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Folders, besides the root document's own, that references to other files may point into
    /// (`--allow-refs`).
    pub allow_refs: Vec<PathBuf>,
    /// How large the spec may be.
    pub limits: Limits,
    /// Refuse what the generator would otherwise read past with a warning, assuming what the
    /// author evidently meant (`--strict`): a path template variable no parameter declares, a
    /// request body with no content.
    pub strict: bool,
}

/// Why a file was not read, and what to do about it: carried inside the [`std::io::Error`] a
/// reader returns, so that messages can say it (see [`Refused::of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What is wrong, after "cannot read `file`: ".
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Refused {
    fn new(message: String, help: impl Into<String>) -> Self {
        Refused { message, help: help.into() }
    }

    /// The refusal inside `error`, when a reader refused the file.
    pub fn of(error: &std::io::Error) -> Option<&Refused> {
        error.get_ref().and_then(|inner| inner.downcast_ref::<Refused>())
    }

    fn into_io(self) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::PermissionDenied, self)
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refused {}

/// The folders a spec's references may point into: the root document's folder and the allowed
/// ones. Paths are compared as written (made absolute against the current folder, `.` and `..`
/// resolved, links not followed): that is all a git revision has.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The root document's folder, as the user named it (for messages).
    shown: PathBuf,
    /// Every folder, absolute and normalised.
    folders: Vec<PathBuf>,
}

impl Scope {
    /// The scope of the spec whose root document is `root`.
    pub fn new(root: &Path, allow_refs: &[PathBuf]) -> Self {
        Self::folder_and(root.parent().unwrap_or(Path::new("")), allow_refs)
    }

    /// `folder` and the `allowed` ones.
    pub fn folder_and(folder: &Path, allowed: &[PathBuf]) -> Self {
        let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
        let folders = std::iter::once(folder).chain(allowed.iter().map(PathBuf::as_path)).map(absolute).collect();
        Scope { shown: folder.to_path_buf(), folders }
    }

    /// Whether `path`, as written, is inside one of the folders.
    pub fn contains(&self, path: &Path) -> bool {
        let target = absolute(path);
        self.folders.iter().any(|f| target.starts_with(f))
    }

    /// Whether `path` leads outside every folder once the file system resolves its links (for a
    /// path that does not exist yet, its nearest existing folder resolved and the rest appended).
    /// Where it leads is not said: a message should not tell more of the machine than it must.
    pub fn leads_out_through_links(&self, path: &Path) -> bool {
        let folders: Vec<PathBuf> = self.folders.iter().filter_map(|f| std::fs::canonicalize(f).ok()).collect();
        let real = resolve_existing(&absolute(path));
        !folders.iter().any(|f| real.starts_with(f))
    }

    /// The root document's folder, as the user named it.
    pub fn folder(&self) -> &Path {
        &self.shown
    }

    /// `None` when `path` (the referencing file's folder joined with `reference`) may be read;
    /// else why not.
    pub fn admits(&self, reference: &str, path: &Path) -> Option<Refused> {
        let folder = self.shown.display();
        let help = format!(
            "references to other files are relative paths that stay inside `{folder}`, the folder of the root document: \
             move the file there, or allow its folder on purpose with `--allow-refs DIR`"
        );
        let file_part = reference.split_once('#').map_or(reference, |(file, _)| file);
        if is_file_url(file_part) {
            return Some(Refused::new(format!("reference `{reference}` is a `file:` URL; only relative paths inside `{folder}` are read"), help));
        }
        if self.contains(path) {
            return None;
        }
        let message = if Path::new(file_part).has_root() {
            format!("reference `{reference}` is an absolute path outside `{folder}`, the folder references must stay in")
        } else {
            format!("reference `{reference}` leads outside `{folder}`, the folder references must stay in")
        };
        Some(Refused::new(message, help))
    }
}

/// Whether `reference` is a `file:` URL (`file:///etc/passwd`, `file:a.yaml`).
pub fn is_file_url(reference: &str) -> bool {
    reference.get(..5).is_some_and(|scheme| scheme.eq_ignore_ascii_case("file:"))
}

/// A reader of the files a spec references, from disk: only inside `scope` once links are
/// followed, only regular files, at most `limits.max_file_size` bytes each. Files are shown by
/// the path they are referenced by.
pub fn disk_reader(scope: &Scope, limits: &Limits) -> impl Fn(&Path) -> std::io::Result<(PathBuf, String)> {
    let shown = scope.shown.clone();
    // A folder that does not exist holds nothing to read.
    let folders: Vec<PathBuf> = scope.folders.iter().filter_map(|f| std::fs::canonicalize(f).ok()).collect();
    let max = limits.max_file_size;
    move |path: &Path| {
        let real = std::fs::canonicalize(path)?;
        if !folders.iter().any(|f| real.starts_with(f)) {
            return Err(Refused::new(
                format!("it leads through a symbolic link outside `{}`, the folder references must stay in", shown.display()),
                "references may not lead out of the root document's folder through a link: copy the file into it, \
                 or allow the link's target folder on purpose with `--allow-refs DIR`",
            )
            .into_io());
        }
        Ok((path.to_path_buf(), read_file(&real, max)?))
    }
}

/// The text of the regular file at `path`, if it has at most `max_size` bytes of UTF-8.
///
/// The file type and size are checked from the metadata before the file is opened (opening a
/// FIFO would wait for a writer), and again on the open file; reading stops after `max_size + 1`
/// bytes whatever the metadata said.
pub fn read_file(path: &Path, max_size: u64) -> std::io::Result<String> {
    check_metadata(&std::fs::metadata(path)?, max_size)?;
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    check_metadata(&metadata, max_size)?;
    // Room for the whole file at once: a 13 MB spec read into a growing string would hold 16 MB.
    let mut text = String::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    read_bounded_into(file, max_size, &mut text)?;
    Ok(text)
}

/// The UTF-8 text `reader` gives, if it is at most `max_size` bytes (it is not read further).
pub fn read_bounded(reader: impl Read, max_size: u64) -> std::io::Result<String> {
    let mut text = String::new();
    read_bounded_into(reader, max_size, &mut text)?;
    Ok(text)
}

fn read_bounded_into(reader: impl Read, max_size: u64, text: &mut String) -> std::io::Result<()> {
    reader.take(max_size.saturating_add(1)).read_to_string(text)?;
    if text.len() as u64 > max_size {
        return Err(too_large(max_size));
    }
    Ok(())
}

fn check_metadata(metadata: &std::fs::Metadata, max_size: u64) -> std::io::Result<()> {
    if !metadata.is_file() {
        return Err(Refused::new(
            format!("it is {}, not a regular file", file_kind(metadata)),
            "a spec and the files it references are regular YAML or JSON files",
        )
        .into_io());
    }
    if metadata.len() > max_size {
        return Err(too_large(max_size));
    }
    Ok(())
}

fn too_large(max_size: u64) -> std::io::Error {
    Refused::new(
        format!("it is larger than {max_size} bytes, the limit on one spec file"),
        "if the file is right, raise the limit with `--max-spec-size BYTES`",
    )
    .into_io()
}

/// What a file that is not a regular file is, for a message.
fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "something else"
}

/// `path` with its longest existing start canonicalized (links resolved), the rest appended; a
/// link to something that does not exist yet is followed too.
fn resolve_existing(path: &Path) -> PathBuf {
    resolve_existing_within(path, 40)
}

fn resolve_existing_within(path: &Path, links: usize) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        let resolved = match std::fs::canonicalize(at) {
            Ok(real) => Some(real),
            // A dangling link: where it would lead.
            Err(_) => match (std::fs::read_link(at), at.parent()) {
                (Ok(target), Some(parent)) if links > 0 => Some(resolve_existing_within(&absolute(&parent.join(target)), links - 1)),
                _ => None,
            },
        };
        if let Some(real) = resolved {
            return rest.iter().rev().fold(real, |real, part| real.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// `path` made absolute against the current folder, `.` and `..` resolved (a `..` above the
/// root stays at the root), without touching the file system.
fn absolute(path: &Path) -> PathBuf {
    let joined = match path.is_absolute() {
        true => path.to_path_buf(),
        false => std::env::current_dir().unwrap_or_default().join(path),
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads a size: bytes, or with a `K`, `M` or `G` suffix (powers of 1024; `KiB`, `MB`, ... too).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number.parse().map_err(|_| format!("`{text}` is not a size: write bytes, or a number with K, M or G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{unit}` is not a size unit: use K, M or G")),
    };
    number.checked_mul(1 << shift).ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2 KiB"), Ok(2048));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("-1").is_err());
        assert!(parse_size("1T").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }

    #[test]
    fn what_a_scope_admits() {
        let scope = Scope::new(Path::new("spec/api.yaml"), &[PathBuf::from("shared")]);
        assert_eq!(scope.folder(), Path::new("spec"));
        assert_eq!(scope.admits("a.yaml", Path::new("spec/a.yaml")), None);
        assert_eq!(scope.admits("x/../a.yaml", Path::new("spec/x/../a.yaml")), None);
        assert_eq!(scope.admits("../shared/c.yaml", Path::new("spec/../shared/c.yaml")), None, "an allowed folder");
        assert!(scope.admits("../b.yaml", Path::new("spec/../b.yaml")).is_some());
        assert!(scope.admits("../spec2/b.yaml", Path::new("spec/../spec2/b.yaml")).is_some(), "a sibling whose name starts alike");
        let refused = scope.admits("/etc/passwd", Path::new("/etc/passwd")).unwrap();
        assert!(refused.message.contains("absolute path outside `spec`"), "{refused:?}");
        let refused = scope.admits("file:a.yaml#/x", Path::new("spec/file:a.yaml")).unwrap();
        assert!(refused.message.contains("`file:` URL"), "{refused:?}");
        let root = Scope::new(Path::new("api.yaml"), &[]);
        assert_eq!(root.folder(), Path::new("."));
        assert!(root.admits("../x.yaml", Path::new("../x.yaml")).is_some());
        assert_eq!(root.admits("x.yaml", Path::new("x.yaml")), None);
    }
}
