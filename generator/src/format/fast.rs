//! The plainest items, printed without `syn`: the same text `prettyplease` makes of them, at a
//! fraction of the cost (parsing our own tokens back is most of what formatting costs).
//!
//! An item is plain when it is a function (at the top level or in a top-level `impl`) or a
//! top-level struct with named fields or enum, its attributes plain ([`attributes`]), and every
//! line of it one this module can lay out as `prettyplease` would: a signature on its line or one
//! parameter a line, statements on their lines, or broken as `prettyplease` breaks a method chain,
//! a call, a struct literal or a `match`. Every plain item is taken out of the tokens before they
//! are parsed and a one-line marker item put in its place ([`take`]); after `prettyplease` has
//! printed the rest, each marker line is replaced by the item's text ([`put_back`]). Anything else
//! (generics, a closure, a macro, a turbofish, a binary operator, a line that would not fit
//! however it is broken) is left to `prettyplease`, so what this module knows is only when a line
//! fits, where `prettyplease` breaks one that does not, and how tokens are spaced on one line:
//!
//! | tokens                          | printed                     |
//! |---------------------------------|-----------------------------|
//! | `# [doc = " text "]`            | `/// text` (trailing spaces dropped) |
//! | `a . b (x , y ,)`               | `a.b(x, y)`                 |
//! | `a :: < T > :: b`               | left to `prettyplease`      |
//! | `impl Into < String >`          | `impl Into<String>`         |
//! | `Item = X` (in `<>`)            | `Item = X`                  |
//! | `P { a : x , b }` (≤ 34 wide)   | `P { a: x, b }`             |
//! | `P { a : x , b }` (wider)       | `P {` / `a: x,` / `b,` / `}` |
//!
//! A line fits when its text, after its indentation, is at most `max(89 - indentation, 60)`
//! bytes: `prettyplease`'s margin; a list's last comma, there only when the list is broken, does
//! not count. The tests hold this module to `prettyplease`'s text for each shape, at each side of
//! each width limit, and `format::tests` for every file emitted from every test document.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use std::fmt::Write;

/// Indentation, cut to length.
const SPACES: &str = "                                                                ";
/// `prettyplease`'s line width, the least room it gives a deeply indented line, and its indent.
const MARGIN: usize = 89;
const MIN_SPACE: usize = 60;
const INDENT: usize = 4;
/// `prettyplease` breaks a struct literal wider than this even when it fits.
const STRUCT_LITERAL_MAX: usize = 34;
/// The name of the marker macro put where a plain item was (`__openapi_rs_fast!();`); the
/// markers are put back in order, the n-th marker line taking the n-th item.
const MARKER: &str = "__openapi_rs_fast";

/// The items taken out of a file's tokens, in the order of their markers.
#[derive(Debug, Default)]
pub struct Taken {
    texts: Vec<Printed>,
}

/// One plain item's text: its lines, each after `indent` spaces.
#[derive(Debug)]
struct Printed {
    indent: usize,
    lines: Vec<String>,
}

impl Taken {
    /// How many items were taken out.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.texts.len()
    }
}

/// Tokens, owned, so that they can be looked at more than once without being copied.
enum Tt {
    Ident(Ident),
    Punct(Punct),
    Lit(Literal),
    Group(Delimiter, Vec<Tt>),
}

/// Takes the plain items of a file (its top-level functions, structs and enums, and the functions
/// of its top-level `impl` blocks) out of `tokens`, leaving a marker item in the place of each.
pub fn take(tokens: TokenStream) -> (TokenStream, Taken) {
    let mut taken = Taken::default();
    let tokens = items(tokens, 0, &mut taken);
    (tokens, taken)
}

/// `code` (what `prettyplease` printed of [`take`]'s tokens) with each marker line replaced by
/// its item's text. An error when a marker is missing or indented other than its item was
/// printed for (a bug here).
pub fn put_back(code: String, taken: &Taken) -> Result<String, String> {
    if taken.texts.is_empty() {
        return Ok(code);
    }
    let extra: usize = taken.texts.iter().flat_map(|t| &t.lines).map(|l| l.len() + 1 + 16).sum();
    let mut out = String::with_capacity(code.len() + extra);
    let mut next = 0;
    for line in code.lines() {
        let body = line.trim_start();
        if body.len() != MARKER.len() + 4 || !body.starts_with(MARKER) || !body.ends_with("!();") {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = line.len() - body.len();
        let Some(printed) = taken.texts.get(next) else {
            return Err(format!("more markers of items printed without syn than items ({})", taken.texts.len()));
        };
        if printed.indent != indent {
            return Err(format!("an item printed without syn is indented {indent}, not {}", printed.indent));
        }
        next += 1;
        for text in &printed.lines {
            out.push_str(&SPACES[..indent.min(SPACES.len())]);
            out.push_str(text);
            out.push('\n');
        }
    }
    match next == taken.texts.len() {
        true => Ok(out),
        false => Err(format!("{} of {} items printed without syn were not put back", taken.texts.len() - next, taken.texts.len())),
    }
}

/// The items of one level (a file, or the inside of an `impl`), plain items taken out. Only
/// functions, structs, enums and `impl` blocks are looked into; every other item's tokens go
/// through as they are.
fn items(tokens: TokenStream, indent: usize, taken: &mut Taken) -> TokenStream {
    let mut out = TokenStream::new();
    for mut item in split_items(tokens) {
        match keyword(&item) {
            Some("fn") => {
                let item = tree(item);
                match function(&item, indent) {
                    Some(lines) => marker(lines, indent, taken, &mut out),
                    None => untree(item, &mut out),
                }
            }
            Some("struct" | "enum") if indent == 0 => {
                let item = tree(item);
                match data(&item) {
                    Some(lines) => marker(lines, indent, taken, &mut out),
                    None => untree(item, &mut out),
                }
            }
            Some("impl") if indent == 0 && matches!(item.last(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace) => {
                let Some(TokenTree::Group(body)) = item.pop() else { unreachable!("matched just above") };
                // The group let go first, its stream is the only owner and is not copied.
                let inner = body.stream();
                drop(body);
                out.extend(item);
                out.extend([TokenTree::Group(Group::new(Delimiter::Brace, items(inner, indent + INDENT, taken)))]);
            }
            _ => out.extend(item),
        }
    }
    out
}

/// Keeps an item's text and puts its marker (`__openapi_rs_fast!();`) in the tokens.
fn marker(lines: Vec<String>, indent: usize, taken: &mut Taken, out: &mut TokenStream) {
    taken.texts.push(Printed { indent, lines });
    out.extend([
        TokenTree::Ident(Ident::new(MARKER, Span::call_site())),
        TokenTree::Punct(Punct::new('!', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Parenthesis, TokenStream::new())),
        TokenTree::Punct(Punct::new(';', Spacing::Alone)),
    ]);
}

fn tree(tokens: impl IntoIterator<Item = TokenTree>) -> Vec<Tt> {
    tokens
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Ident(i) => Tt::Ident(i),
            TokenTree::Punct(p) => Tt::Punct(p),
            TokenTree::Literal(l) => Tt::Lit(l),
            TokenTree::Group(g) => {
                let delimiter = g.delimiter();
                let stream = g.stream();
                drop(g);
                Tt::Group(delimiter, tree(stream))
            }
        })
        .collect()
}

