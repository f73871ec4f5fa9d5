//! Writes a synthetic OpenAPI 3.0 spec of `n` operations with matching schemas, shaped like the
//! Botpress spec: resources with CRUD operations, list operations with paging, shared components,
//! inline bodies, enums, maps and nested objects. Used by the benchmarks to show how generation
//! grows with the size of a spec.

// Not every bench (nor the examples that include this file) uses every document.
#![allow(dead_code)]

use std::fmt::Write as _;

/// A spec with `operations` operations (rounded up to a multiple of 5: five per resource).
pub fn spec(operations: usize) -> String {
    let resources = operations.div_ceil(5);
    let mut out = String::with_capacity(operations * 1_500);
    out.push_str("openapi: 3.0.3\ninfo:\n  title: Synthetic API\n  version: 1.0.0\n  description: A generated benchmark spec.\n");
    out.push_str("servers:\n  - url: https://api.example.com\nsecurity:\n  - bearer: []\npaths:\n");
    for r in 0..resources {
        collection_paths(&mut out, r);
        member_paths(&mut out, r);
    }
    out.push_str(
        r#"components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  parameters:
    tenant: {name: x-tenant-id, in: header, required: true, description: Tenant, x-client-setting: true, schema: {type: string}}
  responses:
    Error:
      description: An error
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
  schemas:
    Error:
      type: object
      required: [id, code, type, message]
      properties:
        id: {type: string, description: Error id}
        code: {type: integer, description: HTTP status}
        type: {type: string, description: Kind, enum: [Unknown, Internal, NotFound, Invalid]}
        message: {type: string, description: What happened}
    Tags:
      type: object
      description: Tags
      additionalProperties: {type: string}
    ListMeta:
      type: object
      properties:
        nextToken: {type: string, description: Next page}
"#,
    );
    for r in 0..resources {
        let _ = write!(
            out,
            r#"    Thing{r}Status:
      type: string
      description: Status of a Thing{r}
      enum: [pending, active, archived, failed]
    Thing{r}:
      type: object
      description: A Thing{r}.
      required: [id, createdAt, name, status, tags]
      properties:
        id: {{type: string, description: Id, minLength: 28, maxLength: 36}}
        createdAt: {{type: string, format: date-time, description: Created at}}
        updatedAt: {{type: string, format: date-time, description: Updated at}}
        name: {{type: string, description: Name}}
        status: {{$ref: '#/components/schemas/Thing{r}Status'}}
        tags: {{$ref: '#/components/schemas/Tags'}}
        size: {{type: integer, format: int64, description: Size}}
        score: {{type: number, description: Score}}
        owner:
          type: object
          description: Owner
          properties:
            id: {{type: string, description: Owner id}}
            kind: {{type: string, description: Owner kind, enum: [user, bot]}}
        labels: {{type: array, description: Labels, items: {{type: string}}}}
"#
        );
    }
    out
}

