//! Documents that once overflowed the stack (the process aborted: no message, no exit code 2):
//! each must end in `Ok` or a clear error. Every case runs on a thread with Rust's default 2 MiB
//! stack, so a walk that recurses once per schema or reference would abort this test binary.

use std::fmt::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use generator::{CrateSettings, Diagnostics, Generated};

#[path = "../benches/synth.rs"]
mod synth;

fn settings() -> CrateSettings {
    CrateSettings {
        name: "deep".into(),
        version: "0.1.0".into(),
        license: "MIT".into(),
        spec_display: "deep.yaml".into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    }
}

/// Runs `work` on a thread with a 2 MiB stack, within a time limit.
fn on_small_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let started = Instant::now();
    let result = std::thread::Builder::new().stack_size(2 << 20).spawn(work).expect("a thread starts").join().expect("no panic");
    assert!(started.elapsed() < Duration::from_secs(120), "took {:?}", started.elapsed());
    result
}

/// Runs the pipeline on `spec` from a thread with a 2 MiB stack. First the checker and the model
/// on that stack (the first line of defence: they walk iteratively or within fixed bounds; the
/// document is read on a stack of its own, as `serde` reads nesting by recursion), then the
/// whole pipeline through the public entry point (which runs on a stack of its own, the second
/// line: the formatter also parses deeply nested types by recursion).
fn generate(spec: String) -> Result<Generated, Diagnostics> {
    let first = spec.clone();
    if let Ok(doc) =
        generator::on_big_stack(|| generator::load::load(generator::Spec::text(Path::new("deep.yaml"), first), &generator::LoadOptions::default()))
    {
        on_small_stack(move || {
            if generator::check::check(&doc).iter().all(|d| d.severity != generator::Severity::Error) {
                let _ = generator::model::build(&doc);
            }
        });
    }
    on_small_stack(move || generator::Generator::new(&settings()).generate(generator::Spec::text(Path::new("deep.yaml"), spec)))
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n";

/// A spec whose schemas are `line(i)` for `i` in `0..n`, then `last`.
fn chain(n: usize, line: impl Fn(usize) -> String, last: &str) -> String {
    let mut spec = HEAD.to_string();
    for i in 0..n {
        writeln!(spec, "    S{i}: {}", line(i)).unwrap();
    }
    writeln!(spec, "    S{n}: {last}").unwrap();
    spec
}

fn messages(d: &Diagnostics) -> String {
    d.0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_schema_nested_10_000_levels_deep_is_a_clear_error() {
    let mut schema = "{type: string}".to_string();
    for _ in 0..10_000 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let spec = chain(0, |_| unreachable!(), &schema);
    let err = generate(spec).expect_err("too deep to read");
    assert!(messages(&err).contains("nests more than 128 levels deep"), "{}", messages(&err));
}

#[test]
fn a_schema_nested_as_deep_as_the_reader_allows_generates() {
    // Each level is two levels of the document (`items` and the schema inside); the limit is 128.
    for wrap in ["{type: array, items: X}", "{type: object, properties: {next: X}}", "{allOf: [X]}", "{oneOf: [X, {type: string}]}"] {
        let mut depth = 0;
        let mut schema = "{type: string}".to_string();
        while depth + 2 * 2 < 120 {
            schema = wrap.replace('X', &schema);
            depth += if wrap.contains("properties") { 3 } else { 2 };
        }
        let generated = generate(chain(0, |_| unreachable!(), &schema)).unwrap_or_else(|e| panic!("{wrap}: {}", messages(&e)));
        assert!(generated.files.iter().any(|(path, _)| path == "src/types.rs"));
    }
}

#[test]
fn a_chain_of_10_000_schemas_each_referencing_the_next_generates() {
    let spec = chain(10_000, |i| format!("{{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}", i + 1), "{type: string}");
    let generated = generate(spec).unwrap_or_else(|e| panic!("{}", messages(&e)));
    let types = &generated.files.iter().find(|(path, _)| path == "src/types.rs").unwrap().1;
    assert!(types.contains("pub struct S9999 {"), "every schema is a struct");
    // Recursive through items too.
    let spec = chain(10_000, |i| format!("{{type: array, items: {{$ref: '#/components/schemas/S{}'}}}}", i + 1), "{type: string}");
    generate(spec).unwrap_or_else(|e| panic!("{}", messages(&e)));
}

#[test]
fn a_chain_of_10_000_aliases_is_a_clear_error_not_a_cycle() {
    let spec = chain(10_000, |i| format!("{{$ref: '#/components/schemas/S{}'}}", i + 1), "{type: string}");
    let err = generate(spec).expect_err("too long to follow");
    let text = messages(&err);
    assert!(text.contains("starts a chain of more than 64 references"), "{}", &text[..2000.min(text.len())]);
    assert!(!text.contains("cyclic"), "a chain is not a cycle");
}

#[test]
fn a_chain_of_10_000_all_of_parts_ends() {
    let spec = chain(
        10_000,
        |i| format!("{{allOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: object, properties: {{p{i}: {{type: string}}}}}}]}}", i + 1),
        "{type: object, properties: {last: {type: string}}}",
    );
    match generate(spec) {
        Ok(generated) => {
            let too_deep = generated.warnings.iter().find(|w| w.message.contains("too deep to merge"));
            assert!(too_deep.is_some(), "the parts past the merge limit are said: {:?}", generated.warnings.first());
        }
        Err(e) => panic!("{}", messages(&e)),
    }
}

#[test]
fn a_chain_of_10_000_references_into_schemas_that_are_not_components_is_a_clear_error() {
    // S0.x is an object whose `y` refers to S1.x, whose `y` refers to S2.x, ...: each made while the
    // last is.
    let spec = chain(
        10_000,
        |i| {
            format!(
                "{{type: object, properties: {{x: {{type: object, properties: {{y: {{$ref: '#/components/schemas/S{}/properties/x'}}}}}}}}}}",
                i + 1
            )
        },
        "{type: object, properties: {x: {type: string}}}",
    )
    .replace("schema: {$ref: '#/components/schemas/S0'}", "schema: {$ref: '#/components/schemas/S0/properties/x'}");
    let err = generate(spec).expect_err("too deep to make");
    assert!(messages(&err).contains("more than 64 references in a row lead into schemas that are not components"), "{}", messages(&err));
}

#[test]
fn a_cycle_through_all_of_one_of_and_items_at_once_generates() {
    let spec = format!(
        "{HEAD}    S0:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - type: object\n          properties:\n            name: {{type: string}}\n    B:\n      type: object\n      properties:\n        choice:\n          oneOf:\n            - $ref: '#/components/schemas/C'\n            - type: string\n    C:\n      type: array\n      items: {{$ref: '#/components/schemas/S0'}}\n"
    );
    let generated = generate(spec).unwrap_or_else(|e| panic!("{}", messages(&e)));
    let types = &generated.files.iter().find(|(path, _)| path == "src/types.rs").unwrap().1;
    assert!(types.contains("pub struct S0 {"), "{types}");
}

#[test]
fn a_schema_made_of_itself_through_all_of_one_of_and_items_is_a_clear_error_or_generates() {
    // allOf straight through a oneOf of an array of itself: no object is made of all of itself
    // (the array is a value), so it generates; an allOf of only itself is the checker's error.
    let spec = format!(
        "{HEAD}    S0:\n      allOf:\n        - oneOf:\n            - type: array\n              items: {{$ref: '#/components/schemas/S0'}}\n            - $ref: '#/components/schemas/S0'\n        - type: object\n          properties:\n            name: {{type: string}}\n"
    );
    match generate(spec) {
        Ok(_) => {}
        Err(e) => assert!(messages(&e).contains("includes itself"), "{}", messages(&e)),
    }
    let spec = format!("{HEAD}    S0:\n      allOf:\n        - $ref: '#/components/schemas/S1'\n        - {{type: object}}\n    S1:\n      allOf:\n        - $ref: '#/components/schemas/S0'\n        - {{type: object}}\n");
    let err = generate(spec).expect_err("an object made of all of itself");
    assert!(messages(&err).contains("schema `S0` includes itself through `allOf`"), "{}", messages(&err));
}

/// Every property a reference with a description beside it (`allOf: [{$ref}, {description}]`),
/// through mutual recursion: one type per schema, not a copy per use (which never finished), and
/// no fallback to `serde_json::Value`, so no warning.
#[test]
fn references_with_documentation_through_mutual_recursion_generate_one_type_per_schema() {
    let generated = generate(synth::annotated_refs(300)).unwrap_or_else(|e| panic!("{}", messages(&e)));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings.iter().take(3).collect::<Vec<_>>());
    let types = generated.files.iter().filter(|(p, _)| p.starts_with("src/types")).map(|(_, c)| c.matches("\npub struct ").count()).sum::<usize>();
    assert_eq!(types, 300, "one struct per object schema");
}
