"""Victim linkage on synthetic Syrian victim lists with known truth: F1 and time at 10k/100k(/1M).

The generator (``marsad/link/synthetic.py``) writes 4 lists of one invented population in
different styles (Arabic and Latin spellings, nasab chains, typos, missing fields, shifted dates,
common names, relatives killed together). Every list goes through the real import (CSV,
validation, geocoding) and the real linkage.

The baseline, measured in the same run, is exact-key deduplication: records whose normalised
first, father's and family name (in the script they were written) and date of death are equal.

    python benchmarks/bench_link.py               # 10k and 100k records, wide name pool
    python benchmarks/bench_link.py --sizes 1000000   # 1M (about 1.45 records per person)
    python benchmarks/bench_link.py --names narrow    # the name pool of sessions 1-3

``--names`` picks the generator's name pool: ``wide`` (realistic: hundreds of given names, thousands
of family names clustered by place) or ``narrow`` (60 + 20 given and 76 family names, the pool the
figures of sessions 1-3 were measured on); see ``marsad/link/synthetic.py``.

Peak memory is the process's (generation, import and linkage); DuckDB itself is held to
``[link] memory_limit``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.link.metrics import scores
from marsad.link.names import normal_name
from marsad.link.synthetic import generate


def baseline(members: list[dict]) -> dict[str, str]:
    """Exact-key dedup: same normalised first/father/family name and date of death."""
    out = {}
    for m in members:
        key = (
            normal_name(m["first_name"]),
            normal_name(m["father_name"]),
            normal_name(m["family_name"]),
            m["date_of_death"],
        )
        out[m["id"]] = repr(key) if m["first_name"] else m["id"]
    return out


def run(size: int, folder: Path, names: str = "wide") -> dict:
    from marsad.config import load_settings
    from marsad.geo import Geocoder, ensure_builtin
    from marsad.link.importer import import_victims
    from marsad.link.model import LinkOptions
    from marsad.link.run import link_victims
    from marsad.store import Store

    files, truth = generate(size, folder, names=names)
    db = folder / "bench.sqlite"
    with Store(str(db)) as store:
        ensure_builtin(store)
        geocoder = Geocoder.from_store(store)
        t0 = time.perf_counter()
        for source, path in files:
            res = import_victims(
                store, path, source, rejects=folder / f"{source}.rejects.csv", geocoder=geocoder
            )
            assert not res.rejected, res.rejected[:3]
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        summary = link_victims(store, LinkOptions.from_settings(load_settings(environ={})))
        t_link = time.perf_counter() - t0
        run_id = store.latest_link_run()["id"]
        members = store.link_members(run_id)
        keep = ("id", "first_name", "father_name", "family_name", "date_of_death")
        rows = {r["id"]: {k: r[k] for k in keep} for r in store.iter_victims()}
    ids = {m["victim_id"]: (m["source"], m["record_id"]) for m in members}
    true = {v: truth[k] for v, k in ids.items()}
    ours = scores({m["victim_id"]: m["person_id"] for m in members}, true)
    t0 = time.perf_counter()
    base_pred = baseline([rows[v] for v in ids])
    t_base = time.perf_counter() - t0
    base = scores(base_pred, true)
    return {
        "records": len(members),
        "true_persons": ours["true_persons"],
        "persons": summary["persons"],
        "import_s": round(t_import, 1),
        "link_s": round(t_link, 1),
        "marsad": {k: round(v, 4) for k, v in ours.items() if "_" in k and k != "true_persons"},
        "baseline_s": round(t_base, 2),
        "baseline": {k: round(v, 4) for k, v in base.items() if "_" in k and k != "true_persons"},
        "review_pairs": summary["review_pairs"],
        "steps": summary["step_seconds"],
        "prior": summary["prior"],
        "refused": (summary["pairs_refused_by_must_agree"], summary["merges_refused_by_must_agree"]),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="records per run")
    ap.add_argument("--names", choices=("wide", "narrow"), default="wide", help="name pool of the lists")
    args = ap.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            r = run(size, Path(tmp), args.names)
        m, b = r["marsad"], r["baseline"]
        print(
            f"{r['records']:>9,} records, {args.names} names ({r['true_persons']:,} persons): "
            f"import {r['import_s']} s, "
            f"link {r['link_s']} s → {r['persons']:,} persons; review queue {r['review_pairs']:,} pairs; "
            f"peak memory so far {r['peak_mb']:,} MB"
        )
        print("    link steps (s): " + ", ".join(f"{k} {v}" for k, v in r["steps"].items()))
        prior = r["prior"]
        print(
            f"    prior: deterministic rules' estimated recall {prior['deterministic_recall']}, "
            f"P(two random records match) {prior['probability_two_random_records_match']:.3g}; "
            f"refused by must_agree: {r['refused'][0]:,} pairs, {r['refused'][1]:,} merges of groups"
        )
        print(
            f"    Marsad  : pairwise P {m['pairwise_precision']:.4f} R {m['pairwise_recall']:.4f} "
            f"F1 {m['pairwise_f1']:.4f} | B-cubed F1 {m['bcubed_f1']:.4f}"
        )
        print(
            f"    baseline (exact key, {r['baseline_s']} s): pairwise P {b['pairwise_precision']:.4f} "
            f"R {b['pairwise_recall']:.4f} F1 {b['pairwise_f1']:.4f} | B-cubed F1 {b['bcubed_f1']:.4f}"
        )
        ratio = m["pairwise_f1"] / b["pairwise_f1"] if b["pairwise_f1"] else float("inf")
        print(f"    pairwise F1 ratio Marsad/baseline: {ratio:.2f}x", flush=True)


if __name__ == "__main__":
    main()
