"""The table the linker compares: one row per victim record, in comparison forms.

Each name part gets two forms: ``*_n`` (normalised, in the script it was written in; Jaro-Winkler
and exact levels with term-frequency adjustment) and ``*_p`` (the phonetic key an Arabic and a
Latin spelling share; used for blocking and an exact level), and ``*_pf``, the share (per
million) of given names (first, father's, grandfather's) or of family names of all records that
have that key: a misspelling is rare beside the name it misspells, a brother's name is not. Ages
become an estimated birth year (year of death − age) so that "35" and "born 1978" can meet; places
carry their gazetteer place and admin units so that a village and its district agree partly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from marsad.link.errors import LinkError
from marsad.link.names import normal_name, phonetic_key
from marsad.text.names import name_keys

NAME_PARTS = {
    "first_name": "first",
    "father_name": "father",
    "grandfather_name": "gfather",
    "family_name": "family",
}
# field names users write in [link] blocking rules → columns of the comparison table
BLOCK_COLUMNS = {
    "first_name": "first_p",
    "father_name": "father_p",
    "grandfather_name": "gfather_p",
    "family_name": "family_p",
    "date_of_death": "dod",
    "year_of_death": "dod_year",
    "month_of_death": "dod_month",
    "birth_year": "birth_year_est",
    "sex": "sex",
    "place": "place_key",
    "admin1": "admin1",
    "admin2": "admin2",
}


def extra_column(name: str) -> str:
    return "x_" + re.sub(r"\W+", "_", name.strip().casefold()).strip("_")


def block_column(name: str, extra_fields: Iterable[str]) -> str:
    """Column for a field named in a blocking rule; extra fields are allowed by their column name."""
    if name in BLOCK_COLUMNS:
        return BLOCK_COLUMNS[name]
    if name in set(extra_fields):
        return extra_column(name)
    known = ", ".join([*BLOCK_COLUMNS, *extra_fields])
    raise LinkError(f"[link] rule names unknown field {name!r} (known: {known})")


def family_place_tf(table: pa.Table) -> pa.Table:
    """Term frequencies of family name × place: the share of a place's records carrying the name.

    A clan lives in its village: agreeing on family name and on place are not independent
    evidence. The place level is weighed by how common the place is (its own term frequency);
    the family level "same name, same place" then by how common the name is *in that place*, so
    the two together count the share of records of that family in that place, once.
    """
    pairs = zip(table.column("family_place").to_pylist(), table.column("place_key").to_pylist(), strict=True)
    combos = Counter(pair for pair in pairs if pair[0])
    places: Counter[str] = Counter()
    for (_, place), n in combos.items():
        places[place] += n
    return pa.table(
        {
            "family_place": pa.array([v for v, _ in combos], type=pa.string()),
            "tf_family_place": pa.array([n / places[p] for (_, p), n in combos.items()], type=pa.float64()),
        }
    )


def feature_rows(records: Iterable[dict[str, Any]], extra_fields: list[str]) -> pa.Table:
    """Victim records (store dicts) → an Arrow table for Splink."""
    cols: dict[str, list[Any]] = {
        c: []
        for c in (
            "unique_id",
            "source_dataset",
            *(f"{p}_{s}" for p in NAME_PARTS.values() for s in ("n", "p", "pf")),
            "sex",
            "birth_year_est",
            "dod",
            "dod_year",
            "dod_month",
            "place_key",
            "family_place",
            "place_id",
            "admin2",
            "admin1",
            *(extra_column(x) for x in extra_fields),
        )
    }
    # a million records carry a few tens of thousands of distinct spellings: each is read once
    forms: dict[str | None, tuple[str | None, str | None]] = {None: (None, None)}
    place_keys: dict[str, str | None] = {}
    for r in records:
        cols["unique_id"].append(r["id"])
        cols["source_dataset"].append(r["source"])
        for field, short in NAME_PARTS.items():
            written = r.get(field)
            if written not in forms:
                forms[written] = (normal_name(written), phonetic_key(written))
            n, p = forms[written]
            cols[f"{short}_n"].append(n)
            cols[f"{short}_p"].append(p)
        cols["sex"].append(r.get("sex"))
        dod = r.get("date_of_death")
        year = int(dod[:4]) if dod else None
        birth = r.get("birth_year")
        if birth is None and r.get("age") is not None and year is not None:
            birth = year - int(r["age"])
        cols["birth_year_est"].append(birth)
        cols["dod"].append(dod if dod and len(dod) == 10 else None)
        cols["dod_year"].append(year)
        # a month number (year × 12 + month): a date shifted by a few days mostly stays in its month
        cols["dod_month"].append(year * 12 + int(dod[5:7]) if dod and len(dod) >= 7 else None)
        place = r.get("place_of_death")
        if place and place not in place_keys:
            keys = name_keys(place)
            place_keys[place] = keys[0] if keys else None
        place_key = r.get("place_id") or (place_keys[place] if place else None)
        cols["place_key"].append(place_key)
        family_key = cols["family_p"][-1]
        cols["family_place"].append(f"{family_key}@{place_key}" if family_key and place_key else None)
        cols["place_id"].append(r.get("place_id"))
        cols["admin2"].append(r.get("admin2"))
        cols["admin1"].append(r.get("admin1"))
        extra = (r.get("data") or {}).get("extra") or {}
        for x in extra_fields:
            value = extra.get(x)
            cols[extra_column(x)].append(str(value).strip().casefold() if value not in (None, "") else None)
    # given names and family names are counted apart: a slip of the pen that gives a family
    # name's key (مصفي for مصطفى: Masafi) is still a rare given name
    given = Counter(k for short in ("first", "father", "gfather") for k in cols[f"{short}_p"] if k)
    family = Counter(k for k in cols["family_p"] if k)
    for short in NAME_PARTS.values():
        keys = family if short == "family" else given
        ppm = 1e6 / max(sum(keys.values()), 1)  # per million, so that a share means the same at any size
        cols[f"{short}_pf"] = [keys[k] * ppm if k else None for k in cols[f"{short}_p"]]
    types = {"birth_year_est": pa.int32(), "dod_year": pa.int32(), "dod_month": pa.int32()}
    types.update({f"{short}_pf": pa.float64() for short in NAME_PARTS.values()})
    return pa.table(
        {
            k: pa.array(v, type=types.get(k, pa.string()))
            if k != "dod"
            else pa.array(v, type=pa.string()).cast(pa.date32())
            for k, v in cols.items()
        }
    )
