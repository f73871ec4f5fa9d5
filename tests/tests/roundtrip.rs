//! The round-trip check of the clients of `spec/` (tests/roundtrip/harness.rs): every component
//! schema, its instances decoded into its type and encoded back, unchanged.

#[path = "../roundtrip/harness.rs"]
mod harness;
// Written by generator/tests/roundtrip_tables.rs: the drift test checks it, not rustfmt.
#[rustfmt::skip]
#[path = "roundtrip/table.rs"]
mod table;

#[test]
fn every_spec_schema_keeps_its_instances() {
    harness::run("spec", table::SPECS, table::TABLE, table::WITHOUT_ALL_SCHEMAS);
}
