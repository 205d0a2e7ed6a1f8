"""Users of the web dashboard, their browser sessions and API tokens. Mixed into ``Store``.

Secrets never reach this module in the clear: callers pass argon2 password hashes and SHA-256
hashes of session ids and tokens, so a copy of the database cannot be used to log in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update

from marsad.errors import NotFoundError, UsageError
from marsad.ids import new_id
from marsad.model import AuditEntry
from marsad.store.base import StoreParts
from marsad.store.schema import (
    api_token,
    app_user,
    audit_log,
    web_login_challenge,
    web_login_failure,
    web_session,
)
from marsad.store.timeutil import as_utc, utcnow

ROLES = ("admin", "analyst", "viewer")
#: refusals that are not a guess at a password or code, so they do not lead to a pause
UNCOUNTED = frozenset({"throttled", "second factor required", "second factor unavailable"})


def _user(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "role": r.role,
        "disabled": bool(r.disabled),
        "created_at": as_utc(r.created_at),
        "created_by": r.created_by,
        "two_factor": r.totp_secret is not None,
    }


class UserStore(StoreParts):
    """Methods of ``Store`` for ``marsad/web``: users, sessions, tokens."""

    def count_users(self) -> int:
        with self._tx() as conn:
            return conn.execute(select(func.count()).select_from(app_user)).scalar_one()

    def add_user(self, name: str, role: str, password_hash: str) -> str:
        if role not in ROLES:
            raise UsageError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        uid = new_id()
        with self._tx() as conn:
            if conn.execute(select(app_user.c.id).where(app_user.c.name == name)).first():
                raise UsageError(f"a user named {name!r} exists already")
            conn.execute(
                insert(app_user),
                {
                    "id": uid,
                    "name": name,
                    "role": role,
                    "password_hash": password_hash,
                    "disabled": False,
                    "created_at": utcnow(),
                    "created_by": self.actor,
                },
            )
            self._audit(
                conn,
                AuditEntry(
                    action="user.add", subject=f"user:{name}", actor=self.actor, details={"role": role}
                ),
            )
        return uid

    def users(self) -> list[dict[str, Any]]:
        with self._tx() as conn:
            return [_user(r) for r in conn.execute(select(app_user).order_by(app_user.c.name))]

    def user_login_row(self, name: str) -> dict[str, Any] | None:
        """The user with the password hash, for checking a login."""
        with self._tx() as conn:
            r = conn.execute(select(app_user).where(app_user.c.name == name)).first()
        return {**_user(r), "password_hash": r.password_hash} if r else None

    def set_user_disabled(self, name: str, disabled: bool = True) -> None:
        """Disabling also ends the user's sessions and revokes their tokens at once."""
        now = utcnow()
        with self._tx() as conn:
            row = conn.execute(select(app_user.c.id).where(app_user.c.name == name)).first()
            if row is None:
                raise NotFoundError(f"no user {name!r} (see `marsad users list`)")
            conn.execute(update(app_user).where(app_user.c.id == row.id).values(disabled=disabled))
            if disabled:
                conn.execute(delete(web_session).where(web_session.c.user_id == row.id))
                conn.execute(delete(web_login_challenge).where(web_login_challenge.c.user_id == row.id))
                conn.execute(
                    update(api_token)
                    .where(api_token.c.user_id == row.id, api_token.c.revoked_at.is_(None))
                    .values(revoked_at=now)
                )
            self._audit(
                conn,
                AuditEntry(
                    action="user.disable" if disabled else "user.enable",
                    subject=f"user:{name}",
                    actor=self.actor,
                ),
            )

    def set_user_password(self, name: str, password_hash: str) -> None:
        with self._tx() as conn:
            row = conn.execute(select(app_user.c.id).where(app_user.c.name == name)).first()
            if row is None:
                raise NotFoundError(f"no user {name!r} (see `marsad users list`)")
            conn.execute(update(app_user).where(app_user.c.id == row.id).values(password_hash=password_hash))
            conn.execute(delete(web_session).where(web_session.c.user_id == row.id))
            conn.execute(delete(web_login_challenge).where(web_login_challenge.c.user_id == row.id))
            self._audit(conn, AuditEntry(action="user.password", subject=f"user:{name}", actor=self.actor))

    # -- sessions --------------------------------------------------------------------------

    def add_session(
        self,
        user_id: str,
        id_hash: str,
        csrf: str,
        ttl: dt.timedelta,
        totp_step: int | None = None,
        challenge_hash: str | None = None,
    ) -> bool:
        """A login: the session row and the audit entry together. With ``totp_step`` (the time step of the
        code given), the step is claimed in the same transaction: a code already used (by this or another
        server process) claims nothing, and then no session is made (False)."""
        now = utcnow()
        with self._tx() as conn:
            if totp_step is not None:
                claimed = conn.execute(
                    update(app_user)
                    .where(
                        app_user.c.id == user_id,
                        app_user.c.totp_secret.is_not(None),
                        (app_user.c.totp_last_step.is_(None)) | (app_user.c.totp_last_step < totp_step),
                    )
                    .values(totp_last_step=totp_step)
                )
                if claimed.rowcount != 1:
                    return False
            if challenge_hash is not None:  # the password step it completes
                done = web_login_challenge.c.id_hash == challenge_hash
                conn.execute(delete(web_login_challenge).where(done))
            conn.execute(delete(web_session).where(web_session.c.expires_at < now))
            conn.execute(
                insert(web_session),
                {
                    "id_hash": id_hash,
                    "user_id": user_id,
                    "csrf": csrf,
                    "created_at": now,
                    "expires_at": now + ttl,
                },
            )
            name = conn.execute(select(app_user.c.name).where(app_user.c.id == user_id)).scalar_one()
            details = {"second_factor": "totp"} if totp_step is not None else {}
            self._audit(conn, AuditEntry(action="login", subject=f"user:{name}", actor=name, details=details))
        return True

    def session_user(self, id_hash: str) -> dict[str, Any] | None:
        """The enabled user of a live session, with the session's CSRF token."""
        q = (
            select(app_user, web_session.c.csrf, web_session.c.expires_at)
            .join(web_session, web_session.c.user_id == app_user.c.id)
            .where(web_session.c.id_hash == id_hash)
        )
        with self._tx() as conn:
            r = conn.execute(q).first()
        if r is None or r.disabled or as_utc(r.expires_at) <= utcnow():
            return None
        return {**_user(r), "csrf": r.csrf, "expires_at": as_utc(r.expires_at)}

    def end_session(self, id_hash: str) -> None:
        self._end_keyed(web_session, id_hash, "logout")

    def _end_keyed(self, table: Table, id_hash: str, action: str) -> None:
        """Delete a session or login challenge by its hash and log it under its user (if it existed)."""
        with self._tx() as conn:
            name = conn.execute(
                select(app_user.c.name)
                .join(table, table.c.user_id == app_user.c.id)
                .where(table.c.id_hash == id_hash)
            ).scalar()
            if name is None:
                return
            conn.execute(delete(table).where(table.c.id_hash == id_hash))
            self._audit(conn, AuditEntry(action=action, subject=f"user:{name}", actor=name))

    def record_failed_login(self, name: str, reason: str, client: str | None = None) -> None:
        """A refused login, in the custody log (by user name) and, when ``client`` is given, in the
        short-lived table the per-address pause counts (rows older than a day are dropped here)."""
        now = utcnow()
        with self._tx() as conn:
            if client is not None:
                conn.execute(
                    delete(web_login_failure).where(web_login_failure.c.at < now - dt.timedelta(days=1))
                )
                conn.execute(insert(web_login_failure), {"client": client[:100], "at": now})
            self._audit(
                conn,
                AuditEntry(
                    action="login.failed",
                    subject=f"user:{name[:100]}",
                    actor="anonymous",
                    details={"reason": reason},
                ),
            )

    def recent_failed_logins_from(self, client: str, window: dt.timedelta) -> int:
        """Failed logins from one client address within ``window``, whatever user names they tried."""
        q = (
            select(func.count())
            .select_from(web_login_failure)
            .where(web_login_failure.c.client == client[:100], web_login_failure.c.at >= utcnow() - window)
        )
        with self._tx() as conn:
            return int(conn.execute(q).scalar_one())

    def recent_failed_logins(self, name: str, window: dt.timedelta, limit: int = 50) -> int:
        """Failed logins for ``name`` within ``window`` since its last successful one, read from the audit
        log: the same answer in every server process (``serve --workers``) and after a restart."""
        since = utcnow() - window
        q = (
            select(audit_log.c.action, audit_log.c.at, audit_log.c.details)
            .where(
                audit_log.c.subject == f"user:{name[:100]}",
                audit_log.c.action.in_(("login", "login.failed")),
            )
            .order_by(audit_log.c.id.desc())
            .limit(limit)
        )
        n = 0
        with self._tx() as conn:
            for r in conn.execute(q):
                if r.action == "login" or as_utc(r.at) < since:
                    break
                if (r.details or {}).get("reason") not in UNCOUNTED:
                    n += 1
        return n

    # -- second factor (TOTP) ----------------------------------------------------------------

    def enable_totp(self, name: str, secret: str) -> None:
        """Enrol ``name`` with a TOTP secret. When the database has a data key the secret is sealed with
        it (so it is never in the clear in the file); a database with a key that is locked here refuses,
        rather than store the secret in the clear."""
        from marsad.protect.crypto import place
        from marsad.web.errors import TwoFactorError, TwoFactorLockedError

        with self._tx() as conn:
            row = conn.execute(
                select(app_user.c.id, app_user.c.totp_secret).where(app_user.c.name == name)
            ).first()
        if row is None:
            raise TwoFactorError(f"no user {name!r} (see `marsad users list`)")
        if row.totp_secret is not None:
            raise TwoFactorError(
                f"{name!r} has a second factor already; `marsad users totp disable {name}` first"
            )
        stored, sealed = secret, False
        if self.key_record() is not None:
            cipher = self._reader()
            if cipher is None:
                raise TwoFactorLockedError(
                    "this database has a data key: unlock it (MARSAD_PASSPHRASE or --key-file) so the TOTP "
                    "secret is stored encrypted (nothing was changed)"
                )
            stored, sealed = cipher.seal_text(place("app_user", "totp_secret", row.id), secret), True
        with self._tx() as conn:
            done = conn.execute(
                update(app_user)
                .where(app_user.c.id == row.id, app_user.c.totp_secret.is_(None))
                .values(totp_secret=stored, totp_last_step=None, totp_enabled_at=utcnow())
            )
            if done.rowcount != 1:
                raise TwoFactorError(f"{name!r} was enrolled meanwhile; nothing was changed")
            self._audit(
                conn,
                AuditEntry(
                    action="totp.enable", subject=f"user:{name}", actor=self.actor, details={"sealed": sealed}
                ),
            )

    def disable_totp(self, name: str) -> None:
        """Remove ``name``'s second factor (and any login waiting for a code)."""
        from marsad.web.errors import TwoFactorError

        with self._tx() as conn:
            row = conn.execute(
                select(app_user.c.id, app_user.c.totp_secret).where(app_user.c.name == name)
            ).first()
            if row is None:
                raise TwoFactorError(f"no user {name!r} (see `marsad users list`)")
            if row.totp_secret is None:
                raise TwoFactorError(f"{name!r} has no second factor to disable")
            conn.execute(
                update(app_user)
                .where(app_user.c.id == row.id)
                .values(totp_secret=None, totp_last_step=None, totp_enabled_at=None)
            )
            conn.execute(delete(web_login_challenge).where(web_login_challenge.c.user_id == row.id))
            self._audit(conn, AuditEntry(action="totp.disable", subject=f"user:{name}", actor=self.actor))

    def totp_secret(self, user_id: str) -> str | None:
        """The TOTP secret in the clear (opened with the data key when sealed); None if not enrolled."""
        from marsad.protect.crypto import is_token, place
        from marsad.web.errors import TwoFactorLockedError

        with self._tx() as conn:
            value = conn.execute(select(app_user.c.totp_secret).where(app_user.c.id == user_id)).scalar()
        if value is None or not is_token(value):
            return value  # type: ignore[no-any-return]
        cipher = self._reader()
        if cipher is None:
            raise TwoFactorLockedError(
                "the TOTP secret is encrypted with the data key, which this server has not unlocked: "
                "start `marsad serve` with MARSAD_PASSPHRASE or --key-file"
            )
        return cipher.open_text(value, expected=place("app_user", "totp_secret", user_id))

    def add_login_challenge(self, user_id: str, id_hash: str, ttl: dt.timedelta) -> None:
        """The password was right and the user has a second factor: the login waits for the code."""
        now = utcnow()
        with self._tx() as conn:
            conn.execute(delete(web_login_challenge).where(web_login_challenge.c.expires_at < now))
            conn.execute(
                insert(web_login_challenge),
                {"id_hash": id_hash, "user_id": user_id, "created_at": now, "expires_at": now + ttl},
            )
            name = conn.execute(select(app_user.c.name).where(app_user.c.id == user_id)).scalar_one()
            self._audit(conn, AuditEntry(action="login.password_ok", subject=f"user:{name}", actor=name))

    def login_challenge_user(self, id_hash: str) -> dict[str, Any] | None:
        """The enabled user a live challenge belongs to."""
        q = (
            select(app_user, web_login_challenge.c.expires_at.label("challenge_expires"))
            .join(web_login_challenge, web_login_challenge.c.user_id == app_user.c.id)
            .where(web_login_challenge.c.id_hash == id_hash)
        )
        with self._tx() as conn:
            r = conn.execute(q).first()
        if r is None or r.disabled or as_utc(r.challenge_expires) <= utcnow():
            return None
        return _user(r)

    def end_login_challenge(self, id_hash: str) -> None:
        self._end_keyed(web_login_challenge, id_hash, "login.challenge_end")

    # -- tokens ----------------------------------------------------------------------------

    def add_token(self, name: str, label: str, token_hash: str) -> str:
        with self._tx() as conn:
            row = conn.execute(
                select(app_user.c.id, app_user.c.disabled).where(app_user.c.name == name)
            ).first()
            if row is None:
                raise NotFoundError(f"no user {name!r} (see `marsad users list`)")
            if row.disabled:
                raise UsageError(f"user {name!r} is disabled; enable them before issuing a token")
            tid = new_id()
            conn.execute(
                insert(api_token),
                {
                    "id": tid,
                    "user_id": row.id,
                    "label": label,
                    "token_hash": token_hash,
                    "created_at": utcnow(),
                },
            )
            self._audit(
                conn,
                AuditEntry(
                    action="token.add", subject=f"user:{name}", actor=self.actor, details={"token": tid}
                ),
            )
        return tid

    def token_user(self, token_hash: str, touch_after: dt.timedelta) -> dict[str, Any] | None:
        """The enabled user of an unrevoked token. Use is recorded (and audited) at most once per
        ``touch_after``, so scripts polling the API do not flood the log."""
        now = utcnow()
        q = (
            select(app_user, api_token.c.id.label("token_id"), api_token.c.last_used_at)
            .join(api_token, api_token.c.user_id == app_user.c.id)
            .where(api_token.c.token_hash == token_hash, api_token.c.revoked_at.is_(None))
        )
        with self._tx() as conn:
            r = conn.execute(q).first()
            if r is None or r.disabled:
                return None
            last = as_utc(r.last_used_at) if r.last_used_at else None
            if last is None or now - last >= touch_after:
                conn.execute(update(api_token).where(api_token.c.id == r.token_id).values(last_used_at=now))
                self._audit(
                    conn,
                    AuditEntry(
                        action="token.use",
                        subject=f"user:{r.name}",
                        actor=r.name,
                        details={"token": r.token_id},
                    ),
                )
        return {**_user(r), "token_id": r.token_id}

    def tokens(self, name: str | None = None) -> list[dict[str, Any]]:
        q = (
            select(api_token, app_user.c.name)
            .join(app_user, app_user.c.id == api_token.c.user_id)
            .order_by(api_token.c.created_at)
        )
        if name:
            q = q.where(app_user.c.name == name)
        with self._tx() as conn:
            return [
                {
                    "id": r.id,
                    "user": r.name,
                    "label": r.label,
                    "created_at": as_utc(r.created_at),
                    "last_used_at": as_utc(r.last_used_at) if r.last_used_at else None,
                    "revoked": r.revoked_at is not None,
                }
                for r in conn.execute(q)
            ]
