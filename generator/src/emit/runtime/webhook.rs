//! Receiving the API's webhooks: checking that a request comes from the API (its signature, by
//! one of the widely used schemes) and the errors of reading one. `webhooks::Event::parse` turns
//! the request into a typed event.
//!
//! - [`StandardWebhooks`]: the [Standard Webhooks](https://www.standardwebhooks.com/) scheme
//!   (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> ...`; a secret
//!   `whsec_<base64>`; HMAC-SHA256 over `{id}.{timestamp}.{body}`), with a tolerance on the
//!   timestamp (5 minutes unless told otherwise) so that a recorded request cannot be replayed
//!   later.
//! - [`HmacHeader`]: the HMAC-SHA256 of the body in hex in one header, after a prefix: GitHub's
//!   `X-Hub-Signature-256: sha256=<hex>` unless told otherwise.
//!
//! Signatures are compared in constant time (`hmac`'s `verify_slice`). Nothing a sender sends
//! makes this code panic: every failure is a [`WebhookError`].
//!
//! This file is the same in every crate the generator writes.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why a webhook request was not accepted.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the signature scheme needs is not in the request.
    MissingHeader(String),
    /// A header is there but cannot be read: not visible ASCII, not a number, not the expected
    /// shape (`why` says what).
    InvalidHeader {
        /// The header's name.
        header: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// No signature of the request is the one the secret makes: the body, the id or the timestamp
    /// were changed, or the secret is not the sender's.
    BadSignature,
    /// The request was signed longer ago than the tolerance allows (a replay, or a clock far
    /// behind).
    Stale {
        /// When it was signed (seconds since the Unix epoch), as the request says.
        timestamp: i64,
        /// The time here (seconds since the Unix epoch).
        now: i64,
    },
    /// The request says it was signed further in the future than the tolerance allows.
    Future {
        /// When it was signed (seconds since the Unix epoch), as the request says.
        timestamp: i64,
        /// The time here (seconds since the Unix epoch).
        now: i64,
    },
    /// The secret given to [`StandardWebhooks::new`] is not `whsec_` and base64.
    InvalidSecret,
    /// The body is not JSON.
    Json(serde_json::Error),
    /// The body names an event of the API (by its header or its tag) but is not of that event's
    /// payload type.
    Payload {
        /// The event the request names (`issues`, `invoice.paid`), if it says.
        event: Option<String>,
        /// Why it does not decode.
        source: serde_json::Error,
    },
}

impl WebhookError {
    /// Whether the request failed its signature check (a missing or unreadable signature header,
    /// a bad signature, a timestamp out of tolerance): it may not be from the API, and is best
    /// answered `401`. Other errors are about a request that passed it.
    pub fn is_verification(&self) -> bool {
        matches!(
            self,
            WebhookError::MissingHeader(_)
                | WebhookError::InvalidHeader { .. }
                | WebhookError::BadSignature
                | WebhookError::Stale { .. }
                | WebhookError::Future { .. }
        )
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader(header) => write!(f, "the webhook request has no `{header}` header"),
            WebhookError::InvalidHeader { header, why } => write!(f, "the webhook request's `{header}` header is invalid: {why}"),
            WebhookError::BadSignature => f.write_str("the webhook request's signature does not match its content and the secret"),
            WebhookError::Stale { timestamp, now } => {
                write!(f, "the webhook request was signed at {timestamp}, {}s before now ({now}): older than the tolerance", now.saturating_sub(*timestamp))
            }
            WebhookError::Future { timestamp, now } => {
                write!(f, "the webhook request says it was signed at {timestamp}, {}s after now ({now}): beyond the tolerance", timestamp.saturating_sub(*now))
            }
            WebhookError::InvalidSecret => f.write_str("the webhook secret is not `whsec_` followed by base64"),
            WebhookError::Json(e) => write!(f, "the webhook body is not JSON: {e}"),
            WebhookError::Payload { event: Some(event), source } => write!(f, "the webhook body of event `{event}` is not its payload: {source}"),
            WebhookError::Payload { event: None, source } => write!(f, "the webhook body is not its event's payload: {source}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Json(e) | WebhookError::Payload { source: e, .. } => Some(e),
            _ => None,
        }
    }
}

/// A way to check that a webhook request comes from the API: [`StandardWebhooks`],
/// [`HmacHeader`], or one of your own.
pub trait Verify {
    /// `Ok` when the request (its headers and its body as received, byte for byte) is signed
    /// by the API.
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError>;
}

