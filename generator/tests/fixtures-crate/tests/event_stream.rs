//! Server-sent events (`event_stream.yaml`) against a raw TCP server on loopback that writes
//! the stream in awkward chunks: events split across writes, multi-line `data`, keep-alive
//! comments, an unknown event type, a malformed event, `retry:`/`id:`-only blocks, a close in
//! the middle of an event, and (with reconnection) resumption from `Last-Event-ID`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use generated_fixtures::event_stream_api::sse::{Event, Reconnect};
use generated_fixtures::event_stream_api::types::RoomEvent;
use generated_fixtures::event_stream_api::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does on one connection.
#[derive(Clone)]
enum Step {
    Write(&'static str),
    Pause(u64),
    /// Keep the connection open until the client closes it; records that it did.
    WaitForClose,
}

/// The request headers of each connection, lower-cased.
type Seen = Arc<Mutex<Vec<String>>>;

/// A server that answers its n-th connection with `scripts[n]` (200, `text/event-stream`, read
/// until close), or `status` when it is not 200.
async fn server(status: u16, scripts: Vec<Vec<Step>>) -> (String, Seen, Arc<Mutex<bool>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let closed = Arc::new(Mutex::new(false));
    let (seen2, closed2) = (seen.clone(), closed.clone());
    tokio::spawn(async move {
        for script in scripts {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let head = read_head(&mut socket).await;
            seen2.lock().unwrap().push(head);
            if status != 200 {
                let body = r#"{"message":"no such room"}"#;
                let head = format!(
                    "HTTP/1.1 {status} Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                continue;
            }
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n";
            socket.write_all(head.as_bytes()).await.unwrap();
            for step in script {
                match step {
                    Step::Write(text) => {
                        if socket.write_all(text.as_bytes()).await.is_err() {
                            break;
                        }
                        socket.flush().await.unwrap();
                    }
                    Step::Pause(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
                    Step::WaitForClose => {
                        let mut buf = [0u8; 64];
                        let gone = matches!(tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buf)).await, Ok(Ok(0)) | Ok(Err(_)));
                        *closed2.lock().unwrap() = gone;
                    }
                }
            }
            // Dropping the socket closes the connection (mid-event, where the script says so).
        }
    });
    (url, seen, closed)
}

async fn read_head(socket: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
            break;
        }
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).to_ascii_lowercase()
}

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().unwrap()
}

fn said(event: &Event<RoomEvent>) -> (Option<&str>, String) {
    match &event.data {
        RoomEvent::Said(said) => (event.id.as_deref(), said.data.text.clone()),
        other => panic!("expected a `said` event, got {other:?}"),
    }
}

