//! Documentation prose for a schema: its title and description, then notes on its format, limits,
//! default and direction — made here once, for every type and field.

use openapiv3::{Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

/// The documentation of a schema: its title and description, then notes on its format and limits.
pub(crate) fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(t) = data.title.as_deref().filter(|t| !t.trim().is_empty()) {
        if data.description.as_deref().map(str::trim) != Some(t.trim()) {
            paragraphs.push(t.trim().to_string());
        }
    }
    if let Some(d) = data.description.as_deref().filter(|d| !d.trim().is_empty()) {
        paragraphs.push(d.trim().to_string());
    }
    let mut notes = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            match &s.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                    notes.push("Format: RFC 3339 date-time (`2023-11-07T05:31:56Z`).".to_string())
                }
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => notes.push("Format: RFC 3339 full date (`2023-11-07`).".to_string()),
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Byte) => notes.push("Format: base64-encoded bytes.".to_string()),
                VariantOrUnknownOrEmpty::Item(f) => {
                    notes.push(format!("Format: {}.", serde_json::to_value(f).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()))
                }
                VariantOrUnknownOrEmpty::Unknown(f) => notes.push(format!("Format: {f}.")),
                VariantOrUnknownOrEmpty::Empty => {}
            }
            match (s.min_length, s.max_length) {
                (Some(a), Some(b)) if a == b => notes.push(format!("Length: exactly {a} characters.")),
                (Some(a), Some(b)) => notes.push(format!("Length: {a} to {b} characters.")),
                (Some(a), None) => notes.push(format!("Length: at least {a} characters.")),
                (None, Some(b)) => notes.push(format!("Length: at most {b} characters.")),
                (None, None) => {}
            }
            if let Some(p) = &s.pattern {
                notes.push(format!("Pattern: `{p}`."));
            }
        }
        SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
            let values: Vec<String> = i.enumeration.iter().flatten().map(|v| format!("`{v}`")).collect();
            notes.push(format!("One of: {}.", values.join(", ")));
        }
        SchemaKind::Type(Type::Integer(i)) => match (i.minimum, i.maximum) {
            (Some(a), Some(b)) => notes.push(format!("Range: {a} to {b}.")),
            (Some(a), None) => notes.push(format!("Minimum: {a}.")),
            (None, Some(b)) => notes.push(format!("Maximum: {b}.")),
            (None, None) => {}
        },
        SchemaKind::Type(Type::Number(n)) => match (n.minimum, n.maximum) {
            (Some(a), Some(b)) => notes.push(format!("Range: {a} to {b}.")),
            (Some(a), None) => notes.push(format!("Minimum: {a}.")),
            (None, Some(b)) => notes.push(format!("Maximum: {b}.")),
            (None, None) => {}
        },
        SchemaKind::Type(Type::Array(a)) => match (a.min_items, a.max_items) {
            (Some(x), Some(y)) => notes.push(format!("Items: {x} to {y}.")),
            (Some(x), None) => notes.push(format!("Items: at least {x}.")),
            (None, Some(y)) => notes.push(format!("Items: at most {y}.")),
            (None, None) => {}
        },
        _ => {}
    }
    if let SchemaKind::Any(any) = &schema.schema_kind {
        if !any.enumeration.is_empty() {
            let values: Vec<String> = any.enumeration.iter().map(|v| format!("`{v}`")).collect();
            notes.push(format!("One of: {}.", values.join(", ")));
        }
    }
    if let Some(default) = &data.default {
        notes.push(format!("Default: `{default}`."));
    }
    if data.read_only {
        notes.push("Read-only: set by the server, ignored in requests.".to_string());
    }
    if data.write_only {
        notes.push("Write-only: sent in requests, never returned.".to_string());
    }
    if !notes.is_empty() {
        paragraphs.push(notes.join(" "));
    }
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_follow_the_description() {
        let schema: Schema =
            serde_yaml::from_str("{type: string, title: Name, description: The name., format: date-time, maxLength: 8, default: x, readOnly: true}")
                .unwrap();
        assert_eq!(
            doc_of(&schema).unwrap(),
            "Name\n\nThe name.\n\nFormat: RFC 3339 date-time (`2023-11-07T05:31:56Z`). Length: at most 8 characters. Default: `\"x\"`. Read-only: set by the server, ignored in requests."
        );
        let schema: Schema = serde_yaml::from_str("{type: integer, minimum: 1, maximum: 100}").unwrap();
        assert_eq!(doc_of(&schema).unwrap(), "Range: 1 to 100.");
        let schema: Schema = serde_yaml::from_str("{type: boolean}").unwrap();
        assert_eq!(doc_of(&schema), None);
    }
}
