//! Retries: which failures are worth another attempt, and how long to wait before it.
//!
//! This file is the same in every crate the generator writes.

use std::time::Duration;

/// When and how often a failed call is tried again.
///
/// Retried: `429 Too Many Requests`, `502`, `503`, `504`, and connection failures. A request
/// that is not safe to repeat (`POST`, `PATCH`) is retried only when it cannot have reached the
/// server: a failed connection, or a `429`. The wait doubles from
/// [`initial_backoff`](Self::initial_backoff) up to [`max_backoff`](Self::max_backoff), with
/// random jitter, unless the server says how long to wait (`Retry-After`, `RateLimit-Reset`).
///
/// The default makes at most 2 retries within 30 seconds; [`RetryPolicy::none`] makes none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Some(Duration::from_secs(30)),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    /// At most `retries` attempts after the first.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The wait before the first retry (doubled for each next one).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts, also for a server's `Retry-After`.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// No retry starts later than `elapsed` after the first attempt; `None` for no limit.
    pub fn max_elapsed(mut self, elapsed: Option<Duration>) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The most retries this policy makes.
    pub(crate) fn retries(&self) -> u32 {
        self.max_retries
    }

    /// How long to wait before retry number `retry` (1-based), or `None` to give up.
    ///
    /// `server_wait` is what the server asked for; `elapsed` the time since the first attempt.
    pub(crate) fn delay(&self, retry: u32, server_wait: Option<Duration>, elapsed: Duration) -> Option<Duration> {
        if retry > self.max_retries {
            return None;
        }
        let delay = match server_wait {
            Some(wait) => wait.min(self.max_backoff),
            None => {
                let exp = self.initial_backoff.saturating_mul(1u32 << (retry - 1).min(16));
                jitter(exp.min(self.max_backoff))
            }
        };
        match self.max_elapsed {
            Some(limit) if elapsed + delay > limit => None,
            _ => Some(delay),
        }
    }
}

/// What happened to an attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The connection could not be made: the server saw nothing.
    NotSent,
    /// The request may have reached the server (timeout, connection reset, ...).
    MaybeSent,
    /// The server answered with this status.
    Status(u16),
    /// Something between the client and the server (a middleware) refused the request: not
    /// retried.
    Refused,
}

/// Whether an attempt with `outcome` may be tried again for a request with `method`.
pub(crate) fn retryable(method: &reqwest::Method, outcome: Outcome) -> bool {
    let idempotent = matches!(
        *method,
        reqwest::Method::GET | reqwest::Method::HEAD | reqwest::Method::PUT | reqwest::Method::DELETE | reqwest::Method::OPTIONS | reqwest::Method::TRACE
    ) || method.as_str() == "QUERY";
    match outcome {
        Outcome::NotSent | Outcome::Status(429) => true,
        Outcome::MaybeSent | Outcome::Status(502..=504) => idempotent,
        Outcome::Status(_) | Outcome::Refused => false,
    }
}

/// The wait a response asks for: `Retry-After` (seconds) or `RateLimit-Reset` (seconds).
pub(crate) fn server_wait(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    ["retry-after", "ratelimit-reset", "x-ratelimit-reset"].iter().find_map(|name| {
        let value = headers.get(*name)?.to_str().ok()?.trim();
        value.parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0 && *s < 86_400.0).map(Duration::from_secs_f64)
    })
}

/// A random duration between half of `d` and `d` ("equal jitter").
fn jitter(d: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(d.as_nanos());
    let fraction = (hasher.finish() % 1_000) as u32;
    d / 2 + (d / 2) * fraction / 1_000
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    #[test]
    fn what_is_retried() {
        assert!(retryable(&Method::GET, Outcome::Status(503)));
        assert!(retryable(&Method::GET, Outcome::MaybeSent));
        assert!(!retryable(&Method::POST, Outcome::Status(503)));
        assert!(!retryable(&Method::POST, Outcome::MaybeSent));
        assert!(retryable(&Method::POST, Outcome::NotSent));
        assert!(retryable(&Method::POST, Outcome::Status(429)));
        assert!(!retryable(&Method::GET, Outcome::Status(500)));
        assert!(!retryable(&Method::GET, Outcome::Status(404)));
    }

    #[test]
    fn backoff_grows_within_limits() {
        let p = RetryPolicy::default().max_retries(5).initial_backoff(Duration::from_millis(100)).max_backoff(Duration::from_millis(300));
        let d1 = p.delay(1, None, Duration::ZERO).unwrap();
        assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100), "{d1:?}");
        let d3 = p.delay(3, None, Duration::ZERO).unwrap();
        assert!(d3 >= Duration::from_millis(150) && d3 <= Duration::from_millis(300), "{d3:?}");
        assert_eq!(p.delay(6, None, Duration::ZERO), None);
        assert_eq!(p.delay(1, Some(Duration::from_secs(60)), Duration::ZERO), Some(Duration::from_millis(300)));
        assert_eq!(p.delay(1, None, Duration::from_secs(31)), None);
        assert_eq!(RetryPolicy::none().delay(1, None, Duration::ZERO), None);
    }

    #[test]
    fn server_waits() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("retry-after", "2".parse().unwrap());
        assert_eq!(server_wait(&h), Some(Duration::from_secs(2)));
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("ratelimit-reset", "0.5".parse().unwrap());
        assert_eq!(server_wait(&h), Some(Duration::from_millis(500)));
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(server_wait(&h), None);
    }
}
