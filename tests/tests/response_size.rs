//! A server that sends more than the client accepts (`ClientBuilder::max_response_size`): the
//! call fails with `Error::ResponseTooLarge`, promptly, whether the body says its length up front,
//! lies about it, or streams without end; `download_stream` is not limited.

use std::time::Duration;

use botpress_client::types::UserId;
use botpress_client::{Client, ClientBuilder, Error, RetryPolicy};
use futures::TryStreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = "user_01";
const LIMIT: u64 = 4096;

fn client(base_url: &str, limit: u64) -> Client {
    Client::builder().base_url(base_url).bearer_token("tok").bot_id("bot_1").retry(RetryPolicy::none()).max_response_size(limit).build().unwrap()
}

/// A user as the API sends it, padded with spaces to exactly `len` bytes.
fn user_body(len: usize) -> Vec<u8> {
    let mut body = serde_json::to_vec(
        &serde_json::json!({"user": {"id": USER, "createdAt": "2024-06-01T09:30:00.000Z", "updatedAt": "2024-06-01T09:30:00.000Z", "tags": {}}}),
    )
    .unwrap();
    assert!(body.len() <= len);
    body.resize(len, b' ');
    body
}

/// `future`, or a failure if it takes more than ten seconds.
async fn promptly<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), future).await.expect("the call finished within 10 s")
}

fn assert_too_large(error: &Error, status: u16) {
    match error {
        Error::ResponseTooLarge { status: s, limit } => assert_eq!((s.as_u16(), *limit), (status, LIMIT)),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    assert!(error.to_string().contains(&format!("larger than {LIMIT} bytes")), "{error}");
}

#[tokio::test]
async fn a_body_at_the_limit_is_read_and_one_byte_more_is_refused() {
    let server = MockServer::start().await;
    let route = format!("/v1/chat/users/{USER}");
    Mock::given(method("GET"))
        .and(path(&route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(user_body(LIMIT as usize), "application/json"))
        .mount(&server)
        .await;
    let user = client(&server.uri(), LIMIT).get_user(UserId::new(USER)).send().await.unwrap();
    assert_eq!(user.user.id, USER);

    let error = client(&server.uri(), LIMIT - 1).get_user(UserId::new(USER)).send().await.unwrap_err();
    match error {
        Error::ResponseTooLarge { limit, .. } => assert_eq!(limit, LIMIT - 1),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_response_and_a_download_are_limited_too() {
    let server = MockServer::start().await;
    let big = vec![b'x'; LIMIT as usize + 1];
    Mock::given(method("GET"))
        .and(path(format!("/v1/chat/users/{USER}")))
        .respond_with(ResponseTemplate::new(500).set_body_raw(big.clone(), "text/html"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/big.bin"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    let client = client(&server.uri(), LIMIT);
    assert_too_large(&client.get_user(UserId::new(USER)).send().await.unwrap_err(), 500);
    let url = format!("{}/files/big.bin", server.uri());
    assert_too_large(&client.download(&url).await.unwrap_err(), 200);

    // A stream is read chunk by chunk by the caller: no limit applies.
    let chunks: Vec<bytes::Bytes> = client.download_stream(&url).await.unwrap().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), big);
}

/// A raw HTTP/1.1 server on loopback that answers every connection with `head`, then `body`
/// (called until it says `None` or the client goes away).
async fn raw_server(head: &'static str, mut body: impl FnMut() -> Option<Vec<u8>> + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buffer[..n]),
            }
        }
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        while let Some(bytes) = body() {
            if socket.write_all(&bytes).await.is_err() {
                return;
            }
        }
        // Keep the connection open: the client must not wait for the end of the body.
        tokio::time::sleep(Duration::from_secs(60)).await;
    });
    format!("http://{address}")
}

#[tokio::test]
async fn an_endless_chunked_body_without_a_length_is_cut_off() {
    let base = raw_server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", endless_chunks()).await;
    let error = promptly(client(&base, LIMIT).get_user(UserId::new(USER)).send()).await.unwrap_err();
    assert_too_large(&error, 200);
}

#[tokio::test]
async fn a_content_length_over_the_limit_is_refused_before_the_body() {
    // The server announces 10 GiB and sends nothing: the client must not wait for it.
    let base = raw_server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n", || None).await;
    let error = promptly(client(&base, LIMIT).get_user(UserId::new(USER)).send()).await.unwrap_err();
    assert_too_large(&error, 200);
}

/// Chunks of 1 KiB of spaces, for as long as the client reads (a bounded number, so that the
/// test cannot run away).
fn endless_chunks() -> impl FnMut() -> Option<Vec<u8>> + Send + 'static {
    let mut sent = 0;
    move || {
        sent += 1;
        (sent < 100_000).then(|| {
            let mut chunk = b"400\r\n".to_vec();
            chunk.extend_from_slice(&[b' '; 1024]);
            chunk.extend_from_slice(b"\r\n");
            chunk
        })
    }
}

#[tokio::test]
async fn a_content_length_that_lies_low_does_not_let_more_in() {
    // It says 100 bytes, then sends chunks without end: the count of what arrives stops it.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n";
    let base = raw_server(head, endless_chunks()).await;
    let error = promptly(client(&base, LIMIT).get_user(UserId::new(USER)).send()).await.unwrap_err();
    assert_too_large(&error, 200);
}

#[test]
fn the_default_limit_is_generous() {
    assert_eq!(ClientBuilder::DEFAULT_MAX_RESPONSE_SIZE, 64 << 20);
    assert!(format!("{:?}", Client::builder()).contains("max_response_size: 67108864"));
}

#[tokio::test]
async fn a_body_in_many_chunks_under_the_limit_is_read_whole() {
    // Small chunks, so that the JSON itself is split across them.
    let body = user_body(3000);
    let mut chunks: Vec<Vec<u8>> = body.chunks(40).map(|part| [format!("{:x}\r\n", part.len()).as_bytes(), part, b"\r\n"].concat()).collect();
    chunks.push(b"0\r\n\r\n".to_vec());
    chunks.reverse();
    let base = raw_server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", move || {
        // One chunk at a time, so that the client sees them apart.
        std::thread::sleep(Duration::from_millis(5));
        chunks.pop()
    })
    .await;
    let user = promptly(client(&base, LIMIT).get_user(UserId::new(USER)).send()).await.unwrap();
    assert_eq!(user.user.id, USER);
}
