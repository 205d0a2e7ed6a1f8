"""``marsad users``: accounts of the web dashboard and API tokens for scripts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from marsad.cli.common import out, print_json, state
from marsad.errors import UsageError

app = typer.Typer(
    help="Users of the dashboard (admin, analyst, viewer) and API tokens.", no_args_is_help=True
)

PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input instead of making one."),
]


def _password(from_stdin: bool) -> tuple[str, bool]:
    """(password, generated)."""
    from marsad.web.accounts import check_password, random_password

    if not from_stdin:
        return random_password(), True
    password = sys.stdin.readline().rstrip("\r\n")
    check_password(password)
    return password, False


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option("--role", help="admin, analyst or viewer.")] = "viewer",
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a user; prints a random password once unless one is given on stdin.

    Example: [bold]marsad users add hala --role analyst[/bold]
    """
    from marsad.web.accounts import check_name
    from marsad.web.auth import hash_password

    check_name(name)
    if role not in ("admin", "analyst", "viewer"):
        raise UsageError(f"--role must be admin, analyst or viewer, not {role!r}")
    password, generated = _password(password_stdin)
    state(ctx).store.add_user(name, role, hash_password(password))
    out.print(f"added {name} ({role})" + (f" with password {password} (shown only now)" if generated else ""))


@app.command("list")
def list_users(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False
) -> None:
    """List users and their roles.

    Example: [bold]marsad users list --json[/bold]
    """
    rows = state(ctx).store.users()
    if as_json:
        print_json(rows)
        return
    table = Table("name", "role", "2FA", "disabled", "created", "by")
    for r in rows:
        table.add_row(
            r["name"],
            r["role"],
            "totp" if r["two_factor"] else "",
            "yes" if r["disabled"] else "",
            f"{r['created_at']:%Y-%m-%d}",
            r["created_by"],
        )
    out.print(table)
    if not rows:
        out.print("no users (`marsad serve` creates an admin on first start)")


@app.command("disable")
def disable(ctx: typer.Context, name: Annotated[str, typer.Argument(help="User name.")]) -> None:
    """Disable a user: their sessions end and their tokens stop working at once.

    Example: [bold]marsad users disable hala[/bold]
    """
    state(ctx).store.set_user_disabled(name)
    out.print(f"disabled {name}")


@app.command("password")
def password(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password (random and printed once, unless given on stdin); ends the user's sessions.

    Example: [bold]marsad users password admin[/bold]
    """
    from marsad.web.auth import hash_password

    new, generated = _password(password_stdin)
    state(ctx).store.set_user_password(name, hash_password(new))
    out.print(f"password of {name} changed" + (f" to {new} (shown only now)" if generated else ""))


@app.command("token")
def token(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name the token acts as.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "api",
) -> None:
    """Issue an API token (printed once; only its hash is stored). Send it as `Authorization: Bearer <token>`.

    Example: [bold]marsad users token hala --label nightly-export[/bold]
    """
    from marsad.web.auth import digest, new_token

    secret = new_token()
    state(ctx).store.add_token(name, label, digest(secret))
    sys.stdout.write(secret + "\n")


@app.command("ensure-admin")
def ensure_admin_command(ctx: typer.Context) -> None:
    """Create user admin with a random password (printed once) if the database has no users yet.

    Example: [bold]marsad users ensure-admin[/bold]
    """
    from marsad.web.accounts import ensure_admin

    created = ensure_admin(state(ctx).store)
    if created:
        out.print(f"user: admin  password: {created}  (shown only now)")
    else:
        out.print(
            "users exist already (`marsad users list`; `marsad users password admin` sets a new password)"
        )


totp = typer.Typer(
    help="A second factor for logins: codes from an authenticator app (TOTP).", no_args_is_help=True
)
app.add_typer(totp, name="totp")


@totp.command("enable")
def totp_enable(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Enrol a user: prints the secret and its otpauth:// URI once, for an authenticator app. From then on
    a browser login asks for the 6-digit code after the password (API tokens are not affected).

    Example: [bold]marsad users totp enable hala[/bold]
    """
    from marsad.web.totp import new_secret, provisioning_uri

    secret = new_secret()
    state(ctx).store.enable_totp(name, secret)
    uri = provisioning_uri(secret, name)
    if as_json:
        print_json({"user": name, "secret": secret, "uri": uri})
        return
    out.print(f"second factor enabled for {name}; add it to an authenticator app (shown only now):")
    sys.stdout.write(f"secret: {secret}\nuri: {uri}\n")


@totp.command("disable")
def totp_disable(ctx: typer.Context, name: Annotated[str, typer.Argument(help="User name.")]) -> None:
    """Remove a user's second factor (a lost phone): they log in with the password alone until enrolled
    again; with `[web] require_totp` admins and analysts cannot log in until then.

    Example: [bold]marsad users totp disable hala[/bold]
    """
    state(ctx).store.disable_totp(name)
    out.print(f"second factor removed for {name}")


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="users")
