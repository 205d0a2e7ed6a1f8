"""Our English gold set: the extractor's figures may only go up (raise a floor when they do)."""

from __future__ import annotations

from marsad.extract import Extractor
from marsad.extract.evaluate import evaluate, load_gold
from tests.conftest import ROOT

# Measured with `marsad eval tests/gold/en.jsonl`; raise these when the extractor improves, never lower them.
FLOORS = {
    ("events", "all", "f1"): 0.87,
    ("events", "incidents", "f1"): 0.82,
    ("events", "tallies", "f1"): 0.77,
    ("fields", "admin1", "accuracy"): 0.99,
    ("fields", "event_type", "accuracy"): 0.85,
    ("fields", "fatalities_exact", "accuracy"): 0.85,
    ("fields", "event_date", "accuracy"): 0.71,
}


def test_gold_set_is_large_and_covers_both_kinds() -> None:
    records = load_gold(ROOT / "tests" / "gold" / "en.jsonl")
    assert len(records) >= 120
    events = [e for r in records for e in r.gold]
    assert sum(e.is_tally for e in events) >= 40 and sum(not e.is_tally for e in events) >= 100


def test_extractor_meets_the_floors_on_the_gold_set(extractor: Extractor) -> None:
    summary = evaluate(load_gold(ROOT / "tests" / "gold" / "en.jsonl"), extractor).as_dict()["overall"]
    below = {}
    for (part, group, metric), floor in FLOORS.items():
        value = summary[part][group][metric]
        if value is None or value < floor:
            below["/".join((part, group, metric))] = (value, floor)
    assert below == {}, f"below the floor (value, floor): {below}"
