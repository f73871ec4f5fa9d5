//! Stage 3, model: the API as the generated crate sees it, free of `openapiv3` and of tokens.
//!
//! [`build`] turns a checked document into an [`Api`]: every name is already a Rust identifier
//! (a [`RustName`], see [`crate::naming`]), every inline schema has become a named [`TypeDef`], and every operation
//! knows its parameters, body and response. The emitters read only this.

mod build;

pub use build::{build, build_freeing_paths};

use crate::naming::RustName;

/// The whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`, as written.
    pub version: String,
    /// The first server's URL, the client's default base URL: a template when the server has
    /// variables (`https://chat.example.com/{webhookId}`), its `{name}`s filled at `build()`.
    pub base_url: Option<String>,
    /// The first server's variables, in document order: each a `ClientBuilder` setter.
    pub server_variables: Vec<ServerVariable>,
    /// How the client authenticates, from `components/securitySchemes`.
    pub auth: Vec<Auth>,
    /// The identity headers: headers set once on the client (`x-client-setting`) and sent with
    /// every call.
    pub identity_headers: Vec<IdentityHeader>,
    /// Every named type, in document order.
    pub types: Vec<TypeDef>,
    /// Each component schema (its key under `components/schemas`) and the type made for it, in
    /// document order.
    pub components: Vec<(String, RustName)>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// The type of the error body every operation shares, if they share one.
    pub error_body: Option<TypeRef>,
    /// The operationIds are FastAPI's defaults (`{function}_{path}_{method}`): methods and
    /// builders are named after the function, the operationId kept as a doc alias.
    pub fastapi_operation_ids: bool,
    /// Every `DELETE` without a request body sends `{}` as JSON (`x-json-body-on-delete`).
    pub json_body_on_delete: bool,
    /// The JSON pointer of the status an error carries in a success answer's body
    /// (`x-error-status-in-body`): such a body, with an integer from 400 to 599 there, is the
    /// API's error with that status.
    pub error_status_in_body: Option<String>,
    /// The environment variables `from_env` reads (`x-env`).
    pub env: EnvVars,
    /// The requests the API sends to its users' servers (`webhooks`, `x-webhooks`), in document
    /// order: the variants of the generated `webhooks::Event`.
    pub webhooks: Vec<Webhook>,
}

/// A webhook: a request the API sends (OpenAPI 3.1's `webhooks`, GitHub's `x-webhooks` in 3.0),
/// received by the generated `webhooks::Event::parse`.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its key as written (`issues-opened`, `newPet`).
    pub name: String,
    /// The variant of `webhooks::Event` that holds it (`IssuesOpened`).
    pub variant: RustName,
    /// The method it is sent with (`POST`).
    pub method: Method,
    /// The type of its JSON body (any JSON when it documents none).
    pub payload: TypeRef,
    /// Documentation: the operation's summary and description.
    pub doc: Option<String>,
    /// How a request is known to be this webhook's.
    pub recognition: Recognition,
}

/// How a received request is told to be a webhook's, in order: a header the webhook declares
/// with one value (`X-GitHub-Event: issues`), then what its payload fixes (a union branch's
/// [`Guard`]s: `action: opened`, `type: invoice.paid`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recognition {
    /// The header and its value (`X-GitHub-Event`, `issues`): a `const` or one-value `enum` of the
    /// header's schema, else, for a header named like an event's (`...Event...`), its example.
    pub header: Option<(String, String)>,
    /// The payload's properties fixed to a value (`action`, `type`), as a union branch's.
    pub guards: Vec<Guard>,
}

