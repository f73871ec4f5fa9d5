//! A client emitted as a module of another crate (`crate::<module>`) instead of a crate of its own:
//! how the test fixtures are all compiled in one crate.
//!
//! Paths rooted at `crate::` are rebased on the module. In emitted code that is done on the
//! tokens: code paths, the paths our emitters write inside strings (serde's `with` attributes)
//! and the targets of intra-doc links (`](crate::...)`); any other text from the spec, in doc
//! comments and string literals, is left as it is. The fixed runtime files are ours, and are
//! rebased as text. Their unit tests are left out: they run once, in the crates the runtime is
//! copied into whole, not once per fixture.

use proc_macro2::{Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

use super::Output;

/// `output` rebased on `crate::<module>`.
pub fn rebase(output: Output, module: &str) -> Output {
    match output {
        Output::Tokens(tokens) => Output::Tokens(rebase_tokens(tokens, module)),
        Output::TokensThenText(tokens, tail) => Output::TokensThenText(rebase_tokens(tokens, module), rebase_text(&tail, module)),
        Output::Runtime(text) => Output::Runtime(rebase_text(&without_tests(&text), module)),
        Output::HandWritten(text) => Output::HandWritten(rebase_text(&text, module)),
        Output::Text(text) => Output::Text(text),
    }
}

/// Every path that starts with `crate ::` continues with `module ::`.
fn rebase_tokens(tokens: TokenStream, module: &str) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => {
                let mut rebased = Group::new(group.delimiter(), rebase_tokens(group.stream(), module));
                rebased.set_span(group.span());
                out.push(TokenTree::Group(rebased));
            }
            TokenTree::Ident(ident) if ident == "crate" && is_path_separator(&tokens[i + 1..]) => {
                out.push(token.clone());
                out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                out.push(TokenTree::Ident(Ident::new(module, Span::call_site())));
            }
            TokenTree::Literal(literal) => {
                let key = match (i.checked_sub(2).map(|k| &tokens[k]), i.checked_sub(1).map(|k| &tokens[k])) {
                    (Some(TokenTree::Ident(key)), Some(TokenTree::Punct(eq))) if eq.as_char() == '=' => Some(key.to_string()),
                    _ => None,
                };
                let text = literal.to_string();
                let rebased = match key.as_deref() {
                    Some("with" | "serialize_with" | "deserialize_with") if text.starts_with("\"crate::") => {
                        Some(text.replacen("\"crate::", &format!("\"crate::{module}::"), 1))
                    }
                    Some("doc") if text.contains("](crate::") => Some(text.replace("](crate::", &format!("](crate::{module}::"))),
                    _ => None,
                };
                match rebased.and_then(|t| t.parse::<proc_macro2::Literal>().ok()) {
                    Some(literal) => out.push(TokenTree::Literal(literal)),
                    None => out.push(token.clone()),
                }
            }
            other => out.push(other.clone()),
        }
    }
    out.into_iter().collect()
}

fn is_path_separator(rest: &[TokenTree]) -> bool {
    matches!(rest, [TokenTree::Punct(a), TokenTree::Punct(b), ..] if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
}

/// Our fixed text, rebased.
fn rebase_text(text: &str, module: &str) -> String {
    text.replace("crate::", &format!("crate::{module}::"))
}

/// A runtime file without its unit tests: by convention the `#[cfg(test)] mod tests` block is
/// the last item of the file.
fn without_tests(text: &str) -> String {
    match text.find("\n#[cfg(test)]\nmod tests {") {
        Some(at) => format!("{}\n", text[..at].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_rebased_and_text_from_the_spec_is_not() {
        let tokens: TokenStream = quote::quote! {
            /// See crate::types::User, or [`User`](crate::types::User).
            pub(crate) fn f(x: crate::types::User) -> Vec<crate::Error> { let s = "crate::x"; g::<crate::A>() }
            #[serde(rename = "crate::x", deserialize_with = "crate::nullable::deserialize")]
            struct S;
        };
        let out = rebase_tokens(tokens, "m").to_string();
        assert!(out.contains("crate :: m :: types :: User"), "{out}");
        assert!(out.contains("Vec < crate :: m :: Error >"), "{out}");
        assert!(out.contains("crate :: m :: A"), "{out}");
        assert!(out.contains("pub (crate) fn"), "{out}");
        assert!(out.contains("\" See crate::types::User, or [`User`](crate::m::types::User).\""), "only link targets in docs: {out}");
        assert!(out.contains("rename = \"crate::x\""), "a wire name is not a path: {out}");
        assert!(out.contains("deserialize_with = \"crate::m::nullable::deserialize\""), "{out}");
        assert!(out.contains("\"crate::x\""), "strings untouched: {out}");
    }

    /// Every runtime file keeps its tests last, so that leaving them out leaves the rest whole.
    #[test]
    fn runtime_tests_are_the_last_item() {
        use super::super::{DE, ENUMS, PAGING, RUNTIME, UNION, WEBHOOK};
        for (path, text) in RUNTIME.iter().chain([&ENUMS, &PAGING, &DE, &UNION, &WEBHOOK]) {
            let stripped = without_tests(text);
            assert!(!stripped.contains("#[cfg(test)]"), "{path}: a test item is not at the end");
            assert!(syn::parse_file(&stripped).is_ok(), "{path}: does not parse without its tests");
        }
    }
}
