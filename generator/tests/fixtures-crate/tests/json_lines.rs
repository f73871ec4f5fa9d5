//! Line-delimited JSON and OpenAPI 3.2 on the wire: the typed streams of `ndjson_stream.yaml`
//! (3.1, `application/x-ndjson` with `x-item-schema`) and `v32_document.yaml` (3.2: `itemSchema`
//! in `application/jsonl`, `application/json-seq` and `text/event-stream` ending with `[DONE]`;
//! the `query` method, an `additionalOperations` method, an `in: querystring` parameter) against
//! a raw TCP server on loopback that writes the body in awkward chunks: values split across
//! writes (inside a UTF-8 character too), blank lines, a malformed line, `[DONE]`, a close in the
//! middle of a line, silence.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use generated_fixtures::ndjson_stream_api::types::Progress;
use generated_fixtures::ndjson_stream_api::{Client, Error};
use generated_fixtures::v32_document_api as v32;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does on one connection.
#[derive(Clone)]
enum Step {
    Write(&'static [u8]),
    Pause(u64),
    /// Keep the connection open until the client closes it (within 5 s); records that it did.
    WaitForClose,
}
use Step::*;

/// What the server saw: each request's head (lower-cased, but for the request line) and body.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// A server that answers one connection with `status` and `content_type`, then `script`.
async fn server(status: u16, content_type: &'static str, script: Vec<Step>) -> (String, Seen, Arc<Mutex<Option<bool>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let closed: Arc<Mutex<Option<bool>>> = Arc::default();
    let (seen2, closed2) = (seen.clone(), closed.clone());
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let request = read_request(&mut socket).await;
        seen2.lock().unwrap().push(request);
        let reason = if status == 200 { "OK" } else { "Not Found" };
        if status != 200 {
            let body = r#"{"message":"no such job"}"#;
            let head = format!(
                "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            return;
        }
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n");
        socket.write_all(head.as_bytes()).await.unwrap();
        for step in script {
            match step {
                Write(bytes) => {
                    if socket.write_all(bytes).await.is_err() {
                        break;
                    }
                    socket.flush().await.unwrap();
                }
                Pause(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
                WaitForClose => {
                    let mut buf = [0u8; 64];
                    let gone = matches!(tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buf)).await, Ok(Ok(0)) | Ok(Err(_)));
                    *closed2.lock().unwrap() = Some(gone);
                }
            }
        }
        // Dropping the socket closes the connection (mid-line, where the script says so).
    });
    (url, seen, closed)
}

/// A request's head and its body (by `content-length`).
async fn read_request(socket: &mut TcpStream) -> (String, String) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    socket.read_exact(&mut body).await.unwrap();
    let (line, rest) = head.split_once("\r\n").unwrap_or((&head, ""));
    (format!("{line}\r\n{}", rest.to_ascii_lowercase()), String::from_utf8(body).unwrap())
}

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().unwrap()
}

fn percent(item: Option<Result<Progress, Error>>) -> (i32, Option<String>) {
    match item {
        Some(Ok(p)) => (p.percent, p.stage),
        other => panic!("expected a progress report, got {other:?}"),
    }
}

#[tokio::test]
async fn lines_split_anywhere_decode_and_a_bad_line_is_an_error_item() {
    let (url, seen, _) = server(
        200,
        "application/x-ndjson",
        vec![
            // One value split mid-key, then two in one write with CRLF and a blank line between.
            Write(b"{\"perc"),
            Pause(20),
            Write(b"ent\": 10}\n{\"percent\": 20, \"stage\": \"copy\"}\r\n\r\n"),
            Pause(20),
            // A UTF-8 character split across writes (`\xc3\xa9` is `é`).
            Write(b"{\"percent\": 30, \"stage\": \"caf\xc3"),
            Pause(20),
            Write(b"\xa9\"}\n"),
            Write(b"not json\n"),
            Write(b"{\"percent\": \"wrong type\"}\n"),
            // The last line without its newline, then the server closes: read whole.
            Write(b"{\"percent\": 100}"),
        ],
    )
    .await;
    let mut stream = client(&url).watch_job("j 1").send().await.expect("stream opens");
    let (line, _) = seen.lock().unwrap()[0].clone();
    assert!(line.starts_with("GET /jobs/j%201/progress "), "{line}");
    assert!(line.contains("accept: application/x-ndjson\r\n"), "{line}");
    assert_eq!(percent(stream.next().await), (10, None));
    assert_eq!(percent(stream.next().await), (20, Some("copy".into())));
    assert_eq!(percent(stream.next().await), (30, Some("café".into())));
    match stream.next().await {
        Some(Err(Error::Decode { body, .. })) => assert_eq!(body, "not json"),
        other => panic!("a malformed line is an error item, got {other:?}"),
    }
    assert!(matches!(stream.next().await, Some(Err(Error::Decode { .. }))), "a value of the wrong shape too");
    assert_eq!(percent(stream.next().await), (100, None), "the stream went on after the bad lines");
    assert!(stream.next().await.is_none());
    assert!(stream.next().await.is_none(), "it stays ended");
}