/// The value of header `name`, if the request has it; an error if it is not visible ASCII.
pub(crate) fn header<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, WebhookError> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => {
            value.to_str().map(Some).map_err(|_| WebhookError::InvalidHeader { header: name.to_string(), why: "it is not visible ASCII" })
        }
    }
}

fn required<'h>(headers: &'h HeaderMap, name: &str) -> Result<&'h str, WebhookError> {
    header(headers, name)?.ok_or_else(|| WebhookError::MissingHeader(name.to_string()))
}

/// The [Standard Webhooks](https://www.standardwebhooks.com/) signature scheme: `webhook-id`,
/// `webhook-timestamp` (seconds since the Unix epoch) and `webhook-signature` (a space-separated
/// list of `v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>`; one that matches is enough, so
/// that a sender can roll its secret). The key never appears in `Debug` output.
#[derive(Clone)]
pub struct StandardWebhooks {
    key: Vec<u8>,
    tolerance: Duration,
}

impl fmt::Debug for StandardWebhooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StandardWebhooks").field("key", &"<redacted>").field("tolerance", &self.tolerance).finish()
    }
}

impl StandardWebhooks {
    /// How far a request's timestamp may be from now, either way, unless told otherwise.
    pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

    /// A verifier for the secret as the API shows it: `whsec_` and the key in base64 (the prefix
    /// may be left out).
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| WebhookError::InvalidSecret)?;
        Ok(Self::from_key(key))
    }

    /// A verifier for the key itself (the bytes the base64 of a `whsec_` secret stands for).
    pub fn from_key(key: impl Into<Vec<u8>>) -> Self {
        StandardWebhooks { key: key.into(), tolerance: Self::DEFAULT_TOLERANCE }
    }

    /// How far a request's timestamp may be from now, either way (5 minutes unless set).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the request as of the time `now` (what [`Verify::verify`] does with the clock).
    pub fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        let id = required(headers, "webhook-id")?;
        let timestamp_text = required(headers, "webhook-timestamp")?;
        let signatures = required(headers, "webhook-signature")?;
        let timestamp: i64 = timestamp_text.trim().parse().map_err(|_| WebhookError::InvalidHeader {
            header: "webhook-timestamp".to_string(),
            why: "it is not a whole number of seconds since the Unix epoch",
        })?;
        let now = match now.duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        };
        let tolerance = i128::from(i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX));
        let age = i128::from(now) - i128::from(timestamp);
        if age > tolerance {
            return Err(WebhookError::Stale { timestamp, now });
        }
        if -age > tolerance {
            return Err(WebhookError::Future { timestamp, now });
        }
        let mac = self.mac(id, timestamp_text.trim(), body);
        let matched = signatures
            .split(' ')
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == "v1")
            .filter_map(|(_, signature)| base64::engine::general_purpose::STANDARD.decode(signature).ok())
            .any(|signature| mac.clone().verify_slice(&signature).is_ok());
        match matched {
            true => Ok(()),
            false => Err(WebhookError::BadSignature),
        }
    }

    /// The signature header's entry for a request (`v1,<base64>`): what the API sends, for your
    /// tests of code that receives webhooks.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let signature = self.mac(id, &timestamp.to_string(), body).finalize().into_bytes();
        format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(signature))
    }

    fn mac(&self, id: &str, timestamp: &str, body: &[u8]) -> HmacSha256 {
        // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
        let mut mac = match HmacSha256::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of every length"),
        };
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

impl Verify for StandardWebhooks {
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }
}

/// An HMAC-SHA256 of the body, in hex, in one header after a prefix: GitHub's
/// `X-Hub-Signature-256: sha256=<hex>` unless told otherwise ([`HmacHeader::header`],
/// [`HmacHeader::prefix`]). The key never appears in `Debug` output.
#[derive(Clone)]
pub struct HmacHeader {
    key: Vec<u8>,
    header: String,
    prefix: String,
}

impl fmt::Debug for HmacHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacHeader").field("key", &"<redacted>").field("header", &self.header).field("prefix", &self.prefix).finish()
    }
}

impl HmacHeader {
    /// A verifier for the secret (as configured with the API: its bytes are the key), reading
    /// `X-Hub-Signature-256: sha256=<hex>`.
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        HmacHeader { key: secret.as_ref().to_vec(), header: "X-Hub-Signature-256".to_string(), prefix: "sha256=".to_string() }
    }

    /// Reads the signature from this header instead.
    pub fn header(mut self, name: &str) -> Self {
        self.header = name.to_string();
        self
    }

    /// The text before the hex digits (`sha256=`; `""` for none).
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_string();
        self
    }

    /// The header's value for a body (`sha256=<hex>`): what the API sends, for your tests.
    pub fn sign(&self, body: &[u8]) -> String {
        let digest = self.mac(body).finalize().into_bytes();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{}{hex}", self.prefix)
    }

    fn mac(&self, body: &[u8]) -> HmacSha256 {
        let mut mac = match HmacSha256::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of every length"),
        };
        mac.update(body);
        mac
    }
}