fn untree(tts: Vec<Tt>, out: &mut TokenStream) {
    out.extend(tts.into_iter().map(|tt| match tt {
        Tt::Ident(i) => TokenTree::Ident(i),
        Tt::Punct(p) => TokenTree::Punct(p),
        Tt::Lit(l) => TokenTree::Literal(l),
        Tt::Group(delimiter, inner) => {
            let mut stream = TokenStream::new();
            untree(inner, &mut stream);
            TokenTree::Group(Group::new(delimiter, stream))
        }
    }));
}

/// The first word of an item after its attributes and visibility (`fn`, `impl`, `use`, ...).
fn keyword(item: &[TokenTree]) -> Option<&'static str> {
    const WORDS: [&str; 9] = ["fn", "impl", "use", "const", "static", "type", "struct", "enum", "mod"];
    item.iter().find_map(|tt| match tt {
        TokenTree::Ident(ident) => WORDS.iter().find(|w| ident == *w).copied(),
        _ => None,
    })
}

/// Cuts one level's tokens into items: an item ends with its `;` or, unless it is a `use`,
/// `const`, `static` or `type` (whose values may hold braces), with its first `{ ... }`. An inner
/// attribute (`#![...]`) is an item of its own.
fn split_items(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut ends_at_semi = false;
    for tt in tokens {
        let ends = match &tt {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => match g.delimiter() {
                Delimiter::Brace => !ends_at_semi,
                Delimiter::Bracket => matches!(&item[..], [TokenTree::Punct(a), TokenTree::Punct(b)] if a.as_char() == '#' && b.as_char() == '!'),
                _ => false,
            },
            TokenTree::Ident(ident) => {
                if ["use", "const", "static", "type"].iter().any(|w| ident == w) {
                    ends_at_semi = true;
                }
                false
            }
            TokenTree::Literal(_) => false,
        };
        item.push(tt);
        if ends {
            items.push(std::mem::take(&mut item));
            ends_at_semi = false;
        }
    }
    if !item.is_empty() {
        items.push(item);
    }
    items
}

/// The room `prettyplease` gives the text of a line indented `indent`.
fn room(indent: usize) -> usize {
    MARGIN.saturating_sub(indent).max(MIN_SPACE)
}

/// A plain function's lines (relative to `indent`), or `None` when it is not plain.
fn function(item: &[Tt], indent: usize) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    let mut i = attributes(item, indent, &mut lines)?;
    let mut sig = String::new();
    i = visibility(item, i, &mut sig)?;
    if matches!(item.get(i), Some(Tt::Ident(w)) if w == "async") {
        sig.push_str("async ");
        i += 1;
    }
    let (Some(Tt::Ident(f)), Some(Tt::Ident(name)), Some(Tt::Group(Delimiter::Parenthesis, params))) =
        (item.get(i), item.get(i + 1), item.get(i + 2))
    else {
        return None;
    };
    if f != "fn" {
        return None;
    }
    write!(sig, "fn {name}(").ok()?;
    let params: Vec<(String, Option<&[Tt]>)> = split_commas(params)?.into_iter().map(parameter).collect::<Option<_>>()?;
    let Some(Tt::Group(Delimiter::Brace, body)) = item.last() else { return None };
    if body.is_empty() {
        return None;
    }
    let output = match &item[i + 3..item.len() - 1] {
        [] => None,
        [Tt::Punct(minus), Tt::Punct(gt), ty @ ..] if minus.as_char() == '-' && minus.spacing() == Spacing::Joint && gt.as_char() == '>' => Some(ty),
        _ => return None,
    };
    // The signature on its line; else, when it has parameters, one parameter a line (a type
    // too long for its line broken at its `<...>`), and the return type after them.
    let mut flat = sig.clone();
    for (n, (name, ty)) in params.iter().enumerate() {
        if n > 0 {
            flat.push_str(", ");
        }
        flat.push_str(name);
        if let Some(ty) = ty {
            ty_tokens(ty, &mut flat)?;
        }
    }
    flat.push(')');
    if let Some(ty) = output {
        flat.push_str(" -> ");
        ty_tokens(ty, &mut flat)?;
    }
    flat.push_str(" {");
    let mut code = Vec::new();
    if flat.len() <= room(indent) {
        code.push(flat);
    } else {
        (!params.is_empty() && sig.len() <= room(indent)).then_some(())?;
        code.push(sig);
        let last = params.len() - 1;
        for (n, (name, ty)) in params.iter().enumerate() {
            match ty {
                Some(ty) => typed_lines(name, ty, ",", usize::from(n == last), indent + INDENT, "    ", &mut code)?,
                None => code.push(format!("    {name},")),
            }
        }
        match output {
            Some(ty) => typed_lines(") -> ", ty, " {", 0, indent, "", &mut code)?,
            None => code.push(") {".to_string()),
        }
    }
    let head = code.len();
    statements(body, indent + INDENT, &mut code)?;
    for (n, mut line) in code.into_iter().enumerate() {
        // The signature's lines carry their own indentation; the body is one level in.
        if n >= head {
            line.insert_str(0, "    ");
        }
        lines.push(line);
    }
    lines.push("}".to_string());
    Some(lines)
}

