"""Tables, as SQLAlchemy Core metadata. Migrations in ``migrations/versions`` must match this
(a test compares them), so every change here comes with a new Alembic revision."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 36  # length of a UUID string

source = Table(
    "source",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Original bytes, content-addressed. Kept apart from document rows so that encrypting
# sensitive blobs (or moving them to files) changes one module: store/blobs.py.
blob = Table(
    "blob",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("filename", Text, nullable=False),
    Column("source", String(200)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

document = Table(
    "document",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("blob_sha256", String(64), ForeignKey("blob.sha256"), nullable=False, index=True),
    Column("locator", String(100)),
    Column("media_type", String(100), nullable=False),
    Column("source_id", String(ID), ForeignKey("source.id"), nullable=False, index=True),
    Column("external_id", Text),
    Column("title", Text),
    Column("url", Text),
    Column("author", Text),
    Column("published", String(40)),
    Column("declared_lang", String(20)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("sensitive", Boolean, nullable=False, default=False),
    Column("meta", JSON, nullable=False),
    Column("text", Text, nullable=False),
    # written by the clean stage
    Column("lang", String(10), index=True),
    Column("clean_text", Text),
    Column("dropped", JSON),
    Column("near_duplicate_of", String(ID), ForeignKey("document.id"), index=True),
    Column("near_duplicate_score", Float),
    Column("clean_version", Integer, index=True),
)

# MinHash signatures, so near-duplicate detection is incremental: new documents are
# compared against stored signatures instead of re-reading the corpus.
minhash = Table(
    "minhash",
    metadata,
    Column("document_id", String(ID), ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("num_perm", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", String(ID), primary_key=True),
    # identity of one refusal, so re-running a batch does not repeat it
    Column("key", String(200), nullable=False, unique=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("path", Text, nullable=False),
    Column("locator", String(100)),
    Column("sha256", String(64), ForeignKey("blob.sha256")),
    Column("size", Integer),
    Column("reason", String(40), nullable=False, index=True),
    Column("message", Text, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("details", JSON, nullable=False),
    # the custody chain (see store/custody.py): position, previous entry's hash, own hash, signature
    Column("seq", Integer, nullable=True),
    Column("prev_hash", String(64), nullable=True),
    Column("entry_hash", String(64), nullable=True),
    Column("signature", String(120), nullable=True),
)

Index("ix_audit_log_subject", audit_log.c.subject)
Index("ux_audit_log_seq", audit_log.c.seq, unique=True)

# -- gazetteer ----------------------------------------------------------------------------

place = Table(
    "place",
    metadata,
    Column("id", String(ID), primary_key=True),
    # where the row came from (builtin, geonames, ocha-cod, user…) and its id there, so that
    # re-importing a file updates rows instead of adding them again
    Column("source", String(60), nullable=False),
    Column("source_key", String(120), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_ar", Text),
    Column("feature_type", String(30), nullable=False, index=True),
    Column("parent_id", String(ID), ForeignKey("place.id"), index=True),
    Column("admin1", String(40), index=True),
    Column("admin1_code", String(10)),
    Column("admin2", Text),
    Column("admin3", Text),
    Column("pcode", String(20), index=True),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("population", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200)),
    UniqueConstraint("source", "source_key", name="uq_place_source_key"),
)

place_name = Table(
    "place_name",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("place_id", String(ID), ForeignKey("place.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("lang", String(10), nullable=False),
    UniqueConstraint("place_id", "name", name="uq_place_name_place_id_name"),
)

boundary = Table(
    "boundary",
    metadata,
    Column("place_id", String(ID), ForeignKey("place.id", ondelete="CASCADE"), primary_key=True),
    Column("source", String(200), nullable=False),
    Column("geojson", JSON, nullable=False),
)

# small named values the application keeps (versions of built-in data, …)
kv = Table(
    "kv",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", JSON, nullable=False),
)

# -- extraction ------------------------------------------------------------------------------

report = Table(
    "report",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column(
        "document_id", String(ID), ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("extractor", String(40), nullable=False),
    Column("event_type", String(60), nullable=False, index=True),
    Column("sub_event_type", String(80)),
    Column("event_date", String(10), index=True),
    Column("admin1", String(40), index=True),
    Column("location", Text),
    Column("fatalities", Integer),
    Column("is_tally", Boolean, nullable=False),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("data", JSON, nullable=False),  # every field of the extraction contract
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# which extractor version last processed each document (the extract stage's watermark)
extraction = Table(
    "extraction",
    metadata,
    Column("document_id", String(ID), ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("extractor", String(40), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# -- incidents -------------------------------------------------------------------------------

incident = Table(
    "incident",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("event_type", String(60), nullable=False, index=True),
    Column("sub_event_type", String(80)),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    Column("admin1", String(40), index=True),
    Column("location", Text),
    Column("geo_precision", Integer),
    Column("fatalities", Integer),
    Column("status", String(20), nullable=False),  # machine | confirmed | rejected
    Column("data", JSON, nullable=False),  # every reconciled field (see marsad/resolve/reconcile.py)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

incident_report = Table(
    "incident_report",
    metadata,
    Column("report_id", String(ID), ForeignKey("report.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "incident_id", String(ID), ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True
    ),
)

# human decisions beside machine values: never overwritten by a later automatic run
override = Table(
    "override",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column(
        "incident_id", String(ID), ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("action", String(20), nullable=False),  # confirm | reject | edit | merge | split
    Column("field", String(60)),
    Column("value", JSON),
    Column("machine_value", JSON),
    Column("note", Text),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# -- web users, sessions and API tokens (issue 6: marsad/web) -------------------------------

app_user = Table(
    "app_user",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # admin | analyst | viewer
    Column("password_hash", Text, nullable=False),  # argon2id, never the password
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    # second factor (migration 0010): the TOTP secret, sealed with the data key when there is one;
    # the last time step a code was accepted for, so a code works once
    Column("totp_secret", Text),
    Column("totp_last_step", Integer),
    Column("totp_enabled_at", DateTime(timezone=True)),
)

# a browser session: only the SHA-256 of the cookie value is stored, so a copy of the database
# cannot be used to log in; the CSRF token is per session
web_session = Table(
    "web_session",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", String(ID), ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# tokens for scripts: stored as SHA-256 (they are long random strings, so a slow hash adds nothing)
api_token = Table(
    "api_token",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("user_id", String(ID), ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("label", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

# the dashboard's lists (migration 0009): pages in the order shown, ties broken by id, read from an index
# (one governorate, at least N killed, worst first; by date; by toll; recently changed)
Index("ix_incident_admin1_fatalities_id", incident.c.admin1, incident.c.fatalities, incident.c.id)
Index("ix_incident_date_start_id", incident.c.date_start, incident.c.id)
Index("ix_incident_fatalities_id", incident.c.fatalities, incident.c.id)
Index("ix_incident_updated_at_id", incident.c.updated_at, incident.c.id)

# -- end of web section -----------------------------------------------------------------------

# -- victims and record linkage (issue 7) --------------------------------------------------------

# a victim list file as imported: re-importing the same bytes for the same source is a no-op
victim_file = Table(
    "victim_file",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("source", String(200), nullable=False),
    Column("filename", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    UniqueConstraint("sha256", "source", name="uq_victim_file_sha256_source"),
)

# one person as one source listed them
victim = Table(
    "victim",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("source", String(200), nullable=False, index=True),
    Column("record_id", Text),  # the source's own id for the row, when it has one
    # identity of the row within its source (record id, else a hash of its values)
    Column("record_key", String(64), nullable=False),
    Column("file_id", String(ID), ForeignKey("victim_file.id"), index=True),
    Column("line", Integer),
    Column("full_name", Text),
    Column("first_name", Text),
    Column("father_name", Text),
    Column("grandfather_name", Text),
    Column("family_name", Text),
    Column("sex", String(10)),
    Column("age", Integer),
    Column("birth_year", Integer),
    Column("date_of_death", String(10), index=True),
    Column("place_of_death", Text),
    Column("place_id", String(ID)),  # gazetteer place the place of death was geocoded to
    Column("admin1", String(40)),
    Column("admin2", Text),
    Column("status", String(20)),  # civilian | combatant | unknown, as reported
    Column("incident_id", String(ID)),
    Column("notes", Text),
    Column("data", JSON, nullable=False),  # other columns of the row, kept as given
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", "record_key", name="uq_victim_source_record_key"),
)

# one linkage run: its settings, the trained Splink model (JSON) and its summary
link_run = Table(
    "link_run",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("settings", JSON, nullable=False),
    Column("model", JSON, nullable=False),
    Column("summary", JSON, nullable=False),
)

# which person each victim record belongs to (kept for the latest run only)
link_member = Table(
    "link_member",
    metadata,
    Column("run_id", String(ID), ForeignKey("link_run.id", ondelete="CASCADE"), primary_key=True),
    Column("victim_id", String(ID), ForeignKey("victim.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", String(ID), nullable=False, index=True),
    Column("match_probability", Float),
)

# pairs the latest run was unsure about: the review queue
link_pair = Table(
    "link_pair",
    metadata,
    Column("run_id", String(ID), ForeignKey("link_run.id", ondelete="CASCADE"), primary_key=True),
    Column("victim_a", String(ID), ForeignKey("victim.id", ondelete="CASCADE"), primary_key=True),
    Column("victim_b", String(ID), ForeignKey("victim.id", ondelete="CASCADE"), primary_key=True),
    Column("match_probability", Float, nullable=False),
)

# human decisions on pairs, reused by every later run (the latest decision on a pair wins)
link_decision = Table(
    "link_decision",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("victim_a", String(ID), ForeignKey("victim.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("victim_b", String(ID), ForeignKey("victim.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("decision", String(10), nullable=False),  # same | different
    Column("note", Text),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# -- end of victims and record linkage -----------------------------------------------------------

# -- witnesses (protect) -------------------------------------------------------------------------

# a person who gave a testimony: identity sealed with the data key, found again by a keyed hash of the
# normalised name (never the name itself), shown everywhere else by a stable pseudonym
witness = Table(
    "witness",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name_index", String(64), nullable=False, unique=True),  # HMAC-SHA256 of the normalised name
    Column("pseudonym", String(40), nullable=False, unique=True),
    Column("name", Text, nullable=False),  # sealed (enc1:…)
    Column("contact", Text),  # sealed (enc1:…)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# which witness gave a document (a testimony has at most one)
document_witness = Table(
    "document_witness",
    metadata,
    Column("document_id", String(ID), ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("witness_id", String(ID), ForeignKey("witness.id"), nullable=False, index=True),
)

# -- end of witnesses ----------------------------------------------------------------------------

# -- web hardening (issue 10, migration 0010): two-step logins, failed logins per address --------

# a password accepted for a user with a second factor: the login waits for the code. Only the
# SHA-256 of the cookie value is stored; it never grants a session by itself
web_login_challenge = Table(
    "web_login_challenge",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", String(ID), ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# failed logins by client address, for the per-address pause; rows older than a day are deleted, so
# addresses are not kept (the custody log's login.failed entries name the user, not the address)
web_login_failure = Table(
    "web_login_failure",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
Index("ix_web_login_failure_client_at", web_login_failure.c.client, web_login_failure.c.at)
Index("ix_web_login_failure_at", web_login_failure.c.at)

# -- end of web hardening ------------------------------------------------------------------------
