"""``marsad serve``: the web dashboard and REST API."""

from __future__ import annotations

from typing import Annotated

import typer

from marsad.cli.common import err, out, state
from marsad.errors import UsageError


def serve(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help="Database file or URL (overrides the global --db).")
    ] = None,
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (setting web.host).")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="Port to listen on (setting web.port).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Server processes (setting web.workers; default 1). About one per CPU core.",
        ),
    ] = None,
) -> None:
    """Serve the dashboard and API. On a database without users, creates user [bold]admin[/bold] with a random
    password and prints it once.

    Example: [bold]marsad --db var/demo.sqlite serve --port 8000 --workers 2[/bold]
    """
    import json
    import os

    import uvicorn

    from marsad.store import Store
    from marsad.web import create_app
    from marsad.web.accounts import ensure_admin
    from marsad.web.app import WORKER_ARGS

    st = state(ctx)
    settings = st.settings
    store = (
        Store(
            db,
            signing_key=settings.get("audit", "signing_key") or None,
            key_file=settings.get("protect", "key_file") or None,
        )
        if db
        else st.store
    )
    host_flag, port_flag, workers_flag = host, port, workers
    host = host or settings.get("web", "host")
    port = port or settings.get("web", "port")
    workers = workers or settings.get("web", "workers")
    if workers < 1:
        raise UsageError(f"web.workers must be at least 1, got {workers}")
    created = ensure_admin(store)
    if created:
        out.print(f"created user [bold]admin[/bold] with password [bold]{created}[/bold] (shown only now)")
    given = {"host": host_flag, "port": port_flag, "workers": workers_flag}
    flags = {
        "web": {k: v for k, v in given.items() if v is not None},
        **({"store": {"db": db}} if db else {}),
    }
    options = {
        "session_hours": settings.get("web", "session_hours"),
        "secure_cookies": settings.get("web", "secure_cookies"),
        "node_modules": settings.get("web", "node_modules"),
        "page_cache": settings.get("web", "page_cache"),
        "setting_flags": flags,
    }
    # also checks the routes and finds the map libraries
    app = create_app(store, settings=settings, **options)  # type: ignore[arg-type]
    if not app.state.vendor:
        err.print("note: map libraries not found (run `make setup`); the map page will say so")
    many = f" ({workers} worker processes)" if workers > 1 else ""
    out.print(f"Marsad dashboard on http://{host}:{port}/{many} (Ctrl-C to stop)")
    try:
        if workers == 1:
            uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
        else:
            store.close()
            os.environ[WORKER_ARGS] = json.dumps(
                {
                    "db": store.url,
                    "signing_key": settings.get("audit", "signing_key") or None,
                    "key_file": store.protect_key_file,
                    "config_file": str(settings.config_file) if settings.config_file else None,
                    "settings": settings.values,
                    **options,
                }
            )
            uvicorn.run(
                "marsad.web.app:app_from_environment",
                factory=True,
                workers=workers,
                host=host,
                port=port,
                log_level="warning",
                server_header=False,
            )
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)
