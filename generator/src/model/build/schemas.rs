//! Schemas into types: enums, structs, unions, aliases and the built-in types; inline schemas
//! named from their context; references to components and to schemas anywhere else.

use super::*;

impl Builder<'_> {
    pub(super) fn define_component(&mut self, name: &RustName, schema: &ReferenceOr<Schema>, pointer: &str) {
        match schema {
            ReferenceOr::Reference { reference } => {
                let target = self.reference(reference, pointer);
                self.types.push(TypeDef { name: name.clone(), doc: None, kind: TypeKind::Alias(target) });
            }
            ReferenceOr::Item(schema) => {
                if !self.define_named(name, schema, pointer) {
                    let ty = self.inline_type(schema, name.as_str(), pointer);
                    let ty = self.null_allowed(ty, schema);
                    self.types.push(TypeDef { name: name.clone(), doc: doc_of(schema), kind: TypeKind::Alias(ty) });
                }
            }
        }
    }

    /// The type of an alias for `schema`: an `Option` when `null` is one of its values
    /// (`StateExpiry: {type: [number, 'null']}` is `Option<f64>`), so that the type itself holds
    /// every value its schema allows.
    fn null_allowed(&self, ty: TypeRef, schema: &Schema) -> TypeRef {
        let nullable = self.nullable_of(&ReferenceOr::Item(schema.clone()));
        match ty {
            TypeRef::Json | TypeRef::Nullable(_) => ty,
            ty if nullable => TypeRef::Nullable(Box::new(ty)),
            ty => ty,
        }
    }

    /// A nullable field or item whose type is an alias that holds `null` itself takes the alias's
    /// inner type (`Option<f64>`, not `Option<Option<f64>>` or `Option<Option<Option<f64>>>`).
    pub(super) fn unwrap_nullable_aliases(&mut self, operations: &mut [Operation]) {
        let holds_null: HashMap<RustName, TypeRef> = self
            .types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Alias(TypeRef::Nullable(inner)) => Some((t.name.clone(), (**inner).clone())),
                _ => None,
            })
            .collect();
        if holds_null.is_empty() {
            return;
        }
        let unwrap = |ty: &mut TypeRef| {
            if let TypeRef::Nullable(inner) = ty {
                if matches!(&**inner, TypeRef::Named(n) if holds_null.contains_key(n)) {
                    *ty = (**inner).clone();
                }
            }
        };
        let field = |f: &mut Field| match &f.ty {
            TypeRef::Named(n) if f.nullable => {
                if let Some(inner) = holds_null.get(n) {
                    f.ty = inner.clone();
                }
            }
            _ => {}
        };
        for t in &mut self.types {
            match &mut t.kind {
                TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| {
                    field(f);
                    visit_items(&mut f.ty, &unwrap);
                }),
                TypeKind::Alias(ty) => visit_items(ty, &unwrap),
                _ => {}
            }
        }
        // An inline body's fields, as its builder sees them.
        for f in operations.iter_mut().filter_map(|op| op.body.as_mut()).filter_map(|b| b.fields.as_mut()).flatten() {
            field(f);
            visit_items(&mut f.ty, &unwrap);
        }
    }

    /// Defines `schema` as the type `name` when it needs a type of its own (struct, enum, union).
    /// Returns false when it is better written as an alias or inline.
    pub(super) fn define_named(&mut self, name: &RustName, schema: &Schema, pointer: &str) -> bool {
        let doc = doc_of(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                self.define_enum(name, doc, s.enumeration.iter().flatten().cloned());
                true
            }
            SchemaKind::Any(any) if is_untyped_string_enum(any) => {
                // `enum: ['']` with no `type` (drf-spectacular's `BlankEnum`): its values say it.
                self.define_enum(name, doc, any.enumeration.iter().filter_map(|v| v.as_str()).map(str::to_string));
                true
            }
            SchemaKind::Any(any) if is_string_enum_with_other_values(any) => {
                self.warn(
                    &format!("{pointer}/enum"),
                    "an enum of strings lists values that are not strings; they are taken for the strings as written",
                    "quote every value of a string enum",
                );
                let values = any.enumeration.iter().filter(|v| !v.is_null()).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string));
                self.define_enum(name, doc, values);
                true
            }
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() => {
                let slot = self.reserve_slot(name, doc);
                let properties = own_properties(&obj.properties, pointer);
                let kind = self.struct_kind(name, &properties, &obj.required, obj.additional_properties.as_ref(), pointer);
                self.types[slot].kind = kind;
                true
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                let slot = self.reserve_slot(name, doc);
                let properties = own_properties(&any.properties, pointer);
                let kind = self.struct_kind(name, &properties, &any.required, any.additional_properties.as_ref(), pointer);
                self.types[slot].kind = kind;
                true
            }
            SchemaKind::AllOf { all_of } if merge::shape_parts(all_of).len() > 1 => self.define_all_of(name, doc, all_of, pointer),
            // A reference made nullable by a branch that only says `null` (Microsoft Graph's
            // `anyOf: [{$ref}, {type: object, nullable: true}]`) is that reference: no union.
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } if null_placeholder(variants).is_some() => false,
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                self.define_union(name, doc, schema, variants, pointer);
                true
            }
            _ => false,
        }
    }

    /// A string enum of these values, each a variant (beside the catch-all `Unrecognized`).
    fn define_enum(&mut self, name: &RustName, doc: Option<String>, values: impl Iterator<Item = String>) {
        let mut scope = Scope::with_reserved(&["Unrecognized"]);
        let variants = values.map(|wire| Variant { rust_name: scope.unique(naming::variant(&wire)), wire }).collect();
        self.types.push(TypeDef { name: name.clone(), doc, kind: TypeKind::Enum { variants } });
    }

    /// A struct of the properties of every part of an `allOf` (later parts' properties replace
    /// earlier ones of the same name, in place); false, with a warning, when a part is not an
    /// object or too deep to merge.
    fn define_all_of(&mut self, name: &RustName, doc: Option<String>, all_of: &[ReferenceOr<Schema>], pointer: &str) -> bool {
        let mut properties: indexmap::IndexMap<String, merge::Property> = indexmap::IndexMap::new();
        let mut required = Vec::new();
        let mut additional = None;
        for (i, part) in merge::shape_parts(all_of) {
            let part_pointer = format!("{pointer}/allOf/{i}");
            match self.object_parts(part, &part_pointer, 0) {
                Ok(parts) => {
                    for property in parts.properties {
                        properties.insert(property.key.clone(), property);
                    }
                    required.extend(parts.required);
                    additional = additional.or(parts.additional);
                }
                Err(merge::NotMerged::NotAnObject) => {
                    self.warn(
                        &part_pointer,
                        "this allOf part is not an object and cannot be merged; the type falls back to serde_json::Value",
                        "make every allOf part an object schema (or a $ref to one)",
                    );
                    return false;
                }
                Err(merge::NotMerged::TooDeep) => {
                    self.warn(
                        &part_pointer,
                        format!(
                            "this allOf part is made of allOf parts more than {} levels deep, too deep to merge; the type falls back to serde_json::Value",
                            merge::MAX_ALL_OF_DEPTH
                        ),
                        "merge some of the levels into one schema, or refer to the inner schema as a property instead",
                    );
                    return false;
                }
            }
        }
        let properties: Vec<merge::Property> = properties.into_values().collect();
        if properties.is_empty() {
            // Objects that name no property (free-form maps): an object of any keys.
            self.types.push(TypeDef { name: name.clone(), doc, kind: TypeKind::Alias(TypeRef::JsonObject) });
            return true;
        }
        let slot = self.reserve_slot(name, doc);
        let kind = self.struct_kind(name, &properties, &required, additional.as_ref(), pointer);
        self.types[slot].kind = kind;
        true
    }

    /// A union of `oneOf`/`anyOf` branches, each named and guarded by its discriminator value
    /// (the union pass adds the other guards once every type is made).
    fn define_union(&mut self, name: &RustName, doc: Option<String>, schema: &Schema, variants: &[ReferenceOr<Schema>], pointer: &str) {
        let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
        let slot = self.reserve_slot(name, doc);
        let mut scope = Scope::with_reserved(&["Unrecognized"]);
        let mut out = Vec::new();
        let discriminator = schema.schema_data.discriminator.as_ref();
        let default = discriminator.and_then(|d| self.default_branch(d, variants, pointer));
        let mut unmapped = false;
        for (i, v) in variants.iter().enumerate() {
            let vp = format!("{pointer}/{key}/{i}");
            let (vname, ty) = self.union_branch(name, v, i, &vp);
            // The tag values: the mapping's keys that point at this variant, else the
            // schema's name (OpenAPI's default).
            let mut guards = Vec::new();
            match (discriminator, v) {
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let mut values: Vec<String> = d.mapping.iter().filter(|(_, r)| *r == reference).map(|(k, _)| k.clone()).collect();
                    if values.is_empty() {
                        values.push(
                            ComponentRef::parse(reference).map_or_else(|| reference.rsplit('/').next().unwrap_or_default().to_string(), |c| c.name),
                        );
                    }
                    guards.push(Guard::Property { name: d.property_name.clone(), values, required: true });
                }
                // A branch that is not an object has no property to be chosen by.
                (Some(_), ReferenceOr::Item(item)) if is_scalar_or_array(item) => {}
                (Some(d), ReferenceOr::Item(_)) => {
                    let fixed = self.fixed_properties(v, &vp).into_iter().find(|(property, _, _)| *property == d.property_name);
                    match fixed {
                        Some((property, value, _)) => guards.push(Guard::Property { name: property, values: vec![value], required: true }),
                        // The default branch needs no value of its own.
                        None => unmapped |= default != Some(i),
                    }
                }
                (None, _) => {}
            }
            out.push(UnionVariant { name: scope.unique(vname), ty, guards, adds_tag: None });
        }
        let tag = match discriminator {
            Some(_) if unmapped => {
                self.warn(
                    pointer,
                    "a discriminator needs every variant to be a $ref, or to fix the property to a value of its own; the variants are told apart by their shapes instead",
                    "make each variant a $ref to a component schema",
                );
                out.iter_mut().for_each(|v| v.guards.clear());
                None
            }
            Some(d) => Some(d.property_name.clone()),
            None => None,
        };
        // The default branch takes every value whose tag is missing or names no other branch.
        if let (Some(k), Some(property)) = (default, &tag) {
            let others: Vec<String> = out
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .flat_map(|(_, v)| &v.guards)
                .filter_map(|g| match g {
                    Guard::Property { values, .. } => Some(values.clone()),
                    _ => None,
                })
                .flatten()
                .collect();
            out[k].guards = vec![Guard::Otherwise { name: property.clone(), others }];
        }
        self.unions.push((name.clone(), pointer.to_string()));
        self.types[slot].kind = TypeKind::Union { variants: out, tag };
    }

    /// The index of the branch a discriminator's `defaultMapping` (OpenAPI 3.2, carried as
    /// `x-oas-defaultMapping`) names, by reference or by schema name; a warning when it names
    /// none of `variants`.
    fn default_branch(&mut self, d: &openapiv3::Discriminator, variants: &[ReferenceOr<Schema>], pointer: &str) -> Option<usize> {
        let default = d.extensions.get(crate::openapi::carried::DEFAULT_MAPPING)?;
        let found = default.as_str().and_then(|default| {
            variants.iter().position(|v| match v {
                ReferenceOr::Reference { reference } => {
                    reference == default || ComponentRef::parse(reference).is_some_and(|c| c.name == default && !default.contains('/'))
                }
                ReferenceOr::Item(_) => false,
            })
        });
        if found.is_none() {
            self.warn(
                &format!("{pointer}/discriminator/{}", crate::openapi::carried::DEFAULT_MAPPING),
                format!("`defaultMapping` {default} names no branch of this union; a value whose tag names no branch is not decoded into a default"),
                "name one of the union's branches, by reference (`#/components/schemas/Pet`) or schema name",
            );
        }
        found
    }

    /// The `i`th branch of the union `name`: its variant's name and its type. An inline branch
    /// is named after the value its tag property is fixed to (`type: {const: abort}` →
    /// `{Union}Abort`), else after its title or the property it cannot do without, else after
    /// its place; a reference after its type.
    fn union_branch(&mut self, name: &RustName, v: &ReferenceOr<Schema>, i: usize, vp: &str) -> (RustName, TypeRef) {
        let tag = match v {
            ReferenceOr::Item(_) => self.fixed_value(v).or_else(|| self.fixed_properties(v, vp).into_iter().next().map(|(_, value, _)| value)),
            ReferenceOr::Reference { .. } => None,
        };
        let label = tag.or_else(|| match v {
            ReferenceOr::Item(item) => branch_label(item),
            ReferenceOr::Reference { .. } => None,
        });
        let context = match &label {
            Some(label) => format!("{name}{}", naming::camel(label)),
            None => format!("{name}Variant{}", i + 1),
        };
        let ty = self.schema_type(v, &context, vp);
        let vname = match (&label, &ty, v) {
            (Some(label), TypeRef::Named(_), _) => naming::variant(label),
            (_, TypeRef::Named(n), _) => n.clone(),
            (_, other, ReferenceOr::Item(item)) => shape_name(item, other),
            (_, other, ReferenceOr::Reference { .. }) => variant_name_of(other),
        };
        (vname, ty)
    }

    pub(super) fn reserve_slot(&mut self, name: &RustName, doc: Option<String>) -> usize {
        self.types.push(TypeDef { name: name.clone(), doc, kind: TypeKind::Alias(TypeRef::Json) });
        self.types.len() - 1
    }

    /// The schema itself, or the one its reference leads to (a component, or a schema anywhere a
    /// JSON pointer reaches).
    pub(super) fn resolve_schema<'s>(&'s self, schema: &'s ReferenceOr<Schema>) -> Option<std::borrow::Cow<'s, Schema>> {
        refs::resolve(&self.doc.api, self.doc, schema)
    }

    pub(super) fn struct_kind(
        &mut self,
        name: &RustName,
        properties: &[merge::Property],
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> TypeKind {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        let own = pointer::join(pointer, "properties");
        for merge::Property { key, schema: prop, pointer: prop_pointer } in properties {
            let prop = unbox(prop);
            // A property merged from another schema is named where it was written, so that the
            // type made for it once serves every struct it is merged into.
            let context = match prop_pointer.strip_prefix(own.as_str()).is_some_and(|rest| rest.starts_with('/')) {
                true => format!("{name}{}", naming::camel(key)),
                false => naming::camel(&pointer_context(prop_pointer)).to_string(),
            };
            let ty = self.schema_type(&prop, &context, prop_pointer);
            let nullable = self.nullable_of(&prop);
            let deprecated = self.resolve_schema(&prop).is_some_and(|s| s.schema_data.deprecated);
            let doc = match &prop {
                ReferenceOr::Item(s) => doc_of(s).or_else(|| annotation_doc(s)),
                ReferenceOr::Reference { .. } => None,
            };
            let constant = if nullable { None } else { self.fixed_value(&prop) };
            let required = required.contains(key);
            let default = self.resolve_schema(&prop).and_then(|s| s.schema_data.default.clone());
            let fixed = constant.clone().filter(|c| required || default.as_ref().and_then(|d| d.as_str()) == Some(c.as_str()));
            fields.push(Field {
                wire_name: key.clone(),
                rust_name: scope.unique(naming::snake(key)),
                doc,
                ty,
                required,
                nullable,
                deprecated,
                constant,
                fixed,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let ap = format!("{pointer}/additionalProperties");
                Some(self.schema_type(s, &format!("{name}Value"), &ap))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        TypeKind::Struct { fields, additional }
    }

    /// Whether `null` is a value of the schema: `nullable` on it, on an `allOf` part that only
    /// annotates it, or on the one part that gives its shape.
    pub(super) fn nullable_of(&self, schema: &ReferenceOr<Schema>) -> bool {
        let Some(resolved) = self.resolve_schema(schema) else { return false };
        if resolved.schema_data.nullable {
            return true;
        }
        if let SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } = &resolved.schema_kind {
            return null_placeholder(variants).is_some();
        }
        let SchemaKind::AllOf { all_of } = &resolved.schema_kind else { return false };
        let annotated = all_of.iter().any(|part| merge::annotates_only(part) && matches!(part, ReferenceOr::Item(s) if s.schema_data.nullable));
        let shapes = merge::shape_parts(all_of);
        annotated || (shapes.len() == 1 && self.resolve_schema(shapes[0].1).is_some_and(|s| s.schema_data.nullable))
    }

    /// The one string a schema allows (a `const`, or an `enum` of one string), looking through
    /// references and `allOf` parts that only annotate.
    pub(super) fn fixed_value(&self, schema: &ReferenceOr<Schema>) -> Option<String> {
        let resolved = self.resolve_schema(schema)?;
        match &resolved.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            SchemaKind::AllOf { all_of } => match merge::shape_parts(all_of).as_slice() {
                [(_, part)] if matches!(part, ReferenceOr::Reference { .. }) => self.fixed_value(part),
                _ => None,
            },
            _ => None,
        }
    }

    /// The properties of an object schema (or a merge of `allOf` parts) fixed to one string, with
    /// the value and whether the property is required: the tags a union's branch is known by.
    pub(super) fn fixed_properties(&self, schema: &ReferenceOr<Schema>, at: &str) -> Vec<(String, String, bool)> {
        let Ok(parts) = self.object_parts(schema, at, 0) else { return Vec::new() };
        parts
            .properties
            .iter()
            .filter_map(|p| {
                let value = self.fixed_value(&unbox(&p.schema))?;
                Some((p.key.clone(), value, parts.required.contains(&p.key)))
            })
            .collect()
    }

    /// The type of a schema used at `pointer`; inline schemas that need a name get `context`.
    pub(super) fn schema_type(&mut self, schema: &ReferenceOr<Schema>, context: &str, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, context, pointer),
        }
    }

    /// The type of a map value or array item: `Nullable` when the schema allows `null`.
    pub(super) fn value_type(&mut self, schema: &ReferenceOr<Schema>, context: &str, pointer: &str) -> TypeRef {
        let ty = self.schema_type(schema, context, pointer);
        let nullable = self.nullable_of(schema);
        if nullable && ty != TypeRef::Json {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// The type a schema reference at `pointer` stands for: a component's named type, or, for a
    /// pointer into some other schema, a type of its own (made once per target).
    pub(super) fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(name) = ComponentRef::parse_kind(reference, "schemas").and_then(|k| self.components.get(k.as_str())) {
            return TypeRef::Named(name.clone());
        }
        let target = refs::Reference::local(reference).and_then(|t| refs::follow(self.doc.json(), &t).ok());
        let Some((value, at)) = target else {
            self.unresolved(pointer, reference, "schemas");
            return TypeRef::Json;
        };
        if let Some(found) = self.pointer_types.get(&at) {
            return found.clone();
        }
        if let Some(name) = ComponentRef::from_pointer(&at).filter(|c| c.kind == "schemas").and_then(|c| self.components.get(c.name.as_str())) {
            return TypeRef::Named(name.clone());
        }
        let Ok(schema) = serde_json::from_value::<Schema>(value.clone()) else {
            self.unresolved(pointer, reference, "schemas");
            return TypeRef::Json;
        };
        // A type made here may hold references to further schemas that are not components, each
        // made on the way: the chain is walked by recursion, so it is bounded.
        if self.pointer_depth >= MAX_POINTER_DEPTH {
            self.error(
                &format!("{pointer}/$ref"),
                format!(
                    "reference `{reference}`: more than {MAX_POINTER_DEPTH} references in a row lead into schemas that are not components (each inside the last)"
                ),
                "move the schemas on the way into `components/schemas` and refer to them by name",
            );
            return TypeRef::Json;
        }
        let name = self.type_names.unique(naming::camel(&pointer_context(&at)));
        self.pointer_types.insert(at.clone(), TypeRef::Named(name.clone()));
        self.pointer_depth += 1;
        if !self.define_named(&name, &schema, &at) {
            // Written as an alias, so uses made while it was being built (a recursive schema)
            // resolve.
            let ty = self.inline_type(&schema, name.as_str(), &at);
            let ty = self.null_allowed(ty, &schema);
            self.types.push(TypeDef { name: name.clone(), doc: doc_of(&schema), kind: TypeKind::Alias(ty) });
        }
        self.pointer_depth -= 1;
        TypeRef::Named(name)
    }

    /// The id type of the resource `x-id-of` names (a component schema): the alias
    /// `<Resource>Id` of `Id<Resource>`, defined on first use.
    pub(super) fn id_type(&mut self, resource: &serde_json::Value, pointer: &str) -> TypeRef {
        let pointer = format!("{pointer}/x-id-of");
        let Some(key) = resource.as_str() else {
            self.error(&pointer, "`x-id-of` must be the name of a component schema", "write `x-id-of: User`");
            return TypeRef::String;
        };
        let Some(name) = self.components.get(key).cloned() else {
            self.error(
                &pointer,
                format!("`x-id-of: {key}` names no schema under #/components/schemas"),
                "name the component schema of the resource this string identifies",
            );
            return TypeRef::String;
        };
        if let Some(alias) = self.ids.get(&name) {
            return TypeRef::Named(alias.clone());
        }
        let alias = self.type_names.unique(name.suffixed("Id"));
        self.types.push(TypeDef {
            name: alias.clone(),
            doc: Some(format!(
                "The identifier of a `{name}`: made with `{alias}::new(\"..\")` or taken from a response, never from a bare string, so it cannot be passed where another id or string is expected."
            )),
            kind: TypeKind::Alias(TypeRef::Id(name.clone())),
        });
        self.ids.insert(name, alias.clone());
        TypeRef::Named(alias)
    }

    /// The type of an inline schema; a schema that says something of its value and still
    /// becomes `serde_json::Value` is a warning (once, unless a finding at or under it already
    /// says why).
    pub(super) fn inline_type(&mut self, schema: &Schema, context: &str, pointer: &str) -> TypeRef {
        let ty = self.inline_type_of(schema, context, pointer);
        if ty == TypeRef::Json && !takes_anything(schema) && !self.warned.iter().any(|w| w.starts_with(pointer)) {
            self.warn(
                pointer,
                "this schema combines keywords no Rust type expresses together (properties beside a oneOf or anyOf, an enum of objects, ...); the value is typed serde_json::Value",
                "describe the value with one of: type, properties, allOf, oneOf or anyOf",
            );
        }
        ty
    }

    fn inline_type_of(&mut self, schema: &Schema, context: &str, pointer: &str) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => match schema.schema_data.extensions.get("x-id-of") {
                Some(resource) => self.id_type(resource, pointer),
                None => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => {
                let format = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Some("int32"),
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Some("int64"),
                    VariantOrUnknownOrEmpty::Unknown(other) => Some(other.as_str()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
                integer_type(format, i.minimum.map(|m| m as f64))
            }
            // `format: float` too: decoded into an `f32`, a number past its range would become
            // an infinity (written back as `null`) without an error; an `f64` holds every `f32`
            // exactly, and every number a server sends.
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.value_type(&unbox(items), &format!("{context}Item"), &format!("{pointer}/items")),
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(obj)) if obj.properties.is_empty() => self.map_type(obj.additional_properties.as_ref(), context, pointer),
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && !is_string_enum_with_other_values(any)
                    && !is_untyped_string_enum(any) =>
            {
                if !any.enumeration.is_empty() && any.typ.is_none() {
                    self.warn(
                        pointer,
                        "an enum of mixed value types cannot be a Rust enum; the value is typed serde_json::Value (its values are listed in the documentation)",
                        "give the enum a `type` if its values share one",
                    );
                }
                // `openapiv3` reads a schema whose keywords do not fit its type's shape (an
                // integer's `minimum: 0.0`, as pydantic writes bounds) as a schema of any kind:
                // its `type` still says what the value is.
                let format = any.format.as_deref();
                match any.typ.as_deref() {
                    Some("object") => self.map_type(any.additional_properties.as_ref(), context, pointer),
                    Some("array") => match &any.items {
                        Some(items) => TypeRef::Vec(Box::new(self.value_type(&unbox(items), &format!("{context}Item"), &format!("{pointer}/items")))),
                        None => TypeRef::Vec(Box::new(TypeRef::Json)),
                    },
                    Some("integer") => integer_type(format, any.minimum),
                    Some("number") => TypeRef::F64,
                    Some("boolean") => TypeRef::Bool,
                    Some("string") => TypeRef::String,
                    Some("null") | None => TypeRef::Json,
                    Some(other) => {
                        self.warn(
                            &format!("{pointer}/type"),
                            format!("`type: {other}` is not a JSON Schema type; the value is typed serde_json::Value"),
                            "use one of string, number, integer, boolean, object, array, null",
                        );
                        TypeRef::Json
                    }
                }
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } if null_placeholder(variants).is_some() => {
                let (i, part) = null_placeholder(variants).unwrap_or((0, &variants[0]));
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                self.schema_type(part, context, &format!("{pointer}/{key}/{i}"))
            }
            SchemaKind::AllOf { all_of } if merge::shape_parts(all_of).len() == 1 => {
                let (i, part) = merge::shape_parts(all_of)[0];
                self.schema_type(part, context, &format!("{pointer}/allOf/{i}"))
            }
            SchemaKind::AllOf { all_of } if merge::shape_parts(all_of).is_empty() => TypeRef::Json,
            SchemaKind::Not { .. } => {
                self.warn(
                    pointer,
                    "`not` schemas cannot be expressed in Rust types; the value is typed serde_json::Value",
                    "remove the `not` or accept the fallback",
                );
                TypeRef::Json
            }
            _ => {
                // A schema of a component is given one type, whichever struct its property is
                // merged into (an `allOf` of a reference): each is made once, and a document
                // costs work in proportion to its size.
                let shared = pointer.starts_with("/components/schemas/");
                if let Some(found) = self.pointer_types.get(pointer).filter(|_| shared) {
                    self.memo_hits += 1;
                    return found.clone();
                }
                let name = self.type_names.unique(naming::camel(context));
                if shared {
                    self.pointer_types.insert(pointer.to_string(), TypeRef::Named(name.clone()));
                }
                let hits = self.memo_hits;
                if self.define_named(&name, schema, pointer) {
                    return TypeRef::Named(name);
                }
                if shared && self.memo_hits > hits {
                    // Perhaps handed out while it was being made (a schema that contains itself).
                    self.types.push(TypeDef { name, doc: doc_of(schema), kind: TypeKind::Alias(TypeRef::Json) });
                } else if shared {
                    self.pointer_types.insert(pointer.to_string(), TypeRef::Json);
                }
                TypeRef::Json
            }
        }
    }

    pub(super) fn map_type(&mut self, additional: Option<&AdditionalProperties>, context: &str, pointer: &str) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let v = self.value_type(s, &format!("{context}Value"), &format!("{pointer}/additionalProperties"));
                TypeRef::Map(Box::new(v))
            }
            _ => TypeRef::JsonObject,
        }
    }
}

