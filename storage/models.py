"""SQLModel tables. Times are stored in UTC; `JSON` columns hold small documents."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Dialect, Index, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from storage.kinds import OutboxStatus as OutboxStatus
from storage.kinds import ResponseStatus as ResponseStatus
from storage.kinds import Role as Role
from storage.kinds import UnitKind as UnitKind


def utcnow() -> datetime:
    """The current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def created_at_field() -> Any:
    """A non-null UTC timestamp defaulting to now."""
    return Field(default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False))


class Unit(SQLModel, table=True):
    """A commune, ward, special zone or provincial body that reports."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)  # a UnitKind value
    active: bool = True


class Official(SQLModel, table=True):
    """A person working for a unit."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    full_name: str = Field(default="", max_length=120)
    position: str = Field(default="", max_length=120)
    role: str = Field(default=Role.MEMBER.value, max_length=20)  # a Role value
    created_at: datetime = created_at_field()
    # When the official agreed to the personal-data notice, and which version of it (Law
    # 91/2025/QH15); None for officials registered before the notice existed.
    consent_at: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )
    consent_notice: str = Field(default="", max_length=20)


class Identity(SQLModel, table=True):
    """One account on one channel (a Telegram user, a Zalo user, a web session)."""

    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        Index("ix_identity_last_seen_at", "last_seen_at"),  # retention
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    external_id: str = Field(max_length=128)
    chat_id: str = Field(max_length=128)
    official_id: int | None = Field(default=None, foreign_key="official.id", index=True)
    # The official this account was last detached from (deactivated in the console, or
    # `cdsbot admin unbind`): the chat can say so, and export or erasure still reach that
    # person's record (Law 91/2025/QH15).
    former_official_id: int | None = Field(default=None, foreign_key="official.id", index=True)
    blocked: bool = False
    created_at: datetime = created_at_field()
    last_seen_at: datetime = created_at_field()