#[tokio::test]
async fn awkward_chunks_decode_into_typed_events_and_bad_ones_are_error_items() {
    use Step::*;
    let (url, seen, _) = server(
        200,
        vec![vec![
            Write(": keep-alive\n\n"),
            Pause(20),
            // One event split across three writes, mid-field and between its two newlines.
            Write("data: {\"type\":\"joi"),
            Pause(20),
            Write("ned\",\"data\":{\"user\":\"ann\"}}\n"),
            Pause(20),
            Write("\n"),
            // Multi-line data is joined with newlines; CRLF line ends.
            Write("id: 1\r\ndata: {\"type\":\"said\",\r\ndata: \"data\":{\"user\":\"ann\",\"text\":\"hi\"}}\r\n\r\n"),
            Write(": another comment\n\n"),
            Write("event: room\ndata: {\"type\":\"waved\",\"data\":{\"user\":\"bob\"}}\n\n"),
            Write("data: not json\n\n"),
            Write("retry: 10\n\n"),
            Write("id: 2\ndata: {\"type\":\"said\",\"data\":{\"user\":\"bob\",\"text\":\"hel"),
            // ... and the connection closes in the middle of that event.
        ]],
    )
    .await;
    let mut stream = client(&url).watch_room("r 1").send().await.expect("stream opens");
    let head = seen.lock().unwrap()[0].clone();
    assert!(head.starts_with("get /rooms/r%201/events "), "{head}");
    assert!(head.contains("accept: text/event-stream"), "{head}");

    let first = stream.next().await.unwrap().unwrap();
    assert!(matches!(&first.data, RoomEvent::Joined(j) if j.data.user == "ann"), "{first:?}");
    assert_eq!((first.id.as_deref(), first.name.as_str()), (None, "message"));

    let second = stream.next().await.unwrap().unwrap();
    assert_eq!(said(&second), (Some("1"), "hi".to_string()));

    let third = stream.next().await.unwrap().unwrap();
    assert_eq!(third.name, "room");
    match &third.data {
        RoomEvent::Unrecognized(json) => assert_eq!(json["data"]["user"], "bob"),
        other => panic!("an unknown type keeps its JSON, got {other:?}"),
    }

    match stream.next().await.unwrap() {
        Err(Error::Decode { body, .. }) => assert_eq!(body, "not json"),
        other => panic!("a malformed event is an error item, got {other:?}"),
    }
    // The half-sent event is dropped and the stream ends (no reconnection asked for).
    assert!(stream.next().await.is_none());
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn with_reconnection_a_dropped_stream_resumes_from_the_last_event_id_without_loss_or_repeat() {
    use Step::*;
    let event = |id: u32, text: &str| -> &'static str {
        Box::leak(format!("id: {id}\ndata: {{\"type\":\"said\",\"data\":{{\"user\":\"ann\",\"text\":\"{text}\"}}}}\n\n").into_boxed_str())
    };
    let (url, seen, _) = server(
        200,
        vec![
            vec![Write(event(1, "one")), Write(event(2, "two")), Write("id: 3\ndata: {\"type\":\"sa")],
            // The server sends event 2 again after the reconnection: it is not repeated.
            vec![Write(event(2, "two")), Write(event(3, "three"))],
            vec![Write(": ping\n\n"), Write(event(4, "four")), WaitForClose],
        ],
    )
    .await;
    let stream = client(&url).watch_room("r1").send().await.unwrap();
    let stream = stream.reconnect(Reconnect::new().initial_delay(Duration::from_millis(10)));
    let got: Vec<(Option<String>, String)> = stream
        .take(4)
        .map(|item| {
            let event = item.expect("no error item");
            let (id, text) = said(&event);
            (id.map(str::to_owned), text)
        })
        .collect()
        .await;
    let expected: Vec<(Option<String>, String)> =
        [("1", "one"), ("2", "two"), ("3", "three"), ("4", "four")].iter().map(|(i, t)| (Some(i.to_string()), t.to_string())).collect();
    assert_eq!(got, expected);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(!seen[0].contains("last-event-id"), "{}", seen[0]);
    assert!(seen[1].contains("last-event-id: 2\r\n"), "{}", seen[1]);
    assert!(seen[2].contains("last-event-id: 3\r\n"), "{}", seen[2]);
}

#[tokio::test]
async fn an_idle_stream_ends_with_an_idle_error() {
    use Step::*;
    let event = "data: {\"type\":\"joined\",\"data\":{\"user\":\"ann\"}}\n\n";
    let (url, _, _) = server(200, vec![vec![Write(event), Pause(2_000)]]).await;
    let stream = client(&url).watch_room("r1").send().await.unwrap();
    let mut stream = stream.idle_timeout(Duration::from_millis(150));
    assert!(stream.next().await.unwrap().is_ok());
    match stream.next().await {
        Some(Err(Error::Idle(after))) => assert_eq!(after, Duration::from_millis(150)),
        other => panic!("expected an idle error, got {other:?}"),
    }
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn keep_alives_keep_an_idle_timeout_from_firing() {
    use Step::*;
    let event = "data: {\"type\":\"joined\",\"data\":{\"user\":\"ann\"}}\n\n";
    let (url, _, _) = server(200, vec![vec![Pause(80), Write(":\n\n"), Pause(80), Write(":\n\n"), Pause(80), Write(event)]]).await;
    let stream = client(&url).watch_room("r1").send().await.unwrap();
    let mut stream = stream.idle_timeout(Duration::from_millis(150));
    assert!(matches!(stream.next().await, Some(Ok(_))));
}

#[tokio::test]
async fn an_error_status_is_the_api_error_of_send() {
    let (url, _, _) = server(404, vec![vec![]]).await;
    match client(&url).watch_room("r1").send().await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status().as_u16(), 404);
            // The documented `Problem`: the operations that document no error body do not veto it.
            assert_eq!(error.body().and_then(|b| b.message.as_deref()), Some("no such room"));
        }
        other => panic!("expected the API's error, got {other:?}"),
    }
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    use Step::*;
    let event = "data: {\"type\":\"joined\",\"data\":{\"user\":\"ann\"}}\n\n";
    let (url, _, closed) = server(200, vec![vec![Write(event), WaitForClose]]).await;
    let mut stream = client(&url).watch_room("r1").send().await.unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    drop(stream);
    for _ in 0..100 {
        if *closed.lock().unwrap() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the server did not see the connection close");
}

