"""Settings read from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.changes import COORDINATING_OFFICE
from scheduler.policy import ReminderPolicy, parse_days, parse_quiet_hours

if TYPE_CHECKING:
    from reports.docx_layout import Issuer
    from storage.retention import RetentionPolicy

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/cdsbot.db"
MIN_PEPPER_LENGTH = 16
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


# The Bot API itself; a self-hosted Bot API server (`--local`) may call an http:// webhook.
OFFICIAL_TELEGRAM_API = "https://api.telegram.org"
# What setWebhook accepts as `secret_token` (Telegram Bot API): 1–256 of A-Z a-z 0-9 _ -.
TELEGRAM_SECRET_MAX = 256
# The ports setWebhook accepts in the URL (Telegram Bot API).
TELEGRAM_WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})
_TELEGRAM_SECRET_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
)


def _telegram_secret_problem(secret: str) -> str | None:
    """Why Telegram would refuse `secret` as a webhook secret_token, or None."""
    if not secret:
        return "không được để trống"
    if len(secret) > TELEGRAM_SECRET_MAX:
        return f"dài quá {TELEGRAM_SECRET_MAX} ký tự"
    if not set(secret) <= _TELEGRAM_SECRET_CHARS:
        return "chỉ được dùng chữ cái không dấu A–Z a–z, chữ số 0–9, dấu _ và dấu -"
    return None


def _telegram_webhook_reachable(url: str) -> None:
    """Refuse a webhook URL the Bot API will not post to: not HTTPS, or an unsupported port."""
    if not url.startswith("https://"):
        raise ValueError(
            "TELEGRAM_WEBHOOK_URL phải bắt đầu bằng https:// (Telegram chỉ gửi tin "
            "đến địa chỉ HTTPS)"
        )
    try:
        port = urlsplit(url).port
    except ValueError:
        raise ValueError("TELEGRAM_WEBHOOK_URL có số cổng không hợp lệ") from None
    if port is not None and port not in TELEGRAM_WEBHOOK_PORTS:
        raise ValueError(
            "TELEGRAM_WEBHOOK_URL phải dùng cổng 443, 80, 88 hoặc 8443 (Telegram chỉ gửi tin "
            "đến các cổng này)"
        )


class Settings(BaseSettings):
    """Every setting of the assistant; names match the environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        # `TELEGRAM_BOT_TOKEN=` (as in .env.example) means "not set", not an empty token.
        env_ignore_empty=True,
    )

    database_url: str = DEFAULT_DATABASE_URL
    telegram_bot_token: SecretStr | None = None
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_base: str = OFFICIAL_TELEGRAM_API
    telegram_bot_username: str | None = None
    # Replies and reminders on Telegram: messages per second overall, seconds between two
    # messages to one chat (Telegram allows about 30/s and 1/s).
    telegram_rate: float = Field(default=25.0, gt=0)
    telegram_per_chat_interval: float = Field(default=1.0, ge=0)
    zalo_bot_token: SecretStr | None = None
    zalo_mode: Literal["polling", "webhook"] = "polling"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_api_base: str = "https://bot-api.zaloplatforms.com"
    zalo_monthly_quota: int = Field(default=3000, ge=1)
    zalo_rate: float = Field(default=5.0, gt=0)
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=1, le=65535)
    # Host names the web app answers to besides loopback (comma-separated; "*" for any).
    web_allowed_hosts: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    log_level: LogLevel = "INFO"
    kb_dir: Path = Path("./data/kb")
    invite_pepper: SecretStr | None = None
    reminder_tick_seconds: int = Field(default=30, ge=1)
    reminder_send_hour: int = Field(default=8, ge=0, le=23)
    reminder_before_days: str = "7,3,1,0"
    reminder_after_days: str = "1,3,7"
    quiet_hours: str = "20:00-07:00"
    skip_weekends: bool = False
    outbox_max_attempts: int = Field(default=5, ge=1)
    outbox_lease_seconds: int = Field(default=120, ge=5)
    retention_inbound_update_days: int = Field(default=7, ge=1)
    retention_invite_attempt_days: int = Field(default=2, ge=1)
    retention_unanswered_days: int = Field(default=365, ge=1)
    # Personal data derived from chats (Law 91/2025/QH15); the README lists every table.
    retention_conversation_days: int = Field(default=90, ge=1)
    retention_outbox_days: int = Field(default=90, ge=1)
    retention_identity_days: int = Field(default=180, ge=1)
    retention_audit_log_days: int = Field(default=730, ge=1)
    retention_login_attempt_days: int = Field(default=30, ge=1)
    retention_console_session_days: int = Field(default=30, ge=1)
    # The office that coordinates the plan today, named in help, surveys and replies.
    coordinating_office: str = Field(default=COORDINATING_OFFICE, min_length=3, max_length=120)
    # The consolidated report (`cdsbot report`): who issues it and where; the header
    # upper-cases the names, sentences use them as written.
    report_issuer: str = Field(default="Sở Khoa học và Công nghệ", min_length=1)
    report_issuer_parent: str = Field(default="UBND tỉnh Quảng Ngãi", min_length=1)
    report_issuer_code: str = Field(default="SKHCN", min_length=1)
    report_place: str = Field(default="Quảng Ngãi", min_length=1)
    # /healthz answers 503 past these (seconds): the oldest due reminder waiting, and a
    # polling channel without a successful poll.
    health_max_sender_lag: float = Field(default=900.0, gt=0)
    health_max_poll_silence: float = Field(default=300.0, gt=0)

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("phải bắt đầu bằng sqlite+aiosqlite:// hoặc postgresql+asyncpg://")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("không phải tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh") from None
        return value

    @field_validator("zalo_bot_token", "zalo_webhook_secret", "zalo_webhook_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `.env.example` lists ZALO_BOT_TOKEN= empty: that means "no Zalo", not an empty token.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator(
        "telegram_api_base", "telegram_webhook_url", "zalo_api_base", "zalo_webhook_url"
    )
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("phải là địa chỉ bắt đầu bằng http:// hoặc https://")
        return value.rstrip("/") if value else value

    @field_validator("invite_pepper", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("invite_pepper")
    @classmethod
    def _long_pepper(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_PEPPER_LENGTH:
            raise ValueError(f"phải có ít nhất {MIN_PEPPER_LENGTH} ký tự")
        return value

    @field_validator("reminder_before_days", "reminder_after_days")
    @classmethod
    def _day_list(cls, value: str) -> str:
        try:
            parse_days(value)
        except ValueError:
            raise ValueError(
                "phải là các số ngày nguyên cách nhau bởi dấu phẩy, ví dụ 7,3,1,0"
            ) from None
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        try:
            parse_quiet_hours(value)
        except ValueError:
            raise ValueError("phải có dạng 20:00-07:00 (hoặc để trống)") from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.telegram_mode == "webhook" and self.telegram_bot_token is not None:
            if not self.telegram_webhook_url:
                raise ValueError("cần đặt TELEGRAM_WEBHOOK_URL khi TELEGRAM_MODE=webhook")
            if self.telegram_api_base.startswith(OFFICIAL_TELEGRAM_API):
                _telegram_webhook_reachable(self.telegram_webhook_url)
            secret = self.telegram_webhook_secret
            if secret is None:
                raise ValueError(
                    "cần đặt TELEGRAM_WEBHOOK_SECRET (1–256 ký tự) khi TELEGRAM_MODE=webhook"
                )
            if (problem := _telegram_secret_problem(secret.get_secret_value())) is not None:
                raise ValueError(f"TELEGRAM_WEBHOOK_SECRET không hợp lệ: {problem}")
        return self

    @model_validator(mode="after")
    def _zalo_webhook_complete(self) -> Settings:
        if self.zalo_mode == "webhook" and self.zalo_bot_token is not None:
            if not self.zalo_webhook_url:
                raise ValueError("cần đặt ZALO_WEBHOOK_URL khi ZALO_MODE=webhook")
            secret = self.zalo_webhook_secret
            if secret is None or not 8 <= len(secret.get_secret_value()) <= 256:
                raise ValueError("cần đặt ZALO_WEBHOOK_SECRET (8–256 ký tự) khi ZALO_MODE=webhook")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The local time zone for dates shown to users."""
        return ZoneInfo(self.timezone)

    @property
    def push_channels(self) -> tuple[str, ...]:
        """The platform channels whose token is set: the only ones anything is pushed to.

        The app runs these (and the planner sends through them); reach counts and broadcast
        checks use them too, through `Services.reminder_channels`.
        """
        tokens = {"telegram": self.telegram_bot_token, "zalo": self.zalo_bot_token}
        return tuple(name for name, token in tokens.items() if token is not None)

    @property
    def invite_pepper_is_derived(self) -> bool:
        """Whether INVITE_PEPPER is unset, so a development pepper is derived."""
        return self.invite_pepper is None

    def invite_pepper_value(self) -> str:
        """The key invite codes are hashed with.

        Without INVITE_PEPPER (development), it is derived from DATABASE_URL, so the CLI and
        the server of one deployment agree and two databases never share hashes; production
        must set INVITE_PEPPER, and changing it invalidates every outstanding code.
        """
        if self.invite_pepper is not None:
            return self.invite_pepper.get_secret_value()
        digest = hashlib.sha256(f"cdsbot-dev-invite-pepper:{self.database_url}".encode())
        return digest.hexdigest()

    @property
    def reminder_policy(self) -> ReminderPolicy:
        """The default reminder schedule (a deadline may override it)."""
        start, end = parse_quiet_hours(self.quiet_hours)
        return ReminderPolicy(
            send_hour=self.reminder_send_hour,
            before_days=parse_days(self.reminder_before_days),
            after_days=parse_days(self.reminder_after_days),
            quiet_start=start,
            quiet_end=end,
            skip_weekends=self.skip_weekends,
        )

    def secret_values(self) -> list[str]:
        """Every secret the settings hold, for masking in logs and error output.

        Each `SecretStr` setting, a bot token's part after the colon as well (a token may
        be quoted or given in halves), and the password inside DATABASE_URL.
        """
        # Imported here: the command line reads the settings before every command, even the
        # ones that never open the database.
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        values: list[str] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                secret = value.get_secret_value()
                values += [secret, *secret.split(":", 1)[1:]]
        try:
            password = make_url(self.database_url).password
        except ArgumentError:
            password = None
        if password:
            values.append(str(password))
        return [value for value in values if value]

    @property
    def retention_policy(self) -> RetentionPolicy:
        """How long pruned tables keep their rows."""
        from storage.retention import RetentionPolicy

        return RetentionPolicy(
            inbound_update=timedelta(days=self.retention_inbound_update_days),
            invite_attempt=timedelta(days=self.retention_invite_attempt_days),
            unanswered_question=timedelta(days=self.retention_unanswered_days),
            conversation=timedelta(days=self.retention_conversation_days),
            outbox=timedelta(days=self.retention_outbox_days),
            identity=timedelta(days=self.retention_identity_days),
            audit_log=timedelta(days=self.retention_audit_log_days),
            login_attempt=timedelta(days=self.retention_login_attempt_days),
            console_session=timedelta(days=self.retention_console_session_days),
        )

    @property
    def allowed_host_names(self) -> list[str]:
        """WEB_ALLOWED_HOSTS as a list of names."""
        return [name.strip() for name in self.web_allowed_hosts.split(",") if name.strip()]

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is the embedded SQLite file."""
        return self.database_url.startswith("sqlite")


# What pydantic's error types mean, in Vietnamese; `{...}` come from the error's context.
_REASONS = {
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "int_parsing": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "float_parsing": "phải là một số",
    "bool_parsing": "phải là true hoặc false",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "string_too_long": "chỉ được có tối đa {max_length} ký tự",
}


def _one_of(values: tuple[Any, ...]) -> str:
    shown = [str(value) for value in values]
    return ", ".join(shown[:-1]) + " hoặc " + shown[-1] if len(shown) > 1 else "".join(shown)


def _reason(first: ErrorDetails) -> str:
    """Why the value is refused, in Vietnamese (never the value itself)."""
    kind, context = first["type"], first.get("ctx") or {}
    if kind == "value_error":
        return first["msg"].removeprefix("Value error, ")
    if kind == "literal_error" and first["loc"]:
        field = Settings.model_fields.get(str(first["loc"][0]))
        if field is not None and get_args(field.annotation):
            return f"phải là {_one_of(get_args(field.annotation))}"
    if kind in _REASONS:
        return _REASONS[kind].format(**context)
    return "giá trị không dùng được"


def describe_error(error: ValidationError) -> str:
    """One Vietnamese line naming the first bad setting and what is wrong, never its value."""
    first = error.errors()[0]
    name = "_".join(str(part) for part in first["loc"]).upper()
    where = f"cấu hình {name}" if name else "cấu hình"
    return f"{where} không hợp lệ: {_reason(first)}"


def report_issuer(settings: Settings) -> Issuer:
    """The issuing body as plain values, from the settings."""
    from reports.docx_layout import Issuer

    return Issuer(
        name=settings.report_issuer,
        parent=settings.report_issuer_parent,
        code=settings.report_issuer_code,
        place=settings.report_place,
    )
