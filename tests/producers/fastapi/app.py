"""A small pet store in FastAPI: the same API as the axum + utoipa server (tests/producers/src/
utoipa_app.rs), written the way a FastAPI user writes it (`T | None` fields, a string enum, a
discriminated union, a union of models told apart by `Literal` fields alone, an `int` with
`ge=0`, an optional body, a page token, a typed error), served under a `root_path` as behind a
proxy: its OpenAPI 3.1 document, at `/openapi.json`, has the relative server URL `/api`.

Run: `uvicorn app:app --port 8000` (tests/producers/tests/fastapi.rs starts it on a free port).
"""

from enum import Enum
from typing import Annotated, Literal, Optional, Union

from fastapi import Body, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

app = FastAPI(title="Pets (FastAPI)", version="1.0.0", description="A pet store served by FastAPI.", root_path="/api")


@app.middleware("http")
async def behind_a_proxy(request: Request, call_next):
    """As behind a proxy that forwards only `/api/...`: a request outside it never reaches the API
    (Starlette would route `/pets` as well as `/api/pets`), so a client that drops the server
    URL's path fails."""
    path = request.scope["path"]
    if path != "/openapi.json" and not path.startswith("/api/"):
        return JSONResponse(status_code=404, content={"code": "not_found", "message": f"{path} is not under /api"})
    return await call_next(request)


class Kind(str, Enum):
    """What a pet is."""

    cat = "cat"
    dog = "dog"


class Owner(BaseModel):
    """A pet's owner."""

    name: str
    phone: Optional[str] = Field(default=None, description="May be null.")


class Ball(BaseModel):
    type: Literal["ball"]
    diameter: float


class Rope(BaseModel):
    type: Literal["rope"]
    length: int
    knotted: bool


Toy = Annotated[Union[Ball, Rope], Field(discriminator="type")]


class LeatherCollar(BaseModel):
    """A plain collar."""

    type: Literal["leather"]
    color: str


class SmartCollar(BaseModel):
    """A collar with a tracker: the leather collar's fields, and one more."""

    type: Literal["smart"]
    color: str
    tracker_id: str


# Told apart by their `Literal` tags alone: no `discriminator` is written (pydantic picks the
# branch whose tag matches).
Collar = Union[LeatherCollar, SmartCollar]


class Fed(BaseModel):
    """The pet was fed."""

    kind: Literal["fed"]
    at: str


class Walked(BaseModel):
    """The pet was walked: the fed event's fields, and one more."""

    kind: Literal["walked"]
    at: str
    minutes: int = Field(ge=0)


Activity = Annotated[Union[Fed, Walked], Field(discriminator="kind")]


class Notes(BaseModel):
    """Free-text notes about a pet."""

    text: str


class NewPet(BaseModel):
    """A pet to create or replace."""

    name: str
    kind: Kind
    nickname: Optional[str] = None
    owner: Optional[Owner] = None
    toys: list[Toy] = []
    age: Optional[int] = None
    collar: Optional[Collar] = None
    activities: list[Activity] = []
    weight_grams: int = Field(default=0, ge=0, description="Its weight, in grams.")


class Pet(BaseModel):
    """A pet as stored."""

    id: int
    name: str
    kind: Kind
    nickname: Optional[str] = Field(description="Null when it has none.")
    owner: Optional[Owner] = Field(description="Null when it is a stray.")
    toys: list[Toy]
    age: Optional[int] = None
    collar: Optional[Collar] = Field(description="Null when it wears none.")
    activities: list[Activity]
    weight_grams: int = Field(ge=0, description="Its weight, in grams.")


class Stored(BaseModel):
    """What the server holds for a pet, as Python sees it (each value's `repr`: its model class
    and fields), so that a test can tell which branch of a union the server read."""

    collar: str
    activities: list[str]
    weight_grams: str
    notes: str
    notes_body: str = Field(description="The body of the last `setNotes` call, as it came.")
    notes_content_type: Optional[str] = Field(description="Its `content-type`, null when it had none.")


class PetPage(BaseModel):
    """One page of pets."""

    items: list[Pet]
    next_page_token: Optional[str] = Field(description="Pass it as `page_token` for the next page; null on the last.")


