"""`cdsbot deadlines`, `cdsbot broadcast` and `cdsbot outbox status` on a real SQLite file."""

from __future__ import annotations

import asyncio
import json

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from storage.db import make_engine
from tests.reminders.conftest import seed_people


@pytest.fixture
def cli(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)

    async def _seed() -> None:
        engine = make_engine(sqlite_url)
        await seed_people(engine)
        await engine.dispose()

    asyncio.run(_seed())
    return CliRunner()


def test_deadlines_list_json_shows_plan_deadlines_with_next_due(cli: CliRunner) -> None:
    result = cli.invoke(app, ["deadlines", "list", "--json"])

    rows = {row["key"]: row for row in json.loads(result.stdout)}
    assert result.exit_code == 0
    assert rows["bao-cao-quy"]["section"] == "IV.1.d"
    assert rows["bao-cao-quy"]["next_due"] is not None
    assert rows["mang-luoi-cds-tinh"]["next_due"] is None


def test_deadlines_add_then_list_shows_it(cli: CliRunner) -> None:
    added = cli.invoke(
        app,
        [
            "deadlines", "add", "--title", "Nộp kế hoạch CĐS năm 2027", "--due", "2099-12-15",
            "--every", "quarter", "--audience", "communes", "--section", "IV.1.b",
        ],
    )  # fmt: skip
    listed = json.loads(cli.invoke(app, ["deadlines", "list", "--json"]).stdout)

    mine = [row for row in listed if row["title"] == "Nộp kế hoạch CĐS năm 2027"]
    assert added.exit_code == 0
    assert [(r["next_due"], r["next_due_text"], r["period"]) for r in mine] == [
        ("2099-12-15", "Thứ Ba, 15/12/2099", "2099-Q4")
    ]


def test_deadlines_add_refuses_an_unknown_unit(cli: CliRunner) -> None:
    result = cli.invoke(
        app, ["deadlines", "add", "--title", "X", "--due", "2027-01-01", "--audience", "NOPE"]
    )

    assert (result.exit_code, "Không có đơn vị mã NOPE" in result.stderr) == (2, True)


def test_broadcast_queues_and_outbox_status_counts_it(cli: CliRunner) -> None:
    queued = cli.invoke(app, ["broadcast", "--audience", "all", "--text", "Họp giao ban"])
    status = cli.invoke(app, ["outbox", "status", "--json"])

    rows = json.loads(status.stdout)
    assert queued.exit_code == 0 and queued.stdout.strip().endswith(
        "đã xếp 3 tin vào hàng đợi gửi"
    )
    assert [(row["queued"], row["sent"]) for row in rows] == [(3, 0)]
    assert rows[0]["source"].startswith("broadcast:")
