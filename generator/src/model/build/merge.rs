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
