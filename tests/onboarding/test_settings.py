"""INVITE_PEPPER: set in production, derived per database in development."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Settings

SQLITE_A = "sqlite+aiosqlite:///./a.db"
SQLITE_B = "sqlite+aiosqlite:///./b.db"


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_pepper_is_used_when_set() -> None:
    settings = _settings(invite_pepper="0123456789abcdef0123")

    assert settings.invite_pepper_value() == "0123456789abcdef0123"


def test_empty_pepper_means_derived() -> None:
    settings = _settings(invite_pepper="", database_url=SQLITE_A)

    assert settings.invite_pepper_is_derived is True


def test_derived_pepper_differs_per_database() -> None:
    first = _settings(database_url=SQLITE_A).invite_pepper_value()
    second = _settings(database_url=SQLITE_B).invite_pepper_value()

    assert first != second


def test_short_pepper_is_refused() -> None:
    with pytest.raises(ValidationError):
        _settings(invite_pepper="short")


def test_pepper_is_hidden_in_repr() -> None:
    settings = _settings(invite_pepper="0123456789abcdef0123")

    assert "0123456789abcdef0123" not in repr(settings)
