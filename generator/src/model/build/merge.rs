//! `allOf` merged into one object: the properties, required names and undocumented properties of
//! every part; parts that only annotate (a description, `nullable`) are not parts of the shape.

use super::*;

impl Builder<'_> {
    /// The properties, required list and `additionalProperties` of an object schema or a
    /// reference to one (for allOf), each property with the pointer it was written at (`at` is
    /// the pointer of `schema` itself). An `allOf` that includes itself is reported by the
    /// checker; [`MAX_ALL_OF_DEPTH`] keeps a missed case, or a chain of parts too long to merge,
    /// from recursing without end.
    pub(super) fn object_parts(&self, schema: &ReferenceOr<Schema>, at: &str, depth: usize) -> Result<ObjectParts, NotMerged> {
        if depth > MAX_ALL_OF_DEPTH {
            return Err(NotMerged::TooDeep);
        }
        let (schema, at) = self.resolve_schema_at(schema, at).ok_or(NotMerged::NotAnObject)?;
        let own = |properties: &schemas::Props, required: &[String], additional: Option<&AdditionalProperties>| ObjectParts {
            properties: properties
                .iter()
                .map(|(key, schema)| Property {
                    key: key.clone(),
                    schema: schema.clone(),
                    pointer: pointer::join(&pointer::join(&at, "properties"), key),
                })
                .collect(),
            required: required.to_vec(),
            additional: additional.cloned(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) => Ok(own(&obj.properties, &obj.required, obj.additional_properties.as_ref())),
            SchemaKind::Any(any) if any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                Ok(own(&any.properties, &any.required, any.additional_properties.as_ref()))
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged = ObjectParts::default();
                for (i, part) in all_of.iter().enumerate() {
                    if annotates_only(part) {
                        continue;
                    }
                    let part = self.object_parts(part, &format!("{at}/allOf/{i}"), depth + 1)?;
                    merged.properties.extend(part.properties);
                    merged.required.extend(part.required);
                    merged.additional = merged.additional.or(part.additional);
                }
                Ok(merged)
            }
            _ => Err(NotMerged::NotAnObject),
        }
    }

    /// The schema itself, or the one its reference leads to, with the pointer it was written at
    /// (`at` for the schema itself).
    pub(super) fn resolve_schema_at<'s>(&'s self, schema: &'s ReferenceOr<Schema>, at: &str) -> Option<(std::borrow::Cow<'s, Schema>, String)> {
        let ReferenceOr::Reference { reference } = schema else {
            return self.resolve_schema(schema).map(|s| (s, at.to_string()));
        };
        let target = match ComponentRef::parse_kind(reference, "schemas") {
            Some(component) => pointer::join("/components/schemas", &component),
            None => refs::Reference::local(reference).and_then(|t| refs::follow(self.doc.json(), &t).ok()).map(|(_, at)| at)?,
        };
        let resolved = self.resolve_schema(schema)?;
        Some((resolved, target))
    }
}

/// Whether an `allOf` part only annotates the value (a description, a title, `nullable`,
/// `deprecated`, an example, extensions): it says nothing of its shape, so `allOf: [{$ref: X},
/// {description: ..}]` is `X` with a description.
pub(super) fn annotates_only(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default()),
    }
}

/// The parts of an `allOf` that say something of the value's shape, with their indexes.
pub(super) fn shape_parts(all_of: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    all_of.iter().enumerate().filter(|(_, part)| !annotates_only(part)).collect()
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
#[derive(Debug, Default)]
pub(super) struct ObjectParts {
    /// The properties, in document order.
    pub(super) properties: Vec<Property>,
    /// The names of the required properties.
    pub(super) required: Vec<String>,
    /// The first part's `additionalProperties`.
    pub(super) additional: Option<AdditionalProperties>,
}

/// A property of an object schema, and where it was written.
#[derive(Debug, Clone)]
pub(super) struct Property {
    /// Its name on the wire.
    pub(super) key: String,
    /// Its schema.
    pub(super) schema: ReferenceOr<Box<Schema>>,
    /// The pointer of its schema: inline types made for it are made once, whichever struct it
    /// is merged into.
    pub(super) pointer: String,
}

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

    /// A reference with a description beside it (`allOf: [{$ref}, {description}]`, how AWS's
    /// documents write every property) is that reference, whatever its type; `nullable` beside it
    /// makes the field nullable.
    #[test]
    fn parts_that_only_annotate_are_not_merged() {
        let (api, warnings) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Name: {type: string}\n    Game: {type: object, enum: [{a: 1}]}\n    Node:\n      type: object\n      properties:\n        name: {allOf: [{$ref: '#/components/schemas/Name'}, {description: The name.}]}\n        next: {allOf: [{$ref: '#/components/schemas/Node'}, {description: The next one.}]}\n        game: {allOf: [{nullable: true}, {$ref: '#/components/schemas/Game'}]}\n",
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let TypeKind::Struct { fields, .. } = &type_named(&api, "Node").kind else { panic!() };
        let shape: Vec<_> = fields.iter().map(|f| (f.wire_name.as_str(), f.ty.clone(), f.nullable, f.doc.as_deref())).collect();
        assert_eq!(
            shape,
            [
                ("name", TypeRef::Named(naming::fixed("Name")), false, Some("The name.")),
                ("next", TypeRef::Boxed(Box::new(TypeRef::Named(naming::fixed("Node")))), false, Some("The next one.")),
                ("game", TypeRef::Named(naming::fixed("Game")), true, None),
            ]
        );
    }
}
