"""The prior: how many pairs of records match at all, from rules whose recall the model estimates.

Splink estimates the probability that two random records match (λ) as the pairs found by near
certain "deterministic" rules, divided by the rules' recall, over all pairs. A recall assumed by
hand is a guess that is wrong in a way that changes with the lists (more missing fathers, more
shifted dates: fewer true pairs agree on all of first, father, family name and day), and every
match probability moves with it. Here the recall is estimated from the trained model instead:
the share of true pairs agreeing exactly on a field is the share of pairs where both records have
it times the trained m-probability of the field's exact levels; fields agree independently among
matches (the model's own assumption), so the recall of a set of rules is the probability that at
least one rule has all its fields agreeing.

λ counts matching pairs among all pairs, so it falls as lists grow (a record has about as many
duplicates among a million records as among a hundred thousand): that is right, not a defect —
with ten times the people, two records agreeing on "Muhammad al-Khatib" and nothing else are more
likely namesakes.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from marsad.link.errors import LinkError

# more fields than this in the deterministic rules would make the exact sum too long
_MAX_FIELDS = 14


def equality_levels(column: str) -> set[str]:
    """SQL conditions of comparison levels under which ``column`` is equal in both records."""
    conds = {f"{column}_l = {column}_r"}
    if column.endswith("_p"):  # the same normalised name has the same phonetic key
        base = column[: -len("_p")]
        conds.add(f"{base}_n_l = {base}_n_r")
    return conds


def field_agreement(model: Mapping[str, Any], column: str) -> float:
    """P(the column is equal | match, both records have it), from the trained m-probabilities."""
    conds = equality_levels(column)
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        # a level "x_l = x_r AND ..." (the family name in the same place) is an equal x too
        equal = [lv for lv in levels if str(lv.get("sql_condition")).split(" AND ")[0] in conds]
        if equal:
            return min(
                1.0, sum(float(lv.get("m_probability") or 0.0) for lv in equal if not lv.get("is_null_level"))
            )
    raise LinkError(
        f"[link] cannot estimate the recall of a deterministic rule on {column!r} (no comparison "
        "level is an exact match on it); set [link] deterministic_recall to a number"
    )


def rules_recall(
    model: Mapping[str, Any], rules: Sequence[Sequence[str]], present: Mapping[str, float]
) -> float:
    """Estimated share of matching pairs found by at least one rule (each a list of columns).

    ``present`` is the share of records that have each column (both records of a pair need it).
    """
    columns = sorted({c for rule in rules for c in rule})
    if len(columns) > _MAX_FIELDS:
        raise LinkError(
            f"[link] deterministic rules use {len(columns)} fields; at most {_MAX_FIELDS} when "
            "deterministic_recall = 0 (estimated)"
        )
    agree = {c: present[c] ** 2 * field_agreement(model, c) for c in columns}
    index = {c: i for i, c in enumerate(columns)}
    masks = [sum(1 << index[c] for c in rule) for rule in rules]
    recall = 0.0
    for bits in itertools.product((0, 1), repeat=len(columns)):
        pattern = sum(b << i for i, b in enumerate(bits))
        if any(pattern & m == m for m in masks):
            p = 1.0
            for c, b in zip(columns, bits, strict=True):
                p *= agree[c] if b else 1 - agree[c]
            recall += p
    return recall
