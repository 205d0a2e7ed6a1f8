"""From lists to an estimate, as a user runs it: import, ``victims link``, then ``estimate`` on the
same database, from the capture histories of the linked persons (not a counts file)."""

from __future__ import annotations

from pathlib import Path

from marsad.link.synthetic import generate, population_size
from tests.conftest import Run, run_json


def test_estimate_reads_the_linked_registry(marsad: Run, tmp_path: Path) -> None:
    # four lists recording one invented population independently: what they missed is estimable
    files, truth = generate(1500, tmp_path, seed=5)
    for source, path in files:
        run_json(marsad, "victims", "import", str(path), "--source", f"List {source}")
    linked = run_json(marsad, "victims", "link")
    assert linked["records"] == len(truth)
    recorded = len(set(truth.values()))  # people on at least one list

    report = run_json(marsad, "estimate")
    assert report["lists"] == ["List A", "List B", "List C", "List D"]
    # documented counts the persons the linkage found, not the records
    assert report["documented"] == linked["persons"] < linked["records"]
    assert abs(report["documented"] - recorded) <= 0.05 * recorded
    # the lists missed people, and the estimate comes near the size of the invented population
    # (links the linkage missed leave people seen by one list only, which pushes it up a little)
    population = population_size(1500)
    assert report["documented"] < report["lower"] <= report["estimate"] <= report["upper"]
    assert abs(report["estimate"] - population) <= 0.15 * population, (report, population)

    by_sex = run_json(marsad, "estimate", "--by", "sex")
    assert {s["stratum"] for s in by_sex["strata"]} >= {"male", "female"}
    assert sum(s["documented"] for s in by_sex["strata"]) == linked["persons"]
    # strata too small to estimate are refused in one line, not guessed
    small = marsad("estimate", "--by", "admin1")
    assert small.returncode != 0 and "M021" in small.stderr and len(small.stderr.strip().splitlines()) == 1
