"""Capture histories: which lists recorded each person, the input of multiple-systems estimation.

From the latest linkage run: for each person, the set of sources (lists) that hold one of its
records, as a 0/1 pattern over all sources in a fixed (alphabetical) order, counted. Strata split
persons by a person-level value taken from their records: the most common non-empty value among
them (ties → the smallest), else ``"unknown"``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from marsad.link.errors import LinkError, NoLinkageRun

AGE_GROUPS = ((0, 17, "0-17"), (18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"), (60, 200, "60+"))
UNKNOWN = "unknown"


def _age_group(m: dict[str, Any]) -> str | None:
    age = m.get("age")
    if age is None and m.get("birth_year") is not None and m.get("date_of_death"):
        age = int(m["date_of_death"][:4]) - int(m["birth_year"])
    if age is None or age < 0:
        return None
    return next(label for low, high, label in AGE_GROUPS if low <= age <= high)


STRATA: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "admin1": lambda m: m.get("admin1"),
    "year": lambda m: m["date_of_death"][:4] if m.get("date_of_death") else None,
    "sex": lambda m: m.get("sex"),
    "age_group": _age_group,
}


def capture_histories(
    store: Any, by: str | None = None
) -> dict[str | None, tuple[list[str], dict[tuple[int, ...], int]]]:
    """{stratum (None when ``by`` is None): (list names in order, {0/1 pattern: persons})}."""
    if by is not None and by not in STRATA:
        raise LinkError(f"cannot stratify by {by!r}; choose one of {', '.join(STRATA)}")
    run = store.latest_link_run()
    if run is None:
        raise NoLinkageRun("no linkage has been run yet: run `marsad victims link` first")
    members = store.link_members(run["id"])
    lists = sorted({m["source"] for m in members})
    index = {s: i for i, s in enumerate(lists)}
    persons: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in members:
        persons[m["person_id"]].append(m)
    out: dict[str | None, dict[tuple[int, ...], int]] = defaultdict(Counter)
    for records in persons.values():
        pattern = [0] * len(lists)
        for m in records:
            pattern[index[m["source"]]] = 1
        stratum: str | None = None
        if by is not None:
            values = Counter(str(v) for v in (STRATA[by](m) for m in records) if v not in (None, ""))
            if values:
                top = max(values.values())
                stratum = min(v for v, n in values.items() if n == top)
            else:
                stratum = UNKNOWN
        out[stratum][tuple(pattern)] += 1
    return {k: (list(lists), dict(v)) for k, v in sorted(out.items(), key=lambda kv: str(kv[0]))}
