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
) -> None:
    """Serve the dashboard and API. On a database without users, creates user [bold]admin[/bold] with a random
    password and prints it once.

    Example: [bold]marsad --db var/demo.sqlite serve --port 8000[/bold]
    """
    import uvicorn

    from marsad.store import Store
    from marsad.web import create_app
    from marsad.web.accounts import ensure_admin

    st = state(ctx)
    settings = st.settings
    store = Store(db) if db else st.store
    host = host or settings.get("web", "host")
    port = port or settings.get("web", "port")
    created = ensure_admin(store)
    if created:
        out.print(f"created user [bold]admin[/bold] with password [bold]{created}[/bold] (shown only now)")
    app = create_app(
        store,
        session_hours=settings.get("web", "session_hours"),
        secure_cookies=settings.get("web", "secure_cookies"),
        node_modules=settings.get("web", "node_modules"),
    )
    if not app.state.vendor:
        err.print("note: map libraries not found (run `make setup`); the map page will say so")
    out.print(f"Marsad dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)
