"""``marsad keys``: the data key that encrypts sensitive documents; ``marsad backup`` / ``restore``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from marsad.cli.common import State, err, out, print_json, state
from marsad.errors import UsageError

if TYPE_CHECKING:
    from marsad.protect import Credential
    from marsad.store import Store

app = typer.Typer(
    help="The data key encrypting sensitive documents: create, change, export for recovery.",
    no_args_is_help=True,
)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(label: str, confirm: bool) -> str:
    return typer.prompt(label, hide_input=True, confirmation_prompt=confirm, err=True)


def _current(st: State) -> list[Credential]:
    """What unlocks the data key now: the key file and MARSAD_PASSPHRASE, or a prompt on a terminal."""
    from marsad.protect import Credential
    from marsad.protect.keys import credential_from_env

    creds = credential_from_env(st.settings.get("protect", "key_file") or None)
    if not creds and _interactive():
        creds = [Credential.passphrase(_ask("Passphrase", confirm=False))]
    return creds


def _new_secret(key_file: Path | None, env_name: str, what: str) -> Credential:
    """A new credential: this key file (made if missing), else the variable, else a prompt (twice)."""
    from marsad.protect import Credential

    if key_file is not None:
        return Credential.key_file(key_file, create=True)
    if os.environ.get(env_name):
        return Credential.passphrase(
            os.environ[env_name], f"the passphrase in {env_name}", check_strength=True
        )
    if _interactive():
        return Credential.passphrase(_ask(f"New {what}", confirm=True), f"the {what}", check_strength=True)
    raise UsageError(f"no {what} given: set {env_name} or pass a key file (non-interactive use)")


def unlock_for_sensitive(store: Store) -> None:
    """Before ingesting testimonies: the data key must be there and unlocked (prompting on a terminal)."""
    from marsad.protect import Credential, KeyLockedError

    if store.key_record() is not None and not store.unlocked and _interactive():
        try:
            store.ensure_can_seal()  # unlocks from the environment; a wrong credential raises
            return
        except KeyLockedError:
            pass
        store.unlock([Credential.passphrase(_ask("Passphrase", confirm=False))])
    store.ensure_can_seal()


@app.command("init")
def init(ctx: typer.Context) -> None:
    """Create the data key, wrapped under the key file (--key-file, made if missing) or a passphrase
    (MARSAD_PASSPHRASE, else asked twice).

    Example: [bold]MARSAD_PASSPHRASE=… marsad keys init[/bold]
    """
    from marsad.protect import Credential

    st = state(ctx)
    key_file = st.settings.get("protect", "key_file") or None
    if key_file:
        cred = Credential.key_file(key_file, create=True)
    else:
        cred = _new_secret(None, "MARSAD_PASSPHRASE", "passphrase")
    record = st.store.init_data_key(cred, st.settings.get("protect", "scrypt_log2_n"))
    err.print(
        f"data key {record.key_id} created, wrapped under {cred.label}; "
        "now export a recovery copy: marsad keys export-recovery FILE"
    )


@app.command("rotate")
def rotate(
    ctx: typer.Context,
    new_key_file: Annotated[
        Path | None, typer.Option("--new-key-file", help="Wrap under this key file (made if missing).")
    ] = None,
    recovery: Annotated[
        Path | None,
        typer.Option(
            "--recovery", help="Unlock with this recovery file (MARSAD_RECOVERY_PASSPHRASE) instead."
        ),
    ] = None,
    recovery_key_file: Annotated[
        Path | None,
        typer.Option("--recovery-key-file", help="The key file the recovery file is wrapped under."),
    ] = None,
    new_data_key: Annotated[
        bool,
        typer.Option(
            "--new-data-key",
            help="Make a fresh data key and re-encrypt every sealed value under it (the data key itself "
            "may have leaked, not only the passphrase). One transaction; old recovery files stop working.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")] = False,
) -> None:
    """Re-wrap the data key under a new passphrase (MARSAD_NEW_PASSPHRASE) or key file; no data is rewritten.

    With --new-data-key, replace the data key itself and re-encrypt everything sealed.

    Example: [bold]MARSAD_PASSPHRASE=old MARSAD_NEW_PASSPHRASE=new marsad keys rotate[/bold]
    """
    st = state(ctx)
    store = st.store
    data_key = _recovery_key(store.key_record(), recovery, recovery_key_file) if recovery else None
    old = [] if data_key is not None else _current(st)
    new = _new_secret(new_key_file, "MARSAD_NEW_PASSPHRASE", "passphrase")
    cost = st.settings.get("protect", "scrypt_log2_n")
    counts = None
    if new_data_key:
        record, counts = store.new_data_key(new, old, data_key=data_key, scrypt_log2_n=cost)
    else:
        record = store.rotate_data_key(new, old, data_key=data_key, scrypt_log2_n=cost)
    if as_json:
        print_json(
            {
                "key_id": record.key_id,
                "wrapped_under": new.kind,
                "new_data_key": new_data_key,
                "resealed": counts,
            }
        )
        return
    hint = f'; set [protect] key_file = "{new_key_file}" (or --key-file)' if new_key_file else ""
    if counts is not None:
        err.print(
            f"new data key {record.key_id}, wrapped under {new.label}: re-encrypted "
            f"{sum(counts.values())} sealed values ({', '.join(f'{k} {v}' for k, v in counts.items() if v)})"
            f"{hint}; export a new recovery file now (old ones open the old key only)"
        )
        return
    err.print(f"data key {record.key_id} now wrapped under {new.label}{hint}")


def _recovery_key(current: object, path: Path, key_file: Path | None) -> bytes:
    from marsad.protect import Credential, KeyRecord, ProtectError
    from marsad.protect.keys import RECOVERY_PASSPHRASE_ENV

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"cannot read recovery file {path}: {exc}") from None
    record = KeyRecord.from_dict(data, f"recovery file {path}")
    if current is not None and getattr(current, "key_id", None) != record.key_id:
        raise ProtectError(f"recovery file {path} holds key {record.key_id}, not this database's")
    if key_file is not None:
        cred = Credential.key_file(key_file)
    elif os.environ.get(RECOVERY_PASSPHRASE_ENV):
        cred = Credential.passphrase(
            os.environ[RECOVERY_PASSPHRASE_ENV], f"the passphrase in {RECOVERY_PASSPHRASE_ENV}"
        )
    elif _interactive():
        cred = Credential.passphrase(_ask("Recovery passphrase", confirm=False), "the recovery passphrase")
    else:
        raise UsageError(f"set {RECOVERY_PASSPHRASE_ENV} or pass --recovery-key-file to open {path}")
    return record.unwrap(cred)


@app.command("export-recovery")
def export_recovery(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help="Write the recovery file here (keep it off this machine).")],
    recovery_key_file: Annotated[
        Path | None,
        typer.Option(
            "--recovery-key-file", help="Wrap under this key file (made if missing) instead of a passphrase."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write the data key wrapped under another secret (MARSAD_RECOVERY_PASSPHRASE or a key file).

    Example: [bold]marsad keys export-recovery /media/usb/marsad-recovery.json[/bold]
    """
    from marsad.protect import ProtectError
    from marsad.protect.keys import PASSPHRASE_ENV, RECOVERY_PASSPHRASE_ENV

    st = state(ctx)
    if output.exists() and not force:
        raise UsageError(f"{output} exists: pass --force to replace it")
    recovery = _new_secret(recovery_key_file, RECOVERY_PASSPHRASE_ENV, "recovery passphrase")
    if recovery.kind == "passphrase" and os.environ.get(PASSPHRASE_ENV, "").encode() == recovery.secret:
        raise ProtectError("the recovery passphrase must differ from the one in use")
    record = st.store.recovery_record(recovery, _current(st), st.settings.get("protect", "scrypt_log2_n"))
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(record.as_dict(), f, indent=1)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    err.print(f"wrote recovery copy of data key {record.key_id} to {output}, wrapped under {recovery.label}")


