//! Documentation text from the spec, made safe for rustdoc.
//!
//! Spec descriptions are Markdown written for a web page. In rustdoc, `[Name]` is an intra-doc
//! link, a bare URL or `<token>` draws a lint warning, and a fenced code block is compiled as a
//! doctest. [`sanitize`] rewrites those so `cargo doc` and `cargo test` stay clean.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text`, one per line.
pub fn attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return TokenStream::new() };
    let text = sanitize(text);
    let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// Joins paragraphs that are present.
pub fn join(parts: &[Option<&str>]) -> Option<String> {
    let parts: Vec<&str> = parts.iter().flatten().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Rewrites spec Markdown into rustdoc-safe Markdown.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence = false;
    // Width of the marker of the list item being continued (`- ` is 2), if any.
    let mut list_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Code in a spec is never Rust: keep it out of doctests.
            out.push_str(if in_fence { "```" } else { "```text" });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(line);
            continue;
        }
        // Indented lines would become (Rust) code blocks: indentation is dropped, except that a
        // list item's continuation lines are indented under its text.
        if trimmed.is_empty() {
            list_indent = None;
        } else if let Some(width) = list_marker(trimmed) {
            list_indent = Some(width);
        } else if let Some(width) = list_indent {
            out.push_str(&" ".repeat(width));
        }
        out.push_str(&inline(trimmed));
    }
    if in_fence {
        out.push_str("\n```");
    }
    out
}

/// `text` on one line (a title, a heading), its whitespace collapsed, made rustdoc-safe.
pub fn one_line(text: &str) -> String {
    inline(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `text` as one Markdown code span, whatever backticks it holds.
pub fn code(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The width of a list marker opening `line` (`- `, `* `, `+ `, `12. `), if it has one.
fn list_marker(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

fn inline(line: &str) -> String {
    // Most lines hold nothing to rewrite.
    if !line.contains(['[', ']', '<', '>']) && !line.contains("http") {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // `[text](url)` stays a link; any other bracket is escaped.
                let close = chars[i..].iter().position(|&c| c == ']').map(|p| i + p);
                match close {
                    Some(close) if chars.get(close + 1) == Some(&'(') => out.push('['),
                    _ => out.push_str("\\["),
                }
            }
            ']' => {
                if chars.get(i + 1) == Some(&'(') {
                    out.push(']');
                } else {
                    out.push_str("\\]");
                }
            }
            '<' => {
                let rest: String = chars[i + 1..].iter().collect();
                let end = rest.find('>');
                if let (true, Some(end)) = (rest.starts_with("http://") || rest.starts_with("https://"), end) {
                    out.push('<');
                    out.push_str(&rest[..end]);
                    out.push('>');
                    i += 2 + rest[..end].chars().count();
                    continue;
                } else {
                    out.push_str("&lt;");
                }
            }
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) && !preceded_by_link(&chars[..i]) => {
                let end = chars[i..].iter().position(|c| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'')).map_or(chars.len(), |p| i + p);
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().unwrap_or_default());
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

fn preceded_by_link(before: &[char]) -> bool {
    matches!(before.last(), Some('(') | Some('<'))
}

#[cfg(test)]
mod tests {
    use super::{code, one_line, sanitize};

    #[test]
    fn titles_and_code_spans_stay_on_one_line() {
        assert_eq!(one_line("Evil </code>\n#![x]"), r"Evil &lt;/code&gt; #!\[x\]");
        assert_eq!(one_line("Two\nlines  here"), "Two lines here");
        assert_eq!(code("1.0"), "`1.0`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("x\ny"), "`x y`");
    }

    #[test]
    fn rustdoc_hazards() {
        let cases = [
            ("Returns a [User](#schema_user) object", "Returns a [User](#schema_user) object"),
            ("Ids of the [User]s(#schema_user)", "Ids of the \\[User\\]s(#schema_user)"),
            ("See https://example.com/x.", "See <https://example.com/x>."),
            ("Bearer <token>", "Bearer &lt;token&gt;"),
            ("a `[b]` c", "a `[b]` c"),
            ("<https://a.b>", "<https://a.b>"),
            ("```\nlet x = 1;\n```", "```text\nlet x = 1;\n```"),
            ("    indented", "indented"),
            ("- a\nb\n\nc", "- a\n  b\n\nc"),
            ("10. a\nb", "10. a\n    b"),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize(input), expected, "{input:?}");
        }
    }
}
