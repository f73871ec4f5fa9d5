//! `allOf` merged into one object: the properties and required names of every part.

use super::*;

impl Builder<'_> {
    /// The properties and required list of an object schema or a reference to one (for allOf).
    /// `None` too for an `allOf` that includes itself (the checker reports it; `depth` only keeps
    /// a missed case from recursing forever).
    pub(super) fn object_parts(&self, schema: &ReferenceOr<Schema>, depth: usize) -> Option<ObjectParts> {
        if depth > 64 {
            return None;
        }
        let schema = self.resolve_schema(schema)?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) => {
                Some((obj.properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect(), obj.required.clone()))
            }
            SchemaKind::Any(any) if any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                Some((any.properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect(), any.required.clone()))
            }
            SchemaKind::AllOf { all_of } => {
                let mut props = Vec::new();
                let mut req = Vec::new();
                for part in all_of {
                    let (p, r) = self.object_parts(part, depth + 1)?;
                    props.extend(p);
                    req.extend(r);
                }
                Some((props, req))
            }
            _ => None,
        }
    }
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
        assert_eq!(warnings[0].location.pointer, "/components/schemas/Odd/allOf/1");
    }
}