impl Api {
    /// The server URL when it is relative (`/api`, what FastAPI writes behind a `root_path`): a
    /// path under the origin the caller gives `ClientBuilder::base_url`, with no default origin.
    /// As documentation writes it after an origin: `/api` for `/api/`, `api` or `./api`.
    pub fn relative_base_url(&self) -> Option<String> {
        let url = self.base_url.as_deref().filter(|url| !url.is_empty())?;
        let scheme = url.split_once(':').map(|(scheme, _)| scheme);
        let absolute = scheme.is_some_and(|s| {
            s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        let path = url.trim_start_matches('.').trim_matches('/');
        (!absolute).then(|| if path.is_empty() { String::new() } else { format!("/{path}") })
    }
}

/// Which environment variable feeds which setting of the client (`x-env`), for `from_env`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvVars {
    /// The variable holding the base URL (`x-env` on the first server, or at the root).
    pub base_url: Option<String>,
    /// The variable holding each scheme's credentials (`x-env` on a security scheme).
    pub auth: Vec<(Auth, String)>,
    /// The variable holding an identity header's value (`x-env` on an `x-client-setting`
    /// parameter): the header's wire name, the variable.
    pub identity_headers: Vec<(String, String)>,
}

impl EnvVars {
    /// Whether the spec names no variable.
    pub fn is_empty(&self) -> bool {
        self.base_url.is_none() && self.auth.is_empty() && self.identity_headers.is_empty()
    }
}

/// An authentication scheme the client offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
    /// An API key in a header.
    ApiKeyHeader {
        /// Header name.
        header: String,
        /// The `ClientBuilder` method that sets it (`api_key`, or a name of its own when the
        /// spec has several: [`naming::auth_method`](crate::naming::auth_method)).
        method: RustName,
    },
    /// An API key in the query string.
    ApiKeyQuery {
        /// Parameter name.
        param: String,
        /// The `ClientBuilder` method that sets it (`api_key_query`, or a name of its own).
        method: RustName,
    },
    /// OAuth2's `clientCredentials` flow: the client fetches a bearer token from `token_url`
    /// with a client id and secret, caches it and refreshes it (runtime `oauth.rs`).
    OAuth2ClientCredentials {
        /// The flow's `tokenUrl`, as written (it may be relative to the server URL).
        token_url: String,
        /// The flow's scopes: name and description.
        scopes: Vec<(String, String)>,
    },
}

/// A variable of the server URL (`{webhookId}`), set once on the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    /// Its name in the URL template (`webhookId`).
    pub name: String,
    /// Rust name of the setter (`webhook_id`).
    pub rust_name: RustName,
    /// The value used when the caller sets none; `None` (an empty `default` in the spec) means
    /// the caller must set it.
    pub default: Option<String>,
    /// The values allowed (the spec's `enum`); empty when any value is.
    pub allowed: Vec<String>,
    /// Documentation.
    pub doc: Option<String>,
}

impl Auth {
    /// The `ClientBuilder` method that sets it.
    pub fn method(&self) -> RustName {
        match self {
            Auth::Bearer => crate::naming::fixed("bearer_token"),
            Auth::Basic => crate::naming::fixed("basic_auth"),
            Auth::ApiKeyHeader { method, .. } | Auth::ApiKeyQuery { method, .. } => method.clone(),
            Auth::OAuth2ClientCredentials { .. } => crate::naming::fixed("client_credentials"),
        }
    }
}

/// A header the client sends on every call that declares it, set once on the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityHeader {
    /// Header name on the wire (`x-bot-id`).
    pub header: String,
    /// Rust name of the setter (`bot_id`).
    pub rust_name: RustName,
    /// Documentation.
    pub doc: Option<String>,
    /// A credential (`x-sensitive: true`): its value is never printed.
    pub sensitive: bool,
    /// Sent only with the operations that declare the header (`x-only-where-declared: true`),
    /// not with every call.
    pub only_where_declared: bool,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name (`User`).
    pub name: RustName,
    /// Documentation.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of named fields.
    Struct {
        /// Fields, in document order.
        fields: Vec<Field>,
        /// `additionalProperties`: other keys are kept in a flattened map of this type.
        additional: Option<TypeRef>,
    },
    /// A string enum; unknown values decode into a catch-all variant.
    Enum {
        /// Variants, in document order.
        variants: Vec<Variant>,
    },
    /// Another name for a type (`Tags = BTreeMap<String, String>`).
    Alias(TypeRef),
    /// One of several shapes (`oneOf`/`anyOf`). A value is decoded into the first branch whose
    /// [`Guard`]s it passes and that keeps all of it (decoded and encoded again, the same JSON);
    /// else the passing branch that keeps the most of its keys; else `Unrecognized`.
    Union {
        /// The branches, in document order.
        variants: Vec<UnionVariant>,
        /// The property whose value names the branch: the `discriminator`'s, or a property every
        /// branch fixes to a value of its own (a `const` or one-value `enum`).
        tag: Option<String>,
    },
    /// The outcomes of an operation with several success statuses, chosen by status.
    Outcome {
        /// One a success status, in document order.
        variants: Vec<OutcomeVariant>,
    },
}

