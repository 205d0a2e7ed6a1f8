"""The Splink model: comparisons per field, blocking rules, and how it is trained.

Comparisons are written as Splink settings dictionaries (plain SQL conditions over the columns of
``features.py``), so the trained model saved with each run is readable JSON that Splink can load
again. Levels run from the most to the least specific; Splink learns a weight for each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.link.errors import LinkError
from marsad.link.features import NAME_PARTS, block_column, extra_column


@dataclass(slots=True)
class LinkOptions:
    """Everything a run is configured by (``[link]`` settings, overridable per call)."""

    match_threshold: float = 0.75
    review_threshold: float = 0.5
    blocking: list[str] = field(default_factory=list)
    training_blocking: list[str] = field(default_factory=list)
    deterministic: list[str] = field(default_factory=list)
    deterministic_recall: float = 0.0  # 0: estimated from the trained model
    extra_fields: list[str] = field(default_factory=list)
    must_agree: list[str] = field(default_factory=list)
    em_max_pairs: float = 1e6
    u_max_pairs: float = 1e6
    seed: int = 42
    memory_limit: str = "4GB"
    temp_directory: str = ""

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> LinkOptions:
        values = {k: settings.get("link", k) for k in cls.__dataclass_fields__}
        values.update({k: v for k, v in overrides.items() if v is not None})
        opts = cls(**values)
        opts.check()
        return opts

    def check(self) -> None:
        if not 0 < self.match_threshold <= 1:
            raise LinkError(f"match threshold must be in (0, 1], got {self.match_threshold}")
        if not 0 < self.review_threshold <= self.match_threshold:
            raise LinkError(
                f"review threshold must be in (0, match threshold {self.match_threshold}], "
                f"got {self.review_threshold}"
            )
        if not 0 <= self.deterministic_recall <= 1:
            raise LinkError(
                f"deterministic_recall must be 0 (estimated) or in (0, 1], got {self.deterministic_recall}"
            )
        if not self.deterministic_recall and any(self.rule_missing(r) for r in self.deterministic):
            raise LinkError("[link] deterministic rules with -field terms need a deterministic_recall > 0")
        if not re.fullmatch(r"\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", self.memory_limit, re.I):
            raise LinkError(f"[link] memory_limit must be like '4GB' or '500MB', got {self.memory_limit!r}")
        if self.temp_directory and not Path(self.temp_directory).is_dir():
            raise LinkError(f"[link] temp_directory {self.temp_directory!r} is not a folder")
        for name in self.must_agree:
            comparison_name(name, self.extra_fields)
        for name in ("blocking", "training_blocking", "deterministic"):
            if not getattr(self, name):
                raise LinkError(f"[link] {name} needs at least one rule")
            for rule in getattr(self, name):
                self.rule_columns(rule)

    def rule_columns(self, rule: str) -> list[str]:
        """A rule is field names separated by spaces or '+': "first_name family_name".

        Returns the columns that must be equal; ``rule_missing`` gives those written ``-field``.
        """
        return self._parse_rule(rule)[0]

    def rule_missing(self, rule: str) -> list[str]:
        """Columns of ``-field`` terms: pairs where at least one record lacks the field."""
        return self._parse_rule(rule)[1]

    def rule_sql(self, rule: str) -> str:
        equal, missing = self._parse_rule(rule)
        return rule_sql(equal, missing)

    def _parse_rule(self, rule: str) -> tuple[list[str], list[str]]:
        names = rule.replace("+", " ").split()
        if not names:
            raise LinkError("[link] an empty blocking rule")
        equal = [block_column(n, self.extra_fields) for n in names if not n.startswith("-")]
        missing = [block_column(n[1:], self.extra_fields) for n in names if n.startswith("-")]
        if not equal:
            raise LinkError(f"[link] rule {rule!r} needs a field both records agree on")
        return equal, missing

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


COMPARED = (*NAME_PARTS, "sex", "birth_year", "date_of_death", "place_of_death")


def comparison_name(name: str, extra_fields: list[str] | None = None) -> str:
    """The comparison (Splink output column) a field is compared in."""
    if name in COMPARED:
        return name
    if extra_fields is None or name in extra_fields:
        return extra_column(name)
    raise LinkError(f"[link] must_agree names {name!r}, which is not compared (known: {', '.join(COMPARED)})")


def rule_sql(columns: list[str], missing: list[str] | None = None) -> str:
    """Equal ``columns``, and for each of ``missing`` at least one record without it."""
    sql = " AND ".join(f"l.{c} = r.{c}" for c in columns)
    for c in missing or ():
        sql += f" AND (l.{c} IS NULL OR r.{c} IS NULL)"
    return sql


def _null(col: str) -> dict[str, Any]:
    return {
        "sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL",
        "label_for_charts": "missing",
        "is_null_level": True,
    }


# A spelling at least this many times rarer than a similar one (one letter away in the phonetic
# key, of three letters or more, or alike by Jaro-Winkler) is read as a misspelling of it
# (Feas/فراس, Rlmi/رامي, سريد/سعيد), not as another name: a brother's name is a name others carry
# too (Muhannad is some 30 times rarer than Muhammad, a given slip of the pen hundreds of times).
# Two similar spellings that are both common are two names: حسن and حسين, محمد and محمود are alike
# by Jaro-Winkler (0.93, 0.95) and are the names of brothers.
RARE_SPELLING_RATIO = 50
# A key carried by fewer than this many given (or family) names per million is rare whatever the
# other: a slip in a rare name (لطفي → لفي) is not fifty times rarer than the name, nor a name.
RARE_NAME_PPM = 200


def _name_comparison(short: str, label: str) -> dict[str, Any]:
    n, p, f = f"{short}_n", f"{short}_p", f"{short}_pf"
    # two keys that are both common are two names, however alike (حسن/حسين, محمد/محمود: brothers)
    rare = (
        f"(least({f}_l, {f}_r) * {RARE_SPELLING_RATIO} <= greatest({f}_l, {f}_r) "
        f"OR least({f}_l, {f}_r) <= {RARE_NAME_PPM})"
    )
    levels: list[dict[str, Any]] = []
    same_place: list[dict[str, Any]] = []
    if short == "family":
        # one clan's name and its village go together: agreement on both is weighed by how often
        # that family name is found in that place (``features.family_place_tf``), not as two
        # independent agreements
        same_place.append(
            {
                "sql_condition": f"{p}_l = {p}_r AND place_key_l = place_key_r",
                "label_for_charts": "same phonetic key, same place",
                "tf_adjustment_column": "family_place",
                "tf_adjustment_weight": 1.0,
                "disable_tf_exact_match_detection": True,
            }
        )
        # "فادي رضوان عبد الرحمن" is first, father and grandfather with no family name, but three
        # words read as first, father and family: one list's family name is the other's grandfather
        levels.append(
            {
                "sql_condition": "(gfather_p_l IS NULL AND family_p_l = gfather_p_r) "
                "OR (gfather_p_r IS NULL AND family_p_r = gfather_p_l)",
                "label_for_charts": "family name = the other's grandfather (three-word name)",
            }
        )
    return {
        "output_column_name": label,
        "comparison_description": f"{label}: same spelling, same phonetic key, similar, different",
        "comparison_levels": [
            {
                "sql_condition": f"({n}_l IS NULL OR {n}_r IS NULL) AND ({p}_l IS NULL OR {p}_r IS NULL)",
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            *same_place,
            {
                "sql_condition": f"{n}_l = {n}_r",
                "label_for_charts": "same normalised name",
                "tf_adjustment_column": n,
                "tf_adjustment_weight": 1.0,
            },
            {
                "sql_condition": f"{p}_l = {p}_r",
                "label_for_charts": "same phonetic key (also across scripts)",
                "tf_adjustment_column": p,
                "tf_adjustment_weight": 0.5,
            },
            {
                "sql_condition": f"jaro_winkler_similarity({n}_l, {n}_r) >= 0.92 AND {rare}",
                "label_for_charts": "Jaro-Winkler >= 0.92, one spelling rare",
            },
            {
                "sql_condition": f"jaro_winkler_similarity({p}_l, {p}_r) >= 0.85 AND {rare}",
                "label_for_charts": "phonetic Jaro-Winkler >= 0.85, one spelling rare",
            },
            {
                "sql_condition": f"damerau_levenshtein({p}_l, {p}_r) <= 1 "
                f"AND greatest(length({p}_l), length({p}_r)) >= 3 AND {rare}",
                "label_for_charts": "a rare spelling one letter from a common one (a misspelling)",
            },
            *levels,
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    }


def comparisons(extra_fields: list[str]) -> list[dict[str, Any]]:
    out = [_name_comparison(short, field) for field, short in NAME_PARTS.items()]
    out.append(
        {
            "output_column_name": "sex",
            "comparison_levels": [
                _null("sex"),
                {"sql_condition": "sex_l = sex_r", "label_for_charts": "same"},
                {"sql_condition": "ELSE", "label_for_charts": "different"},
            ],
        }
    )
    out.append(
        {
            "output_column_name": "birth_year",
            "comparison_description": "birth year, given or estimated from age at death",
            "comparison_levels": [
                _null("birth_year_est"),
                {"sql_condition": "birth_year_est_l = birth_year_est_r", "label_for_charts": "same year"},
                {
                    "sql_condition": "abs(birth_year_est_l - birth_year_est_r) <= 2",
                    "label_for_charts": "within 2 years",
                },
                {
                    "sql_condition": "abs(birth_year_est_l - birth_year_est_r) <= 6",
                    "label_for_charts": "within 6 years",
                },
                {"sql_condition": "ELSE", "label_for_charts": "further apart"},
            ],
        }
    )
    out.append(
        {
            "output_column_name": "date_of_death",
            "comparison_levels": [
                {
                    "sql_condition": "(dod_l IS NULL OR dod_r IS NULL) "
                    "AND (dod_year_l IS NULL OR dod_year_r IS NULL)",
                    "label_for_charts": "missing",
                    "is_null_level": True,
                },
                {"sql_condition": "dod_l = dod_r", "label_for_charts": "same day"},
                {
                    "sql_condition": "abs(date_diff('day', dod_l, dod_r)) <= 3",
                    "label_for_charts": "within 3 days",
                },
                {
                    "sql_condition": "abs(date_diff('day', dod_l, dod_r)) <= 31 "
                    "OR (dod_l IS NULL OR dod_r IS NULL) AND dod_year_l = dod_year_r",
                    "label_for_charts": "within a month (or same year, day unknown)",
                },
                {"sql_condition": "ELSE", "label_for_charts": "further apart"},
            ],
        }
    )
    out.append(
        {
            "output_column_name": "place_of_death",
            "comparison_description": "place of death through the gazetteer hierarchy",
            "comparison_levels": [
                {
                    "sql_condition": "(place_key_l IS NULL OR place_key_r IS NULL) "
                    "AND (admin1_l IS NULL OR admin1_r IS NULL)",
                    "label_for_charts": "missing",
                    "is_null_level": True,
                },
                {
                    "sql_condition": "place_key_l = place_key_r",
                    "label_for_charts": "same place",
                    "tf_adjustment_column": "place_key",
                    "tf_adjustment_weight": 1.0,
                },
                {"sql_condition": "admin2_l = admin2_r", "label_for_charts": "same district"},
                {"sql_condition": "admin1_l = admin1_r", "label_for_charts": "same governorate"},
                {
                    "sql_condition": "admin1_l IS NULL OR admin1_r IS NULL",
                    "label_for_charts": "cannot tell (a place not in the gazetteer)",
                },
                {"sql_condition": "ELSE", "label_for_charts": "different governorates"},
            ],
        }
    )
    for x in extra_fields:
        c = extra_column(x)
        out.append(
            {
                "output_column_name": c,
                "comparison_levels": [
                    _null(c),
                    {
                        "sql_condition": f"{c}_l = {c}_r",
                        "label_for_charts": "same",
                        "tf_adjustment_column": c,
                        "tf_adjustment_weight": 1.0,
                    },
                    {
                        "sql_condition": f"damerau_levenshtein({c}_l, {c}_r) <= 1",
                        "label_for_charts": "one edit",
                    },
                    {
                        "sql_condition": f"jaro_winkler_similarity({c}_l, {c}_r) >= 0.88",
                        "label_for_charts": "similar",
                    },
                    {"sql_condition": "ELSE", "label_for_charts": "different"},
                ],
            }
        )
    return out


def settings_dict(opts: LinkOptions, link_type: str) -> dict[str, Any]:
    cols = {c for rule in opts.blocking for c in opts.rule_columns(rule)}
    if not cols:
        raise LinkError("[link] blocking needs at least one rule")
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(opts.extra_fields),
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": opts.rule_sql(rule)} for rule in opts.blocking
        ],
        "retain_matching_columns": True,  # gamma_ columns, for must_agree
        "retain_intermediate_calculation_columns": False,
        "max_iterations": 20,
        "em_convergence": 0.001,
    }
