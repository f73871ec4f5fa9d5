//! Documents built from structure, not bytes: load, check, model, emit and format must never
//! panic, overflow the stack or hang, and a document the pipeline accepts must give a crate whose
//! files all parse as Rust (an unparsable file is an internal error, which is a finding too).
//!
//! libFuzzer's bytes drive [`arbitrary`] to build a [`Doc`]: schemas nested deeply (a `Deep`
//! node stands for hundreds of levels), recursive and mutually recursive through `allOf`, `oneOf`,
//! `anyOf`, `items`, properties and `additionalProperties`; names drawn from Rust keywords of
//! every edition, symbols, digits, non-ASCII text, the empty string and names that collide after
//! case conversion; references into every part of a document (components of every kind, properties
//! of a schema, inline schemas under `#/paths/...`, percent-encoded fragments, dangling pointers);
//! several security schemes of one kind, server variables, parameters of every location, and path
//! templates with variables no parameter declares. The document is written as JSON and run through
//! `generator::Generator::generate`.

#![no_main]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};
use generator::CrateSettings;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

fn settings() -> CrateSettings {
    CrateSettings {
        name: "fuzz-client".into(),
        version: "0.1.0".into(),
        license: "MIT OR Apache-2.0".into(),
        spec_display: "fuzz.json".into(),
        examples: Vec::new(),
        modules: Vec::new(),
        dependencies: Vec::new(),
        module: None,
        selection: Default::default(),
    }
}

/// Every keyword of Rust 2015 to 2024 (strict, reserved and weak), the names generated code
/// uses, and names that are not identifiers at all.
const HARD_NAMES: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
    "union", "macro_rules", "'static", "raw", "safe", "_", "__", "r#type", "r#", "", "0", "123", "1st", "+", "-",
    ">=", "$", "@id", "#", "%7B%7D", "{}", "/", "~", "~1", "~0", "a/b", "a~b", "café", "日本", "🦀", " ", "a b",
    "Option", "Some", "None", "String", "Vec", "Box", "Result", "Ok", "Err", "Error", "ApiError", "Client",
    "ClientBuilder", "Request", "Response", "UnknownValue", "ErrorBody", "Default", "Send", "Sync", "Into",
    "std", "core", "serde", "reqwest", "types", "operations", "general", "client", "request", "error", "new",
    "build", "send", "base_url", "builder", "api_key", "bearer_token", "fooBar", "foo_bar", "FooBar", "FOO_BAR",
    "foo-bar", "foo.bar", "Foo Bar", "fooBar2", "foo_bar_2", "value", "Value", "body", "query", "path", "header",
];

/// A name: mostly hard ones, sometimes free text.
#[derive(Debug, Clone)]
struct Name(String);

impl<'a> Arbitrary<'a> for Name {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Name(match u.int_in_range(0..=9u8)? {
            0 => String::arbitrary(u)?.chars().take(12).collect(),
            1 => format!("{}{}", u.choose(HARD_NAMES)?, u.choose(HARD_NAMES)?),
            _ => u.choose(HARD_NAMES)?.to_string(),
        }))
    }
}

/// Where a reference points.
#[derive(Debug, Arbitrary)]
enum Target {
    Schema(u8),
    SchemaProperty(u8, u8),
    SchemaItems(u8),
    PathSchema(u8),
    Response(u8),
    Parameter(u8),
    RequestBody(u8),
    Header(u8),
    Root,
    Dangling(Name),
}

#[derive(Debug, Arbitrary)]
enum Primitive {
    String,
    Integer,
    Number,
    Boolean,
    Date,
    Binary,
    Nothing,
    WrongType,
}

#[derive(Debug, Arbitrary)]
enum Schema {
    Prim(Primitive, bool),
    Ref(Target, bool),
    Object(Vec<(Name, Schema)>, Vec<u8>, Option<Box<Schema>>),
    Array(Box<Schema>),
    AllOf(Vec<Schema>),
    OneOf(Vec<Schema>, bool),
    AnyOf(Vec<Schema>),
    Enum(Vec<Name>, bool),
    IntEnum(Vec<i8>),
    /// `depth` levels of one kind of nesting around `inner`.
    Deep(u16, u8, Box<Schema>),
}

#[derive(Debug, Arbitrary)]
enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Arbitrary)]
struct Parameter {
    name: Name,
    location: Location,
    required: bool,
    schema: Option<Schema>,
    by_ref: Option<u8>,
}

#[derive(Debug, Arbitrary)]
struct Operation {
    method: u8,
    id: Option<Name>,
    tag: Option<Name>,
    parameters: Vec<Parameter>,
    body: Option<(Option<Schema>, u8, bool)>,
    responses: Vec<(u16, Option<Schema>, Option<u8>)>,
    security: Vec<u8>,
}

