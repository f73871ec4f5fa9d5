//! OAuth2 client credentials (`calls.yaml`) against a real token endpoint and API on loopback:
//! the token fetched once and cached, refreshed before it expires, one fetch for many concurrent
//! calls (also when they all find it revoked), a refused token replaced once, refused
//! credentials; and a bearer token provider of the caller's own.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated_fixtures::calls_api::{Client, ClientCredentials, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The token endpoint's and the API's shared state.
#[derive(Default)]
struct Auth {
    /// Tokens issued so far.
    issued: u32,
    /// Tokens the API accepts.
    valid: HashSet<String>,
    /// The bodies and `Authorization` headers of the token requests.
    token_requests: Vec<(String, String)>,
}

struct Server {
    server: MockServer,
    auth: Arc<Mutex<Auth>>,
}

impl Server {
    /// A token endpoint at `/oauth/token` whose tokens live `expires_in` seconds (and take
    /// `delay` to come), and `GET /things/{id}` that accepts only the tokens not revoked.
    async fn start(expires_in: Option<serde_json::Value>, delay: Duration) -> Server {
        let server = MockServer::start().await;
        let auth = Arc::new(Mutex::new(Auth::default()));
        let state = Arc::clone(&auth);
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(move |request: &Request| {
                let mut auth = state.lock().unwrap();
                let authorization = request.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                auth.token_requests.push((String::from_utf8_lossy(&request.body).into_owned(), authorization.clone()));
                // `id` / `s3cr&t`, form-encoded, then base64.
                if authorization != "Basic aWQ6czNjciUyNnQ=" {
                    return ResponseTemplate::new(401).set_body_raw(r#"{"error":"invalid_client"}"#, "application/json");
                }
                auth.issued += 1;
                let token = format!("tok-{}", auth.issued);
                auth.valid.insert(token.clone());
                let mut body = serde_json::json!({"access_token": token, "token_type": "Bearer"});
                if let Some(seconds) = &expires_in {
                    body["expires_in"] = seconds.clone();
                }
                ResponseTemplate::new(200).set_delay(delay).set_body_json(body)
            })
            .mount(&server)
            .await;
        let state = Arc::clone(&auth);
        Mock::given(method("GET"))
            .and(path("/things/t1"))
            .respond_with(move |request: &Request| {
                let auth = state.lock().unwrap();
                let token = request.headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
                match token {
                    Some(token) if auth.valid.contains(token) => ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": token})),
                    _ => ResponseTemplate::new(401).set_body_raw(r#"{"message":"invalid token"}"#, "application/json"),
                }
            })
            .mount(&server)
            .await;
        Server { server, auth }
    }

    fn client(&self, secret: &str) -> Client {
        Client::builder()
            .base_url(self.server.uri())
            .retry(RetryPolicy::none())
            .oauth2(ClientCredentials::new("id", secret).scopes(["things:read", "things:write"]))
            .build()
            .expect("client")
    }

    fn issued(&self) -> u32 {
        self.auth.lock().unwrap().issued
    }

    fn revoke_all(&self) {
        self.auth.lock().unwrap().valid.clear();
    }

    async fn api_calls(&self) -> usize {
        let requests = self.server.received_requests().await.expect("recorded");
        requests.iter().filter(|r| r.url.path() == "/things/t1").count()
    }
}

/// The token a call was made with (the API answers with it).
async fn call(client: &Client) -> Result<String, Error> {
    client.get_thing("t1").send().await.map(|thing| thing.name)
}

#[tokio::test]
async fn the_token_is_fetched_once_and_cached() {
    let server = Server::start(Some(3600.into()), Duration::ZERO).await;
    let client = server.client("s3cr&t");
    for _ in 0..3 {
        assert_eq!(call(&client).await.expect("authorized"), "tok-1");
    }
    assert_eq!(server.issued(), 1);
    let (body, authorization) = server.auth.lock().unwrap().token_requests[0].clone();
    assert_eq!(body, "grant_type=client_credentials&scope=things%3Aread%20things%3Awrite");
    assert_eq!(authorization, "Basic aWQ6czNjciUyNnQ=", "HTTP basic, the id and secret form-encoded first");
    // The generated setter: the spec's token URL, no scopes.
    let client = Client::builder().base_url(server.server.uri()).client_credentials("id", "s3cr&t").build().expect("client");
    assert_eq!(call(&client).await.expect("authorized"), "tok-2");
    assert_eq!(server.auth.lock().unwrap().token_requests[1].0, "grant_type=client_credentials");
}

#[tokio::test]
async fn the_token_is_refreshed_before_it_expires() {
    // A 2-second token is replaced once half its life is over (`expires_in` written as a string,
    // as some servers do).
    let server = Server::start(Some("2".into()), Duration::ZERO).await;
    let client = server.client("s3cr&t");
    assert_eq!(call(&client).await.expect("authorized"), "tok-1");
    assert_eq!(call(&client).await.expect("authorized"), "tok-1");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(call(&client).await.expect("authorized"), "tok-2", "refreshed before it expired");
    assert_eq!(server.issued(), 2);
    assert_eq!(server.api_calls().await, 3, "no call was refused");
}

#[tokio::test]
async fn concurrent_calls_share_one_fetch_and_one_refresh() {
    let server = Server::start(None, Duration::from_millis(300)).await;
    let client = server.client("s3cr&t");
    let calls = (0..16).map(|_| call(&client));
    let tokens = futures::future::join_all(calls).await;
    assert!(tokens.iter().all(|t| t.as_deref().ok() == Some("tok-1")), "{tokens:?}");
    assert_eq!(server.issued(), 1, "one fetch for 16 calls");
    // Every call finds the token revoked at once: one refresh between them.
    server.revoke_all();
    let calls = (0..16).map(|_| call(&client));
    let tokens = futures::future::join_all(calls).await;
    assert!(tokens.iter().all(|t| t.as_deref().ok() == Some("tok-2")), "{tokens:?}");
    assert_eq!(server.issued(), 2, "one refresh for 16 refused calls");
    assert_eq!(server.api_calls().await, 16 + 32, "each refused call tried once more");
}

#[tokio::test]
async fn a_revoked_token_is_replaced_once() {
    let server = Server::start(Some(3600.into()), Duration::ZERO).await;
    let client = server.client("s3cr&t");
    assert_eq!(call(&client).await.expect("authorized"), "tok-1");
    server.revoke_all();
    assert_eq!(call(&client).await.expect("a fresh token"), "tok-2");
    assert_eq!((server.issued(), server.api_calls().await), (2, 3));
    // A call that gets a 401 even with a fresh token ends with it: one more try, not a loop.
    let rejecting = MockServer::start().await;
    let issued = Arc::new(AtomicU32::new(0));
    let count = Arc::clone(&issued);
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(move |_: &Request| {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": format!("t{n}"), "expires_in": 3600}))
        })
        .mount(&rejecting)
        .await;
    Mock::given(method("GET")).and(path("/things/t1")).respond_with(ResponseTemplate::new(401)).mount(&rejecting).await;
    let client = Client::builder().base_url(rejecting.uri()).client_credentials("id", "secret").build().expect("client");
    match call(&client).await {
        Err(Error::Api(error)) => assert_eq!(error.status().as_u16(), 401),
        other => panic!("expected the 401, got {other:?}"),
    }
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let api = rejecting.received_requests().await.expect("recorded").iter().filter(|r| r.url.path() == "/things/t1").count();
    assert_eq!(api, 2);
}

#[tokio::test]
async fn refused_credentials_end_the_call_and_secrets_are_never_printed() {
    let server = Server::start(Some(3600.into()), Duration::ZERO).await;
    let client = server.client("wrong-secret");
    let error = call(&client).await.expect_err("refused");
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("401") && message.contains("invalid_client"), "{message}");
    assert_eq!(server.api_calls().await, 0, "nothing sent without a token");
    for printed in [message, format!("{error:?}"), format!("{client:?}"), format!("{:?}", ClientCredentials::new("id", "wrong-secret"))] {
        assert!(!printed.contains("wrong-secret"), "{printed}");
    }
    let builder = Client::builder().oauth2(ClientCredentials::new("id", "wrong-secret"));
    assert!(!format!("{builder:?}").contains("wrong-secret"));
}

#[tokio::test]
async fn a_bearer_token_provider_is_asked_before_each_request() {
    let server = Server::start(None, Duration::ZERO).await;
    {
        let mut auth = server.auth.lock().unwrap();
        auth.valid.insert("mine-1".into());
        auth.valid.insert("mine-3".into());
    }
    let asked = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&asked);
    let client = Client::builder()
        .base_url(server.server.uri())
        .bearer_token_provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok::<_, std::io::Error>(format!("mine-{n}")) }
        })
        .build()
        .expect("client");
    assert_eq!(call(&client).await.expect("authorized"), "mine-1");
    // `mine-2` is refused: the provider is asked again, and `mine-3` is accepted.
    assert_eq!(call(&client).await.expect("a fresh token"), "mine-3");
    assert_eq!(asked.load(Ordering::SeqCst), 3);
    // Its failure ends the call, as `Error::Auth`, sending nothing.
    let before = server.api_calls().await;
    let client = Client::builder()
        .base_url(server.server.uri())
        .bearer_token_provider(|| async { Err::<String, _>("the vault is sealed") })
        .build()
        .expect("client");
    match call(&client).await {
        Err(error @ Error::Auth(_)) => assert!(error.to_string().contains("the vault is sealed"), "{error}"),
        other => panic!("expected the provider's error, got {other:?}"),
    }
    assert_eq!(server.api_calls().await, before);
}