impl Verify for HmacHeader {
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        let value = required(headers, &self.header)?;
        let invalid = |why| WebhookError::InvalidHeader { header: self.header.clone(), why };
        let hex = value.trim().strip_prefix(self.prefix.as_str()).ok_or_else(|| invalid("it does not start with the expected prefix"))?;
        let signature = from_hex(hex).ok_or_else(|| invalid("it is not hexadecimal digits after the prefix"))?;
        self.mac(body).verify_slice(&signature).map_err(|_| WebhookError::BadSignature)
    }
}

/// The bytes of a string of hex digit pairs.
fn from_hex(hex: &str) -> Option<Vec<u8>> {
    let pairs = hex.as_bytes().chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    pairs
        .map(|pair| {
            let digit = |c: u8| (c as char).to_digit(16);
            Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    /// The example of the Standard Webhooks specification, and what is not it.
    #[test]
    fn standard_webhooks() {
        let verifier = StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        let at = UNIX_EPOCH + Duration::from_secs(1614265330);
        let signature = verifier.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        let good = [("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"), ("webhook-timestamp", "1614265330")];
        let with = |signature: &str| {
            let mut h = headers(&good);
            h.insert("webhook-signature", signature.parse().unwrap());
            h
        };
        assert!(verifier.verify_at(&with(&format!("v1,bm90IGl0 {signature}")), body, at).is_ok(), "one of several");
        assert!(matches!(verifier.verify_at(&with(&signature), b"{}", at), Err(WebhookError::BadSignature)));
        assert!(matches!(verifier.verify_at(&with("v2,abc v1,!!"), body, at), Err(WebhookError::BadSignature)));
        let later = at + Duration::from_secs(301);
        assert!(matches!(verifier.verify_at(&with(&signature), body, later), Err(WebhookError::Stale { .. })));
        assert!(verifier.clone().tolerance(Duration::from_secs(600)).verify_at(&with(&signature), body, later).is_ok());
        let earlier = at - Duration::from_secs(301);
        assert!(matches!(verifier.verify_at(&with(&signature), body, earlier), Err(WebhookError::Future { .. })));
        let missing = headers(&good);
        assert!(matches!(verifier.verify_at(&missing, body, at), Err(WebhookError::MissingHeader(h)) if h == "webhook-signature"));
        let mut odd = with(&signature);
        odd.insert("webhook-timestamp", "-9223372036854775808".parse().unwrap());
        assert!(matches!(verifier.verify_at(&odd, body, at), Err(WebhookError::Stale { .. })), "no overflow");
        odd.insert("webhook-timestamp", "soon".parse().unwrap());
        assert!(matches!(verifier.verify_at(&odd, body, at), Err(WebhookError::InvalidHeader { .. })));
        assert!(matches!(StandardWebhooks::new("whsec_***"), Err(WebhookError::InvalidSecret)));
        assert!(!format!("{verifier:?}").contains("MfKQ"));
    }

    #[test]
    fn an_hmac_header() {
        let verifier = HmacHeader::new("It's a Secret to Everybody");
        // GitHub's documented example.
        let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert_eq!(verifier.sign(b"Hello, World!"), signature);
        assert!(verifier.verify(&headers(&[("x-hub-signature-256", signature)]), b"Hello, World!").is_ok());
        assert!(matches!(verifier.verify(&headers(&[("x-hub-signature-256", signature)]), b"Hello"), Err(WebhookError::BadSignature)));
        let bad = |value: &str| verifier.verify(&headers(&[("x-hub-signature-256", value)]), b"Hello, World!");
        assert!(matches!(bad("sha1=757107"), Err(WebhookError::InvalidHeader { .. })));
        assert!(matches!(bad("sha256=75710"), Err(WebhookError::InvalidHeader { .. })));
        assert!(matches!(bad("sha256=zz"), Err(WebhookError::InvalidHeader { .. })));
        assert!(matches!(bad("sha256=abcd"), Err(WebhookError::BadSignature)));
        assert!(matches!(verifier.verify(&HeaderMap::new(), b""), Err(WebhookError::MissingHeader(_))));
        let custom = HmacHeader::new("k").header("X-Signature").prefix("");
        let value = custom.sign(b"x");
        assert!(custom.verify(&headers(&[("x-signature", &value)]), b"x").is_ok());
    }
}