#[derive(Debug, Arbitrary)]
struct PathItem {
    segments: Vec<(Name, bool)>,
    parameters: Vec<Parameter>,
    operations: Vec<Operation>,
}

#[derive(Debug, Arbitrary)]
enum Security {
    ApiKey(Name, Location),
    Bearer,
    Basic,
    OAuth,
}

#[derive(Debug, Arbitrary)]
struct Doc {
    version: u8,
    info_version_number: bool,
    servers: Vec<(Name, Vec<(Name, Name)>)>,
    schemas: Vec<(Name, Schema)>,
    responses: Vec<(Name, Option<Schema>)>,
    parameters: Vec<(Name, Parameter)>,
    bodies: Vec<(Name, Schema)>,
    headers: Vec<(Name, Schema)>,
    security: Vec<(Name, Security)>,
    paths: Vec<PathItem>,
}

/// Writes the document as JSON, remembering every name so that references can find them.
struct Writer<'d> {
    doc: &'d Doc,
    percent: bool,
}

fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn encode(token: &str, percent: bool) -> String {
    if !percent {
        return token.replace('%', "%25").replace(' ', "%20").replace('{', "{").replace('}', "}");
    }
    let mut out = String::new();
    for b in token.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Writer<'_> {
    fn pick<'n, T>(list: &'n [(Name, T)], i: u8) -> Option<&'n (Name, T)> {
        (!list.is_empty()).then(|| &list[i as usize % list.len()])
    }

    fn path_template(&self, item: &PathItem) -> String {
        let mut path = String::new();
        for (name, variable) in &item.segments {
            path.push('/');
            if *variable {
                path.push('{');
                path.push_str(&name.0);
                path.push('}');
            } else {
                path.push_str(&name.0);
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }

    fn pointer(&self, target: &Target) -> String {
        let d = self.doc;
        let p = |tokens: &[&str]| -> String {
            let mut s = String::from("#");
            for t in tokens {
                s.push('/');
                s.push_str(&encode(&token(t), self.percent));
            }
            s
        };
        let none = || "#/components/schemas/Missing".to_string();
        match target {
            Target::Schema(i) => Self::pick(&d.schemas, *i).map_or_else(none, |(n, _)| p(&["components", "schemas", &n.0])),
            Target::SchemaProperty(i, j) => Self::pick(&d.schemas, *i).map_or_else(none, |(n, s)| match s {
                Schema::Object(props, ..) if !props.is_empty() => {
                    p(&["components", "schemas", &n.0, "properties", &props[*j as usize % props.len()].0 .0])
                }
                _ => p(&["components", "schemas", &n.0, "properties", "x"]),
            }),
            Target::SchemaItems(i) => {
                Self::pick(&d.schemas, *i).map_or_else(none, |(n, _)| p(&["components", "schemas", &n.0, "items"]))
            }
            Target::PathSchema(i) => {
                if d.paths.is_empty() {
                    return none();
                }
                let item = &d.paths[*i as usize % d.paths.len()];
                let path = self.path_template(item);
                let method = item.operations.first().map_or("get", |o| method(o.method));
                p(&["paths", &path, method, "responses", "200", "content", "application/json", "schema"])
            }
            Target::Response(i) => Self::pick(&d.responses, *i).map_or_else(none, |(n, _)| p(&["components", "responses", &n.0])),
            Target::Parameter(i) => {
                Self::pick(&d.parameters, *i).map_or_else(none, |(n, _)| p(&["components", "parameters", &n.0]))
            }
            Target::RequestBody(i) => {
                Self::pick(&d.bodies, *i).map_or_else(none, |(n, _)| p(&["components", "requestBodies", &n.0]))
            }
            Target::Header(i) => Self::pick(&d.headers, *i).map_or_else(none, |(n, _)| p(&["components", "headers", &n.0])),
            Target::Root => "#".into(),
            Target::Dangling(n) => p(&["components", "schemas", &n.0, "properties", "nowhere"]),
        }
    }

    fn schema(&self, schema: &Schema, budget: &mut u32) -> Value {
        if *budget == 0 {
            return json!({"type": "string"});
        }
        *budget -= 1;
        match schema {
            Schema::Prim(p, nullable) => {
                let mut v = match p {
                    Primitive::String => json!({"type": "string"}),
                    Primitive::Integer => json!({"type": "integer", "format": "int64"}),
                    Primitive::Number => json!({"type": "number"}),
                    Primitive::Boolean => json!({"type": "boolean"}),
                    Primitive::Date => json!({"type": "string", "format": "date-time"}),
                    Primitive::Binary => json!({"type": "string", "format": "binary"}),
                    Primitive::Nothing => json!({}),
                    Primitive::WrongType => json!({"type": "string", "maxLength": "ten", "enum": [1, "a"]}),
                };
                if *nullable {
                    v["nullable"] = json!(true);
                }
                v
            }
            // With a sibling, which OpenAPI 3.0 readers must ignore.
            Schema::Ref(t, true) => json!({"$ref": self.pointer(t), "description": "ignored"}),
            Schema::Ref(t, false) => json!({"$ref": self.pointer(t)}),
            Schema::Object(props, required, extra) => {
                let mut map = Map::new();
                for (n, s) in props {
                    map.insert(n.0.clone(), self.schema(s, budget));
                }
                let req: Vec<Value> = required
                    .iter()
                    .filter(|_| !props.is_empty())
                    .map(|i| json!(props[*i as usize % props.len()].0 .0))
                    .collect();
                let mut v = json!({"type": "object", "properties": map});
                if !req.is_empty() {
                    v["required"] = Value::Array(req);
                }
                if let Some(extra) = extra {
                    v["additionalProperties"] = self.schema(extra, budget);
                }
                v
            }
            Schema::Array(items) => json!({"type": "array", "items": self.schema(items, budget)}),
            Schema::AllOf(list) => json!({"allOf": list.iter().map(|s| self.schema(s, budget)).collect::<Vec<_>>()}),
            Schema::OneOf(list, discriminated) => {
                let mut v = json!({"oneOf": list.iter().map(|s| self.schema(s, budget)).collect::<Vec<_>>()});
                if *discriminated {
                    v["discriminator"] = json!({"propertyName": "kind"});
                }
                v
            }
            Schema::AnyOf(list) => json!({"anyOf": list.iter().map(|s| self.schema(s, budget)).collect::<Vec<_>>()}),
            Schema::Enum(values, nullable) => {
                let mut v = json!({"type": "string", "enum": values.iter().map(|n| json!(n.0)).collect::<Vec<_>>()});
                if *nullable {
                    v["nullable"] = json!(true);
                }
                v
            }
            Schema::IntEnum(values) => json!({"type": "integer", "enum": values}),
            Schema::Deep(depth, kind, inner) => {
                let mut v = self.schema(inner, budget);
                for level in 0..(*depth % 70) {
                    v = match kind % 5 {
                        0 => json!({"type": "array", "items": v}),
                        1 => json!({"type": "object", "properties": {"next": v}}),
                        2 => json!({"allOf": [v]}),
                        3 => json!({"oneOf": [v, {"type": "string"}]}),
                        _ => json!({"type": "object", "additionalProperties": v, "description": level}),
                    };
                }
                v
            }
        }
    }

    fn parameter(&self, p: &Parameter, budget: &mut u32) -> Value {
        if let Some(i) = p.by_ref {
            if !self.doc.parameters.is_empty() {
                return json!({"$ref": self.pointer(&Target::Parameter(i))});
            }
        }
        let location = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        };
        let mut v = json!({"name": p.name.0, "in": location});
        if p.required || matches!(p.location, Location::Path) {
            v["required"] = json!(true);
        }
        if let Some(s) = &p.schema {
            v["schema"] = self.schema(s, budget);
        } else {
            v["schema"] = json!({"type": "string"});
        }
        v
    }

    fn document(&self) -> Value {
        let d = self.doc;
        let mut budget = 4000u32;
        let mut schemas = Map::new();
        for (n, s) in &d.schemas {
            schemas.insert(n.0.clone(), self.schema(s, &mut budget));
        }
        let mut responses = Map::new();
        for (n, s) in &d.responses {
            let mut r = json!({"description": "a response"});
            if let Some(s) = s {
                r["content"] = json!({"application/json": {"schema": self.schema(s, &mut budget)}});
            }
            responses.insert(n.0.clone(), r);
        }
        let mut parameters = Map::new();
        for (n, p) in &d.parameters {
            let mut p = self.parameter(&Parameter { by_ref: None, ..clone_parameter(p) }, &mut budget);
            if p.get("name").is_none() {
                p["name"] = json!(n.0);
            }
            parameters.insert(n.0.clone(), p);
        }
        let mut bodies = Map::new();
        for (n, s) in &d.bodies {
            bodies.insert(n.0.clone(), json!({"content": {"application/json": {"schema": self.schema(s, &mut budget)}}}));
        }
        let mut headers = Map::new();
        for (n, s) in &d.headers {
            headers.insert(n.0.clone(), json!({"schema": self.schema(s, &mut budget)}));
        }
        let mut security = Map::new();
        for (n, s) in &d.security {
            let v = match s {
                Security::ApiKey(name, location) => {
                    let at = match location {
                        Location::Query => "query",
                        Location::Cookie => "cookie",
                        _ => "header",
                    };
                    json!({"type": "apiKey", "name": name.0, "in": at})
                }
                Security::Bearer => json!({"type": "http", "scheme": "bearer"}),
                Security::Basic => json!({"type": "http", "scheme": "basic"}),
                Security::OAuth => json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://x/token", "scopes": {}}}}),
            };
            security.insert(n.0.clone(), v);
        }
        let mut paths = Map::new();
        for item in &d.paths {
            let mut path_item = Map::new();
            if !item.parameters.is_empty() {
                path_item.insert(
                    "parameters".into(),
                    Value::Array(item.parameters.iter().map(|p| self.parameter(p, &mut budget)).collect()),
                );
            }
            for op in &item.operations {
                let mut o = Map::new();
                if let Some(id) = &op.id {
                    o.insert("operationId".into(), json!(id.0));
                }
                if let Some(tag) = &op.tag {
                    o.insert("tags".into(), json!([tag.0]));
                }
                if !op.parameters.is_empty() {
                    o.insert(
                        "parameters".into(),
                        Value::Array(op.parameters.iter().map(|p| self.parameter(p, &mut budget)).collect()),
                    );
                }
                if let Some((schema, kind, by_ref)) = &op.body {
                    let body = if *by_ref && !d.bodies.is_empty() {
                        json!({"$ref": self.pointer(&Target::RequestBody(*kind))})
                    } else {
                        match schema {
                            None => json!({"content": {}}),
                            Some(s) => {
                                let media = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/octet-stream", "text/plain"][*kind as usize % 5];
                                json!({"required": kind % 2 == 0, "content": {media: {"schema": self.schema(s, &mut budget)}}})
                            }
                        }
                    };
                    o.insert("requestBody".into(), body);
                }
                let mut rs = Map::new();
                for (status, schema, by_ref) in &op.responses {
                    let code = match status % 7 {
                        0 => "default".to_string(),
                        1 => "2XX".to_string(),
                        _ => (100 + status % 500).to_string(),
                    };
                    let r = match (by_ref, schema) {
                        (Some(i), _) if !d.responses.is_empty() => json!({"$ref": self.pointer(&Target::Response(*i))}),
                        (_, Some(s)) => json!({"description": "r", "content": {"application/json": {"schema": self.schema(s, &mut budget)}}}),
                        _ => json!({"description": "r"}),
                    };
                    rs.insert(code, r);
                }
                if rs.is_empty() {
                    rs.insert("200".into(), json!({"description": "ok"}));
                }
                o.insert("responses".into(), Value::Object(rs));
                if !op.security.is_empty() && !d.security.is_empty() {
                    let reqs: Vec<Value> = op
                        .security
                        .iter()
                        .map(|i| json!({ d.security[*i as usize % d.security.len()].0 .0.clone(): [] }))
                        .collect();
                    o.insert("security".into(), Value::Array(reqs));
                }
                path_item.insert(method(op.method).into(), Value::Object(o));
            }
            paths.insert(self.path_template(item), Value::Object(path_item));
        }
        let servers: Vec<Value> = d
            .servers
            .iter()
            .map(|(url, vars)| {
                let mut u = String::from("https://api.example.com");
                let mut variables = Map::new();
                for (name, default) in vars {
                    u.push_str(&format!("/{{{}}}", name.0));
                    variables.insert(name.0.clone(), json!({"default": default.0}));
                }
                u.push_str(&url.0);
                json!({"url": u, "variables": variables})
            })
            .collect();
        let version = if d.info_version_number { json!(1.0) } else { json!("1.0.0") };
        let openapi = ["3.0.3", "3.0.0", "3.1.0", "3.0"][d.version as usize % 4];
        json!({
            "openapi": openapi,
            "info": {"title": "Fuzz", "version": version},
            "servers": servers,
            "paths": paths,
            "components": {
                "schemas": schemas,
                "responses": responses,
                "parameters": parameters,
                "requestBodies": bodies,
                "headers": headers,
                "securitySchemes": security,
            },
        })
    }
}

