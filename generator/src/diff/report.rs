//! A [`Report`] as readable text (coloured on a terminal), as Markdown for a pull request comment
//! (a summary table first, details folded), or as JSON for tools.
//!
//! Every format puts the verdict first: how many changes break HTTP callers, and the version the
//! generated crate needs. Then the changes, worst first, grouped by operation or component; then
//! the generated Rust API's changes. Changes to documentation only are counted, and listed last.

use std::fmt::Write as _;

use super::rules::Impact;
use super::rust_api::{Bump, Kind, RustChange};
use super::spec::{Change, Flow, Which};
use super::Report;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable text.
    Text,
    /// Markdown, for a pull request comment.
    Markdown,
    /// JSON, for tools.
    Json,
}

/// `report` in `format`; text is coloured with ANSI codes when `color` is set.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text(report, color),
        Format::Markdown => markdown(report),
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
    }
}

const CLASSES: [(Impact, &str); 3] = [(Impact::Breaking, "Breaking"), (Impact::PossiblyBreaking, "Possibly breaking"), (Impact::Safe, "Safe")];

fn is_doc(c: &Change) -> bool {
    c.rule == "documentation-changed"
}

/// Where a change is: its operation, its component, or the API as a whole.
fn place(c: &Change) -> String {
    match (&c.operation, &c.component) {
        (Some(op), _) => op.clone(),
        (None, Some(component)) => format!("component `{component}`"),
        (None, None) => "the API".to_string(),
    }
}

fn used_by(c: &Change, max: usize) -> Option<String> {
    c.component.as_ref()?;
    if c.used_by.is_empty() {
        return Some("used by no operation".into());
    }
    let shown: Vec<&str> = c.used_by.iter().take(max).map(String::as_str).collect();
    let more = c.used_by.len().saturating_sub(max);
    let list = if more > 0 { format!("{}, and {more} more", shown.join(", ")) } else { shown.join(", ") };
    Some(format!("used by {} operation{}: {list}", c.used_by.len(), if c.used_by.len() == 1 { "" } else { "s" }))
}

fn flow(c: &Change) -> &'static str {
    match c.flow {
        Some(Flow::Request) => " (in requests)",
        Some(Flow::Response) => " (in responses)",
        Some(Flow::Both) => " (in requests and responses)",
        Some(Flow::Unused) => " (unused)",
        None => "",
    }
}

fn location(c: &Change) -> String {
    let which = match c.document {
        Which::Old => "old",
        Which::New => "new",
    };
    match c.line {
        Some(line) => format!("#{} ({which} line {line})", c.pointer),
        None => format!("#{} ({which})", c.pointer),
    }
}

/// Changes of one class, grouped by place in first-seen order.
fn grouped<'r>(changes: impl Iterator<Item = &'r Change>) -> Vec<(String, Vec<&'r Change>)> {
    let mut groups: Vec<(String, Vec<&Change>)> = Vec::new();
    for c in changes {
        let p = place(c);
        match groups.iter_mut().find(|(k, _)| *k == p) {
            Some((_, list)) => list.push(c),
            None => groups.push((p, vec![c])),
        }
    }
    groups
}

fn verdict(report: &Report) -> String {
    let s = report.summary;
    let docs = report.changes.iter().filter(|c| is_doc(c)).count();
    let docs = if docs > 0 { format!(" ({docs} to documentation only)") } else { String::new() };
    format!("{} breaking, {} possibly breaking, {} safe{docs}", s.breaking, s.possibly_breaking, s.safe)
}

fn crate_label(report: &Report) -> String {
    report.rust.crate_name.clone().unwrap_or_else(|| "the generated crate".into())
}

fn version_line(report: &Report) -> String {
    let r = &report.rust;
    let name = r.crate_name.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
    match r.bump {
        Bump::None => format!("{name}{} stays: no change to its public API", r.current_version),
        Bump::Patch => format!("{name}{} → {}: patch (documentation only)", r.current_version, r.next_version),
        Bump::Minor => format!("{name}{} → {}: minor (additions to its public API)", r.current_version, r.next_version),
        Bump::Major => format!("{name}{} → {}: major (breaking changes to its public API)", r.current_version, r.next_version),
    }
}

