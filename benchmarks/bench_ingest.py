"""Ingest+clean throughput, and near-duplicate detection as the corpus grows.

Prints figures with a baseline measured in the same run:
* ingest+clean documents/s against bare sqlite3 (read file, SHA-256, insert bytes) on the same files;
* near-duplicate detection at 1k, 10k and 100k synthetic documents, side by side, against
  exhaustive pairwise Jaccard at the size it is still feasible (1k).

Usage: python benchmarks/bench_ingest.py [--sizes 1000,10000,100000] [--files 1000]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from marsad.clean import run_clean
from marsad.clean.neardup import NearDuplicateIndex, shingles, signature
from marsad.config import load_settings
from marsad.ingest import Ingester
from marsad.store import Store

WORDS = (
    "civilians killed wounded village town district shelling gunmen residents monitor said "
    "according families fled houses burned market checkpoint road night morning council "
    "hospital doctors bodies neighbourhood forces security statement ministry observatory "
    "toll rose children women men farmer driver school mosque church olive grove river "
    "bridge convoy ambulance rescue team volunteers Latakia Tartus Baniyas Jableh Homs "
    "Hama Idlib Aleppo Daraa Suwayda Qardaha Haffah Masyaf"
).split()


def synthetic_corpus(n: int, seed: int = 7, copy_share: float = 0.1) -> tuple[list[str], set[int]]:
    """n texts of ~220 words; a share of them are lightly edited copies of earlier ones."""
    rng = random.Random(seed)
    texts: list[str] = []
    copies: set[int] = set()
    for i in range(n):
        if i > 10 and rng.random() < copy_share:
            words = texts[rng.randrange(i)].split()
            for _ in range(max(1, len(words) // 40)):  # change ~2.5% of words
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            texts.append(" ".join(words))
            copies.add(i)
        else:
            texts.append(" ".join(rng.choice(WORDS) for _ in range(220)) + f" report {i}.")
    return texts, copies


def bench_neardup(n: int, num_perm: int = 128, shingle_words: int = 3) -> dict[str, float]:
    texts, copies = synthetic_corpus(n)
    t0 = time.perf_counter()
    sigs = [signature(t, num_perm, shingle_words) for t in texts]
    t1 = time.perf_counter()
    index = NearDuplicateIndex(0.5, num_perm)
    found: set[int] = set()
    for i, sig in enumerate(sigs):
        if index.match(sig) is not None:
            found.add(i)
        index.add(f"{i:09d}", sig)
    t2 = time.perf_counter()
    return {
        "docs": n,
        "signatures_s": t1 - t0,
        "lsh_s": t2 - t1,
        "total_s": t2 - t0,
        "us_per_doc": (t2 - t0) / n * 1e6,
        "recall": len(found & copies) / max(1, len(copies)),
        "false": len(found - copies),
    }


def bench_exhaustive(n: int, shingle_words: int = 3) -> float:
    """The baseline: exact Jaccard between every pair, the obvious way without MinHash."""
    texts, _ = synthetic_corpus(n)
    t0 = time.perf_counter()
    sets = [shingles(t, shingle_words) for t in texts]
    for i in range(n):
        a = sets[i]
        for j in range(i):
            b = sets[j]
            _ = len(a & b) / len(a | b)
    return time.perf_counter() - t0


def bench_ingest(files: int) -> tuple[float, float]:
    texts, _ = synthetic_corpus(files, seed=11)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"doc-{i:06d}.txt").write_text(f"Report number {i}\n\n{text}\n", encoding="utf-8")
        paths = sorted(folder.iterdir())

        t0 = time.perf_counter()
        conn = sqlite3.connect(Path(tmp) / "bare.sqlite")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE blob (sha256 TEXT PRIMARY KEY, data BLOB)")
        for p in paths:
            data = p.read_bytes()
            with conn:
                conn.execute("INSERT INTO blob VALUES (?, ?)", (hashlib.sha256(data).hexdigest(), data))
        conn.close()
        bare = time.perf_counter() - t0

        settings = load_settings(environ={})
        t0 = time.perf_counter()
        with Store(str(Path(tmp) / "marsad.sqlite")) as store:
            Ingester(store, settings).ingest(paths)
            run_clean(store, settings)
        ours = time.perf_counter() - t0
    return files / ours, files / bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()

    ours, bare = bench_ingest(args.files)
    print(f"ingest+clean, {args.files} text files into SQLite")
    print(
        f"  marsad: {ours:8.0f} docs/s   bare sqlite3 (read+sha256+insert): {bare:8.0f} docs/s   "
        f"ratio {ours / bare:.2f}"
    )
    print()
    print("near-duplicate detection (MinHash 128 perms, 3-word shingles, LSH at 0.5), 10% planted copies")
    print(
        f"  {'docs':>8} {'signatures s':>13} {'LSH s':>8} {'total s':>8} {'us/doc':>8} {'recall':>7} "
        f"{'false +':>8}"
    )
    rows = [bench_neardup(int(n)) for n in args.sizes.split(",")]
    for r in rows:
        print(
            f"  {r['docs']:>8} {r['signatures_s']:>13.2f} {r['lsh_s']:>8.2f} {r['total_s']:>8.2f} "
            f"{r['us_per_doc']:>8.0f} {r['recall']:>7.3f} {r['false']:>8}"
        )
    for a, b in itertools.pairwise(rows):
        print(
            f"  {a['docs']} -> {b['docs']}: {b['docs'] / a['docs']:.0f}x documents, "
            f"{b['total_s'] / a['total_s']:.1f}x time"
        )
    first = rows[0]
    exhaustive = bench_exhaustive(int(first["docs"]))
    print(
        f"  baseline at {first['docs']} docs: exhaustive pairwise Jaccard {exhaustive:.2f} s, "
        f"MinHash+LSH {first['total_s']:.2f} s, ratio {first['total_s'] / exhaustive:.2f}"
    )


if __name__ == "__main__":
    main()