class Problem(BaseModel):
    """What went wrong."""

    code: str
    message: str


PROBLEM = {"model": Problem, "description": "What went wrong"}
pets: dict[int, Pet] = {}
notes: dict[int, Optional[Notes]] = {}
notes_requests: dict[int, tuple[str, Optional[str]]] = {}
next_id = 0


def problem(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"code": code, "message": message})


@app.exception_handler(HTTPException)
async def http_error(request, exc: HTTPException):
    return problem(exc.status_code, "not_found" if exc.status_code == 404 else "bad_request", str(exc.detail))


@app.exception_handler(RequestValidationError)
async def invalid(request, exc: RequestValidationError):
    return problem(422, "invalid", "; ".join(str(e.get("msg")) for e in exc.errors()))


@app.get("/pets", operation_id="listPets", response_model=PetPage, responses={400: PROBLEM, 422: PROBLEM})
def list_pets(
    page_token: Annotated[Optional[str], Query(description="Where the page starts (a token from the previous page).")] = None,
    limit: Annotated[int, Query(ge=1, description="How many pets a page has at most.")] = 2,
) -> PetPage:
    """List the pets, a page at a time."""
    try:
        start = int(page_token) if page_token is not None else 0
    except ValueError:
        raise HTTPException(400, "not a page token")
    ids = sorted(i for i in pets if i >= start)
    items = [pets[i] for i in ids[:limit]]
    rest = ids[limit:]
    return PetPage(items=items, next_page_token=str(rest[0]) if rest else None)


@app.post("/pets", operation_id="createPet", status_code=201, response_model=Pet, responses={400: PROBLEM, 422: PROBLEM})
def create_pet(new: NewPet) -> Pet:
    """Create a pet."""
    global next_id
    if not new.name:
        raise HTTPException(400, "a pet has a name")
    next_id += 1
    pet = Pet(id=next_id, **new.model_dump())
    pets[pet.id] = pet
    return pet


@app.get("/pets/{id}", operation_id="getPet", response_model=Pet, responses={404: PROBLEM, 422: PROBLEM})
def get_pet(id: int) -> Pet:
    """Get a pet."""
    if id not in pets:
        raise HTTPException(404, f"no pet {id}")
    return pets[id]


@app.put("/pets/{id}", operation_id="replacePet", response_model=Pet, responses={404: PROBLEM, 422: PROBLEM})
def replace_pet(id: int, new: NewPet) -> Pet:
    """Replace a pet."""
    if id not in pets:
        raise HTTPException(404, f"no pet {id}")
    pets[id] = Pet(id=id, **new.model_dump())
    return pets[id]


@app.delete("/pets/{id}", operation_id="deletePet", status_code=204, responses={404: PROBLEM, 422: PROBLEM})
def delete_pet(id: int) -> Response:
    """Delete a pet."""
    if pets.pop(id, None) is None:
        raise HTTPException(404, f"no pet {id}")
    return Response(status_code=204)


@app.put("/pets/{id}/notes", operation_id="setNotes", response_model=Stored, responses={404: PROBLEM, 422: PROBLEM})
async def set_notes(id: int, request: Request, new: Annotated[Optional[Notes], Body()] = None) -> Stored:
    """Set a pet's notes, or clear them with no body."""
    if id not in pets:
        raise HTTPException(404, f"no pet {id}")
    notes[id] = new
    notes_requests[id] = ((await request.body()).decode(), request.headers.get("content-type"))
    return stored(id)


@app.get("/pets/{id}/stored", operation_id="getStored", response_model=Stored, responses={404: PROBLEM, 422: PROBLEM})
def get_stored(id: int) -> Stored:
    """What the server holds for a pet, as Python sees it."""
    if id not in pets:
        raise HTTPException(404, f"no pet {id}")
    return stored(id)


def stored(id: int) -> Stored:
    pet = pets[id]
    body, content_type = notes_requests.get(id, ("", None))
    return Stored(
        collar=repr(pet.collar),
        activities=[repr(a) for a in pet.activities],
        weight_grams=repr(pet.weight_grams),
        notes=repr(notes.get(id)),
        notes_body=body,
        notes_content_type=content_type,
    )