#[tokio::test]
async fn a_close_in_the_middle_of_a_line_is_an_error_item_and_the_end() {
    let (url, _, _) = server(200, "application/x-ndjson", vec![Write(b"{\"percent\": 1}\n{\"percent\": 2, \"sta")]).await;
    let mut stream = client(&url).watch_job("j").send().await.unwrap();
    assert_eq!(percent(stream.next().await), (1, None));
    match stream.next().await {
        Some(Err(Error::Decode { source, body, .. })) => {
            assert!(source.to_string().starts_with("the stream ended in the middle of a value"), "{source}");
            assert_eq!(body, "{\"percent\": 2, \"sta");
        }
        other => panic!("a cut line is an error item, got {other:?}"),
    }
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn done_ends_the_stream_and_closes_the_connection() {
    let (url, _, closed) = server(200, "application/x-ndjson", vec![Write(b"{\"percent\": 1}\n[DONE]\n{\"percent\": 2}\n"), WaitForClose]).await;
    let mut stream = client(&url).watch_job("j").send().await.unwrap();
    assert_eq!(percent(stream.next().await), (1, None));
    assert!(stream.next().await.is_none(), "nothing after [DONE]");
    // The stream dropped the connection at `[DONE]`, while it is still alive.
    for _ in 0..100 {
        if closed.lock().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(*closed.lock().unwrap(), Some(true));
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let (url, _, closed) = server(200, "application/x-ndjson", vec![Write(b"{\"percent\": 1}\n"), WaitForClose]).await;
    let mut stream = client(&url).watch_job("j").send().await.unwrap();
    assert_eq!(percent(stream.next().await), (1, None));
    drop(stream);
    for _ in 0..100 {
        if closed.lock().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(*closed.lock().unwrap(), Some(true), "the server saw the connection close");
}

#[tokio::test]
async fn an_idle_stream_ends_with_an_idle_error() {
    let (url, _, _) = server(200, "application/x-ndjson", vec![Write(b"{\"percent\": 1}\n"), Pause(2_000)]).await;
    let stream = client(&url).watch_job("j").send().await.unwrap();
    let mut stream = stream.idle_timeout(Duration::from_millis(150));
    assert_eq!(percent(stream.next().await), (1, None));
    match stream.next().await {
        Some(Err(Error::Idle(after))) => assert_eq!(after, Duration::from_millis(150)),
        other => panic!("expected an idle error, got {other:?}"),
    }
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn the_client_timeout_bounds_the_head_not_the_stream() {
    let (url, _, _) = server(200, "application/x-ndjson", vec![Write(b"{\"percent\": 1}\n"), Pause(600), Write(b"{\"percent\": 2}\n")]).await;
    let client = Client::builder().base_url(&url).timeout(Duration::from_millis(300)).build().unwrap();
    let mut stream = client.watch_job("j").send().await.unwrap();
    assert_eq!(percent(stream.next().await), (1, None));
    assert_eq!(percent(stream.next().await), (2, None), "a value after longer than the client's timeout still arrives");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_error_status_is_the_apis_error_and_a_line_longer_than_the_limit_ends_the_stream() {
    let (url, _, _) = server(404, "", vec![]).await;
    match client(&url).watch_job("j").send().await {
        Err(Error::Api(e)) => assert_eq!(e.status().as_u16(), 404),
        other => panic!("expected the API's error, got {other:?}"),
    }
    let (url, _, _) = server(200, "application/x-ndjson", vec![Write(b"{\"percent\": 1}\n{\"percent\": 2, \"stage\": \"a long line\"}\n")]).await;
    let mut stream = client(&url).watch_job("j").send().await.unwrap().max_line(20);
    assert_eq!(percent(stream.next().await), (1, None));
    assert!(matches!(stream.next().await, Some(Err(Error::ResponseTooLarge { limit: 20, .. }))));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn a_stream_without_an_item_schema_yields_any_json() {
    let (url, _, _) = server(200, "application/jsonl", vec![Write(b"{\"level\": \"info\"}\n[1, 2]\n\"text\"\n")]).await;
    let got: Vec<serde_json::Value> = client(&url).tail_logs().send().await.unwrap().map(|item| item.unwrap()).collect().await;
    assert_eq!(got, [serde_json::json!({"level": "info"}), serde_json::json!([1, 2]), serde_json::json!("text")]);
}

fn v32_client(url: &str) -> v32::Client {
    v32::Client::builder().base_url(url).build().unwrap()
}

#[tokio::test]
async fn v32_server_sent_events_end_at_done() {
    let (url, seen, closed) = server(
        200,
        "text/event-stream",
        vec![
            Write(b"data: {\"index\": 0, \"te"),
            Pause(20),
            Write(b"xt\": \"Hel\"}\n\n: keep-alive\n\ndata: {\"index\": 1, \"text\": \"lo\", \"finish\": \"stop\"}\n\n"),
            Write(b"data: [DONE]\n\n"),
            Write(b"data: {\"index\": 2, \"text\": \"after the end\"}\n\n"),
            WaitForClose,
        ],
    )
    .await;
    // Even a stream that reconnects ends at `[DONE]`: the server's end, not a lost connection.
    let reconnect = v32::sse::Reconnect::new().initial_delay(Duration::from_millis(10)).max_attempts(Some(2));
    let stream = v32_client(&url).complete("Say hello").send().await.unwrap().reconnect(reconnect);
    let chunks: Vec<(i32, String, Option<String>)> = stream
        .map(|event| {
            let chunk = event.expect("no error item").data;
            (chunk.index, chunk.text, chunk.finish)
        })
        .collect()
        .await;
    assert_eq!(chunks, [(0, "Hel".to_string(), None), (1, "lo".to_string(), Some("stop".to_string()))]);
    let (line, body) = seen.lock().unwrap()[0].clone();
    assert!(line.starts_with("POST /chat/completions "), "{line}");
    assert_eq!(body, r#"{"prompt":"Say hello"}"#);
    for _ in 0..100 {
        if closed.lock().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(*closed.lock().unwrap(), Some(true), "[DONE] closed the connection");
    assert_eq!(seen.lock().unwrap().len(), 1, "no reconnection after [DONE]");
}

#[tokio::test]
async fn v32_querystring_and_a_json_lines_media_type_from_components() {
    let (url, seen, _) = server(
        200,
        "application/jsonl",
        vec![
            Write(b"{\"id\": \"m1\", \"author\": \"ann\", \"text\": \"hi\"}\n{\"id\": \"m2\", \"au"),
            Pause(20),
            Write(b"thor\": \"ann\", \"text\": \"a & b\"}\n"),
        ],
    )
    .await;
    let filter = v32::operations::ExportMessagesFilter::new().author("ann & co").since(5);
    let stream = v32_client(&url).export_messages().filter(filter).send().await.unwrap();
    let got: Vec<(String, String)> = stream.map(|m| m.map(|m| (m.id, m.text)).unwrap()).collect().await;
    assert_eq!(got, [("m1".to_string(), "hi".to_string()), ("m2".to_string(), "a & b".to_string())]);
    let (line, _) = seen.lock().unwrap()[0].clone();
    // The whole query string is the object's pairs, form-encoded; the parameter's name is not sent.
    assert!(line.starts_with("GET /messages?author=ann%20%26%20co&since=5 HTTP/1.1\r\n"), "{line}");
    assert!(line.contains("accept: application/jsonl\r\n"), "{line}");
}

#[tokio::test]
async fn v32_query_method_sends_its_body() {
    let (url, seen, _) = server(200, "application/json", vec![Write(b"[{\"id\": \"m1\", \"author\": \"ann\", \"text\": \"hi\"}]")]).await;
    let found = v32_client(&url).search_messages("hi").limit(5).send().await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, "m1");
    let (line, body) = seen.lock().unwrap()[0].clone();
    assert!(line.starts_with("QUERY /messages HTTP/1.1\r\n"), "{line}");
    assert!(line.contains("content-type: application/json\r\n"), "{line}");
    assert_eq!(body, r#"{"text":"hi","limit":5}"#);
}

#[tokio::test]
async fn v32_additional_operation_uses_its_method() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let request = read_request(&mut socket).await;
        socket.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await.unwrap();
        request
    });
    v32_client(&url).link_message("m1", "m2").send().await.unwrap();
    let (line, _) = server.await.unwrap();
    assert!(line.starts_with("LINK /messages/m1?to=m2 HTTP/1.1\r\n"), "{line}");
}

#[tokio::test]
async fn v32_json_seq_records_may_span_lines_and_a_bad_one_is_an_error_item() {
    let (url, seen, _) = server(
        200,
        "application/json-seq",
        vec![
            Write(b"\x1e{\"n\": 1}\n\x1e{\n  \"n\": 2,\n"),
            Pause(20),
            Write(b"  \"note\": \"two\"\n}\n"),
            Write(b"\x1enope\n"),
            Write(b"\x1e{\"n\": 3}\n"),
        ],
    )
    .await;
    let mut stream = v32_client(&url).stream_records().send().await.unwrap();
    let (line, _) = seen.lock().unwrap()[0].clone();
    assert!(line.contains("accept: application/json-seq\r\n"), "{line}");
    let record = stream.next().await.unwrap().unwrap();
    assert_eq!((record.n, record.note), (1, None));
    let record = stream.next().await.unwrap().unwrap();
    assert_eq!((record.n, record.note.as_deref()), (2, Some("two")), "a record over several lines");
    match stream.next().await {
        Some(Err(v32::Error::Decode { body, .. })) => assert_eq!(body, "nope"),
        other => panic!("a malformed record is an error item, got {other:?}"),
    }
    assert_eq!(stream.next().await.unwrap().unwrap().n, 3);
    assert!(stream.next().await.is_none());
}
