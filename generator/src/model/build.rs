//! Builds the [`Api`] model from a checked `openapiv3` document.
//!
//! Everything the emitters need is decided here: type names for inline schemas (from their
//! context: `{Operation}Body`, `{Parent}{Field}`), field and parameter names, which header is a
//! client setting, how a list pages, which fields must be boxed. What cannot be expressed becomes
//! a warning with its location and a documented fallback (`serde_json::Value`).

use std::collections::{BTreeMap, HashMap};

use openapiv3::{
    AdditionalProperties, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, SchemaKind,
    SecurityScheme, StatusCode, Type, VariantOrUnknownOrEmpty,
};

use super::*;
use crate::diagnostic::{pointer_join, Diagnostic, Diagnostics};
use crate::load::Document;
use crate::naming::{self, Scope};

/// Builds the model; returns it with the warnings found on the way, or every error.
pub fn build(doc: &Document) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    let mut b = Builder::new(doc);
    let api = b.api();
    if b.diagnostics.iter().any(|d| d.severity == crate::diagnostic::Severity::Error) {
        return Err(Diagnostics(b.diagnostics));
    }
    Ok((api, b.diagnostics))
}

struct Builder<'a> {
    doc: &'a Document,
    types: Vec<TypeDef>,
    type_names: Scope,
    /// Component schema key → Rust type name.
    components: HashMap<&'a str, String>,
    diagnostics: Vec<Diagnostic>,
    settings: Vec<Setting>,
    /// Resource type name → the alias of its id type (`User` → `UserId`), made on first use.
    ids: HashMap<String, String>,
}

