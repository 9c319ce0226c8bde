"""The journeys' fixtures (the province's 96 seeded units, `cdsbot chat --jsonl`), reused."""

from __future__ import annotations

from tests.cli.conftest import cdsbot  # noqa: F401
from tests.journeys.conftest import (  # noqa: F401
    definition,
    jsonl_chat,
    seeded_template,
    services,
    settings,
    sqlite_url,
)