/// The properties of an object schema written at `pointer`, each with its own pointer.
fn own_properties(properties: &Props, pointer: &str) -> Vec<merge::Property> {
    let at = pointer::join(pointer, "properties");
    properties.iter().map(|(key, schema)| merge::Property { key: key.clone(), schema: schema.clone(), pointer: pointer::join(&at, key) }).collect()
}

/// The description an `allOf` part that only annotates gives a schema that has none of its own
/// (`allOf: [{$ref: X}, {description: ..}]`).
fn annotation_doc(schema: &Schema) -> Option<String> {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return None };
    all_of.iter().filter(|part| merge::annotates_only(part)).find_map(|part| match part {
        ReferenceOr::Item(s) => doc_of(s),
        ReferenceOr::Reference { .. } => None,
    })
}

/// `type: string` with an enum that lists numbers or booleans too (`[low, 2, high]`): read by
/// `openapiv3` as a schema of any kind, meant as an enum of strings.
fn is_string_enum_with_other_values(any: &openapiv3::AnySchema) -> bool {
    any.typ.as_deref() == Some("string")
        && !any.enumeration.is_empty()
        && any.properties.is_empty()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
}

/// Whether a schema takes any value (`{}`, a description, `type: 'null'`, an `allOf` of such):
/// `serde_json::Value` is then its exact type, not a fallback.
fn takes_anything(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            matches!(any.typ.as_deref(), None | Some("null"))
                && any.properties.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.enumeration.is_empty()
        }
        SchemaKind::AllOf { all_of } => merge::shape_parts(all_of).is_empty(),
        _ => false,
    }
}

