//! The generated API takes what a Rust user has at hand: the natural spelling of every kind of
//! argument compiles and goes out as meant (`tagged_unions.yaml`, `fastapi_names.yaml`). A
//! test that compiles is half of the point; the values on the wire are the other half.

use generated_fixtures::fastapi_names_api::types::ReadFlowRunsBody;
use generated_fixtures::tagged_unions_api::types::{Collection, Record, VariableValue};
use serde_json::json;

#[test]
fn struct_setters_take_arrays_literals_and_json() {
    // A list from an array of `&str`, a free-form object from `json!`, a map of unions from
    // pairs of any JSON, an unsigned integer from a literal.
    let record = Record::new(["a", "b"])
        .meta(json!({"source": "import", "tries": 2}))
        .values([("category", json!("fruit")), ("rank", json!(3)), ("ripe", json!(true))])
        .limit(10);
    assert_eq!(
        serde_json::to_value(&record).unwrap(),
        json!({"ids": ["a", "b"], "meta": {"source": "import", "tries": 2}, "values": {"category": "fruit", "rank": 3, "ripe": true}, "limit": 10})
    );
    // The same with what a caller may hold instead: a Vec<String>, a serde_json::Map.
    let ids: Vec<String> = vec!["c".into()];
    let meta = json!({"k": "v"}).as_object().cloned().unwrap();
    assert_eq!(serde_json::to_value(Record::new(ids).meta(meta)).unwrap(), json!({"ids": ["c"], "meta": {"k": "v"}}));
}

#[test]
#[should_panic(expected = "a JSON object was expected")]
fn a_free_form_object_setter_given_something_else_says_so() {
    let _ = Record::new(["a"]).meta(json!([1, 2]));
}

#[test]
fn unions_convert_from_what_their_branches_hold() {
    assert_eq!(VariableValue::from("text"), VariableValue::String("text".into()));
    assert_eq!(VariableValue::from(3), VariableValue::Integer(3));
    assert_eq!(VariableValue::from(3_i64), VariableValue::Integer(3));
    assert_eq!(VariableValue::from(true), VariableValue::Bool(true));
    assert_eq!(VariableValue::from(vec![0.5, 1.5]), VariableValue::Numbers(vec![0.5, 1.5]));
    // Any JSON, decoded as a server's answer is: an object is the object branch.
    assert!(matches!(VariableValue::from(json!({"a": 1})), VariableValue::Object(_)));
    assert_eq!(VariableValue::from(json!("x")), VariableValue::String("x".into()));
}

#[test]
fn one_option_to_read_and_three_states_to_write() {
    let read: Collection = serde_json::from_value(json!({"name": "c", "expiry": null})).unwrap();
    // One `Option` to read...
    let expiry: Option<f64> = read.expiry;
    assert_eq!(expiry, None);
    // ...and `is_null` for the few who need to tell.
    assert!(read.is_null("expiry") && !read.is_null("offset"));
    assert_eq!(serde_json::to_value(&read).unwrap(), json!({"name": "c", "expiry": null}));
}

#[test]
fn fastapi_bodies_are_named_after_their_function() {
    let body = ReadFlowRunsBody::new().limit(5).sort("NAME_ASC");
    assert_eq!(serde_json::to_value(body).unwrap(), json!({"limit": 5, "sort": "NAME_ASC"}));
    // `read_flow_runs_flow_runs_filter_post` is `read_flow_runs` (with the long name as a doc
    // alias): this line does not compile otherwise.
    let client = generated_fixtures::fastapi_names_api::Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let _call = client.read_flow_runs(ReadFlowRunsBody::new());
}
