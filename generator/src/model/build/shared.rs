//! Inline types that are the same as another: one type, the others aliases of it.
//!
//! Machine-written specs repeat small inline schemas (GitHub's: the enum `read`/`write` 692 times,
//! 2,525 inline enums with 385 distinct value lists; 2,944 objects with 2,236 distinct bodies).
//! Each type costs the generated crate its derives and impls; an alias costs nothing. So an inline
//! enum whose values (and their Rust names, in order) are those of an earlier one, and an inline
//! struct whose fields (names, types, documentation) are those of an earlier one, becomes
//! `pub type Name = Earlier;`, keeping its name and its documentation: callers write the same
//! code, the crate compiles once per distinct type. A component's own type is never made an alias
//! (its author named it); it is the one the others point at when there is one. A request body a
//! builder fills in stays its own. Every type stays where it was (an operation's in its module),
//! so no path a caller wrote changes: an alias in another module names it by its path.

use std::collections::{HashMap, HashSet};

use super::Builder;
use crate::model::{Operation, TypeKind, TypeRef};
use crate::naming::RustName;

impl Builder<'_> {
    pub(super) fn share_identical_types(&mut self, operations: &[Operation]) {
        let components: HashSet<&RustName> = self.components.values().collect();
        let mut groups: HashMap<Vec<(&str, &str)>, Vec<usize>> = HashMap::new();
        let mut order = Vec::new();
        for (i, def) in self.types.iter().enumerate() {
            if let TypeKind::Enum { variants } = &def.kind {
                let key: Vec<(&str, &str)> = variants.iter().map(|v| (v.wire.as_str(), v.rust_name.as_str())).collect();
                let members = groups.entry(key).or_default();
                if members.is_empty() {
                    order.push(i);
                }
                members.push(i);
            }
        }
        let mut aliases: Vec<(usize, RustName)> = Vec::new();
        for members in groups.into_values().filter(|m| m.len() > 1) {
            let canonical = members.iter().copied().find(|&i| components.contains(&self.types[i].name)).unwrap_or(members[0]);
            let target = self.types[canonical].name.clone();
            aliases.extend(members.iter().copied().filter(|&i| i != canonical && !components.contains(&self.types[i].name)).map(|i| (i, target.clone())));
        }
        drop(components);
        for (i, target) in aliases {
            self.types[i].kind = TypeKind::Alias(TypeRef::Named(target));
        }
        self.share_identical_structs(operations);
    }

    /// Structs that are the same once aliases are seen through, over and over (a struct merged
    /// can make its parents the same).
    fn share_identical_structs(&mut self, operations: &[Operation]) {
        let components: HashSet<RustName> = self.components.values().cloned().collect();
        let bodies: HashSet<RustName> = operations
            .iter()
            .filter_map(|op| match op.body.as_ref().map(|b| &b.ty) {
                Some(TypeRef::Named(name)) => Some(name.clone()),
                _ => None,
            })
            .collect();
        for _ in 0..MAX_ROUNDS {
            let targets: HashMap<RustName, RustName> = self
                .types
                .iter()
                .filter_map(|t| match &t.kind {
                    TypeKind::Alias(TypeRef::Named(target)) => Some((t.name.clone(), target.clone())),
                    _ => None,
                })
                .collect();
            let mut first: HashMap<String, usize> = HashMap::new();
            let mut merged = Vec::new();
            for (i, def) in self.types.iter().enumerate() {
                if !matches!(def.kind, TypeKind::Struct { .. }) || bodies.contains(&def.name) {
                    continue;
                }
                let key = format!("{:?}", seen_through(&def.kind, &targets));
                match first.get(&key) {
                    None => {
                        first.insert(key, i);
                    }
                    Some(&earlier) if components.contains(&def.name) => {
                        // A component wins over the inline struct that came first.
                        if !components.contains(&self.types[earlier].name) {
                            merged.push((earlier, i));
                            first.insert(key, i);
                        }
                    }
                    Some(&earlier) => merged.push((i, earlier)),
                }
            }
            if merged.is_empty() {
                break;
            }
            for (alias, target) in merged {
                let target = self.types[target].name.clone();
                self.types[alias].kind = TypeKind::Alias(TypeRef::Named(target));
            }
        }
    }
}

/// How many times structs are compared again after some were merged.
const MAX_ROUNDS: usize = 8;

