//! Webhooks (`webhooks`, carried by the loader in `x-webhooks`; GitHub's `x-webhooks` in 3.0):
//! each operation of each webhook's path item becomes a [`Webhook`], the type of its JSON body
//! made as an operation's is, and how a request is told to be it ([`Recognition`]): a header it
//! declares with one value, then the properties its payload fixes, read as a union's branch's
//! [`Guard`]s once every type is made ([`Builder::webhook_guards`]).

use super::*;

impl Builder<'_> {
    /// The webhooks of the document, their payload types made; guards are filled in later.
    pub(super) fn webhooks(&mut self) -> Vec<Webhook> {
        let mut out = Vec::new();
        let mut variants = Scope::with_reserved(&["Unknown"]);
        for (name, item) in openapi::webhooks(&self.doc.api, self.doc) {
            // An entry that is not a path item is the checker's error.
            let Ok(item) = item else { continue };
            let item_pointer = pointer::join(&pointer::join("", openapi::WEBHOOKS), &name);
            let ops: Vec<(&str, &openapiv3::Operation)> = item.iter().collect();
            for &(key, op) in &ops {
                let Some(method) = Method::from_key(key) else { continue };
                let pointer = pointer::join(&item_pointer, key);
                let base = match ops.len() {
                    1 => name.clone(),
                    _ => format!("{name} {key}"),
                };
                let variant = variants.unique(naming::camel(&base));
                let payload = self.webhook_payload(op, &variant, &pointer);
                let header = self.event_header(&item, op, &item_pointer, &pointer);
                let doc = docs_of_operation(op);
                out.push(Webhook { name: name.clone(), variant, method, payload, doc, recognition: Recognition { header, guards: Vec::new() } });
            }
        }
        out
    }

    /// The type of a webhook's body: its JSON schema's (named `{Variant}Payload` when written
    /// inline), any JSON without one.
    fn webhook_payload(&mut self, op: &openapiv3::Operation, variant: &RustName, pointer: &str) -> TypeRef {
        let body_pointer = pointer::join(pointer, "requestBody");
        let Some(rb) = &op.request_body else { return TypeRef::Json };
        let Some(rb) = self.resolve(rb, &body_pointer) else { return TypeRef::Json };
        let Some((media_name, mt)) = operations::pick_media(&rb.content) else { return TypeRef::Json };
        let sp = format!("{body_pointer}/content/{}/schema", pointer::escape(media_name));
        if operations::media_of(media_name) != Media::Json {
            self.warn(
                &pointer::join(&body_pointer, "content"),
                format!("the body of webhook `{variant}` is `{media_name}`, not JSON: `Event::parse` reads JSON bodies, so its payload is typed serde_json::Value"),
                "document the JSON body the API sends (`application/json`)",
            );
            return TypeRef::Json;
        }
        match &mt.schema {
            Some(schema) => self.schema_type(schema, &format!("{variant}Payload"), &sp),
            None => TypeRef::Json,
        }
    }

    /// The header that names the webhook's events, with its one value: a header parameter whose
    /// schema allows one string (`const`, a one-value `enum`); failing that, one named like an
    /// event's (`X-GitHub-Event`) with an `example` (what GitHub writes).
    fn event_header(&mut self, item: &openapiv3::PathItem, op: &openapiv3::Operation, item_pointer: &str, pointer: &str) -> Option<(String, String)> {
        let (merged, _) = openapi::merged_parameters(&self.doc.api, self.doc, item, item_pointer, op, pointer);
        let headers: Vec<Parameter> =
            merged.into_iter().map(|m| m.parameter.into_owned()).filter(|p| matches!(p, Parameter::Header { .. })).collect();
        let fixed = headers.iter().find_map(|p| {
            let data = p.parameter_data_ref();
            let ParameterSchemaOrContent::Schema(schema) = &data.format else { return None };
            Some((data.name.clone(), self.fixed_value(schema)?))
        });
        fixed.or_else(|| {
            headers.iter().find_map(|p| {
                let data = p.parameter_data_ref();
                if !data.name.to_ascii_lowercase().contains("event") {
                    return None;
                }
                let schema_example = match &data.format {
                    ParameterSchemaOrContent::Schema(schema) => self.resolve_schema(schema).and_then(|s| s.schema_data.example.clone()),
                    ParameterSchemaOrContent::Content(_) => None,
                };
                let example = data.example.clone().or(schema_example)?;
                Some((data.name.clone(), example.as_str()?.to_string()))
            })
        })
    }

    /// Each webhook's payload guards (the properties its type fixes to a value, as a union
    /// branch's), once every type is made; a webhook nothing tells apart from the others is a
    /// warning.
    pub(super) fn webhook_guards(&mut self, webhooks: &mut [Webhook]) {
        let index: HashMap<RustName, usize> = self.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
        for hook in webhooks.iter_mut() {
            if let Ok(i) = unions::resolve(&self.types, &index, &hook.payload) {
                if let TypeKind::Struct { fields, .. } = &self.types[i].kind {
                    hook.recognition.guards = fields
                        .iter()
                        .filter_map(|f| {
                            let value = f.constant.clone()?;
                            Some(Guard::Property { name: f.wire_name.clone(), values: vec![value], required: f.required })
                        })
                        .collect();
                }
            }
        }
        // Webhooks recognised by the same header value and the same payload guards cannot be told
        // apart (found by grouping them: linear in the number of webhooks).
        // The header (its name in lower case) and the guards, as one text.
        let key = |hook: &Webhook| {
            let header = hook.recognition.header.as_ref().map(|(n, v)| (n.to_ascii_lowercase(), v));
            format!("{header:?} {:?}", hook.recognition.guards)
        };
        let mut same: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, hook) in webhooks.iter().enumerate() {
            same.entry(key(hook)).or_default().push(i);
        }
        for (i, hook) in webhooks.iter().enumerate() {
            let alone = hook.recognition.header.is_none() && hook.recognition.guards.is_empty();
            // Each group once, at its later members; a webhook with nothing is told on its own.
            let untold: Vec<&str> = match alone {
                true => Vec::new(),
                false => same.get(&key(hook)).into_iter().flatten().take_while(|&&j| j < i).map(|&j| webhooks[j].name.as_str()).collect(),
            };
            if alone || !untold.is_empty() {
                let pointer = pointer::join(&pointer::join("", openapi::WEBHOOKS), &hook.name);
                let message = match untold.is_empty() {
                    true => format!(
                        "webhook `{}` declares no header with one value and its payload fixes no property: `Event::parse` takes a body for it when it decodes as its payload and no other webhook is named",
                        hook.name
                    ),
                    false => format!(
                        "nothing tells webhook `{}` apart from {}: `Event::parse` takes a body for the first whose payload keeps all of it",
                        hook.name,
                        untold.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.warn(
                    &pointer,
                    message,
                    "declare the header that names the event with its value (`X-GitHub-Event`, `schema: {const: issues}`), or give the payload a property fixed to a value of its own (`type: {const: invoice.paid}`)",
                );
            }
        }
    }
}

