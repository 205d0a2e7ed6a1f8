"""``marsad extract`` in both modes, and ``marsad reports``, as users and evaluators call them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, assert_no_traceback, run_json, shared_file

CONTRACT_KEYS = {
    "doc", "event_type", "sub_event_type", "event_date", "time_precision", "admin1", "admin1_code", "admin2",
    "location", "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high",
    "injured", "displaced", "victim_community", "victim_groups", "actor1", "source_attribution", "is_tally",
    "evidence", "span",
}  # fmt: skip


def test_file_mode_prints_contract_jsonl(marsad: Run, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "Gunmen shot dead three men in the village of Al-Shir near Jableh on Saturday, residents said."
    )
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps(
            {
                "id": "b1",
                "published": "2025-03-12",
                "text": "A landmine killed two shepherds near Tadmur yesterday.",
            }
        )
        + "\n"
    )
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 binary")
    result = marsad(
        "extract", str(report), str(batch), str(broken), "--published", "2025-03-10", "--format", "jsonl"
    )
    assert_no_traceback(result)
    assert result.returncode == 1 and "broken.pdf" in result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(set(e) >= CONTRACT_KEYS for e in events)
    by_doc = {e["doc"]: e for e in events}
    assert by_doc["report.txt"]["admin1"] == "Latakia" and by_doc["report.txt"]["fatalities"] == 3
    assert by_doc["report.txt"]["event_date"] == "2025-03-08"
    assert by_doc["b1"]["event_date"] == "2025-03-11"  # the record's own date wins over --published
    assert by_doc["b1"]["sub_event_type"] == "Remote explosive/landmine/IED"
    bad = marsad("extract", str(report), "--published", "March 10")
    assert bad.returncode == 2 and "--published" in bad.stderr


def test_store_mode_is_incremental_and_reports_keep_evidence(marsad: Run) -> None:
    seed = shared_file("corpus", "seed-article.txt")
    assert marsad("ingest", str(seed)).returncode == 0
    first = marsad("extract")
    assert first.returncode == 0 and "from 1 documents" in first.stdout
    again = marsad("extract")
    assert "from 0 documents" in again.stdout
    reports = run_json(marsad, "reports", "list")
    assert reports and any(r["is_tally"] and r["fatalities"] == 741 for r in reports)
    [doc] = run_json(marsad, "docs", "list")
    text = run_json(marsad, "docs", "show", doc["id"])["clean_text"]
    shown = run_json(marsad, "reports", "show", reports[0]["id"])
    assert text[shown["span"][0] : shown["span"][1]] == shown["evidence"]
    tallies = run_json(marsad, "reports", "list", "--tallies")
    assert tallies and all(r["is_tally"] for r in tallies)
    missing = marsad("reports", "show", "nope")
    assert missing.returncode == 2 and "no report" in missing.stderr


def test_eval_scores_the_gold_file(marsad: Run) -> None:
    from tests.conftest import ROOT

    summary = run_json(marsad, "eval", str(ROOT / "tests" / "gold" / "en.jsonl"))
    assert summary["overall"]["records"] >= 120
