"""Near-duplicate documents across the corpus, through the real ingest command."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import DATA, Run, run_json

ARTICLES = DATA / "articles"


def test_rewritten_copy_is_linked_and_a_different_story_is_not(marsad: Run, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("wire_baniyas.txt", "wire_baniyas_rewrite.txt", "other_jableh.txt"):
        shutil.copy(ARTICLES / name, folder / name)
    result = marsad("ingest", str(folder))
    assert result.returncode == 0, result.stderr
    docs = run_json(marsad, "docs", "list")
    by_title = {d["title"]: d for d in docs}
    original = by_title["Gunmen kill at least 19 civilians in Baniyas neighbourhood, monitor says"]
    copy = by_title["Gunmen kill at least 19 civilians in Baniyas district, monitor says"]
    other = by_title["Families flee coastal villages as killings reported near Jableh"]
    assert original["near_duplicate_of"] is None
    assert copy["near_duplicate_of"] == original["id"]
    assert other["near_duplicate_of"] is None
    shown = run_json(marsad, "docs", "show", original["id"])
    assert shown["near_duplicates"] == [copy["id"]]
    status = run_json(marsad, "status")
    assert status["near_duplicates"] == 1


def test_copy_ingested_in_a_later_run_is_linked_to_the_first_seen(marsad: Run, tmp_path: Path) -> None:
    assert marsad("ingest", str(ARTICLES / "wire_baniyas.txt")).returncode == 0
    assert marsad("ingest", str(ARTICLES / "other_jableh.txt")).returncode == 0
    # a copy of the copy, arriving last, still points at the first-seen original
    copy2 = tmp_path / "copy2.txt"
    copy2.write_text((ARTICLES / "wire_baniyas_rewrite.txt").read_text().replace("Samir", "Samer"))
    assert marsad("ingest", str(ARTICLES / "wire_baniyas_rewrite.txt"), str(copy2)).returncode == 0
    docs = run_json(marsad, "docs", "list")
    first = docs[0]
    assert first["title"].endswith("neighbourhood, monitor says")
    assert [d["near_duplicate_of"] for d in docs] == [None, None, first["id"], first["id"]]