/// A top-level struct with named fields or enum, without generics, its attributes plain (see
/// [`attributes`]), its fields `name: Type` and its variants `Name` or `Name(Type, ..)`, each on
/// its line.
fn data(item: &[Tt]) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    let mut i = attributes(item, 0, &mut lines)?;
    let mut head = String::new();
    i = visibility(item, i, &mut head)?;
    let (Some(Tt::Ident(kind)), Some(Tt::Ident(name)), Some(Tt::Group(Delimiter::Brace, body)), None) =
        (item.get(i), item.get(i + 1), item.get(i + 2), item.get(i + 3))
    else {
        return None;
    };
    let is_struct = kind == "struct";
    write!(head, "{kind} {name} {{").ok()?;
    (head.len() <= room(0) && !body.is_empty()).then_some(())?;
    lines.push(head);
    for member in split_commas(body)? {
        let mut member_lines = Vec::new();
        let at = attributes(member, INDENT, &mut member_lines)?;
        let mut line = String::new();
        match (is_struct, &member[at..]) {
            (true, member) => {
                let at = visibility(member, 0, &mut line)?;
                let [Tt::Ident(name), Tt::Punct(colon), ty @ ..] = &member[at..] else { return None };
                (colon.as_char() == ':' && colon.spacing() == Spacing::Alone && plain_name(name)).then_some(())?;
                write!(line, "{name}: ").ok()?;
                ty_tokens(ty, &mut line)?;
            }
            (false, [Tt::Ident(name)]) => write!(line, "{name}").ok()?,
            (false, [Tt::Ident(name), Tt::Group(Delimiter::Parenthesis, fields)]) => {
                write!(line, "{name}").ok()?;
                let fields = split_commas(fields)?;
                (!fields.is_empty()).then_some(())?;
                parenthesized(fields, ty_tokens, &mut line)?;
            }
            _ => return None,
        }
        line.push(',');
        (line.len() <= room(INDENT)).then_some(())?;
        member_lines.push(line);
        lines.extend(member_lines.into_iter().map(|l| format!("    {l}")));
    }
    lines.push("}".to_string());
    Some(lines)
}

/// `pub `, `pub(crate) ` and the like, written to `out`; the index after it.
fn visibility(item: &[Tt], mut i: usize, out: &mut String) -> Option<usize> {
    if matches!(item.get(i), Some(Tt::Ident(word)) if word == "pub") {
        out.push_str("pub");
        i += 1;
        if let Some(Tt::Group(Delimiter::Parenthesis, scope)) = item.get(i) {
            let [Tt::Ident(scope)] = &scope[..] else { return None };
            (scope == "crate" || scope == "super" || scope == "self").then_some(())?;
            write!(out, "({scope})").ok()?;
            i += 1;
        }
        out.push(' ');
    }
    Some(i)
}

/// The attributes opening `item`, each a line: docs (`///`), and `#[path]`, `#[path = "lit"]`
/// and `#[path(a, b = "lit", c::d)]` when the line fits at `indent`. The index after them.
fn attributes(item: &[Tt], indent: usize, lines: &mut Vec<String>) -> Option<usize> {
    let mut i = 0;
    while let (Some(Tt::Punct(p)), Some(Tt::Group(Delimiter::Bracket, attr))) = (item.get(i), item.get(i + 1)) {
        (p.as_char() == '#').then_some(())?;
        if let [Tt::Ident(name), Tt::Punct(eq), Tt::Lit(text)] = &attr[..] {
            if name == "doc" && eq.as_char() == '=' {
                lines.push(doc_line(text)?);
                i += 2;
                continue;
            }
        }
        let mut line = String::from("#[");
        // A path, then `= literal` or one parenthesized list of words, literals, `,`, `=`, `::`.
        let mut at = 0;
        while let Some(Tt::Ident(segment)) = attr.get(at) {
            write!(line, "{segment}").ok()?;
            at += 1;
            match attr.get(at..at + 2) {
                Some([Tt::Punct(a), Tt::Punct(b)]) if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':' => {
                    line.push_str("::");
                    at += 2;
                }
                _ => break,
            }
        }
        (at > 0).then_some(())?;
        match &attr[at..] {
            [] => {}
            [Tt::Punct(eq), Tt::Lit(lit)] if eq.as_char() == '=' && eq.spacing() == Spacing::Alone => write!(line, " = {lit}").ok()?,
            [Tt::Group(Delimiter::Parenthesis, list)] => {
                line.push('(');
                attribute_list(list, &mut line)?;
                line.push(')');
            }
            _ => return None,
        }
        line.push(']');
        (line.len() <= room(indent)).then_some(())?;
        lines.push(line);
        i += 2;
    }
    Some(i)
}

/// The inside of an attribute's `(...)` as `prettyplease` spaces it on one line: a space between
/// two words, `, ` after a comma, ` = ` around `=`, nothing around `::`.
fn attribute_list(list: &[Tt], out: &mut String) -> Option<()> {
    let mut word = false;
    for (n, tt) in list.iter().enumerate() {
        match tt {
            Tt::Ident(_) | Tt::Lit(_) => {
                if word {
                    out.push(' ');
                }
                match tt {
                    Tt::Ident(ident) => write!(out, "{ident}").ok()?,
                    Tt::Lit(lit) => write!(out, "{lit}").ok()?,
                    _ => unreachable!("matched just above"),
                }
                word = true;
            }
            Tt::Punct(p) => {
                match p.as_char() {
                    ',' if n + 1 < list.len() => out.push_str(", "),
                    '=' if p.spacing() == Spacing::Alone => out.push_str(if word { " = " } else { "= " }),
                    ':' => out.push(':'),
                    _ => return None,
                }
                word = false;
            }
            Tt::Group(..) => return None,
        }
    }
    Some(())
}

/// `///` and a doc attribute's text, or `None` when `prettyplease` would write it otherwise.
fn doc_line(text: &Literal) -> Option<String> {
    let doc = string_value(text)?;
    if doc.contains(['\n', '\r']) || doc.starts_with('/') {
        return None;
    }
    Some(format!("///{}", doc.trim_end_matches(' ')))
}

/// `self`, `mut self`, `&self`, `&mut self`, or `name: Type` / `mut name: Type` as its text up
/// to the type (`name: `) and the type's tokens.
fn parameter(param: &[Tt]) -> Option<(String, Option<&[Tt]>)> {
    let receiver = match param {
        [Tt::Ident(s)] if s == "self" => "self",
        [Tt::Ident(m), Tt::Ident(s)] if m == "mut" && s == "self" => "mut self",
        [Tt::Punct(and), Tt::Ident(s)] if and.as_char() == '&' && s == "self" => "&self",
        [Tt::Punct(and), Tt::Ident(m), Tt::Ident(s)] if and.as_char() == '&' && m == "mut" && s == "self" => "&mut self",
        _ => {
            let (mutable, rest) = match param {
                [Tt::Ident(m), rest @ ..] if m == "mut" => (true, rest),
                _ => (false, param),
            };
            let [Tt::Ident(name), Tt::Punct(colon), ty @ ..] = rest else { return None };
            (colon.as_char() == ':' && colon.spacing() == Spacing::Alone && plain_name(name) && !ty.is_empty()).then_some(())?;
            let mut text = String::new();
            if mutable {
                text.push_str("mut ");
            }
            write!(text, "{name}: ").ok()?;
            return Some((text, Some(ty)));
        }
    };
    Some((receiver.to_string(), None))
}

