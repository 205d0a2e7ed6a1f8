"""Resolve at 10k and 100k synthetic reports: time and peak memory, side by side.

Synthetic reports (several outlets reporting the same incidents in random places and days, with
figures that disagree a little) are written to a fresh SQLite store through the store's own methods,
then ``run_resolve`` groups them. Baseline in the same run: grouping the same reports with a plain
dict keyed on (governorate, place, date, type) — what exact matching would do.

Usage: python benchmarks/bench_resolve.py [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from marsad.model import Blob, Document
from marsad.resolve import run_resolve
from marsad.store import Store, sha256_hex

GOVS = ["Latakia", "Tartus", "Hama", "Homs", "Idlib", "Aleppo", "Daraa"]


def synthetic(n: int, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    incidents = max(1, n // 3)
    out = []
    for i in range(n):
        k = rng.randrange(incidents)
        r = random.Random(k)
        day = dt.date(2025, 1, 1) + dt.timedelta(days=r.randrange(300))
        best = r.randrange(1, 60)
        figure = max(1, best + rng.choice([-1, 0, 0, 1, 2]))
        out.append(
            {
                "event_type": "Violence against civilians",
                "sub_event_type": "Attack",
                "event_date": day.isoformat(),
                "time_precision": 1,
                "admin1": GOVS[k % len(GOVS)],
                "admin1_code": None,
                "admin2": None,
                "location": f"Village {k}",
                "latitude": None,
                "longitude": None,
                "geo_precision": 1,
                "fatalities": figure,
                "fatalities_low": figure,
                "fatalities_high": figure,
                "injured": None,
                "displaced": None,
                "victim_community": [],
                "victim_groups": [],
                "actor1": None,
                "source_attribution": [],
                "is_tally": False,
                "evidence": f"{figure} killed in Village {k}",
                "span": [0, 10],
                "doc": str(i),
            }
        )
    return out


def load(store: Store, reports: list[dict], per_doc: int = 10) -> None:
    for start in range(0, len(reports), per_doc):
        text = f"synthetic document {start}".encode()
        sha = sha256_hex(text)
        doc_id = store.add_document(
            Document(
                sha256=sha,
                blob_sha256=sha,
                media_type="text/plain",
                source=f"Outlet {start % 5}",
                text=text.decode(),
            ),
            Blob(sha256=sha, data=text, media_type="text/plain", filename=f"{start}.txt"),
        )
        store.save_reports(doc_id, "bench", reports[start : start + per_doc])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    head = ("reports", "resolve s", "peak MB", "incidents", "dict s", "dict groups", "ratio")
    print(" ".join(f"{h:>11}" for h in head))
    for n in (int(x) for x in args.sizes.split(",")):
        reports = synthetic(n)
        with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "r.sqlite")) as store:
            load(store, reports)
            tracemalloc.start()
            t0 = time.perf_counter()
            summary = run_resolve(store)
            took = time.perf_counter() - t0
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        t0 = time.perf_counter()
        groups: dict[tuple, list[dict]] = {}
        for r in reports:
            groups.setdefault((r["admin1"], r["location"], r["event_date"], r["event_type"]), []).append(r)
        dict_s = time.perf_counter() - t0
        print(
            f"{n:>8} {took:>10.1f} {peak / 1e6:>8.0f} {summary.created:>10} {dict_s:>8.3f} {len(groups):>12} "
            f"{took / max(dict_s, 1e-9):>7.0f}"
        )


if __name__ == "__main__":
    main()
