"""Family name × place: a clan's name is weighed by how common it is in its own place."""

from __future__ import annotations

import pyarrow as pa

from marsad.link.features import family_place_tf, feature_rows
from marsad.link.model import LinkOptions, settings_dict
from marsad.link.prior import field_agreement


def _record(i: int, family: str, place: str | None) -> dict:
    return {
        "id": f"v{i}",
        "source": "a",
        "first_name": "Ahmad",
        "family_name": family,
        "place_of_death": place,
    }


def test_family_frequency_is_counted_within_the_place() -> None:
    records = [_record(0, "Barakat", "Darayya"), _record(1, "Barakat", "Darayya")]
    records += [_record(2, "Khatib", "Darayya"), _record(3, "Barakat", "Douma"), _record(4, "Barakat", None)]
    table = feature_rows(records, [])
    assert table.column("family_place").null_count == 1  # no place, no combined value
    tf = {r["family_place"]: r["tf_family_place"] for r in family_place_tf(table).to_pylist()}
    assert sorted(tf.values()) == [1 / 3, 2 / 3, 1.0]  # Barakat is 2 of Darayya's 3, all of Douma's


def test_the_combined_level_counts_as_family_agreement_for_the_prior() -> None:
    settings = settings_dict(LinkOptions(blocking=["first_name"]), "dedupe_only")
    levels = next(c for c in settings["comparisons"] if c["output_column_name"] == "family_name")
    levels = levels["comparison_levels"]
    assert levels[1]["tf_adjustment_column"] == "family_place"
    for level, m in zip(levels, (0.1, 0.5, 0.2, 0.1, 0.0, 0.0, 0.0, 0.0, 0.1), strict=False):
        level["m_probability"] = m
    assert abs(field_agreement(settings, "family_p") - 0.8) < 1e-9  # same key+place, same name, same key


def test_empty_table() -> None:
    table = pa.table({"family_place": pa.array([], pa.string()), "place_key": pa.array([], pa.string())})
    assert family_place_tf(table).num_rows == 0