@app.command("compact")
def compact(ctx: typer.Context) -> None:
    """Rebuild the database file (SQLite VACUUM) so no free page keeps an old value: plain text sealed
    since, or ciphertext under a replaced data key. Done by itself after such changes; run it when that
    step could not finish (the database was in use).

    Example: [bold]marsad keys compact[/bold]
    """
    st = state(ctx)
    st.store.wipe_free_space()
    st.store.record_protect_event("keys.compact", "database", {"vacuum": True})
    err.print("database rebuilt: free pages hold no old values")


@app.command("status")
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Whether this database has a data key, what it is wrapped under, how many documents are sensitive.

    Example: [bold]marsad keys status --json[/bold]
    """
    info = state(ctx).store.protect_status()
    if as_json:
        print_json(info)
        return
    if not info["data_key"]:
        out.print(f"no data key (run `marsad keys init`); {info['sensitive_documents']} sensitive documents")
        return
    kdf = info["kdf"] or {}
    cost = f" N=2^{kdf['log2_n']}" if "log2_n" in kdf else ""
    out.print(
        f"data key {info['key_id']}: wrapped under a {info['wrapped_under']} ({kdf.get('name')}{cost}), "
        f"created {info['created_at']}, last wrapped {info['wrapped_at']}; "
        f"{info['sensitive_documents']} sensitive documents"
    )


def backup(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help="The backup file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest on stdout.")] = False,
) -> None:
    """Write an encrypted, verifiable snapshot of the database (SQLite), taken while it is in use.

    Encrypted with the data key when there is one, else with MARSAD_PASSPHRASE / --key-file.

    Example: [bold]marsad backup /media/usb/marsad-2025-03-10.mbak[/bold]
    """
    from marsad.protect.backup import make_backup

    st = state(ctx)
    manifest = make_backup(
        st.store, output, _current(st), scrypt_log2_n=st.settings.get("protect", "scrypt_log2_n"), force=force
    )
    if as_json:
        print_json({k: v for k, v in manifest.items() if k not in ("key", "salt", "nonce_prefix")})
    else:
        snap = manifest["snapshot"]
        out.print(
            f"backup {output}: {manifest['documents']} documents, "
            f"{manifest['audit']['entries']} custody entries, "
            f"{snap['bytes']} bytes, SHA-256 {snap['sha256'][:16]}…, encrypted ({manifest['key_mode']})"
        )


def restore(
    ctx: typer.Context,
    backup_file: Annotated[Path, typer.Argument(help="A file made by `marsad backup`.")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Restore into this SQLite file (default: the database in use).", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing database.")] = False,
    recovery: Annotated[
        Path | None,
        typer.Option("--recovery", help="Unlock with this recovery file (MARSAD_RECOVERY_PASSPHRASE)."),
    ] = None,
    recovery_key_file: Annotated[
        Path | None,
        typer.Option("--recovery-key-file", help="The key file the recovery file is wrapped under."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Decrypt and verify a backup (every chunk, its SHA-256, SQLite integrity, the custody chain), then
    put it in place; nothing is replaced unless all of it holds.

    Example: [bold]marsad restore /media/usb/marsad-2025-03-10.mbak --db ~/marsad.sqlite[/bold]
    """
    from marsad.protect.backup import read_manifest, restore_backup
    from marsad.store.store import to_url

    st = state(ctx)
    target = db or st.settings.db
    url = to_url(target)
    if not url.startswith("sqlite:///"):
        raise UsageError("restore writes an SQLite file: give --db PATH")
    data_key = None
    if recovery is not None:
        data_key = _recovery_key(None, recovery, recovery_key_file)
        if read_manifest(backup_file)["key_mode"] != "data-key":
            raise UsageError(
                f"{backup_file} is not encrypted with a data key: a recovery file cannot open it"
            )
    creds = [] if data_key is not None else _current(st)
    result = restore_backup(
        backup_file,
        Path(url.removeprefix("sqlite:///")),
        creds,
        force=force,
        data_key=data_key,
        signing_key=st.settings.get("audit", "signing_key") or None,
    )
    if as_json:
        print_json(result)
        return
    out.print(
        f"restored {result['restored']} from {backup_file}: {result['documents']} documents, custody log of "
        f"{result['audit_entries']} entries verified ({result['verified_with']})"
    )
    if "warning" in result:
        err.print(result["warning"])


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="keys")
    main.command(name="backup")(backup)
    main.command(name="restore")(restore)