/// The Rust integer of a `format` and a `minimum`: never one that cannot hold every value the
/// schema allows, nor one whose name says otherwise. `uint32` (and `int32` with `minimum: 0`,
/// how utoipa writes a `u32`) is `u32`, `uint64` (and `int64` with `minimum: 0`) `u64`; the
/// narrower widths fit in `i32`; anything else is `i64`.
fn integer_type(format: Option<&str>, minimum: Option<f64>) -> TypeRef {
    let unsigned = minimum.is_some_and(|m| m >= 0.0);
    match format {
        Some("int32") if unsigned => TypeRef::U32,
        Some("int32" | "int8" | "int16" | "uint8" | "uint16") => TypeRef::I32,
        Some("uint32") => TypeRef::U32,
        Some("uint64") => TypeRef::U64,
        Some("int64") if unsigned => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// Calls `f` on every array item and map value type inside `ty`.
fn visit_items(ty: &mut TypeRef, f: &impl Fn(&mut TypeRef)) {
    let mut todo = vec![ty];
    while let Some(ty) = todo.pop() {
        match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => {
                f(inner);
                todo.push(inner);
            }
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => todo.push(inner),
            _ => {}
        }
    }
}

/// The one real branch of a `oneOf`/`anyOf` of two whose other branch only allows `null` (an
/// object schema with no properties and `nullable: true`, as Microsoft Graph writes a nullable
/// reference), with its index.
fn null_placeholder(variants: &[ReferenceOr<Schema>]) -> Option<(usize, &ReferenceOr<Schema>)> {
    let is_null = |v: &ReferenceOr<Schema>| match v {
        ReferenceOr::Item(s) => {
            s.schema_data.nullable
                && match &s.schema_kind {
                    SchemaKind::Type(Type::Object(obj)) => obj.properties.is_empty() && obj.additional_properties.is_none(),
                    SchemaKind::Any(any) => {
                        openapiv3::AnySchema { typ: None, ..any.clone() } == openapiv3::AnySchema::default()
                            && matches!(any.typ.as_deref(), None | Some("object"))
                    }
                    _ => false,
                }
        }
        ReferenceOr::Reference { .. } => false,
    };
    match variants {
        [a, b] if is_null(b) && !is_null(a) => Some((0, a)),
        [a, b] if is_null(a) && !is_null(b) => Some((1, b)),
        _ => None,
    }
}

/// Whether a schema is a string, number, integer, boolean or array: never an object.
fn is_scalar_or_array(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => false,
        SchemaKind::Type(_) => true,
        SchemaKind::Any(any) => matches!(any.typ.as_deref(), Some("string" | "number" | "integer" | "boolean" | "array")),
        _ => false,
    }
}