/// `prefix`, a type and `suffix` on one line at `indent` (each line after `rel`); else, when the
/// type ends with its one outermost `<...>` (`impl IntoIterator<Item = ..>`, `Expectation<'_, A,
/// B>`), broken there as `prettyplease` breaks it: `prefix Path<`, one argument a line, `>suffix`.
///
/// A trailing comma that is only there when its list is broken (`prettyplease`'s `pre_break`: a
/// list's last comma) does not count toward the line's width: `uncounted` is its length.
fn typed_lines(prefix: &str, ty: &[Tt], suffix: &str, uncounted: usize, indent: usize, rel: &str, out: &mut Vec<String>) -> Option<()> {
    let mut flat = String::from(prefix);
    ty_tokens(ty, &mut flat)?;
    flat.push_str(suffix);
    if flat.len() - uncounted <= room(indent) {
        out.push(format!("{rel}{flat}"));
        return Some(());
    }
    let open = ty.iter().position(|tt| matches!(tt, Tt::Punct(p) if p.as_char() == '<'))?;
    let (Some(Tt::Punct(close)), true) = (ty.last(), open > 0) else { return None };
    (close.as_char() == '>').then_some(())?;
    // The `<` at `open` closes at the very end.
    let mut depth = 0usize;
    for (n, tt) in ty[open..].iter().enumerate() {
        if let Tt::Punct(p) = tt {
            match p.as_char() {
                '<' => depth += 1,
                '>' if !(matches!(&ty[open + n - 1], Tt::Punct(q) if q.as_char() == '-' && q.spacing() == Spacing::Joint)) => {
                    depth -= 1;
                    if depth == 0 && open + n + 1 != ty.len() {
                        return None;
                    }
                }
                _ => {}
            }
        }
    }
    let mut head = format!("{rel}{prefix}");
    ty_tokens(&ty[..open], &mut head)?;
    head.push('<');
    (head.len() - rel.len() <= room(indent)).then_some(())?;
    out.push(head);
    let args = split_commas(&ty[open + 1..ty.len() - 1])?;
    (!args.is_empty()).then_some(())?;
    for (n, arg) in args.into_iter().enumerate() {
        // A lifetime after another argument would be moved first.
        if n > 0 && matches!(arg.first(), Some(Tt::Punct(p)) if p.as_char() == '\'') {
            return None;
        }
        let mut line = format!("{rel}    ");
        ty_tokens(arg, &mut line)?;
        line.push(',');
        (line.len() - rel.len() - INDENT <= room(indent + INDENT)).then_some(())?;
        out.push(line);
    }
    let last = format!("{rel}>{suffix}");
    (last.len() - rel.len() <= room(indent)).then_some(())?;
    out.push(last);
    Some(())
}

/// An identifier that is not a keyword `prettyplease` would print differently around.
fn plain_name(ident: &Ident) -> bool {
    !(ident == "self" || ident == "mut" || ident == "ref" || ident == "_")
}

/// A type on one line: paths, `<...>` arguments (with `Name = Type` bindings), `&`/`&mut`,
/// `impl`/`dyn` with one bound, `()` and tuples. Anything else (lifetimes, `+`, `Fn(..) -> ..`,
/// arrays, pointers) is not plain.
fn ty_tokens(tts: &[Tt], out: &mut String) -> Option<()> {
    if tts.is_empty() {
        return None;
    }
    let mut i = 0;
    while i < tts.len() {
        match &tts[i] {
            Tt::Ident(ident) => {
                if out.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    return None;
                }
                let start = out.len();
                write!(out, "{ident}").ok()?;
                if matches!(&out[start..], "impl" | "dyn" | "mut") {
                    out.push(' ');
                }
            }
            Tt::Punct(p) => match p.as_char() {
                ':' if p.spacing() == Spacing::Joint && matches!(tts.get(i + 1), Some(Tt::Punct(q)) if q.as_char() == ':') => {
                    out.push_str("::");
                    i += 1;
                }
                '<' => out.push('<'),
                '>' => out.push('>'),
                '&' => out.push('&'),
                // A lifetime, first in its `<...>` or after `&` (prettyplease puts lifetimes
                // first: one elsewhere is not plain).
                '\'' if p.spacing() == Spacing::Joint && (i == 0 || out.ends_with('<') || out.ends_with('&')) => {
                    let Some(Tt::Ident(name)) = tts.get(i + 1) else { return None };
                    write!(out, "'{name}").ok()?;
                    i += 1;
                    if matches!(tts.get(i + 1), Some(Tt::Ident(_))) {
                        out.push(' ');
                    }
                }
                '=' if p.spacing() == Spacing::Alone => out.push_str(" = "),
                ',' if !matches!(tts.get(i + 1), Some(Tt::Punct(q)) if q.as_char() == '>') && i + 1 < tts.len() => out.push_str(", "),
                _ => return None,
            },
            Tt::Group(Delimiter::Parenthesis, inner) => {
                let parts = split_commas(inner)?;
                // A one-element tuple keeps its comma; not worth a case of its own.
                if parts.len() == 1 && matches!(inner.last(), Some(Tt::Punct(p)) if p.as_char() == ',') {
                    return None;
                }
                parenthesized(parts, ty_tokens, out)?;
            }
            Tt::Group(..) | Tt::Lit(_) => return None,
        }
        i += 1;
    }
    Some(())
}

/// `(a, b, c)` on one line, each part printed by `print`.
fn parenthesized(parts: Vec<&[Tt]>, print: fn(&[Tt], &mut String) -> Option<()>, out: &mut String) -> Option<()> {
    out.push('(');
    for (n, part) in parts.into_iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        print(part, out)?;
    }
    out.push(')');
    Some(())
}

