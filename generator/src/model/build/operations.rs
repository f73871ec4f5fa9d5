//! Operations: parameters (with their styles), the request body, the success response (one type
//! or an outcome by status) and the typed error bodies.

use super::*;

/// Where an operation is written: its path, method, path item and pointers.
pub(super) struct Site<'a> {
    /// The path template (`/users/{id}`).
    pub path: &'a str,
    /// The method.
    pub method: Method,
    /// The path item it is in (its parameters apply).
    pub item: &'a openapiv3::PathItem,
    /// The operation.
    pub op: &'a openapiv3::Operation,
    /// The path item's JSON pointer.
    pub item_pointer: &'a str,
    /// The operation's JSON pointer.
    pub pointer: &'a str,
}

/// The names the operations of a document share: the client's methods and the builders (and the
/// operations' own types, which live beside the builders).
pub(super) struct OperationNames {
    /// The client's methods, one an operation.
    pub functions: Scope,
    /// The types of the operations modules.
    pub builders: Scope,
}

/// An operation's error responses, typed.
struct Errors {
    /// The responses whose body differs from the crate-wide error body, each a variant.
    listed: Vec<ErrorResponse>,
    /// The enum of `listed`, when there are any.
    error_type: Option<RustName>,
    /// The body an error of this operation has: the `default` one, else the first.
    body: Option<TypeRef>,
}

