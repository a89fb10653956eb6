"""Schemas of ``/api/auth``: users, sessions and API tokens.

``Public`` models are read from the store's rows (:mod:`eurasia.store.accounts`) with
``from_attributes``; a password hash or a token's digest never has a field here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from eurasia.api.schemas.listing import Listing
from eurasia.auth.clock import as_utc
from eurasia.auth.roles import Role

__all__ = [
    "LoginRequest",
    "SessionPublic",
    "TokenCreate",
    "TokenCreated",
    "TokenPublic",
    "TokensPublic",
    "UserBase",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
    "UsersPublic",
    "UtcDatetime",
]


#: A UTC date-time with its offset (SQLite hands back naive values; RFC 3339 needs the offset).
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]


class UserBase(BaseModel):
    """Fields shared by every user schema."""

    username: str = Field(min_length=2, max_length=64, examples=["amina"])
    display_name: str = Field(default="", max_length=200, examples=["Amina K."])
    role: Role = Role.VIEWER


class UserCreate(UserBase):
    """A new user (admins only)."""

    password: str = Field(min_length=1, max_length=1024)


class UserUpdate(BaseModel):
    """Changes to a user (admins only); omitted fields stay as they are."""

    display_name: str | None = Field(default=None, max_length=200)
    role: Role | None = None
    is_active: bool | None = None
    password: str | None = Field(default=None, min_length=1, max_length=1024)


class UserPublic(UserBase):
    """A user as the API shows it (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    is_active: bool
    created_at: UtcDatetime
    last_login_at: UtcDatetime | None


class UsersPublic(Listing[UserPublic]):
    """A list of users."""


class LoginRequest(BaseModel):
    """Credentials for a browser session."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class SessionPublic(BaseModel):
    """The signed-in user and the CSRF token to send with unsafe requests."""

    user: UserPublic
    csrf_token: str | None = Field(
        description="Send as X-CSRF-Token with POST/PUT/PATCH/DELETE made with the session cookie"
    )


class TokenCreate(BaseModel):
    """A new API token for the caller."""

    name: str = Field(min_length=1, max_length=100, examples=["nightly import"])
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)


class TokenPublic(BaseModel):
    """An API token's metadata (the secret is shown only once, at creation)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    name: str
    prefix: str
    created_at: UtcDatetime
    expires_at: UtcDatetime | None
    last_used_at: UtcDatetime | None
    revoked_at: UtcDatetime | None


class TokenCreated(TokenPublic):
    """A new API token with its secret: store it now, it cannot be shown again."""

    token: str


class TokensPublic(Listing[TokenPublic]):
    """A list of API tokens."""