const METHODS: &[(&str, Method)] = &[
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

impl<'a> Builder<'a> {
    fn new(doc: &'a Document) -> Self {
        Builder {
            doc,
            types: Vec::new(),
            type_names: Scope::new(),
            components: HashMap::new(),
            diagnostics: Vec::new(),
            settings: Vec::new(),
            ids: HashMap::new(),
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        let location = self.doc.location(pointer);
        self.diagnostics.push(Diagnostic::warning(location, message).help(help));
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        let location = self.doc.location(pointer);
        self.diagnostics.push(Diagnostic::error(location, message).help(help));
    }

    fn api(&mut self) -> Api {
        let openapi = &self.doc.api;
        // Component names first, so references resolve whatever the order.
        if let Some(components) = &openapi.components {
            for key in components.schemas.keys() {
                let name = self.type_names.unique(naming::camel(key));
                self.components.insert(key.as_str(), name);
            }
            for (key, schema) in &components.schemas {
                let pointer = pointer_join("/components/schemas", key);
                let name = self.components[key.as_str()].clone();
                self.define_component(&name, schema, &pointer);
            }
        }
        self.collect_settings();
        let mut operations = Vec::new();
        let mut error_bodies = Vec::new();
        let mut fn_names = Scope::new();
        // Builders live in the operations modules, next to what those import.
        let mut builder_names = Scope::with_reserved(&["Client", "ClientBuilder", "Error", "Result", "Call", "Style", "Method"]);
        for (path, item) in &openapi.paths.paths {
            let item_pointer = pointer_join("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.warn(
                        &item_pointer,
                        format!("path item references ({reference}) are not supported; the path is skipped"),
                        "write the path item inline",
                    );
                    continue;
                }
            };
            for &(key, method) in METHODS {
                let op = match key {
                    "get" => &item.get,
                    "put" => &item.put,
                    "post" => &item.post,
                    "delete" => &item.delete,
                    "options" => &item.options,
                    "head" => &item.head,
                    "patch" => &item.patch,
                    _ => &item.trace,
                };
                let Some(op) = op else { continue };
                let pointer = pointer_join(&item_pointer, key);
                let (operation, error_body) =
                    self.operation(path, method, op, &item.parameters, &pointer, &mut fn_names, &mut builder_names);
                operations.push(operation);
                error_bodies.push(error_body);
            }
        }
        let error_body = match error_bodies.first() {
            Some(Some(first)) if error_bodies.iter().all(|e| e.as_ref() == Some(first)) => Some(first.clone()),
            _ => None,
        };
        self.box_recursive_fields();
        Api {
            title: openapi.info.title.clone(),
            description: openapi.info.description.clone(),
            version: openapi.info.version.clone(),
            base_url: openapi.servers.first().map(|s| {
                let mut url = s.url.clone();
                if let Some(vars) = &s.variables {
                    for (name, var) in vars {
                        url = url.replace(&format!("{{{name}}}"), &var.default);
                    }
                }
                url
            }),
            auth: self.auth(),
            settings: std::mem::take(&mut self.settings),
            types: std::mem::take(&mut self.types),
            operations,
            error_body,
            json_body_on_delete: openapi.extensions.get("x-json-body-on-delete").and_then(|v| v.as_bool()) == Some(true),
        }
    }

    /// The identity headers (`x-client-setting`) of the whole document, named once.
    fn collect_settings(&mut self) {
        let openapi = &self.doc.api;
        let mut params: Vec<&Parameter> = Vec::new();
        if let Some(components) = &openapi.components {
            params.extend(components.parameters.values().filter_map(|p| p.as_item()));
        }
        for item in openapi.paths.paths.values().filter_map(|i| i.as_item()) {
            params.extend(item.parameters.iter().filter_map(|p| p.as_item()));
            for (_, op) in item.iter() {
                params.extend(op.parameters.iter().filter_map(|p| p.as_item()));
            }
        }
        let mut scope = Scope::with_reserved(&["timeout", "call", "send"]);
        for p in params.into_iter().filter(|p| is_client_setting(p)) {
            let data = p.parameter_data_ref();
            if self.settings.iter().any(|s| s.header.eq_ignore_ascii_case(&data.name)) {
                continue;
            }
            let bare = data.name.strip_prefix("x-").or_else(|| data.name.strip_prefix("X-")).unwrap_or(&data.name);
            let rust_name = scope.unique(naming::snake(bare));
            self.settings.push(Setting { header: data.name.clone(), rust_name, doc: data.description.clone() });
        }
    }

    fn auth(&mut self) -> Vec<Auth> {
        let mut out = Vec::new();
        let Some(components) = &self.doc.api.components else { return out };
        for (key, scheme) in &components.security_schemes {
            let ReferenceOr::Item(scheme) = scheme else { continue };
            let auth = match scheme {
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Auth::Basic,
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Auth::Bearer,
                SecurityScheme::HTTP { scheme, .. } => {
                    let pointer = pointer_join("/components/securitySchemes", key);
                    self.warn(
                        &pointer,
                        format!("HTTP authentication scheme `{scheme}` is not supported; the client offers no setter for it"),
                        "set the Authorization header yourself with ClientBuilder::default_header",
                    );
                    continue;
                }
                SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, name, .. } => {
                    Auth::ApiKeyHeader { header: name.clone() }
                }
                SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Query, name, .. } => {
                    Auth::ApiKeyQuery { param: name.clone() }
                }
                SecurityScheme::APIKey { .. } => {
                    let pointer = pointer_join("/components/securitySchemes", key);
                    self.warn(&pointer, "API keys in cookies are not supported", "set the Cookie header yourself with ClientBuilder::default_header");
                    continue;
                }
                SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Auth::Bearer,
            };
            if !out.contains(&auth) {
                out.push(auth);
            }
        }
        out
    }

    // ---- Schemas ----

    fn define_component(&mut self, name: &str, schema: &ReferenceOr<Schema>, pointer: &str) {
        match schema {
            ReferenceOr::Reference { reference } => {
                let target = self.reference(reference, pointer);
                self.types.push(TypeDef { name: name.to_string(), doc: None, kind: TypeKind::Alias(target) });
            }
            ReferenceOr::Item(schema) => {
                if !self.define_named(name, schema, pointer) {
                    let ty = self.inline_type(schema, name, pointer);
                    self.types.push(TypeDef { name: name.to_string(), doc: doc_of(schema), kind: TypeKind::Alias(ty) });
                }
            }
        }
    }

    /// Defines `schema` as the type `name` when it needs a type of its own (struct, enum, union).
    /// Returns false when it is better written as an alias or inline.
    fn define_named(&mut self, name: &str, schema: &Schema, pointer: &str) -> bool {
        let doc = doc_of(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let mut scope = Scope::with_reserved(&["Unrecognized"]);
                let variants = s
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|wire| Variant { wire: wire.clone(), rust_name: scope.unique(naming::variant(wire)) })
                    .collect();
                self.types.push(TypeDef { name: name.to_string(), doc, kind: TypeKind::Enum { variants } });
                true
            }
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() => {
                let slot = self.reserve_slot(name, doc);
                let kind = self.struct_kind(name, &obj.properties, &obj.required, obj.additional_properties.as_ref(), pointer);
                self.types[slot].kind = kind;
                true
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                let slot = self.reserve_slot(name, doc);
                let kind = self.struct_kind(name, &any.properties, &any.required, any.additional_properties.as_ref(), pointer);
                self.types[slot].kind = kind;
                true
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                let mut properties = Props::new();
                let mut required = Vec::new();
                for (i, part) in all_of.iter().enumerate() {
                    let part_pointer = format!("{pointer}/allOf/{i}");
                    match self.object_parts(part, 0) {
                        Some((props, req)) => {
                            for (k, v) in props {
                                properties.insert(k, v);
                            }
                            required.extend(req);
                        }
                        None => {
                            self.warn(
                                &part_pointer,
                                "this allOf part is not an object and cannot be merged; the type falls back to serde_json::Value",
                                "make every allOf part an object schema (or a $ref to one)",
                            );
                            return false;
                        }
                    }
                }
                let slot = self.reserve_slot(name, doc);
                let kind = self.struct_kind(name, &properties, &required, None, pointer);
                self.types[slot].kind = kind;
                true
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                let slot = self.reserve_slot(name, doc);
                let mut scope = Scope::with_reserved(&["Unrecognized"]);
                let mut out = Vec::new();
                let mut tags: Vec<Vec<String>> = Vec::new();
                let discriminator = schema.schema_data.discriminator.as_ref();
                for (i, v) in variants.iter().enumerate() {
                    let vp = format!("{pointer}/{key}/{i}");
                    let ty = self.schema_type(v, &format!("{name}Variant{}", i + 1), &vp);
                    let vname = match &ty {
                        TypeRef::Named(n) => n.clone(),
                        other => variant_name_of(other),
                    };
                    out.push((scope.unique(vname), ty));
                    // The tag values: the mapping's keys that point at this variant, else the
                    // schema's name (OpenAPI's default).
                    if let (Some(d), ReferenceOr::Reference { reference }) = (discriminator, v) {
                        let mut values: Vec<String> = d.mapping.iter().filter(|(_, r)| *r == reference).map(|(k, _)| k.clone()).collect();
                        if values.is_empty() {
                            values.push(reference.rsplit('/').next().unwrap_or_default().to_string());
                        }
                        tags.push(values);
                    } else {
                        tags.push(Vec::new());
                    }
                }
                let discriminator = match discriminator {
                    Some(d) if tags.iter().all(|t| !t.is_empty()) => Some((d.property_name.clone(), tags)),
                    Some(_) => {
                        self.warn(pointer, "a discriminator needs every variant to be a $ref; the variants are tried in order instead", "make each variant a $ref to a component schema");
                        None
                    }
                    None => None,
                };
                self.types[slot].kind = TypeKind::Union { variants: out, discriminator };
                true
            }
            _ => false,
        }
    }

    fn reserve_slot(&mut self, name: &str, doc: Option<String>) -> usize {
        self.types.push(TypeDef { name: name.to_string(), doc, kind: TypeKind::Alias(TypeRef::Json) });
        self.types.len() - 1
    }

    /// The properties and required list of an object schema or a reference to one (for allOf).
    /// `None` too for an `allOf` that includes itself (the checker reports it; `depth` only keeps
    /// a missed case from recursing forever).
    fn object_parts(&self, schema: &ReferenceOr<Schema>, depth: usize) -> Option<ObjectParts> {
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

    fn resolve_schema<'s>(&'s self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        let mut current = schema;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference } => {
                    let key = component_key(reference, "schemas")?;
                    current = self.doc.api.components.as_ref()?.schemas.get(&key)?;
                }
            }
        }
        None
    }

    fn struct_kind(
        &mut self,
        name: &str,
        properties: &Props,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> TypeKind {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (key, prop) in properties {
            let prop_pointer = pointer_join(&pointer_join(pointer, "properties"), key);
            let prop = unbox(prop);
            let ty = self.schema_type(&prop, &format!("{name}{}", naming::camel(key)), &prop_pointer);
            let resolved = self.resolve_schema(&prop).cloned();
            let nullable = resolved.as_ref().is_some_and(|s| s.schema_data.nullable);
            let doc = match &prop {
                ReferenceOr::Item(s) => doc_of(s),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                wire_name: key.clone(),
                rust_name: scope.unique(naming::snake(key)),
                doc,
                ty,
                required: required.contains(key),
                nullable,
                deprecated: resolved.is_some_and(|s| s.schema_data.deprecated),
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

    /// The type of a schema used at `pointer`; inline schemas that need a name get `context`.
    fn schema_type(&mut self, schema: &ReferenceOr<Schema>, context: &str, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, context, pointer),
        }
    }

    /// The type of a map value or array item: `Nullable` when the schema allows `null`.
    fn value_type(&mut self, schema: &ReferenceOr<Schema>, context: &str, pointer: &str) -> TypeRef {
        let ty = self.schema_type(schema, context, pointer);
        let nullable = self.resolve_schema(schema).is_some_and(|s| s.schema_data.nullable);
        if nullable && ty != TypeRef::Json {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        match component_key(reference, "schemas").and_then(|k| self.components.get(k.as_str())) {
            Some(name) => TypeRef::Named(name.clone()),
            None => {
                self.error(
                    &format!("{pointer}/$ref"),
                    format!("unresolved schema reference `{reference}`"),
                    "point the $ref at a schema under #/components/schemas",
                );
                TypeRef::Json
            }
        }
    }

    /// The id type of the resource `x-id-of` names (a component schema): the alias
    /// `<Resource>Id` of `Id<Resource>`, defined on first use.
    fn id_type(&mut self, resource: &serde_json::Value, pointer: &str) -> TypeRef {
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
        let alias = self.type_names.unique(format!("{name}Id"));
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

    fn inline_type(&mut self, schema: &Schema, context: &str, pointer: &str) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => match schema.schema_data.extensions.get("x-id-of") {
                Some(resource) => self.id_type(resource, pointer),
                None => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.value_type(&unbox(items), &format!("{context}Item"), &format!("{pointer}/items")),
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(obj)) if obj.properties.is_empty() => self.map_type(obj.additional_properties.as_ref(), context, pointer),
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                if !any.enumeration.is_empty() && any.typ.is_none() {
                    self.warn(
                        pointer,
                        "an enum of mixed value types cannot be a Rust enum; the value is typed serde_json::Value (its values are listed in the documentation)",
                        "give the enum a `type` if its values share one",
                    );
                }
                match any.typ.as_deref() {
                    Some("object") => self.map_type(any.additional_properties.as_ref(), context, pointer),
                    Some("array") => match &any.items {
                        Some(items) => TypeRef::Vec(Box::new(self.schema_type(&unbox(items), &format!("{context}Item"), &format!("{pointer}/items")))),
                        None => TypeRef::Vec(Box::new(TypeRef::Json)),
                    },
                    _ => TypeRef::Json,
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.schema_type(&all_of[0], context, &format!("{pointer}/allOf/0")),
            SchemaKind::Not { .. } => {
                self.warn(pointer, "`not` schemas cannot be expressed in Rust types; the value is typed serde_json::Value", "remove the `not` or accept the fallback");
                TypeRef::Json
            }
            _ => {
                let name = self.type_names.unique(naming::camel(context));
                if self.define_named(&name, schema, pointer) {
                    TypeRef::Named(name)
                } else {
                    TypeRef::Json
                }
            }
        }
    }

    fn map_type(&mut self, additional: Option<&AdditionalProperties>, context: &str, pointer: &str) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let v = self.value_type(s, &format!("{context}Value"), &format!("{pointer}/additionalProperties"));
                TypeRef::Map(Box::new(v))
            }
            _ => TypeRef::JsonObject,
        }
    }

    // ---- Operations ----

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: Method,
        op: &openapiv3::Operation,
        path_params: &[ReferenceOr<Parameter>],
        pointer: &str,
        fn_names: &mut Scope,
        builder_names: &mut Scope,
    ) -> (Operation, Option<TypeRef>) {
        let id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| naming::snake(&format!("{} {}", method.as_str().to_lowercase(), path)));
        let fn_name = fn_names.unique(naming::snake(&id).trim_start_matches("r#").to_string());
        let builder_name = builder_names.unique(naming::camel(&id));
        let module = op.tags.first().map_or_else(|| "general".to_string(), |t| naming::snake(t).trim_start_matches("r#").to_string());

        // Parameters: the path item's, overridden by the operation's of the same name and place.
        let mut params: Vec<Param> = Vec::new();
        let mut all: Vec<(String, &ReferenceOr<Parameter>)> = Vec::new();
        for (i, p) in path_params.iter().enumerate() {
            all.push((format!("{}/parameters/{i}", pointer.rsplit_once('/').map_or("", |(a, _)| a)), p));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            all.push((format!("{pointer}/parameters/{i}"), p));
        }
        let mut resolved: Vec<(String, Parameter)> = Vec::new();
        for (p_pointer, p) in all {
            let Some(param) = self.resolve_parameter(p, &p_pointer) else { continue };
            let data = param.parameter_data_ref();
            resolved.retain(|(_, q)| !(q.parameter_data_ref().name == data.name && same_location(q, &param)));
            resolved.push((p_pointer, param));
        }
        // Names the builder already has: its own methods and the setters of the identity headers
        // it takes.
        let mut reserved: Vec<String> =
            ["send", "call", "body", "timeout", "into_stream", "collect_all", "send_with_content"].map(String::from).to_vec();
        for (_, param) in resolved.iter().filter(|(_, p)| is_client_setting(p)) {
            let name = &param.parameter_data_ref().name;
            reserved.extend(self.settings.iter().filter(|s| s.header.eq_ignore_ascii_case(name)).map(|s| s.rust_name.clone()));
        }
        let mut scope = Scope::with_reserved(&reserved.iter().map(String::as_str).collect::<Vec<_>>());
        for (p_pointer, param) in &resolved {
            if let Some(p) = self.param(param, p_pointer, &builder_name, &mut scope) {
                params.push(p);
            }
        }

        // Body.
        let body = op.request_body.as_ref().and_then(|rb| self.body(rb, &format!("{pointer}/requestBody"), &builder_name, &mut scope));

        // Success response and error body.
        let mut response = Response { media: Media::Json, status: None, ty: None, doc: None, outcome: false };
        let success = op.responses.responses.iter().find(|(code, _)| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        });
        if let Some((code, r)) = success {
            let code_str = match code {
                StatusCode::Code(c) => c.to_string(),
                StatusCode::Range(r) => format!("{r}XX"),
            };
            let rp = format!("{pointer}/responses/{code_str}");
            if let Some(resp) = self.resolve_response(r, &rp) {
                response.status = match code {
                    StatusCode::Code(c) => Some(*c),
                    StatusCode::Range(_) => None,
                };
                response.doc = Some(resp.description.clone()).filter(|d| !d.is_empty());
                if let Some((media, ty)) = self.content_type(&resp.content, &format!("{builder_name}Response"), &rp) {
                    response.media = media;
                    response.ty = Some(ty);
                }
            }
        }
        // Several success statuses with different bodies: an outcome enum chosen by status.
        let successes: Vec<(u16, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((*c, r)),
                _ => None,
            })
            .collect();
        if successes.len() > 1 && response.media == Media::Json {
            let mut variants = Vec::new();
            let mut scope = Scope::with_reserved(&["Other"]);
            for (i, (code, r)) in successes.iter().enumerate() {
                let rp = format!("{pointer}/responses/{code}");
                let ty = if i == 0 {
                    response.ty.clone()
                } else {
                    self.resolve_response(r, &rp).and_then(|resp| {
                        match self.content_type(&resp.content, &format!("{builder_name}Response{code}"), &rp) {
                            Some((Media::Json, ty)) => Some(ty),
                            Some(_) => {
                                self.warn(&rp, "only JSON bodies are decoded for a second success status; this one is ignored", "describe the body as JSON, or accept the fallback");
                                None
                            }
                            None => None,
                        }
                    })
                };
                variants.push((scope.unique(status_name(*code)), *code, ty));
            }
            let distinct = variants.iter().map(|(_, _, t)| t).collect::<Vec<_>>();
            if distinct.windows(2).any(|w| w[0] != w[1]) {
                let name = self.type_names.unique(format!("{builder_name}Outcome"));
                let doc = Some(format!("What `{}` answers, by status.", op.operation_id.as_deref().unwrap_or(&builder_name)));
                self.types.push(TypeDef { name: name.clone(), doc, kind: TypeKind::Outcome { variants } });
                response.ty = Some(TypeRef::Named(name));
                response.outcome = true;
            }
        }
        // Error responses: every 4xx/5xx and `default` with a JSON body, each typed.
        let mut errors = Vec::new();
        let error_responses = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if *c >= 400 => Some((c.to_string(), r)),
                StatusCode::Range(x) if *x >= 4 => Some((format!("{x}XX"), r)),
                _ => None,
            })
            .chain(op.responses.default.as_ref().map(|r| ("default".to_string(), r)));
        for (status, r) in error_responses {
            let rp = format!("{pointer}/responses/{status}");
            let Some(resp) = self.resolve_response(r, &rp) else { continue };
            let context = if status == "default" { format!("{builder_name}Error") } else { format!("{builder_name}Error{status}") };
            if let Some((Media::Json, ty)) = self.content_type(&resp.content, &context, &rp) {
                if !errors.iter().any(|(_, t)| *t == ty) || !errors.iter().any(|(s, _)| *s == status) {
                    errors.push((status, ty));
                }
            }
        }
        // The crate-wide error body: the `default` one, else the first.
        let error_body = errors.iter().find(|(s, _)| s == "default").or(errors.first()).map(|(_, t)| t.clone());
        // An operation whose errors all share that type needs no per-status list.
        let errors: Vec<(String, TypeRef)> = if errors.iter().all(|(_, t)| Some(t) == error_body.as_ref()) { Vec::new() } else { errors };

        // Pagination.
        let pagination = op.extensions.get("x-pagination").and_then(|ext| {
            self.pagination(ext, &params, response.ty.as_ref(), &format!("{pointer}/x-pagination"))
        });

        let upload = op.extensions.get("x-upload").and_then(|ext| {
            self.upload(ext, body.as_ref(), response.ty.as_ref(), &format!("{pointer}/x-upload"))
        });

        let operation = Operation {
            id,
            fn_name,
            builder_name,
            module,
            method,
            path: path.to_string(),
            path_parts: split_path(path),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            response,
            pagination,
            upload,
            errors,
        };
        (operation, error_body)
    }

    fn resolve_parameter(&mut self, p: &ReferenceOr<Parameter>, pointer: &str) -> Option<Parameter> {
        let components = self.doc.api.components.as_ref().map(|c| &c.parameters);
        self.resolve(p, components, "parameters", "parameter", pointer)
    }

    fn resolve_response(&mut self, r: &ReferenceOr<openapiv3::Response>, pointer: &str) -> Option<openapiv3::Response> {
        let components = self.doc.api.components.as_ref().map(|c| &c.responses);
        self.resolve(r, components, "responses", "response", pointer)
    }

    /// The item itself, or the component `#/components/<kind>/<name>` it references (an error
    /// when there is none).
    fn resolve<T: Clone>(
        &mut self,
        item: &ReferenceOr<T>,
        components: Option<&indexmap::IndexMap<String, ReferenceOr<T>>>,
        kind: &str,
        what: &str,
        pointer: &str,
    ) -> Option<T> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some(item.clone()),
            ReferenceOr::Reference { reference } => reference,
        };
        match component_key(reference, kind).and_then(|k| components?.get(&k)) {
            Some(ReferenceOr::Item(found)) => Some(found.clone()),
            _ => {
                self.error(
                    &format!("{pointer}/$ref"),
                    format!("unresolved {what} reference `{reference}`"),
                    format!("point the $ref at a {what} under #/components/{kind}"),
                );
                None
            }
        }
    }

    fn param(&mut self, param: &Parameter, pointer: &str, builder_name: &str, scope: &mut Scope) -> Option<Param> {
        let data = param.parameter_data_ref();
        let explode = data.explode;
        let (location, style) = match param {
            Parameter::Path { style, .. } => {
                let style = match (style, explode) {
                    (openapiv3::PathStyle::Label, Some(true)) => QueryStyle::LabelExplode,
                    (openapiv3::PathStyle::Label, _) => QueryStyle::Label,
                    (openapiv3::PathStyle::Matrix, Some(true)) => QueryStyle::MatrixExplode,
                    (openapiv3::PathStyle::Matrix, _) => QueryStyle::Matrix,
                    (openapiv3::PathStyle::Simple, Some(true)) => QueryStyle::SimpleExplode,
                    (openapiv3::PathStyle::Simple, _) => QueryStyle::Simple,
                };
                (ParamLocation::Path, style)
            }
            Parameter::Header { .. } => (ParamLocation::Header, QueryStyle::Simple),
            Parameter::Query { style, .. } => {
                let dot = data.extensions.get("x-query-style").and_then(|v| v.as_str()) == Some("dot");
                let style = match style {
                    _ if dot => QueryStyle::Dot,
                    openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                    openapiv3::QueryStyle::Form if explode == Some(false) => QueryStyle::FormComma,
                    _ => QueryStyle::Form,
                };
                (ParamLocation::Query, style)
            }
            Parameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::Form),
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(s) => self.schema_type(s, &format!("{builder_name}{}", naming::camel(&data.name)), &format!("{pointer}/schema")),
            ParameterSchemaOrContent::Content(_) => {
                self.warn(pointer, "parameters with `content` are sent as JSON text", "use `schema` instead of `content` for plain values");
                TypeRef::Json
            }
        };
        let client_setting = is_client_setting(param);
        let rust_name = match self.settings.iter().find(|s| client_setting && s.header.eq_ignore_ascii_case(&data.name)) {
            // Identity headers have one name across the crate (their setters are shared).
            Some(setting) => setting.rust_name.clone(),
            None => scope.unique(naming::snake(&data.name)),
        };
        Some(Param {
            wire_name: data.name.clone(),
            rust_name,
            location,
            ty,
            required: data.required,
            doc: data.description.clone(),
            deprecated: data.deprecated == Some(true),
            style,
            client_setting,
        })
    }

    fn body(&mut self, rb: &ReferenceOr<RequestBody>, pointer: &str, builder_name: &str, scope: &mut Scope) -> Option<Body> {
        let components = self.doc.api.components.as_ref().map(|c| &c.request_bodies);
        let rb = self.resolve(rb, components, "requestBodies", "request body", pointer)?;
        let (media_name, mt) = pick_media(&rb.content)?;
        let media = media_of(media_name);
        let sp = format!("{pointer}/content/{}/schema", crate::diagnostic::escape_pointer_token(media_name));
        let name = format!("{builder_name}Body");
        let (ty, fields) = match (&media, &mt.schema) {
            (Media::Bytes(_), _) => (TypeRef::Bytes, None),
            (Media::Text(_), _) => (TypeRef::String, None),
            (_, None) => (TypeRef::Json, None),
            (_, Some(schema)) => {
                let ty = self.schema_type(schema, &name, &sp);
                let inline_struct = matches!(schema, ReferenceOr::Item(_));
                let fields = match (&ty, inline_struct) {
                    (TypeRef::Named(n), true) => self.types.iter().find(|t| &t.name == n).and_then(|t| match &t.kind {
                        TypeKind::Struct { fields, additional: None } => Some(fields.clone()),
                        _ => None,
                    }),
                    _ => None,
                };
                (ty, fields)
            }
        };
        let (media, fields) = match media {
            Media::Multipart(_) => {
                let Some(mut fields): Option<Vec<Field>> = fields else {
                    self.warn(&sp, "a multipart body must be an object schema written inline; the operation is generated without a body", "describe the parts as the properties of an inline object schema");
                    return None;
                };
                // Properties of `format: binary` are the files.
                let binary: Vec<String> = self.binary_properties(mt.schema.as_ref());
                let mut files = Vec::new();
                for f in &mut fields {
                    if binary.contains(&f.wire_name) {
                        f.ty = TypeRef::Bytes;
                        files.push(f.rust_name.clone());
                    }
                }
                if let TypeRef::Named(n) = &ty {
                    if let Some(TypeDef { kind: TypeKind::Struct { fields: def_fields, .. }, .. }) = self.types.iter_mut().find(|t| &t.name == n) {
                        for f in def_fields.iter_mut().filter(|f| binary.contains(&f.wire_name)) {
                            f.ty = TypeRef::Bytes;
                        }
                    }
                }
                (Media::Multipart(files), Some(fields))
            }
            other => (other, fields),
        };
        // Setter names for body fields must not collide with the parameters' or the builder's own.
        let setters = fields.iter().flatten().map(|f: &Field| scope.unique(f.rust_name.clone())).collect();
        Some(Body { media, ty, required: rb.required, doc: rb.description.clone(), fields, setters })
    }

    /// The properties of `format: binary` of an inline object schema.
    fn binary_properties(&self, schema: Option<&ReferenceOr<Schema>>) -> Vec<String> {
        let Some(ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Object(obj)), .. })) = schema else { return Vec::new() };
        obj.properties
            .iter()
            .filter(|(_, p)| {
                matches!(p, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Type(Type::String(st))
                    if matches!(&st.format, VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))))
            })
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The media and type of a response body.
    fn content_type(&mut self, content: &openapiv3::Content, context: &str, pointer: &str) -> Option<(Media, TypeRef)> {
        let (media_name, mt) = pick_media(content)?;
        let sp = format!("{pointer}/content/{}/schema", crate::diagnostic::escape_pointer_token(media_name));
        Some(match media_of(media_name) {
            Media::Bytes(m) => (Media::Bytes(m), TypeRef::Bytes),
            Media::Text(m) => (Media::Text(m), TypeRef::String),
            Media::Json | Media::Form | Media::Multipart(_) => (
                Media::Json,
                match &mt.schema {
                    Some(schema) => self.schema_type(schema, context, &sp),
                    None => TypeRef::Json,
                },
            ),
        })
    }

    fn pagination(&mut self, ext: &serde_json::Value, params: &[Param], response: Option<&TypeRef>, pointer: &str) -> Option<Pagination> {
        let get = |k: &str| ext.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let (Some(token_param), Some(next_token), Some(items)) = (get("token-param"), get("next-token"), get("items")) else {
            self.error(pointer, "x-pagination needs `token-param`, `next-token` and `items`", "write e.g. {token-param: nextToken, next-token: /meta/nextToken, items: /users}");
            return None;
        };
        let Some(param) = params.iter().find(|p| p.wire_name == token_param && p.location == ParamLocation::Query) else {
            self.error(pointer, format!("x-pagination names the query parameter `{token_param}`, which the operation does not have"), "declare the page token query parameter or fix `token-param`");
            return None;
        };
        let Some(response) = response else {
            self.error(pointer, "x-pagination on an operation with no JSON response", "remove x-pagination or declare the response schema");
            return None;
        };
        let next = self.field_path(response, &next_token);
        let item_path = self.field_path(response, &items);
        match (next, item_path) {
            (Some((next_path, TypeRef::String)), Some((items_path, TypeRef::Vec(item)))) => Some(Pagination {
                token_param,
                token_rust_name: param.rust_name.clone(),
                next_token: next_path,
                items: items_path,
                item_ty: *item,
            }),
            _ => {
                self.error(pointer, format!("x-pagination pointers do not fit the response: `{next_token}` must name a string field and `{items}` an array field"), "point `next-token` and `items` at fields of the success response body");
                None
            }
        }
    }

    fn upload(&mut self, ext: &serde_json::Value, body: Option<&Body>, response: Option<&TypeRef>, pointer: &str) -> Option<Upload> {
        let get = |k: &str| ext.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let help = "write e.g. {size-field: size, content-type-field: contentType, url: /file/uploadUrl}";
        let (Some(size_field), Some(url)) = (get("size-field"), get("url")) else {
            self.error(pointer, "x-upload needs `size-field` and `url`", help);
            return None;
        };
        let Some(fields) = body.and_then(|b| b.fields.as_ref()) else {
            self.error(pointer, "x-upload needs an inline JSON object request body", help);
            return None;
        };
        let Some(size) = fields.iter().find(|f| f.wire_name == size_field) else {
            self.error(pointer, format!("x-upload: the request body has no field `{size_field}`"), help);
            return None;
        };
        if !matches!(size.ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64) {
            self.error(pointer, format!("x-upload: `{size_field}` must be a number"), help);
            return None;
        }
        let content_type_field = match get("content-type-field") {
            None => None,
            Some(name) => match fields.iter().find(|f| f.wire_name == name && f.ty == TypeRef::String) {
                Some(f) => Some((f.rust_name.clone(), f.required)),
                None => {
                    self.error(pointer, format!("x-upload: the request body has no string field `{name}`"), help);
                    return None;
                }
            },
        };
        let mut headers_when = Vec::new();
        for (wire, headers) in ext.get("headers-when").and_then(|v| v.as_object()).into_iter().flatten() {
            let Some(field) = fields.iter().find(|f| f.wire_name == *wire && f.ty == TypeRef::Bool) else {
                self.error(pointer, format!("x-upload: `headers-when` names `{wire}`, which is not a boolean field of the request body"), help);
                return None;
            };
            for (header, value) in headers.as_object().into_iter().flatten() {
                let valid = header.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                match value.as_str() {
                    Some(value) if valid => headers_when.push((field.rust_name.clone(), field.required, header.to_ascii_lowercase(), value.to_string())),
                    _ => {
                        self.error(pointer, format!("x-upload: header `{header}` needs a string value and a valid name"), help);
                        return None;
                    }
                }
            }
        }
        match response.and_then(|r| self.field_path(r, &url)) {
            Some((path, TypeRef::String)) => Some(Upload {
                size_field: size.rust_name.clone(),
                size_ty: size.ty.clone(),
                size_required: size.required,
                content_type_field,
                url: path,
                headers_when,
            }),
            _ => {
                self.error(pointer, format!("x-upload: `{url}` does not name a string field of the response"), help);
                None
            }
        }
    }

    /// Follows a JSON pointer of wire names through named struct types; returns Rust field names.
    fn field_path(&self, ty: &TypeRef, pointer: &str) -> Option<(Vec<(String, bool)>, TypeRef)> {
        let mut current = ty.clone();
        let mut out = Vec::new();
        for token in pointer.strip_prefix('/')?.split('/') {
            let TypeRef::Named(name) = &current else { return None };
            let def = self.types.iter().find(|t| &t.name == name)?;
            let TypeKind::Struct { fields, .. } = &def.kind else { return None };
            let field = fields.iter().find(|f| f.wire_name == crate::diagnostic::unescape_pointer_token(token))?;
            if !field.required && field.nullable {
                return None; // `Option<Option<T>>`: not a page token or item list we can follow
            }
            out.push((field.rust_name.clone(), !field.required || field.nullable));
            current = field.ty.clone();
        }
        Some((out, current))
    }

    // ---- Recursion ----

    /// Boxes the fields through which a struct contains itself (directly or through others).
    fn box_recursive_fields(&mut self) {
        let index: BTreeMap<&str, usize> = self.types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        let edges: Vec<Vec<usize>> = self
            .types
            .iter()
            .map(|t| {
                let mut out = Vec::new();
                let mut direct = |ty: &TypeRef| {
                    if let TypeRef::Named(n) = ty {
                        if let Some(&i) = index.get(n.as_str()) {
                            out.push(i);
                        }
                    }
                };
                match &t.kind {
                    TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| direct(&f.ty)),
                    TypeKind::Union { variants, .. } => variants.iter().for_each(|(_, ty)| direct(ty)),
                    TypeKind::Alias(ty) => direct(ty),
                    TypeKind::Enum { .. } | TypeKind::Outcome { .. } => {}
                }
                out
            })
            .collect();
        let scc = tarjan(&edges);
        let names: Vec<String> = self.types.iter().map(|t| t.name.clone()).collect();
        for (i, t) in self.types.iter_mut().enumerate() {
            let boxed = |ty: &mut TypeRef| {
                if let TypeRef::Named(n) = ty {
                    if let Some(j) = names.iter().position(|m| m == n) {
                        if scc[j] == scc[i] {
                            *ty = TypeRef::Boxed(Box::new(ty.clone()));
                        }
                    }
                }
            };
            match &mut t.kind {
                TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| boxed(&mut f.ty)),
                TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|(_, ty)| boxed(ty)),
                _ => {}
            }
        }
    }
}

