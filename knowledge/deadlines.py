"""The plan's deadlines as written in `deadlines.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

DEADLINES_PATH = Path(__file__).parent / "deadlines.yaml"
AUDIENCES = ("communes", "departments", "all")
EVERY = ("month", "quarter", "year")
# Outbox sources and dedupe keys embed it; keep it short and URL-safe.
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    """One deadline of the plan; `key` is stable so syncing it is idempotent."""

    key: str
    title: str
    section: str
    owner: str
    audience: str
    due_on: date
    every: str | None = None
    survey_id: str | None = None
    policy: dict[str, Any] = field(default_factory=dict)


def _spec(item: dict[str, Any]) -> DeadlineSpec:
    key = str(item["id"])
    if not _KEY.fullmatch(key):
        raise ValueError(f"deadline id {key!r}: use 1-60 of a-z, 0-9 and '-'")
    every = item.get("every")
    if every is not None and every not in EVERY:
        raise ValueError(f"deadline {item.get('id')!r}: every must be one of {EVERY}")
    due = item["due"]
    if not isinstance(due, date):
        due = date.fromisoformat(str(due))
    return DeadlineSpec(
        key=key,
        title=str(item["title"]),
        section=str(item.get("section", "")),
        owner=str(item.get("owner", "")),
        audience=str(item["audience"]),
        due_on=due,
        every=every,
        survey_id=item.get("survey"),
        policy=dict(item.get("policy") or {}),
    )


def load_deadlines(path: Path = DEADLINES_PATH) -> list[DeadlineSpec]:
    """Every deadline of the YAML file, validated."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    specs = [_spec(item) for item in items]
    keys = [spec.key for spec in specs]
    if len(keys) != len(set(keys)):
        raise ValueError(f"{path.name}: duplicate deadline ids")
    return specs
