"""``must_agree`` for whole persons: two groups of records are not joined when any record of one has
a clearly different first (or father's) name from any record of the other.

Splink refuses a *pair* whose must_agree names are clearly different, but clustering joins
*groups*: Muhammad ~ Mhd (one letter missing, misread) and Mhd ~ Mahmoud would put Muhammad and
Mahmoud, two brothers killed the same day, into one person through a chain. With many records
chains grow (a million records hold ten times the namesakes), so the veto is checked on every
pair across the two groups before they join. "Clearly different" is the lowest level of the name
comparison (``model._name_comparison``): not the same normal form or key, not similar by
Jaro-Winkler, not a rare misspelling of the other.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from marsad.link.features import NAME_PARTS
from marsad.link.model import RARE_NAME_PPM, RARE_SPELLING_RATIO


class NameVeto:
    """Per record, the comparison forms of its must_agree name fields."""

    def __init__(self, table: Any, must_agree: list[str]) -> None:
        shorts = [NAME_PARTS[f] for f in must_agree if f in NAME_PARTS and f != "family_name"]
        ids = table.column("unique_id").to_pylist()
        columns = [
            list(
                zip(
                    table.column(f"{s}_n").to_pylist(),
                    table.column(f"{s}_p").to_pylist(),
                    table.column(f"{s}_pf").to_pylist(),
                    strict=True,
                )
            )
            for s in shorts
        ]
        self.forms: dict[str, tuple[tuple[Any, Any, Any], ...]] = (
            {i: tuple(col[k] for col in columns) for k, i in enumerate(ids)} if shorts else {}
        )

    def __bool__(self) -> bool:
        return bool(self.forms)

    def apart(self, xs: list[str], ys: list[str]) -> bool:
        """True when some record of ``xs`` and some of ``ys`` have clearly different names."""
        return any(self.different(x, y) for x in xs for y in ys)

    def different(self, x: str, y: str) -> bool:
        return any(_different(a, b) for a, b in zip(self.forms[x], self.forms[y], strict=True))


def _different(a: tuple[Any, Any, Any], b: tuple[Any, Any, Any]) -> bool:
    (na, pa, fa), (nb, pb, fb) = a, b
    if na is None or nb is None or pa is None or pb is None:
        return False  # missing: nothing says they differ
    if na == nb or pa == pb:
        return False
    if min(fa, fb) * RARE_SPELLING_RATIO > max(fa, fb) and min(fa, fb) > RARE_NAME_PPM:
        return True  # both common: two names, however alike (حسن/حسين)
    # a rare spelling alike or one letter from a common one: a misspelling of it
    alike = JaroWinkler.similarity(na, nb) >= 0.92 or JaroWinkler.similarity(pa, pb) >= 0.85
    return not (alike or (DamerauLevenshtein.distance(pa, pb) <= 1 and max(len(pa), len(pb)) >= 3))
