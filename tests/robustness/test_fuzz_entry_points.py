"""Bounded fuzzing of the entry points users feed (``make fuzz`` runs the long version): any bytes
given as a file are stored or quarantined with a reason, never lost and never a crash; any text
given to either extractor yields events whose evidence is exactly the text at their span.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.extract import Extractor
from marsad.ingest import Ingester
from marsad.store import Store

# `make fuzz` sets MARSAD_FUZZ_EXAMPLES to run thousands
EXAMPLES = int(os.environ.get("MARSAD_FUZZ_EXAMPLES", "120"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
D = dt.date(2025, 3, 10)

# bytes that look like what arrives: text in several encodings, markup, feeds, JSON, binary noise
_PIECES = st.sampled_from(
    [
        b"<html><body><p>",
        b"</p></body></html>",
        b'<?xml version="1.0"?><rss><channel><item><title>',
        b"</title></item></channel></rss>",
        b'{"text": "',
        b'"}\n',
        b"\xef\xbb\xbf",
        "قتل ٥ مدنيين في ريف جبلة".encode(),
        "قتل 5 مدنيين".encode("cp1256"),
        b"Gunmen killed 12 people in Baniyas on Friday. ",
        b"\x00\x01\x02\xff\xfe",
        b"%PDF-1.4\n",
        b"\n\n",
        b",;\t",
    ]
)
FILES = st.one_of(st.binary(max_size=2000), st.lists(_PIECES, max_size=12).map(b"".join))
NAMES = st.sampled_from(["r.txt", "r.html", "r.xml", "r.jsonl", "r.csv", "r", "r.json", "r.rss"])


def test_any_file_is_stored_or_quarantined_with_a_reason(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    with Store(str(tmp_path / "fuzz.sqlite")) as store:
        ingester = Ingester(store, settings)
        tried = 0

        @FAST
        @given(FILES, NAMES)
        def one(data: bytes, name: str) -> None:
            nonlocal tried
            tried += 1
            before = len(ingester.summary.outcomes)
            ingester.ingest_bytes(tmp_path / name, data)
            outcomes = ingester.summary.outcomes[before:]
            assert outcomes, "every file gets an outcome"
            for o in outcomes:
                assert o.status in ("stored", "known", "quarantined"), o
                if o.status == "quarantined":
                    assert o.message  # a reason a person can read

        one()
        assert tried >= min(100, EXAMPLES)
        status = store.status()
        assert status is not None


def test_any_text_gives_events_whose_evidence_is_the_text_at_their_span(extractor: Extractor) -> None:
    tried = 0
    chars = list("abcdefghijklmnopqrstuvwxyz ABCKLMHJT.,;:—-()0123456789\n") + list(
        "قتلمدنيوبفكالةأإآ ٠١٢٣٤٥٦٧٨٩،"
    )
    words = ["killed ", "Baniyas ", "at least ", "قتل ", "جبلة ", "Friday ", "toll rose to ", "\n\n"]
    mixed = st.lists(st.one_of(st.sampled_from(chars), st.sampled_from(words)), max_size=400).map("".join)

    @FAST
    @given(st.one_of(st.text(max_size=1500), mixed))
    def one(text: str) -> None:
        nonlocal tried
        tried += 1
        for e in extractor.extract(text, D):
            assert text[e["span"][0] : e["span"][1]] == e["evidence"]
            assert e["fatalities"] is None or e["fatalities"] >= 0

    one()
    assert tried >= min(100, EXAMPLES)