/// The collection path of resource `r`: list and create.
fn collection_paths(out: &mut String, r: usize) {
    let name = format!("Thing{r}");
    let _ = write!(
        out,
        r#"  /v1/things{r}:
    get:
      operationId: list{name}s
      tags: [Section{s}]
      summary: List {name}s
      description: Lists the {name}s, most recent first.
      x-pagination: {{token-param: nextToken, next-token: /meta/nextToken, items: /items}}
      parameters:
        - {{$ref: '#/components/parameters/tenant'}}
        - {{name: nextToken, in: query, description: Page token, schema: {{type: string}}}}
        - {{name: tags, in: query, description: Filter by tags, style: deepObject, explode: true, x-query-style: dot, schema: {{type: object, additionalProperties: {{type: string}}}}}}
        - {{name: status, in: query, description: Filter by status, schema: {{$ref: '#/components/schemas/{name}Status'}}}}
      responses:
        '200':
          description: A page of {name}s
          content:
            application/json:
              schema:
                type: object
                required: [items, meta]
                properties:
                  items: {{type: array, description: The {name}s, items: {{$ref: '#/components/schemas/{name}'}}}}
                  meta: {{$ref: '#/components/schemas/ListMeta'}}
        default: {{$ref: '#/components/responses/Error'}}
    post:
      operationId: create{name}
      tags: [Section{s}]
      summary: Create a {name}
      description: Creates a {name}.
      parameters:
        - {{$ref: '#/components/parameters/tenant'}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, tags]
              properties:
                name: {{type: string, description: Its name, maxLength: 200}}
                tags: {{$ref: '#/components/schemas/Tags'}}
                size: {{type: integer, format: int64, description: Its size, minimum: 0}}
                settings:
                  type: object
                  description: Settings
                  properties:
                    enabled: {{type: boolean, description: Enabled}}
                    limit: {{type: integer, format: int32, description: A limit}}
                payload: {{type: object, additionalProperties: true, description: Anything}}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema:
                type: object
                required: ['{lower}']
                properties:
                  '{lower}': {{$ref: '#/components/schemas/{name}'}}
        default: {{$ref: '#/components/responses/Error'}}
"#,
        s = r % 10,
        lower = name.to_lowercase(),
    );
}

