"""``marsad audit``: the custody log — verify its chain, export a bundle for an investigator, read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.common import err, out, print_json, state
from marsad.errors import UsageError

app = typer.Typer(help="The custody log: every change, signed and chained.", no_args_is_help=True)


def _read_key(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read public key {path}: {exc}") from None


@app.command("verify")
def verify(
    ctx: typer.Context,
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", help="Check against this public key (PEM) instead of the local key."),
    ] = None,
    bundle: Annotated[
        Path | None, typer.Option("--bundle", help="Verify an exported bundle instead of the database.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Check every entry's hash, link and signature; name the first broken entry (exit 1).

    Example: [bold]marsad audit verify --public-key installation.pub.pem[/bold]
    """
    from marsad.store.audit import verify_bundle

    pem = _read_key(public_key)
    verdict = verify_bundle(bundle, pem) if bundle else state(ctx).store.verify_audit(pem)
    if as_json:
        print_json(verdict.as_dict())
    elif verdict.ok:
        out.print(f"audit log intact: {verdict.entries} entries, head {verdict.head[:16]}…")
    else:
        err.print(
            f"audit log BROKEN at entry {verdict.broken_seq} (row {verdict.broken_at}): {verdict.reason}; "
            f"the {verdict.entries} entries before it verify"
        )
    if not verdict.ok:
        raise typer.Exit(1)


@app.command("export")
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="Write the bundle (JSON) here.")],
) -> None:
    """Write a verifiable bundle: every entry with hash and signature, the public key, original file hashes.

    Example: [bold]marsad audit export -o custody.json[/bold]
    """
    store = state(ctx).store
    bundle = store.audit_bundle()
    try:
        output.write_text(json.dumps(bundle, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    err.print(
        f"wrote {len(bundle['entries'])} entries and {len(bundle['documents'])} document hashes to {output}; "
        f"key fingerprint {bundle['fingerprint']}"
    )


@app.command("key")
def key(ctx: typer.Context) -> None:
    """Print the installation's public key (PEM), to hand to an investigator out of band.

    Example: [bold]marsad audit key > installation.pub.pem[/bold]
    """
    pem = state(ctx).store.audit_public_key()
    if not pem:
        raise UsageError("this database has no custody log yet (nothing has been recorded)")
    typer.echo(pem, nl=False)


@app.command("log")
def log(
    ctx: typer.Context,
    subject: Annotated[str | None, typer.Option("--subject", help="Only entries about this subject.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="The last this many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """The latest entries: when, who, what, about what.

    Example: [bold]marsad audit log --subject incident:01a2… --json[/bold]
    """
    from rich.table import Table

    entries = state(ctx).store.audit_entries(subject)[-limit:]
    if as_json:
        print_json(
            [
                {"at": e.at, "actor": e.actor, "action": e.action, "subject": e.subject, "details": e.details}
                for e in entries
            ]
        )
        return
    table = Table("at", "actor", "action", "subject")
    for e in entries:
        table.add_row(str(e.at)[:19], e.actor, e.action, e.subject)
    out.print(table)


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="audit")
