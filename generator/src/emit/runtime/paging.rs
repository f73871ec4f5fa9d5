//! Paging: a stream of every item of a list operation, following the page token.
//!
//! This file is the same in every crate the generator writes.

use std::collections::HashSet;
use std::future::Future;

use futures::stream::{self, Stream, TryStreamExt};

use crate::Result;

/// Streams the items of every page: `fetch` gets a page for a token, `split` takes it apart
/// into its items and the next token. Stops after a page without a token, or when a token
/// comes back a second time (a server bug that would otherwise loop forever). An error ends
/// the stream after being yielded.
pub(crate) fn paginate<B, P, T, F, Fut>(
    builder: B,
    fetch: F,
    split: fn(P) -> (Vec<T>, Option<String>),
) -> impl Stream<Item = Result<T>> + Send + 'static
where
    B: Clone + Send + 'static,
    P: Send + 'static,
    T: Send + 'static,
    F: Fn(B, Option<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<P>> + Send + 'static,
{
    struct State<B> {
        builder: B,
        token: Option<String>,
        seen: HashSet<String>,
        done: bool,
    }
    let start = State { builder, token: None, seen: HashSet::new(), done: false };
    stream::try_unfold((start, fetch), move |(mut state, fetch)| async move {
        if state.done {
            return Ok(None);
        }
        let page = fetch(state.builder.clone(), state.token.take()).await?;
        let (items, next) = split(page);
        match next.filter(|t| !t.is_empty()) {
            Some(token) if state.seen.insert(token.clone()) => state.token = Some(token),
            _ => state.done = true,
        }
        Ok(Some((stream::iter(items.into_iter().map(Ok)), (state, fetch))))
    })
    .try_flatten()
}
