"""The command line as a newcomer meets it: help with examples, JSON for scripts, the demo corpus."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import MARSAD, ROOT, Run, run_json, shared_file

COMMANDS = [["ingest"], ["status"], ["docs", "list"], ["docs", "show"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(marsad: Run, command: list[str]) -> None:
    result = marsad(*command, "--help", use_db=False)
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout
    assert "marsad " + command[0] in result.stdout


def test_help_never_creates_a_database(marsad: Run, db) -> None:  # type: ignore[no-untyped-def]
    assert marsad("--help").returncode == 0
    assert marsad("ingest", "--help").returncode == 0
    assert not db.exists()


def test_demo_corpus_ingests_cleanly_and_only_once(marsad: Run) -> None:
    corpus = ROOT / "examples" / "reports"
    first = marsad("ingest", str(corpus), "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["quarantined"] == 0 and summary["problems"] == []
    assert summary["stored"] >= 40
    status = run_json(marsad, "status")
    assert status["by_language"].get("ar", 0) >= 8
    assert status["near_duplicates"] >= 2  # the syndicated copies in the corpus
    assert status["dropped_parts"].get("repeated_paragraph", 0) >= 2  # the AI-rewritten page
    again = json.loads(marsad("ingest", str(corpus), "--json").stdout)
    assert again["stored"] == 0 and again["already_ingested"] == summary["stored"]


def test_docs_list_filters(marsad: Run) -> None:
    corpus = ROOT / "examples" / "reports"
    assert marsad("ingest", str(corpus)).returncode == 0
    arabic = run_json(marsad, "docs", "list", "--lang", "ar", "--limit", "1000")
    assert arabic and all(d["lang"] == "ar" for d in arabic)
    copies = run_json(marsad, "docs", "list", "--duplicates")
    assert copies and all(d["near_duplicate_of"] for d in copies)
    page = run_json(marsad, "docs", "list", "--limit", "5", "--offset", "5")
    everything = run_json(marsad, "docs", "list", "--limit", "1000")
    assert [d["id"] for d in page] == [d["id"] for d in everything[5:10]]
    bad = marsad("docs", "list", "--lang", "fr")
    assert bad.returncode == 2 and "--lang" in bad.stderr


def test_original_bytes_come_back_exactly(marsad: Run, db, env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "crlf.txt"
    raw = b"Shelling hit Jisr al-Shughur.\r\n\r\nTwo were wounded.\r\n" + "نازحون".encode()
    path.write_bytes(raw)
    assert marsad("ingest", str(path)).returncode == 0
    [doc] = run_json(marsad, "docs", "list")
    shown = subprocess.run(
        [MARSAD, "--db", str(db), "docs", "show", doc["id"], "--original"],
        capture_output=True,
        env=env,
        check=True,
    )
    assert shown.stdout == raw


def test_seed_article_is_stored_once_with_its_repeats_recorded(marsad: Run) -> None:
    seed = shared_file("corpus", "seed-article.txt")
    result = marsad("ingest", str(seed))
    assert result.returncode == 0, result.stderr
    [listed] = run_json(marsad, "docs", "list")
    doc = run_json(marsad, "docs", "show", listed["id"])
    assert doc["lang"] == "en"
    assert sorted(p["kind"] for p in doc["dropped"]) == ["repeated_paragraph"] * 3 + ["repeated_title"]
    text = doc["clean_text"]
    for part in doc["dropped"]:
        assert text.count(part["text"]) == 1  # the dropped copy's text is still there once
    assert text.count("over 740 civilian deaths") == 1
    again = marsad("ingest", str(seed))
    assert again.returncode == 0 and "already ingested" in again.stdout + again.stderr
