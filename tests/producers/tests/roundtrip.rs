//! The round-trip check of the producers' clients (tests/roundtrip/harness.rs): every component
//! schema of the specs the FastAPI and utoipa servers serve, its instances decoded into its type
//! and encoded back, unchanged.

#[path = "../../roundtrip/harness.rs"]
mod harness;
// Written by generator/tests/roundtrip_tables.rs: the drift test checks it, not rustfmt.
#[rustfmt::skip]
#[path = "roundtrip/table.rs"]
mod table;

#[test]
fn every_producer_schema_keeps_its_instances() {
    harness::run("producers", table::SPECS, table::TABLE, table::WITHOUT_ALL_SCHEMAS);
}
