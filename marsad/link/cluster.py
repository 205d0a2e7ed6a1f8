"""Clustering scored pairs into persons, under human decisions.

Greedy single-link clustering, strongest pair first: a pair at or above the match threshold joins
two clusters unless a human said that a record of one is **not** the same person as a record of
the other. Human "same person" decisions join first and always. Connected components alone (what
Splink's clustering does) cannot honour "not the same person" — a chain of strong pairs would
join the two anyway — hence this small union-find.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_NAMESPACE = uuid.UUID("6f1c2a3e-0b8e-4c2a-9d7e-2b1f5a6c7d80")


@dataclass(slots=True)
class Clusters:
    """person id per record, the probability that joined each record, and conflicts met."""

    person: dict[str, str]
    probability: dict[str, float | None]
    blocked_by_decision: int = 0
    blocked_by_must_agree: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)


class _UnionFind:
    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}
        self.members: dict[str, list[str]] = {i: [i] for i in self.parent}
        self.apart: dict[str, set[str]] = {}  # root → records its members must never join

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def may_join(self, ra: str, rb: str) -> bool:
        small, big = (ra, rb) if len(self.apart.get(ra, ())) <= len(self.apart.get(rb, ())) else (rb, ra)
        return not any(self.find(x) == big for x in self.apart.get(small, ()))

    def union(self, ra: str, rb: str) -> None:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        if rb in self.apart:
            self.apart.setdefault(ra, set()).update(self.apart.pop(rb))


def cluster(
    ids: Iterable[str],
    pairs: Iterable[tuple[str, str, float]],
    threshold: float,
    decisions: dict[tuple[str, str], str] | None = None,
    apart: Callable[[list[str], list[str]], bool] | None = None,
) -> Clusters:
    """Records and scored pairs → persons; ``decisions`` maps sorted (a, b) to same | different.

    ``apart(members_a, members_b)`` says two groups must not join automatically (``veto.py``).
    """
    uf = _UnionFind(ids)
    result = Clusters(person={}, probability=dict.fromkeys(uf.parent))
    decisions = {k: v for k, v in (decisions or {}).items() if k[0] in uf.parent and k[1] in uf.parent}
    for (a, b), decision in decisions.items():
        if decision == "different":
            uf.apart.setdefault(a, set()).add(b)
            uf.apart.setdefault(b, set()).add(a)
    for (a, b), decision in sorted(decisions.items()):
        if decision != "same":
            continue
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        if not uf.may_join(ra, rb):
            result.conflicts.append((a, b))  # "same" here contradicts a "different" elsewhere
            continue
        uf.union(ra, rb)
        result.probability[a] = result.probability[b] = 1.0
    for a, b, p in sorted(pairs, key=lambda e: -e[2]):
        if p < threshold:
            break
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            _raise(result.probability, a, b, p)
            continue
        if not uf.may_join(ra, rb):
            result.blocked_by_decision += 1
            continue
        if apart is not None and apart(uf.members[ra], uf.members[rb]):
            result.blocked_by_must_agree += 1
            continue
        uf.union(ra, rb)
        _raise(result.probability, a, b, p)
    for members in uf.members.values():
        pid = str(uuid.uuid5(_NAMESPACE, min(members)))
        for m in members:
            result.person[m] = pid
    return result


def _raise(probability: dict[str, float | None], a: str, b: str, p: float) -> None:
    for x in (a, b):
        current = probability[x]
        if current is None or p > current:
            probability[x] = p
