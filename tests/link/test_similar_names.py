"""Alike but common names are two people; a slip in a rare name is still one person.

حسن and حسين (Hassan, Hussein), محمد and محمود are alike letter by letter (Jaro-Winkler 0.93 and
0.95) and are the names brothers are given; a slip of the pen in a rare name (لطفي written لفي)
makes a spelling no one else has. Brothers killed together agree on everything but their names,
so only the names can keep them apart (the lists here give no ages, as many lists do not).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.config import load_settings
from marsad.geo import Geocoder
from marsad.link.importer import import_victims
from marsad.link.model import LinkOptions
from marsad.link.run import link_victims
from marsad.store import Store
from tests.link.conftest import build, person_of

ARABIC = """record_id,full_name,sex,age,date_of_death,place_of_death,status
S1,حسن علي محمد النجار,ذكر,,2015-03-03,بانياس,مدني
S2,حسين علي محمد النجار,ذكر,,2015-03-03,بانياس,مدني
S3,محمد سامر خليل الحداد,ذكر,,2016-08-20,جبلة,مدني
S4,محمود سامر خليل الحداد,ذكر,,2016-08-20,جبلة,مدني
S5,لطفي سالم ياسين القباني,ذكر,41,2017-01-09,جبلة,مدني
"""
LATIN = """record_id,first_name,father_name,family_name,sex,birth_year,date_of_death,place_of_death,status
L1,Hassan,Ali,al-Najjar,male,,2015-03-03,Baniyas,civilian
L2,Hussein,Ali,al-Najjar,male,,2015-03-03,Baniyas,civilian
"""
SLIP = """record_id,full_name,sex,age,date_of_death,place_of_death,status
T1,لفي سالم ياسين القباني,ذكر,41,2017-01-09,جبلة,مدني
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("similar")
    store = build(folder)
    geocoder = Geocoder.from_store(store)
    for source, text in (("Arabic list", ARABIC), ("Latin list", LATIN), ("Third list", SLIP)):
        path = Path(folder) / f"{source}.csv"
        path.write_text(text, encoding="utf-8")
        res = import_victims(store, path, source, geocoder=geocoder, rejects=folder / "r.csv")
        assert not res.rejected, res.rejected
    link_victims(store, LinkOptions.from_settings(load_settings(environ={})))
    yield store
    store.close()


def test_brothers_hassan_and_hussein_killed_together_are_two(store: Store) -> None:
    assert person_of(store, "Arabic list", "S1") != person_of(store, "Arabic list", "S2")
    assert person_of(store, "Latin list", "L1") != person_of(store, "Latin list", "L2")
    # and each is found in the other list
    assert person_of(store, "Arabic list", "S1") == person_of(store, "Latin list", "L1")
    assert person_of(store, "Arabic list", "S2") == person_of(store, "Latin list", "L2")


def test_brothers_muhammad_and_mahmoud_killed_together_are_two(store: Store) -> None:
    assert person_of(store, "Arabic list", "S3") != person_of(store, "Arabic list", "S4")


def test_a_slip_in_a_rare_name_is_still_one_person(store: Store) -> None:
    assert person_of(store, "Arabic list", "S5") == person_of(store, "Third list", "T1")