fn rust_counts(changes: &[RustChange]) -> String {
    let count = |k: Kind| changes.iter().filter(|c| c.kind == k).count();
    let parts: Vec<String> = [
        (Kind::Removed, "removed"),
        (Kind::Renamed, "renamed"),
        (Kind::Changed, "changed"),
        (Kind::Added, "added"),
        (Kind::Documentation, "documentation"),
    ]
    .iter()
    .filter(|(k, _)| count(*k) > 0)
    .map(|(k, label)| format!("{} {label}", count(*k)))
    .collect();
    parts.join(", ")
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn impact(&self, i: Impact, s: &str) -> String {
        self.wrap(
            match i {
                Impact::Breaking => "1;31",
                Impact::PossiblyBreaking => "1;33",
                Impact::Safe => "1;32",
            },
            s,
        )
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}

fn text(report: &Report, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let _ = writeln!(out, "{}", p.bold(&format!("API diff: {} → {}", report.old, report.new)));
    if let Some(selection) = &report.selection {
        let _ = writeln!(out, "Only the selected operations, and the types they reach, of both: {selection}");
    }
    if report.is_empty() {
        let _ = writeln!(out, "\nNothing changed: the specs are equivalent and so are the generated crates.");
        return out;
    }
    let _ = writeln!(out);
    let worst = report.worst().unwrap_or(Impact::Safe);
    let _ = writeln!(out, "  HTTP callers: {}", p.impact(worst, &verdict(report)));
    let rust_impact = match report.rust.bump {
        Bump::Major => Impact::Breaking,
        _ => Impact::Safe,
    };
    let _ = writeln!(out, "  Rust crate:   {}", p.impact(rust_impact, &version_line(report)));

    for (impact, title) in CLASSES {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.impact == impact && !is_doc(c)).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", p.impact(impact, &format!("{title} ({})", changes.len())));
        for (place, list) in grouped(changes.into_iter()) {
            let _ = writeln!(out, "  {}", p.bold(&place));
            if let Some(u) = used_by(list[0], 5) {
                let _ = writeln!(out, "    {}", p.dim(&u));
            }
            for c in list {
                let _ = writeln!(out, "    - {}{}", c.message, flow(c));
                if impact == Impact::Safe {
                    let _ = writeln!(out, "      {}", p.dim(&location(c)));
                } else {
                    let _ = writeln!(out, "      why: {}", c.reason);
                    let _ = writeln!(out, "      {}", p.dim(&location(c)));
                }
            }
        }
    }
    let docs: Vec<&Change> = report.changes.iter().filter(|c| is_doc(c)).collect();
    if !docs.is_empty() {
        let _ = writeln!(out, "\n{}", p.impact(Impact::Safe, &format!("Documentation only ({})", docs.len())));
        for (place, list) in grouped(docs.into_iter()) {
            let what: Vec<&str> = list.iter().map(|c| c.message.as_str()).collect();
            let _ = writeln!(out, "  {place}: {}", what.join("; "));
        }
    }

    let rust = &report.rust;
    if !rust.changes.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&format!("Generated Rust API ({}): {}", crate_label(report), rust_counts(&rust.changes))));
        for c in rust.changes.iter().filter(|c| c.kind != Kind::Documentation) {
            let tag = format!("{:<8}", c.bump.label());
            let tag = if c.bump == Bump::Major { p.impact(Impact::Breaking, &tag) } else { tag };
            let _ = writeln!(out, "  {tag} {} {}", kind_label(c.kind), c.item);
            match (&c.old, &c.new) {
                (Some(o), Some(n)) => {
                    let _ = writeln!(out, "           {}", p.dim(&format!("was: {o}")));
                    let _ = writeln!(out, "           {}", p.dim(&format!("now: {n}")));
                }
                (Some(s), None) | (None, Some(s)) => {
                    let _ = writeln!(out, "           {}", p.dim(s));
                }
                (None, None) => {}
            }
            if c.bump == Bump::Major || c.kind == Kind::Added && c.item.contains('.') {
                let _ = writeln!(out, "           {}", p.dim(&format!("why: {}", c.reason)));
            }
        }
        let docs: Vec<&str> = rust.changes.iter().filter(|c| c.kind == Kind::Documentation).map(|c| c.item.as_str()).collect();
        if !docs.is_empty() {
            let _ = writeln!(out, "  patch    documentation of {}", list_some(&docs, 8));
        }
    }
    out
}

fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Removed => "removed",
        Kind::Renamed => "renamed",
        Kind::Changed => "changed",
        Kind::Added => "added  ",
        Kind::Documentation => "docs   ",
    }
}

