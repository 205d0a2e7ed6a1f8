"""A gazetteer loaded once per test module: built-in data, or built-in plus the shared OCHA files."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.geo import Geocoder, ensure_builtin, import_file
from marsad.store import Store
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def builtin_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with Store(str(tmp_path_factory.mktemp("geo") / "builtin.sqlite")) as store:
        ensure_builtin(store)
        yield store


@pytest.fixture(scope="module")
def geocoder(builtin_store: Store) -> Geocoder:
    return Geocoder.from_store(builtin_store)


@pytest.fixture(scope="module")
def ocha_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    admin = shared_file("geo", "syr_admin_units.csv")
    polygons = shared_file("geo", "syr_adm1_ocha.geojson")
    with Store(str(tmp_path_factory.mktemp("geo") / "ocha.sqlite")) as store:
        ensure_builtin(store)
        import_file(store, Path(admin), "ocha-admin")
        import_file(store, Path(polygons))
        yield store
