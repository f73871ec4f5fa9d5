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
    use fastapi_pets_client::types::{Ball, Kind, NewPet, NewPetToysItem, Owner, PetToysItem, Rope};
    use fastapi_pets_client::Client;

    let server = start().await;
    let served = common::fetch_spec(&server.base).await;
    assert!(served.contains("\"openapi\": \"3.1"), "FastAPI writes 3.1");
    common::assert_fresh(&served, "fastapi/openapi.json", "clients/fastapi-pets", "fastapi-pets-client");

    let client = Client::builder().base_url(&server.base).build().unwrap();
    // FastAPI writes the discriminated union inline at each use: one Rust union for each.
    let ball = Ball::new(6.5);
    let rope = Rope::new(40, true);
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
    assert_eq!(created.age, Some(3));

    // A stray: nulls sent (nickname, owner), fields left out (toys, age); FastAPI sends them all back.
    let stray = NewPet::new("Tom", Kind::Cat).clear_nickname().clear_owner();
    let tom = client.create_pet(stray).send().await.unwrap();
    assert_eq!((tom.nickname.clone(), tom.owner.clone(), tom.toys.len(), tom.age), (None, None, 0, None), "nulls decode");
    assert!(tom.is_null("age"), "FastAPI sends the age it does not have as null, and `is_null` says so");
    let third = client.create_pet(NewPet::new("Kit", Kind::Cat)).send().await.unwrap();

    assert_eq!(client.get_pet(tom.id).send().await.unwrap(), tom);
    let replaced = client.replace_pet(tom.id, NewPet::new("Tommy", Kind::Cat).nickname("T").age(9)).send().await.unwrap();
    assert_eq!((replaced.name.as_str(), replaced.age), ("Tommy", Some(9)));

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

/// FastAPI's `root_path`: the served spec's server URL is the relative `/api`; the client goes
/// under the origin it is given (the app answers nothing outside `/api`, as behind a proxy) and
/// refuses to build without one.
#[tokio::test]
async fn the_relative_server_url_is_a_path_under_the_origin_given() {
    use fastapi_pets_client::{Client, Error, DEFAULT_BASE_URL};

    let server = start().await;
    let served = common::fetch_spec(&server.base).await;
    let spec: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert_eq!(spec["servers"], serde_json::json!([{"url": "/api"}]));
    assert_eq!(DEFAULT_BASE_URL, "/api");
    match Client::builder().build() {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("ClientBuilder::base_url"), "{message}"),
        other => panic!("no origin, no client: {other:?}"),
    }
    let client = Client::builder().base_url(&server.base).build().unwrap();
    assert_eq!(client.base_url(), format!("{}/api", server.base));
    let page = client.list_pets().send().await.unwrap();
    assert!(page.items.is_empty());
}

/// An optional body (`Optional[Notes] = None`): left unset, nothing is sent (FastAPI reads a
/// `null` body as `None` too, so the app records the body and content type it got).
#[tokio::test]
async fn an_unset_optional_body_is_not_sent() {
    use fastapi_pets_client::types::{Kind, NewPet, Notes};
    use fastapi_pets_client::Client;

    let server = start().await;
    let client = Client::builder().base_url(&server.base).build().unwrap();
    let pet = client.create_pet(NewPet::new("Rex", Kind::Dog)).send().await.unwrap();
    let stored = client.set_notes(pet.id).body(Notes::new("naps after lunch")).send().await.unwrap();
    assert_eq!(stored.notes, "Notes(text='naps after lunch')");
    assert_eq!((stored.notes_body.as_str(), stored.notes_content_type.as_deref()), (r#"{"text":"naps after lunch"}"#, Some("application/json")));
    let stored = client.set_notes(pet.id).send().await.unwrap();
    assert_eq!(stored.notes, "None");
    assert_eq!((stored.notes_body.as_str(), stored.notes_content_type.as_deref()), ("", None), "no `null`, no content type");
    assert_eq!(client.get_stored(pet.id).send().await.unwrap(), stored);
}

/// A pet with a union of `Literal`-tagged models and no `discriminator` (a collar: the smart one
/// has every field of the leather one), a discriminated union (activities: walked has every
/// field of fed), and an `int` with `ge=0`, as the client sends them.
fn rex() -> fastapi_pets_client::types::NewPet {
    use fastapi_pets_client::types::{Fed, Kind, NewPet, NewPetActivitiesItem, NewPetCollar, SmartCollar, Walked};

    NewPet::new("Rex", Kind::Dog)
        .collar(NewPetCollar::SmartCollar(SmartCollar::new("red", "t-1")))
        .activities(vec![NewPetActivitiesItem::Walked(Walked::new("07:00", 30)), NewPetActivitiesItem::Fed(Fed::new("08:00"))])
        .weight_grams(4200)
}

/// What the server read is the branch sent, with every field: asked of the server itself.
#[tokio::test]
async fn the_server_reads_the_branch_of_each_union_the_client_sends() {
    use fastapi_pets_client::types::{Kind, LeatherCollar, NewPet, NewPetCollar};
    use fastapi_pets_client::Client;

    let server = start().await;
    let client = Client::builder().base_url(&server.base).build().unwrap();
    let pet = client.create_pet(rex()).send().await.unwrap();
    let stored = client.get_stored(pet.id).send().await.unwrap();
    assert_eq!(stored.collar, "SmartCollar(type='smart', color='red', tracker_id='t-1')");
    assert_eq!(stored.activities, ["Walked(kind='walked', at='07:00', minutes=30)", "Fed(kind='fed', at='08:00')"]);
    assert_eq!(stored.weight_grams, "4200");

    let leather = NewPet::new("Kit", Kind::Cat).collar(NewPetCollar::LeatherCollar(LeatherCollar::new("brown")));
    let kit = client.create_pet(leather).send().await.unwrap();
    let stored = client.get_stored(kit.id).send().await.unwrap();
    assert_eq!(
        (stored.collar.as_str(), stored.activities.len(), stored.weight_grams.as_str()),
        ("LeatherCollar(type='leather', color='brown')", 0, "0")
    );
}

/// What the server sends back reads as the branch it holds, with every field.
#[tokio::test]
async fn each_union_reads_back_as_the_branch_the_server_holds() {
    use fastapi_pets_client::types::{Fed, PetActivitiesItem, PetCollar, SmartCollar, Walked};
    use fastapi_pets_client::Client;

    let server = start().await;
    let client = Client::builder().base_url(&server.base).build().unwrap();
    let created = client.create_pet(rex()).send().await.unwrap();
    let smart = SmartCollar::new("red", "t-1");
    assert_eq!(created.collar, Some(PetCollar::SmartCollar(smart)), "not the leather collar, its tracker dropped");
    let walked = Walked::new("07:00", 30);
    assert_eq!(created.activities, [PetActivitiesItem::Walked(walked), PetActivitiesItem::Fed(Fed::new("08:00"))]);
    // `ge=0` is written `minimum: 0.0`: still an integer.
    assert_eq!(std::any::type_name_of_val(&created.weight_grams), "i64");
    assert_eq!(serde_json::to_value(created.weight_grams).unwrap(), serde_json::json!(4200));
    assert_eq!(client.get_pet(created.id).send().await.unwrap(), created);
}
