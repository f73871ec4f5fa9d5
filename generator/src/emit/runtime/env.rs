//! Settings from environment variables: what [`ClientBuilder::from_env`] reads, checked.
//!
//! This file is the same in every crate the generator writes; which variable feeds which
//! setting is said in `lib.rs` (from the spec's `x-env`).

use crate::{Client, ClientBuilder, Result};

impl Client {
    /// A client with the settings the environment gives: `ClientBuilder::from_env().build()`
    /// (see [`ClientBuilder::from_env`] for the variables).
    ///
    /// Fails when a variable is set but empty, not UTF-8 or malformed: the error names the
    /// variable, never a credential's value.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env().build()
    }
}

/// The value of variable `name`: `None` when it is unset; an error naming it when it is set but
/// empty (or blank) or not UTF-8.
fn read(name: &str) -> std::result::Result<Option<String>, String> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => {
            Err(format!("environment variable `{name}` is set but empty: give it a value or unset it"))
        }
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("environment variable `{name}` is not valid UTF-8")),
    }
}

/// Whether `value` can go in a header (no control characters): checked here so that the error
/// names the variable and not the header, and never shows the value.
fn header_safe(value: &str) -> bool {
    reqwest::header::HeaderValue::from_str(value).is_ok()
}

#[allow(dead_code)] // which of these a crate uses depends on its spec
impl ClientBuilder {
    /// Takes the base URL from variable `var`, if set: an `http` or `https` URL.
    pub(crate) fn base_url_from_env(self, var: &'static str) -> Self {
        match read(var) {
            Ok(None) => self,
            Ok(Some(url)) => match reqwest::Url::parse(&url) {
                Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => self.base_url(url),
                Ok(parsed) => self.env_error(
                    "base_url",
                    format!("environment variable `{var}` is not an http(s) URL: `{url}` has scheme `{}`", parsed.scheme()),
                ),
                Err(e) => self.env_error("base_url", format!("environment variable `{var}` is not a valid URL: `{url}`: {e}")),
            },
            Err(message) => self.env_error("base_url", message),
        }
    }

    /// Takes the credentials from variable `var`, if set, and gives them to `apply` (a setter).
    pub(crate) fn credential_from_env(self, var: &'static str, apply: impl FnOnce(Self, &str) -> Self) -> Self {
        match read(var) {
            Ok(None) => self,
            Ok(Some(value)) if header_safe(&value) => apply(self, &value),
            Ok(Some(_)) => self.env_error(
                "auth",
                format!("environment variable `{var}` holds a character a credential cannot have (a control character or newline)"),
            ),
            Err(message) => self.env_error("auth", message),
        }
    }

    /// Takes `user:password` credentials from variable `var`, if set (split at the first `:`),
    /// and gives them to `apply` (the basic-auth setter).
    pub(crate) fn credential_pair_from_env(self, var: &'static str, apply: impl FnOnce(Self, &str, &str) -> Self) -> Self {
        self.credential_from_env(var, |builder, value| match value.split_once(':') {
            Some((user, password)) => apply(builder, user, password),
            None => builder.env_error("auth", format!("environment variable `{var}` must have the form `user:password` (no `:` in it)")),
        })
    }

    /// Takes the value of identity header `header` from variable `var`, if set.
    pub(crate) fn identity_header_from_env(self, var: &'static str, header: &'static str) -> Self {
        match read(var) {
            Ok(None) => self,
            Ok(Some(value)) if header_safe(&value) => self.identity_header(header, &value),
            Ok(Some(_)) => self.env_error(
                header,
                format!("environment variable `{var}` is not a valid value of header `{header}` (a control character or newline)"),
            ),
            Err(message) => self.env_error(header, message),
        }
    }
}
