//! End-to-end tests of the generated clients against a local HTTP server (see `tests/`).
//!
//! Each test starts a `wiremock` server on loopback, points a generated client at it, and
//! asserts what goes on the wire (method, path, query, headers, JSON body) and what comes back
//! (decoded responses, typed errors).