/// An `enum` of strings (and perhaps `null`) with no `type`: an enum of strings all the same.
fn is_untyped_string_enum(any: &openapiv3::AnySchema) -> bool {
    let shape = openapiv3::AnySchema { enumeration: Vec::new(), ..any.clone() };
    any.typ.is_none()
        && any.enumeration.iter().any(serde_json::Value::is_string)
        && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
        && shape == openapiv3::AnySchema::default()
}

/// How many types for references to schemas that are not components may be in the making at
/// once (each made while the one before it is: a chain of such references nests this deep).
pub(super) const MAX_POINTER_DEPTH: usize = 64;

/// The properties of an object schema, in document order.
pub(super) type Props = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

pub(super) fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
    }
}

/// A type name for the schema at `pointer` (not a component): the names on the way, less the
/// keywords (`/components/schemas/User/properties/address` → `User address`,
/// `/paths/~1users/get/responses/200/content/application~1json/schema` → `/users get`).
pub(super) fn pointer_context(pointer: &str) -> String {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "items",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "paths",
        "content",
        "schema",
        "responses",
        "requestBody",
        "requestBodies",
        "parameters",
        "headers",
    ];
    let tokens: Vec<String> = pointer::tokens(pointer).collect();
    let words: Vec<&str> = tokens
        .iter()
        .enumerate()
        // A media type (the key under `content`) says nothing about the value.
        .filter(|(i, t)| !STRUCTURE.contains(&t.as_str()) && t.parse::<usize>().is_err() && (*i == 0 || tokens[i - 1] != "content"))
        .map(|(_, t)| t.as_str())
        .collect();
    match words.is_empty() {
        true => "Schema".to_string(),
        false => words.join(" "),
    }
}

