"""`cdsbot deadlines`, `cdsbot broadcast` and `cdsbot outbox status` on a real SQLite file."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from scheduler.planner import plan_due
from storage.db import make_engine, session_scope
from storage.queries import unit_by_code
from storage.review import notify_units
from tests.reminders.conftest import (
    CHANNELS,
    POLICY,
    ZONE,
    add_person,
    add_report_deadline,
    outbox_rows,
    seed_people,
    utc,
)


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

    assert (result.exit_code, "không có đơn vị mã NOPE" in result.stderr) == (2, True)


def test_broadcast_queues_and_outbox_status_counts_it(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The channels the broadcast goes to are those `cdsbot run` would start.
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:fake-token")
    monkeypatch.setenv("ZALO_BOT_TOKEN", "456:fake-token")
    queued = cli.invoke(app, ["broadcast", "--audience", "all", "--text", "Họp giao ban"])
    status = cli.invoke(app, ["outbox", "status", "--json"])

    rows = json.loads(status.stdout)
    assert queued.exit_code == 0 and queued.stdout.strip().endswith(
        "đã xếp 3 tin vào hàng đợi gửi"
    )
    assert [(row["queued"], row["sent"]) for row in rows] == [(3, 0)]
    assert rows[0]["source"].startswith("broadcast:")


async def _plan_with_a_web_only_official(sqlite_url: str, channel: str = "web") -> None:
    """The report deadline planned with one commune's official reached only in the web chat
    (or, with `channel="console"`, only in the terminal chat, `cdsbot chat`)."""
    engine = make_engine(sqlite_url)
    async with session_scope(engine) as session:
        commune = await unit_by_code(session, "21100")
    assert commune is not None
    await add_person(engine, commune, chat=f"{channel}-1", channel=channel)
    await add_report_deadline(engine)
    async with session_scope(engine) as session:
        await plan_due(
            session, now=utc(2026, 12, 8, 1, 0), policy=POLICY, zone=ZONE, channels=CHANNELS
        )
    await engine.dispose()


def test_outbox_status_counts_web_chat_reminders_as_waiting(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(_plan_with_a_web_only_official(sqlite_url))
    monkeypatch.setenv("COLUMNS", "200")  # the table's headers on one line each
    listed = cli.invoke(app, ["outbox", "status", "--json"])
    table = cli.invoke(app, ["outbox", "status"])

    rows = [row for row in json.loads(listed.stdout) if row["source"].startswith("deadline:admin")]
    assert [(row["queued"], row["waiting"], row["sent"], row["unreachable"]) for row in rows] == [
        (2, 1, 0, 0)
    ]
    assert "Chờ mở trò chuyện web" in table.stdout
    headers = [cell.strip() for cell in table.stdout.splitlines()[1].strip("┃").split("┃")]
    assert headers == ["Nguồn", "Trạng thái", "Số tin"]


def test_outbox_status_names_a_reminder_waiting_in_the_terminal_chat_as_such(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(_plan_with_a_web_only_official(sqlite_url, channel="console"))
    monkeypatch.setenv("COLUMNS", "200")
    listed = cli.invoke(app, ["outbox", "status", "--json"])
    table = cli.invoke(app, ["outbox", "status"])

    rows = [row for row in json.loads(listed.stdout) if row["source"].startswith("deadline:admin")]
    assert [(row["queued"], row["waiting"], row["waiting_console"]) for row in rows] == [(2, 0, 1)]
    assert "Chờ mở trò chuyện trên dòng lệnh" in table.stdout
    assert "trò chuyện web" not in table.stdout


def test_outbox_status_reads_one_line_per_figure_at_80_columns(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(_plan_with_a_web_only_official(sqlite_url))
    cli.invoke(app, ["broadcast", "--audience", "all", "--text", "Họp giao ban"])
    monkeypatch.setenv("COLUMNS", "80")
    rows = json.loads(cli.invoke(app, ["outbox", "status", "--json"]).stdout)
    table = cli.invoke(app, ["outbox", "status"])

    lines = table.stdout.splitlines()
    assert table.exit_code == 0
    assert max(len(line) for line in lines) <= 80
    for row in rows:
        # A long name wraps inside «Nguồn»: its first line carries the first figure.
        first = next(line for line in lines if row["name"][:20] in line)
        assert "Chờ gửi" in first and f" {row['queued']} " in first
    waiting = [line for line in lines if "Chờ mở trò chuyện web" in line]
    assert len(waiting) == 1 and " 1 " in waiting[0]


def test_outbox_status_names_each_source_in_vietnamese(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def _queue_each_kind() -> None:
        engine = make_engine(sqlite_url)
        await add_report_deadline(engine)
        async with session_scope(engine) as session:
            await plan_due(
                session, now=utc(2026, 12, 8, 1, 0), policy=POLICY, zone=ZONE, channels=CHANNELS
            )
            commune = await unit_by_code(session, "21100")
            assert commune is not None and commune.id is not None
            # What the console's «Chấp nhận» and «Trả lại» write (dashboard/review.py).
            for source in ("accept:7", "review:7"):
                await notify_units(
                    session, unit_ids=[commune.id], key=f"{source}:1", source=source,
                    kind="review", text="…", choices=[], channels=CHANNELS,
                    survey_id="bao-cao-quy", period="2026-Q4", now=utc(2026, 12, 9),
                )  # fmt: skip
        await engine.dispose()

    asyncio.run(_queue_each_kind())
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:fake-token")
    text = "Họp giao ban trực tuyến về chuyển đổi số vào sáng thứ Hai tuần sau"
    cli.invoke(app, ["broadcast", "--audience", "tất cả", "--text", text])
    monkeypatch.setenv("COLUMNS", "200")
    listed = json.loads(cli.invoke(app, ["outbox", "status", "--json"]).stdout)
    table = cli.invoke(app, ["outbox", "status"]).stdout

    today = datetime.now(ZONE).strftime("%d/%m/%Y")
    assert sorted(row["name"] for row in listed) == [
        "Chấp nhận báo cáo — Xã Bình Sơn, quý IV/2026",
        "Nhắc hạn «Báo cáo định kỳ kết quả thực hiện Kế…» — 2 đơn vị, quý IV/2026",
        f"Thông báo {today} «Họp giao ban trực tuyến về chuyển đổi…» — 3 đơn vị",
        "Trả lại báo cáo — Xã Bình Sơn, quý IV/2026",
    ]
    assert "Trả lại báo cáo — Xã Bình Sơn, quý IV/2026" in table
    assert "review:7" not in table and "review:7" in {row["source"] for row in listed}


async def _deadline_rows(sqlite_url: str, *, now: datetime) -> list[tuple[int, str, str, str]]:
    """A planner tick at `now`, then the outbox rows of the report deadline the people have:
    (id, step, chat, status)."""
    engine = make_engine(sqlite_url)
    async with session_scope(engine) as session:
        await plan_due(session, now=now, policy=POLICY, zone=ZONE, channels=CHANNELS)
    rows = [
        (row.id or 0, row.step, row.chat_id, row.status)
        for row in await outbox_rows(engine)
        if row.source.startswith("deadline:admin")
    ]
    await engine.dispose()
    return rows


def test_removing_a_deadline_keeps_its_queued_reminders_and_plans_no_more(
    cli: CliRunner, sqlite_url: str
) -> None:
    asyncio.run(_plan_with_a_web_only_official(sqlite_url))
    before = asyncio.run(_deadline_rows(sqlite_url, now=utc(2026, 12, 8, 1, 0)))
    (row,) = [
        r for r in json.loads(cli.invoke(app, ["deadlines", "list", "--json"]).stdout)
        if r["key"].startswith("admin-")
    ]  # fmt: skip

    removed = cli.invoke(app, ["deadlines", "remove", str(row["id"]), "--yes"])
    # The T-7 step's reminders, as they were; the T-3 step, due by now, is not planned.
    after = asyncio.run(_deadline_rows(sqlite_url, now=utc(2026, 12, 12, 1, 0)))
    status = json.loads(cli.invoke(app, ["outbox", "status", "--json"]).stdout)

    assert removed.exit_code == 0, removed.stderr
    assert removed.stdout.startswith(f"Đã gỡ hạn «{row['title']}» (mã {row['id']});")
    # The commune's and the ward's officials on Telegram, one on the web chat (waiting there).
    assert [(step, chat, state) for _, step, chat, state in before] == [
        ("T-7d", "101", "queued"),
        ("T-7d", "102", "queued"),
        ("T-7d", "web-1", "queued"),
    ]
    assert after == before
    queued = [r for r in status if r["source"].startswith("deadline:admin")]
    assert [(r["queued"], r["waiting"]) for r in queued] == [(2, 1)]