impl TypeDef {
    /// Every type this definition names directly, with the part of it that names it, in order:
    /// the one walk of the type graph's edges that the walks over it share (what a type reaches,
    /// where each type is used, which fields make a cycle).
    pub fn refs(&self) -> Vec<TypeUse<'_>> {
        match &self.kind {
            TypeKind::Struct { fields, additional } => fields
                .iter()
                .map(|f| TypeUse { ty: &f.ty, part: Part::Field(f) })
                .chain(additional.iter().map(|ty| TypeUse { ty, part: Part::Additional }))
                .collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|v| TypeUse { ty: &v.ty, part: Part::Branch }).collect(),
            TypeKind::Alias(ty) => vec![TypeUse { ty, part: Part::Alias }],
            TypeKind::Outcome { variants } => variants.iter().filter_map(|v| v.ty.as_ref()).map(|ty| TypeUse { ty, part: Part::Outcome }).collect(),
            TypeKind::Enum { .. } => Vec::new(),
        }
    }
}

/// A type a [`TypeDef`] names, and where ([`TypeDef::refs`]).
#[derive(Debug, Clone, Copy)]
pub struct TypeUse<'a> {
    /// The type named.
    pub ty: &'a TypeRef,
    /// The part of the definition that names it.
    pub part: Part<'a>,
}

/// The part of a [`TypeDef`] that names a type.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// A struct's field.
    Field(&'a Field),
    /// A struct's `additionalProperties` (the values of its map of other keys).
    Additional,
    /// A union's branch.
    Branch,
    /// An alias's target.
    Alias,
    /// An outcome's body.
    Outcome,
}

/// A variant of a [`TypeKind::Outcome`]: one success status of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeVariant {
    /// The enum variant's name (`Created`).
    pub name: RustName,
    /// The status it answers.
    pub status: u16,
    /// Its body's type; `None`: no body.
    pub ty: Option<TypeRef>,
}

/// A branch of a [`TypeKind::Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The enum variant's name: the tag value, the referenced type, or the shape.
    pub name: RustName,
    /// The branch's type.
    pub ty: TypeRef,
    /// What a value must hold to be this branch (all of them).
    pub guards: Vec<Guard>,
    /// The tag value the union writes into the branch's object when encoding, where the branch's
    /// type does not write it itself (a `discriminator` property the branch schema leaves out).
    pub adds_tag: Option<String>,
}

/// A condition a value must meet to be decoded into a union's branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    /// The value is one of these strings (a string-enum branch: inside a union, its catch-all
    /// takes nothing).
    Strings(Vec<String>),
    /// The object's property `name` holds one of these strings; `required`: it must be there.
    Property {
        /// The property's wire name.
        name: String,
        /// The values that select the branch.
        values: Vec<String>,
        /// Whether a value without the property fails the guard.
        required: bool,
    },
    /// The object's property `name` is missing or holds none of `others`, the values that name
    /// the other branches: the branch a discriminator's `defaultMapping` (OpenAPI 3.2) names.
    Otherwise {
        /// The property's wire name.
        name: String,
        /// The values that select another branch.
        others: Vec<String>,
    },
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust name (may be a raw identifier).
    pub rust_name: RustName,
    /// Documentation.
    pub doc: Option<String>,
    /// Type, without the `Option` that `required` implies.
    pub ty: TypeRef,
    /// Whether the field must be present.
    pub required: bool,
    /// Whether `null` is a value of the field (`nullable: true`): a required nullable field is
    /// always sent, `null` when unset; an optional one can be left out, or sent as `null`.
    pub nullable: bool,
    /// Whether the field is deprecated.
    pub deprecated: bool,
    /// The one value the field can hold (a `const`, or an `enum` of one string): what tells a
    /// union's branches apart.
    pub constant: Option<String>,
    /// The value the constructor writes, never a setter or an argument, so that it is always
    /// sent: the `constant` of a required field, of one whose `default` is that value, or of a
    /// union branch's field (its tag).
    pub fixed: Option<String>,
}

