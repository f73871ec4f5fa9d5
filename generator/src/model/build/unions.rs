//! How a union's branches are told apart: the [`Guard`]s of each branch, read from the types
//! its branches became (a string enum's values, a struct's fields fixed to one value), the tag
//! property when every branch fixes one to a value of its own, and the tag a `discriminator`
//! union writes for a branch whose type leaves it out. A pass over the model, once every type
//! is made.

use super::*;

impl Builder<'_> {
    /// Fills in every union's guards, tag and `adds_tag`; warns of a union whose object branches
    /// nothing tells apart but their shapes.
    pub(super) fn union_guards(&mut self) {
        let index: HashMap<RustName, usize> = self.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
        for (name, pointer) in std::mem::take(&mut self.unions) {
            let Some(&at) = index.get(&name) else { continue };
            let TypeKind::Union { variants, tag } = &self.types[at].kind else { continue };
            let mut variants = variants.clone();
            let mut tag = tag.clone();
            let shapes: Vec<Shape> = variants.iter().map(|v| shape(&self.types, &index, &v.ty)).collect();
            for (variant, shape) in variants.iter_mut().zip(&shapes) {
                match (&tag, shape) {
                    // A discriminator's tag: written by the union where the branch leaves it out.
                    (Some(property), Shape::Struct(fields)) => {
                        let writes = fields.iter().any(|f| &f.wire_name == property);
                        if !writes {
                            variant.adds_tag = variant.guards.iter().find_map(|g| match g {
                                Guard::Property { name, values, .. } if name == property => values.first().cloned(),
                                _ => None,
                            });
                        }
                    }
                    (Some(_), _) => {}
                    (None, Shape::Struct(fields)) => {
                        variant.guards = fields
                            .iter()
                            .filter_map(|f| {
                                let value = f.constant.clone()?;
                                Some(Guard::Property { name: f.wire_name.clone(), values: vec![value], required: f.required })
                            })
                            .collect();
                    }
                    (None, Shape::Enum(values)) => variant.guards = vec![Guard::Strings(values.clone())],
                    (None, Shape::Other { .. }) => {}
                }
            }
            if tag.is_none() {
                tag = common_tag(&variants);
            }
            // Object branches with no guard: only their shapes tell them apart.
            let untold: Vec<&str> =
                variants.iter().zip(&shapes).filter(|(v, s)| v.guards.is_empty() && s.is_object()).map(|(v, _)| v.name.as_str()).collect();
            if tag.is_none() && untold.len() > 1 {
                self.warn(
                    &pointer,
                    format!(
                        "the object branches {} of union `{name}` have no property fixed to a value of their own (a `const` or one-value `enum`, or a discriminator) to tell them apart; a value is decoded into the first branch that keeps all of it, else the one that keeps the most of its properties",
                        untold.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ),
                    "give each branch a tag property with a value of its own (`type: {const: cat}`), or a discriminator",
                );
            }
            // A branch's tags are always sent: a value built without them would be another
            // branch's to whoever reads it.
            let branches: Vec<usize> = variants.iter().filter_map(|v| struct_index(&self.types, &index, &v.ty)).collect();
            for i in branches {
                if let TypeKind::Struct { fields, .. } = &mut self.types[i].kind {
                    for f in fields.iter_mut().filter(|f| f.fixed.is_none()) {
                        f.fixed = f.constant.clone();
                    }
                }
            }
            self.types[at].kind = TypeKind::Union { variants, tag };
        }
    }
}

/// What a union branch's type is, for telling branches apart.
enum Shape {
    /// A struct, with its fields.
    Struct(Vec<Field>),
    /// A string enum, with its values.
    Enum(Vec<String>),
    /// Anything else; `object`: a JSON object (a map).
    Other { object: bool },
}

impl Shape {
    fn is_object(&self) -> bool {
        matches!(self, Shape::Struct(_) | Shape::Other { object: true })
    }
}

/// What `ty` is, through boxes and aliases (a bounded number of them): the index of the type it
/// names that is not an alias, or the type itself.
pub(super) fn resolve<'t>(types: &'t [TypeDef], index: &HashMap<RustName, usize>, ty: &'t TypeRef) -> Result<usize, &'t TypeRef> {
    let mut ty = ty;
    for _ in 0..64 {
        match ty {
            TypeRef::Named(name) => {
                let Some(&i) = index.get(name) else { return Err(ty) };
                match &types[i].kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return Ok(i),
                }
            }
            TypeRef::Boxed(inner) => ty = inner,
            other => return Err(other),
        }
    }
    Err(ty)
}

