"""Our Arabic gold set (written apart from the extractor, never used to tune it): floors only go up.

Issue 9 asks for event F1 ≥ 0.80, admin1 ≥ 0.90 and fatalities exact ≥ 0.85 on matched events; the
floors below are the first measurement (`marsad eval tests/gold/ar.jsonl`), rounded down.
"""

from __future__ import annotations

import pytest

from marsad.extract import Extractor
from marsad.extract.evaluate import evaluate, load_gold
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "ar.jsonl"

# Measured: F1 all 0.876 (incidents 0.861, tallies 0.860); admin1 1.000; event_type 0.864;
# fatalities_exact 0.918; event_date 0.864. Raise these when the extractor improves, never lower them.
FLOORS = {
    ("events", "all", "f1"): 0.87,
    ("events", "incidents", "f1"): 0.85,
    ("events", "tallies", "f1"): 0.85,
    ("fields", "admin1", "accuracy"): 0.99,
    ("fields", "event_type", "accuracy"): 0.86,
    ("fields", "fatalities_exact", "accuracy"): 0.91,
    ("fields", "event_date", "accuracy"): 0.86,
}


@pytest.fixture(scope="module")
def records():  # type: ignore[no-untyped-def]
    if not GOLD.exists():
        pytest.skip(f"{GOLD} not found")
    return load_gold(GOLD)


def test_gold_set_is_arabic_and_large_enough(records) -> None:  # type: ignore[no-untyped-def]
    assert len(records) >= 60
    assert {r.lang for r in records} == {"ar"}


def test_extractor_meets_the_floors_on_the_arabic_gold_set(extractor: Extractor, records) -> None:  # type: ignore[no-untyped-def]
    summary = evaluate(records, extractor).as_dict()
    overall = summary["overall"]
    below = {}
    for (part, group, metric), floor in FLOORS.items():
        value = overall[part][group][metric]
        if value is None or value < floor:
            below["/".join((part, group, metric))] = (value, floor)
    assert below == {}, f"below the floor (value, floor): {below}"
    assert set(summary["by_lang"]) == {"ar"}  # scored per record language