#[tokio::test]
async fn an_operation_that_needs_no_credentials_is_sent_without_them() {
    let server = Server::start(Some(3600.into()), Duration::ZERO).await;
    Mock::given(method("GET")).and(path("/version")).respond_with(ResponseTemplate::new(200).set_body_string("1.2.3")).mount(&server.server).await;
    // `getVersion` says `security: []`: no token is fetched for it, and none is sent.
    let client = server.client("s3cr&t");
    assert_eq!(client.get_version().send().await.expect("public"), "1.2.3");
    assert_eq!(server.issued(), 0, "no token fetched for an operation that needs none");
    // A static bearer token is left out too; the other operations still carry the client's.
    let client = Client::builder().base_url(server.server.uri()).bearer_token("static").build().expect("client");
    client.get_version().send().await.expect("public");
    let _ = call(&client).await;
    let requests = server.server.received_requests().await.expect("recorded");
    let authorization = |p: &str| requests.iter().filter(|r| r.url.path() == p).map(|r| r.headers.get("authorization").cloned()).collect::<Vec<_>>();
    assert_eq!(authorization("/version"), [None, None]);
    assert_eq!(authorization("/things/t1").last().cloned().flatten().map(|v| v.to_str().unwrap().to_string()), Some("Bearer static".to_string()));
}
