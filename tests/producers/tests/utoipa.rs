//! The axum + utoipa server: its spec read from the running server, the client generated from
//! it, and that client calling it.

mod common;

#[tokio::test]
async fn the_spec_utoipa_serves_generates_the_checked_in_client() {
    let (base, _stop) = producer_tests::serve(producer_tests::utoipa_app::router()).await;
    let served = common::fetch_spec(&base).await;
    assert!(served.contains("\"openapi\": \"3.1"), "utoipa writes 3.1: {}", &served[..80.min(served.len())]);
    common::assert_fresh(&served, "utoipa/openapi.json", "clients/utoipa-pets", "utoipa-pets-client");
}

/// Every operation, as a user calls it: optional and nullable fields both ways (`null`, absent,
/// set), the enum, the tagged union, paging by token, the typed error.
#[tokio::test]
async fn the_generated_client_calls_the_utoipa_server() {
    use utoipa_pets_client::types::{Kind, NewPet, Owner, Toy, ToyBall, ToyRope};
    use utoipa_pets_client::Client;

    let (base, _stop) = producer_tests::serve(producer_tests::utoipa_app::router()).await;
    let client = Client::builder().base_url(&base).build().unwrap();

    let ball = Toy::Ball(ToyBall::new(6.5));
    let rope = Toy::Rope(ToyRope::new(true, 40));
    let ann = Owner::new("Ann").clear_phone();
    let rex = NewPet::new(Kind::Dog, "Rex").nickname("Rexy").owner(ann.clone()).toys(vec![ball.clone(), rope.clone()]).age(3);
    let created = client.create_pet(rex).send().await.unwrap();
    assert_eq!((created.id, created.name.as_str(), &created.kind), (1, "Rex", &Kind::Dog));
    assert_eq!(created.nickname.as_deref(), Some("Rexy"));
    assert_eq!(created.owner, Some(ann), "a null phone comes back null");
    assert_eq!(created.toys, [ball, rope]);
    assert_eq!(created.age, Some(3));

    // A stray: a null sent (nickname), fields left out (owner, toys, age).
    let stray = NewPet::new(Kind::Cat, "Tom").clear_nickname();
    let tom = client.create_pet(stray).send().await.unwrap();
    assert_eq!((tom.nickname.clone(), tom.owner.clone(), tom.toys.len(), tom.age), (None, None, 0, None));
    assert_eq!((tom.is_null("nickname"), tom.is_null("owner"), tom.is_null("age")), (true, true, false), "nulls decode, absent stays absent");
    let third = client.create_pet(NewPet::new(Kind::Cat, "Kit")).send().await.unwrap();

    assert_eq!(client.get_pet(tom.id).send().await.unwrap(), tom);
    let replaced = client.replace_pet(tom.id, NewPet::new(Kind::Cat, "Tommy").nickname("T").age(9)).send().await.unwrap();
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

    // Typed errors.
    client.delete_pet(third.id).send().await.unwrap();
    let err = client.get_pet(third.id).send().await.unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!(api.status().as_u16(), 404);
    let problem = api.body().expect("a Problem body");
    assert_eq!((problem.code.as_str(), problem.message.as_str()), ("not_found", "no pet 3"));
    let err = client.list_pets().page_token("nope").send().await.unwrap_err();
    assert_eq!(err.api().and_then(|a| a.body()).map(|p| p.code.as_str()), Some("bad_request"));
    let err = client.delete_pet(third.id).send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

/// A pet with a `#[serde(tag = "type")]` collar (the smart one has every field of the leather
/// one) and untagged commands each tagged by a one-value enum (`walk` has every field of
/// `rest`), as the client sends them.
fn rex() -> utoipa_pets_client::types::NewPet {
    use utoipa_pets_client::types::{Collar, CollarSmart, Command, Kind, NewPet, Rest, Walk};

    NewPet::new(Kind::Dog, "Rex")
        .collar(Collar::Smart(CollarSmart::new("red", "t-1")))
        .commands(vec![Command::Walk(Walk::new(30)), Command::Rest(Rest::new())])
}

/// What the server read is the branch sent, with every field: asked of the server itself.
#[tokio::test]
async fn the_server_reads_the_branch_of_each_union_the_client_sends() {
    use utoipa_pets_client::types::{Collar, CollarLeather, Kind, NewPet};
    use utoipa_pets_client::Client;

    let (base, _stop) = producer_tests::serve(producer_tests::utoipa_app::router()).await;
    let client = Client::builder().base_url(&base).build().unwrap();
    let pet = client.create_pet(rex()).send().await.unwrap();
    let stored = client.get_stored(pet.id).send().await.unwrap();
    assert_eq!(stored.collar, r#"Some(Smart { color: "red", tracker_id: "t-1" })"#);
    assert_eq!(stored.commands, ["Walk(Walk { action: Walk, minutes: 30 })", "Rest(Rest { action: Rest })"]);

    let leather = NewPet::new(Kind::Cat, "Kit").collar(Collar::Leather(CollarLeather::new("brown")));
    let kit = client.create_pet(leather).send().await.unwrap();
    let stored = client.get_stored(kit.id).send().await.unwrap();
    assert_eq!((stored.collar.as_str(), stored.commands.len()), (r#"Some(Leather { color: "brown" })"#, 0));
}

/// What the server sends back reads as the branch it holds, with every field.
#[tokio::test]
async fn each_union_reads_back_as_the_branch_the_server_holds() {
    use utoipa_pets_client::types::{Collar, CollarSmart, Command, Rest, Walk};
    use utoipa_pets_client::Client;

    let (base, _stop) = producer_tests::serve(producer_tests::utoipa_app::router()).await;
    let client = Client::builder().base_url(&base).build().unwrap();
    let created = client.create_pet(rex()).send().await.unwrap();
    let smart = Collar::Smart(CollarSmart::new("red", "t-1"));
    assert_eq!(created.collar, Some(smart), "not the leather collar, its tracker dropped");
    assert_eq!(created.commands, [Command::Walk(Walk::new(30)), Command::Rest(Rest::new())]);
    assert_eq!(client.get_pet(created.id).send().await.unwrap(), created);
}
