"""Request dependencies.

Settings, engine, database sessions and the network, as ``Annotated`` aliases shared by the API
routes and the web pages.

Examples
--------
>>> get_network() is get_network()
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eurasia.corridors.network.model import Network
from eurasia.settings import Settings
from eurasia.store.db import session_scope

__all__ = ["EngineDep", "NetworkDep", "SessionDep", "SettingsDep", "get_network"]


def get_settings_dep(request: Request) -> Settings:
    """Return the settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    """Return the app's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """Yield a session committed when the request succeeds and rolled back otherwise."""
    with session_scope(engine) as session:
        yield session


@functools.cache
def get_network() -> Network:
    """Return the bundled network (loaded on first use, then shared by every request)."""
    from eurasia.corridors.io.dataset import load_network  # the files are read on first use

    return load_network()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session)]
NetworkDep = Annotated[Network, Depends(get_network)]
