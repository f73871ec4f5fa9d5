//! Diagnostics: what the generator tells its user about a spec, with a location they can jump to.
//!
//! Every stage reports problems as [`Diagnostic`]s rather than failing on the first: a user fixing a
//! spec wants the whole list. A location is a file, a JSON pointer into the document and, where the
//! source text lets us find it, a line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on, with a documented fallback.
    Warning,
    /// Generation stops; nothing is written.
    Error,
}

/// Where in a document a finding is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The spec file.
    pub file: PathBuf,
    /// JSON pointer (RFC 6901) into the document, `""` for the whole document.
    pub pointer: String,
    /// 1-based line and column in `file`, when known.
    pub line_col: Option<(usize, usize)>,
}

impl Location {
    /// A location known only by its JSON pointer.
    pub fn pointer(file: &Path, pointer: impl Into<String>) -> Self {
        Location { file: file.to_path_buf(), pointer: pointer.into(), line_col: None }
    }
}

/// One finding about a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, message: message.into(), help: None }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location, message: message.into(), help: None }
    }

    /// Adds how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.location.file.display())?;
        if let Some((line, col)) = self.location.line_col {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.location.pointer.is_empty() {
            write!(f, "\n  at: #{}", self.location.pointer)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The candidate closest to `name`, if it is close enough to be a likely typo (case is ignored):
/// the one source of "did you mean" for every stage.
pub fn closest<'c>(candidates: impl IntoIterator<Item = &'c str>, name: &str) -> Option<&'c str> {
    let lower = name.to_ascii_lowercase();
    let ratio = |c: &str| similar::TextDiff::from_chars(c.to_ascii_lowercase().as_str(), lower.as_str()).ratio();
    candidates.into_iter().map(|c| (c, ratio(c))).filter(|(_, r)| *r > 0.6).max_by(|a, b| a.1.total_cmp(&b.1)).map(|(c, _)| c)
}

/// Several diagnostics, the error type of a stage that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