class Conversation(SQLModel, table=True):
    """Where a chat is: the flow it is in, that flow's data and the choices last offered."""

    __table_args__ = (
        UniqueConstraint("channel", "chat_id"),
        Index("ix_conversation_updated_at", "updated_at"),  # retention
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    chat_id: str = Field(max_length=128)
    state: str = Field(default="idle", max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    choices: list[list[str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = created_at_field()


class InboundUpdate(SQLModel, table=True):
    """An update already processed, so a redelivered one is ignored."""

    __tablename__ = "inbound_update"
    __table_args__ = (
        UniqueConstraint("channel", "update_key"),
        # Retention deletes by age (scheduler/retention.py).
        Index("ix_inbound_update_received_at", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    update_key: str = Field(max_length=128)
    received_at: datetime = created_at_field()


class AuditLog(SQLModel, table=True):
    """Who changed what, when."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)  # retention

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_at_field()
    identity_id: int | None = Field(default=None, foreign_key="identity.id")
    action: str = Field(max_length=60)
    entity: str = Field(default="", max_length=60)
    entity_id: str = Field(default="", max_length=60)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SurveyResponse(SQLModel, table=True):
    """One unit's report for one survey period: shared by the unit's officials."""

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("survey_id", "period", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: str = Field(max_length=60)
    period: str = Field(max_length=20)  # "2026-Q4", "2026-11", "2026", "once"
    unit_id: int = Field(foreign_key="unit.id", index=True)
    status: str = Field(default=ResponseStatus.DRAFT.value, max_length=20)
    version: int = 0  # bumped on every change; writers check it (optimistic lock)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    updated_by: int | None = Field(default=None, foreign_key="official.id", index=True)
    submitted_at: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )
    # The answers as last submitted (question id → value). Edits after a submission stay a
    # pending revision until re-confirmed; exports read these. None: never submitted (or
    # submitted before this column existed: the answers themselves are the confirmed ones).
    confirmed: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
    # The provincial office's review: "", "accepted", "returned" (with its comment) or
    # "changed" (accepted, then changed and sent again by the unit).
    review: str = Field(default="", max_length=20)
    review_comment: str = Field(default="", max_length=1000)
    reviewed_at: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )
    # Late filing: the unit may still edit and send this (past) period until then.
    reopened_until: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )


class Answer(SQLModel, table=True):
    """One answer of a report; `value` is the typed value as JSON."""

    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="survey_response.id", index=True)
    question_id: str = Field(max_length=60)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: datetime = created_at_field()
    # Indexed for `/toi` (the reports an official changed).
    updated_by: int | None = Field(default=None, foreign_key="official.id", index=True)


# --- invites ---


class Invite(SQLModel, table=True):
    """An invite code for one unit, stored only as a keyed hash (never the plaintext)."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)  # HMAC-SHA256 hex of the code
    unit_id: int = Field(foreign_key="unit.id", index=True)
    role: str = Field(default=Role.MEMBER.value, max_length=20)  # a Role value
    max_uses: int = 1
    uses: int = 0
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )
    created_at: datetime = created_at_field()


class InviteAttempt(SQLModel, table=True):
    """A wrong invite code typed in a chat: counted to lock out guessing."""

    __tablename__ = "invite_attempt"
    __table_args__ = (
        Index("ix_invite_attempt_chat", "channel", "chat_id", "at"),
        Index("ix_invite_attempt_at", "at"),  # retention deletes by age
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    chat_id: str = Field(max_length=128)
    at: datetime = created_at_field()


# --- knowledge ---


class UnansweredQuestion(SQLModel, table=True):
    """A question the plan did not answer, kept for the provincial office (no personal data)."""

    __tablename__ = "unanswered_question"
    __table_args__ = (Index("ix_unanswered_question_asked_at", "asked_at"),)  # retention

    id: int | None = Field(default=None, primary_key=True)
    question: str = Field(max_length=1000)
    asked_at: datetime = created_at_field()
    channel: str = Field(max_length=20)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")


# --- zalo (channel quota) ---


class ChannelQuota(SQLModel, table=True):
    """Messages a channel's bot sent in one calendar month (local time), against a plan quota."""

    __tablename__ = "channel_quota"
    __table_args__ = (UniqueConstraint("channel", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    month: str = Field(max_length=7)  # "2026-11"
    sent: int = 0
    warned_at: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )


# --- reminders ---


class Deadline(SQLModel, table=True):
    """A deadline of the plan or one an admin added; `every` repeats it from `due_on`."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=80, unique=True)  # stable: the YAML id, or "admin-<hex>"
    title: str = Field(max_length=300)
    section: str = Field(default="", max_length=40)
    owner: str = Field(default="", max_length=120)
    audience: str = Field(max_length=500)  # "communes", "departments", "all" or unit codes
    due_on: date  # local date of the (first) due day
    every: str | None = Field(default=None, max_length=20)  # None, "month", "quarter", "year"
    survey_id: str | None = Field(default=None, max_length=60)
    policy: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # "yaml" (the plan's), "admin" (the office's own) or "edited" (the plan's, as the office
    # changed it: syncs keep the office's values); see storage.reminders.FROM_PLAN.
    source: str = Field(default="admin", max_length=20)
    active: bool = True
    created_at: datetime = created_at_field()


class Outbox(SQLModel, table=True):
    """One message to one identity, written before it is sent and claimed with a lease."""

    __table_args__ = (Index("ix_outbox_created_at", "created_at"),)  # retention

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(max_length=200, unique=True)
    source: str = Field(max_length=80, index=True)  # "deadline:<key>" or "broadcast:<id>"
    kind: str = Field(max_length=20)  # "reminder", "escalation", "broadcast"
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    survey_id: str | None = Field(default=None, max_length=60)
    period: str = Field(default="", max_length=20)
    step: str = Field(default="", max_length=20)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    identity_id: int = Field(foreign_key="identity.id", index=True)
    channel: str = Field(max_length=20)
    chat_id: str = Field(max_length=128)
    text: str
    choices: list[list[str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=OutboxStatus.QUEUED.value, max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))
    lease_until: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )
    last_error: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()
    sent_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime(), nullable=True))


class ReminderMute(SQLModel, table=True):
    """An official who asked not to be reminded of one deadline any more."""

    __tablename__ = "reminder_mute"
    __table_args__ = (UniqueConstraint("deadline_id", "official_id"),)

    id: int | None = Field(default=None, primary_key=True)
    deadline_id: int = Field(foreign_key="deadline.id")
    official_id: int = Field(foreign_key="official.id")
    created_at: datetime = created_at_field()


# --- console (the provincial office's web console) ---


class ConsoleUser(SQLModel, table=True):
    """A person of the provincial office who logs in to the console."""

    __tablename__ = "console_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, unique=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(default="viewer", max_length=20)  # "viewer" or "editor"
    active: bool = True
    created_at: datetime = created_at_field()


class ConsoleSession(SQLModel, table=True):
    """A logged-in browser: the cookie holds the token, the table only its hash."""

    __tablename__ = "console_session"
    __table_args__ = (Index("ix_console_session_expires_at", "expires_at"),)  # retention

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="console_user.id", index=True)
    csrf: str = Field(max_length=64)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class LoginAttempt(SQLModel, table=True):
    """A failed console login, counted per account and per client to throttle guessing."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_name", "username", "at"),
        Index("ix_login_attempt_client", "client", "at"),
        Index("ix_login_attempt_at", "at"),  # retention
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60)
    client: str = Field(max_length=64)
    at: datetime = created_at_field()


class FaqRecord(SQLModel, table=True):
    """A FAQ entry written in the console (often from an unanswered question)."""

    __tablename__ = "faq_entry"

    id: int | None = Field(default=None, primary_key=True)
    question: str = Field(max_length=1000)
    answer: str = Field(max_length=4000)
    sections: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    active: bool = True
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class FaqRevision(SQLModel, table=True):
    """How many times the console's FAQ entries changed: one row (id 1), bumped in the same
    transaction as every change, so a worker can tell that the entries it keeps in memory
    are still current without reading them again."""

    __tablename__ = "faq_revision"

    id: int = Field(default=1, primary_key=True)
    value: int = 0
