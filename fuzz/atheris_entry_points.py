"""Coverage-guided fuzzing (atheris, on libFuzzer) of what users feed Marsad, for ``make fuzz``.

Each input is split into a file kind, the file's bytes and a text. The bytes go through ingest as that
kind of file: they must be stored, known or quarantined with a reason a person can read, never lost
and never a crash. The text goes through both extractors (by its script): every event's evidence must
be exactly the text at its span. libFuzzer steers the inputs towards code of ``marsad`` not yet run;
any exception or failed check stops the run with the input saved as ``crash-…``.

    .venv/bin/python fuzz/atheris_entry_points.py -max_total_time=300 [-runs=N] [corpus folder]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["marsad"]):
    from marsad.config import load_settings
    from marsad.extract import Extractor
    from marsad.ingest import Ingester
    from marsad.store import Store

NAMES = ["r.txt", "r.html", "r.xml", "r.jsonl", "r.csv", "r", "r.json", "r.rss", "r.atom"]
D = dt.date(2025, 3, 10)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "fuzz.sqlite")) as store:
        ingester = Ingester(store, load_settings(environ={}))
        extractor = Extractor.load(store)
        folder = Path(tmp)

        def one_input(data: bytes) -> None:
            fdp = atheris.FuzzedDataProvider(data)
            name = NAMES[fdp.ConsumeIntInRange(0, len(NAMES) - 1)]
            body = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 4000))
            text = fdp.ConsumeUnicodeNoSurrogates(2000)
            before = len(ingester.summary.outcomes)
            ingester.ingest_bytes(folder / name, body)
            outcomes = ingester.summary.outcomes[before:]
            if not outcomes:
                raise AssertionError(f"{name}: {len(body)} bytes got no outcome")
            for o in outcomes:
                if o.status not in ("stored", "known", "quarantined") or (
                    o.status == "quarantined" and not o.message
                ):
                    raise AssertionError(f"{name}: unexpected outcome {o}")
            for event in extractor.extract(text, D):
                start, end = event["span"]
                if text[start:end] != event["evidence"]:
                    raise AssertionError(f"evidence {event['evidence']!r} is not the text at {start}:{end}")

        atheris.Setup(sys.argv, one_input)
        atheris.Fuzz()


if __name__ == "__main__":
    main()
