"""What routes share: the store (acting as the logged-in user) and the cache (filters: ``query.py``)."""

from __future__ import annotations

import copy
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi import Request

from marsad.store import Store
from marsad.web.auth import User


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def acting(request: Request, user: User | None) -> Store:
    """The shared store (same engine), with the user as actor in audit entries and overrides."""
    s = copy.copy(store_of(request))
    s.actor = user.name if user else "anonymous"
    return s


def _size(value: Any) -> int:
    return len(value) if isinstance(value, bytes | bytearray) else 0


class VersionedCache:
    """Derived figures (stats, map) keyed by the request and the store's data version: an entry is
    reused until anything in the store changes."""

    def __init__(self, size: int = 512, max_bytes: int = 64 * 2**20) -> None:
        self.size = size
        self.max_bytes = max_bytes  # answers are bytes: pages of incidents too, so bound the memory
        self._bytes = 0
        self._items: OrderedDict[Any, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Any, threading.Lock] = {}

    def get(self, store: Store, key: Any, compute: Callable[[], Any]) -> Any:
        version = store.data_version()
        with self._lock:
            hit = self._items.get(key)
            if hit and hit[0] == version:
                self._items.move_to_end(key)
                return hit[1]
            # one computation per key at a time: concurrent requests for it wait and share the result
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                hit = self._items.get(key)
                if hit and hit[0] == version:
                    return hit[1]
            value = compute()
            with self._lock:
                old = self._items.pop(key, None)
                self._bytes -= _size(old[1]) if old else 0
                self._items[key] = (version, value)
                self._bytes += _size(value)
                while self._items and (len(self._items) > self.size or self._bytes > self.max_bytes):
                    self._bytes -= _size(self._items.popitem(last=False)[1][1])
                self._computing.pop(key, None)
        return value


@functools.cache
def json_adapter(model: Any) -> Any:
    """A pydantic ``TypeAdapter`` for a route's response model, built once."""
    from pydantic import TypeAdapter

    return TypeAdapter(model)


def model_json(model: Any, value: Any) -> Any:
    """``value`` checked against the route's declared response ``model`` and encoded by pydantic-core
    in one step: the same bytes FastAPI would send, without its slower validate-then-encode path
    (a route returning a ``Response`` is not re-validated; its ``response_model`` still documents it)."""
    from fastapi.responses import Response

    adapter = json_adapter(model)
    return Response(adapter.dump_json(adapter.validate_python(value)), media_type="application/json")


def cache_of(request: Request) -> VersionedCache:
    return request.app.state.cache  # type: ignore[no-any-return]


def cached_json(request: Request, key: Any, compute: Callable[[], Any], model: Any) -> Any:
    """A JSON answer computed once per data version: validated against ``model`` (the route's declared
    response) when computed, then served as the same bytes until the store changes."""
    from fastapi.responses import Response

    store = store_of(request)
    adapter = json_adapter(model)

    def render() -> bytes:
        return adapter.dump_json(adapter.validate_python(compute()))

    body = cache_of(request).get(store, key, render)
    return Response(body, media_type="application/json")