#[tokio::test]
async fn without_an_item_schema_each_event_is_any_json() {
    use Step::*;
    let (url, _, _) = server(200, vec![vec![Write("data: [1, 2]\n\n"), Write("data: \"x\"\n\n")]]).await;
    let events: Vec<serde_json::Value> = client(&url).tail_logs().send().await.unwrap().map(|e| e.unwrap().data).collect().await;
    assert_eq!(events, vec![serde_json::json!([1, 2]), serde_json::json!("x")]);
}

// ---- Timeouts: the client's bound the wait for the response head, not a stream's life ----

/// The `said` event the timeout tests write, numbered.
const SAID: [&str; 4] = [
    "id: 1\ndata: {\"type\":\"said\",\"data\":{\"user\":\"ann\",\"text\":\"one\"}}\n\n",
    "id: 2\ndata: {\"type\":\"said\",\"data\":{\"user\":\"ann\",\"text\":\"two\"}}\n\n",
    "id: 3\ndata: {\"type\":\"said\",\"data\":{\"user\":\"ann\",\"text\":\"three\"}}\n\n",
    "id: 4\ndata: {\"type\":\"said\",\"data\":{\"user\":\"ann\",\"text\":\"four\"}}\n\n",
];

#[tokio::test]
async fn a_stream_outlives_the_clients_timeout_and_keeps_delivering_events() {
    use Step::*;
    // Four events 150 ms apart: the stream lives 450 ms, three times the client's timeout.
    let script = vec![Write(SAID[0]), Pause(150), Write(SAID[1]), Pause(150), Write(SAID[2]), Pause(150), Write(SAID[3])];
    let (url, seen, _) = server(200, vec![script]).await;
    let client = Client::builder().base_url(&url).timeout(Duration::from_millis(150)).build().unwrap();
    let started = std::time::Instant::now();
    let stream = client.watch_room("r1").send().await.unwrap();
    let events: Vec<_> = stream.idle_timeout(Duration::from_secs(2)).collect().await;
    let texts: Vec<_> = events.iter().map(|e| said(e.as_ref().expect("an event, not an error")).1).collect();
    assert_eq!(texts, ["one", "two", "three", "four"]);
    assert!(started.elapsed() >= Duration::from_millis(450), "the stream lived {:?}", started.elapsed());
    assert_eq!(seen.lock().unwrap().len(), 1, "one connection, never dropped and reopened");
}

#[tokio::test]
async fn a_calls_timeout_does_not_bound_the_stream_either() {
    use Step::*;
    let script = vec![Write(SAID[0]), Pause(300), Write(SAID[1])];
    let (url, _, _) = server(200, vec![script]).await;
    let stream = client(&url).watch_room("r1").timeout(Duration::from_millis(100)).send().await.unwrap();
    let events: Vec<_> = stream.collect().await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().all(Result::is_ok), "{events:?}");
}

#[tokio::test]
async fn with_reconnection_a_long_stream_is_not_reopened_at_each_timeout() {
    use Step::*;
    let script = vec![Write(SAID[0]), Pause(200), Write(SAID[1]), Pause(200), Write(SAID[2])];
    let (url, seen, _) = server(200, vec![script, vec![]]).await;
    let client = Client::builder().base_url(&url).timeout(Duration::from_millis(120)).build().unwrap();
    let stream = client.watch_room("r1").send().await.unwrap();
    let mut stream = stream.reconnect(Reconnect::new().initial_delay(Duration::from_millis(10)));
    for expected in ["one", "two", "three"] {
        let event = stream.next().await.unwrap().unwrap();
        assert_eq!(said(&event).1, expected);
    }
    assert_eq!(seen.lock().unwrap().len(), 1, "no reconnection while the stream was healthy");
}