/// The comma-separated parts of a group's tokens (a trailing comma ends the last part), or
/// `None` when two commas meet. Commas inside `<...>` are not cuts.
fn split_commas(tts: &[Tt]) -> Option<Vec<&[Tt]>> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut angle = 0usize;
    for (i, tt) in tts.iter().enumerate() {
        let Tt::Punct(p) = tt else { continue };
        match p.as_char() {
            '<' => angle += 1,
            // Not the `>` of `->` or `=>`.
            '>' if !(i > 0 && matches!(&tts[i - 1], Tt::Punct(q) if (q.as_char() == '-' || q.as_char() == '=') && q.spacing() == Spacing::Joint)) => {
                angle = angle.checked_sub(1)?;
            }
            ',' if angle == 0 => {
                if i == start {
                    return None;
                }
                parts.push(&tts[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < tts.len() {
        parts.push(&tts[start..]);
    }
    Some(parts)
}

/// A body's statements, each on its line at `indent`: `let name = expr;`, `expr;`, and a last
/// expression (which may be a struct literal).
fn statements(body: &[Tt], indent: usize, lines: &mut Vec<String>) -> Option<()> {
    let mut start = 0;
    for (i, tt) in body.iter().enumerate() {
        if let Tt::Punct(p) = tt {
            if p.as_char() == ';' {
                let stmt = &body[start..i];
                // `let name = ` and its value, or an expression statement.
                let (binding, value) = match stmt {
                    [Tt::Ident(l), rest @ ..] if l == "let" => local(rest)?,
                    [] => return None,
                    _ => (String::new(), stmt),
                };
                let mut line = binding.clone();
                expr(value, &mut line)?;
                line.push(';');
                match line.len() <= room(indent) {
                    true => lines.push(line),
                    false if !binding.is_empty() => chain_lines(&binding, value, ";", false, indent, lines)?,
                    false => {
                        if chain_lines("", stmt, ";", true, indent, lines).is_none() {
                            call_lines(stmt, ";", indent, lines)?;
                        }
                    }
                }
                start = i + 1;
            }
        }
    }
    let tail = &body[start..];
    if tail.is_empty() {
        return Some(());
    }
    // A last expression that assigns is printed with a `;` added: not plain.
    if tail.iter().any(|tt| matches!(tt, Tt::Punct(p) if p.as_char() == '=')) {
        return None;
    }
    if let [Tt::Ident(word), scrutinee @ .., Tt::Group(Delimiter::Brace, arms)] = tail {
        if word == "match" {
            return match_lines(scrutinee, arms, indent, lines);
        }
    }
    if let [path @ .., Tt::Group(Delimiter::Brace, fields)] = tail {
        return struct_literal(path, fields, indent, lines);
    }
    let mut line = String::new();
    expr(tail, &mut line)?;
    match line.len() <= room(indent) {
        true => lines.push(line),
        false => {
            if chain_lines("", tail, "", true, indent, lines).is_none() {
                call_lines(tail, "", indent, lines)?;
            }
        }
    }
    Some(())
}

/// A method chain too long for its line (`self.call.client.execute_raw(request).await?`), as
/// `prettyplease` breaks it: the base (with its first member when the chain starts its line and
/// the base is an identifier of at most 4 letters), then each `.member`, `.method(..)` and
/// `.await` on a line of its own, one level in, with its `?`s; a method's arguments too long for
/// that line one a line, one more level in. The chain is an identifier followed by two members
/// or more; anything else is not plain.
fn chain_lines(prefix: &str, tts: &[Tt], suffix: &str, beginning_of_line: bool, indent: usize, lines: &mut Vec<String>) -> Option<()> {
    let [Tt::Ident(base), rest @ ..] = tts else { return None };
    // Each member: `.name`, its arguments if it is a call, and the `?`s after it.
    let mut members: Vec<(String, Option<&[Tt]>, usize)> = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let (Tt::Punct(dot), Some(Tt::Ident(name))) = (&rest[i], rest.get(i + 1)) else { return None };
        (dot.as_char() == '.' && dot.spacing() == Spacing::Alone).then_some(())?;
        let mut text = String::from(".");
        write!(text, "{name}").ok()?;
        if NOT_PLAIN.contains(&&text[1..]) {
            return None;
        }
        i += 2;
        let args = match rest.get(i) {
            Some(Tt::Group(Delimiter::Parenthesis, args)) => {
                i += 1;
                Some(&args[..])
            }
            _ => None,
        };
        let mut tries = 0;
        while matches!(rest.get(i), Some(Tt::Punct(q)) if q.as_char() == '?') {
            tries += 1;
            i += 1;
        }
        members.push((text, args, tries));
    }
    (members.len() >= 2).then_some(())?;
    let mut first = String::from(prefix);
    write!(first, "{base}").ok()?;
    let short = beginning_of_line && first.len() - prefix.len() <= INDENT && !NOT_PLAIN.contains(&&first[prefix.len()..]);
    let mut members = members.into_iter().peekable();
    if short {
        let (text, args, tries) = members.next()?;
        first.push_str(&text);
        if let Some(args) = args {
            parenthesized(split_commas(args)?, expr, &mut first)?;
        }
        first.push_str(&"?".repeat(tries));
    }
    (first.len() <= room(indent)).then_some(())?;
    lines.push(first);
    while let Some((text, args, tries)) = members.next() {
        let end = if members.peek().is_none() { suffix } else { "" };
        let mut flat = format!("    {text}");
        if let Some(args) = args {
            parenthesized(split_commas(args)?, expr, &mut flat)?;
        }
        flat.push_str(&"?".repeat(tries));
        flat.push_str(end);
        if flat.len() - INDENT <= room(indent + INDENT) {
            lines.push(flat);
            continue;
        }
        // The arguments one a line.
        let args = split_commas(args?)?;
        (!args.is_empty()).then_some(())?;
        let head = format!("    {text}(");
        (head.len() - INDENT <= room(indent + INDENT)).then_some(())?;
        lines.push(head);
        argument_lines(args, indent + INDENT, "    ", lines)?;
        let mut close = String::from("    )");
        close.push_str(&"?".repeat(tries));
        close.push_str(end);
        lines.push(close);
    }
    Some(())
}

/// A call of a path (`Expectation::new(a, b)`) too long for its line: `path(`, one argument a
/// line, `)suffix`, as `prettyplease` breaks a call's arguments (the last one's comma is only
/// there when broken, and does not count toward its line's width).
fn call_lines(tts: &[Tt], suffix: &str, indent: usize, lines: &mut Vec<String>) -> Option<()> {
    let [path @ .., Tt::Group(Delimiter::Parenthesis, args)] = tts else { return None };
    let mut head = String::new();
    expr_path(path, &mut head)?;
    head.push('(');
    (head.len() <= room(indent)).then_some(())?;
    let args = split_commas(args)?;
    (!args.is_empty()).then_some(())?;
    lines.push(head);
    argument_lines(args, indent, "", lines)?;
    lines.push(format!("){suffix}"));
    Some(())
}

/// A call's arguments one a line, one level in from a call whose line is at `indent` (after
/// `rel`): each with its comma, the last one's not counted toward its line's width.
fn argument_lines(args: Vec<&[Tt]>, indent: usize, rel: &str, lines: &mut Vec<String>) -> Option<()> {
    let last = args.len().checked_sub(1)?;
    for (n, arg) in args.into_iter().enumerate() {
        let mut line = format!("{rel}    ");
        expr(arg, &mut line)?;
        line.push(',');
        (line.len() - rel.len() - INDENT - usize::from(n == last) <= room(indent + INDENT)).then_some(())?;
        lines.push(line);
    }
    Some(())
}

/// A `let` statement after `let`: `let name = ` or `let mut name = `, and its value's tokens.
fn local(rest: &[Tt]) -> Option<(String, &[Tt])> {
    let (mutable, rest) = match rest {
        [Tt::Ident(m), rest @ ..] if m == "mut" => (true, rest),
        _ => (false, rest),
    };
    let [Tt::Ident(name), Tt::Punct(eq), value @ ..] = rest else { return None };
    (eq.as_char() == '=' && eq.spacing() == Spacing::Alone && (plain_name(name) || name == "_")).then_some(())?;
    Some((format!("let {}{name} = ", if mutable { "mut " } else { "" }), value))
}

/// `Path { a: x, b }` at the end of a body: on one line when it is at most 34 wide and fits,
/// else one field a line.
fn struct_literal(path: &[Tt], fields: &[Tt], indent: usize, lines: &mut Vec<String>) -> Option<()> {
    let mut head = String::new();
    expr_path(path, &mut head)?;
    let mut texts = Vec::new();
    for field in split_commas(fields)? {
        let mut text = String::new();
        match field {
            [Tt::Ident(name)] if plain_name(name) => write!(text, "{name}").ok()?,
            [Tt::Ident(name), Tt::Punct(colon), value @ ..] if colon.as_char() == ':' && colon.spacing() == Spacing::Alone && plain_name(name) => {
                write!(text, "{name}: ").ok()?;
                expr(value, &mut text)?;
            }
            _ => return None,
        }
        texts.push(text);
    }
    if texts.is_empty() {
        return None;
    }
    let flat = format!("{head} {{ {} }}", texts.join(", "));
    if flat.len() - 1 <= STRUCT_LITERAL_MAX && flat.len() <= room(indent) {
        lines.push(flat);
        return Some(());
    }
    let open = format!("{head} {{");
    (open.len() <= room(indent)).then_some(())?;
    lines.push(open);
    for text in texts {
        let line = format!("    {text},");
        (line.len() - INDENT <= room(indent + INDENT)).then_some(())?;
        lines.push(line);
    }
    lines.push("}".to_string());
    Some(())
}

/// `match x { ... }` at the end of a body, each arm `pattern => expr,` on its line, a pattern a
/// literal, `_` or a path.
fn match_lines(scrutinee: &[Tt], arms: &[Tt], indent: usize, lines: &mut Vec<String>) -> Option<()> {
    let mut head = String::from("match ");
    expr(scrutinee, &mut head)?;
    head.push_str(" {");
    (head.len() <= room(indent)).then_some(())?;
    let arms = split_commas(arms)?;
    (!arms.is_empty()).then_some(())?;
    lines.push(head);
    for arm in arms {
        let arrow = arm
            .windows(2)
            .position(|w| matches!(w, [Tt::Punct(a), Tt::Punct(b)] if a.as_char() == '=' && a.spacing() == Spacing::Joint && b.as_char() == '>'))?;
        let mut line = String::from("    ");
        match &arm[..arrow] {
            [Tt::Lit(lit)] => write!(line, "{lit}").ok()?,
            [Tt::Ident(wild)] if wild == "_" => line.push('_'),
            path => expr_path(path, &mut line)?,
        }
        line.push_str(" => ");
        expr(&arm[arrow + 2..], &mut line)?;
        line.push(',');
        (line.len() - INDENT <= room(indent + INDENT)).then_some(())?;
        lines.push(line);
    }
    lines.push("}".to_string());
    Some(())
}

/// A path in an expression: `name`, `a::b::C` (no `<...>`).
fn expr_path(tts: &[Tt], out: &mut String) -> Option<()> {
    let mut want_name = true;
    let mut i = 0;
    while i < tts.len() {
        match (&tts[i], want_name) {
            (Tt::Ident(ident), true) => write!(out, "{ident}").ok()?,
            (Tt::Punct(p), false) if p.as_char() == ':' && p.spacing() == Spacing::Joint => {
                let Some(Tt::Punct(q)) = tts.get(i + 1) else { return None };
                (q.as_char() == ':').then_some(())?;
                out.push_str("::");
                i += 1;
            }
            _ => return None,
        }
        want_name = !want_name;
        i += 1;
    }
    (!want_name).then_some(())
}

/// Words that start or shape an expression `prettyplease` may print otherwise than on one line
/// with single spaces (blocks, closures, control flow).
const NOT_PLAIN: [&str; 16] =
    ["if", "match", "loop", "while", "for", "return", "break", "continue", "move", "async", "unsafe", "let", "yield", "box", "static", "const"];

/// An expression on one line: paths, literals, field and method access (`.await` too), calls,
/// `?`, prefix `&`/`&mut`/`!`/`*`/`-`, `as` casts and `=` assignment. Anything else (blocks,
/// closures, macros, `<...>`, binary operators, arrays, indexing, ranges) is not plain.
fn expr(tts: &[Tt], out: &mut String) -> Option<()> {
    if tts.is_empty() {
        return None;
    }
    // Whether the last thing printed ends an operand (so `(` is a call and `&` would be binary).
    let mut operand = false;
    let mut i = 0;
    while i < tts.len() {
        match &tts[i] {
            Tt::Ident(ident) => {
                // Written first and looked at as text: one formatting of the identifier.
                let start = out.len();
                write!(out, "{ident}").ok()?;
                if NOT_PLAIN.contains(&&out[start..]) || matches!(tts.get(i + 1), Some(Tt::Punct(p)) if p.as_char() == '!') {
                    return None;
                }
                if &out[start..] == "as" {
                    operand.then_some(())?;
                    out.truncate(start);
                    out.push_str(" as ");
                    let end = tts[i + 1..]
                        .iter()
                        .position(
                            |tt| matches!(tt, Tt::Punct(p) if p.as_char() != ':' && p.as_char() != '<' && p.as_char() != '>' && p.as_char() != '&'),
                        )
                        .map_or(tts.len(), |p| i + 1 + p);
                    ty_tokens(&tts[i + 1..end], out)?;
                    i = end;
                    operand = true;
                    continue;
                }
                if operand {
                    return None;
                }
                if &out[start..] == "mut" {
                    // Only after `&`.
                    out[..start].ends_with('&').then_some(())?;
                    out.push(' ');
                    i += 1;
                    continue;
                }
                operand = true;
            }
            Tt::Lit(lit) => {
                if operand {
                    return None;
                }
                let start = out.len();
                write!(out, "{lit}").ok()?;
                if out[start..].starts_with('-') {
                    return None;
                }
                operand = true;
            }
            Tt::Punct(p) => {
                let joint_next = |c: char| p.spacing() == Spacing::Joint && matches!(tts.get(i + 1), Some(Tt::Punct(q)) if q.as_char() == c);
                match p.as_char() {
                    ':' if joint_next(':') && operand => {
                        // A turbofish (`::<`) is left to `prettyplease`.
                        if matches!(tts.get(i + 2), Some(Tt::Punct(q)) if q.as_char() == '<') {
                            return None;
                        }
                        out.push_str("::");
                        i += 2;
                        operand = false;
                        continue;
                    }
                    '.' if operand && p.spacing() == Spacing::Alone => {
                        out.push('.');
                        let Some(Tt::Ident(member)) = tts.get(i + 1) else { return None };
                        let start = out.len();
                        write!(out, "{member}").ok()?;
                        if NOT_PLAIN.contains(&&out[start..]) {
                            return None;
                        }
                        i += 2;
                        operand = true;
                        continue;
                    }
                    '?' if operand => out.push('?'),
                    '&' if !operand && p.spacing() == Spacing::Alone => out.push('&'),
                    '!' | '*' | '-' if !operand && p.spacing() == Spacing::Alone => out.push(p.as_char()),
                    '=' if operand && p.spacing() == Spacing::Alone => {
                        out.push_str(" = ");
                        operand = false;
                    }
                    _ => return None,
                }
            }
            Tt::Group(Delimiter::Parenthesis, inner) => {
                if operand {
                    // A call's arguments.
                    parenthesized(split_commas(inner)?, expr, out)?;
                } else if inner.is_empty() {
                    out.push_str("()");
                    operand = true;
                } else {
                    return None;
                }
            }
            Tt::Group(..) => return None,
        }
        i += 1;
    }
    operand.then_some(())
}

/// The value of a plain string literal (`"..."`, as `proc_macro2` writes it), or `None` for any
/// other literal or an escape this does not read.
fn string_value(lit: &Literal) -> Option<String> {
    let repr = lit.to_string();
    // A raw string (`r"..."`, `r#"..."#`: what `quote!` makes of a `///` comment) is as written.
    if let Some(raw) = repr.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let inner = raw[hashes..].strip_prefix('"')?.strip_suffix(&raw[..hashes])?.strip_suffix('"')?;
        return Some(inner.to_string());
    }
    let inner = repr.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains('\\') {
        return Some(inner.to_string());
    }
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => value.push('\\'),
            '"' => value.push('"'),
            '\'' => value.push('\''),
            't' => value.push('\t'),
            '0' => value.push('\0'),
            'u' => {
                (chars.next()? == '{').then_some(())?;
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                value.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `prettyplease`'s text of `code`, and this module's, after the blank-line pass both share.
    fn both(code: &str) -> (String, String, usize) {
        let tokens: TokenStream = code.parse().expect("test code lexes");
        let slow = prettyplease::unparse(&syn::parse2(tokens.clone()).expect("test code parses"));
        let (rest, taken) = take(tokens);
        let fast = put_back(prettyplease::unparse(&syn::parse2(rest).expect("the marked code parses")), &taken).expect("put back");
        (slow, fast, taken.texts.len())
    }

    /// Asserts that each of `codes` is printed the same both ways; how many items the fast path
    /// printed.
    #[track_caller]
    fn same_all(codes: &[String]) -> usize {
        codes
            .iter()
            .map(|code| {
                let (slow, fast, plain) = both(code);
                assert_eq!(fast, slow, "{code}");
                plain
            })
            .sum()
    }

    #[track_caller]
    fn same(code: &str, plain: usize) {
        let (slow, fast, n) = both(code);
        assert_eq!(fast, slow, "for {code}");
        assert_eq!(n, plain, "functions printed without syn, for {code}:\n{slow}");
    }

    #[test]
    fn the_same_text_as_prettyplease() {
        // Setters, `send`, constructors: the shapes the emitters make most.
        same(
            r##"impl A {
                #[doc = " The id."] #[doc = ""] #[doc = " `x` \u{e9} \\[y\\] \"q\"   "] #[doc = r" raw \[ "] #[doc = r#" "raw" "#]
                pub fn id(mut self, value: impl Into<String>) -> Self { self.id = Some(value.into()); self.nulls.set(0usize, false); self }
                pub async fn send(self) -> Result<types::X> { self.send_with_response().await.map(crate::Response::into_inner) }
                pub fn new(odata_type: impl Into<String>) -> Self { A { id: None, odata_type: odata_type.into(), nulls: Default::default(), } }
                pub fn small() -> Self { A { id: None } }
                pub(crate) fn r(&self, b: &mut Vec<u8>, c: &str) -> Option<&str> { let _ = b; let x = !c.is_empty(); x.then_some(c) }
                fn unit(&mut self) -> Result<()> { Ok(()) }
                fn cast(&self) -> u64 { self.n as u64 }
                fn list(mut self, value: impl IntoIterator<Item = impl Into<types::Y>>) -> Self { self.v = Some(value.into_iter().map(Into::into).collect()); self }
            }"##,
            8,
        );
        same("pub fn top(a: HashMap<String, Vec<(u8, i64)>>) -> (u8, ()) { call(a, &b, *c, -d)? }", 1);
        // Not plain: left to prettyplease, and still the same text.
        same(
            r#"impl A {
                #[inline] fn attr(&self) {}
                fn generic<T>(t: T) -> T { t }
                fn closure(&self) -> u8 { self.x.map(|x| x + 1) }
                fn mac(&self) { println!("{}", 1); }
                fn tail_assign(&mut self) { self.a = 1 }
                fn turbofish(&self) -> Vec<u8> { self.a.iter().collect::<Vec<_>>() }
                fn multi(&self) -> u8 { #[doc = "a\nb"] 1 }
                fn block(&self) -> u8 { if true { 1 } else { 2 } }
                fn lifetime<'a>(&'a self) -> &'a str { "" }
                fn empty(&self) {}
            }
            #[doc = "/ starts with a slash"] fn slash() -> u8 { 1 }
            const C: A = A { a: 1 };
            use a::{b, c};
            struct S { a: u8 }
            mod m { pub fn inner() -> u8 { 1 } }
            crate::call_options!(A, [], []);"#,
            1, // the struct
        );
    }

    #[test]
    fn matches() {
        same(
            r#"impl A {
                pub fn is_null(&self, property: &str) -> bool { match property { "target" => self.nulls.get(0), "other" => self.nulls.get(1usize), _ => false, } }
                fn kind(&self) -> &str { match self.kind { Kind::A => "a", crate::Kind::B => "b", _ => "" } }
            }"#,
            2,
        );
        same(
            r#"impl A {
                fn guard(&self) -> u8 { match self.a { x if x > 1 => 1, _ => 0 } }
                fn block(&self) -> u8 { match self.a { 1 => { 2 } _ => 0 } }
                fn or(&self) -> u8 { match self.a { 1 | 2 => 1, _ => 0 } }
                fn tuple(&self) -> u8 { match self.a { Some(x) => x, None => 0 } }
                fn empty(&self) -> u8 { match self.a {} }
            }"#,
            0,
        );
        for n in 1..70 {
            let name = "x".repeat(n);
            let (slow, fast, _) = both(&format!(
                "impl A {{ fn f(&self, {name}: &str) -> bool {{ match {name} {{ \"{name}\" => self.nulls.get(0), _ => self.{name}.is_some() }} }} }}"
            ));
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn structs_and_enums() {
        same(
            r##"
            #[doc = " A type."] #[derive(Debug, Clone, PartialEq)] #[non_exhaustive] #[must_use = "a request does nothing"]
            pub struct A { #[doc = " The id."] pub id: Option<String>, pub(crate) nulls: crate::ser::Nulls, call: Call, #[serde(rename = "x", default)] x: Vec<(u8, String)> }
            #[derive(Debug, Clone)] #[allow(clippy::large_enum_variant)] #[cfg(feature = "mock")]
            pub enum E { #[doc = r" `id`"] Id, IdDesc, Other(serde_json::Value), Pair(String, u8) }
            enum F { A }
            "##,
            3,
        );
        same(
            r##"
            pub struct Tuple(pub String);
            pub struct Unit;
            pub struct G<T> { t: T }
            pub enum Named { A { a: u8 } }
            pub enum Disc { A = 1 }
            pub struct Empty {}
            #[cfg_attr(feature = "x", derive(Debug))] pub struct Nested { a: u8 }
            #[derive(Debug,)] pub struct Trailing { a: u8 }
            "##,
            0,
        );
        for n in 1..70 {
            let name = "x".repeat(n);
            let (slow, fast, _) = both(&format!("#[derive(Debug, Clone, PartialEq, {name})] pub struct S {{ #[serde(rename = \"{name}\")] pub {name}: Option<Vec<{name}>>, }} pub enum {name} {{ A({name}, {name}) }}"));
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn lines_at_each_side_of_the_width_limits() {
        let (mut broken_calls, mut chains) = (0, 0);
        for n in 1..60 {
            let name = "x".repeat(n);
            // The signature line, at 4 and at 0.
            let sig = format!("pub fn {name}(&self, value: impl Into<String>) -> Self {{");
            same(&format!("impl A {{ {sig} self }} }}"), 1);
            same(&format!("{sig} self }}"), 1);
            // A signature too long for its line: one parameter a line, or left to prettyplease.
            for sig in [
                format!("pub fn devices_{name}(&self, permission_id: impl Into<String>, body: impl Into<types::Permission>) -> Devices{name} {{"),
                format!("pub async fn send_{name}(self) -> Result<crate::Response<types::MicrosoftGraph{name}>> {{"),
                format!("pub fn f{name}() -> Result<crate::Response<types::MicrosoftGraph{name}>> {{"),
            ] {
                let (slow, fast, _) = both(&format!(
                    "impl A {{ {sig} let call = Call::new(self); Devices {{ permission_id: permission_id.into(), body: body.into(), call }} }} }}"
                ));
                assert_eq!(fast, slow);
                let (slow, fast, _) = both(&format!("{sig} self }}"));
                assert_eq!(fast, slow);
            }
            // Types broken at their `<...>`: a setter's parameter, a mock's return type.
            for code in [
                format!("impl A {{ pub fn {name}(mut self, value: impl IntoIterator<Item = impl Into<Devices{name}OrderbyItem>>) -> Self {{ self }} }}"),
                format!("impl M {{ pub fn {name}(&self, body: impl Into<types::Message>) -> Expectation<'_, operations::m::Messages{name}, types::MicrosoftGraphMessage> {{ self.x() }} }}"),
                format!("impl M {{ pub fn f(&self, a: &'a str) -> Result<crate::Response<types::{name}>, crate::Error<types::{name}, u8>> {{ self.x() }} }}"),
            ] {
                let (slow, fast, plain) = both(&code);
                assert_eq!(fast, slow, "{code}");
                // Short enough, each argument fits its line.
                if n < 10 {
                    assert_eq!(plain, 1, "{code}");
                }
            }
            // A call broken one argument a line, at the end of a body and as a statement.
            broken_calls += same_all(&[
                format!("impl M {{ fn f(&self) -> u8 {{ Expectation::new(self, \"messages.{name}\", self.recorder_client().messages_list_{name}(body)) }} }}"),
                format!("impl M {{ fn f(&self) {{ crate::call(self.{name}, \"messages.List\", self.recorder_client().messages_list(body, &self.x)); }} }}"),
                format!("impl M {{ fn f(&self) {{ call(self.{name}, self.recorder_client().messages_list(body, &self.{name}), \"messages.List\"); }} }}"),
            ]);
            // Method chains too long for their line.
            chains += same_all(&[
                format!("impl B {{ pub async fn send_with_response(self) -> Result<u8> {{ let request = self.call.request(\"devices.List{name}\", Method::GET, \"/devices/{{permission5-id}}/installations\").path(\"permission5-id\", &self.permission5_id).query(\"$top\", &self.top, Style::FormComma); self.call.client.execute_raw(request).await?.into_response(crate::client::Reply::decode_{name}) }} }}"),
                format!("impl B {{ fn f(self) {{ self.{name}.client.execute_raw(request).await?; }} }}"),
                format!("impl B {{ fn f(self) -> u8 {{ request.{name}.client.execute_raw(request, \"{name}\", &self.x).await?.into_response() }} }}"),
                format!("impl B {{ fn f(self) {{ let x{name} = request.client.execute_raw(request).await?; }} }}"),
            ]);
            // A statement, at 8.
            let (slow, fast, _) = both(&format!("impl A {{ fn f(&self) {{ let {name} = self.value.into_inner().unwrap_or_default(); }} }}"));
            assert_eq!(fast, slow);
            // A struct literal's 34 columns and its line.
            same(&format!("impl A {{ fn f() -> Self {{ A {{ {name} }} }} }}"), 1);
            same(&format!("impl A {{ fn f() -> Self {{ A {{ a: {name}, b }} }} }}"), 1);
            same(&format!("impl A {{ fn f() -> Self {{ Abcdefghijklmnopqrstuvw {{ a: x.{name}(), b: y.into(), c: None }} }} }}"), 1);
        }
        assert!(broken_calls > 60, "{broken_calls} calls printed without syn");
        assert!(chains > 100, "{chains} method chains printed without syn");
    }

    #[test]
    fn markers_out_of_place_are_errors() {
        let (_, taken) = take("impl A { fn f(&self) -> u8 { 1 } }".parse().unwrap());
        assert!(put_back("impl A {}\n".to_string(), &taken).is_err());
        assert!(put_back("impl A {\n__openapi_rs_fast!();\n}\n".to_string(), &taken).is_err());
        assert!(put_back("impl A {\n    __openapi_rs_fast!();\n    __openapi_rs_fast!();\n}\n".to_string(), &taken).is_err());
        assert_eq!(
            put_back("impl A {\n    __openapi_rs_fast!();\n}\n".to_string(), &taken).unwrap(),
            "impl A {\n    fn f(&self) -> u8 {\n        1\n    }\n}\n"
        );
    }
}