fn list_some(items: &[&str], max: usize) -> String {
    let shown = items.iter().take(max).copied().collect::<Vec<_>>().join(", ");
    if items.len() > max {
        format!("{shown} and {} more", items.len() - max)
    } else {
        shown
    }
}

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### API changes: `{}` → `{}`\n", report.old, report.new);
    if let Some(selection) = &report.selection {
        let _ = writeln!(out, "Only the selected operations, and the types they reach, of both: `{selection}`\n");
    }
    if report.is_empty() {
        let _ = writeln!(out, "Nothing changed: the specs are equivalent and so are the generated crates.");
        return out;
    }
    let s = report.summary;
    let docs = report.changes.iter().filter(|c| is_doc(c)).count();
    let rust = &report.rust;
    let version = if rust.bump == Bump::None {
        format!("`{}` stays", rust.current_version)
    } else {
        format!("`{}` → **`{}`**", rust.current_version, rust.next_version)
    };
    let _ = writeln!(out, "| | |\n| --- | --- |");
    let _ = writeln!(out, "| 🔴 Breaking for HTTP callers | **{}** |", s.breaking);
    let _ = writeln!(out, "| 🟠 Possibly breaking | **{}** |", s.possibly_breaking);
    let doc_note = if docs > 0 { format!(" ({docs} to documentation only)") } else { String::new() };
    let _ = writeln!(out, "| 🟢 Safe | {}{doc_note} |", s.safe);
    let counts = if rust.changes.is_empty() { "no change".to_string() } else { rust_counts(&rust.changes) };
    let _ = writeln!(
        out,
        "| 🦀 Rust API of {} | **{}**: {counts} |",
        cell(&format!("`{}`", crate_label(report))).replace("`the generated crate`", "the generated crate"),
        rust.bump.label()
    );
    let _ = writeln!(out, "| 📦 Crate version | {version} |");

    for (impact, title) in CLASSES {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.impact == impact && !is_doc(c)).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n<details><summary><b>{title} ({})</b></summary>\n", changes.len());
        let _ = writeln!(out, "| Where | Change | Why |\n| --- | --- | --- |");
        for (place, list) in grouped(changes.into_iter()) {
            let mut where_ = format!("**{}**", cell(&place));
            if let Some(u) = used_by(list[0], 5) {
                where_.push_str(&format!("<br>{}", cell(&u)));
            }
            for c in list {
                let old = if c.document == Which::Old { "old " } else { "" };
                let line = c.line.map(|l| format!(" ({old}line {l})")).unwrap_or_default();
                let _ = writeln!(out, "| {where_} | {}{}<br>`#{}`{line} | {} |", cell(&c.message), cell(flow(c)), cell(&c.pointer), cell(&c.reason));
                where_ = "〃".to_string();
            }
        }
        let _ = writeln!(out, "\n</details>");
    }
    let docs: Vec<&Change> = report.changes.iter().filter(|c| is_doc(c)).collect();
    if !docs.is_empty() {
        let _ = writeln!(out, "\n<details><summary><b>Documentation only ({})</b></summary>\n", docs.len());
        for (place, list) in grouped(docs.into_iter()) {
            let what: Vec<String> = list.iter().map(|c| cell(&c.message)).collect();
            let _ = writeln!(out, "- **{}**: {}", cell(&place), what.join("; "));
        }
        let _ = writeln!(out, "\n</details>");
    }
    let api: Vec<&RustChange> = rust.changes.iter().filter(|c| c.kind != Kind::Documentation).collect();
    if !rust.changes.is_empty() {
        let _ = writeln!(out, "\n<details><summary><b>Generated Rust API ({})</b></summary>\n", rust_counts(&rust.changes));
        if !api.is_empty() {
            let _ = writeln!(out, "| Bump | Item | Change | Why |\n| --- | --- | --- | --- |");
            for c in api {
                let what = match (&c.old, &c.new) {
                    (Some(o), Some(n)) => format!("`{}` → `{}`", cell(o), cell(n)),
                    (Some(s), None) | (None, Some(s)) => format!("`{}`", cell(s)),
                    (None, None) => String::new(),
                };
                let _ = writeln!(out, "| {} | {} `{}` | {what} | {} |", c.bump.label(), kind_label(c.kind).trim(), cell(&c.item), cell(&c.reason));
            }
        }
        let docs: Vec<String> = rust.changes.iter().filter(|c| c.kind == Kind::Documentation).map(|c| format!("`{}`", c.item)).collect();
        if !docs.is_empty() {
            let docs: Vec<&str> = docs.iter().map(String::as_str).collect();
            let _ = writeln!(out, "\nDocumentation changed (patch): {}", list_some(&docs, 20));
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}