/// The name of a union branch of type `ty`: what it holds (`String`, `Integer`), a list by its
/// items (`Strings`, `UserList`), a named type by its name.
pub(super) fn variant_name_of(ty: &TypeRef) -> RustName {
    let name = match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Bool",
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Json => "Json",
        TypeRef::JsonObject | TypeRef::Map(_) => "Object",
        TypeRef::Vec(item) => return naming::variant(&plural(&variant_name_of(item))),
        TypeRef::Named(n) => return n.clone(),
        TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => return variant_name_of(inner),
        TypeRef::Bytes => "Bytes",
        TypeRef::Id(_) => "Id",
    };
    naming::variant(name)
}

/// A list of `item`s, named: the plain kinds in the plural (`Strings`, `Numbers`), others as a
/// list (`UserList`, `StringsList`).
fn plural(item: &RustName) -> String {
    match item.as_str() {
        "String" | "Integer" | "Number" | "Bool" | "Object" | "Float" | "Base64" | "DateTime" | "Date" => format!("{}s", item.as_str()),
        "Json" => "Values".to_string(),
        other => format!("{other}List"),
    }
}

/// The name of an inline union branch that is no named type, by what its schema says of it: its
/// format where that tells it apart (`Base64`, `DateTime`, `Floats`), else its kind.
fn shape_name(schema: &Schema, ty: &TypeRef) -> RustName {
    let by_format = |format: Option<&str>| -> Option<&'static str> {
        Some(match format? {
            "byte" => "Base64",
            "binary" => "Bytes",
            "date-time" => "DateTime",
            "date" => "Date",
            "float" => "Float",
            "uri" | "url" => "Uri",
            "uuid" => "Uuid",
            "email" => "Email",
            _ => return None,
        })
    };
    let format_of = |schema: &Schema| -> Option<String> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => serde_json::to_value(&s.format).ok()?.as_str().map(str::to_string),
            SchemaKind::Type(Type::Number(n)) => serde_json::to_value(&n.format).ok()?.as_str().map(str::to_string),
            SchemaKind::Any(any) => any.format.clone(),
            _ => None,
        }
    };
    if let Some(name) = by_format(format_of(schema).as_deref()) {
        return naming::variant(name);
    }
    if let (SchemaKind::Type(Type::Array(a)), TypeRef::Vec(_)) = (&schema.schema_kind, ty) {
        if let Some(ReferenceOr::Item(items)) = &a.items {
            if let Some(name) = by_format(format_of(items).as_deref()) {
                return naming::variant(&plural(&naming::variant(name)));
            }
        }
    }
    variant_name_of(ty)
}

