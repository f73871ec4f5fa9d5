//! The strings of `generator/tests/fixtures/hostile_text.yaml`, written to break out of a doc
//! comment or a string literal, are data in the generated client: each arrives byte for byte
//! where the spec put it, and the crate compiled (with `-D warnings`) to nothing more.

use generated_fixtures::hostile_text_api::types::{EvilKind, EvilName};
use generated_fixtures::hostile_text_api::DEFAULT_BASE_URL;

#[test]
fn hostile_strings_stay_strings() {
    assert_eq!(DEFAULT_BASE_URL, "https://example.com/\"*/\\");
    let values = [
        (EvilKind::Quoted, "\"quoted\""),
        (EvilKind::BackSlash, "back\\slash"),
        (EvilKind::StarSlash, "*/"),
        (EvilKind::Code, "</code>"),
        (EvilKind::AB, "a\nb"),
        (EvilKind::StructInjected, "*/\nstruct Injected;\n/*"),
    ];
    for (kind, wire) in values {
        let json = serde_json::to_value(&kind).unwrap();
        assert_eq!(json, serde_json::Value::String(wire.into()));
        assert_eq!(serde_json::from_value::<EvilKind>(json).unwrap(), kind);
    }
    let body = serde_json::json!({"\"required*/": "r", "back\\slash": "b", "#[attr]": 1, "line\nbreak": "l", "</code>": "c"});
    let decoded: EvilName = serde_json::from_value(body.clone()).unwrap();
    assert_eq!((decoded.required.as_str(), decoded.attr, decoded.line_break.as_deref()), ("r", Some(1), Some("l")));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), body, "every field goes back under the name the spec gave it");
}
