"""The synthetic lists' wide name pool looks like a real Syrian registry and keeps the hard cases."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from marsad.link.synthetic import FAMILY, FEMALE, MALE, Population, _wide_pool, generate


def test_wide_pool_has_hundreds_of_given_names_and_thousands_of_family_names() -> None:
    male, female, families, _, _ = _wide_pool()
    assert len(male) >= 200 and len(female) >= 70 and len(families) >= 2000
    # the narrow pool of sessions 1-3 is kept as it was
    assert (len(MALE), len(FEMALE), len(FAMILY)) == (60, 20, 76)


def test_given_names_have_a_muhammad_head_and_family_names_are_local() -> None:
    people = Population(30_000, random.Random(3)).people
    men = Counter(p["first"][0] for p in people if p["sex"] == "male")
    (top, n), (second, _) = men.most_common(2)
    assert (top, second) == ("محمد", "أحمد") and 0.1 < n / sum(men.values()) < 0.25
    assert len(men) > 150  # a long tail
    families = Counter(p["family"][0] for p in people)
    assert families.most_common(1)[0][1] / len(people) < 0.05  # no family name is everyone's
    # each town has its own clans: one of its three commonest family names is found mostly there
    by_place: dict[str, Counter] = {}
    for p in people:
        by_place.setdefault(p["place"][0], Counter())[p["family"][0]] += 1
    big = sorted(by_place, key=lambda k: -sum(by_place[k].values()))[:6]
    for place in big:
        top = [f for f, _ in by_place[place].most_common(3)]
        local = [f for f in top if by_place[place][f] > sum(c[f] for o, c in by_place.items() if o != place)]
        assert local, (place, top)


def test_hard_cases_stay_in_the_wide_pool() -> None:
    people = Population(30_000, random.Random(5)).people
    key = lambda p: (p["family"][0], p["grandfather"][0], p["died"], p["place"][0])  # noqa: E731
    groups: dict[tuple, list[dict]] = {}
    for p in people:
        groups.setdefault(key(p), []).append(p)
    # brothers killed the same day in the same place (same father, other first names)
    brothers = sum(
        1
        for g in groups.values()
        for a in g
        for b in g
        if a is not b and a["father"] == b["father"] and a["first"] != b["first"]
    )
    # cousins named after their grandfather, killed together: same name, day and place, other fathers
    cousins = sum(
        1
        for g in groups.values()
        for a in g
        for b in g
        if a is not b and a["first"] == b["first"] and a["father"] != b["father"]
    )
    assert brothers > 1000 and cousins > 100, (brothers, cousins)


def test_both_pools_write_the_same_list_styles(tmp_path: Path) -> None:
    for names in ("wide", "narrow"):
        files, truth = generate(2000, _mkdir(tmp_path / names), names=names)
        assert [s for s, _ in files] == ["A", "B", "C", "D"]
        assert 1900 < len(truth) < 2200


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path
