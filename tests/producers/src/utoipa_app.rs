//! A small pet store in axum, its OpenAPI 3.1 document written by utoipa from the types and
//! handlers (as a utoipa user writes them: `Option<T>` fields, a string enum, internally tagged
//! enums, an untagged enum whose branches carry a one-value enum tag, a page token, a typed
//! error), served at `/openapi.json`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// What a pet is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Cat,
    Dog,
}

/// A pet's owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Owner {
    pub name: String,
    /// May be null.
    pub phone: Option<String>,
}

/// A toy: a ball or a rope, told apart by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Toy {
    Ball { diameter: f64 },
    Rope { length: i32, knotted: bool },
}

/// A collar: leather or smart, told apart by `type` (serde's internally tagged enum; the smart
/// one has every field of the leather one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Collar {
    /// A plain collar.
    Leather { color: String },
    /// A collar with a tracker.
    Smart { color: String, tracker_id: String },
}

/// The tag of a [`Rest`]: an enum of one value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RestAction {
    Rest,
}

/// The tag of a [`Walk`]: an enum of one value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum WalkAction {
    Walk,
}

/// Let the pet rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Rest {
    pub action: RestAction,
}

/// Walk the pet: the rest command's fields, and one more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Walk {
    pub action: WalkAction,
    pub minutes: u32,
}

/// A command for a pet: an untagged enum whose branches are told apart by `action`, a one-value
/// enum in each (no `discriminator` is written).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Command {
    Rest(Rest),
    Walk(Walk),
}

/// A pet as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Pet {
    pub id: i64,
    pub name: String,
    pub kind: Kind,
    /// Null when it has none.
    pub nickname: Option<String>,
    /// Null when it is a stray.
    pub owner: Option<Owner>,
    pub toys: Vec<Toy>,
    /// Left out when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<i32>,
    /// Null when it wears none.
    pub collar: Option<Collar>,
    pub commands: Vec<Command>,
}

/// A pet to create or replace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewPet {
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub nickname: Option<String>,
    #[serde(default)]
    pub owner: Option<Owner>,
    #[serde(default)]
    pub toys: Vec<Toy>,
    #[serde(default)]
    pub age: Option<i32>,
    #[serde(default)]
    pub collar: Option<Collar>,
    #[serde(default)]
    pub commands: Vec<Command>,
}

/// What the server holds for a pet, as Rust sees it (each value's `Debug`: its variant and
/// fields), so that a test can tell which branch of a union the server read.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Stored {
    pub collar: String,
    pub commands: Vec<String>,
}

/// One page of pets.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PetPage {
    pub items: Vec<Pet>,
    /// Pass it as `page_token` for the next page; null on the last.
    pub next_page_token: Option<String>,
}

/// What went wrong.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    pub code: String,
    pub message: String,
}

/// Paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Where the page starts (a token from the previous page).
    pub page_token: Option<String>,
    /// How many pets a page has at most.
    pub limit: Option<u32>,
}

#[derive(Default)]
struct Store {
    next_id: i64,
    pets: BTreeMap<i64, Pet>,
}

type Shared = Arc<Mutex<Store>>;

fn not_found(id: i64) -> Response {
    (StatusCode::NOT_FOUND, Json(Problem { code: "not_found".into(), message: format!("no pet {id}") })).into_response()
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(Problem { code: "bad_request".into(), message: message.into() })).into_response()
}

fn store(state: &Shared) -> std::sync::MutexGuard<'_, Store> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// List the pets, a page at a time.
#[utoipa::path(get, path = "/pets", operation_id = "listPets", params(Paging), responses(
    (status = 200, description = "A page of pets", body = PetPage),
    (status = 400, description = "Not a page token", body = Problem),
))]
async fn list_pets(State(state): State<Shared>, Query(paging): Query<Paging>) -> Response {
    let store = store(&state);
    let start: i64 = match paging.page_token.as_deref().map(str::parse) {
        None => 0,
        Some(Ok(start)) => start,
        Some(Err(_)) => return bad_request("not a page token"),
    };
    let limit = paging.limit.unwrap_or(2).max(1) as usize;
    let mut rest = store.pets.range(start..).map(|(_, p)| p.clone());
    let items: Vec<Pet> = rest.by_ref().take(limit).collect();
    let next_page_token = rest.next().map(|p| p.id.to_string());
    Json(PetPage { items, next_page_token }).into_response()
}