fn clone_parameter(p: &Parameter) -> Parameter {
    // The schema is rebuilt from the same bytes nowhere else, so a component parameter has a string schema.
    Parameter {
        name: p.name.clone(),
        location: match p.location {
            Location::Path => Location::Path,
            Location::Query => Location::Query,
            Location::Header => Location::Header,
            Location::Cookie => Location::Cookie,
        },
        required: p.required,
        schema: None,
        by_ref: None,
    }
}

fn method(m: u8) -> &'static str {
    ["get", "put", "post", "delete", "patch", "head", "options", "trace"][m as usize % 8]
}

/// The first name defined twice in one namespace: items of a module (types and functions apart),
/// associated items of one type (all its `impl` blocks together), fields of a struct, variants of an enum.
fn duplicates(file: &str, items: &[syn::Item], associated: &mut BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    let mut types = BTreeSet::new();
    let mut values = BTreeSet::new();
    let once = |set: &mut BTreeSet<String>, name: String| if set.insert(name.clone()) { None } else { Some(name) };
    for item in items {
        let found = match item {
            syn::Item::Struct(s) => {
                let mut fields = BTreeSet::new();
                for f in s.fields.iter().filter_map(|f| f.ident.as_ref()) {
                    if let Some(d) = once(&mut fields, f.to_string()) {
                        return Some(format!("field {}::{d}", s.ident));
                    }
                }
                once(&mut types, s.ident.to_string())
            }
            syn::Item::Enum(e) => {
                let mut variants = BTreeSet::new();
                for v in &e.variants {
                    if let Some(d) = once(&mut variants, v.ident.to_string()) {
                        return Some(format!("variant {}::{d}", e.ident));
                    }
                }
                once(&mut types, e.ident.to_string())
            }
            syn::Item::Type(t) => once(&mut types, t.ident.to_string()),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    if let Some(d) = duplicates(&format!("{file}::{}", m.ident), inner, associated) {
                        return Some(format!("{}::{d}", m.ident));
                    }
                }
                once(&mut types, m.ident.to_string())
            }
            syn::Item::Fn(f) => once(&mut values, f.sig.ident.to_string()),
            syn::Item::Const(c) => once(&mut values, c.ident.to_string()),
            syn::Item::Impl(i) if i.trait_.is_none() => {
                // `crate::Client` in one file and `Client` in another are one type.
                let self_ty = quote::ToTokens::to_token_stream(&i.self_ty).to_string();
                let self_ty = self_ty.rsplit("::").next().unwrap_or_default().trim().to_string();
                // `Client` and `ClientBuilder` are extended in every file; other types are local.
                let key = if matches!(self_ty.as_str(), "Client" | "ClientBuilder") { self_ty.clone() } else { format!("{file}::{self_ty}") };
                let set = associated.entry(key).or_default();
                for item in &i.items {
                    let name = match item {
                        syn::ImplItem::Fn(f) => f.sig.ident.to_string(),
                        syn::ImplItem::Const(c) => c.ident.to_string(),
                        _ => continue,
                    };
                    if !set.insert(name.clone()) {
                        return Some(format!("{self_ty}::{name}"));
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(name) = found {
            return Some(name);
        }
    }
    None
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(doc) = Doc::arbitrary(&mut u) else { return };
    let percent = data.first().is_some_and(|b| b & 1 == 1);
    let text = serde_json::to_string_pretty(&Writer { doc: &doc, percent }.document()).expect("a JSON value prints");
    // To see the document an input makes (a slow one, say): `FUZZ_DUMP=doc.json cargo fuzz run ... <input>`.
    if let Some(dump) = std::env::var_os("FUZZ_DUMP") {
        let _ = std::fs::write(dump, &text);
    }
    let settings = settings();
    let read = |path: &Path| -> std::io::Result<(PathBuf, String)> {
        match path.to_str() {
            Some("fuzz.json") => Ok((path.to_path_buf(), text.clone())),
            _ => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "not served")),
        }
    };
    match generator::Generator::new(&settings).generate(generator::Spec::text(Path::new("fuzz.json"), text.clone()).read_with(&read)) {
        Ok(generated) => {
            let mut associated = BTreeMap::new();
            for (path, source) in &generated.files {
                if path.ends_with(".rs") {
                    let file = syn::parse_file(source).unwrap_or_else(|e| panic!("{path} does not parse: {e}\n--- spec ---\n{text}"));
                    if let Some(duplicate) = duplicates(path, &file.items, &mut associated) {
                        panic!("{path}: {duplicate} is defined twice\n--- spec ---\n{text}");
                    }
                }
            }
        }
        Err(diagnostics) => {
            let message = diagnostics.to_string();
            // An internal error: the generator made code it could not read back.
            if message.contains("does not parse") || message.contains("internal error") {
                panic!("internal error: {message}\n--- spec ---\n{text}");
            }
        }
    }
});
