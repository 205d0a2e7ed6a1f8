"""``marsad docs``: list and show stored documents, with what cleaning did to them."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import out, print_json, state
from marsad.model import Document, Language

app = typer.Typer(help="List and show stored documents.", no_args_is_help=True)


def _summary(doc: Document, witnesses: dict[str, str] | None = None) -> dict[str, Any]:
    """``witnesses``: document id → pseudonym of its witness (never the name: see ``show``)."""
    return {
        "id": doc.id,
        "lang": str(doc.lang) if doc.lang else None,
        "source": doc.source,
        "published": doc.published,
        "title": doc.title,
        "media_type": doc.media_type,
        "locator": doc.locator,
        "chars": len(doc.clean_text or doc.text),
        "near_duplicate_of": doc.near_duplicate_of,
        "sensitive": doc.sensitive,
        "witness": (witnesses or {}).get(doc.id or ""),
    }


@app.command("list")
def list_docs(
    ctx: typer.Context,
    lang: Annotated[Language | None, typer.Option("--lang", help="Only this language.")] = None,
    source: Annotated[str | None, typer.Option("--source", "-s", help="Only this source.")] = None,
    duplicates: Annotated[
        bool | None,
        typer.Option(
            "--duplicates/--originals",
            help="Only near-duplicates, or only documents that copy no other.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000, help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """List documents, oldest first.

    Example: [bold]marsad docs list --lang ar --limit 20[/bold]
    """
    store = state(ctx).store
    docs = store.list_documents(
        lang=str(lang) if lang else None,
        source_name=source,
        near_duplicates=duplicates,
        limit=limit,
        offset=offset,
    )
    witnesses = store.witness_pseudonyms(d.id for d in docs if d.id and d.sensitive)
    if as_json:
        print_json([_summary(d, witnesses) for d in docs])
        return
    table = Table()
    table.add_column("id", no_wrap=True, min_width=36)
    for name in ("lang", "source", "published", "title", "chars", "copy of", "witness"):
        table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=60 if name == "title" else 30)
    for d in docs:
        s = _summary(d, witnesses)
        title = (d.title or (d.clean_text or d.text).split("\n", 1)[0])[:60]
        table.add_row(
            d.id,
            s["lang"] or "-",
            d.source,
            (d.published or "-")[:10],
            title,
            str(s["chars"]),
            "yes" if d.near_duplicate_of else "",
            s["witness"] or "",
        )
    out.print(table)
    if not docs:
        out.print("no documents match")


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(help="Document id (or a unique prefix of 8+ characters, or its SHA-256).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    original: Annotated[
        bool,
        typer.Option("--original", help="Write the original file's bytes to stdout, exactly as ingested."),
    ] = False,
) -> None:
    """Show one document: metadata, cleaned text, what cleaning dropped, near-duplicates.

    Example: [bold]marsad docs show 0193a5c2-… --json[/bold]
    """
    store = state(ctx).store
    doc = store.get_document(ref)
    store.require_readable(doc)  # a locked testimony is a clear error, never a placeholder or ciphertext
    if original:
        sys.stdout.buffer.write(store.get_blob(doc.blob_sha256).data)
        sys.stdout.buffer.flush()
        return
    assert doc.id is not None
    copies = store.near_duplicates_of(doc.id)
    # the key is unlocked here (require_readable): the witness's identity is shown with the testimony
    witness = store.document_witness(doc.id, identity=True)
    data = {
        **_summary(doc, {doc.id: witness["pseudonym"]} if witness else None),
        "witness_name": witness["name"] if witness else None,
        "witness_contact": witness["contact"] if witness else None,
        "sha256": doc.sha256,
        "original_sha256": doc.blob_sha256,
        "url": doc.url,
        "author": doc.author,
        "external_id": doc.external_id,
        "ingested_at": doc.ingested_at.isoformat() if doc.ingested_at else None,
        "near_duplicate_score": doc.near_duplicate_score,
        "near_duplicates": copies,
        "meta": doc.meta,
        "clean_text": doc.clean_text,
        "dropped": [
            {"kind": p.kind, "paragraph": p.paragraph, "duplicate_of": p.duplicate_of, "text": p.text}
            for p in doc.dropped
        ],
    }
    if as_json:
        print_json(data)
        return
    for key in (
        "id",
        "sha256",
        "source",
        "title",
        "published",
        "author",
        "url",
        "lang",
        "media_type",
        "locator",
        "ingested_at",
    ):
        if data[key]:
            out.print(f"[bold]{key}[/bold]: {data[key]}")
    if witness:
        contact = f"; contact: {witness['contact']}" if witness["contact"] else ""
        shown = escape(f"{witness['pseudonym']} = {witness['name']}{contact}")
        out.print(f"[bold]witness[/bold]: {shown}")
    if doc.near_duplicate_of:
        out.print(
            f"[bold]near-duplicate of[/bold]: {doc.near_duplicate_of} "
            f"(similarity {doc.near_duplicate_score:.2f})"
        )
    if copies:
        out.print(f"[bold]copied by[/bold]: {', '.join(copies)}")
    out.print()
    out.print(doc.clean_text if doc.clean_text is not None else "(not cleaned yet)", markup=False)
    if doc.dropped:
        out.print()
        out.print(f"[bold]dropped by cleaning ({len(doc.dropped)})[/bold]:")
        for p in doc.dropped:
            out.print(f"- {p.kind} (paragraph {p.paragraph}): {p.text[:100]}", markup=False)
