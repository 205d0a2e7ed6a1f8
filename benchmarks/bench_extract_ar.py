"""Arabic extraction throughput beside English, on the same machine in the same run.

Prints documents/s and words/s of ``Extractor.extract`` on Arabic reports (the Arabic examples and
our Arabic development set, repeated) and on English reports (the English examples and gold set),
and their ratio. The Arabic pipeline is loaded before timing (its first use builds it).

Usage: python benchmarks/bench_extract_ar.py [--docs 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from marsad.extract import Extractor
from marsad.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _texts(lang: str) -> list[str]:
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "reports" / lang).glob("*.txt"))
    ]
    extra = ROOT / ("tests/data/extract/ar_dev/dev.jsonl" if lang == "ar" else "tests/gold/en.jsonl")
    if extra.exists():
        texts += [
            json.loads(line)["text"]
            for line in extra.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    return texts


def corpus(lang: str, n: int) -> list[str]:
    texts = _texts(lang)
    return [texts[i % len(texts)] for i in range(n)]


def run(extractor: Extractor, texts: list[str], lang: str) -> tuple[float, int]:
    published = dt.date(2025, 3, 10)
    t0 = time.perf_counter()
    events = sum(len(extractor.extract(t, published, str(i), lang=lang)) for i, t in enumerate(texts))
    return time.perf_counter() - t0, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "g.sqlite")) as store:
        extractor = Extractor.load(store)
        extractor.extract("قُتل شخصان في حمص.", dt.date(2025, 3, 10))  # build the Arabic pipeline
        results = {}
        for lang in ("en", "ar"):
            texts = corpus(lang, args.docs)
            words = sum(len(t.split()) for t in texts)
            seconds, events = run(extractor, texts, lang)
            results[lang] = seconds
            print(
                f"{lang}: {len(texts)} documents, {words} words, {events} events: "
                f"{len(texts) / seconds:8.1f} docs/s {words / seconds:9.0f} words/s"
            )
        print(f"ratio (Arabic docs/s / English docs/s): {results['en'] / results['ar']:.2f}")


if __name__ == "__main__":
    main()