/// An operation's summary and description, as one documentation text.
fn docs_of_operation(op: &openapiv3::Operation) -> Option<String> {
    let parts: Vec<&str> =
        [op.summary.as_deref(), op.description.as_deref()].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::super::test_api;
    use crate::model::{Guard, TypeRef};

    /// The header that names the event (a fixed value, else the example of one named like an
    /// event's), then the properties the payload fixes; a webhook nothing tells apart is a warning.
    #[test]
    fn how_each_webhook_is_recognised() {
        let spec = r#"
paths: {}
x-webhooks:
  issues-opened:
    post:
      summary: An issue was opened
      parameters:
        - {name: User-Agent, in: header, example: GitHub-Hookshot/1, schema: {type: string}}
        - {name: X-GitHub-Event, in: header, example: issues, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [action]
              properties:
                action: {type: string, enum: [opened]}
      responses: {'200': {description: ok}}
  ping:
    post:
      parameters:
        - {name: X-Event, in: header, schema: {type: string, enum: [ping]}}
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Ping'}}}}
      responses: {'200': {description: ok}}
  mystery:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Ping'}}}}
      responses: {'200': {description: ok}}
  issues-opened-again:
    post:
      parameters:
        - {name: x-github-event, in: header, example: issues, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [action], properties: {action: {type: string, enum: [opened]}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Ping: {type: object, properties: {zen: {type: string}}}
"#;
        let (api, warnings) = test_api(spec).unwrap();
        let hooks = &api.webhooks;
        assert_eq!(hooks.iter().map(|h| h.variant.as_str()).collect::<Vec<_>>(), ["IssuesOpened", "Ping", "Mystery", "IssuesOpenedAgain"]);
        assert_eq!(hooks[0].recognition.header, Some(("X-GitHub-Event".into(), "issues".into())));
        assert_eq!(hooks[0].recognition.guards, [Guard::Property { name: "action".into(), values: vec!["opened".into()], required: true }]);
        assert_eq!(hooks[0].payload, TypeRef::Named(crate::naming::camel("IssuesOpenedPayload")));
        assert_eq!(hooks[0].doc.as_deref(), Some("An issue was opened"));
        assert_eq!(hooks[1].recognition.header, Some(("X-Event".into(), "ping".into())));
        assert!(hooks[2].recognition.header.is_none() && hooks[2].recognition.guards.is_empty());
        let said: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("webhook `mystery` declares no header"), "{said:?}");
        assert!(said[1].contains("nothing tells webhook `issues-opened-again` apart from `issues-opened`"), "{said:?}");
    }
}
