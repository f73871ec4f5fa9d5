//! No function of the generator (its runtime included) is longer than 120 lines, from `fn` to its
//! closing brace: a longer one is split along the seams its comments mark (issue 30). Measured
//! with syn on every source file, nested functions and methods included.

use std::path::{Path, PathBuf};

use syn::spanned::Spanned;
use syn::visit::Visit;

const LIMIT: usize = 120;

struct Lengths<'a> {
    file: &'a Path,
    over: Vec<String>,
}

impl Lengths<'_> {
    fn measure(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
        let lines = block.brace_token.span.close().end().line + 1 - sig.fn_token.span().start().line;
        if lines > LIMIT {
            self.over.push(format!("{}: `{name}` is {lines} lines", self.file.display()));
        }
    }
}

impl<'ast> Visit<'ast> for Lengths<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.measure(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.measure(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.measure(&f.sig.ident, &f.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_function_of_the_generator_is_longer_than_120_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "benches", "examples"] {
        if root.join(dir).is_dir() {
            sources(&root.join(dir), &mut files);
        }
    }
    files.sort();
    assert!(files.len() > 50, "the sources were not found");
    let mut over = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let relative = file.strip_prefix(root).unwrap();
        let mut lengths = Lengths { file: relative, over: Vec::new() };
        lengths.visit_file(&parsed);
        over.extend(lengths.over);
    }
    assert!(over.is_empty(), "functions over {LIMIT} lines; split them along their seams:\n{}", over.join("\n"));
}

#[test]
fn a_long_function_is_measured_as_long() {
    let body = "    let x = 1;\n".repeat(LIMIT);
    let text = format!("fn long() {{\n{body}}}\nfn short() {{}}\n");
    let parsed = syn::parse_file(&text).unwrap();
    let mut lengths = Lengths { file: Path::new("t.rs"), over: Vec::new() };
    lengths.visit_file(&parsed);
    assert_eq!(lengths.over, ["t.rs: `long` is 122 lines"]);
}