/// A server that accepts connections, reads each request and never answers; counts them.
async fn silent_server() -> (String, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(Mutex::new(0usize));
    let count2 = count.clone();
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            read_head(&mut socket).await;
            *count2.lock().unwrap() += 1;
            // Held open, silent, until the test ends.
            open.push(socket);
        }
    });
    (url, count)
}

#[tokio::test]
async fn a_listen_request_that_never_gets_a_response_head_is_bounded_by_the_timeout() {
    let (url, count) = silent_server().await;
    let client = Client::builder().base_url(&url).timeout(Duration::from_millis(200)).build().unwrap();
    let started = std::time::Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(5), client.watch_room("r1").send()).await.expect("send() returned");
    match outcome {
        Err(Error::Timeout(after)) => assert_eq!(after, Duration::from_millis(200)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(*count.lock().unwrap(), 1);
    // A call's own timeout bounds it too.
    let outcome = tokio::time::timeout(Duration::from_secs(5), client.watch_room("r1").timeout(Duration::from_millis(50)).send()).await;
    assert!(matches!(outcome, Ok(Err(Error::Timeout(after))) if after == Duration::from_millis(50)), "{outcome:?}");
}

#[tokio::test]
async fn a_reconnection_that_never_gets_a_response_head_is_bounded_and_counted_as_a_failed_attempt() {
    // The first connection delivers one event and closes; every later one is silent.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut open = Vec::new();
        let mut first = true;
        while let Ok((mut socket, _)) = listener.accept().await {
            read_head(&mut socket).await;
            if std::mem::take(&mut first) {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
                let _ = socket.write_all(format!("{head}{}", SAID[0]).as_bytes()).await;
                continue;
            }
            open.push(socket);
        }
    });
    let client = Client::builder().base_url(&url).timeout(Duration::from_millis(100)).build().unwrap();
    let stream = client.watch_room("r1").send().await.unwrap();
    let policy = Reconnect::new().initial_delay(Duration::from_millis(10)).max_delay(Duration::from_millis(10)).max_attempts(Some(2));
    let items: Vec<_> = tokio::time::timeout(Duration::from_secs(5), stream.reconnect(policy).collect()).await.expect("the stream ended");
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(said(items[0].as_ref().unwrap()).1, "one");
    assert!(matches!(items[1], Err(Error::Timeout(_))), "{:?}", items[1]);
}

#[tokio::test]
async fn a_plain_calls_whole_exchange_is_still_bounded_by_the_timeout() {
    // The head comes at once, the body never ends: a plain call gives up at the timeout.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        read_head(&mut socket).await;
        let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"name\":").await;
        tokio::time::sleep(Duration::from_secs(10)).await;
    });
    let client = Client::builder()
        .base_url(&url)
        .timeout(Duration::from_millis(200))
        .retry(generated_fixtures::event_stream_api::RetryPolicy::none())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    match client.get_room("r1").send().await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected a transport timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

/// `send_with_response` of an event stream: the response's status and headers beside the
/// stream (whose body is the events, so `body_bytes()` is empty), and the token of a provider.
#[tokio::test]
async fn a_stream_comes_with_its_response_head() {
    let (url, seen, _) = server(200, vec![vec![Step::Write("data: {\"type\":\"joined\",\"data\":{\"user\":\"bob\"}}\n\n")]]).await;
    // A token provider's token goes with a stream too.
    let client = Client::builder().base_url(&url).bearer_token_provider(|| async { Ok::<_, Error>("tok".to_string()) }).build().unwrap();
    let response = client.watch_room("r1").send_with_response().await.expect("stream opens");
    assert!(seen.lock().unwrap()[0].contains("authorization: bearer tok"), "{:?}", seen.lock().unwrap());
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-cache"));
    assert!(response.body_bytes().is_empty());
    let mut stream = response.into_inner();
    let event = stream.next().await.unwrap().unwrap();
    assert!(matches!(&event.data, RoomEvent::Joined(j) if j.data.user == "bob"), "{event:?}");
}
