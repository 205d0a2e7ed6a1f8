"""Linkage quality against known truth: pairwise precision/recall/F1 and B-cubed (cluster-level).

Pairwise counts every pair of records put in one person; B-cubed averages, per record, how much
of its predicted cluster is truly its person (precision) and how much of its true person its
cluster holds (recall) — so one giant wrong cluster cannot hide behind many right small ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any


def _pairs(sizes: Mapping[Any, int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def scores(predicted: Mapping[str, Any], truth: Mapping[str, Any]) -> dict[str, float]:
    """``predicted`` and ``truth`` map each record to its cluster; both over the same records."""
    records = list(truth)
    joint = Counter((predicted[r], truth[r]) for r in records)
    pred_sizes = Counter(predicted[r] for r in records)
    true_sizes = Counter(truth[r] for r in records)
    tp = _pairs(joint)
    pred_pairs, true_pairs = _pairs(pred_sizes), _pairs(true_sizes)
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    b_p = b_r = 0.0
    for (p, t), n in joint.items():
        # each of the n records in (p, t) shares n records of its cluster with its true person
        b_p += n * n / pred_sizes[p]
        b_r += n * n / true_sizes[t]
    b_p /= len(records) or 1
    b_r /= len(records) or 1
    return {
        "pairwise_precision": precision,
        "pairwise_recall": recall,
        "pairwise_f1": _f1(precision, recall),
        "bcubed_precision": b_p,
        "bcubed_recall": b_r,
        "bcubed_f1": _f1(b_p, b_r),
        "records": len(records),
        "true_persons": len(true_sizes),
        "predicted_persons": len(pred_sizes),
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0