/// The shape of `ty`, through aliases.
fn shape(types: &[TypeDef], index: &HashMap<RustName, usize>, ty: &TypeRef) -> Shape {
    match resolve(types, index, ty) {
        Ok(i) => match &types[i].kind {
            TypeKind::Struct { fields, .. } => Shape::Struct(fields.clone()),
            TypeKind::Enum { variants } => Shape::Enum(variants.iter().map(|v| v.wire.clone()).collect()),
            _ => Shape::Other { object: false },
        },
        Err(TypeRef::JsonObject | TypeRef::Map(_)) => Shape::Other { object: true },
        Err(_) => Shape::Other { object: false },
    }
}

/// The index of the struct `ty` names, through aliases.
fn struct_index(types: &[TypeDef], index: &HashMap<RustName, usize>, ty: &TypeRef) -> Option<usize> {
    resolve(types, index, ty).ok().filter(|&i| matches!(types[i].kind, TypeKind::Struct { .. }))
}

/// The property every branch fixes to one value of its own (all values distinct), if any.
fn common_tag(variants: &[UnionVariant]) -> Option<String> {
    let fixed = |v: &UnionVariant| -> Vec<(String, String)> {
        v.guards
            .iter()
            .filter_map(|g| match g {
                Guard::Property { name, values, .. } if values.len() == 1 => Some((name.clone(), values[0].clone())),
                _ => None,
            })
            .collect()
    };
    let first = variants.first()?;
    fixed(first).into_iter().map(|(name, _)| name).find(|name| {
        let mut seen = std::collections::HashSet::new();
        variants.iter().all(|v| fixed(v).iter().any(|(n, value)| n == name && seen.insert(value.clone())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{test_api, type_named};

    /// pydantic's `Literal` tags and serde's `#[serde(tag = "type")]`, with no discriminator:
    /// each branch is known by its tag, and named after it.
    #[test]
    fn branches_fixing_a_property_are_told_apart_by_it() {
        let (api, warnings) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Accept: {type: object, required: [type], properties: {type: {type: string, enum: [accept]}}}\n    Decision:\n      oneOf:\n        - {$ref: '#/components/schemas/Accept'}\n        - {type: object, properties: {type: {type: string, enum: [abort]}, reason: {type: string}}}\n",
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let TypeKind::Union { variants, tag } = &type_named(&api, "Decision").kind else { panic!() };
        assert_eq!(tag.as_deref(), Some("type"));
        assert_eq!(variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Accept", "Abort"]);
        assert_eq!(variants[1].ty, TypeRef::Named(naming::fixed("DecisionAbort")));
        assert_eq!(
            variants.iter().map(|v| v.guards.clone()).collect::<Vec<_>>(),
            [
                vec![Guard::Property { name: "type".into(), values: vec!["accept".into()], required: true }],
                vec![Guard::Property { name: "type".into(), values: vec!["abort".into()], required: false }],
            ]
        );
        let TypeKind::Struct { fields, .. } = &type_named(&api, "Accept").kind else { panic!() };
        assert_eq!(fields[0].fixed.as_deref(), Some("accept"));
        let TypeKind::Struct { fields, .. } = &type_named(&api, "DecisionAbort").kind else { panic!() };
        assert_eq!((fields[0].constant.as_deref(), fields[0].fixed.as_deref()), (Some("abort"), Some("abort")), "a branch's optional tag is sent");
    }

    /// A string-enum branch takes only its values; object branches nothing tells apart are a
    /// warning naming the union.
    #[test]
    fn enum_branches_take_their_values_and_untold_branches_are_a_warning() {
        let (api, warnings) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Kind: {type: string, enum: [Document, Embedding]}\n    A: {type: object, properties: {a: {type: string}}}\n    B: {type: object, properties: {b: {type: string}}}\n    Include:\n      anyOf: [{$ref: '#/components/schemas/Kind'}, {$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n",
        )
        .unwrap();
        let TypeKind::Union { variants, .. } = &type_named(&api, "Include").kind else { panic!() };
        assert_eq!(variants[0].guards, [Guard::Strings(vec!["Document".into(), "Embedding".into()])]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("`A`, `B` of union `Include`"), "{}", warnings[0].message);
        assert_eq!(warnings[0].location.pointer, "/components/schemas/Include");
    }

    /// A discriminator whose branch schema leaves the property out: the union writes it.
    #[test]
    fn a_discriminator_left_out_of_a_branch_is_added_by_the_union() {
        let (api, _) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Cat: {type: object, properties: {name: {type: string}}}\n    Dog: {type: object, properties: {kind: {type: string}}}\n    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n      discriminator: {propertyName: kind}\n",
        )
        .unwrap();
        let TypeKind::Union { variants, .. } = &type_named(&api, "Pet").kind else { panic!() };
        assert_eq!(variants.iter().map(|v| v.adds_tag.as_deref()).collect::<Vec<_>>(), [Some("Cat"), None]);
    }
}