/// `kind` with every named type seen through the aliases of `targets` (one level: a merged
/// type's alias names the type it was merged into, which is not an alias).
fn seen_through(kind: &TypeKind, targets: &HashMap<RustName, RustName>) -> TypeKind {
    fn through(ty: &TypeRef, targets: &HashMap<RustName, RustName>) -> TypeRef {
        match ty {
            TypeRef::Named(name) => TypeRef::Named(targets.get(name).unwrap_or(name).clone()),
            TypeRef::Vec(inner) => TypeRef::Vec(Box::new(through(inner, targets))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(through(inner, targets))),
            TypeRef::Boxed(inner) => TypeRef::Boxed(Box::new(through(inner, targets))),
            TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(through(inner, targets))),
            other => other.clone(),
        }
    }
    match kind {
        TypeKind::Struct { fields, additional } => TypeKind::Struct {
            fields: fields.iter().map(|f| crate::model::Field { ty: through(&f.ty, targets), ..f.clone() }).collect(),
            additional: additional.as_ref().map(|t| through(t, targets)),
        },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{test_api, type_named};
    use crate::model::{TypeKind, TypeRef};

    const SPEC: &str = r#"
paths:
  /a:
    get:
      operationId: listA
      parameters:
        - {name: sort, in: query, schema: {type: string, enum: [asc, desc]}}
      responses: {'200': {description: ok}}
  /b:
    get:
      operationId: listB
      parameters:
        - {name: sort, in: query, description: B's order, schema: {type: string, enum: [asc, desc]}}
        - {name: state, in: query, schema: {type: string, enum: [open, closed]}}
      responses: {'200': {description: ok}}
components:
  schemas:
    State: {type: string, enum: [open, closed]}
    Item:
      type: object
      properties:
        state: {type: string, enum: [open, closed]}
        other: {type: string, enum: [desc, asc]}
"#;

    #[test]
    fn the_same_values_make_one_enum_and_aliases_that_keep_their_names() {
        let (api, _) = test_api(SPEC).unwrap();
        let named = |name: &str| &type_named(&api, name).kind;
        assert!(matches!(named("ListASort"), TypeKind::Enum { .. }));
        assert_eq!(named("ListBSort"), &TypeKind::Alias(TypeRef::Named(crate::naming::fixed("ListASort"))));
        // A component's enum is the one kept, and never an alias.
        assert!(matches!(named("State"), TypeKind::Enum { .. }));
        assert_eq!(named("ItemState"), &TypeKind::Alias(TypeRef::Named(crate::naming::fixed("State"))));
        assert_eq!(named("ListBState"), &TypeKind::Alias(TypeRef::Named(crate::naming::fixed("State"))));
        // Other values, or the same in another order: an enum of its own.
        assert!(matches!(named("ItemOther"), TypeKind::Enum { .. }));
        // Each stays with its operation (no path a caller wrote changes).
        let owned = |op: &str| api.operations.iter().find(|o| o.id == op).map(|o| o.types.iter().map(|t| t.as_str().to_string()).collect::<Vec<_>>()).unwrap();
        assert!(owned("listA").contains(&"ListASort".to_string()), "{:?}", owned("listA"));
        assert!(owned("listB").contains(&"ListBSort".to_string()), "{:?}", owned("listB"));
    }

    #[test]
    fn structs_with_the_same_fields_are_one_struct_seen_through_aliases() {
        let (api, _) = test_api(
            r#"
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {state: {type: string, enum: [on, off]}, n: {type: integer}}}}}}
  /b:
    get:
      operationId: getB
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {state: {type: string, enum: [on, off]}, n: {type: integer}}}}}}
    post:
      operationId: postB
      requestBody: {content: {application/json: {schema: {type: object, properties: {n: {type: integer}}}}}}
      responses: {'204': {description: done}}
  /c:
    post:
      operationId: postC
      requestBody: {content: {application/json: {schema: {type: object, properties: {n: {type: integer}}}}}}
      responses: {'204': {description: done}}
"#,
        )
        .unwrap();
        let named = |name: &str| &type_named(&api, name).kind;
        // `GetBResponse.state` is another enum name (an alias of `GetAResponseState`): seen through.
        assert!(matches!(named("GetAResponse"), TypeKind::Struct { .. }));
        assert_eq!(named("GetBResponse"), &TypeKind::Alias(TypeRef::Named(crate::naming::fixed("GetAResponse"))));
        // Request bodies a builder fills in stay their own.
        assert!(matches!(named("PostBBody"), TypeKind::Struct { .. }));
        assert!(matches!(named("PostCBody"), TypeKind::Struct { .. }));
    }
}
