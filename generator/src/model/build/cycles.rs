//! Recursion: the fields through which a type contains itself are boxed (strongly connected
//! components of the type graph, found without recursion).

use super::*;

impl Builder<'_> {
    /// Boxes the fields through which a struct contains itself (directly or through others).
    pub(super) fn box_recursive_fields(&mut self) {
        let index: BTreeMap<&str, usize> = self.types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        let edges: Vec<Vec<usize>> = self
            .types
            .iter()
            .map(|t| {
                // What a value holds in place: its fields, branches and alias target that name a
                // type directly (a list, a map or another box already puts it on the heap).
                t.refs()
                    .into_iter()
                    .filter(|u| matches!(u.part, Part::Field(_) | Part::Branch | Part::Alias))
                    .filter_map(|u| match u.ty {
                        TypeRef::Named(n) => index.get(n.as_str()).copied(),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let scc = crate::graph::cycles(&edges);
        let index: BTreeMap<String, usize> = index.into_iter().map(|(name, i)| (name.to_string(), i)).collect();
        for (i, t) in self.types.iter_mut().enumerate() {
            let boxed = |ty: &mut TypeRef| {
                if let TypeRef::Named(n) = ty {
                    if let Some(&j) = index.get(n.as_str()) {
                        if scc[j] == scc[i] {
                            *ty = TypeRef::Boxed(Box::new(ty.clone()));
                        }
                    }
                }
            };
            match &mut t.kind {
                TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| boxed(&mut f.ty)),
                TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|v| boxed(&mut v.ty)),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{test_api, type_named};

    #[test]
    fn fields_on_a_cycle_are_boxed_and_others_are_not() {
        let (api, _) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Node: {type: object, properties: {next: {$ref: '#/components/schemas/Node'}, leaf: {$ref: '#/components/schemas/Leaf'}}}\n    Leaf: {type: object, properties: {v: {type: string}}}\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n",
        )
        .unwrap();
        let field_ty = |ty: &str, field: &str| {
            let TypeKind::Struct { fields, .. } = &type_named(&api, ty).kind else { panic!() };
            fields.iter().find(|f| f.wire_name == field).unwrap().ty.clone()
        };
        assert_eq!(field_ty("Node", "next"), TypeRef::Boxed(Box::new(TypeRef::Named(naming::fixed("Node")))));
        assert_eq!(field_ty("Node", "leaf"), TypeRef::Named(naming::fixed("Leaf")));
        assert!(matches!(field_ty("A", "b"), TypeRef::Boxed(_)));
        assert!(matches!(field_ty("B", "a"), TypeRef::Boxed(_)));
    }

    #[test]
    fn components_of_a_long_chain_without_recursion() {
        // 100,000 nodes in a line, and one cycle at its end: no stack overflow, one component.
        let n = 100_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![n - 2] }).collect();
        edges.push(vec![]);
        let comp = crate::graph::cycles(&edges);
        assert_eq!(comp[n - 1], comp[n - 2]);
        assert_ne!(comp[0], comp[1]);
        assert_ne!(comp[n], comp[0], "a node alone is not recursive");
    }
}
