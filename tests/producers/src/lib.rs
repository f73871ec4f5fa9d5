//! Real OpenAPI 3.1 producers, as a user of this generator meets them: [`utoipa_app`], an axum
//! server documented with utoipa, and (in `fastapi/app.py`) the same API in FastAPI. The tests
//! in `tests/` read each spec from the running server, check that the client generated from it
//! is the one checked in under `clients/`, and call the server with that client.

pub mod utoipa_app;

/// Serves `router` on a free loopback port until the returned sender is dropped; the base URL.
pub async fn serve(router: axum::Router) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let address = listener.local_addr().expect("the port");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    (format!("http://{address}"), stop)
}
