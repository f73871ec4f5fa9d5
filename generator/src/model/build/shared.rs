//! Inline string enums with the same values: one enum, the others aliases of it.
//!
//! Machine-written specs repeat small inline enums (GitHub's: `read`/`write` 692 times, 2,525
//! inline enums with 385 distinct value lists). Each enum costs the generated crate its derives
//! and its `string_enum!` impls; an alias costs nothing. So every inline enum whose values (and
//! their Rust names, in order) are those of an earlier one becomes `pub type Name = Earlier;`,
//! keeping its name and its documentation: callers write the same code, the crate compiles once
//! per distinct enum. A component's own enum is never made an alias (its author named it); it is
//! the one the others point at when there is one. An enum shared by several operations this way
//! moves to the shared types.

use std::collections::{HashMap, HashSet};

use super::Builder;
use crate::model::{Operation, TypeKind, TypeRef};
use crate::naming::RustName;

impl Builder<'_> {
    pub(super) fn share_identical_enums(&mut self, operations: &mut [Operation]) {
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
        let mut shared: HashSet<RustName> = HashSet::new();
        for members in groups.into_values().filter(|m| m.len() > 1) {
            let canonical = members.iter().copied().find(|&i| components.contains(&self.types[i].name)).unwrap_or(members[0]);
            let target = self.types[canonical].name.clone();
            aliases.extend(members.iter().copied().filter(|&i| i != canonical && !components.contains(&self.types[i].name)).map(|i| (i, target.clone())));
            shared.insert(target);
        }
        drop(components);
        for (i, target) in aliases {
            self.types[i].kind = TypeKind::Alias(TypeRef::Named(target));
        }
        // An operation's enum that others now name too is no longer that operation's alone.
        for op in operations.iter_mut() {
            op.types.retain(|name| !shared.contains(name));
        }
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
        // The kept enum is shared now; each alias stays with its operation.
        let owned = |op: &str| api.operations.iter().find(|o| o.id == op).map(|o| o.types.iter().map(|t| t.as_str().to_string()).collect::<Vec<_>>()).unwrap();
        assert!(!owned("listA").contains(&"ListASort".to_string()), "{:?}", owned("listA"));
        assert!(owned("listB").contains(&"ListBSort".to_string()), "{:?}", owned("listB"));
    }
}
