"""Reconciling one incident's claims: what the figures shown to a user are made of."""

from __future__ import annotations

from typing import Any

from marsad.resolve import reconcile


def _claim(
    n: int,
    source: str,
    fatalities: int,
    high: int | None,
    sub_event_type: str = "Attack",
    event_type: str = "Violence against civilians",
    published: str = "2025-03-09",
) -> dict[str, Any]:
    return {
        "report_id": f"r{n}",
        "document_id": f"d{n}",
        "source": source,
        "published": published,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "event_date": "2025-03-08",
        "fatalities": fatalities,
        "fatalities_low": fatalities,
        "fatalities_high": high,
        "location": "Baniyas",
        "geo_precision": 1,
    }


def test_a_looting_or_abduction_report_never_makes_a_massacre_zero() -> None:
    for sub, kind in (
        ("Looting/property destruction", "Strategic developments"),
        ("Abduction/forced disappearance", "Violence against civilians"),
        ("Arrests", "Strategic developments"),
    ):
        incident = reconcile(
            [
                _claim(1, "Monitor A", 31, 31),
                _claim(2, "Monitor B", 0, 0, sub, kind),
                _claim(3, "Wire C", 24, 99),
            ]
        )
        assert (incident["fatalities"], incident["fatalities_low"], incident["fatalities_high"]) == (
            24,
            24,
            99,
        )


def test_a_report_of_injuries_alone_does_not_make_the_killed_zero() -> None:
    wounded = {**_claim(2, "Hospital", 0, 0), "injured": 60}
    incident = reconcile([_claim(1, "Monitor A", 16, None), wounded, _claim(3, "Wire C", 11, 11)])
    assert (incident["fatalities"], incident["injured"]) == (11, 60)


def test_a_report_that_no_one_died_still_conflicts_and_the_lowest_wins() -> None:
    incident = reconcile([_claim(1, "Monitor A", 5, 5), _claim(2, "Ministry", 0, 0)])
    assert (incident["fatalities"], incident["fatalities_high"]) == (0, 5)


def test_within_one_source_the_latest_document_wins() -> None:
    incident = reconcile(
        [
            _claim(1, "Monitor A", 9, 9, published="2025-03-08"),
            _claim(2, "Monitor A", 15, 15, published="2025-03-10"),
        ]
    )
    assert incident["fatalities"] == 15
    assert len(incident["claims"]) == 2  # the earlier figure stays listed with its evidence


def test_documents_that_name_no_source_are_not_one_reporter_updating_itself() -> None:
    unnamed = [
        {**_claim(1, "unspecified", 31, 31, published="2025-03-08"), "source_stated": False},
        {**_claim(2, "unspecified", 7, None, published="2025-03-10"), "source_stated": False},
        {**_claim(3, "unspecified", 19, 19, published="2025-03-09"), "source_stated": False},
    ]
    incident = reconcile(unnamed)
    # three accounts side by side: the lowest is the best figure, the highest stated one the high
    assert (incident["fatalities"], incident["fatalities_high"]) == (7, 31)
    named = reconcile([{**c, "source_stated": True} for c in unnamed])
    assert (named["fatalities"], named["fatalities_high"]) == (7, 7)  # one source: its latest word only
