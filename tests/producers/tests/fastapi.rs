//! The FastAPI app (`fastapi/app.py`) under uvicorn on a free loopback port: its spec read from
//! the running server, the client generated from it, and that client calling it. The Python
//! environment is `fastapi/.venv`, made by `fastapi/setup-venv` (CI runs it; so does this test
//! when it is missing).

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// uvicorn, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> std::path::PathBuf {
    let python = common::here("fastapi/.venv/bin/python");
    if !python.exists() {
        let status = Command::new(common::here("fastapi/setup-venv")).status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "the FastAPI test needs a Python environment with fastapi and uvicorn: `tests/producers/fastapi/setup-venv` makes it (python3 and PyPI needed)"
        );
    }
    python
}

async fn start() -> Server {
    let python = python();
    // A free port: the OS picks one, uvicorn takes it over.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(python)
        .args(["-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port", &port.to_string(), "--log-level", "warning"])
        .current_dir(common::here("fastapi"))
        .stdin(Stdio::null())
        .spawn()
        .expect("uvicorn starts");
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(Instant::now() < deadline, "uvicorn did not listen on port {port} within 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server
}

#[tokio::test]
async fn the_fastapi_app_and_the_client_generated_from_its_spec() {
    use fastapi_pets_client::types::{Ball, BallType, Kind, NewPet, NewPetToysItem, Owner, PetToysItem, Rope, RopeType};
    use fastapi_pets_client::Client;

    let server = start().await;
    let served = common::fetch_spec(&server.base).await;
    assert!(served.contains("\"openapi\": \"3.1"), "FastAPI writes 3.1");
    common::assert_fresh(&served, "fastapi/openapi.json", "clients/fastapi-pets", "fastapi-pets-client");

    let client = Client::builder().base_url(&server.base).build().unwrap();
    // FastAPI writes the discriminated union inline at each use: one Rust union for each.
    let ball = Ball::new(BallType::Ball, 6.5);
    let rope = Rope::new(RopeType::Rope, 40, true);
    let ann = Owner::new("Ann").clear_phone();
    let rex = NewPet::new("Rex", Kind::Dog)
        .nickname("Rexy")
        .owner(ann.clone())
        .toys(vec![NewPetToysItem::Ball(ball.clone()), NewPetToysItem::Rope(rope.clone())])
        .age(3);
    let created = client.create_pet(rex).send().await.unwrap();
    assert_eq!((created.id, created.name.as_str(), &created.kind), (1, "Rex", &Kind::Dog));
    assert_eq!(created.nickname.as_deref(), Some("Rexy"));
    assert_eq!(created.owner, Some(ann), "a null phone comes back null");
    assert_eq!(created.toys, [PetToysItem::Ball(ball), PetToysItem::Rope(rope)]);
    assert_eq!(created.age, Some(Some(3)));

    // A stray: nulls sent (nickname, owner), fields left out (toys, age); FastAPI sends them all back.
    let stray = NewPet::new("Tom", Kind::Cat).clear_nickname().clear_owner();
    let tom = client.create_pet(stray).send().await.unwrap();
    assert_eq!((tom.nickname.clone(), tom.owner.clone(), tom.toys.len(), tom.age), (None, None, 0, Some(None)), "nulls decode");
    let third = client.create_pet(NewPet::new("Kit", Kind::Cat)).send().await.unwrap();

    assert_eq!(client.get_pet(tom.id).send().await.unwrap(), tom);
    let replaced = client
        .replace_pet(tom.id, NewPet::new("Tommy", Kind::Cat).nickname("T").age(9))
        .send()
        .await
        .unwrap();
    assert_eq!((replaced.name.as_str(), replaced.age), ("Tommy", Some(Some(9))));

    // Paging: two pets a page, the token of the last page is null.
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut call = client.list_pets().limit(2);
        if let Some(t) = token.take() {
            call = call.page_token(t);
        }
        let page = call.send().await.unwrap();
        pages += 1;
        names.extend(page.items.into_iter().map(|p| p.name));
        match page.next_page_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!((pages, names), (2, vec!["Rex".to_string(), "Tommy".into(), "Kit".into()]));

    // Typed errors: FastAPI's own (404, 400) and its validation error (422), all a Problem.
    client.delete_pet(third.id).send().await.unwrap();
    let err = client.get_pet(third.id).send().await.unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!(api.status().as_u16(), 404);
    let problem = api.body().expect("a Problem body");
    assert_eq!((problem.code.as_str(), problem.message.as_str()), ("not_found", "no pet 3"));
    let err = client.list_pets().page_token("nope").send().await.unwrap_err();
    assert_eq!(err.api().and_then(|a| a.body()).map(|p| p.code.as_str()), Some("bad_request"));
    let err = client.list_pets().limit(0).send().await.unwrap_err();
    assert_eq!(err.api().map(|a| (a.status().as_u16(), a.body().map(|p| p.code.clone()))), Some((422, Some("invalid".into()))));
}
