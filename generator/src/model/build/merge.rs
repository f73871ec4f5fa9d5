//! `allOf` merged into one object: the properties and required names of every part.

use super::*;

impl Builder<'_> {
    /// The properties and required list of an object schema or a reference to one (for allOf).
    /// An `allOf` that includes itself is reported by the checker; [`MAX_ALL_OF_DEPTH`] keeps a
    /// missed case, or a chain of parts too long to merge, from recursing without end.
    pub(super) fn object_parts(&self, schema: &ReferenceOr<Schema>, depth: usize) -> Result<ObjectParts, NotMerged> {
        if depth > MAX_ALL_OF_DEPTH {
            return Err(NotMerged::TooDeep);
        }
        let schema = self.resolve_schema(schema).ok_or(NotMerged::NotAnObject)?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) => {
                Ok((obj.properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect(), obj.required.clone()))
            }
            SchemaKind::Any(any) if any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                Ok((any.properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect(), any.required.clone()))
            }
            SchemaKind::AllOf { all_of } => {
                let mut props = Vec::new();
                let mut req = Vec::new();
                for part in all_of {
                    let (p, r) = self.object_parts(part, depth + 1)?;
                    props.extend(p);
                    req.extend(r);
                }
                Ok((props, req))
            }
            _ => Err(NotMerged::NotAnObject),
        }
    }
}

/// How many `allOf` inside `allOf` (through references) are merged into one struct.
pub(super) const MAX_ALL_OF_DEPTH: usize = 64;

/// Why an `allOf` part could not be merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NotMerged {
    /// The part is not an object schema (or leads nowhere).
    NotAnObject,
    /// Parts made of parts nest more than [`MAX_ALL_OF_DEPTH`] levels.
    TooDeep,
}

/// The properties and required names of an object schema (for merging `allOf`).
pub(super) type ObjectParts = (Vec<(String, ReferenceOr<Box<Schema>>)>, Vec<String>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{test_api, type_named};

    #[test]
    fn all_of_parts_are_merged_into_one_struct() {
        let (api, warnings) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Base: {type: object, required: [id], properties: {id: {type: string}}}\n    User:\n      allOf:\n        - {$ref: '#/components/schemas/Base'}\n        - {type: object, properties: {name: {type: string}}}\n    Odd:\n      allOf: [{$ref: '#/components/schemas/Base'}, {type: string}]\n",
        )
        .unwrap();
        let TypeKind::Struct { fields, .. } = &type_named(&api, "User").kind else { panic!() };
        assert_eq!(fields.iter().map(|f| (f.wire_name.as_str(), f.required)).collect::<Vec<_>>(), [("id", true), ("name", false)]);
        assert!(matches!(type_named(&api, "Odd").kind, TypeKind::Alias(TypeRef::Json)), "a part that is not an object falls back");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("not an object"), "{warnings:?}");
        assert_eq!(warnings[0].location.pointer, "/components/schemas/Odd/allOf/1");
    }
}