/// An enum variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Value on the wire.
    pub wire: String,
    /// Rust name.
    pub rust_name: RustName,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32` (`format: uint32`, or `int32` with `minimum: 0`).
    U32,
    /// `u64` (`format: uint64`, or `int64` with `minimum: 0`).
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// A JSON object with any keys.
    JsonObject,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A named type of the crate.
    Named(RustName),
    /// `Box<T>`: a named type that contains itself.
    Boxed(Box<TypeRef>),
    /// Raw bytes (`format: binary` in a raw or multipart body).
    Bytes,
    /// `Option<T>`: a map value or array item that may be `null`.
    Nullable(Box<TypeRef>),
    /// The identifier of a resource, the named type (`x-id-of: User`): a string the compiler
    /// tells apart from other strings and from the ids of other resources (`Id<User>`).
    Id(RustName),
}

impl TypeRef {
    /// Whether the type is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, TypeRef::String)
    }
}

/// An HTTP method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
    /// QUERY (OpenAPI 3.2's `query`: a safe, idempotent request with a body).
    Query,
    /// Another method, as sent (OpenAPI 3.2's `additionalOperations`: `LINK`, `PURGE`).
    Other(String),
}

impl Method {
    /// Every method with a field of its own in a path item, in OpenAPI's order: the methods of
    /// `openapi::METHODS_3_2` (a test holds them to each other).
    pub const ALL: [Method; 9] =
        [Method::Get, Method::Put, Method::Post, Method::Delete, Method::Options, Method::Head, Method::Patch, Method::Trace, Method::Query];

    /// The method of a path item's key (`get`), or of its name on the wire (`GET`).
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(key))
    }

    /// The method of an `additionalOperations` key (as sent: `LINK`; `QUERY` is [`Method::Query`]).
    pub fn additional(key: &str) -> Method {
        match key {
            "QUERY" => Method::Query,
            other => Method::Other(other.to_string()),
        }
    }

    /// The method as written on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Query => "QUERY",
            Method::Other(method) => method,
        }
    }

    /// Whether `reqwest::Method` has a constant for it (`Method::GET`).
    pub fn is_standard(&self) -> bool {
        !matches!(self, Method::Query | Method::Other(_))
    }
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as written.
    pub id: String,
    /// Method name on the client (`create_user`).
    pub fn_name: RustName,
    /// Name of its request builder (`CreateUser`).
    pub builder_name: RustName,
    /// Module the builder lives in (from the first tag).
    pub module: RustName,
    /// HTTP method.
    pub method: Method,
    /// Path template as written (`/v1/chat/users/{id}`).
    pub path: String,
    /// Path template split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Whether it needs no credentials (`security: []`, its own or the document's): it is sent
    /// without the client's.
    pub anonymous: bool,
    /// Path, query and header parameters, in document order.
    pub params: Vec<Param>,
    /// The JSON request body.
    pub body: Option<Body>,
    /// The success response.
    pub response: Response,
    /// Its own error responses with a body, when they are not all the crate-wide error body
    /// ([`Api::error_body`]): the variants of its typed error enum.
    pub errors: Vec<ErrorResponse>,
    /// The name of its typed error enum (set when `errors` is not empty).
    pub error_type: Option<RustName>,
    /// The type of its error bodies (`default`'s, else the first error response's), even when
    /// `errors` is empty: a shared type an operation reaches only here is still the API's.
    pub error_body: Option<TypeRef>,
    /// The types defined for this operation alone (its inline schemas, its outcome enum), by
    /// name: they live in its module, next to its builder. Every other type is shared.
    pub types: Vec<RustName>,
    /// How to follow pages, for list operations.
    pub pagination: Option<Pagination>,
    /// How content is uploaded after the call (`x-upload`).
    pub upload: Option<Upload>,
}

/// An error response of an operation, with its body's type.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The status as written (`404`, `4XX`, `default`).
    pub status: String,
    /// The variant of the operation's error enum (`NotFound`).
    pub variant: RustName,
    /// The body's type.
    pub ty: TypeRef,
    /// The response's description.
    pub doc: Option<String>,
}

/// An operation that returns a URL to upload content to (`x-upload`).
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    /// Rust name of the body field set to the content's length in bytes.
    pub size_field: RustName,
    /// Type of that field.
    pub size_ty: TypeRef,
    /// Whether that field is required (else it is an `Option`).
    pub size_required: bool,
    /// The body field with the content's media type.
    pub content_type_field: Option<BodyField>,
    /// The fields leading from the response to the upload URL.
    pub url: Vec<FieldStep>,
    /// Headers sent with the upload when a boolean body field is `true`.
    pub headers_when: Vec<HeaderWhen>,
}

/// A field of an operation's inline request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyField {
    /// Its Rust name.
    pub field: RustName,
    /// Whether it is required (else it is an `Option`).
    pub required: bool,
}

/// A header the upload of an [`Upload`] sends when a boolean body field is `true`.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderWhen {
    /// The boolean body field.
    pub when: BodyField,
    /// The header's name, lower case.
    pub header: String,
    /// Its value.
    pub value: String,
}

/// A step down a path of struct fields from a response's body to a value in it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    /// The field's Rust name.
    pub field: RustName,
    /// Whether the field may be absent or null (an `Option`).
    pub optional: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The parameter of this wire name.
    Param(String),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How a parameter is written (`style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Query: `key=value`, arrays as repeated keys (`form`, `explode: true`).
    Form,
    /// Query: arrays joined by commas (`form`, `explode: false`).
    FormComma,
    /// Query: arrays joined by spaces (`spaceDelimited`).
    SpaceDelimited,
    /// Query: arrays joined by pipes (`pipeDelimited`).
    PipeDelimited,
    /// Query: objects as `key.sub=value` (`x-query-style: dot`).
    Dot,
    /// Query: objects as `key[sub]=value` (`deepObject`).
    DeepObject,
    /// Path and header: `simple` (`explode: false`).
    Simple,
    /// Path and header: `simple` with `explode: true`.
    SimpleExplode,
    /// Path: `label`.
    Label,
    /// Path: `label` with `explode: true`.
    LabelExplode,
    /// Path: `matrix`.
    Matrix,
    /// Path: `matrix` with `explode: true`.
    MatrixExplode,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust name of its argument or setter.
    pub rust_name: RustName,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the call needs it.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// Whether it is deprecated.
    pub deprecated: bool,
    /// How it is written in the query string.
    pub style: ParamStyle,
    /// An identity header (`x-client-setting`): set once on the client, sent with every call;
    /// the call may still override it.
    pub identity_header: bool,
}