/// Strongly connected components (Tarjan), iterative so deep specs cannot overflow the stack.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(u, _)) = call.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = comps;
                        if w == v {
                            break;
                        }
                    }
                    comps += 1;
                }
            }
        }
    }
    // A type alone in its component is recursive only if it points at itself.
    for (v, es) in edges.iter().enumerate() {
        let alone = comp.iter().filter(|&&c| c == comp[v]).count() == 1;
        if alone && !es.contains(&v) {
            comp[v] = usize::MAX - v;
        }
    }
    comp
}

/// The properties of an object schema, in document order.
type Props = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The properties and required names of an object schema (for merging `allOf`).
type ObjectParts = (Vec<(String, ReferenceOr<Box<Schema>>)>, Vec<String>);

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
    }
}

/// The component name a local reference `#/components/<kind>/<name>` points at (JSON pointer
/// escapes undone: `a~1b` names `a/b`).
fn component_key(reference: &str, kind: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/")?.strip_prefix(kind)?.strip_prefix('/')?;
    (!name.contains('/')).then(|| crate::diagnostic::unescape_pointer_token(name))
}

/// Whether a parameter is an identity header set once on the client (`x-client-setting: true`).
fn is_client_setting(p: &Parameter) -> bool {
    matches!(p, Parameter::Header { .. })
        && p.parameter_data_ref().extensions.get("x-client-setting").and_then(|v| v.as_bool()) == Some(true)
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    media == "application/json" || media.ends_with("+json") || media == "*/*"
}

