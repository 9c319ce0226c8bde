"""«Nhắc các đơn vị chưa gửi» and «Mở lại kỳ báo cáo» reach officials who use only the web
chat: the console counts them as waiting for the web chat, their page shows the message when
it opens (`/api/inbox`), once, and not when it no longer holds (the unit reported, the
reopening is over)."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from sqlmodel import select

from handlers.choices import REPORT
from storage.db import make_engine, session_scope
from storage.models import Outbox, SurveyResponse, Unit
from tests.conftest import FakeClock
from tests.console.conftest import SURVEY, in_thread
from tests.console.web_officials import CSRF, console, seed_web_officials
from tests.web.conftest import ServerThread

WEB = "web-official-remind-01"
_SUMMARY = re.compile(r'<p id="remind-summary">(.*?)</p>', re.S)


async def _submit(url: str, unit: Unit, period: str) -> None:
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            session.add(
                SurveyResponse(
                    survey_id=SURVEY, period=period, unit_id=unit.id, status="submitted"
                )
            )
    finally:
        await engine.dispose()


async def _rows(url: str) -> list[tuple[str, str, str]]:
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            rows = (await session.exec(select(Outbox).order_by(Outbox.id))).all()  # type: ignore[arg-type]
            return [(r.channel, r.status, r.last_error) for r in rows]
    finally:
        await engine.dispose()


def _inbox(url: str) -> list[str]:
    response = httpx.post(url + "/api/inbox", json={"session": WEB, "text": ""}, timeout=30)
    response.raise_for_status()
    return [str(reply["text"]) for reply in response.json()["replies"]]


def _remind(url: str) -> str:
    """Press «Nhắc các đơn vị chưa gửi», then confirm; returns the preview's summary."""
    with console(url) as client:
        preview = client.get(f"/admin/reminders/remind?survey={SURVEY}").text
        token = CSRF.search(preview)
        summary = _SUMMARY.search(preview)
        assert token is not None and summary is not None
        done = client.post("/admin/reminders/remind", data={"survey": SURVEY, "csrf": token[1]})
        assert done.status_code in (200, 303), done.text
    return " ".join(summary[1].split())


def _reopen(url: str, unit: Unit, until: str) -> None:
    with console(url) as client:
        page = client.get(f"/admin/units/{unit.code}?period=2026-Q3").text
        token = CSRF.search(page)
        assert token is not None
        done = client.post(
            "/admin/review/reopen",
            data={
                "unit": unit.code,
                "survey": SURVEY,
                "period": "2026-Q3",
                "until": until,
                "csrf": token[1],
            },
        )
        assert done.status_code in (200, 303), done.text


def _waiting_badge(url: str) -> str:
    with console(url) as client:
        page = client.get("/admin/reminders").text
    found = re.findall(r'<span class="badge waiting">([^<]*)</span>', page)
    return " | ".join(found)


def test_remind_missing_reaches_a_web_only_official_once(
    server: ServerThread, sqlite_url: str
) -> None:
    in_thread(lambda: seed_web_officials(sqlite_url, (WEB,)))

    summary = _remind(server.url)
    badge = _waiting_badge(server.url)
    shown = _inbox(server.url)
    again = _inbox(server.url)

    assert "1 cán bộ sẽ nhận tin" in summary
    assert "1 cán bộ chỉ dùng trò chuyện web sẽ thấy tin khi mở trò chuyện web" in summary
    # The unit on its deadlines' rows; the message among the office's other messages.
    assert badge.endswith(" | Chờ mở trò chuyện web: 1")
    assert badge.startswith("Chỉ dùng trò chuyện web: 1 đơn vị")
    assert len(shown) == 1 and "đơn vị của bạn chưa gửi báo cáo" in shown[0]
    assert again == []
    assert in_thread(lambda: _rows(sqlite_url)) == [("web", "sent", "")]


def test_remind_missing_is_not_shown_once_the_unit_reported(
    server: ServerThread, sqlite_url: str
) -> None:
    unit = in_thread(lambda: seed_web_officials(sqlite_url, (WEB,)))
    _remind(server.url)
    in_thread(lambda: _submit(sqlite_url, unit, "2026-Q4"))

    shown = _inbox(server.url)

    assert shown == []
    assert in_thread(lambda: _rows(sqlite_url)) == [("web", "skipped", "submitted")]


def test_reopened_period_reaches_a_web_only_official_with_report_button(
    server: ServerThread, sqlite_url: str
) -> None:
    unit = in_thread(lambda: seed_web_officials(sqlite_url, (WEB,)))
    _reopen(server.url, unit, "10/12/2026")

    response = httpx.post(
        server.url + "/api/inbox", json={"session": WEB, "text": ""}, timeout=30
    ).json()

    assert len(response["replies"]) == 1
    assert "đã mở lại báo cáo" in response["replies"][0]["text"]
    assert "đến hết ngày 10/12/2026" in response["replies"][0]["text"]
    assert [c["key"] for c in response["replies"][0]["choices"]] == [REPORT + SURVEY]


def test_reopening_message_expires_when_the_reopening_is_over_unopened(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    unit = in_thread(lambda: seed_web_officials(sqlite_url, (WEB,)))
    _reopen(server.url, unit, "02/12/2026")
    clock.now += timedelta(days=3)  # 03/12: the reopening ended on 02/12 at 23:59

    shown = _inbox(server.url)

    assert shown == []
    assert in_thread(lambda: _rows(sqlite_url)) == [("web", "expired", "reopening over")]


def test_remind_pressed_on_two_days_shows_only_the_latest(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    in_thread(lambda: seed_web_officials(sqlite_url, (WEB,)))
    _remind(server.url)
    clock.now += timedelta(days=1)
    _remind(server.url)

    shown = _inbox(server.url)

    assert len(shown) == 1
    assert in_thread(lambda: _rows(sqlite_url)) == [
        ("web", "skipped", "superseded"),
        ("web", "sent", ""),
    ]