/// The member path of resource `r`: get, update and delete.
fn member_paths(out: &mut String, r: usize) {
    let name = format!("Thing{r}");
    let _ = write!(
        out,
        r#"  /v1/things{r}/{{id}}:
    get:
      operationId: get{name}
      tags: [Section{s}]
      summary: Get a {name}
      parameters:
        - {{$ref: '#/components/parameters/tenant'}}
        - {{name: id, in: path, required: true, description: Id, schema: {{type: string}}}}
      responses:
        '200':
          description: The {name}
          content:
            application/json:
              schema:
                type: object
                required: ['{lower}']
                properties:
                  '{lower}': {{$ref: '#/components/schemas/{name}'}}
        default: {{$ref: '#/components/responses/Error'}}
    put:
      operationId: update{name}
      tags: [Section{s}]
      summary: Update a {name}
      parameters:
        - {{$ref: '#/components/parameters/tenant'}}
        - {{name: id, in: path, required: true, description: Id, schema: {{type: string}}}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {{type: string, description: Its name, nullable: true}}
                tags: {{$ref: '#/components/schemas/Tags'}}
      responses:
        '200':
          description: The updated {name}
          content:
            application/json:
              schema:
                type: object
                required: ['{lower}']
                properties:
                  '{lower}': {{$ref: '#/components/schemas/{name}'}}
        default: {{$ref: '#/components/responses/Error'}}
    delete:
      operationId: delete{name}
      tags: [Section{s}]
      summary: Delete a {name}
      parameters:
        - {{$ref: '#/components/parameters/tenant'}}
        - {{name: id, in: path, required: true, description: Id, schema: {{type: string}}}}
      responses:
        '204': {{description: Deleted}}
        default: {{$ref: '#/components/responses/Error'}}
"#,
        s = r % 10,
        lower = name.to_lowercase(),
    );
}

/// A spec of `schemas` object schemas (and as many string schemas) whose every property is a
/// reference with documentation beside it, `allOf: [{$ref}, {description}]`, as AWS's documents
/// write them: each object refers to the next two and back to the first (mutual recursion), and
/// to a string schema. Generation must make one type per schema, not a copy per use.
pub fn annotated_refs(schemas: usize) -> String {
    let mut out = String::from(
        "openapi: 3.0.3\ninfo: {title: Annotated, version: '1'}\npaths:\n  /o:\n    get:\n      operationId: getO\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/O0'}\ncomponents:\n  schemas:\n",
    );
    let annotated = |target: String, doc: &str| format!("{{allOf: [{{$ref: '#/components/schemas/{target}'}}, {{description: {doc}}}]}}");
    for i in 0..schemas {
        let _ = writeln!(out, "    N{i}: {{type: string, description: Name {i}}}");
        let _ = writeln!(out, "    O{i}:\n      type: object\n      properties:");
        let _ = writeln!(out, "        name: {}", annotated(format!("N{i}"), "The name."));
        let _ = writeln!(out, "        next: {}", annotated(format!("O{}", (i + 1) % schemas), "The next one."));
        let _ = writeln!(out, "        after: {}", annotated(format!("O{}", (i + 2) % schemas), "The one after."));
        let _ = writeln!(out, "        first: {}", annotated("O0".to_string(), "The first one."));
        let _ = writeln!(out, "        list: {{type: array, items: {}}}", annotated(format!("O{}", (i + 3) % schemas), "One of a list."));
    }
    out
}

/// Words the Graph-shaped document names its resources and properties with.
const WORDS: &[&str] = &[
    "message",
    "attachment",
    "event",
    "calendar",
    "contact",
    "folder",
    "drive",
    "item",
    "list",
    "site",
    "team",
    "channel",
    "member",
    "owner",
    "photo",
    "plan",
    "task",
    "bucket",
    "note",
    "section",
    "page",
    "notebook",
    "device",
    "policy",
    "role",
    "assignment",
    "schedule",
    "shift",
    "chat",
    "reply",
    "tab",
    "app",
    "installation",
    "setting",
    "profile",
    "activity",
    "permission",
    "version",
    "column",
    "content",
    "type",
    "subscription",
    "extension",
    "rule",
    "alert",
    "incident",
    "label",
    "report",
    "session",
    "record",
];

/// Upper camel case of a word (`message` → `Message`).
fn upper(word: &str) -> String {
    let mut c = word.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

/// A document of Microsoft Graph's shape and size (its v1.0 description: 11,422 operations,
/// 20 MB of YAML), about `operations` operations (a multiple of 294): `roots` entity sets
/// (`/users`), each with 12 navigation properties (`/users/{user-id}/messages`), each with 3 more
/// (`/users/{user-id}/messages/{message-id}/attachments`); for each collection a list (with
/// `$top`, `$skip`, `$search`, `$filter`, `$count`, and `$orderby`, `$select`, `$expand` as arrays
/// of enums of the property names), a create, a `$count`, and for each item a get, an update and a
/// delete. Operation ids and tags as Graph writes them (`users.messages.ListAttachments`,
/// `users.message`); many tags (one per entity type of each set). Schemas as Graph's: an `entity`
/// base, a few hundred entity types each `allOf` a family base that is itself `allOf` `entity`,
/// nullable references as `anyOf: [{$ref}, {type: object, nullable: true}]`, complex types,
/// string enums, a collection response per entity type (`allOf` a paging base), shared error
/// responses and parameters.
/// The sizes of the Graph-shaped document: navigation collections under each root, collections
/// under each of those, entity types, complex types, enums and entity families.
const NAVS: usize = 12;
const SUBS: usize = 3;
const ENTITIES: usize = 700;
const COMPLEX: usize = 900;
const ENUMS: usize = 250;
const FAMILIES: usize = 24;

/// The name of entity type `i`.
fn entity(i: usize) -> String {
    format!("{}{}", WORDS[i % WORDS.len()], if i < WORDS.len() { String::new() } else { (i / WORDS.len()).to_string() })
}

/// The property names of entity type `i`.
fn props(i: usize) -> Vec<String> {
    (0..10).map(|k| format!("{}{}", WORDS[(i * 7 + k * 3) % WORDS.len()], upper(WORDS[(i + k * 11) % WORDS.len()]))).collect()
}

pub fn graph(operations: usize) -> String {
    let roots = operations.div_ceil(6 * (1 + NAVS + NAVS * SUBS)).max(1);
    let mut out = String::with_capacity(operations * 1_900);
    out.push_str("openapi: 3.0.4\ninfo:\n  title: Graph-shaped synthetic API\n  description: A generated benchmark document of Microsoft Graph's shape.\n  version: v1.0\n");
    out.push_str("servers:\n  - url: https://graph.example.com/v1.0/\n    description: Core\nsecurity:\n  - azureaadv2: []\npaths:\n");
    for (i, collection) in collections(roots).iter().enumerate() {
        graph_paths(&mut out, collection, i + 1);
    }
    graph_schemas(&mut out);
    graph_responses_and_parameters(&mut out);
    out
}

/// A collection of the document and its items.
struct Collection {
    /// The path of the collection.
    path: String,
    /// The `{x-id}` of its items.
    id: String,
    /// Its operations' tag.
    tag: String,
    /// Their operationIds' prefix.
    prefix: String,
    /// Its entity type.
    ty: usize,
}

impl Collection {
    fn new(path: String, id: String, tag: String, prefix: String, ty: usize) -> Collection {
        Collection { path, id, tag, prefix, ty }
    }
}

/// The collections of `roots` roots: each root, its navigation collections and theirs.
fn collections(roots: usize) -> Vec<Collection> {
    let mut out = Vec::new();
    for r in 0..roots {
        let root = format!("{}s{}", WORDS[r % WORDS.len()], if r < WORDS.len() { String::new() } else { r.to_string() });
        let root_type = (r * 13) % ENTITIES;
        let root_id = format!("{}-id", entity(root_type));
        out.push(Collection::new(format!("/{root}"), root_id.clone(), format!("{root}.{}", entity(root_type)), root.clone(), root_type));
        for n in 0..NAVS {
            let nav = format!("{}s", WORDS[(r + n * 3 + 1) % WORDS.len()]);
            let nav_type = (r * 31 + n * 17 + 3) % ENTITIES;
            let nav_path = format!("/{root}/{{{root_id}}}/{nav}");
            let nav_id = format!("{}-id{}", entity(nav_type), if nav_type == root_type { "1" } else { "" });
            out.push(Collection::new(nav_path.clone(), nav_id.clone(), format!("{root}.{}", entity(nav_type)), root.clone(), nav_type));
            for s in 0..SUBS {
                let sub = format!("{}s", WORDS[(r + n * 3 + s * 7 + 2) % WORDS.len()]);
                let sub_type = (r * 37 + n * 19 + s * 23 + 5) % ENTITIES;
                let sub_id = format!("{}-id{}", entity(sub_type), if sub_type == nav_type || sub_type == root_type { "2" } else { "" });
                out.push(Collection::new(
                    format!("{nav_path}/{{{nav_id}}}/{sub}"),
                    sub_id,
                    format!("{root}.{}", entity(nav_type)),
                    format!("{root}.{nav}"),
                    sub_type,
                ));
            }
        }
    }
    out
}

/// What the path items of a collection say.
struct PathVars {
    collection: String,
    id: String,
    tag: String,
    name: String,
    last: String,
    upper_last: String,
    counter: usize,
    path_params: String,
    prefix_op: String,
    select: String,
    orderby: String,
    post_params: String,
}

/// The path items of `c`, the `counter`th collection: the collection, its count and its items.
fn graph_paths(out: &mut String, c: &Collection, counter: usize) {
    let (collection, id, tag, prefix, ty) = (&c.path, &c.id, &c.tag, &c.prefix, &c.ty);
    let name = entity(*ty);
    let last = collection.rsplit('/').next().unwrap_or("items");
    let upper_last = upper(last);
    // Path parameters of the collection's path: one per `{...}` in it.
    let mut path_params = String::new();
    for var in collection.split('{').skip(1).filter_map(|p| p.split('}').next()) {
        let _ = write!(
            path_params,
            "        - name: {var}\n          in: path\n          description: The unique identifier of {}\n          required: true\n          schema:\n            type: string\n          x-ms-docs-key-type: {}\n",
            var.trim_end_matches(['1', '2']).trim_end_matches("-id"),
            var.trim_end_matches(['1', '2']).trim_end_matches("-id")
        );
    }
    let names = props(*ty);
    let enum_list = |suffix: &str| {
        let mut e: Vec<String> = names.iter().map(|n| format!("{n}{suffix}")).collect();
        e.insert(0, format!("id{suffix}"));
        e.join(", ")
    };
    let prefix_op = format!("{prefix}.");
    let v = PathVars {
        collection: collection.clone(),
        id: id.clone(),
        tag: tag.clone(),
        name,
        last: last.to_string(),
        upper_last,
        counter,
        prefix_op,
        orderby: enum_list("").split(", ").flat_map(|n| [n.to_string(), format!("{n} desc")]).collect::<Vec<_>>().join(", "),
        select: enum_list(""),
        post_params: if path_params.is_empty() { String::new() } else { format!("      parameters:\n{path_params}") },
        path_params,
    };
    collection_items(out, &v);
    member_item(out, &v);
}

/// The collection's path item (list and create) and its count's.
fn collection_items(out: &mut String, v: &PathVars) {
    let PathVars { collection, tag, name, last, upper_last, counter, path_params, prefix_op, select, orderby, post_params, .. } = v;
    let _ = write!(
        out,
        r#"  {collection}:
    description: Provides operations to manage the {last} property of the microsoft.graph.{name} entity.
    get:
      tags:
        - {tag}
      summary: List {last}
      description: Get the {last} of the {name} set. This API is available in the national cloud deployments.
      externalDocs:
        description: Find more info here
        url: https://learn.example.com/graph/api/{name}-list?view=graph-rest-1.0
      operationId: {prefix_op}List{upper_last}{counter}
      parameters:
{path_params}        - $ref: '#/components/parameters/top'
        - $ref: '#/components/parameters/skip'
        - $ref: '#/components/parameters/search'
        - $ref: '#/components/parameters/filter'
        - $ref: '#/components/parameters/count'
        - name: $orderby
          in: query
          description: Order items by property values
          style: form
          explode: false
          schema:
            uniqueItems: true
            type: array
            items:
              enum: [{orderby}]
              type: string
        - name: $select
          in: query
          description: Select properties to be returned
          style: form
          explode: false
          schema:
            uniqueItems: true
            type: array
            items:
              enum: [{select}]
              type: string
        - name: $expand
          in: query
          description: Expand related entities
          style: form
          explode: false
          schema:
            uniqueItems: true
            type: array
            items:
              enum: ['*', {select}]
              type: string
      responses:
        2XX:
          $ref: '#/components/responses/microsoft.graph.{name}CollectionResponse'
        4XX:
          $ref: '#/components/responses/error'
        5XX:
          $ref: '#/components/responses/error'
      x-ms-pageable:
        nextLinkName: '@odata.nextLink'
        operationName: listMore
      x-ms-docs-operation-type: operation
    post:
      tags:
        - {tag}
      summary: Create {name}
      description: Create a new {name} object.
      operationId: {prefix_op}Create{upper_last}{counter}
{post_params}      requestBody:
        description: New navigation property
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/microsoft.graph.{name}'
        required: true
      responses:
        2XX:
          description: Created navigation property.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/microsoft.graph.{name}'
        4XX:
          $ref: '#/components/responses/error'
        5XX:
          $ref: '#/components/responses/error'
      x-ms-docs-operation-type: operation
  {collection}/$count:
    description: Provides operations to count the resources in the collection.
    get:
      tags:
        - {tag}
      summary: Get the number of the resource
      operationId: {prefix_op}{upper_last}.GetCount-{counter}
      parameters:
{path_params}        - $ref: '#/components/parameters/search'
        - $ref: '#/components/parameters/filter'
      responses:
        2XX:
          $ref: '#/components/responses/ODataCountResponse'
        4XX:
          $ref: '#/components/responses/error'
        5XX:
          $ref: '#/components/responses/error'
"#
    );
}

/// The path item of the collection's items: get, update and delete.
fn member_item(out: &mut String, v: &PathVars) {
    let PathVars { collection, id, tag, name, last, upper_last, counter, path_params, prefix_op, select, .. } = v;
    let _ = write!(
        out,
        r#"  {collection}/{{{id}}}:
    description: Provides operations to manage the {last} property of the microsoft.graph.{name} entity.
    get:
      tags:
        - {tag}
      summary: Get {name}
      description: Retrieve the properties and relationships of a {name} object.
      operationId: {prefix_op}Get{upper_last}{counter}
      parameters:
{path_params}        - name: {id}
          in: path
          description: The unique identifier of {name}
          required: true
          schema:
            type: string
          x-ms-docs-key-type: {name}
        - name: $select
          in: query
          description: Select properties to be returned
          style: form
          explode: false
          schema:
            uniqueItems: true
            type: array
            items:
              enum: [{select}]
              type: string
        - name: $expand
          in: query
          description: Expand related entities
          style: form
          explode: false
          schema:
            uniqueItems: true
            type: array
            items:
              enum: ['*', {select}]
              type: string
      responses:
        2XX:
          description: Retrieved navigation property
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/microsoft.graph.{name}'
        4XX:
          $ref: '#/components/responses/error'
        5XX:
          $ref: '#/components/responses/error'
      x-ms-docs-operation-type: operation
    patch:
      tags:
        - {tag}
      summary: Update {name}
      description: Update the properties of a {name} object.
      operationId: {prefix_op}Update{upper_last}{counter}
      parameters:
{path_params}        - name: {id}
          in: path
          description: The unique identifier of {name}
          required: true
          schema:
            type: string
          x-ms-docs-key-type: {name}
      requestBody:
        description: New navigation property values
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/microsoft.graph.{name}'
        required: true
      responses:
        2XX:
          description: Success
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/microsoft.graph.{name}'
        4XX:
          $ref: '#/components/responses/error'
        5XX:
          $ref: '#/components/responses/error'
      x-ms-docs-operation-type: operation
    delete:
      tags:
        - {tag}
      summary: Delete {name}
      description: Delete a {name} object.
      operationId: {prefix_op}Delete{upper_last}{counter}
      parameters:
{path_params}        - name: {id}
          in: path
          description: The unique identifier of {name}
          required: true
          schema:
            type: string
          x-ms-docs-key-type: {name}
        - name: If-Match
          in: header
          description: ETag
          schema:
            type: string
      responses:
        2XX:
          description: Success
        4XX:
          $ref: '#/components/responses/error'
        5XX:
          $ref: '#/components/responses/error'
      x-ms-docs-operation-type: operation
"#
    );
}

/// The component schemas: `entity` and its discriminator, the families, the entity types, the
/// complex types, the enums and a collection response of each entity type.
fn graph_schemas(out: &mut String) {
    out.push_str(
        r#"components:
  schemas:
    microsoft.graph.entity:
      title: entity
      required:
        - '@odata.type'
      type: object
      properties:
        id:
          type: string
          description: The unique identifier for an entity. Read-only.
        '@odata.type':
          type: string
      discriminator:
        propertyName: '@odata.type'
        mapping:
ENTITY_MAPPING
    BaseCollectionPaginationCountResponse:
      title: Base collection pagination and count responses
      type: object
      properties:
        '@odata.count':
          type: integer
          format: int64
          nullable: true
        '@odata.nextLink':
          type: string
          nullable: true
    ODataCountResponse:
      type: integer
      format: int32
    microsoft.graph.ODataErrors.MainError:
      required: [code, message]
      type: object
      properties:
        code: {type: string}
        message: {type: string, x-ms-primary-error-message: true}
        target: {type: string, nullable: true}
        details:
          type: array
          items: {$ref: '#/components/schemas/microsoft.graph.ODataErrors.ErrorDetails'}
    microsoft.graph.ODataErrors.ErrorDetails:
      required: [code, message]
      type: object
      properties:
        code: {type: string}
        message: {type: string}
        target: {type: string, nullable: true}
    microsoft.graph.ODataErrors.ODataError:
      required: [error]
      type: object
      properties:
        error: {$ref: '#/components/schemas/microsoft.graph.ODataErrors.MainError'}
"#,
    );
    let mapping: String =
        (0..ENTITIES).map(|i| format!("          '#microsoft.graph.{0}': '#/components/schemas/microsoft.graph.{0}'\n", entity(i))).collect();
    let at = out.find("ENTITY_MAPPING\n").unwrap_or(out.len());
    out.replace_range(at..at + "ENTITY_MAPPING\n".len().min(out.len() - at), &mapping);
    for f in 0..FAMILIES {
        let _ = write!(
            out,
            "    microsoft.graph.base{f}:\n      allOf:\n        - $ref: '#/components/schemas/microsoft.graph.entity'\n        - title: base{f}\n          required: ['@odata.type']\n          type: object\n          properties:\n            createdDateTime:\n              pattern: '^[0-9]{{4,}}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{{1,12}})?(Z|[+-][0-9][0-9]:[0-9][0-9])$'\n              type: string\n              description: Date and time of item creation. Read-only.\n              format: date-time\n              nullable: true\n            displayName:\n              type: string\n              description: The display name.\n              nullable: true\n            '@odata.type':\n              type: string\n              default: '#microsoft.graph.base{f}'\n"
        );
    }
    for i in 0..ENTITIES {
        entity_schema(out, i);
    }
    for c in 0..COMPLEX {
        let _ = write!(
            out,
            "    microsoft.graph.complex{c}:\n      title: complex{c}\n      required: ['@odata.type']\n      type: object\n      properties:\n"
        );
        for k in 0..4 {
            let prop = format!("{}{}", WORDS[(c + k * 13) % WORDS.len()], upper(WORDS[(c * 3 + k) % WORDS.len()]));
            let _ = match k {
                0 => writeln!(out, "        {prop}:\n          type: string\n          nullable: true"),
                1 => writeln!(out, "        {prop}:\n          type: integer\n          format: int32\n          nullable: true"),
                2 if c % 3 == 0 => writeln!(
                    out,
                    "        {prop}:\n          anyOf:\n            - $ref: '#/components/schemas/microsoft.graph.complex{}'\n            - type: object\n              nullable: true",
                    (c + 1) % COMPLEX
                ),
                2 => writeln!(out, "        {prop}:\n          type: boolean\n          nullable: true"),
                _ => writeln!(out, "        {prop}:\n          anyOf:\n            - $ref: '#/components/schemas/microsoft.graph.enum{}'\n            - type: object\n              nullable: true", c % ENUMS),
            };
        }
        let _ = writeln!(out, "        '@odata.type':\n          type: string");
    }
    for e in 0..ENUMS {
        let values: Vec<String> = (0..6).map(|v| WORDS[(e + v * 9) % WORDS.len()].to_string()).chain(["unknownFutureValue".to_string()]).collect();
        let mut values = values;
        values.dedup();
        let _ = writeln!(out, "    microsoft.graph.enum{e}:\n      title: enum{e}\n      enum: [{}]\n      type: string", values.join(", "));
    }
    for i in 0..ENTITIES {
        let name = entity(i);
        let _ = writeln!(
            out,
            "    microsoft.graph.{name}CollectionResponse:\n      allOf:\n        - $ref: '#/components/schemas/BaseCollectionPaginationCountResponse'\n        - title: Collection of {name}\n          type: object\n          properties:\n            value:\n              type: array\n              items:\n                $ref: '#/components/schemas/microsoft.graph.{name}'"
        );
    }
}

/// The schema of entity type `i`: its family's base and its properties.
fn entity_schema(out: &mut String, i: usize) {
    let name = entity(i);
    let names = props(i);
    let _ = write!(
        out,
        "    microsoft.graph.{name}:\n      allOf:\n        - $ref: '#/components/schemas/microsoft.graph.base{}'\n        - title: {name}\n          required: ['@odata.type']\n          type: object\n          properties:\n",
        i % FAMILIES
    );
    for (k, prop) in names.iter().enumerate() {
        let _ = match k % 5 {
            0 => writeln!(out, "            {prop}:\n              type: string\n              description: The {prop} of the {name}.\n              nullable: true"),
            1 => writeln!(
                out,
                "            {prop}:\n              anyOf:\n                - $ref: '#/components/schemas/microsoft.graph.complex{}'\n                - type: object\n                  nullable: true\n              description: The {prop} of the {name}.",
                (i * 3 + k) % COMPLEX
            ),
            2 => writeln!(
                out,
                "            {prop}:\n              type: array\n              items:\n                $ref: '#/components/schemas/microsoft.graph.complex{}'\n              description: The {prop} of the {name}.",
                (i * 5 + k) % COMPLEX
            ),
            3 => writeln!(
                out,
                "            {prop}:\n              anyOf:\n                - $ref: '#/components/schemas/microsoft.graph.enum{}'\n                - type: object\n                  nullable: true\n              description: The {prop} of the {name}.",
                (i + k) % ENUMS
            ),
            // Navigation properties lead down a containment tree (as Graph's do: a user's
            // messages, a message's attachments), so that hubs reach much and leaves little.
            _ if 2 * i + 1 + k / 5 < ENTITIES => writeln!(
                out,
                "            {prop}:\n              type: array\n              items:\n                $ref: '#/components/schemas/microsoft.graph.{}'\n              description: The {prop} of the {name}. Navigation property.\n              x-ms-navigationProperty: true",
                entity(2 * i + 1 + k / 5)
            ),
            _ => writeln!(out, "            {prop}:\n              type: integer\n              format: int64\n              description: The {prop} of the {name}.\n              nullable: true"),
        };
    }
    let _ = writeln!(out, "            '@odata.type':\n              type: string\n              default: '#microsoft.graph.{name}'");
    let _ = writeln!(out, "      x-ms-discriminator-value: '#microsoft.graph.{name}'");
}

/// The component responses and parameters, and the security scheme.
fn graph_responses_and_parameters(out: &mut String) {
    out.push_str("  responses:\n    error:\n      description: error\n      content:\n        application/json:\n          schema:\n            $ref: '#/components/schemas/microsoft.graph.ODataErrors.ODataError'\n    ODataCountResponse:\n      description: The count of the resource\n      content:\n        text/plain:\n          schema:\n            $ref: '#/components/schemas/ODataCountResponse'\n");
    for i in 0..ENTITIES {
        let name = entity(i);
        let _ = writeln!(
            out,
            "    microsoft.graph.{name}CollectionResponse:\n      description: Retrieved collection\n      content:\n        application/json:\n          schema:\n            $ref: '#/components/schemas/microsoft.graph.{name}CollectionResponse'"
        );
    }
    out.push_str(
        r#"  parameters:
    top:
      name: $top
      in: query
      description: Show only the first n items
      style: form
      explode: false
      schema:
        minimum: 0
        type: integer
      example: 50
    skip:
      name: $skip
      in: query
      description: Skip the first n items
      style: form
      explode: false
      schema:
        minimum: 0
        type: integer
    search:
      name: $search
      in: query
      description: Search items by search phrases
      style: form
      explode: false
      schema:
        type: string
    filter:
      name: $filter
      in: query
      description: Filter items by property values
      style: form
      explode: false
      schema:
        type: string
    count:
      name: $count
      in: query
      description: Include count of items
      style: form
      explode: false
      schema:
        type: boolean
  securitySchemes:
    azureaadv2:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://login.example.com/common/oauth2/v2.0/authorize
          tokenUrl: https://login.example.com/common/oauth2/v2.0/token
          scopes: {}
"#,
    );
}
