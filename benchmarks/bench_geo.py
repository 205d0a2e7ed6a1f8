"""Geocoder lookups per second over 100k mentions, and memory with and without imported gazetteers.

Baseline in the same run: a bare Python dict keyed by lower-cased names over the same gazetteer
(what a naive geocoder does; it misses every variant spelling). Prints lookups/s of both, their
ratio, how many mentions each placed, and the memory of the index (tracemalloc).

Usage: python benchmarks/bench_geo.py [--mentions 100000] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gc
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from marsad.geo import Geocoder, ensure_builtin, import_file
from marsad.store import Store


def mentions(geocoder: Geocoder, n: int, seed: int = 3) -> list[tuple[str, str | None]]:
    """Names as written (spelling noise, Arabic particles), a tenth with context, a tenth unknown."""
    rng = random.Random(seed)
    names = [name for p in geocoder.places.values() for name in p.all_names]
    out: list[tuple[str, str | None]] = []
    for _ in range(n):
        r = rng.random()
        name = rng.choice(names)
        if r < 0.1:
            name = "".join(rng.choice("bdfhjklmnqrstz") + rng.choice("aeiou") for _ in range(4))
        elif r < 0.3 and not name.isascii():
            name = rng.choice("وبل") + name
        elif r < 0.4 and name.isascii():
            name = name.replace("a", "e", 1)
        context = f"Shelling hit the countryside of {name} near Hama." if rng.random() < 0.1 else None
        out.append((name, context))
    return out


def measure(geocoder: Geocoder, sample: list[tuple[str, str | None]]) -> tuple[float, int]:
    t0 = time.perf_counter()
    placed = sum(1 for name, ctx in sample if geocoder.lookup(name, ctx, limit=1))
    return len(sample) / (time.perf_counter() - t0), placed


def measure_dict(geocoder: Geocoder, sample: list[tuple[str, str | None]]) -> tuple[float, int]:
    table: dict[str, str] = {}
    for p in geocoder.places.values():
        for name in p.all_names:
            table.setdefault(name.lower(), p.id)  # type: ignore[arg-type]
    t0 = time.perf_counter()
    placed = sum(1 for name, _ in sample if name.lower() in table)
    return len(sample) / (time.perf_counter() - t0), placed


def index_memory(store: Store) -> tuple[Geocoder, float]:
    gc.collect()
    tracemalloc.start()
    geocoder = Geocoder.from_store(store)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return geocoder, current / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "geo.sqlite")) as store:
        t0 = time.perf_counter()
        ensure_builtin(store)
        print(f"built-in gazetteer loaded into the store in {time.perf_counter() - t0:.1f} s")
        configs = [("built-in", None)]
        admin = args.shared / "geo" / "syr_admin_units.csv"
        if admin.exists():
            configs.append(("built-in + OCHA admin units + boundaries", admin))
        for label, path in configs:
            if path is not None:
                import_file(store, path)
                import_file(store, path.parent / "syr_adm1_ocha.geojson")
            geocoder, mb = index_memory(store)
            sample = mentions(geocoder, args.mentions)
            ours, placed = measure(geocoder, sample)
            bare, bare_placed = measure_dict(geocoder, sample)
            print(f"{label}: {len(geocoder.places)} places, index {mb:.1f} MB")
            print(f"  marsad geocoder: {ours:10.0f} lookups/s, placed {placed / len(sample):.1%}")
            print(f"  bare dict:       {bare:10.0f} lookups/s, placed {bare_placed / len(sample):.1%}")
            print(f"  ratio (marsad / bare dict): {ours / bare:.4f}")


if __name__ == "__main__":
    main()