/// What names an inline union branch with no tag: its title, else the property it requires (or,
/// requiring none, its first).
fn branch_label(schema: &Schema) -> Option<String> {
    if let Some(title) = schema.schema_data.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return Some(title.to_string());
    }
    let (properties, required) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(obj)) => (&obj.properties, &obj.required),
        SchemaKind::Any(any) => (&any.properties, &any.required),
        _ => return None,
    };
    required.iter().find(|r| properties.contains_key(*r)).or_else(|| properties.keys().next()).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{test_api, type_named};

    #[test]
    fn a_default_mapping_takes_what_names_no_other_branch() {
        let spec = |default: &str| {
            format!(
                "paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{k: {{type: string}}}}}}\n    B: {{type: object, properties: {{k: {{type: string}}}}}}\n    U:\n      oneOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}]\n      discriminator: {{propertyName: k, mapping: {{a: '#/components/schemas/A'}}, x-oas-defaultMapping: {default}}}\n"
            )
        };
        let (api, warnings) = test_api(&spec("'#/components/schemas/B'")).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let TypeKind::Union { variants, tag } = &type_named(&api, "U").kind else { panic!() };
        assert_eq!(tag.as_deref(), Some("k"));
        assert_eq!(variants[0].guards, [Guard::Property { name: "k".into(), values: vec!["a".into()], required: true }]);
        assert_eq!(variants[1].guards, [Guard::Otherwise { name: "k".into(), others: vec!["a".into()] }]);
        // By schema name too.
        let (api, _) = test_api(&spec("B")).unwrap();
        let TypeKind::Union { variants, .. } = &type_named(&api, "U").kind else { panic!() };
        assert!(matches!(variants[1].guards[..], [Guard::Otherwise { .. }]));
        // A default that is no branch: said, and no branch is the default.
        let (api, warnings) = test_api(&spec("C")).unwrap();
        assert!(
            warnings.iter().any(|w| w.message.contains("defaultMapping") && w.location.pointer.ends_with("/discriminator/x-oas-defaultMapping")),
            "{warnings:?}"
        );
        let TypeKind::Union { variants, .. } = &type_named(&api, "U").kind else { panic!() };
        assert!(variants.iter().all(|v| v.guards.iter().all(|g| matches!(g, Guard::Property { .. }))));
    }

    #[test]
    fn enums_structs_and_nullable_fields() {
        let (api, warnings) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Color: {type: string, enum: [red, dark-blue]}\n    User:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        nick: {type: string, nullable: true}\n        tags: {type: object, additionalProperties: {type: string}}\n",
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let TypeKind::Enum { variants } = &type_named(&api, "Color").kind else { panic!() };
        assert_eq!(variants.iter().map(|v| (v.wire.as_str(), v.rust_name.as_str())).collect::<Vec<_>>(), [("red", "Red"), ("dark-blue", "DarkBlue")]);
        let TypeKind::Struct { fields, .. } = &type_named(&api, "User").kind else { panic!() };
        let shape: Vec<_> = fields.iter().map(|f| (f.rust_name.as_str(), f.required, f.nullable, f.ty.clone())).collect();
        assert_eq!(
            shape,
            [
                ("id", true, false, TypeRef::String),
                ("nick", false, true, TypeRef::String),
                ("tags", false, false, TypeRef::Map(Box::new(TypeRef::String))),
            ]
        );
    }

    #[test]
    fn unions_take_tags_from_the_discriminator_mapping_or_the_schema_name() {
        let (api, _) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Cat: {type: object, properties: {kind: {type: string}}}\n    Dog: {type: object, properties: {kind: {type: string}}}\n    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n      discriminator: {propertyName: kind, mapping: {meow: '#/components/schemas/Cat'}}\n",
        )
        .unwrap();
        let TypeKind::Union { variants, tag } = &type_named(&api, "Pet").kind else { panic!() };
        assert_eq!(variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Cat", "Dog"]);
        assert_eq!(tag.as_deref(), Some("kind"));
        let guard =
            |values: &[&str]| vec![Guard::Property { name: "kind".into(), values: values.iter().map(|v| v.to_string()).collect(), required: true }];
        assert_eq!(variants.iter().map(|v| v.guards.clone()).collect::<Vec<_>>(), [guard(&["meow"]), guard(&["Dog"])]);
    }

    /// A reference may point into another schema; the target becomes a type of its own, once.
    #[test]
    fn references_into_schemas_get_one_type() {
        let (api, _) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    User:\n      type: object\n      properties:\n        address: {type: object, properties: {city: {type: string}}}\n    Order:\n      type: object\n      properties:\n        from: {$ref: '#/components/schemas/User/properties/address'}\n        to: {$ref: '#/components/schemas/User/properties/address'}\n",
        )
        .unwrap();
        let TypeKind::Struct { fields, .. } = &type_named(&api, "Order").kind else { panic!() };
        assert_eq!(fields[0].ty, fields[1].ty);
        let TypeRef::Named(name) = &fields[0].ty else { panic!("{:?}", fields[0].ty) };
        assert!(matches!(type_named(&api, name.as_str()).kind, TypeKind::Struct { .. }));
        let err = test_api("paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/openapi'}}}\n").unwrap_err();
        assert!(err.to_string().contains("does not lead to a schema"), "{err}");
    }

    /// Every schema that says something of its value and still becomes `serde_json::Value` is
    /// one warning naming it; a schema that takes any value is `serde_json::Value` exactly, with
    /// no warning.
    #[test]
    fn every_fallback_to_json_is_one_warning_and_only_fallbacks_are() {
        let fallbacks = [
            "{not: {type: string}}",
            "{type: object, properties: {a: {type: string}}, oneOf: [{required: [a]}]}",
            "{enum: [1, a, true]}",
            "{allOf: [{type: object, properties: {a: {type: string}}}, {type: string}]}",
            "{type: tuple}",
        ];
        for shape in fallbacks {
            let (api, warnings) = test_api(&format!(
                "paths: {{}}\ncomponents:\n  schemas:\n    Holder:\n      type: object\n      properties:\n        field: {shape}\n"
            ))
            .unwrap();
            let TypeKind::Struct { fields, .. } = &type_named(&api, "Holder").kind else { panic!() };
            assert_eq!(fields[0].ty, TypeRef::Json, "{shape}");
            assert_eq!(warnings.len(), 1, "{shape}: {warnings:?}");
            assert!(warnings[0].location.pointer.starts_with("/components/schemas/Holder/properties/field"), "{shape}: {warnings:?}");
        }
        let exact = ["{}", "{description: anything}", "{nullable: true}", "{allOf: [{description: a}, {nullable: true}]}", "{type: object}"];
        for shape in exact {
            let (api, warnings) = test_api(&format!(
                "paths: {{}}\ncomponents:\n  schemas:\n    Holder:\n      type: object\n      properties:\n        field: {shape}\n"
            ))
            .unwrap();
            let TypeKind::Struct { fields, .. } = &type_named(&api, "Holder").kind else { panic!() };
            assert!(matches!(fields[0].ty, TypeRef::Json | TypeRef::JsonObject), "{shape}: {:?}", fields[0].ty);
            assert!(warnings.is_empty(), "{shape}: {warnings:?}");
        }
    }

    /// Microsoft Graph's nullable reference is the reference, nullable: not a union.
    #[test]
    fn a_reference_beside_a_null_placeholder_is_a_nullable_reference() {
        let (api, warnings) = test_api(
            "paths: {}\ncomponents:\n  schemas:\n    Drive: {type: object, properties: {id: {type: string}}}\n    User:\n      type: object\n      properties:\n        drive:\n          anyOf: [{$ref: '#/components/schemas/Drive'}, {type: object, nullable: true}]\n",
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let TypeKind::Struct { fields, .. } = &type_named(&api, "User").kind else { panic!() };
        assert_eq!((fields[0].ty.clone(), fields[0].nullable), (TypeRef::Named(naming::fixed("Drive")), true));
        assert!(!api.types.iter().any(|t| matches!(t.kind, TypeKind::Union { .. })), "no union");
    }

    #[test]
    fn types_for_pointers_are_named_from_the_way_there() {
        let name = |p: &str| naming::camel(&pointer_context(p));
        assert_eq!(name("/components/schemas/User/properties/address"), "UserAddress");
        assert_eq!(name("/paths/~1users~1{id}/get/responses/200/content/application~1json/schema"), "UsersIdGet");
        assert_eq!(name("/components/schemas/A/allOf/0/properties/b/items"), "AB");
        assert_eq!(name("/components/schemas"), "Schema");
    }
}