/// Create a pet.
#[utoipa::path(post, path = "/pets", operation_id = "createPet", request_body = NewPet, responses(
    (status = 201, description = "Created", body = Pet),
    (status = 400, description = "Not a valid pet", body = Problem),
))]
async fn create_pet(State(state): State<Shared>, Json(new): Json<NewPet>) -> Response {
    if new.name.is_empty() {
        return bad_request("a pet has a name");
    }
    let mut store = store(&state);
    store.next_id += 1;
    let pet = pet(store.next_id, new);
    store.pets.insert(pet.id, pet.clone());
    (StatusCode::CREATED, Json(pet)).into_response()
}

fn pet(id: i64, new: NewPet) -> Pet {
    let NewPet { name, kind, nickname, owner, toys, age, collar, commands } = new;
    Pet { id, name, kind, nickname, owner, toys, age, collar, commands }
}

/// What the server holds for a pet.
#[utoipa::path(get, path = "/pets/{id}/stored", operation_id = "getStored", params(("id" = i64, Path, description = "The pet's id")), responses(
    (status = 200, description = "What the server holds", body = Stored),
    (status = 404, description = "No such pet", body = Problem),
))]
async fn get_stored(State(state): State<Shared>, Path(id): Path<i64>) -> Response {
    match store(&state).pets.get(&id) {
        Some(pet) => {
            Json(Stored { collar: format!("{:?}", pet.collar), commands: pet.commands.iter().map(|c| format!("{c:?}")).collect() }).into_response()
        }
        None => not_found(id),
    }
}

/// Get a pet.
#[utoipa::path(get, path = "/pets/{id}", operation_id = "getPet", params(("id" = i64, Path, description = "The pet's id")), responses(
    (status = 200, description = "The pet", body = Pet),
    (status = 404, description = "No such pet", body = Problem),
))]
async fn get_pet(State(state): State<Shared>, Path(id): Path<i64>) -> Response {
    match store(&state).pets.get(&id) {
        Some(pet) => Json(pet.clone()).into_response(),
        None => not_found(id),
    }
}

/// Replace a pet.
#[utoipa::path(put, path = "/pets/{id}", operation_id = "replacePet", params(("id" = i64, Path, description = "The pet's id")), request_body = NewPet, responses(
    (status = 200, description = "The pet, replaced", body = Pet),
    (status = 404, description = "No such pet", body = Problem),
))]
async fn replace_pet(State(state): State<Shared>, Path(id): Path<i64>, Json(new): Json<NewPet>) -> Response {
    let mut store = store(&state);
    let Some(pet) = store.pets.get_mut(&id) else { return not_found(id) };
    *pet = self::pet(id, new);
    Json(pet.clone()).into_response()
}

/// Delete a pet.
#[utoipa::path(delete, path = "/pets/{id}", operation_id = "deletePet", params(("id" = i64, Path, description = "The pet's id")), responses(
    (status = 204, description = "Deleted"),
    (status = 404, description = "No such pet", body = Problem),
))]
async fn delete_pet(State(state): State<Shared>, Path(id): Path<i64>) -> Response {
    match store(&state).pets.remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(id),
    }
}

/// The document utoipa writes for the handlers above.
#[derive(OpenApi)]
#[openapi(
    info(title = "Pets (utoipa)", version = "1.0.0", description = "A pet store served by axum, documented by utoipa."),
    paths(list_pets, create_pet, get_pet, replace_pet, delete_pet, get_stored),
    components(schemas(Kind, Owner, Toy, Collar, RestAction, WalkAction, Rest, Walk, Command, Pet, NewPet, PetPage, Problem, Stored))
)]
pub struct ApiDoc;

/// The server: the API and its document at `/openapi.json`.
pub fn router() -> Router {
    let state: Shared = Arc::default();
    Router::new()
        .route("/pets", get(list_pets).post(create_pet))
        .route("/pets/{id}", get(get_pet).put(replace_pet).delete(delete_pet))
        .route("/pets/{id}/stored", get(get_stored))
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .with_state(state)
}
