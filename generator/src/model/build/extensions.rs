//! The `x-` extensions of an operation: `x-pagination` (page streams) and `x-upload` (one-call
//! uploads), checked against the parameters and types they name.

use super::*;

impl Builder<'_> {
    pub(super) fn pagination(&mut self, ext: &serde_json::Value, params: &[Param], response: Option<&TypeRef>, pointer: &str) -> Option<Pagination> {
        let get = |k: &str| ext.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let (Some(token_param), Some(next_token), Some(items)) = (get("token-param"), get("next-token"), get("items")) else {
            self.error(
                pointer,
                "x-pagination needs `token-param`, `next-token` and `items`",
                "write e.g. {token-param: nextToken, next-token: /meta/nextToken, items: /users}",
            );
            return None;
        };
        let Some(param) = params.iter().find(|p| p.wire_name == token_param && p.location == ParamLocation::Query) else {
            self.error(
                pointer,
                format!("x-pagination names the query parameter `{token_param}`, which the operation does not have"),
                "declare the page token query parameter or fix `token-param`",
            );
            return None;
        };
        let Some(response) = response else {
            self.error(pointer, "x-pagination on an operation with no JSON response", "remove x-pagination or declare the response schema");
            return None;
        };
        let next = self.field_path(response, &next_token);
        let item_path = self.field_path(response, &items);
        match (next, item_path) {
            (Some((next_path, TypeRef::String)), Some((items_path, TypeRef::Vec(item)))) => {
                Some(Pagination { token_param, token_rust_name: param.rust_name.clone(), next_token: next_path, items: items_path, item_ty: *item })
            }
            _ => {
                self.error(
                    pointer,
                    format!("x-pagination pointers do not fit the response: `{next_token}` must name a string field and `{items}` an array field"),
                    "point `next-token` and `items` at fields of the success response body",
                );
                None
            }
        }
    }

    pub(super) fn upload(&mut self, ext: &serde_json::Value, body: Option<&Body>, response: Option<&TypeRef>, pointer: &str) -> Option<Upload> {
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
        if !matches!(size.ty, TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64) {
            self.error(pointer, format!("x-upload: `{size_field}` must be a number"), help);
            return None;
        }
        let content_type_field = match get("content-type-field") {
            None => None,
            Some(name) => match fields.iter().find(|f| f.wire_name == name && f.ty == TypeRef::String) {
                Some(f) => Some(BodyField { field: f.rust_name.clone(), required: f.required }),
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
                let valid = openapi::is_token(header);
                match value.as_str() {
                    Some(value) if valid => headers_when.push(HeaderWhen {
                        when: BodyField { field: field.rust_name.clone(), required: field.required },
                        header: header.to_ascii_lowercase(),
                        value: value.to_string(),
                    }),
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
    pub(super) fn field_path(&self, ty: &TypeRef, pointer: &str) -> Option<(Vec<FieldStep>, TypeRef)> {
        let mut current = ty.clone();
        let mut out = Vec::new();
        if !pointer.starts_with('/') {
            return None;
        }
        for token in pointer::tokens(pointer) {
            let TypeRef::Named(name) = &current else { return None };
            let def = self.types.iter().find(|t| &t.name == name)?;
            let TypeKind::Struct { fields, .. } = &def.kind else { return None };
            let field = fields.iter().find(|f| f.wire_name == token)?;
            out.push(FieldStep { field: field.rust_name.clone(), optional: !field.required || field.nullable });
            current = field.ty.clone();
        }
        Some((out, current))
    }
}

#[cfg(test)]
mod tests {
    use crate::model::build::test_api;

    #[test]
    fn pagination_must_name_a_parameter_and_response_fields() {
        let spec = |ext: &str| {
            format!("paths:\n  /items:\n    get:\n      operationId: listItems\n      x-pagination: {ext}\n      parameters: [{{name: nextToken, in: query, schema: {{type: string}}}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, required: [items, meta], properties: {{items: {{type: array, items: {{type: string}}}}, meta: {{type: object, properties: {{nextToken: {{type: string}}}}}}}}}}}}}}}}\n")
        };
        let (api, _) = test_api(&spec("{token-param: nextToken, next-token: /meta/nextToken, items: /items}")).unwrap();
        assert!(api.operations[0].pagination.is_some());
        let err = test_api(&spec("{token-param: cursor, next-token: /meta/nextToken, items: /items}")).unwrap_err();
        assert!(err.to_string().contains("x-pagination"), "{err}");
    }
}

#[cfg(test)]
mod wire_extension_tests {
    use crate::model::build::test_api;

    const PATHS: &str = "paths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok}}\n";

    #[test]
    fn error_status_in_body_is_a_json_pointer_or_a_warning() {
        let (api, warnings) = test_api(&format!("x-error-status-in-body: /error/code\n{PATHS}")).unwrap();
        assert_eq!(api.error_status_in_body.as_deref(), Some("/error/code"));
        assert!(warnings.is_empty(), "{warnings:?}");
        let (api, warnings) = test_api(&format!("x-error-status-in-body: code\n{PATHS}")).unwrap();
        assert_eq!(api.error_status_in_body, None);
        assert!(warnings.iter().any(|w| w.to_string().contains("x-error-status-in-body")), "{warnings:?}");
        let (api, _) = test_api(PATHS).unwrap();
        assert_eq!(api.error_status_in_body, None);
    }

    #[test]
    fn only_where_declared_is_read_from_the_identity_header() {
        let spec = |flag: &str| {
            format!(
                "components:\n  parameters:\n    s: {{name: x-session, in: header, required: true, x-client-setting: true{flag}, schema: {{type: string}}}}\n{PATHS}"
            )
        };
        let (api, _) = test_api(&spec(", x-only-where-declared: true")).unwrap();
        assert!(api.settings[0].only_where_declared);
        let (api, _) = test_api(&spec("")).unwrap();
        assert!(!api.settings[0].only_where_declared);
    }
}
