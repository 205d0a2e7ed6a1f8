"""Long fuzzing of the extractor (``make fuzz``): random text, huge inputs, mixed scripts.

The unit tests run a short version; this one runs thousands of examples and the 5 MB cases.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.extract import Extractor
from marsad.store import Store

D = dt.date(2025, 3, 10)


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "g.sqlite")) as store:
        extractor = Extractor.load(store)
        for label, text in [
            ("5 MB of one word", "killed " * 750_000),
            ("5 MB without sentence ends", "at least 5 killed in Homs and " * 170_000),
            ("mixed scripts", "قتل 5 مدنيين in Homs и Москва 北京 " * 20_000),
        ]:
            t0 = time.perf_counter()
            events = extractor.extract(text, D)
            print(
                f"{label}: {len(text) / 1e6:.1f} MB, {len(events)} events, {time.perf_counter() - t0:.1f} s"
            )

        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.text(max_size=5000))
        def random_text(text: str) -> None:
            for e in extractor.extract(text, D):
                assert text[e["span"][0] : e["span"][1]] == e["evidence"]

        t0 = time.perf_counter()
        random_text()
        took = time.perf_counter() - t0
        print(f"{examples} random texts: no crash, every span matches its evidence ({took:.0f} s)")


if __name__ == "__main__":
    main()
