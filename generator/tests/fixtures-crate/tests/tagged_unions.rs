//! Unions as real producers write them (`tagged_unions.yaml`, `annotated_refs.yaml`): every
//! value comes back as the branch it is, and goes out as it came in. The request a caller builds
//! carries its branch's tag on the wire (checked against a local server).

use generated_fixtures::annotated_refs_api::types::{File, Folder};
use generated_fixtures::tagged_unions_api::types::{
    AbortDetails, Action, CancelFlowRun, Collection, EmbeddingFunction, IncludeItem, Mark, PauseFlowRun, Recipient, StateDetails,
};
use generated_fixtures::tagged_unions_api::Client;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes `value` as a `T`, and checks that encoding it again gives the same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value} should decode: {e}"));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value, "what was read is what is written");
    decoded
}

#[test]
fn a_fixed_tag_chooses_the_branch_whatever_the_order() {
    let abort = round_trip::<StateDetails>(json!({"type": "abort_details", "reason": "too late"}));
    match abort {
        StateDetails::AbortDetails(AbortDetails { reason, .. }) => assert_eq!(reason, "too late"),
        other => panic!("an abort is read as an abort: {other:?}"),
    }
    assert!(matches!(round_trip::<StateDetails>(json!({"type": "accept_details"})), StateDetails::AcceptDetails(_)));
    // Three branches with only optional fields each decode anything; the tag tells them apart.
    assert!(matches!(round_trip::<Action>(json!({"type": "cancel-flow-run"})), Action::CancelFlowRun(_)));
    assert!(matches!(round_trip::<Action>(json!({"type": "pause-flow-run", "limit": 3})), Action::PauseFlowRun(_)));
    assert!(matches!(round_trip::<Action>(json!({"type": "do-nothing"})), Action::DoNothing(_)));
    // An unknown tag is kept as it came, not forced into a branch.
    let unknown = json!({"type": "suspend-flow-run"});
    assert_eq!(round_trip::<Action>(unknown.clone()), Action::Unrecognized(unknown));
}

#[test]
fn the_branch_that_keeps_the_whole_value_wins() {
    // The first branch (`legacy`, every field optional) would decode this and drop two fields.
    let known = json!({"type": "known", "name": "openai", "config": {"model": "small"}});
    match round_trip::<EmbeddingFunction>(known) {
        EmbeddingFunction::Known(known) => assert_eq!(known.name, "openai"),
        other => panic!("the known branch: {other:?}"),
    }
    assert!(matches!(round_trip::<EmbeddingFunction>(json!({"type": "legacy"})), EmbeddingFunction::Legacy(_)));
    // `additionalProperties: false` on the first branch: the label is the second's.
    assert!(matches!(round_trip::<Mark>(json!({"x": 1.5, "label": "peak"})), Mark::LabeledPoint(_)));
    assert!(matches!(round_trip::<Mark>(json!({"x": 1.5})), Mark::Point(_)));
}

#[test]
fn string_enum_branches_take_only_their_own_values() {
    let items: Vec<IncludeItem> = round_trip(json!(["Document", "Metadata", "Embedding", {"other": "x"}]));
    assert!(matches!(items[0], IncludeItem::Document(_)));
    assert!(matches!(items[1], IncludeItem::Metadata(_)), "{:?}", items[1]);
    assert!(matches!(items[2], IncludeItem::Embedding(_)));
    assert!(matches!(items[3], IncludeItem::Other(_)));
    assert!(matches!(round_trip::<Recipient>(json!("")), Recipient::BlankEnum(_)));
    assert!(matches!(round_trip::<Recipient>(json!("owner")), Recipient::RecipientEnum(_)));
}

#[test]
fn bounds_written_as_floats_and_nullable_names_keep_their_types() {
    // `limit: {type: integer, minimum: 0.0}` is an integer, not untyped JSON.
    let pause: PauseFlowRun = round_trip(json!({"type": "pause-flow-run", "limit": 7}));
    assert_eq!(pause.limit, Some(7i64));
    // `StateExpiry: {type: [number, 'null']}`: `null`, a number and nothing are three values.
    // The reader sees one `Option`; `is_null` tells `null` from nothing, and each is written back.
    let collection: Collection = round_trip(json!({"name": "c", "expiry": null, "offset": 0, "kind": "shared"}));
    assert_eq!((collection.expiry, collection.is_null("expiry")), (None, true));
    let collection: Collection = round_trip(json!({"name": "c", "expiry": 2.5}));
    assert_eq!((collection.expiry, collection.is_null("expiry")), (Some(2.5), false));
    let collection: Collection = round_trip(json!({"name": "c"}));
    assert_eq!((collection.expiry, collection.is_null("expiry")), (None, false));
    // Built: a value, `null` with `clear_*`, or nothing.
    assert_eq!(serde_json::to_value(Collection::new("c").clear_expiry()).unwrap(), json!({"name": "c", "expiry": null}));
    assert_eq!(serde_json::to_value(Collection::new("c").clear_expiry().expiry(1.5)).unwrap(), json!({"name": "c", "expiry": 1.5}));
    assert_eq!(serde_json::to_value(Collection::new("c")).unwrap(), json!({"name": "c"}));
}

#[test]
fn references_with_documentation_beside_them_are_the_referenced_types() {
    let folder: Folder = round_trip(json!({
        "name": "docs", "size": 10,
        "files": [{"name": "a.txt", "folder": {"name": "docs"}, "game": null}],
        "parent": null
    }));
    assert_eq!(folder.name, "docs");
    assert!(folder.parent.is_none() && folder.is_null("parent"));
    let file: &File = &folder.files.as_ref().unwrap()[0];
    assert!(file.game.is_none() && file.is_null("game"));
    let folder: Folder = round_trip(json!({"name": "x", "parent": {"name": "root"}}));
    assert_eq!(folder.parent.unwrap().name, "root");
}

/// What a caller builds goes out with its tag: the server's own union would otherwise pick its
/// first member (a "do nothing" instead of a cancel).
#[tokio::test]
async fn a_built_branch_is_sent_with_its_tag() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/actions"))
        .and(body_json(json!({"type": "cancel-flow-run"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "abort_details", "reason": "cancelled"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let state = client.run_action(Action::CancelFlowRun(CancelFlowRun::new())).send().await.unwrap();
    assert!(matches!(state, StateDetails::AbortDetails(AbortDetails { ref reason, .. }) if reason == "cancelled"), "{state:?}");
    assert_eq!(serde_json::to_value(CancelFlowRun::default()).unwrap(), json!({"type": "cancel-flow-run"}));
}
