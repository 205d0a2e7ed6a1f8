"""The project is Apache-2.0: no installed dependency may be GPL-only."""

from __future__ import annotations

from importlib.metadata import distributions


def _licence(dist) -> str:  # type: ignore[no-untyped-def]
    meta = dist.metadata
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    return " | ".join(
        filter(None, [meta.get("License-Expression"), (meta.get("License") or "")[:200], *classifiers])
    )


def test_no_gpl_only_dependency() -> None:
    offenders = []
    for dist in distributions():
        text = _licence(dist)
        upper = text.upper()
        copyleft = "GPL" in upper or "GNU GENERAL PUBLIC" in upper or "AFFERO" in upper
        alternative = " OR " in upper and any(x in upper for x in ("MPL", "MIT", "BSD", "APACHE"))
        lesser = "LGPL" in upper or "LESSER" in upper
        if copyleft and not alternative and not lesser:
            offenders.append(f"{dist.metadata['Name']}: {text}")
    assert offenders == []
