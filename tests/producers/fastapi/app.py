"""A small pet store in FastAPI: the same API as the axum + utoipa server (tests/producers/src/
utoipa_app.rs), written the way a FastAPI user writes it (`T | None` fields, a string enum, a
discriminated union, a page token, a typed error). FastAPI serves its OpenAPI 3.1 document at
`/openapi.json`.

Run: `uvicorn app:app --port 8000` (tests/producers/tests/fastapi.rs starts it on a free port).
"""

from enum import Enum
from typing import Annotated, Literal, Optional, Union

from fastapi import FastAPI, HTTPException, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

app = FastAPI(title="Pets (FastAPI)", version="1.0.0", description="A pet store served by FastAPI.")


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


class NewPet(BaseModel):
    """A pet to create or replace."""

    name: str
    kind: Kind
    nickname: Optional[str] = None
    owner: Optional[Owner] = None
    toys: list[Toy] = []
    age: Optional[int] = None


class Pet(BaseModel):
    """A pet as stored."""

    id: int
    name: str
    kind: Kind
    nickname: Optional[str] = Field(description="Null when it has none.")
    owner: Optional[Owner] = Field(description="Null when it is a stray.")
    toys: list[Toy]
    age: Optional[int] = None


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