/// The media type to use from a `content` map: JSON when offered, else the first.
fn pick_media(content: &openapiv3::Content) -> Option<(&String, &openapiv3::MediaType)> {
    content.iter().find(|(m, _)| is_json(m)).or_else(|| content.iter().next())
}

/// How a body of media type `media` is written and read.
fn media_of(media: &str) -> Media {
    let bare = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if is_json(&bare) {
        Media::Json
    } else if bare == "application/x-www-form-urlencoded" {
        Media::Form
    } else if bare == "multipart/form-data" {
        Media::Multipart(Vec::new())
    } else if bare.starts_with("text/") || bare == "application/xml" || bare.ends_with("+xml") {
        Media::Text(bare)
    } else {
        Media::Bytes(bare)
    }
}

fn variant_name_of(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::JsonObject | TypeRef::Map(_) => "Object".into(),
        TypeRef::Vec(_) => "Array".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => variant_name_of(inner),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Id(_) => "Id".into(),
    }
}

/// The variant name for a success status (`200` → `Ok`).
fn status_name(code: u16) -> String {
    match code {
        200 => "Ok".into(),
        201 => "Created".into(),
        202 => "Accepted".into(),
        203 => "NonAuthoritative".into(),
        204 => "NoContent".into(),
        205 => "ResetContent".into(),
        206 => "PartialContent".into(),
        207 => "MultiStatus".into(),
        other => format!("Status{other}"),
    }
}

/// Splits `/v1/users/{id}` into literal and parameter parts.
pub(crate) fn split_path(path: &str) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_string()));
        }
        parts.push(PathPart::Param(rest[start + 1..start + len].to_string()));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    parts
}

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
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => notes.push("Format: RFC 3339 date-time (`2023-11-07T05:31:56Z`).".to_string()),
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => notes.push("Format: RFC 3339 full date (`2023-11-07`).".to_string()),
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Byte) => notes.push("Format: base64-encoded bytes.".to_string()),
                VariantOrUnknownOrEmpty::Item(f) => notes.push(format!("Format: {}.", serde_json::to_value(f).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())),
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
