"""Users of the web dashboard, their browser sessions and API tokens. Mixed into ``Store``.

Secrets never reach this module in the clear: callers pass argon2 password hashes and SHA-256
hashes of session ids and tokens, so a copy of the database cannot be used to log in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from marsad.errors import NotFoundError, UsageError
from marsad.ids import new_id
from marsad.model import AuditEntry
from marsad.store.base import StoreParts
from marsad.store.schema import api_token, app_user, audit_log, web_session
from marsad.store.timeutil import as_utc, utcnow

ROLES = ("admin", "analyst", "viewer")


def _user(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "role": r.role,
        "disabled": bool(r.disabled),
        "created_at": as_utc(r.created_at),
        "created_by": r.created_by,
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
            self._audit(conn, AuditEntry(action="user.password", subject=f"user:{name}", actor=self.actor))

    # -- sessions --------------------------------------------------------------------------

    def add_session(self, user_id: str, id_hash: str, csrf: str, ttl: dt.timedelta) -> None:
        """A login: the session row and the audit entry together."""
        now = utcnow()
        with self._tx() as conn:
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
            self._audit(conn, AuditEntry(action="login", subject=f"user:{name}", actor=name))

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
        with self._tx() as conn:
            r = conn.execute(
                select(app_user.c.name)
                .join(web_session, web_session.c.user_id == app_user.c.id)
                .where(web_session.c.id_hash == id_hash)
            ).first()
            if r is None:
                return
            conn.execute(delete(web_session).where(web_session.c.id_hash == id_hash))
            self._audit(conn, AuditEntry(action="logout", subject=f"user:{r.name}", actor=r.name))

    def record_failed_login(self, name: str, reason: str) -> None:
        with self._tx() as conn:
            self._audit(
                conn,
                AuditEntry(
                    action="login.failed",
                    subject=f"user:{name[:100]}",
                    actor="anonymous",
                    details={"reason": reason},
                ),
            )

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
                if (r.details or {}).get("reason") != "throttled":
                    n += 1
        return n

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