impl Builder<'_> {
    pub(super) fn operation(&mut self, site: &Site<'_>, names: &mut OperationNames) -> Operation {
        let (path, method, op, pointer) = (site.path, site.method.clone(), site.op, site.pointer);
        let id = op.operation_id.clone().unwrap_or_else(|| naming::snake(&format!("{} {}", method.as_str().to_lowercase(), path)).to_string());
        let short = self.short_names.get(&id).cloned().unwrap_or_else(|| id.clone());
        let fn_name = names.functions.unique(naming::snake(&short));
        let builder_name = names.builders.unique(naming::camel(&short));
        // The operation's own types live in its module, next to the builders: their names must
        // not take a builder's, nor a later builder theirs.
        self.type_names.unique(builder_name.clone());
        let first_type = self.types.len();
        // One module per top tag: a tag with a `parent` (OpenAPI 3.2) lives in its family's module.
        let module = op.tags.first().map_or_else(|| naming::fixed("general"), |t| naming::snake(crate::load::v32::top_tag(&self.doc.api.tags, t)));

        let (params, mut scope) = self.params(site, builder_name.as_str());
        let body = op.request_body.as_ref().and_then(|rb| self.body(rb, &format!("{pointer}/requestBody"), builder_name.as_str(), &mut scope));
        let response = self.response(op, pointer, &builder_name);
        let errors = self.errors(op, pointer, &builder_name);
        let pagination =
            op.extensions.get("x-pagination").and_then(|ext| self.pagination(ext, &params, response.ty.as_ref(), &format!("{pointer}/x-pagination")));
        let upload =
            op.extensions.get("x-upload").and_then(|ext| self.upload(ext, body.as_ref(), response.ty.as_ref(), &format!("{pointer}/x-upload")));

        let operation = Operation {
            id,
            fn_name,
            builder_name,
            module,
            method,
            path: path.to_string(),
            path_parts: path_parts(path),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            // `security: []` says no credentials; `[{}]` says they are optional (sent when set). A
            // document without security schemes gives the client no credentials to leave out.
            anonymous: self.doc.api.components.as_ref().is_some_and(|c| !c.security_schemes.is_empty())
                && op.security.as_ref().or(self.doc.api.security.as_ref()).is_some_and(|requirements| requirements.is_empty()),
            params,
            body,
            response,
            pagination,
            upload,
            errors: errors.listed,
            error_type: errors.error_type,
            error_body: errors.body,
            types: self.types[first_type..].iter().map(|t| t.name.clone()).collect(),
        };
        for t in &operation.types {
            names.builders.unique(t.clone());
        }
        if let Some(name) = &operation.error_type {
            names.builders.unique(name.clone());
        }
        operation
    }

    /// The parameters: the path item's, overridden by the operation's of the same name and place,
    /// and a string for each variable of the path template none declares. Returns the scope of
    /// the builder's setter names, for the body's fields to join.
    fn params(&mut self, site: &Site<'_>, builder_name: &str) -> (Vec<Param>, Scope) {
        let mut params: Vec<Param> = Vec::new();
        let (merged, unresolved) = openapi::merged_parameters(&self.doc.api, self.doc, site.item, site.item_pointer, site.op, site.pointer);
        for (p_pointer, reference) in unresolved {
            self.unresolved(&p_pointer, reference, "parameters");
        }
        // Borrowed from the document (a copy of each took a tenth of the model's time on a
        // Graph-sized spec: its parameters' enums list hundreds of property names).
        let resolved: Vec<(String, std::borrow::Cow<'_, Parameter>)> = merged.into_iter().map(|m| (m.pointer, m.parameter)).collect();
        // Names the builder already has: its own methods and the setters of the identity headers
        // it takes.
        let mut reserved: Vec<String> = naming::REQUEST_BUILDER_METHODS.iter().map(|m| m.to_string()).collect();
        for (_, param) in resolved.iter().filter(|(_, p)| is_identity_header(p)) {
            let name = &param.parameter_data_ref().name;
            reserved.extend(self.identity_headers.iter().filter(|s| s.header.eq_ignore_ascii_case(name)).map(|s| s.rust_name.to_string()));
        }
        let mut scope = Scope::with_reserved(&reserved.iter().map(String::as_str).collect::<Vec<_>>());
        for (p_pointer, param) in &resolved {
            if let Some(p) = self.param(param, p_pointer, builder_name, &mut scope) {
                params.push(p);
            }
        }
        // A variable of the path template that no parameter declares (the checker warns, or
        // refuses it with --strict): what the author evidently meant, a required string.
        for name in PathTemplate::parse(site.path).params() {
            if !params.iter().any(|p| p.location == ParamLocation::Path && p.wire_name == name) {
                params.push(Param {
                    wire_name: name.to_string(),
                    rust_name: scope.unique(naming::snake(name)),
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    doc: None,
                    deprecated: false,
                    style: ParamStyle::Simple,
                    identity_header: false,
                });
            }
        }
        (params, scope)
    }

    /// The success response: the first success status's body, or an outcome enum chosen by
    /// status where several success statuses have different bodies.
    fn response(&mut self, op: &openapiv3::Operation, pointer: &str, builder_name: &RustName) -> Response {
        let mut response = Response { media: Media::Json, status: None, ty: None, doc: None, outcome: false, event_stream: false, json_lines: false };
        let success = op.responses.responses.iter().map(|(code, r)| (StatusKey::of(code), r)).find(|(code, _)| code.is_success());
        if let Some((code, r)) = success {
            let rp = format!("{pointer}/responses/{code}");
            if let Some(resp) = self.resolve_response(r, &rp) {
                response.status = match code {
                    StatusKey::Code(c) => Some(c),
                    _ => None,
                };
                response.doc = Some(resp.description.clone()).filter(|d| !d.is_empty());
                if let Some((media, ty)) = self.content_type(&resp.content, &format!("{builder_name}Response"), &rp) {
                    response.event_stream = media == Media::Text(EVENT_STREAM.into());
                    response.json_lines = matches!(&media, Media::Bytes(m) if JSON_LINES.contains(&m.as_str()));
                    response.media = media;
                    response.ty = Some(ty);
                }
            }
        }
        if response.media == Media::Json {
            if let Some(outcome) = self.outcome(op, pointer, builder_name, response.ty.clone()) {
                response.ty = Some(TypeRef::Named(outcome));
                response.outcome = true;
            }
        }
        response
    }

    /// The outcome enum of an operation with several success statuses of different bodies (the
    /// first's type is `first`), defined and named; `None` when one type answers them all.
    fn outcome(&mut self, op: &openapiv3::Operation, pointer: &str, builder_name: &RustName, first: Option<TypeRef>) -> Option<RustName> {
        let successes: Vec<(u16, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match StatusKey::of(code) {
                StatusKey::Code(c) if StatusKey::Code(c).is_success() => Some((c, r)),
                _ => None,
            })
            .collect();
        if successes.len() < 2 {
            return None;
        }
        let mut variants = Vec::new();
        let mut scope = Scope::with_reserved(&["Other"]);
        for (i, (code, r)) in successes.iter().enumerate() {
            let rp = format!("{pointer}/responses/{code}");
            let ty = if i == 0 {
                first.clone()
            } else {
                self.resolve_response(r, &rp).and_then(|resp| match self.content_type(&resp.content, &format!("{builder_name}Response{code}"), &rp) {
                    Some((Media::Json, ty)) => Some(ty),
                    Some(_) => {
                        self.warn(
                            &rp,
                            "only JSON bodies are decoded for a second success status; this one is ignored",
                            "describe the body as JSON, or accept the fallback",
                        );
                        None
                    }
                    None => None,
                })
            };
            variants.push(OutcomeVariant { name: scope.unique(status_name(*code)), status: *code, ty });
        }
        if variants.windows(2).all(|w| w[0].ty == w[1].ty) {
            return None;
        }
        let name = self.type_names.unique(builder_name.suffixed("Outcome"));
        let doc = Some(format!("What `{}` answers, by status.", op.operation_id.as_deref().unwrap_or(builder_name.as_str())));
        self.types.push(TypeDef { name: name.clone(), doc, kind: TypeKind::Outcome { variants } });
        Some(name)
    }

    /// Error responses: every 4xx/5xx and `default` with a JSON body, each typed.
    fn errors(&mut self, op: &openapiv3::Operation, pointer: &str, builder_name: &RustName) -> Errors {
        let mut errors = Vec::new();
        let error_responses = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (StatusKey::of(code), r))
            .chain(op.responses.default.as_ref().map(|r| (StatusKey::Default, r)))
            .filter(|(code, _)| code.is_error())
            .map(|(code, r)| (code.to_string(), r));
        for (status, r) in error_responses {
            let rp = format!("{pointer}/responses/{status}");
            let Some(resp) = self.resolve_response(r, &rp) else { continue };
            let context = if status == "default" { format!("{builder_name}ErrorBody") } else { format!("{builder_name}ErrorBody{status}") };
            if let Some((Media::Json, ty)) = self.content_type(&resp.content, &context, &rp) {
                if !errors.iter().any(|e: &ErrorResponse| e.ty == ty) || !errors.iter().any(|e| e.status == status) {
                    let variant = error_status_name(&status);
                    let doc = Some(resp.description.clone()).filter(|d| !d.trim().is_empty());
                    errors.push(ErrorResponse { status, variant, ty, doc });
                }
            }
        }
        // The crate-wide error body: the `default` one, else the first.
        let body = errors.iter().find(|e| e.status == "default").or(errors.first()).map(|e| e.ty.clone());
        // An operation whose errors all share that type needs no per-status list.
        let listed: Vec<ErrorResponse> = if errors.iter().all(|e| Some(&e.ty) == body.as_ref()) { Vec::new() } else { errors };
        let error_type = (!listed.is_empty()).then(|| self.type_names.unique(builder_name.suffixed("Error")));
        Errors { listed, error_type, body }
    }

    pub(super) fn resolve_response(&mut self, r: &ReferenceOr<openapiv3::Response>, pointer: &str) -> Option<openapiv3::Response> {
        self.resolve(r, pointer)
    }

    pub(super) fn param(&mut self, param: &Parameter, pointer: &str, builder_name: &str, scope: &mut Scope) -> Option<Param> {
        let data = param.parameter_data_ref();
        let explode = data.explode;
        let (location, style) = match param {
            Parameter::Path { style, .. } => {
                let style = match (style, explode) {
                    (openapiv3::PathStyle::Label, Some(true)) => ParamStyle::LabelExplode,
                    (openapiv3::PathStyle::Label, _) => ParamStyle::Label,
                    (openapiv3::PathStyle::Matrix, Some(true)) => ParamStyle::MatrixExplode,
                    (openapiv3::PathStyle::Matrix, _) => ParamStyle::Matrix,
                    (openapiv3::PathStyle::Simple, Some(true)) => ParamStyle::SimpleExplode,
                    (openapiv3::PathStyle::Simple, _) => ParamStyle::Simple,
                };
                (ParamLocation::Path, style)
            }
            Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
            Parameter::Query { style, .. } => {
                let dot = data.extensions.get("x-query-style").and_then(|v| v.as_str()) == Some("dot");
                let style = match style {
                    _ if dot => ParamStyle::Dot,
                    openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
                    openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    openapiv3::QueryStyle::Form if explode == Some(false) => ParamStyle::FormComma,
                    _ => ParamStyle::Form,
                };
                (ParamLocation::Query, style)
            }
            Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form),
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                self.schema_type(s, &format!("{builder_name}{}", naming::camel(&data.name)), &format!("{pointer}/schema"))
            }
            ParameterSchemaOrContent::Content(_) => {
                self.warn(pointer, "parameters with `content` are sent as JSON text", "use `schema` instead of `content` for plain values");
                TypeRef::Json
            }
        };
        let identity_header = is_identity_header(param);
        let rust_name = match self.identity_headers.iter().find(|s| identity_header && s.header.eq_ignore_ascii_case(&data.name)) {
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
            identity_header,
        })
    }

    pub(super) fn body(&mut self, rb: &ReferenceOr<RequestBody>, pointer: &str, builder_name: &str, scope: &mut Scope) -> Option<Body> {
        let rb: RequestBody = self.resolve(rb, pointer)?;
        let (media_name, mt) = pick_media(&rb.content)?;
        let media = media_of(media_name);
        let sp = format!("{pointer}/content/{}/schema", pointer::escape(media_name));
        let name = format!("{builder_name}Body");
        let (ty, fields) = match (&media, &mt.schema) {
            (Media::Bytes(_), _) => (TypeRef::Bytes, None),
            (Media::Text(_), _) => (TypeRef::String, None),
            (_, None) => (TypeRef::Json, None),
            (_, Some(schema)) => {
                let first_new = self.types.len();
                let ty = self.schema_type(schema, &name, &sp);
                // Only an object defined here, for this body, lends its fields to the builder: a
                // schema written inline that is a shared type (`anyOf: [$ref, {type: 'null'}]`,
                // an optional body as FastAPI writes it) is that type, a body of its own.
                let inline_struct = matches!(schema, ReferenceOr::Item(_));
                let fields = match (&ty, inline_struct) {
                    (TypeRef::Named(n), true) => self.types[first_new..].iter().find(|t| &t.name == n).and_then(|t| match &t.kind {
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
                    self.warn(
                        &sp,
                        "a multipart body must be an object schema written inline; the operation is generated without a body",
                        "describe the parts as the properties of an inline object schema",
                    );
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
    pub(super) fn binary_properties(&self, schema: Option<&ReferenceOr<Schema>>) -> Vec<String> {
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
    pub(super) fn content_type(&mut self, content: &openapiv3::Content, context: &str, pointer: &str) -> Option<(Media, TypeRef)> {
        let (media_name, mt) = pick_media(content)?;
        let sp = format!("{pointer}/content/{}/schema", pointer::escape(media_name));
        Some(match media_of(media_name) {
            Media::Text(m) if m == EVENT_STREAM => (Media::Text(m), self.item_type(mt, media_name, context, pointer, "Event")),
            Media::Bytes(m) if JSON_LINES.contains(&m.as_str()) => (Media::Bytes(m), self.item_type(mt, media_name, context, pointer, "Item")),
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

    /// The type of one item of a sequential media type (an event's data, a line of JSON): its
    /// `itemSchema` (`x-item-schema` before OpenAPI 3.2), else any JSON. A `schema` beside it
    /// describes the whole stream, not an item.
    fn item_type(&mut self, mt: &openapiv3::MediaType, media_name: &str, context: &str, pointer: &str, suffix: &str) -> TypeRef {
        let ip = format!("{pointer}/content/{}/{ITEM_SCHEMA}", pointer::escape(media_name));
        match mt.extensions.get(ITEM_SCHEMA) {
            Some(value) => match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()) {
                Ok(schema) => self.schema_type(&schema, &format!("{context}{suffix}"), &ip),
                Err(e) => {
                    self.warn(
                        &ip,
                        format!("`{ITEM_SCHEMA}` is not a schema ({e}); each item is read as any JSON"),
                        "make it a schema or a $ref to one",
                    );
                    TypeRef::Json
                }
            },
            None => match (&mt.schema, suffix) {
                // A stream of JSON values described by `schema`: in OpenAPI 3.2, the whole
                // stream as an array (its `items` are the items); before, often one line's.
                (Some(schema), "Item") => {
                    let sp = format!("{pointer}/content/{}/schema", pointer::escape(media_name));
                    let items = match schema {
                        ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Array(array)), .. }) => array.items.clone(),
                        _ => None,
                    };
                    match items {
                        Some(items) => self.schema_type(&items.unbox(), &format!("{context}{suffix}"), &format!("{sp}/items")),
                        None => {
                            self.warn(
                                &sp,
                                format!("the `schema` of a `{media_name}` stream is taken for the schema of each of its values"),
                                format!("write the schema of one value as `itemSchema` (OpenAPI 3.2) or `{ITEM_SCHEMA}`"),
                            );
                            self.schema_type(schema, &format!("{context}{suffix}"), &sp)
                        }
                    }
                }
                _ => TypeRef::Json,
            },
        }
    }
}

/// The media type of server-sent events.
pub(super) const EVENT_STREAM: &str = "text/event-stream";

/// The extension carrying the schema of one item of a sequential media type (OpenAPI 3.2's
/// `itemSchema`, which the loader moves here) in OpenAPI 3.0 and 3.1.
pub(super) const ITEM_SCHEMA: &str = crate::openapi::carried::ITEM_SCHEMA;

/// The media types of a stream of JSON values: one a line (`application/jsonl`,
/// `application/x-ndjson`), or one a record (`application/json-seq`, RFC 7464).
pub(super) const JSON_LINES: &[&str] = &["application/jsonl", "application/x-ndjson", "application/json-seq", "application/x-jsonlines"];

/// Whether a parameter is an identity header set once on the client (`x-client-setting: true`).
pub(super) fn is_identity_header(p: &Parameter) -> bool {
    matches!(p, Parameter::Header { .. }) && p.parameter_data_ref().extensions.get("x-client-setting").and_then(|v| v.as_bool()) == Some(true)
}

/// The media type to use from a `content` map: JSON when offered, else the first.
pub(super) fn pick_media(content: &openapiv3::Content) -> Option<(&String, &openapiv3::MediaType)> {
    content.iter().find(|(m, _)| openapi::is_json_media_type(m)).or_else(|| content.iter().next())
}

/// How a body of media type `media` is written and read.
pub(super) fn media_of(media: &str) -> Media {
    let bare = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if openapi::is_json_media_type(&bare) {
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

/// The variant name of a typed error body for an error status (`404` → `NotFound`).
pub(super) fn error_status_name(status: &str) -> RustName {
    naming::fixed(match status {
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "402" => "PaymentRequired",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "408" => "RequestTimeout",
        "409" => "Conflict",
        "410" => "Gone",
        "412" => "PreconditionFailed",
        "413" => "PayloadTooLarge",
        "415" => "UnsupportedMediaType",
        "422" => "UnprocessableEntity",
        "429" => "TooManyRequests",
        "500" => "InternalServerError",
        "501" => "NotImplemented",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        "4XX" => "ClientError",
        "5XX" => "ServerError",
        "default" => "Other",
        other => return naming::fixed(&format!("Status{other}")),
    })
}

/// The variant name for a success status (`200` → `Ok`).
pub(super) fn status_name(code: u16) -> RustName {
    naming::fixed(match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritative",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        other => return naming::fixed(&format!("Status{other}")),
    })
}

/// The model's parts of a path template.
pub(super) fn path_parts(path: &str) -> Vec<PathPart> {
    PathTemplate::parse(path)
        .segments
        .iter()
        .map(|s| match s {
            openapi::template::Segment::Literal(text) => PathPart::Literal(text.to_string()),
            openapi::template::Segment::Param(name) => PathPart::Param(name.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{test_api, type_named};

    const OP: &str = "paths:\n  /items/{id}:\n    parameters:\n      - {name: id, in: path, required: true, schema: {type: string}, description: item level}\n    get:\n      operationId: getItem\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n        - {name: view, in: query, schema: {type: string, enum: [full, brief]}}\n      responses:\n        '200': {description: found, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}\n        '202': {description: pending}\n        '404': {description: missing, content: {application/json: {schema: {type: object, properties: {reason: {type: string}}}}}}\n        default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}\ncomponents:\n  schemas:\n    Error: {type: object, properties: {message: {type: string}}}\n";

    #[test]
    fn parameters_responses_and_errors() {
        let (api, _) = test_api(OP).unwrap();
        let op = &api.operations[0];
        assert_eq!((op.fn_name.as_str(), op.builder_name.as_str(), op.module.as_str()), ("get_item", "GetItem", "general"));
        let params: Vec<_> = op.params.iter().map(|p| (p.rust_name.as_str(), p.location, p.ty.clone())).collect();
        assert_eq!(
            params,
            [("id", ParamLocation::Path, TypeRef::I64), ("view", ParamLocation::Query, TypeRef::Named(naming::fixed("GetItemView")))],
            "the operation's `id` overrides the path item's"
        );
        // Two success statuses with different bodies: an outcome by status.
        assert!(op.response.outcome);
        let TypeRef::Named(outcome) = op.response.ty.as_ref().unwrap() else { panic!() };
        let TypeKind::Outcome { variants } = &type_named(&api, outcome.as_str()).kind else { panic!() };
        assert_eq!(
            variants.iter().map(|v| (v.name.as_str(), v.status, v.ty.is_some())).collect::<Vec<_>>(),
            [("Ok", 200, true), ("Accepted", 202, false)]
        );
        // The `default` body is the crate's error body; the 404 one differs, so it is listed.
        assert_eq!(api.error_body, Some(TypeRef::Named(naming::fixed("ErrorBody"))), "not `Error`, beside `crate::Error`");
        assert_eq!(op.errors.iter().map(|e| e.status.as_str()).collect::<Vec<_>>(), ["404", "default"]);
    }

    #[test]
    fn operations_without_error_bodies_do_not_veto_the_shared_one() {
        let op =
            |id: &str, errors: &str| format!("    {id}:\n      operationId: {id}\n      responses:\n        '200': {{description: ok}}\n{errors}");
        let problem = "        '404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n";
        let other = "        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Other'}}}}\n";
        let schemas = "components:\n  schemas:\n    Problem: {type: object, properties: {code: {type: string}}}\n    Other: {type: object, properties: {why: {type: string}}}\n";
        let spec = |ops: &[String]| format!("paths:\n  /a:\n{}{schemas}", ops.concat());
        let problem_type = Some(TypeRef::Named(naming::fixed("Problem")));
        // Two document none (`get`, `put`); the two that document one agree.
        let (api, _) = test_api(&spec(&[op("get", ""), op("post", problem), op("put", ""), op("delete", problem)])).unwrap();
        assert_eq!(api.error_body, problem_type, "operations without an error body have no say");
        // Two documented bodies that differ: no shared type.
        let (api, _) = test_api(&spec(&[op("get", ""), op("post", problem), op("delete", other)])).unwrap();
        assert_eq!(api.error_body, None);
        // None documented at all: none shared.
        let (api, _) = test_api(&spec(&[op("get", ""), op("post", "")])).unwrap();
        assert_eq!(api.error_body, None);
    }

    #[test]
    fn a_body_that_is_a_component_written_inline_is_that_component() {
        // FastAPI's `Optional[Notes] = None`: the component, nullable, not required.
        let spec = "paths:\n  /a:\n    put:\n      operationId: setNotes\n      requestBody:\n        content:\n          application/json:\n            schema: {allOf: [{$ref: '#/components/schemas/Notes'}], nullable: true}\n      responses:\n        '200': {description: ok}\n    post:\n      operationId: addNote\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {text: {type: string}}}\n      responses:\n        '200': {description: ok}\ncomponents:\n  schemas:\n    Notes: {type: object, required: [text], properties: {text: {type: string}}}\n";
        let (api, _) = test_api(spec).unwrap();
        let body = api.operations[0].body.as_ref().unwrap();
        assert_eq!(
            (&body.ty, body.fields.is_none(), body.required),
            (&TypeRef::Named(naming::fixed("Notes")), true, false),
            "a whole body, which can be left out"
        );
        let body = api.operations[1].body.as_ref().unwrap();
        assert_eq!(body.fields.as_ref().map(|f| f.len()), Some(1), "an object written inline: its fields are the builder's");
    }

    #[test]
    fn the_items_of_a_json_lines_stream() {
        let op = |content: &str| {
            format!("paths:\n  /a:\n    get:\n      operationId: follow\n      responses:\n        '200':\n          description: ok\n          content:\n            application/x-ndjson: {content}\n")
        };
        // `x-item-schema`: one value's schema.
        let (api, warnings) = test_api(&op("{x-item-schema: {type: integer}}")).unwrap();
        assert!(api.operations[0].response.json_lines && warnings.is_empty());
        assert_eq!(api.operations[0].response.ty, Some(TypeRef::I64));
        // An array `schema`: the stream as a whole (OpenAPI 3.2's reading), its items the values.
        let (api, warnings) = test_api(&op("{schema: {type: array, items: {type: boolean}}}")).unwrap();
        assert_eq!((api.operations[0].response.ty.clone(), warnings.len()), (Some(TypeRef::Bool), 0));
        // Another `schema`: taken for one value's, with a warning.
        let (api, warnings) = test_api(&op("{schema: {type: string}}")).unwrap();
        assert_eq!(api.operations[0].response.ty, Some(TypeRef::String));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].location.pointer, "/paths/~1a/get/responses/200/content/application~1x-ndjson/schema");
        // Neither: any JSON.
        let (api, _) = test_api(&op("{}")).unwrap();
        assert_eq!(api.operations[0].response.ty, Some(TypeRef::Json));
    }

    #[test]
    fn media_types() {
        assert_eq!(media_of("application/json; charset=utf-8"), Media::Json);
        assert_eq!(media_of("application/vnd.api+json"), Media::Json);
        assert_eq!(media_of("application/x-www-form-urlencoded"), Media::Form);
        assert_eq!(media_of("multipart/form-data"), Media::Multipart(Vec::new()));
        assert_eq!(media_of("text/csv"), Media::Text("text/csv".into()));
        assert_eq!(media_of("application/octet-stream"), Media::Bytes("application/octet-stream".into()));
        assert_eq!(status_name(204), "NoContent");
        assert_eq!(status_name(299), "Status299");
    }
}
