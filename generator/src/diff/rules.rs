//! The rules: every kind of change the spec comparison reports, and how it is classed for HTTP
//! callers.
//!
//! A change inside a schema is judged by the way values flow where it is: in a **request** the
//! server must go on accepting what old callers send (narrowing what is accepted breaks them); in
//! a **response** old callers must go on understanding what the server sends (widening what may
//! come back can break them). A rule therefore has one class for each direction. Rules about
//! operations as a whole have the same class both ways.

use serde::Serialize;

/// How a change affects HTTP callers written against the old spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Old callers go on working.
    Safe,
    /// Old callers may break, depending on what they send or how they read answers.
    PossiblyBreaking,
    /// Old callers break.
    Breaking,
}

impl Impact {
    /// How the class is written in reports.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Safe => "safe",
            Impact::PossiblyBreaking => "possibly breaking",
            Impact::Breaking => "breaking",
        }
    }
}

/// A kind of change and its class, in requests and in responses.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable identifier (kebab-case), used in the JSON output and the tests.
    pub id: &'static str,
    /// Whether the class depends on the direction (schemas, media types); else `request` is used.
    pub directional: bool,
    /// Class and reason where values flow from callers to the server.
    pub request: (Impact, &'static str),
    /// Class and reason where values flow from the server to callers.
    pub response: (Impact, &'static str),
}

const fn same(id: &'static str, impact: Impact, reason: &'static str) -> Rule {
    Rule { id, directional: false, request: (impact, reason), response: (impact, reason) }
}

const fn by_direction(id: &'static str, request: (Impact, &'static str), response: (Impact, &'static str)) -> Rule {
    Rule { id, directional: true, request, response }
}

use Impact::{Breaking, PossiblyBreaking as Possibly, Safe};

/// Every rule, in the order reports explain them.
pub const RULES: &[Rule] = &[
    // Operations.
    same("operation-added", Safe, "a new operation; old callers do not call it"),
    same("operation-removed", Breaking, "old callers of this operation get an error"),
    same("operation-renamed", Safe, "the operationId is not sent on the wire (the generated method is renamed)"),
    same("operation-moved", Breaking, "old callers still use the old method and path"),
    same("operation-tags-changed", Safe, "tags are not sent on the wire (the generated builder moves to another module)"),
    same("deprecation-changed", Safe, "it still works; deprecation only announces a removal"),
    // Webhooks: requests the API sends; their payloads flow as responses do, to the receiver.
    same("webhook-added", Safe, "a new event the API sends; a receiver built on the old spec takes it for an unknown one"),
    same("webhook-removed", Possibly, "the API no longer sends this event; a receiver that waits for it gets nothing"),
    // Parameters.
    same("parameter-added-required", Breaking, "old callers do not send it"),
    same("parameter-added-optional", Safe, "old callers leave it out"),
    same("parameter-removed", Possibly, "old callers still send it; the server may ignore or reject it"),
    same("parameter-required", Breaking, "old callers may leave it out"),
    same("parameter-optional", Safe, "old callers that send it go on working"),
    same("parameter-style-changed", Breaking, "old callers write its values differently on the wire"),
    same("path-parameter-renamed", Safe, "path parameter names are not sent on the wire"),
    // Request bodies.
    same("request-body-added-required", Breaking, "old callers send no body"),
    same("request-body-added-optional", Safe, "old callers send no body, which is still allowed"),
    same("request-body-removed", Possibly, "old callers still send a body; the server may ignore or reject it"),
    same("request-body-required", Breaking, "old callers may send no body"),
    same("request-body-optional", Safe, "old callers that send a body go on working"),
    by_direction(
        "media-type-removed",
        (Breaking, "old callers send this content type"),
        (Breaking, "old callers expect answers of this content type"),
    ),
    by_direction(
        "media-type-added",
        (Safe, "one more content type is accepted"),
        (Possibly, "the server may answer in a content type old callers do not read"),
    ),
    // Responses.
    same("success-response-added", Possibly, "old callers may not expect this success status"),
    same("success-response-removed", Possibly, "the server no longer answers with this status; callers that check for it break"),
    same("error-response-added", Safe, "old callers already handle errors"),
    same("error-response-removed", Safe, "the server no longer sends this error"),
    same("response-header-added", Safe, "old callers ignore headers they do not know"),
    same("response-header-removed", Possibly, "old callers that read this header no longer find it"),
    // Schemas.
    by_direction(
        "type-changed",
        (Breaking, "values of the old type are no longer accepted"),
        (Breaking, "old callers cannot read values of the new type"),
    ),
    by_direction(
        "type-widened",
        (Safe, "every old value is still accepted"),
        (Possibly, "old callers may receive values they do not expect (e.g. fractions)"),
    ),
    by_direction(
        "type-narrowed",
        (Breaking, "some values old callers send are no longer accepted"),
        (Safe, "old callers receive a subset of what they read"),
    ),
    by_direction(
        "format-widened",
        (Safe, "every old value is still accepted"),
        (Possibly, "old callers may receive values outside the old format (e.g. beyond 32 bits)"),
    ),
    by_direction(
        "format-narrowed",
        (Possibly, "some values old callers send may no longer be accepted"),
        (Safe, "old callers receive a subset of what they read"),
    ),
    by_direction(
        "format-changed",
        (Possibly, "values in the old format may no longer be accepted"),
        (Possibly, "old callers may not parse values in the new format"),
    ),
    by_direction(
        "enum-value-added",
        (Safe, "one more value is accepted"),
        (Possibly, "old callers may not know the new value (the generated client keeps it as `Unrecognized`)"),
    ),
    by_direction(
        "enum-value-removed",
        (Breaking, "old callers may send the removed value"),
        (Safe, "old callers receive a subset of the values they know"),
    ),
    by_direction("enum-restricted", (Breaking, "only the listed values are accepted now"), (Safe, "old callers receive a subset of what they read")),
    by_direction("enum-unrestricted", (Safe, "every old value is still accepted"), (Possibly, "old callers may receive values beyond the old list")),
    by_direction("nullable-added", (Safe, "`null` is accepted too"), (Breaking, "old callers cannot read `null` here")),
    by_direction("nullable-removed", (Breaking, "old callers may send `null`"), (Safe, "old callers no longer receive `null`")),
    by_direction(
        "constraint-tightened",
        (Breaking, "values old callers may send are now rejected"),
        (Safe, "old callers receive a subset of what they read"),
    ),
    by_direction(
        "constraint-loosened",
        (Safe, "every old value is still accepted"),
        (Possibly, "old callers may receive values outside the old bounds"),
    ),
    by_direction(
        "pattern-changed",
        (Possibly, "values matching the old pattern may be rejected"),
        (Possibly, "old callers may receive values outside the old pattern"),
    ),
    by_direction(
        "default-changed",
        (Possibly, "old callers that leave it out get a different behaviour"),
        (Safe, "a default in a response documents the server only"),
    ),
    same("default-added", Safe, "old callers that leave it out get the documented default"),
    by_direction("property-added-required", (Breaking, "old callers do not send it"), (Safe, "old callers ignore fields they do not know")),
    by_direction("property-added-optional", (Safe, "old callers leave it out"), (Safe, "old callers ignore fields they do not know")),
    by_direction(
        "property-removed-required",
        (Possibly, "old callers still send it; the server may ignore or reject it"),
        (Breaking, "old callers expect it in every answer"),
    ),
    by_direction(
        "property-removed-optional",
        (Possibly, "old callers still send it; the server may ignore or reject it"),
        (Possibly, "old callers that read it never get it again"),
    ),
    by_direction("property-required", (Breaking, "old callers may leave it out"), (Safe, "old callers find it in every answer")),
    by_direction("property-optional", (Safe, "old callers that send it go on working"), (Breaking, "old callers expect it in every answer")),
    by_direction("additional-properties-restricted", (Breaking, "old callers may send other keys"), (Safe, "old callers receive fewer keys")),
    by_direction("additional-properties-allowed", (Safe, "other keys are accepted too"), (Safe, "old callers ignore keys they do not know")),
    by_direction("union-branch-added", (Safe, "one more shape is accepted"), (Breaking, "old callers cannot read values of the new shape")),
    by_direction(
        "union-branch-removed",
        (Breaking, "old callers may send the removed shape"),
        (Safe, "old callers receive a subset of the shapes they read"),
    ),
    by_direction(
        "all-of-member-added",
        (Possibly, "old callers' values may not satisfy the new member"),
        (Safe, "old callers ignore the fields the new member adds"),
    ),
    by_direction(
        "all-of-member-removed",
        (Safe, "fewer constraints on what old callers send"),
        (Breaking, "the removed member's fields may be missing from answers"),
    ),
    by_direction(
        "access-changed",
        (Possibly, "readOnly/writeOnly decides whether the field is sent or received"),
        (Possibly, "readOnly/writeOnly decides whether the field is sent or received"),
    ),
    same("reference-changed", Safe, "the shape is what counts on the wire (its changes are listed); the generated type is renamed"),
    by_direction(
        "schema-changed",
        (Possibly, "a keyword this comparison does not interpret changed; review it"),
        (Possibly, "a keyword this comparison does not interpret changed; review it"),
    ),
    // Security.
    same("security-required", Breaking, "old callers may send no credentials"),
    same("security-alternative-added", Safe, "one more way to authenticate"),
    same("security-alternative-removed", Breaking, "old callers that authenticate this way are refused"),
    same("security-removed", Safe, "credentials are no longer needed"),
    same("security-scopes-changed", Possibly, "old callers' credentials may lack the new scopes"),
    same("security-scheme-changed", Breaking, "old callers send credentials the old way"),
    // The document.
    same("component-added", Safe, "a new component; nothing old uses it"),
    same("component-removed", Safe, "nothing in the new spec uses it; where it was used is reported there"),
    same("server-changed", Possibly, "callers that use the default base URL now reach another server"),
    same("api-version-changed", Safe, "the version is not sent on the wire"),
    same("openapi-version-changed", Safe, "the document's OpenAPI version is not sent on the wire; both are read into the same client"),
    same("documentation-changed", Safe, "documentation only"),
    same("extension-changed", Safe, "an `x-` extension is not part of the wire (it may change the generated client)"),
    same("other-changed", Possibly, "a field this comparison does not interpret changed; review it"),
];

/// The rule with this id.
///
/// # Panics
/// If there is none: rule ids are constants of this module.
pub fn rule(id: &str) -> &'static Rule {
    RULES.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("unknown diff rule `{id}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate rule {}", r.id);
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.id);
            assert!(r.directional || r.request == r.response, "{}", r.id);
        }
    }
}
