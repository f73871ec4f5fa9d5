//! `x-env`: the environment variable that feeds a setting of the client, for `from_env` — on a
//! security scheme (its credentials), on an `x-client-setting` header parameter (its value), and
//! on the first server or at the document root (the base URL).

use super::*;

const HELP: &str = "write the variable's name, e.g. `x-env: API_TOKEN` (letters, digits and `_`, not starting with a digit)";

impl<'a> Builder<'a> {
    /// Every `x-env` of the document, checked: a valid variable name, on something the client
    /// can take from it, each variable used once.
    pub(super) fn env_vars(&mut self, schemes: &AuthSchemes) -> EnvVars {
        let openapi = &self.doc.api;
        let mut env = EnvVars::default();
        let mut used: Vec<(String, String, String)> = Vec::new();
        let server = openapi.servers.first().and_then(|s| s.extensions.get("x-env")).map(|v| (v, "/servers/0/x-env"));
        let root = openapi.extensions.get("x-env").map(|v| (v, "/x-env"));
        if let (Some(_), Some(_)) = (server, root) {
            self.error("/x-env", "the base URL's variable is named twice, at the root and on the first server", "keep one `x-env` for the base URL");
        }
        if let Some((value, pointer)) = server.or(root) {
            env.base_url = self.env_name(value, pointer, "base URL", &mut used);
        }
        if let Some(components) = &openapi.components {
            for (key, scheme) in &components.security_schemes {
                let ReferenceOr::Item(scheme) = scheme else { continue };
                let extensions = match scheme {
                    SecurityScheme::APIKey { extensions, .. }
                    | SecurityScheme::HTTP { extensions, .. }
                    | SecurityScheme::OAuth2 { extensions, .. }
                    | SecurityScheme::OpenIDConnect { extensions, .. } => extensions,
                };
                let Some(value) = extensions.get("x-env") else { continue };
                let pointer = format!("{}/x-env", pointer::join("/components/securitySchemes", key));
                let auth = schemes.of_scheme.get(key).cloned();
                let Some(auth) = auth else {
                    self.error(
                        &pointer,
                        "`x-env` on a security scheme the client has no setter for",
                        "remove `x-env`, or use a bearer, basic or API-key (header or query) scheme",
                    );
                    continue;
                };
                if let Some(name) = self.env_name(value, &pointer, &format!("{auth:?}"), &mut used) {
                    if env.auth.iter().any(|(a, _)| *a == auth) {
                        self.error(&pointer, "two security schemes feed the same setter from the environment", "keep `x-env` on one of them");
                    } else {
                        env.auth.push((auth, name));
                    }
                }
            }
        }
        // The path items, held apart while they are read (the builder is changed on the way).
        let paths = std::mem::replace(&mut self.paths, super::PathItems::Done);
        for (pointer, param) in openapi::inline_parameters(&self.doc.api, paths.get(), |p| p.parameter_data_ref().extensions.contains_key("x-env")) {
            let data = param.parameter_data_ref();
            let Some(value) = data.extensions.get("x-env") else { continue };
            let pointer = format!("{pointer}/x-env");
            if !is_identity_header(&param) {
                self.error(
                    &pointer,
                    "`x-env` on a parameter that is not an identity header",
                    "add `x-client-setting: true` to the header parameter, or remove `x-env`",
                );
                continue;
            }
            let what = data.name.to_ascii_lowercase();
            if let Some(name) = self.env_name(value, &pointer, &what, &mut used) {
                match env.identity_headers.iter().find(|(h, _)| h.eq_ignore_ascii_case(&data.name)) {
                    Some((_, other)) if *other != name => self.error(
                        &pointer,
                        format!("the header `{}` is fed by two variables, `{other}` and `{name}`", data.name),
                        "name one variable for it",
                    ),
                    Some(_) => {}
                    None => env.identity_headers.push((data.name.clone(), name)),
                }
            }
        }
        self.paths = paths;
        env
    }

    /// The variable name `value` holds, if it is one and feeds nothing but `what` (a header
    /// written in several parameters may name its variable in each).
    fn env_name(&mut self, value: &serde_json::Value, pointer: &str, what: &str, used: &mut Vec<(String, String, String)>) -> Option<String> {
        let Some(name) = value.as_str() else {
            self.error(pointer, "`x-env` must be the name of an environment variable (a string)", HELP);
            return None;
        };
        let valid =
            name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            self.error(pointer, format!("`{name}` is not a valid environment variable name"), HELP);
            return None;
        }
        if let Some((_, _, first)) = used.iter().find(|(n, w, _)| n == name && w != what) {
            let first = first.clone();
            self.error(
                pointer,
                format!("the variable `{name}` already feeds another setting (at {first})"),
                "give each setting a variable of its own",
            );
            return None;
        }
        used.push((name.to_string(), what.to_string(), pointer.to_string()));
        Some(name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_api;

    const SPEC: &str = r#"
servers: [{url: 'https://api.example.com', x-env: EX_URL}]
paths:
  /users:
    get:
      operationId: listUsers
      parameters: [{$ref: '#/components/parameters/tenant'}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer, x-env: EX_TOKEN}
  parameters:
    tenant: {name: x-tenant, in: header, x-client-setting: true, x-env: EX_TENANT, schema: {type: string}}
"#;

    #[test]
    fn every_x_env_is_read() {
        let (api, warnings) = test_api(SPEC).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(api.env.base_url.as_deref(), Some("EX_URL"));
        assert_eq!(api.env.auth, vec![(crate::model::Auth::Bearer, "EX_TOKEN".to_string())]);
        assert_eq!(api.env.identity_headers, vec![("x-tenant".to_string(), "EX_TENANT".to_string())]);
    }

    #[test]
    fn a_bad_name_or_a_reused_variable_is_an_error_with_its_pointer() {
        let bad = SPEC.replace("x-env: EX_TENANT", "x-env: '1-bad'");
        let errors = test_api(&bad).unwrap_err().to_string();
        assert!(errors.contains("`1-bad` is not a valid environment variable name"), "{errors}");
        assert!(errors.contains("/components/parameters/tenant/x-env"), "{errors}");
        let reused = SPEC.replace("x-env: EX_TENANT", "x-env: EX_TOKEN");
        let errors = test_api(&reused).unwrap_err().to_string();
        assert!(errors.contains("the variable `EX_TOKEN` already feeds another setting"), "{errors}");
        let not_identity = SPEC.replace("x-client-setting: true, ", "");
        let errors = test_api(&not_identity).unwrap_err().to_string();
        assert!(errors.contains("not an identity header"), "{errors}");
    }
}
