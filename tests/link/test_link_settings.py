"""[link] settings: bad values are one clear error; "-field" terms of blocking rules."""

from __future__ import annotations

import pytest

from marsad.config import load_settings
from marsad.link.errors import LinkError
from marsad.link.model import LinkOptions


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"blocking": ["-date_of_death"]}, "needs a field both records agree on"),
        ({"blocking": ["first_name nickname"]}, "unknown field 'nickname'"),
        ({"memory_limit": "lots"}, "memory_limit must be like"),
        ({"deterministic": ["first_name -date_of_death"]}, "need a deterministic_recall > 0"),
        ({"deterministic_recall": 1.5}, "deterministic_recall must be 0 (estimated) or in (0, 1]"),
    ],
)
def test_bad_link_settings_are_one_clear_error(overrides: dict, message: str) -> None:
    with pytest.raises(LinkError) as err:
        LinkOptions.from_settings(load_settings(environ={}), **overrides)
    assert message in str(err.value)


def test_a_minus_field_limits_a_rule_to_pairs_lacking_it() -> None:
    opts = LinkOptions.from_settings(load_settings(environ={}))
    sql = opts.rule_sql("first_name family_name place -date_of_death")
    assert sql == (
        "l.first_p = r.first_p AND l.family_p = r.family_p AND l.place_key = r.place_key "
        "AND (l.dod IS NULL OR r.dod IS NULL)"
    )
