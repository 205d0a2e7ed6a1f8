"""The ``marsad`` command: global options, command groups, and one-line errors."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.markup import escape
from typer.exceptions import TyperException

from marsad import __version__
from marsad.cli import audit, docs, export, extract, geo, incidents, ingest, serve, status, users
from marsad.cli import estimate as estimate_command
from marsad.cli import eval as eval_command
from marsad.cli import keys as keys_command
from marsad.cli import victims as victims_command
from marsad.cli.common import State, err
from marsad.errors import MarsadError

app = typer.Typer(
    name="marsad",
    help="Marsad: turn reports of violence against civilians into a verified, evidenced record.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or URL (default: MARSAD_DB, marsad.toml, per-user data dir).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            help="Settings file (default: MARSAD_CONFIG, ./marsad.toml, per-user config).",
            show_default=False,
        ),
    ] = None,
    key_file: Annotated[
        str | None,
        typer.Option(
            "--key-file",
            help="Key file that unlocks sensitive documents ([protect] key_file; else MARSAD_PASSPHRASE).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Marsad: turn reports of violence against civilians into a verified, evidenced record.

    Example: [bold]marsad --db var/demo.sqlite ingest examples/reports[/bold]
    """
    ctx.obj = State(db=db, config=config, overrides={"protect": {"key_file": key_file}} if key_file else {})


ingest.register(app)
app.add_typer(docs.app, name="docs")
app.add_typer(geo.app, name="geo")
extract.register(app)
status.register(app)
eval_command.register(app)
incidents.register(app)
export.register(app)
audit.register(app)
serve.register(app)
users.register(app)
estimate_command.register(app)
victims_command.register(app)
keys_command.register(app)


def run() -> None:
    """Entry point: expected failures print one line and exit non-zero, never a traceback."""
    try:
        code = app(standalone_mode=False)
        if code == 130:  # Typer turns Ctrl-C into exit code 130
            raise KeyboardInterrupt
        if isinstance(code, int) and code:
            sys.exit(code)
    except MarsadError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):  # Ctrl-C (Typer may turn it into Abort)
        err.print("interrupted: everything stored so far is kept; run the same command again to finish")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except TyperException as exc:  # usage errors: bad flags, missing arguments
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            err.print(f"error: {escape(exc.format_message())}")
        sys.exit(exc.exit_code)
    except Exception as exc:  # anything unforeseen
        if os.environ.get("MARSAD_DEBUG"):
            raise
        err.print(f"[red]internal error:[/red] {type(exc).__name__}: {escape(str(exc))}")
        err.print("This is a bug in Marsad; set MARSAD_DEBUG=1 to see the details and please report it.")
        sys.exit(70)
