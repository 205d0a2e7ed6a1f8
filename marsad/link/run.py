"""One linkage run over every stored victim record: Splink on DuckDB, then clustering.

Steps: comparison table (``features``) → Splink linker (``model``) → prior from deterministic
rules → u by random sampling → m by EM on the training blocking rules → scored pairs at or above
the review threshold → clustering (``cluster``) under human decisions → the run, its trained
model (Splink JSON, in ``link_run.model``), memberships and uncertain pairs saved to the store.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

from marsad.link.cluster import cluster
from marsad.link.errors import LinkError
from marsad.link.features import family_place_tf, feature_rows
from marsad.link.model import LinkOptions, comparison_name, settings_dict
from marsad.link.prior import rules_recall
from marsad.link.veto import NameVeto


def score_pairs(
    table: Any, opts: LinkOptions, steps: dict[str, float] | None = None
) -> tuple[list[tuple[str, str, float]], dict[str, Any]]:
    """Scored pairs (a < b) with probability ≥ the review threshold, and the trained model.

    ``steps`` receives the seconds each step took, so a slow run says where its time went.
    """
    import duckdb
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    spill = tempfile.TemporaryDirectory(prefix="marsad-link-", dir=opts.temp_directory or None)
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    # DuckDB takes 80% of the machine's memory by default; above the limit it spills to disk
    con.execute(f"SET memory_limit = '{opts.memory_limit}'")
    con.execute("SET temp_directory = '{}'".format(spill.name.replace("'", "''")))
    con.execute("SET preserve_insertion_order = false")
    steps = steps if steps is not None else {}
    clock = [time.perf_counter()]

    def lap(step: str) -> None:
        now = time.perf_counter()
        steps[step] = round(now - clock[0], 2)
        clock[0] = now

    try:
        db_api = DuckDBAPI(con)
        sdf = db_api.register(table, dataset_display_name="victims")
        linker = Linker(sdf, settings_dict(opts, "dedupe_only"), log_level=None)
        tf = db_api.register(family_place_tf(table), dataset_display_name="tf_family_place")
        linker.table_management.register_term_frequency_lookup(tf, "family_place")
        linker.training.estimate_u_using_random_sampling(max_pairs=opts.u_max_pairs, seed=opts.seed)
        lap("u_sampling")
        for rule in opts.training_blocking:
            linker.training.estimate_parameters_using_expectation_maximisation(
                opts.rule_sql(rule),
                estimate_without_term_frequencies=True,
                max_pairs=opts.em_max_pairs,
            )
        lap("em_training")
        # the prior last: its rules' recall is estimated from the trained m-probabilities
        rules = [opts.rule_columns(r) for r in opts.deterministic]
        recall = opts.deterministic_recall
        if not recall:
            present = {c: 1 - table.column(c).null_count / max(len(table), 1) for r in rules for c in r}
            recall = rules_recall(linker.misc.save_model_to_json(), rules, present)
        linker.training.estimate_probability_two_random_records_match(
            [opts.rule_sql(r) for r in opts.deterministic], recall=max(recall, 1e-6)
        )
        prior = {
            "deterministic_recall": round(recall, 4),
            "recall_estimated": not opts.deterministic_recall,
            "probability_two_random_records_match": linker.misc.save_model_to_json()[
                "probability_two_random_records_match"
            ],
        }
        lap("prior")
        predictions = linker.inference.predict(
            threshold_match_probability=opts.review_threshold, warning_mode="never"
        )
        rel = predictions.as_duckdbpyrelation()
        # relatives killed together agree on everything but their own names: a pair whose
        # must_agree fields are clearly different (the comparison's lowest level) never links
        vetoes = [f"gamma_{comparison_name(f)} = 0" for f in opts.must_agree]
        where = f"NOT ({' OR '.join(vetoes)})" if vetoes else "TRUE"
        rows = rel.filter(where).select("unique_id_l, unique_id_r, match_probability").fetchall()
        refused = rel.filter(f"NOT ({where})").count("*").fetchall()[0][0] if vetoes else 0
        model = linker.misc.save_model_to_json()
        lap("scoring")
    except LinkError:
        raise
    except Exception as exc:  # Splink/duckdb failures on odd data: say which step, one line
        raise LinkError(f"linkage failed: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}") from None
    finally:
        con.close()
        spill.cleanup()
    pairs = [(a, b, float(p)) if a < b else (b, a, float(p)) for a, b, p in rows]
    model["marsad_pairs_refused_by_must_agree"] = refused
    model["marsad_prior"] = prior
    return pairs, model


def link_victims(store: Any, opts: LinkOptions) -> dict[str, Any]:
    """Link every stored record into persons; returns the run's summary (also saved)."""
    opts.check()
    started = time.perf_counter()
    sources: dict[str, str] = {}

    def records() -> Iterator[dict[str, Any]]:  # streamed: a million records as dicts weigh gigabytes
        for r in store.iter_victims():
            sources[r["id"]] = r["source"]
            yield r

    steps: dict[str, float] = {}
    table = feature_rows(records(), opts.extra_fields)
    steps["features"] = round(time.perf_counter() - started, 2)
    if len(sources) < 2:
        raise LinkError(f"need at least 2 victim records to link, the store has {len(sources)}")
    pairs, model = score_pairs(table, opts, steps)
    t = time.perf_counter()
    veto = NameVeto(table, opts.must_agree)
    del table
    decisions = store.link_decisions()
    clusters = cluster(sources, pairs, opts.match_threshold, decisions, veto.apart if veto else None)
    review = [
        (a, b, p)
        for a, b, p in pairs
        if p < opts.match_threshold
        and clusters.person[a] != clusters.person[b]
        and decisions.get((a, b)) is None
    ]
    steps["clustering"] = round(time.perf_counter() - t, 2)
    summary = _summary(sources, clusters.person, pairs, review, opts)
    summary["pairs_refused_by_must_agree"] = model.pop("marsad_pairs_refused_by_must_agree")
    summary["prior"] = model.pop("marsad_prior")
    summary["decisions_applied"] = len(decisions)
    summary["merges_refused_by_decisions"] = clusters.blocked_by_decision
    summary["merges_refused_by_must_agree"] = clusters.blocked_by_must_agree
    summary["conflicting_decisions"] = [list(c) for c in clusters.conflicts]
    summary["seconds"] = round(time.perf_counter() - started, 2)
    summary["step_seconds"] = steps
    members = [(v, clusters.person[v], clusters.probability[v]) for v in sources]
    t = time.perf_counter()
    run_id = store.save_link_run(
        settings=opts.as_dict(), model=model, summary=summary, members=members, pairs=review
    )
    steps["saving"] = round(time.perf_counter() - t, 2)
    summary["run_id"] = run_id
    return summary


def _summary(
    sources: dict[str, str],
    person: dict[str, str],
    pairs: list[tuple[str, str, float]],
    review: list[tuple[str, str, float]],
    opts: LinkOptions,
) -> dict[str, Any]:
    """Counts a user checks after a run, and the overlap between sources."""
    lists: dict[str, set[str]] = {}
    for v, p in person.items():
        lists.setdefault(p, set()).add(sources[v])
    names = sorted(set(sources.values()))
    overlap = {a: {b: 0 for b in names} for a in names}
    for srcs in lists.values():
        for a in srcs:
            for b in srcs:
                overlap[a][b] += 1
    by_count = Counter(len(s) for s in lists.values())
    return {
        "records": len(sources),
        "persons": len(lists),
        "records_per_source": dict(sorted(Counter(sources.values()).items())),
        "persons_per_source": {a: overlap[a][a] for a in names},
        "overlap": overlap,
        "persons_by_number_of_sources": {str(k): by_count[k] for k in sorted(by_count)},
        "pairs_scored": len(pairs),
        "pairs_matched": sum(1 for *_, p in pairs if p >= opts.match_threshold),
        "review_pairs": len(review),
        "match_threshold": opts.match_threshold,
        "review_threshold": opts.review_threshold,
    }
