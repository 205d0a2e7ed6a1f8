"""Settings: layered defaults → file → environment → flags, and every one documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad.config import env_name, load_defaults, load_settings
from marsad.errors import ConfigError
from tests.conftest import ROOT


def test_every_setting_is_documented_with_its_environment_variable() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = []
    for section, table in load_defaults().items():
        for key in table:
            if (
                not re.search(rf"`{key}`", doc)
                or env_name(section, key) not in doc
                or f"[{section}]" not in doc
            ):
                missing.append(f"[{section}] {key}")
    assert missing == [], f"undocumented settings: {missing}"


def test_layers_apply_in_order(tmp_path: Path) -> None:
    config = tmp_path / "marsad.toml"
    config.write_text(
        '[ingest]\nmax_file_mb = 5\ndefault_source = "from file"\n[store]\ndb = "file.sqlite"\n'
    )
    env = {"MARSAD_INGEST_MAX_FILE_MB": "7", "MARSAD_DB": "env.sqlite"}
    s = load_settings(config, environ=env)
    assert s.get("ingest", "max_file_mb") == 7.0
    assert s.get("ingest", "default_source") == "from file"
    assert s.db == "env.sqlite"
    s = load_settings(config, overrides={"ingest": {"max_file_mb": 9}}, environ=env)
    assert s.get("ingest", "max_file_mb") == 9.0


def test_default_database_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert load_settings(environ={}).db == str(tmp_path / "data" / "marsad" / "marsad.sqlite")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MARSAD_INGEST_MAX_FILE_MB": "huge"}, "must be float"),
        ({"MARSAD_INGEST_SKIP_HIDDEN": "yes"}, "must be bool"),
        ({"MARSAD_NEARDUP_NUM_PERM": "1.5"}, "must be int"),
    ],
)
def test_bad_environment_values_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=f"{next(iter(env))}.*{message}"):
        load_settings(environ=env)


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", environ={})
