"""A store holding synthetic background lists plus hand-written hard cases, linked once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.config import load_settings
from marsad.geo import Geocoder, ensure_builtin
from marsad.link.importer import import_victims
from marsad.link.model import LinkOptions
from marsad.link.run import link_victims
from marsad.link.synthetic import generate
from marsad.store import Store
from tests.conftest import DATA

LINK_DATA = DATA / "link"


def build(folder: Path, background: int = 3000) -> Store:
    """Background lists (so EM has something to learn from) and the hard-case lists."""
    store = Store(str(folder / "linked.sqlite"))
    ensure_builtin(store)
    geocoder = Geocoder.from_store(store)
    files, _ = generate(background, folder, seed=11)
    for source, path in files:
        import_victims(store, path, f"Background {source}", geocoder=geocoder, rejects=folder / "r.csv")
    for source, name in (("List A", "hard_a.csv"), ("List B", "hard_b.csv")):
        res = import_victims(store, LINK_DATA / name, source, geocoder=geocoder, rejects=folder / "r.csv")
        assert not res.rejected, res.rejected
    return store


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = build(tmp_path_factory.mktemp("linked"))
    link_victims(store, LinkOptions.from_settings(load_settings(environ={})))
    yield store
    store.close()


def person_of(store: Store, source: str, record_id: str) -> str:
    run = store.latest_link_run()
    assert run is not None
    for m in store.link_members(run["id"]):
        if m["source"] == source and m["record_id"] == record_id:
            return m["person_id"]
    raise AssertionError(f"{source} {record_id} not linked")
