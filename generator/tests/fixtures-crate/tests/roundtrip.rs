//! The round-trip check of the fixtures (tests/roundtrip/harness.rs): every component schema of
//! every fixture spec, its instances decoded into its type and encoded back, unchanged.

#[path = "../../../../tests/roundtrip/harness.rs"]
mod harness;
// Written by generator/tests/roundtrip_tables.rs: the drift test checks it, not rustfmt.
#[rustfmt::skip]
#[path = "roundtrip/table.rs"]
mod table;

#[test]
fn every_fixture_schema_keeps_its_instances() {
    harness::run("fixtures", table::SPECS, table::TABLE, table::WITHOUT_ALL_SCHEMAS);
}
