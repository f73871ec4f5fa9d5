//! Stage 6, write: put a generated crate on disk atomically, or compare it with what is there.
//!
//! The new tree is written next to the output directory and swapped in with renames, so a
//! failure leaves the old tree as it was. Files that did not change are not rewritten (their
//! modification times stay, so cargo does not rebuild), and nothing is written at all when the
//! crate is up to date.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Entries of an output directory that are not the generator's and survive a regeneration.
const KEEP: &[&str] = &["target", "Cargo.lock"];

/// A difference between the generated crate and the directory on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// Generated, but not on disk.
    Missing(String),
    /// On disk with other contents; with a unified diff (disk → generated).
    Changed(String, String),
    /// On disk, but no longer generated.
    Extra(String),
}

impl Stale {
    /// The file's path relative to the output directory.
    pub fn path(&self) -> &str {
        match self {
            Stale::Missing(p) | Stale::Changed(p, _) | Stale::Extra(p) => p,
        }
    }
}

/// Compares the generated `files` with `dir`, with a unified diff for each changed file.
pub fn compare(dir: &Path, files: &[(String, String)]) -> io::Result<Vec<Stale>> {
    compare_files(dir, files, true)
}

fn compare_files(dir: &Path, files: &[(String, String)], diffs: bool) -> io::Result<Vec<Stale>> {
    let mut out = Vec::new();
    for (path, contents) in files {
        match fs::read_to_string(dir.join(path)) {
            Ok(on_disk) if on_disk == *contents => {}
            Ok(_) if !diffs => out.push(Stale::Changed(path.clone(), String::new())),
            Ok(on_disk) => {
                let diff = similar::TextDiff::from_lines(&on_disk, contents)
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("{path} (on disk)"), &format!("{path} (generated)"))
                    .to_string();
                out.push(Stale::Changed(path.clone(), diff));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => out.push(Stale::Missing(path.clone())),
            Err(e) => return Err(e),
        }
    }
    if dir.exists() {
        for existing in list(dir, dir)? {
            if !files.iter().any(|(p, _)| *p == existing) {
                out.push(Stale::Extra(existing));
            }
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(out)
}

/// Writes `files` as the whole contents of `dir` (keeping `target/` and `Cargo.lock`).
/// Returns what changed (without diffs); writes nothing if nothing did.
pub fn write_atomic(dir: &Path, files: &[(String, String)]) -> io::Result<Vec<Stale>> {
    let changes = compare_files(dir, files, false)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    fs::create_dir_all(&parent)?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = fs::remove_dir_all(&staging);
    let result = (|| {
        for (path, contents) in files {
            let target = staging.join(path);
            if let Some(p) = target.parent() {
                fs::create_dir_all(p)?;
            }
            // Unchanged files are moved over later so their timestamps stay; write the others.
            let unchanged = fs::read_to_string(dir.join(path)).is_ok_and(|c| c == *contents);
            if unchanged {
                fs::copy(dir.join(path), &target)?;
                let modified = fs::metadata(dir.join(path))?.modified()?;
                fs::File::options().write(true).open(&target)?.set_modified(modified)?;
            } else {
                fs::write(&target, contents)?;
            }
        }
        Ok::<_, io::Error>(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if dir.exists() {
        for keep in KEEP {
            let from = dir.join(keep);
            if from.exists() {
                fs::rename(&from, staging.join(keep))?;
            }
        }
        fs::rename(dir, &old)?;
        if let Err(e) = fs::rename(&staging, dir) {
            // Put the old tree back.
            let _ = fs::rename(&old, dir);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&staging, dir)?;
    }
    Ok(changes)
}

/// Every file under `dir`, relative and `/`-separated, skipping [`KEEP`] entries at the top.
fn list(root: &Path, dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let rel_str = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
        if dir == root && KEEP.contains(&rel_str.as_str()) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            out.extend(list(root, &path)?);
        } else {
            out.push(rel_str);
        }
    }
    Ok(out)
}