/// How a body is written or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Media {
    /// JSON.
    Json,
    /// Raw bytes of this media type (`application/octet-stream`, `image/png`, ...).
    Bytes(String),
    /// Text of this media type (`text/plain`, `text/csv`, ...).
    Text(String),
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`; the fields with these Rust names are files (bytes).
    Multipart(Vec<RustName>),
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// How it is written.
    pub media: Media,
    /// Its type (for raw bodies: `bytes::Bytes` or `String`, see [`Media`]).
    pub ty: TypeRef,
    /// Whether the operation needs one.
    pub required: bool,
    /// Its documentation.
    pub doc: Option<String>,
    /// Set when the body is an object defined inline for this operation: its fields are the
    /// builder's arguments and setters.
    pub fields: Option<Vec<Field>>,
    /// The builder's name for each of `fields` (its field name, unless a parameter took it).
    pub setters: Vec<RustName>,
}

/// The success response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// How its body is read.
    pub media: Media,
    /// HTTP status.
    pub status: Option<u16>,
    /// Body type; `None` when there is no body.
    pub ty: Option<TypeRef>,
    /// Documentation.
    pub doc: Option<String>,
    /// Whether `ty` is an outcome enum chosen by status (several success statuses).
    pub outcome: bool,
    /// Whether the body is a stream of server-sent events (`text/event-stream`); `ty` is then
    /// the type of one event's `data` (the media type's `itemSchema`, `x-item-schema` before
    /// OpenAPI 3.2; any JSON without one).
    pub event_stream: bool,
    /// Whether the body is a stream of JSON values, one a line (`application/jsonl`,
    /// `application/x-ndjson`) or one a record (`application/json-seq`, `RS`-prefixed): `ty` is
    /// then the type of one item (the media type's `itemSchema` or `x-item-schema`; any JSON
    /// without one), and `media` the media type.
    pub json_lines: bool,
}

/// How a list operation pages (`x-pagination`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Wire name of the query parameter that carries the page token.
    pub token_param: String,
    /// Rust name of that parameter.
    pub token_rust_name: RustName,
    /// The fields leading from the response to the next page's token.
    pub next_token: Vec<FieldStep>,
    /// The fields leading from the response to the items.
    pub items: Vec<FieldStep>,
    /// Type of one item.
    pub item_ty: TypeRef,
}

#[cfg(test)]
mod tests {
    use super::Method;

    #[test]
    fn the_methods_of_a_path_item_are_openapis() {
        let ours: Vec<String> = Method::ALL.iter().map(|m| m.as_str().to_ascii_lowercase()).collect();
        assert_eq!(ours, crate::openapi::METHODS_3_2);
    }
}
