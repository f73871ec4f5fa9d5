//! Per-call overhead of the generated client: the same request through `botpress-client` and
//! written by hand with `reqwest` + `serde`, against a minimal HTTP/1.1 server on loopback; and
//! the allocations made while paging through 10,000 items both ways. Prints a Markdown table for
//! BENCHMARKS.md.
//!
//! `cargo bench -p e2e-tests --bench per_call`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use botpress_client::{operations, types, Client, RetryPolicy};
use futures::TryStreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const USER: &str = r#"{"id":"user_01","createdAt":"2024-06-01T09:30:00.000Z","updatedAt":"2024-06-01T09:30:00.000Z","tags":{"a":"b"},"name":"Ada"}"#;
const USER_AGENT: &str = "per-call-bench/1.0";
const PAGES: usize = 100;
const PER_PAGE: usize = 100;

/// The body for a request line: one user, or a page of users chained by `nextToken`.
fn respond(request_line: &str) -> String {
    if request_line.contains("/v1/chat/users?") || request_line.contains("/v1/chat/users ") {
        let page: usize = request_line.split("nextToken=p").nth(1).and_then(|s| s.split([' ', '&']).next()?.parse().ok()).unwrap_or(0);
        let users = vec![USER; PER_PAGE].join(",");
        let meta = if page + 1 < PAGES { format!(r#"{{"nextToken":"p{}"}}"#, page + 1) } else { "{}".into() };
        format!(r#"{{"users":[{users}],"meta":{meta}}}"#)
    } else {
        format!(r#"{{"user":{USER}}}"#)
    }
}

/// A minimal keep-alive HTTP/1.1 server: fixed JSON answers, no allocation-heavy framework.
async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        tokio::spawn(async move {
            let mut buf = Vec::with_capacity(8192);
            let mut chunk = [0u8; 8192];
            loop {
                let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                    continue;
                };
                let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                buf.drain(..end + 4);
                let body = respond(head.lines().next().unwrap_or(""));
                let response = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
                if socket.write_all(response.as_bytes()).await.is_err() {
                    return;
                }
            }
        });
    }
}

async fn by_hand(http: &reqwest::Client, base: &str) -> operations::GetUserResponse {
    http.get(format!("{base}/v1/chat/users/user_01"))
        .bearer_auth("tok")
        .header("x-bot-id", "bot_1")
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn generated(client: &Client) -> operations::GetUserResponse {
    client.get_user(types::UserId::new("user_01")).send().await.unwrap()
}

async fn time_generated(client: &Client, calls: usize) -> Duration {
    let started = Instant::now();
    for _ in 0..calls {
        generated(client).await;
    }
    started.elapsed()
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn median_f64(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn page_by_hand(http: &reqwest::Client, base: &str) -> usize {
    let mut token: Option<String> = None;
    let mut count = 0;
    loop {
        let mut request = http.get(format!("{base}/v1/chat/users")).bearer_auth("tok").header("x-bot-id", "bot_1");
        if let Some(t) = &token {
            request = request.query(&[("nextToken", t)]);
        }
        let page: operations::ListUsersResponse = request.send().await.unwrap().json().await.unwrap();
        count += page.users.len();
        match page.meta.next_token {
            Some(t) => token = Some(t),
            None => return count,
        }
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return; // `cargo test --benches` compiles it; the measurement runs under `cargo bench`.
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(serve(listener));
        // Both send the same bytes: the generated client's user agent is set on the hand-written one.
        let http = reqwest::Client::builder().user_agent(USER_AGENT).build().unwrap();
        let client =
            Client::builder().base_url(&base).bearer_token("tok").bot_id("bot_1").user_agent(USER_AGENT).retry(RetryPolicy::none()).build().unwrap();

        // Warm up both connection pools.
        for _ in 0..200 {
            by_hand(&http, &base).await;
            generated(&client).await;
        }
        if let Ok(which) = std::env::var("PER_CALL_ONLY") {
            // For a profiler: `PER_CALL_ONLY=generated perf record -g target/release/deps/per_call-* --bench`.
            for _ in 0..40_000 {
                match which.as_str() {
                    "generated" => drop(generated(&client).await),
                    _ => drop(by_hand(&http, &base).await),
                }
            }
            return;
        }
        // Rounds alternate which client goes first; the medians of the rounds are compared, so a
        // burst of noise in one round moves neither figure much.
        let calls = 1000;
        let rounds = 31;
        let (mut hand, mut gen, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let time_hand = || async {
                let started = Instant::now();
                for _ in 0..calls {
                    by_hand(&http, &base).await;
                }
                started.elapsed()
            };
            let (h, g) = if round % 2 == 0 {
                let h = time_hand().await;
                (h, time_generated(&client, calls).await)
            } else {
                let g = time_generated(&client, calls).await;
                (time_hand().await, g)
            };
            ratios.push(g.as_secs_f64() / h.as_secs_f64());
            hand.push(h);
            gen.push(g);
        }
        let per = |d: Duration| d.as_secs_f64() * 1e6 / calls as f64;
        println!("| measure | by hand (reqwest + serde) | generated client | difference |");
        println!("| --- | --- | --- | --- |");
        println!(
            "| GET round trip ({rounds} rounds of {calls} calls, median) | {:.1} µs | {:.1} µs | {:+.1} % |",
            per(median(&mut hand)),
            per(median(&mut gen)),
            (median_f64(&mut ratios) - 1.0) * 100.0
        );

        let allocations = |n: usize| n as f64 / 100.0;
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..100 {
            by_hand(&http, &base).await;
        }
        let hand_allocs = ALLOCATIONS.load(Ordering::Relaxed) - before;
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..100 {
            generated(&client).await;
        }
        let gen_allocs = ALLOCATIONS.load(Ordering::Relaxed) - before;
        println!(
            "| allocations per GET round trip (server included) | {} | {} | {:+.1} % |",
            allocations(hand_allocs),
            allocations(gen_allocs),
            (gen_allocs as f64 / hand_allocs as f64 - 1.0) * 100.0
        );

        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let n = page_by_hand(&http, &base).await;
        let hand_allocs = ALLOCATIONS.load(Ordering::Relaxed) - before;
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        // Like the hand-written loop, count the items rather than keep them all in one `Vec`.
        let users = client.list_users().into_stream().try_fold(0, |n, _user: types::User| async move { Ok(n + 1) }).await.unwrap();
        let gen_allocs = ALLOCATIONS.load(Ordering::Relaxed) - before;
        assert_eq!(n, PAGES * PER_PAGE);
        assert_eq!(users, n);
        println!(
            "| allocations paging {n} items ({PAGES} pages) | {hand_allocs} | {gen_allocs} | {:+.1} % ({:+} a page) |",
            (gen_allocs as f64 / hand_allocs as f64 - 1.0) * 100.0,
            (gen_allocs as f64 - hand_allocs as f64) / PAGES as f64
        );
    });
}
