"""Who am I; users and their API tokens (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from marsad.errors import UsageError
from marsad.web.api import ERRORS, validation_error
from marsad.web.auth import Permission, User, digest, hash_password, need, new_token
from marsad.web.deps import acting, store_of
from marsad.web.schemas import Me, TokenIn, TokenOut, UserIn, UserOut

router = APIRouter(prefix="/api/v1", tags=["users"], responses=ERRORS)

UserName = Annotated[str, Path(min_length=1, max_length=100)]


@router.get("/me", response_model=Me, summary="The user making the request")
def me(user: Annotated[User, need(Permission.READ)]) -> dict:
    return {"name": user.name, "role": str(user.role), "via": user.via}


@router.get("/users", response_model=list[UserOut], summary="List users")
def list_users(request: Request, _: Annotated[User, need(Permission.ADMIN)]) -> list[dict]:
    return store_of(request).users()


@router.post("/users", response_model=UserOut, status_code=201, summary="Add a user")
def add_user(request: Request, body: UserIn, user: Annotated[User, need(Permission.ADMIN)]) -> dict:
    store = acting(request, user)
    try:
        store.add_user(body.name, body.role, hash_password(body.password))
    except UsageError as exc:
        raise validation_error("name", exc.message) from None
    return next(u for u in store.users() if u["name"] == body.name)


@router.post(
    "/users/{name}/disable", response_model=UserOut, summary="Disable a user (ends sessions, tokens)"
)
def disable_user(request: Request, name: UserName, user: Annotated[User, need(Permission.ADMIN)]) -> dict:
    if name == user.name:
        raise validation_error("name", "you cannot disable yourself", "path")
    store = acting(request, user)
    store.set_user_disabled(name)
    return next(u for u in store.users() if u["name"] == name)


@router.post("/users/{name}/tokens", response_model=TokenOut, status_code=201, summary="Issue an API token")
def add_token(
    request: Request,
    name: UserName,
    user: Annotated[User, need(Permission.ADMIN)],
    body: TokenIn | None = None,
) -> dict:
    token = new_token()
    label = body.label if body else "api"
    acting(request, user).add_token(name, label, digest(token))
    return {"token": token, "user": name, "label": label}
