//! Mistakes a user of the generated client must not be able to compile, each checked against
//! the compiler's message in `tests/compile-fail/*.stderr` (with `trybuild`; after an intended
//! change of a message, regenerate them with `TRYBUILD=overwrite cargo test -p e2e-tests --test
//! compile_fail` and read the diff).

#[test]
fn mistakes_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("compile-fail/*.rs");
}
