//! Writes a synthetic OpenAPI 3.0 spec of `n` operations with matching schemas, shaped like the
//! Botpress spec: resources with CRUD operations, list operations with paging, shared components,
//! inline bodies, enums, maps and nested objects. Used by the benchmarks to show how generation
//! grows with the size of a spec.

use std::fmt::Write as _;

/// A spec with `operations` operations (rounded up to a multiple of 5: five per resource).
pub fn spec(operations: usize) -> String {
    let resources = operations.div_ceil(5);
    let mut out = String::with_capacity(operations * 1_500);
    out.push_str("openapi: 3.0.3\ninfo:\n  title: Synthetic API\n  version: 1.0.0\n  description: A generated benchmark spec.\n");
    out.push_str("servers:\n  - url: https://api.example.com\nsecurity:\n  - bearer: []\npaths:\n");
    for r in 0..resources {
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
  /v1/things{r}/{{id}}:
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

/// A spec of `schemas` object schemas (and as many string schemas) whose every property is a
/// reference with documentation beside it, `allOf: [{$ref}, {description}]`, as AWS's documents
/// write them: each object refers to the next two and back to the first (mutual recursion), and
/// to a string schema. Generation must make one type per schema, not a copy per use.
#[allow(dead_code)] // not every bench uses it
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
